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

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pakketten", get(packages))
        .route("/berekeningen", post(calculate))
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
    paths(packages, calculate),
    components(schemas(Package, CalculationRequest, Calculation, Problem, InvalidParam))
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

fn problem(status: StatusCode, e: &regels::Error, prefix: &str) -> Response {
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
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
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
