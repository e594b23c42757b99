//! The small value types of the ledger: units, days and identifiers.
//!
//! Every amount is a whole number of units (1 unit = 1 euro-cent of local
//! currency) in an `i64`. There is no floating point in this crate; every
//! division names its rounding where it happens.

use std::fmt;

use jiff::civil::Date;
use jiff::{Span, Unit};
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// An amount of local currency in whole units (1 unit = 1 euro-cent).
///
/// Balances of holder accounts are never negative; only the issuance account
/// (the mirror of the euro reserve) carries a negative balance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Units(i64);

/// Largest amount of a single request: one billion euro. Anything larger is an
/// input error, and the bound keeps sums of many amounts far inside `i64`.
pub const UNITS_MAX_PER_REQUEST: i64 = 100_000_000_000;

/// Largest amount ever issued in one ledger (100 billion euro). With this bound
/// every balance, total and counter fits in `i64`, and every demurrage product
/// (balance × rate) fits in `i128` with room to spare.
pub const UNITS_MAX_TOTAL: i64 = 10_000_000_000_000;

impl Units {
    pub const ZERO: Units = Units(0);

    pub const fn new(units: i64) -> Units {
        Units(units)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Units) -> Option<Units> {
        self.0.checked_add(other.0).map(Units)
    }

    pub fn checked_sub(self, other: Units) -> Option<Units> {
        self.0.checked_sub(other.0).map(Units)
    }
}

impl fmt::Display for Units {
    /// Shown like money, with the unit as "euro-cent" of the local currency:
    /// `12,34`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{},{:02}", abs / 100, abs % 100)
    }
}

/// A calendar day, counted from 1970-01-01 (day 0).
///
/// The ledger has no clock: every operation is given its day. Days must not go
/// backwards; see `Error::DayInPast`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Day(pub u32);

/// Last day the ledger accepts (in the year 2243). The bound limits every
/// day-by-day loop in demurrage to at most this many steps.
pub const DAY_MAX: u32 = 100_000;

fn epoch() -> Date {
    jiff::civil::date(1970, 1, 1)
}

impl Day {
    /// The day of a calendar date. Dates before 1970 or after `DAY_MAX` are
    /// refused.
    pub fn from_date(date: Date) -> Result<Day, Error> {
        let span = date.since((Unit::Day, epoch())).map_err(|_| Error::DayOutOfRange)?;
        let days = u32::try_from(span.get_days()).map_err(|_| Error::DayOutOfRange)?;
        if days > DAY_MAX {
            return Err(Error::DayOutOfRange);
        }
        Ok(Day(days))
    }

    /// The calendar date of this day.
    pub fn to_date(self) -> Result<Date, Error> {
        epoch().checked_add(Span::new().days(i64::from(self.0))).map_err(|_| Error::DayOutOfRange)
    }

    /// `self + days`, saturating at `u32::MAX` (so it compares as "never").
    pub fn plus(self, days: u32) -> Day {
        Day(self.0.saturating_add(days))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_date() {
            Ok(date) => write!(f, "{date}"),
            Err(_) => write!(f, "dag {}", self.0),
        }
    }
}

/// Identifier of an account, chosen by the caller. Ids up to
/// `AccountId::RESERVED_MAX` belong to the system accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountId(pub u128);

impl AccountId {
    /// Mirror of the euro reserve: debited when units are issued, so its
    /// (negative) balance is minus everything ever issued.
    pub const ISSUANCE: AccountId = AccountId(1);
    /// Credited with the units that were changed back into euros.
    pub const REDEMPTION: AccountId = AccountId(2);
    /// Credited with every unit removed by demurrage.
    pub const DEMURRAGE: AccountId = AccountId(3);
    /// Credited with every redemption fee.
    pub const FUND: AccountId = AccountId(4);
    /// Ids `0..=RESERVED_MAX` cannot be opened by callers.
    pub const RESERVED_MAX: u128 = 255;
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The person or organisation behind an account. One party may hold several
/// accounts (say a resident account and a shop); payments between them are
/// never hops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartyId(pub u128);

/// Client-chosen identifier of a request (issue, pay, redeem, reserve, post,
/// void, grant). One id names one request forever: that is what makes retries
/// safe. `0` and `u128::MAX` are not valid ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TransferId(pub u128);

impl fmt::Display for TransferId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The kind of an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AccountKind {
    Resident,
    Merchant,
    Issuance,
    Redemption,
    Demurrage,
    Fund,
}

impl AccountKind {
    /// Residents and merchants hold currency; the others are system accounts.
    pub fn is_holder(self) -> bool {
        matches!(self, AccountKind::Resident | AccountKind::Merchant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_dates() {
        let day = Day::from_date(jiff::civil::date(2026, 11, 2)).expect("in range");
        assert_eq!(day, Day(20_759));
        assert_eq!(day.to_date().expect("in range"), jiff::civil::date(2026, 11, 2));
        assert_eq!(Day::from_date(jiff::civil::date(1969, 12, 31)), Err(Error::DayOutOfRange));
    }

    #[test]
    fn units_display_like_money() {
        assert_eq!(Units::new(1234).to_string(), "12,34");
        assert_eq!(Units::new(-5).to_string(), "-0,05");
    }
}
