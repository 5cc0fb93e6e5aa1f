//! SQL for erasure: what a person leaves behind, removing it, pseudonymising what the law
//! keeps, and the list of erasures. Every statement goes through an index on the person
//! (or, for the import log, through its primary key batch by batch), so erasing one person
//! costs the same in a vault of a hundred people as in one of a million.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::notes::sql::DEAL_NOTES;

/// An invoice made out to a person, as erasure decides about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InvoiceRow {
    pub id: String,
    pub number: String,
    pub issued_on: String,
    pub amount_minor: i64,
    pub currency: String,
    pub country: Option<String>,
}

/// The person's invoices.
pub(crate) fn invoices_of(conn: &Connection, person: &str) -> Result<Vec<InvoiceRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT id, number, issued_on, amount_minor, currency, country
             FROM invoices WHERE person_id = ?1 ORDER BY issued_on, number",
        )?
        .query_map([person], |r| {
            Ok(InvoiceRow {
                id: r.get(0)?,
                number: r.get(1)?,
                issued_on: r.get(2)?,
                amount_minor: r.get(3)?,
                currency: r.get(4)?,
                country: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Replaces the person on an invoice by a pseudonym.
pub(crate) fn pseudonymise_invoice(conn: &Connection, id: &str, pseudonym: &str) -> Result<()> {
    conn.prepare_cached("UPDATE invoices SET person_id = NULL, pseudonym = ?2 WHERE id = ?1")?
        .execute(params![id, pseudonym])?;
    Ok(())
}

/// Deletes an invoice whose retention has run out.
pub(crate) fn delete_invoice(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM invoices WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// How many rows of each kind hang on the person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Attached {
    pub notes: u64,
    pub consents: u64,
    pub subscriptions: u64,
    pub tags: u64,
    pub processing_records: u64,
    pub deals: u64,
    pub deal_notes: u64,
    pub requests: u64,
    pub request_texts: u64,
}

/// The person's requests whose every other person is erased already, and which still hold
/// free text (description, outcome, extension reason): staff write those about the person,
/// so they go with the last person the request is about.
const REQUESTS_LEFT_WITH_TEXT: &str = "SELECT rp.request_id FROM request_people rp
       JOIN requests r ON r.id = rp.request_id
      WHERE rp.person_id = ?1
        AND (r.description <> '' OR r.outcome <> '' OR COALESCE(r.extension_reason, '') <> '')
        AND NOT EXISTS (SELECT 1 FROM request_people o
                         WHERE o.request_id = rp.request_id AND o.person_id <> ?1
                           AND o.pseudonym IS NULL)";

fn count(conn: &Connection, sql: &str, person: &str) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row([person], |r| r.get(0))?;
    Ok(n as u64)
}

/// Counts what hangs on the person, for the confirmation and the report.
pub(crate) fn attached(conn: &Connection, person: &str) -> Result<Attached> {
    Ok(Attached {
        notes: count(
            conn,
            "SELECT count(*) FROM notes WHERE person_id = ?1",
            person,
        )?,
        consents: count(
            conn,
            "SELECT count(*) FROM consent_events WHERE person_id = ?1",
            person,
        )?,
        subscriptions: count(
            conn,
            "SELECT count(*) FROM person_subscriptions WHERE person_id = ?1",
            person,
        )?,
        tags: count(
            conn,
            "SELECT count(*) FROM person_tags WHERE person_id = ?1",
            person,
        )?,
        processing_records: count(
            conn,
            "SELECT count(*) FROM processing_records WHERE person_id = ?1",
            person,
        )?,
        deals: count(
            conn,
            "SELECT count(*) FROM deals WHERE person_id = ?1",
            person,
        )?,
        deal_notes: count(conn, &format!("SELECT count(*) {DEAL_NOTES}"), person)?,
        requests: count(
            conn,
            "SELECT count(*) FROM request_people WHERE person_id = ?1",
            person,
        )?,
        request_texts: count(
            conn,
            &format!("SELECT count(*) FROM ({REQUESTS_LEFT_WITH_TEXT})"),
            person,
        )?,
    })
}

fn ids(conn: &Connection, sql: &str, person: &str) -> Result<Vec<String>> {
    let rows = conn
        .prepare_cached(sql)?
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Visits the person's entries in every import's change log: the person, their tag links
/// ("person id/tag id"), and the notes and processing records an import added to them.
/// With `delete` they are removed, else counted. The log has no index by person (a
/// million-row import would pay for it on every row), so each batch is visited by its
/// primary key's prefix: a few lookups per import ever made. Returns how many entries.
pub(crate) fn import_log_entries(conn: &Connection, person: &str, delete: bool) -> Result<u64> {
    let notes = ids(conn, "SELECT id FROM notes WHERE person_id = ?1", person)?;
    let processing = ids(
        conn,
        "SELECT id FROM processing_records WHERE person_id = ?1",
        person,
    )?;
    let batches: Vec<String> = conn
        .prepare_cached("SELECT id FROM import_batches")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // '/' sorts just before '0', so [id + "/", id + "0") is every "id/…" key.
    let tag_from = format!("{person}/");
    let tag_to = format!("{person}0");
    let verb = if delete { "DELETE" } else { "SELECT count(*)" };
    let run = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<u64> {
        let sql = format!("{verb} FROM import_changes WHERE {sql}");
        let mut stmt = conn.prepare_cached(&sql)?;
        Ok(if delete {
            stmt.execute(p)? as u64
        } else {
            stmt.query_row(p, |r| r.get::<_, i64>(0))? as u64
        })
    };
    let mut found = 0u64;
    for batch in &batches {
        found += run(
            "batch_id = ?1 AND entity = 'person' AND entity_id = ?2",
            &[batch, &person],
        )?;
        found += run(
            "batch_id = ?1 AND entity = 'person_tag' AND entity_id >= ?2 AND entity_id < ?3",
            &[batch, &tag_from, &tag_to],
        )?;
        for (entity, list) in [("note", &notes), ("processing", &processing)] {
            for id in list {
                found += run(
                    "batch_id = ?1 AND entity = ?2 AND entity_id = ?3",
                    &[batch, &entity, id],
                )?;
            }
        }
    }
    Ok(found)
}

/// Deletes what belongs to the person alone and detaches what belongs to the business
/// (deals, whose notes go: they are about dealings with the person). Requests about them
/// keep the pseudonym instead, and lose their free text once nobody they are about is left.
pub(crate) fn remove_attached(conn: &Connection, person: &str, pseudonym: &str) -> Result<()> {
    // The deal notes are found through the deals' link to the person, so they go first.
    conn.prepare_cached(&format!("DELETE {DEAL_NOTES}"))?
        .execute([person])?;
    for sql in [
        "DELETE FROM notes WHERE person_id = ?1",
        "DELETE FROM consent_events WHERE person_id = ?1",
        "DELETE FROM person_subscriptions WHERE person_id = ?1",
        "DELETE FROM person_tags WHERE person_id = ?1",
        "DELETE FROM processing_records WHERE person_id = ?1",
        "UPDATE deals SET person_id = NULL WHERE person_id = ?1",
    ] {
        conn.prepare_cached(sql)?.execute([person])?;
    }
    // Before the pseudonym is set, so the person still counts as not erased in the check
    // that every *other* person is.
    conn.prepare_cached(&format!(
        "UPDATE requests
            SET description = '', outcome = '',
                extension_reason = CASE WHEN extension_reason IS NULL THEN NULL ELSE '' END
          WHERE id IN ({REQUESTS_LEFT_WITH_TEXT})"
    ))?
    .execute([person])?;
    conn.prepare_cached("UPDATE request_people SET pseudonym = ?2 WHERE person_id = ?1")?
        .execute(params![person, pseudonym])?;
    Ok(())
}

/// Records the erasure and leaves a tombstone (entity and id, nothing else).
pub(crate) fn record_erasure(
    conn: &Connection,
    person: &str,
    pseudonym: &str,
    at: &str,
    request: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO erasures (person_id, pseudonym, erased_at, request_id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![person, pseudonym, at, request])?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO tombstones (entity, id, deleted_at) VALUES ('person', ?1, ?2)",
    )?
    .execute(params![person, at])?;
    Ok(())
}

/// An erasure as recorded: the person's id, the pseudonym, when.
pub(crate) type ErasureRow = (String, String, String);

/// Every recorded erasure.
pub(crate) fn erasures(conn: &Connection) -> Result<Vec<ErasureRow>> {
    let rows = conn
        .prepare("SELECT person_id, pseudonym, erased_at FROM erasures ORDER BY erased_at")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Whether the person's erasure is recorded.
pub(crate) fn is_erased(conn: &Connection, person: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM erasures WHERE person_id = ?1")?
        .query_row([person], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether a pseudonym is taken already. Every pseudonym ever given is in `erasures`
/// (unique there), invoices' included, so that one index answers.
pub(crate) fn pseudonym_taken(conn: &Connection, pseudonym: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM erasures WHERE pseudonym = ?1")?
        .query_row([pseudonym], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Notes on the request that the person was erased (the request is about them, so it
/// already holds them under the pseudonym).
pub(crate) fn note_request_action(
    conn: &Connection,
    request: &str,
    (id, at, actor): (&str, &str, &str),
    detail: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO request_actions (id, request_id, at, actor_id, action, detail)
         VALUES (?1, ?2, ?3, ?4, 'erased', ?5)",
    )?
    .execute(params![id, request, at, actor, detail])?;
    Ok(())
}

/// Moves every page from the write-ahead log into the database and empties the log, so no
/// earlier version of a page lingers there.
pub(crate) fn truncate_wal(conn: &Connection) -> Result<()> {
    // The result row says whether the checkpoint was complete; a busy reader elsewhere only
    // delays it, and the next checkpoint finishes the job.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Settings whose key starts with `prefix`, as (the rest of the key, value).
pub(crate) fn settings_under(conn: &Connection, prefix: &str) -> Result<Vec<(String, String)>> {
    let rows = conn
        .prepare_cached(
            "SELECT substr(key, length(?1) + 1), value FROM settings
             WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key",
        )?
        .query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
