//! Conformance suite for accounts, sessions, login attempts and the audit log,
//! against SQLite and (when configured) PostgreSQL.

mod common;

use common::each_backend;
use opslag::{AccountStore, Database, LogRow, User};
use platform::rol::Role;

fn user(id: &str, name: &str, role: Role) -> User {
    User {
        id: id.into(),
        username: name.into(),
        name: format!("{name} (demo)"),
        role,
        password_hash: "$argon2id$x".into(),
    }
}

#[test]
fn accounts_sessions_and_attempts() {
    each_backend(|url| async move {
        let s = AccountStore::new(Database::connect(&url).await.expect("connects"));
        s.create_user(&user("u1", "anna", Role::Deelnemer), 100).await.expect("created");
        s.create_user(&user("u2", "bert", Role::Beheerder), 100).await.expect("created");
        let taken = s.create_user(&user("u3", "anna", Role::Buddy), 100).await.expect_err("taken");
        assert!(taken.nl.contains("bestaat al"), "{taken}");
        assert_eq!(s.user_by_name("anna").await.expect("query").map(|u| u.role), Some(Role::Deelnemer));
        assert_eq!(s.user_by_name("nobody").await.expect("query"), None);
        assert_eq!(s.users().await.expect("query").len(), 2);

        s.create_session("hash1", "u1", "csrf1", 1_000, 2_000).await.expect("session");
        let live = s.session("hash1", 1_500).await.expect("query").expect("live");
        assert_eq!((live.user.username.as_str(), live.csrf.as_str()), ("anna", "csrf1"));
        assert_eq!(s.session("hash1", 2_000).await.expect("query"), None, "expired at verloopt");
        assert_eq!(s.session("other", 1_500).await.expect("query"), None);
        s.delete_session("hash1").await.expect("deleted");
        assert_eq!(s.session("hash1", 1_500).await.expect("query"), None);

        for t in [10, 20, 30] {
            s.record_login_attempt("anna", t, false).await.expect("recorded");
        }
        s.record_login_attempt("anna", 40, true).await.expect("recorded");
        assert_eq!(s.failed_logins_since("anna", 15).await.expect("count"), 2);
        assert_eq!(s.failed_logins_since("bert", 0).await.expect("count"), 0);
        s.create_session("hash2", "u2", "csrf2", 1_000, 1_100).await.expect("session");
        s.clean(1_200, 25).await.expect("clean");
        assert_eq!(s.failed_logins_since("anna", 0).await.expect("count"), 1);
        assert_eq!(s.session("hash2", 1_050).await.expect("query"), None, "expired sessions are removed");
    });
}

#[test]
fn the_audit_log_is_append_only_and_newest_first() {
    each_backend(|url| async move {
        let s = AccountStore::new(Database::connect(&url).await.expect("connects"));
        for i in 0..3 {
            s.append_log(&LogRow {
                seq: 0,
                moment: 1_000 + i,
                user: "u1".into(),
                name: format!("dossier lezen {i}"),
                activity: "https://example.org/register/dossier".into(),
                subject: "pseudoniem".into(),
                record: "{}".into(),
            })
            .await
            .expect("appended");
        }
        let rows = s.log(2).await.expect("query");
        assert_eq!(rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["dossier lezen 2", "dossier lezen 1"]);
        assert!(rows[0].seq > rows[1].seq);
        let update = "UPDATE logboek SET naam = 'x'";
        let delete = "DELETE FROM logboek";
        match s.database() {
            Database::Sqlite(pool) => {
                assert!(sqlx::query(update).execute(pool).await.is_err());
                assert!(sqlx::query(delete).execute(pool).await.is_err());
            }
            Database::Postgres(pool) => {
                assert!(sqlx::query(update).execute(pool).await.is_err());
                assert!(sqlx::query(delete).execute(pool).await.is_err());
            }
        }
        assert_eq!(s.log(100).await.expect("query").len(), 3);
    });
}

#[test]
fn wallets_belong_to_one_holder() {
    each_backend(|url| async move {
        let s = AccountStore::new(Database::connect(&url).await.expect("connects"));
        s.create_user(&user("u1", "anna", Role::Deelnemer), 1).await.expect("created");
        s.create_user(&user("u2", "bakker", Role::Ondernemer), 1).await.expect("created");
        s.link_wallet(1001, "u1").await.expect("linked");
        s.link_wallet(1001, "u1").await.expect("again: fine");
        s.link_wallet(2001, "u2").await.expect("linked");
        s.link_wallet(1002, "u1").await.expect("linked");
        let e = s.link_wallet(1001, "u2").await.expect_err("someone else's");
        assert!(e.nl.contains("iemand anders"), "{e}");
        assert_eq!(s.wallets_of("u1").await.expect("query"), vec![1001, 1002]);
        assert_eq!(s.wallet_holder(2001).await.expect("query").as_deref(), Some("u2"));
        assert_eq!(s.wallet_holder(9).await.expect("query"), None);
    });
}
