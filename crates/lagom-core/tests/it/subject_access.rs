//! The subject-access bundle, checked against the vault it came from: the JSON against its
//! schema, the encrypted zip opened by Debian's 7-Zip (and refused under a wrong
//! passphrase), the summary escaped, a folder only after confirmation, every export audited
//! and recorded on its request.

use std::path::Path;
use std::process::Command;

use lagom_core::notes::NoteView;
use lagom_core::notice::BusinessPatch;
use lagom_core::people::PersonPatch;
use lagom_core::rights::access::{ExportFormat, LanguageFrom, SCHEMA, SubjectExportOptions};
use lagom_core::rights::model::{IdentityCheck, NewRequest, RequestKind, RequestRef};
use lagom_core::types::Language;
use lagom_core::types::PersonRef;
use lagom_core::{AuditFilter, ErrorCode, OsEntropy, Vault};
use uuid::Uuid;

use crate::requests::create_at;
use crate::support::{HandClock, person};

const CONSENT_WORDS: &str = "Yes, I'd like the newsletter from Fjord Rør about offers & events, \
at most twice a month. I can say no at any time.";
const PRIVATE_NOTE: &str = "Prefers calls after 15:00; bad knee, avoid site visits.";
const SHARED_NOTE: &str = "Asked for a quote on a heat pump.";

struct Fixture {
    _dir: tempfile::TempDir,
    out: tempfile::TempDir,
    vault: Vault,
    kari: Uuid,
}

/// A vault with one person who has something in every table.
fn fixture(first_name: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at(2025, 3, 3);
    let mut v = create_at(dir.path(), clock);
    let kari = v
        .create_person(person(first_name, "Nordmann", "kari@example.no"))
        .unwrap();
    v.create_person(person("Ola", "Hansen", "ola@example.no"))
        .unwrap();
    let _: NoteView = v
        .add_note(&PersonRef::Id(kari), SHARED_NOTE, false)
        .unwrap();
    v.add_note(&PersonRef::Id(kari), PRIVATE_NOTE, true)
        .unwrap();
    v.update_business(BusinessPatch {
        name: Some(Some("Fjord Rør AS".into())),
        email: Some(Some("post@fjordror.no".into())),
        country: Some(Some("NO".into())),
        recipients: Some(vec!["Regnskap AS (bookkeeping)".into()]),
        ..Default::default()
    })
    .unwrap();
    v.create_request(&NewRequest {
        kind: RequestKind::Access,
        people: vec!["kari@example.no".into()],
        received_on: None,
        channel: "e-mail".into(),
        description: String::new(),
    })
    .unwrap();
    write_rows(&mut v, dir.path(), kari);
    Fixture {
        vault: v,
        _dir: dir,
        out: tempfile::tempdir().unwrap(),
        kari,
    }
}

/// Rows that have no operation of their own in this module: a consent with its text and
/// notice, a deal, an invoice, an import.
fn write_rows(v: &mut Vault, dir: &Path, kari: Uuid) {
    let key = v.database_key().unwrap().to_hex().to_string();
    let user = v.user_id().to_string();
    let conn = rusqlite::Connection::open(dir.join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    let sha = |s: &str| hex::encode(<sha2::Sha256 as sha2::Digest>::digest(s.as_bytes()));
    let marketing = "00000000-0000-7000-8000-000000000103";
    conn.execute(
        "INSERT INTO consent_texts (id, purpose_id, language, version, body, sha256, created_at, created_by)
         VALUES ('text-1', ?1, 'en', 2, ?2, ?3, '2025-01-01T00:00:00Z', ?4)",
        rusqlite::params![marketing, CONSENT_WORDS, sha(CONSENT_WORDS), user],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO privacy_notices (id, language, version, body, sha256, created_at, created_by)
         VALUES ('notice-1', 'en', 3, 'We keep what we need.', ?1, '2025-01-01T00:00:00Z', ?2)",
        rusqlite::params![sha("We keep what we need."), user],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO consent_events (id, person_id, purpose_id, state, method, occurred_at,
             recorded_at, recorded_by, consent_text_id, privacy_notice_id, evidence)
         VALUES ('consent-1', ?1, ?2, 'given', 'web_form', '2025-02-01T10:00:00Z',
             '2025-02-01T10:00:01Z', ?3, 'text-1', 'notice-1', 'form /newsletter')",
        rusqlite::params![kari.to_string(), marketing, user],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO deals (id, title, person_id, owner_id, stage, value_minor, currency, created_at, updated_at)
         VALUES ('deal-1', 'Heat pump', ?1, ?2, 'proposal', 4500000, 'NOK', '2025-02-02T00:00:00Z', '2025-02-02T00:00:00Z')",
        rusqlite::params![kari.to_string(), user],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO invoices (id, number, person_id, issued_on, amount_minor, currency, created_at)
         VALUES ('inv-1', '2025-0042', ?1, '2025-02-20', 125000, 'NOK', '2025-02-20T10:00:00Z')",
        [kari.to_string()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO import_batches (id, files, purpose_id, legal_basis, counts, audit_seq, committed_at, committed_by)
         VALUES ('batch-1', '[\"kunder 2024.xlsx\"]', '00000000-0000-7000-8000-000000000101', 'b', '{}', 1, '2025-01-15T08:00:00Z', ?1)",
        [user],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO import_changes (batch_id, entity, entity_id, action, previous)
         VALUES ('batch-1', 'person', ?1, 'updated', '{\"phone\": \"+47 22 22 22 22\"}')",
        [kari.to_string()],
    )
    .unwrap();
}

fn options(f: &Fixture, format: ExportFormat, name: &str) -> SubjectExportOptions {
    SubjectExportOptions {
        person: f.kari.to_string(),
        format,
        out: Some(f.out.path().join(name)),
        overwrite: false,
        request: None,
        language: None,
        confirm_unencrypted: false,
    }
}

/// The audit trail's subject-access exports (the fixture's raw-key read is an export too).
fn bundle_exports(v: &Vault) -> Vec<lagom_core::audit::AuditEvent> {
    v.audit_events(&AuditFilter {
        kind: Some("export".into()),
        limit: 10,
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .filter(|e| e.detail["what"] == "subject_access")
    .collect()
}

fn seven_zip(args: &[&str]) -> std::process::Output {
    Command::new("7z")
        .args(args)
        .output()
        .expect("7z is installed (p7zip-full)")
}

#[test]
fn the_bundle_json_validates_against_its_schema_and_holds_every_table() {
    let mut f = fixture("Kari");
    let bundle = f
        .vault
        .subject_access(&PersonRef::Id(f.kari), None)
        .unwrap();
    let json = serde_json::to_value(&bundle).unwrap();
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    assert_eq!(bundle.person.first_name, "Kari");
    let notes: Vec<_> = bundle.notes.iter().map(|n| n.body.as_str()).collect();
    assert_eq!(notes, [SHARED_NOTE, PRIVATE_NOTE], "private notes too");
    assert_eq!(
        bundle.consents[0].consent_text.as_ref().unwrap().body,
        CONSENT_WORDS
    );
    assert_eq!(
        bundle.consents[0].privacy_notice.as_ref().unwrap().version,
        3
    );
    assert_eq!(bundle.invoices[0].number, "2025-0042");
    assert_eq!(bundle.deals[0].title, "Heat pump");
    assert_eq!(bundle.imports[0].files, ["kunder 2024.xlsx"]);
    assert_eq!(
        bundle.imports[0].previous.as_ref().unwrap()["phone"],
        "+47 22 22 22 22"
    );
    assert_eq!(bundle.requests[0].number, "R-0001");
    assert_eq!(bundle.recipients, ["Regnskap AS (bookkeeping)"]);
    assert_eq!(bundle.complaint.name, "Datatilsynet");
    let purposes: Vec<_> = bundle.purposes.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(purposes, ["E-marketing", "Sales and service"]);
    assert_eq!(bundle.purposes[0].legal_bases, ["a"]);
    assert_eq!(bundle.purposes[0].retention_months, Some(24));
    let kinds: Vec<_> = bundle.events.iter().map(|e| e.kind.as_str()).collect();
    assert!(
        kinds.starts_with(&["person.created", "note.added", "note.added"]),
        "{kinds:?}"
    );
    // Nothing of the other person.
    assert!(!json.to_string().contains("Hansen"));
}

#[test]
fn the_zip_opens_in_7z_with_the_passphrase_and_matches_the_vault() {
    let mut f = fixture("Kari");
    let export = f
        .vault
        .export_subject(&options(&f, ExportFormat::Zip, "kari.zip"), &mut OsEntropy)
        .unwrap();
    let passphrase = export.passphrase.clone().unwrap();
    let zip = export.path.clone().unwrap();
    assert!(export.files.contains(&"csv/consents.csv".to_owned()));
    let raw = std::fs::read(&zip).unwrap();
    assert!(
        !raw.windows(8).any(|w| w == b"Nordmann"),
        "nothing readable without the passphrase"
    );

    let wrong = tempfile::tempdir().unwrap();
    let out = seven_zip(&[
        "x",
        "-pWRONG-PASS-WORD",
        &format!("-o{}", wrong.path().display()),
        zip.to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "a wrong passphrase opens nothing");

    let open = tempfile::tempdir().unwrap();
    let out = seven_zip(&[
        "x",
        &format!("-p{passphrase}"),
        &format!("-o{}", open.path().display()),
        zip.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let listing = seven_zip(&[
        "l",
        "-slt",
        &format!("-p{passphrase}"),
        zip.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&listing.stdout).contains("AES-256"));

    let read = |name: &str| std::fs::read_to_string(open.path().join(name)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&read("subject-access.json")).unwrap();
    assert_eq!(json["person"]["last_name"], "Nordmann");
    assert_eq!(json["consents"][0]["consent_text"]["body"], CONSENT_WORDS);
    let consents = read("csv/consents.csv");
    assert!(consents.starts_with('\u{feff}'), "a BOM for spreadsheets");
    assert!(consents.contains(CONSENT_WORDS), "word for word");
    assert!(read("csv/notes.csv").contains(PRIVATE_NOTE));
    assert!(read("csv/invoices.csv").contains("2025-0042"));
    assert!(read("csv/person.csv").contains("kari@example.no"));
    let html = read("subject-access.html");
    assert!(html.contains("Kari Nordmann"));
    assert!(html.contains("2025-0042"));
    assert!(html.contains(SHARED_NOTE));
    // The HTML escapes the apostrophe and the ampersand of the consent text.
    assert!(
        html.contains("Yes, I&#39;d like the newsletter from Fjord Rør about offers &amp; events")
    );
    assert!(html.contains("Datatilsynet"));
    assert!(html.contains("@media print"));
    assert_eq!(read("subject-access.schema.json"), SCHEMA);
    // The staging file is gone.
    assert_eq!(std::fs::read_dir(f.out.path()).unwrap().count(), 1);
}

#[test]
fn a_name_like_a_script_is_shown_as_text() {
    let mut f = fixture("<script>alert(1)</script>");
    let export = f
        .vault
        .export_subject(
            &SubjectExportOptions {
                confirm_unencrypted: true,
                ..options(&f, ExportFormat::Folder, "bundle")
            },
            &mut OsEntropy,
        )
        .unwrap();
    let html = std::fs::read_to_string(export.path.unwrap().join("subject-access.html")).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Nordmann"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
}

#[test]
fn the_summary_speaks_the_persons_language() {
    let mut f = fixture("Kari");
    for (language, words) in [
        (Language::Nb, "Dine personopplysninger"),
        (Language::Sv, "Dina personuppgifter"),
        (Language::Da, "Dine personoplysninger"),
        (Language::En, "Your personal data"),
    ] {
        let name = format!("bundle-{}", language.as_str());
        let export = f
            .vault
            .export_subject(
                &SubjectExportOptions {
                    confirm_unencrypted: true,
                    language: Some(language),
                    ..options(&f, ExportFormat::Folder, &name)
                },
                &mut OsEntropy,
            )
            .unwrap();
        let html =
            std::fs::read_to_string(export.path.unwrap().join("subject-access.html")).unwrap();
        assert!(html.contains(words), "{}", language.as_str());
        assert!(html.contains(&format!("<html lang=\"{}\">", language.as_str())));
    }
}

#[test]
fn a_folder_is_refused_without_confirmation_and_nothing_is_overwritten() {
    let mut f = fixture("Kari");
    let err = f
        .vault
        .export_subject(&options(&f, ExportFormat::Folder, "bundle"), &mut OsEntropy)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(std::fs::read_dir(f.out.path()).unwrap().count(), 0);

    std::fs::write(f.out.path().join("taken.zip"), b"keep me").unwrap();
    let err = f
        .vault
        .export_subject(&options(&f, ExportFormat::Zip, "taken.zip"), &mut OsEntropy)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Exists);
    assert_eq!(
        std::fs::read(f.out.path().join("taken.zip")).unwrap(),
        b"keep me"
    );
    assert_eq!(std::fs::read_dir(f.out.path()).unwrap().count(), 1);
    assert!(
        bundle_exports(&f.vault).is_empty(),
        "a refused export leaves no event"
    );
}

#[test]
fn an_export_is_audited_and_recorded_on_its_request() {
    let mut f = fixture("Kari");
    let export = f
        .vault
        .export_subject(
            &SubjectExportOptions {
                request: Some("R-0001".into()),
                ..options(&f, ExportFormat::Zip, "kari.zip")
            },
            &mut OsEntropy,
        )
        .unwrap();
    assert_eq!(export.request.as_deref(), Some("R-0001"));
    let request = f.vault.show_request(RequestRef::Number(1)).unwrap();
    let action = request.actions.last().unwrap();
    assert_eq!(action.action, "bundle_exported");
    assert_eq!(action.detail["format"], "zip");
    let events = bundle_exports(&f.vault);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.subject_id.as_deref(), Some(f.kari.to_string().as_str()));
    assert_eq!(e.detail["format"], "zip");
    assert_eq!(e.detail["counts"]["notes"], 2);
    assert_eq!(e.detail["request"], "R-0001");
    let detail = e.detail.to_string();
    for private in ["Kari", "Nordmann", "kari@", "2025-0042", "Heat pump"] {
        assert!(!detail.contains(private), "{detail}");
    }
    assert!(!detail.contains(export.passphrase.as_deref().unwrap()));
}

#[test]
fn a_failed_identity_check_or_another_persons_request_hands_nothing_over() {
    let mut f = fixture("Kari");
    f.vault
        .create_request(&NewRequest {
            kind: RequestKind::Access,
            people: vec!["ola@example.no".into()],
            received_on: None,
            channel: String::new(),
            description: String::new(),
        })
        .unwrap();
    let err = f
        .vault
        .export_subject(
            &SubjectExportOptions {
                request: Some("R-0002".into()),
                ..options(&f, ExportFormat::Zip, "kari.zip")
            },
            &mut OsEntropy,
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    f.vault
        .check_request_identity(RequestRef::Number(1), IdentityCheck::Failed)
        .unwrap();
    let err = f
        .vault
        .export_subject(
            &SubjectExportOptions {
                request: Some("R-0001".into()),
                ..options(&f, ExportFormat::Zip, "kari.zip")
            },
            &mut OsEntropy,
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(std::fs::read_dir(f.out.path()).unwrap().count(), 0);
}

#[test]
fn the_email_carries_the_zip_but_never_the_passphrase() {
    let mut f = fixture("Kari");
    let (email, passphrase) = f
        .vault
        .subject_access_email(
            &PersonRef::Id(f.kari),
            Some(RequestRef::Number(1)),
            &mut OsEntropy,
        )
        .unwrap();
    assert_eq!(email.to_address, "kari@example.no");
    assert_eq!(email.kind, lagom_core::mail::EmailKind::SubjectAccess);
    assert!(!email.text.contains(passphrase.as_str()));
    assert!(!email.subject.contains(passphrase.as_str()));
    let pdf = &email.attachments[0];
    assert_eq!(pdf.content_type, "application/pdf");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(&pdf.filename);
    std::fs::write(&file, &pdf.bytes).unwrap();
    assert!(crate::support::pdf_text(&file, passphrase.as_str()).contains("Kari Nordmann"));
    let request = f.vault.show_request(RequestRef::Number(1)).unwrap();
    assert_eq!(
        request.actions.last().unwrap().detail["format"],
        "email-pdf"
    );
}

#[test]
fn the_pdf_opens_in_independent_readers_with_the_passphrase_only_and_holds_everything() {
    let mut f = fixture("Åse");
    let export = f
        .vault
        .export_subject(&options(&f, ExportFormat::Pdf, "ase.pdf"), &mut OsEntropy)
        .unwrap();
    let passphrase = export.passphrase.clone().unwrap();
    assert_eq!(passphrase.split('-').count(), 8, "{passphrase}");
    assert!(
        passphrase
            .chars()
            .all(|c| c == '-' || c.is_ascii_lowercase())
    );
    let pdf = export.path.clone().unwrap();
    assert!(
        export.file_name.starts_with("innsyn-ase-nordmann-")
            || export.file_name.starts_with("subject-access-ase-nordmann-"),
        "{}",
        export.file_name
    );
    let raw = std::fs::read(&pdf).unwrap();
    assert!(raw.starts_with(b"%PDF-"));
    assert!(
        !raw.windows(8).any(|w| w == b"Nordmann") && !raw.windows(5).any(|w| w == b"Kari@"),
        "nothing readable without the passphrase"
    );
    let refused =
        crate::support::pdf_attachment(&pdf, "WRONG-PASS-WORD", "subject-access.json").unwrap_err();
    assert!(refused.contains("password"), "{refused}");

    let names = crate::support::pdf_attachments(&pdf, &passphrase);
    for name in [
        "subject-access.json",
        "subject-access.schema.json",
        "csv/consents.csv",
        "csv/notes.csv",
        "csv/person.csv",
    ] {
        assert!(names.contains(&name.to_owned()), "{name} in {names:?}");
    }
    let read = |name: &str| crate::support::pdf_attachment(&pdf, &passphrase, name).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&read("subject-access.json")).unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&read("subject-access.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json));
    assert_eq!(json["consents"][0]["consent_text"]["body"], CONSENT_WORDS);
    assert!(
        String::from_utf8(read("csv/notes.csv"))
            .unwrap()
            .contains(PRIVATE_NOTE)
    );

    let text = crate::support::pdf_text(&pdf, &passphrase);
    for expected in [
        "Åse Nordmann",
        "Fjord Rør AS",
        "2025-0042",
        "Datatilsynet",
        "offers & events",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains("{controller}") && !text.contains("we holds"));
}

#[test]
fn without_a_destination_the_pdf_comes_back_for_the_caller_to_hand_over() {
    let mut f = fixture("Kari");
    let export = f
        .vault
        .export_subject(
            &SubjectExportOptions {
                out: None,
                ..options(&f, ExportFormat::Pdf, "unused")
            },
            &mut OsEntropy,
        )
        .unwrap();
    let bytes = export.content.clone().unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(export.bytes, bytes.len() as u64);
    assert!(export.path.is_none());
    assert_eq!(
        std::fs::read_dir(f.out.path()).unwrap().count(),
        0,
        "nothing on disk"
    );
    let exports = bundle_exports(&f.vault);
    assert!(
        exports.iter().any(|e| e.detail["format"] == "pdf"),
        "audited as an export"
    );
}

#[test]
fn an_existing_file_is_replaced_only_when_the_owner_said_so() {
    let mut f = fixture("Kari");
    let path = f.out.path().join("kari.pdf");
    std::fs::write(&path, b"an earlier export").unwrap();
    let err = f
        .vault
        .export_subject(&options(&f, ExportFormat::Pdf, "kari.pdf"), &mut OsEntropy)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Exists);
    assert_eq!(std::fs::read(&path).unwrap(), b"an earlier export");
    f.vault
        .export_subject(
            &SubjectExportOptions {
                overwrite: true,
                ..options(&f, ExportFormat::Pdf, "kari.pdf")
            },
            &mut OsEntropy,
        )
        .unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn a_bundle_without_the_business_name_and_address_is_refused_and_says_what_is_missing() {
    let mut f = fixture("Kari");
    f.vault
        .update_business(BusinessPatch {
            name: Some(None),
            email: Some(None),
            ..Default::default()
        })
        .unwrap();
    let plan = f.vault.export_plan(&PersonRef::Id(f.kari)).unwrap();
    assert_eq!(plan.missing, ["name", "email"]);
    for format in [ExportFormat::Pdf, ExportFormat::Zip] {
        let err = f
            .vault
            .export_subject(&options(&f, format, "kari.out"), &mut OsEntropy)
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
        assert!(err.to_string().contains("name and e-mail address"), "{err}");
    }
    assert_eq!(std::fs::read_dir(f.out.path()).unwrap().count(), 0);
}

#[test]
fn the_bundle_speaks_the_language_of_the_persons_country_else_of_their_phone() {
    let mut f = fixture("Kari");
    let sven = f
        .vault
        .create_person(person("Sven", "Svensson", "sven@example.se"))
        .unwrap();
    let plan = |f: &mut Fixture, patch: PersonPatch| {
        f.vault.update_person(&PersonRef::Id(sven), &patch).unwrap();
        let p = f.vault.export_plan(&PersonRef::Id(sven)).unwrap();
        (p.language, p.language_from)
    };
    let country = PersonPatch {
        country: Some("Sverige".into()),
        ..Default::default()
    };
    assert_eq!(plan(&mut f, country), (Language::Sv, LanguageFrom::Country));
    let bundle = f.vault.subject_access(&PersonRef::Id(sven), None).unwrap();
    assert_eq!(bundle.language, Language::Sv);
    let phone = PersonPatch {
        country: Some(String::new()),
        phone: Some("+45 32 12 34 56".into()),
        ..Default::default()
    };
    assert_eq!(plan(&mut f, phone), (Language::Da, LanguageFrom::Phone));
    // The owner's choice in the export dialog wins.
    let bundle = f
        .vault
        .subject_access(&PersonRef::Id(sven), Some(Language::En))
        .unwrap();
    assert_eq!(bundle.language, Language::En);
}

#[test]
fn every_part_of_the_summary_reads_in_every_language_with_nothing_left_over() {
    let mut f = fixture("Kari");
    for language in Language::ALL {
        let name = format!("kari-{}", language.as_str());
        let export = f
            .vault
            .export_subject(
                &SubjectExportOptions {
                    confirm_unencrypted: true,
                    language: Some(language),
                    ..options(&f, ExportFormat::Folder, &name)
                },
                &mut OsEntropy,
            )
            .unwrap();
        let html =
            std::fs::read_to_string(export.path.unwrap().join("subject-access.html")).unwrap();
        let body = &html[html.find("<body>").unwrap()..];
        let body = body
            .replace(CONSENT_WORDS, "")
            .replace(SHARED_NOTE, "")
            .replace(PRIVATE_NOTE, "");
        for leftover in [
            "{",
            "}",
            "sections.",
            "fields.",
            "columns.",
            "legal_bases.",
            "rights.",
            "contact_kinds.",
            "web_form",
            "person.created",
            "note.added",
            "bundle_exported",
            "identity_checked",
            " holds about",
        ] {
            assert!(
                !body.contains(leftover),
                "{}: {leftover} left in {body}",
                language.as_str()
            );
        }
        assert!(body.contains("Fjord Rør AS"));
    }
}
