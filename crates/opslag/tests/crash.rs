//! Crash test: a process making durable transfers is killed with SIGKILL at
//! random moments, many times. After every restart each transfer it
//! acknowledged is in the ledger and every invariant holds.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use munt::{Config, Day, TransferId};
use opslag::{Database, MuntStore};

#[test]
fn sigkill_never_loses_an_acknowledged_transfer() {
    let dir = std::env::temp_dir().join(format!("opslag-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}", dir.join("munt.db").display());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let mut acknowledged: Vec<u128> = Vec::new();
    // A fixed pseudo-random schedule of kill moments (ms), different per run.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let runs = 24;
    for run in 1..=runs {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let wait = Duration::from_millis(30 + x % 400);
        let mut child = Command::new(env!("CARGO_BIN_EXE_munt-belasting"))
            .args([url.as_str(), &run.to_string(), "0", "25"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("load generator starts");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            let mut ids = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(list) = line.strip_prefix("ok ") {
                    ids.extend(
                        list.split(',').filter(|s| !s.is_empty()).map(|h| u128::from_str_radix(h, 16).expect("hex id")),
                    );
                }
            }
            ids
        });
        std::thread::sleep(wait);
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        acknowledged.extend(reader.join().expect("reader"));

        let store = rt.block_on(async {
            let db = Database::connect(&url).await.expect("reopens");
            MuntStore::open(db, Config { max_balance_resident: None, ..Config::default() }, Day(20_000))
                .await
                .expect("log replays")
        });
        let ledger = store.ledger();
        ledger.check_invariants().expect("invariants hold after a crash");
        for id in &acknowledged {
            assert!(ledger.knows_request(TransferId(*id)), "run {run}: acknowledged transfer {id:x} is lost");
        }
        rt.block_on(store.database().close());
    }
    assert!(acknowledged.len() > 500, "the generator made too few transfers to mean anything: {}", acknowledged.len());
    let _ = std::fs::remove_dir_all(&dir);
}
