use lagom_core::{ErrorCode, Password};

use crate::support::{
    FAST, Seeded, create, creds, person, secret_key, try_create, try_unlock, unlock,
};

#[test]
fn created_vault_unlocks_and_keeps_its_people() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    v.lock();
    let v = unlock(dir.path());
    assert_eq!(v.list_people(10, 0).unwrap().total, 1);
    assert_eq!(v.schema_version().unwrap(), lagom_core::SCHEMA_VERSION);
}

#[test]
fn a_database_without_its_header_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path()).lock();
    std::fs::rename(
        dir.path().join("vault.header"),
        dir.path().join("header.bak"),
    )
    .unwrap();
    let before = std::fs::read(dir.path().join("vault.db")).unwrap();
    let err = try_create(dir.path(), "another password", 2).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(std::fs::read(dir.path().join("vault.db")).unwrap(), before);
    std::fs::rename(
        dir.path().join("header.bak"),
        dir.path().join("vault.header"),
    )
    .unwrap();
    unlock(dir.path());
}

#[test]
fn creating_over_an_existing_vault_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path()).lock();
    let err = try_create(dir.path(), "pw", 2).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
}

#[test]
fn wrong_password_and_wrong_secret_key_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path()).lock();
    let wrong_pw = try_unlock(dir.path(), "wrong horse", 1).unwrap_err();
    assert!(
        matches!(wrong_pw, lagom_core::Error::WrongPassword),
        "{wrong_pw:?}"
    );
    let wrong_sk = try_unlock(dir.path(), "correct horse", 7).unwrap_err();
    assert!(
        matches!(wrong_sk, lagom_core::Error::WrongSecretKey),
        "{wrong_sk:?}"
    );
    assert_eq!(wrong_pw.code(), ErrorCode::WrongCredentials);
}

#[test]
fn missing_vault_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let err = try_unlock(&dir.path().join("nothing"), "pw", 1).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn flipped_header_bytes_give_a_clear_error_and_the_original_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path()).lock();
    let path = dir.path().join("vault.header");
    let original = std::fs::read(&path).unwrap();
    for i in (0..original.len()).step_by(7) {
        let mut damaged = original.clone();
        damaged[i] ^= 0x20;
        std::fs::write(&path, &damaged).unwrap();
        let err = try_unlock(dir.path(), "correct horse", 1).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Corrupt, "byte {i}: {err}");
        assert!(err.to_string().contains("vault.header"), "byte {i}: {err}");
    }
    std::fs::write(&path, &original).unwrap();
    unlock(dir.path());
}

#[test]
fn a_tampered_database_gives_a_clear_error_not_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.create_people((0..2000).map(|i| person("Per", &format!("Hansen{i}"), "")))
        .unwrap();
    v.lock();
    let db = dir.path().join("vault.db");
    let original = std::fs::read(&db).unwrap();
    assert!(original.len() > 3 * 4096);
    // A byte in the first page: the open itself fails.
    let mut damaged = original.clone();
    damaged[100] ^= 0x01;
    std::fs::write(&db, &damaged).unwrap();
    let err = try_unlock(dir.path(), "correct horse", 1).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    assert!(err.to_string().contains("vault.db"), "{err}");
    // A byte in a later page: the integrity check names it, reads fail cleanly.
    let mut damaged = original.clone();
    let last_page = original.len() / 4096 - 1;
    damaged[last_page * 4096 + 2000] ^= 0x01;
    std::fs::write(&db, &damaged).unwrap();
    match try_unlock(dir.path(), "correct horse", 1) {
        Err(err) => assert_eq!(err.code(), ErrorCode::Corrupt, "{err}"),
        Ok(v) => assert!(
            !v.check_integrity().unwrap().is_empty(),
            "the damaged page went unnoticed"
        ),
    }
    std::fs::write(&db, &original).unwrap();
    assert!(unlock(dir.path()).check_integrity().unwrap().is_empty());
}

#[test]
fn a_database_from_another_vault_does_not_open_under_this_header() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    create(a.path()).lock();
    create(b.path()).lock();
    std::fs::copy(b.path().join("vault.db"), a.path().join("vault.db")).unwrap();
    let err = try_unlock(a.path(), "correct horse", 1).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
}

#[test]
fn change_password_keeps_data_and_only_the_new_password_works() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.create_person(person("Kari", "Nordmann", "")).unwrap();
    let new_pw = Password::from("new battery staple".to_owned());
    v.change_password(
        &creds("correct horse", 1),
        &new_pw,
        None,
        FAST,
        &mut Seeded(3, 0),
    )
    .unwrap();
    v.lock();
    assert!(matches!(
        try_unlock(dir.path(), "correct horse", 1).unwrap_err(),
        lagom_core::Error::WrongPassword
    ));
    let v = try_unlock(dir.path(), "new battery staple", 1).unwrap();
    assert_eq!(v.list_people(10, 0).unwrap().total, 1);
}

#[test]
fn change_password_needs_the_current_password() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let new_pw = Password::from("x".to_owned());
    let err = v
        .change_password(&creds("not it", 1), &new_pw, None, FAST, &mut Seeded(3, 0))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongCredentials);
}

#[test]
fn a_new_secret_key_replaces_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let pw = Password::from("correct horse".to_owned());
    v.change_password(
        &creds("correct horse", 1),
        &pw,
        Some(&secret_key(9)),
        FAST,
        &mut Seeded(4, 0),
    )
    .unwrap();
    v.lock();
    assert!(matches!(
        try_unlock(dir.path(), "correct horse", 1).unwrap_err(),
        lagom_core::Error::WrongSecretKey
    ));
    try_unlock(dir.path(), "correct horse", 9).unwrap();
}

#[test]
fn rotating_the_key_re_encrypts_and_the_old_raw_key_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.create_people((0..500).map(|i| person("Ola", &format!("Berg{i}"), "")))
        .unwrap();
    let old_key = v.database_key().unwrap().to_hex();
    v.rotate_key(&creds("correct horse", 1), &mut lagom_core::OsEntropy)
        .unwrap();
    let new_key = v.database_key().unwrap().to_hex();
    assert_ne!(old_key, new_key);
    assert!(v.verify_audit().unwrap().is_intact());
    v.lock();

    let v = unlock(dir.path());
    assert_eq!(v.list_people(1, 0).unwrap().total, 500);
    assert!(v.verify_audit().unwrap().is_intact());
    drop(v);

    let conn = rusqlite::Connection::open(dir.path().join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", old_key.as_str()))
        .unwrap();
    assert!(
        conn.query_row("SELECT count(*) FROM people", [], |r| r.get::<_, i64>(0))
            .is_err()
    );
}

#[test]
fn failed_unlocks_reach_the_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path()).lock();
    for seed in [1, 5] {
        let pw = if seed == 1 { "wrong" } else { "correct horse" };
        let _ = try_unlock(dir.path(), pw, seed);
    }
    let v = unlock(dir.path());
    let failed = v
        .audit_events(&lagom_core::AuditFilter {
            kind: Some("unlock.failed".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let reasons: Vec<_> = failed
        .iter()
        .map(|e| e.detail["reason"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(reasons, ["wrong_secret_key", "wrong_password"]);
    assert!(!dir.path().join("unlock-failures.log").exists());
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn short_new_passwords_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = try_create(dir.path(), "short", 2).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(!dir.path().join("vault.header").exists());
    let mut v = create(dir.path());
    let err = v
        .change_password(
            &creds("correct horse", 1),
            &Password::from("  ".to_owned()),
            None,
            FAST,
            &mut Seeded(1, 0),
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}
