//! SQL for the register of data subject requests: requests, the people they are about and
//! the actions taken on them.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::rights::model::{
    IdentityCheck, RequestAction, RequestKind, RequestPerson, RequestRef, RequestRow, RequestStatus,
};
use crate::{Error, Result};

const COLUMNS: &str = "id, number, kind, received_on, due_on, extended_on, extension_reason,
     identity, status, channel, description, closed_on, outcome, created_at";

/// The columns as read, before their text is checked.
type Raw = (
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
);

fn raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
    ))
}

fn date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Error::Damaged(format!("malformed date in the request register: {text}")))
}

fn row(r: Raw) -> Result<RequestRow> {
    Ok(RequestRow {
        id: crate::db::parse_id(&r.0)?,
        number: r.1,
        kind: RequestKind::parse(&r.2)?,
        received_on: date(&r.3)?,
        due_on: date(&r.4)?,
        extended_on: r.5.as_deref().map(date).transpose()?,
        extension_reason: r.6,
        identity: IdentityCheck::parse(&r.7)?,
        status: RequestStatus::parse(&r.8)?,
        channel: r.9,
        description: r.10,
        closed_on: r.11.as_deref().map(date).transpose()?,
        outcome: r.12,
        created_at: r.13,
    })
}

fn rows(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<Vec<RequestRow>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let raws = stmt
        .query_map(args, raw)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raws.into_iter().map(row).collect()
}

/// The number the next request gets.
pub(crate) fn next_number(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM requests",
        [],
        |r| r.get(0),
    )?)
}

/// Adds a request.
pub(crate) fn insert_request(conn: &Connection, r: &RequestRow, by: Uuid) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO requests (id, number, kind, received_on, due_on, identity, status,
             channel, description, outcome, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        r.id.to_string(),
        r.number,
        r.kind.as_str(),
        r.received_on.to_string(),
        r.due_on.to_string(),
        r.identity.as_str(),
        r.status.as_str(),
        r.channel,
        r.description,
        r.outcome,
        r.created_at,
        by.to_string()
    ])?;
    Ok(())
}

/// Names a person on a request.
pub(crate) fn insert_person(conn: &Connection, request: Uuid, person: Uuid) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO request_people (request_id, person_id) VALUES (?1, ?2)",
    )?
    .execute(params![request.to_string(), person.to_string()])?;
    Ok(())
}

/// Records an action on a request.
pub(crate) fn insert_action(
    conn: &Connection,
    request: Uuid,
    at: &str,
    actor: Uuid,
    action: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO request_actions (id, request_id, at, actor_id, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        Uuid::now_v7().to_string(),
        request.to_string(),
        at,
        actor.to_string(),
        action,
        detail.to_string()
    ])?;
    Ok(())
}

/// A request by id or number.
pub(crate) fn find(conn: &Connection, which: RequestRef) -> Result<RequestRow> {
    let (sql, key) = match which {
        RequestRef::Id(id) => (
            format!("SELECT {COLUMNS} FROM requests WHERE id = ?1"),
            rusqlite::types::Value::Text(id.to_string()),
        ),
        RequestRef::Number(n) => (
            format!("SELECT {COLUMNS} FROM requests WHERE number = ?1"),
            rusqlite::types::Value::Integer(n),
        ),
    };
    let found = conn
        .prepare_cached(&sql)?
        .query_row([key], raw)
        .optional()?;
    let found = found.ok_or_else(|| Error::NotFound {
        kind: "request",
        id: match which {
            RequestRef::Id(id) => id.to_string(),
            RequestRef::Number(n) => crate::rights::model::request_number(n),
        },
    })?;
    row(found)
}

/// The people a request is about, with their names while they are in the vault.
pub(crate) fn people_of(conn: &Connection, request: Uuid) -> Result<Vec<RequestPerson>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rp.person_id, rp.pseudonym,
                COALESCE(NULLIF(TRIM(p.first_name || ' ' || p.last_name), ''), p.email)
           FROM request_people rp LEFT JOIN people p ON p.id = rp.person_id
          WHERE rp.request_id = ?1
          ORDER BY rp.person_id",
    )?;
    let raws = stmt
        .query_map([request.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raws.into_iter()
        .map(|(person, pseudonym, name)| {
            Ok(RequestPerson {
                id: crate::db::parse_id(&person)?,
                name,
                pseudonym,
            })
        })
        .collect()
}

/// What was done on a request, oldest first.
pub(crate) fn actions_of(conn: &Connection, request: Uuid) -> Result<Vec<RequestAction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.at, u.display_name, a.action, a.detail
           FROM request_actions a LEFT JOIN users u ON u.id = a.actor_id
          WHERE a.request_id = ?1
          ORDER BY a.at, a.id",
    )?;
    let raws = stmt
        .query_map([request.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(raws
        .into_iter()
        .map(|(at, actor, action, detail)| RequestAction {
            at,
            actor,
            action,
            // A detail that does not read as JSON is shown as its text rather than lost.
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
        })
        .collect())
}

/// The register, newest first, filtered by status and kind.
pub(crate) fn list(
    conn: &Connection,
    status: Option<RequestStatus>,
    kind: Option<RequestKind>,
) -> Result<Vec<RequestRow>> {
    rows(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM requests
              WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR kind = ?2)
              ORDER BY number DESC"
        ),
        params![status.map(|s| s.as_str()), kind.map(|k| k.as_str())],
    )
}

/// Open requests due on or before `until`, soonest first (on `requests_by_status`).
pub(crate) fn open_due_by(conn: &Connection, until: NaiveDate) -> Result<Vec<RequestRow>> {
    rows(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM requests WHERE status = 'open' AND due_on <= ?1
              ORDER BY due_on, number"
        ),
        [until.to_string()],
    )
}

/// How many requests are open.
pub(crate) fn count_open(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM requests WHERE status = 'open'",
        [],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

/// Every request about a person, oldest first (on `request_people_by_person`).
pub(crate) fn of_person(conn: &Connection, person: Uuid) -> Result<Vec<RequestRow>> {
    let columns = COLUMNS.replace("id, number", "r.id, r.number");
    rows(
        conn,
        &format!(
            "SELECT {columns} FROM request_people rp JOIN requests r ON r.id = rp.request_id
              WHERE rp.person_id = ?1 ORDER BY r.number"
        ),
        [person.to_string()],
    )
}

/// Sets the identity check.
pub(crate) fn set_identity(
    conn: &Connection,
    request: Uuid,
    identity: IdentityCheck,
) -> Result<()> {
    conn.prepare_cached("UPDATE requests SET identity = ?2 WHERE id = ?1")?
        .execute(params![request.to_string(), identity.as_str()])?;
    Ok(())
}

/// Extends the deadline.
pub(crate) fn extend(
    conn: &Connection,
    request: Uuid,
    on: NaiveDate,
    reason: &str,
    due: NaiveDate,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE requests SET extended_on = ?2, extension_reason = ?3, due_on = ?4 WHERE id = ?1",
    )?
    .execute(params![
        request.to_string(),
        on.to_string(),
        reason,
        due.to_string()
    ])?;
    Ok(())
}

/// Closes a request.
pub(crate) fn close(
    conn: &Connection,
    request: Uuid,
    status: RequestStatus,
    on: NaiveDate,
    outcome: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE requests SET status = ?2, closed_on = ?3, outcome = ?4 WHERE id = ?1",
    )?
    .execute(params![
        request.to_string(),
        status.as_str(),
        on.to_string(),
        outcome
    ])?;
    Ok(())
}
