//! # regels — the rules engine of ademruimte
//!
//! Given a household and a date, compute its *algemene bijstand* under the
//! Participatiewet, to the cent, and explain every euro.
//!
//! Architecture invariant: this crate is pure. It does no I/O beyond the
//! parameter files compiled into it: no files, no network, no clock, no
//! database. The same inputs always give the same outputs.
//!
//! ```text
//! input (JSON) ──► Household ──► calc::calculate(household, date, params) ──► Outcome { amounts, Trace }
//!                                  ▲                                             │
//!                    params::ParameterSets::for_date(date)            render::{to_json, to_text}
//! ```

pub mod calc;
pub mod catalog;
pub mod error;
pub mod explain;
pub mod household;
pub mod input;
pub mod money;
pub mod params;
pub mod render;
pub mod variant;

pub use calc::{Outcome, calculate, calculate_amounts, calculate_embedded, calculate_variant};
pub use error::{Error, Problem};
pub use explain::{Lang, Trace};
pub use household::Household;
pub use money::{BasisPoints, Cents};
pub use params::{ParameterSet, ParameterSets};
pub use variant::Variant;
