//! Conformance suite of the stored currency ledger, run against SQLite always
//! and against PostgreSQL when `ADEMRUIMTE_TEST_POSTGRES` holds a URL of a
//! role that may create databases (scripts/test starts one).

mod common;

use common::each_backend;
use munt::{AccountId, AccountKind, Config, Day, OpenAccount, PartyId, Request, TransferId, Units};
use opslag::{Command, Database, MuntStore, Outcome};

fn config() -> Config {
    Config { max_balance_resident: None, ..Config::default() }
}

const DAY: Day = Day(20_000);
const A: AccountId = AccountId(5001);
const B: AccountId = AccountId(5002);
const M: AccountId = AccountId(5003);

fn open(id: AccountId, kind: AccountKind) -> Command {
    Command::OpenAccount(OpenAccount { id, kind, owner: PartyId(id.0), verified: true, max_balance: None })
}

fn pay(id: u128, from: AccountId, to: AccountId, amount: i64) -> Command {
    Command::Execute(Request::Pay { id: TransferId(id), from, to, amount: Units::new(amount) })
}

async fn store(url: &str) -> MuntStore {
    MuntStore::open(Database::connect(url).await.expect("connects"), config(), DAY).await.expect("opens")
}

#[test]
fn what_is_stored_comes_back_after_a_restart() {
    each_backend(|url| async move {
        let mut s = store(&url).await;
        let setup = [
            open(A, AccountKind::Resident),
            open(B, AccountKind::Resident),
            open(M, AccountKind::Merchant),
            Command::Execute(Request::Issue { id: TransferId(1), to: A, amount: Units::new(10_000) }),
            pay(2, A, B, 2_500),
            pay(3, B, M, 1_000),
            Command::Execute(Request::Reserve { id: TransferId(4), from: A, to: M, amount: Units::new(700) }),
            Command::Execute(Request::Post { id: TransferId(5), pending: TransferId(4) }),
        ];
        let results = s.submit(DAY, &setup).await.expect("stored");
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let later = Day(DAY.0 + 200);
        let results = s
            .submit(
                later,
                &[
                    Command::RunDemurrage,
                    Command::Execute(Request::Redeem { id: TransferId(6), from: M, amount: Units::new(1_000) }),
                ],
            )
            .await
            .expect("stored");
        assert!(matches!(results[0], Ok(Outcome::Demurrage(u)) if u.get() > 0), "{results:?}");
        assert!(results[1].is_ok(), "{results:?}");
        let before: Vec<_> =
            [A, B, M, AccountId::FUND, AccountId::DEMURRAGE].iter().map(|a| s.ledger().account(*a)).collect();
        let report = s.ledger().report(DAY, later).expect("report");
        let log = s.log_length();
        s.database().close().await;

        let again = store(&url).await;
        let after: Vec<_> =
            [A, B, M, AccountId::FUND, AccountId::DEMURRAGE].iter().map(|a| again.ledger().account(*a)).collect();
        assert_eq!(before, after);
        assert_eq!(again.ledger().report(DAY, later).expect("report"), report);
        assert_eq!(again.log_length(), log);
        again.ledger().check_invariants().expect("invariants");
    });
}

#[test]
fn a_repeat_is_answered_not_stored_and_a_conflict_is_refused() {
    each_backend(|url| async move {
        let mut s = store(&url).await;
        s.submit(DAY, &[open(A, AccountKind::Resident), open(B, AccountKind::Resident)]).await.expect("ok");
        s.submit(DAY, &[Command::Execute(Request::Issue { id: TransferId(1), to: A, amount: Units::new(5_000) })])
            .await
            .expect("ok");
        let first = s.submit(DAY, &[pay(7, A, B, 300)]).await.expect("ok");
        let log = s.log_length();
        // The same request again (a client retry), also on a later day.
        let again = s.submit(Day(DAY.0 + 1), &[pay(7, A, B, 300), open(A, AccountKind::Resident)]).await.expect("ok");
        assert_eq!(first[0], again[0]);
        assert_eq!(s.log_length(), log, "a repeat changes nothing and is not stored");
        // Same id, other content: refused, nothing stored, balance unchanged.
        let conflict = s.submit(DAY, &[pay(7, A, B, 301)]).await.expect("call works");
        assert!(matches!(&conflict[0], Err(munt::Error::IdConflict { .. })), "{conflict:?}");
        let overdraw = s.submit(DAY, &[pay(8, A, B, 1_000_000)]).await.expect("call works");
        assert!(matches!(&overdraw[0], Err(munt::Error::InsufficientBalance { .. })), "{overdraw:?}");
        assert_eq!(s.log_length(), log);
        assert_eq!(s.ledger().account(B).expect("B").balance, Units::new(300));
        // A refused request may be retried once it can succeed.
        let ok = s.submit(DAY, &[pay(8, A, B, 100)]).await.expect("ok");
        assert!(ok[0].is_ok());
    });
}

#[test]
fn two_writers_on_one_database_stay_consistent() {
    each_backend(|url| async move {
        let mut one = store(&url).await;
        let mut two = store(&url).await;
        one.submit(DAY, &[open(A, AccountKind::Resident), open(B, AccountKind::Resident)]).await.expect("ok");
        one.submit(DAY, &[Command::Execute(Request::Issue { id: TransferId(1), to: A, amount: Units::new(1_000) })])
            .await
            .expect("ok");
        // `two` has not seen A yet; inside its write lock it catches up first.
        let r = two.submit(DAY, &[pay(2, A, B, 600)]).await.expect("ok");
        assert!(r[0].is_ok(), "{r:?}");
        // `one` does not know about that payment; it may not spend the money twice.
        let r = one.submit(DAY, &[pay(3, A, B, 600)]).await.expect("call works");
        assert!(matches!(&r[0], Err(munt::Error::InsufficientBalance { .. })), "{r:?}");
        one.refresh().await.expect("refresh");
        assert_eq!(one.log_length(), two.log_length());
        assert_eq!(one.ledger().account(A), two.ledger().account(A));
    });
}

#[test]
fn other_settings_on_an_existing_database_are_refused() {
    each_backend(|url| async move {
        drop(store(&url).await);
        let other = Config { redeem_fee_bp: 100, ..config() };
        let e =
            MuntStore::open(Database::connect(&url).await.expect("connects"), other, DAY).await.err().expect("refused");
        assert!(e.nl.contains("andere munt-instellingen"), "{e}");
    });
}

#[test]
fn the_log_is_append_only_and_a_tampered_log_is_detected() {
    each_backend(|url| async move {
        let mut s = store(&url).await;
        s.submit(DAY, &[open(A, AccountKind::Resident)]).await.expect("ok");
        s.submit(DAY, &[Command::Execute(Request::Issue { id: TransferId(1), to: A, amount: Units::new(1_000) })])
            .await
            .expect("ok");
        let update = "UPDATE munt_commando SET uitkomst = 'x' WHERE volgnummer = 2";
        let delete = "DELETE FROM munt_commando";
        match s.database() {
            Database::Sqlite(pool) => {
                assert!(sqlx::query(update).execute(pool).await.is_err());
                assert!(sqlx::query(delete).execute(pool).await.is_err());
                // Someone with file access removes the guard and changes an amount.
                sqlx::query("DROP TRIGGER munt_commando_geen_wijziging").execute(pool).await.expect("drop");
                sqlx::query(
                    "UPDATE munt_commando SET commando = replace(commando, '1000', '9000') WHERE volgnummer = 2",
                )
                .execute(pool)
                .await
                .expect("tamper");
            }
            Database::Postgres(pool) => {
                assert!(sqlx::query(update).execute(pool).await.is_err());
                assert!(sqlx::query(delete).execute(pool).await.is_err());
                sqlx::query("DROP TRIGGER munt_commando_geen_wijziging ON munt_commando")
                    .execute(pool)
                    .await
                    .expect("drop");
                sqlx::query(
                    "UPDATE munt_commando SET commando = replace(commando, '1000', '9000') WHERE volgnummer = 2",
                )
                .execute(pool)
                .await
                .expect("tamper");
            }
        }
        s.database().close().await;
        let e = MuntStore::open(Database::connect(&url).await.expect("connects"), config(), DAY)
            .await
            .err()
            .expect("a changed log does not replay");
        assert!(e.nl.contains("klopt niet bij regel 2"), "{e}");
    });
}

#[test]
fn a_bad_database_address_is_a_clear_error() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let e = rt.block_on(Database::connect("mysql://localhost/x")).expect_err("refused");
    assert!(e.nl.contains("sqlite://") && e.en.contains("postgres://"), "{e}");
}
