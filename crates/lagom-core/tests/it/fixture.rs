//! A vault written by an earlier version must open in this one: the fixture in
//! `tests/data/vault-v1` was made by schema version 1 and is never regenerated.

use std::sync::Arc;

use lagom_core::{Password, SecretKey, SystemClock, Vault};

fn copy_fixture() -> tempfile::TempDir {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vault-v1");
    let dir = tempfile::tempdir().unwrap();
    for name in ["vault.header", "vault.db"] {
        std::fs::copy(src.join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn fixture_credentials() -> lagom_core::Credentials {
    let text = include_str!("../data/vault-v1/CREDENTIALS.txt");
    let get = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap()
            .trim()
            .to_owned()
    };
    lagom_core::Credentials {
        password: Password::from(get("password:")),
        secret_key: SecretKey::parse(&get("secret key:")).unwrap(),
    }
}

#[test]
fn vault_made_by_schema_v1_opens_and_migrates() {
    let dir = copy_fixture();
    let mut v = Vault::unlock(dir.path(), &fixture_credentials(), Arc::new(SystemClock)).unwrap();
    assert_eq!(v.schema_version().unwrap(), lagom_core::SCHEMA_VERSION);
    let page = v.list_people(10, 0).unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(v.search_people("bjorn", 5).unwrap().people.len(), 1);
    assert!(v.verify_audit().unwrap().is_intact());
    let who = lagom_core::types::PersonRef::Email("kari@fjord.example".into());
    assert_eq!(v.show_person(&who).unwrap().processing.len(), 1);
}

#[test]
fn a_vault_from_a_newer_version_is_refused_clearly() {
    let dir = copy_fixture();
    {
        let mut v =
            Vault::unlock(dir.path(), &fixture_credentials(), Arc::new(SystemClock)).unwrap();
        let key = v.database_key().unwrap().to_hex().to_string();
        drop(v);
        let conn = rusqlite::Connection::open(dir.path().join("vault.db")).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = \"x'{key}'\"; PRAGMA user_version = 999;"
        ))
        .unwrap();
    }
    let err = Vault::unlock(dir.path(), &fixture_credentials(), Arc::new(SystemClock)).unwrap_err();
    assert_eq!(err.code(), lagom_core::ErrorCode::Unsupported);
    assert!(err.to_string().contains("999"), "{err}");
}
