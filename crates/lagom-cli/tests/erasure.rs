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
