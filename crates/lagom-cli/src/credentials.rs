//! Where passwords and secret keys come from: the environment for scripts, the system
//! keyring for the secret key, and otherwise a prompt on the terminal.

use lagom_core::{Password, SecretKey};
use secrecy::{ExposeSecret, SecretString};

use crate::error::CliError;

/// The keyring service every Lagom secret key is filed under.
const KEYRING_SERVICE: &str = "lagom";

/// The keyring account a vault's secret key is filed under: `vault:<id>`.
fn account(vault_id: &impl std::fmt::Display) -> String {
    format!("vault:{vault_id}")
}

fn env_secret(name: &str) -> Option<SecretString> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(SecretString::from)
}

fn prompt(text: &str, env_hint: &str) -> Result<SecretString, CliError> {
    rpassword::prompt_password(text)
        .map(SecretString::from)
        .map_err(|_| {
            CliError::Usage(format!(
                "cannot ask for {env_hint}: no terminal. Set {env_hint} in the environment"
            ))
        })
}

/// The current password: `LAGOM_PASSWORD`, or asked for.
pub fn password() -> Result<Password, CliError> {
    match env_secret("LAGOM_PASSWORD") {
        Some(p) => Ok(p),
        None => prompt("Password: ", "LAGOM_PASSWORD"),
    }
}

/// A new password: `env` (LAGOM_PASSWORD for a new vault, LAGOM_NEW_PASSWORD for a change),
/// or asked for twice.
pub fn new_password(env: &str) -> Result<Password, CliError> {
    let pw = match env_secret(env) {
        Some(p) => p,
        None => {
            let first = prompt("New password: ", env)?;
            let again = prompt("New password again: ", env)?;
            if first.expose_secret() != again.expose_secret() {
                return Err(CliError::Usage("the two passwords differ".into()));
            }
            first
        }
    };
    lagom_core::vault::check_new_password(&pw)?;
    Ok(pw)
}

/// The keyring, unless switched off.
pub struct Keyring {
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

/// The secret key: `LAGOM_SECRET_KEY`, else the keyring, else asked for.
pub fn secret_key(
    keyring: &Keyring,
    vault_id: &impl std::fmt::Display,
) -> Result<SecretKey, CliError> {
    if let Some(text) = env_secret("LAGOM_SECRET_KEY") {
        return Ok(SecretKey::parse(text.expose_secret()).map_err(lagom_core::Error::from)?);
    }
    if let Some(key) = keyring.load(vault_id) {
        return Ok(key);
    }
    let text = prompt(
        "Secret key (LG1-…, from your emergency kit): ",
        "LAGOM_SECRET_KEY",
    )?;
    Ok(SecretKey::parse(text.expose_secret()).map_err(lagom_core::Error::from)?)
}
