//! # plan — the resident's own plan
//!
//! The instruments a resident, their buddy and the workers use together, as
//! pure domain rules (issue 6):
//!
//! - [`ladder`]: the participation ladder (*participatieladder*, VNG/Divosa,
//!   6 *treden*) and a municipality's own ladder in the same file format; the
//!   short question set and an explained placement; positions over time; a
//!   picture.
//! - [`goals`]: goals per life domain (the five Mobility Mentoring pillars),
//!   chosen by the resident, in small dated steps. The resident owns the plan:
//!   others may suggest steps, and tick them off only when the resident allows it.
//! - [`zrm`]: the Zelfredzaamheid-Matrix 2017 (13 domains, scores 1–5, the
//!   30-day rule) and the resident's own *ademruimte-score*.
//! - [`buddy`]: buddy profiles with lived experience, explained matching,
//!   assignments of at least 12 months, and the contact log.
//! - [`home_visits`]: a round of home visits in a neighbourhood (*wijkbenadering*),
//!   with consent before any dossier.
//! - [`appointments`] and [`messages`]: appointments with a worker (moved or
//!   cancelled with a reason; the resident can say they cannot come) and
//!   letters and tasks for the resident (read, done).
//!
//! Pure: no I/O, no clock (dates are passed in), no SQL, no HTTP. Storage and
//! pages build on these types; everything stored has a stable Dutch key
//! (`key()`/`from_key()`), every text a person reads is in Dutch (B1) and
//! English, and every error names its field.
//!
//! Naming: code in English; Dutch only for terms of art whose translation would
//! lose their meaning in Dutch social-domain practice (`participatieladder`,
//! `Role::Deelnemer`, `wij_medewerker`, `bijstand`, the `Zrm*` instrument, the
//! project's own `Ademruimte` score) and for stored or typed values: `KEYS`,
//! `key()`/`from_key()`, the ladder file's fields and error field paths. See
//! `docs/plan.md` and `docs/glossary.md`.
//!
//! ```text
//! ladder TOML ──► Ladder::from_toml ──► Answers::new ──► place() ──► Placement { rung, growth_potential, reasons }
//!                                                       History ──► Summary, ladder_svg()
//! Plan ──(Role, Operation)──► plan::goals::may() ──► changed Plan | Problem::NotAllowed
//! ZrmSeries ──► current(date) (30-day rule), trend(domain), zrm_svg()
//! HelpRequest + [Candidate] ──► buddy::suggestions() ──► ranked, explained
//! Round ──► record / record_consent ──► start_dossier() (only with consent)
//! ```

pub mod appointments;
pub mod buddy;
pub mod error;
pub mod goals;
pub mod home_visits;
pub mod json;
pub mod ladder;
pub mod messages;
pub mod text;
pub mod zrm;

pub use error::{Error, Problem};
pub use text::{Lang, Text};
