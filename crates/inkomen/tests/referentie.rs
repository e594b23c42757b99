//! Reference tests: published amounts, each with its source.

use inkomen::{Adult, Household, Wage, bereken, bereken_snel, parameters_for};
use jiff::civil::{Date, date};
use regels::Cents;

const D: Date = date(2026, 3, 1);

fn euros(e: i64) -> Cents {
    Cents::new(e * 100)
}

fn adult() -> Adult {
    Adult::new(date(1990, 6, 15))
}

/// A single adult whose whole toetsingsinkomen is a gross benefit of
/// `yearly` euros (no wage, so no holiday pay in between).
fn single_with_income(yearly_euros: i64) -> Household {
    let mut a = adult();
    // Twelve equal months: pick a yearly amount divisible by 12 or accept the
    // cent; the tests below use amounts divisible by 12 where it matters.
    a.benefit_gross_monthly = Cents::new(yearly_euros * 100 / 12);
    Household::single(a)
}

/// Rijksoverheid via Metro (24-11-2025), zorgtoeslag 2026 for a single
/// person by toetsingsinkomen (rules.md §4).
#[test]
fn zorgtoeslag_2026_single_table() {
    let table = [
        (29_500, 129),
        (30_000, 126),
        (31_000, 114),
        (32_000, 103),
        (33_000, 91),
        (34_000, 80),
        (35_000, 69),
        (36_000, 57),
        (37_000, 46),
        (38_000, 34),
        (39_000, 23),
        (40_000, 11),
        (40_500, 6),
        (41_000, 0),
    ];
    let params = parameters_for(D).expect("params");
    for (income, expected) in table {
        let h = single_with_income(income);
        let out = bereken_snel(&h, D, params).expect("calc");
        // Twelve monthly cents may differ from the yearly amount by < 12 cents.
        assert!((out.toetsingsinkomen.get() - income * 100).abs() < 12, "{income}");
        assert_eq!(out.zorgtoeslag, euros(expected), "toetsingsinkomen € {income}");
    }
}

/// Dienst Toeslagen, 'Berekening zorgtoeslag 2026' (stap 3): maximum € 1.550
/// per year single, € 2.963 with a partner; per month € 129 and € 246.
#[test]
fn zorgtoeslag_2026_maximum() {
    let single = bereken(&Household::single(adult()), D).expect("calc");
    assert_eq!(single.zorgtoeslag, euros(129));
    let mut couple = Household::single(adult());
    couple.partner = Some(adult());
    let out = bereken(&couple, D).expect("calc");
    assert_eq!(out.zorgtoeslag, euros(246));
}

/// Wet IB 2001 art. 2.10 with 27,65% premiums: € 50.000 taxable below AOW
/// age gives € 18.076,22 before credits (38.883 × 35,75% + 11.117 × 37,56%,
/// the Belastingdienst example of the combined rates). The law's column III
/// is rounded (€ 3.149), so our belasting + premie is € 0,52 lower.
#[test]
fn box1_tax_and_premiums_50000() {
    let mut a = adult();
    a.benefit_gross_monthly = Cents::new(416_667); // 12 × = 50.000,04
    let out = bereken(&Household::single(a), D).expect("calc");
    let t = out.persons[0];
    assert_eq!(t.taxable, Cents::new(5_000_004));
    // tax: 3.149 + 37,56% × 11.117,04 = 3.149 + 4.175,56 = 7.324,56
    assert_eq!(t.tax, Cents::new(732_456));
    // premiums: 27,65% × 38.883 = 10.751,15
    assert_eq!(t.premiums, Cents::new(1_075_115));
    assert_eq!(t.levy.get(), 1_807_571); // € 18.075,71 vs € 18.076,22 with unrounded column III
}

/// Art. 8.10 and 8.11 applied to round incomes (the law text is the source;
/// the Belastingdienst tables give the same maxima: AHK € 3.115, arbeidskorting
/// € 5.685 between € 25.845 and € 45.592).
#[test]
fn credits_at_round_wages() {
    let params = parameters_for(D).expect("params");
    let p = |monthly_euros: i64| {
        let mut a = adult();
        a.wage = Wage::Monthly(euros(monthly_euros));
        let out = inkomen::bereken_met(&Household::single(a), D, params).expect("calc");
        out.persons[0]
    };
    // 2.500 × 12 × 1,08 = 32.400: AHK 3.115 − 6,398% × 2.664 = 2.944,56;
    // AK 5.300 + 1,95% × 6.555 = 5.427,82 (< 5.685).
    let t = p(2_500);
    assert_eq!(t.work_income, euros(32_400));
    assert_eq!(t.general_credit, Cents::new(294_456));
    assert_eq!(t.work_credit, Cents::new(542_782));
    // 3.500 × 12 × 1,08 = 45.360: AK 5.300 + 1,95% × 19.515 = 5.680,54 (the
    // maximum € 5.685 is reached only at € 45.589).
    assert_eq!(p(3_500).work_credit, Cents::new(568_054));
    // 3.600 × 12 × 1,08 = 46.656: afbouw 5.685 − 6,51% × 1.064 = 5.615,73.
    assert_eq!(p(3_600).work_credit, Cents::new(561_573));
    // 1.000 × 12 × 1,08 = 12.960: AK 996 + 31,009% × 995 = 1.304,54.
    assert_eq!(p(1_000).work_credit, Cents::new(130_454));
    // No wage: no arbeidskorting, and the AHK is limited to the (zero) tax.
    let t = p(0);
    assert_eq!((t.work_credit, t.credits, t.net_monthly), (Cents::ZERO, Cents::ZERO, Cents::ZERO));
}

/// Dienst Toeslagen, 'Berekening huurtoeslag 2026' (tg0831z62fd), three test
/// vectors as published with a public toeslagen calculator.
#[test]
fn huurtoeslag_2026_examples() {
    // Single, 20 years old, rent € 600, income € 22.000 → € 295.
    let mut young = Adult::new(date(2005, 6, 1));
    young.benefit_gross_monthly = Cents::new(22_000 * 100 / 12);
    let mut h = Household::single(young);
    h.rent = Some(euros(600));
    assert_eq!(bereken(&h, D).expect("calc").huurtoeslag, euros(295));

    // Partners with a child, rent € 1.200, income € 34.000 → € 492.
    let mut a = adult();
    a.benefit_gross_monthly = Cents::new(34_000 * 100 / 12);
    let mut h = Household::single(a);
    h.partner = Some(adult());
    h.children.push(date(2020, 1, 1));
    h.rent = Some(euros(1_200));
    assert_eq!(bereken(&h, D).expect("calc").huurtoeslag, euros(492));

    // Single at AOW age, rent € 710, income € 29.000 → € 307.
    let mut old = Adult::new(date(1950, 1, 1));
    old.benefit_gross_monthly = Cents::new(29_000 * 100 / 12);
    let mut h = Household::single(old);
    h.rent = Some(euros(710));
    assert_eq!(bereken(&h, D).expect("calc").huurtoeslag, euros(307));
}

/// Servicekosten no longer count (Wet vereenvoudiging huurtoeslag; the
/// Zuidplas example, rules.md §5): only the kale huur is an input, so a rent
/// of € 800 gives the same toeslag whatever the service charges.
#[test]
fn huurtoeslag_only_basic_rent() {
    let mut h = Household::single(adult());
    h.rent = Some(euros(800));
    let out = bereken(&h, D).expect("calc");
    // No income: 100% × (498,20 − 202,52) + 65% × (713,02 − 498,20) + 40% × (800 − 713,02)
    // = 295,68 + 139,633 + 34,792 = 470,105 → € 470.
    assert_eq!(out.huurtoeslag, euros(470));
}

/// Dienst Toeslagen, 'Berekening kindgebonden budget 2026' (tg0811z61fd),
/// three test vectors as published with a public toeslagen calculator.
#[test]
fn kindgebonden_budget_2026_examples() {
    let couple = |children: &[Date], income: i64| {
        let mut a = adult();
        a.benefit_gross_monthly = Cents::new(income * 100 / 12);
        let mut h = Household::single(a);
        h.partner = Some(adult());
        h.children = children.to_vec();
        h
    };
    // Partners, two children under 12, income € 45.000 → € 392.
    let h = couple(&[date(2018, 1, 1), date(2020, 1, 1)], 45_000);
    assert_eq!(bereken(&h, D).expect("calc").kindgebonden_budget, euros(392));
    // Partners, children of 13 and 16, income € 45.000 → € 533.
    let h = couple(&[date(2012, 6, 1), date(2009, 6, 1)], 45_000);
    assert_eq!(bereken(&h, D).expect("calc").kindgebonden_budget, euros(533));
    // Single parent, one child of 8, income € 30.000 → € 497.
    let mut a = adult();
    a.benefit_gross_monthly = Cents::new(30_000 * 100 / 12);
    let mut h = Household::single(a);
    h.children.push(date(2017, 9, 1));
    assert_eq!(bereken(&h, D).expect("calc").kindgebonden_budget, euros(497));
}

/// Algemene Kinderbijslagwet art. 12 lid 3 (2026-01-01): € 295,07, € 358,30
/// and € 421,53 per quarter by age on the first day of the quarter; per month
/// a third, half up to cents.
#[test]
fn kinderbijslag_2026() {
    let mut h = Household::single(adult());
    h.children = vec![date(2023, 1, 1), date(2016, 1, 1), date(2010, 1, 1)];
    let out = bereken(&h, D).expect("calc");
    // (295,07 + 358,30 + 421,53) / 3 = 1.074,90 / 3 = 358,30
    assert_eq!(out.kinderbijslag, Cents::new(35_830));
    // A child turning 6 on 2 January gets the higher amount from the next quarter.
    let mut h = Household::single(adult());
    h.children = vec![date(2020, 1, 2)];
    assert_eq!(bereken(&h, D).expect("calc").kinderbijslag, Cents::new(9_836)); // 295,07 / 3
    assert_eq!(bereken(&h, date(2026, 4, 1)).expect("calc").kinderbijslag, Cents::new(11_943)); // 358,30 / 3
}

/// The inkomensafhankelijke combinatiekorting (art. 8.14a) for a working
/// single parent: 11,45% of the income from work above € 6.239, at most € 3.032.
#[test]
fn combinatiekorting_single_parent() {
    let mut a = adult();
    a.wage = Wage::Monthly(euros(2_000)); // 25.920 a year with holiday pay
    let mut h = Household::single(a);
    h.children.push(date(2020, 1, 1));
    let out = bereken(&h, D).expect("calc");
    // 11,45% × (25.920 − 6.239) = 2.253,47
    assert_eq!(out.persons[0].combination_credit, Cents::new(225_347));
    // A child of 12 or older at the start of the year does not count.
    h.children = vec![date(2013, 6, 1)];
    assert_eq!(bereken(&h, D).expect("calc").persons[0].combination_credit, Cents::ZERO);
}

/// Dates outside 2026 and bad input give errors naming the field.
#[test]
fn errors_name_the_field() {
    let h = Household::single(adult());
    let err = bereken(&h, date(2025, 6, 1)).expect_err("2025");
    assert_eq!(err.field, "datum");
    let err = bereken(&h, date(2027, 1, 1)).expect_err("2027");
    assert_eq!(err.field, "datum");
    let mut bad = h.clone();
    bad.applicant.benefit_gross_monthly = Cents::new(-1);
    let err = bereken(&bad, D).expect_err("negative");
    assert_eq!(err.field, "aanvrager.bruto_uitkering_per_maand");
    assert!(err.message_nl().contains("negatief") && err.message_en().contains("negative"));
    let mut bad = h.clone();
    bad.applicant.wage = Wage::Hourly { hours_per_week: 200, hourly: euros(15) };
    assert_eq!(bereken(&bad, D).expect_err("hours").field, "aanvrager.uren_per_week");
    let mut bad = h;
    bad.children.push(date(2026, 6, 1));
    assert_eq!(bereken(&bad, D).expect_err("unborn").field, "kinderen[0].geboortedatum");
}
