//! Conformance suite for buddy profiles, assignments and the contact log,
//! against SQLite and (when configured) PostgreSQL.

mod common;

use common::each_backend;
use std::sync::Arc;

use opslag::buddy::{Contact, NewAssignment};
use opslag::{AccountStore, BuddyStore, Database, Dossier, DossierStore, User};
use platform::kluis::Vault;
use platform::rol::Role;
use serde_json::json;

async fn setup(url: &str) -> (Database, DossierStore) {
    let db = Database::connect(url).await.expect("connects");
    let accounts = AccountStore::new(db.clone());
    for (id, role) in [("bram", Role::Buddy), ("bea", Role::Buddy), ("wies", Role::WijMedewerker)] {
        let user = User {
            id: id.into(),
            username: id.into(),
            name: id.into(),
            role,
            password_hash: platform::wachtwoord::hash("een lang test wachtwoord", [1; 16]),
        };
        accounts.create_user(&user, 0).await.expect("user");
    }
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
    (db, dossiers)
}

#[test]
fn profiles_are_versioned_per_buddy() {
    each_backend(|url| async move {
        let (db, _) = setup(&url).await;
        let s = BuddyStore::new(db);
        assert_eq!(s.profile("bram").await.expect("read"), None);
        let v1 = json!({"themas": ["schulden"], "uren_per_week": 8});
        assert_eq!(s.put_profile("bram", 0, &v1, 10).await.expect("write"), Ok(1));
        assert_eq!(s.put_profile("bram", 0, &v1, 11).await.expect("write").map_err(|c| c.current_version), Err(1));
        let v2 = json!({"themas": ["schulden", "eenzaamheid"], "uren_per_week": 4});
        assert_eq!(s.put_profile("bram", 1, &v2, 20).await.expect("write"), Ok(2));
        // A stale version writes nothing.
        assert_eq!(s.put_profile("bram", 1, &v1, 30).await.expect("write").map_err(|c| c.current_version), Err(2));
        let p = s.profile("bram").await.expect("read").expect("there");
        assert_eq!((p.version, &p.content, p.updated), (2, &v2, 20));
        assert_eq!(s.put_profile("bea", 0, &v1, 40).await.expect("write"), Ok(1));
        let all: Vec<String> = s.profiles().await.expect("all").into_iter().map(|p| p.buddy).collect();
        assert_eq!(all, ["bea", "bram"]);
        // Only for existing accounts.
        assert!(s.put_profile("niemand", 0, &v1, 50).await.is_err());
    });
}

#[test]
fn an_assignment_links_buddy_and_wij_worker_to_the_household() {
    each_backend(|url| async move {
        let (db, dossiers) = setup(&url).await;
        let s = BuddyStore::new(db);
        assert_eq!(dossiers.assigned_to("bram").await.expect("read"), Vec::<i64>::new());
        let new = NewAssignment {
            household: 2,
            buddy: "bram".into(),
            wij_medewerker: "wies".into(),
            start: "2026-01-05".into(),
            end: "2027-01-05".into(),
            reminder_weeks: 6,
        };
        let id = s.create_assignment(&new, "wies", 100).await.expect("created");
        assert_eq!(dossiers.assigned_to("bram").await.expect("read"), [2]);
        assert_eq!(dossiers.assigned_to("wies").await.expect("read"), [2]);
        let of = s.of_household(2).await.expect("read");
        assert_eq!(of.len(), 1);
        let a = &of[0];
        assert_eq!(
            (a.id, a.buddy.as_str(), a.wij_medewerker.as_str(), a.start.as_str(), a.end.as_str(), a.reminder_weeks),
            (id, "bram", "wies", "2026-01-05", "2027-01-05", 6)
        );
        assert_eq!((a.stopped.clone(), a.version, a.created, a.by.as_str()), (None, 1, 100, "wies"));
        assert_eq!(s.of_person("bram").await.expect("read"), of);
        assert_eq!(s.of_person("wies").await.expect("read"), of);
        assert!(s.of_person("bea").await.expect("read").is_empty());
        assert_eq!(s.active_counts("2026-06-01").await.expect("counts"), [("bram".to_owned(), 1)]);
        assert!(s.active_counts("2027-02-01").await.expect("counts").is_empty());

        // An unknown account: nothing at all is written, not even the links.
        let bad = NewAssignment { household: 1, buddy: "niemand".into(), ..new.clone() };
        assert!(s.create_assignment(&bad, "wies", 101).await.is_err());
        assert!(s.of_household(1).await.expect("read").is_empty());
        assert_eq!(dossiers.assigned_to("wies").await.expect("read"), [2]);
    });
}

#[test]
fn the_contact_log_only_grows() {
    each_backend(|url| async move {
        let (db, _) = setup(&url).await;
        let s = BuddyStore::new(db);
        let new = NewAssignment {
            household: 1,
            buddy: "bram".into(),
            wij_medewerker: "wies".into(),
            start: "2026-01-05".into(),
            end: "2027-01-05".into(),
            reminder_weeks: 6,
        };
        let id = s.create_assignment(&new, "wies", 100).await.expect("created");
        let c0 = Contact {
            seq: 0,
            date: "2026-01-10".into(),
            by_role: "buddy".into(),
            place: "Bij de bibliotheek".into(),
            note: "Kennismaking".into(),
            shielded: None,
            written: 200,
            by: "bram".into(),
        };
        assert_eq!(s.add_contact(id, &c0).await.expect("write"), Ok(()));
        // The same place again: someone appended first; nothing is written.
        let other = Contact { note: "Anders".into(), ..c0.clone() };
        assert_eq!(s.add_contact(id, &other).await.expect("write").map_err(|c| c.current_version), Err(1));
        // A gap is refused too.
        let gap = Contact { seq: 5, ..c0.clone() };
        assert!(s.add_contact(id, &gap).await.expect("write").is_err());
        let c1 = Contact {
            seq: 1,
            by_role: "wij_medewerker".into(),
            shielded: Some("veiligheid".into()),
            by: "wies".into(),
            ..c0.clone()
        };
        assert_eq!(s.add_contact(id, &c1).await.expect("write"), Ok(()));
        assert_eq!(s.contacts(id).await.expect("read"), [c0, c1]);
    });
}

#[test]
fn stopping_an_assignment_takes_the_buddys_access_away() {
    each_backend(|url| async move {
        let (db, dossiers) = setup(&url).await;
        let s = BuddyStore::new(db);
        let new = NewAssignment {
            household: 2,
            buddy: "bram".into(),
            wij_medewerker: "wies".into(),
            start: "2026-01-05".into(),
            end: "2027-01-05".into(),
            reminder_weeks: 6,
        };
        let id = s.create_assignment(&new, "wies", 100).await.expect("created");
        assert_eq!(dossiers.assigned_to("bram").await.expect("read"), [2]);
        // A stale version changes nothing.
        assert_eq!(
            s.stop_assignment(id, 7, "2026-06-01", "werk").await.expect("q").map_err(|c| c.current_version),
            Err(1)
        );
        assert_eq!(dossiers.assigned_to("bram").await.expect("read"), [2]);
        assert_eq!(s.stop_assignment(id, 1, "2026-06-01", "werk").await.expect("q"), Ok(2));
        assert!(dossiers.assigned_to("bram").await.expect("read").is_empty(), "the buddy no longer sees the household");
        assert_eq!(dossiers.assigned_to("wies").await.expect("read"), [2], "the WIJ-worker keeps theirs");
        let stored = s.of_household(2).await.expect("read");
        assert_eq!(stored[0].stopped, Some(("2026-06-01".to_owned(), "werk".to_owned())));
        // Stopping twice: refused as a conflict, nothing changes.
        assert!(s.stop_assignment(id, 2, "2026-07-01", "anders").await.expect("q").is_err());
        assert!(s.stop_assignment(999, 1, "2026-07-01", "anders").await.is_err(), "no such assignment");
    });
}

#[test]
fn extending_an_assignment_checks_its_version_and_that_it_runs() {
    each_backend(|url| async move {
        let (db, _dossiers) = setup(&url).await;
        let s = BuddyStore::new(db);
        let new = NewAssignment {
            household: 1,
            buddy: "bea".into(),
            wij_medewerker: "wies".into(),
            start: "2026-01-05".into(),
            end: "2027-01-05".into(),
            reminder_weeks: 6,
        };
        let id = s.create_assignment(&new, "wies", 100).await.expect("created");
        let stale = s.extend_assignment(id, 9, "2027-07-05").await.expect("q");
        assert_eq!(stale.map_err(|c| c.current_version), Err(1), "a stale version changes nothing");
        assert_eq!(s.of_household(1).await.expect("read")[0].end, "2027-01-05");
        assert_eq!(s.extend_assignment(id, 1, "2027-07-05").await.expect("q"), Ok(2));
        let stored = s.of_household(1).await.expect("read");
        assert_eq!((stored[0].end.as_str(), stored[0].version), ("2027-07-05", 2));
        assert_eq!(s.stop_assignment(id, 2, "2026-06-01", "werk").await.expect("q"), Ok(3));
        assert!(s.extend_assignment(id, 3, "2028-01-05").await.expect("q").is_err(), "a stopped one is not extended");
        assert_eq!(s.of_household(1).await.expect("read")[0].end, "2027-07-05");
        assert!(s.extend_assignment(999, 1, "2028-01-05").await.is_err(), "no such assignment");
    });
}
