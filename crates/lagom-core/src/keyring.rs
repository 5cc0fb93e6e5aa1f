//! The operating system's keyring (Secret Service on Linux, the Keychain on macOS, the
//! Credential Manager on Windows, through the `keyring` crate), where a vault's secret key is
//! remembered so that unlocking on this computer needs only the password. Shared by both
//! shells; a computer without a keyring simply remembers nothing.

use secrecy::{ExposeSecret, SecretString};

use crate::SecretKey;
use crate::api::SecretKeys;

/// The keyring service every Lagom secret key is filed under.
const KEYRING_SERVICE: &str = "lagom";

/// The keyring account a vault's secret key is filed under: `vault:<id>`.
fn account(vault_id: &impl std::fmt::Display) -> String {
    format!("vault:{vault_id}")
}

/// The keyring, unless switched off.
#[derive(Debug, Clone, Copy)]
pub struct Keyring {
    /// Whether to use it at all.
    pub enabled: bool,
}

impl Keyring {
    fn entry(&self, vault_id: &impl std::fmt::Display) -> Option<keyring::Entry> {
        if !self.enabled {
            return None;
        }
        keyring::Entry::new(KEYRING_SERVICE, &account(vault_id)).ok()
    }

    /// The vault's secret key from the keyring, if one is there.
    pub fn load(&self, vault_id: &impl std::fmt::Display) -> Option<SecretKey> {
        let text = SecretString::from(self.entry(vault_id)?.get_password().ok()?);
        SecretKey::parse(text.expose_secret()).ok()
    }

    /// Files the secret key in the keyring. Returns why not, when it could not.
    pub fn store(&self, vault_id: &impl std::fmt::Display, key: &SecretKey) -> Result<(), String> {
        if !self.enabled {
            return Err("the keyring is switched off (--no-keyring)".into());
        }
        if keyring::Entry::store_status().is_err() {
            return Err("no system keyring is available here".into());
        }
        let entry = keyring::Entry::new(KEYRING_SERVICE, &account(vault_id))
            .map_err(|e| format!("the system keyring refused: {e}"))?;
        entry
            .set_password(key.display().as_str())
            .map_err(|e| format!("the system keyring refused: {e}"))?;
        // Read back: some backends accept a write and keep nothing.
        match self.load(vault_id) {
            Some(back) if &back == key => Ok(()),
            _ => Err("the system keyring did not keep the key".into()),
        }
    }
}

impl SecretKeys for Keyring {
    fn find(&self, vault_id: uuid::Uuid) -> Option<SecretKey> {
        self.load(&vault_id)
    }
    fn remember(&self, vault_id: uuid::Uuid, key: &SecretKey) -> bool {
        self.store(&vault_id, key).is_ok()
    }
}
