//! Snapshot tests of the explanations, for every household in `examples/`.
//!
//! A change in wording or in the calculation shows up here as a diff that a
//! reviewer reads as a resident would (`cargo insta review`).

use jiff::civil::date;
use regels::{Lang, input, render};

fn examples() -> Vec<(String, String)> {
    let dir = format!("{}/../../examples", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("examples/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("readable"))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 4, "examples/ holds the documented example households");
    out
}

#[test]
fn explanations_of_the_examples() {
    let day = date(2026, 3, 1);
    for (name, text) in examples() {
        let household = input::parse_household(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let outcome = regels::calculate_embedded(&household, day).unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::assert_snapshot!(format!("{name}.nl"), render::to_text(&outcome, Lang::Nl));
        insta::assert_snapshot!(format!("{name}.en"), render::to_text(&outcome, Lang::En));
        insta::assert_json_snapshot!(format!("{name}.json"), render::to_json(&outcome, Lang::Nl));
    }
}

/// Two seed examples under the package they illustrate.
#[test]
fn explanations_with_a_package() {
    let day = date(2026, 3, 1);
    let params = regels::ParameterSets::embedded().expect("parameters").for_date(day).expect("in force");
    for (name, package) in
        [("vader-met-uitzendwerk", "bijverdienen-en-investeren"), ("moeder-deelt-kosten-met-zus", "kosten-delen")]
    {
        let text = examples().into_iter().find(|(n, _)| n == name).expect("example exists").1;
        let household = input::parse_household(&text).expect("parses");
        let variant = regels::Variant::by_id(package).expect("shipped");
        let outcome = regels::calculate_variant(&household, day, params, variant).expect("calculates");
        insta::assert_snapshot!(format!("{name}.{package}.nl"), render::to_text(&outcome, Lang::Nl));
        insta::assert_snapshot!(format!("{name}.{package}.en"), render::to_text(&outcome, Lang::En));
        insta::assert_json_snapshot!(format!("{name}.{package}.json"), render::to_json(&outcome, Lang::Nl));
    }
}

#[test]
fn examples_follow_the_schema() {
    let schema_path = format!("{}/../../schemas/huishouden.schema.json", env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for (name, text) in examples() {
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    // The schema and the parser agree on what is refused.
    let bad = [
        r#"{"aanvrager": {}}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01", "onbekend": 1}}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01", "inkomsten": [{"soort": "loon", "netto_per_maand_cent": 1, "ingangsdatum": "2026-01-01"}]}}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01", "inkomsten": [{"soort": "arbeid", "netto_per_maand_cent": -1, "ingangsdatum": "2026-01-01"}]}}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01"}, "medebewoners": [{"geboortedatum": "1990-01-01"}]}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01"}, "maatregel": {"categorie": 0, "ingangsdatum": "2026-01-01"}}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01"}, "maatregel": {"categorie": 1}}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01", "aftrek_samenwerking_cent": -5}}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01"}, "medebewoners": [{"geboortedatum": "1990-01-01", "relatie": "geen", "kosten_delen_sinds": 5}]}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01", "inkomsten": [{"soort": "uitkering", "netto_per_maand_cent": 1, "ingangsdatum": "2026-01-01", "uren_per_week": 20}]}}"#,
        r#"{"aanvrager": {"geboortedatum": "1990-01-01", "inkomsten": [{"soort": "arbeid", "netto_per_maand_cent": 1, "ingangsdatum": "2026-01-01", "uren_per_week": 80.5}]}}"#,
    ];
    // Hours with work, with one decimal, are accepted by both (also where 0.1 has no exact binary form).
    for hours in ["0", "0.1", "7.7", "20.3", "20.5", "33.3", "79.9", "80"] {
        let good = format!(
            r#"{{"aanvrager": {{"geboortedatum": "1990-01-01", "inkomsten": [{{"soort": "arbeid", "netto_per_maand_cent": 1, "ingangsdatum": "2026-01-01", "uren_per_week": {hours}}}]}}}}"#
        );
        let value: serde_json::Value = serde_json::from_str(&good).expect("JSON");
        assert!(validator.is_valid(&value), "schema refuses {good}");
        assert!(input::parse_household(&good).is_ok(), "parser refuses {good}");
    }
    for text in bad {
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        assert!(!validator.is_valid(&value), "schema accepts {text}");
        assert!(input::parse_household(text).is_err(), "parser accepts {text}");
    }
}
