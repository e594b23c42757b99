//! "Mijn deelname": the resident's own side of an experiment (issue 8).
//!
//! - `/mijn/experiment`: per experiment she takes part in: what is stored
//!   about her (consent, the answers she gave), her arm after the lottery,
//!   the waves (done, open now, later), the questionnaire of the wave that is
//!   open, the package choice in a free-choice arm, and stopping.
//! - `/mijn/experiment/{id}/meting`: her answers for the open wave (she may
//!   skip questions; at least one answer).
//! - `/mijn/experiment/{id}/keuze`: the package she chooses in a free-choice
//!   arm (once); her dossier gets it.
//! - `/mijn/experiment/{id}/stoppen`: she stops, and chooses whether her
//!   answers are kept until now or deleted (deleted in the same transaction).
//!
//! Only her own household (`Action::ExperimentDeelnemen`, scope own); a log
//! record before anything is shown or changed; CSRF and the participant's
//! version on every form (a stale form gets 409).

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use experiment::json;
use experiment::{ArmKind, DataOnWithdrawal, Participant};
use jiff::civil::Date;
use opslag::StoreError;
use opslag::experiment::StoredParticipant;
use platform::toegang::Action;
use regels::Lang;

use crate::account::{Accounts, account_texts, internal, message, no_store};
use crate::dossier::{Opened, open_household, path_id, who};
use crate::experiments::{ACTIVITY_EXPERIMENT, broken, date_text, pick, sentence, set_package, store};
use crate::forms::{Pairs, error_at, lang_of, one, today};
use crate::pages::{FieldError, Texts, texts};
use crate::{AppState, STYLESHEETS};

const HERE: &str = "/mijn/experiment";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(HERE, get(show))
        .route("/mijn/experiment/{id}/meting", post(answer))
        .route("/mijn/experiment/{id}/keuze", post(choose))
        .route("/mijn/experiment/{id}/stoppen", post(stop))
}

/// The resident's own household, opened for `Action::ExperimentDeelnemen`
/// with its log record; anyone else gets a clear refusal.
async fn own(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    csrf: Option<&str>,
    log_name: &str,
) -> Result<(Opened, i64), Response> {
    let (_, _, actor) = who(state, headers, lang, HERE).await?;
    let Some(household) = actor.own_household.and_then(|h| i64::try_from(h.0).ok()) else {
        let text = pick(
            lang,
            "Deze pagina is voor deelnemers: wat een experiment over uw eigen huishouden bewaart.",
            "This page is for residents: what an experiment stores about their own household.",
        );
        return Err(message(lang, StatusCode::FORBIDDEN, account_texts(lang).denied_title, text, HERE));
    };
    let opened = open_household(
        state,
        headers,
        lang,
        household,
        HERE,
        Action::ExperimentDeelnemen,
        csrf,
        log_name,
        ACTIVITY_EXPERIMENT,
    )
    .await?;
    Ok((opened, household))
}

/// One membership, read back through the crate's checks.
struct Membership {
    id: i64,
    stored: StoredParticipant,
    design: experiment::Design,
    participant: Participant,
    allocation: Option<experiment::Allocation>,
    /// Wave key → her measurement.
    measured: BTreeMap<String, experiment::Measurement>,
    /// What was taken from the municipality's records, by wave.
    recorded: Vec<experiment::admin::AdminRecord>,
}

async fn memberships(acc: &Accounts, household: i64) -> Result<Vec<Membership>, StoreError> {
    let s = store(acc);
    let mut out = Vec::new();
    for p in s.of_household(household).await? {
        let Some(e) = s.get(p.experiment).await? else { continue };
        let design = json::design_from_json(&e.design).map_err(|err| broken(&err))?;
        let participant = json::participant_from_json(&design, &p.content).map_err(|err| broken(&err))?;
        let allocation =
            e.allocation.as_ref().map(json::allocation_from_json).transpose().map_err(|err| broken(&err))?;
        let mut measured = BTreeMap::new();
        for m in s.measurements_of(p.experiment, p.number).await? {
            let m = json::measurement_from_json(&design, &m.content).map_err(|err| broken(&err))?;
            measured.insert(m.wave.clone(), m);
        }
        let mut recorded = Vec::new();
        for a in s.admin(p.experiment, Some(p.number)).await? {
            recorded.push(experiment::admin::record_from_json(&a.content).map_err(|err| broken(&err))?);
        }
        out.push(Membership { id: e.id, stored: p, design, participant, allocation, measured, recorded });
    }
    Ok(out)
}

/// A reminder line per questionnaire open for her now, for *Mijn overzicht*.
pub(crate) async fn open_questionnaires(acc: &Accounts, household: i64, lang: Lang) -> Result<Vec<String>, StoreError> {
    let day = today();
    Ok(memberships(acc, household)
        .await?
        .iter()
        .filter_map(|m| {
            open_wave(m, day).map(|w| match lang {
                Lang::Nl => {
                    format!("Er staat een vragenlijst voor u klaar: {} ({}).", w.label_nl, m.design.spec().title)
                }
                Lang::En => format!("A questionnaire is waiting for you: {} ({}).", w.label_nl, m.design.spec().title),
            })
        })
        .collect())
}

/// What was taken from the records for one wave, in words: every outcome,
/// "onbekend" when missing.
fn record_line(r: &experiment::admin::AdminRecord, wave: &str, lang: Lang) -> String {
    let unknown = pick(lang, "onbekend", "unknown");
    let money = |c: Option<regels::Cents>| match (c, lang) {
        (Some(c), Lang::Nl) => c.display_nl(),
        (Some(c), Lang::En) => c.display_en(),
        (None, _) => unknown.to_owned(),
    };
    let o = &r.outcomes;
    let hours = o
        .work_hours_tenths
        .and_then(|t| u16::try_from(t).ok())
        .map_or_else(|| unknown.to_owned(), |t| regels::input::hours_text(t, lang == Lang::Nl));
    let rung = o.rung.map_or_else(|| unknown.to_owned(), |r| r.to_string());
    match lang {
        Lang::Nl => format!(
            "Uit onze administratie, {wave} ({}): werkuren per week {hours}, inkomen uit werk {}, trede {rung}, bijstand {}.",
            date_text(r.on, lang),
            money(o.income),
            money(o.benefit_paid)
        ),
        Lang::En => format!(
            "From our records, {wave} ({}): work hours per week {hours}, income from work {}, rung {rung}, bijstand {}.",
            date_text(r.on, lang),
            money(o.income),
            money(o.benefit_paid)
        ),
    }
}

/// Has the lot drawn her arm?
fn drawn(m: &Membership) -> bool {
    m.allocation.as_ref().is_some_and(|a| a.arm_of(m.participant.id).is_some())
}

/// The wave open now: the first one not filled in that is offered to her on
/// `on` (`experiment::offered`: its window holds `on`; the baseline only
/// before the draw), while she takes part.
fn open_wave(m: &Membership, on: Date) -> Option<&experiment::Wave> {
    if m.participant.withdrawal.is_some() {
        return None;
    }
    let (enrolled, drawn) = (m.participant.enrolled_on, drawn(m));
    m.design
        .spec()
        .waves
        .iter()
        .find(|w| experiment::offered(&m.design, w, enrolled, drawn, on) && !m.measured.contains_key(&w.key))
}

pub struct ItemView {
    pub key: String,
    pub text: String,
    /// (value, checked) for each point of the scale.
    pub options: Vec<(u8, bool)>,
    pub error: String,
}

pub struct MembershipView {
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub number: i64,
    pub since: String,
    pub consent: String,
    pub arm: String,
    /// Package options when she may choose now: (variant id, name).
    pub choices: Vec<(String, String)>,
    pub chosen: String,
    pub waves: Vec<String>,
    pub open_wave: String,
    pub open_wave_label: String,
    pub items: Vec<ItemView>,
    pub scale: String,
    /// What is stored about her: one line per wave she answered.
    pub stored: Vec<String>,
    pub stopped: String,
    pub e_pakket: String,
    pub e_gegevens: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "deelname.html")]
struct Page {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    memberships: Vec<MembershipView>,
}

#[derive(Default)]
struct Feedback {
    status: Option<StatusCode>,
    notice: String,
    errors: Vec<FieldError>,
    input: Pairs,
}

fn variant_name(id: &str, lang: Lang) -> String {
    regels::Variant::by_id(id).map_or_else(|_| id.to_owned(), |v| v.name.get(lang).to_owned())
}

#[allow(clippy::too_many_lines)]
async fn render(state: &AppState, headers: &HeaderMap, lang: Lang, fb: Feedback) -> Response {
    let (Opened { acc, session, .. }, household) =
        match own(state, headers, lang, None, "experimentdeelname lezen").await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let list = match memberships(&acc, household).await {
        Ok(l) => l,
        Err(e) => return internal(lang, HERE, &e),
    };
    let day = today();
    let mut views = Vec::new();
    for m in &list {
        let spec = m.design.spec();
        let arm = m.allocation.as_ref().and_then(|a| a.arm_of(m.participant.id)).and_then(|k| m.design.arm(k));
        let chosen = m.stored.choice.as_ref().and_then(|c| c.get("pakket")).and_then(|p| p.as_str()).map(str::to_owned);
        let choices = match (arm.map(|a| &a.kind), &chosen, &m.participant.withdrawal) {
            (Some(ArmKind::FreeChoice { options }), None, None) => {
                options.iter().map(|o| (o.clone(), variant_name(o, lang))).collect()
            }
            _ => Vec::new(),
        };
        let wave = open_wave(m, day);
        let from_input = wave.is_some_and(|_| one(&fb.input, "experiment") == m.id.to_string());
        let items = match wave {
            Some(_) => spec
                .questionnaire
                .items
                .iter()
                .map(|i| {
                    let given = if from_input { one(&fb.input, &format!("antwoord_{}", i.key)) } else { String::new() };
                    ItemView {
                        key: i.key.clone(),
                        text: i.text_nl.clone(),
                        options: (i.scale_min..=i.scale_max).map(|v| (v, given == v.to_string())).collect(),
                        error: error_at(&fb.errors, &format!("vraag-{}-{}", m.id, i.key)),
                    }
                })
                .collect(),
            None => Vec::new(),
        };
        views.push(MembershipView {
            e_pakket: error_at(&fb.errors, &format!("pakket-{}", m.id)),
            e_gegevens: error_at(&fb.errors, &format!("gegevens-{}-bewaren", m.id)),
            id: m.id,
            version: m.stored.version,
            title: spec.title.clone(),
            number: m.stored.number,
            since: date_text(m.participant.enrolled_on, lang),
            consent: match lang {
                Lang::Nl => format!(
                    "U gaf toestemming op {} na het lezen van informatietekst {}.",
                    date_text(m.participant.consent.date, lang),
                    m.participant.consent.information_version
                ),
                Lang::En => format!(
                    "You gave consent on {} after reading information text {}.",
                    date_text(m.participant.consent.date, lang),
                    m.participant.consent.information_version
                ),
            },
            arm: match arm {
                Some(a) => match lang {
                    Lang::Nl => format!("Het lot heeft u in deze groep gezet: {}.", a.label_nl),
                    Lang::En => format!("The lot put you in this arm: {}.", a.label_nl),
                },
                None => pick(
                    lang,
                    "Het lot heeft nog niet bepaald in welke groep u komt.",
                    "The lot has not yet decided your arm.",
                )
                .to_owned(),
            },
            choices,
            chosen: chosen.map_or_else(String::new, |c| match lang {
                Lang::Nl => format!("U koos: {}.", variant_name(&c, lang)),
                Lang::En => format!("You chose: {}.", variant_name(&c, lang)),
            }),
            waves: spec
                .waves
                .iter()
                .map(|w| {
                    let enrolled = m.participant.enrolled_on;
                    let (first, last) = w.window(enrolled);
                    let (first, last) = (date_text(first, lang), date_text(last, lang));
                    let offered = experiment::offered(&m.design, w, enrolled, drawn(m), day);
                    // Open by its window but not offered: the baseline after the draw.
                    let before_draw_only = !offered && w.is_open(enrolled, day);
                    match (m.measured.get(&w.key), lang) {
                        (Some(x), Lang::Nl) => format!("{}: ingevuld op {}.", w.label_nl, date_text(x.date, lang)),
                        (Some(x), Lang::En) => format!("{}: filled in on {}.", w.label_nl, date_text(x.date, lang)),
                        (None, Lang::Nl) if offered => {
                            format!("{}: nog niet ingevuld. Dat kan tot en met {last}.", w.label_nl)
                        }
                        (None, Lang::En) if offered => {
                            format!("{}: not filled in yet. You can until {last}.", w.label_nl)
                        }
                        (None, Lang::Nl) if before_draw_only => format!(
                            "{}: niet ingevuld. Deze vragen gaan over de tijd vóór de loting; die is nu geweest. Dat is niet erg.",
                            w.label_nl
                        ),
                        (None, Lang::En) if before_draw_only => format!(
                            "{}: not filled in. These questions are about the time before the lottery, which has now taken place. That is all right.",
                            w.label_nl
                        ),
                        (None, Lang::Nl) if w.is_closed(enrolled, day) => {
                            format!("{}: niet ingevuld (kon tot en met {last}). Dat is niet erg.", w.label_nl)
                        }
                        (None, Lang::En) if w.is_closed(enrolled, day) => {
                            format!("{}: not filled in (was open until {last}). That is all right.", w.label_nl)
                        }
                        (None, Lang::Nl) => format!("{}: van {first} tot en met {last}.", w.label_nl),
                        (None, Lang::En) => format!("{}: from {first} until {last}.", w.label_nl),
                    }
                })
                .collect(),
            open_wave: wave.map_or_else(String::new, |w| w.key.clone()),
            open_wave_label: wave.map_or_else(String::new, |w| w.label_nl.clone()),
            scale: pick(
                lang,
                "1 = helemaal niet waar, 5 = helemaal waar. U mag een vraag overslaan.",
                "1 = not true at all, 5 = completely true. You may skip a question.",
            )
            .to_owned(),
            items,
            stored: m
                .measured
                .values()
                .map(|x| {
                    let answers: Vec<String> = x.answers.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    let wave =
                        spec.waves.iter().find(|w| w.key == x.wave).map_or(x.wave.as_str(), |w| w.label_nl.as_str());
                    format!("{wave} ({}): {}", date_text(x.date, lang), answers.join(", "))
                })
                // After a withdrawal with deletion nothing is shown, whatever a store still held.
                .chain(m.recorded.iter().filter(|_| !m.participant.data_deleted()).map(|r| {
                    let wave =
                        spec.waves.iter().find(|w| w.key == r.wave).map_or(r.wave.as_str(), |w| w.label_nl.as_str());
                    record_line(r, wave, lang)
                }))
                .collect(),
            stopped: m.participant.withdrawal.map_or_else(String::new, |w| {
                let kept = match (w.data, lang) {
                    (DataOnWithdrawal::KeepUntilWithdrawal, Lang::Nl) => "wat tot dan bewaard was, blijft bewaard",
                    (DataOnWithdrawal::KeepUntilWithdrawal, Lang::En) => "what was stored until then is kept",
                    (DataOnWithdrawal::Delete, Lang::Nl) => {
                        "uw antwoorden en de gegevens uit onze administratie zijn verwijderd"
                    }
                    (DataOnWithdrawal::Delete, Lang::En) => "your answers and the data from our records were deleted",
                };
                match lang {
                    Lang::Nl => format!("U bent gestopt op {}; {kept}.", date_text(w.date, lang)),
                    Lang::En => format!("You stopped on {}; {kept}.", date_text(w.date, lang)),
                }
            }),
        });
    }
    let t = texts(lang);
    let page = Page {
        t,
        title: pick(lang, "Mijn deelname aan experimenten", "My part in experiments"),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{HERE}?taal={}", t.other_lang),
        notice: fb.notice,
        errors: fb.errors,
        csrf: session.csrf.clone(),
        memberships: views,
    };
    let mut r = page.into_response();
    *r.status_mut() = fb.status.unwrap_or(StatusCode::OK);
    no_store(r)
}

async fn show(State(state): State<AppState>, Query(q): Query<Pairs>, headers: HeaderMap) -> Response {
    render(&state, &headers, lang_of(&q), Feedback::default()).await
}

/// The common start of her forms: her household (CSRF, log record), the
/// membership in experiment `id`, and the version check.
async fn membership_for(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    id: &str,
    form: &Pairs,
    log_name: &str,
) -> Result<(std::sync::Arc<Accounts>, opslag::User, i64, Membership), Response> {
    let (Opened { acc, session, .. }, household) =
        own(state, headers, lang, Some(&one(form, "csrf")), log_name).await?;
    let not_in = || {
        let text = pick(lang, "U doet niet mee aan dit experiment.", "You do not take part in this experiment.");
        message(lang, StatusCode::NOT_FOUND, account_texts(lang).denied_title, text, HERE)
    };
    let Some(id) = path_id(id) else { return Err(not_in()) };
    let list = memberships(&acc, household).await.map_err(|e| internal(lang, HERE, &e))?;
    let Some(m) = list.into_iter().find(|m| m.id == id) else { return Err(not_in()) };
    Ok((acc, session.user, household, m))
}

fn stale(lang: Lang, input: Pairs) -> Feedback {
    Feedback {
        status: Some(StatusCode::CONFLICT),
        notice: pick(
            lang,
            "Uw gegevens in dit experiment zijn intussen gewijzigd. Er is niets opgeslagen. Kijk hieronder en probeer het opnieuw.",
            "Your data in this experiment changed in the meantime. Nothing was saved. Look below and try again.",
        )
        .to_owned(),
        input,
        ..Feedback::default()
    }
}

/// Her answers for the wave that is open now.
async fn answer(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let (acc, user, _, m) = match membership_for(&state, &headers, lang, &id, &form, "vragenlijst invullen").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut input = form.clone();
    input.push(("experiment".to_owned(), m.id.to_string()));
    let day = today();
    let Some(wave) = open_wave(&m, day).filter(|w| w.key == one(&form, "meting")) else {
        return render(&state, &headers, lang, stale(lang, input)).await;
    };
    let mut answers = BTreeMap::new();
    let mut errors = Vec::new();
    for item in &m.design.spec().questionnaire.items {
        let given = one(&form, &format!("antwoord_{}", item.key));
        if given.is_empty() {
            continue;
        }
        match given.parse::<u8>().ok().filter(|v| (item.scale_min..=item.scale_max).contains(v)) {
            Some(v) => {
                answers.insert(item.key.clone(), v);
            }
            None => errors.push(FieldError {
                field: format!("vraag-{}-{}", m.id, item.key).into(),
                message: match lang {
                    Lang::Nl => format!("Kies een getal van {} tot en met {}.", item.scale_min, item.scale_max),
                    Lang::En => format!("Choose a number from {} to {}.", item.scale_min, item.scale_max),
                },
            }),
        }
    }
    if answers.is_empty() && errors.is_empty() {
        let first = m.design.spec().questionnaire.items.first().map_or(String::new(), |i| i.key.clone());
        errors.push(FieldError {
            field: format!("vraag-{}-{first}", m.id).into(),
            message: pick(lang, "Beantwoord minstens één vraag.", "Answer at least one question.").to_owned(),
        });
    }
    if !errors.is_empty() {
        let fb = Feedback { status: Some(StatusCode::BAD_REQUEST), errors, input, ..Feedback::default() };
        return render(&state, &headers, lang, fb).await;
    }
    let made = experiment::Measurement::new(&m.design, m.participant.id, &wave.key, day, answers, None);
    let measurement = match made {
        Ok(x) => x,
        Err(e) => return internal(lang, HERE, &broken(&e)),
    };
    let now = jiff::Timestamp::now().as_second();
    let content = json::measurement_to_json(&measurement);
    match store(&acc).put_measurement(m.id, m.stored.number, &wave.key, 0, &content, &user.id, now).await {
        Ok(Ok(_)) => {
            let notice = pick(lang, "Dank u wel. Uw antwoorden zijn bewaard.", "Thank you. Your answers are saved.");
            render(&state, &headers, lang, Feedback { notice: notice.to_owned(), ..Feedback::default() }).await
        }
        Ok(Err(_)) => render(&state, &headers, lang, stale(lang, input)).await,
        Err(e) => internal(lang, HERE, &e),
    }
}

/// Her package choice in a free-choice arm; her dossier gets the package.
async fn choose(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let (acc, user, household, m) = match membership_for(&state, &headers, lang, &id, &form, "pakket kiezen").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if one(&form, "versie").parse::<i64>().ok() != Some(m.stored.version) {
        return render(&state, &headers, lang, stale(lang, form)).await;
    }
    let Some(allocation) = &m.allocation else { return render(&state, &headers, lang, stale(lang, form)).await };
    let choice = match experiment::choose_package(&m.design, allocation, m.participant.id, &one(&form, "pakket")) {
        Ok(c) => c,
        Err(e) => {
            let fb = Feedback {
                status: Some(StatusCode::BAD_REQUEST),
                errors: vec![FieldError { field: format!("pakket-{}", m.id).into(), message: sentence(&e, lang) }],
                input: form,
                ..Feedback::default()
            };
            return render(&state, &headers, lang, fb).await;
        }
    };
    let now = jiff::Timestamp::now().as_second();
    match store(&acc)
        .choose(m.id, m.stored.number, m.stored.version, &json::choice_to_json(&choice), &user.id, now)
        .await
    {
        Ok(Ok(_)) => {}
        Ok(Err(_)) => return render(&state, &headers, lang, stale(lang, form)).await,
        Err(e) => return internal(lang, HERE, &e),
    }
    if let Err(e) = set_package(&acc, &user, household, &choice.package).await {
        return internal(lang, HERE, &e);
    }
    let notice = match lang {
        Lang::Nl => format!("U koos {}. Uw uitkering wordt vanaf nu zo berekend.", variant_name(&choice.package, lang)),
        Lang::En => {
            format!("You chose {}. Your benefit is computed this way from now on.", variant_name(&choice.package, lang))
        }
    };
    render(&state, &headers, lang, Feedback { notice, ..Feedback::default() }).await
}

/// She stops, keeping her answers until now or having them deleted.
async fn stop(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let (acc, user, _, m) = match membership_for(&state, &headers, lang, &id, &form, "stoppen met een experiment").await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    if one(&form, "versie").parse::<i64>().ok() != Some(m.stored.version) {
        return render(&state, &headers, lang, stale(lang, form)).await;
    }
    let data = match one(&form, "gegevens").as_str() {
        "bewaren_tot_intrekking" => DataOnWithdrawal::KeepUntilWithdrawal,
        "verwijderen" => DataOnWithdrawal::Delete,
        _ => {
            let fb = Feedback {
                status: Some(StatusCode::BAD_REQUEST),
                errors: vec![FieldError {
                    field: format!("gegevens-{}-bewaren", m.id).into(),
                    message: pick(
                        lang,
                        "Kies wat er met uw antwoorden gebeurt.",
                        "Choose what happens to your answers.",
                    )
                    .to_owned(),
                }],
                input: form,
                ..Feedback::default()
            };
            return render(&state, &headers, lang, fb).await;
        }
    };
    let mut participant = m.participant.clone();
    if let Err(e) = participant.withdraw(today(), data) {
        let fb = Feedback {
            status: Some(StatusCode::BAD_REQUEST),
            notice: e.message(lang),
            input: form,
            ..Feedback::default()
        };
        return render(&state, &headers, lang, fb).await;
    }
    let now = jiff::Timestamp::now().as_second();
    let content = json::participant_to_json(&participant);
    let delete = data == DataOnWithdrawal::Delete;
    match store(&acc).put_participant(m.id, m.stored.number, m.stored.version, &content, delete, &user.id, now).await {
        Ok(Ok(_)) => {
            let notice = pick(
                lang,
                "U bent gestopt. U krijgt geen vragenlijsten meer. Uw pakket blijft zoals het is; wilt u dat anders, praat dan met uw klantmanager.",
                "You have stopped. You will get no more questionnaires. Your package stays as it is; if you want it changed, talk to your caseworker.",
            );
            render(&state, &headers, lang, Feedback { notice: notice.to_owned(), ..Feedback::default() }).await
        }
        Ok(Err(_)) => render(&state, &headers, lang, stale(lang, form)).await,
        Err(e) => internal(lang, HERE, &e),
    }
}
