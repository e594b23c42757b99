//! Small-cell suppression: no group smaller than the threshold is shown.
//!
//! # Rules
//!
//! A table row is a list of cells (one per arm, or the parts of a total).
//! Each cell carries the sizes of every group a reader could learn about
//! from it: for a mean the people it is computed over; for a response rate
//! both the responders and the non-responders (the latter follow from the
//! rate and the published arm size).
//!
//! 1. **Primary suppression.** A cell is suppressed when any of its groups
//!    has 1 to `k − 1` members (`k` the threshold), or when there is no value
//!    to show (a mean of nobody). An empty group (0) describes no one and is
//!    shown, so "0 stopped" stays readable.
//! 2. **Complementary suppression.** When exactly one cell of a row is
//!    suppressed by rule 1, the shown cell with the smallest `n` (the first
//!    one on ties) is suppressed too. A row's total is often published
//!    elsewhere (the arm sizes, the enrolment count), and with only one cell
//!    missing it could be computed back from the total; with two missing it
//!    cannot be split.
//!
//! A suppressed cell shows only that, and why; never its `n` or value.
//! Rows are protected one at a time: differencing across tables (for
//! example between waves) is limited by the threshold on both groups of a
//! rate, not ruled out in general (see `docs/experimenten.md`).

use serde::Serialize;

/// The smallest allowed threshold: below 5 a published group is almost a
/// person; also guarantees every shown mean has an SD (n ≥ 2).
pub const MIN_THRESHOLD: u32 = 5;
/// The largest threshold (a bigger one would hide every cell of any
/// municipal experiment).
pub const MAX_THRESHOLD: u32 = 1_000;

/// Why a cell is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Suppression {
    /// A group in this cell is smaller than the threshold.
    #[serde(rename = "te_klein")]
    Primary,
    /// Hidden so that the other hidden cell of the row cannot be computed back.
    #[serde(rename = "aanvullend")]
    Complementary,
}

/// A cell of a published table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status")]
pub enum Cell<T> {
    #[serde(rename = "getoond")]
    Shown {
        n: u32,
        #[serde(rename = "waarde")]
        value: T,
    },
    #[serde(rename = "onderdrukt")]
    Suppressed {
        #[serde(rename = "reden")]
        reason: Suppression,
    },
}

impl<T> Cell<T> {
    pub fn shown(&self) -> Option<(u32, &T)> {
        match self {
            Cell::Shown { n, value } => Some((*n, value)),
            Cell::Suppressed { .. } => None,
        }
    }

    pub fn is_suppressed(&self) -> bool {
        matches!(self, Cell::Suppressed { .. })
    }
}

/// A cell before suppression.
#[derive(Clone, Debug, PartialEq)]
pub struct RawCell<T> {
    /// The size shown with the value.
    pub n: u32,
    /// Every group a reader could learn about from this cell besides `n`
    /// itself (for a rate: the responders and the non-responders).
    pub groups: Vec<u32>,
    /// `None` when there is nothing to show (no value could be computed);
    /// such a cell counts as suppressed.
    pub value: Option<T>,
}

impl<T> RawCell<T> {
    pub fn new(n: u32, value: Option<T>) -> RawCell<T> {
        RawCell { n, groups: Vec::new(), value }
    }

    /// Is any group of this cell (`n` included) of size 1 to `threshold − 1`?
    pub fn too_small(&self, threshold: u32) -> bool {
        std::iter::once(self.n).chain(self.groups.iter().copied()).any(|g| g > 0 && g < threshold)
    }
}

/// Applies the rules of the module documentation to one row.
pub fn suppress_row<T>(row: Vec<RawCell<T>>, threshold: u32) -> Vec<Cell<T>> {
    let primary: Vec<bool> = row.iter().map(|c| c.too_small(threshold) || c.value.is_none()).collect();
    let mut complementary: Option<usize> = None;
    if primary.iter().filter(|p| **p).count() == 1 {
        complementary =
            row.iter().enumerate().filter(|(i, _)| !primary[*i]).min_by_key(|(i, c)| (c.n, *i)).map(|(i, _)| i);
    }
    row.into_iter()
        .enumerate()
        .map(|(i, c)| {
            if primary[i] {
                Cell::Suppressed { reason: Suppression::Primary }
            } else if complementary == Some(i) {
                Cell::Suppressed { reason: Suppression::Complementary }
            } else {
                match c.value {
                    Some(value) => Cell::Shown { n: c.n, value },
                    None => Cell::Suppressed { reason: Suppression::Primary },
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(ns: &[u32]) -> Vec<RawCell<u32>> {
        ns.iter().map(|n| RawCell::new(*n, Some(*n))).collect()
    }

    #[test]
    fn small_cells_are_suppressed_and_one_more_in_their_row() {
        let out = suppress_row(row(&[40, 3, 25, 30]), 10);
        assert_eq!(out[1], Cell::Suppressed { reason: Suppression::Primary });
        // The smallest shown cell (25) goes too, so 3 cannot be computed back
        // from the total 98.
        assert_eq!(out[2], Cell::Suppressed { reason: Suppression::Complementary });
        assert_eq!(out[0], Cell::Shown { n: 40, value: 40 });
        assert_eq!(out[3], Cell::Shown { n: 30, value: 30 });
    }

    #[test]
    fn two_small_cells_need_no_complement() {
        let out = suppress_row(row(&[40, 3, 4, 30]), 10);
        assert_eq!(out.iter().filter(|c| c.is_suppressed()).count(), 2);
        assert!(out[0].shown().is_some() && out[3].shown().is_some());
        // An empty group describes no one and stays visible.
        let out = suppress_row(row(&[40, 0, 30]), 10);
        assert!(out.iter().all(|c| c.shown().is_some()));
        // A mean of nobody has no value: suppressed, and one more with it.
        let out =
            suppress_row(vec![RawCell::<u32>::new(0, None), RawCell::new(20, Some(1)), RawCell::new(30, Some(2))], 10);
        assert_eq!(out[0], Cell::Suppressed { reason: Suppression::Primary });
        assert_eq!(out[1], Cell::Suppressed { reason: Suppression::Complementary });
    }

    #[test]
    fn a_row_without_small_cells_is_shown_whole() {
        let out = suppress_row(row(&[10, 11, 12]), 10);
        assert!(out.iter().all(|c| c.shown().is_some()));
    }

    #[test]
    fn a_rate_is_suppressed_when_the_non_responders_are_few() {
        // 38 of 40 answered: the 2 non-responders are a group of 2.
        let out = suppress_row(
            vec![
                RawCell { n: 40, groups: vec![38, 2], value: Some(950) },
                RawCell { n: 40, groups: vec![25, 15], value: Some(625) },
                RawCell { n: 40, groups: vec![22, 18], value: Some(550) },
            ],
            10,
        );
        assert_eq!(out[0], Cell::Suppressed { reason: Suppression::Primary });
        assert_eq!(out.iter().filter(|c| c.is_suppressed()).count(), 2);
        // 5 of 5 answered: the 5 responders are too few even though nobody
        // stayed silent.
        let out = suppress_row(vec![RawCell { n: 5, groups: vec![5, 0], value: Some(1000) }], 10);
        assert!(out[0].is_suppressed());
    }
}
