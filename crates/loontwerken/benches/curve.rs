//! One "loont werken?" curve: 41 points (0–40 hours), each a net wage, a
//! bijstand under the variant and a gross-up for the allowances.
//!
//! Run: `cargo bench -p loontwerken`. Figures are quoted in docs/loont-werken.md.

use divan::{Bencher, black_box};
use jiff::civil::date;
use loontwerken::{Offer, Situation, curve};
use regels::{Cents, Variant, input};

fn main() {
    divan::main();
}

#[divan::bench(args = ["basis", "bijverdienen-en-investeren", "de-plek"])]
fn curve_0_tot_40_uur(bencher: Bencher, variant: &str) {
    let household = input::parse_household(
        r#"{"aanvrager": {"geboortedatum": "1985-01-01"}, "kinderen": [{"geboortedatum": "2018-01-01"}]}"#,
    )
    .expect("valid");
    let s = Situation {
        household,
        rent: Some(Cents::new(75_000)),
        assets: Cents::ZERO,
        work_month: 1,
        date: date(2026, 3, 1),
    };
    let v = Variant::by_id(variant).expect("shipped");
    bencher.bench_local(|| curve(black_box(&s), Offer { hourly_gross: Cents::new(1_450) }, v, 40).expect("ok"));
}
