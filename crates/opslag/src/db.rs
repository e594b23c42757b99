//! Connecting, migrating and the two backends.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

/// An error of the storage layer. `nl`/`en` say what went wrong in words for
/// the person running the command; `detail` is the database's own message.
#[derive(Debug)]
pub struct StoreError {
    pub nl: String,
    pub en: String,
    pub detail: String,
}

impl StoreError {
    pub fn new(nl: impl Into<String>, en: impl Into<String>, detail: impl Into<String>) -> StoreError {
        StoreError { nl: nl.into(), en: en.into(), detail: detail.into() }
    }

    pub(crate) fn db(e: sqlx::Error) -> StoreError {
        StoreError::new("de database gaf een fout", "the database returned an error", e.to_string())
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {} ({})", self.nl, self.en, self.detail)
    }
}

impl std::error::Error for StoreError {}

/// Runs the same code on whichever pool the database has: the SQL is the same
/// for both backends; only the pool type differs.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            Database::Sqlite($pool) => $body,
            Database::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Database {
    /// Connects to `sqlite://path` (created when missing) or
    /// `postgres://user:pass@host/db`, and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Database, StoreError> {
        let db = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| {
                    StoreError::new(
                        "dit is geen geldig SQLite-adres (sqlite://pad/naar/bestand.db)",
                        "this is not a valid SQLite address (sqlite://path/to/file.db)",
                        e.to_string(),
                    )
                })?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit is on disk before it is acknowledged, also in
                // WAL mode. The cost is measured in bench/munt.sh.
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true);
            // No ping before each use: an embedded database has no server to
            // lose the connection, and for SQLite every ping is a round trip
            // to the connection's worker thread (two context switches per
            // query, measured in bench/load.sh and docs/prestaties.md).
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .test_before_acquire(false)
                .connect_with(options)
                .await
                .map_err(StoreError::db)?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await.map_err(|e| {
                StoreError::new(
                    "de database kon niet worden bijgewerkt",
                    "the database could not be migrated",
                    e.to_string(),
                )
            })?;
            Database::Sqlite(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(StoreError::db)?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await.map_err(|e| {
                StoreError::new(
                    "de database kon niet worden bijgewerkt",
                    "the database could not be migrated",
                    e.to_string(),
                )
            })?;
            Database::Postgres(pool)
        } else {
            return Err(StoreError::new(
                "het database-adres moet beginnen met sqlite:// of postgres://",
                "the database address must start with sqlite:// or postgres://",
                url.split('@').next_back().unwrap_or_default().to_owned(),
            ));
        };
        Ok(db)
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        }
    }

    /// A consistent copy of a SQLite database while it is in use
    /// (`VACUUM INTO`, one read transaction). For PostgreSQL use `pg_dump`,
    /// which is consistent by itself (see docs/munt-opslag.md).
    pub async fn backup_sqlite(&self, target: &std::path::Path) -> Result<(), StoreError> {
        match self {
            Database::Sqlite(pool) => {
                let target = target.to_str().ok_or_else(|| {
                    StoreError::new("het doelpad is geen geldige tekst", "the target path is not valid text", "")
                })?;
                sqlx::query("VACUUM INTO ?").bind(target).execute(pool).await.map_err(StoreError::db)?;
                Ok(())
            }
            Database::Postgres(_) => Err(StoreError::new(
                "gebruik pg_dump voor een kopie van PostgreSQL",
                "use pg_dump to back up PostgreSQL",
                "",
            )),
        }
    }

    /// SQLite's own check of every page and index (`PRAGMA integrity_check`):
    /// `Ok(())` when it says "ok", else its findings. PostgreSQL checks its
    /// pages itself; there this returns `Ok(())`.
    pub async fn integrity_check(&self) -> Result<(), StoreError> {
        match self {
            Database::Sqlite(pool) => {
                let rows: Vec<(String,)> =
                    sqlx::query_as("PRAGMA integrity_check").fetch_all(pool).await.map_err(StoreError::db)?;
                let findings: Vec<String> = rows.into_iter().map(|r| r.0).filter(|r| r != "ok").collect();
                if findings.is_empty() {
                    Ok(())
                } else {
                    Err(StoreError::new("de database is beschadigd", "the database is damaged", findings.join("; ")))
                }
            }
            Database::Postgres(_) => Ok(()),
        }
    }

    /// How many rows each table of the platform holds (for a backup report).
    pub async fn row_counts(&self) -> Result<Vec<(&'static str, i64)>, StoreError> {
        const TABLES: [&str; 6] =
            ["gebruiker", "logboek", "huishouden", "huishouden_geschiedenis", "munt_commando", "munt_houder"];
        let mut out = Vec::new();
        for table in TABLES {
            // The names are constants above, never input.
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let row: (i64,) =
                on_pool!(self, pool => sqlx::query_as(&sql).fetch_one(pool).await).map_err(StoreError::db)?;
            out.push((table, row.0));
        }
        Ok(out)
    }

    pub async fn close(&self) {
        match self {
            Database::Sqlite(p) => p.close().await,
            Database::Postgres(p) => p.close().await,
        }
    }
}
