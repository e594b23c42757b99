//! "Mijn plan": the resident's ladder and goals, for the resident and the
//! people who walk along (issue 6).
//!
//! Authorization per record through `platform::toegang::decide` with
//! `Action::PlanWerken` (the resident their own household, a buddy or
//! WIJ-worker the assigned ones, a caseworker all). What someone may do *in*
//! the plan is the `plan` crate's: the acting role goes into every operation,
//! so a buddy's step becomes a suggestion and ticking off by others needs the
//! resident's permission; refusals come back as messages in both languages.
//! Every view and every change writes a log record before anything personal
//! is shown. Both documents (goals, ladder) are stored with a version
//! (`opslag::PlanStore`); a form carries the version it was made from, and a
//! stale one gets 409 with the person's input kept.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use opslag::{PlanKind, StoreError};
use plan::goals::{self, Domain, GoalId, Operation, Plan, StepId, StepStatus};
use plan::ladder::{self, Answers, Ladder, LadderRecord};
use platform::rol::Role;
use platform::toegang::Action;
use regels::Lang;

use crate::account::{Accounts, account_texts, internal, no_store};
use crate::dossier::{Opened, open_household};
use crate::dossier::{not_found, path_id};
use crate::forms::{sentence, today};
use crate::pages::{FieldError, Texts, lang_of, texts};
use crate::{AppState, STYLESHEETS};

pub const ACTIVITY_PLAN: &str = "urn:ademruimte:verwerking:eigen-plan";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dossiers/{id}/plan", get(show))
        .route("/dossiers/{id}/plan/doel", post(add_goal))
        .route("/dossiers/{id}/plan/stap", post(add_step))
        .route("/dossiers/{id}/plan/doel-wijzigen", post(change_goal))
        .route("/dossiers/{id}/plan/stap-wijzigen", post(change_step))
        .route("/dossiers/{id}/plan/afvinken", post(tick_off))
        .route("/dossiers/{id}/plan/terugdraaien", post(undo_tick))
        .route("/dossiers/{id}/plan/bereikt", post(mark_reached))
        .route("/dossiers/{id}/plan/weghalen", post(remove))
        .route("/dossiers/{id}/plan/voorstel", post(decide_suggestion))
        .route("/dossiers/{id}/plan/afvinken-toestaan", post(allow_ticking_off))
        .route("/dossiers/{id}/plan/ladder", post(place_on_ladder))
}

static LADDER: std::sync::OnceLock<&'static Ladder> = std::sync::OnceLock::new();

/// Chooses the municipality's own ladder for this process (`ademruimte serve
/// --ladder`); the first call wins (later calls return `false`). Without a
/// call the VNG/Divosa participatieladder is used. Histories kept on another
/// ladder are not lost: they show as earlier ladders (`plan::ladder::record`).
pub fn set_ladder(ladder: Ladder) -> bool {
    // One ladder per process, chosen once at start: leaking it is the
    // simplest way to hand out `&'static` without a lock on every page.
    LADDER.set(Box::leak(Box::new(ladder))).is_ok()
}

/// The ladder in use.
pub fn the_ladder() -> &'static Ladder {
    LADDER.get_or_init(Ladder::participatieladder)
}

pub struct PlanTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub ladder_title: &'static str,
    pub ladder_empty: &'static str,
    pub ladder_form_title: &'static str,
    pub ladder_form_intro: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub place: &'static str,
    pub reasons_title: &'static str,
    pub goals_title: &'static str,
    pub no_goals: &'static str,
    pub no_steps: &'static str,
    pub planned: &'static str,
    pub done_on: &'static str,
    pub suggested_by: &'static str,
    pub tick_off: &'static str,
    pub undo_tick: &'static str,
    pub remove_step: &'static str,
    pub remove_goal: &'static str,
    pub reached_on: &'static str,
    pub mark_reached: &'static str,
    pub mark_not_reached: &'static str,
    pub accept: &'static str,
    pub decline: &'static str,
    pub add_goal_title: &'static str,
    pub domain: &'static str,
    pub goal_title: &'static str,
    pub goal_title_hint: &'static str,
    pub add_goal: &'static str,
    pub add_step_title: &'static str,
    pub suggest_step_title: &'static str,
    pub suggest_intro: &'static str,
    pub goal: &'static str,
    pub step_text: &'static str,
    pub step_planned: &'static str,
    pub step_planned_hint: &'static str,
    pub add_step: &'static str,
    pub suggest_step: &'static str,
    pub allow_title: &'static str,
    pub allowed_now: &'static str,
    pub not_allowed_now: &'static str,
    pub allow: &'static str,
    pub disallow: &'static str,
    pub saved: &'static str,
    pub conflict: &'static str,
    pub not_a_date: &'static str,
    pub choose_goal: &'static str,
    pub choose_domain: &'static str,
    pub back: &'static str,
    pub plan_link: &'static str,
    pub change_goal: &'static str,
    pub change_step: &'static str,
    pub save_change: &'static str,
    pub new_domain: &'static str,
    pub new_goal_title: &'static str,
    pub new_step_text: &'static str,
    pub new_step_planned: &'static str,
}

const NL: PlanTexts = PlanTexts {
    title: "Mijn plan",
    intro: "Dit plan is van de deelnemer. U kiest zelf uw doelen en maakt ze klein: stap voor stap, met een datum. Uw buddy of klantmanager mag een stap voorstellen. U beslist of die stap in uw plan komt.",
    ladder_title: "Waar staat u op de ladder?",
    ladder_empty: "Er staat nog geen plek op de ladder. Beantwoord de vragen hieronder.",
    ladder_form_title: "Vragen over de ladder",
    ladder_form_intro: "Beantwoord elke vraag met ja of nee. Dan ziet u op welke trede u staat, en waarom.",
    yes: "Ja",
    no: "Nee",
    place: "Plek op de ladder bepalen",
    reasons_title: "Waarom deze trede",
    goals_title: "Doelen en stappen",
    no_goals: "Er zijn nog geen doelen.",
    no_steps: "Nog geen stappen.",
    planned: "gepland op",
    done_on: "gedaan op",
    suggested_by: "voorgesteld door",
    tick_off: "Afvinken",
    undo_tick: "Toch nog niet gedaan",
    remove_step: "Stap weghalen",
    remove_goal: "Doel weghalen",
    reached_on: "Bereikt op",
    mark_reached: "Dit doel is bereikt",
    mark_not_reached: "Toch nog niet bereikt",
    accept: "Ja, opnemen in het plan",
    decline: "Nee, niet doen",
    add_goal_title: "Een doel toevoegen",
    domain: "Gebied",
    goal_title: "Wat wilt u bereiken?",
    goal_title_hint: "Bijvoorbeeld: rust in mijn geld. Hoogstens 120 tekens.",
    add_goal: "Doel toevoegen",
    add_step_title: "Een stap toevoegen",
    suggest_step_title: "Een stap voorstellen",
    suggest_intro: "De deelnemer beslist of de stap in het plan komt.",
    goal: "Bij welk doel?",
    step_text: "Wat is de stap?",
    step_planned: "Wanneer?",
    step_planned_hint: "Een datum, bijvoorbeeld 2026-12-01 (jaar-maand-dag).",
    add_step: "Stap toevoegen",
    suggest_step: "Stap voorstellen",
    allow_title: "Afvinken door anderen",
    allowed_now: "Uw buddy, WIJ-medewerker en klantmanager mogen nu stappen voor u afvinken.",
    not_allowed_now: "Alleen u vinkt stappen af. U kunt uw buddy, WIJ-medewerker en klantmanager toestaan dat ook te doen.",
    allow: "Ja, zij mogen afvinken",
    disallow: "Nee, alleen ik vink af",
    saved: "Opgeslagen.",
    conflict: "Iemand anders heeft het plan intussen gewijzigd. Er is niets opgeslagen. Bekijk het plan hieronder. Uw invoer staat nog in het formulier; kies opnieuw.",
    not_a_date: "Dit is geen datum. Schrijf de datum als jaar-maand-dag, bijvoorbeeld 2026-12-01.",
    choose_goal: "Kies een doel. Maak eerst een doel als er nog geen is.",
    choose_domain: "Dit gebied kennen we niet. Kies een gebied uit de lijst.",
    back: "Terug naar het dossier",
    plan_link: "Naar het plan (ladder en doelen)",
    change_goal: "Doel wijzigen",
    change_step: "Stap wijzigen",
    save_change: "Wijziging opslaan",
    new_domain: "Ander gebied",
    new_goal_title: "Nieuwe naam van het doel",
    new_step_text: "Nieuwe tekst van de stap",
    new_step_planned: "Nieuwe datum",
};

const EN: PlanTexts = PlanTexts {
    title: "My plan",
    intro: "This plan belongs to the resident. You choose your own goals and make them small: step by step, with a date. Your buddy or caseworker may suggest a step. You decide whether it goes into your plan.",
    ladder_title: "Where are you on the ladder?",
    ladder_empty: "There is no place on the ladder yet. Answer the questions below.",
    ladder_form_title: "Questions about the ladder",
    ladder_form_intro: "Answer each question with yes or no. You then see which rung you are on, and why.",
    yes: "Yes",
    no: "No",
    place: "Find my place on the ladder",
    reasons_title: "Why this rung",
    goals_title: "Goals and steps",
    no_goals: "There are no goals yet.",
    no_steps: "No steps yet.",
    planned: "planned for",
    done_on: "done on",
    suggested_by: "suggested by",
    tick_off: "Tick off",
    undo_tick: "Not done after all",
    remove_step: "Remove step",
    remove_goal: "Remove goal",
    reached_on: "Reached on",
    mark_reached: "This goal is reached",
    mark_not_reached: "Not reached after all",
    accept: "Yes, add it to the plan",
    decline: "No, do not do it",
    add_goal_title: "Add a goal",
    domain: "Area",
    goal_title: "What do you want to achieve?",
    goal_title_hint: "For example: calm in my finances. At most 120 characters.",
    add_goal: "Add goal",
    add_step_title: "Add a step",
    suggest_step_title: "Suggest a step",
    suggest_intro: "The resident decides whether the step goes into the plan.",
    goal: "For which goal?",
    step_text: "What is the step?",
    step_planned: "When?",
    step_planned_hint: "A date, for example 2026-12-01 (year-month-day).",
    add_step: "Add step",
    suggest_step: "Suggest step",
    allow_title: "Ticking off by others",
    allowed_now: "Your buddy, neighbourhood team worker and caseworker may now tick off steps for you.",
    not_allowed_now: "Only you tick off steps. You can allow your buddy, neighbourhood team worker and caseworker to do so too.",
    allow: "Yes, they may tick off",
    disallow: "No, only I tick off",
    saved: "Saved.",
    conflict: "Someone else changed the plan in the meantime. Nothing was saved. Look at the plan below. What you entered is still in the form; choose again.",
    not_a_date: "This is not a date. Write the date as year-month-day, for example 2026-12-01.",
    choose_goal: "Choose a goal. Make a goal first if there is none yet.",
    choose_domain: "We do not know this area. Choose an area from the list.",
    back: "Back to the dossier",
    plan_link: "To the plan (ladder and goals)",
    change_goal: "Change goal",
    change_step: "Change step",
    save_change: "Save change",
    new_domain: "Other area",
    new_goal_title: "New name of the goal",
    new_step_text: "New text of the step",
    new_step_planned: "New date",
};

pub fn plan_texts(lang: Lang) -> &'static PlanTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

pub struct StepView {
    pub id: u32,
    /// Whether this person may undo the tick (a done step).
    pub can_undo: bool,
    /// Whether this person may remove the step.
    pub can_remove: bool,
    pub text: String,
    pub status: &'static str,
    pub status_key: &'static str,
    pub when: String,
    pub suggested_by: String,
    pub can_tick: bool,
    pub can_decide: bool,
    /// The change form: whether this person may change the step, its
    /// values (the person's input again after an error), errors, and
    /// whether it opens by itself (after an error).
    pub can_change: bool,
    pub f_text: String,
    pub f_planned: String,
    pub e_text: String,
    pub e_planned: String,
    pub open: bool,
}

pub struct GoalView {
    pub id: u32,
    /// "Bereikt op …" when the resident said so; empty otherwise.
    pub reached: String,
    /// Whether this person may mark the goal reached (or not yet), or remove it.
    pub can_mark: bool,
    pub can_remove: bool,
    pub title: String,
    pub steps: Vec<StepView>,
    /// The change form, like [`StepView`]'s.
    pub can_change: bool,
    pub f_domain: String,
    pub f_title: String,
    pub e_domain: String,
    pub e_title: String,
    pub open: bool,
}

pub struct DomainView {
    pub label: &'static str,
    pub progress: String,
    pub goals: Vec<GoalView>,
}

pub struct QuestionView {
    pub key: String,
    pub text: String,
    pub yes: bool,
    pub no: bool,
    pub error: String,
}

/// What a form sent back: the status, a message, errors at their field
/// (by element id), the person's input to show again, a placement's reasons.
#[derive(Default)]
struct Feedback {
    status: Option<StatusCode>,
    notice: String,
    errors: Vec<FieldError>,
    input: HashMap<String, String>,
    reasons: Vec<String>,
}

impl Feedback {
    fn error_at(&self, id: &str) -> String {
        crate::forms::error_at(&self.errors, id)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "plan.html")]
struct PlanPage {
    t: &'static Texts,
    p: &'static PlanTexts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    id: i64,
    name: String,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    goals_version: i64,
    ladder_version: i64,
    svg: String,
    summary: Vec<String>,
    reasons: Vec<String>,
    /// "The answers of … are filled in", when the form starts from them.
    answers_from: String,
    /// Positions on ladders used before, as lines.
    earlier: Vec<String>,
    questions: Vec<QuestionView>,
    can_place: bool,
    domains: Vec<DomainView>,
    /// Progress over time: (month, steps planned for it, steps done in it),
    /// the last twelve months and the next two; empty without steps.
    progress: Vec<(String, u32, u32)>,
    domain_options: Vec<(String, String)>,
    goal_options: Vec<(String, String)>,
    can_add_goal: bool,
    suggests: bool,
    can_step: bool,
    is_resident: bool,
    helpers_may_tick_off: bool,
    f_domain: String,
    f_title: String,
    f_goal: String,
    f_text: String,
    f_planned: String,
    e_domain: String,
    e_title: String,
    e_goal: String,
    e_text: String,
    e_planned: String,
}

/// The two documents as stored, read back through the plan crate's checks.
pub(crate) struct Stored {
    pub(crate) plan: Plan,
    goals_version: i64,
    pub(crate) ladder: LadderRecord,
    ladder_version: i64,
}

fn broken(e: &plan::Error) -> StoreError {
    StoreError::new(
        format!("een opgeslagen plan klopt niet: {}", e.message_nl()),
        format!("a stored plan is not valid: {}", e.message_en()),
        e.field.clone(),
    )
}

pub(crate) async fn load(acc: &Accounts, id: i64) -> Result<Stored, StoreError> {
    let store = acc.dossiers.plans();
    let (plan, goals_version) = match store.get(id, PlanKind::Goals).await? {
        Some(d) => (plan::json::plan_from_json(&d.content).map_err(|e| broken(&e))?, d.version),
        None => (Plan::default(), 0),
    };
    let (ladder, ladder_version) = load_ladder(acc, id).await?;
    Ok(Stored { plan, goals_version, ladder, ladder_version })
}

/// Only the household's ladder record and its version (for pages that need
/// the rung and nothing else of the plan).
pub(crate) async fn load_ladder(acc: &Accounts, id: i64) -> Result<(LadderRecord, i64), StoreError> {
    Ok(match acc.dossiers.plans().get(id, PlanKind::Ladder).await? {
        Some(d) => (plan::json::ladder_record_from_json(the_ladder(), &d.content).map_err(|e| broken(&e))?, d.version),
        None => (LadderRecord::default(), 0),
    })
}

fn role_label(r: Role, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => r.label_nl(),
        Lang::En => r.label_en(),
    }
}

fn date_text(d: Date, lang: Lang) -> String {
    plan::text::date_text(d, lang)
}

#[allow(clippy::too_many_lines)]
async fn render(state: &AppState, headers: &HeaderMap, lang: Lang, id: i64, fb: Feedback) -> Response {
    let here = format!("/dossiers/{id}/plan");
    let Opened { acc, session, actor: _, dossier } =
        match open_household(state, headers, lang, id, &here, Action::PlanWerken, None, "plan lezen", ACTIVITY_PLAN)
            .await
        {
            Ok(o) => o,
            Err(r) => return r,
        };
    let user = &session.user;
    let stored = match load(&acc, id).await {
        Ok(s) => s,
        Err(e) => return internal(lang, &here, &e),
    };
    let p = plan_texts(lang);
    let role = user.role;
    let ladder = the_ladder();
    let allowed = stored.plan.helpers_may_tick_off();

    let summary = match stored.ladder.history().summary() {
        None => vec![p.ladder_empty.to_owned()],
        Some(s) => {
            let name = |n: u8| ladder.rung(n).map_or(String::new(), |r| r.name.get(lang).to_owned());
            match lang {
                Lang::Nl => vec![
                    format!("Nu: trede {} ({}), sinds {}.", s.now.rung, name(s.now.rung), date_text(s.since, lang)),
                    format!(
                        "Begin: trede {} ({}), op {}.",
                        s.first.rung,
                        name(s.first.rung),
                        date_text(s.first.date, lang)
                    ),
                    format!("Hoogste tot nu: trede {} ({}).", s.highest.rung, name(s.highest.rung)),
                    format!("{} treden omhoog en {} omlaag.", s.steps_up, s.steps_down),
                ],
                Lang::En => vec![
                    format!("Now: rung {} ({}), since {}.", s.now.rung, name(s.now.rung), date_text(s.since, lang)),
                    format!(
                        "Start: rung {} ({}), on {}.",
                        s.first.rung,
                        name(s.first.rung),
                        date_text(s.first.date, lang)
                    ),
                    format!("Highest so far: rung {} ({}).", s.highest.rung, name(s.highest.rung)),
                    format!("{} rungs up and {} down.", s.steps_up, s.steps_down),
                ],
            }
        }
    };
    // The form starts from the person's input after an error, or else from
    // the answers behind the latest position: the next conversation starts
    // where the last one ended.
    let from_input = ladder.questions().iter().any(|q| fb.input.contains_key(&format!("vraag_{}", q.key)));
    let last = stored.ladder.latest_answers().filter(|_| !from_input && fb.status.is_none());
    let questions = ladder
        .questions()
        .iter()
        .map(|q| {
            let given = match last {
                Some(a) => a.get(&q.key).map(|yes| if yes { "ja" } else { "nee" }),
                None => fb.input.get(&format!("vraag_{}", q.key)).map(String::as_str),
            };
            QuestionView {
                key: q.key.clone(),
                text: q.text.get(lang).to_owned(),
                yes: given == Some("ja"),
                no: given == Some("nee"),
                error: fb.error_at(&format!("vraag-{}-ja", q.key)),
            }
        })
        .collect();
    let answers_from = match (last, stored.ladder.history().positions().last()) {
        (Some(_), Some(p)) => match lang {
            Lang::Nl => {
                format!("De antwoorden van {} staan al ingevuld. Verander wat nu anders is.", date_text(p.date, lang))
            }
            Lang::En => {
                format!("The answers of {} are filled in. Change what is different now.", date_text(p.date, lang))
            }
        },
        _ => String::new(),
    };
    let earlier: Vec<String> = stored
        .ladder
        .earlier()
        .iter()
        .flat_map(|e| {
            e.positions.iter().map(move |p| match lang {
                Lang::Nl => format!("{}: trede {} op de ladder \"{}\"", date_text(p.date, lang), p.rung, e.ladder),
                Lang::En => format!("{}: rung {} on the ladder \"{}\"", date_text(p.date, lang), p.rung, e.ladder),
            })
        })
        .collect();

    let mut domains = Vec::new();
    for d in Domain::ALL {
        let goals: Vec<GoalView> = stored
            .plan
            .goals()
            .iter()
            .filter(|g| g.domain == d)
            .map(|g| {
                let mine =
                    fb.input.get("doel").is_some_and(|v| v == &g.id.0.to_string()) && fb.input.contains_key("titel");
                let e_title = fb.error_at(&format!("doel-{}-titel", g.id.0));
                let e_domain = fb.error_at(&format!("doel-{}-domein", g.id.0));
                GoalView {
                    id: g.id.0,
                    can_change: goals::may(role, Operation::ChangeGoal, allowed),
                    f_domain: if mine { input_of(&fb, "domein") } else { g.domain.key().to_owned() },
                    f_title: if mine { input_of(&fb, "titel") } else { g.title.clone() },
                    open: mine && fb.status.is_some(),
                    e_domain,
                    e_title,
                    reached: g.reached_on.map_or(String::new(), |d| format!("{} {}", p.reached_on, date_text(d, lang))),
                    can_mark: goals::may(role, Operation::SetGoalReached, allowed),
                    can_remove: goals::may(role, Operation::RemoveGoal, allowed),
                    title: g.title.clone(),
                    steps: g
                        .steps
                        .iter()
                        .map(|s| {
                            let mine = fb.input.get("stap").is_some_and(|v| v == &s.id.0.to_string())
                                && fb.input.contains_key("tekst");
                            StepView {
                                id: s.id.0,
                                can_change: goals::may(role, Operation::ChangeStep, allowed),
                                f_text: if mine { input_of(&fb, "tekst") } else { s.text.clone() },
                                f_planned: if mine { input_of(&fb, "gepland") } else { s.planned.to_string() },
                                e_text: fb.error_at(&format!("stap-{}-tekst", s.id.0)),
                                e_planned: fb.error_at(&format!("stap-{}-gepland", s.id.0)),
                                open: mine && fb.status.is_some(),
                                can_undo: s.status == StepStatus::Done
                                    && goals::may(role, Operation::UndoTickOff, allowed),
                                can_remove: s.status != StepStatus::Suggested
                                    && goals::may(role, Operation::RemoveStep, allowed),
                                text: s.text.clone(),
                                status: s.status.label(lang),
                                status_key: s.status.key(),
                                when: match s.done_on {
                                    Some(done) => format!("{} {}", p.done_on, date_text(done, lang)),
                                    None => format!("{} {}", p.planned, date_text(s.planned, lang)),
                                },
                                suggested_by: s
                                    .suggested_by
                                    .map_or(String::new(), |r| format!("{} {}", p.suggested_by, role_label(r, lang))),
                                can_tick: s.status == StepStatus::Open
                                    && goals::may(role, Operation::TickOffStep, allowed),
                                can_decide: s.status == StepStatus::Suggested
                                    && goals::may(role, Operation::AcceptSuggestion, allowed),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        if goals.is_empty() {
            continue;
        }
        // Progress: steps in the plan (suggestions not yet accepted do not count) and those done.
        let in_plan: Vec<&StepView> =
            goals.iter().flat_map(|g| g.steps.iter()).filter(|s| s.status_key != "voorgesteld").collect();
        let done = in_plan.iter().filter(|s| s.status_key == "gedaan").count();
        let progress = match lang {
            Lang::Nl => format!("{done} van {} stappen gedaan", in_plan.len()),
            Lang::En => format!("{done} of {} steps done", in_plan.len()),
        };
        domains.push(DomainView { label: d.label(lang), progress, goals });
    }
    let progress = progress_rows(&stored.plan, today(), lang);
    let input = |k: &str| fb.input.get(k).cloned().unwrap_or_default();
    let t = texts(lang);
    let mut response = PlanPage {
        progress,
        t,
        p,
        title: format!("{} · {}", p.title, dossier.name),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        id,
        name: dossier.name.clone(),
        notice: fb.notice.clone(),
        csrf: session.csrf.clone(),
        goals_version: stored.goals_version,
        ladder_version: stored.ladder_version,
        svg: ladder::ladder_svg(ladder, stored.ladder.history(), lang),
        answers_from,
        earlier,
        summary,
        reasons: fb.reasons.clone(),
        questions,
        can_place: ladder::history::POSITION_RECORDERS.contains(&role),
        domains,
        domain_options: Domain::ALL.iter().map(|d| (d.key().to_owned(), d.label(lang).to_owned())).collect(),
        goal_options: stored.plan.goals().iter().map(|g| (g.id.0.to_string(), g.title.clone())).collect(),
        can_add_goal: goals::may(role, Operation::AddGoal, allowed),
        suggests: !goals::may(role, Operation::AddStep, allowed),
        can_step: goals::may(role, Operation::AddStep, allowed) || goals::may(role, Operation::SuggestStep, allowed),
        is_resident: goals::may(role, Operation::AllowTickingOff, allowed),
        helpers_may_tick_off: allowed,
        f_domain: input("domein"),
        f_title: input("titel"),
        f_goal: input("doel"),
        f_text: input("tekst"),
        f_planned: input("gepland"),
        e_domain: fb.error_at("doel-domein"),
        e_title: fb.error_at("doel-titel"),
        e_goal: fb.error_at("stap-doel"),
        e_text: fb.error_at("stap-tekst"),
        e_planned: fb.error_at("stap-gepland"),
        errors: fb.errors,
    }
    .into_response();
    *response.status_mut() = fb.status.unwrap_or(StatusCode::OK);
    no_store(response)
}

/// Steps planned and done per month, from eleven months ago to two months
/// ahead (`plan::goals::progress`); empty when the plan has no steps yet.
fn progress_rows(plan: &Plan, today: Date, lang: Lang) -> Vec<(String, u32, u32)> {
    if plan.goals().iter().all(|g| g.steps.is_empty()) {
        return Vec::new();
    }
    let first = today.first_of_month();
    let from = first.checked_sub(jiff::Span::new().months(11)).unwrap_or(first);
    let to = first.checked_add(jiff::Span::new().months(2)).unwrap_or(first);
    goals::progress(plan, from, to)
        .map(|months| {
            months
                .iter()
                .map(|m| {
                    let day = jiff::civil::Date::new(m.year, m.month, 1).unwrap_or(first);
                    let total = m.total();
                    (plan::text::month_text(day, lang), total.planned, total.done)
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn show(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    match path_id(&id) {
        Some(id) => render(&state, &headers, lang, id, Feedback::default()).await,
        None => not_found(lang, "/dossiers"),
    }
}

/// An operation on the goals: `Err` holds the errors for the page.
type GoalsOp = Box<dyn FnOnce(&mut Plan, Role, Date) -> Result<(), Vec<FieldError>> + Send>;
/// An operation on the ladder history: `Ok` holds the placement's reasons.
type LadderOp = Box<dyn FnOnce(&mut LadderRecord, Role, Date) -> Result<Vec<String>, Vec<FieldError>> + Send>;

/// A change of the plan, as the handlers describe it: the operation on the
/// goals (or the ladder), given the acting role, today and the stored plan.
enum Change {
    Goals(GoalsOp),
    Ladder(LadderOp),
}

/// One field error at `id`.
fn at(id: &str, message: String) -> Vec<FieldError> {
    vec![FieldError { field: id.to_owned().into(), message }]
}

/// Is this plan error a refusal because of the role?
fn refused(e: &plan::Error) -> bool {
    matches!(e.problem, plan::Problem::NotAllowed { .. })
}

/// The common path of every form: login, CSRF, the policy, the log record,
/// the version check, the plan crate's operation, the versioned write, and
/// the page again with what happened.
async fn act(
    state: AppState,
    q: HashMap<String, String>,
    headers: HeaderMap,
    id: String,
    form: HashMap<String, String>,
    change: Change,
) -> Response {
    let lang = lang_of(&q);
    let p = plan_texts(lang);
    let Some(id) = path_id(&id) else { return not_found(lang, "/dossiers") };
    let here = format!("/dossiers/{id}/plan");
    let Opened { acc, session, actor: _, dossier: _ } = match open_household(
        &state,
        &headers,
        lang,
        id,
        &here,
        Action::PlanWerken,
        Some(form.get("csrf").map(String::as_str).unwrap_or_default()),
        "plan wijzigen",
        ACTIVITY_PLAN,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let user = &session.user;
    let mut stored = match load(&acc, id).await {
        Ok(s) => s,
        Err(e) => return internal(lang, &here, &e),
    };
    let mut fb = Feedback { input: form.clone(), ..Feedback::default() };
    let sent_version = form.get("versie").and_then(|v| v.parse::<i64>().ok());
    let (kind, current) = match change {
        Change::Goals(_) => (PlanKind::Goals, stored.goals_version),
        Change::Ladder(_) => (PlanKind::Ladder, stored.ladder_version),
    };
    let Some(version) = sent_version else {
        fb.status = Some(StatusCode::BAD_REQUEST);
        fb.notice = account_texts(lang).form_expired.to_owned();
        return render(&state, &headers, lang, id, fb).await;
    };
    if version != current {
        fb.status = Some(StatusCode::CONFLICT);
        fb.notice = p.conflict.to_owned();
        return render(&state, &headers, lang, id, fb).await;
    }
    let (role, day) = (user.role, today());
    let outcome = match change {
        Change::Goals(f) => f(&mut stored.plan, role, day).map(|()| Vec::new()),
        Change::Ladder(f) => f(&mut stored.ladder, role, day),
    };
    let reasons = match outcome {
        Ok(r) => r,
        Err(errors) => {
            let refusal = errors.iter().any(|e| e.field == "weigering");
            fb.status = Some(if refusal { StatusCode::FORBIDDEN } else { StatusCode::BAD_REQUEST });
            if refusal {
                fb.notice = errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" ");
            } else {
                fb.errors = errors;
            }
            return render(&state, &headers, lang, id, fb).await;
        }
    };
    let content = match kind {
        PlanKind::Ladder => plan::json::ladder_record_to_json(the_ladder(), &stored.ladder),
        _ => plan::json::plan_to_json(&stored.plan),
    };
    let now = jiff::Timestamp::now().as_second();
    match acc.dossiers.plans().put(id, kind, version, &content, &user.id, now).await {
        Ok(Ok(_)) => {
            let fb = Feedback { notice: p.saved.to_owned(), reasons, ..Feedback::default() };
            render(&state, &headers, lang, id, fb).await
        }
        Ok(Err(_conflict)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = p.conflict.to_owned();
            render(&state, &headers, lang, id, fb).await
        }
        Err(e) => internal(lang, &here, &e),
    }
}

/// A plan error for the page: a refusal as a message (field `weigering`),
/// anything else at `field_ids`' element for its field, or at `fallback`.
fn placed(e: &plan::Error, lang: Lang, field_ids: &[(&str, &str)], fallback: &str) -> Vec<FieldError> {
    if refused(e) {
        return at("weigering", sentence(e, lang));
    }
    let id = field_ids.iter().find(|(f, _)| *f == e.field).map_or(fallback, |(_, id)| id);
    at(id, sentence(e, lang))
}

fn input_of(fb: &Feedback, key: &str) -> String {
    fb.input.get(key).cloned().unwrap_or_default()
}

fn value(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).cloned().unwrap_or_default()
}

async fn add_goal(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let (domain, title) = (value(&form, "domein"), value(&form, "titel"));
    let change = Change::Goals(Box::new(move |plan, role, today| {
        let mut errors = Vec::new();
        let domain = goals::parse_domain("domein", &domain).ok();
        if domain.is_none() {
            errors.extend(at("doel-domein", plan_texts(lang).choose_domain.to_owned()));
        }
        // The title is checked on a copy even when the domain is wrong, so both errors show at once.
        let mut trial = plan.clone();
        let fields = [("titel", "doel-titel"), ("doelen", "doel-titel")];
        if let Err(e) = trial.add_goal(role, today, domain.unwrap_or(Domain::WellBeing), &title) {
            if refused(&e) {
                return Err(placed(&e, lang, &fields, "doel-titel"));
            }
            errors.extend(placed(&e, lang, &fields, "doel-titel"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        *plan = trial;
        Ok(())
    }));
    act(state, q, headers, id, form, change).await
}

async fn add_step(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let p = plan_texts(lang);
    let (goal, text, planned) = (value(&form, "doel"), value(&form, "tekst"), value(&form, "gepland"));
    let change = Change::Goals(Box::new(move |plan, role, today| {
        let mut errors = Vec::new();
        let goal = goal.trim().parse::<u32>().ok().map(GoalId).filter(|g| plan.goal(*g).is_some());
        if goal.is_none() {
            errors.extend(at("stap-doel", p.choose_goal.to_owned()));
        }
        let date = planned.trim().parse::<Date>().ok();
        if date.is_none() {
            errors.extend(at("stap-gepland", p.not_a_date.to_owned()));
        }
        let fields = [("tekst", "stap-tekst"), ("gepland", "stap-gepland"), ("voorstellen", "stap-tekst")];
        let suggest = !goals::may(role, Operation::AddStep, plan.helpers_may_tick_off());
        let mut trial = plan.clone();
        // With a missing goal or date, the text is still checked (on a goal
        // and date that are valid) so every error shows at once.
        let check_goal = goal.or_else(|| trial.goals().first().map(|g| g.id));
        let check_date = date.unwrap_or(today);
        if let Some(g) = check_goal {
            let r = if suggest {
                trial.suggest_step(role, today, g, &text, check_date)
            } else {
                trial.add_step(role, today, g, &text, check_date)
            };
            if let Err(e) = r {
                if refused(&e) {
                    return Err(placed(&e, lang, &fields, "stap-tekst"));
                }
                errors.extend(placed(&e, lang, &fields, "stap-tekst"));
            }
        } else if text.trim().is_empty() {
            errors.extend(placed(&plan::Error::new("tekst", plan::Problem::Missing), lang, &fields, "stap-tekst"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        *plan = trial;
        Ok(())
    }));
    act(state, q, headers, id, form, change).await
}

fn step_of(form: &HashMap<String, String>) -> StepId {
    StepId(form.get("stap").and_then(|s| s.parse::<u32>().ok()).unwrap_or(0))
}

async fn tick_off(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let step = step_of(&form);
    let change = Change::Goals(Box::new(move |plan, role, today| {
        plan.tick_off_step(role, step, today).map_err(|e| at("weigering", sentence(&e, lang)))
    }));
    act(state, q, headers, id, form, change).await
}

async fn undo_tick(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let step = step_of(&form);
    let change = Change::Goals(Box::new(move |plan, role, _today| {
        plan.undo_tick_off(role, step).map_err(|e| at("weigering", sentence(&e, lang)))
    }));
    act(state, q, headers, id, form, change).await
}

/// The resident says a goal is reached (`bereikt=ja`, today) or not yet (`nee`).
async fn mark_reached(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let goal = GoalId(form.get("doel").and_then(|s| s.parse::<u32>().ok()).unwrap_or(0));
    let reached = form.get("bereikt").map(String::as_str) == Some("ja");
    let change = Change::Goals(Box::new(move |plan, role, today| {
        plan.set_goal_reached(role, goal, reached.then_some(today)).map_err(|e| at("weigering", sentence(&e, lang)))
    }));
    act(state, q, headers, id, form, change).await
}

/// Removes a step (`stap`) or a whole goal (`doel`) from the resident's plan;
/// earlier versions stay in the history.
async fn remove(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let goal = form.get("doel").and_then(|s| s.parse::<u32>().ok()).map(GoalId);
    let step = step_of(&form);
    let change = Change::Goals(Box::new(move |plan, role, _today| {
        let r = match goal {
            Some(g) => plan.remove_goal(role, g).map(|_| ()),
            None => plan.remove_step(role, step),
        };
        r.map_err(|e| at("weigering", sentence(&e, lang)))
    }));
    act(state, q, headers, id, form, change).await
}

async fn decide_suggestion(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let step = step_of(&form);
    let accept = form.get("besluit").map(String::as_str) == Some("ja");
    let change = Change::Goals(Box::new(move |plan, role, _today| {
        let r = if accept { plan.accept_suggestion(role, step) } else { plan.decline_suggestion(role, step) };
        r.map_err(|e| at("weigering", sentence(&e, lang)))
    }));
    act(state, q, headers, id, form, change).await
}

async fn allow_ticking_off(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let allow = form.get("toestaan").map(String::as_str) == Some("ja");
    let change = Change::Goals(Box::new(move |plan, role, _today| {
        plan.allow_ticking_off(role, allow).map_err(|e| at("weigering", sentence(&e, lang)))
    }));
    act(state, q, headers, id, form, change).await
}

async fn place_on_ladder(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let answers: Vec<(String, bool)> = the_ladder()
        .questions()
        .iter()
        .filter_map(|v| match form.get(&format!("vraag_{}", v.key)).map(String::as_str) {
            Some("ja") => Some((v.key.clone(), true)),
            Some("nee") => Some((v.key.clone(), false)),
            _ => None,
        })
        .collect();
    let change = Change::Ladder(Box::new(move |record, role, today| {
        let ladder = the_ladder();
        // A refusal first, before the answers are looked at.
        ladder::record::may_record(role).map_err(|e| at("weigering", sentence(&e, lang)))?;
        let given: Vec<(&str, bool)> = answers.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let answers = match Answers::new(ladder, &given) {
            Ok(a) => a,
            Err(e) => {
                // Every question left open is named at its own field.
                let errors: Vec<FieldError> = ladder
                    .questions()
                    .iter()
                    .filter(|v| {
                        let asked = v.only_if.as_ref().is_none_or(|pre| given.iter().any(|(k, b)| k == pre && *b));
                        asked && !given.iter().any(|(k, _)| *k == v.key)
                    })
                    .map(|v| {
                        let missing = plan::Error::new(format!("antwoorden.{}", v.key), plan::Problem::Missing);
                        FieldError { field: format!("vraag-{}-ja", v.key).into(), message: sentence(&missing, lang) }
                    })
                    .collect();
                return Err(if errors.is_empty() { at("weigering", sentence(&e, lang)) } else { errors });
            }
        };
        // One position per date (placing again today replaces today's), the answers kept with it.
        let placement = record.place(ladder, role, today, answers).map_err(|e| at("weigering", sentence(&e, lang)))?;
        Ok(placement.reasons.iter().map(|r| r.text(lang).to_owned()).collect())
    }));
    act(state, q, headers, id, form, change).await
}

/// The resident renames a goal or moves it to another area (`doel`,
/// `domein`, `titel`); errors show at that goal's own change form.
async fn change_goal(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let goal = GoalId(form.get("doel").and_then(|s| s.trim().parse::<u32>().ok()).unwrap_or(0));
    let (domain, title) = (value(&form, "domein"), value(&form, "titel"));
    let change = Change::Goals(Box::new(move |plan, role, _today| {
        let (domain_id, title_id) = (format!("doel-{}-domein", goal.0), format!("doel-{}-titel", goal.0));
        let domain = goals::parse_domain("domein", &domain).ok();
        let mut errors = Vec::new();
        if domain.is_none() {
            errors.extend(at(&domain_id, plan_texts(lang).choose_domain.to_owned()));
        }
        let current = plan.goal(goal).map(|g| g.domain);
        let mut trial = plan.clone();
        let fields = [("titel", title_id.as_str())];
        if let Err(e) = trial.change_goal(role, goal, domain.or(current).unwrap_or(Domain::WellBeing), &title) {
            if refused(&e) || e.field != "titel" {
                return Err(at("weigering", sentence(&e, lang)));
            }
            errors.extend(placed(&e, lang, &fields, &title_id));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        *plan = trial;
        Ok(())
    }));
    act(state, q, headers, id, form, change).await
}

/// The resident changes a step's text or planned date (`stap`, `tekst`,
/// `gepland`); errors show at that step's own change form.
async fn change_step(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let p = plan_texts(lang);
    let step = step_of(&form);
    let (text, planned) = (value(&form, "tekst"), value(&form, "gepland"));
    let change = Change::Goals(Box::new(move |plan, role, today| {
        let (text_id, planned_id) = (format!("stap-{}-tekst", step.0), format!("stap-{}-gepland", step.0));
        let mut trial = plan.clone();
        let Some(current) = plan.step(step).map(|(_, s)| s.planned) else {
            // No such step (removed meanwhile): the operation says so.
            let e = trial.change_step(role, step, &text, today).err();
            return Err(e.map_or_else(Vec::new, |e| at("weigering", sentence(&e, lang))));
        };
        let mut errors = Vec::new();
        let date = planned.trim().parse::<Date>().ok();
        if date.is_none() {
            errors.extend(at(&planned_id, p.not_a_date.to_owned()));
        }
        // With a date that is not a date, the text is still checked (on the
        // step's own date) so every error shows at once.
        let fields = [("tekst", text_id.as_str()), ("gepland", planned_id.as_str())];
        if let Err(e) = trial.change_step(role, step, &text, date.unwrap_or(current)) {
            if refused(&e) || !matches!(e.field.as_str(), "tekst" | "gepland") {
                return Err(at("weigering", sentence(&e, lang)));
            }
            errors.extend(placed(&e, lang, &fields, &text_id));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        *plan = trial;
        Ok(())
    }));
    act(state, q, headers, id, form, change).await
}
