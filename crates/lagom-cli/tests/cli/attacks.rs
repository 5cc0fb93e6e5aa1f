//! What an attacker or a careless user does from the command line, and what they get.

use super::{Vault, code, stderr};

/// The database opened with the raw key `lagom database-key` hands out.
fn forger(v: &Vault) -> rusqlite::Connection {
    let key = v.json(&["database-key"])["sqlcipher_raw_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let conn = rusqlite::Connection::open(v.path.join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    conn
}

#[test]
fn a_cut_audit_trail_with_its_head_moved_back_is_reported_and_writes_wait_for_a_reseal() {
    let v = Vault::new();
    v.json(&[
        "person",
        "add",
        "--first-name",
        "Kari",
        "--email",
        "kari@x.example",
    ]);
    let conn = forger(&v);
    // Remove the database-key export itself and move the head to the event before it.
    conn.execute_batch(
        "DROP TRIGGER audit_events_are_append_only_delete;
         DELETE FROM audit_events WHERE seq >= (SELECT seq FROM audit_events WHERE kind = 'export');
         UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_events),
                               hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1);",
    )
    .unwrap();
    drop(conn);

    let verify = v.run(&["audit", "verify"]);
    assert_eq!(code(&verify), 5, "{}", stderr(&verify));
    let text = String::from_utf8_lossy(&verify.stdout);
    assert!(
        text.contains("record of the newest event was edited"),
        "{text}"
    );
    assert!(text.contains("audit.head shows it reached"), "{text}");

    let refused = v.run(&["person", "add", "--first-name", "Ola"]);
    assert_eq!(code(&refused), 5, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("audit trail is damaged"),
        "{}",
        stderr(&refused)
    );

    let resealed = v.run(&["audit", "reseal"]);
    assert_eq!(code(&resealed), 0, "{}", stderr(&resealed));
    v.json(&["person", "add", "--first-name", "Ola"]);
    let verify = v.run(&["audit", "verify"]);
    assert_eq!(code(&verify), 0, "{}", stderr(&verify));
    let text = String::from_utf8_lossy(&verify.stdout);
    assert!(text.contains("Resealed at event"), "{text}");
}

#[test]
fn a_deleted_audit_head_row_leaves_verify_working() {
    let v = Vault::new();
    let conn = forger(&v);
    conn.execute("DELETE FROM audit_head", []).unwrap();
    drop(conn);
    let verify = v.run(&["--json", "audit", "verify"]);
    assert_eq!(code(&verify), 5, "{}", stderr(&verify));
    assert!(!stderr(&verify).contains("UNIQUE"), "{}", stderr(&verify));
    let report: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(report["problems"][0]["problem"], "head_missing");
    assert_eq!(report["writes_refused"], true);
}
