//! The participation ladder (*participatieladder*): where someone stands, in
//! *treden* (rungs) from isolated to paid work without support.
//!
//! A ladder is data, not code: the VNG/Divosa ladder of six rungs is
//! `data/participatieladder.toml` (with its sources), and a municipality can
//! write its own ladder in the same format — `data/ladder-7-treden-voorbeeld.toml`
//! shows one, clearly marked as an example, because no public description of
//! Groningen's seven-rung ladder was found. Every file is validated when it is
//! loaded, so a broken ladder is refused before anyone is placed on it:
//!
//! - 2 to [`MAX_RUNGS`] rungs, numbered 1, 2, 3, … from the bottom;
//! - at most [`MAX_SITUATION_QUESTIONS`] yes/no questions about the situation now
//!   and at most [`MAX_GROWTH_QUESTIONS`] about growth potential (the official
//!   instrument's bound of 10 questions: a short conversation, not an exam);
//! - rung 1 has no conditions and every higher rung has at least one, so
//!   every set of answers gives exactly one rung;
//! - every rung can be reached by some answers (checked by trying all
//!   2^5 = 32 combinations at load).
//!
//! Submodules: [`placement`] (the questions and the placement), [`history`]
//! (positions over time), [`record`] (what is stored: the history, the answers
//! behind it, earlier ladders), [`svg`] (the picture).

pub mod history;
pub mod placement;
pub mod record;
pub mod svg;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::{Error, Problem};
use crate::text::{Lang, Text, free_text};

pub use history::{History, Position, Summary};
pub use placement::{Answers, Placement, Reason, place};
pub use record::{EarlierLadder, LadderRecord};
pub use svg::ladder_svg;

/// At most this many rungs. The known ladders have 6 or 7; a ladder of more
/// than 10 rungs no longer fits a short conversation or a phone screen.
pub const MAX_RUNGS: usize = 10;
pub const MIN_RUNGS: usize = 2;
/// The official instrument asks at most 5 questions about the current rung…
pub const MAX_SITUATION_QUESTIONS: usize = 5;
/// …and at most 5 about growth potential (instrumentwijzer.nl/participatieladder).
pub const MAX_GROWTH_QUESTIONS: usize = 5;
/// A ladder file is small; anything larger is a mistake, not a ladder.
pub const MAX_LADDER_BYTES: usize = 64 * 1024;
pub const MAX_KEY: usize = 40;
pub const MAX_NAME: usize = 80;
pub const MAX_CRITERION: usize = 400;
pub const MAX_QUESTION: usize = 300;
pub const MAX_SOURCE: usize = 600;
pub const MAX_URLS: usize = 5;

const PARTICIPATIELADDER: &str = include_str!("../../data/participatieladder.toml");
const EXAMPLE_7_RUNGS: &str = include_str!("../../data/ladder-7-treden-voorbeeld.toml");

/// A validated ladder. Build one with [`Ladder::from_toml`], or use the
/// built-in [`Ladder::participatieladder`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ladder {
    key: String,
    name: Text,
    example: bool,
    growth_threshold: u8,
    source: Source,
    rungs: Vec<Rung>,
    questions: Vec<Question>,
}

/// Where a ladder comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub title: String,
    /// Required unless the ladder is an example.
    pub url: Option<String>,
    pub other_urls: Vec<String>,
    /// When the source was consulted, `JJJJ-MM` or `JJJJ-MM-DD`.
    pub consulted: String,
    pub explanation: Text,
}

/// One rung.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rung {
    /// 1 is the lowest.
    pub number: u8,
    pub key: String,
    pub name: Text,
    /// The criterion in plain words.
    pub criterion: Text,
    /// Situation questions that must be answered yes for this rung.
    pub needs_yes: Vec<String>,
    /// Situation questions that must be answered no for this rung.
    pub needs_no: Vec<String>,
}

/// What a question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuestionKind {
    /// The situation now: decides the rung.
    Situation,
    /// Growth potential: decides `growth_potential`.
    Growth,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 2] = [QuestionKind::Situation, QuestionKind::Growth];
    pub const KEYS: [&'static str; 2] = ["situatie", "groei"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<QuestionKind> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }
}

/// A yes/no question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub key: String,
    pub kind: QuestionKind,
    pub text: Text,
    /// Asked only when this (earlier, situation) question was answered yes;
    /// otherwise it counts as no. Keeps the conversation short.
    pub only_if: Option<String>,
    /// A growth question that must be yes for any growth potential: the
    /// resident's own wish to go further (*eigen regie*) is not outvoted.
    pub required: bool,
}

// The ladder file as written, field for field. Its keys are a stored format
// and stay Dutch (like `regels::variant`'s raw structs); `from_raw` turns them
// into the English-named types above.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLadder {
    sleutel: String,
    naam_nl: String,
    naam_en: String,
    voorbeeld: bool,
    groei_drempel: u8,
    bron: RawSource,
    trede: Vec<RawRung>,
    vraag: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    titel: String,
    url: Option<String>,
    #[serde(default)]
    andere_urls: Vec<String>,
    geraadpleegd: String,
    toelichting_nl: String,
    toelichting_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRung {
    nummer: u8,
    sleutel: String,
    naam_nl: String,
    naam_en: String,
    uitleg_nl: String,
    uitleg_en: String,
    #[serde(default)]
    ja: Vec<String>,
    #[serde(default)]
    nee: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    sleutel: String,
    soort: String,
    nl: String,
    en: String,
    alleen_als: Option<String>,
    #[serde(default)]
    verplicht: bool,
}

fn data_error(field: impl Into<String>, detail: impl Into<String>) -> Error {
    Error::new(field, Problem::Data { detail: detail.into() })
}

/// A key in a ladder file: lowercase letters, digits and `_`, so it is safe
/// in a form field name, a URL and a database column.
fn check_key(field: &str, key: &str) -> Result<(), Error> {
    let ok = !key.is_empty()
        && key.len() <= MAX_KEY
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            field,
            Problem::Format {
                nl: "Een sleutel bestaat uit kleine letters, cijfers en _, hoogstens 40 tekens.",
                en: "A key consists of lowercase letters, digits and _, at most 40 characters.",
            },
        ))
    }
}

fn check_url(field: &str, url: &str) -> Result<(), Error> {
    free_text(field, url, MAX_SOURCE, true)?;
    if !url.starts_with("https://") || url.contains(char::is_whitespace) {
        return Err(data_error(field, format!("a source URL must start with https:// and hold no spaces: {url}")));
    }
    Ok(())
}

fn bilingual(field: &str, nl: &str, en: &str, max: usize) -> Result<Text, Error> {
    Ok(Text {
        nl: free_text(&format!("{field}_nl"), nl, max, true)?,
        en: free_text(&format!("{field}_en"), en, max, true)?,
    })
}

impl Ladder {
    /// The VNG/Divosa participatieladder (6 rungs), compiled in.
    pub fn participatieladder() -> &'static Ladder {
        static LADDER: OnceLock<Ladder> = OnceLock::new();
        LADDER.get_or_init(|| match Ladder::from_toml(PARTICIPATIELADDER) {
            Ok(l) => l,
            // The file is compiled in and tested; failing here is a build defect.
            Err(e) => panic!("data/participatieladder.toml is invalid: {e}"),
        })
    }

    /// The example 7-rung ladder (not an official instrument), compiled in.
    pub fn example_7_rungs() -> &'static Ladder {
        static LADDER: OnceLock<Ladder> = OnceLock::new();
        LADDER.get_or_init(|| match Ladder::from_toml(EXAMPLE_7_RUNGS) {
            Ok(l) => l,
            Err(e) => panic!("data/ladder-7-treden-voorbeeld.toml is invalid: {e}"),
        })
    }

    /// Reads and validates a ladder file (a municipality's own ladder).
    pub fn from_toml(text: &str) -> Result<Ladder, Error> {
        if text.len() > MAX_LADDER_BYTES {
            return Err(data_error("", format!("the file is larger than {MAX_LADDER_BYTES} bytes")));
        }
        let raw: RawLadder =
            toml::from_str(text).map_err(|e| data_error("", format!("not a valid ladder file: {e}")))?;
        Ladder::from_raw(raw)
    }

    fn from_raw(raw: RawLadder) -> Result<Ladder, Error> {
        check_key("sleutel", &raw.sleutel)?;
        let name = bilingual("naam", &raw.naam_nl, &raw.naam_en, MAX_NAME)?;

        let raw_source = raw.bron;
        free_text("bron.titel", &raw_source.titel, MAX_SOURCE, true)?;
        match &raw_source.url {
            Some(url) => check_url("bron.url", url)?,
            None if !raw.voorbeeld => {
                return Err(data_error("bron.url", "a ladder that is not an example must name its source URL"));
            }
            None => {}
        }
        if raw_source.andere_urls.len() > MAX_URLS {
            return Err(Error::new("bron.andere_urls", Problem::TooMany { max: MAX_URLS }));
        }
        for (i, url) in raw_source.andere_urls.iter().enumerate() {
            check_url(&format!("bron.andere_urls[{i}]"), url)?;
        }
        let g = raw_source.geraadpleegd.as_bytes();
        let date_like = (g.len() == 7 || g.len() == 10)
            && g.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
        if !date_like {
            return Err(data_error("bron.geraadpleegd", "write the date consulted as JJJJ-MM or JJJJ-MM-DD"));
        }
        let source = Source {
            title: raw_source.titel.trim().to_owned(),
            url: raw_source.url,
            other_urls: raw_source.andere_urls,
            consulted: raw_source.geraadpleegd,
            explanation: bilingual(
                "bron.toelichting",
                &raw_source.toelichting_nl,
                &raw_source.toelichting_en,
                MAX_SOURCE,
            )?,
        };

        // Questions first: the rungs refer to them.
        let mut questions: Vec<Question> = Vec::with_capacity(raw.vraag.len());
        let mut keys = BTreeSet::new();
        for (i, raw_question) in raw.vraag.into_iter().enumerate() {
            let field = format!("vraag[{i}]");
            check_key(&format!("{field}.sleutel"), &raw_question.sleutel)?;
            if !keys.insert(raw_question.sleutel.clone()) {
                return Err(Error::new(format!("{field}.sleutel"), Problem::Duplicate { value: raw_question.sleutel }));
            }
            let kind = QuestionKind::from_key(&raw_question.soort).ok_or_else(|| {
                crate::text::unknown_key(&format!("{field}.soort"), &raw_question.soort, &QuestionKind::KEYS)
            })?;
            if let Some(pre) = &raw_question.alleen_als {
                let earlier = questions.iter().find(|q| &q.key == pre);
                let ok = kind == QuestionKind::Situation
                    && earlier.is_some_and(|q| q.kind == QuestionKind::Situation && q.only_if.is_none());
                if !ok {
                    return Err(data_error(
                        format!("{field}.alleen_als"),
                        "alleen_als must name an earlier situation question that is not itself conditional, on a situation question",
                    ));
                }
            }
            if raw_question.verplicht && kind != QuestionKind::Growth {
                return Err(data_error(format!("{field}.verplicht"), "only a growth question can be verplicht"));
            }
            questions.push(Question {
                text: bilingual(&field, &raw_question.nl, &raw_question.en, MAX_QUESTION)?,
                key: raw_question.sleutel,
                kind,
                only_if: raw_question.alleen_als,
                required: raw_question.verplicht,
            });
        }
        let situation = questions.iter().filter(|v| v.kind == QuestionKind::Situation).count();
        let growth = questions.len() - situation;
        if situation == 0 {
            return Err(Error::new("vraag", Problem::TooFew { min: 1 }));
        }
        if situation > MAX_SITUATION_QUESTIONS {
            return Err(data_error(
                "vraag",
                format!("at most {MAX_SITUATION_QUESTIONS} situation questions, found {situation}"),
            ));
        }
        if growth == 0 {
            return Err(data_error("vraag", "at least one growth question is needed"));
        }
        if growth > MAX_GROWTH_QUESTIONS {
            return Err(data_error(
                "vraag",
                format!("at most {MAX_GROWTH_QUESTIONS} growth questions, found {growth}"),
            ));
        }
        if raw.groei_drempel == 0 || usize::from(raw.groei_drempel) > growth {
            return Err(Error::new(
                "groei_drempel",
                Problem::OutOfRange { min: 1, max: i64::try_from(growth).unwrap_or(i64::MAX) },
            ));
        }

        if raw.trede.len() < MIN_RUNGS {
            return Err(Error::new("trede", Problem::TooFew { min: MIN_RUNGS }));
        }
        if raw.trede.len() > MAX_RUNGS {
            return Err(Error::new("trede", Problem::TooMany { max: MAX_RUNGS }));
        }
        let mut rungs: Vec<Rung> = Vec::with_capacity(raw.trede.len());
        let mut rung_keys = BTreeSet::new();
        for (i, raw_rung) in raw.trede.into_iter().enumerate() {
            let field = format!("trede[{i}]");
            if usize::from(raw_rung.nummer) != i + 1 {
                return Err(data_error(
                    format!("{field}.nummer"),
                    format!("rungs are numbered 1, 2, 3, … from the bottom; expected {}", i + 1),
                ));
            }
            check_key(&format!("{field}.sleutel"), &raw_rung.sleutel)?;
            if !rung_keys.insert(raw_rung.sleutel.clone()) {
                return Err(Error::new(format!("{field}.sleutel"), Problem::Duplicate { value: raw_rung.sleutel }));
            }
            if i == 0 && !(raw_rung.ja.is_empty() && raw_rung.nee.is_empty()) {
                return Err(data_error(
                    field,
                    "rung 1 has no conditions: it is where everyone is placed who fits no higher rung",
                ));
            }
            if i > 0 && raw_rung.ja.is_empty() {
                return Err(data_error(
                    format!("{field}.ja"),
                    "a rung above 1 needs at least one question answered yes",
                ));
            }
            let mut seen = BTreeSet::new();
            for (list, name) in [(&raw_rung.ja, "ja"), (&raw_rung.nee, "nee")] {
                for (j, key) in list.iter().enumerate() {
                    let f = format!("{field}.{name}[{j}]");
                    let known = questions.iter().any(|v| &v.key == key && v.kind == QuestionKind::Situation);
                    if !known {
                        return Err(data_error(f, format!("\"{key}\" is not a situation question of this ladder")));
                    }
                    if !seen.insert(key.clone()) {
                        return Err(Error::new(f, Problem::Duplicate { value: key.clone() }));
                    }
                }
            }
            rungs.push(Rung {
                number: raw_rung.nummer,
                name: bilingual(&format!("{field}.naam"), &raw_rung.naam_nl, &raw_rung.naam_en, MAX_NAME)?,
                criterion: bilingual(
                    &format!("{field}.uitleg"),
                    &raw_rung.uitleg_nl,
                    &raw_rung.uitleg_en,
                    MAX_CRITERION,
                )?,
                key: raw_rung.sleutel,
                needs_yes: raw_rung.ja,
                needs_no: raw_rung.nee,
            });
        }

        let ladder = Ladder {
            key: raw.sleutel,
            name,
            example: raw.voorbeeld,
            growth_threshold: raw.groei_drempel,
            source,
            rungs,
            questions,
        };
        ladder.check_reachable()?;
        Ok(ladder)
    }

    /// Every rung must be the outcome of at least one set of answers, or a
    /// resident could never be placed there. With at most 5 situation
    /// questions there are at most 32 answer sets: try them all.
    fn check_reachable(&self) -> Result<(), Error> {
        let keys: Vec<&str> = self.situation_questions().map(|v| v.key.as_str()).collect();
        assert!(keys.len() <= MAX_SITUATION_QUESTIONS);
        let mut reached = vec![false; self.rungs.len()];
        for bits in 0u32..(1u32 << keys.len()) {
            let answer = |key: &str| keys.iter().position(|k| *k == key).is_some_and(|i| bits & (1 << i) != 0);
            let rung = placement::rung_for(self, &|key| self.effective(key, &answer));
            reached[usize::from(rung) - 1] = true;
        }
        match reached.iter().position(|r| !r) {
            None => Ok(()),
            Some(i) => Err(data_error(
                format!("trede[{i}]"),
                "no answers lead to this rung: a higher rung's conditions always hold when this one's do",
            )),
        }
    }

    /// The answer that counts for `key`: a conditional question counts as no
    /// when its condition was not answered yes.
    pub(crate) fn effective(&self, key: &str, answer: &dyn Fn(&str) -> bool) -> bool {
        let pre_ok = self.question(key).and_then(|v| v.only_if.as_deref()).is_none_or(answer);
        pre_ok && answer(key)
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn name(&self, lang: Lang) -> &str {
        self.name.get(lang)
    }

    /// True for an example ladder that is not an official instrument; a page
    /// must say so wherever it is used.
    pub fn is_example(&self) -> bool {
        self.example
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    pub fn growth_threshold(&self) -> u8 {
        self.growth_threshold
    }

    /// The rungs from 1 (lowest) up.
    pub fn rungs(&self) -> &[Rung] {
        &self.rungs
    }

    /// The highest rung's number.
    pub fn top(&self) -> u8 {
        let top = self.rungs.len();
        assert!((MIN_RUNGS..=MAX_RUNGS).contains(&top));
        u8::try_from(top).unwrap_or(u8::MAX)
    }

    pub fn rung(&self, number: u8) -> Option<&Rung> {
        usize::from(number).checked_sub(1).and_then(|i| self.rungs.get(i))
    }

    /// All questions, situation first as in the file.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|v| v.key == key)
    }

    pub fn situation_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(|v| v.kind == QuestionKind::Situation)
    }

    pub fn growth_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(|v| v.kind == QuestionKind::Growth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_participatieladder_has_six_named_rungs() {
        let l = Ladder::participatieladder();
        assert_eq!(l.top(), 6);
        assert!(!l.is_example());
        let names: Vec<&str> = l.rungs().iter().map(|t| t.name.nl.as_str()).collect();
        assert_eq!(
            names,
            [
                "Geïsoleerd",
                "Sociale contacten buitenshuis",
                "Deelname aan georganiseerde activiteiten",
                "Onbetaald werk",
                "Betaald werk met ondersteuning",
                "Betaald werk zonder ondersteuning",
            ]
        );
        assert_eq!(l.source().url.as_deref(), Some("https://www.instrumentwijzer.nl/participatieladder"));
        assert!(l.situation_questions().count() <= MAX_SITUATION_QUESTIONS);
        assert!(l.growth_questions().count() <= MAX_GROWTH_QUESTIONS);
        assert!(l.questions().len() <= 10);
    }

    #[test]
    fn the_seven_rung_ladder_is_marked_as_an_example() {
        let l = Ladder::example_7_rungs();
        assert_eq!(l.top(), 7);
        assert!(l.is_example());
        assert!(l.source().url.is_none());
        assert!(l.source().explanation.nl.contains("voorbeeld"));
        assert!(l.name(Lang::Nl).starts_with("Voorbeeld"));
    }

    fn minimal(extra_rung: &str, extra_question: &str) -> String {
        format!(
            r#"
sleutel = "test"
naam_nl = "Test"
naam_en = "Test"
voorbeeld = true
groei_drempel = 1
[bron]
titel = "t"
geraadpleegd = "2026-11"
toelichting_nl = "t"
toelichting_en = "t"
[[trede]]
nummer = 1
sleutel = "een"
naam_nl = "Een"
naam_en = "One"
uitleg_nl = "u"
uitleg_en = "u"
[[trede]]
nummer = 2
sleutel = "twee"
naam_nl = "Twee"
naam_en = "Two"
uitleg_nl = "u"
uitleg_en = "u"
ja = ["a"]
{extra_rung}
[[vraag]]
sleutel = "a"
soort = "situatie"
nl = "A?"
en = "A?"
[[vraag]]
sleutel = "g"
soort = "groei"
nl = "G?"
en = "G?"
{extra_question}
"#
        )
    }

    #[test]
    fn a_minimal_ladder_loads() {
        let l = Ladder::from_toml(&minimal("", "")).map_err(|e| e.to_string());
        assert!(l.is_ok(), "{l:?}");
    }

    #[test]
    fn broken_ladders_are_refused_with_the_field_named() {
        let cases: [(&str, &str, &str); 6] = [
            // A rung nobody can reach: rung 3 has the same condition as rung 2, so rung 2 is never
            // the outcome.
            (
                "[[trede]]\nnummer = 3\nsleutel = \"drie\"\nnaam_nl = \"D\"\nnaam_en = \"T\"\nuitleg_nl = \"u\"\nuitleg_en = \"u\"\nja = [\"a\"]",
                "",
                "trede[1]",
            ),
            // Numbering must follow the order.
            (
                "[[trede]]\nnummer = 4\nsleutel = \"vier\"\nnaam_nl = \"V\"\nnaam_en = \"F\"\nuitleg_nl = \"u\"\nuitleg_en = \"u\"\nja = [\"a\"]",
                "",
                "trede[2].nummer",
            ),
            // Unknown question.
            (
                "[[trede]]\nnummer = 3\nsleutel = \"drie\"\nnaam_nl = \"D\"\nnaam_en = \"T\"\nuitleg_nl = \"u\"\nuitleg_en = \"u\"\nja = [\"zz\"]",
                "",
                "trede[2].ja[0]",
            ),
            // Duplicate question key.
            ("", "[[vraag]]\nsleutel = \"a\"\nsoort = \"situatie\"\nnl = \"x\"\nen = \"x\"", "vraag[2].sleutel"),
            // Unknown kind of question.
            ("", "[[vraag]]\nsleutel = \"b\"\nsoort = \"later\"\nnl = \"x\"\nen = \"x\"", "vraag[2].soort"),
            // verplicht on a situation question.
            (
                "",
                "[[vraag]]\nsleutel = \"b\"\nsoort = \"situatie\"\nverplicht = true\nnl = \"x\"\nen = \"x\"",
                "vraag[2].verplicht",
            ),
        ];
        for (rung, question, field) in cases {
            let e = Ladder::from_toml(&minimal(rung, question)).err();
            assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some(field), "{e:?}");
        }
    }

    #[test]
    fn too_many_situation_questions_are_refused() {
        let extra: String = (0..5)
            .map(|i| format!("[[vraag]]\nsleutel = \"s{i}\"\nsoort = \"situatie\"\nnl = \"x\"\nen = \"x\"\n"))
            .collect();
        let e = Ladder::from_toml(&minimal("", &extra)).err();
        assert!(matches!(e.map(|e| e.problem), Some(Problem::Data { .. })));
    }

    #[test]
    fn a_real_ladder_needs_a_source_url() {
        let text = minimal("", "").replace("voorbeeld = true", "voorbeeld = false");
        assert_eq!(Ladder::from_toml(&text).err().map(|e| e.field), Some("bron.url".to_owned()));
    }

    #[test]
    fn unknown_fields_and_bad_toml_are_refused() {
        assert!(Ladder::from_toml("sleutel = ").is_err());
        assert!(
            Ladder::from_toml(&minimal("", "").replace("voorbeeld = true", "voorbeeld = true\nextra = 1")).is_err()
        );
        let huge = "#".repeat(MAX_LADDER_BYTES + 1);
        assert!(Ladder::from_toml(&huge).is_err());
    }

    #[test]
    fn keys_round_trip() {
        for s in QuestionKind::ALL {
            assert_eq!(QuestionKind::from_key(s.key()), Some(s));
        }
    }
}
