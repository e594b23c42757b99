//! Measurement waves, questionnaires built from items, administrative
//! outcomes, and the scoring of a questionnaire into construct scores.
//!
//! All values are integers: a construct score is the mean item answer in
//! hundredths of a scale point, hours in tenths, money in `regels::Cents`.
//! Floats appear only in [`crate::stats`].

use std::collections::BTreeMap;

use jiff::Span;
use jiff::civil::Date;
use regels::Cents;

use crate::design::{Design, MAX_RUNG, MAX_TEXT, check_list};
use crate::enrol::ParticipantId;
use crate::error::{Error, Problem, check_key, check_text};

/// At most 12 waves: one every two months over two years is already more
/// than residents will answer.
pub const MAX_WAVES: usize = 12;
/// At most 60 items: about 15 minutes of questions; more hurts response.
pub const MAX_ITEMS: usize = 60;
/// Answer scales are small Likert-type scales, 0–10 at most.
pub const MAX_SCALE: u8 = 10;
/// The last wave lies at most ten years after enrolment.
pub const MAX_WAVE_MONTH: u8 = 120;
/// Weekly work hours, in tenths: 0–80 hours.
pub const MAX_WORK_HOURS_TENTHS: u32 = 800;
/// A month's income or benefit above €100,000 is an input error.
pub const MAX_MONTHLY_CENTS: i64 = 10_000_000;
/// How long a wave stays open when a design does not say (stored designs
/// from before `open_weken` existed): eight weeks.
pub const DEFAULT_OPEN_WEEKS: u8 = 8;
/// A wave stays open at most a year: longer and it is no longer "month N".
pub const MAX_OPEN_WEEKS: u8 = 52;

/// A measurement wave: `month` months after enrolment (0 = baseline), open
/// for `open_weeks` weeks from then (see [`Wave::window`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wave {
    pub key: String,
    pub label_nl: String,
    pub month: u8,
    /// How many weeks the wave stays open, 1–52 (stored as `open_weken`;
    /// [`DEFAULT_OPEN_WEEKS`] when a stored design has none).
    pub open_weeks: u8,
}

impl Wave {
    /// Baseline at enrolment, midway at 12 months, end at 24 months: the
    /// two-year span of the 2017–2019 experiments.
    pub fn standard() -> Vec<Wave> {
        let wave = |key: &str, label: &str, month| Wave {
            key: key.to_owned(),
            label_nl: label.to_owned(),
            month,
            open_weeks: DEFAULT_OPEN_WEEKS,
        };
        vec![
            wave("nulmeting", "Nulmeting (bij de start)", 0),
            wave("tussenmeting", "Tussenmeting (na een jaar)", 12),
            wave("eindmeting", "Eindmeting (na twee jaar)", 24),
        ]
    }

    /// The days this wave is open for a participant enrolled on `enrolled`:
    /// from `enrolled` plus `month` calendar months up to and including
    /// `open_weeks × 7 − 1` days later. Months are added as the calendar
    /// does (`jiff`'s `Span::months`, as the web pages count whole months
    /// since enrolment): a day that does not exist in the target month
    /// becomes that month's last day, so 31 January + 1 month is 28 (or 29)
    /// February. A date beyond the calendar's end (year 9999) stays at its
    /// last day.
    pub fn window(&self, enrolled: Date) -> (Date, Date) {
        let first = enrolled.checked_add(Span::new().months(i64::from(self.month))).unwrap_or(Date::MAX);
        let days = i64::from(self.open_weeks) * 7 - 1;
        let last = first.checked_add(Span::new().days(days.max(0))).unwrap_or(Date::MAX);
        (first, last)
    }

    /// Is the wave open on `today` for a participant enrolled on `enrolled`
    /// (first and last day of [`Wave::window`] included)?
    pub fn is_open(&self, enrolled: Date, today: Date) -> bool {
        let (first, last) = self.window(enrolled);
        first <= today && today <= last
    }

    /// Has the wave closed on `today` (after the last day of its window)?
    /// A closed wave without an answer counts as not responded.
    pub fn is_closed(&self, enrolled: Date, today: Date) -> bool {
        today > self.window(enrolled).1
    }
}

/// Is `wave` offered to a participant enrolled on `enrolled` on `today`? Its
/// window must be open; and the baseline (the design's first wave) only
/// until the lot has drawn her arm (`drawn`): a baseline answered after the
/// draw no longer measures her before the treatment, and would blur the
/// balance table and the effects.
pub fn offered(design: &Design, wave: &Wave, enrolled: Date, drawn: bool, today: Date) -> bool {
    let baseline = design.waves().first().is_some_and(|w| w.key == wave.key);
    wave.is_open(enrolled, today) && !(baseline && drawn)
}

pub(crate) fn check_waves(waves: &[Wave]) -> Result<(), Error> {
    check_list("metingen", waves.len(), 2, MAX_WAVES)?;
    for (i, w) in waves.iter().enumerate() {
        let f = format!("metingen[{i}]");
        check_key(&format!("{f}.sleutel"), &w.key)?;
        check_text(&format!("{f}.naam"), &w.label_nl, MAX_TEXT)?;
        if waves[..i].iter().any(|v| v.key == w.key) {
            return Err(Error::new(format!("{f}.sleutel"), Problem::Duplicate { value: w.key.clone() }));
        }
        if i == 0 && w.month != 0 {
            return Err(Error::new(
                format!("{f}.maand"),
                Problem::Format {
                    nl: "De eerste meting is de nulmeting, bij de start (maand 0).",
                    en: "The first wave is the baseline, at the start (month 0).",
                },
            ));
        }
        if i > 0 && w.month <= waves[i - 1].month {
            return Err(Error::new(
                format!("{f}.maand"),
                Problem::OutOfRange { min: i64::from(waves[i - 1].month) + 1, max: i64::from(MAX_WAVE_MONTH) },
            ));
        }
        if w.month > MAX_WAVE_MONTH {
            return Err(Error::new(
                format!("{f}.maand"),
                Problem::OutOfRange { min: 0, max: i64::from(MAX_WAVE_MONTH) },
            ));
        }
        if w.open_weeks == 0 || w.open_weeks > MAX_OPEN_WEEKS {
            return Err(Error::new(
                format!("{f}.open_weken"),
                Problem::OutOfRange { min: 1, max: i64::from(MAX_OPEN_WEEKS) },
            ));
        }
    }
    // A wave closes before the next one opens: otherwise a late answer to one wave could be given
    // in the time of the next (a "baseline" long after the lottery). The shortest month has 4
    // weeks, so a gap of g months leaves room for at most 4 × g weeks.
    for (i, pair) in waves.windows(2).enumerate() {
        let room = 4 * u32::from(pair[1].month - pair[0].month);
        if u32::from(pair[0].open_weeks) > room {
            return Err(Error::new(
                format!("metingen[{i}].open_weken"),
                Problem::OutOfRange { min: 1, max: i64::from(room.min(u32::from(MAX_OPEN_WEEKS))) },
            ));
        }
    }
    Ok(())
}

/// What a questionnaire item measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Construct {
    /// Welbevinden.
    WellBeing,
    Stress,
    /// Zelfeffectiviteit / regie over het eigen leven (mastery).
    Mastery,
    TrustInMunicipality,
    /// Financiële ademruimte: the project's own name.
    FinancialBreathingRoom,
    Health,
}

impl Construct {
    pub const ALL: [Construct; 6] = [
        Construct::WellBeing,
        Construct::Stress,
        Construct::Mastery,
        Construct::TrustInMunicipality,
        Construct::FinancialBreathingRoom,
        Construct::Health,
    ];

    /// The stored keys, in the order of [`Construct::ALL`].
    pub const KEYS: [&'static str; 6] =
        ["welbevinden", "stress", "regie", "vertrouwen_gemeente", "financiele_ademruimte", "gezondheid"];

    pub fn from_key(key: &str) -> Option<Construct> {
        Construct::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            Construct::WellBeing => "welbevinden",
            Construct::Stress => "stress",
            Construct::Mastery => "regie",
            Construct::TrustInMunicipality => "vertrouwen_gemeente",
            Construct::FinancialBreathingRoom => "financiele_ademruimte",
            Construct::Health => "gezondheid",
        }
    }
}

/// One question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub key: String,
    pub construct: Construct,
    pub text_nl: String,
    pub scale_min: u8,
    pub scale_max: u8,
    /// A reversed item counts as `min + max − answer`, so that a higher
    /// construct score always means more of the construct.
    pub reversed: bool,
}

/// A questionnaire: items, each scored into its construct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Questionnaire {
    pub items: Vec<Item>,
}

impl Questionnaire {
    /// A short default set, two items per construct on a 1–5 scale. The
    /// wording is our own: validated instruments (WHO-5, Pearlin Mastery
    /// Scale, PSS) have their own licence and translation terms and can be
    /// entered as items by the researchers who use them.
    pub fn standard() -> Questionnaire {
        let item = |key: &str, construct, text: &str, reversed| Item {
            key: key.to_owned(),
            construct,
            text_nl: text.to_owned(),
            scale_min: 1,
            scale_max: 5,
            reversed,
        };
        Questionnaire {
            items: vec![
                item("welbevinden_1", Construct::WellBeing, "Ik voel me de laatste tijd goed.", false),
                item("welbevinden_2", Construct::WellBeing, "Ik heb plezier in wat ik doe.", false),
                item("stress_1", Construct::Stress, "Ik voel me vaak gespannen.", false),
                item("stress_2", Construct::Stress, "Ik kan goed ontspannen.", true),
                item("regie_1", Construct::Mastery, "Ik heb grip op wat er in mijn leven gebeurt.", false),
                item("regie_2", Construct::Mastery, "Ik kan weinig doen aan mijn problemen.", true),
                item(
                    "vertrouwen_1",
                    Construct::TrustInMunicipality,
                    "Ik vertrouw erop dat de gemeente mij eerlijk behandelt.",
                    false,
                ),
                item(
                    "vertrouwen_2",
                    Construct::TrustInMunicipality,
                    "De gemeente denkt mee als ik iets nodig heb.",
                    false,
                ),
                item("geld_1", Construct::FinancialBreathingRoom, "Ik kan rondkomen van mijn geld.", false),
                item("geld_2", Construct::FinancialBreathingRoom, "Ik lig wakker van geldzorgen.", true),
                item("gezondheid_1", Construct::Health, "Mijn gezondheid is goed.", false),
                item("gezondheid_2", Construct::Health, "Mijn gezondheid houdt me tegen in wat ik wil doen.", true),
            ],
        }
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        check_list("vragenlijst.items", self.items.len(), 1, MAX_ITEMS)?;
        for (i, it) in self.items.iter().enumerate() {
            let f = format!("vragenlijst.items[{i}]");
            check_key(&format!("{f}.sleutel"), &it.key)?;
            if self.items[..i].iter().any(|o| o.key == it.key) {
                return Err(Error::new(format!("{f}.sleutel"), Problem::Duplicate { value: it.key.clone() }));
            }
            check_text(&format!("{f}.tekst"), &it.text_nl, MAX_TEXT)?;
            if it.scale_max > MAX_SCALE || it.scale_min >= it.scale_max {
                return Err(Error::new(
                    format!("{f}.schaal"),
                    Problem::Format {
                        nl: "De schaal loopt van een laagste naar een hoogste waarde, hoogstens 0 tot 10.",
                        en: "The scale runs from a lowest to a higher highest value, at most 0 to 10.",
                    },
                ));
            }
        }
        Ok(())
    }

    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.key == key)
    }

    /// Construct scores in hundredths of a scale point: the mean of the
    /// answered items of the construct (reversed items turned around),
    /// rounded half up. A construct with fewer than half of its items
    /// answered gets no score: a score from one answer out of four would be
    /// a different measurement. Answers are checked by [`check_answers`].
    pub fn score(&self, answers: &BTreeMap<String, u8>) -> BTreeMap<Construct, Option<i64>> {
        let mut out = BTreeMap::new();
        for c in Construct::ALL {
            let items: Vec<&Item> = self.items.iter().filter(|i| i.construct == c).collect();
            if items.is_empty() {
                continue;
            }
            let mut sum = 0i64;
            let mut answered = 0i64;
            for it in &items {
                if let Some(a) = answers.get(&it.key) {
                    let a = i64::from(*a);
                    sum += if it.reversed { i64::from(it.scale_min) + i64::from(it.scale_max) - a } else { a };
                    answered += 1;
                }
            }
            let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let score = if answered == 0 || 2 * answered < total {
                None
            } else {
                Some((sum * 200 + answered) / (2 * answered))
            };
            out.insert(c, score);
        }
        out
    }
}

/// Administrative outcomes from the municipality's own records for the month
/// of a wave: they exist also for residents who do not answer questions.
/// Each is `None` when the records cannot give it (work without recorded
/// hours, no rung yet, no amounts for the date; see `crate::admin`); the
/// analysis then leaves that outcome out, as a missing answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdminOutcomes {
    /// Paid work per week, in tenths of an hour.
    pub work_hours_tenths: Option<u32>,
    /// Net income from work in the month.
    pub income: Option<Cents>,
    /// Rung on the participatieladder, 1–6.
    pub rung: Option<u8>,
    /// Bijstand paid in the month.
    pub benefit_paid: Option<Cents>,
}

/// An outcome the analysis reports on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Construct(Construct),
    WorkHours,
    Income,
    Rung,
    BenefitPaid,
}

impl Outcome {
    /// Every outcome, questionnaire constructs first.
    pub fn all() -> Vec<Outcome> {
        let mut v: Vec<Outcome> = Construct::ALL.into_iter().map(Outcome::Construct).collect();
        v.extend([Outcome::WorkHours, Outcome::Income, Outcome::Rung, Outcome::BenefitPaid]);
        v
    }

    pub fn key(self) -> &'static str {
        match self {
            Outcome::Construct(c) => c.key(),
            Outcome::WorkHours => "werkuren_per_week",
            Outcome::Income => "inkomen_uit_werk",
            Outcome::Rung => "trede",
            Outcome::BenefitPaid => "uitkering_betaald",
        }
    }

    /// The integer values are in units of 1/divisor of the reported unit:
    /// hundredths of a scale point, tenths of an hour, cents of a euro.
    pub fn divisor(self) -> i64 {
        match self {
            Outcome::Construct(_) | Outcome::Income | Outcome::BenefitPaid => 100,
            Outcome::WorkHours => 10,
            Outcome::Rung => 1,
        }
    }

    /// The reported unit, in Dutch.
    pub fn unit_nl(self) -> &'static str {
        match self {
            Outcome::Construct(_) => "schaalpunten",
            Outcome::WorkHours => "uren per week",
            Outcome::Income | Outcome::BenefitPaid => "euro per maand",
            Outcome::Rung => "trede",
        }
    }

    pub fn is_administrative(self) -> bool {
        !matches!(self, Outcome::Construct(_))
    }

    /// The outcome with this stored key (the report's `uitkomst`).
    pub fn from_key(key: &str) -> Option<Outcome> {
        Outcome::all().into_iter().find(|o| o.key() == key)
    }

    /// What a report calls it, in plain words.
    pub fn label(self, lang: regels::Lang) -> &'static str {
        let (nl, en) = match self {
            Outcome::Construct(Construct::WellBeing) => ("Welbevinden", "Well-being"),
            Outcome::Construct(Construct::Stress) => ("Stress", "Stress"),
            Outcome::Construct(Construct::Mastery) => ("Regie over het eigen leven", "Mastery"),
            Outcome::Construct(Construct::TrustInMunicipality) => {
                ("Vertrouwen in de gemeente", "Trust in the municipality")
            }
            Outcome::Construct(Construct::FinancialBreathingRoom) => {
                ("Financiële ademruimte", "Financial breathing room")
            }
            Outcome::Construct(Construct::Health) => ("Gezondheid", "Health"),
            Outcome::WorkHours => ("Werkuren per week", "Work hours per week"),
            Outcome::Income => ("Inkomen uit werk", "Income from work"),
            Outcome::Rung => ("Trede op de participatieladder", "Rung on the participation ladder"),
            Outcome::BenefitPaid => ("Bijstand volgens het dossier", "Bijstand per the dossier"),
        };
        match lang {
            regels::Lang::Nl => nl,
            regels::Lang::En => en,
        }
    }

    /// The reported unit, in the reader's language.
    pub fn unit(self, lang: regels::Lang) -> &'static str {
        match (self, lang) {
            (_, regels::Lang::Nl) => self.unit_nl(),
            (Outcome::Construct(_), regels::Lang::En) => "scale points",
            (Outcome::WorkHours, regels::Lang::En) => "hours per week",
            (Outcome::Income | Outcome::BenefitPaid, regels::Lang::En) => "euro per month",
            (Outcome::Rung, regels::Lang::En) => "rung",
        }
    }
}

/// What was measured for one participant in one wave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measurement {
    pub participant: ParticipantId,
    pub wave: String,
    pub date: Date,
    /// Answered items (item key → answer); empty when the resident did not
    /// answer the questionnaire.
    pub answers: BTreeMap<String, u8>,
    /// From the municipality's records; `None` when not (yet) available.
    pub admin: Option<AdminOutcomes>,
}

impl Measurement {
    /// A measurement checked against the design on its own: the wave is one
    /// of the design's, the date is not before the enrolment period starts,
    /// every answer is to an item of the questionnaire and within its scale,
    /// and the administrative values are within their bounds
    /// ([`check_answers`]). Field paths are those of the stored form
    /// (`meting`, `antwoorden.stress_1`, `registratie.trede`). Whether the
    /// participant exists, is measured once per wave and not before their
    /// own enrolment is checked by `Trial::new`, which knows the participants.
    pub fn new(
        design: &Design,
        participant: ParticipantId,
        wave: &str,
        date: Date,
        answers: BTreeMap<String, u8>,
        admin: Option<AdminOutcomes>,
    ) -> Result<Measurement, Error> {
        if design.wave(wave).is_none() {
            let allowed: Vec<&str> = design.waves().iter().map(|w| w.key.as_str()).collect();
            return Err(crate::error::unknown_key("meting", wave, &allowed));
        }
        let start = design.spec().start;
        if date < start {
            return Err(Error::new("datum", Problem::TooEarly { date, earliest: start }));
        }
        let m = Measurement { participant, wave: wave.to_owned(), date, answers, admin };
        check_answers(design.questionnaire(), &m, "")?;
        Ok(m)
    }

    /// Did the resident answer the questionnaire in this wave?
    pub fn responded(&self) -> bool {
        !self.answers.is_empty()
    }
}

/// Checks the answers against the items and the administrative values
/// against their bounds. `field` is the path of the measurement (`metingen[3]`),
/// or empty for a measurement on its own (paths then start at `antwoorden`).
pub fn check_answers(q: &Questionnaire, m: &Measurement, field: &str) -> Result<(), Error> {
    let field = if field.is_empty() { String::new() } else { format!("{field}.") };
    if m.answers.len() > MAX_ITEMS {
        return Err(Error::new(format!("{field}antwoorden"), Problem::TooMany { max: MAX_ITEMS }));
    }
    for (key, a) in &m.answers {
        let f = format!("{field}antwoorden.{key}");
        let Some(item) = q.item(key) else {
            let allowed: Vec<&str> = q.items.iter().map(|i| i.key.as_str()).collect();
            return Err(crate::error::unknown_key(&f, key, &allowed));
        };
        if *a < item.scale_min || *a > item.scale_max {
            return Err(Error::new(
                f,
                Problem::OutOfRange { min: i64::from(item.scale_min), max: i64::from(item.scale_max) },
            ));
        }
    }
    if let Some(ad) = &m.admin {
        if ad.work_hours_tenths.is_some_and(|h| h > MAX_WORK_HOURS_TENTHS) {
            return Err(Error::new(
                format!("{field}registratie.werkuren_tienden"),
                Problem::OutOfRange { min: 0, max: i64::from(MAX_WORK_HOURS_TENTHS) },
            ));
        }
        for (name, c) in [("inkomen_uit_werk", ad.income), ("uitkering_betaald", ad.benefit_paid)] {
            if c.is_some_and(|c| c.get() < 0 || c.get() > MAX_MONTHLY_CENTS) {
                return Err(Error::new(
                    format!("{field}registratie.{name}"),
                    Problem::OutOfRange { min: 0, max: MAX_MONTHLY_CENTS },
                ));
            }
        }
        if ad.rung.is_some_and(|r| r == 0 || r > MAX_RUNG) {
            return Err(Error::new(
                format!("{field}registratie.trede"),
                Problem::OutOfRange { min: 1, max: i64::from(MAX_RUNG) },
            ));
        }
    }
    Ok(())
}

/// Every outcome value of one measurement, as integers (see [`Outcome::divisor`]).
pub fn outcome_values(q: &Questionnaire, m: &Measurement) -> BTreeMap<Outcome, Option<i64>> {
    let mut out: BTreeMap<Outcome, Option<i64>> =
        q.score(&m.answers).into_iter().map(|(c, s)| (Outcome::Construct(c), s)).collect();
    let a = m.admin;
    out.insert(Outcome::WorkHours, a.and_then(|a| a.work_hours_tenths).map(i64::from));
    out.insert(Outcome::Income, a.and_then(|a| a.income).map(Cents::get));
    out.insert(Outcome::Rung, a.and_then(|a| a.rung).map(i64::from));
    out.insert(Outcome::BenefitPaid, a.and_then(|a| a.benefit_paid).map(Cents::get));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(month: u8, open_weeks: u8) -> Wave {
        Wave { key: "w".to_owned(), label_nl: "W".to_owned(), month, open_weeks }
    }

    #[test]
    fn a_wave_window_runs_from_its_month_for_its_weeks() {
        use jiff::civil::date;
        let w = wave(12, 8);
        // 10 March 2027 + 12 months = 10 March 2028; + 8 × 7 − 1 = 55 days = 4 May 2028.
        let enrolled = date(2027, 3, 10);
        assert_eq!(w.window(enrolled), (date(2028, 3, 10), date(2028, 5, 4)));
        assert!(!w.is_open(enrolled, date(2028, 3, 9)));
        assert!(w.is_open(enrolled, date(2028, 3, 10)));
        assert!(w.is_open(enrolled, date(2028, 5, 4)));
        assert!(!w.is_open(enrolled, date(2028, 5, 5)));
        assert!(!w.is_closed(enrolled, date(2028, 5, 4)));
        assert!(w.is_closed(enrolled, date(2028, 5, 5)));
        // Before the window it is neither open nor closed.
        assert!(!w.is_closed(enrolled, date(2027, 3, 10)));
        // The baseline opens on the enrolment day; one week is 7 days.
        assert_eq!(wave(0, 1).window(enrolled), (enrolled, date(2027, 3, 16)));
        assert_eq!(wave(0, 52).window(enrolled).1, date(2028, 3, 7));
    }

    #[test]
    fn a_month_end_enrolment_lands_on_the_last_day_of_a_shorter_month() {
        use jiff::civil::date;
        // 31 January + 1 month: no 31 February, so the last day of February.
        assert_eq!(wave(1, 1).window(date(2027, 1, 31)), (date(2027, 2, 28), date(2027, 3, 6)));
        assert_eq!(wave(1, 1).window(date(2028, 1, 31)).0, date(2028, 2, 29));
        assert_eq!(wave(3, 1).window(date(2027, 1, 31)).0, date(2027, 4, 30));
        // 12 months from 29 February is 28 February of the next year.
        assert_eq!(wave(12, 1).window(date(2028, 2, 29)).0, date(2029, 2, 28));
        // At the calendar's end the window stays on its last day.
        assert_eq!(wave(12, 8).window(Date::MAX), (Date::MAX, Date::MAX));
    }

    #[test]
    fn the_baseline_is_offered_only_before_the_draw() {
        use jiff::civil::date;
        let design = crate::json::design_from_toml(crate::json::EXAMPLE_DESIGN).expect("example");
        let waves = design.waves();
        let enrolled = date(2027, 3, 10);
        assert!(offered(&design, &waves[0], enrolled, false, enrolled), "at enrolment, not drawn yet");
        assert!(!offered(&design, &waves[0], enrolled, true, enrolled), "drawn: the baseline has closed");
        assert!(!offered(&design, &waves[0], enrolled, false, date(2027, 6, 1)), "after its window");
        // Later waves do not care about the draw, only about their window.
        let midway = waves[1].window(enrolled).0;
        assert!(offered(&design, &waves[1], enrolled, true, midway));
        assert!(!offered(&design, &waves[1], enrolled, true, enrolled));
    }

    #[test]
    fn a_wave_closes_before_the_next_opens() {
        let mut waves = Wave::standard();
        // Baseline at month 0, midway at 12: at most 48 weeks open.
        waves[0].open_weeks = 48;
        assert_eq!(check_waves(&waves), Ok(()));
        waves[0].open_weeks = 49;
        assert_eq!(
            check_waves(&waves),
            Err(Error::new("metingen[0].open_weken", Problem::OutOfRange { min: 1, max: 48 }))
        );
        // Waves one month apart leave four weeks.
        let mut close = Wave::standard();
        close[1].month = 1;
        close[0].open_weeks = 5;
        assert_eq!(
            check_waves(&close),
            Err(Error::new("metingen[0].open_weken", Problem::OutOfRange { min: 1, max: 4 }))
        );
        // For every pair the window ends before the next first day, also from a month's end.
        close[0].open_weeks = 4;
        assert_eq!(check_waves(&close), Ok(()));
        for enrolled in [jiff::civil::date(2027, 1, 31), jiff::civil::date(2027, 2, 1), jiff::civil::date(2028, 1, 30)]
        {
            assert!(close[0].window(enrolled).1 < close[1].window(enrolled).0, "{enrolled}");
        }
    }

    #[test]
    fn open_weeks_are_checked_with_the_field_path() {
        let mut waves = Wave::standard();
        assert_eq!(check_waves(&waves), Ok(()));
        assert!(waves.iter().all(|w| w.open_weeks == DEFAULT_OPEN_WEEKS));
        // The last wave has no next one to leave room for: 1 to 52.
        for bad in [0, 53] {
            waves[2].open_weeks = bad;
            assert_eq!(
                check_waves(&waves),
                Err(Error::new("metingen[2].open_weken", Problem::OutOfRange { min: 1, max: 52 }))
            );
        }
        for good in [1, 52] {
            waves[2].open_weeks = good;
            assert_eq!(check_waves(&waves), Ok(()));
        }
        waves[2].open_weeks = 0;
        let e = check_waves(&waves).expect_err("refused");
        assert!(e.message_nl().contains("metingen[2].open_weken"), "{}", e.message_nl());
        assert!(e.message_en().contains("metingen[2].open_weken"), "{}", e.message_en());
    }

    #[test]
    fn construct_keys_read_back() {
        for (c, k) in Construct::ALL.into_iter().zip(Construct::KEYS) {
            assert_eq!((c.key(), Construct::from_key(k)), (k, Some(c)));
        }
        assert_eq!(Construct::from_key("geluk"), None);
    }

    #[test]
    fn scoring_reverses_items_and_needs_half_of_the_items() {
        let q = Questionnaire::standard();
        let mut answers = BTreeMap::new();
        answers.insert("stress_1".to_owned(), 4);
        answers.insert("stress_2".to_owned(), 4); // reversed: counts as 2
        answers.insert("welbevinden_1".to_owned(), 5);
        let s = q.score(&answers);
        assert_eq!(s[&Construct::Stress], Some(300));
        // One of two items answered is half: a score.
        assert_eq!(s[&Construct::WellBeing], Some(500));
        assert_eq!(s[&Construct::Health], None);
    }
}
