//! Shared set-up for the munt tests: a ledger with six verified accounts of
//! six different parties.

#![allow(dead_code)]

use munt::{AccountId, AccountKind, Config, Day, Ledger, OpenAccount, PartyId, TransferId, Units};

pub const A: AccountId = AccountId(1001);
pub const B: AccountId = AccountId(1002);
pub const C: AccountId = AccountId(1003);
pub const D: AccountId = AccountId(1004);
pub const E: AccountId = AccountId(1005);
pub const F: AccountId = AccountId(1006);
pub const ALL: [AccountId; 6] = [A, B, C, D, E, F];

pub fn u(units: i64) -> Units {
    Units::new(units)
}

pub fn id(n: u128) -> TransferId {
    TransferId(n)
}

/// Default policy, but without a resident balance limit (tests that need a
/// limit set one).
pub fn config() -> Config {
    Config { max_balance_resident: None, ..Config::default() }
}

/// A and B are residents, the others merchants; all verified, each its own
/// party (party n for account 1000 + n).
pub fn ledger_with(config: Config) -> Ledger {
    let mut ledger = Ledger::new(config, Day(0)).expect("valid config");
    for account in ALL {
        let kind = if account == A || account == B { AccountKind::Resident } else { AccountKind::Merchant };
        ledger
            .open_account(
                Day(0),
                OpenAccount { id: account, kind, owner: PartyId(account.0 - 1000), verified: true, max_balance: None },
            )
            .expect("open");
    }
    ledger
}

pub fn ledger() -> Ledger {
    ledger_with(config())
}

pub fn balance(ledger: &Ledger, account: AccountId) -> i64 {
    ledger.account(account).expect("account exists").balance.get()
}

pub fn redeemable(ledger: &Ledger, account: AccountId) -> i64 {
    ledger.account(account).expect("account exists").redeemable.get()
}

pub fn buckets(ledger: &Ledger, account: AccountId) -> Vec<i64> {
    ledger.account(account).expect("account exists").hop_buckets.iter().map(|u| u.get()).collect()
}

pub fn check(ledger: &Ledger) {
    if let Err(e) = ledger.check_invariants() {
        panic!("invariant broken: {e}");
    }
}
