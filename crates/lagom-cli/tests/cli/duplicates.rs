//! `lagom duplicates list|merge|dismiss|undo|merges` on a real vault, each answer compared
//! with what the JSON dispatch (the app's and `lagom serve`'s way in) answers on the same
//! vault, and `lagom person add` refusing a likely duplicate unless told to add it anyway.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use lagom_core::SystemClock;
use lagom_core::api::{NoSecretKeys, Session};
use serde_json::{Value, json};

use super::{PASSWORD, Vault, code, error_code};

/// One command through the JSON dispatch on the same vault, in a session of its own that is
/// locked again afterwards.
fn dispatched(vault: &Vault, command: &str, args: Value) -> Value {
    let mut s = Session::new(&vault.path, Arc::new(SystemClock), Box::new(NoSecretKeys));
    let call = |s: &mut Session, name: &str, args: Value| {
        s.call(name, args, &mut |_| {}, &AtomicBool::new(false))
    };
    call(
        &mut s,
        "vault.unlock",
        json!({ "password": PASSWORD, "secret_key": vault.secret_key, "remember": false }),
    )
    .unwrap();
    let answer = call(&mut s, command, args).unwrap();
    call(&mut s, "vault.lock", Value::Null).unwrap();
    answer
}

fn add(vault: &Vault, email: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "--json",
        "person",
        "add",
        "--first-name",
        "Bjørn",
        "--last-name",
        "Kjær",
        "--email",
        email,
    ];
    args.extend_from_slice(extra);
    vault.run(&args)
}

#[test]
fn list_merge_dismiss_and_undo_answer_as_the_json_dispatch_does() {
    let v = Vault::new();
    let first = add(&v, "bjorn@fjordror.no", &[]);
    assert_eq!(code(&first), 0);
    let a = super::json(&first)["id"].as_str().unwrap().to_owned();
    let refused = add(&v, "Bjorn@FjordRor.NO", &[]);
    assert_eq!(code(&refused), 6, "a conflict");
    assert_eq!(error_code(&refused), "conflict");
    assert!(String::from_utf8_lossy(&refused.stderr).contains(&a));
    let second = add(&v, "Bjorn@FjordRor.NO", &["--allow-duplicate"]);
    assert_eq!(code(&second), 0);
    let b = super::json(&second)["id"].as_str().unwrap().to_owned();

    let refreshed = v.json(&["duplicates", "refresh"]);
    assert_eq!(refreshed["pairs"], 1);
    let listed = v.json(&["duplicates", "list"]);
    assert_eq!(listed, dispatched(&v, "duplicates.list", json!({})));
    assert_eq!(listed["pairs"][0]["reasons"][0]["by"], "same_email");

    let merged = v.json(&["duplicates", "merge", &a, &b, "--take", "email"]);
    assert_eq!(
        (merged["kept"].as_str(), merged["merged"].as_str()),
        (Some(a.as_str()), Some(b.as_str()))
    );
    assert_eq!(merged["taken"], json!([]), "the same address, as stored");
    let merges = v.json(&["duplicates", "merges"]);
    assert_eq!(
        merges["merges"],
        dispatched(&v, "duplicates.merges", json!({}))
    );
    assert_eq!(merges["merges"][0]["can_undo"], true);
    let merge = merged["merge"].as_str().unwrap();
    let undone = v.json(&["duplicates", "undo", merge]);
    assert_eq!(undone["restored"].as_str(), Some(b.as_str()));
    let again = v.run(&["--json", "duplicates", "undo", merge]);
    assert_eq!(error_code(&again), "conflict");

    let dismissed = v.json(&["duplicates", "dismiss", &b, &a]);
    assert_eq!(dismissed["a"].as_str(), Some(b.as_str()));
    let listed = v.json(&["duplicates", "list"]);
    assert_eq!(listed["total"], 0);
    assert_eq!(listed, dispatched(&v, "duplicates.list", json!({})));
    assert_eq!(v.json(&["duplicates", "refresh"])["dismissed"], 1);

    let checked = v.json(&[
        "duplicates",
        "check",
        "--first-name",
        "Bjorn",
        "--last-name",
        "Kjaer",
        "--email",
        "BJORN@fjordror.no",
    ]);
    assert_eq!(checked["likely"].as_array().unwrap().len(), 2);

    let unknown = v.run(&[
        "--json",
        "duplicates",
        "merge",
        &a,
        &b,
        "--take",
        "shoe-size",
    ]);
    assert_eq!(error_code(&unknown), "validation");
}
