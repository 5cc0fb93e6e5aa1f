//! SQL for the audit trail and the audit key's wraps.

use lagom_crypto::{AuditKey, WrappedKey};
use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::audit::{AuditEntry, AuditEvent, Verifier, VerifyReport, event_hash, head_mac};

pub(crate) fn insert_wrap(conn: &Connection, key_id: &[u8; 16], w: &WrappedKey) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO audit_key_wraps (vault_key_id, nonce, wrapped) VALUES (?1, ?2, ?3)",
        params![&key_id[..], &w.nonce[..], w.ciphertext],
    )?;
    Ok(())
}

pub(crate) fn wrap_for(conn: &Connection, key_id: &[u8; 16]) -> Result<Option<WrappedKey>> {
    let row: Option<(Vec<u8>, Vec<u8>)> = conn
        .query_row(
            "SELECT nonce, wrapped FROM audit_key_wraps WHERE vault_key_id = ?1",
            [&key_id[..]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(nonce, ciphertext)| {
        Some(WrappedKey {
            nonce: nonce.try_into().ok()?,
            ciphertext,
        })
    }))
}

pub(crate) fn delete_wraps_except(conn: &Connection, key_id: &[u8; 16]) -> Result<()> {
    conn.execute(
        "DELETE FROM audit_key_wraps WHERE vault_key_id <> ?1",
        [&key_id[..]],
    )?;
    Ok(())
}

/// Appends events within one transaction, keeping the chain's head in memory and writing
/// it once at the end.
pub(crate) struct Appender<'k> {
    key: &'k AuditKey,
    seq: i64,
    hash: [u8; 32],
    dirty: bool,
}

impl<'k> Appender<'k> {
    pub(crate) fn load(conn: &Connection, key: &'k AuditKey) -> Result<Self> {
        let last: Option<(i64, Vec<u8>)> = conn
            .query_row("SELECT seq, hash FROM audit_head WHERE one = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (seq, hash) = match last {
            Some((seq, hash)) => (seq, hash.try_into().unwrap_or([0; 32])),
            None => (0, [0; 32]),
        };
        Ok(Self {
            key,
            seq,
            hash,
            dirty: false,
        })
    }

    pub(crate) fn append(&mut self, conn: &Connection, mut e: AuditEvent) -> Result<()> {
        e.seq = self.seq.checked_add(1).ok_or(crate::Error::Inconsistent {
            path: std::path::PathBuf::from("vault.db"),
            reason: "the audit trail's sequence numbers are exhausted",
        })?;
        let detail = e.detail.to_string();
        let hash = event_hash(self.key, &self.hash, &e, &detail);
        conn.prepare_cached(
            "INSERT INTO audit_events (seq, id, at, actor_id, kind, subject_kind, subject_id,
                                       detail, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            e.seq,
            e.id,
            e.at,
            e.actor_id,
            e.kind,
            e.subject_kind,
            e.subject_id,
            detail,
            &self.hash[..],
            &hash[..]
        ])?;
        self.seq = e.seq;
        self.hash = hash;
        self.dirty = true;
        Ok(())
    }

    /// The sequence number of the last event appended (or loaded).
    pub(crate) fn last_seq(&self) -> i64 {
        self.seq
    }

    pub(crate) fn finish(self, conn: &Connection) -> Result<()> {
        if self.dirty {
            let mac = head_mac(self.key, self.seq, &self.hash);
            conn.prepare_cached(
                "INSERT INTO audit_head (one, seq, hash, mac) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac",
            )?
            .execute(params![self.seq, &self.hash[..], &mac[..]])?;
        }
        Ok(())
    }
}

fn event(r: &rusqlite::Row<'_>) -> rusqlite::Result<(AuditEvent, String)> {
    let detail: String = r.get(7)?;
    Ok((
        AuditEvent {
            seq: r.get(0)?,
            id: r.get(1)?,
            at: r.get(2)?,
            actor_id: r.get(3)?,
            kind: r.get(4)?,
            subject_kind: r.get(5)?,
            subject_id: r.get(6)?,
            detail: serde_json::from_str(&detail)
                .unwrap_or(serde_json::Value::String(detail.clone())),
        },
        detail,
    ))
}

const EVENT_COLUMNS: &str = "seq, id, at, actor_id, kind, subject_kind, subject_id, detail";

/// Filters for listing events.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this kind.
    pub kind: Option<String>,
    /// Only events about this subject id.
    pub subject_id: Option<String>,
    /// Only events at or after this time.
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only events before this time.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    /// Newest first, at most this many.
    pub limit: u32,
}

const FILTER: &str = "(?1 IS NULL OR e.kind = ?1) AND (?2 IS NULL OR e.subject_id = ?2)
    AND (?3 IS NULL OR e.at >= ?3) AND (?4 IS NULL OR e.at < ?4)
    AND (?5 IS NULL OR e.seq < ?5)";

pub(crate) fn list(conn: &Connection, f: &AuditFilter) -> Result<Vec<AuditEvent>> {
    let columns = EVENT_COLUMNS.replace(", ", ", e.");
    let sql = format!(
        "SELECT e.{columns} FROM audit_events e WHERE {FILTER} ORDER BY e.seq DESC LIMIT ?6"
    );
    let mut stmt = conn.prepare(&sql)?;
    let since = f.since.map(crate::clock::stamp);
    let until = f.until.map(crate::clock::stamp);
    let rows = stmt.query_map(
        params![f.kind, f.subject_id, since, until, None::<i64>, f.limit],
        event,
    )?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row?.0);
    }
    Ok(out)
}

/// Like [`list`], with the acting user's name and the name of the person or organisation
/// the event is about, while it is still in the vault; `before` starts the page after the
/// event with that sequence number (the last of the page before).
pub(crate) fn entries(
    conn: &Connection,
    f: &AuditFilter,
    before: Option<i64>,
) -> Result<Vec<AuditEntry>> {
    let columns = EVENT_COLUMNS.replace(", ", ", e.");
    let sql = format!(
        "SELECT e.{columns}, u.display_name,
                COALESCE(NULLIF(TRIM(p.first_name || ' ' || p.last_name), ''), p.email, o.name)
         FROM audit_events e
         LEFT JOIN users u ON u.id = e.actor_id
         LEFT JOIN people p ON e.subject_kind = 'person' AND p.id = e.subject_id
         LEFT JOIN organisations o ON e.subject_kind = 'organisation' AND o.id = e.subject_id
         WHERE {FILTER} ORDER BY e.seq DESC LIMIT ?6"
    );
    let mut stmt = conn.prepare(&sql)?;
    let since = f.since.map(crate::clock::stamp);
    let until = f.until.map(crate::clock::stamp);
    let rows = stmt.query_map(
        params![f.kind, f.subject_id, since, until, before, f.limit],
        |r| {
            Ok(AuditEntry {
                event: event(r)?.0,
                actor_name: r.get(8)?,
                subject_name: r.get(9)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn verify(conn: &Connection, key: &AuditKey) -> Result<VerifyReport> {
    let mut verifier = Verifier::new(key);
    let mut stmt = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS}, prev_hash, hash FROM audit_events ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (e, detail) = event(r)?;
        let prev: Vec<u8> = r.get(8)?;
        let hash: Vec<u8> = r.get(9)?;
        verifier.check(&e, &detail, &prev, &hash);
    }
    let head: Option<(i64, Vec<u8>, Vec<u8>)> = conn
        .query_row(
            "SELECT seq, hash, mac FROM audit_head WHERE one = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(verifier.finish(head))
}

pub(crate) fn has_event(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM audit_events WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}
