//! Pseudonymised export rows for researchers.
//!
//! A row holds a pseudonym, the arm, the stratum, the wave, the month of
//! measurement (not the day) and the outcome values. No type in this module
//! can hold a name, BSN, address or birth date, and the crate never sees
//! one: the pseudonym comes from the caller's [`Pseudonymiser`] (in storage,
//! a keyed hash such as HMAC-SHA-256 of the person's internal id with a key
//! the researchers do not have). The crate does not know the key and cannot
//! reverse a pseudonym.
//!
//! Export rows are microdata for researchers under a data agreement: they
//! are not suppressed like the published tables. Withdrawn data are left
//! out exactly as in the analysis.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::Trial;
use crate::enrol::ParticipantId;
use crate::error::{Error, Problem};

/// A pseudonym has 16–128 characters from `A–Z a–z 0–9 - _` (a hex or
/// base64url keyed hash): shorter ones could collide or be guessed.
pub const MIN_PSEUDONYM: usize = 16;
pub const MAX_PSEUDONYM: usize = 128;

/// Turns a participant number into a pseudonym. Implemented by storage with
/// a secret key; any `Fn(ParticipantId) -> String` works too.
pub trait Pseudonymiser {
    fn pseudonym(&self, participant: ParticipantId) -> String;
}

impl<F: Fn(ParticipantId) -> String> Pseudonymiser for F {
    fn pseudonym(&self, participant: ParticipantId) -> String {
        self(participant)
    }
}

/// One participant in one wave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    #[serde(rename = "pseudoniem")]
    pub pseudonym: String,
    pub arm: String,
    pub stratum: String,
    #[serde(rename = "meting")]
    pub wave: String,
    /// `JJJJ-MM`: the month only, so a date cannot single someone out.
    #[serde(rename = "maand")]
    pub month: String,
    #[serde(rename = "vragenlijst_ingevuld")]
    pub responded: bool,
    /// Outcome key → integer value (units in `Outcome::divisor`), `null`
    /// when missing.
    #[serde(rename = "uitkomsten")]
    pub outcomes: BTreeMap<&'static str, Option<i64>>,
}

/// The export rows of a trial, sorted by pseudonym and wave (so the order
/// says nothing about participant numbers or enrolment order). Refused when
/// a pseudonym has the wrong form, equals the participant number, or two
/// participants get the same pseudonym.
pub fn export_rows(trial: &Trial<'_>, pseudonymiser: &dyn Pseudonymiser) -> Result<Vec<ExportRow>, Error> {
    let mut seen: BTreeMap<String, ParticipantId> = BTreeMap::new();
    let mut rows = Vec::new();
    for (p, arm) in &trial.participants {
        let pseudonym = pseudonymiser.pseudonym(p.id);
        let f = format!("pseudoniem[{}]", p.id.0);
        let len = pseudonym.chars().count();
        if !(MIN_PSEUDONYM..=MAX_PSEUDONYM).contains(&len)
            || !pseudonym.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Error::new(
                f,
                Problem::Format {
                    nl: "Een pseudoniem heeft 16 tot 128 tekens: letters, cijfers, - en _.",
                    en: "A pseudonym has 16 to 128 characters: letters, digits, - and _.",
                },
            ));
        }
        if pseudonym.trim_start_matches('0') == p.id.0.to_string() {
            return Err(Error::new(
                f,
                Problem::Format {
                    nl: "Het pseudoniem is het deelnemernummer zelf; gebruik een sleutel-hash.",
                    en: "The pseudonym is the participant number itself; use a keyed hash.",
                },
            ));
        }
        if seen.insert(pseudonym.clone(), p.id).is_some() {
            return Err(Error::new(f, Problem::Duplicate { value: pseudonym }));
        }
        for (w, wave) in trial.design.waves().iter().enumerate() {
            let Some(r) = trial.records.get(&(p.id, w)) else { continue };
            let d = r.measurement.date;
            rows.push(ExportRow {
                pseudonym: pseudonym.clone(),
                arm: trial.design.arms()[*arm].key.clone(),
                stratum: p.stratum.clone(),
                wave: wave.key.clone(),
                month: format!("{:04}-{:02}", d.year(), d.month()),
                responded: r.measurement.responded(),
                outcomes: r.values.iter().map(|(o, v)| (o.key(), *v)).collect(),
            });
        }
    }
    let order: BTreeMap<&str, usize> =
        trial.design.waves().iter().enumerate().map(|(i, w)| (w.key.as_str(), i)).collect();
    rows.sort_by(|a, b| {
        (a.pseudonym.as_str(), order.get(a.wave.as_str())).cmp(&(b.pseudonym.as_str(), order.get(b.wave.as_str())))
    });
    Ok(rows)
}

/// The rows as CSV with a header (`;`-separated, as Dutch spreadsheets
/// expect). Every field is a key, a number or a pseudonym of safe
/// characters, so no quoting is needed.
pub fn to_csv(rows: &[ExportRow]) -> String {
    let keys: Vec<&'static str> = crate::measure::Outcome::all().into_iter().map(|o| o.key()).collect();
    let mut out = String::from("pseudoniem;arm;stratum;meting;maand;vragenlijst_ingevuld");
    for k in &keys {
        out.push(';');
        out.push_str(k);
    }
    out.push('\n');
    for r in rows {
        out.push_str(&format!("{};{};{};{};{};{}", r.pseudonym, r.arm, r.stratum, r.wave, r.month, r.responded));
        for k in &keys {
            out.push(';');
            if let Some(Some(v)) = r.outcomes.get(k) {
                out.push_str(&v.to_string());
            }
        }
        out.push('\n');
    }
    out
}
