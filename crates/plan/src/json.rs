//! The plan's values as JSON, for storage (`opslag::PlanStore`) and exports.
//!
//! Keys are Dutch, like every other stored value (`doelen[0].stappen[1].tekst`),
//! enum values are the stable keys (`Domain::key`, `StepStatus::key`,
//! `Role::key`) and dates are `JJJJ-MM-DD`. Reading back goes through the
//! validating constructors ([`Plan::from_parts`], [`History::new`]): a stored
//! document that breaks a bound or an invariant is an [`Error`] naming the
//! field, never a panic.
//!
//! ```text
//! Plan    ⇄ {"doelen": [{"id", "domein", "titel", "aangemaakt", "bereikt_op",
//!             "stappen": [{"id", "tekst", "gepland", "aangemaakt", "status",
//!                          "voorgesteld_door", "gedaan_op", "afgevinkt_door"}]}],
//!            "helpers_mogen_afvinken", "volgend_id"}
//! LadderRecord ⇄ {"ladder": "<Ladder::key>", "posities": [{"datum", "trede", "door",
//!                  "antwoorden": {"<Question::key>": true|false}}],
//!                 "eerder": [{"ladder", "posities": [… the same …]}]}
//! ZrmSeries ⇄ {"metingen": [{"datum", "door", "scores": {"<ZrmDomain::key>": 1–5}}]}
//! AdemruimteSeries ⇄ {"scores": [{"datum", "ruimte", "stress"}]}
//! Round   ⇄ {"buurt", "gepland_door", "gepland_op", "adressen": [{"postcode",
//!             "huisnummer", "toevoeging", "pogingen", "laatste_datum", "uitkomst",
//!             "eerste_antwoord", "toestemming": {"datum", "versie_informatietekst", "ingetrokken_op"}}]}
//! ```

use std::collections::BTreeMap;

use jiff::civil::Date;
use platform::rol::Role;
use serde_json::{Map, Value, json};

use crate::buddy::{BuddyProfile, LanguageCode, NeighbourhoodCode, Theme};
use crate::error::{Error, Problem};
use crate::goals::{Domain, Goal, GoalId, Plan, Step, StepId, StepStatus};
use crate::home_visits::{Address, Consent, Outcome, Round, Visit};
use crate::ladder::{Answers, EarlierLadder, History, Ladder, LadderRecord, Position};
use crate::text::unknown_key;
use crate::zrm::{Ademruimte, AdemruimteSeries, ZrmAssessment, ZrmDomain, ZrmScore, ZrmSeries};

fn date_json(d: Option<Date>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

fn role_json(r: Option<Role>) -> Value {
    r.map_or(Value::Null, |r| Value::String(r.key().to_owned()))
}

/// A plan as JSON (see the module documentation for its shape).
pub fn plan_to_json(plan: &Plan) -> Value {
    let goals: Vec<Value> = plan
        .goals()
        .iter()
        .map(|g| {
            let steps: Vec<Value> = g
                .steps
                .iter()
                .map(|s| {
                    json!({
                        "id": s.id.0,
                        "tekst": s.text,
                        "gepland": s.planned.to_string(),
                        "aangemaakt": s.created.to_string(),
                        "status": s.status.key(),
                        "voorgesteld_door": role_json(s.suggested_by),
                        "gedaan_op": date_json(s.done_on),
                        "afgevinkt_door": role_json(s.ticked_off_by),
                    })
                })
                .collect();
            json!({
                "id": g.id.0,
                "domein": g.domain.key(),
                "titel": g.title,
                "aangemaakt": g.created.to_string(),
                "bereikt_op": date_json(g.reached_on),
                "stappen": steps,
            })
        })
        .collect();
    json!({
        "doelen": goals,
        "helpers_mogen_afvinken": plan.helpers_may_tick_off(),
        "volgend_id": plan.next_id(),
    })
}

/// Reads a plan stored with [`plan_to_json`], checking everything again.
pub fn plan_from_json(value: &Value) -> Result<Plan, Error> {
    let o = object("", value)?;
    let goals_json = array("doelen", field("doelen", o, "doelen")?)?;
    if goals_json.len() > crate::goals::MAX_GOALS {
        return Err(Error::new("doelen", Problem::TooMany { max: crate::goals::MAX_GOALS }));
    }
    let mut goals = Vec::with_capacity(goals_json.len());
    for (i, g) in goals_json.iter().enumerate() {
        let f = format!("doelen[{i}]");
        let go = object(&f, g)?;
        let domain_key = string(&format!("{f}.domein"), field(&f, go, "domein")?)?;
        let domain = Domain::from_key(domain_key)
            .ok_or_else(|| unknown_key(&format!("{f}.domein"), domain_key, &Domain::KEYS))?;
        let steps_json = array(&format!("{f}.stappen"), field(&f, go, "stappen")?)?;
        if steps_json.len() > crate::goals::MAX_STEPS_PER_GOAL {
            return Err(Error::new(format!("{f}.stappen"), Problem::TooMany { max: crate::goals::MAX_STEPS_PER_GOAL }));
        }
        let mut steps = Vec::with_capacity(steps_json.len());
        for (j, s) in steps_json.iter().enumerate() {
            let f = format!("{f}.stappen[{j}]");
            let so = object(&f, s)?;
            let status_key = string(&format!("{f}.status"), field(&f, so, "status")?)?;
            let status = StepStatus::from_key(status_key)
                .ok_or_else(|| unknown_key(&format!("{f}.status"), status_key, &StepStatus::KEYS))?;
            steps.push(Step {
                id: StepId(id(&format!("{f}.id"), field(&f, so, "id")?)?),
                text: string(&format!("{f}.tekst"), field(&f, so, "tekst")?)?.to_owned(),
                planned: date(&format!("{f}.gepland"), field(&f, so, "gepland")?)?,
                created: date(&format!("{f}.aangemaakt"), field(&f, so, "aangemaakt")?)?,
                status,
                suggested_by: optional_role(&format!("{f}.voorgesteld_door"), so.get("voorgesteld_door"))?,
                done_on: optional_date(&format!("{f}.gedaan_op"), so.get("gedaan_op"))?,
                ticked_off_by: optional_role(&format!("{f}.afgevinkt_door"), so.get("afgevinkt_door"))?,
            });
        }
        goals.push(Goal {
            id: GoalId(id(&format!("{f}.id"), field(&f, go, "id")?)?),
            domain,
            title: string(&format!("{f}.titel"), field(&f, go, "titel")?)?.to_owned(),
            created: date(&format!("{f}.aangemaakt"), field(&f, go, "aangemaakt")?)?,
            reached_on: optional_date(&format!("{f}.bereikt_op"), go.get("bereikt_op"))?,
            steps,
        });
    }
    let allow = match field("", o, "helpers_mogen_afvinken")? {
        Value::Bool(b) => *b,
        _ => return Err(format_error("helpers_mogen_afvinken", "Dit is true of false.", "This is true or false.")),
    };
    let next = id("volgend_id", field("", o, "volgend_id")?)?;
    Plan::from_parts(goals, allow, next)
}

fn positions_json(positions: &[Position], answers: impl Fn(Date) -> Option<Vec<(String, bool)>>) -> Vec<Value> {
    positions
        .iter()
        .map(|p| {
            let mut o = json!({"datum": p.date.to_string(), "trede": p.rung, "door": p.by_role.key()});
            if let Some(given) = answers(p.date) {
                let map: Map<String, Value> = given.into_iter().map(|(k, v)| (k, Value::Bool(v))).collect();
                o["antwoorden"] = Value::Object(map);
            }
            o
        })
        .collect()
}

/// What is kept about the ladder as JSON, with the key of the ladder in use
/// (see the module documentation for its shape).
pub fn ladder_record_to_json(ladder: &Ladder, record: &LadderRecord) -> Value {
    let now = positions_json(record.history().positions(), |d| {
        record.answers_on(d).map(|a| a.iter().map(|(k, v)| (k.to_owned(), v)).collect())
    });
    let earlier: Vec<Value> = record
        .earlier()
        .iter()
        .map(|e| json!({"ladder": e.ladder, "posities": positions_json(&e.positions, |d| e.answers.get(&d).cloned())}))
        .collect();
    json!({"ladder": ladder.key(), "posities": now, "eerder": earlier})
}

/// The positions of a stored list, checked loosely (dates, a rung from 1, a
/// recording role, strictly ascending dates) and the answers as given.
type LoosePositions = (Vec<Position>, BTreeMap<Date, Vec<(String, bool)>>);

fn positions_from_json(f: &str, list: &[Value]) -> Result<LoosePositions, Error> {
    if list.len() > crate::ladder::history::MAX_POSITIONS {
        return Err(Error::new(f, Problem::TooMany { max: crate::ladder::history::MAX_POSITIONS }));
    }
    let (mut positions, mut answers) = (Vec::with_capacity(list.len()), BTreeMap::new());
    for (i, p) in list.iter().enumerate() {
        let f = format!("{f}[{i}]");
        let po = object(&f, p)?;
        let rung = id(&format!("{f}.trede"), field(&f, po, "trede")?)?;
        let rung = u8::try_from(rung)
            .ok()
            .filter(|r| *r >= 1)
            .ok_or_else(|| Error::new(format!("{f}.trede"), Problem::OutOfRange { min: 1, max: 255 }))?;
        let by = optional_role(&format!("{f}.door"), po.get("door"))?
            .ok_or_else(|| Error::new(format!("{f}.door"), Problem::Missing))?;
        let day = date(&format!("{f}.datum"), field(&f, po, "datum")?)?;
        if let Some(a) = po.get("antwoorden") {
            let given = object(&format!("{f}.antwoorden"), a)?
                .iter()
                .map(|(k, v)| match v {
                    Value::Bool(b) => Ok((k.clone(), *b)),
                    _ => Err(format_error(&format!("{f}.antwoorden.{k}"), "geen ja of nee", "not a yes or no")),
                })
                .collect::<Result<Vec<_>, Error>>()?;
            answers.insert(day, given);
        }
        positions.push(Position { date: day, rung, by_role: by });
    }
    crate::text::strictly_ascending(f, positions.iter().map(|p| p.date))?;
    Ok((positions, answers))
}

/// Reads what [`ladder_record_to_json`] stored, for `ladder` (the ladder in
/// use): the positions and answers are checked against it
/// ([`History::new`], [`Answers::new`], [`LadderRecord::new`]). A document
/// kept on another ladder is not an error: its positions move, unchanged, to
/// the earlier ladders and the history on `ladder` starts empty.
pub fn ladder_record_from_json(ladder: &Ladder, value: &Value) -> Result<LadderRecord, Error> {
    let o = object("", value)?;
    let key = string("ladder", field("", o, "ladder")?)?;
    let (positions, given) = positions_from_json("posities", array("posities", field("", o, "posities")?)?)?;
    let mut earlier = Vec::new();
    if let Some(list) = o.get("eerder") {
        let list = array("eerder", list)?;
        if list.len() > crate::ladder::record::MAX_EARLIER_LADDERS {
            return Err(Error::new("eerder", Problem::TooMany { max: crate::ladder::record::MAX_EARLIER_LADDERS }));
        }
        for (i, e) in list.iter().enumerate() {
            let f = format!("eerder[{i}]");
            let eo = object(&f, e)?;
            let ladder = string(&format!("{f}.ladder"), field(&f, eo, "ladder")?)?.to_owned();
            let pf = format!("{f}.posities");
            let (positions, answers) = positions_from_json(&pf, array(&pf, field(&f, eo, "posities")?)?)?;
            earlier.push(EarlierLadder { ladder, positions, answers });
        }
    }
    if key != ladder.key() {
        let old = EarlierLadder { ladder: key.to_owned(), positions, answers: given };
        return LadderRecord::switched_from(old, earlier, ladder);
    }
    let history = History::new(ladder, positions)?;
    let mut answers = BTreeMap::new();
    for (day, given) in given {
        let pairs: Vec<(&str, bool)> = given.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let i = history.positions().iter().position(|p| p.date == day).unwrap_or(0);
        let a = Answers::new(ladder, &pairs).map_err(|e| Error { field: format!("posities[{i}].{}", e.field), ..e })?;
        answers.insert(day, a);
    }
    LadderRecord::new(ladder, history, answers, earlier)
}

/// ZRM assessments as JSON: per assessment the date, the role that scored
/// it and only the domains that were scored.
pub fn zrm_to_json(series: &ZrmSeries) -> Value {
    let list: Vec<Value> = series
        .assessments()
        .iter()
        .map(|m| {
            let scores: Map<String, Value> =
                m.scores().map(|(d, s)| (d.key().to_owned(), Value::from(s.value()))).collect();
            json!({"datum": m.date().to_string(), "door": m.by_role().key(), "scores": scores})
        })
        .collect();
    json!({"metingen": list})
}

/// Reads assessments stored with [`zrm_to_json`] through
/// [`ZrmAssessment::new`] and [`ZrmSeries::new`].
pub fn zrm_from_json(value: &Value) -> Result<ZrmSeries, Error> {
    let o = object("", value)?;
    let list = array("metingen", field("", o, "metingen")?)?;
    if list.len() > crate::zrm::MAX_ASSESSMENTS {
        return Err(Error::new("metingen", Problem::TooMany { max: crate::zrm::MAX_ASSESSMENTS }));
    }
    let mut assessments = Vec::with_capacity(list.len());
    for (i, m) in list.iter().enumerate() {
        let f = format!("metingen[{i}]");
        let mo = object(&f, m)?;
        let day = date(&format!("{f}.datum"), field(&f, mo, "datum")?)?;
        let by = optional_role(&format!("{f}.door"), mo.get("door"))?
            .ok_or_else(|| Error::new(format!("{f}.door"), Problem::Missing))?;
        let so = object(&format!("{f}.scores"), field(&f, mo, "scores")?)?;
        let mut scores = Vec::with_capacity(so.len());
        for (key, v) in so {
            let sf = format!("{f}.scores.{key}");
            let domain = ZrmDomain::from_key(key).ok_or_else(|| unknown_key(&sf, key, &ZrmDomain::KEYS))?;
            let n = v.as_i64().ok_or_else(|| Error::new(&sf, Problem::OutOfRange { min: 1, max: 5 }))?;
            scores.push((domain, ZrmScore::parse(&sf, n)?));
        }
        let a = ZrmAssessment::new(day, by, &scores).map_err(|e| Error::new(format!("{f}.{}", e.field), e.problem))?;
        assessments.push(a);
    }
    ZrmSeries::new(assessments)
}

/// The resident's ademruimte-scores as JSON.
pub fn ademruimte_to_json(series: &AdemruimteSeries) -> Value {
    let list: Vec<Value> = series
        .scores()
        .iter()
        .map(|s| json!({"datum": s.date().to_string(), "ruimte": s.room(), "stress": s.stress()}))
        .collect();
    json!({"scores": list, "gedeeld": series.shared()})
}

/// Reads scores stored with [`ademruimte_to_json`] through [`Ademruimte::new`]
/// (as the resident's own: only they record them) and
/// [`AdemruimteSeries::new`].
pub fn ademruimte_from_json(value: &Value) -> Result<AdemruimteSeries, Error> {
    let o = object("", value)?;
    let list = array("scores", field("", o, "scores")?)?;
    if list.len() > crate::zrm::MAX_SELF_SCORES {
        return Err(Error::new("scores", Problem::TooMany { max: crate::zrm::MAX_SELF_SCORES }));
    }
    let max = i64::from(crate::zrm::MAX_RATING);
    let rating = |f: &str, v: &Value| {
        v.as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .filter(|n| *n <= crate::zrm::MAX_RATING)
            .ok_or_else(|| Error::new(f, Problem::OutOfRange { min: 0, max }))
    };
    let mut scores = Vec::with_capacity(list.len());
    for (i, s) in list.iter().enumerate() {
        let f = format!("scores[{i}]");
        let so = object(&f, s)?;
        let day = date(&format!("{f}.datum"), field(&f, so, "datum")?)?;
        let room = rating(&format!("{f}.ruimte"), field(&f, so, "ruimte")?)?;
        let stress = rating(&format!("{f}.stress"), field(&f, so, "stress")?)?;
        let a = Ademruimte::new(Role::Deelnemer, day, room, stress)
            .map_err(|e| Error::new(format!("{f}.{}", e.field), e.problem))?;
        scores.push(a);
    }
    let mut series = AdemruimteSeries::new(scores)?;
    // Absent in documents stored before she could choose: not shared.
    let shared = match o.get("gedeeld") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Error::new(
                "gedeeld",
                Problem::Format { nl: "Dit moet waar of onwaar zijn.", en: "This must be true or false." },
            ));
        }
    };
    series.share(Role::Deelnemer, shared)?;
    Ok(series)
}

/// A buddy's profile as JSON:
/// `{"themas": ["<Theme::key>"], "buurt": "BU…", "talen": ["nl"], "uren_per_week": 8, "academie": "JJJJ-MM-DD" | null}`.
pub fn buddy_profile_to_json(profile: &BuddyProfile) -> Value {
    json!({
        "themas": profile.themes().iter().map(|t| t.key()).collect::<Vec<_>>(),
        "buurt": profile.neighbourhood().as_str(),
        "talen": profile.languages().iter().map(LanguageCode::as_str).collect::<Vec<_>>(),
        "uren_per_week": profile.hours_per_week(),
        "academie": date_json(profile.academy()),
    })
}

/// Reads a profile stored with [`buddy_profile_to_json`], checking everything again.
pub fn buddy_profile_from_json(value: &Value) -> Result<BuddyProfile, Error> {
    let o = object("", value)?;
    let themes_json = array("themas", field("", o, "themas")?)?;
    if themes_json.len() > Theme::ALL.len() {
        return Err(Error::new("themas", Problem::TooMany { max: Theme::ALL.len() }));
    }
    let mut themes = Vec::with_capacity(themes_json.len());
    for (i, t) in themes_json.iter().enumerate() {
        let f = format!("themas[{i}]");
        themes.push(Theme::parse(&f, string(&f, t)?)?);
    }
    let languages_json = array("talen", field("", o, "talen")?)?;
    if languages_json.len() > crate::buddy::MAX_LANGUAGES {
        return Err(Error::new("talen", Problem::TooMany { max: crate::buddy::MAX_LANGUAGES }));
    }
    let mut languages = Vec::with_capacity(languages_json.len());
    for (i, t) in languages_json.iter().enumerate() {
        let f = format!("talen[{i}]");
        languages.push(LanguageCode::parse(&f, string(&f, t)?)?);
    }
    let neighbourhood = NeighbourhoodCode::parse("buurt", string("buurt", field("", o, "buurt")?)?)?;
    let hours = id("uren_per_week", field("", o, "uren_per_week")?)?;
    let hours = u8::try_from(hours).map_err(|_| {
        Error::new("uren_per_week", Problem::OutOfRange { min: 0, max: i64::from(crate::buddy::MAX_HOURS_PER_WEEK) })
    })?;
    let academy = optional_date("academie", o.get("academie"))?;
    BuddyProfile::new(&themes, neighbourhood, &languages, hours, academy)
}

/// A round of home visits as JSON (see the module documentation for its shape).
pub fn round_to_json(round: &Round) -> Value {
    let visits: Vec<Value> = round
        .visits()
        .iter()
        .map(|b| {
            json!({
                "postcode": b.address.postcode(),
                "huisnummer": b.address.house_number(),
                "toevoeging": b.address.addition(),
                "pogingen": b.attempts,
                "laatste_datum": date_json(b.last_date),
                "uitkomst": b.outcome.map(Outcome::key),
                "eerste_antwoord": b.first_answer,
                "toestemming": b.consent.as_ref().map(|t| json!({
                    "datum": t.date.to_string(),
                    "versie_informatietekst": t.information_text_version,
                    "ingetrokken_op": date_json(t.withdrawn_on),
                })),
            })
        })
        .collect();
    json!({
        "buurt": round.neighbourhood().as_str(),
        "gepland_door": round.planned_by().key(),
        "gepland_op": round.planned_on().to_string(),
        "adressen": visits,
    })
}

fn optional_string(f: &str, v: Option<&Value>) -> Result<Option<String>, Error> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => string(f, v).map(|s| Some(s.to_owned())),
    }
}

/// Reads a round stored with [`round_to_json`], checking everything again
/// ([`Round::from_parts`]).
pub fn round_from_json(value: &Value) -> Result<Round, Error> {
    let o = object("", value)?;
    let neighbourhood = NeighbourhoodCode::parse("buurt", string("buurt", field("", o, "buurt")?)?)?;
    let by = optional_role("gepland_door", Some(field("", o, "gepland_door")?))?
        .ok_or_else(|| Error::new("gepland_door", Problem::Missing))?;
    let planned_on = date("gepland_op", field("", o, "gepland_op")?)?;
    let list = array("adressen", field("", o, "adressen")?)?;
    if list.len() > crate::home_visits::MAX_ADDRESSES {
        return Err(Error::new("adressen", Problem::TooMany { max: crate::home_visits::MAX_ADDRESSES }));
    }
    let mut visits = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let f = format!("adressen[{i}]");
        let b = object(&f, v)?;
        let postcode = string(&format!("{f}.postcode"), field(&f, b, "postcode")?)?;
        let number = id(&format!("{f}.huisnummer"), field(&f, b, "huisnummer")?)?;
        let addition = optional_string(&format!("{f}.toevoeging"), b.get("toevoeging"))?;
        let address = Address::new(&f, postcode, number, addition.as_deref())?;
        let attempts = u8::try_from(id(&format!("{f}.pogingen"), field(&f, b, "pogingen")?)?).map_err(|_| {
            Error::new(
                format!("{f}.pogingen"),
                Problem::OutOfRange { min: 0, max: i64::from(crate::home_visits::MAX_ATTEMPTS) },
            )
        })?;
        let last_date = optional_date(&format!("{f}.laatste_datum"), b.get("laatste_datum"))?;
        let outcome = match optional_string(&format!("{f}.uitkomst"), b.get("uitkomst"))? {
            None => None,
            Some(k) => {
                Some(Outcome::from_key(&k).ok_or_else(|| unknown_key(&format!("{f}.uitkomst"), &k, &Outcome::KEYS))?)
            }
        };
        let first_answer = optional_string(&format!("{f}.eerste_antwoord"), b.get("eerste_antwoord"))?;
        let consent = match b.get("toestemming") {
            None | Some(Value::Null) => None,
            Some(t) => {
                let g = format!("{f}.toestemming");
                let t = object(&g, t)?;
                Some(Consent {
                    date: date(&format!("{g}.datum"), field(&g, t, "datum")?)?,
                    information_text_version: string(
                        &format!("{g}.versie_informatietekst"),
                        field(&g, t, "versie_informatietekst")?,
                    )?
                    .to_owned(),
                    withdrawn_on: optional_date(&format!("{g}.ingetrokken_op"), t.get("ingetrokken_op"))?,
                })
            }
        };
        visits.push(Visit { address, attempts, last_date, outcome, first_answer, consent });
    }
    Round::from_parts(by, neighbourhood, planned_on, visits)
}

fn format_error(field: &str, nl: &'static str, en: &'static str) -> Error {
    Error::new(field, Problem::Format { nl, en })
}

fn object<'a>(f: &str, v: &'a Value) -> Result<&'a Map<String, Value>, Error> {
    v.as_object().ok_or_else(|| format_error(f, "Hier hoort een object ({…}).", "An object ({…}) belongs here."))
}

fn array<'a>(f: &str, v: &'a Value) -> Result<&'a Vec<Value>, Error> {
    v.as_array().ok_or_else(|| format_error(f, "Hier hoort een lijst ([…]).", "A list ([…]) belongs here."))
}

fn field<'a>(parent: &str, o: &'a Map<String, Value>, key: &str) -> Result<&'a Value, Error> {
    let path = if parent.is_empty() { key.to_owned() } else { format!("{parent}.{key}") };
    o.get(key).ok_or_else(|| Error::new(path, Problem::Missing))
}

fn string<'a>(f: &str, v: &'a Value) -> Result<&'a str, Error> {
    v.as_str().ok_or_else(|| format_error(f, "Hier hoort een tekst.", "A text belongs here."))
}

fn id(f: &str, v: &Value) -> Result<u32, Error> {
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| Error::new(f, Problem::OutOfRange { min: 0, max: i64::from(u32::MAX) }))
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

fn optional_role(f: &str, v: Option<&Value>) -> Result<Option<Role>, Error> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            let key = string(f, v)?;
            let keys: Vec<&'static str> = Role::ALL.iter().map(|r| r.key()).collect();
            Role::from_key(key).map(Some).ok_or_else(|| unknown_key(f, key, &keys))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;
    use proptest::prelude::*;

    const TODAY: Date = d(2026, 3, 1);

    /// A plan built through the operations from a list of small actions.
    fn build(actions: &[(u8, u8, u8)], allow: bool) -> Plan {
        let mut p = Plan::default();
        for (n, &(kind, pick, day)) in actions.iter().enumerate() {
            let planned = d(2026, 3, 1 + i8::try_from(day % 28).unwrap_or(0));
            let goals: Vec<GoalId> = p.goals().iter().map(|g| g.id).collect();
            let steps: Vec<StepId> = p.goals().iter().flat_map(|g| g.steps.iter().map(|s| s.id)).collect();
            let goal = goals.get(usize::from(pick) % goals.len().max(1)).copied();
            let step = steps.get(usize::from(pick) % steps.len().max(1)).copied();
            // Refusals are fine: the plan stays valid either way.
            let _ = match (kind % 6, goal, step) {
                (0, _, _) => p
                    .add_goal(Role::Deelnemer, TODAY, Domain::ALL[usize::from(pick) % 5], &format!("Doel {n}"))
                    .map(|_| ()),
                (1, Some(g), _) => p.add_step(Role::Deelnemer, TODAY, g, &format!("Stap {n}"), planned).map(|_| ()),
                (2, Some(g), _) => p.suggest_step(Role::Buddy, TODAY, g, &format!("Idee {n}"), planned).map(|_| ()),
                (3, _, Some(s)) => p.accept_suggestion(Role::Deelnemer, s),
                (4, _, Some(s)) => p.tick_off_step(Role::Deelnemer, s, planned),
                (5, Some(g), _) => p.set_goal_reached(Role::Deelnemer, g, Some(planned)),
                _ => Ok(()),
            };
        }
        if allow {
            let _ = p.allow_ticking_off(Role::Deelnemer, true);
        }
        p
    }

    proptest! {
        #[test]
        fn round_survives_json(
            size in 1u32..8,
            actions in proptest::collection::vec((0u8..6, 0usize..8, 0u8..4, any::<bool>()), 0..40),
        ) {
            let on = d(2026, 4, 1);
            let buurt = NeighbourhoodCode::parse("buurt", "BU00141100").unwrap_or_else(|e| panic!("{e}"));
            let addresses: Vec<Address> = (1..=size)
                .map(|n| Address::new("a", "9736AB", n, (n % 2 == 0).then_some("a")).unwrap_or_else(|e| panic!("{e}")))
                .collect();
            let mut r = Round::new(Role::WijMedewerker, buurt, on, addresses).unwrap_or_else(|e| panic!("{e}"));
            for (n, &(kind, nr, day, answer)) in actions.iter().enumerate() {
                let when = d(2026, 4, 1 + i8::try_from(day).unwrap_or(0) + i8::try_from(n % 10).unwrap_or(0));
                let nr = nr % r.visits().len();
                let text = answer.then_some("Het gaat wel.");
                // Refusals are fine: the round stays valid either way.
                let _ = match kind {
                    0..=3 => r.record(Role::WijMedewerker, nr, when, Outcome::ALL[usize::from(kind)], text),
                    4 => r.record_consent(Role::Klantmanager, nr, when, "2026-01"),
                    _ => r.withdraw_consent(nr, when),
                };
            }
            let text = round_to_json(&r).to_string();
            let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            prop_assert_eq!(round_from_json(&parsed).ok(), Some(r));
        }

        #[test]
        fn buddy_profile_survives_json(
            themes in proptest::sample::subsequence(Theme::ALL.to_vec(), 1..=8),
            code in 0u32..100_000_000,
            languages in proptest::sample::subsequence(vec!["nl", "en", "ar", "tr", "pl", "gos", "so", "ti"], 1..=8),
            hours in 0u8..=40,
            academy in proptest::option::of(0u16..2000),
        ) {
            let b = NeighbourhoodCode::parse("buurt", &format!("BU{code:08}"));
            prop_assert!(b.is_ok());
            let languages: Vec<LanguageCode> =
                languages.iter().filter_map(|l| LanguageCode::parse("taal", l).ok()).collect();
            let academy = academy.and_then(|n| d(2020, 1, 1).checked_add(jiff::Span::new().days(i64::from(n))).ok());
            let p = BuddyProfile::new(&themes, b.unwrap_or_else(|e| panic!("{e}")), &languages, hours, academy);
            prop_assert!(p.is_ok());
            let p = p.unwrap_or_else(|e| panic!("{e}"));
            let text = buddy_profile_to_json(&p).to_string();
            let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            prop_assert_eq!(buddy_profile_from_json(&parsed).ok(), Some(p));
        }

        #[test]
        fn plan_survives_json(actions in proptest::collection::vec((0u8..6, 0u8..50, 0u8..28), 0..60), allow: bool) {
            let p = build(&actions, allow);
            let back = plan_from_json(&plan_to_json(&p));
            prop_assert_eq!(back.as_ref().ok(), Some(&p));
            // And through text, as it is stored.
            let text = plan_to_json(&p).to_string();
            let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            prop_assert_eq!(plan_from_json(&parsed).ok(), Some(p));
        }

        #[test]
        fn ladder_record_survives_json(
            places in proptest::collection::vec((proptest::collection::vec(any::<bool>(), 10), 0u8..30, 0usize..4), 0..40),
        ) {
            let ladder = Ladder::participatieladder();
            let mut r = LadderRecord::default();
            let mut day = TODAY;
            for (yes, gap, by) in places {
                day = day.checked_add(jiff::Span::new().days(i64::from(gap))).unwrap_or(day);
                let by_role = crate::ladder::history::POSITION_RECORDERS[by];
                // Every question answered (conditional ones too): always valid answers.
                let given: Vec<(&str, bool)> =
                    ladder.questions().iter().zip(yes.iter().cycle()).map(|(q, y)| (q.key.as_str(), *y)).collect();
                let answers = Answers::new(ladder, &given);
                prop_assert!(answers.is_ok());
                let answers = answers.unwrap_or_else(|e| panic!("{e}"));
                prop_assert!(r.place(ladder, by_role, day, answers).is_ok());
            }
            let text = ladder_record_to_json(ladder, &r).to_string();
            let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            prop_assert_eq!(ladder_record_from_json(ladder, &parsed).ok(), Some(r));
        }
    }

    proptest! {
        #[test]
        fn zrm_survives_json(list in proptest::collection::vec((1i64..60, any::<bool>(), proptest::collection::vec(proptest::option::of(1u8..=5), 13)), 0..30)) {
            let mut series = ZrmSeries::default();
            let mut day = TODAY;
            for (gap, caseworker, scores) in list {
                day = crate::text::plus_days(day, gap).unwrap_or(day);
                let by = if caseworker { Role::Klantmanager } else { Role::WijMedewerker };
                let s: Vec<(ZrmDomain, ZrmScore)> = ZrmDomain::ALL
                    .into_iter()
                    .zip(scores)
                    .filter_map(|(d, v)| v.and_then(ZrmScore::from_value).map(|v| (d, v)))
                    .collect();
                if let Ok(a) = ZrmAssessment::new(day, by, &s) {
                    prop_assert!(series.add(a).is_ok());
                }
            }
            let text = zrm_to_json(&series).to_string();
            let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            prop_assert_eq!(zrm_from_json(&parsed).ok(), Some(series));
        }

        #[test]
        fn ademruimte_survives_json(
            list in proptest::collection::vec((1i64..30, 0u8..=10, 0u8..=10), 0..60),
            shared in any::<bool>(),
        ) {
            let mut series = AdemruimteSeries::default();
            // Her choice to share survives adding scores and the round trip.
            prop_assert!(series.share(Role::Deelnemer, shared).is_ok());
            let mut day = TODAY;
            for (gap, room, stress) in list {
                day = crate::text::plus_days(day, gap).unwrap_or(day);
                let s = Ademruimte::new(Role::Deelnemer, day, room, stress);
                prop_assert!(s.is_ok());
                if let Ok(s) = s {
                    prop_assert!(series.add(s).is_ok());
                }
            }
            let text = ademruimte_to_json(&series).to_string();
            let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            prop_assert_eq!(series.shared(), shared);
            prop_assert_eq!(ademruimte_from_json(&parsed).ok(), Some(series));
        }
    }

    #[test]
    fn broken_zrm_and_ademruimte_documents_name_the_field() {
        let ok = json!({"metingen": [{"datum": "2026-01-01", "door": "wij_medewerker", "scores": {"financien": 2}}]});
        assert!(zrm_from_json(&ok).is_ok());
        let mut v = ok.clone();
        v["metingen"][0]["scores"]["financien"] = json!(7);
        assert_eq!(zrm_from_json(&v).err().map(|e| e.field), Some("metingen[0].scores.financien".to_owned()));
        let mut v = ok.clone();
        v["metingen"][0]["scores"] = json!({"geluk": 3});
        assert_eq!(zrm_from_json(&v).err().map(|e| e.field), Some("metingen[0].scores.geluk".to_owned()));
        let mut v = ok.clone();
        v["metingen"][0]["door"] = json!("buddy");
        assert_eq!(zrm_from_json(&v).err().map(|e| e.field), Some("metingen[0].door".to_owned()));
        let mut v = ok.clone();
        v["metingen"][0]["scores"] = json!({});
        assert_eq!(zrm_from_json(&v).err().map(|e| e.field), Some("metingen[0].scores".to_owned()));
        let mut v = ok;
        v["metingen"][0]["datum"] = json!("gisteren");
        assert_eq!(zrm_from_json(&v).err().map(|e| e.field), Some("metingen[0].datum".to_owned()));

        let a = json!({"scores": [{"datum": "2026-01-01", "ruimte": 11, "stress": 3}]});
        assert_eq!(ademruimte_from_json(&a).err().map(|e| e.field), Some("scores[0].ruimte".to_owned()));
        let a = json!({"scores": [{"datum": "2026-01-01", "ruimte": 1, "stress": 3}, {"datum": "2026-01-01", "ruimte": 1, "stress": 3}]});
        assert!(ademruimte_from_json(&a).is_err());
    }

    #[test]
    fn ademruimte_is_not_shared_unless_she_says_so() {
        // Stored before she could choose: not shared.
        let old = json!({"scores": [{"datum": "2026-01-01", "ruimte": 4, "stress": 6}]});
        let mut series = ademruimte_from_json(&old).expect("valid");
        assert!(!series.shared());
        let bad = json!({"scores": [], "gedeeld": "ja"});
        assert_eq!(ademruimte_from_json(&bad).err().map(|e| e.field), Some("gedeeld".to_owned()));
        // Only she decides; a worker is refused in words.
        for role in [Role::Klantmanager, Role::WijMedewerker, Role::Buddy] {
            let e = series.share(role, true).expect_err("refused");
            assert!(e.message_nl().contains("Alleen de deelnemer zelf"), "{role:?}: {}", e.message_nl());
        }
        series.share(Role::Deelnemer, true).expect("hers to decide");
        // A new score, also replacing today's, keeps her choice.
        let today = Ademruimte::new(Role::Deelnemer, TODAY, 5, 5).expect("score");
        series.record(today).expect("recorded");
        series.record(Ademruimte::new(Role::Deelnemer, TODAY, 6, 4).expect("score")).expect("replaced");
        assert_eq!((series.shared(), series.scores().len(), series.scores()[1].room()), (true, 2, 6));
        assert_eq!(ademruimte_from_json(&ademruimte_to_json(&series)), Ok(series));
    }

    #[test]
    fn a_broken_document_is_an_error_naming_the_field() {
        let mut p = Plan::default();
        let g = p.add_goal(Role::Deelnemer, TODAY, Domain::Education, "Diploma").unwrap_or_else(|e| panic!("{e}"));
        assert!(p.add_step(Role::Deelnemer, TODAY, g, "Inschrijven", TODAY).is_ok());
        let good = plan_to_json(&p);

        let mut v = good.clone();
        v["doelen"][0]["stappen"][0]["status"] = json!("gedaan");
        let e = plan_from_json(&v).err();
        assert_eq!(e.map(|e| e.field), Some("doelen[0].stappen[0].status".to_owned()));

        let mut v = good.clone();
        v["doelen"][0]["domein"] = json!("geluk");
        assert_eq!(plan_from_json(&v).err().map(|e| e.field), Some("doelen[0].domein".to_owned()));

        let mut v = good.clone();
        v["volgend_id"] = json!(1);
        assert_eq!(plan_from_json(&v).err().map(|e| e.field), Some("volgend_id".to_owned()));

        let mut v = good;
        v["doelen"][0]["stappen"][0]["gepland"] = json!("morgen");
        assert_eq!(plan_from_json(&v).err().map(|e| e.field), Some("doelen[0].stappen[0].gepland".to_owned()));

        assert!(plan_from_json(&json!([])).is_err());
        assert!(plan_from_json(&json!({"doelen": [], "helpers_mogen_afvinken": false})).is_err());

        let ladder = Ladder::participatieladder();
        let h = json!({"ladder": ladder.key(), "posities": [{"datum": "2026-01-01", "trede": 9, "door": "deelnemer"}]});
        assert_eq!(ladder_record_from_json(ladder, &h).err().map(|e| e.field), Some("posities[0].trede".to_owned()));
        let h = json!({"ladder": ladder.key(), "posities": [{"datum": "2026-01-01", "trede": 0, "door": "deelnemer"}]});
        assert_eq!(ladder_record_from_json(ladder, &h).err().map(|e| e.field), Some("posities[0].trede".to_owned()));
        let h =
            json!({"ladder": ladder.key(), "posities": [{"datum": "2026-01-01", "trede": 2, "door": "onderzoeker"}]});
        assert!(ladder_record_from_json(ladder, &h).is_err());
        let h = json!({"ladder": ladder.key(), "posities": [
            {"datum": "2026-01-01", "trede": 1, "door": "deelnemer", "antwoorden": {"bestaat_niet": true}}]});
        assert_eq!(
            ladder_record_from_json(ladder, &h).err().map(|e| e.field),
            Some("posities[0].antwoorden.bestaat_niet".to_owned())
        );
        let h = json!({"ladder": ladder.key(), "posities": [
            {"datum": "2026-01-01", "trede": 1, "door": "deelnemer", "antwoorden": {"x": "ja"}}]});
        assert_eq!(
            ladder_record_from_json(ladder, &h).err().map(|e| e.field),
            Some("posities[0].antwoorden.x".to_owned())
        );
        // A history kept on another ladder is kept as an earlier ladder, not refused or lost.
        let h = json!({"ladder": "oude_ladder", "posities": [{"datum": "2025-01-01", "trede": 9, "door": "buddy"}]});
        let r = ladder_record_from_json(ladder, &h).expect("switched");
        assert!(r.history().positions().is_empty());
        assert_eq!(r.earlier().len(), 1);
        assert_eq!((r.earlier()[0].ladder.as_str(), r.earlier()[0].positions[0].rung), ("oude_ladder", 9));
        let again = ladder_record_from_json(ladder, &ladder_record_to_json(ladder, &r)).expect("read");
        assert_eq!(again, r, "and it stays there");

        let b = json!({"themas": ["schulden"], "buurt": "BU00140101", "talen": ["nl"], "uren_per_week": 41, "academie": null});
        assert_eq!(buddy_profile_from_json(&b).err().map(|e| e.field), Some("uren_per_week".to_owned()));
        let b = json!({"themas": ["geluk"], "buurt": "BU00140101", "talen": ["nl"], "uren_per_week": 8});
        assert_eq!(buddy_profile_from_json(&b).err().map(|e| e.field), Some("themas[0]".to_owned()));
    }
}
