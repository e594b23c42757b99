//! Any bytes as a household file: the parser and the calculation (base and
//! policy variants) must never panic, and every successful calculation keeps
//! its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regels::{Lang, input, render};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(household) = input::parse_household(text) else { return };
    // Spread calculation dates over the years we have parameters for.
    let day = jiff::civil::date(2025, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(data.len() as u16 % 1100)))
        .expect("in range");
    if let Ok(outcome) = regels::calculate_embedded(&household, day) {
        assert!(outcome.payable.get() >= 0);
        assert_eq!(outcome.payable.get() + outcome.holiday_allowance.get(), outcome.bijstand.get());
        assert!(outcome.disregard <= outcome.income_counted);
        let _ = render::to_text(&outcome, Lang::Nl);
        let _ = render::to_json(&outcome, Lang::En);
    }
    // The same household under one of the policy variants (chosen by the
    // input), which must keep the same invariants.
    let (Ok(sets), Ok(variants)) = (regels::ParameterSets::embedded(), regels::Variant::embedded()) else { return };
    let Ok(params) = sets.for_date(day) else { return };
    let variant = &variants[data.len() % variants.len()];
    if let Ok(outcome) = regels::calculate_variant(&household, day, params, variant) {
        assert!(outcome.payable.get() >= 0 && outcome.bijstand <= outcome.norm);
        assert_eq!(outcome.payable.get() + outcome.holiday_allowance.get(), outcome.bijstand.get());
        assert!(outcome.disregard <= outcome.income_counted);
        let _ = render::to_text(&outcome, Lang::En);
    }
});
