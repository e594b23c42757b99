//! Appointments and letters/tasks (issue 6, "Mijn overzicht").
//!
//! - `/dossiers/{id}/afspraken` (`Action::AfsprakenLezen`): the household's
//!   upcoming appointments, with the resident's answers, and its letters and
//!   tasks. With `Action::AfsprakenMaken` (the klantmanager for every
//!   household, the WIJ-medewerker for linked ones) the page has the forms to
//!   make an appointment (`POST …/afspraken`), move or cancel one
//!   (`POST …/afspraken/{nr}/verzetten`, `…/afzeggen`) and send a letter or
//!   task (`POST …/berichten`). A buddy has neither action: what the
//!   klantmanager writes is about money and duties, beyond the basics.
//! - The resident sees the same on `/mijn/overzicht` (`web::overzicht` calls
//!   [`resident_section`]) and answers there: "ik kan niet" or "liever een
//!   ander moment" (`POST /mijn/afspraken/{nr}/antwoord`), a letter read
//!   (`POST /mijn/berichten/{nr}/gelezen`), a task done (`…/gedaan`). These
//!   need `AfsprakenLezen` on their own household; the `plan` crate lets only
//!   the resident answer.
//!
//! Every view writes a log record before anything personal is shown, and
//! every change first writes its own. Every form carries the CSRF token and
//! the version of the record it was made from; a stale form gets 409 with the
//! input kept. Errors are shown at their field.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use opslag::StoreError;
use opslag::afspraken::{AfsprakenStore, AppointmentFields, MessageFields, StoredAppointment, StoredMessage};
use plan::appointments::{self, Answer, Appointment, Status};
use plan::messages::{self, Kind, Message};
use platform::rol::Role;
use platform::toegang::{self, Action};
use regels::Lang;

use crate::account::{Accounts, account_texts, internal, no_store};
use crate::dossier::{Opened, household_id, not_found, open_household, path_id, who};
use crate::forms::{sentence, today};
use crate::pages::{FieldError, Texts, lang_of, texts};
use crate::{AppState, STYLESHEETS};

pub const ACTIVITY_AFSPRAKEN: &str = "urn:ademruimte:verwerking:afspraken";

/// Finished letters and tasks shown below the open ones.
const DONE_SHOWN: i64 = 5;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dossiers/{id}/afspraken", get(show).post(plan_appointment))
        .route("/dossiers/{id}/afspraken/{nr}/verzetten", post(move_appointment))
        .route("/dossiers/{id}/afspraken/{nr}/afzeggen", post(cancel_appointment))
        .route("/dossiers/{id}/berichten", post(send_message))
        .route("/mijn/afspraken/{nr}/antwoord", post(answer))
        .route("/mijn/berichten/{nr}/gelezen", post(mark_read))
        .route("/mijn/berichten/{nr}/gedaan", post(mark_done))
}

/// The forms of this module with the action each needs (`{id}` a household,
/// `{nr}` an appointment or letter): the POST × role test in
/// `tests/afspraken.rs` walks this table, as `RECORD_ROUTES` does for pages.
/// The `/mijn/…` forms act on the actor's own household only.
pub const FORM_ROUTES: &[(&str, Action)] = &[
    ("/dossiers/{id}/afspraken", Action::AfsprakenMaken),
    ("/dossiers/{id}/afspraken/{nr}/verzetten", Action::AfsprakenMaken),
    ("/dossiers/{id}/afspraken/{nr}/afzeggen", Action::AfsprakenMaken),
    ("/dossiers/{id}/berichten", Action::AfsprakenMaken),
    ("/mijn/afspraken/{nr}/antwoord", Action::AfsprakenLezen),
    ("/mijn/berichten/{nr}/gelezen", Action::AfsprakenLezen),
    ("/mijn/berichten/{nr}/gedaan", Action::AfsprakenLezen),
];

pub struct AfsprakenTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub link: &'static str,
    pub appointments_title: &'static str,
    pub no_appointments: &'static str,
    pub messages_title: &'static str,
    pub no_messages: &'static str,
    pub finished: &'static str,
    pub with: &'static str,
    pub place: &'static str,
    pub about: &'static str,
    pub note: &'static str,
    pub moved_from: &'static str,
    pub reason: &'static str,
    pub cancelled: &'static str,
    pub answered: &'static str,
    pub due: &'static str,
    pub from: &'static str,
    pub read_on: &'static str,
    pub not_read: &'static str,
    pub new_title: &'static str,
    pub date: &'static str,
    pub date_hint: &'static str,
    pub time: &'static str,
    pub time_hint: &'static str,
    pub with_hint: &'static str,
    pub note_hint: &'static str,
    pub save_new: &'static str,
    pub move_title: &'static str,
    pub move_place_hint: &'static str,
    pub reason_hint: &'static str,
    pub save_move: &'static str,
    pub cancel_title: &'static str,
    pub save_cancel: &'static str,
    pub send_title: &'static str,
    pub kind: &'static str,
    pub kind_letter: &'static str,
    pub kind_task: &'static str,
    pub message_title: &'static str,
    pub body: &'static str,
    pub body_hint: &'static str,
    pub due_hint: &'static str,
    pub save_send: &'static str,
    pub saved: &'static str,
    pub conflict: &'static str,
    pub not_found: &'static str,
    pub back: &'static str,
    // The resident's part, on "Mijn overzicht".
    pub mine_appointments: &'static str,
    pub mine_no_appointments: &'static str,
    pub mine_messages: &'static str,
    pub mine_no_messages: &'static str,
    pub mine_answered: &'static str,
    pub mine_answer_legend: &'static str,
    pub mine_answer_choose: &'static str,
    pub change_summary: &'static str,
    pub mine_answer_text: &'static str,
    pub mine_answer_hint: &'static str,
    pub mine_send_answer: &'static str,
    pub mine_read: &'static str,
    pub mine_done: &'static str,
    pub mine_thanks: &'static str,
    pub mine_see_worker_page: &'static str,
    pub mine_answer_there: &'static str,
    pub mine_only: &'static str,
}

const NL: AfsprakenTexts = AfsprakenTexts {
    title: "Afspraken en brieven",
    intro: "Hier staan de afspraken die komen en de brieven en taken. De deelnemer ziet ze op Mijn overzicht en kan daar laten weten dat zij of hij niet kan.",
    link: "Naar afspraken en brieven",
    appointments_title: "Afspraken die komen",
    no_appointments: "Er zijn geen afspraken.",
    messages_title: "Brieven en taken",
    no_messages: "Er zijn geen open brieven of taken.",
    finished: "klaar",
    with: "Met",
    place: "Waar",
    about: "Waarover",
    note: "Let op",
    moved_from: "Verzet. Eerst was het",
    reason: "Reden",
    cancelled: "Afgezegd",
    answered: "Antwoord van de deelnemer",
    due: "Graag vóór",
    from: "Van",
    read_on: "Gelezen op",
    not_read: "Nog niet gelezen",
    new_title: "Een afspraak maken",
    date: "Datum",
    date_hint: "Jaar-maand-dag, bijvoorbeeld 2026-12-01. Vandaag of later, hoogstens een jaar vooruit.",
    time: "Tijd",
    time_hint: "Uur:minuten, bijvoorbeeld 09:30.",
    with_hint: "Uw naam, zoals de deelnemer u kent.",
    note_hint: "Niet verplicht. Bijvoorbeeld: neem uw bankafschriften mee.",
    save_new: "Afspraak maken",
    move_title: "Verzetten",
    move_place_hint: "Leeg laten: de plaats blijft hetzelfde.",
    reason_hint: "De deelnemer leest dit. Schrijf kort en vriendelijk waarom.",
    save_move: "Afspraak verzetten",
    cancel_title: "Afzeggen",
    save_cancel: "Afspraak afzeggen",
    send_title: "Een brief of taak sturen",
    kind: "Soort",
    kind_letter: "Brief (om te lezen)",
    kind_task: "Taak (iets om te doen)",
    message_title: "Titel",
    body: "Tekst",
    body_hint: "In gewone taal (B1), kort. Hoogstens 2000 tekens.",
    due_hint: "Niet verplicht. Jaar-maand-dag, bijvoorbeeld 2026-12-15.",
    save_send: "Versturen",
    saved: "Opgeslagen.",
    conflict: "Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen. Bekijk de gegevens hieronder. Uw invoer staat nog in het formulier.",
    not_found: "Deze afspraak of brief bestaat niet (meer).",
    back: "Terug naar het dossier",
    mine_appointments: "Uw afspraken",
    mine_no_appointments: "U hebt geen afspraken.",
    mine_messages: "Brieven en taken voor u",
    mine_no_messages: "Er zijn geen brieven of taken voor u.",
    mine_answered: "U hebt laten weten",
    mine_answer_legend: "Kunt u niet komen?",
    mine_answer_choose: "Wat wilt u laten weten?",
    change_summary: "Verzetten of afzeggen",
    mine_answer_text: "Wilt u iets uitleggen?",
    mine_answer_hint: "Dit hoeft niet. Bijvoorbeeld: wanneer u wel kunt.",
    mine_send_answer: "Laat het weten",
    mine_read: "Ik heb dit gelezen",
    mine_done: "Dit is gedaan",
    mine_thanks: "Dank u. Wij hebben het opgeslagen.",
    mine_see_worker_page: "De deelnemer antwoordt op Mijn overzicht.",
    mine_answer_there: "Wilt u laten weten dat u niet kunt, of een brief op gelezen zetten? Dat doet u op Mijn overzicht.",
    mine_only: "Dit is voor de deelnemer zelf, over het eigen huishouden.",
};

const EN: AfsprakenTexts = AfsprakenTexts {
    title: "Appointments and letters",
    intro: "The upcoming appointments, and the letters and tasks. The resident sees them on My overview and can say there that they cannot come.",
    link: "To appointments and letters",
    appointments_title: "Upcoming appointments",
    no_appointments: "There are no appointments.",
    messages_title: "Letters and tasks",
    no_messages: "There are no open letters or tasks.",
    finished: "done",
    with: "With",
    place: "Where",
    about: "About",
    note: "Please note",
    moved_from: "Moved. It was first",
    reason: "Reason",
    cancelled: "Cancelled",
    answered: "The resident's answer",
    due: "Please before",
    from: "From",
    read_on: "Read on",
    not_read: "Not read yet",
    new_title: "Make an appointment",
    date: "Date",
    date_hint: "Year-month-day, for example 2026-12-01. Today or later, at most a year ahead.",
    time: "Time",
    time_hint: "Hours:minutes, for example 09:30.",
    with_hint: "Your name, as the resident knows you.",
    note_hint: "Optional. For example: bring your bank statements.",
    save_new: "Make appointment",
    move_title: "Move",
    move_place_hint: "Leave empty to keep the place.",
    reason_hint: "The resident reads this. Say briefly and kindly why.",
    save_move: "Move appointment",
    cancel_title: "Cancel",
    save_cancel: "Cancel appointment",
    send_title: "Send a letter or task",
    kind: "Kind",
    kind_letter: "Letter (to read)",
    kind_task: "Task (something to do)",
    message_title: "Title",
    body: "Text",
    body_hint: "In plain language, short. At most 2000 characters.",
    due_hint: "Optional. Year-month-day, for example 2026-12-15.",
    save_send: "Send",
    saved: "Saved.",
    conflict: "Someone else changed this in the meantime. Nothing was saved. Look at the data below. What you entered is still in the form.",
    not_found: "This appointment or letter does not exist (any more).",
    back: "Back to the dossier",
    mine_appointments: "Your appointments",
    mine_no_appointments: "You have no appointments.",
    mine_messages: "Letters and tasks for you",
    mine_no_messages: "There are no letters or tasks for you.",
    mine_answered: "You let us know",
    mine_answer_legend: "Can you not come?",
    mine_answer_choose: "What would you like to tell us?",
    change_summary: "Move or cancel",
    mine_answer_text: "Would you like to explain?",
    mine_answer_hint: "You do not have to. For example: when you can come.",
    mine_send_answer: "Let us know",
    mine_read: "I have read this",
    mine_done: "This is done",
    mine_thanks: "Thank you. We have saved it.",
    mine_see_worker_page: "The resident answers on My overview.",
    mine_answer_there: "Want to say you cannot come, or mark a letter read? You do that on My overview.",
    mine_only: "This is for the resident, about their own household.",
};

pub fn afspraken_texts(lang: Lang) -> &'static AfsprakenTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// One form field as the templates draw it.
pub struct FieldView {
    pub id: String,
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub value: String,
    pub error: String,
    /// `text`, `textarea` or `select`.
    pub kind: &'static str,
    pub options: Vec<(&'static str, &'static str)>,
    pub required: bool,
}

impl FieldView {
    /// The ids of the hint and the error, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-uitleg", self.id));
        }
        if !self.error.is_empty() {
            ids.push(format!("{}-fout", self.id));
        }
        ids.join(" ")
    }
}

/// An appointment as both pages show it.
pub struct AppointmentView {
    pub nr: i64,
    pub version: i64,
    pub when: String,
    pub place: String,
    pub with: String,
    pub subject: String,
    pub note: String,
    pub cancelled: bool,
    /// "Verzet. Eerst was het 1 december om 09:30." or empty.
    pub moved: String,
    pub reason: String,
    pub answer: String,
    /// The move form (worker) or the answer form (resident), with the input.
    pub fields: Vec<FieldView>,
    pub cancel_fields: Vec<FieldView>,
    /// The resident's choice kept after an error.
    pub chosen: String,
    pub answer_error: String,
    /// The form of this appointment was just sent with an error: open it.
    pub open: bool,
}

pub struct MessageView {
    pub nr: i64,
    pub version: i64,
    pub kind: &'static str,
    pub task: bool,
    pub open: bool,
    pub title: String,
    pub body: String,
    pub due: String,
    pub from: String,
    pub read: String,
}

/// What a failed or successful form leaves for the page.
#[derive(Default)]
pub struct Feedback {
    pub status: Option<StatusCode>,
    pub notice: String,
    pub errors: Vec<FieldError>,
    pub input: HashMap<String, String>,
    /// Which form the input belongs to (`nieuw`, `bericht`, `verzet-{nr}`,
    /// `afzeg-{nr}`, `antwoord-{nr}`).
    pub form: String,
}

impl Feedback {
    fn error_at(&self, id: &str) -> String {
        crate::forms::error_at(&self.errors, id)
    }

    fn value(&self, form: &str, key: &str) -> Option<String> {
        (self.form == form).then(|| self.input.get(key).cloned()).flatten()
    }
}

fn store(acc: &Accounts) -> AfsprakenStore {
    AfsprakenStore::new(acc.store.database().clone())
}

fn broken(e: &plan::Error) -> StoreError {
    StoreError::new(
        format!("een opgeslagen afspraak of brief klopt niet: {}", e.message_nl()),
        format!("a stored appointment or letter is not valid: {}", e.message_en()),
        e.field.clone(),
    )
}

fn appointment_of(s: &StoredAppointment) -> Result<Appointment, StoreError> {
    let f = &s.fields;
    let moved = f.moved_from_date.as_deref().zip(f.moved_from_time.as_deref());
    Appointment::from_parts(
        &f.date,
        &f.time,
        &f.place,
        &f.with_role,
        &f.with_name,
        &f.subject,
        f.note.as_deref(),
        &f.status,
        f.reason.as_deref(),
        moved,
        f.answer.as_deref(),
        f.answer_text.as_deref(),
    )
    .map_err(|e| broken(&e))
}

fn fields_of(a: &Appointment) -> AppointmentFields {
    AppointmentFields {
        date: a.date.to_string(),
        time: a.time.to_string(),
        place: a.place.clone(),
        with_role: a.with_role.key().to_owned(),
        with_name: a.with_name.clone(),
        subject: a.subject.clone(),
        note: a.note.clone(),
        status: a.status.key().to_owned(),
        reason: a.reason.clone(),
        moved_from_date: a.moved_from.map(|(d, _)| d.to_string()),
        moved_from_time: a.moved_from.map(|(_, t)| t.to_string()),
        answer: a.answer.map(|x| x.key().to_owned()),
        answer_text: a.answer_text.clone(),
    }
}

fn message_of(s: &StoredMessage) -> Result<Message, StoreError> {
    let f = &s.fields;
    Message::from_parts(&f.kind, &f.title, &f.body, f.due.as_deref(), &f.status, f.read_at, &f.from_role, &f.from_name)
        .map_err(|e| broken(&e))
}

fn message_fields(m: &Message) -> MessageFields {
    MessageFields {
        kind: m.kind.key().to_owned(),
        title: m.title.clone(),
        body: m.body.clone(),
        due: m.due.map(|d| d.to_string()),
        status: if m.is_open() { "open" } else { "gedaan" }.to_owned(),
        read_at: m.read_at.map(|t| t.as_second()),
        from_role: m.from_role.key().to_owned(),
        from_name: m.from_name.clone(),
    }
}

fn role_label(role: Role, lang: Lang) -> &'static str {
    if lang == Lang::Nl { role.label_nl() } else { role.label_en() }
}

#[allow(clippy::too_many_arguments)]
fn field(
    fb: &Feedback,
    form: &str,
    id: String,
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    kind: &'static str,
    default: String,
    required: bool,
) -> FieldView {
    let error = fb.error_at(&id);
    FieldView {
        value: fb.value(form, name).unwrap_or(default),
        error,
        id,
        name,
        label,
        hint,
        kind,
        options: Vec::new(),
        required,
    }
}

fn appointment_view(
    s: &StoredAppointment,
    a: &Appointment,
    lang: Lang,
    fb: &Feedback,
    worker: bool,
) -> AppointmentView {
    let x = afspraken_texts(lang);
    let nr = s.id;
    let moved = a.moved_from.map_or(String::new(), |(d, t)| {
        let when = plan::text::date_text(d, lang);
        match lang {
            Lang::Nl => format!("{} {when} om {t}.", x.moved_from),
            Lang::En => format!("{} {when} at {t}.", x.moved_from),
        }
    });
    let answer = a.answer.map_or(String::new(), |ans| {
        let said = if worker { ans.label_for_worker(lang) } else { ans.label(lang) };
        match &a.answer_text {
            Some(t) => format!("{said}: “{t}”"),
            None => format!("{said}."),
        }
    });
    let (fields, cancel_fields) = if worker {
        let form = format!("verzet-{nr}");
        let fields = vec![
            field(fb, &form, format!("{form}-datum"), "datum", x.date, x.date_hint, "text", String::new(), true),
            field(fb, &form, format!("{form}-tijd"), "tijd", x.time, x.time_hint, "text", a.time.to_string(), true),
            field(
                fb,
                &form,
                format!("{form}-plaats"),
                "plaats",
                x.place,
                x.move_place_hint,
                "text",
                String::new(),
                false,
            ),
            field(
                fb,
                &form,
                format!("{form}-reden"),
                "reden",
                x.reason,
                x.reason_hint,
                "textarea",
                String::new(),
                true,
            ),
        ];
        let form = format!("afzeg-{nr}");
        let cancel = vec![field(
            fb,
            &form,
            format!("{form}-reden"),
            "reden",
            x.reason,
            x.reason_hint,
            "textarea",
            String::new(),
            true,
        )];
        (fields, cancel)
    } else {
        let form = format!("antwoord-{nr}");
        let fields = vec![field(
            fb,
            &form,
            format!("{form}-toelichting"),
            "toelichting",
            x.mine_answer_text,
            x.mine_answer_hint,
            "textarea",
            String::new(),
            false,
        )];
        (fields, Vec::new())
    };
    let form = format!("antwoord-{nr}");
    AppointmentView {
        nr,
        version: s.version,
        when: a.when_text(lang),
        place: a.place.clone(),
        with: format!("{} ({})", a.with_name, role_label(a.with_role, lang)),
        subject: a.subject.clone(),
        note: a.note.clone().unwrap_or_default(),
        cancelled: a.status == Status::Cancelled,
        moved,
        reason: a.reason.clone().unwrap_or_default(),
        answer,
        fields,
        cancel_fields,
        chosen: fb.value(&form, "antwoord").unwrap_or_default(),
        answer_error: fb.error_at(&format!("{form}-antwoord")),
        open: [format!("verzet-{nr}"), format!("afzeg-{nr}"), format!("antwoord-{nr}")].contains(&fb.form)
            && (fb.status.is_some() || !fb.errors.is_empty()),
    }
}

fn message_view(s: &StoredMessage, m: &Message, lang: Lang) -> MessageView {
    let x = afspraken_texts(lang);
    MessageView {
        nr: s.id,
        version: s.version,
        kind: m.kind.label(lang),
        task: m.kind == Kind::Task,
        open: m.is_open(),
        title: m.title.clone(),
        body: m.body.clone(),
        due: m.due.map_or(String::new(), |d| plan::text::date_text(d, lang)),
        from: format!("{} ({})", m.from_name, role_label(m.from_role, lang)),
        read: m.read_at.map_or(x.not_read.to_owned(), |t| {
            let d = t.to_zoned(jiff::tz::TimeZone::system()).date();
            format!("{} {}", x.read_on, plan::text::date_text(d, lang))
        }),
    }
}

/// The household's appointments from today and its letters and tasks.
async fn load(
    acc: &Accounts,
    id: i64,
    lang: Lang,
    fb: &Feedback,
    worker: bool,
) -> Result<(Vec<AppointmentView>, Vec<MessageView>), StoreError> {
    let s = store(acc);
    let mut appointments = Vec::new();
    for stored in s.appointments_from(id, &today().to_string()).await? {
        let a = appointment_of(&stored)?;
        appointments.push(appointment_view(&stored, &a, lang, fb, worker));
    }
    let mut letters = Vec::new();
    for stored in s.messages(id, DONE_SHOWN).await? {
        letters.push(message_view(&stored, &message_of(&stored)?, lang));
    }
    Ok((appointments, letters))
}

#[derive(Template, WebTemplate)]
#[template(path = "afspraken.html")]
struct WorkerPage {
    t: &'static Texts,
    x: &'static AfsprakenTexts,
    title: String,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    id: i64,
    notice: String,
    errors: Vec<FieldError>,
    csrf: String,
    can_make: bool,
    resident: bool,
    appointments: Vec<AppointmentView>,
    letters: Vec<MessageView>,
    new_fields: Vec<FieldView>,
    send_fields: Vec<FieldView>,
}

async fn render(state: &AppState, headers: &HeaderMap, lang: Lang, id: i64, fb: Feedback) -> Response {
    let here = format!("/dossiers/{id}/afspraken");
    let Opened { acc, session, actor, dossier } = match open_household(
        state,
        headers,
        lang,
        id,
        &here,
        Action::AfsprakenLezen,
        None,
        "afspraken lezen",
        ACTIVITY_AFSPRAKEN,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let x = afspraken_texts(lang);
    let can_make = toegang::decide(&actor, Action::AfsprakenMaken, Some(household_id(id))).allowed;
    let (appointments, letters) = match load(&acc, id, lang, &fb, can_make).await {
        Ok(v) => v,
        Err(e) => return internal(lang, &here, &e),
    };
    let n = "nieuw";
    let new_fields = vec![
        field(&fb, n, "nieuw-datum".into(), "datum", x.date, x.date_hint, "text", String::new(), true),
        field(&fb, n, "nieuw-tijd".into(), "tijd", x.time, x.time_hint, "text", String::new(), true),
        field(&fb, n, "nieuw-plaats".into(), "plaats", x.place, "", "text", String::new(), true),
        field(&fb, n, "nieuw-met".into(), "met", x.with, x.with_hint, "text", session.user.name.clone(), true),
        field(&fb, n, "nieuw-onderwerp".into(), "onderwerp", x.about, "", "text", String::new(), true),
        field(&fb, n, "nieuw-notitie".into(), "notitie", x.note, x.note_hint, "textarea", String::new(), false),
    ];
    let b = "bericht";
    let mut kind = field(&fb, b, "bericht-soort".into(), "soort", x.kind, "", "select", "brief".into(), true);
    kind.options = vec![("brief", x.kind_letter), ("taak", x.kind_task)];
    let send_fields = vec![
        kind,
        field(&fb, b, "bericht-titel".into(), "titel", x.message_title, "", "text", String::new(), true),
        field(&fb, b, "bericht-tekst".into(), "tekst", x.body, x.body_hint, "textarea", String::new(), true),
        field(&fb, b, "bericht-graag_voor".into(), "graag_voor", x.due, x.due_hint, "text", String::new(), false),
    ];
    let t = texts(lang);
    let mut response = WorkerPage {
        t,
        x,
        title: format!("{} · {}", x.title, dossier.name),
        stylesheets: STYLESHEETS,
        other_lang_href: format!("{here}?taal={}", t.other_lang),
        id,
        notice: fb.notice,
        errors: fb.errors,
        csrf: session.csrf.clone(),
        can_make,
        resident: session.user.role == Role::Deelnemer,
        appointments,
        letters,
        new_fields,
        send_fields,
    }
    .into_response();
    *response.status_mut() = fb.status.unwrap_or(StatusCode::OK);
    no_store(response)
}

async fn show(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = lang_of(&q);
    match path_id(&id) {
        Some(id) => render(&state, &headers, lang, id, Feedback::default()).await,
        None => not_found(lang, "/dossiers"),
    }
}

/// Plan-crate errors at the ids of the form `form` (`{form}-{field}`); a
/// refusal becomes the notice with 403.
fn apply_errors(fb: &mut Feedback, form: &str, errors: Vec<plan::Error>, lang: Lang) {
    let refusal = errors.iter().any(|e| matches!(e.problem, plan::Problem::NotAllowed { .. }));
    if refusal {
        fb.status = Some(StatusCode::FORBIDDEN);
        fb.notice = errors.iter().map(|e| sentence(e, lang)).collect::<Vec<_>>().join(" ");
        return;
    }
    let at_form = |e: &plan::Error| {
        let known = [
            "datum",
            "tijd",
            "plaats",
            "met",
            "onderwerp",
            "notitie",
            "reden",
            "toelichting",
            "soort",
            "titel",
            "tekst",
            "graag_voor",
        ];
        if known.contains(&e.field.as_str()) {
            format!("{form}-{}", e.field)
        } else {
            format!("{form}-{}", known_first(form))
        }
    };
    fb.status = Some(StatusCode::BAD_REQUEST);
    fb.errors = errors.iter().map(|e| FieldError { field: at_form(e).into(), message: sentence(e, lang) }).collect();
}

/// The first field of each form: where an error about the whole record goes.
fn known_first(form: &str) -> &'static str {
    if form == "bericht" {
        "titel"
    } else if form.starts_with("afzeg") || form.starts_with("verzet") {
        "reden"
    } else if form.starts_with("antwoord") {
        "antwoord"
    } else {
        "datum"
    }
}

fn version_of(form: &HashMap<String, String>) -> Option<i64> {
    form.get("versie").and_then(|v| v.parse::<i64>().ok())
}

fn val(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).cloned().unwrap_or_default()
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// The worker's forms: login, CSRF, `AfsprakenMaken`, the log record.
async fn open_for_work(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    id: i64,
    form: &HashMap<String, String>,
    what: &str,
) -> Result<Opened, Response> {
    let here = format!("/dossiers/{id}/afspraken");
    open_household(
        state,
        headers,
        lang,
        id,
        &here,
        Action::AfsprakenMaken,
        Some(form.get("csrf").map(String::as_str).unwrap_or_default()),
        what,
        ACTIVITY_AFSPRAKEN,
    )
    .await
}

async fn plan_appointment(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let Some(id) = path_id(&id) else { return not_found(lang, "/dossiers") };
    let Opened { acc, session, .. } = match open_for_work(&state, &headers, lang, id, &form, "afspraak maken").await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let here = format!("/dossiers/{id}/afspraken");
    let mut fb = Feedback { input: form.clone(), form: "nieuw".into(), ..Feedback::default() };
    let draft = appointments::Draft {
        date: val(&form, "datum"),
        time: val(&form, "tijd"),
        place: val(&form, "plaats"),
        with: val(&form, "met"),
        subject: val(&form, "onderwerp"),
        note: val(&form, "notitie"),
    };
    let day = today();
    let s = store(&acc);
    let upcoming = match s.count_upcoming(id, &day.to_string()).await {
        Ok(n) => n,
        Err(e) => return internal(lang, &here, &e),
    };
    let made = appointments::room_for_another(upcoming)
        .map_err(|e| vec![e])
        .and_then(|()| Appointment::plan(session.user.role, &draft, day));
    let a = match made {
        Ok(a) => a,
        Err(errors) => {
            apply_errors(&mut fb, "nieuw", errors, lang);
            return render(&state, &headers, lang, id, fb).await;
        }
    };
    // The bound again, inside the write: another worker may have added one since the count above.
    let from = day.to_string();
    match s.create_appointment(id, &fields_of(&a), &from, appointments::MAX_UPCOMING, &session.user.id, now()).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            let full = appointments::room_for_another(appointments::MAX_UPCOMING).err().into_iter().collect();
            apply_errors(&mut fb, "nieuw", full, lang);
            return render(&state, &headers, lang, id, fb).await;
        }
        Err(e) => return internal(lang, &here, &e),
    }
    let fb = Feedback { notice: afspraken_texts(lang).saved.to_owned(), ..Feedback::default() };
    render(&state, &headers, lang, id, fb).await
}

/// Moving and cancelling share the path: load, version check, the plan
/// crate's operation, the versioned write.
async fn change_appointment(
    state: AppState,
    lang: Lang,
    headers: HeaderMap,
    (id, nr): (String, String),
    form: HashMap<String, String>,
    cancel: bool,
) -> Response {
    let (Some(id), Some(nr)) = (path_id(&id), path_id(&nr)) else { return not_found(lang, "/dossiers") };
    let Opened { acc, session, .. } = match open_for_work(&state, &headers, lang, id, &form, "afspraak wijzigen").await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let here = format!("/dossiers/{id}/afspraken");
    let x = afspraken_texts(lang);
    let form_id = if cancel { format!("afzeg-{nr}") } else { format!("verzet-{nr}") };
    let mut fb = Feedback { input: form.clone(), form: form_id.clone(), ..Feedback::default() };
    let s = store(&acc);
    let stored = match s.appointment(id, nr).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            fb.status = Some(StatusCode::NOT_FOUND);
            fb.notice = x.not_found.to_owned();
            return render(&state, &headers, lang, id, fb).await;
        }
        Err(e) => return internal(lang, &here, &e),
    };
    let Some(version) = version_of(&form) else {
        fb.status = Some(StatusCode::BAD_REQUEST);
        fb.notice = account_texts(lang).form_expired.to_owned();
        return render(&state, &headers, lang, id, fb).await;
    };
    if version != stored.version {
        fb.status = Some(StatusCode::CONFLICT);
        fb.notice = x.conflict.to_owned();
        return render(&state, &headers, lang, id, fb).await;
    }
    let mut a = match appointment_of(&stored) {
        Ok(a) => a,
        Err(e) => return internal(lang, &here, &e),
    };
    let role = session.user.role;
    let outcome = if cancel {
        a.cancel(role, &val(&form, "reden")).map_err(|e| vec![e])
    } else {
        a.move_to(role, &val(&form, "datum"), &val(&form, "tijd"), &val(&form, "plaats"), &val(&form, "reden"), today())
    };
    if let Err(errors) = outcome {
        apply_errors(&mut fb, &form_id, errors, lang);
        return render(&state, &headers, lang, id, fb).await;
    }
    match s.update_appointment(id, nr, version, &fields_of(&a), &session.user.id, now()).await {
        Ok(Ok(_)) => {
            let fb = Feedback { notice: x.saved.to_owned(), ..Feedback::default() };
            render(&state, &headers, lang, id, fb).await
        }
        Ok(Err(_)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = x.conflict.to_owned();
            render(&state, &headers, lang, id, fb).await
        }
        Err(e) => internal(lang, &here, &e),
    }
}

async fn move_appointment(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(path): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    change_appointment(state, lang_of(&q), headers, path, form, false).await
}

async fn cancel_appointment(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(path): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    change_appointment(state, lang_of(&q), headers, path, form, true).await
}

async fn send_message(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let Some(id) = path_id(&id) else { return not_found(lang, "/dossiers") };
    let Opened { acc, session, .. } = match open_for_work(&state, &headers, lang, id, &form, "bericht sturen").await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let here = format!("/dossiers/{id}/afspraken");
    let mut fb = Feedback { input: form.clone(), form: "bericht".into(), ..Feedback::default() };
    let draft = messages::Draft {
        kind: val(&form, "soort"),
        title: val(&form, "titel"),
        body: val(&form, "tekst"),
        due: val(&form, "graag_voor"),
    };
    let s = store(&acc);
    let open = match s.count_open_messages(id).await {
        Ok(n) => n,
        Err(e) => return internal(lang, &here, &e),
    };
    let made = messages::room_for_another(open)
        .map_err(|e| vec![e])
        .and_then(|()| Message::send(session.user.role, &session.user.name, &draft, today()));
    let m = match made {
        Ok(m) => m,
        Err(errors) => {
            apply_errors(&mut fb, "bericht", errors, lang);
            return render(&state, &headers, lang, id, fb).await;
        }
    };
    // The bound again, inside the write: another worker may have sent one since the count above.
    match s.create_message(id, &message_fields(&m), messages::MAX_OPEN, &session.user.id, now()).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            let full = messages::room_for_another(messages::MAX_OPEN).err().into_iter().collect();
            apply_errors(&mut fb, "bericht", full, lang);
            return render(&state, &headers, lang, id, fb).await;
        }
        Err(e) => return internal(lang, &here, &e),
    }
    let fb = Feedback { notice: afspraken_texts(lang).saved.to_owned(), ..Feedback::default() };
    render(&state, &headers, lang, id, fb).await
}

/// The resident's part of "Mijn overzicht".
pub struct ResidentSection {
    pub appointments: Vec<AppointmentView>,
    pub letters: Vec<MessageView>,
    pub answers: Vec<(&'static str, &'static str)>,
}

/// Loads the resident's appointments and letters for "Mijn overzicht". The
/// caller has checked the household is the actor's own and has already
/// written the page's one log record (`mijn overzicht lezen`), which covers
/// this part of the page: one view, one record.
pub(crate) async fn resident_section(
    acc: &Accounts,
    id: i64,
    lang: Lang,
    fb: &Feedback,
) -> Result<ResidentSection, StoreError> {
    let (appointments, letters) = load(acc, id, lang, fb, false).await?;
    let answers = Answer::ALL.iter().map(|a| (a.key(), a.label(lang))).collect();
    Ok(ResidentSection { appointments, letters, answers })
}

enum ResidentChange {
    Answer,
    Read,
    Done,
}

/// The resident's forms: login, CSRF, `AfsprakenLezen` on their own
/// household, the log record, the version, the plan crate, the write. The
/// answer is the overview page again (with 400/403/404/409 and the input kept).
async fn resident_change(
    state: AppState,
    q: HashMap<String, String>,
    headers: HeaderMap,
    nr: String,
    form: HashMap<String, String>,
    change: ResidentChange,
) -> Response {
    let lang = lang_of(&q);
    let here = "/mijn/overzicht";
    let (_, _, actor) = match who(&state, &headers, lang, here).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(own) = actor.own_household.and_then(|h| i64::try_from(h.0).ok()) else {
        let x = afspraken_texts(lang);
        return crate::account::message(
            lang,
            StatusCode::FORBIDDEN,
            account_texts(lang).denied_title,
            x.mine_only,
            here,
        );
    };
    let what = match change {
        ResidentChange::Answer => "afspraak beantwoorden",
        ResidentChange::Read | ResidentChange::Done => "bericht wijzigen",
    };
    let Opened { acc, session, .. } = match open_household(
        &state,
        &headers,
        lang,
        own,
        here,
        Action::AfsprakenLezen,
        Some(form.get("csrf").map(String::as_str).unwrap_or_default()),
        what,
        ACTIVITY_AFSPRAKEN,
    )
    .await
    {
        Ok(o) => o,
        Err(r) => return r,
    };
    let x = afspraken_texts(lang);
    let form_id = format!("antwoord-{nr}");
    let mut fb = Feedback { input: form.clone(), form: form_id.clone(), ..Feedback::default() };
    let Some(nr) = path_id(&nr) else {
        fb.status = Some(StatusCode::NOT_FOUND);
        fb.notice = x.not_found.to_owned();
        return crate::overzicht::render(&state, &headers, lang, fb).await;
    };
    let s = store(&acc);
    let role = session.user.role;
    let written = match change {
        ResidentChange::Answer => {
            let stored = match s.appointment(own, nr).await {
                Ok(x) => x,
                Err(e) => return internal(lang, here, &e),
            };
            let Some(stored) = stored else {
                fb.status = Some(StatusCode::NOT_FOUND);
                fb.notice = x.not_found.to_owned();
                return crate::overzicht::render(&state, &headers, lang, fb).await;
            };
            if version_of(&form) != Some(stored.version) {
                fb.status = Some(StatusCode::CONFLICT);
                fb.notice = x.conflict.to_owned();
                return crate::overzicht::render(&state, &headers, lang, fb).await;
            }
            let mut a = match appointment_of(&stored) {
                Ok(a) => a,
                Err(e) => return internal(lang, here, &e),
            };
            let chosen = val(&form, "antwoord");
            let Some(ans) = Answer::from_key(&chosen) else {
                let e = plan::Error::new(
                    "antwoord",
                    plan::Problem::UnknownValue {
                        value: chosen,
                        allowed: Answer::ALL.iter().map(|a| a.label(lang).to_owned()).collect(),
                    },
                );
                apply_errors(&mut fb, &form_id, vec![e], lang);
                return crate::overzicht::render(&state, &headers, lang, fb).await;
            };
            if let Err(e) = a.answer(role, ans, &val(&form, "toelichting"), today()) {
                apply_errors(&mut fb, &form_id, vec![e], lang);
                return crate::overzicht::render(&state, &headers, lang, fb).await;
            }
            s.update_appointment(own, nr, stored.version, &fields_of(&a), &session.user.id, now()).await
        }
        ResidentChange::Read | ResidentChange::Done => {
            let stored = match s.message(own, nr).await {
                Ok(x) => x,
                Err(e) => return internal(lang, here, &e),
            };
            let Some(stored) = stored else {
                fb.status = Some(StatusCode::NOT_FOUND);
                fb.notice = x.not_found.to_owned();
                return crate::overzicht::render(&state, &headers, lang, fb).await;
            };
            if version_of(&form) != Some(stored.version) {
                fb.status = Some(StatusCode::CONFLICT);
                fb.notice = x.conflict.to_owned();
                return crate::overzicht::render(&state, &headers, lang, fb).await;
            }
            let mut m = match message_of(&stored) {
                Ok(m) => m,
                Err(e) => return internal(lang, here, &e),
            };
            let at = jiff::Timestamp::now();
            let done = match change {
                ResidentChange::Done => m.mark_done(role, at),
                _ => m.mark_read(role, at),
            };
            if let Err(e) = done {
                fb.status = Some(if matches!(e.problem, plan::Problem::NotAllowed { .. }) {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::BAD_REQUEST
                });
                fb.notice = sentence(&e, lang);
                return crate::overzicht::render(&state, &headers, lang, fb).await;
            }
            s.update_message(own, nr, stored.version, &message_fields(&m), &session.user.id, now()).await
        }
    };
    match written {
        Ok(Ok(_)) => {
            let fb = Feedback { notice: x.mine_thanks.to_owned(), ..Feedback::default() };
            crate::overzicht::render(&state, &headers, lang, fb).await
        }
        Ok(Err(_)) => {
            fb.status = Some(StatusCode::CONFLICT);
            fb.notice = x.conflict.to_owned();
            crate::overzicht::render(&state, &headers, lang, fb).await
        }
        Err(e) => internal(lang, here, &e),
    }
}

async fn answer(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(nr): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    resident_change(state, q, headers, nr, form, ResidentChange::Answer).await
}

async fn mark_read(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(nr): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    resident_change(state, q, headers, nr, form, ResidentChange::Read).await
}

async fn mark_done(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Path(nr): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    resident_change(state, q, headers, nr, form, ResidentChange::Done).await
}
