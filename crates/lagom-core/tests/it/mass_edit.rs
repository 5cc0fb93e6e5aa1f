//! A mass edit of purpose and legal basis for everyone a people list shows: the filters
//! choose the people, so a selection of thousands is one command, not a list of ids.

use lagom_core::ErrorCode;
use lagom_core::consent::MassEdit;
use lagom_core::people::{PeopleQuery, PersonStatus};
use lagom_core::types::{LegalBasis, PersonRef};

use crate::support::{create, person};

#[test]
fn a_mass_edit_by_query_changes_exactly_the_people_the_list_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let mut customers = Vec::new();
    let mut others = Vec::new();
    for i in 0..5 {
        let mut p = person(&format!("Kunde{i}"), "Hansen", &format!("k{i}@fjord.no"));
        p.fields.status = if i < 3 {
            PersonStatus::Customer
        } else {
            PersonStatus::Prospect
        };
        let id = v.create_person(p).unwrap();
        if i < 3 {
            customers.push(id)
        } else {
            others.push(id)
        }
    }
    let customers_only = PeopleQuery {
        status: Some(PersonStatus::Customer),
        limit: 1, // paging is ignored: the whole selection is edited
        ..PeopleQuery::default()
    };
    let report = v
        .mass_edit_processing(&MassEdit {
            query: Some(customers_only.clone()),
            purpose: "Customer relationship".into(),
            legal_basis: Some(LegalBasis::LegitimateInterests),
            ..MassEdit::default()
        })
        .unwrap();
    assert_eq!((report.changed, report.unchanged), (3, 0));
    let purposes = |v: &mut lagom_core::Vault, id| {
        v.show_person(&PersonRef::Id(id))
            .unwrap()
            .processing
            .into_iter()
            .map(|r| r.purpose)
            .collect::<Vec<_>>()
    };
    for id in &customers {
        assert!(purposes(&mut v, *id).contains(&"Customer relationship".to_owned()));
    }
    for id in &others {
        assert!(!purposes(&mut v, *id).contains(&"Customer relationship".to_owned()));
    }

    let both = v
        .mass_edit_processing(&MassEdit {
            people: vec![others[0]],
            query: Some(customers_only),
            purpose: "Customer relationship".into(),
            ..MassEdit::default()
        })
        .unwrap_err();
    assert_eq!(both.code(), ErrorCode::Validation);
    let nobody = v
        .mass_edit_processing(&MassEdit {
            query: Some(PeopleQuery {
                search: Some("nobody-by-this-name".into()),
                ..PeopleQuery::default()
            }),
            purpose: "Customer relationship".into(),
            ..MassEdit::default()
        })
        .unwrap_err();
    assert_eq!(nobody.code(), ErrorCode::Validation);
}
