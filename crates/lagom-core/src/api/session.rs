//! The session every command runs in and the shape of a command: [`Session`] (one vault
//! directory, locked or unlocked, with the keyring behind [`SecretKeys`]), the [`Command`]
//! trait with the [`Context`] a command runs with, and the `command!` macro that declares one.
//! The table (`api.rs`) and the commands (this module's siblings) both build on it; it
//! imports neither.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::import::ImportProgress;
use crate::import::uploads::{Upload, Uploads};
use crate::{Clock, Error, KdfParams, Result, SecretKey, Vault};

/// Where secret keys are kept between sessions (the OS keyring). Both methods may fail
/// quietly: without a keyring the person types the key.
pub trait SecretKeys: Send {
    /// The key remembered for a vault, if any.
    fn find(&self, vault_id: uuid::Uuid) -> Option<SecretKey>;
    /// Remembers a vault's key; says whether it could.
    fn remember(&self, vault_id: uuid::Uuid, key: &SecretKey) -> bool;
    /// Hands a new secret key to its owner *before* it is put in force: the command line
    /// writes the emergency kit (flushed to disk) and prints the key here. An error stops
    /// the change, so the credentials the owner holds keep opening the vault. A shell that
    /// shows the key in its own window answers with the command's result instead.
    fn deliver(
        &self,
        vault_id: uuid::Uuid,
        secret_key: &str,
        kit_html: &str,
    ) -> std::result::Result<(), String> {
        let _ = (vault_id, secret_key, kit_html);
        Ok(())
    }
}

/// A keyring that remembers nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSecretKeys;

impl SecretKeys for NoSecretKeys {
    fn find(&self, _: uuid::Uuid) -> Option<SecretKey> {
        None
    }
    fn remember(&self, _: uuid::Uuid, _: &SecretKey) -> bool {
        false
    }
}

/// One operation of the table. Implemented by a unit struct per command; the shells name it
/// by [`Command::NAME`] (JSON) or by type ([`Session::run`]).
pub trait Command {
    /// The command's name on the wire, e.g. `person.show`. Never renamed: the UI and
    /// scripts call it by this name.
    const NAME: &'static str;
    /// What it takes. Deserialised strictly from JSON (unknown fields are refused); its
    /// TypeScript type is generated for the UI.
    type Args: DeserializeOwned + TS + 'static;
    /// What it answers; its TypeScript type is generated for the UI.
    type Output: Serialize + TS + 'static;
    /// Runs it. Handlers call the feature that owns the rule and decide nothing themselves.
    fn run(cx: &mut Context<'_>, args: Self::Args) -> Result<Self::Output>;
}

/// What a command runs with: the session, and for long work (imports) where to report
/// progress and the flag that cancels it.
pub struct Context<'a> {
    pub(super) session: &'a mut Session,
    pub(super) progress: &'a mut dyn FnMut(&ImportProgress),
    pub(super) cancel: &'a AtomicBool,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

impl Context<'_> {
    /// The unlocked vault, or [`Error::Locked`].
    pub(crate) fn vault(&mut self) -> Result<&mut Vault> {
        self.session.vault()
    }

    /// Holds a file the command made until the client fetches it.
    pub(crate) fn offer(
        &mut self,
        name: &str,
        media_type: &str,
        bytes: Vec<u8>,
    ) -> crate::output::Download {
        self.session.downloads.hold(name, media_type, bytes)
    }
}

/// The arguments of a command that takes none. Anything given is ignored, as it always was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct NoArgs {}

/// Declares a command: a unit struct, its name, its argument and result types, and the body
/// that runs it (`|cx, args| …`, returning `Result<Output>`).
macro_rules! command {
    (
        $(#[$doc:meta])*
        $ty:ident = $name:literal, $args:ty => $out:ty,
        |$cx:pat_param, $a:pat_param| $body:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $ty;

        impl $crate::api::session::Command for $ty {
            const NAME: &'static str = $name;
            type Args = $args;
            type Output = $out;
            fn run($cx: &mut $crate::api::session::Context<'_>, $a: $args) -> $crate::Result<$out> {
                $body
            }
        }
    };
}
pub(crate) use command;

/// One vault directory and, while unlocked, the open vault.
pub struct Session {
    pub(super) dir: PathBuf,
    pub(super) vault: Option<Vault>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) keys: Box<dyn SecretKeys>,
    /// The secret key the vault was unlocked with, held (like the vault key) only while it
    /// is unlocked, so that changing the password asks for the password alone.
    pub(super) secret_key: Option<SecretKey>,
    pub(super) kdf: KdfParams,
    pub(super) uploads: Uploads,
    /// Files made for a browser, waiting to be fetched.
    pub(super) downloads: super::downloads::Downloads,
    /// When the last command ended, for locking an unlocked vault nobody uses.
    pub(super) last_used: Option<chrono::DateTime<chrono::Utc>>,
    /// The folders files may be read from and written to, when limited (`lagom serve`).
    pub(super) path_roots: Option<Vec<PathBuf>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("dir", &self.dir)
            .field("unlocked", &self.vault.is_some())
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A locked session on the vault in `dir` (which need not exist yet).
    pub fn new(dir: &Path, clock: Arc<dyn Clock>, keys: Box<dyn SecretKeys>) -> Self {
        Self {
            dir: dir.to_owned(),
            vault: None,
            clock,
            keys,
            secret_key: None,
            kdf: KdfParams::RECOMMENDED,
            uploads: Uploads::default(),
            downloads: super::downloads::Downloads::default(),
            last_used: None,
            path_roots: None,
        }
    }

    /// Limits every file the session's commands read or write to these folders, as a shell
    /// that takes paths from a browser must (`lagom serve`: the owner's home by default).
    /// The vault's own folder stays refused inside them.
    pub fn limit_paths_to(mut self, roots: Vec<PathBuf>) -> Self {
        self.path_roots = Some(roots);
        self
    }

    /// The rules for files named by a client (see [`crate::output`]).
    pub fn path_rules(&self, overwrite: bool) -> crate::output::PathRules {
        crate::output::PathRules::new(&self.dir)
            .within(self.path_roots.clone())
            .overwrite(overwrite)
    }

    /// Uses other Argon2id costs for vaults this session creates (tests only want cheap ones).
    pub fn with_kdf(mut self, kdf: KdfParams) -> Self {
        self.kdf = kdf;
        self
    }

    /// The vault directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the vault is unlocked.
    pub fn is_unlocked(&self) -> bool {
        self.vault.is_some()
    }

    /// Locks the vault (closing the database; the keys are wiped as they are dropped).
    pub fn lock(&mut self) {
        self.uploads.clear();
        self.downloads.clear();
        self.secret_key = None;
        if let Some(v) = self.vault.take() {
            v.lock();
        }
    }

    /// Holds a file for the import wizard (from a browser or a drop onto the window, which
    /// give bytes, not paths) until it is imported, discarded or the vault locks. Only an
    /// unlocked vault takes files.
    pub fn upload(&mut self, name: &str, bytes: Vec<u8>) -> Result<Upload> {
        self.lock_if_idle();
        self.vault()?;
        let upload = self.uploads.add(name, bytes);
        self.last_used = Some(self.clock.now());
        upload
    }

    /// Hands out a file a command made for a browser ([`crate::output::Download`]), once. Only an
    /// unlocked vault hands files out.
    pub fn take_download(&mut self, id: &str) -> Result<super::downloads::Fetched> {
        self.lock_if_idle();
        self.vault()?;
        self.downloads.take(id).ok_or_else(|| Error::NotFound {
            kind: "file waiting to be saved",
            id: format!("{id} (it was saved already or the vault locked; export it again)"),
        })
    }

    /// Locks the vault when no command came for its auto-lock minutes. The window locks by
    /// itself too, but a browser tab closed while unlocked would otherwise leave `lagom serve`
    /// holding an open vault until it stops; the app keeps the session alive while a person
    /// is active in it (`vault.status` now and then).
    pub(super) fn lock_if_idle(&mut self) {
        let (Some(vault), Some(last)) = (&self.vault, self.last_used) else {
            return;
        };
        let minutes = vault
            .settings()
            .map_or(crate::settings::DEFAULT_AUTO_LOCK_MINUTES, |s| {
                s.auto_lock_minutes
            });
        if self.clock.now() - last > chrono::Duration::minutes(i64::from(minutes)) {
            self.lock();
        }
    }

    pub(super) fn vault(&mut self) -> Result<&mut Vault> {
        self.vault.as_mut().ok_or(Error::Locked)
    }

    /// Runs one command, typed: `session.run::<PersonShow>(args)`.
    pub fn run<C: Command>(&mut self, args: C::Args) -> Result<C::Output> {
        self.run_with::<C>(args, &mut |_| {}, &AtomicBool::new(false))
    }

    /// Runs one command, typed, hearing about its progress; setting `cancel` stops it.
    pub fn run_with<C: Command>(
        &mut self,
        args: C::Args,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<C::Output> {
        self.within(progress, cancel, |cx| C::run(cx, args))
    }

    /// Every command, JSON or typed, runs in here: an idle vault locks first, and the time
    /// of use is noted after.
    pub(super) fn within<T>(
        &mut self,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
        body: impl FnOnce(&mut Context<'_>) -> Result<T>,
    ) -> Result<T> {
        self.lock_if_idle();
        let result = body(&mut Context {
            session: self,
            progress,
            cancel,
        });
        self.last_used = self.vault.as_ref().map(|_| self.clock.now());
        result
    }
}
