//! # web — the HTTP layer of ademruimte
//!
//! Server-rendered pages for people (askama templates, NL Design System CSS
//! from npm) and a JSON API for systems (`/api/v1`, OpenAPI 3 generated with
//! utoipa, errors as `application/problem+json`), over the same domain
//! functions in `regels`.
//!
//! Architecture invariant: only this crate knows HTTP. Handlers parse and
//! render; every amount comes from `regels`.
//!
//! The public part: the *rekenhulp* (a benefit calculator anyone can use) and
//! its API; they store nothing. Behind a login (`account.rs`): "mijn account"
//! and, for the administrator, the audit log. Dossiers come next.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub mod account;
pub mod afspraken;
pub mod api;
mod api_dossier;
pub mod buddy;
pub mod dossier;
mod dossier_form;
pub mod experiments;
mod forms;
mod html;
pub mod huisbezoek;
pub mod oidc;
mod overzicht;
pub mod pages;
mod participation;
pub mod plan;
pub mod portemonnee;
mod werk;
pub mod zelfredzaamheid;

/// Largest request body we read (the household JSON is limited to 1 MiB too).
pub const BODY_BYTES_MAX: usize = 1024 * 1024;

/// Configuration of the web application.
#[derive(Clone)]
pub struct Config {
    /// The directory with the npm packages (`node_modules`), from which the
    /// NL Design System CSS is served under `/static/`.
    pub node_modules: PathBuf,
    /// Accounts, sessions and the audit log; `None` serves only the public
    /// pages (the login pages then say there is no database).
    pub accounts: Option<Arc<account::Accounts>>,
    /// The local-currency ledger (on the same database), for the wallet pages
    /// and API; `None` without a database.
    pub munt: Option<portemonnee::SharedMunt>,
}

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub accounts: Option<Arc<account::Accounts>>,
    pub munt: Option<portemonnee::SharedMunt>,
}

/// The CSS files the pages load, relative to `node_modules`: the component
/// library of NL Design System. The theme comes after it from `/thema.css`
/// (see [`Theme`]).
pub const STYLESHEETS: &[&str] = &["@utrecht/component-library-css/dist/index.css"];

/// The NL Design System theme: the design tokens of a municipality, an npm
/// package like the default "voorbeeld" theme, and the class its tokens hang
/// on. Set once at start (`serve --thema-css … --thema-klasse …`); one theme
/// per server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// The theme's CSS, relative to `node_modules`.
    pub css: PathBuf,
    /// The class on `<body>` that switches the theme on, e.g. `voorbeeld-theme`.
    pub class: String,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            css: PathBuf::from("@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css"),
            class: "voorbeeld-theme".to_owned(),
        }
    }
}

static THEME: std::sync::OnceLock<Theme> = std::sync::OnceLock::new();

/// Chooses the theme for this process; the first call wins (later calls
/// return `false`). Without a call the default theme is used.
pub fn set_theme(theme: Theme) -> bool {
    THEME.set(theme).is_ok()
}

/// The theme in use.
pub fn theme() -> &'static Theme {
    THEME.get_or_init(Theme::default)
}

/// The theme's class, for the templates.
pub fn theme_class() -> &'static str {
    &theme().class
}

/// The whole application: pages, API and static files, with security
/// headers on every response.
pub fn app(config: Config) -> Router {
    let static_files = ServeDir::new(&config.node_modules);
    let accounts = config.accounts.clone();
    let munt = config.munt.clone();
    let state = AppState { config: Arc::new(config), accounts, munt };
    Router::new()
        .merge(pages::routes())
        .merge(account::routes())
        .merge(oidc::routes())
        .merge(portemonnee::routes())
        .merge(dossier::routes())
        .merge(plan::routes())
        .merge(buddy::routes())
        .merge(huisbezoek::routes())
        .merge(zelfredzaamheid::routes())
        .merge(overzicht::routes())
        .merge(afspraken::routes())
        .merge(experiments::routes())
        .merge(participation::routes())
        .nest("/api/v1", api::routes())
        .nest_service("/static", static_files)
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(BODY_BYTES_MAX))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
}

/// Serves the application on `addr` until Ctrl-C.
pub async fn serve(addr: SocketAddr, config: Config) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "ademruimte luistert op http://{} / listening on http://{}",
        listener.local_addr()?,
        listener.local_addr()?
    );
    axum::serve(listener, app(config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
