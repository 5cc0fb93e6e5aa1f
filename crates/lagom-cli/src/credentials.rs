//! Where passwords and secret keys come from: the environment for scripts, the system
//! keyring for the secret key, and otherwise a prompt on the terminal.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use lagom_core::api::SecretKeys;
use lagom_core::output::PathRules;
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
    handover: Arc<Mutex<Option<Handover>>>,
}

/// How a new secret key reaches its owner before it is put in force: the kit written and
/// flushed to disk, then the key printed and flushed, the command's whole result with it.
/// If either fails, the key is never put in force (see [`SecretKeys::deliver`]).
#[derive(Debug, Clone)]
pub struct Handover {
    /// The emergency kit's file, if asked for.
    pub kit: Option<PathBuf>,
    /// Where the kit may be written.
    pub rules: PathRules,
    /// Print JSON rather than text.
    pub json: bool,
    /// The command's result, printed with the key (`secret_key` and `kit` are added).
    pub result: serde_json::Value,
    /// The text printed above the key.
    pub headline: String,
    /// The sentence that introduces the key itself.
    pub key_intro: String,
}

impl Keys {
    /// The keyring, used when `enabled`.
    pub fn new(enabled: bool) -> Self {
        Self {
            keyring: Keyring { enabled },
            problem: Arc::default(),
            handover: Arc::default(),
        }
    }

    /// Says how the next new secret key is to be handed over.
    pub fn hand_over_with(&self, handover: Handover) {
        if let Ok(mut slot) = self.handover.lock() {
            *slot = Some(handover);
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

    fn deliver(
        &self,
        vault_id: uuid::Uuid,
        secret_key: &str,
        kit_html: &str,
    ) -> Result<(), String> {
        let mut slot = self
            .handover
            .lock()
            .map_err(|_| "internal error".to_owned())?;
        let Some(handover) = slot.take() else {
            return Err("the command line was not ready to show a new key".into());
        };
        if let Some(kit) = &handover.kit {
            lagom_core::output::write_file(kit, kit_html.as_bytes(), &handover.rules)
                .map_err(|e| format!("the emergency kit was not written: {e}"))?;
        }
        let kit = handover.kit.as_ref().map(|k| k.display().to_string());
        let stdout = std::io::stdout();
        let mut w = stdout.lock();
        let printed = if handover.json {
            let mut result = handover.result.clone();
            result["vault_id"] = vault_id.to_string().into();
            result["secret_key"] = secret_key.into();
            result["kit"] = kit.clone().into();
            // Stored in the keyring once in force; a failure then is noted on stderr.
            result["secret_key_remembered"] = self.keyring.enabled.into();
            let notes: Vec<&str> = if self.keyring.enabled {
                vec![]
            } else {
                vec!["the new secret key is not in a keyring (the keyring is switched off)"]
            };
            result["notes"] = notes.into();
            serde_json::to_writer_pretty(&mut w, &result)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(w))
        } else {
            writeln!(w, "{}", handover.headline)
                .and_then(|()| writeln!(w, "{}\n\n    {secret_key}\n", handover.key_intro))
                .and_then(|()| match &kit {
                    Some(k) => writeln!(
                        w,
                        "The emergency kit is in {k}: print it, keep it safe, then delete the file."
                    ),
                    None => Ok(()),
                })
        };
        printed
            .and_then(|()| w.flush())
            .map_err(|e| format!("the key could not be printed: {e}"))
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
