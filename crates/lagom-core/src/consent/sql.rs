//! SQL for lawful basis and consent: the editable lists, the consent ledger with its texts
//! and notices, subscriptions, restriction and objection, and marketing lists.

use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::consent::model::{
    ConfirmationView, ConsentEventView, ConsentMethod, ConsentState, ConsentTextView, ConsentView,
    Limitation, PrivacyNoticeRef, PrivacyNoticeView, PurposeView, SourceView, SubscriptionTypeView,
};
use crate::types::Language;
use crate::types::LegalBasis;
use crate::words::BuiltIn;
use crate::{Error, Result};

/// The SQL condition (on `people p`) that a person may be processed for marketing: neither a
/// restriction (Art. 18) nor an objection (Art. 21) is in force, and the person is neither
/// archived nor in the recycle bin. Every list or export of
/// people for marketing must add it to its `WHERE`.
pub(crate) const MAY_BE_MARKETED: &str = "p.restricted_at IS NULL AND p.objected_at IS NULL
     AND p.archived_at IS NULL AND p.binned_at IS NULL";

/// A stored value that does not read as what it should be.
fn bad(column: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        Type::Text,
        format!("not a valid {what} in the database").into(),
    )
}

fn uuid_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(&r.get::<_, String>(i)?).map_err(|_| bad(i, "id"))
}

fn opt_uuid_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Uuid>> {
    r.get::<_, Option<String>>(i)?
        .map(|t| Uuid::parse_str(&t).map_err(|_| bad(i, "id")))
        .transpose()
}

fn language_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Language> {
    Language::parse(&r.get::<_, String>(i)?).ok_or_else(|| bad(i, "language"))
}

fn basis_at(r: &Row<'_>, i: usize) -> rusqlite::Result<LegalBasis> {
    LegalBasis::parse(&r.get::<_, String>(i)?).map_err(|_| bad(i, "legal basis"))
}

// ---- the editable lists -------------------------------------------------------------------

const PURPOSE_COLUMNS: &str =
    "id, name, description, default_legal_basis, retention_months, archived, key";

fn purpose_row(r: &Row<'_>) -> rusqlite::Result<PurposeView> {
    Ok(PurposeView {
        id: uuid_at(r, 0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        default_legal_basis: basis_at(r, 3)?,
        retention_months: r.get(4)?,
        archived: r.get(5)?,
        key: r.get(6)?,
    })
}

/// Purposes by name; archived ones only when asked for.
pub(crate) fn purposes(conn: &Connection, archived: bool) -> Result<Vec<PurposeView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PURPOSE_COLUMNS} FROM purposes WHERE archived = 0 OR ?1 ORDER BY name"
    ))?;
    Ok(stmt
        .query_map([archived], purpose_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A purpose by id or by name (ignoring case). An archived one is found only by id or when
/// `archived` is set: it stays for history but is no longer offered.
pub(crate) fn find_purpose(conn: &Connection, key: &str, archived: bool) -> Result<PurposeView> {
    let key = key.trim();
    let by_id = Uuid::parse_str(key).is_ok();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PURPOSE_COLUMNS} FROM purposes
          WHERE (?2 AND id = ?1) OR (NOT ?2 AND (name = ?1 OR key = ?4) AND (archived = 0 OR ?3))
          -- The owner's own name wins over a built-in one's name in another language.
          ORDER BY name = ?1 DESC LIMIT 1"
    ))?;
    let built_in = BuiltIn::Purpose.key_named(key);
    stmt.query_row(params![key, by_id, archived, built_in], purpose_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            kind: "purpose",
            id: if by_id {
                format!("with id {key}")
            } else {
                format!("named {key:?}")
            },
        })
}

/// Is the name taken by another purpose?
pub(crate) fn purpose_name_taken(conn: &Connection, name: &str, except: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM purposes WHERE name = ?1 AND id <> ?2")?
        .exists(params![name, except.to_string()])?)
}

/// Adds a purpose, or writes an existing one's fields.
pub(crate) fn save_purpose(conn: &Connection, p: &PurposeView, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO purposes (id, name, description, default_legal_basis, retention_months,
                               archived, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name,
             -- A built-in purpose the owner renames is the owner's text from then on.
             key = CASE WHEN excluded.name = purposes.name COLLATE BINARY
                        THEN purposes.key END,
             description = excluded.description,
             default_legal_basis = excluded.default_legal_basis,
             retention_months = excluded.retention_months, archived = excluded.archived",
    )?
    .execute(params![
        p.id.to_string(),
        p.name,
        p.description,
        p.default_legal_basis.code(),
        p.retention_months,
        p.archived,
        now
    ])?;
    Ok(())
}

fn source_row(r: &Row<'_>) -> rusqlite::Result<SourceView> {
    Ok(SourceView {
        id: uuid_at(r, 0)?,
        name: r.get(1)?,
        archived: r.get(2)?,
        key: r.get(3)?,
    })
}

/// Sources by name; archived ones only when asked for.
pub(crate) fn sources(conn: &Connection, archived: bool) -> Result<Vec<SourceView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, archived, key FROM sources WHERE archived = 0 OR ?1 ORDER BY name",
    )?;
    Ok(stmt
        .query_map([archived], source_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A source by id, or by name among those not archived.
pub(crate) fn find_source(conn: &Connection, key: &str) -> Result<SourceView> {
    let key = key.trim();
    let by_id = Uuid::parse_str(key).is_ok();
    conn.prepare_cached(
        "SELECT id, name, archived, key FROM sources
          WHERE (?2 AND id = ?1) OR (NOT ?2 AND (name = ?1 OR key = ?3) AND archived = 0)
          ORDER BY name = ?1 DESC LIMIT 1",
    )?
    .query_row(
        params![key, by_id, BuiltIn::Source.key_named(key)],
        source_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "source",
        id: format!("{key:?}"),
    })
}

/// Is the name taken by another source?
pub(crate) fn source_name_taken(conn: &Connection, name: &str, except: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sources WHERE name = ?1 AND id <> ?2")?
        .exists(params![name, except.to_string()])?)
}

/// Adds a source, or writes an existing one's fields.
pub(crate) fn save_source(conn: &Connection, s: &SourceView, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sources (id, name, archived, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, archived = excluded.archived,
             -- A built-in source the owner renames is the owner's text from then on.
             key = CASE WHEN excluded.name = sources.name COLLATE BINARY THEN sources.key END",
    )?
    .execute(params![s.id.to_string(), s.name, s.archived, now])?;
    Ok(())
}

const SUBSCRIPTION_COLUMNS: &str = "s.id, s.name, s.purpose_id, pu.name, s.archived, s.key, pu.key";

fn subscription_row(r: &Row<'_>) -> rusqlite::Result<SubscriptionTypeView> {
    Ok(SubscriptionTypeView {
        id: uuid_at(r, 0)?,
        name: r.get(1)?,
        purpose_id: uuid_at(r, 2)?,
        purpose: r.get(3)?,
        archived: r.get(4)?,
        key: r.get(5)?,
        purpose_key: r.get(6)?,
    })
}

/// Subscription types by name; archived ones only when asked for.
pub(crate) fn subscription_types(
    conn: &Connection,
    archived: bool,
) -> Result<Vec<SubscriptionTypeView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM subscription_types s
           JOIN purposes pu ON pu.id = s.purpose_id
          WHERE s.archived = 0 OR ?1 ORDER BY s.name"
    ))?;
    Ok(stmt
        .query_map([archived], subscription_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A subscription type by id, or by name among those not archived.
pub(crate) fn find_subscription_type(conn: &Connection, key: &str) -> Result<SubscriptionTypeView> {
    let key = key.trim();
    let by_id = Uuid::parse_str(key).is_ok();
    conn.prepare_cached(&format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM subscription_types s
           JOIN purposes pu ON pu.id = s.purpose_id
          WHERE (?2 AND s.id = ?1)
             OR (NOT ?2 AND (s.name = ?1 OR s.key = ?3) AND s.archived = 0)
          ORDER BY s.name = ?1 DESC LIMIT 1"
    ))?
    .query_row(
        params![key, by_id, BuiltIn::Subscription.key_named(key)],
        subscription_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "subscription type",
        id: format!("{key:?}"),
    })
}

/// Is the name taken by another subscription type?
pub(crate) fn subscription_name_taken(conn: &Connection, name: &str, except: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM subscription_types WHERE name = ?1 AND id <> ?2")?
        .exists(params![name, except.to_string()])?)
}

/// Adds a subscription type, or writes an existing one's fields.
pub(crate) fn save_subscription_type(
    conn: &Connection,
    s: &SubscriptionTypeView,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO subscription_types (id, name, purpose_id, archived, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, purpose_id = excluded.purpose_id,
             archived = excluded.archived,
             -- A built-in type the owner renames is the owner's text from then on.
             key = CASE WHEN excluded.name = subscription_types.name COLLATE BINARY
                        THEN subscription_types.key END",
    )?
    .execute(params![
        s.id.to_string(),
        s.name,
        s.purpose_id.to_string(),
        s.archived,
        now
    ])?;
    Ok(())
}

/// The legal bases as (letter, name, article).
pub(crate) fn legal_bases(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, name, article FROM legal_bases ORDER BY code")?;
    Ok(stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

// ---- processing records -------------------------------------------------------------------

/// A person's newest processing record for a purpose: (legal basis, source id).
pub(crate) fn current_processing(
    conn: &Connection,
    person: Uuid,
    purpose: Uuid,
) -> Result<Option<(LegalBasis, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT legal_basis, source_id FROM processing_records
              WHERE person_id = ?1 AND purpose_id = ?2
              ORDER BY recorded_at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![person.to_string(), purpose.to_string()], |r| {
            Ok((basis_at(r, 0)?, r.get(1)?))
        })
        .optional()?)
}

/// Whether a person with this id exists.
pub(crate) fn person_exists(conn: &Connection, person: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM people WHERE id = ?1")?
        .exists([person.to_string()])?)
}

// ---- consent texts and privacy notices ----------------------------------------------------

const TEXT_COLUMNS: &str =
    "t.id, pu.name, t.language, t.version, t.body, t.sha256, t.created_at, u.display_name";

fn text_row(r: &Row<'_>) -> rusqlite::Result<ConsentTextView> {
    Ok(ConsentTextView {
        id: uuid_at(r, 0)?,
        purpose: r.get(1)?,
        language: language_at(r, 2)?,
        version: r.get(3)?,
        body: r.get(4)?,
        sha256: r.get(5)?,
        created_at: r.get(6)?,
        created_by: r.get(7)?,
    })
}

/// Adds the next version of a purpose's consent text in a language; returns its version.
pub(crate) fn insert_consent_text(
    conn: &Connection,
    id: Uuid,
    purpose: Uuid,
    language: Language,
    (body, sha256): (&str, &str),
    by: Uuid,
    now: &str,
) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO consent_texts (id, purpose_id, language, version, body, sha256,
                                        created_at, created_by)
             SELECT ?1, ?2, ?3, coalesce(max(version), 0) + 1, ?4, ?5, ?6, ?7
               FROM consent_texts WHERE purpose_id = ?2 AND language = ?3
             RETURNING version",
        )?
        .query_row(
            params![
                id.to_string(),
                purpose.to_string(),
                language.as_str(),
                body,
                sha256,
                now,
                by.to_string()
            ],
            |r| r.get(0),
        )?)
}

/// Every version of the consent texts (of one purpose, when given), by purpose, language and
/// version.
pub(crate) fn consent_texts(
    conn: &Connection,
    purpose: Option<Uuid>,
) -> Result<Vec<ConsentTextView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TEXT_COLUMNS} FROM consent_texts t
           JOIN purposes pu ON pu.id = t.purpose_id JOIN users u ON u.id = t.created_by
          WHERE ?1 IS NULL OR t.purpose_id = ?1
          ORDER BY pu.name, t.language, t.version"
    ))?;
    Ok(stmt
        .query_map([purpose.map(|p| p.to_string())], text_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A purpose's consent text in a language: the given version, or the newest.
pub(crate) fn consent_text(
    conn: &Connection,
    purpose: Uuid,
    language: Language,
    version: Option<u32>,
) -> Result<Option<ConsentTextView>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TEXT_COLUMNS} FROM consent_texts t
               JOIN purposes pu ON pu.id = t.purpose_id JOIN users u ON u.id = t.created_by
              WHERE t.purpose_id = ?1 AND t.language = ?2 AND (?3 IS NULL OR t.version = ?3)
              ORDER BY t.version DESC LIMIT 1"
        ))?
        .query_row(
            params![purpose.to_string(), language.as_str(), version],
            text_row,
        )
        .optional()?)
}

/// A consent text by id.
pub(crate) fn consent_text_by_id(conn: &Connection, id: Uuid) -> Result<ConsentTextView> {
    conn.prepare_cached(&format!(
        "SELECT {TEXT_COLUMNS} FROM consent_texts t
           JOIN purposes pu ON pu.id = t.purpose_id JOIN users u ON u.id = t.created_by
          WHERE t.id = ?1"
    ))?
    .query_row([id.to_string()], text_row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "consent text",
        id: format!("with id {id}"),
    })
}

const NOTICE_COLUMNS: &str =
    "n.id, n.language, n.version, n.body, n.sha256, n.created_at, u.display_name";

fn notice_row(r: &Row<'_>) -> rusqlite::Result<PrivacyNoticeView> {
    Ok(PrivacyNoticeView {
        id: uuid_at(r, 0)?,
        language: language_at(r, 1)?,
        version: r.get(2)?,
        body: r.get(3)?,
        sha256: r.get(4)?,
        created_at: r.get(5)?,
        created_by: r.get(6)?,
    })
}

/// Adds the next version of the privacy notice in a language; returns its version.
pub(crate) fn insert_privacy_notice(
    conn: &Connection,
    id: Uuid,
    language: Language,
    body: &str,
    sha256: &str,
    by: Uuid,
    now: &str,
) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO privacy_notices (id, language, version, body, sha256, created_at,
                                          created_by)
             SELECT ?1, ?2, coalesce(max(version), 0) + 1, ?3, ?4, ?5, ?6
               FROM privacy_notices WHERE language = ?2
             RETURNING version",
        )?
        .query_row(
            params![
                id.to_string(),
                language.as_str(),
                body,
                sha256,
                now,
                by.to_string()
            ],
            |r| r.get(0),
        )?)
}

/// Every version of the privacy notice, by language and version.
pub(crate) fn privacy_notices(conn: &Connection) -> Result<Vec<PrivacyNoticeView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {NOTICE_COLUMNS} FROM privacy_notices n JOIN users u ON u.id = n.created_by
          ORDER BY n.language, n.version"
    ))?;
    Ok(stmt
        .query_map([], notice_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The privacy notice in a language: the given version, or the newest.
pub(crate) fn privacy_notice(
    conn: &Connection,
    language: Language,
    version: Option<u32>,
) -> Result<Option<PrivacyNoticeView>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {NOTICE_COLUMNS} FROM privacy_notices n JOIN users u ON u.id = n.created_by
              WHERE n.language = ?1 AND (?2 IS NULL OR n.version = ?2)
              ORDER BY n.version DESC LIMIT 1"
        ))?
        .query_row(params![language.as_str(), version], notice_row)
        .optional()?)
}

// ---- the ledger ---------------------------------------------------------------------------

/// A ledger row as written.
pub(crate) struct EventRow<'a> {
    pub id: Uuid,
    pub person: Uuid,
    pub purpose: Uuid,
    pub state: ConsentState,
    pub method: ConsentMethod,
    pub occurred_at: &'a str,
    pub recorded_at: &'a str,
    pub recorded_by: Uuid,
    pub text: Option<Uuid>,
    pub notice: Option<Uuid>,
    pub evidence: &'a str,
    /// For a double opt-in: the code's salted MAC and when it was sent.
    pub confirmation: Option<(&'a [u8], &'a str)>,
    /// The address the consent was given for, when not the person's primary one.
    pub email: Option<&'a str>,
}

/// Appends a row to the ledger.
pub(crate) fn insert_event(conn: &Connection, e: &EventRow<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO consent_events (id, person_id, purpose_id, state, method, occurred_at,
                                     recorded_at, recorded_by, consent_text_id,
                                     privacy_notice_id, evidence, confirmation_hash,
                                     confirmation_sent, email)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        e.id.to_string(),
        e.person.to_string(),
        e.purpose.to_string(),
        e.state.as_str(),
        e.method.as_str(),
        e.occurred_at,
        e.recorded_at,
        e.recorded_by.to_string(),
        e.text.map(|t| t.to_string()),
        e.notice.map(|n| n.to_string()),
        e.evidence,
        e.confirmation.map(|(hash, _)| hash),
        e.confirmation.map(|(_, sent)| sent),
        e.email,
    ])?;
    Ok(())
}

/// A person's newest ledger row for a purpose, as far as confirming it needs.
pub(crate) struct Latest {
    pub pk: i64,
    pub id: Uuid,
    pub state: ConsentState,
    pub text: Option<Uuid>,
    pub notice: Option<Uuid>,
    pub hash: Option<Vec<u8>>,
    pub sent: Option<String>,
    pub wrong_codes: u32,
    pub expired_at: Option<String>,
}

/// A person's newest ledger row for a purpose: that is where their consent stands.
pub(crate) fn latest_event(
    conn: &Connection,
    person: Uuid,
    purpose: Uuid,
) -> Result<Option<Latest>> {
    Ok(conn
        .prepare_cached(
            "SELECT pk, id, state, consent_text_id, privacy_notice_id, confirmation_hash,
                    confirmation_sent, confirmation_attempts, expired_at
               FROM consent_events WHERE person_id = ?1 AND purpose_id = ?2
              ORDER BY pk DESC LIMIT 1",
        )?
        .query_row(params![person.to_string(), purpose.to_string()], |r| {
            Ok(Latest {
                pk: r.get(0)?,
                id: uuid_at(r, 1)?,
                state: ConsentState::parse(&r.get::<_, String>(2)?)
                    .ok_or_else(|| bad(2, "state"))?,
                text: opt_uuid_at(r, 3)?,
                notice: opt_uuid_at(r, 4)?,
                hash: r.get(5)?,
                sent: r.get(6)?,
                wrong_codes: r.get(7)?,
                expired_at: r.get(8)?,
            })
        })
        .optional()?)
}

/// The state of a person's newest ledger row for a purpose and when the person did it.
pub(crate) fn latest_state(
    conn: &Connection,
    person: Uuid,
    purpose: Uuid,
) -> Result<Option<(ConsentState, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT state, occurred_at FROM consent_events
              WHERE person_id = ?1 AND purpose_id = ?2 ORDER BY pk DESC LIMIT 1",
        )?
        .query_row(params![person.to_string(), purpose.to_string()], |r| {
            let state =
                ConsentState::parse(&r.get::<_, String>(0)?).ok_or_else(|| bad(0, "state"))?;
            Ok((state, r.get(1)?))
        })
        .optional()?)
}

/// Counts a wrong code on a pending row, and ends it when `expired_at` is given.
pub(crate) fn note_wrong_code(conn: &Connection, pk: i64, expired_at: Option<&str>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE consent_events SET confirmation_attempts = confirmation_attempts + 1,
                expired_at = coalesce(?2, expired_at)
          WHERE pk = ?1",
    )?
    .execute(params![pk, expired_at])?;
    Ok(())
}

/// Ends a pending row unconfirmed.
pub(crate) fn mark_expired(conn: &Connection, pk: i64, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE consent_events SET expired_at = ?2 WHERE pk = ?1")?
        .execute(params![pk, at])?;
    Ok(())
}

/// The address a ledger row names, if any.
pub(crate) fn event_email(conn: &Connection, pk: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT email FROM consent_events WHERE pk = ?1")?
        .query_row([pk], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Marks a pending row confirmed by the `given` row written for it.
pub(crate) fn mark_confirmed(
    conn: &Connection,
    pk: i64,
    at: &str,
    how: &str,
    given: Uuid,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE consent_events SET confirmed_at = ?2, confirmed_how = ?3, confirmed_by_event = ?4
          WHERE pk = ?1",
    )?
    .execute(params![pk, at, how, given.to_string()])?;
    Ok(())
}

const EVENT_COLUMNS: &str = "e.id, pu.name, e.state, e.method, e.occurred_at, e.recorded_at,
     u.display_name, e.evidence, e.consent_text_id, n.id, n.language, n.version, n.sha256,
     e.confirmation_sent, e.confirmed_at, e.confirmed_how, e.confirmed_by_event,
     e.confirmation_attempts, e.expired_at, e.email";

/// A ledger row read for showing, and its text's id (filled in afterwards).
fn event_row(r: &Row<'_>) -> rusqlite::Result<(ConsentEventView, Option<Uuid>)> {
    let state = ConsentState::parse(&r.get::<_, String>(2)?).ok_or_else(|| bad(2, "state"))?;
    let method =
        ConsentMethod::parse(&r.get::<_, String>(3)?).map_err(|_| bad(3, "consent method"))?;
    let notice = match opt_uuid_at(r, 9)? {
        Some(id) => Some(PrivacyNoticeRef {
            id,
            language: language_at(r, 10)?,
            version: r.get(11)?,
            sha256: r.get(12)?,
        }),
        None => None,
    };
    let sent: Option<String> = r.get(13)?;
    let confirmation = (state == ConsentState::Pending || sent.is_some()).then_some(());
    let confirmation = match confirmation {
        Some(()) => Some(ConfirmationView {
            expires_at: sent
                .as_deref()
                .and_then(crate::consent::model::confirmation_deadline),
            sent_at: sent,
            confirmed_at: r.get(14)?,
            how: r.get(15)?,
            given_event: opt_uuid_at(r, 16)?,
            wrong_codes: r.get(17)?,
            expired_at: r.get(18)?,
        }),
        None => None,
    };
    Ok((
        ConsentEventView {
            id: uuid_at(r, 0)?,
            purpose: r.get(1)?,
            state,
            method,
            occurred_at: r.get(4)?,
            recorded_at: r.get(5)?,
            recorded_by: r.get(6)?,
            evidence: r.get(7)?,
            text: None,
            notice,
            confirmation,
            email: r.get(19)?,
        },
        opt_uuid_at(r, 8)?,
    ))
}

/// A person's consents per purpose (by purpose name), each with its whole ledger. `now`, when
/// known, also counts a pending consent past its deadline as expired.
pub(crate) fn consents_of(
    conn: &Connection,
    person: Uuid,
    now: Option<&str>,
) -> Result<Vec<ConsentView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM consent_events e
           JOIN purposes pu ON pu.id = e.purpose_id JOIN users u ON u.id = e.recorded_by
           LEFT JOIN privacy_notices n ON n.id = e.privacy_notice_id
          WHERE e.person_id = ?1 ORDER BY pu.name, e.purpose_id, e.pk"
    ))?;
    let rows = stmt
        .query_map([person.to_string()], event_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out: Vec<ConsentView> = Vec::new();
    for (mut event, text) in rows {
        event.text = text.map(|t| consent_text_by_id(conn, t)).transpose()?;
        match out.last_mut() {
            Some(view) if view.purpose == event.purpose => view.history.push(event),
            _ => out.push(ConsentView {
                purpose: event.purpose.clone(),
                state: event.state,
                valid: false,
                since: String::new(),
                expired: false,
                history: vec![event],
            }),
        }
    }
    for view in &mut out {
        if let Some(last) = view.history.last() {
            view.state = last.state;
            view.valid = last.state == ConsentState::Given;
            view.since = last.occurred_at.clone();
            view.expired = last.state == ConsentState::Pending
                && last.confirmation.as_ref().is_some_and(|c| {
                    c.expired_at.is_some()
                        || matches!((now, &c.expires_at), (Some(now), Some(end)) if now > end.as_str())
                });
        }
    }
    Ok(out)
}

// ---- subscriptions ------------------------------------------------------------------------

/// Puts a person on a subscription; says whether they were off it.
pub(crate) fn subscribe(conn: &Connection, person: Uuid, kind: Uuid, now: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "INSERT OR IGNORE INTO person_subscriptions (person_id, subscription_type_id, since)
             VALUES (?1, ?2, ?3)",
        )?
        .execute(params![person.to_string(), kind.to_string(), now])?
        > 0)
}

/// How many people are on a subscription type.
pub(crate) fn subscriber_count(conn: &Connection, kind: Uuid) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM person_subscriptions WHERE subscription_type_id = ?1",
        )?
        .query_row([kind.to_string()], |r| r.get(0))?;
    Ok(n as u64)
}

/// Takes a person off a subscription; says whether they were on it.
pub(crate) fn unsubscribe(conn: &Connection, person: Uuid, kind: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM person_subscriptions WHERE person_id = ?1 AND subscription_type_id = ?2",
        )?
        .execute(params![person.to_string(), kind.to_string()])?
        > 0)
}

/// Takes a person off every subscription under a purpose (archived ones too); returns how
/// many they were on.
pub(crate) fn unsubscribe_purpose(conn: &Connection, person: Uuid, purpose: Uuid) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM person_subscriptions WHERE person_id = ?1 AND subscription_type_id IN
                 (SELECT id FROM subscription_types WHERE purpose_id = ?2)",
        )?
        .execute(params![person.to_string(), purpose.to_string()])?)
}

/// The subscriptions a person is on, by name.
pub(crate) fn subscriptions_of(conn: &Connection, person: Uuid) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.name FROM person_subscriptions ps
           JOIN subscription_types s ON s.id = ps.subscription_type_id
          WHERE ps.person_id = ?1 ORDER BY s.name",
    )?;
    Ok(stmt
        .query_map([person.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

// ---- restriction, objection, language -----------------------------------------------------

/// Which of a person's limits a statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limit {
    /// Art. 18.
    Restriction,
    /// Art. 21.
    Objection,
}

/// Sets a person's restriction or objection (`Some((since, reason))`) or lifts it (`None`).
pub(crate) fn set_limit(
    conn: &Connection,
    person: Uuid,
    limit: Limit,
    value: Option<(&str, &str)>,
) -> Result<()> {
    let sql = match limit {
        Limit::Restriction => {
            "UPDATE people SET restricted_at = ?2, restriction_reason = ?3 WHERE id = ?1"
        }
        Limit::Objection => {
            "UPDATE people SET objected_at = ?2, objection_reason = ?3 WHERE id = ?1"
        }
    };
    conn.prepare_cached(sql)?.execute(params![
        person.to_string(),
        value.map(|v| v.0),
        value.map(|v| v.1)
    ])?;
    Ok(())
}

/// A person's restriction and objection, where in force.
pub(crate) fn limits_of(
    conn: &Connection,
    person: Uuid,
) -> Result<(Option<Limitation>, Option<Limitation>)> {
    let limit = |since: Option<String>, reason: Option<String>| {
        since.map(|since| Limitation {
            since,
            reason: reason.unwrap_or_default(),
        })
    };
    Ok(conn
        .prepare_cached(
            "SELECT restricted_at, restriction_reason, objected_at, objection_reason
               FROM people WHERE id = ?1",
        )?
        .query_row([person.to_string()], |r| {
            Ok((limit(r.get(0)?, r.get(1)?), limit(r.get(2)?, r.get(3)?)))
        })
        .optional()?
        .unwrap_or((None, None)))
}

/// Whether a person may be processed for marketing (see [`MAY_BE_MARKETED`]).
pub(crate) fn may_be_marketed(conn: &Connection, person: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT 1 FROM people p WHERE p.id = ?1 AND {MAY_BE_MARKETED}"
        ))?
        .exists([person.to_string()])?)
}

/// Sets (or clears) the language a person is written to in.
pub(crate) fn set_person_language(
    conn: &Connection,
    person: Uuid,
    language: Option<Language>,
) -> Result<()> {
    conn.prepare_cached("UPDATE people SET language = ?2 WHERE id = ?1")?
        .execute(params![person.to_string(), language.map(Language::as_str)])?;
    Ok(())
}

// ---- marketing lists ----------------------------------------------------------------------

/// One person with a ledger row for a purpose, as a marketing list sees them.
pub(crate) struct Candidate {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub language: Option<String>,
    pub state: String,
    pub occurred_at: String,
    pub text_version: Option<u32>,
    pub restricted: bool,
    pub objected: bool,
    pub subscribed: bool,
    pub archived: bool,
    pub country: Option<String>,
    pub phone: Option<String>,
}

/// Starts from the purpose's ledger (index `consent_events_by_purpose`), so that only people
/// who ever had a row for it are read, never the whole people table.
const MARKETING_SQL: &str = "
    WITH latest AS (
        SELECT person_id, max(pk) AS pk FROM consent_events
         WHERE purpose_id = ?1 GROUP BY person_id
    )
    SELECT p.first_name, p.last_name,
           -- The address the consent names while the person still has it, else the primary.
           coalesce((SELECT c.value FROM contact_points c
                      WHERE c.person_id = p.id AND c.channel = 'email' AND c.value = e.email),
                    p.email),
           p.language, e.state, e.occurred_at, t.version,
           p.restricted_at IS NOT NULL, p.objected_at IS NOT NULL,
           ?2 IS NULL OR EXISTS (SELECT 1 FROM person_subscriptions ps
                                  WHERE ps.person_id = p.id AND ps.subscription_type_id = ?2),
           p.archived_at IS NOT NULL, p.country, p.phone
      FROM latest l
      JOIN consent_events e ON e.pk = l.pk
      JOIN people p ON p.id = l.person_id
      LEFT JOIN consent_texts t ON t.id = e.consent_text_id
     WHERE p.binned_at IS NULL";

/// Everyone with a ledger row for the purpose, handed to `each` one by one.
pub(crate) fn marketing_candidates(
    conn: &Connection,
    purpose: Uuid,
    subscription: Option<Uuid>,
    mut each: impl FnMut(Candidate) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(MARKETING_SQL)?;
    let mut rows = stmt.query(params![
        purpose.to_string(),
        subscription.map(|s| s.to_string())
    ])?;
    while let Some(r) = rows.next()? {
        each(Candidate {
            first_name: r.get(0)?,
            last_name: r.get(1)?,
            email: r.get(2)?,
            language: r.get(3)?,
            state: r.get(4)?,
            occurred_at: r.get(5)?,
            text_version: r.get(6)?,
            restricted: r.get(7)?,
            objected: r.get(8)?,
            subscribed: r.get(9)?,
            archived: r.get(10)?,
            country: r.get(11)?,
            phone: r.get(12)?,
        })?;
    }
    Ok(())
}

/// How SQLite runs the marketing list, a line per step (tests keep it on indexes).
pub(crate) fn explain_marketing(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {MARKETING_SQL}"))?;
    Ok(stmt
        .query_map(
            params![Uuid::nil().to_string(), Uuid::nil().to_string()],
            |r| r.get::<_, String>(3),
        )?
        .collect::<rusqlite::Result<_>>()?)
}

/// How many people the vault holds.
pub(crate) fn count_people(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM people", [], |r| r.get(0))?;
    Ok(n.unsigned_abs())
}
