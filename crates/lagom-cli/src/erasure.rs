//! `lagom erase`, `lagom retention` and `lagom backup`: thin over the core, which holds every
//! rule. Erasing asks first (showing what goes and what the bookkeeping law keeps) unless
//! `--yes`; restoring a backup works on the locked vault.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use lagom_core::api::{
    BackupArgs, EraseArgs as EraseCommandArgs, ErasurePreview, PersonErase, PreviewArgs,
    RestoreArgs, RetentionSet, Session, VaultBackup, VaultRestore,
};
use lagom_core::erasure::{ErasureCounts, InvoiceOutcome, RetentionPatch};

use crate::error::CliError;
use crate::output::Out;

/// `lagom erase PERSON`.
#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The request the erasure answers (R-0001 or its id); it gets an "erased" action.
    #[arg(long, value_name = "REQUEST")]
    pub request: Option<String>,
    /// Erase without asking.
    #[arg(long)]
    pub yes: bool,
}

/// `lagom retention`.
#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// The vault's country: its law applies to invoices that name none.
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// Years invoices of a country are kept after the end of their issue year (repeat).
    #[arg(long = "years", value_name = "CC=YEARS")]
    pub years: Vec<String>,
}

/// `lagom backup …`.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Write a consistent, still encrypted copy of the vault: one file when the name ends in
    /// `.lagom-backup` (an existing one is replaced only with --force), otherwise into an
    /// empty directory.
    Create {
        /// Where the backup goes: `NAME.lagom-backup`, or a directory.
        dir: PathBuf,
    },
    /// Replace the vault with a backup (a `.lagom-backup` file or a backup directory).
    /// Erasures made since the backup are applied again at the next unlock. Does not unlock
    /// the vault.
    Restore {
        /// The backup file or directory.
        dir: PathBuf,
    },
}

fn counts_lines(w: &mut dyn Write, c: &ErasureCounts) -> std::io::Result<()> {
    for (n, what) in [
        (c.notes, "notes"),
        (c.deal_notes, "notes on their deals"),
        (c.consents, "consent events"),
        (c.subscriptions, "subscriptions"),
        (c.tags, "tag links"),
        (c.processing_records, "processing records"),
        (c.import_log_entries, "entries in import logs"),
        (
            c.request_texts_cleared,
            "requests about nobody else: description, outcome and extension reason emptied",
        ),
    ] {
        writeln!(w, "  {n:>5}  {what}")?;
    }
    Ok(())
}

fn invoice_lines(w: &mut dyn Write, invoices: &[InvoiceOutcome]) -> std::io::Result<()> {
    for i in invoices {
        let until = i.keep_until.map_or_else(
            || "kept (date unreadable)".to_owned(),
            |d| format!("until {d}"),
        );
        writeln!(
            w,
            "  {}  issued {}  {:.2} {}  {until}",
            i.number,
            i.issued_on,
            i.amount_minor as f64 / 100.0,
            i.currency
        )?;
    }
    Ok(())
}

fn ask(what: &str) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(format!(
            "{what} cannot be undone; add --yes to do it without being asked"
        )));
    }
    crate::output::note("This cannot be undone. Type erase to go ahead: ");
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| CliError::Io(format!("reading the answer: {e}")))?;
    Ok(answer.trim() == "erase")
}

pub fn erase(session: &mut Session, a: &EraseArgs, out: &Out) -> Result<(), CliError> {
    if !a.yes {
        let preview = session.run::<ErasurePreview>(PreviewArgs {
            person: a.person.clone(),
        })?;
        let mut err = std::io::stderr();
        let shown = (|| {
            writeln!(err, "Erasing {} removes:", preview.person)?;
            counts_lines(&mut err, &preview.counts)?;
            writeln!(
                err,
                "  {:>5}  deals and {} requests keep existing without the person",
                preview.counts.deals_detached, preview.counts.requests_pseudonymised
            )?;
            if !preview.invoices_deleted.is_empty() {
                writeln!(err, "Invoices past their retention, deleted:")?;
                invoice_lines(&mut err, &preview.invoices_deleted)?;
            }
            if !preview.invoices_kept.is_empty() {
                writeln!(
                    err,
                    "Invoices the bookkeeping law keeps, under a pseudonym:"
                )?;
                invoice_lines(&mut err, &preview.invoices_kept)?;
            }
            Ok::<_, std::io::Error>(())
        })();
        shown.map_err(|e| CliError::Io(format!("writing the question: {e}")))?;
        if !ask("Erasing a person")? {
            return Err(CliError::Usage("nothing was erased".into()));
        }
    }
    let report = session.run::<PersonErase>(EraseCommandArgs {
        person: a.person.clone(),
        request: a.request.clone(),
    })?;
    out.emit(&report, |w| {
        writeln!(
            w,
            "Erased {}. What was kept now reads {}.",
            report.person, report.pseudonym
        )?;
        counts_lines(w, &report.counts)?;
        if report.invoices_kept.is_empty() {
            writeln!(w, "No invoices were kept.")
        } else {
            writeln!(
                w,
                "Invoices kept for the bookkeeping law, under {}:",
                report.pseudonym
            )?;
            invoice_lines(w, &report.invoices_kept)
        }
    })
}

fn years_pair(text: &str) -> Result<(String, u32), CliError> {
    text.split_once('=')
        .and_then(|(cc, y)| Some((cc.trim().to_owned(), y.trim().parse().ok()?)))
        .ok_or_else(|| CliError::Usage(format!("--years takes CC=YEARS, as in SE=7, not {text:?}")))
}

pub fn retention(session: &mut Session, a: &RetentionArgs, out: &Out) -> Result<(), CliError> {
    let patch = RetentionPatch {
        country: a.country.clone(),
        years: a
            .years
            .iter()
            .map(|y| years_pair(y))
            .collect::<Result<_, _>>()?,
    };
    let r = session.run::<RetentionSet>(patch)?;
    out.emit(&r, |w| {
        writeln!(w, "Vault country: {}", r.country)?;
        for (cc, years) in &r.years {
            writeln!(
                w,
                "  {cc}: invoices kept {years} years after the end of their issue year"
            )?;
        }
        Ok(())
    })
}

pub fn backup(session: &mut Session, c: &BackupCommand, out: &Out) -> Result<(), CliError> {
    match c {
        BackupCommand::Create { dir } => {
            let single_file = dir
                .extension()
                .is_some_and(|e| e == lagom_core::backup::archive::EXTENSION);
            let args = if single_file {
                BackupArgs {
                    file: Some(dir.clone()),
                    overwrite: out.force,
                    ..BackupArgs::default()
                }
            } else {
                BackupArgs {
                    dir: Some(dir.clone()),
                    ..BackupArgs::default()
                }
            };
            let report = session.run::<VaultBackup>(args)?;
            out.emit(&report, |w| {
                writeln!(
                    w,
                    "Backup written to {} ({} bytes).",
                    report.path.as_deref().unwrap_or(dir).display(),
                    report.bytes
                )
            })
        }
        BackupCommand::Restore { .. } => Err(CliError::Usage(
            "a backup is restored with the vault locked".into(),
        )),
    }
}

/// `lagom backup restore DIR`, on the locked vault.
pub fn restore(session: &mut Session, from: &Path, out: &Out) -> Result<(), CliError> {
    let report = session.run::<VaultRestore>(RestoreArgs {
        from: Some(from.to_owned()),
        upload: None,
    })?;
    out.emit(&report, |w| {
        writeln!(
            w,
            "Vault {} restored from {}. Erasures made since the backup are applied again when it is next unlocked.",
            report.vault_id,
            from.display()
        )
    })
}
