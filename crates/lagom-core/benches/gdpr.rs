//! GDPR operations over a vault of N people (default 1,000,000; `LAGOM_BENCH_PEOPLE=100000`
//! for a quicker run): erasing one person, and what of them stays findable afterwards (a
//! search for their name, and their name's and e-mail's bytes in the search index's own
//! tables, both of which must be zero).
//!
//! `cargo bench -p lagom-core --bench gdpr`. Each measurement is a function over the same
//! vault, so another can be added beside it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use lagom_core::model::{NewPerson, PersonFields, PersonRef};
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

fn target() -> NewPerson {
    NewPerson {
        fields: PersonFields {
            first_name: FIRST.into(),
            last_name: LAST.into(),
            email: Some(EMAIL.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A vault of `n` made-up people with the person to erase among them, half-way.
fn build(n: u64) -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut vault = Vault::create(
        &dir.path().join("vault"),
        NewVault {
            owner_name: "Bench".into(),
            credentials: Credentials {
                password: Password::from("bench password".to_owned()),
                secret_key: SecretKey::make(&mut OsEntropy),
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
        .create_people((0..half).map(lagom_core::demo::person))
        .expect("people");
    vault.create_person(target()).expect("the person to erase");
    vault
        .create_people((half..n).map(lagom_core::demo::person))
        .expect("people");
    println!("{n} people written in {:.1?}", started.elapsed());
    (dir, vault)
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

/// Erases the person and a second one (the index is then already in one segment), and
/// checks nothing of the first stays findable.
fn erasure(vault: &mut Vault, n: u64) {
    let conn = raw_connection(vault);
    let before = index_bytes(&conn);
    let terms_before = indexed_terms(&conn);
    let hits_before = vault.search_people("zyxkvist", 10).expect("search").total;
    let who = PersonRef::parse(EMAIL).expect("e-mail");
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
    println!(
        "  a second erasure (index already merged): {:.2?}",
        started.elapsed()
    );
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

fn main() {
    let n: u64 = std::env::var("LAGOM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let (_dir, mut vault) = build(n);
    erasure(&mut vault, n);
}
