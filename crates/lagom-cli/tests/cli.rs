//! The `lagom` command as scripts use it: exit codes, JSON shapes, credentials from the
//! environment. Every call is a real process on a real vault.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Every command of the core's table reachable from every shell.
#[path = "cli/reach.rs"]
mod reach;

/// Attacks on the vault through the command line: forged audit trails, output paths aimed
/// at the vault's own files.
#[path = "cli/attacks.rs"]
mod attacks;

/// Output nobody can read (a closed stderr or pipe, a full disk) never crashes the command.
#[path = "cli/closed_output.rs"]
mod closed_output;

/// `lagom check` on a damaged page, and a header version Lagom never wrote.
#[path = "cli/damage.rs"]
mod damage;

/// Housekeeping from the terminal: runs, the start screen, rules and settings.
#[path = "cli/hygiene.rs"]
mod hygiene;

/// `lagom serve` closes connections that send nothing, or half a request.
#[path = "cli/serve_limits.rs"]
mod serve_limits;

/// `lagom duplicates` answers what the JSON dispatch answers, and `lagom person add` warns.
#[path = "cli/duplicates.rs"]
mod duplicates;

/// `lagom person contact` and a file's phone country.
#[path = "cli/contacts.rs"]
mod contacts;

const PASSWORD: &str = "correct horse battery";

struct Vault {
    _dir: tempfile::TempDir,
    path: PathBuf,
    secret_key: String,
}

fn lagom(vault: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lagom"));
    cmd.arg("--vault")
        .arg(vault)
        .args(args)
        .stdin(Stdio::null());
    cmd.env_remove("LAGOM_PASSWORD")
        .env_remove("LAGOM_SECRET_KEY")
        .env_remove("LAGOM_VAULT");
    cmd.env_remove("LAGOM_NEW_PASSWORD")
        .env("LAGOM_NO_KEYRING", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run lagom")
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
        let json = json(&out);
        let secret_key = json["secret_key"].as_str().unwrap().to_owned();
        Vault {
            _dir: dir,
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
        json(&out)
    }
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn error_code(out: &Output) -> String {
    let v: Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|_| panic!("not a JSON error: {}", stderr(out)));
    v["error"]["code"].as_str().unwrap().to_owned()
}

/// The subcommands a help text lists under "Commands:" (without `help`).
fn listed_subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_has_help() {
    let commands: &[&[&str]] = &[
        &[],
        &["init"],
        &["person"],
        &["person", "add"],
        &["person", "show"],
        &["person", "edit"],
        &["person", "delete"],
        &["person", "list"],
        &["search"],
        &["audit"],
        &["audit", "list"],
        &["audit", "verify"],
        &["audit", "reseal"],
        &["passwd"],
        &["rekey"],
        &["check"],
        &["info"],
        &["database-key"],
        &["demo"],
        &["import"],
        &["import", "list"],
        &["import", "undo"],
        &["serve"],
        &["consent"],
        &["consent", "give"],
        &["consent", "withdraw"],
        &["consent", "list"],
        &["consent", "request"],
        &["consent", "confirm"],
        &["marketing-list"],
        &["request"],
        &["request", "new"],
        &["request", "list"],
        &["request", "show"],
        &["request", "identity"],
        &["request", "extend"],
        &["request", "close"],
        &["export-subject"],
        &["erase"],
        &["retention"],
        &["backup"],
        &["backup", "create"],
        &["backup", "restore"],
        &["mail"],
        &["mail", "settings"],
        &["mail", "test"],
        &["business"],
        &["notice"],
        &["person", "restore"],
        &["person", "archive"],
        &["person", "unarchive"],
        &["person", "contact"],
        &["person", "contact", "list"],
        &["person", "contact", "add"],
        &["person", "contact", "remove"],
        &["person", "contact", "primary"],
        &["person", "contact", "kind"],
        &["hygiene"],
        &["hygiene", "run"],
        &["hygiene", "today"],
        &["hygiene", "runs"],
        &["hygiene", "steps"],
        &["hygiene", "keep"],
        &["hygiene", "findings"],
        &["hygiene", "dismiss"],
        &["hygiene", "rules"],
        &["hygiene", "settings"],
        &["bin"],
        &["duplicates"],
        &["duplicates", "list"],
        &["duplicates", "refresh"],
        &["duplicates", "merge"],
        &["duplicates", "dismiss"],
        &["duplicates", "undo"],
        &["duplicates", "merges"],
        &["duplicates", "check"],
    ];
    for c in commands {
        let mut args = c.to_vec();
        args.push("--help");
        let out = Command::new(env!("CARGO_BIN_EXE_lagom"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{args:?}");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Usage"), "{args:?}");
        // A command added later must be added to the list above too.
        for sub in listed_subcommands(&help) {
            let mut full = c.to_vec();
            full.push(&sub);
            assert!(
                commands.contains(&full.as_slice()),
                "`lagom {}` is not in this test's list",
                full.join(" ")
            );
        }
    }
    let top = Command::new(env!("CARGO_BIN_EXE_lagom"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&top.stdout);
    for documented in [
        "LAGOM_PASSWORD",
        "LAGOM_SECRET_KEY",
        "Exit codes",
        "LAGOM_VAULT",
    ] {
        assert!(
            text.contains(documented),
            "--help does not mention {documented}"
        );
    }
}

#[test]
fn init_prints_the_secret_key_once_and_writes_the_kit() {
    let dir = tempfile::tempdir().unwrap();
    let kit = dir.path().join("kit.html");
    let out = lagom(
        &dir.path().join("v"),
        &[("LAGOM_PASSWORD", PASSWORD)],
        &["--json", "init", "--kit", kit.to_str().unwrap()],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json(&out);
    let key = v["secret_key"].as_str().unwrap();
    assert!(key.starts_with("LG1-") && key.len() == 35, "{key}");
    assert_eq!(v["keyring"], Value::Bool(false));
    assert!(v["vault_id"].as_str().unwrap().len() == 36);
    let html = std::fs::read_to_string(&kit).unwrap();
    assert!(html.contains(key));
    assert!(!html.contains(PASSWORD));
    // Nothing in the vault directory holds the secret key in plain text.
    for entry in std::fs::read_dir(dir.path().join("v")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(key.len()).any(|w| w == key.as_bytes()));
    }
    let again = lagom(
        &dir.path().join("v"),
        &[("LAGOM_PASSWORD", PASSWORD)],
        &["--json", "init"],
    );
    assert_eq!(code(&again), 6);
    assert_eq!(error_code(&again), "conflict");
}

#[test]
fn init_checks_the_kit_path_before_making_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let out = lagom(
        &dir.path().join("v"),
        &[("LAGOM_PASSWORD", PASSWORD)],
        &[
            "--json",
            "init",
            "--kit",
            dir.path().join("no/such/dir/kit.html").to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("kit.html: is in a folder that does not exist"));
    assert!(
        !dir.path().join("v/vault.header").exists(),
        "a vault was made whose key was never shown"
    );
}

#[test]
fn init_refuses_a_weak_password_as_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = lagom(
        &dir.path().join("v"),
        &[("LAGOM_PASSWORD", "short")],
        &["--json", "init"],
    );
    assert_eq!(code(&out), 2);
    assert_eq!(error_code(&out), "validation");
}

#[test]
fn exit_codes_tell_credentials_not_found_corrupt_and_usage_apart() {
    let v = Vault::new();
    let wrong_pw = lagom(
        &v.path,
        &[
            ("LAGOM_PASSWORD", "wrong password"),
            ("LAGOM_SECRET_KEY", &v.secret_key),
        ],
        &["--json", "person", "list"],
    );
    assert_eq!(
        (code(&wrong_pw), error_code(&wrong_pw).as_str()),
        (3, "wrong_credentials")
    );

    let other_key = Vault::new().secret_key;
    let wrong_sk = lagom(
        &v.path,
        &[
            ("LAGOM_PASSWORD", PASSWORD),
            ("LAGOM_SECRET_KEY", &other_key),
        ],
        &["person", "list"],
    );
    assert_eq!(code(&wrong_sk), 3);
    assert!(
        stderr(&wrong_sk).contains("wrong secret key"),
        "{}",
        stderr(&wrong_sk)
    );

    let malformed = lagom(
        &v.path,
        &[
            ("LAGOM_PASSWORD", PASSWORD),
            ("LAGOM_SECRET_KEY", "LG1-nope"),
        ],
        &["person", "list"],
    );
    assert_eq!(code(&malformed), 3);

    let no_key = lagom(
        &v.path,
        &[("LAGOM_PASSWORD", PASSWORD)],
        &["person", "list"],
    );
    assert_eq!(
        code(&no_key),
        2,
        "without a terminal the secret key must come from the environment"
    );
    assert!(stderr(&no_key).contains("LAGOM_SECRET_KEY"));

    let missing = v.run(&[
        "--json",
        "person",
        "show",
        "01900000-0000-7000-8000-000000000000",
    ]);
    assert_eq!(
        (code(&missing), error_code(&missing).as_str()),
        (4, "not_found")
    );

    let no_vault = lagom(
        &v.path.join("nope"),
        &[("LAGOM_PASSWORD", PASSWORD)],
        &["person", "list"],
    );
    assert_eq!(code(&no_vault), 4);

    let bad_flag = v.run(&["person", "add", "--no-such-flag"]);
    assert_eq!(code(&bad_flag), 2);
    let bad_flag_json = v.run(&["--json", "person", "add", "--no-such-flag"]);
    assert_eq!(
        (code(&bad_flag_json), error_code(&bad_flag_json).as_str()),
        (2, "usage")
    );

    let bad_email = v.run(&[
        "--json",
        "person",
        "add",
        "--first-name",
        "Kari",
        "--email",
        "kari@",
    ]);
    assert_eq!(
        (code(&bad_email), error_code(&bad_email).as_str()),
        (2, "validation")
    );
    assert!(stderr(&bad_email).contains("email"));

    let header = v.path.join("vault.header");
    let mut bytes = std::fs::read(&header).unwrap();
    bytes[40] ^= 0xff;
    std::fs::write(&header, &bytes).unwrap();
    let tampered = v.run(&["--json", "person", "list"]);
    assert_eq!(
        (code(&tampered), error_code(&tampered).as_str()),
        (5, "corrupt")
    );
    assert!(stderr(&tampered).contains("vault.header"));
}

#[test]
fn person_commands_round_trip_as_json() {
    let v = Vault::new();
    let added = v.json(&[
        "person",
        "add",
        "--first-name",
        "Bjørn",
        "--last-name",
        "Kjær",
        "--email",
        "Bjorn@Kjaer.example",
        "--phone",
        "+47 912 34 567",
        "--org",
        "Fjord AS",
        "--tag",
        "vip",
        "--purpose",
        "E-marketing",
        "--source",
        "web form",
    ]);
    let id = added["id"].as_str().unwrap().to_owned();

    let shown = v.json(&["person", "show", &id]);
    assert_eq!(shown["first_name"], "Bjørn");
    assert_eq!(shown["email"], "bjorn@kjaer.example");
    assert_eq!(shown["organisation"]["name"], "Fjord AS");
    assert_eq!(shown["tags"], serde_json::json!(["vip"]));
    assert_eq!(shown["processing"][0]["purpose"], "E-marketing");
    assert_eq!(shown["processing"][0]["legal_basis"], "a");
    assert_eq!(shown["processing"][0]["source"], "web form");
    assert_eq!(shown["processing"][0]["recorded_by"], "Test Owner");

    let by_email = v.json(&["person", "show", "bjorn@kjaer.example"]);
    assert_eq!(by_email["id"], id.as_str());

    let edited = v.json(&[
        "person",
        "edit",
        &id,
        "--last-name",
        "Dæhlie",
        "--phone",
        "",
        "--status",
        "customer",
    ]);
    assert_eq!(edited["last_name"], "Dæhlie");
    assert_eq!(edited["phone"], Value::Null);
    assert_eq!(edited["status"], "customer");

    let found = v.json(&["search", "daehl"]);
    assert_eq!(found["total"], 1);
    assert_eq!(found["people"][0]["id"], id.as_str());
    assert_eq!(
        v.json(&["search", "kjaer"])["total"],
        1,
        "the e-mail still says kjaer"
    );

    let list = v.json(&["person", "list"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["people"].as_array().unwrap().len(), 1);

    assert_eq!(v.json(&["person", "delete", &id])["deleted"], id.as_str());
    assert_eq!(v.json(&["person", "list"])["total"], 0);
    assert_eq!(v.json(&["search", "bjorn"])["total"], 0);
    let bin = v.json(&["bin"]);
    assert_eq!(bin["total"], 1);
    assert_eq!(bin["people"][0]["id"], id.as_str());
    assert_eq!(v.json(&["person", "restore", &id])["person"], id.as_str());
    assert_eq!(v.json(&["search", "bjorn"])["total"], 1);
    assert_eq!(v.json(&["person", "archive", &id])["person"], id.as_str());
    assert_eq!(v.json(&["person", "list"])["total"], 0);
    assert_eq!(v.json(&["search", "bjorn", "--archived"])["total"], 1);
    v.json(&["person", "unarchive", &id]);
    assert_eq!(v.json(&["person", "delete", &id])["deleted"], id.as_str());

    let events = v.json(&["audit", "list", "--person", &id]);
    let kinds: Vec<_> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "person.binned",
            "person.unarchived",
            "person.archived",
            "person.restored",
            "person.binned",
            "person.updated",
            "person.read",
            "person.read",
            "person.created"
        ]
    );
    let dump = events.to_string();
    assert!(
        !dump.contains("Bjørn") && !dump.contains("kjaer"),
        "personal data in the audit log"
    );
}

#[test]
fn audit_verify_names_an_event_edited_with_the_raw_key() {
    let v = Vault::new();
    v.json(&["demo", "--people", "5"]);
    let verified = v.json(&["audit", "verify"]);
    assert_eq!(verified["intact"], true);

    let key = v.json(&["database-key"])["sqlcipher_raw_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let conn = rusqlite::Connection::open(v.path.join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    conn.execute_batch("DROP TRIGGER audit_events_are_append_only_update;")
        .unwrap();
    conn.execute(
        "UPDATE audit_events SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 4",
        [],
    )
    .unwrap();
    drop(conn);

    let out = v.run(&["--json", "audit", "verify"]);
    assert_eq!(code(&out), 5);
    let report = json(&out);
    assert_eq!(report["intact"], false);
    assert_eq!(
        report["problems"],
        serde_json::json!([{ "problem": "altered", "seq": 4 }])
    );
    let human = v.run(&["audit", "verify"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("event #4 was edited"));
}

#[test]
fn passwd_and_rekey_keep_the_data() {
    let v = Vault::new();
    v.json(&["demo", "--people", "20"]);
    let out = lagom(
        &v.path,
        &[
            ("LAGOM_PASSWORD", PASSWORD),
            ("LAGOM_SECRET_KEY", &v.secret_key),
            ("LAGOM_NEW_PASSWORD", "a new long password"),
        ],
        &["--json", "passwd"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json(&out)["secret_key"], Value::Null);
    assert_eq!(
        code(&v.run(&["person", "list"])),
        3,
        "the old password still works"
    );
    let new = [
        ("LAGOM_PASSWORD", "a new long password"),
        ("LAGOM_SECRET_KEY", v.secret_key.as_str()),
    ];
    let before = lagom(&v.path, &new, &["--json", "database-key"]);
    let out = lagom(&v.path, &new, &["--json", "rekey"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Replacing the keys issues a new secret key: from here on it opens the vault.
    let rekeyed = json(&out)["secret_key"].as_str().unwrap().to_owned();
    let new = [
        ("LAGOM_PASSWORD", "a new long password"),
        ("LAGOM_SECRET_KEY", rekeyed.as_str()),
    ];
    let after = lagom(&v.path, &new, &["--json", "database-key"]);
    assert_ne!(
        json(&before)["sqlcipher_raw_key"],
        json(&after)["sqlcipher_raw_key"]
    );
    let list = lagom(&v.path, &new, &["--json", "person", "list"]);
    assert_eq!(json(&list)["total"], 20);
    assert_eq!(code(&lagom(&v.path, &new, &["check"])), 0);
    assert_eq!(code(&lagom(&v.path, &new, &["audit", "verify"])), 0);
}

#[test]
fn rekey_issues_a_new_secret_key_and_the_old_one_stops_working() {
    let v = Vault::new();
    v.json(&["demo", "--people", "3"]);
    let kit_dir = tempfile::tempdir().unwrap();
    let kit = kit_dir.path().join("kit.html");
    let out = v.run(&["--json", "rekey", "--kit", kit.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rekeyed = json(&out);
    let new_key = rekeyed["secret_key"].as_str().unwrap().to_owned();
    assert!(new_key.starts_with("LG1-"), "{new_key}");
    assert_ne!(new_key, v.secret_key);
    assert_eq!(rekeyed["rotated"], true);
    // The keyring is switched off here (LAGOM_NO_KEYRING), and the answer says so.
    assert_eq!(rekeyed["secret_key_remembered"], false);
    let notes = rekeyed["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("not in a keyring")),
        "{notes:?}"
    );
    // The emergency kit holds the new key.
    assert!(std::fs::read_to_string(&kit).unwrap().contains(&new_key));

    // The old secret key no longer opens the vault; the new one does.
    let old = v.run(&["--json", "person", "list"]);
    assert_eq!(code(&old), 3, "the old secret key still works");
    assert_eq!(error_code(&old), "wrong_credentials");
    let with_new = lagom(
        &v.path,
        &[("LAGOM_PASSWORD", PASSWORD), ("LAGOM_SECRET_KEY", &new_key)],
        &["--json", "person", "list"],
    );
    assert_eq!(code(&with_new), 0, "{}", stderr(&with_new));
    assert_eq!(json(&with_new)["total"], 3);

    // For people, the new key is printed once, before anything else is said.
    let human = lagom(
        &v.path,
        &[("LAGOM_PASSWORD", PASSWORD), ("LAGOM_SECRET_KEY", &new_key)],
        &["rekey"],
    );
    assert_eq!(code(&human), 0, "{}", stderr(&human));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("Your new secret key"), "{text}");
}

#[test]
fn info_reads_the_header_without_credentials() {
    let v = Vault::new();
    let out = lagom(&v.path, &[], &["--json", "info"]);
    assert_eq!(code(&out), 0);
    let info = json(&out);
    assert_eq!(info["kdf_memory_kib"], 65536);
    assert_eq!(info["kdf_iterations"], 3);
    assert_eq!(info["kdf_parallelism"], 4);
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn import_plans_commits_lists_and_undoes() {
    let v = Vault::new();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "kunder.csv",
        "Fornavn;Etternavn;E-post;Mobil;Diagnose\n\
         Bjørn;Kjær;bjorn@kjaer.no;912 34 567;\n\
         Åse;Berg;ikke-epost;;\n\
         ;;;;\n\
         BJØRN;KJÆR;BJORN@KJAER.NO;;\n",
    );
    let problems = dir.path().join("problems.csv");
    let plan = v.json(&[
        "import",
        &file,
        "--dry-run",
        "--problems",
        problems.to_str().unwrap(),
    ]);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["counts"]["created"], 2);
    assert_eq!(plan["counts"]["merged"], 1);
    assert_eq!(plan["files"][0]["held_back_columns"][0], "Diagnose");
    assert_eq!(plan["preview"][0]["person"]["phone"], "+4791234567");
    let csv = std::fs::read_to_string(&problems).unwrap();
    assert!(csv.contains("kunder.csv,,3,E-post,"), "{csv}");
    assert_eq!(
        v.json(&["person", "list"])["total"],
        0,
        "a dry run writes nothing"
    );

    let report = v.json(&["import", &file, "--purpose", "Customer relationship"]);
    let batch = report["batch"].as_str().unwrap().to_owned();
    assert_eq!(v.json(&["person", "list"])["total"], 2);
    let card = v.json(&["person", "show", "bjorn@kjaer.no"]);
    assert_eq!(card["processing"][0]["source"], "import: kunder.csv");
    let list = v.json(&["import", "list"]);
    assert_eq!(list[0]["id"], batch.as_str());
    assert_eq!(list[0]["counts"]["created"], 2);

    let human = v.run(&["import", "undo", &batch[..13]]);
    assert_eq!(code(&human), 0, "{}", stderr(&human));
    assert!(String::from_utf8_lossy(&human.stdout).contains("2 people removed"));
    assert_eq!(v.json(&["person", "list"])["total"], 0);
    let again = v.run(&["--json", "import", "undo", &batch]);
    assert_eq!(code(&again), 6, "already undone is a conflict");
    assert_eq!(json_err(&again)["error"]["code"], "conflict");
}

fn json_err(out: &Output) -> Value {
    serde_json::from_slice(&out.stderr).unwrap()
}

#[test]
fn import_refuses_bad_files_and_options_clearly() {
    let v = Vault::new();
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "kunder.xlsx",
        "PK\u{3}\u{4} not really a workbook",
    );
    let out = v.run(&["--json", "import", &broken]);
    assert_eq!(code(&out), 2);
    let err = json_err(&out);
    assert_eq!(err["error"]["code"], "unreadable");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("kunder.xlsx")
    );

    let good = write(
        dir.path(),
        "k.csv",
        "Navn,E-post\nKari Nordmann,kari@example.no\n",
    );
    let out = v.run(&["--json", "import", &good, "--country", "Norge"]);
    assert_eq!(code(&out), 2);
    let out = v.run(&["--json", "import", &good, "--purpose", "Spying"]);
    assert_eq!(code(&out), 4, "unknown purpose: {}", stderr(&out));
    let out = v.run(&["--json", "import", &good, "--on-duplicate", "ignore"]);
    assert_eq!(code(&out), 2);
    let out = v.run(&["--json", "import", "undo", "0000000000"]);
    assert_eq!(code(&out), 4);
    let out = v.run(&["--json", "import"]);
    assert_eq!(code(&out), 2, "no file named");
}

/// A running `lagom serve`, stopped (SIGTERM) when dropped.
struct Server {
    child: std::process::Child,
    address: String,
    token: String,
}

impl Server {
    fn start(vault: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lagom"))
            .args(["--json", "--vault"])
            .arg(vault)
            .arg("serve")
            .env("LAGOM_NO_KEYRING", "1")
            // The folder the vault is in stands in for the owner's home, the folder a
            // browser may name files in by default.
            .env("HOME", vault.parent().unwrap())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut text = String::new();
        let mut lines =
            std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
        for line in lines.by_ref() {
            let line = line.unwrap();
            text.push_str(&line);
            if line == "}" {
                break;
            }
        }
        let started: Value = serde_json::from_str(&text).unwrap();
        let url = started["url"].as_str().unwrap();
        Server {
            child,
            address: url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_owned(),
            token: started["token"].as_str().unwrap().to_owned(),
        }
    }

    /// One HTTP/1.1 request; returns the status and the JSON body.
    fn request(&self, path: &str, body: &str, headers: &[(&str, &str)]) -> (u16, Value) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.address).unwrap();
        let mut head = format!(
            "POST {path} HTTP/1.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        write!(stream, "{head}\r\n{body}").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status: u16 = response[9..12].parse().unwrap();
        let json = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| serde_json::from_str(b).unwrap_or(Value::Null))
            .unwrap_or(Value::Null);
        (status, json)
    }

    fn call(&self, command: &str, body: Value) -> (u16, Value) {
        let auth = format!("Bearer {}", self.token);
        let host = self.address.clone();
        self.request(
            &format!("/api/{command}"),
            &body.to_string(),
            &[("Authorization", &auth), ("Host", &host)],
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_answers_the_command_table_to_the_token_holder_only() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("vault"));
    let host = server.address.clone();

    let (status, body) = server.request("/api/vault.status", "", &[("Host", &host)]);
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    let auth = format!("Bearer {}", server.token);
    let (status, _) = server.request(
        "/api/vault.status",
        "",
        &[("Authorization", &auth), ("Host", "attacker.example")],
    );
    assert_eq!(status, 421, "a rebinding page is refused");

    let (status, body) = server.call("people.list", Value::Null);
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (423, Some("locked"))
    );
    let (status, created) = server.call(
        "vault.create",
        serde_json::json!({ "owner": "Kari", "password": PASSWORD }),
    );
    assert_eq!(status, 200, "{created}");
    let file = write(
        dir.path(),
        "k.csv",
        "Navn;E-post\nBjørn Kjær;bjorn@kjaer.no\n",
    );
    let (status, report) = server.call(
        "import.commit",
        serde_json::json!({ "files": [{ "path": file }], "default_country": "NO" }),
    );
    assert_eq!(
        (status, report["counts"]["created"].as_u64()),
        (200, Some(1)),
        "{report}"
    );
    let (_, found) = server.call("people.search", serde_json::json!({ "query": "kjaer" }));
    assert_eq!(found["people"][0]["email"], "bjorn@kjaer.no");
    let (status, body) = server.call(
        "person.show",
        serde_json::json!({ "person": "nobody@x.no" }),
    );
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );

    server.call("vault.lock", Value::Null);
    let (status, body) = server.call(
        "vault.unlock",
        serde_json::json!({ "password": "wrong horse battery", "secret_key": created["secret_key"] }),
    );
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("wrong_credentials"))
    );
    let (status, _) = server.call(
        "vault.unlock",
        serde_json::json!({ "password": PASSWORD, "secret_key": created["secret_key"] }),
    );
    assert_eq!(status, 200);
    let (_, progress) = server.call("progress", Value::Null);
    assert_eq!(progress["running"], false);
}

#[test]
fn the_audit_list_names_a_built_in_purpose_in_english_unless_another_language_is_asked_for() {
    let v = Vault::new();
    // Named in Norwegian on the command line, found by its key.
    v.json(&[
        "person",
        "add",
        "--first-name",
        "Kari",
        "--email",
        "kari@example.no",
        "--purpose",
        "E-markedsføring",
    ]);
    let text = |args: &[&str]| {
        let out = v.run(args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let english = text(&["audit", "list"]);
    assert!(english.contains("\"purpose\":\"E-marketing\""), "{english}");
    assert!(
        !english.contains("00000000-0000-7000-8000-000000000103"),
        "{english}"
    );
    let norwegian = text(&["audit", "list", "--language", "nb"]);
    assert!(
        norwegian.contains("\"purpose\":\"E-markedsføring\""),
        "{norwegian}"
    );
    // The JSON keeps the ids, as stored.
    let events = v.json(&["audit", "list"]);
    assert!(
        events
            .to_string()
            .contains("00000000-0000-7000-8000-000000000103")
    );
}
