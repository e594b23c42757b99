//! The dossier: a household, who may see what of it, the benefit with its
//! explanation, the package the resident chose, changing its members, income
//! and registry data, and the history of changes.
//!
//! Authorization per record: every page asks `platform::toegang::decide` with
//! the actor's own and assigned households (from storage) for this household.
//! A buddy sees the basics of the households assigned to them; a resident
//! their own dossier in full; a caseworker every dossier. Changes use the
//! version the form was made from: if someone else changed the dossier in
//! between, nothing is written and the person is told (409).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use opslag::{Dossier, StoreError, User};
use platform::rol::Role;
use platform::toegang::{self, Action, Actor, HouseholdId, Scope};
use regels::Lang;

use crate::account::{
    Accounts, Subject, account_texts, internal, log, log_each, message, no_store, same_secret, session_of, to_login,
    unavailable,
};
use crate::dossier_form::{self, Basics};
use crate::pages::{FieldError, Group, Texts, lang_of, mark_errors, texts};
use crate::{AppState, STYLESHEETS};

pub const ACTIVITY_DOSSIER: &str = "urn:ademruimte:verwerking:dossier-bijstand";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dossiers", get(list))
        .route("/dossiers/{id}", get(show))
        .route("/dossiers/{id}/pakket", post(change_package))
        .route("/dossiers/{id}/wijzigen", get(edit_form).post(save))
}

/// The pages about one household, with the action each needs for that
/// household: the per-record authorization test walks this table, so a new
/// page cannot be forgotten. `{id}` stands for the household id.
pub const RECORD_ROUTES: &[(&str, Action)] = &[
    ("/dossiers/{id}", Action::DossierBasisLezen),
    ("/dossiers/{id}/wijzigen", Action::DossierWijzigen),
    ("/dossiers/{id}/plan", Action::PlanWerken),
    ("/dossiers/{id}/buddy", Action::BuddyKoppelen),
    ("/dossiers/{id}/contacten", Action::PlanWerken),
    ("/dossiers/{id}/zelfredzaamheid", Action::ZelfredzaamheidLezen),
    ("/dossiers/{id}/experiment", Action::ExperimentInschrijven),
    ("/dossiers/{id}/afspraken", Action::AfsprakenLezen),
    ("/api/v1/huishoudens/{id}", Action::DossierBasisLezen),
];

/// Households per page of the list.
pub const LIST_PAGE: i64 = 50;

pub struct DossierTexts {
    pub list_title: &'static str,
    pub list_intro: &'static str,
    pub list_empty: &'static str,
    pub my_account: &'static str,
    pub basics: &'static str,
    pub name: &'static str,
    pub address: &'static str,
    pub neighbourhood: &'static str,
    pub bsn: &'static str,
    pub package: &'static str,
    pub benefit_title: &'static str,
    pub benefit_caption: &'static str,
    pub how: &'static str,
    pub change_title: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub conflict: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub back: &'static str,
    pub not_found: &'static str,
    pub cannot_compute: &'static str,
    pub next_page: &'static str,
    pub members_title: &'static str,
    pub members_caption: &'static str,
    pub col_who: &'static str,
    pub col_born: &'static str,
    pub col_income: &'static str,
    pub no_income: &'static str,
    pub edit_link: &'static str,
    pub edit_title: &'static str,
    pub edit_intro: &'static str,
    pub cancel: &'static str,
    pub conflict_title: &'static str,
    pub conflict_edit: &'static str,
}

const NL: DossierTexts = DossierTexts {
    list_title: "Dossiers",
    list_intro: "De huishoudens die u mag zien.",
    list_empty: "Er zijn geen huishoudens die u mag zien.",
    my_account: "Naar mijn account",
    basics: "Basisgegevens",
    name: "Naam",
    address: "Adres",
    neighbourhood: "Buurt (CBS-code)",
    bsn: "BSN van de aanvrager",
    package: "Pakket",
    benefit_title: "De bijstand deze maand",
    benefit_caption: "Bedragen per maand",
    how: "Zo is het berekend",
    change_title: "Pakket kiezen",
    save: "Opslaan",
    saved: "Opgeslagen.",
    conflict: "Iemand anders heeft dit dossier intussen gewijzigd. Er is niets opgeslagen. Bekijk de nieuwe gegevens hieronder en kies opnieuw.",
    history: "Eerdere versies",
    no_history: "Nog geen wijzigingen.",
    back: "Terug naar de dossiers",
    not_found: "Dit dossier bestaat niet.",
    cannot_compute: "De bijstand kan nu niet worden berekend:",
    next_page: "Volgende huishoudens",
    members_title: "Wie hoort bij het huishouden",
    members_caption: "De leden en hun inkomen per maand (netto)",
    col_who: "Wie",
    col_born: "Geboren",
    col_income: "Inkomen",
    no_income: "Geen",
    edit_link: "Gegevens van het huishouden wijzigen",
    edit_title: "Gegevens wijzigen",
    edit_intro: "Pas aan wat veranderd is en kies Opslaan. Velden met * zijn verplicht. Daarna rekent de website de bijstand opnieuw uit.",
    cancel: "Niet wijzigen, terug naar het dossier",
    conflict_title: "Iemand anders heeft dit dossier intussen gewijzigd",
    conflict_edit: "Er is nog niets opgeslagen. Hieronder staan uw eigen invoer. Deze velden zijn intussen door iemand anders veranderd; kijk ze na en kies opnieuw Opslaan:",
};

const EN: DossierTexts = DossierTexts {
    list_title: "Dossiers",
    list_intro: "The households you may see.",
    list_empty: "There are no households you may see.",
    my_account: "To my account",
    basics: "Basic details",
    name: "Name",
    address: "Address",
    neighbourhood: "Neighbourhood (CBS code)",
    bsn: "Applicant's BSN",
    package: "Package",
    benefit_title: "This month's assistance",
    benefit_caption: "Amounts per month",
    how: "How it was calculated",
    change_title: "Choose a package",
    save: "Save",
    saved: "Saved.",
    conflict: "Someone else changed this dossier in the meantime. Nothing was saved. Look at the new details below and choose again.",
    history: "Earlier versions",
    no_history: "No changes yet.",
    back: "Back to the dossiers",
    not_found: "This dossier does not exist.",
    cannot_compute: "The assistance cannot be calculated now:",
    next_page: "Next households",
    members_title: "Who belongs to the household",
    members_caption: "The members and their net income per month",
    col_who: "Who",
    col_born: "Born",
    col_income: "Income",
    no_income: "None",
    edit_link: "Change the household's details",
    edit_title: "Change details",
    edit_intro: "Change what is different and choose Save. Fields with * are required. The website then calculates the assistance again.",
    cancel: "Do not change, back to the dossier",
    conflict_title: "Someone else changed this dossier in the meantime",
    conflict_edit: "Nothing has been saved yet. Below is what you entered. These fields were changed by someone else in the meantime; check them and choose Save again:",
};

fn dossier_texts(lang: Lang) -> &'static DossierTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

pub(crate) fn household_id(id: i64) -> HouseholdId {
    HouseholdId(u64::try_from(id).unwrap_or(0))
}

/// The actor with the households they are linked to, from storage.
pub(crate) async fn actor(acc: &Accounts, user: &User) -> Result<Actor, StoreError> {
    let own = match user.role {
        Role::Deelnemer => acc.dossiers.own(&user.id).await?.map(household_id),
        _ => None,
    };
    let assigned = match user.role {
        Role::Buddy | Role::WijMedewerker => {
            acc.dossiers.assigned_to(&user.id).await?.into_iter().map(household_id).collect()
        }
        _ => Vec::new(),
    };
    Ok(Actor { role: user.role, own_household: own, assigned })
}

/// What one person may do with one household, from the policy.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rights {
    pub basic: bool,
    pub full: bool,
    pub bsn: bool,
    pub edit: bool,
    pub registry: bool,
}

pub(crate) fn rights(actor: &Actor, id: i64) -> Rights {
    let h = Some(household_id(id));
    let may = |a| toegang::decide(actor, a, h).allowed;
    Rights {
        basic: may(Action::DossierBasisLezen),
        full: may(Action::DossierVolledigLezen),
        bsn: may(Action::BsnZien),
        edit: may(Action::DossierWijzigen),
        registry: may(Action::PersoonsgegevensVastleggen),
    }
}

/// Writes a change of a dossier for pages and API alike: a log record about
/// the data subject (and one about the new BSN when it changes), then the
/// versioned update. `Ok(Err(_))`: someone else changed it first; nothing
/// was written but the log records (the attempt is a processing too).
pub(crate) async fn store_change(
    acc: &Accounts,
    user: &User,
    current: &Dossier,
    version: i64,
    change: &opslag::Change<'_>,
    what: &str,
) -> Result<Result<i64, opslag::Conflict>, StoreError> {
    log(acc, user, what, ACTIVITY_DOSSIER, Subject::Bsn(&current.bsn)).await?;
    if change.bsn != current.bsn {
        log(acc, user, "dossier wijzigen (BSN)", ACTIVITY_DOSSIER, Subject::Bsn(change.bsn)).await?;
    }
    let now = jiff::Timestamp::now().as_second();
    acc.dossiers.update(current.id, version, change, &user.id, now).await
}

fn reason(d: toegang::Decision, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => d.reason_nl,
        Lang::En => d.reason_en,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "dossiers.html")]
struct ListPage {
    t: &'static Texts,
    d: &'static DossierTexts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    rows: Vec<(i64, String, String)>,
    count_text: String,
    next_href: String,
}

/// A household's page, opened: the person, their relations, and the dossier.
pub(crate) struct Opened {
    pub acc: std::sync::Arc<Accounts>,
    pub session: opslag::Session,
    pub actor: Actor,
    pub dossier: Dossier,
}

/// The common start of every page and form about one household, in this
/// order: the login; on a form, its CSRF token (`csrf`: the token sent);
/// `toegang::decide(action)` for this household; the dossier; and a log
/// record (`what`, `activity`) about its resident — before anything personal
/// is shown or changed. Any failure is the response to send.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn open_household(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    id: i64,
    here: &str,
    action: Action,
    csrf: Option<&str>,
    what: &str,
    activity: &str,
) -> Result<Opened, Response> {
    let (acc, session, actor) = who(state, headers, lang, here).await?;
    if let Some(token) = csrf
        && !same_secret(&session.csrf, token)
    {
        let a = account_texts(lang);
        return Err(message(lang, StatusCode::FORBIDDEN, a.denied_title, a.form_expired, here));
    }
    let decision = toegang::decide(&actor, action, Some(household_id(id)));
    if !decision.allowed {
        return Err(denied(lang, decision, here));
    }
    let dossier = match acc.dossiers.get(id).await {
        Ok(Some(x)) => x,
        Ok(None) => return Err(not_found(lang, here)),
        Err(e) => return Err(internal(lang, here, &e)),
    };
    if let Err(e) = log(&acc, &session.user, what, activity, Subject::Bsn(&dossier.bsn)).await {
        return Err(internal(lang, here, &e));
    }
    Ok(Opened { acc, session, actor, dossier })
}

/// The logged-in person with the households they are linked to, or the
/// response to send instead (login, storage error, no database).
pub(crate) async fn who(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    here: &str,
) -> Result<(std::sync::Arc<Accounts>, opslag::Session, Actor), Response> {
    let Some(acc) = state.accounts.clone() else { return Err(unavailable(lang, here)) };
    let session = match session_of(state, headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return Err(to_login(lang)),
        Err(e) => return Err(internal(lang, here, &e)),
    };
    match actor(&acc, &session.user).await {
        Ok(a) => Ok((acc, session, a)),
        Err(e) => Err(internal(lang, here, &e)),
    }
}

/// [`who`] for a posted form: also its CSRF token, which must be the
/// session's (403 "the form has expired" otherwise).
pub(crate) async fn who_posting(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    here: &str,
    csrf: &str,
) -> Result<(std::sync::Arc<Accounts>, opslag::Session, Actor), Response> {
    let found = who(state, headers, lang, here).await?;
    if !crate::account::same_secret(&found.1.csrf, csrf) {
        return Err(crate::forms::forbidden_form(lang, here));
    }
    Ok(found)
}

pub(crate) fn denied(lang: Lang, decision: toegang::Decision, here: &str) -> Response {
    message(lang, StatusCode::FORBIDDEN, account_texts(lang).denied_title, reason(decision, lang), here)
}

pub(crate) fn not_found(lang: Lang, here: &str) -> Response {
    let d = dossier_texts(lang);
    message(lang, StatusCode::NOT_FOUND, d.list_title, d.not_found, here)
}

/// A page of the households someone may see.
pub(crate) struct VisiblePage {
    pub rows: Vec<Dossier>,
    /// Whether there is a next page (after the last row).
    pub more: bool,
    /// How many households this person may see in all.
    pub total: i64,
}

/// The households `actor` may see with an id above `after`, [`LIST_PAGE`] at
/// a time; `None` when the role may see none at all. Caseworkers page through
/// all; buddies, WIJ-workers and residents get their own few. Every row is
/// checked against the policy, whatever the query returned.
pub(crate) async fn visible_page(
    acc: &Accounts,
    actor: &Actor,
    role: Role,
    after: i64,
) -> Result<Option<VisiblePage>, StoreError> {
    let page = usize::try_from(LIST_PAGE).expect("a small constant");
    let (rows, total) = match toegang::scope(role, Action::DossierBasisLezen) {
        Scope::Geen => return Ok(None),
        Scope::Alle => (acc.dossiers.page(after, LIST_PAGE + 1).await?, acc.dossiers.count().await?),
        Scope::Eigen | Scope::Toegewezen => {
            let mut ids: Vec<i64> = actor
                .own_household
                .iter()
                .chain(actor.assigned.iter())
                .filter_map(|h| i64::try_from(h.0).ok())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let total = i64::try_from(ids.len()).unwrap_or(i64::MAX);
            let mut rows = Vec::new();
            for id in ids.into_iter().filter(|i| *i > after).take(page + 1) {
                if let Some(x) = acc.dossiers.get(id).await? {
                    rows.push(x);
                }
            }
            (rows, total)
        }
    };
    let mut rows: Vec<Dossier> = rows
        .into_iter()
        .filter(|x| toegang::decide(actor, Action::DossierBasisLezen, Some(household_id(x.id))).allowed)
        .collect();
    let more = rows.len() > page;
    rows.truncate(page);
    Ok(Some(VisiblePage { rows, more, total }))
}

/// The households this person may see, a page at a time (`?na=<id>`: after
/// that id). Caseworkers page through all; buddies, WIJ-workers and residents
/// get their own few. Every household shown is logged, in one transaction.
async fn list(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let lang = lang_of(&q);
    let d = dossier_texts(lang);
    let (acc, session, actor) = match who(&state, &headers, lang, "/dossiers").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    let after = q.get("na").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0).max(0);
    let VisiblePage { rows: visible, more, total } = match visible_page(&acc, &actor, user.role, after).await {
        Ok(Some(p)) => p,
        Ok(None) => return denied(lang, toegang::decide(&actor, Action::DossierBasisLezen, None), "/dossiers"),
        Err(e) => return internal(lang, "/dossiers", &e),
    };
    let subjects: Vec<Subject<'_>> = visible.iter().map(|x| Subject::Bsn(&x.bsn)).collect();
    if let Err(e) = log_each(&acc, user, "dossierlijst lezen", ACTIVITY_DOSSIER, &subjects).await {
        return internal(lang, "/dossiers", &e);
    }
    let t = texts(lang);
    let next_href = match (more, visible.last()) {
        (true, Some(last)) => format!("/dossiers?taal={}&na={}", t.lang, last.id),
        _ => String::new(),
    };
    let count_text = match lang {
        Lang::Nl => format!("U mag {total} huishoudens zien."),
        Lang::En => format!("You may see {total} households."),
    };
    no_store(
        ListPage {
            t,
            d,
            title: d.list_title,
            stylesheets: STYLESHEETS,
            other_lang_href: format!("/dossiers?taal={}", t.other_lang),
            rows: visible.into_iter().map(|x| (x.id, x.name, x.neighbourhood)).collect(),
            count_text,
            next_href,
        }
        .into_response(),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier.html")]
struct DossierPage {
    t: &'static Texts,
    d: &'static DossierTexts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    id: i64,
    name: String,
    notice: String,
    basics: Vec<(&'static str, String)>,
    full: bool,
    members: Vec<(String, String, String)>,
    amounts: Vec<(&'static str, String)>,
    explanation: String,
    can_edit: bool,
    csrf: String,
    version: i64,
    packages: Vec<(String, String, bool)>,
    history: Vec<String>,
    plan_link: &'static str,
    /// Finding a buddy (`Action::BuddyKoppelen`, buddy.rs).
    buddy_link: bool,
    zrm_link: &'static str,
    afspraken_link: &'static str,
    /// Enrolling in an experiment (`Action::ExperimentInschrijven`, experiments.rs).
    experiment_link: bool,
}

fn money(c: regels::Cents, lang: Lang) -> String {
    match lang {
        Lang::Nl => c.display_nl(),
        Lang::En => c.display_en(),
    }
}

fn when(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map(|t| t.strftime("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

/// The members of a household as table rows: who, born, income.
fn members(h: &regels::Household, lang: Lang) -> Vec<(String, String, String)> {
    let d = dossier_texts(lang);
    let nl = lang == Lang::Nl;
    let income = |a: &regels::household::Adult| {
        if a.income.is_empty() {
            return d.no_income.to_owned();
        }
        a.income
            .iter()
            .map(|i| {
                let since = i.start_date.to_string();
                let kind = dossier_form::income_kind_label(i.kind, lang);
                if nl {
                    format!("{} ({kind}, sinds {since})", money(i.net_monthly, lang))
                } else {
                    format!("{} ({kind}, since {since})", money(i.net_monthly, lang))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut rows = vec![(
        (if nl { "Aanvrager" } else { "Applicant" }).to_owned(),
        h.applicant.birth_date.to_string(),
        income(&h.applicant),
    )];
    if let Some(p) = &h.partner {
        rows.push(("Partner".to_owned(), p.birth_date.to_string(), income(p)));
    }
    for (i, c) in h.children.iter().enumerate() {
        rows.push((
            if nl { format!("Kind {}", i + 1) } else { format!("Child {}", i + 1) },
            c.birth_date.to_string(),
            String::new(),
        ));
    }
    for (i, c) in h.co_residents.iter().enumerate() {
        let relation = dossier_form::relation_label(c.relation, lang);
        let who = if nl {
            format!("Medebewoner {} ({relation})", i + 1)
        } else {
            format!("Co-resident {} ({relation})", i + 1)
        };
        rows.push((who, c.birth_date.to_string(), String::new()));
    }
    rows
}

/// A version's contents: name, address, neighbourhood, BSN, package, household.
type Contents<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

/// What changed from one version to the next, as words.
fn changed_fields(old: &opslag::Version, new: Contents<'_>, lang: Lang) -> Vec<&'static str> {
    let nl = lang == Lang::Nl;
    let (name, address, neighbourhood, bsn, package, data) = new;
    let mut out = Vec::new();
    // Versions from before migration 0005 did not record the registry part ("").
    let differs = |a: &str, b: &str| !a.is_empty() && a != b;
    if differs(&old.name, name) {
        out.push(if nl { "naam" } else { "name" });
    }
    if differs(&old.address, address) {
        out.push(if nl { "adres" } else { "address" });
    }
    if differs(&old.neighbourhood, neighbourhood) {
        out.push(if nl { "buurt" } else { "neighbourhood" });
    }
    if differs(&old.bsn, bsn) {
        out.push("BSN");
    }
    if old.package != package {
        out.push(if nl { "pakket" } else { "package" });
    }
    let parsed = |text: &str| regels::input::parse_household(text).ok();
    if parsed(&old.data) != parsed(data) {
        out.push(if nl { "leden of inkomen" } else { "members or income" });
    }
    out
}

/// The history as lines, newest first: each version with when, who and what
/// changed compared with the version before.
async fn history_lines(acc: &Accounts, dossier: &Dossier, lang: Lang) -> Result<Vec<String>, StoreError> {
    let versions = acc.dossiers.history(dossier.id).await?;
    let current_by = acc.dossiers.account_name(&dossier.updated_by).await?;
    let nl = lang == Lang::Nl;
    let mut lines = Vec::new();
    // (version, made at, made by, contents) from newest to oldest.
    let mut newer: (i64, i64, String, Contents<'_>) = (
        dossier.version,
        dossier.updated,
        current_by,
        (&dossier.name, &dossier.address, &dossier.neighbourhood, &dossier.bsn, &dossier.package, &dossier.data),
    );
    for old in &versions {
        let what = changed_fields(old, newer.3, lang);
        let what = if what.is_empty() { (if nl { "niets" } else { "nothing" }).to_owned() } else { what.join(", ") };
        lines.push(if nl {
            format!("Versie {}, {} door {}: {what} gewijzigd", newer.0, when(newer.1), newer.2)
        } else {
            format!("Version {}, {} by {}: {what} changed", newer.0, when(newer.1), newer.2)
        });
        newer = (
            old.version,
            old.changed,
            old.by_name.clone(),
            (&old.name, &old.address, &old.neighbourhood, &old.bsn, &old.package, &old.data),
        );
    }
    lines.push(if nl {
        format!("Versie {}, {} door {}: dossier aangemaakt", newer.0, when(newer.1), newer.2)
    } else {
        format!("Version {}, {} by {}: dossier created", newer.0, when(newer.1), newer.2)
    });
    Ok(lines)
}

/// The dossier page, or the response to send instead.
async fn page(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    id: i64,
    notice: String,
    status: StatusCode,
) -> Response {
    let here = format!("/dossiers/{id}");
    let d = dossier_texts(lang);
    let (acc, session, actor) = match who(state, headers, lang, &here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    let hid = household_id(id);
    let basic = toegang::decide(&actor, Action::DossierBasisLezen, Some(hid));
    if !basic.allowed {
        return denied(lang, basic, &here);
    }
    let dossier = match acc.dossiers.get(id).await {
        Ok(Some(x)) => x,
        Ok(None) => return not_found(lang, &here),
        Err(e) => return internal(lang, &here, &e),
    };
    let Rights { full, bsn: show_bsn, edit: can_edit, .. } = rights(&actor, id);
    let what = if full { "dossier volledig lezen" } else { "dossier basisgegevens lezen" };
    if let Err(e) = log(&acc, user, what, ACTIVITY_DOSSIER, Subject::Bsn(&dossier.bsn)).await {
        return internal(lang, &here, &e);
    }
    let mut basics = vec![
        (d.name, dossier.name.clone()),
        (d.address, dossier.address.clone()),
        (d.neighbourhood, dossier.neighbourhood.clone()),
    ];
    let mut amounts = Vec::new();
    let mut explanation = String::new();
    let mut history = Vec::new();
    let mut member_rows = Vec::new();
    if full {
        let bsn = platform::bsn::Bsn::parse(&dossier.bsn).map(|b| if show_bsn { b.reveal() } else { b.masked() });
        basics.push((d.bsn, bsn.unwrap_or_default()));
        let variant = regels::Variant::by_id(&dossier.package);
        basics.push((
            d.package,
            variant.map(|v| v.name.get(lang).to_owned()).unwrap_or_else(|_| dossier.package.clone()),
        ));
        let today = jiff::Zoned::now().date();
        let household = regels::input::parse_household(&dossier.data);
        if let Ok(h) = &household {
            member_rows = members(h, lang);
        }
        let outcome = household.and_then(|h| {
            let params = regels::ParameterSets::embedded()?.for_date(today)?;
            regels::calculate_variant(&h, today, params, regels::Variant::by_id(&dossier.package)?)
        });
        match outcome {
            Ok(o) => {
                let l = |nl: &'static str, en: &'static str| if lang == Lang::Nl { nl } else { en };
                amounts = vec![
                    (l("Norm", "Norm"), money(o.norm, lang)),
                    (l("Inkomsten", "Income"), money(o.income_counted, lang)),
                    (l("Vrijlating", "Disregard"), money(o.disregard, lang)),
                    (l("Bijstand", "Assistance"), money(o.bijstand, lang)),
                    (l("Waarvan vakantietoeslag", "Of which holiday allowance"), money(o.holiday_allowance, lang)),
                    (l("Uitkering deze maand", "Paid this month"), money(o.payable, lang)),
                ];
                explanation = crate::html::explanation(&o.trace, lang);
            }
            Err(e) => {
                let m = if lang == Lang::Nl { e.message_nl() } else { e.message_en() };
                explanation = format!(
                    "<p class=\"utrecht-paragraph\">{} {}</p>",
                    crate::html::escape(d.cannot_compute),
                    crate::html::escape(&m)
                );
            }
        }
        history = match history_lines(&acc, &dossier, lang).await {
            Ok(h) => h,
            Err(e) => return internal(lang, &here, &e),
        };
    }
    let packages = regels::Variant::embedded()
        .map(|all| all.iter().map(|v| (v.id.clone(), v.name.get(lang).to_owned(), v.id == dossier.package)).collect())
        .unwrap_or_default();
    let t = texts(lang);
    let mut response = DossierPage {
        t,
        d,
        title: dossier.name.clone(),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("/dossiers/{id}?taal={}", t.other_lang),
        id,
        name: dossier.name,
        notice,
        basics,
        full,
        members: member_rows,
        amounts,
        explanation,
        can_edit,
        csrf: session.csrf,
        version: dossier.version,
        packages,
        history,
        buddy_link: toegang::decide(&actor, Action::BuddyKoppelen, Some(hid)).allowed,
        plan_link: if toegang::decide(&actor, Action::PlanWerken, Some(hid)).allowed {
            crate::plan::plan_texts(lang).plan_link
        } else {
            ""
        },
        zrm_link: if toegang::decide(&actor, Action::ZelfredzaamheidLezen, Some(hid)).allowed {
            crate::zelfredzaamheid::zrm_texts(lang).link
        } else {
            ""
        },
        afspraken_link: if toegang::decide(&actor, Action::AfsprakenLezen, Some(hid)).allowed {
            crate::afspraken::afspraken_texts(lang).link
        } else {
            ""
        },
        experiment_link: toegang::decide(&actor, Action::ExperimentInschrijven, Some(hid)).allowed,
    }
    .into_response();
    *response.status_mut() = status;
    no_store(response)
}

pub(crate) fn path_id(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|i| *i > 0)
}

async fn show(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    match path_id(&id) {
        Some(id) => page(&state, &headers, lang, id, String::new(), StatusCode::OK).await,
        None => not_found(lang, "/dossiers"),
    }
}

async fn change_package(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let d = dossier_texts(lang);
    let Some(id) = path_id(&id) else { return not_found(lang, "/dossiers") };
    let here = format!("/dossiers/{id}");
    let (acc, session, actor) = match who(&state, &headers, lang, &here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !same_secret(&session.csrf, form.get("csrf").map(String::as_str).unwrap_or_default()) {
        return message(
            lang,
            StatusCode::FORBIDDEN,
            account_texts(lang).denied_title,
            account_texts(lang).form_expired,
            &here,
        );
    }
    let decision = toegang::decide(&actor, Action::DossierWijzigen, Some(household_id(id)));
    if !decision.allowed {
        return denied(lang, decision, &here);
    }
    let package = form.get("pakket").map(String::as_str).unwrap_or_default();
    let version = form.get("versie").and_then(|v| v.parse::<i64>().ok());
    let (Ok(_), Some(version)) = (regels::Variant::by_id(package), version) else {
        return page(&state, &headers, lang, id, account_texts(lang).form_expired.to_owned(), StatusCode::BAD_REQUEST)
            .await;
    };
    let dossier = match acc.dossiers.get(id).await {
        Ok(Some(x)) => x,
        Ok(None) => return not_found(lang, &here),
        Err(e) => return internal(lang, &here, &e),
    };
    let change = opslag::Change {
        name: &dossier.name,
        address: &dossier.address,
        neighbourhood: &dossier.neighbourhood,
        bsn: &dossier.bsn,
        package,
        data: &dossier.data,
    };
    match store_change(&acc, &session.user, &dossier, version, &change, "dossier wijzigen (pakket)").await {
        Ok(Ok(_)) => page(&state, &headers, lang, id, d.saved.to_owned(), StatusCode::OK).await,
        Ok(Err(_conflict)) => page(&state, &headers, lang, id, d.conflict.to_owned(), StatusCode::CONFLICT).await,
        Err(e) => internal(lang, &here, &e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier_wijzigen.html")]
struct EditPage {
    t: &'static Texts,
    d: &'static DossierTexts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    id: i64,
    csrf: String,
    version: i64,
    groups: Vec<Group>,
    errors: Vec<FieldError>,
    conflict: Vec<String>,
}

/// What the edit form needs: the dossier, its household, and whether this
/// person may change the registry part.
struct Editing {
    acc: std::sync::Arc<Accounts>,
    session: opslag::Session,
    dossier: Dossier,
    household: regels::Household,
    registry: bool,
}

async fn editing(state: &AppState, headers: &HeaderMap, lang: Lang, id: i64) -> Result<Editing, Response> {
    let here = format!("/dossiers/{id}/wijzigen");
    let (acc, session, actor) = who(state, headers, lang, &here).await?;
    let hid = household_id(id);
    let decision = toegang::decide(&actor, Action::DossierWijzigen, Some(hid));
    if !decision.allowed {
        return Err(denied(lang, decision, &here));
    }
    let registry = rights(&actor, id).registry;
    let dossier = match acc.dossiers.get(id).await {
        Ok(Some(x)) => x,
        Ok(None) => return Err(not_found(lang, &here)),
        Err(e) => return Err(internal(lang, &here, &e)),
    };
    let household = match regels::input::parse_household(&dossier.data) {
        Ok(h) => h,
        Err(e) => {
            // A stored household that no longer reads is a storage fault, not the user's.
            let e = StoreError::new(e.message_nl(), e.message_en(), format!("huishouden {id}"));
            return Err(internal(lang, &here, &e));
        }
    };
    Ok(Editing { acc, session, dossier, household, registry })
}

fn basics_of(d: &Dossier) -> Basics {
    Basics {
        name: d.name.clone(),
        address: d.address.clone(),
        neighbourhood: d.neighbourhood.clone(),
        bsn: d.bsn.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
fn edit_page(
    lang: Lang,
    e: &Editing,
    values: &HashMap<String, String>,
    version: i64,
    errors: Vec<FieldError>,
    conflict: Vec<String>,
    status: StatusCode,
) -> Response {
    let t = texts(lang);
    let d = dossier_texts(lang);
    let mut groups = dossier_form::groups(lang, values, e.registry);
    mark_errors(&mut groups, &errors);
    let mut r = EditPage {
        t,
        d,
        title: format!("{}: {}", d.edit_title, e.dossier.name),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("/dossiers/{}/wijzigen?taal={}", e.dossier.id, t.other_lang),
        id: e.dossier.id,
        csrf: e.session.csrf.clone(),
        version,
        groups,
        errors,
        conflict,
    }
    .into_response();
    *r.status_mut() = status;
    no_store(r)
}

async fn edit_form(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    let Some(id) = path_id(&id) else { return not_found(lang, "/dossiers") };
    let e = match editing(&state, &headers, lang, id).await {
        Ok(e) => e,
        Err(r) => return r,
    };
    if let Err(err) =
        log(&e.acc, &e.session.user, "dossier lezen om te wijzigen", ACTIVITY_DOSSIER, Subject::Bsn(&e.dossier.bsn))
            .await
    {
        return internal(lang, &format!("/dossiers/{id}/wijzigen"), &err);
    }
    let values = dossier_form::values_of(&basics_of(&e.dossier), &e.household);
    edit_page(lang, &e, &values, e.dossier.version, Vec::new(), Vec::new(), StatusCode::OK)
}

/// Saves the edit form: every field checked, then the household checked by
/// the rules, then written only if nobody changed the dossier in between.
/// On any problem nothing is written and the form comes back with the
/// person's own input.
async fn save(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let d = dossier_texts(lang);
    let Some(id) = path_id(&id) else { return not_found(lang, "/dossiers") };
    let here = format!("/dossiers/{id}/wijzigen");
    let e = match editing(&state, &headers, lang, id).await {
        Ok(e) => e,
        Err(r) => return r,
    };
    if !same_secret(&e.session.csrf, form.get("csrf").map(String::as_str).unwrap_or_default()) {
        return message(
            lang,
            StatusCode::FORBIDDEN,
            account_texts(lang).denied_title,
            account_texts(lang).form_expired,
            &here,
        );
    }
    let Some(version) = form.get("versie").and_then(|v| v.parse::<i64>().ok()) else {
        return message(lang, StatusCode::BAD_REQUEST, d.edit_title, account_texts(lang).form_expired, &here);
    };
    let today = jiff::Zoned::now().date();
    let stored = basics_of(&e.dossier);
    let (basics, household) = match dossier_form::read(&form, &e.household, &stored, e.registry, today, lang) {
        Ok(x) => x,
        Err(errors) => {
            return edit_page(lang, &e, &form, version, errors, Vec::new(), StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    // The same checks as `ademruimte bereken`: a rule's complaint about an
    // input lands at that input. A date the rules have no amounts for yet is
    // not the form's fault: the dossier is saved and says so on its page.
    let check = regels::ParameterSets::embedded().and_then(|sets| sets.for_date(today)).and_then(|params| {
        regels::calculate_variant(&household, today, params, regels::Variant::by_id(&e.dossier.package)?)
    });
    if let Err(err) = check
        && let Some(field) = dossier_form::field_of(&err.field)
    {
        let message = if lang == Lang::Nl { err.message_nl() } else { err.message_en() };
        let errors = vec![FieldError { field: field.into(), message }];
        return edit_page(lang, &e, &form, version, errors, Vec::new(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let data = regels::input::to_json(&household).to_string();
    let change = opslag::Change {
        name: &basics.name,
        address: &basics.address,
        neighbourhood: &basics.neighbourhood,
        bsn: &basics.bsn,
        package: &e.dossier.package,
        data: &data,
    };
    match store_change(&e.acc, &e.session.user, &e.dossier, version, &change, "dossier wijzigen").await {
        Ok(Ok(_)) => page(&state, &headers, lang, id, d.saved.to_owned(), StatusCode::OK).await,
        Ok(Err(_conflict)) => {
            // Show what the other person changed, keep this person's input,
            // and let a second Save knowingly build on the new version.
            let current = dossier_form::values_of(&stored, &e.household);
            let base = match e.acc.dossiers.history(id).await {
                Ok(versions) => versions.into_iter().find(|v| v.version == version).and_then(|v| {
                    let h = regels::input::parse_household(&v.data).ok()?;
                    // Versions from before migration 0005 did not record the registry part.
                    let or = |old: String, now: &str| if old.is_empty() { now.to_owned() } else { old };
                    let b = Basics {
                        name: or(v.name, &stored.name),
                        address: or(v.address, &stored.address),
                        neighbourhood: or(v.neighbourhood, &stored.neighbourhood),
                        bsn: or(v.bsn, &stored.bsn),
                    };
                    Some(dossier_form::values_of(&b, &h))
                }),
                Err(err) => return internal(lang, &here, &err),
            };
            // Fields of both versions, so a row the other person added counts too.
            let mut both = form.clone();
            both.extend(current.clone());
            let groups = dossier_form::groups(lang, &both, e.registry);
            let mut changed = dossier_form::differences(&groups, base.as_ref().unwrap_or(&form), &current);
            if changed.is_empty() {
                // Only the package changed (it is not in this form).
                changed.push(d.package.to_owned());
            }
            edit_page(lang, &e, &form, e.dossier.version, Vec::new(), changed, StatusCode::CONFLICT)
        }
        Err(err) => internal(lang, &here, &err),
    }
}
