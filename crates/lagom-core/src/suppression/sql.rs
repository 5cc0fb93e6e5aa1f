//! SQL for suppression entries: writing one with its hashes, finding entries by hash,
//! lifting them, and listing them for the ledger and the subject-access bundle.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;

/// An entry as stored, without its hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryRow {
    pub person: String,
    pub erased_at: String,
    pub request: Option<String>,
    pub lifted_at: Option<String>,
    pub lifted_reason: Option<String>,
}

/// Writes an entry with its hashes, unless one for the person is there already (an erasure
/// applied again keeps the entry it had). Returns whether it was written.
pub(crate) fn insert(
    conn: &Connection,
    person: &str,
    erased_at: &str,
    request: Option<&str>,
    hashes: &[String],
) -> Result<bool> {
    let added = conn
        .prepare_cached(
            "INSERT INTO suppressions (person_id, erased_at, request) VALUES (?1, ?2, ?3)
             ON CONFLICT (person_id) DO NOTHING",
        )?
        .execute(params![person, erased_at, request])?;
    if added == 0 {
        return Ok(false);
    }
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO suppression_hashes (hash, person_id) VALUES (?1, ?2)",
    )?;
    for h in hashes {
        stmt.execute(params![h, person])?;
    }
    Ok(true)
}

/// Whether the person has an entry (lifted or not).
pub(crate) fn exists(conn: &Connection, person: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM suppressions WHERE person_id = ?1")?
        .query_row([person], |_| Ok(()))
        .optional()?
        .is_some())
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntryRow> {
    Ok(EntryRow {
        person: r.get(0)?,
        erased_at: r.get(1)?,
        request: r.get(2)?,
        lifted_at: r.get(3)?,
        lifted_reason: r.get(4)?,
    })
}

const COLUMNS: &str = "s.person_id, s.erased_at, s.request, s.lifted_at, s.lifted_reason";

/// The entries not lifted that hold any of the hashes, newest erasure first.
pub(crate) fn in_force_with(conn: &Connection, hashes: &[String]) -> Result<Vec<EntryRow>> {
    let mut found: Vec<EntryRow> = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM suppression_hashes h JOIN suppressions s USING (person_id)
         WHERE h.hash = ?1 AND s.lifted_at IS NULL"
    ))?;
    for h in hashes {
        for row in stmt.query_map([h], entry)? {
            let row = row?;
            if !found.iter().any(|f| f.person == row.person) {
                found.push(row);
            }
        }
    }
    found.sort_by(|a, b| b.erased_at.cmp(&a.erased_at));
    Ok(found)
}

/// Every entry not lifted with each of its hashes, for an import to hold in memory.
pub(crate) fn hashes_in_force(conn: &Connection) -> Result<Vec<(String, EntryRow)>> {
    let rows = conn
        .prepare(&format!(
            "SELECT {COLUMNS}, h.hash FROM suppression_hashes h JOIN suppressions s USING (person_id)
             WHERE s.lifted_at IS NULL"
        ))?
        .query_map([], |r| Ok((r.get(5)?, entry(r)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Marks an entry lifted: the person was registered again, on purpose.
pub(crate) fn lift(
    conn: &Connection,
    person: &str,
    (at, by, reason): (&str, &str, &str),
    registered_as: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE suppressions SET lifted_at = ?2, lifted_by = ?3, lifted_reason = ?4,
                registered_as = ?5
         WHERE person_id = ?1 AND lifted_at IS NULL",
    )?
    .execute(params![person, at, by, reason, registered_as])?;
    Ok(())
}

/// The entries lifted to register this person again.
pub(crate) fn lifted_for(conn: &Connection, registered_as: &str) -> Result<Vec<EntryRow>> {
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM suppressions s WHERE s.registered_as = ?1
             ORDER BY s.erased_at"
        ))?
        .query_map([registered_as], entry)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Empties the reasons given for registering this person again: staff write them about the
/// person, so they go when the person is erased. The entries stay lifted.
pub(crate) fn clear_reasons_for(conn: &Connection, registered_as: &str) -> Result<u64> {
    let n = conn
        .prepare_cached(
            "UPDATE suppressions SET lifted_reason = '' WHERE registered_as = ?1
               AND lifted_reason <> ''",
        )?
        .execute([registered_as])?;
    Ok(n as u64)
}

/// Every entry (lifted or not) with its hashes, for writing to the ledger.
pub(crate) fn all_with_hashes(conn: &Connection) -> Result<Vec<(EntryRow, Vec<String>)>> {
    let entries: Vec<EntryRow> = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM suppressions s ORDER BY s.erased_at, s.person_id"
        ))?
        .query_map([], entry)?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn
        .prepare_cached("SELECT hash FROM suppression_hashes WHERE person_id = ?1 ORDER BY hash")?;
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let hashes = stmt
            .query_map([&e.person], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        out.push((e, hashes));
    }
    Ok(out)
}

/// How many hashes the entry holds.
pub(crate) fn hash_count(conn: &Connection, person: &str) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM suppression_hashes WHERE person_id = ?1")?
        .query_row([person], |r| r.get(0))?;
    Ok(n as u64)
}

/// Whether any entry is in force (not lifted).
pub(crate) fn any_in_force(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM suppressions WHERE lifted_at IS NULL LIMIT 1")?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some())
}
