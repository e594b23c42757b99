//! The page "Loont werken?": net household income now and with a job, per
//! package, with the chart. Uses `loontwerken` exactly as the CLI does.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query};
use axum::response::{IntoResponse, Response};
use regels::{Cents, Lang, Variant};

use crate::STYLESHEETS;
use crate::pages::{
    FieldError, FormPage, Group, Texts, field, groups, lang_of, mark_errors, other_href, read_form, texts, value,
};

const PACKAGES: &[&str] =
    &["basis", "bijverdienen-en-investeren", "onderling-samenwerken", "experiment-2017-bijverdienen", "de-plek"];

fn words(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::Nl => (
            "Loont werken?",
            "Vul uw situatie en het werk in. U ziet wat u per maand overhoudt nu en met het werk, met de gewone regels en met de pakketten. Wij bewaren niets van wat u invult.",
            "Reken het uit",
        ),
        Lang::En => (
            "Does work pay?",
            "Fill in your situation and the job. You see what you have each month now and with the job, under the ordinary rules and the packages. We keep nothing you enter.",
            "Calculate",
        ),
    }
}

/// The household groups of the calculator, with the job offer and the rent
/// instead of the current wage and the package choice.
fn work_groups(lang: Lang, values: &HashMap<String, String>) -> Vec<Group> {
    let nl = lang == Lang::Nl;
    let pick = |a: &'static str, b: &'static str| if nl { a } else { b };
    let mut all = groups(lang, values);
    let date = all.iter_mut().find_map(|g| {
        let i = g.fields.iter().position(|f| f.name == "datum")?;
        Some(g.fields.remove(i))
    });
    all.retain(|g| !g.fields.iter().any(|f| f.name == "loon" || f.name == "pakket"));
    let mut hourly = field(
        "uurloon",
        pick("Bruto uurloon, in euro *", "Gross hourly wage, in euros *"),
        pick("Zonder vakantiegeld. Bijvoorbeeld 14,50.", "Without holiday pay. For example 14.50."),
        "amount",
        values,
    );
    hourly.required = true;
    let mut hours = field("uren", pick("Uren per week", "Hours per week"), "", "number", values);
    if hours.value.is_empty() {
        hours.value = "16".into();
    }
    let mut month = field(
        "maand_van_werk",
        pick("De hoeveelste maand van het werk?", "Which month of the job?"),
        pick(
            "1 is de eerste maand. In de eerste maanden mag u een deel van uw loon houden.",
            "1 is the first month. In the first months you may keep part of your wages.",
        ),
        "number",
        values,
    );
    if month.value.is_empty() {
        month.value = "1".into();
    }
    let rent = field(
        "huur",
        pick("Kale huur per maand, in euro", "Basic rent per month, in euros"),
        pick(
            "Zonder servicekosten. Laat leeg als u niet huurt.",
            "Without service charges. Leave empty if you do not rent.",
        ),
        "amount",
        values,
    );
    all.retain(|g| !g.fields.is_empty());
    let mut last = vec![hourly, hours, month, rent];
    last.extend(date);
    all.push(Group { legend: pick("Het werk en uw woning", "The job and your home"), help: "", fields: last });
    all
}

fn form(t: &'static Texts, lang: Lang, groups: Vec<Group>, errors: Vec<FieldError>) -> Response {
    let (title, intro, submit) = words(lang);
    FormPage {
        t,
        title,
        stylesheets: STYLESHEETS,
        other_lang_href: other_href("/loont-werken", t),
        action: "/loont-werken",
        intro,
        submit,
        groups,
        errors,
    }
    .into_response()
}

pub async fn form_page(Query(q): Query<HashMap<String, String>>) -> Response {
    let lang = lang_of(&q);
    form(texts(lang), lang, work_groups(lang, &q), Vec::new())
}

#[derive(Template, WebTemplate)]
#[template(path = "loont.html")]
struct WorkPage {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    intro: String,
    head: [&'static str; 5],
    rows: Vec<[String; 5]>,
    chart: String,
    note: &'static str,
}

fn number(
    values: &HashMap<String, String>,
    name: &'static str,
    default: u32,
    max: u32,
    lang: Lang,
    errors: &mut Vec<FieldError>,
) -> u32 {
    match value(values, name) {
        None => default,
        Some(text) => match text.parse::<u32>() {
            Ok(n) if n <= max => n,
            _ => {
                errors.push(FieldError {
                    field: name.into(),
                    message: if lang == Lang::Nl {
                        format!("Vul een heel getal van 0 tot en met {max} in.")
                    } else {
                        format!("Enter a whole number from 0 to {max}.")
                    },
                });
                default
            }
        },
    }
}

pub async fn submit(Form(values): Form<HashMap<String, String>>) -> Response {
    let lang = lang_of(&values);
    let t = texts(lang);
    let nl = lang == Lang::Nl;
    let mut errors = Vec::new();
    let euros = |name: &'static str, errors: &mut Vec<FieldError>| match value(&values, name) {
        None => None,
        Some(text) => match regels::input::parse_user_euros(name, text) {
            Ok(c) => Some(c),
            Err(_) => {
                errors.push(FieldError {
                    field: name.into(),
                    message: if nl {
                        "Dit is geen bedrag. Schrijf bijvoorbeeld 14,50.".into()
                    } else {
                        "This is not an amount. Write for example 14.50.".into()
                    },
                });
                None
            }
        },
    };
    let hourly = euros("uurloon", &mut errors);
    if hourly.is_none() && value(&values, "uurloon").is_none() {
        errors.push(FieldError {
            field: "uurloon".into(),
            message: if nl { "Vul het bruto uurloon in.".into() } else { "Fill in the gross hourly wage.".into() },
        });
    }
    let rent = euros("huur", &mut errors);
    let hours = number(&values, "uren", 16, 40, lang, &mut errors);
    let month = number(&values, "maand_van_werk", 1, 120, lang, &mut errors).max(1);
    let household = match read_form(&values, lang) {
        Ok((h, date, _)) if errors.is_empty() => Some((h, date)),
        Ok(_) => None,
        Err(more) => {
            errors.extend(more);
            None
        }
    };
    let (Some((household, date)), Some(hourly)) = (household, hourly) else {
        let mut groups = work_groups(lang, &values);
        mark_errors(&mut groups, &errors);
        return form(t, lang, groups, errors);
    };
    let hours = u16::try_from(hours).unwrap_or(16);
    let situation = loontwerken::Situation { household, rent, assets: Cents::ZERO, work_month: month, date };
    let offer = loontwerken::Offer { hourly_gross: hourly };
    let curves: Result<Vec<_>, _> = PACKAGES
        .iter()
        .map(|id| Variant::by_id(id).and_then(|v| loontwerken::curve(&situation, offer, v, 40)))
        .collect();
    let curves = match curves {
        Ok(c) => c,
        Err(e) => {
            let message = if nl { e.message_nl() } else { e.message_en() };
            let field = if e.field == "datum" { "datum" } else { "geboortedatum" };
            let errors = vec![FieldError { field: field.into(), message }];
            let mut groups = work_groups(lang, &values);
            mark_errors(&mut groups, &errors);
            return form(t, lang, groups, errors);
        }
    };
    let money = |c: Cents| if nl { c.display_nl() } else { c.display_en() };
    let rows = curves
        .iter()
        .map(|c| {
            let now = c.at(0).map_or(Cents::ZERO, |p| p.total);
            let job = c.at(hours).map_or(Cents::ZERO, |p| p.total);
            let diff = job.get() - now.get();
            let cliffs = c.cliff_spans();
            [
                c.variant.name.get(lang).to_owned(),
                money(now),
                money(job),
                if diff >= 0 {
                    format!("+{}", money(Cents::new(diff)))
                } else {
                    format!("−{}", money(Cents::new(-diff)))
                },
                if cliffs.is_empty() {
                    (if nl { "nee" } else { "no" }).to_owned()
                } else {
                    cliffs.iter().map(|(a, b)| format!("{a}–{b}")).collect::<Vec<_>>().join(", ")
                },
            ]
        })
        .collect();
    let day = regels::explain::Value::Date(date).render(lang);
    WorkPage {
        t,
        title: words(lang).0,
        stylesheets: STYLESHEETS,
        other_lang_href: other_href("/loont-werken", t),
        intro: if nl {
            format!("Een baan van {hours} uur per week voor {} bruto per uur, in maand {month} van het werk, op {day}. Bedragen per maand, netto, met toeslagen.", money(hourly))
        } else {
            format!("A job of {hours} hours a week at {} gross per hour, in month {month} of the job, on {day}. Amounts per month, net, with allowances.", money(hourly))
        },
        head: if nl {
            ["Pakket", "Nu (0 uur)", "Met het werk", "Verschil", "Minder inkomen bij meer uren?"]
        } else {
            ["Package", "Now (0 hours)", "With the job", "Difference", "Less income with more hours?"]
        },
        rows,
        chart: loontwerken::svg::chart(&curves, hourly, lang),
        note: if nl {
            "Dit is een schatting. Regelingen van de gemeente, reiskosten en kinderopvangtoeslag zitten er niet in."
        } else {
            "This is an estimate. Municipal schemes, travel costs and childcare allowance are not included."
        },
    }
    .into_response()
}
