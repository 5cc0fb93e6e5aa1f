//! What an attacker or a careless user does from the command line, and what they get.

use super::{Vault, code, stderr};

/// The database opened with the raw key `lagom database-key` hands out.
fn forger(v: &Vault) -> rusqlite::Connection {
    let key = v.json(&["database-key"])["sqlcipher_raw_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let conn = rusqlite::Connection::open(v.path.join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    conn
}

#[test]
fn a_cut_audit_trail_with_its_head_moved_back_is_reported_and_writes_wait_for_a_reseal() {
    let v = Vault::new();
    v.json(&[
        "person",
        "add",
        "--first-name",
        "Kari",
        "--email",
        "kari@x.example",
    ]);
    let conn = forger(&v);
    // Remove the database-key export itself and move the head to the event before it.
    conn.execute_batch(
        "DROP TRIGGER audit_events_are_append_only_delete;
         DELETE FROM audit_events WHERE seq >= (SELECT seq FROM audit_events WHERE kind = 'export');
         UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_events),
                               hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1);",
    )
    .unwrap();
    drop(conn);

    let verify = v.run(&["audit", "verify"]);
    assert_eq!(code(&verify), 5, "{}", stderr(&verify));
    let text = String::from_utf8_lossy(&verify.stdout);
    assert!(
        text.contains("record of the newest event was edited"),
        "{text}"
    );
    assert!(text.contains("audit.head shows it reached"), "{text}");

    let refused = v.run(&["person", "add", "--first-name", "Ola"]);
    assert_eq!(code(&refused), 5, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("audit trail is damaged"),
        "{}",
        stderr(&refused)
    );

    let resealed = v.run(&["audit", "reseal"]);
    assert_eq!(code(&resealed), 0, "{}", stderr(&resealed));
    v.json(&["person", "add", "--first-name", "Ola"]);
    let verify = v.run(&["audit", "verify"]);
    assert_eq!(code(&verify), 0, "{}", stderr(&verify));
    let text = String::from_utf8_lossy(&verify.stdout);
    assert!(text.contains("Resealed at event"), "{text}");
}

#[test]
fn a_deleted_audit_head_row_leaves_verify_working() {
    let v = Vault::new();
    let conn = forger(&v);
    conn.execute("DELETE FROM audit_head", []).unwrap();
    drop(conn);
    let verify = v.run(&["--json", "audit", "verify"]);
    assert_eq!(code(&verify), 5, "{}", stderr(&verify));
    assert!(!stderr(&verify).contains("UNIQUE"), "{}", stderr(&verify));
    let report: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(report["problems"][0]["problem"], "head_missing");
    assert_eq!(report["writes_refused"], true);
}

#[test]
fn no_output_path_can_write_over_the_vault() {
    let v = Vault::new();
    v.json(&[
        "person",
        "add",
        "--first-name",
        "Kari",
        "--email",
        "kari@x.example",
    ]);
    v.json(&[
        "business",
        "--name",
        "Kari's Kafé",
        "--email",
        "post@x.example",
    ]);
    let csv = v.path.parent().unwrap().join("kunder.csv");
    std::fs::write(&csv, "Navn;E-post\nBjørn;bjorn@x.example\n").unwrap();
    let header_before = std::fs::read(v.path.join("vault.header")).unwrap();
    let db = v.path.join("vault.db");
    let header = v.path.join("vault.header");
    // Through a link to the vault's folder too.
    let link = v.path.parent().unwrap().join("innocent");
    std::os::unix::fs::symlink(&v.path, &link).unwrap();
    let via_link = link.join("vault.db");
    let inside = v.path.join("inside");
    let attempts: Vec<Vec<&str>> = vec![
        vec![
            "marketing-list",
            "E-marketing",
            "--out",
            db.to_str().unwrap(),
            "--force",
        ],
        vec![
            "marketing-list",
            "E-marketing",
            "--out",
            via_link.to_str().unwrap(),
            "--force",
        ],
        vec![
            "import",
            "--dry-run",
            "--problems",
            db.to_str().unwrap(),
            "--force",
            csv.to_str().unwrap(),
        ],
        vec![
            "import",
            "--dry-run",
            "--save-mapping",
            header.to_str().unwrap(),
            "--force",
            csv.to_str().unwrap(),
        ],
        vec![
            "notice",
            "kari@x.example",
            "--out",
            header.to_str().unwrap(),
            "--force",
        ],
        vec!["backup", "create", inside.to_str().unwrap()],
    ];
    for args in &attempts {
        let out = v.run(args);
        assert_ne!(code(&out), 0, "lagom {args:?} succeeded");
        assert!(
            stderr(&out).contains("vault's own folder"),
            "lagom {args:?}: {}",
            stderr(&out)
        );
    }
    // The header as it was; the database (changed only by the commands' own audit events)
    // whole, with its person and an intact trail.
    assert!(std::fs::read(v.path.join("vault.header")).unwrap() == header_before);
    assert!(!v.path.join("inside").exists());
    let list = v.json(&["person", "list"]);
    assert_eq!(list["total"], 1);
    assert_eq!(v.json(&["audit", "verify"])["intact"], true);
}

#[test]
fn passwd_refuses_a_kit_path_inside_the_vault_before_changing_anything() {
    let v = Vault::new();
    let kit = v.path.join("vault.db");
    let out = super::lagom(
        &v.path,
        &[
            ("LAGOM_PASSWORD", super::PASSWORD),
            ("LAGOM_SECRET_KEY", &v.secret_key),
            ("LAGOM_NEW_PASSWORD", "a new long password"),
        ],
        &[
            "passwd",
            "--new-secret-key",
            "--kit",
            kit.to_str().unwrap(),
            "--force",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(
        code(&v.run(&["person", "list"])),
        0,
        "the old credentials still open it"
    );
}

/// `lagom passwd --new-secret-key` with its output going where `stdout` says.
fn passwd_new_key(v: &Vault, stdout: std::process::Stdio) -> std::process::ExitStatus {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lagom"));
    cmd.arg("--vault")
        .arg(&v.path)
        .args(["passwd", "--new-secret-key"])
        .env("LAGOM_NO_KEYRING", "1")
        .env("LAGOM_PASSWORD", super::PASSWORD)
        .env("LAGOM_SECRET_KEY", &v.secret_key)
        .env("LAGOM_NEW_PASSWORD", "a new long password")
        .stdin(std::process::Stdio::null())
        .stdout(stdout)
        .stderr(std::process::Stdio::null());
    cmd.status().unwrap()
}

#[test]
fn a_new_secret_key_nobody_saw_is_never_put_in_force() {
    let v = Vault::new();
    // stdout a pipe whose reader is gone (`| true`).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = passwd_new_key(&v, writer.into());
    assert!(!status.success(), "{status:?}");
    assert_eq!(
        code(&v.run(&["person", "list"])),
        0,
        "old credentials, closed pipe"
    );
    // stdout a full disk.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let status = passwd_new_key(&v, full.into());
    assert!(!status.success(), "{status:?}");
    assert_eq!(
        code(&v.run(&["person", "list"])),
        0,
        "old credentials, full disk"
    );
}

/// Copies every file of a vault folder.
fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Runs `passwd --new-secret-key --kit` on a copy of the vault under strace, killed at
/// the `n`th call of one of `calls`; returns whether it was killed, and what it printed.
fn passwd_killed_at(
    v: &Vault,
    folder: &std::path::Path,
    calls: &str,
    n: usize,
) -> (bool, String, std::path::PathBuf) {
    let kit = folder.with_extension("kit.html");
    let out = std::process::Command::new("strace")
        .args(["-f", "-o", "/dev/null", "-e"])
        .arg(format!("trace={calls}"))
        .arg("-e")
        .arg(format!("inject={calls}:signal=SIGKILL:when={n}"))
        .arg(env!("CARGO_BIN_EXE_lagom"))
        .arg("--vault")
        .arg(folder)
        .args(["passwd", "--new-secret-key", "--kit"])
        .arg(&kit)
        .env("LAGOM_NO_KEYRING", "1")
        .env("LAGOM_PASSWORD", super::PASSWORD)
        .env("LAGOM_SECRET_KEY", &v.secret_key)
        .env("LAGOM_NEW_PASSWORD", "a new long password")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("strace (installed by scripts/system-packages.sh test)");
    let killed = !out.status.success();
    (
        killed,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        kit,
    )
}

/// Whether these credentials open the vault in `folder`.
fn opens(folder: &std::path::Path, password: &str, key: &str) -> bool {
    let out = super::lagom(
        folder,
        &[("LAGOM_PASSWORD", password), ("LAGOM_SECRET_KEY", key)],
        &["--json", "person", "list"],
    );
    code(&out) == 0
}

#[test]
fn a_new_secret_key_killed_at_every_flush_and_rename_leaves_credentials_the_owner_holds() {
    let v = Vault::new();
    v.json(&["person", "add", "--first-name", "Kari"]);
    let tmp = tempfile::tempdir().unwrap();
    let mut points = 0;
    for calls in ["fsync,fdatasync", "rename,renameat,renameat2"] {
        for n in 1.. {
            let folder = tmp.path().join(format!("{}-{n}", calls.len()));
            copy_folder(&v.path, &folder);
            let (killed, printed, kit) = passwd_killed_at(&v, &folder, calls, n);
            let old = opens(&folder, super::PASSWORD, &v.secret_key);
            // What the owner holds of the new key: printed, or in the kit on disk.
            let kit_text = std::fs::read_to_string(&kit).unwrap_or_default();
            let new_key = printed
                .split_whitespace()
                .chain(kit_text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')))
                .find(|w| w.starts_with("LG1-") && w.len() > 20)
                .map(str::to_owned);
            let new = new_key
                .as_deref()
                .is_some_and(|key| opens(&folder, "a new long password", key));
            assert!(
                old || new,
                "killed at {calls} #{n}: neither the old credentials nor a new key the owner \
                 was given open the vault (printed: {printed:?})"
            );
            points += 1;
            if !killed {
                assert!(
                    new && !old,
                    "a finished change leaves the new key in force only"
                );
                break;
            }
            assert!(n < 200, "{calls}: the command never finished");
        }
    }
    assert!(points > 6, "only {points} crash points were tried");
}

#[test]
fn serve_reads_and_writes_only_inside_the_allowed_folders_and_never_the_vault() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    // The server's home (the folder allowed by default) is `home`.
    let server = super::Server::start(&vault);
    let (status, created) = server.call(
        "vault.create",
        serde_json::json!({ "owner": "Kari", "password": super::PASSWORD }),
    );
    assert_eq!(status, 200, "{created}");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("k.csv"), "Navn\nBjørn\n").unwrap();
    let calls = [
        (
            "import.plan",
            serde_json::json!({ "files": [{ "path": outside.path().join("k.csv") }] }),
            "outside the folders allowed",
        ),
        (
            "import.plan",
            serde_json::json!({ "files": [{ "path": "/etc/hostname" }] }),
            "outside the folders allowed",
        ),
        (
            "marketing.list",
            serde_json::json!({ "purpose": "E-marketing", "out": vault.join("vault.db"), "overwrite": true }),
            "vault's own folder",
        ),
        (
            "vault.backup",
            serde_json::json!({ "dir": outside.path().join("backup") }),
            "outside the folders allowed",
        ),
    ];
    for (command, args, why) in calls {
        let (status, body) = server.call(command, args);
        assert_eq!(status, 400, "{command}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(why), "{command}: {body}");
    }
    assert!(!outside.path().join("backup").exists());
    // Inside the home folder, outside the vault's: fine.
    let (status, body) = server.call(
        "marketing.list",
        serde_json::json!({ "purpose": "E-marketing", "out": home.path().join("list.csv") }),
    );
    assert_eq!(status, 200, "{body}");
}

/// A workbook whose one sheet holds `sheet_xml`, as Excel lays a file out.
fn workbook(path: &std::path::Path, sheet_xml: &str, shared_strings: Option<&str>) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    let mut entry = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    entry(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    entry(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    entry(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Kunder" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    entry(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    if let Some(strings) = shared_strings {
        entry("xl/sharedStrings.xml", strings);
    }
    entry("xl/worksheets/sheet1.xml", sheet_xml);
    zip.finish().unwrap();
}

fn sheet(dimension: &str, cell: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Navn</t></is></c></row><row r="2"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#
    )
}

#[test]
fn serve_survives_every_hostile_import_file() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    let server = super::Server::start(&vault);
    let (status, created) = server.call(
        "vault.create",
        serde_json::json!({ "owner": "Kari", "password": super::PASSWORD }),
    );
    assert_eq!(status, 200, "{created}");
    let files = home.path().join("files");
    std::fs::create_dir(&files).unwrap();
    workbook(
        &files.join("far-corner.xlsx"),
        &sheet("A1:XFD1048576", "XFD1048576"),
        None,
    );
    workbook(
        &files.join("wide.xlsx"),
        &sheet("A1:XFD6000", "XFD6000"),
        None,
    );
    workbook(
        &files.join("bad-ref.xlsx"),
        &sheet("A1:ZZZZZZZ2", "ZZZZZZZ2"),
        None,
    );
    workbook(
        &files.join("strings.xlsx"),
        &sheet("A1:A2", "A2"),
        Some(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4294967295" uniqueCount="4294967295"><si><t>x</t></si></sst>"#,
        ),
    );
    std::os::unix::fs::symlink("/dev/zero", files.join("zero.csv")).unwrap();
    for name in [
        "far-corner.xlsx",
        "wide.xlsx",
        "bad-ref.xlsx",
        "strings.xlsx",
        "zero.csv",
    ] {
        let started = std::time::Instant::now();
        let (status, body) = server.call(
            "import.plan",
            serde_json::json!({ "files": [{ "path": files.join(name) }] }),
        );
        assert!(
            (400..500).contains(&status) || status == 200,
            "{name}: {status} {body}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{name} took {:?}",
            started.elapsed()
        );
        // Still there, still answering.
        let (status, _) = server.call("vault.status", serde_json::Value::Null);
        assert_eq!(status, 200, "the server died on {name}");
    }
}

#[test]
fn a_vault_whose_key_could_not_be_shown_is_never_made() {
    let dir = tempfile::tempdir().unwrap();
    for (what, stdout) in [
        ("a closed pipe", {
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader);
            std::process::Stdio::from(writer)
        }),
        (
            "a full disk",
            std::process::Stdio::from(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            ),
        ),
    ] {
        let vault = dir.path().join(what.replace(' ', "-"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_lagom"))
            .arg("--vault")
            .arg(&vault)
            .arg("init")
            .env("LAGOM_NO_KEYRING", "1")
            .env("LAGOM_PASSWORD", super::PASSWORD)
            .stdin(std::process::Stdio::null())
            .stdout(stdout)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(!status.success(), "{what}: {status:?}");
        assert!(
            !vault.join("vault.header").exists(),
            "{what}: a vault was made"
        );
        assert!(
            !vault.join("vault.db").exists(),
            "{what}: a database was left"
        );
    }
}
