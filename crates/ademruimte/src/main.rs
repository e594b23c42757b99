//! `ademruimte`: the one binary of the platform.
//!
//! Subcommands:
//! - `bereken`: compute the bijstand of one household, with its explanation,
//!   in the base scheme or under a package (`--pakket`).
//! - `pakketten`: list the packages and experiment arms.
//! - `loont-werken`: net household income with and without a job, per package.
//! - `simuleer`: a municipality's households under every package (microsimulation).
//! - `munt`: the local currency (accounts, payments, redemption, reports) on the database.
//! - `serve`: the web application (pages and JSON API).
//! - `reservekopie`: a consistent, checked copy of the database while it runs.

mod loont_werken;
mod munt;
mod reservekopie;
mod serve;
mod simuleer;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use regels::{Lang, ParameterSets, Variant, input, render};

#[derive(Parser)]
#[command(
    name = "ademruimte",
    version,
    about = "Ademruimte: bijstand op vertrouwen / social assistance built on trust"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Bereken de bijstand van een huishouden / Compute a household's social assistance.
    Bereken {
        /// JSON-bestand met het huishouden (zie schemas/huishouden.schema.json); "-" leest van stdin.
        huishouden: PathBuf,
        /// Datum van de berekening (JJJJ-MM-DD). Standaard: vandaag.
        #[arg(long)]
        datum: Option<String>,
        /// Uitvoer: leesbare tekst of JSON.
        #[arg(long, value_enum, default_value_t = Formaat::Tekst)]
        formaat: Formaat,
        /// Taal van de uitleg.
        #[arg(long, value_enum, default_value_t = Taal::Nl)]
        taal: Taal,
        /// Pakket of experimentgroep: een naam uit `ademruimte pakketten`, of een eigen .toml-bestand.
        #[arg(long)]
        pakket: Option<String>,
    },
    /// Loont werken? Netto inkomen nu en met een baan, per pakket / Does work pay? Net income with and without a job.
    LoontWerken(loont_werken::LoontWerken),
    /// Simuleer alle huishoudens van een gemeente onder elk pakket / Simulate a municipality under every package.
    Simuleer(simuleer::Simuleer),
    /// De lokale munt: rekeningen, betalen, inwisselen, rapport / The local currency.
    Munt(munt::Munt),
    /// Start de webapplicatie / Start the web application.
    Serve(serve::Serve),
    /// Maak een gecontroleerde reservekopie van de database terwijl die draait / Make a checked backup while running.
    Reservekopie(reservekopie::Reservekopie),
    /// Toon de pakketten en experimentgroepen / List the packages and experiment arms.
    Pakketten {
        /// Taal.
        #[arg(long, value_enum, default_value_t = Taal::Nl)]
        taal: Taal,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Formaat {
    Tekst,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Taal {
    Nl,
    En,
}

/// Exit code for bad input (the person can fix it); 1 is for everything else.
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Bereken { huishouden, datum, formaat, taal, pakket } => {
            bereken(&huishouden, datum.as_deref(), formaat, taal.into(), pakket.as_deref())
        }
        Command::Pakketten { taal } => pakketten(taal.into()),
        Command::LoontWerken(args) => loont_werken::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Reservekopie(args) => reservekopie::run(args),
        Command::Simuleer(args) => simuleer::run(args),
        Command::Munt(args) => munt::run(args),
    }
}

impl From<Taal> for Lang {
    fn from(t: Taal) -> Lang {
        match t {
            Taal::Nl => Lang::Nl,
            Taal::En => Lang::En,
        }
    }
}

fn pakketten(lang: Lang) -> ExitCode {
    match Variant::embedded() {
        Ok(all) => {
            for v in all {
                println!("{:<32} {}\n{:<32} {}\n", v.id, v.name.get(lang), "", v.description.get(lang));
            }
            ExitCode::SUCCESS
        }
        Err(e) => report(&e, lang),
    }
}

/// A shipped variant by name, or a municipality's own file (`*.toml`).
fn load_variant(name: &str) -> Result<Variant, regels::Error> {
    if !name.ends_with(".toml") {
        return Variant::by_id(name).cloned();
    }
    let path = std::path::Path::new(name);
    let text = std::fs::read_to_string(path)
        .map_err(|e| regels::Error::new("--pakket", regels::Problem::CannotRead { detail: e.to_string() }))?;
    let file_name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    Variant::parse(&file_name, &text)
}

fn bereken(
    path: &std::path::Path,
    datum: Option<&str>,
    formaat: Formaat,
    lang: Lang,
    pakket: Option<&str>,
) -> ExitCode {
    let text = match read_input(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("Kan {} niet lezen: {e}\nCannot read {}: {e}", path.display(), path.display());
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let date = match datum {
        Some(d) => match input::parse_date(d) {
            Some(date) => date,
            None => {
                let e = regels::Error::new("--datum", regels::Problem::InvalidDate { text: d.to_owned() });
                return report(&e, lang);
            }
        },
        None => jiff::Zoned::now().date(),
    };
    let variant = match pakket.map(load_variant).transpose() {
        Ok(v) => v,
        Err(e) => {
            // A variant file is input the person can fix, even when its
            // problem is worded as a parameter-file problem.
            report(&e, lang);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let outcome = ParameterSets::embedded().and_then(|sets| sets.for_date(date)).and_then(|params| {
        let household = input::parse_household(&text)?;
        match &variant {
            Some(v) => regels::calculate_variant(&household, date, params, v),
            None => regels::calculate(&household, date, params),
        }
    });
    match outcome {
        Ok(outcome) => {
            match formaat {
                Formaat::Tekst => print!("{}", render::to_text(&outcome, lang)),
                Formaat::Json => match serde_json::to_string_pretty(&render::to_json(&outcome, lang)) {
                    Ok(json) => println!("{json}"),
                    Err(e) => {
                        eprintln!("Interne fout / internal error: {e}");
                        return ExitCode::FAILURE;
                    }
                },
            }
            ExitCode::SUCCESS
        }
        Err(e) => report(&e, lang),
    }
}

fn report(e: &regels::Error, lang: Lang) -> ExitCode {
    match lang {
        Lang::Nl => eprintln!("Fout: {}\nError: {}", e.message_nl(), e.message_en()),
        Lang::En => eprintln!("Error: {}\nFout: {}", e.message_en(), e.message_nl()),
    }
    if matches!(e.problem, regels::Problem::Parameter(_)) { ExitCode::FAILURE } else { ExitCode::from(EXIT_BAD_INPUT) }
}

fn read_input(path: &std::path::Path) -> std::io::Result<String> {
    // Read one byte more than the parser accepts, so it can report "too large"
    // without us holding an unbounded upload in memory.
    let limit = u64::try_from(input::INPUT_BYTES_MAX + 1).unwrap_or(u64::MAX);
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin().take(limit).read_to_string(&mut text)?;
    } else {
        std::fs::File::open(path)?.take(limit).read_to_string(&mut text)?;
    }
    Ok(text)
}
