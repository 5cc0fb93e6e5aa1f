//! The audit log as its screen reads it through the command table: pages, the kinds to filter
//! by, dates, and the names of the people events are about, while they are still in the vault.

use std::sync::atomic::AtomicBool;

use chrono::Duration;
use lagom_core::ErrorCode;
use lagom_core::api::{NoSecretKeys, Session};
use lagom_core::audit::AuditKind;
use serde_json::{Value, json};

use crate::support::{FAST, HandClock};

fn call(s: &mut Session, command: &str, args: Value) -> lagom_core::Result<Value> {
    s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
}

fn seqs(events: &Value) -> Vec<i64> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect()
}

fn start(at: &str) -> (tempfile::TempDir, Session, HandClock) {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at_time(at);
    let mut s = Session::new(
        &dir.path().join("v"),
        clock.shared(),
        Box::new(NoSecretKeys),
    )
    .with_kdf(FAST);
    call(
        &mut s,
        "vault.create",
        json!({ "owner": "Kari Nordmann", "password": "correct horse battery" }),
    )
    .unwrap();
    (dir, s, clock)
}

#[test]
fn pages_follow_each_other_without_gaps_or_repeats() {
    let (_dir, mut s, _) = start("2026-03-01T09:00:00Z");
    for i in 0..11 {
        call(
            &mut s,
            "person.create",
            json!({ "fields": { "first_name": format!("P{i}"), "last_name": "Hansen" } }),
        )
        .unwrap();
    }
    let mut seen = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let page = call(
            &mut s,
            "audit.list",
            json!({ "limit": 5, "before": before }),
        )
        .unwrap();
        let page = seqs(&page);
        if page.is_empty() {
            break;
        }
        before = page.last().copied();
        seen.extend(page);
    }
    assert_eq!(seen, (1..=12).rev().collect::<Vec<_>>());
    // The same paging within one kind.
    let first = call(
        &mut s,
        "audit.list",
        json!({ "kind": "person.created", "limit": 10 }),
    )
    .unwrap();
    let rest = call(
        &mut s,
        "audit.list",
        json!({ "kind": "person.created", "limit": 10, "before": seqs(&first).last() }),
    )
    .unwrap();
    assert_eq!(seqs(&first).len() + seqs(&rest).len(), 11);
}

#[test]
fn events_name_the_person_while_they_are_in_the_vault() {
    let (_dir, mut s, _) = start("2026-03-01T09:00:00Z");
    let bjorn = call(
        &mut s,
        "person.create",
        json!({ "fields": { "first_name": "Bjørn", "last_name": "Kjær" } }),
    )
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let anon = call(
        &mut s,
        "person.create",
        json!({ "fields": { "email": "post@fjord.no" } }),
    )
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &mut s,
        "person.update",
        json!({ "person": bjorn, "patch": { "city": "Oslo" } }),
    )
    .unwrap();

    let about = call(&mut s, "audit.list", json!({ "subject": bjorn })).unwrap();
    let kinds: Vec<_> = about
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["person.updated", "person.created"]);
    for e in about.as_array().unwrap() {
        assert_eq!(e["subject_name"], "Bjørn Kjær");
        assert_eq!(e["actor_name"], "Kari Nordmann");
        // The stored event still holds field names only.
        assert!(!e["detail"].to_string().contains("Oslo"));
    }
    let about = call(&mut s, "audit.list", json!({ "subject": anon })).unwrap();
    assert_eq!(about[0]["subject_name"], "post@fjord.no");

    // In the recycle bin the person is still held, and named.
    call(&mut s, "person.delete", json!({ "person": bjorn })).unwrap();
    let about = call(&mut s, "audit.list", json!({ "subject": bjorn })).unwrap();
    assert_eq!(about[0]["kind"], "person.binned");
    assert_eq!(about[0]["subject_name"], "Bjørn Kjær");
    // Once erased, the events stay and the name goes.
    call(&mut s, "person.erase", json!({ "person": bjorn })).unwrap();
    let about = call(&mut s, "audit.list", json!({ "subject": bjorn })).unwrap();
    assert_eq!(about[0]["kind"], "person.erased");
    assert!(
        about
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["subject_name"].is_null())
    );
    assert!(!about.to_string().contains("Bjørn"));
    // The vault's own events have no person's name.
    let created = call(&mut s, "audit.list", json!({ "kind": "vault.created" })).unwrap();
    assert_eq!(created[0]["subject_kind"], "vault");
    assert!(created[0]["subject_name"].is_null());
}

#[test]
fn a_date_range_takes_the_start_and_leaves_out_the_end() {
    let (_dir, mut s, clock) = start("2026-03-01T09:00:00Z");
    // An unused session locks itself: a day goes by in steps of the longest auto-lock, each
    // with a call, as the app makes them while someone works.
    call(&mut s, "settings.set", json!({ "auto_lock_minutes": 240 })).unwrap();
    for _ in 0..3 {
        for _ in 0..6 {
            clock.advance(Duration::hours(4));
            call(&mut s, "vault.status", Value::Null).unwrap();
        }
        call(
            &mut s,
            "person.create",
            json!({ "fields": { "first_name": "Åse" } }),
        )
        .unwrap();
    }
    // Events on 2, 3 and 4 March at 09:00.
    let range = call(
        &mut s,
        "audit.list",
        json!({ "since": "2026-03-02T09:00:00Z", "until": "2026-03-04T09:00:00Z",
                "kind": "person.created" }),
    )
    .unwrap();
    let days: Vec<_> = range
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap()[..10].to_owned())
        .collect();
    assert_eq!(days, ["2026-03-03", "2026-03-02"]);
    let err = call(&mut s, "audit.list", json!({ "since": "yesterday" })).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}

#[test]
fn the_kinds_to_filter_by_are_listed_and_others_refused() {
    let (_dir, mut s, _) = start("2026-03-01T09:00:00Z");
    let kinds = call(&mut s, "audit.kinds", Value::Null).unwrap();
    let expected: Vec<_> = AuditKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(kinds, json!(expected));
    assert!(expected.contains(&"settings.changed"));
    let err = call(&mut s, "audit.list", json!({ "kind": "person.eaten" })).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}
