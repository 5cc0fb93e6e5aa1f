//! Built-in purposes, sources and subscription types are known by key and shown in the
//! reader's language; the owner's own, and a built-in one the owner renamed, stay as written.

use std::path::Path;
use std::sync::Arc;

use lagom_core::consent::{PurposeSave, SourceSave};
use lagom_core::people::Provenance;
use lagom_core::types::{Language, LegalBasis, PersonRef};
use lagom_core::words::{self, BuiltIn};
use lagom_core::{Password, SecretKey, SystemClock, Vault};

use crate::support::{create, person};

#[test]
fn a_built_in_purpose_is_shown_in_each_language_and_an_owners_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let own = v
        .save_purpose(&PurposeSave {
            name: Some("Kaffeklubb".into()),
            default_legal_basis: Some(LegalBasis::Consent),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(own.key, None);
    let lists = v.lists(false).unwrap();
    let shown = |name: &str, language| {
        let p = lists.purposes.iter().find(|p| p.name == name).unwrap();
        words::shown(BuiltIn::Purpose, p.key.as_deref(), &p.name, language)
    };
    assert_eq!(shown("E-marketing", Language::Nb), "E-markedsføring");
    assert_eq!(shown("E-marketing", Language::Sv), "E-marknadsföring");
    assert_eq!(shown("E-marketing", Language::Da), "E-markedsføring");
    assert_eq!(shown("E-marketing", Language::En), "E-marketing");
    assert_eq!(shown("Sales and service", Language::Nb), "Salg og service");
    for language in Language::ALL {
        assert_eq!(shown("Kaffeklubb", language), "Kaffeklubb");
    }
    let newsletter = lists
        .subscription_types
        .iter()
        .find(|s| s.name == "Newsletter")
        .unwrap();
    assert_eq!(newsletter.key.as_deref(), Some("newsletter"));
    assert_eq!(newsletter.purpose_key.as_deref(), Some("e_marketing"));
    let web = lists.sources.iter().find(|s| s.name == "web form").unwrap();
    assert_eq!(web.key.as_deref(), Some("web_form"));
}

#[test]
fn a_built_in_one_the_owner_renames_becomes_the_owners_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let lists = v.lists(false).unwrap();
    let marketing = lists
        .purposes
        .iter()
        .find(|p| p.name == "E-marketing")
        .unwrap();
    let renamed = v
        .save_purpose(&PurposeSave {
            id: Some(marketing.id),
            name: Some("Nyhetsbrev på e-post".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(renamed.key, None);
    // Changing only the description keeps a built-in one built in.
    let bookkeeping = lists
        .purposes
        .iter()
        .find(|p| p.name == "Bookkeeping")
        .unwrap();
    let described = v
        .save_purpose(&PurposeSave {
            id: Some(bookkeeping.id),
            description: Some("Fakturaer.".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(described.key.as_deref(), Some("bookkeeping"));
    let phone = lists.sources.iter().find(|s| s.name == "phone").unwrap();
    let source = v
        .save_source(&SourceSave {
            id: Some(phone.id),
            name: Some("Phone".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(source.key, None, "a change of case is a rename too");
    let again = v.lists(false).unwrap();
    let p = again
        .purposes
        .iter()
        .find(|p| p.id == marketing.id)
        .unwrap();
    assert_eq!(
        (p.name.as_str(), p.key.as_deref()),
        ("Nyhetsbrev på e-post", None)
    );
}

#[test]
fn a_built_in_purpose_is_found_by_its_name_in_any_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let mut ola = person("Ola", "Nordmann", "ola@example.no");
    ola.provenance = Provenance {
        purpose: Some("Salg og service".into()),
        ..Default::default()
    };
    let id = v.create_person(ola).unwrap();
    let card = v.show_person(&PersonRef::Id(id)).unwrap();
    assert_eq!(card.processing[0].purpose, "Sales and service");
}

#[test]
fn the_subject_access_bundle_names_built_in_purposes_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let id = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let nb = v
        .subject_access(&PersonRef::Id(id), Some(Language::Nb))
        .unwrap();
    assert_eq!(nb.processing[0].purpose, "Salg og service");
    assert_eq!(nb.processing[0].source, "registrert for hånd");
    assert_eq!(nb.purposes[0].name, "Salg og service");
    let en = v
        .subject_access(&PersonRef::Id(id), Some(Language::En))
        .unwrap();
    assert_eq!(en.processing[0].purpose, "Sales and service");
}

fn fixture_v8(dir: &Path) -> lagom_core::Credentials {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vault-v8");
    for name in ["vault.header", "vault.db", "erasures.log", "audit.head"] {
        std::fs::copy(src.join(name), dir.join(name)).unwrap();
    }
    let text = include_str!("../data/vault-v8/CREDENTIALS.txt");
    let get = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap()
            .trim()
            .to_owned()
    };
    lagom_core::Credentials {
        password: Password::from(get("password:")),
        secret_key: SecretKey::parse(&get("secret key:")).unwrap(),
    }
}

#[test]
fn an_upgraded_vault_knows_its_built_ins_by_key_except_one_the_owner_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let credentials = fixture_v8(dir.path());
    let mut v = Vault::unlock(dir.path(), &credentials, Arc::new(SystemClock)).unwrap();
    assert_eq!(v.schema_version().unwrap(), lagom_core::SCHEMA_VERSION);
    let lists = v.lists(true).unwrap();
    let keys: Vec<_> = lists
        .purposes
        .iter()
        .filter_map(|p| p.key.clone())
        .collect();
    for key in [
        "sales_and_service",
        "customer_relationship",
        "e_marketing",
        "bookkeeping",
    ] {
        assert!(keys.iter().any(|k| k == key), "{key} in {keys:?}");
    }
    assert_eq!(lists.sources.iter().filter(|s| s.key.is_some()).count(), 6);
    assert_eq!(
        lists
            .subscription_types
            .iter()
            .filter(|s| s.key.is_some())
            .count(),
        3
    );

    // The same vault as schema 10 left it (without migrations 0011's keys and 0012's sort keys), with E-marketing renamed by its owner: the upgrade
    // leaves the renamed purpose as the owner wrote it.
    let key = v.database_key().unwrap().to_hex().to_string();
    drop(v);
    let conn = rusqlite::Connection::open(dir.path().join("vault.db")).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{key}'\";
         DROP INDEX purposes_key; DROP INDEX sources_key; DROP INDEX subscription_types_key;
         ALTER TABLE purposes DROP COLUMN key;
         ALTER TABLE sources DROP COLUMN key;
         ALTER TABLE subscription_types DROP COLUMN key;
         DROP TRIGGER sort_keys_on_new_person; DROP TRIGGER sort_keys_on_renamed_person;
         DROP TRIGGER sort_keys_on_new_organisation;
         DROP TRIGGER sort_keys_on_renamed_organisation;
         DROP INDEX people_by_sort_en; DROP INDEX people_by_sort_nb; DROP INDEX people_by_sort_sv;
         DROP INDEX organisations_by_sort_en; DROP INDEX organisations_by_sort_nb;
         DROP INDEX organisations_by_sort_sv;
         ALTER TABLE people DROP COLUMN sort_en; ALTER TABLE people DROP COLUMN sort_nb;
         ALTER TABLE people DROP COLUMN sort_sv;
         ALTER TABLE organisations DROP COLUMN sort_en;
         ALTER TABLE organisations DROP COLUMN sort_nb;
         ALTER TABLE organisations DROP COLUMN sort_sv;
         DROP TABLE name_order;
         UPDATE purposes SET name = 'Nyhetsbrev på e-post'
          WHERE id = '00000000-0000-7000-8000-000000000103';
         PRAGMA user_version = 10;"
    ))
    .unwrap();
    drop(conn);
    let v = Vault::unlock(dir.path(), &credentials, Arc::new(SystemClock)).unwrap();
    let lists = v.lists(true).unwrap();
    let renamed = lists
        .purposes
        .iter()
        .find(|p| p.name == "Nyhetsbrev på e-post")
        .unwrap();
    assert_eq!(renamed.key, None);
    let sales = lists
        .purposes
        .iter()
        .find(|p| p.name == "Sales and service")
        .unwrap();
    assert_eq!(sales.key.as_deref(), Some("sales_and_service"));
    assert!(v.verify_audit().unwrap().is_intact());
}

#[test]
fn the_audit_log_names_a_purpose_its_events_hold_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    let entries = v
        .audit_entries(
            &lagom_core::AuditFilter {
                limit: 50,
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let created = entries
        .iter()
        .find(|e| e.event.detail.get("purpose").is_some())
        .expect("an event naming a purpose");
    let purpose = created
        .named
        .iter()
        .find(|n| n.list == BuiltIn::Purpose)
        .unwrap();
    assert_eq!(purpose.key.as_deref(), Some("sales_and_service"));
    assert_eq!(
        created.detail_named(Language::Nb)["purpose"],
        "Salg og service"
    );
    assert_eq!(
        created.detail_named(Language::En)["purpose"],
        "Sales and service"
    );
    assert_eq!(created.detail_named(Language::En)["source"], "manual");
}
