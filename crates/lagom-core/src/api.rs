//! The command table: every operation the shells offer, by name, with JSON arguments and a
//! JSON result. The desktop app (Tauri IPC) and `lagom serve` (loopback HTTP) both dispatch
//! here, so they expose exactly the same operations with the same rules and the same errors;
//! neither decides anything itself.
//!
//! A [`Session`] is one vault directory, locked or unlocked. Where the secret key lives (the
//! OS keyring, or nowhere) is the shell's business, behind [`SecretKeys`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::audit::AuditKind;
use crate::import::{ImportOptions, ImportProgress};
use crate::kit::{KitContent, emergency_kit_html};
use crate::model::{
    NewPerson, OrganisationFields, OrganisationPatch, PeopleQuery, PersonPatch, PersonRef,
};
use crate::settings::SettingsPatch;
use crate::uploads::{Upload, Uploads};
use crate::{
    AuditFilter, Clock, Credentials, Error, KdfParams, NewVault, OsEntropy, Password, Result,
    SecretKey, Vault,
};

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

/// Every command, in the order a client would discover them.
pub const COMMANDS: &[&str] = &[
    "vault.status",
    "vault.create",
    "vault.unlock",
    "vault.lock",
    "vault.change_password",
    "vault.rotate_key",
    "settings.get",
    "settings.set",
    "people.list",
    "people.search",
    "people.filters",
    "person.show",
    "person.create",
    "person.update",
    "person.delete",
    "note.add",
    "note.delete",
    "purposes.list",
    "organisations.list",
    "organisation.show",
    "organisation.create",
    "organisation.update",
    "organisation.delete",
    "import.plan",
    "import.commit",
    "import.list",
    "import.undo",
    "import.discard",
    "audit.list",
    "audit.kinds",
    "audit.verify",
    "requests.list",
    "requests.summary",
    "request.new",
    "request.show",
    "request.identity",
    "request.extend",
    "request.close",
    "request.rectify",
    "subject.export",
    // Lawful basis and consent (`consent::commands`).
    "lists.get",
    "purpose.save",
    "source.save",
    "subscription_type.save",
    "processing.mass_edit",
    "consent.give",
    "consent.request",
    "consent.confirm",
    "consent.reply",
    "consent.withdraw",
    "consent.list",
    "consent_text.add",
    "consent_texts.list",
    "privacy_notice.add",
    "privacy_notices.list",
    "subscription.set",
    "person.restrict",
    "person.object",
    "person.set_language",
    "marketing.list",
    "mail.settings.get",
    "mail.settings.set",
    "mail.test",
    "business.get",
    "business.set",
    "notice.generate",
    // Erasure, retention and backups (`erasure::commands`).
    "erasure.preview",
    "person.erase",
    "retention.get",
    "retention.set",
    "vault.backup",
];

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateArgs {
    owner: String,
    password: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnlockArgs {
    password: String,
    #[serde(default)]
    secret_key: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangePasswordArgs {
    current_password: String,
    new_password: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RotateKeyArgs {
    password: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationListArgs {
    #[serde(default)]
    search: String,
    #[serde(default = "default_limit")]
    limit: u32,
    #[serde(default)]
    offset: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationArgs {
    organisation: uuid::Uuid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationUpdateArgs {
    organisation: uuid::Uuid,
    patch: OrganisationPatch,
}

fn default_limit() -> u32 {
    50
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchArgs {
    query: String,
    #[serde(default = "default_limit")]
    limit: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonArgs {
    person: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateArgs {
    person: String,
    patch: PersonPatch,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteArgs {
    person: String,
    body: String,
    #[serde(default)]
    private: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteIdArgs {
    note: uuid::Uuid,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscardArgs {
    uploads: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UndoArgs {
    batch: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AuditArgs {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    since: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    until: Option<chrono::DateTime<chrono::Utc>>,
    /// The sequence number of the last event of the previous page.
    #[serde(default)]
    before: Option<i64>,
    #[serde(default)]
    limit: Option<u32>,
}

/// Where the session stands, for the first screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Whether a vault exists in the directory.
    pub exists: bool,
    /// Whether it is unlocked.
    pub unlocked: bool,
    /// The vault's id, when one exists.
    pub vault_id: Option<uuid::Uuid>,
    /// Whether its secret key is remembered (the unlock screen then asks only the password).
    pub secret_key_remembered: bool,
    /// The acting user's name, when unlocked.
    pub user: Option<String>,
}

pub(crate) fn args<T: DeserializeOwned>(value: Value) -> Result<T> {
    // An absent body means "no arguments".
    let value = if value.is_null() { json!({}) } else { value };
    serde_json::from_value(value).map_err(|e| Error::validation("arguments", e.to_string()))
}

pub(crate) fn to_json(value: impl Serialize) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::Conflict(format!("encoding the result: {e}")))
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

    fn import_options(&self, arguments: Value) -> Result<ImportOptions> {
        let mut options: ImportOptions = args(arguments)?;
        self.uploads.resolve(&mut options.files)?;
        Ok(options)
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

    fn status(&self) -> Result<Status> {
        let info = Vault::info(&self.dir).ok();
        Ok(Status {
            exists: info.is_some(),
            unlocked: self.vault.is_some(),
            vault_id: info.as_ref().map(|i| i.vault_id),
            secret_key_remembered: info
                .as_ref()
                .is_some_and(|i| self.keys.find(i.vault_id).is_some()),
            user: match &self.vault {
                Some(v) => Some(v.user_name()?),
                None => None,
            },
        })
    }

    fn create(&mut self, a: CreateArgs) -> Result<Value> {
        self.lock();
        let secret_key = SecretKey::make(&mut OsEntropy);
        let vault = Vault::create(
            &self.dir,
            NewVault {
                owner_name: a.owner.clone(),
                credentials: Credentials {
                    password: Password::from(a.password),
                    secret_key: secret_key.clone(),
                },
                kdf: self.kdf,
            },
            self.clock.clone(),
            &mut OsEntropy,
        )?;
        let vault_id = vault.id();
        self.vault = Some(vault);
        Ok(self.issue_key(vault_id, &a.owner, secret_key))
    }

    fn unlock(&mut self, a: UnlockArgs) -> Result<Value> {
        self.lock();
        let info = Vault::info(&self.dir)?;
        let secret_key = match a.secret_key.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => SecretKey::parse(text)?,
            _ => self.keys.find(info.vault_id).ok_or_else(|| {
                Error::validation(
                    "secret key",
                    "this computer does not remember the vault's secret key; type it from the emergency kit",
                )
            })?,
        };
        let typed = a.secret_key.is_some();
        let vault = Vault::unlock(
            &self.dir,
            &Credentials {
                password: Password::from(a.password),
                secret_key: secret_key.clone(),
            },
            self.clock.clone(),
        )?;
        if typed {
            self.keys.remember(info.vault_id, &secret_key);
        }
        self.vault = Some(vault);
        self.secret_key = Some(secret_key);
        to_json(self.status()?)
    }

    /// The credentials of the open vault with a password typed again: key changes always
    /// ask for the password, so a session left open cannot change them.
    fn credentials(&mut self, password: String) -> Result<Credentials> {
        let vault_id = self.vault()?.id();
        let secret_key = match &self.secret_key {
            Some(key) => key.clone(),
            None => self.keys.find(vault_id).ok_or_else(|| {
                Error::validation(
                    "secret key",
                    "lock the vault and unlock it with the secret key from the emergency kit",
                )
            })?,
        };
        Ok(Credentials {
            password: Password::from(password),
            secret_key,
        })
    }

    fn change_password(&mut self, a: ChangePasswordArgs) -> Result<Value> {
        let current = self.credentials(a.current_password)?;
        let kdf = self.kdf;
        self.vault()?.change_password(
            &current,
            &Password::from(a.new_password),
            None,
            kdf,
            &mut OsEntropy,
        )?;
        Ok(json!({ "changed": true }))
    }

    /// A new secret key in force: held for the session, handed to the keyring, and answered
    /// once with its emergency kit.
    fn issue_key(&mut self, vault_id: uuid::Uuid, owner: &str, secret_key: SecretKey) -> Value {
        let remembered = self.keys.remember(vault_id, &secret_key);
        let shown = secret_key.display();
        let kit = emergency_kit_html(&KitContent {
            vault_id,
            vault_dir: &self.dir.display().to_string(),
            owner_name: owner,
            secret_key: shown.as_str(),
            created: &self.clock.now().format("%Y-%m-%d").to_string(),
        });
        self.secret_key = Some(secret_key);
        json!({
            "vault_id": vault_id,
            "secret_key": shown.as_str(),
            "secret_key_remembered": remembered,
            "kit_html": kit,
        })
    }

    /// Re-encrypts the vault under a new vault key and replaces the secret key, so that
    /// neither the old key nor an old copy of the header with the old credentials opens it.
    /// The password stays. Returns the new secret key and emergency kit, shown once.
    fn rotate_key(&mut self, a: RotateKeyArgs) -> Result<Value> {
        let current = self.credentials(a.password)?;
        let kdf = self.kdf;
        let vault = self.vault()?;
        let vault_id = vault.id();
        // Whatever can fail is done before the new secret key is in force.
        let owner = vault.user_name()?;
        vault.rotate_key(&current, &mut OsEntropy)?;
        let secret_key = SecretKey::make(&mut OsEntropy);
        vault.change_password(
            &current,
            &current.password,
            Some(&secret_key),
            kdf,
            &mut OsEntropy,
        )?;
        Ok(self.issue_key(vault_id, &owner, secret_key))
    }

    /// Runs one command. `progress` hears about long work (imports); setting `cancel` stops
    /// it, leaving nothing behind.
    pub fn call(
        &mut self,
        command: &str,
        arguments: Value,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<Value> {
        self.lock_if_idle();
        let result = self.dispatch(command, arguments, progress, cancel);
        self.last_used = self.vault.as_ref().map(|_| self.clock.now());
        result
    }

    fn dispatch(
        &mut self,
        command: &str,
        arguments: Value,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<Value> {
        match command {
            "vault.status" => to_json(self.status()?),
            "vault.create" => self.create(args(arguments)?),
            "vault.unlock" => self.unlock(args(arguments)?),
            "vault.lock" => {
                self.lock();
                to_json(self.status()?)
            }
            "vault.change_password" => self.change_password(args(arguments)?),
            "vault.rotate_key" => self.rotate_key(args(arguments)?),
            "settings.get" => to_json(self.vault()?.settings()?),
            "settings.set" => {
                let a: SettingsPatch = args(arguments)?;
                to_json(self.vault()?.update_settings(&a)?)
            }
            "people.list" => {
                let a: PeopleQuery = args(arguments)?;
                to_json(self.vault()?.query_people(&a)?)
            }
            "people.filters" => to_json(self.vault()?.people_filters()?),
            "people.search" => {
                let a: SearchArgs = args(arguments)?;
                to_json(self.vault()?.search_people(&a.query, a.limit)?)
            }
            "person.show" => {
                let a: PersonArgs = args(arguments)?;
                to_json(self.vault()?.show_person(&PersonRef::parse(&a.person)?)?)
            }
            "person.create" => {
                let a: NewPerson = args(arguments)?;
                let id = self.vault()?.create_person(a)?;
                to_json(json!({ "id": id }))
            }
            "person.update" => {
                let a: UpdateArgs = args(arguments)?;
                to_json(
                    self.vault()?
                        .update_person(&PersonRef::parse(&a.person)?, &a.patch)?,
                )
            }
            "person.delete" => {
                let a: PersonArgs = args(arguments)?;
                let id = self.vault()?.delete_person(&PersonRef::parse(&a.person)?)?;
                to_json(json!({ "deleted": id }))
            }
            "note.add" => {
                let a: NoteArgs = args(arguments)?;
                let who = PersonRef::parse(&a.person)?;
                to_json(self.vault()?.add_note(&who, &a.body, a.private)?)
            }
            "note.delete" => {
                let a: NoteIdArgs = args(arguments)?;
                self.vault()?.delete_note(a.note)?;
                to_json(json!({ "deleted": a.note }))
            }
            "purposes.list" => {
                let purposes = self.vault()?.purposes()?;
                to_json(
                    purposes
                        .into_iter()
                        .map(|(name, basis, description)| {
                            json!({ "name": name, "default_legal_basis": basis, "description": description })
                        })
                        .collect::<Vec<_>>(),
                )
            }
            "organisations.list" => {
                let a: OrganisationListArgs = args(arguments)?;
                to_json(
                    self.vault()?
                        .list_organisations(&a.search, a.limit, a.offset)?,
                )
            }
            "organisation.show" => {
                let a: OrganisationArgs = args(arguments)?;
                to_json(self.vault()?.show_organisation(a.organisation)?)
            }
            "organisation.create" => {
                let a: OrganisationFields = args(arguments)?;
                let id = self.vault()?.create_organisation(&a)?;
                to_json(json!({ "id": id }))
            }
            "organisation.update" => {
                let a: OrganisationUpdateArgs = args(arguments)?;
                to_json(
                    self.vault()?
                        .update_organisation(a.organisation, &a.patch)?,
                )
            }
            "organisation.delete" => {
                let a: OrganisationArgs = args(arguments)?;
                let detached = self.vault()?.delete_organisation(a.organisation)?;
                to_json(json!({ "deleted": a.organisation, "people_detached": detached }))
            }
            "import.plan" => {
                let a = self.import_options(arguments)?;
                to_json(self.vault()?.plan_import(&a, progress, cancel)?)
            }
            "import.commit" => {
                let a = self.import_options(arguments)?;
                to_json(self.vault()?.import(&a, progress, cancel)?)
            }
            "import.discard" => {
                let a: DiscardArgs = args(arguments)?;
                self.uploads.discard(&a.uploads);
                to_json(json!({ "discarded": a.uploads.len() }))
            }
            "import.list" => to_json(self.vault()?.import_batches()?),
            "import.undo" => {
                let a: UndoArgs = args(arguments)?;
                to_json(self.vault()?.undo_import(&a.batch)?)
            }
            "audit.list" => {
                let a: AuditArgs = args(arguments)?;
                if let Some(kind) = &a.kind
                    && AuditKind::parse(kind).is_none()
                {
                    return Err(Error::validation("kind", "not a kind of audit event"));
                }
                let filter = AuditFilter {
                    kind: a.kind,
                    subject_id: a.subject,
                    since: a.since,
                    until: a.until,
                    limit: a.limit.unwrap_or(200),
                };
                to_json(self.vault()?.audit_entries(&filter, a.before)?)
            }
            "audit.kinds" => to_json(
                AuditKind::ALL
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>(),
            ),
            "audit.verify" => {
                let report = self.vault()?.verify_audit()?;
                to_json(json!({
                    "intact": report.is_intact(),
                    "events": report.events,
                    "problems": report.problems,
                }))
            }
            c if crate::consent::commands::COMMANDS.contains(&c) => {
                crate::consent::commands::run(self.vault()?, c, arguments)
            }
            c if crate::erasure::commands::COMMANDS.contains(&c) => {
                crate::erasure::commands::run(self.vault()?, c, arguments)
            }
            "mail.settings.get" => to_json(self.vault()?.mail_settings()?),
            "mail.settings.set" => {
                let a: crate::mail::MailSettingsPatch = args(arguments)?;
                to_json(self.vault()?.update_mail_settings(a)?)
            }
            "mail.test" => {
                let a: MailTestArgs = args(arguments)?;
                to_json(self.vault()?.send_test_email(a.save_to.as_deref())?)
            }
            "business.get" => to_json(self.vault()?.business()?),
            "business.set" => {
                let a: crate::notice::BusinessPatch = args(arguments)?;
                to_json(self.vault()?.update_business(a)?)
            }
            "notice.generate" => {
                let a: NoticeArgs = args(arguments)?;
                self.notice(a)
            }
            c if crate::rights::commands::COMMANDS.contains(&c) => {
                crate::rights::commands::call(self.vault()?, c, arguments)
            }
            other => Err(Error::NotFound {
                kind: "command",
                id: other.to_owned(),
            }),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MailTestArgs {
    #[serde(default)]
    save_to: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeArgs {
    person: String,
    #[serde(default)]
    send: bool,
    #[serde(default)]
    save_to: Option<PathBuf>,
}

impl Session {
    /// `notice.generate`: the notice to show; with `send`, e-mailed (or saved as `.eml` at
    /// `save_to`); without `send` but with `save_to`, written there as text or HTML.
    fn notice(&mut self, a: NoticeArgs) -> Result<Value> {
        let who = PersonRef::parse(&a.person)?;
        let vault = self.vault()?;
        let (notice, outcome) = match (a.send, a.save_to.as_deref()) {
            (true, save_to) => {
                let (notice, delivery) = vault.send_privacy_notice(&who, save_to)?;
                (notice, to_json(delivery)?)
            }
            (false, Some(path)) => {
                let (notice, written) = vault.save_privacy_notice(&who, path)?;
                (notice, json!({ "delivery": "written", "path": written }))
            }
            (false, None) => (vault.privacy_notice(&who)?, Value::Null),
        };
        let mut result = to_json(notice)?;
        if let (Some(map), false) = (result.as_object_mut(), outcome.is_null()) {
            map.insert("outcome".into(), outcome);
        }
        Ok(result)
    }
}
