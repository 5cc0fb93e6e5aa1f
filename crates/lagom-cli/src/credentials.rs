//! Where passwords and secret keys come from: the environment for scripts, the system
//! keyring for the secret key, and otherwise a prompt on the terminal.

use std::sync::{Arc, Mutex};

use lagom_core::api::SecretKeys;
use lagom_core::{Password, SecretKey};
use secrecy::{ExposeSecret, SecretString};

use crate::error::CliError;

pub use lagom_core::keyring::Keyring;

/// The keyring as the command table sees it, noting why it could not remember a key so that
/// the terminal can say so.
#[derive(Debug, Clone)]
pub struct Keys {
    /// The system keyring (or none, with `--no-keyring`).
    pub keyring: Keyring,
    problem: Arc<Mutex<Option<String>>>,
}

impl Keys {
    /// The keyring, used when `enabled`.
    pub fn new(enabled: bool) -> Self {
        Self {
            keyring: Keyring { enabled },
            problem: Arc::default(),
        }
    }

    /// Why the last key could not be remembered, if it could not.
    pub fn problem(&self) -> Option<String> {
        self.problem.lock().ok().and_then(|p| p.clone())
    }
}

impl SecretKeys for Keys {
    fn find(&self, vault_id: uuid::Uuid) -> Option<SecretKey> {
        self.keyring.load(&vault_id)
    }

    fn remember(&self, vault_id: uuid::Uuid, key: &SecretKey) -> bool {
        let stored = self.keyring.store(&vault_id, key);
        if let Ok(mut slot) = self.problem.lock() {
            *slot = stored.as_ref().err().cloned();
        }
        stored.is_ok()
    }
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
