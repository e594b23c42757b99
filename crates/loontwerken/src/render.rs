//! Text and JSON renderings of "loont werken?".

use regels::{Cents, Lang};
use serde_json::json;

use crate::curve::{Curve, Point, Situation};

fn money(c: Cents, lang: Lang) -> String {
    match lang {
        Lang::Nl => c.display_nl(),
        Lang::En => c.display_en(),
    }
}

fn signed(c: Cents, lang: Lang) -> String {
    if c.get() >= 0 { format!("+{}", money(c, lang)) } else { format!("−{}", money(Cents::new(-c.get()), lang)) }
}

/// A rate in basis points as a whole percentage, rounded half up.
fn percent(bp: i64) -> String {
    let whole = Cents::new(bp).mul_ratio_round_half_up(1, 100).get();
    format!("{whole}%")
}

fn point_json(p: &Point) -> serde_json::Value {
    json!({
        "uren_per_week": p.hours,
        "bruto_loon": p.gross_wage.get(),
        "netto_loon": p.net_wage.get(),
        "loon_dat_u_houdt": p.kept_wage.get(),
        "bijstand": p.bijstand.get(),
        "uitstroompremie_opgebouwd": p.exit_premium_saved.get(),
        "zorgtoeslag": p.zorgtoeslag.get(),
        "huurtoeslag": p.huurtoeslag.get(),
        "kindgebonden_budget": p.kindgebonden_budget.get(),
        "kinderbijslag": p.kinderbijslag.get(),
        "netto_huishoudinkomen": p.total.get(),
        "marginale_druk_basispunten": p.marginal_rate_bp,
        "daling": p.cliff,
    })
}

/// JSON: per variant the point now (0 hours), the point with the job, the
/// difference, the highest marginal rate, the cliffs and the whole curve.
pub fn to_json(s: &Situation, hourly: Cents, hours: u16, curves: &[Curve<'_>], lang: Lang) -> serde_json::Value {
    let packages: Vec<serde_json::Value> = curves
        .iter()
        .map(|c| {
            let now = c.at(0).copied().unwrap_or_default();
            let job = c.at(hours).copied().unwrap_or_default();
            json!({
                "pakket": c.variant.id,
                "naam": c.variant.name.get(lang),
                "nu": point_json(&now),
                "met_baan": point_json(&job),
                "verschil_per_maand": job.total.get() - now.total.get(),
                "hoogste_marginale_druk_basispunten": c.max_marginal_rate_bp(),
                "dalingen": c.cliffs().iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
                "curve": c.points.iter().map(point_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "datum": s.date.to_string(),
        "eenheid": "cent per maand",
        "uurloon_bruto": hourly.get(),
        "uren_per_week": hours,
        "maand_van_werk": s.work_month,
        "kale_huur": s.rent.map(Cents::get),
        "taal": match lang { Lang::Nl => "nl", Lang::En => "en" },
        "pakketten": packages,
    })
}

/// Readable text: a table per package, the make-up of the income with the
/// job under the first package, and what the model leaves out.
pub fn to_text(s: &Situation, hourly: Cents, hours: u16, curves: &[Curve<'_>], lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let date = regels::explain::Value::Date(s.date).render(lang);
    let mut out = if nl {
        format!(
            "Loont werken? Berekend op {date}: een baan van {hours} uur per week voor {} bruto per uur, in maand {} van het werk.\n\n",
            money(hourly, lang),
            s.work_month
        )
    } else {
        format!(
            "Does work pay? Calculated on {date}: a job of {hours} hours a week at {} gross per hour, in month {} of the job.\n\n",
            money(hourly, lang),
            s.work_month
        )
    };
    let header = if nl {
        ["Pakket", "Nu (0 uur)", "Met baan", "Verschil", "Hoogste druk", "Daling bij (uren)"]
    } else {
        ["Package", "Now (0 h)", "With job", "Difference", "Highest rate", "Drop at (hours)"]
    };
    let rows: Vec<[String; 6]> = curves
        .iter()
        .map(|c| {
            let now = c.at(0).map_or(Cents::ZERO, |p| p.total);
            let job = c.at(hours).map_or(Cents::ZERO, |p| p.total);
            let cliffs = c.cliff_spans();
            [
                c.variant.name.get(lang).to_owned(),
                money(now, lang),
                money(job, lang),
                signed(Cents::new(job.get() - now.get()), lang),
                c.max_marginal_rate_bp().map_or_else(|| "–".to_owned(), percent),
                if cliffs.is_empty() {
                    (if nl { "geen" } else { "none" }).to_owned()
                } else {
                    cliffs.iter().map(|(a, b)| format!("{a}–{b}")).collect::<Vec<_>>().join(", ")
                },
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..6)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].chars().count()]).max().unwrap_or(0))
        .collect();
    let line = |cells: [&str; 6]| {
        let mut l = String::from("  ");
        for (i, cell) in cells.iter().enumerate() {
            if i == 0 || i == 5 {
                l.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            } else {
                l.push_str(&format!("{cell:>w$}  ", w = widths[i]));
            }
        }
        l.trim_end().to_owned() + "\n"
    };
    out.push_str(&line(header));
    for r in &rows {
        out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]));
    }
    out.push_str(if nl {
        "\n'Hoogste druk' is het grootste deel van een extra bruto euro dat u niet overhoudt, tussen twee aantallen uren.\nBoven 100% houdt u minder over als u meer werkt: dat heet een daling (armoedeval).\n"
    } else {
        "\n'Highest rate' is the largest share of an extra gross euro you do not keep, between two numbers of hours.\nAbove 100% you keep less when you work more: a drop (poverty trap).\n"
    });
    if let Some(c) = curves.first()
        && let Some(p) = c.at(hours)
    {
        out.push_str(&if nl {
            format!("\nZo is het inkomen met de baan opgebouwd ({}):\n", c.variant.name.get(lang))
        } else {
            format!("\nMake-up of the income with the job ({}):\n", c.variant.name.get(lang))
        });
        let items: [(&str, &str, Cents); 9] = [
            ("Bruto loon (zonder vakantiegeld)", "Gross wage (without holiday pay)", p.gross_wage),
            ("Netto loon (met vakantiegeld, per maand)", "Net wage (with holiday pay, per month)", p.net_wage),
            ("Loon dat u houdt", "Wage you keep", p.kept_wage),
            ("Bijstand (met vakantiegeld)", "Assistance (with holiday allowance)", p.bijstand),
            ("Zorgtoeslag", "Healthcare allowance", p.zorgtoeslag),
            ("Huurtoeslag", "Rent allowance", p.huurtoeslag),
            ("Kindgebonden budget", "Child budget", p.kindgebonden_budget),
            ("Kinderbijslag", "Child benefit", p.kinderbijslag),
            ("Netto huishoudinkomen", "Net household income", p.total),
        ];
        let w = items.iter().map(|(a, b, _)| if nl { a.chars().count() } else { b.chars().count() }).max().unwrap_or(0);
        let aw = items.iter().map(|(_, _, c)| money(*c, lang).chars().count()).max().unwrap_or(0);
        for (a, b, c) in items {
            out.push_str(&format!("  {:<w$}  {:>aw$}\n", if nl { a } else { b }, money(c, lang)));
        }
        if p.exit_premium_saved.get() > 0 {
            out.push_str(&if nl {
                format!("  (Daarnaast gespaard voor uw uitstroompremie: {})\n", money(p.exit_premium_saved, lang))
            } else {
                format!("  (Also saved for your exit premium: {})\n", money(p.exit_premium_saved, lang))
            });
        }
    }
    out.push_str(if nl {
        "\nLet op: dit is een schatting. Regelingen van de gemeente (kwijtschelding, minimaregelingen), reiskosten en\nkinderopvangtoeslag zitten er niet in. Zie docs/loont-werken.md.\n"
    } else {
        "\nNote: this is an estimate. Municipal schemes (tax remission, minimum-income schemes), travel costs and\nchildcare allowance are not included. See docs/loont-werken.md.\n"
    });
    out
}
