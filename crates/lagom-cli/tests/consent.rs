//! `lagom consent` and `lagom marketing-list` as scripts use them: JSON shapes, exit codes,
//! the CSV file. Every call is a real process on a real vault.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const PASSWORD: &str = "correct horse battery";

struct Vault {
    dir: tempfile::TempDir,
    path: PathBuf,
    secret_key: String,
}

fn lagom(vault: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lagom"));
    cmd.arg("--vault")
        .arg(vault)
        .args(args)
        .stdin(Stdio::null())
        .env_remove("LAGOM_PASSWORD")
        .env_remove("LAGOM_SECRET_KEY")
        .env_remove("LAGOM_VAULT")
        .env("LAGOM_NO_KEYRING", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run lagom")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Vault {
    fn new() -> Vault {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let out = lagom(
            &path,
            &[("LAGOM_PASSWORD", PASSWORD)],
            &["--json", "init", "--owner", "Test Owner"],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let secret_key = json["secret_key"].as_str().unwrap().to_owned();
        Vault {
            dir,
            path,
            secret_key,
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        lagom(
            &self.path,
            &[
                ("LAGOM_PASSWORD", PASSWORD),
                ("LAGOM_SECRET_KEY", &self.secret_key),
            ],
            args,
        )
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert_eq!(code(&out), 0, "lagom {args:?}: {}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn person(&self, first: &str, email: &str) -> String {
        let added = self.json(&[
            "person",
            "add",
            "--first-name",
            first,
            "--last-name",
            "Hansen",
            "--email",
            email,
        ]);
        added["id"].as_str().unwrap().to_owned()
    }
}

#[test]
fn consent_give_and_list_round_trip_and_refuse_clearly() {
    let v = Vault::new();
    let id = v.person("Kari", "kari@example.no");
    let given = v.json(&[
        "consent",
        "give",
        "kari@example.no",
        "--purpose",
        "E-marketing",
        "--method",
        "web_form",
        "--evidence",
        "signup form",
        "--at",
        "2025-01-02",
    ]);
    assert_eq!(given["state"], "given");
    assert_eq!(given["occurred_at"], "2025-01-02T00:00:00.000Z");

    let listed = v.json(&["consent", "list", &id]);
    assert_eq!(listed[0]["purpose"], "E-marketing");
    assert_eq!(listed[0]["valid"], true);
    assert_eq!(listed[0]["history"][0]["method"], "web_form");
    assert_eq!(listed[0]["history"][0]["evidence"], "signup form");

    let text = v.run(&["consent", "list", &id]);
    assert_eq!(code(&text), 0, "{}", stderr(&text));
    let text = stdout(&text);
    assert!(
        text.contains("E-marketing") && text.contains("(valid)"),
        "{text}"
    );
    assert!(text.contains("evidence: signup form"), "{text}");

    let withdrawn = v.json(&[
        "consent",
        "withdraw",
        &id,
        "--purpose",
        "E-marketing",
        "--method",
        "phone",
    ]);
    assert_eq!(withdrawn["state"], "withdrawn");
    assert_eq!(v.json(&["consent", "list", &id])[0]["valid"], false);

    let future = v.run(&[
        "consent",
        "give",
        &id,
        "--purpose",
        "E-marketing",
        "--method",
        "email",
        "--at",
        "2999-01-01",
    ]);
    assert_eq!(code(&future), 2, "{}", stderr(&future));
    assert!(stderr(&future).contains("future"), "{}", stderr(&future));
    let unknown = v.run(&[
        "consent",
        "give",
        &id,
        "--purpose",
        "Astrology",
        "--method",
        "email",
    ]);
    assert_eq!(code(&unknown), 4, "{}", stderr(&unknown));
    let bad_method = v.run(&[
        "consent",
        "give",
        &id,
        "--purpose",
        "E-marketing",
        "--method",
        "carrier-pigeon",
    ]);
    assert_eq!(code(&bad_method), 2);
    // Asking by e-mail needs a sender, and a consent text to send word for word.
    let request = v.run(&["consent", "request", &id, "--purpose", "E-marketing"]);
    assert_eq!(code(&request), 2, "{}", stderr(&request));
    assert!(
        stderr(&request).contains("from_address"),
        "{}",
        stderr(&request)
    );
    v.json(&["business", "--email", "post@lagom.example"]);
    let out = v.dir.path().to_str().unwrap();
    let request = v.run(&[
        "consent",
        "request",
        &id,
        "--purpose",
        "E-marketing",
        "--out",
        out,
    ]);
    assert_eq!(code(&request), 4, "{}", stderr(&request));
    let confirm = v.run(&[
        "consent",
        "confirm",
        &id,
        "--purpose",
        "E-marketing",
        "--code",
        "2222-2222",
    ]);
    assert_eq!(code(&confirm), 4, "nothing pending: {}", stderr(&confirm));
}

/// Adds an English consent text for E-marketing straight into the database: the CLI has no
/// command for consent texts (the app edits them).
fn add_consent_text(v: &Vault, body: &str) {
    let key = v.json(&["database-key"])["sqlcipher_raw_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let conn = rusqlite::Connection::open(v.path.join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    conn.execute(
        "INSERT INTO consent_texts (id, purpose_id, language, version, body, sha256, created_at, created_by)
         SELECT '01970000-0000-7000-8000-0000000000f1', '00000000-0000-7000-8000-000000000103',
                'en', 1, ?1, '', '2025-01-01T00:00:00.000Z', id FROM users LIMIT 1",
        [body],
    )
    .unwrap();
}

#[test]
fn consent_request_sends_or_saves_the_message_and_never_prints_the_code() {
    let v = Vault::new();
    let id = v.person("Kari", "kari@example.no");
    add_consent_text(&v, "Yes, send me news.");
    v.json(&["business", "--email", "post@lagom.example"]);

    // No mail server and no --out: nothing is asked, nothing left pending.
    let nowhere = v.run(&["consent", "request", &id, "--purpose", "E-marketing"]);
    assert_eq!(code(&nowhere), 2, "{}", stderr(&nowhere));
    assert!(
        stderr(&nowhere).contains("mail server"),
        "{}",
        stderr(&nowhere)
    );
    assert_eq!(v.json(&["consent", "list", &id]), serde_json::json!([]));

    let out = v.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let asked = v.json(&[
        "consent",
        "request",
        &id,
        "--purpose",
        "E-marketing",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(asked["consent"]["state"], "pending");
    assert_eq!(asked["delivery"]["delivery"], "saved");
    let eml = std::fs::read_to_string(asked["delivery"]["path"].as_str().unwrap()).unwrap();
    assert!(eml.contains("To: <kari@example.no>") || eml.contains("kari@example.no"));
    let at = eml.find("code: ").expect("a code in the message") + "code: ".len();
    let the_code = &eml[at..at + 9];
    assert_eq!(the_code.as_bytes()[4], b'-', "{the_code}");
    assert!(
        !asked.to_string().contains(the_code),
        "the code only in the message"
    );

    let text = v.run(&[
        "consent",
        "request",
        &id,
        "--purpose",
        "E-marketing",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&text), 0, "{}", stderr(&text));
    let printed = stdout(&text);
    assert!(printed.contains("Saved as"), "{printed}");
    assert!(!printed.contains("code: "), "{printed}");

    // The newest request's code is the one that counts.
    let newest = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str() != asked["delivery"]["path"].as_str())
        .unwrap();
    let eml = std::fs::read_to_string(newest).unwrap();
    let at = eml.find("code: ").unwrap() + "code: ".len();
    let confirmed = v.json(&[
        "consent",
        "confirm",
        &id,
        "--purpose",
        "E-marketing",
        "--code",
        &eml[at..at + 9],
    ]);
    assert_eq!(confirmed["state"], "given");
    assert_eq!(v.json(&["consent", "list", &id])[0]["valid"], true);
}

#[test]
fn marketing_list_writes_the_consenting_and_counts_the_rest() {
    let v = Vault::new();
    v.person("Kari", "kari@example.no");
    v.person("Per", "per@example.no");
    v.json(&[
        "consent",
        "give",
        "kari@example.no",
        "--purpose",
        "E-marketing",
        "--method",
        "in_person",
        "--at",
        "2025-02-03",
    ]);
    let file = v.dir.path().join("list.csv");
    let file_arg = file.to_str().unwrap();

    let out = v.run(&["marketing-list", "E-marketing", "--out", file_arg]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Wrote 1 person"), "{text}");
    assert!(text.contains("no consent") && text.contains('1'), "{text}");
    let csv = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        [
            "first_name,last_name,email,language,consent_given_at,consent_text_version",
            "Kari,Hansen,kari@example.no,en,2025-02-03T00:00:00.000Z,",
        ]
    );

    // The same file again: refused unless asked for, then replaced.
    let again = v.run(&["marketing-list", "E-marketing", "--out", file_arg]);
    assert_eq!(
        code(&again),
        6,
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let json = v.json(&[
        "marketing-list",
        "E-marketing",
        "--out",
        file_arg,
        "--subscription",
        "Newsletter",
        "--force",
    ]);
    assert_eq!(json["included"], 0);
    assert_eq!(json["left_out"]["not_subscribed"], 1);
    assert_eq!(json["left_out"]["no_consent"], 1);
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 1);

    let unknown = v.run(&["marketing-list", "Astrology", "--out", file_arg]);
    assert_eq!(code(&unknown), 4);
}

#[test]
fn consent_commands_have_help() {
    for args in [
        &["consent", "--help"][..],
        &["consent", "give", "--help"],
        &["consent", "withdraw", "--help"],
        &["consent", "list", "--help"],
        &["consent", "request", "--help"],
        &["consent", "confirm", "--help"],
        &["marketing-list", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_lagom"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{args:?}");
        assert!(stdout(&out).contains("Usage"), "{args:?}");
    }
}
