//! Home-visit rounds (issue 6, item 5: the *wijkbenadering*).
//!
//! A round is one versioned JSON document, written and read by the `plan`
//! crate (`plan::json::round_to_json`); the store knows nothing of its shape
//! beyond the buurt code, the planner's account and the planned date, kept
//! as columns to list rounds. Optimistic versions as for plans: a writer
//! names the version it read, and a stale one writes nothing.

use serde_json::Value;

use crate::db::{Database, StoreError, on_pool};
use crate::dossier::Conflict;

/// A stored round.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRound {
    pub id: i64,
    /// CBS buurt code, `BU` and 8 digits.
    pub neighbourhood: String,
    /// The planner's account id.
    pub planner: String,
    /// `JJJJ-MM-DD`.
    pub date: String,
    pub version: i64,
    pub content: Value,
    pub updated: i64,
    pub updated_by: String,
}

/// A new round, as [`HuisbezoekStore::create`] takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRound {
    pub neighbourhood: String,
    pub planner: String,
    pub date: String,
    pub content: Value,
}

/// Longest round accepted, in bytes of JSON text (500 addresses with answers).
pub const MAX_ROUND: usize = 1024 * 1024;
/// Most rounds listed at once, newest first.
pub const MAX_ROUNDS: i64 = 200;

type Row = (i64, String, String, String, i64, String, i64, String);

const COLUMNS: &str = "id, buurt, planner, datum, versie, inhoud, bijgewerkt, door";

fn round_of(r: Row) -> Result<StoredRound, StoreError> {
    let content = serde_json::from_str(&r.5).map_err(|e| {
        StoreError::new(
            format!("huisbezoekronde {} is geen geldige JSON", r.0),
            format!("home-visit round {} is not valid JSON", r.0),
            e.to_string(),
        )
    })?;
    Ok(StoredRound {
        id: r.0,
        neighbourhood: r.1,
        planner: r.2,
        date: r.3,
        version: r.4,
        content,
        updated: r.6,
        updated_by: r.7,
    })
}

fn text_of(content: &Value) -> Result<String, StoreError> {
    let text = content.to_string();
    if text.len() > MAX_ROUND {
        return Err(StoreError::new(
            "deze huisbezoekronde is te groot om te bewaren",
            "this home-visit round is too large to store",
            format!("{} bytes", text.len()),
        ));
    }
    Ok(text)
}

pub struct HuisbezoekStore {
    db: Database,
}

impl HuisbezoekStore {
    pub fn new(db: Database) -> HuisbezoekStore {
        HuisbezoekStore { db }
    }

    /// Stores a new round at version 1; returns its id.
    pub async fn create(&self, round: &NewRound, now: i64) -> Result<i64, StoreError> {
        let text = text_of(&round.content)?;
        let sql = "INSERT INTO huisbezoek_ronde (buurt, planner, datum, versie, inhoud, bijgewerkt, door) \
                   VALUES ($1, $2, $3, 1, $4, $5, $2) RETURNING id";
        let (id,): (i64,) = on_pool!(&self.db, pool => sqlx::query_as(sql)
            .bind(&round.neighbourhood)
            .bind(&round.planner)
            .bind(&round.date)
            .bind(&text)
            .bind(now)
            .fetch_one(pool)
            .await)
        .map_err(StoreError::db)?;
        Ok(id)
    }

    /// One round, if it exists.
    pub async fn get(&self, id: i64) -> Result<Option<StoredRound>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM huisbezoek_ronde WHERE id = $1");
        let row: Option<Row> = on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
            .map_err(StoreError::db)?;
        row.map(round_of).transpose()
    }

    /// The latest [`MAX_ROUNDS`] rounds, newest date first.
    pub async fn list(&self) -> Result<Vec<StoredRound>, StoreError> {
        self.list_before(None, MAX_ROUNDS).await
    }

    /// A page of rounds, newest date first (and the newest id first on one
    /// date): at most `limit` (1 to [`MAX_ROUNDS`]), those after `before`
    /// (`(date, id)` of the last round of the previous page) in that order.
    /// Keyset paging: a page stays right while rounds are added.
    pub async fn list_before(&self, before: Option<(&str, i64)>, limit: i64) -> Result<Vec<StoredRound>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM huisbezoek_ronde \
             WHERE $1 IS NULL OR datum < $1 OR (datum = $1 AND id < $2) \
             ORDER BY datum DESC, id DESC LIMIT $3"
        );
        let (date, id) = before.map_or((None, 0), |(d, i)| (Some(d), i));
        let limit = limit.clamp(1, MAX_ROUNDS);
        let rows: Vec<Row> = on_pool!(&self.db, pool => sqlx::query_as(&sql)
            .bind(date)
            .bind(id)
            .bind(limit)
            .fetch_all(pool)
            .await)
        .map_err(StoreError::db)?;
        rows.into_iter().map(round_of).collect()
    }

    /// Writes a round if it is still at `expected_version`; returns the new
    /// version, or the conflict (nothing written). `Ok(Err(_))` with
    /// `current_version` 0 when the round does not exist.
    pub async fn put(
        &self,
        id: i64,
        expected_version: i64,
        content: &Value,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let text = text_of(content)?;
        let sql = "UPDATE huisbezoek_ronde SET versie = versie + 1, inhoud = $1, bijgewerkt = $2, door = $3 \
                   WHERE id = $4 AND versie = $5";
        let written = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(&text)
            .bind(now)
            .bind(by)
            .bind(id)
            .bind(expected_version)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        if written == 1 {
            return Ok(Ok(expected_version + 1));
        }
        let current = self.get(id).await?;
        Ok(Err(Conflict {
            current_version: current.as_ref().map_or(0, |r| r.version),
            updated_by: current.map(|r| r.updated_by).unwrap_or_default(),
        }))
    }
}
