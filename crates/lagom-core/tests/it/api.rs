//! The command table as the shells use it: JSON in, JSON out, errors by code, a locked vault
//! refusing everything but status, create and unlock.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use lagom_core::api::{COMMANDS, SecretKeys, Session};
use lagom_core::{ErrorCode, SecretKey, SystemClock};
use serde_json::{Value, json};

use crate::support::{FAST, HandClock};

/// A keyring in memory, shared with the test so it can be emptied.
#[derive(Clone, Default)]
struct MemoryKeys(Arc<Mutex<Option<String>>>);

impl SecretKeys for MemoryKeys {
    fn find(&self, _: uuid::Uuid) -> Option<SecretKey> {
        let stored = self.0.lock().unwrap().clone()?;
        SecretKey::parse(&stored).ok()
    }
    fn remember(&self, _: uuid::Uuid, key: &SecretKey) -> bool {
        *self.0.lock().unwrap() = Some(key.display().as_str().to_owned());
        true
    }
}

fn call(s: &mut Session, command: &str, args: Value) -> lagom_core::Result<Value> {
    s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
}

#[test]
fn a_session_goes_from_nothing_to_people_and_back_to_locked() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeys::default();
    let mut s = Session::new(
        &dir.path().join("v"),
        Arc::new(SystemClock),
        Box::new(keys.clone()),
    )
    .with_kdf(FAST);
    let status = call(&mut s, "vault.status", Value::Null).unwrap();
    assert_eq!(
        (status["exists"].clone(), status["unlocked"].clone()),
        (json!(false), json!(false))
    );
    let err = call(&mut s, "people.list", Value::Null).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Locked);

    let created = call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari", "password": "correct horse battery" }),
    )
    .unwrap();
    let secret = created["secret_key"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("LG1-"));
    assert!(created["kit_html"].as_str().unwrap().contains(&secret));
    let id = call(
        &mut s,
        "person.create",
        json!({ "fields": { "first_name": "Bjørn", "last_name": "Kjær", "email": "bjorn@kjaer.no" } }),
    )
    .unwrap()["id"]
        .clone();
    let found = call(&mut s, "people.search", json!({ "query": "kjaer" })).unwrap();
    assert_eq!(found["people"][0]["id"], id);
    let updated = call(
        &mut s,
        "person.update",
        json!({ "person": "bjorn@kjaer.no", "patch": { "city": "Oslo" } }),
    )
    .unwrap();
    assert_eq!(updated["city"], "Oslo");
    assert_eq!(
        call(&mut s, "audit.verify", Value::Null).unwrap()["intact"],
        true
    );

    call(&mut s, "vault.lock", Value::Null).unwrap();
    assert!(!s.is_unlocked());
    let status = call(&mut s, "vault.status", Value::Null).unwrap();
    assert_eq!(status["secret_key_remembered"], true);
    let wrong = call(
        &mut s,
        "vault.unlock",
        json!({ "password": "wrong horse battery" }),
    );
    assert_eq!(wrong.unwrap_err().code(), ErrorCode::WrongCredentials);
    // The remembered key is used when none is typed; without one, the error says what to do.
    call(
        &mut s,
        "vault.unlock",
        json!({ "password": "correct horse battery" }),
    )
    .unwrap();
    call(&mut s, "vault.lock", Value::Null).unwrap();
    *keys.0.lock().unwrap() = None;
    let err = call(
        &mut s,
        "vault.unlock",
        json!({ "password": "correct horse battery" }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("emergency kit"), "{err}");
    let status = call(
        &mut s,
        "vault.unlock",
        json!({ "password": "correct horse battery", "secret_key": secret }),
    )
    .unwrap();
    assert_eq!(status["user"], "Kari");
    assert_eq!(
        call(&mut s, "people.list", Value::Null).unwrap()["total"],
        1
    );
}

#[test]
fn bad_commands_and_arguments_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(
        dir.path(),
        Arc::new(SystemClock),
        Box::new(MemoryKeys::default()),
    );
    let err = call(&mut s, "people.drop", Value::Null).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    let err = call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari", "pasword": "x" }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("pasword"), "{err}");
    assert!(COMMANDS.contains(&"import.commit"));
}

#[test]
fn a_session_nobody_uses_locks_after_the_auto_lock_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::new(chrono::Utc::now());
    let mut s = Session::new(
        &dir.path().join("v"),
        clock.shared(),
        Box::new(MemoryKeys::default()),
    )
    .with_kdf(FAST);
    call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari", "password": "correct horse battery" }),
    )
    .unwrap();
    call(&mut s, "settings.set", json!({ "auto_lock_minutes": 5 })).unwrap();
    let later = |minutes: i64| clock.advance(chrono::Duration::minutes(minutes));
    // Used every four minutes, it stays open.
    for _ in 0..3 {
        later(4);
        call(&mut s, "people.list", Value::Null).unwrap();
    }
    later(6);
    let err = call(&mut s, "people.list", Value::Null).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Locked);
    assert!(!s.is_unlocked());
}

#[test]
fn replacing_the_keys_issues_a_secret_key_the_keyring_remembers_and_retires_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeys::default();
    let mut s = Session::new(
        &dir.path().join("v"),
        Arc::new(SystemClock),
        Box::new(keys.clone()),
    )
    .with_kdf(FAST);
    let created = call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari", "password": "correct horse battery" }),
    )
    .unwrap();
    let old = created["secret_key"].as_str().unwrap().to_owned();
    let status = call(&mut s, "vault.status", Value::Null).unwrap();
    let today = status["today"].as_str().unwrap();
    assert_eq!(today.len(), 10, "{today}");
    assert!(chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").is_ok());

    let rotated = call(
        &mut s,
        "vault.rotate_key",
        json!({ "password": "correct horse battery" }),
    )
    .unwrap();
    let new = rotated["secret_key"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert_eq!(rotated["secret_key_remembered"], true);
    assert!(rotated["kit_html"].as_str().unwrap().contains(&new));
    assert_eq!(keys.0.lock().unwrap().as_deref(), Some(new.as_str()));

    call(&mut s, "vault.lock", Value::Null).unwrap();
    let err = call(
        &mut s,
        "vault.unlock",
        json!({ "password": "correct horse battery", "secret_key": old }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongCredentials);
    // Unlocking with the remembered (new) key works without typing it.
    call(
        &mut s,
        "vault.unlock",
        json!({ "password": "correct horse battery" }),
    )
    .unwrap();
}

#[test]
fn the_database_key_is_handed_out_only_with_the_password_typed_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(
        &dir.path().join("v"),
        Arc::new(SystemClock),
        Box::new(MemoryKeys::default()),
    )
    .with_kdf(FAST);
    call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari", "password": "correct horse battery" }),
    )
    .unwrap();
    let refused = call(&mut s, "vault.database_key", json!({})).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Validation);
    let wrong = call(
        &mut s,
        "vault.database_key",
        json!({ "password": "not the password" }),
    )
    .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::WrongCredentials);
    let key = call(
        &mut s,
        "vault.database_key",
        json!({ "password": "correct horse battery" }),
    )
    .unwrap();
    assert_eq!(key["sqlcipher_raw_key"].as_str().unwrap().len(), 64);
}

#[test]
fn generated_types_match_the_committed_file() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(lagom_core::api::GENERATED_FILE);
    let generated = lagom_core::api::typescript();
    if std::env::var_os("LAGOM_WRITE_TS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is not what the command table's Rust types generate. Write it again with \
         `LAGOM_WRITE_TS=1 cargo test -p lagom-core generated_types` and commit it.",
        lagom_core::api::GENERATED_FILE
    );
}
