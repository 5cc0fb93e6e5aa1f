//! The Art. 13/14 privacy notice: written in the person's language (else their country's or
//! phone's, else the vault's, else English), naming the controller, the person's purposes with their legal bases and
//! retention, the supervisory authority of the business's country, and, for someone whose
//! data came from an import, where it came from. HTML is escaped; sending and saving are
//! audited.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use lagom_core::api::{NoSecretKeys, Session};
use lagom_core::import::{ImportFile, ImportOptions};
use lagom_core::mail::{Delivery, MailSettingsPatch};
use lagom_core::notice::BusinessPatch;
use lagom_core::people::Provenance;
use lagom_core::settings::SettingsPatch;
use lagom_core::types::Language;
use lagom_core::types::PersonRef;
use lagom_core::{AuditFilter, ErrorCode, SystemClock, Vault};
use mail_parser::MessageParser;
use serde_json::json;

use crate::support;

fn business(v: &mut Vault, country: &str) {
    let patch: BusinessPatch = serde_json::from_value(json!({
        "name": "Fjord Sykkel AS",
        "org_number": "987 654 321",
        "address": "Strandgata 4\n5013 Bergen",
        "email": "personvern@fjordsykkel.example",
        "country": country,
    }))
    .unwrap();
    v.update_business(patch).unwrap();
}

fn language(v: &mut Vault, language: Language) {
    v.update_settings(&SettingsPatch {
        language: Some(Some(language)),
        ..SettingsPatch::default()
    })
    .unwrap();
}

fn by_email(email: &str) -> PersonRef {
    PersonRef::parse(email).unwrap()
}

fn events(v: &Vault, kind: &str) -> Vec<serde_json::Value> {
    let filter = AuditFilter {
        kind: Some(kind.into()),
        subject_id: None,
        since: None,
        until: None,
        limit: 100,
    };
    v.audit_entries(&filter, None)
        .unwrap()
        .into_iter()
        .map(|e| serde_json::to_value(e.event).unwrap())
        .collect()
}

#[test]
fn each_language_names_its_authority_purposes_and_legal_bases() {
    // (language, business country, what must be said, what must not)
    let cases: &[(Language, &str, &[&str], &[&str])] = &[
        (
            Language::En,
            "NO",
            &[
                "Dear Kari Nordmann,",
                "Fjord Sykkel AS is the controller",
                "Sales and service",
                "a contract with you",
                "GDPR Art. 6(1)(b)",
                "as long as you are a customer",
                "Norwegian Data Protection Authority (Datatilsynet), www.datatilsynet.no",
                "Organisation number: 987 654 321",
            ],
            &["imy.se", "datatilsynet.dk", "Where we got your data"],
        ),
        (
            Language::Nb,
            "NO",
            &[
                "Hei Kari Nordmann,",
                "behandlingsansvarlig",
                "Salg og service",
                "en avtale med deg",
                "GDPR art. 6 nr. 1 bokstav b",
                "klage til Datatilsynet, www.datatilsynet.no",
                "Med vennlig hilsen",
            ],
            &["Sales and service", "Hvor vi har opplysningene fra"],
        ),
        (
            Language::Sv,
            "SE",
            &[
                "Hej Kari Nordmann!",
                "personuppgiftsansvarig",
                "Försäljning och service",
                "ett avtal med dig",
                "artikel 6.1 b i GDPR",
                "Integritetsskyddsmyndigheten (IMY), www.imy.se",
                "Med vänliga hälsningar",
            ],
            &["datatilsynet", "Sales and service"],
        ),
        (
            Language::Da,
            "DK",
            &[
                "Kære Kari Nordmann",
                "dataansvarlig",
                "Salg og service",
                "en aftale med dig",
                "GDPR artikel 6, stk. 1, litra b",
                "klage til Datatilsynet, www.datatilsynet.dk",
                "CVR-nr.: 987 654 321",
                "Med venlig hilsen",
            ],
            &["imy.se", "datatilsynet.no"],
        ),
        (
            Language::En,
            "DE",
            &["data protection authority in the country where you live or work"],
            &["datatilsynet", "imy.se"],
        ),
    ];
    for (lang, country, said, unsaid) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut v = support::create(dir.path());
        business(&mut v, country);
        language(&mut v, *lang);
        v.create_person(support::person("Kari", "Nordmann", "kari@example.no"))
            .unwrap();
        let notice = v.privacy_notice(&by_email("kari@example.no")).unwrap();
        assert_eq!(notice.language, *lang);
        assert!(!notice.from_other_sources);
        for text in [&notice.text, &notice.html] {
            for s in *said {
                assert!(
                    text.contains(s),
                    "{lang:?}/{country}: missing {s:?} in\n{text}"
                );
            }
            for s in *unsaid {
                assert!(!text.contains(s), "{lang:?}/{country}: {s:?} in\n{text}");
            }
        }
        assert!(
            notice.subject.contains("Fjord Sykkel AS"),
            "{}",
            notice.subject
        );
    }
}

#[test]
fn the_persons_own_language_comes_before_the_vaults() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = support::create(dir.path());
    business(&mut v, "SE");
    language(&mut v, Language::Sv);
    v.create_person(support::person("Ola", "Nordmann", "ola@example.no"))
        .unwrap();
    let who = by_email("ola@example.no");
    assert_eq!(v.privacy_notice(&who).unwrap().language, Language::Sv);
    v.set_person_language(&who, Some(Language::Nb)).unwrap();
    let notice = v.privacy_notice(&who).unwrap();
    assert_eq!(notice.language, Language::Nb);
    assert!(
        notice.subject.starts_with("Slik behandler"),
        "{}",
        notice.subject
    );
}

#[test]
fn without_a_language_of_their_own_a_person_is_written_to_in_their_countrys_or_phones() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = support::create(dir.path());
    business(&mut v, "SE");
    language(&mut v, Language::Sv);
    let mut kari = support::person("Kari", "Nordmann", "kari@example.no");
    kari.fields.country = Some("Norge".into());
    v.create_person(kari).unwrap();
    let mut mette = support::person("Mette", "Jensen", "mette@example.dk");
    mette.fields.phone = Some("+45 32 12 34 56".into());
    v.create_person(mette).unwrap();
    let mut john = support::person("John", "Smith", "john@example.co.uk");
    john.fields.country = Some("GB".into());
    v.create_person(john).unwrap();

    let notice = |v: &Vault, email: &str| v.privacy_notice(&by_email(email)).unwrap().language;
    assert_eq!(notice(&v, "kari@example.no"), Language::Nb);
    assert_eq!(notice(&v, "mette@example.dk"), Language::Da);
    assert_eq!(notice(&v, "john@example.co.uk"), Language::En);
    // Set by hand, their own language wins over the country's.
    v.set_person_language(&by_email("kari@example.no"), Some(Language::Da))
        .unwrap();
    assert_eq!(notice(&v, "kari@example.no"), Language::Da);
}

#[test]
fn consent_purposes_give_retention_and_the_right_to_withdraw() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = support::create(dir.path());
    business(&mut v, "NO");
    let mut person = support::person("Kari", "Nordmann", "kari@example.no");
    person.provenance = Provenance {
        purpose: Some("E-marketing".into()),
        legal_basis: None,
        source: Some("web form".into()),
    };
    v.create_person(person).unwrap();
    let text = v.privacy_notice(&by_email("kari@example.no")).unwrap().text;
    assert!(text.contains("E-mail and text marketing"), "{text}");
    assert!(text.contains("your consent (GDPR Art. 6(1)(a))"), "{text}");
    assert!(
        text.contains("up to 2 years after our last contact"),
        "{text}"
    );
    assert!(text.contains("you can withdraw it at any time"), "{text}");
    // Without consent as a basis, no word of withdrawing it.
    v.create_person(support::person("Ola", "Nordmann", "ola@example.no"))
        .unwrap();
    let text = v.privacy_notice(&by_email("ola@example.no")).unwrap().text;
    assert!(!text.contains("withdraw"), "{text}");
}

#[test]
fn an_imported_person_is_told_where_the_data_came_from_and_a_hand_entered_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = support::create(&dir.path().join("v"));
    business(&mut v, "NO");
    let file = dir.path().join("messeliste-hemmelig.csv");
    std::fs::write(
        &file,
        "Fornavn;Etternavn;E-post\r\nKari;Nordmann;kari@example.no\r\n",
    )
    .unwrap();
    v.import(
        &ImportOptions::new(vec![ImportFile::at(&file)]),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    v.create_person(support::person("Ola", "Nordmann", "ola@example.no"))
        .unwrap();

    let imported = v.privacy_notice(&by_email("kari@example.no")).unwrap();
    assert!(imported.from_other_sources);
    assert!(
        imported.text.contains("Where we got your data"),
        "{}",
        imported.text
    );
    assert!(
        imported
            .text
            .contains("a contact list we added to our register on"),
        "{}",
        imported.text
    );
    // The file's name means nothing to the reader and may name others: it stays out.
    assert!(!imported.text.contains("messeliste"), "{}", imported.text);

    let typed = v.privacy_notice(&by_email("ola@example.no")).unwrap();
    assert!(!typed.from_other_sources);
    assert!(!typed.text.contains("Where we got your data"));
}

#[test]
fn html_escapes_a_hostile_name_and_the_text_keeps_it_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = support::create(dir.path());
    let patch: BusinessPatch = serde_json::from_value(json!({
        "name": "Tom & Jerry <AS>", "email": "post@tj.example", "country": "NO",
        "recipients": ["<img src=x onerror=alert(1)>"],
    }))
    .unwrap();
    v.update_business(patch).unwrap();
    v.create_person(support::person(
        "<script>alert(\"x\")</script>",
        "O'Brien",
        "ob@example.no",
    ))
    .unwrap();
    let notice = v.privacy_notice(&by_email("ob@example.no")).unwrap();
    assert!(!notice.html.contains("<script>"), "{}", notice.html);
    assert!(!notice.html.contains("<img"), "{}", notice.html);
    assert!(!notice.html.contains("<AS>"), "{}", notice.html);
    assert!(notice.html.contains("&lt;script&gt;"), "{}", notice.html);
    assert!(
        notice.html.contains("Tom &amp; Jerry &lt;AS&gt;"),
        "{}",
        notice.html
    );
    assert!(
        notice
            .text
            .contains("<script>alert(\"x\")</script> O'Brien")
    );
    assert!(notice.text.contains("Tom & Jerry <AS>"));
}

#[test]
fn a_notice_needs_the_business_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = support::create(dir.path());
    v.create_person(support::person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let err = v.privacy_notice(&by_email("kari@example.no")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("business"), "{err}");
}

#[test]
fn sending_and_saving_are_audited_by_kind_and_person_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = support::create(&dir.path().join("v"));
    business(&mut v, "NO");
    let id = v
        .create_person(support::person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let who = by_email("kari@example.no");

    // No mail server: the message is saved as an .eml file, from the business's address.
    let eml = dir.path().join("notice.eml");
    let (notice, delivery) = v.send_privacy_notice(&who, Some(&eml)).unwrap();
    assert_eq!(delivery, Delivery::Saved { path: eml.clone() });
    let bytes = std::fs::read(&eml).unwrap();
    let m = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(m.subject(), Some(notice.subject.as_str()));
    assert_eq!(
        m.from().unwrap().first().unwrap().address(),
        Some("personvern@fjordsykkel.example")
    );
    assert_eq!(
        m.to().unwrap().first().unwrap().address(),
        Some("kari@example.no")
    );
    assert!(m.body_html(0).unwrap().contains("Fjord Sykkel AS"));
    let sent = events(&v, "email.sent");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["subject_id"], id.to_string());
    assert_eq!(sent[0]["detail"]["email"], "privacy_notice");

    let html = dir.path().join("notice.html");
    let (_, written) = v.save_privacy_notice(&who, &html, None, false).unwrap();
    assert_eq!(written, html);
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let txt = dir.path().join("notice.txt");
    v.save_privacy_notice(&who, &txt, None, false).unwrap();
    assert!(
        std::fs::read_to_string(&txt)
            .unwrap()
            .starts_with("Dear Kari Nordmann,")
    );
    let exports = events(&v, "export");
    assert_eq!(exports.len(), 2);
    assert_eq!(exports[0]["subject_id"], id.to_string());
    for e in sent.iter().chain(&exports) {
        let detail = e["detail"].to_string();
        assert!(
            !detail.contains("Kari") && !detail.contains("kari@"),
            "{detail}"
        );
    }

    // Someone without an e-mail address cannot be sent one.
    v.create_person(support::person("Uten", "Epost", ""))
        .unwrap();
    let err = v
        .send_privacy_notice(&PersonRef::Id(last_person(&v)), Some(&eml))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation, "{err}");
}

fn last_person(v: &Vault) -> uuid::Uuid {
    v.list_people(100, 0)
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.first_name == "Uten")
        .unwrap()
        .id
}

#[test]
fn the_command_table_offers_business_mail_settings_and_notices() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(
        &dir.path().join("v"),
        Arc::new(SystemClock),
        Box::new(NoSecretKeys),
    )
    .with_kdf(support::FAST);
    let mut call = |command: &str, args: serde_json::Value| {
        s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
    };
    call(
        "vault.create",
        json!({ "owner": "Åse", "password": "correct horse battery" }),
    )
    .unwrap();
    call(
        "business.set",
        json!({ "name": "Fjord Sykkel AS", "email": "post@fjordsykkel.example", "country": "NO",
                "recipients": ["Fiken AS (regnskap)"] }),
    )
    .unwrap();
    assert_eq!(
        call("business.get", json!(null)).unwrap()["recipients"],
        json!(["Fiken AS (regnskap)"])
    );
    let shown = call(
        "mail.settings.set",
        json!({ "host": "smtp.example.com", "username": "u", "password": "hemmelig-42" }),
    )
    .unwrap();
    assert_eq!(shown["password_set"], true);
    assert_eq!(shown["port"], 587);
    assert!(!shown.to_string().contains("hemmelig-42"));
    assert!(
        !call("mail.settings.get", json!(null))
            .unwrap()
            .to_string()
            .contains("hemmelig-42")
    );
    let err = call("mail.settings.set", json!({ "pasword": "x" })).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);

    call(
        "person.create",
        json!({ "fields": { "first_name": "Kari", "email": "kari@example.no" } }),
    )
    .unwrap();
    let preview = call("notice.generate", json!({ "person": "kari@example.no" })).unwrap();
    assert!(
        preview["text"]
            .as_str()
            .unwrap()
            .contains("Fiken AS (regnskap)")
    );
    assert!(preview.get("outcome").is_none());
    let out = dir.path().join("kari.html");
    let saved = call(
        "notice.generate",
        json!({ "person": "kari@example.no", "save_to": out }),
    )
    .unwrap();
    assert_eq!(saved["outcome"]["delivery"], "written");
    assert!(out.exists());
    let eml = dir.path().join("kari.eml");
    let sent = call(
        "notice.generate",
        json!({ "person": "kari@example.no", "send": true, "save_to": eml }),
    )
    .unwrap();
    assert_eq!(sent["outcome"]["delivery"], "saved");
    assert!(eml.exists());

    call("vault.lock", json!(null)).unwrap();
    for command in ["mail.settings.get", "business.get", "mail.test"] {
        let err = call(command, json!({})).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Locked, "{command}");
    }
}

#[test]
fn a_mail_settings_patch_cannot_name_unknown_fields() {
    assert!(serde_json::from_value::<MailSettingsPatch>(json!({ "smtp_host": "x" })).is_err());
}
