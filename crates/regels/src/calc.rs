//! The calculation of algemene bijstand for one household in one month.
//!
//! Reading order follows the law: the norm (art. 20–22, 22a with 19a), then
//! the income that counts (art. 31–32) with the vrijlating (31 lid 2 n, r, y;
//! lid 5), then the bijstand (19 lid 2) and the vakantietoeslag in it (19 lid 3).
//! Every step returns its amount together with its explanation.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::catalog as c;
use crate::error::{Error, Problem};
use crate::explain::{Cite, Rule, Term, Trace, Value};
use crate::household::{Adult, Agreement, CoResident, Household, IncomeKind, Relation, Study};
use crate::input::LIST_ITEMS_MAX;
use crate::money::{CENTS_MAX, Cents};
use crate::params::{Disregard, Param, ParameterSet, ParameterSets, PensionAge};
use crate::variant::Variant;

/// The outcome for one household and one month, all amounts per month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome<'p> {
    /// The date the calculation is for.
    pub date: Date,
    /// The parameter set that was in force on that date.
    pub valid_from: Date,
    /// False when the law gives no right at all (applicant under 18).
    pub entitled: bool,
    /// The *bijstandsnorm*, including vakantietoeslag.
    pub norm: Cents,
    /// All net income that counts, before the vrijlating.
    pub income_counted: Cents,
    /// The *inkomstenvrijlating*.
    pub disregard: Cents,
    /// Income taken off the norm: `income_counted − disregard`.
    pub income_deducted: Cents,
    /// The *algemene bijstand*: `max(0, norm − income_deducted)`, art. 19 lid 2.
    pub bijstand: Cents,
    /// The part of the bijstand that is vakantietoeslag (art. 19 lid 3),
    /// reserved each month and paid out once a year.
    pub holiday_allowance: Cents,
    /// Paid out this month: `bijstand − holiday_allowance`.
    pub payable: Cents,
    /// The policy variant the calculation used; `None` for the law alone.
    pub variant: Option<&'p Variant>,
    /// Lowering by a *maatregel* (art. 18 lid 2), included in `bijstand`.
    pub sanction: Cents,
    /// Fixed lowering by the variant (`korting`), included in `bijstand`.
    pub package_reduction: Cents,
    /// The part of `package_reduction` saved for the *uitstroompremie*.
    pub exit_premium_saved: Cents,
    /// Under `verdeling_inkomsten`: the earnings per destination
    /// (`deelnemer`, `de_plek`, `fonds`, …). Empty otherwise.
    pub earnings_split: Vec<(&'p str, Cents)>,
    pub trace: Trace<'p>,
}

/// Calculates with the parameters compiled into this crate, picking the set in
/// force on `date`.
pub fn calculate_embedded(household: &Household, date: Date) -> Result<Outcome<'static>, Error> {
    let params = ParameterSets::embedded()?.for_date(date)?;
    calculate(household, date, params)
}

/// Calculates the bijstand of `household` for `date` under `params`.
///
/// The caller is responsible for choosing `params` in force on `date`
/// ([`ParameterSets::for_date`]); policy variants pass their own set.
pub fn calculate<'p>(household: &Household, date: Date, params: &'p ParameterSet) -> Result<Outcome<'p>, Error> {
    calculate_inner(household, date, params, None, true)
}

/// Calculates the bijstand of `household` for `date` under `params`, with the
/// changes of a policy variant (a *Bijstand op maat* package or an experiment
/// arm). The base variant gives exactly the result of [`calculate`].
pub fn calculate_variant<'p>(
    household: &Household,
    date: Date,
    params: &'p ParameterSet,
    variant: &'p Variant,
) -> Result<Outcome<'p>, Error> {
    calculate_inner(household, date, params, Some(variant), true)
}

/// The same calculation as [`calculate_variant`] (or [`calculate`] with
/// `variant: None`), for the amounts only: no explanation tree is built, so
/// `trace` is quiet (it reads as one empty step). For bulk work
/// (`microsim`); every amount is identical to the explained calculation,
/// because it is the same code with the recording switched off.
pub fn calculate_amounts<'p>(
    household: &Household,
    date: Date,
    params: &'p ParameterSet,
    variant: Option<&'p Variant>,
) -> Result<Outcome<'p>, Error> {
    calculate_inner(household, date, params, variant, false)
}

fn calculate_inner<'p>(
    household: &Household,
    date: Date,
    params: &'p ParameterSet,
    variant: Option<&'p Variant>,
    explain: bool,
) -> Result<Outcome<'p>, Error> {
    validate(household, date)?;
    let ctx = Ctx { date, params, variant, explain };
    let applicant_band = ctx.band(household.applicant.birth_date);
    if applicant_band == Band::Minor {
        return Ok(not_entitled(&ctx, household));
    }
    let (norm, norm_trace) = ctx.norm(household)?;
    let income = ctx.income(household);
    debug_assert!(income.disregard <= income.counted);
    let income_deducted = Cents::new(income.counted.get() - income.disregard.get());

    let before_variant = Cents::new((norm.get() - income_deducted.get()).max(0));
    let mut bijstand_trace = ctx
        .step(&c::BIJSTAND, ctx.article("19.2"), Value::Cents(before_variant))
        .input(&c::T_NORM, Value::Cents(norm))
        .input(&c::T_INKOMSTEN, Value::Cents(income_deducted))
        .child(norm_trace)
        .child(income.trace);
    let mut bijstand = before_variant;
    let (sanction, sanction_trace) = ctx.sanction(household, norm, bijstand)?;
    if let Some(t) = sanction_trace {
        bijstand = Cents::new(bijstand.get() - sanction.get());
        bijstand_trace = ctx
            .step(&c::BIJSTAND_NA_MAATREGEL, ctx.article("18.2"), Value::Cents(bijstand))
            .input(&c::T_BIJSTAND, Value::Cents(before_variant))
            .input(&c::T_VERLAGING, Value::Cents(sanction))
            .child(bijstand_trace)
            .child(t);
    }
    let mut package_reduction = Cents::ZERO;
    let mut exit_premium_saved = Cents::ZERO;
    if let Some(r) = variant.and_then(|v| v.reduction.as_ref()) {
        let before = bijstand;
        package_reduction = r.amount.min(bijstand);
        bijstand = Cents::new(bijstand.get() - package_reduction.get());
        if r.exit_premium {
            exit_premium_saved = package_reduction;
        }
        let rule = if r.exit_premium { &c::PAKKET_KORTING_PREMIE } else { &c::PAKKET_KORTING };
        bijstand_trace = ctx
            .step(rule, Cite::Param(&r.source), Value::Cents(bijstand))
            .input(&c::T_BIJSTAND, Value::Cents(before))
            .input(&c::T_KORTING, Value::Cents(r.amount))
            .input(&c::T_INGEHOUDEN, Value::Cents(package_reduction))
            .child(bijstand_trace);
    }
    let earnings_split = income.split;
    let vt_rate = &ctx.params.holiday_allowance;
    let holiday_allowance = bijstand.percentage(vt_rate.value);
    let payable = Cents::new(bijstand.get() - holiday_allowance.get());

    // Invariants the rest of the platform relies on.
    assert!(bijstand.get() >= 0 && payable.get() >= 0 && holiday_allowance.get() >= 0);
    assert!(bijstand <= norm, "bijstand can never exceed the norm");
    assert_eq!(payable.get() + holiday_allowance.get(), bijstand.get());
    assert_eq!(bijstand.get() + sanction.get() + package_reduction.get(), before_variant.get());
    let vt_trace = ctx
        .step(&c::VAKANTIETOESLAG, Cite::Param(&vt_rate.source), Value::Cents(holiday_allowance))
        .input(&c::T_BIJSTAND, Value::Cents(bijstand))
        .input(&c::T_PERCENTAGE, Value::Rate(vt_rate.value));
    let mut trace = ctx
        .step(&c::UITKERING, Cite::None, Value::Cents(payable))
        .input(&c::T_DATUM, Value::Date(date))
        .input(&c::T_BIJSTAND, Value::Cents(bijstand))
        .input(&c::T_VAKANTIETOESLAG, Value::Cents(holiday_allowance))
        .child(bijstand_trace)
        .child(vt_trace);
    if let Some(v) = variant {
        trace = trace.child(variant_trace(&ctx, v));
    }
    Ok(Outcome {
        date,
        valid_from: params.valid_from,
        entitled: true,
        norm,
        income_counted: income.counted,
        disregard: income.disregard,
        income_deducted,
        bijstand,
        holiday_allowance,
        payable,
        variant,
        sanction,
        package_reduction,
        exit_premium_saved,
        earnings_split,
        trace,
    })
}

/// The package itself: its name, basis and conditions, as the last step of
/// the explanation.
fn variant_trace<'p>(ctx: &Ctx<'p>, v: &'p Variant) -> Trace<'p> {
    let mut t = ctx.step(&c::PAKKET, Cite::Param(&v.basis), Value::Text(&v.name));
    for condition in &v.conditions {
        t = t.child(ctx.step(&c::PAKKET_VOORWAARDE, Cite::None, Value::Text(condition)));
    }
    t
}

fn not_entitled<'p>(ctx: &Ctx<'p>, household: &Household) -> Outcome<'p> {
    let age = age_years(household.applicant.birth_date, ctx.date);
    let trace = ctx
        .step(&c::GEEN_RECHT_ONDER_18, ctx.article("13.1.f"), Value::Cents(Cents::ZERO))
        .input(&c::T_LEEFTIJD, Value::Years(age));
    Outcome {
        date: ctx.date,
        valid_from: ctx.params.valid_from,
        entitled: false,
        norm: Cents::ZERO,
        income_counted: Cents::ZERO,
        disregard: Cents::ZERO,
        income_deducted: Cents::ZERO,
        bijstand: Cents::ZERO,
        holiday_allowance: Cents::ZERO,
        payable: Cents::ZERO,
        variant: ctx.variant,
        sanction: Cents::ZERO,
        package_reduction: Cents::ZERO,
        exit_premium_saved: Cents::ZERO,
        earnings_split: Vec::new(),
        trace,
    }
}

/// Checks what the input parser checks too, for households built in code:
/// bounded lists and amounts (so no sum can overflow) and no one born after
/// the calculation date.
fn validate(h: &Household, date: Date) -> Result<(), Error> {
    // Field names are formatted only when there is an error: this runs for
    // every household in bulk work too.
    let born = |field: &dyn Fn() -> String, d: Date| {
        if d > date {
            Err(Error::new(field(), Problem::AfterCalculationDate { date: d, calculation_date: date }))
        } else {
            Ok(())
        }
    };
    let adult = |name: &str, a: &Adult| -> Result<(), Error> {
        born(&|| format!("{name}.geboortedatum"), a.birth_date)?;
        if a.income.len() > LIST_ITEMS_MAX {
            return Err(Error::new(format!("{name}.inkomsten"), Problem::TooMany { max: LIST_ITEMS_MAX }));
        }
        for (i, item) in a.income.iter().enumerate() {
            let field = || format!("{name}.inkomsten[{i}].netto_per_maand_cent");
            if item.net_monthly.get() < 0 {
                return Err(Error::new(field(), Problem::NegativeAmount));
            }
            if item.net_monthly.get() > CENTS_MAX {
                return Err(Error::new(field(), Problem::AmountTooLarge { max_euros: CENTS_MAX / 100 }));
            }
        }
        Ok(())
    };
    adult("aanvrager", &h.applicant)?;
    if let Some(p) = &h.partner {
        adult("partner", p)?;
    }
    if h.children.len() > LIST_ITEMS_MAX {
        return Err(Error::new("kinderen", Problem::TooMany { max: LIST_ITEMS_MAX }));
    }
    if h.co_residents.len() > LIST_ITEMS_MAX {
        return Err(Error::new("medebewoners", Problem::TooMany { max: LIST_ITEMS_MAX }));
    }
    for (i, k) in h.children.iter().enumerate() {
        born(&|| format!("kinderen[{i}].geboortedatum"), k.birth_date)?;
    }
    for (i, m) in h.co_residents.iter().enumerate() {
        born(&|| format!("medebewoners[{i}].geboortedatum"), m.birth_date)?;
    }
    Ok(())
}

/// Age bands the norms distinguish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Band {
    Minor,
    /// 18, 19 or 20.
    Young,
    /// 21 up to the pension age.
    Adult,
    /// At or above the *pensioengerechtigde leeftijd*.
    Pension,
}

/// Completed years of age on `date`. Someone born on 29 February turns a year
/// older on 1 March in a non-leap year.
pub fn age_years(birth: Date, date: Date) -> i32 {
    let mut years = i32::from(date.year()) - i32::from(birth.year());
    if (date.month(), date.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Whether the person has reached the pension age on `date`.
pub fn reached_pension_age(birth: Date, date: Date, age: PensionAge) -> bool {
    let span = i64::from(age.years).years().months(i64::from(age.months));
    match birth.checked_add(span) {
        Ok(reached_on) => reached_on <= date,
        Err(_) => false,
    }
}

/// Calendar month number of `date` counted from the month of `start`
/// (the month of `start` is month 1).
fn month_number(start: Date, date: Date) -> i32 {
    (i32::from(date.year()) - i32::from(start.year())) * 12 + i32::from(date.month()) - i32::from(start.month()) + 1
}

struct Ctx<'p> {
    date: Date,
    params: &'p ParameterSet,
    variant: Option<&'p Variant>,
    explain: bool,
}

struct Steps<'p> {
    items: Vec<Trace<'p>>,
    record: bool,
}

impl<'p> Steps<'p> {
    fn push(&mut self, t: Trace<'p>) {
        if self.record {
            self.items.push(t);
        }
    }
}

impl<'p> IntoIterator for Steps<'p> {
    type Item = Trace<'p>;
    type IntoIter = std::vec::IntoIter<Trace<'p>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

struct Income<'p> {
    counted: Cents,
    disregard: Cents,
    split: Vec<(&'p str, Cents)>,
    trace: Trace<'p>,
}

impl<'p> Ctx<'p> {
    /// A list of sub-steps that stays empty (and allocates nothing) when only
    /// amounts are asked.
    fn steps(&self) -> Steps<'p> {
        Steps { items: Vec::new(), record: self.explain }
    }

    /// One step of the explanation; a quiet one when only amounts are asked.
    fn step(&self, rule: &'static Rule, cite: Cite<'p>, output: Value<'p>) -> Trace<'p> {
        if self.explain { Trace::new(rule, cite, output) } else { Trace::quiet() }
    }

    fn article(&self, article: &'static str) -> Cite<'p> {
        Cite::Article { article, law_url: &self.params.law_url }
    }

    fn band(&self, birth: Date) -> Band {
        let age = age_years(birth, self.date);
        if age < 18 {
            Band::Minor
        } else if self.at_pension_age(birth, age) {
            Band::Pension
        } else if age < 21 {
            Band::Young
        } else {
            Band::Adult
        }
    }

    /// [`reached_pension_age`], with the calendar arithmetic only for people
    /// near that age: with the pension age at Y years and M (0–11) months,
    /// whoever is Y + 1 or older has reached it and whoever is younger than
    /// Y − 1 has not (Y − 1 still needs the check: a 29 February birthday
    /// plus Y years is 28 February, a day before `age_years` counts Y).
    fn at_pension_age(&self, birth: Date, age: i32) -> bool {
        let pension = self.params.pension_age.value;
        let y = i32::from(pension.years);
        let reached = if age > y {
            true
        } else if age < y - 1 {
            false
        } else {
            reached_pension_age(birth, self.date, pension)
        };
        debug_assert_eq!(reached, reached_pension_age(birth, self.date, pension), "{birth} on {}", self.date);
        reached
    }

    fn amount(&self, rule: &'static Rule, p: &'p Param<Cents>) -> (Cents, Trace<'p>) {
        (p.value, self.step(rule, Cite::Param(&p.source), Value::Cents(p.value)))
    }

    // --- Norm ---------------------------------------------------------------

    fn norm(&self, h: &Household) -> Result<(Cents, Trace<'p>), Error> {
        let n = &self.params.norms;
        let a_band = self.band(h.applicant.birth_date);
        let p_band = h.partner.as_ref().map(|p| self.band(p.birth_date));
        let children_under_18 = h.children.iter().filter(|k| age_years(k.birth_date, self.date) < 18).count();
        let has_children = children_under_18 > 0;
        let (sharers, sharers_trace) = self.cost_sharers(h);

        let situation = match (&h.partner, has_children) {
            (Some(_), _) => &c::C_GEHUWDEN,
            (None, true) => &c::C_ALLEENSTAANDE_OUDER,
            (None, false) => &c::C_ALLEENSTAANDE,
        };
        let mut situation_trace = self
            .step(&c::LEEFSITUATIE, Cite::Param(&self.params.pension_age.source), Value::Choice(situation))
            .input(&c::T_LEEFTIJD, Value::Years(age_years(h.applicant.birth_date, self.date)));
        if let Some(p) = &h.partner {
            situation_trace =
                situation_trace.input(&c::T_LEEFTIJD_PARTNER, Value::Years(age_years(p.birth_date, self.date)));
        }
        situation_trace = situation_trace
            .input(&c::T_KINDEREN, Value::Count(u32::try_from(children_under_18).unwrap_or(u32::MAX)))
            .input(&c::T_AOW_LEEFTIJD, Value::Years(i32::from(self.params.pension_age.value.years)));

        // Art. 22a lid 4: no kostendelersnorm while giving mantelzorg elsewhere.
        let mut steps = self.steps();
        steps.push(situation_trace);
        steps.push(sharers_trace);
        let mut cost_sharing = sharers > 0;
        if cost_sharing && h.mantelzorg_elsewhere {
            match &self.params.cost_sharing.mantelzorg_exception {
                Some(source) => {
                    steps.push(self.step(&c::MANTELZORG_UITZONDERING, Cite::Param(source), Value::Nothing));
                    cost_sharing = false;
                }
                None => steps.push(self.step(&c::MANTELZORG_NIET_VAN_KRACHT, Cite::None, Value::Nothing)),
            }
        }

        if p_band == Some(Band::Minor) {
            return Err(Error::new(
                "partner.geboortedatum",
                Problem::NotSupported {
                    nl: "een partner jonger dan 18 jaar heeft zelf geen recht op bijstand (artikel 13 en 24); dat rekenen we nog niet uit.",
                    en: "a partner under 18 has no right to assistance (articles 13 and 24); this is not calculated yet.",
                },
            ));
        }

        let (norm, trace) = match (a_band, p_band) {
            (Band::Minor, _) | (_, Some(Band::Minor)) => unreachable!("handled above"),
            // Single or single parent.
            (Band::Young, None) => {
                let (rule, p) = if has_children {
                    (&c::NORM_ALLEENSTAANDE_OUDER_18_20, &n.single_parent_18_20)
                } else {
                    (&c::NORM_ALLEENSTAANDE_18_20, &n.single_18_20)
                };
                let young = [&h.applicant];
                let (norm, mut t) = self.young_norm(rule, p, &young, &n.single_21);
                if cost_sharing {
                    t = t.child(self.step(&c::KOSTENDELERSNORM_NIET_ONDER_21, self.article("22a.1"), Value::Nothing));
                }
                (norm, t)
            }
            (Band::Adult, None) if cost_sharing => self.cost_sharing_norm(sharers + 1, &[&n.couple_21]),
            (Band::Adult, None) => self.amount(&c::NORM_ALLEENSTAANDE_21, &n.single_21),
            (Band::Pension, None) if cost_sharing => self.cost_sharing_norm(sharers + 1, &[&n.couple_both_pension_age]),
            (Band::Pension, None) => self.amount(&c::NORM_ALLEENSTAANDE_AOW, &n.single_pension_age),
            // Couples.
            (Band::Young, Some(Band::Young)) => {
                let (rule, p) = if has_children {
                    (&c::NORM_GEHUWDEN_BEIDEN_18_20_KINDEREN, &n.couple_both_18_20_children)
                } else {
                    (&c::NORM_GEHUWDEN_BEIDEN_18_20, &n.couple_both_18_20)
                };
                let young: Vec<&Adult> = std::iter::once(&h.applicant).chain(h.partner.as_ref()).collect();
                let (norm, mut t) = self.young_norm(rule, p, &young, &n.couple_21);
                if cost_sharing {
                    t = t.child(self.step(&c::KOSTENDELERSNORM_NIET_ONDER_21, self.article("22a.1"), Value::Nothing));
                }
                (norm, t)
            }
            (Band::Young, Some(Band::Adult)) | (Band::Adult, Some(Band::Young)) => {
                let young_one =
                    if a_band == Band::Young { &h.applicant } else { h.partner.as_ref().unwrap_or(&h.applicant) };
                if cost_sharing {
                    self.young_spouse_cost_sharing_norm(sharers, has_children)?
                } else {
                    let (rule, p) = if has_children {
                        (&c::NORM_GEHUWDEN_EEN_18_20_KINDEREN, &n.couple_one_18_20_children)
                    } else {
                        (&c::NORM_GEHUWDEN_EEN_18_20, &n.couple_one_18_20)
                    };
                    self.young_norm(rule, p, &[young_one], &n.couple_21)
                }
            }
            (Band::Young, Some(Band::Pension)) | (Band::Pension, Some(Band::Young)) => {
                return Err(Error::new(
                    "partner.geboortedatum",
                    Problem::NotSupported {
                        nl: "partners van wie één 18, 19 of 20 jaar is en de ander de AOW-leeftijd heeft, noemt de wet niet apart; dat rekenen we nog niet uit.",
                        en: "partners of whom one is 18 to 20 and the other at AOW age are not named separately in the law; this is not calculated yet.",
                    },
                ));
            }
            (Band::Adult, Some(Band::Adult)) if cost_sharing => {
                self.cost_sharing_norm(sharers + 2, &[&n.couple_21, &n.couple_21])
            }
            (Band::Adult, Some(Band::Adult)) => self.amount(&c::NORM_GEHUWDEN_21, &n.couple_21),
            (Band::Adult, Some(Band::Pension)) | (Band::Pension, Some(Band::Adult)) if cost_sharing => {
                // Art. 22a lid 1, B: 22.c for the spouse below pension age,
                // 22.b for the spouse at pension age.
                self.cost_sharing_norm(sharers + 2, &[&n.couple_one_pension_age, &n.couple_both_pension_age])
            }
            (Band::Adult, Some(Band::Pension)) | (Band::Pension, Some(Band::Adult)) => {
                self.amount(&c::NORM_GEHUWDEN_EEN_AOW, &n.couple_one_pension_age)
            }
            (Band::Pension, Some(Band::Pension)) if cost_sharing => {
                self.cost_sharing_norm(sharers + 2, &[&n.couple_both_pension_age, &n.couple_both_pension_age])
            }
            (Band::Pension, Some(Band::Pension)) => {
                self.amount(&c::NORM_GEHUWDEN_BEIDEN_AOW, &n.couple_both_pension_age)
            }
        };
        steps.push(trace);
        Ok((norm, self.step(&c::NORM, Cite::None, Value::Cents(norm)).children(steps)))
    }

    /// Art. 20 norm plus the increase of lid 3 for each young person who
    /// cannot rely on their parents, capped by lid 4 at the comparable norm
    /// from age 21.
    fn young_norm(
        &self,
        rule: &'static Rule,
        base: &'p Param<Cents>,
        young: &[&Adult],
        cap: &'p Param<Cents>,
    ) -> (Cents, Trace<'p>) {
        let (mut norm, base_trace) = self.amount(rule, base);
        let wanting = young.iter().filter(|a| a.cannot_rely_on_parents).count();
        if wanting == 0 {
            return (norm, base_trace);
        }
        let Some(increase) = &self.params.norms.young_without_parents_increase else {
            let t = base_trace.child(self.step(&c::VERHOGING_18_20_NIET_VAN_KRACHT, Cite::None, Value::Nothing));
            return (norm, t);
        };
        let mut steps = self.steps();
        steps.push(base_trace);
        for _ in 0..wanting {
            norm = Cents::new(norm.get() + increase.value.get());
            steps.push(self.step(&c::VERHOGING_18_20, Cite::Param(&increase.source), Value::Cents(increase.value)));
        }
        if norm > cap.value {
            steps.push(
                self.step(&c::MAXIMUM_18_20, self.article("20.4"), Value::Cents(cap.value))
                    .input(&c::T_NORM, Value::Cents(norm))
                    .input(&c::T_NORM_21, Value::Cents(cap.value)),
            );
            norm = cap.value;
        }
        (norm, self.step(&c::NORM_18_20_MET_VERHOGING, self.article("20.3"), Value::Cents(norm)).children(steps))
    }

    /// Art. 22a lid 1 and 2: one kostendelersnorm per entitled adult (one B
    /// each), summed for a couple.
    fn cost_sharing_norm(&self, a: u32, bs: &[&'p Param<Cents>]) -> (Cents, Trace<'p>) {
        let cs = &self.params.cost_sharing;
        let (numerator, denominator) = kostendelers_factor(a, cs.base_percent.value, cs.per_person_percent.value);
        let mut total = Cents::ZERO;
        let mut steps = self.steps();
        for b in bs {
            let per_person = kostendelersnorm(b.value, a, cs.base_percent.value, cs.per_person_percent.value);
            total = Cents::new(total.get() + per_person.get());
            steps.push(
                self.step(&c::KOSTENDELERSNORM_PERSOON, Cite::Param(&cs.base_percent.source), Value::Cents(per_person))
                    .input(&c::T_A, Value::Count(a))
                    .input(&c::T_B, Value::Cents(b.value))
                    .input(&c::T_FACTOR, Value::Ratio(numerator, denominator)),
            );
        }
        let trace = self
            .step(&c::KOSTENDELERSNORM, Cite::Param(&cs.base_percent.source), Value::Cents(total))
            .input(&c::T_A, Value::Count(a))
            .children(steps);
        (total, trace)
    }

    /// Art. 22a lid 3: a fixed amount for the young spouse plus the
    /// kostendelersnorm of the spouse aged 21 or over (A counts that spouse
    /// and the kostendelers; the young spouse is not counted).
    fn young_spouse_cost_sharing_norm(&self, sharers: u32, has_children: bool) -> Result<(Cents, Trace<'p>), Error> {
        let cs = &self.params.cost_sharing;
        let fixed = if has_children { &cs.young_spouse_children } else { &cs.young_spouse_no_children };
        let Some(fixed) = fixed else {
            return Err(Error::new(
                "datum",
                Problem::NotSupported {
                    nl: "partners van wie één 18, 19 of 20 jaar is, met kostendelers, vóór 2026: die regel staat nog niet in onze bedragen.",
                    en: "partners of whom one is 18 to 20, with cost-sharers, before 2026: that rule is not in our parameters yet.",
                },
            ));
        };
        let (older, older_trace) = self.cost_sharing_norm(sharers + 1, &[&self.params.norms.couple_21]);
        let norm = Cents::new(fixed.value.get() + older.get());
        let trace = self
            .step(&c::KOSTENDELERSNORM_JONGE_PARTNER, Cite::Param(&fixed.source), Value::Cents(norm))
            .input(&c::T_BEDRAG, Value::Cents(fixed.value))
            .child(older_trace);
        Ok((norm, trace))
    }

    /// Art. 19a: who counts as a *kostendelende medebewoner*. Children of 18
    /// and over are co-residents with relation "child".
    fn cost_sharers(&self, h: &Household) -> (u32, Trace<'p>) {
        let grown_children =
            h.children.iter().filter(|k| age_years(k.birth_date, self.date) >= 18).map(|k| CoResident {
                birth_date: k.birth_date,
                relation: Relation::Child,
                study: k.study,
                agreement: Agreement::None,
                cost_sharing_agreement_since: None,
            });
        let mut count = 0u32;
        let mut steps = self.steps();
        for m in h.co_residents.iter().cloned().chain(grown_children) {
            let (counts, rule, article) = self.cost_sharer(&m);
            if counts {
                count += 1;
            }
            steps.push(
                self.step(rule, article, Value::Nothing)
                    .input(&c::T_TELT_MEE, Value::Bool(counts))
                    .input(&c::T_LEEFTIJD, Value::Years(age_years(m.birth_date, self.date)))
                    .input(&c::T_RELATIE, Value::Choice(relation_term(m.relation)))
                    .input(&c::T_STUDIE, Value::Choice(study_term(m.study))),
            );
        }
        let trace = self
            .step(&c::KOSTENDELERS, Cite::Param(&self.params.cost_sharing.min_age.source), Value::Count(count))
            .children(steps);
        (count, trace)
    }

    fn cost_sharer(&self, m: &CoResident) -> (bool, &'static Rule, Cite<'p>) {
        let min_age = &self.params.cost_sharing.min_age;
        // Package "Kosten delen": an agreed co-resident is no kostendeler while
        // the agreement runs.
        if let (Some(max), Some(since)) =
            (self.variant.and_then(|v| v.cost_sharing.as_ref()), m.cost_sharing_agreement_since)
            && since <= self.date
            && month_number(since, self.date) <= i32::try_from(max.value).unwrap_or(i32::MAX)
        {
            return (false, &c::KD_PAKKET_KOSTEN_DELEN, Cite::Param(&max.source));
        }
        if age_years(m.birth_date, self.date) < i32::from(min_age.value) {
            return (false, &c::KD_JONGER, Cite::Param(&min_age.source));
        }
        match m.study {
            Study::Wsf => return (false, &c::KD_STUDENT, self.article("19a.1.d.1°")),
            Study::Wtos => return (false, &c::KD_STUDENT, self.article("19a.1.d.2°")),
            Study::Bbl => return (false, &c::KD_STUDENT, self.article("19a.1.d.3°")),
            Study::Abroad => return (false, &c::KD_STUDENT, self.article("19a.1.d.4°")),
            Study::None => {}
        }
        match m.agreement {
            Agreement::CommercialWithApplicant if !m.relation.is_close_family() => {
                (false, &c::KD_COMMERCIEEL, self.article("19a.1.b"))
            }
            Agreement::CommercialWithApplicant => (true, &c::KD_TELT_FAMILIE, self.article("19a.1.b")),
            Agreement::CommercialWithSameLandlord => (false, &c::KD_ZELFDE_VERHUURDER, self.article("19a.1.c")),
            Agreement::None => (true, &c::KD_TELT, Cite::Param(&min_age.source)),
        }
    }

    // --- Income -------------------------------------------------------------

    fn income(&self, h: &Household) -> Income<'p> {
        let single_parent_young_child = h.partner.is_none()
            && h.children.iter().any(|k| {
                age_years(k.birth_date, self.date)
                    < i32::from(self.params.disregards.single_parent_child_age_below.value)
            });
        let mut counted = Cents::ZERO;
        let mut disregard = Cents::ZERO;
        let mut split: Vec<(&'p str, Cents)> = Vec::new();
        let mut steps = self.steps();
        // Onderdeel r is for the single parent: that is always the applicant.
        let people = std::iter::once((&c::C_AANVRAGER, &h.applicant, single_parent_young_child))
            .chain(h.partner.as_ref().map(|p| (&c::C_PARTNER, p, false)));
        for (role, adult, single_parent) in people {
            let person = self.person_income(role, adult, single_parent);
            counted = Cents::new(counted.get() + person.counted.get());
            disregard = Cents::new(disregard.get() + person.disregard.get());
            for (to, part) in person.split {
                match split.iter_mut().find(|(t, _)| *t == to) {
                    Some((_, sum)) => *sum = Cents::new(sum.get() + part.get()),
                    None => split.push((to, part)),
                }
            }
            steps.push(person.trace);
        }
        let deducted = Cents::new(counted.get() - disregard.get());
        let trace = self
            .step(&c::INKOMSTEN_IN_MINDERING, self.article("31.1"), Value::Cents(deducted))
            .input(&c::T_INKOMSTEN, Value::Cents(counted))
            .input(&c::T_VRIJLATING, Value::Cents(disregard))
            .children(steps);
        Income { counted, disregard, split, trace }
    }

    fn person_income(&self, role: &'static Term, a: &Adult, single_parent: bool) -> Income<'p> {
        let mut counted = 0i64;
        let mut wages = 0i64;
        let mut one_off = 0i64;
        let mut first_work: Option<Date> = None;
        let mut steps = self.steps();
        let same_month = |d: Date| d.year() == self.date.year() && d.month() == self.date.month();
        for item in &a.income {
            let (rule, cite, counts) = if item.start_date > self.date {
                (&c::INKOMEN_NOG_NIET, Cite::None, false)
            } else {
                match item.kind {
                    IncomeKind::ChildBenefit => (&c::INKOMEN_KINDERBIJSLAG, self.article("31.2.b"), false),
                    IncomeKind::Allowance => (&c::INKOMEN_TOESLAG, self.article("31.2.d"), false),
                    IncomeKind::OneOff if !same_month(item.start_date) => {
                        (&c::INKOMEN_EENMALIG_ANDERE_MAAND, self.article("31.1"), false)
                    }
                    IncomeKind::OneOff => (&c::INKOMEN_EENMALIG, self.article("31.1"), true),
                    _ => (&c::INKOMEN_TELT, self.article("32.1.a"), true),
                }
            };
            if counts {
                counted += item.net_monthly.get();
                match item.kind {
                    IncomeKind::Work => {
                        wages += item.net_monthly.get();
                        first_work = Some(first_work.map_or(item.start_date, |d| d.min(item.start_date)));
                    }
                    IncomeKind::OneOff => one_off += item.net_monthly.get(),
                    _ => {}
                }
            }
            let amount = if counts { item.net_monthly } else { Cents::ZERO };
            steps.push(
                self.step(rule, cite, Value::Cents(amount))
                    .input(&c::T_SOORT, Value::Choice(income_term(item.kind)))
                    .input(&c::T_NETTO, Value::Cents(item.net_monthly))
                    .input(&c::T_INGANGSDATUM, Value::Date(item.start_date)),
            );
        }
        // Package "Onderling samenwerken": acquisition costs and the payment
        // for the agreed service come off the earnings first.
        if let Some(source) = self.variant.and_then(|v| v.cooperation.as_ref())
            && a.cooperation_deduction.get() > 0
            && wages > 0
        {
            let deduction = a.cooperation_deduction.get().min(wages);
            wages -= deduction;
            counted -= deduction;
            steps.push(
                self.step(&c::PAKKET_AFTREK_SAMENWERKING, Cite::Param(source), Value::Cents(Cents::new(deduction)))
                    .input(&c::T_AFTREK, Value::Cents(a.cooperation_deduction))
                    .input(&c::T_LOON, Value::Cents(Cents::new(wages + deduction))),
            );
        }
        let mut disregard = Cents::ZERO;
        let mut split = Vec::new();
        if let Some(first) = first_work {
            let wages = Cents::new(wages);
            let month = month_number(first, self.date);
            let (amount, trace) = if let Some(s) = self.variant.and_then(|v| v.earnings_split.as_ref()) {
                split = s.split(wages);
                let parts = split.iter().map(|(to, part)| {
                    self.step(&c::PAKKET_SCHIJF, Cite::None, Value::Cents(*part))
                        .input(&c::T_NAAR, Value::Choice(destination_term(to)))
                });
                (
                    wages,
                    self.step(&c::PAKKET_VERDELING, Cite::Param(&s.source), Value::Cents(wages))
                        .input(&c::T_LOON, Value::Cents(wages))
                        .children(parts),
                )
            } else {
                self.work_disregard(a, wages, month, single_parent)
            };
            disregard = amount;
            steps.push(trace);
        }
        if let Some(free) = self.variant.and_then(|v| v.one_off_free.as_ref())
            && one_off > 0
        {
            let amount = Cents::new(one_off).min(free.value);
            disregard = Cents::new(disregard.get() + amount.get());
            steps.push(
                self.step(&c::PAKKET_EENMALIG_VRIJ, Cite::Param(&free.source), Value::Cents(amount))
                    .input(&c::T_EENMALIG, Value::Cents(Cents::new(one_off)))
                    .input(&c::T_MAXIMUM, Value::Cents(free.value)),
            );
        }
        assert!(disregard.get() <= counted, "the disregard never exceeds the income");
        let trace = self
            .step(&c::INKOMSTEN_PERSOON, Cite::None, Value::Cents(Cents::new(counted)))
            .input(&c::T_PERSOON, Value::Choice(role))
            .children(steps);
        Income { counted: Cents::new(counted), disregard, split, trace }
    }

    /// The earnings disregard of one person: the law's (onderdelen n, y, r),
    /// or the variant's `vrijlating_arbeid`, or the higher of the two when the
    /// variant says `beste_van_wet`.
    fn work_disregard(&self, a: &Adult, wages: Cents, month: i32, single_parent: bool) -> (Cents, Trace<'p>) {
        let (law, law_trace) = self.disregard(a, wages, month, single_parent);
        let Some(v) = self.variant.and_then(|v| v.work_disregard.as_ref()) else {
            return (law, law_trace);
        };
        let age = age_years(a.birth_date, self.date);
        let old_enough = v.min_age.is_none_or(|min| age >= i32::from(min));
        let in_period = v.months.is_none_or(|m| month <= i32::try_from(m).unwrap_or(i32::MAX));
        let amount = if old_enough && in_period {
            let p = wages.percentage(v.rate);
            v.max_monthly.map_or(p, |max| p.min(max))
        } else {
            Cents::ZERO
        };
        let mut t = self
            .step(&c::PAKKET_VRIJLATING, Cite::Param(&v.source), Value::Cents(amount))
            .input(&c::T_LOON, Value::Cents(wages))
            .input(&c::T_PERCENTAGE, Value::Rate(v.rate))
            .input(&c::T_MAAND_VAN_WERK, Value::Count(u32::try_from(month).unwrap_or(0)));
        if let Some(max) = v.max_monthly {
            t = t.input(&c::T_MAXIMUM, Value::Cents(max));
        }
        if !v.best_of_law {
            return (amount, t);
        }
        let (rule, chosen) =
            if law > amount { (&c::PAKKET_VRIJLATING_WET_HOGER, law) } else { (&c::PAKKET_VRIJLATING_HOGER, amount) };
        (chosen, self.step(rule, Cite::None, Value::Cents(chosen)).child(t).child(law_trace))
    }

    /// Art. 18 lid 2 with the afstemmingsverordening's table of the variant.
    fn sanction(&self, h: &Household, norm: Cents, bijstand: Cents) -> Result<(Cents, Option<Trace<'p>>), Error> {
        let Some(s) = h.sanction else {
            return Ok((Cents::ZERO, None));
        };
        let Some(table) = self.variant.and_then(|v| v.sanctions.as_ref()) else {
            let t = self
                .step(&c::MAATREGEL_GEEN_TABEL, self.article("18.2"), Value::Cents(Cents::ZERO))
                .input(&c::T_CATEGORIE, Value::Count(u32::from(s.category)));
            return Ok((Cents::ZERO, Some(t)));
        };
        let Some(category) = table.categories.iter().find(|c| c.category == s.category) else {
            return Err(Error::new(
                "maatregel.categorie",
                Problem::OutOfRange {
                    min: table.categories.iter().map(|c| i64::from(c.category)).min().unwrap_or(1),
                    max: table.categories.iter().map(|c| i64::from(c.category)).max().unwrap_or(1),
                },
            ));
        };
        let month = month_number(s.start_date, self.date);
        let applies = s.start_date <= self.date && month <= i32::try_from(category.months).unwrap_or(i32::MAX);
        let amount = if applies { norm.percentage(category.rate).min(bijstand) } else { Cents::ZERO };
        let rule = if applies { &c::MAATREGEL } else { &c::MAATREGEL_NIET_NU };
        let t = self
            .step(rule, Cite::Param(&table.source), Value::Cents(amount))
            .input(&c::T_CATEGORIE, Value::Count(u32::from(s.category)))
            .input(&c::T_NORM, Value::Cents(norm))
            .input(&c::T_PERCENTAGE, Value::Rate(category.rate))
            .input(&c::T_INGANGSDATUM, Value::Date(s.start_date))
            .input(&c::T_DUUR, Value::Months(i32::try_from(category.months).unwrap_or(i32::MAX)));
        Ok((amount, Some(t)))
    }

    /// Art. 31 lid 2 onderdelen n, y and r, and lid 5. At most one applies:
    /// n first; y "tenzij onderdeel n van toepassing is"; r only when y does
    /// not apply and after the n period.
    fn disregard(&self, a: &Adult, wages: Cents, month: i32, single_parent: bool) -> (Cents, Trace<'p>) {
        let d = &self.params.disregards;
        let age = age_years(a.birth_date, self.date);
        let pension = self.at_pension_age(a.birth_date, age_years(a.birth_date, self.date));
        let old_enough = age >= i32::from(d.min_age.value);
        let n_months = months_i32(&d.work);
        let r_months = months_i32(&d.single_parent);

        let apply = |rule: &'static Rule, rule_params: &'p Disregard, with_month: bool| {
            let amount = wages.percentage(rule_params.rate).min(rule_params.max_monthly);
            let mut t = self
                .step(rule, Cite::Param(&rule_params.source), Value::Cents(amount))
                .input(&c::T_LOON, Value::Cents(wages))
                .input(&c::T_PERCENTAGE, Value::Rate(rule_params.rate))
                .input(&c::T_MAXIMUM, Value::Cents(rule_params.max_monthly));
            if with_month {
                t = t.input(&c::T_MAAND_VAN_WERK, Value::Count(u32::try_from(month).unwrap_or(0)));
            }
            (amount, t)
        };

        if pension {
            // No duration and no judgement of the college at pension age.
            return apply(&c::VRIJLATING_ARBEID, &d.work, false);
        }
        if old_enough && a.disregard_helps_work && month <= n_months {
            return apply(&c::VRIJLATING_ARBEID, &d.work, true);
        }
        if a.medically_limited {
            return apply(&c::VRIJLATING_MEDISCH, &d.medically_limited, false);
        }
        if single_parent && old_enough && a.disregard_helps_work && month > n_months && month <= n_months + r_months {
            return apply(&c::VRIJLATING_ALLEENSTAANDE_OUDER, &d.single_parent, true);
        }
        let none = |rule: &'static Rule, cite: Cite<'p>| {
            (
                Cents::ZERO,
                self.step(rule, cite, Value::Cents(Cents::ZERO))
                    .input(&c::T_LOON, Value::Cents(wages))
                    .input(&c::T_LEEFTIJD, Value::Years(age))
                    .input(&c::T_MAAND_VAN_WERK, Value::Count(u32::try_from(month).unwrap_or(0))),
            )
        };
        if !old_enough {
            none(&c::VRIJLATING_GEEN_ONDER_27, Cite::Param(&d.min_age.source))
        } else if !a.disregard_helps_work {
            none(&c::VRIJLATING_GEEN_OORDEEL, Cite::Param(&d.work.source))
        } else {
            none(&c::VRIJLATING_GEEN_VERLOPEN, Cite::Param(&d.work.source))
        }
    }
}

/// Art. 22a lid 1: the factor (40 + A × 30) / (A × 100) as (numerator, denominator).
pub fn kostendelers_factor(a: u32, base_percent: u32, per_person_percent: u32) -> (i64, i64) {
    assert!(a >= 1, "A counts at least the applicant");
    let a = i64::from(a);
    (i64::from(base_percent) + a * i64::from(per_person_percent), a * 100)
}

/// Art. 22a lid 1: the kostendelersnorm of one person, `B × factor`, rounded
/// half up to whole cents as in the published tables (the law gives no
/// rounding rule; see docs/regels.md).
pub fn kostendelersnorm(b: Cents, a: u32, base_percent: u32, per_person_percent: u32) -> Cents {
    let (numerator, denominator) = kostendelers_factor(a, base_percent, per_person_percent);
    b.mul_ratio_round_half_up(numerator, denominator)
}

fn months_i32(d: &Disregard) -> i32 {
    d.months.map_or(i32::MAX, |m| i32::try_from(m).unwrap_or(i32::MAX))
}

fn income_term(kind: IncomeKind) -> &'static Term {
    match kind {
        IncomeKind::Work => &c::C_ARBEID,
        IncomeKind::Benefit => &c::C_UITKERING,
        IncomeKind::Alimony => &c::C_ALIMENTATIE,
        IncomeKind::Letting => &c::C_VERHUUR,
        IncomeKind::Other => &c::C_OVERIG,
        IncomeKind::OneOff => &c::C_EENMALIG,
        IncomeKind::ChildBenefit => &c::C_KINDERBIJSLAG,
        IncomeKind::Allowance => &c::C_TOESLAG,
    }
}

fn destination_term(to: &str) -> &'static Term {
    match to {
        "deelnemer" => &c::C_NAAR_DEELNEMER,
        "de_plek" => &c::C_NAAR_DE_PLEK,
        _ => &c::C_NAAR_FONDS,
    }
}

fn study_term(s: Study) -> &'static Term {
    match s {
        Study::None => &c::C_STUDIE_GEEN,
        Study::Wsf => &c::C_STUDIE_WSF,
        Study::Wtos => &c::C_STUDIE_WTOS,
        Study::Bbl => &c::C_STUDIE_BBL,
        Study::Abroad => &c::C_STUDIE_BUITENLAND,
    }
}

fn relation_term(r: Relation) -> &'static Term {
    match r {
        Relation::Child => &c::C_REL_KIND,
        Relation::Parent => &c::C_REL_OUDER,
        Relation::Sibling => &c::C_REL_BROER_ZUS,
        Relation::Grandparent => &c::C_REL_GROOTOUDER,
        Relation::Grandchild => &c::C_REL_KLEINKIND,
        Relation::InLawFirstDegree => &c::C_REL_AANVERWANT_1,
        Relation::InLawSecondDegree => &c::C_REL_AANVERWANT_2,
        Relation::OtherFamily => &c::C_REL_OVERIG,
        Relation::None => &c::C_REL_GEEN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn ages_count_completed_years() {
        assert_eq!(age_years(date(2000, 3, 15), date(2026, 3, 14)), 25);
        assert_eq!(age_years(date(2000, 3, 15), date(2026, 3, 15)), 26);
        assert_eq!(age_years(date(2004, 2, 29), date(2025, 2, 28)), 20);
        assert_eq!(age_years(date(2004, 2, 29), date(2025, 3, 1)), 21);
    }

    #[test]
    fn pension_age_is_reached_on_the_day() {
        let age = PensionAge { years: 67, months: 0 };
        assert!(!reached_pension_age(date(1959, 6, 10), date(2026, 6, 9), age));
        assert!(reached_pension_age(date(1959, 6, 10), date(2026, 6, 10), age));
        let later = PensionAge { years: 67, months: 3 };
        assert!(!reached_pension_age(date(1959, 6, 10), date(2026, 9, 9), later));
        assert!(reached_pension_age(date(1959, 6, 10), date(2026, 9, 10), later));
    }

    #[test]
    fn month_numbers_start_at_one() {
        assert_eq!(month_number(date(2026, 1, 31), date(2026, 1, 31)), 1);
        assert_eq!(month_number(date(2026, 1, 31), date(2026, 6, 1)), 6);
        assert_eq!(month_number(date(2025, 11, 1), date(2026, 2, 1)), 4);
    }
}
