//! Dated parameters of tax and allowances.
//!
//! Every amount, rate and age lives in `crates/inkomen/parameters/<valid-from>.toml`
//! with its law, article, URL on wetten.overheid.nl, status and (where it is
//! not read in the law text) a note saying where it comes from. The files are
//! compiled in (`include_str!`), parsed once and checked by
//! `tests/parameters.rs`. The source types are `regels`' own, so an
//! explanation tree can mix steps of both crates.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::civil::Date;
use regels::params::{Param, Source, SourceStatus};
use regels::{Cents, Error, Problem};
use serde::Deserialize;

use crate::rate::Rate;

/// The embedded parameter files, oldest first.
const EMBEDDED: &[(&str, &str)] = &[("2026-01-01.toml", include_str!("../parameters/2026-01-01.toml"))];

/// Wage: what is added to the monthly gross wage over a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wage {
    /// *Vakantiebijslag* as a share of the wage (WML art. 15).
    pub holiday_pay: Param<Rate>,
}

/// Wet IB 2001 art. 2.10 lid 1: the tax table of box 1, without premiums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomeTax {
    pub rate_1: Param<Rate>,
    pub limit_1: Param<Cents>,
    /// Column III: the tax over the first bracket, as the law rounds it.
    pub tax_at_limit_1: Param<Cents>,
    pub rate_2: Param<Rate>,
    pub limit_2: Param<Cents>,
    pub tax_at_limit_2: Param<Cents>,
    pub rate_3: Param<Rate>,
}

/// *Premie volksverzekeringen* (Wfsv), levied up to `max_income`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Premiums {
    pub aow: Param<Rate>,
    pub anw: Param<Rate>,
    pub wlz: Param<Rate>,
    pub max_income: Param<Cents>,
}

/// *Heffingskortingen*, Wet IB 2001 hoofdstuk 8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credits {
    /// 8.8: credits at most the tax and premiums due.
    pub limited_to_tax: Source,
    /// 8.3–8.6: at AOW age the AOW share of a credit is not given.
    pub aow_share: Source,
    /// 8.9: payment to a partner without income (born before 1963 only).
    pub partner_payment: Source,
    /// 8.10
    pub general_max: Param<Cents>,
    pub general_taper: Param<Rate>,
    pub general_taper_from: Param<Cents>,
    /// 8.11.2.a–d
    pub work_a_rate: Param<Rate>,
    pub work_a_max: Param<Cents>,
    pub work_b_rate: Param<Rate>,
    pub work_b_from: Param<Cents>,
    pub work_b_max: Param<Cents>,
    pub work_c_rate: Param<Rate>,
    pub work_c_from: Param<Cents>,
    pub work_c_max: Param<Cents>,
    pub work_d_rate: Param<Rate>,
    pub work_d_from: Param<Cents>,
    /// 8.14a: *inkomensafhankelijke combinatiekorting*.
    pub combination_rate: Param<Rate>,
    pub combination_from: Param<Cents>,
    pub combination_max: Param<Cents>,
    pub combination_child_below: Param<u8>,
    /// 8.17: *ouderenkorting*.
    pub elderly_max: Param<Cents>,
    pub elderly_taper: Param<Rate>,
    pub elderly_taper_from: Param<Cents>,
    /// 8.18: *alleenstaande ouderenkorting*.
    pub elderly_single: Param<Cents>,
}

/// Wet op de zorgtoeslag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthAllowance {
    pub standard_premium: Param<Cents>,
    pub threshold_income: Param<Cents>,
    pub norm_single: Param<Rate>,
    pub norm_partner: Param<Rate>,
    pub income_rate: Param<Rate>,
    pub assets_single: Param<Cents>,
    pub assets_partner: Param<Cents>,
    pub income_limit_single: Param<Cents>,
    pub income_limit_partner: Param<Cents>,
    pub rounding: Source,
}

/// Wet op de huurtoeslag (2026, after the Wet vereenvoudiging huurtoeslag).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RentAllowance {
    pub max_rent: Param<Cents>,
    pub max_rent_young: Param<Cents>,
    pub young_below: Param<u8>,
    pub quality_limit: Param<Cents>,
    pub cap_1_2: Param<Cents>,
    pub cap_3: Param<Cents>,
    pub base_rent_single: Param<Cents>,
    pub base_rent_multi: Param<Cents>,
    pub part_a: Param<Rate>,
    pub part_b: Param<Rate>,
    pub part_c: Param<Rate>,
    pub income_point_single: Param<Cents>,
    pub income_point_multi: Param<Cents>,
    pub taper_single: Param<Rate>,
    pub taper_multi: Param<Rate>,
    pub assets_single: Param<Cents>,
    pub assets_partner: Param<Cents>,
    pub rounding: Source,
}

/// Wet op het kindgebonden budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildBudget {
    pub per_child: Param<Cents>,
    pub increase_12: Param<Cents>,
    pub increase_16: Param<Cents>,
    pub single_parent: Param<Cents>,
    pub taper: Param<Rate>,
    pub threshold_income: Param<Cents>,
    pub partner_threshold_extra: Param<Cents>,
    pub assets_single: Param<Cents>,
    pub assets_partner: Param<Cents>,
    pub age_12: Param<u8>,
    pub age_16: Param<u8>,
    pub age_18: Param<u8>,
    pub rounding: Source,
}

/// Algemene Kinderbijslagwet, amounts per child per quarter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildBenefit {
    pub below_6: Param<Cents>,
    pub from_6: Param<Cents>,
    pub from_12: Param<Cents>,
    pub age_6: Param<u8>,
    pub age_12: Param<u8>,
    pub age_18: Param<u8>,
    pub per_month: Source,
}

/// All parameters in force from one date until another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterSet {
    pub valid_from: Date,
    /// Last day these values apply (tax and allowances are set per year).
    pub valid_until: Date,
    pub wage: Wage,
    pub income_tax: IncomeTax,
    pub premiums: Premiums,
    pub credits: Credits,
    pub health: HealthAllowance,
    pub rent: RentAllowance,
    pub child_budget: ChildBudget,
    pub child_benefit: ChildBenefit,
}

/// All parameter sets, ordered by `valid_from`.
#[derive(Debug)]
pub struct ParameterSets {
    sets: Vec<ParameterSet>,
}

impl ParameterSets {
    /// The sets compiled into this crate, parsed on first use.
    pub fn embedded() -> Result<&'static ParameterSets, Error> {
        static SETS: OnceLock<Result<ParameterSets, Error>> = OnceLock::new();
        SETS.get_or_init(|| {
            let mut sets =
                EMBEDDED.iter().map(|(name, text)| parse_parameter_file(name, text)).collect::<Result<Vec<_>, _>>()?;
            sets.sort_by_key(|s| s.valid_from);
            Ok(ParameterSets { sets })
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// The set in force on `date`. A date outside every set's period is
    /// refused on the field `datum`: tax and allowance amounts change each
    /// year, and silently using last year's would be wrong.
    pub fn for_date(&self, date: Date) -> Result<&ParameterSet, Error> {
        let earliest = self.sets.first().map(|s| s.valid_from).unwrap_or(date);
        match self.sets.iter().find(|s| s.valid_from <= date && date <= s.valid_until) {
            Some(set) => Ok(set),
            None if date < earliest => Err(Error::new("datum", Problem::BeforeEarliestParameters { earliest })),
            None => Err(Error::new(
                "datum",
                Problem::NotSupported {
                    nl: "voor deze datum hebben we nog geen bedragen van belasting en toeslagen (alleen 2026).",
                    en: "there are no tax and allowance amounts for this date yet (2026 only).",
                },
            )),
        }
    }

    pub fn all(&self) -> &[ParameterSet] {
        &self.sets
    }
}

/// The raw embedded files, for tests.
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    EMBEDDED
}

// ---------------------------------------------------------------------------
// File format: Dutch keys, one table per value. Every table found in the file
// must be used by the parser, so a misspelt key is an error.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    bedrag: Option<String>,
    percentage: Option<String>,
    jaren: Option<u8>,
    wet: String,
    artikel: String,
    url: String,
    #[serde(default = "default_status")]
    status: SourceStatus,
    opmerking: Option<String>,
}

fn default_status() -> SourceStatus {
    SourceStatus::Wettekst
}

struct Ctx<'a> {
    file: &'a str,
    entries: BTreeMap<String, RawEntry>,
}

impl Ctx<'_> {
    fn err(&self, key: &str, what: impl Into<String>) -> Error {
        Error::new(format!("{}: {key}", self.file), Problem::Parameter(what.into()))
    }

    fn take(&mut self, key: &str) -> Result<RawEntry, Error> {
        self.entries.remove(key).ok_or_else(|| self.err(key, "missing"))
    }

    fn source_of(&self, key: &str, e: &RawEntry) -> Result<Source, Error> {
        if !e.url.starts_with("https://wetten.overheid.nl/") {
            return Err(self.err(key, "url must point to wetten.overheid.nl"));
        }
        if e.artikel.is_empty() || e.wet.is_empty() {
            return Err(self.err(key, "wet and artikel must not be empty"));
        }
        if e.status != SourceStatus::Wettekst && e.opmerking.as_deref().unwrap_or("").is_empty() {
            return Err(self.err(key, "a value not read in the law text needs an opmerking"));
        }
        Ok(Source {
            law: e.wet.clone(),
            article: e.artikel.clone(),
            url: e.url.clone(),
            status: e.status,
            note: e.opmerking.clone(),
        })
    }

    /// A rule without a number: only its source.
    fn source(&mut self, key: &str) -> Result<Source, Error> {
        let e = self.take(key)?;
        if e.bedrag.is_some() || e.percentage.is_some() || e.jaren.is_some() {
            return Err(self.err(key, "a rule entry has no bedrag, percentage or jaren"));
        }
        self.source_of(key, &e)
    }

    fn amount(&mut self, key: &str) -> Result<Param<Cents>, Error> {
        let e = self.take(key)?;
        let text = e.bedrag.as_deref().ok_or_else(|| self.err(key, "bedrag missing"))?;
        let value = Cents::parse_euros(text)
            .filter(|c| c.get() > 0)
            .ok_or_else(|| self.err(key, format!("bedrag {text:?} is not like \"2119.00\"")))?;
        Ok(Param { value, source: self.source_of(key, &e)? })
    }

    fn rate(&mut self, key: &str) -> Result<Param<Rate>, Error> {
        let e = self.take(key)?;
        let text = e.percentage.as_deref().ok_or_else(|| self.err(key, "percentage missing"))?;
        let value = Rate::parse_percent(text)
            .ok_or_else(|| self.err(key, format!("percentage {text:?} is not like \"8.324\"")))?;
        Ok(Param { value, source: self.source_of(key, &e)? })
    }

    fn years(&mut self, key: &str) -> Result<Param<u8>, Error> {
        let e = self.take(key)?;
        let value = e.jaren.filter(|y| *y > 0).ok_or_else(|| self.err(key, "jaren missing"))?;
        Ok(Param { value, source: self.source_of(key, &e)? })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    geldig_vanaf: String,
    geldig_tot: String,
}

/// Parses one parameter file; public so tests (and a municipality checking a
/// proposed file) can use it.
pub fn parse_parameter_file(name: &str, text: &str) -> Result<ParameterSet, Error> {
    let fail = |key: &str, what: String| Error::new(format!("{name}: {key}"), Problem::Parameter(what));
    let mut table: toml::Table = toml::from_str(text).map_err(|e| fail("", format!("not valid TOML: {e}")))?;
    let mut header = toml::Table::new();
    for key in ["geldig_vanaf", "geldig_tot"] {
        if let Some(v) = table.remove(key) {
            header.insert(key.to_owned(), v);
        }
    }
    let header: RawHeader =
        header.try_into().map_err(|e| fail("geldig_vanaf", format!("geldig_vanaf and geldig_tot: {e}")))?;
    let valid_from: Date =
        header.geldig_vanaf.parse().map_err(|_| fail("geldig_vanaf", "not a date like 2026-01-01".into()))?;
    let valid_until: Date =
        header.geldig_tot.parse().map_err(|_| fail("geldig_tot", "not a date like 2026-12-31".into()))?;
    if !name.starts_with(&header.geldig_vanaf) || valid_until < valid_from {
        return Err(fail("geldig_vanaf", "must match the file name and come before geldig_tot".into()));
    }
    let mut entries = BTreeMap::new();
    for (section, value) in table {
        let toml::Value::Table(items) = value else {
            return Err(fail(&section, "expected a table of entries".into()));
        };
        for (item, value) in items {
            let key = format!("{section}.{item}");
            let entry: RawEntry = value.try_into().map_err(|e| fail(&key, format!("not a parameter entry: {e}")))?;
            entries.insert(key, entry);
        }
    }
    let mut c = Ctx { file: name, entries };
    let set = ParameterSet {
        valid_from,
        valid_until,
        wage: Wage { holiday_pay: c.rate("loon.vakantiebijslag")? },
        income_tax: IncomeTax {
            rate_1: c.rate("inkomstenbelasting.tarief_schijf_1")?,
            limit_1: c.amount("inkomstenbelasting.grens_schijf_1")?,
            tax_at_limit_1: c.amount("inkomstenbelasting.belasting_tot_schijf_2")?,
            rate_2: c.rate("inkomstenbelasting.tarief_schijf_2")?,
            limit_2: c.amount("inkomstenbelasting.grens_schijf_2")?,
            tax_at_limit_2: c.amount("inkomstenbelasting.belasting_tot_schijf_3")?,
            rate_3: c.rate("inkomstenbelasting.tarief_schijf_3")?,
        },
        premiums: Premiums {
            aow: c.rate("premie_volksverzekeringen.aow")?,
            anw: c.rate("premie_volksverzekeringen.anw")?,
            wlz: c.rate("premie_volksverzekeringen.wlz")?,
            max_income: c.amount("premie_volksverzekeringen.maximum_premie_inkomen")?,
        },
        credits: Credits {
            limited_to_tax: c.source("heffingskorting.maximaal_heffing")?,
            aow_share: c.source("heffingskorting.aow_deel")?,
            partner_payment: c.source("heffingskorting.uitbetaling_partner")?,
            general_max: c.amount("heffingskorting.algemene_maximum")?,
            general_taper: c.rate("heffingskorting.algemene_afbouw")?,
            general_taper_from: c.amount("heffingskorting.algemene_afbouwgrens")?,
            work_a_rate: c.rate("heffingskorting.arbeid_a_percentage")?,
            work_a_max: c.amount("heffingskorting.arbeid_a_maximum")?,
            work_b_rate: c.rate("heffingskorting.arbeid_b_percentage")?,
            work_b_from: c.amount("heffingskorting.arbeid_b_grens")?,
            work_b_max: c.amount("heffingskorting.arbeid_b_maximum")?,
            work_c_rate: c.rate("heffingskorting.arbeid_c_percentage")?,
            work_c_from: c.amount("heffingskorting.arbeid_c_grens")?,
            work_c_max: c.amount("heffingskorting.arbeid_c_maximum")?,
            work_d_rate: c.rate("heffingskorting.arbeid_d_percentage")?,
            work_d_from: c.amount("heffingskorting.arbeid_d_grens")?,
            combination_rate: c.rate("heffingskorting.combinatie_percentage")?,
            combination_from: c.amount("heffingskorting.combinatie_grens")?,
            combination_max: c.amount("heffingskorting.combinatie_maximum")?,
            combination_child_below: c.years("heffingskorting.combinatie_kind_jonger_dan")?,
            elderly_max: c.amount("heffingskorting.ouderen_maximum")?,
            elderly_taper: c.rate("heffingskorting.ouderen_afbouw")?,
            elderly_taper_from: c.amount("heffingskorting.ouderen_afbouwgrens")?,
            elderly_single: c.amount("heffingskorting.alleenstaande_ouderen")?,
        },
        health: HealthAllowance {
            standard_premium: c.amount("zorgtoeslag.standaardpremie")?,
            threshold_income: c.amount("zorgtoeslag.drempelinkomen")?,
            norm_single: c.rate("zorgtoeslag.normpremie_alleenstaande")?,
            norm_partner: c.rate("zorgtoeslag.normpremie_partner")?,
            income_rate: c.rate("zorgtoeslag.toetsingsinkomen_percentage")?,
            assets_single: c.amount("zorgtoeslag.vermogensgrens_alleenstaande")?,
            assets_partner: c.amount("zorgtoeslag.vermogensgrens_partner")?,
            income_limit_single: c.amount("zorgtoeslag.inkomensgrens_alleenstaande")?,
            income_limit_partner: c.amount("zorgtoeslag.inkomensgrens_partner")?,
            rounding: c.source("zorgtoeslag.afronding")?,
        },
        rent: RentAllowance {
            max_rent: c.amount("huurtoeslag.maximale_huurgrens")?,
            max_rent_young: c.amount("huurtoeslag.maximale_huurgrens_jongeren")?,
            young_below: c.years("huurtoeslag.jongeren_leeftijd")?,
            quality_limit: c.amount("huurtoeslag.kwaliteitskortingsgrens")?,
            cap_1_2: c.amount("huurtoeslag.aftoppingsgrens_1_2_personen")?,
            cap_3: c.amount("huurtoeslag.aftoppingsgrens_3_personen")?,
            base_rent_single: c.amount("huurtoeslag.basishuur_eenpersoons")?,
            base_rent_multi: c.amount("huurtoeslag.basishuur_meerpersoons")?,
            part_a: c.rate("huurtoeslag.deel_a_percentage")?,
            part_b: c.rate("huurtoeslag.deel_b_percentage")?,
            part_c: c.rate("huurtoeslag.deel_c_percentage")?,
            income_point_single: c.amount("huurtoeslag.inkomensijkpunt_eenpersoons")?,
            income_point_multi: c.amount("huurtoeslag.inkomensijkpunt_meerpersoons")?,
            taper_single: c.rate("huurtoeslag.afbouw_eenpersoons")?,
            taper_multi: c.rate("huurtoeslag.afbouw_meerpersoons")?,
            assets_single: c.amount("huurtoeslag.vermogensgrens_alleenstaande")?,
            assets_partner: c.amount("huurtoeslag.vermogensgrens_partner")?,
            rounding: c.source("huurtoeslag.afronding")?,
        },
        child_budget: ChildBudget {
            per_child: c.amount("kindgebonden_budget.per_kind")?,
            increase_12: c.amount("kindgebonden_budget.verhoging_12_15")?,
            increase_16: c.amount("kindgebonden_budget.verhoging_16_17")?,
            single_parent: c.amount("kindgebonden_budget.alleenstaande_ouder")?,
            taper: c.rate("kindgebonden_budget.afbouw")?,
            threshold_income: c.amount("kindgebonden_budget.drempelinkomen")?,
            partner_threshold_extra: c.amount("kindgebonden_budget.verhoging_drempel_partners")?,
            assets_single: c.amount("kindgebonden_budget.vermogensgrens_alleenstaande")?,
            assets_partner: c.amount("kindgebonden_budget.vermogensgrens_partner")?,
            age_12: c.years("kindgebonden_budget.leeftijd_12")?,
            age_16: c.years("kindgebonden_budget.leeftijd_16")?,
            age_18: c.years("kindgebonden_budget.leeftijd_18")?,
            rounding: c.source("kindgebonden_budget.afronding")?,
        },
        child_benefit: ChildBenefit {
            below_6: c.amount("kinderbijslag.jonger_dan_6")?,
            from_6: c.amount("kinderbijslag.6_tot_12")?,
            from_12: c.amount("kinderbijslag.12_tot_18")?,
            age_6: c.years("kinderbijslag.leeftijd_6")?,
            age_12: c.years("kinderbijslag.leeftijd_12")?,
            age_18: c.years("kinderbijslag.leeftijd_18")?,
            per_month: c.source("kinderbijslag.per_maand")?,
        },
    };
    if let Some(key) = c.entries.keys().next() {
        return Err(c.err(key, "unknown key (misspelt?)"));
    }
    let t = &set.income_tax;
    if !(t.limit_1.value < t.limit_2.value && t.tax_at_limit_1.value < t.tax_at_limit_2.value) {
        return Err(c.err("inkomstenbelasting", "brackets must increase"));
    }
    Ok(set)
}
