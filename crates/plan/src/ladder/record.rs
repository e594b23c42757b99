//! What is kept about someone's place on the ladder: the positions on the
//! ladder in use, the answers each position came from, and the positions
//! recorded on ladders the municipality used before.
//!
//! Why the answers: a rung is a conclusion; the answers are what the person
//! said. Kept with the position they led to, they let the next conversation
//! start from last time's answers, and they let anyone see *why* someone was
//! placed where they were, also after the ladder's rules changed.
//!
//! Why earlier ladders: a municipality may switch to its own ladder
//! (`ademruimte serve --ladder`). Positions recorded on the old ladder cannot
//! be drawn on the new one (its rungs mean something else), but they are the
//! person's history and are never thrown away: they move, unchanged, to
//! [`LadderRecord::earlier`] and a new history starts on the new ladder.

use std::collections::BTreeMap;

use jiff::civil::Date;
use platform::rol::Role;

use crate::error::{Error, Problem};
use crate::ladder::history::{MAX_POSITIONS, POSITION_RECORDERS};
use crate::ladder::{Answers, History, Ladder, Placement, Position, place};

/// Ladders used before, kept at most this many (a municipality that changes
/// its ladder more often has a different problem).
pub const MAX_EARLIER_LADDERS: usize = 8;

/// Positions recorded on a ladder that is no longer in use, as stored. The
/// rung numbers mean what they meant on that ladder; the answers are kept as
/// given (key, answer) because that ladder's questions may be unknown now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EarlierLadder {
    pub ladder: String,
    pub positions: Vec<Position>,
    /// Answers per position date, as given.
    pub answers: BTreeMap<Date, Vec<(String, bool)>>,
}

/// The history on the ladder in use, with the answers behind its positions,
/// and the positions on earlier ladders. Build with [`LadderRecord::new`]
/// (checks that every answer set belongs to a position of this ladder) and
/// change only with [`LadderRecord::place`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LadderRecord {
    history: History,
    answers: BTreeMap<Date, Answers>,
    earlier: Vec<EarlierLadder>,
}

/// May `by` record a position? The resident and those who walk along.
pub fn may_record(by: Role) -> Result<(), Error> {
    if POSITION_RECORDERS.contains(&by) {
        return Ok(());
    }
    Err(Error::new(
        "door",
        Problem::NotAllowed {
            role: by,
            nl: "Een trede leggen de deelnemer, de buddy, de WIJ-medewerker of de klantmanager vast.",
            en: "A rung is recorded by the resident, the buddy, the neighbourhood team worker or the caseworker.",
        },
    ))
}

impl LadderRecord {
    /// Checks that every answer set was given for `ladder` and on the date of
    /// one of the history's positions, and the bound on earlier ladders.
    pub fn new(
        ladder: &Ladder,
        history: History,
        answers: BTreeMap<Date, Answers>,
        earlier: Vec<EarlierLadder>,
    ) -> Result<LadderRecord, Error> {
        for (date, a) in &answers {
            let field = format!("antwoorden[{date}]");
            if a.ladder() != ladder.key() {
                return Err(Error::new(
                    field,
                    Problem::UnknownValue { value: a.ladder().to_owned(), allowed: vec![ladder.key().to_owned()] },
                ));
            }
            if history.positions().iter().all(|p| p.date != *date) {
                return Err(Error::new(field, Problem::NotFound));
            }
        }
        if earlier.len() > MAX_EARLIER_LADDERS {
            return Err(Error::new("eerder", Problem::TooMany { max: MAX_EARLIER_LADDERS }));
        }
        for (i, e) in earlier.iter().enumerate() {
            if e.positions.len() > MAX_POSITIONS {
                return Err(Error::new(format!("eerder[{i}].posities"), Problem::TooMany { max: MAX_POSITIONS }));
            }
        }
        Ok(LadderRecord { history, answers, earlier })
    }

    /// A record whose stored history was kept on `old` (a ladder no longer in
    /// use): that history moves to the earlier ladders, the new history is
    /// empty. Refused when it would keep more than [`MAX_EARLIER_LADDERS`].
    pub fn switched_from(
        old: EarlierLadder,
        mut earlier: Vec<EarlierLadder>,
        ladder: &Ladder,
    ) -> Result<LadderRecord, Error> {
        if !old.positions.is_empty() {
            earlier.push(old);
        }
        LadderRecord::new(ladder, History::default(), BTreeMap::new(), earlier)
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// The answers behind the position on `date`, if they were kept.
    pub fn answers_on(&self, date: Date) -> Option<&Answers> {
        self.answers.get(&date)
    }

    /// The answers behind the latest position, if they were kept: the start
    /// of the next conversation.
    pub fn latest_answers(&self) -> Option<&Answers> {
        self.history.positions().last().and_then(|p| self.answers.get(&p.date))
    }

    pub fn earlier(&self) -> &[EarlierLadder] {
        &self.earlier
    }

    /// Places the person on `ladder` from `answers` given `today` by `by`:
    /// one position per date (placing again on the same day replaces that
    /// day's position and answers), the answers kept with it. Returns the
    /// placement with its reasons.
    pub fn place(&mut self, ladder: &Ladder, by: Role, today: Date, answers: Answers) -> Result<Placement, Error> {
        may_record(by)?;
        if answers.ladder() != ladder.key() {
            return Err(Error::new(
                "antwoorden",
                Problem::UnknownValue { value: answers.ladder().to_owned(), allowed: vec![ladder.key().to_owned()] },
            ));
        }
        if let Some(last) = self.history.positions().last()
            && today < last.date
        {
            return Err(Error::new("datum", Problem::NotAfter { date: today, previous: last.date }));
        }
        let placement = place(ladder, &answers);
        let mut positions: Vec<Position> =
            self.history.positions().iter().copied().filter(|p| p.date != today).collect();
        positions.push(Position { date: today, rung: placement.rung, by_role: by });
        // Checked on a copy: a failure (a full history) changes nothing.
        let history = History::new(ladder, positions)?;
        self.history = history;
        self.answers.insert(today, answers);
        self.assert_invariants(ladder);
        Ok(placement)
    }

    fn assert_invariants(&self, ladder: &Ladder) {
        for (date, a) in &self.answers {
            assert_eq!(a.ladder(), ladder.key(), "answers of another ladder");
            assert!(self.history.positions().iter().any(|p| p.date == *date), "answers without a position");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> Date {
        d.parse().expect("date")
    }

    fn answers(ladder: &Ladder, yes: bool) -> Answers {
        let given: Vec<(&str, bool)> =
            ladder.questions().iter().filter(|q| yes || q.only_if.is_none()).map(|q| (q.key.as_str(), yes)).collect();
        Answers::new(ladder, &given).expect("answers")
    }

    #[test]
    fn placing_keeps_the_answers_and_one_position_per_day() {
        let ladder = Ladder::participatieladder();
        let mut r = LadderRecord::default();
        let low = r.place(ladder, Role::Deelnemer, day("2026-03-01"), answers(ladder, false)).expect("placed");
        assert_eq!(low.rung, 1);
        let high = r.place(ladder, Role::Buddy, day("2026-06-01"), answers(ladder, true)).expect("placed");
        assert!(high.rung > low.rung, "all yes places higher than all no");
        assert_eq!(r.history().positions().len(), 2);
        assert_eq!(r.latest_answers(), Some(&answers(ladder, true)));
        assert_eq!(r.answers_on(day("2026-03-01")), Some(&answers(ladder, false)));
        // Again on the same day: that day's position and answers are replaced.
        r.place(ladder, Role::Deelnemer, day("2026-06-01"), answers(ladder, false)).expect("placed");
        assert_eq!(r.history().positions().len(), 2);
        assert_eq!(r.history().positions()[1].rung, 1);
        assert_eq!(r.latest_answers(), Some(&answers(ladder, false)));
    }

    #[test]
    fn refusals_change_nothing() {
        let ladder = Ladder::participatieladder();
        let other = Ladder::example_7_rungs();
        let mut r = LadderRecord::default();
        r.place(ladder, Role::Deelnemer, day("2026-03-01"), answers(ladder, true)).expect("placed");
        let before = r.clone();
        let e = r.place(ladder, Role::Onderzoeker, day("2026-04-01"), answers(ladder, false)).err();
        assert_eq!(e.map(|e| e.field), Some("door".to_owned()));
        let e = r.place(ladder, Role::Deelnemer, day("2026-04-01"), answers(other, false)).err();
        assert_eq!(e.map(|e| e.field), Some("antwoorden".to_owned()));
        let e = r.place(ladder, Role::Deelnemer, day("2026-02-01"), answers(ladder, false)).err();
        assert_eq!(e.map(|e| e.field), Some("datum".to_owned()));
        assert_eq!(r, before);
    }

    #[test]
    fn answers_must_belong_to_a_position_of_this_ladder() {
        let ladder = Ladder::participatieladder();
        let history =
            History::new(ladder, vec![Position { date: day("2026-03-01"), rung: 2, by_role: Role::Deelnemer }])
                .expect("history");
        let stray = BTreeMap::from([(day("2026-03-02"), answers(ladder, false))]);
        let e = LadderRecord::new(ladder, history.clone(), stray, Vec::new()).err();
        assert_eq!(e.map(|e| e.field), Some("antwoorden[2026-03-02]".to_owned()));
        let other = BTreeMap::from([(day("2026-03-01"), answers(Ladder::example_7_rungs(), false))]);
        assert!(LadderRecord::new(ladder, history, other, Vec::new()).is_err());
    }

    #[test]
    fn switching_ladders_keeps_the_old_positions() {
        let old_ladder = Ladder::participatieladder();
        let new_ladder = Ladder::example_7_rungs();
        let mut r = LadderRecord::default();
        r.place(old_ladder, Role::Deelnemer, day("2026-03-01"), answers(old_ladder, true)).expect("placed");
        let old = EarlierLadder {
            ladder: old_ladder.key().to_owned(),
            positions: r.history().positions().to_vec(),
            answers: BTreeMap::new(),
        };
        let mut switched = LadderRecord::switched_from(old.clone(), Vec::new(), new_ladder).expect("switched");
        assert!(switched.history().positions().is_empty());
        assert_eq!(switched.earlier(), std::slice::from_ref(&old));
        switched.place(new_ladder, Role::Deelnemer, day("2026-04-01"), answers(new_ladder, false)).expect("placed");
        assert_eq!(switched.earlier(), std::slice::from_ref(&old), "the earlier positions stay");
        let full = vec![old.clone(); MAX_EARLIER_LADDERS];
        assert!(LadderRecord::switched_from(old, full, new_ladder).is_err(), "bounded");
    }
}
