//! SQL for the privacy notice: what a person's processing records say (purposes, legal
//! bases, retention, sources), their language, and which kinds of data the vault holds on
//! them.

use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::Result;

/// A purpose a person's data is processed for, with the basis its newest record gives.
pub(crate) struct PurposeFact {
    pub id: String,
    pub name: String,
    /// The key of a built-in purpose (see `words`), none for the owner's own or a renamed one.
    pub key: Option<String>,
    pub description: String,
    pub legal_basis: String,
    pub retention_months: Option<i64>,
}

/// A source a person's data came from, and when it was first recorded from it.
pub(crate) struct SourceFact {
    pub id: String,
    pub name: String,
    pub first_recorded: String,
}

/// Everything the notice says about one person besides their card.
pub(crate) struct NoticeFacts {
    pub purposes: Vec<PurposeFact>,
    pub sources: Vec<SourceFact>,
    pub has_notes: bool,
    pub has_deals: bool,
    pub has_invoices: bool,
    pub has_consents: bool,
}

fn exists(conn: &Connection, table: &str, person: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM {table} WHERE person_id = ?1)"
        ))?
        .query_row([person], |r| r.get(0))?)
}

pub(crate) fn notice_facts(conn: &Connection, person: Uuid) -> Result<NoticeFacts> {
    let id = person.to_string();
    // A purpose's newest record holds its basis now (a mass edit adds a record rather than
    // changing one); a basis no longer in force must not be told as if it were.
    let purposes = conn
        .prepare_cached(
            "WITH ranked AS (
                 SELECT purpose_id, legal_basis,
                        row_number() OVER (PARTITION BY purpose_id
                                           ORDER BY recorded_at DESC, id DESC) AS newest,
                        min(recorded_at) OVER (PARTITION BY purpose_id) AS first
                   FROM processing_records WHERE person_id = ?1
             )
             SELECT p.id, p.name, p.description, r.legal_basis, p.retention_months, p.key
               FROM ranked r JOIN purposes p ON p.id = r.purpose_id
              WHERE r.newest = 1
              ORDER BY r.first, p.name",
        )?
        .query_map(params![id], |r| {
            Ok(PurposeFact {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                legal_basis: r.get(3)?,
                retention_months: r.get(4)?,
                key: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let sources = conn
        .prepare_cached(
            "SELECT s.id, s.name, MIN(r.recorded_at)
               FROM processing_records r JOIN sources s ON s.id = r.source_id
              WHERE r.person_id = ?1
              GROUP BY s.id
              ORDER BY MIN(r.recorded_at), s.name",
        )?
        .query_map(params![id], |r| {
            Ok(SourceFact {
                id: r.get(0)?,
                name: r.get(1)?,
                first_recorded: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(NoticeFacts {
        purposes,
        sources,
        has_notes: exists(conn, "notes", &id)?,
        has_deals: exists(conn, "deals", &id)?,
        has_invoices: exists(conn, "invoices", &id)?,
        has_consents: exists(conn, "consent_events", &id)?,
    })
}
