//! `ademruimte simuleer`: a municipality's households under every package and
//! experiment arm, in bulk, with a report (text, CSV, SVG).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use microsim::work::{WorkScenario, work_effect};
use microsim::{Calibration, Population, report::Report};
use regels::input::parse_user_euros;
use regels::{Error, Lang, ParameterSets, Problem, Variant, input};

use crate::{EXIT_BAD_INPUT, report};

#[derive(Args)]
pub struct Simuleer {
    /// Gemeente met een meegeleverde kalibratie (zie docs/microsim.md).
    #[arg(long, default_value = "groningen")]
    gemeente: String,
    /// Een eigen kalibratiebestand (.toml, zelfde vorm als crates/microsim/data/groningen.toml).
    #[arg(long)]
    kalibratie: Option<PathBuf>,
    /// Aantal huishoudens om te maken. Standaard: het aantal in de kalibratie.
    #[arg(long)]
    huishoudens: Option<usize>,
    /// Startgetal van het toeval: dezelfde seed geeft dezelfde populatie.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Lees de populatie uit een CSV-bestand met personen in plaats van haar te maken.
    #[arg(long)]
    populatie: Option<PathBuf>,
    /// Datum van de berekening (JJJJ-MM-DD). Standaard: vandaag.
    #[arg(long)]
    datum: Option<String>,
    /// Varianten, met komma's gescheiden, of "alle" (standaard). De eerste is de basis waarmee vergeleken wordt;
    /// zonder "basis" komt die vooraan.
    #[arg(long, default_value = "alle")]
    varianten: String,
    /// Netto maandloon in het scenario "de aanvrager gaat werken", in euro.
    #[arg(long, default_value = "500,00")]
    werkloon: String,
    /// Map voor rapport.txt, rapport.csv, kosten.svg en meting.json.
    #[arg(long)]
    uitvoer: Option<PathBuf>,
    /// Schrijf de populatie als CSV met personen.
    #[arg(long = "export-personen")]
    export_personen: Option<PathBuf>,
    /// Schrijf per huishouden en variant de bedragen als CSV.
    #[arg(long = "export-uitkomsten")]
    export_uitkomsten: Option<PathBuf>,
    /// Schrijf per huishouden en variant de bedragen als Parquet (alleen in een build met `--features parquet`).
    #[arg(long = "export-parquet")]
    export_parquet: Option<PathBuf>,
}

fn bad(field: &str, nl: String, en: String) -> ExitCode {
    eprintln!("Fout in {field}: {nl}\nError in {field}: {en}");
    ExitCode::from(EXIT_BAD_INPUT)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExitCode> {
    std::fs::write(path, bytes).map_err(|e| {
        eprintln!("Kan {} niet schrijven: {e}\nCannot write {}: {e}", path.display(), path.display());
        ExitCode::FAILURE
    })
}

pub fn run(args: Simuleer) -> ExitCode {
    let date = match args.datum.as_deref() {
        Some(d) => match input::parse_date(d) {
            Some(date) => date,
            None => return report(&Error::new("--datum", Problem::InvalidDate { text: d.to_owned() }), Lang::Nl),
        },
        None => jiff::Zoned::now().date(),
    };
    let params = match ParameterSets::embedded().and_then(|s| s.for_date(date)) {
        Ok(p) => p,
        Err(e) => return report(&e, Lang::Nl),
    };
    let variants = match select_variants(&args.varianten) {
        Ok(v) => v,
        Err(e) => return report(&e, Lang::Nl),
    };
    let wage = match parse_user_euros("--werkloon", &args.werkloon) {
        Ok(c) if c.get() > 0 => c,
        Ok(_) => {
            return bad("--werkloon", "het loon moet boven nul zijn".into(), "the wage must be above zero".into());
        }
        Err(e) => return report(&e, Lang::Nl),
    };
    let calibration = match &args.kalibratie {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|t| Calibration::parse(&t).map_err(|e| e.to_string())),
        None => Calibration::embedded(&args.gemeente).map_err(|e| e.to_string()),
    };
    let calibration = match calibration {
        Ok(c) => c,
        Err(e) => return bad("--kalibratie", e.clone(), e),
    };
    if let Some(dir) = &args.uitvoer
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("Kan map {} niet maken: {e}\nCannot create {}: {e}", dir.display(), dir.display());
        return ExitCode::FAILURE;
    }

    if args.export_parquet.is_some() && !cfg!(feature = "parquet") {
        return bad(
            "--export-parquet",
            "deze ademruimte is gebouwd zonder Parquet; bouw met `cargo build --release -p ademruimte --features parquet`".into(),
            "this ademruimte was built without Parquet; build with `cargo build --release -p ademruimte --features parquet`".into(),
        );
    }
    let started = Instant::now();
    let population = match &args.populatie {
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    return bad("--populatie", format!("{}: {e}", path.display()), format!("{}: {e}", path.display()));
                }
            };
            match Population::read_csv(&text) {
                Ok(p) => p,
                Err(e) => {
                    return bad(
                        "--populatie",
                        format!("regel {}, kolom '{}': {}", e.line, e.column, e.nl),
                        format!("line {}, column '{}': {}", e.line, e.column, e.en),
                    );
                }
            }
        }
        None => {
            let n = args.huishoudens.unwrap_or(usize::try_from(calibration.households).unwrap_or(0));
            if n == 0 || n > 20_000_000 {
                return bad(
                    "--huishoudens",
                    "kies een aantal van 1 tot en met 20 miljoen".into(),
                    "choose a number from 1 to 20 million".into(),
                );
            }
            Population::generate(&calibration, n, args.seed, date)
        }
    };
    let generated = started.elapsed();
    if let Some(path) = &args.export_personen {
        let mut buf = Vec::new();
        if population.write_csv(&mut buf).is_err() {
            return ExitCode::FAILURE;
        }
        if let Err(code) = write_file(path, &buf) {
            return code;
        }
    }

    let show_progress = std::io::stderr().is_terminal();
    let total = population.len();
    let progress = |done: usize| {
        if show_progress {
            let pct = done * 100 / total.max(1);
            eprint!("\rberekenen / computing: {pct:>3} %");
        }
    };
    let t0 = Instant::now();
    let evaluation = microsim::aggregate(&population, date, params, &variants, &progress);
    let evaluated = t0.elapsed();
    if show_progress {
        eprintln!();
    }
    let t1 = Instant::now();
    let work = work_effect(&population, date, params, &variants, WorkScenario { net_wage: wage });
    let work_time = t1.elapsed();

    let rep = Report {
        gemeente: &calibration.gemeente,
        date,
        households: population.len(),
        persons: population.persons(),
        scale_to: args.populatie.is_none().then_some(calibration.households),
        variants: &variants,
        evaluation: &evaluation,
        work: Some((&work, WorkScenario { net_wage: wage })),
    };
    let text = rep.to_text();
    print!("{text}");
    let timing = format!(
        "\nGemaakt/ingelezen in {} ms; {} huishoudens × {} varianten berekend in {} ms; werkscenario in {} ms ({} rekenkernen).\n",
        generated.as_millis(),
        population.len(),
        variants.len(),
        evaluated.as_millis(),
        work_time.as_millis(),
        rayon::current_num_threads()
    );
    eprint!("{timing}");

    // Per-household rows, computed once for whichever exports ask for them.
    let rows = if args.export_uitkomsten.is_some() || args.export_parquet.is_some() {
        microsim::evaluate_all(&population, date, params, &variants)
    } else {
        Vec::new()
    };
    if let Some(path) = &args.export_uitkomsten {
        let mut out = String::from("huishouden,variant,norm_cent,inkomsten_cent,vrijlating_cent,bijstand_cent\n");
        let n = variants.len();
        for (i, chunk) in rows.chunks(n).enumerate() {
            for (v, a) in variants.iter().zip(chunk) {
                if a.ok {
                    out.push_str(&format!(
                        "{i},{},{},{},{},{}\n",
                        v.id,
                        a.norm.get(),
                        a.income_counted.get(),
                        a.disregard.get(),
                        a.bijstand.get()
                    ));
                }
            }
        }
        if let Err(code) = write_file(path, out.as_bytes()) {
            return code;
        }
    }
    #[cfg(feature = "parquet")]
    if let Some(path) = &args.export_parquet {
        let written = std::fs::File::create(path)
            .map_err(|e| e.to_string())
            .and_then(|f| microsim::parquet_export::write(f, &population, &variants, &rows).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("Kan {} niet schrijven: {e}\nCannot write {}: {e}", path.display(), path.display());
            return ExitCode::FAILURE;
        }
    }
    if let Some(dir) = &args.uitvoer {
        let micros = evaluated.as_micros();
        let meting = format!(
            "{{\"huishoudens\": {}, \"personen\": {}, \"varianten\": {}, \"evaluatie_seconden\": {}.{:06}, \"rekenkernen\": {}}}\n",
            population.len(),
            population.persons(),
            variants.len(),
            micros / 1_000_000,
            micros % 1_000_000,
            rayon::current_num_threads()
        );
        for (name, bytes) in [
            ("rapport.txt", text.as_bytes()),
            ("rapport.csv", rep.to_csv().as_bytes()),
            ("kosten.svg", rep.to_svg().as_bytes()),
            ("meting.json", meting.as_bytes()),
        ] {
            if let Err(code) = write_file(&dir.join(name), bytes) {
                return code;
            }
        }
    }
    let _ = std::io::stdout().flush();
    if evaluation.errors > 0 { ExitCode::from(EXIT_BAD_INPUT) } else { ExitCode::SUCCESS }
}

fn select_variants(list: &str) -> Result<Vec<&'static Variant>, Error> {
    let all = Variant::embedded()?;
    let mut chosen: Vec<&'static Variant> = if list.trim() == "alle" {
        all.iter().collect()
    } else {
        list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(Variant::by_id).collect::<Result<_, _>>()?
    };
    if chosen.first().is_none_or(|v| v.id != "basis") {
        chosen.retain(|v| v.id != "basis");
        chosen.insert(0, Variant::by_id("basis")?);
    }
    Ok(chosen)
}
