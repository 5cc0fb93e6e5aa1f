//! Every phone number read in its own country, in a vault whose country is Norway: a Swedish
//! list (UTF-16 with tabs, as Swedish Excel saves "Unicode text"), a Danish workbook whose
//! phones are number cells, a file whose country column changes from row to row; ambiguity
//! flagged and kept as written; the owner's choice over anything the file shows; the reasons
//! named.
//!
//! `svenska_kunder.csv` and `danske_kunder.xlsx` are written by
//! [`write_the_generated_fixtures`] (run it with `--ignored` to write them again); the others
//! are text.

use std::ops::ControlFlow;
use std::path::Path;

use lagom_import::plan::{PlannedPerson, Planner};
use lagom_import::{CountryEvidence, CountrySource};

use super::contacts::{Planned, options, plan_file};

fn phones(p: &PlannedPerson) -> Vec<&str> {
    p.phones.iter().map(|c| c.value.as_str()).collect()
}

fn by_name<'a>(planned: &'a Planned, first_name: &str) -> &'a PlannedPerson {
    planned
        .people
        .iter()
        .find(|p| p.first_name == first_name)
        .unwrap_or_else(|| panic!("{first_name} is not planned"))
}

/// The Swedish list's rows: names, e-mail, phone, mobile, town.
const SWEDISH: &[[&str; 6]] = &[
    [
        "Förnamn",
        "Efternamn",
        "E-post",
        "Telefon",
        "Mobil",
        "Postort",
    ],
    [
        "Märta",
        "Öberg",
        "marta@grossist.se",
        "08-555 123 45",
        "070-123 45 67",
        "Stockholm",
    ],
    [
        "Lars",
        "Nilsson",
        "lars.nilsson@bygg.se",
        "031-712 34 56",
        "073-987 65 43",
        "Göteborg",
    ],
    [
        "Karin",
        "Lund",
        "karin@lund.se",
        "040-12 34 56",
        "0701234568",
        "Malmö",
    ],
    [
        "Per",
        "Ek",
        "per.ek@gmail.com",
        "",
        "076-555 12 34",
        "Uppsala",
    ],
    [
        "Anna",
        "Berg",
        "anna@berg.se",
        "+46 8 555 999 00",
        "",
        "Stockholm",
    ],
];

#[test]
#[ignore = "writes the generated fixtures in tests/data; run with --ignored to renew them"]
fn write_the_generated_fixtures() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    // UTF-16 little-endian with a byte-order mark, tabs, CRLF: Excel's "Unicode text".
    let text: String = SWEDISH.iter().map(|row| row.join("\t") + "\r\n").collect();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(data.join("svenska_kunder.csv"), bytes).unwrap();

    // Phones typed as numbers, as a Danish sheet holds them; one pasted in as the text a
    // number became elsewhere.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Kunder").unwrap();
    sheet
        .write_row(
            0,
            0,
            ["Fornavn", "Efternavn", "E-mail", "Telefon", "By", "Postnr"],
        )
        .unwrap();
    let rows: [(&str, &str, &str, f64, &str, &str); 4] = [
        (
            "Mette",
            "Hansen",
            "mette@hansen.dk",
            31456789.0,
            "København",
            "2100",
        ),
        (
            "Søren",
            "Jensen",
            "soren@jensen.dk",
            20123456.0,
            "Aarhus",
            "8000",
        ),
        ("Lone", "Nielsen", "lone@firma.dk", 0.0, "Odense", "5000"),
        (
            "Mads",
            "Poulsen",
            "mads.poulsen@gmail.com",
            61234567.0,
            "Aalborg",
            "9000",
        ),
    ];
    for (i, (first, last, email, phone, city, postcode)) in rows.into_iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_row(r, 0, [first, last, email]).unwrap();
        if phone > 0.0 {
            sheet.write_number(r, 3, phone).unwrap();
        } else {
            sheet.write_string(r, 3, "4.0123456E7").unwrap();
        }
        sheet.write_row(r, 4, [city, postcode]).unwrap();
    }
    book.save(data.join("danske_kunder.xlsx")).unwrap();
}

#[test]
fn the_generated_swedish_fixture_is_what_its_writer_writes() {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/svenska_kunder.csv"))
            .unwrap();
    assert_eq!(bytes[..2], [0xFF, 0xFE], "a UTF-16 LE byte-order mark");
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let text = String::from_utf16(&units).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .collect();
    assert_eq!(rows, SWEDISH.iter().map(|r| r.to_vec()).collect::<Vec<_>>());
}

#[test]
fn a_swedish_list_with_area_codes_is_read_as_swedish_in_a_norwegian_vault() {
    let planned = plan_file("svenska_kunder.csv", options("svenska_kunder.csv"));
    assert!(planned.issues.is_empty(), "{:?}", planned.issues);
    let want = [
        ("Märta", vec!["+46701234567", "+46855512345"]),
        ("Lars", vec!["+46739876543", "+46317123456"]),
        ("Karin", vec!["+46701234568", "+4640123456"]),
        ("Per", vec!["+46765551234"]),
        ("Anna", vec!["+46855599900"]),
    ];
    for (name, numbers) in want {
        assert_eq!(phones(by_name(&planned, name)), numbers, "{name}");
    }
    let pc = &planned.phone_country;
    assert_eq!(
        (pc.country.as_str(), pc.source),
        ("SE", CountrySource::Inferred)
    );
    assert_eq!(
        pc.explain(),
        "phones read as Swedish, because the headers are Swedish, 4 of 5 e-mail addresses \
         end in .se and 7 of 7 numbers are valid Swedish numbers"
    );
}

#[test]
fn the_reasons_name_their_evidence_as_data() {
    let planned = plan_file("svenska_kunder.csv", options("svenska_kunder.csv"));
    let evidence = &planned.phone_country.evidence;
    assert!(
        evidence.contains(&CountryEvidence::HeaderLanguage {
            country: "SE".into(),
            headers: vec!["Förnamn".into(), "Efternamn".into(), "Postort".into()],
        }),
        "{evidence:#?}"
    );
    assert!(evidence.contains(&CountryEvidence::EmailDomains {
        country: "SE".into(),
        count: 4,
        of: 5
    }));
    // Norway, the vault's country, was weighed too: its numbers are not Swedish ones.
    assert!(evidence.contains(&CountryEvidence::NumberFormats {
        country: "NO".into(),
        valid: 0,
        of: 7
    }));
    let json = serde_json::to_value(&planned.phone_country).unwrap();
    assert_eq!(json["source"], "inferred");
    assert_eq!(json["evidence"][0]["kind"], "header_language");
}

#[test]
fn danish_number_cells_are_danish_numbers_never_norwegian_ones() {
    let planned = plan_file("danske_kunder.xlsx", options("danske_kunder.xlsx"));
    assert!(planned.issues.is_empty(), "{:?}", planned.issues);
    let all: Vec<Vec<&str>> = planned.people.iter().map(phones).collect();
    assert_eq!(
        all,
        [
            ["+4531456789"],
            ["+4520123456"],
            ["+4540123456"],
            ["+4561234567"]
        ]
    );
    let pc = &planned.phone_country;
    assert_eq!(
        (pc.country.as_str(), pc.source),
        ("DK", CountrySource::Inferred)
    );
    assert!(pc.explain().starts_with("phones read as Danish, because the headers are Danish, 3 of 4 e-mail addresses end in .dk"), "{}", pc.explain());
}

#[test]
fn the_owners_choice_overrides_what_the_file_shows() {
    let mut o = options("danske_kunder.xlsx");
    o.country = Some("no".into());
    let planned = plan_file("danske_kunder.xlsx", o);
    assert_eq!(phones(&planned.people[0]), ["+4731456789"]);
    assert_eq!(
        (
            planned.phone_country.country.as_str(),
            planned.phone_country.source
        ),
        ("NO", CountrySource::Chosen)
    );
    assert_eq!(
        planned.phone_country.explain(),
        "phones read as Norwegian, as chosen for this file"
    );
}

#[test]
fn a_mixed_file_follows_its_country_column_row_by_row() {
    let planned = plan_file("mixed_countries.csv", options("mixed_countries.csv"));
    let want = [
        ("Kari", "+4791234567"),
        ("Märta", "+46701234567"),
        ("Mette", "+4531456789"),
        ("Matti", "+358401234567"),
        ("Lars", "+46855512345"),
        ("Jens", "+4520123456"),
        ("Nora", "+4722334455"),
        ("Søren", "+4531456788"),
    ];
    for (name, number) in want {
        assert_eq!(phones(by_name(&planned, name)), [number], "{name}");
    }
    // Anna's row names no country and the file names four: her number is valid in three
    // of them, so it is kept as written and flagged, not given to the vault's country.
    assert_eq!(phones(by_name(&planned, "Anna")), ["41 23 45 67"]);
    let flagged: Vec<_> = planned
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_deref(), i.reason.as_str()))
        .collect();
    assert_eq!(
        flagged,
        [(
            9,
            Some("Phone"),
            "ambiguous: a valid number in DK, FI and NO; written without a country code, \
             so it was kept as written"
        )]
    );
    // Sweden stays a candidate: one number is too few to rule a named country out.
    assert_eq!(planned.phone_country.candidates, ["DK", "FI", "NO", "SE"]);
    assert_eq!(planned.phone_country.source, CountrySource::Vault);
}

fn plan_text(text: &str, country: Option<&str>) -> (Vec<PlannedPerson>, Vec<String>) {
    let mut o = options("x.csv");
    o.country = country.map(str::to_owned);
    let mut people = Vec::new();
    let mut planner = Planner::new(o, |p| {
        people.push(p);
        ControlFlow::Continue(())
    });
    let bytes = text.as_bytes();
    lagom_import::read_csv(bytes, &lagom_import::sniff_csv(bytes), &mut planner).unwrap();
    planner.finish();
    let reasons = planner.issues.iter().map(|i| i.reason.clone()).collect();
    drop(planner);
    (people, reasons)
}

/// English headers, two Danish and two Norwegian addresses: the file does not tell.
const UNDECIDED: &str = "Name,Email,Phone\n\
                         Mette Hansen,mette@firma.dk,31456789\n\
                         Jens Larsen,jens@firma.dk,20123456\n\
                         Kari Nordmann,kari@firma.no,41234567\n\
                         Ola Nordmann,ola@firma.no,0101 0101\n";

#[test]
fn a_number_valid_in_two_plausible_countries_is_kept_as_written_and_flagged() {
    let (people, reasons) = plan_text(UNDECIDED, None);
    assert_eq!(phones(&people[0]), ["31456789"]);
    // 20123456 is not a Norwegian number: it can only be Danish.
    assert_eq!(phones(&people[1]), ["+4520123456"]);
    assert_eq!(phones(&people[2]), ["41234567"]);
    assert!(phones(&people[3]).is_empty());
    assert_eq!(
        reasons,
        [
            "ambiguous: a valid number in DK and NO; written without a country code, so it \
             was kept as written",
            "ambiguous: a valid number in DK and NO; written without a country code, so it \
             was kept as written",
            "not a valid phone number for DK or NO; the value was left out",
        ]
    );
}

#[test]
fn the_owners_choice_leaves_no_ambiguity() {
    let (people, reasons) = plan_text(UNDECIDED, Some("DK"));
    assert!(
        reasons.iter().all(|r| !r.starts_with("ambiguous")),
        "{reasons:?}"
    );
    assert_eq!(phones(&people[0]), ["+4531456789"]);
    assert_eq!(phones(&people[2]), ["+4541234567"]);
}

#[test]
fn without_anything_in_the_file_numbers_are_read_in_the_vaults_country() {
    let (people, reasons) = plan_text(
        "Name,Email,Phone\nKari Nordmann,kari@gmail.com,41234567\n",
        None,
    );
    assert!(reasons.is_empty(), "{reasons:?}");
    assert_eq!(phones(&people[0]), ["+4741234567"]);
}
