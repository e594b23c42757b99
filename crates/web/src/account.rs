//! Accounts in the browser: log in (argon2id, rate limited), the session
//! cookie with a CSRF token per session, log out, "mijn account", and the
//! administrator's view and export of the audit log.
//!
//! Sessions: a random 256-bit token in an `HttpOnly; SameSite=Strict` cookie
//! (`Secure` when the server runs behind HTTPS); only its SHA-256 is stored,
//! so a copy of the database cannot be used to log in. Every state-changing
//! form carries a CSRF token: for the login form a double-submit cookie, after
//! login the session's own token. Every page that shows personal data writes
//! a Logboek Dataverwerkingen record first; if that fails, the page is not shown.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use opslag::{AccountStore, LogRow, Session, User};
use platform::logboek::{Pseudonymiser, Record, SpanId, Status, TraceId};
use platform::rol::Role;
use platform::toegang::{self, Action, Actor};
use regels::Lang;
use sha2::{Digest, Sha256};

use crate::pages::{Texts, lang_of, texts};
use crate::{AppState, STYLESHEETS};

/// What the web layer needs for accounts.
pub struct Accounts {
    pub store: AccountStore,
    pub dossiers: opslag::DossierStore,
    /// Keyed pseudonyms for the data subject in log records.
    pub pseudonymiser: Pseudonymiser,
    /// Keyed pseudonyms in research exports, with a key of their own
    /// (`ADEMRUIMTE_ONDERZOEK_SLEUTEL`), so exports and log records cannot
    /// be linked by whoever holds only one of the keys.
    pub research_pseudonymiser: Pseudonymiser,
    /// Add `Secure` to cookies (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Login with the municipality's OpenID Connect provider (`oidc.rs`), when configured.
    pub oidc: Option<Arc<crate::oidc::Oidc>>,
}

pub const SESSION_COOKIE: &str = "ademruimte_sessie";
pub const LOGIN_CSRF_COOKIE: &str = "ademruimte_inlog_csrf";
/// A session lasts a working day.
pub const SESSION_SECONDS: i64 = 8 * 60 * 60;
/// Failed logins per username within [`LOCKOUT_SECONDS`] before we refuse.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_SECONDS: i64 = 15 * 60;

/// The processing activities (why) of the log records this module writes.
pub const ACTIVITY_ACCOUNT: &str = "urn:ademruimte:verwerking:eigen-account";
pub const ACTIVITY_AUDIT: &str = "urn:ademruimte:verwerking:toezicht-logboek";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inloggen", get(login_form).post(login))
        .route("/uitloggen", post(logout))
        .route("/mijn", get(mine))
        .route("/beheer/logboek", get(log_page))
        .route("/beheer/logboek.csv", get(log_csv))
}

/// Who may open a page of the account part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, with or without a session, gets the same answer (the steps of
    /// a login). Listed so the route test covers every account route.
    Public,
    /// Everyone who is logged in.
    LoggedIn,
    /// `toegang::decide(actor, action, None)`: an action not about one household.
    Decide(Action),
    /// Roles with any scope for the action (a list filtered per record).
    AnyScope(Action),
    /// Only these roles (a page about the person's own work, e.g. a buddy's profile).
    Roles(&'static [Role]),
}

/// The pages behind a login without a record in the path, with who may open
/// them, and the public steps of a login: used by the route × role test, so a
/// new page cannot be forgotten.
/// Pages about one household (`/dossiers/{id}`) have their own test with
/// own / assigned / other records.
pub const PROTECTED: &[(&str, Access)] = &[
    ("/mijn", Access::LoggedIn),
    // Everyone may open it; it shows only one's own household (residents).
    ("/mijn/overzicht", Access::LoggedIn),
    ("/beheer/logboek", Access::Decide(Action::LogboekLezen)),
    ("/beheer/logboek.csv", Access::Decide(Action::LogboekLezen)),
    // Everyone has a wallet page; it shows only the accounts they hold.
    ("/portemonnee", Access::LoggedIn),
    ("/dossiers", Access::AnyScope(Action::DossierBasisLezen)),
    // Buddies (buddy.rs): their own profile, and the households they walk along with.
    ("/mijn/buddyprofiel", Access::Roles(crate::buddy::PROFILE_ROLES)),
    ("/mijn/caseload", Access::Roles(crate::buddy::CASELOAD_ROLES)),
    ("/huisbezoeken", Access::Roles(crate::huisbezoek::ROLES)),
    // Experiments (experiments.rs): the administrator and the researcher.
    ("/experimenten", Access::Roles(crate::experiments::ROLES)),
    // The resident's own part in experiments (participation.rs).
    ("/mijn/experiment", Access::AnyScope(Action::ExperimentDeelnemen)),
    // OpenID Connect (oidc.rs): starting a login and coming back are public.
    (crate::oidc::START_PATH, Access::Public),
    (crate::oidc::CALLBACK_PATH, Access::Public),
];

pub struct AccountTexts {
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub login_button: &'static str,
    pub wrong: &'static str,
    pub locked: &'static str,
    pub form_expired: &'static str,
    pub mine_title: &'static str,
    pub may_title: &'static str,
    pub logout_button: &'static str,
    pub log_link: &'static str,
    pub wallet_link: &'static str,
    pub dossiers_link: &'static str,
    pub overview_link: &'static str,
    pub log_title: &'static str,
    pub log_intro: &'static str,
    pub log_export: &'static str,
    pub log_caption: &'static str,
    pub col_seq: &'static str,
    pub col_when: &'static str,
    pub col_who: &'static str,
    pub col_what: &'static str,
    pub col_whose: &'static str,
    pub col_why: &'static str,
    pub denied_title: &'static str,
    pub no_database: &'static str,
    pub back: &'static str,
}

const NL: AccountTexts = AccountTexts {
    login_title: "Inloggen",
    login_intro: "Log in met uw gebruikersnaam en wachtwoord.",
    username: "Gebruikersnaam",
    password: "Wachtwoord",
    login_button: "Inloggen",
    wrong: "De gebruikersnaam of het wachtwoord klopt niet. Probeer het opnieuw.",
    locked: "Er is te vaak een verkeerd wachtwoord gebruikt. Probeer het over 15 minuten opnieuw.",
    form_expired: "Het formulier is verlopen. Vul het opnieuw in.",
    mine_title: "Mijn account",
    may_title: "Wat u met deze rol mag",
    logout_button: "Uitloggen",
    log_link: "Het logboek van verwerkingen",
    wallet_link: "Mijn portemonnee (lokale munt)",
    dossiers_link: "Dossiers",
    overview_link: "Mijn overzicht",
    log_title: "Logboek van verwerkingen",
    log_intro: "Elke keer dat iemand persoonsgegevens leest of wijzigt, staat hier wie, wat, over wie (als pseudoniem) en waarom. Het logboek kan niet worden gewijzigd.",
    log_export: "Download als CSV",
    log_caption: "De nieuwste 200 regels",
    col_seq: "Nr.",
    col_when: "Wanneer (UTC)",
    col_who: "Wie",
    col_what: "Wat",
    col_whose: "Over wie (pseudoniem)",
    col_why: "Waarom (verwerking)",
    denied_title: "Geen toegang",
    no_database: "Deze server draait zonder database. Inloggen kan hier niet.",
    back: "Naar de startpagina",
};

const EN: AccountTexts = AccountTexts {
    login_title: "Log in",
    login_intro: "Log in with your username and password.",
    username: "Username",
    password: "Password",
    login_button: "Log in",
    wrong: "The username or password is not right. Please try again.",
    locked: "A wrong password was used too often. Please try again in 15 minutes.",
    form_expired: "The form has expired. Please fill it in again.",
    mine_title: "My account",
    may_title: "What your role may do",
    logout_button: "Log out",
    log_link: "The log of processing",
    wallet_link: "My wallet (local currency)",
    dossiers_link: "Dossiers",
    overview_link: "My overview",
    log_title: "Log of processing",
    log_intro: "Every time someone reads or changes personal data, this shows who, what, about whom (as a pseudonym) and why. The log cannot be changed.",
    log_export: "Download as CSV",
    log_caption: "The newest 200 lines",
    col_seq: "No.",
    col_when: "When (UTC)",
    col_who: "Who",
    col_what: "What",
    col_whose: "About whom (pseudonym)",
    col_why: "Why (processing)",
    denied_title: "No access",
    no_database: "This server runs without a database. Logging in is not possible here.",
    back: "To the home page",
};

pub(crate) fn account_texts(lang: Lang) -> &'static AccountTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system provides randomness");
    b
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn random_token() -> String {
    hex(&random_bytes::<32>())
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

fn now_secs() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Compares two secrets in time independent of where they differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn set_cookie(acc: &Accounts, name: &str, value: &str, path: &str, max_age: i64) -> HeaderValue {
    let secure = if acc.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path={path}; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"))
        .expect("cookie values are hex")
}

#[derive(Template, WebTemplate)]
#[template(path = "melding.html")]
struct MessagePage {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    message: String,
    link: String,
    link_text: &'static str,
}

pub(crate) fn message(
    lang: Lang,
    status: StatusCode,
    title: &'static str,
    text: impl Into<String>,
    here: &str,
) -> Response {
    let t = texts(lang);
    let page = MessagePage {
        t,
        title,
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        message: text.into(),
        link: format!("/?taal={}", t.lang),
        link_text: account_texts(lang).back,
    };
    (status, page).into_response()
}

pub(crate) fn unavailable(lang: Lang, here: &str) -> Response {
    message(
        lang,
        StatusCode::SERVICE_UNAVAILABLE,
        account_texts(lang).login_title,
        account_texts(lang).no_database,
        here,
    )
}

pub(crate) fn internal(lang: Lang, here: &str, e: &opslag::StoreError) -> Response {
    eprintln!("opslagfout / storage error: {e}");
    let text = match lang {
        Lang::Nl => "Er ging iets mis bij het opslaan. Probeer het later opnieuw.",
        Lang::En => "Something went wrong while storing. Please try again later.",
    };
    message(lang, StatusCode::INTERNAL_SERVER_ERROR, account_texts(lang).login_title, text, here)
}

/// Who a log record is about: an account (the person's own data) or a
/// resident by BSN (a dossier). Either way only a keyed pseudonym is stored.
#[derive(Clone, Copy)]
pub(crate) enum Subject<'a> {
    Account(&'a str),
    Bsn(&'a str),
}

fn log_row(acc: &Accounts, user: &User, name: &str, activity: &str, subject: Subject<'_>) -> LogRow {
    let start = now_ms();
    let (id, id_type) = match subject {
        Subject::Account(id) => (id, "account"),
        Subject::Bsn(bsn) => (bsn, "BSN"),
    };
    let record = Record {
        trace_id: TraceId(random_bytes::<16>()),
        span_id: SpanId(random_bytes::<8>()),
        parent_span_id: None,
        name: name.to_owned(),
        start_time: start,
        end_time: start,
        status: Status::Ok,
        foreign_operation: None,
        processing_activity_id: activity.to_owned(),
        data_subject_pseudonym: acc.pseudonymiser.pseudonym(id),
        data_subject_id_type: id_type.to_owned(),
    };
    debug_assert!(record.validate().is_ok());
    LogRow {
        seq: 0,
        moment: start,
        user: user.id.clone(),
        name: record.name.clone(),
        activity: record.processing_activity_id.clone(),
        subject: record.data_subject_pseudonym.clone(),
        record: record.to_json().to_string(),
    }
}

/// Writes a Logboek Dataverwerkingen record before personal data is shown.
pub(crate) async fn log(
    acc: &Accounts,
    user: &User,
    name: &str,
    activity: &str,
    subject: Subject<'_>,
) -> Result<(), opslag::StoreError> {
    acc.store.append_log(&log_row(acc, user, name, activity, subject)).await
}

/// One record per data subject, all in one transaction (a list page).
pub(crate) async fn log_each(
    acc: &Accounts,
    user: &User,
    name: &str,
    activity: &str,
    subjects: &[Subject<'_>],
) -> Result<(), opslag::StoreError> {
    let rows: Vec<LogRow> = subjects.iter().map(|s| log_row(acc, user, name, activity, *s)).collect();
    acc.store.append_logs(&rows).await
}

pub(crate) async fn session_of(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, opslag::StoreError> {
    let Some(acc) = &state.accounts else { return Ok(None) };
    match cookie(headers, SESSION_COOKIE) {
        Some(token) if token.len() == 64 => acc.store.session(&token_hash(&token), now_secs()).await,
        _ => Ok(None),
    }
}

fn actor_of(user: &User) -> Actor {
    // Households come with the dossier part; until then no one has any.
    Actor { role: user.role, own_household: None, assigned: Vec::new() }
}

/// May `user` do `action`, an action not about one household
/// (`toegang::decide` with no record)?
pub(crate) fn may(user: &User, action: Action) -> bool {
    toegang::decide(&actor_of(user), action, None).allowed
}

// --- Log in --------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "inloggen.html")]
struct LoginPage {
    t: &'static Texts,
    a: &'static AccountTexts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    csrf: String,
    username: String,
    message: String,
    /// "Inloggen met …" when OpenID Connect is configured, else empty.
    oidc_button: String,
}

fn login_page(acc: &Accounts, lang: Lang, status: StatusCode, username: String, msg: &str) -> Response {
    let t = texts(lang);
    let a = account_texts(lang);
    let csrf = random_token();
    let page = LoginPage {
        t,
        a,
        title: a.login_title,
        stylesheets: STYLESHEETS,
        other_lang_href: format!("/inloggen?taal={}", t.other_lang),
        csrf: csrf.clone(),
        username,
        message: msg.to_owned(),
        oidc_button: acc.oidc.as_deref().map(|o| crate::oidc::button_label(o, lang)).unwrap_or_default(),
    };
    let mut response = (status, page).into_response();
    response.headers_mut().append(header::SET_COOKIE, set_cookie(acc, LOGIN_CSRF_COOKIE, &csrf, "/inloggen", 3600));
    no_store(response)
}

async fn login_form(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let lang = lang_of(&q);
    match &state.accounts {
        Some(acc) => login_page(acc, lang, StatusCode::OK, String::new(), ""),
        None => unavailable(lang, "/inloggen"),
    }
}

/// Verifying against this when the username is unknown makes a wrong name as
/// slow as a wrong password, so timing does not tell which names exist.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| platform::wachtwoord::hash("geen echt wachtwoord", [0; 16]));

async fn login(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let a = account_texts(lang);
    let Some(acc) = &state.accounts else { return unavailable(lang, "/inloggen") };
    let username = form.get("gebruikersnaam").map(|s| s.trim().to_owned()).unwrap_or_default();
    let password = form.get("wachtwoord").cloned().unwrap_or_default();
    let sent = form.get("csrf").map(String::as_str).unwrap_or_default();
    let csrf_ok = cookie(&headers, LOGIN_CSRF_COOKIE).is_some_and(|c| !sent.is_empty() && same_secret(&c, sent));
    if !csrf_ok {
        return login_page(acc, lang, StatusCode::FORBIDDEN, username, a.form_expired);
    }
    if username.is_empty() || username.len() > 100 || password.is_empty() {
        return login_page(acc, lang, StatusCode::UNAUTHORIZED, username, a.wrong);
    }
    let now = now_secs();
    match acc.store.failed_logins_since(&username, now - LOCKOUT_SECONDS).await {
        Ok(n) if n >= MAX_FAILED_LOGINS => {
            return login_page(acc, lang, StatusCode::TOO_MANY_REQUESTS, username, a.locked);
        }
        Ok(_) => {}
        Err(e) => return internal(lang, "/inloggen", &e),
    }
    let user = match acc.store.user_by_name(&username).await {
        Ok(u) => u,
        Err(e) => return internal(lang, "/inloggen", &e),
    };
    let hash = user.as_ref().map_or(DUMMY_HASH.as_str(), |u| u.password_hash.as_str()).to_owned();
    let pw = password.clone();
    let ok = tokio::task::spawn_blocking(move || platform::wachtwoord::verify(&pw, &hash)).await.unwrap_or(false);
    let user = match user {
        Some(u) if ok => u,
        _ => {
            if let Err(e) = acc.store.record_login_attempt(&username, now, false).await {
                return internal(lang, "/inloggen", &e);
            }
            return login_page(acc, lang, StatusCode::UNAUTHORIZED, username, a.wrong);
        }
    };
    let stored = async {
        acc.store.record_login_attempt(&username, now, true).await?;
        create_session(acc, &user, now).await
    };
    let session_cookie = match stored.await {
        Ok(c) => c,
        Err(e) => return internal(lang, "/inloggen", &e),
    };
    let mut response = Redirect::to(&format!("/mijn?taal={}", texts(lang).lang)).into_response();
    *response.status_mut() = StatusCode::SEE_OTHER;
    response.headers_mut().append(header::SET_COOKIE, session_cookie);
    response.headers_mut().append(header::SET_COOKIE, set_cookie(acc, LOGIN_CSRF_COOKIE, "", "/inloggen", 0));
    response
}

/// Starts a session for `user` after a successful login, local or OpenID
/// Connect: a fresh 256-bit token of which only the SHA-256 is stored, with
/// its own CSRF token. Returns the cookie that carries the token.
pub(crate) async fn create_session(acc: &Accounts, user: &User, now: i64) -> Result<HeaderValue, opslag::StoreError> {
    let token = random_token();
    assert_eq!(token.len(), 64, "256 bits in hex");
    acc.store.clean(now, now - LOCKOUT_SECONDS).await?;
    acc.store.create_session(&token_hash(&token), &user.id, &random_token(), now, now + SESSION_SECONDS).await?;
    Ok(set_cookie(acc, SESSION_COOKIE, &token, "/", SESSION_SECONDS))
}

/// Pages with personal data are not kept in a browser or proxy cache.
pub(crate) fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub(crate) fn to_login(lang: Lang) -> Response {
    let mut r = Redirect::to(&format!("/inloggen?taal={}", texts(lang).lang)).into_response();
    *r.status_mut() = StatusCode::SEE_OTHER;
    r
}

async fn logout(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let Some(acc) = &state.accounts else { return unavailable(lang, "/uitloggen") };
    let session = match session_of(&state, &headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return to_login(lang),
        Err(e) => return internal(lang, "/uitloggen", &e),
    };
    let sent = form.get("csrf").map(String::as_str).unwrap_or_default();
    if !same_secret(&session.csrf, sent) {
        return message(
            lang,
            StatusCode::FORBIDDEN,
            account_texts(lang).denied_title,
            account_texts(lang).form_expired,
            "/mijn",
        );
    }
    if let Some(token) = cookie(&headers, SESSION_COOKIE)
        && let Err(e) = acc.store.delete_session(&token_hash(&token)).await
    {
        return internal(lang, "/uitloggen", &e);
    }
    let mut response = Redirect::to(&format!("/?taal={}", texts(lang).lang)).into_response();
    *response.status_mut() = StatusCode::SEE_OTHER;
    response.headers_mut().append(header::SET_COOKIE, set_cookie(acc, SESSION_COOKIE, "", "/", 0));
    response
}

// --- My account ------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "mijn.html")]
struct MinePage {
    t: &'static Texts,
    a: &'static AccountTexts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    who: String,
    may: Vec<String>,
    show_log: bool,
    show_dossiers: bool,
    show_overview: bool,
    /// Buddies and WIJ-workers: their households (`buddy.rs`); buddies: their profile.
    show_caseload: bool,
    show_home_visits: bool,
    show_experiments: bool,
    show_participation: bool,
    show_buddy_profile: bool,
    csrf: String,
}

fn role_label(role: Role, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => role.label_nl(),
        Lang::En => role.label_en(),
    }
}

async fn mine(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let lang = lang_of(&q);
    let Some(acc) = &state.accounts else { return unavailable(lang, "/mijn") };
    let session = match session_of(&state, &headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return to_login(lang),
        Err(e) => return internal(lang, "/mijn", &e),
    };
    let user = &session.user;
    if let Err(e) = log(acc, user, "eigen account lezen", ACTIVITY_ACCOUNT, Subject::Account(&user.id)).await {
        return internal(lang, "/mijn", &e);
    }
    let t = texts(lang);
    let a = account_texts(lang);
    let may = Action::ALL
        .into_iter()
        .filter_map(|action| {
            let scope = toegang::scope(user.role, action);
            (scope != toegang::Scope::Geen).then(|| match lang {
                Lang::Nl => format!("{} ({})", action.label_nl(), scope.label_nl()),
                Lang::En => format!("{} ({})", action.label_en(), scope.label_en()),
            })
        })
        .collect();
    let who = match lang {
        Lang::Nl => format!(
            "U bent ingelogd als {} ({}), met de rol {}.",
            user.name,
            user.username,
            role_label(user.role, lang)
        ),
        Lang::En => format!(
            "You are logged in as {} ({}), with the role {}.",
            user.name,
            user.username,
            role_label(user.role, lang)
        ),
    };
    let page = MinePage {
        t,
        a,
        title: a.mine_title,
        stylesheets: STYLESHEETS,
        other_lang_href: format!("/mijn?taal={}", t.other_lang),
        who,
        may,
        show_log: toegang::decide(&actor_of(user), Action::LogboekLezen, None).allowed,
        show_dossiers: toegang::scope(user.role, Action::DossierBasisLezen) != toegang::Scope::Geen,
        show_overview: user.role == Role::Deelnemer,
        show_caseload: crate::buddy::CASELOAD_ROLES.contains(&user.role),
        show_home_visits: crate::huisbezoek::ROLES.contains(&user.role),
        show_experiments: crate::experiments::ROLES.contains(&user.role),
        show_participation: toegang::scope(user.role, Action::ExperimentDeelnemen) != toegang::Scope::Geen,
        show_buddy_profile: crate::buddy::PROFILE_ROLES.contains(&user.role),
        csrf: session.csrf.clone(),
    };
    no_store(page.into_response())
}

// --- The audit log -----------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "logboek.html")]
struct LogPage {
    t: &'static Texts,
    a: &'static AccountTexts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    rows: Vec<(i64, String, String, String, String, String)>,
}

/// The session's user if they may read the whole log, else the response to send.
async fn auditor(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    here: &str,
) -> Result<(Arc<Accounts>, User), Response> {
    let Some(acc) = state.accounts.clone() else { return Err(unavailable(lang, here)) };
    let session = match session_of(state, headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return Err(to_login(lang)),
        Err(e) => return Err(internal(lang, here, &e)),
    };
    let decision = toegang::decide(&actor_of(&session.user), Action::LogboekLezen, None);
    if !decision.allowed {
        let reason = match lang {
            Lang::Nl => decision.reason_nl,
            Lang::En => decision.reason_en,
        };
        return Err(message(lang, StatusCode::FORBIDDEN, account_texts(lang).denied_title, reason, here));
    }
    Ok((acc, session.user))
}

fn when(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default()
}

async fn log_page(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&q);
    let (acc, user) = match auditor(&state, &headers, lang, "/beheer/logboek").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(e) = log(&acc, &user, "logboek lezen", ACTIVITY_AUDIT, Subject::Account(&user.id)).await {
        return internal(lang, "/beheer/logboek", &e);
    }
    let rows = match acc.store.log(200).await {
        Ok(r) => r,
        Err(e) => return internal(lang, "/beheer/logboek", &e),
    };
    let t = texts(lang);
    let a = account_texts(lang);
    let page = LogPage {
        t,
        a,
        title: a.log_title,
        stylesheets: STYLESHEETS,
        other_lang_href: format!("/beheer/logboek?taal={}", t.other_lang),
        rows: rows.into_iter().map(|r| (r.seq, when(r.moment), r.user, r.name, r.subject, r.activity)).collect(),
    };
    no_store(page.into_response())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

async fn log_csv(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&q);
    let (acc, user) = match auditor(&state, &headers, lang, "/beheer/logboek.csv").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(e) = log(&acc, &user, "logboek exporteren", ACTIVITY_AUDIT, Subject::Account(&user.id)).await {
        return internal(lang, "/beheer/logboek.csv", &e);
    }
    let rows = match acc.store.log(opslag::accounts::LOG_PAGE_MAX).await {
        Ok(r) => r,
        Err(e) => return internal(lang, "/beheer/logboek.csv", &e),
    };
    let mut out = String::from("volgnummer,moment_ms,gebruiker,naam,activiteit,betrokkene,record\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            r.seq,
            r.moment,
            csv_field(&r.user),
            csv_field(&r.name),
            csv_field(&r.activity),
            csv_field(&r.subject),
            csv_field(&r.record)
        ));
    }
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"logboek.csv\"")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        out,
    )
        .into_response()
}
