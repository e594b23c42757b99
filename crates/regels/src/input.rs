//! Reading a household from JSON (the format in `schemas/huishouden.schema.json`).
//!
//! We parse to a JSON value first and then walk it by hand, so every error can
//! name the exact field (`medebewoners[1].geboortedatum`) and say in Dutch and
//! English what is wrong. Unknown fields are errors: a misspelt
//! `medisch_urenbeperkt` must not silently become `false`.

use jiff::civil::Date;
use serde_json::{Map, Value};

use crate::error::{Error, Expected, Problem};
use crate::household::{
    Adult, Agreement, Child, CoResident, Household, IncomeItem, IncomeKind, Relation, Sanction, Study,
};
use crate::money::{CENTS_MAX, Cents};

/// Largest input we read. A household is a few hundred bytes; this bound
/// keeps a mistaken or hostile upload from costing memory.
pub const INPUT_BYTES_MAX: usize = 1 << 20;
/// Most children, co-residents or income items per list. Far above any real
/// home, low enough that one request cannot do unbounded work.
pub const LIST_ITEMS_MAX: usize = 20;

const STUDY: &[&str] = &Study::KEYS;
const RELATION: &[&str] = &Relation::KEYS;
const AGREEMENT: &[&str] = &Agreement::KEYS;
const INCOME_KIND: &[&str] = &IncomeKind::KEYS;

/// Reads a household from JSON text.
pub fn parse_household(text: &str) -> Result<Household, Error> {
    if text.len() > INPUT_BYTES_MAX {
        return Err(Error::new("(bestand)", Problem::TooLarge { max_bytes: INPUT_BYTES_MAX }));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::new("(bestand)", Problem::MalformedJson { line: e.line(), column: e.column(), detail: e.to_string() })
    })?;
    household(&value)
}

/// Reads a household from an already parsed JSON value (the web API uses this).
pub fn household(value: &Value) -> Result<Household, Error> {
    let obj = Obj::new(value, "")?;
    obj.only(&[
        "$schema",
        "omschrijving",
        "aanvrager",
        "partner",
        "kinderen",
        "medebewoners",
        "mantelzorg_elders",
        "maatregel",
    ])?;
    obj.opt_text("omschrijving")?;
    obj.opt_text("$schema")?;
    let applicant = adult(obj.req("aanvrager")?, &obj.path("aanvrager"))?;
    let partner = match obj.get("partner") {
        None | Some(Value::Null) => None,
        Some(v) => Some(adult(v, &obj.path("partner"))?),
    };
    let children = obj.list("kinderen", |v, path| {
        let o = Obj::new(v, path)?;
        o.only(&["geboortedatum", "studie"])?;
        Ok(Child { birth_date: o.req_date("geboortedatum")?, study: study(&o)? })
    })?;
    let co_residents = obj.list("medebewoners", |v, path| {
        let o = Obj::new(v, path)?;
        o.only(&["geboortedatum", "relatie", "studie", "commerciele_overeenkomst", "kosten_delen_sinds"])?;
        let relation = Relation::from_key(o.req_enum("relatie", RELATION)?).unwrap_or(Relation::None);
        let agreement =
            o.opt_enum("commerciele_overeenkomst", AGREEMENT)?.and_then(Agreement::from_key).unwrap_or(Agreement::None);
        Ok(CoResident {
            birth_date: o.req_date("geboortedatum")?,
            relation,
            study: study(&o)?,
            agreement,
            cost_sharing_agreement_since: o.opt_date("kosten_delen_sinds")?,
        })
    })?;
    let sanction = match obj.get("maatregel") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let o = Obj::new(v, &obj.path("maatregel"))?;
            o.only(&["categorie", "ingangsdatum"])?;
            Some(Sanction { category: o.req_small("categorie", 1, 9)?, start_date: o.req_date("ingangsdatum")? })
        }
    };
    Ok(Household {
        applicant,
        partner,
        children,
        co_residents,
        mantelzorg_elsewhere: obj.opt_bool("mantelzorg_elders")?.unwrap_or(false),
        sanction,
    })
}

/// Writes a household as the JSON that [`parse_household`] reads: the inverse
/// of [`household`] (`household(&to_json(h)) == Ok(h)`, a property test).
/// Defaults are written out too, so a stored dossier says everything.
pub fn to_json(h: &Household) -> Value {
    let adult = |a: &Adult| {
        serde_json::json!({
            "geboortedatum": a.birth_date.to_string(),
            "medisch_urenbeperkt": a.medically_limited,
            "geen_beroep_op_ouders": a.cannot_rely_on_parents,
            "vrijlating_draagt_bij_aan_werk": a.disregard_helps_work,
            "inkomsten": a.income.iter().map(|i| {
                let mut item = serde_json::json!({
                    "soort": i.kind.key(),
                    "netto_per_maand_cent": i.net_monthly.get(),
                    "ingangsdatum": i.start_date.to_string(),
                });
                if let Some(t) = i.weekly_hours_tenths {
                    item["uren_per_week"] = hours_json(t);
                }
                item
            }).collect::<Vec<_>>(),
            "aftrek_samenwerking_cent": a.cooperation_deduction.get(),
        })
    };
    let mut out = serde_json::json!({
        "aanvrager": adult(&h.applicant),
        "kinderen": h.children.iter().map(|c| serde_json::json!({
            "geboortedatum": c.birth_date.to_string(),
            "studie": c.study.key(),
        })).collect::<Vec<_>>(),
        "medebewoners": h.co_residents.iter().map(|c| serde_json::json!({
            "geboortedatum": c.birth_date.to_string(),
            "relatie": c.relation.key(),
            "studie": c.study.key(),
            "commerciele_overeenkomst": c.agreement.key(),
        })).collect::<Vec<_>>(),
        "mantelzorg_elders": h.mantelzorg_elsewhere,
    });
    if let Some(p) = &h.partner {
        out["partner"] = adult(p);
    }
    for (i, c) in h.co_residents.iter().enumerate() {
        if let Some(since) = c.cost_sharing_agreement_since {
            out["medebewoners"][i]["kosten_delen_sinds"] = since.to_string().into();
        }
    }
    if let Some(s) = h.sanction {
        out["maatregel"] = serde_json::json!({ "categorie": s.category, "ingangsdatum": s.start_date.to_string() });
    }
    out
}

fn adult(value: &Value, path: &str) -> Result<Adult, Error> {
    let o = Obj::new(value, path)?;
    o.only(&[
        "geboortedatum",
        "medisch_urenbeperkt",
        "geen_beroep_op_ouders",
        "vrijlating_draagt_bij_aan_werk",
        "inkomsten",
        "aftrek_samenwerking_cent",
    ])?;
    let income = o.list("inkomsten", |v, path| {
        let i = Obj::new(v, path)?;
        i.only(&["soort", "netto_per_maand_cent", "ingangsdatum", "uren_per_week"])?;
        let kind = IncomeKind::from_key(i.req_enum("soort", INCOME_KIND)?).unwrap_or(IncomeKind::Other);
        let weekly_hours_tenths = i.opt_hours("uren_per_week")?;
        if weekly_hours_tenths.is_some() && kind != IncomeKind::Work {
            return Err(i.err(
                "uren_per_week",
                Problem::UnknownValue {
                    value: kind.key().to_owned(),
                    allowed: &["uren per week alleen bij soort arbeid / hours per week only with kind arbeid"],
                },
            ));
        }
        Ok(IncomeItem {
            kind,
            net_monthly: i.req_cents("netto_per_maand_cent")?,
            start_date: i.req_date("ingangsdatum")?,
            weekly_hours_tenths,
        })
    })?;
    Ok(Adult {
        birth_date: o.req_date("geboortedatum")?,
        medically_limited: o.opt_bool("medisch_urenbeperkt")?.unwrap_or(false),
        cannot_rely_on_parents: o.opt_bool("geen_beroep_op_ouders")?.unwrap_or(false),
        disregard_helps_work: o.opt_bool("vrijlating_draagt_bij_aan_werk")?.unwrap_or(true),
        income,
        cooperation_deduction: match o.get("aftrek_samenwerking_cent") {
            None | Some(Value::Null) => Cents::ZERO,
            Some(_) => o.req_cents("aftrek_samenwerking_cent")?,
        },
    })
}

fn study(o: &Obj<'_>) -> Result<Study, Error> {
    Ok(o.opt_enum("studie", STUDY)?.and_then(Study::from_key).unwrap_or(Study::None))
}

/// A JSON object together with its path, for error messages.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    at: String,
}

impl<'a> Obj<'a> {
    fn new(value: &'a Value, at: &str) -> Result<Obj<'a>, Error> {
        match value {
            Value::Object(map) => Ok(Obj { map, at: at.to_owned() }),
            _ => Err(Error::new(
                if at.is_empty() { "(bestand)" } else { at },
                Problem::WrongType { expected: Expected::Object },
            )),
        }
    }

    fn path(&self, key: &str) -> String {
        if self.at.is_empty() { key.to_owned() } else { format!("{}.{key}", self.at) }
    }

    fn err(&self, key: &str, problem: Problem) -> Error {
        Error::new(self.path(key), problem)
    }

    fn only(&self, allowed: &[&str]) -> Result<(), Error> {
        // Report the first unknown key in a stable (sorted) order.
        match self.map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(self.err(k, Problem::UnknownField)),
            None => Ok(()),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    fn req(&self, key: &str) -> Result<&'a Value, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Err(self.err(key, Problem::Missing)),
            Some(v) => Ok(v),
        }
    }

    fn opt_text(&self, key: &str) -> Result<Option<&'a str>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.err(key, Problem::WrongType { expected: Expected::Text })),
        }
    }

    fn opt_bool(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.err(key, Problem::WrongType { expected: Expected::TrueFalse })),
        }
    }

    fn req_date(&self, key: &str) -> Result<Date, Error> {
        match self.req(key)? {
            Value::String(s) => parse_date(s).ok_or_else(|| self.err(key, Problem::InvalidDate { text: s.clone() })),
            _ => Err(self.err(key, Problem::WrongType { expected: Expected::Text })),
        }
    }

    fn opt_date(&self, key: &str) -> Result<Option<Date>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.req_date(key).map(Some),
        }
    }

    /// A whole number from `min` to `max`.
    fn req_small(&self, key: &str, min: u8, max: u8) -> Result<u8, Error> {
        match self.req(key)? {
            Value::Number(n) => n
                .as_u64()
                .and_then(|v| u8::try_from(v).ok())
                .filter(|v| (min..=max).contains(v))
                .ok_or_else(|| self.err(key, Problem::OutOfRange { min: i64::from(min), max: i64::from(max) })),
            _ => Err(self.err(key, Problem::WrongType { expected: Expected::WholeNumber })),
        }
    }

    /// Hours per week with at most one decimal, 0–80, as tenths: `20` or
    /// `20.5`. The number is read from its decimal text, never through a
    /// float sum, so 20.5 is exactly 205 tenths.
    fn opt_hours(&self, key: &str) -> Result<Option<u16>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => parse_hours_text(&n.to_string())
                .map(Some)
                .ok_or_else(|| self.err(key, Problem::UnknownValue { value: n.to_string(), allowed: HOURS_ALLOWED })),
            // "20" as text: the message says what is allowed (a number, one decimal), not "a whole number".
            Some(other) => {
                Err(self.err(key, Problem::UnknownValue { value: other.to_string(), allowed: HOURS_ALLOWED }))
            }
        }
    }

    fn req_cents(&self, key: &str) -> Result<Cents, Error> {
        let value = self.req(key)?;
        let Value::Number(n) = value else {
            return Err(self.err(key, Problem::WrongType { expected: Expected::WholeNumber }));
        };
        if let Some(i) = n.as_i64() {
            if i < 0 {
                return Err(self.err(key, Problem::NegativeAmount));
            }
            if i > CENTS_MAX {
                return Err(self.err(key, Problem::AmountTooLarge { max_euros: CENTS_MAX / 100 }));
            }
            return Ok(Cents::new(i));
        }
        if n.is_u64() {
            return Err(self.err(key, Problem::AmountTooLarge { max_euros: CENTS_MAX / 100 }));
        }
        // A float, or a negative number below i64::MIN.
        if n.to_string().starts_with('-') {
            Err(self.err(key, Problem::NegativeAmount))
        } else {
            Err(self.err(key, Problem::WrongType { expected: Expected::WholeNumber }))
        }
    }

    fn req_enum(&self, key: &str, allowed: &'static [&'static str]) -> Result<&'static str, Error> {
        match self.req(key)? {
            Value::String(s) => match allowed.iter().find(|a| **a == s) {
                Some(a) => Ok(a),
                None => Err(self.err(key, Problem::UnknownValue { value: s.clone(), allowed })),
            },
            _ => Err(self.err(key, Problem::WrongType { expected: Expected::Text })),
        }
    }

    fn opt_enum(&self, key: &str, allowed: &'static [&'static str]) -> Result<Option<&'static str>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.req_enum(key, allowed).map(Some),
        }
    }

    fn list<T>(&self, key: &str, mut item: impl FnMut(&'a Value, &str) -> Result<T, Error>) -> Result<Vec<T>, Error> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => {
                if items.len() > LIST_ITEMS_MAX {
                    return Err(self.err(key, Problem::TooMany { max: LIST_ITEMS_MAX }));
                }
                items.iter().enumerate().map(|(i, v)| item(v, &format!("{}[{i}]", self.path(key)))).collect()
            }
            Some(_) => Err(self.err(key, Problem::WrongType { expected: Expected::List })),
        }
    }
}

/// A euro amount as a person types it: "14", "14,5", "14,50" or "14.50".
/// No thousands separators; at most two decimals.
const HOURS_ALLOWED: &[&str] = &[
    "0 tot en met 80 uur, hoogstens één decimaal, zoals 20 of 20,5 / 0 to 80 hours, at most one decimal, like 20 or 20.5",
];

/// `20`, `20.5` or `20,5` → tenths of an hour (205), at most 80 hours.
fn parse_hours_text(text: &str) -> Option<u16> {
    let t = text.trim();
    let (whole, frac) = match t.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (t, "0"),
    };
    if whole.is_empty() || whole.len() > 2 || frac.len() != 1 {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let tenths = whole.parse::<u16>().ok()? * 10 + frac.parse::<u16>().ok()?;
    (tenths <= crate::household::WEEKLY_HOURS_MAX_TENTHS).then_some(tenths)
}

/// Hours per week typed by a person (`20`, `20,5` or `20.5`) → tenths.
pub fn parse_user_hours(field: &str, text: &str) -> Result<u16, Error> {
    parse_hours_text(text).ok_or_else(|| {
        Error::new(field, Problem::UnknownValue { value: text.trim().to_owned(), allowed: HOURS_ALLOWED })
    })
}

/// Tenths of an hour as the JSON number of `uren_per_week`: `20` or `20.5`.
fn hours_json(tenths: u16) -> Value {
    if tenths.is_multiple_of(10) {
        Value::from(tenths / 10)
    } else {
        // Parsing the decimal text gives the nearest double, which prints back as the same text.
        serde_json::from_str(&format!("{}.{}", tenths / 10, tenths % 10)).unwrap_or(Value::Null)
    }
}

/// Hours per week as people write them: `20` or `20,5` (Dutch) / `20.5`.
pub fn hours_text(tenths: u16, comma: bool) -> String {
    match (tenths % 10, comma) {
        (0, _) => (tenths / 10).to_string(),
        (f, true) => format!("{},{f}", tenths / 10),
        (f, false) => format!("{}.{f}", tenths / 10),
    }
}

pub fn parse_user_euros(field: &str, text: &str) -> Result<Cents, Error> {
    let bad = || {
        Error::new(
            field,
            Problem::UnknownValue {
                value: text.to_owned(),
                allowed: &["een bedrag in euro zoals 14,50 / an amount like 14.50"],
            },
        )
    };
    let t = text.trim();
    let (whole, frac) = match t.split_once([',', '.']) {
        Some((_, "")) => return Err(bad()),
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    if whole.is_empty()
        || whole.len() > 9
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
        _ => frac.parse().map_err(|_| bad())?,
    };
    let cents = whole * 100 + frac;
    if cents > CENTS_MAX {
        return Err(Error::new(field, Problem::AmountTooLarge { max_euros: CENTS_MAX / 100 }));
    }
    Ok(Cents::new(cents))
}

/// Parses `YYYY-MM-DD` strictly: the date must exist (no 2026-02-30) and have
/// exactly that shape.
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let date: Date = text.parse().ok()?;
    // Birth dates before 1900 are typing errors in this domain.
    (date.year() >= 1900).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(json: &str) -> Error {
        match parse_household(json) {
            Ok(h) => panic!("expected an error, got {h:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn reads_a_full_household() {
        let h = parse_household(
            r#"{
              "aanvrager": {"geboortedatum": "1985-04-01", "inkomsten": [
                 {"soort": "arbeid", "netto_per_maand_cent": 40000, "ingangsdatum": "2026-01-15"}]},
              "partner": null,
              "kinderen": [{"geboortedatum": "2019-02-02"}],
              "medebewoners": [{"geboortedatum": "1950-01-01", "relatie": "ouder",
                                "commerciele_overeenkomst": "met_aanvrager"}]
            }"#,
        )
        .expect("valid");
        assert_eq!(h.applicant.income[0].net_monthly, Cents::new(40_000));
        assert_eq!(h.children.len(), 1);
        assert_eq!(h.co_residents[0].relation, Relation::Parent);
        assert_eq!(h.co_residents[0].agreement, Agreement::CommercialWithApplicant);
        assert!(h.applicant.disregard_helps_work);
    }

    #[test]
    fn names_the_field_and_the_problem() {
        let e = err(r#"{"aanvrager": {}}"#);
        assert_eq!(e.field, "aanvrager.geboortedatum");
        assert_eq!(e.problem, Problem::Missing);
        assert!(e.message_nl().contains("ontbreekt"));
        assert!(e.message_en().contains("missing"));

        let e = err(r#"{"aanvrager": {"geboortedatum": "2026-02-30"}}"#);
        assert_eq!(e.field, "aanvrager.geboortedatum");
        assert!(matches!(e.problem, Problem::InvalidDate { .. }));

        let e = err(r#"{"aanvrager": {"geboortedatum": "1990-01-01", "inkomsten": [
               {"soort": "arbeid", "netto_per_maand_cent": -5, "ingangsdatum": "2026-01-01"}]}}"#);
        assert_eq!(e.field, "aanvrager.inkomsten[0].netto_per_maand_cent");
        assert_eq!(e.problem, Problem::NegativeAmount);

        let e = err(r#"{"aanvrager": {"geboortedatum": "1990-01-01", "inkomsten": [
               {"soort": "arbeid", "netto_per_maand_cent": 12.5, "ingangsdatum": "2026-01-01"}]}}"#);
        assert_eq!(e.problem, Problem::WrongType { expected: Expected::WholeNumber });

        let e = err(
            r#"{"aanvrager": {"geboortedatum": "1990-01-01"}, "medebewoners": [{"geboortedatum": "1990-01-01", "relatie": "buurman"}]}"#,
        );
        assert_eq!(e.field, "medebewoners[0].relatie");
        assert!(e.message_nl().contains("\"buurman\" kennen we niet"));

        let e = err(r#"{"aanvrager": {"geboortedatum": "1990-01-01", "medisch_uren_beperkt": true}}"#);
        assert_eq!(e.field, "aanvrager.medisch_uren_beperkt");
        assert_eq!(e.problem, Problem::UnknownField);

        let e = err(r#"{"aanvrager": {"geboortedatum": "1990-01-01"}"#);
        assert!(matches!(e.problem, Problem::MalformedJson { line: 1, .. }));

        let e = err("[]");
        assert_eq!(e.problem, Problem::WrongType { expected: Expected::Object });
    }

    #[test]
    fn limits_list_sizes() {
        let kids = vec![r#"{"geboortedatum": "2020-01-01"}"#; LIST_ITEMS_MAX + 1].join(",");
        let e = err(&format!(r#"{{"aanvrager": {{"geboortedatum": "1990-01-01"}}, "kinderen": [{kids}]}}"#));
        assert_eq!(e.field, "kinderen");
        assert_eq!(e.problem, Problem::TooMany { max: LIST_ITEMS_MAX });
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2026-01-31").is_some());
        for bad in ["2026-1-31", "31-01-2026", "2026-13-01", "2026-02-29", "1899-12-31", "2026-01-31T00:00"] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
        assert!(parse_date("2024-02-29").is_some());
    }

    #[test]
    fn euros_as_people_type_them() {
        assert_eq!(parse_user_euros("x", "14,50").map(|c| c.get()), Ok(1_450));
        assert_eq!(parse_user_euros("x", "14.5").map(|c| c.get()), Ok(1_450));
        assert_eq!(parse_user_euros("x", "750").map(|c| c.get()), Ok(75_000));
        assert_eq!(parse_user_euros("x", " 0,07 ").map(|c| c.get()), Ok(7));
        for bad in ["", "1.234,56", "14,505", "-3", "abc", "1e3", "14,", ",50"] {
            assert!(parse_user_euros("--uurloon", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hours_per_week_only_with_work_and_exact_in_tenths() {
        let with = |hours: &str, kind: &str| {
            format!(
                r#"{{"aanvrager": {{"geboortedatum": "1985-04-01", "inkomsten": [
                {{"soort": "{kind}", "netto_per_maand_cent": 40000, "ingangsdatum": "2026-01-15", "uren_per_week": {hours}}}]}}}}"#
            )
        };
        for (json, tenths) in [("20", 200), ("20.5", 205), ("0", 0), ("80", 800), ("0.1", 1), ("null", 0)] {
            let h = parse_household(&with(json, "arbeid")).expect("valid");
            let got = h.applicant.income[0].weekly_hours_tenths;
            assert_eq!(got, (json != "null").then_some(tenths), "{json}");
            // Written back and read again, the same number.
            assert_eq!(household(&to_json(&h)).expect("round trip"), h, "{json}");
        }
        for bad in ["80.5", "20.25", "-1", "1e3", "\"20\""] {
            let e = err(&with(bad, "arbeid"));
            assert_eq!(e.field, "aanvrager.inkomsten[0].uren_per_week", "{bad}");
        }
        let e = err(&with("20", "uitkering"));
        assert_eq!(e.field, "aanvrager.inkomsten[0].uren_per_week");
        assert!(e.message_nl().contains("alleen bij soort arbeid"), "{}", e.message_nl());
    }

    #[test]
    fn hours_as_people_type_them() {
        assert_eq!(parse_user_hours("uren", "20"), Ok(200));
        assert_eq!(parse_user_hours("uren", " 20,5 "), Ok(205));
        assert_eq!(parse_user_hours("uren", "7.5"), Ok(75));
        for bad in ["", "20,55", "81", "-2", "twintig", "20,", ",5", "100"] {
            assert_eq!(parse_user_hours("uren", bad).map_err(|e| e.field), Err("uren".to_owned()), "{bad}");
        }
        assert_eq!(hours_text(205, true), "20,5");
        assert_eq!(hours_text(205, false), "20.5");
        assert_eq!(hours_text(200, true), "20");
    }
}
