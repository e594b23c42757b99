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
