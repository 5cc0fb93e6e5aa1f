//! An [`Email`] turned into an RFC 5322 message: `From`, `To`, a UTF-8 subject (RFC 2047
//! encoded), `Date` from the vault's clock, a `Message-ID` under the sender's domain (not
//! the computer's name, which would say more than the message needs to), the text with its
//! HTML alternative, and attachments as MIME parts. Bodies come out 7-bit clean (quoted-
//! printable or base64), so any server takes them.

use std::time::SystemTime;

use lettre::message::header::ContentType;
use lettre::message::{Attachment as MimeAttachment, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use super::Email;
use crate::{Error, Result};

/// Line breaks or other control characters in a header would start a new header.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Reads an address; the message names the field, never the address.
pub(crate) fn address(field: &'static str, text: &str) -> Result<Address> {
    text.trim()
        .parse::<Address>()
        .map_err(|_| Error::validation(field, "is not a valid e-mail address"))
}

/// A mailbox with a display name, when there is one.
pub(crate) fn mailbox(name: &str, address: Address) -> Mailbox {
    let name = one_line(name);
    Mailbox::new((!name.is_empty()).then_some(name), address)
}

/// A fresh `Message-ID` under the sender's domain.
pub(crate) fn message_id(from: &Address) -> String {
    format!("<{}@{}>", uuid::Uuid::now_v7().simple(), from.domain())
}

/// The message as it goes on the wire or into an `.eml` file.
pub(crate) fn message(
    email: &Email,
    from: Mailbox,
    date: SystemTime,
    message_id: &str,
) -> Result<Message> {
    let to = mailbox(&email.to_name, address("to", &email.to_address)?);
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(one_line(&email.subject))
        .date(date)
        .message_id(Some(message_id.to_owned()));
    let failed = |e: lettre::error::Error| Error::validation("message", e.to_string());
    let text = || SinglePart::plain(email.text.clone());
    let alternative =
        |html: &String| MultiPart::alternative_plain_html(email.text.clone(), html.clone());
    if email.attachments.is_empty() {
        return match &email.html {
            Some(html) => builder.multipart(alternative(html)).map_err(failed),
            None => builder.singlepart(text()).map_err(failed),
        };
    }
    let mut mixed = match &email.html {
        Some(html) => MultiPart::mixed().multipart(alternative(html)),
        None => MultiPart::mixed().singlepart(text()),
    };
    for file in &email.attachments {
        let content_type = ContentType::parse(&file.content_type).map_err(|_| {
            Error::validation("attachment", "has a content type that is not a MIME type")
        })?;
        mixed = mixed.singlepart(
            MimeAttachment::new(one_line(&file.filename)).body(file.bytes.clone(), content_type),
        );
    }
    builder.multipart(mixed).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{Attachment, EmailKind};

    fn email() -> Email {
        Email {
            kind: EmailKind::Test,
            person_id: None,
            to_name: "Åse Kjær\r\nBcc: evil@example.com".into(),
            to_address: "ase@example.no".into(),
            subject: "Prøve: æøå\nX-Injected: yes".into(),
            text: "Hei Åse!\n".into(),
            html: None,
            attachments: vec![Attachment {
                filename: "innsyn.zip".into(),
                content_type: "application/zip".into(),
                bytes: vec![0, 1, 2, 255],
            }],
        }
    }

    #[test]
    fn headers_cannot_be_injected_through_names_or_subjects() {
        let from = mailbox("Firma AS", address("from", "post@firma.no").unwrap());
        let m = message(&email(), from, SystemTime::UNIX_EPOCH, "<1@firma.no>").unwrap();
        let text = String::from_utf8(m.formatted()).unwrap();
        assert!(!text.contains("\r\nBcc:"), "{text}");
        assert!(!text.contains("\r\nX-Injected:"), "{text}");
        assert!(text.is_ascii());
        assert!(text.contains("Message-ID: <1@firma.no>"));
    }

    #[test]
    fn a_bad_recipient_address_is_named_by_field_only() {
        let mut e = email();
        e.to_address = "ase.example.no".into();
        let from = mailbox("", address("from", "post@firma.no").unwrap());
        let err = message(&e, from, SystemTime::UNIX_EPOCH, "<1@firma.no>").unwrap_err();
        assert!(!err.to_string().contains("ase.example.no"), "{err}");
    }
}
