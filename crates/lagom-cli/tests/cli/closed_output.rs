//! Output nobody can read never crashes `lagom` (a panic exits with 101): stderr closed or a
//! closed pipe, stdout a closed pipe (`lagom … | true`) or a full disk (`> /dev/full`). When
//! the output was the point, the command says so by its exit code instead of succeeding.

use std::process::{Command, Output, Stdio};

use super::{PASSWORD, Vault, code, stderr};

/// Runs `lagom` on `vault` with the given stdout and stderr.
fn lagom_to(vault: &Vault, args: &[&str], stdout: Stdio, err: Stdio) -> std::process::ExitStatus {
    Command::new(env!("CARGO_BIN_EXE_lagom"))
        .arg("--vault")
        .arg(&vault.path)
        .args(args)
        .env("LAGOM_NO_KEYRING", "1")
        .env("LAGOM_PASSWORD", PASSWORD)
        .env("LAGOM_SECRET_KEY", &vault.secret_key)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(err)
        .status()
        .expect("run lagom")
}

/// The write end of a pipe whose reader is already gone.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    writer.into()
}

/// Runs `lagom` through `sh` with its stderr closed (`2>&-`), as a shell can start it.
fn with_stderr_closed(vault: &Vault, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" \"$@\" 2>&-")
        .arg(env!("CARGO_BIN_EXE_lagom"))
        .arg("--vault")
        .arg(&vault.path)
        .args(args)
        .env("LAGOM_NO_KEYRING", "1")
        .env("LAGOM_PASSWORD", PASSWORD)
        .env("LAGOM_SECRET_KEY", &vault.secret_key)
        .stdin(Stdio::null())
        .output()
        .expect("run lagom through sh")
}

const PANIC: i32 = 101;

#[test]
fn an_error_reported_to_a_closed_stderr_keeps_its_exit_code() {
    let v = Vault::new();
    let missing = ["person", "show", "01900000-0000-7000-8000-000000000000"];
    let status = lagom_to(&v, &missing, Stdio::null(), closed_pipe());
    assert_eq!(
        status.code(),
        Some(4),
        "not found, told by the exit code alone"
    );
    let mut json = vec!["--json"];
    json.extend_from_slice(&missing);
    let status = lagom_to(&v, &json, Stdio::null(), closed_pipe());
    assert_eq!(status.code(), Some(4));
    let out = with_stderr_closed(&v, &missing);
    assert_eq!(code(&out), 4, "{}", String::from_utf8_lossy(&out.stdout));
    // A warning printed beside the result (the database key's) goes nowhere, quietly.
    let status = lagom_to(&v, &["database-key"], Stdio::null(), closed_pipe());
    assert_eq!(status.code(), Some(0));
}

#[test]
fn output_to_a_closed_pipe_ends_quietly_but_not_successfully() {
    let v = Vault::new();
    for args in [
        &["person", "list"][..],
        &["--json", "person", "list"],
        &["info"],
        &["--help"],
        &["--version"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_lagom"))
            .arg("--vault")
            .arg(&v.path)
            .args(args)
            .env("LAGOM_NO_KEYRING", "1")
            .env("LAGOM_PASSWORD", PASSWORD)
            .env("LAGOM_SECRET_KEY", &v.secret_key)
            .stdin(Stdio::null())
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .output()
            .expect("run lagom");
        assert_ne!(
            code(&out),
            PANIC,
            "lagom {args:?} panicked: {}",
            stderr(&out)
        );
        assert_ne!(
            code(&out),
            0,
            "lagom {args:?}: nothing was printed, yet it succeeded"
        );
        assert_eq!(
            stderr(&out),
            "",
            "lagom {args:?}: a closed pipe is not worth a message"
        );
    }
}

#[test]
fn output_to_a_full_disk_is_an_error_not_a_panic() {
    let v = Vault::new();
    for args in [
        &["person", "list"][..],
        &["--json", "person", "list"],
        &["--help"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(env!("CARGO_BIN_EXE_lagom"))
            .arg("--vault")
            .arg(&v.path)
            .args(args)
            .env("LAGOM_NO_KEYRING", "1")
            .env("LAGOM_PASSWORD", PASSWORD)
            .env("LAGOM_SECRET_KEY", &v.secret_key)
            .stdin(Stdio::null())
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("run lagom");
        let err = stderr(&out);
        assert_eq!(code(&out), 1, "lagom {args:?}: {err}");
        assert!(!err.contains("panicked"), "lagom {args:?}: {err}");
        assert!(err.contains("No space left"), "lagom {args:?}: {err}");
    }
}
