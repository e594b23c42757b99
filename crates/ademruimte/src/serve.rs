//! `ademruimte serve`: the web application.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use munt::{AccountId, AccountKind, Config as MuntConfig, Day, OpenAccount, PartyId, Request, TransferId, Units};
use opslag::{AccountStore, Command, Database, MuntStore, User};
use platform::kluis::Vault;
use platform::logboek::Pseudonymiser;
use platform::rol::Role;

#[derive(Args)]
pub struct Serve {
    /// Adres en poort / address and port.
    #[arg(long, default_value = "127.0.0.1:8080", env = "ADEMRUIMTE_ADRES")]
    adres: SocketAddr,
    /// Map met de npm-pakketten (NL Design System CSS), gemaakt door `npm ci`.
    #[arg(long = "node-modules", default_value = "node_modules", env = "ADEMRUIMTE_NODE_MODULES")]
    node_modules: PathBuf,
    /// Database voor accounts en logboek: sqlite://pad.db of postgres://… Zonder: alleen de openbare pagina's.
    #[arg(long, env = "DATABASE_URL")]
    database: Option<String>,
    /// Maak (of vernieuw) een demo-account per rol met een nieuw wachtwoord, en toon die bij de start.
    #[arg(long)]
    demo: bool,
    /// Met --demo: maak daarnaast N fictieve huishoudens (ids vanaf 1001), bijvoorbeeld voor bench/load.sh.
    #[arg(long = "demo-huishoudens", default_value_t = 0, requires = "demo", value_parser = demo_count)]
    demo_huishoudens: usize,
    /// Zet Secure op cookies: gebruik dit achter HTTPS (productie).
    #[arg(long = "veilige-cookies", env = "ADEMRUIMTE_VEILIGE_COOKIES")]
    veilige_cookies: bool,
    /// Thema van NL Design System: het CSS-bestand in node_modules (een npm-pakket met design tokens).
    #[arg(long = "thema-css", env = "ADEMRUIMTE_THEMA_CSS")]
    thema_css: Option<PathBuf>,
    /// De class waar dat thema aan hangt, bijvoorbeeld `voorbeeld-theme` of `utrecht-theme`.
    #[arg(long = "thema-klasse", env = "ADEMRUIMTE_THEMA_KLASSE", requires = "thema_css")]
    thema_klasse: Option<String>,
    /// De eigen participatieladder van de gemeente: een TOML-bestand in het formaat van
    /// crates/plan/data/participatieladder.toml. Zonder: de ladder van VNG/Divosa (6 treden).
    #[arg(long, env = "ADEMRUIMTE_LADDER")]
    ladder: Option<PathBuf>,
    #[command(flatten)]
    oidc: OidcArgs,
}

mod demo;

fn demo_count(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n <= demo::MAX => Ok(n),
        _ => Err(format!("een aantal van 0 tot en met {} / a number from 0 to {}", demo::MAX, demo::MAX)),
    }
}

/// The demo municipality's accounts: one per role, fictional people.
const DEMO: [(&str, &str, Role); 7] = [
    ("anna", "Anna de Vries", Role::Deelnemer),
    ("bram", "Bram Jansen", Role::Buddy),
    ("wies", "Wies Bakker", Role::WijMedewerker),
    ("karim", "Karim El Amrani", Role::Klantmanager),
    ("olga", "Olga Smit", Role::Onderzoeker),
    ("beheer", "Beheerder gemeente", Role::Beheerder),
    ("bakker", "Bakkerij De Korenschoof", Role::Ondernemer),
];

/// A demo household: id, name, address, CBS buurt code, BSN (passes the 11-proef; test numbers), package,
/// household file, resident, assigned buddy and WIJ-worker.
type DemoDossier = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
);

/// The demo municipality's households (fictional).
const DEMO_DOSSIERS: [DemoDossier; 3] = [
    (
        1,
        "Huishouden De Vries",
        "Voorbeeldstraat 1, 9711 AA Groningen",
        "BU00140101",
        "111222333",
        "basis",
        include_str!("../../../examples/alleenstaande-ouder-met-werk.json"),
        Some("anna"),
        &["bram", "wies"],
    ),
    (
        2,
        "Huishouden Jansen",
        "Proefweg 12, 9725 AB Groningen",
        "BU00140205",
        "123456782",
        "kosten-delen",
        include_str!("../../../examples/paar-met-kostendelers.json"),
        None,
        &["wies"],
    ),
    (
        3,
        "Huishouden El Idrissi",
        "Oefenplein 3, 9743 CD Groningen",
        "BU00140310",
        "999999990",
        "bijverdienen-en-investeren",
        include_str!("../../../examples/vader-met-uitzendwerk.json"),
        None,
        &[],
    ),
];

async fn demo_dossiers(store: &AccountStore, dossiers: &opslag::DossierStore) -> Result<(), opslag::StoreError> {
    let now = jiff::Timestamp::now().as_second();
    for (id, name, address, buurt, bsn, package, data, resident, assigned) in DEMO_DOSSIERS {
        let resident = match resident {
            Some(username) => store.user_by_name(username).await?.map(|u| u.id),
            None => None,
        };
        let dossier = opslag::Dossier {
            id,
            name: name.into(),
            address: address.into(),
            neighbourhood: buurt.into(),
            bsn: bsn.into(),
            package: package.into(),
            data: data.into(),
            resident,
            version: 1,
            updated: now,
            updated_by: "demo".into(),
        };
        dossiers.create(&dossier).await?;
        for username in assigned {
            if let Some(u) = store.user_by_name(username).await? {
                dossiers.assign(id, &u.id).await?;
            }
        }
    }
    Ok(())
}

/// Demo wallets in the local currency: Anna's (resident, topped up with
/// ℳ 50,00 once) and the bakery's (merchant).
const DEMO_WALLETS: [(&str, u128, AccountKind); 2] =
    [("anna", 1001, AccountKind::Resident), ("bakker", 2001, AccountKind::Merchant)];

async fn demo_wallets(store: &AccountStore, munt: &mut MuntStore) -> Result<(), opslag::StoreError> {
    let day = Day::from_date(jiff::Zoned::now().date()).unwrap_or(Day(0)).max(munt.ledger().today());
    let mut commands = Vec::new();
    for (username, account, kind) in DEMO_WALLETS {
        let Some(user) = store.user_by_name(username).await? else { continue };
        store.link_wallet(account, &user.id).await?;
        commands.push(Command::OpenAccount(OpenAccount {
            id: AccountId(account),
            kind,
            owner: PartyId(account),
            verified: true,
            max_balance: None,
        }));
    }
    // A fixed id: the top-up happens once, however often the demo starts.
    commands.push(Command::Execute(Request::Issue {
        id: TransferId(0xDE_0001),
        to: AccountId(1001),
        amount: Units::new(5_000),
    }));
    for r in munt.submit(day, &commands).await? {
        if let Err(e) = r {
            return Err(opslag::StoreError::new(e.message_nl(), e.message_en(), "demo"));
        }
    }
    Ok(())
}

fn random_password() -> String {
    // 16 characters from a 56-letter alphabet without look-alikes: ~93 bits.
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes.iter().map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])).collect()
}

async fn demo_accounts(store: &AccountStore) -> Result<Vec<(String, String, Role)>, opslag::StoreError> {
    // For browser tests only: one known password for all demo accounts.
    let fixed = std::env::var("ADEMRUIMTE_DEMO_WACHTWOORD").ok().filter(|p| p.len() >= 12);
    let mut out = Vec::new();
    for (username, name, role) in DEMO {
        let password = fixed.clone().unwrap_or_else(random_password);
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).expect("the operating system provides randomness");
        let hash = platform::wachtwoord::hash(&password, salt);
        if !store.set_password(username, &hash).await? {
            let mut id = [0u8; 16];
            getrandom::fill(&mut id).expect("the operating system provides randomness");
            let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
            let user = User { id, username: username.into(), name: name.into(), role, password_hash: hash };
            store.create_user(&user, jiff::Timestamp::now().as_second()).await?;
        }
        out.push((username.to_owned(), password, role));
    }
    Ok(out)
}

/// The key that seals BSNs at rest (`platform::kluis`): 64 hex characters in
/// `ADEMRUIMTE_BSN_SLEUTEL`. Only a demo may run without one (a fresh key
/// per start; `scripts/start` keeps one in `.ademruimte-sleutels`).
fn bsn_vault(demo: bool) -> Result<Arc<Vault>, String> {
    match std::env::var("ADEMRUIMTE_BSN_SLEUTEL") {
        Ok(k) => Vault::from_hex(&k)
            .map(Arc::new)
            .map_err(|e| format!("ADEMRUIMTE_BSN_SLEUTEL: {} / {}", e.message_nl(), e.message_en())),
        Err(_) if demo => {
            eprintln!(
                "Let op: geen ADEMRUIMTE_BSN_SLEUTEL; de BSN's van deze demo zijn na een herstart niet meer te lezen.\n\
                 Warning: no ADEMRUIMTE_BSN_SLEUTEL; this demo's BSNs cannot be read after a restart."
            );
            let mut key = [0u8; platform::kluis::KEY_BYTES];
            getrandom::fill(&mut key).expect("the operating system provides randomness");
            Ok(Arc::new(Vault::new(&key)))
        }
        Err(_) => Err("ADEMRUIMTE_BSN_SLEUTEL ontbreekt: 64 hexadecimale tekens, bijvoorbeeld van `openssl rand -hex 32`. \
                       / ADEMRUIMTE_BSN_SLEUTEL is missing: 64 hexadecimal characters, e.g. from `openssl rand -hex 32`."
            .to_owned()),
    }
}

/// A pseudonym key from the environment variable `name` (at least
/// `platform::logboek::KEY_BYTES_MIN` characters); without it a fresh random
/// key with the warning `what` (pseudonyms then hold until the restart).
fn pseudonym_key(name: &str, what_nl: &str, what_en: &str) -> Result<Vec<u8>, String> {
    match std::env::var(name) {
        Ok(k) if k.len() >= platform::logboek::KEY_BYTES_MIN => Ok(k.into_bytes()),
        Ok(_) => Err(format!(
            "{name} is te kort (minstens {} tekens) / is too short (at least {} characters)",
            platform::logboek::KEY_BYTES_MIN,
            platform::logboek::KEY_BYTES_MIN
        )),
        Err(_) => {
            eprintln!(
                "Let op: geen {name}; {what_nl} gelden tot de herstart.\nWarning: no {name}; {what_en} hold until the restart."
            );
            let mut key = vec![0u8; 32];
            getrandom::fill(&mut key).expect("the operating system provides randomness");
            Ok(key)
        }
    }
}

pub fn run(args: Serve) -> ExitCode {
    if let Some(css) = &args.thema_css {
        let class = args.thema_klasse.clone().unwrap_or_else(|| web::Theme::default().class);
        let valid_class =
            !class.is_empty() && class.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid_class || css.is_absolute() || css.components().any(|c| c == std::path::Component::ParentDir) {
            eprintln!(
                "--thema-css moet een pad binnen node_modules zijn en --thema-klasse een CSS-class (letters, cijfers, - en _).\n\
                 --thema-css must be a path inside node_modules and --thema-klasse a CSS class (letters, digits, - and _)."
            );
            return ExitCode::from(crate::EXIT_BAD_INPUT);
        }
        web::set_theme(web::Theme { css: css.clone(), class });
    }
    if let Some(path) = &args.ladder {
        let ladder = std::fs::read_to_string(path)
            .map_err(|e| {
                format!(
                    "--ladder: {} is niet te lezen ({e}).\n--ladder: cannot read {} ({e}).",
                    path.display(),
                    path.display()
                )
            })
            .and_then(|text| {
                plan::ladder::Ladder::from_toml(&text).map_err(|e| {
                    format!(
                        "--ladder: {} is geen geldige ladder: {}\n--ladder: {} is not a valid ladder: {}",
                        path.display(),
                        e.message_nl(),
                        path.display(),
                        e.message_en()
                    )
                })
            });
        match ladder {
            Ok(ladder) => {
                eprintln!("Ladder: {} ({} treden / rungs)", ladder.key(), ladder.top());
                web::plan::set_ladder(ladder);
            }
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(crate::EXIT_BAD_INPUT);
            }
        }
    }
    for sheet in web::STYLESHEETS.iter().map(std::path::Path::new).chain([web::theme().css.as_path()]) {
        if !args.node_modules.join(sheet).is_file() {
            eprintln!(
                "Let op: {} ontbreekt; voer eerst `npm ci` uit.\nWarning: {} is missing; run `npm ci` first.",
                args.node_modules.join(sheet).display(),
                args.node_modules.join(sheet).display()
            );
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Kan de server niet starten / cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let oidc = match oidc_client(&args.oidc, args.database.is_some(), &runtime) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(crate::EXIT_BAD_INPUT);
        }
    };
    let parts = match &args.database {
        None => None,
        Some(url) => {
            let key =
                match pseudonym_key("ADEMRUIMTE_LOGBOEK_SLEUTEL", "de pseudoniemen in het logboek", "log pseudonyms") {
                    Ok(k) => k,
                    Err(e) => {
                        eprintln!("{e}");
                        return ExitCode::from(crate::EXIT_BAD_INPUT);
                    }
                };
            // A key of its own for research exports: whoever holds the log's key cannot link an
            // export to log records, and the other way round.
            let research_key = match pseudonym_key(
                "ADEMRUIMTE_ONDERZOEK_SLEUTEL",
                "de pseudoniemen in onderzoeksexports (exports van voor en na een herstart zijn dan niet te koppelen)",
                "pseudonyms in research exports (exports from before and after a restart cannot be linked)",
            ) {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(crate::EXIT_BAD_INPUT);
                }
            };
            if research_key == key {
                eprintln!(
                    "ADEMRUIMTE_ONDERZOEK_SLEUTEL is gelijk aan ADEMRUIMTE_LOGBOEK_SLEUTEL; kies een eigen sleutel. \
                     / ADEMRUIMTE_ONDERZOEK_SLEUTEL equals ADEMRUIMTE_LOGBOEK_SLEUTEL; choose a key of its own."
                );
                return ExitCode::from(crate::EXIT_BAD_INPUT);
            }
            let vault = match bsn_vault(args.demo) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(crate::EXIT_BAD_INPUT);
                }
            };
            let setup = runtime.block_on(async {
                let db = Database::connect(url).await?;
                let dossiers = opslag::DossierStore::new(db.clone(), vault.clone());
                dossiers.check_key().await?;
                let sealed = dossiers.seal_plaintext().await?;
                if sealed > 0 {
                    println!("== {sealed} BSN's versleuteld opgeslagen / BSNs sealed at rest");
                }
                let store = AccountStore::new(db.clone());
                let today = Day::from_date(jiff::Zoned::now().date()).unwrap_or(Day(0));
                let mut munt = MuntStore::open(db, MuntConfig::default(), today).await?;
                let demo = if args.demo { demo_accounts(&store).await? } else { Vec::new() };
                if args.demo {
                    demo_wallets(&store, &mut munt).await?;
                    demo_dossiers(&store, &opslag::DossierStore::new(store.database().clone(), vault.clone())).await?;
                }
                if args.demo_huishoudens > 0 {
                    let started = std::time::Instant::now();
                    let dossiers = opslag::DossierStore::new(store.database().clone(), vault.clone());
                    let new = demo::seed(&store, &dossiers, args.demo_huishoudens).await?;
                    println!(
                        "== {new} nieuwe demo-huishoudens (van {}, ids vanaf {}) in {} ms / new demo households",
                        args.demo_huishoudens,
                        demo::FIRST_ID,
                        started.elapsed().as_millis()
                    );
                }
                Ok::<_, opslag::StoreError>((store, munt, demo))
            });
            let (store, munt, demo) = match setup {
                Ok(x) => x,
                Err(e) => {
                    eprintln!("Database: {}\nDatabase: {} ({})", e.nl, e.en, e.detail);
                    return ExitCode::FAILURE;
                }
            };
            if !demo.is_empty() {
                println!("== Demo-accounts (fictief) / demo accounts (fictional): log in op /inloggen");
                for (username, password, role) in &demo {
                    println!("   {:<8} {:<16} {}", username, password, role.label_nl());
                }
            }
            if args.demo {
                println!("   portemonnee: anna rekening 1001 (ℳ 50,00), bakker rekening 2001 — /portemonnee");
                println!(
                    "   dossiers: 3 huishoudens; anna ziet het hare, bram en wies wat aan hen is toegewezen, karim alles — /dossiers"
                );
            }
            let pseudonymiser = Pseudonymiser::new(&key).expect("key length checked");
            let research_pseudonymiser = Pseudonymiser::new(&research_key).expect("key length checked");
            let accounts = Arc::new(web::account::Accounts {
                dossiers: opslag::DossierStore::new(store.database().clone(), vault.clone()),
                store,
                pseudonymiser,
                research_pseudonymiser,
                secure_cookies: args.veilige_cookies,
                oidc,
            });
            Some((accounts, Arc::new(tokio::sync::Mutex::new(munt))))
        }
    };
    let (accounts, munt) = match parts {
        Some((a, m)) => (Some(a), Some(m)),
        None => (None, None),
    };
    match runtime.block_on(web::serve(args.adres, web::Config { node_modules: args.node_modules, accounts, munt })) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Serverfout / server error: {e}");
            ExitCode::FAILURE
        }
    }
}

// --- OpenID Connect (docs/oidc.md) ---------------------------------------------------

/// Logging in with the municipality's own login (OpenID Connect). Without
/// `--oidc-issuer` nothing changes.
#[derive(Args)]
pub struct OidcArgs {
    /// OpenID Connect: de issuer-URL van de gemeente-inlog, precies zoals de provider hem noemt.
    #[arg(
        long = "oidc-issuer",
        env = "ADEMRUIMTE_OIDC_ISSUER",
        requires_all = ["oidc_client_id", "oidc_client_secret", "oidc_redirect_url"]
    )]
    oidc_issuer: Option<String>,
    /// OpenID Connect: de client-id van Ademruimte bij de provider.
    #[arg(long = "oidc-client-id", env = "ADEMRUIMTE_OIDC_CLIENT_ID")]
    oidc_client_id: Option<String>,
    /// OpenID Connect: het client-secret. Geef het liever via de omgeving dan op de opdrachtregel.
    #[arg(long = "oidc-client-secret", env = "ADEMRUIMTE_OIDC_CLIENT_SECRET", hide_env_values = true)]
    oidc_client_secret: Option<String>,
    /// OpenID Connect: het openbare adres van /inloggen/oidc/terug, zoals geregistreerd bij de provider.
    #[arg(long = "oidc-redirect-url", env = "ADEMRUIMTE_OIDC_REDIRECT_URL")]
    oidc_redirect_url: Option<String>,
    /// OpenID Connect: de naam op de knop "Inloggen met …".
    #[arg(long = "oidc-naam", env = "ADEMRUIMTE_OIDC_NAAM", default_value = "gemeente-account")]
    oidc_naam: String,
    /// OpenID Connect: koppel een onbekende inlog bij de eerste keer aan het lokale account met dezelfde gebruikersnaam (preferred_username).
    #[arg(long = "oidc-koppel-op-gebruikersnaam", env = "ADEMRUIMTE_OIDC_KOPPEL_OP_GEBRUIKERSNAAM")]
    oidc_koppel_op_gebruikersnaam: bool,
    /// OpenID Connect: hoe Ademruimte zich meldt bij het token-endpoint (standaard: wat de provider aanbiedt, basic eerst).
    #[arg(long = "oidc-token-auth", env = "ADEMRUIMTE_OIDC_TOKEN_AUTH", value_parser = ["client_secret_basic", "client_secret_post"])]
    oidc_token_auth: Option<String>,
}

/// The OpenID Connect client when configured. Its links are stored in the
/// database, so it needs one. The provider is asked for its metadata now,
/// so a wrong issuer shows at the start; if it cannot be reached, the server
/// starts anyway and asks again at the first login.
fn oidc_client(
    args: &OidcArgs,
    database: bool,
    runtime: &tokio::runtime::Runtime,
) -> Result<Option<Arc<web::oidc::Oidc>>, String> {
    let Some(issuer) = &args.oidc_issuer else { return Ok(None) };
    if !database {
        return Err("--oidc-issuer heeft --database nodig / --oidc-issuer needs --database".to_owned());
    }
    let config = web::oidc::OidcConfig {
        issuer: issuer.clone(),
        client_id: args.oidc_client_id.clone().unwrap_or_default(),
        client_secret: web::oidc::Secret::new(args.oidc_client_secret.clone().unwrap_or_default()),
        redirect_url: args.oidc_redirect_url.clone().unwrap_or_default(),
        display_name: args.oidc_naam.clone(),
        link_by_username: args.oidc_koppel_op_gebruikersnaam,
        token_auth: args.oidc_token_auth.as_deref().and_then(web::oidc::TokenAuth::from_key),
    };
    let oidc = web::oidc::Oidc::new(config).map_err(|e| format!("OpenID Connect: {e}"))?;
    match runtime.block_on(oidc.discover()) {
        Ok(()) => println!("== Inloggen via / login through {} staat aan / is on: /inloggen/oidc", oidc.issuer()),
        Err(e) => eprintln!("Let op / warning: OpenID Connect: {e}"),
    }
    Ok(Some(Arc::new(oidc)))
}
