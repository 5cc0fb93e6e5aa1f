//! `lagom person contact …`: a person's e-mail addresses and phone numbers: add one, remove
//! one, choose the primary, say what one is for. Thin over the core's card commands.

use std::io::Write;

use clap::{ArgGroup, Args, Subcommand};
use lagom_core::api::{
    ContactAdd, ContactAddArgs, ContactArgs, ContactKindArgs, ContactKindSet, ContactPrimary,
    ContactRemove, PersonArgs, PersonShow, Session,
};
use lagom_core::card::PersonView;
use lagom_core::people::contacts::{Channel, ContactKind, NewContact};
use uuid::Uuid;

use crate::error::CliError;
use crate::output::{Out, pad};

/// `lagom person contact …`.
#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// List a person's e-mail addresses and phone numbers with their ids.
    List {
        /// The person's id or e-mail address.
        person: String,
    },
    /// Add an e-mail address or a phone number to a person.
    Add(AddArgs),
    /// Remove one (by the id `list` shows); when it was the primary, the next takes over.
    Remove {
        /// The address's or number's id.
        contact: Uuid,
    },
    /// Make one the primary: the one lists show and marketing writes to.
    Primary {
        /// The address's or number's id.
        contact: Uuid,
    },
    /// Say what one is for: work, private, mobile or other.
    Kind {
        /// The address's or number's id.
        contact: Uuid,
        /// work, private, mobile or other.
        kind: String,
    },
}

/// `lagom person contact add`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("value").required(true).args(["email", "phone"])))]
pub struct AddArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The e-mail address to add.
    #[arg(long)]
    pub email: Option<String>,
    /// The phone number to add (with its country code, +46 8 555 123 45, when it is not
    /// the vault's country).
    #[arg(long)]
    pub phone: Option<String>,
    /// What it is for: work, private, mobile or other.
    #[arg(long, default_value = "other")]
    pub kind: String,
    /// Make it the primary one.
    #[arg(long)]
    pub primary: bool,
    /// Add it even though an earlier erasure covers it, giving the reason (the person asked
    /// to be registered again).
    #[arg(long, value_name = "REASON")]
    pub register_erased: Option<String>,
}

fn kind(text: &str) -> Result<ContactKind, CliError> {
    ContactKind::parse(text).ok_or_else(|| {
        CliError::Usage(format!(
            "{text:?} is not a kind: use work, private, mobile or other"
        ))
    })
}

/// A person's addresses and numbers, one per line: id, channel, as shown, kind, primary.
pub fn print_contacts(w: &mut dyn Write, p: &PersonView) -> std::io::Result<()> {
    for c in &p.contacts {
        let channel = match c.channel {
            Channel::Email => "e-mail",
            Channel::Phone => "phone",
        };
        writeln!(
            w,
            "{}  {}  {}  {}{}",
            c.id,
            pad(channel, 7),
            pad(&c.display, 32),
            pad(c.kind.as_str(), 8),
            if c.primary { "  primary" } else { "" }
        )?;
    }
    Ok(())
}

pub fn run(session: &mut Session, command: &ContactCommand, out: &Out) -> Result<(), CliError> {
    let view = match command {
        ContactCommand::List { person } => session.run::<PersonShow>(PersonArgs {
            person: person.clone(),
        })?,
        ContactCommand::Add(a) => {
            let (channel, value) = match (&a.email, &a.phone) {
                (Some(email), _) => (Channel::Email, email.clone()),
                (None, Some(phone)) => (Channel::Phone, phone.clone()),
                (None, None) => return Err(CliError::Usage("give --email or --phone".into())),
            };
            session.run::<ContactAdd>(ContactAddArgs {
                person: a.person.clone(),
                contact: NewContact {
                    channel,
                    value,
                    kind: kind(&a.kind)?,
                    primary: a.primary,
                },
                register_erased: a.register_erased.clone(),
            })?
        }
        ContactCommand::Remove { contact } => {
            session.run::<ContactRemove>(ContactArgs { contact: *contact })?
        }
        ContactCommand::Primary { contact } => {
            session.run::<ContactPrimary>(ContactArgs { contact: *contact })?
        }
        ContactCommand::Kind { contact, kind: k } => {
            session.run::<ContactKindSet>(ContactKindArgs {
                contact: *contact,
                kind: kind(k)?,
            })?
        }
    };
    out.emit(&view, |w| {
        writeln!(w, "{} {}", view.fields.first_name, view.fields.last_name)?;
        print_contacts(w, &view)
    })
}
