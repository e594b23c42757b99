//! Goals per life domain, in small dated steps — the resident's own plan.
//!
//! Mobility Mentoring® (EMPath; in the Netherlands through Platform31) works
//! on goals the resident chooses, in small steps, across five pillars
//! ([`Domain`]). Seed 002: "Mobility Mentoring® werkt aan de voorkant en aan
//! wat een inwoner zelf wil. Dus niet wat zij opgelegd krijgen vanuit
//! instanties." That is the rule this module enforces, in one table ([`may`]):
//!
//! - the resident (*deelnemer*) adds, changes and removes goals and steps;
//! - a buddy, WIJ-medewerker or klantmanager may *suggest* a step, which the
//!   resident accepts or declines (a declined suggestion is removed: "nee"
//!   is an answer, not something to keep a record of);
//! - they may tick off a step only when the resident allowed it
//!   ([`Plan::helpers_may_tick_off`], off until the resident turns it on);
//! - nobody else works on the plan.
//!
//! The WIJ-medewerker is a helper here as well as the buddy and the
//! klantmanager: `platform::toegang` gives all three `PlanWerken`, and each
//! buddy is linked to a WIJ-medewerker (seed 002).
//!
//! Every operation takes the acting [`Role`], checks it first, changes the
//! plan only when everything is valid (no half-done changes), and asserts the
//! plan's invariants afterwards.

use std::collections::BTreeSet;

use jiff::civil::Date;
use platform::rol::Role;

use crate::error::{Error, Problem};
use crate::text::{Lang, free_text, pick, plus_days, unknown_key};

/// At most this many goals. Mobility Mentoring works on a few goals at a
/// time; 20 covers several years of goals, reached ones included.
pub const MAX_GOALS: usize = 20;
/// At most this many steps per goal: small steps, but a goal of more than 40
/// is a goal to split.
pub const MAX_STEPS_PER_GOAL: usize = 40;
/// At most this many suggestions waiting for the resident, over the whole
/// plan, so a resident never faces a wall of other people's ideas.
pub const MAX_OPEN_SUGGESTIONS: usize = 10;
pub const MAX_TITLE: usize = 120;
pub const MAX_STEP_TEXT: usize = 200;
/// A step may be planned up to two years ahead (a course of study)…
pub const MAX_DAYS_AHEAD: i64 = 731;
/// …and recorded up to a year back (a step already taken).
pub const MAX_DAYS_BACK: i64 = 366;
/// Progress is shown for at most ten years of months.
pub const MAX_MONTHS: usize = 120;

/// A life domain: the five pillars of Mobility Mentoring / the EMPath Bridge
/// (empathways.org/bridge/five-pillars).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Domain {
    FamilyAndHousing,
    WellBeing,
    FinancesAndDebts,
    Education,
    EmploymentAndCareer,
}

impl Domain {
    pub const ALL: [Domain; 5] = [
        Domain::FamilyAndHousing,
        Domain::WellBeing,
        Domain::FinancesAndDebts,
        Domain::Education,
        Domain::EmploymentAndCareer,
    ];
    pub const KEYS: [&'static str; 5] = ["gezin_wonen", "welzijn", "financien_schulden", "opleiding", "werk_loopbaan"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Domain> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    /// Position in [`Domain::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Domain::FamilyAndHousing => "Gezin en wonen",
            Domain::WellBeing => "Welzijn",
            Domain::FinancesAndDebts => "Financiën en schulden",
            Domain::Education => "Opleiding",
            Domain::EmploymentAndCareer => "Werk en loopbaan",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Domain::FamilyAndHousing => "Family and housing",
            Domain::WellBeing => "Well-being",
            Domain::FinancesAndDebts => "Finances and debts",
            Domain::Education => "Education and training",
            Domain::EmploymentAndCareer => "Employment and career",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        pick(lang, self.label_nl(), self.label_en())
    }

    /// The pillar's goal (EMPath), in plain words: what "done" looks like.
    pub fn horizon(self, lang: Lang) -> &'static str {
        match self {
            Domain::FamilyAndHousing => pick(
                lang,
                "Een vast thuis: de huur is minder dan 30% van uw netto inkomen, en uw kinderen hebben wat ze nodig hebben.",
                "A stable home: housing costs under 30% of net income, and the children's needs are met.",
            ),
            Domain::WellBeing => pick(
                lang,
                "Uw gezondheid houdt u niet tegen, en er zijn mensen om u heen die u steunen.",
                "No health or behavioural barriers, and a strong social network.",
            ),
            Domain::FinancesAndDebts => pick(
                lang,
                "Geld voor drie maanden achter de hand, en schulden die passen bij uw inkomen.",
                "Three months' savings, and debts in balance with income.",
            ),
            Domain::Education => pick(
                lang,
                "Genoeg opleiding voor werk waarmee u uw gezin kunt onderhouden.",
                "Enough education for a family-supporting job.",
            ),
            Domain::EmploymentAndCareer => pick(
                lang,
                "Een inkomen uit werk dat hoger is dan wat u echt nodig hebt om van te leven.",
                "Earnings above real basic living costs.",
            ),
        }
    }
}

/// A goal's id, unique within its plan (goals and steps share one counter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GoalId(pub u32);

/// A step's id, unique within its plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StepId(pub u32);

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StepStatus {
    /// Suggested by a helper; not part of the plan until the resident accepts.
    Suggested,
    /// In the plan, to do.
    Open,
    /// Done.
    Done,
}

impl StepStatus {
    pub const ALL: [StepStatus; 3] = [StepStatus::Suggested, StepStatus::Open, StepStatus::Done];
    pub const KEYS: [&'static str; 3] = ["voorgesteld", "open", "gedaan"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<StepStatus> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            StepStatus::Suggested => pick(lang, "voorgesteld", "suggested"),
            StepStatus::Open => pick(lang, "nog te doen", "to do"),
            StepStatus::Done => pick(lang, "gedaan", "done"),
        }
    }
}

/// A small, dated step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: StepId,
    pub text: String,
    /// When the resident plans to take it.
    pub planned: Date,
    pub created: Date,
    pub status: StepStatus,
    /// The helper who suggested it (kept after acceptance, so the resident
    /// can see where an idea came from).
    pub suggested_by: Option<Role>,
    pub done_on: Option<Date>,
    pub ticked_off_by: Option<Role>,
}

/// A goal the resident chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    pub id: GoalId,
    pub domain: Domain,
    pub title: String,
    pub created: Date,
    /// The day the resident said the goal is reached.
    pub reached_on: Option<Date>,
    pub steps: Vec<Step>,
}

/// What someone wants to do with a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    AddGoal,
    ChangeGoal,
    RemoveGoal,
    SetGoalReached,
    AddStep,
    ChangeStep,
    RemoveStep,
    SuggestStep,
    AcceptSuggestion,
    DeclineSuggestion,
    TickOffStep,
    UndoTickOff,
    AllowTickingOff,
}

impl Operation {
    pub const ALL: [Operation; 13] = [
        Operation::AddGoal,
        Operation::ChangeGoal,
        Operation::RemoveGoal,
        Operation::SetGoalReached,
        Operation::AddStep,
        Operation::ChangeStep,
        Operation::RemoveStep,
        Operation::SuggestStep,
        Operation::AcceptSuggestion,
        Operation::DeclineSuggestion,
        Operation::TickOffStep,
        Operation::UndoTickOff,
        Operation::AllowTickingOff,
    ];
    /// Keys for the audit log and forms.
    pub const KEYS: [&'static str; 13] = [
        "doel_toevoegen",
        "doel_wijzigen",
        "doel_verwijderen",
        "doel_bereikt",
        "stap_toevoegen",
        "stap_wijzigen",
        "stap_verwijderen",
        "stap_voorstellen",
        "voorstel_accepteren",
        "voorstel_afwijzen",
        "stap_afvinken",
        "afvinken_terugdraaien",
        "afvinken_toestaan",
    ];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Operation> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }
}

/// The roles that walk along with the resident and may suggest steps.
pub const HELPERS: [Role; 3] = [Role::Buddy, Role::WijMedewerker, Role::Klantmanager];

/// May `role` do `op` on a plan whose resident has (or has not) allowed
/// helpers to tick off steps? The one table of the ownership rule.
pub fn may(role: Role, op: Operation, helpers_may_tick_off: bool) -> bool {
    let helper = HELPERS.contains(&role);
    match op {
        // The resident suggests nothing to themselves: they add the step.
        Operation::SuggestStep => helper,
        Operation::TickOffStep | Operation::UndoTickOff => role == Role::Deelnemer || (helper && helpers_may_tick_off),
        Operation::AddGoal
        | Operation::ChangeGoal
        | Operation::RemoveGoal
        | Operation::SetGoalReached
        | Operation::AddStep
        | Operation::ChangeStep
        | Operation::RemoveStep
        | Operation::AcceptSuggestion
        | Operation::DeclineSuggestion
        | Operation::AllowTickingOff => role == Role::Deelnemer,
    }
}

fn refusal(role: Role, op: Operation) -> Error {
    let (nl, en) = if !HELPERS.contains(&role) && role != Role::Deelnemer {
        (
            "Dit plan is van de deelnemer. Alleen de deelnemer, de buddy, de WIJ-medewerker en de klantmanager werken eraan.",
            "This plan belongs to the resident. Only the resident, the buddy, the neighbourhood team worker and the caseworker work on it.",
        )
    } else if op == Operation::SuggestStep {
        ("U kunt de stap zelf toevoegen aan uw plan.", "You can add the step to your plan yourself.")
    } else if matches!(op, Operation::TickOffStep | Operation::UndoTickOff) {
        (
            "De deelnemer heeft niet toegestaan dat anderen stappen afvinken.",
            "The resident has not allowed others to tick off steps.",
        )
    } else {
        (
            "Het plan is van de deelnemer: alleen de deelnemer zelf mag dit. U kunt wel een stap voorstellen.",
            "The plan belongs to the resident: only the resident may do this. You can suggest a step.",
        )
    };
    Error::new("rol", Problem::NotAllowed { role, nl, en })
}

/// The resident's plan. Build an empty one with [`Plan::default`] or rebuild
/// a stored one with [`Plan::from_parts`]; change it only through its
/// operations, which check the acting role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    goals: Vec<Goal>,
    helpers_may_tick_off: bool,
    /// The next id to hand out; above every id in the plan.
    next_id: u32,
}

impl Default for Plan {
    /// An empty plan; ids start at 1, and helpers may not tick off steps
    /// until the resident allows it.
    fn default() -> Plan {
        Plan { goals: Vec::new(), helpers_may_tick_off: false, next_id: 1 }
    }
}

/// Where a step is: (goal index, step index).
type StepSlot = (usize, usize);

impl Plan {
    /// Rebuilds a stored plan, checking every bound and invariant: stored
    /// data that breaks one is an error, never a panic. `next_id` is
    /// stored with the plan ([`Plan::next_id`]) so an id is never handed
    /// out twice, not even after the goal that had it was removed.
    pub fn from_parts(goals: Vec<Goal>, helpers_may_tick_off: bool, next_id: u32) -> Result<Plan, Error> {
        if goals.len() > MAX_GOALS {
            return Err(Error::new("doelen", Problem::TooMany { max: MAX_GOALS }));
        }
        let mut ids = BTreeSet::new();
        let mut open = 0usize;
        for (i, d) in goals.iter().enumerate() {
            let f = format!("doelen[{i}]");
            if !ids.insert(d.id.0) {
                return Err(Error::new(format!("{f}.id"), Problem::Duplicate { value: d.id.0.to_string() }));
            }
            free_text(&format!("{f}.titel"), &d.title, MAX_TITLE, true)?;
            if d.steps.len() > MAX_STEPS_PER_GOAL {
                return Err(Error::new(format!("{f}.stappen"), Problem::TooMany { max: MAX_STEPS_PER_GOAL }));
            }
            for (j, s) in d.steps.iter().enumerate() {
                let f = format!("{f}.stappen[{j}]");
                if !ids.insert(s.id.0) {
                    return Err(Error::new(format!("{f}.id"), Problem::Duplicate { value: s.id.0.to_string() }));
                }
                free_text(&format!("{f}.tekst"), &s.text, MAX_STEP_TEXT, true)?;
                let done = s.status == StepStatus::Done;
                if done != s.done_on.is_some() || done != s.ticked_off_by.is_some() {
                    return Err(Error::new(
                        format!("{f}.status"),
                        Problem::WrongState {
                            nl: "Een gedane stap heeft een datum en wie hem afvinkte; een andere stap niet.",
                            en: "A done step has a date and who ticked it off; other steps have neither.",
                        },
                    ));
                }
                if s.suggested_by.is_some_and(|r| !HELPERS.contains(&r))
                    || (s.status == StepStatus::Suggested && s.suggested_by.is_none())
                {
                    return Err(Error::new(
                        format!("{f}.voorgesteld_door"),
                        Problem::WrongState {
                            nl: "Een voorstel komt van de buddy, de WIJ-medewerker of de klantmanager.",
                            en: "A suggestion comes from the buddy, the neighbourhood team worker or the caseworker.",
                        },
                    ));
                }
                if s.status == StepStatus::Suggested {
                    open += 1;
                }
            }
        }
        if open > MAX_OPEN_SUGGESTIONS {
            return Err(Error::new("doelen", Problem::TooMany { max: MAX_OPEN_SUGGESTIONS }));
        }
        let lowest = ids.last().map_or(1, |m| i64::from(*m) + 1);
        if i64::from(next_id) < lowest {
            return Err(Error::new("volgend_id", Problem::OutOfRange { min: lowest, max: i64::from(u32::MAX) }));
        }
        let plan = Plan { goals, helpers_may_tick_off, next_id };
        plan.assert_invariants();
        Ok(plan)
    }

    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    /// The next id the plan will hand out (store it with the plan).
    pub fn next_id(&self) -> u32 {
        self.next_id
    }

    pub fn goal(&self, id: GoalId) -> Option<&Goal> {
        self.goals.iter().find(|d| d.id == id)
    }

    pub fn step(&self, id: StepId) -> Option<(&Goal, &Step)> {
        self.goals.iter().find_map(|d| d.steps.iter().find(|s| s.id == id).map(|s| (d, s)))
    }

    /// Has the resident allowed helpers to tick off steps?
    pub fn helpers_may_tick_off(&self) -> bool {
        self.helpers_may_tick_off
    }

    /// Suggestions waiting for the resident.
    pub fn open_suggestions(&self) -> usize {
        self.goals.iter().flat_map(|d| &d.steps).filter(|s| s.status == StepStatus::Suggested).count()
    }

    /// Checked after every operation: a broken invariant here is a bug in
    /// this module, not bad input.
    fn assert_invariants(&self) {
        assert!(self.goals.len() <= MAX_GOALS);
        assert!(self.open_suggestions() <= MAX_OPEN_SUGGESTIONS);
        let mut ids = BTreeSet::new();
        for d in &self.goals {
            assert!(d.steps.len() <= MAX_STEPS_PER_GOAL);
            assert!(ids.insert(d.id.0) && d.id.0 < self.next_id);
            for s in &d.steps {
                assert!(ids.insert(s.id.0) && s.id.0 < self.next_id);
                let done = s.status == StepStatus::Done;
                assert_eq!(done, s.done_on.is_some());
                assert_eq!(done, s.ticked_off_by.is_some());
                assert!(s.status != StepStatus::Suggested || s.suggested_by.is_some());
            }
        }
    }

    fn allow(&self, role: Role, op: Operation) -> Result<(), Error> {
        if may(role, op, self.helpers_may_tick_off) { Ok(()) } else { Err(refusal(role, op)) }
    }

    fn take_id(&mut self) -> Result<u32, Error> {
        let id = self.next_id;
        self.next_id = id
            .checked_add(1)
            .ok_or_else(|| Error::new("doelen", Problem::OutOfRange { min: 0, max: i64::from(u32::MAX - 1) }))?;
        Ok(id)
    }

    fn goal_index(&self, id: GoalId) -> Result<usize, Error> {
        self.goals
            .iter()
            .position(|d| d.id == id)
            .ok_or_else(|| Error::new(format!("doel {}", id.0), Problem::NotFound))
    }

    fn step_slot(&self, id: StepId) -> Result<StepSlot, Error> {
        self.goals
            .iter()
            .enumerate()
            .find_map(|(i, d)| d.steps.iter().position(|s| s.id == id).map(|j| (i, j)))
            .ok_or_else(|| Error::new(format!("stap {}", id.0), Problem::NotFound))
    }

    fn check_planned(field: &str, today: Date, planned: Date) -> Result<(), Error> {
        if let Some(earliest) = plus_days(today, -MAX_DAYS_BACK)
            && planned < earliest
        {
            return Err(Error::new(field, Problem::TooEarly { date: planned, earliest }));
        }
        if let Some(latest) = plus_days(today, MAX_DAYS_AHEAD)
            && planned > latest
        {
            return Err(Error::new(field, Problem::TooLate { date: planned, latest }));
        }
        Ok(())
    }

    /// The resident adds a goal in a domain on `today`.
    pub fn add_goal(&mut self, by: Role, today: Date, domain: Domain, title: &str) -> Result<GoalId, Error> {
        self.allow(by, Operation::AddGoal)?;
        let title = free_text("titel", title, MAX_TITLE, true)?;
        if self.goals.len() >= MAX_GOALS {
            return Err(Error::new("doelen", Problem::TooMany { max: MAX_GOALS }));
        }
        let id = GoalId(self.take_id()?);
        self.goals.push(Goal { id, domain, title, created: today, reached_on: None, steps: Vec::new() });
        self.assert_invariants();
        Ok(id)
    }

    /// The resident renames a goal or moves it to another domain.
    pub fn change_goal(&mut self, by: Role, goal: GoalId, domain: Domain, title: &str) -> Result<(), Error> {
        self.allow(by, Operation::ChangeGoal)?;
        let i = self.goal_index(goal)?;
        let title = free_text("titel", title, MAX_TITLE, true)?;
        let d = &mut self.goals[i];
        d.domain = domain;
        d.title = title;
        self.assert_invariants();
        Ok(())
    }

    /// The resident removes a goal with all its steps; returns what was removed.
    pub fn remove_goal(&mut self, by: Role, goal: GoalId) -> Result<Goal, Error> {
        self.allow(by, Operation::RemoveGoal)?;
        let i = self.goal_index(goal)?;
        let removed = self.goals.remove(i);
        self.assert_invariants();
        Ok(removed)
    }

    /// The resident says the goal is reached on a date, or (`None`) not yet.
    pub fn set_goal_reached(&mut self, by: Role, goal: GoalId, reached_on: Option<Date>) -> Result<(), Error> {
        self.allow(by, Operation::SetGoalReached)?;
        let i = self.goal_index(goal)?;
        if let Some(date) = reached_on
            && date < self.goals[i].created
        {
            return Err(Error::new("bereikt_op", Problem::TooEarly { date, earliest: self.goals[i].created }));
        }
        self.goals[i].reached_on = reached_on;
        self.assert_invariants();
        Ok(())
    }

    fn push_step(&mut self, i: usize, step: impl FnOnce(StepId) -> Step) -> Result<StepId, Error> {
        if self.goals[i].steps.len() >= MAX_STEPS_PER_GOAL {
            return Err(Error::new(format!("doelen[{i}].stappen"), Problem::TooMany { max: MAX_STEPS_PER_GOAL }));
        }
        let id = StepId(self.take_id()?);
        self.goals[i].steps.push(step(id));
        self.assert_invariants();
        Ok(id)
    }

    /// The resident adds a step to a goal on `today`, planned for `planned`.
    pub fn add_step(
        &mut self,
        by: Role,
        today: Date,
        goal: GoalId,
        text: &str,
        planned: Date,
    ) -> Result<StepId, Error> {
        self.allow(by, Operation::AddStep)?;
        let i = self.goal_index(goal)?;
        let text = free_text("tekst", text, MAX_STEP_TEXT, true)?;
        Plan::check_planned("gepland", today, planned)?;
        self.push_step(i, |id| Step {
            id,
            text,
            planned,
            created: today,
            status: StepStatus::Open,
            suggested_by: None,
            done_on: None,
            ticked_off_by: None,
        })
    }

    /// A helper suggests a step; it waits for the resident.
    pub fn suggest_step(
        &mut self,
        by: Role,
        today: Date,
        goal: GoalId,
        text: &str,
        planned: Date,
    ) -> Result<StepId, Error> {
        self.allow(by, Operation::SuggestStep)?;
        let i = self.goal_index(goal)?;
        let text = free_text("tekst", text, MAX_STEP_TEXT, true)?;
        Plan::check_planned("gepland", today, planned)?;
        if self.open_suggestions() >= MAX_OPEN_SUGGESTIONS {
            return Err(Error::new(
                "voorstellen",
                Problem::WrongState {
                    nl: "Er liggen al 10 voorstellen klaar. Wacht tot de deelnemer daar iets over heeft gezegd.",
                    en: "There are already 10 suggestions waiting. Wait until the resident has responded to them.",
                },
            ));
        }
        self.push_step(i, |id| Step {
            id,
            text,
            planned,
            created: today,
            status: StepStatus::Suggested,
            suggested_by: Some(by),
            done_on: None,
            ticked_off_by: None,
        })
    }

    /// The resident changes a step's text or planned date (also a suggestion,
    /// before accepting it). The planned date is checked against the day the
    /// step was made.
    pub fn change_step(&mut self, by: Role, step: StepId, text: &str, planned: Date) -> Result<(), Error> {
        self.allow(by, Operation::ChangeStep)?;
        let (i, j) = self.step_slot(step)?;
        let text = free_text("tekst", text, MAX_STEP_TEXT, true)?;
        Plan::check_planned("gepland", self.goals[i].steps[j].created, planned)?;
        let s = &mut self.goals[i].steps[j];
        s.text = text;
        s.planned = planned;
        self.assert_invariants();
        Ok(())
    }

    /// The resident removes a step.
    pub fn remove_step(&mut self, by: Role, step: StepId) -> Result<(), Error> {
        self.allow(by, Operation::RemoveStep)?;
        let (i, j) = self.step_slot(step)?;
        self.goals[i].steps.remove(j);
        self.assert_invariants();
        Ok(())
    }

    fn suggestion(&self, step: StepId) -> Result<StepSlot, Error> {
        let (i, j) = self.step_slot(step)?;
        if self.goals[i].steps[j].status != StepStatus::Suggested {
            return Err(Error::new(
                format!("stap {}", step.0),
                Problem::WrongState {
                    nl: "Deze stap is geen voorstel (meer).",
                    en: "This step is not (or no longer) a suggestion.",
                },
            ));
        }
        Ok((i, j))
    }

    /// The resident takes a suggestion into the plan.
    pub fn accept_suggestion(&mut self, by: Role, step: StepId) -> Result<(), Error> {
        self.allow(by, Operation::AcceptSuggestion)?;
        let (i, j) = self.suggestion(step)?;
        self.goals[i].steps[j].status = StepStatus::Open;
        self.assert_invariants();
        Ok(())
    }

    /// The resident declines a suggestion: it is removed.
    pub fn decline_suggestion(&mut self, by: Role, step: StepId) -> Result<(), Error> {
        self.allow(by, Operation::DeclineSuggestion)?;
        let (i, j) = self.suggestion(step)?;
        self.goals[i].steps.remove(j);
        self.assert_invariants();
        Ok(())
    }

    /// Ticks off a step as done on `done_on`: the resident, or a helper when
    /// the resident allowed it. A suggestion must be accepted first.
    pub fn tick_off_step(&mut self, by: Role, step: StepId, done_on: Date) -> Result<(), Error> {
        self.allow(by, Operation::TickOffStep)?;
        let (i, j) = self.step_slot(step)?;
        let s = &self.goals[i].steps[j];
        match s.status {
            StepStatus::Open => {}
            StepStatus::Suggested => {
                return Err(Error::new(
                    format!("stap {}", step.0),
                    Problem::WrongState {
                        nl: "Dit is nog een voorstel. De deelnemer neemt het eerst op in het plan.",
                        en: "This is still a suggestion. The resident first takes it into the plan.",
                    },
                ));
            }
            StepStatus::Done => {
                return Err(Error::new(
                    format!("stap {}", step.0),
                    Problem::WrongState { nl: "Deze stap is al afgevinkt.", en: "This step is already ticked off." },
                ));
            }
        }
        if let Some(earliest) = plus_days(s.created, -MAX_DAYS_BACK)
            && done_on < earliest
        {
            return Err(Error::new("gedaan_op", Problem::TooEarly { date: done_on, earliest }));
        }
        let s = &mut self.goals[i].steps[j];
        s.status = StepStatus::Done;
        s.done_on = Some(done_on);
        s.ticked_off_by = Some(by);
        self.assert_invariants();
        Ok(())
    }

    /// Undoes a tick (a mistake): the same people as for ticking off.
    pub fn undo_tick_off(&mut self, by: Role, step: StepId) -> Result<(), Error> {
        self.allow(by, Operation::UndoTickOff)?;
        let (i, j) = self.step_slot(step)?;
        if self.goals[i].steps[j].status != StepStatus::Done {
            return Err(Error::new(
                format!("stap {}", step.0),
                Problem::WrongState { nl: "Deze stap is niet afgevinkt.", en: "This step is not ticked off." },
            ));
        }
        let s = &mut self.goals[i].steps[j];
        s.status = StepStatus::Open;
        s.done_on = None;
        s.ticked_off_by = None;
        self.assert_invariants();
        Ok(())
    }

    /// The resident allows (or no longer allows) helpers to tick off steps.
    pub fn allow_ticking_off(&mut self, by: Role, allowed: bool) -> Result<(), Error> {
        self.allow(by, Operation::AllowTickingOff)?;
        self.helpers_may_tick_off = allowed;
        self.assert_invariants();
        Ok(())
    }
}

/// Steps planned and done in one month in one domain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepCount {
    /// Steps in the plan (not suggestions) planned for this month.
    pub planned: u32,
    /// Steps ticked off in this month.
    pub done: u32,
}

/// One month of progress, per domain in the order of [`Domain::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthProgress {
    pub year: i16,
    pub month: i8,
    pub per_domain: [StepCount; 5],
}

impl MonthProgress {
    pub fn domain(&self, d: Domain) -> StepCount {
        self.per_domain[d.index()]
    }

    pub fn total(&self) -> StepCount {
        self.per_domain
            .iter()
            .fold(StepCount::default(), |a, t| StepCount { planned: a.planned + t.planned, done: a.done + t.done })
    }
}

fn month_number(d: Date) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month()) - 1
}

/// Steps planned and done per domain per month, for the months from `from`
/// to `to` (both included). Suggestions not yet accepted do not count: they
/// are not (yet) the resident's plan.
pub fn progress(plan: &Plan, from: Date, to: Date) -> Result<Vec<MonthProgress>, Error> {
    if to < from {
        return Err(Error::new("tot", Problem::TooEarly { date: to, earliest: from }));
    }
    let first = month_number(from);
    let count = month_number(to) - first + 1;
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    if count > MAX_MONTHS {
        return Err(Error::new("tot", Problem::OutOfRange { min: 1, max: i64::try_from(MAX_MONTHS).unwrap_or(0) }));
    }
    let mut months: Vec<MonthProgress> = (0..count)
        .map(|k| {
            let n = first + i64::try_from(k).unwrap_or(0);
            MonthProgress {
                year: i16::try_from(n.div_euclid(12)).unwrap_or(0),
                month: i8::try_from(n.rem_euclid(12) + 1).unwrap_or(1),
                per_domain: [StepCount::default(); 5],
            }
        })
        .collect();
    let slot = |d: Date| usize::try_from(month_number(d) - first).ok().filter(|k| *k < count);
    for goal in plan.goals() {
        let di = goal.domain.index();
        for s in goal.steps.iter().filter(|s| s.status != StepStatus::Suggested) {
            if let Some(k) = slot(s.planned) {
                months[k].per_domain[di].planned += 1;
            }
            if let Some(k) = s.done_on.and_then(slot) {
                months[k].per_domain[di].done += 1;
            }
        }
    }
    Ok(months)
}

/// Reads a domain key from a form or storage, with the field named.
pub fn parse_domain(field: &str, key: &str) -> Result<Domain, Error> {
    Domain::from_key(key).ok_or_else(|| unknown_key(field, key, &Domain::KEYS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    const D: Date = date(2026, 3, 1);

    fn plan_with_step(allow: bool) -> (Plan, GoalId, StepId) {
        let mut p = Plan::default();
        let g = p.add_goal(Role::Deelnemer, D, Domain::FinancesAndDebts, "Overzicht in mijn schulden");
        let g = g.unwrap_or_else(|e| panic!("{e}"));
        let s = p.add_step(Role::Deelnemer, D, g, "Alle brieven in één map", date(2026, 3, 15));
        let s = s.unwrap_or_else(|e| panic!("{e}"));
        if allow {
            assert!(p.allow_ticking_off(Role::Deelnemer, true).is_ok());
        }
        (p, g, s)
    }

    /// One attempt of `op` by `role` on a fresh plan; true when it succeeded.
    fn attempt(role: Role, op: Operation, allow: bool) -> bool {
        let (mut p, g, s) = plan_with_step(allow);
        // A suggestion to accept or decline, made by a helper.
        let v = p.suggest_step(Role::Buddy, D, g, "Bellen met de GKB", date(2026, 3, 20));
        let v = v.unwrap_or_else(|e| panic!("{e}"));
        // A done step to untick.
        let done = p.add_step(Role::Deelnemer, D, g, "Afspraak maken", D).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.tick_off_step(Role::Deelnemer, done, D).is_ok());
        let before = p.clone();
        let result = match op {
            Operation::AddGoal => p.add_goal(role, D, Domain::WellBeing, "Elke dag wandelen").map(|_| ()),
            Operation::ChangeGoal => p.change_goal(role, g, Domain::FinancesAndDebts, "Rust in mijn geld"),
            Operation::RemoveGoal => p.remove_goal(role, g).map(|_| ()),
            Operation::SetGoalReached => p.set_goal_reached(role, g, Some(D)),
            Operation::AddStep => p.add_step(role, D, g, "Nog een stap", D).map(|_| ()),
            Operation::ChangeStep => p.change_step(role, s, "Andere tekst", D),
            Operation::RemoveStep => p.remove_step(role, s),
            Operation::SuggestStep => p.suggest_step(role, D, g, "Een idee", D).map(|_| ()),
            Operation::AcceptSuggestion => p.accept_suggestion(role, v),
            Operation::DeclineSuggestion => p.decline_suggestion(role, v),
            Operation::TickOffStep => p.tick_off_step(role, s, D),
            Operation::UndoTickOff => p.undo_tick_off(role, done),
            Operation::AllowTickingOff => p.allow_ticking_off(role, !allow),
        };
        match result {
            Ok(()) => {
                assert_ne!(p, before, "{op:?} by {role:?} succeeded but changed nothing");
                true
            }
            Err(e) => {
                assert!(matches!(e.problem, Problem::NotAllowed { .. }), "{op:?} by {role:?}: {e}");
                assert_eq!(p, before, "a refused operation changed the plan");
                false
            }
        }
    }

    /// The ownership rule, role × operation × (ticking allowed or not),
    /// written out in full so a reviewer reads the rule, not code.
    #[test]
    fn ownership_table() {
        use Operation::*;
        // (operation, deelnemer, helper without permission, helper with permission)
        let table: [(Operation, bool, bool, bool); 13] = [
            (AddGoal, true, false, false),
            (ChangeGoal, true, false, false),
            (RemoveGoal, true, false, false),
            (SetGoalReached, true, false, false),
            (AddStep, true, false, false),
            (ChangeStep, true, false, false),
            (RemoveStep, true, false, false),
            (SuggestStep, false, true, true),
            (AcceptSuggestion, true, false, false),
            (DeclineSuggestion, true, false, false),
            (TickOffStep, true, false, true),
            (UndoTickOff, true, false, true),
            (AllowTickingOff, true, false, false),
        ];
        for (op, resident, helper_no, helper_yes) in table {
            for role in Role::ALL {
                for allow in [false, true] {
                    let expected = if role == Role::Deelnemer {
                        resident
                    } else if HELPERS.contains(&role) {
                        if allow { helper_yes } else { helper_no }
                    } else {
                        false
                    };
                    assert_eq!(may(role, op, allow), expected, "mag({role:?}, {op:?}, {allow})");
                    assert_eq!(attempt(role, op, allow), expected, "{role:?} {op:?} allowed={allow}");
                }
            }
        }
    }

    #[test]
    fn refusals_explain_in_both_languages() {
        let (mut p, g, s) = plan_with_step(false);
        let e = p.remove_goal(Role::Klantmanager, g).err().unwrap_or_else(|| panic!("refused"));
        assert!(e.message_nl().contains("alleen de deelnemer zelf"), "{}", e.message_nl());
        assert!(e.message_en().contains("belongs to the resident"));
        let e = p.tick_off_step(Role::Buddy, s, D).err().unwrap_or_else(|| panic!("refused"));
        assert!(e.message_nl().contains("niet toegestaan"), "{}", e.message_nl());
        let e = p.suggest_step(Role::Onderzoeker, D, g, "x", D).err().unwrap_or_else(|| panic!("refused"));
        assert!(e.message_nl().starts_with("Veld `rol`: als onderzoeker mag u dit niet doen."), "{}", e.message_nl());
    }

    #[test]
    fn suggestions_wait_for_the_resident() {
        let (mut p, g, _) = plan_with_step(true);
        let v = p.suggest_step(Role::Buddy, D, g, "Samen naar de GKB", D).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.open_suggestions(), 1);
        // Not even an allowed helper can tick off a suggestion.
        assert!(matches!(p.tick_off_step(Role::Buddy, v, D).map_err(|e| e.problem), Err(Problem::WrongState { .. })));
        assert!(p.accept_suggestion(Role::Deelnemer, v).is_ok());
        assert_eq!(p.step(v).map(|(_, s)| (s.status, s.suggested_by)), Some((StepStatus::Open, Some(Role::Buddy))));
        assert!(p.tick_off_step(Role::Buddy, v, D).is_ok());
        assert_eq!(p.step(v).map(|(_, s)| s.ticked_off_by), Some(Some(Role::Buddy)));
        // Accepting twice is a state error.
        assert!(matches!(
            p.accept_suggestion(Role::Deelnemer, v).map_err(|e| e.problem),
            Err(Problem::WrongState { .. })
        ));
        // A declined suggestion is gone.
        let w = p.suggest_step(Role::Klantmanager, D, g, "Solliciteren", D).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.decline_suggestion(Role::Deelnemer, w).is_ok());
        assert!(p.step(w).is_none());
    }

    #[test]
    fn bounds_are_enforced() {
        let mut p = Plan::default();
        for i in 0..MAX_GOALS {
            assert!(p.add_goal(Role::Deelnemer, D, Domain::WellBeing, &format!("Doel {i}")).is_ok());
        }
        assert_eq!(
            p.add_goal(Role::Deelnemer, D, Domain::WellBeing, "Eén te veel").map_err(|e| e.problem),
            Err(Problem::TooMany { max: MAX_GOALS })
        );
        let g = p.goals()[0].id;
        for i in 0..MAX_STEPS_PER_GOAL {
            if i < MAX_OPEN_SUGGESTIONS {
                assert!(p.suggest_step(Role::Buddy, D, g, "idee", D).is_ok());
            } else {
                assert!(p.add_step(Role::Deelnemer, D, g, &format!("stap {i}"), D).is_ok());
            }
        }
        assert!(p.add_step(Role::Deelnemer, D, g, "te veel", D).is_err());
        let g2 = p.goals()[1].id;
        assert!(matches!(
            p.suggest_step(Role::Buddy, D, g2, "nog een idee", D).map_err(|e| e.problem),
            Err(Problem::WrongState { .. })
        ));
        // Text bounds and date bounds.
        let long = "x".repeat(MAX_TITLE + 1);
        assert_eq!(
            p.change_goal(Role::Deelnemer, g2, Domain::WellBeing, &long).map_err(|e| (e.field, e.problem)),
            Err(("titel".to_owned(), Problem::TooLong { max_chars: MAX_TITLE }))
        );
        assert!(matches!(
            p.add_step(Role::Deelnemer, D, g2, "ver weg", date(2030, 1, 1)).map_err(|e| e.problem),
            Err(Problem::TooLate { .. })
        ));
        assert!(matches!(
            p.add_step(Role::Deelnemer, D, g2, "lang geleden", date(2020, 1, 1)).map_err(|e| e.problem),
            Err(Problem::TooEarly { .. })
        ));
        assert!(matches!(
            p.add_step(Role::Deelnemer, D, GoalId(9999), "x", D).map_err(|e| e.problem),
            Err(Problem::NotFound)
        ));
    }

    #[test]
    fn stored_plans_are_checked() {
        let (p, _, _) = plan_with_step(false);
        let again = Plan::from_parts(p.goals().to_vec(), false, p.next_id());
        assert_eq!(again.as_ref().ok(), Some(&p));
        let mut broken = p.goals().to_vec();
        broken[0].steps[0].status = StepStatus::Done;
        assert!(matches!(
            Plan::from_parts(broken, false, p.next_id()).map_err(|e| e.problem),
            Err(Problem::WrongState { .. })
        ));
        let mut twice = p.goals().to_vec();
        twice[0].steps[0].id = StepId(twice[0].id.0);
        assert!(matches!(
            Plan::from_parts(twice, false, p.next_id()).map_err(|e| e.problem),
            Err(Problem::Duplicate { .. })
        ));
        let mut wrong = p.goals().to_vec();
        wrong[0].steps[0].status = StepStatus::Suggested;
        wrong[0].steps[0].suggested_by = Some(Role::Deelnemer);
        assert!(Plan::from_parts(wrong, false, p.next_id()).is_err());
        assert!(
            matches!(Plan::from_parts(p.goals().to_vec(), false, 1).map_err(|e| e.field), Err(f) if f == "volgend_id")
        );
        // New ids continue above the stored ones.
        let mut q = Plan::from_parts(p.goals().to_vec(), false, p.next_id()).unwrap_or_default();
        let id = q.add_goal(Role::Deelnemer, D, Domain::Education, "mbo 4").unwrap_or(GoalId(0));
        assert!(id.0 > p.goals()[0].steps[0].id.0);
    }

    #[test]
    fn progress_per_domain_per_month() {
        let (mut p, g, s) = plan_with_step(false);
        assert!(p.tick_off_step(Role::Deelnemer, s, date(2026, 4, 2)).is_ok());
        let o = p.add_goal(Role::Deelnemer, D, Domain::Education, "mbo 4").unwrap_or(GoalId(0));
        assert!(p.add_step(Role::Deelnemer, D, o, "Inschrijven", date(2026, 4, 10)).is_ok());
        assert!(p.suggest_step(Role::Buddy, D, g, "Voorstel telt niet", date(2026, 4, 10)).is_ok());
        let v = progress(&p, date(2026, 3, 1), date(2026, 5, 31)).unwrap_or_default();
        assert_eq!(v.len(), 3);
        assert_eq!((v[0].year, v[0].month), (2026, 3));
        assert_eq!(v[0].domain(Domain::FinancesAndDebts), StepCount { planned: 1, done: 0 });
        assert_eq!(v[1].domain(Domain::FinancesAndDebts), StepCount { planned: 0, done: 1 });
        assert_eq!(v[1].domain(Domain::Education), StepCount { planned: 1, done: 0 });
        assert_eq!(v[2].total(), StepCount::default());
        assert!(progress(&p, date(2026, 3, 1), date(2036, 3, 1)).is_err());
        assert!(progress(&p, date(2026, 3, 1), date(2026, 2, 1)).is_err());
    }

    #[test]
    fn keys_round_trip() {
        for d in Domain::ALL {
            assert_eq!(Domain::from_key(d.key()), Some(d));
            assert_eq!(Domain::ALL[d.index()], d);
            assert!(!d.horizon(Lang::Nl).is_empty());
        }
        for s in StepStatus::ALL {
            assert_eq!(StepStatus::from_key(s.key()), Some(s));
        }
        for o in Operation::ALL {
            assert_eq!(Operation::from_key(o.key()), Some(o));
        }
        assert!(parse_domain("domein", "geluk").is_err());
    }

    #[derive(Clone, Debug)]
    enum Act {
        AddGoal(u8),
        AddStep(u8, i16),
        Suggest(u8, u8, i16),
        Accept(u8),
        Decline(u8),
        Tick(u8, u8, i16),
        Untick(u8, u8),
        Allow(bool),
        RemoveGoal(u8),
    }

    fn act() -> impl Strategy<Value = Act> {
        prop_oneof![
            (0u8..5).prop_map(Act::AddGoal),
            (0u8..30, -400i16..800).prop_map(|(g, d)| Act::AddStep(g, d)),
            (0u8..7, 0u8..30, 0i16..100).prop_map(|(r, g, d)| Act::Suggest(r, g, d)),
            (0u8..60).prop_map(Act::Accept),
            (0u8..60).prop_map(Act::Decline),
            (0u8..7, 0u8..60, 0i16..100).prop_map(|(r, s, d)| Act::Tick(r, s, d)),
            (0u8..7, 0u8..60).prop_map(|(r, s)| Act::Untick(r, s)),
            any::<bool>().prop_map(Act::Allow),
            (0u8..30).prop_map(Act::RemoveGoal),
        ]
    }

    proptest! {
        /// Any sequence of operations keeps the plan's invariants (asserted
        /// inside every operation), keeps it rebuildable from its parts, and
        /// never lets a helper tick off without permission.
        #[test]
        fn random_operations_keep_the_plan_valid(acts in proptest::collection::vec(act(), 0..80)) {
            let mut p = Plan::default();
            let day = |d: i16| plus_days(D, i64::from(d)).unwrap_or(D);
            let steps = |p: &Plan| -> Vec<StepId> { p.goals().iter().flat_map(|d| d.steps.iter().map(|s| s.id)).collect() };
            for a in acts {
                let goal = |p: &Plan, g: u8| p.goals().get(usize::from(g) % p.goals().len().max(1)).map(|d| d.id);
                let step = |p: &Plan, s: u8| { let all = steps(p); all.get(usize::from(s) % all.len().max(1)).copied() };
                match a {
                    Act::AddGoal(d) => { let _ = p.add_goal(Role::Deelnemer, D, Domain::ALL[usize::from(d)], "doel"); }
                    Act::AddStep(g, d) => if let Some(g) = goal(&p, g) { let _ = p.add_step(Role::Deelnemer, D, g, "stap", day(d)); },
                    Act::Suggest(r, g, d) => if let Some(g) = goal(&p, g) { let _ = p.suggest_step(Role::ALL[usize::from(r)], D, g, "idee", day(d)); },
                    Act::Accept(s) => if let Some(s) = step(&p, s) { let _ = p.accept_suggestion(Role::Deelnemer, s); },
                    Act::Decline(s) => if let Some(s) = step(&p, s) { let _ = p.decline_suggestion(Role::Deelnemer, s); },
                    Act::Tick(r, s, d) => if let Some(s) = step(&p, s) {
                        let role = Role::ALL[usize::from(r)];
                        let allowed = p.helpers_may_tick_off();
                        let ok = p.tick_off_step(role, s, day(d)).is_ok();
                        if ok && role != Role::Deelnemer { prop_assert!(allowed && HELPERS.contains(&role)); }
                    },
                    Act::Untick(r, s) => if let Some(s) = step(&p, s) { let _ = p.undo_tick_off(Role::ALL[usize::from(r)], s); },
                    Act::Allow(b) => { let _ = p.allow_ticking_off(Role::Deelnemer, b); }
                    Act::RemoveGoal(g) => if let Some(g) = goal(&p, g) { let _ = p.remove_goal(Role::Deelnemer, g); },
                }
            }
            let rebuilt = Plan::from_parts(p.goals().to_vec(), p.helpers_may_tick_off(), p.next_id());
            prop_assert_eq!(rebuilt.ok(), Some(p.clone()));
            // Every done step is counted once when the months cover all dates.
            let done = p.goals().iter().flat_map(|d| &d.steps).filter(|s| s.status == StepStatus::Done).count();
            let months = progress(&p, date(2025, 1, 1), date(2028, 12, 31)).unwrap_or_default();
            let counted: u32 = months.iter().map(|m| m.total().done).sum();
            prop_assert_eq!(usize::try_from(counted).unwrap_or(0), done);
        }
    }
}
