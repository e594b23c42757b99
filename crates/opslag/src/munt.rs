//! The local-currency ledger on disk: a gapless, append-only log of the
//! commands that changed the ledger, replayed through the pure `munt` crate.
//!
//! Why a command log: `munt` is deterministic (every operation is given its
//! day), so the log *is* the ledger; balances, hop buckets and reports are
//! derived by replay. This is TigerBeetle's state-machine model. It keeps one
//! implementation of the money rules (in `munt`, property-tested) instead of a
//! second one in SQL, and replay checks every stored outcome again, so a
//! corrupted or tampered log is detected on start.
//!
//! Writing: one transaction per batch. On SQLite it starts with
//! `BEGIN IMMEDIATE` (the write lock is taken at once; a deferred `BEGIN`
//! fails with `SQLITE_BUSY` on upgrade); on PostgreSQL the transaction takes
//! `LOCK TABLE munt_commando IN EXCLUSIVE MODE`. Inside the lock the store
//! first replays what other processes appended since it last looked, then
//! applies the new commands in memory, appends those that changed the
//! ledger, and commits. Only after the commit are results returned: an
//! acknowledged transfer is on disk. If anything fails after the in-memory
//! apply, the store rebuilds its ledger from the log before the next call.

use munt::{AccountId, Config, Day, Ledger, OpenAccount, Receipt, Request, Units};
use serde::{Deserialize, Serialize};

use crate::db::{Database, StoreError, on_pool};

/// One thing that can change the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    OpenAccount(OpenAccount),
    SetVerified { account: AccountId, verified: bool },
    Execute(Request),
    RunDemurrage,
    ExpirePendings,
}

/// What a command did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Opened,
    Verified,
    Receipt(Receipt),
    /// Units of demurrage collected.
    Demurrage(Units),
    /// Pending payments expired.
    Expired(u64),
}

/// The result of each command of a batch, in order.
pub type Results = Vec<Result<Outcome, munt::Error>>;

/// Most commands in one `submit` call.
pub const BATCH_MAX: usize = 10_000;

/// Applies `cmd` to `ledger`. `Ok((outcome, changed))`; `changed` is false
/// for a repeat that the ledger answered from memory (nothing to store).
fn apply(ledger: &mut Ledger, day: Day, cmd: &Command) -> Result<(Outcome, bool), munt::Error> {
    match cmd {
        Command::OpenAccount(open) => {
            let existed = ledger.account(open.id).is_some();
            ledger.open_account(day, *open)?;
            Ok((Outcome::Opened, !existed))
        }
        Command::SetVerified { account, verified } => {
            let before = ledger.account(*account).map(|a| a.verified);
            ledger.set_verified(*account, *verified)?;
            Ok((Outcome::Verified, before != Some(*verified)))
        }
        Command::Execute(request) => {
            let known = ledger.knows_request(request.id());
            let receipt = ledger.execute(day, *request)?;
            Ok((Outcome::Receipt(receipt), !known))
        }
        Command::RunDemurrage => Ok((Outcome::Demurrage(ledger.run_demurrage(day)?), true)),
        Command::ExpirePendings => {
            let n = ledger.expire_pendings(day)?;
            Ok((Outcome::Expired(u64::try_from(n).unwrap_or(u64::MAX)), true))
        }
    }
}

fn request_key(cmd: &Command) -> Option<String> {
    match cmd {
        Command::Execute(r) => Some(format!("{:032x}", r.id().0)),
        _ => None,
    }
}

struct Row {
    seq: i64,
    day: i64,
    command: String,
    outcome: String,
    /// The request id for the UNIQUE column (`None` for other commands).
    key: Option<String>,
}

pub struct MuntStore {
    db: Database,
    config: Config,
    start: Day,
    ledger: Ledger,
    /// The last log entry applied to `ledger`.
    applied: i64,
    /// Set when the in-memory ledger may be ahead of the log (a failed commit).
    stale: bool,
}

fn corrupt(seq: i64, what: &str) -> StoreError {
    StoreError::new(
        format!("het muntlogboek klopt niet bij regel {seq}: {what}"),
        format!("the currency log does not replay at entry {seq}: {what}"),
        "",
    )
}

fn day_of(seq: i64, v: i64) -> Result<Day, StoreError> {
    u32::try_from(v).map(Day).map_err(|_| corrupt(seq, "dag buiten bereik / day out of range"))
}

impl MuntStore {
    /// Opens the ledger in `db`. A new database gets `config` and starts on
    /// `today`; an existing one keeps its stored configuration (a different
    /// `config` is refused) and is rebuilt from its log.
    pub async fn open(db: Database, config: Config, today: Day) -> Result<MuntStore, StoreError> {
        config.validate().map_err(|e| StoreError::new(e.message_nl(), e.message_en(), ""))?;
        let json = serde_json::to_string(&config)
            .map_err(|e| StoreError::new("interne fout", "internal error", e.to_string()))?;
        let insert =
            "INSERT INTO munt_instelling (id, instelling, startdag) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING";
        let select = "SELECT instelling, startdag FROM munt_instelling WHERE id = 1";
        let (stored, start): (String, i64) = on_pool!(&db, pool => {
            sqlx::query(insert).bind(&json).bind(i64::from(today.0)).execute(pool).await.map_err(StoreError::db)?;
            sqlx::query_as(select).fetch_one(pool).await.map_err(StoreError::db)?
        });
        let stored: Config = serde_json::from_str(&stored).map_err(|e| corrupt(0, &e.to_string()))?;
        if stored != config {
            return Err(StoreError::new(
                "deze database heeft al andere munt-instellingen",
                "this database already has different currency settings",
                "",
            ));
        }
        let start = day_of(0, start)?;
        let ledger =
            Ledger::new(stored.clone(), start).map_err(|e| StoreError::new(e.message_nl(), e.message_en(), ""))?;
        let mut store = MuntStore { db, config: stored, start, ledger, applied: 0, stale: false };
        store.refresh().await?;
        Ok(store)
    }

    /// The day the ledger started (stored with its settings).
    pub fn start_day(&self) -> Day {
        self.start
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Log entries applied so far.
    pub fn log_length(&self) -> i64 {
        self.applied
    }

    fn replay(&mut self, rows: Vec<Row>) -> Result<(), StoreError> {
        for row in rows {
            if row.seq != self.applied + 1 {
                return Err(corrupt(row.seq, "gat in de volgnummers / gap in the sequence"));
            }
            let day = day_of(row.seq, row.day)?;
            let cmd: Command = serde_json::from_str(&row.command).map_err(|e| corrupt(row.seq, &e.to_string()))?;
            let want: Outcome = serde_json::from_str(&row.outcome).map_err(|e| corrupt(row.seq, &e.to_string()))?;
            match apply(&mut self.ledger, day, &cmd) {
                Ok((got, true)) if got == want => {}
                Ok((got, changed)) => {
                    return Err(corrupt(
                        row.seq,
                        &format!("uitkomst {got:?} (veranderd: {changed}) in plaats van {want:?}"),
                    ));
                }
                Err(e) => return Err(corrupt(row.seq, &e.message_en())),
            }
            self.applied = row.seq;
        }
        Ok(())
    }

    /// Reads what other processes appended since we last looked.
    pub async fn refresh(&mut self) -> Result<(), StoreError> {
        if self.stale {
            self.ledger = Ledger::new(self.config.clone(), self.start)
                .map_err(|e| StoreError::new(e.message_nl(), e.message_en(), ""))?;
            self.applied = 0;
            self.stale = false;
        }
        let rows = match &self.db {
            Database::Sqlite(pool) => {
                let mut conn = pool.acquire().await.map_err(StoreError::db)?;
                fetch_since::<sqlx::Sqlite>(&mut conn, self.applied).await?
            }
            Database::Postgres(pool) => {
                let mut conn = pool.acquire().await.map_err(StoreError::db)?;
                fetch_since::<sqlx::Postgres>(&mut conn, self.applied).await?
            }
        };
        self.replay(rows)
    }

    /// Applies a batch in memory; returns the results and the log rows of the
    /// commands that changed the ledger.
    fn apply_batch(&mut self, day: Day, commands: &[Command]) -> Result<(Results, Vec<Row>), StoreError> {
        let mut results = Vec::with_capacity(commands.len());
        let mut rows = Vec::new();
        let mut seq = self.applied;
        for cmd in commands {
            match apply(&mut self.ledger, day, cmd) {
                Ok((outcome, changed)) => {
                    if changed {
                        seq += 1;
                        use erased::Json as _;
                        rows.push(Row {
                            seq,
                            day: i64::from(day.0),
                            command: cmd.json()?,
                            outcome: outcome.json()?,
                            key: request_key(cmd),
                        });
                    }
                    results.push(Ok(outcome));
                }
                Err(e) => results.push(Err(e)),
            }
        }
        Ok((results, rows))
    }

    /// Executes a batch of commands on `day`, durably. Returns one result per
    /// command, in order; a refused command (`Err`) changed nothing and is
    /// not stored. `Err` of the whole call means nothing of the batch is on
    /// disk (the caller may retry it as is: ids make that safe).
    pub async fn submit(&mut self, day: Day, commands: &[Command]) -> Result<Results, StoreError> {
        if commands.len() > BATCH_MAX {
            return Err(StoreError::new(
                format!("te veel opdrachten tegelijk (meer dan {BATCH_MAX})"),
                format!("too many commands at once (more than {BATCH_MAX})"),
                "",
            ));
        }
        if self.stale {
            self.refresh().await?;
        }
        let result = match self.db.clone() {
            Database::Sqlite(pool) => {
                let mut conn = pool.acquire().await.map_err(StoreError::db)?;
                sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await.map_err(StoreError::db)?;
                let r = self.locked::<sqlx::Sqlite>(&mut conn, day, commands).await;
                let end = if r.is_ok() { "COMMIT" } else { "ROLLBACK" };
                match (r, sqlx::query(end).execute(&mut *conn).await) {
                    (Ok(results), Ok(_)) => Ok(results),
                    (Err(e), _) => Err(e),
                    (Ok(_), Err(e)) => Err(StoreError::db(e)),
                }
            }
            Database::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(StoreError::db)?;
                let r = match sqlx::query("LOCK TABLE munt_commando IN EXCLUSIVE MODE").execute(&mut *tx).await {
                    Ok(_) => self.locked::<sqlx::Postgres>(&mut tx, day, commands).await,
                    Err(e) => Err(StoreError::db(e)),
                };
                match r {
                    Ok(results) => tx.commit().await.map(|_| results).map_err(StoreError::db),
                    Err(e) => {
                        let _ = tx.rollback().await;
                        Err(e)
                    }
                }
            }
        };
        if result.is_err() {
            // The ledger in memory may hold what did not reach the disk.
            self.stale = true;
        }
        result
    }

    /// Inside the write lock: catch up, apply, append.
    async fn locked<DB>(
        &mut self,
        conn: &mut DB::Connection,
        day: Day,
        commands: &[Command],
    ) -> Result<Results, StoreError>
    where
        DB: sqlx::Database,
        for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
        for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
        i64: for<'e> sqlx::Encode<'e, DB> + sqlx::Type<DB> + for<'r> sqlx::Decode<'r, DB>,
        String: for<'e> sqlx::Encode<'e, DB> + for<'r> sqlx::Decode<'r, DB> + sqlx::Type<DB>,
        Option<String>: for<'e> sqlx::Encode<'e, DB> + sqlx::Type<DB>,
        usize: sqlx::ColumnIndex<DB::Row>,
    {
        let behind = fetch_since::<DB>(conn, self.applied).await?;
        self.replay(behind)?;
        let (results, rows) = self.apply_batch(day, commands)?;
        insert_rows::<DB>(conn, &rows).await?;
        if let Some(last) = rows.last() {
            self.applied = last.seq;
        }
        Ok(results)
    }
}

mod erased {
    pub trait Json {
        fn json(&self) -> Result<String, crate::StoreError>;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> Result<String, crate::StoreError> {
            serde_json::to_string(self)
                .map_err(|e| crate::StoreError::new("interne fout", "internal error", e.to_string()))
        }
    }
}

async fn fetch_since<DB>(conn: &mut DB::Connection, after: i64) -> Result<Vec<Row>, StoreError>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    i64: for<'e> sqlx::Encode<'e, DB> + sqlx::Type<DB> + for<'r> sqlx::Decode<'r, DB>,
    String: for<'r> sqlx::Decode<'r, DB> + sqlx::Type<DB>,
    usize: sqlx::ColumnIndex<DB::Row>,
{
    use sqlx::Row as _;
    let rows = sqlx::query::<DB>(
        "SELECT volgnummer, dag, commando, uitkomst FROM munt_commando WHERE volgnummer > $1 ORDER BY volgnummer",
    )
    .bind(after)
    .fetch_all(&mut *conn)
    .await
    .map_err(StoreError::db)?;
    rows.iter()
        .map(|r| {
            Ok(Row {
                seq: r.try_get(0).map_err(StoreError::db)?,
                day: r.try_get(1).map_err(StoreError::db)?,
                command: r.try_get(2).map_err(StoreError::db)?,
                outcome: r.try_get(3).map_err(StoreError::db)?,
                key: None,
            })
        })
        .collect()
}

async fn insert_rows<DB>(conn: &mut DB::Connection, rows: &[Row]) -> Result<(), StoreError>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    i64: for<'e> sqlx::Encode<'e, DB> + sqlx::Type<DB>,
    String: for<'e> sqlx::Encode<'e, DB> + sqlx::Type<DB>,
    Option<String>: for<'e> sqlx::Encode<'e, DB> + sqlx::Type<DB>,
{
    for row in rows {
        sqlx::query::<DB>(
            "INSERT INTO munt_commando (volgnummer, dag, commando, uitkomst, verzoek_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(row.seq)
        .bind(row.day)
        .bind(row.command.clone())
        .bind(row.outcome.clone())
        .bind(row.key.clone())
        .execute(&mut *conn)
        .await
        .map_err(StoreError::db)?;
    }
    Ok(())
}
