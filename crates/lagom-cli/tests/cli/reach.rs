//! Every command of the core's table is reachable from every shell. The desktop app and
//! `lagom serve` dispatch any name through `Session::call` and keep no list of their own; the
//! terminal calls commands typed (`session.run::<Command>`), and the few it does not offer are
//! listed in [`APP_ONLY`] with the reason. A new command that is neither reached by a `lagom`
//! subcommand nor on that list fails the test below.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use lagom_core::api::{COMMANDS, NoSecretKeys, Session, TABLE};
use lagom_core::{Error, SystemClock};
use serde_json::Value;

/// Commands only the app (the desktop window, or the UI through `lagom serve`) offers, each
/// with why the terminal has no subcommand for it.
const APP_ONLY: &[(&str, &str)] = &[
    // The app's own settings: auto-lock and the UI's language mean nothing in a terminal.
    ("settings.get", "the app's auto-lock and language"),
    ("settings.set", "the app's auto-lock and language"),
    // Screens of the app: the people list's filters and the person card's parts.
    ("people.filters", "the people screen's filter choices"),
    ("note.add", "notes are written on the person card"),
    ("note.delete", "notes are written on the person card"),
    ("purposes.list", "the person form's choice of purpose"),
    ("organisations.list", "the organisations screen"),
    ("organisation.show", "the organisations screen"),
    ("organisation.create", "the organisations screen"),
    ("organisation.update", "the organisations screen"),
    ("organisation.delete", "the organisations screen"),
    // Files from a browser or a drop arrive as uploads, which a terminal never makes.
    (
        "import.discard",
        "uploads exist only in the app's import wizard",
    ),
    // The register's start-screen summary and corrections under a request.
    ("requests.summary", "the start screen's overdue requests"),
    ("request.rectify", "the request card's correction form"),
    (
        "subject.export_plan",
        "the export dialog's language and missing business details, asked before exporting",
    ),
    // The settings screens for purposes, sources, subscriptions, texts and notices.
    ("purpose.save", "the settings screen's lists"),
    ("source.save", "the settings screen's lists"),
    ("subscription_type.save", "the settings screen's lists"),
    ("processing.mass_edit", "the people screen's mass edit"),
    ("consent.reply", "the privacy panel's confirmation by reply"),
    ("consent_text.add", "the settings screen's consent texts"),
    ("consent_texts.list", "the settings screen's consent texts"),
    (
        "privacy_notice.add",
        "the settings screen's privacy notices",
    ),
    (
        "privacy_notices.list",
        "the settings screen's privacy notices",
    ),
    ("subscription.set", "the privacy panel's subscriptions"),
    ("person.restrict", "the privacy panel's restriction"),
    ("person.object", "the privacy panel's objection"),
    ("person.set_language", "the privacy panel's language"),
    // Read-only views the terminal shows through the commands that change them.
    (
        "mail.settings.get",
        "`lagom mail settings` shows them through mail.settings.set",
    ),
    (
        "business.get",
        "`lagom business` shows it through business.set",
    ),
    (
        "retention.get",
        "`lagom retention` shows it through retention.set",
    ),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CLI's sources.
fn cli_sources() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the CLI's sources")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = read(&p);
            (p, text)
        })
        .collect()
}

/// The command types the CLI calls: `run::<X>` and `run_with::<X>`.
fn called_types(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for marker in ["run::<", "run_with::<"] {
        for (at, _) in text.match_indices(marker) {
            let rest = &text[at + marker.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn every_command_is_dispatched_over_json() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut session = Session::new(
        &dir.path().join("vault"),
        Arc::new(SystemClock),
        Box::new(NoSecretKeys),
    );
    let unknown = |result: lagom_core::Result<Value>| {
        matches!(
            result,
            Err(Error::NotFound {
                kind: "command",
                ..
            })
        )
    };
    for name in COMMANDS {
        // On a locked session with no vault, every command answers, if only with an
        // error; none may be unknown to the dispatch.
        let result = session.call(name, Value::Null, &mut |_| {}, &AtomicBool::new(false));
        assert!(!unknown(result), "{name} is not dispatched over JSON");
    }
    let result = session.call(
        "no.such_command",
        Value::Null,
        &mut |_| {},
        &AtomicBool::new(false),
    );
    assert!(unknown(result), "an unknown name must be refused as such");
}

#[test]
fn the_app_and_serve_dispatch_through_the_table_and_keep_no_list() {
    let desktop = read(&workspace().join("src-tauri/src/main.rs"));
    let serve = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/serve.rs"));
    for (shell, text) in [("src-tauri", &desktop), ("lagom serve", &serve)] {
        assert!(
            text.contains("session.call("),
            "{shell} must dispatch through Session::call"
        );
        for name in COMMANDS {
            assert!(
                !text.contains(&format!("\"{name}\"")),
                "{shell} names {name} itself: it must leave every name to the table"
            );
        }
    }
}

#[test]
fn every_command_is_reached_by_a_subcommand_or_listed_as_app_only() {
    let called: BTreeSet<String> = cli_sources()
        .iter()
        .flat_map(|(_, text)| called_types(text))
        .collect();
    let mut problems = Vec::new();
    for (name, ty) in TABLE {
        let reached = called.contains(*ty);
        let app_only = APP_ONLY.iter().any(|(n, _)| n == name);
        match (reached, app_only) {
            (false, false) => problems.push(format!(
                "{name} ({ty}) is reached by no lagom subcommand: call it from one, or add it to APP_ONLY with the reason"
            )),
            (true, true) => problems.push(format!(
                "{name} ({ty}) is called by lagom but listed in APP_ONLY: take it off the list"
            )),
            _ => {}
        }
    }
    for (name, _) in APP_ONLY {
        if !COMMANDS.contains(name) {
            problems.push(format!("APP_ONLY names {name}, which is no command"));
        }
    }
    for ty in &called {
        if !TABLE.iter().any(|(_, t)| t == ty) {
            problems.push(format!("lagom calls {ty}, which the table does not list"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_cli_never_opens_the_vault_itself() {
    // Every operation goes through the table: no `Vault` handle appears in the CLI.
    for (path, text) in cli_sources() {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let direct = code.match_indices("Vault").any(|(at, _)| {
                let before = &code[..at];
                let after = code[at + "Vault".len()..].chars().next();
                let in_text = before.matches('"').count() % 2 == 1;
                // `Earlier::Vault` is an import duplicate found in the vault, not a handle.
                !in_text
                    && !before.ends_with("::")
                    && !before.ends_with(|c: char| c.is_alphanumeric())
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            assert!(
                !direct,
                "{}:{}: the CLI uses Vault directly: {line}",
                path.display(),
                n + 1
            );
        }
    }
}
