//! The Zelfredzaamheid-Matrix 2017 (ZRM, GGD Amsterdam) and the resident's
//! own *ademruimte-score*.
//!
//! The ZRM scores how well someone manages on their own in 13 life domains,
//! on a scale of 1 (acute problems) to 5 (fully self-sufficient). Rules kept
//! here, from the ZRM handbook as summarised in `ecosystem.md` §3:
//!
//! - only trained professionals score it: in this platform the klantmanager
//!   and the WIJ-medewerker ([`ASSESSORS`]); a buddy or the resident does not;
//! - it scores the situation *now*: information older than about 30 days is
//!   not used, so a score older than [`DAYS_CURRENT`] days on a date is
//!   *verouderd* (outdated) and shown as such;
//! - a domain may be left unscored (not discussed, not relevant).
//!
//! Licence: whether the ZRM may be embedded in software, and on what terms, is
//! **unverified**. Ask GGD Amsterdam (zrm@ggd.amsterdam.nl) before using this
//! module in production; see `docs/plan.md`.
//!
//! The resident's own short self-assessment ([`Ademruimte`]) is not the ZRM
//! and not the client version *Mijn ZRM*: two questions of our own (breathing
//! room and stress, 0–10), because "Eerst rust en ruimte creëren" (seed 001)
//! is what this platform is for, and the resident is the only one who can say
//! whether it worked.

pub mod svg;

use jiff::civil::Date;
use platform::rol::Role;

use crate::error::{Error, Problem};
use crate::text::{Lang, pick, plus_days, strictly_ascending};

pub use svg::zrm_svg;

/// A score older than this many days on a date is *verouderd*: the ZRM
/// describes the current situation, and information older than about 30
/// days is disregarded (ZRM-Handleiding 2017, via zelfredzaamheidmatrix.nl).
pub const DAYS_CURRENT: i64 = 30;
/// A monthly assessment for ten years.
pub const MAX_ASSESSMENTS: usize = 120;
/// A weekly self-score for ten years.
pub const MAX_SELF_SCORES: usize = 520;
/// Only trained workers score the ZRM.
pub const ASSESSORS: [Role; 2] = [Role::Klantmanager, Role::WijMedewerker];

/// The 13 domains of the ZRM 2017.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ZrmDomain {
    Finances,
    WorkAndEducation,
    UseOfTime,
    Housing,
    DomesticRelationships,
    MentalHealth,
    PhysicalHealth,
    SubstanceUse,
    BasicAdl,
    InstrumentalAdl,
    SocialNetwork,
    CommunityParticipation,
    Justice,
}

impl ZrmDomain {
    pub const ALL: [ZrmDomain; 13] = [
        ZrmDomain::Finances,
        ZrmDomain::WorkAndEducation,
        ZrmDomain::UseOfTime,
        ZrmDomain::Housing,
        ZrmDomain::DomesticRelationships,
        ZrmDomain::MentalHealth,
        ZrmDomain::PhysicalHealth,
        ZrmDomain::SubstanceUse,
        ZrmDomain::BasicAdl,
        ZrmDomain::InstrumentalAdl,
        ZrmDomain::SocialNetwork,
        ZrmDomain::CommunityParticipation,
        ZrmDomain::Justice,
    ];
    pub const KEYS: [&'static str; 13] = [
        "financien",
        "werk_opleiding",
        "tijdsbesteding",
        "huisvesting",
        "huiselijke_relaties",
        "geestelijke_gezondheid",
        "lichamelijke_gezondheid",
        "middelengebruik",
        "basale_adl",
        "instrumentele_adl",
        "sociaal_netwerk",
        "maatschappelijke_participatie",
        "justitie",
    ];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<ZrmDomain> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    /// Position in [`ZrmDomain::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The domain's name as in the ZRM 2017.
    pub fn label_nl(self) -> &'static str {
        match self {
            ZrmDomain::Finances => "Financiën",
            ZrmDomain::WorkAndEducation => "Werk & Opleiding",
            ZrmDomain::UseOfTime => "Tijdsbesteding",
            ZrmDomain::Housing => "Huisvesting",
            ZrmDomain::DomesticRelationships => "Huiselijke relaties",
            ZrmDomain::MentalHealth => "Geestelijke gezondheid",
            ZrmDomain::PhysicalHealth => "Lichamelijke gezondheid",
            ZrmDomain::SubstanceUse => "Middelengebruik",
            ZrmDomain::BasicAdl => "Basale ADL",
            ZrmDomain::InstrumentalAdl => "Instrumentele ADL",
            ZrmDomain::SocialNetwork => "Sociaal netwerk",
            ZrmDomain::CommunityParticipation => "Maatschappelijke participatie",
            ZrmDomain::Justice => "Justitie",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ZrmDomain::Finances => "Finances",
            ZrmDomain::WorkAndEducation => "Work & education",
            ZrmDomain::UseOfTime => "Use of time",
            ZrmDomain::Housing => "Housing",
            ZrmDomain::DomesticRelationships => "Domestic relationships",
            ZrmDomain::MentalHealth => "Mental health",
            ZrmDomain::PhysicalHealth => "Physical health",
            ZrmDomain::SubstanceUse => "Substance use",
            ZrmDomain::BasicAdl => "Basic daily living (ADL)",
            ZrmDomain::InstrumentalAdl => "Instrumental daily living (IADL)",
            ZrmDomain::SocialNetwork => "Social network",
            ZrmDomain::CommunityParticipation => "Community participation",
            ZrmDomain::Justice => "Justice",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        pick(lang, self.label_nl(), self.label_en())
    }
}

/// A score on the ZRM scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ZrmScore {
    AcuteProblems = 1,
    NotSelfSufficient = 2,
    PartlySelfSufficient = 3,
    SufficientlySelfSufficient = 4,
    FullySelfSufficient = 5,
}

impl ZrmScore {
    pub const ALL: [ZrmScore; 5] = [
        ZrmScore::AcuteProblems,
        ZrmScore::NotSelfSufficient,
        ZrmScore::PartlySelfSufficient,
        ZrmScore::SufficientlySelfSufficient,
        ZrmScore::FullySelfSufficient,
    ];

    /// 1–5, as stored.
    pub fn value(self) -> u8 {
        self as u8
    }

    pub fn from_value(value: u8) -> Option<ZrmScore> {
        ZrmScore::ALL.into_iter().find(|s| s.value() == value)
    }

    /// Reads a stored or typed score with the field named.
    pub fn parse(field: &str, value: i64) -> Result<ZrmScore, Error> {
        u8::try_from(value)
            .ok()
            .and_then(ZrmScore::from_value)
            .ok_or_else(|| Error::new(field, Problem::OutOfRange { min: 1, max: 5 }))
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            ZrmScore::AcuteProblems => "acute problematiek",
            ZrmScore::NotSelfSufficient => "niet zelfredzaam",
            ZrmScore::PartlySelfSufficient => "beperkt zelfredzaam",
            ZrmScore::SufficientlySelfSufficient => "voldoende zelfredzaam",
            ZrmScore::FullySelfSufficient => "volledig zelfredzaam",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ZrmScore::AcuteProblems => "acute problems",
            ZrmScore::NotSelfSufficient => "not self-sufficient",
            ZrmScore::PartlySelfSufficient => "partly self-sufficient",
            ZrmScore::SufficientlySelfSufficient => "sufficiently self-sufficient",
            ZrmScore::FullySelfSufficient => "fully self-sufficient",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        pick(lang, self.label_nl(), self.label_en())
    }
}

/// One assessment: a date, who scored it, and a score per domain (or none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZrmAssessment {
    date: Date,
    by_role: Role,
    scores: [Option<ZrmScore>; 13],
}

impl ZrmAssessment {
    /// An assessment by a trained worker, with at least one domain scored and
    /// each domain at most once.
    pub fn new(date: Date, by: Role, scores: &[(ZrmDomain, ZrmScore)]) -> Result<ZrmAssessment, Error> {
        if !ASSESSORS.contains(&by) {
            return Err(Error::new(
                "door",
                Problem::NotAllowed {
                    role: by,
                    nl: "De ZRM wordt ingevuld door een getrainde klantmanager of WIJ-medewerker.",
                    en: "The ZRM is scored by a trained caseworker or neighbourhood team worker.",
                },
            ));
        }
        if scores.is_empty() {
            return Err(Error::new("scores", Problem::TooFew { min: 1 }));
        }
        let mut table = [None; 13];
        for (domain, score) in scores {
            let slot = &mut table[domain.index()];
            if slot.is_some() {
                return Err(Error::new(
                    format!("scores.{}", domain.key()),
                    Problem::Duplicate { value: domain.key().to_owned() },
                ));
            }
            *slot = Some(*score);
        }
        Ok(ZrmAssessment { date, by_role: by, scores: table })
    }

    pub fn date(&self) -> Date {
        self.date
    }

    pub fn by_role(&self) -> Role {
        self.by_role
    }

    pub fn score(&self, domain: ZrmDomain) -> Option<ZrmScore> {
        self.scores[domain.index()]
    }

    /// The scored domains, in the order of [`ZrmDomain::ALL`].
    pub fn scores(&self) -> impl Iterator<Item = (ZrmDomain, ZrmScore)> + '_ {
        ZrmDomain::ALL.into_iter().filter_map(|d| self.score(d).map(|s| (d, s)))
    }

    /// True when this assessment is more than [`DAYS_CURRENT`] days old on `on`.
    pub fn is_outdated_on(&self, on: Date) -> bool {
        is_outdated(self.date, on)
    }
}

fn is_outdated(date: Date, on: Date) -> bool {
    // Outside jiff's range nothing is recent.
    plus_days(date, DAYS_CURRENT).is_none_or(|limit| on > limit)
}

/// The latest score of one domain on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrentScore {
    pub score: ZrmScore,
    pub date: Date,
    /// Older than [`DAYS_CURRENT`] days: do not act on it without asking again.
    pub outdated: bool,
}

/// Which way a domain went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    Better,
    Same,
    Worse,
    /// Fewer than two scores: no trend yet.
    Unknown,
}

impl Direction {
    pub const ALL: [Direction; 4] = [Direction::Better, Direction::Same, Direction::Worse, Direction::Unknown];
    pub const KEYS: [&'static str; 4] = ["beter", "gelijk", "slechter", "onbekend"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Direction> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Direction::Better => pick(lang, "beter", "better"),
            Direction::Same => pick(lang, "gelijk", "the same"),
            Direction::Worse => pick(lang, "minder goed", "worse"),
            Direction::Unknown => pick(lang, "nog geen verloop", "no trend yet"),
        }
    }
}

/// The scores of one domain over the assessments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trend {
    pub domain: ZrmDomain,
    /// Oldest first; only assessments that scored this domain.
    pub points: Vec<(Date, ZrmScore)>,
    /// First score compared with the last.
    pub direction: Direction,
    /// Last minus first, −4 … 4 (0 with fewer than two scores).
    pub difference: i8,
}

/// All assessments of one person, oldest first, one per date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ZrmSeries {
    assessments: Vec<ZrmAssessment>,
}

impl ZrmSeries {
    pub fn new(assessments: Vec<ZrmAssessment>) -> Result<ZrmSeries, Error> {
        if assessments.len() > MAX_ASSESSMENTS {
            return Err(Error::new("metingen", Problem::TooMany { max: MAX_ASSESSMENTS }));
        }
        strictly_ascending("metingen", assessments.iter().map(|m| m.date))?;
        Ok(ZrmSeries { assessments })
    }

    /// Adds an assessment after the last one.
    pub fn add(&mut self, assessment: ZrmAssessment) -> Result<(), Error> {
        if self.assessments.len() >= MAX_ASSESSMENTS {
            return Err(Error::new("metingen", Problem::TooMany { max: MAX_ASSESSMENTS }));
        }
        let last = self.assessments.last().map(|m| m.date);
        strictly_ascending("metingen", last.into_iter().chain([assessment.date]))
            .map_err(|e| Error::new(format!("metingen[{}].datum", self.assessments.len()), e.problem))?;
        self.assessments.push(assessment);
        Ok(())
    }

    pub fn assessments(&self) -> &[ZrmAssessment] {
        &self.assessments
    }

    /// Per domain (order of [`ZrmDomain::ALL`]) the latest score on or before
    /// `on`, marked *verouderd* when older than [`DAYS_CURRENT`] days.
    pub fn current(&self, on: Date) -> [Option<CurrentScore>; 13] {
        let mut out = [None; 13];
        for m in self.assessments.iter().filter(|m| m.date <= on) {
            for (d, score) in m.scores() {
                out[d.index()] = Some(CurrentScore { score, date: m.date, outdated: is_outdated(m.date, on) });
            }
        }
        out
    }

    /// The scores of `domain` over time.
    pub fn trend(&self, domain: ZrmDomain) -> Trend {
        let points: Vec<(Date, ZrmScore)> =
            self.assessments.iter().filter_map(|m| m.score(domain).map(|s| (m.date, s))).collect();
        let (direction, difference) = match (points.first(), points.last()) {
            (Some(first), Some(last)) if points.len() >= 2 => {
                let v = i16::from(last.1.value()) - i16::from(first.1.value());
                let r = match v.cmp(&0) {
                    std::cmp::Ordering::Greater => Direction::Better,
                    std::cmp::Ordering::Equal => Direction::Same,
                    std::cmp::Ordering::Less => Direction::Worse,
                };
                (r, i8::try_from(v).unwrap_or(0))
            }
            _ => (Direction::Unknown, 0),
        };
        assert!((-4..=4).contains(&difference));
        Trend { domain, points, direction, difference }
    }
}

/// The two self-assessment questions, in plain Dutch (B1) and English.
pub const QUESTION_ROOM_NL: &str = "Hoeveel ademruimte voelt u nu? Daarmee bedoelen we: rust en ruimte in uw hoofd en in uw leven. Kies een cijfer van 0 tot 10. 0 is helemaal geen ruimte. 10 is heel veel ruimte.";
pub const QUESTION_ROOM_EN: &str = "How much breathing room do you feel now? We mean calm and room in your head and in your life. Choose a number from 0 to 10. 0 is no room at all. 10 is a lot of room.";
pub const QUESTION_STRESS_NL: &str =
    "Hoeveel stress voelt u nu? Kies een cijfer van 0 tot 10. 0 is helemaal geen stress. 10 is heel veel stress.";
pub const QUESTION_STRESS_EN: &str =
    "How much stress do you feel now? Choose a number from 0 to 10. 0 is no stress at all. 10 is a lot of stress.";
/// The highest answer on both questions.
pub const MAX_RATING: u8 = 10;

/// The resident's own score on a date: breathing room and stress, 0–10.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ademruimte {
    date: Date,
    room: u8,
    stress: u8,
}

impl Ademruimte {
    /// Only the resident fills this in: it is how *they* feel, and nobody can
    /// score that for them.
    pub fn new(by: Role, date: Date, room: u8, stress: u8) -> Result<Ademruimte, Error> {
        if by != Role::Deelnemer {
            return Err(Error::new(
                "door",
                Problem::NotAllowed {
                    role: by,
                    nl: "Alleen de deelnemer zelf vult de ademruimte-score in.",
                    en: "Only the resident fills in the breathing-room score.",
                },
            ));
        }
        let max = i64::from(MAX_RATING);
        if room > MAX_RATING {
            return Err(Error::new("ruimte", Problem::OutOfRange { min: 0, max }));
        }
        if stress > MAX_RATING {
            return Err(Error::new("stress", Problem::OutOfRange { min: 0, max }));
        }
        Ok(Ademruimte { date, room, stress })
    }

    pub fn question_room(lang: Lang) -> &'static str {
        pick(lang, QUESTION_ROOM_NL, QUESTION_ROOM_EN)
    }

    pub fn question_stress(lang: Lang) -> &'static str {
        pick(lang, QUESTION_STRESS_NL, QUESTION_STRESS_EN)
    }

    pub fn date(&self) -> Date {
        self.date
    }

    pub fn room(&self) -> u8 {
        self.room
    }

    pub fn stress(&self) -> u8 {
        self.stress
    }
}

/// The resident's self-scores over time, oldest first, one per date, and
/// whether she shares them with the workers who may read her ZRM (her
/// caseworker and WIJ-worker). Not shared unless she says so: it is how she
/// feels, and that is hers to tell (privacy by default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdemruimteSeries {
    scores: Vec<Ademruimte>,
    shared: bool,
}

impl AdemruimteSeries {
    pub fn new(scores: Vec<Ademruimte>) -> Result<AdemruimteSeries, Error> {
        if scores.len() > MAX_SELF_SCORES {
            return Err(Error::new("ademruimte", Problem::TooMany { max: MAX_SELF_SCORES }));
        }
        strictly_ascending("ademruimte", scores.iter().map(|s| s.date))?;
        Ok(AdemruimteSeries { scores, shared: false })
    }

    /// Today's score: a second one on the same date replaces the first. The
    /// choice to share stays as it was.
    pub fn record(&mut self, score: Ademruimte) -> Result<(), Error> {
        let mut all: Vec<Ademruimte> = self.scores.iter().copied().filter(|x| x.date != score.date).collect();
        all.push(score);
        all.sort_by_key(Ademruimte::date);
        let shared = self.shared;
        *self = AdemruimteSeries::new(all)?;
        self.shared = shared;
        Ok(())
    }

    /// Does she share her scores with her caseworker and WIJ-worker?
    pub fn shared(&self) -> bool {
        self.shared
    }

    /// Only she decides whether her scores are shared.
    pub fn share(&mut self, by: Role, shared: bool) -> Result<(), Error> {
        if by != Role::Deelnemer {
            return Err(Error::new(
                "gedeeld",
                Problem::NotAllowed {
                    role: by,
                    nl: "Alleen de deelnemer zelf bepaalt wie de ademruimte-score ziet.",
                    en: "Only the resident decides who sees the ademruimte-score.",
                },
            ));
        }
        self.shared = shared;
        Ok(())
    }

    pub fn add(&mut self, score: Ademruimte) -> Result<(), Error> {
        let mut all = self.scores.clone();
        all.push(score);
        let shared = self.shared;
        *self = AdemruimteSeries::new(all)?;
        self.shared = shared;
        Ok(())
    }

    pub fn scores(&self) -> &[Ademruimte] {
        &self.scores
    }

    /// Change from the first to the last score: (room, stress), each −10 … 10.
    /// A rise in room and a fall in stress are both good news.
    pub fn difference(&self) -> Option<(i8, i8)> {
        let (first, last) = (self.scores.first()?, self.scores.last()?);
        let d = |a: u8, b: u8| i8::try_from(i16::from(b) - i16::from(a)).unwrap_or(0);
        Some((d(first.room, last.room), d(first.stress, last.stress)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn assessment(y: i16, m: i8, scores: &[(ZrmDomain, u8)]) -> ZrmAssessment {
        let s: Vec<(ZrmDomain, ZrmScore)> = scores
            .iter()
            .map(|(d, v)| (*d, ZrmScore::from_value(*v).unwrap_or(ZrmScore::PartlySelfSufficient)))
            .collect();
        ZrmAssessment::new(date(y, m, 1), Role::WijMedewerker, &s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn thirteen_domains_five_levels() {
        assert_eq!(ZrmDomain::ALL.len(), 13);
        for d in ZrmDomain::ALL {
            assert_eq!(ZrmDomain::from_key(d.key()), Some(d));
            assert_eq!(ZrmDomain::ALL[d.index()], d);
        }
        let labels: Vec<&str> = ZrmScore::ALL.iter().map(|s| s.label_nl()).collect();
        assert_eq!(
            labels,
            [
                "acute problematiek",
                "niet zelfredzaam",
                "beperkt zelfredzaam",
                "voldoende zelfredzaam",
                "volledig zelfredzaam"
            ]
        );
        for s in ZrmScore::ALL {
            assert_eq!(ZrmScore::from_value(s.value()), Some(s));
        }
        assert!(ZrmScore::parse("scores.financien", 0).is_err());
        assert!(ZrmScore::parse("scores.financien", 6).is_err());
        for r in Direction::ALL {
            assert_eq!(Direction::from_key(r.key()), Some(r));
        }
    }

    #[test]
    fn only_trained_workers_score() {
        for role in Role::ALL {
            let r = ZrmAssessment::new(date(2026, 1, 1), role, &[(ZrmDomain::Finances, ZrmScore::NotSelfSufficient)]);
            assert_eq!(r.is_ok(), ASSESSORS.contains(&role), "{role:?}");
        }
        let e = ZrmAssessment::new(date(2026, 1, 1), Role::Klantmanager, &[]).err();
        assert_eq!(e.map(|e| e.problem), Some(Problem::TooFew { min: 1 }));
        let twice =
            [(ZrmDomain::Finances, ZrmScore::NotSelfSufficient), (ZrmDomain::Finances, ZrmScore::AcuteProblems)];
        let e = ZrmAssessment::new(date(2026, 1, 1), Role::Klantmanager, &twice).err();
        assert_eq!(e.map(|e| e.field), Some("scores.financien".to_owned()));
    }

    #[test]
    fn the_thirty_day_rule() {
        let m = assessment(2026, 1, &[(ZrmDomain::Finances, 2)]);
        assert!(!m.is_outdated_on(date(2026, 1, 1)));
        assert!(!m.is_outdated_on(date(2026, 1, 31))); // 30 days later: still current
        assert!(m.is_outdated_on(date(2026, 2, 1))); // 31 days: outdated
        let series = ZrmSeries::new(vec![m, assessment(2026, 3, &[(ZrmDomain::Housing, 4)])]).unwrap_or_default();
        let now = series.current(date(2026, 3, 10));
        assert_eq!(now[ZrmDomain::Finances.index()].map(|a| a.outdated), Some(true));
        assert_eq!(now[ZrmDomain::Housing.index()].map(|a| (a.score.value(), a.outdated)), Some((4, false)));
        assert_eq!(now[ZrmDomain::Justice.index()], None);
        // An assessment after the date does not count.
        assert_eq!(series.current(date(2026, 2, 1))[ZrmDomain::Housing.index()], None);
    }

    #[test]
    fn trend_per_domain() {
        let series = ZrmSeries::new(vec![
            assessment(2025, 1, &[(ZrmDomain::Finances, 1), (ZrmDomain::SocialNetwork, 3)]),
            assessment(2025, 6, &[(ZrmDomain::Finances, 3)]),
            assessment(2026, 1, &[(ZrmDomain::Finances, 4), (ZrmDomain::SocialNetwork, 2)]),
        ])
        .unwrap_or_default();
        let f = series.trend(ZrmDomain::Finances);
        assert_eq!((f.direction, f.difference, f.points.len()), (Direction::Better, 3, 3));
        let s = series.trend(ZrmDomain::SocialNetwork);
        assert_eq!((s.direction, s.difference), (Direction::Worse, -1));
        assert_eq!(series.trend(ZrmDomain::Justice).direction, Direction::Unknown);
    }

    #[test]
    fn assessments_in_date_order() {
        let mut series = ZrmSeries::default();
        assert!(series.add(assessment(2026, 2, &[(ZrmDomain::Finances, 2)])).is_ok());
        let e = series.add(assessment(2026, 2, &[(ZrmDomain::Finances, 3)])).err();
        assert_eq!(e.map(|e| e.field), Some("metingen[1].datum".to_owned()));
        assert!(series.add(assessment(2026, 1, &[(ZrmDomain::Finances, 3)])).is_err());
        assert_eq!(series.assessments().len(), 1);
    }

    #[test]
    fn the_self_score() {
        assert!(Ademruimte::new(Role::Deelnemer, date(2026, 1, 1), 3, 8).is_ok());
        assert!(Ademruimte::new(Role::Buddy, date(2026, 1, 1), 3, 8).is_err());
        assert_eq!(
            Ademruimte::new(Role::Deelnemer, date(2026, 1, 1), 11, 8).map_err(|e| e.field),
            Err("ruimte".to_owned())
        );
        assert!(Ademruimte::question_room(Lang::Nl).contains("0 tot 10"));
        let mut r = AdemruimteSeries::default();
        for (m, room, stress) in [(1, 2, 9), (6, 5, 6), (12, 7, 4)] {
            let s = Ademruimte::new(Role::Deelnemer, date(2025, m, 1), room, stress).unwrap_or_else(|e| panic!("{e}"));
            assert!(r.add(s).is_ok());
        }
        assert_eq!(r.difference(), Some((5, -5)));
        let again = Ademruimte::new(Role::Deelnemer, date(2025, 12, 1), 7, 4).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.add(again).is_err());
    }

    proptest! {
        /// The trend's points are in order, its difference is last minus
        /// first, and the current score never comes from the future.
        #[test]
        fn trends_and_current_scores(points in proptest::collection::vec((1i64..90, proptest::option::of(1u8..=5)), 1..30), probe in 0i64..3000) {
            let mut d = date(2020, 1, 1);
            let mut assessments = Vec::new();
            for (gap, score) in &points {
                d = plus_days(d, *gap).unwrap_or(d);
                let mut s = vec![(ZrmDomain::Housing, ZrmScore::PartlySelfSufficient)];
                if let Some(v) = score.and_then(ZrmScore::from_value) {
                    s.push((ZrmDomain::Finances, v));
                }
                assessments.push(ZrmAssessment::new(d, Role::Klantmanager, &s).unwrap_or_else(|e| panic!("{e}")));
            }
            let series = ZrmSeries::new(assessments);
            prop_assert!(series.is_ok());
            let series = series.unwrap_or_default();
            let t = series.trend(ZrmDomain::Finances);
            for w in t.points.windows(2) {
                prop_assert!(w[0].0 < w[1].0);
            }
            if t.points.len() >= 2 {
                let first = t.points.first().map_or(0, |p| i8::try_from(p.1.value()).unwrap_or(0));
                let last = t.points.last().map_or(0, |p| i8::try_from(p.1.value()).unwrap_or(0));
                prop_assert_eq!(t.difference, last - first);
            } else {
                prop_assert_eq!(t.direction, Direction::Unknown);
            }
            let on = plus_days(date(2020, 1, 1), probe).unwrap_or(d);
            for a in series.current(on).into_iter().flatten() {
                prop_assert!(a.date <= on);
                prop_assert_eq!(a.outdated, plus_days(a.date, DAYS_CURRENT).is_some_and(|l| on > l));
            }
        }
    }
}
