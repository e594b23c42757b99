//! The design of an experiment: arms, eligibility, strata, block sizes,
//! dates, research questions, contacts, information-text versions, waves and
//! the questionnaire. [`Design::new`] checks everything once; every other
//! function in the crate takes a checked [`Design`].

use jiff::civil::Date;

use crate::error::{Error, Problem, check_key, check_text, unknown_key};
use crate::measure::{Questionnaire, Wave};

/// At most 8 arms: Groningen had 5 (three packages, free choice, control);
/// beyond 8 a municipality's few hundred volunteers leave every arm too small
/// to learn anything.
pub const MAX_ARMS: usize = 8;
/// Allocation weights 1–10 per arm (2:1:1 and the like); larger ratios are
/// better expressed by dropping an arm.
pub const MAX_WEIGHT: u8 = 10;
/// A permuted block holds at most 60 places, so a stratum's imbalance is
/// bounded by one block even in small strata.
pub const MAX_BLOCK_SIZE: u32 = 60;
/// Research questions and contacts: a short list a resident can read.
pub const MAX_QUESTIONS: usize = 10;
pub const MAX_CONTACTS: usize = 10;
/// Versions of the information text that may be consented to.
pub const MAX_INFORMATION_VERSIONS: usize = 20;
/// Rung bands for stratification (the participatieladder has 6 rungs).
pub const MAX_RUNG_BANDS: usize = 6;
/// Block multipliers to choose from (variable block sizes).
pub const MAX_BLOCK_MULTIPLIERS: usize = 4;
/// Free texts: a title, a question, a label.
pub const MAX_TEXT: usize = 500;
/// Targets per arm: Groningen invited about 9,000 people; 20,000 is above any
/// Dutch municipality's bijstand population that would volunteer.
pub const MAX_TARGET: u32 = 20_000;
/// The highest minimum of months on bijstand an eligibility rule may ask: 50 years.
pub const MAX_MIN_MONTHS_ON_BIJSTAND: u16 = 600;
/// The highest rung of the participatieladder.
pub const MAX_RUNG: u8 = 6;

/// What an arm offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArmKind {
    /// The ordinary rules (*controlegroep*).
    Control,
    /// One package or variant (a `regels::Variant` key such as
    /// `experiment-2017-bijverdienen`), assigned by lot.
    Package { variant: String },
    /// Assigned by lot like every arm; a resident in it then chooses one of
    /// `options` (Groningen's fourth arm). Only here may a resident choose.
    FreeChoice { options: Vec<String> },
}

/// One arm of the experiment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arm {
    /// Stable key, stored and exported (`vrijstelling`, `controle`).
    pub key: String,
    pub label_nl: String,
    pub kind: ArmKind,
    /// Allocation weight: 2:1:1 is weights 2, 1, 1.
    pub weight: u8,
    /// Number of participants the researchers hope for in this arm.
    pub target: u32,
}

/// Household type, as the law's norm categories group households. Used for
/// eligibility and strata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HouseholdType {
    Alleenstaande,
    AlleenstaandeOuder,
    Paar,
    PaarMetKinderen,
}

impl HouseholdType {
    pub const ALL: [HouseholdType; 4] = [
        HouseholdType::Alleenstaande,
        HouseholdType::AlleenstaandeOuder,
        HouseholdType::Paar,
        HouseholdType::PaarMetKinderen,
    ];
    pub const KEYS: [&'static str; 4] = ["alleenstaande", "alleenstaande_ouder", "paar", "paar_met_kinderen"];

    pub fn key(self) -> &'static str {
        match self {
            HouseholdType::Alleenstaande => "alleenstaande",
            HouseholdType::AlleenstaandeOuder => "alleenstaande_ouder",
            HouseholdType::Paar => "paar",
            HouseholdType::PaarMetKinderen => "paar_met_kinderen",
        }
    }

    pub fn from_key(key: &str) -> Option<HouseholdType> {
        HouseholdType::ALL.into_iter().find(|h| h.key() == key)
    }
}

/// What a resident is, for eligibility and strata. Holds no name or BSN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    pub age: u8,
    pub household_type: HouseholdType,
    /// Rung on the participatieladder, 1–6.
    pub rung: u8,
    pub months_on_bijstand: u16,
}

/// Who may take part. All conditions must hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eligibility {
    pub min_age: u8,
    pub max_age: u8,
    /// Empty: every household type.
    pub household_types: Vec<HouseholdType>,
    pub min_rung: u8,
    pub max_rung: u8,
    pub min_months_on_bijstand: u16,
}

impl Eligibility {
    /// Everyone from 18 until the AOW age (67 in 2025–2027): no rule beyond
    /// the Participatiewet's own. A design narrows it as it needs.
    pub fn open() -> Eligibility {
        Eligibility {
            min_age: 18,
            max_age: 66,
            household_types: Vec::new(),
            min_rung: 1,
            max_rung: MAX_RUNG,
            min_months_on_bijstand: 0,
        }
    }

    /// `Ok` or the first rule the profile does not meet, in words.
    pub fn check(&self, p: &Profile) -> Result<(), Problem> {
        let no = |nl: String, en: String| Err(Problem::NotEligible { nl, en });
        if p.age < self.min_age || p.age > self.max_age {
            return no(
                format!("De leeftijd moet van {} tot en met {} jaar zijn.", self.min_age, self.max_age),
                format!("The age must be from {} to {} years.", self.min_age, self.max_age),
            );
        }
        if !self.household_types.is_empty() && !self.household_types.contains(&p.household_type) {
            let keys: Vec<&str> = self.household_types.iter().map(|h| h.key()).collect();
            return no(
                format!("Dit experiment is alleen voor: {}.", keys.join(", ")),
                format!("This experiment is only for: {}.", keys.join(", ")),
            );
        }
        if p.rung < self.min_rung || p.rung > self.max_rung {
            return no(
                format!(
                    "De trede op de participatieladder moet van {} tot en met {} zijn.",
                    self.min_rung, self.max_rung
                ),
                format!("The participatieladder rung must be from {} to {}.", self.min_rung, self.max_rung),
            );
        }
        if p.months_on_bijstand < self.min_months_on_bijstand {
            return no(
                format!("U moet minstens {} maanden bijstand hebben.", self.min_months_on_bijstand),
                format!("At least {} months on bijstand are required.", self.min_months_on_bijstand),
            );
        }
        Ok(())
    }
}

/// How residents are grouped before randomisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stratification {
    pub by_household_type: bool,
    /// Inclusive bands of rungs, e.g. `[(1, 2), (3, 4), (5, 6)]`; empty: not
    /// stratified by rung. Bands must cover 1–6 without overlap, so every
    /// resident falls in exactly one.
    pub rung_bands: Vec<(u8, u8)>,
}

impl Stratification {
    /// The stratum a profile falls in, as a stable key (`paar|trede_3-4`);
    /// `alle` when not stratified.
    pub fn stratum_key(&self, p: &Profile) -> String {
        let mut parts = Vec::new();
        if self.by_household_type {
            parts.push(p.household_type.key().to_owned());
        }
        if let Some((lo, hi)) = self.rung_bands.iter().find(|(lo, hi)| (*lo..=*hi).contains(&p.rung)) {
            parts.push(format!("trede_{lo}-{hi}"));
        }
        if parts.is_empty() { "alle".to_owned() } else { parts.join("|") }
    }
}

/// A person to contact about the experiment (a researcher, the privacy
/// officer). Shown to residents; never exported with data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub role_nl: String,
    pub name: String,
    /// E-mail address or phone number.
    pub reach: String,
}

/// Everything a design consists of, as entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DesignSpec {
    pub key: String,
    pub title: String,
    pub research_questions: Vec<String>,
    pub contacts: Vec<Contact>,
    pub arms: Vec<Arm>,
    pub eligibility: Eligibility,
    pub stratification: Stratification,
    /// A block holds `m × Σ weights` places for an `m` drawn from this list
    /// (e.g. `[1, 2]`): varying block sizes make the last places of a block
    /// harder to guess.
    pub block_multipliers: Vec<u8>,
    /// First and last day of enrolment.
    pub start: Date,
    pub end: Date,
    /// Versions of the information text a consent may refer to.
    pub information_versions: Vec<String>,
    pub waves: Vec<Wave>,
    pub questionnaire: Questionnaire,
    /// Small-cell suppression: no group of fewer people is shown in the
    /// report or in a count on the pages (stored `drempel_kleine_aantallen`;
    /// [`DEFAULT_THRESHOLD`] when a design has none).
    pub threshold: u32,
}

/// The threshold when a design does not set one (as `ReportOptions`).
pub const DEFAULT_THRESHOLD: u32 = 10;
/// The bounds are those of the suppression itself.
pub use crate::suppress::{MAX_THRESHOLD, MIN_THRESHOLD};

/// A checked design.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Design {
    spec: DesignSpec,
}

impl Design {
    /// Checks the design: bounds, keys, dates, exactly one control arm, a
    /// baseline wave, rung bands that cover the ladder.
    pub fn new(spec: DesignSpec) -> Result<Design, Error> {
        check_key("sleutel", &spec.key)?;
        check_text("titel", &spec.title, MAX_TEXT)?;
        check_list("onderzoeksvragen", spec.research_questions.len(), 1, MAX_QUESTIONS)?;
        for (i, q) in spec.research_questions.iter().enumerate() {
            check_text(&format!("onderzoeksvragen[{i}]"), q, MAX_TEXT)?;
        }
        check_list("contactpersonen", spec.contacts.len(), 1, MAX_CONTACTS)?;
        for (i, c) in spec.contacts.iter().enumerate() {
            check_text(&format!("contactpersonen[{i}].rol"), &c.role_nl, MAX_TEXT)?;
            check_text(&format!("contactpersonen[{i}].naam"), &c.name, MAX_TEXT)?;
            check_text(&format!("contactpersonen[{i}].bereikbaar"), &c.reach, MAX_TEXT)?;
        }
        check_arms(&spec.arms)?;
        check_eligibility(&spec.eligibility)?;
        check_stratification(&spec.stratification)?;
        check_list("blokvermenigvuldigers", spec.block_multipliers.len(), 1, MAX_BLOCK_MULTIPLIERS)?;
        let weight_sum: u32 = spec.arms.iter().map(|a| u32::from(a.weight)).sum();
        for (i, m) in spec.block_multipliers.iter().enumerate() {
            let f = format!("blokvermenigvuldigers[{i}]");
            let max = MAX_BLOCK_SIZE / weight_sum.max(1);
            if *m == 0 || u32::from(*m) > max {
                return Err(Error::new(f, Problem::OutOfRange { min: 1, max: i64::from(max) }));
            }
        }
        if spec.end <= spec.start {
            return Err(Error::new("einde", Problem::NotAfter { date: spec.end, previous: spec.start }));
        }
        check_list("versies_informatietekst", spec.information_versions.len(), 1, MAX_INFORMATION_VERSIONS)?;
        for (i, v) in spec.information_versions.iter().enumerate() {
            check_key(&format!("versies_informatietekst[{i}]"), v)?;
            if spec.information_versions[..i].contains(v) {
                return Err(Error::new(
                    format!("versies_informatietekst[{i}]"),
                    Problem::Duplicate { value: v.clone() },
                ));
            }
        }
        crate::measure::check_waves(&spec.waves)?;
        if !(MIN_THRESHOLD..=MAX_THRESHOLD).contains(&spec.threshold) {
            return Err(Error::new(
                "drempel_kleine_aantallen",
                Problem::OutOfRange { min: i64::from(MIN_THRESHOLD), max: i64::from(MAX_THRESHOLD) },
            ));
        }
        spec.questionnaire.check()?;
        Ok(Design { spec })
    }

    pub fn spec(&self) -> &DesignSpec {
        &self.spec
    }

    pub fn arms(&self) -> &[Arm] {
        &self.spec.arms
    }

    pub fn arm(&self, key: &str) -> Option<&Arm> {
        self.spec.arms.iter().find(|a| a.key == key)
    }

    /// The control arm (there is exactly one; checked in [`Design::new`]).
    pub fn control(&self) -> &Arm {
        let i = self.spec.arms.iter().position(|a| a.kind == ArmKind::Control).unwrap_or(0);
        &self.spec.arms[i]
    }

    pub fn waves(&self) -> &[Wave] {
        &self.spec.waves
    }

    pub fn wave(&self, key: &str) -> Option<&Wave> {
        self.spec.waves.iter().find(|w| w.key == key)
    }

    pub fn questionnaire(&self) -> &Questionnaire {
        &self.spec.questionnaire
    }

    /// Σ weights: the size of a block with multiplier 1.
    pub fn weight_sum(&self) -> u32 {
        self.spec.arms.iter().map(|a| u32::from(a.weight)).sum()
    }

    /// The largest block in places.
    pub fn max_block_size(&self) -> u32 {
        self.weight_sum() * self.spec.block_multipliers.iter().map(|m| u32::from(*m)).max().unwrap_or(1)
    }

    pub fn stratum_key(&self, p: &Profile) -> String {
        self.spec.stratification.stratum_key(p)
    }
}

pub(crate) fn check_list(field: &str, len: usize, min: usize, max: usize) -> Result<(), Error> {
    if len < min {
        return Err(Error::new(field, Problem::TooFew { min }));
    }
    if len > max {
        return Err(Error::new(field, Problem::TooMany { max }));
    }
    Ok(())
}

fn check_arms(arms: &[Arm]) -> Result<(), Error> {
    check_list("armen", arms.len(), 2, MAX_ARMS)?;
    let controls = arms.iter().filter(|a| a.kind == ArmKind::Control).count();
    if controls != 1 {
        return Err(Error::new(
            "armen",
            Problem::Format {
                nl: "Er moet precies één controlegroep zijn: daarmee vergelijken we elke andere groep.",
                en: "There must be exactly one control arm: every other arm is compared with it.",
            },
        ));
    }
    for (i, a) in arms.iter().enumerate() {
        let f = format!("armen[{i}]");
        check_key(&format!("{f}.sleutel"), &a.key)?;
        if arms[..i].iter().any(|b| b.key == a.key) {
            return Err(Error::new(format!("{f}.sleutel"), Problem::Duplicate { value: a.key.clone() }));
        }
        check_text(&format!("{f}.naam"), &a.label_nl, MAX_TEXT)?;
        if a.weight == 0 || a.weight > MAX_WEIGHT {
            return Err(Error::new(format!("{f}.gewicht"), Problem::OutOfRange { min: 1, max: i64::from(MAX_WEIGHT) }));
        }
        if a.target > MAX_TARGET {
            return Err(Error::new(
                format!("{f}.streefaantal"),
                Problem::OutOfRange { min: 0, max: i64::from(MAX_TARGET) },
            ));
        }
        match &a.kind {
            ArmKind::Control => {}
            ArmKind::Package { variant } => check_key(&format!("{f}.pakket"), variant)?,
            ArmKind::FreeChoice { options } => {
                check_list(&format!("{f}.keuzes"), options.len(), 2, MAX_ARMS)?;
                for (j, o) in options.iter().enumerate() {
                    check_key(&format!("{f}.keuzes[{j}]"), o)?;
                    if options[..j].contains(o) {
                        return Err(Error::new(format!("{f}.keuzes[{j}]"), Problem::Duplicate { value: o.clone() }));
                    }
                }
            }
        }
    }
    Ok(())
}

fn check_eligibility(e: &Eligibility) -> Result<(), Error> {
    if e.min_age < 18 || e.min_age > 67 {
        return Err(Error::new("toelating.minimumleeftijd", Problem::OutOfRange { min: 18, max: 67 }));
    }
    if e.max_age < e.min_age || e.max_age > 67 {
        return Err(Error::new(
            "toelating.maximumleeftijd",
            Problem::OutOfRange { min: i64::from(e.min_age), max: 67 },
        ));
    }
    if e.min_rung == 0 || e.min_rung > MAX_RUNG {
        return Err(Error::new("toelating.laagste_trede", Problem::OutOfRange { min: 1, max: i64::from(MAX_RUNG) }));
    }
    if e.max_rung < e.min_rung || e.max_rung > MAX_RUNG {
        return Err(Error::new(
            "toelating.hoogste_trede",
            Problem::OutOfRange { min: i64::from(e.min_rung), max: i64::from(MAX_RUNG) },
        ));
    }
    for (i, h) in e.household_types.iter().enumerate() {
        if e.household_types[..i].contains(h) {
            return Err(Error::new(
                format!("toelating.huishoudtypen[{i}]"),
                Problem::Duplicate { value: h.key().to_owned() },
            ));
        }
    }
    if e.min_months_on_bijstand > MAX_MIN_MONTHS_ON_BIJSTAND {
        return Err(Error::new(
            "toelating.minimum_maanden_bijstand",
            Problem::OutOfRange { min: 0, max: i64::from(MAX_MIN_MONTHS_ON_BIJSTAND) },
        ));
    }
    Ok(())
}

fn check_stratification(s: &Stratification) -> Result<(), Error> {
    if s.rung_bands.is_empty() {
        return Ok(());
    }
    check_list("strata.tredegroepen", s.rung_bands.len(), 1, MAX_RUNG_BANDS)?;
    let mut next = 1u8;
    for (i, (lo, hi)) in s.rung_bands.iter().enumerate() {
        if *lo != next || hi < lo || *hi > MAX_RUNG {
            return Err(Error::new(
                format!("strata.tredegroepen[{i}]"),
                Problem::Format {
                    nl: "De tredegroepen moeten op volgorde de treden 1 tot en met 6 dekken, zonder gat of overlap.",
                    en: "The rung bands must cover rungs 1 to 6 in order, without gap or overlap.",
                },
            ));
        }
        next = hi.saturating_add(1);
    }
    if next != MAX_RUNG + 1 {
        return Err(Error::new(
            "strata.tredegroepen",
            Problem::Format {
                nl: "De tredegroepen moeten tot en met trede 6 lopen.",
                en: "The rung bands must run up to rung 6.",
            },
        ));
    }
    Ok(())
}

/// The key of an arm kind, for stored records.
pub fn arm_kind_key(kind: &ArmKind) -> &'static str {
    match kind {
        ArmKind::Control => "controle",
        ArmKind::Package { .. } => "pakket",
        ArmKind::FreeChoice { .. } => "vrije_keuze",
    }
}

/// Reads a household type key or names the allowed keys.
pub fn household_type_from_key(field: &str, key: &str) -> Result<HouseholdType, Error> {
    HouseholdType::from_key(key).ok_or_else(|| unknown_key(field, key, &HouseholdType::KEYS))
}
