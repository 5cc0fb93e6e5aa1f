//! The command table: every operation a person can do, by name, with a typed argument struct
//! and a typed result. The desktop app (Tauri IPC) and `lagom serve` (loopback HTTP) dispatch
//! here by name with JSON ([`Session::call`]); the `lagom` command calls the same commands
//! typed ([`Session::run`]). So every shell offers exactly the same operations with the same
//! rules and the same errors, and none decides anything itself.
//!
//! Each command is a unit struct implementing [`Command`] (its name, its `Args`, its `Output`
//! and a `run` that calls into the feature owning the rule). The commands of the vault, people
//! and organisations, imports, the audit trail and mail live in this module's children; those
//! of consent, rights and erasure in each feature's `commands.rs`. One list, [`table!`] below,
//! names them all once: it yields [`COMMANDS`], the JSON dispatch and [`TABLE`].
//!
//! A [`Session`] is one vault directory, locked or unlocked. Where the secret key lives (the
//! OS keyring, or nowhere) is the shell's business, behind [`SecretKeys`].

mod audit;
mod import;
mod mail;
mod people;
mod typescript;
mod vault;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use crate::import::ImportProgress;
use crate::import::uploads::{Upload, Uploads};
use crate::{Clock, Error, KdfParams, Result, SecretKey, Vault};

pub use self::audit::{AuditArgs, AuditKinds, AuditList, AuditVerified, AuditVerify};
pub use self::import::{
    Discarded, ImportCommit, ImportDiscard, ImportDiscardArgs, ImportList, ImportPlan, ImportUndo,
    ImportUndoArgs,
};
pub use self::mail::{
    BusinessGet, BusinessSet, MailSettingsGet, MailSettingsSet, MailTest, MailTestArgs, NoticeArgs,
    NoticeGenerate, NoticeGenerated, NoticeOutcome,
};
pub use self::people::{
    Created, Deleted, NoteAdd, NoteArgs, NoteDelete, NoteIdArgs, OrganisationArgs,
    OrganisationCreate, OrganisationDelete, OrganisationDeleted, OrganisationListArgs,
    OrganisationShow, OrganisationUpdate, OrganisationUpdateArgs, OrganisationsList, PeopleFilters,
    PeopleList, PeopleSearch, PersonArgs, PersonCreate, PersonDelete, PersonShow, PersonUpdate,
    PersonUpdateArgs, PurposeLine, PurposesList, SearchArgs,
};
pub use self::typescript::GENERATED_FILE;
pub use self::vault::{
    ChangePasswordArgs, DatabaseKey, DemoAdd, DemoAdded, DemoArgs, IntegrityReport, IssuedKey,
    PasswordChanged, RestoreArgs, RotateKeyArgs, SettingsGet, SettingsSet, Status, UnlockArgs,
    VaultChangePassword, VaultCheck, VaultCreate, VaultCreateArgs, VaultDatabaseKey, VaultInfo,
    VaultLock, VaultRestore, VaultRotateKey, VaultStatus, VaultUnlock,
};
pub use crate::consent::commands::*;
pub use crate::erasure::commands::*;
pub use crate::rights::commands::*;

/// Where secret keys are kept between sessions (the OS keyring). Both methods may fail
/// quietly: without a keyring the person types the key.
pub trait SecretKeys: Send {
    /// The key remembered for a vault, if any.
    fn find(&self, vault_id: uuid::Uuid) -> Option<SecretKey>;
    /// Remembers a vault's key; says whether it could.
    fn remember(&self, vault_id: uuid::Uuid, key: &SecretKey) -> bool;
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
    session: &'a mut Session,
    progress: &'a mut dyn FnMut(&ImportProgress),
    cancel: &'a AtomicBool,
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
}

/// The arguments of a command that takes none. Anything given is ignored, as it always was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct NoArgs {}

/// The one list of commands, in the order a client would discover them. Adding a command
/// means adding its type here; its name, JSON dispatch and entry in [`TABLE`] follow.
macro_rules! table {
    ($($command:ident),* $(,)?) => {
        /// Every command's name, in the order a client would discover them.
        pub const COMMANDS: &[&str] = &[$(<$command as Command>::NAME),*];

        /// Every command's name with the name of the type that implements it, for checks
        /// that follow a command to the places that use it.
        pub const TABLE: &[(&str, &str)] = &[$((<$command as Command>::NAME, stringify!($command))),*];

        /// Runs a command named on the wire, with JSON arguments.
        fn dispatch(cx: &mut Context<'_>, name: &str, arguments: Value) -> Result<Value> {
            $(
                if name == <$command as Command>::NAME {
                    return json_call::<$command>(cx, arguments);
                }
            )*
            Err(Error::NotFound {
                kind: "command",
                id: name.to_owned(),
            })
        }

        /// The UI's TypeScript: every command's argument and result type, every type they
        /// use, and the map from command name to both (see [`typescript`]).
        pub fn typescript() -> String {
            let cfg = typescript::config();
            let mut declarations = typescript::Declarations::new(&cfg);
            let commands = [$(
                {
                    declarations.add::<<$command as Command>::Args>();
                    declarations.add::<<$command as Command>::Output>();
                    (
                        <$command as Command>::NAME,
                        <<$command as Command>::Args as TS>::name(&cfg),
                        <<$command as Command>::Output as TS>::name(&cfg),
                    )
                }
            ),*];
            // What the shells send beside command results: a held upload, and an import's
            // progress (Tauri events, `lagom serve`'s `/api/progress`).
            declarations.add::<Upload>();
            declarations.add::<ImportProgress>();
            typescript::render(declarations, &commands)
        }
    };
}

table![
    // The vault: status, create, unlock, lock, keys, checks, settings.
    VaultStatus,
    VaultCreate,
    VaultUnlock,
    VaultLock,
    VaultChangePassword,
    VaultRotateKey,
    VaultInfo,
    VaultCheck,
    VaultDatabaseKey,
    VaultRestore,
    SettingsGet,
    SettingsSet,
    DemoAdd,
    // People, notes and organisations.
    PeopleList,
    PeopleSearch,
    PeopleFilters,
    PersonShow,
    PersonCreate,
    PersonUpdate,
    PersonDelete,
    NoteAdd,
    NoteDelete,
    PurposesList,
    OrganisationsList,
    OrganisationShow,
    OrganisationCreate,
    OrganisationUpdate,
    OrganisationDelete,
    // Imports.
    ImportPlan,
    ImportCommit,
    ImportList,
    ImportUndo,
    ImportDiscard,
    // The audit trail.
    AuditList,
    AuditKinds,
    AuditVerify,
    // Requests and the subject-access export (`rights::commands`).
    RequestsList,
    RequestsSummary,
    RequestNew,
    RequestShow,
    RequestIdentity,
    RequestExtend,
    RequestClose,
    RequestRectify,
    SubjectExport,
    // Lawful basis and consent (`consent::commands`).
    ListsGet,
    PurposeSave,
    SourceSave,
    SubscriptionTypeSave,
    ProcessingMassEdit,
    ConsentGive,
    ConsentRequest,
    ConsentConfirm,
    ConsentReply,
    ConsentWithdraw,
    ConsentList,
    ConsentTextAdd,
    ConsentTextsList,
    PrivacyNoticeAdd,
    PrivacyNoticesList,
    SubscriptionSet,
    PersonRestrict,
    PersonObject,
    PersonSetLanguage,
    MarketingList,
    // Mail, the business and the privacy notice.
    MailSettingsGet,
    MailSettingsSet,
    MailTest,
    BusinessGet,
    BusinessSet,
    NoticeGenerate,
    // Erasure, retention and backups (`erasure::commands`).
    ErasurePreview,
    PersonErase,
    RetentionGet,
    RetentionSet,
    VaultBackup,
];

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

        impl $crate::api::Command for $ty {
            const NAME: &'static str = $name;
            type Args = $args;
            type Output = $out;
            fn run($cx: &mut $crate::api::Context<'_>, $a: $args) -> $crate::Result<$out> {
                $body
            }
        }
    };
}
pub(crate) use command;

/// One vault directory and, while unlocked, the open vault.
pub struct Session {
    dir: PathBuf,
    vault: Option<Vault>,
    clock: Arc<dyn Clock>,
    keys: Box<dyn SecretKeys>,
    /// The secret key the vault was unlocked with, held (like the vault key) only while it
    /// is unlocked, so that changing the password asks for the password alone.
    secret_key: Option<SecretKey>,
    kdf: KdfParams,
    uploads: Uploads,
    /// When the last command ended, for locking an unlocked vault nobody uses.
    last_used: Option<chrono::DateTime<chrono::Utc>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("dir", &self.dir)
            .field("unlocked", &self.vault.is_some())
            .finish_non_exhaustive()
    }
}

/// Reads a command's arguments from JSON; an absent body means "no arguments".
pub(crate) fn args<T: DeserializeOwned>(value: Value) -> Result<T> {
    let value = if value.is_null() { json!({}) } else { value };
    serde_json::from_value(value).map_err(|e| Error::validation("arguments", e.to_string()))
}

/// Encodes a command's result as JSON.
pub(crate) fn to_json(value: impl Serialize) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::Conflict(format!("encoding the result: {e}")))
}

/// One command from JSON to JSON: the dispatch both JSON shells use.
fn json_call<C: Command>(cx: &mut Context<'_>, arguments: Value) -> Result<Value> {
    let a: C::Args = args(arguments)?;
    to_json(C::run(cx, a)?)
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
            last_used: None,
        }
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

    /// Locks the vault when no command came for its auto-lock minutes. The window locks by
    /// itself too, but a browser tab closed while unlocked would otherwise leave `lagom serve`
    /// holding an open vault until it stops; the app keeps the session alive while a person
    /// is active in it (`vault.status` now and then).
    fn lock_if_idle(&mut self) {
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

    fn vault(&mut self) -> Result<&mut Vault> {
        self.vault.as_mut().ok_or(Error::Locked)
    }

    /// Runs one command named on the wire, with JSON arguments and a JSON result: the
    /// dispatch of the desktop app and `lagom serve`. `progress` hears about long work
    /// (imports); setting `cancel` stops it, leaving nothing behind.
    pub fn call(
        &mut self,
        command: &str,
        arguments: Value,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<Value> {
        self.within(progress, cancel, |cx| dispatch(cx, command, arguments))
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
    fn within<T>(
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
