//! Errors that a person reads: each names the field and the problem, in Dutch
//! (plain, B1) and in English.

use std::fmt;

use jiff::civil::Date;

/// What went wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Path of the field in the input, e.g. `medebewoners[1].geboortedatum`,
    /// or `datum` for the calculation date.
    pub field: String,
    pub problem: Problem,
}

/// The kind of value a field should hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Object,
    List,
    Text,
    WholeNumber,
    TrueFalse,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The text is not valid JSON.
    MalformedJson {
        line: usize,
        column: usize,
        detail: String,
    },
    /// The input is larger than we accept.
    TooLarge {
        max_bytes: usize,
    },
    Missing,
    WrongType {
        expected: Expected,
    },
    InvalidDate {
        text: String,
    },
    NegativeAmount,
    AmountTooLarge {
        max_euros: i64,
    },
    UnknownValue {
        value: String,
        allowed: &'static [&'static str],
    },
    UnknownField,
    TooMany {
        max: usize,
    },
    /// A file named in the input cannot be read.
    CannotRead {
        detail: String,
    },
    /// A whole number outside its allowed range.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// A date lies after the date of the calculation (a birth date, say).
    AfterCalculationDate {
        date: Date,
        calculation_date: Date,
    },
    /// The calculation date is before the earliest parameter set we have.
    BeforeEarliestParameters {
        earliest: Date,
    },
    /// New amounts apply after the newest parameter set and we do not have
    /// them yet: computing with the old ones would be wrong.
    AfterLatestParameters {
        until: Date,
    },
    /// A person who must be an adult is not.
    TooYoung {
        min_years: u8,
    },
    /// A situation the law covers but this engine does not (yet).
    NotSupported {
        nl: &'static str,
        en: &'static str,
    },
    /// A parameter file is wrong (a programming or data error, not user input).
    Parameter(String),
}

impl Error {
    pub fn new(field: impl Into<String>, problem: Problem) -> Error {
        Error { field: field.into(), problem }
    }

    /// Plain Dutch: "Veld `x`: ...".
    pub fn message_nl(&self) -> String {
        let p = match &self.problem {
            Problem::MalformedJson { line, column, detail } => {
                format!("dit is geen geldige JSON (regel {line}, kolom {column}). Technische melding: {detail}")
            }
            Problem::TooLarge { max_bytes } => {
                format!("het bestand is te groot. Het mag hoogstens {max_bytes} bytes zijn.")
            }
            Problem::Missing => "dit veld ontbreekt, maar is verplicht.".to_owned(),
            Problem::WrongType { expected } => format!("dit moet {} zijn.", expected_nl(*expected)),
            Problem::InvalidDate { text } => {
                format!("\"{text}\" is geen bestaande datum. Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-01.")
            }
            Problem::NegativeAmount => "een bedrag mag niet negatief zijn.".to_owned(),
            Problem::AmountTooLarge { max_euros } => {
                format!("dit bedrag is te hoog. Het mag hoogstens {max_euros} euro zijn.")
            }
            Problem::UnknownValue { value, allowed } => {
                format!("\"{value}\" kennen we niet. Kies uit: {}.", allowed.join(", "))
            }
            Problem::UnknownField => {
                "dit veld kennen we niet. Controleer de spelling (zie schemas/huishouden.schema.json).".to_owned()
            }
            Problem::TooMany { max } => format!("er staan te veel items in. Het maximum is {max}."),
            Problem::OutOfRange { min, max } => format!("dit moet een heel getal van {min} tot en met {max} zijn."),
            Problem::CannotRead { detail } => format!("dit bestand kunnen we niet lezen ({detail})."),
            Problem::AfterCalculationDate { date, calculation_date } => {
                format!("de datum {date} ligt na de datum van de berekening ({calculation_date}).")
            }
            Problem::BeforeEarliestParameters { earliest } => {
                format!("voor deze datum hebben we geen bedragen. De vroegste datum is {earliest}.")
            }
            Problem::AfterLatestParameters { until } => format!(
                "na {until} gelden nieuwe bedragen, en die hebben we nog niet. Met de oude bedragen zou de uitkomst niet kloppen. Kies een datum tot en met {until}."
            ),
            Problem::TooYoung { min_years } => {
                format!("deze persoon moet minstens {min_years} jaar oud zijn.")
            }
            Problem::NotSupported { nl, .. } => format!("dit kunnen we nog niet berekenen: {nl}"),
            Problem::Parameter(detail) => format!("fout in een parameterbestand: {detail}"),
        };
        format!("Veld `{}`: {p}", self.field)
    }

    pub fn message_en(&self) -> String {
        let p = match &self.problem {
            Problem::MalformedJson { line, column, detail } => {
                format!("this is not valid JSON (line {line}, column {column}): {detail}")
            }
            Problem::TooLarge { max_bytes } => {
                format!("the input is too large; at most {max_bytes} bytes are accepted.")
            }
            Problem::Missing => "this field is required but missing.".to_owned(),
            Problem::WrongType { expected } => format!("this must be {}.", expected_en(*expected)),
            Problem::InvalidDate { text } => {
                format!("\"{text}\" is not a valid date. Write it as YYYY-MM-DD, e.g. 2026-03-01.")
            }
            Problem::NegativeAmount => "an amount cannot be negative.".to_owned(),
            Problem::AmountTooLarge { max_euros } => {
                format!("this amount is too large; the maximum is {max_euros} euro.")
            }
            Problem::UnknownValue { value, allowed } => {
                format!("unknown value \"{value}\". Choose one of: {}.", allowed.join(", "))
            }
            Problem::UnknownField => {
                "unknown field. Check the spelling (see schemas/huishouden.schema.json).".to_owned()
            }
            Problem::TooMany { max } => format!("too many items; the maximum is {max}."),
            Problem::OutOfRange { min, max } => format!("this must be a whole number from {min} to {max}."),
            Problem::CannotRead { detail } => format!("this file cannot be read ({detail})."),
            Problem::AfterCalculationDate { date, calculation_date } => {
                format!("the date {date} is after the calculation date ({calculation_date}).")
            }
            Problem::BeforeEarliestParameters { earliest } => {
                format!("there are no amounts for this date; the earliest date is {earliest}.")
            }
            Problem::AfterLatestParameters { until } => format!(
                "new amounts apply after {until} and we do not have them yet; the old ones would give a wrong result. Choose a date up to {until}."
            ),
            Problem::TooYoung { min_years } => {
                format!("this person must be at least {min_years} years old.")
            }
            Problem::NotSupported { en, .. } => format!("this cannot be calculated yet: {en}"),
            Problem::Parameter(detail) => format!("error in a parameter file: {detail}"),
        };
        format!("Field `{}`: {p}", self.field)
    }
}

fn expected_nl(e: Expected) -> &'static str {
    match e {
        Expected::Object => "een object ({ ... })",
        Expected::List => "een lijst ([ ... ])",
        Expected::Text => "tekst tussen aanhalingstekens",
        Expected::WholeNumber => "een heel getal (bedragen in centen, zonder punt of komma)",
        Expected::TrueFalse => "true of false",
    }
}

fn expected_en(e: Expected) -> &'static str {
    match e {
        Expected::Object => "an object ({ ... })",
        Expected::List => "a list ([ ... ])",
        Expected::Text => "a quoted string",
        Expected::WholeNumber => "a whole number (amounts in cents, no dot or comma)",
        Expected::TrueFalse => "true or false",
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_nl(), self.message_en())
    }
}

impl std::error::Error for Error {}
