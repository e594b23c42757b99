//! Property tests: what must hold for every household, not just the examples.

mod common;

use common::*;
use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use regels::calc::kostendelersnorm;
use regels::household::{Adult, Agreement, Child, CoResident, Household, IncomeItem, IncomeKind, Relation, Study};
use regels::params::ParameterSets;
use regels::{Cents, Outcome};

fn any_date(from: Date, days: i64) -> impl Strategy<Value = Date> {
    (0..days).prop_map(move |d| from.checked_add(d.days()).expect("in range"))
}

fn calc_date() -> impl Strategy<Value = Date> {
    any_date(date(2025, 1, 1), 3 * 365)
}

fn birth() -> impl Strategy<Value = Date> {
    any_date(date(1945, 1, 1), 365 * 62)
}

fn income_item() -> impl Strategy<Value = IncomeItem> {
    let kind = prop_oneof![
        4 => Just(IncomeKind::Work),
        1 => Just(IncomeKind::Benefit),
        1 => Just(IncomeKind::Alimony),
        1 => Just(IncomeKind::Letting),
        1 => Just(IncomeKind::Other),
        1 => Just(IncomeKind::OneOff),
        1 => Just(IncomeKind::ChildBenefit),
        1 => Just(IncomeKind::Allowance),
    ];
    (kind, 0i64..400_000, any_date(date(2022, 1, 1), 6 * 365), prop::option::of(0u16..=800)).prop_map(
        |(kind, cents, start, hours)| IncomeItem {
            kind,
            net_monthly: Cents::new(cents),
            start_date: start,
            // Hours are recorded only for income from work.
            weekly_hours_tenths: if kind == IncomeKind::Work { hours } else { None },
        },
    )
}

fn adult_strategy() -> impl Strategy<Value = Adult> {
    (birth(), any::<bool>(), any::<bool>(), prop::bool::weighted(0.9), prop::collection::vec(income_item(), 0..4))
        .prop_map(|(birth_date, medically_limited, cannot_rely_on_parents, disregard_helps_work, income)| Adult {
            birth_date,
            medically_limited,
            cannot_rely_on_parents,
            disregard_helps_work,
            income,
            cooperation_deduction: Cents::ZERO,
        })
}

fn co_resident_strategy() -> impl Strategy<Value = CoResident> {
    let relation = prop_oneof![
        Just(Relation::Child),
        Just(Relation::Parent),
        Just(Relation::Sibling),
        Just(Relation::InLawFirstDegree),
        Just(Relation::OtherFamily),
        Just(Relation::None),
    ];
    let study = prop_oneof![4 => Just(Study::None), 1 => Just(Study::Wsf), 1 => Just(Study::Bbl)];
    let agreement = prop_oneof![
        4 => Just(Agreement::None),
        1 => Just(Agreement::CommercialWithApplicant),
        1 => Just(Agreement::CommercialWithSameLandlord)
    ];
    (any_date(date(1930, 1, 1), 365 * 95), relation, study, agreement).prop_map(
        |(birth_date, relation, study, agreement)| CoResident {
            birth_date,
            relation,
            study,
            agreement,
            cost_sharing_agreement_since: None,
        },
    )
}

fn household() -> impl Strategy<Value = Household> {
    (
        adult_strategy(),
        prop::option::weighted(0.4, adult_strategy()),
        prop::collection::vec(any_date(date(2000, 1, 1), 365 * 25), 0..4),
        prop::collection::vec(co_resident_strategy(), 0..4),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(applicant, partner, kids, co_residents, mantelzorg_elsewhere)| Household {
            applicant,
            partner,
            children: kids.into_iter().map(|birth_date| Child { birth_date, study: Study::None }).collect(),
            co_residents,
            mantelzorg_elsewhere,
            sanction: None,
        })
}

/// Households and dates for which a calculation is defined (no one born after
/// the date, no unsupported combination).
fn computed(h: &Household, d: Date) -> Option<Outcome<'static>> {
    regels::calculate_embedded(h, d).ok()
}

fn disregard_caps(d: Date) -> i64 {
    let p = ParameterSets::embedded().expect("valid").for_date(d).expect("in range");
    let one = p
        .disregards
        .work
        .max_monthly
        .get()
        .max(p.disregards.single_parent.max_monthly.get())
        .max(p.disregards.medically_limited.max_monthly.get());
    2 * one
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn amounts_are_consistent_and_never_negative(h in household(), d in calc_date()) {
        if let Some(o) = computed(&h, d) {
            prop_assert!(o.bijstand.get() >= 0);
            prop_assert!(o.payable.get() >= 0);
            prop_assert!(o.holiday_allowance.get() >= 0);
            prop_assert_eq!(o.payable.get() + o.holiday_allowance.get(), o.bijstand.get());
            prop_assert_eq!(o.income_deducted.get(), o.income_counted.get() - o.disregard.get());
            prop_assert_eq!(o.bijstand.get(), (o.norm.get() - o.income_deducted.get()).max(0));
            prop_assert_eq!(o.trace.output, regels::explain::Value::Cents(o.payable));
        }
    }

    #[test]
    fn vrijlating_never_exceeds_its_cap_nor_the_wages(h in household(), d in calc_date()) {
        if let Some(o) = computed(&h, d) {
            let wages: i64 = std::iter::once(&h.applicant).chain(h.partner.as_ref())
                .flat_map(|a| &a.income)
                .filter(|i| i.kind == IncomeKind::Work && i.start_date <= d)
                .map(|i| i.net_monthly.get())
                .sum();
            prop_assert!(o.disregard.get() <= wages);
            prop_assert!(o.disregard.get() <= disregard_caps(d));
        }
    }

    /// The six-month limit of onderdeel n: a single person below pension age,
    /// without medical limitation and without children, keeps nothing after
    /// month 6 of work.
    #[test]
    fn vrijlating_arbeid_stops_after_its_duration(
        b in any_date(date(1962, 1, 1), 365 * 36),
        start in any_date(date(2022, 1, 1), 365 * 4),
        months_after in 0i64..30,
        cents in 1i64..500_000,
    ) {
        let mut h = single(b);
        h.applicant.income.push(work(cents, start));
        let d = start.checked_add((months_after).months()).expect("in range");
        if let Some(o) = computed(&h, d) {
            let month = (i32::from(d.year()) - i32::from(start.year())) * 12 + i32::from(d.month()) - i32::from(start.month()) + 1;
            if month > 6 {
                prop_assert_eq!(o.disregard.get(), 0);
            }
        }
    }

    #[test]
    fn more_income_never_raises_the_benefit(h in household(), d in calc_date(), extra in income_item()) {
        if let Some(before) = computed(&h, d) {
            let mut more = h.clone();
            more.applicant.income.push(extra);
            if let Some(after) = computed(&more, d) {
                prop_assert!(after.bijstand <= before.bijstand, "{:?} → {:?}", before.bijstand, after.bijstand);
                prop_assert!(after.payable <= before.payable);
            }
        }
    }

    #[test]
    fn same_input_same_result(h in household(), d in calc_date()) {
        let a = regels::calculate_embedded(&h, d);
        let b = regels::calculate_embedded(&h.clone(), d);
        prop_assert_eq!(a, b);
    }

    /// Art. 22a: the norm per person falls as more people share the costs.
    #[test]
    fn kostendelersnorm_falls_as_a_grows(b in 1i64..1_000_000, a in 1u32..40) {
        let b = Cents::new(b);
        let this = kostendelersnorm(b, a, 40, 30);
        let next = kostendelersnorm(b, a + 1, 40, 30);
        prop_assert!(next <= this);
        prop_assert!(this <= b.max(Cents::new(0)).mul_ratio_round_half_up(70, 100));
    }

    /// Another kostendeler in the home never raises the norm.
    #[test]
    fn another_kostendeler_never_raises_the_norm(h in household(), d in calc_date(), m in co_resident_strategy()) {
        if let Some(before) = computed(&h, d) {
            let mut more = h.clone();
            more.co_residents.push(m);
            if let Some(after) = computed(&more, d) {
                prop_assert!(after.norm <= before.norm, "{:?} → {:?}", before.norm, after.norm);
            }
        }
    }
}

// --- Policy variants ----------------------------------------------------------

fn with_variant(h: &Household, d: Date, id: &str) -> Option<Outcome<'static>> {
    let params = ParameterSets::embedded().ok()?.for_date(d).ok()?;
    let v = regels::Variant::by_id(id).expect("shipped variant");
    regels::calculate_variant(h, d, params, v).ok()
}

/// What the household has to live on this month from bijstand and work:
/// the bijstand plus the wages it keeps (under `verdeling_inkomsten` only the
/// resident's own tiers).
fn resources(o: &Outcome<'_>, h: &Household, d: Date) -> i64 {
    let wages: i64 = std::iter::once(&h.applicant)
        .chain(h.partner.as_ref())
        .flat_map(|a| &a.income)
        .filter(|i| i.kind == IncomeKind::Work && i.start_date <= d)
        .map(|i| i.net_monthly.get())
        .sum();
    let given_away: i64 = o.earnings_split.iter().filter(|(to, _)| *to != "deelnemer").map(|(_, c)| c.get()).sum();
    o.bijstand.get() + wages - given_away
}

fn variant_ids() -> Vec<&'static str> {
    regels::Variant::embedded().expect("variants").iter().map(|v| v.id.as_str()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// The base variant is the law: the same amounts as `calculate`.
    #[test]
    fn the_base_variant_is_the_law(h in household(), d in calc_date()) {
        let law = computed(&h, d);
        let base = with_variant(&h, d, "basis");
        prop_assert_eq!(law.is_some(), base.is_some());
        if let (Some(l), Some(b)) = (law, base) {
            prop_assert_eq!(
                (l.norm, l.income_counted, l.disregard, l.bijstand, l.holiday_allowance, l.payable),
                (b.norm, b.income_counted, b.disregard, b.bijstand, b.holiday_allowance, b.payable)
            );
        }
    }

    /// In every variant the amounts stay consistent and never negative.
    #[test]
    fn every_variant_keeps_the_books_straight(h in household(), d in calc_date()) {
        for id in variant_ids() {
            if let Some(o) = with_variant(&h, d, id) {
                prop_assert!(o.bijstand.get() >= 0 && o.payable.get() >= 0, "{}", id);
                prop_assert!(o.bijstand <= o.norm, "{}", id);
                prop_assert_eq!(o.payable.get() + o.holiday_allowance.get(), o.bijstand.get());
                prop_assert!(o.disregard <= o.income_counted, "{}", id);
                prop_assert_eq!(o.exit_premium_saved, o.package_reduction.min(o.exit_premium_saved));
                let split: i64 = o.earnings_split.iter().map(|(_, c)| c.get()).sum();
                prop_assert!(o.earnings_split.is_empty() || split >= 0);
            }
        }
    }

    /// Working more never leaves a household with less to live on, in any
    /// variant: bijstand plus the wages it keeps does not fall when wages rise.
    #[test]
    fn earning_more_never_means_less(h in household(), d in calc_date(), extra in 0i64..300_000) {
        let mut more = h.clone();
        more.applicant.income.push(work(extra, d));
        for id in variant_ids() {
            if let (Some(a), Some(b)) = (with_variant(&h, d, id), with_variant(&more, d, id)) {
                prop_assert!(resources(&b, &more, d) >= resources(&a, &h, d), "{}", id);
            }
        }
    }

    /// Variants that take the better of their own disregard and the law's
    /// never give less bijstand than the base scheme.
    #[test]
    fn best_of_law_variants_are_never_worse_than_the_base(h in household(), d in calc_date()) {
        for id in ["experiment-2017-bijverdienen", "onderling-samenwerken"] {
            if let (Some(base), Some(v)) = (computed(&h, d), with_variant(&h, d, id)) {
                prop_assert!(v.bijstand >= base.bijstand, "{}", id);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The amounts-only calculation (for bulk work) gives exactly the amounts of
    /// the explained one, under the law and under every variant, and builds no tree.
    #[test]
    fn amounts_only_equals_the_explained_calculation(h in household(), d in calc_date()) {
        let Ok(params) = ParameterSets::embedded().expect("valid").for_date(d) else { return Ok(()) };
        let variants = regels::Variant::embedded().expect("variants");
        for v in std::iter::once(None).chain(variants.iter().map(Some)) {
            let full = match v {
                Some(v) => regels::calculate_variant(&h, d, params, v),
                None => regels::calculate(&h, d, params),
            };
            let fast = regels::calculate_amounts(&h, d, params, v);
            match (full, fast) {
                (Ok(full), Ok(fast)) => {
                    prop_assert!(fast.trace.children.is_empty() && fast.trace.inputs.is_empty());
                    prop_assert!(fast.trace.is_quiet() && !full.trace.is_quiet());
                    let amounts = |o: &Outcome<'static>| (
                        o.entitled, o.norm, o.income_counted, o.disregard, o.income_deducted, o.bijstand,
                        o.holiday_allowance, o.payable, o.sanction, o.package_reduction, o.exit_premium_saved,
                        o.earnings_split.iter().map(|(to, c)| (to.to_string(), *c)).collect::<Vec<_>>(),
                    );
                    prop_assert_eq!(amounts(&full), amounts(&fast));
                }
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (a, b) => prop_assert!(false, "one failed, the other not: {:?} / {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }
}

fn schema() -> &'static jsonschema::Validator {
    static SCHEMA: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = format!("{}/../../schemas/huishouden.schema.json", env!("CARGO_MANIFEST_DIR"));
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("schema is JSON");
        jsonschema::validator_for(&schema).expect("schema compiles")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// What the writer writes, the reader reads back unchanged: a dossier
    /// stored as JSON is the same household when it is read again.
    #[test]
    fn json_round_trip(h in household(), sanction in prop::option::weighted(0.2, (1u8..=9, calc_date()))) {
        let mut h = h;
        h.sanction = sanction.map(|(category, start_date)| regels::household::Sanction { category, start_date });
        let json = regels::input::to_json(&h);
        let errors: Vec<String> = schema().iter_errors(&json).map(|e| e.to_string()).collect();
        prop_assert!(errors.is_empty(), "the written JSON breaks the schema: {:?}", errors);
        let text = serde_json::to_string(&json).expect("serialisable");
        prop_assert_eq!(regels::input::parse_household(&text), Ok(h));
    }
}
