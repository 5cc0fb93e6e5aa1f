//! Regressions in the GDPR rules: each test is named after what went wrong.

use chrono::NaiveDate;
use lagom_core::ErrorCode;
use lagom_core::consent::{ConsentMethod, ConsentState, GiveConsent, MassEdit, Withdrawal};
use lagom_core::model::{LegalBasis, PersonRef};
use lagom_core::notice::BusinessPatch;
use lagom_core::rights::requests::{NewRequest, RequestKind, RequestRef};

use crate::requests::create_at;
use crate::support::{HandClock, person};

const MARKETING: &str = "E-marketing";

fn consent_on(day: &str) -> GiveConsent {
    GiveConsent {
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
        .marketing_list(MARKETING, None, &dir.path().join("list.csv"))
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
