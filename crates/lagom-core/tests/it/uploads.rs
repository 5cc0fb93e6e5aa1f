//! Files handed over by the window (bytes, not paths) through the command table: planned and
//! committed by their upload id, forgotten when discarded or when the vault locks, refused
//! while it is locked. And the rules that meet the import later: an undo after the
//! organisation it touched was deleted, an organisation with invoices, notes on a card.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use lagom_core::api::{NoSecretKeys, Session};
use lagom_core::{ErrorCode, SystemClock};
use serde_json::{Value, json};

use crate::support::FAST;

const PASSWORD: &str = "correct horse battery";
const CSV: &[u8] = b"Fornavn;Etternavn;E-post;Firma\r\nKari;Nordmann;kari@fjord.no;Fjord AS\r\n\
                     \xC5se;S\xF8rensen;ase@fjord.no;Fjord AS\r\n";

fn call(s: &mut Session, command: &str, args: Value) -> lagom_core::Result<Value> {
    s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
}

fn session(dir: &std::path::Path) -> (Session, String) {
    let mut s = Session::new(dir, Arc::new(SystemClock), Box::new(NoSecretKeys)).with_kdf(FAST);
    let created = call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari", "password": PASSWORD }),
    )
    .unwrap();
    let key = created["secret_key"].as_str().unwrap().to_owned();
    (s, key)
}

#[test]
fn an_uploaded_file_is_planned_and_committed_by_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(&dir.path().join("v"));
    let up = s.upload("kunder.csv", CSV.to_vec()).unwrap();
    assert_eq!(
        (up.name.as_str(), up.size),
        ("kunder.csv", CSV.len() as u64)
    );
    let files = json!({ "files": [{ "upload": up.id }] });
    let plan = call(&mut s, "import.plan", files.clone()).unwrap();
    assert_eq!(plan["counts"]["created"], 2);
    assert_eq!(plan["files"][0]["name"], "kunder.csv");
    assert_eq!(plan["files"][0]["encoding"], "windows-1252");
    let report = call(&mut s, "import.commit", files.clone()).unwrap();
    assert_eq!(report["counts"]["created"], 2);
    let found = call(&mut s, "people.search", json!({ "query": "sorensen" })).unwrap();
    assert_eq!(found["people"][0]["first_name"], "Åse");
    let card = call(&mut s, "person.show", json!({ "person": "ase@fjord.no" })).unwrap();
    assert_eq!(card["processing"][0]["source"], "import: kunder.csv");

    call(&mut s, "import.discard", json!({ "uploads": [up.id] })).unwrap();
    let err = call(&mut s, "import.plan", files).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
}

#[test]
fn uploads_are_refused_while_locked_and_forgotten_on_lock() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, key) = session(&dir.path().join("v"));
    let up = s.upload("kunder.csv", CSV.to_vec()).unwrap();
    call(&mut s, "vault.lock", Value::Null).unwrap();
    let err = s.upload("kunder.csv", CSV.to_vec()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Locked);
    call(
        &mut s,
        "vault.unlock",
        json!({ "password": PASSWORD, "secret_key": key }),
    )
    .unwrap();
    let err = call(
        &mut s,
        "import.plan",
        json!({ "files": [{ "upload": up.id }] }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
}

#[test]
fn a_file_needs_a_path_or_an_upload_and_a_broken_upload_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(&dir.path().join("v"));
    let err = call(&mut s, "import.plan", json!({ "files": [{}] })).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation, "{err}");
    let up = s
        .upload("kunder.xlsx", b"PK\x03\x04 not a workbook at all".to_vec())
        .unwrap();
    let err = call(
        &mut s,
        "import.plan",
        json!({ "files": [{ "upload": up.id }] }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unreadable);
    assert!(err.to_string().contains("kunder.xlsx"), "{err}");
}

#[test]
fn an_import_can_be_undone_after_the_organisation_it_touched_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(&dir.path().join("v"));
    call(
        &mut s,
        "person.create",
        json!({ "fields": { "first_name": "Kari", "last_name": "Nordmann",
                            "email": "kari@fjord.no", "organisation": "Fjord AS" } }),
    )
    .unwrap();
    // The import moves Kari to another firm; then Fjord AS is deleted.
    let up = s
        .upload(
            "kunder.csv",
            b"Navn;E-post;Firma\nKari Nordmann;kari@fjord.no;Havbris AS\n".to_vec(),
        )
        .unwrap();
    let report = call(
        &mut s,
        "import.commit",
        json!({ "files": [{ "upload": up.id }], "on_conflict": "prefer_imported" }),
    )
    .unwrap();
    assert_eq!(report["counts"]["updated"], 1);
    let orgs = call(&mut s, "organisations.list", json!({ "search": "fjord" })).unwrap();
    let fjord = orgs["organisations"][0]["id"].clone();
    call(
        &mut s,
        "organisation.delete",
        json!({ "organisation": fjord }),
    )
    .unwrap();

    let undone = call(&mut s, "import.undo", json!({ "batch": report["batch"] })).unwrap();
    assert_eq!(undone["restored"], 1);
    let kari = call(&mut s, "person.show", json!({ "person": "kari@fjord.no" })).unwrap();
    assert_eq!(
        kari["organisation"],
        Value::Null,
        "the deleted firm is not brought back"
    );
}

#[test]
fn notes_on_a_card_are_added_and_deleted_and_block_undoing_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(&dir.path().join("v"));
    let up = s.upload("kunder.csv", CSV.to_vec()).unwrap();
    let report = call(
        &mut s,
        "import.commit",
        json!({ "files": [{ "upload": up.id }] }),
    )
    .unwrap();
    let note = call(
        &mut s,
        "note.add",
        json!({ "person": "kari@fjord.no", "body": "Ringte 12. mars.\nVil ha tilbud.", "private": true }),
    )
    .unwrap();
    assert_eq!(note["body"], "Ringte 12. mars.\nVil ha tilbud.");
    assert_eq!(
        (note["private"].clone(), note["author"].clone()),
        (json!(true), json!("Kari"))
    );
    let card = call(&mut s, "person.show", json!({ "person": "kari@fjord.no" })).unwrap();
    assert_eq!(card["notes"][0]["id"], note["id"]);
    assert_eq!(card["deals"], json!([]));

    // Undoing would delete Kari and the note written since: refused.
    let err = call(&mut s, "import.undo", json!({ "batch": report["batch"] })).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");

    let err = call(
        &mut s,
        "note.add",
        json!({ "person": "kari@fjord.no", "body": "  \n " }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    call(&mut s, "note.delete", json!({ "note": note["id"] })).unwrap();
    let card = call(&mut s, "person.show", json!({ "person": "kari@fjord.no" })).unwrap();
    assert_eq!(card["notes"], json!([]));
    let err = call(&mut s, "note.delete", json!({ "note": note["id"] })).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    let kinds: Vec<Value> = call(&mut s, "audit.list", json!({ "kind": "note.added" }))
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"].clone())
        .collect();
    assert_eq!(kinds.len(), 1);
    assert!(
        !kinds[0].to_string().contains("Ringte"),
        "the audit trail holds no note text"
    );
}
