//! The vault's own settings: how long the app waits before it locks by itself, and the
//! language it speaks. They live inside the encrypted vault (the `settings` table), so they
//! travel with it to another computer, and every change is an audit event naming the
//! settings changed.

use serde::{Deserialize, Serialize};

use crate::audit::AuditKind;
use crate::db::lists;
use crate::text::present;
use crate::types::Language;
use crate::vault::Vault;
use crate::{Error, Result};

/// The fewest minutes of idleness before the app locks itself.
pub const MIN_AUTO_LOCK_MINUTES: u32 = 1;
/// The most: four hours. Longer would leave an unattended vault open for a working day.
pub const MAX_AUTO_LOCK_MINUTES: u32 = 240;
/// Until the owner chooses otherwise.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 10;

const AUTO_LOCK_KEY: &str = "auto_lock_minutes";
const LANGUAGE_KEY: &str = lists::LANGUAGE_SETTING;

/// The settings as they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Settings {
    /// Minutes without a key press, click or scroll before the app locks the vault.
    pub auto_lock_minutes: u32,
    /// The language chosen for the app; `None` follows the computer's languages.
    pub language: Option<Language>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES,
            language: None,
        }
    }
}

/// A change to the settings: absent fields stay as they are; `language: null` goes back to
/// the computer's languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    /// New auto-lock minutes.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub auto_lock_minutes: Option<u32>,
    /// New language (`Some(None)` clears it).
    #[serde(default, deserialize_with = "present")]
    #[ts(optional = nullable)]
    pub language: Option<Option<Language>>,
}

/// Refuses auto-lock minutes outside the allowed range.
pub fn check_auto_lock_minutes(minutes: u32) -> Result<()> {
    if (MIN_AUTO_LOCK_MINUTES..=MAX_AUTO_LOCK_MINUTES).contains(&minutes) {
        Ok(())
    } else {
        Err(Error::validation(
            "auto_lock_minutes",
            format!("must be from {MIN_AUTO_LOCK_MINUTES} to {MAX_AUTO_LOCK_MINUTES} minutes"),
        ))
    }
}

/// The settings from their stored text; anything unreadable (written by hand, or by a later
/// version) falls back to the default rather than locking the owner out of the app.
fn from_stored(auto_lock: Option<String>, language: Option<String>) -> Settings {
    let auto_lock_minutes = auto_lock
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|m| check_auto_lock_minutes(*m).is_ok())
        .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES);
    Settings {
        auto_lock_minutes,
        language: language.as_deref().and_then(Language::parse),
    }
}

impl Vault {
    /// The settings, with defaults for those never set.
    pub fn settings(&self) -> Result<Settings> {
        let conn = &self.store.conn;
        Ok(from_stored(
            lists::setting(conn, AUTO_LOCK_KEY)?,
            lists::setting(conn, LANGUAGE_KEY)?,
        ))
    }

    /// Changes the settings in one transaction with a `settings.changed` event naming the
    /// settings that changed. A patch that changes nothing writes nothing. Returns the
    /// settings as they now stand.
    pub fn update_settings(&mut self, patch: &SettingsPatch) -> Result<Settings> {
        if let Some(minutes) = patch.auto_lock_minutes {
            check_auto_lock_minutes(minutes)?;
        }
        let before = self.settings()?;
        let mut after = before.clone();
        if let Some(minutes) = patch.auto_lock_minutes {
            after.auto_lock_minutes = minutes;
        }
        if let Some(language) = patch.language {
            after.language = language;
        }
        let mut changed = Vec::new();
        if after.auto_lock_minutes != before.auto_lock_minutes {
            changed.push(AUTO_LOCK_KEY);
        }
        if after.language != before.language {
            changed.push(LANGUAGE_KEY);
        }
        self.write_settings(&changed, |tx| {
            lists::set_setting(tx, AUTO_LOCK_KEY, &after.auto_lock_minutes.to_string())?;
            lists::put_setting(tx, LANGUAGE_KEY, after.language.map(Language::as_str))
        })?;
        Ok(after)
    }

    /// Writes settings in one transaction with a `settings.changed` event naming the settings
    /// changed, never their values. When nothing changed, nothing is written.
    pub(crate) fn write_settings<K: AsRef<str>>(
        &mut self,
        changed: &[K],
        put: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<()>,
    ) -> Result<()> {
        if changed.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = changed.iter().map(AsRef::as_ref).collect();
        self.write(|tx, audit, ctx| {
            put(tx)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::SettingsChanged,
                    None,
                    serde_json::json!({ "settings": names }),
                ),
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_stored_values_fall_back_to_defaults() {
        assert_eq!(from_stored(None, None), Settings::default());
        assert_eq!(
            from_stored(Some("0".into()), Some("fr".into())),
            Settings::default()
        );
        assert_eq!(
            from_stored(Some("many".into()), None).auto_lock_minutes,
            DEFAULT_AUTO_LOCK_MINUTES
        );
        assert_eq!(
            from_stored(Some("30".into()), Some("sv".into())),
            Settings {
                auto_lock_minutes: 30,
                language: Some(Language::Sv)
            }
        );
    }

    #[test]
    fn auto_lock_minutes_are_bounded() {
        assert!(check_auto_lock_minutes(0).is_err());
        assert!(check_auto_lock_minutes(1).is_ok());
        assert!(check_auto_lock_minutes(240).is_ok());
        assert!(check_auto_lock_minutes(241).is_err());
    }

    #[test]
    fn a_patch_tells_null_from_absent() {
        let absent: SettingsPatch = serde_json::from_str(r#"{"auto_lock_minutes": 5}"#).unwrap();
        assert_eq!(absent.language, None);
        let cleared: SettingsPatch = serde_json::from_str(r#"{"language": null}"#).unwrap();
        assert_eq!(cleared.language, Some(None));
        let set: SettingsPatch = serde_json::from_str(r#"{"language": "da"}"#).unwrap();
        assert_eq!(set.language, Some(Some(Language::Da)));
        assert!(serde_json::from_str::<SettingsPatch>(r#"{"language": "fr"}"#).is_err());
    }
}
