//! `lagom mail`, `lagom business` and `lagom notice` as a person or a script uses them: the
//! SMTP password comes from the environment or standard input (never an argument) and is
//! never printed; the notice is shown, written to a file, or saved as an `.eml` message.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const PASSWORD: &str = "correct horse battery";
const SMTP_PASSWORD: &str = "smtp-kanarifugl-7731";

fn lagom(vault: &Path, key: Option<&str>, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lagom"));
    cmd.arg("--vault")
        .arg(vault)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("LAGOM_SECRET_KEY")
        .env_remove("LAGOM_VAULT")
        .env_remove("LAGOM_SMTP_PASSWORD")
        .env("LAGOM_PASSWORD", PASSWORD)
        .env("LAGOM_NO_KEYRING", "1");
    if let Some(key) = key {
        cmd.env("LAGOM_SECRET_KEY", key);
    }
    let mut child = cmd.spawn().expect("run lagom");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn ok_json(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap()
}

#[test]
fn mail_settings_business_and_notice_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    let init = ok_json(&lagom(
        &vault,
        None,
        &["--json", "init", "--owner", "Owner"],
        None,
    ));
    let key = init["secret_key"].as_str().unwrap().to_owned();
    let run = |args: &[&str], stdin: Option<&str>| lagom(&vault, Some(&key), args, stdin);

    // The password from standard input; never echoed back.
    let shown = ok(&run(
        &[
            "mail",
            "settings",
            "--host",
            "smtp.example.com",
            "--username",
            "post@fjordsykkel.example",
            "--set-password",
            "--from-address",
            "post@fjordsykkel.example",
        ],
        Some(&format!("{SMTP_PASSWORD}\n")),
    ));
    assert!(shown.contains("smtp.example.com:587"), "{shown}");
    assert!(shown.contains("password      set"), "{shown}");
    assert!(!shown.contains(SMTP_PASSWORD));
    let json = ok(&run(&["--json", "mail", "settings"], None));
    assert!(json.contains("\"password_set\": true"), "{json}");
    assert!(!json.contains(SMTP_PASSWORD));
    // There is no way to give it as an argument.
    let refused = run(&["mail", "settings", "--password", SMTP_PASSWORD], None);
    assert_eq!(refused.status.code(), Some(2));
    for entry in std::fs::read_dir(&vault).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes
                .windows(SMTP_PASSWORD.len())
                .any(|w| w == SMTP_PASSWORD.as_bytes())
        );
    }
    // Back to files: no server.
    ok(&run(&["mail", "settings", "--off"], None));

    ok(&run(
        &[
            "business",
            "--name",
            "Fjord Sykkel AS",
            "--email",
            "personvern@fjordsykkel.example",
            "--country",
            "SE",
            "--recipient",
            "Fortnox (bokföring)",
        ],
        None,
    ));
    ok(&run(
        &[
            "person",
            "add",
            "--first-name",
            "Åsa",
            "--last-name",
            "Lindqvist",
            "--email",
            "asa@example.se",
        ],
        None,
    ));

    let text = ok(&run(&["notice", "asa@example.se"], None));
    assert!(
        text.starts_with("How Fjord Sykkel AS handles your personal data"),
        "{text}"
    );
    assert!(text.contains("Dear Åsa Lindqvist,"), "{text}");
    assert!(text.contains("www.imy.se"), "{text}");
    assert!(text.contains("Fortnox (bokföring)"), "{text}");

    let html = tmp.path().join("asa.html");
    let written = ok(&run(
        &["notice", "asa@example.se", "--out", html.to_str().unwrap()],
        None,
    ));
    assert!(written.contains("Written to"), "{written}");
    assert!(std::fs::read_to_string(&html).unwrap().contains("<h2>"));

    // No server: --send needs a file for the message, and says so.
    let no_server = run(&["notice", "asa@example.se", "--send"], None);
    assert_eq!(no_server.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_server.stderr).contains("no mail server"));
    let eml = tmp.path().join("asa.eml");
    let saved = ok(&run(
        &[
            "notice",
            "asa@example.se",
            "--send",
            "--out",
            eml.to_str().unwrap(),
        ],
        None,
    ));
    assert!(saved.contains("Saved as"), "{saved}");
    let message = std::fs::read_to_string(&eml).unwrap();
    assert!(message.contains("To: "), "{message}");
    assert!(message.contains("asa@example.se"));

    let test = ok_json(&run(
        &[
            "--json",
            "mail",
            "test",
            "--out",
            tmp.path().to_str().unwrap(),
        ],
        None,
    ));
    assert_eq!(test["delivery"], "saved");
    assert!(Path::new(test["path"].as_str().unwrap()).exists());
}
