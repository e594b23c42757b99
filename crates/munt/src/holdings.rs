//! What a holder account holds, by provenance: hop buckets and issue-day
//! cohorts, and the exact daily demurrage on them.
//!
//! ## Cells
//!
//! The balance of a resident or merchant account (minus what is reserved for
//! pending payments) is split into *cells*. A cell says: this many units have
//! made `hops` hops (saturating at N, the configured `redeem_after_hops`) and
//! were issued on day `d` (the *cohort*). Two facts per unit are enough for
//! every rule in this crate:
//!
//! - redeemable ⇔ hops = N, or the unit is at least T days old
//!   (`today ≥ d + T`, T = `redeem_after_days`);
//! - decaying on the night after day `e` ⇔ `e ≥ d + F`
//!   (F = `demurrage_free_days`).
//!
//! Once a unit is both redeemable and past its free period, its issue day no
//! longer matters: the cell collapses into the `Old` cohort. So the dated
//! cohorts span at most `max(T, F)` days, and an account has at most
//! `(N + 1) × (max(T, F) + 1)` cells, whatever its history. This is exact (no
//! averaging of ages or hops) and bounded.
//!
//! ## Spending order
//!
//! Cells are kept in a `BTreeMap` whose key order *is* the spending order:
//! first the units that are not redeemable yet, fewest hops first, and within
//! the same hops the most recently issued first; redeemable units last. A
//! payment therefore hands on the "least convertible" money and keeps the money
//! a merchant can change back. Demurrage is taken in the same order, but only
//! from the cells that decayed; a redemption takes only redeemable cells.
//!
//! ## Demurrage
//!
//! For each night, with `r` the yearly rate in basis points and `B` the
//! decaying balance at the end of that day:
//!
//! ```text
//! owed      = remainder + B × r              (in 1/3 650 000 of a unit, i128)
//! removed   = owed / 3 650 000               (whole units, rounded down)
//! remainder = owed % 3 650 000               (carried to the next night)
//! B         = B − removed
//! ```
//!
//! Nothing is rounded away: the fraction of a unit that is not yet removed is
//! kept in `remainder` and charged as soon as it makes a whole unit. The rate
//! is nominal (`r / 365` per night, also in leap years), so the balance shrinks
//! by `(1 − r/3 650 000)` per night: 6 % a year removes 582 of 10 000 units in
//! 365 days (effective 5,82 %). Because the state after `settle(to)` depends
//! only on the state and `to`, applying demurrage lazily, daily or yearly gives
//! exactly the same result.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use crate::config::Config;
use crate::types::Day;

/// Basis points × days per year: the denominator of the daily rate.
pub const DEMURRAGE_DENOMINATOR: i128 = 10_000 * 365;

/// The issue day of a cell, or `Old` once it no longer matters.
///
/// The derived order puts later days first (`Reverse`) and `Old` last: within
/// the same hops the youngest money is spent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Cohort {
    Dated(Reverse<Day>),
    Old,
}

impl Cohort {
    pub(crate) fn issued(day: Day) -> Cohort {
        Cohort::Dated(Reverse(day))
    }
}

/// Key of a cell. The derived order (field by field) is the spending order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct CellKey {
    redeemable: bool,
    hops: u8,
    cohort: Cohort,
}

/// Units taken out of an account, with their provenance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub hops: u8,
    pub cohort: Cohort,
    pub units: i64,
}

/// Which cells an operation may take from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Filter {
    All,
    Redeemable,
    /// Cells that decay on the night after this day.
    DecayingOn(Day),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Holdings {
    cells: BTreeMap<CellKey, i64>,
    /// Demurrage has been charged for every night before this day, and the
    /// cell keys are classified as of this day.
    settled: Day,
    /// Demurrage owed but not yet a whole unit, in 1/`DEMURRAGE_DENOMINATOR`
    /// of a unit. Always `0 ≤ remainder < DEMURRAGE_DENOMINATOR`.
    remainder: i64,
}

fn classify(hops: u8, cohort: Cohort, today: Day, config: &Config) -> CellKey {
    let hops = hops.min(config.redeem_after_hops);
    match cohort {
        Cohort::Old => CellKey { redeemable: true, hops, cohort: Cohort::Old },
        Cohort::Dated(Reverse(issued)) => {
            let redeemable = hops >= config.redeem_after_hops || today >= issued.plus(config.redeem_after_days);
            let old = redeemable && today >= issued.plus(config.demurrage_free_days);
            CellKey { redeemable, hops, cohort: if old { Cohort::Old } else { cohort } }
        }
    }
}

fn decays(key: &CellKey, night: Day, config: &Config) -> bool {
    match key.cohort {
        Cohort::Old => true,
        Cohort::Dated(Reverse(issued)) => night >= issued.plus(config.demurrage_free_days),
    }
}

impl Holdings {
    pub(crate) fn new(today: Day) -> Holdings {
        Holdings { cells: BTreeMap::new(), settled: today, remainder: 0 }
    }

    pub(crate) fn settled(&self) -> Day {
        self.settled
    }

    fn passes(&self, key: &CellKey, filter: Filter, config: &Config) -> bool {
        match filter {
            Filter::All => true,
            Filter::Redeemable => key.redeemable,
            Filter::DecayingOn(night) => decays(key, night, config),
        }
    }

    pub(crate) fn sum(&self, filter: Filter, config: &Config) -> i64 {
        self.cells.iter().filter(|(key, _)| self.passes(key, filter, config)).map(|(_, units)| *units).sum()
    }

    /// Units per hop count, index `0..=N` (`N` = units that made N or more hops).
    pub(crate) fn hop_buckets(&self, config: &Config) -> Vec<i64> {
        let mut buckets = vec![0; usize::from(config.redeem_after_hops) + 1];
        for (key, units) in &self.cells {
            if let Some(bucket) = buckets.get_mut(usize::from(key.hops)) {
                *bucket += units;
            }
        }
        buckets
    }

    /// Adds units to the account. The account must be settled to `today`.
    pub(crate) fn put(&mut self, piece: Piece, today: Day, config: &Config) {
        assert_eq!(self.settled, today, "put into holdings that are not settled to today");
        assert!(piece.units > 0, "put of a non-positive piece");
        *self.cells.entry(classify(piece.hops, piece.cohort, today, config)).or_insert(0) += piece.units;
    }

    /// Takes exactly `amount` units from the cells that pass `filter`, in
    /// spending order. The caller has checked that there is enough.
    pub(crate) fn take(&mut self, amount: i64, filter: Filter, config: &Config) -> Vec<Piece> {
        let mut left = amount;
        let mut pieces = Vec::new();
        let keys: Vec<CellKey> = self.cells.keys().copied().filter(|k| self.passes(k, filter, config)).collect();
        for key in keys {
            if left == 0 {
                break;
            }
            let Some(units) = self.cells.get_mut(&key) else { continue };
            let taken = left.min(*units);
            *units -= taken;
            if *units == 0 {
                self.cells.remove(&key);
            }
            left -= taken;
            pieces.push(Piece { hops: key.hops, cohort: key.cohort, units: taken });
        }
        assert_eq!(left, 0, "take of more units than the filter holds");
        pieces
    }

    /// The first day after `day` on which a cell changes class (becomes
    /// redeemable by age, or starts to decay).
    fn next_event(&self, day: Day, config: &Config) -> Option<Day> {
        let mut next: Option<Day> = None;
        for key in self.cells.keys() {
            let Cohort::Dated(Reverse(issued)) = key.cohort else { continue };
            let mut candidates = [Some(issued.plus(config.demurrage_free_days)), None];
            if !key.redeemable {
                candidates[1] = Some(issued.plus(config.redeem_after_days));
            }
            for event in candidates.into_iter().flatten().filter(|e| *e > day) {
                next = Some(next.map_or(event, |n| n.min(event)));
            }
        }
        next
    }

    fn reclassify(&mut self, config: &Config) {
        let today = self.settled;
        let old = std::mem::take(&mut self.cells);
        for (key, units) in old {
            *self.cells.entry(classify(key.hops, key.cohort, today, config)).or_insert(0) += units;
        }
    }

    /// Charges demurrage for the nights `from .. from + nights` on a decaying
    /// balance that does not change class in that time. Returns whole units.
    fn accrue(&mut self, mut decaying: i64, nights: u32, rate_bp: u32) -> i64 {
        let mut removed = 0;
        let mut remainder = i128::from(self.remainder);
        for _ in 0..nights {
            if decaying == 0 || rate_bp == 0 {
                // Nothing accrues; the remainder stays as it is.
                break;
            }
            let owed = remainder + i128::from(decaying) * i128::from(rate_bp);
            remainder = owed % DEMURRAGE_DENOMINATOR;
            // owed / DEN < 1 + decaying / 365, so whole ≤ decaying: it fits.
            let whole = i64::try_from(owed / DEMURRAGE_DENOMINATOR).unwrap_or(i64::MAX);
            assert!(whole <= decaying, "demurrage larger than the balance");
            decaying -= whole;
            removed += whole;
        }
        self.remainder = i64::try_from(remainder).unwrap_or(i64::MAX);
        removed
    }

    /// Brings the account to day `to`: charges demurrage for every night
    /// before `to` and reclassifies the cells. Returns the units removed,
    /// which the caller books to the demurrage account.
    ///
    /// Cost: one cheap step per night plus one pass over the cells per class
    /// change; at most `DAY_MAX` nights and `2 × cells` class changes.
    pub(crate) fn settle(&mut self, to: Day, config: &Config) -> i64 {
        assert!(to >= self.settled, "settle backwards in time");
        let mut collected = 0;
        while self.settled < to {
            let day = self.settled;
            let next = self.next_event(day, config).map_or(to, |event| event.min(to));
            assert!(next > day, "settle makes no progress");
            let filter = Filter::DecayingOn(day);
            let decaying = self.sum(filter, config);
            let removed = self.accrue(decaying, next.0 - day.0, config.demurrage_bp_per_year);
            if removed > 0 {
                // Within [day, next) no cell changes class, so taking the
                // nights' total at once equals taking it night by night.
                self.take(removed, filter, config);
            }
            collected += removed;
            self.settled = next;
            self.reclassify(config);
        }
        collected
    }

    /// Largest number of cells an account can have under `config`.
    pub(crate) fn max_cells(config: &Config) -> usize {
        let days = config.redeem_after_days.max(config.demurrage_free_days);
        (usize::from(config.redeem_after_hops) + 1) * (usize::try_from(days).unwrap_or(usize::MAX) + 1)
    }

    /// The local invariants: positive cells, keys classified as of the
    /// settled day, remainder in range, cell count within its bound.
    pub(crate) fn check(&self, config: &Config) -> Result<(), String> {
        if !(0..DEMURRAGE_DENOMINATOR).contains(&i128::from(self.remainder)) {
            return Err(format!("demurrage remainder {} out of range", self.remainder));
        }
        if self.cells.len() > Holdings::max_cells(config) {
            return Err(format!("{} cells, more than the bound {}", self.cells.len(), Holdings::max_cells(config)));
        }
        for (key, units) in &self.cells {
            if *units <= 0 {
                return Err(format!("cell {key:?} holds {units}"));
            }
            if classify(key.hops, key.cohort, self.settled, config) != *key {
                return Err(format!("cell {key:?} is not classified as of {}", self.settled.0));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            demurrage_bp_per_year: 600,
            demurrage_free_days: 0,
            redeem_after_hops: 5,
            redeem_after_days: 90,
            ..Config::default()
        }
    }

    #[test]
    fn spending_order_is_least_convertible_first() {
        let config = config();
        let mut h = Holdings::new(Day(100));
        h.put(Piece { hops: 5, cohort: Cohort::issued(Day(99)), units: 10 }, Day(100), &config);
        h.put(Piece { hops: 1, cohort: Cohort::issued(Day(50)), units: 10 }, Day(100), &config);
        h.put(Piece { hops: 1, cohort: Cohort::issued(Day(98)), units: 10 }, Day(100), &config);
        h.put(Piece { hops: 0, cohort: Cohort::issued(Day(60)), units: 10 }, Day(100), &config);
        let taken = h.take(25, Filter::All, &config);
        let got: Vec<(u8, i64)> = taken.iter().map(|p| (p.hops, p.units)).collect();
        // 0 hops first, then 1 hop youngest (day 98) before older (day 50).
        assert_eq!(got, vec![(0, 10), (1, 10), (1, 5)]);
        assert_eq!(taken[1].cohort, Cohort::issued(Day(98)));
        assert_eq!(h.sum(Filter::Redeemable, &config), 10);
    }

    #[test]
    fn old_units_collapse_into_one_cohort() {
        let config = config();
        let mut h = Holdings::new(Day(0));
        h.put(Piece { hops: 2, cohort: Cohort::issued(Day(0)), units: 100 }, Day(0), &config);
        assert_eq!(h.sum(Filter::Redeemable, &config), 0);
        h.settle(Day(90), &config);
        assert_eq!(h.cells.keys().next().map(|k| k.cohort), Some(Cohort::Old));
        assert_eq!(h.sum(Filter::Redeemable, &config), h.sum(Filter::All, &config));
    }
}
