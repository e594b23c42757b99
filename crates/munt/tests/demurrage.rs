//! Demurrage is exact: known values worked out by hand, no cent lost, and the
//! same result whether it is applied daily, monthly or only when an account is
//! touched.

mod common;

use common::*;
use munt::{AccountId, Config, Day, Error, Ledger};

/// No free period, so the numbers are easy to follow.
fn config(rate_bp: u32) -> Config {
    Config { demurrage_bp_per_year: rate_bp, demurrage_free_days: 0, ..common::config() }
}

#[test]
fn ten_percent_on_3_650_000_units_by_hand() {
    // Daily rate 1000 / 3 650 000. Night 1: 3 650 000 × 1000 / 3 650 000 = 1000
    // exactly. Night 2: 3 649 000 × 1000 = 3 649 000 000 → 999 whole units,
    // remainder 2 650 000. Night 3: 2 650 000 + 3 648 001 × 1000
    // = 3 650 651 000 → 1000 units, remainder 651 000.
    for (days, removed) in [(1, 1_000), (2, 1_999), (3, 2_999)] {
        let mut ledger = ledger_with(config(1_000));
        ledger.issue(Day(0), id(1), A, u(3_650_000)).expect("issue");
        assert_eq!(ledger.run_demurrage(Day(days)), Ok(u(removed)));
        assert_eq!(balance(&ledger, A), 3_650_000 - removed);
        assert_eq!(balance(&ledger, AccountId::DEMURRAGE), removed);
        check(&ledger);
    }
}

#[test]
fn six_percent_on_10_000_units_for_a_year() {
    // Nominal 6 %: each night the balance is multiplied by (1 − 600/3 650 000).
    // Exactly: 10 000 × (1 − (1 − 0.06/365)^365) = 582.40 units; with whole
    // units removed and the fraction carried, 582 are removed.
    let mut ledger = ledger_with(config(600));
    ledger.issue(Day(0), id(1), A, u(10_000)).expect("issue");
    assert_eq!(ledger.account_on(A, Day(365)).expect("preview").balance, u(9_418));
    assert_eq!(ledger.run_demurrage(Day(365)), Ok(u(582)));
    assert_eq!(balance(&ledger, A), 9_418);
    assert_eq!(balance(&ledger, AccountId::DEMURRAGE), 582);
    let report = ledger.report(Day(0), Day(365)).expect("report");
    assert_eq!(report.demurrage_collected, u(582));
    check(&ledger);
}

#[test]
fn a_small_balance_pays_too_however_often_it_is_touched() {
    // 100 units × 600 / 3 650 000 = 0.016 units a night. Rounding each night
    // down would charge nothing; the carried remainder charges 5 in a year
    // (exact: 100 × (1 − (1 − 0.06/365)^365) = 5.82).
    let mut daily = ledger_with(config(600));
    daily.issue(Day(0), id(1), A, u(100)).expect("issue");
    let mut once = daily.clone();
    for day in 1..=365 {
        daily.run_demurrage(Day(day)).expect("nightly run");
    }
    once.run_demurrage(Day(365)).expect("one run");
    assert_eq!(balance(&daily, A), 95);
    assert_eq!(daily.account(A), once.account(A));
    check(&daily);
}

#[test]
fn lazy_daily_and_monthly_application_agree() {
    let build = || {
        let mut ledger = ledger_with(Config { demurrage_free_days: 10, ..config(2_500) });
        ledger.issue(Day(0), id(1), A, u(1_000_000)).expect("issue");
        ledger
    };
    let (mut lazy, mut daily, mut monthly) = (build(), build(), build());
    let payments = [(17, A, C, 200_000), (40, C, D, 150_000), (41, A, B, 1_000), (200, D, E, 100_000)];
    for day in 1..=400u32 {
        if let Some((n, (_, from, to, amount))) =
            payments.iter().enumerate().find(|(_, (d, ..))| *d == day).map(|(n, p)| (n, *p))
        {
            for ledger in [&mut lazy, &mut daily, &mut monthly] {
                ledger.pay(Day(day), id(10 + n as u128), from, to, u(amount)).expect("pay");
            }
        }
        daily.run_demurrage(Day(day)).expect("daily");
        if day % 30 == 0 {
            monthly.run_demurrage(Day(day)).expect("monthly");
        }
    }
    for ledger in [&mut lazy, &mut daily, &mut monthly] {
        ledger.run_demurrage(Day(400)).expect("final");
        check(ledger);
    }
    for account in ALL {
        assert_eq!(lazy.account(account), daily.account(account), "{account}");
        assert_eq!(lazy.account(account), monthly.account(account), "{account}");
    }
    let collected = balance(&lazy, AccountId::DEMURRAGE);
    assert!(collected > 0);
    assert_eq!(collected, balance(&daily, AccountId::DEMURRAGE));
    // No cent disappears: what the holders lost is exactly what was collected.
    let held: i64 = ALL.iter().map(|a| balance(&lazy, *a)).sum();
    assert_eq!(held + collected, 1_000_000);
}

#[test]
fn the_free_period_counts_from_issuance() {
    let mut ledger = ledger_with(Config { demurrage_free_days: 90, ..config(3_650) });
    ledger.issue(Day(0), id(1), A, u(1_000_000)).expect("issue");
    // Nights 0..=89 are free.
    assert_eq!(ledger.run_demurrage(Day(90)), Ok(u(0)));
    // Night 90: 1 000 000 × 3650 / 3 650 000 = 1000.
    assert_eq!(ledger.run_demurrage(Day(91)), Ok(u(1_000)));
    // Money issued later is free for its own 90 days, also at the same holder.
    ledger.issue(Day(91), id(2), A, u(1_000_000)).expect("issue");
    // Night 91: only the old 999 000 decay: 999 units.
    assert_eq!(ledger.run_demurrage(Day(92)), Ok(u(999)));
    check(&ledger);
}

#[test]
fn demurrage_is_applied_before_a_payment() {
    let mut ledger = ledger_with(config(600));
    ledger.issue(Day(0), id(1), A, u(10_000)).expect("issue");
    // After a year only 9 418 are left; paying 10 000 is refused and the
    // refusal does not book the demurrage either.
    let before = ledger.clone();
    assert_eq!(
        ledger.pay(Day(365), id(2), A, C, u(10_000)),
        Err(Error::InsufficientBalance { account: A, available: u(9_418), requested: u(10_000) })
    );
    assert_eq!(ledger, before);
    ledger.pay(Day(365), id(2), A, C, u(9_418)).expect("pay all");
    assert_eq!(balance(&ledger, AccountId::DEMURRAGE), 582);
    assert_eq!(balance(&ledger, A), 0);
    check(&ledger);
}

#[test]
fn reserved_money_does_not_decay() {
    let mut ledger = ledger_with(Config { pending_timeout_days: 30, ..config(3_650) });
    ledger.issue(Day(0), id(1), A, u(2_000_000)).expect("issue");
    ledger.reserve(Day(0), id(2), A, C, u(1_000_000)).expect("reserve");
    // Only the available 1 000 000 decays: 1000 units on night 0.
    assert_eq!(ledger.run_demurrage(Day(1)), Ok(u(1_000)));
    ledger.post(Day(1), id(3), id(2)).expect("post");
    assert_eq!(balance(&ledger, C), 1_000_000);
    check(&ledger);
}

#[test]
fn zero_rate_means_no_demurrage() {
    let mut ledger: Ledger = ledger_with(config(0));
    ledger.issue(Day(0), id(1), A, u(10_000)).expect("issue");
    assert_eq!(ledger.run_demurrage(Day(munt::DAY_MAX)), Ok(u(0)));
    assert_eq!(balance(&ledger, A), 10_000);
}

#[test]
fn a_century_of_demurrage_stays_exact_and_bounded() {
    // The maximum rate over the longest span: one step per night, no overflow.
    let mut ledger = ledger_with(config(munt::MAX_DEMURRAGE_BP));
    ledger.issue(Day(0), id(1), C, u(munt::UNITS_MAX_PER_REQUEST)).expect("issue");
    let collected = ledger.run_demurrage(Day(36_500)).expect("run");
    assert_eq!(collected.get() + balance(&ledger, C), munt::UNITS_MAX_PER_REQUEST);
    check(&ledger);
}
