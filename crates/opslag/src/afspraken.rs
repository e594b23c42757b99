//! Appointments (`afspraak`) and letters/tasks (`bericht`) per household
//! (migration 0010).
//!
//! One row each, as columns: the `plan` crate checks the values
//! (`plan::appointments`, `plan::messages`) before they get here and reads
//! them back through its `from_parts`; this store only keeps them. Every row
//! has an optimistic version: a writer names the version it read, and when
//! someone else wrote first nothing is written and the caller gets a
//! [`Conflict`] (a worker moving an appointment while the resident answers
//! it must not silently overwrite the other).

use crate::db::{Database, StoreError, on_pool};
use crate::dossier::Conflict;

/// An appointment's stored fields (keys and texts as the plan crate writes them).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AppointmentFields {
    /// `JJJJ-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub time: String,
    pub place: String,
    /// Role key: `klantmanager` or `wij_medewerker`.
    pub with_role: String,
    pub with_name: String,
    pub subject: String,
    pub note: Option<String>,
    /// `gepland`, `verzet`, `afgezegd`.
    pub status: String,
    pub reason: Option<String>,
    pub moved_from_date: Option<String>,
    pub moved_from_time: Option<String>,
    /// `kan_niet`, `ander_moment`.
    pub answer: Option<String>,
    pub answer_text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAppointment {
    pub id: i64,
    pub household: i64,
    pub fields: AppointmentFields,
    pub version: i64,
    pub created: i64,
    pub created_by: String,
    pub updated: i64,
    pub updated_by: String,
}

/// A letter's or task's stored fields.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MessageFields {
    /// `brief` or `taak`.
    pub kind: String,
    pub title: String,
    pub body: String,
    /// `JJJJ-MM-DD`.
    pub due: Option<String>,
    /// `open` or `gedaan`.
    pub status: String,
    /// Seconds since 1970 when the resident first read it.
    pub read_at: Option<i64>,
    pub from_role: String,
    pub from_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMessage {
    pub id: i64,
    pub household: i64,
    pub fields: MessageFields,
    pub version: i64,
    pub sent: i64,
    pub sent_by: String,
    pub updated: i64,
    pub updated_by: String,
}

/// Most appointments listed for a household: the upcoming ones and the last
/// few past ones. The plan crate allows at most 20 upcoming.
pub const MAX_LISTED: i64 = 100;

const APPOINTMENT_COLUMNS: &str = "id, huishouden, datum, tijd, plaats, met_rol, met_naam, onderwerp, notitie, \
     status, reden, verzet_van_datum, verzet_van_tijd, antwoord, toelichting, versie, aangemaakt, aangemaakt_door, \
     bijgewerkt, door";

const MESSAGE_COLUMNS: &str = "id, huishouden, soort, titel, tekst, graag_voor, status, gelezen, afzender_rol, \
     afzender_naam, verzonden, verzonden_door, versie, bijgewerkt, door";

#[derive(sqlx::FromRow)]
struct AppointmentRow {
    id: i64,
    huishouden: i64,
    datum: String,
    tijd: String,
    plaats: String,
    met_rol: String,
    met_naam: String,
    onderwerp: String,
    notitie: Option<String>,
    status: String,
    reden: Option<String>,
    verzet_van_datum: Option<String>,
    verzet_van_tijd: Option<String>,
    antwoord: Option<String>,
    toelichting: Option<String>,
    versie: i64,
    aangemaakt: i64,
    aangemaakt_door: String,
    bijgewerkt: i64,
    door: String,
}

impl From<AppointmentRow> for StoredAppointment {
    fn from(r: AppointmentRow) -> StoredAppointment {
        StoredAppointment {
            id: r.id,
            household: r.huishouden,
            fields: AppointmentFields {
                date: r.datum,
                time: r.tijd,
                place: r.plaats,
                with_role: r.met_rol,
                with_name: r.met_naam,
                subject: r.onderwerp,
                note: r.notitie,
                status: r.status,
                reason: r.reden,
                moved_from_date: r.verzet_van_datum,
                moved_from_time: r.verzet_van_tijd,
                answer: r.antwoord,
                answer_text: r.toelichting,
            },
            version: r.versie,
            created: r.aangemaakt,
            created_by: r.aangemaakt_door,
            updated: r.bijgewerkt,
            updated_by: r.door,
        }
    }
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    huishouden: i64,
    soort: String,
    titel: String,
    tekst: String,
    graag_voor: Option<String>,
    status: String,
    gelezen: Option<i64>,
    afzender_rol: String,
    afzender_naam: String,
    verzonden: i64,
    verzonden_door: String,
    versie: i64,
    bijgewerkt: i64,
    door: String,
}

impl From<MessageRow> for StoredMessage {
    fn from(r: MessageRow) -> StoredMessage {
        StoredMessage {
            id: r.id,
            household: r.huishouden,
            fields: MessageFields {
                kind: r.soort,
                title: r.titel,
                body: r.tekst,
                due: r.graag_voor,
                status: r.status,
                read_at: r.gelezen,
                from_role: r.afzender_rol,
                from_name: r.afzender_naam,
            },
            version: r.versie,
            sent: r.verzonden,
            sent_by: r.verzonden_door,
            updated: r.bijgewerkt,
            updated_by: r.door,
        }
    }
}

/// Written first in a transaction that counts before it inserts: a no-op
/// update of the household row. On SQLite the first write takes the
/// database's write lock (waiting its turn, rather than failing to upgrade a
/// read lock later); on PostgreSQL it locks the household's row until
/// commit. Either way a second creator for the same household counts only
/// after the first has committed, so a bound cannot be passed by two at once.
pub const LOCK_HOUSEHOLD: &str = "UPDATE huishouden SET id = id WHERE id = $1";

pub struct AfsprakenStore {
    db: Database,
}

impl AfsprakenStore {
    pub fn new(db: Database) -> AfsprakenStore {
        AfsprakenStore { db }
    }

    /// Stores a new appointment at version 1 and returns its id, if the
    /// household has fewer than `max` upcoming (not cancelled, on or after
    /// `from`, `JJJJ-MM-DD`) appointments; `None` when it has not. The bound
    /// is checked inside the write (after [`LOCK_HOUSEHOLD`]), so two
    /// workers adding at the same moment cannot pass it together.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_appointment(
        &self,
        household: i64,
        a: &AppointmentFields,
        from: &str,
        max: usize,
        by: &str,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let count = "SELECT COUNT(*) FROM afspraak WHERE huishouden = $1 AND datum >= $2 AND status <> 'afgezegd'";
        let sql = "INSERT INTO afspraak (huishouden, datum, tijd, plaats, met_rol, met_naam, onderwerp, notitie, \
                   status, reden, verzet_van_datum, verzet_van_tijd, antwoord, toelichting, versie, aangemaakt, \
                   aangemaakt_door, bijgewerkt, door) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $15, $16) \
                   RETURNING id";
        let max = i64::try_from(max).unwrap_or(i64::MAX);
        on_pool!(&self.db, pool => async {
            let mut tx = pool.begin().await?;
            // The household's creators take turns: see LOCK_HOUSEHOLD. No such household: nothing written.
            if sqlx::query(LOCK_HOUSEHOLD).bind(household).execute(&mut *tx).await?.rows_affected() != 1 {
                tx.rollback().await?;
                return Ok::<Option<i64>, sqlx::Error>(None);
            }
            let (n,): (i64,) = sqlx::query_as(count).bind(household).bind(from).fetch_one(&mut *tx).await?;
            if n >= max {
                tx.rollback().await?;
                return Ok(None);
            }
            let (id,): (i64,) = sqlx::query_as(sql)
                .bind(household)
                .bind(&a.date)
                .bind(&a.time)
                .bind(&a.place)
                .bind(&a.with_role)
                .bind(&a.with_name)
                .bind(&a.subject)
                .bind(&a.note)
                .bind(&a.status)
                .bind(&a.reason)
                .bind(&a.moved_from_date)
                .bind(&a.moved_from_time)
                .bind(&a.answer)
                .bind(&a.answer_text)
                .bind(now)
                .bind(by)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Some(id))
        }
        .await)
        .map_err(StoreError::db)
    }

    /// One appointment of `household` (`None` when it does not exist or
    /// belongs to another household).
    pub async fn appointment(&self, household: i64, id: i64) -> Result<Option<StoredAppointment>, StoreError> {
        let sql = format!("SELECT {APPOINTMENT_COLUMNS} FROM afspraak WHERE id = $1 AND huishouden = $2");
        let row: Option<AppointmentRow> =
            on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(id).bind(household).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        Ok(row.map(StoredAppointment::from))
    }

    /// The household's appointments on or after `from` (`JJJJ-MM-DD`), by
    /// date and time, at most [`MAX_LISTED`].
    pub async fn appointments_from(&self, household: i64, from: &str) -> Result<Vec<StoredAppointment>, StoreError> {
        let sql = format!(
            "SELECT {APPOINTMENT_COLUMNS} FROM afspraak WHERE huishouden = $1 AND datum >= $2 \
             ORDER BY datum, tijd, id LIMIT $3"
        );
        let rows: Vec<AppointmentRow> = on_pool!(&self.db, pool => sqlx::query_as(&sql)
            .bind(household)
            .bind(from)
            .bind(MAX_LISTED)
            .fetch_all(pool)
            .await)
        .map_err(StoreError::db)?;
        Ok(rows.into_iter().map(StoredAppointment::from).collect())
    }

    /// How many appointments of the household are on or after `from` and not
    /// cancelled (for the plan crate's bound).
    pub async fn count_upcoming(&self, household: i64, from: &str) -> Result<usize, StoreError> {
        let sql = "SELECT COUNT(*) FROM afspraak WHERE huishouden = $1 AND datum >= $2 AND status <> 'afgezegd'";
        let (n,): (i64,) =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(household).bind(from).fetch_one(pool).await)
                .map_err(StoreError::db)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// Writes the appointment if it is still at `expected_version`; returns
    /// the new version, or the conflict (nothing written; `current_version`
    /// 0 when it does not exist in this household).
    pub async fn update_appointment(
        &self,
        household: i64,
        id: i64,
        expected_version: i64,
        a: &AppointmentFields,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let sql = "UPDATE afspraak SET datum = $1, tijd = $2, plaats = $3, met_rol = $4, met_naam = $5, \
                   onderwerp = $6, notitie = $7, status = $8, reden = $9, verzet_van_datum = $10, \
                   verzet_van_tijd = $11, antwoord = $12, toelichting = $13, versie = versie + 1, \
                   bijgewerkt = $14, door = $15 WHERE id = $16 AND huishouden = $17 AND versie = $18";
        let written = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(&a.date)
            .bind(&a.time)
            .bind(&a.place)
            .bind(&a.with_role)
            .bind(&a.with_name)
            .bind(&a.subject)
            .bind(&a.note)
            .bind(&a.status)
            .bind(&a.reason)
            .bind(&a.moved_from_date)
            .bind(&a.moved_from_time)
            .bind(&a.answer)
            .bind(&a.answer_text)
            .bind(now)
            .bind(by)
            .bind(id)
            .bind(household)
            .bind(expected_version)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        if written == 1 {
            return Ok(Ok(expected_version + 1));
        }
        let current = self.appointment(household, id).await?;
        Ok(Err(Conflict {
            current_version: current.as_ref().map_or(0, |r| r.version),
            updated_by: current.map(|r| r.updated_by).unwrap_or_default(),
        }))
    }

    /// Stores a new letter or task at version 1 and returns its id, if the
    /// household has fewer than `max` open ones; `None` when it has not
    /// (checked inside the write, like [`AfsprakenStore::create_appointment`]).
    pub async fn create_message(
        &self,
        household: i64,
        m: &MessageFields,
        max: usize,
        by: &str,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let count = "SELECT COUNT(*) FROM bericht WHERE huishouden = $1 AND status = 'open'";
        let sql = "INSERT INTO bericht (huishouden, soort, titel, tekst, graag_voor, status, gelezen, afzender_rol, \
                   afzender_naam, verzonden, verzonden_door, versie, bijgewerkt, door) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $10, $11) RETURNING id";
        let max = i64::try_from(max).unwrap_or(i64::MAX);
        on_pool!(&self.db, pool => async {
            let mut tx = pool.begin().await?;
            // The household's creators take turns: see LOCK_HOUSEHOLD. No such household: nothing written.
            if sqlx::query(LOCK_HOUSEHOLD).bind(household).execute(&mut *tx).await?.rows_affected() != 1 {
                tx.rollback().await?;
                return Ok::<Option<i64>, sqlx::Error>(None);
            }
            let (n,): (i64,) = sqlx::query_as(count).bind(household).fetch_one(&mut *tx).await?;
            if n >= max {
                tx.rollback().await?;
                return Ok(None);
            }
            let (id,): (i64,) = sqlx::query_as(sql)
                .bind(household)
                .bind(&m.kind)
                .bind(&m.title)
                .bind(&m.body)
                .bind(&m.due)
                .bind(&m.status)
                .bind(m.read_at)
                .bind(&m.from_role)
                .bind(&m.from_name)
                .bind(now)
                .bind(by)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Some(id))
        }
        .await)
        .map_err(StoreError::db)
    }

    pub async fn message(&self, household: i64, id: i64) -> Result<Option<StoredMessage>, StoreError> {
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM bericht WHERE id = $1 AND huishouden = $2");
        let row: Option<MessageRow> =
            on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(id).bind(household).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        Ok(row.map(StoredMessage::from))
    }

    /// The household's open letters and tasks (oldest first), then the
    /// `done` most recent finished ones (newest first).
    pub async fn messages(&self, household: i64, done: i64) -> Result<Vec<StoredMessage>, StoreError> {
        let open = format!(
            "SELECT {MESSAGE_COLUMNS} FROM bericht WHERE huishouden = $1 AND status = 'open' ORDER BY id LIMIT $2"
        );
        let finished = format!(
            "SELECT {MESSAGE_COLUMNS} FROM bericht WHERE huishouden = $1 AND status = 'gedaan' \
             ORDER BY id DESC LIMIT $2"
        );
        let mut rows: Vec<MessageRow> = on_pool!(&self.db, pool => sqlx::query_as(&open)
            .bind(household)
            .bind(MAX_LISTED)
            .fetch_all(pool)
            .await)
        .map_err(StoreError::db)?;
        let more: Vec<MessageRow> = on_pool!(&self.db, pool => sqlx::query_as(&finished)
            .bind(household)
            .bind(done.clamp(0, MAX_LISTED))
            .fetch_all(pool)
            .await)
        .map_err(StoreError::db)?;
        rows.extend(more);
        Ok(rows.into_iter().map(StoredMessage::from).collect())
    }

    pub async fn count_open_messages(&self, household: i64) -> Result<usize, StoreError> {
        let sql = "SELECT COUNT(*) FROM bericht WHERE huishouden = $1 AND status = 'open'";
        let (n,): (i64,) = on_pool!(&self.db, pool => sqlx::query_as(sql).bind(household).fetch_one(pool).await)
            .map_err(StoreError::db)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// Writes the message's status and reading time if it is still at
    /// `expected_version` (the rest of a sent message does not change).
    pub async fn update_message(
        &self,
        household: i64,
        id: i64,
        expected_version: i64,
        m: &MessageFields,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let sql = "UPDATE bericht SET status = $1, gelezen = $2, versie = versie + 1, bijgewerkt = $3, door = $4 \
                   WHERE id = $5 AND huishouden = $6 AND versie = $7";
        let written = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(&m.status)
            .bind(m.read_at)
            .bind(now)
            .bind(by)
            .bind(id)
            .bind(household)
            .bind(expected_version)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        if written == 1 {
            return Ok(Ok(expected_version + 1));
        }
        let current = self.message(household, id).await?;
        Ok(Err(Conflict {
            current_version: current.as_ref().map_or(0, |r| r.version),
            updated_by: current.map(|r| r.updated_by).unwrap_or_default(),
        }))
    }
}
