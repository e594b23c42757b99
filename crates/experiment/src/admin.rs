//! Administrative outcomes from the municipality's own records (issue 8,
//! §3): paid work hours, net income from work, the rung on the
//! participatieladder and the bijstand, for one participant on the first
//! day of a wave. They exist also for residents who answer no questions.
//!
//! Storage hands in the records as they were on that day (the dossier
//! version in force then, and the ladder); this module reads them and
//! computes the bijstand with the same rules (`regels`) and the package the
//! dossier had. Nothing is guessed: an outcome the records cannot give is
//! missing, with the reason ([`Missing`]), and the analysis leaves it out.
//!
//! What "bijstand" means here: the monthly amount payable under the dossier
//! as it stood (`regels::Outcome::payable`), not a bank statement. Until the
//! municipality's payment system is connected that is the closest honest
//! figure; [`AdminRecord`] says which dossier version, package and parameter
//! set it came from, so every figure can be traced back.

use jiff::civil::Date;
use regels::household::{IncomeItem, IncomeKind};
use regels::{Cents, Household, ParameterSets};
use serde_json::{Value, json};

use crate::design::MAX_RUNG;
use crate::error::{Error, Problem};
use crate::measure::{AdminOutcomes, MAX_MONTHLY_CENTS, MAX_WORK_HOURS_TENTHS};

/// The records of one household on one day, as storage read them.
#[derive(Clone, Copy, Debug)]
pub struct Records<'a> {
    /// The household from the dossier version in force on the day.
    pub household: &'a Household,
    /// That version's package (`regels::Variant` id).
    pub package: &'a str,
    /// That version's number, for tracing.
    pub dossier_version: i64,
    /// The rung on the ladder on the day; `None` when not placed yet.
    pub rung: Option<u8>,
}

/// Why an administrative outcome is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Missing {
    /// Income from work in the dossier without its hours per week.
    HoursNotRecorded,
    /// The resident was not placed on the ladder on that day.
    NotOnLadder,
    /// The rules have no amounts for that date (yet).
    NoParameters,
    /// The dossier's household or package cannot be computed.
    NotComputable,
}

impl Missing {
    pub const ALL: [Missing; 4] =
        [Missing::HoursNotRecorded, Missing::NotOnLadder, Missing::NoParameters, Missing::NotComputable];

    pub fn key(self) -> &'static str {
        match self {
            Missing::HoursNotRecorded => "werk_zonder_uren",
            Missing::NotOnLadder => "geen_trede",
            Missing::NoParameters => "geen_bedragen_voor_datum",
            Missing::NotComputable => "niet_te_berekenen",
        }
    }

    pub fn from_key(key: &str) -> Option<Missing> {
        Missing::ALL.into_iter().find(|m| m.key() == key)
    }

    /// Plain words for the administrator's page.
    pub fn text(self, lang: regels::Lang) -> &'static str {
        let (nl, en) = match self {
            Missing::HoursNotRecorded => {
                ("werk zonder uren per week in het dossier", "work without hours per week in the dossier")
            }
            Missing::NotOnLadder => ("nog geen trede op de ladder", "no rung on the ladder yet"),
            Missing::NoParameters => {
                ("de regels hebben nog geen bedragen voor die datum", "the rules have no amounts for that date yet")
            }
            Missing::NotComputable => ("het dossier is niet te berekenen", "the dossier cannot be computed"),
        };
        if lang == regels::Lang::Nl { nl } else { en }
    }
}

/// The administrative outcomes of one participant in one wave, with where
/// they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminRecord {
    pub wave: String,
    /// The day the records describe: the first day of the wave.
    pub on: Date,
    pub outcomes: AdminOutcomes,
    pub dossier_version: i64,
    pub package: String,
    /// The valid-from date of the parameter set the bijstand was computed with.
    pub parameters_from: Option<Date>,
    /// Why outcomes are missing, in a fixed order, each once.
    pub missing: Vec<Missing>,
}

/// Reads the records of `on` for `wave`: work hours and income from work of
/// the applicant and the partner together (every income from work that had
/// started on that day), the rung, and the bijstand payable under the
/// dossier's package on that day.
pub fn from_records(records: &Records<'_>, wave: &str, on: Date, sets: &ParameterSets) -> AdminRecord {
    let h = records.household;
    let work: Vec<&IncomeItem> = std::iter::once(&h.applicant)
        .chain(h.partner.as_ref())
        .flat_map(|a| a.income.iter())
        .filter(|i| i.kind == IncomeKind::Work && i.start_date <= on)
        .collect();
    let mut missing = Vec::new();
    let income = Cents::new(work.iter().map(|i| i.net_monthly.get()).sum::<i64>().min(MAX_MONTHLY_CENTS));
    let hours: Option<u32> = work
        .iter()
        .map(|i| i.weekly_hours_tenths.map(u32::from))
        .sum::<Option<u32>>()
        .map(|t| t.min(MAX_WORK_HOURS_TENTHS));
    if hours.is_none() {
        missing.push(Missing::HoursNotRecorded);
    }
    let rung = records.rung.filter(|r| (1..=MAX_RUNG).contains(r));
    if rung.is_none() {
        missing.push(Missing::NotOnLadder);
    }
    let (benefit, parameters_from) = match sets.for_date(on) {
        Err(_) => {
            missing.push(Missing::NoParameters);
            (None, None)
        }
        Ok(params) => {
            match regels::Variant::by_id(records.package).and_then(|v| regels::calculate_variant(h, on, params, v)) {
                Ok(o) => (Some(Cents::new(o.payable.get().clamp(0, MAX_MONTHLY_CENTS))), Some(o.valid_from)),
                Err(_) => {
                    missing.push(Missing::NotComputable);
                    (None, None)
                }
            }
        }
    };
    AdminRecord {
        wave: wave.to_owned(),
        on,
        outcomes: AdminOutcomes { work_hours_tenths: hours, income: Some(income), rung, benefit_paid: benefit },
        dossier_version: records.dossier_version,
        package: records.package.to_owned(),
        parameters_from,
        missing,
    }
}

/// The record as stored: Dutch keys, cents and tenths, `null` for a missing
/// outcome.
pub fn record_to_json(r: &AdminRecord) -> Value {
    json!({
        "meting": r.wave,
        "datum": r.on.to_string(),
        "registratie": crate::json::admin_to_json(&r.outcomes),
        "bron": {
            "dossierversie": r.dossier_version,
            "pakket": r.package,
            "parameters_geldig_vanaf": r.parameters_from.map(|d| d.to_string()),
        },
        "ontbreekt": r.missing.iter().map(|m| m.key()).collect::<Vec<_>>(),
    })
}

/// Reads a record stored with [`record_to_json`], every value checked.
pub fn record_from_json(value: &Value) -> Result<AdminRecord, Error> {
    let o = value.as_object().ok_or_else(|| {
        Error::new("(registratie)", Problem::Format { nl: "Dit moet een object zijn.", en: "This must be an object." })
    })?;
    let text = |key: &str| -> Result<&str, Error> {
        o.get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| Error::new(key, Problem::Format { nl: "Dit moet tekst zijn.", en: "This must be text." }))
    };
    let day = |f: &str, t: &str| -> Result<Date, Error> {
        t.parse().map_err(|_| {
            Error::new(
                f,
                Problem::Format { nl: "Dit is geen datum (JJJJ-MM-DD).", en: "This is not a date (YYYY-MM-DD)." },
            )
        })
    };
    let wave = text("meting")?.to_owned();
    let on = day("datum", text("datum")?)?;
    let outcomes = crate::json::admin_from_json("registratie", o.get("registratie").unwrap_or(&Value::Null))?
        .ok_or_else(|| Error::new("registratie", Problem::Format { nl: "Dit ontbreekt.", en: "This is missing." }))?;
    let source = o.get("bron").and_then(Value::as_object).ok_or_else(|| {
        Error::new("bron", Problem::Format { nl: "Dit moet een object zijn.", en: "This must be an object." })
    })?;
    let dossier_version = source.get("dossierversie").and_then(Value::as_i64).filter(|v| *v >= 1).ok_or_else(|| {
        Error::new(
            "bron.dossierversie",
            Problem::Format { nl: "Dit moet een versienummer zijn.", en: "This must be a version number." },
        )
    })?;
    let package = source.get("pakket").and_then(Value::as_str).ok_or_else(|| {
        Error::new("bron.pakket", Problem::Format { nl: "Dit moet tekst zijn.", en: "This must be text." })
    })?;
    let parameters_from = match source.get("parameters_geldig_vanaf") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => Some(day("bron.parameters_geldig_vanaf", t)?),
        Some(_) => {
            return Err(Error::new(
                "bron.parameters_geldig_vanaf",
                Problem::Format { nl: "Dit moet een datum zijn.", en: "This must be a date." },
            ));
        }
    };
    let mut missing = Vec::new();
    for (i, m) in o.get("ontbreekt").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let m = m.as_str().and_then(Missing::from_key).ok_or_else(|| {
            Error::new(
                format!("ontbreekt[{i}]"),
                Problem::Format { nl: "Deze reden kennen we niet.", en: "Unknown reason." },
            )
        })?;
        if !missing.contains(&m) {
            missing.push(m);
        }
    }
    missing.sort_unstable();
    Ok(AdminRecord { wave, on, outcomes, dossier_version, package: package.to_owned(), parameters_from, missing })
}

/// Puts stored records into the measurements: a record joins the resident's
/// own measurement of that wave (her answers and date stay), or becomes a
/// measurement without answers dated the wave's first day. Each record is
/// checked against the design like any measurement.
pub fn merge(
    design: &crate::Design,
    mut measurements: Vec<crate::Measurement>,
    records: &[(crate::ParticipantId, AdminRecord)],
) -> Result<Vec<crate::Measurement>, Error> {
    for (participant, r) in records {
        match measurements.iter_mut().find(|m| m.participant == *participant && m.wave == r.wave) {
            Some(m) => {
                let joined = crate::Measurement::new(
                    design,
                    m.participant,
                    &m.wave,
                    m.date,
                    m.answers.clone(),
                    Some(r.outcomes),
                )?;
                *m = joined;
            }
            None => measurements.push(crate::Measurement::new(
                design,
                *participant,
                &r.wave,
                r.on,
                std::collections::BTreeMap::new(),
                Some(r.outcomes),
            )?),
        }
    }
    Ok(measurements)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use regels::household::IncomeItem;

    use super::*;
    use crate::ParticipantId;

    fn household(json: &str) -> Household {
        regels::input::parse_household(json).expect("household")
    }

    fn sets() -> &'static ParameterSets {
        ParameterSets::embedded().expect("parameters")
    }

    const WORKING: &str = r#"{"aanvrager": {"geboortedatum": "1985-04-01", "inkomsten": [
        {"soort": "arbeid", "netto_per_maand_cent": 45050, "ingangsdatum": "2026-03-01", "uren_per_week": 16},
        {"soort": "arbeid", "netto_per_maand_cent": 20000, "ingangsdatum": "2026-09-01", "uren_per_week": 4.5},
        {"soort": "uitkering", "netto_per_maand_cent": 10000, "ingangsdatum": "2025-01-01"}]},
      "partner": {"geboortedatum": "1986-01-01", "inkomsten": [
        {"soort": "arbeid", "netto_per_maand_cent": 30000, "ingangsdatum": "2026-01-01", "uren_per_week": 10}]}}"#;

    #[test]
    fn hours_and_income_of_work_that_had_started_and_the_bijstand_of_that_day() {
        let h = household(WORKING);
        let records = Records { household: &h, package: "basis", dossier_version: 4, rung: Some(3) };
        let on = date(2026, 6, 1);
        let r = from_records(&records, "tussenmeting", on, sets());
        // The job from September had not started on 1 June: 16 + 10 hours, € 450,50 + € 300,00.
        assert_eq!(r.outcomes.work_hours_tenths, Some(260));
        assert_eq!(r.outcomes.income, Some(Cents::new(75_050)));
        assert_eq!(r.outcomes.rung, Some(3));
        // The same figure the rules give for this household on that day.
        let params = sets().for_date(on).expect("params");
        let expected = regels::calculate_variant(&h, on, params, regels::Variant::by_id("basis").expect("basis"))
            .expect("computes");
        assert_eq!(r.outcomes.benefit_paid, Some(expected.payable));
        assert_eq!(r.parameters_from, Some(expected.valid_from));
        assert_eq!((r.dossier_version, r.package.as_str(), r.on, r.wave.as_str()), (4, "basis", on, "tussenmeting"));
        assert!(r.missing.is_empty());
        // In October the second job counts too: 30,5 hours.
        let later = from_records(&records, "tussenmeting", date(2026, 10, 1), sets());
        assert_eq!(later.outcomes.work_hours_tenths, Some(305));
        assert_eq!(later.outcomes.income, Some(Cents::new(95_050)));
    }

    #[test]
    fn what_the_records_cannot_give_is_missing_with_its_reason() {
        let mut h = household(WORKING);
        h.applicant.income.push(IncomeItem {
            kind: IncomeKind::Work,
            net_monthly: Cents::new(5_000),
            start_date: date(2026, 1, 1),
            weekly_hours_tenths: None,
        });
        let records = Records { household: &h, package: "basis", dossier_version: 1, rung: None };
        let r = from_records(&records, "nulmeting", date(2026, 6, 1), sets());
        assert_eq!(r.outcomes.work_hours_tenths, None, "one job without hours: the sum is unknown");
        assert_eq!(r.outcomes.income, Some(Cents::new(80_050)), "the income is still known");
        assert_eq!(r.outcomes.rung, None);
        assert!(r.outcomes.benefit_paid.is_some());
        assert_eq!(r.missing, [Missing::HoursNotRecorded, Missing::NotOnLadder]);

        // No amounts for a date after the newest parameter set; an unknown package.
        let quiet = household(r#"{"aanvrager": {"geboortedatum": "1985-04-01"}}"#);
        let records = Records { household: &quiet, package: "basis", dossier_version: 1, rung: Some(2) };
        let r = from_records(&records, "eindmeting", date(2099, 1, 1), sets());
        assert_eq!((r.outcomes.benefit_paid, r.parameters_from), (None, None));
        assert_eq!(r.missing, [Missing::NoParameters]);
        assert_eq!(r.outcomes.work_hours_tenths, Some(0), "no work: zero hours, known");
        assert_eq!(r.outcomes.income, Some(Cents::ZERO));
        let records = Records { household: &quiet, package: "bestaat-niet", dossier_version: 1, rung: Some(2) };
        let r = from_records(&records, "eindmeting", date(2026, 6, 1), sets());
        assert_eq!(r.missing, [Missing::NotComputable]);
        for m in Missing::ALL {
            assert_eq!(Missing::from_key(m.key()), Some(m));
            assert!(!m.text(regels::Lang::Nl).is_empty() && !m.text(regels::Lang::En).is_empty());
        }
    }

    #[test]
    fn a_record_reads_back_as_written_and_bad_ones_name_their_field() {
        let h = household(WORKING);
        let with = Records { household: &h, package: "basis", dossier_version: 7, rung: None };
        for on in [date(2026, 6, 1), date(2099, 1, 1)] {
            let r = from_records(&with, "nulmeting", on, sets());
            assert_eq!(record_from_json(&record_to_json(&r)), Ok(r));
        }
        let good = record_to_json(&from_records(&with, "nulmeting", date(2026, 6, 1), sets()));
        let broken = |key: &str, value: Value| {
            let mut v = good.clone();
            let (parent, leaf) = key.split_once('.').map_or((None, key), |(p, l)| (Some(p), l));
            match parent {
                Some(p) => v[p][leaf] = value,
                None => v[leaf] = value,
            }
            record_from_json(&v).map_err(|e| e.field).expect_err("refused")
        };
        assert_eq!(broken("datum", json!("1 juni")), "datum");
        assert_eq!(broken("registratie.trede", json!(9)), "registratie.trede");
        assert_eq!(broken("registratie.werkuren_tienden", json!(801)), "registratie.werkuren_tienden");
        assert_eq!(broken("registratie.uitkering_betaald", json!(-1)), "registratie.uitkering_betaald");
        assert_eq!(broken("bron.dossierversie", json!(0)), "bron.dossierversie");
        assert_eq!(broken("ontbreekt", json!(["zomaar"])), "ontbreekt[0]");
        assert_eq!(broken("registratie", Value::Null), "registratie");
    }

    #[test]
    fn records_join_her_answers_or_stand_alone() {
        let design = crate::Design::new(
            crate::json::design_from_toml(crate::json::EXAMPLE_DESIGN).expect("example").spec().clone(),
        )
        .expect("design");
        let start = design.spec().start;
        let answers: std::collections::BTreeMap<String, u8> =
            [(design.spec().questionnaire.items[0].key.clone(), 3)].into();
        let answered =
            crate::Measurement::new(&design, ParticipantId(1), "nulmeting", start, answers.clone(), None).expect("m");
        let outcomes = AdminOutcomes {
            work_hours_tenths: Some(120),
            income: Some(Cents::new(30_000)),
            rung: Some(2),
            benefit_paid: None,
        };
        let record = |wave: &str| AdminRecord {
            wave: wave.to_owned(),
            on: start,
            outcomes,
            dossier_version: 1,
            package: "basis".to_owned(),
            parameters_from: None,
            missing: vec![Missing::NoParameters],
        };
        let merged = merge(
            &design,
            vec![answered],
            &[(ParticipantId(1), record("nulmeting")), (ParticipantId(2), record("nulmeting"))],
        )
        .expect("merged");
        assert_eq!(merged.len(), 2);
        assert_eq!((merged[0].answers.clone(), merged[0].admin), (answers, Some(outcomes)), "her answers stay");
        assert!(merged[1].answers.is_empty() && merged[1].admin == Some(outcomes) && !merged[1].responded());
        // A record for a wave the design does not have is refused, named.
        let e = merge(&design, Vec::new(), &[(ParticipantId(3), record("geen-meting"))]).expect_err("unknown wave");
        assert!(e.field.contains("meting"), "{}", e.field);
    }
}
