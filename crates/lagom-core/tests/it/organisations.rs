//! Organisations: listed with their people counted, found by search, created with a name no
//! other has, changed, and deleted with their people kept; every change audited.

use lagom_core::organisations::{OrganisationFields, OrganisationPatch};
use lagom_core::people::{PeopleQuery, PersonFields};
use lagom_core::types::PersonRef;
use lagom_core::{AuditFilter, ErrorCode, Vault};

use crate::support::{create, person};

fn with_people(v: &mut Vault) {
    let mut people = Vec::new();
    for (first, org) in [
        ("Kari", "Fjord Rør AS"),
        ("Ola", "Fjord Rør AS"),
        ("Per", "Nordlys AS"),
    ] {
        let mut p = person(first, "Hansen", "");
        p.fields.organisation = Some(org.into());
        people.push(p);
    }
    v.create_people(people).unwrap();
}

fn events(v: &Vault, kind: &str) -> Vec<lagom_core::audit::AuditEvent> {
    v.audit_events(&AuditFilter {
        kind: Some(kind.into()),
        subject_id: None,
        limit: 100,
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn the_list_counts_people_and_finds_by_any_word_without_accents() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    with_people(&mut v);
    v.create_organisation(&OrganisationFields {
        name: "Ålesund Bakeri".into(),
        city: Some("Ålesund".into()),
        ..Default::default()
    })
    .unwrap();
    let all = v
        .list_organisations_in("", Some(lagom_core::types::Language::Nb), 50, 0)
        .unwrap();
    let rows: Vec<_> = all
        .organisations
        .iter()
        .map(|o| (o.name.as_str(), o.people))
        .collect();
    // Å sorts after Z, as in the Nordic alphabets; English puts it with A.
    let english = v.list_organisations("", 50, 0).unwrap();
    assert_eq!(english.organisations[0].name, "Ålesund Bakeri");
    assert_eq!(
        rows,
        [
            ("Fjord Rør AS", 2),
            ("Nordlys AS", 1),
            ("Ålesund Bakeri", 0)
        ]
    );
    assert_eq!(all.total, 3);
    for (search, expected) in [
        ("ror", vec!["Fjord Rør AS"]),
        ("aalesund", vec!["Ålesund Bakeri"]),
        ("ales bak", vec!["Ålesund Bakeri"]),
        ("as", vec!["Fjord Rør AS", "Nordlys AS"]),
        ("nothing", vec![]),
    ] {
        let found = v.list_organisations(search, 50, 0).unwrap();
        let names: Vec<_> = found
            .organisations
            .iter()
            .map(|o| o.name.as_str())
            .collect();
        assert_eq!(names, expected, "{search}");
        assert_eq!(found.total, expected.len() as u64);
    }
    let page = v.list_organisations("", 1, 1).unwrap();
    assert_eq!(
        (page.organisations[0].name.as_str(), page.total),
        ("Fjord Rør AS", 3)
    );
}

#[test]
fn an_organisation_is_created_with_its_fields_tags_and_category_and_shown_with_its_people() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let id = v
        .create_organisation(&OrganisationFields {
            name: "  Fjord Rør AS ".into(),
            org_number: Some("923 456 789".into()),
            email: Some("Post@FjordRor.no".into()),
            website: Some("https://fjordror.no".into()),
            country: Some("no".into()),
            category: Some("Plumbing".into()),
            tags: vec!["supplier".into(), "Supplier".into(), "north".into()],
            ..Default::default()
        })
        .unwrap();
    // A person added with the organisation's name (any case) joins this one.
    let mut p = person("Kari", "Nordmann", "");
    p.fields.organisation = Some("fjord rør as".into());
    v.create_person(p).unwrap();
    let o = v.show_organisation(id).unwrap();
    assert_eq!(o.fields.name, "Fjord Rør AS");
    assert_eq!(o.fields.email.as_deref(), Some("post@fjordror.no"));
    assert_eq!(o.fields.country.as_deref(), Some("NO"));
    assert_eq!(o.category.as_deref(), Some("Plumbing"));
    assert_eq!(o.tags, ["north", "supplier"]);
    assert_eq!(o.people_count, 1);
    assert_eq!(o.people[0].first_name, "Kari");
    let created = events(&v, "organisation.created");
    assert_eq!(created.len(), 1);
    assert_eq!(
        created[0].subject_id.as_deref(),
        Some(id.to_string().as_str())
    );
}

#[test]
fn invalid_organisations_are_refused_with_the_field_named_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.create_organisation(&OrganisationFields {
        name: "Nordlys AS".into(),
        ..Default::default()
    })
    .unwrap();
    for (fields, field) in [
        (OrganisationFields::default(), "name"),
        (
            OrganisationFields {
                name: "NORDLYS as".into(),
                ..Default::default()
            },
            "name",
        ),
        (
            OrganisationFields {
                name: "X".into(),
                email: Some("not an address".into()),
                ..Default::default()
            },
            "email",
        ),
        (
            OrganisationFields {
                name: "X".into(),
                phone: Some("call us".into()),
                ..Default::default()
            },
            "phone",
        ),
        (
            OrganisationFields {
                name: "X".into(),
                website: Some("no site".into()),
                ..Default::default()
            },
            "website",
        ),
        (
            OrganisationFields {
                name: "X\u{7}".into(),
                ..Default::default()
            },
            "name",
        ),
    ] {
        let err = v.create_organisation(&fields).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{fields:?}");
        assert!(err.to_string().starts_with(field), "{err}");
    }
    assert_eq!(v.list_organisations("", 50, 0).unwrap().total, 1);
    assert_eq!(events(&v, "organisation.created").len(), 1);
}

#[test]
fn a_renamed_organisation_is_found_by_its_new_name_through_its_people() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    with_people(&mut v);
    let fjord = v.list_organisations("fjord", 1, 0).unwrap().organisations[0].id;
    let view = v
        .update_organisation(
            fjord,
            &OrganisationPatch {
                name: Some("Havbris AS".into()),
                city: Some("Bergen".into()),
                tags: Some(vec!["key account".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        (view.fields.name.as_str(), view.fields.city.as_deref()),
        ("Havbris AS", Some("Bergen"))
    );
    assert_eq!(view.tags, ["key account"]);
    assert_eq!(v.search_people("havbris", 10).unwrap().total, 2);
    assert_eq!(v.search_people("fjord", 10).unwrap().total, 0);
    let updated = events(&v, "organisation.updated");
    assert_eq!(
        updated[0].detail["fields"],
        serde_json::json!(["name", "city", "tags"])
    );
    // Taking another's name is refused; an unchanged patch records nothing.
    let err = v
        .update_organisation(
            fjord,
            &OrganisationPatch {
                name: Some("nordlys as".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    v.update_organisation(
        fjord,
        &OrganisationPatch {
            name: Some("Havbris AS".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(events(&v, "organisation.updated").len(), 1);
}

#[test]
fn deleting_an_organisation_keeps_its_people_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    with_people(&mut v);
    let fjord = v.list_organisations("fjord", 1, 0).unwrap().organisations[0].id;
    assert_eq!(v.delete_organisation(fjord).unwrap(), 2);
    assert_eq!(v.list_people(10, 0).unwrap().total, 3);
    let kari = v.search_people("kari", 10).unwrap().people[0].clone();
    assert_eq!(kari.organisation, None);
    assert_eq!(
        v.show_person(&PersonRef::Id(kari.id)).unwrap().organisation,
        None
    );
    assert_eq!(v.search_people("fjord", 10).unwrap().total, 0);
    let deleted = events(&v, "organisation.deleted");
    assert_eq!(deleted[0].detail["people_detached"], 2);
    assert_eq!(
        v.show_organisation(fjord).unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        v.delete_organisation(fjord).unwrap_err().code(),
        ErrorCode::NotFound
    );
    // Their list still filters by the organisation they have left: nobody.
    let page = v
        .query_people(&PeopleQuery {
            organisation: Some(fjord),
            ..PeopleQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 0);
    // A person can join a new organisation of the same name.
    let mut p = person("Ny", "Ansatt", "");
    p.fields = PersonFields {
        organisation: Some("Fjord Rør AS".into()),
        ..p.fields
    };
    v.create_person(p).unwrap();
    assert_eq!(
        v.list_organisations("fjord", 1, 0).unwrap().organisations[0].people,
        1
    );
}

mod commands {
    //! The same through the command table, as the UI calls it.

    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    use lagom_core::api::{COMMANDS, NoSecretKeys, Session};
    use lagom_core::{ErrorCode, SystemClock};
    use serde_json::{Value, json};

    use crate::support::FAST;

    fn call(s: &mut Session, command: &str, args: Value) -> lagom_core::Result<Value> {
        s.call(command, args, &mut |_| {}, &AtomicBool::new(false))
    }

    #[test]
    fn people_are_filtered_sorted_and_organisations_managed_by_command() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::new(
            &dir.path().join("v"),
            Arc::new(SystemClock),
            Box::new(NoSecretKeys),
        )
        .with_kdf(FAST);
        for command in [
            "people.filters",
            "organisations.list",
            "organisation.show",
            "organisation.create",
            "organisation.update",
            "organisation.delete",
        ] {
            assert!(COMMANDS.contains(&command), "{command}");
        }
        call(
            &mut s,
            "vault.create",
            json!({ "owner": "Kari", "password": "correct horse battery" }),
        )
        .unwrap();
        for (first, status, tag, org) in [
            ("Anne", "customer", "VIP", "Fjord Rør AS"),
            ("Bo", "prospect", "messe", "Fjord Rør AS"),
            ("Cato", "customer", "messe", ""),
        ] {
            call(
                &mut s,
                "person.create",
                json!({
                    "fields": { "first_name": first, "last_name": "Lie", "status": status,
                                "tags": [tag], "organisation": org },
                    "category": "Retail",
                }),
            )
            .unwrap();
        }
        // The old arguments still work.
        let page = call(&mut s, "people.list", json!({ "limit": 2, "offset": 1 })).unwrap();
        assert_eq!(page["total"], 3);
        assert_eq!(page["people"][0]["first_name"], "Bo");
        let page = call(
            &mut s,
            "people.list",
            json!({ "status": "customer", "tag": "messe", "category": "retail",
                    "sort": "created", "descending": true }),
        )
        .unwrap();
        assert_eq!(
            (
                page["total"].clone(),
                page["people"][0]["first_name"].clone()
            ),
            (json!(1), json!("Cato"))
        );
        let err = call(&mut s, "people.list", json!({ "sort": "shoe size" })).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
        let err = call(&mut s, "people.list", json!({ "colour": "red" })).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);

        let filters = call(&mut s, "people.filters", Value::Null).unwrap();
        assert_eq!(
            filters["tags"],
            json!([
                { "value": "messe", "label": "messe", "people": 2 },
                { "value": "VIP", "label": "VIP", "people": 1 },
            ])
        );
        assert_eq!(filters["owners"][0]["label"], "Kari");
        assert_eq!(filters["categories"][0]["people"], 3);

        let created = call(
            &mut s,
            "organisation.create",
            json!({ "name": "Nordlys AS", "city": "Tromsø", "tags": ["north"] }),
        )
        .unwrap();
        let id = created["id"].as_str().unwrap().to_owned();
        let err = call(&mut s, "organisation.create", json!({ "name": " " })).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
        let list = call(&mut s, "organisations.list", json!({ "search": "troms" })).unwrap();
        assert_eq!(list["organisations"][0]["name"], "Nordlys AS");
        let fjord = call(&mut s, "organisations.list", json!({ "search": "fjord" })).unwrap()
            ["organisations"][0]["id"]
            .clone();
        let shown = call(
            &mut s,
            "organisation.show",
            json!({ "organisation": fjord }),
        )
        .unwrap();
        assert_eq!(shown["people_count"], 2);
        let updated = call(
            &mut s,
            "organisation.update",
            json!({ "organisation": id, "patch": { "website": "nordlys.no", "tags": [] } }),
        )
        .unwrap();
        assert_eq!(
            (updated["website"].clone(), updated["tags"].clone()),
            (json!("nordlys.no"), json!([]))
        );
        let deleted = call(
            &mut s,
            "organisation.delete",
            json!({ "organisation": fjord }),
        )
        .unwrap();
        assert_eq!(deleted["people_detached"], 2);
        let err = call(
            &mut s,
            "organisation.show",
            json!({ "organisation": fjord }),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
        assert_eq!(
            call(&mut s, "people.list", Value::Null).unwrap()["total"],
            3
        );
    }
}

#[test]
fn an_organisation_with_invoices_is_kept_for_the_bookkeeping() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let id = v
        .create_organisation(&OrganisationFields {
            name: "Fjord Rør AS".into(),
            ..Default::default()
        })
        .unwrap();
    // Invoices have no screen yet: one is written straight into the database.
    let key = v.database_key().unwrap().to_hex().to_string();
    drop(v);
    let conn = rusqlite::Connection::open(dir.path().join("vault.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    conn.execute(
        "INSERT INTO invoices (id, number, organisation_id, issued_on, amount_minor, currency, created_at)
         VALUES ('inv-1', '2026-001', ?1, '2026-03-01', 125000, 'NOK', '2026-03-01T10:00:00Z')",
        [id.to_string()],
    )
    .unwrap();
    drop(conn);
    let mut v = crate::support::unlock(dir.path());
    let err = v.delete_organisation(id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("1 invoice"), "{err}");
    assert!(v.show_organisation(id).is_ok(), "nothing was deleted");
}
