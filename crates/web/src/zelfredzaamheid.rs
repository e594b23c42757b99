//! Zelfredzaamheid: the ZRM assessments by trained workers and the resident's
//! own ademruimte-score, with their trends (issue 6, item 3).
//!
//! Authorization per record through `platform::toegang::decide`: the page
//! needs `Action::ZelfredzaamheidLezen` (the resident their own household, a
//! WIJ-worker the assigned ones, a caseworker all; not a buddy), recording an
//! assessment `Action::ZelfredzaamheidVastleggen` (WIJ-worker assigned,
//! caseworker all), and the resident's own score `Action::PlanWerken`, where
//! the `plan` crate's `Ademruimte::new` lets only the resident score it.
//! Every view and every change writes a log record before anything personal
//! is shown. Both documents (`zrm`, `ademruimte`) are stored with a version
//! (`opslag::PlanStore`); a stale form gets 409 with the input kept.

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
use plan::zrm::{self, Ademruimte, AdemruimteSeries, ZrmAssessment, ZrmDomain, ZrmScore, ZrmSeries};
use platform::rol::Role;
use platform::toegang::{self, Action};
use regels::Lang;

use crate::account::{Accounts, account_texts, internal, no_store};
use crate::dossier::{Opened, open_household};
use crate::dossier::{household_id, not_found, path_id};
use crate::forms::{sentence, today};
use crate::pages::{FieldError, Texts, lang_of, texts};
use crate::{AppState, STYLESHEETS};

pub const ACTIVITY_ZRM: &str = "urn:ademruimte:verwerking:zelfredzaamheid";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dossiers/{id}/zelfredzaamheid", get(show))
        .route("/dossiers/{id}/zelfredzaamheid/meting", post(record_assessment))
        .route("/dossiers/{id}/zelfredzaamheid/ademruimte", post(record_self_score))
        .route("/dossiers/{id}/zelfredzaamheid/ademruimte/delen", post(share_self_scores))
}

pub struct ZrmTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub current_title: &'static str,
    pub domain: &'static str,
    pub score: &'static str,
    pub date: &'static str,
    pub trend: &'static str,
    pub not_scored: &'static str,
    pub outdated: &'static str,
    pub no_assessments: &'static str,
    pub chart_title: &'static str,
    pub self_title: &'static str,
    pub self_intro: &'static str,
    /// Shown to workers when she does not share her scores.
    pub not_shared: &'static str,
    pub share_title: &'static str,
    pub share_legend: &'static str,
    pub share_yes: &'static str,
    pub share_no: &'static str,
    pub share_now_yes: &'static str,
    pub share_now_no: &'static str,
    pub save_share: &'static str,
    pub no_self_scores: &'static str,
    pub room: &'static str,
    pub stress: &'static str,
    pub self_form_title: &'static str,
    pub self_form_intro: &'static str,
    pub choose: &'static str,
    pub save_self: &'static str,
    pub assess_title: &'static str,
    pub assess_intro: &'static str,
    pub assess_date: &'static str,
    pub assess_date_hint: &'static str,
    pub save_assessment: &'static str,
    pub saved: &'static str,
    pub conflict: &'static str,
    pub not_a_date: &'static str,
    pub in_future: &'static str,
    pub choose_rating: &'static str,
    pub back: &'static str,
    pub link: &'static str,
}

const NL: ZrmTexts = ZrmTexts {
    title: "Zelfredzaamheid",
    intro: "Hier ziet u hoe het gaat op 13 gebieden van het leven. Een getrainde WIJ-medewerker of klantmanager geeft per gebied een cijfer van 1 tot 5. 1 is: er zijn acute problemen. 5 is: dit gaat helemaal zelf. Daaronder staat hoeveel ademruimte de deelnemer zelf voelt.",
    current_title: "Hoe gaat het nu?",
    domain: "Gebied",
    score: "Cijfer",
    date: "Datum",
    trend: "Verloop",
    not_scored: "niet gescoord",
    outdated: "verouderd: ouder dan 30 dagen",
    no_assessments: "Er is nog geen meting.",
    chart_title: "Verloop per gebied",
    self_title: "Ademruimte: hoe voelt de deelnemer zich?",
    self_intro: "Dit vult alleen de deelnemer zelf in. Ruimte: 0 is geen ruimte, 10 is heel veel ruimte. Stress: 0 is geen stress, 10 is heel veel stress.",
    not_shared: "De deelnemer deelt haar ademruimte-scores niet met medewerkers. Dat bepaalt zij zelf.",
    share_title: "Wie ziet uw ademruimte-scores?",
    share_legend: "Mogen uw klantmanager en uw WIJ-medewerker uw ademruimte-scores zien?",
    share_yes: "Ja, zij mogen mijn scores zien",
    share_no: "Nee, alleen ik zie mijn scores",
    share_now_yes: "Nu zien uw klantmanager en uw WIJ-medewerker uw scores. Uw buddy ziet ze nooit.",
    share_now_no: "Nu ziet alleen u uw scores. Uw buddy ziet ze nooit.",
    save_share: "Keuze bewaren",
    no_self_scores: "Er is nog geen ademruimte-score.",
    room: "Ruimte",
    stress: "Stress",
    self_form_title: "Uw ademruimte vandaag",
    self_form_intro: "Vult u dit vandaag opnieuw in? Dan vervangt het uw score van vandaag.",
    choose: "Kies een cijfer",
    save_self: "Mijn score opslaan",
    assess_title: "Een meting vastleggen (ZRM)",
    assess_intro: "Geef per gebied een cijfer van 1 tot 5, of kies 'niet gescoord' als u het niet besproken hebt. Een meting op een datum die al bestaat, vervangt die meting.",
    assess_date: "Datum van de meting",
    assess_date_hint: "Vandaag of eerder, bijvoorbeeld 2026-11-01 (jaar-maand-dag).",
    save_assessment: "Meting opslaan",
    saved: "Opgeslagen.",
    conflict: "Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen. Bekijk de gegevens hieronder. Uw invoer staat nog in het formulier; kies opnieuw.",
    not_a_date: "Dit is geen datum. Schrijf de datum als jaar-maand-dag, bijvoorbeeld 2026-11-01.",
    in_future: "Deze datum ligt in de toekomst. Een meting gaat over vandaag of eerder.",
    choose_rating: "Kies een cijfer van 0 tot 10.",
    back: "Terug naar het dossier",
    link: "Naar zelfredzaamheid en ademruimte",
};

const EN: ZrmTexts = ZrmTexts {
    title: "Self-reliance",
    intro: "Here you see how things are going in 13 areas of life. A trained neighbourhood team worker or caseworker gives each area a score from 1 to 5. 1 is: there are acute problems. 5 is: this goes fully on its own. Below that is how much breathing room the resident feels.",
    current_title: "How are things now?",
    domain: "Area",
    score: "Score",
    date: "Date",
    trend: "Trend",
    not_scored: "not scored",
    outdated: "outdated: older than 30 days",
    no_assessments: "There is no assessment yet.",
    chart_title: "Trend per area",
    self_title: "Breathing room: how does the resident feel?",
    self_intro: "Only the resident fills this in. Room: 0 is no room, 10 is a lot of room. Stress: 0 is no stress, 10 is a lot of stress.",
    not_shared: "The resident does not share her breathing-room scores with workers. That is her choice.",
    share_title: "Who sees your breathing-room scores?",
    share_legend: "May your caseworker and your WIJ-worker see your breathing-room scores?",
    share_yes: "Yes, they may see my scores",
    share_no: "No, only I see my scores",
    share_now_yes: "Now your caseworker and your WIJ-worker see your scores. Your buddy never sees them.",
    share_now_no: "Now only you see your scores. Your buddy never sees them.",
    save_share: "Save my choice",
    no_self_scores: "There is no breathing-room score yet.",
    room: "Room",
    stress: "Stress",
    self_form_title: "Your breathing room today",
    self_form_intro: "Filling this in again today? It replaces today's score.",
    choose: "Choose a number",
    save_self: "Save my score",
    assess_title: "Record an assessment (ZRM)",
    assess_intro: "Give each area a score from 1 to 5, or choose 'not scored' if you did not discuss it. An assessment on a date that already has one replaces it.",
    assess_date: "Date of the assessment",
    assess_date_hint: "Today or earlier, for example 2026-11-01 (year-month-day).",
    save_assessment: "Save assessment",
    saved: "Saved.",
    conflict: "Someone else changed this in the meantime. Nothing was saved. Look at the data below. What you entered is still in the form; choose again.",
    not_a_date: "This is not a date. Write the date as year-month-day, for example 2026-11-01.",
    in_future: "This date is in the future. An assessment is about today or earlier.",
    choose_rating: "Choose a number from 0 to 10.",
    back: "Back to the dossier",
    link: "To self-reliance and breathing room",
};

pub fn zrm_texts(lang: Lang) -> &'static ZrmTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

pub struct CurrentView {
    pub label: &'static str,
    pub score: String,
    pub date: String,
    pub outdated: bool,
    pub trend: &'static str,
}

pub struct SelfScoreView {
    pub date: String,
    pub room: u8,
    pub stress: u8,
}

pub struct DomainInput {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    pub error: String,
}

#[derive(Default)]
struct Feedback {
    status: Option<StatusCode>,
    notice: String,
    errors: Vec<FieldError>,
    input: HashMap<String, String>,
}

impl Feedback {
    fn error_at(&self, id: &str) -> String {
        crate::forms::error_at(&self.errors, id)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "zelfredzaamheid.html")]
struct ZrmPage {
    t: &'static Texts,
    z: &'static ZrmTexts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    id: i64,
    name: String,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    zrm_version: i64,
    self_version: i64,
    has_assessments: bool,
    current: Vec<CurrentView>,
    svg: String,
    self_scores: Vec<SelfScoreView>,
    self_summary: String,
    /// Whether this viewer sees her scores (she herself, or a worker when she shares them).
    sees_selfs: bool,
    e_share: String,
    /// Her choice to share with her caseworker and WIJ-worker.
    shared: bool,
    can_assess: bool,
    can_self: bool,
    question_room: &'static str,
    question_stress: &'static str,
    ratings: Vec<String>,
    scores_1_5: Vec<(String, &'static str)>,
    domains: Vec<DomainInput>,
    f_date: String,
    f_room: String,
    f_stress: String,
    e_date: String,
    e_room: String,
    e_stress: String,
}

struct Stored {
    zrm: ZrmSeries,
    zrm_version: i64,
    selfs: AdemruimteSeries,
    self_version: i64,
}

fn broken(e: &plan::Error) -> StoreError {
    StoreError::new(
        format!("een opgeslagen meting klopt niet: {}", e.message_nl()),
        format!("a stored assessment is not valid: {}", e.message_en()),
        e.field.clone(),
    )
}

async fn load(acc: &Accounts, id: i64) -> Result<Stored, StoreError> {
    let store = acc.dossiers.plans();
    let (zrm, zrm_version) = match store.get(id, PlanKind::Zrm).await? {
        Some(d) => (plan::json::zrm_from_json(&d.content).map_err(|e| broken(&e))?, d.version),
        None => (ZrmSeries::default(), 0),
    };
    let (selfs, self_version) = match store.get(id, PlanKind::Ademruimte).await? {
        Some(d) => (plan::json::ademruimte_from_json(&d.content).map_err(|e| broken(&e))?, d.version),
        None => (AdemruimteSeries::default(), 0),
    };
    Ok(Stored { zrm, zrm_version, selfs, self_version })
}

fn at(id: &str, message: String) -> Vec<FieldError> {
    vec![FieldError { field: id.to_owned().into(), message }]
}

fn score_field(d: ZrmDomain) -> String {
    format!("score_{}", d.key())
}

fn score_id(d: ZrmDomain) -> String {
    format!("meting-{}", d.key())
}

async fn render(state: &AppState, headers: &HeaderMap, lang: Lang, id: i64, fb: Feedback) -> Response {
    let here = format!("/dossiers/{id}/zelfredzaamheid");
    let hid = Some(household_id(id));
    let Opened { acc, session, actor, dossier } = match open_household(
        state,
        headers,
        lang,
        id,
        &here,
        Action::ZelfredzaamheidLezen,
        None,
        "zelfredzaamheid lezen",
        ACTIVITY_ZRM,
    )
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
    let z = zrm_texts(lang);
    let day = today();
    let now = stored.zrm.current(day);
    let current = ZrmDomain::ALL
        .into_iter()
        .map(|d| {
            let c = now[d.index()];
            CurrentView {
                label: d.label(lang),
                score: c.map_or(z.not_scored.to_owned(), |c| format!("{} ({})", c.score.value(), c.score.label(lang))),
                date: c.map_or(String::new(), |c| plan::text::date_text(c.date, lang)),
                outdated: c.is_some_and(|c| c.outdated),
                trend: stored.zrm.trend(d).direction.label(lang),
            }
        })
        .collect();
    // Her scores are hers: a worker sees them only when she shares them.
    let sees_selfs = user.role == Role::Deelnemer || stored.selfs.shared();
    let self_scores = stored
        .selfs
        .scores()
        .iter()
        .rev()
        .filter(|_| sees_selfs)
        .map(|s| SelfScoreView { date: plan::text::date_text(s.date(), lang), room: s.room(), stress: s.stress() })
        .collect();
    let self_summary = match (stored.selfs.difference().filter(|_| sees_selfs), stored.selfs.scores().len()) {
        (Some((room, stress)), n) if n >= 2 => match lang {
            Lang::Nl => format!("Sinds de eerste score: ruimte {room:+}, stress {stress:+}."),
            Lang::En => format!("Since the first score: room {room:+}, stress {stress:+}."),
        },
        _ => String::new(),
    };
    let input = |k: &str| fb.input.get(k).cloned().unwrap_or_default();
    let domains = ZrmDomain::ALL
        .into_iter()
        .map(|d| DomainInput {
            key: d.key(),
            label: d.label(lang),
            value: input(&score_field(d)),
            error: fb.error_at(&score_id(d)),
        })
        .collect();
    let can_assess = toegang::decide(&actor, Action::ZelfredzaamheidVastleggen, hid).allowed;
    let can_self = user.role == Role::Deelnemer && toegang::decide(&actor, Action::PlanWerken, hid).allowed;
    let t = texts(lang);
    let f_date = fb.input.get("datum").cloned().unwrap_or_else(|| day.to_string());
    let mut response = ZrmPage {
        t,
        z,
        title: format!("{} · {}", z.title, dossier.name),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        id,
        name: dossier.name.clone(),
        notice: fb.notice.clone(),
        csrf: session.csrf.clone(),
        zrm_version: stored.zrm_version,
        self_version: stored.self_version,
        has_assessments: !stored.zrm.assessments().is_empty(),
        current,
        svg: zrm::zrm_svg(&stored.zrm, day, lang),
        self_scores,
        self_summary,
        sees_selfs,
        shared: stored.selfs.shared(),
        can_assess,
        can_self,
        question_room: Ademruimte::question_room(lang),
        question_stress: Ademruimte::question_stress(lang),
        ratings: (0..=zrm::MAX_RATING).map(|n| n.to_string()).collect(),
        scores_1_5: ZrmScore::ALL.iter().map(|s| (s.value().to_string(), s.label(lang))).collect(),
        domains,
        f_date,
        f_room: input("ruimte"),
        f_stress: input("stress"),
        e_date: fb.error_at("meting-datum"),
        e_room: fb.error_at("ademruimte-ruimte"),
        e_stress: fb.error_at("ademruimte-stress"),
        e_share: fb.error_at("gedeeld-ja"),
        errors: fb.errors,
    }
    .into_response();
    *response.status_mut() = fb.status.unwrap_or(StatusCode::OK);
    no_store(response)
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

/// An operation on the assessments: `Err` holds the errors for the page.
type ZrmOp = Box<dyn FnOnce(&mut ZrmSeries, Role, Date) -> Result<(), Vec<FieldError>> + Send>;
/// An operation on the self-scores.
type SelfOp = Box<dyn FnOnce(&mut AdemruimteSeries, Role, Date) -> Result<(), Vec<FieldError>> + Send>;

/// What a form changes: the ZRM series or the self-scores, given the role
/// and today; `Err` holds the errors for the page (`weigering`: a refusal).
enum Change {
    Zrm(ZrmOp),
    SelfScore(SelfOp),
}

/// The common path of both forms: login, CSRF, the policy, the log record,
/// the version check, the plan crate's checks, the versioned write.
async fn act(
    state: AppState,
    q: HashMap<String, String>,
    headers: HeaderMap,
    id: String,
    form: HashMap<String, String>,
    change: Change,
) -> Response {
    let lang = lang_of(&q);
    let z = zrm_texts(lang);
    let Some(id) = path_id(&id) else { return not_found(lang, "/dossiers") };
    let here = format!("/dossiers/{id}/zelfredzaamheid");
    let action = match change {
        Change::Zrm(_) => Action::ZelfredzaamheidVastleggen,
        Change::SelfScore(_) => Action::PlanWerken,
    };
    let Opened { acc, session, actor: _, dossier: _ } = match open_household(
        &state,
        &headers,
        lang,
        id,
        &here,
        action,
        Some(form.get("csrf").map(String::as_str).unwrap_or_default()),
        "zelfredzaamheid wijzigen",
        ACTIVITY_ZRM,
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
    let (kind, current) = match change {
        Change::Zrm(_) => (PlanKind::Zrm, stored.zrm_version),
        Change::SelfScore(_) => (PlanKind::Ademruimte, stored.self_version),
    };
    let Some(version) = form.get("versie").and_then(|v| v.parse::<i64>().ok()) else {
        fb.status = Some(StatusCode::BAD_REQUEST);
        fb.notice = account_texts(lang).form_expired.to_owned();
        return render(&state, &headers, lang, id, fb).await;
    };
    if version != current {
        fb.status = Some(StatusCode::CONFLICT);
        fb.notice = z.conflict.to_owned();
        return render(&state, &headers, lang, id, fb).await;
    }
    let (role, day) = (user.role, today());
    let outcome = match change {
        Change::Zrm(f) => f(&mut stored.zrm, role, day),
        Change::SelfScore(f) => f(&mut stored.selfs, role, day),
    };
    if let Err(errors) = outcome {
        let refusal = errors.iter().any(|e| e.field == "weigering");
        fb.status = Some(if refusal { StatusCode::FORBIDDEN } else { StatusCode::BAD_REQUEST });
        if refusal {
            fb.notice = errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" ");
        } else {
            fb.errors = errors;
        }
        return render(&state, &headers, lang, id, fb).await;
    }
    let content = match kind {
        PlanKind::Zrm => plan::json::zrm_to_json(&stored.zrm),
        _ => plan::json::ademruimte_to_json(&stored.selfs),
    };
    let now = jiff::Timestamp::now().as_second();
    match acc.dossiers.plans().put(id, kind, version, &content, &user.id, now).await {
        Ok(Ok(_)) => {
            let fb = Feedback { notice: z.saved.to_owned(), ..Feedback::default() };
            render(&state, &headers, lang, id, fb).await
        }
        Ok(Err(_conflict)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = z.conflict.to_owned();
            render(&state, &headers, lang, id, fb).await
        }
        Err(e) => internal(lang, &here, &e),
    }
}

fn value(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|v| v.trim().to_owned()).unwrap_or_default()
}

async fn record_assessment(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let z = zrm_texts(lang);
    let date = value(&form, "datum");
    let given: Vec<(ZrmDomain, String)> =
        ZrmDomain::ALL.into_iter().map(|d| (d, value(&form, &score_field(d)))).collect();
    let change = Change::Zrm(Box::new(move |series, role, today| {
        let mut errors = Vec::new();
        let day = match date.parse::<Date>() {
            Ok(d) if d > today => {
                errors.extend(at("meting-datum", z.in_future.to_owned()));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.extend(at("meting-datum", z.not_a_date.to_owned()));
                None
            }
        };
        let mut scores = Vec::new();
        for (d, v) in &given {
            if v.is_empty() {
                continue;
            }
            let field = format!("scores.{}", d.key());
            let parsed =
                v.parse::<i64>().map_err(|_| plan::Error::new(&field, plan::Problem::OutOfRange { min: 1, max: 5 }));
            match parsed.and_then(|n| ZrmScore::parse(&field, n)) {
                Ok(s) => scores.push((*d, s)),
                Err(e) => errors.extend(at(&score_id(*d), sentence(&e, lang))),
            }
        }
        let assessment = match ZrmAssessment::new(day.unwrap_or(today), role, &scores) {
            Ok(a) => Some(a),
            Err(e) if matches!(e.problem, plan::Problem::NotAllowed { .. }) => {
                return Err(at("weigering", sentence(&e, lang)));
            }
            Err(e) => {
                if errors.is_empty() || !scores.is_empty() {
                    errors.extend(at(&score_id(ZrmDomain::Finances), sentence(&e, lang)));
                }
                None
            }
        };
        let (Some(day), Some(assessment), true) = (day, assessment, errors.is_empty()) else {
            return Err(errors);
        };
        // One assessment per date: a second one on a date replaces it.
        let mut all: Vec<ZrmAssessment> = series.assessments().iter().filter(|m| m.date() != day).cloned().collect();
        all.push(assessment);
        all.sort_by_key(ZrmAssessment::date);
        *series = ZrmSeries::new(all).map_err(|e| at("meting-datum", sentence(&e, lang)))?;
        Ok(())
    }));
    act(state, q, headers, id, form, change).await
}

async fn record_self_score(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let z = zrm_texts(lang);
    let (room, stress) = (value(&form, "ruimte"), value(&form, "stress"));
    let change = Change::SelfScore(Box::new(move |series, role, today| {
        if role != Role::Deelnemer {
            // The plan crate's refusal, in its words.
            let e = Ademruimte::new(role, today, 0, 0).err();
            return Err(at("weigering", e.map(|e| sentence(&e, lang)).unwrap_or_default()));
        }
        let rating = |v: &str| v.parse::<u8>().ok().filter(|n| *n <= zrm::MAX_RATING);
        let (r, s) = (rating(&room), rating(&stress));
        let mut errors = Vec::new();
        if r.is_none() {
            errors.extend(at("ademruimte-ruimte", z.choose_rating.to_owned()));
        }
        if s.is_none() {
            errors.extend(at("ademruimte-stress", z.choose_rating.to_owned()));
        }
        let (Some(r), Some(s)) = (r, s) else { return Err(errors) };
        let score = Ademruimte::new(role, today, r, s).map_err(|e| at("ademruimte-ruimte", sentence(&e, lang)))?;
        // One score per date: filling it in again today replaces today's.
        series.record(score).map_err(|e| at("ademruimte-ruimte", sentence(&e, lang)))
    }));
    act(state, q, headers, id, form, change).await
}

/// Her choice whether her caseworker and WIJ-worker see her scores; only
/// she makes it (`AdemruimteSeries::share`).
async fn share_self_scores(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let choice = value(&form, "gedeeld");
    let change = Change::SelfScore(Box::new(move |series, role, _today| {
        let shared = match choice.as_str() {
            "ja" => true,
            "nee" => false,
            _ if role != Role::Deelnemer => false,
            _ => {
                let message = crate::experiments::pick(lang, "Kies ja of nee.", "Choose yes or no.");
                return Err(at("gedeeld-ja", message.to_owned()));
            }
        };
        series.share(role, shared).map_err(|e| at("weigering", sentence(&e, lang)))
    }));
    act(state, q, headers, id, form, change).await
}
