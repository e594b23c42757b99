//! The parameter files: every value present, every source filled in, and
//! the values of the law text consistent with each other.

use inkomen::params::{ParameterSets, embedded_files, parse_parameter_file};
use jiff::civil::date;
use regels::params::SourceStatus;
use regels::{Cents, Problem};

#[test]
fn embedded_files_parse_and_cover_2026() {
    let sets = ParameterSets::embedded().expect("embedded parameters parse");
    let set = sets.for_date(date(2026, 7, 1)).expect("2026");
    assert_eq!(set.valid_from, date(2026, 1, 1));
    assert_eq!(set.valid_until, date(2026, 12, 31));
    assert!(sets.for_date(date(2025, 12, 31)).is_err());
    assert!(sets.for_date(date(2027, 1, 1)).is_err());
}

/// Every entry has wet, artikel and a wetten.overheid.nl url; anything not
/// read in the law text says where it comes from.
#[test]
fn every_entry_has_a_source() {
    for (name, text) in embedded_files() {
        let table: toml::Table = toml::from_str(text).expect("toml");
        let mut count = 0;
        for (section, value) in &table {
            let Some(items) = value.as_table() else { continue };
            for (key, entry) in items {
                let e = entry.as_table().expect("entry is a table");
                let get = |k: &str| e.get(k).and_then(|v| v.as_str()).unwrap_or("");
                assert!(!get("wet").is_empty(), "{name}: {section}.{key} wet");
                assert!(!get("artikel").is_empty(), "{name}: {section}.{key} artikel");
                assert!(get("url").starts_with("https://wetten.overheid.nl/BWBR"), "{name}: {section}.{key} url");
                let status = get("status");
                assert!(matches!(status, "" | "wettekst" | "secundair" | "afgeleid"), "{section}.{key}");
                if !status.is_empty() && status != "wettekst" {
                    assert!(get("opmerking").len() > 20, "{name}: {section}.{key} needs an opmerking");
                }
                count += 1;
            }
        }
        assert!(count >= 80, "{name}: {count} entries");
    }
}

/// Values the law text gives twice must agree, and the combined first-bracket
/// rate must be the 35,75% the Belastingdienst publishes (17,85% at AOW age).
#[test]
fn values_agree_with_each_other() {
    let set = ParameterSets::embedded().expect("params").for_date(date(2026, 1, 1)).expect("2026");
    let t = &set.income_tax;
    let pr = &set.premiums;
    let combined = t.rate_1.value.get() + pr.aow.value.get() + pr.anw.value.get() + pr.wlz.value.get();
    assert_eq!(combined, 35_750);
    assert_eq!(combined - pr.aow.value.get(), 17_850);
    assert_eq!(pr.max_income.value, t.limit_1.value);
    // Column III of art. 2.10 is the tax over the lower brackets, rounded down to euros.
    let col3 = |rate: i64, width: Cents| width.get() * rate / 100_000 / 100 * 100;
    assert_eq!(t.tax_at_limit_1.value.get(), col3(t.rate_1.value.get(), t.limit_1.value));
    let second = Cents::new(t.limit_2.value.get() - t.limit_1.value.get());
    assert_eq!(
        t.tax_at_limit_2.value.get(),
        (t.tax_at_limit_1.value.get() + second.get() * t.rate_2.value.get() / 100_000) / 100 * 100
    );
    // The drempelinkomen is one definition in two laws.
    assert_eq!(set.health.threshold_income.value, set.child_budget.threshold_income.value);
    // Partners' KGB threshold as Dienst Toeslagen publishes it: € 39.141.
    assert_eq!(
        set.child_budget.threshold_income.value.get() + set.child_budget.partner_threshold_extra.value.get(),
        3_914_100
    );
    // Kinderbijslag: 70% and 85% of the basic amount (AKW art. 12).
    let b = &set.child_benefit;
    assert_eq!(b.from_12.value.mul_ratio_round_half_up(70, 100), b.below_6.value);
    assert_eq!(b.from_12.value.mul_ratio_round_half_up(85, 100), b.from_6.value);
    assert_eq!(set.credits.aow_share.status, SourceStatus::Afgeleid);
}

#[test]
fn bad_files_are_refused_with_the_key() {
    let (name, text) = embedded_files()[0];
    let cases = [
        (text.replace("bedrag = \"3115.00\"", "bedrag = \"3115\""), "heffingskorting.algemene_maximum"),
        (text.replace("percentage = \"8.324\"", "percentage = \"8,324\""), "heffingskorting.arbeid_a_percentage"),
        (text.replace("[kinderbijslag.jonger_dan_6]", "[kinderbijslag.jonger_dan_zes]"), "kinderbijslag.jonger_dan_"),
        (
            text.replace(
                "url = \"https://wetten.overheid.nl/BWBR0018451/2026-01-01#Artikel4\"",
                "url = \"https://example.org\"",
            ),
            "zorgtoeslag.standaardpremie",
        ),
    ];
    for (bad, key) in cases {
        let err = parse_parameter_file(name, &bad).expect_err(key);
        assert!(err.field.contains(key), "{key}: {}", err.field);
        assert!(matches!(err.problem, Problem::Parameter(_)));
    }
}
