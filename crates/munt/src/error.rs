//! Why a request was refused, in Dutch (plain, B1) and English.
//!
//! A refused request changes nothing in the ledger: every operation first
//! works on copies and commits only when all checks passed.

use std::fmt;

use crate::types::{AccountId, Day, TransferId, Units};

/// The state a pending payment ended in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Resolution {
    Posted,
    Voided,
    Expired,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Id 0 and `u128::MAX` are not valid request ids.
    InvalidId,
    /// Amounts must be at least 1 unit.
    AmountNotPositive,
    /// A single request may move at most `max`.
    AmountTooLarge {
        max: Units,
    },
    /// Debit and credit account are the same.
    SameAccount,
    UnknownAccount(AccountId),
    /// Callers cannot open accounts with ids `0..=255`.
    ReservedAccountId(AccountId),
    /// The account exists already with a different value in `field`.
    AccountExistsWithDifferent {
        account: AccountId,
        field: &'static str,
    },
    /// The operation is not allowed on this kind of account (say paying from
    /// the issuance account).
    WrongAccountKind {
        account: AccountId,
    },
    InsufficientBalance {
        account: AccountId,
        available: Units,
        requested: Units,
    },
    LimitExceeded {
        account: AccountId,
        limit: Units,
        balance_after: Units,
    },
    NotRedeemableYet {
        account: AccountId,
        redeemable: Units,
        requested: Units,
    },
    /// After the fee nothing would be paid out.
    RedemptionPaysNothing {
        fee: Units,
    },
    NotVerified(AccountId),
    /// The request id was used before for a request that differs in `field`
    /// (like TigerBeetle's `exists_with_different_*`).
    IdConflict {
        id: TransferId,
        field: &'static str,
    },
    UnknownPending(TransferId),
    PendingAlreadyResolved {
        pending: TransferId,
        resolution: Resolution,
    },
    PendingExpired {
        pending: TransferId,
        last_day: Day,
    },
    /// Days must not go backwards.
    DayInPast {
        day: Day,
        today: Day,
    },
    DayOutOfRange,
    /// A hard limit of the ledger is reached (accounts, requests, ...).
    CapacityReached {
        what: &'static str,
        max: usize,
    },
    /// The total ever issued would pass `UNITS_MAX_TOTAL`.
    IssuanceLimitReached,
    InvalidConfig {
        nl: &'static str,
        en: &'static str,
    },
}

impl Error {
    pub fn message_nl(&self) -> String {
        match self {
            Error::InvalidId => "dit nummer (id) mag niet 0 of het hoogste getal zijn.".to_owned(),
            Error::AmountNotPositive => "het bedrag moet minstens 0,01 zijn.".to_owned(),
            Error::AmountTooLarge { max } => format!("het bedrag is te hoog. Het mag hoogstens {max} zijn."),
            Error::SameAccount => "je kunt niet aan dezelfde rekening betalen.".to_owned(),
            Error::UnknownAccount(a) => format!("rekening {a} kennen we niet."),
            Error::ReservedAccountId(a) => {
                format!("rekeningnummer {a} is gereserveerd voor het systeem. Kies een nummer boven 255.")
            }
            Error::AccountExistsWithDifferent { account, field } => {
                format!("rekening {account} bestaat al, met een ander(e) {}.", field_nl(field))
            }
            Error::WrongAccountKind { account } => format!("dit kan niet met rekening {account}."),
            Error::InsufficientBalance { account, available, requested } => format!(
                "er staat niet genoeg op rekening {account}: er is {available} beschikbaar, maar {requested} nodig."
            ),
            Error::LimitExceeded { account, limit, balance_after } => format!(
                "rekening {account} mag hoogstens {limit} bevatten. Na deze betaling zou er {balance_after} op staan."
            ),
            Error::NotRedeemableYet { account, redeemable, requested } => format!(
                "van rekening {account} kan nu {redeemable} terug naar euro's, niet {requested}. \
                 Geld kan terug als het vaak genoeg is doorgegeven of lang genoeg bestaat."
            ),
            Error::RedemptionPaysNothing { fee } => {
                format!("na aftrek van de kosten ({fee}) blijft er niets over om uit te betalen.")
            }
            Error::NotVerified(a) => format!("rekening {a} is nog niet gecontroleerd. Dat moet eerst."),
            Error::IdConflict { id, field } => format!(
                "nummer {id} is al gebruikt voor een andere opdracht (ander(e) {}). Gebruik een nieuw nummer.",
                field_nl(field)
            ),
            Error::UnknownPending(id) => format!("betaalverzoek {id} kennen we niet."),
            Error::PendingAlreadyResolved { pending, resolution } => {
                let what = match resolution {
                    Resolution::Posted => "al betaald",
                    Resolution::Voided => "al ingetrokken",
                    Resolution::Expired => "al verlopen",
                };
                format!("betaalverzoek {pending} is {what}.")
            }
            Error::PendingExpired { pending, last_day } => {
                format!("betaalverzoek {pending} is verlopen. Het kon tot en met {last_day} worden betaald.")
            }
            Error::DayInPast { day, today } => {
                format!("de datum {day} ligt voor de laatst gebruikte datum ({today}).")
            }
            Error::DayOutOfRange => "deze datum kan het grootboek niet aan (vóór 1970 of na 2243).".to_owned(),
            Error::CapacityReached { what, max } => format!("het maximum is bereikt: hoogstens {max} {what}."),
            Error::IssuanceLimitReached => {
                "er kan niet meer geld worden uitgegeven: het maximum is bereikt.".to_owned()
            }
            Error::InvalidConfig { nl, .. } => format!("ongeldige instelling: {nl}."),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Error::InvalidId => "the id must not be 0 or the largest number.".to_owned(),
            Error::AmountNotPositive => "the amount must be at least 0.01.".to_owned(),
            Error::AmountTooLarge { max } => format!("the amount is too large; at most {max}."),
            Error::SameAccount => "you cannot pay to the same account.".to_owned(),
            Error::UnknownAccount(a) => format!("account {a} does not exist."),
            Error::ReservedAccountId(a) => {
                format!("account id {a} is reserved for the system; choose an id above 255.")
            }
            Error::AccountExistsWithDifferent { account, field } => {
                format!("account {account} exists already with a different {field}.")
            }
            Error::WrongAccountKind { account } => format!("this is not possible with account {account}."),
            Error::InsufficientBalance { account, available, requested } => {
                format!("insufficient balance on account {account}: {available} available, {requested} needed.")
            }
            Error::LimitExceeded { account, limit, balance_after } => {
                format!("account {account} may hold at most {limit}; after this payment it would hold {balance_after}.")
            }
            Error::NotRedeemableYet { account, redeemable, requested } => format!(
                "account {account} can change {redeemable} back into euros now, not {requested}. Money becomes \
                 redeemable after enough hops or enough days."
            ),
            Error::RedemptionPaysNothing { fee } => {
                format!("after the fee ({fee}) nothing would be paid out.")
            }
            Error::NotVerified(a) => format!("account {a} has not been verified yet."),
            Error::IdConflict { id, field } => {
                format!("id {id} was already used for a different request (different {field}); use a new id.")
            }
            Error::UnknownPending(id) => format!("pending payment {id} does not exist."),
            Error::PendingAlreadyResolved { pending, resolution } => {
                let what = match resolution {
                    Resolution::Posted => "posted",
                    Resolution::Voided => "voided",
                    Resolution::Expired => "expired",
                };
                format!("pending payment {pending} is already {what}.")
            }
            Error::PendingExpired { pending, last_day } => {
                format!("pending payment {pending} has expired; it could be posted until {last_day}.")
            }
            Error::DayInPast { day, today } => format!("day {day} lies before the last day used ({today})."),
            Error::DayOutOfRange => "the ledger cannot handle this date (before 1970 or after 2243).".to_owned(),
            Error::CapacityReached { what, max } => format!("limit reached: at most {max} {what}."),
            Error::IssuanceLimitReached => "no more currency can be issued: the maximum is reached.".to_owned(),
            Error::InvalidConfig { en, .. } => format!("invalid configuration: {en}."),
        }
    }
}

/// Dutch names of the fields that `IdConflict` and
/// `AccountExistsWithDifferent` can name.
fn field_nl(field: &str) -> &'static str {
    match field {
        "kind" => "soort opdracht",
        "debit account" => "betalende rekening",
        "credit account" => "ontvangende rekening",
        "amount" => "bedrag",
        "pending" => "betaalverzoek",
        "account kind" => "soort rekening",
        "owner" => "eigenaar",
        "max balance" => "maximumsaldo",
        _ => "gegevens",
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_nl(), self.message_en())
    }
}

impl std::error::Error for Error {}
