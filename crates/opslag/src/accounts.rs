//! Accounts, sessions, login attempts and the audit log.

use platform::rol::Role;

use crate::db::{Database, StoreError, on_pool};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub name: String,
    pub role: Role,
    /// The argon2id hash (PHC string).
    pub password_hash: String,
}

/// A session found by its token: the user and the CSRF token that forms must echo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires: i64,
}

/// One row of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogRow {
    pub seq: i64,
    /// Unix milliseconds.
    pub moment: i64,
    pub user: String,
    pub name: String,
    pub activity: String,
    pub subject: String,
    /// The record in the standard's JSON shape.
    pub record: String,
}

/// Most log rows returned by one query.
pub const LOG_PAGE_MAX: i64 = 1_000;

pub(crate) type UserRow = (String, String, String, String, String);

pub(crate) fn user_of(row: UserRow) -> Result<User, StoreError> {
    let (id, username, name, role, password_hash) = row;
    let role = Role::from_key(&role)
        .ok_or_else(|| StoreError::new("onbekende rol in de database", "unknown role in the database", role.clone()))?;
    Ok(User { id, username, name, role, password_hash })
}

pub struct AccountStore {
    db: Database,
}

impl AccountStore {
    pub fn new(db: Database) -> AccountStore {
        AccountStore { db }
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Creates an account; a taken username is refused with a clear message.
    pub async fn create_user(&self, user: &User, now: i64) -> Result<(), StoreError> {
        let sql = "INSERT INTO gebruiker (id, gebruikersnaam, naam, rol, wachtwoord, aangemaakt) VALUES ($1, $2, $3, $4, $5, $6)";
        let r = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(&user.id)
            .bind(&user.username)
            .bind(&user.name)
            .bind(user.role.key())
            .bind(&user.password_hash)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ()));
        match r {
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::new(
                format!("de gebruikersnaam '{}' bestaat al", user.username),
                format!("the username '{}' is taken", user.username),
                "",
            )),
            Err(e) => Err(StoreError::db(e)),
        }
    }

    /// Replaces a user's password hash; false when there is no such user.
    pub async fn set_password(&self, username: &str, password_hash: &str) -> Result<bool, StoreError> {
        let sql = "UPDATE gebruiker SET wachtwoord = $1 WHERE gebruikersnaam = $2";
        let n = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(password_hash)
            .bind(username)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        Ok(n > 0)
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        let sql = "SELECT id, gebruikersnaam, naam, rol, wachtwoord FROM gebruiker WHERE gebruikersnaam = $1";
        let row: Option<UserRow> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(username).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        row.map(user_of).transpose()
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = "SELECT id, gebruikersnaam, naam, rol, wachtwoord FROM gebruiker ORDER BY gebruikersnaam";
        let rows: Vec<UserRow> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).fetch_all(pool).await).map_err(StoreError::db)?;
        rows.into_iter().map(user_of).collect()
    }

    /// Makes `user_id` the holder of currency account `account` (idempotent
    /// for the same holder; another holder is refused).
    pub async fn link_wallet(&self, account: u128, user_id: &str) -> Result<(), StoreError> {
        let sql = "INSERT INTO munt_houder (rekening, gebruiker) VALUES ($1, $2) ON CONFLICT (rekening) DO NOTHING";
        on_pool!(&self.db, pool => sqlx::query(sql).bind(account.to_string()).bind(user_id).execute(pool).await.map(|_| ()))
            .map_err(StoreError::db)?;
        match self.wallet_holder(account).await? {
            Some(holder) if holder == user_id => Ok(()),
            _ => Err(StoreError::new(
                format!("rekening {account} hoort al bij iemand anders"),
                format!("account {account} already belongs to someone else"),
                "",
            )),
        }
    }

    pub async fn wallet_holder(&self, account: u128) -> Result<Option<String>, StoreError> {
        let sql = "SELECT gebruiker FROM munt_houder WHERE rekening = $1";
        let row: Option<(String,)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(account.to_string()).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        Ok(row.map(|r| r.0))
    }

    /// The currency accounts a user holds, in ascending order.
    pub async fn wallets_of(&self, user_id: &str) -> Result<Vec<u128>, StoreError> {
        let sql = "SELECT rekening FROM munt_houder WHERE gebruiker = $1";
        let rows: Vec<(String,)> = on_pool!(&self.db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)
            .map_err(StoreError::db)?;
        let mut ids: Vec<u128> = rows
            .into_iter()
            .map(|(r,)| r.parse().map_err(|_| StoreError::new("ongeldig rekeningnummer", "invalid account number", r)))
            .collect::<Result<_, _>>()?;
        ids.sort_unstable();
        Ok(ids)
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        csrf: &str,
        now: i64,
        expires: i64,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO sessie (token_hash, gebruiker, csrf, verloopt, aangemaakt) VALUES ($1, $2, $3, $4, $5)";
        on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(token_hash)
            .bind(user_id)
            .bind(csrf)
            .bind(expires)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StoreError::db)?;
        Ok(())
    }

    /// The live session with this token hash, if any (expired ones are not found).
    pub async fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>, StoreError> {
        let sql = "SELECT g.id, g.gebruikersnaam, g.naam, g.rol, g.wachtwoord, s.csrf, s.verloopt \
                   FROM sessie s JOIN gebruiker g ON g.id = s.gebruiker WHERE s.token_hash = $1 AND s.verloopt > $2";
        let row: Option<(String, String, String, String, String, String, i64)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(token_hash).bind(now).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        match row {
            Some((id, username, name, role, hash, csrf, expires)) => {
                Ok(Some(Session { user: user_of((id, username, name, role, hash))?, csrf, expires }))
            }
            None => Ok(None),
        }
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        on_pool!(&self.db, pool => sqlx::query("DELETE FROM sessie WHERE token_hash = $1").bind(token_hash).execute(pool).await.map(|_| ()))
            .map_err(StoreError::db)?;
        Ok(())
    }

    /// Removes expired sessions and login attempts older than `keep_attempts_since`.
    pub async fn clean(&self, now: i64, keep_attempts_since: i64) -> Result<(), StoreError> {
        on_pool!(&self.db, pool => sqlx::query("DELETE FROM sessie WHERE verloopt <= $1").bind(now).execute(pool).await.map(|_| ()))
            .map_err(StoreError::db)?;
        on_pool!(&self.db, pool => sqlx::query("DELETE FROM inlogpoging WHERE moment < $1").bind(keep_attempts_since).execute(pool).await.map(|_| ()))
            .map_err(StoreError::db)?;
        Ok(())
    }

    pub async fn record_login_attempt(&self, username: &str, now: i64, ok: bool) -> Result<(), StoreError> {
        let sql = "INSERT INTO inlogpoging (gebruikersnaam, moment, gelukt) VALUES ($1, $2, $3)";
        on_pool!(&self.db, pool => sqlx::query(sql).bind(username).bind(now).bind(i64::from(ok)).execute(pool).await.map(|_| ()))
            .map_err(StoreError::db)?;
        Ok(())
    }

    /// Failed logins for `username` since `since` (Unix seconds).
    pub async fn failed_logins_since(&self, username: &str, since: i64) -> Result<i64, StoreError> {
        let sql = "SELECT COUNT(*) FROM inlogpoging WHERE gebruikersnaam = $1 AND moment >= $2 AND gelukt = 0";
        let (n,): (i64,) =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(username).bind(since).fetch_one(pool).await)
                .map_err(StoreError::db)?;
        Ok(n)
    }

    /// Appends an audit-log row (append-only: there is no update or delete).
    pub async fn append_log(&self, row: &LogRow) -> Result<(), StoreError> {
        let sql = "INSERT INTO logboek (moment, gebruiker, naam, activiteit, betrokkene, record) VALUES ($1, $2, $3, $4, $5, $6)";
        on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(row.moment)
            .bind(&row.user)
            .bind(&row.name)
            .bind(&row.activity)
            .bind(&row.subject)
            .bind(&row.record)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StoreError::db)?;
        Ok(())
    }

    /// Appends many audit-log rows in one transaction: all or none.
    pub async fn append_logs(&self, rows: &[LogRow]) -> Result<(), StoreError> {
        let sql = "INSERT INTO logboek (moment, gebruiker, naam, activiteit, betrokkene, record) VALUES ($1, $2, $3, $4, $5, $6)";
        on_pool!(&self.db, pool => async {
            let mut tx = pool.begin().await?;
            for row in rows {
                sqlx::query(sql)
                    .bind(row.moment)
                    .bind(&row.user)
                    .bind(&row.name)
                    .bind(&row.activity)
                    .bind(&row.subject)
                    .bind(&row.record)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        }
        .await)
        .map_err(StoreError::db)
    }

    /// The newest audit-log rows first, at most `limit` (capped at [`LOG_PAGE_MAX`]).
    pub async fn log(&self, limit: i64) -> Result<Vec<LogRow>, StoreError> {
        let sql = "SELECT volgnummer, moment, gebruiker, naam, activiteit, betrokkene, record FROM logboek \
                   ORDER BY volgnummer DESC LIMIT $1";
        let rows: Vec<(i64, i64, String, String, String, String, String)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(limit.clamp(1, LOG_PAGE_MAX)).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        Ok(rows
            .into_iter()
            .map(|(seq, moment, user, name, activity, subject, record)| LogRow {
                seq,
                moment,
                user,
                name,
                activity,
                subject,
                record,
            })
            .collect())
    }
}
