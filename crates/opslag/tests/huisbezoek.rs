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
