//! Renderings of an [`Outcome`]: JSON for machines, text for people.

use serde_json::json;

use crate::calc::Outcome;
use crate::explain::{Lang, Value};
use crate::money::Cents;

/// JSON with all amounts in cents per month and the explanation tree.
pub fn to_json(outcome: &Outcome<'_>, lang: Lang) -> serde_json::Value {
    let mut out = json!({
        "datum": outcome.date.to_string(),
        "parameters_geldig_vanaf": outcome.valid_from.to_string(),
        "recht_op_bijstand": outcome.entitled,
        "eenheid": "cent per maand",
        "norm": outcome.norm.get(),
        "inkomsten": outcome.income_counted.get(),
        "vrijlating": outcome.disregard.get(),
        "inkomsten_in_mindering": outcome.income_deducted.get(),
        "bijstand": outcome.bijstand.get(),
        "vakantietoeslag": outcome.holiday_allowance.get(),
        "uitkering": outcome.payable.get(),
        "taal": match lang { Lang::Nl => "nl", Lang::En => "en" },
        "uitleg": outcome.trace.to_json(lang),
    });
    if let (Some(v), Some(obj)) = (outcome.variant, out.as_object_mut()) {
        obj.insert("pakket".into(), v.id.clone().into());
        obj.insert("pakket_naam".into(), v.name.get(lang).into());
        obj.insert("verlaging_maatregel".into(), outcome.sanction.get().into());
        obj.insert("korting_pakket".into(), outcome.package_reduction.get().into());
        obj.insert("uitstroompremie_opgebouwd".into(), outcome.exit_premium_saved.get().into());
        let split: serde_json::Map<String, serde_json::Value> =
            outcome.earnings_split.iter().map(|(to, c)| ((*to).to_owned(), c.get().into())).collect();
        obj.insert("verdeling_inkomsten".into(), split.into());
    }
    out
}

/// A summary table followed by the explanation, for a resident or caseworker.
pub fn to_text(outcome: &Outcome<'_>, lang: Lang) -> String {
    let date = Value::Date(outcome.date).render(lang);
    let from = Value::Date(outcome.valid_from).render(lang);
    let money = |c: Cents| match lang {
        Lang::Nl => c.display_nl(),
        Lang::En => c.display_en(),
    };
    let mut rows: Vec<(&str, &str, Cents)> = vec![
        ("Norm", "Norm", outcome.norm),
        ("Inkomsten", "Income", outcome.income_counted),
        ("Vrijlating (mag u houden)", "Disregard (you keep this)", outcome.disregard),
        ("Inkomsten die van de norm af gaan", "Income deducted from the norm", outcome.income_deducted),
    ];
    if outcome.sanction.get() > 0 {
        rows.push(("Verlaging door maatregel", "Reduction by sanction", outcome.sanction));
    }
    if outcome.package_reduction.get() > 0 {
        rows.push(("Korting van uw pakket", "Package reduction", outcome.package_reduction));
    }
    rows.extend([
        ("Bijstand", "Assistance", outcome.bijstand),
        ("Waarvan vakantiegeld (gespaard)", "Of which holiday allowance (saved)", outcome.holiday_allowance),
        ("Uitkering per maand", "Paid per month", outcome.payable),
    ]);
    if outcome.exit_premium_saved.get() > 0 {
        rows.push(("Gespaard voor uw uitstroompremie", "Saved for your exit premium", outcome.exit_premium_saved));
    }
    for (to, part) in &outcome.earnings_split {
        let (nl, en) = match *to {
            "deelnemer" => ("Loon voor uzelf", "Wages for yourself"),
            "de_plek" => ("Loon naar De Plek", "Wages to De Plek"),
            _ => ("Loon naar het fonds", "Wages to the fund"),
        };
        rows.push((nl, en, *part));
    }
    let mut out = match lang {
        Lang::Nl => format!("Bijstand op {date} (bedragen geldig vanaf {from})\n"),
        Lang::En => format!("Social assistance on {date} (amounts valid from {from})\n"),
    };
    match outcome.variant {
        Some(v) => {
            out.push_str(&format!("{}: {}\n\n", if lang == Lang::Nl { "Pakket" } else { "Package" }, v.name.get(lang)))
        }
        None => out.push('\n'),
    }
    let width = rows
        .iter()
        .map(|(nl, en, _)| if lang == Lang::Nl { nl.chars().count() } else { en.chars().count() })
        .max()
        .unwrap_or(0);
    let amount_width = rows.iter().map(|(_, _, c)| money(*c).chars().count()).max().unwrap_or(0);
    for &(nl, en, amount) in &rows {
        let label = if lang == Lang::Nl { nl } else { en };
        out.push_str(&format!("  {label:<width$}  {:>amount_width$}\n", money(amount)));
    }
    out.push_str(match lang {
        Lang::Nl => "\nZo hebben we het berekend:\n\n",
        Lang::En => "\nHow this was calculated:\n\n",
    });
    out.push_str(&outcome.trace.to_text(lang));
    out
}
