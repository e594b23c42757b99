//! Reference tests: published amounts, each with its source.

mod common;

use common::*;
use jiff::civil::date;
use regels::calc::kostendelersnorm;
use regels::household::{Agreement, IncomeKind, Relation, Study};
use regels::{Cents, Problem};

const D2026: jiff::civil::Date = date(2026, 3, 1);
const D2025_1: jiff::civil::Date = date(2025, 3, 1);
const D2025_7: jiff::civil::Date = date(2025, 9, 1);

/// Participatiewet art. 20, 21 and 22 as in force on 2026-01-01
/// (wetten/participatiewet/2026-01-01.yaml).
#[test]
fn norms_2026_from_the_law_text() {
    let adult_birth = date(1986, 5, 14);
    let young = date(2006, 9, 1); // 19 on D2026
    let aow = date(1955, 1, 1); // 71 on D2026
    assert_eq!(norm(&single(adult_birth), D2026), 140_150, "21.a");
    assert_eq!(norm(&couple(adult_birth, adult_birth), D2026), 200_213, "21.b");
    assert_eq!(norm(&single(young), D2026), 34_599, "20.1.a");
    let mut parent = single(young);
    parent.children.push(child(date(2025, 1, 1)));
    assert_eq!(norm(&parent, D2026), 34_599, "20.2.a");
    assert_eq!(norm(&couple(young, young), D2026), 69_198, "20.1.b");
    let mut young_family = couple(young, young);
    young_family.children.push(child(date(2025, 1, 1)));
    assert_eq!(norm(&young_family, D2026), 109_241, "20.2.b");
    assert_eq!(norm(&couple(young, adult_birth), D2026), 134_706, "20.1.c");
    assert_eq!(norm(&couple(adult_birth, young), D2026), 134_706, "20.1.c, young partner");
    let mut mixed_family = couple(young, adult_birth);
    mixed_family.children.push(child(date(2025, 1, 1)));
    assert_eq!(norm(&mixed_family, D2026), 174_749, "20.2.c");
    assert_eq!(norm(&single(aow), D2026), 156_469, "22.a");
    assert_eq!(norm(&couple(aow, aow), D2026), 214_416, "22.b");
    assert_eq!(norm(&couple(aow, adult_birth), D2026), 214_416, "22.c");
}

/// Participatiewet art. 20, 21, 22 and 22a lid 3 as in force on 2026-07-01
/// (wetten/participatiewet/2026-07-01.yaml): the norms indexed with the net
/// minimum wage (art. 38 lid 1).
#[test]
fn norms_july_2026_from_the_law_text() {
    let d = date(2026, 11, 23);
    let adult_birth = date(1986, 5, 14);
    let young = date(2007, 1, 1); // 19 on d
    let aow = date(1955, 1, 1);
    assert_eq!(norm(&single(adult_birth), d), 141_946, "21.a");
    assert_eq!(norm(&couple(adult_birth, adult_birth), d), 202_779, "21.b");
    assert_eq!(norm(&single(young), d), 35_042, "20.1.a");
    assert_eq!(norm(&couple(young, young), d), 70_084, "20.1.b");
    let mut young_family = couple(young, young);
    young_family.children.push(child(date(2025, 1, 1)));
    assert_eq!(norm(&young_family, d), 110_640, "20.2.b");
    assert_eq!(norm(&couple(young, adult_birth), d), 136_432, "20.1.c");
    let mut mixed_family = couple(young, adult_birth);
    mixed_family.children.push(child(date(2025, 1, 1)));
    assert_eq!(norm(&mixed_family, d), 176_988, "20.2.c");
    assert_eq!(norm(&single(aow), d), 158_734, "22.a");
    assert_eq!(norm(&couple(aow, aow), d), 217_610, "22.b");
    assert_eq!(norm(&single_flagged(young), d), 35_042 + 76_224, "20.3");
    // Kostendelersnorm (art. 22a lid 1) on B = € 2.027,79, worked by hand:
    // A = 2: 100/200 × 2027.79 = 1013.895 → 1013.90; A = 3: 130/300 × 2027.79 = 878.709 → 878.71;
    // A = 4: 0.4 × 2027.79 = 811.116 → 811.12; A = 5: 0.38 × 2027.79 = 770.5602 → 770.56.
    for (extra, want) in [101_390, 87_871, 81_112, 77_056].into_iter().enumerate() {
        let mut h = single(adult_birth);
        for _ in 0..=extra {
            h.co_residents.push(co_resident(date(1990, 1, 1)));
        }
        assert_eq!(norm(&h, d), want, "A = {}", extra + 2);
    }
    // Art. 22a lid 3: a young spouse with children beside a kostendeler: € 755,98 + € 1.013,90.
    let mut h = couple(young, date(1995, 1, 1));
    h.co_residents.push(co_resident(date(1966, 1, 1)));
    h.children.push(child(date(2025, 6, 1)));
    assert_eq!(norm(&h, d), 75_598 + 101_390, "22a.3.a");
    // The day before, the 2026-01-01 amounts apply.
    assert_eq!(norm(&single(adult_birth), date(2026, 6, 30)), 140_150);
    assert_eq!(norm(&single(adult_birth), date(2026, 7, 1)), 141_946);
}

/// rules.md §4, from the consolidated law 2025-01-01 (matches gemeente
/// Westland's table of 1 January 2025).
#[test]
fn norms_january_2025() {
    let adult_birth = date(1986, 5, 14);
    let young = date(2005, 9, 1); // 19 on D2025_1
    let aow = date(1955, 1, 1);
    assert_eq!(norm(&single(adult_birth), D2025_1), 134_545);
    assert_eq!(norm(&couple(adult_birth, adult_birth), D2025_1), 192_207);
    assert_eq!(norm(&single(young), D2025_1), 33_217);
    assert_eq!(norm(&couple(young, young), D2025_1), 66_434);
    let mut young_family = couple(young, young);
    young_family.children.push(child(date(2024, 1, 1)));
    assert_eq!(norm(&young_family, D2025_1), 104_875);
    assert_eq!(norm(&couple(young, adult_birth), D2025_1), 129_321);
    let mut mixed_family = couple(young, adult_birth);
    mixed_family.children.push(child(date(2024, 1, 1)));
    assert_eq!(norm(&mixed_family, D2025_1), 167_762);
    assert_eq!(norm(&single(aow), D2025_1), 150_107);
    assert_eq!(norm(&couple(aow, aow), D2025_1), 205_348);
}

/// rules.md §4: 1 July 2025 (Metro citing Rijksoverheid; Stimulansz
/// normenoverzicht for the 18–20 norm).
#[test]
fn norms_july_2025() {
    let adult_birth = date(1986, 5, 14);
    let young = date(2005, 9, 15); // 19 on D2025_7
    let aow = date(1955, 1, 1);
    assert_eq!(norm(&single(adult_birth), D2025_7), 136_906);
    assert_eq!(norm(&couple(adult_birth, adult_birth), D2025_7), 195_580);
    assert_eq!(norm(&single(young), D2025_7), 33_798);
    assert_eq!(norm(&single(aow), D2025_7), 153_021);
    assert_eq!(norm(&couple(aow, aow), D2025_7), 209_498);
}

/// Published kostendelersnorm tables of gemeente Velsen (rules.md §4), with
/// B = the gehuwdennorm incl. vakantietoeslag of that date.
#[test]
fn kostendelersnorm_velsen_tables_2024() {
    let b_jan = Cents::new(183_404);
    let jan = [91_702, 79_475, 73_362, 69_694, 67_248];
    let b_jul = Cents::new(186_921);
    let jul = [93_461, 80_999, 74_768, 71_030, 68_538];
    for (i, (j, l)) in jan.iter().zip(jul).enumerate() {
        let a = u32::try_from(i).expect("small") + 2;
        assert_eq!(kostendelersnorm(b_jan, a, 40, 30), Cents::new(*j), "1 Jan 2024, A = {a}");
        assert_eq!(kostendelersnorm(b_jul, a, 40, 30), Cents::new(l), "1 Jul 2024, A = {a}");
    }
}

/// rules.md §4: values derived from the 2026 gehuwdennorm € 2.002,13.
#[test]
fn kostendelersnorm_2026_through_households() {
    let expected = [100_107, 86_759, 80_085, 76_081];
    for (extra, want) in expected.into_iter().enumerate() {
        let mut h = single(date(1986, 5, 14));
        for _ in 0..=extra {
            h.co_residents.push(co_resident(date(1990, 1, 1)));
        }
        let outcome = calc(&h, D2026);
        assert_eq!(outcome.norm.get(), want, "A = {}", extra + 2);
        assert!(outcome.trace.find("kostendelersnorm").is_some());
    }
    // A couple with one kostendeler: A = 3, each spouse 867.59 (art. 22a lid 2).
    let mut h = couple(date(1981, 3, 30), date(1983, 8, 8));
    h.co_residents.push(co_resident(date(1956, 1, 12)));
    assert_eq!(norm(&h, D2026), 2 * 86_759);
    // Both at pension age: B = 22.b € 2.144,16; A = 3 → 929.14 each.
    let mut h = couple(date(1950, 1, 1), date(1952, 1, 1));
    h.co_residents.push(co_resident(date(1980, 1, 1)));
    assert_eq!(norm(&h, D2026), 2 * kostendelersnorm(Cents::new(214_416), 3, 40, 30).get());
}

/// Art. 19a: who counts.
#[test]
fn who_is_a_kostendeler() {
    let base = || single(date(1980, 1, 1));
    let with = |m: regels::household::CoResident| {
        let mut h = base();
        h.co_residents.push(m);
        norm(&h, D2026)
    };
    let alone = 140_150;
    let shared = 100_107;
    // 27 or older counts; 26 does not.
    assert_eq!(with(co_resident(date(1999, 3, 1))), shared, "27 on the date");
    assert_eq!(with(co_resident(date(1999, 3, 2))), alone, "still 26");
    // Students with WSF, WTOS, BBL or abroad do not count (19a.1.d).
    for study in [Study::Wsf, Study::Wtos, Study::Bbl, Study::Abroad] {
        assert_eq!(with(regels::household::CoResident { study, ..co_resident(date(1990, 1, 1)) }), alone, "{study:?}");
    }
    // A commercial tenant or lodger who is not close family does not count (19a.1.b) …
    let lodger = regels::household::CoResident {
        agreement: Agreement::CommercialWithApplicant,
        ..co_resident(date(1990, 1, 1))
    };
    assert_eq!(with(lodger.clone()), alone);
    assert_eq!(with(regels::household::CoResident { relation: Relation::OtherFamily, ..lodger.clone() }), alone);
    // … but a brother paying rent still counts.
    assert_eq!(with(regels::household::CoResident { relation: Relation::Sibling, ..lodger }), shared);
    // Co-tenants of the same landlord do not count (19a.1.c).
    let cotenant = regels::household::CoResident {
        agreement: Agreement::CommercialWithSameLandlord,
        ..co_resident(date(1990, 1, 1))
    };
    assert_eq!(with(cotenant), alone);
    // A grown child listed under `kinderen` counts from 27.
    let mut h = base();
    h.children.push(child(date(1995, 1, 1)));
    assert_eq!(norm(&h, D2026), shared);
}

/// Art. 22a lid 3 (2026): one spouse 18–20, the other 21+, with kostendelers.
#[test]
fn young_spouse_with_kostendelers_2026() {
    let mut h = couple(date(2006, 9, 1), date(1995, 1, 1));
    h.co_residents.push(co_resident(date(1966, 1, 1)));
    // € 345,99 + kostendelersnorm (A = 2) € 1.001,07
    assert_eq!(norm(&h, D2026), 34_599 + 100_107);
    h.children.push(child(date(2025, 6, 1)));
    // € 746,42 + € 1.001,07
    assert_eq!(norm(&h, D2026), 74_642 + 100_107);
    h.co_residents.push(co_resident(date(1967, 1, 1)));
    assert_eq!(norm(&h, D2026), 74_642 + 86_759, "A = 3");
}

/// Art. 20 lid 3 and 4 (2026): the increase for 18–20 year olds without
/// parental support, never above the comparable norm from 21.
#[test]
fn young_without_parents() {
    let mut h = single(date(2006, 9, 1));
    h.applicant.cannot_rely_on_parents = true;
    assert_eq!(norm(&h, D2026), 34_599 + 74_645);
    let outcome_2025 = calc(&single_flagged(date(2005, 9, 1)), D2025_1);
    assert!(outcome_2025.trace.find("norm.verhoging_18_20_niet_van_kracht").is_some(), "no such rule in 2025");

    let mut both = couple(date(2006, 9, 1), date(2006, 1, 1));
    both.applicant.cannot_rely_on_parents = true;
    if let Some(p) = both.partner.as_mut() {
        p.cannot_rely_on_parents = true;
    }
    // 691.98 + 2 × 746.45 = 2184.88 > 2002.13 → capped by art. 20 lid 4.
    let outcome = calc(&both, D2026);
    assert_eq!(outcome.norm.get(), 200_213);
    assert!(outcome.trace.find("norm.maximum_18_20").is_some());
}

fn single_flagged(birth: jiff::civil::Date) -> regels::Household {
    let mut h = single(birth);
    h.applicant.cannot_rely_on_parents = true;
    h
}

/// Art. 22a lid 4 (2026): mantelzorg elsewhere, no kostendelersnorm.
#[test]
fn mantelzorg_exception_from_2026() {
    let mut h = single(date(1980, 1, 1));
    h.co_residents.push(co_resident(date(1950, 1, 1)));
    h.mantelzorg_elsewhere = true;
    assert_eq!(norm(&h, D2026), 140_150);
    // Before 2026 the exception did not exist: 1922.07 × 0.5 = 961.035 → 961.04.
    let before = calc(&h, D2025_1);
    assert_eq!(before.norm.get(), 96_104);
    assert!(before.trace.find("kostendelersnorm.mantelzorg_niet_van_kracht").is_some());
}

/// Art. 19 lid 3: the vakantietoeslag is 4,8 % of the bijstand, reserved.
#[test]
fn vakantietoeslag_is_reserved_from_the_bijstand() {
    let outcome = calc(&single(date(1986, 5, 14)), D2026);
    assert_eq!(outcome.bijstand.get(), 140_150);
    assert_eq!(outcome.holiday_allowance.get(), 6_727, "1401.50 × 4.8% = 67.272");
    assert_eq!(outcome.payable.get(), 133_423);
}

/// Art. 31 lid 2 onderdeel n and lid 5 (2026: 25 %, max € 285, 6 months, not under 27).
#[test]
fn vrijlating_arbeid() {
    let start = date(2026, 1, 20);
    let mut h = single(date(1990, 1, 1));
    h.applicant.income.push(work(100_000, start));
    let o = calc(&h, date(2026, 1, 31));
    assert_eq!((o.income_counted.get(), o.disregard.get(), o.income_deducted.get()), (100_000, 25_000, 75_000));
    assert_eq!(o.bijstand.get(), 140_150 - 75_000);
    // Cap.
    h.applicant.income[0].net_monthly = Cents::new(200_000);
    assert_eq!(calc(&h, date(2026, 6, 30)).disregard.get(), 28_500, "month 6, capped");
    // Month 7: over (work from December 2025: June 2026 is month 7).
    h.applicant.income[0].start_date = date(2025, 12, 20);
    let over = calc(&h, date(2026, 6, 30));
    h.applicant.income[0].start_date = start;
    assert_eq!(over.disregard.get(), 0);
    assert!(over.trace.find("vrijlating.geen.periode_voorbij").is_some());
    // Under 27: not at all.
    let mut young = single(date(2000, 1, 1));
    young.applicant.income.push(work(100_000, start));
    let o = calc(&young, date(2026, 2, 1));
    assert_eq!(o.disregard.get(), 0);
    assert!(o.trace.find("vrijlating.geen.jonger_dan_27").is_some());
    // The college judged it does not help.
    h.applicant.disregard_helps_work = false;
    assert_eq!(calc(&h, date(2026, 2, 1)).disregard.get(), 0);
}

/// Art. 31 lid 2 onderdeel r: lone parent, child under 12, months 7–36.
#[test]
fn vrijlating_alleenstaande_ouder() {
    let mut h = single(date(1990, 1, 1));
    h.children.push(child(date(2020, 1, 1)));
    h.applicant.income.push(work(100_000, date(2025, 9, 1)));
    let o = calc(&h, date(2026, 3, 1)); // month 7
    assert_eq!(o.disregard.get(), 12_500, "12.5% of 1000");
    assert!(o.trace.find("vrijlating.alleenstaande_ouder").is_some());
    h.applicant.income[0].net_monthly = Cents::new(200_000);
    assert_eq!(calc(&h, date(2026, 3, 1)).disregard.get(), 17_766, "capped at 177.66");
    // Month 36 still, month 37 not (work from July 2023: June 2026 is month 36, from June 2023 month 37).
    h.applicant.income[0].start_date = date(2023, 7, 1);
    assert_eq!(calc(&h, date(2026, 6, 1)).disregard.get(), 17_766);
    h.applicant.income[0].start_date = date(2023, 6, 1);
    assert_eq!(calc(&h, date(2026, 6, 1)).disregard.get(), 0);
    // Child 12 or older: no r.
    let mut older = single(date(1990, 1, 1));
    older.children.push(child(date(2013, 1, 1)));
    older.applicant.income.push(work(100_000, date(2025, 9, 1)));
    assert_eq!(calc(&older, date(2026, 3, 1)).disregard.get(), 0);
}

/// Art. 31 lid 2 onderdeel y: medisch urenbeperkt, 15 % up to € 180,19, no
/// duration; not while n applies; and lid 5 does not exclude it under 27.
#[test]
fn vrijlating_medisch_urenbeperkt() {
    let mut h = single(date(2001, 1, 1)); // 25
    h.applicant.medically_limited = true;
    h.applicant.income.push(work(100_000, date(2026, 1, 1)));
    assert_eq!(calc(&h, date(2026, 2, 1)).disregard.get(), 15_000);
    h.applicant.income[0].net_monthly = Cents::new(300_000);
    assert_eq!(calc(&h, date(2026, 6, 1)).disregard.get(), 18_019, "no duration: month 6 and beyond");
    // 30 years old: n first (25 %), then y.
    let mut older = single(date(1990, 1, 1));
    older.applicant.medically_limited = true;
    older.applicant.income.push(work(100_000, date(2026, 1, 1)));
    assert_eq!(calc(&older, date(2026, 2, 1)).disregard.get(), 25_000);
    older.applicant.income[0].start_date = date(2025, 11, 1);
    assert_eq!(calc(&older, date(2026, 6, 1)).disregard.get(), 15_000, "month 8: n is over, y applies");
}

/// At pension age onderdeel n has no six-month limit.
#[test]
fn vrijlating_at_pension_age_has_no_end() {
    let mut h = single(date(1955, 1, 1));
    h.applicant.income.push(work(40_000, date(2020, 1, 1)));
    assert_eq!(calc(&h, D2026).disregard.get(), 10_000);
}

/// Art. 31 lid 2 onder b and d; income that has not started; partner income.
#[test]
fn which_income_counts() {
    let mut h = couple(date(1980, 1, 1), date(1982, 1, 1));
    h.applicant.income.push(income(IncomeKind::ChildBenefit, 30_000, date(2020, 1, 1)));
    h.applicant.income.push(income(IncomeKind::Allowance, 20_000, date(2020, 1, 1)));
    h.applicant.income.push(income(IncomeKind::Benefit, 50_000, date(2026, 4, 1)));
    if let Some(p) = h.partner.as_mut() {
        p.income.push(income(IncomeKind::Alimony, 10_000, date(2020, 1, 1)));
    }
    let o = calc(&h, D2026);
    assert_eq!(o.income_counted.get(), 10_000);
    assert_eq!(o.bijstand.get(), 200_213 - 10_000);
    // Income larger than the norm: no bijstand, never negative.
    h.applicant.income.push(income(IncomeKind::Benefit, 300_000, date(2020, 1, 1)));
    let o = calc(&h, D2026);
    assert_eq!((o.bijstand.get(), o.holiday_allowance.get(), o.payable.get()), (0, 0, 0));
}

#[test]
fn under_18_has_no_right() {
    let o = calc(&single(date(2009, 1, 1)), D2026);
    assert!(!o.entitled);
    assert_eq!(o.payable.get(), 0);
    assert_eq!(o.trace.rule.id, "geen_recht.jonger_dan_18");
}

#[test]
fn impossible_households_are_refused_with_the_field() {
    let mut h = single(date(1990, 1, 1));
    h.co_residents.push(co_resident(date(2026, 5, 1)));
    let e = regels::calculate_embedded(&h, D2026).expect_err("born after the date");
    assert_eq!(e.field, "medebewoners[0].geboortedatum");
    assert!(matches!(e.problem, Problem::AfterCalculationDate { .. }));

    let e =
        regels::calculate_embedded(&couple(date(1990, 1, 1), date(2010, 1, 1)), D2026).expect_err("partner under 18");
    assert_eq!(e.field, "partner.geboortedatum");
    assert!(e.message_nl().contains("nog niet"));

    let e = regels::calculate_embedded(&single(date(1990, 1, 1)), date(2024, 6, 1)).expect_err("too early");
    assert_eq!(e.field, "datum");
}
