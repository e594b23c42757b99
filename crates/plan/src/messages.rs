//! Letters and tasks (*berichten*) for the resident, shown on "Mijn
//! overzicht".
//!
//! A klantmanager or WIJ-medewerker sends a short letter ("Uw bijstand gaat
//! omhoog") or a task ("Stuur ons uw huurcontract"), in plain text, with an
//! optional date it would be good to have it done by (*graag vóór*). A due
//! date is a request, not a deadline with a sanction: trust first.
//!
//! The resident marks a letter read (then it is no longer open) and a task
//! done (a task stays open until done, also when read). Only the resident
//! does either: it is their list. Who sends is [`SENDERS`]; whether a worker
//! may write to this household at all is `platform::toegang`'s decision.
//!
//! Stored keys are Dutch (`brief`, `taak`, `open`, `gedaan`); errors name the
//! form's fields (`soort`, `titel`, `tekst`, `graag_voor`).

use jiff::Timestamp;
use jiff::civil::Date;
use platform::rol::Role;

use crate::error::{Error, Problem};
use crate::text::{Lang, free_text, pick, plus_days};

/// Who sends letters and tasks.
pub const SENDERS: [Role; 2] = [Role::Klantmanager, Role::WijMedewerker];
/// A title that fits on one line of a phone.
pub const MAX_TITLE: usize = 120;
/// A letter in B1 is short: about half a page. Longer letters belong in a
/// conversation, not in a text on a screen.
pub const MAX_BODY: usize = 2_000;
/// The sender's name as the resident knows them.
pub const MAX_SENDER: usize = 80;
/// A due date at most half a year ahead: further is not a task for now.
pub const MAX_DUE_DAYS: i64 = 183;
/// Open letters and tasks per household at once: more is a wall that adds
/// stress instead of taking it away (and bounds what a page shows).
pub const MAX_OPEN: usize = 20;

/// A letter or a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Letter,
    Task,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Letter, Kind::Task];
    pub const KEYS: [&'static str; 2] = ["brief", "taak"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Letter => pick(lang, "brief", "letter"),
            Kind::Task => pick(lang, "taak", "task"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Open,
    Done,
}

impl Status {
    pub const ALL: [Status; 2] = [Status::Open, Status::Done];
    pub const KEYS: [&'static str; 2] = ["open", "gedaan"];

    pub fn key(self) -> &'static str {
        crate::text::key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Status> {
        crate::text::from_key(&Self::ALL, &Self::KEYS, key)
    }
}

/// The fields of the form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub kind: String,
    pub title: String,
    pub body: String,
    /// `JJJJ-MM-DD` or empty.
    pub due: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub due: Option<Date>,
    pub status: Status,
    pub read_at: Option<Timestamp>,
    pub from_role: Role,
    pub from_name: String,
}

fn not_allowed(role: Role, field: &str, nl: &'static str, en: &'static str) -> Error {
    Error::new(field, Problem::NotAllowed { role, nl, en })
}

impl Message {
    /// A new letter or task from `role` (named `from_name`), every wrong
    /// field reported.
    pub fn send(role: Role, from_name: &str, draft: &Draft, today: Date) -> Result<Message, Vec<Error>> {
        if !SENDERS.contains(&role) {
            return Err(vec![not_allowed(
                role,
                "bericht",
                "Een brief of taak sturen doet de klantmanager of de WIJ-medewerker.",
                "The caseworker or the WIJ worker sends a letter or task.",
            )]);
        }
        let mut errors = Vec::new();
        let kind = Kind::from_key(draft.kind.trim());
        if kind.is_none() {
            errors.push(crate::text::unknown_key("soort", draft.kind.trim(), &Kind::KEYS));
        }
        let mut keep = |r: Result<String, Error>| r.map_err(|e| errors.push(e)).ok();
        let title = keep(free_text("titel", &draft.title, MAX_TITLE, true));
        let body = keep(free_text("tekst", &draft.body, MAX_BODY, true));
        let from_name = keep(free_text("afzender", from_name, MAX_SENDER, true));
        let due = match draft.due.trim() {
            "" => Some(None),
            text => match text.parse::<Date>() {
                Err(_) => {
                    errors.push(Error::new(
                        "graag_voor",
                        Problem::Format {
                            nl: "Schrijf de datum als jaar-maand-dag, bijvoorbeeld 2026-12-01.",
                            en: "Write the date as year-month-day, for example 2026-12-01.",
                        },
                    ));
                    None
                }
                Ok(d) if d < today => {
                    errors.push(Error::new("graag_voor", Problem::TooEarly { date: d, earliest: today }));
                    None
                }
                Ok(d) => {
                    let latest = plus_days(today, MAX_DUE_DAYS).unwrap_or(today);
                    if d > latest {
                        errors.push(Error::new("graag_voor", Problem::TooLate { date: d, latest }));
                        None
                    } else {
                        Some(Some(d))
                    }
                }
            },
        };
        match (kind, title, body, from_name, due) {
            (Some(kind), Some(title), Some(body), Some(from_name), Some(due)) if errors.is_empty() => {
                Ok(Message { kind, title, body, due, status: Status::Open, read_at: None, from_role: role, from_name })
            }
            _ => Err(errors),
        }
    }

    /// Open: a letter not read yet, a task not done yet.
    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }

    /// The resident read it. The first time counts; a letter is then no
    /// longer open, a task stays open until done.
    pub fn mark_read(&mut self, role: Role, at: Timestamp) -> Result<(), Error> {
        if role != Role::Deelnemer {
            return Err(not_allowed(
                role,
                "gelezen",
                "Alleen de deelnemer zelf zegt dat een brief gelezen is.",
                "Only the resident marks a letter read.",
            ));
        }
        if self.read_at.is_none() {
            self.read_at = Some(at);
        }
        if self.kind == Kind::Letter {
            self.status = Status::Done;
        }
        Ok(())
    }

    /// The resident did the task (and so read it).
    pub fn mark_done(&mut self, role: Role, at: Timestamp) -> Result<(), Error> {
        if role != Role::Deelnemer {
            return Err(not_allowed(
                role,
                "gedaan",
                "Alleen de deelnemer zelf zegt dat een taak klaar is.",
                "Only the resident marks a task done.",
            ));
        }
        if self.kind != Kind::Task {
            return Err(Error::new(
                "gedaan",
                Problem::WrongState {
                    nl: "Een brief is geen taak. U kunt hem als gelezen zetten.",
                    en: "A letter is not a task. You can mark it read.",
                },
            ));
        }
        if self.read_at.is_none() {
            self.read_at = Some(at);
        }
        self.status = Status::Done;
        Ok(())
    }

    /// Reads a stored message back with the form's checks (not the dates).
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        kind: &str,
        title: &str,
        body: &str,
        due: Option<&str>,
        status: &str,
        read_at: Option<i64>,
        from_role: &str,
        from_name: &str,
    ) -> Result<Message, Error> {
        let kind = Kind::from_key(kind).ok_or_else(|| crate::text::unknown_key("soort", kind, &Kind::KEYS))?;
        let status =
            Status::from_key(status).ok_or_else(|| crate::text::unknown_key("status", status, &Status::KEYS))?;
        let from_role = Role::from_key(from_role)
            .filter(|r| SENDERS.contains(r))
            .ok_or_else(|| crate::text::unknown_key("afzender_rol", from_role, &["klantmanager", "wij_medewerker"]))?;
        let due = due
            .map(|d| {
                d.parse::<Date>().map_err(|_| {
                    Error::new(
                        "graag_voor",
                        Problem::Format { nl: "Een datum is jaar-maand-dag.", en: "A date is year-month-day." },
                    )
                })
            })
            .transpose()?;
        let read_at = read_at
            .map(|s| {
                Timestamp::from_second(s)
                    .map_err(|_| Error::new("gelezen", Problem::OutOfRange { min: 0, max: i64::MAX }))
            })
            .transpose()?;
        Ok(Message {
            kind,
            title: free_text("titel", title, MAX_TITLE, true)?,
            body: free_text("tekst", body, MAX_BODY, true)?,
            due,
            status,
            read_at,
            from_role,
            from_name: free_text("afzender", from_name, MAX_SENDER, true)?,
        })
    }
}

/// Refuses another open message when the household has [`MAX_OPEN`].
pub fn room_for_another(open: usize) -> Result<(), Error> {
    if open >= MAX_OPEN {
        return Err(Error::new("berichten", Problem::TooMany { max: MAX_OPEN }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    fn draft(kind: &str) -> Draft {
        Draft {
            kind: kind.into(),
            title: "Stuur ons uw huurcontract".into(),
            body: "Wilt u een foto van uw huurcontract sturen? Dan kunnen we uw bijstand berekenen.".into(),
            due: "2026-12-15".into(),
        }
    }

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(s).expect("timestamp")
    }

    #[test]
    fn workers_send_and_every_wrong_field_is_named() {
        let m = Message::send(Role::Klantmanager, "Karim", &draft("taak"), TODAY).expect("valid");
        assert_eq!(
            (m.kind, m.status, m.due, m.from_role),
            (Kind::Task, Status::Open, Some(date(2026, 12, 15)), Role::Klantmanager)
        );
        let bad = Draft { kind: "sms".into(), title: " ".into(), body: "x".repeat(MAX_BODY + 1), due: "15-12".into() };
        let fields: Vec<String> = Message::send(Role::WijMedewerker, "Wies", &bad, TODAY)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["soort", "titel", "tekst", "graag_voor"]);
        for (due, ok) in
            [("", true), ("2026-11-23", true), ("2026-11-22", false), ("2027-05-25", true), ("2027-05-26", false)]
        {
            let r = Message::send(Role::Klantmanager, "Karim", &Draft { due: due.into(), ..draft("brief") }, TODAY);
            assert_eq!(r.is_ok(), ok, "{due}");
        }
        for role in [Role::Deelnemer, Role::Buddy, Role::Onderzoeker, Role::Beheerder, Role::Ondernemer] {
            let e = Message::send(role, "X", &draft("brief"), TODAY).err().unwrap_or_default();
            assert!(matches!(e[0].problem, Problem::NotAllowed { .. }), "{role:?}");
        }
    }

    #[test]
    fn a_letter_is_done_when_read_a_task_when_done() {
        let mut letter = Message::send(Role::Klantmanager, "Karim", &draft("brief"), TODAY).expect("valid");
        letter.mark_read(Role::Deelnemer, at(100)).expect("read");
        assert_eq!((letter.status, letter.read_at), (Status::Done, Some(at(100))));
        letter.mark_read(Role::Deelnemer, at(200)).expect("read again");
        assert_eq!(letter.read_at, Some(at(100)), "the first reading counts");
        assert!(letter.mark_done(Role::Deelnemer, at(300)).is_err(), "a letter is no task");

        let mut task = Message::send(Role::Klantmanager, "Karim", &draft("taak"), TODAY).expect("valid");
        task.mark_read(Role::Deelnemer, at(100)).expect("read");
        assert!(task.is_open(), "a read task is still to do");
        task.mark_done(Role::Deelnemer, at(200)).expect("done");
        assert_eq!((task.status, task.read_at), (Status::Done, Some(at(100))));
    }

    #[test]
    fn only_the_resident_marks_read_or_done() {
        for role in [Role::Buddy, Role::WijMedewerker, Role::Klantmanager] {
            let mut task = Message::send(Role::Klantmanager, "Karim", &draft("taak"), TODAY).expect("valid");
            let before = task.clone();
            assert!(task.mark_read(role, at(1)).is_err());
            assert!(task.mark_done(role, at(1)).is_err());
            assert_eq!(task, before, "{role:?}: a refusal changes nothing");
        }
    }

    #[test]
    fn stored_parts_round_trip() {
        let mut m = Message::send(Role::WijMedewerker, "Wies", &draft("taak"), TODAY).expect("valid");
        m.mark_read(Role::Deelnemer, at(5)).expect("read");
        let due = m.due.map(|d| d.to_string());
        let back = Message::from_parts(
            m.kind.key(),
            &m.title,
            &m.body,
            due.as_deref(),
            m.status.key(),
            m.read_at.map(|t| t.as_second()),
            m.from_role.key(),
            &m.from_name,
        );
        assert_eq!(back, Ok(m));
        let broken = Message::from_parts("brief", "t", "b", None, "open", None, "buddy", "n");
        assert_eq!(broken.map_err(|e| e.field), Err("afzender_rol".to_owned()));
        assert_eq!(Kind::KEYS, ["brief", "taak"]);
        assert_eq!(Status::KEYS, ["open", "gedaan"]);
    }

    #[test]
    fn a_household_has_room_for_a_bounded_number() {
        assert!(room_for_another(MAX_OPEN - 1).is_ok());
        assert!(room_for_another(MAX_OPEN).is_err());
    }
}
