//! The JSON API, `/api/v1`, following the Dutch API Design Rules where they
//! apply: plural resource names, version in the path, errors as
//! `application/problem+json` (RFC 9457) with `invalidParams` naming each
//! field, and an OpenAPI 3 document generated from this code
//! (`/api/v1/openapi.json`, committed as `openapi.json`).

use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};

use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pakketten", get(packages))
        .route("/berekeningen", post(calculate))
        .route("/munt/rekeningen/{id}", get(currency_account))
        .route("/munt/betalingen", post(currency_payment))
        .route("/huishoudens", get(crate::api_dossier::list))
        .route("/huishoudens/{id}", get(crate::api_dossier::show).put(crate::api_dossier::change))
        .route("/openapi.json", get(openapi))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ademruimte API",
        description = "Bijstand berekenen en uitleggen volgens de Participatiewet, met de pakketten van Bijstand op maat. / Compute and explain social assistance under the Participatiewet.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
        version = "1.0.0"
    ),
    servers((url = "/api/v1")),
    paths(
        packages,
        calculate,
        currency_account,
        currency_payment,
        crate::api_dossier::list,
        crate::api_dossier::show,
        crate::api_dossier::change
    ),
    components(schemas(
        Package,
        CalculationRequest,
        Calculation,
        Problem,
        InvalidParam,
        CurrencyAccount,
        PaymentRequest,
        PaymentReceipt,
        crate::api_dossier::HouseholdResource,
        crate::api_dossier::Benefit,
        crate::api_dossier::HouseholdChange,
        crate::api_dossier::HouseholdSummary,
        crate::api_dossier::HouseholdPage
    ))
)]
pub struct ApiDoc;

/// The OpenAPI document as served and as committed in `openapi.json`.
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], openapi_json()).into_response()
}

/// A package (*pakket*) of Bijstand op maat or an experiment arm.
#[derive(Serialize, ToSchema)]
pub struct Package {
    /// Stable id, e.g. `bijverdienen-en-investeren`.
    pub id: String,
    pub naam: String,
    pub naam_en: String,
    pub omschrijving: String,
    pub omschrijving_en: String,
    /// Whether the package changes no amount (the base and arms with only conditions).
    pub zonder_bedragwijziging: bool,
}

/// List the packages and experiment arms.
#[utoipa::path(get, path = "/pakketten", tag = "pakketten", responses((status = 200, body = [Package])))]
async fn packages() -> Response {
    match regels::Variant::embedded() {
        Ok(all) => Json(
            all.iter()
                .map(|v| Package {
                    id: v.id.clone(),
                    naam: v.name.nl.clone(),
                    naam_en: v.name.en.clone(),
                    omschrijving: v.description.nl.clone(),
                    omschrijving_en: v.description.en.clone(),
                    zonder_bedragwijziging: v.is_base(),
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => problem(StatusCode::INTERNAL_SERVER_ERROR, &e, ""),
    }
}

/// A calculation request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalculationRequest {
    /// The household in the format of `schemas/huishouden.schema.json` (as for `ademruimte bereken`).
    #[schema(value_type = Object)]
    pub huishouden: Value,
    /// Date of the calculation, `YYYY-MM-DD`.
    #[schema(example = "2026-03-01")]
    pub datum: String,
    /// A package id from `/pakketten`; without it the base scheme.
    pub pakket: Option<String>,
    /// Language of the explanation texts: `nl` (default) or `en`.
    pub taal: Option<String>,
}

/// The outcome of a calculation, amounts in euro-cents per month.
#[derive(Serialize, ToSchema)]
pub struct Calculation {
    pub datum: String,
    pub parameters_geldig_vanaf: String,
    pub recht_op_bijstand: bool,
    /// Always "cent per maand".
    pub eenheid: String,
    pub norm: i64,
    pub inkomsten: i64,
    pub vrijlating: i64,
    pub inkomsten_in_mindering: i64,
    pub bijstand: i64,
    pub vakantietoeslag: i64,
    pub uitkering: i64,
    pub taal: String,
    /// The explanation tree: `regel`, `naam`, `omschrijving`, `artikel`, `bron`, `url`, `invoer`, `uitkomst`, `stappen`.
    #[schema(value_type = Object)]
    pub uitleg: Value,
    /// Only with a package: its id.
    pub pakket: Option<String>,
    pub pakket_naam: Option<String>,
    pub verlaging_maatregel: Option<i64>,
    pub korting_pakket: Option<i64>,
    pub uitstroompremie_opgebouwd: Option<i64>,
    /// Only with a package: earnings per destination (`deelnemer`, `de_plek`, `fonds`).
    #[schema(value_type = Option<Object>)]
    pub verdeling_inkomsten: Option<Value>,
}

/// An error (RFC 9457 problem details), in Dutch with an English translation.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub detail_en: String,
    #[serde(rename = "invalidParams")]
    pub invalid_params: Vec<InvalidParam>,
}

#[derive(Serialize, ToSchema)]
pub struct InvalidParam {
    /// The field, e.g. `huishouden.aanvrager.geboortedatum`.
    pub name: String,
    pub reason: String,
    pub reason_en: String,
}

/// A problem as `application/problem+json`.
pub(crate) fn problem_response(status: StatusCode, body: Problem) -> Response {
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

pub(crate) fn problem(status: StatusCode, e: &regels::Error, prefix: &str) -> Response {
    let name = if prefix.is_empty() { e.field.clone() } else { format!("{prefix}.{}", e.field) };
    let named = regels::Error::new(name.clone(), e.problem.clone());
    let body = Problem {
        problem_type: "about:blank".into(),
        title: if status.is_client_error() {
            "Ongeldige invoer / invalid input".into()
        } else {
            "Interne fout / internal error".into()
        },
        status: status.as_u16(),
        detail: named.message_nl(),
        detail_en: named.message_en(),
        invalid_params: if status.is_client_error() {
            vec![InvalidParam { name, reason: named.message_nl(), reason_en: named.message_en() }]
        } else {
            Vec::new()
        },
    };
    problem_response(status, body)
}

/// Compute the bijstand of a household for a date, optionally under a package, with its explanation.
#[utoipa::path(
    post,
    path = "/berekeningen",
    tag = "berekeningen",
    request_body = CalculationRequest,
    responses(
        (status = 200, body = Calculation),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn calculate(body: Result<Json<CalculationRequest>, JsonRejection>) -> Response {
    let request = match body {
        Ok(Json(r)) => r,
        Err(rejection) => {
            let e = regels::Error::new(
                "(body)",
                regels::Problem::MalformedJson { line: 0, column: 0, detail: rejection.body_text() },
            );
            return problem(StatusCode::BAD_REQUEST, &e, "");
        }
    };
    let lang = match request.taal.as_deref() {
        None | Some("nl") => regels::Lang::Nl,
        Some("en") => regels::Lang::En,
        Some(other) => {
            let e = regels::Error::new(
                "taal",
                regels::Problem::UnknownValue { value: other.to_owned(), allowed: &["nl", "en"] },
            );
            return problem(StatusCode::BAD_REQUEST, &e, "");
        }
    };
    let result = (|| {
        let date = regels::input::parse_date(&request.datum)
            .ok_or_else(|| regels::Error::new("datum", regels::Problem::InvalidDate { text: request.datum.clone() }))?;
        let params = regels::ParameterSets::embedded()?.for_date(date)?;
        let household = regels::input::household(&request.huishouden).map_err(|e| {
            regels::Error::new(
                if e.field.is_empty() { "huishouden".to_owned() } else { format!("huishouden.{}", e.field) },
                e.problem,
            )
        })?;
        let outcome = match request.pakket.as_deref() {
            Some(id) => regels::calculate_variant(&household, date, params, regels::Variant::by_id(id)?)?,
            None => regels::calculate(&household, date, params)?,
        };
        Ok::<_, regels::Error>(regels::render::to_json(&outcome, lang))
    })();
    match result {
        Ok(json) => Json(json).into_response(),
        Err(e) if matches!(e.problem, regels::Problem::Parameter(_)) => {
            problem(StatusCode::INTERNAL_SERVER_ERROR, &e, "")
        }
        Err(e) => problem(StatusCode::BAD_REQUEST, &e, ""),
    }
}

// --- The local currency ---------------------------------------------------------------

/// A currency account of the logged-in user, as booked today. Amounts in
/// units of the local currency (1 unit = 1 euro-cent at issue).
#[derive(Serialize, ToSchema)]
pub struct CurrencyAccount {
    pub rekening: String,
    /// `bewoner` or `ondernemer`.
    pub soort: String,
    pub saldo: i64,
    pub beschikbaar: i64,
    pub inwisselbaar: i64,
    /// Available units by hops made (index 0..=N; the last holds N or more).
    pub hops: Vec<i64>,
}

/// A payment between two currency accounts. `kenmerk` is chosen by the client
/// (32 hex digits): sending the same payment again books it once.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentRequest {
    #[schema(example = "0123456789abcdef0123456789abcdef")]
    pub kenmerk: String,
    pub van: String,
    pub naar: String,
    /// Units (cents), at least 1.
    pub bedrag: i64,
}

#[derive(Serialize, ToSchema)]
pub struct PaymentReceipt {
    pub kenmerk: String,
    pub datum: String,
    pub bedrag: i64,
    /// Whether the payment counted as a hop (towards redeemability).
    pub hop_geteld: bool,
}

pub(crate) fn api_problem(status: StatusCode, field: &str, nl: &str, en: &str) -> Response {
    let body = Problem {
        problem_type: "about:blank".into(),
        title: match status.as_u16() {
            401 => "Niet ingelogd / not logged in".into(),
            403 => "Geen toegang / forbidden".into(),
            404 => "Niet gevonden / not found".into(),
            s if s >= 500 => "Interne fout / internal error".into(),
            _ => "Ongeldige invoer / invalid input".into(),
        },
        status: status.as_u16(),
        detail: nl.to_owned(),
        detail_en: en.to_owned(),
        invalid_params: if field.is_empty() {
            Vec::new()
        } else {
            vec![InvalidParam { name: field.to_owned(), reason: nl.to_owned(), reason_en: en.to_owned() }]
        },
    };
    problem_response(status, body)
}

pub(crate) const STORING: (&str, &str) = ("Er ging iets mis bij het opslaan.", "Something went wrong while storing.");
pub(crate) const READING: (&str, &str) = ("Er ging iets mis bij het lezen.", "Something went wrong while reading.");

/// A storage failure: logged for the operator, a 500 without details for the client.
pub(crate) fn storage_problem(e: &opslag::StoreError, (nl, en): (&str, &str)) -> Response {
    eprintln!("opslagfout / storage error: {e}");
    api_problem(StatusCode::INTERNAL_SERVER_ERROR, "", nl, en)
}

/// The logged-in user's currency accounts (session cookie), or the problem to answer.
async fn api_holder(state: &AppState, headers: &HeaderMap) -> Result<(opslag::Session, Vec<u128>), Response> {
    let Some(acc) = &state.accounts else {
        return Err(api_problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "Deze server draait zonder database.",
            "This server runs without a database.",
        ));
    };
    let session = match crate::account::session_of(state, headers).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(api_problem(
                StatusCode::UNAUTHORIZED,
                "",
                "Log eerst in (/inloggen).",
                "Log in first (/inloggen).",
            ));
        }
        Err(e) => return Err(storage_problem(&e, STORING)),
    };
    let wallets = acc.store.wallets_of(&session.user.id).await.map_err(|e| storage_problem(&e, STORING))?;
    Ok((session, wallets))
}

/// One of your own currency accounts: balance, available, redeemable and hop buckets.
#[utoipa::path(
    get,
    path = "/munt/rekeningen/{id}",
    tag = "munt",
    params(("id" = String, Path, description = "Rekeningnummer")),
    responses(
        (status = 200, body = CurrencyAccount),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn currency_account(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let (session, wallets) = match api_holder(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(account) = id.parse::<u128>().ok().filter(|a| wallets.contains(a)) else {
        return api_problem(StatusCode::FORBIDDEN, "id", "Deze rekening is niet van u.", "This account is not yours.");
    };
    let Some(munt) = &state.munt else {
        return api_problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "Geen munt op deze server.",
            "No currency on this server.",
        );
    };
    let acc = state.accounts.as_ref().expect("checked by api_holder");
    if let Err(e) = crate::account::log(
        acc,
        &session.user,
        "munt-rekening lezen (API)",
        crate::portemonnee::ACTIVITY_WALLET,
        crate::account::Subject::Account(&session.user.id),
    )
    .await
    {
        return storage_problem(&e, STORING);
    }
    let mut store = munt.lock().await;
    if let Err(e) = store.refresh().await {
        return storage_problem(&e, READING);
    }
    let day = crate::portemonnee::ledger_day(store.ledger());
    match store.ledger().account_on(munt::AccountId(account), day) {
        Ok(v) => Json(CurrencyAccount {
            rekening: account.to_string(),
            soort: if v.kind == munt::AccountKind::Merchant { "ondernemer".into() } else { "bewoner".into() },
            saldo: v.balance.get(),
            beschikbaar: v.available.get(),
            inwisselbaar: v.redeemable.get(),
            hops: v.hop_buckets.iter().map(|u| u.get()).collect(),
        })
        .into_response(),
        Err(e) => api_problem(StatusCode::NOT_FOUND, "id", &e.message_nl(), &e.message_en()),
    }
}

/// Pay from one of your own currency accounts. Idempotent on `kenmerk`.
#[utoipa::path(
    post,
    path = "/munt/betalingen",
    tag = "munt",
    request_body = PaymentRequest,
    responses(
        (status = 200, body = PaymentReceipt),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
async fn currency_payment(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PaymentRequest>, JsonRejection>,
) -> Response {
    // A JSON body (Content-Type: application/json) cannot be sent cross-site
    // without a CORS preflight, which this API never grants; with the
    // SameSite=Strict session cookie that is the CSRF protection here.
    let (session, wallets) = match api_holder(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let request = match body {
        Ok(Json(r)) => r,
        Err(rejection) => {
            return api_problem(StatusCode::BAD_REQUEST, "(body)", &rejection.body_text(), &rejection.body_text());
        }
    };
    let id = u128::from_str_radix(&request.kenmerk, 16)
        .ok()
        .filter(|v| request.kenmerk.len() == 32 && *v != 0 && *v != u128::MAX);
    let Some(id) = id else {
        return api_problem(
            StatusCode::BAD_REQUEST,
            "kenmerk",
            "Het kenmerk moet 32 hexadecimale tekens zijn.",
            "The id must be 32 hex digits.",
        );
    };
    let Some(from) = request.van.parse::<u128>().ok().filter(|a| wallets.contains(a)) else {
        return api_problem(StatusCode::FORBIDDEN, "van", "Deze rekening is niet van u.", "This account is not yours.");
    };
    let Some(to) = request.naar.parse::<u128>().ok() else {
        return api_problem(
            StatusCode::BAD_REQUEST,
            "naar",
            "Dit is geen rekeningnummer.",
            "This is not an account number.",
        );
    };
    if request.bedrag < 1 {
        return api_problem(
            StatusCode::BAD_REQUEST,
            "bedrag",
            "Het bedrag moet minstens 1 zijn.",
            "The amount must be at least 1.",
        );
    }
    let (Some(munt), Some(acc)) = (&state.munt, &state.accounts) else {
        return api_problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "Geen munt op deze server.",
            "No currency on this server.",
        );
    };
    if let Err(e) = crate::account::log(
        acc,
        &session.user,
        "betaling in munt (API)",
        crate::portemonnee::ACTIVITY_WALLET,
        crate::account::Subject::Account(&session.user.id),
    )
    .await
    {
        return storage_problem(&e, STORING);
    }
    let command = opslag::Command::Execute(munt::Request::Pay {
        id: munt::TransferId(id),
        from: munt::AccountId(from),
        to: munt::AccountId(to),
        amount: munt::Units::new(request.bedrag),
    });
    let result = {
        let mut store = munt.lock().await;
        let day = crate::portemonnee::ledger_day(store.ledger());
        store.submit(day, std::slice::from_ref(&command)).await
    };
    match result.map(|mut r| r.pop()) {
        Ok(Some(Ok(opslag::Outcome::Receipt(r)))) => Json(PaymentReceipt {
            kenmerk: format!("{:032x}", r.id.0),
            datum: r.day.to_date().map(|d| d.to_string()).unwrap_or_default(),
            bedrag: r.amount.get(),
            hop_geteld: r.hop_counted,
        })
        .into_response(),
        Ok(Some(Err(e))) => {
            let status = if matches!(e, munt::Error::IdConflict { .. }) {
                StatusCode::CONFLICT
            } else {
                StatusCode::BAD_REQUEST
            };
            api_problem(status, "bedrag", &e.message_nl(), &e.message_en())
        }
        Ok(_) => storage_problem(&opslag::StoreError::new("onverwachte uitkomst", "unexpected outcome", ""), STORING),
        Err(e) => storage_problem(&e, STORING),
    }
}
