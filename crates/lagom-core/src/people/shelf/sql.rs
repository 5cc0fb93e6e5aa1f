//! SQL for the archive and the recycle bin.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;

/// A person's place on the shelves: when archived, when binned.
pub(crate) fn shelf_of(
    conn: &Connection,
    person: &str,
) -> Result<Option<(Option<String>, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT archived_at, binned_at FROM people WHERE id = ?1")?
        .query_row([person], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// When a person was last used, archived and binned.
pub(crate) fn life_of(
    conn: &Connection,
    person: &str,
) -> Result<Option<crate::people::model::Life>> {
    Ok(conn
        .prepare_cached(
            "SELECT last_activity_at, archived_at, binned_at FROM people WHERE id = ?1",
        )?
        .query_row([person], |r| {
            Ok(crate::people::model::Life {
                last_activity_at: r.get(0)?,
                archived_at: r.get(1)?,
                binned_at: r.get(2)?,
            })
        })
        .optional()?)
}

/// Archives a person; says whether they were not archived before. The edit time is left
/// alone: archiving is not the person being used.
pub(crate) fn archive(conn: &Connection, person: &str, at: &str) -> Result<bool> {
    let n = conn
        .prepare_cached("UPDATE people SET archived_at = ?2 WHERE id = ?1 AND archived_at IS NULL")?
        .execute(params![person, at])?;
    Ok(n > 0)
}

/// Brings an archived person back; bringing back is using them, so the activity clock
/// starts again (or the next housekeeping run would archive them again at once).
pub(crate) fn unarchive(conn: &Connection, person: &str, at: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE people SET archived_at = NULL,
                    last_activity_at = max(coalesce(last_activity_at, ''), ?2)
              WHERE id = ?1 AND archived_at IS NOT NULL",
        )?
        .execute(params![person, at])?;
    Ok(n > 0)
}

/// Moves a person to the recycle bin.
pub(crate) fn bin(conn: &Connection, person: &str, at: &str) -> Result<bool> {
    let n = conn
        .prepare_cached("UPDATE people SET binned_at = ?2 WHERE id = ?1 AND binned_at IS NULL")?
        .execute(params![person, at])?;
    Ok(n > 0)
}

/// Takes a person out of the recycle bin, as they were.
pub(crate) fn unbin(conn: &Connection, person: &str, at: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE people SET binned_at = NULL,
                    last_activity_at = max(coalesce(last_activity_at, ''), ?2)
              WHERE id = ?1 AND binned_at IS NOT NULL",
        )?
        .execute(params![person, at])?;
    Ok(n > 0)
}

/// One line of the bin: id, names, e-mail, organisation, when binned.
pub(crate) type BinRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

/// The bin, most recently binned first.
pub(crate) fn binned(conn: &Connection, limit: u32, offset: u64) -> Result<Vec<BinRow>> {
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let rows = conn
        .prepare_cached(
            "SELECT p.id, p.first_name, p.last_name, p.email, o.name, p.binned_at
               FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
              WHERE p.binned_at IS NOT NULL
              ORDER BY p.binned_at DESC, p.pk DESC LIMIT ?1 OFFSET ?2",
        )?
        .query_map(params![limit, offset], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many people are in the bin.
pub(crate) fn count_binned(conn: &Connection) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM people WHERE binned_at IS NOT NULL")?
        .query_row([], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// People binned before `before` (a stored time), oldest first: those due to be purged.
pub(crate) fn binned_before(conn: &Connection, before: &str) -> Result<Vec<String>> {
    let rows = conn
        .prepare_cached(
            "SELECT id FROM people WHERE binned_at IS NOT NULL AND binned_at < ?1
              ORDER BY binned_at, pk",
        )?
        .query_map([before], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many people are archived.
pub(crate) fn count_archived(conn: &Connection) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM people WHERE archived_at IS NOT NULL AND binned_at IS NULL",
        )?
        .query_row([], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}
