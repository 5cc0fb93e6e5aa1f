//! Rows become planned people: headers recognised, sensitive columns held back, values
//! cleaned, problems placed. Fixtures are the exports of Outlook and Google Contacts as they
//! write them, and a Nordic Excel sheet made in the test.

use std::ops::ControlFlow;

use lagom_import::mapping::Field;
use lagom_import::plan::{PlanOptions, PlannedPerson, Planner, issues_csv};
use lagom_import::sensitive::Sensitivity;
use lagom_import::{read_csv, sniff_csv};

fn options(file: &str) -> PlanOptions {
    PlanOptions {
        file: file.into(),
        sheet: None,
        default_country: "NO".into(),
        country: None,
        mapping: None,
        include_sensitive: vec![],
    }
}

fn plan(
    bytes: &[u8],
    options: PlanOptions,
) -> (
    Vec<PlannedPerson>,
    Planner<impl FnMut(PlannedPerson) -> ControlFlow<()>>,
) {
    let people = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = people.clone();
    let mut planner = Planner::new(options, move |p| {
        sink.borrow_mut().push(p);
        ControlFlow::Continue(())
    });
    read_csv(bytes, &sniff_csv(bytes), &mut planner).unwrap();
    planner.finish();
    let out = people.borrow().clone();
    (out, planner)
}

#[test]
fn an_outlook_export_maps_at_once_and_takes_its_notes_as_free_text() {
    let (people, planner) = plan(
        include_bytes!("../data/outlook.csv"),
        options("outlook.csv"),
    );
    let notes = planner
        .columns()
        .iter()
        .find(|c| c.header == "Notes")
        .unwrap();
    // Notes are free text for the import's purpose, not a special category.
    assert_eq!(
        (notes.field, notes.sensitivity, notes.included),
        (Some(Field::Note), Some(Sensitivity::FreeText), true)
    );
    assert_eq!(people.len(), 2);
    let b = &people[0];
    assert_eq!(
        (b.first_name.as_str(), b.last_name.as_str()),
        ("Bjørn", "Kjær")
    );
    assert_eq!(b.email(), Some("bjorn@fjordror.no"));
    assert_eq!(b.phone(), Some("+4791234567"));
    assert_eq!(
        (b.organisation.as_deref(), b.title.as_deref()),
        (Some("Fjord Rør AS"), Some("Daglig leder"))
    );
    assert_eq!(
        (
            b.city.as_deref(),
            b.postcode.as_deref(),
            b.country.as_deref()
        ),
        (Some("Oslo"), Some("0150"), Some("NO"))
    );
    let m = &people[1];
    assert_eq!(
        (m.phone(), m.country.as_deref(), m.note.as_deref()),
        (
            Some("+46701234567"),
            Some("SE"),
            Some("Liker jazz og rødvin")
        )
    );
    assert!(planner.issues.is_empty(), "{:?}", planner.issues);
}

#[test]
fn outlooks_own_categories_are_left_out_of_the_tags() {
    let (people, _) = plan(
        include_bytes!("../data/outlook_categories.csv"),
        options("outlook_categories.csv"),
    );
    let tags: Vec<(&str, Vec<&str>)> = people
        .iter()
        .map(|p| {
            (
                p.first_name.as_str(),
                p.tags.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        tags,
        [
            ("Kari", vec!["Kunder"]),
            ("Ola", vec!["Leverandør"]),
            ("Åse", vec![])
        ]
    );
}

#[test]
fn notes_that_name_a_health_matter_are_held_back_as_sensitive() {
    let (people, planner) = plan(
        include_bytes!("../data/outlook_sensitive_notes.csv"),
        options("outlook_sensitive_notes.csv"),
    );
    let notes = planner
        .columns()
        .iter()
        .find(|c| c.header == "Notes")
        .unwrap();
    assert_eq!(
        (notes.sensitivity, notes.included),
        (Some(Sensitivity::SensitiveText), false)
    );
    // Nothing of it is shown before the owner chooses it.
    assert!(notes.samples.is_empty());
    assert!(people.iter().all(|p| p.note.is_none()));
}

#[test]
fn a_note_with_an_identity_number_is_held_back_until_chosen_and_then_shows_its_values() {
    let text = "Navn;E-post;Notater\r\nKari Nordmann;kari@fjordror.no;Ringer helst etter lunsj\r\nOla Berg;ola@berg.no;Kundekort: fnr 01010750160\r\n";
    let (people, planner) = plan(text.as_bytes(), options("kunder.csv"));
    let notes = &planner.columns()[2];
    assert_eq!(
        (notes.sensitivity, notes.included, notes.samples.len()),
        (Some(Sensitivity::SensitiveText), false, 0)
    );
    assert!(people.iter().all(|p| p.note.is_none()));

    let mut chosen = options("kunder.csv");
    chosen.include_sensitive = vec!["Notater".into()];
    let (people, planner) = plan(text.as_bytes(), chosen);
    let notes = &planner.columns()[2];
    assert!(notes.included);
    assert_eq!(
        notes.samples,
        ["Ringer helst etter lunsj", "Kundekort: fnr 01010750160"]
    );
    assert_eq!(
        people[1].note.as_deref(),
        Some("Kundekort: fnr 01010750160")
    );
}

#[test]
fn each_column_shows_its_first_values() {
    let text = "Navn,E-post,Notat,Tom\nKari Nordmann,kari@fjordror.no,,\n,,,\nOla Berg,ola@berg.no,Ringer helst etter lunsj og aldri på fredager etter klokken tre,\nÅse Vik,ase@vik.no,ok,\nPer Ås,per@as.no,,\n";
    let (_, planner) = plan(text.as_bytes(), options("x.csv"));
    let samples: Vec<(&str, Vec<&str>)> = planner
        .columns()
        .iter()
        .map(|c| {
            (
                c.header.as_str(),
                c.samples.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        samples,
        [
            ("Navn", vec!["Kari Nordmann", "Ola Berg", "Åse Vik"]),
            (
                "E-post",
                vec!["kari@fjordror.no", "ola@berg.no", "ase@vik.no"]
            ),
            (
                "Notat",
                vec!["Ringer helst etter lunsj og aldri på fre…", "ok"]
            ),
            ("Tom", vec![]),
        ]
    );
}

#[test]
fn a_google_export_and_its_problems_with_their_places() {
    let (people, planner) = plan(include_bytes!("../data/google.csv"), options("google.csv"));
    let fields: Vec<_> = planner
        .columns()
        .iter()
        .filter(|c| c.included)
        .map(|c| (c.header.as_str(), c.field.unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("Given Name", Field::FirstName),
            ("Family Name", Field::LastName),
            // Notes are free text that comes in for the import's purpose.
            ("Notes", Field::Note),
            ("Group Membership", Field::Tags),
            ("E-mail 1 - Value", Field::Email),
            ("E-mail 2 - Value", Field::Email),
            ("Phone 1 - Value", Field::Phone),
            ("Phone 2 - Value", Field::Phone),
            ("Organization 1 - Name", Field::Organisation),
            ("Organization 1 - Title", Field::Title),
        ]
    );
    assert_eq!(people.len(), 3);
    // Google's own group ("* myContacts") is no tag of the owner's.
    assert_eq!(people[0].tags, ["Kunder"]);
    assert_eq!(
        people[1].email(),
        Some("ola@fjord.no"),
        "the second address, kept"
    );
    let places: Vec<_> = planner
        .issues
        .iter()
        .map(|i| (i.row, i.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        places,
        [
            (3, "E-mail 1 - Value".to_owned()),
            (3, "Phone 1 - Value".to_owned())
        ]
    );
    let csv = String::from_utf8(issues_csv(&planner.issues)).unwrap();
    assert!(csv.starts_with("\u{feff}file,sheet,row,column,reason"));
    assert!(csv.contains("google.csv,,3,E-mail 1 - Value,not a valid e-mail address"));
}

#[test]
fn a_nordic_sheet_with_a_title_row_identity_numbers_and_an_unmapped_column() {
    let text = "Kundeliste;;;;\r\nNavn;E-post;Fødselsnummer;Skostørrelse;Allergier\r\n\
                Kari Nordmann;kari@example.no;01010750160;38;nøtter\r\nNordmann, Ola;ola@example.no;;45;\r\n;;;;\r\n;;;;nøtter\r\n";
    let bytes = encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
    let (people, planner) = plan(&bytes, options("kunder.csv"));
    let cols: Vec<_> = planner
        .columns()
        .iter()
        .map(|c| (c.header.as_str(), c.field, c.sensitivity, c.included))
        .collect();
    assert_eq!(
        cols,
        [
            ("Navn", Some(Field::FullName), None, true),
            ("E-post", Some(Field::Email), None, true),
            (
                "Fødselsnummer",
                None,
                Some(Sensitivity::SpecialCategoryHeader),
                false
            ),
            ("Skostørrelse", None, None, false),
            (
                "Allergier",
                None,
                Some(Sensitivity::SpecialCategoryHeader),
                false
            ),
        ]
    );
    let names: Vec<_> = people
        .iter()
        .map(|p| (p.first_name.as_str(), p.last_name.as_str(), p.row))
        .collect();
    assert_eq!(names, [("Kari", "Nordmann", 3), ("Ola", "Nordmann", 4)]);
    assert_eq!(planner.counts.rejected, 1, "the row with only an allergy");
    assert_eq!(planner.issues[0].row, 6);
}

#[test]
fn a_saved_mapping_and_an_explicit_choice_override_the_defaults() {
    let text = "Kontakt,Notat\nKari Nordmann,ringer helst etter lunsj\n";
    let mut o = options("x.csv");
    o.include_sensitive = vec!["Notat".into()];
    let (people, _) = plan(text.as_bytes(), o);
    assert_eq!(people[0].note.as_deref(), Some("ringer helst etter lunsj"));
    let mut o = options("x.csv");
    o.mapping = Some(
        lagom_import::mapping::SavedMapping::from_json(
            r#"{"version": 1, "columns": {"Kontakt": null}}"#,
        )
        .unwrap(),
    );
    let (people, planner) = plan(text.as_bytes(), o);
    assert!(people.is_empty());
    assert_eq!(planner.counts.rejected, 1);
}

#[test]
fn a_vcard_file_plans_like_a_spreadsheet() {
    let text = include_str!("../data/contacts.vcf");
    let people = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = people.clone();
    let mut planner = Planner::new(options("contacts.vcf"), move |p| {
        sink.borrow_mut().push(p);
        ControlFlow::Continue(())
    });
    let stats = lagom_import::read_vcards(text, &mut planner).unwrap();
    planner.finish();
    assert_eq!(stats.contacts, 2);
    let people = people.borrow();
    let b = &people[0];
    assert_eq!(
        (b.first_name.as_str(), b.last_name.as_str()),
        ("Bjørn", "Kjær")
    );
    assert_eq!(
        (b.phone(), b.country.as_deref(), b.city.as_deref()),
        (Some("+4791234567"), Some("NO"), Some("Oslo"))
    );
    let a = &people[1];
    assert_eq!(
        (a.first_name.as_str(), a.last_name.as_str(), a.email()),
        ("Åse", "Sørensen", Some("ase@example.no"))
    );
    assert_eq!(a.phone(), Some("+4741234567"));
}
