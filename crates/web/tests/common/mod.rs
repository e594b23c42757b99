//! Shared set-up of the HTTP tests that walk through the app as its people:
//! a fresh SQLite database, one account per role (and a second buddy, bea),
//! household 1 (the resident's own, linked to the buddy and the WIJ-worker)
//! and household 2 (linked to the WIJ-worker), a real server on a free port,
//! and a `Person` who logs in through the form and posts forms with CSRF.
//! Used by the plan, zelfredzaamheid, buddy, home-visit and scenario tests
//! (`start_plain` when household 2 should belong to no one).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use opslag::{AccountStore, Database, User};
use platform::logboek::Pseudonymiser;
use platform::rol::Role;
use reqwest::redirect::Policy;

pub const PASSWORD: &str = "een lang test wachtwoord";

/// Accounts per role (and a second buddy, bea); household 1 is the resident's
/// own, assigned to the buddy and the WIJ-worker; household 2 is assigned to
/// the WIJ-worker only.
pub async fn start() -> (SocketAddr, Arc<web::account::Accounts>) {
    let (addr, accounts) = start_plain().await;
    // For the buddy tests: household 2 is the WIJ-worker's too (not the buddy's), and a second buddy without training.
    accounts.dossiers.assign(2, "id-wij_medewerker").await.expect("assigned");
    let bea = User {
        id: "id-bea".into(),
        username: "bea".into(),
        name: "Bea Buddy".into(),
        role: Role::Buddy,
        password_hash: platform::wachtwoord::hash(PASSWORD, [3; 16]),
    };
    accounts.store.create_user(&bea, 0).await.expect("user");
    (addr, accounts)
}

/// Accounts per role; household 1 is the resident's own, assigned to the
/// buddy and the WIJ-worker; household 2 belongs to no one here.
pub async fn start_plain() -> (SocketAddr, Arc<web::account::Accounts>) {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("web-common-{}-{n}", std::process::id()));
    // A process id is reused: a directory left by an earlier run with the same id goes
    // first, with its WAL files (removing only web.db could leave an old WAL behind).
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = Database::connect(&format!("sqlite://{}", dir.join("web.db").display())).await.expect("database");
    let store = AccountStore::new(db);
    for role in Role::ALL {
        let user = User {
            id: format!("id-{}", role.key()),
            username: role.key().to_owned(),
            name: format!("Test {}", role.label_nl()),
            role,
            password_hash: platform::wachtwoord::hash(PASSWORD, [3; 16]),
        };
        store.create_user(&user, 0).await.expect("user");
    }
    let dossiers = opslag::DossierStore::new(
        store.database().clone(),
        Arc::new(platform::kluis::Vault::new(&[9; platform::kluis::KEY_BYTES])),
    );
    let accounts = Arc::new(web::account::Accounts {
        store,
        dossiers,
        pseudonymiser: Pseudonymiser::new(&[9; 32]).expect("key"),
        research_pseudonymiser: Pseudonymiser::new(&[10; 32]).expect("key"),
        secure_cookies: false,
        oidc: None,
    });
    for (id, resident) in [(1, Some("id-deelnemer")), (2, None)] {
        let d = opslag::Dossier {
            id,
            name: format!("Huishouden {id}"),
            address: "Voorbeeldstraat 1".into(),
            neighbourhood: "BU00140101".into(),
            bsn: "111222333".into(),
            package: "basis".into(),
            data: include_str!("../../../../examples/alleenstaande.json").into(),
            resident: resident.map(str::to_owned),
            version: 1,
            updated: 0,
            updated_by: "test".into(),
        };
        accounts.dossiers.create(&d).await.expect("dossier");
    }
    accounts.dossiers.assign(1, "id-buddy").await.expect("assigned");
    accounts.dossiers.assign(1, "id-wij_medewerker").await.expect("assigned");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let node_modules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules");
    let config = web::Config { node_modules, accounts: Some(accounts.clone()), munt: None };
    tokio::spawn(async move { axum::serve(listener, web::app(config)).await.expect("serve") });
    (addr, accounts)
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(Policy::none()).build().expect("client")
}

pub fn cookie_value(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next()?.split_once('=').map(|x| x.1.to_owned()))
}

pub fn field_value(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).expect(name) + marker.len();
    let end = body[start..].find('"').expect("quote") + start;
    body[start..end].to_owned()
}

pub async fn login(addr: SocketAddr, username: &str) -> String {
    let c = client();
    let form = c.get(format!("http://{addr}/inloggen")).send().await.expect("form");
    let csrf_cookie = cookie_value(&form, web::account::LOGIN_CSRF_COOKIE).expect("csrf cookie");
    let csrf = field_value(&form.text().await.expect("body"), "csrf");
    let r = c
        .post(format!("http://{addr}/inloggen"))
        .header("cookie", format!("{}={csrf_cookie}", web::account::LOGIN_CSRF_COOKIE))
        .form(&[("gebruikersnaam", username), ("wachtwoord", PASSWORD), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303, "{username} logs in");
    cookie_value(&r, web::account::SESSION_COOKIE).expect("session")
}

pub async fn get(addr: SocketAddr, path: &str, session: &str) -> reqwest::Response {
    client()
        .get(format!("http://{addr}{path}"))
        .header("cookie", format!("{}={session}", web::account::SESSION_COOKIE))
        .send()
        .await
        .expect("response")
}

pub struct Person {
    pub addr: SocketAddr,
    pub session: String,
    pub csrf: String,
}

impl Person {
    pub async fn new(addr: SocketAddr, username: &str) -> Person {
        let session = login(addr, username).await;
        let page = get(addr, "/mijn", &session).await.text().await.expect("body");
        let csrf = field_value(&page, "csrf");
        Person { addr, session, csrf }
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let r = get(self.addr, path, &self.session).await;
        (r.status().as_u16(), r.text().await.expect("body"))
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        let r = client()
            .post(format!("http://{}{path}", self.addr))
            .header("cookie", format!("{}={}", web::account::SESSION_COOKIE, self.session))
            .form(&form)
            .send()
            .await
            .expect("response");
        (r.status().as_u16(), r.text().await.expect("body"))
    }
}

/// Text as askama escapes it in a page.
pub fn askama_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;").replace('\'', "&#39;")
}

pub fn in_days(n: i64) -> String {
    jiff::Zoned::now().date().checked_add(jiff::Span::new().days(n)).expect("date").to_string()
}
