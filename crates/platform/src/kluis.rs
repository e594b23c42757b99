//! The *kluis* (vault): BSNs encrypted at rest.
//!
//! A BSN is stored as `v1.<key id>.<hex of nonce ‖ ciphertext ‖ tag>`, sealed
//! with XChaCha20-Poly1305 under a 256-bit key that lives outside the
//! database (an environment variable or a secret manager). Why this shape:
//!
//! - **AEAD with the record as associated data.** The caller passes a context
//!   such as `huishouden:42`; a sealed BSN copied into another record does not
//!   open there. A changed byte does not open at all.
//! - **Random 192-bit nonces** (given by the caller, who has the randomness:
//!   this crate does no I/O). XChaCha's long nonce makes random nonces safe
//!   for any number of records under one key.
//! - **Key id in the text**: the first 8 hex characters of SHA-256 of the key.
//!   Opening with the wrong key says "wrong key" instead of "damaged data", and
//!   a later key rotation can tell old from new records.
//!
//! A database copy, a backup or an SQL injection without the key reveals no
//! BSN. Lookups by BSN are not needed today; when they are, add a keyed hash
//! (like [`crate::logboek::Pseudonymiser`]) as a separate column.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

use crate::bsn::Bsn;

/// Length of the key in bytes (256 bits).
pub const KEY_BYTES: usize = 32;
/// Length of a nonce in bytes.
pub const NONCE_BYTES: usize = 24;
const VERSION: &str = "v1";
const TAG_BYTES: usize = 16;

/// Why a sealed text did not open, or a key was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VaultError {
    /// The key is not 64 hexadecimal characters.
    KeyFormat,
    /// The text is not in the `v1.<id>.<hex>` shape.
    Format,
    /// Sealed under another key (the key ids differ).
    WrongKey,
    /// The key id matches, but the data or its context was changed.
    Damaged,
    /// It opened, but what is inside is not a valid BSN.
    NotABsn,
}

impl VaultError {
    pub fn message_nl(self) -> &'static str {
        match self {
            VaultError::KeyFormat => "De sleutel moet 64 hexadecimale tekens zijn (256 bits).",
            VaultError::Format => "Het versleutelde BSN heeft een onbekende vorm.",
            VaultError::WrongKey => "Het BSN is met een andere sleutel versleuteld.",
            VaultError::Damaged => "Het versleutelde BSN is beschadigd of hoort bij een ander dossier.",
            VaultError::NotABsn => "Het ontsleutelde BSN is geen geldig BSN.",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            VaultError::KeyFormat => "The key must be 64 hexadecimal characters (256 bits).",
            VaultError::Format => "The encrypted BSN has an unknown shape.",
            VaultError::WrongKey => "The BSN was encrypted with another key.",
            VaultError::Damaged => "The encrypted BSN is damaged or belongs to another dossier.",
            VaultError::NotABsn => "The decrypted BSN is not a valid BSN.",
        }
    }
}

/// Seals and opens BSNs under one key.
pub struct Vault {
    cipher: XChaCha20Poly1305,
    key_id: String,
}

impl Vault {
    pub fn new(key: &[u8; KEY_BYTES]) -> Vault {
        let digest = Sha256::digest(key);
        let key_id = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        Vault { cipher: XChaCha20Poly1305::new(key.into()), key_id }
    }

    /// A key written as 64 hex characters (as in `ADEMRUIMTE_BSN_SLEUTEL`).
    pub fn from_hex(text: &str) -> Result<Vault, VaultError> {
        let bytes = unhex(text.trim()).ok_or(VaultError::KeyFormat)?;
        let key: [u8; KEY_BYTES] = bytes.try_into().map_err(|_| VaultError::KeyFormat)?;
        Ok(Vault::new(&key))
    }

    /// The key's id as it appears in sealed texts.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Whether a stored text is sealed (rather than a BSN from before the vault).
    pub fn is_sealed(text: &str) -> bool {
        text.starts_with("v1.")
    }

    /// Seals a BSN for one record. `nonce` must be fresh random bytes.
    pub fn seal(&self, bsn: &Bsn, context: &str, nonce: [u8; NONCE_BYTES]) -> String {
        let plain = bsn.reveal();
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: context.as_bytes() })
            .expect("XChaCha20-Poly1305 encrypts any message under 256 GiB");
        assert_eq!(sealed.len(), plain.len() + TAG_BYTES);
        let mut body = String::with_capacity(2 * (NONCE_BYTES + sealed.len()));
        for b in nonce.iter().chain(sealed.iter()) {
            body.push_str(&format!("{b:02x}"));
        }
        format!("{VERSION}.{}.{body}", self.key_id)
    }

    /// Opens a sealed BSN of the record `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<Bsn, VaultError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some(VERSION), Some(id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(VaultError::Format);
        };
        if id != self.key_id {
            return Err(if id.len() == self.key_id.len() { VaultError::WrongKey } else { VaultError::Format });
        }
        let bytes = unhex(body).ok_or(VaultError::Format)?;
        if bytes.len() <= NONCE_BYTES + TAG_BYTES {
            return Err(VaultError::Format);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: context.as_bytes() })
            .map_err(|_| VaultError::Damaged)?;
        let text = String::from_utf8(plain).map_err(|_| VaultError::NotABsn)?;
        Bsn::parse(&text).map_err(|_| VaultError::NotABsn)
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; KEY_BYTES] = [7; KEY_BYTES];

    fn bsn() -> Bsn {
        Bsn::parse("123456782").expect("valid test BSN")
    }

    #[test]
    fn seals_and_opens() {
        let vault = Vault::new(&KEY);
        let sealed = vault.seal(&bsn(), "huishouden:1", [1; NONCE_BYTES]);
        assert!(Vault::is_sealed(&sealed));
        assert!(!sealed.contains("123456782"));
        assert_eq!(vault.open(&sealed, "huishouden:1"), Ok(bsn()));
        // Another nonce, another text; both open.
        let again = vault.seal(&bsn(), "huishouden:1", [2; NONCE_BYTES]);
        assert_ne!(sealed, again);
        assert_eq!(vault.open(&again, "huishouden:1"), Ok(bsn()));
    }

    #[test]
    fn refuses_another_record_another_key_and_changes() {
        let vault = Vault::new(&KEY);
        let sealed = vault.seal(&bsn(), "huishouden:1", [1; NONCE_BYTES]);
        assert_eq!(vault.open(&sealed, "huishouden:2"), Err(VaultError::Damaged));
        assert_eq!(Vault::new(&[8; KEY_BYTES]).open(&sealed, "huishouden:1"), Err(VaultError::WrongKey));
        // Flip every hex digit of the body in turn: none opens.
        let body_start = sealed.rfind('.').expect("shape") + 1;
        for i in body_start..sealed.len() {
            let mut changed = sealed.clone().into_bytes();
            changed[i] = if changed[i] == b'0' { b'1' } else { b'0' };
            let changed = String::from_utf8(changed).expect("ascii");
            assert_eq!(vault.open(&changed, "huishouden:1"), Err(VaultError::Damaged), "position {i}");
        }
        assert_eq!(vault.open("123456782", "huishouden:1"), Err(VaultError::Format));
        assert_eq!(vault.open("v1.zz.00", "huishouden:1"), Err(VaultError::Format));
        assert_eq!(vault.open(&sealed[..sealed.len() - 1], "huishouden:1"), Err(VaultError::Format));
    }

    #[test]
    fn keys_from_hex() {
        let hex = "07".repeat(KEY_BYTES);
        let vault = Vault::from_hex(&hex).expect("valid key");
        assert_eq!(vault.key_id(), Vault::new(&KEY).key_id());
        assert_eq!(Vault::from_hex("07").err(), Some(VaultError::KeyFormat));
        assert_eq!(Vault::from_hex(&"zz".repeat(KEY_BYTES)).err(), Some(VaultError::KeyFormat));
        assert_eq!(Vault::from_hex(&"07".repeat(KEY_BYTES + 1)).err(), Some(VaultError::KeyFormat));
    }
}
