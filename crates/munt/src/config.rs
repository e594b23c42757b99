//! The policy knobs of one currency, each with a hard upper bound.
//!
//! A municipality chooses these; the code never hard-codes a rate. The bounds
//! are there so that every loop and every table in the ledger has a known
//! maximum size (see `Holdings`: at most `(MAX_HOPS + 1) × (max(T, F) + 1)`
//! cells per account).

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::types::{UNITS_MAX_TOTAL, Units};

/// Highest "redeemable after N hops" we accept.
pub const MAX_HOPS: u8 = 16;
/// Longest "redeemable after T days" we accept (two years).
pub const MAX_REDEEM_AFTER_DAYS: u32 = 732;
/// Longest demurrage-free period (one year).
pub const MAX_FREE_DAYS: u32 = 366;
/// Longest wash-trading window (one year).
pub const MAX_WASH_WINDOW_DAYS: u32 = 366;
/// Longest life of a pending payment (QR request). Reserved money does not
/// decay, so a pending must not be a place to park money.
pub const MAX_PENDING_DAYS: u32 = 30;
/// Highest yearly demurrage rate: 100 %.
pub const MAX_DEMURRAGE_BP: u32 = 10_000;
/// Highest redemption fee: 50 %.
pub const MAX_FEE_BP: u32 = 5_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// Yearly demurrage rate in basis points (600 = 6 % a year), charged daily
    /// at `rate / 365` on the decaying balance. See `holdings.rs`.
    pub demurrage_bp_per_year: u32,
    /// Units are free of demurrage for this many days after they were issued.
    pub demurrage_free_days: u32,
    /// A unit is redeemable once it has made this many hops...
    pub redeem_after_hops: u8,
    /// ...or once this many days have passed since it was issued.
    pub redeem_after_days: u32,
    /// Redemption fee in basis points, rounded up to whole units, paid to the
    /// community fund.
    pub redeem_fee_bp: u32,
    /// A payment from P to Q is not a hop when Q paid P within this many days
    /// (the reverse-edge rule against wash trading; see the README).
    pub wash_window_days: u32,
    /// A pending payment can be posted until `created + pending_timeout_days`
    /// (inclusive); after that it can only be voided or expired.
    pub pending_timeout_days: u32,
    /// Default maximum balance of a resident account (`None`: no limit).
    pub max_balance_resident: Option<Units>,
    /// Default maximum balance of a merchant account (`None`: no limit).
    pub max_balance_merchant: Option<Units>,
}

impl Default for Config {
    /// A Chiemgauer-like setting: 6 %/year after 90 free days, redeemable after
    /// 5 hops or 90 days, 5 % fee, wash window 30 days (so ping-pong between
    /// two parties gains a hop at most once every 31 days: 4 × 31 = 124 > 90,
    /// slower than simply waiting), residents capped at € 500.
    fn default() -> Config {
        Config {
            demurrage_bp_per_year: 600,
            demurrage_free_days: 90,
            redeem_after_hops: 5,
            redeem_after_days: 90,
            redeem_fee_bp: 500,
            wash_window_days: 30,
            pending_timeout_days: 1,
            max_balance_resident: Some(Units::new(50_000)),
            max_balance_merchant: None,
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |nl: &'static str, en: &'static str| Err(Error::InvalidConfig { nl, en });
        if self.demurrage_bp_per_year > MAX_DEMURRAGE_BP {
            return bad("demurrage mag hoogstens 100% per jaar zijn", "demurrage must be at most 100% a year");
        }
        if self.demurrage_free_days > MAX_FREE_DAYS {
            return bad("de vrije periode mag hoogstens 366 dagen zijn", "the free period must be at most 366 days");
        }
        if self.redeem_after_hops == 0 || self.redeem_after_hops > MAX_HOPS {
            return bad("het aantal stappen moet tussen 1 en 16 liggen", "the number of hops must be between 1 and 16");
        }
        if self.redeem_after_days == 0 || self.redeem_after_days > MAX_REDEEM_AFTER_DAYS {
            return bad(
                "het aantal dagen tot inwisselen moet tussen 1 en 732 liggen",
                "the days until redeemable must be between 1 and 732",
            );
        }
        if self.redeem_fee_bp > MAX_FEE_BP {
            return bad("de inwisselkosten mogen hoogstens 50% zijn", "the redemption fee must be at most 50%");
        }
        if self.wash_window_days == 0 || self.wash_window_days > MAX_WASH_WINDOW_DAYS {
            return bad(
                "het venster tegen rondpompen moet tussen 1 en 366 dagen liggen",
                "the wash-trading window must be between 1 and 366 days",
            );
        }
        if self.pending_timeout_days > MAX_PENDING_DAYS {
            return bad(
                "een betaalverzoek mag hoogstens 30 dagen openstaan",
                "a pending payment may stay open at most 30 days",
            );
        }
        for limit in [self.max_balance_resident, self.max_balance_merchant].into_iter().flatten() {
            if limit.get() < 0 || limit.get() > UNITS_MAX_TOTAL {
                return bad("een maximumsaldo moet tussen 0 en het totaal liggen", "a balance limit is out of range");
            }
        }
        Ok(())
    }
}
