//! Passwords: argon2id hashes in PHC string form, and the rules for a new
//! password. Pure: the caller supplies the random salt, so this module does
//! no I/O.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Shortest password we accept (NCSC and NIST SP 800-63B: length over
/// complexity rules).
pub const MIN_LENGTH: usize = 12;
/// Longest: bounds the hashing work an attacker can ask for.
pub const MAX_LENGTH: usize = 256;

/// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): about 30 ms here,
/// which keeps a login fast and guessing slow.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("constant parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Why a new password is refused, in Dutch and English.
pub fn check_new(password: &str) -> Result<(), (&'static str, &'static str)> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        return Err((
            "Het wachtwoord is te kort. Gebruik minstens 12 tekens, bijvoorbeeld een paar woorden achter elkaar.",
            "The password is too short. Use at least 12 characters, for example a few words in a row.",
        ));
    }
    if n > MAX_LENGTH {
        return Err((
            "Het wachtwoord is te lang (meer dan 256 tekens).",
            "The password is too long (over 256 characters).",
        ));
    }
    Ok(())
}

/// The argon2id hash of `password` with a salt of 16 random bytes.
pub fn hash(password: &str, salt: [u8; 16]) -> String {
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    hasher().hash_password(password.as_bytes(), &salt).expect("hashing cannot fail for bounded input").to_string()
}

/// Whether `password` matches the stored hash. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    if password.len() > 4 * MAX_LENGTH {
        return false;
    }
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("correct paard batterij niet", [7; 16]);
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct paard batterij niet", &h));
        assert!(!verify("correct paard batterij nie", &h));
        assert!(!verify("correct paard batterij niet", "not a hash"));
        // Another salt, another hash.
        assert_ne!(h, hash("correct paard batterij niet", [8; 16]));
    }

    #[test]
    fn new_passwords_need_length() {
        assert!(check_new("kort").is_err());
        assert!(check_new("twaalf tekens").is_ok());
        assert!(check_new(&"x".repeat(257)).is_err());
    }
}
