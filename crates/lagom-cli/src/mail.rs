//! `lagom mail settings|test`, `lagom business` and `lagom notice PERSON`: thin over the
//! core, which checks every value and keeps the password inside the vault. The password
//! never comes from an argument (it would stay in the shell's history and the process
//! list): `LAGOM_SMTP_PASSWORD`, else a line on standard input when it is not a terminal,
//! else a prompt.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use lagom_core::api::{
    BusinessSet, MailSettingsSet, MailTest, MailTestArgs, NoticeArgs as NoticeCommandArgs,
    NoticeGenerate, NoticeOutcome, Session,
};
use lagom_core::mail::{Delivery, MailSettings, MailSettingsPatch, Security};
use lagom_core::notice::{Business, BusinessPatch};

use crate::error::CliError;
use crate::output::Out;

/// `lagom mail …`.
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Show the mail settings, or change those given. The password is never shown.
    Settings(MailSettingsArgs),
    /// Send a test message to the sender's own address (or save it with --out).
    Test {
        /// Save the message as an .eml file (or into this folder) instead of sending it.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
}

/// `lagom mail settings`.
#[derive(Debug, Args)]
pub struct MailSettingsArgs {
    /// The SMTP server's host name (smtp.example.com).
    #[arg(long)]
    pub host: Option<String>,
    /// The port (default: 587 for starttls, 465 for tls, 25 for none).
    #[arg(long)]
    pub port: Option<u16>,
    /// How the connection is secured; "none" only for a server on this computer.
    #[arg(long, value_parser = ["starttls", "tls", "none"])]
    pub security: Option<String>,
    /// The user name to sign in with.
    #[arg(long)]
    pub username: Option<String>,
    /// Set the password: from LAGOM_SMTP_PASSWORD, standard input, or a prompt.
    #[arg(long, conflicts_with = "clear_password")]
    pub set_password: bool,
    /// Forget the password.
    #[arg(long)]
    pub clear_password: bool,
    /// The sender's name.
    #[arg(long)]
    pub from_name: Option<String>,
    /// The sender's address.
    #[arg(long)]
    pub from_address: Option<String>,
    /// Trust this certificate (PEM file) for a server with its own certificate authority.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "clear_trusted_certificate"
    )]
    pub trusted_certificate: Option<PathBuf>,
    /// Trust only the system's certificates again.
    #[arg(long)]
    pub clear_trusted_certificate: bool,
    /// Stop sending: forget the server (messages are then saved as files).
    #[arg(long, conflicts_with = "host")]
    pub off: bool,
}

/// `lagom business`.
#[derive(Debug, Args)]
pub struct BusinessArgs {
    /// The business's name, as the privacy notice names the controller.
    #[arg(long)]
    pub name: Option<String>,
    /// Its organisation number.
    #[arg(long)]
    pub org_number: Option<String>,
    /// Its postal address (lines separated by "\n" or given as one line).
    #[arg(long)]
    pub address: Option<String>,
    /// Where people write about their data.
    #[arg(long)]
    pub email: Option<String>,
    /// Two-letter country code: decides the supervisory authority and bookkeeping law named.
    #[arg(long)]
    pub country: Option<String>,
    /// A service provider that processes data for the business (repeat for each; replaces
    /// the list).
    #[arg(long = "recipient", value_name = "NAME")]
    pub recipients: Vec<String>,
    /// Empty the list of service providers.
    #[arg(long, conflicts_with = "recipients")]
    pub clear_recipients: bool,
}

/// `lagom notice PERSON`.
#[derive(Debug, Args)]
pub struct NoticeArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// E-mail it to the person (with --out: save the message as an .eml file instead).
    #[arg(long)]
    pub send: bool,
    /// Write it to this file (HTML if it ends in .html, text otherwise).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The SMTP password, from wherever it may come, never from an argument.
fn smtp_password() -> Result<String, CliError> {
    if let Some(p) = std::env::var("LAGOM_SMTP_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::Io(format!("reading the password from standard input: {e}")))?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    rpassword::prompt_password("SMTP password: ").map_err(|_| {
        CliError::Usage("cannot ask for the SMTP password: set LAGOM_SMTP_PASSWORD".into())
    })
}

fn settings_patch(args: &MailSettingsArgs) -> Result<MailSettingsPatch, CliError> {
    let mut patch = MailSettingsPatch::default();
    if args.off {
        patch.host = Some(None);
    } else if let Some(host) = &args.host {
        patch.host = Some(Some(host.clone()));
    }
    patch.port = args.port.map(Some);
    patch.security = match args.security.as_deref() {
        Some("starttls") => Some(Security::StartTls),
        Some("tls") => Some(Security::Tls),
        Some("none") => Some(Security::None),
        _ => None,
    };
    patch.username = args.username.clone().map(Some);
    if args.set_password {
        patch.password = Some(Some(smtp_password()?));
    } else if args.clear_password {
        patch.password = Some(None);
    }
    patch.from_name = args.from_name.clone().map(Some);
    patch.from_address = args.from_address.clone().map(Some);
    if let Some(path) = &args.trusted_certificate {
        let pem = std::fs::read_to_string(path).map_err(|e| {
            CliError::Usage(format!("reading the certificate {}: {e}", path.display()))
        })?;
        patch.trusted_certificate = Some(Some(pem));
    } else if args.clear_trusted_certificate {
        patch.trusted_certificate = Some(None);
    }
    Ok(patch)
}

fn print_settings(w: &mut dyn Write, s: &MailSettings) -> std::io::Result<()> {
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    match &s.host {
        Some(host) => writeln!(w, "server        {host}:{} ({:?})", s.port, s.security)?,
        None => writeln!(w, "server        none: messages are saved as .eml files")?,
    }
    writeln!(w, "username      {}", or_none(&s.username))?;
    writeln!(
        w,
        "password      {}",
        if s.password_set { "set" } else { "not set" }
    )?;
    writeln!(w, "from name     {}", or_none(&s.from_name))?;
    writeln!(w, "from address  {}", or_none(&s.from_address))?;
    writeln!(
        w,
        "certificate   {}",
        if s.trusted_certificate.is_some() {
            "own CA trusted"
        } else {
            "system's"
        }
    )
}

/// One line saying how a message left.
pub(crate) fn print_delivery(w: &mut dyn Write, d: &Delivery) -> std::io::Result<()> {
    match d {
        Delivery::Sent { message_id } => writeln!(w, "Sent ({message_id})."),
        Delivery::Saved { path } => writeln!(w, "Saved as {}", path.display()),
        Delivery::Held { name, .. } => writeln!(w, "Kept as {name}, to be downloaded."),
    }
}

/// `lagom mail …`.
pub fn run(session: &mut Session, command: &MailCommand, out: &Out) -> Result<(), CliError> {
    match command {
        MailCommand::Settings(args) => {
            let patch = settings_patch(args)?;
            let settings = session.run::<MailSettingsSet>(patch)?;
            out.emit(&settings, |w| print_settings(w, &settings))
        }
        MailCommand::Test { out: save_to } => {
            let delivery = session.run::<MailTest>(MailTestArgs {
                save_to: save_to.clone(),
            })?;
            out.emit(&delivery, |w| print_delivery(w, &delivery))
        }
    }
}

/// `lagom business`.
pub fn business(session: &mut Session, args: &BusinessArgs, out: &Out) -> Result<(), CliError> {
    let patch = BusinessPatch {
        name: args.name.clone().map(Some),
        org_number: args.org_number.clone().map(Some),
        address: args.address.as_ref().map(|a| Some(a.replace("\\n", "\n"))),
        email: args.email.clone().map(Some),
        country: args.country.clone().map(Some),
        recipients: if args.clear_recipients {
            Some(vec![])
        } else if args.recipients.is_empty() {
            None
        } else {
            Some(args.recipients.clone())
        },
    };
    let b: Business = session.run::<BusinessSet>(patch)?;
    out.emit(&b, |w| {
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        writeln!(w, "name        {}", or_none(&b.name))?;
        writeln!(w, "org number  {}", or_none(&b.org_number))?;
        writeln!(w, "address     {}", or_none(&b.address).replace('\n', ", "))?;
        writeln!(w, "e-mail      {}", or_none(&b.email))?;
        writeln!(w, "country     {}", or_none(&b.country))?;
        writeln!(w, "recipients  {}", b.recipients.join("; "))
    })
}

/// `lagom notice PERSON`: the notice on the terminal, sent, or written to a file.
pub fn notice(session: &mut Session, args: &NoticeArgs, out: &Out) -> Result<(), CliError> {
    let generated = session.run::<NoticeGenerate>(NoticeCommandArgs {
        person: args.person.clone(),
        send: args.send,
        save: None,
        save_to: args.out.clone(),
        overwrite: out.force,
    })?;
    let notice = &generated.notice;
    // Sent or saved, the terminal's JSON keeps the notice and what became of it apart.
    match &generated.outcome {
        Some(outcome @ NoticeOutcome::Written { path }) => {
            let json = serde_json::json!({ "notice": notice, "outcome": outcome });
            return out.emit(&json, |w| writeln!(w, "Written to {}", path.display()));
        }
        Some(outcome) => {
            let json = serde_json::json!({ "notice": notice, "outcome": outcome });
            return out.emit(&json, |w| match outcome {
                NoticeOutcome::Sent { message_id } => writeln!(w, "Sent ({message_id})."),
                NoticeOutcome::Saved { path } | NoticeOutcome::Written { path } => {
                    writeln!(w, "Saved as {}", path.display())
                }
                // The command line always names a file.
                NoticeOutcome::Download { download } => {
                    writeln!(w, "Held as {}", download.name)
                }
            });
        }
        None => {}
    }
    out.emit(notice, |w| {
        writeln!(w, "{}\n", notice.subject)?;
        write!(w, "{}", notice.text)
    })
}
