//! GDPR operations over a vault of N people (default 1,000,000; `LAGOM_BENCH_PEOPLE=100000`
//! for a quicker run): one person's subject-access bundle (as JSON, and as the encrypted zip;
//! the goal is under a second at a million people), erasing one person, and what of them
//! stays findable afterwards (a search for their name, and their name's and e-mail's bytes in
//! the search index's own tables, both of which must be zero); searching as a person types;
//! and the one-time rebuild of the search index by migration 0005.
//!
//! `cargo bench -p lagom-core --bench gdpr`. Each measurement is a function over the same
//! vault, so another can be added beside it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use lagom_core::consent::{ConsentMethod, GiveConsent};
use lagom_core::people::{NewPerson, PersonFields};
use lagom_core::rights::access::{ExportFormat, SubjectExportOptions};
use lagom_core::types::Language;
use lagom_core::types::PersonRef;
use lagom_core::{
    Credentials, KdfParams, NewVault, OsEntropy, Password, SecretKey, SystemClock, Vault,
};
use rusqlite::Connection;

const FIRST: &str = "Bjørn";
const LAST: &str = "Zyxkvistgård";
const EMAIL: &str = "bjorn.zyxkvist@qxwpost.example";
/// The bytes to look for in the index's pages. A term is stored as what it adds to the one
/// before it on the page, so these are the words less their first letter, which no other
/// word in the vault shares.
const NEEDLES: &[&str] = &["yxkvist", "xwpost"];
/// The person's folded words, as the index's vocabulary lists them.
const TERMS: &str = "'zyxkvist', 'zyxkvistgard', 'zyxkvistgaard', 'qxwpost'";

/// The person who asks for their data: notes, consents, an invoice and audit events.
const ASKING: &str = "kari.subject@innsyn.example";

fn new_person(first: &str, last: &str, email: &str) -> NewPerson {
    NewPerson {
        fields: PersonFields {
            first_name: first.into(),
            last_name: last.into(),
            email: Some(email.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn target() -> NewPerson {
    new_person(FIRST, LAST, EMAIL)
}

/// A vault of `n` made-up people with the person to erase among them, half-way.
fn build(n: u64) -> (tempfile::TempDir, Vault, SecretKey) {
    let dir = tempfile::tempdir().expect("temp dir");
    let secret_key = SecretKey::make(&mut OsEntropy);
    let mut vault = Vault::create(
        &dir.path().join("vault"),
        NewVault {
            owner_name: "Bench".into(),
            credentials: Credentials {
                password: Password::from("bench password".to_owned()),
                secret_key: secret_key.clone(),
            },
            kdf: KdfParams {
                memory_kib: 64,
                iterations: 1,
                parallelism: 1,
            },
        },
        Arc::new(SystemClock),
        &mut OsEntropy,
    )
    .expect("vault");
    let started = Instant::now();
    let half = n / 2;
    vault
        .create_people((0..half).map(lagom_core::people::demo::person))
        .expect("people");
    vault.create_person(target()).expect("the person to erase");
    vault
        .create_person(new_person("Kari", "Innsyn", ASKING))
        .expect("the person who asks");
    vault
        .create_people((half..n).map(lagom_core::people::demo::person))
        .expect("people");
    println!("{n} people written in {:.1?}", started.elapsed());
    (dir, vault, secret_key)
}

/// Bytes of the needles in the search index's tables (its segments and their directory).
fn index_bytes(conn: &Connection) -> usize {
    let mut found = 0;
    for sql in [
        "SELECT block FROM person_search_data",
        "SELECT term FROM person_search_idx",
    ] {
        let mut stmt = conn.prepare(sql).expect("index table");
        let mut rows = stmt.query([]).expect("index rows");
        while let Some(row) = rows.next().expect("index row") {
            let bytes: Vec<u8> = match row.get_ref(0).expect("column") {
                rusqlite::types::ValueRef::Blob(b) | rusqlite::types::ValueRef::Text(b) => {
                    b.to_vec()
                }
                _ => continue,
            };
            for needle in NEEDLES {
                let n = needle.as_bytes();
                found += bytes.windows(n.len()).filter(|w| *w == n).count() * n.len();
            }
        }
    }
    found
}

/// How many of the person's words the index's vocabulary still lists.
fn indexed_terms(conn: &Connection) -> i64 {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, person_search, row);",
    )
    .expect("vocabulary");
    conn.query_row(
        &format!("SELECT count(*) FROM temp.vocab WHERE term IN ({TERMS})"),
        [],
        |r| r.get(0),
    )
    .expect("terms")
}

fn raw_connection(vault: &mut Vault) -> Connection {
    let key = vault.database_key().expect("key").to_hex();
    let conn = Connection::open(vault.dir().join("vault.db")).expect("database");
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.as_str()))
        .expect("key");
    conn
}

/// Erases the person and a second one (someone from another part of the index), and
/// checks nothing of the first stays findable.
fn erasure(vault: &mut Vault, n: u64) {
    let conn = raw_connection(vault);
    let before = index_bytes(&conn);
    let terms_before = indexed_terms(&conn);
    let hits_before = vault.search_people("zyxkvist", 10).expect("search").total;
    let who = PersonRef::parse(EMAIL).expect("e-mail");
    // What building the vault left in the write-ahead log is not the erasure's work (its
    // own checkpoint would otherwise copy it into the file).
    let started = Instant::now();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    let checkpoint = started.elapsed();
    let started = Instant::now();
    let report = vault
        .erase_person(&who, None, &mut OsEntropy)
        .expect("erasure");
    let first: Duration = started.elapsed();
    let hits_after = vault.search_people("zyxkvist", 10).expect("search").total;
    let after = index_bytes(&conn);
    let terms_after = indexed_terms(&conn);
    println!(
        "erasure of one person among {n}: {first:.2?} (pseudonym {}, {} processing records)",
        report.pseudonym, report.counts.processing_records
    );
    println!("  (the build's write-ahead log, checkpointed before: {checkpoint:.2?})");
    println!("  search for the name: {hits_before} hit(s) before, {hits_after} after");
    println!("  name and e-mail bytes in the index tables: {before} before, {after} after");
    println!("  the person's words in the index: {terms_before} before, {terms_after} after");
    let second = vault
        .list_people(1, n / 3)
        .expect("someone")
        .people
        .first()
        .map(|p| p.id)
        .expect("a person");
    let started = Instant::now();
    vault
        .erase_person(&PersonRef::Id(second), None, &mut OsEntropy)
        .expect("second erasure");
    println!("  a second erasure: {:.2?}", started.elapsed());
    assert!(
        before > 0 && terms_before > 0,
        "the index check finds nothing to begin with"
    );
    assert_eq!(
        (hits_after, after, terms_after),
        (0, 0, 0),
        "the erased person is still findable"
    );
}

/// Gives the asking person what a real customer has: notes, a consent given and withdrawn,
/// an invoice, and the audit events all of that writes.
fn furnish(vault: &mut Vault) {
    let who = PersonRef::parse(ASKING).expect("e-mail");
    for note in [
        "Called about the spring offer.",
        "Prefers e-mail.",
        "Asked what we keep.",
    ] {
        vault.add_note(&who, note, false).expect("note");
    }
    vault
        .add_consent_text("E-marketing", Language::En, "Yes, send me news by e-mail.")
        .expect("consent text");
    let give = GiveConsent {
        email: None,
        purpose: "E-marketing".into(),
        method: ConsentMethod::WebForm,
        occurred_at: None,
        text_version: None,
        notice_version: None,
        language: None,
        evidence: "signup form".into(),
    };
    vault.give_consent(&who, &give).expect("consent");
    vault
        .withdraw_consent(
            &who,
            &lagom_core::consent::Withdrawal {
                purpose: "E-marketing".into(),
                method: ConsentMethod::Email,
                occurred_at: None,
                evidence: "replied stop".into(),
            },
        )
        .expect("withdrawal");
    vault.give_consent(&who, &give).expect("consent again");
    let id = vault.show_person(&who).expect("person").id;
    // Invoices have no operation of their own yet: written as the bookkeeping import would.
    raw_connection(vault)
        .execute(
            "INSERT INTO invoices (id, number, person_id, issued_on, amount_minor, currency, created_at)
             VALUES (?1, 'B-0001', ?2, '2026-01-15', 125000, 'NOK', '2026-01-15T10:00:00Z')",
            [uuid::Uuid::now_v7().to_string(), id.to_string()],
        )
        .expect("invoice");
}

/// One person's bundle, as the app shows it (JSON) and as it is handed over (the encrypted
/// zip), three times each: the first run reads cold pages, the best is the steady figure.
/// The person is named by id, as the app does; finding them by e-mail is timed apart.
fn subject_access(vault: &mut Vault, n: u64) {
    furnish(vault);
    let started = Instant::now();
    let id = vault
        .show_person(&PersonRef::parse(ASKING).expect("e-mail"))
        .expect("person")
        .id;
    let by_email = started.elapsed();
    let who = PersonRef::Id(id);
    let out = tempfile::tempdir().expect("temp dir");
    let mut json = Vec::new();
    let mut zip = Vec::new();
    let mut counts = serde_json::Value::Null;
    let mut bytes = 0;
    for round in 0..3 {
        let started = Instant::now();
        let bundle = vault.subject_access(&who, None).expect("bundle");
        json.push(started.elapsed());
        assert_eq!(bundle.notes.len(), 3);
        let started = Instant::now();
        let export = vault
            .export_subject(
                &SubjectExportOptions {
                    person: id.to_string(),
                    format: ExportFormat::Zip,
                    out: Some(out.path().join(format!("bundle-{round}.zip"))),
                    overwrite: false,
                    request: None,
                    language: None,
                    confirm_unencrypted: false,
                },
                &mut OsEntropy,
            )
            .expect("zip");
        zip.push(started.elapsed());
        counts = export.counts;
        bytes = export.bytes;
    }
    let best = |t: &[Duration]| t.iter().min().copied().unwrap_or_default();
    println!("subject-access bundle of one person among {n}:");
    println!("  json: {:.2?} first, {:.2?} best", json[0], best(&json));
    println!(
        "  zip:  {:.2?} first, {:.2?} best ({bytes} bytes)",
        zip[0],
        best(&zip)
    );
    println!("  rows: {counts}");
    println!("  finding the person by e-mail first: {by_email:.2?}");
    assert!(
        counts["consents"].as_u64() >= Some(3)
            && counts["invoices"].as_u64() == Some(1)
            && counts["events"].as_u64() > Some(5),
        "the bundle misses what the person has: {counts}"
    );
    if zip[0].max(json[0]) >= Duration::from_secs(1) {
        println!("  OVER the goal of one second");
    }
}

/// Searches as they are typed, one letter more each time (p50 and the worst of 20 runs).
fn keystrokes(vault: &Vault) {
    println!("search as typed                     hits        p50      worst");
    for query in [
        "h",
        "ha",
        "han",
        "hans",
        "hansen",
        "hansen k",
        "hansen kar",
        "912",
        "91234",
        "gmail",
    ] {
        let mut all: Vec<Duration> = Vec::new();
        let mut hits = 0;
        for _ in 0..20 {
            let started = Instant::now();
            hits = vault.search_people(query, 50).expect("search").total;
            all.push(started.elapsed());
        }
        all.sort();
        println!(
            "  {query:<28} {hits:>10} {:>10.1?} {:>10.1?}",
            all[all.len() / 2],
            all[all.len() - 1]
        );
    }
}

/// Unlocks the vault as schema 4 left it, which runs migration 0005: the search index made
/// again and filled from the people table, once.
fn migration(mut vault: Vault, secret_key: &SecretKey, n: u64) {
    let dir = vault.dir().to_owned();
    raw_connection(&mut vault)
        .execute_batch("PRAGMA user_version = 4;")
        .expect("schema version");
    vault.lock();
    let started = Instant::now();
    let vault = Vault::unlock(
        &dir,
        &Credentials {
            password: Password::from("bench password".to_owned()),
            secret_key: secret_key.clone(),
        },
        Arc::new(SystemClock),
    )
    .expect("unlock");
    println!(
        "unlock with migration 0005 (the index rebuilt from {n} people): {:.1?}",
        started.elapsed()
    );
    assert!(vault.search_people("hansen", 1).expect("search").total > 0);
}

fn main() {
    let n: u64 = std::env::var("LAGOM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let (_dir, mut vault, secret_key) = build(n);
    keystrokes(&vault);
    subject_access(&mut vault, n);
    erasure(&mut vault, n);
    migration(vault, &secret_key, n);
}
