//! The "we keep your data" notice of GDPR Art. 13 and 14, written for one person in their
//! language (the person's, else the vault's, else English): who the controller is, what is
//! kept, each purpose with its legal basis and how long it is kept, where the data came
//! from, who receives it, the person's rights and where to complain (the authority follows
//! the business's country: Datatilsynet in Norway, IMY in Sweden, Datatilsynet in Denmark,
//! otherwise the person's own national authority).
//!
//! **When the Art. 14 paragraph appears.** Art. 13 covers data collected from the person,
//! Art. 14 data obtained elsewhere. Each processing record names a source. The built-in
//! sources `manual` (typed in by the owner, from talking to the person), `web form`,
//! `e-mail`, `phone` and `business card` are the person telling us themselves. Every other
//! source (an import, `import: <file>`, or one the owner added, such as a list from a trade
//! fair) means the data came from someone else, and the notice then says where from:
//! an import as "a contact list we added on `<date>`" (the file's name means nothing to the
//! reader and may name other customers), any other source by its name.
//!
//! The notice can be shown, sent by e-mail (through [`Vault::deliver`], audited as
//! `email.sent`), or saved as a text or HTML file (audited as an `export`).

mod business;
mod render;
pub(crate) mod sql;

use std::path::{Path, PathBuf};

use chrono::Datelike;
use serde::Serialize;
use uuid::Uuid;

pub use business::{Business, BusinessPatch, MAX_RECIPIENTS};

use crate::audit::AuditKind;
use crate::mail::{Delivery, Email, EmailKind, eml};
use crate::notice::sql::SourceFact;
use crate::people::sql as people_sql;
use crate::types::Language;
use crate::types::PersonRef;
use crate::vault::Vault;
use crate::{Error, Result};

/// The built-in sources through which a person gives us their data themselves.
const SOURCES_FROM_THE_PERSON: [&str; 5] = [
    "00000000-0000-7000-8000-000000000201", // manual
    "00000000-0000-7000-8000-000000000202", // web form
    "00000000-0000-7000-8000-000000000203", // e-mail
    "00000000-0000-7000-8000-000000000204", // phone
    "00000000-0000-7000-8000-000000000205", // business card
];
const IMPORT_SOURCE: &str = "00000000-0000-7000-8000-000000000206";

/// The built-in purposes by their stored key (schema 11), with the notice's words for each;
/// one the owner renamed has no key and is told as written.
const BUILT_IN_PURPOSES: [(&str, &str); 4] = [
    ("sales_and_service", "sales"),
    ("customer_relationship", "relationship"),
    ("e_marketing", "marketing"),
    ("bookkeeping", "bookkeeping"),
];
const BOOKKEEPING_PURPOSE: &str = "00000000-0000-7000-8000-000000000104";

const RIGHTS: [&str; 6] = [
    "access",
    "rectification",
    "erasure",
    "restriction",
    "portability",
    "objection",
];

/// One person's notice, ready to show, send or save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Notice {
    /// Who it is for.
    pub person_id: Uuid,
    /// The language it is written in.
    pub language: Language,
    /// Whether it includes the Art. 14 paragraph (data not collected from the person).
    pub from_other_sources: bool,
    /// The e-mail subject.
    pub subject: String,
    /// Plain text.
    pub text: String,
    /// HTML, every value escaped.
    pub html: String,
}

#[derive(Serialize)]
struct DateParts {
    day: u32,
    month: u32,
    year: i32,
    dd: String,
    mm: String,
}

impl DateParts {
    /// The day of a stored time on the calendar of the clock's time zone.
    fn of(stamp: &str, clock: &dyn crate::Clock) -> Option<Self> {
        let at = chrono::DateTime::parse_from_rfc3339(stamp)
            .ok()?
            .with_timezone(&chrono::Utc);
        let date = crate::clock::day_at(at, clock.offset_at(at));
        Some(DateParts {
            day: date.day(),
            month: date.month(),
            year: date.year(),
            dd: format!("{:02}", date.day()),
            mm: format!("{:02}", date.month()),
        })
    }
}

#[derive(Serialize)]
struct PersonPart {
    name: Option<String>,
}

#[derive(Serialize)]
struct BusinessPart<'a> {
    name: &'a str,
    org_number: Option<&'a str>,
    address_lines: Vec<&'a str>,
    email: &'a str,
    country: Option<&'a str>,
}

#[derive(Serialize)]
struct PurposePart {
    key: Option<&'static str>,
    name: String,
    description: String,
    basis: String,
    retention_months: Option<i64>,
}

#[derive(Serialize)]
struct SourcePart {
    kind: &'static str,
    name: String,
    date: Option<DateParts>,
}

#[derive(Serialize)]
struct Context<'a> {
    lang: &'static str,
    person: PersonPart,
    business: BusinessPart<'a>,
    categories: Vec<&'static str>,
    purposes: Vec<PurposePart>,
    bookkeeping: bool,
    consent: bool,
    sources: Vec<SourcePart>,
    recipients: &'a [String],
    rights: [&'static str; 6],
}

/// A source that is not the person telling us themselves, as the notice names it.
fn other_source(s: &SourceFact, clock: &dyn crate::Clock) -> Option<SourcePart> {
    if SOURCES_FROM_THE_PERSON.contains(&s.id.as_str()) {
        return None;
    }
    let imported = s.id == IMPORT_SOURCE || s.name.to_lowercase().starts_with("import");
    Some(if imported {
        SourcePart {
            kind: "import",
            name: String::new(),
            date: DateParts::of(&s.first_recorded, clock),
        }
    } else {
        SourcePart {
            kind: "named",
            name: s.name.clone(),
            date: None,
        }
    })
}

fn purpose(p: &crate::notice::sql::PurposeFact) -> PurposePart {
    let key = BUILT_IN_PURPOSES
        .iter()
        .find(|(stored, _)| p.key.as_deref() == Some(*stored))
        .map(|(_, key)| *key);
    PurposePart {
        key,
        name: p.name.clone(),
        description: p.description.clone(),
        basis: p.legal_basis.clone(),
        retention_months: p.retention_months,
    }
}

impl Vault {
    /// The language a person is written to in: theirs, else their country's or phone's,
    /// else the vault's, else English ([`crate::people::language`]).
    fn notice_language(&self, person: uuid::Uuid) -> Result<Language> {
        let vault = self.settings()?.language;
        Ok(
            crate::people::language::of_person(&self.store.conn, person, vault)?
                .map_or(vault.unwrap_or(Language::En), |(language, _)| language),
        )
    }

    /// Writes one person's privacy notice. Needs the business's name and contact e-mail
    /// (the controller the notice names).
    pub fn privacy_notice(&self, who: &PersonRef) -> Result<Notice> {
        let business = self.business()?;
        let name = business.name.as_deref().ok_or_else(|| {
            Error::validation(
                "business name",
                "set the business's name before writing a privacy notice",
            )
        })?;
        let email = business.email.as_deref().ok_or_else(|| {
            Error::validation(
                "business email",
                "set the e-mail address people write to about their data",
            )
        })?;
        let conn = &self.store.conn;
        let person = people_sql::find_person(conn, who)?;
        let facts = crate::notice::sql::notice_facts(conn, person.id)?;
        let language = self.notice_language(person.id)?;
        let d = &person.details;
        let full_name = format!("{} {}", d.first_name.trim(), d.last_name.trim());
        let filled = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        let mut categories = Vec::new();
        for (present, key) in [
            (!full_name.trim().is_empty(), "name"),
            (filled(&d.email), "email"),
            (filled(&d.phone), "phone"),
            (filled(&d.title), "title"),
            (person.organisation.is_some(), "organisation"),
            (
                filled(&d.address) || filled(&d.postcode) || filled(&d.city),
                "address",
            ),
            (facts.has_notes, "notes"),
            (facts.has_deals, "deals"),
            (facts.has_invoices, "invoices"),
            (facts.has_consents, "consents"),
        ] {
            if present {
                categories.push(key);
            }
        }
        let sources: Vec<SourcePart> = facts
            .sources
            .iter()
            .filter_map(|s| other_source(s, self.clock.as_ref()))
            .collect();
        let context = Context {
            lang: language.as_str(),
            person: PersonPart {
                name: Some(full_name.trim().to_owned()).filter(|n| !n.is_empty()),
            },
            business: BusinessPart {
                name,
                org_number: business.org_number.as_deref(),
                address_lines: business
                    .address
                    .as_deref()
                    .map(|a| a.lines().collect())
                    .unwrap_or_default(),
                email,
                country: business.country.as_deref(),
            },
            categories,
            purposes: facts.purposes.iter().map(purpose).collect(),
            bookkeeping: facts.has_invoices
                || facts.purposes.iter().any(|p| p.id == BOOKKEEPING_PURPOSE),
            consent: facts.purposes.iter().any(|p| p.legal_basis == "a"),
            sources,
            recipients: &business.recipients,
            rights: RIGHTS,
        };
        let rendered = render::render(language, &context)?;
        Ok(Notice {
            person_id: person.id,
            language,
            from_other_sources: !context.sources.is_empty(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
        })
    }

    /// The notice as a message to the person, who needs an e-mail address.
    fn notice_email(&self, who: &PersonRef) -> Result<(Notice, Email)> {
        let notice = self.privacy_notice(who)?;
        let person = people_sql::find_person(&self.store.conn, who)?;
        let address = person.details.email.clone().ok_or_else(|| {
            Error::validation(
                "person",
                "has no e-mail address; save the notice to a file and hand it over instead",
            )
        })?;
        let email = Email {
            kind: EmailKind::PrivacyNotice,
            person_id: Some(person.id),
            to_name: format!(
                "{} {}",
                person.details.first_name.trim(),
                person.details.last_name.trim()
            ),
            to_address: address,
            subject: notice.subject.clone(),
            text: notice.text.clone(),
            html: Some(notice.html.clone()),
            attachments: vec![],
        };
        Ok((notice, email))
    }

    /// Writes the notice and e-mails it to the person (or saves the message as an `.eml`
    /// file at `save_to`). The person needs an e-mail address.
    pub fn send_privacy_notice(
        &mut self,
        who: &PersonRef,
        save_to: Option<&Path>,
    ) -> Result<(Notice, Delivery)> {
        let (notice, email) = self.notice_email(who)?;
        let delivery = self.deliver(&email, save_to)?;
        Ok((notice, delivery))
    }

    /// The notice as a message to the person, as the bytes of an `.eml` file to save or
    /// download, with the file's name; recorded as a message saved.
    pub fn privacy_notice_message(&mut self, who: &PersonRef) -> Result<(Notice, String, Vec<u8>)> {
        let (notice, email) = self.notice_email(who)?;
        let (name, bytes) = self.message_file(&email)?;
        Ok((notice, name, bytes))
    }

    /// The notice as a file's bytes, HTML or plain text, for a download, with the file's
    /// name (`privacy-notice-<date>.html` or `.txt`). Audited as an export of the person's
    /// data.
    pub fn privacy_notice_file(
        &mut self,
        who: &PersonRef,
        html: bool,
    ) -> Result<(Notice, String, Vec<u8>)> {
        let notice = self.privacy_notice(who)?;
        let (bytes, format) = if html {
            (notice.html.clone().into_bytes(), "html")
        } else {
            (notice.text.clone().into_bytes(), "text")
        };
        self.write(|tx, audit, ctx| {
            audit.append(
                tx,
                ctx.event(
                    AuditKind::Export,
                    Some(("person", notice.person_id.to_string())),
                    serde_json::json!({ "what": "privacy notice", "format": format }),
                ),
            )
        })?;
        let today = crate::clock::today(self.clock.as_ref());
        let name = format!(
            "privacy-notice-{today}.{}",
            if html { "html" } else { "txt" }
        );
        Ok((notice, name, bytes))
    }

    /// Writes the notice to a file: HTML when `html` says so or, when it does not, the name
    /// ends in `.html` or `.htm`; plain text otherwise; in a folder, as a new file there.
    /// Audited as an export of the person's data. Returns the notice and the file written.
    /// An existing file is replaced only with `overwrite`.
    pub fn save_privacy_notice(
        &mut self,
        who: &PersonRef,
        path: &Path,
        html: Option<bool>,
        overwrite: bool,
    ) -> Result<(Notice, PathBuf)> {
        let notice = self.privacy_notice(who)?;
        let html = html.unwrap_or_else(|| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        });
        let rules = self.path_rules(overwrite);
        let path = eml::target(path, &rules, "privacy-notice")?;
        let path = if path.extension().is_some_and(|e| e == "eml") && !html {
            rules.check_write(&path.with_extension("txt"))?
        } else {
            path
        };
        let (bytes, format) = if html {
            (notice.html.as_bytes(), "html")
        } else {
            (notice.text.as_bytes(), "text")
        };
        self.write(|tx, audit, ctx| {
            audit.append(
                tx,
                ctx.event(
                    AuditKind::Export,
                    Some(("person", notice.person_id.to_string())),
                    serde_json::json!({ "what": "privacy notice", "format": format }),
                ),
            )?;
            crate::output::write_file(&path, bytes, &rules)
        })?;
        Ok((notice, path))
    }
}
