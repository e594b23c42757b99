//! The calculation: net income of a household for one month.
//!
//! Order: per person the yearly taxable income, box 1 tax and premiums, tax
//! credits (limited to the tax due) and the net; then the household's
//! toetsingsinkomen and the allowances that depend on it; then kinderbijslag.
//!
//! Every step first computes plain numbers ([`Detail`], no allocation); the
//! explanation tree is built afterwards from those numbers. So the fast path
//! ([`bereken_snel`]) and the explained path ([`bereken`]) share every line
//! of arithmetic and can never disagree.

use jiff::civil::Date;
use regels::calc::{age_years, reached_pension_age};
use regels::explain::{Cite, Trace, Value};
use regels::money::CENTS_MAX;
use regels::params::Param;
use regels::{BasisPoints, Cents, Error, Problem};

use crate::catalog as c;
use crate::params::{ParameterSet, ParameterSets};
use crate::rate::{RATE_ONE, Rate};

/// Most children or co-residents we accept (as `regels::input`).
pub const LIST_ITEMS_MAX: usize = 20;
/// Most hours of work per week we accept.
pub const HOURS_PER_WEEK_MAX: u16 = 100;

// ---------------------------------------------------------------------------
// Input

/// A household, as the tax and allowance laws see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Household {
    /// The person asking (*aanvrager*).
    pub applicant: Adult,
    /// Spouse, registered partner or *toeslagpartner* (Awir art. 3).
    pub partner: Option<Adult>,
    /// Birth dates of the children living in the home. Children under 18
    /// count for kinderbijslag and kindgebonden budget; all count as persons
    /// in the home for the huurtoeslag. Children are assumed to have no
    /// income of their own.
    pub children: Vec<Date>,
    /// Other adults with their main residence in the home (*medebewoners*),
    /// assumed 21 or older. They count for the huurtoeslag only.
    pub co_residents: u8,
    /// Their toetsingsinkomen together, per year (huurtoeslag only).
    pub co_residents_income_yearly: Cents,
    /// Basic rent (*kale huur*, without service charges) per month; `None`
    /// when the household does not rent its home.
    pub rent: Option<Cents>,
    /// Wealth of the household on 1 January (*rendementsgrondslag*).
    pub assets: Cents,
}

/// An adult of the household.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Adult {
    pub birth_date: Date,
    /// Gross wage from employment, without holiday pay.
    pub wage: Wage,
    /// Gross taxable benefit per month, e.g. the gross bijstand. Counts as
    /// taxable income and for the allowances, not as income from work.
    pub benefit_gross_monthly: Cents,
}

/// How the wage is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wage {
    /// Gross wage per month, without holiday pay.
    Monthly(Cents),
    /// Whole hours per week times a gross hourly wage (without holiday
    /// pay). A month is 52/12 weeks, rounded half up to cents.
    Hourly { hours_per_week: u16, hourly: Cents },
}

impl Adult {
    /// An adult without wage or benefit.
    pub fn new(birth_date: Date) -> Adult {
        Adult { birth_date, wage: Wage::Monthly(Cents::ZERO), benefit_gross_monthly: Cents::ZERO }
    }
}

impl Household {
    /// A single adult without income, children, rent or assets.
    pub fn single(applicant: Adult) -> Household {
        Household {
            applicant,
            partner: None,
            children: Vec::new(),
            co_residents: 0,
            co_residents_income_yearly: Cents::ZERO,
            rent: None,
            assets: Cents::ZERO,
        }
    }
}

// ---------------------------------------------------------------------------
// Output

/// Amounts per month, without explanation: the fast path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Amounts {
    /// Net wages and net benefit of applicant and partner together.
    pub wage_net: Cents,
    pub zorgtoeslag: Cents,
    pub huurtoeslag: Cents,
    pub kindgebonden_budget: Cents,
    pub kinderbijslag: Cents,
    /// Sum of the five amounts above.
    pub total: Cents,
    /// The household's toetsingsinkomen per year (Awir art. 8).
    pub toetsingsinkomen: Cents,
}

/// Amounts per month with their explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetIncome<'p> {
    pub date: Date,
    pub wage_net: Cents,
    pub zorgtoeslag: Cents,
    pub huurtoeslag: Cents,
    pub kindgebonden_budget: Cents,
    pub kinderbijslag: Cents,
    pub total: Cents,
    pub toetsingsinkomen: Cents,
    /// Tax detail of applicant and (if any) partner.
    pub persons: Vec<PersonTax>,
    pub trace: Trace<'p>,
}

/// The yearly tax calculation of one person. All amounts per year except
/// `net_monthly`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PersonTax {
    pub pension_age: bool,
    pub wage_monthly: Cents,
    pub wage_yearly: Cents,
    pub holiday_pay: Cents,
    pub benefit_yearly: Cents,
    /// Belastbaar inkomen uit werk en woning (and the verzamelinkomen).
    pub taxable: Cents,
    /// Arbeidsinkomen: wage plus holiday pay.
    pub work_income: Cents,
    pub tax: Cents,
    pub premiums: Cents,
    /// `tax + premiums`: the gecombineerde inkomensheffing.
    pub levy: Cents,
    pub general_credit: Cents,
    pub work_credit: Cents,
    pub combination_credit: Cents,
    pub elderly_credit: Cents,
    pub elderly_single_credit: Cents,
    /// Sum of the credits before art. 8.8.
    pub credits_before_limit: Cents,
    /// Credits given: at most `levy`.
    pub credits: Cents,
    pub net_yearly: Cents,
    pub net_monthly: Cents,
}

// ---------------------------------------------------------------------------
// Entry points

/// The parameter set in force on `date`, from the embedded files.
pub fn parameters_for(date: Date) -> Result<&'static ParameterSet, Error> {
    ParameterSets::embedded()?.for_date(date)
}

/// Net income per month with its explanation, using the embedded
/// parameters for `date`.
pub fn bereken(household: &Household, date: Date) -> Result<NetIncome<'static>, Error> {
    bereken_met(household, date, parameters_for(date)?)
}

/// As [`bereken`] with a given parameter set (a policy variant, a test).
pub fn bereken_met<'p>(household: &Household, date: Date, params: &'p ParameterSet) -> Result<NetIncome<'p>, Error> {
    let d = detail(household, date, params)?;
    let trace = explain(&d, household, date, params);
    Ok(NetIncome {
        date,
        wage_net: d.amounts.wage_net,
        zorgtoeslag: d.amounts.zorgtoeslag,
        huurtoeslag: d.amounts.huurtoeslag,
        kindgebonden_budget: d.amounts.kindgebonden_budget,
        kinderbijslag: d.amounts.kinderbijslag,
        total: d.amounts.total,
        toetsingsinkomen: d.amounts.toetsingsinkomen,
        persons: d.persons.iter().flatten().copied().collect(),
        trace,
    })
}

/// The fast path: the same amounts as [`bereken_met`], without building an
/// explanation (no allocation). For curves over many wages.
pub fn bereken_snel(household: &Household, date: Date, params: &ParameterSet) -> Result<Amounts, Error> {
    Ok(detail(household, date, params)?.amounts)
}

/// The gross benefit per month that, added to `household.applicant`'s income,
/// raises the household's net income from wages and benefit by
/// `net_monthly` (to the cent or just above): the *brutering* of a net
/// benefit such as bijstand under this crate's yearly tax model. Returns an
/// error if no gross amount up to the input limit achieves it.
pub fn bruto_uitkering_voor_netto(
    household: &Household,
    net_monthly: Cents,
    date: Date,
    params: &ParameterSet,
) -> Result<Cents, Error> {
    check_amount("netto_uitkering_per_maand", net_monthly)?;
    let mut h = household.clone();
    h.applicant.benefit_gross_monthly = Cents::ZERO;
    let base = detail(&h, date, params)?.amounts.wage_net.get();
    let target = base + net_monthly.get();
    let net_with = |gross: i64, h: &mut Household| -> Result<i64, Error> {
        h.applicant.benefit_gross_monthly = Cents::new(gross);
        Ok(detail(h, date, params)?.amounts.wage_net.get())
    };
    // Net is non-decreasing in the gross benefit, so bisect on whole cents.
    let (mut low, mut high) = (net_monthly.get(), CENTS_MAX / 100);
    if net_with(high, &mut h)? < target {
        return Err(Error::new("netto_uitkering_per_maand", Problem::AmountTooLarge { max_euros: high / 100 }));
    }
    if net_with(low, &mut h)? >= target {
        return Ok(net_monthly);
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if net_with(mid, &mut h)? >= target {
            high = mid;
        } else {
            low = mid;
        }
    }
    Ok(Cents::new(high))
}

// ---------------------------------------------------------------------------
// Validation

fn check_amount(field: &str, amount: Cents) -> Result<(), Error> {
    if amount.get() < 0 {
        return Err(Error::new(field, Problem::NegativeAmount));
    }
    if amount.get() > CENTS_MAX {
        return Err(Error::new(field, Problem::AmountTooLarge { max_euros: CENTS_MAX / 100 }));
    }
    Ok(())
}

fn validate(h: &Household, date: Date) -> Result<(), Error> {
    let born = |field: String, d: Date| {
        if d > date {
            Err(Error::new(field, Problem::AfterCalculationDate { date: d, calculation_date: date }))
        } else {
            Ok(())
        }
    };
    let adult = |name: &str, a: &Adult| -> Result<(), Error> {
        born(format!("{name}.geboortedatum"), a.birth_date)?;
        match a.wage {
            Wage::Monthly(m) => check_amount(&format!("{name}.bruto_loon_per_maand"), m)?,
            Wage::Hourly { hours_per_week, hourly } => {
                if hours_per_week > HOURS_PER_WEEK_MAX {
                    return Err(Error::new(
                        format!("{name}.uren_per_week"),
                        Problem::OutOfRange { min: 0, max: i64::from(HOURS_PER_WEEK_MAX) },
                    ));
                }
                check_amount(&format!("{name}.bruto_uurloon"), hourly)?;
                // hours × hourly × 52 / 12 must stay within the limit too.
                if hourly.get() * i64::from(hours_per_week) * 52 / 12 > CENTS_MAX {
                    return Err(Error::new(
                        format!("{name}.bruto_uurloon"),
                        Problem::AmountTooLarge { max_euros: CENTS_MAX / 100 },
                    ));
                }
            }
        }
        check_amount(&format!("{name}.bruto_uitkering_per_maand"), a.benefit_gross_monthly)
    };
    adult("aanvrager", &h.applicant)?;
    if let Some(p) = &h.partner {
        adult("partner", p)?;
    }
    if h.children.len() > LIST_ITEMS_MAX {
        return Err(Error::new("kinderen", Problem::TooMany { max: LIST_ITEMS_MAX }));
    }
    for (i, k) in h.children.iter().enumerate() {
        born(format!("kinderen[{i}].geboortedatum"), *k)?;
    }
    if usize::from(h.co_residents) > LIST_ITEMS_MAX {
        return Err(Error::new("medebewoners", Problem::TooMany { max: LIST_ITEMS_MAX }));
    }
    check_amount("medebewoners_toetsingsinkomen_per_jaar", h.co_residents_income_yearly)?;
    if let Some(rent) = h.rent {
        check_amount("kale_huur_per_maand", rent)?;
    }
    check_amount("vermogen", h.assets)
}

// ---------------------------------------------------------------------------
// Arithmetic helpers (all rounding named)

/// Whole euros, rounded down, of a non-negative amount.
fn floor_euros(amount: Cents) -> Cents {
    Cents::new(amount.get().max(0) / 100 * 100)
}

/// Whole euros, rounded half up.
fn round_euros(amount: Cents) -> Cents {
    Cents::new(amount.mul_ratio_round_half_up(1, 100).get() * 100)
}

fn sub0(a: Cents, b: Cents) -> Cents {
    Cents::new((a.get() - b.get()).max(0))
}

fn add(a: Cents, b: Cents) -> Cents {
    Cents::new(a.get() + b.get())
}

/// Whole months from the month of `from` to the month of `to`.
fn months_between(from: Date, to: Date) -> i32 {
    (i32::from(to.year()) - i32::from(from.year())) * 12 + i32::from(to.month()) - i32::from(from.month())
}

// ---------------------------------------------------------------------------
// The calculation, as plain numbers

struct Detail {
    amounts: Amounts,
    persons: [Option<PersonTax>; 2],
    health: Health,
    rent: Rent,
    budget: Budget,
    benefit: Benefit,
}

fn detail(h: &Household, date: Date, p: &ParameterSet) -> Result<Detail, Error> {
    validate(h, date)?;
    if date < p.valid_from || date > p.valid_until {
        return Err(Error::new(
            "datum",
            Problem::NotSupported {
                nl: "deze parameters gelden niet op deze datum.",
                en: "these parameters do not apply on this date.",
            },
        ));
    }
    let pension = regels::ParameterSets::embedded()?.for_date(date)?.pension_age.value;
    let year_start = date.first_of_year();
    let young_child = h
        .children
        .iter()
        .any(|b| age_years(*b, year_start) < i32::from(p.credits.combination_child_below.value) && *b <= date);
    let applicant_work = work_income(&h.applicant, p);
    let partner_work = h.partner.as_ref().map(|a| work_income(a, p));
    // Art. 8.14a lid 1 onder c and lid 3: the single parent, or the partner
    // with the lower income from work (at equal income: the older one).
    let combination_to_applicant = young_child
        && match (&h.partner, partner_work) {
            (Some(partner), Some(pw)) => {
                applicant_work < pw || (applicant_work == pw && h.applicant.birth_date <= partner.birth_date)
            }
            _ => true,
        };
    let single = h.partner.is_none();
    let applicant = person_tax(&h.applicant, date, p, pension, combination_to_applicant, single);
    let partner =
        h.partner.as_ref().map(|a| person_tax(a, date, p, pension, young_child && !combination_to_applicant, false));
    let wage_net = add(applicant.net_monthly, partner.map_or(Cents::ZERO, |t| t.net_monthly));
    let toetsingsinkomen = add(applicant.taxable, partner.map_or(Cents::ZERO, |t| t.taxable));

    let health = health(h, p, toetsingsinkomen);
    let rent = rent(h, date, p, toetsingsinkomen);
    let budget = budget(h, date, p, toetsingsinkomen);
    let benefit = child_benefit(h, date, p);
    let total =
        [wage_net, health.monthly, rent.monthly, budget.monthly, benefit.monthly].into_iter().fold(Cents::ZERO, add);
    Ok(Detail {
        amounts: Amounts {
            wage_net,
            zorgtoeslag: health.monthly,
            huurtoeslag: rent.monthly,
            kindgebonden_budget: budget.monthly,
            kinderbijslag: benefit.monthly,
            total,
            toetsingsinkomen,
        },
        persons: [Some(applicant), partner],
        health,
        rent,
        budget,
        benefit,
    })
}

fn monthly_wage(a: &Adult) -> Cents {
    match a.wage {
        Wage::Monthly(m) => m,
        Wage::Hourly { hours_per_week, hourly } => {
            Cents::new(hourly.get() * i64::from(hours_per_week)).mul_ratio_round_half_up(52, 12)
        }
    }
}

/// Arbeidsinkomen per year: twelve monthly wages plus holiday pay.
fn work_income(a: &Adult, p: &ParameterSet) -> Cents {
    let yearly = Cents::new(monthly_wage(a).get() * 12);
    add(yearly, p.wage.holiday_pay.value.of(yearly))
}

/// Box 1 tax by the table of art. 2.10 lid 1.
fn box1_tax(taxable: Cents, p: &ParameterSet) -> Cents {
    let t = &p.income_tax;
    if taxable <= t.limit_1.value {
        t.rate_1.value.of(taxable)
    } else if taxable <= t.limit_2.value {
        add(t.tax_at_limit_1.value, t.rate_2.value.of(sub0(taxable, t.limit_1.value)))
    } else {
        add(t.tax_at_limit_2.value, t.rate_3.value.of(sub0(taxable, t.limit_2.value)))
    }
}

fn premium_rate(p: &ParameterSet, pension_age: bool) -> Rate {
    let pr = &p.premiums;
    let base = pr.anw.value.plus(pr.wlz.value);
    if pension_age { base } else { base.plus(pr.aow.value) }
}

/// Art. 8.3–8.6: share of a credit given at AOW age, as (numerator, denominator).
fn aow_share(p: &ParameterSet) -> (i64, i64) {
    let with = p.income_tax.rate_1.value.plus(premium_rate(p, false));
    let without = p.income_tax.rate_1.value.plus(premium_rate(p, true));
    (without.get(), with.get().max(1))
}

fn general_credit(taxable: Cents, p: &ParameterSet) -> Cents {
    let k = &p.credits;
    sub0(k.general_max.value, k.general_taper.value.of(sub0(taxable, k.general_taper_from.value)))
}

fn work_credit(work: Cents, p: &ParameterSet) -> Cents {
    let k = &p.credits;
    if work.get() <= 0 {
        return Cents::ZERO;
    }
    let a = k.work_a_rate.value.of(work).min(k.work_a_max.value);
    let ab = add(a, k.work_b_rate.value.of(sub0(work, k.work_b_from.value))).min(k.work_b_max.value);
    let abc = add(ab, k.work_c_rate.value.of(sub0(work, k.work_c_from.value))).min(k.work_c_max.value);
    sub0(abc, k.work_d_rate.value.of(sub0(work, k.work_d_from.value)))
}

fn combination_credit(work: Cents, p: &ParameterSet) -> Cents {
    let k = &p.credits;
    if work <= k.combination_from.value {
        return Cents::ZERO;
    }
    k.combination_rate.value.of(sub0(work, k.combination_from.value)).min(k.combination_max.value)
}

fn person_tax(
    a: &Adult,
    date: Date,
    p: &ParameterSet,
    pension: regels::params::PensionAge,
    combination: bool,
    single: bool,
) -> PersonTax {
    let pension_age = reached_pension_age(a.birth_date, date, pension);
    let wage_monthly = monthly_wage(a);
    let wage_yearly = Cents::new(wage_monthly.get() * 12);
    let holiday_pay = p.wage.holiday_pay.value.of(wage_yearly);
    let work_income = add(wage_yearly, holiday_pay);
    let benefit_yearly = Cents::new(a.benefit_gross_monthly.get() * 12);
    let taxable = add(work_income, benefit_yearly);
    let tax = box1_tax(taxable, p);
    let premiums = premium_rate(p, pension_age).of(taxable.min(p.premiums.max_income.value));
    let levy = add(tax, premiums);
    let (num, den) = if pension_age { aow_share(p) } else { (1, 1) };
    let share = |c: Cents| c.mul_ratio_round_half_up(num, den);
    let general_credit = share(general_credit(taxable, p));
    let work_credit = share(work_credit(work_income, p));
    let combination_credit = if combination { share(combination_credit(work_income, p)) } else { Cents::ZERO };
    let k = &p.credits;
    let elderly_credit = if pension_age {
        sub0(k.elderly_max.value, k.elderly_taper.value.of(sub0(taxable, k.elderly_taper_from.value)))
    } else {
        Cents::ZERO
    };
    let elderly_single_credit = if pension_age && single { k.elderly_single.value } else { Cents::ZERO };
    let credits_before_limit = [general_credit, work_credit, combination_credit, elderly_credit, elderly_single_credit]
        .into_iter()
        .fold(Cents::ZERO, add);
    let credits = credits_before_limit.min(levy);
    let net_yearly = add(sub0(taxable, levy), credits);
    let net_monthly = net_yearly.mul_ratio_round_half_up(1, 12);
    PersonTax {
        pension_age,
        wage_monthly,
        wage_yearly,
        holiday_pay,
        benefit_yearly,
        taxable,
        work_income,
        tax,
        premiums,
        levy,
        general_credit,
        work_credit,
        combination_credit,
        elderly_credit,
        elderly_single_credit,
        credits_before_limit,
        credits,
        net_yearly,
        net_monthly,
    }
}

#[derive(Clone, Copy, Default)]
struct Health {
    too_much_assets: bool,
    income_above_limit: bool,
    premium: Cents,
    norm_premium: Cents,
    yearly: Cents,
    monthly: Cents,
}

fn health(h: &Household, p: &ParameterSet, income: Cents) -> Health {
    let z = &p.health;
    let partner = h.partner.is_some();
    let (assets_limit, income_limit, norm_rate, premium) = if partner {
        (z.assets_partner.value, z.income_limit_partner.value, z.norm_partner.value, z.standard_premium.value.get() * 2)
    } else {
        (z.assets_single.value, z.income_limit_single.value, z.norm_single.value, z.standard_premium.value.get())
    };
    let premium = Cents::new(premium);
    let norm_premium =
        add(norm_rate.of(z.threshold_income.value), z.income_rate.value.of(sub0(income, z.threshold_income.value)));
    let mut out = Health {
        too_much_assets: h.assets > assets_limit,
        income_above_limit: income > income_limit,
        premium,
        norm_premium,
        ..Health::default()
    };
    if !out.too_much_assets && !out.income_above_limit {
        out.yearly = round_euros(sub0(premium, norm_premium));
        out.monthly = floor_euros(Cents::new(out.yearly.get() / 12));
    }
    out
}

#[derive(Clone, Copy, Default)]
struct Rent {
    renting: bool,
    too_much_assets: bool,
    rent: Cents,
    persons: u32,
    only_young: bool,
    rent_limit: Cents,
    counted_rent: Cents,
    base_rent: Cents,
    cap: Cents,
    /// Before the income reduction, exact numerator over `RENT_DEN`.
    parts: i128,
    income: Cents,
    income_point: Cents,
    taper: Rate,
    /// Income reduction per month, exact numerator over `RENT_DEN`.
    reduction: i128,
    monthly: Cents,
}

/// Denominator of the exact huurtoeslag arithmetic: cents × 100 000 (rate) × 12 (months).
const RENT_DEN: i128 = (RATE_ONE as i128) * 12;

fn rent(h: &Household, date: Date, p: &ParameterSet, household_income: Cents) -> Rent {
    let r = &p.rent;
    let Some(rent) = h.rent else {
        return Rent::default();
    };
    let partner = h.partner.is_some();
    let persons =
        1 + u32::from(partner) + u32::try_from(h.children.len()).unwrap_or(u32::MAX) + u32::from(h.co_residents);
    let young_age = i32::from(r.young_below.value);
    let only_young = h.children.is_empty()
        && h.co_residents == 0
        && age_years(h.applicant.birth_date, date) < young_age
        && h.partner.as_ref().is_none_or(|a| age_years(a.birth_date, date) < young_age);
    let rent_limit = if only_young { r.max_rent_young.value } else { r.max_rent.value };
    let counted_rent = rent.min(rent_limit);
    let single = persons == 1;
    let base_rent = if single { r.base_rent_single.value } else { r.base_rent_multi.value };
    let cap = if persons <= 2 { r.cap_1_2.value } else { r.cap_3.value };
    let assets_limit = if partner { r.assets_partner.value } else { r.assets_single.value };
    let q = r.quality_limit.value;
    let part = |amount: Cents, rate: Rate| i128::from(amount.get()) * i128::from(rate.get()) * 12;
    let a = part(sub0(counted_rent.min(q), base_rent), r.part_a.value);
    let (b, cc) = if only_young {
        (0, 0)
    } else {
        (
            part(sub0(counted_rent.min(cap), q.max(base_rent)), r.part_b.value),
            part(sub0(counted_rent, cap.max(base_rent)), r.part_c.value),
        )
    };
    let income = add(household_income, h.co_residents_income_yearly);
    let (income_point, taper) = if single {
        (r.income_point_single.value, r.taper_single.value)
    } else {
        (r.income_point_multi.value, r.taper_multi.value)
    };
    let reduction = i128::from(sub0(income, income_point).get()) * i128::from(taper.get());
    let too_much_assets = h.assets > assets_limit;
    let parts = a + b + cc;
    let net = if counted_rent <= base_rent || too_much_assets { 0 } else { (parts - reduction).max(0) };
    // Round down to whole euros: net / RENT_DEN is cents.
    let euros = net / (RENT_DEN * 100);
    let monthly = Cents::new(i64::try_from(euros * 100).unwrap_or(CENTS_MAX));
    Rent {
        renting: true,
        too_much_assets,
        rent,
        persons,
        only_young,
        rent_limit,
        counted_rent,
        base_rent,
        cap,
        parts,
        income,
        income_point,
        taper,
        reduction,
        monthly,
    }
}

/// An exact numerator over `RENT_DEN`, rounded half up to cents for display.
fn rent_cents(numerator: i128) -> Cents {
    let den = RENT_DEN;
    let rounded = (numerator * 2 + den) / (den * 2);
    Cents::new(i64::try_from(rounded).unwrap_or(CENTS_MAX))
}

#[derive(Clone, Copy, Default)]
struct Budget {
    too_much_assets: bool,
    children: u32,
    children_12: u32,
    children_16: u32,
    single_parent: bool,
    maximum: Cents,
    threshold: Cents,
    reduction: Cents,
    yearly: Cents,
    monthly: Cents,
}

fn budget(h: &Household, date: Date, p: &ParameterSet, income: Cents) -> Budget {
    let k = &p.child_budget;
    let (mut children, mut children_12, mut children_16) = (0u32, 0u32, 0u32);
    let months = |years: u8| i32::from(years) * 12;
    for birth in &h.children {
        // Art. 2 lid 1: from the month after birth up to and including the
        // month the child turns 18. Lid 3–5: an increase from the month after
        // the month the child turns 12 (16).
        let m = months_between(*birth, date);
        if m < 1 || m > months(k.age_18.value) {
            continue;
        }
        children += 1;
        if m > months(k.age_16.value) {
            children_16 += 1;
        } else if m > months(k.age_12.value) {
            children_12 += 1;
        }
    }
    let partner = h.partner.is_some();
    let assets_limit = if partner { k.assets_partner.value } else { k.assets_single.value };
    let mut out = Budget { children, children_12, children_16, single_parent: !partner, ..Budget::default() };
    if children == 0 {
        return out;
    }
    let per = |n: u32, amount: Cents| amount.get() * i64::from(n);
    let mut maximum = per(children, k.per_child.value)
        + per(children_12, k.increase_12.value)
        + per(children_16, k.increase_16.value);
    if !partner {
        maximum += k.single_parent.value.get();
    }
    out.maximum = Cents::new(maximum);
    out.threshold =
        if partner { add(k.threshold_income.value, k.partner_threshold_extra.value) } else { k.threshold_income.value };
    out.reduction = k.taper.value.of(sub0(income, out.threshold));
    out.too_much_assets = h.assets > assets_limit;
    if !out.too_much_assets {
        out.yearly = sub0(out.maximum, out.reduction);
        out.monthly = floor_euros(Cents::new(out.yearly.get() / 12));
    }
    out
}

#[derive(Clone, Copy, Default)]
struct Benefit {
    quarter_start: Option<Date>,
    below_6: u32,
    from_6: u32,
    from_12: u32,
    quarterly: Cents,
    monthly: Cents,
}

fn child_benefit(h: &Household, date: Date, p: &ParameterSet) -> Benefit {
    let k = &p.child_benefit;
    let quarter_month = (date.month() - 1) / 3 * 3 + 1;
    let Ok(start) = Date::new(date.year(), quarter_month, 1) else {
        return Benefit::default();
    };
    let mut out = Benefit { quarter_start: Some(start), ..Benefit::default() };
    for birth in &h.children {
        // Art. 11 lid 2 and 12 lid 3: the situation on the first day of the quarter.
        if *birth > start {
            continue;
        }
        let age = age_years(*birth, start);
        if age < i32::from(k.age_6.value) {
            out.below_6 += 1;
        } else if age < i32::from(k.age_12.value) {
            out.from_6 += 1;
        } else if age < i32::from(k.age_18.value) {
            out.from_12 += 1;
        }
    }
    let per = |n: u32, amount: Cents| amount.get() * i64::from(n);
    out.quarterly = Cents::new(
        per(out.below_6, k.below_6.value) + per(out.from_6, k.from_6.value) + per(out.from_12, k.from_12.value),
    );
    out.monthly = out.quarterly.mul_ratio_round_half_up(1, 3);
    out
}

// ---------------------------------------------------------------------------
// The explanation, built from the numbers above

/// A [`Rate`] as a trace value: basis points when exact, else a fraction.
macro_rules! rate_value {
    ($rate:expr) => {{
        let r: Rate = $rate;
        if r.0 % 10 == 0 { Value::Rate(BasisPoints(r.0 / 10)) } else { Value::Ratio(r.get(), RATE_ONE) }
    }};
}

fn cite<T>(param: &Param<T>) -> Cite<'_> {
    Cite::Param(&param.source)
}

fn explain<'p>(d: &Detail, h: &Household, date: Date, p: &'p ParameterSet) -> Trace<'p> {
    let a = &d.amounts;
    let mut net = Trace::new(&c::NETTO_HUISHOUDEN, Cite::None, Value::Cents(a.wage_net));
    for (i, person) in d.persons.iter().enumerate() {
        if let Some(t) = person {
            let who = if i == 0 { &c::C_AANVRAGER } else { &c::C_PARTNER };
            net = net.child(explain_person(t, who, p));
        }
    }
    let income = Trace::new(&c::TOETSINGSINKOMEN, Cite::None, Value::Cents(a.toetsingsinkomen))
        .input(&c::T_PARTNER, Value::Bool(h.partner.is_some()));
    Trace::new(&c::TOTAAL, Cite::None, Value::Cents(a.total))
        .input(&c::T_DATUM, Value::Date(date))
        .input(&c::T_NETTO_LOON, Value::Cents(a.wage_net))
        .input(&c::T_ZORGTOESLAG, Value::Cents(a.zorgtoeslag))
        .input(&c::T_HUURTOESLAG, Value::Cents(a.huurtoeslag))
        .input(&c::T_KGB, Value::Cents(a.kindgebonden_budget))
        .input(&c::T_KINDERBIJSLAG, Value::Cents(a.kinderbijslag))
        .child(net)
        .child(income)
        .child(explain_health(&d.health, a.toetsingsinkomen, h, p))
        .child(explain_rent(&d.rent, p))
        .child(explain_budget(&d.budget, a.toetsingsinkomen, p))
        .child(explain_benefit(&d.benefit, p))
}

fn explain_person<'p>(t: &PersonTax, who: &'static regels::explain::Term, p: &'p ParameterSet) -> Trace<'p> {
    let k = &p.credits;
    let it = &p.income_tax;
    let taxable = Trace::new(&c::BELASTBAAR_INKOMEN, Cite::None, Value::Cents(t.taxable))
        .input(&c::T_BRUTO_LOON_MAAND, Value::Cents(t.wage_monthly))
        .input(&c::T_BRUTO_LOON_JAAR, Value::Cents(t.wage_yearly))
        .input(&c::T_VAKANTIEGELD, Value::Cents(t.holiday_pay))
        .input(&c::T_BRUTO_UITKERING_JAAR, Value::Cents(t.benefit_yearly))
        .child(
            Trace::new(&c::VAKANTIEGELD, cite(&p.wage.holiday_pay), Value::Cents(t.holiday_pay))
                .input(&c::T_PERCENTAGE, rate_value!(p.wage.holiday_pay.value)),
        );
    let (bracket_rate, bracket_cite) = if t.taxable <= it.limit_1.value {
        (it.rate_1.value, cite(&it.rate_1))
    } else if t.taxable <= it.limit_2.value {
        (it.rate_2.value, cite(&it.rate_2))
    } else {
        (it.rate_3.value, cite(&it.rate_3))
    };
    let tax = Trace::new(&c::BELASTING, bracket_cite, Value::Cents(t.tax))
        .input(&c::T_BELASTBAAR, Value::Cents(t.taxable))
        .input(&c::T_PERCENTAGE, rate_value!(bracket_rate));
    let premiums = Trace::new(&c::PREMIES, cite(&p.premiums.max_income), Value::Cents(t.premiums))
        .input(&c::T_PERCENTAGE, rate_value!(premium_rate(p, t.pension_age)))
        .input(&c::T_GRENS, Value::Cents(p.premiums.max_income.value))
        .input(&c::T_AOW_LEEFTIJD, Value::Bool(t.pension_age));
    let mut credits = Trace::new(&c::KORTINGEN, Cite::Param(&k.limited_to_tax), Value::Cents(t.credits))
        .input(&c::T_KORTINGEN, Value::Cents(t.credits_before_limit))
        .input(&c::T_HEFFING, Value::Cents(t.levy))
        .child(
            Trace::new(&c::AHK, cite(&k.general_max), Value::Cents(t.general_credit))
                .input(&c::T_MAXIMUM, Value::Cents(k.general_max.value))
                .input(&c::T_GRENS, Value::Cents(k.general_taper_from.value))
                .input(&c::T_PERCENTAGE, rate_value!(k.general_taper.value))
                .input(&c::T_BELASTBAAR, Value::Cents(t.taxable)),
        )
        .child(
            Trace::new(&c::ARBEIDSKORTING, cite(&k.work_a_rate), Value::Cents(t.work_credit))
                .input(&c::T_ARBEIDSINKOMEN, Value::Cents(t.work_income))
                .input(&c::T_MAXIMUM, Value::Cents(k.work_c_max.value)),
        );
    if t.combination_credit > Cents::ZERO {
        credits = credits.child(
            Trace::new(&c::IACK, cite(&k.combination_rate), Value::Cents(t.combination_credit))
                .input(&c::T_ARBEIDSINKOMEN, Value::Cents(t.work_income))
                .input(&c::T_GRENS, Value::Cents(k.combination_from.value))
                .input(&c::T_PERCENTAGE, rate_value!(k.combination_rate.value))
                .input(&c::T_MAXIMUM, Value::Cents(k.combination_max.value)),
        );
    }
    if t.pension_age {
        let (num, den) = aow_share(p);
        credits = credits.child(Trace::new(&c::AOW_DEEL, Cite::Param(&k.aow_share), Value::Ratio(num, den))).child(
            Trace::new(&c::OUDERENKORTING, cite(&k.elderly_max), Value::Cents(t.elderly_credit))
                .input(&c::T_MAXIMUM, Value::Cents(k.elderly_max.value))
                .input(&c::T_GRENS, Value::Cents(k.elderly_taper_from.value)),
        );
        if t.elderly_single_credit > Cents::ZERO {
            credits = credits.child(Trace::new(
                &c::ALLEENSTAANDE_OUDERENKORTING,
                cite(&k.elderly_single),
                Value::Cents(t.elderly_single_credit),
            ));
        }
    }
    if t.credits < t.credits_before_limit {
        credits = credits.child(
            Trace::new(&c::KORTING_BEGRENSD, Cite::Param(&k.limited_to_tax), Value::Cents(t.credits))
                .input(&c::T_HEFFING, Value::Cents(t.levy)),
        );
    }
    Trace::new(&c::NETTO_PERSOON, Cite::None, Value::Cents(t.net_monthly))
        .input(&c::T_PERSOON, Value::Choice(who))
        .input(&c::T_NETTO_JAAR, Value::Cents(t.net_yearly))
        .input(&c::T_BELASTING, Value::Cents(t.tax))
        .input(&c::T_PREMIES, Value::Cents(t.premiums))
        .input(&c::T_KORTINGEN, Value::Cents(t.credits))
        .child(taxable)
        .child(tax)
        .child(premiums)
        .child(credits)
}

fn explain_health<'p>(z: &Health, income: Cents, h: &Household, p: &'p ParameterSet) -> Trace<'p> {
    let hp = &p.health;
    let mut t = Trace::new(&c::ZORGTOESLAG, Cite::Param(&hp.rounding), Value::Cents(z.monthly))
        .input(&c::T_TOETSINGSINKOMEN, Value::Cents(income))
        .input(&c::T_STANDAARDPREMIE, Value::Cents(z.premium))
        .input(&c::T_NORMPREMIE, Value::Cents(z.norm_premium))
        .input(&c::T_JAARBEDRAG, Value::Cents(z.yearly))
        .child(
            Trace::new(
                &c::NORMPREMIE,
                cite(if h.partner.is_some() { &hp.norm_partner } else { &hp.norm_single }),
                Value::Cents(z.norm_premium),
            )
            .input(&c::T_DREMPELINKOMEN, Value::Cents(hp.threshold_income.value))
            .input(&c::T_PERCENTAGE, rate_value!(hp.income_rate.value)),
        );
    if z.too_much_assets {
        let limit = if h.partner.is_some() { &hp.assets_partner } else { &hp.assets_single };
        t = t.child(
            Trace::new(&c::GEEN_ZORGTOESLAG_VERMOGEN, cite(limit), Value::Cents(Cents::ZERO))
                .input(&c::T_VERMOGEN, Value::Cents(h.assets))
                .input(&c::T_GRENS, Value::Cents(limit.value)),
        );
    }
    if z.income_above_limit {
        let limit = if h.partner.is_some() { &hp.income_limit_partner } else { &hp.income_limit_single };
        t = t.child(
            Trace::new(&c::GEEN_ZORGTOESLAG_INKOMEN, cite(limit), Value::Cents(Cents::ZERO))
                .input(&c::T_TOETSINGSINKOMEN, Value::Cents(income))
                .input(&c::T_GRENS, Value::Cents(limit.value)),
        );
    }
    t
}

fn explain_rent<'p>(r: &Rent, p: &'p ParameterSet) -> Trace<'p> {
    let rp = &p.rent;
    if !r.renting {
        return Trace::new(&c::GEEN_HUUR, Cite::Param(&rp.rounding), Value::Cents(Cents::ZERO));
    }
    let mut t = Trace::new(&c::HUURTOESLAG, Cite::Param(&rp.rounding), Value::Cents(r.monthly))
        .input(&c::T_KALE_HUUR, Value::Cents(r.rent))
        .input(&c::T_PERSONEN, Value::Count(r.persons))
        .child(
            Trace::new(
                &c::REKENHUUR,
                cite(if r.only_young { &rp.max_rent_young } else { &rp.max_rent }),
                Value::Cents(r.counted_rent),
            )
            .input(&c::T_KALE_HUUR, Value::Cents(r.rent))
            .input(&c::T_HUURGRENS, Value::Cents(r.rent_limit))
            .input(&c::T_ALLEEN_JONGEREN, Value::Bool(r.only_young)),
        )
        .child(
            Trace::new(&c::HUUR_DELEN, cite(&rp.part_b), Value::Cents(rent_cents(r.parts)))
                .input(&c::T_BASISHUUR, Value::Cents(r.base_rent))
                .input(&c::T_KWALITEITSKORTINGSGRENS, Value::Cents(rp.quality_limit.value))
                .input(&c::T_AFTOPPINGSGRENS, Value::Cents(r.cap)),
        )
        .child(
            Trace::new(&c::HUUR_AFBOUW, cite(&rp.taper_single), Value::Cents(rent_cents(r.reduction)))
                .input(&c::T_TOETSINGSINKOMEN, Value::Cents(r.income))
                .input(&c::T_INKOMENSIJKPUNT, Value::Cents(r.income_point))
                .input(&c::T_PERCENTAGE, rate_value!(r.taper)),
        );
    if r.too_much_assets {
        t = t.child(Trace::new(&c::GEEN_HUURTOESLAG_VERMOGEN, cite(&rp.assets_single), Value::Cents(Cents::ZERO)));
    }
    t
}

fn explain_budget<'p>(b: &Budget, income: Cents, p: &'p ParameterSet) -> Trace<'p> {
    let k = &p.child_budget;
    let mut t = Trace::new(&c::KGB, Cite::Param(&k.rounding), Value::Cents(b.monthly))
        .input(&c::T_KINDEREN, Value::Count(b.children))
        .input(&c::T_KINDEREN_12_15, Value::Count(b.children_12))
        .input(&c::T_KINDEREN_16_17, Value::Count(b.children_16))
        .input(&c::T_ALLEENSTAANDE_OUDER, Value::Bool(b.single_parent && b.children > 0))
        .input(&c::T_MAXIMUM, Value::Cents(b.maximum))
        .input(&c::T_JAARBEDRAG, Value::Cents(b.yearly));
    if b.children > 0 {
        t = t.child(
            Trace::new(&c::KGB_AFBOUW, cite(&k.taper), Value::Cents(b.reduction))
                .input(&c::T_TOETSINGSINKOMEN, Value::Cents(income))
                .input(&c::T_GRENS, Value::Cents(b.threshold))
                .input(&c::T_PERCENTAGE, rate_value!(k.taper.value)),
        );
    }
    if b.too_much_assets {
        t = t.child(Trace::new(&c::GEEN_KGB_VERMOGEN, cite(&k.assets_single), Value::Cents(Cents::ZERO)));
    }
    t
}

fn explain_benefit<'p>(b: &Benefit, p: &'p ParameterSet) -> Trace<'p> {
    let k = &p.child_benefit;
    let mut t = Trace::new(&c::KINDERBIJSLAG, Cite::Param(&k.per_month), Value::Cents(b.monthly))
        .input(&c::T_KINDEREN_0_5, Value::Count(b.below_6))
        .input(&c::T_KINDEREN_6_11, Value::Count(b.from_6))
        .input(&c::T_KINDEREN_12_15, Value::Count(b.from_12))
        .input(&c::T_PER_KWARTAAL, Value::Cents(b.quarterly));
    if let Some(start) = b.quarter_start {
        t = t.input(&c::T_DATUM, Value::Date(start));
    }
    t
}
