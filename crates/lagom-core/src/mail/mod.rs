//! E-mail the core writes: double opt-in confirmations, privacy notices and subject-access
//! bundles. A message is composed here as an [`Email`]; it is then sent through the owner's
//! SMTP server or saved as an `.eml` file.

mod compose;
mod deliver;
pub(crate) mod eml;
mod settings;
mod smtp;

use std::path::PathBuf;

use serde::Serialize;

pub use crate::error::MailStep;
pub use settings::{MailSettings, MailSettingsPatch, Security};
pub use smtp::TIMEOUT;

/// How a message left: sent through the mail server, or saved as an `.eml` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "delivery", rename_all = "snake_case")]
pub enum Delivery {
    /// The server accepted it.
    Sent {
        /// The message's `Message-ID` header, angle brackets included.
        message_id: String,
    },
    /// It was written to a file, to be sent from a mail program.
    Saved {
        /// The file.
        path: PathBuf,
    },
    /// It was made into a file for the app to hand over (a browser download), to be sent
    /// from a mail program; nothing was written to disk.
    Held {
        /// The download to fetch it by (set by the command table, which holds the file).
        #[ts(optional = nullable)]
        download: Option<crate::output::Download>,
        /// The file's name.
        #[serde(skip)]
        #[ts(skip)]
        name: String,
        /// The message as an `.eml` file.
        #[serde(skip)]
        #[ts(skip)]
        bytes: Vec<u8>,
    },
}

/// Where a message goes: through the mail server, into a file, or back to the caller.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// Through the mail server set in the settings.
    Server,
    /// Saved as an `.eml` file: this file, or a new file in this folder.
    File(&'a std::path::Path),
    /// Handed back as the bytes of an `.eml` file ([`Delivery::Held`]).
    Held,
}

impl<'a> Destination<'a> {
    /// A file when one is named, else the mail server.
    pub fn file_or_server(save_to: Option<&'a std::path::Path>) -> Self {
        save_to.map_or(Destination::Server, Destination::File)
    }
}

/// Why a message is sent; named in the audit trail instead of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    /// A code to confirm a consent (double opt-in).
    ConsentConfirmation,
    /// The Art. 13/14 notice: what we store and why.
    PrivacyNotice,
    /// A subject-access bundle, as an encrypted zip.
    SubjectAccess,
    /// A message to check that the SMTP settings work.
    Test,
}

/// A file sent with a message.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// The file name the recipient sees.
    pub filename: String,
    /// Its MIME type, e.g. `application/zip`.
    pub content_type: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A message ready to send: who to, what about, plain text (and optionally HTML) and files.
#[derive(Debug, Clone)]
pub struct Email {
    /// What the message is for.
    pub kind: EmailKind,
    /// The person the message is about, when there is one (for the audit trail).
    pub person_id: Option<uuid::Uuid>,
    /// The recipient's name as it should appear in the header.
    pub to_name: String,
    /// The recipient's address.
    pub to_address: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// An HTML alternative, when there is one.
    pub html: Option<String>,
    /// Files sent with it.
    pub attachments: Vec<Attachment>,
}
