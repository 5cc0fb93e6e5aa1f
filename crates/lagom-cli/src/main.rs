//! `lagom`: the vault from the terminal and from scripts. A thin shell: every rule lives in
//! `lagom-core`; this crate reads arguments and credentials, calls the core, and prints.

mod args;
mod commands;
mod credentials;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(cli.json),
    }
}
