//! OpenID Connect login against a real provider: the npm package
//! `oidc-provider`, started by `e2e/oidc-provider.mjs` on a free loopback
//! port, with the app on another. A real HTTP client follows the redirects,
//! fills in the provider's login and consent forms, and comes back.
//!
//! Needs `node` and `npm ci` (for `node_modules/oidc-provider`). Without them
//! the tests are skipped, except when `CI` is set: then they fail.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use opslag::{AccountStore, Database, User};
use platform::logboek::Pseudonymiser;
use platform::rol::Role;
use reqwest::Url;
use reqwest::redirect::Policy;
use web::oidc::{Oidc, OidcConfig, Secret, TokenAuth};

const CLIENT_ID: &str = "ademruimte-test";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// False (and a note) when node or the provider package is missing; a
/// failure on CI, where they must be there.
fn have_node() -> bool {
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let package = root().join("node_modules/oidc-provider/package.json").is_file();
    if node && package {
        return true;
    }
    let missing = if node { "node_modules/oidc-provider (npm ci)" } else { "node" };
    if std::env::var("CI").is_ok() {
        panic!("CI must run the OpenID Connect tests: {missing} is missing");
    }
    eprintln!("OpenID Connect tests skipped: {missing} is missing");
    false
}

/// The provider process; stopped when dropped (and it stops by itself when
/// its standard input closes, should this process die first).
struct Provider {
    child: Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_provider(redirect: &str, secret: &str, auth: TokenAuth, sabotage: &str) -> Provider {
    let mut child = Command::new("node")
        .arg(root().join("e2e/oidc-provider.mjs"))
        .args(["--redirect-uri", redirect, "--client-id", CLIENT_ID, "--client-secret", secret])
        .args(["--auth", auth.key(), "--sabotage", sabotage, "--stop-with-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the provider says where it listens");
    // Keep reading what else it prints: a closed pipe would stop it.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let v: serde_json::Value = serde_json::from_str(&line).expect("one line of JSON");
    let issuer = v["issuer"].as_str().expect("issuer").to_owned();
    assert!(issuer.starts_with("http://127.0.0.1:"), "{issuer}");
    Provider { child, issuer }
}

/// The dossier store the accounts need (no dossier is used here).
fn dossier_store(store: &AccountStore) -> opslag::DossierStore {
    opslag::DossierStore::new(
        store.database().clone(),
        Arc::new(platform::kluis::Vault::new(&[9; platform::kluis::KEY_BYTES])),
    )
}

struct World {
    addr: SocketAddr,
    accounts: Arc<web::account::Accounts>,
    provider: Provider,
}

struct Setup {
    auth: TokenAuth,
    link_by_username: bool,
    sabotage: &'static str,
}

const PLAIN: Setup = Setup { auth: TokenAuth::ClientSecretBasic, link_by_username: true, sabotage: "" };

async fn start(setup: Setup) -> World {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("web-oidc-{}-{n}", std::process::id()));
    // A process id is reused: what an earlier run left (with its WAL files) goes first.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = Database::connect(&format!("sqlite://{}", dir.join("web.db").display())).await.expect("database");
    let store = AccountStore::new(db);
    for (id, username, name, role) in [
        ("id-anna", "anna", "Anna de Vries", Role::Deelnemer),
        ("id-karim", "karim", "Karim El Amrani", Role::Klantmanager),
    ] {
        let user = User {
            id: id.into(),
            username: username.into(),
            name: name.into(),
            role,
            password_hash: platform::wachtwoord::hash("een lang test wachtwoord", [3; 16]),
        };
        store.create_user(&user, 0).await.expect("user");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let redirect = format!("http://{addr}{}", web::oidc::CALLBACK_PATH);
    // A fresh secret per run; it never leaves this test.
    let secret = format!("test-{}-{n}-{}", std::process::id(), jiff::Timestamp::now().as_nanosecond());
    let provider = start_provider(&redirect, &secret, setup.auth, setup.sabotage);
    let oidc = Oidc::new(OidcConfig {
        issuer: provider.issuer.clone(),
        client_id: CLIENT_ID.into(),
        client_secret: Secret::new(secret),
        redirect_url: redirect,
        display_name: "Testgemeente-account".into(),
        link_by_username: setup.link_by_username,
        token_auth: Some(setup.auth),
    })
    .expect("configuration");
    oidc.discover().await.expect("discovery and keys");
    let dossiers = dossier_store(&store);
    let accounts = Arc::new(web::account::Accounts {
        store,
        dossiers,
        pseudonymiser: Pseudonymiser::new(&[9; 32]).expect("key"),
        research_pseudonymiser: Pseudonymiser::new(&[10; 32]).expect("key"),
        secure_cookies: false,
        oidc: Some(Arc::new(oidc)),
    });
    let config =
        web::Config { node_modules: root().join("node_modules"), accounts: Some(accounts.clone()), munt: None };
    tokio::spawn(async move { axum::serve(listener, web::app(config)).await.expect("serve") });
    World { addr, accounts, provider }
}

/// A browser: keeps cookies, follows redirects, but stops before it returns
/// to the app's callback, so a test can look at (or change) that URL.
fn browser() -> reqwest::Client {
    browser_with_jar().0
}

fn browser_with_jar() -> (reqwest::Client, Arc<reqwest::cookie::Jar>) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(Policy::custom(|attempt| {
            if attempt.url().path() == web::oidc::CALLBACK_PATH {
                attempt.stop()
            } else if attempt.previous().len() > 10 {
                attempt.error("too many redirects")
            } else {
                attempt.follow()
            }
        }))
        .build()
        .expect("client");
    (client, jar)
}

fn attribute<'a>(html: &'a str, before: &str, name: &str) -> &'a str {
    let at = html.find(before).unwrap_or_else(|| panic!("{before} in {html}"));
    let marker = format!("{name}=\"");
    let start = at + html[at..].find(&marker).expect("attribute") + marker.len();
    html[start..].split('"').next().expect("value")
}

async fn submit(browser: &reqwest::Client, page: reqwest::Response, form: &[(&str, &str)]) -> reqwest::Response {
    let url = page.url().clone();
    let html = page.text().await.expect("page");
    let action = url.join(attribute(&html, "<form", "action")).expect("form action");
    browser.post(action).form(form).send().await.expect("submitted")
}

/// Starts a login at the app and logs in at the provider as `login`; returns
/// the URL the provider sends the browser back to.
async fn login_at_provider(browser: &reqwest::Client, addr: SocketAddr, login: &str) -> Url {
    let page = browser.get(format!("http://{addr}/inloggen/oidc")).send().await.expect("to the provider");
    assert_eq!(page.status(), 200, "the provider's login form");
    let consent = submit(browser, page, &[("prompt", "login"), ("login", login), ("password", "willekeurig")]).await;
    assert_eq!(consent.status(), 200, "the provider's consent form");
    let back = submit(browser, consent, &[("prompt", "consent")]).await;
    assert!(back.status().is_redirection(), "{}", back.status());
    let location = back.headers()["location"].to_str().expect("ascii").to_owned();
    let url = Url::parse(&location).expect("absolute");
    assert_eq!(url.path(), web::oidc::CALLBACK_PATH);
    url
}

fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{}=", web::account::SESSION_COOKIE)))
        .map(str::to_owned)
}

async fn session_user(w: &World, set_cookie: &str) -> Option<String> {
    let token = set_cookie.split(';').next()?.split_once('=')?.1;
    let hash = web::account::token_hash(token);
    w.accounts.store.session(&hash, jiff::Timestamp::now().as_second()).await.expect("query").map(|s| s.user.username)
}

fn with_query(url: &Url, key: &str, value: &str) -> Url {
    let mut out = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == key { value.to_owned() } else { v.into_owned() };
            (k.into_owned(), v)
        })
        .collect();
    out.query_pairs_mut().clear().extend_pairs(pairs);
    out
}

#[tokio::test]
async fn first_login_links_by_username_and_starts_the_local_session() {
    if !have_node() {
        return;
    }
    let w = start(PLAIN).await;
    // The login page offers the button.
    let page = reqwest::get(format!("http://{}/inloggen", w.addr)).await.expect("r").text().await.expect("b");
    assert!(page.contains("Inloggen met Testgemeente-account") && page.contains("href=\"/inloggen/oidc?taal=nl\""));
    // The start sets a short-lived, HttpOnly, SameSite=Lax cookie and sends the browser on with PKCE.
    let r = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client")
        .get(format!("http://{}/inloggen/oidc?taal=en", w.addr))
        .send()
        .await
        .expect("start");
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().expect("ascii");
    for part in ["ademruimte_oidc=", "HttpOnly", "SameSite=Lax", "Path=/inloggen/oidc", "Max-Age=600"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let to = Url::parse(r.headers()["location"].to_str().expect("ascii")).expect("url");
    assert!(to.as_str().starts_with(&w.provider.issuer), "{to}");
    let q: std::collections::HashMap<_, _> = to.query_pairs().into_owned().collect();
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["response_type"], "code");
    assert!(q["scope"].split(' ').any(|s| s == "openid"));
    for k in ["state", "nonce", "code_challenge"] {
        assert_eq!(q[k].len(), 43, "{k}");
    }
    assert!(!cookie.contains(&q["state"]), "the cookie holds the key, not the state");

    let (b, jar) = browser_with_jar();
    let back = login_at_provider(&b, w.addr, "sub-anna-7f3a").await;
    let login_cookie = reqwest::cookie::CookieStore::cookies(jar.as_ref(), &back).expect("the login cookie");
    let r = b.get(back.clone()).send().await.expect("callback");
    assert_eq!(r.status(), 200);
    let set = session_cookie(&r).expect("a session");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "the same cookie as a local login: {set}");
    assert_eq!(session_user(&w, &set).await.as_deref(), Some("anna"));
    let body = r.text().await.expect("body");
    assert!(body.contains(r#"<meta http-equiv="refresh" content="0;url=/mijn?taal=nl">"#), "{body}");
    let mine = b.get(format!("http://{}/mijn", w.addr)).send().await.expect("mijn");
    assert_eq!(mine.status(), 200);
    assert!(mine.text().await.expect("b").contains("U bent ingelogd als Anna de Vries (anna), met de rol deelnemer"));
    // The link is stored; the role stays the local one.
    let linked = w.accounts.store.oidc_user(&w.provider.issuer, "sub-anna-7f3a").await.expect("q").expect("linked");
    assert_eq!((linked.username.as_str(), linked.role), ("anna", Role::Deelnemer));

    // The same return a second time (a replay, even with the login cookie as it was): refused, no session.
    let replay = reqwest::Client::builder().redirect(Policy::none()).build().expect("client");
    for again in [
        b.get(back.clone()).send().await.expect("replay"),
        replay.get(back).header("cookie", login_cookie).send().await.expect("replay"),
    ] {
        assert_eq!(again.status(), 400);
        assert!(session_cookie(&again).is_none());
        assert!(again.text().await.expect("b").contains("verlopen of al gebruikt"));
    }

    // A second login of the same person goes by the link.
    let b2 = browser();
    let back = login_at_provider(&b2, w.addr, "sub-anna-7f3a").await;
    let r = b2.get(back).send().await.expect("callback");
    assert_eq!(session_user(&w, &session_cookie(&r).expect("session")).await.as_deref(), Some("anna"));
}

#[tokio::test]
async fn client_secret_post_a_linked_subject_and_refused_unknown_ones() {
    if !have_node() {
        return;
    }
    let w = start(Setup { auth: TokenAuth::ClientSecretPost, link_by_username: false, sabotage: "" }).await;
    w.accounts.store.link_oidc(&w.provider.issuer, "sub-karim-19c2", "id-karim", 1).await.expect("linked");
    let b = browser();
    let back = login_at_provider(&b, w.addr, "sub-karim-19c2").await;
    let r = b.get(back).send().await.expect("callback");
    assert_eq!(r.status(), 200);
    assert_eq!(session_user(&w, &session_cookie(&r).expect("session")).await.as_deref(), Some("karim"));

    // Without --oidc-koppel-op-gebruikersnaam a matching username links nothing.
    for login in ["sub-anna-7f3a", "sub-onbekend-55d0"] {
        let b = browser();
        let back = login_at_provider(&b, w.addr, login).await;
        let r = b.get(back).send().await.expect("callback");
        assert_eq!(r.status(), 403, "{login}");
        assert!(session_cookie(&r).is_none());
        let body = r.text().await.expect("b");
        assert!(body.contains("nog geen account in Ademruimte gekoppeld"), "{body}");
        assert!(body.contains("no Ademruimte account is linked"), "{body}");
        assert!(!body.contains(login), "the page does not repeat the subject");
    }
    assert_eq!(w.accounts.store.oidc_issuers_of("id-anna").await.expect("q"), Vec::<String>::new());
}

#[tokio::test]
async fn unknown_people_are_refused_even_when_linking_by_username() {
    if !have_node() {
        return;
    }
    let w = start(PLAIN).await;
    // "niemand" is no local username; the other login has no preferred_username at all.
    for login in ["sub-onbekend-55d0", "sub-zonder-naam-0b1e"] {
        let b = browser();
        let back = login_at_provider(&b, w.addr, login).await;
        let r = b.get(back).send().await.expect("callback");
        assert_eq!(r.status(), 403, "{login}");
        assert!(session_cookie(&r).is_none());
    }
    // Karim's account already has an identity at this issuer: a second one is not linked to it.
    w.accounts.store.link_oidc(&w.provider.issuer, "sub-ander-karim", "id-karim", 1).await.expect("linked");
    let b = browser();
    let back = login_at_provider(&b, w.addr, "sub-karim-19c2").await;
    assert_eq!(b.get(back).send().await.expect("callback").status(), 403);
}

#[tokio::test]
async fn a_wrong_state_or_a_missing_cookie_is_refused_and_the_real_login_still_works() {
    if !have_node() {
        return;
    }
    let w = start(PLAIN).await;
    let b = browser();
    let back = login_at_provider(&b, w.addr, "sub-anna-7f3a").await;
    for state in ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ""] {
        let r = b.get(with_query(&back, "state", state)).send().await.expect("forged state");
        assert_eq!(r.status(), 400);
        assert!(session_cookie(&r).is_none());
        assert!(r.text().await.expect("b").contains("hoort niet bij deze browser"));
    }
    // Another browser (no login cookie) with the real URL: refused too.
    let r = browser().get(back.clone()).send().await.expect("other browser");
    assert_eq!(r.status(), 400);
    assert!(session_cookie(&r).is_none());
    // Neither ended the real login: the browser that started it finishes it.
    let r = b.get(back).send().await.expect("callback");
    assert_eq!(r.status(), 200);
    assert_eq!(session_user(&w, &session_cookie(&r).expect("session")).await.as_deref(), Some("anna"));
}

#[tokio::test]
async fn stopping_at_the_provider_gives_access_denied() {
    if !have_node() {
        return;
    }
    let w = start(PLAIN).await;
    let b = browser();
    let page = b.get(format!("http://{}/inloggen/oidc?taal=en", w.addr)).send().await.expect("to the provider");
    let url = page.url().clone();
    let html = page.text().await.expect("page");
    let abort = url.join(attribute(&html, "login-help", "href")).expect("cancel link");
    let back = b.get(abort).send().await.expect("cancel");
    let location = Url::parse(back.headers()["location"].to_str().expect("ascii")).expect("url");
    assert!(location.query_pairs().any(|(k, v)| k == "error" && v == "access_denied"), "{location}");
    let r = b.get(location).send().await.expect("callback");
    assert_eq!(r.status(), 401);
    assert!(session_cookie(&r).is_none());
    let body = r.text().await.expect("b");
    assert!(body.contains("You stopped logging in at the municipality"), "English first: {body}");
    assert!(body.contains(r#"lang="nl""#) && body.contains("U heeft het inloggen bij de gemeente afgebroken"));
}

#[tokio::test]
async fn a_changed_id_token_is_refused() {
    if !have_node() {
        return;
    }
    // The provider changes `sub` to Karim's after signing.
    let w = start(Setup { sabotage: "id-token", ..PLAIN }).await;
    w.accounts.store.link_oidc(&w.provider.issuer, "sub-karim-19c2", "id-karim", 1).await.expect("linked");
    let b = browser();
    let back = login_at_provider(&b, w.addr, "sub-anna-7f3a").await;
    let r = b.get(back).send().await.expect("callback");
    assert_eq!(r.status(), 401);
    assert!(session_cookie(&r).is_none());
    assert!(r.text().await.expect("b").contains("konden niet controleren"));
    assert_eq!(w.accounts.store.oidc_user(&w.provider.issuer, "sub-anna-7f3a").await.expect("q"), None);
}

#[tokio::test]
async fn an_id_token_with_another_nonce_is_refused() {
    if !have_node() {
        return;
    }
    // The provider signs a valid token, but for another nonce than we asked.
    let w = start(Setup { sabotage: "nonce", ..PLAIN }).await;
    let b = browser();
    let back = login_at_provider(&b, w.addr, "sub-anna-7f3a").await;
    let r = b.get(back).send().await.expect("callback");
    assert_eq!(r.status(), 401);
    assert!(session_cookie(&r).is_none());
    assert_eq!(w.accounts.store.oidc_user(&w.provider.issuer, "sub-anna-7f3a").await.expect("q"), None);
}
