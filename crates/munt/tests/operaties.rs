//! One test per operation and per error: what it does, and that a refused
//! request changes nothing.

mod common;

use common::*;
use munt::{
    AccountId, AccountKind, Config, Day, EntryKind, Error, Ledger, OpenAccount, PartyId, Request, Resolution,
    TransferId, Units, redemption_fee,
};

/// Runs `f` and asserts that it failed with `expected` and left the ledger
/// exactly as it was.
fn refused(ledger: &mut Ledger, expected: Error, f: impl FnOnce(&mut Ledger) -> Result<munt::Receipt, Error>) {
    let before = ledger.clone();
    assert_eq!(f(ledger), Err(expected));
    assert_eq!(*ledger, before, "a refused request changed the ledger");
    check(ledger);
}

#[test]
fn a_new_ledger_has_four_empty_system_accounts() {
    let ledger = Ledger::new(Config::default(), Day(0)).expect("valid");
    for (id, kind) in [
        (AccountId::ISSUANCE, AccountKind::Issuance),
        (AccountId::REDEMPTION, AccountKind::Redemption),
        (AccountId::DEMURRAGE, AccountKind::Demurrage),
        (AccountId::FUND, AccountKind::Fund),
    ] {
        let view = ledger.account(id).expect("system account");
        assert_eq!((view.kind, view.balance), (kind, Units::ZERO));
    }
    check(&ledger);
}

#[test]
fn invalid_configs_are_refused() {
    for config in [
        Config { demurrage_bp_per_year: 10_001, ..Config::default() },
        Config { redeem_after_hops: 0, ..Config::default() },
        Config { redeem_after_hops: 17, ..Config::default() },
        Config { redeem_after_days: 0, ..Config::default() },
        Config { redeem_fee_bp: 5_001, ..Config::default() },
        Config { wash_window_days: 0, ..Config::default() },
        Config { pending_timeout_days: 31, ..Config::default() },
        Config { max_balance_resident: Some(Units::new(-1)), ..Config::default() },
    ] {
        assert!(matches!(Ledger::new(config, Day(0)), Err(Error::InvalidConfig { .. })));
    }
}

#[test]
fn open_account_is_idempotent_and_checks_its_input() {
    let mut ledger = Ledger::new(Config::default(), Day(0)).expect("valid");
    let open = OpenAccount {
        id: AccountId(500),
        kind: AccountKind::Resident,
        owner: PartyId(7),
        verified: false,
        max_balance: None,
    };
    ledger.open_account(Day(0), open).expect("open");
    // The resident limit comes from the config (€ 500).
    assert_eq!(ledger.account(AccountId(500)).expect("exists").max_balance, Some(Units::new(50_000)));
    // Same request again: fine, nothing changes.
    let before = ledger.clone();
    ledger.open_account(Day(0), open).expect("retry");
    assert_eq!(ledger, before);
    assert_eq!(
        ledger.open_account(Day(0), OpenAccount { owner: PartyId(8), ..open }),
        Err(Error::AccountExistsWithDifferent { account: AccountId(500), field: "owner" })
    );
    assert_eq!(
        ledger.open_account(Day(0), OpenAccount { kind: AccountKind::Merchant, ..open }),
        Err(Error::AccountExistsWithDifferent { account: AccountId(500), field: "account kind" })
    );
    assert_eq!(
        ledger.open_account(Day(0), OpenAccount { id: AccountId(255), ..open }),
        Err(Error::ReservedAccountId(AccountId(255)))
    );
    assert_eq!(
        ledger.open_account(Day(0), OpenAccount { id: AccountId(501), kind: AccountKind::Fund, ..open }),
        Err(Error::WrongAccountKind { account: AccountId(501) })
    );
    check(&ledger);
}

#[test]
fn issue_credits_units_and_tracks_the_euro_reserve() {
    let mut ledger = ledger();
    let receipt = ledger.issue(Day(0), id(1), A, u(10_000)).expect("issue");
    assert_eq!(receipt.euro_cents, 10_000);
    assert_eq!(balance(&ledger, A), 10_000);
    assert_eq!(balance(&ledger, AccountId::ISSUANCE), -10_000);
    assert_eq!(ledger.reserve_cents(), 10_000);
    assert_eq!(buckets(&ledger, A), vec![10_000, 0, 0, 0, 0, 0]);
    assert_eq!(redeemable(&ledger, A), 0);
    let entry = ledger.journal().last().copied().expect("entry");
    assert_eq!(
        (entry.kind, entry.debit, entry.credit, entry.amount),
        (EntryKind::Issue, AccountId::ISSUANCE, A, u(10_000))
    );
    check(&ledger);
}

#[test]
fn issue_refuses_bad_input() {
    let mut ledger = ledger();
    refused(&mut ledger, Error::AmountNotPositive, |l| l.issue(Day(0), id(1), A, u(0)));
    refused(&mut ledger, Error::AmountNotPositive, |l| l.issue(Day(0), id(1), A, u(-5)));
    refused(&mut ledger, Error::AmountTooLarge { max: u(munt::UNITS_MAX_PER_REQUEST) }, |l| {
        l.issue(Day(0), id(1), A, u(munt::UNITS_MAX_PER_REQUEST + 1))
    });
    refused(&mut ledger, Error::UnknownAccount(AccountId(9999)), |l| l.issue(Day(0), id(1), AccountId(9999), u(1)));
    refused(&mut ledger, Error::WrongAccountKind { account: AccountId::FUND }, |l| {
        l.issue(Day(0), id(1), AccountId::FUND, u(1))
    });
    refused(&mut ledger, Error::InvalidId, |l| l.issue(Day(0), TransferId(0), A, u(1)));
    refused(&mut ledger, Error::InvalidId, |l| l.issue(Day(0), TransferId(u128::MAX), A, u(1)));
}

#[test]
fn balance_limits_hold_for_issue_pay_and_post() {
    let mut ledger = ledger_with(Config { max_balance_resident: Some(u(1_000)), ..config() });
    // The limit applies to accounts opened after the config: A and B.
    ledger.issue(Day(0), id(1), A, u(1_000)).expect("up to the limit");
    refused(&mut ledger, Error::LimitExceeded { account: A, limit: u(1_000), balance_after: u(1_001) }, |l| {
        l.issue(Day(0), id(2), A, u(1))
    });
    ledger.issue(Day(0), id(3), C, u(5_000)).expect("merchants have no limit");
    refused(&mut ledger, Error::LimitExceeded { account: A, limit: u(1_000), balance_after: u(1_100) }, |l| {
        l.pay(Day(0), id(4), C, A, u(100))
    });
    ledger.reserve(Day(0), id(5), C, B, u(600)).expect("reserve");
    ledger.issue(Day(0), id(6), B, u(500)).expect("issue to B");
    refused(&mut ledger, Error::LimitExceeded { account: B, limit: u(1_000), balance_after: u(1_100) }, |l| {
        l.post(Day(0), id(7), id(5))
    });
}

#[test]
fn pay_moves_money_between_holders() {
    let mut ledger = ledger();
    ledger.issue(Day(0), id(1), A, u(1_000)).expect("issue");
    let receipt = ledger.pay(Day(0), id(2), A, C, u(300)).expect("pay");
    assert!(receipt.hop_counted);
    assert_eq!((balance(&ledger, A), balance(&ledger, C)), (700, 300));
    assert_eq!(buckets(&ledger, C), vec![0, 300, 0, 0, 0, 0]);
    check(&ledger);
}

#[test]
fn pay_refuses_what_it_cannot_do() {
    let mut ledger = ledger();
    ledger.issue(Day(0), id(1), A, u(1_000)).expect("issue");
    refused(&mut ledger, Error::InsufficientBalance { account: A, available: u(1_000), requested: u(1_001) }, |l| {
        l.pay(Day(0), id(2), A, C, u(1_001))
    });
    refused(&mut ledger, Error::SameAccount, |l| l.pay(Day(0), id(2), A, A, u(1)));
    refused(&mut ledger, Error::UnknownAccount(AccountId(9999)), |l| l.pay(Day(0), id(2), A, AccountId(9999), u(1)));
    refused(&mut ledger, Error::WrongAccountKind { account: AccountId::ISSUANCE }, |l| {
        l.pay(Day(0), id(2), AccountId::ISSUANCE, A, u(1))
    });
    refused(&mut ledger, Error::WrongAccountKind { account: AccountId::FUND }, |l| {
        l.pay(Day(0), id(2), A, AccountId::FUND, u(1))
    });
}

#[test]
fn the_redemption_fee_is_rounded_up() {
    assert_eq!(redemption_fee(u(1_000), 500), u(50));
    assert_eq!(redemption_fee(u(1_001), 500), u(51)); // 50,05 → 51
    assert_eq!(redemption_fee(u(1_019), 500), u(51)); // 50,95 → 51
    assert_eq!(redemption_fee(u(19), 500), u(1)); // 0,95 → 1: splitting does not avoid the fee
    assert_eq!(redemption_fee(u(1_000), 0), u(0));
}

/// Moves 1 000 units from A along B, C, D, E to F: five hops.
fn honest_chain(ledger: &mut Ledger) {
    ledger.issue(Day(0), id(1), A, u(1_000)).expect("issue");
    for (n, (from, to)) in [(A, B), (B, C), (C, D), (D, E), (E, F)].into_iter().enumerate() {
        let receipt = ledger.pay(Day(0), id(10 + n as u128), from, to, u(1_000)).expect("pay");
        assert!(receipt.hop_counted);
    }
}

#[test]
fn redeem_after_enough_hops_pays_euros_minus_the_fee() {
    let mut ledger = ledger();
    honest_chain(&mut ledger);
    assert_eq!(redeemable(&ledger, F), 1_000);
    let receipt = ledger.redeem(Day(0), id(20), F, u(1_000)).expect("redeem");
    assert_eq!((receipt.fee, receipt.euro_cents), (u(50), 950));
    assert_eq!(balance(&ledger, F), 0);
    assert_eq!(balance(&ledger, AccountId::FUND), 50);
    assert_eq!(balance(&ledger, AccountId::REDEMPTION), 950);
    assert_eq!(ledger.reserve_cents(), 50, "the fee stays in the reserve, backing the fund");
    check(&ledger);
}

#[test]
fn redeem_refuses_money_that_is_not_redeemable_yet() {
    let mut ledger = ledger();
    ledger.issue(Day(0), id(1), A, u(1_000)).expect("issue");
    ledger.pay(Day(0), id(2), A, C, u(1_000)).expect("pay");
    refused(&mut ledger, Error::NotRedeemableYet { account: C, redeemable: u(0), requested: u(100) }, |l| {
        l.redeem(Day(0), id(3), C, u(100))
    });
    // After T = 90 days since issuance it is redeemable, hops or not
    // (demurrage has taken its part by then, but the free period is 90 days).
    ledger.redeem(Day(90), id(3), C, u(100)).expect("redeemable by age");
    check(&ledger);
}

#[test]
fn redeem_needs_a_verified_account_and_a_payout() {
    let mut ledger = ledger();
    honest_chain(&mut ledger);
    refused(&mut ledger, Error::RedemptionPaysNothing { fee: u(1) }, |l| l.redeem(Day(0), id(30), F, u(1)));
    ledger.set_verified(F, false).expect("unverify");
    refused(&mut ledger, Error::NotVerified(F), |l| l.redeem(Day(0), id(30), F, u(500)));
    assert_eq!(ledger.set_verified(AccountId::FUND, true), Err(Error::WrongAccountKind { account: AccountId::FUND }));
    assert_eq!(ledger.set_verified(AccountId(9999), true), Err(Error::UnknownAccount(AccountId(9999))));
}

#[test]
fn a_repeated_request_returns_the_original_result_and_changes_nothing() {
    let mut ledger = ledger();
    let first = ledger.issue(Day(0), id(1), A, u(1_000)).expect("issue");
    let pay = ledger.pay(Day(1), id(2), A, C, u(400)).expect("pay");
    let before = ledger.clone();
    assert_eq!(ledger.issue(Day(5), id(1), A, u(1_000)), Ok(first), "retry on a later day");
    assert_eq!(ledger.pay(Day(1), id(2), A, C, u(400)), Ok(pay));
    assert_eq!(ledger, before);
    assert_eq!(ledger.journal().iter().filter(|e| e.request == Some(id(2))).count(), 1);
}

#[test]
fn the_same_id_with_different_content_is_a_conflict() {
    let mut ledger = ledger();
    ledger.issue(Day(0), id(1), A, u(1_000)).expect("issue");
    ledger.pay(Day(0), id(2), A, C, u(400)).expect("pay");
    let conflict = |field| Error::IdConflict { id: id(2), field };
    refused(&mut ledger, conflict("amount"), |l| l.pay(Day(0), id(2), A, C, u(401)));
    refused(&mut ledger, conflict("credit account"), |l| l.pay(Day(0), id(2), A, D, u(400)));
    refused(&mut ledger, conflict("debit account"), |l| l.pay(Day(0), id(2), B, C, u(400)));
    refused(&mut ledger, conflict("kind"), |l| l.issue(Day(0), id(2), C, u(400)));
    refused(&mut ledger, conflict("kind"), |l| l.reserve(Day(0), id(2), A, C, u(400)));
    ledger.reserve(Day(0), id(3), A, C, u(100)).expect("reserve");
    ledger.post(Day(0), id(4), id(3)).expect("post");
    refused(&mut ledger, Error::IdConflict { id: id(4), field: "pending" }, |l| l.post(Day(0), id(4), id(5)));
}

#[test]
fn a_refused_request_is_not_remembered_and_may_be_retried() {
    let mut ledger = ledger();
    refused(&mut ledger, Error::InsufficientBalance { account: A, available: u(0), requested: u(100) }, |l| {
        l.pay(Day(0), id(2), A, C, u(100))
    });
    ledger.issue(Day(0), id(1), A, u(1_000)).expect("issue");
    ledger.pay(Day(0), id(2), A, C, u(100)).expect("now it works");
    check(&ledger);
}

#[test]
fn days_do_not_go_backwards() {
    let mut ledger = ledger();
    ledger.issue(Day(10), id(1), A, u(1_000)).expect("issue");
    refused(&mut ledger, Error::DayInPast { day: Day(9), today: Day(10) }, |l| l.pay(Day(9), id(2), A, C, u(1)));
    refused(&mut ledger, Error::DayOutOfRange, |l| l.pay(Day(munt::DAY_MAX + 1), id(2), A, C, u(1)));
    assert_eq!(ledger.run_demurrage(Day(9)), Err(Error::DayInPast { day: Day(9), today: Day(10) }));
}

#[test]
fn a_pending_payment_reserves_then_posts() {
    let mut ledger = ledger();
    ledger.issue(Day(0), id(1), A, u(1_000)).expect("issue");
    ledger.reserve(Day(0), id(2), A, C, u(600)).expect("reserve");
    let view = ledger.account(A).expect("A");
    assert_eq!((view.balance, view.reserved, view.available), (u(1_000), u(600), u(400)));
    refused(&mut ledger, Error::InsufficientBalance { account: A, available: u(400), requested: u(500) }, |l| {
        l.pay(Day(0), id(3), A, D, u(500))
    });
    let receipt = ledger.post(Day(1), id(4), id(2)).expect("post");
    assert_eq!(receipt.amount, u(600));
    assert!(receipt.hop_counted);
    assert_eq!((balance(&ledger, A), balance(&ledger, C)), (400, 600));
    assert_eq!(ledger.account(A).expect("A").reserved, u(0));
    assert_eq!(ledger.pending(id(2)).expect("pending").resolution, Some(Resolution::Posted));
    // A pending resolves at most once.
    let resolved = Error::PendingAlreadyResolved { pending: id(2), resolution: Resolution::Posted };
    refused(&mut ledger, resolved.clone(), |l| l.post(Day(1), id(5), id(2)));
    refused(&mut ledger, resolved, |l| l.void(Day(1), id(5), id(2)));
    refused(&mut ledger, Error::UnknownPending(id(77)), |l| l.post(Day(1), id(5), id(77)));
}

#[test]
fn a_void_releases_the_reservation_with_its_provenance() {
    let mut ledger = ledger();
    honest_chain(&mut ledger); // F holds 1 000 redeemable units
    ledger.issue(Day(0), id(2), F, u(500)).expect("fresh units");
    let before = ledger.account(F).expect("F");
    ledger.reserve(Day(0), id(3), F, C, u(700)).expect("reserve: 500 fresh, then 200 redeemable");
    assert_eq!(redeemable(&ledger, F), 800);
    assert_eq!(buckets(&ledger, F), vec![0, 0, 0, 0, 0, 800]);
    ledger.void(Day(0), id(4), id(3)).expect("void");
    assert_eq!(ledger.account(F).expect("F"), before, "same buckets, same redeemable, nothing reserved");
    refused(&mut ledger, Error::PendingAlreadyResolved { pending: id(3), resolution: Resolution::Voided }, |l| {
        l.post(Day(0), id(5), id(3))
    });
}

#[test]
fn a_pending_payment_expires() {
    let mut ledger = ledger(); // pending_timeout_days = 1
    ledger.issue(Day(0), id(1), A, u(1_000)).expect("issue");
    ledger.reserve(Day(0), id(2), A, C, u(600)).expect("reserve");
    assert_eq!(ledger.pending(id(2)).expect("pending").last_day, Day(1));
    refused(&mut ledger, Error::PendingExpired { pending: id(2), last_day: Day(1) }, |l| l.post(Day(2), id(3), id(2)));
    assert_eq!(ledger.expire_pendings(Day(1)), Ok(0));
    assert_eq!(ledger.expire_pendings(Day(2)), Ok(1));
    assert_eq!(ledger.account(A).expect("A").available, u(1_000));
    refused(&mut ledger, Error::PendingAlreadyResolved { pending: id(2), resolution: Resolution::Expired }, |l| {
        l.void(Day(2), id(3), id(2))
    });
}

#[test]
fn grants_pay_holders_from_the_fund() {
    let mut ledger = ledger();
    honest_chain(&mut ledger);
    ledger.redeem(Day(0), id(20), F, u(1_000)).expect("redeem: 50 to the fund");
    let receipt = ledger.grant(Day(0), id(21), AccountId::FUND, B, u(30)).expect("grant");
    assert_eq!(receipt.amount, u(30));
    assert_eq!((balance(&ledger, AccountId::FUND), balance(&ledger, B)), (20, 30));
    assert_eq!(buckets(&ledger, B), vec![30, 0, 0, 0, 0, 0], "granted money starts like new money");
    refused(
        &mut ledger,
        Error::InsufficientBalance { account: AccountId::FUND, available: u(20), requested: u(21) },
        |l| l.grant(Day(0), id(22), AccountId::FUND, B, u(21)),
    );
    refused(&mut ledger, Error::WrongAccountKind { account: A }, |l| l.grant(Day(0), id(22), A, B, u(1)));
    refused(&mut ledger, Error::WrongAccountKind { account: AccountId::DEMURRAGE }, |l| {
        l.grant(Day(0), id(22), AccountId::FUND, AccountId::DEMURRAGE, u(1))
    });
}

#[test]
fn the_report_is_exact() {
    let mut ledger = ledger();
    ledger.issue(Day(0), id(1), A, u(10_000)).expect("issue");
    ledger.pay(Day(1), id(2), A, C, u(5_000)).expect("pay");
    ledger.pay(Day(1), id(3), C, D, u(2_500)).expect("pay");
    let report = ledger.report(Day(0), Day(1)).expect("report");
    assert_eq!(report.circulation, u(10_000));
    assert_eq!(report.payments_volume, u(7_500));
    assert_eq!(report.circulation_day_sum, 20_000);
    // 7 500 paid over 2 days on an average circulation of 10 000: 0,75.
    assert_eq!((report.velocity_numerator, report.velocity_denominator), (15_000, 20_000));
    assert_eq!(report.velocity_bp, Some(7_500));
    assert_eq!(report.share_redeemed_bp, 0);
    assert_eq!(ledger.report(Day(2), Day(1)), Err(Error::DayOutOfRange));
    assert_eq!(ledger.report(Day(0), Day(2)), Err(Error::DayOutOfRange));
}

#[test]
fn the_report_shows_redemption_and_fund() {
    let mut ledger = ledger();
    honest_chain(&mut ledger);
    ledger.issue(Day(0), id(2), B, u(1_000)).expect("issue");
    ledger.redeem(Day(0), id(20), F, u(500)).expect("redeem");
    let report = ledger.report(Day(0), Day(0)).expect("report");
    assert_eq!((report.issued, report.redeemed, report.fees), (u(2_000), u(475), u(25)));
    assert_eq!(report.share_redeemed_bp, 2_500);
    assert_eq!(report.fund_balance, u(25));
    assert_eq!(report.circulation, u(1_500));
    assert_eq!(report.reserve_cents, 1_525);
}

#[test]
fn every_error_speaks_dutch_and_english() {
    let errors = [
        Error::InvalidId,
        Error::AmountNotPositive,
        Error::AmountTooLarge { max: u(5) },
        Error::SameAccount,
        Error::UnknownAccount(A),
        Error::ReservedAccountId(AccountId(3)),
        Error::AccountExistsWithDifferent { account: A, field: "owner" },
        Error::WrongAccountKind { account: A },
        Error::InsufficientBalance { account: A, available: u(1), requested: u(2) },
        Error::LimitExceeded { account: A, limit: u(1), balance_after: u(2) },
        Error::NotRedeemableYet { account: A, redeemable: u(1), requested: u(2) },
        Error::RedemptionPaysNothing { fee: u(1) },
        Error::NotVerified(A),
        Error::IdConflict { id: id(1), field: "amount" },
        Error::UnknownPending(id(1)),
        Error::PendingAlreadyResolved { pending: id(1), resolution: Resolution::Voided },
        Error::PendingExpired { pending: id(1), last_day: Day(3) },
        Error::DayInPast { day: Day(1), today: Day(2) },
        Error::DayOutOfRange,
        Error::CapacityReached { what: "accounts", max: 1 },
        Error::IssuanceLimitReached,
        Error::InvalidConfig { nl: "x", en: "y" },
    ];
    for error in errors {
        let (nl, en) = (error.message_nl(), error.message_en());
        assert!(!nl.is_empty() && !en.is_empty() && nl != en, "{error:?}");
        assert_eq!(error.to_string(), format!("{nl} / {en}"));
    }
    let conflict = Error::IdConflict { id: id(1), field: "amount" };
    assert!(conflict.message_nl().contains("bedrag"), "{}", conflict.message_nl());
    let short = Error::InsufficientBalance { account: A, available: u(150), requested: u(2_000) };
    assert!(short.message_nl().contains("1,50"), "{}", short.message_nl());
}

#[test]
fn requests_and_receipts_round_trip_through_json() {
    // Requests and receipts are what storage and the API will keep.
    let mut ledger = ledger();
    let request = Request::Issue { id: id(1), to: A, amount: u(5) };
    let receipt = ledger.execute(Day(0), request).expect("issue");
    let text = serde_json::to_string(&(request, receipt)).expect("serialize");
    assert_eq!(serde_json::from_str::<(Request, munt::Receipt)>(&text).expect("parse"), (request, receipt));
    let config = serde_json::to_string(&Config::default()).expect("serialize");
    assert_eq!(serde_json::from_str::<Config>(&config).expect("parse"), Config::default());
}
