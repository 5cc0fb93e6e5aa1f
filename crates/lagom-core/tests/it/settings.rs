//! The settings screen through the command table: settings kept in the vault and checked by
//! the core, a password change and a key rotation that leave only the new credentials working.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use lagom_core::api::{COMMANDS, SecretKeys, Session};
use lagom_core::{ErrorCode, SecretKey, SystemClock};
use serde_json::{Value, json};

use crate::support::FAST;

const PASSWORD: &str = "correct horse battery";

/// A keyring in memory that the test can read.
#[derive(Clone, Default)]
struct MemoryKeys(Arc<Mutex<Option<String>>>);

impl SecretKeys for MemoryKeys {
    fn find(&self, _: uuid::Uuid) -> Option<SecretKey> {
        SecretKey::parse(self.0.lock().unwrap().as_deref()?).ok()
    }
    fn remember(&self, _: uuid::Uuid, key: &SecretKey) -> bool {
        *self.0.lock().unwrap() = Some(key.display().as_str().to_owned());
        true
    }
}

fn call(s: &mut Session, command: &str, args: Value) -> lagom_core::Result<Value> {
    s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
}

/// A new vault, unlocked, with its secret key as shown on the emergency kit.
fn session(dir: &std::path::Path, keys: MemoryKeys) -> (Session, String) {
    let mut s = Session::new(&dir.join("v"), Arc::new(SystemClock), Box::new(keys)).with_kdf(FAST);
    let created = call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari Nordmann", "password": PASSWORD }),
    )
    .unwrap();
    (s, created["secret_key"].as_str().unwrap().to_owned())
}

fn unlock(s: &mut Session, password: &str, secret_key: &str) -> lagom_core::Result<Value> {
    call(s, "vault.lock", Value::Null).unwrap();
    call(
        s,
        "vault.unlock",
        json!({ "password": password, "secret_key": secret_key }),
    )
}

fn kinds(s: &mut Session) -> Vec<String> {
    let events = call(s, "audit.list", json!({ "limit": 100 })).unwrap();
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn settings_start_at_defaults_and_survive_locking() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, key) = session(dir.path(), MemoryKeys::default());
    assert_eq!(
        call(&mut s, "settings.get", Value::Null).unwrap(),
        json!({ "auto_lock_minutes": 10, "language": null })
    );
    let set = call(
        &mut s,
        "settings.set",
        json!({ "auto_lock_minutes": 25, "language": "nb" }),
    )
    .unwrap();
    assert_eq!(set, json!({ "auto_lock_minutes": 25, "language": "nb" }));
    // A field left out stays; null goes back to the computer's languages.
    call(&mut s, "settings.set", json!({ "auto_lock_minutes": 240 })).unwrap();
    unlock(&mut s, PASSWORD, &key).unwrap();
    assert_eq!(
        call(&mut s, "settings.get", Value::Null).unwrap(),
        json!({ "auto_lock_minutes": 240, "language": "nb" })
    );
    call(&mut s, "settings.set", json!({ "language": null })).unwrap();
    assert_eq!(
        call(&mut s, "settings.get", Value::Null).unwrap()["language"],
        Value::Null
    );
}

#[test]
fn settings_out_of_range_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path(), MemoryKeys::default());
    for bad in [
        json!({ "auto_lock_minutes": 0 }),
        json!({ "auto_lock_minutes": 241 }),
        json!({ "auto_lock_minutes": -5 }),
        json!({ "language": "fr" }),
        json!({ "theme": "dark" }),
        json!({ "auto_lock_minutes": 30, "language": "xx" }),
    ] {
        let err = call(&mut s, "settings.set", bad.clone()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{bad}");
    }
    let err = call(&mut s, "settings.set", json!({ "auto_lock_minutes": 0 })).unwrap_err();
    assert!(err.to_string().contains("auto_lock_minutes"), "{err}");
    assert_eq!(
        call(&mut s, "settings.get", Value::Null).unwrap(),
        json!({ "auto_lock_minutes": 10, "language": null })
    );
    assert!(!kinds(&mut s).contains(&"settings.changed".to_owned()));
}

#[test]
fn a_settings_change_is_audited_by_name_and_a_repeat_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path(), MemoryKeys::default());
    call(&mut s, "settings.set", json!({ "auto_lock_minutes": 5 })).unwrap();
    call(&mut s, "settings.set", json!({ "auto_lock_minutes": 5 })).unwrap();
    let events = call(&mut s, "audit.list", json!({ "kind": "settings.changed" })).unwrap();
    assert_eq!(events.as_array().unwrap().len(), 1);
    assert_eq!(
        events[0]["detail"],
        json!({ "settings": ["auto_lock_minutes"] })
    );
    assert_eq!(events[0]["actor_name"], "Kari Nordmann");
    assert_eq!(
        call(&mut s, "audit.verify", Value::Null).unwrap()["intact"],
        true
    );
}

#[test]
fn settings_need_an_unlocked_vault() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path(), MemoryKeys::default());
    call(&mut s, "vault.lock", Value::Null).unwrap();
    for (command, args) in [
        ("settings.get", json!({})),
        ("settings.set", json!({ "auto_lock_minutes": 5 })),
        (
            "vault.change_password",
            json!({ "current_password": PASSWORD, "new_password": "a longer new passphrase" }),
        ),
        ("vault.rotate_key", json!({ "password": PASSWORD })),
        ("audit.list", json!({})),
    ] {
        let err = call(&mut s, command, args).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Locked, "{command}");
    }
    for command in [
        "settings.get",
        "settings.set",
        "vault.change_password",
        "vault.rotate_key",
        "audit.kinds",
    ] {
        assert!(COMMANDS.contains(&command), "{command}");
    }
}

#[test]
fn a_changed_password_opens_the_vault_and_the_old_one_no_longer_does() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, key) = session(dir.path(), MemoryKeys::default());
    let args = json!({ "current_password": PASSWORD, "new_password": "a longer new passphrase" });
    call(&mut s, "vault.change_password", args).unwrap();
    assert!(s.is_unlocked());
    let err = unlock(&mut s, PASSWORD, &key).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongCredentials);
    unlock(&mut s, "a longer new passphrase", &key).unwrap();
    assert!(kinds(&mut s).contains(&"password.changed".to_owned()));
    // And back again, as the person might.
    call(
        &mut s,
        "vault.change_password",
        json!({ "current_password": "a longer new passphrase", "new_password": PASSWORD }),
    )
    .unwrap();
    unlock(&mut s, PASSWORD, &key).unwrap();
}

#[test]
fn a_password_change_needs_the_current_password_and_a_good_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, key) = session(dir.path(), MemoryKeys::default());
    let err = call(
        &mut s,
        "vault.change_password",
        json!({ "current_password": "not the password", "new_password": "a longer new passphrase" }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongCredentials);
    let err = call(
        &mut s,
        "vault.change_password",
        json!({ "current_password": PASSWORD, "new_password": "short" }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(!kinds(&mut s).contains(&"password.changed".to_owned()));
    // Nothing changed: the original credentials still work.
    unlock(&mut s, PASSWORD, &key).unwrap();
}

#[test]
fn a_rotated_key_replaces_the_secret_key_and_the_old_one_stops_working() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeys::default();
    let (mut s, old_key) = session(dir.path(), keys.clone());
    let id = call(
        &mut s,
        "person.create",
        json!({ "fields": { "first_name": "Bjørn", "last_name": "Kjær" } }),
    )
    .unwrap()["id"]
        .clone();
    let old_header = std::fs::read(dir.path().join("v/vault.header")).unwrap();

    let rotated = call(&mut s, "vault.rotate_key", json!({ "password": PASSWORD })).unwrap();
    let new_key = rotated["secret_key"].as_str().unwrap().to_owned();
    assert!(new_key.starts_with("LG1-") && new_key != old_key);
    assert!(rotated["kit_html"].as_str().unwrap().contains(&new_key));
    assert!(
        rotated["kit_html"]
            .as_str()
            .unwrap()
            .contains("Kari Nordmann")
    );
    assert_eq!(rotated["secret_key_remembered"], true);
    assert_eq!(
        keys.0.lock().unwrap().as_deref(),
        Some(new_key.as_str()),
        "the keyring holds the new key"
    );
    // The session goes on, and a password change afterwards uses the new key.
    assert_eq!(
        call(&mut s, "person.show", json!({ "person": id })).unwrap()["first_name"],
        "Bjørn"
    );

    let err = unlock(&mut s, PASSWORD, &old_key).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongCredentials);
    unlock(&mut s, PASSWORD, &new_key).unwrap();
    // The remembered key is the new one.
    call(&mut s, "vault.lock", Value::Null).unwrap();
    call(&mut s, "vault.unlock", json!({ "password": PASSWORD })).unwrap();
    let seen = kinds(&mut s);
    assert!(seen.contains(&"key.rotated".to_owned()), "{seen:?}");
    assert!(seen.contains(&"password.changed".to_owned()), "{seen:?}");
    assert_eq!(
        call(&mut s, "audit.verify", Value::Null).unwrap()["intact"],
        true
    );

    // An old copy of the header with the old credentials opens nothing any more.
    call(&mut s, "vault.lock", Value::Null).unwrap();
    std::fs::write(dir.path().join("v/vault.header"), old_header).unwrap();
    let err = call(
        &mut s,
        "vault.unlock",
        json!({ "password": PASSWORD, "secret_key": old_key }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
}

#[test]
fn a_rotation_with_the_wrong_password_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeys::default();
    let (mut s, key) = session(dir.path(), keys.clone());
    let err = call(
        &mut s,
        "vault.rotate_key",
        json!({ "password": "not the password" }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongCredentials);
    assert_eq!(keys.0.lock().unwrap().as_deref(), Some(key.as_str()));
    unlock(&mut s, PASSWORD, &key).unwrap();
    assert!(!kinds(&mut s).contains(&"key.rotated".to_owned()));
}

#[test]
fn a_session_unlocked_by_a_typed_key_can_change_keys_without_a_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(
        &dir.path().join("v"),
        Arc::new(SystemClock),
        Box::new(lagom_core::api::NoSecretKeys),
    )
    .with_kdf(FAST);
    let created = call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari", "password": PASSWORD }),
    )
    .unwrap();
    let key = created["secret_key"].as_str().unwrap().to_owned();
    unlock(&mut s, PASSWORD, &key).unwrap();
    let rotated = call(&mut s, "vault.rotate_key", json!({ "password": PASSWORD })).unwrap();
    assert_eq!(rotated["secret_key_remembered"], false);
    let new_key = rotated["secret_key"].as_str().unwrap().to_owned();
    call(
        &mut s,
        "vault.change_password",
        json!({ "current_password": PASSWORD, "new_password": "a longer new passphrase" }),
    )
    .unwrap();
    unlock(&mut s, "a longer new passphrase", &new_key).unwrap();
}
