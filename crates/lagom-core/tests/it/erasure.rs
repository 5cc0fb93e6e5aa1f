//! Erasure on real vault files: everything about the person goes, invoices within their
//! retention stay under a pseudonym and older ones go, no byte of the name or e-mail is left
//! on any page of the decrypted file (free pages and the write-ahead log included), an
//! import's undo cannot bring the person back, and the ledger beside the vault stays in step.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use aes::cipher::{BlockCipherDecrypt, KeyInit};
use chrono::{TimeZone, Utc};
use lagom_core::erasure::RetentionPatch;
use lagom_core::import::{ImportFile, ImportOptions};
use lagom_core::people::PersonPatch;
use lagom_core::types::PersonRef;
use lagom_core::{ErrorCode, FixedClock, NewVault, OsEntropy, Vault};
use rusqlite::{Connection, params};

use crate::support::{FAST, creds, person};

pub const FIRST: &str = "Bjørn";
pub const LAST: &str = "Zyxkvistgård";
pub const EMAIL: &str = "bjorn.zyxkvist@fjordpost.example";

/// What must not be found anywhere once the person is erased: the name as typed, the
/// e-mail, and the index's folded forms (parts of words, since the index stores a term
/// after the first one on a page as the rest after what it shares with the one before).
pub const NEEDLES: &[&str] = &[FIRST, LAST, EMAIL, "bjorn.zyx", "kvistg", "ordpost"];

/// A vault whose clock stands at noon on the given day.
pub fn create_at(dir: &Path, (y, m, d): (i32, u32, u32)) -> Vault {
    Vault::create(
        dir,
        NewVault {
            owner_name: "Owner".into(),
            credentials: creds("correct horse", 1),
            kdf: FAST,
        },
        clock((y, m, d)),
        &mut OsEntropy,
    )
    .unwrap()
}

pub fn clock((y, m, d): (i32, u32, u32)) -> Arc<FixedClock> {
    Arc::new(FixedClock(Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()))
}

pub fn unlock_at(dir: &Path, day: (i32, u32, u32)) -> Vault {
    Vault::unlock(dir, &creds("correct horse", 1), clock(day)).unwrap()
}

/// A second connection to the vault's database, with its raw key.
pub fn raw(v: &mut Vault) -> (Connection, [u8; 32]) {
    let hex_key = v.database_key().unwrap().to_hex().to_string();
    let conn = Connection::open(v.dir().join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex_key}'\";"))
        .unwrap();
    let key: [u8; 32] = hex::decode(&hex_key).unwrap().try_into().unwrap();
    (conn, key)
}

const PAGE: usize = 4096;
const RESERVE: usize = 80;

/// One SQLCipher 4 page decrypted: AES-256-CBC under the raw key, the IV in the first 16
/// bytes of the reserve at the page's end; page 1 starts with the file's salt instead.
fn decrypt_page(key: &[u8; 32], page: &[u8], first: bool) -> Vec<u8> {
    let cipher = aes::Aes256::new_from_slice(key).unwrap();
    let start = if first { 16 } else { 0 };
    let end = PAGE - RESERVE;
    let mut prev: [u8; 16] = page[end..end + 16].try_into().unwrap();
    let mut out = Vec::with_capacity(PAGE);
    if first {
        out.extend_from_slice(b"SQLite format 3\0");
    }
    for chunk in page[start..end].chunks(16) {
        let block: [u8; 16] = chunk.try_into().unwrap();
        let mut b = aes::Block::from(block);
        cipher.decrypt_block(&mut b);
        out.extend(b.iter().zip(prev).map(|(x, p)| x ^ p));
        prev = block;
    }
    out
}

/// Every page of `vault.db` and every frame of `vault.db-wal`, decrypted, end to end.
pub fn plaintext(dir: &Path, key: &[u8; 32]) -> Vec<u8> {
    let db = std::fs::read(dir.join("vault.db")).unwrap();
    assert_eq!(db.len() % PAGE, 0);
    let mut out = Vec::new();
    for (i, page) in db.chunks(PAGE).enumerate() {
        let plain = decrypt_page(key, page, i == 0);
        if i == 0 {
            // The decryption is right if page 1 reads as SQLite's header: 4096-byte pages
            // with 80 bytes reserved.
            assert_eq!(&plain[16..18], &[0x10, 0x00], "page 1 does not decrypt");
            assert_eq!(plain[20], RESERVE as u8);
        }
        out.extend(plain);
    }
    if let Ok(wal) = std::fs::read(dir.join("vault.db-wal")) {
        for frame in wal.get(32..).unwrap_or(&[]).chunks(24 + PAGE) {
            if frame.len() == 24 + PAGE {
                let page_no = u32::from_be_bytes(frame[..4].try_into().unwrap());
                out.extend(decrypt_page(key, &frame[24..], page_no == 1));
            }
        }
    }
    out
}

/// The needles found in the decrypted file.
pub fn found_in(dir: &Path, key: &[u8; 32]) -> Vec<&'static str> {
    let text = plaintext(dir, key);
    NEEDLES
        .iter()
        .copied()
        .filter(|n| {
            let bytes = n.as_bytes();
            text.windows(bytes.len()).any(|w| w == bytes)
        })
        .collect()
}

/// The index's terms that start like the person's folded names, read through FTS5's own
/// vocabulary table (which undoes the prefix compression the byte scan can miss).
pub fn indexed_terms(conn: &Connection) -> Vec<String> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, person_search, row);",
    )
    .unwrap();
    conn.prepare(
        "SELECT term FROM temp.vocab
         WHERE term IN ('bjorn', 'bjoern', 'fjordpost') OR term LIKE 'zyxkvist%'",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

pub fn insert_invoice(
    conn: &Connection,
    number: &str,
    person: &str,
    issued_on: &str,
    country: Option<&str>,
) {
    conn.execute(
        "INSERT INTO invoices (id, number, person_id, issued_on, amount_minor, currency,
                               created_at, country)
         VALUES (?1, ?2, ?3, ?4, 125000, 'NOK', ?4, ?5)",
        params![
            uuid::Uuid::now_v7().to_string(),
            number,
            person,
            issued_on,
            country
        ],
    )
    .unwrap();
}

fn one<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> T {
    conn.query_row(sql, p, |r| r.get(0)).unwrap()
}

const CONSENT: &str = "01970000-0000-7000-8000-0000000000c1";
const DEAL: &str = "01970000-0000-7000-8000-0000000000d1";
const REQUEST: &str = "01970000-0000-7000-8000-0000000000e1";

/// A person with something of every kind hanging on them, and someone else beside them.
fn populated(v: &mut Vault) -> (uuid::Uuid, uuid::Uuid) {
    let mut p = person(FIRST, LAST, EMAIL);
    p.fields.tags = vec!["VIP".into()];
    let id = v.create_person(p).unwrap();
    let other = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    v.add_note(
        &PersonRef::Id(id),
        "Bjørn Zyxkvistgård ringte om tilbudet",
        false,
    )
    .unwrap();
    let owner = v.user_id().to_string();
    let (conn, _) = raw(v);
    let pid = id.to_string();
    let (c1, d1, r1) = (CONSENT, DEAL, REQUEST);
    conn.execute_batch(&format!(
        "INSERT INTO consent_events (id, person_id, purpose_id, state, method, occurred_at,
                                     recorded_at, recorded_by, evidence)
         VALUES ('{c1}', '{pid}', '00000000-0000-7000-8000-000000000103', 'given', 'web_form',
                 '2026-01-01', '2026-01-01', '{owner}', 'form filled in by Bjørn Zyxkvistgård');
         INSERT INTO person_subscriptions (person_id, subscription_type_id, since)
         VALUES ('{pid}', '00000000-0000-7000-8000-000000000301', '2026-01-01');
         INSERT INTO deals (id, title, person_id, owner_id, created_at, updated_at)
         VALUES ('{d1}', 'Ny brygge', '{pid}', '{owner}', '2026-01-01', '2026-01-01');
         INSERT INTO requests (id, number, kind, received_on, due_on, created_at, created_by)
         VALUES ('{r1}', 1, 'erasure', '2026-05-20', '2026-06-20', '2026-05-20', '{owner}');
         INSERT INTO request_people (request_id, person_id) VALUES ('{r1}', '{pid}');"
    ))
    .unwrap();
    // The clock stands at 2026-06-01: Norway keeps five years after the issue year, Sweden
    // seven.
    insert_invoice(&conn, "2025-001", &pid, "2025-02-01", None);
    insert_invoice(&conn, "2019-007", &pid, "2019-05-01", Some("SE"));
    insert_invoice(&conn, "2019-008", &pid, "2019-05-01", Some("NO"));
    insert_invoice(&conn, "2012-001", &pid, "2012-05-01", None);
    insert_invoice(&conn, "2025-002", &other.to_string(), "2025-03-01", None);
    (id, other)
}

#[test]
fn erasure_removes_the_person_and_keeps_invoices_within_retention_under_a_pseudonym() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), (2026, 6, 1));
    let (id, other) = populated(&mut v);
    let who = PersonRef::Id(id);

    let preview = v.preview_erasure(&who).unwrap();
    assert_eq!(preview.counts.notes, 1);
    assert_eq!(preview.counts.invoices_kept, 2);
    let kept: Vec<&str> = preview
        .invoices_kept
        .iter()
        .map(|i| i.number.as_str())
        .collect();
    assert_eq!(kept, ["2019-007", "2025-001"]);
    let deleted: Vec<&str> = preview
        .invoices_deleted
        .iter()
        .map(|i| i.number.as_str())
        .collect();
    assert_eq!(deleted, ["2012-001", "2019-008"]);
    assert!(v.show_person(&who).is_ok(), "a preview changes nothing");

    let report = v
        .erase_person(&who, Some("R-0001"), &mut OsEntropy)
        .unwrap();
    assert!(report.pseudonym.starts_with("ERASED-"));
    assert_eq!(report.request.as_deref(), Some(REQUEST));
    let c = &report.counts;
    assert_eq!(
        (
            c.notes,
            c.consents,
            c.subscriptions,
            c.tags,
            c.processing_records,
            c.deals_detached,
            c.requests_pseudonymised,
            c.invoices_kept,
            c.invoices_deleted
        ),
        (1, 1, 1, 1, 1, 1, 1, 2, 2)
    );
    assert_eq!(preview.counts, report.counts);

    assert_eq!(v.show_person(&who).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(v.search_people("bjorn", 10).unwrap().total, 0);
    assert_eq!(v.search_people("zyxkvist", 10).unwrap().total, 0);
    assert_eq!(v.search_people("kari", 10).unwrap().total, 1);
    assert!(v.show_person(&PersonRef::Id(other)).is_ok());

    let (conn, _) = raw(&mut v);
    let pid = id.to_string();
    for table in [
        "notes",
        "consent_events",
        "person_subscriptions",
        "person_tags",
        "processing_records",
        "deals",
        "invoices",
    ] {
        let n: i64 = one(
            &conn,
            &format!("SELECT count(*) FROM {table} WHERE person_id = ?1"),
            [&pid],
        );
        assert_eq!(n, 0, "{table} still names the person");
    }
    let pseudonymised: Vec<(String, String)> = conn
        .prepare(
            "SELECT number, pseudonym FROM invoices WHERE pseudonym IS NOT NULL ORDER BY number",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        pseudonymised,
        [
            ("2019-007".to_owned(), report.pseudonym.clone()),
            ("2025-001".to_owned(), report.pseudonym.clone())
        ]
    );
    let invoices: i64 = one(&conn, "SELECT count(*) FROM invoices", []);
    assert_eq!(
        invoices, 3,
        "the two past retention are gone, the other's stays"
    );
    let deal: Option<String> = one(&conn, "SELECT person_id FROM deals WHERE id = ?1", [DEAL]);
    assert_eq!(deal, None, "the deal stays, without the person");
    let request_pseudonym: String = one(
        &conn,
        "SELECT pseudonym FROM request_people WHERE person_id = ?1",
        [&pid],
    );
    assert_eq!(request_pseudonym, report.pseudonym);
    let action: String = one(
        &conn,
        "SELECT action FROM request_actions WHERE request_id = ?1",
        [REQUEST],
    );
    assert_eq!(action, "erased");
    let (erased_pseudonym, request): (String, String) = conn
        .query_row(
            "SELECT pseudonym, request_id FROM erasures WHERE person_id = ?1",
            [&pid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (erased_pseudonym.as_str(), request.as_str()),
        (report.pseudonym.as_str(), REQUEST)
    );
    let tombstones: i64 = one(
        &conn,
        "SELECT count(*) FROM tombstones WHERE entity = 'person' AND id = ?1",
        [&pid],
    );
    assert_eq!(tombstones, 1);

    // The trail still verifies, and its erasure event holds the pseudonym and counts only.
    assert!(v.verify_audit().unwrap().is_intact());
    let events: Vec<String> = conn
        .prepare("SELECT detail FROM audit_events")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(events.iter().any(|d| d.contains(&report.pseudonym)));
    for d in &events {
        assert!(!d.contains("Bj") && !d.contains("fjordpost"), "{d}");
    }
    // The ledger beside the vault has the erasure, without personal data.
    let ledger = std::fs::read_to_string(dir.path().join("erasures.log")).unwrap();
    assert!(ledger.contains(&pid) && ledger.contains(&report.pseudonym));
    assert!(!ledger.contains("Bj") && !ledger.contains("fjordpost"));
}

#[test]
fn no_page_of_the_decrypted_file_holds_the_name_or_email_after_erasure() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), (2026, 6, 1));
    let (id, _) = populated(&mut v);
    // Enough people for the index to have several segments and the file free pages.
    v.create_people((0..3000).map(|i| person("Fyll", &format!("Person{i}"), "")))
        .unwrap();
    // An earlier spelling, so the old values sit on some page too.
    v.update_person(
        &PersonRef::Id(id),
        &PersonPatch {
            title: Some("Daglig leder".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let (conn, key) = raw(&mut v);

    // The scan must be able to fail: before erasure it finds every needle.
    assert_eq!(found_in(dir.path(), &key), NEEDLES);
    assert!(!indexed_terms(&conn).is_empty());

    v.erase_person(&PersonRef::Id(id), None, &mut OsEntropy)
        .unwrap();
    assert_eq!(found_in(dir.path(), &key), Vec::<&str>::new());
    assert_eq!(indexed_terms(&conn), Vec::<String>::new());
    drop(conn);
    v.lock();
    assert_eq!(found_in(dir.path(), &key), Vec::<&str>::new());
}

#[test]
fn undoing_an_import_cannot_bring_an_erased_person_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), (2026, 6, 1));
    // Someone already known, whom the import changes (its log keeps their old values)...
    let known = v
        .create_person(person("Bjørn", "Zyxkvistgård", EMAIL))
        .unwrap();
    let file = dir.path().join("list.csv");
    std::fs::write(
        &file,
        format!(
            "first_name,last_name,email,phone\nBjørn,Zyxkvistgård,{EMAIL},+47 912 34 567\n\
             Sigrid,Zyxkvistbakken,sigrid@fjordpost.example,\n"
        ),
    )
    .unwrap();
    let report = v
        .import(
            &ImportOptions::new(vec![ImportFile::at(&file)]),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!((report.counts.created, report.counts.updated), (1, 1));
    let batch = report.batch.unwrap().to_string();
    // ... and someone the import created.
    let created = v
        .show_person(&PersonRef::parse("sigrid@fjordpost.example").unwrap())
        .unwrap()
        .id;
    let (conn, _) = raw(&mut v);
    let logged = |conn: &Connection, id: uuid::Uuid| -> i64 {
        one(
            conn,
            "SELECT count(*) FROM import_changes WHERE entity_id LIKE ?1 || '%'",
            [id.to_string()],
        )
    };
    assert!(logged(&conn, known) > 0 && logged(&conn, created) > 0);

    for id in [known, created] {
        v.erase_person(&PersonRef::Id(id), None, &mut OsEntropy)
            .unwrap();
    }
    assert_eq!(logged(&conn, known), 0);
    assert_eq!(logged(&conn, created), 0);
    let people_before: i64 = one(&conn, "SELECT count(*) FROM people", []);

    v.undo_import(&batch).unwrap();
    for id in [known, created] {
        assert_eq!(
            v.show_person(&PersonRef::Id(id)).unwrap_err().code(),
            ErrorCode::NotFound
        );
    }
    let people_after: i64 = one(&conn, "SELECT count(*) FROM people", []);
    assert_eq!(people_before, people_after);
    assert_eq!(v.search_people("zyxkvist", 10).unwrap().total, 0);
}

#[test]
fn erasing_needs_an_existing_person_and_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), (2026, 6, 1));
    let id = v.create_person(person(FIRST, LAST, EMAIL)).unwrap();
    let missing = PersonRef::Id(uuid::Uuid::now_v7());
    assert_eq!(
        v.erase_person(&missing, None, &mut OsEntropy)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    // A request that does not exist refuses the whole erasure.
    assert_eq!(
        v.erase_person(&PersonRef::Id(id), Some("R-0042"), &mut OsEntropy)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert!(v.show_person(&PersonRef::Id(id)).is_ok());
    assert!(!dir.path().join("erasures.log").exists());
}

#[test]
fn retention_settings_are_validated_stored_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), (2026, 6, 1));
    let r = v.retention().unwrap();
    assert_eq!(r.country, "NO");
    assert_eq!((r.years["NO"], r.years["DK"], r.years["SE"]), (5, 5, 7));
    let bad = |patch: RetentionPatch, v: &mut Vault| v.set_retention(&patch).unwrap_err().code();
    assert_eq!(
        bad(
            RetentionPatch {
                country: Some("FI".into()),
                ..Default::default()
            },
            &mut v
        ),
        ErrorCode::Validation
    );
    assert_eq!(
        bad(
            RetentionPatch {
                years: [("NO".into(), 0)].into(),
                ..Default::default()
            },
            &mut v
        ),
        ErrorCode::Validation
    );
    let r = v
        .set_retention(&RetentionPatch {
            country: Some("fi".into()),
            years: [("FI".into(), 6)].into(),
        })
        .unwrap();
    assert_eq!((r.country.as_str(), r.years["FI"]), ("FI", 6));
    v.lock();
    let v = unlock_at(dir.path(), (2026, 6, 1));
    assert_eq!(v.retention().unwrap(), r);
    let events = v
        .audit_events(&lagom_core::AuditFilter {
            kind: Some("settings.changed".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].detail["settings"],
        serde_json::json!(["retention.country", "retention.years.FI"])
    );
}

#[test]
fn the_ledger_is_written_back_from_the_database_and_forged_lines_erase_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), (2026, 6, 1));
    let erased = v.create_person(person(FIRST, LAST, EMAIL)).unwrap();
    let stays = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let report = v
        .erase_person(&PersonRef::Id(erased), None, &mut OsEntropy)
        .unwrap();
    v.lock();
    let ledger = dir.path().join("erasures.log");
    let line = std::fs::read_to_string(&ledger)
        .unwrap()
        .lines()
        .find(|l| l.contains(&report.pseudonym))
        .unwrap()
        .to_owned();

    // Someone edits the file to name another person: the line does not check.
    std::fs::write(
        &ledger,
        line.replace(&erased.to_string(), &stays.to_string()),
    )
    .unwrap();
    let mut v = unlock_at(dir.path(), (2026, 6, 2));
    assert!(v.show_person(&PersonRef::Id(stays)).is_ok());
    // The database's own list wrote the real line back.
    assert!(std::fs::read_to_string(&ledger).unwrap().contains(&line));

    // A lost file comes back whole at the next unlock.
    v.lock();
    std::fs::remove_file(&ledger).unwrap();
    let v = unlock_at(dir.path(), (2026, 6, 3));
    assert!(std::fs::read_to_string(&ledger).unwrap().contains(&line));
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn the_command_table_previews_erases_and_backs_up() {
    use lagom_core::api::{NoSecretKeys, Session};
    use serde_json::json;

    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(
        &dir.path().join("v"),
        clock((2026, 6, 1)),
        Box::new(NoSecretKeys),
    )
    .with_kdf(FAST);
    let mut call = |command: &str, args: serde_json::Value| {
        s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
    };
    call(
        "vault.create",
        json!({ "owner": "Kari", "password": "correct horse battery" }),
    )
    .unwrap();
    let id = call(
        "person.create",
        json!({ "fields": { "first_name": FIRST, "last_name": LAST, "email": EMAIL } }),
    )
    .unwrap()["id"]
        .clone();
    let preview = call("erasure.preview", json!({ "person": EMAIL })).unwrap();
    assert_eq!(preview["person"], id);
    assert_eq!(preview["counts"]["processing_records"], 1);
    assert_eq!(preview["invoices_kept"], json!([]));
    let refused = call("person.erase", json!({ "person": EMAIL, "reason": "x" }));
    assert_eq!(refused.unwrap_err().code(), ErrorCode::Validation);
    let erased = call("person.erase", json!({ "person": EMAIL })).unwrap();
    assert!(erased["pseudonym"].as_str().unwrap().starts_with("ERASED-"));
    assert_eq!(erased["person"], id);
    assert_eq!(
        call("person.show", json!({ "person": EMAIL }))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(call("retention.get", json!({})).unwrap()["years"]["SE"], 7);
    let set = call("retention.set", json!({ "years": { "DK": 6 } })).unwrap();
    assert_eq!(set["years"]["DK"], 6);
    let backup = dir.path().join("backup");
    let made = call("vault.backup", json!({ "dir": backup })).unwrap();
    assert!(made["bytes"].as_u64().unwrap() > 0);
    assert!(backup.join("vault.header").is_file());
}
