//! A round of home visits in a neighbourhood (*wijkbenadering*).
//!
//! Seed 001: "Een belangrijke concrete stap was de wijkbenadering waarbij we
//! bij mensen aanbellen en vragen hoe het met ze gaat en wat ze willen." A
//! worker plans a round in one CBS buurt with a list of addresses, and records
//! per address what happened ([`Outcome`]), the answer to the first question
//! ([`FIRST_QUESTION_NL`]), and — only when the person is interested — their
//! consent to start a dossier, with the version of the information text they
//! were given and the date.
//!
//! Privacy by design: a round holds addresses, never names or BSNs. "Wil geen
//! contact" is final for the round and removes any answer recorded before.
//! Without consent there is no dossier: the only way to get a [`DossierStart`]
//! (what storage needs to open one) is [`Round::start_dossier`], which refuses
//! without valid, unwithdrawn consent.

use std::collections::BTreeSet;

use jiff::civil::Date;
use platform::rol::Role;

use crate::buddy::NeighbourhoodCode;
use crate::error::{Error, Problem};
use crate::text::{Lang, free_text, optional_text, pick, plus_days};

/// The first question at the door.
pub const FIRST_QUESTION_NL: &str = "Hoe gaat het met u? Wat wilt u?";
pub const FIRST_QUESTION_EN: &str = "How are you? What would you like?";
/// A round covers a few streets; a buurt has about 1 000–3 000 homes.
pub const MAX_ADDRESSES: usize = 500;
/// Ring at most three times: after that, a card through the door, not a fourth visit.
pub const MAX_ATTEMPTS: u8 = 3;
/// The answer to the first question, in the person's words, kept short.
pub const MAX_ANSWER: usize = 1_000;
/// The version of the information text, e.g. `2026-01` or `v3`.
pub const MAX_VERSION: usize = 40;
/// A round is done within three months of its planned date.
pub const MAX_ROUND_DAYS: i64 = 92;

/// The workers who go door to door.
pub const VISITORS: [Role; 2] = [Role::WijMedewerker, Role::Klantmanager];

/// A Dutch address: postcode, house number and an optional addition.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address {
    postcode: String,
    house_number: u32,
    addition: Option<String>,
}

impl Address {
    /// `postcode` as `9736AB` or `9736 AB`; `house_number` 1–99999; an addition
    /// of at most 6 letters or digits (`a`, `2-hoog` is written `2hoog`).
    pub fn new(field: &str, postcode: &str, house_number: u32, addition: Option<&str>) -> Result<Address, Error> {
        let pc: String = postcode.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let b = pc.as_bytes();
        let ok = b.len() == 6
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[0] != b'0'
            && b[4..].iter().all(u8::is_ascii_uppercase);
        if !ok {
            return Err(Error::new(
                format!("{field}.postcode"),
                Problem::Format {
                    nl: "Een postcode is 4 cijfers en 2 letters, bijvoorbeeld 9736 AB.",
                    en: "A postcode is 4 digits and 2 letters, e.g. 9736 AB.",
                },
            ));
        }
        if !(1..=99_999).contains(&house_number) {
            return Err(Error::new(format!("{field}.huisnummer"), Problem::OutOfRange { min: 1, max: 99_999 }));
        }
        let addition = match addition.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) if t.len() <= 6 && t.bytes().all(|c| c.is_ascii_alphanumeric()) => Some(t.to_owned()),
            Some(_) => {
                return Err(Error::new(
                    format!("{field}.toevoeging"),
                    Problem::Format {
                        nl: "Een toevoeging is hoogstens 6 letters of cijfers, bijvoorbeeld a of 2.",
                        en: "An addition is at most 6 letters or digits, e.g. a or 2.",
                    },
                ));
            }
        };
        Ok(Address { postcode: pc, house_number, addition })
    }

    pub fn postcode(&self) -> &str {
        &self.postcode
    }

    pub fn house_number(&self) -> u32 {
        self.house_number
    }

    pub fn addition(&self) -> Option<&str> {
        self.addition.as_deref()
    }

    /// `9736 AB 12a`.
    pub fn text(&self) -> String {
        format!(
            "{} {} {}{}",
            &self.postcode[..4],
            &self.postcode[4..],
            self.house_number,
            self.addition.as_deref().unwrap_or("")
        )
    }
}

/// What happened at the door.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    NotHome,
    /// A conversation, no wish for follow-up now.
    Spoke,
    /// Does not want contact: final for this round.
    NoContactWanted,
    /// A conversation, and interest in follow-up.
    Interested,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::NotHome, Outcome::Spoke, Outcome::NoContactWanted, Outcome::Interested];
    pub const KEYS: [&'static str; 4] = ["niet_thuis", "gesproken", "wil_geen_contact", "belangstelling"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Outcome> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Outcome::NotHome => pick(lang, "niet thuis", "not at home"),
            Outcome::Spoke => pick(lang, "gesproken", "spoke"),
            Outcome::NoContactWanted => pick(lang, "wil geen contact", "does not want contact"),
            Outcome::Interested => pick(lang, "belangstelling", "interested"),
        }
    }

    /// Someone opened the door and said something (also "no").
    pub fn is_contact(self) -> bool {
        !matches!(self, Outcome::NotHome)
    }

    /// A conversation took place: only then is there an answer to keep.
    fn is_conversation(self) -> bool {
        matches!(self, Outcome::Spoke | Outcome::Interested)
    }
}

/// Consent to start a dossier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    pub date: Date,
    /// Which information text the person was given (what they agreed to).
    pub information_text_version: String,
    /// Consent can be withdrawn at any time (AVG art. 7 lid 3).
    pub withdrawn_on: Option<Date>,
}

impl Consent {
    pub fn is_valid(&self) -> bool {
        self.withdrawn_on.is_none()
    }
}

/// One address in a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    pub address: Address,
    pub attempts: u8,
    pub last_date: Option<Date>,
    pub outcome: Option<Outcome>,
    /// The answer to the first question, in the person's words.
    pub first_answer: Option<String>,
    pub consent: Option<Consent>,
}

/// What storage needs to open a dossier after a home visit. Only
/// [`Round::start_dossier`] makes one, and only with consent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DossierStart {
    neighbourhood: NeighbourhoodCode,
    address: Address,
    consent_date: Date,
    information_text_version: String,
    first_answer: Option<String>,
}

impl DossierStart {
    pub fn neighbourhood(&self) -> &NeighbourhoodCode {
        &self.neighbourhood
    }

    pub fn address(&self) -> &Address {
        &self.address
    }

    pub fn consent_date(&self) -> Date {
        self.consent_date
    }

    pub fn information_text_version(&self) -> &str {
        &self.information_text_version
    }

    pub fn first_answer(&self) -> Option<&str> {
        self.first_answer.as_deref()
    }
}

/// A share: `numerator` of `denominator`, without floating point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub numerator: u32,
    pub denominator: u32,
}

impl Share {
    /// Whole percent, rounded half up; `None` when there is nothing to divide by.
    pub fn percent(self) -> Option<u32> {
        assert!(self.numerator <= self.denominator);
        if self.denominator == 0 {
            return None;
        }
        let p = (u64::from(self.numerator) * 200 + u64::from(self.denominator)) / (2 * u64::from(self.denominator));
        u32::try_from(p).ok()
    }
}

/// The numbers of a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoundStatistics {
    pub addresses: u32,
    /// Addresses with an outcome (visited at least once).
    pub visited: u32,
    pub not_home: u32,
    pub spoke: u32,
    pub no_contact_wanted: u32,
    pub interested: u32,
    /// Valid consents.
    pub consents: u32,
    /// Contact (someone answered the door, also to say no) of visited addresses.
    pub contact_rate: Share,
    /// Interest of those reached.
    pub interest_rate: Share,
}

/// A round of home visits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round {
    neighbourhood: NeighbourhoodCode,
    planned_by: Role,
    planned_on: Date,
    visits: Vec<Visit>,
}

fn worker(by: Role) -> Result<(), Error> {
    if VISITORS.contains(&by) {
        Ok(())
    } else {
        Err(Error::new(
            "door",
            Problem::NotAllowed {
                role: by,
                nl: "Huisbezoeken doen de WIJ-medewerker en de klantmanager.",
                en: "Home visits are made by the neighbourhood team worker and the caseworker.",
            },
        ))
    }
}

impl Round {
    /// Plans a round in `neighbourhood` on `planned_on` along `addresses` (each once).
    pub fn new(
        by: Role,
        neighbourhood: NeighbourhoodCode,
        planned_on: Date,
        addresses: Vec<Address>,
    ) -> Result<Round, Error> {
        worker(by)?;
        if addresses.is_empty() {
            return Err(Error::new("adressen", Problem::TooFew { min: 1 }));
        }
        if addresses.len() > MAX_ADDRESSES {
            return Err(Error::new("adressen", Problem::TooMany { max: MAX_ADDRESSES }));
        }
        let mut seen = BTreeSet::new();
        for (i, a) in addresses.iter().enumerate() {
            if !seen.insert(a) {
                return Err(Error::new(format!("adressen[{i}]"), Problem::Duplicate { value: a.text() }));
            }
        }
        let visits = addresses
            .into_iter()
            .map(|address| Visit {
                address,
                attempts: 0,
                last_date: None,
                outcome: None,
                first_answer: None,
                consent: None,
            })
            .collect();
        Ok(Round { neighbourhood, planned_by: by, planned_on, visits })
    }

    /// Rebuilds a stored round, checking every invariant the operations keep:
    /// unique addresses, at most [`MAX_ATTEMPTS`] rings, an answer only after
    /// a conversation, consent only after interest, and nothing kept for
    /// someone who wants no contact.
    pub fn from_parts(
        by: Role,
        neighbourhood: NeighbourhoodCode,
        planned_on: Date,
        visits: Vec<Visit>,
    ) -> Result<Round, Error> {
        let addresses = visits.iter().map(|b| b.address.clone()).collect();
        let mut round = Round::new(by, neighbourhood, planned_on, addresses)?;
        for (i, b) in visits.iter().enumerate() {
            let f = format!("adressen[{i}]");
            let wrong = |field: &str| {
                Err(Error::new(
                    format!("{f}.{field}"),
                    Problem::WrongState {
                        nl: "Dit bezoek klopt niet met de regels van een ronde.",
                        en: "This visit does not follow the rules of a round.",
                    },
                ))
            };
            if b.attempts > MAX_ATTEMPTS
                || (b.outcome.is_some() != (b.attempts > 0))
                || (b.outcome.is_some() != b.last_date.is_some())
            {
                return wrong("pogingen");
            }
            if b.first_answer.is_some() && !b.outcome.is_some_and(Outcome::is_conversation) {
                return wrong("eerste_antwoord");
            }
            if let Some(t) = &b.consent {
                let after_interest = matches!(b.outcome, Some(Outcome::Interested | Outcome::NoContactWanted));
                if !after_interest || (b.outcome == Some(Outcome::NoContactWanted) && t.is_valid()) {
                    return wrong("toestemming");
                }
                free_text(
                    &format!("{f}.toestemming.versie_informatietekst"),
                    &t.information_text_version,
                    MAX_VERSION,
                    true,
                )?;
            }
            if let Some(a) = &b.first_answer {
                free_text(&format!("{f}.eerste_antwoord"), a, MAX_ANSWER, true)?;
            }
            if let Some(d) = b.last_date {
                round.check_date(&format!("{f}.datum"), d)?;
            }
        }
        round.visits = visits;
        Ok(round)
    }

    pub fn neighbourhood(&self) -> &NeighbourhoodCode {
        &self.neighbourhood
    }

    pub fn planned_by(&self) -> Role {
        self.planned_by
    }

    pub fn planned_on(&self) -> Date {
        self.planned_on
    }

    pub fn visits(&self) -> &[Visit] {
        &self.visits
    }

    fn index(&self, nr: usize) -> Result<usize, Error> {
        if nr < self.visits.len() { Ok(nr) } else { Err(Error::new(format!("adressen[{nr}]"), Problem::NotFound)) }
    }

    fn check_date(&self, field: &str, date: Date) -> Result<(), Error> {
        if date < self.planned_on {
            return Err(Error::new(field, Problem::TooEarly { date, earliest: self.planned_on }));
        }
        if let Some(latest) = plus_days(self.planned_on, MAX_ROUND_DAYS)
            && date > latest
        {
            return Err(Error::new(field, Problem::TooLate { date, latest }));
        }
        Ok(())
    }

    /// Records a visit to address `nr` on `date`. `answer` (the answer to
    /// the first question) only after a conversation.
    pub fn record(
        &mut self,
        by: Role,
        nr: usize,
        date: Date,
        outcome: Outcome,
        answer: Option<&str>,
    ) -> Result<(), Error> {
        worker(by)?;
        let i = self.index(nr)?;
        let f = format!("adressen[{i}]");
        self.check_date(&format!("{f}.datum"), date)?;
        let b = &self.visits[i];
        if let Some(last) = b.last_date
            && date < last
        {
            return Err(Error::new(format!("{f}.datum"), Problem::TooEarly { date, earliest: last }));
        }
        let state = |nl, en| Err(Error::new(format!("{f}.uitkomst"), Problem::WrongState { nl, en }));
        match (b.outcome, outcome) {
            (Some(Outcome::NoContactWanted), _) => {
                return state(
                    "Deze bewoner wil geen contact. Daar houden we ons aan: niet opnieuw aanbellen.",
                    "This resident does not want contact. We respect that: do not ring again.",
                );
            }
            (Some(Outcome::Interested), Outcome::Spoke | Outcome::NotHome)
            | (Some(Outcome::Spoke), Outcome::NotHome) => {
                return state(
                    "Er is al gesproken op dit adres. Leg alleen iets nieuws vast: belangstelling of geen contact.",
                    "There has already been a conversation here. Record only something new: interest or no contact.",
                );
            }
            _ => {}
        }
        let attempts = if outcome == Outcome::NotHome { b.attempts + 1 } else { b.attempts.max(1) };
        if outcome == Outcome::NotHome && attempts > MAX_ATTEMPTS {
            return state(
                "Hier is al 3 keer aangebeld. Laat liever een kaartje achter.",
                "The bell has been rung here 3 times already. Leave a card instead.",
            );
        }
        let answer = optional_text(&format!("{f}.eerste_antwoord"), answer, MAX_ANSWER)?;
        if answer.is_some() && !outcome.is_conversation() {
            return state(
                "Een antwoord legt u alleen vast na een gesprek.",
                "An answer is recorded only after a conversation.",
            );
        }
        let b = &mut self.visits[i];
        b.attempts = attempts;
        b.last_date = Some(date);
        b.outcome = Some(outcome);
        if outcome == Outcome::NoContactWanted {
            // "No" means no: keep nothing of what was said, end any consent.
            b.first_answer = None;
            if let Some(t) = &mut b.consent
                && t.withdrawn_on.is_none()
            {
                t.withdrawn_on = Some(date);
            }
        } else if answer.is_some() {
            b.first_answer = answer;
        }
        assert!(b.attempts >= 1 && b.attempts <= MAX_ATTEMPTS);
        Ok(())
    }

    /// Records consent to start a dossier, given on `date` after reading
    /// information text `version`. Only from someone who showed interest.
    pub fn record_consent(&mut self, by: Role, nr: usize, date: Date, version: &str) -> Result<(), Error> {
        worker(by)?;
        let i = self.index(nr)?;
        let f = format!("adressen[{i}]");
        let version = free_text(&format!("{f}.toestemming.versie_informatietekst"), version, MAX_VERSION, true)?;
        let b = &self.visits[i];
        if b.outcome != Some(Outcome::Interested) {
            return Err(Error::new(
                format!("{f}.toestemming"),
                Problem::WrongState {
                    nl: "Toestemming vraagt u pas als de bewoner belangstelling heeft.",
                    en: "Ask for consent only when the resident is interested.",
                },
            ));
        }
        if let Some(last) = b.last_date
            && date < last
        {
            return Err(Error::new(format!("{f}.toestemming.datum"), Problem::TooEarly { date, earliest: last }));
        }
        self.check_date(&format!("{f}.toestemming.datum"), date)?;
        if b.consent.as_ref().is_some_and(Consent::is_valid) {
            return Err(Error::new(
                format!("{f}.toestemming"),
                Problem::WrongState {
                    nl: "Er is al toestemming vastgelegd.",
                    en: "Consent has already been recorded.",
                },
            ));
        }
        self.visits[i].consent = Some(Consent { date, information_text_version: version, withdrawn_on: None });
        Ok(())
    }

    /// Records that consent was withdrawn on `date`.
    pub fn withdraw_consent(&mut self, nr: usize, date: Date) -> Result<(), Error> {
        let i = self.index(nr)?;
        let f = format!("adressen[{i}].toestemming");
        match &mut self.visits[i].consent {
            Some(t) if t.withdrawn_on.is_none() => {
                if date < t.date {
                    return Err(Error::new(
                        format!("{f}.ingetrokken_op"),
                        Problem::TooEarly { date, earliest: t.date },
                    ));
                }
                t.withdrawn_on = Some(date);
                Ok(())
            }
            _ => Err(Error::new(
                f,
                Problem::WrongState { nl: "Er is geen geldige toestemming.", en: "There is no valid consent." },
            )),
        }
    }

    /// What storage needs to open a dossier for address `nr`. No valid
    /// consent, no dossier.
    pub fn start_dossier(&self, nr: usize) -> Result<DossierStart, Error> {
        let i = self.index(nr)?;
        let b = &self.visits[i];
        match &b.consent {
            Some(t) if t.is_valid() => {
                assert_eq!(b.outcome, Some(Outcome::Interested), "consent only follows interest");
                Ok(DossierStart {
                    neighbourhood: self.neighbourhood.clone(),
                    address: b.address.clone(),
                    consent_date: t.date,
                    information_text_version: t.information_text_version.clone(),
                    first_answer: b.first_answer.clone(),
                })
            }
            _ => Err(Error::new(
                format!("adressen[{i}].toestemming"),
                Problem::WrongState {
                    nl: "Zonder toestemming van de bewoner maken we geen dossier.",
                    en: "Without the resident's consent no dossier is made.",
                },
            )),
        }
    }

    /// The round's numbers.
    pub fn statistics(&self) -> RoundStatistics {
        let count =
            |f: &dyn Fn(&Visit) -> bool| u32::try_from(self.visits.iter().filter(|b| f(b)).count()).unwrap_or(u32::MAX);
        let is = |u: Outcome| move |b: &Visit| b.outcome == Some(u);
        let addresses = count(&|_| true);
        let visited = count(&|b| b.outcome.is_some());
        let not_home = count(&is(Outcome::NotHome));
        let spoke = count(&is(Outcome::Spoke));
        let no_contact_wanted = count(&is(Outcome::NoContactWanted));
        let interested = count(&is(Outcome::Interested));
        let consents = count(&|b| b.consent.as_ref().is_some_and(Consent::is_valid));
        let reached = spoke + no_contact_wanted + interested;
        assert_eq!(visited, not_home + reached);
        assert!(consents <= interested);
        RoundStatistics {
            addresses,
            visited,
            not_home,
            spoke,
            no_contact_wanted,
            interested,
            consents,
            contact_rate: Share { numerator: reached, denominator: visited },
            interest_rate: Share { numerator: interested, denominator: reached },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    const D: Date = date(2026, 4, 6);

    fn address(n: u32) -> Address {
        Address::new("adres", "9736 ab", n, None).unwrap_or_else(|e| panic!("{e}"))
    }

    fn round(n: u32) -> Round {
        let neighbourhood = NeighbourhoodCode::parse("buurt", "BU00141100").unwrap_or_else(|e| panic!("{e}"));
        Round::new(Role::WijMedewerker, neighbourhood, D, (1..=n).map(address).collect())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn addresses_are_checked() {
        assert_eq!(address(12).text(), "9736 AB 12");
        assert_eq!(Address::new("a", "9736AB", 3, Some("a")).map(|a| a.text()).ok().as_deref(), Some("9736 AB 3a"));
        assert_eq!(Address::new("a", "0736AB", 3, None).map_err(|e| e.field), Err("a.postcode".to_owned()));
        assert!(Address::new("a", "9736A", 3, None).is_err());
        assert!(Address::new("a", "9736AB", 0, None).is_err());
        assert!(Address::new("a", "9736AB", 3, Some("2 hoog")).is_err());
        let neighbourhood = NeighbourhoodCode::parse("buurt", "BU00141100").unwrap_or_else(|e| panic!("{e}"));
        assert!(Round::new(Role::WijMedewerker, neighbourhood.clone(), D, vec![]).is_err());
        assert!(matches!(
            Round::new(Role::WijMedewerker, neighbourhood.clone(), D, vec![address(1), address(1)])
                .map_err(|e| e.problem),
            Err(Problem::Duplicate { .. })
        ));
        assert!(Round::new(Role::Buddy, neighbourhood, D, vec![address(1)]).is_err());
        for u in Outcome::ALL {
            assert_eq!(Outcome::from_key(u.key()), Some(u));
        }
    }

    #[test]
    fn no_consent_no_dossier() {
        let mut r = round(3);
        // Not visited, spoken without interest, interested without consent: no dossier.
        assert!(r.start_dossier(0).is_err());
        assert!(r.record(Role::WijMedewerker, 1, D, Outcome::Spoke, Some("Goed, dank u.")).is_ok());
        assert!(r.start_dossier(1).is_err());
        assert!(matches!(
            r.record_consent(Role::WijMedewerker, 1, D, "2026-01").map_err(|e| e.problem),
            Err(Problem::WrongState { .. })
        ));
        assert!(r.record(Role::WijMedewerker, 2, D, Outcome::Interested, Some("Ik wil van mijn schulden af.")).is_ok());
        let e = r.start_dossier(2).err().unwrap_or_else(|| panic!("must be refused"));
        assert!(e.message_nl().contains("Zonder toestemming"));
        // With consent: a dossier start with the version and the date.
        assert!(r.record_consent(Role::WijMedewerker, 2, date(2026, 4, 7), "2026-01").is_ok());
        let s = r.start_dossier(2).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((s.consent_date(), s.information_text_version()), (date(2026, 4, 7), "2026-01"));
        assert_eq!(s.first_answer(), Some("Ik wil van mijn schulden af."));
        assert_eq!(s.neighbourhood().as_str(), "BU00141100");
        // Withdrawn consent: no dossier any more.
        assert!(r.withdraw_consent(2, date(2026, 4, 8)).is_ok());
        assert!(r.start_dossier(2).is_err());
        assert!(r.withdraw_consent(2, date(2026, 4, 9)).is_err());
    }

    #[test]
    fn no_means_no() {
        let mut r = round(2);
        assert!(r.record(Role::WijMedewerker, 0, D, Outcome::Interested, Some("Misschien")).is_ok());
        assert!(r.record_consent(Role::WijMedewerker, 0, D, "v1").is_ok());
        assert!(r.record(Role::WijMedewerker, 0, date(2026, 4, 9), Outcome::NoContactWanted, None).is_ok());
        let b = &r.visits()[0];
        assert_eq!(b.first_answer, None);
        assert_eq!(b.consent.as_ref().and_then(|t| t.withdrawn_on), Some(date(2026, 4, 9)));
        assert!(r.start_dossier(0).is_err());
        assert!(r.record(Role::WijMedewerker, 0, date(2026, 4, 10), Outcome::Interested, None).is_err());
        // No answer is stored for someone who did not talk.
        assert!(r.record(Role::WijMedewerker, 1, D, Outcome::NoContactWanted, Some("Ga weg")).is_err());
        assert!(r.record(Role::WijMedewerker, 1, D, Outcome::NotHome, Some("x")).is_err());
    }

    #[test]
    fn ringing_at_most_three_times() {
        let mut r = round(1);
        for k in 0..3 {
            assert!(r.record(Role::WijMedewerker, 0, plus_days(D, k).unwrap_or(D), Outcome::NotHome, None).is_ok());
        }
        assert!(r.record(Role::WijMedewerker, 0, plus_days(D, 4).unwrap_or(D), Outcome::NotHome, None).is_err());
        assert!(r.record(Role::WijMedewerker, 0, plus_days(D, 5).unwrap_or(D), Outcome::Spoke, None).is_ok());
        assert!(r.record(Role::WijMedewerker, 0, plus_days(D, 6).unwrap_or(D), Outcome::NotHome, None).is_err());
        assert!(r.record(Role::WijMedewerker, 0, date(2026, 4, 1), Outcome::Interested, None).is_err());
        assert!(r.record(Role::WijMedewerker, 0, date(2026, 12, 1), Outcome::Interested, None).is_err());
        assert!(r.record(Role::WijMedewerker, 7, D, Outcome::Interested, None).is_err());
        let long = "x".repeat(MAX_ANSWER + 1);
        assert!(matches!(
            r.record(Role::WijMedewerker, 0, plus_days(D, 6).unwrap_or(D), Outcome::Interested, Some(&long))
                .map_err(|e| e.problem),
            Err(Problem::TooLong { .. })
        ));
    }

    #[test]
    fn round_statistics() {
        let mut r = round(10);
        let outcomes = [
            Outcome::NotHome,
            Outcome::NotHome,
            Outcome::Spoke,
            Outcome::Spoke,
            Outcome::Spoke,
            Outcome::NoContactWanted,
            Outcome::Interested,
            Outcome::Interested,
        ];
        for (i, u) in outcomes.into_iter().enumerate() {
            assert!(r.record(Role::WijMedewerker, i, D, u, None).is_ok());
        }
        assert!(r.record_consent(Role::WijMedewerker, 6, D, "2026-01").is_ok());
        let s = r.statistics();
        assert_eq!(
            (s.addresses, s.visited, s.not_home, s.spoke, s.no_contact_wanted, s.interested, s.consents),
            (10, 8, 2, 3, 1, 2, 1)
        );
        assert_eq!(s.contact_rate.percent(), Some(75)); // 6 of 8
        assert_eq!(s.interest_rate.percent(), Some(33)); // 2 of 6
        assert_eq!(round(1).statistics().contact_rate.percent(), None);
        assert_eq!(Share { numerator: 1, denominator: 8 }.percent(), Some(13)); // 12,5 rounds up
    }

    #[test]
    fn stored_rounds_are_checked() {
        let mut r = round(2);
        assert!(r.record(Role::WijMedewerker, 0, D, Outcome::Interested, Some("Graag")).is_ok());
        assert!(r.record_consent(Role::WijMedewerker, 0, D, "v1").is_ok());
        let again = Round::from_parts(r.planned_by(), r.neighbourhood().clone(), r.planned_on(), r.visits().to_vec());
        assert_eq!(again.as_ref().ok(), Some(&r));
        let mut broken = r.visits().to_vec();
        broken[1].consent = broken[0].consent.clone();
        let e = Round::from_parts(r.planned_by(), r.neighbourhood().clone(), r.planned_on(), broken).err();
        assert_eq!(e.map(|e| e.field), Some("adressen[1].toestemming".to_owned()));
        let mut broken = r.visits().to_vec();
        broken[0].outcome = Some(Outcome::NotHome);
        let e = Round::from_parts(r.planned_by(), r.neighbourhood().clone(), r.planned_on(), broken).err();
        assert_eq!(e.map(|e| e.field), Some("adressen[0].eerste_antwoord".to_owned()));
    }

    proptest! {
        /// Whatever is recorded: the numbers add up, consent never exceeds
        /// interest, and a dossier can start exactly where there is valid consent.
        #[test]
        fn statistics_and_consent_hold(acts in proptest::collection::vec((0usize..12, 0usize..4, 0i64..10, any::<bool>()), 0..60)) {
            let mut r = round(12);
            for (nr, u, day, consent) in acts {
                let d = plus_days(D, day).unwrap_or(D);
                let _ = r.record(Role::WijMedewerker, nr, d, Outcome::ALL[u], None);
                if consent {
                    let _ = r.record_consent(Role::WijMedewerker, nr, d, "v1");
                }
            }
            let s = r.statistics();
            prop_assert_eq!(s.visited, s.not_home + s.spoke + s.no_contact_wanted + s.interested);
            prop_assert!(s.consents <= s.interested);
            prop_assert!(s.contact_rate.percent().is_none_or(|p| p <= 100));
            prop_assert!(s.interest_rate.percent().is_none_or(|p| p <= 100));
            prop_assert_eq!(Round::from_parts(r.planned_by(), r.neighbourhood().clone(), r.planned_on(), r.visits().to_vec()).ok(), Some(r.clone()));
            for (i, b) in r.visits().iter().enumerate() {
                let valid = b.consent.as_ref().is_some_and(Consent::is_valid);
                prop_assert_eq!(r.start_dossier(i).is_ok(), valid);
                prop_assert!(b.attempts <= MAX_ATTEMPTS);
                if b.outcome == Some(Outcome::NoContactWanted) {
                    prop_assert!(b.first_answer.is_none() && !valid);
                }
            }
        }
    }
}
