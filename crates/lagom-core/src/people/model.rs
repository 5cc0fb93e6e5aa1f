//! A person's plain data: what goes into the core and what comes out of it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::types::{Language, LegalBasis};
use crate::{Error, Result};

/// Where a person stands with the business; retention rules are set per status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PersonStatus {
    /// Not (yet) a customer.
    #[default]
    Prospect,
    /// A current customer.
    Customer,
    /// Used to be a customer.
    FormerCustomer,
    /// A partner or supplier contact.
    Partner,
    /// Anything else.
    Other,
}

impl PersonStatus {
    /// Every status, in the order a list offers them.
    pub const ALL: [PersonStatus; 5] = [
        PersonStatus::Prospect,
        PersonStatus::Customer,
        PersonStatus::FormerCustomer,
        PersonStatus::Partner,
        PersonStatus::Other,
    ];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonStatus::Prospect => "prospect",
            PersonStatus::Customer => "customer",
            PersonStatus::FormerCustomer => "former_customer",
            PersonStatus::Partner => "partner",
            PersonStatus::Other => "other",
        }
    }

    /// Reads the stored spelling (also accepting `-` for `_`).
    pub fn parse(text: &str) -> Result<Self> {
        Ok(
            match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
                "prospect" => PersonStatus::Prospect,
                "customer" => PersonStatus::Customer,
                "former_customer" => PersonStatus::FormerCustomer,
                "partner" => PersonStatus::Partner,
                "other" => PersonStatus::Other,
                _ => {
                    return Err(Error::validation(
                        "status",
                        "must be prospect, customer, former-customer, partner or other",
                    ));
                }
            },
        )
    }
}

/// The fields of a person a user can set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct PersonFields {
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail address (stored trimmed and lower-cased).
    pub email: Option<String>,
    /// Phone number as given.
    pub phone: Option<String>,
    /// Role or job title.
    pub title: Option<String>,
    /// Name of the organisation; found by name or created.
    pub organisation: Option<String>,
    /// Relationship status.
    pub status: PersonStatus,
    /// Tags by name; created when new.
    pub tags: Vec<String>,
    /// Street address.
    pub address: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country (ISO 3166-1 alpha-2 preferred).
    pub country: Option<String>,
    /// The business's own number for the customer ("Kundenr."), as its other systems write
    /// it; found by search, and a strong sign that two records are one person.
    pub customer_number: Option<String>,
}

/// Why and on what basis a person is added. Anything left out takes the vault's default:
/// the purpose "Sales and service", that purpose's default legal basis, and the source
/// "manual".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(optional_fields = nullable)]
pub struct Provenance {
    /// Purpose by name.
    pub purpose: Option<String>,
    /// Legal basis; defaults to the purpose's own.
    pub legal_basis: Option<LegalBasis>,
    /// Source by name.
    pub source: Option<String>,
}

/// A request to create a person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(optional_fields = nullable)]
pub struct NewPerson {
    /// The person's data.
    #[ts(as = "Option<PersonFields>", optional)]
    pub fields: PersonFields,
    /// The processing record written with it.
    #[ts(as = "Option<Provenance>", optional)]
    pub provenance: Provenance,
    /// The person's category by name; created when new.
    pub category: Option<String>,
}

/// A change to a person. `None` leaves a field alone; for optional fields `Some("")` clears
/// the value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(optional_fields = nullable)]
pub struct PersonPatch {
    /// New given name(s).
    pub first_name: Option<String>,
    /// New family name.
    pub last_name: Option<String>,
    /// New e-mail.
    pub email: Option<String>,
    /// New phone.
    pub phone: Option<String>,
    /// New title.
    pub title: Option<String>,
    /// New organisation by name.
    pub organisation: Option<String>,
    /// New status.
    pub status: Option<PersonStatus>,
    /// Tags to add.
    #[ts(as = "Option<Vec<String>>", optional)]
    pub add_tags: Vec<String>,
    /// Tags to remove.
    #[ts(as = "Option<Vec<String>>", optional)]
    pub remove_tags: Vec<String>,
    /// New street address.
    pub address: Option<String>,
    /// New postcode.
    pub postcode: Option<String>,
    /// New city.
    pub city: Option<String>,
    /// New country.
    pub country: Option<String>,
    /// New customer number.
    pub customer_number: Option<String>,
    /// New category by name (`Some("")` clears it); created when new.
    pub category: Option<String>,
}

/// An organisation as shown next to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OrganisationRef {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
}

/// One processing record: why, on what basis, from where, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProcessingRecordView {
    /// The purpose's name.
    pub purpose: String,
    /// The legal basis.
    pub legal_basis: LegalBasis,
    /// The source's name.
    pub source: String,
    /// When it was recorded (RFC 3339, UTC).
    pub recorded_at: String,
    /// Who recorded it (a user's display name).
    pub recorded_by: String,
}

/// The plain fields of a person's card ([`crate::card::PersonView`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonDetails {
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Status.
    pub status: PersonStatus,
    /// Street address.
    pub address: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// The business's customer number.
    pub customer_number: Option<String>,
}

/// A person as a line in a list or a search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonSummary {
    /// The person's id.
    pub id: Uuid,
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail, the primary one.
    pub email: Option<String>,
    /// Phone, the primary one, as stored.
    pub phone: Option<String>,
    /// The primary phone as a person reads it (grouped the way its country writes numbers).
    pub phone_display: Option<String>,
    /// Organisation name.
    pub organisation: Option<String>,
    /// Status.
    pub status: PersonStatus,
}

/// What a list or search returns: a page of people and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonPage {
    /// The people on this page.
    pub people: Vec<PersonSummary>,
    /// How many match in all (for a search, capped at the search limit + 1).
    pub total: u64,
}

/// The order of a list of people. Ties are broken by creation order, so pages never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PeopleSort {
    /// By last name, then first name, ignoring case, in the alphabetical order of the
    /// query's language (Norwegian and Danish put Æ Ø Å after Z, Swedish Å Ä Ö).
    #[default]
    Name,
    /// By when they were created.
    Created,
    /// By when they were last changed.
    Updated,
}

/// Which shelf a people list shows (see [`crate::people::shelf`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PeopleView {
    /// The people in use: neither archived nor in the recycle bin.
    #[default]
    Active,
    /// The archived (not in the bin).
    Archived,
    /// Everyone but the recycle bin: in use and archived together.
    All,
}

impl PeopleView {
    /// The SQL condition on `people p` that picks the view's people.
    pub(crate) fn condition(self) -> &'static str {
        match self {
            PeopleView::Active => "p.archived_at IS NULL AND p.binned_at IS NULL",
            PeopleView::Archived => "p.archived_at IS NOT NULL AND p.binned_at IS NULL",
            PeopleView::All => "p.binned_at IS NULL",
        }
    }
}

/// Which people a list holds and in what order. Every filter given must hold; `None` leaves
/// that filter out. Names (tag, category, source) are matched ignoring case; a name that
/// does not exist matches nobody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PeopleQuery {
    /// Words that must each begin a name, e-mail, phone number or organisation (see
    /// [`crate::search`]).
    pub search: Option<String>,
    /// A tag by name.
    pub tag: Option<String>,
    /// A category by name.
    pub category: Option<String>,
    /// The owner, a user's id.
    pub owner: Option<Uuid>,
    /// A status.
    pub status: Option<PersonStatus>,
    /// A source by name: people with a processing record from it.
    pub source: Option<String>,
    /// An organisation's id: the people who work there.
    pub organisation: Option<Uuid>,
    /// Which shelf: the people in use (the default), the archived, or both.
    #[ts(as = "Option<PeopleView>", optional)]
    pub view: PeopleView,
    /// The order.
    #[ts(as = "Option<PeopleSort>", optional)]
    pub sort: PeopleSort,
    /// Whether the order is reversed.
    #[ts(as = "Option<bool>", optional)]
    pub descending: bool,
    /// Whose alphabet orders the names: the reader's language (the UI sends its own); none
    /// takes the vault's language, else English.
    pub language: Option<Language>,
    /// At most this many people (at most [`PeopleQuery::MAX_LIMIT`]).
    #[ts(as = "Option<u32>", optional)]
    pub limit: u32,
    /// Skipping this many.
    #[ts(as = "Option<u64>", optional)]
    pub offset: u64,
}

impl PeopleQuery {
    /// The largest page a list returns.
    pub const MAX_LIMIT: u32 = 1_000;
}

impl Default for PeopleQuery {
    fn default() -> Self {
        Self {
            search: None,
            tag: None,
            category: None,
            owner: None,
            status: None,
            source: None,
            organisation: None,
            view: PeopleView::Active,
            sort: PeopleSort::Name,
            descending: false,
            language: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// A value a list can be filtered by, with how many people have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FilterChoice {
    /// What the filter is given: a name, or for users and statuses an id or code.
    pub value: String,
    /// What is shown (a user's name; otherwise the same as `value`).
    pub label: String,
    /// How many people have it.
    pub people: u64,
}

/// Everything the people list can be filtered by, each in name order. Tags, categories and
/// sources no person has are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PeopleFilters {
    /// Tags.
    pub tags: Vec<FilterChoice>,
    /// Categories.
    pub categories: Vec<FilterChoice>,
    /// Users who own people (value: the user's id).
    pub owners: Vec<FilterChoice>,
    /// Statuses (value: the status's code), in the order of [`PersonStatus`].
    pub statuses: Vec<FilterChoice>,
    /// Sources.
    pub sources: Vec<FilterChoice>,
}

/// Where a person stands in their life in the register, as the card shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Life {
    /// When they were last used (an edit, note, deal, invoice, consent event, request or
    /// processing record; RFC 3339, UTC): retention counts from here.
    pub last_activity_at: Option<String>,
    /// When they were archived, while they are.
    pub archived_at: Option<String>,
    /// When they were moved to the recycle bin, while they are there.
    pub binned_at: Option<String>,
}
