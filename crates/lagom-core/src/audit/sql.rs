//! SQL for the audit trail and the audit key's wraps.

use lagom_crypto::{AuditKey, WrappedKey};
use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::audit::witness::Witness;
use crate::audit::{
    AuditEntry, AuditEvent, AuditName, ChainProblem, LastEvent, StoredHead, Verifier, VerifyReport,
    check_head, event_hash, head_mac,
};
use crate::words::BuiltIn;

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

/// The head row, if there is one.
pub(crate) fn stored_head(conn: &Connection) -> Result<Option<StoredHead>> {
    Ok(conn
        .query_row(
            "SELECT seq, hash, mac FROM audit_head WHERE one = 1",
            [],
            |r| {
                Ok(StoredHead {
                    seq: r.get(0)?,
                    hash: r.get(1)?,
                    mac: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// The newest event in the table, whatever the head says.
pub(crate) fn last_event(conn: &Connection) -> Result<Option<LastEvent>> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The stored hash of event `seq`.
pub(crate) fn hash_at(conn: &Connection, seq: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT hash FROM audit_events WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The head as it stands: checked against the newest event. Returns whether `audit.head`
/// must exist beside the database, or what is wrong.
pub(crate) fn head_state(
    conn: &Connection,
    key: &AuditKey,
) -> Result<std::result::Result<(bool, Option<LastEvent>), ChainProblem>> {
    let head = stored_head(conn)?;
    let last = last_event(conn)?;
    Ok(check_head(key, head.as_ref(), last.as_ref()).map(|witnessed| (witnessed, last)))
}

/// Appends events within one transaction, keeping the chain's head in memory and writing
/// it once at the end.
pub(crate) struct Appender<'k> {
    key: &'k AuditKey,
    seq: i64,
    hash: [u8; 32],
    dirty: bool,
    /// False for an appender that records nothing (see [`Appender::detached`]).
    records: bool,
}

impl<'k> Appender<'k> {
    /// Starts from the stored head, which must carry its seal and name the newest event:
    /// appending after a cut, edited or missing head would seal the damage in.
    pub(crate) fn load(conn: &Connection, key: &'k AuditKey) -> Result<Self> {
        let (seq, hash) = match head_state(conn, key)? {
            Ok((_, Some((seq, hash)))) => (seq, super::to32(&hash)),
            Ok((_, None)) => (0, [0; 32]),
            Err(problem) => return Err(crate::Error::AuditTrailDamaged(problem.to_string())),
        };
        Ok(Self::starting_at(key, seq, hash))
    }

    /// Starts after the event found last in the table, whatever the head says: only for
    /// the owner's explicit reseal of a damaged trail.
    pub(crate) fn after_last_event(conn: &Connection, key: &'k AuditKey) -> Result<Self> {
        let (seq, hash) = last_event(conn)?.map_or((0, [0; 32]), |(s, h)| (s, super::to32(&h)));
        Ok(Self::starting_at(key, seq, hash))
    }

    /// Records nothing: for the one change that must be made while the trail is too damaged
    /// to append to (erasures re-applied at unlock), which the erasure ledger records instead.
    pub(crate) fn detached(key: &'k AuditKey) -> Self {
        Self {
            records: false,
            ..Self::starting_at(key, 0, [0; 32])
        }
    }

    fn starting_at(key: &'k AuditKey, seq: i64, hash: [u8; 32]) -> Self {
        Self {
            key,
            seq,
            hash,
            dirty: false,
            records: true,
        }
    }

    pub(crate) fn append(&mut self, conn: &Connection, mut e: AuditEvent) -> Result<()> {
        if !self.records {
            return Ok(());
        }
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

    /// Writes the new head, sealed as witnessed; returns it for `audit.head`, to be written
    /// once the transaction has committed. `None` when nothing was appended.
    pub(crate) fn finish(self, conn: &Connection) -> Result<Option<Witness>> {
        if !self.dirty {
            return Ok(None);
        }
        let mac = head_mac(self.key, self.seq, &self.hash, true);
        conn.prepare_cached(
            "INSERT INTO audit_head (one, seq, hash, mac) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac",
        )?
        .execute(params![self.seq, &self.hash[..], &mac[..]])?;
        Ok(Some(Witness {
            seq: self.seq,
            hash: self.hash,
        }))
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
                named: Vec::new(),
            })
        },
    )?;
    let mut entries: Vec<AuditEntry> = rows.collect::<rusqlite::Result<_>>()?;
    let lists = named_lists(conn)?;
    for entry in &mut entries {
        let mut ids = Vec::new();
        // A purpose, source or subscription type changed is the event's subject.
        ids.extend(entry.event.subject_id.as_deref());
        ids_in(&entry.event.detail, &mut ids);
        for id in ids {
            if let Some(found) = lists.get(id)
                && !entry.named.iter().any(|n| n.id == id)
            {
                entry.named.push(found.clone());
            }
        }
    }
    Ok(entries)
}

/// Every purpose, source and subscription type by id: few rows, read once per page.
fn named_lists(conn: &Connection) -> Result<std::collections::HashMap<String, AuditName>> {
    let mut out = std::collections::HashMap::new();
    for (table, list) in [
        ("purposes", BuiltIn::Purpose),
        ("sources", BuiltIn::Source),
        ("subscription_types", BuiltIn::Subscription),
    ] {
        let mut stmt = conn.prepare_cached(&format!("SELECT id, name, key FROM {table}"))?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditName {
                id: r.get(0)?,
                list,
                name: r.get(1)?,
                key: r.get(2)?,
            })
        })?;
        for row in rows {
            let row = row?;
            out.insert(row.id.clone(), row);
        }
    }
    Ok(out)
}

/// The strings of a detail that look like ids, wherever they are.
fn ids_in<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) if uuid::Uuid::parse_str(s).is_ok() => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|x| ids_in(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| ids_in(x, out)),
        _ => {}
    }
}

/// Walks the whole chain. `witness` checks `audit.head` against the database, given
/// whether the head promises it and the last event walked.
pub(crate) fn verify(
    conn: &Connection,
    key: &AuditKey,
    witness: impl FnOnce(bool, i64) -> Result<Option<ChainProblem>>,
) -> Result<VerifyReport> {
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
    let head = stored_head(conn)?;
    let last = verifier.last();
    let last_seq = last.as_ref().map_or(0, |(seq, _)| *seq);
    // Whether the head promises audit.head. A damaged head is reported by itself; the
    // file, if present, is still checked.
    let witnessed = matches!(check_head(key, head.as_ref(), last.as_ref()), Ok(true));
    let extra = witness(witnessed, last_seq)?;
    Ok(verifier.finish(head.as_ref(), extra))
}

pub(crate) fn has_event(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM audit_events WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}
