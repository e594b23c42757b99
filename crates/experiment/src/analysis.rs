//! The report: balance at baseline, intention-to-treat effects with
//! confidence intervals, a clearly labelled per-protocol view, attrition and
//! response rates, every table through small-cell suppression.
//!
//! [`Trial::new`] checks that design, participants, allocation and
//! measurements fit together; [`Trial::report`] computes. Data a participant
//! withdrew are never used: with *verwijderen* nothing of theirs, with
//! *bewaren tot intrekking* nothing measured on or after the withdrawal date.
//!
//! Estimators (see `docs/experimenten.md`):
//! - balance: mean and SD per arm at the baseline wave, and the standardised
//!   difference of each arm with the control arm;
//! - ITT: everyone is analysed in the arm the lot gave them, whatever they
//!   received; the effect is the difference in means with the control arm
//!   among those with an observed outcome at the outcome wave (available
//!   cases, no imputation: the attrition table shows how far that matters),
//!   with Welch's standard error and a Student-t interval;
//! - ITT weighted per stratum: the same comparison within each stratum of
//!   the randomisation, weighted by the stratum's measured size
//!   (post-stratification, [`stats::post_stratified`]); strata where the arm
//!   or the control arm has fewer than 2 values are left out and named;
//! - per-protocol: the same, leaving out measurements on or after a recorded
//!   deviation. Not protected by the randomisation; for exploration only;
//! - multiplicity: the two-sided Welch p-value of every shown ITT effect,
//!   adjusted by Holm's method over all of them, with a warning in words.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::design::{ArmKind, Design, arm_kind_key};
use crate::enrol::{Participant, ParticipantId};
use crate::error::{Error, Problem, unknown_key};
use crate::measure::{MAX_WAVES, Measurement, Outcome, check_answers, outcome_values};
use crate::randomise::{ALGORITHM, Allocation, MAX_PARTICIPANTS};
use crate::stats::{self, Effect, StratifiedEstimate, Summary};
use crate::suppress::{Cell, MAX_THRESHOLD, MIN_THRESHOLD, RawCell, Suppression, suppress_row};

/// Choices for a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// Smallest group shown (see [`crate::suppress`]); 5–1000, default 10.
    pub threshold: u32,
    /// Confidence level of the intervals in percent: 80–99, default 95.
    pub confidence_percent: u8,
    /// The wave whose outcomes are compared; default the last wave.
    pub outcome_wave: Option<String>,
    /// Also hide a mean when the people of its arm *without* a value (the
    /// arm's size minus the mean's n) are 1 to k − 1. Off by default: that
    /// difference tells how many were not measured, never who or any value;
    /// on, a few withdrawals hide every later mean of the arm.
    pub protect_missing: bool,
}

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions { threshold: 10, confidence_percent: 95, outcome_wave: None, protect_missing: false }
    }
}

/// One usable measurement with its outcome values.
#[derive(Debug)]
pub(crate) struct Record<'a> {
    pub(crate) measurement: &'a Measurement,
    pub(crate) values: BTreeMap<Outcome, Option<i64>>,
}

/// Design, participants, allocation and measurements, checked together.
#[derive(Debug)]
pub struct Trial<'a> {
    pub(crate) design: &'a Design,
    /// Sorted by id, with the index of their arm.
    pub(crate) participants: Vec<(&'a Participant, usize)>,
    pub(crate) allocation: &'a Allocation,
    /// (participant, wave index) → usable measurement.
    pub(crate) records: BTreeMap<(ParticipantId, usize), Record<'a>>,
}

impl<'a> Trial<'a> {
    /// Checks that every participant is allocated to an arm of the design
    /// with this algorithm, that every measurement belongs to a known
    /// participant and wave (once per wave), is not dated before enrolment
    /// and has valid answers. Measurements a withdrawal makes unusable are
    /// kept out of every result.
    pub fn new(
        design: &'a Design,
        participants: &'a [Participant],
        allocation: &'a Allocation,
        measurements: &'a [Measurement],
    ) -> Result<Trial<'a>, Error> {
        if participants.len() > MAX_PARTICIPANTS {
            return Err(Error::new("deelnemers", Problem::TooMany { max: MAX_PARTICIPANTS }));
        }
        // One record per participant per wave at most.
        let max_measurements = MAX_PARTICIPANTS * MAX_WAVES;
        if measurements.len() > max_measurements {
            return Err(Error::new("metingen", Problem::TooMany { max: max_measurements }));
        }
        if allocation.algorithm != ALGORITHM {
            return Err(unknown_key("toewijzing.algoritme", allocation.algorithm, &[ALGORITHM]));
        }
        if allocation.assignments.len() != participants.len() {
            return Err(Error::new(
                "toewijzing",
                Problem::Format {
                    nl: "De toewijzing hoort bij een andere groep deelnemers: loot opnieuw met hetzelfde zaad.",
                    en: "The allocation belongs to another set of participants: allocate again with the same seed.",
                },
            ));
        }
        if allocation.assignments.windows(2).any(|w| w[0].participant >= w[1].participant) {
            return Err(Error::new(
                "toewijzing",
                Problem::Format {
                    nl: "De toewijzing moet op deelnemernummer gesorteerd zijn, elk nummer één keer.",
                    en: "The allocation must be sorted by participant number, each number once.",
                },
            ));
        }
        let mut list = Vec::with_capacity(participants.len());
        for (i, p) in participants.iter().enumerate() {
            let f = format!("deelnemers[{i}]");
            let arm_key = allocation.arm_of(p.id).ok_or_else(|| Error::new(format!("{f}.arm"), Problem::NotFound))?;
            let arm = design
                .arms()
                .iter()
                .position(|a| a.key == arm_key)
                .ok_or_else(|| Error::new(format!("{f}.arm"), Problem::NotFound))?;
            list.push((p, arm));
        }
        list.sort_unstable_by_key(|(p, _)| p.id);
        if let Some(w) = list.windows(2).find(|w| w[0].0.id == w[1].0.id) {
            return Err(Error::new("deelnemers", Problem::Duplicate { value: w[0].0.id.0.to_string() }));
        }
        let mut records = BTreeMap::new();
        for (i, m) in measurements.iter().enumerate() {
            let f = format!("metingen[{i}]");
            let Ok(pi) = list.binary_search_by_key(&m.participant, |(p, _)| p.id) else {
                return Err(Error::new(format!("{f}.deelnemer"), Problem::NotFound));
            };
            let p = list[pi].0;
            let Some(wave) = design.waves().iter().position(|w| w.key == m.wave) else {
                let allowed: Vec<&str> = design.waves().iter().map(|w| w.key.as_str()).collect();
                return Err(unknown_key(&format!("{f}.meting"), &m.wave, &allowed));
            };
            if m.date < p.enrolled_on {
                return Err(Error::new(
                    format!("{f}.datum"),
                    Problem::TooEarly { date: m.date, earliest: p.enrolled_on },
                ));
            }
            check_answers(design.questionnaire(), m, &f)?;
            if !p.data_usable(m.date) {
                continue;
            }
            let values = outcome_values(design.questionnaire(), m);
            if records.insert((m.participant, wave), Record { measurement: m, values }).is_some() {
                return Err(Error::new(format!("{f}.meting"), Problem::Duplicate { value: m.wave.clone() }));
            }
        }
        Ok(Trial { design, participants: list, allocation, records })
    }

    pub fn design(&self) -> &Design {
        self.design
    }

    /// Computes the report (see the module documentation).
    pub fn report(&self, options: &ReportOptions) -> Result<Report, Error> {
        let k = options.threshold;
        if !(MIN_THRESHOLD..=MAX_THRESHOLD).contains(&k) {
            return Err(Error::new(
                "drempel",
                Problem::OutOfRange { min: i64::from(MIN_THRESHOLD), max: i64::from(MAX_THRESHOLD) },
            ));
        }
        if !(80..=99).contains(&options.confidence_percent) {
            return Err(Error::new("betrouwbaarheid_procent", Problem::OutOfRange { min: 80, max: 99 }));
        }
        let waves = self.design.waves();
        let outcome_wave = match &options.outcome_wave {
            None => waves.len() - 1,
            Some(key) => waves.iter().position(|w| &w.key == key).ok_or_else(|| {
                let allowed: Vec<&str> = waves.iter().map(|w| w.key.as_str()).collect();
                unknown_key("uitkomstmeting", key, &allowed)
            })?,
        };
        if outcome_wave == 0 {
            return Err(Error::new(
                "uitkomstmeting",
                Problem::WrongState {
                    nl: "De nulmeting is vóór de start; kies een latere meting om effecten te meten.",
                    en: "The baseline is before the start; choose a later wave to measure effects.",
                },
            ));
        }
        let arms = self.design.arms();
        let control = arms.iter().position(|a| a.kind == ArmKind::Control).unwrap_or(0);
        let level = stats::level(options.confidence_percent);

        let enrolled: Vec<u32> =
            (0..arms.len()).map(|a| count(self.participants.iter().filter(|(_, i)| *i == a))).collect();
        let enrolled_cells = suppress_row(enrolled.iter().map(|n| RawCell::new(*n, Some(*n))).collect(), k);
        let arm_lines = arms
            .iter()
            .zip(enrolled_cells)
            .map(|(a, cell)| ArmLine {
                key: a.key.clone(),
                label_nl: a.label_nl.clone(),
                kind: arm_kind_key(&a.kind),
                weight: a.weight,
                target: a.target,
                enrolled: cell,
            })
            .collect();

        let response = (0..waves.len()).map(|w| self.response_row(w, k)).collect();
        let attrition = (0..arms.len()).map(|a| self.attrition_row(a, outcome_wave, k)).collect();

        let mut balance = Vec::new();
        for outcome in Outcome::all() {
            let cells = self.summary_row(0, outcome, false, k, options.protect_missing);
            let differences = cells
                .iter()
                .enumerate()
                .map(|(i, c)| match (i == control, c.shown(), cells[control].shown()) {
                    (false, Some((_, s)), Some((_, s0))) => stats::standardised_difference(s, s0),
                    _ => None,
                })
                .collect();
            balance.push(BalanceRow { outcome: outcome.key(), unit_nl: outcome.unit_nl(), cells, differences });
        }

        let itt = self.effect_rows(outcome_wave, false, k, level, control, options.protect_missing);
        let itt_stratified = StratifiedItt {
            label_nl: "ITT gewogen per stratum: hetzelfde verschil, maar eerst binnen elke groep van de loting \
                       (huishoudtype en trede) berekend en dan gewogen naar het aantal gemeten mensen in die groep. \
                       Omdat de loting per stratum ging, is dit verschil vaak preciezer (een smaller interval). \
                       Strata met minder dan 2 gemeten mensen in een van beide groepen tellen niet mee; die staan \
                       erbij."
                .to_owned(),
            label_en: "ITT weighted per stratum: the same difference, first computed within each stratum of the \
                       randomisation (household type and rung) and then weighted by the number of people measured \
                       in it. Because the lot was drawn per stratum, this difference is often more precise (a \
                       narrower interval). Strata with fewer than 2 measured people in either arm do not count; \
                       they are listed."
                .to_owned(),
            rows: self.stratified_rows(outcome_wave, k, level, control, &itt),
        };
        let multiplicity = multiplicity(&itt, options.confidence_percent);
        let per_protocol = PerProtocol {
            label_nl: "Per protocol: alleen metingen van vóór een vastgelegde afwijking (iemand kreeg niet wat zijn groep \
                       biedt). Deze vergelijking is niet meer beschermd door de loting en kan vertekend zijn; lees haar \
                       als verkenning, de ITT-schatting is de uitkomst van het experiment."
                .to_owned(),
            label_en: "Per protocol: only measurements from before a recorded deviation (someone did not receive what \
                       their arm offers). This comparison is no longer protected by the randomisation and may be \
                       biased; read it as exploration, the ITT estimate is the result of the experiment."
                .to_owned(),
            rows: self.effect_rows(outcome_wave, true, k, level, control, options.protect_missing),
        };

        Ok(Report {
            experiment: self.design.spec().key.clone(),
            seed: self.allocation.seed.to_string(),
            algorithm: self.allocation.algorithm,
            threshold: k,
            confidence_percent: options.confidence_percent,
            protect_missing: options.protect_missing,
            baseline_wave: waves[0].key.clone(),
            outcome_wave: waves[outcome_wave].key.clone(),
            arms: arm_lines,
            response,
            attrition,
            balance,
            itt,
            itt_stratified,
            multiplicity,
            per_protocol,
            suppression_nl: format!(
                "Groepen van minder dan {k} mensen tonen we niet (primaire onderdrukking). Valt in een rij maar één cel weg, \
                 dan laten we ook de kleinste andere cel weg, zodat de weggelaten cel niet uit een totaal terug te \
                 rekenen is (aanvullende onderdrukking). Een responspercentage verbergen we ook als de groep die niet \
                 antwoordde te klein is."
            ),
            suppression_en: format!(
                "Groups of fewer than {k} people are not shown (primary suppression). If only one cell of a row is \
                 hidden, the smallest other cell is hidden too, so that the hidden one cannot be computed back from a \
                 total (complementary suppression). A response rate is also hidden when the group that did not \
                 respond is too small."
            ),
        })
    }

    /// Values of `outcome` at wave `wave`, per arm, in the reported unit.
    fn values_by_arm(&self, wave: usize, outcome: Outcome, per_protocol: bool) -> Vec<Vec<f64>> {
        let mut out = vec![Vec::new(); self.design.arms().len()];
        for (p, arm) in &self.participants {
            let Some(r) = self.records.get(&(p.id, wave)) else { continue };
            if per_protocol && p.deviation_from.is_some_and(|d| d <= r.measurement.date) {
                continue;
            }
            if let Some(Some(v)) = r.values.get(&outcome) {
                out[*arm].push(stats::to_unit(*v, outcome.divisor()));
            }
        }
        out
    }

    fn summary_row(
        &self,
        wave: usize,
        outcome: Outcome,
        per_protocol: bool,
        k: u32,
        protect: bool,
    ) -> Vec<Cell<Summary>> {
        let raw = self
            .values_by_arm(wave, outcome, per_protocol)
            .iter()
            .enumerate()
            .map(|(arm, v)| {
                let n = u32::try_from(v.len()).unwrap_or(u32::MAX);
                let mut cell = RawCell::new(n, stats::summarise(v));
                if protect {
                    let size = count(self.participants.iter().filter(|(_, a)| *a == arm));
                    cell.groups.push(size.saturating_sub(n));
                }
                cell
            })
            .collect();
        suppress_row(raw, k)
    }

    fn effect_rows(
        &self,
        wave: usize,
        per_protocol: bool,
        k: u32,
        level: f64,
        control: usize,
        protect: bool,
    ) -> Vec<EffectRow> {
        let arms = self.design.arms();
        let mut rows = Vec::new();
        for outcome in Outcome::all() {
            let groups = self.summary_row(wave, outcome, per_protocol, k, protect);
            let mut effects = Vec::new();
            for (i, arm) in arms.iter().enumerate() {
                if i == control {
                    continue;
                }
                let cell = match (&groups[i], &groups[control]) {
                    (Cell::Shown { n: n1, value: s1 }, Cell::Shown { n: n0, value: s0 }) => {
                        match stats::welch(s1, s0, level) {
                            Some(e) => Cell::Shown { n: n1 + n0, value: e },
                            None => Cell::Suppressed { reason: Suppression::Primary },
                        }
                    }
                    (Cell::Suppressed { reason }, _) | (_, Cell::Suppressed { reason }) => {
                        Cell::Suppressed { reason: *reason }
                    }
                };
                effects.push(ArmEffect { arm: arm.key.clone(), effect: cell });
            }
            rows.push(EffectRow { outcome: outcome.key(), unit_nl: outcome.unit_nl(), groups, effects });
        }
        rows
    }

    /// ITT values of `outcome` at `wave`, per arm, per stratum key.
    fn values_by_arm_and_stratum(&self, wave: usize, outcome: Outcome) -> Vec<BTreeMap<&'a str, Vec<f64>>> {
        let mut out = vec![BTreeMap::new(); self.design.arms().len()];
        for (p, arm) in &self.participants {
            let Some(r) = self.records.get(&(p.id, wave)) else { continue };
            if let Some(Some(v)) = r.values.get(&outcome) {
                out[*arm]
                    .entry(p.stratum.as_str())
                    .or_insert_with(Vec::new)
                    .push(stats::to_unit(*v, outcome.divisor()));
            }
        }
        out
    }

    /// The post-stratified ITT effects. A cell is shown exactly when the ITT
    /// cell of the same arm and outcome is (the same groups, so the same
    /// suppression), with the same `n`; the number of people in left-out
    /// strata is its own cell, hidden when 1 to k − 1.
    fn stratified_rows(
        &self,
        wave: usize,
        k: u32,
        level: f64,
        control: usize,
        itt: &[EffectRow],
    ) -> Vec<StratifiedRow> {
        let arms = self.design.arms();
        let mut rows = Vec::new();
        for (outcome, itt_row) in Outcome::all().into_iter().zip(itt) {
            debug_assert_eq!(outcome.key(), itt_row.outcome, "the same outcome order as the ITT rows");
            let values = self.values_by_arm_and_stratum(wave, outcome);
            let mut effects = Vec::new();
            for (arm_index, itt_effect) in (0..arms.len()).filter(|i| *i != control).zip(&itt_row.effects) {
                let cell = match &itt_effect.effect {
                    Cell::Suppressed { reason } => Cell::Suppressed { reason: *reason },
                    Cell::Shown { n, .. } => match stratified_effect(&values[arm_index], &values[control], level, k) {
                        Some(e) => Cell::Shown { n: *n, value: e },
                        None => Cell::Suppressed { reason: Suppression::Primary },
                    },
                };
                effects.push(StratifiedArmEffect { arm: arms[arm_index].key.clone(), effect: cell });
            }
            rows.push(StratifiedRow { outcome: outcome.key(), unit_nl: outcome.unit_nl(), effects });
        }
        rows
    }

    fn response_row(&self, w: usize, k: u32) -> ResponseRow {
        let arms = self.design.arms().len();
        let mut expected = vec![0u32; arms];
        let mut responded = vec![0u32; arms];
        for (p, arm) in &self.participants {
            expected[*arm] += 1;
            if self.records.get(&(p.id, w)).is_some_and(|r| r.measurement.responded()) {
                responded[*arm] += 1;
            }
        }
        let raw = (0..arms)
            .map(|a| {
                let (e, r) = (expected[a], responded[a]);
                RawCell {
                    n: e,
                    groups: vec![r, e - r],
                    value: (e > 0).then(|| ResponseRate { responded: r, per_mille: per_mille(r, e) }),
                }
            })
            .collect();
        ResponseRow { wave: self.design.waves()[w].key.clone(), cells: suppress_row(raw, k) }
    }

    fn attrition_row(&self, arm: usize, outcome_wave: usize, k: u32) -> AttritionRow {
        let (mut measured, mut withdrawn, mut lost) = (0u32, 0u32, 0u32);
        for (p, a) in &self.participants {
            if *a != arm {
                continue;
            }
            let answered = self.records.get(&(p.id, outcome_wave)).is_some_and(|r| r.measurement.responded());
            if answered {
                measured += 1;
            } else if p.withdrawal.is_some() {
                withdrawn += 1;
            } else {
                lost += 1;
            }
        }
        let enrolled = measured + withdrawn + lost;
        debug_assert_eq!(
            enrolled,
            count(self.participants.iter().filter(|(_, a)| *a == arm)),
            "every randomised participant is in exactly one part"
        );
        let parts = suppress_row(
            vec![
                RawCell::new(withdrawn, Some(withdrawn)),
                RawCell::new(lost, Some(lost)),
                RawCell::new(measured, Some(measured)),
            ],
            k,
        );
        let gone = withdrawn + lost;
        let rate = suppress_row(
            vec![RawCell {
                n: enrolled,
                groups: vec![gone, measured],
                value: (enrolled > 0).then(|| per_mille(gone, enrolled)),
            }],
            k,
        );
        let mut parts = parts.into_iter();
        let mut rate = rate.into_iter();
        let hidden = || Cell::Suppressed { reason: Suppression::Primary };
        AttritionRow {
            arm: self.design.arms()[arm].key.clone(),
            withdrawn: parts.next().unwrap_or_else(hidden),
            lost: parts.next().unwrap_or_else(hidden),
            measured: parts.next().unwrap_or_else(hidden),
            attrition_per_mille: rate.next().unwrap_or_else(hidden),
        }
    }
}

/// The post-stratified effect of one arm against control from their values
/// per stratum; `None` when no stratum has 2 values in both.
fn stratified_effect(
    arm: &BTreeMap<&str, Vec<f64>>,
    control: &BTreeMap<&str, Vec<f64>>,
    level: f64,
    k: u32,
) -> Option<StratifiedEffect> {
    let mut keys: Vec<&str> = arm.keys().chain(control.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    let mut pairs = Vec::new();
    let mut strata_left_out = Vec::new();
    let mut left_out = 0u32;
    let none = Vec::new();
    for key in keys {
        let (a, c) = (arm.get(key).unwrap_or(&none), control.get(key).unwrap_or(&none));
        match (stats::summarise(a), stats::summarise(c)) {
            (Some(sa), Some(sc)) => pairs.push((sa, sc)),
            _ => {
                strata_left_out.push(key.to_owned());
                left_out += count(a.iter().chain(c));
            }
        }
    }
    let estimate = stats::post_stratified(&pairs, level)?;
    let left_out = suppress_row(vec![RawCell::new(left_out, Some(left_out))], k).pop()?;
    Some(StratifiedEffect { estimate, strata_left_out, left_out })
}

/// p-values of the shown ITT effects with Holm's adjustment, and the warning.
fn multiplicity(itt: &[EffectRow], confidence_percent: u8) -> Multiplicity {
    let mut p_values: Vec<PValue> = itt
        .iter()
        .flat_map(|row| {
            row.effects.iter().map(|e| PValue {
                outcome: row.outcome,
                arm: e.arm.clone(),
                p: e.effect.shown().map(|(_, effect)| stats::welch_p(effect)),
                p_holm: None,
            })
        })
        .collect();
    let raw: Vec<f64> = p_values.iter().filter_map(|p| p.p).collect();
    let mut adjusted = stats::holm(&raw).into_iter();
    for p in p_values.iter_mut().filter(|p| p.p.is_some()) {
        p.p_holm = adjusted.next();
    }
    let m = count(raw.iter());
    let suppressed = count(p_values.iter()) - m;
    let alpha = u32::from(100u8.saturating_sub(confidence_percent));
    let (note_nl, note_en) = multiplicity_note(m, alpha);
    Multiplicity { comparisons: m, suppressed, method: "holm", note_nl, note_en, p_values }
}

/// The warning about many comparisons, Dutch (B1) and English, for `m`
/// comparisons each at `alpha_percent` %.
fn multiplicity_note(m: u32, alpha_percent: u32) -> (String, String) {
    match m {
        0 => ("Er zijn geen vergelijkingen te tonen.".to_owned(), "There are no comparisons to show.".to_owned()),
        1 => (
            "Er is 1 vergelijking gemaakt. Een correctie voor veel vergelijkingen is dan niet nodig.".to_owned(),
            "1 comparison was made. No correction for many comparisons is needed.".to_owned(),
        ),
        _ => {
            // Expected number of "clear" differences by chance alone: m × α, in hundredths.
            let expected = m * alpha_percent;
            let (whole, hundredths) = (expected / 100, expected % 100);
            let decimals = match hundredths {
                0 => String::new(),
                h if h % 10 == 0 => format!("{}", h / 10),
                h => format!("{h:02}"),
            };
            let sep = |s: &str| if decimals.is_empty() { String::new() } else { format!("{s}{decimals}") };
            let (x_nl, x_en) = (format!("{whole}{}", sep(",")), format!("{whole}{}", sep(".")));
            let (a_nl, a_en) = (format!("0,{alpha_percent:02}"), format!("0.{alpha_percent:02}"));
            (
                format!(
                    "Er zijn {m} vergelijkingen gemaakt. Bij zoveel vergelijkingen lijkt er soms een verschil dat \
                     toeval is. Ook als geen enkele groep echt iets verandert, verwacht je er ongeveer {x_nl} waarbij \
                     de 0 buiten het interval valt. Kijk daarom naar de gecorrigeerde p-waarde (Holm): alleen een \
                     verschil met een gecorrigeerde p-waarde onder {a_nl} is waarschijnlijk geen toeval. De kans dat \
                     er dan toch één door toeval tussen zit, is voor alle {m} vergelijkingen samen hoogstens \
                     {alpha_percent} %."
                ),
                format!(
                    "{m} comparisons were made. With this many comparisons, some differences appear by chance. \
                     Even if no arm changes anything, about {x_en} are expected whose interval does not contain 0. \
                     So look at the adjusted p-value (Holm): only a difference with an adjusted p-value below {a_en} \
                     is probably not chance. The chance that even one of those is chance is then at most \
                     {alpha_percent} % for all {m} comparisons together."
                ),
            )
        }
    }
}

fn count<I: Iterator>(it: I) -> u32 {
    u32::try_from(it.count()).unwrap_or(u32::MAX)
}

/// `part / whole` in thousandths, rounded half up; 0 for an empty whole.
pub fn per_mille(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        return 0;
    }
    let v = (u64::from(part) * 2000 + u64::from(whole)) / (2 * u64::from(whole));
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// The whole report. Every row's cells follow the order of `arms`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub experiment: String,
    /// The seed as text: JSON numbers lose digits above 2⁵³.
    #[serde(rename = "zaad")]
    pub seed: String,
    #[serde(rename = "algoritme")]
    pub algorithm: &'static str,
    #[serde(rename = "drempel")]
    pub threshold: u32,
    #[serde(rename = "betrouwbaarheid_procent")]
    pub confidence_percent: u8,
    /// Whether means are also hidden when the unmeasured rest of the arm is small.
    #[serde(rename = "ontbrekenden_beschermd")]
    pub protect_missing: bool,
    #[serde(rename = "nulmeting")]
    pub baseline_wave: String,
    #[serde(rename = "uitkomstmeting")]
    pub outcome_wave: String,
    #[serde(rename = "armen")]
    pub arms: Vec<ArmLine>,
    #[serde(rename = "respons")]
    pub response: Vec<ResponseRow>,
    #[serde(rename = "uitval")]
    pub attrition: Vec<AttritionRow>,
    #[serde(rename = "balans")]
    pub balance: Vec<BalanceRow>,
    #[serde(rename = "itt")]
    pub itt: Vec<EffectRow>,
    /// The ITT effects weighted per stratum of the randomisation.
    #[serde(rename = "itt_per_stratum_gewogen")]
    pub itt_stratified: StratifiedItt,
    /// How many ITT comparisons, their p-values with Holm's adjustment, and
    /// the warning that goes with them.
    #[serde(rename = "multipliciteit")]
    pub multiplicity: Multiplicity,
    #[serde(rename = "per_protocol")]
    pub per_protocol: PerProtocol,
    #[serde(rename = "onderdrukking")]
    pub suppression_nl: String,
    #[serde(rename = "onderdrukking_en")]
    pub suppression_en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArmLine {
    #[serde(rename = "sleutel")]
    pub key: String,
    #[serde(rename = "naam")]
    pub label_nl: String,
    #[serde(rename = "soort")]
    pub kind: &'static str,
    #[serde(rename = "gewicht")]
    pub weight: u8,
    #[serde(rename = "streefaantal")]
    pub target: u32,
    #[serde(rename = "ingeschreven")]
    pub enrolled: Cell<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ResponseRate {
    #[serde(rename = "geantwoord")]
    pub responded: u32,
    #[serde(rename = "promille")]
    pub per_mille: u32,
}

/// Response in one wave: `n` is everyone randomised to the arm (so it
/// equals the arm's size and nothing follows from the difference);
/// withdrawn and data-deleted participants count as not responding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseRow {
    #[serde(rename = "meting")]
    pub wave: String,
    #[serde(rename = "cellen")]
    pub cells: Vec<Cell<ResponseRate>>,
}

/// Attrition of one arm at the outcome wave: everyone randomised is exactly
/// one of withdrawn, lost (no answer, not withdrawn) or measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttritionRow {
    pub arm: String,
    #[serde(rename = "gestopt")]
    pub withdrawn: Cell<u32>,
    #[serde(rename = "uit_beeld")]
    pub lost: Cell<u32>,
    #[serde(rename = "gemeten")]
    pub measured: Cell<u32>,
    #[serde(rename = "uitval_promille")]
    pub attrition_per_mille: Cell<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BalanceRow {
    #[serde(rename = "uitkomst")]
    pub outcome: &'static str,
    #[serde(rename = "eenheid")]
    pub unit_nl: &'static str,
    #[serde(rename = "cellen")]
    pub cells: Vec<Cell<Summary>>,
    /// Per arm, against control; `None` for control and hidden cells.
    #[serde(rename = "gestandaardiseerd_verschil")]
    pub differences: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArmEffect {
    pub arm: String,
    #[serde(rename = "effect")]
    pub effect: Cell<Effect>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EffectRow {
    #[serde(rename = "uitkomst")]
    pub outcome: &'static str,
    #[serde(rename = "eenheid")]
    pub unit_nl: &'static str,
    /// Mean and SD per arm at the outcome wave.
    #[serde(rename = "groepen")]
    pub groups: Vec<Cell<Summary>>,
    /// Each non-control arm against control.
    #[serde(rename = "effecten")]
    pub effects: Vec<ArmEffect>,
}

/// The per-protocol view, with its warning attached so no page can show it
/// without.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PerProtocol {
    #[serde(rename = "toelichting")]
    pub label_nl: String,
    #[serde(rename = "toelichting_en")]
    pub label_en: String,
    #[serde(rename = "rijen")]
    pub rows: Vec<EffectRow>,
}

/// A post-stratified ITT effect: the estimate, and which strata were left
/// out (a group with fewer than 2 values) and how many measured people they
/// held in the two arms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StratifiedEffect {
    #[serde(flatten)]
    pub estimate: StratifiedEstimate,
    /// Keys of the strata left out, sorted.
    #[serde(rename = "weggelaten_strata")]
    pub strata_left_out: Vec<String>,
    /// Measured people of the arm and control in those strata; hidden when
    /// 1 to k − 1.
    #[serde(rename = "weggelaten_deelnemers")]
    pub left_out: Cell<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StratifiedArmEffect {
    pub arm: String,
    #[serde(rename = "effect")]
    pub effect: Cell<StratifiedEffect>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StratifiedRow {
    #[serde(rename = "uitkomst")]
    pub outcome: &'static str,
    #[serde(rename = "eenheid")]
    pub unit_nl: &'static str,
    /// Each non-control arm against control, in the order of the ITT row.
    #[serde(rename = "effecten")]
    pub effects: Vec<StratifiedArmEffect>,
}

/// The ITT view weighted per stratum, with its explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StratifiedItt {
    #[serde(rename = "toelichting")]
    pub label_nl: String,
    #[serde(rename = "toelichting_en")]
    pub label_en: String,
    #[serde(rename = "rijen")]
    pub rows: Vec<StratifiedRow>,
}

/// The p-value of one ITT comparison; `None` when its effect is hidden.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PValue {
    #[serde(rename = "uitkomst")]
    pub outcome: &'static str,
    pub arm: String,
    /// Two-sided Welch p-value ([`stats::welch_p`]).
    pub p: Option<f64>,
    /// Holm-adjusted over every shown ITT comparison ([`stats::holm`]).
    pub p_holm: Option<f64>,
}

/// The ITT table makes many comparisons (every outcome × every arm); this
/// says how many and adjusts their p-values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Multiplicity {
    /// m: the shown ITT comparisons, each with a p-value (Holm's family).
    #[serde(rename = "vergelijkingen")]
    pub comparisons: u32,
    /// ITT comparisons hidden by suppression: no p-value.
    #[serde(rename = "onderdrukt")]
    pub suppressed: u32,
    #[serde(rename = "methode")]
    pub method: &'static str,
    #[serde(rename = "toelichting")]
    pub note_nl: String,
    #[serde(rename = "toelichting_en")]
    pub note_en: String,
    /// One per ITT comparison, in the order of the ITT table.
    #[serde(rename = "p_waarden")]
    pub p_values: Vec<PValue>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_multiplicity_warning_counts_in_integers() {
        let (nl, en) = multiplicity_note(30, 5);
        assert!(
            nl.starts_with(
                "Er zijn 30 vergelijkingen gemaakt. Bij zoveel vergelijkingen lijkt er soms een verschil dat toeval is."
            ),
            "{nl}"
        );
        assert!(
            nl.contains("ongeveer 1,5 waarbij") && nl.contains("onder 0,05") && nl.contains("hoogstens 5 %"),
            "{nl}"
        );
        assert!(
            en.starts_with("30 comparisons were made.") && en.contains("about 1.5 are") && en.contains("0.05"),
            "{en}"
        );
        // 3 × 5 % = 0.15; 20 × 5 % = 1; 4 × 10 % = 0.4.
        assert!(multiplicity_note(3, 5).0.contains("ongeveer 0,15 waarbij"));
        assert!(multiplicity_note(20, 5).0.contains("ongeveer 1 waarbij"));
        assert!(multiplicity_note(4, 10).1.contains("about 0.4 are") && multiplicity_note(4, 10).1.contains("0.10"));
        assert!(multiplicity_note(1, 5).0.starts_with("Er is 1 vergelijking gemaakt."));
        assert_eq!(multiplicity_note(0, 5).0, "Er zijn geen vergelijkingen te tonen.");
    }
}
