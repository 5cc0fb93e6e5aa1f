//! SQL for duplicates: the review queue, dismissals, merges, and the rows a merge moves.
//!
//! A merge must put back exactly what was there, also columns later migrations add to
//! `people`, so a person's row is read and written whole, as a map of column to value
//! ([`Row`]); column names are only ever taken from the table itself (`pragma_table_info`),
//! never from stored data, which is checked against them. The names' sort keys are left out:
//! they follow from the names, and the triggers make them again when a row is written back.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::db::collation::NameOrder;
use crate::{Error, Result};

/// A row as column → value (text, integer, real or null).
pub(crate) type Row = BTreeMap<String, serde_json::Value>;

/// The tables whose rows a merge moves from one person to the other, each with an id of its
/// own and a `person_id`.
pub(crate) const MOVED_TABLES: [&str; 5] = [
    "notes",
    "deals",
    "invoices",
    "consent_events",
    "processing_records",
];

/// Every table that holds rows of a person by `person_id`: what a person "has". A change to
/// any of them after a merge makes the merge final.
const PERSON_TABLES: [&str; 9] = [
    "contact_points",
    "notes",
    "deals",
    "invoices",
    "consent_events",
    "processing_records",
    "person_tags",
    "person_subscriptions",
    "request_people",
];

fn value(v: ValueRef<'_>) -> Result<serde_json::Value> {
    Ok(match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => serde_json::Value::from(i),
        ValueRef::Real(f) => serde_json::Value::from(f),
        ValueRef::Text(t) => serde_json::Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(_) => {
            return Err(Error::Internal(
                "a person's rows hold binary data, which a merge does not keep".into(),
            ));
        }
    })
}

/// A stored value back as an SQL value.
fn sql_value(v: &serde_json::Value) -> Result<rusqlite::types::Value> {
    use rusqlite::types::Value;
    Ok(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        _ => return Err(Error::Damaged("a merge's saved row holds a list".into())),
    })
}

fn rows(conn: &Connection, sql: &str, key: &str) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let mut out = Vec::new();
    let mut found = stmt.query([key])?;
    while let Some(r) = found.next()? {
        let mut row = Row::new();
        for (i, name) in names.iter().enumerate() {
            if NameOrder::ALL.iter().any(|o| o.column() == name) {
                continue;
            }
            row.insert(name.clone(), value(r.get_ref(i)?)?);
        }
        out.push(row);
    }
    Ok(out)
}

/// A person's row, whole.
pub(crate) fn person_row(conn: &Connection, id: &str) -> Result<Option<Row>> {
    Ok(rows(conn, "SELECT * FROM people WHERE id = ?1", id)?
        .into_iter()
        .next())
}

/// The columns of `people`, from the table itself.
fn people_columns(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info('people')")?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// The row's columns, each checked against the table's.
fn checked_columns<'a>(conn: &Connection, row: &'a Row) -> Result<Vec<&'a str>> {
    let known = people_columns(conn)?;
    row.keys()
        .map(|k| {
            if known.iter().any(|c| c == k) {
                Ok(k.as_str())
            } else {
                Err(Error::Damaged(format!(
                    "a merge's saved row names a column people does not have: {k}"
                )))
            }
        })
        .collect()
}

/// Writes every column of `row` but `pk` and `id` into the person `id`.
pub(crate) fn write_person_row(conn: &Connection, id: &str, row: &Row) -> Result<()> {
    let columns: Vec<&str> = checked_columns(conn, row)?
        .into_iter()
        .filter(|c| *c != "pk" && *c != "id")
        .collect();
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" = ?{}", i + 2))
        .collect();
    let sql = format!("UPDATE people SET {} WHERE id = ?1", sets.join(", "));
    let mut values = vec![rusqlite::types::Value::Text(id.to_owned())];
    for c in &columns {
        values.push(sql_value(&row[*c])?);
    }
    conn.prepare(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// Inserts a person's row whole, under its old integer key when that is free (it is the
/// search index's row id; another row may have taken it since). Returns the key used.
pub(crate) fn insert_person_row(conn: &Connection, row: &Row) -> Result<i64> {
    let pk_free = match row.get("pk").and_then(serde_json::Value::as_i64) {
        Some(pk) => conn
            .prepare_cached("SELECT 1 FROM people WHERE pk = ?1")?
            .query_row([pk], |_| Ok(()))
            .optional()?
            .is_none(),
        None => false,
    };
    let columns: Vec<&str> = checked_columns(conn, row)?
        .into_iter()
        .filter(|c| pk_free || *c != "pk")
        .collect();
    let names: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO people ({}) VALUES ({})",
        names.join(", "),
        marks.join(", ")
    );
    let values = columns
        .iter()
        .map(|c| sql_value(&row[*c]))
        .collect::<Result<Vec<_>>>()?;
    conn.prepare(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(conn.last_insert_rowid())
}

/// Sets when the person was last used (after rows that the activity triggers watch were
/// put back).
pub(crate) fn set_last_activity(conn: &Connection, id: &str, at: Option<&str>) -> Result<()> {
    conn.prepare_cached("UPDATE people SET last_activity_at = ?2 WHERE id = ?1")?
        .execute(params![id, at])?;
    Ok(())
}

/// A SHA-256 over everything the person has: their row and their rows in every table that
/// holds them. Equal before and after means nothing about them changed.
pub(crate) fn state_of(conn: &Connection, person: &str) -> Result<Vec<u8>> {
    let mut hash = Sha256::new();
    let mut add = |table: &str, found: Vec<Row>| -> Result<()> {
        let mut lines = found
            .iter()
            .map(|r| serde_json::to_string(r).map_err(|e| Error::Internal(e.to_string())))
            .collect::<Result<Vec<_>>>()?;
        lines.sort();
        hash.update(table.as_bytes());
        hash.update((lines.len() as u64).to_le_bytes());
        for line in lines {
            hash.update((line.len() as u64).to_le_bytes());
            hash.update(line.as_bytes());
        }
        Ok(())
    };
    add(
        "people",
        rows(conn, "SELECT * FROM people WHERE id = ?1", person)?,
    )?;
    for table in PERSON_TABLES {
        let sql = format!("SELECT * FROM {table} WHERE person_id = ?1");
        add(table, rows(conn, &sql, person)?)?;
    }
    Ok(hash.finalize().to_vec())
}

/// The ids of the person's rows in one of [`MOVED_TABLES`].
pub(crate) fn ids_in(conn: &Connection, table: &str, person: &str) -> Result<Vec<String>> {
    let sql = format!("SELECT id FROM {table} WHERE person_id = ?1 ORDER BY id");
    let ids = conn
        .prepare_cached(&sql)?
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Gives rows of one of [`MOVED_TABLES`] to another person.
pub(crate) fn move_rows(conn: &Connection, table: &str, ids: &[String], to: &str) -> Result<()> {
    let sql = format!("UPDATE {table} SET person_id = ?2 WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    for id in ids {
        stmt.execute(params![id, to])?;
    }
    Ok(())
}

/// The person's tag ids.
pub(crate) fn tag_ids(conn: &Connection, person: &str) -> Result<Vec<String>> {
    let ids = conn
        .prepare_cached("SELECT tag_id FROM person_tags WHERE person_id = ?1 ORDER BY tag_id")?
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Replaces the person's tags by `tags`.
pub(crate) fn set_tags(conn: &Connection, person: &str, tags: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM person_tags WHERE person_id = ?1")?
        .execute([person])?;
    let mut insert = conn
        .prepare_cached("INSERT OR IGNORE INTO person_tags (person_id, tag_id) VALUES (?1, ?2)")?;
    for tag in tags {
        insert.execute(params![person, tag])?;
    }
    Ok(())
}

/// A subscription: its type and since when.
pub(crate) type Subscription = (String, String);

/// The person's subscriptions.
pub(crate) fn subscriptions(conn: &Connection, person: &str) -> Result<Vec<Subscription>> {
    let rows = conn
        .prepare_cached(
            "SELECT subscription_type_id, since FROM person_subscriptions
             WHERE person_id = ?1 ORDER BY subscription_type_id",
        )?
        .query_map([person], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Replaces the person's subscriptions by `subscriptions`.
pub(crate) fn set_subscriptions(
    conn: &Connection,
    person: &str,
    subscriptions: &[Subscription],
) -> Result<()> {
    conn.prepare_cached("DELETE FROM person_subscriptions WHERE person_id = ?1")?
        .execute([person])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO person_subscriptions (person_id, subscription_type_id, since)
         VALUES (?1, ?2, ?3)",
    )?;
    for (kind, since) in subscriptions {
        insert.execute(params![person, kind, since])?;
    }
    Ok(())
}

/// A request the person is named in, with the pseudonym they have there (none while they
/// are in the vault).
pub(crate) type RequestLink = (String, Option<String>);

/// The requests the person is named in.
pub(crate) fn requests(conn: &Connection, person: &str) -> Result<Vec<RequestLink>> {
    let rows = conn
        .prepare_cached(
            "SELECT request_id, pseudonym FROM request_people
             WHERE person_id = ?1 ORDER BY request_id",
        )?
        .query_map([person], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Replaces the requests the person is named in by `links`.
pub(crate) fn set_requests(conn: &Connection, person: &str, links: &[RequestLink]) -> Result<()> {
    conn.prepare_cached("DELETE FROM request_people WHERE person_id = ?1")?
        .execute([person])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO request_people (request_id, person_id, pseudonym) VALUES (?1, ?2, ?3)",
    )?;
    for (request, pseudonym) in links {
        insert.execute(params![request, person, pseudonym])?;
    }
    Ok(())
}

/// Removes the tombstone a person's id got when they were merged away.
pub(crate) fn remove_tombstone(conn: &Connection, person: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM tombstones WHERE entity = 'person' AND id = ?1")?
        .execute([person])?;
    Ok(())
}

/// The two ids of a pair in the order they are stored.
pub(crate) fn ordered<'a>(x: &'a str, y: &'a str) -> (&'a str, &'a str) {
    if x <= y { (x, y) } else { (y, x) }
}

/// Records that the two are not the same person; says whether it was new.
pub(crate) fn dismiss(conn: &Connection, x: &str, y: &str, at: &str, by: &str) -> Result<bool> {
    let (a, b) = ordered(x, y);
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO duplicate_dismissals (person_a, person_b, dismissed_at, dismissed_by)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![a, b, at, by])?;
    Ok(n > 0)
}

/// Forgets a dismissal.
pub(crate) fn undismiss(conn: &Connection, x: &str, y: &str) -> Result<()> {
    let (a, b) = ordered(x, y);
    conn.prepare_cached("DELETE FROM duplicate_dismissals WHERE person_a = ?1 AND person_b = ?2")?
        .execute([a, b])?;
    Ok(())
}

/// Everyone someone said is not the person.
pub(crate) fn dismissed_with(conn: &Connection, person: &str) -> Result<Vec<String>> {
    let rows = conn
        .prepare_cached(
            "SELECT person_b FROM duplicate_dismissals WHERE person_a = ?1
             UNION SELECT person_a FROM duplicate_dismissals WHERE person_b = ?1",
        )?
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every dismissal, as ordered pairs.
pub(crate) fn all_dismissals(conn: &Connection) -> Result<Vec<(String, String)>> {
    let rows = conn
        .prepare("SELECT person_a, person_b FROM duplicate_dismissals")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A pair in the queue as stored.
pub(crate) struct PairRow {
    pub a: String,
    pub b: String,
    pub score: f64,
    pub reasons: String,
    pub automatic: bool,
    pub found_at: String,
}

/// Takes a pair out of the queue.
pub(crate) fn remove_pair(conn: &Connection, x: &str, y: &str) -> Result<()> {
    let (a, b) = ordered(x, y);
    conn.prepare_cached("DELETE FROM duplicate_pairs WHERE person_a = ?1 AND person_b = ?2")?
        .execute([a, b])?;
    Ok(())
}

/// When each pair in the queue was first found, by its ordered ids.
pub(crate) fn found_at(conn: &Connection) -> Result<HashMap<(String, String), String>> {
    let rows = conn
        .prepare("SELECT person_a, person_b, found_at FROM duplicate_pairs")?
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Empties the queue.
pub(crate) fn clear_pairs(conn: &Connection) -> Result<()> {
    conn.prepare_cached("DELETE FROM duplicate_pairs")?
        .execute([])?;
    Ok(())
}

/// Puts a pair in the queue (its ids in order).
pub(crate) fn insert_pair(conn: &Connection, p: &PairRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO duplicate_pairs (person_a, person_b, score, reasons, automatic, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![p.a, p.b, p.score, p.reasons, p.automatic, p.found_at])?;
    Ok(())
}

/// A page of the queue, surest first. A pair with someone put in the recycle bin since the
/// search waits unseen: the bin hides a person everywhere until they are restored.
pub(crate) fn pairs(conn: &Connection, limit: u32, offset: u64) -> Result<Vec<PairRow>> {
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let rows = conn
        .prepare_cached(
            "SELECT person_a, person_b, score, reasons, automatic, found_at FROM duplicate_pairs
             WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id IN (person_a, person_b)
                                 AND p.binned_at IS NOT NULL)
             ORDER BY score DESC, person_a, person_b LIMIT ?1 OFFSET ?2",
        )?
        .query_map(params![limit, offset], |r| {
            Ok(PairRow {
                a: r.get(0)?,
                b: r.get(1)?,
                score: r.get(2)?,
                reasons: r.get(3)?,
                automatic: r.get(4)?,
                found_at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many pairs wait (as [`pairs`] counts them).
pub(crate) fn count_pairs(conn: &Connection) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM duplicate_pairs
             WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id IN (person_a, person_b)
                                 AND p.binned_at IS NOT NULL)",
        )?
        .query_row([], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// A merge as stored.
pub(crate) struct MergeRow {
    pub id: String,
    pub kept: String,
    pub merged: String,
    pub merged_at: String,
    pub merged_by: String,
    pub automatic: bool,
    pub fields: String,
    pub state_after: Option<Vec<u8>>,
    pub undo: Option<String>,
    pub undone_at: Option<String>,
}

const MERGE_COLUMNS: &str =
    "m.id, m.kept_id, m.merged_id, m.merged_at, coalesce(u.display_name, ''),
     m.automatic, m.fields, m.state_after, m.undo, m.undone_at";

fn merge_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MergeRow> {
    Ok(MergeRow {
        id: r.get(0)?,
        kept: r.get(1)?,
        merged: r.get(2)?,
        merged_at: r.get(3)?,
        merged_by: r.get(4)?,
        automatic: r.get(5)?,
        fields: r.get(6)?,
        state_after: r.get(7)?,
        undo: r.get(8)?,
        undone_at: r.get(9)?,
    })
}

/// Records a merge.
pub(crate) fn insert_merge(conn: &Connection, m: &MergeRow, by: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO merges (id, kept_id, merged_id, merged_at, merged_by, automatic, fields,
                             state_after, undo)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        m.id,
        m.kept,
        m.merged,
        m.merged_at,
        by,
        m.automatic,
        m.fields,
        m.state_after,
        m.undo
    ])?;
    Ok(())
}

/// A merge by id.
pub(crate) fn merge(conn: &Connection, id: &str) -> Result<MergeRow> {
    let sql = format!(
        "SELECT {MERGE_COLUMNS} FROM merges m LEFT JOIN users u ON u.id = m.merged_by WHERE m.id = ?1"
    );
    conn.prepare_cached(&sql)?
        .query_row([id], merge_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            kind: "merge",
            id: format!("with id {id}"),
        })
}

/// The newest merges first.
pub(crate) fn merges(conn: &Connection, limit: u32, offset: u64) -> Result<Vec<MergeRow>> {
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let sql = format!(
        "SELECT {MERGE_COLUMNS} FROM merges m LEFT JOIN users u ON u.id = m.merged_by
         ORDER BY m.merged_at DESC, m.id DESC LIMIT ?1 OFFSET ?2"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![limit, offset], merge_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Marks a merge undone and drops what undoing it needed.
pub(crate) fn mark_undone(conn: &Connection, id: &str, at: &str, by: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE merges SET undone_at = ?2, undone_by = ?3, undo = NULL, state_after = NULL
         WHERE id = ?1",
    )?
    .execute(params![id, at, by])?;
    Ok(())
}

/// Drops what undoing the merge needed: it can no longer be undone.
pub(crate) fn forget_undo(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("UPDATE merges SET undo = NULL, state_after = NULL WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// A merge that can perhaps still be undone: its id, the person kept, the state after.
pub(crate) type Undoable = (String, String, Option<Vec<u8>>);

/// Merges that can perhaps still be undone.
pub(crate) fn undoable(conn: &Connection) -> Result<Vec<Undoable>> {
    let rows = conn
        .prepare("SELECT id, kept_id, state_after FROM merges WHERE undo IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Everyone merged into the person, and into those, and so on (merges not undone).
pub(crate) fn merged_into(conn: &Connection, person: &str) -> Result<Vec<String>> {
    let rows = conn
        .prepare_cached(
            "WITH RECURSIVE into_(id) AS (
                 SELECT merged_id FROM merges WHERE kept_id = ?1 AND undone_at IS NULL
                 UNION
                 SELECT m.merged_id FROM merges m JOIN into_ ON m.kept_id = into_.id
                  WHERE m.undone_at IS NULL
             )
             SELECT id FROM into_ WHERE id <> ?1 ORDER BY id",
        )?
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Removes every trace of the people in the duplicates tables: pairs, dismissals and merges
/// (with any undo data) that name them.
pub(crate) fn forget(conn: &Connection, people: &[String]) -> Result<()> {
    for person in people {
        for sql in [
            "DELETE FROM duplicate_pairs WHERE person_a = ?1 OR person_b = ?1",
            "DELETE FROM duplicate_dismissals WHERE person_a = ?1 OR person_b = ?1",
            "DELETE FROM merges WHERE kept_id = ?1 OR merged_id = ?1",
        ] {
            conn.prepare_cached(sql)?.execute([person])?;
        }
    }
    Ok(())
}

/// What the side-by-side view shows of a person beside their fields: (category, language,
/// owner's name, created, last used, archived since).
pub(crate) type PersonExtras = (
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

/// See [`PersonExtras`].
pub(crate) fn person_extras(conn: &Connection, id: &str) -> Result<PersonExtras> {
    conn.prepare_cached(
        "SELECT c.name, p.language, u.display_name, p.created_at, p.last_activity_at,
                p.archived_at
           FROM people p
           LEFT JOIN categories c ON c.id = p.category_id
           LEFT JOIN users u ON u.id = p.owner_id
          WHERE p.id = ?1",
    )?
    .query_row([id], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "person",
        id: format!("with id {id}"),
    })
}

/// How many rows the person has in `table` (one of [`PERSON_TABLES`]).
pub(crate) fn count_in(conn: &Connection, table: &str, person: &str) -> Result<u64> {
    let sql = format!("SELECT count(*) FROM {table} WHERE person_id = ?1");
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row([person], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// Whether the person is in the recycle bin.
pub(crate) fn is_binned(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT binned_at IS NOT NULL FROM people WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// A person as the matcher reads them: id, first name, last name, e-mail addresses, phone
/// numbers (each the primary first, the others after it joined by U+001F: see
/// [`values`]), organisation, street, postcode, city, customer number.
pub(crate) type MatchRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

const MATCH_COLUMNS: &str = "p.id, p.first_name, p.last_name,
     p.email || coalesce(char(31) || (SELECT group_concat(c.value, char(31)) FROM contact_points c
         WHERE c.person_id = p.id AND c.channel = 'email' AND c.is_primary = 0), ''),
     p.phone || coalesce(char(31) || (SELECT group_concat(c.value, char(31)) FROM contact_points c
         WHERE c.person_id = p.id AND c.channel = 'phone' AND c.is_primary = 0), ''),
     o.name, p.address, p.postcode, p.city, p.customer_number";

/// The values of a [`MatchRow`]'s e-mail or phone column, the primary first.
pub(crate) fn values(joined: &Option<String>) -> Vec<String> {
    crate::text::joined_values(joined.as_deref())
        .map(str::to_owned)
        .collect()
}

fn match_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MatchRow> {
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
    ))
}

/// Everyone not in the recycle bin, as the matcher reads them, in the order they were
/// created (the matcher calls the earlier of a pair `a`). `each` is called per person, so a
/// large register is never held twice.
pub(crate) fn each_to_match(conn: &Connection, mut each: impl FnMut(MatchRow)) -> Result<()> {
    let sql = format!(
        "SELECT {MATCH_COLUMNS} FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE p.binned_at IS NULL ORDER BY p.pk"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(match_row(r)?);
    }
    Ok(())
}

/// People not in the recycle bin who could be the same as someone new: the same e-mail
/// (ignoring case), customer number or phone number, or a name whose words begin the same
/// (through the search index: `names` is an FTS5 expression). At most `limit`.
pub(crate) fn candidates(
    conn: &Connection,
    email: Option<&str>,
    customer_number: Option<&str>,
    phone_terms: Option<&str>,
    names: Option<&str>,
    limit: u32,
) -> Result<Vec<MatchRow>> {
    let mut found: Vec<MatchRow> = Vec::new();
    let mut add = |sql: &str, key: &str| -> Result<()> {
        let sql = format!(
            "SELECT {MATCH_COLUMNS} FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
             WHERE p.binned_at IS NULL AND {sql} LIMIT ?2"
        );
        let rows: Vec<MatchRow> = conn
            .prepare_cached(&sql)?
            .query_map(params![key, limit], match_row)?
            .collect::<rusqlite::Result<_>>()?;
        for row in rows {
            if !found.iter().any(|f| f.0 == row.0) {
                found.push(row);
            }
        }
        Ok(())
    };
    if let Some(email) = email {
        // Addresses are stored lower-cased (people::normalise_email), so the index answers;
        // any of a person's addresses counts.
        add(
            "(p.email = lower(?1) OR p.id IN (SELECT person_id FROM contact_points
                      WHERE channel = 'email' AND value = lower(?1) AND is_primary = 0))",
            email,
        )?;
    }
    if let Some(number) = customer_number {
        add("p.customer_number = ?1", number)?;
    }
    for expression in [phone_terms, names].into_iter().flatten() {
        add(
            "p.pk IN (SELECT rowid FROM person_search WHERE person_search MATCH ?1)",
            expression,
        )?;
    }
    Ok(found)
}
