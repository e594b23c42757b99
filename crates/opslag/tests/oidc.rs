//! Conformance suite for OpenID Connect links and logins under way, against
//! SQLite and (when configured) PostgreSQL.

mod common;

use common::each_backend;
use opslag::{AccountStore, Database, User};
use platform::rol::Role;

const ISSUER: &str = "https://inloggen.gemeente.example/realms/ademruimte";
const OTHER_ISSUER: &str = "https://login.example.com/tenant/v2.0";

fn user(id: &str, name: &str, role: Role) -> User {
    User {
        id: id.into(),
        username: name.into(),
        name: format!("{name} (demo)"),
        role,
        password_hash: "$argon2id$x".into(),
    }
}

fn key_hash(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

#[test]
fn an_identity_links_to_one_account_and_an_account_to_one_identity_per_issuer() {
    each_backend(|url| async move {
        let s = AccountStore::new(Database::connect(&url).await.expect("connects"));
        s.create_user(&user("u1", "anna", Role::Deelnemer), 100).await.expect("created");
        s.create_user(&user("u2", "karim", Role::Klantmanager), 100).await.expect("created");
        assert_eq!(s.oidc_user(ISSUER, "sub-a").await.expect("query"), None);

        s.link_oidc(ISSUER, "sub-a", "u1", 200).await.expect("linked");
        s.link_oidc(ISSUER, "sub-a", "u1", 300).await.expect("the same link again is fine");
        let found = s.oidc_user(ISSUER, "sub-a").await.expect("query").expect("linked");
        assert_eq!((found.id.as_str(), found.role), ("u1", Role::Deelnemer), "the role is the local one");

        // The same subject at another issuer is another person.
        assert_eq!(s.oidc_user(OTHER_ISSUER, "sub-a").await.expect("query"), None);
        s.link_oidc(OTHER_ISSUER, "sub-a", "u2", 200).await.expect("another issuer, another link");

        // Taken identity, or a second identity at the same issuer: refused, nothing changed.
        let e = s.link_oidc(ISSUER, "sub-a", "u2", 400).await.expect_err("identity taken");
        assert!(e.nl.contains("ander account"), "{e}");
        let e = s.link_oidc(ISSUER, "sub-b", "u1", 400).await.expect_err("account has one at this issuer");
        assert!(e.en.contains("already linked to another login"), "{e}");
        assert_eq!(s.oidc_user(ISSUER, "sub-b").await.expect("query"), None);
        assert_eq!(s.oidc_issuers_of("u1").await.expect("query"), vec![ISSUER.to_owned()]);

        // Empty or oversized ids never reach the database.
        assert!(s.link_oidc(ISSUER, "", "u1", 1).await.is_err());
        assert!(s.oidc_user(ISSUER, &"x".repeat(256)).await.is_err());

        assert_eq!(s.unlink_oidc("u1").await.expect("unlinked"), 1);
        assert_eq!(s.oidc_user(ISSUER, "sub-a").await.expect("query"), None);
        s.link_oidc(ISSUER, "sub-b", "u1", 500).await.expect("free again after unlinking");
        assert_eq!(s.oidc_user(ISSUER, "sub-b").await.expect("query").map(|u| u.id), Some("u1".to_owned()));
    });
}

#[test]
fn a_login_under_way_finishes_once_and_expires() {
    each_backend(|url| async move {
        let s = AccountStore::new(Database::connect(&url).await.expect("connects"));
        s.begin_oidc_login(&key_hash(1), "en", 1_000, 1_600, 3).await.expect("stored");
        s.begin_oidc_login(&key_hash(2), "nl", 1_000, 1_600, 3).await.expect("stored");
        assert_eq!(s.take_oidc_login(&key_hash(1), 1_100).await.expect("query"), Some("en".to_owned()));
        assert_eq!(s.take_oidc_login(&key_hash(1), 1_100).await.expect("query"), None, "only once");
        assert_eq!(s.take_oidc_login(&key_hash(3), 1_100).await.expect("query"), None, "unknown");
        assert_eq!(s.take_oidc_login(&key_hash(2), 1_600).await.expect("query"), None, "expired at verloopt");
        // Starting a login removes expired ones.
        s.begin_oidc_login(&key_hash(4), "nl", 1_000, 1_100, 3).await.expect("stored");
        s.begin_oidc_login(&key_hash(5), "nl", 2_000, 2_600, 3).await.expect("stored");
        assert_eq!(s.take_oidc_login(&key_hash(4), 1_050).await.expect("query"), None, "cleaned up");
        assert_eq!(s.take_oidc_login(&key_hash(5), 2_100).await.expect("query"), Some("nl".to_owned()));
        // A flood of starts is capped; expired ones make room again.
        for k in 6..9 {
            s.begin_oidc_login(&key_hash(k), "nl", 3_000, 3_600, 3).await.expect("stored");
        }
        let full = s.begin_oidc_login(&key_hash(9), "nl", 3_000, 3_600, 3).await.expect_err("full");
        assert!(full.en.contains("too many logins"), "{full}");
        s.begin_oidc_login(&key_hash(9), "nl", 3_600, 4_200, 3).await.expect("room after expiry");
    });
}
