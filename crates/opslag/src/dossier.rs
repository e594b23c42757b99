//! Dossiers: households, who may see them, and their history.

use crate::db::{Database, StoreError, on_pool};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dossier {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub neighbourhood: String,
    /// The applicant's BSN (checked with the 11-proef by the caller).
    pub bsn: String,
    pub package: String,
    /// The household JSON as for `ademruimte bereken`.
    pub data: String,
    pub resident: Option<String>,
    pub version: i64,
    pub updated: i64,
    pub updated_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub version: i64,
    pub package: String,
    pub data: String,
    pub changed: i64,
    pub by: String,
}

/// What `update` found when the dossier changed in between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub current_version: i64,
    pub updated_by: String,
}

type Row = (i64, String, String, String, String, String, String, Option<String>, i64, i64, String);

fn dossier_of(r: Row) -> Dossier {
    let (id, name, address, neighbourhood, bsn, package, data, resident, version, updated, updated_by) = r;
    Dossier { id, name, address, neighbourhood, bsn, package, data, resident, version, updated, updated_by }
}

const COLUMNS: &str =
    "id, naam, adres, buurtcode, bsn, pakket, gegevens, deelnemer, versie, bijgewerkt, bijgewerkt_door";

pub struct DossierStore {
    db: Database,
}

impl DossierStore {
    pub fn new(db: Database) -> DossierStore {
        DossierStore { db }
    }

    /// Stores a new dossier (version 1); an existing id is left as it is and
    /// `false` returned.
    pub async fn create(&self, d: &Dossier) -> Result<bool, StoreError> {
        let sql = "INSERT INTO huishouden (id, naam, adres, buurtcode, bsn, pakket, gegevens, deelnemer, versie, bijgewerkt, bijgewerkt_door) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10) ON CONFLICT (id) DO NOTHING";
        let n = on_pool!(&self.db, pool => sqlx::query(sql)
            .bind(d.id)
            .bind(&d.name)
            .bind(&d.address)
            .bind(&d.neighbourhood)
            .bind(&d.bsn)
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

    pub async fn assign(&self, household: i64, user_id: &str) -> Result<(), StoreError> {
        let sql = "INSERT INTO huishouden_toewijzing (huishouden, gebruiker) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        on_pool!(&self.db, pool => sqlx::query(sql).bind(household).bind(user_id).execute(pool).await.map(|_| ()))
            .map_err(StoreError::db)
    }

    pub async fn get(&self, id: i64) -> Result<Option<Dossier>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM huishouden WHERE id = $1");
        let row: Option<Row> = on_pool!(&self.db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
            .map_err(StoreError::db)?;
        Ok(row.map(dossier_of))
    }

    pub async fn all(&self) -> Result<Vec<Dossier>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM huishouden ORDER BY id");
        let rows: Vec<Row> =
            on_pool!(&self.db, pool => sqlx::query_as(&sql).fetch_all(pool).await).map_err(StoreError::db)?;
        Ok(rows.into_iter().map(dossier_of).collect())
    }

    /// The households assigned to a buddy or WIJ-worker.
    pub async fn assigned_to(&self, user_id: &str) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT huishouden FROM huishouden_toewijzing WHERE gebruiker = $1 ORDER BY huishouden";
        let rows: Vec<(i64,)> = on_pool!(&self.db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)
            .map_err(StoreError::db)?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The resident's own household.
    pub async fn own(&self, user_id: &str) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT id FROM huishouden WHERE deelnemer = $1 ORDER BY id LIMIT 1";
        let row: Option<(i64,)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(user_id).fetch_optional(pool).await)
                .map_err(StoreError::db)?;
        Ok(row.map(|r| r.0))
    }

    /// Changes package and household data if the dossier is still at
    /// `expected_version`; the old version goes into the history in the same
    /// transaction. `Ok(Err(conflict))` when someone else changed it first:
    /// nothing is written then.
    pub async fn update(
        &self,
        id: i64,
        expected_version: i64,
        package: &str,
        data: &str,
        by: &str,
        now: i64,
    ) -> Result<Result<i64, Conflict>, StoreError> {
        let copy = "INSERT INTO huishouden_geschiedenis (huishouden, versie, pakket, gegevens, gewijzigd, door) \
                    SELECT id, versie, pakket, gegevens, bijgewerkt, bijgewerkt_door FROM huishouden WHERE id = $1 AND versie = $2";
        let change = "UPDATE huishouden SET pakket = $1, gegevens = $2, versie = versie + 1, bijgewerkt = $3, bijgewerkt_door = $4 \
                      WHERE id = $5 AND versie = $6";
        let changed = on_pool!(&self.db, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(copy).bind(id).bind(expected_version).execute(&mut *tx).await?;
            let n = sqlx::query(change)
                .bind(package)
                .bind(data)
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

    /// Earlier versions, newest first.
    pub async fn history(&self, id: i64) -> Result<Vec<Version>, StoreError> {
        let sql = "SELECT versie, pakket, gegevens, gewijzigd, door FROM huishouden_geschiedenis WHERE huishouden = $1 ORDER BY versie DESC";
        let rows: Vec<(i64, String, String, i64, String)> =
            on_pool!(&self.db, pool => sqlx::query_as(sql).bind(id).fetch_all(pool).await).map_err(StoreError::db)?;
        Ok(rows
            .into_iter()
            .map(|(version, package, data, changed, by)| Version { version, package, data, changed, by })
            .collect())
    }
}
