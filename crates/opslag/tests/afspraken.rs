//! Conformance suite for appointments and letters/tasks, against SQLite and
//! (when configured) PostgreSQL.

mod common;

use common::each_backend;
use std::sync::Arc;

use opslag::afspraken::{AfsprakenStore, AppointmentFields, MessageFields};

/// The bounds as `plan` sets them: upcoming from this day, at most this many.
const FROM: &str = "2026-11-23";
const MAX: usize = 20;
use opslag::{Database, Dossier, DossierStore};
use platform::kluis::Vault;

async fn with_households(url: &str) -> Database {
    let db = Database::connect(url).await.expect("connects");
    let dossiers = DossierStore::new(db.clone(), Arc::new(Vault::new(&[7; platform::kluis::KEY_BYTES])));
    for id in [1, 2] {
        let d = Dossier {
            id,
            name: format!("Huishouden {id}"),
            address: "Voorbeeldstraat 1".into(),
            neighbourhood: "BU00140101".into(),
            bsn: "111222333".into(),
            package: "basis".into(),
            data: r#"{"aanvrager": {"geboortedatum": "1980-01-01"}}"#.into(),
            resident: None,
            version: 1,
            updated: 1,
            updated_by: "test".into(),
        };
        assert!(dossiers.create(&d).await.expect("created"));
    }
    db
}

fn appointment(date: &str, time: &str) -> AppointmentFields {
    AppointmentFields {
        date: date.into(),
        time: time.into(),
        place: "Gemeentehuis".into(),
        with_role: "klantmanager".into(),
        with_name: "Karim".into(),
        subject: "Uw aanvraag".into(),
        note: Some("Neem uw bankafschriften mee.".into()),
        status: "gepland".into(),
        ..AppointmentFields::default()
    }
}

fn task(title: &str) -> MessageFields {
    MessageFields {
        kind: "taak".into(),
        title: title.into(),
        body: "Stuur een foto.".into(),
        due: Some("2026-12-15".into()),
        status: "open".into(),
        read_at: None,
        from_role: "wij_medewerker".into(),
        from_name: "Wies".into(),
    }
}

#[test]
fn appointments_are_listed_per_household_by_date_and_versioned() {
    each_backend(|url| async move {
        let s = AfsprakenStore::new(with_households(&url).await);
        let late = s
            .create_appointment(1, &appointment("2026-12-02", "09:00"), FROM, MAX, "karim", 10)
            .await
            .expect("created")
            .expect("room");
        let early = s
            .create_appointment(1, &appointment("2026-12-01", "14:00"), FROM, MAX, "karim", 11)
            .await
            .expect("created")
            .expect("room");
        let past = s
            .create_appointment(1, &appointment("2026-11-01", "10:00"), FROM, MAX, "karim", 12)
            .await
            .expect("created")
            .expect("room");
        let other = s
            .create_appointment(2, &appointment("2026-12-01", "08:00"), FROM, MAX, "karim", 13)
            .await
            .expect("created")
            .expect("room");
        let ids: Vec<i64> = s.appointments_from(1, "2026-11-23").await.expect("list").iter().map(|a| a.id).collect();
        assert_eq!(ids, [early, late], "by date, only this household, not the past");
        assert_eq!(s.count_upcoming(1, "2026-11-23").await.expect("count"), 2);
        let all: Vec<i64> = s.appointments_from(1, "0000-01-01").await.expect("list").iter().map(|a| a.id).collect();
        assert_eq!(all, [past, early, late]);
        // Another household's appointment is not found through this one.
        assert_eq!(s.appointment(1, other).await.expect("read"), None);

        let stored = s.appointment(1, early).await.expect("read").expect("there");
        assert_eq!(
            (stored.version, stored.created_by.as_str(), stored.fields.clone()),
            (1, "karim", appointment("2026-12-01", "14:00"))
        );

        // The resident answers; the worker, still at version 1, moves it: a conflict, nothing lost.
        let answered = AppointmentFields {
            answer: Some("kan_niet".into()),
            answer_text: Some("Dan werk ik.".into()),
            ..stored.fields.clone()
        };
        assert_eq!(s.update_appointment(1, early, 1, &answered, "deelnemer", 20).await.expect("write"), Ok(2));
        let moved = AppointmentFields {
            date: "2026-12-03".into(),
            status: "verzet".into(),
            reason: Some("Ziek".into()),
            moved_from_date: Some("2026-12-01".into()),
            moved_from_time: Some("14:00".into()),
            ..stored.fields.clone()
        };
        let stale = s.update_appointment(1, early, 1, &moved, "karim", 21).await.expect("write");
        assert_eq!(stale.map_err(|c| (c.current_version, c.updated_by)), Err((2, "deelnemer".to_owned())));
        let now = s.appointment(1, early).await.expect("read").expect("there");
        assert_eq!((now.version, now.fields.clone(), now.updated), (2, answered, 20));
        assert_eq!(s.update_appointment(1, early, 2, &moved, "karim", 22).await.expect("write"), Ok(3));
        assert_eq!(s.appointment(1, early).await.expect("read").expect("there").fields, moved);

        // Cancelled ones do not count against the bound.
        let cancelled = AppointmentFields { status: "afgezegd".into(), reason: Some("x".into()), ..moved.clone() };
        assert_eq!(s.update_appointment(1, early, 3, &cancelled, "karim", 23).await.expect("write"), Ok(4));
        assert_eq!(s.count_upcoming(1, "2026-11-23").await.expect("count"), 1);

        // Through the wrong household, or unknown: a conflict at version 0.
        let wrong = s.update_appointment(2, early, 4, &moved, "karim", 24).await.expect("write");
        assert_eq!(wrong.map_err(|c| c.current_version), Err(0));
        // The database keeps the stored keys to the fixed lists.
        assert!(
            s.create_appointment(1, &AppointmentFields { status: "weg".into(), ..moved }, FROM, MAX, "karim", 25)
                .await
                .is_err()
        );
        let nowhere = s.create_appointment(99, &appointment("2026-12-01", "10:00"), FROM, MAX, "karim", 26).await;
        assert_eq!(nowhere.expect("no error"), None, "no such household: nothing written");
    });
}

#[test]
fn two_writers_of_one_version_one_wins() {
    each_backend(|url| async move {
        let s = AfsprakenStore::new(with_households(&url).await);
        let id = s
            .create_appointment(1, &appointment("2026-12-01", "10:00"), FROM, MAX, "karim", 1)
            .await
            .expect("created")
            .expect("room");
        let a = AppointmentFields { answer: Some("ander_moment".into()), ..appointment("2026-12-01", "10:00") };
        let b = AppointmentFields {
            status: "afgezegd".into(),
            reason: Some("ziek".into()),
            ..appointment("2026-12-01", "10:00")
        };
        let (ra, rb) = tokio::join!(
            s.update_appointment(1, id, 1, &a, "deelnemer", 2),
            s.update_appointment(1, id, 1, &b, "karim", 2)
        );
        let (ra, rb) = (ra.expect("write"), rb.expect("write"));
        assert_eq!(u8::from(ra.is_ok()) + u8::from(rb.is_ok()), 1, "{ra:?} {rb:?}");
        let stored = s.appointment(1, id).await.expect("read").expect("there");
        assert_eq!(stored.version, 2);
        assert!(stored.fields == a || stored.fields == b);
    });
}

#[test]
fn messages_open_first_then_done_and_versioned() {
    each_backend(|url| async move {
        let s = AfsprakenStore::new(with_households(&url).await);
        let first = s.create_message(1, &task("Huurcontract"), MAX, "wies", 10).await.expect("created").expect("room");
        let letter = MessageFields { kind: "brief".into(), due: None, ..task("Uw bijstand gaat omhoog") };
        let second = s.create_message(1, &letter, MAX, "wies", 11).await.expect("created").expect("room");
        s.create_message(2, &task("Ander huishouden"), MAX, "wies", 12).await.expect("created").expect("room");
        assert_eq!(s.count_open_messages(1).await.expect("count"), 2);
        let stored = s.message(1, second).await.expect("read").expect("there");
        assert_eq!((stored.version, stored.sent, stored.sent_by.as_str(), &stored.fields), (1, 11, "wies", &letter));

        let read = MessageFields { status: "gedaan".into(), read_at: Some(30), ..letter.clone() };
        assert_eq!(s.update_message(1, second, 1, &read, "deelnemer", 30).await.expect("write"), Ok(2));
        let again = s.update_message(1, second, 1, &read, "deelnemer", 31).await.expect("write");
        assert_eq!(again.map_err(|c| c.current_version), Err(2));
        assert_eq!(s.count_open_messages(1).await.expect("count"), 1);
        let listed: Vec<(i64, String)> =
            s.messages(1, 5).await.expect("list").into_iter().map(|m| (m.id, m.fields.status)).collect();
        assert_eq!(listed, [(first, "open".to_owned()), (second, "gedaan".to_owned())]);
        assert_eq!(s.messages(1, 0).await.expect("list").len(), 1, "only the open ones");
        // Only status and reading time change: the text of a sent message stays.
        let edited = MessageFields { title: "Anders".into(), ..read };
        assert_eq!(s.update_message(1, second, 2, &edited, "deelnemer", 32).await.expect("write"), Ok(3));
        assert_eq!(s.message(1, second).await.expect("read").expect("there").fields.title, "Uw bijstand gaat omhoog");
        assert_eq!(s.message(2, second).await.expect("read"), None);
    });
}

#[test]
fn the_bound_holds_with_eight_workers_at_once() {
    each_backend(|url| async move {
        let s = Arc::new(AfsprakenStore::new(with_households(&url).await));
        // 19 upcoming (and one cancelled and one past, which do not count).
        for i in 0..19 {
            let a = appointment("2026-12-01", &format!("{:02}:00", i % 24));
            s.create_appointment(1, &a, FROM, MAX, "karim", 1).await.expect("created").expect("room");
        }
        let cancelled = AppointmentFields { status: "afgezegd".into(), ..appointment("2026-12-02", "09:00") };
        s.create_appointment(1, &cancelled, FROM, MAX, "karim", 1).await.expect("created").expect("room");
        s.create_appointment(1, &appointment("2026-11-01", "09:00"), FROM, MAX, "karim", 1)
            .await
            .expect("created")
            .expect("room");
        // Eight at once for the twentieth place: exactly one gets it.
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let s = Arc::clone(&s);
                tokio::spawn(async move {
                    s.create_appointment(1, &appointment("2026-12-03", &format!("1{i}:00")), FROM, MAX, "karim", 2)
                        .await
                })
            })
            .collect();
        let mut made = 0;
        for t in tasks {
            if t.await.expect("task").expect("no error").is_some() {
                made += 1;
            }
        }
        assert_eq!(made, 1, "one of eight");
        assert_eq!(s.count_upcoming(1, FROM).await.expect("count"), 20);
        // Full: refused, nothing written; another household is not affected.
        assert_eq!(
            s.create_appointment(1, &appointment("2026-12-04", "10:00"), FROM, MAX, "karim", 3).await.expect("ok"),
            None
        );
        assert!(
            s.create_appointment(2, &appointment("2026-12-04", "10:00"), FROM, MAX, "karim", 3)
                .await
                .expect("ok")
                .is_some()
        );

        // The same for letters and tasks.
        for i in 0..19 {
            s.create_message(1, &task(&format!("Taak {i}")), MAX, "wies", 4).await.expect("created").expect("room");
        }
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let s = Arc::clone(&s);
                tokio::spawn(async move { s.create_message(1, &task(&format!("Samen {i}")), MAX, "wies", 5).await })
            })
            .collect();
        let mut sent = 0;
        for t in tasks {
            if t.await.expect("task").expect("no error").is_some() {
                sent += 1;
            }
        }
        assert_eq!(sent, 1, "one of eight");
        assert_eq!(s.count_open_messages(1).await.expect("count"), 20);
    });
}
