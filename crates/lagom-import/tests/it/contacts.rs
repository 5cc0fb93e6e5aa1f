//! A person's second and third addresses and numbers: Google Contacts, Outlook and vCard
//! exports as they write them (`tests/data/`), each value kept with its kind and the right
//! one first; duplicates in a row kept once; a bad value left out with its place while the
//! row's others are kept.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::AtomicU64;

use lagom_import::mapping::{Field, SavedMapping};
use lagom_import::plan::{PlanOptions, PlannedPerson, Planner, RowIssue};
use lagom_import::{ContactKind, PhoneCountry, PlannedContact, SourceFile};

use ContactKind::{Mobile, Other, Private, Work};

/// What planning one file gave.
pub struct Planned {
    pub people: Vec<PlannedPerson>,
    pub issues: Vec<RowIssue>,
    pub phone_country: PhoneCountry,
    pub columns: Vec<lagom_import::plan::ColumnPlan>,
}

/// Options for `file` in a vault whose country is Norway.
pub fn options(file: &str) -> PlanOptions {
    PlanOptions {
        file: file.into(),
        sheet: None,
        default_country: "NO".into(),
        country: None,
        mapping: None,
        include_sensitive: vec![],
    }
}

/// Plans a fixture of `tests/data/` as an import reads it (format, encoding and delimiter
/// found from its bytes).
pub fn plan_file(name: &str, options: PlanOptions) -> Planned {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let mut source = SourceFile::open(&path).unwrap();
    let mut people = Vec::new();
    let mut planner = Planner::new(options, |p| {
        people.push(p);
        ControlFlow::Continue(())
    });
    source.read(None, &mut planner, &AtomicU64::new(0)).unwrap();
    planner.finish();
    let phone_country = planner.phone_country();
    let columns = planner.columns().to_vec();
    let issues = std::mem::take(&mut planner.issues);
    drop(planner);
    Planned {
        people,
        issues,
        phone_country,
        columns,
    }
}

fn contacts(list: &[(&str, ContactKind)]) -> Vec<PlannedContact> {
    list.iter()
        .map(|(value, kind)| PlannedContact {
            value: (*value).to_owned(),
            kind: *kind,
        })
        .collect()
}

fn person<'a>(planned: &'a Planned, first_name: &str) -> &'a PlannedPerson {
    planned
        .people
        .iter()
        .find(|p| p.first_name == first_name)
        .unwrap_or_else(|| panic!("{first_name} is not planned: {:#?}", planned.people))
}

fn places(issues: &[RowIssue]) -> Vec<(u64, String, String)> {
    issues
        .iter()
        .map(|i| {
            (
                i.row,
                i.column.clone().unwrap_or_default(),
                i.reason.clone(),
            )
        })
        .collect()
}

#[test]
fn google_second_values_are_kept_with_their_types_and_the_starred_one_first() {
    let planned = plan_file("google.csv", options("google.csv"));
    let ase = person(&planned, "Åse");
    assert_eq!(
        ase.emails,
        contacts(&[("ase@fjord.no", Work), ("ase@example.no", Private)])
    );
    assert_eq!(
        ase.phones,
        contacts(&[("+4741234567", Mobile), ("+4722112233", Work)])
    );
    // Per's primary is starred in the second columns; "per@hjemme.no ::: …" is two
    // addresses of one type.
    let per = person(&planned, "Per");
    assert_eq!(
        per.emails,
        contacts(&[
            ("per@fjord.no", Work),
            ("per@hjemme.no", Private),
            ("per.hansen@gmail.com", Private),
        ])
    );
    assert_eq!(per.email(), Some("per@fjord.no"));
    assert_eq!(
        per.phones,
        contacts(&[("+4748123456", Mobile), ("+4722334456", Private)])
    );
}

#[test]
fn a_bad_value_is_left_out_with_its_place_and_the_rows_other_values_kept() {
    let planned = plan_file("google.csv", options("google.csv"));
    let ola = person(&planned, "Ola");
    assert_eq!(ola.emails, contacts(&[("ola@fjord.no", Work)]));
    assert_eq!(ola.phones, contacts(&[("+4722334455", Private)]));
    assert_eq!(
        places(&planned.issues),
        [
            (
                3,
                "E-mail 1 - Value".to_owned(),
                "not a valid e-mail address; the value was left out".to_owned()
            ),
            (
                3,
                "Phone 1 - Value".to_owned(),
                "not a valid phone number for NO; the value was left out".to_owned()
            ),
        ]
    );
}

#[test]
fn outlook_second_and_third_addresses_and_every_phone_are_kept_mobile_first() {
    let planned = plan_file("outlook.csv", options("outlook.csv"));
    let fields: Vec<_> = planned
        .columns
        .iter()
        .filter(|c| c.field == Some(Field::Email))
        .map(|c| c.header.as_str())
        .collect();
    assert_eq!(
        fields,
        ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"],
        "display names and types are not addresses"
    );
    let bjorn = person(&planned, "Bjørn");
    assert_eq!(
        bjorn.emails,
        contacts(&[
            ("bjorn@fjordror.no", Other),
            ("bjorn.kjaer@gmail.com", Other)
        ])
    );
    // The mobile first, the firm's switchboard last.
    assert_eq!(
        bjorn.phones,
        contacts(&[
            ("+4791234567", Mobile),
            ("+4722000000", Work),
            ("+4722000001", Work),
            ("+4723100000", Work),
        ])
    );
    // Märta's row says Sweden: her numbers are Swedish though the vault is Norwegian, and her
    // home number is her mobile written the other way, kept once.
    let marta = person(&planned, "Märta");
    assert_eq!(
        marta.emails,
        contacts(&[
            ("marta@grossist.se", Other),
            ("marta.oberg@gmail.com", Other)
        ])
    );
    assert_eq!(
        marta.phones,
        contacts(&[("+46701234567", Mobile), ("+46855512345", Work)])
    );
    assert!(planned.issues.is_empty(), "{:?}", planned.issues);
}

#[test]
fn every_email_and_tel_of_a_vcard_is_kept_with_its_kind_and_pref_first() {
    let planned = plan_file("contacts.vcf", options("contacts.vcf"));
    let bjorn = person(&planned, "Bjørn");
    assert_eq!(
        bjorn.emails,
        contacts(&[
            ("bjorn@fjordror.no", Work),
            ("bjorn.kjaer@gmail.com", Private)
        ])
    );
    assert_eq!(
        bjorn.phones,
        contacts(&[
            ("+4791234567", Mobile),
            ("+4722000000", Work),
            ("+4722334457", Private),
        ])
    );
    // Åse's mobile is PREF though it comes second; her home address is in the card twice.
    let ase = person(&planned, "Åse");
    assert_eq!(
        ase.phones,
        contacts(&[("+4741234567", Mobile), ("+4722112234", Private)])
    );
    assert_eq!(
        ase.emails,
        contacts(&[("ase@example.no", Private), ("ase@fjord.no", Work)])
    );
    assert!(planned.issues.is_empty(), "{:?}", planned.issues);
}

#[test]
fn nordic_and_english_headers_give_several_columns_with_kinds() {
    let headers = [
        "Navn",
        "E-post arbeid",
        "E-post privat",
        "Arbets-e-post",
        "Privat e-mail",
        "Work email",
        "Mobil",
        "Mobiltelefon",
        "Telefon arbeid",
        "Telefon jobb",
        "Arbetstelefon",
        "Hemtelefon",
        "Privat telefon",
        "Home phone",
        "Mobile",
    ];
    let text = format!("{}\nKari Nordmann\n", headers.join(";"));
    let mut people = Vec::new();
    let mut planner = Planner::new(options("x.csv"), |p| {
        people.push(p);
        ControlFlow::Continue(())
    });
    let bytes = text.as_bytes();
    lagom_import::read_csv(bytes, &lagom_import::sniff_csv(bytes), &mut planner).unwrap();
    let got: Vec<_> = planner
        .finish()
        .iter()
        .map(|c| (c.header.as_str(), c.field, c.kind))
        .collect();
    let e = Some(Field::Email);
    let p = Some(Field::Phone);
    assert_eq!(
        got,
        [
            ("Navn", Some(Field::FullName), None),
            ("E-post arbeid", e, Some(Work)),
            ("E-post privat", e, Some(Private)),
            ("Arbets-e-post", e, Some(Work)),
            ("Privat e-mail", e, Some(Private)),
            ("Work email", e, Some(Work)),
            ("Mobil", p, Some(Mobile)),
            ("Mobiltelefon", p, Some(Mobile)),
            ("Telefon arbeid", p, Some(Work)),
            ("Telefon jobb", p, Some(Work)),
            ("Arbetstelefon", p, Some(Work)),
            ("Hemtelefon", p, Some(Private)),
            ("Privat telefon", p, Some(Private)),
            ("Home phone", p, Some(Private)),
            ("Mobile", p, Some(Mobile)),
        ]
    );
}

#[test]
fn a_saved_mapping_from_before_kinds_still_loads_and_gives_kinds() {
    // Written by an earlier version: fields only, no kinds.
    let saved = SavedMapping::from_json(
        r#"{
          "version": 1,
          "columns": {
            "Kontakt": "full_name",
            "Jobb": "email",
            "Hjemme": "email",
            "Mobil": "phone",
            "Fax": null
          }
        }"#,
    )
    .unwrap();
    let text = "Kontakt;Jobb;Hjemme;Mobil;Fax\n\
                Kari Nordmann;kari@firma.no;kari@hjemme.no;912 34 567;22 00 00 09\n";
    let mut o = options("x.csv");
    o.mapping = Some(saved);
    let mut people = Vec::new();
    let mut planner = Planner::new(o, |p| {
        people.push(p);
        ControlFlow::Continue(())
    });
    let bytes = text.as_bytes();
    lagom_import::read_csv(bytes, &lagom_import::sniff_csv(bytes), &mut planner).unwrap();
    planner.finish();
    drop(planner);
    assert_eq!(
        people[0].emails,
        contacts(&[("kari@firma.no", Work), ("kari@hjemme.no", Private)])
    );
    assert_eq!(people[0].phones, contacts(&[("+4791234567", Mobile)]));
}

#[test]
fn several_values_in_one_cell_with_kinds_in_brackets_and_duplicates_once() {
    let text = "Navn,E-post,Telefon\n\
                Kari Nordmann,\"Kari@Firma.no, kari@firma.no; kari@hjemme.no\",\
                \"912 34 567 (mobil); 22 00 00 00 (jobb); +47 912 34 567\"\n";
    let mut people = Vec::new();
    let mut planner = Planner::new(options("x.csv"), |p| {
        people.push(p);
        ControlFlow::Continue(())
    });
    let bytes = text.as_bytes();
    lagom_import::read_csv(bytes, &lagom_import::sniff_csv(bytes), &mut planner).unwrap();
    planner.finish();
    assert!(planner.issues.is_empty(), "{:?}", planner.issues);
    drop(planner);
    assert_eq!(
        people[0].emails,
        contacts(&[("kari@firma.no", Other), ("kari@hjemme.no", Other)])
    );
    assert_eq!(
        people[0].phones,
        contacts(&[("+4791234567", Mobile), ("+4722000000", Work)])
    );
}
