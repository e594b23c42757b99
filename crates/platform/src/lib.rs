//! # platform — the platform's domain rules that need no storage
//!
//! - [`rol`]: the six roles of the platform.
//! - [`toegang`]: who may do what with which record — one policy table, the
//!   single place that answers "may this person see this?", for every route of
//!   the web layer and every service. Privacy by design: a buddy sees only the
//!   households assigned to them, a resident only their own, a researcher only
//!   pseudonymised data.
//! - [`bsn`]: the burgerservicenummer with its 11-proef, never shown in full
//!   by accident.
//! - [`logboek`]: records of personal-data processing in the shape of the
//!   Logboek Dataverwerkingen standard (Logius), with keyed pseudonyms for the
//!   data subject and W3C Trace Context.
//! - [`kluis`]: BSNs encrypted at rest (XChaCha20-Poly1305, bound to their record).
//!
//! Pure: no I/O, no clock (times are given), no SQL, no HTTP.

pub mod bsn;
pub mod kluis;
pub mod logboek;
pub mod rol;
pub mod toegang;
pub mod wachtwoord;
