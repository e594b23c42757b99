//! One full calculation of one household, with its explanation.
//!
//! Run: `cargo bench -p regels`. Figures are quoted in README.md.

use divan::{Bencher, black_box};
use jiff::civil::date;
use regels::{Lang, ParameterSets, input, render};

fn main() {
    divan::main();
}

/// A couple with a kostendeler, a student son and a lodger, with a benefit
/// and wages in the vrijlating period: every branch of the engine is visited.
const HOUSEHOLD: &str = r#"{
  "aanvrager": {
    "geboortedatum": "1981-03-30",
    "inkomsten": [
      { "soort": "arbeid", "netto_per_maand_cent": 65000, "ingangsdatum": "2026-01-10" },
      { "soort": "kinderbijslag", "netto_per_maand_cent": 28000, "ingangsdatum": "2015-01-01" }
    ]
  },
  "partner": { "geboortedatum": "1983-08-08",
    "inkomsten": [ { "soort": "uitkering", "netto_per_maand_cent": 35000, "ingangsdatum": "2024-01-01" } ] },
  "kinderen": [ { "geboortedatum": "2015-06-01" } ],
  "medebewoners": [
    { "geboortedatum": "1956-01-12", "relatie": "ouder" },
    { "geboortedatum": "2002-04-01", "relatie": "kind", "studie": "wsf" },
    { "geboortedatum": "1996-10-10", "relatie": "geen", "commerciele_overeenkomst": "met_aanvrager" }
  ]
}"#;

#[divan::bench]
fn bereken_met_uitleg(bencher: Bencher) {
    let household = input::parse_household(HOUSEHOLD).expect("valid");
    let day = date(2026, 3, 1);
    let params = ParameterSets::embedded().expect("valid").for_date(day).expect("in force");
    bencher.bench_local(|| regels::calculate(black_box(&household), black_box(day), params).expect("ok"));
}

#[divan::bench]
fn parameterkeuze_en_bereken(bencher: Bencher) {
    let household = input::parse_household(HOUSEHOLD).expect("valid");
    let day = date(2026, 3, 1);
    bencher.bench_local(|| regels::calculate_embedded(black_box(&household), black_box(day)).expect("ok"));
}

#[divan::bench]
fn json_inlezen_bereken_en_json_uitvoer(bencher: Bencher) {
    let day = date(2026, 3, 1);
    bencher.bench_local(|| {
        let household = input::parse_household(black_box(HOUSEHOLD)).expect("valid");
        let outcome = regels::calculate_embedded(&household, day).expect("ok");
        render::to_json(&outcome, Lang::Nl)
    });
}

#[divan::bench]
fn bereken_en_tekst_uitvoer(bencher: Bencher) {
    let household = input::parse_household(HOUSEHOLD).expect("valid");
    let day = date(2026, 3, 1);
    bencher.bench_local(|| {
        let outcome = regels::calculate_embedded(black_box(&household), day).expect("ok");
        render::to_text(&outcome, Lang::Nl)
    });
}

/// The same household for the amounts only (no explanation tree): the path
/// `microsim` uses in bulk.
#[divan::bench]
fn alleen_bedragen(bencher: Bencher) {
    let household = input::parse_household(HOUSEHOLD).expect("valid");
    let day = date(2026, 3, 1);
    let params = ParameterSets::embedded().expect("valid").for_date(day).expect("in force");
    bencher.bench_local(|| regels::calculate_amounts(black_box(&household), black_box(day), params, None).expect("ok"));
}
