//! `lagom request` and `lagom export-subject` as a script uses them, on a real vault.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const PASSWORD: &str = "correct horse battery";

fn lagom(vault: &Path, key: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lagom"));
    cmd.arg("--vault")
        .arg(vault)
        .args(args)
        .stdin(Stdio::null());
    cmd.env_remove("LAGOM_SECRET_KEY")
        .env_remove("LAGOM_VAULT")
        .env("LAGOM_NO_KEYRING", "1")
        .env("LAGOM_PASSWORD", PASSWORD);
    if let Some(key) = key {
        cmd.env("LAGOM_SECRET_KEY", key);
    }
    cmd.output().expect("run lagom")
}

fn ok(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

#[test]
fn a_request_is_registered_listed_and_answered_with_an_encrypted_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let init = ok(&lagom(
        &vault,
        None,
        &["--json", "init", "--owner", "Owner"],
    ));
    let key = init["secret_key"].as_str().unwrap().to_owned();
    let run = |args: &[&str]| lagom(&vault, Some(&key), args);
    ok(&run(&[
        "--json",
        "person",
        "add",
        "--first-name",
        "Kari",
        "--last-name",
        "Nordmann",
        "--email",
        "kari@example.no",
    ]));

    let new = ok(&run(&[
        "--json",
        "request",
        "new",
        "access",
        "kari@example.no",
    ]));
    assert_eq!(new["number"], "R-0001");
    let list = ok(&run(&["--json", "request", "list", "--status", "open"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["people"][0]["name"], "Kari Nordmann");
    let text = run(&["request", "list"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("R-0001"));

    // A folder without --yes-unencrypted and no terminal to ask: refused, nothing written.
    let folder = dir.path().join("kari");
    let refused = run(&[
        "export-subject",
        "kari@example.no",
        "--out",
        folder.to_str().unwrap(),
        "--format",
        "folder",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(!folder.exists());

    // A bundle names who holds the data and where to write: refused until the business is.
    let zip = dir.path().join("kari.zip");
    let nameless = run(&[
        "export-subject",
        "kari@example.no",
        "--out",
        zip.to_str().unwrap(),
        "--format",
        "zip",
    ]);
    assert_eq!(nameless.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nameless.stderr).contains("business"));
    assert!(!zip.exists());
    ok(&run(&[
        "--json",
        "business",
        "--name",
        "Firma AS",
        "--email",
        "post@firma.example",
    ]));

    let out = run(&[
        "export-subject",
        "kari@example.no",
        "--out",
        zip.to_str().unwrap(),
        "--format",
        "zip",
        "--request",
        "R-0001",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    let passphrase = printed
        .lines()
        .skip_while(|l| !l.starts_with("Passphrase"))
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    // Eight words, easy to read out over the phone.
    assert_eq!(passphrase.split('-').count(), 8, "{printed}");
    assert!(printed.contains("Recorded on request R-0001"));

    let opened = dir.path().join("opened");
    let x = Command::new("7z")
        .arg("x")
        .arg(format!("-p{passphrase}"))
        .arg(format!("-o{}", opened.display()))
        .arg(&zip)
        .output()
        .unwrap();
    assert!(x.status.success());
    let json: Value =
        serde_json::from_slice(&std::fs::read(opened.join("subject-access.json")).unwrap())
            .unwrap();
    assert_eq!(json["person"]["email"], "kari@example.no");

    // By e-mail: without a mail server only --out will do; the message is saved, the
    // passphrase printed and never in the message.
    let nowhere = run(&["export-subject", "kari@example.no", "--format", "email"]);
    assert_eq!(nowhere.status.code(), Some(2));
    let mail_dir = dir.path().join("mail");
    std::fs::create_dir(&mail_dir).unwrap();
    let emailed = ok(&run(&[
        "--json",
        "export-subject",
        "kari@example.no",
        "--format",
        "email",
        "--out",
        mail_dir.to_str().unwrap(),
    ]));
    assert_eq!(emailed["delivery"]["delivery"], "saved");
    let eml_path = emailed["path"].as_str().unwrap();
    assert_eq!(emailed["delivery"]["path"], eml_path);
    assert!(eml_path.ends_with(".eml"), "{eml_path}");
    let eml = std::fs::read_to_string(eml_path).unwrap();
    // The PDF travels, never its passphrase.
    assert!(eml.contains(".pdf"), "{eml}");
    assert!(eml.contains("kari@example.no"));
    let mailed_passphrase = emailed["passphrase"].as_str().unwrap();
    assert_eq!(mailed_passphrase.split('-').count(), 8);
    assert!(!eml.contains(mailed_passphrase));

    let shown = ok(&run(&["--json", "request", "show", "R-0001"]));
    let actions: Vec<_> = shown["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["created", "bundle_exported"]);
    let closed = ok(&run(&["--json", "request", "close", "R-0001"]));
    assert_eq!(closed["status"], "done");
}
