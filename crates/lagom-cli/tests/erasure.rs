//! `lagom erase`, `lagom retention` and `lagom backup` as scripts use them: erasing asks
//! first (and refuses without a terminal unless --yes), prints the pseudonym, and a restored
//! backup does not bring the erased person back.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const PASSWORD: &str = "correct horse battery";

fn lagom(vault: &Path, secret_key: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lagom"));
    cmd.arg("--vault")
        .arg(vault)
        .args(args)
        .stdin(Stdio::null())
        .env_remove("LAGOM_SECRET_KEY")
        .env_remove("LAGOM_VAULT")
        .env("LAGOM_PASSWORD", PASSWORD)
        .env("LAGOM_NO_KEYRING", "1");
    if let Some(key) = secret_key {
        cmd.env("LAGOM_SECRET_KEY", key);
    }
    cmd.output().expect("run lagom")
}

fn ok_json(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn erase_asks_first_prints_the_pseudonym_and_survives_a_restore() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    let init = ok_json(&lagom(
        &vault,
        None,
        &["--json", "init", "--owner", "Owner"],
    ));
    let key = init["secret_key"].as_str().unwrap().to_owned();
    let run = |args: &[&str]| lagom(&vault, Some(&key), args);
    let id = ok_json(&run(&[
        "--json",
        "person",
        "add",
        "--first-name",
        "Bjørn",
        "--last-name",
        "Zyxkvistgård",
        "--email",
        "bjorn@fjordpost.example",
    ]))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let backup = tmp.path().join("backup");
    let made = ok_json(&run(&[
        "--json",
        "backup",
        "create",
        backup.to_str().unwrap(),
    ]));
    assert!(made["bytes"].as_u64().unwrap() > 0);

    // Without a terminal to ask on and without --yes, nothing happens.
    let refused = run(&["erase", &id]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    ok_json(&run(&["--json", "person", "show", &id]));

    let erased = ok_json(&run(&["--json", "erase", &id, "--yes"]));
    let pseudonym = erased["pseudonym"].as_str().unwrap();
    assert!(pseudonym.starts_with("ERASED-"));
    assert_eq!(run(&["person", "show", &id]).status.code(), Some(4));

    let restored = ok_json(&lagom(
        &vault,
        None,
        &["--json", "backup", "restore", backup.to_str().unwrap()],
    ));
    assert_eq!(restored["vault_id"], init["vault_id"]);
    // The first unlock after the restore erases the person again.
    assert_eq!(run(&["person", "show", &id]).status.code(), Some(4));
    let events = ok_json(&run(&[
        "--json",
        "audit",
        "list",
        "--kind",
        "erasure.reapplied",
    ]));
    assert_eq!(
        events["events"].as_array().map(Vec::len),
        Some(1),
        "{events}"
    );

    let retention = ok_json(&run(&["--json", "retention", "--years", "SE=8"]));
    assert_eq!(retention["years"]["SE"], 8);
    assert_eq!(run(&["retention", "--years", "SE"]).status.code(), Some(2));
}

#[test]
fn an_erased_person_is_refused_until_registered_again_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    let init = ok_json(&lagom(
        &vault,
        None,
        &["--json", "init", "--owner", "Owner"],
    ));
    let key = init["secret_key"].as_str().unwrap().to_owned();
    let run = |args: &[&str]| lagom(&vault, Some(&key), args);
    let add = [
        "person",
        "add",
        "--first-name",
        "Kari",
        "--last-name",
        "Zyxkvist",
        "--email",
        "kari@fjordpost.example",
        "--phone",
        "+47 412 00 001",
    ];
    let id = ok_json(&run(&[&["--json"], &add[..]].concat()))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let erased = ok_json(&run(&["--json", "erase", &id, "--yes"]));
    assert_eq!(erased["suppression_hashes"], 3);

    // Adding her again: a clear refusal with its own code, naming the day, not her.
    let refused = run(&[&["--json"], &add[..]].concat());
    assert_eq!(refused.status.code(), Some(6));
    let error: Value = serde_json::from_slice(&refused.stderr).unwrap();
    assert_eq!(error["error"]["code"], "erased", "{error}");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("erased on "), "{message}");
    assert!(message.contains("--register-erased"), "{message}");
    assert!(!message.contains("kari"), "{message}");

    // An import of her (the number written another way) leaves her out and says why.
    let file = tmp.path().join("kunder.csv");
    std::fs::write(&file, "Fornavn;Etternavn;Mobil\nKari;Zyxkvist;412 00 001\n").unwrap();
    let plan = run(&["import", file.to_str().unwrap(), "--dry-run"]);
    let text = String::from_utf8_lossy(&plan.stdout);
    assert_eq!(plan.status.code(), Some(0), "{text}");
    assert!(
        text.contains("1 row left out: an earlier erasure covers it"),
        "{text}"
    );
    assert!(text.contains("skip (erased "), "{text}");

    let why = "came back as a customer and asked to be registered again";
    let again = ok_json(&run(
        &[&["--json"], &add[..], &["--register-erased", why]].concat()
    ));
    let events = ok_json(&run(&[
        "--json",
        "audit",
        "list",
        "--kind",
        "suppression.lifted",
    ]));
    assert_eq!(events["events"][0]["subject_id"], again["id"], "{events}");
    assert_eq!(events["events"][0]["detail"]["reason"], why, "{events}");
    let imported = ok_json(&run(&["--json", "import", file.to_str().unwrap()]));
    assert_eq!(imported["counts"]["erased"], 0, "{imported}");
}

#[test]
fn a_single_file_backup_is_replaced_only_with_force_and_restores_the_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    let init = ok_json(&lagom(
        &vault,
        None,
        &["--json", "init", "--owner", "Owner"],
    ));
    let key = init["secret_key"].as_str().unwrap().to_owned();
    let run = |args: &[&str]| lagom(&vault, Some(&key), args);
    let add = |email: &str| {
        ok_json(&run(&[
            "--json",
            "person",
            "add",
            "--first-name",
            "Kari",
            "--email",
            email,
        ]))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let before = add("before@fjordpost.example");
    let file = tmp.path().join("monday.lagom-backup");
    let path = file.to_str().unwrap();
    let made = ok_json(&run(&["--json", "backup", "create", path]));
    assert_eq!(made["path"].as_str(), Some(path));
    assert!(std::fs::metadata(&file).unwrap().is_file());

    // A second backup to the same file: refused, the first kept; with --force, replaced.
    let first = std::fs::read(&file).unwrap();
    let refused = run(&["backup", "create", path]);
    assert_ne!(refused.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("monday.lagom-backup"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(std::fs::read(&file).unwrap(), first);
    ok_json(&run(&["--json", "--force", "backup", "create", path]));

    let after = add("after@fjordpost.example");
    let restored = ok_json(&lagom(&vault, None, &["--json", "backup", "restore", path]));
    assert_eq!(restored["vault_id"], init["vault_id"]);
    ok_json(&run(&["--json", "person", "show", &before]));
    assert_eq!(run(&["person", "show", &after]).status.code(), Some(4));

    // A file that is no backup is refused and changes nothing.
    let notes = tmp.path().join("notes.lagom-backup");
    std::fs::write(&notes, b"just notes").unwrap();
    let refused = lagom(
        &vault,
        None,
        &["backup", "restore", notes.to_str().unwrap()],
    );
    assert_ne!(refused.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("is not a Lagom backup"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    ok_json(&run(&["--json", "person", "show", &before]));
}
