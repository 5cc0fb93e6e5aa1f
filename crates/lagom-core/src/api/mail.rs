//! Mail, the business and the privacy notice: the mail server messages go out through (its
//! password kept in the vault and never shown), a test message, the business the notice
//! names, and a person's notice shown, sent or saved.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::session::{NoArgs, command};
use crate::mail::{Delivery, MailSettings, MailSettingsPatch};
use crate::notice::{Business, BusinessPatch, Notice};
use crate::output::Download;
use crate::types::PersonRef;
use crate::{Error, output};

/// `mail.test`'s arguments.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MailTestArgs {
    /// Save the message as an `.eml` file (or into this folder) instead of sending it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub save_to: Option<PathBuf>,
}

/// `notice.generate`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NoticeArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// E-mail it to the person (with `save_to`: save the message as an `.eml` file).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub send: bool,
    /// Save it as a file of this kind instead of sending it: at `save_to`, or without it
    /// as a download named by the core.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub save: Option<NoticeFile>,
    /// Where the file goes. Without `send` and `save`: write the notice there (HTML if the
    /// name ends in `.html`, text otherwise).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub save_to: Option<PathBuf>,
    /// Replace the file at `save_to` if it exists (asked for after an `exists` error, or
    /// after the platform's save dialog asked).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub overwrite: bool,
}

/// The kind of file a notice is saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoticeFile {
    /// The notice as plain text.
    Text,
    /// The notice as a web page.
    Html,
    /// The message to the person as an `.eml` file, to send from a mail program.
    Eml,
}

/// What became of a notice sent or saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "delivery", rename_all = "snake_case")]
pub enum NoticeOutcome {
    /// The mail server accepted it.
    Sent {
        /// The message's `Message-ID` header.
        message_id: String,
    },
    /// The message was saved as an `.eml` file, to send from a mail program.
    Saved {
        /// The file.
        path: PathBuf,
    },
    /// The notice itself was written to a file.
    Written {
        /// The file.
        path: PathBuf,
    },
    /// The file (the notice, or the message as `.eml`) waits to be fetched as a download.
    Download {
        /// The file to fetch.
        download: Download,
    },
}

impl From<Delivery> for NoticeOutcome {
    fn from(d: Delivery) -> Self {
        match d {
            Delivery::Sent { message_id } => NoticeOutcome::Sent { message_id },
            Delivery::Saved { path } => NoticeOutcome::Saved { path },
            Delivery::Held {
                download: Some(download),
                ..
            } => NoticeOutcome::Download { download },
            // A notice to send is never held: `notice.generate` hands out its own download.
            Delivery::Held {
                download: None,
                name,
                ..
            } => NoticeOutcome::Saved { path: name.into() },
        }
    }
}

/// A person's notice, and what became of it when it was sent or saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NoticeGenerated {
    /// The notice.
    #[serde(flatten)]
    pub notice: Notice,
    /// Where it went, when it was sent or saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub outcome: Option<NoticeOutcome>,
}

command! {
    /// The mail settings (the password only as "set" or not).
    MailSettingsGet = "mail.settings.get", NoArgs => MailSettings,
    |cx, _| cx.vault()?.mail_settings()
}

command! {
    /// Changes the mail settings given.
    MailSettingsSet = "mail.settings.set", MailSettingsPatch => MailSettings,
    |cx, a| cx.vault()?.update_mail_settings(a)
}

command! {
    /// Sends a test message to the sender's own address (or saves it).
    MailTest = "mail.test", MailTestArgs => Delivery,
    |cx, a| cx.vault()?.send_test_email(a.save_to.as_deref())
}

command! {
    /// The business the privacy notice names.
    BusinessGet = "business.get", NoArgs => Business,
    |cx, _| cx.vault()?.business()
}

command! {
    /// Changes the business's details given.
    BusinessSet = "business.set", BusinessPatch => Business,
    |cx, a| cx.vault()?.update_business(a)
}

command! {
    /// A person's privacy notice (GDPR Art. 13/14) in their language: shown; with `send`,
    /// e-mailed (or saved as `.eml` at `save_to`); with `save`, saved as text, HTML or
    /// `.eml` at `save_to` or, without it, held as a download; with only `save_to`, written
    /// there as text or HTML.
    NoticeGenerate = "notice.generate", NoticeArgs => NoticeGenerated,
    |cx, a| {
        let who = PersonRef::parse(&a.person)?;
        let vault = cx.vault()?;
        let (notice, outcome) = match (a.send, a.save, a.save_to.as_deref()) {
            (true, Some(_), _) => {
                return Err(Error::validation(
                    "save",
                    "either send the notice or save it, not both",
                ));
            }
            (true, None, save_to) => {
                let (notice, delivery) = vault.send_privacy_notice(&who, save_to)?;
                (notice, Some(delivery.into()))
            }
            (false, Some(NoticeFile::Eml), Some(path)) => {
                let rules = vault.path_rules(a.overwrite);
                let target = crate::mail::eml::target(path, &rules, "privacy-notice")?;
                let (notice, _, bytes) = vault.privacy_notice_message(&who)?;
                let path = output::write_file(&target, &bytes, &rules)?;
                (notice, Some(NoticeOutcome::Saved { path }))
            }
            (false, Some(kind), Some(path)) => {
                let html = Some(kind == NoticeFile::Html);
                let (notice, path) = vault.save_privacy_notice(&who, path, html, a.overwrite)?;
                (notice, Some(NoticeOutcome::Written { path }))
            }
            (false, Some(kind), None) => {
                let (notice, name, bytes, media_type) = match kind {
                    NoticeFile::Eml => {
                        let (n, name, bytes) = vault.privacy_notice_message(&who)?;
                        (n, name, bytes, "message/rfc822")
                    }
                    NoticeFile::Html => {
                        let (n, name, bytes) = vault.privacy_notice_file(&who, true)?;
                        (n, name, bytes, "text/html; charset=utf-8")
                    }
                    NoticeFile::Text => {
                        let (n, name, bytes) = vault.privacy_notice_file(&who, false)?;
                        (n, name, bytes, "text/plain; charset=utf-8")
                    }
                };
                let download = cx.offer(&name, media_type, bytes);
                (notice, Some(NoticeOutcome::Download { download }))
            }
            (false, None, Some(path)) => {
                let (notice, path) = vault.save_privacy_notice(&who, path, None, a.overwrite)?;
                (notice, Some(NoticeOutcome::Written { path }))
            }
            (false, None, None) => (vault.privacy_notice(&who)?, None),
        };
        Ok(NoticeGenerated { notice, outcome })
    }
}
