//! Load generator for the stored currency ledger: opens accounts, issues
//! money and then makes payments in batches, printing `ok <id>,<id>,…` for
//! every committed batch (the ids of the transfers in it, in hex). Used by the crash
//! test (killed with SIGKILL at random moments) and by `bench/munt.sh`.
//!
//! munt-belasting <database-url> <run> <batches> <batch-size>
//!   run:        a number that makes this run's transfer ids unique
//!   batches:    how many batches to commit (0 = until killed)
//!   batch-size: payments per transaction

use std::io::Write;
use std::time::Instant;

use munt::{AccountId, AccountKind, Config, Day, OpenAccount, PartyId, Request, TransferId, Units};
use opslag::{Command, Database, MuntStore};

const ACCOUNTS: u128 = 64;

/// The same configuration every run, so a restart reopens the same ledger.
fn config() -> Config {
    Config { max_balance_resident: None, ..Config::default() }
}

fn account(i: u128) -> AccountId {
    AccountId(10_000 + i)
}

fn arg(args: &[String], i: usize, name: &str) -> u128 {
    args.get(i).and_then(|a| a.parse().ok()).unwrap_or_else(|| {
        eprintln!("gebruik / usage: munt-belasting <database-url> <run> <batches> <batch-size> ({name})");
        std::process::exit(2)
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).cloned().unwrap_or_default();
    let run = arg(&args, 2, "run");
    let batches = arg(&args, 3, "batches");
    let batch_size = usize::try_from(arg(&args, 4, "batch-size")).unwrap_or(1).clamp(1, opslag::munt::BATCH_MAX);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    rt.block_on(async move {
        let db = Database::connect(&url).await.unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
        let day = Day(20_000);
        let mut store = MuntStore::open(db, config(), day).await.unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
        // Accounts and money: idempotent, so every run may repeat them.
        let mut setup: Vec<Command> = (0..ACCOUNTS)
            .map(|i| {
                Command::OpenAccount(OpenAccount {
                    id: account(i),
                    kind: AccountKind::Merchant,
                    owner: PartyId(i + 1),
                    verified: true,
                    max_balance: None,
                })
            })
            .collect();
        setup.extend((0..ACCOUNTS).map(|i| {
            Command::Execute(Request::Issue { id: TransferId(1 + i), to: account(i), amount: Units::new(100_000_000) })
        }));
        store.submit(day, &setup).await.unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
        let mut out = std::io::stdout().lock();
        let started = Instant::now();
        let mut done: u128 = 0;
        let mut batch = 0u128;
        while batches == 0 || batch < batches {
            let first = (run << 64) | (batch * 100_000);
            let commands: Vec<Command> = (0..batch_size)
                .map(|k| {
                    let k = u128::try_from(k).expect("small");
                    let n = batch * u128::try_from(batch_size).expect("small") + k;
                    Command::Execute(Request::Pay {
                        id: TransferId(first + k + 1),
                        from: account(n % ACCOUNTS),
                        to: account((n * 7 + 3) % ACCOUNTS),
                        amount: Units::new(1 + i64::try_from(n % 500).expect("small")),
                    })
                })
                .filter(|c| !matches!(c, Command::Execute(Request::Pay { from, to, .. }) if from == to))
                .collect();
            let results = store.submit(day, &commands).await.unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(1)
            });
            if let Some(e) = results.iter().find_map(|r| r.as_ref().err()) {
                eprintln!("{e}");
                std::process::exit(1);
            }
            // Printed only after the commit: these transfers are durable.
            let ids: Vec<String> = commands
                .iter()
                .filter_map(|c| match c {
                    Command::Execute(r) => Some(format!("{:x}", r.id().0)),
                    _ => None,
                })
                .collect();
            let _ = writeln!(out, "ok {}", ids.join(","));
            let _ = out.flush();
            done += u128::try_from(commands.len()).expect("small");
            batch += 1;
        }
        let micros = started.elapsed().as_micros().max(1);
        eprintln!(
            "{done} betalingen in {} ms, {} per seconde (batch {batch_size}, {})",
            micros / 1000,
            done * 1_000_000 / micros,
            store.database().backend()
        );
    });
}
