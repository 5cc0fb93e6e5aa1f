//! The command table: every operation a person can do, by name, with a typed argument struct
//! and a typed result. The desktop app (Tauri IPC) and `lagom serve` (loopback HTTP) dispatch
//! here by name with JSON ([`Session::call`]); the `lagom` command calls the same commands
//! typed ([`Session::run`]). So every shell offers exactly the same operations with the same
//! rules and the same errors, and none decides anything itself.
//!
//! Each command is a unit struct implementing [`Command`] (its name, its `Args`, its `Output`
//! and a `run` that calls into the feature owning the rule), grouped in this module's children
//! by the feature they call: the vault, people and organisations, imports, the audit trail,
//! consent, rights, mail and erasure. The table sits above every feature and no feature
//! imports it. One list, `table!` below, names them all once: it yields [`COMMANDS`], the
//! JSON dispatch, [`TABLE`] and the UI's TypeScript ([`typescript()`]).
//!
//! A [`Session`] (in `session.rs`, with the [`Command`] trait) is one vault directory, locked
//! or unlocked. Where the secret key lives (the OS keyring, or nowhere) is the shell's
//! business, behind [`SecretKeys`].

mod audit;
mod consent;
mod downloads;
mod duplicates;
mod erasure;
mod hygiene;
mod import;
mod mail;
mod people;
mod rights;
mod session;
mod typescript;
mod vault;

use std::sync::atomic::AtomicBool;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use ts_rs::TS;

use crate::import::ImportProgress;
use crate::import::uploads::Upload;
use crate::{Error, Result};

pub use self::audit::{
    AuditArgs, AuditKinds, AuditList, AuditReseal, AuditResealArgs, AuditVerified, AuditVerify,
};
pub use self::consent::*;
pub use self::downloads::{Download, Fetched};
pub use self::duplicates::{
    CheckArgs, DuplicatesCheck, DuplicatesDismiss, DuplicatesList, DuplicatesMerge,
    DuplicatesMerges, DuplicatesRefresh, DuplicatesUndo, PageArgs, PairArgs, PairDismissed,
    UndoMergeArgs,
};
pub use self::erasure::*;
pub use self::hygiene::*;
pub use self::import::{
    Discarded, ImportCommit, ImportDiscard, ImportDiscardArgs, ImportList, ImportPlan, ImportUndo,
    ImportUndoArgs,
};
pub use self::mail::{
    BusinessGet, BusinessSet, MailSettingsGet, MailSettingsSet, MailTest, MailTestArgs, NoticeArgs,
    NoticeGenerate, NoticeGenerated, NoticeOutcome,
};
pub use self::people::{
    ContactAdd, ContactAddArgs, ContactArgs, ContactKindArgs, ContactKindSet, ContactPrimary,
    ContactRemove, Created, Deleted, NoteAdd, NoteArgs, NoteDelete, NoteIdArgs, OrganisationArgs,
    OrganisationCreate, OrganisationDelete, OrganisationDeleted, OrganisationListArgs,
    OrganisationShow, OrganisationUpdate, OrganisationUpdateArgs, OrganisationsList, PeopleFilters,
    PeopleList, PeopleSearch, PersonArchive, PersonArgs, PersonCreate, PersonCreateArgs,
    PersonDelete, PersonRestore, PersonShow, PersonUnarchive, PersonUpdate, PersonUpdateArgs,
    PurposeLine, PurposesList, SearchArgs, Shelved,
};
pub use self::rights::*;
pub use self::session::{Command, Context, NoArgs, NoSecretKeys, SecretKeys, Session};
pub use self::typescript::GENERATED_FILE;
pub use self::vault::{
    ChangePasswordArgs, DatabaseKey, DatabaseKeyArgs, DemoAdd, DemoAdded, DemoArgs,
    IntegrityReport, IssuedKey, PasswordChanged, RestoreArgs, RotateKeyArgs, SettingsGet,
    SettingsSet, Status, UnlockArgs, VaultChangePassword, VaultCheck, VaultCreate, VaultCreateArgs,
    VaultDatabaseKey, VaultInfo, VaultLock, VaultRestore, VaultRotateKey, VaultStatus, VaultUnlock,
};

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
            // What the shells send beside command results: a held upload, an import's
            // progress (Tauri events, `lagom serve`'s `/api/progress`) and an error's code.
            declarations.add::<Upload>();
            declarations.add::<ImportProgress>();
            declarations.add::<crate::ErrorCode>();
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
    PersonRestore,
    PersonArchive,
    PersonUnarchive,
    ContactAdd,
    ContactRemove,
    ContactPrimary,
    ContactKindSet,
    NoteAdd,
    NoteDelete,
    PurposesList,
    OrganisationsList,
    OrganisationShow,
    OrganisationCreate,
    OrganisationUpdate,
    OrganisationDelete,
    // Duplicates: the review queue, merging and undoing it.
    DuplicatesList,
    DuplicatesRefresh,
    DuplicatesMerge,
    DuplicatesDismiss,
    DuplicatesUndo,
    DuplicatesMerges,
    DuplicatesCheck,
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
    AuditReseal,
    // Requests and the subject-access export.
    RequestsList,
    RequestsSummary,
    RequestNew,
    RequestShow,
    RequestIdentity,
    RequestExtend,
    RequestClose,
    RequestRectify,
    SubjectExport,
    SubjectExportPlan,
    // Lawful basis and consent.
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
    // Erasure, retention and backups.
    ErasurePreview,
    PersonErase,
    RetentionGet,
    RetentionSet,
    VaultBackup,
    // Housekeeping: the start screen, runs, retention rules, findings and the bin.
    HygieneToday,
    HygieneRun,
    HygieneRuns,
    HygieneSettingsGet,
    HygieneSettingsSet,
    HygieneSteps,
    HygieneKeep,
    HygieneFindings,
    HygieneDismiss,
    RetentionRulesGet,
    RetentionRulesSet,
    RetentionRulesReset,
    BinList,
];

/// Reads a command's arguments from JSON; an absent body means "no arguments".
pub(crate) fn args<T: DeserializeOwned>(value: Value) -> Result<T> {
    let value = if value.is_null() { json!({}) } else { value };
    serde_json::from_value(value).map_err(|e| Error::validation("arguments", e.to_string()))
}

/// Encodes a command's result as JSON.
pub(crate) fn to_json(value: impl Serialize) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::Internal(format!("encoding the result: {e}")))
}

/// One command from JSON to JSON: the dispatch both JSON shells use.
fn json_call<C: Command>(cx: &mut Context<'_>, arguments: Value) -> Result<Value> {
    let a: C::Args = args(arguments)?;
    to_json(C::run(cx, a)?)
}

impl Session {
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
}
