//! Appointments (*afspraken*) between a resident and a worker, shown on the
//! resident's "Mijn overzicht".
//!
//! A klantmanager or WIJ-medewerker plans an appointment: a date and time, a
//! place, with whom and what about, with an optional note for the resident
//! ("neem uw bankafschriften mee"). The worker can move it or cancel it, and
//! must say why, so the resident is never left guessing. The resident can
//! answer: "ik kan niet" or "liever een ander moment", with a few words.
//! Trust first: that answer is taken as given, never checked or judged; the
//! worker sees it and moves or cancels the appointment.
//!
//! Who may do what is one table, [`may`]: planning, moving and cancelling
//! are for the workers in [`PLANNERS`]; answering only for the resident
//! (`Role::Deelnemer`). Whether a worker may touch this household at all is
//! `platform::toegang`'s decision, made before any of this runs.
//!
//! Stored keys are Dutch (`gepland`, `verzet`, `afgezegd`, `kan_niet`,
//! `ander_moment`), and errors name their field in Dutch (`datum`, `tijd`,
//! `plaats`, `met`, `onderwerp`, `notitie`, `reden`, `toelichting`).

use std::fmt;

use jiff::civil::Date;
use platform::rol::Role;

use crate::error::{Error, Problem};
use crate::text::{Lang, free_text, optional_text, pick, plus_days};

/// The workers who plan appointments: the caseworker and the WIJ-team. A
/// buddy walks along but makes no appointments on the municipality's behalf.
pub const PLANNERS: [Role; 2] = [Role::Klantmanager, Role::WijMedewerker];

/// A place: "Gemeentehuis, Kreupelstraat 1, balie 3" or "bij u thuis".
pub const MAX_PLACE: usize = 120;
/// A person's name as the resident knows them.
pub const MAX_WITH: usize = 80;
/// What it is about, in one line.
pub const MAX_SUBJECT: usize = 120;
/// A note for the resident: what to bring, who else comes. Short, so it is
/// read on a phone.
pub const MAX_NOTE: usize = 500;
/// Why it was moved or cancelled, or why the resident cannot come.
pub const MAX_REASON: usize = 300;
/// Appointments are planned at most a year ahead: further is not a
/// appointment but a wish, and a long list of far dates is not calm.
pub const MAX_DAYS_AHEAD: i64 = 366;
/// Upcoming appointments per household at once. More than this on one page
/// is a wall, not an overview; it is also a bound on what a page shows.
pub const MAX_UPCOMING: usize = 20;

/// A time of day, whole minutes, written `HH:MM` (24 hours).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    hour: u8,
    minute: u8,
}

impl Time {
    pub fn new(hour: u8, minute: u8) -> Option<Time> {
        (hour < 24 && minute < 60).then_some(Time { hour, minute })
    }

    /// `9:30`, `09:30` or `9.30` (as people write it in Dutch).
    pub fn parse(field: &str, text: &str) -> Result<Time, Error> {
        let wrong = || {
            Error::new(
                field,
                Problem::Format {
                    nl: "Schrijf de tijd als uur:minuten, bijvoorbeeld 09:30 of 14:00.",
                    en: "Write the time as hours:minutes, for example 09:30 or 14:00.",
                },
            )
        };
        let t = text.trim();
        let (h, m) = t.split_once(':').or_else(|| t.split_once('.')).ok_or_else(wrong)?;
        let digits = |s: &str, max_len: usize| {
            (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u8>().ok())
                .flatten()
        };
        let (Some(hour), Some(minute)) = (digits(h, 2), digits(m, 2).filter(|_| m.len() == 2)) else {
            return Err(wrong());
        };
        Time::new(hour, minute).ok_or_else(wrong)
    }

    pub fn hour(self) -> u8 {
        self.hour
    }

    pub fn minute(self) -> u8 {
        self.minute
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// Where an appointment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Planned,
    /// Moved to another date, time or place (the reason is kept).
    Moved,
    /// Cancelled (the reason is kept). Final: a new appointment is a new one.
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Planned, Status::Moved, Status::Cancelled];
    pub const KEYS: [&'static str; 3] = ["gepland", "verzet", "afgezegd"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Status> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Planned => pick(lang, "gepland", "planned"),
            Status::Moved => pick(lang, "verzet", "moved"),
            Status::Cancelled => pick(lang, "afgezegd", "cancelled"),
        }
    }
}

/// The resident's answer to an appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    /// "Ik kan niet."
    CannotCome,
    /// "Liever een ander moment."
    OtherTime,
}

impl Answer {
    pub const ALL: [Answer; 2] = [Answer::CannotCome, Answer::OtherTime];
    pub const KEYS: [&'static str; 2] = ["kan_niet", "ander_moment"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Answer> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    /// As the resident says it (first person).
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Answer::CannotCome => pick(lang, "Ik kan niet", "I cannot come"),
            Answer::OtherTime => pick(lang, "Liever een ander moment", "I would like another time"),
        }
    }

    /// As the worker reads it (third person).
    pub fn label_for_worker(self, lang: Lang) -> &'static str {
        match self {
            Answer::CannotCome => pick(lang, "De deelnemer kan niet", "The resident cannot come"),
            Answer::OtherTime => {
                pick(lang, "De deelnemer wil liever een ander moment", "The resident would like another time")
            }
        }
    }
}

/// What someone wants to do with an appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    Plan,
    Move,
    Cancel,
    Answer,
}

impl Operation {
    pub const ALL: [Operation; 4] = [Operation::Plan, Operation::Move, Operation::Cancel, Operation::Answer];
}

/// The one table of who may do what with an appointment.
pub fn may(role: Role, operation: Operation) -> bool {
    match operation {
        Operation::Plan | Operation::Move | Operation::Cancel => PLANNERS.contains(&role),
        Operation::Answer => role == Role::Deelnemer,
    }
}

fn refuse(role: Role, operation: Operation) -> Result<(), Error> {
    if may(role, operation) {
        return Ok(());
    }
    let (field, nl, en) = match operation {
        Operation::Answer => (
            "antwoord",
            "Alleen de deelnemer zelf zegt of zij of hij kan komen.",
            "Only the resident says whether they can come.",
        ),
        _ => (
            "afspraak",
            "Een afspraak maken, verzetten of afzeggen doet de klantmanager of de WIJ-medewerker.",
            "The caseworker or the WIJ worker makes, moves or cancels an appointment.",
        ),
    };
    Err(Error::new(field, Problem::NotAllowed { role, nl, en }))
}

/// The fields of the form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub date: String,
    pub time: String,
    pub place: String,
    /// The worker's name as the resident knows them.
    pub with: String,
    pub subject: String,
    pub note: String,
}

/// An appointment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appointment {
    pub date: Date,
    pub time: Time,
    pub place: String,
    /// The role of the person the resident meets.
    pub with_role: Role,
    pub with_name: String,
    pub subject: String,
    pub note: Option<String>,
    pub status: Status,
    /// Why it was moved or cancelled.
    pub reason: Option<String>,
    /// Where it was before it was last moved.
    pub moved_from: Option<(Date, Time)>,
    /// The resident's answer, with their own words.
    pub answer: Option<Answer>,
    pub answer_text: Option<String>,
}

fn check_date(field: &str, text: &str, today: Date) -> Result<Date, Error> {
    let date = text.trim().parse::<Date>().map_err(|_| {
        Error::new(
            field,
            Problem::Format {
                nl: "Schrijf de datum als jaar-maand-dag, bijvoorbeeld 2026-12-01.",
                en: "Write the date as year-month-day, for example 2026-12-01.",
            },
        )
    })?;
    if date < today {
        return Err(Error::new(field, Problem::TooEarly { date, earliest: today }));
    }
    let latest = plus_days(today, MAX_DAYS_AHEAD).unwrap_or(today);
    if date > latest {
        return Err(Error::new(field, Problem::TooLate { date, latest }));
    }
    Ok(date)
}

/// Collects the results of several checks: the values when all passed, else
/// every error (so a form shows each at its field).
fn keep<T>(errors: &mut Vec<Error>, r: Result<T, Error>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

impl Appointment {
    /// A new appointment by `role`. Every wrong field is reported, not only
    /// the first. `with_role` is the planner's role: the resident meets the
    /// one who planned it, or a colleague named in `with`.
    pub fn plan(role: Role, draft: &Draft, today: Date) -> Result<Appointment, Vec<Error>> {
        refuse(role, Operation::Plan).map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let date = keep(&mut errors, check_date("datum", &draft.date, today));
        let time = keep(&mut errors, Time::parse("tijd", &draft.time));
        let place = keep(&mut errors, free_text("plaats", &draft.place, MAX_PLACE, true));
        let with_name = keep(&mut errors, free_text("met", &draft.with, MAX_WITH, true));
        let subject = keep(&mut errors, free_text("onderwerp", &draft.subject, MAX_SUBJECT, true));
        let note = keep(&mut errors, optional_text("notitie", Some(&draft.note), MAX_NOTE));
        match (date, time, place, with_name, subject, note) {
            (Some(date), Some(time), Some(place), Some(with_name), Some(subject), Some(note)) if errors.is_empty() => {
                Ok(Appointment {
                    date,
                    time,
                    place,
                    with_role: role,
                    with_name,
                    subject,
                    note,
                    status: Status::Planned,
                    reason: None,
                    moved_from: None,
                    answer: None,
                    answer_text: None,
                })
            }
            _ => Err(errors),
        }
    }

    /// Still to come on `today` (also when cancelled: the resident should see
    /// that it will not happen).
    pub fn is_upcoming(&self, today: Date) -> bool {
        self.date >= today
    }

    fn not_cancelled(&self) -> Result<(), Error> {
        if self.status == Status::Cancelled {
            return Err(Error::new(
                "afspraak",
                Problem::WrongState {
                    nl: "Deze afspraak is afgezegd. Maak zo nodig een nieuwe afspraak.",
                    en: "This appointment was cancelled. Make a new one if needed.",
                },
            ));
        }
        Ok(())
    }

    /// Moves the appointment to `date` and `time` (and `place` when given),
    /// with a reason the resident reads. The resident's earlier answer is
    /// cleared: it was about the old moment, and they can answer again.
    pub fn move_to(
        &mut self,
        role: Role,
        date: &str,
        time: &str,
        place: &str,
        reason: &str,
        today: Date,
    ) -> Result<(), Vec<Error>> {
        refuse(role, Operation::Move).map_err(|e| vec![e])?;
        self.not_cancelled().map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let new_date = keep(&mut errors, check_date("datum", date, today));
        let new_time = keep(&mut errors, Time::parse("tijd", time));
        let new_place = keep(&mut errors, optional_text("plaats", Some(place), MAX_PLACE));
        let reason = keep(&mut errors, free_text("reden", reason, MAX_REASON, true));
        let (Some(new_date), Some(new_time), Some(new_place), Some(reason)) = (new_date, new_time, new_place, reason)
        else {
            return Err(errors);
        };
        if (new_date, new_time) == (self.date, self.time) && new_place.as_ref().is_none_or(|p| *p == self.place) {
            return Err(vec![Error::new(
                "datum",
                Problem::WrongState {
                    nl: "Dit is dezelfde dag, tijd en plaats. Kies een ander moment.",
                    en: "This is the same day, time and place. Choose another moment.",
                },
            )]);
        }
        self.moved_from = Some((self.date, self.time));
        self.date = new_date;
        self.time = new_time;
        if let Some(p) = new_place {
            self.place = p;
        }
        self.status = Status::Moved;
        self.reason = Some(reason);
        self.answer = None;
        self.answer_text = None;
        Ok(())
    }

    /// Cancels the appointment, with a reason the resident reads.
    pub fn cancel(&mut self, role: Role, reason: &str) -> Result<(), Error> {
        refuse(role, Operation::Cancel)?;
        self.not_cancelled()?;
        self.reason = Some(free_text("reden", reason, MAX_REASON, true)?);
        self.status = Status::Cancelled;
        Ok(())
    }

    /// The resident's answer: cannot come, or another moment please, with an
    /// optional few words. Taken as given (trust first); answering again
    /// replaces the earlier answer. Not for a cancelled or past appointment.
    pub fn answer(&mut self, role: Role, answer: Answer, text: &str, today: Date) -> Result<(), Error> {
        refuse(role, Operation::Answer)?;
        self.not_cancelled()?;
        if !self.is_upcoming(today) {
            return Err(Error::new(
                "antwoord",
                Problem::WrongState { nl: "Deze afspraak is al voorbij.", en: "This appointment has already passed." },
            ));
        }
        let text = optional_text("toelichting", Some(text), MAX_REASON)?;
        self.answer = Some(answer);
        self.answer_text = text;
        Ok(())
    }

    /// Reads a stored appointment back, checking what a form would check
    /// except the dates (a stored appointment may lie in the past).
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        date: &str,
        time: &str,
        place: &str,
        with_role: &str,
        with_name: &str,
        subject: &str,
        note: Option<&str>,
        status: &str,
        reason: Option<&str>,
        moved_from: Option<(&str, &str)>,
        answer: Option<&str>,
        answer_text: Option<&str>,
    ) -> Result<Appointment, Error> {
        let date_of = |field: &str, t: &str| {
            t.parse::<Date>().map_err(|_| {
                Error::new(
                    field,
                    Problem::Format { nl: "Een datum is jaar-maand-dag.", en: "A date is year-month-day." },
                )
            })
        };
        let status =
            Status::from_key(status).ok_or_else(|| crate::text::unknown_key("status", status, &Status::KEYS))?;
        let with_role = Role::from_key(with_role)
            .filter(|r| PLANNERS.contains(r))
            .ok_or_else(|| crate::text::unknown_key("met_rol", with_role, &["klantmanager", "wij_medewerker"]))?;
        let answer = answer
            .map(|a| Answer::from_key(a).ok_or_else(|| crate::text::unknown_key("antwoord", a, &Answer::KEYS)))
            .transpose()?;
        let moved_from = match moved_from {
            Some((d, t)) => Some((date_of("verzet_van_datum", d)?, Time::parse("verzet_van_tijd", t)?)),
            None => None,
        };
        Ok(Appointment {
            date: date_of("datum", date)?,
            time: Time::parse("tijd", time)?,
            place: free_text("plaats", place, MAX_PLACE, true)?,
            with_role,
            with_name: free_text("met", with_name, MAX_WITH, true)?,
            subject: free_text("onderwerp", subject, MAX_SUBJECT, true)?,
            note: optional_text("notitie", note, MAX_NOTE)?,
            status,
            reason: optional_text("reden", reason, MAX_REASON)?,
            moved_from,
            answer,
            answer_text: optional_text("toelichting", answer_text, MAX_REASON)?,
        })
    }

    /// "Dinsdag"-less, calm: `3 maart 2026 om 09:30`.
    pub fn when_text(&self, lang: Lang) -> String {
        let date = crate::text::date_text(self.date, lang);
        match lang {
            Lang::Nl => format!("{date} om {}", self.time),
            Lang::En => format!("{date} at {}", self.time),
        }
    }
}

/// Refuses a new appointment when the household already has
/// [`MAX_UPCOMING`] upcoming ones.
pub fn room_for_another(upcoming: usize) -> Result<(), Error> {
    if upcoming >= MAX_UPCOMING {
        return Err(Error::new("afspraken", Problem::TooMany { max: MAX_UPCOMING }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    fn draft() -> Draft {
        Draft {
            date: "2026-12-01".into(),
            time: "9:30".into(),
            place: "Gemeentehuis, balie 3".into(),
            with: "Karim".into(),
            subject: "Uw aanvraag".into(),
            note: "Neem uw bankafschriften mee.".into(),
        }
    }

    fn fields(r: Result<Appointment, Vec<Error>>) -> Vec<String> {
        r.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn the_table_of_who_may_do_what() {
        for role in Role::ALL {
            for op in Operation::ALL {
                let want = match op {
                    Operation::Answer => role == Role::Deelnemer,
                    _ => matches!(role, Role::Klantmanager | Role::WijMedewerker),
                };
                assert_eq!(may(role, op), want, "{role:?} {op:?}");
            }
        }
    }

    #[test]
    fn times_are_read_as_people_write_them() {
        assert_eq!(Time::parse("tijd", "9:30").map(|t| t.to_string()).ok().as_deref(), Some("09:30"));
        assert_eq!(Time::parse("tijd", " 14.05 ").map(|t| t.to_string()).ok().as_deref(), Some("14:05"));
        for bad in ["", "930", "24:00", "12:60", "12:5", "a:bc", "-1:30", "123:00"] {
            assert_eq!(Time::parse("tijd", bad).map_err(|e| e.field), Err("tijd".to_owned()), "{bad}");
        }
    }

    #[test]
    fn a_worker_plans_and_every_wrong_field_is_named() {
        let a = Appointment::plan(Role::Klantmanager, &draft(), TODAY).expect("valid");
        assert_eq!(
            (a.status, a.with_role, a.time.to_string().as_str()),
            (Status::Planned, Role::Klantmanager, "09:30")
        );
        assert_eq!(a.when_text(Lang::Nl), "1 december 2026 om 09:30");
        let bad = Draft {
            date: "morgen".into(),
            time: "half tien".into(),
            place: " ".into(),
            with: "x".repeat(MAX_WITH + 1),
            subject: String::new(),
            note: "a\u{0}".into(),
        };
        assert_eq!(
            fields(Appointment::plan(Role::WijMedewerker, &bad, TODAY)),
            ["datum", "tijd", "plaats", "met", "onderwerp", "notitie"]
        );
        // Not in the past, not more than a year ahead.
        let past = Draft { date: "2026-11-22".into(), ..draft() };
        assert_eq!(fields(Appointment::plan(Role::Klantmanager, &past, TODAY)), ["datum"]);
        let far = Draft { date: "2027-11-25".into(), ..draft() };
        assert_eq!(fields(Appointment::plan(Role::Klantmanager, &far, TODAY)), ["datum"]);
        assert!(Appointment::plan(Role::Klantmanager, &Draft { date: TODAY.to_string(), ..draft() }, TODAY).is_ok());
    }

    #[test]
    fn only_workers_plan_move_and_cancel() {
        for role in [Role::Deelnemer, Role::Buddy, Role::Onderzoeker, Role::Beheerder, Role::Ondernemer] {
            let e = Appointment::plan(role, &draft(), TODAY).err().unwrap_or_default();
            assert!(matches!(e[0].problem, Problem::NotAllowed { .. }), "{role:?}");
            let mut a = Appointment::plan(Role::Klantmanager, &draft(), TODAY).expect("valid");
            let before = a.clone();
            assert!(a.move_to(role, "2026-12-02", "10:00", "", "ziek", TODAY).is_err());
            assert!(a.cancel(role, "ziek").is_err());
            assert_eq!(a, before, "a refusal changes nothing");
        }
    }

    #[test]
    fn moving_keeps_where_it_was_and_clears_the_answer() {
        let mut a = Appointment::plan(Role::Klantmanager, &draft(), TODAY).expect("valid");
        a.answer(Role::Deelnemer, Answer::CannotCome, "Dan moet ik werken.", TODAY).expect("answered");
        assert_eq!(a.answer, Some(Answer::CannotCome));
        // A reason is required; the same moment is no move.
        let e = a.move_to(Role::Klantmanager, "2026-12-01", "09:30", "", "", TODAY).err().unwrap_or_default();
        assert_eq!(e.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["reden"]);
        let e = a.move_to(Role::Klantmanager, "2026-12-01", "09:30", "", "x", TODAY).err().unwrap_or_default();
        assert!(matches!(e[0].problem, Problem::WrongState { .. }));
        a.move_to(Role::WijMedewerker, "2026-12-03", "13:00", "Bij u thuis", "U kon niet op 1 december.", TODAY)
            .expect("moved");
        assert_eq!(a.status, Status::Moved);
        assert_eq!(a.moved_from, Some((date(2026, 12, 1), Time::new(9, 30).expect("time"))));
        assert_eq!((a.place.as_str(), a.answer, a.answer_text.as_deref()), ("Bij u thuis", None, None));
        // An empty place keeps the place.
        a.move_to(Role::Klantmanager, "2026-12-04", "13:00", " ", "Nog een dag later.", TODAY).expect("moved");
        assert_eq!(a.place, "Bij u thuis");
    }

    #[test]
    fn a_cancelled_appointment_stays_cancelled() {
        let mut a = Appointment::plan(Role::Klantmanager, &draft(), TODAY).expect("valid");
        assert_eq!(a.cancel(Role::Klantmanager, " ").map_err(|e| e.field), Err("reden".to_owned()));
        a.cancel(Role::Klantmanager, "Ik ben ziek.").expect("cancelled");
        assert_eq!((a.status, a.reason.as_deref()), (Status::Cancelled, Some("Ik ben ziek.")));
        assert!(a.cancel(Role::Klantmanager, "nog eens").is_err());
        assert!(a.move_to(Role::Klantmanager, "2026-12-05", "10:00", "", "toch", TODAY).is_err());
        assert!(a.answer(Role::Deelnemer, Answer::CannotCome, "", TODAY).is_err());
        assert!(a.is_upcoming(TODAY), "shown so the resident knows it will not happen");
    }

    #[test]
    fn only_the_resident_answers_and_is_believed() {
        let mut a = Appointment::plan(Role::Klantmanager, &draft(), TODAY).expect("valid");
        for role in [Role::Buddy, Role::WijMedewerker, Role::Klantmanager] {
            let e = a.answer(role, Answer::CannotCome, "", TODAY).map_err(|e| e.problem);
            assert!(matches!(e, Err(Problem::NotAllowed { .. })), "{role:?}");
        }
        a.answer(Role::Deelnemer, Answer::OtherTime, "", TODAY).expect("answered");
        assert_eq!((a.answer, a.answer_text.as_deref()), (Some(Answer::OtherTime), None));
        // Too many words are named at their field; the earlier answer stays.
        let long = "x".repeat(MAX_REASON + 1);
        assert_eq!(
            a.answer(Role::Deelnemer, Answer::CannotCome, &long, TODAY).map_err(|e| e.field),
            Err("toelichting".to_owned())
        );
        assert_eq!(a.answer, Some(Answer::OtherTime));
        // A past appointment takes no answer.
        assert!(a.answer(Role::Deelnemer, Answer::CannotCome, "", date(2026, 12, 2)).is_err());
    }

    #[test]
    fn stored_parts_round_trip_and_broken_parts_are_named() {
        let mut a = Appointment::plan(Role::WijMedewerker, &draft(), TODAY).expect("valid");
        a.move_to(Role::WijMedewerker, "2026-12-03", "13:00", "", "Ziek.", TODAY).expect("moved");
        a.answer(Role::Deelnemer, Answer::CannotCome, "Werk.", TODAY).expect("answered");
        let (fd, ft) = a.moved_from.map(|(d, t)| (d.to_string(), t.to_string())).expect("moved");
        let back = Appointment::from_parts(
            &a.date.to_string(),
            &a.time.to_string(),
            &a.place,
            a.with_role.key(),
            &a.with_name,
            &a.subject,
            a.note.as_deref(),
            a.status.key(),
            a.reason.as_deref(),
            Some((&fd, &ft)),
            a.answer.map(Answer::key),
            a.answer_text.as_deref(),
        );
        assert_eq!(back, Ok(a));
        let broken = Appointment::from_parts(
            "2026-12-01",
            "09:30",
            "p",
            "buddy",
            "n",
            "s",
            None,
            "gepland",
            None,
            None,
            None,
            None,
        );
        assert_eq!(broken.map_err(|e| e.field), Err("met_rol".to_owned()));
        let broken = Appointment::from_parts(
            "2026-12-01",
            "09:30",
            "p",
            "klantmanager",
            "n",
            "s",
            None,
            "weg",
            None,
            None,
            None,
            None,
        );
        assert_eq!(broken.map_err(|e| e.field), Err("status".to_owned()));
    }

    #[test]
    fn keys_are_stable_and_complete() {
        for s in Status::ALL {
            assert_eq!(Status::from_key(s.key()), Some(s));
        }
        for a in Answer::ALL {
            assert_eq!(Answer::from_key(a.key()), Some(a));
        }
        assert_eq!(Status::KEYS, ["gepland", "verzet", "afgezegd"]);
        assert_eq!(Answer::KEYS, ["kan_niet", "ander_moment"]);
    }

    #[test]
    fn a_household_has_room_for_a_bounded_number() {
        assert!(room_for_another(MAX_UPCOMING - 1).is_ok());
        assert_eq!(room_for_another(MAX_UPCOMING).map_err(|e| e.problem), Err(Problem::TooMany { max: MAX_UPCOMING }));
    }
}
