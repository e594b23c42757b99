//! # opslag — storage
//!
//! Architecture invariant: this is the only crate that knows SQL. Other crates
//! see typed operations (`MuntStore::submit`, …), never a query.
//!
//! Two backends behind one type, [`Database`]: SQLite (a file next to the
//! binary, WAL, `synchronous = FULL` so an acknowledged write survives a
//! crash) and PostgreSQL (`DATABASE_URL=postgres://…`). Each has its own
//! migrations (`migrations/sqlite`, `migrations/postgres`); one conformance
//! test suite (`tests/munt.rs`) runs against both.

pub mod accounts;
pub mod afspraken;
pub mod buddy;
pub mod db;
pub mod dossier;
pub mod experiment;
pub mod huisbezoek;
pub mod munt;
pub mod oidc;
pub mod plan;

pub use accounts::{AccountStore, LogRow, Session, User};
pub use buddy::BuddyStore;
pub use db::{Database, StoreError};
pub use dossier::{Change, Conflict, Dossier, DossierStore, FromVisit, Version};
pub use experiment::ExperimentStore;
pub use munt::{Command, MuntStore, Outcome};
pub use plan::{Document, DocumentVersion, Kind as PlanKind, PlanStore};
