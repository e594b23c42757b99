//! Positions on the ladder over time, and what they add up to.
//!
//! A history is a list of [`Position`]s in strictly ascending date order —
//! one position per date, because "where did she stand on 3 March?" must have
//! one answer. It is checked against the ladder it is shown on: a
//! municipality that shortens its ladder finds out at once which positions no
//! longer fit, instead of drawing a rung that does not exist.

use jiff::civil::Date;
use platform::rol::Role;

use crate::error::{Error, Problem};
use crate::ladder::Ladder;
use crate::text::strictly_ascending;

/// A position a month for 20 years. More is not a history a person reads.
pub const MAX_POSITIONS: usize = 240;

/// The roles that may record where someone stands: the resident themselves
/// (from the questions), and those who walk along with them. A researcher,
/// an administrator or a business never places anyone.
pub const POSITION_RECORDERS: [Role; 4] = [Role::Deelnemer, Role::Buddy, Role::WijMedewerker, Role::Klantmanager];

/// Where someone stood on a date, and who recorded it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub date: Date,
    pub rung: u8,
    pub by_role: Role,
}

/// A validated list of positions, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    positions: Vec<Position>,
}

/// What a history adds up to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    pub first: Position,
    pub now: Position,
    /// Since when the person stands where they are now: the first date of
    /// the last unbroken run of positions on the current rung.
    pub since: Date,
    /// The first time the highest rung was reached.
    pub highest: Position,
    /// Rungs climbed in total, and rungs come down.
    pub steps_up: u32,
    pub steps_down: u32,
    /// Number of moves up and down (a move of two rungs counts once).
    pub moves_up: u32,
    pub moves_down: u32,
}

fn check_position(ladder: &Ladder, i: usize, p: &Position) -> Result<(), Error> {
    if p.rung < 1 || p.rung > ladder.top() {
        return Err(Error::new(
            format!("posities[{i}].trede"),
            Problem::OutOfRange { min: 1, max: i64::from(ladder.top()) },
        ));
    }
    if !POSITION_RECORDERS.contains(&p.by_role) {
        return Err(Error::new(
            format!("posities[{i}].door"),
            Problem::NotAllowed {
                role: p.by_role,
                nl: "Een trede leggen de deelnemer, de buddy, de WIJ-medewerker of de klantmanager vast.",
                en: "A rung is recorded by the resident, the buddy, the neighbourhood team worker or the caseworker.",
            },
        ));
    }
    Ok(())
}

impl History {
    /// Checks every position against `ladder`, the order of the dates and the
    /// bound.
    pub fn new(ladder: &Ladder, positions: Vec<Position>) -> Result<History, Error> {
        if positions.len() > MAX_POSITIONS {
            return Err(Error::new("posities", Problem::TooMany { max: MAX_POSITIONS }));
        }
        for (i, p) in positions.iter().enumerate() {
            check_position(ladder, i, p)?;
        }
        strictly_ascending("posities", positions.iter().map(|p| p.date))?;
        Ok(History { positions })
    }

    /// Adds a position after the last one.
    pub fn add(&mut self, ladder: &Ladder, position: Position) -> Result<(), Error> {
        let i = self.positions.len();
        if i >= MAX_POSITIONS {
            return Err(Error::new("posities", Problem::TooMany { max: MAX_POSITIONS }));
        }
        check_position(ladder, i, &position)?;
        if let Some(last) = self.positions.last() {
            let field = format!("posities[{i}].datum");
            if position.date == last.date {
                return Err(Error::new(field, Problem::SameDate { date: position.date }));
            }
            if position.date < last.date {
                return Err(Error::new(field, Problem::NotAfter { date: position.date, previous: last.date }));
            }
        }
        self.positions.push(position);
        Ok(())
    }

    /// Oldest first.
    pub fn positions(&self) -> &[Position] {
        &self.positions
    }

    /// Where the person stood on `date`: the last position on or before it.
    pub fn on(&self, date: Date) -> Option<Position> {
        self.positions.iter().rev().find(|p| p.date <= date).copied()
    }

    /// First, now, highest and the steps between; `None` for an empty history.
    pub fn summary(&self) -> Option<Summary> {
        let first = *self.positions.first()?;
        let now = *self.positions.last()?;
        let mut highest = first;
        let (mut steps_up, mut steps_down, mut moves_up, mut moves_down) = (0u32, 0u32, 0u32, 0u32);
        for pair in self.positions.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b.rung > a.rung {
                steps_up += u32::from(b.rung - a.rung);
                moves_up += 1;
            } else if b.rung < a.rung {
                steps_down += u32::from(a.rung - b.rung);
                moves_down += 1;
            }
            if b.rung > highest.rung {
                highest = b;
            }
        }
        let since = self.positions.iter().rev().take_while(|p| p.rung == now.rung).last().map_or(now.date, |p| p.date);
        // Every rung climbed and come down adds up to where the person is now.
        assert_eq!(i64::from(first.rung) + i64::from(steps_up) - i64::from(steps_down), i64::from(now.rung));
        assert!(highest.rung >= first.rung && highest.rung >= now.rung);
        assert!(first.date <= since && since <= now.date);
        Some(Summary { first, now, since, highest, steps_up, steps_down, moves_up, moves_down })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn pos(y: i16, m: i8, rung: u8) -> Position {
        Position { date: date(y, m, 1), rung, by_role: Role::Klantmanager }
    }

    #[test]
    fn summary_of_a_climb_with_a_setback() {
        let l = Ladder::participatieladder();
        let h =
            History::new(l, vec![pos(2024, 1, 1), pos(2024, 6, 3), pos(2024, 9, 2), pos(2025, 3, 4), pos(2026, 1, 4)]);
        let s = h.ok().and_then(|h| h.summary());
        let s = s.unwrap_or_else(|| panic!("summary"));
        assert_eq!((s.first.rung, s.now.rung, s.highest.rung), (1, 4, 4));
        assert_eq!(s.highest.date, date(2025, 3, 1));
        assert_eq!(s.since, date(2025, 3, 1));
        assert_eq!((s.steps_up, s.steps_down, s.moves_up, s.moves_down), (4, 1, 2, 1));
    }

    #[test]
    fn order_dates_and_rungs_are_checked() {
        let l = Ladder::participatieladder();
        let e = History::new(l, vec![pos(2024, 1, 1), pos(2024, 1, 2)]).err();
        assert_eq!(e.map(|e| e.field), Some("posities[1].datum".to_owned()));
        let e = History::new(l, vec![pos(2024, 2, 1), pos(2024, 1, 2)]).err();
        assert!(matches!(e.map(|e| e.problem), Some(Problem::NotAfter { .. })));
        let e = History::new(l, vec![pos(2024, 2, 7)]).err();
        assert_eq!(e.map(|e| e.problem), Some(Problem::OutOfRange { min: 1, max: 6 }));
        // Rung 7 fits the example ladder of seven rungs.
        assert!(History::new(Ladder::example_7_rungs(), vec![pos(2024, 2, 7)]).is_ok());
        let e = History::new(l, vec![Position { date: date(2024, 1, 1), rung: 2, by_role: Role::Onderzoeker }]).err();
        assert!(matches!(e.map(|e| e.problem), Some(Problem::NotAllowed { .. })));
    }

    #[test]
    fn add_keeps_the_order() {
        let l = Ladder::participatieladder();
        let mut h = History::default();
        assert!(h.add(l, pos(2024, 1, 1)).is_ok());
        assert!(h.add(l, pos(2024, 1, 3)).is_err());
        assert!(h.add(l, pos(2023, 12, 3)).is_err());
        assert!(h.add(l, pos(2024, 2, 3)).is_ok());
        assert_eq!(h.on(date(2024, 1, 20)).map(|p| p.rung), Some(1));
        assert_eq!(h.on(date(2023, 1, 20)), None);
        assert_eq!(h.positions().len(), 2);
    }

    proptest! {
        /// Any valid history: sorted, unique dates, and the summary adds up.
        #[test]
        fn summary_adds_up(steps in proptest::collection::vec((1i64..60, 1u8..=6), 0..40)) {
            let l = Ladder::participatieladder();
            let mut d = date(2020, 1, 1);
            let mut positions = Vec::new();
            for (gap, rung) in steps {
                d = crate::text::plus_days(d, gap).unwrap_or(d);
                positions.push(Position { date: d, rung, by_role: Role::Deelnemer });
            }
            let h = History::new(l, positions.clone());
            prop_assert!(h.is_ok());
            let h = h.unwrap_or_default();
            for w in h.positions().windows(2) {
                prop_assert!(w[0].date < w[1].date);
            }
            match h.summary() {
                None => prop_assert!(positions.is_empty()),
                Some(s) => {
                    prop_assert_eq!(i64::from(s.first.rung) + i64::from(s.steps_up) - i64::from(s.steps_down), i64::from(s.now.rung));
                    prop_assert!(positions.iter().all(|p| p.rung <= s.highest.rung));
                    prop_assert!(s.moves_up <= s.steps_up && s.moves_down <= s.steps_down);
                    prop_assert!(positions.iter().filter(|p| p.date >= s.since).all(|p| p.rung == s.now.rung));
                }
            }
        }

        /// A shuffled history is refused unless it happens to be in order.
        #[test]
        fn unordered_histories_are_refused(dates in proptest::collection::vec(0i64..400, 2..20)) {
            let l = Ladder::participatieladder();
            let base = date(2024, 1, 1);
            let positions: Vec<Position> = dates
                .iter()
                .map(|d| Position { date: crate::text::plus_days(base, *d).unwrap_or(base), rung: 1, by_role: Role::Deelnemer })
                .collect();
            let ascending = positions.windows(2).all(|w| w[0].date < w[1].date);
            prop_assert_eq!(History::new(l, positions).is_ok(), ascending);
        }
    }
}
