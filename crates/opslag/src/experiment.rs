//! Experiments (issue 8): the design with its allocation, the participants,
//! and their measurements, each a versioned JSON document.
//!
//! As for plans, the store keeps the JSON as text and knows nothing of its
//! shape: the `experiment` crate writes it and reads it back through its
//! validating constructors. What the store guarantees is what only a
//! database can: a household is in an experiment at most once, participants
//! are numbered 1, 2, 3, … in enrolment order without gaps or doubles (also
//! when two caseworkers enrol at the same moment), every change names the
//! version it started from (a stale one writes nothing and returns a
//! [`Conflict`]), and deleting a participant's data on withdrawal removes
//! their measurements in the same transaction as the participant's new
//! document.

use serde_json::Value;

use crate::db::{Database, StoreError, on_pool};
use crate::dossier::Conflict;

/// Longest document accepted, in bytes of JSON text. A design at the crate's
/// bounds and an allocation of its 20,000 participants stay below it.
pub const MAX_DOCUMENT: usize = 4 << 20;

/// A stored experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredExperiment {
    pub id: i64,
    pub key: String,
    pub design: Value,
    /// The allocation (with its seed) once the lot is drawn.
    pub allocation: Option<Value>,
    pub version: i64,
    pub created: i64,
    pub updated: i64,
    pub updated_by: String,
}

/// A stored participant: the number within the experiment, the household
/// (never exported), and the crate's document.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredParticipant {
    pub experiment: i64,
    pub number: i64,
    pub household: i64,
    pub content: Value,
    pub version: i64,
    pub enrolled: i64,
    pub updated_by: String,
    /// The package chosen in a free-choice arm (`experiment::json::choice_to_json`).
    pub choice: Option<Value>,
}

/// A stored measurement of one participant in one wave.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredMeasurement {
    pub experiment: i64,
    pub number: i64,
    pub wave: String,
    pub content: Value,
    pub version: i64,
    pub updated_by: String,
}

/// Outcomes from the municipality's own records for one participant in one
/// wave, recorded once (`experiment::json::admin_to_json`).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredAdmin {
    pub experiment: i64,
    pub number: i64,
    pub wave: String,
    pub content: Value,
    pub recorded: i64,
    pub recorded_by: String,
}

/// What [`ExperimentStore::put_admin`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminPut {
    Written,
    /// This wave was recorded before; nothing changed.
    AlreadyRecorded,
    /// The participant is not (or no longer) at the version given, or does
    /// not exist: nothing was written.
    ParticipantChanged,
}

/// Why an enrolment was not written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotEnrolled {
    /// The household is in this experiment already, with this number.
    AlreadyIn(i64),
    /// The document the caller built for the number was refused by the caller
    /// (e.g. the crate found the resident not eligible): its message.
    Refused(String),
}

pub struct ExperimentStore {
    db: Database,
}

fn checked(what: &str, content: &Value) -> Result<String, StoreError> {
    let text = content.to_string();
    if text.len() > MAX_DOCUMENT {
        return Err(StoreError::new(
            format!("{what} is te groot om te bewaren"),
            format!("{what} is too large to store"),
            format!("{} bytes", text.len()),
        ));
    }
    Ok(text)
}

fn parse(what: &str, text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| {
        StoreError::new(format!("{what} is geen geldige JSON"), format!("{what} is not valid JSON"), e.to_string())
    })
}

type ExperimentRow = (i64, String, String, Option<String>, i64, i64, i64, String);
const EXPERIMENT_COLUMNS: &str = "id, sleutel, ontwerp, toewijzing, versie, aangemaakt, bijgewerkt, door";

fn experiment_of(r: ExperimentRow) -> Result<StoredExperiment, StoreError> {
    let (id, key, design, allocation, version, created, updated, updated_by) = r;
    Ok(StoredExperiment {
        id,
        design: parse(&format!("het ontwerp van experiment {key}"), &design)?,
        allocation: allocation.map(|a| parse(&format!("de toewijzing van experiment {key}"), &a)).transpose()?,
        key,
        version,
        created,
        updated,
        updated_by,
    })
}

type ParticipantRow = (i64, i64, i64, String, i64, i64, String, Option<String>);
const PARTICIPANT_COLUMNS: &str = "experiment, nummer, huishouden, gegevens, versie, ingeschreven, door, keuze";

fn participant_of(r: ParticipantRow) -> Result<StoredParticipant, StoreError> {
    let (experiment, number, household, text, version, enrolled, updated_by, choice) = r;
    let what = format!("deelnemer {number} van experiment {experiment}");
    Ok(StoredParticipant {
        experiment,
        number,
        household,
        content: parse(&what, &text)?,
        version,
        enrolled,
        updated_by,
        choice: choice.map(|c| parse(&what, &c)).transpose()?,
    })
}

type MeasurementRow = (i64, i64, String, String, i64, String);

impl ExperimentStore {
    pub fn new(db: Database) -> ExperimentStore {
        ExperimentStore { db }
    }

    /// Stores a new experiment; `Ok(None)` when the key is taken.
    pub async fn create(&self, key: &str, design: &Value, by: &str, now: i64) -> Result<Option<i64>, StoreError> {
        let text = checked("het ontwerp", design)?;
        let sql = "INSERT INTO experiment (sleutel, ontwerp, versie, aangemaakt, bijgewerkt, door) \
                   VALUES ($1, $2, 1, $3, $3, $4) ON CONFLICT (sleutel) DO NOTHING RETURNING id";
        let id: Option<(i64,)> = on_pool!(&self.db, pool => sqlx::query_as(sql)
            .bind(key)
            .bind(&text)
            .bind(now)
            .bind(by)
            .fetch_optional(pool)
            .await)
        .map_err(StoreError::db)?;
        Ok(id.map(|(id,)| id))
    }

    pub async fn get(&self, id: i64) -> Result<Option<StoredExperiment>, StoreError> {
        let sql = format!("SELECT {EXPERIMENT_COLUMNS} FROM experiment WHERE id = $1");
        let row: Option<ExperimentRow> =
            on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        row.map(experiment_of).transpose()
    }

    /// Every experiment, newest first.
    pub async fn list(&self) -> Result<Vec<StoredExperiment>, StoreError> {
        let sql = format!("SELECT {EXPERIMENT_COLUMNS} FROM experiment ORDER BY id DESC");
        let rows: Vec<ExperimentRow> =
            on_pool!(&self.db, pool => sqlx::query_as(&sql).fetch_all(pool).await).map_err(StoreError::db)?;
        rows.into_iter().map(experiment_of).collect()
    }

    /// Replaces the design and the allocation (`None` keeps no allocation) if
    /// the experiment is still at `version`; returns the new version.
    pub async fn put(
        &self,
        id: i64,
        version: i64,
        design: &Value,
        allocation: Option<&Value>,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let design = checked("het ontwerp", design)?;
        let allocation = allocation.map(|a| checked("de toewijzing", a)).transpose()?;
        let sql = "UPDATE experiment SET ontwerp = $1, toewijzing = $2, versie = versie + 1, bijgewerkt = $3, door = $4 \
                   WHERE id = $5 AND versie = $6";
        let n = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(&design)
            .bind(&allocation)
            .bind(now)
            .bind(by)
            .bind(id)
            .bind(version)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        if n == 1 {
            return Ok(Ok(version + 1));
        }
        self.conflict("experiment", id, None).await
    }

    async fn conflict<T>(
        &self,
        table: &str,
        experiment: i64,
        number: Option<i64>,
    ) -> Result<Result<T, Conflict>, StoreError> {
        let row: Option<(i64, String)> = match number {
            None => {
                on_pool!(&self.db, pool => sqlx::query_as("SELECT versie, door FROM experiment WHERE id = $1")
                    .bind(experiment)
                    .fetch_optional(pool)
                    .await)
            }
            Some(n) => {
                on_pool!(&self.db, pool => sqlx::query_as(
                    "SELECT versie, door FROM experiment_deelnemer WHERE experiment = $1 AND nummer = $2")
                    .bind(experiment)
                    .bind(n)
                    .fetch_optional(pool)
                    .await)
            }
        }
        .map_err(StoreError::db)?;
        match row {
            Some((current_version, updated_by)) => Ok(Err(Conflict { current_version, updated_by })),
            None => Err(StoreError::new(
                format!("{table} {experiment} bestaat niet"),
                format!("{table} {experiment} does not exist"),
                number.map_or_else(String::new, |n| n.to_string()),
            )),
        }
    }

    /// Enrols a household: takes the next number (1, 2, 3, … within the
    /// experiment), asks `build` for the participant's document with that
    /// number, and stores it — all in one transaction, so two enrolments at
    /// once get two different numbers and a household is never in twice.
    pub async fn enrol(
        &self,
        experiment: i64,
        household: i64,
        build: impl Fn(i64) -> Result<Value, String>,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, NotEnrolled>, StoreError> {
        // Bounded: a retry means another enrolment took the number meanwhile.
        for _ in 0..8 {
            if let Some(number) = self.number_of(experiment, household).await? {
                return Ok(Err(NotEnrolled::AlreadyIn(number)));
            }
            let next: (i64,) = on_pool!(&self.db, pool => sqlx::query_as(
                "SELECT COALESCE(MAX(nummer), 0) + 1 FROM experiment_deelnemer WHERE experiment = $1")
                .bind(experiment)
                .fetch_one(pool)
                .await)
            .map_err(StoreError::db)?;
            let content = match build(next.0) {
                Ok(c) => c,
                Err(message) => return Ok(Err(NotEnrolled::Refused(message))),
            };
            let text = checked("de deelnemer", &content)?;
            let sql = "INSERT INTO experiment_deelnemer (experiment, nummer, huishouden, gegevens, versie, ingeschreven, bijgewerkt, door) \
                       VALUES ($1, $2, $3, $4, 1, $5, $5, $6) ON CONFLICT DO NOTHING";
            let n = on_pool!(&self.db, pool => sqlx::query(sql)
                .bind(experiment)
                .bind(next.0)
                .bind(household)
                .bind(&text)
                .bind(now)
                .bind(by)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))
            .map_err(StoreError::db)?;
            if n == 1 {
                return Ok(Ok(next.0));
            }
        }
        Err(StoreError::new(
            "de inschrijving lukte niet: het is te druk, probeer het opnieuw",
            "the enrolment failed: too busy, try again",
            "",
        ))
    }

    /// The household's number in the experiment, if it is in.
    pub async fn number_of(&self, experiment: i64, household: i64) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT nummer FROM experiment_deelnemer WHERE experiment = $1 AND huishouden = $2";
        let row: Option<(i64,)> = on_pool!(&self.db, pool => sqlx::query_as(sql)
            .bind(experiment)
            .bind(household)
            .fetch_optional(pool)
            .await)
        .map_err(StoreError::db)?;
        Ok(row.map(|(n,)| n))
    }

    /// The participants of an experiment, by number.
    pub async fn participants(&self, experiment: i64) -> Result<Vec<StoredParticipant>, StoreError> {
        let sql =
            format!("SELECT {PARTICIPANT_COLUMNS} FROM experiment_deelnemer WHERE experiment = $1 ORDER BY nummer");
        let rows: Vec<ParticipantRow> =
            on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(experiment).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        rows.into_iter().map(participant_of).collect()
    }

    /// Every experiment a household is in (for the resident's own view).
    pub async fn of_household(&self, household: i64) -> Result<Vec<StoredParticipant>, StoreError> {
        let sql =
            format!("SELECT {PARTICIPANT_COLUMNS} FROM experiment_deelnemer WHERE huishouden = $1 ORDER BY experiment");
        let rows: Vec<ParticipantRow> =
            on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(household).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        rows.into_iter().map(participant_of).collect()
    }

    /// Replaces a participant's document (a withdrawal, a deviation) if still
    /// at `version`. With `delete_measurements` (the resident chose to have
    /// their data deleted) their measurements go in the same transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn put_participant(
        &self,
        experiment: i64,
        number: i64,
        version: i64,
        content: &Value,
        delete_measurements: bool,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let text = checked("de deelnemer", content)?;
        let update = "UPDATE experiment_deelnemer SET gegevens = $1, versie = versie + 1, bijgewerkt = $2, door = $3 \
                      WHERE experiment = $4 AND nummer = $5 AND versie = $6";
        let delete = "DELETE FROM experiment_meting WHERE experiment = $1 AND nummer = $2";
        let delete_admin = "DELETE FROM experiment_administratief WHERE experiment = $1 AND nummer = $2";
        let done = on_pool!(&self.db, pool => async {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(update)
                .bind(&text)
                .bind(now)
                .bind(by)
                .bind(experiment)
                .bind(number)
                .bind(version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n != 1 {
                tx.rollback().await?;
                return Ok::<bool, sqlx::Error>(false);
            }
            if delete_measurements {
                sqlx::query(delete).bind(experiment).bind(number).execute(&mut *tx).await?;
                sqlx::query(delete_admin).bind(experiment).bind(number).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(true)
        }
        .await)
        .map_err(StoreError::db)?;
        if done {
            return Ok(Ok(version + 1));
        }
        self.conflict("deelnemer", experiment, Some(number)).await
    }

    /// Records the package a participant chose in a free-choice arm, if the
    /// participant is still at `version` and has not chosen before (a choice
    /// is made once; changing it is the caseworker's conversation).
    pub async fn choose(
        &self,
        experiment: i64,
        number: i64,
        version: i64,
        choice: &Value,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let text = checked("de keuze", choice)?;
        let sql = "UPDATE experiment_deelnemer SET keuze = $1, versie = versie + 1, bijgewerkt = $2, door = $3 \
                   WHERE experiment = $4 AND nummer = $5 AND versie = $6 AND keuze IS NULL";
        let n = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(&text)
            .bind(now)
            .bind(by)
            .bind(experiment)
            .bind(number)
            .bind(version)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        if n == 1 {
            return Ok(Ok(version + 1));
        }
        self.conflict("deelnemer", experiment, Some(number)).await
    }

    /// Writes a participant's measurement in a wave if it is still at
    /// `expected_version` (0: there is none yet); returns the new version.
    #[allow(clippy::too_many_arguments)]
    pub async fn put_measurement(
        &self,
        experiment: i64,
        number: i64,
        wave: &str,
        expected_version: i64,
        content: &Value,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let text = checked("de meting", content)?;
        let n = if expected_version == 0 {
            let sql = "INSERT INTO experiment_meting (experiment, nummer, golf, gegevens, versie, bijgewerkt, door) \
                       VALUES ($1, $2, $3, $4, 1, $5, $6) ON CONFLICT DO NOTHING";
            on_pool!(&self.db, pool => sqlx::query(sql)
                .bind(experiment)
                .bind(number)
                .bind(wave)
                .bind(&text)
                .bind(now)
                .bind(by)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))
        } else {
            let sql = "UPDATE experiment_meting SET gegevens = $1, versie = versie + 1, bijgewerkt = $2, door = $3 \
                       WHERE experiment = $4 AND nummer = $5 AND golf = $6 AND versie = $7";
            on_pool!(&self.db, pool => sqlx::query(sql)
                .bind(&text)
                .bind(now)
                .bind(by)
                .bind(experiment)
                .bind(number)
                .bind(wave)
                .bind(expected_version)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))
        }
        .map_err(StoreError::db)?;
        if n == 1 {
            return Ok(Ok(expected_version + 1));
        }
        let sql = "SELECT versie, door FROM experiment_meting WHERE experiment = $1 AND nummer = $2 AND golf = $3";
        let row: Option<(i64, String)> = on_pool!(&self.db, pool => sqlx::query_as(sql)
            .bind(experiment)
            .bind(number)
            .bind(wave)
            .fetch_optional(pool)
            .await)
        .map_err(StoreError::db)?;
        match row {
            Some((current_version, updated_by)) => Ok(Err(Conflict { current_version, updated_by })),
            // An update of a measurement that is not there (or a participant that is not).
            None => Ok(Err(Conflict { current_version: 0, updated_by: String::new() })),
        }
    }

    /// Records a participant's administrative outcomes in a wave, once, and
    /// only while the participant is still at `participant_version` (the
    /// version the caller decided on: a withdrawal with deletion in between
    /// must not be followed by a new record). What was on the wave's date
    /// does not change, so a second record for the same wave writes nothing.
    #[allow(clippy::too_many_arguments)]
    pub async fn put_admin(
        &self,
        experiment: i64,
        number: i64,
        participant_version: i64,
        wave: &str,
        content: &Value,
        by: &str,
        now: i64,
    ) -> Result<AdminPut, StoreError> {
        let text = checked("de gegevens uit de administratie", content)?;
        // One statement: the row is written only if the participant is at the version read.
        // SQLite runs a writing statement under its single write lock. On PostgreSQL, FOR SHARE
        // waits for a withdrawal being written and then sees its new version, so the insert
        // cannot slip in between a withdrawal's update and its delete.
        let insert = "INSERT INTO experiment_administratief (experiment, nummer, golf, gegevens, vastgelegd, door) \
                      SELECT $1, $2, $3, $4, $5, $6 FROM experiment_deelnemer \
                      WHERE experiment = $1 AND nummer = $2 AND versie = $7";
        let sql = match &self.db {
            Database::Sqlite(_) => format!("{insert} ON CONFLICT DO NOTHING"),
            Database::Postgres(_) => format!("{insert} FOR SHARE ON CONFLICT DO NOTHING"),
        };
        let n = on_pool!(&self.db, pool => sqlx::query(&sql)
            .bind(experiment)
            .bind(number)
            .bind(wave)
            .bind(&text)
            .bind(now)
            .bind(by)
            .bind(participant_version)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        if n == 1 {
            return Ok(AdminPut::Written);
        }
        let sql = "SELECT COUNT(*) FROM experiment_administratief WHERE experiment = $1 AND nummer = $2 AND golf = $3";
        let (there,): (i64,) = on_pool!(&self.db, pool => sqlx::query_as(sql)
            .bind(experiment)
            .bind(number)
            .bind(wave)
            .fetch_one(pool)
            .await)
        .map_err(StoreError::db)?;
        Ok(if there > 0 { AdminPut::AlreadyRecorded } else { AdminPut::ParticipantChanged })
    }

    /// The administrative outcomes of an experiment, by participant and wave;
    /// with `number`, of one participant only.
    pub async fn admin(&self, experiment: i64, number: Option<i64>) -> Result<Vec<StoredAdmin>, StoreError> {
        let sql = "SELECT experiment, nummer, golf, gegevens, vastgelegd, door FROM experiment_administratief \
                   WHERE experiment = $1 AND ($2 IS NULL OR nummer = $2) ORDER BY nummer, golf";
        let rows: Vec<(i64, i64, String, String, i64, String)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(experiment).bind(number).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        rows.into_iter()
            .map(|(experiment, number, wave, text, recorded, recorded_by)| {
                let what = format!("de gegevens uit de administratie van deelnemer {number}, meting {wave}");
                Ok(StoredAdmin { experiment, number, content: parse(&what, &text)?, wave, recorded, recorded_by })
            })
            .collect()
    }

    /// The measurements of an experiment, by participant and wave.
    pub async fn measurements(&self, experiment: i64) -> Result<Vec<StoredMeasurement>, StoreError> {
        self.measurements_where(experiment, None).await
    }

    /// One participant's measurements, by wave (for the resident's own page).
    pub async fn measurements_of(&self, experiment: i64, number: i64) -> Result<Vec<StoredMeasurement>, StoreError> {
        self.measurements_where(experiment, Some(number)).await
    }

    async fn measurements_where(
        &self,
        experiment: i64,
        number: Option<i64>,
    ) -> Result<Vec<StoredMeasurement>, StoreError> {
        let sql = "SELECT experiment, nummer, golf, gegevens, versie, door FROM experiment_meting \
                   WHERE experiment = $1 AND ($2 IS NULL OR nummer = $2) ORDER BY nummer, golf";
        let rows: Vec<MeasurementRow> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(experiment).bind(number).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        rows.into_iter()
            .map(|(experiment, number, wave, text, version, updated_by)| {
                Ok(StoredMeasurement {
                    content: parse(&format!("meting {wave} van deelnemer {number}"), &text)?,
                    experiment,
                    number,
                    wave,
                    version,
                    updated_by,
                })
            })
            .collect()
    }
}
