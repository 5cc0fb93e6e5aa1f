//! Where passwords and secret keys come from: the environment for scripts, the system
//! keyring for the secret key, and otherwise a prompt on the terminal.

use lagom_core::{Password, SecretKey};
use secrecy::{ExposeSecret, SecretString};

use crate::error::CliError;

pub use lagom_core::keyring::Keyring;

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
