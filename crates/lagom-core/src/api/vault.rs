//! The vault's commands: where the session stands, creating, unlocking and locking, the keys
//! (password, secret key, vault key), the checks anyone may run, restoring a backup, the
//! app's settings and made-up people to try it with. They work on the [`Session`] (its
//! directory, its keyring and the secret key it holds) and call the vault for every rule.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::session::{NoArgs, Session, command};
use crate::backup::RestoreReport;
use crate::settings::{Settings, SettingsPatch};
use crate::vault::kit::{KitContent, emergency_kit_html};
use crate::{Credentials, Error, NewVault, OsEntropy, Password, Result, SecretKey, Vault};

/// Where the session stands, for the first screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Status {
    /// Whether a vault exists in the directory.
    pub exists: bool,
    /// Whether it is unlocked.
    pub unlocked: bool,
    /// The vault's id, when one exists.
    pub vault_id: Option<Uuid>,
    /// Whether its secret key is remembered (the unlock screen then asks only the password).
    pub secret_key_remembered: bool,
    /// The acting user's name, when unlocked.
    pub user: Option<String>,
    /// Today ("YYYY-MM-DD") where the computer is, as the core counts days (deadlines,
    /// consents given "today"), so the UI's "today" is the core's.
    pub today: String,
    /// When unlocked: what was found wrong with the audit trail at unlock, while every
    /// change is refused (`audit.verify` says more; `audit.reseal` or a restore ends it).
    pub audit_damage: Option<String>,
}

/// `vault.create`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VaultCreateArgs {
    /// The owner's name, shown in processing records.
    pub owner: String,
    /// The password (at least the core's minimum length).
    pub password: String,
}

/// A new secret key in force, shown once: after a vault is created, the keys are replaced
/// or the password is changed with a new secret key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IssuedKey {
    /// The vault's id.
    pub vault_id: Uuid,
    /// The new secret key as people read it.
    pub secret_key: String,
    /// Whether the keyring remembers it.
    pub secret_key_remembered: bool,
    /// The emergency kit, an HTML page to print.
    pub kit_html: String,
}

/// `vault.unlock`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnlockArgs {
    /// The password.
    pub password: String,
    /// The secret key as typed; absent or empty: the one the keyring remembers.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub secret_key: Option<String>,
    /// Whether a typed secret key is handed to the keyring (by default it is; the CLI,
    /// given the key by a script, leaves the keyring alone).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub remember: Option<bool>,
}

/// `vault.change_password`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordArgs {
    /// The password now, typed again.
    pub current_password: String,
    /// The new password.
    pub new_password: String,
    /// Also issue a new secret key (shown once, with its emergency kit).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub new_secret_key: Option<bool>,
}

/// A changed password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PasswordChanged {
    /// Always true: a failure is an error.
    pub changed: bool,
    /// The new secret key, when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub new_key: Option<IssuedKey>,
}

/// `vault.rotate_key`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RotateKeyArgs {
    /// The password, typed again.
    pub password: String,
}

/// The result of checking every page of the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IntegrityReport {
    /// Whether every page checks out.
    pub intact: bool,
    /// What is wrong; empty when intact.
    pub problems: Vec<String>,
}

/// The database's raw SQLCipher key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DatabaseKey {
    /// The key in hex, as `PRAGMA key = "x'…'"` takes it.
    pub sqlcipher_raw_key: String,
}

/// `vault.database_key`'s arguments: the password again, as for every change of keys.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DatabaseKeyArgs {
    /// The vault's password.
    pub password: String,
}

/// `vault.restore`'s arguments: the backup as a path or as an upload, one of the two.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RestoreArgs {
    /// A backup folder or a `.lagom-backup` file.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub from: Option<std::path::PathBuf>,
    /// A `.lagom-backup` file handed over with `POST /api/upload` (its upload id).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub upload: Option<String>,
}

/// `demo.add`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DemoArgs {
    /// How many made-up people to add.
    pub people: u32,
}

/// Made-up people added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DemoAdded {
    /// How many.
    pub created: usize,
}

impl Session {
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
            today: crate::clock::today(self.clock.as_ref()).to_string(),
            audit_damage: self
                .vault
                .as_ref()
                .and_then(|v| v.audit_damage().map(ToString::to_string)),
        })
    }

    fn create(&mut self, a: VaultCreateArgs) -> Result<IssuedKey> {
        self.lock();
        let secret_key = SecretKey::make(&mut OsEntropy);
        let vault = Vault::create_handing_over(
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
            // The owner holds the key before the vault exists, or it never does.
            |vault_id| self.hand_over(vault_id, &a.owner, &secret_key),
        )?;
        let vault_id = vault.id();
        let mut vault = vault;
        vault.limit_paths_to(self.path_roots.clone());
        self.vault = Some(vault);
        Ok(self.issue_key(vault_id, &a.owner, secret_key))
    }

    fn unlock(&mut self, a: UnlockArgs) -> Result<Status> {
        self.lock();
        let info = Vault::info(&self.dir)?;
        let typed = a
            .secret_key
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let secret_key = match typed {
            Some(text) => SecretKey::parse(text)?,
            None => self.keys.find(info.vault_id).ok_or_else(|| {
                Error::validation(
                    "secret key",
                    "this computer does not remember the vault's secret key; type it from the emergency kit",
                )
            })?,
        };
        let vault = Vault::unlock(
            &self.dir,
            &Credentials {
                password: Password::from(a.password),
                secret_key: secret_key.clone(),
            },
            self.clock.clone(),
        )?;
        if a.secret_key.is_some() && a.remember.unwrap_or(true) {
            self.keys.remember(info.vault_id, &secret_key);
        }
        let mut vault = vault;
        vault.limit_paths_to(self.path_roots.clone());
        self.vault = Some(vault);
        self.secret_key = Some(secret_key);
        self.status()
    }

    /// The credentials of the open vault with a password typed again: key changes always
    /// ask for the password, so a session left open cannot change them.
    pub(super) fn credentials(&mut self, password: String) -> Result<Credentials> {
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

    fn change_password(&mut self, a: ChangePasswordArgs) -> Result<PasswordChanged> {
        let current = self.credentials(a.current_password)?;
        let kdf = self.kdf;
        let vault = self.vault()?;
        let vault_id = vault.id();
        // Whatever can fail is done before a new secret key is in force.
        let owner = vault.user_name()?;
        let new_key = a
            .new_secret_key
            .unwrap_or(false)
            .then(|| SecretKey::make(&mut OsEntropy));
        let new_password = Password::from(a.new_password);
        crate::vault::check_new_password(&new_password)?;
        // The owner holds the new key before it is in force, or it never is; and is not
        // handed one for a change that the password typed would then refuse.
        if let Some(key) = &new_key {
            self.vault()?.check_credentials(&current)?;
            self.hand_over(vault_id, &owner, key)?;
        }
        self.vault()?.change_password(
            &current,
            &new_password,
            new_key.as_ref(),
            kdf,
            &mut OsEntropy,
        )?;
        Ok(PasswordChanged {
            changed: true,
            new_key: new_key.map(|key| self.issue_key(vault_id, &owner, key)),
        })
    }

    /// A new secret key and its emergency kit, as the owner is given them.
    fn key_for_owner(
        &self,
        vault_id: Uuid,
        owner: &str,
        secret_key: &SecretKey,
        secret_key_remembered: bool,
    ) -> IssuedKey {
        let shown = secret_key.display();
        let kit_html = emergency_kit_html(&KitContent {
            vault_id,
            vault_dir: &self.dir.display().to_string(),
            owner_name: owner,
            secret_key: shown.as_str(),
            created: &self.clock.now().format("%Y-%m-%d").to_string(),
        });
        IssuedKey {
            vault_id,
            secret_key: shown.as_str().to_owned(),
            secret_key_remembered,
            kit_html,
        }
    }

    /// Hands a new secret key over before it is put in force (see [`SecretKeys::deliver`]).
    fn hand_over(&self, vault_id: Uuid, owner: &str, key: &SecretKey) -> Result<()> {
        let issued = self.key_for_owner(vault_id, owner, key, false);
        self.keys
            .deliver(vault_id, &issued.secret_key, &issued.kit_html)
            .map_err(Error::KeyNotHandedOver)
    }

    /// A new secret key in force: held for the session, handed to the keyring, and answered
    /// once with its emergency kit.
    fn issue_key(&mut self, vault_id: Uuid, owner: &str, secret_key: SecretKey) -> IssuedKey {
        let secret_key_remembered = self.keys.remember(vault_id, &secret_key);
        let issued = self.key_for_owner(vault_id, owner, &secret_key, secret_key_remembered);
        self.secret_key = Some(secret_key);
        issued
    }

    /// Re-encrypts the vault under a new vault key and replaces the secret key, so that
    /// neither the old key nor an old copy of the header with the old credentials opens it.
    /// The password stays. Returns the new secret key and emergency kit, shown once.
    fn rotate_key(&mut self, a: RotateKeyArgs) -> Result<IssuedKey> {
        let current = self.credentials(a.password)?;
        let kdf = self.kdf;
        let vault = self.vault()?;
        let vault_id = vault.id();
        // Whatever can fail is done before the new secret key is in force.
        let owner = vault.user_name()?;
        let secret_key = SecretKey::make(&mut OsEntropy);
        // The owner holds the new key before anything changes, or nothing does.
        self.vault()?.check_credentials(&current)?;
        self.hand_over(vault_id, &owner, &secret_key)?;
        let vault = self.vault()?;
        vault.rotate_key(&current, &mut OsEntropy)?;
        vault.change_password(
            &current,
            &current.password,
            Some(&secret_key),
            kdf,
            &mut OsEntropy,
        )?;
        Ok(self.issue_key(vault_id, &owner, secret_key))
    }

    fn restore(&mut self, a: RestoreArgs) -> Result<RestoreReport> {
        // A single file is unpacked and checked while the vault is still open, so that a
        // file that is no backup of it leaves the owner where they were.
        let unpacked = match (a.from, a.upload) {
            (Some(from), None) => {
                let from = self.path_rules(false).check_read(&from)?;
                if from.is_dir() {
                    // A backup replaces the files under an open vault otherwise.
                    self.lock();
                    return Vault::restore(&self.dir, &from, self.clock.as_ref());
                }
                let file = std::fs::File::open(&from).map_err(Error::io("opening", &from))?;
                Vault::unpack_backup(&self.dir, file, &from.display().to_string())?
            }
            (None, Some(id)) => {
                let (name, bytes) = self.uploads.take(&id)?;
                Vault::unpack_backup(&self.dir, std::io::Cursor::new(bytes), &name)?
            }
            _ => {
                return Err(Error::validation(
                    "from",
                    "name the backup to restore: a file or folder, or an uploaded file",
                ));
            }
        };
        self.lock();
        unpacked.restore(&self.dir, self.clock.as_ref())
    }
}

command! {
    /// Where the session stands; works locked.
    VaultStatus = "vault.status", NoArgs => Status,
    |cx, _| cx.session.status()
}

command! {
    /// Creates a vault in the session's directory and unlocks it; answers its secret key and
    /// emergency kit, shown once.
    VaultCreate = "vault.create", VaultCreateArgs => IssuedKey,
    |cx, a| cx.session.create(a)
}

command! {
    /// Unlocks the vault with the password and the secret key (typed, or from the keyring).
    VaultUnlock = "vault.unlock", UnlockArgs => Status,
    |cx, a| cx.session.unlock(a)
}

command! {
    /// Locks the vault.
    VaultLock = "vault.lock", NoArgs => Status,
    |cx, _| {
        cx.session.lock();
        cx.session.status()
    }
}

command! {
    /// Changes the password, and with `new_secret_key` issues a new secret key too.
    VaultChangePassword = "vault.change_password", ChangePasswordArgs => PasswordChanged,
    |cx, a| cx.session.change_password(a)
}

command! {
    /// Replaces the keys: a new vault key (the whole database re-encrypted) and a new secret
    /// key, answered once with its emergency kit. The app's "replace the keys" and
    /// `lagom rekey`.
    VaultRotateKey = "vault.rotate_key", RotateKeyArgs => IssuedKey,
    |cx, a| cx.session.rotate_key(a)
}

command! {
    /// What can be read without unlocking: the vault's id and key-derivation parameters.
    VaultInfo = "vault.info", NoArgs => crate::vault::VaultInfo,
    |cx, _| Vault::info(&cx.session.dir)
}

command! {
    /// Checks every page of the database against its authentication code.
    VaultCheck = "vault.check", NoArgs => IntegrityReport,
    |cx, _| {
        let problems = cx.vault()?.check_integrity()?;
        Ok(IntegrityReport {
            intact: problems.is_empty(),
            problems,
        })
    }
}

command! {
    /// The database's raw SQLCipher key, for other SQLCipher tools; logged as an export.
    VaultDatabaseKey = "vault.database_key", DatabaseKeyArgs => DatabaseKey,
    |cx, a| {
        let credentials = cx.session.credentials(a.password)?;
        let key = cx.vault()?.export_database_key(&credentials)?;
        Ok(DatabaseKey {
            sqlcipher_raw_key: key.to_hex().as_str().to_owned(),
        })
    }
}

command! {
    /// Replaces the vault with a backup (a folder, a `.lagom-backup` file or an uploaded
    /// one), locking it first; erasures made since the backup are applied again at the next
    /// unlock. A file that is not a whole backup of this vault leaves the vault unchanged.
    VaultRestore = "vault.restore", RestoreArgs => RestoreReport,
    |cx, a| cx.session.restore(a)
}

command! {
    /// The app's settings (auto-lock, language).
    SettingsGet = "settings.get", NoArgs => Settings,
    |cx, _| cx.vault()?.settings()
}

command! {
    /// Changes the settings given.
    SettingsSet = "settings.set", SettingsPatch => Settings,
    |cx, a| cx.vault()?.update_settings(&a)
}

command! {
    /// Adds made-up people, numbered on from those already there, to try Lagom out.
    DemoAdd = "demo.add", DemoArgs => DemoAdded,
    |cx, a| {
        let vault = cx.vault()?;
        let start = vault.list_people(0, 0)?.total;
        let ids = vault.create_people(crate::people::demo::people(start, u64::from(a.people)))?;
        Ok(DemoAdded { created: ids.len() })
    }
}
