//! Creating, reading, editing and deleting people, with their processing records.

use lagom_core::ErrorCode;
use lagom_core::people::{NewPerson, PersonFields, PersonPatch, Provenance};
use lagom_core::types::{LegalBasis, PersonRef};

use crate::support::{create, person};

#[test]
fn a_new_person_gets_a_processing_record_with_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let id = v
        .create_person(person("Kari", "Nordmann", " Kari@Example.NO "))
        .unwrap();
    let p = v.show_person(&PersonRef::Id(id)).unwrap();
    assert_eq!(p.fields.email.as_deref(), Some("kari@example.no"));
    assert_eq!(p.processing.len(), 1);
    let r = &p.processing[0];
    assert_eq!(
        (r.purpose.as_str(), r.legal_basis, r.source.as_str()),
        ("Sales and service", LegalBasis::Contract, "manual")
    );
    assert_eq!(r.recorded_by, "Åse Owner");
}

#[test]
fn a_named_purpose_brings_its_own_legal_basis_unless_one_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let mut p = person("Per", "Hansen", "per@example.no");
    p.provenance = Provenance {
        purpose: Some("E-marketing".into()),
        legal_basis: None,
        source: Some("web form".into()),
    };
    let a = v.create_person(p.clone()).unwrap();
    p.fields.email = Some("per2@example.no".into());
    p.provenance.legal_basis = Some(LegalBasis::LegitimateInterests);
    let b = v.create_person(p).unwrap();
    assert_eq!(
        v.show_person(&PersonRef::Id(a)).unwrap().processing[0].legal_basis,
        LegalBasis::Consent
    );
    assert_eq!(
        v.show_person(&PersonRef::Id(b)).unwrap().processing[0].legal_basis,
        LegalBasis::LegitimateInterests
    );
}

#[test]
fn unknown_purpose_is_not_found_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let good = person("A", "B", "");
    let mut bad = person("C", "D", "");
    bad.provenance.purpose = Some("Astrology".into());
    let err = v.create_people([good, bad]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(v.list_people(10, 0).unwrap().total, 0);
}

#[test]
fn invalid_fields_are_refused_with_the_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    for (p, field) in [
        (person("", "", ""), "name"),
        (person("Kari", "", "not-an-address"), "email"),
        (
            NewPerson {
                fields: PersonFields {
                    first_name: "K".into(),
                    phone: Some("call me".into()),
                    ..Default::default()
                },
                ..Default::default()
            },
            "phone",
        ),
    ] {
        let err = v.create_person(p).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
        assert!(err.to_string().starts_with(field), "{err}");
    }
}

#[test]
fn organisation_and_tags_are_found_or_created_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let mut a = person("Kari", "Nordmann", "");
    a.fields.organisation = Some("Fjord AS".into());
    a.fields.tags = vec!["vip".into(), "VIP".into(), "oslo".into()];
    let mut b = person("Ola", "Nordmann", "");
    b.fields.organisation = Some("fjord as".into());
    let a = v.create_person(a).unwrap();
    let b = v.create_person(b).unwrap();
    let a = v.show_person(&PersonRef::Id(a)).unwrap();
    let b = v.show_person(&PersonRef::Id(b)).unwrap();
    assert_eq!(
        a.organisation.as_ref().unwrap().id,
        b.organisation.as_ref().unwrap().id
    );
    assert_eq!(a.tags, ["oslo", "vip"]);
}

#[test]
fn edits_change_only_what_was_given_and_can_clear_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let mut p = person("Kari", "Nordmann", "kari@example.no");
    p.fields.phone = Some("+47 912 34 567".into());
    let id = v.create_person(p).unwrap();
    let after = v
        .update_person(
            &PersonRef::Email("kari@example.no".into()),
            &PersonPatch {
                last_name: Some("Berg".into()),
                phone: Some(String::new()),
                add_tags: vec!["new".into()],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(after.id, id);
    assert_eq!(after.fields.last_name, "Berg");
    assert_eq!(after.fields.first_name, "Kari");
    assert_eq!(after.fields.phone, None);
    assert_eq!(after.tags, ["new"]);
    assert_eq!(v.search_people("berg", 10).unwrap().people.len(), 1);
    assert_eq!(v.search_people("nordmann", 10).unwrap().people.len(), 0);
}

#[test]
fn deleting_moves_the_person_to_the_bin_out_of_lists_and_searches() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let id = v
        .create_person(person("Kari", "Nordmann", "kari@example.no"))
        .unwrap();
    v.delete_person(&PersonRef::Id(id)).unwrap();
    assert!(v.search_people("kari", 10).unwrap().people.is_empty());
    assert_eq!(v.list_people(10, 0).unwrap().total, 0);
    assert!(
        v.show_person(&PersonRef::Id(id))
            .unwrap()
            .life
            .binned_at
            .is_some()
    );
    assert_eq!(
        v.delete_person(&PersonRef::Id(id)).unwrap_err().code(),
        ErrorCode::Conflict
    );
    let nobody = uuid::Uuid::now_v7();
    assert_eq!(
        v.delete_person(&PersonRef::Id(nobody)).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn the_list_is_ordered_by_last_then_first_name_and_paged() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.create_people([
        person("Ola", "Berg", ""),
        person("Anne", "Aas", ""),
        person("Kari", "Berg", ""),
    ])
    .unwrap();
    let page = v.list_people(2, 1).unwrap();
    assert_eq!(page.total, 3);
    let names: Vec<_> = page
        .people
        .iter()
        .map(|p| format!("{} {}", p.first_name, p.last_name))
        .collect();
    assert_eq!(names, ["Kari Berg", "Ola Berg"]);
}

#[test]
fn a_customer_number_is_kept_as_written_found_by_search_and_handed_over_on_access() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let mut kari = person("Kari", "Nordmann", "kari@example.no");
    kari.fields.customer_number = Some("  10 023 ".into());
    let id = v.create_person(kari).unwrap();
    v.create_person(person("Ola", "Hansen", "ola@example.no"))
        .unwrap();
    let card = v.show_person(&PersonRef::Id(id)).unwrap();
    assert_eq!(card.fields.customer_number.as_deref(), Some("10 023"));
    for query in ["10 023", "10023", "10"] {
        let found = v.search_people(query, 10).unwrap();
        assert_eq!(found.people.len(), 1, "{query}");
        assert_eq!(found.people[0].id, id);
    }

    let changed = v
        .update_person(
            &PersonRef::Id(id),
            &PersonPatch {
                customer_number: Some("K-77".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(changed.fields.customer_number.as_deref(), Some("K-77"));
    assert!(v.search_people("10023", 10).unwrap().people.is_empty());
    assert_eq!(v.search_people("k-77", 10).unwrap().people[0].id, id);
    let bundle = v.subject_access(&PersonRef::Id(id), None).unwrap();
    assert_eq!(bundle.person.customer_number.as_deref(), Some("K-77"));

    let too_long = v
        .update_person(
            &PersonRef::Id(id),
            &PersonPatch {
                customer_number: Some("9".repeat(41)),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(too_long.code(), ErrorCode::Validation);
    let cleared = v
        .update_person(
            &PersonRef::Id(id),
            &PersonPatch {
                customer_number: Some(String::new()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(cleared.fields.customer_number, None);
    assert!(v.search_people("k-77", 10).unwrap().people.is_empty());
}
