//! `/api/v1/huishoudens`: the dossier for systems, over the same services as
//! the pages (`crate::dossier`): the same authorization per record, the same
//! log record before personal data leaves, the same versioned change. Errors
//! are problem+json with `invalidParams` naming each field.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::AppState;
use crate::account::{Accounts, Subject, log, log_each, no_store, session_of};
use crate::api::{InvalidParam, Problem, api_problem, problem, storage_problem};
use crate::dossier::{ACTIVITY_DOSSIER, Rights, actor, rights, store_change};
use crate::dossier_form::{Basics, check_basics};

/// A household as the API shows it. What the caller may not see is `null`:
/// a buddy gets the basics only; the BSN is masked unless the role may see it.
#[derive(Serialize, ToSchema)]
pub struct HouseholdResource {
    pub id: i64,
    pub naam: String,
    pub adres: String,
    /// CBS buurt code, e.g. `BU00140101`.
    pub buurtcode: String,
    /// The version to send back with a change (optimistic concurrency).
    pub versie: i64,
    /// Nine digits, or `******782` when the role may not see it in full.
    pub bsn: Option<String>,
    pub pakket: Option<String>,
    /// The household as in `schemas/huishouden.schema.json`.
    #[schema(value_type = Option<Object>)]
    pub huishouden: Option<Value>,
    pub berekening: Option<Benefit>,
}

/// This month's benefit, euro-cents per month (the explanation: `POST /berekeningen`).
#[derive(Serialize, ToSchema)]
pub struct Benefit {
    pub datum: String,
    pub norm: i64,
    pub inkomsten: i64,
    pub vrijlating: i64,
    pub bijstand: i64,
    pub vakantietoeslag: i64,
    pub uitkering: i64,
}

/// A change. Fields left out stay as they are; `versie` is the version the
/// change is based on (from the last GET).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseholdChange {
    pub versie: i64,
    pub naam: Option<String>,
    pub adres: Option<String>,
    pub buurtcode: Option<String>,
    pub bsn: Option<String>,
    pub pakket: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub huishouden: Option<Value>,
}

/// One entry of the list.
#[derive(Serialize, ToSchema)]
pub struct HouseholdSummary {
    pub id: i64,
    pub naam: String,
    pub buurtcode: String,
}

/// A page of the list; `volgende` is the `na` for the next page, if any.
#[derive(Serialize, ToSchema)]
pub struct HouseholdPage {
    pub huishoudens: Vec<HouseholdSummary>,
    pub volgende: Option<i64>,
}

/// The caller's account and relations, or the problem to answer.
async fn caller(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(std::sync::Arc<Accounts>, opslag::User, platform::toegang::Actor), Response> {
    let Some(acc) = state.accounts.clone() else {
        return Err(api_problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "Deze server draait zonder database.",
            "This server runs without a database.",
        ));
    };
    let session = match session_of(state, headers).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(api_problem(
                StatusCode::UNAUTHORIZED,
                "",
                "Log eerst in (/inloggen).",
                "Log in first (/inloggen).",
            ));
        }
        Err(e) => return Err(storage_problem(&e, crate::api::READING)),
    };
    match actor(&acc, &session.user).await {
        Ok(a) => Ok((acc, session.user, a)),
        Err(e) => Err(storage_problem(&e, crate::api::READING)),
    }
}

fn forbidden() -> Response {
    api_problem(
        StatusCode::FORBIDDEN,
        "id",
        "U mag dit huishouden niet zien of wijzigen.",
        "You may not see or change this household.",
    )
}

fn not_found() -> Response {
    api_problem(StatusCode::NOT_FOUND, "id", "Dit huishouden bestaat niet.", "This household does not exist.")
}

fn path_id(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|i| *i > 0)
}

fn resource(d: &opslag::Dossier, r: Rights) -> HouseholdResource {
    let mut out = HouseholdResource {
        id: d.id,
        naam: d.name.clone(),
        adres: d.address.clone(),
        buurtcode: d.neighbourhood.clone(),
        versie: d.version,
        bsn: None,
        pakket: None,
        huishouden: None,
        berekening: None,
    };
    if !r.full {
        return out;
    }
    out.bsn = platform::bsn::Bsn::parse(&d.bsn).ok().map(|b| if r.bsn { b.reveal() } else { b.masked() });
    out.pakket = Some(d.package.clone());
    let household = regels::input::parse_household(&d.data);
    out.huishouden = household.as_ref().ok().map(regels::input::to_json);
    let today = jiff::Zoned::now().date();
    out.berekening = household
        .and_then(|h| {
            let params = regels::ParameterSets::embedded()?.for_date(today)?;
            regels::calculate_variant(&h, today, params, regels::Variant::by_id(&d.package)?)
        })
        .ok()
        .map(|o| Benefit {
            datum: today.to_string(),
            norm: o.norm.get(),
            inkomsten: o.income_counted.get(),
            vrijlating: o.disregard.get(),
            bijstand: o.bijstand.get(),
            vakantietoeslag: o.holiday_allowance.get(),
            uitkering: o.payable.get(),
        });
    out
}

/// The households you may see, 50 at a time (`?na=<id>` for the next page).
#[utoipa::path(
    get,
    path = "/huishoudens",
    tag = "huishoudens",
    params(("na" = Option<i64>, Query, description = "Alleen huishoudens met een hoger id (volgende pagina)")),
    responses(
        (status = 200, body = HouseholdPage),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let (acc, user, actor) = match caller(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let after = match q.get("na").map(|v| v.parse::<i64>()) {
        None => 0,
        Some(Ok(n)) if n >= 0 => n,
        Some(_) => {
            return api_problem(
                StatusCode::BAD_REQUEST,
                "na",
                "Geef een heel getal van 0 of meer.",
                "Give a whole number of 0 or more.",
            );
        }
    };
    let page = match crate::dossier::visible_page(&acc, &actor, user.role, after).await {
        Ok(Some(p)) => p,
        Ok(None) => return forbidden(),
        Err(e) => return storage_problem(&e, crate::api::READING),
    };
    let subjects: Vec<Subject<'_>> = page.rows.iter().map(|x| Subject::Bsn(&x.bsn)).collect();
    if let Err(e) = log_each(&acc, &user, "dossierlijst lezen (API)", ACTIVITY_DOSSIER, &subjects).await {
        return storage_problem(&e, crate::api::STORING);
    }
    no_store(
        Json(HouseholdPage {
            volgende: if page.more { page.rows.last().map(|d| d.id) } else { None },
            huishoudens: page
                .rows
                .iter()
                .map(|d| HouseholdSummary { id: d.id, naam: d.name.clone(), buurtcode: d.neighbourhood.clone() })
                .collect(),
        })
        .into_response(),
    )
}

/// One household: the basics, and for who may see it in full its members, income, package and benefit.
#[utoipa::path(
    get,
    path = "/huishoudens/{id}",
    tag = "huishoudens",
    params(("id" = i64, Path, description = "Id van het huishouden")),
    responses(
        (status = 200, body = HouseholdResource),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn show(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let (acc, user, actor) = match caller(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = path_id(&id) else { return not_found() };
    let r = rights(&actor, id);
    if !r.basic {
        return forbidden();
    }
    let d = match acc.dossiers.get(id).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(),
        Err(e) => return storage_problem(&e, crate::api::READING),
    };
    let what = if r.full { "dossier volledig lezen (API)" } else { "dossier basisgegevens lezen (API)" };
    if let Err(e) = log(&acc, &user, what, ACTIVITY_DOSSIER, Subject::Bsn(&d.bsn)).await {
        return storage_problem(&e, crate::api::STORING);
    }
    no_store(Json(resource(&d, r)).into_response())
}

/// Change a household. Send the `versie` you read: when someone changed it since, nothing is written (409).
/// Name, address, neighbourhood and BSN only for the caseworker.
#[utoipa::path(
    put,
    path = "/huishoudens/{id}",
    tag = "huishoudens",
    params(("id" = i64, Path, description = "Id van het huishouden")),
    request_body = HouseholdChange,
    responses(
        (status = 200, body = HouseholdResource),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<HouseholdChange>, JsonRejection>,
) -> Response {
    let (acc, user, actor) = match caller(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = path_id(&id) else { return not_found() };
    let r = rights(&actor, id);
    if !r.edit {
        return forbidden();
    }
    let request = match body {
        Ok(Json(c)) => c,
        Err(rejection) => {
            let e = regels::Error::new(
                "(body)",
                regels::Problem::MalformedJson { line: 0, column: 0, detail: rejection.body_text() },
            );
            return problem(StatusCode::BAD_REQUEST, &e, "");
        }
    };
    let current = match acc.dossiers.get(id).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(),
        Err(e) => return storage_problem(&e, crate::api::READING),
    };
    let registry_fields =
        [("naam", &request.naam), ("adres", &request.adres), ("buurtcode", &request.buurtcode), ("bsn", &request.bsn)];
    if !r.registry
        && let Some((field, _)) = registry_fields.iter().find(|(_, v)| v.is_some())
    {
        return api_problem(
            StatusCode::FORBIDDEN,
            field,
            "Naam, adres, buurt en BSN legt de klantmanager vast.",
            "Name, address, neighbourhood and BSN are recorded by the caseworker.",
        );
    }
    let basics = Basics {
        name: request.naam.clone().unwrap_or_else(|| current.name.clone()),
        address: request.adres.clone().unwrap_or_else(|| current.address.clone()),
        neighbourhood: request.buurtcode.clone().unwrap_or_else(|| current.neighbourhood.clone()),
        bsn: request.bsn.clone().unwrap_or_else(|| current.bsn.clone()),
    };
    let basics = match check_basics(basics) {
        Ok(b) => b,
        Err(problems) => return invalid(&problems),
    };
    let package = request.pakket.clone().unwrap_or_else(|| current.package.clone());
    if let Err(e) = regels::Variant::by_id(&package) {
        return problem(StatusCode::BAD_REQUEST, &regels::Error::new("pakket", e.problem), "");
    }
    let data = match &request.huishouden {
        None => current.data.clone(),
        Some(v) => match regels::input::household(v) {
            Ok(h) => {
                // The same checks as a calculation today, so a stored household always computes.
                let today = jiff::Zoned::now().date();
                let check = regels::ParameterSets::embedded()
                    .and_then(|s| s.for_date(today))
                    .and_then(|p| regels::calculate_variant(&h, today, p, regels::Variant::by_id(&package)?));
                if let Err(e) = check
                    && !matches!(e.problem, regels::Problem::Parameter(_))
                    && e.field != "datum"
                {
                    return problem(StatusCode::BAD_REQUEST, &e, "huishouden");
                }
                regels::input::to_json(&h).to_string()
            }
            Err(e) => return problem(StatusCode::BAD_REQUEST, &e, "huishouden"),
        },
    };
    let change = opslag::Change {
        name: &basics.name,
        address: &basics.address,
        neighbourhood: &basics.neighbourhood,
        bsn: &basics.bsn,
        package: &package,
        data: &data,
    };
    match store_change(&acc, &user, &current, request.versie, &change, "dossier wijzigen (API)").await {
        Ok(Ok(_)) => match acc.dossiers.get(id).await {
            Ok(Some(d)) => no_store(Json(resource(&d, r)).into_response()),
            Ok(None) => not_found(),
            Err(e) => storage_problem(&e, crate::api::READING),
        },
        Ok(Err(conflict)) => api_problem(
            StatusCode::CONFLICT,
            "versie",
            &format!(
                "Dit huishouden is intussen gewijzigd (nu versie {}). Er is niets opgeslagen; lees het opnieuw.",
                conflict.current_version
            ),
            &format!(
                "This household was changed in the meantime (now version {}). Nothing was stored; read it again.",
                conflict.current_version
            ),
        ),
        Err(e) => storage_problem(&e, crate::api::STORING),
    }
}

fn invalid(problems: &[crate::dossier_form::Problem]) -> Response {
    let first = &problems[0];
    let body = Problem {
        problem_type: "about:blank".into(),
        title: "Ongeldige invoer / invalid input".into(),
        status: 400,
        detail: first.nl.clone(),
        detail_en: first.en.clone(),
        invalid_params: problems
            .iter()
            .map(|p| InvalidParam { name: p.field.to_owned(), reason: p.nl.clone(), reason_en: p.en.clone() })
            .collect(),
    };
    crate::api::problem_response(StatusCode::BAD_REQUEST, body)
}
