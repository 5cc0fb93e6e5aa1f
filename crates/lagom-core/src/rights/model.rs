//! The request register's plain types: a request's kind, identity check, status and how it
//! is named; what comes in to make one and what the register shows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::rights::deadline::Urgency;
use crate::{Error, Result};

/// The longest description, outcome or extension reason taken, in characters.
pub const MAX_TEXT_CHARS: usize = 4_000;

/// Which right a request exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Art. 15: a copy of everything held.
    Access,
    /// Art. 16: correcting what is wrong.
    Rectification,
    /// Art. 17: being forgotten.
    Erasure,
    /// Art. 18: processing put on hold.
    Restriction,
    /// Art. 20: the data in a machine-readable form.
    Portability,
    /// Art. 21: objecting to processing.
    Objection,
}

impl RequestKind {
    /// Every kind, in the order of the articles.
    pub const ALL: [RequestKind; 6] = [
        RequestKind::Access,
        RequestKind::Rectification,
        RequestKind::Erasure,
        RequestKind::Restriction,
        RequestKind::Portability,
        RequestKind::Objection,
    ];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Access => "access",
            RequestKind::Rectification => "rectification",
            RequestKind::Erasure => "erasure",
            RequestKind::Restriction => "restriction",
            RequestKind::Portability => "portability",
            RequestKind::Objection => "objection",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == t)
            .ok_or_else(|| {
                Error::validation(
                    "kind",
                    "must be access, rectification, erasure, restriction, portability or objection",
                )
            })
    }
}

/// Whether the person asking was shown to be the person the data is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum IdentityCheck {
    /// Not checked yet.
    Unchecked,
    /// Checked and confirmed.
    Verified,
    /// Checked and not confirmed: nothing may be handed over.
    Failed,
}

impl IdentityCheck {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityCheck::Unchecked => "unchecked",
            IdentityCheck::Verified => "verified",
            IdentityCheck::Failed => "failed",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "unchecked" => Ok(IdentityCheck::Unchecked),
            "verified" => Ok(IdentityCheck::Verified),
            "failed" => Ok(IdentityCheck::Failed),
            _ => Err(Error::validation(
                "identity",
                "must be unchecked, verified or failed",
            )),
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Still to be answered.
    Open,
    /// Answered as asked.
    Done,
    /// Refused (Art. 12(5): manifestly unfounded or excessive), with the reason as outcome.
    Refused,
    /// The person took it back.
    Withdrawn,
}

impl RequestStatus {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Done => "done",
            RequestStatus::Refused => "refused",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(RequestStatus::Open),
            "done" => Ok(RequestStatus::Done),
            "refused" => Ok(RequestStatus::Refused),
            "withdrawn" => Ok(RequestStatus::Withdrawn),
            _ => Err(Error::validation(
                "status",
                "must be open, done, refused or withdrawn",
            )),
        }
    }
}

/// How a request is named: its id or its number (`R-0007`, `r7` or `7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestRef {
    /// By id.
    Id(Uuid),
    /// By number.
    Number(i64),
}

impl RequestRef {
    /// Reads an id or a number.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim();
        if let Ok(id) = Uuid::parse_str(t) {
            return Ok(RequestRef::Id(id));
        }
        let digits = t
            .strip_prefix("R-")
            .or_else(|| t.strip_prefix("r-"))
            .or_else(|| t.strip_prefix('R'))
            .or_else(|| t.strip_prefix('r'))
            .unwrap_or(t);
        match digits.parse::<i64>() {
            Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(RequestRef::Number(n))
            }
            _ => Err(Error::validation(
                "request",
                "give the request's number (R-0001) or id",
            )),
        }
    }
}

/// A request's number as shown: `R-0001`.
pub fn request_number(number: i64) -> String {
    format!("R-{number:04}")
}

/// A new request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// The right exercised.
    pub kind: RequestKind,
    /// The people it is about, by id or e-mail address (at least one).
    pub people: Vec<String>,
    /// The day it came in; today when left out. The deadline counts from it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub received_on: Option<NaiveDate>,
    /// How it came in: e-mail, letter, phone, in person.
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub channel: String,
    /// What was asked, in the staff's words.
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub description: String,
}

/// A person a request is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestPerson {
    /// Their id.
    pub id: Uuid,
    /// Their name (or e-mail) while they are in the vault.
    pub name: Option<String>,
    /// The pseudonym left once they were erased.
    pub pseudonym: Option<String>,
}

/// Something done on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestAction {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who did it (a user's display name).
    pub actor: Option<String>,
    /// What: created, identity_checked, extended, bundle_exported, rectified, erased, closed …
    pub action: String,
    /// Ids, counts and field names; never personal data.
    pub detail: serde_json::Value,
}

/// A request's stored row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestRow {
    pub id: Uuid,
    pub number: i64,
    pub kind: RequestKind,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub extended_on: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub identity: IdentityCheck,
    pub status: RequestStatus,
    pub channel: String,
    pub description: String,
    pub closed_on: Option<NaiveDate>,
    pub outcome: String,
    pub created_at: String,
}

/// A request as a line in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestLine {
    /// Its id.
    pub id: Uuid,
    /// Its number, `R-0001`.
    pub number: String,
    /// The right exercised.
    pub kind: RequestKind,
    /// Who it is about.
    pub people: Vec<RequestPerson>,
    /// When it came in.
    pub received_on: NaiveDate,
    /// When it must be answered.
    pub due_on: NaiveDate,
    /// Whether the deadline was extended.
    pub extended: bool,
    /// The identity check.
    pub identity: IdentityCheck,
    /// Where it stands.
    pub status: RequestStatus,
    /// For an open request: overdue, due soon or on time, today.
    pub urgency: Option<Urgency>,
    /// For an open request: days until the deadline (negative once passed).
    pub days_left: Option<i64>,
}

/// A request with everything the register holds about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestView {
    /// The line as the register shows it.
    #[serde(flatten)]
    pub line: RequestLine,
    /// When the deadline was extended.
    pub extended_on: Option<NaiveDate>,
    /// Why (the person must be told within the first month).
    pub extension_reason: Option<String>,
    /// How it came in.
    pub channel: String,
    /// What was asked.
    pub description: String,
    /// When it was closed.
    pub closed_on: Option<NaiveDate>,
    /// How it ended (for a refusal: why).
    pub outcome: String,
    /// When it was registered (RFC 3339, UTC).
    pub created_at: String,
    /// Everything done on it, oldest first.
    pub actions: Vec<RequestAction>,
}

/// Which requests a list holds; `None` leaves a filter out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct RequestFilter {
    /// Only requests in this state.
    pub status: Option<RequestStatus>,
    /// Only requests of this kind.
    pub kind: Option<RequestKind>,
}

/// The start screen's view of the register: what needs doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestSummary {
    /// Open requests.
    pub open: u64,
    /// Open requests past their deadline.
    pub overdue: u64,
    /// Open requests due within [`crate::rights::deadline::DUE_SOON_DAYS`] days.
    pub due_soon: u64,
    /// The overdue and due-soon requests, soonest deadline first.
    pub requests: Vec<RequestLine>,
}
