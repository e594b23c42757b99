//! Money and rates, exact.
//!
//! Amounts are whole euro-cents in an `i64`; rates are basis points (1/100 of a
//! percent). There is no floating point anywhere in this crate: a benefit is
//! money a household lives on, and `0.1 + 0.2 != 0.3` is not acceptable there.
//! Every operation that can lose precision names its rounding.

use std::fmt;

/// An amount of money in whole euro-cents.
///
/// Negative amounts exist only as intermediate values (for example the
/// difference between income and norm before it is clamped at zero).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(i64);

/// Upper bound for any single amount this crate handles: ten million euro.
/// A monthly benefit or income item above that is an input error, and the
/// bound keeps every multiplication below comfortably inside `i128`.
pub const CENTS_MAX: i64 = 1_000_000_000;

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub const fn new(cents: i64) -> Cents {
        Cents(cents)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    /// Parses a euro amount written as in our parameter files: digits, a dot
    /// and exactly two decimals (`"1401.50"`). Anything else is refused, so a
    /// typo in a legal amount cannot slip through as a different number.
    pub fn parse_euros(text: &str) -> Option<Cents> {
        let (whole, frac) = text.split_once('.')?;
        if whole.is_empty()
            || whole.len() > 9
            || frac.len() != 2
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let frac: i64 = frac.parse().ok()?;
        Some(Cents(whole * 100 + frac))
    }

    /// Sum that refuses to overflow instead of wrapping.
    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    pub fn checked_sub(self, other: Cents) -> Option<Cents> {
        self.0.checked_sub(other.0).map(Cents)
    }

    pub fn max(self, other: Cents) -> Cents {
        Cents(self.0.max(other.0))
    }

    pub fn min(self, other: Cents) -> Cents {
        Cents(self.0.min(other.0))
    }

    /// `self × numerator / denominator`, rounded half away from zero to whole
    /// cents (for positive amounts: half up, as in the published norm tables).
    ///
    /// Panics only on a zero denominator, which is a programming error: all
    /// denominators come from validated parameters.
    pub fn mul_ratio_round_half_up(self, numerator: i64, denominator: i64) -> Cents {
        assert!(denominator > 0, "denominator must be positive");
        let product = i128::from(self.0) * i128::from(numerator);
        let den = i128::from(denominator);
        let quotient = product / den;
        let remainder = product % den;
        let rounded = if 2 * remainder.abs() >= den { quotient + product.signum() } else { quotient };
        // Inputs are bounded by CENTS_MAX and ratios by small integers, so the
        // result fits; saturate rather than truncate if that ever changes.
        Cents(i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX }))
    }

    /// Applies a rate in basis points, rounded half up to whole cents.
    pub fn percentage(self, rate: BasisPoints) -> Cents {
        self.mul_ratio_round_half_up(i64::from(rate.0), 10_000)
    }

    /// Renders as Dutch money: `€ 1.401,50`.
    pub fn display_nl(self) -> String {
        format_euros(self.0, '.', ',', "€ ")
    }

    /// Renders as English money: `€1,401.50`.
    pub fn display_en(self) -> String {
        format_euros(self.0, ',', '.', "€")
    }
}

fn format_euros(cents: i64, thousands: char, decimal: char, prefix: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(thousands);
        }
        grouped.push(ch);
    }
    format!("{sign}{prefix}{grouped}{decimal}{:02}", abs % 100)
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_nl())
    }
}

/// A rate in basis points: 10 000 = 100 %, 480 = 4,8 %.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BasisPoints(pub u32);

impl BasisPoints {
    /// Parses a percentage as written in law: `"4.8"`, `"25"`, `"12.5"`
    /// (at most two decimals). Refuses anything above 100 %.
    pub fn parse_percent(text: &str) -> Option<BasisPoints> {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty()
            || whole.len() > 3
            || frac.len() > 2
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: u32 = whole.parse().ok()?;
        let frac: u32 =
            if frac.is_empty() { 0 } else { frac.parse::<u32>().ok()? * if frac.len() == 1 { 10 } else { 1 } };
        let bp = whole * 100 + frac;
        (bp <= 10_000).then_some(BasisPoints(bp))
    }

    fn display(self, decimal: char) -> String {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        if frac == 0 {
            format!("{whole}%")
        } else if frac.is_multiple_of(10) {
            format!("{whole}{decimal}{}%", frac / 10)
        } else {
            format!("{whole}{decimal}{frac:02}%")
        }
    }

    pub fn display_nl(self) -> String {
        self.display(',')
    }

    pub fn display_en(self) -> String {
        self.display('.')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_legal_amounts_exactly() {
        assert_eq!(Cents::parse_euros("1401.50"), Some(Cents(140_150)));
        assert_eq!(Cents::parse_euros("0.07"), Some(Cents(7)));
        for bad in ["1401.5", "1401", "1.401,50", "-1.00", "1e3.00", ".50", "12.345"] {
            assert_eq!(Cents::parse_euros(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_percentages() {
        assert_eq!(BasisPoints::parse_percent("4.8"), Some(BasisPoints(480)));
        assert_eq!(BasisPoints::parse_percent("12.5"), Some(BasisPoints(1250)));
        assert_eq!(BasisPoints::parse_percent("25"), Some(BasisPoints(2500)));
        assert_eq!(BasisPoints::parse_percent("100.01"), None);
        assert_eq!(BasisPoints::parse_percent("4,8"), None);
    }

    #[test]
    fn rounds_half_up_at_the_cent() {
        // 1834.04 × 130/300 = 794.7506… → 794.75 (Velsen kostendelersnorm, A = 3)
        assert_eq!(Cents(183_404).mul_ratio_round_half_up(130, 300), Cents(79_475));
        // exactly half a cent rounds up
        assert_eq!(Cents(1).mul_ratio_round_half_up(1, 2), Cents(1));
        assert_eq!(Cents(-1).mul_ratio_round_half_up(1, 2), Cents(-1));
        assert_eq!(Cents(3).mul_ratio_round_half_up(1, 4), Cents(1));
    }

    #[test]
    fn formats_money_for_people() {
        assert_eq!(Cents(140_150).display_nl(), "€ 1.401,50");
        assert_eq!(Cents(140_150).display_en(), "€1,401.50");
        assert_eq!(Cents(5).display_nl(), "€ 0,05");
        assert_eq!(Cents(-123_456_789).display_nl(), "-€ 1.234.567,89");
        assert_eq!(BasisPoints(480).display_nl(), "4,8%");
        assert_eq!(BasisPoints(1250).display_en(), "12.5%");
    }
}
