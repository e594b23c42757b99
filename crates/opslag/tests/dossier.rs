//! Conformance suite for dossiers, against SQLite and (when configured) PostgreSQL.

mod common;

use common::each_backend;
use std::sync::Arc;

use opslag::{AccountStore, Change, Database, Dossier, DossierStore, User};
use platform::kluis::Vault;
use platform::rol::Role;

fn vault() -> Arc<Vault> {
    Arc::new(Vault::new(&[42; platform::kluis::KEY_BYTES]))
}

fn change<'a>(d: &'a Dossier, package: &'a str) -> Change<'a> {
    Change { name: &d.name, address: &d.address, neighbourhood: &d.neighbourhood, bsn: &d.bsn, package, data: &d.data }
}

/// The BSN column as stored, read past the store.
async fn stored_bsn(db: &Database, id: i64) -> String {
    let sql = "SELECT bsn FROM huishouden WHERE id = $1";
    let row: (String,) = match db {
        Database::Sqlite(p) => sqlx::query_as(sql).bind(id).fetch_one(p).await,
        Database::Postgres(p) => sqlx::query_as(sql).bind(id).fetch_one(p).await,
    }
    .expect("row");
    row.0
}

fn dossier(id: i64, resident: Option<&str>) -> Dossier {
    Dossier {
        id,
        name: format!("Huishouden {id}"),
        address: "Voorbeeldstraat 1".into(),
        neighbourhood: "BU00140101".into(),
        bsn: "111222333".into(),
        package: "basis".into(),
        data: r#"{"aanvrager": {"geboortedatum": "1980-01-01"}}"#.into(),
        resident: resident.map(str::to_owned),
        version: 1,
        updated: 100,
        updated_by: "test".into(),
    }
}

#[test]
fn dossiers_links_versions_and_conflicts() {
    each_backend(|url| async move {
        let db = Database::connect(&url).await.expect("connects");
        let users = AccountStore::new(db.clone());
        for (id, role) in [("anna", Role::Deelnemer), ("bram", Role::Buddy)] {
            let u = User { id: id.into(), username: id.into(), name: id.into(), role, password_hash: "x".into() };
            users.create_user(&u, 1).await.expect("user");
        }
        let s = DossierStore::new(db.clone(), vault());
        assert!(s.create(&dossier(1, Some("anna"))).await.expect("created"));
        assert!(s.create(&dossier(2, None)).await.expect("created"));
        assert!(!s.create(&dossier(1, None)).await.expect("no-op"), "an existing id is left alone");
        s.assign(1, "bram").await.expect("assigned");
        s.assign(1, "bram").await.expect("again: fine");
        assert_eq!(s.linked_people(1).await.expect("q"), vec![("bram".to_owned(), Role::Buddy)]);
        assert!(s.linked_people(2).await.expect("q").is_empty());
        assert_eq!(s.own("anna").await.expect("q"), Some(1));
        assert_eq!(s.own("bram").await.expect("q"), None);
        assert_eq!(s.assigned_to("bram").await.expect("q"), vec![1]);
        assert_eq!(s.page(0, 10).await.expect("q").len(), 2);
        assert_eq!(s.page(1, 10).await.expect("q").len(), 1);
        assert_eq!(s.count().await.expect("q"), 2);

        // Two people edit version 1; the second is told, nothing is lost.
        let before = dossier(1, Some("anna"));
        let mut moved = change(&before, "kosten-delen");
        moved.address = "Nieuwe Weg 2";
        moved.bsn = "123456782";
        let first = s.update(1, 1, &moved, "anna", 200).await.expect("q");
        assert_eq!(first, Ok(2));
        let second = s.update(1, 1, &change(&before, "de-plek"), "bram", 201).await.expect("q");
        let conflict = second.expect_err("stale version");
        assert_eq!((conflict.current_version, conflict.updated_by.as_str()), (2, "anna"));
        let now = s.get(1).await.expect("q").expect("exists");
        assert_eq!((now.package.as_str(), now.version), ("kosten-delen", 2));
        assert_eq!((now.address.as_str(), now.bsn.as_str()), ("Nieuwe Weg 2", "123456782"));
        let history = s.history(1).await.expect("q");
        assert_eq!(history.len(), 1);
        let old = &history[0];
        assert_eq!((old.version, old.package.as_str(), old.by.as_str()), (1, "basis", "test"));
        assert_eq!((old.address.as_str(), old.bsn.as_str()), ("Voorbeeldstraat 1", "111222333"));
        assert_eq!(old.by_name, "test", "no such account: the id is shown");
        // A second change: the history names the account.
        let again = s.get(1).await.expect("q").expect("exists");
        assert_eq!(s.update(1, 2, &change(&again, "basis"), "anna", 300).await.expect("q"), Ok(3));
        assert_eq!(s.history(1).await.expect("q")[0].by_name, "anna");
        let missing = s.update(9, 1, &change(&before, "basis"), "karim", 1).await.expect_err("no such household");
        assert!(missing.nl.contains("bestaat niet"), "{missing}");
        // A BSN that fails the 11-proef is refused before anything is written.
        let mut bad = change(&again, "basis");
        bad.bsn = "123456789";
        let refused = s.update(1, 3, &bad, "anna", 400).await.expect_err("11-proef");
        assert!(refused.nl.contains("BSN"), "{refused}");
        assert_eq!(s.get(1).await.expect("q").expect("exists").version, 3, "nothing written");
    });
}

#[test]
fn the_dossier_as_it_was_at_an_instant() {
    each_backend(|url| async move {
        let db = Database::connect(&url).await.expect("connects");
        let s = DossierStore::new(db.clone(), vault());
        let first = dossier(1, None);
        assert!(s.create(&first).await.expect("created"));
        // Version 1 from the start, version 2 from 200, version 3 from 300.
        assert_eq!(s.update(1, 1, &change(&first, "kosten-delen"), "karim", 200).await.expect("q"), Ok(2));
        let mut later = change(&first, "de-plek");
        let data = r#"{"aanvrager": {"geboortedatum": "1981-01-01"}}"#;
        later.data = data;
        assert_eq!(s.update(1, 2, &later, "karim", 300).await.expect("q"), Ok(3));
        let at = |instant| {
            let s = &s;
            async move { s.as_of(1, instant).await.expect("q").map(|(_, p, _)| p) }
        };
        assert_eq!(at(50).await.as_deref(), Some("basis"), "before the first change: version 1");
        assert_eq!(at(199).await.as_deref(), Some("basis"));
        assert_eq!(at(200).await.as_deref(), Some("kosten-delen"), "from the change on, the new version");
        assert_eq!(at(299).await.as_deref(), Some("kosten-delen"));
        assert_eq!(at(300).await.as_deref(), Some("de-plek"));
        assert_eq!(s.as_of(1, 10_000).await.expect("q"), Some((3, "de-plek".to_owned(), data.to_owned())));
        assert_eq!(s.as_of(1, 250).await.expect("q").map(|v| v.0), Some(2));
        assert_eq!(s.as_of(2, 10_000).await.expect("q"), None, "no such dossier");
    });
}

#[test]
fn many_at_once_in_batches() {
    each_backend(|url| async move {
        let db = Database::connect(&url).await.expect("connects");
        let users = AccountStore::new(db.clone());
        let bram = User {
            id: "bram".into(),
            username: "bram".into(),
            name: "Bram".into(),
            role: Role::Buddy,
            password_hash: "x".into(),
        };
        users.create_user(&bram, 1).await.expect("user");
        let s = DossierStore::new(db.clone(), vault());
        assert!(s.create(&dossier(5, None)).await.expect("created"));
        // More than one batch, with one id that exists already.
        let batch = i64::try_from(opslag::dossier::BATCH).expect("small");
        let many: Vec<Dossier> = (1..=batch + 10).map(|id| dossier(id, None)).collect();
        let created = s.create_many(&many).await.expect("stored");
        assert_eq!(created.len(), many.len() - 1);
        assert!(!created.contains(&5), "an existing id is left alone");
        assert_eq!(s.count().await.expect("q"), i64::try_from(many.len()).expect("small"));
        assert_eq!(s.page(0, opslag::dossier::PAGE_MAX + 5).await.expect("q").len(), 200, "pages are capped");
        assert_eq!(s.get(7).await.expect("q"), Some(dossier(7, None)));
        assert!(s.create_many(&many).await.expect("again").is_empty(), "idempotent");

        let pairs: Vec<(i64, String)> = (1..=batch + 1).map(|id| (id, "bram".to_owned())).collect();
        s.assign_many(&pairs).await.expect("assigned");
        s.assign_many(&pairs[..3]).await.expect("again: fine");
        assert_eq!(s.assigned_to("bram").await.expect("q").len(), pairs.len());
    });
}

#[test]
fn bsns_are_sealed_at_rest() {
    each_backend(|url| async move {
        let db = Database::connect(&url).await.expect("connects");
        let s = DossierStore::new(db.clone(), vault());
        assert!(s.create(&dossier(1, None)).await.expect("created"));
        let stored = stored_bsn(&db, 1).await;
        assert!(stored.starts_with("v1."), "{stored}");
        assert!(!stored.contains("111222333"));
        assert_eq!(s.get(1).await.expect("q").expect("exists").bsn, "111222333");
        assert_eq!(s.seal_plaintext().await.expect("q"), 0, "nothing left in plaintext");
        s.check_key().await.expect("the right key");

        // A database from before the vault: plaintext is sealed at start, once.
        let sql = "UPDATE huishouden SET bsn = '111222333' WHERE id = 1";
        match &db {
            Database::Sqlite(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
            Database::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
        }
        .expect("plaintext row");
        assert_eq!(s.seal_plaintext().await.expect("q"), 1);
        assert_eq!(s.seal_plaintext().await.expect("q"), 0);
        assert!(stored_bsn(&db, 1).await.starts_with("v1."));
        assert_eq!(s.get(1).await.expect("q").expect("exists").bsn, "111222333");

        // Another key: refused at start with a message that names the setting.
        let other = DossierStore::new(db.clone(), Arc::new(Vault::new(&[7; platform::kluis::KEY_BYTES])));
        let e = other.check_key().await.expect_err("wrong key");
        assert!(e.nl.contains("andere sleutel") && e.detail.contains("ADEMRUIMTE_BSN_SLEUTEL"), "{e}");
        assert!(other.get(1).await.is_err());
    });
}

#[test]
fn two_writers_at_once_one_conflict_no_error() {
    each_backend(|url| async move {
        let db = Database::connect(&url).await.expect("connects");
        let s = DossierStore::new(db.clone(), vault());
        let d = dossier(1, None);
        assert!(s.create(&d).await.expect("created"));
        for round in 1..=20i64 {
            let (one, two) = (change(&d, "kosten-delen"), change(&d, "de-plek"));
            let (a, b) = tokio::join!(s.update(1, round, &one, "anna", round), s.update(1, round, &two, "bram", round));
            let (a, b) = (a.expect("no database error"), b.expect("no database error"));
            assert_eq!(u8::from(a.is_ok()) + u8::from(b.is_ok()), 1, "round {round}: {a:?} {b:?}");
        }
        assert_eq!(s.get(1).await.expect("q").expect("exists").version, 21);
        assert_eq!(s.history(1).await.expect("q").len(), 20, "every earlier version once");
    });
}
