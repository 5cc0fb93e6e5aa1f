//! Delivering a composed [`Email`]: through the owner's mail server when one is set up, or
//! into an `.eml` file when none is (or when the caller asks for a file). Every delivery is
//! an `email.sent` event naming the kind of message, the person it is about and how it
//! left, never its text or address. The event is written in the same transaction that the
//! sending happens in, so a message the server refused leaves no event, and one it accepted
//! is not left unrecorded. A message that goes with other rows (a double opt-in's pending
//! consent, a subject-access export) is sent through an [`Outgoing`] inside that write's
//! own transaction, so that the rows and the message stand or fall together.

use std::path::Path;
use std::time::SystemTime;

use lettre::Address;

use super::smtp::Server;
use super::{Delivery, Destination, Email, EmailKind, compose, eml};
use crate::audit::AuditKind;
use crate::audit::sql::Appender;
use crate::types::Language;
use crate::vault::{Ctx, Vault};
use crate::{Error, Result};

enum Route {
    Save(std::path::PathBuf, crate::output::PathRules),
    Send(Server),
    Hold(String),
}

/// How a message will leave, settled from the settings before the transaction it is sent
/// in (see [`Vault::outgoing`]), so that a caller can send inside its own transaction and
/// have its rows and the message stand or fall together.
pub(crate) struct Outgoing {
    from_name: String,
    from: Address,
    date: SystemTime,
    route: Route,
}

impl Outgoing {
    /// Sends or saves `email` and appends its `email.sent` event in the caller's
    /// transaction. An error here (a refused message, a file that cannot be written) fails
    /// the transaction, so nothing written in it is kept.
    pub(crate) fn deliver(
        &self,
        tx: &rusqlite::Connection,
        audit: &mut Appender<'_>,
        ctx: &Ctx,
        email: &Email,
    ) -> Result<Delivery> {
        let to = compose::address("to", &email.to_address)?;
        let message_id = compose::message_id(&self.from);
        let message = compose::message(
            email,
            compose::mailbox(&self.from_name, self.from.clone()),
            self.date,
            &message_id,
        )?;
        let (mut delivery, how) = match &self.route {
            Route::Save(path, _) => (Delivery::Saved { path: path.clone() }, "saved"),
            Route::Send(_) => (Delivery::Sent { message_id }, "sent"),
            Route::Hold(name) => (
                Delivery::Held {
                    download: None,
                    name: name.clone(),
                    bytes: Vec::new(),
                },
                "saved",
            ),
        };
        audit.append(
            tx,
            ctx.event(
                AuditKind::EmailSent,
                email.person_id.map(|id| ("person", id.to_string())),
                serde_json::json!({
                    "email": email.kind,
                    "delivery": how,
                    "attachments": email.attachments.len(),
                }),
            ),
        )?;
        let bytes = message.formatted();
        match &self.route {
            Route::Save(path, rules) => {
                crate::output::write_file(path, &bytes, rules)?;
            }
            Route::Send(server) => server.send(self.from.domain(), &self.from, &to, &bytes)?,
            Route::Hold(_) => {
                if let Delivery::Held { bytes: held, .. } = &mut delivery {
                    *held = bytes;
                }
            }
        }
        Ok(delivery)
    }
}

fn kind_name(kind: EmailKind) -> &'static str {
    match kind {
        EmailKind::ConsentConfirmation => "consent-confirmation",
        EmailKind::PrivacyNotice => "privacy-notice",
        EmailKind::SubjectAccess => "subject-access",
        EmailKind::Test => "test",
    }
}

/// The test message, in the vault's language.
fn test_text(language: Option<Language>) -> (&'static str, &'static str) {
    match language {
        Some(Language::Nb) => (
            "Lagom: prøvemelding",
            "Denne meldingen ble sendt fra Lagom for å prøve e-postinnstillingene. \
             Kom den fram, virker de. Du trenger ikke gjøre noe mer.\n",
        ),
        Some(Language::Sv) => (
            "Lagom: testmeddelande",
            "Det här meddelandet skickades från Lagom för att testa e-postinställningarna. \
             Har det kommit fram fungerar de. Du behöver inte göra något mer.\n",
        ),
        Some(Language::Da) => (
            "Lagom: testbesked",
            "Denne besked blev sendt fra Lagom for at afprøve e-mailindstillingerne. \
             Er den kommet frem, virker de. Du behøver ikke gøre mere.\n",
        ),
        Some(Language::En) | None => (
            "Lagom: test message",
            "This message was sent from Lagom to try the mail settings. \
             If it arrived, they work. There is nothing else to do.\n",
        ),
    }
}

impl Vault {
    /// The sender: the mail settings' address and name, else the business's.
    fn sender(&self) -> Result<(String, String)> {
        let settings = self.stored_mail_settings()?;
        let business = self.business()?;
        let address = settings.from_address.or(business.email).ok_or_else(|| {
            Error::validation(
                "mail from_address",
                "set the address messages are sent from in the mail settings",
            )
        })?;
        let name = settings.from_name.or(business.name).unwrap_or_default();
        Ok((name, address))
    }

    /// Settles how a message of `kind` will leave, before the transaction it is sent in:
    /// the sender, and the mail server or the `.eml` file at `save_to` (a file, or a folder
    /// to put a new file in). Without a mail server and without `save_to` nothing can be
    /// done, and the error says so.
    pub(crate) fn outgoing(&self, kind: EmailKind, save_to: Option<&Path>) -> Result<Outgoing> {
        self.outgoing_to(kind, Destination::file_or_server(save_to))
    }

    /// How a message of `kind` will leave for `destination`; see [`Vault::outgoing`].
    pub(crate) fn outgoing_to(
        &self,
        kind: EmailKind,
        destination: Destination<'_>,
    ) -> Result<Outgoing> {
        let (from_name, from_text) = self.sender()?;
        let from = compose::address("mail from_address", &from_text)?;
        let now = self.clock.now();
        let stem = format!("{}-{}", kind_name(kind), now.format("%Y%m%d-%H%M%S"));
        let route = match (
            destination,
            Server::from_settings(&self.stored_mail_settings()?)?,
        ) {
            (Destination::Held, _) => Route::Hold(format!("{stem}.eml")),
            (Destination::File(path), _) => {
                // A message is saved as a new file: into a folder under a name of its own,
                // or under a name given that no file has yet.
                let rules = self.path_rules(false);
                Route::Save(eml::target(path, &rules, &stem)?, rules)
            }
            (Destination::Server, Some(server)) => Route::Send(server),
            (Destination::Server, None) => {
                return Err(Error::validation(
                    "save_to",
                    "no mail server is set up: set one in the mail settings, or give a file to save the message to",
                ));
            }
        };
        Ok(Outgoing {
            from_name,
            from,
            date: SystemTime::from(now),
            route,
        })
    }

    /// Sends `email` through the mail server, or saves it as an `.eml` file at `save_to` (a
    /// file, or a folder to put a new file in) when that is given. Without a mail server
    /// and without `save_to` nothing can be done, and the error says so.
    pub fn deliver(&mut self, email: &Email, save_to: Option<&Path>) -> Result<Delivery> {
        let outgoing = self.outgoing(email.kind, save_to)?;
        self.write(|tx, audit, ctx| outgoing.deliver(tx, audit, ctx, email))
    }

    /// Composes `email` as the bytes of an `.eml` file and records it as a message saved,
    /// for the caller to write where the owner chose or to hand out as a download; with
    /// the file's name (`<kind>-<date>-<time>.eml`).
    pub fn message_file(&mut self, email: &Email) -> Result<(String, Vec<u8>)> {
        let (from_name, from_text) = self.sender()?;
        let from = compose::address("mail from_address", &from_text)?;
        compose::address("to", &email.to_address)?;
        let now = self.clock.now();
        let message_id = compose::message_id(&from);
        let message = compose::message(
            email,
            compose::mailbox(&from_name, from),
            SystemTime::from(now),
            &message_id,
        )?;
        self.write(|tx, audit, ctx| {
            audit.append(
                tx,
                ctx.event(
                    AuditKind::EmailSent,
                    email.person_id.map(|id| ("person", id.to_string())),
                    serde_json::json!({
                        "email": email.kind,
                        "delivery": "saved",
                        "attachments": email.attachments.len(),
                    }),
                ),
            )
        })?;
        let name = format!(
            "{}-{}.eml",
            kind_name(email.kind),
            now.format("%Y%m%d-%H%M%S")
        );
        Ok((name, message.formatted()))
    }

    /// Sends a short test message to the sender's own address, to try the mail settings (or
    /// saves it, with `save_to`).
    pub fn send_test_email(&mut self, save_to: Option<&Path>) -> Result<Delivery> {
        let (name, address) = self.sender()?;
        let (subject, text) = test_text(self.settings()?.language);
        let email = Email {
            kind: EmailKind::Test,
            person_id: None,
            to_name: name,
            to_address: address,
            subject: subject.to_owned(),
            text: text.to_owned(),
            html: None,
            attachments: vec![],
        };
        self.deliver(&email, save_to)
    }
}
