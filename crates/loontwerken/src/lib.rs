//! # loontwerken — "Loont werken?" (does work pay?)
//!
//! For a household on bijstand and a job offer, the net household income per
//! month now and with the job, under the base scheme and each package, and the
//! curve over 0–40 hours a week with the marginal effective tax rate and every
//! *cliff* (a rate over 100 %: working more leaves less).
//!
//! It calls `regels` for the bijstand (with the package rules) and `inkomen`
//! for the net wage and the allowances; it computes no rule of its own. Pure:
//! no I/O, no clock.
//!
//! ```text
//! Situation + Offer ──► curve::curve(…, &Variant, max_hours) ──► Curve { points: [Point; 0..=max] }
//!                            │ per hour: inkomen (gross → net wage) → regels (bijstand)
//!                            │           → inkomen (gross-up bijstand → allowances)
//!                            ▼
//!                       render::{to_text, to_json}, svg::chart
//! ```

pub mod curve;
pub mod render;
pub mod svg;

pub use curve::{Curve, Offer, Point, Situation, WORK_HOURS_MAX, curve};
