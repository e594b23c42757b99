//! The home-visit round (*wijkbenadering*, issue 6, item 5) in the web app.
//!
//! - `/huisbezoeken`: the rounds with their numbers, and the form to plan a
//!   new one (buurt code, date, addresses one per line).
//! - `/huisbezoeken/{id}`: the addresses with outcome, attempts and the
//!   answer to the first question; forms to record a visit
//!   (`/huisbezoeken/{id}/bezoek`) and consent (`/huisbezoeken/{id}/toestemming`).
//!
//! - `/huisbezoeken/{id}/dossier`: the caseworker opens a dossier for an
//!   address whose resident gave consent (name, BSN, date of birth; address
//!   and buurt from the round), once per address; the round's planner walks
//!   along. The link between address and dossier, with the consent it rests
//!   on, is kept by `opslag::DossierStore::open_from_visit`.
//!
//! Only WIJ-workers and caseworkers ([`plan::home_visits::VISITORS`]). A
//! round holds addresses only: no names, no BSNs. Consent alone does not
//! create a dossier (that needs a name and a BSN, registry data that only
//! the caseworker records: `Action::PersoonsgegevensVastleggen`). As for the plan: a log record for every view
//! and change, CSRF on every form, `no-store`, a stale form gets 409 with the
//! input kept, and errors are shown at their field.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use opslag::StoreError;
use opslag::huisbezoek::{HuisbezoekStore, NewRound, StoredRound};
use plan::buddy::NeighbourhoodCode;
use plan::home_visits::{self, Address, Outcome, Round, RoundStatistics};
use plan::text::pick;
use platform::rol::Role;
use regels::Lang;

use crate::account::{Accounts, Subject, account_texts, internal, log, may, message, no_store};
use crate::dossier::{not_found, path_id, who, who_posting};
use crate::forms::{Pairs, error_at, forbidden_form, lang_of, not_a_date, one, sentence, today};
use crate::pages::{FieldError, Texts, texts};
use crate::{AppState, STYLESHEETS};

pub const ACTIVITY_WIJKBENADERING: &str = "urn:ademruimte:verwerking:wijkbenadering";

/// Who may open the round pages.
pub const ROLES: &[Role] = &[Role::WijMedewerker, Role::Klantmanager];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/huisbezoeken", get(list_page).post(plan_round))
        .route("/huisbezoeken/{id}", get(round_page))
        .route("/huisbezoeken/{id}/bezoek", post(record_visit))
        .route("/huisbezoeken/{id}/toestemming", post(consent))
        .route("/huisbezoeken/{id}/dossier", post(open_dossier))
}

fn at(id: &str, message: String) -> FieldError {
    FieldError { field: id.to_owned().into(), message }
}

fn broken(e: &plan::Error) -> StoreError {
    StoreError::new(
        format!("een opgeslagen huisbezoekronde klopt niet: {}", e.message_nl()),
        format!("a stored home-visit round is not valid: {}", e.message_en()),
        e.field.clone(),
    )
}

fn store(acc: &Accounts) -> HuisbezoekStore {
    HuisbezoekStore::new(acc.store.database().clone())
}

fn role_refused(lang: Lang, here: &str) -> Response {
    let a = account_texts(lang);
    let text = pick(
        lang,
        "Huisbezoeken zijn er voor WIJ-medewerkers en klantmanagers. Met uw rol kunt u deze pagina niet openen.",
        "Home visits are for neighbourhood team workers and caseworkers. Your role cannot open this page.",
    );
    message(lang, StatusCode::FORBIDDEN, a.denied_title, text, here)
}

fn conflict_text(lang: Lang) -> String {
    pick(
        lang,
        "Iemand anders heeft deze ronde intussen gewijzigd. Er is niets opgeslagen. Uw invoer staat nog in het formulier; kijk het na en sla opnieuw op.",
        "Someone else changed this round in the meantime. Nothing was saved. What you entered is still in the form; check it and save again.",
    )
    .to_owned()
}

fn round_of(r: &StoredRound) -> Result<Round, StoreError> {
    plan::json::round_from_json(&r.content).map_err(|e| broken(&e))
}

fn percent(s: home_visits::Share) -> String {
    s.percent().map_or_else(|| "–".to_owned(), |p| format!("{p}%"))
}

/// One address per line: `9736 AB 12a`, `9736AB 12`, `9736 AB 12 a`.
fn parse_address(line: &str, nr: usize) -> Result<Address, plan::Error> {
    let field = format!("adressen[{nr}]");
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let (postcode, rest) = match tokens.as_slice() {
        [a, b, rest @ ..] if a.len() == 4 && b.len() == 2 && b.chars().all(char::is_alphabetic) => {
            (format!("{a}{b}"), rest.concat())
        }
        [a, rest @ ..] => ((*a).to_owned(), rest.concat()),
        [] => (String::new(), String::new()),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let addition = rest[digits.len()..].trim_start_matches('-');
    let number = digits.parse::<u32>().unwrap_or(0);
    Address::new(&field, &postcode, number, Some(addition))
}

// ---------------------------------------------------------------------------
// The list of rounds and planning a new one.

pub struct RoundRow {
    pub id: i64,
    pub buurt: String,
    pub date: String,
    pub addresses: u32,
    pub visited: u32,
    pub contact: String,
    pub interested: u32,
    pub consents: u32,
}

#[derive(Template, WebTemplate)]
#[template(path = "huisbezoeken.html")]
struct ListPage {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    errors: Vec<FieldError>,
    csrf: String,
    rounds: Vec<RoundRow>,
    /// The link to the next (older) page, "" on the last page.
    older: String,
    /// On a later page: the link back to the newest rounds.
    newest: String,
    f_buurt: String,
    f_datum: String,
    f_adressen: String,
    e_buurt: String,
    e_datum: String,
    e_adressen: String,
}

/// Rounds per page of the list.
pub const ROUNDS_PER_PAGE: i64 = 50;

/// `voor=JJJJ-MM-DD_id`: the last round of the previous page.
fn lang_key(lang: Lang) -> &'static str {
    texts(lang).lang
}

fn page_key(text: &str) -> Option<(String, i64)> {
    let (date, id) = text.split_once('_')?;
    let date: Date = date.parse().ok()?;
    let id: i64 = id.parse().ok().filter(|i| *i > 0)?;
    Some((date.to_string(), id))
}

async fn list_response(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    input: Option<Pairs>,
    status: StatusCode,
    errors: Vec<FieldError>,
    before: Option<(String, i64)>,
) -> Response {
    let here = "/huisbezoeken";
    let (acc, session, _) = match who(state, headers, lang, here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !ROLES.contains(&user.role) {
        return role_refused(lang, here);
    }
    if let Err(e) = log(&acc, user, "huisbezoekrondes lezen", ACTIVITY_WIJKBENADERING, Subject::Account(&user.id)).await
    {
        return internal(lang, here, &e);
    }
    let stored = match store(&acc).list_before(before.as_ref().map(|(d, i)| (d.as_str(), *i)), ROUNDS_PER_PAGE).await {
        Ok(x) => x,
        Err(e) => return internal(lang, here, &e),
    };
    // A full page may have older rounds after it (an extra click at worst shows none).
    let older = match stored.last() {
        Some(last) if i64::try_from(stored.len()).is_ok_and(|n| n == ROUNDS_PER_PAGE) => {
            format!("/huisbezoeken?voor={}_{}&taal={}", last.date, last.id, lang_key(lang))
        }
        _ => String::new(),
    };
    let newest = if before.is_some() { format!("/huisbezoeken?taal={}", lang_key(lang)) } else { String::new() };
    let mut rounds = Vec::with_capacity(stored.len());
    for r in &stored {
        let s: RoundStatistics = match round_of(r) {
            Ok(round) => round.statistics(),
            Err(e) => return internal(lang, here, &e),
        };
        rounds.push(RoundRow {
            id: r.id,
            buurt: r.neighbourhood.clone(),
            date: r.date.parse::<Date>().map_or_else(|_| r.date.clone(), |d| plan::text::date_text(d, lang)),
            addresses: s.addresses,
            visited: s.visited,
            contact: percent(s.contact_rate),
            interested: s.interested,
            consents: s.consents,
        });
    }
    let input = input.unwrap_or_default();
    let datum = one(&input, "datum");
    let t = texts(lang);
    let page = ListPage {
        t,
        title: pick(lang, "Huisbezoeken in de wijk", "Home visits in the neighbourhood"),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        csrf: session.csrf.clone(),
        rounds,
        older,
        newest,
        f_buurt: one(&input, "buurt"),
        f_datum: if datum.is_empty() { today().to_string() } else { datum },
        f_adressen: one(&input, "adressen"),
        e_buurt: error_at(&errors, "buurt"),
        e_datum: error_at(&errors, "datum"),
        e_adressen: error_at(&errors, "adressen"),
        errors,
    };
    let mut r = page.into_response();
    *r.status_mut() = status;
    no_store(r)
}

async fn list_page(State(state): State<AppState>, Query(q): Query<Pairs>, headers: HeaderMap) -> Response {
    let lang = lang_of(&q);
    let voor = one(&q, "voor");
    let before = if voor.is_empty() { None } else { page_key(&voor) };
    if !voor.is_empty() && before.is_none() {
        let text = pick(
            lang,
            "Deze pagina van de lijst bestaat niet. Begin bij de nieuwste rondes.",
            "This page of the list does not exist. Start at the newest rounds.",
        );
        return message(
            lang,
            StatusCode::BAD_REQUEST,
            pick(lang, "Huisbezoeken", "Home visits"),
            text,
            "/huisbezoeken",
        );
    }
    list_response(&state, &headers, lang, None, StatusCode::OK, Vec::new(), before).await
}

/// The round from the form, or every error at its field.
fn round_from_form(form: &Pairs, by: Role, lang: Lang) -> Result<Round, Vec<FieldError>> {
    let mut errors = Vec::new();
    let buurt = NeighbourhoodCode::parse("buurt", one(form, "buurt").trim());
    if let Err(e) = &buurt {
        errors.push(at("buurt", sentence(e, lang)));
    }
    let date = one(form, "datum").trim().parse::<Date>();
    if date.is_err() {
        errors.push(at("datum", not_a_date(lang)));
    }
    let text = one(form, "adressen");
    let mut addresses = Vec::new();
    for (nr, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        match parse_address(line, nr) {
            Ok(a) => addresses.push(a),
            Err(e) => {
                let m = match lang {
                    Lang::Nl => format!("Regel {}, ‘{line}’: {}", nr + 1, sentence(&e, lang)),
                    Lang::En => format!("Line {}, ‘{line}’: {}", nr + 1, sentence(&e, lang)),
                };
                errors.push(at("adressen", m));
                break;
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Ok(buurt), Ok(date)) = (buurt, date) else { return Err(errors) };
    Round::new(by, buurt, date, addresses).map_err(|e| {
        let m = match e.field.strip_prefix("adressen[").and_then(|r| r.split(']').next()?.parse::<usize>().ok()) {
            Some(i) => match lang {
                Lang::Nl => format!("Regel {}: {}", i + 1, sentence(&e, lang)),
                Lang::En => format!("Line {}: {}", i + 1, sentence(&e, lang)),
            },
            None => sentence(&e, lang),
        };
        vec![at("adressen", m)]
    })
}

async fn plan_round(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let here = "/huisbezoeken";
    let (acc, session, _) = match who_posting(&state, &headers, lang, here, &one(&form, "csrf")).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !ROLES.contains(&user.role) {
        return role_refused(lang, here);
    }
    let round = match round_from_form(&form, user.role, lang) {
        Ok(r) => r,
        Err(errors) => {
            return list_response(&state, &headers, lang, Some(form), StatusCode::BAD_REQUEST, errors, None).await;
        }
    };
    if let Err(e) =
        log(&acc, user, "huisbezoekronde plannen", ACTIVITY_WIJKBENADERING, Subject::Account(&user.id)).await
    {
        return internal(lang, here, &e);
    }
    let new = NewRound {
        neighbourhood: round.neighbourhood().as_str().to_owned(),
        planner: user.id.clone(),
        date: round.planned_on().to_string(),
        content: plan::json::round_to_json(&round),
    };
    match store(&acc).create(&new, jiff::Timestamp::now().as_second()).await {
        Ok(id) => no_store(Redirect::to(&format!("/huisbezoeken/{id}?taal={}", texts(lang).lang)).into_response()),
        Err(e) => internal(lang, here, &e),
    }
}

// ---------------------------------------------------------------------------
// One round: the addresses, recording a visit and consent.

pub struct VisitRow {
    pub nr: usize,
    pub address: String,
    pub outcome: String,
    pub attempts: u8,
    pub last_date: String,
    pub answer: String,
    pub consent: String,
    /// The dossier opened from this visit, if any.
    pub dossier: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "huisbezoek.html")]
struct RoundPage {
    t: &'static Texts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    id: i64,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    version: i64,
    date: String,
    first_question: &'static str,
    stats: RoundStatistics,
    contact: String,
    interest: String,
    visits: Vec<VisitRow>,
    /// (nr, address text, chosen) for the address lists of both forms.
    visit_addresses: Vec<(usize, String, bool)>,
    consent_addresses: Vec<(usize, String, bool)>,
    outcomes: Vec<(String, String, bool)>,
    f_bezoek_datum: String,
    f_antwoord: String,
    f_toestemming_datum: String,
    f_tekstversie: String,
    withdraw: bool,
    e_bezoek_adres: String,
    e_bezoek_datum: String,
    e_uitkomst: String,
    e_antwoord: String,
    e_toestemming_adres: String,
    e_toestemming_datum: String,
    e_tekstversie: String,
    /// The caseworker's form to open a dossier from a visit with consent:
    /// shown to whoever may record name and BSN.
    can_open: bool,
    open_addresses: Vec<(usize, String, bool)>,
    f_naam: String,
    f_bsn: String,
    f_geboortedatum: String,
    e_dossier_adres: String,
    e_naam: String,
    e_bsn: String,
    e_geboortedatum: String,
}

/// What a POST carried back to the page.
#[derive(Default)]
struct Feedback {
    status: Option<StatusCode>,
    notice: String,
    errors: Vec<FieldError>,
    input: Pairs,
    /// Which form the input belongs to: `bezoek`, `toestemming` or `dossier`.
    form: &'static str,
}

fn visit_row(nr: usize, v: &home_visits::Visit, lang: Lang) -> VisitRow {
    let consent = match &v.consent {
        None => String::new(),
        Some(c) => {
            let given = plan::text::date_text(c.date, lang);
            match (c.withdrawn_on, lang) {
                (None, Lang::Nl) => format!("gegeven op {given} (informatietekst {})", c.information_text_version),
                (None, Lang::En) => format!("given on {given} (information text {})", c.information_text_version),
                (Some(w), Lang::Nl) => format!("ingetrokken op {}", plan::text::date_text(w, lang)),
                (Some(w), Lang::En) => format!("withdrawn on {}", plan::text::date_text(w, lang)),
            }
        }
    };
    VisitRow {
        nr,
        address: v.address.text(),
        outcome: v
            .outcome
            .map_or_else(|| pick(lang, "nog niet bezocht", "not visited yet").to_owned(), |o| o.label(lang).to_owned()),
        attempts: v.attempts,
        last_date: v.last_date.map_or_else(String::new, |d| plan::text::date_text(d, lang)),
        answer: v.first_answer.clone().unwrap_or_default(),
        consent,
        dossier: None,
    }
}

async fn render_round(state: &AppState, headers: &HeaderMap, lang: Lang, id: i64, fb: Feedback) -> Response {
    let here = format!("/huisbezoeken/{id}");
    let (acc, session, _) = match who(state, headers, lang, &here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !ROLES.contains(&user.role) {
        return role_refused(lang, &here);
    }
    if let Err(e) = log(&acc, user, "huisbezoekronde lezen", ACTIVITY_WIJKBENADERING, Subject::Account(&user.id)).await
    {
        return internal(lang, &here, &e);
    }
    let stored = match store(&acc).get(id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(lang, "/huisbezoeken"),
        Err(e) => return internal(lang, &here, &e),
    };
    let round = match round_of(&stored) {
        Ok(r) => r,
        Err(e) => return internal(lang, &here, &e),
    };
    let stats = round.statistics();
    let opened: Vec<(i64, i64)> = match acc.dossiers.opened_from_round(id).await {
        Ok(o) => o,
        Err(e) => return internal(lang, &here, &e),
    };
    let opened_at = |nr: usize| opened.iter().find(|(a, _)| usize::try_from(*a).ok() == Some(nr)).map(|(_, h)| *h);
    let can_open = may(user, platform::toegang::Action::PersoonsgegevensVastleggen);
    let input = |form: &str, key: &str| if fb.form == form { one(&fb.input, key) } else { String::new() };
    let chosen = |form: &str| input(form, "adres").parse::<usize>().ok();
    let (visit_nr, consent_nr) = (chosen("bezoek"), chosen("toestemming"));
    let addresses = |nr: Option<usize>, only_consent: bool| {
        round
            .visits()
            .iter()
            .enumerate()
            .filter(|(i, v)| !only_consent || v.outcome == Some(Outcome::Interested) || nr == Some(*i))
            .map(|(i, v)| (i, v.address.text(), nr == Some(i)))
            .collect::<Vec<_>>()
    };
    let outcome_key = input("bezoek", "uitkomst");
    let date_or_today = |d: String| if d.is_empty() { today().to_string() } else { d };
    let version_text = input("toestemming", "tekstversie");
    let t = texts(lang);
    let errors = fb.errors;
    let page = RoundPage {
        t,
        title: match lang {
            Lang::Nl => format!("Huisbezoekronde in {}", stored.neighbourhood),
            Lang::En => format!("Home-visit round in {}", stored.neighbourhood),
        },
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        id,
        notice: fb.notice,
        csrf: session.csrf.clone(),
        version: stored.version,
        date: plan::text::date_text(round.planned_on(), lang),
        first_question: pick(lang, home_visits::FIRST_QUESTION_NL, home_visits::FIRST_QUESTION_EN),
        stats,
        contact: percent(stats.contact_rate),
        interest: percent(stats.interest_rate),
        visits: round
            .visits()
            .iter()
            .enumerate()
            .map(|(i, v)| VisitRow { dossier: opened_at(i), ..visit_row(i, v, lang) })
            .collect(),
        can_open,
        open_addresses: round
            .visits()
            .iter()
            .enumerate()
            .filter(|(i, v)| v.consent.as_ref().is_some_and(home_visits::Consent::is_valid) && opened_at(*i).is_none())
            .map(|(i, v)| (i, v.address.text(), chosen("dossier") == Some(i)))
            .collect(),
        f_naam: input("dossier", "naam"),
        f_bsn: input("dossier", "bsn"),
        f_geboortedatum: input("dossier", "geboortedatum"),
        e_dossier_adres: error_at(&errors, "dossier-adres"),
        e_naam: error_at(&errors, "dossier-naam"),
        e_bsn: error_at(&errors, "dossier-bsn"),
        e_geboortedatum: error_at(&errors, "dossier-geboortedatum"),
        visit_addresses: addresses(visit_nr, false),
        consent_addresses: addresses(consent_nr, true),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| (o.key().to_owned(), o.label(lang).to_owned(), o.key() == outcome_key))
            .collect(),
        f_bezoek_datum: date_or_today(input("bezoek", "datum")),
        f_antwoord: input("bezoek", "antwoord"),
        f_toestemming_datum: date_or_today(input("toestemming", "datum")),
        f_tekstversie: version_text,
        withdraw: input("toestemming", "actie") == "intrekken",
        e_bezoek_adres: error_at(&errors, "bezoek-adres"),
        e_bezoek_datum: error_at(&errors, "bezoek-datum"),
        e_uitkomst: error_at(&errors, "bezoek-uitkomst"),
        e_antwoord: error_at(&errors, "bezoek-antwoord"),
        e_toestemming_adres: error_at(&errors, "toestemming-adres"),
        e_toestemming_datum: error_at(&errors, "toestemming-datum"),
        e_tekstversie: error_at(&errors, "tekstversie"),
        errors,
    };
    let mut r = page.into_response();
    *r.status_mut() = fb.status.unwrap_or(StatusCode::OK);
    no_store(r)
}

async fn round_page(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    match path_id(&id) {
        Some(id) => render_round(&state, &headers, lang, id, Feedback::default()).await,
        None => not_found(lang, "/huisbezoeken"),
    }
}

/// Which form field a plan error belongs to, in form `prefix`.
fn field_of(e: &plan::Error, prefix: &str) -> String {
    let leaf = e.field.rsplit('.').next().unwrap_or_default();
    let id = match (prefix, leaf) {
        ("bezoek", "datum") => "bezoek-datum",
        ("bezoek", "uitkomst") => "bezoek-uitkomst",
        ("bezoek", "eerste_antwoord") => "bezoek-antwoord",
        ("toestemming", "datum" | "ingetrokken_op") => "toestemming-datum",
        ("toestemming", "versie_informatietekst") => "tekstversie",
        ("bezoek", _) => "bezoek-adres",
        _ => "toestemming-adres",
    };
    id.to_owned()
}

/// Changes a round: checks the session, CSRF, role and version, applies
/// `change` (errors at their field, 400), logs and stores (409 if stale).
#[allow(clippy::too_many_arguments)]
async fn change_round(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    id: &str,
    form: Pairs,
    which: &'static str,
    log_name: &str,
    change: impl FnOnce(&mut Round, Role, &Pairs) -> Result<String, FieldError>,
) -> Response {
    let Some(id) = path_id(id) else { return not_found(lang, "/huisbezoeken") };
    let here = format!("/huisbezoeken/{id}");
    let (acc, session, _) = match who_posting(state, headers, lang, &here, &one(&form, "csrf")).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !ROLES.contains(&user.role) {
        return role_refused(lang, &here);
    }
    let Ok(version) = one(&form, "versie").parse::<i64>() else {
        return forbidden_form(lang, &here);
    };
    let s = store(&acc);
    let stored = match s.get(id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(lang, "/huisbezoeken"),
        Err(e) => return internal(lang, &here, &e),
    };
    let mut fb = Feedback { input: form.clone(), form: which, ..Feedback::default() };
    if stored.version != version {
        fb.status = Some(StatusCode::CONFLICT);
        fb.notice = conflict_text(lang);
        return render_round(state, headers, lang, id, fb).await;
    }
    let mut round = match round_of(&stored) {
        Ok(r) => r,
        Err(e) => return internal(lang, &here, &e),
    };
    let notice = match change(&mut round, user.role, &form) {
        Ok(n) => n,
        Err(e) => {
            fb.status = Some(StatusCode::BAD_REQUEST);
            fb.errors = vec![e];
            return render_round(state, headers, lang, id, fb).await;
        }
    };
    if let Err(e) = log(&acc, user, log_name, ACTIVITY_WIJKBENADERING, Subject::Account(&user.id)).await {
        return internal(lang, &here, &e);
    }
    let content = plan::json::round_to_json(&round);
    match s.put(id, version, &content, &user.id, jiff::Timestamp::now().as_second()).await {
        Ok(Ok(_)) => render_round(state, headers, lang, id, Feedback { notice, ..Feedback::default() }).await,
        Ok(Err(_)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = conflict_text(lang);
            render_round(state, headers, lang, id, fb).await
        }
        Err(e) => internal(lang, &here, &e),
    }
}

fn address_nr(form: &Pairs, round: &Round, field: &str, lang: Lang) -> Result<usize, FieldError> {
    one(form, "adres").parse::<usize>().ok().filter(|n| *n < round.visits().len()).ok_or_else(|| {
        at(field, pick(lang, "Kies een adres uit de lijst.", "Choose an address from the list.").to_owned())
    })
}

fn form_date(form: &Pairs, field: &str, lang: Lang) -> Result<Date, FieldError> {
    one(form, "datum").trim().parse::<Date>().map_err(|_| at(field, not_a_date(lang)))
}

async fn record_visit(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    change_round(&state, &headers, lang, &id, form, "bezoek", "huisbezoek vastleggen", |round, role, form| {
        let nr = address_nr(form, round, "bezoek-adres", lang)?;
        let date = form_date(form, "bezoek-datum", lang)?;
        let Some(outcome) = Outcome::from_key(&one(form, "uitkomst")) else {
            return Err(at(
                "bezoek-uitkomst",
                pick(lang, "Kies wat er gebeurde aan de deur.", "Choose what happened at the door.").to_owned(),
            ));
        };
        let answer = one(form, "antwoord");
        let answer = Some(answer.as_str()).filter(|a| !a.trim().is_empty());
        round.record(role, nr, date, outcome, answer).map_err(|e| at(&field_of(&e, "bezoek"), sentence(&e, lang)))?;
        let address = round.visits()[nr].address.text();
        Ok(match lang {
            Lang::Nl => format!("Bezoek aan {address} vastgelegd: {}.", outcome.label(lang)),
            Lang::En => format!("Visit to {address} recorded: {}.", outcome.label(lang)),
        })
    })
    .await
}

async fn consent(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let withdraw = one(&form, "actie") == "intrekken";
    let name = if withdraw { "toestemming intrekken" } else { "toestemming vastleggen" };
    change_round(&state, &headers, lang, &id, form, "toestemming", name, |round, role, form| {
        let nr = address_nr(form, round, "toestemming-adres", lang)?;
        let date = form_date(form, "toestemming-datum", lang)?;
        let to_field = |e: plan::Error| at(&field_of(&e, "toestemming"), sentence(&e, lang));
        if withdraw {
            round.withdraw_consent(nr, date).map_err(to_field)?;
            return Ok(pick(lang, "Toestemming ingetrokken.", "Consent withdrawn.").to_owned());
        }
        round.record_consent(role, nr, date, &one(form, "tekstversie")).map_err(to_field)?;
        // Only a check: a dossier needs a name and a BSN, the caseworker makes it.
        round.start_dossier(nr).map_err(to_field)?;
        Ok(pick(
            lang,
            "Toestemming vastgelegd: de klantmanager kan nu een dossier aanmaken.",
            "Consent recorded: the caseworker can now create a dossier.",
        )
        .to_owned())
    })
    .await
}

/// The caseworker opens a dossier for an address whose resident gave
/// consent: name, BSN (11-proef) and date of birth; the address and buurt
/// come from the round. The visiting worker (the round's planner) walks
/// along. Once per address (the store refuses a second one, also when two
/// press at once); then on to the dossier's edit page to fill in the rest.
async fn open_dossier(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let Some(id) = path_id(&id) else { return not_found(lang, "/huisbezoeken") };
    let here = format!("/huisbezoeken/{id}");
    let (acc, session, _) = match who_posting(&state, &headers, lang, &here, &one(&form, "csrf")).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !ROLES.contains(&user.role) {
        return role_refused(lang, &here);
    }
    if !may(user, platform::toegang::Action::PersoonsgegevensVastleggen) {
        let text = pick(
            lang,
            "Een dossier aanmaken doet de klantmanager: die legt naam en BSN vast.",
            "The caseworker creates a dossier: they record name and BSN.",
        );
        return message(lang, StatusCode::FORBIDDEN, account_texts(lang).denied_title, text, &here);
    }
    let stored = match store(&acc).get(id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(lang, "/huisbezoeken"),
        Err(e) => return internal(lang, &here, &e),
    };
    let round = match round_of(&stored) {
        Ok(r) => r,
        Err(e) => return internal(lang, &here, &e),
    };
    let mut fb = Feedback { input: form.clone(), form: "dossier", ..Feedback::default() };
    let mut errors = Vec::new();
    // The address: one of this round's, with valid consent (the plan crate says so).
    let start = match address_nr(&form, &round, "dossier-adres", lang) {
        Ok(nr) => round.start_dossier(nr).map(|s| (nr, s)).map_err(|e| at("dossier-adres", sentence(&e, lang))),
        Err(e) => Err(e),
    };
    let start = start.map_err(|e| errors.push(e)).ok();
    let born = one(&form, "geboortedatum").trim().parse::<Date>().ok().filter(|d| *d <= today());
    if born.is_none() {
        errors.push(at(
            "dossier-geboortedatum",
            pick(
                lang,
                "Dit is geen geboortedatum. Schrijf jaar-maand-dag, bijvoorbeeld 1980-05-17.",
                "This is not a date of birth. Write year-month-day, for example 1980-05-17.",
            )
            .to_owned(),
        ));
    }
    let given = crate::dossier_form::Basics {
        name: one(&form, "naam"),
        address: start.as_ref().map_or_else(|| "-".to_owned(), |(_, s)| s.address().text()),
        neighbourhood: stored.neighbourhood.clone(),
        bsn: one(&form, "bsn"),
    };
    let basics = match crate::dossier_form::check_basics(given) {
        Ok(b) => Some(b),
        Err(problems) => {
            for p in problems {
                let field = match p.field {
                    "naam" => "dossier-naam",
                    "bsn" => "dossier-bsn",
                    _ => "dossier-adres",
                };
                errors.push(at(field, if lang == Lang::Nl { p.nl } else { p.en }));
            }
            None
        }
    };
    let (Some((nr, start)), Some(born), Some(basics), true) = (start, born, basics, errors.is_empty()) else {
        fb.status = Some(StatusCode::BAD_REQUEST);
        fb.errors = errors;
        return render_round(&state, &headers, lang, id, fb).await;
    };
    // The household as the rules engine reads it: the applicant only, for now.
    let data = serde_json::json!({"aanvrager": {"geboortedatum": born.to_string()}});
    if let Err(e) = regels::input::household(&data) {
        return internal(lang, &here, &StoreError::new(e.message_nl(), e.message_en(), e.field.clone()));
    }
    if let Err(e) =
        log(&acc, user, "dossier aanmaken na huisbezoek", ACTIVITY_WIJKBENADERING, Subject::Bsn(&basics.bsn)).await
    {
        return internal(lang, &here, &e);
    }
    let now = jiff::Timestamp::now().as_second();
    let dossier = opslag::Dossier {
        id: 0,
        name: basics.name,
        address: basics.address,
        neighbourhood: basics.neighbourhood,
        bsn: basics.bsn,
        package: "basis".to_owned(),
        data: data.to_string(),
        resident: None,
        version: 1,
        updated: now,
        updated_by: user.id.clone(),
    };
    let from = opslag::FromVisit {
        round: id,
        address: i64::try_from(nr).unwrap_or(i64::MAX),
        consent_date: start.consent_date().to_string(),
        information_text_version: start.information_text_version().to_owned(),
    };
    match acc.dossiers.open_from_visit(&dossier, &from, std::slice::from_ref(&stored.planner), now).await {
        Ok(Ok(new)) => Redirect::to(&format!("/dossiers/{new}/wijzigen?taal={}", texts(lang).lang)).into_response(),
        Ok(Err(existing)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = match lang {
                Lang::Nl => {
                    format!("Voor dit adres is al een dossier aangemaakt (nummer {existing}). Er is niets opgeslagen.")
                }
                Lang::En => {
                    format!("A dossier was already created for this address (number {existing}). Nothing was saved.")
                }
            };
            render_round(&state, &headers, lang, id, fb).await
        }
        Err(e) => internal(lang, &here, &e),
    }
}
