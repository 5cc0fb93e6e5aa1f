//! SQL for notes and deals as a person's card shows them.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::notes::model::{DealStage, DealView, NoteView};
use crate::{Error, Result};

/// Notes on the person's deals that name no person: they are about dealings with them.
/// Reached through `deals_by_person` and `notes_by_deal`; the unary `+` keeps SQLite from
/// reading every note without a person through `notes_by_person` instead.
pub(crate) const DEAL_NOTES: &str = "FROM notes WHERE +person_id IS NULL
      AND deal_id IN (SELECT id FROM deals WHERE person_id = ?1)";

fn uuid(text: &str) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A person's notes, newest first: every shared note, and the private ones `viewer` wrote.
pub(crate) fn notes_of(conn: &Connection, person: Uuid, viewer: Uuid) -> Result<Vec<NoteView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.body, n.private, u.display_name, n.created_at
           FROM notes n JOIN users u ON u.id = n.author_id
          WHERE n.person_id = ?1 AND (n.private = 0 OR n.author_id = ?2)
          ORDER BY n.created_at DESC, n.id DESC",
    )?;
    let rows = stmt
        .query_map(params![person.to_string(), viewer.to_string()], |r| {
            Ok(NoteView {
                id: uuid(&r.get::<_, String>(0)?)?,
                body: r.get(1)?,
                private: r.get(2)?,
                author: r.get(3)?,
                created_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A stored deal stage; the schema allows only the five, so anything else is damage.
fn stage(text: &str) -> rusqlite::Result<DealStage> {
    DealStage::parse(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            format!("not a deal stage: {text:?}").into(),
        )
    })
}

/// A person's deals, newest first.
pub(crate) fn deals_of(conn: &Connection, person: Uuid) -> Result<Vec<DealView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.title, d.stage, d.value_minor, d.currency, d.expected_close,
                u.display_name
           FROM deals d JOIN users u ON u.id = d.owner_id
          WHERE d.person_id = ?1
          ORDER BY d.created_at DESC, d.id DESC",
    )?;
    let rows = stmt
        .query_map(params![person.to_string()], |r| {
            Ok(DealView {
                id: uuid(&r.get::<_, String>(0)?)?,
                title: r.get(1)?,
                stage: stage(&r.get::<_, String>(2)?)?,
                value_minor: r.get(3)?,
                currency: r.get(4)?,
                expected_close: r.get(5)?,
                owner: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Adds a note about a person.
pub(crate) fn insert_note(
    conn: &Connection,
    id: Uuid,
    person: Uuid,
    body: &str,
    private: bool,
    author: Uuid,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO notes (id, person_id, body, private, author_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            id.to_string(),
            person.to_string(),
            body,
            private,
            author.to_string(),
            now
        ],
    )?;
    Ok(())
}

/// The person a note is about and its author, if the note exists.
pub(crate) fn note_owner(conn: &Connection, id: Uuid) -> Result<(Option<Uuid>, Uuid, bool)> {
    let found: Option<(Option<String>, String, bool)> = conn
        .query_row(
            "SELECT person_id, author_id, private FROM notes WHERE id = ?1",
            params![id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (person, author, private) = found.ok_or_else(|| Error::NotFound {
        kind: "note",
        id: id.to_string(),
    })?;
    let person = person.as_deref().map(uuid).transpose()?;
    Ok((person, uuid(&author)?, private))
}

/// Removes a note.
pub(crate) fn delete_note(conn: &Connection, id: Uuid) -> Result<()> {
    conn.execute("DELETE FROM notes WHERE id = ?1", params![id.to_string()])?;
    Ok(())
}
