//! The audit trail's head as the unlocked vault keeps it: checked at unlock against the
//! database and against `audit.head` beside it, written to `audit.head` after every commit,
//! and resealed only by the owner, on purpose, once they have seen the damage.

use std::io::Read;

use super::{Credentials, Ctx, Vault};
use crate::audit::sql::{self as audit_sql, Appender};
use crate::audit::witness::Witness;
use crate::audit::{AuditKind, ChainProblem, ResealReport, VerifyReport, check_witness};
use crate::clock::stamp;
use crate::{Error, Result};

/// `audit.head` is 96 bytes; anything much longer is not one, and is not read whole.
const WITNESS_READ_LIMIT: u64 = 4096;

impl Vault {
    /// Writes `audit.head` for a head just committed. A failure is not reported: the commit
    /// stands, and a file one commit behind the database is still a valid witness (see
    /// [`crate::audit::witness`]); only the rollback check loses that commit.
    pub(crate) fn write_witness(&self, head: Option<Witness>) {
        if let Some(head) = head {
            let bytes = head.encode(&self.audit_key, self.vault_id.as_bytes());
            let _ = super::write_atomically(&self.paths.audit_head(), &bytes);
        }
    }

    /// The head as it stands now, for a copy of the database taken before anything else is
    /// written (a backup's own `audit.head`).
    pub(crate) fn audit_head_now(&self) -> Result<Option<Witness>> {
        Ok(
            audit_sql::last_event(&self.store.conn)?.map(|(seq, hash)| Witness {
                seq,
                hash: crate::audit::to32(&hash),
            }),
        )
    }

    /// The bytes of `audit.head`, if it exists; only a regular file is read.
    fn read_witness(&self) -> Result<Option<Vec<u8>>> {
        let path = self.paths.audit_head();
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io("reading", &path)(e)),
        };
        let meta = file.metadata().map_err(Error::io("reading", &path))?;
        if !meta.is_file() {
            // Something else in its place is as good as an edited file.
            return Ok(Some(Vec::new()));
        }
        let mut bytes = Vec::new();
        file.take(WITNESS_READ_LIMIT)
            .read_to_end(&mut bytes)
            .map_err(Error::io("reading", &path))?;
        Ok(Some(bytes))
    }

    /// What is wrong with the trail's head, if anything: the head row against the newest
    /// event, then `audit.head` against the database. Cheap: no walk of the whole chain.
    pub(crate) fn check_trail_head(&self) -> Result<Option<ChainProblem>> {
        let conn = &self.store.conn;
        let (witnessed, last) = match audit_sql::head_state(conn, &self.audit_key)? {
            Ok(state) => state,
            Err(problem) => return Ok(Some(problem)),
        };
        let Some((last_seq, _)) = last else {
            // A vault holds at least the event of its creation.
            return Ok(Some(ChainProblem::BeginningRemoved));
        };
        let file = self.read_witness()?;
        check_witness(
            &self.audit_key,
            self.vault_id.as_bytes(),
            witnessed,
            file.as_deref(),
            last_seq,
            |seq| audit_sql::hash_at(conn, seq),
        )
    }

    /// What was found wrong with the audit trail's head at unlock, while nothing may be
    /// written; `None` when the trail can be appended to.
    pub fn audit_damage(&self) -> Option<&ChainProblem> {
        self.audit_damage.as_ref()
    }

    /// Checks the whole audit chain: every event, the head row, and `audit.head`. Never
    /// writes, so it reports also on a trail too damaged to append to.
    pub fn verify_audit(&self) -> Result<VerifyReport> {
        let file = self.read_witness()?;
        let conn = &self.store.conn;
        audit_sql::verify(conn, &self.audit_key, |witnessed, last_seq| {
            check_witness(
                &self.audit_key,
                self.vault_id.as_bytes(),
                witnessed,
                file.as_deref(),
                last_seq,
                |seq| audit_sql::hash_at(conn, seq),
            )
        })
    }

    /// Accepts a damaged audit trail as it is, so that work can go on: an `audit.resealed`
    /// event listing every problem `verify` finds is appended after the newest event in the
    /// database, and the head and `audit.head` are sealed over it. The owner's password is
    /// asked again, since this is the one write that carries on past damage. The damage
    /// stays visible: the events lost are still missing, and the event says what was found.
    /// Refused when there is nothing to reseal.
    pub fn reseal_audit(&mut self, credentials: &Credentials) -> Result<ResealReport> {
        self.reauthenticate(credentials)?;
        let mut problems = self.verify_audit()?.problems;
        if let Some(found) = &self.audit_damage
            && !problems.contains(found)
        {
            problems.insert(0, found.clone());
        }
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        if problems.is_empty() {
            return Err(Error::Conflict(
                "the audit trail is intact; there is nothing to reseal".into(),
            ));
        }
        let ctx = Ctx {
            actor: self.user_id,
            now: stamp(self.clock.now()),
        };
        let tx = self.store.conn.transaction()?;
        let mut audit = Appender::after_last_event(&tx, &self.audit_key)?;
        audit.append(
            &tx,
            ctx.event(
                AuditKind::AuditResealed,
                None,
                serde_json::json!({ "problems": problems, "messages": messages }),
            ),
        )?;
        let seq = audit.last_seq();
        let head = audit.finish(&tx)?;
        tx.commit()?;
        self.write_witness(head);
        let was_damaged = self.audit_damage.take().is_some();
        if was_damaged {
            // What the damaged unlock left out.
            self.record_unlock()?;
            self.record_restores()?;
        }
        Ok(ResealReport {
            seq,
            problems,
            messages,
        })
    }
}
