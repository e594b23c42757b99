//! Conformance suite for home-visit rounds, against SQLite and (when
//! configured) PostgreSQL.

mod common;

use common::each_backend;

use opslag::huisbezoek::{HuisbezoekStore, NewRound};
use opslag::{AccountStore, Database, User};
use platform::rol::Role;
use serde_json::json;

async fn setup(url: &str) -> Database {
    let db = Database::connect(url).await.expect("connects");
    let accounts = AccountStore::new(db.clone());
    for (id, role) in [("wies", Role::WijMedewerker), ("karin", Role::Klantmanager)] {
        let user = User {
            id: id.into(),
            username: id.into(),
            name: id.into(),
            role,
            password_hash: platform::wachtwoord::hash("een lang test wachtwoord", [1; 16]),
        };
        accounts.create_user(&user, 0).await.expect("user");
    }
    db
}

#[test]
fn rounds_are_versioned_documents() {
    each_backend(|url| async move {
        let s = HuisbezoekStore::new(setup(&url).await);
        assert!(s.list().await.expect("list").is_empty());
        assert_eq!(s.get(1).await.expect("read"), None);
        let v1 = json!({"buurt": "BU00141100", "adressen": [{"postcode": "9736AB", "huisnummer": 1}]});
        let new = NewRound {
            neighbourhood: "BU00141100".into(),
            planner: "wies".into(),
            date: "2026-04-01".into(),
            content: v1.clone(),
        };
        let a = s.create(&new, 10).await.expect("created");
        let b = s.create(&NewRound { date: "2026-05-01".into(), planner: "karin".into(), ..new.clone() }, 11).await;
        let b = b.expect("created");
        let r = s.get(a).await.expect("read").expect("there");
        assert_eq!(
            (r.neighbourhood.as_str(), r.planner.as_str(), r.date.as_str(), r.version, &r.content, r.updated),
            ("BU00141100", "wies", "2026-04-01", 1, &v1, 10)
        );
        // Newest date first.
        let ids: Vec<i64> = s.list().await.expect("list").into_iter().map(|r| r.id).collect();
        assert_eq!(ids, [b, a]);
        // Pages, newest first, also with two rounds on one date; nothing skipped or shown twice.
        let c = s.create(&NewRound { date: "2026-05-01".into(), ..new.clone() }, 12).await.expect("created");
        let d = s.create(&NewRound { date: "2026-03-01".into(), ..new.clone() }, 13).await.expect("created");
        let mut seen = Vec::new();
        let mut before: Option<(String, i64)> = None;
        loop {
            let page = s.list_before(before.as_ref().map(|(d, i)| (d.as_str(), *i)), 2).await.expect("page");
            assert!(page.len() <= 2);
            let Some(last) = page.last() else { break };
            before = Some((last.date.clone(), last.id));
            seen.extend(page.iter().map(|r| r.id));
        }
        assert_eq!(seen, [c, b, a, d], "by date, then the newest id first");

        let v2 = json!({"buurt": "BU00141100", "adressen": [{"postcode": "9736AB", "huisnummer": 1, "pogingen": 1}]});
        assert_eq!(s.put(a, 1, &v2, "karin", 20).await.expect("write"), Ok(2));
        // A stale version writes nothing and names who wrote last.
        let stale = s.put(a, 1, &v1, "wies", 30).await.expect("write").map_err(|c| (c.current_version, c.updated_by));
        assert_eq!(stale, Err((2, "karin".to_owned())));
        let r = s.get(a).await.expect("read").expect("there");
        assert_eq!((r.version, &r.content, r.updated, r.updated_by.as_str()), (2, &v2, 20, "karin"));
        // An unknown round: a conflict at version 0.
        assert_eq!(s.put(999, 1, &v2, "wies", 40).await.expect("write").map_err(|c| c.current_version), Err(0));
        // Only for existing accounts.
        assert!(s.create(&NewRound { planner: "niemand".into(), ..new }, 50).await.is_err());
    });
}

#[test]
fn a_dossier_is_opened_once_per_address_also_when_two_press_at_once() {
    each_backend(|url| async move {
        let db = setup(&url).await;
        let rounds = HuisbezoekStore::new(db.clone());
        let dossiers = std::sync::Arc::new(opslag::DossierStore::new(
            db.clone(),
            std::sync::Arc::new(platform::kluis::Vault::new(&[5; platform::kluis::KEY_BYTES])),
        ));
        let content = json!({"buurt": "BU00141100", "adressen": []});
        let new =
            NewRound { neighbourhood: "BU00141100".into(), planner: "wies".into(), date: "2026-04-01".into(), content };
        let round = rounds.create(&new, 10).await.expect("round");
        let dossier = |name: &str| opslag::Dossier {
            id: 0,
            name: name.into(),
            address: "9736 AB 12".into(),
            neighbourhood: "BU00141100".into(),
            bsn: "111222333".into(),
            package: "basis".into(),
            data: r#"{"aanvrager": {"geboortedatum": "1980-01-01"}}"#.into(),
            resident: None,
            version: 1,
            updated: 0,
            updated_by: "karin".into(),
        };
        let from = |address: i64| opslag::FromVisit {
            round,
            address,
            consent_date: "2026-04-01".into(),
            information_text_version: "2026-1".into(),
        };
        let id = dossiers
            .open_from_visit(&dossier("Huishouden Bos"), &from(0), &["wies".to_owned()], 100)
            .await
            .expect("store")
            .expect("opened");
        let stored = dossiers.get(id).await.expect("read").expect("there");
        assert_eq!((stored.name.as_str(), stored.bsn.as_str(), stored.version), ("Huishouden Bos", "111222333", 1));
        assert_eq!(dossiers.assigned_to("wies").await.expect("read"), [id], "the visiting worker walks along");
        assert_eq!(dossiers.from_visit(id).await.expect("read"), Some(from(0)));
        // Again for the same address: the dossier that is there, not a second one.
        let again = dossiers.open_from_visit(&dossier("Nog een keer"), &from(0), &[], 101).await.expect("store");
        assert_eq!(again, Err(id));

        // Eight caseworkers at once: four for address 1, four for address 2.
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let (dossiers, d, f) = (dossiers.clone(), dossier(&format!("Tegelijk {i}")), from(1 + i % 2));
                tokio::spawn(async move { dossiers.open_from_visit(&d, &f, &[], 200).await.expect("store") })
            })
            .collect();
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.expect("task"));
        }
        let mut opened: Vec<i64> = results.iter().filter_map(|r| r.ok()).collect();
        opened.sort_unstable();
        assert_eq!(opened.len(), 2, "one dossier per address: {results:?}");
        assert!(opened[0] != id && opened[1] != id && opened[0] != opened[1]);
        for r in &results {
            assert!(opened.contains(&r.unwrap_or_else(|e| e)), "the others get the one that was made: {results:?}");
        }
        assert_eq!(dossiers.opened_from_round(round).await.expect("read").len(), 3);
    });
}
