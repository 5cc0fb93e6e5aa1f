//! The double opt-in message, in the person's language: the consent text word for word, the
//! code, and how long it is valid. Plain text only, so that what the person reads is exactly
//! what the ledger keeps.

use uuid::Uuid;

use crate::consent::model::CONFIRMATION_DAYS;
use crate::consent::model::{ConsentTextView, PrivacyNoticeView};
use crate::mail::{Email, EmailKind};
use crate::types::Language;

/// The sentences of the message in one language.
struct Words {
    subject: &'static str,
    hello: &'static str,
    asking: &'static str,
    confirm: &'static str,
    notice: &'static str,
    valid: &'static str,
}

fn words(language: Language) -> Words {
    match language {
        Language::En => Words {
            subject: "Please confirm your consent: {purpose}",
            hello: "Hello",
            asking: "We would like your consent for: {purpose}. This is what you agree to:",
            confirm: "To confirm, reply to this e-mail or give us this code: {code}",
            notice: "Our privacy notice (version {version}) explains how we handle your data.",
            valid: "The code is valid for {days} days. If you do not want this, ignore this \
                    e-mail: without your confirmation nothing changes.",
        },
        Language::Nb => Words {
            subject: "Bekreft samtykket ditt: {purpose}",
            hello: "Hei",
            asking: "Vi ber om samtykket ditt til: {purpose}. Dette er det du samtykker til:",
            confirm: "For å bekrefte, svar på denne e-posten eller gi oss denne koden: {code}",
            notice: "Personvernerklæringen vår (versjon {version}) forklarer hvordan vi \
                     behandler opplysningene dine.",
            valid: "Koden gjelder i {days} dager. Vil du ikke dette, kan du se bort fra \
                    e-posten: uten bekreftelsen din skjer ingenting.",
        },
        Language::Sv => Words {
            subject: "Bekräfta ditt samtycke: {purpose}",
            hello: "Hej",
            asking: "Vi ber om ditt samtycke till: {purpose}. Detta är vad du samtycker till:",
            confirm: "Bekräfta genom att svara på det här mejlet eller ge oss den här koden: {code}",
            notice: "Vår integritetspolicy (version {version}) förklarar hur vi hanterar dina \
                     uppgifter.",
            valid: "Koden gäller i {days} dagar. Om du inte vill detta kan du bortse från \
                    mejlet: utan din bekräftelse händer ingenting.",
        },
        Language::Da => Words {
            subject: "Bekræft dit samtykke: {purpose}",
            hello: "Hej",
            asking: "Vi beder om dit samtykke til: {purpose}. Dette er, hvad du giver samtykke til:",
            confirm: "Bekræft ved at svare på denne e-mail eller give os denne kode: {code}",
            notice: "Vores privatlivspolitik (version {version}) forklarer, hvordan vi \
                     behandler dine oplysninger.",
            valid: "Koden gælder i {days} dage. Hvis du ikke ønsker dette, kan du se bort fra \
                    denne e-mail: uden din bekræftelse sker der ingenting.",
        },
    }
}

/// Who the message goes to and what it asks for.
pub(crate) struct Confirmation<'a> {
    pub language: Language,
    pub person: Uuid,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub address: &'a str,
    pub purpose: &'a str,
    pub text: &'a ConsentTextView,
    pub notice: Option<&'a PrivacyNoticeView>,
    /// The code as the person should read it.
    pub code: &'a str,
}

/// Composes the message. The consent text goes in unchanged, between blank lines.
pub(crate) fn confirmation_email(c: &Confirmation<'_>) -> Email {
    let w = words(c.language);
    let fill = |s: &str| {
        s.replace("{purpose}", c.purpose)
            .replace("{code}", c.code)
            .replace("{days}", &CONFIRMATION_DAYS.to_string())
    };
    let greeting = if c.first_name.is_empty() {
        format!("{},", w.hello)
    } else {
        format!("{} {},", w.hello, c.first_name)
    };
    let mut text = format!(
        "{greeting}\n\n{}\n\n{}\n\n{}\n\n",
        fill(w.asking),
        c.text.body,
        fill(w.confirm)
    );
    if let Some(n) = c.notice {
        text.push_str(&w.notice.replace("{version}", &n.version.to_string()));
        text.push_str("\n\n");
    }
    text.push_str(&fill(w.valid));
    text.push('\n');
    Email {
        kind: EmailKind::ConsentConfirmation,
        person_id: Some(c.person),
        to_name: format!("{} {}", c.first_name, c.last_name)
            .trim()
            .to_owned(),
        to_address: c.address.to_owned(),
        subject: fill(w.subject),
        text,
        html: None,
        attachments: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> ConsentTextView {
        ConsentTextView {
            id: Uuid::nil(),
            purpose: "E-marketing".into(),
            language: Language::Nb,
            version: 2,
            body: body.into(),
            sha256: String::new(),
            created_at: String::new(),
            created_by: String::new(),
        }
    }

    #[test]
    fn the_message_carries_the_text_word_for_word_and_the_code_in_the_language() {
        let body = "Jeg vil ha nyhetsbrev på e-post.\n  Inntil jeg sier fra.";
        let t = text(body);
        let mail = confirmation_email(&Confirmation {
            language: Language::Nb,
            person: Uuid::nil(),
            first_name: "Kari",
            last_name: "Nordmann",
            address: "kari@example.no",
            purpose: "E-marketing",
            text: &t,
            notice: None,
            code: "ABCD-2345",
        });
        assert_eq!(mail.kind, EmailKind::ConsentConfirmation);
        assert_eq!(mail.to_name, "Kari Nordmann");
        assert_eq!(mail.subject, "Bekreft samtykket ditt: E-marketing");
        assert!(mail.text.starts_with("Hei Kari,\n"), "{}", mail.text);
        assert!(
            mail.text.contains(&format!("\n\n{body}\n\n")),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("ABCD-2345"));
        assert!(mail.text.contains("30 dager"));
    }

    #[test]
    fn every_language_has_its_own_words() {
        let subjects: std::collections::HashSet<_> = Language::ALL
            .into_iter()
            .map(|l| words(l).subject)
            .collect();
        assert_eq!(subjects.len(), Language::ALL.len());
    }
}
