//! Buddies in the web app (issue 6, item 4).
//!
//! - `/mijn/buddyprofiel`: a buddy keeps their own profile (themes from lived
//!   experience, buurt, languages, hours a week, Buddy Academie date).
//! - `/dossiers/{id}/buddy` (`Action::BuddyKoppelen`): the household's help
//!   request, the ranked suggestions with their explained scores and the
//!   buddies left out with the reason (`plan::buddy::suggestions`), and the
//!   form that links a buddy and a WIJ-worker for at least 12 months.
//! - `/mijn/caseload`: a buddy's (or WIJ-worker's) households with start, end
//!   and reminder date, highlighted once the reminder date has passed.
//! - `/dossiers/{id}/contacten` (`Action::PlanWerken`): the contact log; the
//!   resident sees what the plan crate's visibility rules allow.
//!
//! As for the plan: a log record before anything personal is shown, CSRF on
//! every form, `no-store`, a stale form gets 409 with the input kept, and
//! errors are shown at their field.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use opslag::StoreError;
use plan::buddy::{
    self, AccountId, Assignment, BuddyProfile, Candidate, HelpRequest, LanguageCode, NeighbourhoodCode, ShieldReason,
    Theme,
};
use plan::text::pick;
use platform::rol::Role;
use platform::toegang::{self, Action};
use regels::Lang;

use crate::account::{Accounts, Subject, account_texts, internal, log, message, no_store};
use crate::dossier::{Opened, open_household};
use crate::dossier::{household_id, not_found, path_id, who, who_posting};
use crate::forms::{Pairs, forbidden_form, lang_of, not_a_date, one, sentence, today};
use crate::pages::{FieldError, Texts, texts};
use crate::{AppState, STYLESHEETS};

pub const ACTIVITY_BUDDY: &str = "urn:ademruimte:verwerking:buddy";

/// Who may open the buddy's own pages.
pub const PROFILE_ROLES: &[Role] = &[Role::Buddy];
pub const CASELOAD_ROLES: &[Role] = &[Role::Buddy, Role::WijMedewerker];

/// Months an assignment lasts unless chosen otherwise.
pub const DEFAULT_MONTHS: i64 = buddy::MIN_MONTHS;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/mijn/buddyprofiel", get(profile_page).post(save_profile))
        .route("/mijn/caseload", get(caseload))
        .route("/dossiers/{id}/buddy", get(match_page).post(link))
        .route("/dossiers/{id}/buddy/stoppen", post(stop))
        .route("/dossiers/{id}/buddy/verlengen", post(extend))
        .route("/dossiers/{id}/contacten", get(contacts_page).post(add_contact))
}

fn all(form: &Pairs, key: &str) -> Vec<String> {
    form.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
}

fn date_text(d: Date, lang: Lang) -> String {
    plan::text::date_text(d, lang)
}

fn at(id: &str, message: String) -> FieldError {
    FieldError { field: id.to_owned().into(), message }
}

fn broken(e: &plan::Error) -> StoreError {
    StoreError::new(
        format!("een opgeslagen buddygegeven klopt niet: {}", e.message_nl()),
        format!("stored buddy data is not valid: {}", e.message_en()),
        e.field.clone(),
    )
}

fn role_refused(lang: Lang, here: &str) -> Response {
    let a = account_texts(lang);
    let text = pick(
        lang,
        "Deze pagina is er voor buddies en WIJ-medewerkers. Met uw rol kunt u deze pagina niet openen.",
        "This page is for buddies and neighbourhood team workers. Your role cannot open it.",
    );
    message(lang, StatusCode::FORBIDDEN, a.denied_title, text, here)
}

/// Languages typed as "nl, ar": each checked, errors at `talen`.
fn parse_languages(text: &str) -> Result<Vec<LanguageCode>, plan::Error> {
    text.split([',', ' ', ';']).filter(|s| !s.is_empty()).map(|s| LanguageCode::parse("talen", s)).collect()
}

fn theme_options(lang: Lang, chosen: &[String]) -> Vec<(String, String, bool)> {
    Theme::ALL
        .iter()
        .map(|t| (t.key().to_owned(), t.label(lang).to_owned(), chosen.iter().any(|c| c == t.key())))
        .collect()
}

/// Reads a stored profile back through the plan crate's checks.
fn profile_of(p: &opslag::buddy::Profile) -> Result<BuddyProfile, StoreError> {
    plan::json::buddy_profile_from_json(&p.content).map_err(|e| broken(&e))
}

// ---------------------------------------------------------------------------
// The buddy's own profile.

#[derive(Template, WebTemplate)]
#[template(path = "buddyprofiel.html")]
struct ProfilePage {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    version: i64,
    themes: Vec<(String, String, bool)>,
    f_buurt: String,
    f_talen: String,
    f_uren: String,
    f_academie: String,
    e_themes: String,
    e_buurt: String,
    e_talen: String,
    e_uren: String,
    e_academie: String,
}

impl ProfilePage {
    fn err(&self, id: &str) -> String {
        self.errors.iter().find(|e| e.field == id).map(|e| e.message.clone()).unwrap_or_default()
    }
}

const FIRST_THEME_ID: &str = "thema-schulden";

async fn profile_response(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    input: Option<Pairs>,
    status: StatusCode,
    notice: String,
    errors: Vec<FieldError>,
) -> Response {
    let here = "/mijn/buddyprofiel";
    let (acc, session, _) = match who(state, headers, lang, here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !PROFILE_ROLES.contains(&user.role) {
        return role_refused(lang, here);
    }
    if let Err(e) = log(&acc, user, "buddyprofiel lezen", ACTIVITY_BUDDY, Subject::Account(&user.id)).await {
        return internal(lang, here, &e);
    }
    let stored = match acc.dossiers.buddies().profile(&user.id).await {
        Ok(p) => p,
        Err(e) => return internal(lang, here, &e),
    };
    let (version, themes, buurt, talen, uren, academie) = match (&input, &stored) {
        (Some(f), _) => (0, all(f, "thema"), one(f, "buurt"), one(f, "talen"), one(f, "uren"), one(f, "academie")),
        (None, Some(p)) => match profile_of(p) {
            Ok(b) => (
                p.version,
                b.themes().iter().map(|t| t.key().to_owned()).collect(),
                b.neighbourhood().as_str().to_owned(),
                b.languages().iter().map(|l| l.as_str().to_owned()).collect::<Vec<_>>().join(", "),
                b.hours_per_week().to_string(),
                b.academy().map(|d| d.to_string()).unwrap_or_default(),
            ),
            Err(e) => return internal(lang, here, &e),
        },
        (None, None) => (0, Vec::new(), String::new(), "nl".to_owned(), "4".to_owned(), String::new()),
    };
    let version = if input.is_some() { stored.as_ref().map_or(0, |p| p.version) } else { version };
    let t = texts(lang);
    let mut page = ProfilePage {
        t,
        title: pick(lang, "Mijn buddyprofiel", "My buddy profile"),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        notice,
        errors,
        csrf: session.csrf.clone(),
        version,
        themes: theme_options(lang, &themes),
        f_buurt: buurt,
        f_talen: talen,
        f_uren: uren,
        f_academie: academie,
        e_themes: String::new(),
        e_buurt: String::new(),
        e_talen: String::new(),
        e_uren: String::new(),
        e_academie: String::new(),
    };
    page.e_themes = page.err(FIRST_THEME_ID);
    page.e_buurt = page.err("buurt");
    page.e_talen = page.err("talen");
    page.e_uren = page.err("uren");
    page.e_academie = page.err("academie");
    let mut r = page.into_response();
    *r.status_mut() = status;
    no_store(r)
}

async fn profile_page(State(state): State<AppState>, Query(q): Query<Pairs>, headers: HeaderMap) -> Response {
    profile_response(&state, &headers, lang_of(&q), None, StatusCode::OK, String::new(), Vec::new()).await
}

/// The profile from the form, or every error at its field.
fn profile_from_form(form: &Pairs, lang: Lang) -> Result<BuddyProfile, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut themes = Vec::new();
    for k in all(form, "thema") {
        match Theme::parse("themas", &k) {
            Ok(t) => themes.push(t),
            Err(e) => errors.push(at(FIRST_THEME_ID, sentence(&e, lang))),
        }
    }
    let buurt = NeighbourhoodCode::parse("buurt", &one(form, "buurt"));
    if let Err(e) = &buurt {
        errors.push(at("buurt", sentence(e, lang)));
    }
    let languages = parse_languages(&one(form, "talen"));
    if let Err(e) = &languages {
        errors.push(at("talen", sentence(e, lang)));
    }
    let hours = one(form, "uren").trim().parse::<u8>().ok();
    if hours.is_none() {
        errors.push(at(
            "uren",
            pick(lang, "Vul een heel getal in, van 0 tot 40.", "Enter a whole number, from 0 to 40.").to_owned(),
        ));
    }
    let academy_text = one(form, "academie");
    let academy = if academy_text.trim().is_empty() { Ok(None) } else { academy_text.trim().parse::<Date>().map(Some) };
    if academy.is_err() {
        errors.push(at("academie", not_a_date(lang)));
    }
    // With every part valid, the profile's own rules (how many, no duplicates, hours).
    if let (Ok(b), Ok(l), Some(h), Ok(a)) = (&buurt, &languages, hours, &academy) {
        match BuddyProfile::new(&themes, b.clone(), l, h, *a) {
            Ok(p) if errors.is_empty() => return Ok(p),
            Ok(_) => {}
            Err(e) => {
                let id = match e.field.split('[').next().unwrap_or_default() {
                    "themas" => FIRST_THEME_ID,
                    "talen" => "talen",
                    "uren_per_week" => "uren",
                    _ => "buurt",
                };
                errors.push(at(id, sentence(&e, lang)));
            }
        }
    } else if themes.is_empty() && !errors.iter().any(|e| e.field == FIRST_THEME_ID) {
        errors.push(at(FIRST_THEME_ID, sentence(&plan::Error::new("themas", plan::Problem::TooFew { min: 1 }), lang)));
    }
    Err(errors)
}

fn conflict_text(lang: Lang) -> String {
    pick(
        lang,
        "Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen. Uw invoer staat nog in het formulier; kijk het na en sla opnieuw op.",
        "Someone else changed this in the meantime. Nothing was saved. What you entered is still in the form; check it and save again.",
    )
    .to_owned()
}

async fn save_profile(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let here = "/mijn/buddyprofiel";
    let (acc, session, _) = match who_posting(&state, &headers, lang, here, &one(&form, "csrf")).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !PROFILE_ROLES.contains(&user.role) {
        return role_refused(lang, here);
    }
    let Ok(version) = one(&form, "versie").parse::<i64>() else {
        return forbidden_form(lang, here);
    };
    let profile = match profile_from_form(&form, lang) {
        Ok(p) => p,
        Err(errors) => {
            return profile_response(
                &state,
                &headers,
                lang,
                Some(form),
                StatusCode::BAD_REQUEST,
                String::new(),
                errors,
            )
            .await;
        }
    };
    if let Err(e) = log(&acc, user, "buddyprofiel wijzigen", ACTIVITY_BUDDY, Subject::Account(&user.id)).await {
        return internal(lang, here, &e);
    }
    let content = plan::json::buddy_profile_to_json(&profile);
    let now = jiff::Timestamp::now().as_second();
    match acc.dossiers.buddies().put_profile(&user.id, version, &content, now).await {
        Ok(Ok(_)) => {
            let saved = pick(lang, "Opgeslagen.", "Saved.").to_owned();
            profile_response(&state, &headers, lang, None, StatusCode::OK, saved, Vec::new()).await
        }
        Ok(Err(_)) => {
            profile_response(&state, &headers, lang, Some(form), StatusCode::CONFLICT, conflict_text(lang), Vec::new())
                .await
        }
        Err(e) => internal(lang, here, &e),
    }
}

// ---------------------------------------------------------------------------
// Finding and linking a buddy for a household.

pub struct CriterionView {
    pub text: String,
    pub points: String,
}

pub struct SuggestionView {
    pub id: String,
    pub name: String,
    pub score: String,
    pub free: String,
    pub criteria: Vec<CriterionView>,
    pub chosen: bool,
}

pub struct AssignmentView {
    /// The assignment's id and version, for the stop form; `running` when it can be stopped.
    pub id: i64,
    pub version: i64,
    pub running: bool,
    pub buddy: String,
    pub wij: String,
    pub start: String,
    pub end: String,
    pub reminder: String,
    pub reminder_due: bool,
    pub stopped: String,
    /// The extend form: the new end as typed (after an error) and its error.
    pub f_end: String,
    pub e_end: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "buddy_koppelen.html")]
struct MatchPage {
    t: &'static Texts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    id: i64,
    name: String,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    buurt: String,
    themes: Vec<(String, String, bool)>,
    f_talen: String,
    e_talen: String,
    suggestions: Vec<SuggestionView>,
    excluded: Vec<(String, String)>,
    current: Vec<AssignmentView>,
    /// Reasons to end an assignment: key and words.
    stop_reasons: Vec<(&'static str, &'static str)>,
    wij_fixed: String,
    wij_options: Vec<(String, String, bool)>,
    f_begin: String,
    f_maanden: String,
    e_buddy: String,
    e_wij: String,
    e_begin: String,
    e_maanden: String,
}

/// What the POST carried back to the page.
#[derive(Default)]
struct Feedback {
    status: Option<StatusCode>,
    notice: String,
    errors: Vec<FieldError>,
    input: Pairs,
}

impl Feedback {
    fn error_at(&self, id: &str) -> String {
        crate::forms::error_at(&self.errors, id)
    }
}

fn assignment_view(a: &opslag::buddy::Assignment, names: &HashMap<String, String>, lang: Lang) -> AssignmentView {
    let parse = |s: &str| s.parse::<Date>().ok();
    let (start, end) = (parse(&a.start), parse(&a.end));
    let reminder = end.and_then(|e| e.checked_sub(jiff::Span::new().weeks(a.reminder_weeks)).ok());
    let text = |d: Option<Date>, raw: &str| d.map_or_else(|| raw.to_owned(), |d| date_text(d, lang));
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    AssignmentView {
        id: a.id,
        version: a.version,
        running: running(a, &today().to_string()),
        buddy: name(&a.buddy),
        wij: name(&a.wij_medewerker),
        start: text(start, &a.start),
        end: text(end, &a.end),
        reminder: reminder.map_or_else(String::new, |d| date_text(d, lang)),
        reminder_due: a.stopped.is_none() && reminder.is_some_and(|r| r <= today()),
        stopped: a.stopped.as_ref().map_or_else(String::new, |(d, reason)| {
            let reason = buddy::StopReason::from_key(reason).map_or(reason.as_str(), |r| r.label(lang));
            format!("{d} ({reason})")
        }),
        f_end: String::new(),
        e_end: String::new(),
    }
}

/// Ends the household's running assignment: from then on the buddy no
/// longer sees the household (`BuddyStore::stop_assignment`).
async fn stop(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let (id, here, opened) = match open_for_change(&state, &headers, lang, &id, &form, "buddy stoppen").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut fb = Feedback { input: form.clone(), ..Feedback::default() };
    let reason = buddy::StopReason::from_key(&one(&form, "reden"));
    let assignment = one(&form, "koppeling").parse::<i64>().ok();
    let version = one(&form, "versie").parse::<i64>().ok();
    let (Some(reason), Some(assignment), Some(version)) = (reason, assignment, version) else {
        fb.status = Some(StatusCode::BAD_REQUEST);
        fb.errors.push(FieldError {
            field: "reden".into(),
            message: pick(lang, "Kies een reden om te stoppen.", "Choose a reason to stop.").to_owned(),
        });
        return render_match(&state, &headers, lang, id, &q, fb).await;
    };
    let store = opened.acc.dossiers.buddies();
    // Only an assignment of this household.
    match store.of_household(id).await {
        Ok(list) if list.iter().any(|a| a.id == assignment) => {}
        Ok(_) => return not_found(lang, &here),
        Err(e) => return internal(lang, &here, &e),
    }
    match store.stop_assignment(assignment, version, &today().to_string(), reason.key()).await {
        Ok(Ok(_)) => {
            fb.input = Pairs::new();
            fb.notice = pick(
                lang,
                "De koppeling is gestopt. De buddy ziet dit huishouden niet meer.",
                "The assignment has ended. The buddy no longer sees this household.",
            )
            .to_owned();
        }
        Ok(Err(_)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = pick(
                lang,
                "Deze koppeling is intussen gewijzigd of al gestopt. Er is niets opgeslagen.",
                "This assignment was changed or ended in the meantime. Nothing was saved.",
            )
            .to_owned();
        }
        Err(e) => return internal(lang, &here, &e),
    }
    render_match(&state, &headers, lang, id, &q, fb).await
}

/// The common start of every form on the buddy page: the household's id
/// from the path, login, CSRF, `BuddyKoppelen` for this household, and the
/// log record named `log_name`. Returns the id, the page's address and what
/// was opened, or the response to send instead.
async fn open_for_change(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    id: &str,
    form: &Pairs,
    log_name: &str,
) -> Result<(i64, String, Opened), Response> {
    let Some(id) = path_id(id) else { return Err(not_found(lang, "/dossiers")) };
    let here = format!("/dossiers/{id}/buddy");
    let csrf = one(form, "csrf");
    let opened =
        open_household(state, headers, lang, id, &here, Action::BuddyKoppelen, Some(&csrf), log_name, ACTIVITY_BUDDY)
            .await?;
    Ok((id, here, opened))
}

/// Moves the planned end of the household's running assignment later (the
/// plan crate checks: after the current end, at most three years from the
/// start, not stopped). The buddy keeps walking along; the reminder moves with it.
async fn extend(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let (id, here, Opened { acc, session, actor: _, dossier: _ }) =
        match open_for_change(&state, &headers, lang, &id, &form, "buddy verlengen").await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let mut fb = Feedback { input: form.clone(), ..Feedback::default() };
    let changed_meanwhile = |lang| {
        pick(
            lang,
            "Deze koppeling is intussen gewijzigd of al gestopt. Er is niets opgeslagen.",
            "This assignment was changed or ended in the meantime. Nothing was saved.",
        )
        .to_owned()
    };
    let (Some(assignment), Some(version)) =
        (one(&form, "koppeling").parse::<i64>().ok(), one(&form, "versie").parse::<i64>().ok())
    else {
        fb.status = Some(StatusCode::BAD_REQUEST);
        fb.notice = account_texts(lang).form_expired.to_owned();
        return render_match(&state, &headers, lang, id, &q, fb).await;
    };
    // Only the household's newest assignment runs (one buddy at a time).
    let (row, mut checked) = match current(&acc, id).await {
        Ok(Some((row, a))) if row.id == assignment => (row, a),
        Ok(Some(_)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = changed_meanwhile(lang);
            return render_match(&state, &headers, lang, id, &q, fb).await;
        }
        Ok(None) => return not_found(lang, &here),
        Err(e) => return internal(lang, &here, &e),
    };
    if row.version != version {
        fb.status = Some(StatusCode::CONFLICT);
        fb.notice = changed_meanwhile(lang);
        return render_match(&state, &headers, lang, id, &q, fb).await;
    }
    let field = format!("eind-{assignment}");
    let result = match one(&form, "eind").trim().parse::<Date>() {
        Err(_) => Err(at(&field, not_a_date(lang))),
        Ok(end) => checked.extend(session.user.role, end).map(|()| end).map_err(|e| {
            if matches!(e.problem, plan::Problem::NotAllowed { .. }) {
                at("weigering", sentence(&e, lang))
            } else {
                at(&field, sentence(&e, lang))
            }
        }),
    };
    let end = match result {
        Ok(end) => end,
        Err(e) if e.field == "weigering" => {
            fb.status = Some(StatusCode::FORBIDDEN);
            fb.notice = e.message;
            return render_match(&state, &headers, lang, id, &q, fb).await;
        }
        Err(e) => {
            fb.status = Some(StatusCode::BAD_REQUEST);
            fb.errors.push(e);
            return render_match(&state, &headers, lang, id, &q, fb).await;
        }
    };
    match acc.dossiers.buddies().extend_assignment(assignment, version, &end.to_string()).await {
        Ok(Ok(_)) => {
            fb.input = Pairs::new();
            fb.notice = match lang {
                Lang::Nl => format!("De koppeling loopt nu tot {}.", date_text(end, lang)),
                Lang::En => format!("The assignment now runs until {}.", date_text(end, lang)),
            };
        }
        Ok(Err(_)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = changed_meanwhile(lang);
        }
        Err(e) => return internal(lang, &here, &e),
    }
    render_match(&state, &headers, lang, id, &q, fb).await
}

/// Is an assignment running on `on`?
fn running(a: &opslag::buddy::Assignment, on: &str) -> bool {
    a.start.as_str() <= on && on <= a.end.as_str() && a.stopped.as_ref().is_none_or(|(d, _)| d.as_str() >= on)
}

#[allow(clippy::too_many_lines)]
async fn render_match(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    id: i64,
    query: &Pairs,
    fb: Feedback,
) -> Response {
    let here = format!("/dossiers/{id}/buddy");
    let Opened { acc, session, actor: _, dossier } = match open_household(
        state,
        headers,
        lang,
        id,
        &here,
        Action::BuddyKoppelen,
        None,
        "buddy zoeken",
        ACTIVITY_BUDDY,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let user = &session.user;
    let store = acc.dossiers.buddies();
    let users = match acc.store.users().await {
        Ok(u) => u,
        Err(e) => return internal(lang, &here, &e),
    };
    let names: HashMap<String, String> = users.iter().map(|u| (u.id.clone(), u.name.clone())).collect();
    let mut errors = fb.errors;
    // The help request: from the GET form (or the POST's fields), buurt from the dossier.
    let source = if fb.input.is_empty() { query } else { &fb.input };
    let chosen_themes = all(source, "thema");
    let talen = if source.iter().any(|(k, _)| k == "talen") { one(source, "talen") } else { "nl".to_owned() };
    let themes: Vec<Theme> = chosen_themes.iter().filter_map(|k| Theme::from_key(k)).collect();
    let mut e_talen = String::new();
    let mut suggestions = Vec::new();
    let mut excluded = Vec::new();
    let buurt = NeighbourhoodCode::parse("buurt", &dossier.neighbourhood);
    let request = match (&buurt, parse_languages(&talen)) {
        (Ok(b), Ok(l)) => HelpRequest::new(b.clone(), &l, &themes),
        (Err(e), _) => Err(e.clone()),
        (_, Err(e)) => Err(e),
    };
    match request {
        Err(e) => {
            e_talen = sentence(&e, lang);
            if !errors.iter().any(|x| x.field == "talen") {
                errors.push(at("talen", e_talen.clone()));
            }
        }
        Ok(request) => {
            let profiles = match store.profiles().await {
                Ok(p) => p,
                Err(e) => return internal(lang, &here, &e),
            };
            let counts: HashMap<String, i64> = match store.active_counts(&today().to_string()).await {
                Ok(c) => c.into_iter().collect(),
                Err(e) => return internal(lang, &here, &e),
            };
            let mut parsed = Vec::new();
            for p in &profiles {
                // Only accounts that are buddies now; a broken profile is an error, never skipped silently.
                if users.iter().any(|u| u.id == p.buddy && u.role == Role::Buddy) {
                    let Ok(id) = AccountId::parse("id", &p.buddy) else { continue };
                    match profile_of(p) {
                        Ok(b) => parsed.push((id, b)),
                        Err(e) => return internal(lang, &here, &e),
                    }
                }
            }
            let candidates: Vec<Candidate<'_>> = parsed
                .iter()
                .map(|(id, profile)| Candidate {
                    id,
                    profile,
                    active_assignments: u8::try_from(counts.get(id.as_str()).copied().unwrap_or(0)).unwrap_or(u8::MAX),
                })
                .collect();
            let chosen = one(&fb.input, "buddy");
            match buddy::suggestions(&request, &candidates, today(), buddy::MAX_SUGGESTIONS) {
                Ok(m) => {
                    suggestions = m
                        .suggestions
                        .iter()
                        .map(|s| SuggestionView {
                            id: s.buddy.as_str().to_owned(),
                            name: names.get(s.buddy.as_str()).cloned().unwrap_or_else(|| s.buddy.as_str().to_owned()),
                            score: match lang {
                                Lang::Nl => format!("{} van {} punten", s.score, buddy::MAX_SCORE),
                                Lang::En => format!("{} of {} points", s.score, buddy::MAX_SCORE),
                            },
                            free: match lang {
                                Lang::Nl => format!("{} plek(ken) vrij", s.free_places),
                                Lang::En => format!("{} place(s) free", s.free_places),
                            },
                            criteria: s
                                .criteria
                                .iter()
                                .map(|c| CriterionView {
                                    text: c.text(lang).to_owned(),
                                    points: format!("{}/{}", c.points, c.max_points),
                                })
                                .collect(),
                            chosen: chosen == s.buddy.as_str(),
                        })
                        .collect();
                    excluded = m
                        .excluded
                        .iter()
                        .map(|x| {
                            let n = names.get(x.buddy.as_str()).cloned().unwrap_or_else(|| x.buddy.as_str().to_owned());
                            (n, x.reason.label(lang).to_owned())
                        })
                        .collect();
                }
                Err(e) => return internal(lang, &here, &broken(&e)),
            }
        }
    }
    let current = match store.of_household(id).await {
        Ok(list) => list
            .iter()
            .map(|a| {
                let mut v = assignment_view(a, &names, lang);
                if one(&fb.input, "koppeling") == a.id.to_string() {
                    v.f_end = one(&fb.input, "eind");
                }
                v.e_end = errors
                    .iter()
                    .find(|e| e.field == format!("eind-{}", a.id))
                    .map(|e| e.message.clone())
                    .unwrap_or_default();
                v
            })
            .collect(),
        Err(e) => return internal(lang, &here, &e),
    };
    let f_wij = one(&fb.input, "wij_medewerker");
    let (wij_fixed, wij_options) = if user.role == Role::WijMedewerker {
        (user.name.clone(), Vec::new())
    } else {
        let options = users
            .iter()
            .filter(|u| u.role == Role::WijMedewerker)
            .map(|u| (u.id.clone(), u.name.clone(), u.id == f_wij))
            .collect();
        (String::new(), options)
    };
    let begin = one(&fb.input, "begin");
    let maanden = one(&fb.input, "maanden");
    let t = texts(lang);
    let fe = |id: &str| errors.iter().find(|e| e.field == id).map(|e| e.message.clone()).unwrap_or_default();
    let page = MatchPage {
        t,
        title: format!("{} · {}", pick(lang, "Een buddy zoeken", "Find a buddy"), dossier.name),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        id,
        name: dossier.name.clone(),
        notice: fb.notice,
        csrf: session.csrf.clone(),
        buurt: dossier.neighbourhood.clone(),
        themes: theme_options(lang, &chosen_themes),
        f_talen: talen,
        e_talen,
        suggestions,
        excluded,
        current,
        stop_reasons: buddy::StopReason::ALL.iter().map(|r| (r.key(), r.label(lang))).collect(),
        wij_fixed,
        wij_options,
        f_begin: if begin.is_empty() { today().to_string() } else { begin },
        f_maanden: if maanden.is_empty() { DEFAULT_MONTHS.to_string() } else { maanden },
        e_buddy: fe("koppel-buddy"),
        e_wij: fe("koppel-wij"),
        e_begin: fe("koppel-begin"),
        e_maanden: fe("koppel-maanden"),
        errors,
    };
    let mut r = page.into_response();
    *r.status_mut() = fb.status.unwrap_or(StatusCode::OK);
    no_store(r)
}

async fn match_page(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    match path_id(&id) {
        Some(id) => render_match(&state, &headers, lang, id, &q, Feedback::default()).await,
        None => not_found(lang, "/dossiers"),
    }
}

#[allow(clippy::too_many_lines)]
async fn link(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let (id, here, Opened { acc, session, actor: _, dossier: _ }) =
        match open_for_change(&state, &headers, lang, &id, &form, "buddy koppelen").await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let user = &session.user;
    let store = acc.dossiers.buddies();
    let users = match acc.store.users().await {
        Ok(u) => u,
        Err(e) => return internal(lang, &here, &e),
    };
    let mut fb = Feedback { input: form.clone(), ..Feedback::default() };
    let Ok(count) = one(&form, "aantal").parse::<usize>() else {
        fb.status = Some(StatusCode::BAD_REQUEST);
        fb.notice = account_texts(lang).form_expired.to_owned();
        return render_match(&state, &headers, lang, id, &q, fb).await;
    };
    let existing = match store.of_household(id).await {
        Ok(x) => x,
        Err(e) => return internal(lang, &here, &e),
    };
    let day = today().to_string();
    // A household has one buddy at a time; the form says how many assignments it saw.
    if count != existing.len() || existing.iter().any(|a| running(a, &day)) {
        fb.status = Some(StatusCode::CONFLICT);
        fb.notice = pick(
            lang,
            "Dit huishouden heeft al een buddy, of iemand anders heeft intussen een buddy gekoppeld. Er is niets opgeslagen. Bekijk de koppeling hieronder.",
            "This household already has a buddy, or someone else linked one in the meantime. Nothing was saved. Look at the assignment below.",
        )
        .to_owned();
        return render_match(&state, &headers, lang, id, &q, fb).await;
    }
    let mut errors = Vec::new();
    let buddy_id = one(&form, "buddy");
    let buddy_user = users.iter().find(|u| u.id == buddy_id && u.role == Role::Buddy);
    let profile = match buddy_user {
        None => {
            errors.push(at(
                "koppel-buddy",
                pick(lang, "Kies een buddy uit de lijst.", "Choose a buddy from the list.").to_owned(),
            ));
            None
        }
        Some(u) => match store.profile(&u.id).await {
            Ok(Some(p)) => match profile_of(&p) {
                Ok(b) => Some(b),
                Err(e) => return internal(lang, &here, &e),
            },
            Ok(None) => {
                errors.push(at(
                    "koppel-buddy",
                    pick(lang, "Deze buddy heeft nog geen profiel.", "This buddy has no profile yet.").to_owned(),
                ));
                None
            }
            Err(e) => return internal(lang, &here, &e),
        },
    };
    let wij_id = if user.role == Role::WijMedewerker { user.id.clone() } else { one(&form, "wij_medewerker") };
    if !users.iter().any(|u| u.id == wij_id && u.role == Role::WijMedewerker) {
        errors.push(at(
            "koppel-wij",
            pick(lang, "Kies een WIJ-medewerker uit de lijst.", "Choose a neighbourhood team worker from the list.")
                .to_owned(),
        ));
    }
    let start = one(&form, "begin").trim().parse::<Date>().ok();
    if start.is_none() {
        errors.push(at("koppel-begin", not_a_date(lang)));
    }
    let months = one(&form, "maanden")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|m| (buddy::MIN_MONTHS..=buddy::MAX_MONTHS).contains(m));
    if months.is_none() {
        errors.push(at(
            "koppel-maanden",
            match lang {
                Lang::Nl => format!("Vul een aantal maanden in, van {} tot {}.", buddy::MIN_MONTHS, buddy::MAX_MONTHS),
                Lang::En => format!("Enter a number of months, from {} to {}.", buddy::MIN_MONTHS, buddy::MAX_MONTHS),
            },
        ));
    }
    let built = match (errors.is_empty(), &profile, start, months) {
        (true, Some(profile), Some(start), Some(months)) => {
            let end = start.checked_add(jiff::Span::new().months(months)).unwrap_or(start);
            let ids = (AccountId::parse("buddy", &buddy_id), AccountId::parse("wij_medewerker", &wij_id));
            match ids {
                (Ok(b), Ok(w)) => match Assignment::new(user.role, b, profile, household_id(id), w, start, end, None) {
                    Ok(a) => Some(a),
                    Err(e) => {
                        let field = match e.field.as_str() {
                            "buddy" => "koppel-buddy",
                            "wij_medewerker" => "koppel-wij",
                            "eind" => "koppel-maanden",
                            _ => "koppel-begin",
                        };
                        errors.push(at(field, sentence(&e, lang)));
                        None
                    }
                },
                (Err(e), _) | (_, Err(e)) => {
                    errors.push(at("koppel-buddy", sentence(&e, lang)));
                    None
                }
            }
        }
        _ => None,
    };
    let Some(a) = built else {
        fb.status = Some(StatusCode::BAD_REQUEST);
        fb.errors = errors;
        return render_match(&state, &headers, lang, id, &q, fb).await;
    };
    let new = opslag::buddy::NewAssignment {
        household: id,
        buddy: a.buddy().as_str().to_owned(),
        wij_medewerker: a.wij_medewerker().as_str().to_owned(),
        start: a.start().to_string(),
        end: a.end().to_string(),
        reminder_weeks: i64::from(a.reminder_weeks()),
    };
    let now = jiff::Timestamp::now().as_second();
    if let Err(e) = store.create_assignment(&new, &user.id, now).await {
        return internal(lang, &here, &e);
    }
    let notice = match lang {
        Lang::Nl => format!(
            "De buddy is gekoppeld. De koppeling loopt tot en met {}. Op {} komt de herinnering om samen te kijken of het verder gaat.",
            date_text(a.end(), lang),
            date_text(a.reminder(), lang)
        ),
        Lang::En => format!(
            "The buddy is linked. The assignment runs until {}. On {} comes the reminder to look together at whether it continues.",
            date_text(a.end(), lang),
            date_text(a.reminder(), lang)
        ),
    };
    render_match(&state, &headers, lang, id, &q, Feedback { notice, ..Feedback::default() }).await
}

// ---------------------------------------------------------------------------
// The caseload.

pub struct CaseView {
    pub id: i64,
    pub name: String,
    pub role: &'static str,
    pub a: AssignmentView,
}

#[derive(Template, WebTemplate)]
#[template(path = "caseload.html")]
struct CaseloadPage {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    cases: Vec<CaseView>,
    profile_link: bool,
}

async fn caseload(State(state): State<AppState>, Query(q): Query<Pairs>, headers: HeaderMap) -> Response {
    let lang = lang_of(&q);
    let here = "/mijn/caseload";
    let (acc, session, actor) = match who(&state, &headers, lang, here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !CASELOAD_ROLES.contains(&user.role) {
        return role_refused(lang, here);
    }
    let list = match acc.dossiers.buddies().of_person(&user.id).await {
        Ok(l) => l,
        Err(e) => return internal(lang, here, &e),
    };
    let users = match acc.store.users().await {
        Ok(u) => u,
        Err(e) => return internal(lang, here, &e),
    };
    let names: HashMap<String, String> = users.iter().map(|u| (u.id.clone(), u.name.clone())).collect();
    let mut dossiers = Vec::new();
    for a in &list {
        // Every row is checked against the policy, whatever the query returned.
        if !toegang::decide(&actor, Action::PlanWerken, Some(household_id(a.household))).allowed {
            continue;
        }
        match acc.dossiers.get(a.household).await {
            Ok(Some(d)) => dossiers.push((a, d)),
            Ok(None) => {}
            Err(e) => return internal(lang, here, &e),
        }
    }
    let subjects: Vec<Subject<'_>> = dossiers.iter().map(|(_, d)| Subject::Bsn(&d.bsn)).collect();
    if !subjects.is_empty()
        && let Err(e) = crate::account::log_each(&acc, user, "caseload lezen", ACTIVITY_BUDDY, &subjects).await
    {
        return internal(lang, here, &e);
    }
    let cases = dossiers
        .iter()
        .map(|(a, d)| CaseView {
            id: d.id,
            name: d.name.clone(),
            role: if a.buddy == user.id {
                pick(lang, "buddy", "buddy")
            } else {
                pick(lang, "WIJ-medewerker", "neighbourhood team worker")
            },
            a: assignment_view(a, &names, lang),
        })
        .collect();
    let t = texts(lang);
    let page = CaseloadPage {
        t,
        title: pick(lang, "Mijn huishoudens", "My households"),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        cases,
        profile_link: user.role == Role::Buddy,
    };
    no_store(page.into_response())
}

// ---------------------------------------------------------------------------
// The contact log.

pub struct ContactView {
    pub date: String,
    pub by: &'static str,
    pub place: String,
    pub note: String,
    pub shielded: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "contacten.html")]
struct ContactsPage {
    t: &'static Texts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    id: i64,
    name: String,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    has_assignment: bool,
    intro: String,
    contacts: Vec<ContactView>,
    count: usize,
    can_write: bool,
    can_shield: bool,
    shield_options: Vec<(String, String, bool)>,
    f_datum: String,
    f_plek: String,
    f_notitie: String,
    e_datum: String,
    e_plek: String,
    e_notitie: String,
}

/// The household's newest assignment with its contact log, as the plan crate checks it.
async fn current(acc: &Accounts, id: i64) -> Result<Option<(opslag::buddy::Assignment, Assignment)>, StoreError> {
    let store = acc.dossiers.buddies();
    let Some(row) = store.of_household(id).await?.into_iter().next() else { return Ok(None) };
    let mut contacts = Vec::new();
    for c in store.contacts(row.id).await? {
        let role = Role::from_key(&c.by_role).unwrap_or(Role::Buddy);
        let date = c.date.parse::<Date>().map_err(|_| broken(&plan::Error::new("datum", plan::Problem::Missing)))?;
        let shield = c.shielded.as_deref().and_then(ShieldReason::from_key);
        contacts.push(buddy::Contact::new(role, date, &c.place, &c.note, shield).map_err(|e| broken(&e))?);
    }
    let date = |s: &str| s.parse::<Date>().map_err(|_| broken(&plan::Error::new("begin", plan::Problem::Missing)));
    let stopped = match &row.stopped {
        Some((d, r)) => Some(buddy::Stop {
            date: date(d)?,
            reason: buddy::StopReason::from_key(r).unwrap_or(buddy::StopReason::Other),
        }),
        None => None,
    };
    let a = Assignment::from_parts(
        AccountId::parse("buddy", &row.buddy).map_err(|e| broken(&e))?,
        household_id(id),
        AccountId::parse("wij_medewerker", &row.wij_medewerker).map_err(|e| broken(&e))?,
        date(&row.start)?,
        date(&row.end)?,
        u8::try_from(row.reminder_weeks).unwrap_or(0),
        stopped,
        contacts,
    )
    .map_err(|e| broken(&e))?;
    Ok(Some((row, a)))
}

#[allow(clippy::too_many_lines)]
async fn render_contacts(state: &AppState, headers: &HeaderMap, lang: Lang, id: i64, fb: Feedback) -> Response {
    let here = format!("/dossiers/{id}/contacten");
    let Opened { acc, session, actor: _, dossier } = match open_household(
        state,
        headers,
        lang,
        id,
        &here,
        Action::PlanWerken,
        None,
        "contactmomenten lezen",
        ACTIVITY_BUDDY,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let user = &session.user;
    let found = match current(&acc, id).await {
        Ok(x) => x,
        Err(e) => return internal(lang, &here, &e),
    };
    let role = user.role;
    let (has_assignment, intro, contacts, count) = match &found {
        None => (
            false,
            pick(
                lang,
                "Er is nog geen buddy gekoppeld aan dit huishouden.",
                "No buddy is linked to this household yet.",
            )
            .to_owned(),
            Vec::new(),
            0,
        ),
        Some((_, a)) => {
            let list = a
                .contacts_for(role)
                .into_iter()
                .rev()
                .map(|c| ContactView {
                    date: date_text(c.date(), lang),
                    by: match lang {
                        Lang::Nl => c.by_role().label_nl(),
                        Lang::En => c.by_role().label_en(),
                    },
                    place: c.place().to_owned(),
                    note: c.note().to_owned(),
                    shielded: c.shielded().map_or_else(String::new, |r| r.label(lang).to_owned()),
                })
                .collect();
            let intro = match lang {
                Lang::Nl => format!(
                    "De buddy en de WIJ-medewerker schrijven hier kort op wanneer en waar ze elkaar zagen. De deelnemer kiest de plek. De deelnemer leest alles mee, behalve een notitie die de WIJ-medewerker met een reden afschermt. De koppeling loopt van {} tot en met {}.",
                    date_text(a.start(), lang),
                    date_text(a.end(), lang)
                ),
                Lang::En => format!(
                    "The buddy and the neighbourhood team worker write down here when and where they met. The resident chooses the place. The resident can read everything, except a note the neighbourhood team worker shields with a reason. The assignment runs from {} until {}.",
                    date_text(a.start(), lang),
                    date_text(a.end(), lang)
                ),
            };
            (true, intro, list, a.contacts().len())
        }
    };
    let f_shield = one(&fb.input, "afschermen");
    let datum = one(&fb.input, "datum");
    let t = texts(lang);
    let page = ContactsPage {
        t,
        title: format!("{} · {}", pick(lang, "Contactmomenten", "Contacts"), dossier.name),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        id,
        name: dossier.name.clone(),
        notice: fb.notice.clone(),
        csrf: session.csrf.clone(),
        has_assignment,
        intro,
        contacts,
        count,
        can_write: has_assignment && matches!(role, Role::Buddy | Role::WijMedewerker),
        can_shield: role == Role::WijMedewerker,
        shield_options: ShieldReason::ALL
            .iter()
            .map(|r| (r.key().to_owned(), r.label(lang).to_owned(), f_shield == r.key()))
            .collect(),
        f_datum: if datum.is_empty() { today().to_string() } else { datum },
        f_plek: one(&fb.input, "plek"),
        f_notitie: one(&fb.input, "notitie"),
        e_datum: fb.error_at("contact-datum"),
        e_plek: fb.error_at("contact-plek"),
        e_notitie: fb.error_at("contact-notitie"),
        errors: fb.errors,
    };
    let mut r = page.into_response();
    *r.status_mut() = fb.status.unwrap_or(StatusCode::OK);
    no_store(r)
}

async fn contacts_page(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    match path_id(&id) {
        Some(id) => render_contacts(&state, &headers, lang, id, Feedback::default()).await,
        None => not_found(lang, "/dossiers"),
    }
}

async fn add_contact(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let Some(id) = path_id(&id) else { return not_found(lang, "/dossiers") };
    let here = format!("/dossiers/{id}/contacten");
    let Opened { acc, session, actor: _, dossier: _ } = match open_household(
        &state,
        &headers,
        lang,
        id,
        &here,
        Action::PlanWerken,
        Some(&one(&form, "csrf")),
        "contactmoment schrijven",
        ACTIVITY_BUDDY,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let user = &session.user;
    let mut fb = Feedback { input: form.clone(), ..Feedback::default() };
    let Some((row, mut assignment)) = (match current(&acc, id).await {
        Ok(x) => x,
        Err(e) => return internal(lang, &here, &e),
    }) else {
        fb.status = Some(StatusCode::CONFLICT);
        fb.notice = pick(lang, "Er is nog geen buddy gekoppeld.", "No buddy is linked yet.").to_owned();
        return render_contacts(&state, &headers, lang, id, fb).await;
    };
    let count = assignment.contacts().len();
    if one(&form, "aantal").parse::<usize>().ok() != Some(count) {
        fb.status = Some(StatusCode::CONFLICT);
        fb.notice = conflict_text(lang);
        return render_contacts(&state, &headers, lang, id, fb).await;
    }
    let mut errors = Vec::new();
    let date = one(&form, "datum").trim().parse::<Date>().ok();
    if date.is_none() {
        errors.push(at("contact-datum", not_a_date(lang)));
    }
    let shield_key = one(&form, "afschermen");
    let shield = if shield_key.is_empty() { None } else { ShieldReason::from_key(&shield_key) };
    let (place, note) = (one(&form, "plek"), one(&form, "notitie"));
    let place_id = |f: &str| match f {
        "plek" => "contact-plek",
        "notitie" => "contact-notitie",
        "door" | "zichtbaar_voor_deelnemer" => "weigering",
        _ => "contact-datum",
    };
    // Text is checked on a valid date too, so every error shows at once.
    let contact = buddy::Contact::new(user.role, date.unwrap_or(assignment.start()), &place, &note, shield);
    match contact {
        Err(e) => errors.push(at(place_id(e.field.as_str()), sentence(&e, lang))),
        Ok(c) if errors.is_empty() => {
            if let Err(e) = assignment.add_contact(c) {
                errors.push(at("contact-datum", sentence(&e, lang)));
            }
        }
        Ok(_) => {}
    }
    if let Some(refusal) = errors.iter().find(|e| e.field == "weigering") {
        fb.status = Some(StatusCode::FORBIDDEN);
        fb.notice = refusal.message.clone();
        return render_contacts(&state, &headers, lang, id, fb).await;
    }
    if !errors.is_empty() {
        fb.status = Some(StatusCode::BAD_REQUEST);
        fb.errors = errors;
        return render_contacts(&state, &headers, lang, id, fb).await;
    }
    let Some(c) = assignment.contacts().last() else {
        return internal(lang, &here, &broken(&plan::Error::new("contacten", plan::Problem::Missing)));
    };
    let stored = opslag::buddy::Contact {
        seq: i64::try_from(count).unwrap_or(i64::MAX),
        date: c.date().to_string(),
        by_role: c.by_role().key().to_owned(),
        place: c.place().to_owned(),
        note: c.note().to_owned(),
        shielded: c.shielded().map(|r| r.key().to_owned()),
        written: jiff::Timestamp::now().as_second(),
        by: user.id.clone(),
    };
    match acc.dossiers.buddies().add_contact(row.id, &stored).await {
        Ok(Ok(())) => {
            let fb = Feedback { notice: pick(lang, "Opgeslagen.", "Saved.").to_owned(), ..Feedback::default() };
            render_contacts(&state, &headers, lang, id, fb).await
        }
        Ok(Err(_)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = conflict_text(lang);
            render_contacts(&state, &headers, lang, id, fb).await
        }
        Err(e) => internal(lang, &here, &e),
    }
}
