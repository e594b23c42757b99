//! `ademruimte munt`: the local currency from the command line, on the
//! project's database (SQLite by default, PostgreSQL with a postgres:// URL).

use std::io::Read;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use munt::{AccountId, AccountKind, Config, Day, OpenAccount, PartyId, Request, TransferId, Units};
use opslag::{Command, Database, MuntStore, Outcome};

use crate::EXIT_BAD_INPUT;

#[derive(Args)]
pub struct Munt {
    /// Database: sqlite://pad.db (standaard: ademruimte.db naast de werkmap) of postgres://…
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://ademruimte.db")]
    database: String,
    /// Datum van de handeling (JJJJ-MM-DD). Standaard: vandaag.
    #[arg(long, global = true)]
    datum: Option<String>,
    /// Uitvoer als tekst of JSON.
    #[arg(long, value_enum, default_value_t = Formaat::Tekst, global = true)]
    formaat: Formaat,
    #[command(subcommand)]
    opdracht: Opdracht,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Formaat {
    Tekst,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Soort {
    Bewoner,
    Ondernemer,
}

#[derive(Subcommand)]
enum Opdracht {
    /// Open een rekening voor een bewoner of ondernemer / Open an account.
    RekeningOpenen {
        #[arg(long)]
        rekening: u128,
        #[arg(long, value_enum)]
        soort: Soort,
        /// Nummer van de eigenaar (een persoon of bedrijf); gelijke eigenaren maken geen hops.
        #[arg(long)]
        eigenaar: u128,
        /// De identiteit is nog niet gecontroleerd (geen hops, niet inwisselen).
        #[arg(long)]
        niet_geverifieerd: bool,
        /// Maximaal saldo in euro; zonder: de standaard voor de soort.
        #[arg(long)]
        maximum: Option<String>,
    },
    /// Zet de controle van de identiteit aan of uit / Mark an account verified or not.
    Verifieren {
        #[arg(long)]
        rekening: u128,
        #[arg(long)]
        intrekken: bool,
    },
    /// Euro's in, munt uit / Issue: euros in, currency out.
    Uitgeven {
        #[arg(long)]
        naar: u128,
        #[arg(long)]
        bedrag: String,
        /// Eigen kenmerk (hex, 32 tekens max). Zelfde kenmerk nog eens: geen dubbele boeking.
        #[arg(long)]
        id: Option<String>,
    },
    /// Betaal / Pay.
    Betalen {
        #[arg(long)]
        van: u128,
        #[arg(long)]
        naar: u128,
        #[arg(long)]
        bedrag: String,
        #[arg(long)]
        id: Option<String>,
    },
    /// Betaalverzoek (QR): reserveer het bedrag / Payment request: reserve the amount.
    Verzoek {
        #[arg(long)]
        van: u128,
        #[arg(long)]
        naar: u128,
        #[arg(long)]
        bedrag: String,
        #[arg(long)]
        id: Option<String>,
    },
    /// Voer een betaalverzoek uit / Complete a payment request.
    Bevestigen {
        #[arg(long)]
        verzoek: String,
        #[arg(long)]
        id: Option<String>,
    },
    /// Trek een betaalverzoek in / Cancel a payment request.
    Annuleren {
        #[arg(long)]
        verzoek: String,
        #[arg(long)]
        id: Option<String>,
    },
    /// Wissel munt in voor euro's / Redeem for euros.
    Inwisselen {
        #[arg(long)]
        van: u128,
        #[arg(long)]
        bedrag: String,
        #[arg(long)]
        id: Option<String>,
    },
    /// Saldo en boekingen van een rekening / Balance and entries of an account.
    Afschrift {
        #[arg(long)]
        rekening: u128,
    },
    /// Boek de demurrage tot vandaag en laat verlopen verzoeken vervallen / Book demurrage and expire requests.
    Demurrage,
    /// Geld in omloop, omloopsnelheid, ingewisseld, demurrage, fonds / Report.
    Rapport {
        /// Eerste dag (JJJJ-MM-DD); standaard de startdag.
        #[arg(long)]
        van: Option<String>,
    },
}

fn bad(field: &str, nl: &str, en: &str) -> ExitCode {
    eprintln!("Fout in {field}: {nl}\nError in {field}: {en}");
    ExitCode::from(EXIT_BAD_INPUT)
}

fn day_of(field: &str, text: Option<&str>) -> Result<Day, ExitCode> {
    let date = match text {
        Some(t) => regels::input::parse_date(t)
            .ok_or_else(|| bad(field, "geen datum als 2026-11-23", "not a date like 2026-11-23"))?,
        None => jiff::Zoned::now().date(),
    };
    Day::from_date(date).map_err(|e| bad(field, &e.message_nl(), &e.message_en()))
}

fn units(field: &str, text: &str) -> Result<Units, ExitCode> {
    regels::input::parse_user_euros(field, text)
        .map(|c| Units::new(c.get()))
        .map_err(|e| bad(field, &e.message_nl(), &e.message_en()))
}

fn transfer_id(field: &str, text: Option<&str>) -> Result<TransferId, ExitCode> {
    match text {
        Some(t) => u128::from_str_radix(t.trim_start_matches("0x"), 16)
            .ok()
            .filter(|v| *v != 0 && *v != u128::MAX)
            .map(TransferId)
            .ok_or_else(|| {
                bad(field, "geen kenmerk van 1 tot 32 hexadecimale tekens", "not an id of 1 to 32 hex digits")
            }),
        None => {
            // A fresh random id; printed, so a retry can reuse it.
            let mut bytes = [0u8; 16];
            std::fs::File::open("/dev/urandom")
                .and_then(|mut f| f.read_exact(&mut bytes))
                .map_err(|e| bad(field, &format!("geen toeval beschikbaar: {e}"), &format!("no randomness: {e}")))?;
            Ok(TransferId(u128::from_le_bytes(bytes).clamp(1, u128::MAX - 1)))
        }
    }
}

fn euros(u: Units) -> String {
    regels::Cents::new(u.get()).display_nl()
}

pub fn run(args: Munt) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("Interne fout / internal error: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(run_async(args))
}

async fn run_async(args: Munt) -> ExitCode {
    let day = match day_of("--datum", args.datum.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let command = match build(&args.opdracht) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let db = match Database::connect(&args.database).await {
        Ok(db) => db,
        Err(e) => return bad("--database", &e.nl, &format!("{} ({})", e.en, e.detail)),
    };
    let mut store = match MuntStore::open(db, Config::default(), day).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Fout: {}\nError: {} {}", e.nl, e.en, e.detail);
            return ExitCode::FAILURE;
        }
    };
    let json = args.formaat == Formaat::Json;
    let code = match command {
        Some(cmds) => match store.submit(day, &cmds).await {
            Ok(results) => {
                let mut code = ExitCode::SUCCESS;
                for (cmd, r) in cmds.iter().zip(results) {
                    match r {
                        Ok(outcome) => print_outcome(cmd, &outcome, json),
                        Err(e) => {
                            eprintln!("Geweigerd: {}\nRefused: {}", e.message_nl(), e.message_en());
                            code = ExitCode::from(EXIT_BAD_INPUT);
                        }
                    }
                }
                code
            }
            Err(e) => {
                eprintln!("Niet opgeslagen: {}\nNot stored: {} {}", e.nl, e.en, e.detail);
                ExitCode::FAILURE
            }
        },
        None => show(&store, &args.opdracht, day, json),
    };
    store.database().close().await;
    code
}

/// The commands to store, or `None` for the read-only views.
fn build(o: &Opdracht) -> Result<Option<Vec<Command>>, ExitCode> {
    let cmd = match o {
        Opdracht::RekeningOpenen { rekening, soort, eigenaar, niet_geverifieerd, maximum } => {
            Command::OpenAccount(OpenAccount {
                id: AccountId(*rekening),
                kind: match soort {
                    Soort::Bewoner => AccountKind::Resident,
                    Soort::Ondernemer => AccountKind::Merchant,
                },
                owner: PartyId(*eigenaar),
                verified: !niet_geverifieerd,
                max_balance: maximum.as_deref().map(|m| units("--maximum", m)).transpose()?,
            })
        }
        Opdracht::Verifieren { rekening, intrekken } => {
            Command::SetVerified { account: AccountId(*rekening), verified: !intrekken }
        }
        Opdracht::Uitgeven { naar, bedrag, id } => Command::Execute(Request::Issue {
            id: transfer_id("--id", id.as_deref())?,
            to: AccountId(*naar),
            amount: units("--bedrag", bedrag)?,
        }),
        Opdracht::Betalen { van, naar, bedrag, id } => Command::Execute(Request::Pay {
            id: transfer_id("--id", id.as_deref())?,
            from: AccountId(*van),
            to: AccountId(*naar),
            amount: units("--bedrag", bedrag)?,
        }),
        Opdracht::Verzoek { van, naar, bedrag, id } => Command::Execute(Request::Reserve {
            id: transfer_id("--id", id.as_deref())?,
            from: AccountId(*van),
            to: AccountId(*naar),
            amount: units("--bedrag", bedrag)?,
        }),
        Opdracht::Bevestigen { verzoek, id } => Command::Execute(Request::Post {
            id: transfer_id("--id", id.as_deref())?,
            pending: transfer_id("--verzoek", Some(verzoek))?,
        }),
        Opdracht::Annuleren { verzoek, id } => Command::Execute(Request::Void {
            id: transfer_id("--id", id.as_deref())?,
            pending: transfer_id("--verzoek", Some(verzoek))?,
        }),
        Opdracht::Inwisselen { van, bedrag, id } => Command::Execute(Request::Redeem {
            id: transfer_id("--id", id.as_deref())?,
            from: AccountId(*van),
            amount: units("--bedrag", bedrag)?,
        }),
        Opdracht::Demurrage => return Ok(Some(vec![Command::RunDemurrage, Command::ExpirePendings])),
        Opdracht::Afschrift { .. } | Opdracht::Rapport { .. } => return Ok(None),
    };
    Ok(Some(vec![cmd]))
}

fn print_outcome(cmd: &Command, outcome: &Outcome, json: bool) {
    if json {
        println!("{}", serde_json::json!({ "opdracht": cmd, "uitkomst": outcome }));
        return;
    }
    match outcome {
        Outcome::Opened => println!("Rekening is open. / Account is open."),
        Outcome::Verified => println!("Opgeslagen. / Stored."),
        Outcome::Receipt(r) => {
            println!("Geboekt / booked: kenmerk {:x}, dag {}, bedrag {}", r.id.0, r.day.0, euros(r.amount));
            if r.fee.get() > 0 {
                println!("Kosten voor het fonds / fee to the fund: {}", euros(r.fee));
            }
            if r.euro_cents > 0 {
                println!("Euro / euros: {}", regels::Cents::new(r.euro_cents).display_nl());
            }
        }
        Outcome::Demurrage(u) => println!("Demurrage geboekt / booked: {}", euros(*u)),
        Outcome::Expired(n) => println!("Verlopen betaalverzoeken / expired requests: {n}"),
    }
}

fn show(store: &MuntStore, o: &Opdracht, day: Day, json: bool) -> ExitCode {
    let ledger = store.ledger();
    match o {
        Opdracht::Afschrift { rekening } => {
            let id = AccountId(*rekening);
            let view = match ledger.account_on(id, day.max(ledger.today())) {
                Ok(v) => v,
                Err(e) => return bad("--rekening", &e.message_nl(), &e.message_en()),
            };
            let entries: Vec<_> = ledger.journal().iter().filter(|e| e.debit == id || e.credit == id).collect();
            if json {
                println!("{}", serde_json::json!({ "rekening": view, "boekingen": entries }));
            } else {
                println!(
                    "Rekening {} — saldo {}, beschikbaar {}, inwisselbaar {}",
                    id.0,
                    euros(view.balance),
                    euros(view.available),
                    euros(view.redeemable)
                );
                println!(
                    "Account {} — balance {}, available {}, redeemable {}",
                    id.0,
                    euros(view.balance),
                    euros(view.available),
                    euros(view.redeemable)
                );
                for e in entries {
                    let sign = if e.credit == id { "+" } else { "-" };
                    println!("  dag {:>6}  {:<14} {sign}{}", e.day.0, format!("{:?}", e.kind), euros(e.amount));
                }
            }
            ExitCode::SUCCESS
        }
        Opdracht::Rapport { van } => {
            let from = match van.as_deref() {
                Some(_) => match day_of("--van", van.as_deref()) {
                    Ok(d) => d,
                    Err(code) => return code,
                },
                None => store.start_day(),
            };
            let to = ledger.today();
            match ledger.report(from.min(to), to) {
                Ok(r) if json => {
                    println!("{}", serde_json::to_string(&r).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Ok(r) => {
                    println!("Uitgegeven / issued:            {}", euros(r.issued));
                    println!("In omloop / in circulation:     {}", euros(r.circulation));
                    println!("  waarvan inwisselbaar / redeemable: {}", euros(r.redeemable));
                    println!("Ingewisseld / redeemed:         {}", euros(r.redeemed));
                    println!("Kosten naar fonds / fees:       {}", euros(r.fees));
                    println!("Demurrage:                      {}", euros(r.demurrage_collected));
                    println!("Fonds / fund balance:           {}", euros(r.fund_balance));
                    println!("Euro-reserve / reserve:         {}", regels::Cents::new(r.reserve_cents).display_nl());
                    println!(
                        "Deel ingewisseld / share redeemed: {},{:02} %",
                        r.share_redeemed_bp / 100,
                        r.share_redeemed_bp % 100
                    );
                    match r.velocity_bp {
                        Some(v) => println!(
                            "Omloopsnelheid / velocity: {},{:04} over {} dagen/days",
                            v / 10_000,
                            v % 10_000,
                            r.days
                        ),
                        None => println!("Omloopsnelheid / velocity: – (niets in omloop / nothing circulated)"),
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => bad("--van", &e.message_nl(), &e.message_en()),
            }
        }
        _ => ExitCode::SUCCESS,
    }
}
