//! Logging in with the municipality's own login (OpenID Connect), next to the
//! local passwords of `account.rs`.
//!
//! The authorization code flow with PKCE (S256), `state` and `nonce`:
//!
//! 1. `GET /inloggen/oidc` makes a random 256-bit key, puts it in a
//!    short-lived cookie (`HttpOnly; SameSite=Lax`, path `/inloggen/oidc`)
//!    and stores only its SHA-256, with the language and an expiry, in
//!    `oidc_inlog`. `state`, `nonce` and the PKCE verifier are derived from the
//!    key (SHA-256 with a label each), so nothing usable is stored, and the
//!    browser is sent to the provider.
//! 2. `GET /inloggen/oidc/terug` (the redirect URL registered at the
//!    provider) checks `state` against the cookie, takes the login under way
//!    (once; expired ones are gone), swaps the code for tokens at the token
//!    endpoint (client_secret_basic or client_secret_post, with the PKCE
//!    verifier), and verifies the ID token: signature with the provider's key
//!    picked by `kid` (asymmetric algorithms only), `iss`, `aud` (and `azp`),
//!    `exp`/`iat`/`nbf` with [`LEEWAY_SECONDS`] of clock skew, and `nonce`.
//! 3. The verified (issuer, subject) is looked up in `oidc_koppeling`. A
//!    linked account gets the same session as a local login
//!    (`account::create_session`). An unknown subject is linked only when
//!    the server allows linking on username and `preferred_username` names
//!    a local account; otherwise the login is refused. Roles always come from
//!    the local account, never from the provider.
//!
//! Every failure is a message page (400, 401, 403 or 502) in Dutch with the
//! English below it; nothing personal is written to the server log.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use regels::Lang;
use reqwest::Url;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::account::{self, Accounts};
use crate::pages::{Texts, lang_of, texts};
use crate::{AppState, STYLESHEETS};

/// The callback path; the configured redirect URL must end in it.
pub const CALLBACK_PATH: &str = "/inloggen/oidc/terug";
pub const START_PATH: &str = "/inloggen/oidc";
/// The cookie with the key of a login under way.
pub const LOGIN_COOKIE: &str = "ademruimte_oidc";
/// How long someone may take at the provider.
pub const LOGIN_SECONDS: i64 = 10 * 60;
/// Logins under way at once; anyone can start one, so this bounds the table.
pub const LOGINS_UNDER_WAY_MAX: i64 = 10_000;
/// Clock skew we accept between the provider and us.
pub const LEEWAY_SECONDS: i64 = 60;
/// Largest response we read from the provider (discovery, keys, tokens).
pub const RESPONSE_BYTES_MAX: usize = 256 * 1024;
/// Keys are fetched again when a token names an unknown key, but not more
/// often than this (a stream of forged tokens must not hammer the provider).
const KEYS_REFRESH_MIN: Duration = Duration::from_secs(60);
/// And at least this often, so a withdrawn key stops working.
const KEYS_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);
/// The signature algorithms we accept: asymmetric only. HS256 would let
/// anyone who knows the client secret sign tokens; `none` is never valid.
pub const ALGORITHMS: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

// --- Configuration -------------------------------------------------------------

/// The client secret. It is never printed: `Debug` shows a placeholder.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(verborgen / hidden)")
    }
}

/// How the client authenticates at the token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenAuth {
    /// HTTP Basic with the url-encoded client id and secret (the default of the standard).
    ClientSecretBasic,
    /// The client id and secret in the form body.
    ClientSecretPost,
}

impl TokenAuth {
    pub fn from_key(s: &str) -> Option<TokenAuth> {
        match s {
            "client_secret_basic" => Some(TokenAuth::ClientSecretBasic),
            "client_secret_post" => Some(TokenAuth::ClientSecretPost),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            TokenAuth::ClientSecretBasic => "client_secret_basic",
            TokenAuth::ClientSecretPost => "client_secret_post",
        }
    }
}

#[derive(Clone, Debug)]
pub struct OidcConfig {
    /// The issuer URL, exactly as the provider writes it in `iss`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// The public URL of `/inloggen/oidc/terug`, as registered at the provider.
    pub redirect_url: String,
    /// The name of the login on the button: "Inloggen met <name>".
    pub display_name: String,
    /// Link an unknown subject to the local account whose username equals
    /// its `preferred_username` (first login only).
    pub link_by_username: bool,
    /// `None`: client_secret_basic, unless the provider supports only post.
    pub token_auth: Option<TokenAuth>,
}

/// A configuration or provider problem, in words for the person running the server.
#[derive(Debug, PartialEq, Eq)]
pub struct OidcError {
    pub nl: String,
    pub en: String,
}

impl std::fmt::Display for OidcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.nl, self.en)
    }
}

impl std::error::Error for OidcError {}

fn oidc_error(nl: impl Into<String>, en: impl Into<String>) -> OidcError {
    OidcError { nl: nl.into(), en: en.into() }
}

fn is_loopback(url: &Url) -> bool {
    match url.host_str() {
        Some("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

/// An absolute https URL, or http on this machine (tests, development).
fn checked_url(what: &str, s: &str) -> Result<Url, OidcError> {
    let url = Url::parse(s).map_err(|e| {
        oidc_error(format!("{what} is geen geldige URL ({e}): {s}"), format!("{what} is not a valid URL ({e}): {s}"))
    })?;
    let secure = url.scheme() == "https" || (url.scheme() == "http" && is_loopback(&url));
    if !secure || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(oidc_error(
            format!("{what} moet een https-adres zijn zonder #-deel (http mag alleen op 127.0.0.1): {s}"),
            format!("{what} must be an https address without a # part (http only on 127.0.0.1): {s}"),
        ));
    }
    Ok(url)
}

// --- The provider ----------------------------------------------------------------

/// What discovery told us, and the provider's current keys.
struct Provider {
    authorization_endpoint: Url,
    token_endpoint: Url,
    jwks_uri: Url,
    token_auth: TokenAuth,
    /// RFC 9207: the provider adds `iss` to the redirect back; then it must match.
    iss_in_response: bool,
    keys: Vec<Jwk>,
    keys_fetched: Instant,
}

/// The OpenID Connect client: configuration, an HTTPS client (rustls), and
/// the provider's metadata and keys, fetched on first use and cached.
pub struct Oidc {
    config: OidcConfig,
    http: reqwest::Client,
    provider: tokio::sync::Mutex<Option<Provider>>,
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    code_challenge_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    authorization_response_iss_parameter_supported: bool,
}

impl Oidc {
    /// Checks the configuration; contacts no one yet.
    pub fn new(config: OidcConfig) -> Result<Oidc, OidcError> {
        checked_url("--oidc-issuer", &config.issuer)?;
        let redirect = checked_url("--oidc-redirect-url", &config.redirect_url)?;
        if redirect.path() != CALLBACK_PATH || redirect.query().is_some() {
            return Err(oidc_error(
                format!("--oidc-redirect-url moet eindigen op {CALLBACK_PATH}: {}", config.redirect_url),
                format!("--oidc-redirect-url must end in {CALLBACK_PATH}: {}", config.redirect_url),
            ));
        }
        if config.client_id.trim().is_empty() || config.client_secret.0.is_empty() {
            return Err(oidc_error(
                "--oidc-client-id en --oidc-client-secret zijn nodig",
                "--oidc-client-id and --oidc-client-secret are needed",
            ));
        }
        if config.display_name.trim().is_empty() || config.display_name.len() > 100 {
            return Err(oidc_error(
                "de naam van de inlog (--oidc-naam) is leeg of te lang",
                "the login's name (--oidc-naam) is empty or too long",
            ));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("ademruimte/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| oidc_error(format!("HTTP-client: {e}"), format!("HTTP client: {e}")))?;
        Ok(Oidc { config, http, provider: tokio::sync::Mutex::new(None) })
    }

    pub fn display_name(&self) -> &str {
        &self.config.display_name
    }

    pub fn issuer(&self) -> &str {
        &self.config.issuer
    }

    /// Fetches the provider's metadata and keys now (the server does this at
    /// start, to report a wrong configuration early).
    pub async fn discover(&self) -> Result<(), OidcError> {
        let mut provider = self.provider.lock().await;
        *provider = Some(self.fetch_provider().await?);
        Ok(())
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &Url) -> Result<T, OidcError> {
        let response = self
            .http
            .get(url.clone())
            .header(header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| unreachable_error(url, &e))?;
        if !response.status().is_success() {
            return Err(oidc_error(
                format!("{url} gaf status {}", response.status()),
                format!("{url} returned status {}", response.status()),
            ));
        }
        let body = read_limited(response).await?;
        serde_json::from_slice(&body).map_err(|e| {
            oidc_error(format!("{url} gaf geen geldige JSON: {e}"), format!("{url} returned invalid JSON: {e}"))
        })
    }

    async fn fetch_provider(&self) -> Result<Provider, OidcError> {
        let issuer = self.config.issuer.trim_end_matches('/');
        let url = checked_url("discovery", &format!("{issuer}/.well-known/openid-configuration"))?;
        let d: Discovery = self.get_json(&url).await?;
        // OpenID Connect Discovery 1.0, 4.3: the issuer must be exactly the one we asked.
        if d.issuer != self.config.issuer {
            return Err(oidc_error(
                format!(
                    "de provider noemt zich '{}', niet '{}': zet --oidc-issuer precies zo",
                    d.issuer, self.config.issuer
                ),
                format!(
                    "the provider calls itself '{}', not '{}': set --oidc-issuer exactly so",
                    d.issuer, self.config.issuer
                ),
            ));
        }
        if let Some(methods) = &d.code_challenge_methods_supported
            && !methods.iter().any(|m| m == "S256")
        {
            return Err(oidc_error(
                "de provider kent PKCE met S256 niet",
                "the provider does not support PKCE with S256",
            ));
        }
        let supported = |auth: TokenAuth| match &d.token_endpoint_auth_methods_supported {
            // Absent means client_secret_basic only (Discovery 1.0, 3).
            None => auth == TokenAuth::ClientSecretBasic,
            Some(methods) => methods.iter().any(|m| m == auth.key()),
        };
        let token_auth = match self.config.token_auth {
            Some(auth) if supported(auth) => auth,
            Some(auth) => {
                return Err(oidc_error(
                    format!("de provider ondersteunt {} niet", auth.key()),
                    format!("the provider does not support {}", auth.key()),
                ));
            }
            None if supported(TokenAuth::ClientSecretBasic) => TokenAuth::ClientSecretBasic,
            None if supported(TokenAuth::ClientSecretPost) => TokenAuth::ClientSecretPost,
            None => {
                return Err(oidc_error(
                    "de provider ondersteunt client_secret_basic noch client_secret_post",
                    "the provider supports neither client_secret_basic nor client_secret_post",
                ));
            }
        };
        let jwks_uri = checked_url("jwks_uri", &d.jwks_uri)?;
        let keys = self.fetch_keys(&jwks_uri).await?;
        Ok(Provider {
            authorization_endpoint: checked_url("authorization_endpoint", &d.authorization_endpoint)?,
            token_endpoint: checked_url("token_endpoint", &d.token_endpoint)?,
            jwks_uri,
            token_auth,
            iss_in_response: d.authorization_response_iss_parameter_supported,
            keys,
            keys_fetched: Instant::now(),
        })
    }

    /// The provider's signing keys. Keys we cannot use (encryption keys,
    /// unknown types) are skipped, not fatal.
    async fn fetch_keys(&self, url: &Url) -> Result<Vec<Jwk>, OidcError> {
        #[derive(Deserialize)]
        struct Set {
            keys: Vec<serde_json::Value>,
        }
        let set: Set = self.get_json(url).await?;
        let keys: Vec<Jwk> = set
            .keys
            .into_iter()
            .filter_map(|k| serde_json::from_value::<Jwk>(k).ok())
            .filter(|k| matches!(k.common.public_key_use, None | Some(PublicKeyUse::Signature)))
            .collect();
        if keys.is_empty() {
            return Err(oidc_error(
                format!("{url} heeft geen bruikbare ondertekensleutel"),
                format!("{url} has no usable signing key"),
            ));
        }
        Ok(keys)
    }

    /// Runs `f` on the provider, fetching it first when needed.
    async fn with_provider<T>(&self, f: impl FnOnce(&Provider) -> T) -> Result<T, OidcError> {
        let mut guard = self.provider.lock().await;
        let stale = guard.as_ref().is_none_or(|p| p.keys_fetched.elapsed() > KEYS_MAX_AGE);
        if stale {
            *guard = Some(self.fetch_provider().await?);
        }
        let provider = guard.as_ref().expect("fetched above");
        Ok(f(provider))
    }

    /// Fetches the keys again (a token named a key we do not know: the
    /// provider may have rotated). False when we fetched them only just.
    async fn refresh_keys(&self) -> Result<bool, OidcError> {
        let mut guard = self.provider.lock().await;
        let Some(provider) = guard.as_mut() else { return Ok(false) };
        if provider.keys_fetched.elapsed() < KEYS_REFRESH_MIN {
            return Ok(false);
        }
        let url = provider.jwks_uri.clone();
        provider.keys = self.fetch_keys(&url).await?;
        provider.keys_fetched = Instant::now();
        Ok(true)
    }

    /// Swaps the authorization code for tokens; returns the ID token.
    async fn exchange(&self, code: &str, verifier: &str) -> Result<String, OidcError> {
        let (endpoint, auth) = self.with_provider(|p| (p.token_endpoint.clone(), p.token_auth)).await?;
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", self.config.redirect_url.as_str()),
            ("code_verifier", verifier),
        ];
        let mut request = self.http.post(endpoint.clone()).header(header::ACCEPT, "application/json");
        match auth {
            TokenAuth::ClientSecretBasic => {
                // RFC 6749, 2.3.1: both are form-url-encoded before Basic.
                let pair = format!(
                    "{}:{}",
                    form_urlencode(&self.config.client_id),
                    form_urlencode(&self.config.client_secret.0)
                );
                request = request.header(header::AUTHORIZATION, format!("Basic {}", STANDARD.encode(pair)));
            }
            TokenAuth::ClientSecretPost => {
                form.push(("client_id", self.config.client_id.as_str()));
                form.push(("client_secret", self.config.client_secret.0.as_str()));
            }
        }
        let response = request.form(&form).send().await.map_err(|e| unreachable_error(&endpoint, &e))?;
        let status = response.status();
        let body = read_limited(response).await?;
        #[derive(Deserialize)]
        struct Tokens {
            id_token: Option<String>,
            error: Option<String>,
        }
        let tokens: Tokens = serde_json::from_slice(&body).map_err(|_| {
            oidc_error(
                format!("het token-antwoord (status {status}) is geen JSON"),
                format!("the token response (status {status}) is not JSON"),
            )
        })?;
        match (status.is_success(), tokens.id_token) {
            (true, Some(t)) => Ok(t),
            (true, None) => {
                Err(oidc_error("het token-antwoord heeft geen id_token", "the token response has no id_token"))
            }
            (false, _) => {
                let code = tokens.error.as_deref().map(error_code).unwrap_or("?");
                Err(oidc_error(
                    format!("het token-endpoint weigerde (status {status}, {code})"),
                    format!("the token endpoint refused (status {status}, {code})"),
                ))
            }
        }
    }
}

fn unreachable_error(url: &Url, e: &reqwest::Error) -> OidcError {
    // The error text may repeat the URL, never a secret: the form is not in it.
    oidc_error(format!("{url} is niet bereikbaar: {e}"), format!("{url} cannot be reached: {e}"))
}

async fn read_limited(mut response: reqwest::Response) -> Result<Vec<u8>, OidcError> {
    let too_big = || {
        oidc_error(
            format!("het antwoord van de provider is groter dan {RESPONSE_BYTES_MAX} bytes"),
            format!("the provider's response is larger than {RESPONSE_BYTES_MAX} bytes"),
        )
    };
    if response.content_length().is_some_and(|n| n > RESPONSE_BYTES_MAX as u64) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| oidc_error(format!("lezen van het antwoord: {e}"), format!("reading the response: {e}")))?
    {
        if body.len() + chunk.len() > RESPONSE_BYTES_MAX {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// application/x-www-form-urlencoded for one value.
fn form_urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// An OAuth error code from the provider, safe to show and log: the
/// registered codes are lowercase ASCII with underscores; anything else is
/// not repeated.
fn error_code(s: &str) -> &str {
    if !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') { s } else { "?" }
}

// --- The ID token --------------------------------------------------------------

/// What the ID token must say.
#[derive(Clone, Debug)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// Who the provider says logged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub preferred_username: Option<String>,
}

/// Why an ID token was not accepted. `code` goes to the server log; it holds
/// nothing about the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    Malformed,
    Algorithm,
    UnknownKey,
    Signature,
    Issuer,
    Audience,
    Expired,
    IssuedAt,
    Nonce,
    Subject,
}

impl Rejection {
    pub fn code(self) -> &'static str {
        match self {
            Rejection::Malformed => "id_token_malformed",
            Rejection::Algorithm => "id_token_algorithm",
            Rejection::UnknownKey => "id_token_unknown_key",
            Rejection::Signature => "id_token_signature",
            Rejection::Issuer => "id_token_issuer",
            Rejection::Audience => "id_token_audience",
            Rejection::Expired => "id_token_expired",
            Rejection::IssuedAt => "id_token_issued_at",
            Rejection::Nonce => "id_token_nonce",
            Rejection::Subject => "id_token_subject",
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: Audience,
    exp: i64,
    iat: i64,
    #[serde(default)]
    nbf: Option<i64>,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    azp: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
}

/// The key for a token's header among the provider's keys: by `kid`, or the
/// one key of the right type when the token names none. A key whose own
/// `alg` differs from the header's is never used (no algorithm confusion).
fn key_for<'k>(keys: &'k [Jwk], alg: Algorithm, kid: Option<&str>) -> Option<&'k Jwk> {
    let fits = |k: &&Jwk| {
        let family_ok = match &k.algorithm {
            AlgorithmParameters::RSA(_) => {
                matches!(
                    alg,
                    Algorithm::RS256
                        | Algorithm::RS384
                        | Algorithm::RS512
                        | Algorithm::PS256
                        | Algorithm::PS384
                        | Algorithm::PS512
                )
            }
            AlgorithmParameters::EllipticCurve(_) => matches!(alg, Algorithm::ES256 | Algorithm::ES384),
            AlgorithmParameters::OctetKeyPair(_) => alg == Algorithm::EdDSA,
            _ => false,
        };
        let alg_ok = k.common.key_algorithm.is_none_or(|ka| ka == KeyAlgorithm::from(alg));
        family_ok && alg_ok
    };
    match kid {
        Some(kid) => keys.iter().filter(fits).find(|k| k.common.key_id.as_deref() == Some(kid)),
        None => {
            let mut candidates = keys.iter().filter(fits);
            match (candidates.next(), candidates.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
    }
}

/// Verifies an ID token (OpenID Connect Core 1.0, 3.1.3.7) against the
/// provider's keys. Pure: the time is `expect.now`.
pub fn verify_id_token(token: &str, keys: &[Jwk], expect: &Expected<'_>) -> Result<Identity, Rejection> {
    use jsonwebtoken::errors::ErrorKind;
    if token.len() > RESPONSE_BYTES_MAX {
        return Err(Rejection::Malformed);
    }
    let header = jsonwebtoken::decode_header(token).map_err(|_| Rejection::Malformed)?;
    if !ALGORITHMS.contains(&header.alg) {
        return Err(Rejection::Algorithm);
    }
    let jwk = key_for(keys, header.alg, header.kid.as_deref()).ok_or(Rejection::UnknownKey)?;
    let key = DecodingKey::from_jwk(jwk).map_err(|_| Rejection::UnknownKey)?;
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[expect.issuer]);
    validation.set_audience(&[expect.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    // Times are checked below against `expect.now`, with our own leeway.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let data = jsonwebtoken::decode::<Claims>(token, &key, &validation).map_err(|e| match e.kind() {
        ErrorKind::InvalidSignature => Rejection::Signature,
        ErrorKind::InvalidIssuer => Rejection::Issuer,
        ErrorKind::InvalidAudience => Rejection::Audience,
        ErrorKind::InvalidAlgorithm => Rejection::Algorithm,
        _ => Rejection::Malformed,
    })?;
    let c = data.claims;
    // Checked by the library; asserted because everything below relies on it.
    assert_eq!(c.iss, expect.issuer, "jsonwebtoken checked iss");
    let audiences = match &c.aud {
        Audience::One(a) => vec![a.as_str()],
        Audience::Many(list) => list.iter().map(String::as_str).collect(),
    };
    if !audiences.contains(&expect.client_id) {
        return Err(Rejection::Audience);
    }
    // More than one audience: the token must say it was issued to us (azp).
    if (audiences.len() > 1 || c.azp.is_some()) && c.azp.as_deref() != Some(expect.client_id) {
        return Err(Rejection::Audience);
    }
    if c.exp.saturating_add(LEEWAY_SECONDS) <= expect.now {
        return Err(Rejection::Expired);
    }
    if c.nbf.is_some_and(|nbf| nbf > expect.now.saturating_add(LEEWAY_SECONDS)) {
        return Err(Rejection::Expired);
    }
    let oldest = expect.now.saturating_sub(LOGIN_SECONDS + LEEWAY_SECONDS);
    if c.iat > expect.now.saturating_add(LEEWAY_SECONDS) || c.iat < oldest {
        return Err(Rejection::IssuedAt);
    }
    match &c.nonce {
        Some(n) if account::same_secret(n, expect.nonce) => {}
        _ => return Err(Rejection::Nonce),
    }
    if c.sub.is_empty() || c.sub.len() > opslag::oidc::OIDC_ID_BYTES_MAX {
        return Err(Rejection::Subject);
    }
    let preferred_username = c.preferred_username.filter(|u| !u.is_empty() && u.len() <= 100);
    Ok(Identity { issuer: c.iss, subject: c.sub, preferred_username })
}

// --- State, nonce and PKCE from one key ------------------------------------------

/// A value derived from the login's key: SHA-256 over a label and the key,
/// base64url (43 characters, also a valid PKCE verifier).
fn derive(key: &str, label: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"ademruimte-oidc\0");
    h.update(label.as_bytes());
    h.update(b"\0");
    h.update(key.as_bytes());
    URL_SAFE_NO_PAD.encode(h.finalize())
}

struct Derived {
    state: String,
    nonce: String,
    verifier: String,
}

fn derived(key: &str) -> Derived {
    assert_eq!(key.len(), 64, "the key is 32 random bytes in hex");
    let d = Derived { state: derive(key, "state"), nonce: derive(key, "nonce"), verifier: derive(key, "pkce") };
    assert!(d.verifier.len() >= 43 && d.verifier.len() <= 128, "RFC 7636: 43 to 128 characters");
    d
}

fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn valid_key(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

// --- Texts --------------------------------------------------------------------------

struct OidcTexts {
    button: &'static str,
    not_configured: &'static str,
    unreachable: &'static str,
    expired: &'static str,
    bad_state: &'static str,
    denied: &'static str,
    provider_error: &'static str,
    rejected: &'static str,
    unknown: &'static str,
    done_title: &'static str,
    done: &'static str,
    continue_link: &'static str,
    again_link: &'static str,
}

const NL: OidcTexts = OidcTexts {
    button: "Inloggen met",
    not_configured: "Inloggen via de gemeente staat op deze server niet aan. Log in met uw gebruikersnaam en wachtwoord.",
    unreachable: "De inlogdienst van de gemeente is nu niet bereikbaar. Probeer het later opnieuw.",
    expired: "Uw inlogpoging is verlopen of al gebruikt. Begin opnieuw met inloggen.",
    bad_state: "Deze inlog hoort niet bij deze browser. U bent niet ingelogd. Begin opnieuw met inloggen. Heeft u niet zelf op inloggen geklikt? Sluit dan deze pagina.",
    denied: "U heeft het inloggen bij de gemeente afgebroken, of de gemeente gaf geen toestemming. U bent niet ingelogd.",
    provider_error: "De inlogdienst van de gemeente gaf een fout. U bent niet ingelogd. Probeer het opnieuw.",
    rejected: "We konden niet controleren dat deze inlog echt van de gemeente komt. U bent niet ingelogd. Begin opnieuw met inloggen.",
    unknown: "U bent ingelogd bij de gemeente, maar aan deze inlog is nog geen account in Ademruimte gekoppeld. Vraag de beheerder van uw gemeente om uw account te koppelen. U bent niet ingelogd in Ademruimte.",
    done_title: "U bent ingelogd",
    done: "U bent ingelogd. Ga verder naar uw account.",
    continue_link: "Verder naar Mijn account",
    again_link: "Opnieuw inloggen",
};

const EN: OidcTexts = OidcTexts {
    button: "Log in with",
    not_configured: "Logging in through the municipality is not switched on for this server. Log in with your username and password.",
    unreachable: "The municipality's login service cannot be reached now. Please try again later.",
    expired: "Your login attempt has expired or was already used. Please start logging in again.",
    bad_state: "This login does not belong to this browser. You are not logged in. Please start logging in again. If you did not click log in yourself, close this page.",
    denied: "You stopped logging in at the municipality, or the municipality did not allow it. You are not logged in.",
    provider_error: "The municipality's login service returned an error. You are not logged in. Please try again.",
    rejected: "We could not check that this login really comes from the municipality. You are not logged in. Please start logging in again.",
    unknown: "You are logged in at the municipality, but no Ademruimte account is linked to this login yet. Ask your municipality's administrator to link your account. You are not logged in to Ademruimte.",
    done_title: "You are logged in",
    done: "You are logged in. Continue to your account.",
    continue_link: "Continue to My account",
    again_link: "Log in again",
};

fn oidc_texts(lang: Lang) -> &'static OidcTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    }
}

/// The text of the login button, for the login page.
pub(crate) fn button_label(oidc: &Oidc, lang: Lang) -> String {
    format!("{} {}", oidc_texts(lang).button, oidc.display_name())
}

#[derive(Template, WebTemplate)]
#[template(path = "oidc.html")]
struct OidcPage {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    message: &'static str,
    /// The same message in the other language (the browser may have come
    /// back from the provider without a language we know).
    other_message: &'static str,
    other_lang: &'static str,
    link: String,
    link_text: &'static str,
    /// After a login: go on to /mijn with a same-site navigation, so the
    /// SameSite=Strict session cookie is sent (see `finish`).
    refresh: String,
}

/// A message page in `lang` with the other language below it.
fn page(lang: Lang, status: StatusCode, pick: fn(&OidcTexts) -> &'static str) -> Response {
    let t = texts(lang);
    let a = account::account_texts(lang);
    let page = OidcPage {
        t,
        title: a.login_title,
        stylesheets: STYLESHEETS,
        other_lang_href: format!("/inloggen?taal={}", t.other_lang),
        message: pick(oidc_texts(lang)),
        other_message: pick(oidc_texts(other(lang))),
        other_lang: texts(other(lang)).lang,
        link: format!("/inloggen?taal={}", t.lang),
        link_text: oidc_texts(lang).again_link,
        refresh: String::new(),
    };
    account::no_store((status, page).into_response())
}

/// Removes the login cookie: the login under way is over (taken from the
/// store), whatever the outcome.
fn ended(mut response: Response) -> Response {
    if let Ok(v) =
        HeaderValue::from_str(&format!("{LOGIN_COOKIE}=; Path={START_PATH}; HttpOnly; SameSite=Lax; Max-Age=0"))
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

// --- Routes --------------------------------------------------------------------------

pub fn routes() -> Router<AppState> {
    Router::new().route(START_PATH, get(start)).route(CALLBACK_PATH, get(callback))
}

fn configured(state: &AppState) -> Option<(Arc<Accounts>, Arc<Oidc>)> {
    let acc = state.accounts.clone()?;
    let oidc = acc.oidc.clone()?;
    Some((acc, oidc))
}

fn now_secs() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn log_refusal(code: &str) {
    // Only a reason code: no subject, name or token.
    eprintln!("oidc: inlog geweigerd / login refused: {code}");
}

async fn start(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let lang = lang_of(&q);
    let Some((acc, oidc)) = configured(&state) else {
        return page(lang, StatusCode::NOT_FOUND, |t| t.not_configured);
    };
    let endpoint = match oidc.with_provider(|p| p.authorization_endpoint.clone()).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("oidc: {e}");
            return page(lang, StatusCode::BAD_GATEWAY, |t| t.unreachable);
        }
    };
    let key = account::random_token();
    let now = now_secs();
    if let Err(e) = acc
        .store
        .begin_oidc_login(&account::token_hash(&key), texts(lang).lang, now, now + LOGIN_SECONDS, LOGINS_UNDER_WAY_MAX)
        .await
    {
        return account::internal(lang, START_PATH, &e);
    }
    let d = derived(&key);
    let mut url = endpoint;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &oidc.config.client_id)
        .append_pair("redirect_uri", &oidc.config.redirect_url)
        .append_pair("scope", "openid profile")
        .append_pair("state", &d.state)
        .append_pair("nonce", &d.nonce)
        .append_pair("code_challenge", &pkce_challenge(&d.verifier))
        .append_pair("code_challenge_method", "S256")
        .append_pair("ui_locales", texts(lang).lang);
    let secure = if acc.secure_cookies { "; Secure" } else { "" };
    let (Ok(location), Ok(cookie)) = (
        HeaderValue::from_str(url.as_str()),
        HeaderValue::from_str(&format!(
            "{LOGIN_COOKIE}={key}; Path={START_PATH}; HttpOnly; SameSite=Lax; Max-Age={LOGIN_SECONDS}{secure}"
        )),
    ) else {
        return page(lang, StatusCode::BAD_GATEWAY, |t| t.unreachable);
    };
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(header::LOCATION, location);
    response.headers_mut().append(header::SET_COOKIE, cookie);
    account::no_store(response)
}

async fn callback(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    // The provider sends no language back; it is in the login under way.
    let lang = Lang::Nl;
    let Some((acc, oidc)) = configured(&state) else {
        return page(lang, StatusCode::NOT_FOUND, |t| t.not_configured);
    };
    // 1. The state must belong to this browser's cookie. Checked before
    //    anything is looked up, so a forged link cannot end a real login.
    let Some(key) = account::cookie(&headers, LOGIN_COOKIE).filter(|k| valid_key(k)) else {
        log_refusal("no_login_cookie");
        return page(lang, StatusCode::BAD_REQUEST, |t| t.expired);
    };
    let d = derived(&key);
    let sent_state = q.get("state").map(String::as_str).unwrap_or_default();
    if !account::same_secret(sent_state, &d.state) {
        log_refusal("state");
        return page(lang, StatusCode::BAD_REQUEST, |t| t.bad_state);
    }
    // 2. Once, and not too late.
    let now = now_secs();
    let lang = match acc.store.take_oidc_login(&account::token_hash(&key), now).await {
        Ok(Some(l)) if l == "en" => Lang::En,
        Ok(Some(_)) => Lang::Nl,
        Ok(None) => {
            log_refusal("login_expired_or_used");
            return ended(page(lang, StatusCode::BAD_REQUEST, |t| t.expired));
        }
        Err(e) => return account::internal(lang, CALLBACK_PATH, &e),
    };
    ended(finish_login(&acc, &oidc, &q, &d, lang, now).await)
}

/// The rest of the callback, once the login under way has been taken.
async fn finish_login(
    acc: &Accounts,
    oidc: &Oidc,
    q: &HashMap<String, String>,
    d: &Derived,
    lang: Lang,
    now: i64,
) -> Response {
    // 3. RFC 9207: a provider that names itself must be ours (mix-up attacks).
    let iss_required = match oidc.with_provider(|p| p.iss_in_response).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("oidc: {e}");
            return page(lang, StatusCode::BAD_GATEWAY, |t| t.unreachable);
        }
    };
    match q.get("iss") {
        Some(iss) if iss != &oidc.config.issuer => {
            log_refusal("iss_parameter");
            return page(lang, StatusCode::UNAUTHORIZED, |t| t.rejected);
        }
        None if iss_required => {
            log_refusal("iss_parameter_missing");
            return page(lang, StatusCode::UNAUTHORIZED, |t| t.rejected);
        }
        _ => {}
    }
    // 4. The provider said no.
    if let Some(error) = q.get("error") {
        let code = error_code(error);
        log_refusal(&format!("provider_{code}"));
        return if code == "access_denied" || code == "login_required" || code == "consent_required" {
            page(lang, StatusCode::UNAUTHORIZED, |t| t.denied)
        } else {
            page(lang, StatusCode::UNAUTHORIZED, |t| t.provider_error)
        };
    }
    let Some(code) = q.get("code").filter(|c| !c.is_empty() && c.len() <= 2048) else {
        log_refusal("no_code");
        return page(lang, StatusCode::BAD_REQUEST, |t| t.provider_error);
    };
    // 5. Code → tokens → a verified identity.
    let id_token = match oidc.exchange(code, &d.verifier).await {
        Ok(t) => t,
        Err(e) => {
            eprintln!("oidc: {e}");
            return page(lang, StatusCode::UNAUTHORIZED, |t| t.provider_error);
        }
    };
    let expect = Expected { issuer: &oidc.config.issuer, client_id: &oidc.config.client_id, nonce: &d.nonce, now };
    let keys = match oidc.with_provider(|p| p.keys.clone()).await {
        Ok(k) => k,
        Err(e) => {
            eprintln!("oidc: {e}");
            return page(lang, StatusCode::BAD_GATEWAY, |t| t.unreachable);
        }
    };
    let mut verified = verify_id_token(&id_token, &keys, &expect);
    if verified == Err(Rejection::UnknownKey) {
        match oidc.refresh_keys().await {
            Ok(true) => match oidc.with_provider(|p| p.keys.clone()).await {
                Ok(keys) => verified = verify_id_token(&id_token, &keys, &expect),
                Err(e) => eprintln!("oidc: {e}"),
            },
            Ok(false) => {}
            Err(e) => eprintln!("oidc: {e}"),
        }
    }
    let identity = match verified {
        Ok(i) => i,
        Err(r) => {
            log_refusal(r.code());
            return page(lang, StatusCode::UNAUTHORIZED, |t| t.rejected);
        }
    };
    assert_eq!(identity.issuer, oidc.config.issuer, "verify_id_token checked the issuer");
    // 6. The local account.
    let user = match acc.store.oidc_user(&identity.issuer, &identity.subject).await {
        Ok(Some(u)) => u,
        Ok(None) => match link_by_username(acc, oidc, &identity, now).await {
            Ok(Some(u)) => u,
            Ok(None) => {
                log_refusal("unknown_subject");
                return page(lang, StatusCode::FORBIDDEN, |t| t.unknown);
            }
            Err(e) => return account::internal(lang, CALLBACK_PATH, &e),
        },
        Err(e) => return account::internal(lang, CALLBACK_PATH, &e),
    };
    // 7. The same session as a local login.
    match account::create_session(acc, &user, now).await {
        Ok(cookie) => finish(lang, cookie),
        Err(e) => account::internal(lang, CALLBACK_PATH, &e),
    }
}

/// First login of an unknown subject: link it to the local account with the
/// same username, when the server allows that. `None`: not linked.
async fn link_by_username(
    acc: &Accounts,
    oidc: &Oidc,
    identity: &Identity,
    now: i64,
) -> Result<Option<opslag::User>, opslag::StoreError> {
    if !oidc.config.link_by_username {
        return Ok(None);
    }
    let Some(username) = &identity.preferred_username else { return Ok(None) };
    let Some(user) = acc.store.user_by_name(username).await? else { return Ok(None) };
    // Refused when the account already has another identity at this issuer:
    // a second person must not take over an account that is linked.
    match acc.store.link_oidc(&identity.issuer, &identity.subject, &user.id, now).await {
        Ok(()) => {
            eprintln!("oidc: een inlog is gekoppeld op gebruikersnaam / a login was linked by username");
            Ok(Some(user))
        }
        Err(_) => Ok(None),
    }
}

/// The login succeeded. The browser came here from the provider (another
/// site), so a SameSite=Strict cookie set now would not be sent on a
/// redirect that continues that navigation. A page that moves on by itself
/// (meta refresh, no script) makes the next request a same-site one.
fn finish(lang: Lang, session_cookie: HeaderValue) -> Response {
    let t = texts(lang);
    let o = oidc_texts(lang);
    let target = format!("/mijn?taal={}", t.lang);
    let page = OidcPage {
        t,
        title: o.done_title,
        stylesheets: STYLESHEETS,
        other_lang_href: format!("/mijn?taal={}", t.other_lang),
        message: o.done,
        other_message: oidc_texts(other(lang)).done,
        other_lang: texts(other(lang)).lang,
        link: target.clone(),
        link_text: o.continue_link,
        refresh: target,
    };
    let mut response = account::no_store(page.into_response());
    response.headers_mut().append(header::SET_COOKIE, session_cookie);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};

    const ISSUER: &str = "https://inloggen.gemeente.example/realms/ademruimte";
    const CLIENT: &str = "ademruimte";
    const NOW: i64 = 1_800_000_000;

    /// A P-256 key from fixed bytes (a test key, not a secret): PKCS#8 DER
    /// without the public key, as jsonwebtoken reads it.
    fn es256_key(byte: u8) -> EncodingKey {
        let mut der = vec![
            0x30, 0x41, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08,
            0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04, 0x27, 0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20,
        ];
        der.extend([byte; 32]);
        EncodingKey::from_ec_der(&der)
    }

    fn jwk(key: &EncodingKey, kid: &str) -> Jwk {
        let mut j = Jwk::from_encoding_key(key, Algorithm::ES256).expect("public key");
        j.common.key_id = Some(kid.to_owned());
        j
    }

    fn claims() -> serde_json::Value {
        serde_json::json!({
            "iss": ISSUER, "sub": "sub-1", "aud": CLIENT, "exp": NOW + 300, "iat": NOW - 5,
            "nonce": "n-123", "preferred_username": "anna",
        })
    }

    fn sign(claims: &serde_json::Value, key: &EncodingKey, kid: Option<&str>) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = kid.map(str::to_owned);
        jsonwebtoken::encode(&header, claims, key).expect("signed")
    }

    fn expect() -> Expected<'static> {
        Expected { issuer: ISSUER, client_id: CLIENT, nonce: "n-123", now: NOW }
    }

    fn with(field: &str, value: serde_json::Value) -> serde_json::Value {
        let mut c = claims();
        c[field] = value;
        c
    }

    #[test]
    fn a_good_token_gives_the_identity() {
        let key = es256_key(0x11);
        let keys = [jwk(&es256_key(0x22), "other"), jwk(&key, "k1")];
        let id = verify_id_token(&sign(&claims(), &key, Some("k1")), &keys, &expect()).expect("valid");
        assert_eq!(
            id,
            Identity { issuer: ISSUER.into(), subject: "sub-1".into(), preferred_username: Some("anna".into()) }
        );
        // Within the leeway on both sides.
        let late = Expected { now: NOW + 300 + LEEWAY_SECONDS - 1, ..expect() };
        assert!(verify_id_token(&sign(&claims(), &key, Some("k1")), &keys, &late).is_ok());
        // No kid, one key of the type: that key.
        assert!(verify_id_token(&sign(&claims(), &key, None), &keys[1..], &expect()).is_ok());
    }

    #[test]
    fn every_claim_that_is_wrong_is_refused() {
        let key = es256_key(0x11);
        let keys = [jwk(&key, "k1")];
        let check = |c: serde_json::Value| verify_id_token(&sign(&c, &key, Some("k1")), &keys, &expect());
        assert_eq!(check(with("iss", "https://elders.example".into())), Err(Rejection::Issuer));
        assert_eq!(check(with("aud", "iemand-anders".into())), Err(Rejection::Audience));
        assert_eq!(check(with("aud", serde_json::json!([CLIENT, "ander"]))), Err(Rejection::Audience), "no azp");
        let mut multi = with("aud", serde_json::json!([CLIENT, "ander"]));
        multi["azp"] = CLIENT.into();
        assert!(check(multi).is_ok(), "several audiences with azp = us");
        assert_eq!(check(with("azp", "ander".into())), Err(Rejection::Audience));
        assert_eq!(check(with("exp", (NOW - LEEWAY_SECONDS).into())), Err(Rejection::Expired));
        assert_eq!(check(with("nbf", (NOW + LEEWAY_SECONDS + 1).into())), Err(Rejection::Expired));
        assert_eq!(check(with("iat", (NOW + LEEWAY_SECONDS + 1).into())), Err(Rejection::IssuedAt));
        assert_eq!(check(with("iat", (NOW - LOGIN_SECONDS - LEEWAY_SECONDS - 1).into())), Err(Rejection::IssuedAt));
        assert_eq!(check(with("nonce", "n-124".into())), Err(Rejection::Nonce));
        let mut no_nonce = claims();
        no_nonce.as_object_mut().expect("object").remove("nonce");
        assert_eq!(check(no_nonce), Err(Rejection::Nonce));
        assert_eq!(check(with("sub", "".into())), Err(Rejection::Subject));
        assert_eq!(check(with("sub", "x".repeat(256).into())), Err(Rejection::Subject));
        let mut no_aud = claims();
        no_aud.as_object_mut().expect("object").remove("aud");
        assert_eq!(check(no_aud), Err(Rejection::Malformed));
        assert_eq!(check(with("exp", "morgen".into())), Err(Rejection::Malformed));
    }

    #[test]
    fn forged_and_confused_tokens_are_refused() {
        let key = es256_key(0x11);
        let keys = [jwk(&key, "k1")];
        let good = sign(&claims(), &key, Some("k1"));
        // A changed payload with the old signature.
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&with("sub", "sub-beheerder".into())).expect("json"));
        assert_eq!(verify_id_token(&parts.join("."), &keys, &expect()), Err(Rejection::Signature));
        // Signed with another key under the trusted kid.
        let forged = sign(&claims(), &es256_key(0x33), Some("k1"));
        assert_eq!(verify_id_token(&forged, &keys, &expect()), Err(Rejection::Signature));
        // A kid we do not know, or no kid and two candidate keys.
        assert_eq!(verify_id_token(&sign(&claims(), &key, Some("k9")), &keys, &expect()), Err(Rejection::UnknownKey));
        let two = [jwk(&key, "k1"), jwk(&es256_key(0x22), "k2")];
        assert_eq!(verify_id_token(&sign(&claims(), &key, None), &two, &expect()), Err(Rejection::UnknownKey));
        // HS256 with the client secret, and alg "none": never accepted.
        let hs = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims(), &EncodingKey::from_secret(b"geheim"))
            .expect("signed");
        assert_eq!(verify_id_token(&hs, &keys, &expect()), Err(Rejection::Algorithm));
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims()).expect("json"))
        );
        assert!(verify_id_token(&none, &keys, &expect()).is_err());
        // A key that says it is for another algorithm is not used for this one.
        let mut rs_only = jwk(&key, "k1");
        rs_only.common.key_algorithm = Some(jsonwebtoken::jwk::KeyAlgorithm::ES384);
        assert_eq!(verify_id_token(&good, &[rs_only], &expect()), Err(Rejection::UnknownKey));
        // Garbage.
        for junk in ["", "a.b", "a.b.c", "....", &"x".repeat(RESPONSE_BYTES_MAX + 1)] {
            assert!(verify_id_token(junk, &keys, &expect()).is_err(), "{junk:.20}");
        }
    }

    #[test]
    fn state_nonce_and_verifier_differ_and_the_challenge_is_s256() {
        let key = "ab".repeat(32);
        let d = derived(&key);
        assert!(d.state != d.nonce && d.nonce != d.verifier && d.state != d.verifier);
        assert_eq!(d.verifier.len(), 43);
        assert!(d.verifier.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(derived(&key).state, d.state, "the same key gives the same values");
        assert_ne!(derived(&"ac".repeat(32)).state, d.state);
        // RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(valid_key(&key) && !valid_key(&"AB".repeat(32)) && !valid_key("ab"));
    }

    #[test]
    fn configuration_is_checked_and_the_secret_never_printed() {
        let config = OidcConfig {
            issuer: ISSUER.into(),
            client_id: CLIENT.into(),
            client_secret: Secret::new("heel-geheim"),
            redirect_url: "https://ademruimte.gemeente.example/inloggen/oidc/terug".into(),
            display_name: "Gemeente-account".into(),
            link_by_username: false,
            token_auth: None,
        };
        assert!(!format!("{config:?}").contains("heel-geheim"));
        assert!(Oidc::new(config.clone()).is_ok());
        let bad = |c: OidcConfig| Oidc::new(c).err().expect("refused");
        assert!(bad(OidcConfig { issuer: "http://idp.example".into(), ..config.clone() }).en.contains("https"));
        assert!(
            bad(OidcConfig { redirect_url: "https://a.example/elders".into(), ..config.clone() })
                .en
                .contains("must end in")
        );
        assert!(bad(OidcConfig { client_secret: Secret::new(""), ..config.clone() }).en.contains("needed"));
        assert!(Oidc::new(OidcConfig { issuer: "http://127.0.0.1:9000".into(), ..config }).is_ok(), "http on loopback");
        assert_eq!(form_urlencode("a b/ç:"), "a+b%2F%C3%A7%3A");
        assert_eq!(error_code("access_denied"), "access_denied");
        assert_eq!(error_code("<script>"), "?");
    }
}
