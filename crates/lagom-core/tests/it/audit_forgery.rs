//! Forging the audit trail with the raw database key, as someone who has it would: every
//! cut, edit and rollback is found at the next unlock or by `verify`, the owner can still
//! read and verify, and nothing is written over the damage until the owner reseals it.

use std::path::Path;

use lagom_core::audit::ChainProblem;
use lagom_core::{Error, ErrorCode, Vault};

use crate::support::{create, creds, person, try_unlock, unlock};

/// A vault with some history, locked; returns the raw SQLCipher key.
fn vault_with_history(dir: &Path) -> String {
    let mut v = create(dir);
    for (first, email) in [("Ingrid", "ingrid@x.example"), ("Per", "per@x.example")] {
        v.create_person(person(first, "Dahl", email)).unwrap();
    }
    let key = v.database_key().unwrap().to_hex().to_string();
    v.create_person(person("Sofie", "Lund", "sofie@x.example"))
        .unwrap();
    key
}

/// The database opened with the raw key, its append-only triggers dropped.
fn forger(dir: &Path, key: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(dir.join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS audit_events_are_append_only_update;
         DROP TRIGGER IF EXISTS audit_events_are_append_only_delete;",
    )
    .unwrap();
    conn
}

fn last_seq(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("SELECT max(seq) FROM audit_events", [], |r| r.get(0))
        .unwrap()
}

/// Unlocks and checks that the damage is named, that changes are refused with the
/// `corrupt` code, and that reading and verifying still work. Returns the vault.
fn damaged(dir: &Path, expected: &ChainProblem) -> Vault {
    let mut v = try_unlock(dir, "correct horse", 1).expect("a damaged trail still unlocks");
    assert_eq!(v.audit_damage(), Some(expected));
    let err = v
        .create_person(person("Ny", "Kunde", "ny@x.example"))
        .unwrap_err();
    assert!(matches!(err, Error::AuditTrailDamaged(_)), "{err}");
    assert_eq!(err.code(), ErrorCode::Corrupt);
    assert!(err.to_string().contains(&expected.to_string()), "{err}");
    let report = v.verify_audit().unwrap();
    assert!(report.problems.contains(expected), "{report:?}");
    v
}

#[test]
fn cutting_the_tail_and_moving_the_head_to_the_new_last_event_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let key = vault_with_history(dir.path());
    let conn = forger(dir.path(), &key);
    let last = last_seq(&conn);
    // The database-key export and everything after it.
    let export: i64 = conn
        .query_row(
            "SELECT seq FROM audit_events WHERE kind = 'export'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute("DELETE FROM audit_events WHERE seq >= ?1", [export])
        .unwrap();
    conn.execute(
        "UPDATE audit_head SET seq = ?1, hash = (SELECT hash FROM audit_events WHERE seq = ?1)",
        [export - 1],
    )
    .unwrap();
    drop(conn);
    let v = damaged(dir.path(), &ChainProblem::HeadAltered);
    // verify also names the rollback that audit.head shows.
    let report = v.verify_audit().unwrap();
    assert!(
        report.problems.contains(&ChainProblem::RolledBack {
            recorded_last: last,
            found_last: export - 1
        }),
        "{report:?}"
    );
}

#[test]
fn a_zeroed_head_seal_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let key = vault_with_history(dir.path());
    let conn = forger(dir.path(), &key);
    conn.execute("UPDATE audit_head SET mac = zeroblob(32)", [])
        .unwrap();
    drop(conn);
    damaged(dir.path(), &ChainProblem::HeadAltered);
}

#[test]
fn a_deleted_head_is_reported_not_a_unique_constraint() {
    let dir = tempfile::tempdir().unwrap();
    let key = vault_with_history(dir.path());
    let conn = forger(dir.path(), &key);
    conn.execute("DELETE FROM audit_head", []).unwrap();
    drop(conn);
    let v = damaged(dir.path(), &ChainProblem::HeadMissing);
    let report = v.verify_audit().unwrap();
    assert!(!report.is_intact());
}

/// The head row as it is now; then more work is done, so the row kept is an older copy.
fn head_row_before_more_work(dir: &Path, key: &str) -> (i64, Vec<u8>, Vec<u8>) {
    let conn = forger(dir, key);
    let old = conn
        .query_row("SELECT seq, hash, mac FROM audit_head", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    drop(conn);
    let mut v = unlock(dir);
    v.create_person(person("Ola", "Moen", "ola@x.example"))
        .unwrap();
    old
}

#[test]
fn an_older_copy_of_the_head_row_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let key = vault_with_history(dir.path());
    let old = head_row_before_more_work(dir.path(), &key);
    let conn = forger(dir.path(), &key);
    conn.execute(
        "UPDATE audit_head SET seq = ?1, hash = ?2, mac = ?3",
        rusqlite::params![old.0, old.1, old.2],
    )
    .unwrap();
    let last = last_seq(&conn);
    drop(conn);
    damaged(
        dir.path(),
        &ChainProblem::HeadMismatch {
            head: old.0,
            found_last: last,
        },
    );
}

#[test]
fn an_older_head_with_the_events_after_it_deleted_is_found_by_audit_head() {
    let dir = tempfile::tempdir().unwrap();
    let key = vault_with_history(dir.path());
    let old = head_row_before_more_work(dir.path(), &key);
    let conn = forger(dir.path(), &key);
    let last = last_seq(&conn);
    conn.execute("DELETE FROM audit_events WHERE seq > ?1", [old.0])
        .unwrap();
    conn.execute(
        "UPDATE audit_head SET seq = ?1, hash = ?2, mac = ?3",
        rusqlite::params![old.0, old.1, old.2],
    )
    .unwrap();
    drop(conn);
    damaged(
        dir.path(),
        &ChainProblem::RolledBack {
            recorded_last: last,
            found_last: old.0,
        },
    );
}

#[test]
fn a_whole_database_put_back_from_an_older_copy_is_found() {
    let dir = tempfile::tempdir().unwrap();
    vault_with_history(dir.path());
    let copy = dir.path().join("older-copy.db");
    std::fs::copy(dir.path().join("vault.db"), &copy).unwrap();
    let mut v = unlock(dir.path());
    v.create_person(person("Ola", "Moen", "ola@x.example"))
        .unwrap();
    drop(v);
    std::fs::copy(&copy, dir.path().join("vault.db")).unwrap();
    let v = try_unlock(dir.path(), "correct horse", 1).unwrap();
    assert!(
        matches!(v.audit_damage(), Some(ChainProblem::RolledBack { .. })),
        "{:?}",
        v.audit_damage()
    );
}

#[test]
fn committed_work_lost_with_a_deleted_write_ahead_log_is_found() {
    let dir = tempfile::tempdir().unwrap();
    vault_with_history(dir.path());
    let mut v = unlock(dir.path());
    v.create_person(person("Ola", "Moen", "ola@x.example"))
        .unwrap();
    // What is left on disk when the log is deleted while the vault is open and the process
    // then ends without closing it: the database file as it was before the log's commits,
    // beside the header and audit.head as they are now.
    assert!(dir.path().join("vault.db-wal").exists());
    let after = tempfile::tempdir().unwrap();
    for file in ["vault.db", "vault.header", "audit.head"] {
        std::fs::copy(dir.path().join(file), after.path().join(file)).unwrap();
    }
    drop(v);
    let v = try_unlock(after.path(), "correct horse", 1).unwrap();
    assert!(
        matches!(v.audit_damage(), Some(ChainProblem::RolledBack { .. })),
        "{:?}",
        v.audit_damage()
    );
}

#[test]
fn work_committed_after_the_write_ahead_log_was_deleted_is_saved_into_the_database() {
    let dir = tempfile::tempdir().unwrap();
    vault_with_history(dir.path());
    let mut v = unlock(dir.path());
    v.create_person(person("Ola", "Moen", "ola@x.example"))
        .unwrap();
    std::fs::remove_file(dir.path().join("vault.db-wal")).unwrap();
    v.create_person(person("Siri", "Moen", "siri@x.example"))
        .unwrap();
    // The process then ends without closing the database: what is on disk is all there is.
    let after = tempfile::tempdir().unwrap();
    for file in ["vault.db", "vault.header", "audit.head"] {
        std::fs::copy(dir.path().join(file), after.path().join(file)).unwrap();
    }
    drop(v);
    let v = unlock(after.path());
    assert_eq!(v.audit_damage(), None);
    assert_eq!(v.list_people(0, 100).unwrap().total, 5);
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn a_deleted_or_edited_audit_head_file_is_found() {
    let dir = tempfile::tempdir().unwrap();
    vault_with_history(dir.path());
    let file = dir.path().join("audit.head");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    drop(damaged(dir.path(), &ChainProblem::WitnessMissing));
    let mut edited = bytes.clone();
    edited[30] ^= 1;
    std::fs::write(&file, &edited).unwrap();
    drop(damaged(dir.path(), &ChainProblem::WitnessAltered));
    std::fs::write(&file, &bytes).unwrap();
    assert_eq!(unlock(dir.path()).audit_damage(), None);
}

#[test]
fn reordered_events_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let key = vault_with_history(dir.path());
    let conn = forger(dir.path(), &key);
    // Swap the content of events 2 and 3, keeping their numbers.
    conn.execute_batch(
        "UPDATE audit_events SET seq = -2 WHERE seq = 2;
         UPDATE audit_events SET seq = 2 WHERE seq = 3;
         UPDATE audit_events SET seq = 3 WHERE seq = -2;",
    )
    .unwrap();
    drop(conn);
    let report = unlock(dir.path()).verify_audit().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, ChainProblem::Altered { seq: 2 | 3 })),
        "{report:?}"
    );
}

#[test]
fn the_owner_reseals_a_damaged_trail_and_the_damage_stays_on_record() {
    let dir = tempfile::tempdir().unwrap();
    let key = vault_with_history(dir.path());
    let conn = forger(dir.path(), &key);
    let last = last_seq(&conn);
    conn.execute("DELETE FROM audit_events WHERE seq >= ?1", [last - 1])
        .unwrap();
    drop(conn);
    let mut v = damaged(
        dir.path(),
        &ChainProblem::TailRemoved {
            expected_last: last,
            found_last: last - 2,
        },
    );
    let wrong = v.reseal_audit(&creds("not the password", 1)).unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::WrongCredentials);
    let resealed = v.reseal_audit(&creds("correct horse", 1)).unwrap();
    assert!(
        resealed
            .messages
            .iter()
            .any(|p| p.contains("newest events were deleted")),
        "{resealed:?}"
    );
    v.create_person(person("Ny", "Kunde", "ny@x.example"))
        .unwrap();
    let report = v.verify_audit().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.reseals.len(), 1);
    assert_eq!(report.reseals[0].problems, resealed.problems);
    assert_eq!(report.reseals[0].messages, resealed.messages);
    assert!(matches!(
        resealed.problems[0],
        ChainProblem::TailRemoved { .. }
    ));
    drop(v);
    assert_eq!(unlock(dir.path()).audit_damage(), None);
    let again = unlock(dir.path())
        .reseal_audit(&creds("correct horse", 1))
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::Conflict);
}

#[test]
fn a_restored_backup_is_not_taken_for_a_rollback() {
    let dir = tempfile::tempdir().unwrap();
    let vault_dir = dir.path().join("vault");
    let backup_dir = dir.path().join("backup");
    vault_with_history(&vault_dir);
    let mut v = unlock(&vault_dir);
    v.backup(&backup_dir).unwrap();
    v.create_person(person("Ola", "Moen", "ola@x.example"))
        .unwrap();
    drop(v);
    Vault::restore(&vault_dir, &backup_dir, &lagom_core::SystemClock).unwrap();
    let v = unlock(&vault_dir);
    assert_eq!(v.audit_damage(), None);
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn a_database_cut_to_nothing_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let v = create(dir.path());
    // Even a vault never closed has its first page on disk: only damage empties the file.
    std::mem::forget(v);
    assert!(
        std::fs::metadata(dir.path().join("vault.db"))
            .unwrap()
            .len()
            > 0
    );
    let dir = tempfile::tempdir().unwrap();
    vault_with_history(dir.path());
    std::fs::write(dir.path().join("vault.db"), b"").unwrap();
    let err = try_unlock(dir.path(), "correct horse", 1).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt);
    assert!(err.to_string().contains("empty"), "{err}");
    assert_eq!(
        std::fs::metadata(dir.path().join("vault.db"))
            .unwrap()
            .len(),
        0
    );
}
