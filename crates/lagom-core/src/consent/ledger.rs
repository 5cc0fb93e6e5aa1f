//! The consent ledger: giving and withdrawing consent, the versioned consent texts and
//! privacy notices every row points to, and a person's consents with their history.
//!
//! Withdrawal takes effect at once: the `withdrawn` row becomes the newest, and the person
//! is taken off every subscription under the purpose in the same transaction.

use serde::Deserialize;
use uuid::Uuid;

use crate::audit::AuditKind;
use crate::consent::model::{
    ConsentEventView, ConsentMethod, ConsentState, ConsentTextView, ConsentView, PrivacyNoticeView,
    occurred_at, sha256_hex,
};
use crate::consent::sql::{self, EventRow};
use crate::db::lists;
use crate::people::contacts::{self, Channel};
use crate::people::sql as people_sql;
use crate::types::Language;
use crate::types::PersonRef;
use crate::vault::{Ctx, Vault};
use crate::{Error, Result};

/// The longest consent text, in characters.
pub const MAX_CONSENT_TEXT_CHARS: usize = 20_000;
/// The longest privacy notice, in characters.
pub const MAX_NOTICE_CHARS: usize = 200_000;
/// The longest evidence note (a form's name, a message id, who took the call).
pub const MAX_EVIDENCE_CHARS: usize = 1_000;

/// A consent given (on a web form, by e-mail, on the phone, in person, or by import).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct GiveConsent {
    /// The purpose, by name or id.
    pub purpose: String,
    /// How it was given.
    pub method: ConsentMethod,
    /// When (a date or an RFC 3339 time; now when not given). Not in the future.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub occurred_at: Option<String>,
    /// The version of the purpose's consent text agreed to; the newest when not given.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub text_version: Option<u32>,
    /// The version of the privacy notice seen; the newest when not given.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub notice_version: Option<u32>,
    /// The language of the text and notice; the person's when not given.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub language: Option<Language>,
    /// The form, the message id, who took the call.
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub evidence: String,
    /// The address the consent was given for, one of the person's (their primary when not
    /// given): marketing for this purpose writes there.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub email: Option<String>,
}

/// A consent withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    /// The purpose, by name or id.
    pub purpose: String,
    /// How the person said so.
    pub method: ConsentMethod,
    /// When (a date or an RFC 3339 time; now when not given). Not in the future.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub occurred_at: Option<String>,
    /// The message id, who took the call.
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub evidence: String,
}

/// A text kept word for word: line ends made `\n`, space around it trimmed, no control
/// characters but line breaks and tabs.
fn body(field: &'static str, text: &str, max: usize) -> Result<String> {
    let text = text.replace("\r\n", "\n").trim().to_owned();
    if text.is_empty() {
        return Err(Error::validation(field, "write something first"));
    }
    if text.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Error::validation(field, "contains control characters"));
    }
    Ok(text)
}

pub(crate) fn evidence(text: &str) -> Result<String> {
    let v = crate::text::clean("evidence", text)?;
    if v.chars().count() > MAX_EVIDENCE_CHARS {
        return Err(Error::validation(
            "evidence",
            format!("is longer than {MAX_EVIDENCE_CHARS} characters"),
        ));
    }
    Ok(v)
}

/// The language a person is written to in, from the store: their own, else their
/// country's or phone's, else the vault's ([`crate::people::language`]).
pub(crate) fn person_language(conn: &rusqlite::Connection, person: Uuid) -> Result<Language> {
    let vault = lists::setting(conn, "language")?;
    let vault = vault.as_deref().and_then(Language::parse);
    Ok(crate::people::language::of_person(conn, person, vault)?
        .map_or(vault.unwrap_or(Language::En), |(language, _)| language))
}

/// One ledger row of a person as shown.
pub(crate) fn event_view(
    conn: &rusqlite::Connection,
    person: Uuid,
    id: Uuid,
) -> Result<ConsentEventView> {
    sql::consents_of(conn, person, None)?
        .into_iter()
        .flat_map(|c| c.history)
        .find(|e| e.id == id)
        .ok_or_else(|| Error::NotFound {
            kind: "consent event",
            id: format!("with id {id}"),
        })
}

/// The audit event of a ledger row: ids and codes, never the evidence.
pub(crate) fn recorded(ctx: &Ctx, person: Uuid, row: &EventRow<'_>) -> crate::audit::AuditEvent {
    ctx.event(
        AuditKind::ConsentRecorded,
        Some(("person", person.to_string())),
        serde_json::json!({
            "event": row.id,
            "purpose": row.purpose,
            "state": row.state.as_str(),
            "method": row.method.as_str(),
            "text": row.text,
            "notice": row.notice,
        }),
    )
}

impl Vault {
    /// Adds the next version of a purpose's consent text in a language. Texts are never
    /// changed: a new wording is a new version.
    pub fn add_consent_text(
        &mut self,
        purpose: &str,
        language: Language,
        text: &str,
    ) -> Result<ConsentTextView> {
        let text = body("body", text, MAX_CONSENT_TEXT_CHARS)?;
        let hash = sha256_hex(&text);
        self.write(|tx, audit, ctx| {
            let purpose = sql::find_purpose(tx, purpose, false)?;
            let id = Uuid::now_v7();
            let version = sql::insert_consent_text(
                tx,
                id,
                purpose.id,
                language,
                (&text, &hash),
                ctx.actor,
                &ctx.now,
            )?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::ListsChanged,
                    Some(("consent_text", id.to_string())),
                    serde_json::json!({
                        "list": "consent_texts",
                        "id": id,
                        "change": "added",
                        "purpose": purpose.id,
                        "language": language.as_str(),
                        "version": version,
                    }),
                ),
            )?;
            sql::consent_text_by_id(tx, id)
        })
    }

    /// Every version of the consent texts, of one purpose (by name or id) when given.
    pub fn consent_texts(&self, purpose: Option<&str>) -> Result<Vec<ConsentTextView>> {
        let conn = &self.store.conn;
        let purpose = purpose
            .map(|p| sql::find_purpose(conn, p, true))
            .transpose()?;
        sql::consent_texts(conn, purpose.map(|p| p.id))
    }

    /// Adds the next version of the privacy notice in a language; never changed afterwards.
    pub fn add_privacy_notice(
        &mut self,
        language: Language,
        text: &str,
    ) -> Result<PrivacyNoticeView> {
        let text = body("body", text, MAX_NOTICE_CHARS)?;
        let hash = sha256_hex(&text);
        self.write(|tx, audit, ctx| {
            let id = Uuid::now_v7();
            let version =
                sql::insert_privacy_notice(tx, id, language, &text, &hash, ctx.actor, &ctx.now)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::ListsChanged,
                    Some(("privacy_notice", id.to_string())),
                    serde_json::json!({
                        "list": "privacy_notices",
                        "id": id,
                        "change": "added",
                        "language": language.as_str(),
                        "version": version,
                    }),
                ),
            )?;
            sql::privacy_notice(tx, language, Some(version))?.ok_or(Error::NotFound {
                kind: "privacy notice",
                id: format!("with id {id}"),
            })
        })
    }

    /// Every version of the privacy notice.
    pub fn privacy_notices(&self) -> Result<Vec<PrivacyNoticeView>> {
        sql::privacy_notices(&self.store.conn)
    }

    /// Records a consent given, with the text and notice version it was given on (and the
    /// address it was given for, when it names one). Refused
    /// when the newest row is a withdrawal the person made after `occurred_at`.
    pub fn give_consent(
        &mut self,
        who: &PersonRef,
        give: &GiveConsent,
    ) -> Result<ConsentEventView> {
        let at = occurred_at(give.occurred_at.as_deref(), self.clock.as_ref())?;
        let evidence = evidence(&give.evidence)?;
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?.id;
            let email = named_address(tx, person, give.email.as_deref())?;
            let purpose = sql::find_purpose(tx, &give.purpose, false)?;
            // The newest row decides, so a consent dated before a withdrawal already recorded
            // (a paper form found later) would undo that withdrawal.
            if let Some((ConsentState::Withdrawn, withdrawn_at)) =
                sql::latest_state(tx, person, purpose.id)?
                && withdrawn_at > at
            {
                return Err(Error::Conflict(
                    "the person withdrew this consent after the time given; only a consent \
                     given after the withdrawal counts"
                        .into(),
                ));
            }
            let language = match give.language {
                Some(l) => l,
                None => person_language(tx, person)?,
            };
            let text = match (
                give.text_version,
                sql::consent_text(tx, purpose.id, language, give.text_version)?,
            ) {
                (Some(v), None) => {
                    return Err(Error::NotFound {
                        kind: "consent text",
                        id: format!("version {v} in {}", language.as_str()),
                    });
                }
                (_, text) => text,
            };
            let notice = match (
                give.notice_version,
                sql::privacy_notice(tx, language, give.notice_version)?,
            ) {
                (Some(v), None) => {
                    return Err(Error::NotFound {
                        kind: "privacy notice",
                        id: format!("version {v} in {}", language.as_str()),
                    });
                }
                (_, notice) => notice,
            };
            let row = EventRow {
                id: Uuid::now_v7(),
                person,
                purpose: purpose.id,
                state: ConsentState::Given,
                method: give.method,
                occurred_at: &at,
                recorded_at: &ctx.now,
                recorded_by: ctx.actor,
                text: text.map(|t| t.id),
                notice: notice.map(|n| n.id),
                evidence: &evidence,
                confirmation: None,
                email: email.as_deref(),
            };
            sql::insert_event(tx, &row)?;
            audit.append(tx, recorded(ctx, person, &row))?;
            event_view(tx, person, row.id)
        })
    }

    /// Records a consent withdrawn; it takes effect at once, and the person is taken off the
    /// purpose's subscriptions. Recorded even without an earlier consent: a "no" is evidence
    /// too.
    pub fn withdraw_consent(
        &mut self,
        who: &PersonRef,
        withdrawal: &Withdrawal,
    ) -> Result<ConsentEventView> {
        let at = occurred_at(withdrawal.occurred_at.as_deref(), self.clock.as_ref())?;
        let evidence = evidence(&withdrawal.evidence)?;
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?.id;
            // Withdrawing must work for a purpose no longer offered, too.
            let purpose = sql::find_purpose(tx, &withdrawal.purpose, true)?;
            let row = EventRow {
                id: Uuid::now_v7(),
                person,
                purpose: purpose.id,
                state: ConsentState::Withdrawn,
                method: withdrawal.method,
                occurred_at: &at,
                recorded_at: &ctx.now,
                recorded_by: ctx.actor,
                text: None,
                notice: None,
                evidence: &evidence,
                confirmation: None,
                email: None,
            };
            sql::insert_event(tx, &row)?;
            audit.append(tx, recorded(ctx, person, &row))?;
            let removed = sql::unsubscribe_purpose(tx, person, purpose.id)?;
            if removed > 0 {
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::SubscriptionChanged,
                        Some(("person", person.to_string())),
                        serde_json::json!({
                            "purpose": purpose.id,
                            "on": false,
                            "removed": removed,
                            "because": "consent withdrawn",
                        }),
                    ),
                )?;
            }
            event_view(tx, person, row.id)
        })
    }

    /// A person's consents per purpose: where each stands, and its whole ledger with the
    /// texts agreed to, word for word.
    pub fn consents(&self, who: &PersonRef) -> Result<Vec<ConsentView>> {
        let conn = &self.store.conn;
        let person = people_sql::find_person(conn, who)?.id;
        let now = crate::clock::stamp(self.clock.now());
        sql::consents_of(conn, person, Some(&now))
    }
}

/// The address a consent names, checked to be one of the person's and cleaned; None when it
/// names none.
pub(crate) fn named_address(
    conn: &rusqlite::Connection,
    person: Uuid,
    email: Option<&str>,
) -> Result<Option<String>> {
    let Some(email) = email.filter(|e| !e.trim().is_empty()) else {
        return Ok(None);
    };
    let value = contacts::normalise_value(Channel::Email, email, None)?;
    if !contacts::values_of(conn, &person.to_string(), Channel::Email)?.contains(&value) {
        return Err(Error::validation(
            "email",
            "is not one of the person's e-mail addresses; add it to them first",
        ));
    }
    Ok(Some(value))
}
