//! The audit trail records what happened without personal data, and edits are found.

use lagom_core::AuditFilter;
use lagom_core::audit::ChainProblem;
use lagom_core::people::PersonPatch;
use lagom_core::types::PersonRef;

use crate::support::{create, person, unlock};

fn raw_connection(dir: &std::path::Path, key: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(dir.join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    // An attacker with the raw key can drop the append-only triggers; the chain must
    // still catch the edit.
    conn.execute_batch(
        "DROP TRIGGER audit_events_are_append_only_update;
         DROP TRIGGER audit_events_are_append_only_delete;",
    )
    .unwrap();
    conn
}

fn vault_with_history(dir: &std::path::Path) -> (String, uuid::Uuid) {
    let mut v = create(dir);
    let id = v
        .create_person(person("Bjørn", "Kjær", "bjorn@kjaer.example"))
        .unwrap();
    v.show_person(&PersonRef::Id(id)).unwrap();
    v.update_person(
        &PersonRef::Id(id),
        &PersonPatch {
            phone: Some("+47 912 34 567".into()),
            ..Default::default()
        },
    )
    .unwrap();
    v.create_person(person("Åse", "Berg", "")).unwrap();
    let key = v.database_key().unwrap().to_hex().to_string();
    assert!(v.verify_audit().unwrap().is_intact());
    (key, id)
}

#[test]
fn events_name_kinds_and_fields_but_hold_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    vault_with_history(dir.path());
    let v = unlock(dir.path());
    let events = v
        .audit_events(&AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    let kinds: Vec<_> = events.iter().rev().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "vault.created",
            "person.created",
            "person.read",
            "person.updated",
            "person.created",
            "export",
            "unlock.ok"
        ]
    );
    let updated = events.iter().find(|e| e.kind == "person.updated").unwrap();
    assert_eq!(updated.detail["fields"], serde_json::json!(["phone"]));
    let all = serde_json::to_string(&events).unwrap();
    // Whole values only: a fragment as short as "912" turns up by chance in the random ids
    // and the milliseconds of the timestamps, about one run in twenty.
    for secret in [
        "Bjørn",
        "Kjær",
        "bjorn",
        "kjaer",
        "912 34 567",
        "91234567",
        "+47",
        "Åse",
    ] {
        assert!(!all.contains(secret), "the audit log holds {secret:?}");
    }
}

#[test]
fn an_edited_event_is_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = vault_with_history(dir.path());
    let conn = raw_connection(dir.path(), &key);
    conn.execute(
        "UPDATE audit_events SET kind = 'person.created' WHERE seq = 3",
        [],
    )
    .unwrap();
    drop(conn);
    let report = unlock(dir.path()).verify_audit().unwrap();
    assert_eq!(report.problems, vec![ChainProblem::Altered { seq: 3 }]);
}

#[test]
fn a_deleted_event_is_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = vault_with_history(dir.path());
    let conn = raw_connection(dir.path(), &key);
    conn.execute("DELETE FROM audit_events WHERE seq = 4", [])
        .unwrap();
    drop(conn);
    let report = unlock(dir.path()).verify_audit().unwrap();
    assert_eq!(
        report.problems,
        vec![ChainProblem::Missing { from: 4, to: 4 }]
    );
}

#[test]
fn removing_the_newest_events_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = vault_with_history(dir.path());
    let conn = raw_connection(dir.path(), &key);
    let last: i64 = conn
        .query_row("SELECT max(seq) FROM audit_events", [], |r| r.get(0))
        .unwrap();
    conn.execute("DELETE FROM audit_events WHERE seq >= ?1", [last - 1])
        .unwrap();
    drop(conn);
    // Verify without unlocking again through the API, which would append a new event.
    let dir2 = dir.path();
    let v = crate::support::try_unlock(dir2, "correct horse", 1).unwrap();
    let report = v.verify_audit().unwrap();
    assert!(
        report.problems.iter().any(|p| matches!(
            p,
            ChainProblem::TailRemoved { .. }
                | ChainProblem::Broken { .. }
                | ChainProblem::Missing { .. }
        )),
        "{report:?}"
    );
}

#[test]
fn appending_is_refused_by_the_database_itself_for_updates() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = vault_with_history(dir.path());
    let conn = rusqlite::Connection::open(dir.path().join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    let err = conn
        .execute("UPDATE audit_events SET kind = 'x' WHERE seq = 1", [])
        .unwrap_err();
    assert!(err.to_string().contains("cannot be changed"), "{err}");
    let err = conn
        .execute("DELETE FROM audit_events WHERE seq = 1", [])
        .unwrap_err();
    assert!(err.to_string().contains("cannot be deleted"), "{err}");
}

#[test]
fn a_trail_with_every_event_deleted_does_not_verify() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = vault_with_history(dir.path());
    let conn = raw_connection(dir.path(), &key);
    conn.execute_batch("DELETE FROM audit_events; DELETE FROM audit_head;")
        .unwrap();
    drop(conn);
    let v = crate::support::try_unlock(dir.path(), "correct horse", 1).unwrap();
    let report = v.verify_audit().unwrap();
    assert!(!report.is_intact(), "{report:?}");
}
