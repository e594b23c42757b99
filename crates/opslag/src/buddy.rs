//! Buddies (issue 6, item 4): the buddies' own profiles, the assignments of a
//! buddy and a WIJ-worker to a household, and the contact log.
//!
//! - A profile is one versioned JSON document per buddy account, written and
//!   read by the `plan` crate (`plan::json::buddy_profile_to_json`); the
//!   store knows nothing of its shape. Optimistic versions as for plans.
//! - An assignment is a row with its dates as `JJJJ-MM-DD`. Creating one also
//!   adds the buddy and the WIJ-worker to `huishouden_toewijzing` in the same
//!   transaction, so the existing authorization (a buddy sees the households
//!   assigned to them) follows.
//! - Contacts are append-only, numbered per assignment from 0; a writer names
//!   the number it expects (how many it saw), so two writers at once cannot
//!   both append at the same place.

use serde_json::Value;

use crate::db::{Database, StoreError, on_pool};
use crate::dossier::Conflict;

/// A stored buddy profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub buddy: String,
    pub version: i64,
    pub content: Value,
    pub updated: i64,
}

/// A new assignment, as [`BuddyStore::create_assignment`] takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAssignment {
    pub household: i64,
    pub buddy: String,
    pub wij_medewerker: String,
    /// `JJJJ-MM-DD`.
    pub start: String,
    pub end: String,
    pub reminder_weeks: i64,
}

/// A stored assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub id: i64,
    pub household: i64,
    pub buddy: String,
    pub wij_medewerker: String,
    pub start: String,
    pub end: String,
    pub reminder_weeks: i64,
    /// Date and reason key (`plan::buddy::StopReason::key`) when stopped.
    pub stopped: Option<(String, String)>,
    pub version: i64,
    pub created: i64,
    pub by: String,
}

/// One entry of the contact log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub seq: i64,
    /// `JJJJ-MM-DD`.
    pub date: String,
    /// The writer's role key (`Role::key`).
    pub by_role: String,
    pub place: String,
    pub note: String,
    /// The reason key when a WIJ-worker shielded it from the resident.
    pub shielded: Option<String>,
    pub written: i64,
    pub by: String,
}

/// Longest profile accepted, in bytes of JSON text.
pub const MAX_PROFILE: usize = 16 * 1024;
/// Most profiles read for a matching (`plan::buddy::MAX_CANDIDATES`).
pub const MAX_PROFILES: i64 = 2_000;

pub struct BuddyStore {
    db: Database,
}

type AssignmentRow = (i64, i64, String, String, String, String, i64, Option<String>, Option<String>, i64, i64, String);

type ContactRow = (i64, String, String, String, String, Option<String>, i64, String);

const ASSIGNMENT_COLUMNS: &str = "id, huishouden, buddy, wij_medewerker, begin, eind, herinnering_weken, \
                                  gestopt_op, gestopt_reden, versie, aangemaakt, door";

fn assignment_of(r: AssignmentRow) -> Assignment {
    let stopped = match (r.7, r.8) {
        (Some(d), Some(reason)) => Some((d, reason)),
        _ => None,
    };
    Assignment {
        id: r.0,
        household: r.1,
        buddy: r.2,
        wij_medewerker: r.3,
        start: r.4,
        end: r.5,
        reminder_weeks: r.6,
        stopped,
        version: r.9,
        created: r.10,
        by: r.11,
    }
}

fn parse(buddy: &str, text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| {
        StoreError::new(
            format!("het buddyprofiel van {buddy} is geen geldige JSON"),
            format!("the buddy profile of {buddy} is not valid JSON"),
            e.to_string(),
        )
    })
}

impl BuddyStore {
    pub fn new(db: Database) -> BuddyStore {
        BuddyStore { db }
    }

    /// A buddy's profile, if there is one.
    pub async fn profile(&self, buddy: &str) -> Result<Option<Profile>, StoreError> {
        let sql = "SELECT versie, inhoud, bijgewerkt FROM buddy_profiel WHERE gebruiker = $1";
        let row: Option<(i64, String, i64)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(buddy).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        row.map(|(version, text, updated)| {
            Ok(Profile { buddy: buddy.to_owned(), version, content: parse(buddy, &text)?, updated })
        })
        .transpose()
    }

    /// Every profile (at most [`MAX_PROFILES`]), by account id.
    pub async fn profiles(&self) -> Result<Vec<Profile>, StoreError> {
        let sql = "SELECT gebruiker, versie, inhoud, bijgewerkt FROM buddy_profiel ORDER BY gebruiker LIMIT $1";
        let rows: Vec<(String, i64, String, i64)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(MAX_PROFILES).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        rows.into_iter()
            .map(|(buddy, version, text, updated)| {
                let content = parse(&buddy, &text)?;
                Ok(Profile { buddy, version, content, updated })
            })
            .collect()
    }

    /// Writes a profile if it is still at `expected_version` (0: it must not
    /// exist yet); returns the new version, or the conflict (nothing written).
    pub async fn put_profile(
        &self,
        buddy: &str,
        expected_version: i64,
        content: &Value,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let text = content.to_string();
        if text.len() > MAX_PROFILE {
            return Err(StoreError::new(
                "dit buddyprofiel is te groot om te bewaren",
                "this buddy profile is too large to store",
                format!("{} bytes", text.len()),
            ));
        }
        let written = if expected_version == 0 {
            let sql = "INSERT INTO buddy_profiel (gebruiker, versie, inhoud, bijgewerkt) VALUES ($1, 1, $2, $3) \
                       ON CONFLICT (gebruiker) DO NOTHING";
            on_pool!(&self.db, pool => sqlx::query(sql)
                .bind(buddy)
                .bind(&text)
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))
        } else {
            let sql = "UPDATE buddy_profiel SET versie = versie + 1, inhoud = $1, bijgewerkt = $2 \
                       WHERE gebruiker = $3 AND versie = $4";
            on_pool!(&self.db, pool => sqlx::query(sql)
                .bind(&text)
                .bind(now)
                .bind(buddy)
                .bind(expected_version)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))
        }
        .map_err(StoreError::db)?;
        if written == 1 {
            return Ok(Ok(expected_version + 1));
        }
        let current = self.profile(buddy).await?.map_or(0, |p| p.version);
        Ok(Err(Conflict { current_version: current, updated_by: buddy.to_owned() }))
    }

    /// Records an assignment and links the buddy and the WIJ-worker to the
    /// household, in one transaction; returns the assignment's id.
    pub async fn create_assignment(&self, a: &NewAssignment, by: &str, now: i64) -> Result<i64, StoreError> {
        let insert = "INSERT INTO buddy_koppeling (huishouden, buddy, wij_medewerker, begin, eind, herinnering_weken, versie, aangemaakt, door) \
                      VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) RETURNING id";
        let link = "INSERT INTO huishouden_toewijzing (huishouden, gebruiker) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        on_pool!(&self.db, pool => async {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(insert)
                .bind(a.household)
                .bind(&a.buddy)
                .bind(&a.wij_medewerker)
                .bind(&a.start)
                .bind(&a.end)
                .bind(a.reminder_weeks)
                .bind(now)
                .bind(by)
                .fetch_one(&mut *tx)
                .await?;
            for who in [&a.buddy, &a.wij_medewerker] {
                sqlx::query(link).bind(a.household).bind(who).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<i64, sqlx::Error>(id)
        }
        .await)
        .map_err(StoreError::db)
    }

    /// Ends an assignment (if still at `version`) and takes the buddy's access
    /// to the household away in the same transaction, unless another running
    /// assignment links them. The WIJ-worker keeps theirs (they may have been
    /// linked before). `Ok(Err(_))` when someone changed it first.
    pub async fn stop_assignment(
        &self,
        id: i64,
        version: i64,
        date: &str,
        reason: &str,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let stop = "UPDATE buddy_koppeling SET gestopt_op = $1, gestopt_reden = $2, versie = versie + 1 \
                    WHERE id = $3 AND versie = $4 AND gestopt_op IS NULL RETURNING huishouden, buddy";
        let unlink = "DELETE FROM huishouden_toewijzing WHERE huishouden = $1 AND gebruiker = $2 AND NOT EXISTS \
                      (SELECT 1 FROM buddy_koppeling k WHERE k.huishouden = $1 AND k.buddy = $2 AND k.id <> $3 \
                       AND k.gestopt_op IS NULL)";
        let done = on_pool!(&self.db, pool => async {
            let mut tx = pool.begin().await?;
            let row: Option<(i64, String)> =
                sqlx::query_as(stop).bind(date).bind(reason).bind(id).bind(version).fetch_optional(&mut *tx).await?;
            if let Some((household, buddy)) = &row {
                sqlx::query(unlink).bind(household).bind(buddy).bind(id).execute(&mut *tx).await?;
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Ok::<bool, sqlx::Error>(row.is_some())
        }
        .await)
        .map_err(StoreError::db)?;
        if done {
            return Ok(Ok(version + 1));
        }
        let sql = "SELECT versie, door FROM buddy_koppeling WHERE id = $1";
        let current: Option<(i64, String)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        match current {
            Some((current_version, updated_by)) => Ok(Err(Conflict { current_version, updated_by })),
            None => Err(StoreError::new(
                format!("koppeling {id} bestaat niet"),
                format!("assignment {id} does not exist"),
                "",
            )),
        }
    }

    /// Moves a running assignment's planned end to `end` (`JJJJ-MM-DD`) if it
    /// is still at `version`; the plan crate checked the bounds. `Ok(Err(_))`
    /// when someone changed or stopped it first.
    pub async fn extend_assignment(
        &self,
        id: i64,
        version: i64,
        end: &str,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let sql = "UPDATE buddy_koppeling SET eind = $1, versie = versie + 1 \
                   WHERE id = $2 AND versie = $3 AND gestopt_op IS NULL";
        let changed = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(end)
            .bind(id)
            .bind(version)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        if changed == 1 {
            return Ok(Ok(version + 1));
        }
        let sql = "SELECT versie, door FROM buddy_koppeling WHERE id = $1";
        let current: Option<(i64, String)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        match current {
            Some((current_version, updated_by)) => Ok(Err(Conflict { current_version, updated_by })),
            None => Err(StoreError::new(
                format!("koppeling {id} bestaat niet"),
                format!("assignment {id} does not exist"),
                "",
            )),
        }
    }

    /// The assignments of a household, newest first.
    pub async fn of_household(&self, household: i64) -> Result<Vec<Assignment>, StoreError> {
        let sql = format!("SELECT {ASSIGNMENT_COLUMNS} FROM buddy_koppeling WHERE huishouden = $1 ORDER BY id DESC");
        let rows: Vec<AssignmentRow> =
            on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(household).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        Ok(rows.into_iter().map(assignment_of).collect())
    }

    /// The assignments someone is in, as buddy or as WIJ-worker, by start.
    pub async fn of_person(&self, user_id: &str) -> Result<Vec<Assignment>, StoreError> {
        let sql = format!(
            "SELECT {ASSIGNMENT_COLUMNS} FROM buddy_koppeling WHERE buddy = $1 OR wij_medewerker = $1 ORDER BY begin, id"
        );
        let rows: Vec<AssignmentRow> =
            on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        Ok(rows.into_iter().map(assignment_of).collect())
    }

    /// Per buddy, how many assignments are running on `on` (`JJJJ-MM-DD`):
    /// started, not ended, not stopped before.
    pub async fn active_counts(&self, on: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let sql = "SELECT buddy, COUNT(*) FROM buddy_koppeling \
                   WHERE begin <= $1 AND eind >= $1 AND (gestopt_op IS NULL OR gestopt_op >= $1) \
                   GROUP BY buddy ORDER BY buddy";
        on_pool!(&self.db, pool => sqlx::query_as(sql).bind(on).fetch_all(pool).await).map_err(StoreError::db)
    }

    /// The contact log of an assignment, in order.
    pub async fn contacts(&self, assignment: i64) -> Result<Vec<Contact>, StoreError> {
        let sql = "SELECT volgnummer, datum, door_rol, plek, notitie, afgeschermd, geschreven, door \
                   FROM buddy_contact WHERE koppeling = $1 ORDER BY volgnummer";
        let rows: Vec<ContactRow> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(assignment).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        Ok(rows
            .into_iter()
            .map(|r| Contact {
                seq: r.0,
                date: r.1,
                by_role: r.2,
                place: r.3,
                note: r.4,
                shielded: r.5,
                written: r.6,
                by: r.7,
            })
            .collect())
    }

    /// Appends a contact at `contact.seq`, which must be the number of
    /// entries there are now; `Ok(Err(_))` when someone appended first
    /// (nothing written then).
    pub async fn add_contact(&self, assignment: i64, contact: &Contact) -> Result<Result<(), Conflict>, StoreError> {
        let sql = "INSERT INTO buddy_contact (koppeling, volgnummer, datum, door_rol, plek, notitie, afgeschermd, geschreven, door) \
                   SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 \
                   WHERE (SELECT COUNT(*) FROM buddy_contact WHERE koppeling = $1) = $2 \
                   ON CONFLICT DO NOTHING";
        let n = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(assignment)
            .bind(contact.seq)
            .bind(&contact.date)
            .bind(&contact.by_role)
            .bind(&contact.place)
            .bind(&contact.note)
            .bind(&contact.shielded)
            .bind(contact.written)
            .bind(&contact.by)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        if n == 1 {
            return Ok(Ok(()));
        }
        let current = i64::try_from(self.contacts(assignment).await?.len()).unwrap_or(i64::MAX);
        Ok(Err(Conflict { current_version: current, updated_by: String::new() }))
    }
}
