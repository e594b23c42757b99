//! Conformance suite for the plan documents, against SQLite and (when
//! configured) PostgreSQL.

mod common;

use common::each_backend;
use std::sync::Arc;

use opslag::{Database, Dossier, DossierStore, PlanKind, PlanStore};
use platform::kluis::Vault;
use serde_json::json;

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

#[test]
fn documents_are_versioned_per_household_and_kind() {
    each_backend(|url| async move {
        let db = with_households(&url).await;
        let s = PlanStore::new(db);
        assert_eq!(s.get(1, PlanKind::Goals).await.expect("read"), None);

        let v1 = json!({"doelen": [], "volgend_id": 1});
        assert_eq!(s.put(1, PlanKind::Goals, 0, &v1, "anna", 10).await.expect("write"), Ok(1));
        // Creating again is a conflict: the document exists.
        let again = s.put(1, PlanKind::Goals, 0, &v1, "bram", 11).await.expect("write");
        assert_eq!(again.map_err(|c| (c.current_version, c.updated_by)), Err((1, "anna".to_owned())));

        let v2 = json!({"doelen": [{"id": 1}], "volgend_id": 2});
        assert_eq!(s.put(1, PlanKind::Goals, 1, &v2, "anna", 20).await.expect("write"), Ok(2));
        let d = s.get(1, PlanKind::Goals).await.expect("read").expect("there");
        assert_eq!((d.version, &d.content, d.updated, d.updated_by.as_str()), (2, &v2, 20, "anna"));

        // A stale version writes nothing.
        let stale = s.put(1, PlanKind::Goals, 1, &json!({"x": 1}), "bram", 30).await.expect("write");
        assert_eq!(stale.map_err(|c| c.current_version), Err(2));
        assert_eq!(s.get(1, PlanKind::Goals).await.expect("read").map(|d| d.content), Some(v2.clone()));

        // The history holds the earlier version, newest first.
        let h = s.history(1, PlanKind::Goals).await.expect("history");
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].version, &h[0].content, h[0].changed, h[0].by.as_str()), (1, &v1, 10, "anna"));

        // Kinds and households are separate documents.
        assert_eq!(s.get(1, PlanKind::Ladder).await.expect("read"), None);
        assert_eq!(s.get(2, PlanKind::Goals).await.expect("read"), None);
        for kind in PlanKind::ALL {
            assert_eq!(s.put(2, kind, 0, &json!({"soort": kind.key()}), "c", 1).await.expect("write"), Ok(1));
        }
        assert_eq!(s.get(1, PlanKind::Goals).await.expect("read").map(|d| d.version), Some(2));

        // A household that does not exist is a storage error (foreign key), not a conflict.
        assert!(s.put(99, PlanKind::Goals, 0, &v1, "anna", 1).await.is_err());
        // Updating a document that does not exist is a conflict at version 0.
        let missing = s.put(2, PlanKind::Goals, 5, &v1, "anna", 1).await.expect("write");
        assert_eq!(missing.map_err(|c| c.current_version), Err(1));
    });
}

#[test]
fn two_writers_on_one_version_one_conflict_nothing_lost() {
    each_backend(|url| async move {
        let db = with_households(&url).await;
        let s = PlanStore::new(db);
        // Two creators at once.
        let (ja, jb) = (json!({"van": "anna"}), json!({"van": "bram"}));
        let (a, b) =
            tokio::join!(s.put(1, PlanKind::Ladder, 0, &ja, "anna", 1), s.put(1, PlanKind::Ladder, 0, &jb, "bram", 1),);
        let (a, b) = (a.expect("no error"), b.expect("no error"));
        assert_eq!(u8::from(a.is_ok()) + u8::from(b.is_ok()), 1, "exactly one create wins: {a:?} {b:?}");

        // Then, many rounds of two writers on the same version.
        for round in 1..=20i64 {
            let (ja, jb) = (json!({"ronde": round, "van": "anna"}), json!({"ronde": round, "van": "bram"}));
            let (a, b) = tokio::join!(
                s.put(1, PlanKind::Ladder, round, &ja, "anna", round),
                s.put(1, PlanKind::Ladder, round, &jb, "bram", round),
            );
            let (a, b) = (a.expect("no error"), b.expect("no error"));
            assert_eq!(u8::from(a.is_ok()) + u8::from(b.is_ok()), 1, "round {round}: {a:?} {b:?}");
            let lost = if a.is_ok() { &b } else { &a };
            assert_eq!(lost.as_ref().err().map(|c| c.current_version), Some(round + 1));
        }
        // Nothing lost: every winning version is either current or in the history, once.
        let d = s.get(1, PlanKind::Ladder).await.expect("read").expect("there");
        assert_eq!(d.version, 21);
        let h = s.history(1, PlanKind::Ladder).await.expect("history");
        let versions: Vec<i64> = h.iter().map(|v| v.version).collect();
        assert_eq!(versions, (1..=20).rev().collect::<Vec<_>>());
        for v in &h[..19] {
            assert_eq!(v.content["ronde"], json!(v.version - 1), "version {} holds round {}", v.version, v.version - 1);
            assert_eq!(v.content["van"], json!(v.by));
        }
        assert_eq!(d.content["ronde"], json!(20));
    });
}
