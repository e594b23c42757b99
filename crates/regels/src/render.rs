//! Renderings of an [`Outcome`]: JSON for machines, text for people.

use serde_json::json;

use crate::calc::Outcome;
use crate::explain::{Lang, Value};
use crate::money::Cents;

/// JSON with all amounts in cents per month and the explanation tree.
pub fn to_json(outcome: &Outcome<'_>, lang: Lang) -> serde_json::Value {
    json!({
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
    })
}

/// A summary table followed by the explanation, for a resident or caseworker.
pub fn to_text(outcome: &Outcome<'_>, lang: Lang) -> String {
    let date = Value::Date(outcome.date).render(lang);
    let from = Value::Date(outcome.valid_from).render(lang);
    let money = |c: Cents| match lang {
        Lang::Nl => c.display_nl(),
        Lang::En => c.display_en(),
    };
    let rows: [(&str, &str, Cents); 7] = [
        ("Norm", "Norm", outcome.norm),
        ("Inkomsten", "Income", outcome.income_counted),
        ("Vrijlating (mag u houden)", "Disregard (you keep this)", outcome.disregard),
        ("Inkomsten die van de norm af gaan", "Income deducted from the norm", outcome.income_deducted),
        ("Bijstand", "Assistance", outcome.bijstand),
        ("Waarvan vakantiegeld (gespaard)", "Of which holiday allowance (saved)", outcome.holiday_allowance),
        ("Uitkering per maand", "Paid per month", outcome.payable),
    ];
    let mut out = match lang {
        Lang::Nl => format!("Bijstand op {date} (bedragen geldig vanaf {from})\n\n"),
        Lang::En => format!("Social assistance on {date} (amounts valid from {from})\n\n"),
    };
    let width = rows
        .iter()
        .map(|(nl, en, _)| if lang == Lang::Nl { nl.chars().count() } else { en.chars().count() })
        .max()
        .unwrap_or(0);
    let amount_width = rows.iter().map(|(_, _, c)| money(*c).chars().count()).max().unwrap_or(0);
    for (nl, en, amount) in rows {
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
