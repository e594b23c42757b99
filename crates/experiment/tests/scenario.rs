//! Een Gronings scenario, van ontwerp tot rapport, door de pure API.
//!
//! "Experimenten zijn bedoeld om van te leren. (...) Het gaat ons nadrukkelijk niet alleen om de direct
//! meetbare effecten in geld of banen, maar ook om de effecten op individueel welbevinden" (college van
//! Groningen, seed 004). Three arms and a control arm, 200 residents in 12 strata (household type ×
//! rung band), baseline, midway and end waves with withdrawals and non-response, then the report. The
//! data are simulated with a known effect: *bijverdienen* adds exactly 3.0 hours of work a week at the
//! end wave in expectation; the other arms add nothing. Residents, names and BSNs are invented.

mod common;

use std::collections::BTreeMap;

use experiment::rng::Rng;
use experiment::suppress::Suppression;
use experiment::{
    AdminOutcomes, Cell, Consent, DataOnWithdrawal, Design, Measurement, Participant, ParticipantId, Problem,
    ReportOptions, Trial, allocate, enrol, export_rows, to_csv,
};
use jiff::civil::{Date, date};
use regels::Cents;
use serde_json::Value;

use common::{design, enrol_many, groningen_arms};

const SEED: u64 = 20_270_104;
/// The true effect of bijverdienen on weekly work hours, in tenths.
const TRUE_EFFECT_TENTHS: u32 = 30;

fn plus_months(d: Date, m: u8) -> Date {
    d.checked_add(jiff::Span::new().months(i64::from(m))).unwrap_or(d)
}

fn plus_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).unwrap_or(d)
}

/// A simulated experiment: participants (some withdrawn), allocation and
/// measurements.
struct Simulated {
    design: Design,
    participants: Vec<Participant>,
    allocation: experiment::Allocation,
    measurements: Vec<Measurement>,
}

fn simulate(n: u32) -> Simulated {
    let design = design(groningen_arms(), vec![1, 2], true);
    let mut participants = enrol_many(&design, n, 2027);
    let allocation = allocate(&design, SEED, &participants).expect("allocation");
    let mut measurements = Vec::new();
    for p in &mut participants {
        let arm = allocation.arm_of(p.id).expect("allocated").to_owned();
        let mut r = Rng::for_stream(SEED ^ 0xDA7A, u64::from(p.id.0));
        // Person-level levels: hours 0–9.9 a week, answers around the middle.
        let base_hours = u32::try_from(r.below(100)).unwrap_or(0);
        let tendency = u8::try_from(r.below(3)).unwrap_or(0); // 0, 1, 2
        // About 6 % withdraw between midway and end; half want their data deleted.
        let withdraws = r.below(100) < 6;
        let deletes = r.below(2) == 0;
        for (w, wave) in design.waves().iter().enumerate() {
            let when = plus_months(p.enrolled_on, wave.month);
            if withdraws && w == 2 {
                let data = if deletes { DataOnWithdrawal::Delete } else { DataOnWithdrawal::KeepUntilWithdrawal };
                p.withdraw(plus_days(when, -60), data).expect("withdraw");
                break;
            }
            // Non-response: none at baseline, about 10 % midway, 15 % at the end.
            let silent = match w {
                0 => false,
                1 => r.below(100) < 10,
                _ => r.below(100) < 15,
            };
            let mut answers = BTreeMap::new();
            if !silent {
                for item in &design.questionnaire().items {
                    let a = 2 + tendency.min(1) + u8::try_from(r.below(3)).unwrap_or(0); // 2–5
                    answers.insert(item.key.clone(), a.min(item.scale_max));
                }
            }
            let effect = if arm == "bijverdienen" && w == 2 { TRUE_EFFECT_TENTHS } else { 0 };
            let hours = base_hours + u32::try_from(r.below(40)).unwrap_or(0) + effect;
            let admin = AdminOutcomes {
                work_hours_tenths: Some(hours),
                income: Some(Cents::new(i64::from(hours) * 1_400)), // about € 14 net an hour, × 10 weeks/10
                rung: Some(p.rung),
                benefit_paid: Some(Cents::new(120_000 - i64::from(hours) * 700)),
            };
            measurements.push(Measurement {
                participant: p.id,
                wave: wave.key.clone(),
                date: when,
                answers,
                admin: Some(admin),
            });
        }
        // A few residents stop receiving what their arm offers from midway
        // (per-protocol view only).
        if r.below(100) < 8 {
            p.record_deviation(plus_months(p.enrolled_on, 12)).expect("deviation");
        }
    }
    Simulated { design, participants, allocation, measurements }
}

/// Every `{"status": "getoond", "n": …}` in a JSON tree.
fn shown_ns(v: &Value, out: &mut Vec<u64>) {
    match v {
        Value::Object(o) => {
            if o.get("status").and_then(Value::as_str) == Some("getoond") {
                out.push(o.get("n").and_then(Value::as_u64).unwrap_or(0));
            }
            o.values().for_each(|x| shown_ns(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| shown_ns(x, out)),
        _ => {}
    }
}

#[test]
fn groningen_scenario_from_design_to_report() {
    let s = simulate(200);
    let trial = Trial::new(&s.design, &s.participants, &s.allocation, &s.measurements).expect("trial");
    let report = trial.report(&ReportOptions::default()).expect("report");
    assert_eq!(report.zaad_check(), SEED.to_string());
    assert_eq!(report.outcome_wave, "eindmeting");
    assert_eq!(report.arms.len(), 4);

    // Every resident is in exactly one arm; 12 strata with blocks of 4 or 8
    // keep each arm within 12 × 2 = 24 of 50, in practice much closer.
    let enrolled: Vec<u32> = report.arms.iter().map(|a| a.enrolled.shown().map_or(0, |(n, _)| n)).collect();
    assert_eq!(enrolled.iter().sum::<u32>(), 200, "{enrolled:?}");
    assert!(enrolled.iter().all(|n| n.abs_diff(50) <= 12), "{enrolled:?}");

    // Response over everyone randomised: everyone answered at baseline
    // except the few whose data were deleted (so those cells are hidden:
    // the non-responders are a small group); fewer answered later.
    assert_eq!(report.response.len(), 3);
    for (cell, n) in report.response[0].cells.iter().zip(&enrolled) {
        if let Some((asked, rate)) = cell.shown() {
            assert_eq!(asked, *n);
            assert_eq!(rate.responded, *n, "only 0 or ≥ 10 missing can be shown");
        }
    }
    for cell in &report.response[2].cells {
        if let Some((n, rate)) = cell.shown() {
            assert!(rate.per_mille < 1000 && rate.per_mille > 650, "{n} {rate:?}");
        }
    }
    // Residents who withdrew with deletion count as not responding.
    let deleted = s.participants.iter().filter(|p| p.data_deleted()).count();
    assert!(deleted > 0, "the scenario must include a deletion");
    assert!(report.response[0].cells.iter().any(Cell::is_suppressed));

    // Attrition: withdrawn + lost + measured = enrolled, where shown.
    for (row, n) in report.attrition.iter().zip(&enrolled) {
        if let (Some((_, w)), Some((_, l)), Some((_, m))) =
            (row.withdrawn.shown(), row.lost.shown(), row.measured.shown())
        {
            assert_eq!(w + l + m, *n, "{row:?}");
        }
        // The rate is hidden when fewer than 10 dropped out (a small group).
        if let Some((_, rate)) = row.attrition_per_mille.shown() {
            assert!(*rate > 150 && *rate < 450, "{row:?}");
        }
    }

    // Balance at baseline: randomisation worked, no standardised difference
    // is large. With ~50 per arm the SD of d is about √(2/50) = 0.2; 30
    // values below 0.6 (3 SD) is what a working randomisation gives.
    assert_eq!(report.balance.len(), 10);
    for row in &report.balance {
        assert!(row.cells.iter().all(|c| c.shown().is_some()), "{row:?}");
        for d in row.differences.iter().flatten() {
            assert!(d.abs() < 0.6, "{}: {d}", row.outcome);
        }
        assert_eq!(row.differences.iter().filter(|d| d.is_none()).count(), 1, "control has none");
    }

    // ITT on work hours: bijverdienen's interval covers the true +3.0 hours
    // and excludes 0; begeleiding's covers 0.
    let hours = report.itt.iter().find(|r| r.outcome == "werkuren_per_week").expect("row");
    assert_eq!(hours.unit_nl, "uren per week");
    let effect = |arm: &str| {
        let e = hours.effects.iter().find(|e| e.arm == arm).expect("arm");
        *e.effect.shown().expect("shown").1
    };
    let bij = effect("bijverdienen");
    eprintln!("bijverdienen, werkuren per week (ITT): {bij:?}");
    assert!(bij.ci_low <= 3.0 && 3.0 <= bij.ci_high, "{bij:?}");
    assert!(bij.ci_low > 0.0, "{bij:?}");
    assert!(bij.df > 30.0 && bij.standard_error > 0.3 && bij.standard_error < 1.5, "{bij:?}");
    let beg = effect("begeleiding");
    assert!(beg.ci_low <= 0.0 && 0.0 <= beg.ci_high, "{beg:?}");
    // Income moves with hours: positive for bijverdienen.
    let income = report.itt.iter().find(|r| r.outcome == "inkomen_uit_werk").expect("row");
    let inc = income.effects.iter().find(|e| e.arm == "bijverdienen").expect("arm");
    assert!(inc.effect.shown().expect("shown").1.ci_low > 0.0);

    // Per protocol: labelled, same shape.
    assert!(report.per_protocol.label_nl.contains("niet meer beschermd door de loting"));
    assert!(report.per_protocol.label_en.contains("no longer protected by the randomisation"));
    assert_eq!(report.per_protocol.rows.len(), report.itt.len());
    let pp_hours = &report.per_protocol.rows[6];
    assert_eq!(pp_hours.outcome, "werkuren_per_week");
    let n_itt: u32 = hours.groups.iter().filter_map(|c| c.shown().map(|(n, _)| n)).sum();
    let n_pp: u32 = pp_hours.groups.iter().filter_map(|c| c.shown().map(|(n, _)| n)).sum();
    assert!(n_pp < n_itt, "deviations leave the per-protocol view: {n_pp} vs {n_itt}");

    // ITT weighted per stratum: shown exactly where the ITT effect is, with
    // the same n; 12 strata of about 4 per arm, so some are left out and named.
    let strat = &report.itt_stratified;
    assert_eq!(strat.rows.len(), report.itt.len());
    for (row, itt_row) in strat.rows.iter().zip(&report.itt) {
        assert_eq!(row.outcome, itt_row.outcome);
        for (e, i) in row.effects.iter().zip(&itt_row.effects) {
            assert_eq!(e.arm, i.arm);
            match (&e.effect, &i.effect) {
                (Cell::Shown { n, value }, Cell::Shown { n: n_itt, .. }) => {
                    assert_eq!(n, n_itt);
                    assert!(value.estimate.strata_used >= 1 && value.estimate.strata_used <= 12, "{value:?}");
                    assert_eq!(value.estimate.strata_used as usize + value.strata_left_out.len(), 12, "{value:?}");
                }
                (Cell::Suppressed { reason }, Cell::Suppressed { reason: r }) => assert_eq!(reason, r),
                other => panic!("stratified and ITT cells differ: {other:?}"),
            }
        }
    }
    let strat_hours = strat.rows.iter().find(|r| r.outcome == "werkuren_per_week").expect("row");
    let sb = &strat_hours.effects.iter().find(|e| e.arm == "bijverdienen").expect("arm").effect;
    let sb = sb.shown().expect("shown").1;
    eprintln!("bijverdienen, werkuren per week (ITT per stratum gewogen): {sb:?}");
    assert!(sb.estimate.ci_low <= 3.0 && 3.0 <= sb.estimate.ci_high, "{sb:?}");

    // Multiplicity: one p-value per shown ITT effect, none for a hidden one.
    let mult = &report.multiplicity;
    let shown_itt = report.itt.iter().flat_map(|r| &r.effects).filter(|e| e.effect.shown().is_some()).count();
    let all_itt = report.itt.iter().map(|r| r.effects.len()).sum::<usize>();
    assert_eq!(mult.comparisons as usize, shown_itt);
    assert_eq!((mult.comparisons + mult.suppressed) as usize, all_itt);
    assert_eq!(mult.p_values.len(), all_itt);
    assert!(mult.note_nl.starts_with(&format!("Er zijn {shown_itt} vergelijkingen gemaakt.")), "{}", mult.note_nl);
    assert!(mult.note_en.starts_with(&format!("{shown_itt} comparisons were made.")), "{}", mult.note_en);
    let itt_cells = report.itt.iter().flat_map(|r| r.effects.iter().map(move |e| (r.outcome, e)));
    for (pv, (outcome, e)) in mult.p_values.iter().zip(itt_cells) {
        assert_eq!((pv.outcome, pv.arm.as_str()), (outcome, e.arm.as_str()));
        match e.effect.shown() {
            None => assert_eq!((pv.p, pv.p_holm), (None, None)),
            Some((_, effect)) => {
                let (p, holm) = (pv.p.expect("a p-value"), pv.p_holm.expect("adjusted"));
                assert_eq!(p < 0.05, effect.ci_low > 0.0 || effect.ci_high < 0.0, "{pv:?} {effect:?}");
                assert!(holm >= p && holm <= 1.0, "{pv:?}");
            }
        }
    }
    // The true effect on hours is large enough to survive the adjustment.
    let bij_p = mult.p_values.iter().find(|p| p.outcome == "werkuren_per_week" && p.arm == "bijverdienen");
    assert!(bij_p.and_then(|p| p.p_holm).is_some_and(|p| p < 0.05), "{bij_p:?}");

    // The JSON shows no group under the threshold.
    let json = serde_json::to_value(&report).expect("json");
    let mut ns = Vec::new();
    shown_ns(&json, &mut ns);
    assert!(!ns.is_empty());
    assert!(ns.iter().all(|n| *n == 0 || *n >= 10), "{ns:?}");
    assert!(json["onderdrukking"].as_str().expect("text").contains("minder dan 10"));
    assert!(json["itt_per_stratum_gewogen"]["rijen"][6]["effecten"][2]["effect"]["waarde"]["verschil"].is_f64());
    assert!(
        json["itt_per_stratum_gewogen"]["rijen"][6]["effecten"][2]["effect"]["waarde"]["weggelaten_strata"].is_array()
    );
    assert!(json["multipliciteit"]["vergelijkingen"].is_u64());
    assert_eq!(json["multipliciteit"]["methode"], "holm");
    assert!(
        json["multipliciteit"]["p_waarden"][0]["p_holm"].is_f64()
            || json["multipliciteit"]["p_waarden"][0]["p_holm"].is_null()
    );

    // A stricter threshold hides more, never less.
    let strict = trial.report(&ReportOptions { threshold: 45, ..ReportOptions::default() }).expect("report");
    let mut strict_ns = Vec::new();
    shown_ns(&serde_json::to_value(&strict).expect("json"), &mut strict_ns);
    assert!(strict_ns.iter().all(|n| *n == 0 || *n >= 45), "{strict_ns:?}");
    assert!(strict_ns.len() < ns.len());
}

trait SeedCheck {
    fn zaad_check(&self) -> String;
}

impl SeedCheck for experiment::Report {
    fn zaad_check(&self) -> String {
        self.seed.clone()
    }
}

#[test]
fn one_small_arm_is_hidden_with_a_complement() {
    // Weights 4:4:4:1, 60 people, one stratum, fixed blocks of 13: the
    // control arm gets 4 or 5 people, under the threshold of 10. It is
    // suppressed, and so is the smallest other arm, so the control count
    // cannot be computed back from the 60 enrolled.
    let arms = vec![
        common::arm("vrijstelling", "Vrijstelling", common::package("vrijstelling"), 4),
        common::arm("begeleiding", "Begeleiding", common::package("begeleiding"), 4),
        common::arm("bijverdienen", "Bijverdienen", common::package("bijverdienen"), 4),
        common::arm("controle", "Controle", experiment::ArmKind::Control, 1),
    ];
    let d = design(arms, vec![1], false);
    let people = enrol_many(&d, 60, 8);
    let allocation = allocate(&d, 3, &people).expect("allocation");
    let measurements: Vec<Measurement> = people
        .iter()
        .map(|p| Measurement {
            participant: p.id,
            wave: "nulmeting".to_owned(),
            date: p.enrolled_on,
            answers: BTreeMap::from([("welbevinden_1".to_owned(), 4)]),
            admin: None,
        })
        .collect();
    let trial = Trial::new(&d, &people, &allocation, &measurements).expect("trial");
    let report = trial.report(&ReportOptions::default()).expect("report");
    let cells = &report.arms;
    assert_eq!(cells[3].enrolled, Cell::Suppressed { reason: Suppression::Primary });
    let complements = cells.iter().filter(|a| a.enrolled == Cell::Suppressed { reason: Suppression::Complementary });
    assert_eq!(complements.count(), 1);
    assert_eq!(cells.iter().filter(|a| a.enrolled.shown().is_some()).count(), 2);
    // Every effect against the hidden control arm is hidden too, also per
    // stratum, and no p-value is given for any.
    assert!(report.itt.iter().all(|r| r.effects.iter().all(|e| e.effect.is_suppressed())));
    assert!(report.itt_stratified.rows.iter().all(|r| r.effects.iter().all(|e| e.effect.is_suppressed())));
    assert_eq!(report.multiplicity.comparisons, 0);
    assert!(report.multiplicity.p_values.iter().all(|p| p.p.is_none() && p.p_holm.is_none()));
    assert_eq!(report.multiplicity.note_nl, "Er zijn geen vergelijkingen te tonen.");
    // The balance row of well-being: control primary, one complement.
    let wb = &report.balance[0];
    assert_eq!(wb.cells[3], Cell::Suppressed { reason: Suppression::Primary });
    assert_eq!(wb.cells.iter().filter(|c| c.is_suppressed()).count(), 2);
    let mut ns = Vec::new();
    shown_ns(&serde_json::to_value(&report).expect("json"), &mut ns);
    assert!(ns.iter().all(|n| *n == 0 || *n >= 10), "{ns:?}");
}

/// A keyed pseudonym as storage would make one (there with HMAC-SHA-256;
/// here SplitMix64 of key and id, which is enough for a test).
fn keyed(key: u64) -> impl Fn(ParticipantId) -> String {
    move |id: ParticipantId| {
        let mut r = Rng::for_stream(key, u64::from(id.0));
        format!("{:016x}{:016x}", r.next_u64(), r.next_u64())
    }
}

#[test]
fn the_export_holds_no_name_or_bsn() {
    let s = simulate(60);
    // What storage knows about the residents, and the crate never sees.
    let first = ["Anouk", "Bram", "Fatima", "Henk", "Mohammed", "Sanne", "Wilma", "Yusuf"];
    let last = ["de Vries", "Jansen", "El Amrani", "Bakker", "Visser", "Hoekstra"];
    let known: BTreeMap<ParticipantId, (String, String)> = s
        .participants
        .iter()
        .map(|p| {
            let i = usize::try_from(p.id.0).unwrap_or(0);
            let name = format!("{} {}", first[i % first.len()], last[i % last.len()]);
            let bsn = format!("{}", 111_222_333 + u64::from(p.id.0) * 1_111);
            (p.id, (name, bsn))
        })
        .collect();
    let trial = Trial::new(&s.design, &s.participants, &s.allocation, &s.measurements).expect("trial");
    let rows = export_rows(&trial, &keyed(0x5EC2E7)).expect("export");
    assert!(!rows.is_empty());
    let json = serde_json::to_string(&rows).expect("json");
    let csv = to_csv(&rows);
    for (name, bsn) in known.values() {
        for text in [&json, &csv] {
            assert!(!text.contains(name.as_str()), "name {name} in export");
            assert!(!text.contains(bsn.as_str()), "BSN {bsn} in export");
        }
        for part in name.split(' ') {
            assert!(!json.contains(part) || part.len() < 3, "{part}");
        }
    }
    // Only the month of a measurement, never the day.
    assert!(rows.iter().all(|r| r.month.len() == 7));
    // Deleted data leave no row; kept data stop at the withdrawal.
    let f = keyed(0x5EC2E7);
    for p in &s.participants {
        let mine: Vec<_> = rows.iter().filter(|r| r.pseudonym == f(p.id)).collect();
        if p.data_deleted() {
            assert!(mine.is_empty(), "deleted participant exported");
        } else if p.withdrawal.is_some() {
            assert!(mine.iter().all(|r| r.wave != "eindmeting"));
        }
    }
    // A pseudonymiser that is no pseudonymiser is refused.
    let e = export_rows(&trial, &|id: ParticipantId| format!("{:016}", id.0)).expect_err("id itself");
    assert!(e.message_en().contains("participant number itself"), "{e}");
    let e = export_rows(&trial, &|_| "aaaaaaaaaaaaaaaaaaaa".to_owned()).expect_err("constant");
    assert!(matches!(e.problem, Problem::Duplicate { .. }), "{e}");
    let e = export_rows(&trial, &|_| "kort".to_owned()).expect_err("short");
    assert!(e.field.starts_with("pseudoniem["), "{e}");
}

#[test]
fn bad_input_is_refused_with_the_field_in_dutch_and_english() {
    // Two control arms.
    let mut arms = groningen_arms();
    arms[0].kind = experiment::ArmKind::Control;
    let e = Design::new(common::spec(arms, vec![1], true)).expect_err("two controls");
    assert_eq!(e.field, "armen");
    assert!(e.message_nl().contains("precies één controlegroep"));
    assert!(e.message_en().contains("exactly one control arm"));
    // A weight of 0, a block above 60 places, a gap in the rung bands.
    let mut arms = groningen_arms();
    arms[1].weight = 0;
    let e = Design::new(common::spec(arms, vec![1], true)).expect_err("weight 0");
    assert_eq!(e.field, "armen[1].gewicht");
    let e = Design::new(common::spec(groningen_arms(), vec![16], true)).expect_err("block too big");
    assert_eq!(e.field, "blokvermenigvuldigers[0]");
    assert_eq!(e.problem, Problem::OutOfRange { min: 1, max: 15 });
    let mut spec = common::spec(groningen_arms(), vec![1], true);
    spec.stratification.rung_bands = vec![(1, 2), (4, 6)];
    assert_eq!(Design::new(spec).expect_err("gap").field, "strata.tredegroepen[1]");
    let mut spec = common::spec(groningen_arms(), vec![1], true);
    spec.arms = (0..9).map(|i| common::arm(&format!("a{i}"), "A", common::package("x"), 1)).collect();
    assert_eq!(Design::new(spec).expect_err("too many").problem, Problem::TooMany { max: 8 });

    let d = design(groningen_arms(), vec![1], true);
    let profile = common::profile(1, 1);
    let consent = |v: &str, on: Date| Consent { information_version: v.to_owned(), date: on };
    let day = date(2027, 2, 1);
    let e = enrol(&d, ParticipantId(1), &profile, consent("informatie-2026-11", day), date(2026, 12, 1))
        .expect_err("before the start");
    assert_eq!(e.field, "ingeschreven_op");
    let e = enrol(&d, ParticipantId(1), &profile, consent("informatie-1999", day), day).expect_err("unknown text");
    assert_eq!(e.field, "toestemming.versie_informatietekst");
    assert!(e.message_nl().contains("informatie-2026-11"), "{}", e.message_nl());
    let e = enrol(&d, ParticipantId(1), &profile, consent("informatie-2026-11", date(2027, 2, 2)), day)
        .expect_err("consent after enrolment");
    assert_eq!(e.field, "toestemming.datum");
    let young = experiment::Profile { age: 17, ..profile };
    let e = enrol(&d, ParticipantId(1), &young, consent("informatie-2026-11", day), day).expect_err("too young");
    assert!(e.message_nl().contains("leeftijd") && e.message_en().contains("age"), "{e}");

    // Withdrawal: at any time after enrolment, once.
    let mut p = enrol(&d, ParticipantId(1), &profile, consent("informatie-2027-02", day), day).expect("enrol");
    assert_eq!(
        p.withdraw(date(2027, 1, 1), DataOnWithdrawal::Delete).expect_err("before enrolment").field,
        "ingetrokken_op"
    );
    p.withdraw(date(2027, 3, 1), DataOnWithdrawal::KeepUntilWithdrawal).expect("withdraw");
    assert!(p.data_usable(date(2027, 2, 28)) && !p.data_usable(date(2027, 3, 1)));
    assert!(matches!(
        p.withdraw(date(2027, 4, 1), DataOnWithdrawal::Delete).expect_err("twice").problem,
        Problem::WrongState { .. }
    ));

    // Measurements that do not fit.
    let people = vec![enrol(&d, ParticipantId(1), &profile, consent("informatie-2026-11", day), day).expect("enrol")];
    let alloc = allocate(&d, 1, &people).expect("allocation");
    let m = |wave: &str, item: &str, a: u8| Measurement {
        participant: ParticipantId(1),
        wave: wave.to_owned(),
        date: day,
        answers: BTreeMap::from([(item.to_owned(), a)]),
        admin: None,
    };
    let bad = [m("nulmeting", "stress_1", 9)];
    assert_eq!(Trial::new(&d, &people, &alloc, &bad).expect_err("scale").field, "metingen[0].antwoorden.stress_1");
    let bad = [m("halverwege", "stress_1", 3)];
    assert_eq!(Trial::new(&d, &people, &alloc, &bad).expect_err("wave").field, "metingen[0].meting");
    let bad = [m("nulmeting", "stress_1", 3), m("nulmeting", "stress_2", 3)];
    assert!(matches!(Trial::new(&d, &people, &alloc, &bad).expect_err("twice").problem, Problem::Duplicate { .. }));
    let trial = Trial::new(&d, &people, &alloc, &[]).expect("trial");
    let e = trial.report(&ReportOptions { threshold: 2, ..ReportOptions::default() }).expect_err("threshold");
    assert_eq!(e.field, "drempel");
}

/// The whole pipeline (enrol, allocate, measure, report) on 1000 simulated
/// experiments with a known effect of +2.0 hours a week: the reported 95 %
/// interval must cover it in 93 %–97 % of them.
///
/// Binomial reasoning: if the intervals are right, the number covering is
/// Binomial(1000, 0.95), mean 950 and SD √(1000 · 0.95 · 0.05) ≈ 6.9; the
/// band 930–970 is ±2.9 SD, left by chance with probability about 0.4 %
/// (and the seeds are fixed, so the test cannot flicker). Noise is the sum
/// of 12 uniform integers (Irwin–Hall, close to normal), so this test needs
/// no floating point; the stats module's own test uses Box–Muller draws.
#[test]
fn the_reported_interval_covers_a_known_effect_in_95_percent_of_experiments() {
    let arms = vec![
        common::arm("bijverdienen", "Bijverdienen", common::package("bijverdienen"), 1),
        common::arm("controle", "Controle", experiment::ArmKind::Control, 1),
    ];
    let d = design(arms, vec![1, 2], false);
    let options = ReportOptions { threshold: 5, ..ReportOptions::default() };
    let mut covered = 0u32;
    for trial_no in 0..1000u64 {
        let people = enrol_many(&d, 40, trial_no);
        let allocation = allocate(&d, trial_no, &people).expect("allocation");
        let mut r = Rng::for_stream(0xC0FE, trial_no);
        let mut measurements = Vec::new();
        for p in &people {
            let treated = allocation.arm_of(p.id) == Some("bijverdienen");
            for wave in ["nulmeting", "eindmeting"] {
                // 12 uniform draws in 0..=40: mean 240, SD ≈ 41 tenths of an hour.
                let noise: u64 = (0..12).map(|_| r.below(41)).sum();
                let effect = if treated && wave == "eindmeting" { 20 } else { 0 };
                let hours = u32::try_from(noise).unwrap_or(0) + effect;
                measurements.push(Measurement {
                    participant: p.id,
                    wave: wave.to_owned(),
                    date: p.enrolled_on,
                    answers: BTreeMap::new(),
                    admin: Some(AdminOutcomes {
                        work_hours_tenths: Some(hours),
                        income: Some(Cents::ZERO),
                        rung: Some(2),
                        benefit_paid: Some(Cents::ZERO),
                    }),
                });
            }
        }
        let trial = Trial::new(&d, &people, &allocation, &measurements).expect("trial");
        let report = trial.report(&options).expect("report");
        let row = report.itt.iter().find(|r| r.outcome == "werkuren_per_week").expect("row");
        let e = row.effects[0].effect.shown().expect("shown").1;
        if e.ci_low <= 2.0 && 2.0 <= e.ci_high {
            covered += 1;
        }
    }
    eprintln!("pipeline coverage of the known effect: {covered}/1000");
    assert!((930..=970).contains(&covered), "coverage {covered}/1000");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever the size of the experiment and the threshold, no shown cell
    /// of the report is a group of 1 to k − 1.
    #[test]
    fn no_shown_group_is_under_the_threshold(n in 1u32..160, k in 5u32..60) {
        let s = simulate(n);
        let trial = Trial::new(&s.design, &s.participants, &s.allocation, &s.measurements).expect("trial");
        let report = trial.report(&ReportOptions { threshold: k, ..ReportOptions::default() }).expect("report");
        let mut ns = Vec::new();
        shown_ns(&serde_json::to_value(&report).expect("json"), &mut ns);
        proptest::prop_assert!(ns.iter().all(|x| *x == 0 || *x >= u64::from(k)), "k {} {:?}", k, ns);
        // Also for the groups inside a rate: responders and non-responders.
        for row in &report.response {
            for c in &row.cells {
                if let Some((asked, rate)) = c.shown() {
                    let (r, silent) = (rate.responded, asked - rate.responded);
                    proptest::prop_assert!(r == 0 || r >= k);
                    proptest::prop_assert!(silent == 0 || silent >= k);
                }
            }
        }
        // With `protect_missing`, the unmeasured rest of an arm is protected too.
        let strict = trial
            .report(&ReportOptions { threshold: k, protect_missing: true, ..ReportOptions::default() })
            .expect("report");
        let sizes: Vec<u32> = s
            .design
            .arms()
            .iter()
            .map(|a| u32::try_from(s.allocation.assignments.iter().filter(|x| x.arm == a.key).count()).unwrap_or(0))
            .collect();
        let rows = strict.balance.iter().map(|r| &r.cells).chain(strict.itt.iter().map(|r| &r.groups));
        for cells in rows.chain(strict.per_protocol.rows.iter().map(|r| &r.groups)) {
            for (c, size) in cells.iter().zip(&sizes) {
                if let Some((n, _)) = c.shown() {
                    let missing = size - n;
                    proptest::prop_assert!(n >= k && (missing == 0 || missing >= k), "n {} of {} k {}", n, size, k);
                }
            }
        }
    }

    /// Random, partly invalid measurements are refused with a named field
    /// or analysed; nothing panics.
    #[test]
    fn bad_measurements_never_panic(
        answers in proptest::collection::vec((0usize..14, 0u8..12), 0..20),
        wave in 0usize..4,
        hours in 0u32..1000,
        rung in 0u8..9,
        money in -5i64..20_000_000,
    ) {
        let s = simulate(20);
        let keys: Vec<String> = s.design.questionnaire().items.iter().map(|i| i.key.clone()).collect();
        let waves = ["nulmeting", "tussenmeting", "eindmeting", "onbekend"];
        let m = Measurement {
            participant: ParticipantId(1),
            wave: waves[wave].to_owned(),
            date: date(2027, 6, 1),
            answers: answers
                .iter()
                .map(|(i, a)| (keys.get(*i).cloned().unwrap_or_else(|| "vraag_x".to_owned()), *a))
                .collect(),
            admin: Some(AdminOutcomes {
                work_hours_tenths: Some(hours),
                income: Some(Cents::new(money)),
                rung: Some(rung),
                benefit_paid: Some(Cents::new(money)),
            }),
        };
        let mut all: Vec<Measurement> = s.measurements.iter().filter(|x| x.participant != ParticipantId(1)).cloned().collect();
        all.push(m);
        match Trial::new(&s.design, &s.participants, &s.allocation, &all) {
            Ok(t) => {
                let r = t.report(&ReportOptions::default());
                proptest::prop_assert!(r.is_ok());
            }
            Err(e) => proptest::prop_assert!(e.field.starts_with("metingen[")),
        }
    }
}

#[test]
fn the_example_design_file_is_groningens_design_and_errors_name_the_place() {
    let read = experiment::json::design_from_toml(experiment::json::EXAMPLE_DESIGN).expect("the example reads");
    assert_eq!(read, common::design(common::with_free_choice(), vec![1, 2], true));
    // A wrong value is named by its path, as for a stored design.
    let text = experiment::json::EXAMPLE_DESIGN;
    let second = text.match_indices("gewicht = 1").nth(1).map(|(i, _)| i).expect("a second arm");
    let zero = format!("{}gewicht = 0{}", &text[..second], &text[second + "gewicht = 1".len()..]);
    let e = experiment::json::design_from_toml(&zero).err().map(|e| e.field);
    assert_eq!(e.as_deref(), Some("armen[1].gewicht"));
    // Text that is not TOML: the line is named.
    let broken = experiment::json::EXAMPLE_DESIGN.replacen("titel = \"", "titel = ", 1);
    let e = experiment::json::design_from_toml(&broken).expect_err("refused");
    let line = experiment::json::EXAMPLE_DESIGN.lines().position(|l| l.starts_with("titel")).expect("a title") + 1;
    assert!(e.field.starts_with(&format!("(regel {line},")), "{}", e.field);
    assert!(e.message_nl().contains("geen geldige TOML") && e.message_en().contains("not valid TOML"));
}
