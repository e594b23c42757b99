//! `ademruimte loont-werken`: net household income now and with a job, per
//! package, as text, JSON or an SVG chart.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use loontwerken::{Offer, Situation};
use regels::input::parse_user_euros;
use regels::{Error, Lang, Problem, Variant, input};

use crate::{EXIT_BAD_INPUT, Taal, read_input, report};

#[derive(Args)]
pub struct LoontWerken {
    /// JSON-bestand met het huishouden (zoals bij `bereken`), zonder loon uit werk van de aanvrager; "-" leest van stdin.
    huishouden: PathBuf,
    /// Bruto uurloon van de baan, zonder vakantiegeld, in euro ("14,50").
    #[arg(long)]
    uurloon: String,
    /// Uren per week van de baan.
    #[arg(long, default_value_t = 16)]
    uren: u16,
    /// Kale huur per maand in euro ("750,00"), voor de huurtoeslag. Zonder: geen huurwoning.
    #[arg(long)]
    huur: Option<String>,
    /// Vermogen op 1 januari in euro.
    #[arg(long, default_value = "0")]
    vermogen: String,
    /// De hoeveelste maand van het werk (1 = de eerste maand; de vrijlating hangt ervan af).
    #[arg(long = "maand-van-werk", default_value_t = 1)]
    maand_van_werk: u32,
    /// Pakketten, met komma's gescheiden, of "alle". Standaard: de basis en de vijf pakketten.
    #[arg(long)]
    pakketten: Option<String>,
    /// Tot hoeveel uur per week de curve loopt.
    #[arg(long = "tot-uren", default_value_t = 40)]
    tot_uren: u16,
    /// Datum van de berekening (JJJJ-MM-DD). Standaard: vandaag.
    #[arg(long)]
    datum: Option<String>,
    /// Uitvoer: tekst, JSON of een SVG-grafiek.
    #[arg(long, value_enum, default_value_t = Uitvoer::Tekst)]
    formaat: Uitvoer,
    /// Taal.
    #[arg(long, value_enum, default_value_t = Taal::Nl)]
    taal: Taal,
}

#[derive(Clone, Copy, ValueEnum)]
enum Uitvoer {
    Tekst,
    Json,
    Svg,
}

const DEFAULT_PACKAGES: &[&str] = &[
    "basis",
    "kosten-delen",
    "bijverdienen-en-investeren",
    "ondersteuning-op-maat",
    "onderling-samenwerken",
    "dicht-op-de-huid",
];

fn variants(list: Option<&str>) -> Result<Vec<&'static Variant>, Error> {
    match list {
        Some("alle") | Some("all") => Ok(Variant::embedded()?.iter().collect()),
        Some(list) => list.split(',').map(|id| Variant::by_id(id.trim())).collect(),
        None => DEFAULT_PACKAGES.iter().map(|id| Variant::by_id(id)).collect(),
    }
}

pub fn run(args: LoontWerken) -> ExitCode {
    let lang: Lang = args.taal.into();
    let text = match read_input(&args.huishouden) {
        Ok(text) => text,
        Err(e) => {
            eprintln!(
                "Kan {} niet lezen: {e}\nCannot read {}: {e}",
                args.huishouden.display(),
                args.huishouden.display()
            );
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let result = (|| {
        let date = match &args.datum {
            Some(d) => {
                input::parse_date(d).ok_or_else(|| Error::new("--datum", Problem::InvalidDate { text: d.clone() }))?
            }
            None => jiff::Zoned::now().date(),
        };
        let hourly = parse_user_euros("--uurloon", &args.uurloon)?;
        let rent = args.huur.as_deref().map(|h| parse_user_euros("--huur", h)).transpose()?;
        let assets = parse_user_euros("--vermogen", &args.vermogen)?;
        if args.uren > args.tot_uren {
            return Err(Error::new("--uren", Problem::OutOfRange { min: 0, max: i64::from(args.tot_uren) }));
        }
        let household = input::parse_household(&text)?;
        let situation = Situation { household, rent, assets, work_month: args.maand_van_werk, date };
        let offer = Offer { hourly_gross: hourly };
        let curves = variants(args.pakketten.as_deref())?
            .into_iter()
            .map(|v| loontwerken::curve(&situation, offer, v, args.tot_uren))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(match args.formaat {
            Uitvoer::Tekst => loontwerken::render::to_text(&situation, hourly, args.uren, &curves, lang),
            Uitvoer::Json => {
                let json = loontwerken::render::to_json(&situation, hourly, args.uren, &curves, lang);
                serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
            }
            Uitvoer::Svg => loontwerken::svg::chart(&curves, hourly, lang),
        })
    })();
    match result {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => report(&e, lang),
    }
}
