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
//! History ⇄ {"ladder": "<Ladder::key>", "posities": [{"datum", "trede", "door"}]}
//! ```

use jiff::civil::Date;
use platform::rol::Role;
use serde_json::{Map, Value, json};

use crate::error::{Error, Problem};
use crate::goals::{Domain, Goal, GoalId, Plan, Step, StepId, StepStatus};
use crate::ladder::{History, Ladder, Position};
use crate::text::unknown_key;

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

/// A ladder history as JSON, with the key of its ladder.
pub fn history_to_json(ladder: &Ladder, history: &History) -> Value {
    let positions: Vec<Value> = history
        .positions()
        .iter()
        .map(|p| json!({"datum": p.date.to_string(), "trede": p.rung, "door": p.by_role.key()}))
        .collect();
    json!({"ladder": ladder.key(), "posities": positions})
}

/// Reads a history stored with [`history_to_json`] against `ladder`: a
/// history of another ladder, or a position that no longer fits, is an error.
pub fn history_from_json(ladder: &Ladder, value: &Value) -> Result<History, Error> {
    let o = object("", value)?;
    let key = string("ladder", field("", o, "ladder")?)?;
    if key != ladder.key() {
        return Err(Error::new(
            "ladder",
            Problem::UnknownValue { value: key.to_owned(), allowed: vec![ladder.key().to_owned()] },
        ));
    }
    let list = array("posities", field("", o, "posities")?)?;
    if list.len() > crate::ladder::history::MAX_POSITIONS {
        return Err(Error::new("posities", Problem::TooMany { max: crate::ladder::history::MAX_POSITIONS }));
    }
    let mut positions = Vec::with_capacity(list.len());
    for (i, p) in list.iter().enumerate() {
        let f = format!("posities[{i}]");
        let po = object(&f, p)?;
        let rung = id(&format!("{f}.trede"), field(&f, po, "trede")?)?;
        let rung = u8::try_from(rung).map_err(|_| {
            Error::new(format!("{f}.trede"), Problem::OutOfRange { min: 1, max: i64::from(ladder.top()) })
        })?;
        let by = optional_role(&format!("{f}.door"), po.get("door"))?
            .ok_or_else(|| Error::new(format!("{f}.door"), Problem::Missing))?;
        positions.push(Position { date: date(&format!("{f}.datum"), field(&f, po, "datum")?)?, rung, by_role: by });
    }
    History::new(ladder, positions)
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
        fn history_survives_json(rungs in proptest::collection::vec((1u8..=6, 1u8..30, 0usize..4), 0..40)) {
            let ladder = Ladder::participatieladder();
            let mut h = History::default();
            let mut day = TODAY;
            for (rung, gap, by) in rungs {
                day = day.checked_add(jiff::Span::new().days(i64::from(gap))).unwrap_or(day);
                let by_role = crate::ladder::history::POSITION_RECORDERS[by];
                let _ = h.add(ladder, Position { date: day, rung, by_role });
            }
            prop_assert_eq!(history_from_json(ladder, &history_to_json(ladder, &h)).ok(), Some(h));
        }
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
        assert_eq!(history_from_json(ladder, &h).err().map(|e| e.field), Some("posities[0].trede".to_owned()));
        let h = json!({"ladder": "andere", "posities": []});
        assert_eq!(history_from_json(ladder, &h).err().map(|e| e.field), Some("ladder".to_owned()));
        let h =
            json!({"ladder": ladder.key(), "posities": [{"datum": "2026-01-01", "trede": 2, "door": "onderzoeker"}]});
        assert!(history_from_json(ladder, &h).is_err());
    }
}
