//! Builders for households in tests.
#![allow(dead_code)]

use jiff::civil::Date;
use regels::household::{Adult, Agreement, Child, CoResident, Household, IncomeItem, IncomeKind, Relation, Study};
use regels::{Cents, Outcome};

pub fn adult(birth: Date) -> Adult {
    Adult {
        birth_date: birth,
        medically_limited: false,
        cannot_rely_on_parents: false,
        disregard_helps_work: true,
        income: Vec::new(),
        cooperation_deduction: Cents::ZERO,
    }
}

pub fn single(birth: Date) -> Household {
    Household {
        applicant: adult(birth),
        partner: None,
        children: Vec::new(),
        co_residents: Vec::new(),
        mantelzorg_elsewhere: false,
        sanction: None,
    }
}

pub fn couple(birth: Date, partner_birth: Date) -> Household {
    Household { partner: Some(adult(partner_birth)), ..single(birth) }
}

pub fn child(birth: Date) -> Child {
    Child { birth_date: birth, study: Study::None }
}

pub fn co_resident(birth: Date) -> CoResident {
    CoResident {
        birth_date: birth,
        relation: Relation::None,
        study: Study::None,
        agreement: Agreement::None,
        cost_sharing_agreement_since: None,
    }
}

pub fn work(cents: i64, start: Date) -> IncomeItem {
    IncomeItem { kind: IncomeKind::Work, net_monthly: Cents::new(cents), start_date: start, weekly_hours_tenths: None }
}

pub fn income(kind: IncomeKind, cents: i64, start: Date) -> IncomeItem {
    IncomeItem { kind, net_monthly: Cents::new(cents), start_date: start, weekly_hours_tenths: None }
}

pub fn calc(h: &Household, date: Date) -> Outcome<'static> {
    regels::calculate_embedded(h, date).expect("calculation succeeds")
}

pub fn norm(h: &Household, date: Date) -> i64 {
    calc(h, date).norm.get()
}

pub fn calc_variant(h: &Household, date: Date, variant: &str) -> Outcome<'static> {
    let params = regels::ParameterSets::embedded().expect("parameters").for_date(date).expect("in range");
    let v = regels::Variant::by_id(variant).expect("shipped variant");
    regels::calculate_variant(h, date, params, v).expect("calculation succeeds")
}
