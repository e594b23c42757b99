//! Shared helpers: bilingual text, bounded free text, stable keys, dates, and
//! the bits of SVG every picture needs.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::error::{Error, Problem};
pub use regels::Lang;

/// A text in Dutch (B1) and English, e.g. a ladder rung's name from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// Pick the Dutch or English of a pair of static texts.
pub fn pick(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// Free text typed by a person, trimmed and checked: not longer than
/// `max_chars` characters (a bound on storage and on what a page must show),
/// no control characters apart from line breaks (they break CSV exports and
/// can hide text on a screen). Empty text is refused when `required`.
pub fn free_text(field: &str, value: &str, max_chars: usize, required: bool) -> Result<String, Error> {
    assert!(max_chars > 0, "a text bound must be positive");
    let trimmed = value.trim();
    if trimmed.is_empty() && required {
        return Err(Error::new(field, Problem::Missing));
    }
    if trimmed.chars().count() > max_chars {
        return Err(Error::new(field, Problem::TooLong { max_chars }));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(Error::new(field, Problem::ControlCharacter));
    }
    Ok(trimmed.to_owned())
}

/// Optional free text: `None` or empty after trimming gives `None`.
pub fn optional_text(field: &str, value: Option<&str>, max_chars: usize) -> Result<Option<String>, Error> {
    match value {
        None => Ok(None),
        Some(v) => {
            let text = free_text(field, v, max_chars, false)?;
            Ok(if text.is_empty() { None } else { Some(text) })
        }
    }
}

/// The key of `value` in a pair of parallel arrays (the `ALL`/`KEYS` pattern
/// of `regels::household::Study`).
pub(crate) fn key_of<T: PartialEq + Copy, const N: usize>(
    all: &[T; N],
    keys: &[&'static str; N],
    value: T,
) -> &'static str {
    let i = all.iter().position(|v| *v == value);
    // Every value is in ALL by construction; the tests check ALL is complete.
    assert!(i.is_some(), "value missing from ALL");
    i.map_or("", |i| keys[i])
}

pub(crate) fn from_key<T: Copy, const N: usize>(all: &[T; N], keys: &[&'static str; N], key: &str) -> Option<T> {
    keys.iter().position(|k| *k == key).map(|i| all[i])
}

/// An error for a key outside a fixed list.
pub(crate) fn unknown_key(field: &str, value: &str, keys: &[&'static str]) -> Error {
    Error::new(
        field,
        Problem::UnknownValue { value: value.to_owned(), allowed: keys.iter().map(|k| (*k).to_owned()).collect() },
    )
}

/// `date` plus `days` days; `None` outside jiff's range (year 9999).
pub(crate) fn plus_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(days.days()).ok()
}

pub(crate) fn plus_months(date: Date, months: i64) -> Option<Date> {
    date.checked_add(months.months()).ok()
}

/// Checks a list of dates is strictly ascending (so also: no two on one date).
pub(crate) fn strictly_ascending(field: &str, dates: impl IntoIterator<Item = Date>) -> Result<(), Error> {
    let mut previous: Option<Date> = None;
    for (i, date) in dates.into_iter().enumerate() {
        if let Some(p) = previous {
            if date == p {
                return Err(Error::new(format!("{field}[{i}].datum"), Problem::SameDate { date }));
            }
            if date < p {
                return Err(Error::new(format!("{field}[{i}].datum"), Problem::NotAfter { date, previous: p }));
            }
        }
        previous = Some(date);
    }
    Ok(())
}

/// Day, month and year in the way each language writes them: `3 maart 2026`,
/// `3 March 2026`.
pub fn date_text(date: Date, lang: Lang) -> String {
    format!("{} {}", date.day(), month_text(date, lang))
}

/// Month and year: `maart 2026`, `March 2026`.
pub fn month_text(date: Date, lang: Lang) -> String {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = usize::try_from(date.month() - 1).unwrap_or(0);
    match lang {
        Lang::Nl => format!("{} {}", NL[m], date.year()),
        Lang::En => format!("{} {}", EN[m], date.year()),
    }
}

/// Escapes text for SVG/XML content and attributes.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Breaks `text` into lines of at most `width` characters at spaces (a word
/// longer than `width` gets a line of its own). SVG has no text wrapping, and
/// a picture must stay readable on a 375 px phone.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    assert!(width > 0);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let fits = line.is_empty() || line.chars().count() + 1 + word.chars().count() <= width;
        if !fits {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn free_text_is_trimmed_and_bounded() {
        assert_eq!(free_text("x", "  hallo ", 10, true).ok().as_deref(), Some("hallo"));
        assert_eq!(free_text("x", "   ", 10, true).map_err(|e| e.problem), Err(Problem::Missing));
        assert_eq!(free_text("x", "", 10, false).ok().as_deref(), Some(""));
        // Characters, not bytes: "ë" is one character.
        assert!(free_text("x", "ëëëëë", 5, true).is_ok());
        assert_eq!(free_text("x", "ëëëëëë", 5, true).map_err(|e| e.problem), Err(Problem::TooLong { max_chars: 5 }));
        assert_eq!(free_text("x", "a\u{0}b", 5, true).map_err(|e| e.problem), Err(Problem::ControlCharacter));
        assert!(free_text("x", "a\nb", 5, true).is_ok());
    }

    #[test]
    fn ascending_dates() {
        let a = date(2026, 1, 1);
        let b = date(2026, 2, 1);
        assert!(strictly_ascending("p", [a, b]).is_ok());
        assert_eq!(
            strictly_ascending("p", [a, a]).map_err(|e| (e.field, e.problem)),
            Err(("p[1].datum".to_owned(), Problem::SameDate { date: a }))
        );
        assert!(matches!(strictly_ascending("p", [b, a]).map_err(|e| e.problem), Err(Problem::NotAfter { .. })));
    }

    #[test]
    fn wrapping_keeps_words_and_width() {
        let lines = wrap("Betaald werk zonder ondersteuning van de gemeente", 20);
        assert_eq!(lines, ["Betaald werk zonder", "ondersteuning van de", "gemeente"]);
        assert!(wrap("", 5).is_empty());
        assert_eq!(wrap("abcdefghij", 4), ["abcdefghij"]);
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(date_text(date(2026, 3, 3), Lang::Nl), "3 maart 2026");
        assert_eq!(date_text(date(2026, 3, 3), Lang::En), "3 March 2026");
    }
}
