//! The bulk engine against the one-household API, reproducibility from the
//! seed, calibration, the CSV format and the report.

use jiff::civil::{Date, date};
use microsim::calibration::{AGE_BANDS, HOUSEHOLD_TYPES, SHARE_ONE};
use microsim::work::{WorkScenario, work_effect};
use microsim::{Calibration, HouseholdType, Population, aggregate, evaluate_all, report::Report};
use regels::household::IncomeKind;
use regels::{Cents, ParameterSets, Variant};

fn cal() -> Calibration {
    Calibration::embedded("groningen").expect("shipped calibration parses")
}

fn variants() -> Vec<&'static Variant> {
    Variant::embedded().expect("variants").iter().collect()
}

const DAY: Date = date(2026, 11, 1);

/// Every household, every variant: the bulk amounts are those of the
/// explained one-household calculation (`regels::calculate_variant`).
#[test]
fn bulk_equals_single_on_10_000_random_households() {
    let variants = variants();
    // Two populations (different seeds) on two dates, 5 000 households each.
    for (seed, day) in [(11, DAY), (12, date(2026, 3, 1))] {
        let pop = Population::generate(&cal(), 5_000, seed, day);
        let params = ParameterSets::embedded().expect("valid").for_date(day).expect("in force");
        let rows = evaluate_all(&pop, day, params, &variants);
        assert_eq!(rows.len(), pop.len() * variants.len());
        let mut compared = 0;
        for (h, chunk) in pop.households.iter().zip(rows.chunks(variants.len())) {
            for (v, bulk) in variants.iter().zip(chunk) {
                let single = regels::calculate_variant(h, day, params, v);
                match single {
                    Ok(o) => {
                        assert!(bulk.ok, "bulk refused what single computed: {h:?}");
                        assert_eq!(
                            (bulk.norm, bulk.income_counted, bulk.disregard, bulk.bijstand),
                            (o.norm, o.income_counted, o.disregard, o.bijstand),
                            "variant {} household {h:?}",
                            v.id
                        );
                        compared += 1;
                    }
                    Err(_) => assert!(!bulk.ok),
                }
            }
        }
        // The generator only makes households the rules can compute.
        assert_eq!(compared, pop.len() * variants.len());
    }
}

#[test]
fn the_aggregate_is_the_sum_of_the_rows() {
    let variants = variants();
    let pop = Population::generate(&cal(), 3_000, 5, DAY);
    let params = ParameterSets::embedded().expect("valid").for_date(DAY).expect("in force");
    let rows = evaluate_all(&pop, DAY, params, &variants);
    let ev = aggregate(&pop, DAY, params, &variants, &|_| {});
    assert_eq!(ev.errors, 0);
    let n = variants.len();
    for (v, t) in ev.totals.iter().enumerate() {
        let column = rows.iter().skip(v).step_by(n);
        assert_eq!(t.overall.households, 3_000);
        assert_eq!(t.overall.bijstand, column.clone().map(|a| a.bijstand.get()).sum::<i64>());
        assert_eq!(t.receiving, column.clone().filter(|a| a.bijstand.get() > 0).count() as u64);
        let diffs: Vec<i64> = rows.chunks(n).map(|c| c[v].resources.get() - c[0].resources.get()).collect();
        assert_eq!(t.overall.better_off, diffs.iter().filter(|d| **d > 0).count() as u64);
        assert_eq!(t.overall.worse_off, diffs.iter().filter(|d| **d < 0).count() as u64);
        assert_eq!(t.overall.gain, diffs.iter().filter(|d| **d > 0).sum::<i64>());
        assert_eq!(t.overall.loss, -diffs.iter().filter(|d| **d < 0).sum::<i64>());
        assert_eq!(t.per_type.iter().map(|x| x.households).sum::<u64>(), t.overall.households);
        assert_eq!(t.per_type.iter().map(|x| x.bijstand).sum::<i64>(), t.overall.bijstand);
        assert_eq!(t.per_type.iter().map(|x| x.better_off).sum::<u64>(), t.overall.better_off);
    }
    // The base compared with itself: nobody better or worse off.
    assert_eq!((ev.totals[0].overall.better_off, ev.totals[0].overall.worse_off), (0, 0));
}

#[test]
fn same_seed_same_population_same_totals() {
    let variants = variants();
    let params = ParameterSets::embedded().expect("valid").for_date(DAY).expect("in force");
    let a = Population::generate(&cal(), 20_000, 2026, DAY);
    let b = Population::generate(&cal(), 20_000, 2026, DAY);
    assert_eq!(a.households, b.households);
    assert_eq!(a.rents, b.rents);
    let ta = aggregate(&a, DAY, params, &variants, &|_| {});
    let tb = aggregate(&b, DAY, params, &variants, &|_| {});
    assert_eq!(ta, tb);
    // A prefix of a larger population is the smaller population: household i
    // has its own random stream.
    let c = Population::generate(&cal(), 25_000, 2026, DAY);
    assert_eq!(&c.households[..20_000], &a.households[..]);
    // Another seed gives another population.
    let d = Population::generate(&cal(), 20_000, 2027, DAY);
    assert_ne!(a.households, d.households);
    assert_ne!(
        ta.totals[0].overall.bijstand,
        aggregate(&d, DAY, params, &variants, &|_| {}).totals[0].overall.bijstand
    );
}

/// Shares within half a percentage point of the calibration (with 200 000
/// households a share's standard error is at most 0.11 point).
#[test]
fn the_population_matches_its_calibration() {
    let cal = cal();
    let n = 200_000;
    let pop = Population::generate(&cal, n, 99, DAY);
    let share = |count: usize, of: usize| u32::try_from(count * SHARE_ONE as usize / of).expect("small");
    let close = |what: &str, got: u32, want: u32, tolerance: u32| {
        assert!(got.abs_diff(want) <= tolerance, "{what}: {got} vs calibrated {want} (1/100 000)");
    };
    for (i, key) in HOUSEHOLD_TYPES.iter().enumerate() {
        let count = pop.households.iter().filter(|h| HouseholdType::of(h).index() == i).count();
        close(key, share(count, n), cal.household_type.share(key), 500);
    }
    // Age bands: re-drawn for parents at AOW age, so compare the bands below
    // the AOW age as a share of everyone and the AOW band loosely.
    let ages: Vec<i32> = pop.households.iter().map(|h| regels::calc::age_years(h.applicant.birth_date, DAY)).collect();
    let bounds = [(18, 20), (21, 26), (27, 44), (45, 54), (55, 66), (67, 200)];
    for (key, (lo, hi)) in AGE_BANDS.iter().zip(bounds) {
        let count = ages.iter().filter(|a| (lo..=hi).contains(*a)).count();
        let with_children =
            cal.household_type.share("alleenstaande_ouder") + cal.household_type.share("paar_met_kinderen");
        let tolerance =
            if *key == "aow" { 500 + with_children * cal.applicant_age.share("aow") / SHARE_ONE } else { 800 };
        close(key, share(count, n), cal.applicant_age.share(key), tolerance);
    }
    let working = pop
        .households
        .iter()
        .filter(|h| regels::calc::age_years(h.applicant.birth_date, DAY) < 67)
        .map(|h| h.applicant.income.iter().any(|i| i.kind == IncomeKind::Work))
        .collect::<Vec<_>>();
    close("arbeid", share(working.iter().filter(|w| **w).count(), working.len()), cal.work.share, 500);
    // The wage bands are chosen so that the median is Divosa's published median (EUR 489).
    let mut wages: Vec<i64> = pop
        .households
        .iter()
        .flat_map(|h| h.applicant.income.iter().filter(|i| i.kind == IncomeKind::Work).map(|i| i.net_monthly.get()))
        .collect();
    wages.sort_unstable();
    let median = wages[wages.len() / 2];
    assert!((median - 48_900).abs() <= 48_900 / 20, "median wage {median} vs 48 900 (within 5 %)");
    let params = ParameterSets::embedded().expect("valid").for_date(DAY).expect("in force");
    // Kostendelers as the rules count them, on a sample of 20 000.
    let sample = &pop.households[..20_000];
    let with_sharers = sample
        .iter()
        .filter(|h| {
            let o = regels::calculate(h, DAY, params).expect("computes");
            matches!(o.trace.find("kostendelers.aantal").map(|t| t.output), Some(regels::explain::Value::Count(c)) if c > 0)
        })
        .count();
    close("kostendelers", share(with_sharers, sample.len()), cal.cost_sharers.share, 700);
    // Rent quartiles within 2 %.
    let mut rents: Vec<i64> = pop.rents.iter().map(|r| r.get()).collect();
    rents.sort_unstable();
    for (q, want) in [(1, cal.rent_quartiles[0]), (2, cal.rent_quartiles[1]), (3, cal.rent_quartiles[2])] {
        let got = rents[n * q / 4];
        assert!((got - want.get()).abs() * 50 <= want.get(), "rent quartile {q}: {got} vs {}", want.get());
    }
}

#[test]
fn csv_round_trip_keeps_every_amount() {
    let variants = variants();
    let params = ParameterSets::embedded().expect("valid").for_date(DAY).expect("in force");
    let pop = Population::generate(&cal(), 2_000, 3, DAY);
    let mut buf = Vec::new();
    pop.write_csv(&mut buf).expect("in memory");
    let text = String::from_utf8(buf).expect("utf-8");
    let back = Population::read_csv(&text).expect("our own output reads back");
    assert_eq!(back.len(), pop.len());
    assert_eq!(back.persons(), pop.persons());
    assert_eq!(back.rents, pop.rents);
    assert_eq!(evaluate_all(&pop, DAY, params, &variants), evaluate_all(&back, DAY, params, &variants));
}

#[test]
fn bad_csv_names_the_line_and_column() {
    let header = microsim::population::CSV_COLUMNS.join(",");
    let cases = [
        ("huishouden,rol\n", 1, "huishouden", "kopregel"),
        (&*format!("{header}\n1,aanvrager,1990-13-01,geen,,,0,,0,0,\n"), 2, "geboortedatum", "geen datum"),
        (&*format!("{header}\n1,aanvrager,1990-01-01,geen,,,-5,,0,0,\n"), 2, "arbeid_netto_cent", "hele centen"),
        (&*format!("{header}\n1,baas,1990-01-01,geen,,,0,,0,0,\n"), 2, "rol", "kennen we niet"),
        (&*format!("{header}\n1,partner,1990-01-01,geen,,,0,,0,0,\n"), 2, "rol", "direct na de aanvrager"),
        (&*format!("{header}\n1,aanvrager,1990-01-01,geen,,,0,,0,2,\n"), 2, "medisch_urenbeperkt", "0 of 1"),
        (&*format!("{header}\n1,aanvrager,1990-01-01,geen,,,0,,0,0\n"), 2, "huishouden", "velden"),
        (
            &*format!(
                "{header}\n1,aanvrager,1990-01-01,geen,,,0,,0,0,\n2,aanvrager,1990-01-01,geen,,,0,,0,0,\n1,aanvrager,1990-01-01,geen,,,0,,0,0,\n"
            ),
            4,
            "huishouden",
            "twee aanvragers",
        ),
        (&*format!("{header}\n1,aanvrager,1990-01-01,geen,,,50000,gisteren,0,0,\n"), 2, "arbeid_sinds", "geen datum"),
    ];
    for (text, line, column, words) in cases {
        let e = Population::read_csv(text).expect_err(text);
        assert_eq!((e.line, e.column), (line, column), "{text}");
        assert!(e.nl.contains(words), "{}", e.nl);
        assert!(!e.en.is_empty());
    }
}

#[test]
fn starting_work_in_month_7_pays_more_under_full_disregard() {
    let variants = variants();
    let params = ParameterSets::embedded().expect("valid").for_date(DAY).expect("in force");
    let pop = Population::generate(&cal(), 3_000, 8, DAY);
    let wage = Cents::new(50_000);
    let w = work_effect(&pop, DAY, params, &variants, WorkScenario { net_wage: wage });
    assert!(w.households > 1_000);
    let idx = |id: &str| variants.iter().position(|v| v.id == id).expect("shipped");
    let m7 = microsim::work::WorkEffect::mean(&w.gain_month_7, w.households);
    let m1 = microsim::work::WorkEffect::mean(&w.gain_month_1, w.households);
    // "Bijverdienen en investeren" lets everything earned be kept.
    assert_eq!(m7[idx("bijverdienen-en-investeren")], wage);
    // In the base scheme the general disregard has ended by month 7.
    assert!(m7[idx("basis")] < m1[idx("basis")]);
    assert!(m1[idx("basis")].get() <= wage.get() / 4, "at most 25 % kept in month 1");
}

#[test]
fn the_report_renders_text_csv_and_svg() {
    let variants = variants();
    let params = ParameterSets::embedded().expect("valid").for_date(DAY).expect("in force");
    let pop = Population::generate(&cal(), 1_000, 4, DAY);
    let ev = aggregate(&pop, DAY, params, &variants, &|_| {});
    let rep = Report {
        gemeente: "Groningen",
        date: DAY,
        households: pop.len(),
        persons: pop.persons(),
        scale_to: Some(8_900),
        variants: &variants,
        evaluation: &ev,
        work: None,
    };
    // Scaling: 1 000 simulated households stand for 8 900.
    assert_eq!(rep.yearly(1_000), 1_000 * 12 * 89 / 10);
    let text = rep.to_text();
    for v in &variants {
        assert!(text.contains(&v.id), "{}", v.id);
    }
    let csv = rep.to_csv();
    assert_eq!(csv.lines().count(), 1 + variants.len() * 5);
    assert!(csv.lines().nth(1).is_some_and(|l| l.starts_with("basis,alle,1000,")));
    let svg = rep.to_svg();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("<title id=\"t\">") && svg.contains("<desc id=\"d\">"));
    assert_eq!(svg.matches("<rect").count(), 1 + variants.len());
}

#[test]
fn a_wrong_calibration_file_gets_a_clear_error() {
    let good = include_str!("../data/groningen.toml");
    let cases = [
        (good.replace("alleenstaande = \"50.6\"", "alleenstaande = \"60.6\""), "huishoudtype", "tellen op tot"),
        (good.replace("procent = \"8\"", "procent = \"acht\""), "arbeid.procent", "geen percentage"),
        (good.replace("[kostendelers]", "[kostendelers]\nfoo = 1"), "kostendelers.foo", "onbekend veld"),
        (good.replace("schaal = \"gemeente\"", "schaal = \"stad\""), "huishoudens.schaal", "gemeente"),
        (good.replace("p50 = \"600.00\"", "p50 = \"400.00\""), "huur", "p25 <= p50"),
        (good.replace("aantal = 8984", "aantal = 0"), "huishoudens.aantal", "positief"),
        (format!("{good}\n[extra]\nx = 1\n"), "extra", "onbekende tabel"),
    ];
    for (text, field, words) in cases {
        let e = Calibration::parse(&text).expect_err(field);
        assert_eq!(e.field, field, "{e}");
        assert!(e.problem.contains(words), "{e}");
    }
    // Every figure outside 'aanname' has a web source; every assumption says why.
    for (name, _, source) in cal().figures() {
        match source.scale {
            microsim::calibration::Scale::Aanname => assert!(source.note.is_some(), "{name}"),
            _ => assert!(source.url.starts_with("https://"), "{name}"),
        }
    }
}
