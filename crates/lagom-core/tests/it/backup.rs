//! Backups on real vault files: a backup opens with the vault's credentials, restoring it
//! applies again every erasure made since (under the same pseudonym), and a ledger line
//! whose transaction never committed is completed at the next unlock.

use std::path::Path;

use lagom_core::types::PersonRef;
use lagom_core::{ErrorCode, OsEntropy, Vault};

use crate::erasure::{
    EMAIL, FIRST, LAST, clock, create_at, found_in, insert_invoice, raw, unlock_at,
};
use crate::support::person;

fn kinds(v: &Vault, kind: &str) -> usize {
    v.audit_events(&lagom_core::AuditFilter {
        kind: Some(kind.into()),
        limit: 100,
        ..Default::default()
    })
    .unwrap()
    .len()
}

fn invoice_pseudonym(v: &mut Vault) -> Option<String> {
    let (conn, _) = raw(v);
    conn.query_row(
        "SELECT pseudonym FROM invoices WHERE number = 'A-1'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn restoring_a_backup_applies_again_the_erasures_made_since() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let backups = tmp.path().join("backups");
    let mut v = create_at(&dir, (2026, 6, 1));
    let erased = v.create_person(person(FIRST, LAST, EMAIL)).unwrap();
    let stays = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    {
        let (conn, _) = raw(&mut v);
        insert_invoice(&conn, "A-1", &erased.to_string(), "2025-01-10", None);
    }
    let made = v.backup(&backups.join("monday")).unwrap();
    assert!(made.bytes > 0);
    assert_eq!(kinds(&v, "backup.created"), 1);
    // A second backup into the same place is refused rather than mixed.
    assert_eq!(
        v.backup(&backups.join("monday")).unwrap_err().code(),
        ErrorCode::Exists
    );

    let report = v
        .erase_person(&PersonRef::Id(erased), None, &mut OsEntropy)
        .unwrap();
    assert_eq!(invoice_pseudonym(&mut v), Some(report.pseudonym.clone()));
    v.lock();

    // The backup is still encrypted: no plain SQLite header.
    let copy = std::fs::read(backups.join("monday/vault.db")).unwrap();
    assert!(!copy.starts_with(b"SQLite format 3\0"));

    Vault::restore(&dir, &backups.join("monday"), &*clock((2026, 6, 2))).unwrap();
    let mut v = unlock_at(&dir, (2026, 6, 2));
    assert_eq!(
        v.show_person(&PersonRef::Id(erased)).unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert!(v.show_person(&PersonRef::Id(stays)).is_ok());
    assert_eq!(v.search_people("zyxkvist", 5).unwrap().total, 0);
    assert_eq!(invoice_pseudonym(&mut v), Some(report.pseudonym.clone()));
    assert_eq!(kinds(&v, "erasure.reapplied"), 1);
    assert_eq!(kinds(&v, "backup.restored"), 1);
    assert!(v.verify_audit().unwrap().is_intact());
    let (_, key) = raw(&mut v);
    assert_eq!(found_in(&dir, &key), Vec::<&str>::new());

    // Brought up to date once: the next unlock applies nothing again.
    v.lock();
    let v = unlock_at(&dir, (2026, 6, 3));
    assert_eq!(kinds(&v, "erasure.reapplied"), 1);
}

#[test]
fn a_backup_of_another_vault_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = create_at(&tmp.path().join("a"), (2026, 6, 1));
    a.backup(&tmp.path().join("a-backup")).unwrap();
    a.lock();
    create_at(&tmp.path().join("b"), (2026, 6, 1)).lock();
    let refused = Vault::restore(
        &tmp.path().join("b"),
        &tmp.path().join("a-backup"),
        &*clock((2026, 6, 2)),
    );
    assert_eq!(refused.unwrap_err().code(), ErrorCode::Conflict);
    let missing = Vault::restore(
        &tmp.path().join("b"),
        &tmp.path().join("nothing here"),
        &*clock((2026, 6, 2)),
    );
    assert_eq!(missing.unwrap_err().code(), ErrorCode::NotFound);
}

fn copy_vault(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in ["vault.db", "vault.header", "audit.head"] {
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
}

#[test]
fn a_ledger_line_whose_transaction_never_committed_is_completed_at_unlock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let before = tmp.path().join("before");
    let mut v = create_at(&dir, (2026, 6, 1));
    let id = v.create_person(person(FIRST, LAST, EMAIL)).unwrap();
    v.lock();
    copy_vault(&dir, &before);

    // The line reaches the disk before the transaction commits; a crash in between is the
    // database as it was before with the line already written.
    let mut v = unlock_at(&dir, (2026, 6, 1));
    let report = v
        .erase_person(&PersonRef::Id(id), None, &mut OsEntropy)
        .unwrap();
    v.lock();
    copy_vault(&before, &dir);

    let mut v = unlock_at(&dir, (2026, 6, 1));
    assert_eq!(
        v.show_person(&PersonRef::Id(id)).unwrap_err().code(),
        ErrorCode::NotFound
    );
    let events = v
        .audit_events(&lagom_core::AuditFilter {
            kind: Some("erasure.reapplied".into()),
            limit: 5,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].detail["pseudonym"], report.pseudonym.as_str());
    assert_eq!(events[0].detail["person_found"], true);
}
