//! Buddies: people who know from experience what living in poverty means and
//! walk along with a household for at least a year (seed 002: "Zij trekken
//! minimaal een jaar lang op met een gezin"), linked to a fixed WIJ-medewerker,
//! trained at the Buddy Academie (seed 001).
//!
//! - [`BuddyProfile`]: lived-experience themes from a fixed list, the CBS
//!   buurt, languages, hours free per week, the Buddy Academie date.
//! - [`suggestions`]: a ranked list of buddies for a household, each with its
//!   score out of 100 taken apart into named criteria with stated weights,
//!   and the buddies left out with the reason. A suggestion, never a decision:
//!   the WIJ-medewerker and the household choose.
//! - [`Assignment`]: a buddy and a household, with the WIJ-medewerker, at least
//!   [`MIN_MONTHS`] months, and a reminder [`DEFAULT_REMINDER_WEEKS`]
//!   weeks before the end.
//! - [`Contact`]: the contact log. Visibility rule: see
//!   [`Contact::visible_to_deelnemer`].

use std::collections::BTreeSet;

use jiff::civil::Date;
use platform::rol::Role;
use platform::toegang::HouseholdId;

use crate::error::{Error, Problem};
use crate::text::{Lang, free_text, pick, plus_days, plus_months, unknown_key};

/// Lived experience a buddy brings, and a household may want help with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Theme {
    Debts,
    LongTermBijstand,
    SingleParent,
    Health,
    NewcomerLanguage,
    Loneliness,
    BackToLearning,
    BackToWork,
}

impl Theme {
    pub const ALL: [Theme; 8] = [
        Theme::Debts,
        Theme::LongTermBijstand,
        Theme::SingleParent,
        Theme::Health,
        Theme::NewcomerLanguage,
        Theme::Loneliness,
        Theme::BackToLearning,
        Theme::BackToWork,
    ];
    pub const KEYS: [&'static str; 8] = [
        "schulden",
        "langdurig_bijstand",
        "alleenstaand_ouder",
        "gezondheid",
        "taal_nieuwkomer",
        "eenzaamheid",
        "weer_leren",
        "weer_werken",
    ];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Theme> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    pub fn parse(field: &str, key: &str) -> Result<Theme, Error> {
        Theme::from_key(key).ok_or_else(|| unknown_key(field, key, &Theme::KEYS))
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Theme::Debts => "schulden",
            Theme::LongTermBijstand => "lang in de bijstand",
            Theme::SingleParent => "alleenstaand ouder",
            Theme::Health => "gezondheid",
            Theme::NewcomerLanguage => "nieuw in Nederland, de taal leren",
            Theme::Loneliness => "eenzaamheid",
            Theme::BackToLearning => "weer gaan leren",
            Theme::BackToWork => "weer aan het werk",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Theme::Debts => "debts",
            Theme::LongTermBijstand => "long on social assistance",
            Theme::SingleParent => "single parent",
            Theme::Health => "health",
            Theme::NewcomerLanguage => "newcomer, learning the language",
            Theme::Loneliness => "loneliness",
            Theme::BackToLearning => "going back to learning",
            Theme::BackToWork => "going back to work",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        pick(lang, self.label_nl(), self.label_en())
    }
}

/// A CBS neighbourhood code: `BU` and 8 digits (4 gemeente, 2 wijk, 2 buurt),
/// e.g. `BU00141100` Beijum-West. CBS pads codes with spaces; they are trimmed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NeighbourhoodCode(String);

impl NeighbourhoodCode {
    pub fn parse(field: &str, text: &str) -> Result<NeighbourhoodCode, Error> {
        let t = text.trim();
        let ok = t.len() == 10 && t.starts_with("BU") && t.bytes().skip(2).all(|b| b.is_ascii_digit());
        if ok {
            Ok(NeighbourhoodCode(t.to_owned()))
        } else {
            Err(Error::new(
                field,
                Problem::Format {
                    nl: "Een buurtcode is BU met 8 cijfers, bijvoorbeeld BU00141100.",
                    en: "A neighbourhood code is BU followed by 8 digits, e.g. BU00141100.",
                },
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The wijk (district) code, `WK` and 6 digits.
    pub fn district(&self) -> String {
        format!("WK{}", &self.0[2..8])
    }

    /// The gemeente code, `GM` and 4 digits.
    pub fn municipality(&self) -> String {
        format!("GM{}", &self.0[2..6])
    }
}

/// A language: an ISO 639-1 code (`nl`, `ar`) or ISO 639-3 where there is no
/// two-letter code (`pap` Papiamento, `gos` Gronings).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageCode(String);

const LANGUAGES: [(&str, &str, &str); 17] = [
    ("nl", "Nederlands", "Dutch"),
    ("en", "Engels", "English"),
    ("ar", "Arabisch", "Arabic"),
    ("tr", "Turks", "Turkish"),
    ("pl", "Pools", "Polish"),
    ("ti", "Tigrinya", "Tigrinya"),
    ("uk", "Oekraïens", "Ukrainian"),
    ("ru", "Russisch", "Russian"),
    ("so", "Somalisch", "Somali"),
    ("fa", "Perzisch", "Persian"),
    ("de", "Duits", "German"),
    ("fr", "Frans", "French"),
    ("es", "Spaans", "Spanish"),
    ("fy", "Fries", "Frisian"),
    ("pap", "Papiaments", "Papiamento"),
    ("gos", "Gronings", "Gronings"),
    ("zgh", "Tamazight", "Tamazight"),
];

impl LanguageCode {
    pub fn parse(field: &str, text: &str) -> Result<LanguageCode, Error> {
        let t = text.trim();
        if (2..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_lowercase()) {
            Ok(LanguageCode(t.to_owned()))
        } else {
            Err(Error::new(
                field,
                Problem::Format {
                    nl: "Een taal is een code van 2 of 3 kleine letters, bijvoorbeeld nl, ar of pap.",
                    en: "A language is a code of 2 or 3 lowercase letters, e.g. nl, ar or pap.",
                },
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language's name; the code itself for a language not in our list.
    pub fn label(&self, lang: Lang) -> &str {
        LANGUAGES.iter().find(|(c, _, _)| *c == self.0).map_or(self.0.as_str(), |(_, nl, en)| pick(lang, nl, en))
    }
}

/// An account id (a buddy's, a WIJ-medewerker's), as `opslag` stores it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(String);

pub const MAX_ACCOUNT_ID: usize = 64;

impl AccountId {
    pub fn parse(field: &str, text: &str) -> Result<AccountId, Error> {
        let ok = !text.is_empty() && text.len() <= MAX_ACCOUNT_ID && text.bytes().all(|b| b.is_ascii_graphic());
        if ok {
            Ok(AccountId(text.to_owned()))
        } else {
            Err(Error::new(
                field,
                Problem::Format {
                    nl: "Een account-id is 1 tot 64 tekens, zonder spaties.",
                    en: "An account id is 1 to 64 characters, without spaces.",
                },
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const MAX_LANGUAGES: usize = 10;
/// Hours a week a buddy can give; more than a full working week is a typo.
pub const MAX_HOURS_PER_WEEK: u8 = 40;

/// A buddy's profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuddyProfile {
    themes: Vec<Theme>,
    neighbourhood: NeighbourhoodCode,
    languages: Vec<LanguageCode>,
    hours_per_week: u8,
    academy: Option<Date>,
}

fn unique<T: Ord + Clone>(
    field: &str,
    items: &[T],
    min: usize,
    max: usize,
    key: impl Fn(&T) -> String,
) -> Result<Vec<T>, Error> {
    if items.len() < min {
        return Err(Error::new(field, Problem::TooFew { min }));
    }
    if items.len() > max {
        return Err(Error::new(field, Problem::TooMany { max }));
    }
    let mut seen = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        if !seen.insert(item.clone()) {
            return Err(Error::new(format!("{field}[{i}]"), Problem::Duplicate { value: key(item) }));
        }
    }
    Ok(items.to_vec())
}

impl BuddyProfile {
    /// `hours_per_week` 0 means: not available for a new household now.
    /// `academy`: the day the Buddy Academie training was completed.
    pub fn new(
        themes: &[Theme],
        neighbourhood: NeighbourhoodCode,
        languages: &[LanguageCode],
        hours_per_week: u8,
        academy: Option<Date>,
    ) -> Result<BuddyProfile, Error> {
        let themes = unique("themas", themes, 1, Theme::ALL.len(), |t| t.key().to_owned())?;
        let languages = unique("talen", languages, 1, MAX_LANGUAGES, |t| t.as_str().to_owned())?;
        if hours_per_week > MAX_HOURS_PER_WEEK {
            return Err(Error::new(
                "uren_per_week",
                Problem::OutOfRange { min: 0, max: i64::from(MAX_HOURS_PER_WEEK) },
            ));
        }
        Ok(BuddyProfile { themes, neighbourhood, languages, hours_per_week, academy })
    }

    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    pub fn neighbourhood(&self) -> &NeighbourhoodCode {
        &self.neighbourhood
    }

    pub fn languages(&self) -> &[LanguageCode] {
        &self.languages
    }

    pub fn hours_per_week(&self) -> u8 {
        self.hours_per_week
    }

    pub fn academy(&self) -> Option<Date> {
        self.academy
    }

    /// Trained on or before `on`.
    pub fn is_trained_on(&self, on: Date) -> bool {
        self.academy.is_some_and(|d| d <= on)
    }

    /// How many households the buddy can walk with at the same time.
    pub fn capacity(&self) -> u8 {
        self.hours_per_week / HOURS_PER_HOUSEHOLD
    }
}

/// What a household asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpRequest {
    neighbourhood: NeighbourhoodCode,
    languages: Vec<LanguageCode>,
    themes: Vec<Theme>,
}

impl HelpRequest {
    pub fn new(
        neighbourhood: NeighbourhoodCode,
        languages: &[LanguageCode],
        themes: &[Theme],
    ) -> Result<HelpRequest, Error> {
        Ok(HelpRequest {
            neighbourhood,
            languages: unique("talen", languages, 1, MAX_LANGUAGES, |t| t.as_str().to_owned())?,
            themes: unique("themas", themes, 0, Theme::ALL.len(), |t| t.key().to_owned())?,
        })
    }

    pub fn neighbourhood(&self) -> &NeighbourhoodCode {
        &self.neighbourhood
    }

    pub fn languages(&self) -> &[LanguageCode] {
        &self.languages
    }

    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }
}

// The weights of the match. Together at most 100 points, so a score reads as
// "out of 100". Why these weights:
//
/// Same buurt: buddies "werken vanuit het DNA van de wijk" (seed 002): they
/// know the neighbourhood, its people and services, and can drop by.
pub const POINTS_SAME_NEIGHBOURHOOD: u8 = 30;
/// Same wijk but another buurt: still close by, most local knowledge shared.
pub const POINTS_SAME_DISTRICT: u8 = 20;
/// At least one shared language: walking along is mostly talking. Not a hard
/// filter, because the WIJ-medewerker may arrange an interpreter.
pub const POINTS_SHARED_LANGUAGE: u8 = 25;
/// Per theme the household wants help with that the buddy has lived through:
/// lived experience is the heart of the buddy's work ("weten uit ervaring wat
/// leven in armoede betekent", seed 002). The largest share of the score…
pub const POINTS_PER_THEME: u8 = 15;
/// …but capped at three themes, so experience cannot outweigh everything else.
pub const MAX_THEME_POINTS: u8 = 45;
/// The highest possible score.
pub const MAX_SCORE: u8 = 100;
const _: () = assert!(POINTS_SAME_NEIGHBOURHOOD + POINTS_SHARED_LANGUAGE + MAX_THEME_POINTS == MAX_SCORE);
const _: () = assert!(POINTS_SAME_DISTRICT < POINTS_SAME_NEIGHBOURHOOD);
/// Hours a week one household takes (a visit, travel, contact with the WIJ
/// team). An assumption for the capacity filter, not a published figure; a
/// municipality should set its own.
pub const HOURS_PER_HOUSEHOLD: u8 = 4;
/// At most this many candidates in one matching: the buddies of a municipality.
pub const MAX_CANDIDATES: usize = 2_000;
/// At most this many suggestions in one list.
pub const MAX_SUGGESTIONS: usize = 50;

/// A buddy to consider.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub id: &'a AccountId,
    pub profile: &'a BuddyProfile,
    /// Households the buddy walks with now.
    pub active_assignments: u8,
}

/// What a criterion is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CriterionKind {
    /// Same buurt or wijk.
    Proximity,
    Language,
    Theme(Theme),
}

/// One part of a score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criterion {
    pub kind: CriterionKind,
    pub points: u8,
    pub max_points: u8,
    pub nl: String,
    pub en: String,
}

impl Criterion {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// A suggested buddy, with the score taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub buddy: AccountId,
    /// 0 … [`MAX_SCORE`]; the sum of the criteria's points.
    pub score: u8,
    pub free_places: u8,
    /// Every criterion, matched or not, so the score can be read back.
    pub criteria: Vec<Criterion>,
}

/// Why a buddy is not suggested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExclusionReason {
    /// Has not (yet) completed the Buddy Academie.
    NotTrained,
    /// No hours free at all.
    NoHours,
    /// Walks with as many households as their hours allow.
    Full,
}

impl ExclusionReason {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ExclusionReason::NotTrained => {
                pick(lang, "heeft de Buddy Academie nog niet afgerond", "has not completed the Buddy Academie")
            }
            ExclusionReason::NoHours => pick(lang, "heeft nu geen uren vrij", "has no hours free now"),
            ExclusionReason::Full => pick(
                lang,
                "heeft al zoveel gezinnen als de uren toelaten",
                "already has as many households as their hours allow",
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exclusion {
    pub buddy: AccountId,
    pub reason: ExclusionReason,
}

/// The outcome of a matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching {
    /// Best first: score, then most free places, then account id.
    pub suggestions: Vec<Suggestion>,
    pub excluded: Vec<Exclusion>,
}

fn score(request: &HelpRequest, p: &BuddyProfile) -> Vec<Criterion> {
    let mut criteria = Vec::new();
    let (points, nl, en) = if p.neighbourhood == request.neighbourhood {
        (
            POINTS_SAME_NEIGHBOURHOOD,
            format!("Woont in dezelfde buurt ({})", p.neighbourhood.as_str()),
            format!("Lives in the same buurt ({})", p.neighbourhood.as_str()),
        )
    } else if p.neighbourhood.district() == request.neighbourhood.district() {
        (
            POINTS_SAME_DISTRICT,
            format!("Woont in dezelfde wijk ({})", p.neighbourhood.district()),
            format!("Lives in the same wijk ({})", p.neighbourhood.district()),
        )
    } else {
        (0, "Woont niet in dezelfde buurt of wijk".to_owned(), "Does not live in the same buurt or wijk".to_owned())
    };
    criteria.push(Criterion { kind: CriterionKind::Proximity, points, max_points: POINTS_SAME_NEIGHBOURHOOD, nl, en });

    let shared: Vec<&LanguageCode> = request.languages.iter().filter(|t| p.languages.contains(t)).collect();
    let (points, nl, en) = if shared.is_empty() {
        (0, "Geen gedeelde taal".to_owned(), "No shared language".to_owned())
    } else {
        let list = |lang| shared.iter().map(|t| t.label(lang)).collect::<Vec<_>>().join(", ");
        (
            POINTS_SHARED_LANGUAGE,
            format!("Spreekt dezelfde taal: {}", list(Lang::Nl)),
            format!("Speaks the same language: {}", list(Lang::En)),
        )
    };
    criteria.push(Criterion { kind: CriterionKind::Language, points, max_points: POINTS_SHARED_LANGUAGE, nl, en });

    let mut theme_points = 0u8;
    for t in &request.themes {
        let has = p.themes.contains(t);
        let room = MAX_THEME_POINTS - theme_points;
        let points = if has { POINTS_PER_THEME.min(room) } else { 0 };
        theme_points += points;
        let (nl, en) = match (has, points) {
            (false, _) => (
                format!("Geen eigen ervaring met {}", t.label_nl()),
                format!("No own experience with {}", t.label_en()),
            ),
            (true, 0) => (
                format!(
                    "Eigen ervaring met {} (het maximum van {MAX_THEME_POINTS} punten voor ervaring is al bereikt)",
                    t.label_nl()
                ),
                format!(
                    "Own experience with {} (the maximum of {MAX_THEME_POINTS} points for experience is already reached)",
                    t.label_en()
                ),
            ),
            (true, _) => {
                (format!("Eigen ervaring met {}", t.label_nl()), format!("Own experience with {}", t.label_en()))
            }
        };
        criteria.push(Criterion { kind: CriterionKind::Theme(*t), points, max_points: POINTS_PER_THEME, nl, en });
    }
    assert!(theme_points <= MAX_THEME_POINTS);
    criteria
}

/// Suggests buddies for a household on date `on`, best first, at most `max`.
pub fn suggestions(
    request: &HelpRequest,
    candidates: &[Candidate<'_>],
    on: Date,
    max: usize,
) -> Result<Matching, Error> {
    if candidates.len() > MAX_CANDIDATES {
        return Err(Error::new("kandidaten", Problem::TooMany { max: MAX_CANDIDATES }));
    }
    if max == 0 || max > MAX_SUGGESTIONS {
        return Err(Error::new(
            "max",
            Problem::OutOfRange { min: 1, max: i64::try_from(MAX_SUGGESTIONS).unwrap_or(0) },
        ));
    }
    let mut seen = BTreeSet::new();
    let mut suggestions = Vec::new();
    let mut excluded = Vec::new();
    for (i, k) in candidates.iter().enumerate() {
        if !seen.insert(k.id) {
            return Err(Error::new(
                format!("kandidaten[{i}].id"),
                Problem::Duplicate { value: k.id.as_str().to_owned() },
            ));
        }
        let capacity = k.profile.capacity();
        let reason = if !k.profile.is_trained_on(on) {
            Some(ExclusionReason::NotTrained)
        } else if capacity == 0 {
            Some(ExclusionReason::NoHours)
        } else if k.active_assignments >= capacity {
            Some(ExclusionReason::Full)
        } else {
            None
        };
        if let Some(reason) = reason {
            excluded.push(Exclusion { buddy: k.id.clone(), reason });
            continue;
        }
        let criteria = score(request, k.profile);
        let total: u32 = criteria.iter().map(|c| u32::from(c.points)).sum();
        assert!(total <= u32::from(MAX_SCORE), "score above the maximum");
        suggestions.push(Suggestion {
            buddy: k.id.clone(),
            score: u8::try_from(total).unwrap_or(MAX_SCORE),
            free_places: capacity - k.active_assignments,
            criteria,
        });
    }
    suggestions
        .sort_by(|a, b| b.score.cmp(&a.score).then(b.free_places.cmp(&a.free_places)).then(a.buddy.cmp(&b.buddy)));
    suggestions.truncate(max);
    Ok(Matching { suggestions, excluded })
}

/// A buddy walks with a household at least this long (seed 002).
pub const MIN_MONTHS: i64 = 12;
/// At most three years in one assignment; after that, a new one.
pub const MAX_MONTHS: i64 = 36;
pub const DEFAULT_REMINDER_WEEKS: u8 = 6;
pub const MAX_REMINDER_WEEKS: u8 = 26;
/// Weekly for the longest assignment, twice over.
pub const MAX_CONTACTS: usize = 320;
pub const MAX_NOTE: usize = 500;
pub const MAX_PLACE: usize = 100;

/// Why an assignment ended before (or at) its end date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StopReason {
    /// The planned time is over.
    Completed,
    /// The resident found work: the one reason the seed names for stopping early.
    FoundWork,
    /// The resident stops. They may: "nee" is an answer.
    DeelnemerStops,
    BuddyStops,
    Moved,
    Other,
}

impl StopReason {
    pub const ALL: [StopReason; 6] = [
        StopReason::Completed,
        StopReason::FoundWork,
        StopReason::DeelnemerStops,
        StopReason::BuddyStops,
        StopReason::Moved,
        StopReason::Other,
    ];
    pub const KEYS: [&'static str; 6] = ["afgerond", "werk", "deelnemer_stopt", "buddy_stopt", "verhuisd", "anders"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<StopReason> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            StopReason::Completed => pick(lang, "afgerond", "completed"),
            StopReason::FoundWork => pick(lang, "de deelnemer heeft werk", "the resident found work"),
            StopReason::DeelnemerStops => pick(lang, "de deelnemer wil stoppen", "the resident chose to stop"),
            StopReason::BuddyStops => pick(lang, "de buddy stopt", "the buddy stopped"),
            StopReason::Moved => pick(lang, "verhuisd", "moved away"),
            StopReason::Other => pick(lang, "andere reden", "other reason"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    pub date: Date,
    pub reason: StopReason,
}

/// Why a note is hidden from the resident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ShieldReason {
    /// It is about someone else (a partner, a neighbour): their privacy
    /// limits the resident's right of access (AVG art. 15 lid 4).
    AboutSomeoneElse,
    /// A safety concern being checked (e.g. a signal for Veilig Thuis),
    /// where telling now could put someone at risk.
    Safety,
}

impl ShieldReason {
    pub const ALL: [ShieldReason; 2] = [ShieldReason::AboutSomeoneElse, ShieldReason::Safety];
    pub const KEYS: [&'static str; 2] = ["over_anderen", "veiligheid"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<ShieldReason> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ShieldReason::AboutSomeoneElse => pick(lang, "gaat over iemand anders", "is about someone else"),
            ShieldReason::Safety => pick(lang, "zorg over veiligheid", "safety concern"),
        }
    }
}

/// One contact between buddy (or WIJ-medewerker) and household.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    date: Date,
    by_role: Role,
    place: String,
    note: String,
    shielded: Option<ShieldReason>,
}

impl Contact {
    /// A contact written by the buddy or the WIJ-medewerker. `place` is where
    /// the resident chose to meet. Only a WIJ-medewerker can hide a note, and
    /// only for a reason in [`ShieldReason`].
    pub fn new(
        by: Role,
        date: Date,
        place: &str,
        note: &str,
        shielded: Option<ShieldReason>,
    ) -> Result<Contact, Error> {
        if !matches!(by, Role::Buddy | Role::WijMedewerker) {
            return Err(Error::new(
                "door",
                Problem::NotAllowed {
                    role: by,
                    nl: "Contactmomenten schrijven de buddy en de WIJ-medewerker.",
                    en: "Contacts are written by the buddy and the neighbourhood team worker.",
                },
            ));
        }
        if shielded.is_some() && by != Role::WijMedewerker {
            return Err(Error::new(
                "zichtbaar_voor_deelnemer",
                Problem::NotAllowed {
                    role: by,
                    nl: "Wat de buddy schrijft, kan de deelnemer altijd lezen. Alleen de WIJ-medewerker kan een notitie afschermen, met een reden.",
                    en: "The resident can always read what the buddy writes. Only the neighbourhood team worker can shield a note, with a reason.",
                },
            ));
        }
        Ok(Contact {
            date,
            by_role: by,
            place: free_text("plek", place, MAX_PLACE, true)?,
            note: free_text("notitie", note, MAX_NOTE, false)?,
            shielded,
        })
    }

    pub fn date(&self) -> Date {
        self.date
    }

    pub fn by_role(&self) -> Role {
        self.by_role
    }

    pub fn place(&self) -> &str {
        &self.place
    }

    pub fn note(&self) -> &str {
        &self.note
    }

    pub fn shielded(&self) -> Option<ShieldReason> {
        self.shielded
    }

    /// The resident may read every note about them — that is the default and
    /// the rule for everything a buddy writes. A note is hidden only when a
    /// WIJ-medewerker shields it because it is about someone else or about a
    /// safety concern. Hiding it here does not take away the resident's legal
    /// right of access (AVG art. 15): such a request is handled by the
    /// municipality, which weighs the exceptions.
    pub fn visible_to_deelnemer(&self) -> bool {
        self.shielded.is_none()
    }
}

/// A buddy walking with a household.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    buddy: AccountId,
    household: HouseholdId,
    wij_medewerker: AccountId,
    start: Date,
    end: Date,
    reminder_weeks: u8,
    stopped: Option<Stop>,
    contacts: Vec<Contact>,
}

fn may_arrange(by: Role) -> Result<(), Error> {
    if matches!(by, Role::WijMedewerker | Role::Klantmanager) {
        Ok(())
    } else {
        Err(Error::new(
            "door",
            Problem::NotAllowed {
                role: by,
                nl: "Een koppeling legt de WIJ-medewerker of de klantmanager vast, samen met de deelnemer.",
                en: "An assignment is recorded by the neighbourhood team worker or the caseworker, together with the resident.",
            },
        ))
    }
}

impl Assignment {
    /// Links a trained buddy to a household from `start` to `end` (at least
    /// [`MIN_MONTHS`] months, at most [`MAX_MONTHS`]), with a reminder
    /// `reminder_weeks` weeks before the end (default
    /// [`DEFAULT_REMINDER_WEEKS`]).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        by: Role,
        buddy: AccountId,
        profile: &BuddyProfile,
        household: HouseholdId,
        wij_medewerker: AccountId,
        start: Date,
        end: Date,
        reminder_weeks: Option<u8>,
    ) -> Result<Assignment, Error> {
        may_arrange(by)?;
        if !profile.is_trained_on(start) {
            return Err(Error::new(
                "buddy",
                Problem::WrongState {
                    nl: "Deze buddy heeft de Buddy Academie nog niet afgerond.",
                    en: "This buddy has not completed the Buddy Academie.",
                },
            ));
        }
        if buddy == wij_medewerker {
            return Err(Error::new(
                "wij_medewerker",
                Problem::WrongState {
                    nl: "De buddy en de WIJ-medewerker zijn twee verschillende mensen.",
                    en: "The buddy and the neighbourhood team worker are two different people.",
                },
            ));
        }
        check_end(start, end)?;
        let weeks = reminder_weeks.unwrap_or(DEFAULT_REMINDER_WEEKS);
        if !(1..=MAX_REMINDER_WEEKS).contains(&weeks) {
            return Err(Error::new(
                "herinnering_weken",
                Problem::OutOfRange { min: 1, max: i64::from(MAX_REMINDER_WEEKS) },
            ));
        }
        let k = Assignment {
            buddy,
            household,
            wij_medewerker,
            start,
            end,
            reminder_weeks: weeks,
            stopped: None,
            contacts: Vec::new(),
        };
        assert!(k.reminder() >= k.start, "12 months minus at most 26 weeks is after the start");
        Ok(k)
    }

    /// Rebuilds a stored assignment, checking the same bounds and order as
    /// the operations (not the role or the training: those were checked when
    /// it was made). Stored data that breaks one is an error, never a panic.
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        buddy: AccountId,
        household: HouseholdId,
        wij_medewerker: AccountId,
        start: Date,
        end: Date,
        reminder_weeks: u8,
        stopped: Option<Stop>,
        contacts: Vec<Contact>,
    ) -> Result<Assignment, Error> {
        check_end(start, end)?;
        if !(1..=MAX_REMINDER_WEEKS).contains(&reminder_weeks) {
            return Err(Error::new(
                "herinnering_weken",
                Problem::OutOfRange { min: 1, max: i64::from(MAX_REMINDER_WEEKS) },
            ));
        }
        let mut k = Assignment {
            buddy,
            household,
            wij_medewerker,
            start,
            end,
            reminder_weeks,
            stopped: None,
            contacts: Vec::new(),
        };
        if contacts.len() > MAX_CONTACTS {
            return Err(Error::new("contacten", Problem::TooMany { max: MAX_CONTACTS }));
        }
        if let Some(stop) = stopped {
            if stop.date < start {
                return Err(Error::new("gestopt.datum", Problem::TooEarly { date: stop.date, earliest: start }));
            }
            if stop.date > end {
                return Err(Error::new("gestopt.datum", Problem::TooLate { date: stop.date, latest: end }));
            }
            k.stopped = Some(stop);
        }
        for c in contacts {
            k.add_contact(c)?;
        }
        Ok(k)
    }

    pub fn buddy(&self) -> &AccountId {
        &self.buddy
    }

    pub fn household(&self) -> HouseholdId {
        self.household
    }

    pub fn wij_medewerker(&self) -> &AccountId {
        &self.wij_medewerker
    }

    pub fn start(&self) -> Date {
        self.start
    }

    /// The planned end.
    pub fn end(&self) -> Date {
        self.end
    }

    pub fn reminder_weeks(&self) -> u8 {
        self.reminder_weeks
    }

    pub fn stopped(&self) -> Option<Stop> {
        self.stopped
    }

    /// The day to remind the buddy and the WIJ-medewerker that the end is
    /// near: talk with the resident about what comes next.
    pub fn reminder(&self) -> Date {
        plus_days(self.end, -7 * i64::from(self.reminder_weeks)).unwrap_or(self.start)
    }

    /// The last day: the stop date, or else the planned end.
    pub fn last_day(&self) -> Date {
        self.stopped.map_or(self.end, |s| s.date)
    }

    pub fn is_active(&self, on: Date) -> bool {
        self.start <= on && on <= self.last_day()
    }

    /// Extends the planned end (at most [`MAX_MONTHS`] after the start).
    pub fn extend(&mut self, by: Role, new_end: Date) -> Result<(), Error> {
        may_arrange(by)?;
        if self.stopped.is_some() {
            return Err(Error::new(
                "eind",
                Problem::WrongState { nl: "Deze koppeling is al gestopt.", en: "This assignment has already ended." },
            ));
        }
        if new_end <= self.end {
            return Err(Error::new("eind", Problem::NotAfter { date: new_end, previous: self.end }));
        }
        check_end(self.start, new_end)?;
        self.end = new_end;
        Ok(())
    }

    /// Ends the assignment on `date`. The resident may stop at any time.
    pub fn stop(&mut self, by: Role, date: Date, reason: StopReason) -> Result<(), Error> {
        if !matches!(by, Role::Deelnemer | Role::Buddy | Role::WijMedewerker | Role::Klantmanager) {
            return Err(Error::new(
                "door",
                Problem::NotAllowed {
                    role: by,
                    nl: "Stoppen doen de deelnemer, de buddy of de WIJ-medewerker.",
                    en: "The resident, the buddy or the neighbourhood team worker ends an assignment.",
                },
            ));
        }
        if self.stopped.is_some() {
            return Err(Error::new(
                "gestopt",
                Problem::WrongState { nl: "Deze koppeling is al gestopt.", en: "This assignment has already ended." },
            ));
        }
        if date < self.start {
            return Err(Error::new("gestopt.datum", Problem::TooEarly { date, earliest: self.start }));
        }
        if date > self.end {
            return Err(Error::new("gestopt.datum", Problem::TooLate { date, latest: self.end }));
        }
        if let Some(last) = self.contacts.last()
            && date < last.date
        {
            return Err(Error::new("gestopt.datum", Problem::TooEarly { date, earliest: last.date }));
        }
        self.stopped = Some(Stop { date, reason });
        Ok(())
    }

    /// Adds a contact, in date order, within the assignment.
    pub fn add_contact(&mut self, contact: Contact) -> Result<(), Error> {
        let i = self.contacts.len();
        let field = format!("contacten[{i}].datum");
        if i >= MAX_CONTACTS {
            return Err(Error::new("contacten", Problem::TooMany { max: MAX_CONTACTS }));
        }
        if contact.date < self.start {
            return Err(Error::new(field, Problem::TooEarly { date: contact.date, earliest: self.start }));
        }
        if contact.date > self.last_day() {
            return Err(Error::new(field, Problem::TooLate { date: contact.date, latest: self.last_day() }));
        }
        // Several contacts on one day are fine; going back in time is not.
        if let Some(last) = self.contacts.last()
            && contact.date < last.date
        {
            return Err(Error::new(field, Problem::TooEarly { date: contact.date, earliest: last.date }));
        }
        self.contacts.push(contact);
        Ok(())
    }

    /// Every contact (for the WIJ-medewerker and the klantmanager).
    pub fn contacts(&self) -> &[Contact] {
        &self.contacts
    }

    /// The contacts `role` may read: the resident the visible ones, the
    /// buddy their own and the visible ones, the workers all, anyone else none.
    pub fn contacts_for(&self, role: Role) -> Vec<&Contact> {
        self.contacts
            .iter()
            .filter(|c| match role {
                Role::WijMedewerker | Role::Klantmanager => true,
                Role::Deelnemer => c.visible_to_deelnemer(),
                Role::Buddy => c.by_role == Role::Buddy || c.visible_to_deelnemer(),
                Role::Onderzoeker | Role::Beheerder | Role::Ondernemer => false,
            })
            .collect()
    }
}

fn check_end(start: Date, end: Date) -> Result<(), Error> {
    if let Some(min) = plus_months(start, MIN_MONTHS)
        && end < min
    {
        return Err(Error::new("eind", Problem::TooEarly { date: end, earliest: min }));
    }
    if let Some(max) = plus_months(start, MAX_MONTHS)
        && end > max
    {
        return Err(Error::new("eind", Problem::TooLate { date: end, latest: max }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn neighbourhood(code: &str) -> NeighbourhoodCode {
        NeighbourhoodCode::parse("buurt", code).unwrap_or_else(|e| panic!("{e}"))
    }

    fn language(code: &str) -> LanguageCode {
        LanguageCode::parse("taal", code).unwrap_or_else(|e| panic!("{e}"))
    }

    fn id(text: &str) -> AccountId {
        AccountId::parse("id", text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn profile(themes: &[Theme], code: &str, languages: &[&str], hours: u8) -> BuddyProfile {
        let languages: Vec<LanguageCode> = languages.iter().map(|t| language(t)).collect();
        BuddyProfile::new(themes, neighbourhood(code), &languages, hours, Some(date(2025, 6, 1)))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn codes_are_checked() {
        let b = neighbourhood(" BU00141100  ");
        assert_eq!(
            (b.as_str(), b.district().as_str(), b.municipality().as_str()),
            ("BU00141100", "WK001411", "GM0014")
        );
        for bad in ["BU0014110", "WK00141100", "BU0014110x", "", "bu00141100"] {
            assert!(
                matches!(NeighbourhoodCode::parse("buurt", bad).map_err(|e| e.problem), Err(Problem::Format { .. })),
                "{bad}"
            );
        }
        assert_eq!(language("ar").label(Lang::Nl), "Arabisch");
        assert_eq!(language("gos").label(Lang::En), "Gronings");
        assert_eq!(language("xx").label(Lang::Nl), "xx");
        assert!(LanguageCode::parse("taal", "NL").is_err());
        assert!(AccountId::parse("id", "met spatie").is_err());
        for t in Theme::ALL {
            assert_eq!(Theme::from_key(t.key()), Some(t));
        }
        assert!(Theme::parse("themas[0]", "geld").is_err());
        for r in StopReason::ALL {
            assert_eq!(StopReason::from_key(r.key()), Some(r));
        }
        for r in ShieldReason::ALL {
            assert_eq!(ShieldReason::from_key(r.key()), Some(r));
        }
    }

    #[test]
    fn profiles_are_bounded() {
        let b = neighbourhood("BU00141100");
        let nl = [language("nl")];
        assert!(BuddyProfile::new(&[], b.clone(), &nl, 8, None).is_err());
        assert!(BuddyProfile::new(&[Theme::Debts, Theme::Debts], b.clone(), &nl, 8, None).is_err());
        assert!(BuddyProfile::new(&[Theme::Debts], b.clone(), &[], 8, None).is_err());
        assert!(BuddyProfile::new(&[Theme::Debts], b, &nl, 41, None).is_err());
    }

    #[test]
    fn matching_explains_every_point() {
        let request = HelpRequest::new(
            neighbourhood("BU00141100"),
            &[language("nl"), language("ar")],
            &[Theme::Debts, Theme::SingleParent],
        );
        let request = request.unwrap_or_else(|e| panic!("{e}"));
        let (a, b, c, d, e) = (id("anna"), id("bram"), id("cem"), id("dina"), id("eva"));
        let pa = profile(&[Theme::Debts, Theme::SingleParent], "BU00141100", &["nl"], 8);
        let pb = profile(&[Theme::Debts], "BU00141101", &["ar", "nl"], 8);
        let pc = profile(&[Theme::NewcomerLanguage], "BU00140606", &["tr"], 12);
        let pd = BuddyProfile::new(&[Theme::Debts], neighbourhood("BU00141100"), &[language("nl")], 8, None)
            .unwrap_or_else(|e| panic!("{e}"));
        let pe = profile(&[Theme::Debts], "BU00141100", &["nl"], 4);
        let candidates = [
            Candidate { id: &a, profile: &pa, active_assignments: 1 },
            Candidate { id: &b, profile: &pb, active_assignments: 0 },
            Candidate { id: &c, profile: &pc, active_assignments: 0 },
            Candidate { id: &d, profile: &pd, active_assignments: 0 },
            Candidate { id: &e, profile: &pe, active_assignments: 1 },
        ];
        let m = suggestions(&request, &candidates, date(2026, 1, 1), 10).unwrap_or_else(|e| panic!("{e}"));
        let ranked: Vec<(&str, u8)> = m.suggestions.iter().map(|s| (s.buddy.as_str(), s.score)).collect();
        // anna: buurt 30 + taal 25 + 2 themes 30 = 85; bram: wijk 20 + taal 25 + 1 theme 15 = 60; cem: 0.
        assert_eq!(ranked, [("anna", 85), ("bram", 60), ("cem", 0)]);
        let reasons: Vec<(CriterionKind, u8)> = m.suggestions[1].criteria.iter().map(|c| (c.kind, c.points)).collect();
        assert_eq!(
            reasons,
            [
                (CriterionKind::Proximity, 20),
                (CriterionKind::Language, 25),
                (CriterionKind::Theme(Theme::Debts), 15),
                (CriterionKind::Theme(Theme::SingleParent), 0)
            ]
        );
        assert_eq!(m.suggestions[1].criteria[1].nl, "Spreekt dezelfde taal: Nederlands, Arabisch");
        assert_eq!(m.suggestions[1].criteria[0].en, "Lives in the same wijk (WK001411)");
        let out: Vec<(&str, ExclusionReason)> = m.excluded.iter().map(|u| (u.buddy.as_str(), u.reason)).collect();
        assert_eq!(out, [("dina", ExclusionReason::NotTrained), ("eva", ExclusionReason::Full)]);
        // Duplicates and bounds.
        let twice = [candidates[0], candidates[0]];
        assert!(matches!(
            suggestions(&request, &twice, date(2026, 1, 1), 5).map_err(|e| e.problem),
            Err(Problem::Duplicate { .. })
        ));
        assert!(suggestions(&request, &candidates, date(2026, 1, 1), 0).is_err());
        assert_eq!(suggestions(&request, &candidates, date(2026, 1, 1), 1).map(|m| m.suggestions.len()).ok(), Some(1));
    }

    #[test]
    fn themes_are_capped() {
        let all = Theme::ALL;
        let request =
            HelpRequest::new(neighbourhood("BU00141100"), &[language("nl")], &all).unwrap_or_else(|e| panic!("{e}"));
        let p = profile(&all, "BU00141100", &["nl"], 8);
        let a = id("a");
        let m = suggestions(&request, &[Candidate { id: &a, profile: &p, active_assignments: 0 }], date(2026, 1, 1), 1);
        let s = m.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.suggestions[0].score, MAX_SCORE);
        assert!(s.suggestions[0].criteria.iter().any(|c| c.nl.contains("maximum van 45 punten")));
    }

    fn assignment() -> Assignment {
        let p = profile(&[Theme::Debts], "BU00141100", &["nl"], 8);
        Assignment::new(
            Role::WijMedewerker,
            id("anna"),
            &p,
            HouseholdId(7),
            id("wim"),
            date(2026, 1, 1),
            date(2027, 1, 1),
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn an_assignment_lasts_at_least_a_year_with_a_reminder() {
        let k = assignment();
        assert_eq!(k.reminder(), date(2026, 11, 20)); // 6 weeks before 2027-01-01
        assert!(k.is_active(date(2026, 6, 1)) && !k.is_active(date(2027, 1, 2)));
        let p = profile(&[Theme::Debts], "BU00141100", &["nl"], 8);
        let short = Assignment::new(
            Role::WijMedewerker,
            id("anna"),
            &p,
            HouseholdId(7),
            id("wim"),
            date(2026, 1, 1),
            date(2026, 12, 31),
            None,
        );
        assert_eq!(
            short.map_err(|e| (e.field, e.problem)),
            Err(("eind".to_owned(), Problem::TooEarly { date: date(2026, 12, 31), earliest: date(2027, 1, 1) }))
        );
        let long = Assignment::new(
            Role::WijMedewerker,
            id("anna"),
            &p,
            HouseholdId(7),
            id("wim"),
            date(2026, 1, 1),
            date(2029, 1, 2),
            None,
        );
        assert!(long.is_err());
        let n = Assignment::new(
            Role::Klantmanager,
            id("anna"),
            &p,
            HouseholdId(7),
            id("wim"),
            date(2026, 1, 1),
            date(2027, 1, 1),
            Some(2),
        );
        assert_eq!(n.map(|k| k.reminder()).ok(), Some(date(2026, 12, 18)));
        assert!(
            Assignment::new(
                Role::WijMedewerker,
                id("anna"),
                &p,
                HouseholdId(7),
                id("wim"),
                date(2026, 1, 1),
                date(2027, 1, 1),
                Some(0)
            )
            .is_err()
        );
        assert!(
            Assignment::new(
                Role::Buddy,
                id("anna"),
                &p,
                HouseholdId(7),
                id("wim"),
                date(2026, 1, 1),
                date(2027, 1, 1),
                None
            )
            .is_err()
        );
        assert!(
            Assignment::new(
                Role::WijMedewerker,
                id("anna"),
                &p,
                HouseholdId(7),
                id("anna"),
                date(2026, 1, 1),
                date(2027, 1, 1),
                None
            )
            .is_err()
        );
        // Untrained on the start date.
        let untrained = BuddyProfile::new(
            &[Theme::Debts],
            neighbourhood("BU00141100"),
            &[language("nl")],
            8,
            Some(date(2026, 2, 1)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            Assignment::new(
                Role::WijMedewerker,
                id("anna"),
                &untrained,
                HouseholdId(7),
                id("wim"),
                date(2026, 1, 1),
                date(2027, 1, 1),
                None
            )
            .is_err()
        );
    }

    #[test]
    fn stored_assignments_are_checked() {
        let mut k = assignment();
        let c = Contact::new(Role::Buddy, date(2026, 2, 1), "Buurthuis", "", None).unwrap_or_else(|e| panic!("{e}"));
        assert!(k.add_contact(c.clone()).is_ok());
        assert!(k.stop(Role::Deelnemer, date(2026, 3, 1), StopReason::FoundWork).is_ok());
        let again = Assignment::from_parts(
            k.buddy().clone(),
            k.household(),
            k.wij_medewerker().clone(),
            k.start(),
            k.end(),
            k.reminder_weeks(),
            k.stopped(),
            k.contacts().to_vec(),
        );
        assert_eq!(again.as_ref().ok(), Some(&k));
        // A contact after the stop date does not fit.
        let late = Contact::new(Role::Buddy, date(2026, 4, 1), "Buurthuis", "", None).unwrap_or_else(|e| panic!("{e}"));
        let broken = Assignment::from_parts(
            k.buddy().clone(),
            k.household(),
            k.wij_medewerker().clone(),
            k.start(),
            k.end(),
            6,
            k.stopped(),
            vec![c, late],
        );
        assert!(matches!(broken.map_err(|e| e.problem), Err(Problem::TooLate { .. })));
    }

    #[test]
    fn stopping_and_extending() {
        let mut k = assignment();
        assert!(k.extend(Role::Buddy, date(2027, 6, 1)).is_err());
        assert!(k.extend(Role::WijMedewerker, date(2027, 6, 1)).is_ok());
        assert_eq!(k.reminder(), date(2027, 4, 20));
        assert!(k.stop(Role::Onderzoeker, date(2026, 9, 1), StopReason::FoundWork).is_err());
        assert!(k.stop(Role::Deelnemer, date(2026, 9, 1), StopReason::FoundWork).is_ok());
        assert_eq!(k.last_day(), date(2026, 9, 1));
        assert!(k.stop(Role::Deelnemer, date(2026, 9, 2), StopReason::FoundWork).is_err());
        assert!(k.extend(Role::WijMedewerker, date(2027, 9, 1)).is_err());
    }

    #[test]
    fn the_contact_log_and_who_reads_it() {
        let mut k = assignment();
        let c = |by, d, note, hidden| Contact::new(by, d, "Bij haar thuis", note, hidden);
        assert!(
            k.add_contact(
                c(Role::Buddy, date(2026, 1, 8), "Kennismaking, brieven gesorteerd", None)
                    .unwrap_or_else(|e| panic!("{e}"))
            )
            .is_ok()
        );
        assert!(
            k.add_contact(
                c(
                    Role::WijMedewerker,
                    date(2026, 1, 9),
                    "Zorg over de ex-partner",
                    Some(ShieldReason::AboutSomeoneElse)
                )
                .unwrap_or_else(|e| panic!("{e}"))
            )
            .is_ok()
        );
        // A buddy cannot hide a note; nobody else writes one.
        assert!(matches!(
            c(Role::Buddy, date(2026, 1, 10), "x", Some(ShieldReason::Safety)).map_err(|e| e.problem),
            Err(Problem::NotAllowed { .. })
        ));
        assert!(c(Role::Klantmanager, date(2026, 1, 10), "x", None).is_err());
        let long = "x".repeat(MAX_NOTE + 1);
        assert_eq!(
            Contact::new(Role::Buddy, date(2026, 1, 10), "Buurthuis", &long, None).map_err(|e| (e.field, e.problem)),
            Err(("notitie".to_owned(), Problem::TooLong { max_chars: MAX_NOTE }))
        );
        assert!(Contact::new(Role::Buddy, date(2026, 1, 10), " ", "", None).is_err());
        // Dates: inside the assignment, not going back.
        assert!(k.add_contact(c(Role::Buddy, date(2025, 12, 1), "", None).unwrap_or_else(|e| panic!("{e}"))).is_err());
        assert!(k.add_contact(c(Role::Buddy, date(2026, 1, 8), "", None).unwrap_or_else(|e| panic!("{e}"))).is_err());
        assert!(k.add_contact(c(Role::Buddy, date(2027, 1, 2), "", None).unwrap_or_else(|e| panic!("{e}"))).is_err());
        let count = |r| k.contacts_for(r).len();
        assert_eq!(
            (count(Role::Deelnemer), count(Role::Buddy), count(Role::WijMedewerker), count(Role::Onderzoeker)),
            (1, 1, 2, 0)
        );
        assert!(k.contacts_for(Role::Deelnemer).iter().all(|c| c.visible_to_deelnemer()));
    }

    fn profile_strategy() -> impl Strategy<Value = (Vec<usize>, u8, Vec<usize>, u8, bool, u8)> {
        (
            proptest::collection::btree_set(0usize..8, 1..8).prop_map(|s| s.into_iter().collect()),
            0u8..4,
            proptest::collection::btree_set(0usize..4, 1..4).prop_map(|s| s.into_iter().collect()),
            0u8..=40,
            any::<bool>(),
            0u8..5,
        )
    }

    proptest! {
        /// Scores lie in 0…100, equal the sum of their criteria, every
        /// criterion stays within its own maximum and says why; the list is
        /// sorted and every candidate is either suggested or excluded.
        #[test]
        fn scores_are_bounded_and_explained(
            wanted in proptest::collection::btree_set(0usize..8, 0..8),
            home in 0u8..4,
            profiles in proptest::collection::vec(profile_strategy(), 0..30),
        ) {
            let codes = ["BU00141100", "BU00141101", "BU00141000", "BU00140606"];
            let langs = ["nl", "ar", "tr", "pl"];
            let themes: Vec<Theme> = wanted.iter().map(|i| Theme::ALL[*i]).collect();
            let request = HelpRequest::new(neighbourhood(codes[usize::from(home)]), &[language("nl")], &themes).unwrap_or_else(|e| panic!("{e}"));
            let ids: Vec<AccountId> = (0..profiles.len()).map(|i| id(&format!("b{i}"))).collect();
            let built: Vec<BuddyProfile> = profiles.iter().map(|(t, b, l, h, trained, _)| {
                let t: Vec<Theme> = t.iter().map(|i| Theme::ALL[*i]).collect();
                let l: Vec<LanguageCode> = l.iter().map(|i| language(langs[*i])).collect();
                BuddyProfile::new(&t, neighbourhood(codes[usize::from(*b)]), &l, *h, trained.then_some(date(2025, 1, 1))).unwrap_or_else(|e| panic!("{e}"))
            }).collect();
            let candidates: Vec<Candidate<'_>> = profiles.iter().enumerate()
                .map(|(i, p)| Candidate { id: &ids[i], profile: &built[i], active_assignments: p.5 })
                .collect();
            let m = suggestions(&request, &candidates, date(2026, 1, 1), MAX_SUGGESTIONS).unwrap_or_else(|e| panic!("{e}"));
            prop_assert_eq!(m.suggestions.len() + m.excluded.len(), candidates.len());
            for s in &m.suggestions {
                prop_assert!(s.score <= MAX_SCORE);
                let sum: u32 = s.criteria.iter().map(|c| u32::from(c.points)).sum();
                prop_assert_eq!(sum, u32::from(s.score));
                prop_assert_eq!(s.criteria.len(), 2 + themes.len());
                for c in &s.criteria {
                    prop_assert!(c.points <= c.max_points);
                    prop_assert!(!c.nl.is_empty() && !c.en.is_empty());
                }
                prop_assert!(s.free_places > 0);
            }
            for w in m.suggestions.windows(2) {
                prop_assert!(w[0].score >= w[1].score);
            }
            // Deterministic.
            prop_assert_eq!(suggestions(&request, &candidates, date(2026, 1, 1), MAX_SUGGESTIONS).ok(), Some(m));
        }

        /// The reminder always lies inside the assignment.
        #[test]
        fn reminders_fall_inside(start_days in 0i64..3000, extra in 0i64..700, weeks in 1u8..=26) {
            let start = plus_days(date(2020, 1, 1), start_days).unwrap_or(date(2020, 1, 1));
            let end = plus_days(plus_months(start, 12).unwrap_or(start), extra).unwrap_or(start);
            let p = profile(&[Theme::Debts], "BU00141100", &["nl"], 8);
            let p = BuddyProfile::new(p.themes(), p.neighbourhood().clone(), p.languages(), 8, Some(date(2019, 1, 1))).unwrap_or(p);
            let k = Assignment::new(Role::WijMedewerker, id("a"), &p, HouseholdId(1), id("w"), start, end, Some(weeks));
            if let Ok(k) = k {
                prop_assert!(k.start() <= k.reminder() && k.reminder() < k.end());
            } else {
                prop_assert!(end > plus_months(start, MAX_MONTHS).unwrap_or(end));
            }
        }
    }
}
