//! An organisation's plain data.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::people::PersonSummary;

/// The fields of an organisation a user can set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct OrganisationFields {
    /// Its name (required; unique, ignoring case).
    #[ts(as = "Option<String>", optional)]
    pub name: String,
    /// Its registration number (organisasjonsnummer, organisationsnummer, CVR).
    pub org_number: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country (ISO 3166-1 alpha-2 preferred).
    pub country: Option<String>,
    /// Category by name; created when new.
    pub category: Option<String>,
    /// Tags by name; created when new.
    #[ts(as = "Option<Vec<String>>", optional)]
    pub tags: Vec<String>,
}

/// A change to an organisation. `None` leaves a field alone; for optional fields `Some("")`
/// clears the value; `tags`, when given, replaces the set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct OrganisationPatch {
    /// New name.
    pub name: Option<String>,
    /// New registration number.
    pub org_number: Option<String>,
    /// New e-mail.
    pub email: Option<String>,
    /// New phone.
    pub phone: Option<String>,
    /// New web site.
    pub website: Option<String>,
    /// New street address.
    pub address: Option<String>,
    /// New postcode.
    pub postcode: Option<String>,
    /// New city.
    pub city: Option<String>,
    /// New country.
    pub country: Option<String>,
    /// New category by name.
    pub category: Option<String>,
    /// The tags it has from now on.
    pub tags: Option<Vec<String>>,
}

/// The plain fields of an organisation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OrganisationDetails {
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

/// An organisation as a line in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OrganisationSummary {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its city.
    pub city: Option<String>,
    /// How many people work there.
    pub people: u64,
}

/// A page of organisations and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OrganisationPage {
    /// The organisations on this page.
    pub organisations: Vec<OrganisationSummary>,
    /// How many match in all.
    pub total: u64,
}

/// An organisation with everything shown on its card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OrganisationView {
    /// Its id.
    pub id: Uuid,
    /// Its fields.
    #[serde(flatten)]
    pub fields: OrganisationDetails,
    /// Its category's name.
    pub category: Option<String>,
    /// Its tags, sorted.
    pub tags: Vec<String>,
    /// How many people work there.
    pub people_count: u64,
    /// The first of them by name (at most [`OrganisationView::PEOPLE_SHOWN`]).
    pub people: Vec<PersonSummary>,
    /// Created (RFC 3339, UTC).
    pub created_at: String,
    /// Last changed (RFC 3339, UTC).
    pub updated_at: String,
}

impl OrganisationView {
    /// How many of its people an organisation's card holds; the rest are a filtered list away.
    pub const PEOPLE_SHOWN: u32 = 200;
}
