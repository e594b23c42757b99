//! Conformance suite for experiments (issue 8): designs with their
//! allocation, participants numbered in enrolment order, measurements per
//! wave, versions, and deleting data on withdrawal — against SQLite and
//! (when configured) PostgreSQL.

mod common;

use std::sync::Arc;

use common::each_backend;
use opslag::experiment::{AdminPut, NotEnrolled};
use opslag::{AccountStore, Database, Dossier, DossierStore, ExperimentStore, User};
use platform::rol::Role;
use serde_json::json;

async fn setup(url: &str, households: i64) -> Database {
    let db = Database::connect(url).await.expect("connects");
    let accounts = AccountStore::new(db.clone());
    let user = User {
        id: "karim".into(),
        username: "karim".into(),
        name: "karim".into(),
        role: Role::Klantmanager,
        password_hash: platform::wachtwoord::hash("een lang test wachtwoord", [1; 16]),
    };
    accounts.create_user(&user, 0).await.expect("user");
    let dossiers =
        DossierStore::new(db.clone(), Arc::new(platform::kluis::Vault::new(&[7; platform::kluis::KEY_BYTES])));
    for id in 1..=households {
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
            updated_by: "karim".into(),
        };
        assert!(dossiers.create(&d).await.expect("dossier"));
    }
    db
}

#[test]
fn designs_are_versioned_and_keys_unique() {
    each_backend(|url| async move {
        let s = ExperimentStore::new(setup(&url, 0).await);
        let design = json!({"sleutel": "bijstand-op-maat", "armen": []});
        let id = s.create("bijstand-op-maat", &design, "karim", 10).await.expect("store").expect("created");
        assert_eq!(s.create("bijstand-op-maat", &design, "karim", 11).await.expect("store"), None, "key taken");
        let e = s.get(id).await.expect("read").expect("there");
        assert_eq!(
            (e.key.as_str(), &e.design, e.allocation.as_ref(), e.version),
            ("bijstand-op-maat", &design, None, 1)
        );
        let allocation = json!({"zaad": "18446744073709551615", "toewijzingen": []});
        assert_eq!(s.put(id, 1, &design, Some(&allocation), "karim", 20).await.expect("store"), Ok(2));
        let stale = s.put(id, 1, &design, None, "karim", 21).await.expect("store");
        assert_eq!(stale.map_err(|c| c.current_version), Err(2), "a stale version writes nothing");
        let e = s.get(id).await.expect("read").expect("there");
        assert_eq!((e.allocation, e.version, e.updated), (Some(allocation), 2, 20));
        assert_eq!(s.list().await.expect("list").len(), 1);
        assert!(s.put(999, 1, &design, None, "karim", 22).await.is_err(), "no such experiment");
    });
}

#[test]
fn enrolment_numbers_in_order_once_per_household_also_at_once() {
    each_backend(|url| async move {
        let s = Arc::new(ExperimentStore::new(setup(&url, 12).await));
        let id = s.create("proef", &json!({}), "karim", 1).await.expect("store").expect("created");
        let doc = |n: i64| Ok(json!({"nummer": n}));
        assert_eq!(s.enrol(id, 1, doc, "karim", 2).await.expect("store"), Ok(1));
        assert_eq!(s.enrol(id, 1, doc, "karim", 3).await.expect("store"), Err(NotEnrolled::AlreadyIn(1)));
        // The caller refuses (e.g. not eligible): nothing is stored, the number is not used.
        let refused = s.enrol(id, 2, |_| Err("te jong".to_owned()), "karim", 4).await.expect("store");
        assert_eq!(refused, Err(NotEnrolled::Refused("te jong".to_owned())));
        assert_eq!(s.number_of(id, 2).await.expect("read"), None);

        // Ten enrolments at once: numbers 2..=11, each once, each document with its own number.
        let tasks: Vec<_> = (2..=11)
            .map(|household| {
                let s = Arc::clone(&s);
                tokio::spawn(async move { s.enrol(id, household, |n| Ok(json!({"nummer": n})), "karim", 5).await })
            })
            .collect();
        for t in tasks {
            assert!(t.await.expect("task").expect("store").is_ok());
        }
        let all = s.participants(id).await.expect("read");
        let numbers: Vec<i64> = all.iter().map(|p| p.number).collect();
        assert_eq!(numbers, (1..=11).collect::<Vec<_>>());
        assert!(all.iter().all(|p| p.content["nummer"] == p.number), "each document carries its own number");
        let mut households: Vec<i64> = all.iter().map(|p| p.household).collect();
        households.sort_unstable();
        assert_eq!(households, (1..=11).collect::<Vec<_>>());
        // Another experiment numbers from 1 again; the household's own view lists both.
        let other = s.create("tweede", &json!({}), "karim", 6).await.expect("store").expect("created");
        assert_eq!(s.enrol(other, 3, doc, "karim", 7).await.expect("store"), Ok(1));
        let mine: Vec<(i64, i64)> =
            s.of_household(3).await.expect("read").iter().map(|p| (p.experiment, p.number)).collect();
        assert_eq!(mine.len(), 2);
        assert!(mine.contains(&(other, 1)));
    });
}

#[test]
fn measurements_are_versioned_and_deleted_with_a_withdrawal_that_asks_so() {
    each_backend(|url| async move {
        let s = ExperimentStore::new(setup(&url, 2).await);
        let id = s.create("proef", &json!({}), "karim", 1).await.expect("store").expect("created");
        for household in [1, 2] {
            s.enrol(id, household, |n| Ok(json!({"nummer": n})), "karim", 2).await.expect("store").expect("in");
        }
        let answers = json!({"antwoorden": {"stress_1": 3}});
        assert_eq!(s.put_measurement(id, 1, "nulmeting", 0, &answers, "anna", 3).await.expect("store"), Ok(1));
        let twice = s.put_measurement(id, 1, "nulmeting", 0, &answers, "anna", 4).await.expect("store");
        assert_eq!(twice.map_err(|c| c.current_version), Err(1), "a second first version is a conflict");
        let changed = json!({"antwoorden": {"stress_1": 4}});
        assert_eq!(s.put_measurement(id, 1, "nulmeting", 1, &changed, "anna", 5).await.expect("store"), Ok(2));
        let stale = s.put_measurement(id, 1, "nulmeting", 1, &answers, "anna", 6).await.expect("store");
        assert_eq!(stale.map_err(|c| c.current_version), Err(2));
        assert_eq!(s.put_measurement(id, 1, "eindmeting", 0, &answers, "anna", 7).await.expect("store"), Ok(1));
        assert_eq!(s.put_measurement(id, 2, "nulmeting", 0, &answers, "bob", 8).await.expect("store"), Ok(1));
        let m = s.measurements(id).await.expect("read");
        assert_eq!(m.len(), 3);
        assert_eq!((m[1].wave.as_str(), &m[1].content, m[1].version), ("nulmeting", &changed, 2));
        let mine: Vec<(i64, String)> =
            s.measurements_of(id, 2).await.expect("read").into_iter().map(|m| (m.number, m.wave)).collect();
        assert_eq!(mine, [(2, "nulmeting".to_owned())], "one participant's own");

        // Participant 1 withdraws and keeps the data; participant 2 asks for deletion.
        let p = s.participants(id).await.expect("read");
        let withdrawn = json!({"nummer": 1, "ingetrokken": {"datum": "2026-05-01", "gegevens": "bewaren"}});
        assert_eq!(s.put_participant(id, 1, p[0].version, &withdrawn, false, "anna", 9).await.expect("store"), Ok(2));
        let deleted = json!({"nummer": 2, "ingetrokken": {"datum": "2026-05-01", "gegevens": "verwijderen"}});
        // A stale version first: nothing changes, nothing is deleted.
        let stale = s.put_participant(id, 2, 7, &deleted, true, "bob", 10).await.expect("store");
        assert_eq!(stale.map_err(|c| c.current_version), Err(1));
        assert_eq!(s.measurements(id).await.expect("read").len(), 3);
        assert_eq!(s.put_participant(id, 2, 1, &deleted, true, "bob", 11).await.expect("store"), Ok(2));
        let left: Vec<(i64, String)> =
            s.measurements(id).await.expect("read").into_iter().map(|m| (m.number, m.wave)).collect();
        assert_eq!(left, [(1, "eindmeting".to_owned()), (1, "nulmeting".to_owned())]);
        assert_eq!(s.participants(id).await.expect("read")[1].content, deleted);
        assert!(s.put_participant(id, 9, 1, &deleted, true, "bob", 12).await.is_err(), "no such participant");
    });
}

#[test]
fn administrative_outcomes_are_recorded_once_and_deleted_with_the_data() {
    each_backend(|url| async move {
        let s = ExperimentStore::new(setup(&url, 2).await);
        let id = s.create("proef", &json!({}), "karim", 1).await.expect("store").expect("created");
        for household in [1, 2] {
            s.enrol(id, household, |n| Ok(json!({"nummer": n})), "karim", 2).await.expect("store").expect("in");
        }
        let first = json!({"trede": 2, "uitkering_betaald": 120_000});
        assert_eq!(s.put_admin(id, 1, 1, "nulmeting", &first, "beheer", 3).await.expect("store"), AdminPut::Written);
        let other = json!({"trede": 3});
        let again = s.put_admin(id, 1, 1, "nulmeting", &other, "beheer", 4).await.expect("store");
        assert_eq!(again, AdminPut::AlreadyRecorded, "recorded once");
        assert_eq!(s.put_admin(id, 2, 1, "nulmeting", &other, "beheer", 5).await.expect("store"), AdminPut::Written);
        assert_eq!(s.put_admin(id, 2, 1, "eindmeting", &other, "beheer", 6).await.expect("store"), AdminPut::Written);
        let missing = s.put_admin(id, 9, 1, "nulmeting", &other, "beheer", 7).await.expect("store");
        assert_eq!(missing, AdminPut::ParticipantChanged, "no such participant");
        let stale = s.put_admin(id, 2, 5, "tussenmeting", &other, "beheer", 7).await.expect("store");
        assert_eq!(stale, AdminPut::ParticipantChanged, "not at the version the caller read");
        let all = s.admin(id, None).await.expect("read");
        let seen: Vec<(i64, &str, i64)> = all.iter().map(|a| (a.number, a.wave.as_str(), a.recorded)).collect();
        assert_eq!(seen, [(1, "nulmeting", 3), (2, "eindmeting", 6), (2, "nulmeting", 5)]);
        assert_eq!(all[0].content, first, "the first record stays");
        assert_eq!(s.admin(id, Some(1)).await.expect("read").len(), 1);
        // The resident's answers and the record of the same wave live side by side.
        let answers = json!({"antwoorden": {"stress_1": 3}});
        assert_eq!(s.put_measurement(id, 1, "nulmeting", 0, &answers, "anna", 8).await.expect("store"), Ok(1));
        // Withdrawal with deletion removes both; keeping removes neither.
        let p = s.participants(id).await.expect("read");
        let kept = json!({"nummer": 1, "ingetrokken": {"gegevens": "bewaren"}});
        s.put_participant(id, 1, p[0].version, &kept, false, "anna", 9).await.expect("store").expect("written");
        let deleted = json!({"nummer": 2, "ingetrokken": {"gegevens": "verwijderen"}});
        s.put_participant(id, 2, p[1].version, &deleted, true, "bob", 10).await.expect("store").expect("written");
        let left: Vec<i64> = s.admin(id, None).await.expect("read").iter().map(|a| a.number).collect();
        assert_eq!(left, [1]);
        // A record decided on before that withdrawal (at the old version) is not written after it.
        let late = s.put_admin(id, 2, p[1].version, "tussenmeting", &other, "beheer", 11).await.expect("store");
        assert_eq!(late, AdminPut::ParticipantChanged);
        assert_eq!(s.admin(id, Some(2)).await.expect("read").len(), 0, "nothing left behind");
        assert_eq!(s.measurements(id).await.expect("read").len(), 1);
    });
}

#[test]
fn a_free_choice_is_made_once_at_the_participants_version() {
    each_backend(|url| async move {
        let s = ExperimentStore::new(setup(&url, 1).await);
        let id = s.create("proef", &json!({}), "karim", 1).await.expect("store").expect("created");
        s.enrol(id, 1, |n| Ok(json!({"nummer": n})), "karim", 2).await.expect("store").expect("in");
        assert_eq!(s.participants(id).await.expect("read")[0].choice, None);
        let choice = json!({"deelnemer": 1, "pakket": "experiment-2017-bijverdienen"});
        let stale = s.choose(id, 1, 9, &choice, "anna", 3).await.expect("store");
        assert_eq!(stale.map_err(|c| c.current_version), Err(1));
        assert_eq!(s.choose(id, 1, 1, &choice, "anna", 4).await.expect("store"), Ok(2));
        let p = &s.participants(id).await.expect("read")[0];
        assert_eq!((p.choice.as_ref(), p.version), (Some(&choice), 2));
        let again = json!({"deelnemer": 1, "pakket": "experiment-2017-vrijstelling"});
        assert!(s.choose(id, 1, 2, &again, "anna", 5).await.expect("store").is_err(), "chosen once");
        assert_eq!(s.participants(id).await.expect("read")[0].choice.as_ref(), Some(&choice));
    });
}
