//! Backups: a directory holding a consistent copy of `vault.db` (still encrypted under the
//! same key) and of `vault.header`, so that the backup opens with the credentials that
//! opened the vault the day it was made; or the same files in one `.lagom-backup` file
//! ([`archive`]), which a browser can download and upload and a dialog can pick.
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

pub mod archive;
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
    /// The backup written: a folder, or a `.lagom-backup` file; none for a download.
    pub path: Option<PathBuf>,
    /// The size of the database copy, in bytes.
    pub bytes: u64,
    /// The name a single-file backup is offered under (`lagom-backup-<date>.lagom-backup`).
    pub file_name: String,
    /// The single-file backup, when no file was named: kept out of the answer's JSON; the
    /// command table turns it into a download.
    #[serde(skip)]
    #[ts(skip)]
    pub content: Option<Vec<u8>>,
    /// Set by the command table when `content` was kept as a download.
    pub download: Option<crate::output::Download>,
}

/// A folder inside the vault's own for a backup being packed or unpacked: the files in it
/// are as encrypted as the vault's, and it is removed when dropped.
#[derive(Debug)]
struct Staging(PathBuf);

impl Staging {
    fn new(vault_dir: &Path, kind: &str) -> Result<Self> {
        // A crash can leave one behind: one a day old is no longer in use.
        if let Ok(entries) = fs::read_dir(vault_dir) {
            for entry in entries.flatten() {
                let stale = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 24 * 60 * 60);
                if stale
                    && entry
                        .file_name()
                        .to_string_lossy()
                        .starts_with(STAGING_PREFIX)
                {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = vault_dir.join(format!(
            "{STAGING_PREFIX}{kind}-{}",
            Uuid::now_v7().simple()
        ));
        create_private_dir(&dir)?;
        Ok(Staging(dir))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const STAGING_PREFIX: &str = ".staging-";

/// A single-file backup's name: `lagom-backup-<date>.lagom-backup`.
fn file_name(today: chrono::NaiveDate) -> String {
    format!("lagom-backup-{today}.{}", archive::EXTENSION)
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
        let bytes = self.backup_into(dest)?;
        Ok(BackupReport {
            path: Some(dest.to_owned()),
            bytes,
            file_name: file_name(crate::clock::today(self.clock.as_ref())),
            content: None,
            download: None,
        })
    }

    /// Writes a single-file backup to `dest` (an existing file replaced only with
    /// `overwrite`), or without `dest` into the report's `content` for a download. The
    /// same copy as [`Vault::backup`]'s, recorded the same way.
    pub fn backup_file(&mut self, dest: Option<&Path>, overwrite: bool) -> Result<BackupReport> {
        let rules = self.path_rules(overwrite);
        let output = dest
            .map(|d| crate::output::Output::create(d, &rules))
            .transpose()?;
        let staging = Staging::new(self.dir(), "backup")?;
        let bytes = self.backup_into(&staging.0)?;
        let vault_id = self.vault_id;
        let (path, content) = match output {
            Some(out) => {
                let out = archive::pack(&staging.0, vault_id, out)?;
                (Some(out.finish()?), None)
            }
            None => {
                let memory = archive::pack(&staging.0, vault_id, std::io::Cursor::new(Vec::new()))?;
                (None, Some(memory.into_inner()))
            }
        };
        Ok(BackupReport {
            path,
            bytes,
            file_name: file_name(crate::clock::today(self.clock.as_ref())),
            content,
            download: None,
        })
    }

    /// Writes the backup's files into `dest`; answers the database copy's size.
    fn backup_into(&mut self, dest: &Path) -> Result<u64> {
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
        Ok(bytes)
    }

    /// Replaces the (locked) vault in `dir` with the backup in `backup`. Refused when the
    /// backup belongs to another vault, or when the vault's write-ahead log is not empty
    /// (the vault is open, or was not closed cleanly: unlock and lock it first, so nothing
    /// written since is silently dropped).
    pub fn restore(dir: &Path, backup: &Path, clock: &dyn Clock) -> Result<RestoreReport> {
        if backup.is_file() {
            let file = fs::File::open(backup).map_err(Error::io("opening", backup))?;
            let name = backup.display().to_string();
            return Vault::restore_file(dir, file, &name, clock);
        }
        Vault::restore_dir(dir, backup, &backup.display().to_string(), clock)
    }

    /// Replaces the (locked) vault in `dir` with the single-file backup `file` (named `what`
    /// in errors: its path, or an upload's name): [`Vault::unpack_backup`], then
    /// [`UnpackedBackup::restore`].
    pub fn restore_file<R: std::io::Read + std::io::Seek>(
        dir: &Path,
        file: R,
        what: &str,
        clock: &dyn Clock,
    ) -> Result<RestoreReport> {
        Vault::unpack_backup(dir, file, what)?.restore(dir, clock)
    }

    /// Unpacks and checks a single-file backup for the vault in `dir`, in a folder of its
    /// own inside the vault's: a file that is not a whole backup, or a backup of another
    /// vault, is refused here, before anything locks or replaces the vault.
    pub fn unpack_backup<R: std::io::Read + std::io::Seek>(
        dir: &Path,
        file: R,
        what: &str,
    ) -> Result<UnpackedBackup> {
        create_private_dir(dir)?;
        let staging = Staging::new(dir, "restore")?;
        let header = archive::unpack(file, what, &staging.0)?;
        same_vault(dir, &header, what)?;
        Ok(UnpackedBackup {
            staging,
            what: what.to_owned(),
        })
    }

    fn restore_dir(
        dir: &Path,
        backup: &Path,
        what: &str,
        clock: &dyn Clock,
    ) -> Result<RestoreReport> {
        let from = VaultPaths::new(backup);
        let header = backup_header(backup)?;
        if !from.database().is_file() {
            return Err(Error::NotFound {
                kind: "backup database",
                id: format!("in {what}"),
            });
        }
        same_vault(dir, &header, what)?;
        let paths = VaultPaths::new(dir);
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

/// A single-file backup unpacked and checked, waiting to replace the vault; its folder is
/// removed when it is dropped.
#[derive(Debug)]
pub struct UnpackedBackup {
    staging: Staging,
    what: String,
}

impl UnpackedBackup {
    /// Replaces the (locked) vault in `dir` with it (see [`Vault::restore`]).
    pub fn restore(self, dir: &Path, clock: &dyn Clock) -> Result<RestoreReport> {
        Vault::restore_dir(dir, &self.staging.0, &self.what, clock)
    }
}

/// Refuses a backup of another vault than the one in `dir` (when there is one).
fn same_vault(dir: &Path, backup: &Header, what: &str) -> Result<()> {
    let paths = VaultPaths::new(dir);
    if paths.header().exists() && read_header(&paths)?.vault_id != backup.vault_id {
        return Err(Error::Conflict(format!(
            "the backup in {what} belongs to another vault; the vault was not changed"
        )));
    }
    Ok(())
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
