//! The subject-access bundle as data: everything the vault holds about one person, plus the
//! information Art. 15(1) asks for (purposes, legal bases, recipients, retention, source, the
//! person's rights, where to complain). The JSON file is this, serialised; the HTML summary
//! and the CSV files are drawn from it. Its shape is `schemas/subject-access.schema.json`.

use serde::Serialize;
use uuid::Uuid;

use super::controller::{Authority, Controller};
use crate::types::Language;

/// The bundle's format name, in its JSON.
pub const FORMAT: &str = "lagom.subject-access";
/// The bundle's format version.
pub const VERSION: u32 = 1;

/// Everything about one person.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SubjectAccess {
    /// Always [`FORMAT`].
    pub format: &'static str,
    /// Always [`VERSION`].
    pub version: u32,
    /// When it was made (RFC 3339, UTC).
    pub generated_at: String,
    /// The language of the summary.
    pub language: Language,
    /// Who holds the data.
    pub controller: Controller,
    /// The person's own record.
    pub person: PersonRecord,
    /// The organisation they are linked to.
    pub organisation: Option<OrganisationRecord>,
    /// Each processing record: why, on what basis, from where.
    pub processing: Vec<ProcessingEntry>,
    /// The purposes their data serves, with bases and retention (Art. 15(1)(a), (d)).
    pub purposes: Vec<PurposeInfo>,
    /// The consent ledger with the exact words agreed to.
    pub consents: Vec<ConsentEntry>,
    /// The mailings they are on.
    pub subscriptions: Vec<SubscriptionEntry>,
    /// Every note about them, private ones too.
    pub notes: Vec<NoteEntry>,
    /// Deals with them.
    pub deals: Vec<DealEntry>,
    /// Invoices to them.
    pub invoices: Vec<InvoiceEntry>,
    /// Imports that created or changed their record.
    pub imports: Vec<ImportEntry>,
    /// Their requests and what was done on them.
    pub requests: Vec<RequestEntry>,
    /// The audit trail's events about them.
    pub events: Vec<EventEntry>,
    /// Earlier erasures of them, for someone registered again after being erased: the vault
    /// keeps a suppression record of each (the day, the request, keyed hashes of their
    /// addresses and numbers, never the values).
    pub earlier_erasures: Vec<crate::suppression::EarlierErasure>,
    /// Who else receives the data (processors, other recipients), as the business lists them.
    pub recipients: Vec<String>,
    /// The rights they have, by name.
    pub rights: Vec<&'static str>,
    /// Where they can complain.
    pub complaint: Authority,
}

/// The person's own fields as stored.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PersonRecord {
    /// Id.
    pub id: Uuid,
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail, the primary one.
    pub email: Option<String>,
    /// Phone, the primary one.
    pub phone: Option<String>,
    /// Every e-mail address and phone number, with its kind and which is primary.
    pub contacts: Vec<crate::people::contacts::ContactPoint>,
    /// Title.
    pub title: Option<String>,
    /// prospect, customer, former_customer, partner, other.
    pub status: String,
    /// Street address.
    pub address: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// The business's customer number for them.
    pub customer_number: Option<String>,
    /// The language they are written to in.
    pub language: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The staff member responsible for them.
    pub owner: Option<String>,
    /// Created (RFC 3339, UTC).
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
    /// When processing was restricted (Art. 18).
    pub restricted_at: Option<String>,
    /// Why.
    pub restriction_reason: Option<String>,
    /// When they objected (Art. 21).
    pub objected_at: Option<String>,
    /// Why.
    pub objection_reason: Option<String>,
}

/// The organisation a person is linked to.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OrganisationRecord {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Registration number.
    pub org_number: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
}

/// One processing record.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ProcessingEntry {
    /// The purpose.
    pub purpose: String,
    /// The legal basis, a letter of Art. 6(1).
    pub legal_basis: String,
    /// Where the data came from.
    pub source: String,
    /// When (RFC 3339, UTC).
    pub recorded_at: String,
    /// By whom.
    pub recorded_by: Option<String>,
}

/// A purpose the person's data serves.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PurposeInfo {
    /// Its name.
    pub name: String,
    /// What it means.
    pub description: String,
    /// The legal bases it rests on for this person, letters of Art. 6(1).
    pub legal_bases: Vec<String>,
    /// How long data is kept for it, in months; `None`: as long as the relationship lasts.
    pub retention_months: Option<i64>,
}

/// A version of a text kept word for word.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TextVersion {
    /// Id.
    pub id: String,
    /// Language.
    pub language: String,
    /// Version number.
    pub version: i64,
    /// The words.
    pub body: String,
    /// SHA-256 of the words (hex).
    pub sha256: String,
}

/// One row of the consent ledger.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ConsentEntry {
    /// Id.
    pub id: String,
    /// The purpose.
    pub purpose: String,
    /// pending, given or withdrawn.
    pub state: String,
    /// web_form, email, phone, in_person, import.
    pub method: String,
    /// When the person did it.
    pub occurred_at: String,
    /// When it was written down.
    pub recorded_at: String,
    /// By whom.
    pub recorded_by: Option<String>,
    /// The evidence (form, message, who took the call).
    pub evidence: String,
    /// The words agreed to.
    pub consent_text: Option<TextVersion>,
    /// The privacy notice shown.
    pub privacy_notice: Option<TextVersion>,
    /// When a confirmation was sent (double opt-in).
    pub confirmation_sent: Option<String>,
    /// When it was confirmed.
    pub confirmed_at: Option<String>,
    /// How: code or reply.
    pub confirmed_how: Option<String>,
}

/// A mailing the person is on.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SubscriptionEntry {
    /// Its name.
    pub name: String,
    /// Its purpose.
    pub purpose: String,
    /// Since when.
    pub since: String,
}

/// A note about the person.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct NoteEntry {
    /// Id.
    pub id: String,
    /// What it says.
    pub body: String,
    /// Whether staff keep it to its author.
    pub private: bool,
    /// Who wrote it.
    pub author: Option<String>,
    /// Written.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
    /// The deal it was written on (a note on a deal with the person), if any.
    pub deal: Option<String>,
}

/// A deal with the person.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DealEntry {
    /// Id.
    pub id: String,
    /// What it is about.
    pub title: String,
    /// lead, qualified, proposal, won, lost.
    pub stage: String,
    /// Value in the currency's minor unit.
    pub value_minor: Option<i64>,
    /// Currency.
    pub currency: Option<String>,
    /// Expected close.
    pub expected_close: Option<String>,
    /// Who handles it.
    pub owner: Option<String>,
    /// Created.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
}

/// An invoice to the person.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InvoiceEntry {
    /// Id.
    pub id: String,
    /// Its number.
    pub number: String,
    /// Issued on.
    pub issued_on: String,
    /// Due on.
    pub due_on: Option<String>,
    /// Amount in the currency's minor unit.
    pub amount_minor: i64,
    /// Currency.
    pub currency: String,
    /// draft, sent, paid, void.
    pub status: String,
    /// Created.
    pub created_at: String,
}

/// An import that created or changed the person's record.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportEntry {
    /// The batch's id.
    pub batch: String,
    /// When it was imported.
    pub committed_at: String,
    /// The files' names.
    pub files: Vec<String>,
    /// created or updated.
    pub action: String,
    /// The purpose of the import.
    pub purpose: String,
    /// Its legal basis.
    pub legal_basis: String,
    /// For a change: the record as it was before, kept so the import can be undone.
    pub previous: Option<serde_json::Value>,
    /// When the import was undone, if it was.
    pub undone_at: Option<String>,
}

/// A request the person made.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RequestEntry {
    /// R-0001.
    pub number: String,
    /// The right exercised.
    pub kind: String,
    /// Received.
    pub received_on: String,
    /// Deadline.
    pub due_on: String,
    /// Extended on.
    pub extended_on: Option<String>,
    /// Why.
    pub extension_reason: Option<String>,
    /// The identity check.
    pub identity: String,
    /// Where it stands.
    pub status: String,
    /// How it came in.
    pub channel: String,
    /// What was asked.
    pub description: String,
    /// Closed on.
    pub closed_on: Option<String>,
    /// The outcome.
    pub outcome: String,
    /// What was done, oldest first.
    pub actions: Vec<ActionEntry>,
}

/// An action on a request.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ActionEntry {
    /// When.
    pub at: String,
    /// What.
    pub action: String,
    /// Ids, counts, field names.
    pub detail: serde_json::Value,
}

/// An audit event about the person.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct EventEntry {
    /// When.
    pub at: String,
    /// What kind (see the audit kinds).
    pub kind: String,
    /// Who did it.
    pub actor: Option<String>,
}

impl SubjectAccess {
    /// How many rows each part holds, for the audit trail and the export's answer.
    pub fn counts(&self) -> serde_json::Value {
        serde_json::json!({
            "processing": self.processing.len(),
            "consents": self.consents.len(),
            "subscriptions": self.subscriptions.len(),
            "notes": self.notes.len(),
            "deals": self.deals.len(),
            "invoices": self.invoices.len(),
            "imports": self.imports.len(),
            "requests": self.requests.len(),
            "events": self.events.len(),
        })
    }
}
