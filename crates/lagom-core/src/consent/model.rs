//! The consent ledger's plain types (states, methods, texts, notices, events, where a
//! person stands per purpose), and the small rules every part of the feature shares: the
//! language a message is written in, when a consent happened, a confirmation's deadline,
//! a text's hash.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::types::{Language, LegalBasis};
use crate::{Error, Result};

/// Where a person's consent for a purpose stands, as one row of the ledger says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    /// Asked for by double opt-in and not (yet) confirmed: counts as not given.
    Pending,
    /// Given.
    Given,
    /// Withdrawn (or refused).
    Withdrawn,
}

impl ConsentState {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentState::Pending => "pending",
            ConsentState::Given => "given",
            ConsentState::Withdrawn => "withdrawn",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<Self> {
        [
            ConsentState::Pending,
            ConsentState::Given,
            ConsentState::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// How a person gave or withdrew consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    /// A form on the web site.
    WebForm,
    /// By e-mail (also every double opt-in).
    Email,
    /// On the phone.
    Phone,
    /// Face to face.
    InPerson,
    /// Brought in with an import.
    Import,
}

impl ConsentMethod {
    /// Every method, in the order a menu offers them.
    pub const ALL: [ConsentMethod; 5] = [
        ConsentMethod::WebForm,
        ConsentMethod::Email,
        ConsentMethod::Phone,
        ConsentMethod::InPerson,
        ConsentMethod::Import,
    ];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentMethod::WebForm => "web_form",
            ConsentMethod::Email => "email",
            ConsentMethod::Phone => "phone",
            ConsentMethod::InPerson => "in_person",
            ConsentMethod::Import => "import",
        }
    }

    /// Reads the stored spelling (also accepting `-` for `_`).
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == t)
            .ok_or_else(|| {
                Error::validation(
                    "method",
                    "must be web_form, email, phone, in_person or import",
                )
            })
    }
}

/// One version of the words a person agrees to for a purpose, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ConsentTextView {
    /// Its id.
    pub id: Uuid,
    /// The purpose's name.
    pub purpose: String,
    /// The language it is written in.
    pub language: Language,
    /// 1 for the first wording, then 2, 3 …
    pub version: u32,
    /// The words, exactly as shown to the person.
    pub body: String,
    /// SHA-256 of the body's UTF-8 bytes, in hex.
    pub sha256: String,
    /// When it was added (RFC 3339, UTC).
    pub created_at: String,
    /// Who added it (a user's display name).
    pub created_by: String,
}

/// One version of the privacy notice, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PrivacyNoticeView {
    /// Its id.
    pub id: Uuid,
    /// The language it is written in.
    pub language: Language,
    /// 1 for the first notice, then 2, 3 …
    pub version: u32,
    /// The notice, exactly as shown.
    pub body: String,
    /// SHA-256 of the body's UTF-8 bytes, in hex.
    pub sha256: String,
    /// When it was added (RFC 3339, UTC).
    pub created_at: String,
    /// Who added it (a user's display name).
    pub created_by: String,
}

/// Which privacy notice a person had seen, as a ledger row names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PrivacyNoticeRef {
    /// Its id.
    pub id: Uuid,
    /// Its language.
    pub language: Language,
    /// Its version.
    pub version: u32,
    /// SHA-256 of its body, in hex.
    pub sha256: String,
}

/// How a double opt-in went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ConfirmationView {
    /// When the message with the code was composed for sending.
    pub sent_at: Option<String>,
    /// When the person confirmed.
    pub confirmed_at: Option<String>,
    /// `code` or `reply`.
    pub how: Option<String>,
    /// The `given` row the confirmation wrote.
    pub given_event: Option<Uuid>,
    /// Wrong codes tried so far.
    pub wrong_codes: u32,
    /// Until when it can be confirmed.
    pub expires_at: Option<String>,
    /// When it ended unconfirmed (too many wrong codes, or found too old).
    pub expired_at: Option<String>,
}

/// One row of the consent ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ConsentEventView {
    /// Its id.
    pub id: Uuid,
    /// The purpose's name.
    pub purpose: String,
    /// What happened.
    pub state: ConsentState,
    /// How.
    pub method: ConsentMethod,
    /// When the person did it (RFC 3339, UTC).
    pub occurred_at: String,
    /// When it was written down.
    pub recorded_at: String,
    /// Who wrote it down (a user's display name).
    pub recorded_by: String,
    /// The form, the message id, who took the call.
    pub evidence: String,
    /// The words agreed to, in full.
    pub text: Option<ConsentTextView>,
    /// The privacy notice the person had seen.
    pub notice: Option<PrivacyNoticeRef>,
    /// For a double opt-in: how the confirmation went.
    pub confirmation: Option<ConfirmationView>,
    /// The address the consent was given for, when it names one (marketing writes there
    /// instead of the primary address).
    pub email: Option<String>,
}

/// A person's consent for one purpose: where it stands and everything that led there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ConsentView {
    /// The purpose's name.
    pub purpose: String,
    /// The newest row's state.
    pub state: ConsentState,
    /// Whether the consent counts: given, and neither withdrawn since nor merely pending.
    pub valid: bool,
    /// When the newest row happened.
    pub since: String,
    /// For a pending consent: it can no longer be confirmed.
    pub expired: bool,
    /// The ledger for this purpose, oldest first.
    pub history: Vec<ConsentEventView>,
}

/// A restriction (Art. 18) or objection (Art. 21) in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Limitation {
    /// Since when (RFC 3339, UTC).
    pub since: String,
    /// What the person or their request said.
    pub reason: String,
}

/// Reads a time a person did something, as the vault's clock tells it: see
/// [`occurred_at_in`], in the clock's time zone.
pub(crate) fn occurred_at(text: Option<&str>, clock: &dyn crate::Clock) -> Result<String> {
    let now = clock.now();
    occurred_at_in(text, now, clock.offset_at(now))
}

/// Reads a time a person did something: an RFC 3339 time or a date, taken as its start in
/// the time zone `offset` from UTC (the day as the person at the computer counts it, so a
/// form signed today is not "in the future" in the hours after midnight that are still
/// yesterday in UTC). Refuses the future: a consent cannot be recorded before it happened.
pub(crate) fn occurred_at_in(
    text: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
    offset: chrono::FixedOffset,
) -> Result<String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(crate::clock::stamp(now));
    };
    let at = chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|d| crate::clock::start_of_day(d, offset))
        })
        .map_err(|_| {
            Error::validation(
                "occurred_at",
                "must be a date (YYYY-MM-DD) or a time (RFC 3339)",
            )
        })?;
    if at > now {
        return Err(Error::validation(
            "occurred_at",
            "is in the future; record a consent once it has been given",
        ));
    }
    Ok(crate::clock::stamp(at))
}

/// Days a pending consent can be confirmed.
pub const CONFIRMATION_DAYS: i64 = 30;

/// Until when a double opt-in sent at `sent` can be confirmed ([`CONFIRMATION_DAYS`] later).
pub(crate) fn confirmation_deadline(sent: &str) -> Option<String> {
    let sent = chrono::DateTime::parse_from_rfc3339(sent).ok()?;
    let end = sent.with_timezone(&chrono::Utc) + chrono::Duration::days(CONFIRMATION_DAYS);
    Some(crate::clock::stamp(end))
}

/// SHA-256 of a text's UTF-8 bytes, in lower-case hex.
pub(crate) fn sha256_hex(body: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A purpose of processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PurposeView {
    /// Its id.
    pub id: Uuid,
    /// Its name (unique, ignoring case); for a built-in one, its English name.
    pub name: String,
    /// The key of a purpose Lagom ships with, by which each reader sees it in their own
    /// language (see `words`); `None` for the owner's own, shown as written.
    pub key: Option<String>,
    /// What it covers, for the privacy notice.
    pub description: String,
    /// The legal basis people get under it unless another is chosen.
    pub default_legal_basis: LegalBasis,
    /// How long it keeps data; `None`: as long as the customer relationship lasts.
    pub retention_months: Option<u32>,
    /// Hidden from choices, kept for history.
    pub archived: bool,
}

/// Where people's data came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SourceView {
    /// Its id.
    pub id: Uuid,
    /// Its name (unique, ignoring case); for a built-in one, its English name.
    pub name: String,
    /// The key of a source Lagom ships with, by which each reader sees it in their own
    /// language (see `words`); `None` for the owner's own, shown as written.
    pub key: Option<String>,
    /// Hidden from choices, kept for history.
    pub archived: bool,
}

/// A kind of e-mail people can be on or off for, under a purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SubscriptionTypeView {
    /// Its id.
    pub id: Uuid,
    /// Its name (unique, ignoring case); for a built-in one, its English name.
    pub name: String,
    /// The key of a subscription type Lagom ships with, by which each reader sees it in their own
    /// language (see `words`); `None` for the owner's own, shown as written.
    pub key: Option<String>,
    /// The purpose's id.
    pub purpose_id: Uuid,
    /// The purpose's name.
    pub purpose: String,
    /// The purpose's key, if it is a built-in one.
    pub purpose_key: Option<String>,
    /// Hidden from choices, kept for history.
    pub archived: bool,
}

/// One of the legal bases of GDPR Art. 6(1); fixed, with fixed names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LegalBasisView {
    /// The letter, a–f.
    pub code: LegalBasis,
    /// Its name.
    pub name: String,
    /// Where the law says it.
    pub article: String,
}

/// Every list a form chooses from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Lists {
    /// Purposes by name.
    pub purposes: Vec<PurposeView>,
    /// Sources by name.
    pub sources: Vec<SourceView>,
    /// Subscription types by name.
    pub subscription_types: Vec<SubscriptionTypeView>,
    /// The six legal bases, a–f.
    pub legal_bases: Vec<LegalBasisView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&chrono::Utc)
    }

    #[test]
    fn a_consent_time_may_be_a_date_or_a_time_but_not_the_future() {
        let now = utc("2025-03-10T12:00:00Z");
        let zone = chrono::FixedOffset::east_opt(0).unwrap();
        let at = |text| occurred_at_in(text, now, zone);
        assert_eq!(at(None).unwrap(), "2025-03-10T12:00:00.000Z");
        assert_eq!(at(Some("2024-12-24")).unwrap(), "2024-12-24T00:00:00.000Z");
        assert_eq!(
            at(Some("2025-03-10T13:00:00+02:00")).unwrap(),
            "2025-03-10T11:00:00.000Z"
        );
        assert!(at(Some("2025-03-11")).is_err());
        assert!(at(Some("yesterday")).is_err());
    }

    #[test]
    fn a_consent_dated_today_just_after_local_midnight_is_not_in_the_future() {
        // 00:30 on 10 March in Oslo (UTC+1) is 23:30 on 9 March in UTC.
        let now = utc("2025-03-09T23:30:00Z");
        let oslo = chrono::FixedOffset::east_opt(3600).unwrap();
        assert_eq!(
            occurred_at_in(Some("2025-03-10"), now, oslo).unwrap(),
            "2025-03-09T23:00:00.000Z",
            "the day starts at midnight in Oslo"
        );
        assert!(occurred_at_in(Some("2025-03-11"), now, oslo).is_err());
    }

    #[test]
    fn the_hash_of_a_text_is_the_sha256_of_its_bytes() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
