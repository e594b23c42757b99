//! The burgerservicenummer (BSN) and its *11-proef*.
//!
//! A BSN has nine digits d1…d9 with
//! `9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 − 1·d9 ≡ 0 (mod 11)`
//! (Besluit burgerservicenummer; the "elfproef" with the last weight −1), and
//! is not 000000000. A number of eight digits is read with a leading zero, as
//! the BRP does.
//!
//! [`Bsn`] never prints the whole number by accident: `Display` and `Debug`
//! show only the last three digits. The full number is available through
//! [`Bsn::reveal`], which the web layer calls only after
//! `toegang::decide(.., Action::BsnZien, ..)` allowed it.

use std::fmt;

/// A valid BSN.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bsn([u8; 9]);

/// Why a text is not a BSN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BsnError {
    /// Not eight or nine digits (spaces and dots are allowed between them).
    Format,
    /// The 11-proef fails: a typing error, most likely.
    ElfProef,
    /// All zeros.
    Nul,
}

impl BsnError {
    pub fn message_nl(self) -> &'static str {
        match self {
            BsnError::Format => "Een BSN heeft 9 cijfers.",
            BsnError::ElfProef => "Dit BSN klopt niet. Controleer of u een cijfer verkeerd hebt getypt.",
            BsnError::Nul => "Dit is geen BSN.",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            BsnError::Format => "A BSN has 9 digits.",
            BsnError::ElfProef => "This BSN is not valid. Check whether you mistyped a digit.",
            BsnError::Nul => "This is not a BSN.",
        }
    }
}

impl Bsn {
    /// Reads a BSN as people write it ("123456782", "1234.56.782", "12 34 56 782").
    pub fn parse(text: &str) -> Result<Bsn, BsnError> {
        let mut digits = [0u8; 9];
        let mut n = 0usize;
        for c in text.trim().chars() {
            match c {
                '0'..='9' => {
                    if n == 9 {
                        return Err(BsnError::Format);
                    }
                    digits[n] = c as u8 - b'0';
                    n += 1;
                }
                ' ' | '.' | '-' => {}
                _ => return Err(BsnError::Format),
            }
        }
        let digits = match n {
            9 => digits,
            8 => {
                let mut d = [0u8; 9];
                d[1..].copy_from_slice(&digits[..8]);
                d
            }
            _ => return Err(BsnError::Format),
        };
        if digits.iter().all(|d| *d == 0) {
            return Err(BsnError::Nul);
        }
        if !elfproef(&digits) {
            return Err(BsnError::ElfProef);
        }
        Ok(Bsn(digits))
    }

    /// The full nine digits. Call only after access was granted.
    pub fn reveal(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// The last three digits, for a person to recognise the number:
    /// `******782`.
    pub fn masked(&self) -> String {
        let tail: String = self.0[6..].iter().map(|d| char::from(b'0' + d)).collect();
        format!("******{tail}")
    }
}

fn elfproef(d: &[u8; 9]) -> bool {
    let sum: i32 = d[..8].iter().zip((2..=9).rev()).map(|(digit, weight)| i32::from(*digit) * weight).sum::<i32>()
        - i32::from(d[8]);
    sum.rem_euclid(11) == 0
}

impl fmt::Display for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bsn({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_numbers_as_people_write_them() {
        // 999993653 is a test BSN of the BRP (Haal Centraal mock);
        // 111222333 and 123456782 pass the 11-proef.
        for text in ["999993653", "111222333", "123456782", "1234.56.782", "12 34 56 782", " 123456782 "] {
            assert!(Bsn::parse(text).is_ok(), "{text}");
        }
        // An eight-digit number is read with a leading zero. 012345678 fails
        // (sum 104); 012345672 passes: 8+14+18+20+20+18+14−2 = 110 ≡ 0 (mod 11).
        assert_eq!(Bsn::parse("12345678").map(|b| b.reveal()), Err(BsnError::ElfProef));
        assert_eq!(Bsn::parse("12345672").map(|b| b.reveal()), Ok("012345672".to_owned()));
    }

    #[test]
    fn refuses_with_a_reason() {
        assert_eq!(Bsn::parse("123456789"), Err(BsnError::ElfProef));
        assert_eq!(Bsn::parse("12345"), Err(BsnError::Format));
        assert_eq!(Bsn::parse("1234567890"), Err(BsnError::Format));
        assert_eq!(Bsn::parse("12345678a"), Err(BsnError::Format));
        assert_eq!(Bsn::parse("000000000"), Err(BsnError::Nul));
        assert_eq!(Bsn::parse(""), Err(BsnError::Format));
        assert!(BsnError::ElfProef.message_nl().contains("Controleer"));
    }

    #[test]
    fn never_printed_in_full_by_accident() {
        let bsn = Bsn::parse("123456782").expect("valid");
        assert_eq!(bsn.to_string(), "******782");
        assert_eq!(format!("{bsn:?}"), "Bsn(******782)");
        assert_eq!(bsn.reveal(), "123456782");
    }

    #[test]
    fn one_typo_is_always_caught() {
        // The 11-proef catches every single-digit change.
        let valid = Bsn::parse("123456782").expect("valid").reveal();
        for pos in 0..9 {
            for digit in b'0'..=b'9' {
                let mut bytes = valid.clone().into_bytes();
                if bytes[pos] == digit {
                    continue;
                }
                bytes[pos] = digit;
                let text = String::from_utf8(bytes).expect("ascii");
                assert!(Bsn::parse(&text).is_err(), "{text}");
            }
        }
    }
}
