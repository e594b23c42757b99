//! Conformance suite for dossiers, against SQLite and (when configured) PostgreSQL.

mod common;

use common::each_backend;
use opslag::{AccountStore, Database, Dossier, DossierStore, User};
use platform::rol::Role;

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
        let s = DossierStore::new(db);
        assert!(s.create(&dossier(1, Some("anna"))).await.expect("created"));
        assert!(s.create(&dossier(2, None)).await.expect("created"));
        assert!(!s.create(&dossier(1, None)).await.expect("no-op"), "an existing id is left alone");
        s.assign(1, "bram").await.expect("assigned");
        s.assign(1, "bram").await.expect("again: fine");
        assert_eq!(s.own("anna").await.expect("q"), Some(1));
        assert_eq!(s.own("bram").await.expect("q"), None);
        assert_eq!(s.assigned_to("bram").await.expect("q"), vec![1]);
        assert_eq!(s.all().await.expect("q").len(), 2);

        // Two people edit version 1; the second is told, nothing is lost.
        let first = s.update(1, 1, "kosten-delen", "{}", "karim", 200).await.expect("q");
        assert_eq!(first, Ok(2));
        let second = s.update(1, 1, "de-plek", "{}", "lies", 201).await.expect("q");
        let conflict = second.expect_err("stale version");
        assert_eq!((conflict.current_version, conflict.updated_by.as_str()), (2, "karim"));
        let now = s.get(1).await.expect("q").expect("exists");
        assert_eq!((now.package.as_str(), now.version), ("kosten-delen", 2));
        let history = s.history(1).await.expect("q");
        assert_eq!(history.len(), 1);
        assert_eq!((history[0].version, history[0].package.as_str(), history[0].by.as_str()), (1, "basis", "test"));
        let missing = s.update(9, 1, "basis", "{}", "karim", 1).await.expect_err("no such household");
        assert!(missing.nl.contains("bestaat niet"), "{missing}");
    });
}
