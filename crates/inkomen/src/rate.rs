//! Rates finer than a basis point.
//!
//! Tax and allowance law writes percentages with three decimals (the
//! arbeidskorting's 8,324 %, the zorgtoeslag's 13,730 %), which
//! [`regels::BasisPoints`] cannot hold. A [`Rate`] is an exact integer in
//! thousandths of a percent: 100 000 = 100 %. Every multiplication names its
//! rounding, as in `regels::money`.

use regels::Cents;

/// Denominator of [`Rate`]: 100 000 = 100 %.
pub const RATE_ONE: i64 = 100_000;

/// A percentage in thousandths of a percent: 8 324 = 8,324 %.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(pub u32);

impl Rate {
    /// Parses a percentage as written in law: `"8.324"`, `"37.56"`, `"27"`
    /// (at most three decimals, at most 100 %).
    pub fn parse_percent(text: &str) -> Option<Rate> {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty()
            || whole.len() > 3
            || frac.len() > 3
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: u32 = whole.parse().ok()?;
        let mut thousandths: u32 = 0;
        for (i, b) in frac.bytes().enumerate() {
            let digit = u32::from(b - b'0');
            thousandths += digit * [100, 10, 1][i];
        }
        let value = whole * 1000 + thousandths;
        (value <= 100_000).then_some(Rate(value))
    }

    pub fn get(self) -> i64 {
        i64::from(self.0)
    }

    /// `amount × rate`, rounded half up to whole cents.
    pub fn of(self, amount: Cents) -> Cents {
        amount.mul_ratio_round_half_up(self.get(), RATE_ONE)
    }

    /// The sum of two rates (the combined tax and premium rate).
    pub fn plus(self, other: Rate) -> Rate {
        Rate(self.0.saturating_add(other.0))
    }

    fn display(self, decimal: char) -> String {
        let whole = self.0 / 1000;
        let frac = self.0 % 1000;
        if frac == 0 {
            format!("{whole}%")
        } else {
            let digits = format!("{frac:03}");
            format!("{whole}{decimal}{}%", digits.trim_end_matches('0'))
        }
    }

    /// `"8,324%"`
    pub fn display_nl(self) -> String {
        self.display(',')
    }

    /// `"8.324%"`
    pub fn display_en(self) -> String {
        self.display('.')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_law_percentages_exactly() {
        assert_eq!(Rate::parse_percent("8.324"), Some(Rate(8_324)));
        assert_eq!(Rate::parse_percent("37.56"), Some(Rate(37_560)));
        assert_eq!(Rate::parse_percent("6.51"), Some(Rate(6_510)));
        assert_eq!(Rate::parse_percent("27"), Some(Rate(27_000)));
        assert_eq!(Rate::parse_percent("100"), Some(Rate(100_000)));
        for bad in ["100.001", "8,324", "", ".5", "1.2345", "-1", "1e2"] {
            assert_eq!(Rate::parse_percent(bad), None, "{bad}");
        }
    }

    #[test]
    fn applies_and_displays() {
        // 38 883 × 8,10 % = 3 149,523 → € 3.149,52
        assert_eq!(Rate(8_100).of(Cents::new(3_888_300)), Cents::new(314_952));
        assert_eq!(Rate(8_324).display_nl(), "8,324%");
        assert_eq!(Rate(37_560).display_en(), "37.56%");
        assert_eq!(Rate(27_000).display_nl(), "27%");
    }
}
