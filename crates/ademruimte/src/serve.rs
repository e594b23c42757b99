//! `ademruimte serve`: the web application.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

#[derive(Args)]
pub struct Serve {
    /// Adres en poort / address and port.
    #[arg(long, default_value = "127.0.0.1:8080", env = "ADEMRUIMTE_ADRES")]
    adres: SocketAddr,
    /// Map met de npm-pakketten (NL Design System CSS), gemaakt door `npm ci`.
    #[arg(long = "node-modules", default_value = "node_modules", env = "ADEMRUIMTE_NODE_MODULES")]
    node_modules: PathBuf,
}

pub fn run(args: Serve) -> ExitCode {
    for sheet in web::STYLESHEETS {
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
    match runtime.block_on(web::serve(args.adres, web::Config { node_modules: args.node_modules })) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Serverfout / server error: {e}");
            ExitCode::FAILURE
        }
    }
}
