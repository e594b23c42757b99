//! Experiments that teach: the domain core of an experiment in the spirit of
//! Groningen's *Bijstand op maat* (2017–2019, under the Tijdelijk besluit
//! experimenten Participatiewet): arms, informed consent, reproducible
//! stratified block randomisation, measurement waves, and an honest
//! analysis with small-cell suppression and pseudonymised export.
//!
//! Pure: no I/O, no SQL, no HTTP, no clock (every date is passed in), no
//! randomness from the operating system (the seed is passed in and
//! recorded). Storage (`opslag`) and pages (`web`) build on it; see
//! `docs/experimenten.md`.
//!
//! The flow, each step a function of this crate:
//!
//! ```text
//! DesignSpec ──Design::new──► Design
//! Profile + Consent ──enrol──► Participant        (withdraw / record_deviation later)
//! Design + seed + [Participant] ──allocate──► Allocation   (choose_package in a free-choice arm;
//!                                               Allocation::from_parts + verify for a stored one)
//! [Measurement] per wave (answers + AdminOutcomes)
//! Trial::new(design, participants, allocation, measurements)
//!     ├── .report(&ReportOptions) ──► Report (balance, ITT, per protocol, attrition, response; suppressed)
//!     └── export_rows(&trial, &pseudonymiser) ──► [ExportRow] ──to_csv──► text
//!                                                             └─to_parquet─► bytes (feature `parquet`)
//! ```
//!
//! With the feature `parquet`, [`parquet_export`] writes the same export
//! rows as a Parquet file (same columns as the CSV; outcomes as nullable
//! integers with their divisor and unit in the file's metadata), into a
//! `Vec<u8>` or any `Write`: still no file I/O here.
//!
//! For storage, [`json`] writes Design, Participant, Allocation, Choice and
//! Measurement as JSON and reads them back through the same validating
//! constructors (`Design::new`, `Participant::from_parts`,
//! `Allocation::from_parts`, `choose_package`, `Measurement::new`).
//!
//! Money stays integer `regels::Cents`; scores are integer hundredths; only
//! [`stats`] uses floating point. Limits on every list are constants with
//! their reason (`MAX_ARMS`, `MAX_ITEMS`, `MAX_PARTICIPANTS`, …).

pub mod admin;
pub mod analysis;
pub mod chart;
pub mod design;
pub mod enrol;
pub mod error;
pub mod export;
pub mod json;
pub mod measure;
#[cfg(feature = "parquet")]
pub mod parquet_export;
pub mod randomise;
pub mod rng;
pub mod stats;
pub mod suppress;

pub use analysis::{Report, ReportOptions, Trial};
pub use design::{Arm, ArmKind, Contact, Design, DesignSpec, Eligibility, HouseholdType, Profile, Stratification};
pub use enrol::{Consent, DataOnWithdrawal, Participant, ParticipantId, Withdrawal, enrol};
pub use error::{Error, Problem};
pub use export::{ExportRow, Pseudonymiser, export_rows, to_csv};
pub use measure::{AdminOutcomes, Construct, Item, Measurement, Outcome, Questionnaire, Wave, offered};
#[cfg(feature = "parquet")]
pub use parquet_export::to_parquet;
pub use randomise::{ALGORITHM, Allocation, Assignment, Choice, allocate, choose_package};
pub use suppress::{Cell, Suppression};
