//! Pages for people: the home page and the *rekenhulp* (benefit calculator).
//!
//! Dutch first (B1), English with `?taal=en`. Forms work without JavaScript;
//! errors are listed at the top with links to the fields and repeated at each
//! field (`aria-invalid`, `aria-describedby`), as NL Design System's form
//! guidance describes.

use std::borrow::Cow;
use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::civil::Date;
use regels::household::{Adult, Agreement, Child, CoResident, Household, IncomeItem, IncomeKind, Relation, Study};
use regels::{Cents, Lang, Variant};

use crate::{AppState, STYLESHEETS, html};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/rekenhulp", get(form_page).post(submit))
        .route("/loont-werken", get(crate::werk::form_page).post(crate::werk::submit))
        .route("/assets/ademruimte.css", get(own_css))
        .route("/thema.css", get(theme_css))
}

/// Layout on top of the NL Design System components: a readable line length
/// and spacing. Kept in the binary; no third-party CSS is copied here.
const OWN_CSS: &str = "
.utrecht-page { max-inline-size: 60rem; margin-inline: auto; padding-inline: 1rem; }
.utrecht-page-header, .utrecht-page-footer { display: flex; justify-content: space-between; flex-wrap: wrap; gap: 1rem; padding-block: 1rem; }
.utrecht-form-fieldset { margin-block-end: 1.5rem; }
.utrecht-form-field { margin-block-end: 1rem; }
.utrecht-table { inline-size: 100%; }
.utrecht-table__cell--numeric { white-space: nowrap; text-align: end; }
.ademruimte-uitleg li { margin-block-end: 0.5rem; }
.utrecht-link { overflow-wrap: anywhere; }
.ademruimte-scroll { overflow-x: auto; max-inline-size: 100%; }
.ademruimte-grafiek svg { min-inline-size: 40rem; inline-size: 100%; block-size: auto; }
.ademruimte-plaatje svg { max-inline-size: 100%; block-size: auto; }
.ademruimte-wijzig { margin-block: 0.5rem 1rem; }
.ademruimte-schaal { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
.ademruimte-wijzig summary { cursor: pointer; text-decoration: underline; min-block-size: 44px; display: list-item; padding-block: 0.5rem; }
.ademruimte-kaart { border-block-start: 1px solid currentColor; padding-block: 0.5rem; margin-block-end: 1rem; }
.ademruimte-brief { white-space: pre-line; }
.ademruimte-afspraak, .ademruimte-kaart .utrecht-form-label, .ademruimte-kaart summary { font-family: var(--utrecht-paragraph-font-family, var(--utrecht-document-font-family, inherit)); }
.ademruimte-afspraak dt { font-weight: bold; }
.ademruimte-afspraak dd { margin-inline-start: 0; margin-block-end: 0.5rem; }
.ademruimte-verborgen { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
";

/// The theme's CSS (`crate::theme`), read from `node_modules` at each request
/// (a few kB; browsers cache it for an hour).
async fn theme_css(State(state): State<AppState>) -> Response {
    let path = state.config.node_modules.join(&crate::theme().css);
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            eprintln!("thema {}: {e}", path.display());
            StatusCode::NOT_FOUND.into_response()
        }
    }
}

async fn own_css() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"))], OWN_CSS).into_response()
}

/// The texts of the pages in one language.
pub struct Texts {
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub other_lang_name: &'static str,
    pub language_nav: &'static str,
    pub skip: &'static str,
    pub footer: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_link: &'static str,
    pub work_link: &'static str,
    pub packages_title: &'static str,
    pub form_title: &'static str,
    pub form_intro: &'static str,
    pub errors_title: &'static str,
    pub submit: &'static str,
    pub result_title: &'static str,
    pub result_caption: &'static str,
    pub col_what: &'static str,
    pub col_amount: &'static str,
    pub how_title: &'static str,
    pub again: &'static str,
}

const NL: Texts = Texts {
    lang: "nl",
    other_lang: "en",
    other_lang_name: "English",
    language_nav: "Taal",
    skip: "Ga naar de inhoud",
    footer: "Ademruimte is open source (EUPL-1.2). De rekenhulp bewaart niets van wat u invult.",
    home_title: "Ademruimte",
    home_intro: "Bijstand op basis van vertrouwen. Hier rekent u uit hoeveel bijstand u krijgt, en waarom. Elke euro heeft een uitleg met het artikel uit de wet.",
    home_link: "Reken uw bijstand uit",
    work_link: "Loont werken? Reken uit wat een baan u oplevert",
    packages_title: "Pakketten van Bijstand op maat",
    form_title: "Rekenhulp bijstand",
    form_intro: "Vul in wat voor u geldt. Velden zonder ster mag u leeg laten. Wij bewaren niets van wat u invult.",
    errors_title: "Controleer deze gegevens",
    submit: "Bereken mijn bijstand",
    result_title: "Uw bijstand",
    result_caption: "Bedragen per maand",
    col_what: "Wat",
    col_amount: "Bedrag",
    how_title: "Zo hebben we het berekend",
    again: "Opnieuw berekenen",
};

const EN: Texts = Texts {
    lang: "en",
    other_lang: "nl",
    other_lang_name: "Nederlands",
    language_nav: "Language",
    skip: "Skip to content",
    footer: "Ademruimte is open source (EUPL-1.2). The calculator keeps nothing you enter.",
    home_title: "Ademruimte",
    home_intro: "Social assistance built on trust. Work out how much assistance you get, and why. Every euro is explained with the article of law it comes from.",
    home_link: "Calculate your assistance",
    work_link: "Does work pay? See what a job would give you",
    packages_title: "Packages of Bijstand op maat",
    form_title: "Social assistance calculator",
    form_intro: "Fill in what applies to you. Fields without a star may stay empty. We keep nothing you enter.",
    errors_title: "Please check these details",
    submit: "Calculate my assistance",
    result_title: "Your assistance",
    result_caption: "Amounts per month",
    col_what: "What",
    col_amount: "Amount",
    how_title: "How this was calculated",
    again: "Calculate again",
};

pub(crate) fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

pub(crate) fn lang_of(params: &HashMap<String, String>) -> Lang {
    if params.get("taal").map(String::as_str) == Some("en") { Lang::En } else { Lang::Nl }
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    packages: Vec<(String, String)>,
}

async fn home(Query(q): Query<HashMap<String, String>>) -> impl IntoResponse {
    let lang = lang_of(&q);
    let t = texts(lang);
    let packages = Variant::embedded()
        .map(|all| all.iter().map(|v| (v.name.get(lang).to_owned(), v.description.get(lang).to_owned())).collect())
        .unwrap_or_default();
    HomePage {
        t,
        title: t.home_title,
        stylesheets: STYLESHEETS,
        other_lang_href: format!("/?taal={}", t.other_lang),
        packages,
    }
}

/// One input of the form.
pub struct Field {
    pub name: Cow<'static, str>,
    pub label: String,
    pub hint: String,
    pub kind: &'static str,
    pub value: String,
    pub required: bool,
    pub error: String,
    pub described_by: String,
    pub options: Vec<(String, String)>,
}

pub struct Group {
    pub legend: &'static str,
    pub help: &'static str,
    pub fields: Vec<Field>,
}

#[derive(Debug)]
pub struct FieldError {
    pub field: Cow<'static, str>,
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "rekenhulp.html")]
pub(crate) struct FormPage {
    pub(crate) t: &'static Texts,
    pub(crate) title: &'static str,
    pub(crate) stylesheets: &'static [&'static str],
    pub(crate) other_lang_href: String,
    /// Where the form posts to.
    pub(crate) action: &'static str,
    pub(crate) intro: &'static str,
    pub(crate) submit: &'static str,
    pub(crate) groups: Vec<Group>,
    pub(crate) errors: Vec<FieldError>,
}

/// Most children and co-residents the form offers.
const FORM_CHILDREN: usize = 4;

pub(crate) fn field(
    name: impl Into<Cow<'static, str>>,
    label: &str,
    hint: &str,
    kind: &'static str,
    values: &HashMap<String, String>,
) -> Field {
    let name = name.into();
    Field {
        label: label.to_owned(),
        hint: hint.to_owned(),
        kind,
        value: values.get(name.as_ref()).cloned().unwrap_or_default(),
        name,
        required: false,
        error: String::new(),
        described_by: String::new(),
        options: Vec::new(),
    }
}

pub(crate) fn groups(lang: Lang, values: &HashMap<String, String>) -> Vec<Group> {
    let nl = lang == Lang::Nl;
    let pick = |a: &'static str, b: &'static str| if nl { a } else { b };
    let mut birth = field("geboortedatum", pick("Uw geboortedatum *", "Your date of birth *"), "", "date", values);
    birth.required = true;
    let children = (1..=FORM_CHILDREN)
        .map(|i| {
            let name: &'static str = ["kind_1", "kind_2", "kind_3", "kind_4"][i - 1];
            field(
                name,
                &if nl { format!("Geboortedatum kind {i}") } else { format!("Date of birth, child {i}") },
                "",
                "date",
                values,
            )
        })
        .collect();
    let packages = Variant::embedded()
        .map(|all| all.iter().map(|v| (v.id.clone(), v.name.get(lang).to_owned())).collect())
        .unwrap_or_default();
    let mut package = field("pakket", pick("Pakket", "Package"), "", "select", values);
    package.options = packages;
    let mut date = field(
        "datum",
        pick("Voor welke datum? *", "For which date? *"),
        pick("Meestal vandaag.", "Usually today."),
        "date",
        values,
    );
    date.required = true;
    if date.value.is_empty() {
        date.value = jiff::Zoned::now().date().to_string();
    }
    vec![
        Group { legend: pick("Over u", "About you"), help: "", fields: vec![birth] },
        Group {
            legend: pick("Uw partner", "Your partner"),
            help: pick(
                "Bent u getrouwd, hebt u een geregistreerd partner of woont u samen? Vul dan de geboortedatum van uw partner in.",
                "Are you married, in a registered partnership or living together? Then fill in your partner's date of birth.",
            ),
            fields: vec![field(
                "partner",
                pick("Geboortedatum partner", "Partner's date of birth"),
                "",
                "date",
                values,
            )],
        },
        Group { legend: pick("Kinderen die bij u wonen", "Children living with you"), help: "", fields: children },
        Group {
            legend: pick("Huisgenoten", "Housemates"),
            help: "",
            fields: vec![field(
                "kostendelers",
                pick(
                    "Hoeveel mensen van 27 jaar of ouder wonen ook bij u?",
                    "How many people aged 27 or over also live with you?",
                ),
                pick(
                    "Tel niet mee: uw partner, studenten met studiefinanciering, en huurders of kamerhuurders met een commercieel huurcontract (behalve familie).",
                    "Do not count: your partner, students with student finance, and tenants or lodgers with a commercial contract (except family).",
                ),
                "number",
                values,
            )],
        },
        Group {
            legend: pick("Werk", "Work"),
            help: "",
            fields: vec![
                field(
                    "loon",
                    pick("Netto loon per maand, in euro", "Net wage per month, in euros"),
                    pick(
                        "Bijvoorbeeld 450,00. Laat leeg als u niet werkt.",
                        "For example 450.00. Leave empty if you do not work.",
                    ),
                    "amount",
                    values,
                ),
                field(
                    "loon_sinds",
                    pick("Sinds wanneer werkt u?", "Since when do you work?"),
                    pick(
                        "De vrijlating hangt af van hoe lang u werkt.",
                        "The earnings disregard depends on how long you have worked.",
                    ),
                    "date",
                    values,
                ),
            ],
        },
        Group { legend: pick("Berekening", "Calculation"), help: "", fields: vec![package, date] },
    ]
}

/// Puts each error at its field and links hint and error to the input.
pub(crate) fn mark_errors(groups: &mut [Group], errors: &[FieldError]) {
    for g in groups {
        for f in &mut g.fields {
            if let Some(e) = errors.iter().find(|e| e.field == f.name) {
                f.error = e.message.clone();
            }
            let mut ids = Vec::new();
            if !f.hint.is_empty() {
                ids.push(format!("{}-uitleg", f.name));
            }
            if !f.error.is_empty() {
                ids.push(format!("{}-fout", f.name));
            }
            f.described_by = ids.join(" ");
        }
    }
}

pub(crate) fn other_href(path: &str, t: &Texts) -> String {
    format!("{path}?taal={}", t.other_lang)
}

async fn form_page(Query(q): Query<HashMap<String, String>>) -> impl IntoResponse {
    let lang = lang_of(&q);
    let t = texts(lang);
    FormPage {
        t,
        title: t.form_title,
        stylesheets: STYLESHEETS,
        other_lang_href: other_href("/rekenhulp", t),
        action: "/rekenhulp",
        intro: t.form_intro,
        submit: t.submit,
        groups: groups(lang, &q),
        errors: Vec::new(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "uitkomst.html")]
struct ResultPage {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    intro: String,
    rows: Vec<(String, String)>,
    explanation: String,
}

/// A form value: trimmed, `None` when empty.
pub(crate) fn value<'a>(values: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    values.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// The household from the form, or the errors per field.
pub(crate) fn read_form(
    values: &HashMap<String, String>,
    lang: Lang,
) -> Result<(Household, Date, Option<&'static Variant>), Vec<FieldError>> {
    let nl = lang == Lang::Nl;
    let mut errors = Vec::new();
    let mut date_of = |name: &'static str, required: bool| -> Option<Date> {
        match value(values, name) {
            None if required => {
                errors.push(FieldError {
                    field: name.into(),
                    message: if nl { "Vul deze datum in.".into() } else { "Fill in this date.".into() },
                });
                None
            }
            None => None,
            Some(text) => match regels::input::parse_date(text) {
                Some(d) => Some(d),
                None => {
                    errors.push(FieldError {
                        field: name.into(),
                        message: if nl {
                            format!("\"{text}\" is geen goede datum. Schrijf bijvoorbeeld 2026-03-01.")
                        } else {
                            format!("\"{text}\" is not a valid date. Write for example 2026-03-01.")
                        },
                    });
                    None
                }
            },
        }
    };
    let birth = date_of("geboortedatum", true);
    let partner = date_of("partner", false);
    let children: Vec<Option<Date>> =
        ["kind_1", "kind_2", "kind_3", "kind_4"].iter().map(|n| date_of(n, false)).collect();
    let work_since = date_of("loon_sinds", false);
    let date = date_of("datum", true);
    let sharers = match value(values, "kostendelers") {
        None => 0,
        Some(text) => match text.parse::<u8>() {
            Ok(n) if n <= 9 => n,
            _ => {
                errors.push(FieldError {
                    field: "kostendelers".into(),
                    message: if nl {
                        "Vul een getal van 0 tot en met 9 in.".into()
                    } else {
                        "Enter a number from 0 to 9.".into()
                    },
                });
                0
            }
        },
    };
    let wage = match value(values, "loon") {
        None => None,
        Some(text) => match regels::input::parse_user_euros("loon", text) {
            Ok(c) => Some(c),
            Err(_) => {
                errors.push(FieldError {
                    field: "loon".into(),
                    message: if nl {
                        format!("\"{text}\" is geen bedrag. Schrijf bijvoorbeeld 450,00.")
                    } else {
                        format!("\"{text}\" is not an amount. Write for example 450.00.")
                    },
                });
                None
            }
        },
    };
    if wage.is_some() && work_since.is_none() && value(values, "loon_sinds").is_none() {
        errors.push(FieldError {
            field: "loon_sinds".into(),
            message: if nl { "Vul in sinds wanneer u werkt.".into() } else { "Fill in since when you work.".into() },
        });
    }
    let variant = match value(values, "pakket") {
        None => None,
        Some(id) => match Variant::by_id(id) {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(FieldError {
                    field: "pakket".into(),
                    message: if nl {
                        "Kies een pakket uit de lijst.".into()
                    } else {
                        "Choose a package from the list.".into()
                    },
                });
                None
            }
        },
    };
    let (Some(birth), Some(date)) = (birth, date) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let adult = |birth_date: Date| Adult {
        birth_date,
        medically_limited: false,
        cannot_rely_on_parents: false,
        disregard_helps_work: true,
        income: Vec::new(),
        cooperation_deduction: Cents::ZERO,
    };
    let mut applicant = adult(birth);
    if let (Some(w), Some(since)) = (wage, work_since) {
        applicant.income.push(IncomeItem {
            kind: IncomeKind::Work,
            net_monthly: w,
            start_date: since,
            weekly_hours_tenths: None,
        });
    }
    // A co-resident of 27 or older who counts: we do not ask the birth date,
    // only that the person is 27+ on the date.
    let sharer_birth = date.checked_sub(jiff::Span::new().years(30)).unwrap_or(date);
    let household = Household {
        applicant,
        partner: partner.map(adult),
        children: children.into_iter().flatten().map(|birth_date| Child { birth_date, study: Study::None }).collect(),
        co_residents: (0..sharers)
            .map(|_| CoResident {
                birth_date: sharer_birth,
                relation: Relation::None,
                study: Study::None,
                agreement: Agreement::None,
                cost_sharing_agreement_since: None,
            })
            .collect(),
        mantelzorg_elsewhere: false,
        sanction: None,
    };
    Ok((household, date, variant.filter(|v| !(v.is_base() && v.id == "basis"))))
}

async fn submit(Form(values): Form<HashMap<String, String>>) -> Response {
    let lang = lang_of(&values);
    let t = texts(lang);
    let form_with = |errors: Vec<FieldError>| {
        let mut groups = groups(lang, &values);
        mark_errors(&mut groups, &errors);
        FormPage {
            t,
            title: t.form_title,
            stylesheets: STYLESHEETS,
            other_lang_href: other_href("/rekenhulp", t),
            action: "/rekenhulp",
            intro: t.form_intro,
            submit: t.submit,
            groups,
            errors,
        }
        .into_response()
    };
    let (household, date, variant) = match read_form(&values, lang) {
        Ok(x) => x,
        Err(errors) => return form_with(errors),
    };
    let outcome =
        regels::ParameterSets::embedded().and_then(|sets| sets.for_date(date)).and_then(|params| match variant {
            Some(v) => regels::calculate_variant(&household, date, params, v),
            None => regels::calculate(&household, date, params),
        });
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            let field: &'static str = match e.field.as_str() {
                "datum" => "datum",
                f if f.starts_with("partner") => "partner",
                f if f.starts_with("kinderen") => "kind_1",
                f if f.contains("inkomsten") => "loon_sinds",
                _ => "geboortedatum",
            };
            let message = if lang == Lang::Nl { e.message_nl() } else { e.message_en() };
            return form_with(vec![FieldError { field: field.into(), message }]);
        }
    };
    let money = |c: Cents| if lang == Lang::Nl { c.display_nl() } else { c.display_en() };
    let nl = lang == Lang::Nl;
    let mut rows = vec![
        ("Norm".to_owned(), money(outcome.norm)),
        ((if nl { "Inkomsten" } else { "Income" }).to_owned(), money(outcome.income_counted)),
        (
            (if nl { "Vrijlating (mag u houden)" } else { "Disregard (you keep this)" }).to_owned(),
            money(outcome.disregard),
        ),
        ((if nl { "Bijstand" } else { "Assistance" }).to_owned(), money(outcome.bijstand)),
        (
            (if nl { "Waarvan vakantiegeld (gespaard)" } else { "Of which holiday allowance (saved)" }).to_owned(),
            money(outcome.holiday_allowance),
        ),
        ((if nl { "Uitkering per maand" } else { "Paid per month" }).to_owned(), money(outcome.payable)),
    ];
    if outcome.package_reduction.get() > 0 {
        rows.insert(
            3,
            (
                (if nl { "Korting van uw pakket" } else { "Package reduction" }).to_owned(),
                money(outcome.package_reduction),
            ),
        );
    }
    let day = regels::explain::Value::Date(date).render(lang);
    let intro = match (outcome.variant, nl) {
        (Some(v), true) => format!("Berekend voor {day}, met het pakket {}.", v.name.nl),
        (Some(v), false) => format!("Calculated for {day}, with the package {}.", v.name.en),
        (None, true) => format!("Berekend voor {day}."),
        (None, false) => format!("Calculated for {day}."),
    };
    ResultPage {
        t,
        title: t.result_title,
        stylesheets: STYLESHEETS,
        other_lang_href: other_href("/rekenhulp", t),
        intro,
        rows,
        explanation: html::explanation(&outcome.trace, lang),
    }
    .into_response()
}
