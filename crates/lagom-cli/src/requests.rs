//! `lagom request …` (the register of data subject requests) and `lagom export-subject`
//! (the subject-access bundle). Thin: every rule is in the core; this reads arguments,
//! asks before writing an unencrypted folder, and prints.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use lagom_core::api::{
    CloseArgs, ExtendArgs, IdentityArgs, RequestArgs, RequestClose, RequestExtend, RequestIdentity,
    RequestNew, RequestShow, RequestsList, Session, SubjectExport,
};
use lagom_core::rights::access::{ExportFormat, SubjectExportOptions};
use lagom_core::rights::model::{
    IdentityCheck, NewRequest, RequestFilter, RequestKind, RequestLine, RequestStatus, RequestView,
};

use crate::error::CliError;
use crate::output::{Out, pad};

/// `lagom request …`.
#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Register a request; it is due one month after it was received.
    New(NewArgs),
    /// The register, newest first.
    List {
        /// Only requests in this state: open, done, refused, withdrawn.
        #[arg(long)]
        status: Option<String>,
        /// Only requests of this kind: access, rectification, erasure, restriction,
        /// portability, objection.
        #[arg(long)]
        kind: Option<String>,
    },
    /// One request with everything done on it.
    Show {
        /// R-0001 or the request's id.
        request: String,
    },
    /// Record the identity check: verified or failed.
    Identity {
        /// R-0001 or the request's id.
        request: String,
        /// verified, failed or unchecked.
        result: String,
    },
    /// Extend the deadline by two further months (once, with the reason the person is told).
    Extend {
        /// R-0001 or the request's id.
        request: String,
        /// Why more time is needed.
        #[arg(long)]
        reason: String,
    },
    /// Close a request as done, refused (with --outcome giving the reason) or withdrawn.
    Close {
        /// R-0001 or the request's id.
        request: String,
        /// done, refused or withdrawn.
        #[arg(long, default_value = "done")]
        status: String,
        /// How it ended; for a refusal, why.
        #[arg(long, default_value = "")]
        outcome: String,
    },
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// access, rectification, erasure, restriction, portability or objection.
    pub kind: String,
    /// The person (id or e-mail address); repeat for several.
    #[arg(required = true)]
    pub people: Vec<String>,
    /// The day it was received (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "DATE")]
    pub received: Option<NaiveDate>,
    /// How it came in: e-mail, letter, phone …
    #[arg(long, default_value = "")]
    pub channel: String,
    /// What was asked.
    #[arg(long, default_value = "")]
    pub description: String,
}

/// `lagom export-subject PERSON --out FILE`.
#[derive(Debug, Args)]
pub struct ExportSubjectArgs {
    /// The person (id or e-mail address).
    pub person: String,
    /// The PDF, zip file or folder to write. With --format email: save the message as an
    /// .eml file (or into this folder) instead of sending it.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// pdf: one PDF any reader opens, AES-256 encrypted, the data files attached inside, the
    /// passphrase printed once; zip: an AES-256 zip with the summary as HTML; folder: plain
    /// files; email: the PDF sent to the person's address (or saved with --out), the
    /// passphrase printed once.
    #[arg(long, default_value = "pdf", value_parser = ["pdf", "zip", "folder", "email"])]
    pub format: String,
    /// The request this answers (R-0001); the export is recorded on it.
    #[arg(long)]
    pub request: Option<String>,
    /// The summary's language (en, nb, sv, da); by default the person's.
    #[arg(long)]
    pub language: Option<String>,
    /// Write a folder without asking: its files are not encrypted.
    #[arg(long)]
    pub yes_unencrypted: bool,
}

fn print_line(w: &mut dyn Write, r: &RequestLine) -> std::io::Result<()> {
    let people: Vec<&str> = r
        .people
        .iter()
        .map(|p| {
            p.name
                .as_deref()
                .or(p.pseudonym.as_deref())
                .unwrap_or("(erased)")
        })
        .collect();
    let urgency = match (r.urgency, r.days_left) {
        (Some(lagom_core::rights::deadline::Urgency::Overdue), Some(d)) => {
            format!("OVERDUE by {} days", -d)
        }
        (Some(_), Some(d)) => format!("{d} days left"),
        _ => String::new(),
    };
    writeln!(
        w,
        "{} {} {} due {} {} {}",
        pad(&r.number, 7),
        pad(r.kind.as_str(), 13),
        pad(&people.join(", "), 28),
        r.due_on,
        pad(r.status.as_str(), 9),
        urgency
    )
}

fn print_view(w: &mut dyn Write, r: &RequestView) -> std::io::Result<()> {
    print_line(w, &r.line)?;
    writeln!(
        w,
        "  received {}  identity {}",
        r.line.received_on,
        r.line.identity.as_str()
    )?;
    if let (Some(on), Some(reason)) = (r.extended_on, &r.extension_reason) {
        writeln!(w, "  extended {on}: {reason}")?;
    }
    if !r.description.is_empty() {
        writeln!(w, "  {}", r.description)?;
    }
    for a in &r.actions {
        writeln!(
            w,
            "  {}  {}  {}",
            a.at,
            pad(&a.action, 16),
            a.actor.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

fn show(out: &Out, view: &RequestView) -> Result<(), CliError> {
    out.emit(view, |w| print_view(w, view))
}

pub fn run(session: &mut Session, command: &RequestCommand, out: &Out) -> Result<(), CliError> {
    match command {
        RequestCommand::New(a) => {
            let view = session.run::<RequestNew>(NewRequest {
                kind: RequestKind::parse(&a.kind)?,
                people: a.people.clone(),
                received_on: a.received,
                channel: a.channel.clone(),
                description: a.description.clone(),
            })?;
            show(out, &view)
        }
        RequestCommand::List { status, kind } => {
            let filter = RequestFilter {
                status: status.as_deref().map(RequestStatus::parse).transpose()?,
                kind: kind.as_deref().map(RequestKind::parse).transpose()?,
            };
            let lines = session.run::<RequestsList>(filter)?;
            out.emit(&lines, |w| {
                for r in &lines {
                    print_line(w, r)?;
                }
                writeln!(w, "{} requests", lines.len())
            })
        }
        RequestCommand::Show { request } => show(
            out,
            &session.run::<RequestShow>(RequestArgs {
                request: request.clone(),
            })?,
        ),
        RequestCommand::Identity { request, result } => {
            let identity = IdentityCheck::parse(result)?;
            show(
                out,
                &session.run::<RequestIdentity>(IdentityArgs {
                    request: request.clone(),
                    identity,
                })?,
            )
        }
        RequestCommand::Extend { request, reason } => show(
            out,
            &session.run::<RequestExtend>(ExtendArgs {
                request: request.clone(),
                reason: reason.clone(),
            })?,
        ),
        RequestCommand::Close {
            request,
            status,
            outcome,
        } => {
            let status = RequestStatus::parse(status)?;
            show(
                out,
                &session.run::<RequestClose>(CloseArgs {
                    request: request.clone(),
                    status,
                    outcome: outcome.clone(),
                })?,
            )
        }
    }
}

/// Asks on the terminal before writing unencrypted files; anything but "yes" declines.
fn confirm_unencrypted() -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    crate::output::note(
        "A folder is NOT encrypted: anyone who gets hold of it can read everything about this person.\nType yes to write it anyway: ",
    );
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| CliError::Io(format!("reading the answer: {e}")))?;
    Ok(answer.trim().eq_ignore_ascii_case("yes"))
}

pub fn export_subject(
    session: &mut Session,
    a: &ExportSubjectArgs,
    out: &Out,
) -> Result<(), CliError> {
    let format = match a.format.as_str() {
        "folder" => ExportFormat::Folder,
        "email" => ExportFormat::Email,
        "zip" => ExportFormat::Zip,
        _ => ExportFormat::Pdf,
    };
    if a.out.is_none() && format != ExportFormat::Email {
        return Err(CliError::Usage(format!(
            "say where to write the {}: --out PATH",
            if format == ExportFormat::Folder {
                "folder"
            } else {
                "file"
            }
        )));
    }
    let language = match a.language.as_deref() {
        Some(l) => Some(
            lagom_core::types::Language::parse(l)
                .ok_or_else(|| CliError::Usage("--language must be en, nb, sv or da".into()))?,
        ),
        None => None,
    };
    let confirm_unencrypted =
        format == ExportFormat::Folder && (a.yes_unencrypted || confirm_unencrypted()?);
    let export = session.run::<SubjectExport>(SubjectExportOptions {
        person: a.person.clone(),
        format,
        out: a.out.clone(),
        overwrite: out.force,
        request: a.request.clone(),
        language,
        confirm_unencrypted,
    })?;
    out.emit(&export, |w| {
        match (&export.delivery, &export.path) {
            (Some(delivery), _) => {
                write!(w, "The bundle's PDF ({} bytes): ", export.bytes)?;
                crate::mail::print_delivery(w, delivery)?;
            }
            (None, Some(path)) => writeln!(
                w,
                "Wrote {} ({} files, {} bytes).",
                path.display(),
                export.files.len(),
                export.bytes
            )?,
            (None, None) => {}
        }
        if let Some(passphrase) = &export.passphrase {
            writeln!(
                w,
                "Passphrase (shown only now; give it to the person another way than the file):"
            )?;
            writeln!(w, "  {passphrase}")?;
        }
        if let Some(request) = &export.request {
            writeln!(w, "Recorded on request {request}.")?;
        }
        Ok(())
    })
}
