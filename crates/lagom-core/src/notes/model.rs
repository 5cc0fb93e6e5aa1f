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

/// Where a deal stands: the five stages the schema allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DealStage {
    /// Someone who might buy.
    Lead,
    /// A lead worth pursuing.
    Qualified,
    /// An offer is out.
    Proposal,
    /// Won.
    Won,
    /// Lost.
    Lost,
}

impl DealStage {
    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Lead,
            Self::Qualified,
            Self::Proposal,
            Self::Won,
            Self::Lost,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lead => "lead",
            Self::Qualified => "qualified",
            Self::Proposal => "proposal",
            Self::Won => "won",
            Self::Lost => "lost",
        }
    }
}

/// A deal with someone, as their card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DealView {
    /// The deal's id.
    pub id: Uuid,
    /// What it is about.
    pub title: String,
    /// Where it stands.
    pub stage: DealStage,
    /// Its value in the currency's minor unit (øre, cents).
    pub value_minor: Option<i64>,
    /// ISO 4217 currency code.
    pub currency: Option<String>,
    /// When it is expected to close (a date).
    pub expected_close: Option<String>,
    /// Who owns it (a user's display name).
    pub owner: String,
}
