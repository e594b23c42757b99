//! Every household under every variant, in parallel, with the rules of
//! `regels` itself (its amounts-only path): the bulk result for a household is
//! by construction the result of the one-household API.

use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::civil::Date;
use rayon::prelude::*;
use regels::household::{Household, IncomeKind};
use regels::{Cents, Error, ParameterSet, Variant};

use crate::population::{HouseholdType, Population};

/// The amounts of one household under one variant, per month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Amounts {
    /// False when the calculation refused the household (see [`Evaluation::errors`]).
    pub ok: bool,
    pub norm: Cents,
    /// Income that counts, before the vrijlating.
    pub income_counted: Cents,
    pub disregard: Cents,
    /// The bijstand, vakantietoeslag included: what the municipality pays.
    pub bijstand: Cents,
    /// What the household has this month from bijstand and its own work: the
    /// bijstand plus the wages it keeps (under an earnings split only the
    /// resident's own part). Allowances (toeslagen) are not included.
    pub resources: Cents,
}

/// How many households a rayon task takes at once: large enough that the
/// progress counter and task overhead vanish, small enough to balance 2–64 cores.
const CHUNK: usize = 2_048;

/// Calculates `h` under every variant into `out` (one slot per variant).
pub fn evaluate_household(
    h: &Household,
    date: Date,
    params: &ParameterSet,
    variants: &[&Variant],
    out: &mut [Amounts],
) -> Option<Error> {
    assert_eq!(out.len(), variants.len(), "one slot per variant");
    let wages: i64 = std::iter::once(&h.applicant)
        .chain(h.partner.as_ref())
        .flat_map(|a| &a.income)
        .filter(|i| i.kind == IncomeKind::Work && i.start_date <= date)
        .map(|i| i.net_monthly.get())
        .sum();
    let mut first_error = None;
    for (slot, v) in out.iter_mut().zip(variants) {
        match regels::calculate_amounts(h, date, params, Some(v)) {
            Ok(o) => {
                let given_away: i64 =
                    o.earnings_split.iter().filter(|(to, _)| *to != "deelnemer").map(|(_, c)| c.get()).sum();
                *slot = Amounts {
                    ok: true,
                    norm: o.norm,
                    income_counted: o.income_counted,
                    disregard: o.disregard,
                    bijstand: o.bijstand,
                    resources: Cents::new(o.bijstand.get() + wages - given_away),
                };
            }
            Err(e) => {
                *slot = Amounts::default();
                first_error.get_or_insert(e);
            }
        }
    }
    first_error
}

/// Per-household results for every variant: `rows[i * variants + v]`. Uses
/// `households × variants × 48` bytes; for reports on large populations use
/// [`aggregate`], which keeps only totals.
pub fn evaluate_all(pop: &Population, date: Date, params: &ParameterSet, variants: &[&Variant]) -> Vec<Amounts> {
    let n = variants.len();
    let mut rows = vec![Amounts::default(); pop.len() * n];
    if n == 0 {
        return rows;
    }
    rows.par_chunks_mut(n * CHUNK).zip(pop.households.par_chunks(CHUNK)).for_each(|(out, hs)| {
        for (h, slots) in hs.iter().zip(out.chunks_mut(n)) {
            evaluate_household(h, date, params, variants, slots);
        }
    });
    rows
}

/// Totals for one variant, overall and per household type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Households with bijstand above zero.
    pub receiving: u64,
    pub overall: TypeTotals,
    pub per_type: [TypeTotals; 4],
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypeTotals {
    pub households: u64,
    /// Sum of the monthly bijstand.
    pub bijstand: i64,
    /// Compared with the first variant (the base), on `resources`.
    pub better_off: u64,
    pub worse_off: u64,
    pub gain: i64,
    pub loss: i64,
}

impl TypeTotals {
    /// Counts one household with this bijstand and this difference in
    /// resources with the base.
    fn record(&mut self, bijstand: i64, diff: i64) {
        self.households += 1;
        self.bijstand += bijstand;
        if diff > 0 {
            self.better_off += 1;
            self.gain += diff;
        } else if diff < 0 {
            self.worse_off += 1;
            self.loss -= diff;
        }
    }

    fn merge(&mut self, o: &TypeTotals) {
        self.households += o.households;
        self.bijstand += o.bijstand;
        self.better_off += o.better_off;
        self.worse_off += o.worse_off;
        self.gain += o.gain;
        self.loss += o.loss;
    }
}

/// The aggregate of a bulk run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// One per variant, in the order given; the first is the comparison base.
    pub totals: Vec<Totals>,
    /// Households the rules refused (invalid input), with the first error.
    pub errors: u64,
    pub first_error: Option<(usize, Error)>,
}

impl Evaluation {
    fn empty(variants: usize) -> Evaluation {
        Evaluation { totals: vec![Totals::default(); variants], errors: 0, first_error: None }
    }

    fn merge(mut self, other: Evaluation) -> Evaluation {
        for (a, b) in self.totals.iter_mut().zip(other.totals) {
            a.receiving += b.receiving;
            a.overall.merge(&b.overall);
            for (x, y) in a.per_type.iter_mut().zip(&b.per_type) {
                x.merge(y);
            }
        }
        self.errors += other.errors;
        self.first_error = match (self.first_error, other.first_error) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        self
    }

    fn add(&mut self, index: usize, kind: HouseholdType, slots: &[Amounts], error: Option<Error>) {
        if let Some(e) = error {
            self.errors += 1;
            if self.first_error.as_ref().is_none_or(|(i, _)| index < *i) {
                self.first_error = Some((index, e));
            }
            return;
        }
        let base = slots[0].resources.get();
        for (t, a) in self.totals.iter_mut().zip(slots) {
            let diff = a.resources.get() - base;
            t.receiving += u64::from(a.bijstand.get() > 0);
            t.overall.record(a.bijstand.get(), diff);
            t.per_type[kind.index()].record(a.bijstand.get(), diff);
        }
    }
}

/// Evaluates every household under every variant and keeps the totals only
/// (memory independent of the population size). `progress` is called with the
/// number of households done so far, from worker threads.
pub fn aggregate(
    pop: &Population,
    date: Date,
    params: &ParameterSet,
    variants: &[&Variant],
    progress: &(dyn Fn(usize) + Sync),
) -> Evaluation {
    let n = variants.len();
    assert!(n > 0, "at least one variant (the base)");
    let done = AtomicUsize::new(0);
    pop.households
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(chunk, hs)| {
            let mut ev = Evaluation::empty(n);
            let mut slots = vec![Amounts::default(); n];
            for (j, h) in hs.iter().enumerate() {
                let error = evaluate_household(h, date, params, variants, &mut slots);
                ev.add(chunk * CHUNK + j, HouseholdType::of(h), &slots, error);
            }
            progress(done.fetch_add(hs.len(), Ordering::Relaxed) + hs.len());
            ev
        })
        .reduce(|| Evaluation::empty(n), Evaluation::merge)
}
