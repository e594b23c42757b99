//! Microsimulation: a municipality's households under every policy variant.
//!
//! ```text
//! Calibration (data/*.toml, every figure sourced) ─► Population::generate(seed)
//! CSV of persons ───────────────────────────────────► Population::read_csv
//!        │
//!        ▼
//! bulk::aggregate(population, date, params, variants)  ── rayon, regels::calculate_amounts
//!        │                                                 (the one-household rules)
//!        ▼
//! Report ─► text / CSV / SVG         work::work_effect ─► "does starting work pay?"
//! ```
//!
//! There are no formulas in this crate: every amount comes from
//! `regels::calculate_amounts`, the explained calculation with the recording
//! switched off. Bulk and single results are therefore identical by
//! construction, and `tests/bulk.rs` checks it on 10 000 random households.

pub mod bulk;
pub mod calibration;
#[cfg(feature = "parquet")]
pub mod parquet_export;
pub mod population;
pub mod report;
pub mod rng;
pub mod work;

pub use bulk::{Amounts, Evaluation, aggregate, evaluate_all};
pub use calibration::Calibration;
pub use population::{HouseholdType, Population};
