//! Workbooks as Excel saves them: a title row above the header, two sheets, dates as date
//! cells, phone numbers typed as numbers. The fixture is written by this test with
//! `rust_xlsxwriter`, so it is readable here as code.

use lagom_import::{SheetInfo, Table, Workbook, find_header};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as XlsxWriter};

fn two_sheet_workbook() -> Vec<u8> {
    let mut book = XlsxWriter::new();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let customers = book.add_worksheet().set_name("Kunder").unwrap();
    customers.write(0, 0, "Kundeliste 2025").unwrap();
    customers
        .write_row(
            2,
            1,
            ["Fornavn", "Etternavn", "E-post", "Mobil", "Kunde siden"],
        )
        .unwrap();
    customers
        .write_row(3, 1, ["Bjørn", "Kjær", "bjorn@kjaer.no"])
        .unwrap();
    customers.write(3, 4, 4791234567_f64).unwrap();
    customers
        .write_with_format(3, 5, ExcelDateTime::from_ymd(2025, 12, 24).unwrap(), &date)
        .unwrap();
    customers
        .write_row(5, 1, ["Åse", "Sørensen", "ase@fjord.no", "412 34 567"])
        .unwrap();
    let suppliers = book.add_worksheet().set_name("Leverandører").unwrap();
    suppliers.write_row(0, 0, ["Firma", "Kontakt"]).unwrap();
    suppliers.write_row(1, 0, ["Fjord Rør AS", "Ola"]).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn sheets_are_listed_with_their_sizes() {
    let mut book = Workbook::open(two_sheet_workbook()).unwrap();
    assert_eq!(
        book.sheets().unwrap(),
        vec![
            SheetInfo {
                name: "Kunder".into(),
                rows: 4,
                columns: 6
            },
            SheetInfo {
                name: "Leverandører".into(),
                rows: 2,
                columns: 2
            },
        ]
    );
}

#[test]
fn the_chosen_sheet_reads_without_empty_rows_or_columns_and_with_iso_dates() {
    let mut book = Workbook::open(two_sheet_workbook()).unwrap();
    let mut table = Table::default();
    assert_eq!(book.read_sheet("Kunder", &mut table).unwrap(), 4);
    let expected: Vec<Vec<&str>> = vec![
        vec!["Kundeliste 2025", "", "", "", "", ""],
        vec!["", "Fornavn", "Etternavn", "E-post", "Mobil", "Kunde siden"],
        vec![
            "",
            "Bjørn",
            "Kjær",
            "bjorn@kjaer.no",
            "4791234567",
            "2025-12-24",
        ],
        vec!["", "Åse", "Sørensen", "ase@fjord.no", "412 34 567", ""],
    ];
    assert_eq!(table.rows, expected);
    // Rows keep the numbers Excel shows, so problems can point at them.
    assert_eq!(table.lines, vec![1, 3, 4, 6]);
    assert_eq!(find_header(&table.rows), Some(1));
}

#[test]
fn a_missing_sheet_and_a_broken_file_are_clear_errors() {
    let mut book = Workbook::open(two_sheet_workbook()).unwrap();
    let err = book
        .read_sheet("Ansatte", &mut Table::default())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the workbook has no sheet named \"Ansatte\""
    );
    let mut bytes = two_sheet_workbook();
    bytes.truncate(bytes.len() / 2);
    assert!(Workbook::open(bytes).is_err());
}

/// The rows of the first sheet of `bytes`, read through the public API.
fn first_sheet(bytes: Vec<u8>) -> (Vec<SheetInfo>, Vec<Vec<String>>) {
    let mut book = Workbook::open(bytes).unwrap();
    let sheets = book.sheets().unwrap();
    let mut table = Table::default();
    book.read_sheet(&sheets[0].name, &mut table).unwrap();
    (sheets, table.rows)
}

fn rows(expected: &[&[&str]]) -> Vec<Vec<String>> {
    expected
        .iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

#[test]
fn an_xls_file_reads_through_the_checks() {
    use crate::hostile_files::{xls, xls_label, xls_number, xls_shared};
    let bytes = xls(
        &[
            xls_label(0, 0, "Navn"),
            xls_shared(0, 1, 0),
            xls_label(1, 0, "Kari"),
            xls_number(1, 1, 4791234567.0),
        ],
        &["Mobil"],
    );
    let (sheets, read) = first_sheet(bytes);
    assert_eq!(sheets[0].name, "Kunder");
    assert_eq!(read, rows(&[&["Navn", "Mobil"], &["Kari", "4791234567"]]));
}

#[test]
fn an_xlsb_file_reads_through_the_checks() {
    use crate::hostile_files::{xlsb, xlsb_row, xlsb_text};
    let bytes = xlsb(&[
        xlsb_row(0),
        xlsb_text(0, "Navn"),
        xlsb_text(1, "E-post"),
        xlsb_row(1),
        xlsb_text(0, "Kari"),
        xlsb_text(1, "kari@example.no"),
    ]);
    let (sheets, read) = first_sheet(bytes);
    assert_eq!(sheets[0].name, "Kunder");
    assert_eq!(
        read,
        rows(&[&["Navn", "E-post"], &["Kari", "kari@example.no"]])
    );
}

#[test]
fn an_ods_file_with_repeats_reads_through_the_checks() {
    use crate::hostile_files::{ods, ods_row};
    let bytes = ods(&format!(
        "{}{}{}",
        ods_row(&[("Navn", 1), ("Poststed", 1)], 1),
        ods_row(&[("Kari", 1), ("Oslo", 1)], 2),
        // LibreOffice ends a sheet with its empty rows and columns, repeated.
        r#"<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
    ));
    let (sheets, read) = first_sheet(bytes);
    assert_eq!(sheets[0].rows, 3);
    assert_eq!(
        read,
        rows(&[&["Navn", "Poststed"], &["Kari", "Oslo"], &["Kari", "Oslo"]])
    );
}
