//! Mail, the business and the privacy notice: the mail server messages go out through (its
//! password kept in the vault and never shown), a test message, the business the notice
//! names, and a person's notice shown, sent or saved.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::session::{NoArgs, command};
use crate::mail::{Delivery, MailSettings, MailSettingsPatch};
use crate::notice::{Business, BusinessPatch, Notice};
use crate::types::PersonRef;

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
    /// Without `send`: write it to this file (HTML if it ends in `.html`, text otherwise).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub save_to: Option<PathBuf>,
    /// Replace the file at `save_to` if it exists (asked for after an `exists` error).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub overwrite: bool,
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
}

impl From<Delivery> for NoticeOutcome {
    fn from(d: Delivery) -> Self {
        match d {
            Delivery::Sent { message_id } => NoticeOutcome::Sent { message_id },
            Delivery::Saved { path } => NoticeOutcome::Saved { path },
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
    /// e-mailed (or saved as `.eml` at `save_to`); without `send` but with `save_to`, written
    /// there as text or HTML.
    NoticeGenerate = "notice.generate", NoticeArgs => NoticeGenerated,
    |cx, a| {
        let who = PersonRef::parse(&a.person)?;
        let vault = cx.vault()?;
        let (notice, outcome) = match (a.send, a.save_to.as_deref()) {
            (true, save_to) => {
                let (notice, delivery) = vault.send_privacy_notice(&who, save_to)?;
                (notice, Some(delivery.into()))
            }
            (false, Some(path)) => {
                let (notice, path) = vault.save_privacy_notice(&who, path, a.overwrite)?;
                (notice, Some(NoticeOutcome::Written { path }))
            }
            (false, None) => (vault.privacy_notice(&who)?, None),
        };
        Ok(NoticeGenerated { notice, outcome })
    }
}
