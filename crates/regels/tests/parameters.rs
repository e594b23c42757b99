//! The parameter files against the law.
//!
//! Every value marked `status = "wettekst"` must appear verbatim in the lid
//! its `artikel` names, in the consolidated text under `wetten/` for the same
//! date, and its URL must be that lid's URL. This is what "traceable to the
//! article of law" means in a test.

use std::collections::HashMap;

use jiff::civil::date;
use regels::params::{ParameterSets, embedded_files, parse_parameter_file};
use regels::{BasisPoints, Cents, Problem};
use serde::Deserialize;

#[derive(Deserialize)]
struct LawFile {
    valid_from: String,
    articles: Vec<Lid>,
}

#[derive(Deserialize)]
struct Lid {
    number: String,
    text: String,
    url: String,
}

fn law_text(valid_from: &str) -> Option<HashMap<String, Lid>> {
    let path = format!("{}/../../wetten/participatiewet/{valid_from}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).ok()?;
    let file: LawFile = serde_yaml_ng::from_str(&text).expect("wetten file parses");
    assert_eq!(file.valid_from, valid_from);
    Some(file.articles.into_iter().map(|l| (l.number.clone(), l)).collect())
}

fn dutch_months(n: i64) -> Vec<String> {
    let words =
        ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"];
    let mut out = vec![format!("{n} maanden")];
    if let Some(w) = usize::try_from(n).ok().and_then(|i| words.get(i)) {
        out.push(format!("{w} maanden"));
    }
    out
}

/// Walks a parameter file and yields (key path, entry table).
fn entries<'a>(prefix: &str, table: &'a toml::Table, out: &mut Vec<(String, &'a toml::Table)>) {
    for (key, value) in table {
        if let toml::Value::Table(t) = value {
            let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
            if t.contains_key("artikel") {
                out.push((path, t));
            } else {
                entries(&path, t, out);
            }
        }
    }
}

#[test]
fn every_embedded_file_parses_and_sets_are_ordered() {
    let sets = ParameterSets::embedded().expect("embedded parameters are valid");
    let dates: Vec<_> = sets.all().iter().map(|s| s.valid_from).collect();
    assert_eq!(dates, vec![date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1), date(2026, 7, 1)]);
}

#[test]
fn the_version_in_force_is_picked_by_date() {
    let sets = ParameterSets::embedded().expect("valid");
    assert_eq!(sets.for_date(date(2025, 1, 1)).expect("in range").valid_from, date(2025, 1, 1));
    assert_eq!(sets.for_date(date(2025, 6, 30)).expect("in range").valid_from, date(2025, 1, 1));
    assert_eq!(sets.for_date(date(2025, 7, 1)).expect("in range").valid_from, date(2025, 7, 1));
    assert_eq!(sets.for_date(date(2025, 12, 31)).expect("in range").valid_from, date(2025, 7, 1));
    assert_eq!(sets.for_date(date(2026, 1, 1)).expect("in range").valid_from, date(2026, 1, 1));
    assert_eq!(sets.for_date(date(2026, 6, 30)).expect("in range").valid_from, date(2026, 1, 1));
    assert_eq!(sets.for_date(date(2026, 7, 1)).expect("in range").valid_from, date(2026, 7, 1));
    assert_eq!(sets.for_date(date(2026, 12, 31)).expect("in range").valid_from, date(2026, 7, 1));
    // The norms change again when the net minimum wage does (art. 38 lid 1), on
    // 2027-01-01; those amounts are not here yet: refuse rather than compute
    // with old norms.
    let err = sets.for_date(date(2027, 1, 1)).expect_err("after the known change");
    assert_eq!(err.field, "datum");
    assert_eq!(err.problem, Problem::AfterLatestParameters { until: date(2026, 12, 31) });
    assert!(err.message_nl().contains("nieuwe bedragen"));
    let err = sets.for_date(date(2024, 12, 31)).expect_err("before the first set");
    assert_eq!(err.field, "datum");
    assert_eq!(err.problem, Problem::BeforeEarliestParameters { earliest: date(2025, 1, 1) });
}

#[test]
fn every_wettekst_value_stands_in_the_law_text() {
    let mut checked = 0;
    for (name, text) in embedded_files() {
        let valid_from = name.trim_end_matches(".toml");
        let Some(law) = law_text(valid_from) else {
            panic!("no law text in wetten/participatiewet/{valid_from}.yaml to check {name} against");
        };
        let table: toml::Table = toml::from_str(text).expect("toml");
        let mut found = Vec::new();
        entries("", &table, &mut found);
        assert!(found.len() >= 23, "{name}: expected all parameters, found {}", found.len());
        // A lid that exists in this version of the law has its parameter, and
        // a parameter never cites a lid the version lacks (20.3 and 22a.4 are
        // new on 2026-01-01).
        for lid in ["20.3", "22a.4"] {
            let cited = found.iter().any(|(_, e)| e.get("artikel").and_then(|v| v.as_str()) == Some(lid));
            assert_eq!(cited, law.contains_key(lid), "{name}: lid {lid} in law text vs parameter file");
        }
        for (key, entry) in found {
            let status = entry.get("status").and_then(|v| v.as_str()).unwrap_or("wettekst");
            let wet = entry.get("wet").and_then(|v| v.as_str()).unwrap_or("Participatiewet");
            if status != "wettekst" || wet != "Participatiewet" {
                let note = entry.get("opmerking").and_then(|v| v.as_str()).unwrap_or("");
                assert!(note.len() > 20, "{name} {key}: a value not read in the law text explains why");
                continue;
            }
            let article = entry["artikel"].as_str().expect("artikel");
            let lid = law.get(article).unwrap_or_else(|| panic!("{name} {key}: no lid {article} in the law text"));
            assert_eq!(entry["url"].as_str(), Some(lid.url.as_str()), "{name} {key}: url of {article}");
            let mut expect = Vec::new();
            for field in ["bedrag", "maximum"] {
                if let Some(v) = entry.get(field).and_then(|v| v.as_str()) {
                    let cents = Cents::parse_euros(v).expect("euro amount");
                    expect.push(vec![cents.display_nl()]);
                }
            }
            if let Some(v) = entry.get("percentage").and_then(|v| v.as_str()) {
                let bp = BasisPoints::parse_percent(v).expect("percentage");
                expect.push(vec![format!("{} procent", bp.display_nl().trim_end_matches('%'))]);
            }
            if let Some(v) = entry.get("jaren").and_then(|v| v.as_integer()) {
                expect.push(vec![format!("{v} jaar")]);
            }
            if let Some(v) = entry.get("maanden").and_then(|v| v.as_integer()) {
                expect.push(dutch_months(v));
            }
            let flat = lid.text.split_whitespace().collect::<Vec<_>>().join(" ");
            for alternatives in expect {
                assert!(
                    alternatives.iter().any(|a| flat.contains(a.as_str())),
                    "{name} {key}: {alternatives:?} not found in lid {article}: {flat}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 60, "only {checked} values were checked against the law text");
}

#[test]
fn a_broken_file_names_the_key() {
    let (_, text) = embedded_files()[2];
    let broken = text.replacen("bedrag = \"345.99\"", "bedrag = \"345,99\"", 1);
    let err = parse_parameter_file("2026-01-01.toml", &broken).expect_err("comma is not accepted");
    assert!(err.field.contains("norm.alleenstaande_18_20"), "{}", err.field);

    let misspelt = text.replacen("[vakantietoeslag]", "[vakantie_toeslag]", 1);
    assert!(parse_parameter_file("2026-01-01.toml", &misspelt).is_err(), "unknown keys are refused");

    let unsourced = text.replacen(
        "url = \"https://wetten.overheid.nl/BWBR0015703/2026-01-01#Artikel21\"",
        "url = \"https://example.com/\"",
        1,
    );
    assert!(parse_parameter_file("2026-01-01.toml", &unsourced).is_err(), "sources must be on wetten.overheid.nl");
}
