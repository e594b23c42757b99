//! Bulk evaluation: a generated Groningen population under every shipped
//! variant, all cores. Run: `cargo bench -p microsim`. Figures are quoted in
//! `docs/microsim.md`; memory is measured by `bench/microsim.sh`.

use divan::{Bencher, black_box};
use jiff::civil::date;
use microsim::{Calibration, Population, aggregate};
use regels::{ParameterSets, Variant};

fn main() {
    divan::main();
}

fn setup(n: usize) -> (Population, Vec<&'static Variant>) {
    let cal = Calibration::embedded("groningen").expect("shipped calibration");
    let day = date(2026, 11, 1);
    let pop = Population::generate(&cal, n, 42, day);
    let variants: Vec<&Variant> = Variant::embedded().expect("variants").iter().collect();
    (pop, variants)
}

/// 1 000 000 households × all 11 variants, totals only.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn miljoen_huishoudens_alle_varianten(bencher: Bencher) {
    let (pop, variants) = setup(1_000_000);
    let day = date(2026, 11, 1);
    let params = ParameterSets::embedded().expect("valid").for_date(day).expect("in force");
    bencher.bench_local(|| aggregate(black_box(&pop), day, params, &variants, &|_| {}));
}

/// Generating the population itself (1 000 000 households).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn miljoen_huishoudens_genereren(bencher: Bencher) {
    let cal = Calibration::embedded("groningen").expect("shipped calibration");
    bencher.bench_local(|| Population::generate(black_box(&cal), 1_000_000, 42, date(2026, 11, 1)));
}
