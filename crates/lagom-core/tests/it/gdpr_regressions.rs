//! Regressions in the GDPR rules: each test is named after what went wrong.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use lagom_core::consent::{
    ConsentMethod, ConsentState, GiveConsent, MassEdit, RequestConsent, SubscriptionTypeSave,
    Withdrawal,
};
use lagom_core::notice::BusinessPatch;
use lagom_core::rights::access::{ExportFormat, SubjectExportOptions};
use lagom_core::rights::model::{
    IdentityCheck, NewRequest, RequestKind, RequestRef, RequestStatus,
};
use lagom_core::types::Language;
use lagom_core::types::{LegalBasis, PersonRef};
use lagom_core::{AuditFilter, Clock, ErrorCode, NewVault, OsEntropy, Vault};

use crate::erasure::{self, EMAIL, FIRST, LAST};
use crate::requests::create_at;
use crate::support::{FAST, HandClock, creds, person};

const MARKETING: &str = "E-marketing";

fn consent_on(day: &str) -> GiveConsent {
    GiveConsent {
        email: None,
        purpose: MARKETING.into(),
        method: ConsentMethod::InPerson,
        occurred_at: Some(day.into()),
        text_version: None,
        notice_version: None,
        language: None,
        evidence: "paper form".into(),
    }
}

#[test]
fn a_consent_dated_before_a_recorded_withdrawal_does_not_undo_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 6, 1));
    let kari = PersonRef::Id(
        v.create_person(person("Kari", "Nordmann", "kari@example.no"))
            .unwrap(),
    );
    v.give_consent(&kari, &consent_on("2025-01-10")).unwrap();
    v.withdraw_consent(
        &kari,
        &Withdrawal {
            purpose: MARKETING.into(),
            method: ConsentMethod::Phone,
            occurred_at: Some("2025-05-01".into()),
            evidence: String::new(),
        },
    )
    .unwrap();

    // A form signed in March, found after the withdrawal of May was recorded.
    let err = v
        .give_consent(&kari, &consent_on("2025-03-15"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    let consents = v.consents(&kari).unwrap();
    assert_eq!(consents[0].state, ConsentState::Withdrawn);
    assert!(!consents[0].valid);
    let list = v
        .marketing_list(
            MARKETING,
            None,
            Some(&tempfile::tempdir().unwrap().path().join("list.csv")),
            true,
        )
        .unwrap();
    assert_eq!((list.included, list.left_out.withdrawn), (0, 1));

    // A consent given after the withdrawal counts again.
    v.give_consent(&kari, &consent_on("2025-05-20")).unwrap();
    assert!(v.consents(&kari).unwrap()[0].valid);
}

#[test]
fn a_deadline_already_missed_cannot_be_extended() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 2, 10);
    let mut v = create_at(dir.path(), clock.clone());
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let request = |received: &str| NewRequest {
        kind: RequestKind::Access,
        people: vec!["kari@example.no".into()],
        received_on: NaiveDate::parse_from_str(received, "%Y-%m-%d").ok(),
        channel: String::new(),
        description: String::new(),
    };
    v.create_request(&request("2025-01-31")).unwrap();
    v.create_request(&request("2025-02-03")).unwrap();

    // R-0001 was due on 28 February: on 1 March the first month is over.
    clock.set(2025, 3, 1);
    let err = v
        .extend_request(RequestRef::Number(1), "more systems than expected")
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    let shown = v.show_request(RequestRef::Number(1)).unwrap();
    assert!(!shown.line.extended);
    assert_eq!(shown.line.due_on.to_string(), "2025-02-28");

    // R-0002 is due on 3 March: still in time, on its last day too.
    clock.set(2025, 3, 3);
    let extended = v
        .extend_request(RequestRef::Number(2), "more systems than expected")
        .unwrap();
    assert_eq!(extended.line.due_on.to_string(), "2025-05-03");
}

#[test]
fn the_privacy_notice_tells_only_the_legal_basis_now_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 6, 1));
    let business: BusinessPatch = serde_json::from_value(serde_json::json!({
        "name": "Fjord Sykkel AS",
        "email": "personvern@fjordsykkel.example",
        "country": "NO",
    }))
    .unwrap();
    v.update_business(business).unwrap();
    // New people are processed for "Sales and service" on a contract (b).
    let kari = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let contract = "a contract with you";
    assert!(
        v.privacy_notice(&PersonRef::Id(kari))
            .unwrap()
            .text
            .contains(contract)
    );

    v.mass_edit_processing(&MassEdit {
        people: vec![kari],
        purpose: "Sales and service".into(),
        legal_basis: Some(LegalBasis::LegitimateInterests),
        ..MassEdit::default()
    })
    .unwrap();
    let text = v.privacy_notice(&PersonRef::Id(kari)).unwrap().text;
    assert!(
        text.contains("our legitimate interests (GDPR Art. 6(1)(f))"),
        "{text}"
    );
    assert!(!text.contains(contract), "{text}");
    assert_eq!(text.matches("Legal basis:").count(), 1, "{text}");
}

// ---- errors ---------------------------------------------------------------------------

#[test]
fn a_person_looked_up_by_email_and_not_found_is_not_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 6, 1));
    let nobody = PersonRef::Email("kari.nordmann@example.no".into());
    let errors = [
        v.show_person(&nobody).unwrap_err(),
        v.preview_erasure(&nobody).unwrap_err(),
        v.consents(&nobody).unwrap_err(),
        v.create_request(&NewRequest {
            kind: RequestKind::Access,
            people: vec!["kari.nordmann@example.no".into()],
            received_on: None,
            channel: String::new(),
            description: String::new(),
        })
        .unwrap_err(),
    ];
    for err in errors {
        assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
        let message = err.to_string();
        assert!(!message.contains("kari"), "{message}");
        assert_eq!(message, "no person with this e-mail address");
    }
}

// ---- erasure ----------------------------------------------------------------------------

/// An erasure request about Bjørn as the register gets it, with the staff's words about him.
fn erasure_request(v: &mut Vault, people: &[&str], description: &str) -> String {
    v.create_request(&NewRequest {
        kind: RequestKind::Erasure,
        people: people.iter().map(|p| (*p).to_owned()).collect(),
        received_on: None,
        channel: "letter".into(),
        description: description.into(),
    })
    .unwrap()
    .line
    .number
}

#[test]
fn an_erasure_request_is_named_as_everywhere_else() {
    for spelling in ["R-0001", "R1", "r1", "1", "r-1"] {
        let dir = tempfile::tempdir().unwrap();
        let mut v = erasure::create_at(dir.path(), (2026, 6, 1));
        let bjorn = v.create_person(person(FIRST, LAST, EMAIL)).unwrap();
        erasure_request(&mut v, &[EMAIL], "");
        let report = v
            .erase_person(&PersonRef::Id(bjorn), Some(spelling), &mut OsEntropy)
            .unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert!(report.request.is_some(), "{spelling}");
    }
}

#[test]
fn erasure_is_refused_under_a_request_that_does_not_allow_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = erasure::create_at(dir.path(), (2026, 6, 1));
    let bjorn = PersonRef::Id(v.create_person(person(FIRST, LAST, EMAIL)).unwrap());
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    // R-0001 is closed, R-0002 asks for access, R-0003 is about Kari, R-0004's identity
    // check failed.
    erasure_request(&mut v, &[EMAIL], "");
    v.close_request(RequestRef::Number(1), RequestStatus::Withdrawn, "")
        .unwrap();
    v.create_request(&NewRequest {
        kind: RequestKind::Access,
        people: vec![EMAIL.into()],
        received_on: None,
        channel: String::new(),
        description: String::new(),
    })
    .unwrap();
    erasure_request(&mut v, &["kari@example.no"], "");
    erasure_request(&mut v, &[EMAIL], "");
    v.check_request_identity(RequestRef::Number(4), IdentityCheck::Failed)
        .unwrap();
    for (number, why) in [
        ("R-0001", "closed"),
        ("R-0002", "kind access"),
        ("R-0003", "not about this person"),
        ("R-0004", "identity check"),
    ] {
        let err = v
            .erase_person(&bjorn, Some(number), &mut OsEntropy)
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Conflict, "{number}: {err}");
        assert!(err.to_string().contains(why), "{number}: {err}");
    }
    assert!(v.show_person(&bjorn).is_ok(), "nothing was erased");
    let kari_request = v.show_request(RequestRef::Number(3)).unwrap();
    assert_eq!(kari_request.line.people.len(), 1, "Bjørn was not added");
    assert!(kari_request.actions.iter().all(|a| a.action != "erased"));

    // An open erasure request about him, identity not checked yet (the app warns): allowed.
    erasure_request(&mut v, &[EMAIL], "");
    v.erase_person(&bjorn, Some("R-0005"), &mut OsEntropy)
        .unwrap();
}

const DEAL_NOTE: &str = "Bjørn Zyxkvistgård vil ha brygga ferdig før sankthans";

/// A deal with the person and a note on it that names no person, and a deal of someone
/// else's with its own note. Returns the person's deal's id.
fn deal_with_note(conn: &rusqlite::Connection, owner: &str, person: &str, other: &str) -> String {
    let deal = uuid::Uuid::now_v7().to_string();
    let others = uuid::Uuid::now_v7().to_string();
    conn.execute_batch(&format!(
        "INSERT INTO deals (id, title, person_id, owner_id, created_at, updated_at)
         VALUES ('{deal}', 'Ny brygge', '{person}', '{owner}', '2026-01-01', '2026-01-01'),
                ('{others}', 'Nytt tak', '{other}', '{owner}', '2026-01-01', '2026-01-01');
         INSERT INTO notes (id, deal_id, body, author_id, created_at, updated_at)
         VALUES ('{}', '{deal}', '{DEAL_NOTE}', '{owner}', '2026-01-02', '2026-01-02'),
                ('{}', '{others}', 'Kari vil ha tilbud', '{owner}', '2026-01-02', '2026-01-02');",
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
    ))
    .unwrap();
    deal
}

#[test]
fn notes_on_an_erased_persons_deals_go_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = erasure::create_at(dir.path(), (2026, 6, 1));
    let bjorn = v.create_person(person(FIRST, LAST, EMAIL)).unwrap();
    let kari = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let owner = v.user_id().to_string();
    let (conn, key) = erasure::raw(&mut v);
    let deal = deal_with_note(&conn, &owner, &bjorn.to_string(), &kari.to_string());

    let who = PersonRef::Id(bjorn);
    assert_eq!(v.preview_erasure(&who).unwrap().counts.deal_notes, 1);
    let report = v.erase_person(&who, None, &mut OsEntropy).unwrap();
    assert_eq!(report.counts.deal_notes, 1);
    assert_eq!(report.counts.deals_detached, 1);

    let notes: Vec<String> = conn
        .prepare("SELECT body FROM notes")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(notes, ["Kari vil ha tilbud"], "the other deal's note stays");
    let title: String = conn
        .query_row("SELECT title FROM deals WHERE id = ?1", [&deal], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(title, "Ny brygge", "the deal is the business's record");
    drop(conn);
    v.lock();
    assert_eq!(erasure::found_in(dir.path(), &key), Vec::<&str>::new());
}

#[test]
fn the_subject_access_bundle_holds_the_notes_on_the_persons_deals() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = erasure::create_at(dir.path(), (2026, 6, 1));
    let bjorn = v.create_person(person(FIRST, LAST, EMAIL)).unwrap();
    let kari = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    v.add_note(&PersonRef::Id(bjorn), "Ringte om tilbudet", false)
        .unwrap();
    let owner = v.user_id().to_string();
    let (conn, _) = erasure::raw(&mut v);
    let deal = deal_with_note(&conn, &owner, &bjorn.to_string(), &kari.to_string());
    drop(conn);

    let bundle = v.subject_access(&PersonRef::Id(bjorn), None).unwrap();
    let notes: Vec<(&str, Option<&str>)> = bundle
        .notes
        .iter()
        .map(|n| (n.body.as_str(), n.deal.as_deref()))
        .collect();
    assert_eq!(
        notes,
        [
            (DEAL_NOTE, Some(deal.as_str())),
            ("Ringte om tilbudet", None)
        ]
    );
}

#[test]
fn a_request_about_nobody_left_loses_the_staffs_words_about_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = erasure::create_at(dir.path(), (2026, 6, 1));
    let bjorn = v.create_person(person(FIRST, LAST, EMAIL)).unwrap();
    let kari = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let (conn, key) = erasure::raw(&mut v);
    // R-0001 is about both, R-0002 about Bjørn alone and closed with an outcome.
    erasure_request(
        &mut v,
        &[EMAIL, "kari@example.no"],
        "Bjørn Zyxkvistgård and Kari Nordmann want to be forgotten",
    );
    v.create_request(&NewRequest {
        kind: RequestKind::Access,
        people: vec![EMAIL.into()],
        received_on: None,
        channel: "phone".into(),
        description: "Bjørn Zyxkvistgård rang".into(),
    })
    .unwrap();
    v.extend_request(RequestRef::Number(2), "Zyxkvistgård has two addresses")
        .unwrap();
    v.close_request(
        RequestRef::Number(2),
        RequestStatus::Done,
        "sent to bjorn.zyxkvist@fjordpost.example",
    )
    .unwrap();

    let bjorn = PersonRef::Id(bjorn);
    assert_eq!(
        v.preview_erasure(&bjorn)
            .unwrap()
            .counts
            .request_texts_cleared,
        1
    );
    let report = v
        .erase_person(&bjorn, Some("R-0001"), &mut OsEntropy)
        .unwrap();
    assert_eq!(report.counts.request_texts_cleared, 1);
    let both = v.show_request(RequestRef::Number(1)).unwrap();
    assert!(both.description.contains("Kari"), "Kari is still there");
    let alone = v.show_request(RequestRef::Number(2)).unwrap();
    assert_eq!(
        (
            alone.description.as_str(),
            alone.outcome.as_str(),
            alone.extension_reason.as_deref()
        ),
        ("", "", Some(""))
    );
    // The register keeps what the request was and what was done.
    assert_eq!(alone.line.kind, RequestKind::Access);
    assert_eq!(alone.line.status, RequestStatus::Done);
    assert!(alone.line.extended && alone.closed_on.is_some());
    assert_eq!(alone.channel, "phone");
    assert_eq!(alone.actions.len(), 3);

    // Kari goes too: R-0001 is about nobody left.
    let report = v
        .erase_person(&PersonRef::Id(kari), Some("R-0001"), &mut OsEntropy)
        .unwrap();
    assert_eq!(report.counts.request_texts_cleared, 1);
    assert_eq!(
        v.show_request(RequestRef::Number(1)).unwrap().description,
        ""
    );
    drop(conn);
    v.lock();
    assert_eq!(erasure::found_in(dir.path(), &key), Vec::<&str>::new());
}

// ---- subject access ---------------------------------------------------------------------

#[test]
fn a_subject_export_whose_transaction_fails_leaves_no_bundle_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 6, 1));
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    crate::support::name_the_business(&mut v);
    let (conn, _) = erasure::raw(&mut v);
    // The last write before the commit (the audit chain's head) fails, as a full disk would.
    conn.execute_batch(
        "CREATE TRIGGER the_disk_is_full BEFORE UPDATE ON audit_head
         BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END;",
    )
    .unwrap();
    let zip = out.path().join("kari.zip");
    let err = v
        .export_subject(
            &SubjectExportOptions {
                person: "kari@example.no".into(),
                format: ExportFormat::Zip,
                out: Some(zip.clone()),
                overwrite: false,
                request: None,
                language: None,
                confirm_unencrypted: false,
            },
            &mut OsEntropy,
        )
        .unwrap_err();
    assert!(err.to_string().contains("disk is full"), "{err}");
    let left: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.is_empty(),
        "no bundle without its export event: {left:?}"
    );
    let exports = v
        .audit_events(&AuditFilter {
            kind: Some("export".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(exports.is_empty(), "{exports:?}");
}

// ---- consent ----------------------------------------------------------------------------

/// A vault that can ask for consent: a sender, and a consent text in English.
fn asking_vault(dir: &std::path::Path) -> Vault {
    let mut v = create_at(dir, HandClock::at(2025, 6, 1));
    v.update_business(BusinessPatch {
        email: Some(Some("post@lagom.example".into())),
        ..Default::default()
    })
    .unwrap();
    v.add_consent_text(MARKETING, Language::En, "Yes, send me news.")
        .unwrap();
    v
}

fn ask(v: &mut Vault, who: &PersonRef, out: &std::path::Path) -> lagom_core::Result<()> {
    let request = RequestConsent {
        email: None,
        purpose: MARKETING.into(),
        text_version: None,
        notice_version: None,
    };
    v.request_consent(who, &request, Some(out), &mut OsEntropy)
        .map(|_| ())
}

#[test]
fn asking_again_for_a_consent_already_given_does_not_suspend_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut v = asking_vault(dir.path());
    let kari = PersonRef::Id(
        v.create_person(person("Kari", "Nordmann", "kari@example.no"))
            .unwrap(),
    );
    v.give_consent(&kari, &consent_on("2025-05-01")).unwrap();

    let err = ask(&mut v, &kari, out.path()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(err.to_string().contains("withdraw it first"), "{err}");
    let consents = v.consents(&kari).unwrap();
    assert_eq!(consents[0].state, ConsentState::Given);
    assert!(consents[0].valid, "the consent still counts");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn nobody_who_objected_or_restricted_processing_is_asked_for_consent() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut v = asking_vault(dir.path());
    let ola = PersonRef::Id(
        v.create_person(person("Ola", "Hansen", "ola@example.no"))
            .unwrap(),
    );
    let rita = PersonRef::Id(
        v.create_person(person("Rita", "Berg", "rita@example.no"))
            .unwrap(),
    );
    v.set_objection(&ola, Some("no marketing, ever")).unwrap();
    v.set_restriction(&rita, Some("disputes the address"))
        .unwrap();
    for who in [&ola, &rita] {
        let err = ask(&mut v, who, out.path()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
        assert!(v.consents(who).unwrap().is_empty(), "no pending row");
    }
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    // Once lifted, asking works.
    v.set_objection(&ola, None).unwrap();
    ask(&mut v, &ola, out.path()).unwrap();
}

#[test]
fn a_subscription_type_with_subscribers_keeps_its_purpose() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 6, 1));
    let kari = PersonRef::Id(
        v.create_person(person("Kari", "Nordmann", "kari@example.no"))
            .unwrap(),
    );
    v.give_consent(&kari, &consent_on("2025-05-01")).unwrap();
    v.set_subscription(&kari, "Newsletter", true).unwrap();
    let types = v.lists(true).unwrap().subscription_types;
    let id_of = |name: &str| types.iter().find(|t| t.name == name).unwrap().id;
    let moving = |id| SubscriptionTypeSave {
        id: Some(id),
        purpose: Some("Sales and service".into()),
        ..Default::default()
    };

    let err = v
        .save_subscription_type(&moving(id_of("Newsletter")))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(err.to_string().starts_with("1 person is"), "{err}");
    let types = v.lists(true).unwrap().subscription_types;
    let newsletter = types.iter().find(|t| t.name == "Newsletter").unwrap();
    assert_eq!(newsletter.purpose, MARKETING);
    // A type nobody is on may move.
    let events = v.save_subscription_type(&moving(id_of("Events"))).unwrap();
    assert_eq!(events.purpose, "Sales and service");
}

#[test]
fn every_cell_of_a_marketing_list_is_defused_against_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2025, 6, 1));
    // A valid address: "=" and "+" are allowed before the "@".
    let who = PersonRef::Id(
        v.create_person(person("Kari", "Nordmann", "=1+2@example.no"))
            .unwrap(),
    );
    v.give_consent(&who, &consent_on("2025-05-01")).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("list.csv");
    let list = v
        .marketing_list(MARKETING, None, Some(&file), true)
        .unwrap();
    assert_eq!(list.included, 1);
    let csv = std::fs::read_to_string(&file).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.starts_with("Kari,Nordmann,'=1+2@example.no,"), "{row}");
}

// ---- the calendar day -------------------------------------------------------------------

/// A hand-moved clock in a fixed time zone, whatever the computer's.
struct Zoned(HandClock, FixedOffset);

impl Clock for Zoned {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }

    fn offset_at(&self, _at: DateTime<Utc>) -> FixedOffset {
        self.1
    }
}

#[test]
fn just_after_midnight_in_oslo_today_is_the_new_day() {
    let dir = tempfile::tempdir().unwrap();
    // 00:30 on 1 March in Oslo (UTC+1): still 28 February in UTC.
    let clock = HandClock::at_time("2025-02-28T23:30:00Z");
    let oslo = FixedOffset::east_opt(3600).unwrap();
    let mut v = Vault::create(
        dir.path(),
        NewVault {
            owner_name: "Åse Owner".into(),
            credentials: creds("correct horse", 1),
            kdf: FAST,
        },
        Arc::new(Zoned(clock, oslo)),
        &mut OsEntropy,
    )
    .unwrap();
    let kari = PersonRef::Id(
        v.create_person(person("Kari", "Nordmann", "kari@example.no"))
            .unwrap(),
    );
    let today = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let received_today = v
        .create_request(&NewRequest {
            kind: RequestKind::Access,
            people: vec!["kari@example.no".into()],
            received_on: Some(today),
            channel: String::new(),
            description: String::new(),
        })
        .unwrap();
    assert_eq!(received_today.line.due_on.to_string(), "2025-04-01");
    assert_eq!(received_today.line.days_left, Some(31));
    let unnamed_day = v
        .create_request(&NewRequest {
            kind: RequestKind::Access,
            people: vec!["kari@example.no".into()],
            received_on: None,
            channel: String::new(),
            description: String::new(),
        })
        .unwrap();
    assert_eq!(unnamed_day.line.received_on, today);

    // A paper form signed today is not in the future.
    let given = v.give_consent(&kari, &consent_on("2025-03-01")).unwrap();
    assert_eq!(given.occurred_at, "2025-02-28T23:00:00.000Z");
    assert!(v.consents(&kari).unwrap()[0].valid);
}
