//! The subject-access bundle (GDPR Art. 15, and Art. 20 for its machine-readable part):
//! everything the vault holds about one person, gathered by their id from every table, as a
//! summary in their language, JSON with its schema, and CSV files. By default one PDF
//! encrypted with AES-256 under a passphrase of words shown once, the summary on its pages
//! and the other files attached, which every PDF reader opens; or an AES-256 zip (with the
//! summary as HTML), a plain folder after an explicit confirmation, or the PDF attached to
//! an e-mail (the passphrase goes another way), sent in the export's own transaction so
//! that a refused message leaves no export recorded.
//!
//! A bundle names the business that holds the data and where to write about it: without
//! the business's name and e-mail address, exports are refused and say what is missing.
//! Without `out`, a PDF or zip is handed back as bytes (a browser download, a file the
//! desktop app saves where the owner chose).
//!
//! Notes are all included, private ones too: "private" keeps a note between staff, and
//! Art. 15 covers every piece of personal data about the person whoever wrote it.
//!
//! Every export is an `export` audit event (format and counts, no personal data) and, when
//! made for a request, a `bundle_exported` action on it.

pub mod bundle;
pub mod controller;
mod html;
pub mod package;
mod pdf;
pub(crate) mod sql;
mod summary;
mod tables;

use std::collections::BTreeMap;
use std::path::PathBuf;

use lagom_crypto::Entropy;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use self::bundle::{ActionEntry, PurposeInfo, RequestEntry, SubjectAccess};
use self::controller::{Controller, authority, country_of};
use self::package::{Passphrase, Staged};
use crate::audit::AuditKind;
use crate::mail::{Attachment, Delivery, Email, EmailKind};
use crate::notice::Business;
use crate::people::sql as people_sql;
use crate::rights::model::{IdentityCheck, RequestRef, request_number};
use crate::rights::requests::record_action;
use crate::rights::sql as requests_sql;
use crate::types::Language;
use crate::types::PersonRef;
use crate::vault::Vault;
use crate::words::{self, BuiltIn};
use crate::{Error, Result};

/// The rights a person has, in the order the summary lists them.
pub const RIGHTS: [&str; 7] = [
    "access",
    "rectification",
    "erasure",
    "restriction",
    "portability",
    "objection",
    "withdraw_consent",
];

/// The JSON Schema the bundle's JSON follows; it travels inside every bundle.
pub const SCHEMA: &str = include_str!("../../../../../schemas/subject-access.schema.json");

/// How a bundle leaves the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// One PDF encrypted with AES-256 under a generated passphrase, the machine-readable
    /// files attached: opens in any PDF reader.
    Pdf,
    /// An AES-256 zip file under a generated passphrase.
    Zip,
    /// A plain, unencrypted folder (needs `confirm_unencrypted`).
    Folder,
    /// The bundle's JSON in the answer, for the app to show.
    Json,
    /// The encrypted PDF attached to an e-mail to the person, sent through the mail server
    /// or saved as an `.eml` file; the passphrase is handed back, never written in the
    /// message.
    Email,
}

impl ExportFormat {
    fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Zip => "zip",
            ExportFormat::Folder => "folder",
            ExportFormat::Json => "json",
            ExportFormat::Email => "email-pdf",
        }
    }
}

/// What to export and where.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct SubjectExportOptions {
    /// The person, by id or e-mail address.
    pub person: String,
    /// The format.
    pub format: ExportFormat,
    /// Where to write the PDF, the zip file or the folder; for an e-mail, where to save it as
    /// an `.eml` file (a file or a folder) instead of sending it. Without it, a PDF or zip
    /// comes back as bytes for the caller to hand over (a download).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub out: Option<PathBuf>,
    /// Whether an existing file at `out` may be replaced (the owner was asked, or the
    /// platform's save dialog asked them). A folder is never replaced.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub overwrite: bool,
    /// The request it answers (`R-0001` or an id); the export is recorded on it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub request: Option<String>,
    /// The summary's language; by default the person's, else their country's or their
    /// phone's, else the vault's, else English (see [`ExportPlan`]).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub language: Option<Language>,
    /// Must be `true` for a folder: the person confirms that the data will lie unencrypted.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub confirm_unencrypted: bool,
}

/// What an export made.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct SubjectExport {
    /// The format.
    pub format: ExportFormat,
    /// The file or folder written (for an e-mail: the `.eml` file, when it was saved).
    pub path: Option<PathBuf>,
    /// The files in the bundle.
    pub files: Vec<String>,
    /// The size of the zip, or of the files in all.
    pub bytes: u64,
    /// For a zip or an e-mail: the passphrase, shown this once and stored nowhere.
    pub passphrase: Option<String>,
    /// The request it was recorded on.
    pub request: Option<String>,
    /// Rows per part, as in the audit event.
    pub counts: serde_json::Value,
    /// For [`ExportFormat::Json`]: the bundle.
    pub bundle: Option<SubjectAccess>,
    /// For [`ExportFormat::Email`]: how the message left.
    pub delivery: Option<Delivery>,
    /// A name for the file, in the summary's language ("innsyn-ase-hansen-2026-12-05.pdf").
    pub file_name: String,
    /// A PDF or zip made without `out`: its bytes, for the caller to hand over. Not part of
    /// the answer's JSON; the command table turns it into a download.
    #[serde(skip)]
    #[ts(skip)]
    pub content: Option<Vec<u8>>,
    /// Set by the command table when `content` was kept as a download.
    pub download: Option<crate::output::Download>,
}

/// What the export dialog needs to know before an export: the language the summary will be
/// in and why, and which of the business's details are missing (exports are refused until
/// they are given).
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ExportPlan {
    /// The summary's language by default.
    pub language: Language,
    /// Why that language.
    pub language_from: LanguageFrom,
    /// The business's details a bundle must name and the vault lacks: `name`, `email`.
    pub missing: Vec<String>,
    /// Whether the person has an e-mail address to send the bundle to.
    pub can_email: bool,
    /// The person's name, as the summary heads it.
    pub name: String,
    /// The file's name per language (`nb`: `innsyn-ase-hansen-2026-12-05`), without its
    /// extension, for a save dialog to suggest.
    pub file_names: BTreeMap<String, String>,
}

/// Where a bundle's default language comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LanguageFrom {
    /// The language set on the person.
    Person,
    /// Their country's.
    Country,
    /// Their phone number's country's.
    Phone,
    /// The vault's language.
    Vault,
    /// English, as nothing else tells.
    Default,
}

/// The language a bundle is in by default, and why.
fn default_language(
    record: &bundle::PersonRecord,
    vault_language: Option<Language>,
) -> (Language, LanguageFrom) {
    if let Some(l) = record.language.as_deref().and_then(Language::parse) {
        return (l, LanguageFrom::Person);
    }
    if let Some(l) = record.country.as_deref().and_then(Language::of_country) {
        return (l, LanguageFrom::Country);
    }
    let phones = record
        .contacts
        .iter()
        .filter(|c| c.channel == crate::people::contacts::Channel::Phone)
        .map(|c| c.value.as_str());
    if let Some(l) = record
        .phone
        .as_deref()
        .into_iter()
        .chain(phones)
        .find_map(Language::of_phone)
    {
        return (l, LanguageFrom::Phone);
    }
    match vault_language {
        Some(l) => (l, LanguageFrom::Vault),
        None => (Language::En, LanguageFrom::Default),
    }
}

/// The business's details a bundle must name and lacks.
fn missing_details(controller: &Controller) -> Vec<String> {
    let mut missing = Vec::new();
    if controller.name.trim().is_empty() {
        missing.push("name".to_owned());
    }
    if controller.email.trim().is_empty() {
        missing.push("email".to_owned());
    }
    missing
}

/// The bundle's readable parts: its blocks and the title they go under.
fn readable(b: &SubjectAccess, files: summary::Files) -> Result<(String, Vec<summary::Block>)> {
    let words = summary::Words::of(b.language)?;
    let title = format!("{} – {}", words.get("title"), summary::display_name(b));
    Ok((title, summary::blocks(b, &words, files)))
}

/// The bundle's machine-readable files: JSON, its schema and the CSV tables.
fn data_files(b: &SubjectAccess) -> Result<Vec<(String, Vec<u8>)>> {
    let json = serde_json::to_vec_pretty(b)
        .map_err(|e| Error::Internal(format!("encoding the bundle: {e}")))?;
    let mut files = vec![
        ("subject-access.json".to_owned(), json),
        (
            "subject-access.schema.json".to_owned(),
            SCHEMA.as_bytes().to_vec(),
        ),
    ];
    files.extend(tables::tables(b)?);
    Ok(files)
}

/// The bundle as one encrypted PDF, and the names of the files attached to it.
fn pdf_bundle(
    b: &SubjectAccess,
    passphrase: &Passphrase,
    made: chrono::DateTime<chrono::Utc>,
    entropy: &mut impl Entropy,
) -> Result<(Vec<u8>, Vec<String>)> {
    let (title, blocks) = readable(b, summary::Files::Attached)?;
    let files = data_files(b)?;
    let meta = pdf::Meta {
        title: &title,
        author: &b.controller.name,
        language: b.language,
        made,
    };
    let bytes = pdf::bundle(&meta, &blocks, &files, passphrase, entropy)?;
    let mut names = vec!["subject-access.pdf".to_owned()];
    names.extend(files.into_iter().map(|(n, _)| n));
    Ok((bytes, names))
}

/// The word a file name starts with, in the summary's language.
fn file_stem(language: Language) -> &'static str {
    match language {
        Language::En => "subject-access",
        Language::Nb => "innsyn",
        Language::Sv => "registerutdrag",
        Language::Da => "indsigt",
    }
}

/// A file name for the bundle: `innsyn-ase-hansen-2026-12-05.pdf`, in plain letters that
/// every file system and e-mail program takes.
fn file_name(b: &SubjectAccess, extension: &str) -> String {
    let day = b.generated_at.get(..10).unwrap_or_default();
    named_file(b.language, &summary::display_name(b), day, extension)
}

/// A bundle's file name from its language, the person's name and the day.
fn named_file(language: Language, person: &str, day: &str, extension: &str) -> String {
    let name = deunicode::deunicode(person).to_ascii_lowercase();
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(40).collect();
    let stem = file_stem(language);
    match (slug.is_empty(), extension.is_empty()) {
        (true, true) => format!("{stem}-{day}"),
        (true, false) => format!("{stem}-{day}.{extension}"),
        (false, true) => format!("{stem}-{slug}-{day}"),
        (false, false) => format!("{stem}-{slug}-{day}.{extension}"),
    }
}

/// The bundle's files for a zip or a folder: the summary as HTML, the JSON, its schema and
/// the CSV tables.
pub(crate) fn files(b: &SubjectAccess) -> Result<Vec<(String, Vec<u8>)>> {
    let (title, blocks) = readable(b, summary::Files::Beside)?;
    let mut files = vec![(
        "subject-access.html".to_owned(),
        html::page(b.language, &title, &blocks).into_bytes(),
    )];
    files.extend(data_files(b)?);
    Ok(files)
}

/// The purposes the person's data serves: from their processing records and their consents
/// now given, each with its bases and retention.
fn purposes(conn: &rusqlite::Connection, b: &SubjectAccess) -> Result<Vec<PurposeInfo>> {
    let mut bases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &b.processing {
        let entry = bases.entry(r.purpose.clone()).or_default();
        if !entry.contains(&r.legal_basis) {
            entry.push(r.legal_basis.clone());
        }
    }
    // A purpose's newest consent row decides; only one now given counts.
    let mut latest: BTreeMap<&str, &str> = BTreeMap::new();
    for c in &b.consents {
        latest.insert(&c.purpose, &c.state);
    }
    for (purpose, state) in latest {
        if state == "given" {
            let entry = bases.entry(purpose.to_owned()).or_default();
            if !entry.iter().any(|b| b == "a") {
                entry.push("a".into());
            }
        }
    }
    let known = sql::purposes(conn)?;
    Ok(bases
        .into_iter()
        .map(|(name, mut legal_bases)| {
            legal_bases.sort();
            let found = known.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(&name));
            PurposeInfo {
                description: found.map(|(_, d, _)| d.clone()).unwrap_or_default(),
                retention_months: found.and_then(|(_, _, r)| *r),
                name,
                legal_bases,
            }
        })
        .collect())
}

fn requests(conn: &rusqlite::Connection, person: Uuid) -> Result<Vec<RequestEntry>> {
    requests_sql::of_person(conn, person)?
        .into_iter()
        .map(|r| {
            let actions = requests_sql::actions_of(conn, r.id)?
                .into_iter()
                .map(|a| ActionEntry {
                    at: a.at,
                    action: a.action,
                    detail: a.detail,
                })
                .collect();
            Ok(RequestEntry {
                number: request_number(r.number),
                kind: r.kind.as_str().to_owned(),
                received_on: r.received_on.to_string(),
                due_on: r.due_on.to_string(),
                extended_on: r.extended_on.map(|d| d.to_string()),
                extension_reason: r.extension_reason,
                identity: r.identity.as_str().to_owned(),
                status: r.status.as_str().to_owned(),
                channel: r.channel,
                description: r.description,
                closed_on: r.closed_on.map(|d| d.to_string()),
                outcome: r.outcome,
                actions,
            })
        })
        .collect()
}

/// Gathers everything about one person.
pub(crate) fn gather(
    conn: &rusqlite::Connection,
    person: Uuid,
    language: Option<Language>,
    vault_language: Option<Language>,
    business: Business,
    now: &str,
) -> Result<SubjectAccess> {
    let recipients = business.recipients.clone();
    let controller = Controller::from(business);
    let (mut record, organisation_id) = sql::person(conn, person)?;
    record.contacts = crate::people::contacts::of_person(conn, &person.to_string())?;
    let language = language.unwrap_or_else(|| default_language(&record, vault_language).0);
    let country = if controller.country.is_empty() {
        country_of(vault_language).to_owned()
    } else {
        controller.country.clone()
    };
    let organisation = match organisation_id {
        Some(id) => sql::organisation(conn, &id)?,
        None => None,
    };
    let mut b = SubjectAccess {
        format: bundle::FORMAT,
        version: bundle::VERSION,
        generated_at: now.to_owned(),
        language,
        recipients,
        complaint: authority(&country),
        controller,
        person: record,
        organisation,
        processing: sql::processing(conn, person)?,
        purposes: Vec::new(),
        consents: sql::consents(conn, person)?,
        subscriptions: sql::subscriptions(conn, person)?,
        notes: sql::notes(conn, person)?,
        deals: sql::deals(conn, person)?,
        invoices: sql::invoices(conn, person)?,
        imports: sql::imports(conn, person)?,
        requests: requests(conn, person)?,
        events: sql::events(conn, person)?,
        earlier_erasures: crate::suppression::earlier_erasures_of(conn, person)?,
        rights: RIGHTS.to_vec(),
    };
    b.purposes = purposes(conn, &b)?;
    in_language(conn, &mut b)?;
    Ok(b)
}

/// Names the built-in purposes, sources and subscription types in the bundle's language; the
/// owner's own stay as written.
fn in_language(conn: &rusqlite::Connection, b: &mut SubjectAccess) -> Result<()> {
    let language = b.language;
    let purposes = sql::built_in_keys(conn, "purposes")?;
    let sources = sql::built_in_keys(conn, "sources")?;
    let subscriptions = sql::built_in_keys(conn, "subscription_types")?;
    let named =
        |list: BuiltIn, keys: &std::collections::HashMap<String, String>, name: &mut String| {
            *name = words::shown(
                list,
                keys.get(name.as_str()).map(String::as_str),
                name,
                language,
            );
        };
    for r in &mut b.processing {
        named(BuiltIn::Purpose, &purposes, &mut r.purpose);
        named(BuiltIn::Source, &sources, &mut r.source);
    }
    for p in &mut b.purposes {
        named(BuiltIn::Purpose, &purposes, &mut p.name);
    }
    for c in &mut b.consents {
        named(BuiltIn::Purpose, &purposes, &mut c.purpose);
    }
    for s in &mut b.subscriptions {
        named(BuiltIn::Subscription, &subscriptions, &mut s.name);
        named(BuiltIn::Purpose, &purposes, &mut s.purpose);
    }
    for i in &mut b.imports {
        named(BuiltIn::Purpose, &purposes, &mut i.purpose);
    }
    Ok(())
}

/// Checks that a request may be answered with this person's data and returns its number.
fn check_request(conn: &rusqlite::Connection, which: RequestRef, person: Uuid) -> Result<String> {
    let row = requests_sql::find(conn, which)?;
    let number = request_number(row.number);
    if !requests_sql::people_of(conn, row.id)?
        .iter()
        .any(|p| p.id == person)
    {
        return Err(Error::Conflict(format!(
            "request {number} is not about this person"
        )));
    }
    if row.identity == IdentityCheck::Failed {
        return Err(Error::Conflict(format!(
            "the identity check of request {number} failed; nothing may be handed over"
        )));
    }
    Ok(number)
}

impl Vault {
    /// Everything about a person, as the bundle's JSON holds it. Audited as an export.
    pub fn subject_access(
        &mut self,
        who: &PersonRef,
        language: Option<Language>,
    ) -> Result<SubjectAccess> {
        let options = SubjectExportOptions {
            person: String::new(),
            format: ExportFormat::Json,
            out: None,
            overwrite: false,
            request: None,
            language,
            confirm_unencrypted: false,
        };
        let export = self.export_subject_to(who, &options, &mut lagom_crypto::OsEntropy)?;
        export
            .bundle
            .ok_or_else(|| Error::Internal("the bundle was not made".into()))
    }

    /// Exports a person's bundle as a zip (returning the passphrase once), a folder or JSON.
    pub fn export_subject(
        &mut self,
        options: &SubjectExportOptions,
        entropy: &mut impl Entropy,
    ) -> Result<SubjectExport> {
        let who = PersonRef::parse(&options.person)?;
        self.export_subject_to(&who, options, entropy)
    }

    /// What the export dialog shows before an export: the default language and why, and
    /// the business's details still missing.
    pub fn export_plan(&mut self, who: &PersonRef) -> Result<ExportPlan> {
        let vault_language = self.settings()?.language;
        let controller = Controller::from(self.business()?);
        let conn = &self.store.conn;
        let person = people_sql::find_person(conn, who)?.id;
        let (mut record, _) = sql::person(conn, person)?;
        record.contacts = crate::people::contacts::of_person(conn, &person.to_string())?;
        let (language, from) = default_language(&record, vault_language);
        let name = format!("{} {}", record.first_name, record.last_name)
            .trim()
            .to_owned();
        let name = if name.is_empty() {
            record.email.clone().unwrap_or_default()
        } else {
            name
        };
        let today = self.clock.now().format("%Y-%m-%d").to_string();
        let file_names = Language::ALL
            .into_iter()
            .map(|l| (l.as_str().to_owned(), named_file(l, &name, &today, "")))
            .collect();
        Ok(ExportPlan {
            language,
            language_from: from,
            missing: missing_details(&controller),
            can_email: record.email.is_some(),
            name,
            file_names,
        })
    }

    fn export_subject_to(
        &mut self,
        who: &PersonRef,
        options: &SubjectExportOptions,
        entropy: &mut impl Entropy,
    ) -> Result<SubjectExport> {
        let which = options
            .request
            .as_deref()
            .map(RequestRef::parse)
            .transpose()?;
        let format = options.format;
        if format == ExportFormat::Folder && options.out.is_none() {
            return Err(Error::validation("out", "say where to write the folder"));
        }
        if format == ExportFormat::Folder && !options.confirm_unencrypted {
            return Err(Error::validation(
                "confirm_unencrypted",
                "a folder is not encrypted: anyone who finds it can read everything; confirm to write it anyway, or export a PDF",
            ));
        }
        let vault_language = self.settings()?.language;
        let business = self.business()?;
        if format != ExportFormat::Json {
            let missing = missing_details(&Controller::from(business.clone()));
            if !missing.is_empty() {
                return Err(Error::validation(
                    "business",
                    format!(
                        "a copy of someone's data must say who holds it and where to write about it; give the business's {} in the settings first",
                        missing.join(" and ").replace("email", "e-mail address")
                    ),
                ));
            }
        }
        let outgoing = match format {
            ExportFormat::Email => {
                Some(self.outgoing(EmailKind::SubjectAccess, options.out.as_deref())?)
            }
            _ => None,
        };
        let passphrase = matches!(
            format,
            ExportFormat::Pdf | ExportFormat::Zip | ExportFormat::Email
        )
        .then(|| Passphrase::make(entropy));
        let made = self.clock.now();
        let rules = self.path_rules(options.overwrite);
        // The bundle is staged inside the transaction and moved to its name only once the
        // transaction (its `export` event and request action) has committed: a failed commit
        // leaves no bundle behind, and a staged one is removed when dropped.
        let (mut export, staged) = self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?.id;
            let number = which.map(|w| check_request(tx, w, person)).transpose()?;
            let bundle = gather(
                tx,
                person,
                options.language,
                vault_language,
                business.clone(),
                &ctx.now,
            )?;
            let counts = bundle.counts();
            let key = || {
                passphrase
                    .as_ref()
                    .ok_or_else(|| Error::Internal("no passphrase was made".into()))
            };
            let mut email = None;
            let mut content = None;
            let mut staged = None;
            let (names, bytes, extension) = match format {
                ExportFormat::Json => (Vec::new(), 0, ""),
                ExportFormat::Email => {
                    let (pdf, names) = pdf_bundle(&bundle, key()?, made, entropy)?;
                    let bytes = pdf.len() as u64;
                    email = Some(bundle_email(&bundle, person, pdf)?);
                    (names, bytes, "pdf")
                }
                ExportFormat::Pdf | ExportFormat::Zip => {
                    let (packed, names, extension) = if format == ExportFormat::Pdf {
                        let (pdf, names) = pdf_bundle(&bundle, key()?, made, entropy)?;
                        (pdf, names, "pdf")
                    } else {
                        let files = files(&bundle)?;
                        let zip = package::encrypted_zip(&files, key()?, made)?;
                        (zip, files.into_iter().map(|(n, _)| n).collect(), "zip")
                    };
                    let size = packed.len() as u64;
                    match &options.out {
                        // Never in the vault's folder, never through a link, never over a
                        // file there already unless the owner said so.
                        Some(path) => staged = Some(Staged::file(path, &packed, &rules)?),
                        None => content = Some(packed),
                    }
                    (names, size, extension)
                }
                ExportFormat::Folder => {
                    let files = files(&bundle)?;
                    let size = files.iter().map(|(_, b)| b.len() as u64).sum();
                    if let Some(path) = &options.out {
                        let path = rules.check_new_folder(path)?;
                        staged = Some(Staged::folder(&path, &files)?);
                    }
                    (files.into_iter().map(|(n, _)| n).collect(), size, "")
                }
            };
            audit.append(
                tx,
                ctx.event(
                    AuditKind::Export,
                    Some(("person", person.to_string())),
                    json!({ "what": "subject_access", "format": format.as_str(), "counts": counts, "request": number }),
                ),
            )?;
            if let Some(w) = which {
                record_action(
                    tx,
                    audit,
                    ctx,
                    w,
                    "bundle_exported",
                    json!({ "person": person, "format": format.as_str(), "files": names.len() }),
                )?;
            }
            // Sent last, so that a message the server refuses undoes the export's records.
            let delivery = match (&outgoing, &email) {
                (Some(outgoing), Some(email)) => Some(outgoing.deliver(tx, audit, ctx, email)?),
                _ => None,
            };
            let path = match &delivery {
                Some(Delivery::Saved { path }) => Some(path.clone()),
                _ => None,
            };
            let export = SubjectExport {
                format,
                path,
                files: names,
                bytes,
                passphrase: passphrase.as_ref().map(|p| p.as_str().to_owned()),
                request: number,
                counts,
                file_name: file_name(&bundle, extension),
                bundle: (format == ExportFormat::Json).then_some(bundle),
                delivery,
                content,
                download: None,
            };
            Ok((export, staged))
        })?;
        if let Some(staged) = staged {
            export.path = Some(staged.finish()?);
        }
        Ok(export)
    }

    /// A person's bundle as an encrypted PDF attached to an e-mail to them. The passphrase is
    /// returned, not written in the message: it must reach them another way (a call, a text
    /// message), so that the e-mail alone opens nothing. Audited as an export.
    pub fn subject_access_email(
        &mut self,
        who: &PersonRef,
        request: Option<RequestRef>,
        entropy: &mut impl Entropy,
    ) -> Result<(Email, Passphrase)> {
        let passphrase = Passphrase::make(entropy);
        let vault_language = self.settings()?.language;
        let controller = self.business()?;
        let made = self.clock.now();
        let email = self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?.id;
            let number = request.map(|w| check_request(tx, w, person)).transpose()?;
            let bundle = gather(tx, person, None, vault_language, controller, &ctx.now)?;
            let (pdf, files) = pdf_bundle(&bundle, &passphrase, made, entropy)?;
            let email = bundle_email(&bundle, person, pdf)?;
            let counts = bundle.counts();
            audit.append(
                tx,
                ctx.event(
                    AuditKind::Export,
                    Some(("person", person.to_string())),
                    json!({ "what": "subject_access", "format": "email-pdf", "counts": counts, "request": number }),
                ),
            )?;
            if let Some(w) = request {
                record_action(
                    tx,
                    audit,
                    ctx,
                    w,
                    "bundle_exported",
                    json!({ "person": person, "format": "email-pdf", "files": files.len() }),
                )?;
            }
            Ok(email)
        })?;
        Ok((email, passphrase))
    }
}

/// The message that carries a person's bundle as an encrypted PDF, to their own address.
fn bundle_email(bundle: &SubjectAccess, person: Uuid, pdf: Vec<u8>) -> Result<Email> {
    let to_address =
        bundle.person.email.clone().ok_or_else(|| {
            Error::validation("email", "the person has no e-mail address to send to")
        })?;
    let (subject, text) = email_words(bundle.language, &bundle.controller.name);
    Ok(Email {
        kind: EmailKind::SubjectAccess,
        person_id: Some(person),
        to_name: summary::display_name(bundle),
        to_address,
        subject,
        text,
        html: None,
        attachments: vec![Attachment {
            filename: file_name(bundle, "pdf"),
            content_type: "application/pdf".into(),
            bytes: pdf,
        }],
    })
}

/// The e-mail's subject and text in the person's language. It says the passphrase comes
/// separately and never holds it.
fn email_words(language: Language, controller: &str) -> (String, String) {
    let from = if controller.is_empty() {
        String::new()
    } else {
        format!("\n\n{controller}")
    };
    let (subject, body) = match language {
        Language::En => (
            "A copy of your personal data",
            "Hello,\n\nAttached is a copy of all the personal data we hold about you, as you asked. The file is a PDF protected by a passphrase, which you will get separately, by phone or text message. It opens in any PDF reader: your web browser, Adobe Reader or Preview.\n\nThe same data in machine-readable form (JSON and CSV) is attached inside the PDF: look for the paper clip or the attachments panel in your PDF reader.",
        ),
        Language::Nb => (
            "En kopi av personopplysningene dine",
            "Hei,\n\nVedlagt er en kopi av alle personopplysningene vi har om deg, slik du ba om. Filen er en PDF som er beskyttet med et passord, og passordet får du separat, på telefon eller SMS. Den kan åpnes i alle PDF-lesere: nettleseren din, Adobe Reader eller Forhåndsvisning.\n\nDe samme opplysningene i maskinlesbar form (JSON og CSV) ligger vedlagt inne i PDF-en: se etter bindersen eller vedleggspanelet i PDF-leseren.",
        ),
        Language::Sv => (
            "En kopia av dina personuppgifter",
            "Hej,\n\nBifogat finns en kopia av alla personuppgifter vi har om dig, som du bad om. Filen är en pdf som skyddas av ett lösenord, och lösenordet får du separat, per telefon eller sms. Den kan öppnas i alla pdf-läsare: din webbläsare, Adobe Reader eller Förhandsvisning.\n\nSamma uppgifter i maskinläsbar form (JSON och CSV) finns bifogade inuti pdf-filen: leta efter gemet eller panelen för bilagor i din pdf-läsare.",
        ),
        Language::Da => (
            "En kopi af dine personoplysninger",
            "Hej\n\nVedhæftet er en kopi af alle de personoplysninger, vi har om dig, som du bad om. Filen er en pdf, der er beskyttet med en adgangskode, og adgangskoden får du separat, pr. telefon eller sms. Den kan åbnes i alle pdf-læsere: din webbrowser, Adobe Reader eller Eksempel.\n\nDe samme oplysninger i maskinlæsbar form (JSON og CSV) ligger vedhæftet inde i pdf-filen: kig efter clipsen eller panelet med vedhæftede filer i din pdf-læser.",
        ),
    };
    (subject.to_owned(), format!("{body}{from}\n"))
}
