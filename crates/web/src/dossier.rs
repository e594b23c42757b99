//! The dossier: a household, who may see what of it, the benefit with its
//! explanation, the package the resident chose, and the history of changes.
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

use crate::account::{Accounts, account_texts, internal, log, message, same_secret, session_of, to_login, unavailable};
use crate::pages::{Texts, lang_of, texts};
use crate::{AppState, STYLESHEETS};

pub const ACTIVITY_DOSSIER: &str = "urn:ademruimte:verwerking:dossier-bijstand";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dossiers", get(list))
        .route("/dossiers/{id}", get(show))
        .route("/dossiers/{id}/pakket", post(change_package))
}

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
};

fn dossier_texts(lang: Lang) -> &'static DossierTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

fn household_id(id: i64) -> HouseholdId {
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
}

async fn list(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let lang = lang_of(&q);
    let d = dossier_texts(lang);
    let Some(acc) = state.accounts.clone() else { return unavailable(lang, "/dossiers") };
    let session = match session_of(&state, &headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return to_login(lang),
        Err(e) => return internal(lang, "/dossiers", &e),
    };
    let user = &session.user;
    let actor = match actor(&acc, user).await {
        Ok(a) => a,
        Err(e) => return internal(lang, "/dossiers", &e),
    };
    let visible: Vec<Dossier> = match toegang::scope(user.role, Action::DossierBasisLezen) {
        Scope::Geen => {
            let denied = toegang::decide(&actor, Action::DossierBasisLezen, None);
            return message(
                lang,
                StatusCode::FORBIDDEN,
                account_texts(lang).denied_title,
                reason(denied, lang),
                "/dossiers",
            );
        }
        _ => match acc.dossiers.all().await {
            Ok(all) => all
                .into_iter()
                .filter(|x| toegang::decide(&actor, Action::DossierBasisLezen, Some(household_id(x.id))).allowed)
                .collect(),
            Err(e) => return internal(lang, "/dossiers", &e),
        },
    };
    for x in &visible {
        if let Err(e) = log(&acc, user, "dossierlijst lezen", ACTIVITY_DOSSIER, &x.bsn).await {
            return internal(lang, "/dossiers", &e);
        }
    }
    let t = texts(lang);
    ListPage {
        t,
        d,
        title: d.list_title,
        stylesheets: STYLESHEETS,
        other_lang_href: format!("/dossiers?taal={}", t.other_lang),
        rows: visible.into_iter().map(|x| (x.id, x.name, x.neighbourhood)).collect(),
    }
    .into_response()
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
    amounts: Vec<(&'static str, String)>,
    explanation: String,
    can_edit: bool,
    csrf: String,
    version: i64,
    packages: Vec<(String, String, bool)>,
    history: Vec<String>,
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
    let Some(acc) = state.accounts.clone() else { return unavailable(lang, &here) };
    let session = match session_of(state, headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return to_login(lang),
        Err(e) => return internal(lang, &here, &e),
    };
    let user = &session.user;
    let actor = match actor(&acc, user).await {
        Ok(a) => a,
        Err(e) => return internal(lang, &here, &e),
    };
    let hid = household_id(id);
    let basic = toegang::decide(&actor, Action::DossierBasisLezen, Some(hid));
    if !basic.allowed {
        return message(lang, StatusCode::FORBIDDEN, account_texts(lang).denied_title, reason(basic, lang), &here);
    }
    let dossier = match acc.dossiers.get(id).await {
        Ok(Some(x)) => x,
        Ok(None) => return message(lang, StatusCode::NOT_FOUND, d.list_title, d.not_found, &here),
        Err(e) => return internal(lang, &here, &e),
    };
    let full = toegang::decide(&actor, Action::DossierVolledigLezen, Some(hid)).allowed;
    let show_bsn = toegang::decide(&actor, Action::BsnZien, Some(hid)).allowed;
    let can_edit = toegang::decide(&actor, Action::DossierWijzigen, Some(hid)).allowed;
    let what = if full { "dossier volledig lezen" } else { "dossier basisgegevens lezen" };
    if let Err(e) = log(&acc, user, what, ACTIVITY_DOSSIER, &dossier.bsn).await {
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
    if full {
        let bsn = platform::bsn::Bsn::parse(&dossier.bsn).map(|b| if show_bsn { b.reveal() } else { b.masked() });
        basics.push((d.bsn, bsn.unwrap_or_default()));
        let variant = regels::Variant::by_id(&dossier.package);
        basics.push((
            d.package,
            variant.map(|v| v.name.get(lang).to_owned()).unwrap_or_else(|_| dossier.package.clone()),
        ));
        let today = jiff::Zoned::now().date();
        let outcome = regels::input::parse_household(&dossier.data).and_then(|h| {
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
        match acc.dossiers.history(id).await {
            Ok(versions) => {
                history = versions
                    .into_iter()
                    .map(|v| match lang {
                        Lang::Nl => format!(
                            "Versie {}: pakket {}, tot {} (door {})",
                            v.version,
                            v.package,
                            when(v.changed),
                            v.by
                        ),
                        Lang::En => format!(
                            "Version {}: package {}, until {} (by {})",
                            v.version,
                            v.package,
                            when(v.changed),
                            v.by
                        ),
                    })
                    .collect();
            }
            Err(e) => return internal(lang, &here, &e),
        }
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
        amounts,
        explanation,
        can_edit,
        csrf: session.csrf,
        version: dossier.version,
        packages,
        history,
    }
    .into_response();
    *response.status_mut() = status;
    response
}

async fn show(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    match id.parse::<i64>() {
        Ok(id) if id > 0 => page(&state, &headers, lang, id, String::new(), StatusCode::OK).await,
        _ => message(
            lang,
            StatusCode::NOT_FOUND,
            dossier_texts(lang).list_title,
            dossier_texts(lang).not_found,
            "/dossiers",
        ),
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
    let Some(id) = id.parse::<i64>().ok().filter(|i| *i > 0) else {
        return message(lang, StatusCode::NOT_FOUND, d.list_title, d.not_found, "/dossiers");
    };
    let here = format!("/dossiers/{id}");
    let Some(acc) = state.accounts.clone() else { return unavailable(lang, &here) };
    let session = match session_of(&state, &headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return to_login(lang),
        Err(e) => return internal(lang, &here, &e),
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
    let actor = match actor(&acc, &session.user).await {
        Ok(a) => a,
        Err(e) => return internal(lang, &here, &e),
    };
    let decision = toegang::decide(&actor, Action::DossierWijzigen, Some(household_id(id)));
    if !decision.allowed {
        return message(lang, StatusCode::FORBIDDEN, account_texts(lang).denied_title, reason(decision, lang), &here);
    }
    let package = form.get("pakket").map(String::as_str).unwrap_or_default();
    let version = form.get("versie").and_then(|v| v.parse::<i64>().ok());
    let (Ok(_), Some(version)) = (regels::Variant::by_id(package), version) else {
        return page(&state, &headers, lang, id, account_texts(lang).form_expired.to_owned(), StatusCode::BAD_REQUEST)
            .await;
    };
    let dossier = match acc.dossiers.get(id).await {
        Ok(Some(x)) => x,
        Ok(None) => return message(lang, StatusCode::NOT_FOUND, d.list_title, d.not_found, &here),
        Err(e) => return internal(lang, &here, &e),
    };
    if let Err(e) = log(&acc, &session.user, "dossier wijzigen (pakket)", ACTIVITY_DOSSIER, &dossier.bsn).await {
        return internal(lang, &here, &e);
    }
    let now = jiff::Timestamp::now().as_second();
    match acc.dossiers.update(id, version, package, &dossier.data, &session.user.id, now).await {
        Ok(Ok(_)) => page(&state, &headers, lang, id, d.saved.to_owned(), StatusCode::OK).await,
        Ok(Err(_conflict)) => page(&state, &headers, lang, id, d.conflict.to_owned(), StatusCode::CONFLICT).await,
        Err(e) => internal(lang, &here, &e),
    }
}
