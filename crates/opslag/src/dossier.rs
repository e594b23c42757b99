//! Dossiers: households, who may see them, and their history.
//!
//! The applicant's BSN is sealed with [`platform::kluis::Vault`] before it is
//! written and opened after it is read: callers see nine digits, the
//! database only `v1.<key id>.<hex>`, bound to the household id. The key
//! never reaches the database.

use std::sync::Arc;

use platform::bsn::Bsn;
use platform::kluis::{NONCE_BYTES, Vault};

use crate::db::{Database, StoreError, on_pool};

/// Where a dossier opened from a home visit came from: the round, the
/// address's number in it, and the consent it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromVisit {
    pub round: i64,
    pub address: i64,
    /// `JJJJ-MM-DD`.
    pub consent_date: String,
    pub information_text_version: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dossier {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub neighbourhood: String,
    /// The applicant's BSN, nine digits (11-proef checked again here; stored sealed).
    pub bsn: String,
    pub package: String,
    /// The household JSON as for `ademruimte bereken`.
    pub data: String,
    pub resident: Option<String>,
    pub version: i64,
    pub updated: i64,
    pub updated_by: String,
}

/// An earlier version of a dossier, as it was until `changed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub version: i64,
    /// Name, address, neighbourhood and BSN are "" for versions stored before
    /// migration 0005 (not recorded then).
    pub name: String,
    pub address: String,
    pub neighbourhood: String,
    pub bsn: String,
    pub package: String,
    pub data: String,
    pub changed: i64,
    /// The account id of who made this version, and their name (the id when
    /// the account no longer exists, e.g. `demo`).
    pub by: String,
    pub by_name: String,
}

/// The new contents of a dossier in [`DossierStore::update`].
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub neighbourhood: &'a str,
    pub bsn: &'a str,
    pub package: &'a str,
    pub data: &'a str,
}

/// What `update` found when the dossier changed in between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub current_version: i64,
    pub updated_by: String,
}

type Row = (i64, String, String, String, String, String, String, Option<String>, i64, i64, String);

/// The record a sealed BSN belongs to: a sealed BSN copied into another
/// household does not open there.
fn context(id: i64) -> String {
    format!("huishouden:{id}")
}

/// Rows per statement in [`DossierStore::create_many`]: 10 parameters a row
/// stays far below SQLite's 32 766 and PostgreSQL's 65 535 parameters.
pub const BATCH: usize = 500;

/// Most dossiers one [`DossierStore::page`] returns.
pub const PAGE_MAX: i64 = 200;

const COLUMNS: &str =
    "id, naam, adres, buurtcode, bsn, pakket, gegevens, deelnemer, versie, bijgewerkt, bijgewerkt_door";

pub struct DossierStore {
    db: Database,
    vault: Arc<Vault>,
}

impl DossierStore {
    pub fn new(db: Database, vault: Arc<Vault>) -> DossierStore {
        DossierStore { db, vault }
    }

    /// The plan documents of the same database's households.
    pub fn plans(&self) -> crate::plan::PlanStore {
        crate::plan::PlanStore::new(self.db.clone())
    }

    /// The buddy profiles, assignments and contact logs of the same database.
    pub fn buddies(&self) -> crate::buddy::BuddyStore {
        crate::buddy::BuddyStore::new(self.db.clone())
    }

    fn seal(&self, id: i64, bsn: &str) -> Result<String, StoreError> {
        let bsn = Bsn::parse(bsn).map_err(|e| StoreError::new(e.message_nl(), e.message_en(), "bsn"))?;
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce)
            .map_err(|e| StoreError::new("geen toevalsgetallen", "no random numbers", e.to_string()))?;
        Ok(self.vault.seal(&bsn, &context(id), nonce))
    }

    fn open(&self, id: i64, sealed: &str) -> Result<String, StoreError> {
        if sealed.is_empty() {
            return Ok(String::new());
        }
        self.vault.open(sealed, &context(id)).map(|b| b.reveal()).map_err(|e| {
            StoreError::new(
                format!("het BSN van huishouden {id} kan niet worden ontsleuteld: {}", e.message_nl()),
                format!("the BSN of household {id} cannot be decrypted: {}", e.message_en()),
                "ADEMRUIMTE_BSN_SLEUTEL",
            )
        })
    }

    fn dossier_of(&self, r: Row) -> Result<Dossier, StoreError> {
        let (id, name, address, neighbourhood, sealed, package, data, resident, version, updated, updated_by) = r;
        let bsn = self.open(id, &sealed)?;
        Ok(Dossier { id, name, address, neighbourhood, bsn, package, data, resident, version, updated, updated_by })
    }

    /// Seals BSNs stored in plaintext (before the vault existed). Run at start;
    /// returns how many rows it sealed. Idempotent.
    pub async fn seal_plaintext(&self) -> Result<usize, StoreError> {
        let rows: Vec<(i64, String)> =
            on_pool!(&self.db, pool => sqlx::query_as("SELECT id, bsn FROM huishouden WHERE bsn NOT LIKE 'v1.%'")
                .fetch_all(pool)
                .await)
            .map_err(StoreError::db)?;
        for (id, plain) in &rows {
            let sealed = self.seal(*id, plain)?;
            let sql = "UPDATE huishouden SET bsn = $1 WHERE id = $2 AND bsn = $3";
            on_pool!(&self.db, pool => sqlx::query(sql).bind(&sealed).bind(id).bind(plain).execute(pool).await.map(|_| ()))
                .map_err(StoreError::db)?;
        }
        Ok(rows.len())
    }

    /// Opens one sealed BSN to check the configured key before serving:
    /// a wrong key is an error at start, not on the first dossier page.
    pub async fn check_key(&self) -> Result<(), StoreError> {
        let row: Option<(i64, String)> = on_pool!(&self.db, pool => sqlx::query_as(
            "SELECT id, bsn FROM huishouden WHERE bsn LIKE 'v1.%' ORDER BY id LIMIT 1")
            .fetch_optional(pool)
            .await)
        .map_err(StoreError::db)?;
        match row {
            Some((id, sealed)) => self.open(id, &sealed).map(|_| ()),
            None => Ok(()),
        }
    }

    /// Stores a new dossier (version 1); an existing id is left as it is and
    /// `false` returned.
    pub async fn create(&self, d: &Dossier) -> Result<bool, StoreError> {
        let sql = "INSERT INTO huishouden (id, naam, adres, buurtcode, bsn, pakket, gegevens, deelnemer, versie, bijgewerkt, bijgewerkt_door) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10) ON CONFLICT (id) DO NOTHING";
        let sealed = self.seal(d.id, &d.bsn)?;
        let n = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(d.id)
            .bind(&d.name)
            .bind(&d.address)
            .bind(&d.neighbourhood)
            .bind(&sealed)
            .bind(&d.package)
            .bind(&d.data)
            .bind(&d.resident)
            .bind(d.updated)
            .bind(&d.updated_by)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StoreError::db)?;
        Ok(n == 1)
    }

    /// Stores many new dossiers, [`BATCH`] rows per statement and one
    /// transaction per batch; existing ids are left as they are. Returns the
    /// ids it created. For seeding demo and test data.
    pub async fn create_many(&self, dossiers: &[Dossier]) -> Result<Vec<i64>, StoreError> {
        let mut created = Vec::new();
        for chunk in dossiers.chunks(BATCH) {
            let mut sealed = Vec::with_capacity(chunk.len());
            for d in chunk {
                sealed.push(self.seal(d.id, &d.bsn)?);
            }
            let mut sql = String::from(
                "INSERT INTO huishouden (id, naam, adres, buurtcode, bsn, pakket, gegevens, deelnemer, versie, bijgewerkt, bijgewerkt_door) VALUES ",
            );
            for i in 0..chunk.len() {
                let p = i * 10;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, 1, ${}, ${})",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7,
                    p + 8,
                    p + 9,
                    p + 10
                ));
            }
            sql.push_str(" ON CONFLICT (id) DO NOTHING RETURNING id");
            let ids: Vec<(i64,)> = on_pool!(&self.db, pool => {
                let mut q = sqlx::query_as(&sql);
                for (d, b) in chunk.iter().zip(&sealed) {
                    q = q
                        .bind(d.id)
                        .bind(&d.name)
                        .bind(&d.address)
                        .bind(&d.neighbourhood)
                        .bind(b)
                        .bind(&d.package)
                        .bind(&d.data)
                        .bind(&d.resident)
                        .bind(d.updated)
                        .bind(&d.updated_by);
                }
                q.fetch_all(pool).await
            })
            .map_err(StoreError::db)?;
            created.extend(ids.into_iter().map(|r| r.0));
        }
        created.sort_unstable();
        Ok(created)
    }

    /// Assigns many (household, account) pairs, [`BATCH`] per statement.
    pub async fn assign_many(&self, pairs: &[(i64, String)]) -> Result<(), StoreError> {
        for chunk in pairs.chunks(BATCH) {
            let mut sql = String::from("INSERT INTO huishouden_toewijzing (huishouden, gebruiker) VALUES ");
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("(${}, ${})", 2 * i + 1, 2 * i + 2));
            }
            sql.push_str(" ON CONFLICT DO NOTHING");
            on_pool!(&self.db, pool => {
                let mut q = sqlx::query(&sql);
                for (h, u) in chunk {
                    q = q.bind(h).bind(u);
                }
                q.execute(pool).await.map(|_| ())
            })
            .map_err(StoreError::db)?;
        }
        Ok(())
    }

    /// Opens a new dossier, with the next free id, for address `from.address`
    /// of home-visit round `from.round`, records the consent it rests on, and
    /// gives `assign` (the WIJ-worker who visits) access, all in one
    /// transaction. `d.id` is ignored. `Ok(Err(id))` when a dossier was opened
    /// for this address before: never two for one address, also not when two
    /// caseworkers press the button at the same moment.
    pub async fn open_from_visit(
        &self,
        d: &Dossier,
        from: &FromVisit,
        assign: &[String],
        now: i64,
    ) -> Result<Result<i64, i64>, StoreError> {
        let existing = "SELECT huishouden FROM huisbezoek_dossier WHERE ronde = $1 AND adres = $2";
        let insert = "INSERT INTO huishouden (id, naam, adres, buurtcode, bsn, pakket, gegevens, deelnemer, versie, bijgewerkt, bijgewerkt_door) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, 1, $8, $9) ON CONFLICT (id) DO NOTHING";
        let link = "INSERT INTO huisbezoek_dossier (ronde, adres, huishouden, toestemming_datum, informatietekst_versie, geopend, door) \
                    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";
        let access = "INSERT INTO huishouden_toewijzing (huishouden, gebruiker) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        let opened_before = || async {
            let found: Option<(i64,)> = on_pool!(&self.db, pool => sqlx::query_as(existing)
                .bind(from.round)
                .bind(from.address)
                .fetch_optional(pool)
                .await)
            .map_err(StoreError::db)?;
            Ok::<Option<i64>, StoreError>(found.map(|(id,)| id))
        };
        // Bounded: each retry means another transaction committed a dossier meanwhile.
        for _ in 0..8 {
            if let Some(id) = opened_before().await? {
                return Ok(Err(id));
            }
            let next: (i64,) =
                on_pool!(&self.db, pool => sqlx::query_as("SELECT COALESCE(MAX(id), 0) + 1 FROM huishouden")
                .fetch_one(pool)
                .await)
                .map_err(StoreError::db)?;
            let id = next.0;
            let sealed = self.seal(id, &d.bsn)?;
            // Writes first: SQLite then takes the write lock at the first
            // statement (waiting its turn) instead of failing to upgrade a read.
            let opened = on_pool!(&self.db, pool => async {
                let mut tx = pool.begin().await?;
                let made = sqlx::query(insert)
                    .bind(id)
                    .bind(&d.name)
                    .bind(&d.address)
                    .bind(&d.neighbourhood)
                    .bind(&sealed)
                    .bind(&d.package)
                    .bind(&d.data)
                    .bind(now)
                    .bind(&d.updated_by)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                let linked = if made == 1 {
                    sqlx::query(link)
                        .bind(from.round)
                        .bind(from.address)
                        .bind(id)
                        .bind(&from.consent_date)
                        .bind(&from.information_text_version)
                        .bind(now)
                        .bind(&d.updated_by)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                } else {
                    0
                };
                if linked != 1 {
                    // The id or the address was taken by another transaction.
                    tx.rollback().await?;
                    return Ok::<bool, sqlx::Error>(false);
                }
                for who in assign {
                    sqlx::query(access).bind(id).bind(who).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(true)
            }
            .await)
            .map_err(StoreError::db)?;
            if opened {
                return Ok(Ok(id));
            }
        }
        Err(StoreError::new(
            "het dossier kon niet worden aangemaakt: het is te druk, probeer het opnieuw",
            "the dossier could not be created: too busy, try again",
            "",
        ))
    }

    /// The home visit a dossier was opened from, if any.
    pub async fn from_visit(&self, household: i64) -> Result<Option<FromVisit>, StoreError> {
        let sql = "SELECT ronde, adres, toestemming_datum, informatietekst_versie FROM huisbezoek_dossier WHERE huishouden = $1";
        let row: Option<(i64, i64, String, String)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(household).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        Ok(row.map(|(round, address, consent_date, information_text_version)| FromVisit {
            round,
            address,
            consent_date,
            information_text_version,
        }))
    }

    /// The dossiers opened from a round: (address number, household id).
    pub async fn opened_from_round(&self, round: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        let sql = "SELECT adres, huishouden FROM huisbezoek_dossier WHERE ronde = $1 ORDER BY adres";
        on_pool!(&self.db, pool => sqlx::query_as(sql).bind(round).fetch_all(pool).await).map_err(StoreError::db)
    }

    pub async fn assign(&self, household: i64, user_id: &str) -> Result<(), StoreError> {
        let sql = "INSERT INTO huishouden_toewijzing (huishouden, gebruiker) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        on_pool!(&self.db, pool => sqlx::query(sql).bind(household).bind(user_id).execute(pool).await.map(|_| ()))
            .map_err(StoreError::db)
    }

    pub async fn get(&self, id: i64) -> Result<Option<Dossier>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM huishouden WHERE id = $1");
        let row: Option<Row> = on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
            .map_err(StoreError::db)?;
        row.map(|r| self.dossier_of(r)).transpose()
    }

    /// At most `limit` dossiers (capped at [`PAGE_MAX`]) with an id above
    /// `after`, by id: a page of the list.
    pub async fn page(&self, after: i64, limit: i64) -> Result<Vec<Dossier>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM huishouden WHERE id > $1 ORDER BY id LIMIT $2");
        let rows: Vec<Row> = on_pool!(&self.db, pool => sqlx::query_as(&sql)
            .bind(after)
            .bind(limit.clamp(1, PAGE_MAX))
            .fetch_all(pool)
            .await)
        .map_err(StoreError::db)?;
        rows.into_iter().map(|r| self.dossier_of(r)).collect()
    }

    /// How many dossiers there are.
    pub async fn count(&self) -> Result<i64, StoreError> {
        let row: (i64,) = on_pool!(&self.db, pool => sqlx::query_as("SELECT COUNT(*) FROM huishouden")
            .fetch_one(pool)
            .await)
        .map_err(StoreError::db)?;
        Ok(row.0)
    }

    /// The households assigned to a buddy or WIJ-worker.
    pub async fn assigned_to(&self, user_id: &str) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT huishouden FROM huishouden_toewijzing WHERE gebruiker = $1 ORDER BY huishouden";
        let rows: Vec<(i64,)> = on_pool!(&self.db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)
            .map_err(StoreError::db)?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The people linked to a household (buddy, WIJ-worker): name and role,
    /// for the resident's own overview.
    pub async fn linked_people(&self, household: i64) -> Result<Vec<(String, platform::rol::Role)>, StoreError> {
        let sql = "SELECT g.naam, g.rol FROM huishouden_toewijzing t JOIN gebruiker g ON g.id = t.gebruiker \
                   WHERE t.huishouden = $1 ORDER BY g.rol, g.naam";
        let rows: Vec<(String, String)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(household).fetch_all(pool).await)
                .map_err(StoreError::db)?;
        rows.into_iter()
            .map(|(name, role)| {
                platform::rol::Role::from_key(&role).map(|r| (name, r)).ok_or_else(|| {
                    StoreError::new("onbekende rol in de database", "unknown role in the database", role)
                })
            })
            .collect()
    }

    /// The resident's own household.
    pub async fn own(&self, user_id: &str) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT id FROM huishouden WHERE deelnemer = $1 ORDER BY id LIMIT 1";
        let row: Option<(i64,)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(user_id).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        Ok(row.map(|r| r.0))
    }

    /// Changes the dossier if it is still at `expected_version`; the old
    /// version goes into the history in the same transaction.
    /// `Ok(Err(conflict))` when someone else changed it first: nothing is
    /// written then.
    pub async fn update(
        &self,
        id: i64,
        expected_version: i64,
        change: &Change<'_>,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let sealed = self.seal(id, change.bsn)?;
        let copy = "INSERT INTO huishouden_geschiedenis (huishouden, versie, naam, adres, buurtcode, bsn, pakket, gegevens, gewijzigd, door) \
                    SELECT id, versie, naam, adres, buurtcode, bsn, pakket, gegevens, bijgewerkt, bijgewerkt_door FROM huishouden WHERE id = $1 AND versie = $2 \
                    ON CONFLICT (huishouden, versie) DO NOTHING";
        let write = "UPDATE huishouden SET naam = $1, adres = $2, buurtcode = $3, bsn = $4, pakket = $5, gegevens = $6, \
                     versie = versie + 1, bijgewerkt = $7, bijgewerkt_door = $8 WHERE id = $9 AND versie = $10";
        // Two writers on one version: on PostgreSQL the second waits for the
        // first's history row and then copies nothing (ON CONFLICT) and its
        // UPDATE finds the new version, so it gets a Conflict, not an error.
        let changed = on_pool!(&self.db, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(copy).bind(id).bind(expected_version).execute(&mut *tx).await?;
            let n = sqlx::query(write)
                .bind(change.name)
                .bind(change.address)
                .bind(change.neighbourhood)
                .bind(&sealed)
                .bind(change.package)
                .bind(change.data)
                .bind(now)
                .bind(by)
                .bind(id)
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
        .map_err(StoreError::db)?;
        if changed == 1 {
            return Ok(Ok(expected_version + 1));
        }
        match self.get(id).await? {
            Some(d) => Ok(Err(Conflict { current_version: d.version, updated_by: d.updated_by })),
            None => Err(StoreError::new(
                format!("huishouden {id} bestaat niet"),
                format!("household {id} does not exist"),
                "",
            )),
        }
    }

    /// The version number, package and household JSON as they were at `instant` (Unix
    /// seconds): the newest version made at or before it. For an instant
    /// before the dossier existed, its first version (the earliest state
    /// there is). `None` when there is no such dossier.
    pub async fn as_of(&self, id: i64, instant: i64) -> Result<Option<(i64, String, String)>, StoreError> {
        // Every version with the moment it was made: the history rows
        // (`gewijzigd` is when that version was written) and the current one.
        const VERSIONS: &str = "SELECT versie, pakket, gegevens, gewijzigd AS gemaakt FROM huishouden_geschiedenis \
                                WHERE huishouden = $1 UNION ALL \
                                SELECT versie, pakket, gegevens, bijgewerkt FROM huishouden WHERE id = $1";
        let then = format!(
            "SELECT versie, pakket, gegevens FROM ({VERSIONS}) v WHERE gemaakt <= $2 ORDER BY versie DESC LIMIT 1"
        );
        let row: Option<(i64, String, String)> = on_pool!(&self.db, pool => sqlx::query_as(&then)
            .bind(id)
            .bind(instant)
            .fetch_optional(pool)
            .await)
        .map_err(StoreError::db)?;
        if row.is_some() {
            return Ok(row);
        }
        let first = format!("SELECT versie, pakket, gegevens FROM ({VERSIONS}) v ORDER BY versie ASC LIMIT 1");
        on_pool!(&self.db, pool => sqlx::query_as(&first).bind(id).fetch_optional(pool).await).map_err(StoreError::db)
    }

    /// Earlier versions, newest first, with the name of who made each.
    pub async fn history(&self, id: i64) -> Result<Vec<Version>, StoreError> {
        let sql = "SELECT h.versie, h.naam, h.adres, h.buurtcode, h.bsn, h.pakket, h.gegevens, h.gewijzigd, h.door, \
                   COALESCE(g.naam, h.door) FROM huishouden_geschiedenis h LEFT JOIN gebruiker g ON g.id = h.door \
                   WHERE h.huishouden = $1 ORDER BY h.versie DESC";
        type VersionRow = (i64, String, String, String, String, String, String, i64, String, String);
        let rows: Vec<VersionRow> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(id).fetch_all(pool).await).map_err(StoreError::db)?;
        rows.into_iter()
            .map(|(version, name, address, neighbourhood, sealed, package, data, changed, by, by_name)| {
                Ok(Version {
                    version,
                    name,
                    address,
                    neighbourhood,
                    bsn: self.open(id, &sealed)?,
                    package,
                    data,
                    changed,
                    by,
                    by_name,
                })
            })
            .collect()
    }

    /// The name of an account (for "changed by"), or the id itself when there
    /// is no such account.
    pub async fn account_name(&self, user_id: &str) -> Result<String, StoreError> {
        let row: Option<(String,)> =
            on_pool!(&self.db, pool => sqlx::query_as("SELECT naam FROM gebruiker WHERE id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await)
            .map_err(StoreError::db)?;
        Ok(row.map_or_else(|| user_id.to_owned(), |r| r.0))
    }
}
