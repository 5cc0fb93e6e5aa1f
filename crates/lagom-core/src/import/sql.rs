//! SQL for import batches: the people a duplicate check starts from, the batch and its
//! change log, and what undoing a batch needs.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::people::PersonFields;
use crate::people::contacts::{self, Channel, ContactKind, SavedContact};
use crate::{Error, Result};

/// What the duplicate check needs of a person in the vault.
pub(crate) struct ExistingPerson {
    pub pk: i64,
    pub first_name: String,
    pub last_name: String,
    /// Every e-mail address, the primary first.
    pub emails: Vec<String>,
    /// Every phone number, the primary first.
    pub phones: Vec<String>,
    pub organisation: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub customer_number: Option<String>,
}

/// A primary value and the others joined with U+001F (as the queries here read them).
fn all_values(primary: Option<String>, more: Option<String>) -> Vec<String> {
    let mut values: Vec<String> = primary.into_iter().collect();
    values.extend(crate::text::joined_values(more.as_deref()).map(str::to_owned));
    values
}

/// Streams every person outside the recycle bin into `each`, for the duplicate search.
pub(crate) fn for_each_person(
    conn: &Connection,
    mut each: impl FnMut(ExistingPerson),
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT p.pk, p.first_name, p.last_name, p.email, p.phone, o.name,
                p.address, p.postcode, p.city, p.customer_number,
                (SELECT group_concat(c.value, char(31)) FROM contact_points c
                  WHERE c.person_id = p.id AND c.channel = 'email' AND c.is_primary = 0),
                (SELECT group_concat(c.value, char(31)) FROM contact_points c
                  WHERE c.person_id = p.id AND c.channel = 'phone' AND c.is_primary = 0)
         FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
         -- People in the recycle bin are deleted as far as the owner can see: a row of
         -- theirs is someone new, never an update to a record nobody can see.
         WHERE p.binned_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(ExistingPerson {
            pk: r.get(0)?,
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            emails: all_values(r.get(3)?, r.get(10)?),
            phones: all_values(r.get(4)?, r.get(11)?),
            organisation: r.get(5)?,
            address: r.get(6)?,
            postcode: r.get(7)?,
            city: r.get(8)?,
            customer_number: r.get(9)?,
        });
    }
    Ok(())
}

/// A source by name, created when missing. Returns its id and whether it was created.
pub(crate) fn source_id_or_create(
    conn: &Connection,
    name: &str,
    now: &str,
) -> Result<(String, bool)> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM sources WHERE name = ?1")?
        .query_row([name], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok((id, false));
    }
    let id = Uuid::now_v7().to_string();
    conn.prepare_cached("INSERT INTO sources (id, name, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![id, name, now])?;
    Ok((id, true))
}

/// Records a change; returns false when the batch already recorded this row (its first
/// previous values are the ones to restore).
pub(crate) fn record_change(
    conn: &Connection,
    batch: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    previous: Option<&str>,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO import_changes (batch_id, entity, entity_id, action, previous)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![batch, entity, entity_id, action, previous])?;
    Ok(n > 0)
}

/// A batch as stored.
pub(crate) struct BatchRow {
    pub id: String,
    pub files: String,
    pub purpose: String,
    pub legal_basis: String,
    pub sensitive_basis: Option<String>,
    pub counts: String,
    pub audit_seq: i64,
    pub committed_at: String,
    pub committed_by: String,
    pub undone_at: Option<String>,
}

/// The batch's row, written before its changes so that they can refer to it.
pub(crate) struct NewBatch<'a> {
    pub id: &'a str,
    pub files: &'a str,
    pub purpose_id: &'a str,
    pub legal_basis: &'a str,
    pub sensitive_basis: Option<&'a str>,
    pub now: &'a str,
    pub by: Uuid,
}

/// The key the next person written will get: everything from it on is this import's.
pub(crate) fn next_person_pk(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(pk), 0) + 1 FROM people", [], |r| {
            r.get(0)
        })?,
    )
}

pub(crate) fn insert_batch(conn: &Connection, b: &NewBatch<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO import_batches (id, files, purpose_id, legal_basis, sensitive_basis, counts,
                                     audit_seq, committed_at, committed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, '{}', 0, ?6, ?7)",
        params![
            b.id,
            b.files,
            b.purpose_id,
            b.legal_basis,
            b.sensitive_basis,
            b.now,
            b.by.to_string()
        ],
    )?;
    Ok(())
}

pub(crate) fn finish_batch(
    conn: &Connection,
    id: &str,
    counts: &str,
    audit_seq: i64,
) -> Result<()> {
    conn.execute(
        "UPDATE import_batches SET counts = ?2, audit_seq = ?3 WHERE id = ?1",
        params![id, counts, audit_seq],
    )?;
    Ok(())
}

const BATCH_COLUMNS: &str = "b.id, b.files, p.name, b.legal_basis, b.sensitive_basis, b.counts,
     b.audit_seq, b.committed_at, u.display_name, b.undone_at";

fn batch_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BatchRow> {
    Ok(BatchRow {
        id: r.get(0)?,
        files: r.get(1)?,
        purpose: r.get(2)?,
        legal_basis: r.get(3)?,
        sensitive_basis: r.get(4)?,
        counts: r.get(5)?,
        audit_seq: r.get(6)?,
        committed_at: r.get(7)?,
        committed_by: r.get(8)?,
        undone_at: r.get(9)?,
    })
}

/// Every batch, newest first.
pub(crate) fn batches(conn: &Connection) -> Result<Vec<BatchRow>> {
    let sql = format!(
        "SELECT {BATCH_COLUMNS} FROM import_batches b
         JOIN purposes p ON p.id = b.purpose_id JOIN users u ON u.id = b.committed_by
         ORDER BY b.committed_at DESC, b.id DESC"
    );
    let rows = conn
        .prepare(&sql)?
        .query_map([], batch_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One batch by its id, or by a unique prefix of it (as people copy ids from a list).
pub(crate) fn batch(conn: &Connection, id: &str) -> Result<BatchRow> {
    let sql = format!(
        "SELECT {BATCH_COLUMNS} FROM import_batches b
         JOIN purposes p ON p.id = b.purpose_id JOIN users u ON u.id = b.committed_by
         WHERE b.id = ?1 OR (length(?1) >= 8 AND substr(b.id, 1, length(?1)) = ?1) LIMIT 2"
    );
    let mut rows: Vec<BatchRow> = conn
        .prepare(&sql)?
        .query_map([id.to_lowercase()], batch_row)?
        .collect::<rusqlite::Result<_>>()?;
    if rows.len() > 1 {
        return Err(Error::Conflict(format!(
            "more than one import starts with {id}; give more of its id"
        )));
    }
    rows.pop().ok_or_else(|| Error::NotFound {
        kind: "import",
        id: format!("with id {id}"),
    })
}

/// A change as recorded.
pub(crate) struct ChangeRow {
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub previous: Option<String>,
}

pub(crate) fn changes(conn: &Connection, batch: &str) -> Result<Vec<ChangeRow>> {
    let rows = conn
        .prepare(
            "SELECT entity, entity_id, action, previous FROM import_changes WHERE batch_id = ?1",
        )?
        .query_map([batch], |r| {
            Ok(ChangeRow {
                entity: r.get(0)?,
                entity_id: r.get(1)?,
                action: r.get(2)?,
                previous: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many people of the batch were changed or deleted after it, other than by later
/// imports (those are checked by [`later_batches_touching`]). A merge counts for both people
/// in it: the one kept now holds the other's rows, and the other is gone.
pub(crate) fn people_edited_since(conn: &Connection, batch: &str, seq: i64) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(DISTINCT c.entity_id) FROM audit_events e
         JOIN import_changes c
           ON c.batch_id = ?1 AND c.entity = 'person'
          AND c.entity_id IN (e.subject_id,
                              CASE WHEN e.kind = 'person.merged'
                                   THEN json_extract(e.detail, '$.merged') END)
         WHERE e.seq > ?2
           AND e.kind IN ('person.updated', 'person.deleted', 'note.added', 'note.deleted',
                          'person.merged', 'person.merge_undone')
           AND json_extract(e.detail, '$.import') IS NULL",
        params![batch, seq],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

/// Later batches, not undone, that changed people of this one.
pub(crate) fn later_batches_touching(
    conn: &Connection,
    batch: &str,
    seq: i64,
) -> Result<Vec<String>> {
    let rows = conn
        .prepare(
            "SELECT DISTINCT b.id FROM import_batches b
             JOIN import_changes later ON later.batch_id = b.id AND later.entity = 'person'
             JOIN import_changes c
               ON c.batch_id = ?1 AND c.entity = 'person' AND c.entity_id = later.entity_id
             WHERE b.id <> ?1 AND b.audit_seq > ?2 AND b.undone_at IS NULL
             ORDER BY b.id",
        )?
        .query_map(params![batch, seq], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn mark_undone(conn: &Connection, batch: &str, now: &str, by: Uuid) -> Result<()> {
    conn.execute(
        "UPDATE import_batches SET undone_at = ?2, undone_by = ?3 WHERE id = ?1",
        params![batch, now, by.to_string()],
    )?;
    Ok(())
}

/// A person's columns as they were, for putting back.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct PreviousPerson {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub title: Option<String>,
    pub organisation_id: Option<String>,
    pub status: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub updated_at: String,
    /// Absent in logs written before the activity clock existed.
    #[serde(default)]
    pub last_activity_at: Option<String>,
    /// Absent in logs written before customer numbers were kept.
    #[serde(default)]
    pub customer_number: Option<String>,
    /// Every address and number as it was; absent in logs written before a person had
    /// several.
    #[serde(default)]
    pub contacts: Option<Vec<SavedContact>>,
}

pub(crate) fn previous_person(conn: &Connection, pk: i64) -> Result<PreviousPerson> {
    let mut previous = conn.query_row(
        "SELECT first_name, last_name, email, phone, title, organisation_id, status, address,
                postcode, city, country, updated_at, last_activity_at, customer_number, id
           FROM people WHERE pk = ?1",
        [pk],
        |r| {
            Ok((
                PreviousPerson {
                    first_name: r.get(0)?,
                    last_name: r.get(1)?,
                    email: r.get(2)?,
                    phone: r.get(3)?,
                    title: r.get(4)?,
                    organisation_id: r.get(5)?,
                    status: r.get(6)?,
                    address: r.get(7)?,
                    postcode: r.get(8)?,
                    city: r.get(9)?,
                    country: r.get(10)?,
                    updated_at: r.get(11)?,
                    last_activity_at: r.get(12)?,
                    customer_number: r.get(13)?,
                    contacts: None,
                },
                r.get::<_, String>(14)?,
            ))
        },
    )?;
    previous.0.contacts = Some(contacts::snapshot(conn, &previous.1)?);
    Ok(previous.0)
}

/// Puts a person's columns back; returns the row's key (None when the person is gone). An
/// organisation deleted since is not brought back: the person is left without one.
pub(crate) fn restore_person(
    conn: &Connection,
    id: &str,
    p: &PreviousPerson,
) -> Result<Option<i64>> {
    let pk: Option<i64> = conn
        .query_row("SELECT pk FROM people WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    if let Some(pk) = pk {
        conn.execute(
            "UPDATE people SET first_name = ?2, last_name = ?3, email = ?4, phone = ?5,
                 title = ?6, organisation_id = (SELECT id FROM organisations WHERE id = ?7),
                 status = ?8, address = ?9, postcode = ?10,
                 city = ?11, country = ?12, updated_at = ?13, customer_number = ?14
             WHERE pk = ?1",
            params![
                pk,
                p.first_name,
                p.last_name,
                p.email,
                p.phone,
                p.title,
                p.organisation_id,
                p.status,
                p.address,
                p.postcode,
                p.city,
                p.country,
                p.updated_at,
                p.customer_number
            ],
        )?;
        match &p.contacts {
            Some(saved) => contacts::replace_all(conn, id, saved)?,
            // A log from before a person had several addresses: the row's primary ones
            // are put back, and what the import added goes.
            None => {
                contacts::replace_all(conn, id, &[])?;
                for (channel, value) in [(Channel::Email, &p.email), (Channel::Phone, &p.phone)] {
                    if let Some(v) = value {
                        contacts::add(
                            conn,
                            id,
                            channel,
                            v,
                            ContactKind::Other,
                            true,
                            &p.updated_at,
                        )?;
                    }
                }
            }
        }
        // The import's edits and notes moved the activity clock; the undo puts it back.
        if let Some(at) = &p.last_activity_at {
            conn.execute(
                "UPDATE people SET last_activity_at = ?2 WHERE pk = ?1",
                params![pk, at],
            )?;
        }
    }
    Ok(pk)
}

pub(crate) fn person_pk(conn: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT pk FROM people WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn insert_note(
    conn: &Connection,
    person: Uuid,
    body: &str,
    author: Uuid,
    now: &str,
) -> Result<String> {
    let id = Uuid::now_v7().to_string();
    conn.prepare_cached(
        "INSERT INTO notes (id, person_id, body, author_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![
        id,
        person.to_string(),
        body,
        author.to_string(),
        now
    ])?;
    Ok(id)
}

/// Deletes a row the batch created, by entity. Organisations, tags and sources are kept
/// while anything still refers to them (someone added by hand since), and organisations
/// also once someone has edited them (their work is not the import's to take back).
pub(crate) fn delete_created(conn: &Connection, entity: &str, id: &str) -> Result<()> {
    let sql = match entity {
        "note" => "DELETE FROM notes WHERE id = ?1",
        "processing" => "DELETE FROM processing_records WHERE id = ?1",
        "organisation" => {
            "DELETE FROM organisations WHERE id = ?1
               AND NOT EXISTS (SELECT 1 FROM people WHERE organisation_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM deals WHERE organisation_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM invoices WHERE organisation_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM notes WHERE organisation_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM audit_events WHERE subject_id = ?1
                                 AND kind = 'organisation.updated')"
        }
        "tag" => {
            "DELETE FROM tags WHERE id = ?1
               AND NOT EXISTS (SELECT 1 FROM person_tags WHERE tag_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM organisation_tags WHERE tag_id = ?1)"
        }
        "source" => {
            "DELETE FROM sources WHERE id = ?1
               AND NOT EXISTS (SELECT 1 FROM processing_records WHERE source_id = ?1)"
        }
        "person_tag" => {
            let Some((person, tag)) = id.split_once('/') else {
                return Ok(());
            };
            conn.execute(
                "DELETE FROM person_tags WHERE person_id = ?1 AND tag_id = ?2",
                params![person, tag],
            )?;
            return Ok(());
        }
        _ => return Ok(()),
    };
    conn.execute(sql, [id])?;
    Ok(())
}

/// A person as the merge sees them: their fields, their organisation by name, their tags.
pub(crate) fn person_fields(conn: &Connection, pk: i64) -> Result<(Uuid, PersonFields)> {
    let stored = crate::people::sql::find_person_by_pk(conn, pk)?;
    let tags = crate::people::sql::tags_of(conn, stored.id)?;
    let d = stored.details;
    Ok((
        stored.id,
        PersonFields {
            first_name: d.first_name,
            last_name: d.last_name,
            email: d.email,
            phone: d.phone,
            title: d.title,
            organisation: stored.organisation.map(|o| o.name),
            status: d.status,
            tags,
            address: d.address,
            postcode: d.postcode,
            city: d.city,
            country: d.country,
            customer_number: d.customer_number,
        },
    ))
}
