//! The computation: net household income per month at each number of hours,
//! under one policy variant.
//!
//! For each whole number of hours per week:
//!
//! 1. the gross wage is hours × hourly wage × 52 / 12 (`inkomen`);
//! 2. the net wage is what the yearly tax model of `inkomen` leaves of that
//!    wage alone (loonheffing with the credits);
//! 3. that net wage is an `arbeid` income item of the applicant, started in
//!    the chosen month of work, and `regels` computes the bijstand under the
//!    variant (norm, vrijlating, package rules);
//! 4. the bijstand is grossed up (`inkomen::bruto_uitkering_voor_netto`) so
//!    the allowances see the right toetsingsinkomen: wage plus gross bijstand;
//! 5. net household income = the wage the household keeps + bijstand +
//!    zorgtoeslag + huurtoeslag + kindgebonden budget + kinderbijslag.
//!
//! Between two points the *marginal effective tax rate* is the part of the
//! extra gross wage that does not reach the household: `1 − Δnet / Δgross`.
//! A rate over 100 % is a **cliff**: working more leaves less.

use jiff::ToSpan;
use jiff::civil::Date;
use regels::household::{IncomeItem, IncomeKind};
use regels::{Cents, Error, Problem, Variant};

/// Most hours per week on the curve.
pub const WORK_HOURS_MAX: u16 = 60;
/// Highest month of work we model (the law's periods end at month 36).
pub const WORK_MONTH_MAX: u32 = 120;

/// The household and its circumstances, apart from the job.
#[derive(Clone, Debug)]
pub struct Situation {
    /// The household as the Participatiewet sees it (the `bereken` input).
    /// The applicant must have no `arbeid` income: the job offer is their work.
    pub household: regels::Household,
    /// Basic rent (*kale huur*) per month, for the huurtoeslag; `None` when
    /// the household does not rent.
    pub rent: Option<Cents>,
    /// Wealth on 1 January, for the allowances' asset tests.
    pub assets: Cents,
    /// The month of work the comparison is for: 1 is the first month of the
    /// job (the law's vrijlating periods count from it).
    pub work_month: u32,
    /// The date of the calculation (which rules and amounts apply).
    pub date: Date,
}

/// The job offer: a gross hourly wage without holiday pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    pub hourly_gross: Cents,
}

/// One point of the curve: amounts per month at `hours` per week.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Point {
    pub hours: u16,
    /// Gross wage per month (without holiday pay).
    pub gross_wage: Cents,
    /// Net wage per month.
    pub net_wage: Cents,
    /// The part of the net wage the household keeps (less under De Plek's
    /// tiers, which pass part of it on).
    pub kept_wage: Cents,
    /// Bijstand per month, including the reserved vakantietoeslag.
    pub bijstand: Cents,
    /// Saved for the *uitstroompremie* (not income this month).
    pub exit_premium_saved: Cents,
    pub zorgtoeslag: Cents,
    pub huurtoeslag: Cents,
    pub kindgebonden_budget: Cents,
    pub kinderbijslag: Cents,
    /// Net household income: kept wage + bijstand + the four allowances.
    pub total: Cents,
    /// Marginal effective tax rate from the previous point, in basis points
    /// (10 000 = 100 %), rounded half up; `None` at the first point.
    pub marginal_rate_bp: Option<i64>,
    /// Net income fell from the previous point (rate over 100 %).
    pub cliff: bool,
}

/// The curve of one variant over 0 … `max_hours`.
#[derive(Clone, Debug)]
pub struct Curve<'v> {
    pub variant: &'v Variant,
    pub points: Vec<Point>,
}

impl Curve<'_> {
    /// The point at `hours`, if on the curve.
    pub fn at(&self, hours: u16) -> Option<&Point> {
        self.points.iter().find(|p| p.hours == hours)
    }

    /// Hour ranges `(from, to)` over which net income falls.
    pub fn cliffs(&self) -> Vec<(u16, u16)> {
        self.points.windows(2).filter(|w| w[1].cliff).map(|w| (w[0].hours, w[1].hours)).collect()
    }

    /// The cliffs merged into spans of hours: `[(4, 17)]` instead of
    /// `[(4, 5), (5, 6), …, (16, 17)]`.
    pub fn cliff_spans(&self) -> Vec<(u16, u16)> {
        let mut spans: Vec<(u16, u16)> = Vec::new();
        for (from, to) in self.cliffs() {
            match spans.last_mut() {
                Some(last) if last.1 == from => last.1 = to,
                _ => spans.push((from, to)),
            }
        }
        spans
    }

    /// The highest marginal rate on the curve, in basis points.
    pub fn max_marginal_rate_bp(&self) -> Option<i64> {
        self.points.iter().filter_map(|p| p.marginal_rate_bp).max()
    }
}

/// Checks the situation once, before computing many points.
pub fn validate(s: &Situation, offer: Offer, max_hours: u16) -> Result<(), Error> {
    if s.household.applicant.income.iter().any(|i| i.kind == IncomeKind::Work) {
        return Err(Error::new(
            "aanvrager.inkomsten",
            Problem::NotSupported {
                nl: "de aanvrager heeft al loon uit werk. Laat dat weg: 'loont werken' rekent met het aangeboden werk als enige werk.",
                en: "the applicant already has wages from work. Leave them out: 'does work pay' treats the job offer as the only work.",
            },
        ));
    }
    if max_hours > WORK_HOURS_MAX {
        return Err(Error::new("uren", Problem::OutOfRange { min: 0, max: i64::from(WORK_HOURS_MAX) }));
    }
    if s.work_month == 0 || s.work_month > WORK_MONTH_MAX {
        return Err(Error::new("maand_van_werk", Problem::OutOfRange { min: 1, max: i64::from(WORK_MONTH_MAX) }));
    }
    if offer.hourly_gross.get() <= 0 {
        return Err(Error::new("uurloon", Problem::OutOfRange { min: 1, max: regels::money::CENTS_MAX }));
    }
    Ok(())
}

/// The curve of net household income over 0 … `max_hours` hours per week
/// under `variant`.
pub fn curve<'v>(s: &Situation, offer: Offer, variant: &'v Variant, max_hours: u16) -> Result<Curve<'v>, Error> {
    validate(s, offer, max_hours)?;
    let law = regels::ParameterSets::embedded()?.for_date(s.date)?;
    let tax = inkomen::parameters_for(s.date)?;
    let start = job_start(s)?;
    let mut points: Vec<Point> = Vec::with_capacity(usize::from(max_hours) + 1);
    for hours in 0..=max_hours {
        let mut p = point(s, offer, variant, hours, start, law, tax)?;
        if let Some(prev) = points.last() {
            let d_gross = p.gross_wage.get() - prev.gross_wage.get();
            let d_net = p.total.get() - prev.total.get();
            if d_gross > 0 {
                let kept = Cents::new(d_net * 10_000).mul_ratio_round_half_up(1, d_gross).get();
                p.marginal_rate_bp = Some(10_000 - kept);
            }
            p.cliff = d_net < 0;
        }
        points.push(p);
    }
    Ok(Curve { variant, points })
}

/// The first day of the job: the first of the month, `work_month − 1` months
/// before the calculation date, so that the date falls in that month of work.
fn job_start(s: &Situation) -> Result<Date, Error> {
    let months = i64::from(s.work_month) - 1;
    s.date
        .first_of_month()
        .checked_sub(months.months())
        .map_err(|_| Error::new("maand_van_werk", Problem::OutOfRange { min: 1, max: i64::from(WORK_MONTH_MAX) }))
}

fn point(
    s: &Situation,
    offer: Offer,
    variant: &Variant,
    hours: u16,
    start: Date,
    law: &regels::ParameterSet,
    tax: &inkomen::ParameterSet,
) -> Result<Point, Error> {
    let h = &s.household;
    let mut earner = inkomen::Adult::new(h.applicant.birth_date);
    earner.wage = inkomen::Wage::Hourly { hours_per_week: hours, hourly: offer.hourly_gross };
    let mut household = inkomen::Household::single(earner);
    household.partner = h.partner.as_ref().map(|p| inkomen::Adult::new(p.birth_date));
    household.children = h.children.iter().map(|k| k.birth_date).collect();
    household.co_residents = u8::try_from(h.co_residents.len()).unwrap_or(u8::MAX);
    household.rent = s.rent;
    household.assets = s.assets;

    // The wage alone: gross and net.
    let wage_only = inkomen::bereken_snel(&household, s.date, tax)?;
    let gross_wage = gross_monthly(hours, offer);
    let net_wage = wage_only.wage_net;

    // The bijstand under the variant, with the net wage as income from work.
    let mut bijstand_household = h.clone();
    if hours > 0 {
        bijstand_household.applicant.income.push(IncomeItem {
            kind: IncomeKind::Work,
            net_monthly: net_wage,
            start_date: start,
            weekly_hours_tenths: None,
        });
    }
    let outcome = regels::calculate_variant(&bijstand_household, s.date, law, variant)?;
    let given_away: i64 =
        outcome.earnings_split.iter().filter(|(to, _)| *to != "deelnemer").map(|(_, c)| c.get()).sum();
    let kept_wage = Cents::new(net_wage.get() - given_away);

    // The allowances see the wage plus the gross bijstand.
    let gross_bijstand = if outcome.bijstand.get() > 0 {
        inkomen::bruto_uitkering_voor_netto(&household, outcome.bijstand, s.date, tax)?
    } else {
        Cents::ZERO
    };
    household.applicant.benefit_gross_monthly = gross_bijstand;
    let all = inkomen::bereken_snel(&household, s.date, tax)?;

    let total =
        [kept_wage, outcome.bijstand, all.zorgtoeslag, all.huurtoeslag, all.kindgebonden_budget, all.kinderbijslag]
            .iter()
            .map(|c| c.get())
            .sum();
    Ok(Point {
        hours,
        gross_wage,
        net_wage,
        kept_wage,
        bijstand: outcome.bijstand,
        exit_premium_saved: outcome.exit_premium_saved,
        zorgtoeslag: all.zorgtoeslag,
        huurtoeslag: all.huurtoeslag,
        kindgebonden_budget: all.kindgebonden_budget,
        kinderbijslag: all.kinderbijslag,
        total: Cents::new(total),
        marginal_rate_bp: None,
        cliff: false,
    })
}

/// Gross wage per month as `inkomen` computes it: hours × hourly × 52 / 12,
/// rounded half up to the cent.
pub fn gross_monthly(hours: u16, offer: Offer) -> Cents {
    Cents::new(offer.hourly_gross.get() * i64::from(hours)).mul_ratio_round_half_up(52, 12)
}
