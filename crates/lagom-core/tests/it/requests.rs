//! The register of data subject requests: deadlines from receipt, one extension, the
//! start screen's overdue and due-soon summary on a hand-moved clock, actions recorded
//! without personal data, rectification under a request.

use std::path::Path;

use chrono::NaiveDate;
use lagom_core::people::PersonPatch;
use lagom_core::rights::deadline::Urgency;
use lagom_core::rights::model::{
    IdentityCheck, NewRequest, RequestFilter, RequestKind, RequestRef, RequestStatus,
};
use lagom_core::types::PersonRef;
use lagom_core::{AuditFilter, ErrorCode, NewVault, Vault};

pub use crate::support::HandClock;
use crate::support::{FAST, creds, person};

/// A vault whose clock the test holds.
pub fn create_at(dir: &Path, clock: HandClock) -> Vault {
    Vault::create(
        dir,
        NewVault {
            owner_name: "Åse Owner".into(),
            credentials: creds("correct horse", 1),
            kdf: FAST,
        },
        clock.shared(),
        &mut lagom_core::OsEntropy,
    )
    .unwrap()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn new(kind: RequestKind, who: &str, received: &str) -> NewRequest {
    NewRequest {
        kind,
        people: vec![who.into()],
        received_on: Some(day(received)),
        channel: "e-mail".into(),
        description: "Wants to know what we hold.".into(),
    }
}

#[test]
fn a_request_is_numbered_and_due_one_month_after_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 2, 3);
    let mut v = create_at(dir.path(), clock);
    let kari = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let first = v
        .create_request(&new(RequestKind::Access, "kari@example.no", "2025-01-31"))
        .unwrap();
    assert_eq!(first.line.number, "R-0001");
    assert_eq!(first.line.due_on, day("2025-02-28"));
    assert_eq!(first.line.identity, IdentityCheck::Unchecked);
    assert_eq!(first.line.status, RequestStatus::Open);
    assert_eq!(first.line.people[0].id, kari);
    assert_eq!(first.line.people[0].name.as_deref(), Some("Kari Nordmann"));
    assert_eq!(first.actions.len(), 1);
    assert_eq!(first.actions[0].action, "created");

    let second = v
        .create_request(&new(RequestKind::Erasure, &kari.to_string(), "2025-02-03"))
        .unwrap();
    assert_eq!(second.line.number, "R-0002");
    assert_eq!(second.line.due_on, day("2025-03-03"));
    // Received today when not given.
    let third = v
        .create_request(&NewRequest {
            received_on: None,
            ..new(RequestKind::Objection, "kari@example.no", "2025-01-01")
        })
        .unwrap();
    assert_eq!(third.line.received_on, day("2025-02-03"));

    let access = v
        .list_requests(&RequestFilter {
            kind: Some(RequestKind::Access),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(access.len(), 1);
    assert_eq!(access[0].number, "R-0001");
    assert_eq!(v.list_requests(&RequestFilter::default()).unwrap().len(), 3);
    let shown = v.show_request(RequestRef::parse("r-2").unwrap()).unwrap();
    assert_eq!(shown.line.kind, RequestKind::Erasure);
}

#[test]
fn a_request_needs_a_known_person_and_a_receipt_not_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 2, 3));
    let err = v
        .create_request(&new(RequestKind::Access, "nobody@example.no", "2025-02-01"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let err = v
        .create_request(&new(RequestKind::Access, "kari@example.no", "2025-02-04"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    let err = v
        .create_request(&NewRequest {
            people: vec![],
            ..new(RequestKind::Access, "kari@example.no", "2025-02-01")
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(
        v.list_requests(&RequestFilter::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_summary_follows_the_clock_from_on_time_to_due_soon_to_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 3, 10);
    let mut v = create_at(dir.path(), clock.clone());
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    v.create_request(&new(RequestKind::Access, "kari@example.no", "2025-03-10"))
        .unwrap(); // due 2025-04-10
    v.create_request(&new(RequestKind::Erasure, "kari@example.no", "2025-03-01"))
        .unwrap(); // due 2025-04-01

    let s = v.request_summary().unwrap();
    assert_eq!((s.open, s.overdue, s.due_soon), (2, 0, 0));
    assert!(s.requests.is_empty());

    clock.set(2025, 3, 25); // R-0002 is 7 days away
    let s = v.request_summary().unwrap();
    assert_eq!((s.open, s.overdue, s.due_soon), (2, 0, 1));
    assert_eq!(s.requests[0].number, "R-0002");
    assert_eq!(s.requests[0].urgency, Some(Urgency::DueSoon));
    assert_eq!(s.requests[0].days_left, Some(7));

    clock.set(2025, 4, 2); // R-0002 overdue, R-0001 due in 8 days
    let s = v.request_summary().unwrap();
    assert_eq!((s.open, s.overdue, s.due_soon), (2, 1, 0));
    assert_eq!(s.requests[0].urgency, Some(Urgency::Overdue));
    assert_eq!(s.requests[0].days_left, Some(-1));

    clock.set(2025, 4, 3);
    let s = v.request_summary().unwrap();
    assert_eq!((s.overdue, s.due_soon), (1, 1));
    assert_eq!(
        s.requests
            .iter()
            .map(|r| r.number.as_str())
            .collect::<Vec<_>>(),
        ["R-0002", "R-0001"],
        "soonest deadline first"
    );

    // Closing takes a request off the start screen.
    v.close_request(RequestRef::Number(2), RequestStatus::Done, "")
        .unwrap();
    let s = v.request_summary().unwrap();
    assert_eq!((s.open, s.overdue, s.due_soon), (1, 0, 1));
    let closed = v.show_request(RequestRef::Number(2)).unwrap();
    assert_eq!(closed.closed_on, Some(day("2025-04-03")));
    assert_eq!(closed.line.urgency, None);
}

#[test]
fn an_extension_counts_three_months_from_receipt_once_and_only_while_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 2, 10));
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    v.create_request(&new(RequestKind::Access, "kari@example.no", "2025-01-31"))
        .unwrap();
    let r = RequestRef::Number(1);
    let err = v.extend_request(r, "  ").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    let extended = v
        .extend_request(r, "Twelve years of records in three systems")
        .unwrap();
    assert_eq!(extended.line.due_on, day("2025-04-30"), "not 28 April");
    assert!(extended.line.extended);
    assert_eq!(extended.extended_on, Some(day("2025-02-10")));
    assert_eq!(
        extended.extension_reason.as_deref(),
        Some("Twelve years of records in three systems")
    );
    let err = v.extend_request(r, "again").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);

    v.create_request(&new(RequestKind::Access, "kari@example.no", "2025-02-01"))
        .unwrap();
    v.close_request(RequestRef::Number(2), RequestStatus::Withdrawn, "")
        .unwrap();
    let err = v
        .extend_request(RequestRef::Number(2), "too late")
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let err = v
        .close_request(RequestRef::Number(2), RequestStatus::Done, "")
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "closed once");
}

#[test]
fn a_refusal_needs_its_reason_and_actions_hold_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 2, 10));
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let r = v
        .create_request(&new(RequestKind::Access, "kari@example.no", "2025-02-01"))
        .unwrap();
    let which = RequestRef::Id(r.line.id);
    let err = v
        .close_request(which, RequestStatus::Refused, "")
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    v.check_request_identity(which, IdentityCheck::Verified)
        .unwrap();
    v.extend_request(which, "Kari Nordmann asked for paper copies")
        .unwrap();
    let closed = v
        .close_request(
            which,
            RequestStatus::Refused,
            "Third identical request this month",
        )
        .unwrap();
    assert_eq!(closed.line.identity, IdentityCheck::Verified);
    assert_eq!(closed.outcome, "Third identical request this month");
    let actions: Vec<_> = closed.actions.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        ["created", "identity_checked", "extended", "closed"]
    );
    for a in &closed.actions {
        let detail = a.detail.to_string();
        assert!(
            !detail.contains("Kari") && !detail.contains("kari@"),
            "{detail}"
        );
        assert_eq!(a.actor.as_deref(), Some("Åse Owner"));
    }
    let events = v
        .audit_events(&AuditFilter {
            subject_id: Some(r.line.id.to_string()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let kinds: Vec<_> = events.iter().rev().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "request.created",
            "request.updated",
            "request.updated",
            "request.closed"
        ]
    );
    for e in &events {
        assert!(!e.detail.to_string().contains("Kari"), "{}", e.detail);
    }
}

#[test]
fn rectification_changes_the_person_and_names_the_fields_on_the_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 2, 10));
    let kari = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let ola = v
        .create_person(person("Ola", "Hansen", "ola@example.no"))
        .unwrap();
    v.create_request(&new(
        RequestKind::Rectification,
        "kari@example.no",
        "2025-02-01",
    ))
    .unwrap();
    let patch = PersonPatch {
        last_name: Some("Nordmann-Berg".into()),
        phone: Some("+47 912 34 567".into()),
        customer_number: Some("K-1042".into()),
        ..Default::default()
    };
    let err = v
        .rectify(RequestRef::Number(1), &PersonRef::Id(ola), &patch)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "not this request's person");

    let (request, after) = v
        .rectify(RequestRef::Number(1), &PersonRef::Id(kari), &patch)
        .unwrap();
    assert_eq!(after.fields.last_name, "Nordmann-Berg");
    let action = request.actions.last().unwrap();
    assert_eq!(action.action, "rectified");
    assert_eq!(
        action.detail["fields"],
        serde_json::json!(["last_name", "phone", "customer_number"])
    );
    assert!(!action.detail.to_string().contains("Berg"));
    assert!(!action.detail.to_string().contains("1042"));

    v.close_request(RequestRef::Number(1), RequestStatus::Done, "")
        .unwrap();
    let err = v
        .rectify(RequestRef::Number(1), &PersonRef::Id(kari), &patch)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "closed");
}

#[test]
fn the_command_table_runs_the_register_and_refuses_an_unconfirmed_folder() {
    use std::sync::atomic::AtomicBool;

    use lagom_core::api::{NoSecretKeys, Session};
    use serde_json::{Value, json};

    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(
        &dir.path().join("v"),
        HandClock::at(2025, 3, 10).shared(),
        Box::new(NoSecretKeys),
    )
    .with_kdf(FAST);
    let mut call =
        |command: &str, args: Value| s.call(command, args, &mut |_| {}, &AtomicBool::new(false));
    call(
        "vault.create",
        json!({ "owner": "Åse", "password": "correct horse" }),
    )
    .unwrap();
    call(
        "person.create",
        json!({ "fields": { "first_name": "Kari", "email": "kari@example.no" } }),
    )
    .unwrap();
    let r = call(
        "request.new",
        json!({ "kind": "access", "people": ["kari@example.no"], "received_on": "2025-03-01" }),
    )
    .unwrap();
    assert_eq!(r["number"], "R-0001");
    assert_eq!(r["due_on"], "2025-04-01");
    let r = call(
        "request.identity",
        json!({ "request": "R-0001", "identity": "verified" }),
    )
    .unwrap();
    assert_eq!(r["identity"], "verified");
    let summary = call("requests.summary", Value::Null).unwrap();
    assert_eq!(summary["open"], 1);
    let listed = call("requests.list", json!({ "status": "open" })).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let err = call("requests.list", json!({ "state": "open" })).unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Validation,
        "unknown arguments are refused"
    );

    let out = dir.path().join("bundle");
    let err = call(
        "subject.export",
        json!({ "person": "kari@example.no", "format": "folder", "out": out }),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(!out.exists());
    let done = call(
        "subject.export",
        json!({ "person": "kari@example.no", "format": "json", "request": "R-0001" }),
    )
    .unwrap();
    assert_eq!(done["bundle"]["person"]["first_name"], "Kari");
    assert_eq!(done["passphrase"], Value::Null);
    let closed = call(
        "request.close",
        json!({ "request": "R-0001", "status": "done", "outcome": "Bundle sent" }),
    )
    .unwrap();
    let actions: Vec<_> = closed["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        ["created", "identity_checked", "bundle_exported", "closed"]
    );
}
