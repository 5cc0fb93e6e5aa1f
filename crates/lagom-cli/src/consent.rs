//! `lagom consent` and `lagom marketing-list`: recording, asking for, confirming, withdrawing
//! and listing consents, and writing marketing lists. Every rule is the core's; this reads
//! arguments and prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use lagom_core::api::{
    ConfirmArgs as ConfirmConsentArgs, ConsentConfirm, ConsentGive, ConsentGiveArgs, ConsentList,
    ConsentPersonArgs, ConsentRequest, ConsentRequestArgs, ConsentWithdraw, ConsentWithdrawArgs,
    MarketingArgs, MarketingList, Session,
};
use lagom_core::consent::{
    ConsentEventView, ConsentMethod, ConsentView, GiveConsent, RequestConsent, Withdrawal,
};
use lagom_core::types::Language;

use crate::error::CliError;
use crate::output::{Out, pad};

const METHODS: [&str; 5] = ["web_form", "email", "phone", "in_person", "import"];

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Record a consent given, with the text and privacy notice it was given on.
    Give(GiveArgs),
    /// Record a consent withdrawn. It takes effect at once and ends the purpose's
    /// subscriptions.
    Withdraw(WithdrawArgs),
    /// A person's consents: where each stands, and every step with the words agreed to.
    List {
        /// The person's id or e-mail address.
        person: String,
    },
    /// Ask for consent by e-mail (double opt-in): sends the message with the consent text and
    /// a code through the mail server, or saves it with --out. The consent counts only once
    /// confirmed.
    Request(RequestArgs),
    /// Confirm a pending consent with the code the person was sent.
    Confirm(ConfirmArgs),
}

#[derive(Debug, Args)]
pub struct GiveArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The purpose by name.
    #[arg(long)]
    pub purpose: String,
    /// How it was given.
    #[arg(long, value_parser = METHODS)]
    pub method: String,
    /// The version of the consent text agreed to (the newest in the person's language when
    /// not given).
    #[arg(long, value_name = "N")]
    pub text_version: Option<u32>,
    /// The version of the privacy notice the person had seen (the newest when not given).
    #[arg(long, value_name = "N")]
    pub notice_version: Option<u32>,
    /// The language of the text and notice (en, nb, sv, da; the person's when not given).
    #[arg(long, value_name = "LANG")]
    pub language: Option<String>,
    /// The form, the message id, who took the call.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub evidence: String,
    /// When it was given: YYYY-MM-DD or an RFC 3339 time (now when not given).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// The address it was given for, one of the person's (their primary when not given):
    /// marketing for the purpose writes there.
    #[arg(long, value_name = "ADDRESS")]
    pub email: Option<String>,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The purpose by name.
    #[arg(long)]
    pub purpose: String,
    /// How the person said so.
    #[arg(long, value_parser = METHODS)]
    pub method: String,
    /// The message id, who took the call.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub evidence: String,
    /// When: YYYY-MM-DD or an RFC 3339 time (now when not given).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The purpose by name.
    #[arg(long)]
    pub purpose: String,
    /// The version of the consent text to send (the newest in the person's language).
    #[arg(long, value_name = "N")]
    pub text_version: Option<u32>,
    /// The version of the privacy notice to name (the newest).
    #[arg(long, value_name = "N")]
    pub notice_version: Option<u32>,
    /// Save the message as an .eml file (or into this folder) instead of sending it.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The address to ask at, one of the person's (their primary when not given); the
    /// consent confirmed names it.
    #[arg(long, value_name = "ADDRESS")]
    pub email: Option<String>,
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The purpose by name.
    #[arg(long)]
    pub purpose: String,
    /// The code from the message (dashes and case do not matter).
    #[arg(long)]
    pub code: String,
}

#[derive(Debug, Args)]
pub struct MarketingListArgs {
    /// The purpose by name.
    pub purpose: String,
    /// The CSV file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only people on this subscription (e.g. Newsletter).
    #[arg(long, value_name = "NAME")]
    pub subscription: Option<String>,
}

fn language(text: Option<&str>) -> Result<Option<Language>, CliError> {
    text.map(|t| {
        Language::parse(t.trim())
            .ok_or_else(|| CliError::Usage("--language must be en, nb, sv or da".into()))
    })
    .transpose()
}

pub fn run(session: &mut Session, command: &ConsentCommand, out: &Out) -> Result<(), CliError> {
    match command {
        ConsentCommand::Give(a) => {
            let event = session.run::<ConsentGive>(ConsentGiveArgs {
                person: a.person.clone(),
                consent: GiveConsent {
                    email: a.email.clone(),
                    purpose: a.purpose.clone(),
                    method: ConsentMethod::parse(&a.method)?,
                    occurred_at: a.at.clone(),
                    text_version: a.text_version,
                    notice_version: a.notice_version,
                    language: language(a.language.as_deref())?,
                    evidence: a.evidence.clone(),
                },
            })?;
            out.emit(&event, |w| {
                writeln!(w, "Consent recorded: {}", event.id)?;
                print_event(w, &event)
            })
        }
        ConsentCommand::Withdraw(a) => {
            let event = session.run::<ConsentWithdraw>(ConsentWithdrawArgs {
                person: a.person.clone(),
                withdrawal: Withdrawal {
                    purpose: a.purpose.clone(),
                    method: ConsentMethod::parse(&a.method)?,
                    occurred_at: a.at.clone(),
                    evidence: a.evidence.clone(),
                },
            })?;
            out.emit(&event, |w| {
                writeln!(
                    w,
                    "Consent withdrawn for {}; subscriptions under it ended.",
                    event.purpose
                )
            })
        }
        ConsentCommand::List { person } => {
            let consents = session.run::<ConsentList>(ConsentPersonArgs {
                person: person.clone(),
            })?;
            out.emit(&consents, |w| print_consents(w, &consents))
        }
        ConsentCommand::Request(a) => {
            let request = session.run::<ConsentRequest>(ConsentRequestArgs {
                person: a.person.clone(),
                save_to: a.out.clone(),
                hold: false,
                request: RequestConsent {
                    email: a.email.clone(),
                    purpose: a.purpose.clone(),
                    text_version: a.text_version,
                    notice_version: a.notice_version,
                },
            })?;
            out.emit(&request, |w| {
                writeln!(
                    w,
                    "Consent for {} asked for; it counts once confirmed.",
                    request.consent.purpose
                )?;
                crate::mail::print_delivery(w, &request.delivery)
            })
        }
        ConsentCommand::Confirm(a) => {
            let event = session.run::<ConsentConfirm>(ConfirmConsentArgs {
                person: a.person.clone(),
                purpose: a.purpose.clone(),
                code: a.code.clone(),
            })?;
            out.emit(&event, |w| {
                writeln!(w, "Consent confirmed for {}.", event.purpose)
            })
        }
    }
}

fn print_consents(w: &mut dyn Write, consents: &[ConsentView]) -> std::io::Result<()> {
    if consents.is_empty() {
        return writeln!(w, "No consents recorded.");
    }
    for c in consents {
        let standing = match (c.valid, c.expired) {
            (true, _) => "valid",
            (false, true) => "expired",
            (false, false) => "not valid",
        };
        writeln!(
            w,
            "{} {} ({standing}) since {}",
            pad(&c.purpose, 24),
            c.state.as_str(),
            c.since
        )?;
        for event in &c.history {
            print_event(w, event)?;
        }
    }
    Ok(())
}

fn print_event(w: &mut dyn Write, e: &ConsentEventView) -> std::io::Result<()> {
    writeln!(
        w,
        "  {}  {} {} by {}",
        e.occurred_at,
        pad(e.state.as_str(), 10),
        pad(e.method.as_str(), 10),
        e.recorded_by
    )?;
    if !e.evidence.is_empty() {
        writeln!(w, "    evidence: {}", e.evidence)?;
    }
    if let Some(n) = &e.notice {
        writeln!(
            w,
            "    privacy notice: version {} ({})",
            n.version,
            n.language.as_str()
        )?;
    }
    if let Some(t) = &e.text {
        writeln!(
            w,
            "    text version {} ({}), sha256 {}:",
            t.version,
            t.language.as_str(),
            t.sha256
        )?;
        for line in t.body.lines() {
            writeln!(w, "      {line}")?;
        }
    }
    Ok(())
}

pub fn marketing_list(
    session: &mut Session,
    args: &MarketingListArgs,
    out: &Out,
) -> Result<(), CliError> {
    let list = session.run::<MarketingList>(MarketingArgs {
        purpose: args.purpose.clone(),
        subscription: args.subscription.clone(),
        out: Some(args.out.clone()),
        overwrite: out.force,
    })?;
    out.emit(&list, |w| {
        writeln!(
            w,
            "Wrote {} {} to {}.",
            list.included,
            if list.included == 1 {
                "person"
            } else {
                "people"
            },
            list.file
                .as_deref()
                .unwrap_or(Path::new(&list.file_name))
                .display()
        )?;
        let l = &list.left_out;
        writeln!(w, "Left out: {}", l.total())?;
        for (reason, n) in [
            ("no consent", l.no_consent),
            ("pending", l.pending),
            ("withdrawn", l.withdrawn),
            ("restricted", l.restricted),
            ("objected", l.objected),
            ("not subscribed", l.not_subscribed),
            ("no e-mail", l.no_email),
        ] {
            if n > 0 {
                writeln!(w, "  {} {n}", pad(reason, 16))?;
            }
        }
        Ok(())
    })
}
