//! The resident's plan: one versioned JSON document per household and kind
//! ([`Kind`]): the goals (`doelen`), the ladder history (`ladder`), and room
//! for the ZRM and the ademruimte-score.
//!
//! The store keeps the JSON as text and knows nothing of its shape: the
//! `plan` crate writes it (`plan::json`) and reads it back through its
//! validating constructors. Versions are optimistic, as for dossiers: a
//! write names the version it started from (0 = the document does not exist
//! yet); when someone else wrote first nothing is written and the caller gets
//! a [`Conflict`]. The previous version goes into
//! `plan_document_geschiedenis` in the same transaction.

use serde_json::Value;

use crate::db::{Database, StoreError, on_pool};
use crate::dossier::Conflict;

/// Which document of a household's plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The goals and their steps (`plan::goals::Plan`).
    Goals,
    /// The positions on the ladder over time (`plan::ladder::History`).
    Ladder,
    /// Zelfredzaamheid-Matrix assessments (`plan::json::zrm_to_json`).
    Zrm,
    /// The resident's own ademruimte-scores (`plan::json::ademruimte_to_json`).
    Ademruimte,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Goals, Kind::Ladder, Kind::Zrm, Kind::Ademruimte];

    /// The stored key (`soort`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Goals => "doelen",
            Kind::Ladder => "ladder",
            Kind::Zrm => "zrm",
            Kind::Ademruimte => "ademruimte",
        }
    }
}

/// A stored document: its version and its JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub version: i64,
    pub content: Value,
    pub updated: i64,
    pub updated_by: String,
}

/// An earlier version of a document, as it was until `changed`.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentVersion {
    pub version: i64,
    pub content: Value,
    pub changed: i64,
    pub by: String,
}

/// Longest document accepted, in bytes of JSON text: a plan at its bounds
/// (20 goals × 40 steps of 200 characters) stays well below it.
pub const MAX_DOCUMENT: usize = 1 << 20;

pub struct PlanStore {
    db: Database,
}

fn parse(household: i64, kind: Kind, text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| {
        StoreError::new(
            format!("het plan ({}) van huishouden {household} is geen geldige JSON", kind.key()),
            format!("the plan ({}) of household {household} is not valid JSON", kind.key()),
            e.to_string(),
        )
    })
}

impl PlanStore {
    pub fn new(db: Database) -> PlanStore {
        PlanStore { db }
    }

    /// The current version of a document, if there is one.
    pub async fn get(&self, household: i64, kind: Kind) -> Result<Option<Document>, StoreError> {
        let sql = "SELECT versie, inhoud, bijgewerkt, door FROM plan_document WHERE huishouden = $1 AND soort = $2";
        let row: Option<(i64, String, i64, String)> = on_pool!(&self.db, pool => sqlx::query_as(sql)
            .bind(household)
            .bind(kind.key())
            .fetch_optional(pool)
            .await)
        .map_err(StoreError::db)?;
        row.map(|(version, text, updated, updated_by)| {
            Ok(Document { version, content: parse(household, kind, &text)?, updated, updated_by })
        })
        .transpose()
    }

    /// Writes a document if it is still at `expected_version` (0: it must not
    /// exist yet); returns the new version. `Ok(Err(conflict))` when someone
    /// else wrote first: nothing is written then. The version it replaces is
    /// copied to the history in the same transaction.
    pub async fn put(
        &self,
        household: i64,
        kind: Kind,
        expected_version: i64,
        content: &Value,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let text = content.to_string();
        if text.len() > MAX_DOCUMENT {
            return Err(StoreError::new(
                "dit plan is te groot om te bewaren",
                "this plan is too large to store",
                format!("{} bytes", text.len()),
            ));
        }
        let written = if expected_version == 0 {
            let sql = "INSERT INTO plan_document (huishouden, soort, versie, inhoud, bijgewerkt, door) \
                       VALUES ($1, $2, 1, $3, $4, $5) ON CONFLICT (huishouden, soort) DO NOTHING";
            on_pool!(&self.db, pool => sqlx::query(sql)
                .bind(household)
                .bind(kind.key())
                .bind(&text)
                .bind(now)
                .bind(by)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))
            .map_err(StoreError::db)?
        } else {
            // The copy is the first statement: on SQLite it takes the write
            // lock before anything is read; on PostgreSQL a second writer of
            // the same version waits for the first, copies nothing (the row
            // is there) and then finds the version gone.
            let copy = "INSERT INTO plan_document_geschiedenis (huishouden, soort, versie, inhoud, gewijzigd, door) \
                        SELECT huishouden, soort, versie, inhoud, bijgewerkt, door FROM plan_document \
                        WHERE huishouden = $1 AND soort = $2 AND versie = $3 ON CONFLICT DO NOTHING";
            let write = "UPDATE plan_document SET versie = versie + 1, inhoud = $1, bijgewerkt = $2, door = $3 \
                         WHERE huishouden = $4 AND soort = $5 AND versie = $6";
            on_pool!(&self.db, pool => async {
                let mut tx = pool.begin().await?;
                sqlx::query(copy).bind(household).bind(kind.key()).bind(expected_version).execute(&mut *tx).await?;
                let n = sqlx::query(write)
                    .bind(&text)
                    .bind(now)
                    .bind(by)
                    .bind(household)
                    .bind(kind.key())
                    .bind(expected_version)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 1 {
                    tx.commit().await?;
                } else {
                    tx.rollback().await?;
                }
                Ok::<u64, sqlx::Error>(n)
            }
            .await)
            .map_err(StoreError::db)?
        };
        if written == 1 {
            return Ok(Ok(expected_version + 1));
        }
        match self.get(household, kind).await? {
            Some(d) => Ok(Err(Conflict { current_version: d.version, updated_by: d.updated_by })),
            None => Ok(Err(Conflict { current_version: 0, updated_by: String::new() })),
        }
    }

    /// Earlier versions of a document, newest first.
    pub async fn history(&self, household: i64, kind: Kind) -> Result<Vec<DocumentVersion>, StoreError> {
        let sql = "SELECT versie, inhoud, gewijzigd, door FROM plan_document_geschiedenis \
                   WHERE huishouden = $1 AND soort = $2 ORDER BY versie DESC";
        let rows: Vec<(i64, String, i64, String)> = on_pool!(&self.db, pool => sqlx::query_as(sql)
            .bind(household)
            .bind(kind.key())
            .fetch_all(pool)
            .await)
        .map_err(StoreError::db)?;
        rows.into_iter()
            .map(|(version, text, changed, by)| {
                Ok(DocumentVersion { version, content: parse(household, kind, &text)?, changed, by })
            })
            .collect()
    }
}
