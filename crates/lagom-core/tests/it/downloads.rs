//! Files that come back as downloads when no path is named, through the command table as a
//! browser reaches it: a marketing list, a privacy notice (text, HTML or `.eml`) and a
//! single-file backup; files named are never replaced unasked; and a single-file backup
//! restored from an upload or a path, with bad files refused and the vault untouched.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use lagom_core::api::{NoSecretKeys, Session};
use lagom_core::{ErrorCode, SystemClock};
use serde_json::{Value, json};

use crate::support::FAST;

const PASSWORD: &str = "correct horse battery";
const MARKETING: &str = "E-marketing";

fn call(s: &mut Session, command: &str, args: Value) -> lagom_core::Result<Value> {
    s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
}

/// A session on a new vault in `dir`, unlocked; and its secret key.
fn session(dir: &Path) -> (Session, String) {
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

fn unlock(s: &mut Session, key: &str) {
    call(
        s,
        "vault.unlock",
        json!({ "password": PASSWORD, "secret_key": key, "remember": false }),
    )
    .unwrap();
}

fn add(s: &mut Session, first: &str, email: &str) -> String {
    call(
        s,
        "person.create",
        json!({ "fields": { "first_name": first, "last_name": "Nordmann", "email": email } }),
    )
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The bytes of the download a command answered with, fetched as `lagom serve` fetches it.
fn fetch(s: &mut Session, download: &Value) -> (String, Vec<u8>) {
    let id = download["id"].as_str().expect("a download");
    let fetched = s.take_download(id).unwrap();
    assert_eq!(
        fetched.bytes.len() as u64,
        download["size"].as_u64().unwrap()
    );
    assert_eq!(fetched.name, download["name"].as_str().unwrap());
    // Handed out once.
    assert_eq!(s.take_download(id).unwrap_err().code(), ErrorCode::NotFound);
    (fetched.name, fetched.bytes)
}

fn name_the_business(s: &mut Session) {
    call(
        s,
        "business.set",
        json!({ "name": "Fjord Sykkel AS", "email": "post@fjordsykkel.example", "country": "NO" }),
    )
    .unwrap();
}

#[test]
fn a_marketing_list_without_a_file_comes_back_as_a_csv_download() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _) = session(&tmp.path().join("v"));
    let kari = add(&mut s, "Kari", "kari@example.no");
    add(&mut s, "Ola", "ola@example.no");
    call(
        &mut s,
        "consent.give",
        json!({ "person": kari, "purpose": MARKETING, "method": "email" }),
    )
    .unwrap();
    let list = call(&mut s, "marketing.list", json!({ "purpose": MARKETING })).unwrap();
    assert_eq!(list["included"], 1);
    assert_eq!(list["file"], Value::Null);
    let (name, bytes) = fetch(&mut s, &list["download"]);
    assert!(
        name.starts_with("marketing-e-marketing-") && name.ends_with(".csv"),
        "{name}"
    );
    assert_eq!(list["download"]["media_type"], "text/csv");
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("first_name,last_name,email")
    );
    assert!(lines.next().unwrap().contains("kari@example.no"));
    assert_eq!(lines.next(), None);
    // Nothing was written anywhere: the temporary folder holds only the vault.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn a_marketing_list_does_not_replace_a_file_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _) = session(&tmp.path().join("v"));
    let out = tmp.path().join("list.csv");
    std::fs::write(&out, b"keep me").unwrap();
    let err = call(
        &mut s,
        "marketing.list",
        json!({ "purpose": MARKETING, "out": out }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Exists);
    assert!(err.to_string().contains("list.csv"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
    let list = call(
        &mut s,
        "marketing.list",
        json!({ "purpose": MARKETING, "out": out, "overwrite": true }),
    )
    .unwrap();
    assert_eq!(list["download"], Value::Null);
    assert!(list["file"].as_str().unwrap().ends_with("list.csv"));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("first_name,")
    );
}

#[test]
fn a_notice_saved_without_a_file_comes_back_as_a_download_of_the_kind_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _) = session(&tmp.path().join("v"));
    name_the_business(&mut s);
    let kari = add(&mut s, "Kari", "kari@example.no");
    for (kind, extension, looks_like) in [
        ("text", ".txt", "Fjord Sykkel AS"),
        ("html", ".html", "<html"),
        ("eml", ".eml", "To: "),
    ] {
        let done = call(
            &mut s,
            "notice.generate",
            json!({ "person": kari, "save": kind }),
        )
        .unwrap();
        assert_eq!(done["outcome"]["delivery"], "download", "{kind}");
        let (name, bytes) = fetch(&mut s, &done["outcome"]["download"]);
        assert!(name.ends_with(extension), "{name}");
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains(looks_like), "{kind}: {text}");
    }
    // Sending and saving at once is one too many.
    let err = call(
        &mut s,
        "notice.generate",
        json!({ "person": kari, "send": true, "save": "eml" }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}

#[test]
fn a_notice_saved_to_a_chosen_file_replaces_it_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, _) = session(&tmp.path().join("v"));
    name_the_business(&mut s);
    let kari = add(&mut s, "Kari", "kari@example.no");
    let eml = tmp.path().join("notice.eml");
    let html = tmp.path().join("notice.html");
    for path in [&eml, &html] {
        std::fs::write(path, b"old").unwrap();
    }
    for (kind, path) in [("eml", &eml), ("html", &html)] {
        let args = json!({ "person": kari, "save": kind, "save_to": path });
        let err = call(&mut s, "notice.generate", args.clone()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Exists, "{kind}: {err}");
        assert_eq!(std::fs::read(path).unwrap(), b"old");
        let mut args = args;
        args["overwrite"] = json!(true);
        let done = call(&mut s, "notice.generate", args).unwrap();
        assert_eq!(
            done["outcome"]["path"].as_str().unwrap(),
            path.to_str().unwrap()
        );
    }
    assert!(
        std::fs::read_to_string(&eml)
            .unwrap()
            .contains("kari@example.no")
    );
    assert!(std::fs::read_to_string(&html).unwrap().contains("<html"));
}

/// A single-file backup as a browser gets it.
fn download_backup(s: &mut Session) -> (String, Vec<u8>) {
    let report = call(s, "vault.backup", json!({})).unwrap();
    assert_eq!(report["path"], Value::Null);
    assert!(report["bytes"].as_u64().unwrap() > 0);
    fetch(s, &report["download"])
}

fn shown(s: &mut Session, person: &str) -> Option<ErrorCode> {
    call(s, "person.show", json!({ "person": person }))
        .err()
        .map(|e| e.code())
}

#[test]
fn a_backup_downloaded_and_uploaded_again_restores_the_vault_and_keeps_erasures() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, key) = session(&tmp.path().join("v"));
    let kari = add(&mut s, "Kari", "kari@example.no");
    let erased = add(&mut s, "Zyxkvist", "zyx@example.no");
    let (name, bytes) = download_backup(&mut s);
    assert!(
        name.starts_with("lagom-backup-") && name.ends_with(".lagom-backup"),
        "{name}"
    );
    // Still encrypted: no SQLite file shows through the archive.
    assert!(
        !bytes
            .windows(16)
            .any(|w| w == b"SQLite format 3\0".as_slice())
    );

    // After the backup: one person added, one erased, one changed.
    let later = add(&mut s, "Later", "later@example.no");
    call(&mut s, "person.erase", json!({ "person": erased })).unwrap();
    call(
        &mut s,
        "person.update",
        json!({ "person": kari, "patch": { "city": "Bergen" } }),
    )
    .unwrap();

    let upload = s.upload(&name, bytes).unwrap();
    let report = call(&mut s, "vault.restore", json!({ "upload": upload.id })).unwrap();
    assert!(report["vault_id"].is_string());
    assert!(!s.is_unlocked(), "a restore leaves the vault locked");

    unlock(&mut s, &key);
    // The backup's data is back: the person added since is gone, the change undone …
    assert_eq!(shown(&mut s, &later), Some(ErrorCode::NotFound));
    let card = call(&mut s, "person.show", json!({ "person": kari })).unwrap();
    assert_ne!(card["city"], "Bergen");
    // … but the erasure made since is applied again: the backup brings nobody back.
    assert_eq!(shown(&mut s, &erased), Some(ErrorCode::NotFound));
    let events = call(&mut s, "audit.list", json!({ "kind": "erasure.reapplied" })).unwrap();
    assert_eq!(events.as_array().map(Vec::len), Some(1), "{events}");
}

#[test]
fn a_backup_file_on_disk_is_restored_and_not_replaced_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, key) = session(&tmp.path().join("v"));
    let kari = add(&mut s, "Kari", "kari@example.no");
    let file = tmp.path().join("monday.lagom-backup");
    let report = call(&mut s, "vault.backup", json!({ "file": file })).unwrap();
    assert_eq!(report["path"].as_str().unwrap(), file.to_str().unwrap());
    assert_eq!(report["download"], Value::Null);
    let before = std::fs::read(&file).unwrap();
    let err = call(&mut s, "vault.backup", json!({ "file": file })).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Exists);
    assert_eq!(std::fs::read(&file).unwrap(), before);
    call(
        &mut s,
        "vault.backup",
        json!({ "file": file, "overwrite": true }),
    )
    .unwrap();
    let err = call(
        &mut s,
        "vault.backup",
        json!({ "file": file, "dir": tmp.path().join("d") }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);

    let gone = add(&mut s, "Gone", "gone@example.no");
    call(&mut s, "vault.restore", json!({ "from": file })).unwrap();
    unlock(&mut s, &key);
    assert_eq!(shown(&mut s, &kari), None);
    assert_eq!(shown(&mut s, &gone), Some(ErrorCode::NotFound));
    // Nothing of the unpacking is left in the vault's folder.
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path().join("v"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

/// Restores `bytes` as an upload named `name`; answers the error, after checking that the
/// vault is still open and as it was (Kari still there), and opens so again.
fn refused_restore(s: &mut Session, key: &str, kari: &str, name: &str, bytes: Vec<u8>) -> String {
    let upload = s.upload(name, bytes).unwrap();
    let err = call(s, "vault.restore", json!({ "upload": upload.id })).unwrap_err();
    assert_ne!(err.code(), ErrorCode::Internal, "{err}");
    assert!(
        s.is_unlocked(),
        "a refused file leaves the owner where they were: {err}"
    );
    assert_eq!(shown(s, kari), None, "the vault is untouched after: {err}");
    call(s, "vault.lock", json!({})).unwrap();
    unlock(s, key);
    assert_eq!(
        shown(s, kari),
        None,
        "the vault opens as it was after: {err}"
    );
    err.to_string()
}

#[test]
fn a_garbage_truncated_or_foreign_backup_is_refused_and_the_vault_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut s, key) = session(&tmp.path().join("v"));
    let (name, backup) = download_backup(&mut s);
    let kari = add(&mut s, "Kari", "kari@example.no");

    let err = refused_restore(&mut s, &key, &kari, "notes.txt", b"just some text".to_vec());
    assert!(err.contains("notes.txt is not a Lagom backup"), "{err}");

    let half = backup[..backup.len() / 2].to_vec();
    let err = refused_restore(&mut s, &key, &kari, &name, half);
    assert!(
        err.contains("not a Lagom backup file, or it is cut short"),
        "{err}"
    );

    // A byte changed inside the database: its checksum no longer matches.
    let mut changed = backup.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0xff;
    let err = refused_restore(&mut s, &key, &kari, &name, changed);
    assert!(err.contains("is damaged"), "{err}");

    // Another vault's backup.
    let (mut other, _) = session(&tmp.path().join("other"));
    let (_, foreign) = download_backup(&mut other);
    let upload = s.upload("other.lagom-backup", foreign).unwrap();
    let err = call(&mut s, "vault.restore", json!({ "upload": upload.id })).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.to_string().contains("belongs to another vault"),
        "{err}"
    );
    assert_eq!(shown(&mut s, &kari), None);

    // Neither a path nor an upload, or both: the error says what to give.
    let err = call(&mut s, "vault.restore", json!({})).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(
        s.is_unlocked(),
        "a restore refused before it starts leaves the vault open"
    );
}

#[test]
fn a_consent_request_without_a_mail_server_comes_back_as_a_message_to_download() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path());
    name_the_business(&mut s);
    let kari = add(&mut s, "Kari", "kari@example.no");
    call(
        &mut s,
        "consent_text.add",
        json!({ "purpose": MARKETING, "language": "en", "body": "Yes, send me news." }),
    )
    .unwrap();
    // Held and saved at once is not something one message can be.
    let both = call(
        &mut s,
        "consent.request",
        json!({ "person": kari, "purpose": MARKETING, "hold": true, "save_to": "/tmp/x.eml" }),
    )
    .unwrap_err();
    assert_eq!(both.code(), ErrorCode::Validation);

    let asked = call(
        &mut s,
        "consent.request",
        json!({ "person": kari, "purpose": MARKETING, "hold": true }),
    )
    .unwrap();
    assert_eq!(asked["delivery"]["delivery"], "held");
    assert_eq!(asked["consent"]["state"], "pending");
    let (name, bytes) = fetch(&mut s, &asked["delivery"]["download"]);
    assert!(
        name.starts_with("consent-confirmation-") && name.ends_with(".eml"),
        "{name}"
    );
    let message = String::from_utf8(bytes).unwrap();
    assert!(message.contains("kari@example.no"), "{message}");
    assert!(message.contains("Yes, send me news."), "{message}");
    // Nothing was written beside the vault or anywhere else it knows of.
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    assert!(files.is_empty(), "{files:?}");
}
