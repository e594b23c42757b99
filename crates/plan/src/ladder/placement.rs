//! The short question set and the placement on a ladder.
//!
//! The placement is a pure function of the ladder and the answers:
//! the highest rung whose conditions all hold (`needs_yes` questions answered yes,
//! `needs_no` questions answered no). Rung 1 has no conditions, so there is always
//! exactly one outcome. It explains itself: for every higher rung, the answer
//! that kept the resident below it; for the rung chosen, the answers that put
//! them there; and how the growth questions added up.
//!
//! Monotone where it should be: a question that appears only in `needs_yes` lists
//! (everything on the participatieladder except "do you get support?") can
//! never lower the placement by being answered yes. The property tests check
//! this for every ladder shipped.

use std::collections::BTreeMap;

use crate::error::{Error, Problem};
use crate::ladder::{Ladder, QuestionKind};
use crate::text::Lang;

/// The answers to one ladder's questions. Build with [`Answers::new`]; they
/// remember which ladder they belong to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    ladder: String,
    values: BTreeMap<String, bool>,
}

impl Answers {
    /// Checks `given` against `ladder`: every key must be a question of it,
    /// at most once, and every question must be answered — except a question
    /// asked only when an earlier one was yes (`only_if`), which may be
    /// left out when that one was no.
    pub fn new(ladder: &Ladder, given: &[(&str, bool)]) -> Result<Answers, Error> {
        let mut values = BTreeMap::new();
        for (key, value) in given {
            let field = format!("antwoorden.{key}");
            if ladder.question(key).is_none() {
                let allowed = ladder.questions().iter().map(|v| v.key.clone()).collect();
                return Err(Error::new(field, Problem::UnknownValue { value: (*key).to_owned(), allowed }));
            }
            if values.insert((*key).to_owned(), *value).is_some() {
                return Err(Error::new(field, Problem::Duplicate { value: (*key).to_owned() }));
            }
        }
        for v in ladder.questions() {
            if values.contains_key(&v.key) {
                continue;
            }
            let skipped = v.only_if.as_ref().is_some_and(|pre| values.get(pre) == Some(&false));
            if !skipped {
                return Err(Error::new(format!("antwoorden.{}", v.key), Problem::Missing));
            }
        }
        Ok(Answers { ladder: ladder.key().to_owned(), values })
    }

    /// The ladder these answers belong to.
    pub fn ladder(&self) -> &str {
        &self.ladder
    }

    /// The answer as given, `None` for a skipped conditional question.
    pub fn get(&self, key: &str) -> Option<bool> {
        self.values.get(key).copied()
    }

    /// The answers as given, by key (for storage).
    pub fn iter(&self) -> impl Iterator<Item = (&str, bool)> {
        self.values.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

/// Where the answers place someone, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    pub rung: u8,
    /// A realistic chance to go up: enough growth answers yes, every
    /// `required` one among them, and not already on the top rung.
    pub growth_potential: bool,
    pub reasons: Vec<Reason>,
}

/// One step of the explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// The rung this reason is about; 0 for the growth potential.
    pub rung: u8,
    /// The questions (key, answer that counted) behind this reason.
    pub questions: Vec<(String, bool)>,
    pub nl: String,
    pub en: String,
}

impl Reason {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// The rung for `answer` (already the effective answers): the highest whose
/// conditions hold. Shared with the reachability check at load.
pub(crate) fn rung_for(ladder: &Ladder, answer: &dyn Fn(&str) -> bool) -> u8 {
    let found = ladder
        .rungs()
        .iter()
        .rev()
        .find(|t| t.needs_yes.iter().all(|k| answer(k)) && t.needs_no.iter().all(|k| !answer(k)))
        .map(|t| t.number);
    // Rung 1 has no conditions (validated at load), so it always holds.
    assert!(found.is_some(), "rung 1 must have no conditions");
    found.unwrap_or(1)
}

fn yes_no(answer: bool, lang: Lang) -> &'static str {
    match (answer, lang) {
        (true, Lang::Nl) => "ja",
        (false, Lang::Nl) => "nee",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// Places the person on `ladder`.
///
/// Panics if `answers` were made for another ladder: that is a programming
/// error (answers are always built with [`Answers::new`] for this ladder).
pub fn place(ladder: &Ladder, answers: &Answers) -> Placement {
    assert_eq!(answers.ladder, ladder.key(), "answers belong to another ladder");
    let given = |key: &str| answers.values.get(key).copied().unwrap_or(false);
    let effective = |key: &str| ladder.effective(key, &given);
    let rung = rung_for(ladder, &effective);
    assert!((1..=ladder.top()).contains(&rung));

    let quote = |key: &str, lang: Lang| ladder.question(key).map_or(String::new(), |v| v.text.get(lang).to_owned());
    let mut reasons = Vec::new();

    // Why not higher: per higher rung, the first condition that failed.
    for t in ladder.rungs().iter().rev().filter(|t| t.number > rung) {
        let failed_yes = t.needs_yes.iter().find(|k| !effective(k)).map(|k| (k.clone(), false));
        let failed_no = t.needs_no.iter().find(|k| effective(k)).map(|k| (k.clone(), true));
        let Some((key, answer)) = failed_yes.or(failed_no) else {
            // The rung's conditions hold, so it would have been chosen.
            unreachable!("a higher rung holds but was not chosen");
        };
        let skipped_nl = if answers.get(&key).is_none() { " (deze vraag was niet nodig)" } else { "" };
        let skipped_en = if answers.get(&key).is_none() { " (this question was not needed)" } else { "" };
        reasons.push(Reason {
            rung: t.number,
            questions: vec![(key.clone(), answer)],
            nl: format!(
                "Trede {} ({}) past nu niet: bij \"{}\" is het antwoord {}{skipped_nl}.",
                t.number,
                t.name.nl,
                quote(&key, Lang::Nl),
                yes_no(answer, Lang::Nl)
            ),
            en: format!(
                "Rung {} ({}) does not fit now: the answer to \"{}\" is {}{skipped_en}.",
                t.number,
                t.name.en,
                quote(&key, Lang::En),
                yes_no(answer, Lang::En)
            ),
        });
    }

    // Why this rung.
    let chosen = ladder.rung(rung);
    assert!(chosen.is_some());
    if let Some(t) = chosen {
        let conditions: Vec<(String, bool)> = t
            .needs_yes
            .iter()
            .map(|k| (k.clone(), true))
            .chain(t.needs_no.iter().map(|k| (k.clone(), false)))
            .collect();
        let (nl, en) = if conditions.is_empty() {
            (
                format!("Daarom trede {}: {}. {}", t.number, t.name.nl, t.criterion.nl),
                format!("So rung {}: {}. {}", t.number, t.name.en, t.criterion.en),
            )
        } else {
            let list = |lang: Lang, and: &str| {
                conditions
                    .iter()
                    .map(|(k, a)| format!("\"{}\": {}", quote(k, lang), yes_no(*a, lang)))
                    .collect::<Vec<_>>()
                    .join(and)
            };
            (
                format!("Trede {} ({}) past: {}.", t.number, t.name.nl, list(Lang::Nl, " en ")),
                format!("Rung {} ({}) fits: {}.", t.number, t.name.en, list(Lang::En, " and ")),
            )
        };
        reasons.push(Reason { rung, questions: conditions, nl, en });
    }

    // Growth potential.
    let growth: Vec<(String, bool, bool)> = ladder
        .questions()
        .iter()
        .filter(|v| v.kind == QuestionKind::Growth)
        .map(|v| (v.key.clone(), given(&v.key), v.required))
        .collect();
    let yes = growth.iter().filter(|(_, a, _)| *a).count();
    let missing_required: Vec<&(String, bool, bool)> = growth.iter().filter(|(_, a, req)| *req && !a).collect();
    let threshold = usize::from(ladder.growth_threshold());
    let top = rung == ladder.top();
    let growth_potential = !top && missing_required.is_empty() && yes >= threshold;
    let (nl, en) = if top {
        (
            "Dit is de hoogste trede. Hoger op deze ladder kan niet.".to_owned(),
            "This is the top rung; there is no higher rung on this ladder.".to_owned(),
        )
    } else if let Some((key, _, _)) = missing_required.first() {
        (
            format!(
                "Geen groeipotentieel nu: bij \"{}\" is het antwoord nee. Een volgende stap kiest u zelf.",
                quote(key, Lang::Nl)
            ),
            format!(
                "No growth potential now: the answer to \"{}\" is no. The next step is the resident's own choice.",
                quote(key, Lang::En)
            ),
        )
    } else if growth_potential {
        (
            format!("Groeipotentieel: {yes} van de {} groeivragen ja (nodig: {threshold}).", growth.len()),
            format!("Growth potential: {yes} of {} growth questions yes (needed: {threshold}).", growth.len()),
        )
    } else {
        (
            format!("Nog geen groeipotentieel: {yes} van de {} groeivragen ja (nodig: {threshold}).", growth.len()),
            format!("No growth potential yet: {yes} of {} growth questions yes (needed: {threshold}).", growth.len()),
        )
    };
    reasons.push(Reason { rung: 0, questions: growth.iter().map(|(k, a, _)| (k.clone(), *a)).collect(), nl, en });

    Placement { rung, growth_potential, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn answers(ladder: &Ladder, yes: &[&str]) -> Answers {
        let given: Vec<(&str, bool)> =
            ladder.questions().iter().map(|v| (v.key.as_str(), yes.contains(&v.key.as_str()))).collect();
        match Answers::new(ladder, &given) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_flowchart_of_the_participatieladder() {
        let l = Ladder::participatieladder();
        let cases: [(&[&str], u8); 8] = [
            (&[], 1),
            (&["contacten"], 2),
            (&["contacten", "activiteiten"], 3),
            (&["activiteiten"], 3),
            (&["onbetaald_werk"], 4),
            (&["betaald_werk", "ondersteuning"], 5),
            (&["betaald_werk"], 6),
            (&["betaald_werk", "contacten", "onbetaald_werk"], 6),
        ];
        for (yes, rung) in cases {
            assert_eq!(place(l, &answers(l, yes)).rung, rung, "{yes:?}");
        }
    }

    #[test]
    fn the_seven_rung_example() {
        let l = Ladder::example_7_rungs();
        let cases: [(&[&str], u8); 7] = [
            (&[], 1),
            (&["contacten"], 2),
            (&["meedoen"], 3),
            (&["vrijwilligerswerk"], 4),
            (&["vrijwilligerswerk", "meedoen"], 5),
            (&["betaald_werk", "steun"], 6),
            (&["betaald_werk"], 7),
        ];
        for (yes, rung) in cases {
            assert_eq!(place(l, &answers(l, yes)).rung, rung, "{yes:?}");
        }
    }

    #[test]
    fn a_conditional_question_may_be_left_out_only_when_not_needed() {
        let l = Ladder::participatieladder();
        let base = [
            ("contacten", true),
            ("activiteiten", false),
            ("onbetaald_werk", false),
            ("wil_verder", true),
            ("volgende_stap", false),
            ("gezondheid", true),
            ("rust_in_geld", false),
            ("steun_dichtbij", true),
        ];
        let mut no_work = base.to_vec();
        no_work.push(("betaald_werk", false));
        let a = Answers::new(l, &no_work);
        assert!(a.is_ok());
        let mut work = base.to_vec();
        work.push(("betaald_werk", true));
        let e = Answers::new(l, &work).err();
        assert_eq!(e.map(|e| (e.field, e.problem)), Some(("antwoorden.ondersteuning".to_owned(), Problem::Missing)));
        // An answer to a question that was not needed does not count.
        no_work.push(("ondersteuning", true));
        let p = place(l, &Answers::new(l, &no_work).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(p.rung, 2);
    }

    #[test]
    fn unknown_and_duplicate_answers_are_refused() {
        let l = Ladder::participatieladder();
        let e = Answers::new(l, &[("vliegen", true)]).err();
        assert!(matches!(e.map(|e| e.problem), Some(Problem::UnknownValue { .. })));
        let e = Answers::new(l, &[("contacten", true), ("contacten", false)]).err();
        assert!(matches!(e.map(|e| e.problem), Some(Problem::Duplicate { .. })));
    }

    #[test]
    fn reasons_name_the_answers() {
        let l = Ladder::participatieladder();
        let p = place(l, &answers(l, &["onbetaald_werk", "wil_verder", "volgende_stap", "steun_dichtbij"]));
        assert_eq!(p.rung, 4);
        assert!(p.growth_potential);
        // Rungs 6 and 5 are explained, then rung 4, then growth.
        let rungs: Vec<u8> = p.reasons.iter().map(|r| r.rung).collect();
        assert_eq!(rungs, [6, 5, 4, 0]);
        assert!(p.reasons[0].nl.contains("Heeft u betaald werk?"), "{}", p.reasons[0].nl);
        assert!(p.reasons[2].nl.starts_with("Trede 4 (Onbetaald werk) past"));
        assert!(p.reasons[3].nl.contains("3 van de 5"));
        assert!(p.reasons[3].en.contains("3 of 5"));
    }

    #[test]
    fn no_growth_potential_without_the_residents_own_wish() {
        let l = Ladder::participatieladder();
        let p = place(l, &answers(l, &["contacten", "volgende_stap", "gezondheid", "rust_in_geld", "steun_dichtbij"]));
        assert!(!p.growth_potential);
        assert!(p.reasons.last().is_some_and(|r| r.nl.contains("Wilt u zelf")));
    }

    #[test]
    fn no_growth_on_the_top_rung() {
        let l = Ladder::participatieladder();
        let all: Vec<&str> = l.questions().iter().map(|v| v.key.as_str()).filter(|k| *k != "ondersteuning").collect();
        let p = place(l, &answers(l, &all));
        assert_eq!(p.rung, 6);
        assert!(!p.growth_potential);
    }

    #[test]
    #[should_panic(expected = "another ladder")]
    fn answers_for_another_ladder_are_a_programming_error() {
        let a = answers(Ladder::example_7_rungs(), &[]);
        place(Ladder::participatieladder(), &a);
    }

    fn ladders() -> [&'static Ladder; 2] {
        [Ladder::participatieladder(), Ladder::example_7_rungs()]
    }

    fn from_bits(ladder: &Ladder, bits: u16) -> Answers {
        let given: Vec<(&str, bool)> =
            ladder.questions().iter().enumerate().map(|(i, v)| (v.key.as_str(), bits & (1 << i) != 0)).collect();
        match Answers::new(ladder, &given) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        }
    }

    proptest! {
        /// The same answers always give the same placement, reasons included.
        #[test]
        fn placement_is_deterministic(which in 0usize..2, bits in 0u16..1024) {
            let l = ladders()[which];
            let a = from_bits(l, bits);
            prop_assert_eq!(place(l, &a), place(l, &a.clone()));
        }

        /// Answering yes to a question that is only ever a `needs_yes` condition
        /// never lowers the rung; more growth answers yes never remove
        /// growth potential.
        #[test]
        fn placement_is_monotone_in_positive_questions(which in 0usize..2, bits in 0u16..1024, q in 0usize..10) {
            let l = ladders()[which];
            prop_assume!(q < l.questions().len());
            let key = &l.questions()[q].key;
            let only_positive = l.rungs().iter().all(|t| !t.needs_no.contains(key));
            prop_assume!(only_positive);
            let before = place(l, &from_bits(l, bits & !(1 << q)));
            let after = place(l, &from_bits(l, bits | (1 << q)));
            prop_assert!(after.rung >= before.rung);
            if l.questions()[q].kind == QuestionKind::Growth && after.rung == before.rung {
                prop_assert!(after.growth_potential >= before.growth_potential);
            }
        }

        /// Every placement is a rung of the ladder and explains every rung
        /// above it, the rung itself, and the growth potential.
        #[test]
        fn placement_explains_itself(which in 0usize..2, bits in 0u16..1024) {
            let l = ladders()[which];
            let p = place(l, &from_bits(l, bits));
            prop_assert!((1..=l.top()).contains(&p.rung));
            prop_assert_eq!(p.reasons.len(), usize::from(l.top() - p.rung) + 2);
            for r in &p.reasons {
                prop_assert!(!r.nl.is_empty() && !r.en.is_empty());
                for (k, _) in &r.questions {
                    prop_assert!(l.question(k).is_some());
                }
            }
        }
    }
}
