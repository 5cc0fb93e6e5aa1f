//! SQL for the subject-access bundle: one person's rows from every table. Every statement
//! starts from the person's id on an index (`notes_by_person`, `deals_by_person` and
//! `notes_by_deal`,
//! `invoices_by_person`, `consent_events_by_person`, `processing_records_by_person`,
//! `request_people_by_person`, `audit_events_by_subject`, the primary keys), so the cost
//! does not grow with the number of people in the vault. The import change log has no index
//! by person; it is reached batch by batch on its primary key instead.

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::rights::access::bundle::{
    ConsentEntry, DealEntry, EventEntry, ImportEntry, InvoiceEntry, NoteEntry, OrganisationRecord,
    PersonRecord, ProcessingEntry, SubscriptionEntry, TextVersion,
};
use crate::{Error, Result};

fn collect<T>(
    conn: &Connection,
    sql: &str,
    person: Uuid,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([person.to_string()], f)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The person's own row, with category, tags, owner and the organisation's id.
pub(crate) fn person(conn: &Connection, id: Uuid) -> Result<(PersonRecord, Option<String>)> {
    let found = conn
        .prepare_cached(
            "SELECT p.first_name, p.last_name, p.email, p.phone, p.title, p.status, p.address,
                    p.postcode, p.city, p.country, p.language, c.name, u.display_name,
                    p.created_at, p.updated_at, p.restricted_at, p.restriction_reason,
                    p.objected_at, p.objection_reason, p.organisation_id, p.customer_number
               FROM people p
               LEFT JOIN categories c ON c.id = p.category_id
               LEFT JOIN users u ON u.id = p.owner_id
              WHERE p.id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok((
                PersonRecord {
                    id,
                    first_name: r.get(0)?,
                    last_name: r.get(1)?,
                    email: r.get(2)?,
                    phone: r.get(3)?,
                    contacts: Vec::new(),
                    title: r.get(4)?,
                    status: r.get(5)?,
                    address: r.get(6)?,
                    postcode: r.get(7)?,
                    city: r.get(8)?,
                    country: r.get(9)?,
                    customer_number: r.get(20)?,
                    language: r.get(10)?,
                    category: r.get(11)?,
                    tags: Vec::new(),
                    owner: r.get(12)?,
                    created_at: r.get(13)?,
                    updated_at: r.get(14)?,
                    restricted_at: r.get(15)?,
                    restriction_reason: r.get(16)?,
                    objected_at: r.get(17)?,
                    objection_reason: r.get(18)?,
                },
                r.get::<_, Option<String>>(19)?,
            ))
        })
        .optional()?;
    let (mut record, organisation) = found.ok_or_else(|| Error::NotFound {
        kind: "person",
        id: id.to_string(),
    })?;
    record.tags = crate::people::sql::tags_of(conn, id)?;
    Ok((record, organisation))
}

/// An organisation's row.
pub(crate) fn organisation(conn: &Connection, id: &str) -> Result<Option<OrganisationRecord>> {
    let found = conn
        .prepare_cached(
            "SELECT id, name, org_number, email, phone, website, address, postcode, city, country
               FROM organisations WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                OrganisationRecord {
                    id: Uuid::nil(),
                    name: r.get(1)?,
                    org_number: r.get(2)?,
                    email: r.get(3)?,
                    phone: r.get(4)?,
                    website: r.get(5)?,
                    address: r.get(6)?,
                    postcode: r.get(7)?,
                    city: r.get(8)?,
                    country: r.get(9)?,
                },
            ))
        })
        .optional()?;
    found
        .map(|(id, mut o)| {
            o.id = crate::db::parse_id(&id)?;
            Ok(o)
        })
        .transpose()
}

/// Processing records, oldest first.
pub(crate) fn processing(conn: &Connection, person: Uuid) -> Result<Vec<ProcessingEntry>> {
    collect(
        conn,
        "SELECT pu.name, r.legal_basis, s.name, r.recorded_at, u.display_name
           FROM processing_records r
           JOIN purposes pu ON pu.id = r.purpose_id
           JOIN sources s ON s.id = r.source_id
           LEFT JOIN users u ON u.id = r.recorded_by
          WHERE r.person_id = ?1 ORDER BY r.recorded_at, r.id",
        person,
        |r| {
            Ok(ProcessingEntry {
                purpose: r.get(0)?,
                legal_basis: r.get(1)?,
                source: r.get(2)?,
                recorded_at: r.get(3)?,
                recorded_by: r.get(4)?,
            })
        },
    )
}

/// The keys of the built-in rows of a list, by stored name: `purposes`, `sources` or
/// `subscription_types` (a name is unique in its list, so it names one row).
pub(crate) fn built_in_keys(
    conn: &Connection,
    table: &'static str,
) -> Result<std::collections::HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT name, key FROM {table} WHERE key IS NOT NULL"
    ))?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every purpose's description and retention, by name.
pub(crate) fn purposes(conn: &Connection) -> Result<Vec<(String, String, Option<i64>)>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, description, retention_months FROM purposes")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn text_version(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<TextVersion>> {
    let id: Option<String> = r.get(at)?;
    id.map(|id| {
        Ok(TextVersion {
            id,
            language: r.get(at + 1)?,
            version: r.get(at + 2)?,
            body: r.get(at + 3)?,
            sha256: r.get(at + 4)?,
        })
    })
    .transpose()
}

/// The consent ledger, in the order it was written, with the texts agreed to.
pub(crate) fn consents(conn: &Connection, person: Uuid) -> Result<Vec<ConsentEntry>> {
    collect(
        conn,
        "SELECT c.id, pu.name, c.state, c.method, c.occurred_at, c.recorded_at, u.display_name,
                c.evidence,
                t.id, t.language, t.version, t.body, t.sha256,
                n.id, n.language, n.version, n.body, n.sha256,
                c.confirmation_sent, c.confirmed_at, c.confirmed_how
           FROM consent_events c
           JOIN purposes pu ON pu.id = c.purpose_id
           LEFT JOIN users u ON u.id = c.recorded_by
           LEFT JOIN consent_texts t ON t.id = c.consent_text_id
           LEFT JOIN privacy_notices n ON n.id = c.privacy_notice_id
          WHERE c.person_id = ?1 ORDER BY c.pk",
        person,
        |r| {
            Ok(ConsentEntry {
                id: r.get(0)?,
                purpose: r.get(1)?,
                state: r.get(2)?,
                method: r.get(3)?,
                occurred_at: r.get(4)?,
                recorded_at: r.get(5)?,
                recorded_by: r.get(6)?,
                evidence: r.get(7)?,
                consent_text: text_version(r, 8)?,
                privacy_notice: text_version(r, 13)?,
                confirmation_sent: r.get(18)?,
                confirmed_at: r.get(19)?,
                confirmed_how: r.get(20)?,
            })
        },
    )
}

/// The subscriptions the person is on.
pub(crate) fn subscriptions(conn: &Connection, person: Uuid) -> Result<Vec<SubscriptionEntry>> {
    collect(
        conn,
        "SELECT st.name, pu.name, ps.since
           FROM person_subscriptions ps
           JOIN subscription_types st ON st.id = ps.subscription_type_id
           JOIN purposes pu ON pu.id = st.purpose_id
          WHERE ps.person_id = ?1 ORDER BY st.name",
        person,
        |r| {
            Ok(SubscriptionEntry {
                name: r.get(0)?,
                purpose: r.get(1)?,
                since: r.get(2)?,
            })
        },
    )
}

/// Every note about the person, and every note on their deals that names no one else,
/// private ones too, oldest first. Erasure removes the same notes.
pub(crate) fn notes(conn: &Connection, person: Uuid) -> Result<Vec<NoteEntry>> {
    collect(
        conn,
        &format!(
            "SELECT n.id, n.body, n.private, u.display_name, n.created_at, n.updated_at, n.deal_id
               FROM (SELECT * FROM notes WHERE person_id = ?1
                     UNION ALL
                     SELECT * {}) n
               LEFT JOIN users u ON u.id = n.author_id
              ORDER BY n.created_at, n.id",
            crate::notes::sql::DEAL_NOTES
        ),
        person,
        |r| {
            Ok(NoteEntry {
                id: r.get(0)?,
                body: r.get(1)?,
                private: r.get(2)?,
                author: r.get(3)?,
                created_at: r.get(4)?,
                updated_at: r.get(5)?,
                deal: r.get(6)?,
            })
        },
    )
}

/// Deals with the person, oldest first.
pub(crate) fn deals(conn: &Connection, person: Uuid) -> Result<Vec<DealEntry>> {
    collect(
        conn,
        "SELECT d.id, d.title, d.stage, d.value_minor, d.currency, d.expected_close,
                u.display_name, d.created_at, d.updated_at
           FROM deals d LEFT JOIN users u ON u.id = d.owner_id
          WHERE d.person_id = ?1 ORDER BY d.created_at, d.id",
        person,
        |r| {
            Ok(DealEntry {
                id: r.get(0)?,
                title: r.get(1)?,
                stage: r.get(2)?,
                value_minor: r.get(3)?,
                currency: r.get(4)?,
                expected_close: r.get(5)?,
                owner: r.get(6)?,
                created_at: r.get(7)?,
                updated_at: r.get(8)?,
            })
        },
    )
}

/// Invoices to the person, oldest first.
pub(crate) fn invoices(conn: &Connection, person: Uuid) -> Result<Vec<InvoiceEntry>> {
    collect(
        conn,
        "SELECT id, number, issued_on, due_on, amount_minor, currency, status, created_at
           FROM invoices WHERE person_id = ?1 ORDER BY issued_on, number",
        person,
        |r| {
            Ok(InvoiceEntry {
                id: r.get(0)?,
                number: r.get(1)?,
                issued_on: r.get(2)?,
                due_on: r.get(3)?,
                amount_minor: r.get(4)?,
                currency: r.get(5)?,
                status: r.get(6)?,
                created_at: r.get(7)?,
            })
        },
    )
}

/// Imports that created or changed the person. `CROSS JOIN` keeps the batches as the outer
/// loop, so each is one seek on the change log's primary key (batch, entity, entity id).
pub(crate) fn imports(conn: &Connection, person: Uuid) -> Result<Vec<ImportEntry>> {
    let rows = collect(
        conn,
        "SELECT b.id, b.committed_at, b.files, c.action, pu.name, b.legal_basis, c.previous,
                b.undone_at
           FROM import_batches b
           CROSS JOIN import_changes c
                 ON c.batch_id = b.id AND c.entity = 'person' AND c.entity_id = ?1
           LEFT JOIN purposes pu ON pu.id = b.purpose_id
          ORDER BY b.committed_at, b.id",
        person,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        },
    )?;
    Ok(rows
        .into_iter()
        .map(
            |(batch, committed_at, files, action, purpose, legal_basis, previous, undone_at)| {
                ImportEntry {
                    batch,
                    committed_at,
                    files: serde_json::from_str(&files).unwrap_or_default(),
                    action,
                    purpose: purpose.unwrap_or_default(),
                    legal_basis,
                    previous: previous.and_then(|p| serde_json::from_str(&p).ok()),
                    undone_at,
                }
            },
        )
        .collect())
}

/// The audit trail's events about the person, oldest first: also those recorded under the id
/// of a record merged into theirs (and of records merged into that one), since that record
/// was the same person.
pub(crate) fn events(conn: &Connection, person: Uuid) -> Result<Vec<EventEntry>> {
    collect(
        conn,
        "WITH RECURSIVE ids(id) AS (
             SELECT ?1
             UNION
             SELECT m.merged_id FROM merges m JOIN ids ON m.kept_id = ids.id
              WHERE m.undone_at IS NULL
         )
         SELECT e.at, e.kind, u.display_name
           FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE e.subject_id IN (SELECT id FROM ids) ORDER BY e.seq",
        person,
        |r| {
            Ok(EventEntry {
                at: r.get(0)?,
                kind: r.get(1)?,
                actor: r.get(2)?,
            })
        },
    )
}
