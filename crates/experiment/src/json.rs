//! The experiment's values as JSON, for storage (`opslag`).
//!
//! In the style of `plan::json`: keys are Dutch, like every other stored
//! value and like the field paths of [`Error`] (`armen[2].gewicht`,
//! `toestemming.versie_informatietekst`); enum values are the stable keys
//! (`controle`, `vrije_keuze`, `alleenstaande_ouder`, `verwijderen`,
//! `stress`); dates are `JJJJ-MM-DD`; money is integer cents (`regels::Cents`)
//! and hours integer tenths. The seed is a decimal *string*: a JSON number
//! above 2^53 loses digits in most readers (JavaScript, many databases), and
//! an allocation must be rerun from exactly its seed.
//!
//! Reading back goes only through the crate's validating constructors
//! ([`Design::new`], [`Participant::from_parts`], [`Allocation::from_parts`],
//! [`choose_package`], [`Measurement::new`]): a stored document that breaks a
//! bound or an invariant is an [`Error`] naming the field path in the
//! document, never a panic. Unknown keys are ignored; a missing optional
//! value (`intrekking`, `afwijking_vanaf`, `registratie`) may be absent or
//! `null`.
//!
//! ```text
//! Design      ⇄ {"sleutel", "titel", "onderzoeksvragen": ["…"],
//!                "contactpersonen": [{"rol", "naam", "bereikbaar"}],
//!                "armen": [{"sleutel", "naam", "soort": "controle"|"pakket"|"vrije_keuze",
//!                           "pakket": "<regels variant>" (pakket only),
//!                           "keuzes": ["<variant>"] (vrije_keuze only), "gewicht", "streefaantal"}],
//!                "toelating": {"minimumleeftijd", "maximumleeftijd", "huishoudtypen": ["<HouseholdType::key>"],
//!                              "laagste_trede", "hoogste_trede", "minimum_maanden_bijstand"},
//!                "strata": {"per_huishoudtype": bool, "tredegroepen": [{"van", "tot_en_met"}]},
//!                "blokvermenigvuldigers": [1, 2], "begin", "einde",
//!                "versies_informatietekst": ["<key>"],
//!                "metingen": [{"sleutel", "naam", "maand", "open_weken" (1–52; absent: 8)}],
//!                "vragenlijst": {"items": [{"sleutel", "construct": "<Construct::key>", "tekst",
//!                                           "schaal": {"van", "tot_en_met"}, "omgekeerd": bool}]}}
//! Participant ⇄ {"id", "profiel": {"huishoudtype", "trede"}, "stratum", "ingeschreven_op",
//!                "toestemming": {"versie_informatietekst", "datum"},
//!                "intrekking": null | {"datum", "gegevens": "bewaren_tot_intrekking"|"verwijderen"},
//!                "afwijking_vanaf": null | "JJJJ-MM-DD"}
//! Allocation  ⇄ {"zaad": "<u64 in decimal, as text>", "algoritme": "<ALGORITHM>",
//!                "deelnemers": [{"deelnemer", "arm", "stratum", "blok", "plaats"}]}   (sorted by deelnemer)
//! Choice      ⇄ {"deelnemer", "pakket"}
//! Measurement ⇄ {"deelnemer", "meting": "<Wave::key>", "datum",
//!                "antwoorden": {"<Item::key>": <within the item's scale>},
//!                "registratie": null | {"werkuren_tienden", "inkomen_uit_werk" (cents), "trede",
//!                                       "uitkering_betaald" (cents)}}
//! ```
//!
//! A participant, choice and measurement are read against the design (and a
//! choice against the allocation) they belong to, so storage reads the
//! design first.

use std::collections::BTreeMap;

use jiff::civil::Date;
use regels::Cents;
use serde_json::{Map, Value, json};

use crate::design::{
    Arm, ArmKind, Contact, Design, DesignSpec, Eligibility, HouseholdType, MAX_ARMS, MAX_BLOCK_MULTIPLIERS,
    MAX_CONTACTS, MAX_INFORMATION_VERSIONS, MAX_MIN_MONTHS_ON_BIJSTAND, MAX_QUESTIONS, MAX_RUNG, MAX_RUNG_BANDS,
    MAX_TARGET, MAX_WEIGHT, Stratification, arm_kind_key,
};
use crate::enrol::{Consent, DataOnWithdrawal, Participant, ParticipantId, Withdrawal};
use crate::error::{Error, Problem, unknown_key};
use crate::measure::{
    AdminOutcomes, Construct, DEFAULT_OPEN_WEEKS, Item, MAX_ITEMS, MAX_MONTHLY_CENTS, MAX_OPEN_WEEKS, MAX_SCALE,
    MAX_WAVE_MONTH, MAX_WAVES, MAX_WORK_HOURS_TENTHS, Measurement, Questionnaire, Wave,
};
use crate::randomise::{Allocation, Assignment, Choice, MAX_PARTICIPANTS, choose_package};

fn date_json(d: Option<Date>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

fn range_json(lo: u8, hi: u8) -> Value {
    json!({"van": lo, "tot_en_met": hi})
}

/// Longest design file accepted: the largest design within the crate's
/// bounds is a few tens of kB.
pub const MAX_DESIGN_FILE: usize = 256 * 1024;

/// The example design shipped with the crate (after Groningen's experiment).
pub const EXAMPLE_DESIGN: &str = include_str!("../data/bijstand-op-maat-voorbeeld.toml");

/// Reads a design written by people as TOML: the same keys as
/// [`design_to_json`], checked by [`design_from_json`], so an error names the
/// field path (`armen[2].gewicht`) exactly as for a stored design.
pub fn design_from_toml(text: &str) -> Result<Design, Error> {
    if text.len() > MAX_DESIGN_FILE {
        return Err(Error::new(
            "(bestand)",
            Problem::Format {
                nl: "Het bestand is te groot: hoogstens 256 kB.",
                en: "The file is too large: at most 256 kB.",
            },
        ));
    }
    let value: Value = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((0, 0), |s| {
            let before = &text[..s.start.min(text.len())];
            (before.matches('\n').count() + 1, before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1)
        });
        Error::new(
            format!("(regel {line}, kolom {column})"),
            Problem::Format {
                nl: "Dit is geen geldige TOML. Kijk naar aanhalingstekens, komma's en haakjes op deze plek.",
                en: "This is not valid TOML. Look at quotes, commas and brackets at this place.",
            },
        )
    })?;
    design_from_json(&value)
}

// ---------------------------------------------------------------- Design

/// A design as JSON (see the module documentation for its shape).
pub fn design_to_json(design: &Design) -> Value {
    let s = design.spec();
    let contacts: Vec<Value> =
        s.contacts.iter().map(|c| json!({"rol": c.role_nl, "naam": c.name, "bereikbaar": c.reach})).collect();
    let arms: Vec<Value> = s
        .arms
        .iter()
        .map(|a| {
            let mut o = json!({
                "sleutel": a.key,
                "naam": a.label_nl,
                "soort": arm_kind_key(&a.kind),
                "gewicht": a.weight,
                "streefaantal": a.target,
            });
            match &a.kind {
                ArmKind::Control => {}
                ArmKind::Package { variant } => o["pakket"] = json!(variant),
                ArmKind::FreeChoice { options } => o["keuzes"] = json!(options),
            }
            o
        })
        .collect();
    let e = &s.eligibility;
    let eligibility = json!({
        "minimumleeftijd": e.min_age,
        "maximumleeftijd": e.max_age,
        "huishoudtypen": e.household_types.iter().map(|h| h.key()).collect::<Vec<_>>(),
        "laagste_trede": e.min_rung,
        "hoogste_trede": e.max_rung,
        "minimum_maanden_bijstand": e.min_months_on_bijstand,
    });
    let strata = json!({
        "per_huishoudtype": s.stratification.by_household_type,
        "tredegroepen": s.stratification.rung_bands.iter().map(|(lo, hi)| range_json(*lo, *hi)).collect::<Vec<_>>(),
    });
    let waves: Vec<Value> = s
        .waves
        .iter()
        .map(|w| json!({"sleutel": w.key, "naam": w.label_nl, "maand": w.month, "open_weken": w.open_weeks}))
        .collect();
    let items: Vec<Value> = s
        .questionnaire
        .items
        .iter()
        .map(|i| {
            json!({
                "sleutel": i.key,
                "construct": i.construct.key(),
                "tekst": i.text_nl,
                "schaal": range_json(i.scale_min, i.scale_max),
                "omgekeerd": i.reversed,
            })
        })
        .collect();
    let mut o = Map::new();
    o.insert("sleutel".to_owned(), json!(s.key));
    o.insert("titel".to_owned(), json!(s.title));
    o.insert("onderzoeksvragen".to_owned(), json!(s.research_questions));
    o.insert("contactpersonen".to_owned(), Value::Array(contacts));
    o.insert("armen".to_owned(), Value::Array(arms));
    o.insert("toelating".to_owned(), eligibility);
    o.insert("strata".to_owned(), strata);
    o.insert("blokvermenigvuldigers".to_owned(), json!(s.block_multipliers));
    o.insert("begin".to_owned(), json!(s.start.to_string()));
    o.insert("einde".to_owned(), json!(s.end.to_string()));
    o.insert("versies_informatietekst".to_owned(), json!(s.information_versions));
    o.insert("metingen".to_owned(), Value::Array(waves));
    o.insert("vragenlijst".to_owned(), json!({"items": items}));
    o.insert("drempel_kleine_aantallen".to_owned(), json!(s.threshold));
    Value::Object(o)
}

/// Reads a design stored with [`design_to_json`] and checks it again with
/// [`Design::new`].
pub fn design_from_json(value: &Value) -> Result<Design, Error> {
    let o = object("", value)?;
    let key = text("", o, "sleutel")?;
    let title = text("", o, "titel")?;
    let research_questions = strings("onderzoeksvragen", list("", o, "onderzoeksvragen", MAX_QUESTIONS)?)?;
    let mut contacts = Vec::new();
    for (i, c) in list("", o, "contactpersonen", MAX_CONTACTS)?.iter().enumerate() {
        let f = format!("contactpersonen[{i}]");
        let co = object(&f, c)?;
        contacts.push(Contact {
            role_nl: text(&f, co, "rol")?,
            name: text(&f, co, "naam")?,
            reach: text(&f, co, "bereikbaar")?,
        });
    }
    let mut arms = Vec::new();
    for (i, a) in list("", o, "armen", MAX_ARMS)?.iter().enumerate() {
        arms.push(arm_from_json(&format!("armen[{i}]"), a)?);
    }
    let eligibility = eligibility_from_json(field("", o, "toelating")?)?;
    let stratification = stratification_from_json(field("", o, "strata")?)?;
    let block_multipliers = list("", o, "blokvermenigvuldigers", MAX_BLOCK_MULTIPLIERS)?
        .iter()
        .enumerate()
        .map(|(i, m)| number(&format!("blokvermenigvuldigers[{i}]"), m, 1, i64::from(crate::design::MAX_BLOCK_SIZE)))
        .collect::<Result<Vec<u8>, Error>>()?;
    let information_versions =
        strings("versies_informatietekst", list("", o, "versies_informatietekst", MAX_INFORMATION_VERSIONS)?)?;
    let mut waves = Vec::new();
    for (i, w) in list("", o, "metingen", MAX_WAVES)?.iter().enumerate() {
        let f = format!("metingen[{i}]");
        let wo = object(&f, w)?;
        waves.push(Wave {
            key: text(&f, wo, "sleutel")?,
            label_nl: text(&f, wo, "naam")?,
            month: number(&path(&f, "maand"), field(&f, wo, "maand")?, 0, i64::from(MAX_WAVE_MONTH))?,
            // Absent in designs stored before wave windows: the default.
            open_weeks: match wo.get("open_weken") {
                None | Some(Value::Null) => DEFAULT_OPEN_WEEKS,
                Some(v) => number(&path(&f, "open_weken"), v, 1, i64::from(MAX_OPEN_WEEKS))?,
            },
        });
    }
    let qo = object("vragenlijst", field("", o, "vragenlijst")?)?;
    let mut items = Vec::new();
    for (i, it) in list("vragenlijst", qo, "items", MAX_ITEMS)?.iter().enumerate() {
        let f = format!("vragenlijst.items[{i}]");
        let io = object(&f, it)?;
        let cf = path(&f, "construct");
        let construct = keyed(&cf, field(&f, io, "construct")?, Construct::from_key, &Construct::KEYS)?;
        let (scale_min, scale_max) = range(&path(&f, "schaal"), field(&f, io, "schaal")?, 0, MAX_SCALE)?;
        items.push(Item {
            key: text(&f, io, "sleutel")?,
            construct,
            text_nl: text(&f, io, "tekst")?,
            scale_min,
            scale_max,
            reversed: boolean(&path(&f, "omgekeerd"), field(&f, io, "omgekeerd")?)?,
        });
    }
    let start = date("begin", field("", o, "begin")?)?;
    let end = date("einde", field("", o, "einde")?)?;
    // Absent in designs stored before it could be set: the default.
    let threshold = match o.get("drempel_kleine_aantallen") {
        None | Some(Value::Null) => crate::design::DEFAULT_THRESHOLD,
        Some(v) => v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| {
            Error::new(
                "drempel_kleine_aantallen",
                Problem::OutOfRange {
                    min: i64::from(crate::design::MIN_THRESHOLD),
                    max: i64::from(crate::design::MAX_THRESHOLD),
                },
            )
        })?,
    };
    Design::new(DesignSpec {
        threshold,
        key,
        title,
        research_questions,
        contacts,
        arms,
        eligibility,
        stratification,
        block_multipliers,
        start,
        end,
        information_versions,
        waves,
        questionnaire: Questionnaire { items },
    })
}

fn arm_from_json(f: &str, v: &Value) -> Result<Arm, Error> {
    let ao = object(f, v)?;
    let kf = path(f, "soort");
    let kind_key = string(&kf, field(f, ao, "soort")?)?;
    let kind = match kind_key {
        "controle" => ArmKind::Control,
        "pakket" => ArmKind::Package { variant: text(f, ao, "pakket")? },
        "vrije_keuze" => {
            ArmKind::FreeChoice { options: strings(&path(f, "keuzes"), list(f, ao, "keuzes", MAX_ARMS)?)? }
        }
        _ => return Err(unknown_key(&kf, kind_key, &["controle", "pakket", "vrije_keuze"])),
    };
    Ok(Arm {
        key: text(f, ao, "sleutel")?,
        label_nl: text(f, ao, "naam")?,
        kind,
        weight: number(&path(f, "gewicht"), field(f, ao, "gewicht")?, 1, i64::from(MAX_WEIGHT))?,
        target: number(&path(f, "streefaantal"), field(f, ao, "streefaantal")?, 0, i64::from(MAX_TARGET))?,
    })
}

fn eligibility_from_json(v: &Value) -> Result<Eligibility, Error> {
    let f = "toelating";
    let eo = object(f, v)?;
    let rung = |key: &str| number(&path(f, key), field(f, eo, key)?, 1, i64::from(MAX_RUNG));
    let age = |key: &str| number(&path(f, key), field(f, eo, key)?, 18, 67);
    let mut household_types = Vec::new();
    for (i, h) in list(f, eo, "huishoudtypen", HouseholdType::ALL.len())?.iter().enumerate() {
        let hf = format!("{f}.huishoudtypen[{i}]");
        household_types.push(keyed(&hf, h, HouseholdType::from_key, &HouseholdType::KEYS)?);
    }
    Ok(Eligibility {
        min_age: age("minimumleeftijd")?,
        max_age: age("maximumleeftijd")?,
        household_types,
        min_rung: rung("laagste_trede")?,
        max_rung: rung("hoogste_trede")?,
        min_months_on_bijstand: number(
            &path(f, "minimum_maanden_bijstand"),
            field(f, eo, "minimum_maanden_bijstand")?,
            0,
            i64::from(MAX_MIN_MONTHS_ON_BIJSTAND),
        )?,
    })
}

fn stratification_from_json(v: &Value) -> Result<Stratification, Error> {
    let f = "strata";
    let so = object(f, v)?;
    let mut rung_bands = Vec::new();
    for (i, b) in list(f, so, "tredegroepen", MAX_RUNG_BANDS)?.iter().enumerate() {
        rung_bands.push(range(&format!("{f}.tredegroepen[{i}]"), b, 1, MAX_RUNG)?);
    }
    Ok(Stratification {
        by_household_type: boolean(&path(f, "per_huishoudtype"), field(f, so, "per_huishoudtype")?)?,
        rung_bands,
    })
}

// ---------------------------------------------------------------- Participant

/// A participant as JSON (see the module documentation for its shape).
pub fn participant_to_json(p: &Participant) -> Value {
    json!({
        "id": p.id.0,
        "profiel": {"huishoudtype": p.household_type.key(), "trede": p.rung},
        "stratum": p.stratum,
        "ingeschreven_op": p.enrolled_on.to_string(),
        "toestemming": {
            "versie_informatietekst": p.consent.information_version,
            "datum": p.consent.date.to_string(),
        },
        "intrekking": p.withdrawal.map(|w| json!({"datum": w.date.to_string(), "gegevens": w.data.key()})),
        "afwijking_vanaf": date_json(p.deviation_from),
    })
}

/// Reads a participant stored with [`participant_to_json`] and checks it
/// against `design` with [`Participant::from_parts`].
pub fn participant_from_json(design: &Design, value: &Value) -> Result<Participant, Error> {
    let o = object("", value)?;
    let po = object("profiel", field("", o, "profiel")?)?;
    let household_type = keyed(
        "profiel.huishoudtype",
        field("profiel", po, "huishoudtype")?,
        HouseholdType::from_key,
        &HouseholdType::KEYS,
    )?;
    let rung = number("profiel.trede", field("profiel", po, "trede")?, 1, i64::from(MAX_RUNG))?;
    let co = object("toestemming", field("", o, "toestemming")?)?;
    let consent = Consent {
        information_version: text("toestemming", co, "versie_informatietekst")?,
        date: date("toestemming.datum", field("toestemming", co, "datum")?)?,
    };
    let withdrawal = match o.get("intrekking") {
        None | Some(Value::Null) => None,
        Some(w) => {
            let wo = object("intrekking", w)?;
            let gf = "intrekking.gegevens";
            let data = DataOnWithdrawal::from_key(gf, string(gf, field("intrekking", wo, "gegevens")?)?)?;
            Some(Withdrawal { date: date("intrekking.datum", field("intrekking", wo, "datum")?)?, data })
        }
    };
    Participant::from_parts(
        design,
        Participant {
            id: ParticipantId(number("id", field("", o, "id")?, 0, i64::from(u32::MAX))?),
            household_type,
            rung,
            stratum: text("", o, "stratum")?,
            enrolled_on: date("ingeschreven_op", field("", o, "ingeschreven_op")?)?,
            consent,
            withdrawal,
            deviation_from: optional_date("afwijking_vanaf", o.get("afwijking_vanaf"))?,
        },
    )
}

// ---------------------------------------------------------------- Allocation

/// An allocation as JSON, the seed as a decimal string (see the module
/// documentation).
pub fn allocation_to_json(a: &Allocation) -> Value {
    let list: Vec<Value> = a
        .assignments
        .iter()
        .map(|s| {
            json!({
                "deelnemer": s.participant.0,
                "arm": s.arm,
                "stratum": s.stratum,
                "blok": s.block,
                "plaats": s.place,
            })
        })
        .collect();
    json!({"zaad": a.seed.to_string(), "algoritme": a.algorithm, "deelnemers": list})
}

/// Reads an allocation stored with [`allocation_to_json`] through
/// [`Allocation::from_parts`] (a known algorithm, sorted, each participant
/// once). Whether it is the allocation the seed gives is
/// [`Allocation::verify`]'s question, asked by whoever audits it.
pub fn allocation_from_json(value: &Value) -> Result<Allocation, Error> {
    let o = object("", value)?;
    let seed = seed("zaad", field("", o, "zaad")?)?;
    let algorithm = string("algoritme", field("", o, "algoritme")?)?;
    let list = list("", o, "deelnemers", MAX_PARTICIPANTS)?;
    let mut assignments = Vec::with_capacity(list.len());
    for (i, s) in list.iter().enumerate() {
        let f = format!("deelnemers[{i}]");
        let so = object(&f, s)?;
        let whole = |key: &str| number::<u32>(&path(&f, key), field(&f, so, key)?, 0, i64::from(u32::MAX));
        assignments.push(Assignment {
            participant: ParticipantId(whole("deelnemer")?),
            arm: text(&f, so, "arm")?,
            stratum: text(&f, so, "stratum")?,
            block: whole("blok")?,
            place: whole("plaats")?,
        });
    }
    // `from_parts` names its fields as part of a larger record
    // (`toewijzing.algoritme`); here the allocation is the document.
    Allocation::from_parts(seed, algorithm, assignments).map_err(|e| match e.field.strip_prefix("toewijzing.") {
        Some(rest) => Error::new(rest, e.problem),
        None => e,
    })
}

/// The seed: a decimal string of a `u64`, without sign or leading zeros, so
/// every seed has exactly one stored form.
fn seed(f: &str, v: &Value) -> Result<u64, Error> {
    let wrong = || {
        format_error(
            f,
            "Het zaad is een heel getal van 0 tot en met 18446744073709551615, als tekst (\"12345\").",
            "The seed is a whole number from 0 to 18446744073709551615, as text (\"12345\").",
        )
    };
    let s = v.as_str().ok_or_else(wrong)?;
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0')) {
        return Err(wrong());
    }
    s.parse::<u64>().map_err(|_| wrong())
}

// ---------------------------------------------------------------- Choice

/// A resident's choice in a free-choice arm as JSON: `{"deelnemer", "pakket"}`.
pub fn choice_to_json(c: &Choice) -> Value {
    json!({"deelnemer": c.participant.0, "pakket": c.package})
}

/// Reads a choice stored with [`choice_to_json`] through [`choose_package`]:
/// the participant must be in a free-choice arm of `allocation` and the
/// package one of its options (`deelnemer`, `pakket`).
pub fn choice_from_json(design: &Design, allocation: &Allocation, value: &Value) -> Result<Choice, Error> {
    let o = object("", value)?;
    let participant = ParticipantId(number("deelnemer", field("", o, "deelnemer")?, 0, i64::from(u32::MAX))?);
    let package = string("pakket", field("", o, "pakket")?)?;
    choose_package(design, allocation, participant, package)
}

// ---------------------------------------------------------------- Measurement

/// A measurement as JSON (see the module documentation for its shape);
/// money in cents, hours in tenths.
pub fn measurement_to_json(m: &Measurement) -> Value {
    let answers: Map<String, Value> = m.answers.iter().map(|(k, v)| (k.clone(), Value::from(*v))).collect();
    json!({
        "deelnemer": m.participant.0,
        "meting": m.wave,
        "datum": m.date.to_string(),
        "antwoorden": answers,
        "registratie": m.admin.as_ref().map(admin_to_json),
    })
}

/// Reads a measurement stored with [`measurement_to_json`] and checks it
/// against `design` with [`Measurement::new`] (a known wave, answers to the
/// questionnaire's items within their scales, administrative values in bounds).
pub fn measurement_from_json(design: &Design, value: &Value) -> Result<Measurement, Error> {
    let o = object("", value)?;
    let participant = ParticipantId(number("deelnemer", field("", o, "deelnemer")?, 0, i64::from(u32::MAX))?);
    let wave = string("meting", field("", o, "meting")?)?;
    let day = date("datum", field("", o, "datum")?)?;
    let ao = object("antwoorden", field("", o, "antwoorden")?)?;
    if ao.len() > MAX_ITEMS {
        return Err(Error::new("antwoorden", Problem::TooMany { max: MAX_ITEMS }));
    }
    let mut answers = BTreeMap::new();
    for (key, v) in ao {
        answers.insert(key.clone(), number(&format!("antwoorden.{key}"), v, 0, i64::from(MAX_SCALE))?);
    }
    let admin = admin_from_json("registratie", o.get("registratie").unwrap_or(&Value::Null))?;
    Measurement::new(design, participant, wave, day, answers, admin)
}

/// Administrative outcomes as JSON: cents and tenths, `null` for a missing
/// outcome (the records could not give it).
pub fn admin_to_json(a: &AdminOutcomes) -> Value {
    json!({
        "werkuren_tienden": a.work_hours_tenths,
        "inkomen_uit_werk": a.income.map(Cents::get),
        "trede": a.rung,
        "uitkering_betaald": a.benefit_paid.map(Cents::get),
    })
}

/// Reads [`admin_to_json`] at path `f`; `None` for an absent or `null`
/// object. Every key must be there (`null` when missing); values in bounds.
pub fn admin_from_json(f: &str, v: &Value) -> Result<Option<AdminOutcomes>, Error> {
    if v.is_null() {
        return Ok(None);
    }
    let ro = object(f, v)?;
    let opt = |key: &str| -> Result<Option<&Value>, Error> {
        let x = field(f, ro, key)?;
        Ok(if x.is_null() { None } else { Some(x) })
    };
    // A whole number in `min..=max`, or the error naming the field and the range.
    let bounded = |key: &str, min: i64, max: i64| -> Result<Option<i64>, Error> {
        opt(key)?
            .map(|x| {
                x.as_i64()
                    .filter(|n| (min..=max).contains(n))
                    .ok_or_else(|| Error::new(path(f, key), Problem::OutOfRange { min, max }))
            })
            .transpose()
    };
    let small = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Some(AdminOutcomes {
        work_hours_tenths: bounded("werkuren_tienden", 0, i64::from(MAX_WORK_HOURS_TENTHS))?.map(small),
        income: bounded("inkomen_uit_werk", 0, MAX_MONTHLY_CENTS)?.map(Cents::new),
        rung: bounded("trede", 1, i64::from(MAX_RUNG))?.map(|n| u8::try_from(n).unwrap_or(u8::MAX)),
        benefit_paid: bounded("uitkering_betaald", 0, MAX_MONTHLY_CENTS)?.map(Cents::new),
    }))
}

// ---------------------------------------------------------------- helpers

fn format_error(field: &str, nl: &'static str, en: &'static str) -> Error {
    Error::new(field, Problem::Format { nl, en })
}

fn path(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_owned() } else { format!("{parent}.{key}") }
}

fn object<'a>(f: &str, v: &'a Value) -> Result<&'a Map<String, Value>, Error> {
    v.as_object().ok_or_else(|| format_error(f, "Hier hoort een object ({…}).", "An object ({…}) belongs here."))
}

fn array<'a>(f: &str, v: &'a Value) -> Result<&'a Vec<Value>, Error> {
    v.as_array().ok_or_else(|| format_error(f, "Hier hoort een lijst ([…]).", "A list ([…]) belongs here."))
}

fn field<'a>(parent: &str, o: &'a Map<String, Value>, key: &str) -> Result<&'a Value, Error> {
    o.get(key).ok_or_else(|| Error::new(path(parent, key), Problem::Missing))
}

/// A list field of at most `max` entries (checked before reading them).
fn list<'a>(parent: &str, o: &'a Map<String, Value>, key: &str, max: usize) -> Result<&'a Vec<Value>, Error> {
    let f = path(parent, key);
    let l = array(&f, field(parent, o, key)?)?;
    if l.len() > max {
        return Err(Error::new(f, Problem::TooMany { max }));
    }
    Ok(l)
}

fn string<'a>(f: &str, v: &'a Value) -> Result<&'a str, Error> {
    v.as_str().ok_or_else(|| format_error(f, "Hier hoort een tekst.", "A text belongs here."))
}

/// The text field `key` of `o`, owned.
fn text(parent: &str, o: &Map<String, Value>, key: &str) -> Result<String, Error> {
    string(&path(parent, key), field(parent, o, key)?).map(str::to_owned)
}

fn strings(f: &str, list: &[Value]) -> Result<Vec<String>, Error> {
    list.iter().enumerate().map(|(i, v)| string(&format!("{f}[{i}]"), v).map(str::to_owned)).collect()
}

fn boolean(f: &str, v: &Value) -> Result<bool, Error> {
    v.as_bool().ok_or_else(|| format_error(f, "Dit is true of false.", "This is true or false."))
}

/// A whole number that fits `T`; anything else (a text, a fraction, a
/// negative or too large number) is out of `min..=max`, the field's own
/// bounds, which the constructor checks again.
fn number<T: TryFrom<u64>>(f: &str, v: &Value, min: i64, max: i64) -> Result<T, Error> {
    v.as_u64().and_then(|n| T::try_from(n).ok()).ok_or_else(|| Error::new(f, Problem::OutOfRange { min, max }))
}

/// `{"van", "tot_en_met"}`, each a whole number in `min..=max`.
fn range(f: &str, v: &Value, min: u8, max: u8) -> Result<(u8, u8), Error> {
    let o = object(f, v)?;
    let end = |key: &str| number(&path(f, key), field(f, o, key)?, i64::from(min), i64::from(max));
    Ok((end("van")?, end("tot_en_met")?))
}

/// A stable key of a fixed list, or an error naming the allowed keys.
fn keyed<T>(f: &str, v: &Value, from_key: impl Fn(&str) -> Option<T>, keys: &[&str]) -> Result<T, Error> {
    let key = string(f, v)?;
    from_key(key).ok_or_else(|| unknown_key(f, key, keys))
}

fn date(f: &str, v: &Value) -> Result<Date, Error> {
    string(f, v)?.parse::<Date>().map_err(|_| format_error(f, "Een datum is JJJJ-MM-DD.", "A date is YYYY-MM-DD."))
}

fn optional_date(f: &str, v: Option<&Value>) -> Result<Option<Date>, Error> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => date(f, v).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Profile;
    use crate::enrol::enrol;
    use crate::randomise::allocate;
    use jiff::Span;
    use jiff::civil::date as d;
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::sample::{Index, subsequence};

    // ------------------------------------------------------------ strategies

    fn key() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9_-]{0,12}"
    }

    /// Free text with what JSON must escape: quotes, backslashes, line breaks, non-ASCII.
    fn text() -> impl Strategy<Value = String> {
        "[A-Za-zéë€\"\\\\][A-Za-z0-9éë€ .,?!'\"\\\\\n-]{0,24}"
    }

    /// Makes generated keys distinct: the suffix after the last `_` is the position.
    fn unique(keys: Vec<String>) -> Vec<String> {
        keys.into_iter().enumerate().map(|(i, k)| format!("{k}_{i}")).collect()
    }

    fn plus_days(day: Date, n: i64) -> Date {
        day.checked_add(Span::new().days(n)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn arms() -> impl Strategy<Value = Vec<Arm>> {
        (vec((key(), text(), 0u8..3, 1u8..=7, 0u32..=MAX_TARGET, vec(key(), 2..=4)), 2..=MAX_ARMS), any::<Index>())
            .prop_map(|(seeds, control)| {
                let c = control.index(seeds.len());
                seeds
                    .into_iter()
                    .enumerate()
                    .map(|(i, (k, label_nl, kind, weight, target, options))| {
                        let kind = match kind {
                            _ if i == c => ArmKind::Control,
                            0 | 1 => ArmKind::Package { variant: format!("{k}-variant") },
                            _ => ArmKind::FreeChoice { options: unique(options) },
                        };
                        Arm { key: format!("{k}_{i}"), label_nl, kind, weight, target }
                    })
                    .collect()
            })
    }

    fn eligibility() -> impl Strategy<Value = Eligibility> {
        (18u8..=67, 0u8..=49, subsequence(HouseholdType::ALL.to_vec(), 0..=4), 1u8..=6, 0u8..=5, 0u16..=600).prop_map(
            |(min_age, age_span, household_types, min_rung, rung_span, min_months_on_bijstand)| Eligibility {
                min_age,
                max_age: min_age.saturating_add(age_span).min(67),
                household_types,
                min_rung,
                max_rung: min_rung.saturating_add(rung_span).min(MAX_RUNG),
                min_months_on_bijstand,
            },
        )
    }

    fn stratification() -> impl Strategy<Value = Stratification> {
        (any::<bool>(), any::<bool>(), subsequence(vec![1u8, 2, 3, 4, 5], 0..=5)).prop_map(|(by_hh, by_rung, cuts)| {
            let mut rung_bands = Vec::new();
            if by_rung {
                let mut lo = 1;
                for hi in cuts.into_iter().chain([MAX_RUNG]) {
                    rung_bands.push((lo, hi));
                    lo = hi + 1;
                }
            }
            Stratification { by_household_type: by_hh, rung_bands }
        })
    }

    fn waves() -> impl Strategy<Value = Vec<Wave>> {
        vec((key(), text(), 1u8..=10, 1u8..=MAX_OPEN_WEEKS), 2..=MAX_WAVES)
            .prop_map(|list| {
                let mut month = 0;
                list.into_iter()
                    .enumerate()
                    .map(|(i, (k, label_nl, gap, open_weeks))| {
                        if i > 0 {
                            month += gap;
                        }
                        Wave { key: format!("{k}_{i}"), label_nl, month, open_weeks }
                    })
                    .collect::<Vec<_>>()
            })
            .prop_map(|mut waves| {
                // A wave closes before the next opens: at most 4 weeks per month between them.
                for i in 0..waves.len() - 1 {
                    let room = 4 * (waves[i + 1].month - waves[i].month);
                    waves[i].open_weeks = waves[i].open_weeks.min(room);
                }
                waves
            })
    }

    fn items() -> impl Strategy<Value = Vec<Item>> {
        vec((key(), 0..Construct::ALL.len(), text(), 0u8..MAX_SCALE, 1u8..=MAX_SCALE, any::<bool>()), 1..=6).prop_map(
            |list| {
                list.into_iter()
                    .enumerate()
                    .map(|(i, (k, c, text_nl, scale_min, span, reversed))| Item {
                        key: format!("{k}_{i}"),
                        construct: Construct::ALL[c],
                        text_nl,
                        scale_min,
                        scale_max: scale_min.saturating_add(span).min(MAX_SCALE),
                        reversed,
                    })
                    .collect()
            },
        )
    }

    /// Any valid design, built through [`Design::new`].
    fn design() -> impl Strategy<Value = Design> {
        (
            (key(), text(), vec(text(), 1..=3), vec((text(), text(), text()), 1..=2)),
            (arms(), eligibility(), stratification(), vec(any::<u8>(), 1..=MAX_BLOCK_MULTIPLIERS)),
            (0i64..40_000, 1i64..=1000, vec(key(), 1..=3), waves(), items()),
        )
            .prop_map(
                |(
                    (key, title, research_questions, contacts),
                    (arms, eligibility, stratification, multipliers),
                    (from, length, versions, waves, items),
                )| {
                    let weights: u32 = arms.iter().map(|a| u32::from(a.weight)).sum();
                    let max = (crate::design::MAX_BLOCK_SIZE / weights).max(1);
                    let block_multipliers =
                        multipliers.iter().map(|m| u8::try_from(1 + u32::from(*m) % max).unwrap_or(1)).collect();
                    let start = plus_days(d(1990, 1, 1), from);
                    let spec = DesignSpec {
                        key,
                        title,
                        research_questions,
                        contacts: contacts
                            .into_iter()
                            .map(|(role_nl, name, reach)| Contact { role_nl, name, reach })
                            .collect(),
                        arms,
                        eligibility,
                        stratification,
                        block_multipliers,
                        start,
                        end: plus_days(start, length),
                        information_versions: unique(versions),
                        waves,
                        questionnaire: Questionnaire { items },
                        // Any allowed threshold, derived from a drawn number.
                        threshold: crate::design::MIN_THRESHOLD
                            + u32::try_from(from.unsigned_abs()).unwrap_or(0)
                                % (crate::design::MAX_THRESHOLD - crate::design::MIN_THRESHOLD + 1),
                    };
                    Design::new(spec).unwrap_or_else(|e| panic!("{e}"))
                },
            )
    }

    /// A profile that meets the design's eligibility, picked by `p`.
    fn eligible(design: &Design, p: [u8; 4]) -> Profile {
        let e = &design.spec().eligibility;
        let pick = |lo: u8, hi: u8, x: u8| lo + x % (hi - lo + 1);
        let household_type = if e.household_types.is_empty() {
            HouseholdType::ALL[usize::from(p[1]) % HouseholdType::ALL.len()]
        } else {
            e.household_types[usize::from(p[1]) % e.household_types.len()]
        };
        Profile {
            age: pick(e.min_age, e.max_age, p[0]),
            household_type,
            rung: pick(e.min_rung, e.max_rung, p[2]),
            months_on_bijstand: e.min_months_on_bijstand + u16::from(p[3]),
        }
    }

    /// Residents enrolled through [`enrol`], with ids that have gaps.
    fn population(design: &Design, picks: &[[u8; 4]]) -> Vec<Participant> {
        let spec = design.spec();
        let consent = Consent { information_version: spec.information_versions[0].clone(), date: spec.start };
        picks
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let id = ParticipantId(u32::try_from(i * 3 + 1).unwrap_or(0));
                enrol(design, id, &eligible(design, *p), consent.clone(), spec.start).unwrap_or_else(|e| panic!("{e}"))
            })
            .collect()
    }

    /// After Groningen: a package, a free-choice arm and control; strata by
    /// household type and rung bands; the standard waves and questionnaire.
    fn fixed_design() -> Design {
        let arm = |key: &str, kind, weight| Arm {
            key: key.to_owned(),
            label_nl: format!("Groep {key}"),
            kind,
            weight,
            target: 50,
        };
        Design::new(DesignSpec {
            key: "bijstand-op-maat".to_owned(),
            title: "Bijstand op maat".to_owned(),
            research_questions: vec!["Helpt meer ruimte om bij te verdienen?".to_owned()],
            contacts: vec![Contact {
                role_nl: "Onderzoeker".to_owned(),
                name: "A. de Vries".to_owned(),
                reach: "onderzoek@example.nl".to_owned(),
            }],
            arms: vec![
                arm("bijverdienen", ArmKind::Package { variant: "experiment-2017-bijverdienen".to_owned() }, 2),
                arm(
                    "vrije_keuze",
                    ArmKind::FreeChoice {
                        options: vec![
                            "experiment-2017-vrijstelling".to_owned(),
                            "experiment-2017-begeleiding".to_owned(),
                        ],
                    },
                    1,
                ),
                arm("controle", ArmKind::Control, 1),
            ],
            eligibility: Eligibility::open(),
            stratification: Stratification { by_household_type: true, rung_bands: vec![(1, 2), (3, 4), (5, 6)] },
            block_multipliers: vec![1, 2],
            start: d(2027, 1, 4),
            end: d(2027, 6, 30),
            information_versions: vec!["2026-12".to_owned()],
            waves: Wave::standard(),
            questionnaire: Questionnaire::standard(),
            threshold: crate::design::DEFAULT_THRESHOLD,
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Through the text as stored, then back.
    fn stored(v: &Value) -> Value {
        serde_json::from_str(&v.to_string()).unwrap_or(Value::Null)
    }

    /// The field a refused document names; a test failure if it was accepted.
    fn field_of<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
        match r {
            Ok(v) => panic!("accepted: {v:?}"),
            Err(e) => e.field,
        }
    }

    fn with(v: &Value, change: impl FnOnce(&mut Value)) -> Value {
        let mut v = v.clone();
        change(&mut v);
        v
    }

    fn without(v: &Value, parent: &[&str], key: &str) -> Value {
        with(v, |v| {
            let mut o = v;
            for p in parent {
                o = &mut o[*p];
            }
            o.as_object_mut().map(|o| o.remove(key));
        })
    }

    // ------------------------------------------------------------ round trips

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn design_survives_json(design in design()) {
            prop_assert_eq!(design_from_json(&design_to_json(&design)), Ok(design.clone()));
            prop_assert_eq!(design_from_json(&stored(&design_to_json(&design))), Ok(design));
        }

        #[test]
        fn participant_survives_json(
            design in design(),
            id: u32,
            picks: [u8; 4],
            version: Index,
            day: Index,
            consent_before in 0i64..400,
            withdrawal in proptest::option::of((0i64..800, any::<bool>())),
            deviation in proptest::option::of(0i64..800),
        ) {
            let spec = design.spec();
            let length = spec.start.until(spec.end).map(|s| s.get_days()).unwrap_or(0);
            let offset = day.index(usize::try_from(length).unwrap_or(0) + 1);
            let on = plus_days(spec.start, i64::try_from(offset).unwrap_or(0));
            let consent = Consent {
                information_version: spec.information_versions[version.index(spec.information_versions.len())].clone(),
                date: plus_days(on, -consent_before),
            };
            let mut p = enrol(&design, ParticipantId(id), &eligible(&design, picks), consent, on)
                .unwrap_or_else(|e| panic!("{e}"));
            if let Some((after, delete)) = withdrawal {
                let data = if delete { DataOnWithdrawal::Delete } else { DataOnWithdrawal::KeepUntilWithdrawal };
                prop_assert!(p.withdraw(plus_days(on, after), data).is_ok());
            }
            if let Some(after) = deviation {
                prop_assert!(p.record_deviation(plus_days(on, after)).is_ok());
            }
            prop_assert_eq!(participant_from_json(&design, &participant_to_json(&p)), Ok(p.clone()));
            prop_assert_eq!(participant_from_json(&design, &stored(&participant_to_json(&p))), Ok(p));
        }

        #[test]
        fn allocation_survives_json(design in design(), seed: u64, picks in vec(any::<[u8; 4]>(), 0..30)) {
            let people = population(&design, &picks);
            let a = allocate(&design, seed, &people).unwrap_or_else(|e| panic!("{e}"));
            prop_assert_eq!(allocation_from_json(&allocation_to_json(&a)), Ok(a.clone()));
            let back = allocation_from_json(&stored(&allocation_to_json(&a)));
            prop_assert_eq!(back.as_ref(), Ok(&a));
            prop_assert_eq!(back.and_then(|b| b.verify(&design, &people)), Ok(true));
        }

        #[test]
        fn choice_survives_json(seed: u64, picks in vec(any::<[u8; 4]>(), 1..40), options in vec(any::<Index>(), 40)) {
            let design = fixed_design();
            let people = population(&design, &picks);
            let a = allocate(&design, seed, &people).unwrap_or_else(|e| panic!("{e}"));
            let ArmKind::FreeChoice { options: offered } = &design.spec().arms[1].kind else {
                panic!("the second arm is the free-choice arm");
            };
            for (s, pick) in a.assignments.iter().filter(|s| s.arm == "vrije_keuze").zip(&options) {
                let package = &offered[pick.index(offered.len())];
                let c = choose_package(&design, &a, s.participant, package).unwrap_or_else(|e| panic!("{e}"));
                prop_assert_eq!(choice_from_json(&design, &a, &choice_to_json(&c)), Ok(c.clone()));
                prop_assert_eq!(choice_from_json(&design, &a, &stored(&choice_to_json(&c))), Ok(c));
            }
        }

        #[test]
        fn measurement_survives_json(
            design in design(),
            id: u32,
            wave: Index,
            after in 0i64..2000,
            answers in vec((any::<Index>(), any::<u8>()), 0..8),
            admin in proptest::option::of((
                proptest::option::of(0..=MAX_WORK_HOURS_TENTHS),
                proptest::option::of(0..=MAX_MONTHLY_CENTS),
                proptest::option::of(1..=MAX_RUNG),
                proptest::option::of(0..=MAX_MONTHLY_CENTS),
            )),
        ) {
            let items = &design.questionnaire().items;
            let answers: BTreeMap<String, u8> = answers
                .into_iter()
                .map(|(i, x)| {
                    let it = &items[i.index(items.len())];
                    (it.key.clone(), it.scale_min + x % (it.scale_max - it.scale_min + 1))
                })
                .collect();
            // Any outcome may be missing (null) on its own.
            let admin = admin.map(|(h, income, rung, benefit)| AdminOutcomes {
                work_hours_tenths: h,
                income: income.map(Cents::new),
                rung,
                benefit_paid: benefit.map(Cents::new),
            });
            let wave = &design.waves()[wave.index(design.waves().len())].key;
            let day = plus_days(design.spec().start, after);
            let m = Measurement::new(&design, ParticipantId(id), wave, day, answers, admin)
                .unwrap_or_else(|e| panic!("{e}"));
            prop_assert_eq!(measurement_from_json(&design, &measurement_to_json(&m)), Ok(m.clone()));
            prop_assert_eq!(measurement_from_json(&design, &stored(&measurement_to_json(&m))), Ok(m));
        }
    }

    #[test]
    fn the_largest_seed_survives_as_text() {
        let design = fixed_design();
        let people = population(&design, &[[30, 0, 1, 0], [40, 2, 4, 9], [50, 3, 6, 12]]);
        let a = allocate(&design, u64::MAX, &people).unwrap_or_else(|e| panic!("{e}"));
        let v = allocation_to_json(&a);
        assert_eq!(v["zaad"], json!("18446744073709551615"));
        assert!(v.to_string().contains("\"zaad\":\"18446744073709551615\""));
        let back = allocation_from_json(&stored(&v)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.seed, u64::MAX);
        assert_eq!(back, a);
        assert_eq!(back.verify(&design, &people), Ok(true));
        // Zero, the other end.
        let zero = allocate(&design, 0, &people).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(allocation_to_json(&zero)["zaad"], json!("0"));
        assert_eq!(allocation_from_json(&stored(&allocation_to_json(&zero))), Ok(zero));
    }

    // ------------------------------------------------------------ broken documents

    #[test]
    fn a_broken_design_names_the_field() {
        let good = design_to_json(&fixed_design());
        assert_eq!(design_from_json(&good), Ok(fixed_design()));

        assert_eq!(field_of(design_from_json(&without(&good, &[], "titel"))), "titel");
        assert_eq!(
            field_of(design_from_json(&without(&good, &["toelating"], "hoogste_trede"))),
            "toelating.hoogste_trede"
        );
        let keuzes = with(&good, |v| {
            v["armen"][1].as_object_mut().map(|o| o.remove("keuzes"));
        });
        assert_eq!(field_of(design_from_json(&keuzes)), "armen[1].keuzes");
        // Wrong types.
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["armen"][0]["gewicht"] = json!("twee")))),
            "armen[0].gewicht"
        );
        assert_eq!(field_of(design_from_json(&with(&good, |v| v["armen"] = json!({})))), "armen");
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["strata"]["per_huishoudtype"] = json!("ja")))),
            "strata.per_huishoudtype"
        );
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["onderzoeksvragen"][0] = json!(1)))),
            "onderzoeksvragen[0]"
        );
        assert_eq!(field_of(design_from_json(&with(&good, |v| v["einde"] = json!("morgen")))), "einde");
        assert!(design_from_json(&json!([])).is_err());
        // Unknown enum keys.
        let e = design_from_json(&with(&good, |v| v["armen"][1]["soort"] = json!("loterij"))).err();
        assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("armen[1].soort"));
        assert!(matches!(e.map(|e| e.problem), Some(Problem::UnknownValue { .. })));
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["toelating"]["huishoudtypen"] = json!(["kat"])))),
            "toelating.huishoudtypen[0]"
        );
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["vragenlijst"]["items"][3]["construct"] = json!("geluk")))),
            "vragenlijst.items[3].construct"
        );
        // Out of range: refused by the reader (does not fit) or by `Design::new`.
        let e = design_from_json(&with(&good, |v| v["armen"][2]["gewicht"] = json!(11))).err();
        assert_eq!(e, Some(Error::new("armen[2].gewicht", Problem::OutOfRange { min: 1, max: 10 })));
        let e = design_from_json(&with(&good, |v| v["armen"][2]["gewicht"] = json!(300))).err();
        assert_eq!(e, Some(Error::new("armen[2].gewicht", Problem::OutOfRange { min: 1, max: 10 })));
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["armen"][0]["gewicht"] = json!(-1)))),
            "armen[0].gewicht"
        );
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["blokvermenigvuldigers"][1] = json!(0)))),
            "blokvermenigvuldigers[1]"
        );
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["metingen"][1]["maand"] = json!(0)))),
            "metingen[1].maand"
        );
        // 11 fits the reader; `Design::new` refuses the scale as a whole.
        let scale = |n: u64| with(&good, |v| v["vragenlijst"]["items"][0]["schaal"]["tot_en_met"] = json!(n));
        assert_eq!(field_of(design_from_json(&scale(11))), "vragenlijst.items[0].schaal");
        assert_eq!(field_of(design_from_json(&scale(300))), "vragenlijst.items[0].schaal.tot_en_met");
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["strata"]["tredegroepen"][1]["van"] = json!(4)))),
            "strata.tredegroepen[1]"
        );
        assert_eq!(field_of(design_from_json(&with(&good, |v| v["einde"] = json!("2026-01-01")))), "einde");
        assert_eq!(
            field_of(design_from_json(&with(&good, |v| v["armen"][0]["sleutel"] = json!("Hoofdletters")))),
            "armen[0].sleutel"
        );
        // Too long a list is refused before it is read.
        let many = with(&good, |v| v["armen"] = Value::Array(vec![json!(null); MAX_ARMS + 1]));
        assert_eq!(design_from_json(&many).err(), Some(Error::new("armen", Problem::TooMany { max: MAX_ARMS })));
    }

    #[test]
    fn the_threshold_defaults_to_ten_and_is_checked() {
        let good = design_to_json(&fixed_design());
        assert_eq!(good["drempel_kleine_aantallen"], json!(10));
        let mut old = good.clone();
        old.as_object_mut().expect("object").remove("drempel_kleine_aantallen");
        assert_eq!(design_from_json(&old).map(|d| d.spec().threshold), Ok(10), "stored before it existed");
        for bad in [json!(4), json!(1001), json!(-1), json!("tien")] {
            let e = design_from_json(&with(&good, |v| v["drempel_kleine_aantallen"] = bad.clone())).err();
            assert_eq!(
                e,
                Some(Error::new("drempel_kleine_aantallen", Problem::OutOfRange { min: 5, max: 1000 })),
                "{bad}"
            );
        }
        let read = design_from_json(&with(&good, |v| v["drempel_kleine_aantallen"] = json!(20))).expect("valid");
        assert_eq!(read.spec().threshold, 20);
        assert_eq!(design_from_json(&design_to_json(&read)), Ok(read));
        // The example file says it, and a municipality changes it there.
        assert_eq!(design_from_toml(EXAMPLE_DESIGN).map(|d| d.spec().threshold), Ok(10));
        let stricter = EXAMPLE_DESIGN.replacen("drempel_kleine_aantallen = 10", "drempel_kleine_aantallen = 15", 1);
        assert_eq!(design_from_toml(&stricter).map(|d| d.spec().threshold), Ok(15));
    }

    #[test]
    fn open_weeks_default_to_eight_and_are_checked() {
        let good = design_to_json(&fixed_design());
        assert_eq!(good["metingen"][1]["open_weken"], json!(8));
        // A design stored before wave windows has no `open_weken`: it loads with the default.
        let old = with(&good, |v| {
            for w in v["metingen"].as_array_mut().into_iter().flatten() {
                w.as_object_mut().map(|o| o.remove("open_weken"));
            }
        });
        let read = design_from_json(&old).expect("an old design loads");
        assert!(read.waves().iter().all(|w| w.open_weeks == crate::measure::DEFAULT_OPEN_WEEKS));
        assert_eq!(read, fixed_design());
        let null = with(&good, |v| v["metingen"][0]["open_weken"] = Value::Null);
        assert_eq!(design_from_json(&null).map(|d| d.waves()[0].open_weeks), Ok(8));
        // Out of range: 0 and 53 by `Design::new`, 300 and -1 by the reader; always the path.
        for bad in [json!(0), json!(53), json!(300), json!(-1), json!("acht")] {
            let e = design_from_json(&with(&good, |v| v["metingen"][1]["open_weken"] = bad.clone())).err();
            assert_eq!(e, Some(Error::new("metingen[1].open_weken", Problem::OutOfRange { min: 1, max: 52 })), "{bad}");
        }
        // Another value survives JSON and TOML.
        let mut spec = fixed_design().spec().clone();
        spec.waves[2].open_weeks = 13;
        let design = Design::new(spec).expect("valid");
        let v = design_to_json(&design);
        assert_eq!(v["metingen"][2]["open_weken"], json!(13));
        assert_eq!(design_from_json(&stored(&v)).as_ref(), Ok(&design));
        // In TOML (the example file, with the last wave changed): read, stored as JSON, read again.
        let at = EXAMPLE_DESIGN.rfind("open_weken = 8").expect("the last wave");
        let toml_text = format!("{}open_weken = 13{}", &EXAMPLE_DESIGN[..at], &EXAMPLE_DESIGN[at + 14..]);
        let read = design_from_toml(&toml_text).expect("TOML");
        assert_eq!(read.waves().iter().map(|w| w.open_weeks).collect::<Vec<_>>(), vec![8, 8, 13]);
        assert_eq!(design_from_json(&stored(&design_to_json(&read))).as_ref(), Ok(&read));
        let zero = toml_text.replacen("open_weken = 13", "open_weken = 0", 1);
        assert_eq!(design_from_toml(&zero).err().map(|e| e.field), Some("metingen[2].open_weken".to_owned()));
        let over = toml_text.replacen("open_weken = 13", "open_weken = 53", 1);
        assert_eq!(design_from_toml(&over).err().map(|e| e.field), Some("metingen[2].open_weken".to_owned()));
        // A TOML design without `open_weken` loads with the default.
        let old_toml: String =
            EXAMPLE_DESIGN.lines().filter(|l| !l.starts_with("open_weken")).map(|l| format!("{l}\n")).collect();
        let read = design_from_toml(&old_toml).expect("an old TOML design loads");
        assert!(read.waves().iter().all(|w| w.open_weeks == 8));
    }

    #[test]
    fn the_example_design_shows_open_weeks() {
        assert_eq!(EXAMPLE_DESIGN.matches("open_weken = ").count(), 3);
        let d = design_from_toml(EXAMPLE_DESIGN).expect("the example reads");
        assert!(d.waves().iter().all(|w| w.open_weeks == 8));
    }

    fn participant_document(design: &Design) -> Value {
        let profile = Profile { age: 40, household_type: HouseholdType::Paar, rung: 3, months_on_bijstand: 12 };
        let consent = Consent { information_version: "2026-12".to_owned(), date: d(2027, 1, 10) };
        let mut p =
            enrol(design, ParticipantId(7), &profile, consent, d(2027, 1, 11)).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.withdraw(d(2027, 9, 1), DataOnWithdrawal::KeepUntilWithdrawal).is_ok());
        assert!(p.record_deviation(d(2027, 3, 1)).is_ok());
        let v = participant_to_json(&p);
        assert_eq!(participant_from_json(design, &v), Ok(p));
        v
    }

    #[test]
    fn a_broken_participant_names_the_field() {
        let design = fixed_design();
        let good = participant_document(&design);
        assert_eq!(good["stratum"], json!("paar|trede_3-4"));
        assert_eq!(good["intrekking"], json!({"datum": "2027-09-01", "gegevens": "bewaren_tot_intrekking"}));
        let read = |v: &Value| participant_from_json(&design, v);

        // Missing fields; absent optional ones are fine.
        assert_eq!(field_of(read(&without(&good, &["toestemming"], "datum"))), "toestemming.datum");
        assert_eq!(field_of(read(&without(&good, &["profiel"], "huishoudtype"))), "profiel.huishoudtype");
        assert_eq!(field_of(read(&without(&good, &[], "stratum"))), "stratum");
        assert!(read(&without(&without(&good, &[], "intrekking"), &[], "afwijking_vanaf")).is_ok());
        // Wrong types.
        assert_eq!(field_of(read(&with(&good, |v| v["id"] = json!("7")))), "id");
        assert_eq!(field_of(read(&with(&good, |v| v["intrekking"] = json!("2027-09-01")))), "intrekking");
        assert_eq!(field_of(read(&with(&good, |v| v["afwijking_vanaf"] = json!("gisteren")))), "afwijking_vanaf");
        // Unknown enum keys.
        let e = read(&with(&good, |v| v["intrekking"]["gegevens"] = json!("weggooien"))).err();
        assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("intrekking.gegevens"));
        assert!(matches!(e.map(|e| e.problem), Some(Problem::UnknownValue { .. })));
        assert_eq!(
            field_of(read(&with(&good, |v| v["profiel"]["huishoudtype"] = json!("kat")))),
            "profiel.huishoudtype"
        );
        assert_eq!(
            field_of(read(&with(&good, |v| v["toestemming"]["versie_informatietekst"] = json!("2099-01")))),
            "toestemming.versie_informatietekst"
        );
        // Out of range, and the checks `enrol` made.
        assert_eq!(field_of(read(&with(&good, |v| v["profiel"]["trede"] = json!(7)))), "profiel.trede");
        assert_eq!(field_of(read(&with(&good, |v| v["id"] = json!(u64::from(u32::MAX) + 1)))), "id");
        assert_eq!(field_of(read(&with(&good, |v| v["ingeschreven_op"] = json!("2027-07-01")))), "ingeschreven_op");
        assert_eq!(
            field_of(read(&with(&good, |v| v["toestemming"]["datum"] = json!("2027-01-12")))),
            "toestemming.datum"
        );
        assert_eq!(
            field_of(read(&with(&good, |v| v["intrekking"]["datum"] = json!("2027-01-10")))),
            "intrekking.datum"
        );
        assert_eq!(field_of(read(&with(&good, |v| v["afwijking_vanaf"] = json!("2027-01-01")))), "afwijking_vanaf");
        // The stratum must be the design's for this household type and rung.
        assert_eq!(field_of(read(&with(&good, |v| v["stratum"] = json!("paar|trede_1-2")))), "stratum");
        // A design this household type may not join.
        let mut spec = design.spec().clone();
        spec.eligibility.household_types = vec![HouseholdType::Alleenstaande];
        let only_single = Design::new(spec).unwrap_or_else(|e| panic!("{e}"));
        let e = participant_from_json(&only_single, &good).err();
        assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("profiel"));
        assert!(matches!(e.map(|e| e.problem), Some(Problem::NotEligible { .. })));
    }

    #[test]
    fn a_broken_allocation_names_the_field() {
        let design = fixed_design();
        let people = population(&design, &[[30, 0, 1, 0], [40, 2, 4, 9], [50, 3, 6, 12]]);
        let a = allocate(&design, 20_270_104, &people).unwrap_or_else(|e| panic!("{e}"));
        let good = allocation_to_json(&a);
        assert_eq!(allocation_from_json(&good), Ok(a));

        // A seed that is not a decimal string of a u64.
        for bad in [
            json!("abc"),
            json!(42),
            json!(""),
            json!("-1"),
            json!("+1"),
            json!("007"),
            json!("1.5"),
            json!("18446744073709551616"),
            json!(null),
        ] {
            let e = allocation_from_json(&with(&good, |v| v["zaad"] = bad.clone())).err();
            assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("zaad"), "{bad}");
            assert!(matches!(e.map(|e| e.problem), Some(Problem::Format { .. })));
        }
        assert_eq!(field_of(allocation_from_json(&without(&good, &[], "zaad"))), "zaad");
        // Unknown algorithm: named at the document's own path.
        let e = allocation_from_json(&with(&good, |v| v["algoritme"] = json!("mersenne-twister"))).err();
        assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("algoritme"));
        assert!(matches!(e.map(|e| e.problem), Some(Problem::UnknownValue { .. })));
        // Missing field, wrong type, out of range, and the order `from_parts` requires.
        let e = allocation_from_json(&with(&good, |v| {
            v["deelnemers"][0].as_object_mut().map(|o| o.remove("arm"));
        }));
        assert_eq!(field_of(e), "deelnemers[0].arm");
        assert_eq!(
            field_of(allocation_from_json(&with(&good, |v| v["deelnemers"][0]["blok"] = json!("x")))),
            "deelnemers[0].blok"
        );
        assert_eq!(
            field_of(allocation_from_json(&with(&good, |v| v["deelnemers"][2]["plaats"] = json!(-3)))),
            "deelnemers[2].plaats"
        );
        assert_eq!(field_of(allocation_from_json(&with(&good, |v| v["deelnemers"] = json!("alle")))), "deelnemers");
        let swapped = with(&good, |v| {
            if let Some(l) = v["deelnemers"].as_array_mut() {
                l.swap(0, 1);
            }
        });
        assert_eq!(field_of(allocation_from_json(&swapped)), "deelnemers[1]");
    }

    #[test]
    fn a_broken_choice_names_the_field() {
        let design = fixed_design();
        let picks: Vec<[u8; 4]> = (0..24u8).map(|i| [i, i, i, i]).collect();
        let people = population(&design, &picks);
        let a = allocate(&design, 7, &people).unwrap_or_else(|e| panic!("{e}"));
        let in_arm = |arm: &str| a.assignments.iter().find(|s| s.arm == arm).map(|s| s.participant.0);
        let (Some(free), Some(control)) = (in_arm("vrije_keuze"), in_arm("controle")) else {
            panic!("24 people fill every arm");
        };
        let good = json!({"deelnemer": free, "pakket": "experiment-2017-begeleiding"});
        let c = choice_from_json(&design, &a, &good).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(choice_to_json(&c), good);
        let read = |v: &Value| choice_from_json(&design, &a, v);

        assert_eq!(field_of(read(&without(&good, &[], "pakket"))), "pakket");
        assert_eq!(field_of(read(&with(&good, |v| v["pakket"] = json!(3)))), "pakket");
        assert_eq!(field_of(read(&with(&good, |v| v["deelnemer"] = json!(-1)))), "deelnemer");
        let e = read(&with(&good, |v| v["pakket"] = json!("experiment-2017-bijverdienen"))).err();
        assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("pakket"));
        assert!(matches!(e.map(|e| e.problem), Some(Problem::UnknownValue { .. })));
        // In a randomised arm the lot decides: a stored choice there is refused.
        let e = read(&with(&good, |v| v["deelnemer"] = json!(control))).err();
        assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("pakket"));
        assert!(matches!(e.map(|e| e.problem), Some(Problem::WrongState { .. })));
        let e = read(&with(&good, |v| v["deelnemer"] = json!(1_000_000))).err();
        assert_eq!(e, Some(Error::new("deelnemer", Problem::NotFound)));
    }

    #[test]
    fn a_broken_measurement_names_the_field() {
        let design = fixed_design();
        let good = json!({
            "deelnemer": 7,
            "meting": "tussenmeting",
            "datum": "2028-01-11",
            "antwoorden": {"stress_1": 4, "stress_2": 2, "welbevinden_1": 5},
            "registratie": {
                "werkuren_tienden": 125, "inkomen_uit_werk": 45_050, "trede": 4, "uitkering_betaald": 98_012,
            },
        });
        let m = measurement_from_json(&design, &good).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.admin.and_then(|a| a.income), Some(Cents::new(45_050)));
        assert_eq!(measurement_to_json(&m), good);
        let read = |v: &Value| measurement_from_json(&design, v);

        // Missing fields; no administrative values is fine.
        assert_eq!(field_of(read(&without(&good, &[], "datum"))), "datum");
        assert_eq!(field_of(read(&without(&good, &["registratie"], "trede"))), "registratie.trede");
        assert!(read(&with(&good, |v| v["registratie"] = Value::Null)).is_ok());
        // Wrong types.
        assert_eq!(field_of(read(&with(&good, |v| v["antwoorden"] = json!([4, 2])))), "antwoorden");
        assert_eq!(
            field_of(read(&with(&good, |v| v["antwoorden"]["stress_1"] = json!("vier")))),
            "antwoorden.stress_1"
        );
        assert_eq!(field_of(read(&with(&good, |v| v["registratie"]["trede"] = json!("drie")))), "registratie.trede");
        assert_eq!(
            field_of(read(&with(&good, |v| v["registratie"]["inkomen_uit_werk"] = json!(450.5)))),
            "registratie.inkomen_uit_werk"
        );
        // An answer to an unknown item, an unknown wave.
        let e = read(&with(&good, |v| v["antwoorden"]["geluk_1"] = json!(3))).err();
        assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("antwoorden.geluk_1"));
        assert!(matches!(e.map(|e| e.problem), Some(Problem::UnknownValue { .. })));
        let e = read(&with(&good, |v| v["meting"] = json!("halverwege"))).err();
        assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("meting"));
        assert!(matches!(e.map(|e| e.problem), Some(Problem::UnknownValue { .. })));
        // Out of range.
        let e = read(&with(&good, |v| v["antwoorden"]["stress_1"] = json!(9))).err();
        assert_eq!(e, Some(Error::new("antwoorden.stress_1", Problem::OutOfRange { min: 1, max: 5 })));
        assert_eq!(field_of(read(&with(&good, |v| v["antwoorden"]["stress_1"] = json!(300)))), "antwoorden.stress_1");
        assert_eq!(
            field_of(read(&with(&good, |v| v["registratie"]["inkomen_uit_werk"] = json!(-1)))),
            "registratie.inkomen_uit_werk"
        );
        assert_eq!(
            field_of(read(&with(&good, |v| v["registratie"]["uitkering_betaald"] = json!(MAX_MONTHLY_CENTS + 1)))),
            "registratie.uitkering_betaald"
        );
        assert_eq!(
            field_of(read(&with(&good, |v| v["registratie"]["werkuren_tienden"] = json!(801)))),
            "registratie.werkuren_tienden"
        );
        assert_eq!(field_of(read(&with(&good, |v| v["registratie"]["trede"] = json!(0)))), "registratie.trede");
        assert_eq!(field_of(read(&with(&good, |v| v["datum"] = json!("2026-12-31")))), "datum");
    }
}
