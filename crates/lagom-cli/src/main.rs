//! `lagom`: the vault from the terminal and from scripts. A thin shell: every rule lives in
//! `lagom-core`; this crate reads arguments and credentials, calls the core's command table
//! (the one the desktop app and `lagom serve` use), and prints.

// The printing macros panic when their stream is gone (a closed pipe, a full disk); output
// goes through `output`, which handles that.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod commands;
mod connections;
mod consent;
mod contacts;
mod credentials;
mod duplicates;
mod erasure;
mod error;
mod hygiene;
mod imports;
mod mail;
mod output;
mod requests;
mod serve;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(cli.json),
    }
}

/// Help and version go to stdout as clap prints them; a real usage error is printed as JSON
/// when `--json` was asked for, like every other error.
fn usage_error(e: clap::Error) -> ExitCode {
    let informational = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    let json = std::env::args().any(|a| a == "--json");
    if informational {
        // The help is the output here: unlike `e.exit()`, a failed write is not a success.
        return match e.print().and_then(|()| std::io::stdout().flush()) {
            Ok(()) => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(error::exit::OTHER)),
            Err(written) => output::written(&written).report(json),
        };
    }
    if !json {
        e.exit();
    }
    let message = e.kind().as_str().unwrap_or("invalid arguments").to_owned();
    error::CliError::Usage(format!("{message} (see lagom --help)")).report(true)
}
