//! The ledger: accounts, requests, idempotency and invariants.
//!
//! Every request runs in two steps. `plan_*` works on *copies* of the accounts
//! it touches (settled to the day of the request, so lazy demurrage is part of
//! the plan) and fails without side effects; `commit` then writes the copies
//! back, appends the journal entries and checks the cheap invariants. A
//! refused request therefore changes nothing, not even the demurrage it would
//! have booked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::{Error, Resolution};
use crate::holdings::{Cohort, Filter, Holdings, Piece};
use crate::types::{
    AccountId, AccountKind, DAY_MAX, Day, PartyId, TransferId, UNITS_MAX_PER_REQUEST, UNITS_MAX_TOTAL, Units,
};

/// Most accounts one ledger holds.
pub const MAX_ACCOUNTS: usize = 1_000_000;
/// Most request ids one ledger remembers (ids are remembered forever, which is
/// what makes a retry after any delay safe).
pub const MAX_REQUESTS: usize = 10_000_000;
/// Most journal entries (a request makes at most four, demurrage included).
pub const MAX_JOURNAL: usize = 50_000_000;
/// Most pending payments open at the same time.
pub const MAX_OPEN_PENDINGS: usize = 100_000;
/// Most remembered payer→payee pairs for the wash-trading rule (pairs older
/// than the window are pruned by `run_demurrage`).
pub const MAX_EDGES: usize = 10_000_000;

/// A request to open a resident or merchant account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenAccount {
    pub id: AccountId,
    /// `Resident` or `Merchant`.
    pub kind: AccountKind,
    pub owner: PartyId,
    /// Whether the owner's identity has been checked. Only verified parties
    /// make hops and may redeem. Can change later with `set_verified`.
    pub verified: bool,
    /// `None`: the default for the kind from the `Config`.
    pub max_balance: Option<Units>,
}

/// A request that moves (or reserves) money. Each carries a client-chosen id;
/// see `Ledger::execute` for what a repeated id does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Euros in, units out: `amount` euro-cents were received, `amount` units
    /// are credited to `to` (0 hops, issued today).
    Issue { id: TransferId, to: AccountId, amount: Units },
    /// A payment between two holder accounts.
    Pay { id: TransferId, from: AccountId, to: AccountId, amount: Units },
    /// Units back into euros, minus the fee.
    Redeem { id: TransferId, from: AccountId, amount: Units },
    /// First phase of a two-phase payment (a QR payment request): reserves the
    /// amount on `from`. The request id is the id of the pending payment.
    Reserve { id: TransferId, from: AccountId, to: AccountId, amount: Units },
    /// Completes a pending payment.
    Post { id: TransferId, pending: TransferId },
    /// Cancels a pending payment and releases the reservation.
    Void { id: TransferId, pending: TransferId },
    /// The community fund or the demurrage account pays a holder (a grant).
    Grant { id: TransferId, from: AccountId, to: AccountId, amount: Units },
}

impl Request {
    pub fn id(&self) -> TransferId {
        match *self {
            Request::Issue { id, .. }
            | Request::Pay { id, .. }
            | Request::Redeem { id, .. }
            | Request::Reserve { id, .. }
            | Request::Post { id, .. }
            | Request::Void { id, .. }
            | Request::Grant { id, .. } => id,
        }
    }

    fn kind_index(&self) -> u8 {
        match self {
            Request::Issue { .. } => 0,
            Request::Pay { .. } => 1,
            Request::Redeem { .. } => 2,
            Request::Reserve { .. } => 3,
            Request::Post { .. } => 4,
            Request::Void { .. } => 5,
            Request::Grant { .. } => 6,
        }
    }

    /// (debit account, credit account, amount, pending) as far as present.
    fn parts(&self) -> (Option<AccountId>, Option<AccountId>, Option<Units>, Option<TransferId>) {
        match *self {
            Request::Issue { to, amount, .. } => (None, Some(to), Some(amount), None),
            Request::Pay { from, to, amount, .. }
            | Request::Reserve { from, to, amount, .. }
            | Request::Grant { from, to, amount, .. } => (Some(from), Some(to), Some(amount), None),
            Request::Redeem { from, amount, .. } => (Some(from), None, Some(amount), None),
            Request::Post { pending, .. } | Request::Void { pending, .. } => (None, None, None, Some(pending)),
        }
    }

    /// The first field in which two requests with the same id differ.
    fn first_difference(&self, other: &Request) -> Option<&'static str> {
        if self.kind_index() != other.kind_index() {
            return Some("kind");
        }
        let (a, b) = (self.parts(), other.parts());
        if a.0 != b.0 {
            Some("debit account")
        } else if a.1 != b.1 {
            Some("credit account")
        } else if a.2 != b.2 {
            Some("amount")
        } else if a.3 != b.3 {
            Some("pending")
        } else {
            None
        }
    }
}

/// The result of a request. A retry of the same request returns this same
/// receipt, including the day of the original.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: TransferId,
    pub day: Day,
    /// The amount of the request (for post and void: of the pending payment).
    pub amount: Units,
    /// Redemption fee paid to the community fund.
    pub fee: Units,
    /// Euro-cents received (issue) or to be paid out (redeem); otherwise 0.
    pub euro_cents: i64,
    /// Whether the payment counted as a hop for the money that moved.
    pub hop_counted: bool,
}

/// Why money moved, on a journal entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryKind {
    Issue,
    Payment,
    Redemption,
    RedemptionFee,
    Demurrage,
    Grant,
}

/// One movement of money: exactly one debit account, one credit account and a
/// positive amount. Balances change only through entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: u64,
    pub day: Day,
    /// The request that caused it; `None` for demurrage booked by
    /// `run_demurrage`.
    pub request: Option<TransferId>,
    pub kind: EntryKind,
    pub debit: AccountId,
    pub credit: AccountId,
    pub amount: Units,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Account {
    pub(crate) kind: AccountKind,
    pub(crate) owner: PartyId,
    pub(crate) verified: bool,
    pub(crate) max_balance: Option<i64>,
    pub(crate) balance: i64,
    /// Units reserved by open pending payments from this account. They are in
    /// `balance` but not in `holdings`.
    pub(crate) reserved: i64,
    /// `Some` for residents and merchants, `None` for system accounts.
    pub(crate) holdings: Option<Holdings>,
}

impl Account {
    fn redeemable(&self, config: &Config) -> i64 {
        self.holdings.as_ref().map_or(0, |h| h.sum(Filter::Redeemable, config))
    }
}

/// An account as seen from outside, as booked (demurrage applied up to
/// `settled`; see `Ledger::account_on` for a view on a later day).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: AccountId,
    pub kind: AccountKind,
    pub owner: PartyId,
    pub verified: bool,
    pub max_balance: Option<Units>,
    pub balance: Units,
    pub reserved: Units,
    /// `balance − reserved`: what can be paid now.
    pub available: Units,
    /// What can be changed back into euros now.
    pub redeemable: Units,
    /// Available units by hops made, index `0..=N`; bucket N holds the units
    /// with N or more hops. Empty for system accounts.
    pub hop_buckets: Vec<Units>,
    pub settled: Option<Day>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pending {
    pub(crate) from: AccountId,
    pub(crate) to: AccountId,
    pub(crate) amount: i64,
    /// The reserved units with their provenance, taken out of `from`'s
    /// holdings: they go to `to` on post and back to `from` on void.
    pub(crate) pieces: Vec<Piece>,
    pub(crate) created: Day,
    pub(crate) last_day: Day,
    pub(crate) resolution: Option<Resolution>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingView {
    pub id: TransferId,
    pub from: AccountId,
    pub to: AccountId,
    pub amount: Units,
    pub created: Day,
    /// Last day on which it can be posted.
    pub last_day: Day,
    pub resolution: Option<Resolution>,
}

/// Running totals, kept so the cheap invariants are O(1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    pub(crate) issued: i64,
    /// Net units changed back into euros (after the fee) = euros paid out.
    pub(crate) redeemed: i64,
    pub(crate) fees: i64,
    pub(crate) demurrage: i64,
    pub(crate) granted_from_fund: i64,
    pub(crate) granted_from_demurrage: i64,
    /// Euro-cents held against the currency: received at issue minus paid out.
    pub(crate) reserve_cents: i64,
    /// Booked sums over all resident and merchant accounts.
    pub(crate) holders: i64,
    pub(crate) redeemable: i64,
    pub(crate) reserved: i64,
    /// Volume of payments between holders (pay and post), ever.
    pub(crate) payments: i64,
    pub(crate) open_pendings: usize,
}

/// The local-currency ledger. Pure: no I/O, no clock; every operation gets
/// its day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    pub(crate) config: Config,
    pub(crate) today: Day,
    pub(crate) accounts: BTreeMap<AccountId, Account>,
    pub(crate) pendings: BTreeMap<TransferId, Pending>,
    pub(crate) requests: BTreeMap<TransferId, (Request, Receipt)>,
    pub(crate) journal: Vec<Entry>,
    /// (payer party, payee party) → last day the payer paid the payee.
    pub(crate) edges: BTreeMap<(PartyId, PartyId), Day>,
    pub(crate) totals: Totals,
    /// Payment volume per day, for velocity.
    pub(crate) payments_by_day: BTreeMap<Day, i64>,
    /// (day, booked holder balance at the end of that day), one point per day
    /// on which it changed, in day order.
    pub(crate) circulation: Vec<(Day, i64)>,
}

/// The changes one request will make, built on copies.
struct Stage {
    day: Day,
    request: Option<TransferId>,
    accounts: BTreeMap<AccountId, Account>,
    entries: Vec<Entry>,
    pending: Option<(TransferId, Pending)>,
    edge: Option<(PartyId, PartyId)>,
    totals: Totals,
}

impl Stage {
    fn new(day: Day, request: Option<TransferId>) -> Stage {
        Stage {
            day,
            request,
            accounts: BTreeMap::new(),
            entries: Vec::new(),
            pending: None,
            edge: None,
            totals: Totals::default(),
        }
    }

    /// Copies an account into the stage, settling its demurrage to the day.
    fn load(&mut self, ledger: &Ledger, id: AccountId) -> Result<(), Error> {
        if self.accounts.contains_key(&id) {
            return Ok(());
        }
        let mut account = ledger.accounts.get(&id).cloned().ok_or(Error::UnknownAccount(id))?;
        let removed = account.holdings.as_mut().map_or(0, |h| h.settle(self.day, &ledger.config));
        self.accounts.insert(id, account);
        if removed > 0 {
            self.load(ledger, AccountId::DEMURRAGE)?;
            self.book(id, AccountId::DEMURRAGE, removed, EntryKind::Demurrage);
            self.totals.demurrage += removed;
        }
        Ok(())
    }

    fn get(&self, id: AccountId) -> &Account {
        self.accounts.get(&id).expect("account loaded into the stage")
    }

    fn get_mut(&mut self, id: AccountId) -> &mut Account {
        self.accounts.get_mut(&id).expect("account loaded into the stage")
    }

    fn holdings(&mut self, id: AccountId) -> &mut Holdings {
        self.get_mut(id).holdings.as_mut().expect("holder account has holdings")
    }

    /// The only place balances change: one debit, one credit, same amount.
    fn book(&mut self, debit: AccountId, credit: AccountId, amount: i64, kind: EntryKind) {
        assert!(amount > 0 && debit != credit, "malformed entry");
        self.get_mut(debit).balance -= amount;
        self.get_mut(credit).balance += amount;
        self.entries.push(Entry {
            seq: 0,
            day: self.day,
            request: self.request,
            kind,
            debit,
            credit,
            amount: Units::new(amount),
        });
    }

    fn check_limit(&self, id: AccountId, incoming: i64) -> Result<(), Error> {
        let account = self.get(id);
        match account.max_balance {
            Some(limit) if account.balance + incoming > limit => Err(Error::LimitExceeded {
                account: id,
                limit: Units::new(limit),
                balance_after: Units::new(account.balance + incoming),
            }),
            _ => Ok(()),
        }
    }

    fn require_holder(&self, id: AccountId) -> Result<(), Error> {
        if self.get(id).kind.is_holder() { Ok(()) } else { Err(Error::WrongAccountKind { account: id }) }
    }

    fn check_available(&self, id: AccountId, amount: i64) -> Result<(), Error> {
        let account = self.get(id);
        let available = account.balance - account.reserved;
        if available < amount {
            return Err(Error::InsufficientBalance {
                account: id,
                available: Units::new(available),
                requested: Units::new(amount),
            });
        }
        Ok(())
    }
}

fn check_amount(amount: Units) -> Result<i64, Error> {
    match amount.get() {
        a if a <= 0 => Err(Error::AmountNotPositive),
        a if a > UNITS_MAX_PER_REQUEST => Err(Error::AmountTooLarge { max: Units::new(UNITS_MAX_PER_REQUEST) }),
        a => Ok(a),
    }
}

/// Redemption fee: `ceil(amount × fee_bp / 10 000)`. Rounded *up* so that
/// splitting a redemption into small parts never lowers the total fee
/// (`ceil(a) + ceil(b) ≥ ceil(a + b)`).
pub fn redemption_fee(amount: Units, fee_bp: u32) -> Units {
    let product = i128::from(amount.get()) * i128::from(fee_bp);
    let fee = (product + 9_999) / 10_000;
    Units::new(i64::try_from(fee).unwrap_or(i64::MAX))
}

impl Ledger {
    /// A new, empty ledger with its four system accounts.
    pub fn new(config: Config, today: Day) -> Result<Ledger, Error> {
        config.validate()?;
        if today.0 > DAY_MAX {
            return Err(Error::DayOutOfRange);
        }
        let mut accounts = BTreeMap::new();
        for (id, kind) in [
            (AccountId::ISSUANCE, AccountKind::Issuance),
            (AccountId::REDEMPTION, AccountKind::Redemption),
            (AccountId::DEMURRAGE, AccountKind::Demurrage),
            (AccountId::FUND, AccountKind::Fund),
        ] {
            let account = Account {
                kind,
                owner: PartyId(0),
                verified: true,
                max_balance: None,
                balance: 0,
                reserved: 0,
                holdings: None,
            };
            accounts.insert(id, account);
        }
        Ok(Ledger {
            config,
            today,
            accounts,
            pendings: BTreeMap::new(),
            requests: BTreeMap::new(),
            journal: Vec::new(),
            edges: BTreeMap::new(),
            totals: Totals::default(),
            payments_by_day: BTreeMap::new(),
            circulation: Vec::new(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The latest day any operation was done on.
    pub fn today(&self) -> Day {
        self.today
    }

    pub fn journal(&self) -> &[Entry] {
        &self.journal
    }

    /// Euro-cents held in the reserve.
    pub fn reserve_cents(&self) -> i64 {
        self.totals.reserve_cents
    }

    fn check_day(&self, day: Day) -> Result<(), Error> {
        if day.0 > DAY_MAX {
            return Err(Error::DayOutOfRange);
        }
        if day < self.today {
            return Err(Error::DayInPast { day, today: self.today });
        }
        Ok(())
    }

    /// Opens a resident or merchant account. Opening the same account again
    /// with the same kind, owner and limit is a no-op (safe to retry); with a
    /// different one it is refused.
    pub fn open_account(&mut self, day: Day, request: OpenAccount) -> Result<(), Error> {
        if request.id.0 <= AccountId::RESERVED_MAX {
            return Err(Error::ReservedAccountId(request.id));
        }
        if !request.kind.is_holder() {
            return Err(Error::WrongAccountKind { account: request.id });
        }
        let default = match request.kind {
            AccountKind::Resident => self.config.max_balance_resident,
            _ => self.config.max_balance_merchant,
        };
        let max_balance = request.max_balance.or(default);
        if let Some(limit) = max_balance
            && !(0..=UNITS_MAX_TOTAL).contains(&limit.get())
        {
            return Err(Error::AmountTooLarge { max: Units::new(UNITS_MAX_TOTAL) });
        }
        let max_balance = max_balance.map(Units::get);
        if let Some(existing) = self.accounts.get(&request.id) {
            let field = if existing.kind != request.kind {
                Some("account kind")
            } else if existing.owner != request.owner {
                Some("owner")
            } else if existing.max_balance != max_balance {
                Some("max balance")
            } else {
                None
            };
            return match field {
                None => Ok(()),
                Some(field) => Err(Error::AccountExistsWithDifferent { account: request.id, field }),
            };
        }
        self.check_day(day)?;
        if self.accounts.len() >= MAX_ACCOUNTS {
            return Err(Error::CapacityReached { what: "accounts", max: MAX_ACCOUNTS });
        }
        let account = Account {
            kind: request.kind,
            owner: request.owner,
            verified: request.verified,
            max_balance,
            balance: 0,
            reserved: 0,
            holdings: Some(Holdings::new(day)),
        };
        self.accounts.insert(request.id, account);
        self.today = day;
        self.assert_cheap(&[request.id]);
        Ok(())
    }

    /// Marks a holder account as verified or not (after an identity check).
    pub fn set_verified(&mut self, id: AccountId, verified: bool) -> Result<(), Error> {
        let account = self.accounts.get_mut(&id).ok_or(Error::UnknownAccount(id))?;
        if !account.kind.is_holder() {
            return Err(Error::WrongAccountKind { account: id });
        }
        account.verified = verified;
        Ok(())
    }

    /// Executes a request on `day`.
    ///
    /// Idempotency: if a request with the same id was executed before, the
    /// same request returns the original receipt (whatever the day now) and
    /// changes nothing; a different request with that id is refused with
    /// `IdConflict`, naming the first field that differs. A refused request is
    /// not remembered: it changed nothing, so it may be retried.
    pub fn execute(&mut self, day: Day, request: Request) -> Result<Receipt, Error> {
        let id = request.id();
        if id.0 == 0 || id.0 == u128::MAX {
            return Err(Error::InvalidId);
        }
        if let Some((original, receipt)) = self.requests.get(&id) {
            return match original.first_difference(&request) {
                None => Ok(*receipt),
                Some(field) => Err(Error::IdConflict { id, field }),
            };
        }
        self.check_day(day)?;
        if self.requests.len() >= MAX_REQUESTS {
            return Err(Error::CapacityReached { what: "requests", max: MAX_REQUESTS });
        }
        let (stage, receipt) = match request {
            Request::Issue { to, amount, .. } => self.plan_issue(day, id, to, amount)?,
            Request::Pay { from, to, amount, .. } => self.plan_pay(day, id, from, to, amount)?,
            Request::Redeem { from, amount, .. } => self.plan_redeem(day, id, from, amount)?,
            Request::Reserve { from, to, amount, .. } => self.plan_reserve(day, id, from, to, amount)?,
            Request::Post { pending, .. } => self.plan_post(day, id, pending)?,
            Request::Void { pending, .. } => self.plan_void(day, id, pending, Resolution::Voided)?,
            Request::Grant { from, to, amount, .. } => self.plan_grant(day, id, from, to, amount)?,
        };
        if self.journal.len() + stage.entries.len() > MAX_JOURNAL {
            return Err(Error::CapacityReached { what: "journal entries", max: MAX_JOURNAL });
        }
        if let Some(edge) = stage.edge
            && !self.edges.contains_key(&edge)
            && self.edges.len() >= MAX_EDGES
        {
            return Err(Error::CapacityReached { what: "payer-payee pairs", max: MAX_EDGES });
        }
        self.commit(stage);
        self.requests.insert(id, (request, receipt));
        Ok(receipt)
    }

    pub fn issue(&mut self, day: Day, id: TransferId, to: AccountId, amount: Units) -> Result<Receipt, Error> {
        self.execute(day, Request::Issue { id, to, amount })
    }

    pub fn pay(
        &mut self,
        day: Day,
        id: TransferId,
        from: AccountId,
        to: AccountId,
        amount: Units,
    ) -> Result<Receipt, Error> {
        self.execute(day, Request::Pay { id, from, to, amount })
    }

    pub fn redeem(&mut self, day: Day, id: TransferId, from: AccountId, amount: Units) -> Result<Receipt, Error> {
        self.execute(day, Request::Redeem { id, from, amount })
    }

    pub fn reserve(
        &mut self,
        day: Day,
        id: TransferId,
        from: AccountId,
        to: AccountId,
        amount: Units,
    ) -> Result<Receipt, Error> {
        self.execute(day, Request::Reserve { id, from, to, amount })
    }

    pub fn post(&mut self, day: Day, id: TransferId, pending: TransferId) -> Result<Receipt, Error> {
        self.execute(day, Request::Post { id, pending })
    }

    pub fn void(&mut self, day: Day, id: TransferId, pending: TransferId) -> Result<Receipt, Error> {
        self.execute(day, Request::Void { id, pending })
    }

    pub fn grant(
        &mut self,
        day: Day,
        id: TransferId,
        from: AccountId,
        to: AccountId,
        amount: Units,
    ) -> Result<Receipt, Error> {
        self.execute(day, Request::Grant { id, from, to, amount })
    }

    fn receipt(day: Day, id: TransferId, amount: i64) -> Receipt {
        Receipt { id, day, amount: Units::new(amount), fee: Units::ZERO, euro_cents: 0, hop_counted: false }
    }

    /// The wash-trading rule. A payment from `from` to `to` is a hop when both
    /// are verified, belong to different parties, and `to`'s party has not
    /// paid `from`'s party within the wash window (the reverse edge).
    fn hop_counts(&self, from: &Account, to: &Account, day: Day) -> bool {
        from.verified
            && to.verified
            && from.owner != to.owner
            && self.edges.get(&(to.owner, from.owner)).is_none_or(|last| last.plus(self.config.wash_window_days) < day)
    }

    fn plan_issue(&self, day: Day, id: TransferId, to: AccountId, amount: Units) -> Result<(Stage, Receipt), Error> {
        let amount = check_amount(amount)?;
        let mut stage = Stage::new(day, Some(id));
        stage.load(self, to)?;
        stage.require_holder(to)?;
        if self.totals.issued + amount > UNITS_MAX_TOTAL {
            return Err(Error::IssuanceLimitReached);
        }
        stage.check_limit(to, amount)?;
        stage.load(self, AccountId::ISSUANCE)?;
        stage.book(AccountId::ISSUANCE, to, amount, EntryKind::Issue);
        stage.holdings(to).put(Piece { hops: 0, cohort: Cohort::issued(day), units: amount }, day, &self.config);
        stage.totals.issued += amount;
        stage.totals.reserve_cents += amount;
        let mut receipt = Ledger::receipt(day, id, amount);
        receipt.euro_cents = amount;
        Ok((stage, receipt))
    }

    /// Checks shared by pay and reserve.
    fn plan_payment_start(
        &self,
        day: Day,
        id: TransferId,
        from: AccountId,
        to: AccountId,
        amount: Units,
    ) -> Result<(Stage, i64), Error> {
        let amount = check_amount(amount)?;
        if from == to {
            return Err(Error::SameAccount);
        }
        let mut stage = Stage::new(day, Some(id));
        stage.load(self, from)?;
        stage.load(self, to)?;
        stage.require_holder(from)?;
        stage.require_holder(to)?;
        stage.check_available(from, amount)?;
        stage.check_limit(to, amount)?;
        Ok((stage, amount))
    }

    /// Credits `pieces` to `to`, one hop further if the hop counts, and books
    /// the payment.
    fn finish_payment(&self, stage: &mut Stage, from: AccountId, to: AccountId, pieces: Vec<Piece>) -> bool {
        let day = stage.day;
        let counted = self.hop_counts(stage.get(from), stage.get(to), day);
        let amount: i64 = pieces.iter().map(|p| p.units).sum();
        for piece in pieces {
            let hops = if counted { piece.hops.saturating_add(1) } else { piece.hops };
            stage.holdings(to).put(Piece { hops, ..piece }, day, &self.config);
        }
        stage.book(from, to, amount, EntryKind::Payment);
        let (payer, payee) = (stage.get(from).owner, stage.get(to).owner);
        if payer != payee {
            stage.edge = Some((payer, payee));
        }
        stage.totals.payments += amount;
        counted
    }

    fn plan_pay(
        &self,
        day: Day,
        id: TransferId,
        from: AccountId,
        to: AccountId,
        amount: Units,
    ) -> Result<(Stage, Receipt), Error> {
        let (mut stage, amount) = self.plan_payment_start(day, id, from, to, amount)?;
        let pieces = stage.holdings(from).take(amount, Filter::All, &self.config);
        let counted = self.finish_payment(&mut stage, from, to, pieces);
        let mut receipt = Ledger::receipt(day, id, amount);
        receipt.hop_counted = counted;
        Ok((stage, receipt))
    }

    fn plan_redeem(&self, day: Day, id: TransferId, from: AccountId, amount: Units) -> Result<(Stage, Receipt), Error> {
        let amount = check_amount(amount)?;
        let mut stage = Stage::new(day, Some(id));
        stage.load(self, from)?;
        stage.require_holder(from)?;
        if !stage.get(from).verified {
            return Err(Error::NotVerified(from));
        }
        let redeemable = stage.get(from).redeemable(&self.config);
        if redeemable < amount {
            return Err(Error::NotRedeemableYet {
                account: from,
                redeemable: Units::new(redeemable),
                requested: Units::new(amount),
            });
        }
        let fee = redemption_fee(Units::new(amount), self.config.redeem_fee_bp).get();
        let payout = amount - fee;
        if payout <= 0 {
            return Err(Error::RedemptionPaysNothing { fee: Units::new(fee) });
        }
        stage.holdings(from).take(amount, Filter::Redeemable, &self.config);
        stage.load(self, AccountId::REDEMPTION)?;
        stage.book(from, AccountId::REDEMPTION, payout, EntryKind::Redemption);
        if fee > 0 {
            stage.load(self, AccountId::FUND)?;
            stage.book(from, AccountId::FUND, fee, EntryKind::RedemptionFee);
        }
        stage.totals.redeemed += payout;
        stage.totals.fees += fee;
        stage.totals.reserve_cents -= payout;
        let mut receipt = Ledger::receipt(day, id, amount);
        receipt.fee = Units::new(fee);
        receipt.euro_cents = payout;
        Ok((stage, receipt))
    }

    fn plan_reserve(
        &self,
        day: Day,
        id: TransferId,
        from: AccountId,
        to: AccountId,
        amount: Units,
    ) -> Result<(Stage, Receipt), Error> {
        if self.totals.open_pendings >= MAX_OPEN_PENDINGS {
            return Err(Error::CapacityReached { what: "open pending payments", max: MAX_OPEN_PENDINGS });
        }
        let (mut stage, amount) = self.plan_payment_start(day, id, from, to, amount)?;
        let pieces = stage.holdings(from).take(amount, Filter::All, &self.config);
        stage.get_mut(from).reserved += amount;
        let last_day = day.plus(self.config.pending_timeout_days);
        stage.pending = Some((id, Pending { from, to, amount, pieces, created: day, last_day, resolution: None }));
        Ok((stage, Ledger::receipt(day, id, amount)))
    }

    fn open_pending(&self, pending: TransferId) -> Result<&Pending, Error> {
        let p = self.pendings.get(&pending).ok_or(Error::UnknownPending(pending))?;
        match p.resolution {
            Some(resolution) => Err(Error::PendingAlreadyResolved { pending, resolution }),
            None => Ok(p),
        }
    }

    fn plan_post(&self, day: Day, id: TransferId, pending_id: TransferId) -> Result<(Stage, Receipt), Error> {
        let pending = self.open_pending(pending_id)?;
        if day > pending.last_day {
            return Err(Error::PendingExpired { pending: pending_id, last_day: pending.last_day });
        }
        let (from, to) = (pending.from, pending.to);
        let mut stage = Stage::new(day, Some(id));
        stage.load(self, from)?;
        stage.load(self, to)?;
        stage.check_limit(to, pending.amount)?;
        stage.get_mut(from).reserved -= pending.amount;
        let counted = self.finish_payment(&mut stage, from, to, pending.pieces.clone());
        let mut resolved = pending.clone();
        resolved.resolution = Some(Resolution::Posted);
        stage.pending = Some((pending_id, resolved));
        let mut receipt = Ledger::receipt(day, id, pending.amount);
        receipt.hop_counted = counted;
        Ok((stage, receipt))
    }

    /// Void (by request) or expiry (by `expire_pendings`): the reserved units
    /// return to the payer with the provenance they had.
    fn plan_void(
        &self,
        day: Day,
        id: TransferId,
        pending_id: TransferId,
        resolution: Resolution,
    ) -> Result<(Stage, Receipt), Error> {
        let pending = self.open_pending(pending_id)?;
        let from = pending.from;
        let request = if resolution == Resolution::Voided { Some(id) } else { None };
        let mut stage = Stage::new(day, request);
        stage.load(self, from)?;
        for piece in &pending.pieces {
            stage.holdings(from).put(*piece, day, &self.config);
        }
        stage.get_mut(from).reserved -= pending.amount;
        let mut resolved = pending.clone();
        resolved.resolution = Some(resolution);
        stage.pending = Some((pending_id, resolved));
        Ok((stage, Ledger::receipt(day, id, pending.amount)))
    }

    fn plan_grant(
        &self,
        day: Day,
        id: TransferId,
        from: AccountId,
        to: AccountId,
        amount: Units,
    ) -> Result<(Stage, Receipt), Error> {
        let amount = check_amount(amount)?;
        if from != AccountId::FUND && from != AccountId::DEMURRAGE {
            return Err(Error::WrongAccountKind { account: from });
        }
        let mut stage = Stage::new(day, Some(id));
        stage.load(self, to)?;
        stage.require_holder(to)?;
        stage.load(self, from)?;
        stage.check_available(from, amount)?;
        stage.check_limit(to, amount)?;
        stage.book(from, to, amount, EntryKind::Grant);
        // Granted units have no payment history: they start like new issuance.
        stage.holdings(to).put(Piece { hops: 0, cohort: Cohort::issued(day), units: amount }, day, &self.config);
        if from == AccountId::FUND {
            stage.totals.granted_from_fund += amount;
        } else {
            stage.totals.granted_from_demurrage += amount;
        }
        Ok((stage, Ledger::receipt(day, id, amount)))
    }

    /// Writes a stage back. Cannot fail: everything was checked on copies.
    fn commit(&mut self, stage: Stage) {
        let Stage { day, accounts, entries, pending, edge, totals, .. } = stage;
        let mut touched = Vec::with_capacity(accounts.len());
        for (id, account) in accounts {
            if account.kind.is_holder() {
                let (balance, redeemable, reserved) =
                    (account.balance, account.redeemable(&self.config), account.reserved);
                if let Some(old) = self.accounts.get(&id) {
                    self.totals.holders += balance - old.balance;
                    self.totals.redeemable += redeemable - old.redeemable(&self.config);
                    self.totals.reserved += reserved - old.reserved;
                }
            }
            self.accounts.insert(id, account);
            touched.push(id);
        }
        for mut entry in entries {
            entry.seq = u64::try_from(self.journal.len()).unwrap_or(u64::MAX);
            self.journal.push(entry);
        }
        if let Some((id, p)) = pending {
            // A new pending opens; an open one that gets a resolution closes.
            match (self.pendings.contains_key(&id), p.resolution) {
                (false, None) => self.totals.open_pendings += 1,
                (true, Some(_)) => self.totals.open_pendings -= 1,
                _ => panic!("munt invariant broken: pending {id} changed state twice"),
            }
            self.pendings.insert(id, p);
        }
        if let Some(edge) = edge {
            self.edges.insert(edge, day);
        }
        let t = &mut self.totals;
        t.issued += totals.issued;
        t.redeemed += totals.redeemed;
        t.fees += totals.fees;
        t.demurrage += totals.demurrage;
        t.granted_from_fund += totals.granted_from_fund;
        t.granted_from_demurrage += totals.granted_from_demurrage;
        t.reserve_cents += totals.reserve_cents;
        t.payments += totals.payments;
        if totals.payments > 0 {
            *self.payments_by_day.entry(day).or_insert(0) += totals.payments;
        }
        let holders = self.totals.holders;
        match self.circulation.last_mut() {
            Some((last_day, value)) if *last_day == day => *value = holders,
            Some((_, value)) if *value == holders => {}
            None if holders == 0 => {}
            _ => self.circulation.push((day, holders)),
        }
        self.today = day;
        self.assert_cheap(&touched);
    }

    /// Applies demurrage to every holder account up to `day` (the nightly
    /// job). Lazy application on each touch gives exactly the same balances;
    /// this job only makes the booked numbers (reports) current. Also prunes
    /// payer-payee pairs older than the wash window. Returns the units
    /// collected.
    pub fn run_demurrage(&mut self, day: Day) -> Result<Units, Error> {
        self.check_day(day)?;
        let ids: Vec<AccountId> = self.accounts.iter().filter(|(_, a)| a.kind.is_holder()).map(|(id, _)| *id).collect();
        let mut collected = 0;
        for id in ids {
            let mut stage = Stage::new(day, None);
            stage.load(self, id)?;
            if self.journal.len() + stage.entries.len() > MAX_JOURNAL {
                return Err(Error::CapacityReached { what: "journal entries", max: MAX_JOURNAL });
            }
            collected += stage.totals.demurrage;
            self.commit(stage);
        }
        let window = self.config.wash_window_days;
        self.edges.retain(|_, last| last.plus(window) >= day);
        self.today = day;
        Ok(Units::new(collected))
    }

    /// Expires every open pending payment whose last day is before `day`: the
    /// reservation is released. Returns how many expired.
    pub fn expire_pendings(&mut self, day: Day) -> Result<usize, Error> {
        self.check_day(day)?;
        let expired: Vec<TransferId> = self
            .pendings
            .iter()
            .filter(|(_, p)| p.resolution.is_none() && p.last_day < day)
            .map(|(id, _)| *id)
            .collect();
        for id in &expired {
            let (stage, _) = self.plan_void(day, *id, *id, Resolution::Expired)?;
            self.commit(stage);
        }
        self.today = day;
        Ok(expired.len())
    }

    fn view(&self, id: AccountId, account: &Account) -> AccountView {
        let config = &self.config;
        AccountView {
            id,
            kind: account.kind,
            owner: account.owner,
            verified: account.verified,
            max_balance: account.max_balance.map(Units::new),
            balance: Units::new(account.balance),
            reserved: Units::new(account.reserved),
            available: Units::new(account.balance - account.reserved),
            redeemable: Units::new(account.redeemable(config)),
            hop_buckets: account
                .holdings
                .as_ref()
                .map(|h| h.hop_buckets(config).into_iter().map(Units::new).collect())
                .unwrap_or_default(),
            settled: account.holdings.as_ref().map(Holdings::settled),
        }
    }

    /// An account as booked.
    pub fn account(&self, id: AccountId) -> Option<AccountView> {
        self.accounts.get(&id).map(|a| self.view(id, a))
    }

    /// An account as it will be on `day`, with demurrage and ageing applied,
    /// without changing the ledger.
    pub fn account_on(&self, id: AccountId, day: Day) -> Result<AccountView, Error> {
        self.check_day(day)?;
        let mut account = self.accounts.get(&id).cloned().ok_or(Error::UnknownAccount(id))?;
        let removed = account.holdings.as_mut().map_or(0, |h| h.settle(day, &self.config));
        account.balance -= removed;
        Ok(self.view(id, &account))
    }

    /// Whether a request with this id has been executed (and so is remembered
    /// for idempotency). Storage uses it to persist only what changed state.
    pub fn knows_request(&self, id: TransferId) -> bool {
        self.requests.contains_key(&id)
    }

    pub fn pending(&self, id: TransferId) -> Option<PendingView> {
        self.pendings.get(&id).map(|p| PendingView {
            id,
            from: p.from,
            to: p.to,
            amount: Units::new(p.amount),
            created: p.created,
            last_day: p.last_day,
            resolution: p.resolution,
        })
    }

    fn balance(&self, id: AccountId) -> i64 {
        self.accounts.get(&id).map_or(0, |a| a.balance)
    }

    /// Checks of one account.
    fn check_account(&self, id: AccountId, account: &Account) -> Result<(), String> {
        match (&account.holdings, account.kind) {
            (Some(holdings), kind) if kind.is_holder() => {
                holdings.check(&self.config).map_err(|e| format!("account {id}: {e}"))?;
                let held = holdings.sum(Filter::All, &self.config);
                if held + account.reserved != account.balance {
                    return Err(format!(
                        "account {id}: buckets {held} + reserved {} != balance {}",
                        account.reserved, account.balance
                    ));
                }
                if account.reserved < 0 || account.reserved > account.balance {
                    return Err(format!("account {id}: reserved {} outside 0..={}", account.reserved, account.balance));
                }
                if let Some(limit) = account.max_balance
                    && account.balance > limit
                {
                    return Err(format!("account {id}: balance {} above limit {limit}", account.balance));
                }
                if holdings.settled() > self.today {
                    return Err(format!("account {id}: settled in the future"));
                }
            }
            (None, AccountKind::Issuance) if account.balance <= 0 => {}
            (None, kind) if !kind.is_holder() && kind != AccountKind::Issuance && account.balance >= 0 => {}
            _ => return Err(format!("account {id}: wrong shape or sign (balance {})", account.balance)),
        }
        if !account.kind.is_holder() && account.reserved != 0 {
            return Err(format!("system account {id} has reservations"));
        }
        Ok(())
    }

    /// The global relations between the system accounts and the totals, O(1).
    fn check_totals(&self) -> Result<(), String> {
        let t = &self.totals;
        let issuance = self.balance(AccountId::ISSUANCE);
        let redemption = self.balance(AccountId::REDEMPTION);
        let demurrage = self.balance(AccountId::DEMURRAGE);
        let fund = self.balance(AccountId::FUND);
        let checks = [
            (issuance + redemption + demurrage + fund + t.holders == 0, "the ledger does not sum to zero"),
            (-issuance == t.issued, "issuance account != issued"),
            (redemption == t.redeemed, "redemption account != redeemed"),
            (demurrage == t.demurrage - t.granted_from_demurrage, "demurrage account != collected − granted"),
            (fund == t.fees - t.granted_from_fund, "fund != fees − granted"),
            (t.reserve_cents == t.issued - t.redeemed, "euro reserve != issued − redeemed"),
            (
                t.holders
                    == t.issued - t.redeemed - t.demurrage - t.fees + t.granted_from_demurrage + t.granted_from_fund,
                "circulation != issued − redeemed − demurrage − fees + grants",
            ),
            (t.reserve_cents >= t.holders + demurrage + fund, "euro reserve does not cover all currency"),
            (t.reserve_cents >= t.redeemable, "euro reserve does not cover redeemable money"),
            (t.reserved >= 0 && t.reserved <= t.holders, "reservations exceed holdings"),
            (t.issued <= UNITS_MAX_TOTAL, "issued beyond the maximum"),
        ];
        match checks.iter().find(|(ok, _)| !ok) {
            Some((_, what)) => {
                Err(format!("{what} (totals {t:?}, I {issuance}, R {redemption}, D {demurrage}, F {fund})"))
            }
            None => Ok(()),
        }
    }

    /// The cheap invariants, after every operation (also in release builds):
    /// the touched accounts and the O(1) global relations. A failure is a bug
    /// in this crate, never bad input, so it panics.
    fn assert_cheap(&self, touched: &[AccountId]) {
        for id in touched {
            if let Some(account) = self.accounts.get(id)
                && let Err(e) = self.check_account(*id, account)
            {
                panic!("munt invariant broken: {e}");
            }
        }
        if let Err(e) = self.check_totals() {
            panic!("munt invariant broken: {e}");
        }
    }

    /// Every invariant, recomputed from scratch (O(accounts + journal)): for
    /// tests, audits and after loading a ledger from storage.
    pub fn check_invariants(&self) -> Result<(), String> {
        let (mut sum, mut holders, mut redeemable, mut reserved) = (0i64, 0i64, 0i64, 0i64);
        for (id, account) in &self.accounts {
            self.check_account(*id, account)?;
            sum += account.balance;
            if account.kind.is_holder() {
                holders += account.balance;
                redeemable += account.redeemable(&self.config);
                reserved += account.reserved;
            }
        }
        if sum != 0 {
            return Err(format!("the ledger sums to {sum}, not zero"));
        }
        let t = &self.totals;
        if (holders, redeemable, reserved) != (t.holders, t.redeemable, t.reserved) {
            return Err(format!(
                "recomputed holders/redeemable/reserved {holders}/{redeemable}/{reserved} != booked {}/{}/{}",
                t.holders, t.redeemable, t.reserved
            ));
        }
        self.check_totals()?;
        // Reservations equal the open pending payments.
        let mut open: BTreeMap<AccountId, i64> = BTreeMap::new();
        let mut open_count = 0;
        for (id, p) in &self.pendings {
            if p.pieces.iter().map(|piece| piece.units).sum::<i64>() != p.amount || p.amount <= 0 {
                return Err(format!("pending {id}: pieces do not add up to its amount"));
            }
            if p.resolution.is_none() {
                *open.entry(p.from).or_insert(0) += p.amount;
                open_count += 1;
            }
        }
        if open_count != t.open_pendings {
            return Err(format!("{open_count} open pendings, {} counted", t.open_pendings));
        }
        for (id, account) in &self.accounts {
            if account.reserved != open.get(id).copied().unwrap_or(0) {
                return Err(format!("account {id}: reserved != its open pending payments"));
            }
        }
        // Replaying the journal gives every balance; no request applied twice.
        let mut replay: BTreeMap<AccountId, i64> = BTreeMap::new();
        let mut seen: BTreeMap<(TransferId, u8), ()> = BTreeMap::new();
        let mut payments = 0;
        for (i, e) in self.journal.iter().enumerate() {
            if e.seq != u64::try_from(i).unwrap_or(u64::MAX) || e.amount.get() <= 0 || e.debit == e.credit {
                return Err(format!("malformed journal entry {e:?}"));
            }
            *replay.entry(e.debit).or_insert(0) -= e.amount.get();
            *replay.entry(e.credit).or_insert(0) += e.amount.get();
            if e.kind == EntryKind::Payment {
                payments += e.amount.get();
            }
            if let Some(request) = e.request
                && e.kind != EntryKind::Demurrage
                && seen.insert((request, e.kind as u8), ()).is_some()
            {
                return Err(format!("request {request} applied twice ({:?})", e.kind));
            }
        }
        for (id, account) in &self.accounts {
            if replay.get(id).copied().unwrap_or(0) != account.balance {
                return Err(format!("account {id}: journal replay differs from the balance"));
            }
        }
        if payments != t.payments || payments != self.payments_by_day.values().sum::<i64>() {
            return Err("payment volume does not match the journal".to_owned());
        }
        Ok(())
    }
}
