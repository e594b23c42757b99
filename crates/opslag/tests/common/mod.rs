//! Shared by the conformance suites: a fresh database per test on every
//! configured backend.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A fresh, empty database per call: a SQLite file, or a new PostgreSQL database.
pub async fn fresh(backend: &str) -> Option<String> {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let name = format!("munt_test_{}_{n}", std::process::id());
    match backend {
        "sqlite" => {
            let dir = std::env::temp_dir().join("opslag-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            let path = dir.join(format!("{name}.db"));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            Some(format!("sqlite://{}", path.display()))
        }
        _ => {
            let admin = std::env::var("ADEMRUIMTE_TEST_POSTGRES").ok()?;
            let pool = sqlx::PgPool::connect(&admin).await.expect("PostgreSQL reachable");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(&pool).await.expect("drop");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.expect("create database");
            pool.close().await;
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_owned();
            Some(format!("{base}/{name}"))
        }
    }
}

pub fn backends() -> Vec<&'static str> {
    let mut b = vec!["sqlite"];
    if std::env::var("ADEMRUIMTE_TEST_POSTGRES").is_ok() {
        b.push("postgres");
    } else if std::env::var("CI").is_ok() {
        panic!("CI must test PostgreSQL: set ADEMRUIMTE_TEST_POSTGRES (scripts/test does)");
    }
    b
}

/// Runs `f` for every backend on a fresh database.
pub fn each_backend<F, Fut>(f: F)
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    for backend in backends() {
        rt.block_on(async {
            let url = fresh(backend).await.expect("backend configured");
            f(url.clone()).await;
            if backend == "postgres" {
                // Leave nothing behind (FORCE closes the pools the test left open).
                let admin = std::env::var("ADEMRUIMTE_TEST_POSTGRES").expect("set");
                let name = url.rsplit('/').next().expect("database name").to_owned();
                let pool = sqlx::PgPool::connect(&admin).await.expect("PostgreSQL reachable");
                // FORCE may meet a backend the test role cannot end (an
                // autovacuum worker starting on the fresh database): try again
                // shortly; a database left behind is untidy, not a failure.
                let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let mut left = None;
                for _ in 0..10 {
                    match sqlx::query(&drop).execute(&pool).await {
                        Ok(_) => {
                            left = None;
                            break;
                        }
                        Err(e) => {
                            left = Some(e);
                            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                        }
                    }
                }
                if let Some(e) = left {
                    eprintln!("test database {name} was left behind: {e}");
                }
                pool.close().await;
            }
        });
    }
}
