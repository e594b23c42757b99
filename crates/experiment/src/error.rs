//! Errors that a person reads: each names the field and the problem, in Dutch
//! (plain, B1) and in English, in the style of `regels::error` and
//! `plan::error`. Nothing in this crate panics on bad input; it returns one
//! of these.

use std::fmt;

use jiff::civil::Date;

/// What went wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Path of the field as a form or stored record names it (Dutch keys),
    /// e.g. `armen[2].gewicht` or `deelnemers[14].toestemming.datum`.
    pub field: String,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A required value is empty.
    Missing,
    /// A text is longer than its bound (counted in characters).
    TooLong { max_chars: usize },
    /// A text holds a control character (other than a line break).
    ControlCharacter,
    /// A list is longer than its bound.
    TooMany { max: usize },
    /// A list is shorter than it must be.
    TooFew { min: usize },
    /// A whole number outside its allowed range.
    OutOfRange { min: i64, max: i64 },
    /// A key that is not in the list of allowed keys.
    UnknownValue { value: String, allowed: Vec<String> },
    /// A value that does not have the expected form.
    Format { nl: &'static str, en: &'static str },
    /// The same value twice where each may appear once.
    Duplicate { value: String },
    /// A date must lie after an earlier one.
    NotAfter { date: Date, previous: Date },
    /// A date may not lie before `earliest`.
    TooEarly { date: Date, earliest: Date },
    /// A date may not lie after `latest`.
    TooLate { date: Date, latest: Date },
    /// Nothing with this id exists.
    NotFound,
    /// The resident does not meet an eligibility rule of the design.
    NotEligible { nl: String, en: String },
    /// The action does not fit the state of the record (choosing a package
    /// in a randomised arm, a measurement after withdrawal).
    WrongState { nl: &'static str, en: &'static str },
}

impl Error {
    pub fn new(field: impl Into<String>, problem: Problem) -> Error {
        Error { field: field.into(), problem }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: regels::Lang) -> String {
        match lang {
            regels::Lang::Nl => self.message_nl(),
            regels::Lang::En => self.message_en(),
        }
    }

    /// Plain Dutch: "Veld `x`: ...".
    pub fn message_nl(&self) -> String {
        let p = match &self.problem {
            Problem::Missing => "dit veld is leeg, maar moet ingevuld zijn.".to_owned(),
            Problem::TooLong { max_chars } => {
                format!("deze tekst is te lang. Hij mag hoogstens {max_chars} tekens zijn.")
            }
            Problem::ControlCharacter => "in deze tekst staat een teken dat niet mag (een stuurteken).".to_owned(),
            Problem::TooMany { max } => format!("er staan te veel items in. Het maximum is {max}."),
            Problem::TooFew { min } => format!("er staan te weinig items in. Het minimum is {min}."),
            Problem::OutOfRange { min, max } => format!("dit moet een heel getal van {min} tot en met {max} zijn."),
            Problem::UnknownValue { value, allowed } => {
                format!("\"{value}\" kennen we niet. Kies uit: {}.", allowed.join(", "))
            }
            Problem::Format { nl, .. } => format!("dit heeft niet de goede vorm. {nl}"),
            Problem::Duplicate { value } => format!("\"{value}\" staat er twee keer in. Dat mag maar één keer."),
            Problem::NotAfter { date, previous } => {
                format!("de datum {date} moet na {previous} liggen. Zet de data op volgorde.")
            }
            Problem::TooEarly { date, earliest } => {
                format!("de datum {date} ligt te vroeg. De vroegste datum is {earliest}.")
            }
            Problem::TooLate { date, latest } => format!("de datum {date} ligt te laat. De laatste datum is {latest}."),
            Problem::NotFound => "dit bestaat niet (meer).".to_owned(),
            Problem::NotEligible { nl, .. } => format!("deze inwoner kan niet meedoen. {nl}"),
            Problem::WrongState { nl, .. } => format!("dit kan nu niet. {nl}"),
        };
        format!("Veld `{}`: {p}", self.field)
    }

    pub fn message_en(&self) -> String {
        let p = match &self.problem {
            Problem::Missing => "this field is empty but is required.".to_owned(),
            Problem::TooLong { max_chars } => format!("this text is too long; at most {max_chars} characters."),
            Problem::ControlCharacter => {
                "this text holds a character that is not allowed (a control character).".to_owned()
            }
            Problem::TooMany { max } => format!("too many items; the maximum is {max}."),
            Problem::TooFew { min } => format!("too few items; the minimum is {min}."),
            Problem::OutOfRange { min, max } => format!("this must be a whole number from {min} to {max}."),
            Problem::UnknownValue { value, allowed } => {
                format!("unknown value \"{value}\". Choose one of: {}.", allowed.join(", "))
            }
            Problem::Format { en, .. } => format!("this does not have the right form. {en}"),
            Problem::Duplicate { value } => format!("\"{value}\" appears twice; it may appear only once."),
            Problem::NotAfter { date, previous } => {
                format!("the date {date} must be after {previous}. Put the dates in order.")
            }
            Problem::TooEarly { date, earliest } => {
                format!("the date {date} is too early; the earliest date is {earliest}.")
            }
            Problem::TooLate { date, latest } => format!("the date {date} is too late; the latest date is {latest}."),
            Problem::NotFound => "this does not exist (any more).".to_owned(),
            Problem::NotEligible { en, .. } => format!("this resident cannot take part. {en}"),
            Problem::WrongState { en, .. } => format!("this is not possible now. {en}"),
        };
        format!("Field `{}`: {p}", self.field)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_nl(), self.message_en())
    }
}

impl std::error::Error for Error {}

/// Checks a free text: not empty, at most `max_chars` characters, no control
/// characters except line breaks.
pub(crate) fn check_text(field: &str, text: &str, max_chars: usize) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(Error::new(field, Problem::Missing));
    }
    if text.chars().count() > max_chars {
        return Err(Error::new(field, Problem::TooLong { max_chars }));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::new(field, Problem::ControlCharacter));
    }
    Ok(())
}

/// Checks a stable key: 1–40 characters from `a-z`, `0-9`, `-` and `_`.
pub(crate) fn check_key(field: &str, key: &str) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::new(field, Problem::Missing));
    }
    if key.len() > 40 || !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_') {
        return Err(Error::new(
            field,
            Problem::Format {
                nl: "Een sleutel heeft 1 tot 40 tekens: kleine letters, cijfers, - en _.",
                en: "A key has 1 to 40 characters: lower-case letters, digits, - and _.",
            },
        ));
    }
    Ok(())
}

/// The error for a key outside a fixed list.
pub(crate) fn unknown_key(field: &str, value: &str, allowed: &[&str]) -> Error {
    Error::new(
        field,
        Problem::UnknownValue { value: value.to_owned(), allowed: allowed.iter().map(|s| (*s).to_owned()).collect() },
    )
}
