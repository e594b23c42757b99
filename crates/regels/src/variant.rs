//! Policy variants: *Bijstand op maat* packages and experiment arms.
//!
//! A variant changes the "policy conditions" of the base benefit in a fixed
//! vocabulary of modifiers, declared as data in `varianten/<id>.toml`. A
//! municipality defines its own variant by writing such a file; no code is
//! needed. The base calculation is the variant with no modifiers.
//!
//! The modifiers and where the calculation applies them (see `calc.rs`):
//!
//! | key | effect |
//! |---|---|
//! | `kosten_delen` | co-residents with an agreement to share costs (`kosten_delen_sinds`) do not count as kostendelers, for at most `maanden` months |
//! | `vrijlating_arbeid` | an earnings disregard (percentage, optional maximum, months, minimum age) instead of or beside the law's (`beste_van_wet`) |
//! | `verdeling_inkomsten` | earnings do not lower the benefit; they are split in tiers between the resident and others (De Plek) |
//! | `eenmalige_inkomsten_vrij` | one-off receipts (an inheritance) do not count up to a maximum |
//! | `samenwerking` | the cooperation deduction of a person (acquisition costs, payment for the agreed service) comes off their earnings |
//! | `maatregelen` | the afstemmingsverordening's table: category → percentage of the norm and months |
//! | `korting` | the benefit is lowered by a fixed amount; with `uitstroompremie`, what is withheld is saved for a premium on leaving |
//!
//! Conditions without money in them (no work obligation, a meeting schedule)
//! are listed under `voorwaarden` and shown in the explanation.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::{Error, Problem};
use crate::money::{BasisPoints, Cents};
use crate::params::{Param, Source, SourceStatus};

/// The variants shipped with ademruimte, in the order they are shown.
const EMBEDDED: &[(&str, &str)] = &[
    ("basis.toml", include_str!("../varianten/basis.toml")),
    ("kosten-delen.toml", include_str!("../varianten/kosten-delen.toml")),
    ("bijverdienen-en-investeren.toml", include_str!("../varianten/bijverdienen-en-investeren.toml")),
    ("ondersteuning-op-maat.toml", include_str!("../varianten/ondersteuning-op-maat.toml")),
    ("onderling-samenwerken.toml", include_str!("../varianten/onderling-samenwerken.toml")),
    ("dicht-op-de-huid.toml", include_str!("../varianten/dicht-op-de-huid.toml")),
    ("experiment-2017-vrijstelling.toml", include_str!("../varianten/experiment-2017-vrijstelling.toml")),
    ("experiment-2017-begeleiding.toml", include_str!("../varianten/experiment-2017-begeleiding.toml")),
    ("experiment-2017-bijverdienen.toml", include_str!("../varianten/experiment-2017-bijverdienen.toml")),
    ("experiment-2017-controle.toml", include_str!("../varianten/experiment-2017-controle.toml")),
    ("de-plek.toml", include_str!("../varianten/de-plek.toml")),
];

/// Longest period a modifier may run, in months (ten years). Bounds every
/// month count in the calculation.
pub const MONTHS_MAX: u32 = 120;
/// Most tiers in `verdeling_inkomsten` and categories in `maatregelen`.
pub const ITEMS_MAX: usize = 9;

/// Where a tier of earnings can go under `verdeling_inkomsten`.
pub const DESTINATIONS: &[&str] = &["deelnemer", "de_plek", "fonds"];

/// A text in Dutch (B1) and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Nl => &self.nl,
            crate::Lang::En => &self.en,
        }
    }
}

/// One policy variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Stable id, the file name without `.toml`: `bijverdienen-en-investeren`.
    pub id: String,
    pub name: Text,
    pub description: Text,
    /// The legal or experimental basis of the variant as a whole.
    pub basis: Source,
    /// Conditions the resident agrees to; shown, not computed.
    pub conditions: Vec<Text>,
    pub cost_sharing: Option<Param<u32>>,
    pub work_disregard: Option<WorkDisregard>,
    pub earnings_split: Option<EarningsSplit>,
    pub one_off_free: Option<Param<Cents>>,
    pub cooperation: Option<Source>,
    pub sanctions: Option<Sanctions>,
    pub reduction: Option<Reduction>,
}

/// `vrijlating_arbeid`: an earnings disregard set by the variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkDisregard {
    pub rate: BasisPoints,
    /// Monthly maximum; `None`: no maximum.
    pub max_monthly: Option<Cents>,
    /// Months of work it applies to, counted like the law's (month 1 is the
    /// month work started); `None`: no limit.
    pub months: Option<u32>,
    /// Minimum age; `None`: any age.
    pub min_age: Option<u8>,
    /// Apply the law's disregard instead when that is higher, so that nobody
    /// is worse off than in the base scheme.
    pub best_of_law: bool,
    pub source: Source,
}

/// Who receives a tier of the earnings under `verdeling_inkomsten`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    /// Upper bound of the tier (cumulative earnings per month); `None` for the
    /// last tier, which takes the rest.
    pub up_to: Option<Cents>,
    /// `deelnemer` for the resident; `de_plek` or `fonds` outside the
    /// household (see [`DESTINATIONS`]).
    pub to: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EarningsSplit {
    pub tiers: Vec<Tier>,
    pub source: Source,
}

impl EarningsSplit {
    /// Splits `earnings` over the tiers, in order. The parts add up to
    /// `earnings` exactly.
    pub fn split(&self, earnings: Cents) -> Vec<(&str, Cents)> {
        let mut out = Vec::with_capacity(self.tiers.len());
        let mut lower = 0i64;
        let mut left = earnings.get();
        for tier in &self.tiers {
            let size = match tier.up_to {
                Some(up) => (up.get() - lower).max(0),
                None => left,
            };
            let part = left.min(size);
            out.push((tier.to.as_str(), Cents::new(part)));
            left -= part;
            lower = tier.up_to.map_or(lower, Cents::get);
        }
        assert_eq!(left, 0, "the last tier takes the rest");
        out
    }
}

/// `maatregelen`: the afstemmingsverordening's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sanctions {
    pub categories: Vec<SanctionCategory>,
    pub source: Source,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SanctionCategory {
    pub category: u8,
    /// Percentage of the norm the bijstand is lowered by.
    pub rate: BasisPoints,
    pub months: u32,
}

/// `korting`: a fixed amount off the bijstand each month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reduction {
    pub amount: Cents,
    /// The amount withheld is saved and paid as an *uitstroompremie* when the
    /// resident leaves assistance.
    pub exit_premium: bool,
    pub source: Source,
}

impl Variant {
    /// The variants shipped with ademruimte, parsed on first use.
    pub fn embedded() -> Result<&'static [Variant], Error> {
        static ALL: OnceLock<Result<Vec<Variant>, Error>> = OnceLock::new();
        ALL.get_or_init(|| EMBEDDED.iter().map(|(name, text)| Variant::parse(name, text)).collect())
            .as_ref()
            .map(Vec::as_slice)
            .map_err(Clone::clone)
    }

    /// A shipped variant by id.
    pub fn by_id(id: &str) -> Result<&'static Variant, Error> {
        let all = Variant::embedded()?;
        all.iter().find(|v| v.id == id).ok_or_else(|| {
            Error::new("pakket", Problem::UnknownValue { value: id.to_owned(), allowed: embedded_ids() })
        })
    }

    /// Parses a variant file. `name` is the file name; the id is the name
    /// without `.toml`.
    pub fn parse(name: &str, text: &str) -> Result<Variant, Error> {
        let ctx = Ctx { file: name };
        let raw: RawVariant =
            toml::from_str(text).map_err(|e| ctx.err("", format!("not a valid variant file: {e}")))?;
        let id = name.rsplit('/').next().unwrap_or(name).trim_end_matches(".toml").to_owned();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(ctx.err("(naam)", "the file name must be lowercase letters, digits and '-'"));
        }
        let text_pair = |key: &str, nl: String, en: String| {
            if nl.trim().is_empty() || en.trim().is_empty() {
                Err(ctx.err(key, "needs a Dutch and an English text"))
            } else {
                Ok(Text { nl, en })
            }
        };
        let name = text_pair("naam", raw.naam, raw.naam_en)?;
        let description = text_pair("omschrijving", raw.omschrijving, raw.omschrijving_en)?;
        let basis = ctx.source("grondslag", &raw.grondslag)?;
        if raw.voorwaarden.len() > ITEMS_MAX {
            return Err(ctx.err("voorwaarden", format!("at most {ITEMS_MAX}")));
        }
        let conditions =
            raw.voorwaarden.into_iter().map(|c| text_pair("voorwaarden", c.nl, c.en)).collect::<Result<Vec<_>, _>>()?;
        let cost_sharing = raw
            .kosten_delen
            .map(|k| {
                Ok::<_, Error>(Param {
                    value: ctx.months("kosten_delen", Some(k.maanden))?.unwrap_or(0),
                    source: ctx.source("kosten_delen", &k.bron)?,
                })
            })
            .transpose()?;
        let work_disregard = raw
            .vrijlating_arbeid
            .map(|v| {
                Ok::<_, Error>(WorkDisregard {
                    rate: ctx.percent("vrijlating_arbeid.percentage", &v.percentage)?,
                    max_monthly: v.maximum.as_deref().map(|m| ctx.euros("vrijlating_arbeid.maximum", m)).transpose()?,
                    months: ctx.months("vrijlating_arbeid.maanden", v.maanden)?,
                    min_age: v.minimumleeftijd,
                    best_of_law: v.beste_van_wet,
                    source: ctx.source("vrijlating_arbeid", &v.bron)?,
                })
            })
            .transpose()?;
        let earnings_split = raw
            .verdeling_inkomsten
            .map(|v| {
                if v.schijven.is_empty() || v.schijven.len() > ITEMS_MAX {
                    return Err(ctx.err("verdeling_inkomsten.schijven", format!("give 1 to {ITEMS_MAX} tiers")));
                }
                let mut tiers = Vec::with_capacity(v.schijven.len());
                let mut previous = 0i64;
                for (i, s) in v.schijven.iter().enumerate() {
                    let last = i + 1 == v.schijven.len();
                    let up_to =
                        s.tot.as_deref().map(|t| ctx.euros("verdeling_inkomsten.schijven.tot", t)).transpose()?;
                    match (up_to, last) {
                        (Some(_), true) => {
                            return Err(ctx.err("verdeling_inkomsten.schijven", "the last tier has no 'tot'"));
                        }
                        (None, false) => {
                            return Err(ctx.err("verdeling_inkomsten.schijven", "every tier but the last needs 'tot'"));
                        }
                        (Some(u), false) if u.get() <= previous => {
                            return Err(ctx.err("verdeling_inkomsten.schijven", "'tot' must go up"));
                        }
                        (Some(u), false) => previous = u.get(),
                        (None, true) => {}
                    }
                    if !DESTINATIONS.contains(&s.naar.as_str()) {
                        return Err(ctx.err(
                            "verdeling_inkomsten.schijven.naar",
                            format!("{:?} is not one of {}", s.naar, DESTINATIONS.join(", ")),
                        ));
                    }
                    tiers.push(Tier { up_to, to: s.naar.clone() });
                }
                Ok(EarningsSplit { tiers, source: ctx.source("verdeling_inkomsten", &v.bron)? })
            })
            .transpose()?;
        if earnings_split.is_some() && work_disregard.is_some() {
            return Err(ctx.err("verdeling_inkomsten", "cannot be combined with vrijlating_arbeid"));
        }
        let one_off_free = raw
            .eenmalige_inkomsten_vrij
            .map(|e| {
                Ok::<_, Error>(Param {
                    value: ctx.euros("eenmalige_inkomsten_vrij.maximum", &e.maximum)?,
                    source: ctx.source("eenmalige_inkomsten_vrij", &e.bron)?,
                })
            })
            .transpose()?;
        let cooperation = raw.samenwerking.map(|s| ctx.source("samenwerking", &s.bron)).transpose()?;
        let sanctions = raw
            .maatregelen
            .map(|m| {
                if m.categorieen.is_empty() || m.categorieen.len() > ITEMS_MAX {
                    return Err(ctx.err("maatregelen.categorieen", format!("give 1 to {ITEMS_MAX} categories")));
                }
                let mut categories = Vec::with_capacity(m.categorieen.len());
                for c in &m.categorieen {
                    let rate = ctx.percent("maatregelen.categorieen.percentage", &c.percentage)?;
                    if rate.0 > 10_000 {
                        return Err(ctx.err("maatregelen.categorieen.percentage", "at most 100"));
                    }
                    if categories.iter().any(|x: &SanctionCategory| x.category == c.categorie) {
                        return Err(ctx.err("maatregelen.categorieen.categorie", "listed twice"));
                    }
                    let months = ctx.months("maatregelen.categorieen.maanden", Some(c.maanden))?.unwrap_or(0);
                    categories.push(SanctionCategory { category: c.categorie, rate, months });
                }
                Ok(Sanctions { categories, source: ctx.source("maatregelen", &m.bron)? })
            })
            .transpose()?;
        let reduction = raw
            .korting
            .map(|k| {
                Ok::<_, Error>(Reduction {
                    amount: ctx.euros("korting.bedrag", &k.bedrag)?,
                    exit_premium: k.uitstroompremie,
                    source: ctx.source("korting", &k.bron)?,
                })
            })
            .transpose()?;
        Ok(Variant {
            id,
            name,
            description,
            basis,
            conditions,
            cost_sharing,
            work_disregard,
            earnings_split,
            one_off_free,
            cooperation,
            sanctions,
            reduction,
        })
    }

    /// True for the variant without modifiers (the law as it is).
    pub fn is_base(&self) -> bool {
        self.cost_sharing.is_none()
            && self.work_disregard.is_none()
            && self.earnings_split.is_none()
            && self.one_off_free.is_none()
            && self.cooperation.is_none()
            && self.sanctions.is_none()
            && self.reduction.is_none()
    }
}

fn embedded_ids() -> &'static [&'static str] {
    static IDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    IDS.get_or_init(|| EMBEDDED.iter().map(|(name, _)| name.trim_end_matches(".toml")).collect())
}

/// The raw shipped files, for tests and documentation.
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    EMBEDDED
}

// ---------------------------------------------------------------------------
// File format (Dutch keys; unknown keys are errors).

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    naam: String,
    naam_en: String,
    omschrijving: String,
    omschrijving_en: String,
    grondslag: RawSource,
    #[serde(default)]
    voorwaarden: Vec<RawText>,
    kosten_delen: Option<RawCostSharing>,
    vrijlating_arbeid: Option<RawWorkDisregard>,
    verdeling_inkomsten: Option<RawSplit>,
    eenmalige_inkomsten_vrij: Option<RawOneOff>,
    samenwerking: Option<RawCooperation>,
    maatregelen: Option<RawSanctions>,
    korting: Option<RawReduction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    nl: String,
    en: String,
}

/// Where a rule of the variant comes from. `url` may be empty for a council
/// letter that is not online; `status` says how sure we are.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    bron: String,
    #[serde(default)]
    artikel: String,
    #[serde(default)]
    url: String,
    status: SourceStatus,
    opmerking: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCostSharing {
    maanden: u32,
    bron: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkDisregard {
    percentage: String,
    maximum: Option<String>,
    maanden: Option<u32>,
    minimumleeftijd: Option<u8>,
    #[serde(default)]
    beste_van_wet: bool,
    bron: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSplit {
    schijven: Vec<RawTier>,
    bron: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    tot: Option<String>,
    naar: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOneOff {
    maximum: String,
    bron: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCooperation {
    bron: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSanctions {
    categorieen: Vec<RawCategory>,
    bron: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    categorie: u8,
    percentage: String,
    maanden: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReduction {
    bedrag: String,
    #[serde(default)]
    uitstroompremie: bool,
    bron: RawSource,
}

struct Ctx<'a> {
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&self, key: &str, what: impl Into<String>) -> Error {
        Error::new(format!("{}: {key}", self.file), Problem::Parameter(what.into()))
    }

    fn source(&self, key: &str, s: &RawSource) -> Result<Source, Error> {
        if s.bron.trim().is_empty() {
            return Err(self.err(key, "bron is empty"));
        }
        if !s.url.is_empty() && !s.url.starts_with("https://") {
            return Err(self.err(key, "url must start with https://"));
        }
        if s.status != SourceStatus::Wettekst && s.opmerking.as_deref().unwrap_or("").trim().is_empty() {
            return Err(self.err(key, "a value not read in a legal text needs an opmerking"));
        }
        Ok(Source {
            law: s.bron.clone(),
            article: s.artikel.clone(),
            url: s.url.clone(),
            status: s.status,
            note: s.opmerking.clone(),
        })
    }

    fn euros(&self, key: &str, text: &str) -> Result<Cents, Error> {
        Cents::parse_euros(text)
            .filter(|c| c.get() > 0 && c.get() <= crate::money::CENTS_MAX)
            .ok_or_else(|| self.err(key, format!("{text:?} is not an amount like \"50.00\"")))
    }

    fn percent(&self, key: &str, text: &str) -> Result<BasisPoints, Error> {
        BasisPoints::parse_percent(text)
            .filter(|b| b.0 <= 10_000)
            .ok_or_else(|| self.err(key, format!("{text:?} is not a percentage from 0 to 100 like \"50\"")))
    }

    fn months(&self, key: &str, months: Option<u32>) -> Result<Option<u32>, Error> {
        match months {
            Some(m) if m == 0 || m > MONTHS_MAX => Err(self.err(key, format!("maanden must be 1 to {MONTHS_MAX}"))),
            other => Ok(other),
        }
    }
}
