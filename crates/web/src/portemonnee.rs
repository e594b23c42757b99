//! The wallet of the local currency (*munt*) for residents and local
//! businesses: balance, history, pay, and a payment request shown as a QR code.
//!
//! A payment request is a link with the recipient, the amount and a fresh
//! transfer id (`kenmerk`). Whoever opens it confirms and pays with that id,
//! so paying the same request twice books it once (the ledger's idempotency).
//! The pay form carries its own fresh id for the same reason: a double click
//! or a browser retry cannot pay twice.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use munt::{AccountId, AccountKind, Day, EntryKind, Request, TransferId, Units};
use opslag::{Command, MuntStore, Outcome, Session};
use regels::Lang;
use tokio::sync::Mutex;

use crate::account::{
    Subject, account_texts, hex, internal, log, message, no_store, random_bytes, same_secret, session_of, to_login,
    unavailable,
};
use crate::pages::{Texts, lang_of, texts};
use crate::{AppState, STYLESHEETS};

/// The processing activity of wallet pages (financial data of the holder).
pub const ACTIVITY_WALLET: &str = "urn:ademruimte:verwerking:munt-portemonnee";

pub type SharedMunt = Arc<Mutex<MuntStore>>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portemonnee", get(wallet))
        .route("/portemonnee/verzoek", get(request))
        .route("/portemonnee/betalen", get(confirm).post(pay))
}

pub struct WalletTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub account: &'static str,
    pub resident: &'static str,
    pub merchant: &'static str,
    pub balance_caption: &'static str,
    pub balance: &'static str,
    pub available: &'static str,
    pub redeemable: &'static str,
    pub history: &'static str,
    pub history_caption: &'static str,
    pub no_history: &'static str,
    pub col_date: &'static str,
    pub col_what: &'static str,
    pub col_amount: &'static str,
    pub pay_title: &'static str,
    pub to: &'static str,
    pub from: &'static str,
    pub amount: &'static str,
    pub pay_button: &'static str,
    pub request_title: &'static str,
    pub request_button: &'static str,
    pub qr_label: &'static str,
    pub qr_link: &'static str,
    pub confirm_title: &'static str,
    pub back: &'static str,
    pub paid: &'static str,
    pub refused: &'static str,
    pub bad_amount: &'static str,
    pub bad_account: &'static str,
    pub not_yours: &'static str,
    pub my_account: &'static str,
}

const NL: WalletTexts = WalletTexts {
    title: "Mijn portemonnee",
    intro: "Uw rekeningen in de lokale munt. De munt verliest langzaam waarde als u hem lang bewaart; zo blijft hij rondgaan.",
    none: "U heeft nog geen rekening in de lokale munt.",
    account: "Rekening",
    resident: "bewoner",
    merchant: "ondernemer",
    balance_caption: "Saldo vandaag",
    balance: "Saldo",
    available: "Beschikbaar om te betalen",
    redeemable: "In te wisselen voor euro's",
    history: "Afschrift",
    history_caption: "De laatste 20 boekingen",
    no_history: "Nog geen boekingen.",
    col_date: "Datum",
    col_what: "Wat",
    col_amount: "Bedrag",
    pay_title: "Betalen",
    to: "Naar rekeningnummer",
    from: "Van rekening",
    amount: "Bedrag, in munt (zoals 12,50)",
    pay_button: "Betaal",
    request_title: "Betaalverzoek (QR-code)",
    request_button: "Maak betaalverzoek",
    qr_label: "QR-code van het betaalverzoek",
    qr_link: "Of stuur deze link:",
    confirm_title: "Betaling bevestigen",
    back: "Terug naar mijn portemonnee",
    paid: "Betaald.",
    refused: "Niet betaald:",
    bad_amount: "Vul een bedrag in zoals 12,50.",
    bad_account: "Vul een rekeningnummer in (alleen cijfers).",
    not_yours: "Deze rekening is niet van u.",
    my_account: "Naar mijn account (uitloggen)",
};

const EN: WalletTexts = WalletTexts {
    title: "My wallet",
    intro: "Your accounts in the local currency. The currency slowly loses value if you keep it long; that keeps it going round.",
    none: "You have no account in the local currency yet.",
    account: "Account",
    resident: "resident",
    merchant: "business",
    balance_caption: "Balance today",
    balance: "Balance",
    available: "Available to pay",
    redeemable: "Can be changed into euros",
    history: "Statement",
    history_caption: "The last 20 entries",
    no_history: "No entries yet.",
    col_date: "Date",
    col_what: "What",
    col_amount: "Amount",
    pay_title: "Pay",
    to: "To account number",
    from: "From account",
    amount: "Amount, in local currency (like 12.50)",
    pay_button: "Pay",
    request_title: "Payment request (QR code)",
    request_button: "Make payment request",
    qr_label: "QR code of the payment request",
    qr_link: "Or send this link:",
    confirm_title: "Confirm payment",
    back: "Back to my wallet",
    paid: "Paid.",
    refused: "Not paid:",
    bad_amount: "Enter an amount like 12.50.",
    bad_account: "Enter an account number (digits only).",
    not_yours: "This account is not yours.",
    my_account: "To my account (log out)",
};

fn wallet_texts(lang: Lang) -> &'static WalletTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

fn units(u: Units, lang: Lang) -> String {
    let c = regels::Cents::new(u.get());
    let text = match lang {
        Lang::Nl => c.display_nl(),
        Lang::En => c.display_en(),
    };
    text.replace('€', "ℳ")
}

/// The day to book and show on: today, or the ledger's last day if that is
/// later (the ledger never goes back in time).
pub(crate) fn ledger_day(ledger: &munt::Ledger) -> Day {
    Day::from_date(jiff::Zoned::now().date()).unwrap_or(Day(0)).max(ledger.today())
}

fn kind_text(kind: EntryKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (EntryKind::Issue, Lang::Nl) => "opgewaardeerd",
        (EntryKind::Payment, Lang::Nl) => "betaling",
        (EntryKind::Redemption, Lang::Nl) => "ingewisseld",
        (EntryKind::RedemptionFee, Lang::Nl) => "kosten inwisselen",
        (EntryKind::Demurrage, Lang::Nl) => "waardeverlies (demurrage)",
        (EntryKind::Grant, Lang::Nl) => "bijdrage uit het fonds",
        (EntryKind::Issue, Lang::En) => "topped up",
        (EntryKind::Payment, Lang::En) => "payment",
        (EntryKind::Redemption, Lang::En) => "redeemed",
        (EntryKind::RedemptionFee, Lang::En) => "redemption fee",
        (EntryKind::Demurrage, Lang::En) => "loss of value (demurrage)",
        (EntryKind::Grant, Lang::En) => "grant from the fund",
    }
}

/// The session, the currency store and the user's currency accounts, or the response to send.
async fn holder(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    here: &str,
) -> Result<(Session, SharedMunt, Vec<u128>), Response> {
    let (Some(acc), Some(munt)) = (&state.accounts, &state.munt) else { return Err(unavailable(lang, here)) };
    let session = match session_of(state, headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return Err(to_login(lang)),
        Err(e) => return Err(internal(lang, here, &e)),
    };
    let wallets = match acc.store.wallets_of(&session.user.id).await {
        Ok(w) => w,
        Err(e) => return Err(internal(lang, here, &e)),
    };
    Ok((session, munt.clone(), wallets))
}

pub struct WalletView {
    pub id: u128,
    pub kind: &'static str,
    pub balance: String,
    pub available: String,
    pub redeemable: String,
    pub entries: Vec<(String, &'static str, String)>,
    pub pay_id: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portemonnee.html")]
struct WalletPage {
    t: &'static Texts,
    w: &'static WalletTexts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    wallets: Vec<WalletView>,
    csrf: String,
    notice: String,
}

async fn wallet_page(state: &AppState, headers: &HeaderMap, lang: Lang, notice: String) -> Response {
    let (session, munt, ids) = match holder(state, headers, lang, "/portemonnee").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let acc = state.accounts.as_ref().expect("holder checked");
    if let Err(e) =
        log(acc, &session.user, "portemonnee lezen", ACTIVITY_WALLET, Subject::Account(&session.user.id)).await
    {
        return internal(lang, "/portemonnee", &e);
    }
    let w = wallet_texts(lang);
    let mut store = munt.lock().await;
    if let Err(e) = store.refresh().await {
        return internal(lang, "/portemonnee", &e);
    }
    let ledger = store.ledger();
    let day = ledger_day(ledger);
    let mut wallets = Vec::new();
    for id in ids {
        let account = AccountId(id);
        let Ok(view) = ledger.account_on(account, day) else { continue };
        let mut entries: Vec<_> = ledger
            .journal()
            .iter()
            .rev()
            .filter(|e| e.debit == account || e.credit == account)
            .take(20)
            .map(|e| {
                let date = e.day.to_date().map(|d| d.to_string()).unwrap_or_default();
                let sign = if e.credit == account { "+" } else { "−" };
                (date, kind_text(e.kind, lang), format!("{sign}{}", units(e.amount, lang)))
            })
            .collect();
        entries.shrink_to_fit();
        wallets.push(WalletView {
            id,
            kind: if view.kind == AccountKind::Merchant { w.merchant } else { w.resident },
            balance: units(view.balance, lang),
            available: units(view.available, lang),
            redeemable: units(view.redeemable, lang),
            entries,
            pay_id: hex(&random_bytes::<16>()),
        });
    }
    drop(store);
    let t = texts(lang);
    no_store(
        WalletPage {
            t,
            w,
            title: w.title,
            stylesheets: STYLESHEETS,
            other_lang_href: format!("/portemonnee?taal={}", t.other_lang),
            wallets,
            csrf: session.csrf,
            notice,
        }
        .into_response(),
    )
}

async fn wallet(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    wallet_page(&state, &headers, lang_of(&q), String::new()).await
}

fn parse_amount(text: &str) -> Option<Units> {
    regels::input::parse_user_euros("bedrag", text).ok().filter(|c| c.get() > 0).map(|c| Units::new(c.get()))
}

fn parse_account(text: &str) -> Option<u128> {
    let t = text.trim();
    (!t.is_empty() && t.len() <= 38 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten()
}

fn parse_id(text: &str) -> Option<TransferId> {
    let t = text.trim();
    (t.len() == 32)
        .then(|| u128::from_str_radix(t, 16).ok())
        .flatten()
        .filter(|v| *v != 0 && *v != u128::MAX)
        .map(TransferId)
}

#[derive(Template, WebTemplate)]
#[template(path = "verzoek.html")]
struct RequestPage {
    t: &'static Texts,
    w: &'static WalletTexts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    text: String,
    qr: String,
    link: String,
}

async fn request(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&q);
    let w = wallet_texts(lang);
    let (_, _, ids) = match holder(&state, &headers, lang, "/portemonnee/verzoek").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(account) = q.get("rekening").and_then(|r| parse_account(r)).filter(|a| ids.contains(a)) else {
        return message(lang, StatusCode::FORBIDDEN, w.request_title, w.not_yours, "/portemonnee");
    };
    let Some(amount) = q.get("bedrag").and_then(|b| parse_amount(b)) else {
        return wallet_page(&state, &headers, lang, w.bad_amount.to_owned()).await;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let id = hex(&random_bytes::<16>());
    let cents = amount.get();
    let link = format!(
        "http://{host}/portemonnee/betalen?naar={account}&bedrag={},{:02}&kenmerk={id}",
        cents / 100,
        cents % 100
    );
    let qr = match qrcode::QrCode::new(link.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(240, 240).build(),
        Err(_) => String::new(),
    };
    let t = texts(lang);
    let text = match lang {
        Lang::Nl => format!("Laat deze code scannen om {} te ontvangen op rekening {account}.", units(amount, lang)),
        Lang::En => format!("Have this code scanned to receive {} on account {account}.", units(amount, lang)),
    };
    no_store(
        RequestPage {
            t,
            w,
            title: w.request_title,
            stylesheets: STYLESHEETS,
            other_lang_href: format!("/portemonnee?taal={}", t.other_lang),
            text,
            qr,
            link,
        }
        .into_response(),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "betalen.html")]
struct ConfirmPage {
    t: &'static Texts,
    w: &'static WalletTexts,
    title: &'static str,
    stylesheets: &'static [&'static str],
    other_lang_href: String,
    text: String,
    csrf: String,
    to: String,
    amount: String,
    id: String,
    from_accounts: Vec<u128>,
}

async fn confirm(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&q);
    let w = wallet_texts(lang);
    let (session, _, ids) = match holder(&state, &headers, lang, "/portemonnee/betalen").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let to = q.get("naar").and_then(|r| parse_account(r));
    let amount = q.get("bedrag").and_then(|b| parse_amount(b));
    let id = q.get("kenmerk").and_then(|k| parse_id(k));
    let (Some(to), Some(amount), Some(id)) = (to, amount, id) else {
        return message(lang, StatusCode::BAD_REQUEST, w.confirm_title, w.bad_amount, "/portemonnee");
    };
    let t = texts(lang);
    let text = match lang {
        Lang::Nl => format!("U betaalt {} aan rekening {to}.", units(amount, lang)),
        Lang::En => format!("You pay {} to account {to}.", units(amount, lang)),
    };
    no_store(
        ConfirmPage {
            t,
            w,
            title: w.confirm_title,
            stylesheets: STYLESHEETS,
            other_lang_href: format!("/portemonnee?taal={}", t.other_lang),
            text,
            csrf: session.csrf,
            to: to.to_string(),
            amount: format!("{},{:02}", amount.get() / 100, amount.get() % 100),
            id: format!("{:032x}", id.0),
            from_accounts: ids.into_iter().filter(|a| *a != to).collect(),
        }
        .into_response(),
    )
}

async fn pay(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let lang = lang_of(&q);
    let w = wallet_texts(lang);
    let (session, munt, ids) = match holder(&state, &headers, lang, "/portemonnee/betalen").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !same_secret(&session.csrf, form.get("csrf").map(String::as_str).unwrap_or_default()) {
        return message(lang, StatusCode::FORBIDDEN, w.confirm_title, account_texts(lang).form_expired, "/portemonnee");
    }
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let Some(from) = parse_account(field("van")).filter(|a| ids.contains(a)) else {
        return message(lang, StatusCode::FORBIDDEN, w.confirm_title, w.not_yours, "/portemonnee");
    };
    let Some(to) = parse_account(field("naar")) else {
        return wallet_page(&state, &headers, lang, w.bad_account.to_owned()).await;
    };
    let Some(amount) = parse_amount(field("bedrag")) else {
        return wallet_page(&state, &headers, lang, w.bad_amount.to_owned()).await;
    };
    let Some(id) = parse_id(field("kenmerk")) else {
        return message(
            lang,
            StatusCode::BAD_REQUEST,
            w.confirm_title,
            account_texts(lang).form_expired,
            "/portemonnee",
        );
    };
    let acc = state.accounts.as_ref().expect("holder checked");
    if let Err(e) =
        log(acc, &session.user, "betaling in munt", ACTIVITY_WALLET, Subject::Account(&session.user.id)).await
    {
        return internal(lang, "/portemonnee/betalen", &e);
    }
    let command = Command::Execute(Request::Pay { id, from: AccountId(from), to: AccountId(to), amount });
    let result = {
        let mut store = munt.lock().await;
        let day = ledger_day(store.ledger());
        store.submit(day, std::slice::from_ref(&command)).await
    };
    let notice = match result {
        Ok(mut results) => match results.pop() {
            Some(Ok(Outcome::Receipt(r))) => format!("{} {} → {to}", w.paid, units(r.amount, lang)),
            Some(Err(e)) => format!(
                "{} {}",
                w.refused,
                match lang {
                    Lang::Nl => e.message_nl(),
                    Lang::En => e.message_en(),
                }
            ),
            _ => w.paid.to_owned(),
        },
        Err(e) => return internal(lang, "/portemonnee/betalen", &e),
    };
    wallet_page(&state, &headers, lang, notice).await
}
