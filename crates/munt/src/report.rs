//! Reports: how much money there is, how fast it moves, what was redeemed
//! and what demurrage and fees brought in. All numbers are exact integers;
//! ratios are given as numerator and denominator plus a rounded-down basis
//! point figure for display.
//!
//! Numbers are *as booked*: demurrage on an account that nobody touched since
//! the last `run_demurrage` is not in them yet. Run `run_demurrage(day)` first
//! for numbers that are current to the day.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::ledger::Ledger;
use crate::types::{AccountId, Day, Units};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub from: Day,
    pub to: Day,
    /// Ever issued (euros received, in cents = units).
    pub issued: Units,
    /// Ever paid out in euros (net of fees).
    pub redeemed: Units,
    /// Ever paid as redemption fees to the community fund.
    pub fees: Units,
    /// Ever collected by demurrage.
    pub demurrage_collected: Units,
    /// Ever granted from the fund and the demurrage account to holders.
    pub granted: Units,
    /// Held by residents and merchants now (money in circulation).
    pub circulation: Units,
    /// Of which redeemable now.
    pub redeemable: Units,
    pub reserve_cents: i64,
    pub fund_balance: Units,
    pub demurrage_balance: Units,
    /// (redeemed + fees) / issued in basis points, rounded down: the share of
    /// all issued money that was handed in for euros.
    pub share_redeemed_bp: u32,
    /// Payments between holders (pay and post) on days `from..=to`.
    pub payments_volume: Units,
    /// Σ over days `from..=to` of the circulation at the end of that day.
    pub circulation_day_sum: i128,
    pub days: u32,
    /// Velocity over the period = volume / average circulation
    /// = `payments_volume × days / circulation_day_sum`, exact as a fraction.
    pub velocity_numerator: i128,
    pub velocity_denominator: i128,
    /// The same in basis points (10 000 = the money turned over once), rounded
    /// down; `None` when nothing circulated.
    pub velocity_bp: Option<i128>,
}

impl Ledger {
    /// Circulation at the end of `day`, as booked.
    fn circulation_on(&self, day: Day) -> i64 {
        let i = self.circulation.partition_point(|(d, _)| *d <= day);
        if i == 0 { 0 } else { self.circulation.get(i - 1).map_or(0, |(_, v)| *v) }
    }

    /// The report for the days `from..=to` (both at most `today`).
    pub fn report(&self, from: Day, to: Day) -> Result<Report, Error> {
        if from > to || to > self.today {
            return Err(Error::DayOutOfRange);
        }
        let t = &self.totals;
        let days = to.0 - from.0 + 1;
        let mut day_sum: i128 = 0;
        // At most DAY_MAX + 1 steps, each a binary search.
        for d in from.0..=to.0 {
            day_sum += i128::from(self.circulation_on(Day(d)));
        }
        let volume: i64 = self.payments_by_day.range(from..=to).map(|(_, v)| *v).sum();
        let numerator = i128::from(volume) * i128::from(days);
        let velocity_bp = (day_sum > 0).then(|| numerator * 10_000 / day_sum);
        let share_redeemed_bp = if t.issued == 0 {
            0
        } else {
            let bp = (i128::from(t.redeemed) + i128::from(t.fees)) * 10_000 / i128::from(t.issued);
            u32::try_from(bp).unwrap_or(u32::MAX)
        };
        let balance = |id: AccountId| self.account(id).map_or(Units::ZERO, |a| a.balance);
        Ok(Report {
            from,
            to,
            issued: Units::new(t.issued),
            redeemed: Units::new(t.redeemed),
            fees: Units::new(t.fees),
            demurrage_collected: Units::new(t.demurrage),
            granted: Units::new(t.granted_from_fund + t.granted_from_demurrage),
            circulation: Units::new(t.holders),
            redeemable: Units::new(t.redeemable),
            reserve_cents: t.reserve_cents,
            fund_balance: balance(AccountId::FUND),
            demurrage_balance: balance(AccountId::DEMURRAGE),
            share_redeemed_bp,
            payments_volume: Units::new(volume),
            circulation_day_sum: day_sum,
            days,
            velocity_numerator: numerator,
            velocity_denominator: day_sum,
            velocity_bp,
        })
    }
}
