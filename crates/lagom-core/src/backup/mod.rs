//! Backups: a directory holding a consistent copy of `vault.db` (still encrypted under the
//! same key) and of `vault.header`, so that the backup opens with the credentials that
//! opened the vault the day it was made.
//!
//! Restoring replaces the vault's database and header with the backup's while the vault is
//! locked, and leaves the erasure ledger (`erasures.log`) alone: at the next unlock every
//! erasure made since the backup is applied again (see [`crate::erasure`]), so restoring
//! an old copy never brings an erased person back. The restore itself is noted in a small
//! file and becomes a `backup.restored` audit event at that unlock, since a locked vault
//! has no key to write its audit trail with.
//!
//! A crash during a restore leaves either the old vault or the restored database; run the
//! restore again in the second case (the header is written last, and the backup's header
//! opens its database).

use std::fs;
use std::path::{Path, PathBuf};

use lagom_crypto::Header;
use serde::Serialize;
use uuid::Uuid;

mod sql;

use crate::audit::AuditKind;
use crate::clock::{Clock, stamp};
use crate::vault::{DirLock, append_line, create_private_dir, write_atomically};
use crate::vault::{Vault, VaultPaths, read_header};
use crate::{Error, Result};
use sql::copy_database;

/// Restores not yet in the audit trail: a time and an id per line, nothing else.
const RESTORES_FILE: &str = "backup-restored.log";

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct BackupReport {
    /// The backup directory.
    pub dir: PathBuf,
    /// The size of the database copy, in bytes.
    pub bytes: u64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RestoreReport {
    /// The vault restored.
    pub vault_id: Uuid,
}

fn backup_header(dir: &Path) -> Result<Header> {
    read_header(&VaultPaths::new(dir))
}

impl Vault {
    /// Writes a backup into `dest` (made if missing; refused if it already holds one). The
    /// copy is consistent, encrypted under the vault's key, and recorded as `backup.created`.
    pub fn backup(&mut self, dest: &Path) -> Result<BackupReport> {
        // Never inside the vault's own folder, and only where this session may write.
        self.path_rules(false).check_new_folder(dest)?;
        let target = VaultPaths::new(dest);
        if target.database().exists() || target.header().exists() {
            return Err(Error::Conflict(format!(
                "{} already holds a backup or a vault; choose an empty directory",
                dest.display()
            )));
        }
        create_private_dir(dest)?;
        // The copy's own audit.head, so that the restored vault's rollback check starts from
        // the copy, not from the vault it replaces. Nothing writes between here and the copy.
        let head = self.audit_head_now()?;
        let partial = dest.join("vault.db.partial");
        let _ = fs::remove_file(&partial);
        copy_database(
            &self.store,
            &partial,
            &self.vault_key.derive_sqlcipher_key(),
        )?;
        let db = target.database();
        fs::rename(&partial, &db).map_err(Error::io("replacing", &db))?;
        let header =
            fs::read(self.paths.header()).map_err(Error::io("reading", &self.paths.header()))?;
        write_atomically(&target.header(), &header)?;
        if let Some(head) = head {
            write_atomically(
                &target.audit_head(),
                &head.encode(&self.audit_key, self.vault_id.as_bytes()),
            )?;
        }
        let bytes = fs::metadata(&db).map_err(Error::io("reading", &db))?.len();
        let schema = self.schema_version()?;
        let vault_id = self.vault_id.to_string();
        // A damaged trail refuses every other change; a backup is how the owner keeps what
        // there is, so it is made all the same, unrecorded.
        self.write_even_if_damaged(|tx, audit, ctx| {
            audit.append(
                tx,
                ctx.event(
                    AuditKind::BackupCreated,
                    Some(("vault", vault_id)),
                    serde_json::json!({ "bytes": bytes, "schema": schema }),
                ),
            )
        })?;
        Ok(BackupReport {
            dir: dest.to_owned(),
            bytes,
        })
    }

    /// Replaces the (locked) vault in `dir` with the backup in `backup`. Refused when the
    /// backup belongs to another vault, or when the vault's write-ahead log is not empty
    /// (the vault is open, or was not closed cleanly: unlock and lock it first, so nothing
    /// written since is silently dropped).
    pub fn restore(dir: &Path, backup: &Path, clock: &dyn Clock) -> Result<RestoreReport> {
        let from = VaultPaths::new(backup);
        let header = backup_header(backup)?;
        if !from.database().is_file() {
            return Err(Error::NotFound {
                kind: "backup database",
                id: format!("in {}", backup.display()),
            });
        }
        let paths = VaultPaths::new(dir);
        if paths.header().exists() {
            let current = read_header(&paths)?;
            if current.vault_id != header.vault_id {
                return Err(Error::Conflict(format!(
                    "the backup in {} belongs to another vault",
                    backup.display()
                )));
            }
        }
        create_private_dir(dir)?;
        let _lock = DirLock::acquire(&paths)?;
        let wal = wal_path(&paths.database());
        if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(Error::Conflict(
                "the vault is open, or was not closed cleanly; unlock and lock it, then restore"
                    .into(),
            ));
        }
        let staged = dir.join("vault.db.restoring");
        fs::copy(from.database(), &staged).map_err(Error::io("copying", &staged))?;
        fs::File::open(&staged)
            .and_then(|f| f.sync_all())
            .map_err(Error::io("flushing", &staged))?;
        let _ = fs::remove_file(&wal);
        let _ = fs::remove_file(shm_path(&paths.database()));
        fs::rename(&staged, paths.database()).map_err(Error::io("replacing", &paths.database()))?;
        // The vault's audit.head vouches for the database just replaced; the backup's for
        // its own. A backup from before audit.head existed has none, and its database's
        // head does not ask for one.
        match fs::read(from.audit_head()) {
            Ok(bytes) => write_atomically(&paths.audit_head(), &bytes)?,
            Err(_) => match fs::remove_file(paths.audit_head()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("removing", &paths.audit_head())(e)),
            },
        }
        write_atomically(&paths.header(), &header.encode())?;
        append_line(
            &dir.join(RESTORES_FILE),
            &format!("{}\t{}", stamp(clock.now()), Uuid::now_v7()),
        )?;
        Ok(RestoreReport {
            vault_id: Uuid::from_bytes(header.vault_id),
        })
    }

    /// Moves restores noted while the vault was locked into the audit trail.
    pub(crate) fn record_restores(&mut self) -> Result<()> {
        let path = self.dir().join(RESTORES_FILE);
        let Ok(text) = fs::read_to_string(&path) else {
            return Ok(());
        };
        self.write(|tx, audit, ctx| {
            for line in text.lines() {
                let Some((at, id)) = line.split_once('\t') else {
                    continue;
                };
                // The file is not authenticated: only well-formed lines become events.
                if chrono::DateTime::parse_from_rfc3339(at).is_err() || Uuid::parse_str(id).is_err()
                {
                    continue;
                }
                if crate::audit::sql::has_event(tx, id)? {
                    continue;
                }
                let mut event = ctx.event(AuditKind::BackupRestored, None, serde_json::json!({}));
                event.id = id.to_owned();
                event.at = at.to_owned();
                event.actor_id = None;
                audit.append(tx, event)?;
            }
            Ok(())
        })?;
        let _ = fs::remove_file(&path);
        Ok(())
    }
}

fn wal_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push("-wal");
    PathBuf::from(s)
}

fn shm_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push("-shm");
    PathBuf::from(s)
}
