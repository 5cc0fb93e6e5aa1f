//! What goes into the duplicates feature and what comes out of it: pairs side by side, a
//! merge's choices and its outcome, merges that can be undone, a search's counts.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::matching::Reason;
use crate::people::PersonDetails;
use crate::types::Language;
use crate::{Error, Result};

/// A field of a person whose value a merge takes from one side or the other.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum MergeField {
    /// Given name(s).
    FirstName,
    /// Family name.
    LastName,
    /// E-mail address.
    Email,
    /// Phone number.
    Phone,
    /// Role or job title.
    Title,
    /// The organisation they work at.
    Organisation,
    /// Relationship status.
    Status,
    /// Street address.
    Address,
    /// Postcode.
    Postcode,
    /// City.
    City,
    /// Country.
    Country,
    /// The business's customer number.
    CustomerNumber,
    /// Category.
    Category,
    /// The language they are written to in.
    Language,
    /// The staff member responsible for them.
    Owner,
}

impl MergeField {
    /// Every field, in the order a side-by-side view shows them.
    pub const ALL: [MergeField; 15] = [
        MergeField::FirstName,
        MergeField::LastName,
        MergeField::Email,
        MergeField::Phone,
        MergeField::Title,
        MergeField::Organisation,
        MergeField::Status,
        MergeField::Address,
        MergeField::Postcode,
        MergeField::City,
        MergeField::Country,
        MergeField::CustomerNumber,
        MergeField::Category,
        MergeField::Language,
        MergeField::Owner,
    ];

    /// The field's name as events and errors give it.
    pub fn as_str(self) -> &'static str {
        match self {
            MergeField::FirstName => "first_name",
            MergeField::LastName => "last_name",
            MergeField::Email => "email",
            MergeField::Phone => "phone",
            MergeField::Title => "title",
            MergeField::Organisation => "organisation",
            MergeField::Status => "status",
            MergeField::Address => "address",
            MergeField::Postcode => "postcode",
            MergeField::City => "city",
            MergeField::Country => "country",
            MergeField::CustomerNumber => "customer_number",
            MergeField::Category => "category",
            MergeField::Language => "language",
            MergeField::Owner => "owner",
        }
    }

    /// Reads a field's name (also with `-` for `_`), as the command line takes it.
    pub fn parse(text: &str) -> Result<Self> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == wanted)
            .ok_or_else(|| {
                Error::validation(
                    "fields",
                    format!(
                        "no field {wanted:?}; the fields are {}",
                        Self::ALL.map(MergeField::as_str).join(", ")
                    ),
                )
            })
    }
}

/// Merging two people into one: `keep` stays (their id, and their value in every field
/// unless the field is in `fields`); the other is merged into them and removed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// One person.
    pub a: Uuid,
    /// The other.
    pub b: Uuid,
    /// The person kept, `a` or `b` (`a` when not given).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub keep: Option<Uuid>,
    /// Fields whose value is taken from the person merged away, even where the person kept
    /// has one. Every other field keeps the kept person's value, or takes the other's where
    /// the kept person has none.
    #[serde(default)]
    #[ts(as = "Option<Vec<MergeField>>", optional)]
    pub fields: Vec<MergeField>,
}

/// How many rows a merge moved from the person merged away to the person kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Moved {
    /// Notes about them.
    pub notes: u64,
    /// Deals.
    pub deals: u64,
    /// Invoices.
    pub invoices: u64,
    /// Consent events, with their evidence.
    pub consents: u64,
    /// Processing records.
    pub processing_records: u64,
    /// Requests they are named in (one they share already is not counted).
    pub requests: u64,
    /// Tags the person kept did not have.
    pub tags: u64,
    /// Subscriptions the person kept was not on.
    pub subscriptions: u64,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MergeReport {
    /// The merge's id, for undoing it.
    pub merge: Uuid,
    /// The person kept.
    pub kept: Uuid,
    /// The person merged away (their id now names the person kept's record, until undone).
    pub merged: Uuid,
    /// The fields whose value came from the person merged away: chosen, or filled where the
    /// person kept had none.
    pub taken: Vec<MergeField>,
    /// What moved over.
    pub moved: Moved,
    /// Whether the search merged them unasked (housekeeping's setting `auto_merge`).
    pub automatic: bool,
}

/// One side of a pair: the person's fields and what hangs on them, to decide by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PairPerson {
    /// Their id.
    pub id: Uuid,
    /// Their fields.
    #[serde(flatten)]
    pub fields: PersonDetails,
    /// Every e-mail address and phone number, e-mail first, each channel's primary first
    /// (a merge keeps them all).
    pub contacts: Vec<crate::people::contacts::ContactPoint>,
    /// Their organisation's name.
    pub organisation: Option<String>,
    /// Their category's name.
    pub category: Option<String>,
    /// The language they are written to in.
    pub language: Option<Language>,
    /// The staff member responsible for them (a user's name).
    pub owner: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Created (RFC 3339, UTC).
    pub created_at: String,
    /// Last used: an edit, a note, a consent, a request …
    pub last_activity_at: Option<String>,
    /// Archived since, if archived.
    pub archived_at: Option<String>,
    /// How many notes, deals, invoices, consent events and requests they have.
    pub attached: Moved,
}

/// Two people who may be one, side by side, with how sure the matcher is and why.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DuplicatePair {
    /// One person (the one whose id sorts first).
    pub a: PairPerson,
    /// The other.
    pub b: PairPerson,
    /// 0 (surely two people) to 1 (surely one).
    pub score: f64,
    /// What is alike and what differs, strongest likeness first.
    pub reasons: Vec<Reason>,
    /// The matcher would merge them unasked (an identifier in common, names that agree,
    /// nothing that differs).
    pub automatic: bool,
    /// When the pair was first found (RFC 3339, UTC).
    pub found_at: String,
}

/// A page of the review queue, surest pairs first.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct PairPage {
    /// The pairs on this page.
    pub pairs: Vec<DuplicatePair>,
    /// How many pairs wait in all.
    pub total: u64,
}

/// Someone already in the register who is likely the person about to be added.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct LikelyDuplicate {
    /// Their id.
    pub id: Uuid,
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// How alike, 0–1.
    pub score: f64,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// A merge, as the list of recent merges shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MergeView {
    /// The merge's id.
    pub id: Uuid,
    /// The person kept.
    pub kept: Uuid,
    /// The person kept's name as it is now, while they are in the vault.
    pub kept_name: Option<String>,
    /// The person merged away.
    pub merged: Uuid,
    /// The merged person's name as it was, while the merge can be undone (after that the
    /// vault no longer keeps it apart).
    pub merged_name: Option<String>,
    /// When (RFC 3339, UTC).
    pub merged_at: String,
    /// Who merged them (a user's name).
    pub merged_by: String,
    /// Whether the search merged them unasked.
    pub automatic: bool,
    /// The fields whose value came from the person merged away.
    pub fields: Vec<String>,
    /// Whether it can still be undone: not undone, and the person kept unchanged since.
    pub can_undo: bool,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
}

/// What undoing a merge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct UndoneMerge {
    /// The merge.
    pub merge: Uuid,
    /// The person kept, as they were before it.
    pub kept: Uuid,
    /// The person merged away, back under their own id.
    pub restored: Uuid,
}

/// What a search of the register for duplicates found and did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RefreshSummary {
    /// People compared (everyone but those in the recycle bin).
    pub people: u64,
    /// Pairs waiting for review afterwards.
    pub pairs: u64,
    /// Of those, pairs not in the queue before.
    pub new_pairs: u64,
    /// Pairs left out because someone said they are two people.
    pub dismissed: u64,
    /// Pairs merged unasked (only with housekeeping's `auto_merge` on).
    pub merged: u64,
    /// Merges that can no longer be undone (the person kept has changed since), whose saved
    /// rows were dropped.
    pub settled_merges: u64,
}
