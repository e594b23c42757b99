//! Property tests: what must hold for every household, not just the examples.

use inkomen::{Adult, Household, Wage, bereken_met, bereken_snel, bruto_uitkering_voor_netto, parameters_for};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use regels::Cents;

fn any_date(from: Date, days: i64) -> impl Strategy<Value = Date> {
    (0..days).prop_map(move |d| from.checked_add(d.days()).expect("in range"))
}

fn calc_date() -> impl Strategy<Value = Date> {
    // The year of the `inkomen` parameters (2026); `regels` has norms for both halves of it.
    any_date(date(2026, 1, 1), 365)
}

fn adult() -> impl Strategy<Value = Adult> {
    (any_date(date(1940, 1, 1), 365 * 65), 0i64..1_000_000, prop::bool::weighted(0.3), 0i64..300_000).prop_map(
        |(birth_date, wage, hourly, benefit)| Adult {
            birth_date,
            wage: if hourly {
                Wage::Hourly {
                    hours_per_week: u16::try_from(wage % 41).expect("small"),
                    hourly: Cents::new(wage % 5_000),
                }
            } else {
                Wage::Monthly(Cents::new(wage))
            },
            benefit_gross_monthly: Cents::new(benefit),
        },
    )
}

fn household() -> impl Strategy<Value = Household> {
    (
        adult(),
        prop::option::weighted(0.5, adult()),
        prop::collection::vec(any_date(date(2007, 1, 1), 365 * 19), 0..4),
        0u8..3,
        0i64..3_000_000,
        prop::option::weighted(0.7, 0i64..150_000),
        prop::sample::select(vec![0i64, 1_000_000, 5_000_000, 20_000_000]),
    )
        .prop_map(|(applicant, partner, children, co_residents, co_income, rent, assets)| Household {
            applicant,
            partner,
            children,
            co_residents,
            co_residents_income_yearly: Cents::new(if co_residents > 0 { co_income } else { 0 }),
            rent: rent.map(Cents::new),
            assets: Cents::new(assets),
        })
}

fn born_before(h: &Household, d: Date) -> bool {
    h.applicant.birth_date <= d
        && h.partner.as_ref().is_none_or(|p| p.birth_date <= d)
        && h.children.iter().all(|c| *c <= d)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// No amount is negative, the total is the sum, and the fast path gives
    /// exactly the amounts of the explained path.
    #[test]
    fn amounts_are_consistent(h in household(), d in calc_date()) {
        prop_assume!(born_before(&h, d));
        let params = parameters_for(d).expect("params");
        let fast = bereken_snel(&h, d, params).expect("calc");
        let full = bereken_met(&h, d, params).expect("calc");
        for amount in [fast.wage_net, fast.zorgtoeslag, fast.huurtoeslag, fast.kindgebonden_budget, fast.kinderbijslag] {
            prop_assert!(amount.get() >= 0);
        }
        let sum = fast.wage_net.get() + fast.zorgtoeslag.get() + fast.huurtoeslag.get()
            + fast.kindgebonden_budget.get() + fast.kinderbijslag.get();
        prop_assert_eq!(fast.total.get(), sum);
        prop_assert_eq!(full.total, fast.total);
        prop_assert_eq!(full.wage_net, fast.wage_net);
        prop_assert_eq!(full.trace.output, regels::explain::Value::Cents(fast.total));
        for t in &full.persons {
            prop_assert!(t.credits <= t.levy, "art. 8.8");
            prop_assert!(t.net_yearly <= t.taxable);
        }
    }

    /// More gross wage never gives less net wage (the applicant's wage rises
    /// by `extra` cents a month), unless the IACK moves to the other partner.
    #[test]
    fn net_wage_never_falls_when_gross_rises(h in household(), d in calc_date(), extra in 1i64..200_000) {
        prop_assume!(born_before(&h, d));
        let params = parameters_for(d).expect("params");
        let low = bereken_snel(&h, d, params).expect("calc");
        let mut more = h.clone();
        let base = match h.applicant.wage {
            Wage::Monthly(m) => m.get(),
            Wage::Hourly { .. } => 0,
        };
        more.applicant.wage = Wage::Monthly(Cents::new(base + extra));
        if !matches!(h.applicant.wage, Wage::Monthly(_)) {
            let mut h0 = h.clone();
            h0.applicant.wage = Wage::Monthly(Cents::new(base));
            let low = bereken_snel(&h0, d, params).expect("calc");
            let high = bereken_snel(&more, d, params).expect("calc");
            prop_assert!(high.wage_net >= low.wage_net);
        } else {
            let high = bereken_snel(&more, d, params).expect("calc");
            // The one cliff the law itself makes: the IACK goes to the partner
            // with the lower income from work, at equal income the older one
            // (art. 8.14a lid 1 onder c and lid 3). When the raise moves it to
            // the other partner, the household's net wage may fall.
            let iack = |x: &Household| {
                let detail = bereken_met(x, d, params).expect("calc");
                detail.persons.iter().map(|p| p.combination_credit > Cents::ZERO).collect::<Vec<_>>()
            };
            if iack(&h) == iack(&more) {
                prop_assert!(high.wage_net >= low.wage_net, "{:?} < {:?}", high.wage_net, low.wage_net);
            }
        }
    }

    /// More taxable income never gives a higher allowance.
    #[test]
    fn allowances_never_rise_with_income(h in household(), d in calc_date(), extra in 1i64..300_000) {
        prop_assume!(born_before(&h, d));
        let params = parameters_for(d).expect("params");
        let low = bereken_snel(&h, d, params).expect("calc");
        let mut more = h.clone();
        more.applicant.benefit_gross_monthly = Cents::new(h.applicant.benefit_gross_monthly.get() + extra);
        let high = bereken_snel(&more, d, params).expect("calc");
        prop_assert!(high.toetsingsinkomen > low.toetsingsinkomen);
        prop_assert!(high.zorgtoeslag <= low.zorgtoeslag);
        prop_assert!(high.huurtoeslag <= low.huurtoeslag);
        prop_assert!(high.kindgebonden_budget <= low.kindgebonden_budget);
        prop_assert_eq!(high.kinderbijslag, low.kinderbijslag);
    }

    /// The gross-up finds the smallest gross benefit that yields the net.
    #[test]
    fn gross_up_is_tight(h in household(), d in calc_date(), net in 0i64..250_000) {
        prop_assume!(born_before(&h, d));
        let params = parameters_for(d).expect("params");
        let gross = bruto_uitkering_voor_netto(&h, Cents::new(net), d, params).expect("gross-up");
        prop_assert!(gross.get() >= net);
        let net_of = |g: i64| {
            let mut x = h.clone();
            x.applicant.benefit_gross_monthly = Cents::new(g);
            bereken_snel(&x, d, params).expect("calc").wage_net.get()
        };
        let base = net_of(0);
        prop_assert!(net_of(gross.get()) - base >= net);
        if gross.get() > net {
            prop_assert!(net_of(gross.get() - 1) - base < net);
        }
    }
}

/// Found by the property above on a clean-clone run: a one-cent raise that
/// makes the applicant's wage equal to the partner's moves the IACK to the
/// older partner (art. 8.14a lid 3), who is past the AOW age. The engine
/// follows the law; the cliff is the law's.
#[test]
fn at_equal_work_income_the_iack_goes_to_the_older_partner() {
    let d = date(2026, 1, 1);
    let params = parameters_for(d).expect("params");
    let adult = |born: Date, wage: i64| Adult {
        birth_date: born,
        wage: Wage::Monthly(Cents::new(wage)),
        benefit_gross_monthly: Cents::ZERO,
    };
    let h = |applicant_wage: i64| Household {
        applicant: adult(date(1959, 7, 9), applicant_wage),
        partner: Some(adult(date(1940, 1, 1), 210_054)),
        children: vec![date(2020, 3, 1)],
        co_residents: 0,
        co_residents_income_yearly: Cents::ZERO,
        rent: None,
        assets: Cents::ZERO,
    };
    let who = |x: &Household| {
        let detail = bereken_met(x, d, params).expect("calc");
        detail.persons.iter().map(|p| p.combination_credit > Cents::ZERO).collect::<Vec<_>>()
    };
    assert_eq!(who(&h(210_053)), [true, false], "lower income from work: the applicant");
    assert_eq!(who(&h(210_054)), [false, true], "equal: the older partner");
}
