//! OpenID Connect: the link from an identity at a provider (issuer, subject)
//! to a local account, and the logins under way (only a hash of the
//! browser's key). Roles are never read from the provider: they stay on the
//! local account (`gebruiker.rol`).

use crate::accounts::{AccountStore, User, UserRow, user_of};
use crate::db::{Database, StoreError, on_pool};

/// Longest issuer or subject we store. OpenID Connect limits `sub` to 255
/// ASCII characters; an issuer is a URL.
pub const OIDC_ID_BYTES_MAX: usize = 255;
/// Longest issuer URL we store.
pub const OIDC_ISSUER_BYTES_MAX: usize = 2_000;

fn check_identity(issuer: &str, subject: &str) -> Result<(), StoreError> {
    if issuer.is_empty()
        || issuer.len() > OIDC_ISSUER_BYTES_MAX
        || subject.is_empty()
        || subject.len() > OIDC_ID_BYTES_MAX
    {
        return Err(StoreError::new(
            "de uitgever of het onderwerp van de inlog is leeg of te lang",
            "the issuer or subject of the login is empty or too long",
            "",
        ));
    }
    Ok(())
}

impl AccountStore {
    /// The local account linked to `subject` at `issuer`, if any.
    pub async fn oidc_user(&self, issuer: &str, subject: &str) -> Result<Option<User>, StoreError> {
        check_identity(issuer, subject)?;
        let sql = "SELECT g.id, g.gebruikersnaam, g.naam, g.rol, g.wachtwoord FROM oidc_koppeling k \
                   JOIN gebruiker g ON g.id = k.gebruiker WHERE k.uitgever = $1 AND k.onderwerp = $2";
        let row: Option<UserRow> =
            on_pool!(self.database(), pool => sqlx::query_as(sql).bind(issuer).bind(subject).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        row.map(user_of).transpose()
    }

    /// Links `subject` at `issuer` to the local account `user_id`. Idempotent
    /// for the same pair; refused when the identity belongs to another
    /// account, or the account already has another identity at this issuer.
    pub async fn link_oidc(&self, issuer: &str, subject: &str, user_id: &str, now: i64) -> Result<(), StoreError> {
        check_identity(issuer, subject)?;
        let sql = "INSERT INTO oidc_koppeling (uitgever, onderwerp, gebruiker, aangemaakt) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT DO NOTHING";
        on_pool!(self.database(), pool => sqlx::query(sql)
            .bind(issuer)
            .bind(subject)
            .bind(user_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StoreError::db)?;
        // Whatever was there first wins; tell the caller if that was not this link.
        match self.oidc_user(issuer, subject).await? {
            Some(user) if user.id == user_id => Ok(()),
            Some(_) => Err(StoreError::new(
                "deze inlog is al aan een ander account gekoppeld",
                "this login is already linked to another account",
                "",
            )),
            None => Err(StoreError::new(
                "dit account is al gekoppeld aan een andere inlog van deze uitgever",
                "this account is already linked to another login of this issuer",
                "",
            )),
        }
    }

    /// Removes every link of a local account (for the administrator, or when
    /// the person leaves); returns how many there were.
    pub async fn unlink_oidc(&self, user_id: &str) -> Result<u64, StoreError> {
        let sql = "DELETE FROM oidc_koppeling WHERE gebruiker = $1";
        on_pool!(self.database(), pool => sqlx::query(sql).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))
            .map_err(StoreError::db)
    }

    /// The issuers a local account has a link with, sorted.
    pub async fn oidc_issuers_of(&self, user_id: &str) -> Result<Vec<String>, StoreError> {
        let sql = "SELECT uitgever FROM oidc_koppeling WHERE gebruiker = $1 ORDER BY uitgever";
        let rows: Vec<(String,)> =
            on_pool!(self.database(), pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        Ok(rows.into_iter().map(|(i,)| i).collect())
    }

    /// Remembers a login that goes to the provider: the SHA-256 (hex) of the
    /// browser's key, its language, and until when it may come back. Expired
    /// logins are removed on the way. Anyone can start a login, so at most
    /// `max_under_way` may be under way at once (then this is refused).
    pub async fn begin_oidc_login(
        &self,
        key_hash: &str,
        lang: &str,
        now: i64,
        expires: i64,
        max_under_way: i64,
    ) -> Result<(), StoreError> {
        assert_eq!(key_hash.len(), 64, "a SHA-256 in hex");
        assert!(expires > now, "a login under way expires after it starts");
        assert!(max_under_way > 0);
        on_pool!(self.database(), pool => sqlx::query("DELETE FROM oidc_inlog WHERE verloopt <= $1").bind(now).execute(pool).await.map(|_| ()))
            .map_err(StoreError::db)?;
        let (n,): (i64,) =
            on_pool!(self.database(), pool => sqlx::query_as("SELECT COUNT(*) FROM oidc_inlog").fetch_one(pool).await)
                .map_err(StoreError::db)?;
        if n >= max_under_way {
            return Err(StoreError::new(
                "er zijn te veel inlogs tegelijk onderweg",
                "too many logins are under way at once",
                n.to_string(),
            ));
        }
        let sql = "INSERT INTO oidc_inlog (sleutel_hash, taal, verloopt) VALUES ($1, $2, $3)";
        on_pool!(self.database(), pool => sqlx::query(sql)
            .bind(key_hash)
            .bind(lang)
            .bind(expires)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StoreError::db)
    }

    /// Takes (removes) the login under way with this key hash and returns
    /// its language, if it exists and has not expired. A second call with
    /// the same hash finds nothing: a login finishes once.
    pub async fn take_oidc_login(&self, key_hash: &str, now: i64) -> Result<Option<String>, StoreError> {
        let sql = "DELETE FROM oidc_inlog WHERE sleutel_hash = $1 RETURNING taal, verloopt";
        let row: Option<(String, i64)> =
            on_pool!(self.database(), pool => sqlx::query_as(sql).bind(key_hash).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        Ok(row.filter(|(_, expires)| *expires > now).map(|(lang, _)| lang))
    }
}
