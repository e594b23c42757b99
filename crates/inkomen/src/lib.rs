//! # inkomen — net household income per month (2026)
//!
//! Given a household (wages or hours, a gross benefit such as bijstand,
//! children, rent, assets) and a date, compute per month in
//! [`regels::Cents`]: net wages and benefit after box 1 income tax, premiums
//! and tax credits; zorgtoeslag; huurtoeslag; kindgebonden budget; and
//! kinderbijslag, each with an explanation tree ([`regels::Trace`]).
//!
//! Architecture invariant: this crate is pure, like `regels`: no I/O, no
//! clock; its parameters are compiled in from `parameters/*.toml`.
//!
//! ```text
//! Household ──► bereken(household, date)            ──► NetIncome { amounts…, trace }
//!           └─► bereken_snel(household, date, params) ──► Amounts (no trace, no allocation)
//! ```

pub mod calc;
pub mod catalog;
pub mod params;
pub mod rate;

pub use calc::{
    Adult, Amounts, Household, NetIncome, PersonTax, Wage, bereken, bereken_met, bereken_snel,
    bruto_uitkering_voor_netto, parameters_for,
};
pub use params::{ParameterSet, ParameterSets};
pub use rate::Rate;
