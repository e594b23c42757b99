//! The effect on people who start working: for every applicant without work
//! and below the pension age, what changes in their month when they start a
//! job with a given net wage, under each variant.

use jiff::ToSpan;
use jiff::civil::Date;
use rayon::prelude::*;
use regels::household::{IncomeItem, IncomeKind};
use regels::{Cents, ParameterSet, Variant};

use crate::bulk::{Amounts, evaluate_household};
use crate::population::Population;

/// The scenario: a job with this net monthly wage, in its first month and in
/// its seventh (when the ordinary vrijlating of art. 31 lid 2 onder n has run
/// out after six months).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkScenario {
    pub net_wage: Cents,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkEffect {
    /// Applicants in the scenario (no work now, below the pension age).
    pub households: u64,
    /// Per variant: the sum over households of the extra resources in month 1
    /// and in month 7 of the job.
    pub gain_month_1: Vec<i64>,
    pub gain_month_7: Vec<i64>,
    /// Per variant: households keeping less than half of the wage in month 7
    /// (the *armoedeval*).
    pub keeps_under_half_month_7: Vec<u64>,
}

impl WorkEffect {
    fn empty(n: usize) -> WorkEffect {
        WorkEffect {
            households: 0,
            gain_month_1: vec![0; n],
            gain_month_7: vec![0; n],
            keeps_under_half_month_7: vec![0; n],
        }
    }

    fn merge(mut self, o: WorkEffect) -> WorkEffect {
        self.households += o.households;
        for v in 0..self.gain_month_1.len() {
            self.gain_month_1[v] += o.gain_month_1[v];
            self.gain_month_7[v] += o.gain_month_7[v];
            self.keeps_under_half_month_7[v] += o.keeps_under_half_month_7[v];
        }
        self
    }

    /// The average gain per household in cents (rounded down), per variant.
    pub fn mean(sums: &[i64], households: u64) -> Vec<Cents> {
        let n = i64::try_from(households.max(1)).expect("household counts fit in i64");
        sums.iter().map(|s| Cents::new(s / n)).collect()
    }
}

pub fn work_effect(
    pop: &Population,
    date: Date,
    params: &ParameterSet,
    variants: &[&Variant],
    scenario: WorkScenario,
) -> WorkEffect {
    let n = variants.len();
    let first_of_month = date.first_of_month();
    let month_7_start = first_of_month.checked_sub(6.months()).expect("dates are bounded");
    pop.households
        .par_chunks(2_048)
        .map(|hs| {
            let mut acc = WorkEffect::empty(n);
            let mut now = vec![Amounts::default(); n];
            let mut m1 = vec![Amounts::default(); n];
            let mut m7 = vec![Amounts::default(); n];
            for h in hs {
                let works = h.applicant.income.iter().any(|i| i.kind == IncomeKind::Work);
                if works || regels::calc::reached_pension_age(h.applicant.birth_date, date, params.pension_age.value) {
                    continue;
                }
                if evaluate_household(h, date, params, variants, &mut now).is_some() {
                    continue;
                }
                let mut with_job = h.clone();
                with_job.applicant.income.push(IncomeItem {
                    kind: IncomeKind::Work,
                    net_monthly: scenario.net_wage,
                    start_date: first_of_month,
                    weekly_hours_tenths: None,
                });
                let e1 = evaluate_household(&with_job, date, params, variants, &mut m1);
                with_job.applicant.income.last_mut().expect("just pushed").start_date = month_7_start;
                let e7 = evaluate_household(&with_job, date, params, variants, &mut m7);
                if e1.is_some() || e7.is_some() {
                    continue;
                }
                acc.households += 1;
                for v in 0..n {
                    acc.gain_month_1[v] += m1[v].resources.get() - now[v].resources.get();
                    let g7 = m7[v].resources.get() - now[v].resources.get();
                    acc.gain_month_7[v] += g7;
                    acc.keeps_under_half_month_7[v] += u64::from(2 * g7 < scenario.net_wage.get());
                }
            }
            acc
        })
        .reduce(|| WorkEffect::empty(n), WorkEffect::merge)
}
