//! # munt — the pure core of the local-currency ledger
//!
//! An interest-free local currency, backed one to one by euros, that slowly
//! loses value (demurrage) so that it circulates, and that can be changed back
//! into euros only after it has passed through enough hands (hops) or enough
//! days. This crate is the bookkeeping core: integer units, double entry,
//! idempotent requests, two-phase payments, exact demurrage and hop tracking.
//!
//! Architecture invariant: this crate is pure. No I/O, no clock, no database:
//! every operation is given its `Day`. Storage (SQLite/PostgreSQL), the CLI and
//! the HTTP API come later and call this crate.
//!
//! ```text
//! Request ──► Ledger::execute(day, request)
//!               ├─ idempotency: same id + same content → original Receipt
//!               ├─ plan on copies: settle demurrage, check balance/limits/rules
//!               └─ commit: journal entries (one debit, one credit each), totals,
//!                          cheap invariants asserted
//! ```
//!
//! See README.md for the rules (spending order, hop rule, demurrage formula,
//! fee rounding) and the invariants.

mod config;
mod error;
mod holdings;
mod ledger;
mod report;
mod types;

pub use config::{
    Config, MAX_DEMURRAGE_BP, MAX_FEE_BP, MAX_FREE_DAYS, MAX_HOPS, MAX_PENDING_DAYS, MAX_REDEEM_AFTER_DAYS,
    MAX_WASH_WINDOW_DAYS,
};
pub use error::{Error, Resolution};
pub use holdings::DEMURRAGE_DENOMINATOR;
pub use ledger::{
    AccountView, Entry, EntryKind, Ledger, MAX_ACCOUNTS, MAX_EDGES, MAX_JOURNAL, MAX_OPEN_PENDINGS, MAX_REQUESTS,
    OpenAccount, PendingView, Receipt, Request, redemption_fee,
};
pub use report::Report;
pub use types::{
    AccountId, AccountKind, DAY_MAX, Day, PartyId, TransferId, UNITS_MAX_PER_REQUEST, UNITS_MAX_TOTAL, Units,
};
