//! Small helpers the plan, zelfredzaamheid, buddy and home-visit pages share
//! for reading forms and saying what went wrong.

use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use regels::Lang;

use crate::account::{account_texts, message};
use crate::pages::FieldError;

/// Form or query fields in order, so a field may repeat (checkboxes).
pub(crate) type Pairs = Vec<(String, String)>;

/// The language asked for with `?taal=en`; Dutch otherwise.
pub(crate) fn lang_of(q: &Pairs) -> Lang {
    if q.iter().any(|(k, v)| k == "taal" && v == "en") { Lang::En } else { Lang::Nl }
}

/// The message of the error at element `id`, or "" when there is none.
pub(crate) fn error_at(errors: &[FieldError], id: &str) -> String {
    errors.iter().find(|e| e.field == id).map(|e| e.message.clone()).unwrap_or_default()
}

/// The first value of a field, or "".
pub(crate) fn one(form: &Pairs, key: &str) -> String {
    form.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

pub(crate) fn today() -> Date {
    jiff::Zoned::now().date()
}

/// A plan error as a sentence (without the "Veld `x`:" prefix).
pub(crate) fn sentence(e: &plan::Error, lang: Lang) -> String {
    let m = e.message(lang);
    let rest = m.split_once("`: ").map_or(m.as_str(), |(_, r)| r);
    let mut c = rest.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// A form without a valid CSRF token or version: 403, "the form has expired".
pub(crate) fn forbidden_form(lang: Lang, here: &str) -> Response {
    let a = account_texts(lang);
    message(lang, StatusCode::FORBIDDEN, a.denied_title, a.form_expired, here)
}

pub(crate) fn not_a_date(lang: Lang) -> String {
    plan::text::pick(
        lang,
        "Dit is geen datum. Schrijf de datum als jaar-maand-dag, bijvoorbeeld 2026-12-01.",
        "This is not a date. Write the date as year-month-day, for example 2026-12-01.",
    )
    .to_owned()
}
