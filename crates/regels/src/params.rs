//! Dated legal parameters.
//!
//! Every amount, rate, age and duration the rules use lives in a TOML file
//! under `crates/regels/parameters/`, one file per date from which a version of
//! the law applies. Each value carries its source: the law, the article
//! (`20.1.a` = artikel 20, lid 1, onderdeel a), the URL on wetten.overheid.nl,
//! and whether it was checked against the law text or comes from elsewhere.
//!
//! The files are compiled into the binary (`include_str!`), parsed once, and
//! validated by the tests in `tests/parameters.rs` against the verbatim law
//! text in `wetten/`.

use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Deserialize;

use crate::error::{Error, Problem};
use crate::money::{BasisPoints, Cents};

/// The embedded parameter files, oldest first. Add a new file here when a new
/// version of the law (or new amounts by ministeriële regeling) applies.
const EMBEDDED: &[(&str, &str)] = &[
    ("2025-01-01.toml", include_str!("../parameters/2025-01-01.toml")),
    ("2025-07-01.toml", include_str!("../parameters/2025-07-01.toml")),
    ("2026-01-01.toml", include_str!("../parameters/2026-01-01.toml")),
    ("2026-07-01.toml", include_str!("../parameters/2026-07-01.toml")),
];

/// How a value was established.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// Read in the law text of this version (for 2026 the text ships in
    /// `wetten/` and a test compares every amount with it).
    Wettekst,
    /// Taken from a secondary source (a municipal norm table, a ministry page);
    /// the note says which.
    Secundair,
    /// Derived by us from other values (for example by the indexation rule of
    /// art. 38); the note says how. Not verified against a primary source.
    Afgeleid,
    /// An example value from a policy proposal, for a municipality to set
    /// (only in policy variants, never in the law's parameter files).
    Voorbeeld,
}

/// Where a parameter comes from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// Name of the law or regulation, e.g. "Participatiewet".
    pub law: String,
    /// Article numbering as in `wetten/`: article.lid.onderdeel, e.g. "31.2.n".
    /// Where the article number itself has a dot (Wet IB 2001: "8.11"), a
    /// colon ends it: "8.11:2.a" is artikel 8.11, lid 2, onderdeel a.
    pub article: String,
    /// The article on wetten.overheid.nl, for this version.
    pub url: String,
    pub status: SourceStatus,
    /// Why the value is what it is, when the law text alone does not say.
    pub note: Option<String>,
}

impl Source {
    /// "artikel 31 lid 2 onderdeel n Participatiewet"
    pub fn citation_nl(&self) -> String {
        if !self.article.starts_with(|c: char| c.is_ascii_digit()) {
            return if self.article.is_empty() { self.law.clone() } else { format!("{}, {}", self.law, self.article) };
        }
        // "8.11:2.a": laws numbered per chapter (Wet IB 2001) have a dot in
        // the article number, so the number ends at ':'.
        let (number, rest) = match self.article.split_once(':') {
            Some((number, rest)) => (number, Some(rest)),
            None => self.article.split_once('.').map_or((self.article.as_str(), None), |(n, r)| (n, Some(r))),
        };
        let mut out = format!("artikel {number}");
        for part in rest.into_iter().flat_map(|r| r.split('.')).filter(|p| !p.is_empty()) {
            if part.bytes().all(|b| b.is_ascii_digit()) {
                out.push_str(&format!(" lid {part}"));
            } else if part.ends_with('°') {
                out.push_str(&format!(" sub {part}"));
            } else {
                out.push_str(&format!(" onderdeel {part}"));
            }
        }
        format!("{out} {}", self.law)
    }

    /// "Participatiewet, article 31(2)(n)"
    pub fn citation_en(&self) -> String {
        if !self.article.starts_with(|c: char| c.is_ascii_digit()) {
            return if self.article.is_empty() { self.law.clone() } else { format!("{}, {}", self.law, self.article) };
        }
        let (number, rest) = match self.article.split_once(':') {
            Some((number, rest)) => (number, Some(rest)),
            None => self.article.split_once('.').map_or((self.article.as_str(), None), |(n, r)| (n, Some(r))),
        };
        let mut out = format!("{}, article {number}", self.law);
        for part in rest.into_iter().flat_map(|r| r.split('.')).filter(|p| !p.is_empty()) {
            out.push_str(&format!("({part})"));
        }
        out
    }
}

/// A value together with its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param<T> {
    pub value: T,
    pub source: Source,
}

/// The pensioengerechtigde leeftijd (AOW age) in years and months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PensionAge {
    pub years: u8,
    pub months: u8,
}

/// Monthly norms, art. 20, 21 and 22 (amounts including vakantietoeslag).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Norms {
    /// 20.1.a
    pub single_18_20: Param<Cents>,
    /// 20.2.a
    pub single_parent_18_20: Param<Cents>,
    /// 20.1.b
    pub couple_both_18_20: Param<Cents>,
    /// 20.2.b
    pub couple_both_18_20_children: Param<Cents>,
    /// 20.1.c
    pub couple_one_18_20: Param<Cents>,
    /// 20.2.c
    pub couple_one_18_20_children: Param<Cents>,
    /// 20.3: increase when an 18–20 year old cannot rely on their parents
    /// (in force from 2026; `None` before).
    pub young_without_parents_increase: Option<Param<Cents>>,
    /// 21.a
    pub single_21: Param<Cents>,
    /// 21.b
    pub couple_21: Param<Cents>,
    /// 22.a
    pub single_pension_age: Param<Cents>,
    /// 22.b
    pub couple_both_pension_age: Param<Cents>,
    /// 22.c
    pub couple_one_pension_age: Param<Cents>,
}

/// The kostendelersnorm, art. 19a and 22a.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CostSharing {
    /// 19a.1: a co-resident counts from this age.
    pub min_age: Param<u8>,
    /// 22a.1: the fixed part of the formula (40 in (40 + A × 30) / (A × 100)).
    pub base_percent: Param<u32>,
    /// 22a.1: the part per person (30).
    pub per_person_percent: Param<u32>,
    /// 22a.3.a (from 2026): couple with one spouse of 18–20, with children.
    pub young_spouse_children: Option<Param<Cents>>,
    /// 22a.3.b (from 2026): couple with one spouse of 18–20, no children.
    pub young_spouse_no_children: Option<Param<Cents>>,
    /// 22a.4 (from 2026): no kostendelersnorm while temporarily living
    /// elsewhere to give intensive mantelzorg.
    pub mantelzorg_exception: Option<Source>,
}

/// One earnings disregard: a rate, a monthly cap and (optionally) a duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disregard {
    pub rate: BasisPoints,
    pub max_monthly: Cents,
    /// Number of months it applies; `None` = no limit in the law.
    pub months: Option<u32>,
    pub source: Source,
}

/// Inkomstenvrijlating, art. 31 lid 2 and lid 5.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disregards {
    /// 31.2.n
    pub work: Disregard,
    /// 31.2.r
    pub single_parent: Disregard,
    /// 31.2.r.1°: the youngest child must be younger than this.
    pub single_parent_child_age_below: Param<u8>,
    /// 31.2.y
    pub medically_limited: Disregard,
    /// 31.5: onderdelen n and r do not apply below this age.
    pub min_age: Param<u8>,
}

/// All parameters in force from one date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterSet {
    pub valid_from: Date,
    /// The last day this set may be used for; `None` for the newest set
    /// while no later change of the law is known.
    pub valid_until: Option<Date>,
    /// The consolidated law version these values were read from.
    pub law_url: String,
    pub pension_age: Param<PensionAge>,
    pub norms: Norms,
    pub cost_sharing: CostSharing,
    /// 19.3: the part of the bijstand that is vakantietoeslag.
    pub holiday_allowance: Param<BasisPoints>,
    pub disregards: Disregards,
}

/// All parameter sets, ordered by `valid_from`.
#[derive(Debug)]
pub struct ParameterSets {
    sets: Vec<ParameterSet>,
}

impl ParameterSets {
    /// The parameter sets compiled into this binary, parsed on first use.
    pub fn embedded() -> Result<&'static ParameterSets, Error> {
        static SETS: OnceLock<Result<ParameterSets, Error>> = OnceLock::new();
        SETS.get_or_init(|| {
            let sets = EMBEDDED.iter().map(|(name, text)| parse_file(name, text)).collect::<Result<Vec<_>, _>>()?;
            ParameterSets::new(sets)
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Builds a collection from sets in any order; refuses two sets with the
    /// same date.
    pub fn new(mut sets: Vec<ParameterSet>) -> Result<ParameterSets, Error> {
        sets.sort_by_key(|s| s.valid_from);
        for pair in sets.windows(2) {
            if pair[0].valid_from == pair[1].valid_from {
                return Err(Error::new(
                    "parameters",
                    Problem::Parameter(format!("two sets valid from {}", pair[0].valid_from)),
                ));
            }
        }
        if sets.is_empty() {
            return Err(Error::new("parameters", Problem::Parameter("no parameter sets".into())));
        }
        Ok(ParameterSets { sets })
    }

    /// The version in force on `date`: the latest set with `valid_from <= date`.
    pub fn for_date(&self, date: Date) -> Result<&ParameterSet, Error> {
        let index = self.sets.partition_point(|s| s.valid_from <= date);
        match index.checked_sub(1) {
            Some(i) => match self.sets[i].valid_until {
                Some(until) if date > until => Err(Error::new("datum", Problem::AfterLatestParameters { until })),
                _ => Ok(&self.sets[i]),
            },
            None => Err(Error::new("datum", Problem::BeforeEarliestParameters { earliest: self.sets[0].valid_from })),
        }
    }

    pub fn all(&self) -> &[ParameterSet] {
        &self.sets
    }
}

// ---------------------------------------------------------------------------
// File format. Dutch keys, because the people who check these files against
// the law read Dutch. Unknown keys are errors: a misspelt key must not silently
// fall back to nothing (the policyengine-us `uprating:` lesson).

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    geldig_vanaf: String,
    /// Set when a newer version of the law is known but its amounts are not
    /// here yet: dates after it are refused instead of computed wrongly.
    geldig_tot: Option<String>,
    wet_url: String,
    pensioengerechtigde_leeftijd: RawEntry,
    norm: RawNorms,
    kostendelers: RawCostSharing,
    vakantietoeslag: RawEntry,
    vrijlating: RawDisregards,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNorms {
    alleenstaande_18_20: RawEntry,
    alleenstaande_ouder_18_20: RawEntry,
    gehuwden_beiden_18_20: RawEntry,
    gehuwden_beiden_18_20_met_kinderen: RawEntry,
    gehuwden_een_18_20: RawEntry,
    gehuwden_een_18_20_met_kinderen: RawEntry,
    verhoging_18_20_zonder_ouders: Option<RawEntry>,
    alleenstaande_21: RawEntry,
    gehuwden_21: RawEntry,
    alleenstaande_aow: RawEntry,
    gehuwden_beiden_aow: RawEntry,
    gehuwden_een_aow: RawEntry,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCostSharing {
    minimumleeftijd: RawEntry,
    basispercentage: RawEntry,
    percentage_per_persoon: RawEntry,
    jonge_partner_met_kinderen: Option<RawEntry>,
    jonge_partner_zonder_kinderen: Option<RawEntry>,
    mantelzorg_uitzondering: Option<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisregards {
    arbeid: RawEntry,
    alleenstaande_ouder: RawEntry,
    alleenstaande_ouder_kind_jonger_dan: RawEntry,
    medisch_urenbeperkt: RawEntry,
    minimumleeftijd: RawEntry,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    bedrag: Option<String>,
    percentage: Option<String>,
    maximum: Option<String>,
    maanden: Option<u32>,
    jaren: Option<u8>,
    #[serde(default = "default_law")]
    wet: String,
    artikel: String,
    url: String,
    #[serde(default = "default_status")]
    status: SourceStatus,
    opmerking: Option<String>,
}

fn default_law() -> String {
    "Participatiewet".to_owned()
}

fn default_status() -> SourceStatus {
    SourceStatus::Wettekst
}

struct Ctx<'a> {
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&self, key: &str, what: impl Into<String>) -> Error {
        Error::new(format!("{}: {key}", self.file), Problem::Parameter(what.into()))
    }

    fn source(&self, key: &str, e: &RawEntry) -> Result<Source, Error> {
        if !e.url.starts_with("https://wetten.overheid.nl/") {
            return Err(self.err(key, "url must point to wetten.overheid.nl"));
        }
        if e.artikel.is_empty() {
            return Err(self.err(key, "artikel is empty"));
        }
        if e.status == SourceStatus::Voorbeeld {
            return Err(self.err(key, "an example value (voorbeeld) belongs in a policy variant, not in the law"));
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

    fn amount(&self, key: &str, e: &RawEntry) -> Result<Param<Cents>, Error> {
        let text = e.bedrag.as_deref().ok_or_else(|| self.err(key, "bedrag missing"))?;
        let value = Cents::parse_euros(text)
            .filter(|c| c.get() > 0)
            .ok_or_else(|| self.err(key, format!("bedrag {text:?} is not like \"1401.50\"")))?;
        Ok(Param { value, source: self.source(key, e)? })
    }

    fn rate(&self, key: &str, e: &RawEntry) -> Result<Param<BasisPoints>, Error> {
        let text = e.percentage.as_deref().ok_or_else(|| self.err(key, "percentage missing"))?;
        let value = BasisPoints::parse_percent(text)
            .ok_or_else(|| self.err(key, format!("percentage {text:?} is not like \"4.8\"")))?;
        Ok(Param { value, source: self.source(key, e)? })
    }

    fn whole_percent(&self, key: &str, e: &RawEntry) -> Result<Param<u32>, Error> {
        let rate = self.rate(key, e)?;
        if !rate.value.0.is_multiple_of(100) {
            return Err(self.err(key, "must be a whole percentage"));
        }
        Ok(Param { value: rate.value.0 / 100, source: rate.source })
    }

    fn years(&self, key: &str, e: &RawEntry) -> Result<Param<u8>, Error> {
        let value = e.jaren.ok_or_else(|| self.err(key, "jaren missing"))?;
        Ok(Param { value, source: self.source(key, e)? })
    }

    fn disregard(&self, key: &str, e: &RawEntry) -> Result<Disregard, Error> {
        let rate = self.rate(key, e)?;
        let max = e.maximum.as_deref().ok_or_else(|| self.err(key, "maximum missing"))?;
        let max_monthly =
            Cents::parse_euros(max).ok_or_else(|| self.err(key, format!("maximum {max:?} is not like \"285.00\"")))?;
        if e.maanden == Some(0) {
            return Err(self.err(key, "maanden must be at least 1"));
        }
        Ok(Disregard { rate: rate.value, max_monthly, months: e.maanden, source: rate.source })
    }
}

fn parse_file(name: &str, text: &str) -> Result<ParameterSet, Error> {
    let ctx = Ctx { file: name };
    let raw: RawFile = toml::from_str(text).map_err(|e| ctx.err("", format!("not valid parameter TOML: {e}")))?;
    let valid_from: Date =
        raw.geldig_vanaf.parse().map_err(|_| ctx.err("geldig_vanaf", "not a date like 2026-01-01"))?;
    if !name.starts_with(&raw.geldig_vanaf) {
        return Err(ctx.err("geldig_vanaf", "must match the file name"));
    }
    let valid_until: Option<Date> = raw
        .geldig_tot
        .as_deref()
        .map(|t| t.parse().map_err(|_| ctx.err("geldig_tot", "not a date like 2026-06-30")))
        .transpose()?;
    if valid_until.is_some_and(|u| u < valid_from) {
        return Err(ctx.err("geldig_tot", "before geldig_vanaf"));
    }
    let n = &raw.norm;
    let norms = Norms {
        single_18_20: ctx.amount("norm.alleenstaande_18_20", &n.alleenstaande_18_20)?,
        single_parent_18_20: ctx.amount("norm.alleenstaande_ouder_18_20", &n.alleenstaande_ouder_18_20)?,
        couple_both_18_20: ctx.amount("norm.gehuwden_beiden_18_20", &n.gehuwden_beiden_18_20)?,
        couple_both_18_20_children: ctx
            .amount("norm.gehuwden_beiden_18_20_met_kinderen", &n.gehuwden_beiden_18_20_met_kinderen)?,
        couple_one_18_20: ctx.amount("norm.gehuwden_een_18_20", &n.gehuwden_een_18_20)?,
        couple_one_18_20_children: ctx
            .amount("norm.gehuwden_een_18_20_met_kinderen", &n.gehuwden_een_18_20_met_kinderen)?,
        young_without_parents_increase: n
            .verhoging_18_20_zonder_ouders
            .as_ref()
            .map(|e| ctx.amount("norm.verhoging_18_20_zonder_ouders", e))
            .transpose()?,
        single_21: ctx.amount("norm.alleenstaande_21", &n.alleenstaande_21)?,
        couple_21: ctx.amount("norm.gehuwden_21", &n.gehuwden_21)?,
        single_pension_age: ctx.amount("norm.alleenstaande_aow", &n.alleenstaande_aow)?,
        couple_both_pension_age: ctx.amount("norm.gehuwden_beiden_aow", &n.gehuwden_beiden_aow)?,
        couple_one_pension_age: ctx.amount("norm.gehuwden_een_aow", &n.gehuwden_een_aow)?,
    };
    let k = &raw.kostendelers;
    let cost_sharing = CostSharing {
        min_age: ctx.years("kostendelers.minimumleeftijd", &k.minimumleeftijd)?,
        base_percent: ctx.whole_percent("kostendelers.basispercentage", &k.basispercentage)?,
        per_person_percent: ctx.whole_percent("kostendelers.percentage_per_persoon", &k.percentage_per_persoon)?,
        young_spouse_children: k
            .jonge_partner_met_kinderen
            .as_ref()
            .map(|e| ctx.amount("kostendelers.jonge_partner_met_kinderen", e))
            .transpose()?,
        young_spouse_no_children: k
            .jonge_partner_zonder_kinderen
            .as_ref()
            .map(|e| ctx.amount("kostendelers.jonge_partner_zonder_kinderen", e))
            .transpose()?,
        mantelzorg_exception: k
            .mantelzorg_uitzondering
            .as_ref()
            .map(|e| ctx.source("kostendelers.mantelzorg_uitzondering", e))
            .transpose()?,
    };
    if cost_sharing.young_spouse_children.is_some() != cost_sharing.young_spouse_no_children.is_some() {
        return Err(ctx.err("kostendelers.jonge_partner_*", "give both amounts of 22a.3 or neither"));
    }
    let v = &raw.vrijlating;
    let disregards = Disregards {
        work: ctx.disregard("vrijlating.arbeid", &v.arbeid)?,
        single_parent: ctx.disregard("vrijlating.alleenstaande_ouder", &v.alleenstaande_ouder)?,
        single_parent_child_age_below: ctx
            .years("vrijlating.alleenstaande_ouder_kind_jonger_dan", &v.alleenstaande_ouder_kind_jonger_dan)?,
        medically_limited: ctx.disregard("vrijlating.medisch_urenbeperkt", &v.medisch_urenbeperkt)?,
        min_age: ctx.years("vrijlating.minimumleeftijd", &v.minimumleeftijd)?,
    };
    if disregards.work.months.is_none() || disregards.single_parent.months.is_none() {
        return Err(ctx.err("vrijlating", "onderdelen n and r need maanden"));
    }
    let pension_age = Param {
        value: PensionAge {
            years: raw
                .pensioengerechtigde_leeftijd
                .jaren
                .ok_or_else(|| ctx.err("pensioengerechtigde_leeftijd", "jaren missing"))?,
            months: u8::try_from(raw.pensioengerechtigde_leeftijd.maanden.unwrap_or(0))
                .ok()
                .filter(|m| *m < 12)
                .ok_or_else(|| ctx.err("pensioengerechtigde_leeftijd", "maanden must be 0–11"))?,
        },
        source: ctx.source("pensioengerechtigde_leeftijd", &raw.pensioengerechtigde_leeftijd)?,
    };
    Ok(ParameterSet {
        valid_from,
        valid_until,
        law_url: raw.wet_url,
        pension_age,
        norms,
        cost_sharing,
        holiday_allowance: ctx.rate("vakantietoeslag", &raw.vakantietoeslag)?,
        disregards,
    })
}

/// Parses one parameter file; exposed for tests and for municipalities that
/// want to check a file before proposing it.
pub fn parse_parameter_file(name: &str, text: &str) -> Result<ParameterSet, Error> {
    parse_file(name, text)
}

/// The raw embedded files, for tests that compare them with the law text.
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    EMBEDDED
}

#[cfg(test)]
mod tests {
    use super::{Source, SourceStatus};

    fn source(law: &str, article: &str) -> Source {
        Source {
            law: law.into(),
            article: article.into(),
            url: String::new(),
            status: SourceStatus::Wettekst,
            note: None,
        }
    }

    #[test]
    fn citations_read_like_the_law() {
        assert_eq!(source("Participatiewet", "31.2.n").citation_nl(), "artikel 31 lid 2 onderdeel n Participatiewet");
        assert_eq!(
            source("Participatiewet", "19a.1.d.1°").citation_nl(),
            "artikel 19a lid 1 onderdeel d sub 1° Participatiewet"
        );
        assert_eq!(source("Participatiewet", "21.a").citation_en(), "Participatiewet, article 21(a)");
        assert_eq!(source("Wet IB 2001", "8.11:2.a").citation_nl(), "artikel 8.11 lid 2 onderdeel a Wet IB 2001");
        assert_eq!(source("Wet IB 2001", "2.10:1").citation_en(), "Wet IB 2001, article 2.10(1)");
        assert_eq!(source("Wet IB 2001", "8.10:").citation_nl(), "artikel 8.10 Wet IB 2001");
        assert_eq!(source("Raadsbrief", "pakket 2").citation_nl(), "Raadsbrief, pakket 2");
    }
}
