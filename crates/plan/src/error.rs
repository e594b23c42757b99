//! Errors that a person reads: each names the field and the problem, in Dutch
//! (plain, B1) and in English, in the style of `regels::error`.
//!
//! A refusal because of someone's role ([`Problem::NotAllowed`]) is an error
//! like any other: the web layer shows it at the form, and the resident's
//! ownership of the plan is enforced here, not in a handler.

use std::fmt;

use jiff::civil::Date;
use platform::rol::Role;

/// What went wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Path of the field as a form or stored record names it (Dutch keys,
    /// like the ladder file's), e.g. `doelen[2].titel` or `adressen[14].postcode`.
    pub field: String,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A required value is empty.
    Missing,
    /// A text is longer than its bound (counted in characters, not bytes).
    TooLong { max_chars: usize },
    /// A text holds a control character (other than a line break).
    ControlCharacter,
    /// A list is longer than its bound.
    TooMany { max: usize },
    /// A list is shorter than it must be.
    TooFew { min: usize },
    /// A whole number outside its allowed range.
    OutOfRange { min: i64, max: i64 },
    /// A key that is not in the fixed list.
    UnknownValue { value: String, allowed: Vec<String> },
    /// A value that does not have the expected form (a buurt code, a postcode).
    Format { nl: &'static str, en: &'static str },
    /// The same value twice where each may appear once.
    Duplicate { value: String },
    /// Two entries on one date where one per date is allowed.
    SameDate { date: Date },
    /// A date must lie after an earlier one.
    NotAfter { date: Date, previous: Date },
    /// A date may not lie before `earliest`.
    TooEarly { date: Date, earliest: Date },
    /// A date may not lie after `latest`.
    TooLate { date: Date, latest: Date },
    /// Nothing with this id or number exists.
    NotFound,
    /// This role may not do this. `nl`/`en` say who may, and why.
    NotAllowed { role: Role, nl: &'static str, en: &'static str },
    /// The action does not fit the state of the record (accepting a step that
    /// is no suggestion, consent without interest).
    WrongState { nl: &'static str, en: &'static str },
    /// A ladder file is wrong: a configuration error, not a resident's input.
    Data { detail: String },
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
            Problem::SameDate { date } => format!("op {date} staat al iets. Per datum mag er maar één zijn."),
            Problem::NotAfter { date, previous } => {
                format!("de datum {date} moet na {previous} liggen. Zet de data op volgorde.")
            }
            Problem::TooEarly { date, earliest } => {
                format!("de datum {date} ligt te vroeg. De vroegste datum is {earliest}.")
            }
            Problem::TooLate { date, latest } => format!("de datum {date} ligt te laat. De laatste datum is {latest}."),
            Problem::NotFound => "dit bestaat niet (meer).".to_owned(),
            Problem::NotAllowed { role, nl, .. } => format!("als {} mag u dit niet doen. {nl}", role.label_nl()),
            Problem::WrongState { nl, .. } => format!("dit kan nu niet. {nl}"),
            Problem::Data { detail } => format!("fout in een ladderbestand: {detail}"),
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
            Problem::SameDate { date } => format!("there is already an entry on {date}; one per date is allowed."),
            Problem::NotAfter { date, previous } => {
                format!("the date {date} must be after {previous}. Put the dates in order.")
            }
            Problem::TooEarly { date, earliest } => {
                format!("the date {date} is too early; the earliest date is {earliest}.")
            }
            Problem::TooLate { date, latest } => format!("the date {date} is too late; the latest date is {latest}."),
            Problem::NotFound => "this does not exist (any more).".to_owned(),
            Problem::NotAllowed { role, en, .. } => format!("as {} you may not do this. {en}", role.label_en()),
            Problem::WrongState { en, .. } => format!("this is not possible now. {en}"),
            Problem::Data { detail } => format!("error in a ladder file: {detail}"),
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
