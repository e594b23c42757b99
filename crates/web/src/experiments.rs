//! Experiments in the app (issue 8): the design, enrolment with consent, the
//! lottery, the report and the pseudonymised export.
//!
//! - `/experimenten`: the experiments; the administrator adds one from a
//!   design file (TOML, `experiment::json::design_from_toml`; every error
//!   names its field).
//! - `/experimenten/{id}`: the design (arms, waves, questions, contacts), the
//!   numbers, and — after the lottery — the report with small-cell
//!   suppression; the administrator draws the lot here
//!   (`/experimenten/{id}/loting`): a seed from the operating system,
//!   stratified permuted blocks (`experiment::allocate`), and each
//!   participant's dossier gets the package of their arm.
//! - `/experimenten/{id}/export.csv` and `export.parquet`: the researcher's
//!   pseudonymised export (keyed pseudonyms of the participant number, no
//!   name, BSN or household id), logged.
//! - `/dossiers/{id}/experiment`: the caseworker enrols a household with the
//!   resident's informed consent (which information text, which date).
//!
//! Who may do what is `platform::toegang` (`ExperimentenBeheren`,
//! `ExperimentRapportLezen`, `ExperimentInschrijven`,
//! `OnderzoeksdataExporteren`). The researcher never sees a dossier; the
//! administrator never sees one either (the lottery changes packages
//! without showing them).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use experiment::json;
use experiment::{Allocation, Design, Measurement, Participant, Report, ReportOptions, Trial};
use jiff::civil::Date;
use opslag::experiment::{AdminPut, ExperimentStore, NotEnrolled, StoredExperiment};
use opslag::{StoreError, User};
use platform::rol::Role;
use platform::toegang::Action;
use regels::Lang;

use crate::account::{Accounts, Subject, account_texts, internal, log, may, message, no_store};
use crate::dossier::{Opened, not_found, open_household, path_id, who, who_posting};
use crate::forms::{Pairs, error_at, lang_of, not_a_date, one, today};
use crate::pages::{FieldError, Texts, texts};
use crate::{AppState, STYLESHEETS};

pub const ACTIVITY_EXPERIMENT: &str = "urn:ademruimte:verwerking:experiment";

/// Who opens the experiment pages: those who may set them up or read their
/// report (`ExperimentenBeheren`, `ExperimentRapportLezen`; a test checks
/// this list against the policy).
pub const ROLES: &[Role] = &[Role::Beheerder, Role::Onderzoeker];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/experimenten", get(list_page).post(create))
        .route("/experimenten/{id}", get(show))
        .route("/experimenten/{id}/loting", post(draw))
        .route("/experimenten/{id}/registratie", post(record_admin))
        .route("/experimenten/{id}/export.csv", get(export_csv))
        .route("/experimenten/{id}/export.parquet", get(export_parquet))
        .route("/dossiers/{id}/experiment", get(enrol_page).post(enrol))
}

pub(crate) fn pick(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    plan::text::pick(lang, nl, en)
}

fn at(id: &str, message: String) -> FieldError {
    FieldError { field: id.to_owned().into(), message }
}

pub(crate) fn store(acc: &Accounts) -> ExperimentStore {
    ExperimentStore::new(acc.store.database().clone())
}

fn refused(lang: Lang, here: &str) -> Response {
    let text = pick(
        lang,
        "Met uw rol kunt u deze pagina niet openen. Experimenten zijn er voor de beheerder en de onderzoeker; inschrijven doet de klantmanager.",
        "Your role cannot open this page. Experiments are for the administrator and the researcher; the caseworker enrols residents.",
    );
    message(lang, StatusCode::FORBIDDEN, account_texts(lang).denied_title, text, here)
}

pub(crate) fn broken(e: &experiment::Error) -> StoreError {
    StoreError::new(
        format!("een opgeslagen experiment klopt niet: {}", e.message_nl()),
        format!("a stored experiment is not valid: {}", e.message_en()),
        e.field.clone(),
    )
}

pub(crate) fn sentence(e: &experiment::Error, lang: Lang) -> String {
    let text = e.message(lang);
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}

/// An experiment as stored, read back through the crate's checks.
pub(crate) struct Loaded {
    pub(crate) stored: StoredExperiment,
    pub(crate) design: Design,
    /// With the household, in number order.
    pub(crate) participants: Vec<(i64, Participant)>,
    /// Participant number → the stored version read (writes depending on it name it).
    pub(crate) participant_versions: std::collections::BTreeMap<i64, i64>,
    pub(crate) allocation: Option<Allocation>,
    /// The resident's answers, joined with the outcomes from the records (a
    /// measurement has `admin` exactly when a record was taken for it).
    pub(crate) measurements: Vec<Measurement>,
}

pub(crate) async fn load(acc: &Accounts, id: i64) -> Result<Option<Loaded>, StoreError> {
    let s = store(acc);
    let Some(stored) = s.get(id).await? else { return Ok(None) };
    let design = json::design_from_json(&stored.design).map_err(|e| broken(&e))?;
    let mut participants = Vec::new();
    let mut participant_versions = std::collections::BTreeMap::new();
    for p in s.participants(id).await? {
        participants.push((p.household, json::participant_from_json(&design, &p.content).map_err(|e| broken(&e))?));
        participant_versions.insert(p.number, p.version);
    }
    let allocation =
        stored.allocation.as_ref().map(|a| json::allocation_from_json(a).map_err(|e| broken(&e))).transpose()?;
    let mut measurements = Vec::new();
    for m in s.measurements(id).await? {
        measurements.push(json::measurement_from_json(&design, &m.content).map_err(|e| broken(&e))?);
    }
    let mut records = Vec::new();
    for a in s.admin(id, None).await? {
        let record = experiment::admin::record_from_json(&a.content).map_err(|e| broken(&e))?;
        let number = u32::try_from(a.number).map_err(|_| {
            StoreError::new(
                "een deelnemernummer is te groot",
                "a participant number is too large",
                a.number.to_string(),
            )
        })?;
        records.push((experiment::ParticipantId(number), record));
    }
    let measurements = experiment::admin::merge(&design, measurements, &records).map_err(|e| broken(&e))?;
    Ok(Some(Loaded { stored, design, participants, participant_versions, allocation, measurements }))
}

pub(crate) fn date_text(d: Date, lang: Lang) -> String {
    plan::text::date_text(d, lang)
}

// ---------------------------------------------------------------------------
// The list, and adding a design.

pub struct ExperimentRow {
    pub id: i64,
    pub title: String,
    pub key: String,
    pub period: String,
    pub enrolled: usize,
    pub drawn: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "experimenten.html")]
struct ListPage {
    t: &'static Texts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    errors: Vec<FieldError>,
    csrf: String,
    rows: Vec<ExperimentRow>,
    can_create: bool,
    f_ontwerp: String,
    e_ontwerp: String,
}

async fn list_response(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    input: Option<String>,
    status: StatusCode,
    errors: Vec<FieldError>,
) -> Response {
    let here = "/experimenten";
    let (acc, session, _) = match who(state, headers, lang, here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    let can_create = may(user, Action::ExperimentenBeheren);
    if !can_create && !may(user, Action::ExperimentRapportLezen) {
        return refused(lang, here);
    }
    let s = store(&acc);
    let stored = match s.list().await {
        Ok(x) => x,
        Err(e) => return internal(lang, here, &e),
    };
    let mut rows = Vec::with_capacity(stored.len());
    for e in stored {
        let design = match json::design_from_json(&e.design) {
            Ok(d) => d,
            Err(err) => return internal(lang, here, &broken(&err)),
        };
        let enrolled = match s.participants(e.id).await {
            Ok(p) => p.len(),
            Err(err) => return internal(lang, here, &err),
        };
        let spec = design.spec();
        rows.push(ExperimentRow {
            id: e.id,
            title: spec.title.clone(),
            key: e.key.clone(),
            period: format!("{} – {}", date_text(spec.start, lang), date_text(spec.end, lang)),
            enrolled,
            drawn: e.allocation.is_some(),
        });
    }
    let t = texts(lang);
    let page = ListPage {
        t,
        title: pick(lang, "Experimenten", "Experiments"),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        csrf: session.csrf.clone(),
        rows,
        can_create,
        f_ontwerp: input.unwrap_or_else(|| json::EXAMPLE_DESIGN.to_owned()),
        e_ontwerp: error_at(&errors, "ontwerp"),
        errors,
    };
    let mut r = page.into_response();
    *r.status_mut() = status;
    no_store(r)
}

async fn list_page(State(state): State<AppState>, Query(q): Query<Pairs>, headers: HeaderMap) -> Response {
    list_response(&state, &headers, lang_of(&q), None, StatusCode::OK, Vec::new()).await
}

/// The administrator adds an experiment from its design file.
async fn create(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let here = "/experimenten";
    let (acc, session, _) = match who_posting(&state, &headers, lang, here, &one(&form, "csrf")).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !may(user, Action::ExperimentenBeheren) {
        return refused(lang, here);
    }
    let text = one(&form, "ontwerp");
    let design = match json::design_from_toml(&text) {
        Ok(d) => d,
        Err(e) => {
            let m = match lang {
                Lang::Nl => format!("In het ontwerp, bij ‘{}’: {}", e.field, e.message_nl()),
                Lang::En => format!("In the design, at ‘{}’: {}", e.field, e.message_en()),
            };
            let errors = vec![at("ontwerp", m)];
            return list_response(&state, &headers, lang, Some(text), StatusCode::BAD_REQUEST, errors).await;
        }
    };
    let key = design.spec().key.clone();
    let now = jiff::Timestamp::now().as_second();
    match store(&acc).create(&key, &json::design_to_json(&design), &user.id, now).await {
        Ok(Some(id)) => Redirect::to(&format!("/experimenten/{id}?taal={}", texts(lang).lang)).into_response(),
        Ok(None) => {
            let m = match lang {
                Lang::Nl => format!("Er is al een experiment met de sleutel ‘{key}’. Kies een andere sleutel."),
                Lang::En => format!("There is already an experiment with the key ‘{key}’. Choose another key."),
            };
            list_response(&state, &headers, lang, Some(text), StatusCode::CONFLICT, vec![at("ontwerp", m)]).await
        }
        Err(e) => internal(lang, here, &e),
    }
}

// ---------------------------------------------------------------------------
// One experiment: the design, the numbers, the lottery and the report.

pub struct ArmView {
    pub key: String,
    pub label: String,
    pub kind: String,
    pub weight: u8,
    pub target: u32,
    pub drawn: String,
}

/// A table of the report: a caption, column heads and rows of cells as text.
pub struct TableView {
    pub id: String,
    pub caption: String,
    pub heads: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
    /// A paragraph after the table ("" for none): how to read it.
    pub note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "experiment.html")]
struct ShowPage {
    t: &'static Texts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    id: i64,
    version: i64,
    key: String,
    period: String,
    questions: Vec<String>,
    contacts: Vec<String>,
    waves: Vec<String>,
    items: usize,
    arms: Vec<ArmView>,
    enrolled: usize,
    not_drawn: usize,
    can_draw: bool,
    can_export: bool,
    report: Vec<TableView>,
    suppression_note: String,
    charts: Vec<String>,
    /// Per wave: (wave, participants for whom it is due now, filled in, still open).
    follow_up: Vec<FollowUp>,
    /// The lottery's seed once enrolment has closed (anyone may then check
    /// the draw); before that, why it is kept secret. "" before the lottery.
    seed_text: String,
    /// The administrator may take the outcomes from the records.
    can_record: bool,
}

fn suppressed(lang: Lang, reason: experiment::Suppression) -> String {
    match reason {
        experiment::Suppression::Primary => pick(lang, "— (te weinig mensen)", "— (too few people)").to_owned(),
        experiment::Suppression::Complementary => {
            pick(lang, "— (verborgen, anders terug te rekenen)", "— (hidden, else computable)").to_owned()
        }
    }
}

/// A number with two decimals, Dutch style (decimal comma) in Dutch.
fn decimal(x: f64, lang: Lang) -> String {
    let text = format!("{x:.2}");
    if lang == Lang::Nl { text.replace('.', ",") } else { text }
}

fn cell_text<T>(cell: &experiment::Cell<T>, lang: Lang, show: impl Fn(u32, &T) -> String) -> String {
    match cell {
        experiment::Cell::Shown { n, value } => show(*n, value),
        experiment::Cell::Suppressed { reason } => suppressed(lang, *reason),
    }
}

fn outcome_label(key: &str, lang: Lang) -> String {
    experiment::Outcome::from_key(key).map_or_else(|| key.to_owned(), |o| o.label(lang).to_owned())
}

fn outcome_unit(key: &str, lang: Lang) -> &'static str {
    experiment::Outcome::from_key(key).map_or("", |o| o.unit(lang))
}

/// The report's tables, as text (suppressed cells say so and why).
fn report_tables(report: &Report, lang: Lang) -> Vec<TableView> {
    let arm_heads: Vec<String> = report.arms.iter().map(|a| a.label_nl.clone()).collect();
    let mut tables = Vec::new();
    tables.push(TableView {
        note: String::new(),
        id: "armen".to_owned(),
        caption: pick(lang, "Deelnemers per groep (na de loting)", "Participants per arm (after the lottery)")
            .to_owned(),
        heads: vec![pick(lang, "Groep", "Arm").to_owned(), pick(lang, "Ingeschreven", "Enrolled").to_owned()],
        rows: report
            .arms
            .iter()
            .map(|a| (a.label_nl.clone(), vec![cell_text(&a.enrolled, lang, |_, v| v.to_string())]))
            .collect(),
    });
    let mut heads = vec![pick(lang, "Meting", "Wave").to_owned()];
    heads.extend(arm_heads.iter().cloned());
    tables.push(TableView {
        note: String::new(),
        id: "respons".to_owned(),
        caption: pick(lang, "Respons per meting (deel dat antwoordde)", "Response per wave (share that answered)")
            .to_owned(),
        heads: heads.clone(),
        rows: report
            .response
            .iter()
            .map(|r| {
                let cells = r
                    .cells
                    .iter()
                    .map(|c| {
                        cell_text(c, lang, |n, v| {
                            format!("{} {} ({} / {n})", v.per_mille / 10, pick(lang, "%", "%"), v.responded)
                        })
                    })
                    .collect();
                (r.wave.clone(), cells)
            })
            .collect(),
    });
    tables.push(TableView {
        note: String::new(),
        id: "uitval".to_owned(),
        caption: pick(
            lang,
            "Uitval bij de uitkomstmeting: gestopt, uit beeld, gemeten",
            "Attrition at the outcome wave: withdrawn, lost, measured",
        )
        .to_owned(),
        heads: vec![
            pick(lang, "Groep", "Arm").to_owned(),
            pick(lang, "Gestopt", "Withdrawn").to_owned(),
            pick(lang, "Uit beeld", "Lost").to_owned(),
            pick(lang, "Gemeten", "Measured").to_owned(),
            pick(lang, "Uitval", "Attrition").to_owned(),
        ],
        rows: report
            .attrition
            .iter()
            .map(|a| {
                let label = report.arms.iter().find(|l| l.key == a.arm).map_or(a.arm.clone(), |l| l.label_nl.clone());
                let count = |c: &experiment::Cell<u32>| cell_text(c, lang, |_, v| v.to_string());
                let share = cell_text(&a.attrition_per_mille, lang, |_, v| {
                    format!("{},{} %", v / 10, v % 10).replace(',', if lang == Lang::Nl { "," } else { "." })
                });
                (label, vec![count(&a.withdrawn), count(&a.lost), count(&a.measured), share])
            })
            .collect(),
    });
    let mut heads = vec![pick(lang, "Uitkomst (bij de nulmeting)", "Outcome (at baseline)").to_owned()];
    heads.extend(arm_heads.iter().cloned());
    tables.push(TableView {
        note: String::new(),
        id: "balans".to_owned(),
        caption: pick(
            lang,
            "Balans bij de start: gemiddelde (standaardafwijking; aantal) en het gestandaardiseerde verschil met de controlegroep",
            "Balance at baseline: mean (standard deviation; number) and the standardised difference from control",
        )
        .to_owned(),
        heads,
        rows: report
            .balance
            .iter()
            .map(|b| {
                let cells = b
                    .cells
                    .iter()
                    .zip(b.differences.iter())
                    .map(|(c, d)| {
                        let main =
                            cell_text(c, lang, |n, s| format!("{} ({}; n = {n})", decimal(s.mean, lang), decimal(s.sd, lang)));
                        match d {
                            Some(d) => format!("{main}, d = {}", decimal(*d, lang)),
                            None => main,
                        }
                    })
                    .collect();
                (format!("{} ({})", outcome_label(b.outcome, lang), outcome_unit(b.outcome, lang)), cells)
            })
            .collect(),
    });
    let effect_table = |id: &str, caption: String, rows: &[experiment::analysis::EffectRow]| {
        let mut heads = vec![pick(lang, "Uitkomst", "Outcome").to_owned()];
        heads.extend(report.arms.iter().filter(|a| a.kind != "controle").map(|a| a.label_nl.clone()));
        TableView {
            note: String::new(),
            id: id.to_owned(),
            caption,
            heads,
            rows: rows
                .iter()
                .map(|r| {
                    let cells = r
                        .effects
                        .iter()
                        .map(|e| {
                            cell_text(&e.effect, lang, |_, v| {
                                format!(
                                    "{} [{} ; {}]",
                                    decimal(v.difference, lang),
                                    decimal(v.ci_low, lang),
                                    decimal(v.ci_high, lang)
                                )
                            })
                        })
                        .collect();
                    (format!("{} ({})", outcome_label(r.outcome, lang), outcome_unit(r.outcome, lang)), cells)
                })
                .collect(),
        }
    };
    tables.push(effect_table(
        "itt",
        match lang {
            Lang::Nl => format!(
                "Effect volgens de loting (intention-to-treat), bij de {}: verschil met de controlegroep [{} %-betrouwbaarheidsinterval]",
                report.outcome_wave, report.confidence_percent
            ),
            Lang::En => format!(
                "Effect as randomised (intention to treat), at the {}: difference from control [{} % confidence interval]",
                report.outcome_wave, report.confidence_percent
            ),
        },
        &report.itt,
    ));
    tables.push(effect_table(
        "per-protocol",
        pick(
            lang,
            "Alleen wie kreeg wat de groep biedt (per protocol) — ter verkenning, geen uitkomst van het experiment",
            "Only those who received what the arm offers (per protocol) — exploratory, not the experiment's result",
        )
        .to_owned(),
        &report.per_protocol.rows,
    ));
    let note = |nl: &str, en: &str| if lang == Lang::Nl { nl.to_owned() } else { en.to_owned() };
    if let Some(t) = tables.iter_mut().find(|t| t.id == "per-protocol") {
        t.note = note(&report.per_protocol.label_nl, &report.per_protocol.label_en);
    }
    if let Some(t) = tables.iter_mut().find(|t| t.id == "itt") {
        t.note = note(&report.multiplicity.note_nl, &report.multiplicity.note_en);
    }
    let mut heads = vec![pick(lang, "Uitkomst", "Outcome").to_owned()];
    heads.extend(report.arms.iter().filter(|a| a.kind != "controle").map(|a| a.label_nl.clone()));
    tables.push(TableView {
        id: "itt-strata".to_owned(),
        caption: match lang {
            Lang::Nl => format!(
                "Effect volgens de loting, gewogen per stratum: verschil met de controlegroep [{} %-betrouwbaarheidsinterval]",
                report.confidence_percent
            ),
            Lang::En => format!(
                "Effect as randomised, weighted per stratum: difference from control [{} % confidence interval]",
                report.confidence_percent
            ),
        },
        heads: heads.clone(),
        rows: report
            .itt_stratified
            .rows
            .iter()
            .map(|r| {
                let cells = r
                    .effects
                    .iter()
                    .map(|e| {
                        cell_text(&e.effect, lang, |_, v| {
                            let est = &v.estimate;
                            let mut text = format!(
                                "{} [{} ; {}]",
                                decimal(est.difference, lang),
                                decimal(est.ci_low, lang),
                                decimal(est.ci_high, lang)
                            );
                            // How many strata were left out, not which: a named stratum would say
                            // that one arm had 0 or 1 measured people there, below the threshold.
                            let strata = v.strata_left_out.len();
                            if strata > 0 {
                                let left = cell_text(&v.left_out, lang, |_, n| n.to_string());
                                text.push_str(&match lang {
                                    Lang::Nl => format!(", zonder {strata} stratum/strata ({left} mensen)"),
                                    Lang::En => format!(", without {strata} stratum/strata ({left} people)"),
                                });
                            }
                            text
                        })
                    })
                    .collect();
                (format!("{} ({})", outcome_label(r.outcome, lang), outcome_unit(r.outcome, lang)), cells)
            })
            .collect(),
        note: note(&report.itt_stratified.label_nl, &report.itt_stratified.label_en),
    });
    // The p-values of the ITT table, raw and adjusted for the number of comparisons (Holm).
    let p_text = |p: Option<f64>| match p {
        Some(p) if p < 0.001 => pick(lang, "< 0,001", "< 0.001").to_owned(),
        Some(p) => {
            let text = format!("{p:.3}");
            if lang == Lang::Nl { text.replace('.', ",") } else { text }
        }
        None => pick(lang, "— (niet getoond)", "— (not shown)").to_owned(),
    };
    tables.push(TableView {
        id: "p-waarden".to_owned(),
        caption: pick(
            lang,
            "Kans op zo'n verschil door toeval (p-waarde), en gecorrigeerd voor het aantal vergelijkingen (Holm)",
            "Chance of such a difference by chance (p-value), and corrected for the number of comparisons (Holm)",
        )
        .to_owned(),
        heads: vec![
            pick(lang, "Uitkomst", "Outcome").to_owned(),
            pick(lang, "Groep", "Arm").to_owned(),
            "p".to_owned(),
            pick(lang, "p (Holm)", "p (Holm)").to_owned(),
        ],
        rows: report
            .multiplicity
            .p_values
            .iter()
            .map(|p| {
                let arm = report.arms.iter().find(|a| a.key == p.arm).map_or(p.arm.clone(), |a| a.label_nl.clone());
                (outcome_label(p.outcome, lang), vec![arm, p_text(p.p), p_text(p.p_holm)])
            })
            .collect(),
        note: String::new(),
    });
    tables
}

async fn render_show(state: &AppState, headers: &HeaderMap, lang: Lang, id: i64, fb: Feedback) -> Response {
    let here = format!("/experimenten/{id}");
    let (acc, session, _) = match who(state, headers, lang, &here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    let can_draw = may(user, Action::ExperimentenBeheren);
    if !can_draw && !may(user, Action::ExperimentRapportLezen) {
        return refused(lang, &here);
    }
    let loaded = match load(&acc, id).await {
        Ok(Some(l)) => l,
        Ok(None) => return not_found(lang, "/experimenten"),
        Err(e) => return internal(lang, &here, &e),
    };
    let spec = loaded.design.spec();
    let participants: Vec<Participant> = loaded.participants.iter().map(|(_, p)| p.clone()).collect();
    let drawn_of =
        |key: &str| loaded.allocation.as_ref().map_or(0, |a| a.assignments.iter().filter(|x| x.arm == key).count());
    let not_drawn = loaded
        .allocation
        .as_ref()
        .map_or(participants.len(), |a| participants.iter().filter(|p| a.arm_of(p.id).is_none()).count());
    let mut report = Vec::new();
    let mut charts = Vec::new();
    let mut suppression_note = String::new();
    if let Some(allocation) = &loaded.allocation
        && not_drawn == 0
        && !participants.is_empty()
    {
        let made = Trial::new(&loaded.design, &participants, allocation, &loaded.measurements).and_then(|trial| {
            // The municipality's threshold from the design (10 unless it chose otherwise).
            trial.report(&ReportOptions { threshold: loaded.design.spec().threshold, ..ReportOptions::default() })
        });
        match made {
            Ok(r) => {
                report = report_tables(&r, lang);
                charts = r.itt.iter().map(|row| experiment::chart::effects_svg(row, &r, lang)).collect();
                suppression_note = match lang {
                    Lang::Nl => format!(
                        "Groepen van minder dan {} mensen worden niet getoond; soms wordt er nog één verborgen, zodat de kleine groep niet terug te rekenen is.",
                        r.threshold
                    ),
                    Lang::En => format!(
                        "Groups of fewer than {} people are not shown; sometimes one more is hidden so the small group cannot be computed back.",
                        r.threshold
                    ),
                };
            }
            Err(e) => return internal(lang, &here, &broken(&e)),
        }
    }
    // Per wave: who is due (its first day has come, still taking part), who
    // answered, whose window is still open (they see a reminder), whose
    // window closed without an answer, and for whom the records were taken.
    let day = today();
    let k = spec.threshold;
    // (participant, wave) of every answered questionnaire and every record, once, not per wave and person.
    let of = |keep: fn(&Measurement) -> bool| -> std::collections::HashSet<(experiment::ParticipantId, &str)> {
        loaded.measurements.iter().filter(|m| keep(m)).map(|m| (m.participant, m.wave.as_str())).collect()
    };
    let (responded, recorded) = (of(Measurement::responded), of(|m| m.admin.is_some()));
    let follow_up = spec
        .waves
        .iter()
        .map(|w| {
            let due: Vec<&Participant> =
                participants.iter().filter(|p| p.withdrawal.is_none() && w.window(p.enrolled_on).0 <= day).collect();
            let answered = |p: &Participant| responded.contains(&(p.id, w.key.as_str()));
            let filled = due.iter().filter(|p| answered(p)).count();
            let drawn = |p: &Participant| loaded.allocation.as_ref().is_some_and(|a| a.arm_of(p.id).is_some());
            let open = due
                .iter()
                .filter(|p| !answered(p) && experiment::offered(&loaded.design, w, p.enrolled_on, drawn(p), day))
                .count();
            let from_records = participants.iter().filter(|p| recorded.contains(&(p.id, w.key.as_str()))).count();
            FollowUp {
                wave: w.label_nl.clone(),
                due: few(due.len(), k, lang),
                filled: few(filled, k, lang),
                open: few(open, k, lang),
                closed: few(due.len() - filled - open, k, lang),
                from_records: few(from_records, k, lang),
            }
        })
        .collect();
    let t = texts(lang);
    let page = ShowPage {
        follow_up,
        t,
        title: spec.title.clone(),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        notice: fb.notice,
        errors: fb.errors,
        csrf: session.csrf.clone(),
        id,
        version: loaded.stored.version,
        key: loaded.stored.key.clone(),
        period: format!("{} – {}", date_text(spec.start, lang), date_text(spec.end, lang)),
        questions: spec.research_questions.clone(),
        contacts: spec.contacts.iter().map(|c| format!("{}: {} ({})", c.role_nl, c.name, c.reach)).collect(),
        waves: spec
            .waves
            .iter()
            .map(|w| match lang {
                Lang::Nl => format!("{} — maand {}", w.label_nl, w.month),
                Lang::En => format!("{} — month {}", w.label_nl, w.month),
            })
            .collect(),
        items: spec.questionnaire.items.len(),
        arms: spec
            .arms
            .iter()
            .map(|a| ArmView {
                key: a.key.clone(),
                label: a.label_nl.clone(),
                kind: match &a.kind {
                    experiment::ArmKind::Control => {
                        pick(lang, "controlegroep: de gewone regels", "control: the ordinary rules").to_owned()
                    }
                    experiment::ArmKind::Package { variant } => match lang {
                        Lang::Nl => format!("pakket {variant}"),
                        Lang::En => format!("package {variant}"),
                    },
                    experiment::ArmKind::FreeChoice { options } => match lang {
                        Lang::Nl => format!("vrije keuze uit {}", options.join(", ")),
                        Lang::En => format!("free choice of {}", options.join(", ")),
                    },
                },
                weight: a.weight,
                target: a.target,
                drawn: if loaded.allocation.is_some() { drawn_of(&a.key).to_string() } else { "–".to_owned() },
            })
            .collect(),
        enrolled: participants.len(),
        not_drawn,
        seed_text: seed_text(loaded.allocation.as_ref(), spec.end, day, lang),
        can_record: may(user, Action::ExperimentRegistratieVastleggen) && !participants.is_empty(),
        can_draw,
        can_export: may(user, Action::OnderzoeksdataExporteren) && loaded.allocation.is_some(),
        report,
        suppression_note,
        charts,
    };
    let mut r = page.into_response();
    *r.status_mut() = fb.status.unwrap_or(StatusCode::OK);
    no_store(r)
}

/// The lottery's seed once enrolment has closed (`end` passed), so anyone
/// may check the draw; before that, why it is kept secret; "" before the
/// lottery.
fn seed_text(allocation: Option<&Allocation>, end: Date, day: Date, lang: Lang) -> String {
    match allocation {
        None => String::new(),
        // Secret while enrolment runs: with the seed and the list of enrolments anyone could
        // compute the arm of the next resident (docs/experimenten.md, "Concealment").
        Some(_) if day <= end => match lang {
            Lang::Nl => format!(
                "Het zaad van de loting blijft geheim tot de inschrijving sluit ({}). Anders kan iemand uitrekenen in welke groep de volgende deelnemer komt. Daarna staat het hier, zodat iedereen de loting kan nagaan.",
                date_text(end, lang)
            ),
            Lang::En => format!(
                "The lottery's seed stays secret until enrolment closes ({}). Otherwise someone could compute the arm of the next participant. After that it is shown here, so anyone can check the draw.",
                date_text(end, lang)
            ),
        },
        Some(a) => match lang {
            Lang::Nl => format!(
                "Zaad van de loting: {} (methode {}). Met dit getal en de lijst van deelnemers komt er precies dezelfde loting uit.",
                a.seed, a.algorithm
            ),
            Lang::En => format!(
                "The lottery's seed: {} (method {}). With this number and the list of participants the same draw comes out.",
                a.seed, a.algorithm
            ),
        },
    }
}

/// One row of the follow-up table.
/// Counts of 1 to k − 1 read "minder dan k" ([`few`]).
struct FollowUp {
    wave: String,
    due: String,
    filled: String,
    /// Not answered, window still open: a reminder is shown to them.
    open: String,
    /// Not answered, window closed: counts as not responded.
    closed: String,
    /// Outcomes taken from the records (also for those who stopped, up to that day).
    from_records: String,
}

#[derive(Default)]
struct Feedback {
    status: Option<StatusCode>,
    notice: String,
    errors: Vec<FieldError>,
}

async fn show(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    match path_id(&id) {
        Some(id) => render_show(&state, &headers, lang, id, Feedback::default()).await,
        None => not_found(lang, "/experimenten"),
    }
}

/// What an administrator's form on an experiment works with.
struct AdminForm {
    id: i64,
    here: String,
    acc: std::sync::Arc<Accounts>,
    user: User,
    loaded: Loaded,
}

/// The shared start of the administrator's forms on `/experimenten/{id}/…`
/// (the lottery, the outcomes from the records): a real id, a session, the
/// form's CSRF token, the right to set experiments up, and the experiment.
async fn admin_form(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    id: &str,
    form: &Pairs,
    action: Action,
) -> Result<AdminForm, Response> {
    let Some(id) = path_id(id) else { return Err(not_found(lang, "/experimenten")) };
    let here = format!("/experimenten/{id}");
    let (acc, session, _) = who_posting(state, headers, lang, &here, &one(form, "csrf")).await?;
    if !may(&session.user, action) {
        return Err(refused(lang, &here));
    }
    let loaded = match load(&acc, id).await {
        Ok(Some(l)) => l,
        Ok(None) => return Err(not_found(lang, "/experimenten")),
        Err(e) => return Err(internal(lang, &here, &e)),
    };
    Ok(AdminForm { id, here, acc, user: session.user, loaded })
}

/// Draws the lot for everyone enrolled and not yet drawn. The first time
/// the seed comes from the operating system; later draws (after more
/// enrolments) rerun the recorded seed, which never changes an earlier
/// participant's arm. Then each newly drawn participant's dossier gets the
/// package of their arm (the control arm the ordinary rules, a free-choice
/// arm waits for the resident's choice).
async fn draw(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let AdminForm { id, here, acc, user, loaded } =
        match admin_form(&state, &headers, lang, &id, &form, Action::ExperimentenBeheren).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let user = &user;
    if one(&form, "versie").parse::<i64>().ok() != Some(loaded.stored.version) {
        let fb = Feedback {
            status: Some(StatusCode::CONFLICT),
            notice: pick(
                lang,
                "Iemand anders heeft dit experiment intussen gewijzigd (of de loting al gedaan). Er is niets gedaan. Bekijk de stand hieronder.",
                "Someone else changed this experiment in the meantime (or already drew the lot). Nothing was done. See the state below.",
            )
            .to_owned(),
            ..Feedback::default()
        };
        return render_show(&state, &headers, lang, id, fb).await;
    }
    let participants: Vec<Participant> = loaded.participants.iter().map(|(_, p)| p.clone()).collect();
    if participants.is_empty() {
        let fb = Feedback {
            status: Some(StatusCode::BAD_REQUEST),
            notice: pick(
                lang,
                "Er is nog niemand ingeschreven: er valt niets te loten.",
                "No one is enrolled yet: there is nothing to draw.",
            )
            .to_owned(),
            ..Feedback::default()
        };
        return render_show(&state, &headers, lang, id, fb).await;
    }
    let seed = match &loaded.allocation {
        Some(a) => a.seed,
        None => {
            let mut bytes = [0u8; 8];
            if let Err(e) = getrandom::fill(&mut bytes) {
                return internal(lang, &here, &StoreError::new("geen toevalsgetal", "no random number", e.to_string()));
            }
            u64::from_le_bytes(bytes)
        }
    };
    let allocation = match experiment::allocate(&loaded.design, seed, &participants) {
        Ok(a) => a,
        Err(e) => return internal(lang, &here, &broken(&e)),
    };
    // Arms already drawn stay as they were: the algorithm guarantees it; checked here too, and
    // if it ever failed nothing is written and the administrator is told.
    if let Some(before) = &loaded.allocation
        && let Some(moved) =
            before.assignments.iter().find(|a| allocation.arm_of(a.participant) != Some(a.arm.as_str()))
    {
        let e = StoreError::new(
            "een nieuwe loting zou een eerdere deelnemer verplaatsen; er is niets veranderd",
            "a new draw would move an earlier participant; nothing was changed",
            format!("deelnemer {}", moved.participant.0),
        );
        return internal(lang, &here, &e);
    }
    let newly: Vec<(i64, String)> = loaded
        .participants
        .iter()
        .filter(|(_, p)| loaded.allocation.as_ref().is_none_or(|a| a.arm_of(p.id).is_none()))
        .filter_map(|(household, p)| allocation.arm_of(p.id).map(|arm| (*household, arm.to_owned())))
        .collect();
    let now = jiff::Timestamp::now().as_second();
    let stored_design = loaded.stored.design.clone();
    match store(&acc)
        .put(id, loaded.stored.version, &stored_design, Some(&json::allocation_to_json(&allocation)), &user.id, now)
        .await
    {
        Ok(Ok(_)) => {}
        Ok(Err(_)) => {
            let fb = Feedback {
                status: Some(StatusCode::CONFLICT),
                notice: pick(
                    lang,
                    "Iemand anders was net eerder. Er is niets gedaan.",
                    "Someone else was just earlier. Nothing was done.",
                )
                .to_owned(),
                ..Feedback::default()
            };
            return render_show(&state, &headers, lang, id, fb).await;
        }
        Err(e) => return internal(lang, &here, &e),
    }
    // Each dossier gets its arm's package; logged per household.
    let mut changed = 0usize;
    for (household, arm_key) in &newly {
        let Some(arm) = loaded.design.arm(arm_key) else { continue };
        let package = match &arm.kind {
            experiment::ArmKind::Package { variant } => variant.clone(),
            experiment::ArmKind::Control => "basis".to_owned(),
            experiment::ArmKind::FreeChoice { .. } => continue,
        };
        match set_package(&acc, user, *household, &package).await {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(e) => return internal(lang, &here, &e),
        }
    }
    let notice = match lang {
        Lang::Nl => format!(
            "De loting is gedaan voor {} deelnemer(s). {changed} dossier(s) kregen het pakket van hun groep.",
            newly.len()
        ),
        Lang::En => format!(
            "The lot was drawn for {} participant(s). {changed} dossier(s) got their arm's package.",
            newly.len()
        ),
    };
    render_show(&state, &headers, lang, id, Feedback { notice, ..Feedback::default() }).await
}

/// Records the outcomes from the municipality's own records for every
/// participant and wave whose first day has come and that has none yet:
/// the dossier version in force at the start of that day, the rung on the
/// ladder that day, and the bijstand computed with the rules of that day
/// (`experiment::admin`). Once recorded a wave's record stays: what was in
/// the records on a day does not change. Not for data a resident asked to
/// have deleted, nor for days after she stopped. Each household's reading
/// is logged; the administrator sees only counts, never a dossier.
async fn record_admin(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let AdminForm { id, here, acc, user, loaded } =
        match admin_form(&state, &headers, lang, &id, &form, Action::ExperimentRegistratieVastleggen).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let user = &user;
    match record_admin_outcomes(&acc, user, &loaded, today()).await {
        Ok(counts) => {
            let notice = counts.sentence(lang);
            render_show(&state, &headers, lang, id, Feedback { notice, ..Feedback::default() }).await
        }
        Err(e) => internal(lang, &here, &e),
    }
}

/// What [`record_admin_outcomes`] did.
#[derive(Default)]
pub(crate) struct Recorded {
    pub(crate) records: usize,
    pub(crate) households: usize,
    /// How often each outcome was missing, and why.
    pub(crate) missing: std::collections::BTreeMap<experiment::admin::Missing, usize>,
    /// Dossiers that could not be read back as a household (none expected).
    pub(crate) unreadable: usize,
    /// Records not written because the participant changed meanwhile (e.g. stopped).
    pub(crate) changed: usize,
    /// The design's small-cell threshold: counts under it are not shown exactly.
    pub(crate) threshold: u32,
}

/// A count of people for the administrator's eyes: 1 to k − 1 as "minder dan
/// k", like the report's small-cell rule, so a notice never says that one
/// person works or stopped.
fn few(n: usize, k: u32, lang: Lang) -> String {
    let k = usize::try_from(k).unwrap_or(usize::MAX);
    match (n, lang) {
        (n, _) if n == 0 || n >= k => n.to_string(),
        (_, Lang::Nl) => format!("minder dan {k}"),
        (_, Lang::En) => format!("fewer than {k}"),
    }
}

impl Recorded {
    fn sentence(&self, lang: Lang) -> String {
        let k = self.threshold;
        let (records, households) = (few(self.records, k, lang), few(self.households, k, lang));
        let mut out = match lang {
            Lang::Nl => {
                format!("Uit de administratie vastgelegd: {records} meting(en) van {households} huishouden(s).")
            }
            Lang::En => {
                format!(
                    "Recorded from the municipality's records: {records} measurement(s) of {households} household(s)."
                )
            }
        };
        for (why, n) in &self.missing {
            let n = few(*n, k, lang);
            out.push_str(&match lang {
                Lang::Nl => format!(" Ontbreekt bij {n}: {}.", why.text(lang)),
                Lang::En => format!(" Missing for {n}: {}.", why.text(lang)),
            });
        }
        if self.changed > 0 {
            let n = few(self.changed, k, lang);
            out.push_str(&match lang {
                Lang::Nl => format!(
                    " {n} meting(en) niet vastgelegd: de deelnemer veranderde intussen (bijvoorbeeld gestopt). Probeer het opnieuw."
                ),
                Lang::En => format!(
                    " {n} measurement(s) not recorded: the participant changed meanwhile (for example stopped). Try again."
                ),
            });
        }
        if self.unreadable > 0 {
            let n = few(self.unreadable, k, lang);
            out.push_str(&match lang {
                Lang::Nl => format!(" {n} dossier(s) konden niet worden gelezen."),
                Lang::En => format!(" {n} dossier(s) could not be read."),
            });
        }
        out
    }
}

pub(crate) async fn record_admin_outcomes(
    acc: &Accounts,
    user: &User,
    loaded: &Loaded,
    day: Date,
) -> Result<Recorded, StoreError> {
    let sets =
        regels::ParameterSets::embedded().map_err(|e| StoreError::new(e.message_nl(), e.message_en(), "parameters"))?;
    let s = store(acc);
    let id = loaded.stored.id;
    // What was recorded before: `load` read the records already (a measurement with `admin`).
    let done: std::collections::BTreeSet<(i64, &str)> = loaded
        .measurements
        .iter()
        .filter(|m| m.admin.is_some())
        .map(|m| (i64::from(m.participant.0), m.wave.as_str()))
        .collect();
    let now = jiff::Timestamp::now().as_second();
    let mut out = Recorded { threshold: loaded.design.spec().threshold, ..Recorded::default() };
    for (household, p) in &loaded.participants {
        if p.data_deleted() {
            continue;
        }
        let number = i64::from(p.id.0);
        let due: Vec<(&experiment::Wave, Date)> = loaded
            .design
            .spec()
            .waves
            .iter()
            .map(|w| (w, w.window(p.enrolled_on).0))
            .filter(|(w, first)| *first <= day && p.data_usable(*first) && !done.contains(&(number, w.key.as_str())))
            .collect();
        if due.is_empty() {
            continue;
        }
        let Some(current) = acc.dossiers.get(*household).await? else {
            out.unreadable += 1;
            continue;
        };
        log(acc, user, "gegevens voor onderzoek vastleggen", ACTIVITY_EXPERIMENT, Subject::Bsn(&current.bsn)).await?;
        out.households += 1;
        let (ladder, _) = crate::plan::load_ladder(acc, *household).await?;
        for (wave, first) in due {
            // The records as they stood at the start of the wave's first day.
            let instant = first.to_zoned(jiff::tz::TimeZone::system()).map_or(now, |z| z.timestamp().as_second());
            let Some((version, package, data)) = acc.dossiers.as_of(*household, instant).await? else {
                out.unreadable += 1;
                continue;
            };
            let Ok(h) = regels::input::parse_household(&data) else {
                out.unreadable += 1;
                continue;
            };
            let records = experiment::admin::Records {
                household: &h,
                package: &package,
                dossier_version: version,
                rung: ladder.history().on(first).map(|p| p.rung),
            };
            let record = experiment::admin::from_records(&records, &wave.key, first, sets);
            for m in &record.missing {
                *out.missing.entry(*m).or_default() += 1;
            }
            let version = loaded.participant_versions.get(&number).copied().unwrap_or(0);
            let content = experiment::admin::record_to_json(&record);
            match s.put_admin(id, number, version, &wave.key, &content, &user.id, now).await? {
                AdminPut::Written => out.records += 1,
                AdminPut::AlreadyRecorded => {}
                // She stopped (or changed) meanwhile: what she decided counts; a next run looks again.
                AdminPut::ParticipantChanged => out.changed += 1,
            }
        }
    }
    Ok(out)
}

/// Sets a dossier's package (a versioned change with history, retried once
/// when someone changed the dossier in between). `false` when it already had it.
pub(crate) async fn set_package(
    acc: &Accounts,
    user: &User,
    household: i64,
    package: &str,
) -> Result<bool, StoreError> {
    for _ in 0..3 {
        let Some(d) = acc.dossiers.get(household).await? else { return Ok(false) };
        if d.package == package {
            return Ok(false);
        }
        log(acc, user, "pakket uit loting vastleggen", ACTIVITY_EXPERIMENT, Subject::Bsn(&d.bsn)).await?;
        let change = opslag::Change {
            name: &d.name,
            address: &d.address,
            neighbourhood: &d.neighbourhood,
            bsn: &d.bsn,
            package,
            data: &d.data,
        };
        let now = jiff::Timestamp::now().as_second();
        if acc.dossiers.update(household, d.version, &change, &user.id, now).await?.is_ok() {
            return Ok(true);
        }
    }
    Err(StoreError::new(
        format!("het pakket van huishouden {household} kon niet worden vastgelegd: het dossier verandert steeds"),
        format!("the package of household {household} could not be set: the dossier keeps changing"),
        "",
    ))
}

/// The two file formats of the export.
#[derive(Clone, Copy)]
enum ExportFormat {
    /// `;`-separated, as Dutch spreadsheets expect.
    Csv,
    /// For pandas, R and DuckDB; outcome units in the file's metadata.
    Parquet,
}

async fn export_csv(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    export(&state, &q, &headers, &id, ExportFormat::Csv).await
}

async fn export_parquet(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    export(&state, &q, &headers, &id, ExportFormat::Parquet).await
}

/// The researcher's export: one row per participant and wave, keyed
/// pseudonyms of the participant number (HMAC with the server's key and the
/// experiment's key: another experiment gives other pseudonyms), no name,
/// BSN or household id. The export is logged.
async fn export(state: &AppState, q: &Pairs, headers: &HeaderMap, id: &str, format: ExportFormat) -> Response {
    let lang = lang_of(q);
    let Some(id) = path_id(id) else { return not_found(lang, "/experimenten") };
    let here = format!("/experimenten/{id}");
    let (acc, session, _) = match who(state, headers, lang, &here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = &session.user;
    if !may(user, Action::OnderzoeksdataExporteren) {
        return refused(lang, &here);
    }
    let loaded = match load(&acc, id).await {
        Ok(Some(l)) => l,
        Ok(None) => return not_found(lang, "/experimenten"),
        Err(e) => return internal(lang, &here, &e),
    };
    let Some(allocation) = &loaded.allocation else { return not_found(lang, &here) };
    let participants: Vec<Participant> = loaded.participants.iter().map(|(_, p)| p.clone()).collect();
    let key = loaded.stored.key.clone();
    let pseudonymiser =
        |p: experiment::ParticipantId| acc.research_pseudonymiser.pseudonym(&format!("experiment:{key}:{}", p.0));
    let rows = Trial::new(&loaded.design, &participants, allocation, &loaded.measurements)
        .and_then(|trial| experiment::export_rows(&trial, &pseudonymiser));
    let rows = match rows {
        Ok(r) => r,
        Err(e) => return internal(lang, &here, &broken(&e)),
    };
    if let Err(e) = log(&acc, user, "onderzoeksdata exporteren", ACTIVITY_EXPERIMENT, Subject::Account(&user.id)).await
    {
        return internal(lang, &here, &e);
    }
    let (body, content_type, extension) = match format {
        ExportFormat::Csv => (experiment::to_csv(&rows).into_bytes(), "text/csv; charset=utf-8", "csv"),
        ExportFormat::Parquet => match experiment::to_parquet(&rows) {
            Ok(bytes) => (bytes, "application/vnd.apache.parquet", "parquet"),
            Err(e) => {
                let e = StoreError::new(
                    "het Parquet-bestand kon niet worden gemaakt",
                    "the Parquet file could not be made",
                    e.to_string(),
                );
                return internal(lang, &here, &e);
            }
        },
    };
    let disposition = format!("attachment; filename=\"{key}-gepseudonimiseerd.{extension}\"");
    let mut r = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response();
    *r.status_mut() = StatusCode::OK;
    no_store(r)
}

// ---------------------------------------------------------------------------
// Enrolment from the dossier.

pub struct Membership {
    pub title: String,
    pub number: i64,
    pub arm: String,
    pub consent: String,
    pub withdrawn: String,
    /// After she stopped, while the dossier still has a package other than
    /// "basis": a reminder to talk about it (changing it is a decision of
    /// the college, with objection, not a click; see docs/experimenten.md).
    pub package_note: String,
    /// A questionnaire open for her now, so the caseworker can remind her in
    /// person (the app has no e-mail or SMS); "" when none.
    pub questionnaire_note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "experiment_inschrijven.html")]
struct EnrolPage {
    t: &'static Texts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    id: i64,
    name: String,
    memberships: Vec<Membership>,
    /// (id, title, chosen) of experiments open for enrolment today.
    open: Vec<(i64, String, bool)>,
    /// (experiment id, version key) of every open experiment's information texts.
    versions: Vec<String>,
    profile: String,
    f_versie: String,
    f_datum: String,
    f_maanden: String,
    e_experiment: String,
    e_versie: String,
    e_datum: String,
    e_maanden: String,
}

/// The household's type and the applicant's age on `on`, from the dossier.
fn household_profile(data: &str, on: Date) -> Option<(experiment::HouseholdType, u8)> {
    let h = regels::input::parse_household(data).ok()?;
    let children =
        h.children.iter().any(|c| c.birth_date.checked_add(jiff::Span::new().years(18)).is_ok_and(|adult| adult > on));
    let kind = match (h.partner.is_some(), children) {
        (false, false) => experiment::HouseholdType::Alleenstaande,
        (false, true) => experiment::HouseholdType::AlleenstaandeOuder,
        (true, false) => experiment::HouseholdType::Paar,
        (true, true) => experiment::HouseholdType::PaarMetKinderen,
    };
    let age = on.since((jiff::Unit::Year, h.applicant.birth_date)).ok()?.get_years();
    Some((kind, u8::try_from(age).ok()?))
}

fn household_type_label(h: experiment::HouseholdType, lang: Lang) -> &'static str {
    match h {
        experiment::HouseholdType::Alleenstaande => pick(lang, "alleenstaande", "single"),
        experiment::HouseholdType::AlleenstaandeOuder => pick(lang, "alleenstaande ouder", "single parent"),
        experiment::HouseholdType::Paar => pick(lang, "paar", "couple"),
        experiment::HouseholdType::PaarMetKinderen => pick(lang, "paar met kinderen", "couple with children"),
    }
}

#[allow(clippy::too_many_lines)]
async fn render_enrol(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    id: i64,
    fb: Feedback,
    input: &Pairs,
) -> Response {
    let here = format!("/dossiers/{id}/experiment");
    let Opened { acc, session, actor: _, dossier } = match open_household(
        state,
        headers,
        lang,
        id,
        &here,
        Action::ExperimentInschrijven,
        None,
        "experimentdeelname lezen",
        ACTIVITY_EXPERIMENT,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let s = store(&acc);
    let mine = match s.of_household(id).await {
        Ok(m) => m,
        Err(e) => return internal(lang, &here, &e),
    };
    let all = match s.list().await {
        Ok(a) => a,
        Err(e) => return internal(lang, &here, &e),
    };
    let day = today();
    let mut memberships = Vec::new();
    let mut open = Vec::new();
    let mut versions = Vec::new();
    let chosen = one(input, "experiment");
    for e in &all {
        let design = match json::design_from_json(&e.design) {
            Ok(d) => d,
            Err(err) => return internal(lang, &here, &broken(&err)),
        };
        let spec = design.spec();
        if let Some(p) = mine.iter().find(|p| p.experiment == e.id) {
            let participant = match json::participant_from_json(&design, &p.content) {
                Ok(x) => x,
                Err(err) => return internal(lang, &here, &broken(&err)),
            };
            let allocation = match e.allocation.as_ref().map(json::allocation_from_json).transpose() {
                Ok(a) => a,
                Err(err) => return internal(lang, &here, &broken(&err)),
            };
            let arm = allocation
                .as_ref()
                .and_then(|a| a.arm_of(participant.id))
                .and_then(|k| design.arm(k))
                .map_or_else(|| pick(lang, "nog niet geloot", "not drawn yet").to_owned(), |a| a.label_nl.clone());
            // Her answered waves (a stored measurement is her answers; records are kept apart).
            let answered: Vec<String> = match s.measurements_of(e.id, p.number).await {
                Ok(m) => m.into_iter().map(|m| m.wave).collect(),
                Err(err) => return internal(lang, &here, &err),
            };
            let drawn = allocation.as_ref().is_some_and(|a| a.arm_of(participant.id).is_some());
            let due = spec.waves.iter().find(|w| {
                participant.withdrawal.is_none()
                    && !answered.contains(&w.key)
                    && experiment::offered(&design, w, participant.enrolled_on, drawn, day)
            });
            let questionnaire_note = due.map_or_else(String::new, |w| {
                let last = date_text(w.window(participant.enrolled_on).1, lang);
                match lang {
                    Lang::Nl => format!(
                        "Er staat een vragenlijst voor de deelnemer klaar: {} (kan tot en met {last}). U mag haar eraan herinneren; invullen is vrijwillig.",
                        w.label_nl
                    ),
                    Lang::En => format!(
                        "A questionnaire is waiting for the resident: {} (open until {last}). You may remind her; filling it in is voluntary.",
                        w.label_nl
                    ),
                }
            });
            memberships.push(Membership {
                questionnaire_note,
                title: spec.title.clone(),
                number: p.number,
                arm,
                consent: match lang {
                    Lang::Nl => format!(
                        "toestemming op {} (informatietekst {})",
                        date_text(participant.consent.date, lang),
                        participant.consent.information_version
                    ),
                    Lang::En => format!(
                        "consent on {} (information text {})",
                        date_text(participant.consent.date, lang),
                        participant.consent.information_version
                    ),
                },
                withdrawn: participant.withdrawal.map_or_else(String::new, |w| date_text(w.date, lang)),
                package_note: if participant.withdrawal.is_some() && dossier.package != "basis" {
                    match lang {
                        Lang::Nl => format!(
                            "Het dossier heeft nog pakket {}. Bespreek met de deelnemer of dat blijft. Een ander pakket is een besluit waartegen zij bezwaar kan maken.",
                            dossier.package
                        ),
                        Lang::En => format!(
                            "The dossier still has package {}. Talk with the resident about whether it stays. Another package is a decision she can object to.",
                            dossier.package
                        ),
                    }
                } else {
                    String::new()
                },
            });
        } else if spec.start <= day && day <= spec.end {
            open.push((e.id, spec.title.clone(), chosen == e.id.to_string()));
            versions.extend(spec.information_versions.iter().cloned());
        }
    }
    versions.sort();
    versions.dedup();
    let rung = match crate::plan::load_ladder(&acc, id).await {
        Ok((ladder, _)) => ladder.history().positions().last().map(|p| p.rung),
        Err(e) => return internal(lang, &here, &e),
    };
    let profile = match (household_profile(&dossier.data, day), rung) {
        (Some((kind, age)), Some(rung)) => match lang {
            Lang::Nl => format!("Uit het dossier: {}, aanvrager {age} jaar, trede {rung} op de ladder.", household_type_label(kind, lang)),
            Lang::En => format!("From the dossier: {}, applicant aged {age}, rung {rung} on the ladder.", household_type_label(kind, lang)),
        },
        (_, None) => pick(
            lang,
            "Er staat nog geen plek op de ladder in het plan. Bepaal die eerst samen met de deelnemer: de loting houdt er rekening mee.",
            "There is no place on the ladder in the plan yet. Find it first, together with the resident: the lottery takes it into account.",
        )
        .to_owned(),
        (None, _) => pick(lang, "Het huishouden in het dossier is niet volledig.", "The household in the dossier is not complete.")
            .to_owned(),
    };
    let t = texts(lang);
    let errors = fb.errors;
    let f = |k: &str| one(input, k);
    let page = EnrolPage {
        t,
        title: format!("{} · {}", pick(lang, "Experimenten", "Experiments"), dossier.name),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        notice: fb.notice,
        csrf: session.csrf.clone(),
        id,
        name: dossier.name.clone(),
        memberships,
        open,
        versions,
        profile,
        f_versie: f("versie_informatietekst"),
        f_datum: if f("datum").is_empty() { day.to_string() } else { f("datum") },
        f_maanden: f("maanden"),
        e_experiment: error_at(&errors, "experiment"),
        e_versie: error_at(&errors, "versie_informatietekst"),
        e_datum: error_at(&errors, "datum"),
        e_maanden: error_at(&errors, "maanden"),
        errors,
    };
    let mut r = page.into_response();
    *r.status_mut() = fb.status.unwrap_or(StatusCode::OK);
    no_store(r)
}

async fn enrol_page(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    match path_id(&id) {
        Some(id) => render_enrol(&state, &headers, lang, id, Feedback::default(), &Pairs::new()).await,
        None => not_found(lang, "/dossiers"),
    }
}

/// The caseworker enrols the household, with the resident's consent.
#[allow(clippy::too_many_lines)]
async fn enrol(
    State(state): State<AppState>,
    Query(q): Query<Pairs>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Response {
    let lang = lang_of(&q);
    let Some(id) = path_id(&id) else { return not_found(lang, "/dossiers") };
    let here = format!("/dossiers/{id}/experiment");
    let Opened { acc, session, actor: _, dossier } = match open_household(
        &state,
        &headers,
        lang,
        id,
        &here,
        Action::ExperimentInschrijven,
        Some(&one(&form, "csrf")),
        "inschrijven voor een experiment",
        ACTIVITY_EXPERIMENT,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let user = &session.user;
    let mut errors = Vec::new();
    let experiment_id = one(&form, "experiment").parse::<i64>().ok();
    let loaded = match experiment_id {
        Some(e) => match load(&acc, e).await {
            Ok(l) => l,
            Err(err) => return internal(lang, &here, &err),
        },
        None => None,
    };
    if loaded.is_none() {
        errors.push(at(
            "experiment",
            pick(lang, "Kies een experiment uit de lijst.", "Choose an experiment from the list.").to_owned(),
        ));
    }
    let consent_date = one(&form, "datum").trim().parse::<Date>().ok();
    if consent_date.is_none() {
        errors.push(at("datum", not_a_date(lang)));
    }
    let months = one(&form, "maanden").trim().parse::<u16>().ok().filter(|m| *m <= 600);
    if months.is_none() {
        errors.push(at(
            "maanden",
            pick(lang, "Vul een heel getal in, van 0 tot en met 600.", "Fill in a whole number, from 0 to 600.")
                .to_owned(),
        ));
    }
    let day = today();
    let rung = match crate::plan::load_ladder(&acc, id).await {
        Ok((ladder, _)) => ladder.history().positions().last().map(|p| p.rung),
        Err(e) => return internal(lang, &here, &e),
    };
    let found = household_profile(&dossier.data, day);
    if rung.is_none() || found.is_none() {
        errors.push(at(
            "experiment",
            pick(
                lang,
                "Bepaal eerst samen met de deelnemer de plek op de ladder (in het plan): de loting houdt er rekening mee.",
                "First find the resident's place on the ladder (in the plan), together: the lottery takes it into account.",
            )
            .to_owned(),
        ));
    }
    let bad =
        |errors: Vec<FieldError>| Feedback { status: Some(StatusCode::BAD_REQUEST), errors, ..Feedback::default() };
    let (Some(loaded), Some(consent_date), Some(months), Some(rung), Some((household_type, age)), true) =
        (loaded, consent_date, months, rung, found, errors.is_empty())
    else {
        return render_enrol(&state, &headers, lang, id, bad(errors), &form).await;
    };
    let profile = experiment::Profile { age, household_type, rung, months_on_bijstand: months };
    let consent = experiment::Consent { information_version: one(&form, "versie_informatietekst"), date: consent_date };
    let design = loaded.design.clone();
    // Check once before storing, so every error shows at its field.
    if let Err(e) = experiment::enrol(&design, experiment::ParticipantId(1), &profile, consent.clone(), day) {
        let field = if e.field.starts_with("toestemming.versie") {
            "versie_informatietekst"
        } else if e.field.starts_with("toestemming") {
            "datum"
        } else {
            "experiment"
        };
        return render_enrol(&state, &headers, lang, id, bad(vec![at(field, sentence(&e, lang))]), &form).await;
    }
    let now = jiff::Timestamp::now().as_second();
    let build = |number: i64| {
        let n = u32::try_from(number).map_err(|_| "te veel deelnemers".to_owned())?;
        experiment::enrol(&design, experiment::ParticipantId(n), &profile, consent.clone(), day)
            .map(|p| json::participant_to_json(&p))
            .map_err(|e| e.message_nl())
    };
    match store(&acc).enrol(loaded.stored.id, id, build, &user.id, now).await {
        Ok(Ok(number)) => {
            let notice = match lang {
                Lang::Nl => format!("Ingeschreven als deelnemer {number}. De groep volgt uit de loting."),
                Lang::En => format!("Enrolled as participant {number}. The arm follows from the lottery."),
            };
            render_enrol(&state, &headers, lang, id, Feedback { notice, ..Feedback::default() }, &Pairs::new()).await
        }
        Ok(Err(NotEnrolled::AlreadyIn(number))) => {
            let fb = Feedback {
                status: Some(StatusCode::CONFLICT),
                notice: match lang {
                    Lang::Nl => format!("Dit huishouden doet al mee (deelnemer {number}). Er is niets veranderd."),
                    Lang::En => format!("This household already takes part (participant {number}). Nothing changed."),
                },
                ..Feedback::default()
            };
            render_enrol(&state, &headers, lang, id, fb, &form).await
        }
        Ok(Err(NotEnrolled::Refused(message))) => {
            render_enrol(&state, &headers, lang, id, bad(vec![at("experiment", message)]), &form).await
        }
        Err(e) => internal(lang, &here, &e),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn counts_under_the_threshold_are_not_shown_exactly() {
        assert_eq!(few(0, 10, Lang::Nl), "0");
        assert_eq!(few(1, 10, Lang::Nl), "minder dan 10");
        assert_eq!(few(9, 10, Lang::En), "fewer than 10");
        assert_eq!(few(10, 10, Lang::Nl), "10");
        assert_eq!(few(10, 15, Lang::Nl), "minder dan 15", "the design's own threshold");
        let r = Recorded {
            records: 3,
            households: 3,
            missing: [(experiment::admin::Missing::HoursNotRecorded, 1)].into(),
            unreadable: 0,
            changed: 0,
            threshold: 10,
        };
        let text = r.sentence(Lang::Nl);
        assert_eq!(
            text,
            "Uit de administratie vastgelegd: minder dan 10 meting(en) van minder dan 10 huishouden(s). Ontbreekt bij minder dan 10: werk zonder uren per week in het dossier."
        );
    }

    #[test]
    fn the_seed_is_shown_only_after_enrolment_closes() {
        let allocation =
            Allocation { seed: 18_446_744_073_709_551_615, algorithm: experiment::ALGORITHM, assignments: Vec::new() };
        let end = date(2027, 6, 30);
        assert_eq!(seed_text(None, end, date(2027, 7, 1), Lang::Nl), "", "no lottery, nothing to say");
        for day in [date(2027, 1, 4), end] {
            let secret = seed_text(Some(&allocation), end, day, Lang::Nl);
            assert!(secret.contains("blijft geheim tot de inschrijving sluit"), "{secret}");
            assert!(!secret.contains("18446744073709551615"), "{secret}");
        }
        let open = seed_text(Some(&allocation), end, date(2027, 7, 1), Lang::Nl);
        assert!(open.contains("Zaad van de loting: 18446744073709551615 (methode splitmix64"), "{open}");
        let en = seed_text(Some(&allocation), end, date(2027, 7, 1), Lang::En);
        assert!(en.starts_with("The lottery's seed: 18446744073709551615"), "{en}");
    }
}
