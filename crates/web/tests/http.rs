//! The web application over real HTTP: a server on a free port, a real client.

use std::net::SocketAddr;

use serde_json::{Value, json};

async fn start() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let node_modules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules");
    tokio::spawn(async move {
        axum::serve(listener, web::app(web::Config { node_modules, accounts: None, munt: None })).await.expect("serve");
    });
    addr
}

#[tokio::test]
async fn pages_are_html_in_dutch_and_english_with_security_headers() {
    let addr = start().await;
    let client = reqwest::Client::new();
    for (path, lang, text) in [
        ("/", "nl", "Reken uw bijstand uit"),
        ("/?taal=en", "en", "Calculate your assistance"),
        ("/rekenhulp", "nl", "Rekenhulp bijstand"),
        ("/rekenhulp?taal=en", "en", "Social assistance calculator"),
    ] {
        let r = client.get(format!("http://{addr}{path}")).send().await.expect("response");
        assert_eq!(r.status(), 200, "{path}");
        let csp = r.headers().get("content-security-policy").expect("CSP").to_str().expect("ascii").to_owned();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(r.headers().get("x-content-type-options").expect("nosniff"), "nosniff");
        assert!(r.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"));
        let body = r.text().await.expect("body");
        assert!(body.contains(&format!("<html lang=\"{lang}\"")), "{path}");
        assert!(body.contains(text), "{path}");
        // The theme: its CSS from /thema.css and its class on <body> (default: voorbeeld).
        assert!(body.contains("<link rel=\"stylesheet\" href=\"/thema.css\">"), "{path}");
        assert!(body.contains(&format!("<body class=\"{} ", web::theme_class())), "{path}");
    }
    let theme = client.get(format!("http://{addr}/thema.css")).send().await.expect("response");
    assert_eq!(theme.status(), 200);
    assert!(theme.headers()["content-type"].to_str().expect("ascii").starts_with("text/css"));
    assert!(
        theme.text().await.expect("css").contains(&format!(".{}", web::theme_class())),
        "the theme's tokens hang on its class"
    );
    let r = client.get(format!("http://{addr}/bestaat-niet")).send().await.expect("response");
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn the_calculator_form_computes_and_explains() {
    let addr = start().await;
    let client = reqwest::Client::new();
    let form = [("geboortedatum", "1985-01-01"), ("datum", "2026-03-01"), ("pakket", "basis"), ("taal", "nl")];
    let r = client.post(format!("http://{addr}/rekenhulp")).form(&form).send().await.expect("response");
    assert_eq!(r.status(), 200);
    let body = r.text().await.expect("body");
    assert!(body.contains("Uw bijstand"));
    assert!(body.contains("€ 1.334,23"), "the payable amount of a single person (21.a minus 4.8 % vakantietoeslag)");
    assert!(body.contains("https://wetten.overheid.nl/BWBR0015703/2026-01-01#Artikel21"));

    // A package, a wage and a kostendeler.
    let form = [
        ("geboortedatum", "1985-01-01"),
        ("kostendelers", "1"),
        ("loon", "400,00"),
        ("loon_sinds", "2026-02-01"),
        ("datum", "2026-03-01"),
        ("pakket", "bijverdienen-en-investeren"),
    ];
    let body =
        client.post(format!("http://{addr}/rekenhulp")).form(&form).send().await.expect("r").text().await.expect("b");
    assert!(body.contains("Bijverdienen en investeren"));
    // Kostendelersnorm A = 2: 2002.13 / 2 = 1001.07; all 400 kept; 50 withheld: 951.07.
    assert!(body.contains("€ 951,07"), "{body}");
}

#[tokio::test]
async fn form_errors_name_the_field_and_keep_the_input() {
    let addr = start().await;
    let client = reqwest::Client::new();
    let form = [("geboortedatum", "1985-02-30"), ("datum", ""), ("loon", "veel"), ("kostendelers", "12")];
    let r = client.post(format!("http://{addr}/rekenhulp")).form(&form).send().await.expect("response");
    assert_eq!(r.status(), 200, "the form is shown again");
    let body = r.text().await.expect("body");
    assert!(body.contains("role=\"alert\""));
    for (field, message) in [
        ("geboortedatum", "1985-02-30&#34; is geen goede datum"),
        ("datum", "Vul deze datum in."),
        ("loon", "veel&#34; is geen bedrag"),
        ("kostendelers", "Vul een getal van 0 tot en met 9 in."),
    ] {
        assert!(body.contains(&format!("href=\"#{field}\"")), "{field}");
        assert!(body.contains(message), "{message}");
        assert!(body.contains(&format!("id=\"{field}-fout\"")), "{field}");
    }
    assert!(body.contains("value=\"1985-02-30\""), "what the person typed is kept");
    assert!(!body.contains("<script"), "no script, and input is escaped");
    let r = client
        .post(format!("http://{addr}/rekenhulp"))
        .form(&[("geboortedatum", "<script>alert(1)</script>")])
        .send()
        .await
        .expect("response");
    let body = r.text().await.expect("body");
    assert!(body.contains("alert(1)") && !body.contains("<script>alert"), "echoed, but escaped");
}

#[tokio::test]
async fn the_api_computes_lists_packages_and_reports_problems() {
    let addr = start().await;
    let client = reqwest::Client::new();
    let packages: Value =
        client.get(format!("http://{addr}/api/v1/pakketten")).send().await.expect("r").json().await.expect("json");
    assert_eq!(packages.as_array().expect("list").len(), 11);
    assert_eq!(packages[0]["id"], "basis");

    let r = client
        .post(format!("http://{addr}/api/v1/berekeningen"))
        .json(&json!({"huishouden": {"aanvrager": {"geboortedatum": "1985-01-01"}}, "datum": "2026-03-01"}))
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["uitkering"], 133_423);
    assert_eq!(v["uitleg"]["regel"], "uitkering");

    let r = client
        .post(format!("http://{addr}/api/v1/berekeningen"))
        .json(&json!({"huishouden": {"aanvrager": {"geboortedatum": "1985-01-01"}}, "datum": "2026-03-01", "pakket": "de-plek", "taal": "en"}))
        .send()
        .await
        .expect("r");
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["pakket"], "de-plek");
    assert_eq!(v["taal"], "en");

    for (body, field) in [
        (json!({"huishouden": {"aanvrager": {}}, "datum": "2026-03-01"}), "huishouden.aanvrager.geboortedatum"),
        (json!({"huishouden": {"aanvrager": {"geboortedatum": "1985-01-01"}}, "datum": "1 maart"}), "datum"),
        (
            json!({"huishouden": {"aanvrager": {"geboortedatum": "1985-01-01"}}, "datum": "2026-03-01", "pakket": "x"}),
            "pakket",
        ),
        (json!({"huishouden": {"aanvrager": {"geboortedatum": "1985-01-01"}}, "datum": "2024-03-01"}), "datum"),
    ] {
        let r = client.post(format!("http://{addr}/api/v1/berekeningen")).json(&body).send().await.expect("r");
        assert_eq!(r.status(), 400, "{body}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let p: Value = r.json().await.expect("json");
        assert_eq!(p["status"], 400);
        assert_eq!(p["invalidParams"][0]["name"], field, "{p}");
        assert!(p["detail"].as_str().expect("nl").contains("Veld"));
        assert!(p["detail_en"].as_str().expect("en").contains("Field"));
    }
    let r = client
        .post(format!("http://{addr}/api/v1/berekeningen"))
        .header("content-type", "application/json")
        .body("{niet json")
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}

/// The committed `openapi.json` is the document the code generates: a route
/// or schema change without updating it fails here. Regenerate with
/// `UPDATE_OPENAPI=1 cargo test -p web --test http`.
#[tokio::test]
async fn openapi_json_is_committed_and_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi.json");
    let generated = web::api::openapi_json() + "\n";
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write openapi.json");
    }
    let committed = std::fs::read_to_string(&path).expect("openapi.json exists");
    assert_eq!(committed, generated, "openapi.json is out of date; see the doc comment of this test");
    let addr = start().await;
    let served = reqwest::get(format!("http://{addr}/api/v1/openapi.json")).await.expect("r").text().await.expect("b");
    assert_eq!(served + "\n", generated);
    let doc: Value = serde_json::from_str(&generated).expect("JSON");
    assert!(doc["openapi"].as_str().expect("version").starts_with("3."));
    assert!(doc["paths"]["/berekeningen"]["post"].is_object());
    assert!(doc["paths"]["/pakketten"]["get"].is_object());
    // Every key the API returns for a package calculation is documented.
    let props = doc["components"]["schemas"]["Calculation"]["properties"].as_object().expect("properties");
    let outcome = {
        let params =
            regels::ParameterSets::embedded().expect("p").for_date(jiff::civil::date(2026, 3, 1)).expect("set");
        let h = regels::input::parse_household(r#"{"aanvrager": {"geboortedatum": "1985-01-01"}}"#).expect("h");
        let v = regels::Variant::by_id("de-plek").expect("v");
        regels::render::to_json(
            &regels::calculate_variant(&h, jiff::civil::date(2026, 3, 1), params, v).expect("calc"),
            regels::Lang::Nl,
        )
    };
    for key in outcome.as_object().expect("object").keys() {
        assert!(props.contains_key(key), "{key} is not in the OpenAPI schema");
    }
}

#[tokio::test]
async fn does_work_pay_page_compares_packages_with_a_chart() {
    let addr = start().await;
    let client = reqwest::Client::new();
    let form = [
        ("geboortedatum", "1985-01-01"),
        ("datum", "2026-03-01"),
        ("uurloon", "14,50"),
        ("uren", "20"),
        ("huur", "650"),
        ("taal", "nl"),
    ];
    let body = client
        .post(format!("http://{addr}/loont-werken"))
        .form(&form)
        .send()
        .await
        .expect("r")
        .text()
        .await
        .expect("b");
    // The same numbers as `ademruimte loont-werken` (crates/loontwerken tests).
    assert!(body.contains("€ 1.924,50") && body.contains("€ 2.209,50") && body.contains("€ 2.677,76"), "{body}");
    assert!(body.contains("<svg") && body.contains("role=\"img\""));
    assert!(body.contains("4–17"), "De Plek's cliffs as one span");
    let body = client
        .post(format!("http://{addr}/loont-werken"))
        .form(&[("geboortedatum", "1985-01-01"), ("datum", "2026-03-01"), ("uren", "99")])
        .send()
        .await
        .expect("r")
        .text()
        .await
        .expect("b");
    assert!(body.contains("href=\"#uurloon\"") && body.contains("href=\"#uren\""));
}
