//! Lawful basis and consent: the editable lists, mass edits of the legal basis, the consent
//! ledger with its evidence, double opt-in, subscriptions, restriction and objection, and
//! marketing lists.

use std::path::Path;
use std::sync::Arc;

use chrono::Duration;
use lagom_core::consent::{
    ConsentMethod, ConsentState, GiveConsent, MassEdit, PurposeSave, RequestConsent,
    SubscriptionTypeSave, Withdrawal,
};
use lagom_core::mail::{Delivery, MailSettingsPatch};
use lagom_core::notice::BusinessPatch;
use lagom_core::types::Language;
use lagom_core::types::{LegalBasis, PersonRef};
use lagom_core::{AuditFilter, ErrorCode, NewVault, Vault};
use uuid::Uuid;

use crate::support::{FAST, HandClock, creds, person};

const MARKETING: &str = "E-marketing";
const TEXT_NB: &str = "Ja, jeg vil ha nyhetsbrev og tilbud på e-post fra Lagom AS.\n\
                       Jeg kan trekke samtykket tilbake når som helst.";

fn vault(dir: &Path) -> (Vault, HandClock) {
    let clock = HandClock::at_time("2025-03-10T09:00:00Z");
    let mut v = Vault::create(
        dir,
        NewVault {
            owner_name: "Åse Owner".into(),
            credentials: creds("correct horse", 1),
            kdf: FAST,
        },
        clock.shared(),
        &mut lagom_core::OsEntropy,
    )
    .unwrap();
    // Messages need a sender; without a mail server they are saved as files.
    v.update_business(BusinessPatch {
        email: Some(Some("post@lagom.example".into())),
        ..Default::default()
    })
    .unwrap();
    (v, clock)
}

fn id(v: &mut Vault, first: &str, email: &str) -> PersonRef {
    PersonRef::Id(v.create_person(person(first, "Nordmann", email)).unwrap())
}

fn give(v: &mut Vault, who: &PersonRef) {
    v.give_consent(
        who,
        &GiveConsent {
            email: None,
            purpose: MARKETING.into(),
            method: ConsentMethod::WebForm,
            occurred_at: Some("2025-03-01".into()),
            text_version: None,
            notice_version: None,
            language: None,
            evidence: "signup form on the front page".into(),
        },
    )
    .unwrap();
}

fn withdraw(v: &mut Vault, who: &PersonRef) {
    v.withdraw_consent(
        who,
        &Withdrawal {
            purpose: MARKETING.into(),
            method: ConsentMethod::Phone,
            occurred_at: None,
            evidence: "rang and said stop".into(),
        },
    )
    .unwrap();
}

fn request(purpose: &str) -> RequestConsent {
    RequestConsent {
        email: None,
        purpose: purpose.into(),
        text_version: None,
        notice_version: None,
    }
}

/// A double opt-in as the person gets it: the message is saved as an `.eml` file (there is no
/// mail server in these tests) and read back.
#[derive(Debug)]
struct Asked {
    consent: lagom_core::consent::ConsentEventView,
    to: String,
    subject: String,
    text: String,
}

fn ask(v: &mut Vault, who: &PersonRef) -> lagom_core::Result<Asked> {
    let out = tempfile::tempdir().unwrap();
    let asked = v.request_consent(
        who,
        &request(MARKETING),
        Some(out.path()),
        &mut lagom_core::OsEntropy,
    )?;
    let Delivery::Saved { path } = &asked.delivery else {
        panic!("expected the message saved: {:?}", asked.delivery);
    };
    assert!(path.starts_with(out.path()));
    let bytes = std::fs::read(path).unwrap();
    let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    Ok(Asked {
        consent: asked.consent,
        to: m
            .to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_owned(),
        subject: m.subject().unwrap().to_owned(),
        text: m.body_text(0).unwrap().replace("\r\n", "\n"),
    })
}

/// The code in a confirmation message: the group of 4-4 characters after the last `: `.
fn code_in(text: &str) -> String {
    text.lines()
        .find_map(|l| {
            let code = l.rsplit(": ").next()?;
            (code.len() == 9 && code.as_bytes()[4] == b'-').then(|| code.to_owned())
        })
        .expect("a code in the message")
}

fn events(v: &Vault, kind: &str) -> Vec<lagom_core::audit::AuditEvent> {
    v.audit_events(&AuditFilter {
        kind: Some(kind.into()),
        limit: 1000,
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn lists_hold_the_defaults_and_archived_entries_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let lists = v.lists(false).unwrap();
    assert_eq!(lists.purposes.len(), 4);
    assert_eq!(lists.sources.len(), 6);
    assert_eq!(
        lists
            .subscription_types
            .iter()
            .map(|s| (s.name.as_str(), s.purpose.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Events", MARKETING),
            ("Newsletter", MARKETING),
            ("Offers", MARKETING)
        ]
    );
    assert_eq!(lists.legal_bases.len(), 6);
    assert_eq!(lists.legal_bases[0].name, "Consent");

    let added = v
        .save_purpose(&PurposeSave {
            name: Some("Events".into()),
            description: Some("Invitations to our events.".into()),
            default_legal_basis: Some(LegalBasis::Consent),
            retention_months: Some(Some(12)),
            ..Default::default()
        })
        .unwrap();
    let renamed = v
        .save_purpose(&PurposeSave {
            id: Some(added.id),
            name: Some("Events and fairs".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.retention_months),
        ("Events and fairs", Some(12))
    );
    v.save_purpose(&PurposeSave {
        id: Some(added.id),
        archived: Some(true),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(v.lists(false).unwrap().purposes.len(), 4);
    assert!(
        v.lists(true)
            .unwrap()
            .purposes
            .iter()
            .any(|p| p.id == added.id && p.archived)
    );
    // An archived purpose is no longer offered for new consents.
    let who = id(&mut v, "Kari", "kari@example.no");
    let err = v
        .give_consent(
            &who,
            &GiveConsent {
                email: None,
                purpose: "Events and fairs".into(),
                method: ConsentMethod::Email,
                occurred_at: None,
                text_version: None,
                notice_version: None,
                language: None,
                evidence: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);

    let taken = v
        .save_purpose(&PurposeSave {
            name: Some("bookkeeping".into()),
            default_legal_basis: Some(LegalBasis::LegalObligation),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(taken.code(), ErrorCode::Conflict);
    let default = v.lists(false).unwrap().purposes;
    let sales = default
        .iter()
        .find(|p| p.name == "Sales and service")
        .unwrap();
    let err = v
        .save_purpose(&PurposeSave {
            id: Some(sales.id),
            archived: Some(true),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);

    let kind = v
        .save_subscription_type(&SubscriptionTypeSave {
            name: Some("Webinars".into()),
            purpose: Some(MARKETING.into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(kind.purpose, MARKETING);
    // Added, renamed, archived, a subscription type: four list changes, none for refusals.
    assert_eq!(events(&v, "lists.changed").len(), 4);
}

#[test]
fn mass_edit_adds_records_skips_people_without_consent_and_is_audited_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let people: Vec<Uuid> = ["a@example.no", "b@example.no", "c@example.no"]
        .iter()
        .map(|e| v.create_person(person("P", "Q", e)).unwrap())
        .collect();
    give(&mut v, &PersonRef::Id(people[0]));

    let edit = |basis, dry_run| MassEdit {
        people: people.clone(),
        query: None,
        purpose: MARKETING.into(),
        legal_basis: Some(basis),
        source: None,
        dry_run,
    };
    let dry = v
        .mass_edit_processing(&edit(LegalBasis::Consent, true))
        .unwrap();
    assert_eq!((dry.changed, dry.dry_run), (1, true));
    assert!(events(&v, "processing.changed").is_empty());

    let report = v
        .mass_edit_processing(&edit(LegalBasis::Consent, false))
        .unwrap();
    assert_eq!(report.changed, 1);
    assert_eq!(report.without_consent, people[1..].to_vec());
    let card = v.show_person(&PersonRef::Id(people[0])).unwrap();
    assert_eq!(card.processing.len(), 2, "the old record stays");
    assert_eq!(card.processing[1].purpose, MARKETING);
    assert_eq!(card.processing[1].legal_basis, LegalBasis::Consent);
    assert_eq!(card.processing[1].source, "manual");
    let skipped = v.show_person(&PersonRef::Id(people[1])).unwrap();
    assert_eq!(skipped.processing.len(), 1);

    let again = v
        .mass_edit_processing(&edit(LegalBasis::Consent, false))
        .unwrap();
    assert_eq!((again.changed, again.unchanged), (0, 1));
    let other = v
        .mass_edit_processing(&MassEdit {
            purpose: "Customer relationship".into(),
            legal_basis: None,
            ..edit(LegalBasis::Consent, false)
        })
        .unwrap();
    assert_eq!(other.changed, 3, "legitimate interests needs no consent");

    let audited = events(&v, "processing.changed");
    assert_eq!(audited.len(), 3);
    let first = &audited[2].detail;
    assert_eq!(first["selected"], 3);
    assert_eq!(first["changed"], 1);
    assert_eq!(first["without_consent"], 2);
    assert_eq!(first["legal_basis"], "a");

    let unknown = v
        .mass_edit_processing(&MassEdit {
            people: vec![people[0], Uuid::now_v7()],
            ..edit(LegalBasis::LegitimateInterests, false)
        })
        .unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::NotFound);
    assert_eq!(
        v.show_person(&PersonRef::Id(people[0]))
            .unwrap()
            .processing
            .len(),
        3,
        "a refused edit writes nothing"
    );
}

#[test]
fn double_opt_in_counts_only_once_confirmed_by_code() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let kari = id(&mut v, "Kari", "kari@example.no");
    v.set_person_language(&kari, Some(Language::Nb)).unwrap();
    v.add_consent_text(MARKETING, Language::En, "Yes, send me news.")
        .unwrap();
    let text = v
        .add_consent_text(MARKETING, Language::Nb, TEXT_NB)
        .unwrap();
    v.add_privacy_notice(Language::Nb, "Slik behandler vi personopplysninger.")
        .unwrap();

    let asked = ask(&mut v, &kari).unwrap();
    assert_eq!(asked.consent.state, ConsentState::Pending);
    assert_eq!(asked.to, "kari@example.no");
    assert_eq!(asked.subject, "Bekreft samtykket ditt: E-marketing");
    assert!(asked.text.contains(TEXT_NB), "{}", asked.text);
    assert!(asked.text.contains("versjon 1"));
    let code = code_in(&asked.text);

    let consents = v.consents(&kari).unwrap();
    assert_eq!(
        (consents[0].state, consents[0].valid),
        (ConsentState::Pending, false)
    );
    let subscribe = v.set_subscription(&kari, "Newsletter", true).unwrap_err();
    assert_eq!(subscribe.code(), ErrorCode::Conflict);
    assert!(
        subscribe.to_string().contains("not confirmed"),
        "{subscribe}"
    );

    let given = v
        .confirm_consent(&kari, MARKETING, &code.to_lowercase())
        .unwrap();
    assert_eq!(
        (given.state, given.method),
        (ConsentState::Given, ConsentMethod::Email)
    );
    assert_eq!(given.text.as_ref().unwrap().id, text.id);
    assert_eq!(given.text.as_ref().unwrap().body, TEXT_NB);
    assert_eq!(given.notice.as_ref().unwrap().version, 1);

    let consents = v.consents(&kari).unwrap();
    assert!(consents[0].valid);
    let pending = &consents[0].history[0];
    let confirmation = pending.confirmation.as_ref().unwrap();
    assert_eq!(confirmation.how.as_deref(), Some("code"));
    assert_eq!(confirmation.given_event, Some(given.id));
    assert!(confirmation.confirmed_at.is_some());
    assert_eq!(
        v.set_subscription(&kari, "Newsletter", true).unwrap(),
        ["Newsletter"]
    );
    // A code works once: the pending row is no longer the newest.
    let again = v.confirm_consent(&kari, MARKETING, &code).unwrap_err();
    assert_eq!(again.code(), ErrorCode::NotFound);
    assert_eq!(events(&v, "consent.confirmed").len(), 1);
}

#[test]
fn a_message_that_cannot_be_sent_leaves_no_pending_consent() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let kari = id(&mut v, "Kari", "kari@example.no");
    v.add_consent_text(MARKETING, Language::En, "Yes, send me news.")
        .unwrap();
    // Without a mail server and without a file to save to, nothing is asked.
    let nowhere = v
        .request_consent(&kari, &request(MARKETING), None, &mut lagom_core::OsEntropy)
        .unwrap_err();
    assert_eq!(nowhere.code(), ErrorCode::Validation);
    // A server that is down refuses the message after the pending row was written: the row
    // goes with it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let settings: MailSettingsPatch = serde_json::from_value(serde_json::json!({
        "host": "127.0.0.1", "port": port, "security": "none",
        "from_address": "post@lagom.example",
    }))
    .unwrap();
    v.update_mail_settings(settings).unwrap();
    let down = v
        .request_consent(&kari, &request(MARKETING), None, &mut lagom_core::OsEntropy)
        .unwrap_err();
    assert_eq!(down.code(), ErrorCode::Mail, "{down}");
    assert!(v.consents(&kari).unwrap().is_empty());
    assert!(events(&v, "consent.recorded").is_empty());
    assert!(events(&v, "email.sent").is_empty());
    // Saving it instead works, and the saved message is recorded as such.
    let asked = ask(&mut v, &kari).unwrap();
    assert_eq!(asked.consent.state, ConsentState::Pending);
    assert_eq!(events(&v, "email.sent").len(), 1);
}

#[test]
fn a_reply_confirms_a_pending_consent_and_keeps_its_message_id() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let per = id(&mut v, "Per", "per@example.no");
    v.add_consent_text(MARKETING, Language::En, "Yes, send me news.")
        .unwrap();
    let asked = ask(&mut v, &per).unwrap();
    assert!(asked.text.starts_with("Hello Per,"));
    let given = v
        .record_consent_reply(&per, MARKETING, "<reply-1@example.no>", None)
        .unwrap();
    assert_eq!(given.evidence, "<reply-1@example.no>");
    let consents = v.consents(&per).unwrap();
    assert!(consents[0].valid);
    assert_eq!(
        consents[0].history[0]
            .confirmation
            .as_ref()
            .unwrap()
            .how
            .as_deref(),
        Some("reply")
    );
}

#[test]
fn asking_needs_an_address_and_a_text_in_the_persons_language() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let nobody = id(&mut v, "Ola", "");
    let kari = id(&mut v, "Kari", "kari@example.no");
    v.add_consent_text(MARKETING, Language::Nb, TEXT_NB)
        .unwrap();
    let no_address = ask(&mut v, &nobody).unwrap_err();
    assert_eq!(no_address.code(), ErrorCode::Validation);
    // Kari's language is the vault's (none set): English, and there is no English text.
    let no_text = ask(&mut v, &kari).unwrap_err();
    assert_eq!(no_text.code(), ErrorCode::NotFound);
    assert!(v.consents(&kari).unwrap().is_empty());
}

#[test]
fn wrong_codes_are_counted_and_the_fifth_ends_the_request() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let kari = id(&mut v, "Kari", "kari@example.no");
    v.add_consent_text(MARKETING, Language::En, "Yes, send me news.")
        .unwrap();
    let asked = ask(&mut v, &kari).unwrap();
    let code = code_in(&asked.text);
    for left in (1..=4).rev() {
        let err = v
            .confirm_consent(&kari, MARKETING, "2222-2222")
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
        assert!(err.to_string().contains(&format!("{left} tr")), "{err}");
    }
    let fifth = v
        .confirm_consent(&kari, MARKETING, "2222-2222")
        .unwrap_err();
    assert_eq!(fifth.code(), ErrorCode::Conflict);
    // Now even the right code is too late.
    let right = v.confirm_consent(&kari, MARKETING, &code).unwrap_err();
    assert_eq!(right.code(), ErrorCode::Conflict);
    let consents = v.consents(&kari).unwrap();
    assert!(consents[0].expired && !consents[0].valid);
    let confirmation = consents[0].history[0].confirmation.as_ref().unwrap();
    assert_eq!(confirmation.wrong_codes, 5);
    assert!(confirmation.expired_at.is_some());
}

#[test]
fn a_pending_consent_expires_after_thirty_days() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, clock) = vault(dir.path());
    let kari = id(&mut v, "Kari", "kari@example.no");
    v.add_consent_text(MARKETING, Language::En, "Yes, send me news.")
        .unwrap();
    let asked = ask(&mut v, &kari).unwrap();
    let code = code_in(&asked.text);
    clock.advance(Duration::days(30) - Duration::minutes(1));
    assert!(!v.consents(&kari).unwrap()[0].expired);
    clock.advance(Duration::minutes(2));
    assert!(v.consents(&kari).unwrap()[0].expired);
    let err = v.confirm_consent(&kari, MARKETING, &code).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let reply = v
        .record_consent_reply(&kari, MARKETING, "<late@example.no>", None)
        .unwrap_err();
    assert_eq!(reply.code(), ErrorCode::Conflict);
    // Asking again starts over.
    let again = ask(&mut v, &kari).unwrap();
    v.confirm_consent(&kari, MARKETING, &code_in(&again.text))
        .unwrap();
    assert!(v.consents(&kari).unwrap()[0].valid);
}

#[test]
fn withdrawal_takes_effect_at_once_and_ends_the_subscriptions() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let kari = id(&mut v, "Kari", "kari@example.no");
    give(&mut v, &kari);
    v.set_subscription(&kari, "Newsletter", true).unwrap();
    v.set_subscription(&kari, "Offers", true).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("list.csv");
    assert_eq!(
        v.marketing_list(MARKETING, None, Some(&out), true)
            .unwrap()
            .included,
        1
    );

    withdraw(&mut v, &kari);
    let card = v.show_person(&kari).unwrap();
    assert!(card.subscriptions.is_empty());
    assert_eq!(card.consents[0].state, ConsentState::Withdrawn);
    assert!(!card.consents[0].valid);
    assert_eq!(card.consents[0].history.len(), 2);
    let list = v.marketing_list(MARKETING, None, Some(&out), true).unwrap();
    assert_eq!((list.included, list.left_out.withdrawn), (0, 1));
    let err = v.set_subscription(&kari, "Offers", true).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let changed = events(&v, "subscription.changed");
    assert_eq!(changed[0].detail["removed"], 2);
}

#[test]
fn a_consent_cannot_be_recorded_in_the_future_or_on_a_missing_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let kari = id(&mut v, "Kari", "kari@example.no");
    let mut g = GiveConsent {
        email: None,
        purpose: MARKETING.into(),
        method: ConsentMethod::InPerson,
        occurred_at: Some("2025-03-11".into()),
        text_version: None,
        notice_version: None,
        language: None,
        evidence: String::new(),
    };
    assert_eq!(
        v.give_consent(&kari, &g).unwrap_err().code(),
        ErrorCode::Validation
    );
    g.occurred_at = Some("2025-03-10T08:59:00Z".into());
    g.text_version = Some(3);
    assert_eq!(
        v.give_consent(&kari, &g).unwrap_err().code(),
        ErrorCode::NotFound
    );
    g.text_version = None;
    let given = v.give_consent(&kari, &g).unwrap();
    assert_eq!(given.occurred_at, "2025-03-10T08:59:00.000Z");
    assert!(given.text.is_none());
}

#[test]
fn texts_are_versioned_hashed_and_cannot_be_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let one = v
        .add_consent_text(MARKETING, Language::Nb, "Første ordlyd.")
        .unwrap();
    let two = v
        .add_consent_text(MARKETING, Language::Nb, "Andre ordlyd.\r\n")
        .unwrap();
    let en = v
        .add_consent_text(MARKETING, Language::En, "First wording.")
        .unwrap();
    assert_eq!((one.version, two.version, en.version), (1, 2, 1));
    assert_eq!(two.body, "Andre ordlyd.");
    use sha2::Digest;
    assert_eq!(
        two.sha256,
        hex::encode(sha2::Sha256::digest("Andre ordlyd."))
    );
    assert_eq!(v.consent_texts(Some(MARKETING)).unwrap().len(), 3);
    assert!(v.consent_texts(Some("Bookkeeping")).unwrap().is_empty());
    let n1 = v.add_privacy_notice(Language::En, "Notice one.").unwrap();
    let n2 = v.add_privacy_notice(Language::En, "Notice two.").unwrap();
    assert_eq!((n1.version, n2.version), (1, 2));
    assert_eq!(v.privacy_notices().unwrap().len(), 2);

    let key = v.database_key().unwrap().to_hex().to_string();
    let conn = rusqlite::Connection::open(dir.path().join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    for sql in [
        "UPDATE consent_texts SET body = 'Something else.' WHERE version = 1",
        "UPDATE privacy_notices SET body = 'Something else.' WHERE version = 1",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("cannot be changed"), "{err}");
    }
    assert_eq!(
        v.consent_texts(Some(MARKETING)).unwrap()[1].body,
        "Første ordlyd."
    );
}

#[test]
fn a_marketing_list_holds_only_the_confirmed_and_counts_why_others_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    v.add_consent_text(MARKETING, Language::En, "Yes, send me news.")
        .unwrap();
    v.add_consent_text(MARKETING, Language::En, "Yes, send me news and offers.")
        .unwrap();
    let yes = id(&mut v, "Ingrid", "ingrid@example.no");
    give(&mut v, &yes);
    v.set_person_language(&yes, Some(Language::Sv)).unwrap();
    v.set_subscription(&yes, "Newsletter", true).unwrap();
    let pending = id(&mut v, "Pål", "pal@example.no");
    ask(&mut v, &pending).unwrap();
    let gone = id(&mut v, "Geir", "geir@example.no");
    give(&mut v, &gone);
    withdraw(&mut v, &gone);
    let restricted = id(&mut v, "Rita", "rita@example.no");
    give(&mut v, &restricted);
    v.set_restriction(&restricted, Some("disputes the accuracy of the data"))
        .unwrap();
    let objected = id(&mut v, "Ole", "ole@example.no");
    give(&mut v, &objected);
    v.set_objection(&objected, Some("no direct marketing"))
        .unwrap();
    let unsubscribed = id(&mut v, "Una", "una@example.no");
    give(&mut v, &unsubscribed);
    let no_email = id(&mut v, "Nils", "");
    give(&mut v, &no_email);
    id(&mut v, "Never", "never@example.no");

    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("newsletter.csv");
    let list = v
        .marketing_list(MARKETING, Some("Newsletter"), Some(&out), true)
        .unwrap();
    assert_eq!(list.included, 1);
    let l = list.left_out;
    assert_eq!(
        (
            l.no_consent,
            l.pending,
            l.withdrawn,
            l.restricted,
            l.objected,
            l.not_subscribed,
            l.no_email
        ),
        (1, 1, 1, 1, 1, 2, 0)
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        csv,
        "first_name,last_name,email,language,consent_given_at,consent_text_version\n\
         Ingrid,Nordmann,ingrid@example.no,sv,2025-03-01T00:00:00.000Z,2\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner may read the list");
    }

    let all = v.marketing_list(MARKETING, None, Some(&out), true).unwrap();
    assert_eq!((all.included, all.left_out.no_email), (2, 1));
    assert_eq!(all.left_out.total() + all.included, 8);

    let exports = events(&v, "export");
    assert_eq!(exports.len(), 2);
    assert_eq!(exports[1].detail["what"], "marketing list");
    assert_eq!(exports[1].detail["included"], 1);
    assert_eq!(exports[1].detail["left_out"]["not_subscribed"], 2);

    let wrong = v
        .marketing_list("Bookkeeping", Some("Newsletter"), Some(&out), true)
        .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::Validation);
    assert!(!dir.path().join("newsletter.csv.partial").exists());
}

#[test]
fn the_marketing_list_reads_the_purpose_ledger_by_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path());
    let plan = v.marketing_query_plan().unwrap();
    let text = plan.join("\n");
    assert!(text.contains("consent_events_by_purpose"), "{text}");
    // People are looked up one by one, never scanned.
    assert!(
        !plan
            .iter()
            .any(|l| l.starts_with("SCAN p") || l.starts_with("SCAN people")),
        "{text}"
    );
}

#[test]
fn restriction_and_objection_show_on_the_card_and_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, clock) = vault(dir.path());
    let kari = id(&mut v, "Kari", "kari@example.no");
    let set = v
        .set_restriction(&kari, Some("contests the accuracy"))
        .unwrap()
        .unwrap();
    assert_eq!(set.since, "2025-03-10T09:00:00.000Z");
    clock.advance(Duration::days(1));
    // Said again with a new reason: the date it began stays.
    let again = v
        .set_restriction(&kari, Some("contests the accuracy of the address"))
        .unwrap()
        .unwrap();
    assert_eq!(again.since, set.since);
    v.set_objection(&kari, Some("no profiling")).unwrap();
    let card = v.show_person(&kari).unwrap();
    assert_eq!(
        card.restriction.as_ref().unwrap().reason,
        "contests the accuracy of the address"
    );
    assert_eq!(card.objection.as_ref().unwrap().reason, "no profiling");
    assert!(v.set_restriction(&kari, None).unwrap().is_none());
    let card = v.show_person(&kari).unwrap();
    assert!(card.restriction.is_none() && card.objection.is_some());
    assert_eq!(events(&v, "restriction.changed").len(), 3);
    assert_eq!(events(&v, "objection.changed").len(), 1);
    assert_eq!(
        v.set_objection(&kari, Some(" ")).unwrap_err().code(),
        ErrorCode::Validation
    );
}

#[test]
fn the_card_shows_consents_with_the_words_agreed_to() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    let kari = id(&mut v, "Kari", "kari@example.no");
    v.add_consent_text(MARKETING, Language::Nb, TEXT_NB)
        .unwrap();
    v.give_consent(
        &kari,
        &GiveConsent {
            email: None,
            purpose: MARKETING.into(),
            method: ConsentMethod::Phone,
            occurred_at: None,
            text_version: Some(1),
            notice_version: None,
            language: Some(Language::Nb),
            evidence: "Åse took the call".into(),
        },
    )
    .unwrap();
    let card = v.show_person(&kari).unwrap();
    let consent = &card.consents[0];
    assert_eq!(consent.purpose, MARKETING);
    assert!(consent.valid);
    let event = &consent.history[0];
    assert_eq!(event.text.as_ref().unwrap().body, TEXT_NB);
    assert_eq!(event.recorded_by, "Åse Owner");
    assert_eq!(event.evidence, "Åse took the call");
}

#[test]
fn audit_details_name_ids_and_counts_but_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, _) = vault(dir.path());
    v.add_consent_text(MARKETING, Language::En, "Yes, send me news.")
        .unwrap();
    let kari = id(&mut v, "Kari", "kari@example.no");
    give(&mut v, &kari);
    v.set_subscription(&kari, "Newsletter", true).unwrap();
    let ola = id(&mut v, "Olaug", "olaug@example.no");
    ask(&mut v, &ola).unwrap();
    let _ = v.confirm_consent(&ola, MARKETING, "2222-2222");
    v.record_consent_reply(&ola, MARKETING, "<secret-reply@example.no>", None)
        .unwrap();
    v.set_restriction(&kari, Some("contests the accuracy"))
        .unwrap();
    v.set_objection(&ola, Some("hates newsletters")).unwrap();
    withdraw(&mut v, &kari);
    v.marketing_list(
        MARKETING,
        None,
        Some(&tempfile::tempdir().unwrap().path().join("l.csv")),
        true,
    )
    .unwrap();
    let all = v
        .audit_events(&AuditFilter {
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    let text = serde_json::to_string(&all.iter().map(|e| &e.detail).collect::<Vec<_>>()).unwrap();
    for private in [
        "Kari",
        "Olaug",
        "Nordmann",
        "example.no",
        "signup form",
        "rang and said stop",
        "secret-reply",
        "contests the accuracy",
        "hates newsletters",
        "send me news",
    ] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn the_commands_answer_as_json_through_a_session() {
    use lagom_core::api::{COMMANDS, NoSecretKeys, Session};
    use serde_json::json;
    use std::sync::atomic::AtomicBool;

    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(
        &dir.path().join("v"),
        Arc::new(lagom_core::SystemClock),
        Box::new(NoSecretKeys),
    )
    .with_kdf(FAST);
    let mut call = |command: &str, args: serde_json::Value| {
        assert!(COMMANDS.contains(&command), "{command}");
        s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
    };
    call(
        "vault.create",
        json!({ "owner": "Kari", "password": "correct horse battery" }),
    )
    .unwrap();
    let person = call(
        "person.create",
        json!({ "fields": { "first_name": "Per", "email": "per@example.no" } }),
    )
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let lists = call("lists.get", json!({})).unwrap();
    assert_eq!(lists["legal_bases"].as_array().unwrap().len(), 6);
    assert_eq!(
        call("purposes.list", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        4
    );
    call(
        "consent_text.add",
        json!({ "purpose": MARKETING, "language": "en", "body": "Yes, send me news." }),
    )
    .unwrap();
    call("business.set", json!({ "email": "post@lagom.example" })).unwrap();
    // Without a mail server the message can only be saved, and nothing is left pending.
    let nowhere = call(
        "consent.request",
        json!({ "person": person, "purpose": MARKETING }),
    )
    .unwrap_err();
    assert_eq!(nowhere.code(), ErrorCode::Validation);
    assert!(nowhere.to_string().contains("mail server"), "{nowhere}");
    let eml = tempfile::tempdir().unwrap();
    let asked = call(
        "consent.request",
        json!({ "person": person, "purpose": MARKETING, "save_to": eml.path() }),
    )
    .unwrap();
    assert_eq!(asked["consent"]["state"], "pending");
    assert_eq!(asked["delivery"]["delivery"], "saved");
    let message = std::fs::read(asked["delivery"]["path"].as_str().unwrap()).unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(&message)
        .unwrap();
    let code = code_in(&message.body_text(0).unwrap());
    assert!(
        !asked.to_string().contains(&code),
        "the answer never holds the code"
    );
    let given = call(
        "consent.confirm",
        json!({ "person": "per@example.no", "purpose": MARKETING, "code": code }),
    )
    .unwrap();
    assert_eq!(given["state"], "given");
    let on = call(
        "subscription.set",
        json!({ "person": person, "subscription": "Offers", "on": true }),
    )
    .unwrap();
    assert_eq!(on["subscriptions"], json!(["Offers"]));
    let card = call("person.show", json!({ "person": person })).unwrap();
    assert_eq!(card["consents"][0]["valid"], true);
    assert_eq!(card["subscriptions"], json!(["Offers"]));
    assert_eq!(card["restriction"], json!(null));
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("list.csv");
    let list = call(
        "marketing.list",
        json!({ "purpose": MARKETING, "subscription": "Offers", "out": out }),
    )
    .unwrap();
    assert_eq!(list["included"], 1);
    let bad = call(
        "consent.give",
        json!({ "person": person, "purpose": MARKETING, "method": "email", "colour": "red" }),
    )
    .unwrap_err();
    assert_eq!(bad.code(), ErrorCode::Validation);
    let withdrawn = call(
        "consent.withdraw",
        json!({ "person": person, "purpose": MARKETING, "method": "email" }),
    )
    .unwrap();
    assert_eq!(withdrawn["state"], "withdrawn");
    let restricted = call(
        "person.restrict",
        json!({ "person": person, "reason": "disputes accuracy" }),
    )
    .unwrap();
    assert_eq!(restricted["restriction"]["reason"], "disputes accuracy");
}
