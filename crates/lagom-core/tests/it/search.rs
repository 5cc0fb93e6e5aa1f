//! Search finds people the way they are typed on any keyboard.

use lagom_core::people::{NewPerson, PersonFields};

use crate::support::create;

fn someone(first: &str, last: &str, city_org: &str, phone: &str) -> NewPerson {
    NewPerson {
        fields: PersonFields {
            first_name: first.into(),
            last_name: last.into(),
            organisation: (!city_org.is_empty()).then(|| city_org.into()),
            phone: (!phone.is_empty()).then(|| phone.into()),
            email: Some(format!(
                "{}.{}@example.no",
                first.to_lowercase(),
                last.to_lowercase()
            )),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn nordic_letters_are_found_from_plain_keyboards() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.create_people([
        someone("Bjørn", "Dæhlie", "", ""),
        someone("Mette", "Kjær", "", ""),
        someone("Åse", "Lund", "Södertälje Bygg AB", ""),
        someone("Ola", "Nordmann", "Fjord AS", "+47 912 34 567"),
    ])
    .unwrap();
    let first_names = |q: &str| -> Vec<String> {
        v.search_people(q, 10)
            .unwrap()
            .people
            .into_iter()
            .map(|p| p.first_name)
            .collect()
    };
    assert_eq!(first_names("bjorn"), ["Bjørn"]);
    assert_eq!(first_names("bjoern"), ["Bjørn"]);
    assert_eq!(first_names("Bjø"), ["Bjørn"]);
    assert_eq!(first_names("kjaer"), ["Mette"]);
    assert_eq!(first_names("kjær"), ["Mette"]);
    assert_eq!(first_names("sodertalje"), ["Åse"]);
    assert_eq!(first_names("ase"), ["Åse"]);
    assert_eq!(first_names("aase"), ["Åse"]);
    assert_eq!(first_names("daehl"), ["Bjørn"]);
    assert_eq!(first_names("fjord"), ["Ola"]);
    assert_eq!(first_names("912"), ["Ola"]);
    assert_eq!(first_names("4791234"), ["Ola"]);
    assert_eq!(first_names("912 34 567"), ["Ola"]);
    assert_eq!(first_names("+47 912 34"), ["Ola"]);
    assert_eq!(first_names("A\u{30a}se"), ["Åse"], "decomposed input");
    assert_eq!(first_names("ola nord"), ["Ola"]);
    assert_eq!(first_names("mette.kj"), ["Mette"]);
    assert!(first_names("ola bjorn").is_empty());
    assert!(first_names("\"*)(").is_empty());
}

#[test]
fn search_reports_more_than_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    v.create_people((0..30).map(|i| someone("Per", &format!("Hansen{i}"), "", "")))
        .unwrap();
    let page = v.search_people("per", 10).unwrap();
    assert_eq!(page.people.len(), 10);
    assert!(page.total > 10);
}
