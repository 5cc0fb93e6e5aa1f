//! A person's several e-mail addresses and phone numbers: the upgrade from one of each, the
//! card's changes, search and duplicates by any of them, imports and merges that keep them
//! all, undo, erasure, the bundle, marketing to the address a consent names, and every
//! phone number read in its own country.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use lagom_core::consent::{ConsentMethod, GiveConsent};
use lagom_core::duplicates::MergeRequest;
use lagom_core::import::{ImportFile, ImportOptions, ImportReport};
use lagom_core::people::contacts::{Channel, ContactKind, ContactPoint, NewContact};
use lagom_core::types::PersonRef;
use lagom_core::{AuditFilter, ErrorCode, Password, SecretKey, SystemClock, Vault};
use uuid::Uuid;

use crate::support::{create, person};

fn raw(v: &mut Vault) -> rusqlite::Connection {
    let key = v.database_key().unwrap().to_hex().to_string();
    let conn = rusqlite::Connection::open(v.dir().join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    conn
}

fn values(contacts: &[ContactPoint], channel: Channel) -> Vec<(String, ContactKind, bool)> {
    contacts
        .iter()
        .filter(|c| c.channel == channel)
        .map(|c| (c.value.clone(), c.kind, c.primary))
        .collect()
}

fn email(value: &str, kind: ContactKind, primary: bool) -> NewContact {
    NewContact {
        channel: Channel::Email,
        value: value.into(),
        kind,
        primary,
    }
}

fn import(v: &mut Vault, files: &[&Path]) -> ImportReport {
    let options = ImportOptions::new(files.iter().copied().map(ImportFile::at).collect());
    v.import(&options, &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../lagom-import/tests/data")
        .join(name)
}

#[test]
fn a_vault_made_by_schema_8_keeps_every_address_and_number_as_the_primary() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vault-v8");
    let dir = tempfile::tempdir().unwrap();
    for name in ["vault.header", "vault.db", "erasures.log", "audit.head"] {
        std::fs::copy(src.join(name), dir.path().join(name)).unwrap();
    }
    let text = include_str!("../data/vault-v8/CREDENTIALS.txt");
    let get = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap()
            .trim()
            .to_owned()
    };
    let credentials = lagom_core::Credentials {
        password: Password::from(get("password:")),
        secret_key: SecretKey::parse(&get("secret key:")).unwrap(),
    };
    let mut v = Vault::unlock(dir.path(), &credentials, Arc::new(SystemClock)).unwrap();
    assert_eq!(v.schema_version().unwrap(), lagom_core::SCHEMA_VERSION);
    assert!(v.verify_audit().unwrap().is_intact());

    // Every person of the fixture, with the one e-mail and phone each had; a number typed by
    // hand now in E.164 where its country is told (its own code, the person's country).
    let expected: [(&str, Option<&str>, Option<&str>); 7] = [
        ("Berg", None, Some("+46701234567")),
        ("Dahl", Some("orjan@dahl.no"), None),
        ("Holm", Some("mette.holm@example.dk"), Some("+4520123456")),
        ("Lie", Some("kari@lie.no"), Some("+4741200003")),
        ("Nyhus", Some("nils@nyhus.no"), Some("91234567")),
        ("Vik", Some("ase@vik.no"), Some("+4741200001")),
        ("Ås", None, Some("+4741200004")),
    ];
    let page = v.list_people(50, 0).unwrap();
    assert_eq!(
        page.total, 7,
        "the person erased before the upgrade stays erased"
    );
    for (last, mail, phone) in expected {
        let summary = page.people.iter().find(|p| p.last_name == last).unwrap();
        let card = v.show_person(&PersonRef::Id(summary.id)).unwrap();
        assert_eq!(card.fields.email.as_deref(), mail, "{last}");
        assert_eq!(card.fields.phone.as_deref(), phone, "{last}");
        let as_points = |value: Option<&str>| -> Vec<(String, ContactKind, bool)> {
            value
                .map(|v| (v.to_owned(), ContactKind::Other, true))
                .into_iter()
                .collect()
        };
        assert_eq!(
            values(&card.contacts, Channel::Email),
            as_points(mail),
            "{last}"
        );
        assert_eq!(
            values(&card.contacts, Channel::Phone),
            as_points(phone),
            "{last}"
        );
    }
    // Still found as before, by address and by phone digits, and still one person each.
    assert_eq!(v.search_people("orjan@dahl", 5).unwrap().people.len(), 1);
    assert_eq!(v.search_people("41200001", 5).unwrap().people.len(), 1);
    // A second address on an upgraded person works like on a new one.
    let vik = PersonRef::Email("ase@vik.no".into());
    let card = v
        .add_contact(&vik, email("ase@privat.no", ContactKind::Private, false))
        .unwrap();
    assert_eq!(card.contacts.len(), 3);
}

#[test]
fn the_card_adds_removes_and_chooses_the_primary_and_the_row_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let id = v
        .create_person(person("Kari", "Nordmann", "kari@firma.no"))
        .unwrap();
    let kari = PersonRef::Id(id);

    let card = v
        .add_contact(&kari, email("Kari@Hjemme.NO", ContactKind::Private, false))
        .unwrap();
    assert_eq!(
        values(&card.contacts, Channel::Email),
        [
            ("kari@firma.no".to_owned(), ContactKind::Other, true),
            ("kari@hjemme.no".to_owned(), ContactKind::Private, false)
        ]
    );
    // Found by either address; the list shows the primary.
    for q in ["hjemme", "firma"] {
        let found = v.search_people(q, 5).unwrap().people;
        assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), [id], "{q}");
    }
    // By the second address as a reference too.
    assert_eq!(
        v.show_person(&PersonRef::Email("kari@hjemme.no".into()))
            .unwrap()
            .id,
        id
    );

    // A phone without a country code is kept as written; one with a code is shown grouped.
    let card = v
        .add_contact(
            &kari,
            NewContact {
                channel: Channel::Phone,
                value: "+46 70 123 45 67".into(),
                kind: ContactKind::Mobile,
                primary: false,
            },
        )
        .unwrap();
    let phone = card
        .contacts
        .iter()
        .find(|c| c.channel == Channel::Phone)
        .unwrap();
    assert!(phone.primary, "the first number is the primary");
    assert_eq!(phone.display, "+46 70 123 45 67");
    let listed = v.list_people(5, 0).unwrap().people;
    assert_eq!(listed[0].phone_display.as_deref(), Some("+46 70 123 45 67"));

    // Making the private address primary changes what the row (lists, marketing) holds.
    let private = card
        .contacts
        .iter()
        .find(|c| c.value == "kari@hjemme.no")
        .unwrap()
        .id;
    let card = v.make_contact_primary(private).unwrap();
    assert_eq!(card.fields.email.as_deref(), Some("kari@hjemme.no"));
    assert_eq!(
        v.list_people(5, 0).unwrap().people[0].email.as_deref(),
        Some("kari@hjemme.no")
    );
    let card = v.set_contact_kind(private, ContactKind::Work).unwrap();
    assert_eq!(
        values(&card.contacts, Channel::Email)[0].1,
        ContactKind::Work
    );

    // Removing the primary hands it to the next; the old address no longer finds her.
    let card = v.remove_contact(private).unwrap();
    assert_eq!(card.fields.email.as_deref(), Some("kari@firma.no"));
    assert!(values(&card.contacts, Channel::Email)[0].2);
    assert!(v.search_people("hjemme", 5).unwrap().people.is_empty());

    // A bad address is refused by field; an unknown contact is not found.
    let err = v
        .add_contact(&kari, email("not an address", ContactKind::Other, false))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(
        v.remove_contact(Uuid::now_v7()).unwrap_err().code(),
        ErrorCode::NotFound
    );

    // Each change is one person.updated event naming "contacts", never a value.
    let events = v
        .audit_events(&AuditFilter {
            kind: Some("person.updated".into()),
            limit: 100,
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(events.len(), 5, "{events:#?}");
    for e in &events {
        assert_eq!(e.detail["fields"], serde_json::json!(["contacts"]));
        let text = e.detail.to_string();
        assert!(!text.contains("hjemme") && !text.contains("+46"), "{text}");
    }
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn a_person_known_only_by_an_address_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let id = v.create_person(person("", "", "anon@example.no")).unwrap();
    let only = v.show_person(&PersonRef::Id(id)).unwrap().contacts[0].id;
    let err = v.remove_contact(only).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(v.show_person(&PersonRef::Id(id)).unwrap().contacts.len(), 1);
}

#[test]
fn a_person_from_two_files_keeps_both_addresses_and_undo_takes_one_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let work = write(
        dir.path(),
        "crm.csv",
        "Fornavn;Etternavn;E-post;Mobil\nÅse;Vik;ase@vikror.no;+47 412 00 001\n",
    );
    let private = write(
        dir.path(),
        "nyhetsbrev.csv",
        "Fornavn;Etternavn;E-post;Mobil\nÅse;Vik;aase.vik@gmail.com;412 00 001\n",
    );
    import(&mut v, &[&work]);
    let second = import(&mut v, &[&private]);
    assert_eq!(
        (second.counts.created, second.counts.updated),
        (0, 1),
        "{second:#?}"
    );
    let people = v.list_people(10, 0).unwrap();
    assert_eq!(people.total, 1);
    let card = v.show_person(&PersonRef::Id(people.people[0].id)).unwrap();
    let mails: Vec<String> = values(&card.contacts, Channel::Email)
        .into_iter()
        .map(|(v, _, _)| v)
        .collect();
    assert_eq!(mails, ["ase@vikror.no", "aase.vik@gmail.com"]);
    assert_eq!(card.fields.email.as_deref(), Some("ase@vikror.no"));
    assert_eq!(v.search_people("gmail", 5).unwrap().people.len(), 1);

    // Undoing the second import takes the address it added, and only that.
    v.undo_import(&second.batch.unwrap().to_string()).unwrap();
    let card = v.show_person(&PersonRef::Id(people.people[0].id)).unwrap();
    assert_eq!(
        values(&card.contacts, Channel::Email),
        [("ase@vikror.no".to_owned(), ContactKind::Other, true)]
    );
    assert!(v.search_people("gmail", 5).unwrap().people.is_empty());
}

#[test]
fn a_register_merge_keeps_every_address_and_its_undo_puts_each_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let a = v
        .create_person(person("Per", "Hansen", "per@jobb.no"))
        .unwrap();
    let b = v
        .create_person(person("Per", "Hansen", "per.hansen@gmail.com"))
        .unwrap();
    v.add_contact(
        &PersonRef::Id(b),
        email("per@jobb.no", ContactKind::Work, false),
    )
    .unwrap();
    let merged = v
        .merge_people(&MergeRequest {
            a,
            b,
            keep: None,
            fields: vec![],
        })
        .unwrap();
    let card = v.show_person(&PersonRef::Id(a)).unwrap();
    let mails = values(&card.contacts, Channel::Email);
    assert_eq!(
        mails.len(),
        2,
        "the address both had is kept once: {mails:?}"
    );
    // It learns the kind the other record knew.
    assert_eq!(
        mails[0],
        ("per@jobb.no".to_owned(), ContactKind::Work, true)
    );
    assert_eq!(mails[1].0, "per.hansen@gmail.com");
    assert_eq!(v.search_people("gmail", 5).unwrap().people.len(), 1);

    v.undo_merge(merged.merge).unwrap();
    let kept = v.show_person(&PersonRef::Id(a)).unwrap();
    let back = v.show_person(&PersonRef::Id(b)).unwrap();
    assert_eq!(
        values(&kept.contacts, Channel::Email),
        [("per@jobb.no".to_owned(), ContactKind::Other, true)]
    );
    assert_eq!(
        values(&back.contacts, Channel::Email),
        [
            ("per.hansen@gmail.com".to_owned(), ContactKind::Other, true),
            ("per@jobb.no".to_owned(), ContactKind::Work, false)
        ]
    );
    assert_eq!(back.fields.email.as_deref(), Some("per.hansen@gmail.com"));
}

#[test]
fn the_bundle_lists_every_address_and_erasure_leaves_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let id = v
        .create_person(person("Ingrid", "Glemt", "ingrid@firma.no"))
        .unwrap();
    let who = PersonRef::Id(id);
    v.add_contact(&who, email("ingrid@privat.no", ContactKind::Private, false))
        .unwrap();
    v.add_contact(
        &who,
        NewContact {
            channel: Channel::Phone,
            value: "+4790000001".into(),
            kind: ContactKind::Mobile,
            primary: false,
        },
    )
    .unwrap();
    let bundle = v.subject_access(&who, None).unwrap();
    let json = serde_json::to_value(&bundle).unwrap();
    let listed: Vec<&str> = json["person"]["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        ["ingrid@firma.no", "ingrid@privat.no", "+4790000001"]
    );

    v.erase_person(&who, None, &mut lagom_core::OsEntropy)
        .unwrap();
    let conn = raw(&mut v);
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM contact_points WHERE person_id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    for q in ["privat", "90000001"] {
        assert!(v.search_people(q, 5).unwrap().people.is_empty(), "{q}");
    }
}

#[test]
fn marketing_writes_to_the_address_the_consent_names_else_to_the_primary() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let id = v
        .create_person(person("Kari", "Nordmann", "kari@firma.no"))
        .unwrap();
    let who = PersonRef::Id(id);
    v.add_contact(&who, email("kari@hjemme.no", ContactKind::Private, false))
        .unwrap();
    let give = |email: Option<&str>| GiveConsent {
        email: email.map(str::to_owned),
        purpose: "E-marketing".into(),
        method: ConsentMethod::WebForm,
        occurred_at: None,
        text_version: None,
        notice_version: None,
        language: None,
        evidence: "form".into(),
    };
    // An address that is not hers is refused.
    let err = v
        .give_consent(&who, &give(Some("someone@else.no")))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);

    let out = dir.path().join("list.csv");
    let given = v.give_consent(&who, &give(Some("Kari@Hjemme.no"))).unwrap();
    assert_eq!(given.email.as_deref(), Some("kari@hjemme.no"));
    v.marketing_list("E-marketing", None, Some(&out), true)
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("kari@hjemme.no") && !text.contains("kari@firma.no"),
        "{text}"
    );

    // A later consent naming no address writes to the primary.
    v.give_consent(&who, &give(None)).unwrap();
    v.marketing_list("E-marketing", None, Some(&out), true)
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("kari@firma.no") && !text.contains("kari@hjemme.no"),
        "{text}"
    );
}

#[test]
fn norwegian_swedish_and_danish_files_together_keep_every_number_in_its_country() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let norwegian = write(
        dir.path(),
        "kunder.csv",
        "Fornavn;Etternavn;E-post;Mobil;Poststed\n\
         Ola;Nordmann;ola@nordmann.no;912 34 567;Oslo\n\
         Kari;Hansen;kari@hansen.no;41 23 45 67;Bergen\n",
    );
    let report = import(
        &mut v,
        &[
            &norwegian,
            &import_data("svenska_kunder.csv"),
            &import_data("danske_kunder.xlsx"),
        ],
    );
    assert_eq!(report.counts.bad_values, 0, "{:#?}", report.issues);
    let country = |name: &str| {
        report
            .files
            .iter()
            .find(|f| f.name == name)
            .unwrap()
            .phone_country
            .country
            .clone()
    };
    assert_eq!(country("kunder.csv"), "NO");
    assert_eq!(country("svenska_kunder.csv"), "SE");
    assert_eq!(country("danske_kunder.xlsx"), "DK");

    let conn = raw(&mut v);
    let phones: Vec<String> = conn
        .prepare("SELECT value FROM contact_points WHERE channel = 'phone' ORDER BY value")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for expected in ["+4791234567", "+4741234567", "+46855512345", "+4531456789"] {
        assert!(
            phones.iter().any(|p| p == expected),
            "{expected} in {phones:?}"
        );
    }
    assert!(
        !phones.iter().any(|p| p == "+4731456789"),
        "a Danish number read as Norwegian: {phones:?}"
    );
    let national: Vec<&String> = phones.iter().filter(|p| !p.starts_with('+')).collect();
    assert!(
        national.is_empty(),
        "every number got its country: {national:?}"
    );
}

#[test]
fn an_erased_persons_address_is_not_added_to_someone_else_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let gone = v
        .create_person(person("Ingrid", "Glemt", "ingrid@glemt.no"))
        .unwrap();
    v.erase_person(&PersonRef::Id(gone), None, &mut lagom_core::OsEntropy)
        .unwrap();
    let id = v
        .create_person(person("Kari", "Nordmann", "kari@firma.no"))
        .unwrap();
    let kari = PersonRef::Id(id);
    let err = v
        .add_contact(&kari, email("Ingrid@Glemt.no", ContactKind::Other, false))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Erased);
    assert_eq!(v.show_person(&kari).unwrap().contacts.len(), 1);
    let card = v
        .add_contact_registering_erased(
            &kari,
            email("ingrid@glemt.no", ContactKind::Private, false),
            Some("her new surname; she asked to be registered again"),
        )
        .unwrap();
    assert_eq!(card.contacts.len(), 2);
    let lifted = v
        .audit_events(&AuditFilter {
            kind: Some("suppression.lifted".into()),
            limit: 10,
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(lifted.len(), 1);
    assert_eq!(
        lifted[0].subject_id.as_deref(),
        Some(id.to_string().as_str())
    );
}

/// A person with a phone number typed by hand, and their country if given.
fn with_phone(phone: &str, country: Option<&str>) -> lagom_core::people::NewPerson {
    let mut p = person("Kari", "Nordmann", "");
    p.fields.phone = Some(phone.into());
    p.fields.country = country.map(Into::into);
    p
}

#[test]
fn a_number_typed_by_hand_is_stored_in_e164_and_shown_as_its_country_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    // In the person's own country.
    let id = v
        .create_person(with_phone("912 34 567", Some("NO")))
        .unwrap();
    let card = v.show_person(&PersonRef::Id(id)).unwrap();
    assert_eq!(card.fields.phone.as_deref(), Some("+4791234567"));
    assert_eq!(card.contacts[0].display, "+47 912 34 567");
    let listed = v.list_people(5, 0).unwrap().people;
    assert_eq!(listed[0].phone_display.as_deref(), Some("+47 912 34 567"));
    // With its country code, whatever the person's country.
    let id = v
        .create_person(with_phone("0046 70 123 45 67", Some("NO")))
        .unwrap();
    let card = v.show_person(&PersonRef::Id(id)).unwrap();
    assert_eq!(card.fields.phone.as_deref(), Some("+46701234567"));
    // No country anywhere: kept as written, shown as written.
    let id = v.create_person(with_phone("412 00 001", None)).unwrap();
    let card = v.show_person(&PersonRef::Id(id)).unwrap();
    assert_eq!(card.fields.phone.as_deref(), Some("412 00 001"));
    // The business's country when the person has none: in a change, and on the card.
    v.update_business(lagom_core::notice::BusinessPatch {
        country: Some(Some("SE".into())),
        ..Default::default()
    })
    .unwrap();
    let card = v
        .update_person(
            &PersonRef::Id(id),
            &lagom_core::people::PersonPatch {
                phone: Some("070-123 45 67".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(card.fields.phone.as_deref(), Some("+46701234567"));
    let card = v
        .add_contact(
            &PersonRef::Id(id),
            NewContact {
                channel: Channel::Phone,
                value: "08-555 123 45".into(),
                kind: ContactKind::Work,
                primary: false,
            },
        )
        .unwrap();
    let work = card
        .contacts
        .iter()
        .find(|c| c.kind == ContactKind::Work)
        .unwrap();
    assert_eq!(
        (work.value.as_str(), work.display.as_str()),
        ("+46855512345", "+46 8 555 123 45")
    );
}

#[test]
fn an_invalid_number_is_refused_naming_the_phone_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(&dir.path().join("v"));
    let e = v
        .create_person(with_phone("123 45", Some("NO")))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(
        matches!(&e, lagom_core::Error::Validation { field, .. } if *field == "phone"),
        "{e:?}"
    );
    let id = v
        .create_person(with_phone("912 34 567", Some("NO")))
        .unwrap();
    let e = v
        .add_contact(
            &PersonRef::Id(id),
            NewContact {
                channel: Channel::Phone,
                value: "+47 123".into(),
                kind: ContactKind::Other,
                primary: false,
            },
        )
        .unwrap_err();
    assert!(
        matches!(&e, lagom_core::Error::Validation { field, .. } if *field == "phone"),
        "{e:?}"
    );
}
