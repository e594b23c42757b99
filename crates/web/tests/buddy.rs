//! Buddies over real HTTP: the buddy's own profile, suggestions with their
//! explained scores, linking a buddy (which opens the household to them), the
//! caseload with its reminder, the contact log and its visibility, refusals,
//! and errors at their field with nothing stored.

use std::net::SocketAddr;
use std::sync::Arc;

use opslag::{AccountStore, Database, User};
use platform::logboek::Pseudonymiser;
use platform::rol::Role;
use reqwest::redirect::Policy;

const PASSWORD: &str = "een lang test wachtwoord";

/// Accounts per role (and a second buddy, bea); household 1 is the resident's
/// own, assigned to the buddy and the WIJ-worker; household 2 is assigned to
/// the WIJ-worker only.
async fn start() -> (SocketAddr, Arc<web::account::Accounts>) {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("web-buddy-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let _ = std::fs::remove_file(dir.join("web.db"));
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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let node_modules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules");
    let config = web::Config { node_modules, accounts: Some(accounts.clone()), munt: None };
    tokio::spawn(async move { axum::serve(listener, web::app(config)).await.expect("serve") });
    (addr, accounts)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(Policy::none()).build().expect("client")
}

fn cookie_value(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next()?.split_once('=').map(|x| x.1.to_owned()))
}

fn field_value(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).expect(name) + marker.len();
    let end = body[start..].find('"').expect("quote") + start;
    body[start..end].to_owned()
}

async fn login(addr: SocketAddr, username: &str) -> String {
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

async fn get(addr: SocketAddr, path: &str, session: &str) -> reqwest::Response {
    client()
        .get(format!("http://{addr}{path}"))
        .header("cookie", format!("{}={session}", web::account::SESSION_COOKIE))
        .send()
        .await
        .expect("response")
}

struct Person {
    addr: SocketAddr,
    session: String,
    csrf: String,
}

impl Person {
    async fn new(addr: SocketAddr, username: &str) -> Person {
        let session = login(addr, username).await;
        let page = get(addr, "/mijn", &session).await.text().await.expect("body");
        let csrf = field_value(&page, "csrf");
        Person { addr, session, csrf }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let r = get(self.addr, path, &self.session).await;
        (r.status().as_u16(), r.text().await.expect("body"))
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
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

fn in_days(n: i64) -> String {
    jiff::Zoned::now().date().checked_add(jiff::Span::new().days(n)).expect("date").to_string()
}

fn date_text(d: &str) -> String {
    plan::text::date_text(d.parse().expect("date"), regels::Lang::Nl)
}

/// Stores a profile directly, as the buddy's own page would.
async fn profile(acc: &web::account::Accounts, id: &str, academy: Option<&str>) {
    let p = plan::buddy::BuddyProfile::new(
        &[plan::buddy::Theme::Debts, plan::buddy::Theme::Loneliness],
        plan::buddy::NeighbourhoodCode::parse("buurt", "BU00140101").expect("buurt"),
        &[plan::buddy::LanguageCode::parse("taal", "nl").expect("taal")],
        8,
        academy.map(|d| d.parse().expect("date")),
    )
    .expect("profile");
    let store = acc.dossiers.buddies();
    let v = store.profile(id).await.expect("read").map_or(0, |p| p.version);
    assert_eq!(store.put_profile(id, v, &plan::json::buddy_profile_to_json(&p), 1).await.expect("write"), Ok(v + 1));
}

#[tokio::test]
async fn the_buddy_keeps_a_profile_and_bad_input_is_named_at_its_field() {
    let (addr, acc) = start().await;
    let bram = Person::new(addr, "buddy").await;
    let r = get(addr, "/mijn/buddyprofiel", &bram.session).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    assert!(r.text().await.expect("body").contains("Mijn buddyprofiel"));

    // Everything wrong at once: each error at its own field, nothing stored.
    let (status, page) = bram
        .post(
            "/mijn/buddyprofiel",
            &[("versie", "0"), ("buurt", "ergens"), ("talen", "NL!"), ("uren", "veel"), ("academie", "gisteren")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    for id in ["thema-schulden", "buurt", "talen", "uren", "academie"] {
        assert!(page.contains(&format!("href=\"#{id}\"")), "{id}: {page}");
        assert!(page.contains(&format!("id=\"{id}-fout\"")) || id == "thema-schulden", "{id}");
    }
    assert!(page.contains("value=\"ergens\""), "input kept");
    assert_eq!(acc.dossiers.buddies().profile("id-buddy").await.expect("read"), None);
    // Too many hours: the profile's own rule, at its field.
    let (status, page) = bram
        .post(
            "/mijn/buddyprofiel",
            &[("versie", "0"), ("thema", "schulden"), ("buurt", "BU00140101"), ("talen", "nl"), ("uren", "41")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("href=\"#uren\""), "{page}");
    assert_eq!(acc.dossiers.buddies().profile("id-buddy").await.expect("read"), None);

    let good = [
        ("versie", "0"),
        ("thema", "schulden"),
        ("thema", "eenzaamheid"),
        ("buurt", "BU00140101"),
        ("talen", "nl, ar"),
        ("uren", "8"),
        ("academie", "2025-06-01"),
    ];
    let (status, page) = bram.post("/mijn/buddyprofiel", &good).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Opgeslagen.") && page.contains("value=\"nl, ar\""), "{page}");
    let stored = acc.dossiers.buddies().profile("id-buddy").await.expect("read").expect("stored");
    let p = plan::json::buddy_profile_from_json(&stored.content).expect("valid");
    assert_eq!((stored.version, p.hours_per_week(), p.themes().len(), p.languages().len()), (1, 8, 2, 2));
    // The same form again is stale: 409, the input kept, nothing written.
    let (status, page) = bram.post("/mijn/buddyprofiel", &[good.as_slice(), &[]].concat()).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("value=\"nl, ar\""));
    assert_eq!(acc.dossiers.buddies().profile("id-buddy").await.expect("read").map(|p| p.version), Some(1));
    // English on request.
    let (_, page) = bram.get("/mijn/buddyprofiel?taal=en").await;
    assert!(page.contains("My buddy profile"));

    // Other roles: refused, also when posting.
    for role in ["deelnemer", "klantmanager", "wij_medewerker", "beheerder"] {
        let p = Person::new(addr, role).await;
        assert_eq!(p.get("/mijn/buddyprofiel").await.0, 403, "{role}");
        assert_eq!(p.post("/mijn/buddyprofiel", &good).await.0, 403, "{role}");
    }
    assert_eq!(acc.dossiers.buddies().profiles().await.expect("read").len(), 1);
}

#[tokio::test]
async fn the_wij_worker_links_a_buddy_who_then_walks_along() {
    let (addr, acc) = start().await;
    profile(&acc, "id-buddy", Some("2025-06-01")).await;
    profile(&acc, "id-bea", None).await;
    let bram = Person::new(addr, "buddy").await;
    let wies = Person::new(addr, "wij_medewerker").await;
    assert_eq!(bram.get("/dossiers/2").await.0, 403, "not yet the buddy's household");
    assert_eq!(bram.get("/dossiers/2/buddy").await.0, 403, "a buddy does not link");
    assert_eq!(Person::new(addr, "deelnemer").await.get("/dossiers/1/buddy").await.0, 403);

    // The way in: from the dossier and from "mijn account".
    assert!(wies.get("/dossiers/2").await.1.contains("href=\"/dossiers/2/buddy?taal=nl\""));
    assert!(!bram.get("/dossiers/1").await.1.contains("/dossiers/1/buddy"));
    let (_, mine) = bram.get("/mijn").await;
    assert!(mine.contains("href=\"/mijn/caseload?taal=nl\"") && mine.contains("href=\"/mijn/buddyprofiel?taal=nl\""));
    let (status, page) = wies.get("/dossiers/2/buddy?thema=schulden&thema=weer_werken&talen=nl").await;
    assert_eq!(status, 200, "{page}");
    // Bram first, with the score taken apart; bea left out with the reason.
    assert!(page.contains("<strong>Test buddy</strong>: 70 van 100 punten"), "{page}");
    assert!(page.contains("Eigen ervaring met") && page.contains("Geen eigen ervaring met"), "{page}");
    assert!(page.contains("Bea Buddy: heeft de Buddy Academie nog niet afgerond"), "bea is named as left out: {page}");
    assert!(page.contains("BU00140101"));

    // Wrong months and date: at their fields, nothing stored.
    let (status, page) = wies
        .post(
            "/dossiers/2/buddy",
            &[("aantal", "0"), ("buddy", "id-buddy"), ("begin", "morgen"), ("maanden", "6"), ("talen", "nl")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#koppel-begin\"") && page.contains("href=\"#koppel-maanden\""), "{page}");
    assert!(acc.dossiers.buddies().of_household(2).await.expect("read").is_empty());
    // An untrained buddy cannot be linked.
    let (status, page) = wies
        .post("/dossiers/2/buddy", &[("aantal", "0"), ("buddy", "id-bea"), ("begin", &in_days(0)), ("maanden", "12")])
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("href=\"#koppel-buddy\"") && page.contains("Buddy Academie"), "{page}");
    assert!(acc.dossiers.buddies().of_household(2).await.expect("read").is_empty());

    let begin = in_days(0);
    let (status, page) = wies
        .post("/dossiers/2/buddy", &[("aantal", "0"), ("buddy", "id-buddy"), ("begin", &begin), ("maanden", "12")])
        .await;
    assert_eq!(status, 200, "{page}");
    let stored = acc.dossiers.buddies().of_household(2).await.expect("read");
    assert_eq!(stored.len(), 1);
    let a = &stored[0];
    assert_eq!(
        (a.buddy.as_str(), a.wij_medewerker.as_str(), a.start.as_str(), a.reminder_weeks),
        ("id-buddy", "id-wij_medewerker", begin.as_str(), 6)
    );
    let end: jiff::civil::Date = a.end.parse().expect("date");
    assert_eq!(
        end,
        begin.parse::<jiff::civil::Date>().expect("date").checked_add(jiff::Span::new().months(12)).expect("end")
    );
    let reminder = end.checked_sub(jiff::Span::new().weeks(6)).expect("reminder").to_string();
    assert!(
        page.contains("De buddy is gekoppeld")
            && page.contains(&date_text(&a.end))
            && page.contains(&date_text(&reminder)),
        "{page}"
    );

    // The buddy now walks along: basics and plan open, and the caseload shows it.
    assert_eq!(bram.get("/dossiers/2").await.0, 200);
    assert_eq!(bram.get("/dossiers/2/plan").await.0, 200);
    let (status, page) = bram.get("/mijn/caseload").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Huishouden 2") && page.contains(&date_text(&reminder)), "{page}");
    assert!(page.contains("/dossiers/2/plan") && page.contains("/dossiers/2/contacten"));
    assert!(!page.contains("ademruimte-herinnering"), "the reminder is not due yet");
    // A second link while this one runs: 409, nothing stored.
    let (status, _) = wies
        .post("/dossiers/2/buddy", &[("aantal", "1"), ("buddy", "id-buddy"), ("begin", &begin), ("maanden", "12")])
        .await;
    assert_eq!(status, 409);
    assert_eq!(acc.dossiers.buddies().of_household(2).await.expect("read").len(), 1);
    // The caseload is only for buddies and WIJ-workers.
    for role in ["deelnemer", "klantmanager", "onderzoeker"] {
        assert_eq!(Person::new(addr, role).await.get("/mijn/caseload").await.0, 403, "{role}");
    }
}

#[tokio::test]
async fn the_contact_log_and_who_sees_what() {
    let (addr, acc) = start().await;
    profile(&acc, "id-buddy", Some("2020-01-01")).await;
    let bram = Person::new(addr, "buddy").await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let anna = Person::new(addr, "deelnemer").await;
    let karin = Person::new(addr, "klantmanager").await;
    let (status, page) = bram.get("/dossiers/1/contacten").await;
    assert_eq!(status, 200);
    assert!(page.contains("Er is nog geen buddy gekoppeld"), "{page}");

    // The caseworker links, choosing the WIJ-worker; started 11 months ago, so the reminder is due.
    let begin = in_days(-335);
    let (status, page) = karin
        .post(
            "/dossiers/1/buddy",
            &[
                ("aantal", "0"),
                ("buddy", "id-buddy"),
                ("wij_medewerker", "id-wij_medewerker"),
                ("begin", &begin),
                ("maanden", "12"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (_, page) = bram.get("/mijn/caseload").await;
    assert!(page.contains("ademruimte-herinnering") && page.contains("Huishouden 1"), "{page}");

    let today = in_days(0);
    // Bad input: at its field, nothing stored.
    let (status, page) = bram
        .post("/dossiers/1/contacten", &[("aantal", "0"), ("datum", "ooit"), ("plek", ""), ("notitie", "Koffie")])
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#contact-datum\"") && page.contains("href=\"#contact-plek\""), "{page}");
    assert!(page.contains(">Koffie</textarea>"), "input kept");
    let id = acc.dossiers.buddies().of_household(1).await.expect("read")[0].id;
    assert!(acc.dossiers.buddies().contacts(id).await.expect("read").is_empty());

    let (status, page) = bram
        .post(
            "/dossiers/1/contacten",
            &[("aantal", "0"), ("datum", &today), ("plek", "Buurthuis De Kroon"), ("notitie", "Samen de post gelezen")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    // Stale: 409, input kept.
    let (status, page) = bram
        .post("/dossiers/1/contacten", &[("aantal", "0"), ("datum", &today), ("plek", "Thuis"), ("notitie", "Nog een")])
        .await;
    assert_eq!(status, 409);
    assert!(page.contains("value=\"Thuis\""));
    // A buddy cannot shield; the WIJ-worker can, with a reason.
    let (status, _) = bram
        .post(
            "/dossiers/1/contacten",
            &[
                ("aantal", "1"),
                ("datum", &today),
                ("plek", "Thuis"),
                ("notitie", "Geheim"),
                ("afschermen", "veiligheid"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    let (status, page) = wies
        .post(
            "/dossiers/1/contacten",
            &[
                ("aantal", "1"),
                ("datum", &today),
                ("plek", "WIJ-team"),
                ("notitie", "Zorg over de situatie thuis"),
                ("afschermen", "veiligheid"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(acc.dossiers.buddies().contacts(id).await.expect("read").len(), 2);

    // The resident reads the buddy's note but not the shielded one, and writes none.
    let (status, page) = anna.get("/dossiers/1/contacten").await;
    assert_eq!(status, 200);
    assert!(page.contains("Samen de post gelezen") && !page.contains("Zorg over de situatie"), "{page}");
    assert!(!page.contains("name=\"notitie\""));
    let (status, _) = anna
        .post("/dossiers/1/contacten", &[("aantal", "2"), ("datum", &today), ("plek", "Thuis"), ("notitie", "Ik")])
        .await;
    assert_eq!(status, 403);
    for (who, sees) in [(&bram, false), (&wies, true), (&karin, true)] {
        let (_, page) = who.get("/dossiers/1/contacten").await;
        assert!(page.contains("Samen de post gelezen"));
        assert_eq!(page.contains("Zorg over de situatie"), sees);
    }
    assert_eq!(acc.dossiers.buddies().contacts(id).await.expect("read").len(), 2);
    // No right to the plan: no contact log either.
    assert_eq!(Person::new(addr, "onderzoeker").await.get("/dossiers/1/contacten").await.0, 403);
    assert_eq!(bram.get("/dossiers/2/contacten").await.0, 403);
}
