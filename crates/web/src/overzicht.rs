//! "Mijn overzicht": one calm page for the resident with what matters now —
//! this month's benefit and package, next month's when its amounts are known,
//! where they stand on the ladder, their next steps, who walks along
//! (buddy, WIJ-worker), and their upcoming appointments and open letters and
//! tasks, with the forms to answer them (`crate::afspraken`). B1 Dutch
//! first, English with `?taal=en`; made for a phone screen. Everyone else
//! who opens it is told it is for residents.
//!
//! It shows only the resident's own household (`toegang::decide` with the
//! actor's own household), and logs the view before anything is shown.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::civil::Date;
use platform::rol::Role;
use platform::toegang::{self, Action, HouseholdId};
use regels::Lang;

use crate::account::{Subject, internal, log, no_store};
use crate::dossier::{ACTIVITY_DOSSIER, who};
use crate::pages::{Texts, lang_of, texts};
use crate::{AppState, STYLESHEETS};

pub fn routes() -> Router<AppState> {
    Router::new().route("/mijn/overzicht", get(show))
    // The resident's answers to appointments and letters: `crate::afspraken`.
}

/// Most steps shown; the rest is on the plan page.
const NEXT_STEPS_MAX: usize = 3;

pub struct OverviewTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub no_household: &'static str,
    pub money_title: &'static str,
    pub money_caption: &'static str,
    pub this_month: &'static str,
    pub next_month: &'static str,
    pub not_known_yet: &'static str,
    pub package: &'static str,
    pub dossier_link: &'static str,
    pub plan_title: &'static str,
    pub ladder_none: &'static str,
    pub steps_none: &'static str,
    pub plan_link: &'static str,
    pub people_title: &'static str,
    pub people_none: &'static str,
    pub wallet_link: &'static str,
    pub back: &'static str,
}

const NL: OverviewTexts = OverviewTexts {
    title: "Mijn overzicht",
    intro: "Hier ziet u in het kort hoe het nu staat. U hoeft niets te doen.",
    no_household: "Dit overzicht is voor deelnemers. Er is geen huishouden van u in dit systeem.",
    money_title: "Uw bijstand",
    money_caption: "Bedragen per maand",
    this_month: "Deze maand",
    next_month: "Volgende maand",
    not_known_yet: "Nog niet bekend: de bedragen voor die maand zijn er nog niet.",
    package: "Uw pakket",
    dossier_link: "Zo is uw bijstand berekend",
    plan_title: "Uw plan",
    ladder_none: "U hebt nog geen plek op de ladder gekozen.",
    steps_none: "U hebt geen open stappen.",
    plan_link: "Naar mijn plan",
    people_title: "Wie loopt met u mee",
    people_none: "Er is nog niemand aan u gekoppeld. Wilt u een buddy? Vraag het aan uw WIJ-team.",
    wallet_link: "Naar mijn portemonnee",
    back: "Naar mijn account",
};

const EN: OverviewTexts = OverviewTexts {
    title: "My overview",
    intro: "A short view of where things stand. You do not need to do anything.",
    no_household: "This overview is for residents. There is no household of yours in this system.",
    money_title: "Your assistance",
    money_caption: "Amounts per month",
    this_month: "This month",
    next_month: "Next month",
    not_known_yet: "Not known yet: the amounts for that month are not out yet.",
    package: "Your package",
    dossier_link: "How your assistance was calculated",
    plan_title: "Your plan",
    ladder_none: "You have not chosen a place on the ladder yet.",
    steps_none: "You have no open steps.",
    plan_link: "To my plan",
    people_title: "Who walks along with you",
    people_none: "No one is linked to you yet. Would you like a buddy? Ask your WIJ team.",
    wallet_link: "To my wallet",
    back: "To my account",
};

fn overview_texts(lang: Lang) -> &'static OverviewTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "overzicht.html")]
struct OverviewPage {
    t: &'static Texts,
    o: &'static OverviewTexts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    household: Option<i64>,
    money: Vec<(String, String)>,
    package: String,
    ladder: String,
    steps: Vec<String>,
    people: Vec<String>,
    // Appointments and letters (`crate::afspraken`), with the forms' feedback.
    x: &'static crate::afspraken::AfsprakenTexts,
    csrf: String,
    notice: String,
    errors: Vec<crate::pages::FieldError>,
    section: Option<crate::afspraken::ResidentSection>,
    /// Reminders of questionnaires open for her in an experiment
    /// (`crate::participation`), one line each.
    questionnaires: Vec<String>,
}

fn money(c: regels::Cents, lang: Lang) -> String {
    match lang {
        Lang::Nl => c.display_nl(),
        Lang::En => c.display_en(),
    }
}

/// The payable amount for the month of `date`, or `None` when the rules have
/// no amounts for that date yet (or the household cannot be computed).
fn payable(data: &str, package: &str, date: Date) -> Option<regels::Cents> {
    let household = regels::input::parse_household(data).ok()?;
    let params = regels::ParameterSets::embedded().ok()?.for_date(date).ok()?;
    let variant = regels::Variant::by_id(package).ok()?;
    regels::calculate_variant(&household, date, params, variant).ok().map(|o| o.payable)
}

async fn show(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    render(&state, &headers, lang_of(&q), crate::afspraken::Feedback::default()).await
}

/// The page, with what a form of `crate::afspraken` left (status, notice,
/// errors at their field, the input kept).
pub(crate) async fn render(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    fb: crate::afspraken::Feedback,
) -> Response {
    let here = "/mijn/overzicht";
    let (acc, session, actor) = match who(state, headers, lang, here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let t = texts(lang);
    let o = overview_texts(lang);
    let mut page = OverviewPage {
        t,
        o,
        title: o.title,
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        household: None,
        money: Vec::new(),
        package: String::new(),
        ladder: String::new(),
        steps: Vec::new(),
        people: Vec::new(),
        x: crate::afspraken::afspraken_texts(lang),
        csrf: session.csrf.clone(),
        notice: String::new(),
        errors: Vec::new(),
        section: None,
        questionnaires: Vec::new(),
    };
    // Only one's own household: a caseworker or buddy has none here.
    let own = actor
        .own_household
        .filter(|h| toegang::decide(&actor, Action::DossierVolledigLezen, Some(*h)).allowed)
        .and_then(|HouseholdId(h)| i64::try_from(h).ok());
    let Some(id) = own else { return no_store(page.into_response()) };
    let dossier = match acc.dossiers.get(id).await {
        Ok(Some(d)) => d,
        Ok(None) => return no_store(page.into_response()),
        Err(e) => return internal(lang, here, &e),
    };
    if let Err(e) = log(&acc, &session.user, "mijn overzicht lezen", ACTIVITY_DOSSIER, Subject::Bsn(&dossier.bsn)).await
    {
        return internal(lang, here, &e);
    }
    page.household = Some(id);

    // The benefit: this month and the next, each with the amounts in force then.
    let today = jiff::Zoned::now().date();
    let first_of_next = today.first_of_month().checked_add(jiff::Span::new().months(1)).unwrap_or(today);
    for (label, date) in [(o.this_month, today), (o.next_month, first_of_next)] {
        let amount = payable(&dossier.data, &dossier.package, date)
            .map_or_else(|| o.not_known_yet.to_owned(), |c| money(c, lang));
        page.money.push((format!("{label} ({})", plan::text::month_text(date, lang)), amount));
    }
    page.package = regels::Variant::by_id(&dossier.package)
        .map(|v| v.name.get(lang).to_owned())
        .unwrap_or_else(|_| dossier.package.clone());

    // The plan: where on the ladder, and the next open steps by date.
    match crate::plan::load(&acc, id).await {
        Ok(stored) => {
            let ladder = crate::plan::the_ladder();
            if let Some(summary) = stored.ladder.history().summary()
                && let Some(rung) = ladder.rung(summary.now.rung)
            {
                page.ladder = match lang {
                    Lang::Nl => format!("U staat op trede {}: {}.", rung.number, rung.name.get(lang)),
                    Lang::En => format!("You are on rung {}: {}.", rung.number, rung.name.get(lang)),
                };
            }
            let mut open: Vec<(Date, String)> = stored
                .plan
                .goals()
                .iter()
                .filter(|g| g.reached_on.is_none())
                .flat_map(|g| {
                    g.steps
                        .iter()
                        .filter(|s| s.status == plan::goals::StepStatus::Open)
                        .map(move |s| (s.planned, format!("{} — {}", s.text, g.title)))
                })
                .collect();
            open.sort();
            page.steps = open
                .into_iter()
                .take(NEXT_STEPS_MAX)
                .map(|(date, text)| format!("{}: {text}", plan::text::date_text(date, lang)))
                .collect();
        }
        Err(e) => return internal(lang, here, &e),
    }

    // Who walks along.
    match acc.dossiers.linked_people(id).await {
        Ok(people) => {
            page.people = people
                .into_iter()
                .filter(|(_, role)| matches!(role, Role::Buddy | Role::WijMedewerker))
                .map(|(name, role)| {
                    let role = if lang == Lang::Nl { role.label_nl() } else { role.label_en() };
                    format!("{name} ({role})")
                })
                .collect();
        }
        Err(e) => return internal(lang, here, &e),
    }

    // Questionnaires waiting for her (covered by the log record above).
    match crate::participation::open_questionnaires(&acc, id, lang).await {
        Ok(lines) => page.questionnaires = lines,
        Err(e) => return internal(lang, here, &e),
    }

    // Appointments and letters (covered by the log record above).
    match crate::afspraken::resident_section(&acc, id, lang, &fb).await {
        Ok(section) => page.section = Some(section),
        Err(e) => return internal(lang, here, &e),
    }
    page.notice = fb.notice;
    page.errors = fb.errors;
    let mut response = page.into_response();
    *response.status_mut() = fb.status.unwrap_or(axum::http::StatusCode::OK);
    no_store(response)
}
