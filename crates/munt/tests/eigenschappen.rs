//! Property tests: random sequences of requests, retries, duplicate ids,
//! verification changes, days passing, demurrage runs and expiries. After
//! every step all invariants hold; no request is applied twice; a refused
//! request changes nothing; no money is created or lost.

mod common;

use std::collections::BTreeMap;

use common::{A, ALL, B, C, D, E, F};
use munt::{
    AccountId, AccountKind, Config, Day, Error, Ledger, OpenAccount, PartyId, Receipt, Request, TransferId, Units,
};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Execute(Request),
    /// Post or void one of the pending payments reserved so far (by index).
    Resolve {
        id: TransferId,
        post: bool,
        pick: usize,
    },
    /// Repeat an earlier successful request (picked by index).
    Retry(usize),
    Advance(u32),
    RunDemurrage,
    ExpirePendings,
    Verify(usize, bool),
}

fn config() -> impl Strategy<Value = Config> {
    (0u32..=3_000, 0u32..=5, 1u8..=4, 1u32..=10, 0u32..=1_000, 1u32..=5, 0u32..=2, prop::option::of(2_000i64..=20_000))
        .prop_map(|(rate, free, hops, days, fee, window, timeout, max)| Config {
            demurrage_bp_per_year: rate,
            demurrage_free_days: free,
            redeem_after_hops: hops,
            redeem_after_days: days,
            redeem_fee_bp: fee,
            wash_window_days: window,
            pending_timeout_days: timeout,
            max_balance_resident: max.map(Units::new),
            max_balance_merchant: None,
        })
}

/// Mostly holder accounts; sometimes a system account or an unknown one.
fn account() -> impl Strategy<Value = AccountId> {
    prop_oneof![
        12 => prop::sample::select(ALL.to_vec()),
        1 => Just(AccountId::FUND),
        1 => Just(AccountId::ISSUANCE),
        1 => Just(AccountId(9_999)),
    ]
}

fn amount() -> impl Strategy<Value = Units> {
    prop_oneof![20 => (1i64..=3_000).prop_map(Units::new), 1 => Just(Units::ZERO)]
}

/// A small id pool, so that ids collide: duplicates and conflicts happen.
fn tid() -> impl Strategy<Value = TransferId> {
    (1u128..=60).prop_map(TransferId)
}

fn request() -> impl Strategy<Value = Request> {
    prop_oneof![
        3 => (tid(), account(), amount()).prop_map(|(id, to, amount)| Request::Issue { id, to, amount }),
        6 => (tid(), account(), account(), amount())
            .prop_map(|(id, from, to, amount)| Request::Pay { id, from, to, amount }),
        2 => (tid(), account(), amount()).prop_map(|(id, from, amount)| Request::Redeem { id, from, amount }),
        2 => (tid(), account(), account(), amount())
            .prop_map(|(id, from, to, amount)| Request::Reserve { id, from, to, amount }),
        2 => (tid(), tid()).prop_map(|(id, pending)| Request::Post { id, pending }),
        1 => (tid(), tid()).prop_map(|(id, pending)| Request::Void { id, pending }),
        1 => (tid(), prop_oneof![Just(AccountId::FUND), Just(AccountId::DEMURRAGE), account()], account(), 0i64..=60)
            .prop_map(|(id, from, to, amount)| (id, from, to, Units::new(amount)))
            .prop_map(|(id, from, to, amount)| Request::Grant { id, from, to, amount }),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        14 => request().prop_map(Op::Execute),
        3 => (tid(), any::<bool>(), any::<usize>()).prop_map(|(id, post, pick)| Op::Resolve { id, post, pick }),
        3 => any::<usize>().prop_map(Op::Retry),
        3 => (0u32..=4).prop_map(Op::Advance),
        1 => Just(Op::RunDemurrage),
        1 => Just(Op::ExpirePendings),
        1 => (0usize..6, any::<bool>()).prop_map(|(i, v)| Op::Verify(i, v)),
    ]
}

/// A and C belong to the same party (a resident with a shop); the others are
/// each their own party.
fn setup(config: Config, verified: [bool; 6]) -> Ledger {
    let mut ledger = Ledger::new(config, Day(0)).expect("valid config");
    for (n, account) in ALL.into_iter().enumerate() {
        let kind = if account == A || account == B { AccountKind::Resident } else { AccountKind::Merchant };
        let owner = if account == C { PartyId(1) } else { PartyId(account.0 - 1000) };
        let open = OpenAccount { id: account, kind, owner, verified: verified[n], max_balance: None };
        ledger.open_account(Day(0), open).expect("open");
    }
    ledger
}

fn run(config: Config, verified: [bool; 6], ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut ledger = setup(config, verified);
    let mut day = 0u32;
    let mut done: BTreeMap<TransferId, (Request, Receipt)> = BTreeMap::new();
    let mut order: Vec<TransferId> = Vec::new();
    let mut reserved: Vec<TransferId> = Vec::new();
    for op in ops {
        let before = ledger.clone();
        let op = match op {
            Op::Resolve { id, post, pick } if !reserved.is_empty() => {
                let pending = reserved[pick % reserved.len()];
                Op::Execute(if post { Request::Post { id, pending } } else { Request::Void { id, pending } })
            }
            op => op,
        };
        match op {
            Op::Resolve { .. } => {}
            Op::Execute(request) => {
                let result = ledger.execute(Day(day), request);
                match (done.get(&request.id()), result) {
                    (Some((original, receipt)), result) => {
                        if *original == request {
                            prop_assert_eq!(result, Ok(*receipt), "a retry must return the original receipt");
                        } else {
                            prop_assert!(matches!(result, Err(Error::IdConflict { .. })), "{:?}", result);
                        }
                        prop_assert_eq!(&ledger, &before, "a repeated id changed the ledger");
                    }
                    (None, Ok(receipt)) => {
                        prop_assert_eq!(receipt.id, request.id());
                        done.insert(request.id(), (request, receipt));
                        order.push(request.id());
                        if matches!(request, Request::Reserve { .. }) {
                            reserved.push(request.id());
                        }
                    }
                    (None, Err(error)) => {
                        prop_assert_eq!(&ledger, &before, "refused ({}) but changed the ledger", error);
                    }
                }
            }
            Op::Retry(i) => {
                if !order.is_empty() {
                    let (request, receipt) = done[&order[i % order.len()]];
                    prop_assert_eq!(ledger.execute(Day(day), request), Ok(receipt));
                    prop_assert_eq!(&ledger, &before, "a retry changed the ledger");
                }
            }
            Op::Advance(days) => day += days,
            Op::RunDemurrage => {
                ledger.run_demurrage(Day(day)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            Op::ExpirePendings => {
                ledger.expire_pendings(Day(day)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            Op::Verify(i, verified) => {
                ledger.set_verified(ALL[i], verified).map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
        }
        if let Err(e) = ledger.check_invariants() {
            return Err(TestCaseError::fail(format!("after {op:?}: {e}")));
        }
    }
    // Every successful request is in the books exactly once: the totals are
    // the sums of the receipts the clients got.
    let sum =
        |f: &dyn Fn(&Request, &Receipt) -> Option<i64>| -> i64 { done.values().filter_map(|(q, r)| f(q, r)).sum() };
    let issued = sum(&|q, r| matches!(q, Request::Issue { .. }).then_some(r.amount.get()));
    let paid_out = sum(&|q, r| matches!(q, Request::Redeem { .. }).then_some(r.euro_cents));
    let fees = sum(&|q, r| matches!(q, Request::Redeem { .. }).then_some(r.fee.get()));
    let payments = sum(&|q, r| matches!(q, Request::Pay { .. } | Request::Post { .. }).then_some(r.amount.get()));
    let granted = sum(&|q, r| matches!(q, Request::Grant { .. }).then_some(r.amount.get()));
    let report = ledger.report(Day(0), ledger.today()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(report.issued.get(), issued);
    prop_assert_eq!(report.redeemed.get(), paid_out);
    prop_assert_eq!(report.fees.get(), fees);
    prop_assert_eq!(report.payments_volume.get(), payments);
    prop_assert_eq!(report.granted.get(), granted);
    prop_assert_eq!(ledger.reserve_cents(), issued - paid_out);
    // No money created or lost: what was issued is held, paid out, or with
    // the fund and the demurrage account.
    let held: i64 = ALL.iter().map(|a| ledger.account(*a).map_or(0, |v| v.balance.get())).sum();
    prop_assert_eq!(held + paid_out + report.fund_balance.get() + report.demurrage_balance.get(), issued);
    for entry in ledger.journal() {
        if let Some(request) = entry.request {
            prop_assert!(done.contains_key(&request), "entry of a request that did not succeed: {:?}", entry);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_every_invariant(
        config in config(),
        verified in prop::array::uniform6(prop::bool::weighted(0.8)),
        ops in prop::collection::vec(op(), 1..120),
    ) {
        run(config, verified, ops)?;
    }
}

/// A payment-only step for the path-independence property.
#[derive(Clone, Debug)]
struct Step {
    advance: u32,
    from: usize,
    to: usize,
    amount: i64,
    issue: bool,
}

fn step() -> impl Strategy<Value = Step> {
    (0u32..=20, 0usize..6, 0usize..6, 1i64..=5_000, prop::bool::weighted(0.3))
        .prop_map(|(advance, from, to, amount, issue)| Step { advance, from, to, amount, issue })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Demurrage applied lazily (only when an account is touched) gives
    /// exactly the same accounts as demurrage applied every day.
    #[test]
    fn lazy_demurrage_equals_daily_demurrage(
        config in config(),
        steps in prop::collection::vec(step(), 1..60),
    ) {
        let config = Config { max_balance_resident: None, ..config };
        let mut lazy = setup(config, [true; 6]);
        let mut daily = lazy.clone();
        let mut day = 0u32;
        for (n, s) in steps.iter().enumerate() {
            for _ in 0..s.advance {
                day += 1;
                daily.run_demurrage(Day(day)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            let id = TransferId(n as u128 + 1);
            let request = if s.issue {
                Request::Issue { id, to: ALL[s.to], amount: Units::new(s.amount) }
            } else {
                Request::Pay { id, from: ALL[s.from], to: ALL[s.to], amount: Units::new(s.amount) }
            };
            prop_assert_eq!(lazy.execute(Day(day), request), daily.execute(Day(day), request));
        }
        day += 7;
        for ledger in [&mut lazy, &mut daily] {
            ledger.run_demurrage(Day(day)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(ledger.check_invariants().is_ok());
        }
        for account in [A, B, C, D, E, F, AccountId::DEMURRAGE] {
            prop_assert_eq!(lazy.account(account), daily.account(account));
        }
    }
}
