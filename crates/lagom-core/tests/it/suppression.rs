//! An erased person stays erased: the erasure keeps keyed hashes of their addresses and
//! numbers, an import of them again skips their row (dry run and commit, however the number
//! is written, by any one of their addresses), a backup made before the erasure gets the
//! record back when it is restored, adding them by hand is refused unless the reason is
//! given (then the record is lifted and later imports go through), and nothing in the
//! ledger or the tables holds an address or a number.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use lagom_core::import::{ImportFile, ImportOptions, ImportReport, Outcome};
use lagom_core::rights::model::{NewRequest, RequestKind};
use lagom_core::types::PersonRef;
use lagom_core::{ErrorCode, OsEntropy, Vault};
use rusqlite::Connection;

use crate::erasure::{create_at, raw, unlock_at};
use crate::support::person;

const WORK: &str = "kari.zyxkvist@fjordpost.example";
const PRIVATE: &str = "kari.privat@nordlys.example";

/// Kari with her work address and mobile number, as a customer list has her.
const LIST: &str = "Fornavn;Etternavn;E-post;Mobil\n\
Kari;Zyxkvist;kari.zyxkvist@fjordpost.example;+47 412 00 001\n";

/// Kari again in a later list, with her private address: merged into her by the number.
const LATER: &str = "Fornavn;Etternavn;E-post;Mobil\n\
Kari;Zyxkvist;kari.privat@nordlys.example;+47 412 00 001\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn options(path: &Path) -> ImportOptions {
    ImportOptions::new(vec![ImportFile::at(path)])
}

fn dry_run(v: &mut Vault, path: &Path) -> ImportReport {
    v.plan_import(&options(path), &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

fn commit(v: &mut Vault, path: &Path) -> ImportReport {
    v.import(&options(path), &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

/// A vault on 2026-03-01 holding Kari with two addresses and a number, with an erasure request about her.
fn vault_with_kari(dir: &Path) -> (Vault, uuid::Uuid, PathBuf) {
    let mut v = create_at(&dir.join("vault"), (2026, 3, 1));
    let card = write(dir, "kunder.csv", LIST);
    assert_eq!(commit(&mut v, &card).counts.created, 1);
    let later = write(dir, "kunder-2.csv", LATER);
    assert_eq!(commit(&mut v, &later).counts.updated, 1);
    let kari = v.search_people("zyxkvist", 5).unwrap().people[0].id;
    v.create_request(&NewRequest {
        kind: RequestKind::Erasure,
        people: vec![kari.to_string()],
        received_on: None,
        channel: "e-mail".into(),
        description: String::new(),
    })
    .unwrap();
    (v, kari, card)
}

fn erase(v: &mut Vault, who: uuid::Uuid) -> lagom_core::erasure::ErasureReport {
    v.erase_person(&PersonRef::Id(who), Some("R-0001"), &mut OsEntropy)
        .unwrap()
}

const REASON: &str = "erased on 2026-03-01 (request R-0001): the row was not imported";

/// The row was left out as erased, with its reason, and nobody was created.
fn assert_skipped(report: &ImportReport) {
    assert_eq!(
        (report.counts.erased, report.counts.created),
        (1, 0),
        "{report:#?}"
    );
    assert_eq!(
        report.preview[0].outcome,
        Outcome::Erased {
            erased_on: "2026-03-01".into(),
            request: Some("R-0001".into()),
        }
    );
    let reasons: Vec<&str> = report.issues.iter().map(|i| i.reason.as_str()).collect();
    assert_eq!(reasons, [REASON]);
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn an_erased_person_in_the_same_file_again_is_skipped_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, kari, card) = vault_with_kari(dir.path());
    let preview = v.preview_erasure(&PersonRef::Id(kari)).unwrap();
    let report = erase(&mut v, kari);
    // Two addresses (one hash each) and a number with its country (two).
    assert_eq!(
        (preview.suppression_hashes, report.suppression_hashes),
        (4, 4)
    );

    assert_skipped(&dry_run(&mut v, &card));
    let committed = commit(&mut v, &card);
    assert_skipped(&committed);
    assert_eq!(v.search_people("zyxkvist", 5).unwrap().total, 0);
    assert_eq!(v.list_people(10, 0).unwrap().total, 0);

    // The number written another way, or only the second address, is still her.
    for (name, text) in [
        (
            "other-phone.csv",
            "Fornavn;Etternavn;Mobil\nKari;Zyxkvist;412 00 001\n",
        ),
        ("e164.csv", "Fornavn;Etternavn;Mobil\nK.;Z.;+4741200001\n"),
        (
            "second-address.csv",
            "Navn;E-post\nKari Z;KARI.PRIVAT@nordlys.example\n",
        ),
    ] {
        let file = write(dir.path(), name, text);
        assert_skipped(&dry_run(&mut v, &file));
        assert_skipped(&commit(&mut v, &file));
    }
    // Someone else is imported as ever, and the same digits in Denmark are another number.
    let others = write(
        dir.path(),
        "others.csv",
        "Fornavn;Etternavn;E-post;Mobil\nOla;Nordmann;ola@example.no;+45 41 20 00 01\n",
    );
    let r = commit(&mut v, &others);
    assert_eq!((r.counts.created, r.counts.erased), (1, 0), "{r:#?}");
}

#[test]
fn a_backup_made_before_the_erasure_gets_the_suppression_back_when_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, kari, card) = vault_with_kari(dir.path());
    let backup = dir.path().join("before");
    v.backup(&backup).unwrap();
    erase(&mut v, kari);
    v.lock();

    let vault = dir.path().join("vault");
    Vault::restore(&vault, &backup, &*crate::erasure::clock((2026, 3, 2))).unwrap();
    let mut v = unlock_at(&vault, (2026, 3, 2));
    assert_eq!(
        v.show_person(&PersonRef::Id(kari)).unwrap_err().code(),
        ErrorCode::NotFound
    );
    let restored = v
        .audit_events(&lagom_core::AuditFilter {
            kind: Some("suppression.restored".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(restored.len(), 1);
    assert_eq!(restored[0].detail["request"], "R-0001");
    assert_skipped(&dry_run(&mut v, &card));
    assert_skipped(&commit(&mut v, &card));
    assert!(v.verify_audit().unwrap().is_intact());

    // Put back once: the next unlock has nothing to restore.
    v.lock();
    let v = unlock_at(&vault, (2026, 3, 3));
    let again = v
        .audit_events(&lagom_core::AuditFilter {
            kind: Some("suppression.restored".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(again.len(), 1);
}

#[test]
fn adding_an_erased_person_by_hand_is_refused_unless_the_reason_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, kari, card) = vault_with_kari(dir.path());
    erase(&mut v, kari);

    let mut again = person("Kari", "Zyxkvist", PRIVATE);
    // Typed by hand, without the country.
    again.fields.phone = Some("412 00 001".into());
    let refused = v.add_person(again.clone(), false).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Erased);
    let message = refused.to_string();
    assert!(
        message.contains("erased on 2026-03-01 (request R-0001)"),
        "{message}"
    );
    assert!(!message.contains("kari"), "{message}");
    // Her number alone, written another way, is her too.
    let mut by_phone = person("K.", "Z.", "k.z@elsewhere.example");
    by_phone.fields.phone = Some("+47 412 00 001".into());
    assert_eq!(
        v.add_person(by_phone, true).unwrap_err().code(),
        ErrorCode::Erased
    );
    // The batch path refuses too, and a blank reason is no reason.
    assert_eq!(
        v.create_person(again.clone()).unwrap_err().code(),
        ErrorCode::Erased
    );
    assert_eq!(
        v.add_person_registering_erased(again.clone(), false, Some("  "))
            .unwrap_err()
            .code(),
        ErrorCode::Validation
    );
    assert_eq!(v.list_people(10, 0).unwrap().total, 0);

    let why = "came back as a customer and asked to be registered again";
    let new_kari = v
        .add_person_registering_erased(again, false, Some(why))
        .unwrap();
    let lifted = v
        .audit_events(&lagom_core::AuditFilter {
            kind: Some("suppression.lifted".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(lifted.len(), 1);
    assert_eq!(lifted[0].subject_id, Some(new_kari.to_string()));
    assert_eq!(lifted[0].detail["reason"], why);
    assert_eq!(lifted[0].detail["lifted"][0]["request"], "R-0001");
    assert_eq!(
        lifted[0].detail["lifted"][0]["erased_person"],
        kari.to_string()
    );

    let (conn, _) = raw(&mut v);
    let (lifted_at, by, reason, registered_as): (Option<String>, Option<String>, String, String) =
        conn.query_row(
            "SELECT lifted_at, lifted_by, lifted_reason, registered_as FROM suppressions",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert!(lifted_at.is_some() && by.is_some());
    assert_eq!(
        (reason.as_str(), registered_as),
        (why, new_kari.to_string())
    );
    // Kept as proof, hashes and all.
    assert_eq!(count(&conn, "SELECT count(*) FROM suppression_hashes"), 4);

    // The bundle tells her of the record kept.
    let bundle = v.subject_access(&PersonRef::Id(new_kari), None).unwrap();
    assert_eq!(bundle.earlier_erasures.len(), 1);
    let earlier = &bundle.earlier_erasures[0];
    assert_eq!(
        (earlier.request.as_deref(), earlier.hashes),
        (Some("R-0001"), 4)
    );
    assert_eq!(earlier.reason.as_deref(), Some(why));

    // Lifted: the old file's row now merges into her instead of being skipped.
    let r = commit(&mut v, &card);
    assert_eq!((r.counts.erased, r.counts.updated), (0, 1), "{r:#?}");
    assert_eq!(v.list_people(10, 0).unwrap().total, 1);

    // Erased again: a new entry, and the reason written about her goes with her.
    v.erase_person(&PersonRef::Id(new_kari), None, &mut OsEntropy)
        .unwrap();
    let (conn, _) = raw(&mut v);
    assert_eq!(count(&conn, "SELECT count(*) FROM suppressions"), 2);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM suppressions WHERE lifted_reason <> ''"
        ),
        0
    );
    let r = dry_run(&mut v, &card);
    assert_eq!(r.counts.erased, 1, "{r:#?}");
}

#[test]
fn an_edited_suppression_line_is_ignored_and_version_one_lines_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, kari, card) = vault_with_kari(dir.path());
    let backup = dir.path().join("before");
    v.backup(&backup).unwrap();
    erase(&mut v, kari);
    v.lock();

    let vault = dir.path().join("vault");
    let ledger = vault.join("erasures.log");
    let text = std::fs::read_to_string(&ledger).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "header, v1 line, v2 line: {text}");
    assert!(lines[2].starts_with("v2\tsuppression\t"));
    // Someone drops a hash from Kari's line (say, to let her private address through).
    let fields: Vec<&str> = lines[2].split('\t').collect();
    let fewer = fields[5].split(',').skip(1).collect::<Vec<_>>().join(",");
    let edited = lines[2].replacen(fields[5], &fewer, 1);
    std::fs::write(&ledger, format!("{}\n{}\n{edited}\n", lines[0], lines[1])).unwrap();

    Vault::restore(&vault, &backup, &*crate::erasure::clock((2026, 3, 2))).unwrap();
    let mut v = unlock_at(&vault, (2026, 3, 2));
    // The v1 line still erases her again; the edited v2 line restores nothing.
    assert_eq!(
        v.show_person(&PersonRef::Id(kari)).unwrap_err().code(),
        ErrorCode::NotFound
    );
    let (conn, _) = raw(&mut v);
    assert_eq!(count(&conn, "SELECT count(*) FROM erasures"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM suppressions"), 0);
    assert_eq!(dry_run(&mut v, &card).counts.erased, 0);
}

#[test]
fn neither_the_ledger_nor_the_suppression_tables_hold_an_address_or_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, kari, _) = vault_with_kari(dir.path());
    erase(&mut v, kari);
    let ledger = std::fs::read(dir.path().join("vault/erasures.log")).unwrap();
    let (conn, key) = raw(&mut v);
    let mut rows = Vec::new();
    for table in ["suppressions", "suppression_hashes"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let cells: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.extend(cells);
    }
    let stored = rows.join("\n");
    let plain = crate::erasure::plaintext(&dir.path().join("vault"), &key);
    for needle in [
        WORK,
        PRIVATE,
        "fjordpost",
        "nordlys",
        "41200001",
        "4741200001",
        "412 00 001",
    ] {
        let bytes = needle.as_bytes();
        assert!(
            !ledger.windows(bytes.len()).any(|w| w == bytes),
            "the ledger holds {needle}"
        );
        assert!(!stored.contains(needle), "the tables hold {needle}");
        assert!(
            !plain.windows(bytes.len()).any(|w| w == bytes),
            "a page of the vault holds {needle}"
        );
    }
}

#[test]
fn a_schema_8_vault_opens_with_no_suppression_for_its_earlier_erasure() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vault-v8");
    let dir = tempfile::tempdir().unwrap();
    for name in ["vault.header", "vault.db", "audit.head", "erasures.log"] {
        std::fs::copy(src.join(name), dir.path().join(name)).unwrap();
    }
    let text = std::fs::read_to_string(src.join("CREDENTIALS.txt")).unwrap();
    let get = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap()
            .trim()
            .to_owned()
    };
    let credentials = lagom_core::Credentials {
        password: lagom_core::Password::from(get("password:")),
        secret_key: lagom_core::SecretKey::parse(&get("secret key:")).unwrap(),
    };
    let mut v = Vault::unlock(
        dir.path(),
        &credentials,
        std::sync::Arc::new(lagom_core::SystemClock),
    )
    .unwrap();
    assert_eq!(v.schema_version().unwrap(), lagom_core::SCHEMA_VERSION);
    assert!(v.verify_audit().unwrap().is_intact());
    let (conn, _) = raw(&mut v);
    // Its erasure from before suppression stays an erasure; its addresses were gone before
    // schema 10 came, so no hash of them can be made, and none is invented.
    assert_eq!(count(&conn, "SELECT count(*) FROM erasures"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM suppressions"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM suppression_hashes"), 0);
    let ledger = std::fs::read_to_string(dir.path().join("erasures.log")).unwrap();
    assert!(!ledger.contains("v2\t"), "{ledger}");
}
