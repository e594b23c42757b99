//! Accounts over real HTTP: login with CSRF and rate limiting, sessions,
//! logout, and the route × role matrix of the pages behind a login.

use std::net::SocketAddr;
use std::sync::Arc;

use opslag::{AccountStore, Database, User};
use platform::logboek::Pseudonymiser;
use platform::rol::Role;
use platform::toegang::{self, Actor};
use reqwest::redirect::Policy;
use web::account::Access;

const PASSWORD: &str = "een lang test wachtwoord";

async fn start() -> (SocketAddr, Arc<web::account::Accounts>) {
    let dir = std::env::temp_dir().join(format!("web-account-{}-{}", std::process::id(), rand_suffix()));
    // A process id is reused: a directory left by an earlier run with the same id goes first.
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
        std::sync::Arc::new(platform::kluis::Vault::new(&[9; platform::kluis::KEY_BYTES])),
    );
    let accounts = Arc::new(web::account::Accounts {
        store,
        dossiers,
        pseudonymiser: Pseudonymiser::new(&[9; 32]).expect("key"),
        research_pseudonymiser: Pseudonymiser::new(&[10; 32]).expect("key"),
        secure_cookies: false,
        oidc: None,
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let node_modules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules");
    // The currency: the resident holds 1001 with 50.00, the business 2001.
    let mut munt =
        opslag::MuntStore::open(accounts.store.database().clone(), munt::Config::default(), munt::Day(20_000))
            .await
            .expect("ledger");
    let open = |id: u128, kind| {
        opslag::Command::OpenAccount(munt::OpenAccount {
            id: munt::AccountId(id),
            kind,
            owner: munt::PartyId(id),
            verified: true,
            max_balance: None,
        })
    };
    let issue = opslag::Command::Execute(munt::Request::Issue {
        id: munt::TransferId(1),
        to: munt::AccountId(1001),
        amount: munt::Units::new(5_000),
    });
    let day = munt::Day::from_date(jiff::Zoned::now().date()).expect("today");
    for r in munt
        .submit(day, &[open(1001, munt::AccountKind::Resident), open(2001, munt::AccountKind::Merchant), issue])
        .await
        .expect("stored")
    {
        r.expect("accepted");
    }
    accounts.store.link_wallet(1001, "id-deelnemer").await.expect("linked");
    accounts.store.link_wallet(2001, "id-ondernemer").await.expect("linked");
    let munt = Arc::new(tokio::sync::Mutex::new(munt));
    // Dossiers: 1 is the resident's own, assigned to the buddy and the WIJ-worker; 2 belongs to no one here.
    for (id, resident) in [(1, Some("id-deelnemer")), (2, None)] {
        let d = opslag::Dossier {
            id,
            name: format!("Huishouden {id}"),
            address: "Voorbeeldstraat 1".into(),
            neighbourhood: "BU00140101".into(),
            bsn: "111222333".into(),
            package: "basis".into(),
            data: include_str!("../../../examples/alleenstaande.json").into(),
            resident: resident.map(str::to_owned),
            version: 1,
            updated: 0,
            updated_by: "test".into(),
        };
        accounts.dossiers.create(&d).await.expect("dossier");
    }
    accounts.dossiers.assign(1, "id-buddy").await.expect("assigned");
    accounts.dossiers.assign(1, "id-wij_medewerker").await.expect("assigned");
    let config = web::Config { node_modules, accounts: Some(accounts.clone()), munt: Some(munt) };
    tokio::spawn(async move { axum::serve(listener, web::app(config)).await.expect("serve") });
    (addr, accounts)
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(Policy::none()).build().expect("client")
}

/// The value of a Set-Cookie header by name.
fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().split_once('=').map(|x| x.1.to_owned()).unwrap_or_default())
}

fn hidden_csrf(body: &str) -> String {
    let start = body.find("name=\"csrf\" value=\"").expect("csrf field") + "name=\"csrf\" value=\"".len();
    body[start..start + 64].to_owned()
}

/// Logs in and returns the session cookie value (or the failed response's status).
async fn login(addr: SocketAddr, username: &str, password: &str) -> Result<String, u16> {
    let c = client();
    let form = c.get(format!("http://{addr}/inloggen")).send().await.expect("form");
    let csrf_cookie = set_cookie(&form, web::account::LOGIN_CSRF_COOKIE).expect("csrf cookie");
    let csrf = hidden_csrf(&form.text().await.expect("body"));
    assert_eq!(csrf, csrf_cookie, "double-submit: the hidden field repeats the cookie");
    let r = c
        .post(format!("http://{addr}/inloggen"))
        .header("cookie", format!("{}={csrf_cookie}", web::account::LOGIN_CSRF_COOKIE))
        .form(&[("gebruikersnaam", username), ("wachtwoord", password), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("login");
    if r.status() != 303 {
        return Err(r.status().as_u16());
    }
    let cookie_header = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(web::account::SESSION_COOKIE))
        .expect("session cookie")
        .to_owned();
    assert!(cookie_header.contains("HttpOnly") && cookie_header.contains("SameSite=Strict"), "{cookie_header}");
    Ok(set_cookie(&r, web::account::SESSION_COOKIE).expect("session"))
}

async fn get(addr: SocketAddr, path: &str, session: Option<&str>) -> reqwest::Response {
    let mut req = client().get(format!("http://{addr}{path}"));
    if let Some(s) = session {
        req = req.header("cookie", format!("{}={s}", web::account::SESSION_COOKIE));
    }
    req.send().await.expect("response")
}

#[tokio::test]
async fn login_session_and_logout() {
    let (addr, accounts) = start().await;
    let session = login(addr, "deelnemer", PASSWORD).await.expect("logged in");
    let r = get(addr, "/mijn", Some(&session)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let body = r.text().await.expect("body");
    assert!(body.contains("U bent ingelogd als Test deelnemer"), "{body}");
    // Reading one's own account is processing personal data: it is in the log.
    let log = accounts.store.log(10).await.expect("log");
    assert_eq!(log[0].name, "eigen account lezen");
    assert_eq!(log[0].user, "id-deelnemer");
    assert_eq!(log[0].subject, accounts.pseudonymiser.pseudonym("id-deelnemer"));
    assert!(!log[0].record.contains("id-deelnemer"), "the record holds the pseudonym, not the id");

    // Logout needs the session's CSRF token.
    let c = client();
    let cookie = format!("{}={session}", web::account::SESSION_COOKIE);
    let r = c
        .post(format!("http://{addr}/uitloggen"))
        .header("cookie", &cookie)
        .form(&[("csrf", "fout")])
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 403);
    assert_eq!(get(addr, "/mijn", Some(&session)).await.status(), 200, "still logged in");
    let csrf = hidden_csrf(&body);
    let r = c
        .post(format!("http://{addr}/uitloggen"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 303);
    let r = get(addr, "/mijn", Some(&session)).await;
    assert_eq!(r.status(), 303, "the old cookie no longer works");
    assert!(r.headers()["location"].to_str().expect("ascii").starts_with("/inloggen"));
}

#[tokio::test]
async fn login_refuses_without_csrf_and_wrong_passwords_then_locks() {
    let (addr, _) = start().await;
    // No CSRF cookie: refused, nothing checked.
    let r = client()
        .post(format!("http://{addr}/inloggen"))
        .form(&[("gebruikersnaam", "beheerder"), ("wachtwoord", PASSWORD), ("csrf", "x")])
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 403);
    assert!(r.text().await.expect("body").contains("Het formulier is verlopen"));
    // Unknown user and wrong password give the same answer.
    assert_eq!(login(addr, "niemand", PASSWORD).await, Err(401));
    for _ in 0..5 {
        assert_eq!(login(addr, "klantmanager", "verkeerd wachtwoord!").await, Err(401));
    }
    // Locked now, even with the right password.
    assert_eq!(login(addr, "klantmanager", PASSWORD).await, Err(429));
    // Other accounts are not affected.
    assert!(login(addr, "buddy", PASSWORD).await.is_ok());
}

/// Every page behind a login × every role: allowed or denied as the policy
/// says, and never shown without a session. The pages come from
/// `web::account::PROTECTED`, so a new page cannot be left out.
#[tokio::test]
async fn route_role_matrix() {
    let (addr, _) = start().await;
    let mut sessions = Vec::new();
    for role in Role::ALL {
        sessions.push((role, login(addr, role.key(), PASSWORD).await.expect("login")));
    }
    for (path, access) in web::account::PROTECTED {
        let anonymous = get(addr, path, None).await.status().as_u16();
        if *access == Access::Public {
            // The steps of a login: the same answer with or without a session, never a refusal by role.
            assert_ne!(anonymous, 403, "{path}");
            for (role, session) in &sessions {
                assert_eq!(get(addr, path, Some(session)).await.status().as_u16(), anonymous, "{path} as {role:?}");
            }
            continue;
        }
        assert_eq!(anonymous, 303, "{path} without a session");
        for (role, session) in &sessions {
            let allowed = match access {
                Access::Public => unreachable!("handled above"),
                Access::LoggedIn => true,
                Access::Decide(a) => {
                    toegang::decide(&Actor { role: *role, own_household: None, assigned: Vec::new() }, *a, None).allowed
                }
                Access::AnyScope(a) => toegang::scope(*role, *a) != toegang::Scope::Geen,
                Access::Roles(roles) => roles.contains(role),
            };
            let r = get(addr, path, Some(session)).await;
            let want = if allowed { 200 } else { 403 };
            assert_eq!(r.status().as_u16(), want, "{path} as {role:?}");
        }
    }
}

#[tokio::test]
async fn the_administrator_reads_and_exports_the_log() {
    let (addr, accounts) = start().await;
    let resident = login(addr, "deelnemer", PASSWORD).await.expect("login");
    assert_eq!(get(addr, "/mijn", Some(&resident)).await.status(), 200);
    let admin = login(addr, "beheerder", PASSWORD).await.expect("login");
    let r = get(addr, "/beheer/logboek?taal=en", Some(&admin)).await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.expect("body");
    assert!(body.contains("Log of processing") && body.contains("eigen account lezen"), "{body}");
    let r = get(addr, "/beheer/logboek.csv", Some(&admin)).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().expect("ascii").starts_with("text/csv"));
    let csv = r.text().await.expect("body");
    assert!(csv.starts_with("volgnummer,moment_ms,gebruiker,naam,activiteit,betrokkene,record\n"));
    assert!(csv.contains("logboek lezen"), "reading the log is logged too");
    // Both reads of the log are themselves in the log.
    let names: Vec<String> = accounts.store.log(10).await.expect("log").into_iter().map(|r| r.name).collect();
    assert!(
        names.contains(&"logboek exporteren".to_owned()) && names.contains(&"logboek lezen".to_owned()),
        "{names:?}"
    );
}

#[tokio::test]
async fn without_a_database_the_login_says_so() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let node_modules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules");
    tokio::spawn(async move {
        axum::serve(listener, web::app(web::Config { node_modules, accounts: None, munt: None })).await.expect("serve")
    });
    let r = get(addr, "/inloggen", None).await;
    assert_eq!(r.status(), 503);
    assert!(r.text().await.expect("body").contains("zonder database"));
}

async fn post_form(addr: SocketAddr, path: &str, session: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client()
        .post(format!("http://{addr}{path}"))
        .header("cookie", format!("{}={session}", web::account::SESSION_COOKIE))
        .form(form)
        .send()
        .await
        .expect("response")
}

fn field_value(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).expect(name) + marker.len();
    body[start..].split('"').next().expect("value").to_owned()
}

#[tokio::test]
async fn the_wallet_pays_once_per_request_and_only_from_your_own_account() {
    let (addr, accounts) = start().await;
    let anna = login(addr, "deelnemer", PASSWORD).await.expect("login");
    let r = get(addr, "/portemonnee", Some(&anna)).await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.expect("body");
    assert!(page.contains("Rekening 1001") && page.contains("ℳ 50,00"), "{page}");
    assert!(!page.contains("Rekening 2001"), "only her own accounts");
    let csrf = field_value(&page, "csrf");
    let id = field_value(&page, "kenmerk");
    let form =
        [("csrf", csrf.as_str()), ("van", "1001"), ("naar", "2001"), ("bedrag", "12,50"), ("kenmerk", id.as_str())];
    let r = post_form(addr, "/portemonnee/betalen", &anna, &form).await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.expect("body");
    assert!(body.contains("Betaald. ℳ 12,50") && body.contains("ℳ 37,50"), "{body}");
    // The same form again (a double click, a retry): booked once.
    let again = post_form(addr, "/portemonnee/betalen", &anna, &form).await.text().await.expect("body");
    assert!(again.contains("ℳ 37,50") && !again.contains("ℳ 25,00"), "{again}");
    // Someone else's account, no CSRF, a bad amount, too much money.
    let other = [("csrf", csrf.as_str()), ("van", "2001"), ("naar", "1001"), ("bedrag", "1"), ("kenmerk", id.as_str())];
    assert_eq!(post_form(addr, "/portemonnee/betalen", &anna, &other).await.status(), 403);
    let no_csrf = [("van", "1001"), ("naar", "2001"), ("bedrag", "1"), ("kenmerk", id.as_str())];
    assert_eq!(post_form(addr, "/portemonnee/betalen", &anna, &no_csrf).await.status(), 403);
    let fresh = "0123456789abcdef0123456789abcdef";
    let bad = [("csrf", csrf.as_str()), ("van", "1001"), ("naar", "2001"), ("bedrag", "veel"), ("kenmerk", fresh)];
    assert!(
        post_form(addr, "/portemonnee/betalen", &anna, &bad)
            .await
            .text()
            .await
            .expect("b")
            .contains("Vul een bedrag in")
    );
    let much = [("csrf", csrf.as_str()), ("van", "1001"), ("naar", "2001"), ("bedrag", "1000"), ("kenmerk", fresh)];
    let body = post_form(addr, "/portemonnee/betalen", &anna, &much).await.text().await.expect("b");
    assert!(body.contains("Niet betaald:") && body.contains("ℳ 37,50"), "{body}");
    // Reading the wallet and paying are in the audit log.
    let names: Vec<String> = accounts.store.log(50).await.expect("log").into_iter().map(|r| r.name).collect();
    assert!(names.contains(&"portemonnee lezen".to_owned()) && names.contains(&"betaling in munt".to_owned()));
}

#[tokio::test]
async fn a_payment_request_is_a_qr_code_that_pays_once() {
    let (addr, _) = start().await;
    let bakker = login(addr, "ondernemer", PASSWORD).await.expect("login");
    let r = get(addr, "/portemonnee/verzoek?rekening=2001&bedrag=3,20", Some(&bakker)).await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.expect("body");
    assert!(body.contains("<svg") && body.contains("ℳ 3,20"), "{body}");
    let start = body.find("href=\"http://").expect("link") + "href=\"http://".len();
    // The link as a browser reads it from the HTML (the ampersands are escaped there).
    let link = body[start..].split('"').next().expect("link").replace("&#38;", "&").replace("&amp;", "&");
    let path = &link[link.find('/').expect("path")..];
    assert!(path.starts_with("/portemonnee/betalen?naar=2001&bedrag=3,20&kenmerk="), "{path}");
    // The business cannot ask money from an account it does not hold.
    assert_eq!(get(addr, "/portemonnee/verzoek?rekening=1001&bedrag=1", Some(&bakker)).await.status(), 403);
    // The resident opens the link, confirms, and pays; twice paying books once.
    let anna = login(addr, "deelnemer", PASSWORD).await.expect("login");
    let confirm = get(addr, path, Some(&anna)).await;
    assert_eq!(confirm.status(), 200);
    let form_page = confirm.text().await.expect("body");
    assert!(form_page.contains("U betaalt ℳ 3,20 aan rekening 2001"), "{form_page}");
    let form = [
        ("csrf", field_value(&form_page, "csrf")),
        ("van", "1001".to_owned()),
        ("naar", field_value(&form_page, "naar")),
        ("bedrag", field_value(&form_page, "bedrag")),
        ("kenmerk", field_value(&form_page, "kenmerk")),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for _ in 0..2 {
        let body = post_form(addr, "/portemonnee/betalen", &anna, &form).await.text().await.expect("body");
        assert!(body.contains("ℳ 46,80"), "{body}");
    }
    let shop = get(addr, "/portemonnee", Some(&bakker)).await.text().await.expect("body");
    assert!(shop.contains("ℳ 3,20"), "{shop}");
}

#[tokio::test]
async fn the_currency_api_needs_a_session_and_your_own_account() {
    let (addr, _) = start().await;
    let url = |p: &str| format!("http://{addr}/api/v1{p}");
    let r = client().get(url("/munt/rekeningen/1001")).send().await.expect("r");
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let anna = login(addr, "deelnemer", PASSWORD).await.expect("login");
    let cookie = format!("{}={anna}", web::account::SESSION_COOKIE);
    let r = client().get(url("/munt/rekeningen/1001")).header("cookie", &cookie).send().await.expect("r");
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!((v["saldo"].as_i64(), v["soort"].as_str()), (Some(5_000), Some("bewoner")));
    let r = client().get(url("/munt/rekeningen/2001")).header("cookie", &cookie).send().await.expect("r");
    assert_eq!(r.status(), 403);

    let pay = |body: serde_json::Value| {
        let cookie = cookie.clone();
        let url = url("/munt/betalingen");
        async move { client().post(url).header("cookie", cookie).json(&body).send().await.expect("r") }
    };
    let body = serde_json::json!({ "kenmerk": "00000000000000000000000000000abc", "van": "1001", "naar": "2001", "bedrag": 700 });
    let first: serde_json::Value = pay(body.clone()).await.json().await.expect("json");
    assert_eq!(first["bedrag"], 700);
    let again: serde_json::Value = pay(body).await.json().await.expect("json");
    assert_eq!(first, again, "the same kenmerk books once");
    let r = client().get(url("/munt/rekeningen/1001")).header("cookie", &cookie).send().await.expect("r");
    assert_eq!(r.json::<serde_json::Value>().await.expect("json")["saldo"], 4_300);
    let conflict = pay(serde_json::json!({ "kenmerk": "00000000000000000000000000000abc", "van": "1001", "naar": "2001", "bedrag": 701 })).await;
    assert_eq!(conflict.status(), 409);
    let bad = pay(serde_json::json!({ "kenmerk": "xyz", "van": "1001", "naar": "2001", "bedrag": 1 })).await;
    assert_eq!(bad.status(), 400);
    let v: serde_json::Value = bad.json().await.expect("json");
    assert_eq!(v["invalidParams"][0]["name"], "kenmerk");
    let theirs = pay(serde_json::json!({ "kenmerk": "00000000000000000000000000000abd", "van": "2001", "naar": "1001", "bedrag": 1 })).await;
    assert_eq!(theirs.status(), 403);
}

/// Every role × own-or-assigned / other dossier, as the policy decides.
#[tokio::test]
async fn dossier_matrix_per_record() {
    let (addr, _) = start().await;
    for role in Role::ALL {
        let session = login(addr, role.key(), PASSWORD).await.expect("login");
        let linked = matches!(role, Role::Deelnemer | Role::Buddy | Role::WijMedewerker);
        let actor = Actor {
            role,
            own_household: (role == Role::Deelnemer).then_some(toegang::HouseholdId(1)),
            assigned: if matches!(role, Role::Buddy | Role::WijMedewerker) {
                vec![toegang::HouseholdId(1)]
            } else {
                Vec::new()
            },
        };
        for id in [1u64, 2] {
            let want =
                toegang::decide(&actor, toegang::Action::DossierBasisLezen, Some(toegang::HouseholdId(id))).allowed;
            let r = get(addr, &format!("/dossiers/{id}"), Some(&session)).await;
            assert_eq!(r.status().as_u16(), if want { 200 } else { 403 }, "{role:?} dossier {id}");
            if want {
                let body = r.text().await.expect("body");
                let full =
                    toegang::decide(&actor, toegang::Action::DossierVolledigLezen, Some(toegang::HouseholdId(id)))
                        .allowed;
                assert_eq!(
                    body.contains("De bijstand deze maand"),
                    full,
                    "{role:?} {id}: the money only with full access"
                );
                assert_eq!(body.contains("BSN"), full, "{role:?} {id}");
                if full && role == Role::Deelnemer {
                    assert!(body.contains("111222333"), "the resident sees their own BSN");
                }
            }
        }
        if linked {
            assert!(get(addr, "/dossiers", Some(&session)).await.text().await.expect("b").contains("Huishouden 1"));
        }
    }
    assert_eq!(get(addr, "/dossiers/1", None).await.status(), 303, "no session: to the login");
}

#[tokio::test]
async fn two_caseworkers_editing_one_dossier_get_a_conflict_not_a_lost_change() {
    let (addr, accounts) = start().await;
    let karim = login(addr, "klantmanager", PASSWORD).await.expect("login");
    let page = get(addr, "/dossiers/2", Some(&karim)).await.text().await.expect("body");
    assert!(page.contains("De bijstand deze maand") && page.contains("€ 1.419,46"), "{page}");
    let csrf = field_value(&page, "csrf");
    let version = field_value(&page, "versie");
    let first = post_form(
        addr,
        "/dossiers/2/pakket",
        &karim,
        &[("csrf", &csrf), ("versie", &version), ("pakket", "kosten-delen")],
    )
    .await;
    assert_eq!(first.status(), 200);
    assert!(first.text().await.expect("b").contains("Opgeslagen."));
    // A second form made from the same version (another tab, a colleague).
    let second =
        post_form(addr, "/dossiers/2/pakket", &karim, &[("csrf", &csrf), ("versie", &version), ("pakket", "de-plek")])
            .await;
    assert_eq!(second.status(), 409);
    assert!(second.text().await.expect("b").contains("intussen gewijzigd"));
    let d = accounts.dossiers.get(2).await.expect("q").expect("exists");
    assert_eq!((d.package.as_str(), d.version), ("kosten-delen", 2));
    // Bad input and a role without the right change nothing.
    let bad =
        post_form(addr, "/dossiers/2/pakket", &karim, &[("csrf", &csrf), ("versie", "2"), ("pakket", "bestaat-niet")])
            .await;
    assert_eq!(bad.status(), 400);
    let olga = login(addr, "onderzoeker", PASSWORD).await.expect("login");
    let r = post_form(addr, "/dossiers/2/pakket", &olga, &[("csrf", "x"), ("versie", "2"), ("pakket", "basis")]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(accounts.dossiers.get(2).await.expect("q").expect("exists").version, 2);
    // Reading and changing were logged with the BSN's pseudonym, never the BSN.
    let log = accounts.store.log(100).await.expect("log");
    assert!(
        log.iter()
            .any(|r| r.name == "dossier volledig lezen" && r.subject == accounts.pseudonymiser.pseudonym("111222333"))
    );
    assert!(log.iter().all(|r| !r.record.contains("111222333")));
}

/// The values a browser would send back from a form page: every input's
/// value and every select's selected option (or its first).
fn form_values(body: &str) -> Vec<(String, String)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].replace("&#x2f;", "/").replace("&amp;", "&"))
    };
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').unwrap_or(rest.len() - 1);
        let tag = &rest[..=end];
        if tag.starts_with("<input") {
            if let Some(name) = attr(tag, "name") {
                out.push((name, attr(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<select") {
            let name = attr(tag, "name").unwrap_or_default();
            let close = rest.find("</select>").expect("closed select");
            let inner = &rest[..close];
            let pick = inner
                .split("<option")
                .skip(1)
                .find(|o| o.contains(" selected"))
                .or_else(|| inner.split("<option").nth(1))
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            out.push((name, pick));
        }
        rest = &rest[end + 1..];
    }
    out
}

fn set(values: &mut Vec<(String, String)>, name: &str, value: &str) {
    match values.iter_mut().find(|(n, _)| n == name) {
        Some(v) => v.1 = value.to_owned(),
        None => values.push((name.to_owned(), value.to_owned())),
    }
}

async fn post_values(addr: SocketAddr, path: &str, session: &str, values: &[(String, String)]) -> reqwest::Response {
    let form: Vec<(&str, &str)> = values.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    post_form(addr, path, session, &form).await
}

/// Every page about one household (`web::dossier::RECORD_ROUTES`) × every
/// role × a linked and an unlinked household: allowed exactly when the
/// policy says so, and never stored in a cache.
#[tokio::test]
async fn record_routes_matrix() {
    let (addr, _) = start().await;
    for role in Role::ALL {
        let session = login(addr, role.key(), PASSWORD).await.expect("login");
        let actor = Actor {
            role,
            own_household: (role == Role::Deelnemer).then_some(toegang::HouseholdId(1)),
            assigned: if matches!(role, Role::Buddy | Role::WijMedewerker) {
                vec![toegang::HouseholdId(1)]
            } else {
                Vec::new()
            },
        };
        for (pattern, action) in web::dossier::RECORD_ROUTES {
            for id in [1u64, 2] {
                let path = pattern.replace("{id}", &id.to_string());
                let anonymous = if path.starts_with("/api/") { 401 } else { 303 };
                assert_eq!(get(addr, &path, None).await.status(), anonymous, "{path} without a session");
                let want = toegang::decide(&actor, *action, Some(toegang::HouseholdId(id))).allowed;
                let r = get(addr, &path, Some(&session)).await;
                assert_eq!(r.status().as_u16(), if want { 200 } else { 403 }, "{path} as {role:?}");
                if want {
                    assert_eq!(
                        r.headers().get("cache-control").and_then(|v| v.to_str().ok()),
                        Some("no-store"),
                        "{path}: personal data is not cached"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_caseworker_changes_members_income_address_and_bsn_and_the_history_says_so() {
    let (addr, accounts) = start().await;
    let karim = login(addr, "klantmanager", PASSWORD).await.expect("login");
    let form = get(addr, "/dossiers/2/wijzigen", Some(&karim)).await.text().await.expect("body");
    let mut values = form_values(&form);
    assert!(values.iter().any(|(n, v)| n == "bsn" && v == "111222333"), "the caseworker records the BSN");
    set(&mut values, "adres", "Nieuwe Weg 7, 9711 BB Groningen");
    set(&mut values, "bsn", "1234.56.782");
    set(&mut values, "kind_1_geboortedatum", "2016-04-01");
    set(&mut values, "a_inkomen_1_soort", "arbeid");
    set(&mut values, "a_inkomen_1_bedrag", "312,50");
    set(&mut values, "a_inkomen_1_sinds", "2026-09-01");
    let r = post_values(addr, "/dossiers/2/wijzigen", &karim, &values).await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.expect("body");
    assert!(page.contains("Opgeslagen."), "{page}");
    assert!(page.contains("€ 312,50"), "the new income is shown");
    assert!(page.contains("Kind 1"), "the child is shown");
    let d = accounts.dossiers.get(2).await.expect("q").expect("exists");
    assert_eq!((d.address.as_str(), d.bsn.as_str(), d.version), ("Nieuwe Weg 7, 9711 BB Groningen", "123456782", 2));
    let h = regels::input::parse_household(&d.data).expect("stored household reads");
    assert_eq!(h.children.len(), 1);
    assert_eq!(h.applicant.income[0].net_monthly.get(), 31_250);
    // The history names who changed what (by name, not account id).
    assert!(page.contains("door Test klantmanager: adres, BSN, leden of inkomen gewijzigd"), "{page}");
    // The log knows both BSNs by pseudonym only.
    let log = accounts.store.log(100).await.expect("log");
    assert!(
        log.iter()
            .any(|r| r.name == "dossier wijzigen (BSN)" && r.subject == accounts.pseudonymiser.pseudonym("123456782"))
    );
    assert!(log.iter().all(|r| !r.record.contains("123456782") && !r.record.contains("111222333")));
}

#[tokio::test]
async fn bad_input_in_the_dossier_form_is_named_and_nothing_is_stored() {
    let (addr, accounts) = start().await;
    let karim = login(addr, "klantmanager", PASSWORD).await.expect("login");
    let form = get(addr, "/dossiers/2/wijzigen?taal=en", Some(&karim)).await.text().await.expect("body");
    let good = form_values(&form);
    let cases: [(&str, &str, &str); 5] = [
        ("bsn", "123456789", "This BSN is not valid"),
        ("buurtcode", "Centrum", "is not a neighbourhood code"),
        ("a_geboortedatum", "", "Fill in this date"),
        ("kind_1_geboortedatum", "2099-01-01", "is in the future"),
        ("a_inkomen_1_bedrag", "veel", "is not an amount"),
    ];
    for (field, bad, says) in cases {
        let mut values = good.clone();
        set(&mut values, field, bad);
        if field == "a_inkomen_1_bedrag" {
            set(&mut values, "a_inkomen_1_sinds", "2026-01-01");
        }
        let r = post_values(addr, "/dossiers/2/wijzigen?taal=en", &karim, &values).await;
        assert_eq!(r.status(), 422, "{field}");
        let body = r.text().await.expect("body");
        assert!(body.contains(says), "{field}: {body}");
        assert!(body.contains(&format!("href=\"#{field}\"")), "{field}: the summary links to the field");
        assert!(body.contains(&format!("id=\"{field}-fout\"")), "{field}: the error is at the field");
    }
    let d = accounts.dossiers.get(2).await.expect("q").expect("exists");
    assert_eq!(d.version, 1, "nothing was stored");
    // Without the CSRF token: refused.
    let mut values = good.clone();
    set(&mut values, "csrf", "vervalst");
    assert_eq!(post_values(addr, "/dossiers/2/wijzigen", &karim, &values).await.status(), 403);
}

#[tokio::test]
async fn two_people_editing_one_dossier_see_what_the_other_changed() {
    let (addr, accounts) = start().await;
    let karim = login(addr, "klantmanager", PASSWORD).await.expect("login");
    let anna = login(addr, "deelnemer", PASSWORD).await.expect("login");
    // Both open the form of household 1 (Anna's own).
    let karims = form_values(&get(addr, "/dossiers/1/wijzigen", Some(&karim)).await.text().await.expect("b"));
    let annas_page = get(addr, "/dossiers/1/wijzigen", Some(&anna)).await.text().await.expect("b");
    let annas = form_values(&annas_page);
    // The resident reports changes in her household, but does not record registry data.
    assert!(!annas.iter().any(|(n, _)| n == "bsn" || n == "adres"), "{annas:?}");
    let mut k = karims.clone();
    set(&mut k, "adres", "Verhuisd 3, 9712 CC Groningen");
    assert_eq!(post_values(addr, "/dossiers/1/wijzigen", &karim, &k).await.status(), 200);
    let mut a = annas.clone();
    set(&mut a, "a_inkomen_1_soort", "arbeid");
    set(&mut a, "a_inkomen_1_bedrag", "200");
    set(&mut a, "a_inkomen_1_sinds", "2026-10-01");
    // Registry fields smuggled into her form are ignored.
    a.push(("bsn".into(), "123456782".into()));
    let r = post_values(addr, "/dossiers/1/wijzigen", &anna, &a).await;
    assert_eq!(r.status(), 409);
    let body = r.text().await.expect("body");
    assert!(body.contains("intussen gewijzigd"), "{body}");
    assert!(body.contains("value=\"200\""), "her own input is kept in the form");
    // Saving again, now knowingly on the new version, keeps both changes.
    let again = form_values(&body);
    assert_eq!(post_values(addr, "/dossiers/1/wijzigen", &anna, &again).await.status(), 200);
    let d = accounts.dossiers.get(1).await.expect("q").expect("exists");
    assert_eq!(d.version, 3);
    assert_eq!(d.address, "Verhuisd 3, 9712 CC Groningen", "Karim's change is not lost");
    assert_eq!(d.bsn, "111222333", "the resident cannot change the BSN");
    let h = regels::input::parse_household(&d.data).expect("reads");
    assert_eq!(h.applicant.income.last().expect("income").net_monthly.get(), 20_000, "Anna's change is not lost");
}

#[tokio::test]
async fn the_list_pages_through_many_households_and_logs_each_one_shown() {
    let (addr, accounts) = start().await;
    let many: Vec<opslag::Dossier> = (10..130)
        .map(|id| opslag::Dossier {
            id,
            name: format!("Huishouden {id}"),
            address: "Lijststraat 1".into(),
            neighbourhood: "BU00140101".into(),
            bsn: "123456782".into(),
            package: "basis".into(),
            data: include_str!("../../../examples/alleenstaande.json").into(),
            resident: None,
            version: 1,
            updated: 0,
            updated_by: "test".into(),
        })
        .collect();
    accounts.dossiers.create_many(&many).await.expect("stored");
    let karim = login(addr, "klantmanager", PASSWORD).await.expect("login");
    let before = accounts.store.log(1_000).await.expect("log").len();
    let first = get(addr, "/dossiers", Some(&karim)).await.text().await.expect("body");
    assert!(first.contains("U mag 122 huishoudens zien."), "{first}");
    let shown = first.matches("href=\"/dossiers/").count();
    assert_eq!(shown, usize::try_from(web::dossier::LIST_PAGE).expect("small"));
    assert!(first.contains("na=57"), "the next page starts after the last id shown: {first}");
    let after = accounts.store.log(1_000).await.expect("log").len();
    assert_eq!(after - before, shown, "one log record per household shown");
    let last = get(addr, "/dossiers?na=110", Some(&karim)).await.text().await.expect("body");
    assert_eq!(last.matches("href=\"/dossiers/").count(), 19);
    assert!(!last.contains("rel=\"next\""));
}

async fn api(
    addr: SocketAddr,
    method: reqwest::Method,
    path: &str,
    session: Option<&str>,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut r = client().request(method, format!("http://{addr}/api/v1{path}"));
    if let Some(s) = session {
        r = r.header("cookie", format!("{}={s}", web::account::SESSION_COOKIE));
    }
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.expect("response");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn the_household_api_shows_and_changes_with_the_same_rules_as_the_pages() {
    use reqwest::Method;
    let (addr, accounts) = start().await;
    let karim = login(addr, "klantmanager", PASSWORD).await.expect("login");
    let anna = login(addr, "deelnemer", PASSWORD).await.expect("login");
    let bram = login(addr, "buddy", PASSWORD).await.expect("login");
    let olga = login(addr, "onderzoeker", PASSWORD).await.expect("login");
    assert_eq!(api(addr, Method::GET, "/huishoudens", None, None).await.0, 401);
    assert_eq!(api(addr, Method::GET, "/huishoudens", Some(&olga), None).await.0, 403);
    let (s, list) = api(addr, Method::GET, "/huishoudens", Some(&karim), None).await;
    assert_eq!((s, list["huishoudens"].as_array().map(Vec::len)), (200, Some(2)));
    let (_, list) = api(addr, Method::GET, "/huishoudens", Some(&bram), None).await;
    assert_eq!(list["huishoudens"][0]["id"], 1);
    assert_eq!(list["huishoudens"].as_array().map(Vec::len), Some(1), "the buddy: only his own household");
    assert_eq!(api(addr, Method::GET, "/huishoudens?na=-1", Some(&karim), None).await.0, 400);

    // Reading: the buddy the basics, the resident and the caseworker everything.
    let (s, basics) = api(addr, Method::GET, "/huishoudens/1", Some(&bram), None).await;
    assert_eq!(s, 200);
    assert!(basics["bsn"].is_null() && basics["huishouden"].is_null() && basics["berekening"].is_null(), "{basics}");
    assert_eq!(api(addr, Method::GET, "/huishoudens/2", Some(&bram), None).await.0, 403);
    let (_, own) = api(addr, Method::GET, "/huishoudens/1", Some(&anna), None).await;
    assert_eq!(own["bsn"], "111222333");
    assert!(own["berekening"]["uitkering"].as_i64().expect("cents") > 0, "{own}");
    assert_eq!(api(addr, Method::GET, "/huishoudens/99", Some(&karim), None).await.0, 404);

    // Changing: the caseworker moves household 2 and gives it a partner.
    let (_, two) = api(addr, Method::GET, "/huishoudens/2", Some(&karim), None).await;
    let mut household = two["huishouden"].clone();
    household["partner"] = serde_json::json!({"geboortedatum": "1985-02-03"});
    let change =
        serde_json::json!({"versie": two["versie"], "adres": "Apiweg 1, 9711 AA Groningen", "huishouden": household});
    let (s, changed) = api(addr, Method::PUT, "/huishoudens/2", Some(&karim), Some(change.clone())).await;
    assert_eq!(s, 200, "{changed}");
    assert_eq!(changed["versie"], 2);
    assert_eq!(changed["adres"], "Apiweg 1, 9711 AA Groningen");
    assert!(!changed["huishouden"]["partner"].is_null());
    // The same change again, from the old version: a conflict, nothing written.
    let (s, p) = api(addr, Method::PUT, "/huishoudens/2", Some(&karim), Some(change)).await;
    assert_eq!(s, 409);
    assert_eq!(p["invalidParams"][0]["name"], "versie");
    // Bad input names the field; nothing is written.
    for (body, field) in [
        (serde_json::json!({"versie": 2, "bsn": "123456789"}), "bsn"),
        (serde_json::json!({"versie": 2, "buurtcode": "Centrum", "naam": ""}), "naam"),
        (serde_json::json!({"versie": 2, "pakket": "bestaat-niet"}), "pakket"),
        (serde_json::json!({"versie": 2, "huishouden": {"aanvrager": {}}}), "huishouden.aanvrager.geboortedatum"),
        (serde_json::json!({"versie": 2, "onbekend": 1}), "(body)"),
    ] {
        let (s, p) = api(addr, Method::PUT, "/huishoudens/2", Some(&karim), Some(body.clone())).await;
        assert_eq!(s, 400, "{body}: {p}");
        let names: Vec<&str> =
            p["invalidParams"].as_array().expect("params").iter().filter_map(|i| i["name"].as_str()).collect();
        assert!(names.contains(&field), "{body}: {p}");
        assert!(p["detail"].as_str().is_some_and(|d| !d.is_empty()) && p["detail_en"].as_str().is_some());
    }
    assert_eq!(accounts.dossiers.get(2).await.expect("q").expect("exists").version, 2);
    // The resident changes her household but not the registry data; the buddy changes nothing.
    let (_, mine) = api(addr, Method::GET, "/huishoudens/1", Some(&anna), None).await;
    let (s, p) = api(
        addr,
        Method::PUT,
        "/huishoudens/1",
        Some(&anna),
        Some(serde_json::json!({"versie": mine["versie"], "bsn": "123456782"})),
    )
    .await;
    assert_eq!((s, p["invalidParams"][0]["name"].as_str()), (403, Some("bsn")));
    let (s, _) = api(
        addr,
        Method::PUT,
        "/huishoudens/1",
        Some(&anna),
        Some(serde_json::json!({"versie": mine["versie"], "pakket": "kosten-delen"})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        api(addr, Method::PUT, "/huishoudens/1", Some(&bram), Some(serde_json::json!({"versie": 2}))).await.0,
        403
    );
    // Every read and write above is in the log, by pseudonym.
    let log = accounts.store.log(200).await.expect("log");
    assert!(log.iter().any(|r| r.name == "dossier wijzigen (API)"));
    assert!(log.iter().any(|r| r.name == "dossier basisgegevens lezen (API)"));
    assert!(log.iter().all(|r| !r.record.contains("111222333")));
}
