//! "Loont werken?" against hand-checked consequences of the rules.
//!
//! The amounts of the parts come from `regels` and `inkomen`, which have their
//! own reference tests; here we check that the curve puts them together
//! correctly: the bijstand sees the net wage, the marginal rate is
//! `1 − Δnet/Δgross`, cliffs are exactly the hours where net income falls,
//! and the packages move the curve the way their rules say.

use jiff::civil::{Date, date};
use loontwerken::{Curve, Offer, Situation, curve};
use proptest::prelude::*;
use regels::{Cents, Variant, input};

const DAY: Date = date(2026, 3, 1);

fn situation(json: &str, rent: Option<i64>, work_month: u32) -> Situation {
    Situation {
        household: input::parse_household(json).expect("valid household"),
        rent: rent.map(Cents::new),
        assets: Cents::ZERO,
        work_month,
        date: DAY,
    }
}

fn single() -> Situation {
    situation(r#"{"aanvrager": {"geboortedatum": "1985-01-01"}}"#, Some(65_000), 12)
}

fn run<'v>(s: &Situation, hourly: i64, variant: &'v str) -> Curve<'v> {
    let v: &'v Variant = Variant::by_id(variant).expect("shipped variant");
    curve(s, Offer { hourly_gross: Cents::new(hourly) }, v, 40).expect("curve")
}

#[test]
fn at_zero_hours_the_household_has_its_bijstand_and_allowances() {
    let c = run(&single(), 1_450, "basis");
    let p = c.at(0).expect("point at 0 hours");
    // The bijstand of a single person of 41 (21.a, 2026).
    assert_eq!(p.bijstand, Cents::new(140_150));
    assert_eq!((p.gross_wage, p.net_wage, p.kept_wage), (Cents::ZERO, Cents::ZERO, Cents::ZERO));
    assert_eq!(p.total.get(), p.bijstand.get() + p.zorgtoeslag.get() + p.huurtoeslag.get());
    assert!(p.zorgtoeslag.get() > 0 && p.huurtoeslag.get() > 0, "a single person on bijstand gets both allowances");
    assert_eq!(p.marginal_rate_bp, None);
}

/// The bijstand at every point is exactly what `regels` computes for the
/// household with that net wage as income from work (month 12: no
/// vrijlating left for a single person), so while there is bijstand the
/// wage replaces it euro for euro: the armoedeval, a rate of exactly 100 %.
#[test]
fn the_base_scheme_takes_every_net_euro_while_there_is_bijstand() {
    let s = single();
    let c = run(&s, 1_450, "basis");
    for p in c.points.iter().filter(|p| p.hours > 0 && p.bijstand.get() > 0) {
        assert_eq!(p.bijstand.get() + p.net_wage.get(), 140_150, "{} hours", p.hours);
    }
    let plateau: Vec<_> = c.points.windows(2).filter(|w| w[1].bijstand.get() > 0).collect();
    assert!(plateau.len() >= 15, "the plateau spans many hours");
    for w in plateau {
        assert_eq!(w[1].total, w[0].total, "{} hours: no gain", w[1].hours);
        assert_eq!(w[1].marginal_rate_bp, Some(10_000));
        assert!(!w[1].cliff, "100 % is a plateau, not a cliff");
    }
    // After the bijstand ends, work pays again.
    let last = c.points.last().expect("points");
    assert!(last.bijstand == Cents::ZERO && last.total > c.points[0].total);
}

/// In month 1 the law's vrijlating (25 % up to € 285) makes a little work pay:
/// the net income rises by a quarter of the net wage until the cap.
#[test]
fn the_first_months_of_work_pay_a_quarter() {
    let s = situation(r#"{"aanvrager": {"geboortedatum": "1985-01-01"}}"#, Some(65_000), 1);
    let c = run(&s, 1_450, "basis");
    for p in c.points.iter().filter(|p| p.hours > 0 && p.bijstand.get() > 0) {
        let disregard = Cents::new(p.net_wage.get()).mul_ratio_round_half_up(25, 100).min(Cents::new(28_500));
        assert_eq!(p.bijstand.get(), 140_150 - p.net_wage.get() + disregard.get(), "{} hours", p.hours);
    }
}

/// Bijverdienen en investeren: € 50 less at 0 hours, then every net euro is
/// kept, so with any real job the household is better off than in the base.
#[test]
fn bijverdienen_en_investeren_makes_work_pay() {
    let s = single();
    let base = run(&s, 1_450, "basis");
    let pkg = run(&s, 1_450, "bijverdienen-en-investeren");
    assert_eq!(base.points[0].total.get() - pkg.points[0].total.get(), 5_000);
    assert_eq!(pkg.points[0].exit_premium_saved, Cents::new(5_000));
    for (b, p) in base.points.iter().zip(&pkg.points).filter(|(b, _)| b.hours >= 2) {
        assert!(p.total > b.total, "{} hours: package {} vs base {}", b.hours, p.total.get(), b.total.get());
    }
    assert!(pkg.max_marginal_rate_bp().expect("rates") < 10_000);
}

/// De Plek passes every euro above € 250 on, but the allowances still see the
/// whole wage: from a few hours on, working more leaves less. The curve shows
/// these cliffs; the base scheme (same household) has none.
#[test]
fn de_plek_has_cliffs_the_base_scheme_does_not() {
    let s = single();
    let plek = run(&s, 1_450, "de-plek");
    let base = run(&s, 1_450, "basis");
    assert!(base.cliffs().is_empty(), "{:?}", base.cliffs());
    let cliffs = plek.cliffs();
    assert!(!cliffs.is_empty());
    for (from, to) in &cliffs {
        let (a, b) = (plek.at(*from).expect("from"), plek.at(*to).expect("to"));
        assert!(b.total < a.total, "{from}–{to}");
        assert!(b.marginal_rate_bp.expect("rate") > 10_000);
        assert_eq!(b.kept_wage, Cents::new(25_000), "only the first € 250 stays with the resident");
    }
}

/// Searching the base scheme over household types, rents, wages and months
/// of work: where there is a cliff, it is exactly where net income falls.
/// In the scheme as modelled we find plateaus of 100 % and no cliffs; this
/// test lists any that a change introduces.
#[test]
fn cliffs_of_the_base_scheme_are_found_where_net_income_falls() {
    let households = [
        r#"{"aanvrager": {"geboortedatum": "1985-01-01"}}"#,
        r#"{"aanvrager": {"geboortedatum": "2004-06-01"}}"#,
        r#"{"aanvrager": {"geboortedatum": "1985-01-01"}, "kinderen": [{"geboortedatum": "2018-01-01"}]}"#,
        r#"{"aanvrager": {"geboortedatum": "1985-01-01"}, "partner": {"geboortedatum": "1986-01-01"}, "kinderen": [{"geboortedatum": "2018-01-01"}, {"geboortedatum": "2012-01-01"}]}"#,
        r#"{"aanvrager": {"geboortedatum": "1985-01-01"}, "medebewoners": [{"geboortedatum": "1960-01-01", "relatie": "ouder"}]}"#,
    ];
    let mut searched = 0;
    let mut found = Vec::new();
    for json in households {
        for rent in [Some(45_000), Some(90_000), None] {
            for month in [1, 7, 40] {
                for hourly in [1_450, 2_200] {
                    let c = run(&situation(json, rent, month), hourly, "basis");
                    let falls: Vec<(u16, u16)> = c
                        .points
                        .windows(2)
                        .filter(|w| w[1].total < w[0].total)
                        .map(|w| (w[0].hours, w[1].hours))
                        .collect();
                    assert_eq!(c.cliffs(), falls);
                    if !falls.is_empty() {
                        found.push((json, rent, month, hourly, falls));
                    }
                    searched += 1;
                }
            }
        }
    }
    assert_eq!(searched, 90);
    // The finding for the scheme as modelled (see docs/loont-werken.md): no
    // cliffs, only 100 % plateaus. A change that creates one shows up here.
    assert!(found.is_empty(), "cliffs in the base scheme: {found:?}");
}

#[test]
fn the_applicant_may_not_already_have_wages() {
    let s = situation(
        r#"{"aanvrager": {"geboortedatum": "1985-01-01", "inkomsten": [{"soort": "arbeid", "netto_per_maand_cent": 10000, "ingangsdatum": "2025-01-01"}]}}"#,
        None,
        1,
    );
    let v = Variant::by_id("basis").expect("basis");
    let err = curve(&s, Offer { hourly_gross: Cents::new(1_450) }, v, 40).expect_err("refused");
    assert_eq!(err.field, "aanvrager.inkomsten");
    let err = curve(&single(), Offer { hourly_gross: Cents::new(1_450) }, v, 61).expect_err("too many hours");
    assert_eq!(err.field, "uren");
    let mut s = single();
    s.work_month = 0;
    assert_eq!(
        curve(&s, Offer { hourly_gross: Cents::new(1_450) }, v, 40).expect_err("month 0").field,
        "maand_van_werk"
    );
}

#[test]
fn the_chart_is_an_accessible_svg_with_one_line_per_distinct_curve() {
    let s = single();
    let curves: Vec<_> = ["basis", "kosten-delen", "bijverdienen-en-investeren", "de-plek"]
        .iter()
        .map(|id| run(&s, 1_450, id))
        .collect();
    let svg = loontwerken::svg::chart(&curves, Cents::new(1_450), regels::Lang::Nl);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        svg.contains("role=\"img\"") && svg.contains("<title id=\"titel\">") && svg.contains("<desc id=\"uitleg\">")
    );
    // Kosten delen equals the base for a household without co-residents: drawn once, named in the legend.
    assert_eq!(svg.matches("<polyline").count(), 3);
    assert!(svg.contains(">Kosten delen</text>") && svg.contains("(gelijk aan Basis (geen pakket))"));
    // De Plek's cliffs are shaded and described for screen readers.
    assert_eq!(svg.matches("<rect x=").count(), curves[3].cliff_spans().len());
    assert_eq!(curves[3].cliff_spans().len(), 1, "one span of falling income");
    assert!(svg.contains("Netto inkomen daalt bij meer werk tussen"));
    assert!(svg.trim_end().ends_with("</svg>"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// For any wage and rent: the marginal rate matches the points, a cliff
    /// is a fall in net income, and the total is the sum of its parts.
    #[test]
    fn the_curve_is_internally_consistent(hourly in 1_200i64..4_000, rent in 30_000i64..120_000, month in 1u32..40) {
        let s = situation(
            r#"{"aanvrager": {"geboortedatum": "1980-05-05"}, "kinderen": [{"geboortedatum": "2019-03-03"}]}"#,
            Some(rent),
            month,
        );
        for id in ["basis", "onderling-samenwerken", "experiment-2017-bijverdienen"] {
            let c = run(&s, hourly, id);
            for p in &c.points {
                let parts = p.kept_wage.get() + p.bijstand.get() + p.zorgtoeslag.get() + p.huurtoeslag.get()
                    + p.kindgebonden_budget.get() + p.kinderbijslag.get();
                prop_assert_eq!(p.total.get(), parts);
            }
            for w in c.points.windows(2) {
                prop_assert_eq!(w[1].cliff, w[1].total < w[0].total);
                let d_gross = w[1].gross_wage.get() - w[0].gross_wage.get();
                let d_net = w[1].total.get() - w[0].total.get();
                let rate = w[1].marginal_rate_bp.expect("rate after the first point");
                // rate = 10 000 − round(Δnet × 10 000 / Δgross)
                prop_assert!(((10_000 - rate) * d_gross - d_net * 10_000).abs() <= d_gross);
            }
        }
    }
}
