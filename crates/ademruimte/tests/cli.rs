//! The `ademruimte bereken` command, run as a real process.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ademruimte"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    if let Some(text) = stdin {
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("finishes")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn json_output_has_the_amounts_in_cents_and_the_trace() {
    let o = run(&["bereken", "examples/alleenstaande.json", "--datum", "2026-03-01", "--formaat", "json"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    assert_eq!(v["norm"], 140_150);
    assert_eq!(v["vakantietoeslag"], 6_727);
    assert_eq!(v["inkomsten_in_mindering"], 0);
    assert_eq!(v["vrijlating"], 0);
    assert_eq!(v["uitkering"], 133_423);
    assert_eq!(v["uitleg"]["regel"], "uitkering");
    assert!(v["uitleg"]["stappen"].as_array().is_some_and(|s| !s.is_empty()));
}

#[test]
fn text_output_in_dutch_and_english() {
    let nl = run(&["bereken", "examples/alleenstaande.json", "--datum", "2026-03-01"], None);
    assert!(nl.status.success());
    let text = String::from_utf8_lossy(&nl.stdout);
    assert!(text.contains("Uitkering per maand"), "{text}");
    assert!(text.contains("€ 1.334,23"), "{text}");
    let en = run(&["bereken", "examples/alleenstaande.json", "--datum", "2026-03-01", "--taal", "en"], None);
    let text = String::from_utf8_lossy(&en.stdout);
    assert!(text.contains("Paid per month"), "{text}");
    assert!(text.contains("€1,334.23"), "{text}");
}

#[test]
fn reads_stdin() {
    let o = run(
        &["bereken", "-", "--datum", "2026-03-01", "--formaat", "json"],
        Some(r#"{"aanvrager": {"geboortedatum": "1980-01-01"}}"#),
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn bad_input_names_the_field_in_both_languages_and_exits_2() {
    let cases: &[(&[&str], Option<&str>, &str)] = &[
        (&["bereken", "-", "--datum", "2026-03-01"], Some("{\"aanvrager\": "), "(bestand)"),
        (
            &["bereken", "-", "--datum", "2026-03-01"],
            Some(r#"{"aanvrager": {"geboortedatum": "1990-02-30"}}"#),
            "aanvrager.geboortedatum",
        ),
        (
            &["bereken", "-", "--datum", "2026-03-01"],
            Some(
                r#"{"aanvrager": {"geboortedatum": "1990-02-10", "inkomsten": [{"soort": "arbeid", "netto_per_maand_cent": -100, "ingangsdatum": "2026-01-01"}]}}"#,
            ),
            "aanvrager.inkomsten[0].netto_per_maand_cent",
        ),
        (
            &["bereken", "-", "--datum", "2026-03-01"],
            Some(
                r#"{"aanvrager": {"geboortedatum": "1990-02-10"}, "kinderen": [{"geboortedatum": "2020-01-01", "studie": "hbo"}]}"#,
            ),
            "kinderen[0].studie",
        ),
        (
            &["bereken", "-", "--datum", "2026-03-01"],
            Some(r#"{"partner": {"geboortedatum": "1990-02-10"}}"#),
            "aanvrager",
        ),
        (&["bereken", "examples/alleenstaande.json", "--datum", "2024-12-31"], None, "datum"),
        (&["bereken", "examples/alleenstaande.json", "--datum", "2026-13-01"], None, "--datum"),
    ];
    for (args, stdin, field) in cases {
        let o = run(args, *stdin);
        assert_eq!(o.status.code(), Some(2), "{args:?} {stdin:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(&format!("Veld `{field}`")), "{field}: {err}");
        assert!(err.contains(&format!("Field `{field}`")), "{field}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(o.stdout.is_empty(), "nothing half-written on stdout");
    }
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let o = run(&["bereken", "bestaat-niet.json"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("Kan bestaat-niet.json niet lezen") && err.contains("Cannot read"), "{err}");
}

#[test]
fn a_package_changes_the_calculation_and_says_so() {
    let args = ["bereken", "examples/vader-met-uitzendwerk.json", "--datum", "2026-03-01", "--formaat", "json"];
    let base = run(&args, None);
    assert!(base.status.success(), "{}", stderr(&base));
    let base: serde_json::Value = serde_json::from_slice(&base.stdout).expect("JSON");
    assert!(base.get("pakket").is_none(), "the base calculation has no package keys");
    assert_eq!(base["bijstand"], 105_150); // 1401.50 − 400.00 + 12.5 % vrijlating (r) 50.00

    let o = run(&[&args[..], &["--pakket", "bijverdienen-en-investeren"]].concat(), None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["pakket"], "bijverdienen-en-investeren");
    assert_eq!(v["vrijlating"], 40_000);
    assert_eq!(v["korting_pakket"], 5_000);
    assert_eq!(v["uitstroompremie_opgebouwd"], 5_000);
    assert_eq!(v["bijstand"], 135_150);
}

#[test]
fn packages_are_listed_and_unknown_ones_refused() {
    let o = run(&["pakketten"], None);
    assert!(o.status.success());
    let list = String::from_utf8_lossy(&o.stdout);
    for id in ["basis", "kosten-delen", "bijverdienen-en-investeren", "dicht-op-de-huid", "de-plek"] {
        assert!(list.contains(id), "{id} in {list}");
    }
    let o = run(&["bereken", "examples/alleenstaande.json", "--pakket", "gratis-geld"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Veld `pakket`") && stderr(&o).contains("Field `pakket`"), "{}", stderr(&o));
}

#[test]
fn a_municipality_runs_its_own_package_file() {
    let dir = std::env::temp_dir().join(format!("ademruimte-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = dir.join("halve-vrijlating.toml");
    std::fs::write(
        &good,
        r#"naam = "Halve vrijlating"
naam_en = "Half disregard"
omschrijving = "U houdt de helft van uw loon."
omschrijving_en = "You keep half your wages."
[grondslag]
bron = "Besluit college"
status = "voorbeeld"
opmerking = "Test."
[vrijlating_arbeid]
percentage = "50"
[vrijlating_arbeid.bron]
bron = "Besluit college"
status = "voorbeeld"
opmerking = "Test."
"#,
    )
    .expect("write");
    let good = good.to_string_lossy().into_owned();
    let o = run(
        &[
            "bereken",
            "examples/vader-met-uitzendwerk.json",
            "--datum",
            "2026-03-01",
            "--formaat",
            "json",
            "--pakket",
            &good,
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["pakket"], "halve-vrijlating");
    assert_eq!(v["vrijlating"], 20_000);

    let bad = dir.join("kapot.toml");
    std::fs::write(&bad, "naam = 3\n").expect("write");
    let o = run(&["bereken", "examples/alleenstaande.json", "--pakket", &bad.to_string_lossy()], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("kapot.toml"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn loont_werken_compares_packages_in_text_json_and_svg() {
    let base = [
        "loont-werken",
        "examples/alleenstaande.json",
        "--uurloon",
        "14,50",
        "--uren",
        "20",
        "--huur",
        "650",
        "--datum",
        "2026-03-01",
    ];
    let o = run(&base, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Loont werken?") && text.contains("Bijverdienen en investeren"), "{text}");

    let o = run(&[&base[..], &["--formaat", "json", "--pakketten", "basis,bijverdienen-en-investeren"]].concat(), None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let packages = v["pakketten"].as_array().expect("list");
    assert_eq!(packages.len(), 2);
    assert_eq!(packages[0]["pakket"], "basis");
    assert_eq!(packages[0]["curve"].as_array().expect("curve").len(), 41);
    // Bijstand of a single person without work: the 21.a norm.
    assert_eq!(packages[0]["nu"]["bijstand"], 140_150);
    assert_eq!(packages[1]["nu"]["bijstand"], 135_150);

    let o = run(&[&base[..], &["--formaat", "svg", "--taal", "en"]].concat(), None);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = String::from_utf8_lossy(&o.stdout);
    assert!(svg.starts_with("<svg") && svg.contains("Does work pay?"));

    let o = run(&["loont-werken", "examples/alleenstaande.json", "--uurloon", "veertien"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--uurloon"), "{}", stderr(&o));
}

#[test]
fn simuleer_writes_the_report_and_reads_its_own_population_back() {
    let dir = std::env::temp_dir().join(format!("ademruimte-simuleer-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let personen = dir.join("personen.csv");
    let uitkomsten = dir.join("uitkomsten.csv");
    let o = run(
        &[
            "simuleer",
            "--huishoudens",
            "400",
            "--seed",
            "7",
            "--datum",
            "2026-11-01",
            "--uitvoer",
            dir.to_str().expect("utf-8"),
            "--export-personen",
            personen.to_str().expect("utf-8"),
            "--export-uitkomsten",
            uitkomsten.to_str().expect("utf-8"),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Simulatie Groningen op 2026-11-01 — 400 huishoudens"), "{text}");
    assert!(text.contains("bijverdienen-en-investeren"));
    for name in ["rapport.txt", "rapport.csv", "kosten.svg", "meting.json"] {
        assert!(dir.join(name).exists(), "{name}");
    }
    let meting: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meting.json")).expect("read")).expect("JSON");
    assert_eq!(meting["huishoudens"], 400);
    assert_eq!(meting["varianten"], 11);
    let rows = std::fs::read_to_string(&uitkomsten).expect("read");
    assert_eq!(rows.lines().count(), 1 + 400 * 11);

    // The exported persons read back give the same amounts.
    let again = dir.join("opnieuw.csv");
    let o = run(
        &[
            "simuleer",
            "--populatie",
            personen.to_str().expect("utf-8"),
            "--datum",
            "2026-11-01",
            "--export-uitkomsten",
            again.to_str().expect("utf-8"),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&again).expect("read"), rows);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn simuleer_refuses_bad_input_with_a_clear_message() {
    for (args, field) in [
        (vec!["simuleer", "--huishoudens", "0", "--datum", "2026-11-01"], "--huishoudens"),
        (vec!["simuleer", "--varianten", "basis,bestaat-niet", "--datum", "2026-11-01"], "bestaat-niet"),
        (vec!["simuleer", "--werkloon", "veel", "--datum", "2026-11-01"], "--werkloon"),
        (vec!["simuleer", "--gemeente", "atlantis", "--datum", "2026-11-01"], "atlantis"),
        (vec!["simuleer", "--populatie", "README.md", "--datum", "2026-11-01"], "kopregel"),
        (vec!["simuleer", "--datum", "2027-03-01"], "datum"),
    ] {
        let o = run(&args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(field), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "nothing half-written on stdout for {args:?}");
    }
}

#[test]
fn munt_keeps_its_books_across_processes() {
    let dir = std::env::temp_dir().join(format!("ademruimte-munt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = format!("sqlite://{}", dir.join("munt.db").display());
    let munt = |args: &[&str]| {
        let mut all = vec!["munt", "--database", db.as_str(), "--datum", "2026-11-23"];
        all.extend_from_slice(args);
        run(&all, None)
    };
    for args in [
        &["rekening-openen", "--rekening", "1001", "--soort", "bewoner", "--eigenaar", "1"][..],
        &["rekening-openen", "--rekening", "2001", "--soort", "ondernemer", "--eigenaar", "2"],
        &["uitgeven", "--naar", "1001", "--bedrag", "100", "--id", "a1"],
        &["betalen", "--van", "1001", "--naar", "2001", "--bedrag", "12,50", "--id", "b2"],
        // A retry of the same payment (say after a time-out) books nothing new.
        &["betalen", "--van", "1001", "--naar", "2001", "--bedrag", "12,50", "--id", "b2"],
    ] {
        let o = munt(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let o = munt(&["--formaat", "json", "afschrift", "--rekening", "2001"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["rekening"]["balance"], 1_250);
    assert_eq!(v["boekingen"].as_array().map(Vec::len), Some(1));
    // Same id, other amount: refused with a message in both languages, exit 2.
    let o = munt(&["betalen", "--van", "1001", "--naar", "2001", "--bedrag", "13", "--id", "b2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Geweigerd") && stderr(&o).contains("Refused"), "{}", stderr(&o));
    // Too much: refused, nothing booked.
    let o = munt(&["betalen", "--van", "1001", "--naar", "2001", "--bedrag", "1000", "--id", "c3"]);
    assert_eq!(o.status.code(), Some(2));
    let o = munt(&["--formaat", "json", "rapport"]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(r["issued"], 10_000);
    assert_eq!(r["circulation"], 10_000);
    // Bad input names the field.
    let o = munt(&["betalen", "--van", "1001", "--naar", "2001", "--bedrag", "twaalf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--bedrag"), "{}", stderr(&o));
    let o = run(&["munt", "--database", "mysql://x", "rapport"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--database"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reservekopie_makes_a_checked_copy_that_holds_the_same_books() {
    let dir = std::env::temp_dir().join(format!("ademruimte-kopie-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let source = format!("sqlite://{}", dir.join("bron.db").display());
    let munt = |db: &str, args: &[&str]| {
        let mut all = vec!["munt", "--database", db, "--datum", "2026-11-23"];
        all.extend_from_slice(args);
        run(&all, None)
    };
    for args in [
        &["rekening-openen", "--rekening", "1001", "--soort", "bewoner", "--eigenaar", "1"][..],
        &["rekening-openen", "--rekening", "2001", "--soort", "ondernemer", "--eigenaar", "2"],
        &["uitgeven", "--naar", "1001", "--bedrag", "100", "--id", "a1"],
        &["betalen", "--van", "1001", "--naar", "2001", "--bedrag", "12,50", "--id", "b2"],
    ] {
        let o = munt(&source, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let target = dir.join("kopie.db");
    let target_text = target.to_str().expect("utf-8 path");
    let o = run(&["reservekopie", "--database", &source, "--naar", target_text], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("gecontroleerd") && out.contains("munt_commando"), "{out}");
    // The copy is a database of its own with the same statement.
    let copy = format!("sqlite://{target_text}");
    let statement = |db: &str| {
        let o = munt(db, &["--formaat", "json", "afschrift", "--rekening", "2001"]);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("JSON")
    };
    assert_eq!(statement(&source), statement(&copy));
    assert_eq!(statement(&copy)["rekening"]["balance"], 1_250);
    // Never over an existing file.
    let o = run(&["reservekopie", "--database", &source, "--naar", target_text], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bestaat al") && stderr(&o).contains("already exists"), "{}", stderr(&o));
    // A source that cannot be opened: an error, and no half-made copy left behind.
    let missing_dir = dir.join("bestaat-niet").join("x.db");
    let other = dir.join("kopie2.db");
    let o = run(
        &[
            "reservekopie",
            "--database",
            &format!("sqlite://{}?mode=ro", missing_dir.display()),
            "--naar",
            other.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("Reservekopie mislukt"), "{}", stderr(&o));
    assert!(!other.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_checks_the_openid_connect_options_before_it_listens() {
    let secret = "geheim-dat-nergens-mag-staan";
    let oidc = |issuer: &'static str, redirect: &'static str| {
        vec![
            "--oidc-issuer",
            issuer,
            "--oidc-client-id",
            "ademruimte",
            "--oidc-client-secret",
            secret,
            "--oidc-redirect-url",
            redirect,
        ]
    };
    let good = oidc("https://login.gemeente.example/realms/x", "https://ademruimte.example/inloggen/oidc/terug");
    // Incomplete: clap names what is missing.
    let o = run(&["serve", "--adres", "127.0.0.1:0", "--oidc-issuer", "https://login.gemeente.example"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--oidc-client-id"), "{}", stderr(&o));
    // The links are kept in the database, so there must be one.
    let o = run(&[&["serve", "--adres", "127.0.0.1:0"][..], &good].concat(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--oidc-issuer needs --database"), "{}", stderr(&o));
    // Plain http to another machine, or a callback elsewhere: refused before anything starts.
    let db = format!("sqlite://{}", std::env::temp_dir().join(format!("cli-oidc-{}.db", std::process::id())).display());
    for (issuer, redirect, says) in [
        ("http://login.gemeente.example", "https://ademruimte.example/inloggen/oidc/terug", "https address"),
        ("https://login.gemeente.example", "https://ademruimte.example/elders", "must end in /inloggen/oidc/terug"),
    ] {
        let o =
            run(&[&["serve", "--adres", "127.0.0.1:0", "--database", &db][..], &oidc(issuer, redirect)].concat(), None);
        assert_eq!(o.status.code(), Some(2), "{issuer} {redirect}");
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        assert!(!stderr(&o).contains(secret) && !String::from_utf8_lossy(&o.stdout).contains(secret));
    }
}

#[test]
fn reservekopie_while_payments_go_on_is_a_consistent_moment() {
    let dir = std::env::temp_dir().join(format!("ademruimte-kopie-druk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let source = format!("sqlite://{}", dir.join("bron.db").display());
    let munt = |db: &str, args: &[&str]| {
        let mut all = vec!["munt", "--database", db, "--datum", "2026-11-23"];
        all.extend_from_slice(args);
        run(&all, None)
    };
    for args in [
        &["rekening-openen", "--rekening", "1001", "--soort", "bewoner", "--eigenaar", "1"][..],
        &["rekening-openen", "--rekening", "2001", "--soort", "ondernemer", "--eigenaar", "2"],
        &["uitgeven", "--naar", "1001", "--bedrag", "100", "--id", "a1"],
    ] {
        assert!(munt(&source, args).status.success());
    }
    // Payments of 1 unit each in another thread, while three copies are made.
    let payer = {
        let source = source.clone();
        std::thread::spawn(move || {
            for i in 0..40 {
                let id = format!("f{i:x}");
                let o = munt(&source, &["betalen", "--van", "1001", "--naar", "2001", "--bedrag", "0,01", "--id", &id]);
                assert!(o.status.success(), "{}", stderr(&o));
            }
        })
    };
    let mut balances = Vec::new();
    for k in 0..3 {
        let target = dir.join(format!("kopie-{k}.db"));
        let o = run(&["reservekopie", "--database", &source, "--naar", target.to_str().expect("utf-8")], None);
        assert!(o.status.success(), "copy {k}: {}", stderr(&o));
        let copy = format!("sqlite://{}", target.display());
        let o = munt(&copy, &["--formaat", "json", "afschrift", "--rekening", "2001"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        let balance = v["rekening"]["balance"].as_i64().expect("balance");
        // Each copy is one moment: the books balance (what 2001 got left 1001).
        let o = munt(&copy, &["--formaat", "json", "afschrift", "--rekening", "1001"]);
        let payer_side: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(payer_side["rekening"]["balance"].as_i64().expect("balance") + balance, 10_000);
        balances.push(balance);
    }
    payer.join().expect("payments done");
    assert!(balances.windows(2).all(|w| w[0] <= w[1]), "later copies hold at least as much: {balances:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_refuses_a_ladder_file_that_is_not_a_ladder_before_it_listens() {
    let dir = std::env::temp_dir().join(format!("cli-ladder-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    // Missing file: named, both languages.
    let missing = dir.join("bestaat-niet.toml");
    let o = run(&["serve", "--adres", "127.0.0.1:0", "--ladder", missing.to_str().expect("utf-8")], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is niet te lezen") && stderr(&o).contains("cannot read"), "{}", stderr(&o));
    // A key that is not a key: the plan crate's check names the field.
    let good = std::fs::read_to_string(root().join("crates/plan/data/participatieladder.toml")).expect("ladder");
    let broken = good.replacen("sleutel = \"", "sleutel = \"Niet Geldig ", 1);
    let file = dir.join("kapot.toml");
    std::fs::write(&file, broken).expect("write");
    let o = run(&["serve", "--adres", "127.0.0.1:0", "--ladder", file.to_str().expect("utf-8")], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is geen geldige ladder") && stderr(&o).contains("is not a valid ladder"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("sleutel"), "the field is named: {}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn serve_wants_a_research_key_of_its_own() {
    let dir = std::env::temp_dir().join(format!("cli-sleutels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let db = format!("sqlite://{}/s.db", dir.display());
    let serve = |log: &str, research: &str| {
        Command::new(env!("CARGO_BIN_EXE_ademruimte"))
            .args(["serve", "--adres", "127.0.0.1:0", "--database", &db])
            .env("ADEMRUIMTE_LOGBOEK_SLEUTEL", log)
            .env("ADEMRUIMTE_ONDERZOEK_SLEUTEL", research)
            .output()
            .expect("runs")
    };
    let key = "een-sleutel-van-ruim-tweeendertig-tekens-lang";
    let o = serve(key, key);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains("is gelijk aan ADEMRUIMTE_LOGBOEK_SLEUTEL") && err.contains("choose a key of its own"),
        "{err}"
    );
    let o = serve(key, "kort");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(err.contains("ADEMRUIMTE_ONDERZOEK_SLEUTEL is te kort") && err.contains("is too short"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
