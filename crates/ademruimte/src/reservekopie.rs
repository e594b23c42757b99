//! `ademruimte reservekopie`: a consistent copy of the database while the
//! server keeps running, checked before it is called done.
//!
//! - SQLite: `VACUUM INTO` inside one read transaction (writers go on; the
//!   copy is the database as of one moment), then the copy is opened on its
//!   own: SQLite's integrity check, the row counts compared with the source,
//!   and the currency ledger replayed from its command log (`MuntStore::open`
//!   re-checks every stored outcome). A copy that fails is removed.
//! - PostgreSQL: `pg_dump --format=custom` (one snapshot, consistent by
//!   itself), then `pg_restore --list` reads it back.
//!
//! Restore (SQLite): stop the server, put the copy in place of the database
//! file (and remove its `-wal`/`-shm` files), start again. PostgreSQL:
//! `pg_restore --clean --dbname …`. See docs/munt-opslag.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use opslag::{Database, MuntStore, StoreError};

#[derive(Args)]
pub struct Reservekopie {
    /// De database: sqlite://pad.db of postgres://…
    #[arg(long, env = "DATABASE_URL")]
    database: String,
    /// Het nieuwe bestand voor de kopie; het mag nog niet bestaan.
    #[arg(long)]
    naar: PathBuf,
}

fn fail(e: &StoreError) -> ExitCode {
    eprintln!("Reservekopie mislukt: {}\nBackup failed: {} ({})", e.nl, e.en, e.detail);
    ExitCode::FAILURE
}

pub fn run(args: Reservekopie) -> ExitCode {
    if args.naar.exists() {
        eprintln!(
            "{} bestaat al; kies een nieuw bestand.\n{} already exists; choose a new file.",
            args.naar.display(),
            args.naar.display()
        );
        return ExitCode::from(crate::EXIT_BAD_INPUT);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Kan niet starten / cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.database.starts_with("postgres:") || args.database.starts_with("postgresql:") {
        return postgres(&args.database, &args.naar);
    }
    match runtime.block_on(sqlite(&args.database, &args.naar)) {
        Ok(report) => {
            println!("Reservekopie gemaakt en gecontroleerd / backup made and checked: {}", args.naar.display());
            for (table, n) in report {
                println!("   {table:<24} {n:>10}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Nothing half-made is left behind.
            let _ = std::fs::remove_file(&args.naar);
            fail(&e)
        }
    }
}

async fn sqlite(url: &str, target: &Path) -> Result<Vec<(&'static str, i64)>, StoreError> {
    let source = Database::connect(url).await?;
    let before = source.row_counts().await?;
    source.backup_sqlite(target).await?;
    let after_source = source.row_counts().await?;
    source.close().await;

    let copy_url = format!("sqlite://{}", target.display());
    let copy = Database::connect(&copy_url).await?;
    copy.integrity_check().await?;
    let counts = copy.row_counts().await?;
    // The copy is one moment between the two counts: no table can hold fewer
    // rows than before (nothing is deleted from these tables while running,
    // except sessions, which are not counted) nor more than after.
    for ((table, n), ((_, lo), (_, hi))) in counts.iter().zip(before.iter().zip(after_source.iter())) {
        if n < lo || n > hi {
            return Err(StoreError::new(
                format!("de kopie van {table} heeft {n} rijen, de bron tussen {lo} en {hi}"),
                format!("the copy of {table} has {n} rows, the source between {lo} and {hi}"),
                "",
            ));
        }
    }
    let today = munt::Day::from_date(jiff::Zoned::now().date()).unwrap_or(munt::Day(0));
    // Replays the ledger and checks every stored outcome; an error here means
    // the copy would not give back the same balances.
    MuntStore::open(copy.clone(), munt::Config::default(), today).await?;
    copy.close().await;
    Ok(counts)
}

fn postgres(url: &str, target: &Path) -> ExitCode {
    let dump = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(target)
        .arg(url)
        .status();
    match dump {
        Ok(s) if s.success() => {}
        Ok(s) => {
            let _ = std::fs::remove_file(target);
            eprintln!("pg_dump stopte met {s} / pg_dump exited with {s}");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("pg_dump kan niet starten (is postgresql-client geïnstalleerd?) / cannot run pg_dump: {e}");
            return ExitCode::FAILURE;
        }
    }
    let list = std::process::Command::new("pg_restore").arg("--list").arg(target).output();
    match list {
        Ok(o) if o.status.success() => {
            let entries = String::from_utf8_lossy(&o.stdout).lines().filter(|l| !l.starts_with(';')).count();
            println!(
                "Reservekopie gemaakt en gelezen / backup made and read back: {} ({entries} onderdelen / entries)",
                target.display()
            );
            ExitCode::SUCCESS
        }
        _ => {
            let _ = std::fs::remove_file(target);
            eprintln!("pg_restore kan de kopie niet lezen / pg_restore cannot read the copy");
            ExitCode::FAILURE
        }
    }
}
