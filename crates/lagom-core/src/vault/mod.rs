//! The vault: creating, unlocking and locking it, changing the password and rotating the
//! key, all so that a crash at any point leaves it as before or as after.
//!
//! An unlocked [`Vault`] is the session every other operation goes through: it holds the
//! database connection, the keys (zeroed when dropped) and the acting user.

mod files;
pub mod kit;
mod trail;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lagom_crypto::{
    AuditKey, Entropy, Header, HeaderError, KdfParams, Password, SecretKey, SqlcipherKey,
    UnlockError, UnlockedSlot, VaultKey,
};
use rusqlite::Transaction;
use uuid::Uuid;

pub use files::VaultPaths;
pub(crate) use files::{DirLock, append_line, create_private_dir, write_atomically};

use crate::audit::sql::{self as audit_sql, Appender, AuditFilter};
use crate::audit::{AuditEntry, AuditEvent, AuditKind, ChainProblem};
use crate::clock::{Clock, stamp};
use crate::db::Store;
use crate::db::lists;
use crate::{Error, Result};

/// What unlocks a vault: the password and the secret key.
pub struct Credentials {
    /// The password.
    pub password: Password,
    /// The secret key.
    pub secret_key: SecretKey,
}

/// What a new vault needs.
pub struct NewVault {
    /// The owner's name as shown in the app and in processing records.
    pub owner_name: String,
    /// The owner's credentials.
    pub credentials: Credentials,
    /// Argon2id parameters of the owner's key slot.
    pub kdf: KdfParams,
}

/// What can be read of a vault without unlocking it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct VaultInfo {
    /// The vault's id (also the keyring entry's name).
    pub vault_id: Uuid,
    /// The user id of the first key slot (the owner).
    pub owner_id: Uuid,
    /// The owner slot's Argon2id parameters.
    pub kdf_memory_kib: u32,
    /// Argon2id passes.
    pub kdf_iterations: u32,
    /// Argon2id lanes.
    pub kdf_parallelism: u32,
}

/// An unlocked vault.
pub struct Vault {
    pub(crate) vault_id: Uuid,
    pub(crate) paths: VaultPaths,
    pub(crate) store: Store,
    pub(crate) vault_key: VaultKey,
    pub(crate) audit_key: AuditKey,
    pub(crate) user_id: Uuid,
    pub(crate) clock: Arc<dyn Clock>,
    /// What was found wrong with the audit trail's head at unlock: while set, nothing is
    /// written (see [`Vault::reseal_audit`]).
    pub(crate) audit_damage: Option<ChainProblem>,
    /// The folders files may be read from and written to, when limited (`lagom serve`).
    pub(crate) path_roots: Option<Vec<PathBuf>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.paths.dir())
            .finish_non_exhaustive()
    }
}

/// The context of one write: who acts, and when.
pub(crate) struct Ctx {
    pub(crate) actor: Uuid,
    pub(crate) now: String,
}

impl Ctx {
    pub(crate) fn event(
        &self,
        kind: AuditKind,
        subject: Option<(&str, String)>,
        detail: serde_json::Value,
    ) -> AuditEvent {
        let (subject_kind, subject_id) = match subject {
            Some((k, id)) => (Some(k.to_owned()), Some(id)),
            None => (None, None),
        };
        AuditEvent {
            seq: 0,
            id: Uuid::now_v7().to_string(),
            at: self.now.clone(),
            actor_id: Some(self.actor.to_string()),
            kind: kind.as_str().to_owned(),
            subject_kind,
            subject_id,
            detail,
        }
    }
}

/// The fewest characters a new password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The rule for new passwords: at least [`MIN_PASSWORD_CHARS`] characters, not all
/// whitespace. The secret key is what makes a stolen vault file safe against password
/// guessing; the password still stands between the vault and anyone at the owner's
/// computer, where the keyring holds the secret key, so it must not be trivial.
pub fn check_new_password(password: &Password) -> Result<()> {
    use secrecy::ExposeSecret;
    let text = password.expose_secret();
    if text.trim().is_empty() || text.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::validation(
            "password",
            format!("must have at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

pub(crate) fn read_header(paths: &VaultPaths) -> Result<Header> {
    let path = paths.header();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NoVault(paths.dir().to_owned()));
        }
        Err(e) => return Err(Error::io("reading", &path)(e)),
    };
    Header::decode(&bytes).map_err(|e| header_error(&path, e))
}

fn header_error(path: &Path, e: HeaderError) -> Error {
    match e {
        HeaderError::NotAVaultHeader => Error::NotAVault(path.to_owned()),
        HeaderError::UnsupportedVersion(v) => Error::TooNew {
            what: "header format",
            path: path.to_owned(),
            found: i64::from(v),
            supported: i64::from(lagom_crypto::HEADER_VERSION),
        },
        other => Error::HeaderTampered {
            path: path.to_owned(),
            reason: other.to_string(),
        },
    }
}

fn unlock_error(path: &Path, e: UnlockError) -> Error {
    match e {
        UnlockError::WrongPassword => Error::WrongPassword,
        UnlockError::WrongSecretKey => Error::WrongSecretKey,
        UnlockError::Header(h) => header_error(path, h),
        other => Error::HeaderTampered {
            path: path.to_owned(),
            reason: other.to_string(),
        },
    }
}

fn write_header(paths: &VaultPaths, header: &Header) -> Result<()> {
    write_atomically(&paths.header(), &header.encode())
}

fn owner_slot(header: &Header) -> Result<[u8; 16]> {
    header
        .slots()
        .first()
        .map(|s| s.user_id)
        .ok_or(Error::Inconsistent {
            path: PathBuf::new(),
            reason: "the header has no key slot",
        })
}

impl Vault {
    /// Reads the vault's id and the owner slot's parameters without unlocking it.
    pub fn info(dir: &Path) -> Result<VaultInfo> {
        let header = read_header(&VaultPaths::new(dir))?;
        let slot = header.slots().first().ok_or(Error::Inconsistent {
            path: dir.to_owned(),
            reason: "the header has no key slot",
        })?;
        Ok(VaultInfo {
            vault_id: Uuid::from_bytes(header.vault_id),
            owner_id: Uuid::from_bytes(slot.user_id),
            kdf_memory_kib: slot.kdf.memory_kib,
            kdf_iterations: slot.kdf.iterations,
            kdf_parallelism: slot.kdf.parallelism,
        })
    }

    /// Creates a vault in `dir` (made if missing) and returns it unlocked. The database is
    /// written first and the header last, so a crash leaves either no vault or a whole one.
    pub fn create(
        dir: &Path,
        new: NewVault,
        clock: Arc<dyn Clock>,
        entropy: &mut impl Entropy,
    ) -> Result<Vault> {
        Self::create_handing_over(dir, new, clock, entropy, |_| Ok(()))
    }

    /// Like [`Vault::create`], with `hand_over` called with the new vault's id just before
    /// the header is written, the step that makes the vault exist: the shell gives the owner
    /// the secret key there. If it fails, the database is removed and there is no vault, so
    /// no vault ever exists whose key its owner was not given.
    pub fn create_handing_over(
        dir: &Path,
        new: NewVault,
        clock: Arc<dyn Clock>,
        entropy: &mut impl Entropy,
        hand_over: impl FnOnce(Uuid) -> Result<()>,
    ) -> Result<Vault> {
        let paths = VaultPaths::new(dir);
        if paths.header().exists() {
            return Err(Error::VaultExists(dir.to_owned()));
        }
        check_new_password(&new.credentials.password)?;
        if new.owner_name.trim().is_empty() {
            return Err(Error::validation("owner name", "must not be empty"));
        }
        create_private_dir(dir)?;
        // A database without its header may be a vault whose header was lost or not yet
        // synced back: it can still be saved by restoring the header, so it is never replaced.
        if paths.database().exists() {
            return Err(Error::Conflict(format!(
                "{} holds a vault database but no vault.header; restore the header from a backup, \
                 or choose another directory for a new vault",
                dir.display()
            )));
        }
        let vault_id = Uuid::now_v7();
        let owner_id = Uuid::now_v7();
        let vault_key = VaultKey::make(entropy);
        let audit_key = AuditKey::make(entropy);
        let header = Header::make(
            *vault_id.as_bytes(),
            *owner_id.as_bytes(),
            new.kdf,
            &new.credentials.password,
            &new.credentials.secret_key,
            &vault_key,
            entropy,
        )
        .map_err(|e| unlock_error(&paths.header(), e))?;

        let mut store = Store::open(
            &paths.database(),
            Some(&vault_key.derive_sqlcipher_key()),
            true,
        )?;
        store.migrate()?;
        let now = stamp(clock.now());
        let head = {
            let tx = store.conn.transaction()?;
            lists::insert_user(&tx, owner_id, new.owner_name.trim(), "owner", &now)?;
            lists::set_setting(&tx, "vault_id", &vault_id.to_string())?;
            audit_sql::insert_wrap(
                &tx,
                &vault_key.derive_key_id(),
                &vault_key.wrap_audit_key(&audit_key, entropy),
            )?;
            let ctx = Ctx {
                actor: owner_id,
                now,
            };
            let mut audit = Appender::load(&tx, &audit_key)?;
            audit.append(
                &tx,
                ctx.event(
                    AuditKind::VaultCreated,
                    Some(("vault", vault_id.to_string())),
                    serde_json::json!({}),
                ),
            )?;
            let head = audit.finish(&tx)?;
            tx.commit()?;
            head
        };
        if let Err(e) = hand_over(vault_id) {
            drop(store);
            for suffix in ["", "-wal", "-shm"] {
                let mut name = paths.database().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(name));
            }
            return Err(e);
        }
        write_header(&paths, &header)?;
        let vault = Vault {
            vault_id,
            paths,
            store,
            vault_key,
            audit_key,
            user_id: owner_id,
            clock,
            audit_damage: None,
            path_roots: None,
        };
        vault.write_witness(head);
        Ok(vault)
    }

    /// Opens the vault in `dir` as its owner: the first half of [`Vault::unlock`], which
    /// lives with erasure because an unlocked vault must first re-apply the erasures a
    /// restored backup lacks. A failed attempt is noted and moved into the audit trail at the
    /// next successful unlock. A key rotation that a crash interrupted is finished (or
    /// abandoned, if the database never changed) before anything else.
    pub(crate) fn open(
        dir: &Path,
        credentials: &Credentials,
        clock: Arc<dyn Clock>,
    ) -> Result<Vault> {
        let paths = VaultPaths::new(dir);
        let header = read_header(&paths)?;
        let user = owner_slot(&header)?;
        let unlocked = match header.unlock(&user, &credentials.password, &credentials.secret_key) {
            Ok(u) => u,
            Err(e @ (UnlockError::WrongPassword | UnlockError::WrongSecretKey)) => {
                let reason = if e == UnlockError::WrongPassword {
                    "wrong_password"
                } else {
                    "wrong_secret_key"
                };
                // Noting the failure must not hide the real error.
                let _ = append_line(
                    &paths.unlock_failures(),
                    &format!("{}\t{}\t{}", stamp(clock.now()), reason, Uuid::now_v7()),
                );
                return Err(unlock_error(&paths.header(), e));
            }
            Err(e) => return Err(unlock_error(&paths.header(), e)),
        };
        let (store, vault_key) = Self::open_database(&paths, credentials, &user, unlocked)?;
        let ids = (Uuid::from_bytes(header.vault_id), Uuid::from_bytes(user));
        let mut vault = Self::finish_open(paths, store, vault_key, ids, clock)?;
        vault.audit_damage = vault.check_trail_head()?;
        if vault.audit_damage.is_none() {
            vault.record_unlock()?;
            // A restored backup is brought up to date before anyone sees it.
            vault.record_restores()?;
        }
        Ok(vault)
    }

    fn open_database(
        paths: &VaultPaths,
        credentials: &Credentials,
        user: &[u8; 16],
        unlocked: UnlockedSlot,
    ) -> Result<(Store, VaultKey)> {
        let db = paths.database();
        // An empty file would open as a new, empty database and be given a fresh schema: the
        // vault it held would be gone for good, silently. It is left untouched instead.
        if std::fs::metadata(&db).is_ok_and(|m| m.len() == 0) {
            return Err(Error::Inconsistent {
                path: db,
                reason: "the database file is empty (cut short or overwritten); nothing was \
                         written to it: restore vault.db from a backup",
            });
        }
        if unlocked.pending.is_none() {
            return Ok((
                Store::open(&db, Some(&unlocked.current.derive_sqlcipher_key()), false)?,
                unlocked.current,
            ));
        }
        let _lock = DirLock::acquire(paths)?;
        // Another process may have finished the rotation meanwhile: decide on the header as it
        // is now, under the lock.
        let mut header = read_header(paths)?;
        let unlocked = header
            .unlock(user, &credentials.password, &credentials.secret_key)
            .map_err(|e| unlock_error(&paths.header(), e))?;
        let Some(pending) = unlocked.pending else {
            return Ok((
                Store::open(&db, Some(&unlocked.current.derive_sqlcipher_key()), false)?,
                unlocked.current,
            ));
        };
        match Store::open(&db, Some(&unlocked.current.derive_sqlcipher_key()), false) {
            Ok(store) => {
                header.abandon_rotation(user, &credentials.secret_key, &unlocked.current);
                write_header(paths, &header)?;
                Ok((store, unlocked.current))
            }
            Err(Error::DatabaseCorrupt { .. }) => {
                let store = Store::open(&db, Some(&pending.derive_sqlcipher_key()), false)?;
                header
                    .finish_rotation(user, &credentials.secret_key, &pending)
                    .map_err(|e| unlock_error(&paths.header(), e))?;
                write_header(paths, &header)?;
                Ok((store, pending))
            }
            Err(other) => Err(other),
        }
    }

    fn finish_open(
        paths: VaultPaths,
        mut store: Store,
        vault_key: VaultKey,
        (vault_id, user_id): (Uuid, Uuid),
        clock: Arc<dyn Clock>,
    ) -> Result<Vault> {
        store.migrate()?;
        let key_id = vault_key.derive_key_id();
        let wrapped = audit_sql::wrap_for(&store.conn, &key_id)?.ok_or(Error::Inconsistent {
            path: paths.dir().to_owned(),
            reason: "the audit key is missing",
        })?;
        let audit_key = vault_key
            .unwrap_audit_key(&wrapped)
            .map_err(|_| Error::Inconsistent {
                path: paths.dir().to_owned(),
                reason: "the audit key does not open",
            })?;
        Ok(Vault {
            vault_id,
            paths,
            store,
            vault_key,
            audit_key,
            user_id,
            clock,
            audit_damage: None,
            path_roots: None,
        })
    }

    /// Moves noted failed attempts into the audit trail and records this unlock.
    fn record_unlock(&mut self) -> Result<()> {
        let failures_path = self.paths.unlock_failures();
        let failures = std::fs::read_to_string(&failures_path).unwrap_or_default();
        let key_id = self.vault_key.derive_key_id();
        self.write(|tx, audit, ctx| {
            // Wraps under keys no longer in force are left behind by a finished rotation.
            audit_sql::delete_wraps_except(tx, &key_id)?;
            for line in failures.lines() {
                let mut parts = line.split('\t');
                let (Some(at), Some(reason), Some(id)) = (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                // The file is not authenticated: only well-formed lines become events.
                let well_formed = chrono::DateTime::parse_from_rfc3339(at).is_ok()
                    && matches!(reason, "wrong_password" | "wrong_secret_key")
                    && Uuid::parse_str(id).is_ok();
                if !well_formed {
                    continue;
                }
                if audit_sql::has_event(tx, id)? {
                    continue;
                }
                let mut event = ctx.event(
                    AuditKind::UnlockFailed,
                    None,
                    serde_json::json!({ "reason": reason }),
                );
                event.id = id.to_owned();
                event.at = at.to_owned();
                event.actor_id = None;
                audit.append(tx, event)?;
            }
            audit.append(
                tx,
                ctx.event(AuditKind::UnlockOk, None, serde_json::json!({})),
            )
        })?;
        if !failures.is_empty() {
            let _ = std::fs::remove_file(&failures_path);
        }
        Ok(())
    }

    /// Locks the vault: the connection is closed and the keys are zeroed.
    pub fn lock(self) {
        drop(self);
    }

    /// The vault directory.
    pub fn dir(&self) -> &Path {
        self.paths.dir()
    }

    /// Limits the files this session reads and writes to these folders (`None`: anywhere
    /// outside the vault's own folder).
    pub fn limit_paths_to(&mut self, roots: Option<Vec<PathBuf>>) {
        self.path_roots = roots;
    }

    /// The rules every file this vault writes or reads on request goes through; `overwrite`
    /// says whether an existing file may be replaced.
    pub fn path_rules(&self, overwrite: bool) -> crate::output::PathRules {
        crate::output::PathRules::new(self.paths.dir())
            .within(self.path_roots.clone())
            .overwrite(overwrite)
    }

    /// The vault's id.
    pub fn id(&self) -> Uuid {
        self.vault_id
    }

    /// The acting user's id.
    pub fn user_id(&self) -> Uuid {
        self.user_id
    }

    /// The acting user's display name.
    pub fn user_name(&self) -> Result<String> {
        lists::user_name(&self.store.conn, self.user_id)
    }

    /// Runs `f` in one transaction with an audit appender; commits both or neither. Refused
    /// while the audit trail's head is damaged: an event appended now would seal the damage.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &mut Appender<'_>, &Ctx) -> Result<T>,
    ) -> Result<T> {
        if let Some(problem) = &self.audit_damage {
            return Err(Error::AuditTrailDamaged(problem.to_string()));
        }
        self.run_write(true, f)
    }

    /// Like [`Vault::write`], but while the audit trail is damaged `f` still runs, with an
    /// appender that records nothing. Only for what must not wait for the owner's reseal:
    /// re-applying erasures at unlock (an erased person must never reappear; the erasure
    /// ledger records them) and making a backup of what there is.
    pub(crate) fn write_even_if_damaged<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &mut Appender<'_>, &Ctx) -> Result<T>,
    ) -> Result<T> {
        let recorded = self.audit_damage.is_none();
        self.run_write(recorded, f)
    }

    /// One write transaction: `f`, the search index settled, the audit head (when
    /// `recorded`) written, the commit, then `audit.head` and a lost write-ahead log saved.
    fn run_write<T>(
        &mut self,
        recorded: bool,
        f: impl FnOnce(&Transaction<'_>, &mut Appender<'_>, &Ctx) -> Result<T>,
    ) -> Result<T> {
        let ctx = Ctx {
            actor: self.user_id,
            now: stamp(self.clock.now()),
        };
        let tx = self.store.conn.transaction()?;
        let mut audit = if recorded {
            Appender::load(&tx, &self.audit_key)?
        } else {
            Appender::detached(&self.audit_key)
        };
        let out = f(&tx, &mut audit, &ctx)?;
        // Whatever was taken out of the search index leaves no fragment in its page keys.
        crate::search::sql::settle(&tx)?;
        let head = audit.finish(&tx)?;
        tx.commit()?;
        self.write_witness(head);
        if self.store.log_is_lost() {
            // The commit sits in a log file someone deleted; into the database it goes.
            self.store.save_lost_log()?;
        }
        Ok(out)
    }

    /// Checks credentials typed again against the header, changing nothing: for a shell
    /// that must know they are right before it hands a new secret key over.
    pub fn check_credentials(&self, credentials: &Credentials) -> Result<()> {
        self.reauthenticate(credentials).map(|_| ())
    }

    /// Re-reads the header and checks the given credentials against it, so that a session
    /// left open cannot change keys without the password.
    fn reauthenticate(&self, credentials: &Credentials) -> Result<(Header, [u8; 16])> {
        let header = read_header(&self.paths)?;
        let user = *self.user_id.as_bytes();
        let unlocked = header
            .unlock(&user, &credentials.password, &credentials.secret_key)
            .map_err(|e| unlock_error(&self.paths.header(), e))?;
        if unlocked.pending.is_some() || unlocked.current != self.vault_key {
            return Err(Error::Conflict(
                "the vault's key changed since it was unlocked; lock and unlock it again".into(),
            ));
        }
        Ok((header, user))
    }

    /// Changes the password (and, if given, the secret key). Only the key slot is
    /// re-wrapped; the database is not touched. The new header replaces the old one in a
    /// single rename, so after a crash exactly one of the two passwords works.
    pub fn change_password(
        &mut self,
        current: &Credentials,
        new_password: &Password,
        new_secret_key: Option<&SecretKey>,
        kdf: KdfParams,
        entropy: &mut impl Entropy,
    ) -> Result<()> {
        let _lock = DirLock::acquire(&self.paths)?;
        let (mut header, user) = self.reauthenticate(current)?;
        check_new_password(new_password)?;
        let secret_key = new_secret_key.unwrap_or(&current.secret_key);
        header
            .change_password(
                &user,
                &self.vault_key,
                new_password,
                secret_key,
                kdf,
                entropy,
            )
            .map_err(|e| unlock_error(&self.paths.header(), e))?;
        // The event is written just before the switch: once the new header is in place
        // nothing may fail, or the caller would never learn a new secret key that is in force.
        let changed_secret = new_secret_key.is_some();
        self.write(|tx, audit, ctx| {
            audit.append(
                tx,
                ctx.event(
                    AuditKind::PasswordChanged,
                    None,
                    serde_json::json!({ "secret_key_changed": changed_secret }),
                ),
            )
        })?;
        write_header(&self.paths, &header)
    }

    /// Rotates the vault key: every page of the database is re-encrypted under a new key
    /// and the key slot re-wrapped. In steps that each leave a vault that opens:
    /// 1. the audit key is wrapped under the new key too (the database holds both wraps);
    /// 2. the header gets the new key as *pending* beside the current one;
    /// 3. `PRAGMA rekey` re-encrypts the database in one transaction;
    /// 4. the header is rewritten with the new key only;
    /// 5. the old wrap is dropped.
    ///
    /// Unlocking after a crash tries the current key, then the pending one, and finishes or
    /// abandons the rotation accordingly.
    pub fn rotate_key(&mut self, current: &Credentials, entropy: &mut impl Entropy) -> Result<()> {
        let _lock = DirLock::acquire(&self.paths)?;
        let (mut header, user) = self.reauthenticate(current)?;
        let next = VaultKey::make(entropy);
        let next_id = next.derive_key_id();
        audit_sql::insert_wrap(
            &self.store.conn,
            &next_id,
            &next.wrap_audit_key(&self.audit_key, entropy),
        )?;
        header
            .begin_rotation(
                &user,
                &current.password,
                &current.secret_key,
                &self.vault_key,
                &next,
                entropy,
            )
            .map_err(|e| unlock_error(&self.paths.header(), e))?;
        write_header(&self.paths, &header)?;
        self.store.rekey(&next.derive_sqlcipher_key())?;
        // From here on the database is under the new key, whatever happens to the header.
        self.vault_key = next.clone();
        header
            .finish_rotation(&user, &current.secret_key, &next)
            .map_err(|e| unlock_error(&self.paths.header(), e))?;
        write_header(&self.paths, &header)?;
        self.write(|tx, audit, ctx| {
            audit_sql::delete_wraps_except(tx, &next_id)?;
            audit.append(
                tx,
                ctx.event(AuditKind::KeyRotated, None, serde_json::json!({})),
            )
        })
    }

    /// The raw SQLCipher key for a person who asks for it, with their password typed again:
    /// whoever holds it reads the file without the password or the secret key, so a session
    /// left open (or a browser tab on `lagom serve`) cannot hand it out. Recorded as an export.
    pub fn export_database_key(&mut self, credentials: &Credentials) -> Result<SqlcipherKey> {
        self.reauthenticate(credentials)?;
        self.database_key()
    }

    /// The raw SQLCipher key of the database, for opening it with another SQLCipher 4
    /// implementation. Handing it out is recorded as an export.
    pub fn database_key(&mut self) -> Result<SqlcipherKey> {
        self.write(|tx, audit, ctx| {
            audit.append(
                tx,
                ctx.event(
                    AuditKind::Export,
                    Some(("vault", String::new())),
                    serde_json::json!({ "what": "database key" }),
                ),
            )
        })?;
        Ok(self.vault_key.derive_sqlcipher_key())
    }

    /// Checks every page of the database against its authentication code and SQLite's own
    /// structure checks. Returns what is wrong; empty when all is well.
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        self.store.integrity_problems()
    }

    /// Lists audit events, newest first.
    pub fn audit_events(&self, filter: &AuditFilter) -> Result<Vec<AuditEvent>> {
        audit_sql::list(&self.store.conn, filter)
    }

    /// Lists audit events, newest first, with the names the audit log shows beside them;
    /// `before` (a sequence number, the last event of the page before) pages back in time.
    pub fn audit_entries(
        &self,
        filter: &AuditFilter,
        before: Option<i64>,
    ) -> Result<Vec<AuditEntry>> {
        audit_sql::entries(&self.store.conn, filter, before)
    }

    /// Purposes as (name, default legal basis letter, description).
    pub fn purposes(&self) -> Result<Vec<(String, String, String)>> {
        lists::purposes(&self.store.conn)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.store.schema_version()
    }

    /// An unencrypted vault for measuring what encryption costs. Same schema, same code
    /// paths; only `PRAGMA key` is left out. Benchmarks only.
    #[cfg(feature = "bench-plain")]
    pub fn create_unencrypted_for_benchmark(
        dir: &Path,
        clock: Arc<dyn Clock>,
        entropy: &mut impl Entropy,
    ) -> Result<Vault> {
        let paths = VaultPaths::new(dir);
        create_private_dir(dir)?;
        let mut store = Store::open(&paths.database(), None, true)?;
        store.migrate()?;
        let owner_id = Uuid::now_v7();
        let vault_key = VaultKey::make(entropy);
        let audit_key = AuditKey::make(entropy);
        lists::insert_user(
            &store.conn,
            owner_id,
            "Benchmark",
            "owner",
            &stamp(clock.now()),
        )?;
        Ok(Vault {
            vault_id: Uuid::now_v7(),
            paths,
            store,
            vault_key,
            audit_key,
            user_id: owner_id,
            clock,
            audit_damage: None,
            path_roots: None,
        })
    }
}
