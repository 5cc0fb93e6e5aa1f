//! The search index holds exactly the terms of the people as they are now: every change to
//! a person, to their organisation, by an import or its undo takes the old terms out, and
//! erasing someone leaves no term or fragment of one on any page, also when their words
//! start the index's pages (whose keys FTS5 itself would leave behind).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use lagom_core::import::{ImportFile, ImportOptions};
use lagom_core::organisations::OrganisationPatch;
use lagom_core::people::PersonPatch;
use lagom_core::types::PersonRef;
use lagom_core::{OsEntropy, Vault};
use rusqlite::Connection;

use crate::erasure::{plaintext, raw};
use crate::support::{create, person};

/// How many people the index lists under each of `terms`, read through FTS5's vocabulary.
fn docs(conn: &Connection, terms: &[&str]) -> Vec<i64> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, person_search, row);",
    )
    .unwrap();
    terms
        .iter()
        .map(|t| {
            conn.query_row(
                "SELECT coalesce(sum(doc), 0) FROM temp.vocab WHERE term = ?1",
                [t],
                |r| r.get(0),
            )
            .unwrap()
        })
        .collect()
}

/// FTS5's own check of the index's structure (keys, pages, doclists).
fn assert_index_sound(conn: &Connection) {
    conn.execute(
        "INSERT INTO person_search (person_search, rank) VALUES ('integrity-check', 0)",
        [],
    )
    .unwrap();
}

fn first_names(v: &Vault, query: &str) -> Vec<String> {
    let mut names: Vec<String> = v
        .search_people(query, 50)
        .unwrap()
        .people
        .into_iter()
        .map(|p| p.first_name)
        .collect();
    names.sort();
    names
}

#[test]
fn changes_to_people_and_organisations_take_their_old_terms_out_of_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let mut p = person("Ragnhild", "Qorvalsen", "ragnhild@qorvalpost.example");
    p.fields.organisation = Some("Brattvik Bygg AS".into());
    let id = v.create_person(p).unwrap();
    let who = PersonRef::Id(id);
    let (conn, _) = raw(&mut v);
    assert_eq!(
        docs(&conn, &["qorvalsen", "qorvalpost", "brattvik"]),
        [1, 1, 1]
    );

    v.update_person(
        &who,
        &PersonPatch {
            last_name: Some("Quistvik".into()),
            email: Some("ragnhild@quistmail.example".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        docs(&conn, &["qorvalsen", "qorvalpost", "quistvik", "quistmail"]),
        [0, 0, 1, 1]
    );

    let organisation = v.show_person(&who).unwrap().organisation.unwrap().id;
    v.update_organisation(
        organisation,
        &OrganisationPatch {
            name: Some("Fjellnes Bygg AS".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(docs(&conn, &["brattvik", "fjellnes"]), [0, 1]);
    v.delete_organisation(organisation).unwrap();
    assert_eq!(docs(&conn, &["fjellnes", "bygg", "ragnhild"]), [0, 0, 1]);

    // An import that adds a phone number to her, and its undo.
    let file = dir.path().join("list.csv");
    std::fs::write(
        &file,
        "first_name,last_name,email,phone,organisation\n\
         Ragnhild,Quistvik,ragnhild@quistmail.example,+47 913 57 246,Havbris AS\n",
    )
    .unwrap();
    let report = v
        .import(
            &ImportOptions::new(vec![ImportFile::at(&file)]),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(report.counts.updated, 1);
    assert_eq!(docs(&conn, &["4791357246", "havbris"]), [1, 1]);
    v.undo_import(&report.batch.unwrap().to_string()).unwrap();
    assert_eq!(
        docs(&conn, &["4791357246", "havbris", "quistvik"]),
        [0, 0, 1]
    );

    // In the recycle bin she keeps her entries (searches leave her out); erased, they go.
    v.delete_person(&who).unwrap();
    assert_eq!(docs(&conn, &["quistvik"]), [1]);
    assert!(v.search_people("quistvik", 10).unwrap().people.is_empty());
    v.erase_person(&who, None, &mut lagom_core::OsEntropy)
        .unwrap();
    assert_eq!(
        docs(&conn, &["quistvik", "quistmail", "ragnhild"]),
        [0, 0, 0]
    );
    assert_index_sound(&conn);
}

#[test]
fn an_organisation_written_differently_in_a_file_is_indexed_as_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    // The import takes both spellings for one organisation (they are equal lower-cased,
    // the last sigma as a final one), but folded letter by letter they are different words:
    // the second person must be indexed under the name as stored, or removing them would
    // miss it.
    let file = dir.path().join("list.csv");
    std::fs::write(
        &file,
        "first_name,last_name,email,organisation\n\
         Tove,Lund,tove@example.no,ΟΔΟΣ AS\n\
         Elin,Berg,elin@example.no,Οδος AS\n",
    )
    .unwrap();
    v.import(
        &ImportOptions::new(vec![ImportFile::at(&file)]),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let (conn, _) = raw(&mut v);
    assert_eq!(docs(&conn, &["οδοσ", "οδος"]), [2, 0]);
    v.erase_person(
        &PersonRef::parse("elin@example.no").unwrap(),
        None,
        &mut lagom_core::OsEntropy,
    )
    .unwrap();
    assert_eq!(docs(&conn, &["elin", "οδοσ", "οδος"]), [0, 1, 0]);
    assert_index_sound(&conn);
}

/// Whether any of `needles` is on a decrypted page of the vault or its write-ahead log.
fn found(dir: &Path, key: &[u8; 32], needles: &[&'static str]) -> Vec<&'static str> {
    let text = plaintext(dir, key);
    needles
        .iter()
        .copied()
        .filter(|n| text.windows(n.len()).any(|w| w == n.as_bytes()))
        .collect()
}

#[test]
fn erasure_leaves_no_fragment_of_a_name_that_started_index_pages() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let (conn, key) = raw(&mut v);
    // The smallest pages FTS5 allows, so that the person's words (`zyxkvist`,
    // `zyxkvistgaard`, `zyxkvistgard`) fall on different pages, whose keys then hold long
    // prefixes of them (`zyxkvistg`).
    conn.execute(
        "INSERT INTO person_search (person_search, rank) VALUES ('pgsz', 32)",
        [],
    )
    .unwrap();
    v.create_people((0..400).map(lagom_core::people::demo::person))
        .unwrap();
    let id = v
        .create_person(person(
            "Wendelbørg",
            "Zyxkvistgård",
            "wendel.zyxkvist@qxwpost.example",
        ))
        .unwrap();
    v.create_people((400..800).map(lagom_core::people::demo::person))
        .unwrap();
    // An earlier name, taken out of the index long before the erasure.
    v.update_person(
        &PersonRef::Id(id),
        &PersonPatch {
            first_name: Some("Wendel".into()),
            ..Default::default()
        },
    )
    .unwrap();
    // More writes, so that segments merge (and their merged pages' keys stay behind).
    for chunk in 0..4 {
        v.create_people(
            (1000 + chunk * 200..1200 + chunk * 200).map(lagom_core::people::demo::person),
        )
        .unwrap();
    }
    // Folded words less their first letter (a term is stored as what it adds to the one
    // before it), and the old first name's.
    let needles = ["yxkvist", "xwpost", "endelborg", "endelboerg"];
    // The scan must be able to fail: before the erasure it finds the present name.
    let before = found(dir.path(), &key, &needles);
    assert!(before.contains(&"yxkvist") && before.contains(&"xwpost"));

    v.erase_person(&PersonRef::Id(id), None, &mut OsEntropy)
        .unwrap();
    assert_eq!(found(dir.path(), &key, &needles), Vec::<&str>::new());
    assert_eq!(
        docs(&conn, &["zyxkvistgard", "zyxkvist", "qxwpost", "wendel"]),
        [0, 0, 0, 0]
    );
    assert_index_sound(&conn);
    // Everyone else is still found, by whole words and by the first letters typed.
    for offset in [0, 777, 1500] {
        let someone = v.list_people(1, offset).unwrap().people.remove(0);
        let typed: String = someone.last_name.chars().take(3).collect();
        let query = format!("{} {typed}", someone.first_name);
        assert!(
            v.search_people(&query, 500)
                .unwrap()
                .people
                .iter()
                .any(|p| p.id == someone.id),
            "{query} finds nobody"
        );
        assert!(first_names(&v, &someone.last_name).contains(&someone.first_name));
    }
}

#[test]
fn undoing_a_large_import_leaves_no_fragment_of_the_people_it_took_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let (conn, key) = raw(&mut v);
    conn.execute(
        "INSERT INTO person_search (person_search, rank) VALUES ('pgsz', 32)",
        [],
    )
    .unwrap();
    v.create_people((0..300).map(lagom_core::people::demo::person))
        .unwrap();
    // Enough people that the undo's removals are looked for in one pass over the keys.
    let mut csv = String::from("first_name,last_name,email\n");
    for i in 0..1500 {
        csv.push_str(&format!("Fyll,Person{i},fyll{i}@example.no\n"));
    }
    csv.push_str("Wendel,Zyxkvistgård,wendel.zyxkvist@qxwpost.example\n");
    let file = dir.path().join("list.csv");
    std::fs::write(&file, csv).unwrap();
    let report = v
        .import(
            &ImportOptions::new(vec![ImportFile::at(&file)]),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(report.counts.created, 1501);
    // More writes, so that the import's segment is merged with others before the undo.
    for chunk in 0..4 {
        v.create_people(
            (1000 + chunk * 200..1200 + chunk * 200).map(lagom_core::people::demo::person),
        )
        .unwrap();
    }
    v.undo_import(&report.batch.unwrap().to_string()).unwrap();
    // The undo leaves the write-ahead log as it is; what counts is what the pages hold once
    // it is copied into the file.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    assert_eq!(
        found(dir.path(), &key, &["yxkvist", "xwpost"]),
        Vec::<&str>::new()
    );
    assert_eq!(
        docs(&conn, &["zyxkvistgard", "wendel", "fyll", "person"]),
        [0, 0, 0, 0]
    );
    assert_index_sound(&conn);
    assert_eq!(v.search_people("fyll", 10).unwrap().total, 0);
}
