//! Net household income of one household: the explained path and the fast
//! path, and the gross-up of a net benefit.
//!
//! Run: `cargo bench -p inkomen`. Figures are quoted in crates/inkomen/README.md.

use divan::{Bencher, black_box};
use inkomen::{Adult, Household, Wage, bereken_met, bereken_snel, bruto_uitkering_voor_netto, parameters_for};
use jiff::civil::date;
use regels::Cents;

fn main() {
    divan::main();
}

/// A single parent working 20 hours with a child under 12, renting: every
/// allowance is non-zero.
fn household() -> Household {
    let mut a = Adult::new(date(1988, 3, 1));
    a.wage = Wage::Hourly { hours_per_week: 20, hourly: Cents::new(1_471) };
    a.benefit_gross_monthly = Cents::new(60_000);
    let mut h = Household::single(a);
    h.children = vec![date(2019, 5, 1)];
    h.rent = Some(Cents::new(72_000));
    h
}

#[divan::bench]
fn bereken_met_uitleg(bencher: Bencher) {
    let h = household();
    let day = date(2026, 3, 1);
    let params = parameters_for(day).expect("2026");
    bencher.bench_local(|| bereken_met(black_box(&h), black_box(day), params).expect("ok"));
}

#[divan::bench]
fn bereken_snel_zonder_uitleg(bencher: Bencher) {
    let h = household();
    let day = date(2026, 3, 1);
    let params = parameters_for(day).expect("2026");
    bencher.bench_local(|| bereken_snel(black_box(&h), black_box(day), params).expect("ok"));
}

#[divan::bench]
fn brutering_van_netto_bijstand(bencher: Bencher) {
    let h = household();
    let day = date(2026, 3, 1);
    let params = parameters_for(day).expect("2026");
    bencher.bench_local(|| bruto_uitkering_voor_netto(black_box(&h), Cents::new(85_000), day, params).expect("ok"));
}
