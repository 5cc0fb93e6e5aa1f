//! One customer's whole GDPR life on one vault, as the owner lives it: people come in from a
//! spreadsheet, consents are recorded (one confirmed by double opt-in, one left pending, one
//! withdrawn), the marketing list takes only the confirmed one, a subject-access request is
//! answered with a bundle that validates and opens, and an erasure request leaves the invoice
//! under a pseudonym and no trace of the person on any page of the file.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;

use lagom_core::consent::{ConsentMethod, GiveConsent, RequestConsent, Withdrawal};
use lagom_core::import::{ImportFile, ImportOptions};
use lagom_core::mail::Delivery;
use lagom_core::notice::BusinessPatch;
use lagom_core::rights::access::{ExportFormat, SCHEMA, SubjectExportOptions};
use lagom_core::rights::model::{
    IdentityCheck, NewRequest, RequestKind, RequestRef, RequestStatus,
};
use lagom_core::types::Language;
use lagom_core::types::PersonRef;
use lagom_core::{ErrorCode, OsEntropy, Vault};

use crate::erasure::{EMAIL, FIRST, LAST, found_in, insert_invoice, raw};
use crate::requests::create_at;
use crate::support::HandClock;

const MARKETING: &str = "E-marketing";
const WORDS: &str = "Yes, send me news and offers by e-mail. I can say no at any time.";

/// The customer list: the person the scenario follows, and two others.
fn customers_csv(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("kunder.csv");
    std::fs::write(
        &path,
        format!(
            "Fornavn;Etternavn;E-post\n\
             {FIRST};{LAST};{EMAIL}\n\
             Kari;Nordmann;kari@example.no\n\
             Per;Hansen;per@example.no\n"
        ),
    )
    .unwrap();
    path
}

/// The code in a saved double opt-in message: the 4-4 group after the last `: `.
fn code_in_message(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let text = m.body_text(0).unwrap().into_owned();
    assert!(text.contains(WORDS), "word for word: {text}");
    text.lines()
        .find_map(|l| {
            let code = l.rsplit(": ").next()?.trim();
            (code.len() == 9 && code.as_bytes()[4] == b'-').then(|| code.to_owned())
        })
        .expect("a code in the message")
}

fn ask(v: &mut Vault, who: &PersonRef, out: &Path) -> std::path::PathBuf {
    let asked = v
        .request_consent(
            who,
            &RequestConsent {
                email: None,
                purpose: MARKETING.into(),
                text_version: None,
                notice_version: None,
            },
            Some(out),
            &mut OsEntropy,
        )
        .unwrap();
    match asked.delivery {
        Delivery::Saved { path } => path,
        other => panic!("expected the message saved: {other:?}"),
    }
}

fn request(kind: RequestKind) -> NewRequest {
    NewRequest {
        kind,
        people: vec![EMAIL.into()],
        received_on: None,
        channel: "e-mail".into(),
        description: String::new(),
    }
}

#[test]
fn a_customer_is_imported_asked_listed_answered_and_erased_without_a_trace() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut v = create_at(dir.path(), HandClock::at(2026, 6, 1));
    v.update_business(BusinessPatch {
        name: Some(Some("Fjord Rør AS".into())),
        email: Some(Some("post@fjordror.example".into())),
        country: Some(Some("NO".into())),
        ..Default::default()
    })
    .unwrap();

    // 1. The spreadsheet comes in.
    let report = v
        .import(
            &ImportOptions::new(vec![ImportFile::at(customers_csv(out.path()))]),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!((report.counts.rows, report.counts.created), (3, 3));
    let bjorn = PersonRef::parse(EMAIL).unwrap();
    let kari = PersonRef::parse("kari@example.no").unwrap();
    let per = PersonRef::parse("per@example.no").unwrap();
    let id = v.show_person(&bjorn).unwrap().id;

    // 2. Consents: Bjørn confirms by the code in his message, Kari never answers, Per gives
    //    and then withdraws.
    v.add_consent_text(MARKETING, Language::En, WORDS).unwrap();
    let message = ask(&mut v, &bjorn, out.path());
    ask(&mut v, &kari, out.path());
    v.confirm_consent(&bjorn, MARKETING, &code_in_message(&message))
        .unwrap();
    v.give_consent(
        &per,
        &GiveConsent {
            email: None,
            purpose: MARKETING.into(),
            method: ConsentMethod::Phone,
            occurred_at: Some("2026-05-02".into()),
            text_version: None,
            notice_version: None,
            language: None,
            evidence: "called the shop".into(),
        },
    )
    .unwrap();
    v.withdraw_consent(
        &per,
        &Withdrawal {
            purpose: MARKETING.into(),
            method: ConsentMethod::Email,
            occurred_at: None,
            evidence: "replied stop".into(),
        },
    )
    .unwrap();
    assert!(v.consents(&bjorn).unwrap()[0].valid);
    assert!(!v.consents(&kari).unwrap()[0].valid);
    assert!(!v.consents(&per).unwrap()[0].valid);

    // 3. The marketing list holds the confirmed one only, and says why the others are not.
    let csv = out.path().join("marketing.csv");
    let list = v.marketing_list(MARKETING, None, Some(&csv), true).unwrap();
    assert_eq!(list.included, 1);
    let left = &list.left_out;
    assert_eq!(
        (left.pending, left.withdrawn, left.no_consent, left.total()),
        (1, 1, 0, 2)
    );
    let rows = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(rows.lines().count(), 2, "{rows}");
    assert!(rows.contains(EMAIL) && !rows.contains("kari@") && !rows.contains("per@"));

    // 4. Bjørn asks what we hold: the bundle's JSON validates and the zip opens.
    let access = v.create_request(&request(RequestKind::Access)).unwrap();
    assert_eq!(access.line.number, "R-0001");
    v.check_request_identity(RequestRef::Number(1), IdentityCheck::Verified)
        .unwrap();
    let bundle = serde_json::to_value(v.subject_access(&bjorn, None).unwrap()).unwrap();
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&bundle)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(bundle["person"]["email"], EMAIL);
    assert_eq!(
        bundle["consents"].as_array().unwrap().len(),
        2,
        "pending, given"
    );
    assert_eq!(bundle["imports"].as_array().unwrap().len(), 1);
    let export = v
        .export_subject(
            &SubjectExportOptions {
                person: EMAIL.into(),
                format: ExportFormat::Zip,
                out: Some(out.path().join("bjorn.zip")),
                overwrite: false,
                request: Some("R-0001".into()),
                language: None,
                confirm_unencrypted: false,
            },
            &mut OsEntropy,
        )
        .unwrap();
    let opened = out.path().join("opened");
    let unzip = Command::new("/usr/bin/7z")
        .arg("x")
        .arg(format!("-p{}", export.passphrase.as_deref().unwrap()))
        .arg(format!("-o{}", opened.display()))
        .arg(export.path.as_ref().unwrap())
        .output()
        .expect("7z is installed (p7zip-full)");
    assert!(
        unzip.status.success(),
        "{}",
        String::from_utf8_lossy(&unzip.stdout)
    );
    let unzipped: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(opened.join("subject-access.json")).unwrap())
            .unwrap();
    assert_eq!(unzipped["person"]["last_name"], LAST);
    v.close_request(RequestRef::Number(1), RequestStatus::Done, "bundle sent")
        .unwrap();

    // 5. He buys something: the invoice the bookkeeping law keeps.
    let (conn, key) = raw(&mut v);
    insert_invoice(&conn, "2026-014", &id.to_string(), "2026-05-15", None);
    let before = found_in(dir.path(), &key);
    for needle in [FIRST, LAST, EMAIL] {
        assert!(before.contains(&needle), "the scan can fail: {before:?}");
    }

    // 6. Then asks to be erased.
    v.create_request(&request(RequestKind::Erasure)).unwrap();
    let erased = v
        .erase_person(&bjorn, Some("R-0002"), &mut OsEntropy)
        .unwrap();
    assert_eq!(erased.counts.invoices_kept, 1);
    let closed = v
        .close_request(RequestRef::Number(2), RequestStatus::Done, "erased")
        .unwrap();
    assert_eq!(closed.line.status, RequestStatus::Done);

    // The invoice stays, under the pseudonym.
    let (person_id, pseudonym): (Option<String>, Option<String>) = conn
        .query_row(
            "SELECT person_id, pseudonym FROM invoices WHERE number = '2026-014'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(person_id, None);
    assert_eq!(pseudonym.as_deref(), Some(erased.pseudonym.as_str()));
    // Both requests name him by the pseudonym only.
    for number in [1, 2] {
        let shown = v.show_request(RequestRef::Number(number)).unwrap();
        let people = &shown.line.people;
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].name, None, "R-000{number}");
        assert_eq!(
            people[0].pseudonym.as_deref(),
            Some(erased.pseudonym.as_str())
        );
    }
    // Nobody finds him, by name or address.
    for query in ["bjorn", "bjørn", "zyxkvist", EMAIL] {
        assert_eq!(v.search_people(query, 10).unwrap().total, 0, "{query}");
    }
    assert_eq!(v.search_people("kari", 10).unwrap().total, 1);
    assert_eq!(
        v.show_person(&bjorn).unwrap_err().code(),
        ErrorCode::NotFound
    );
    // No page of the decrypted file holds his name or address, before or after locking.
    assert_eq!(found_in(dir.path(), &key), Vec::<&str>::new());
    // The others' consents are untouched, and the trail verifies.
    assert!(!v.consents(&kari).unwrap().is_empty());
    assert!(v.verify_audit().unwrap().is_intact());
    drop(conn);
    v.lock();
    assert_eq!(found_in(dir.path(), &key), Vec::<&str>::new());
}
