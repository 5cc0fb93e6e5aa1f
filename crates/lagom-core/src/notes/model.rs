//! Notes and deals as a person's card shows them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A note about someone, as their card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct NoteView {
    /// The note's id.
    pub id: Uuid,
    /// What it says.
    pub body: String,
    /// Whether only its author sees it.
    pub private: bool,
    /// Who wrote it (a user's display name).
    pub author: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
}

/// A deal with someone, as their card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DealView {
    /// The deal's id.
    pub id: Uuid,
    /// What it is about.
    pub title: String,
    /// lead, qualified, proposal, won or lost.
    // Stored as text the schema checks against these five; the UI names each.
    #[ts(type = r#""lead" | "qualified" | "proposal" | "won" | "lost""#)]
    pub stage: String,
    /// Its value in the currency's minor unit (øre, cents).
    pub value_minor: Option<i64>,
    /// ISO 4217 currency code.
    pub currency: Option<String>,
    /// When it is expected to close (a date).
    pub expected_close: Option<String>,
    /// Who owns it (a user's display name).
    pub owner: String,
}
