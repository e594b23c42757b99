//! The public figures a synthetic population is calibrated to, each with its
//! source.
//!
//! A calibration file (`data/<gemeente>.toml`) has one table per figure. Every
//! table names its source with `bron`, `url`, `jaar` and `schaal`:
//! `gemeente` (a figure for this municipality), `nederland` (a national figure
//! used because no local one was found) or `aanname` (our assumption, with the
//! reason in `opmerking`). The generator reads nothing else, so every choice
//! that shapes a simulation is written down next to its source.

use std::collections::BTreeMap;

use regels::Cents;

/// A share in units of 1/100 000 (so 61.5 % is 61 500).
pub type Share = u32;

pub const SHARE_ONE: Share = 100_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureSource {
    pub source: String,
    pub url: String,
    pub year: String,
    pub scale: Scale,
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Gemeente,
    Nederland,
    Aanname,
}

impl Scale {
    pub fn key(self) -> &'static str {
        match self {
            Scale::Gemeente => "gemeente",
            Scale::Nederland => "nederland",
            Scale::Aanname => "aanname",
        }
    }
}

/// A distribution over named categories (shares sum to [`SHARE_ONE`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Distribution {
    /// In the order of the category names the generator asks for.
    pub shares: Vec<(&'static str, Share)>,
    pub source: FigureSource,
}

impl Distribution {
    pub fn weights(&self) -> Vec<u32> {
        self.shares.iter().map(|(_, s)| *s).collect()
    }

    pub fn share(&self, name: &str) -> Share {
        self.shares.iter().find(|(n, _)| *n == name).map_or(0, |(_, s)| *s)
    }
}

/// One share (the part of the population with some property).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proportion {
    pub share: Share,
    pub source: FigureSource,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calibration {
    pub gemeente: String,
    pub cbs_code: String,
    /// Households with algemene bijstand.
    pub households: u32,
    pub households_source: FigureSource,
    /// `alleenstaande`, `alleenstaande_ouder`, `paar_zonder_kinderen`, `paar_met_kinderen`.
    pub household_type: Distribution,
    /// Age of the applicant: `18_20`, `21_26`, `27_44`, `45_54`, `55_aow`, `aow`.
    pub applicant_age: Distribution,
    /// Number of children in households with children: `een`, `twee`, `drie`.
    pub children: Distribution,
    /// Households with at least one kostendelende medebewoner.
    pub cost_sharers: Proportion,
    /// Applicants with income from work beside the bijstand.
    pub work: Proportion,
    /// Net monthly wages of those who work: `tot_250`, `250_500`, `500_1000`, `1000_1500`.
    pub wages: Distribution,
    /// Partners with income from work.
    pub partner_work: Proportion,
    /// Applicants who are *medisch urenbeperkt* (art. 31 lid 2 onder y).
    pub medically_limited: Proportion,
    /// Applicants with another benefit beside the bijstand (aanvullende bijstand).
    pub other_benefit: Proportion,
    /// Rent (kale huur) per month: the quartiles.
    pub rent_quartiles: [Cents; 3],
    pub rent_source: FigureSource,
}

pub const HOUSEHOLD_TYPES: [&str; 4] =
    ["alleenstaande", "alleenstaande_ouder", "paar_zonder_kinderen", "paar_met_kinderen"];
pub const AGE_BANDS: [&str; 6] = ["18_20", "21_26", "27_44", "45_54", "55_aow", "aow"];
pub const CHILD_COUNTS: [&str; 3] = ["een", "twee", "drie"];
pub const WAGE_BANDS: [&str; 4] = ["tot_250", "250_500", "500_1000", "1000_1500"];

/// An error in a calibration file: the table and key, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalibrationError {
    pub field: String,
    pub problem: String,
}

impl std::fmt::Display for CalibrationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "kalibratiebestand, veld '{}': {}", self.field, self.problem)
    }
}

impl std::error::Error for CalibrationError {}

fn fail(field: impl Into<String>, problem: impl Into<String>) -> CalibrationError {
    CalibrationError { field: field.into(), problem: problem.into() }
}

const EMBEDDED: &[(&str, &str)] = &[("groningen", include_str!("../data/groningen.toml"))];

impl Calibration {
    /// The municipalities with a calibration file shipped in the binary.
    pub fn embedded_names() -> Vec<&'static str> {
        EMBEDDED.iter().map(|(n, _)| *n).collect()
    }

    pub fn embedded(name: &str) -> Result<Calibration, CalibrationError> {
        let Some((_, text)) = EMBEDDED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) else {
            return Err(fail(
                "gemeente",
                format!("onbekend: '{name}'; bekend zijn: {}", Calibration::embedded_names().join(", ")),
            ));
        };
        Calibration::parse(text)
    }

    pub fn parse(text: &str) -> Result<Calibration, CalibrationError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| fail("bestand", e.to_string()))?;
        let known = [
            "gemeente",
            "cbs_code",
            "huishoudens",
            "huishoudtype",
            "leeftijd_aanvrager",
            "kinderen",
            "kostendelers",
            "arbeid",
            "arbeidsloon",
            "arbeid_partner",
            "medisch_urenbeperkt",
            "andere_uitkering",
            "huur",
        ];
        if let Some(k) = table.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(fail(k.as_str(), "onbekende tabel"));
        }
        let text_of = |key: &str| -> Result<String, CalibrationError> {
            table.get(key).and_then(|v| v.as_str()).map(str::to_owned).ok_or_else(|| fail(key, "ontbreekt (tekst)"))
        };
        let section = |key: &str| -> Result<&toml::Table, CalibrationError> {
            table.get(key).and_then(|v| v.as_table()).ok_or_else(|| fail(key, "tabel ontbreekt"))
        };
        let households_table = section("huishoudens")?;
        let households = households_table
            .get("aantal")
            .and_then(|v| v.as_integer())
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| fail("huishoudens.aantal", "moet een positief geheel getal zijn"))?;
        let rent = section("huur")?;
        let euros = |k: &str| -> Result<Cents, CalibrationError> {
            rent.get(k)
                .and_then(|v| v.as_str())
                .and_then(Cents::parse_euros)
                .ok_or_else(|| fail(format!("huur.{k}"), "moet een bedrag zijn als \"612.50\""))
        };
        let rent_quartiles = [euros("p25")?, euros("p50")?, euros("p75")?];
        if !(rent_quartiles[0] <= rent_quartiles[1] && rent_quartiles[1] <= rent_quartiles[2]) {
            return Err(fail("huur", "p25 <= p50 <= p75 moet gelden"));
        }
        Ok(Calibration {
            gemeente: text_of("gemeente")?,
            cbs_code: text_of("cbs_code")?,
            households,
            households_source: source("huishoudens", households_table, &["aantal"])?,
            household_type: distribution("huishoudtype", section("huishoudtype")?, &HOUSEHOLD_TYPES)?,
            applicant_age: distribution("leeftijd_aanvrager", section("leeftijd_aanvrager")?, &AGE_BANDS)?,
            children: distribution("kinderen", section("kinderen")?, &CHILD_COUNTS)?,
            cost_sharers: proportion("kostendelers", section("kostendelers")?)?,
            work: proportion("arbeid", section("arbeid")?)?,
            wages: distribution("arbeidsloon", section("arbeidsloon")?, &WAGE_BANDS)?,
            partner_work: proportion("arbeid_partner", section("arbeid_partner")?)?,
            medically_limited: proportion("medisch_urenbeperkt", section("medisch_urenbeperkt")?)?,
            other_benefit: proportion("andere_uitkering", section("andere_uitkering")?)?,
            rent_quartiles,
            rent_source: source("huur", rent, &["p25", "p50", "p75"])?,
        })
    }

    /// Every figure with its source, for the report and the docs.
    pub fn figures(&self) -> Vec<(&'static str, String, &FigureSource)> {
        let dist = |d: &Distribution| {
            d.shares.iter().map(|(n, s)| format!("{n} {}", share_text(*s))).collect::<Vec<_>>().join(", ")
        };
        vec![
            ("huishoudens", self.households.to_string(), &self.households_source),
            ("huishoudtype", dist(&self.household_type), &self.household_type.source),
            ("leeftijd_aanvrager", dist(&self.applicant_age), &self.applicant_age.source),
            ("kinderen", dist(&self.children), &self.children.source),
            ("kostendelers", share_text(self.cost_sharers.share), &self.cost_sharers.source),
            ("arbeid", share_text(self.work.share), &self.work.source),
            ("arbeidsloon", dist(&self.wages), &self.wages.source),
            ("arbeid_partner", share_text(self.partner_work.share), &self.partner_work.source),
            ("medisch_urenbeperkt", share_text(self.medically_limited.share), &self.medically_limited.source),
            ("andere_uitkering", share_text(self.other_benefit.share), &self.other_benefit.source),
            (
                "huur",
                format!(
                    "p25 {}, p50 {}, p75 {}",
                    self.rent_quartiles[0].display_nl(),
                    self.rent_quartiles[1].display_nl(),
                    self.rent_quartiles[2].display_nl()
                ),
                &self.rent_source,
            ),
        ]
    }
}

/// "61,5 %" for 61 500.
pub fn share_text(s: Share) -> String {
    let tenths = (s + 50) / 100;
    format!("{},{} %", tenths / 10, tenths % 10)
}

const SOURCE_KEYS: [&str; 5] = ["bron", "url", "jaar", "schaal", "opmerking"];

fn source(name: &str, t: &toml::Table, value_keys: &[&str]) -> Result<FigureSource, CalibrationError> {
    if let Some(k) = t.keys().find(|k| !SOURCE_KEYS.contains(&k.as_str()) && !value_keys.contains(&k.as_str())) {
        return Err(fail(format!("{name}.{k}"), "onbekend veld"));
    }
    let get = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let scale = match get("schaal").as_deref() {
        Some("gemeente") => Scale::Gemeente,
        Some("nederland") => Scale::Nederland,
        Some("aanname") => Scale::Aanname,
        _ => return Err(fail(format!("{name}.schaal"), "moet 'gemeente', 'nederland' of 'aanname' zijn")),
    };
    let source = get("bron").ok_or_else(|| fail(format!("{name}.bron"), "ontbreekt"))?;
    let url = get("url").unwrap_or_default();
    if scale != Scale::Aanname && !url.starts_with("https://") {
        return Err(fail(format!("{name}.url"), "een bron buiten 'aanname' heeft een https-adres nodig"));
    }
    let note = get("opmerking");
    if scale == Scale::Aanname && note.is_none() {
        return Err(fail(format!("{name}.opmerking"), "een aanname heeft een opmerking met de reden nodig"));
    }
    Ok(FigureSource { source, url, year: get("jaar").unwrap_or_default(), scale, note })
}

fn percent(field: String, v: Option<&toml::Value>) -> Result<Share, CalibrationError> {
    let text =
        v.and_then(|v| v.as_str()).ok_or_else(|| fail(field.as_str(), "ontbreekt (procent als tekst, \"61.5\")"))?;
    let bp = regels::BasisPoints::parse_percent(text)
        .ok_or_else(|| fail(field.as_str(), format!("'{text}' is geen percentage als \"61.5\"")))?;
    let share = u32::try_from(i64::from(bp.0) * 10).map_err(|_| fail(field.as_str(), "buiten bereik"))?;
    if share > SHARE_ONE {
        return Err(fail(field, "meer dan 100 procent"));
    }
    Ok(share)
}

fn distribution(name: &str, t: &toml::Table, names: &[&'static str]) -> Result<Distribution, CalibrationError> {
    let mut shares = Vec::new();
    for n in names {
        shares.push((*n, percent(format!("{name}.{n}"), t.get(*n))?));
    }
    let total: u32 = shares.iter().map(|(_, s)| *s).sum();
    // Published shares are rounded; allow half a percent either way.
    if total.abs_diff(SHARE_ONE) > 500 {
        return Err(fail(name, format!("de percentages tellen op tot {}, niet tot 100", share_text(total))));
    }
    Ok(Distribution { shares, source: source(name, t, names)? })
}

fn proportion(name: &str, t: &toml::Table) -> Result<Proportion, CalibrationError> {
    Ok(Proportion {
        share: percent(format!("{name}.procent"), t.get("procent"))?,
        source: source(name, t, &["procent"])?,
    })
}

/// The shares of a distribution as a map, for tests and reports.
pub fn as_map(d: &Distribution) -> BTreeMap<&'static str, Share> {
    d.shares.iter().copied().collect()
}
