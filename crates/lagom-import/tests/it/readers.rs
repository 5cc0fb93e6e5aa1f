//! Every encoding and dialect a Nordic office produces reads to the same rows. The fixture
//! is the table below; each test saves it the way a program would (Excel on a Nordic locale,
//! Excel's "Unicode text", Google's export, an old Mac), quoting as that program quotes.

use encoding_rs::{Encoding, ISO_8859_15, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use lagom_import::{Table, read_csv, sniff_csv};
use proptest::prelude::*;

/// The fixture as `encoding`, with or without a byte-order mark, with `delimiter` and `eol`.
fn saved_as(encoding: &'static Encoding, bom: bool, delimiter: char, eol: &str) -> Vec<u8> {
    let terminator = match eol {
        "\r\n" => csv::Terminator::CRLF,
        other => csv::Terminator::Any(other.as_bytes()[0]),
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter as u8)
        .terminator(terminator)
        .flexible(true)
        .from_writer(Vec::new());
    for row in expected_rows() {
        writer.write_record(&row).unwrap();
    }
    let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let mut out = Vec::new();
    if encoding == UTF_16LE {
        if bom {
            out.extend_from_slice(&[0xFF, 0xFE]);
        }
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    } else if encoding == UTF_16BE {
        if bom {
            out.extend_from_slice(&[0xFE, 0xFF]);
        }
        out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    } else {
        if bom {
            out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
        }
        let (bytes, _, unmappable) = encoding.encode(&text);
        assert!(!unmappable, "the fixture fits {}", encoding.name());
        out.extend_from_slice(&bytes);
    }
    out
}

fn expected_rows() -> Vec<Vec<String>> {
    vec![
        vec!["Kundeliste fra regnskapet", "", "", "", ""],
        vec![
            "Fornavn",
            "Etternavn",
            "E-post",
            "Mobil",
            "Beløp",
            "Sist kontaktet",
        ],
        vec![
            "Bjørn",
            "Kjær",
            "bjorn@kjaer.no",
            "+47 912 34 567",
            "1 250,50",
            "24.12.2025",
        ],
        vec![
            "Åse",
            "Sørensen",
            "ase@fjord.no",
            "412 34 567",
            "99,90",
            "01.02.2026",
        ],
        vec![
            "Märta \"Lillan\"",
            "Öberg",
            "marta@oberg.se",
            "070-123 45 67",
            "0,00",
            "31.01.2026",
        ],
        vec!["Jürgen", "Groß", "jurgen@gross.de", "", "12,00", ""],
    ]
    .into_iter()
    .map(|r| r.into_iter().map(str::to_owned).collect())
    .collect()
}

fn check(bytes: &[u8], encoding: &'static Encoding, delimiter: char) {
    let dialect = sniff_csv(bytes);
    assert_eq!(dialect.encoding.encoding, encoding, "encoding");
    assert_eq!(dialect.delimiter as char, delimiter, "delimiter");
    let mut table = Table::default();
    let stats = read_csv(bytes, &dialect, &mut table).unwrap();
    assert_eq!(table.rows, expected_rows());
    assert_eq!(stats.replaced_chars, 0);
    assert_eq!((stats.min_cells, stats.max_cells), (5, 6));
}

#[test]
fn excel_on_a_nordic_locale_windows_1252_semicolons_crlf() {
    check(
        &saved_as(WINDOWS_1252, false, ';', "\r\n"),
        WINDOWS_1252,
        ';',
    );
}

#[test]
fn utf8_with_a_byte_order_mark_and_commas() {
    check(&saved_as(UTF_8, true, ',', "\r\n"), UTF_8, ',');
}

#[test]
fn utf8_without_a_byte_order_mark_and_pipes() {
    check(&saved_as(UTF_8, false, '|', "\n"), UTF_8, '|');
}

#[test]
fn excel_unicode_text_utf16le_with_tabs() {
    check(&saved_as(UTF_16LE, true, '\t', "\r\n"), UTF_16LE, '\t');
}

#[test]
fn utf16be_with_and_without_a_mark() {
    check(&saved_as(UTF_16BE, true, ';', "\n"), UTF_16BE, ';');
    check(&saved_as(UTF_16BE, false, ';', "\n"), UTF_16BE, ';');
}

#[test]
fn old_mac_line_ends_carriage_return_only() {
    check(&saved_as(WINDOWS_1252, false, ';', "\r"), WINDOWS_1252, ';');
}

#[test]
fn iso_8859_15_reads_right() {
    let bytes = saved_as(ISO_8859_15, false, ';', "\n");
    let dialect = sniff_csv(&bytes);
    let mut table = Table::default();
    read_csv(&bytes[..], &dialect, &mut table).unwrap();
    assert_eq!(
        table.rows,
        expected_rows(),
        "read as {}",
        dialect.encoding.name()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_input_makes_the_csv_reader_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let dialect = sniff_csv(&bytes);
        let mut table = Table::default();
        let _ = read_csv(&bytes[..], &dialect, &mut table);
    }

    #[test]
    fn csv_like_text_never_panics_and_keeps_every_row(
        rows in proptest::collection::vec(proptest::collection::vec("[a-zæøå0-9 \",;\\t|\\r\\n]{0,8}", 1..5), 0..20)
    ) {
        let text: String = rows.iter().map(|r| r.join(";")).collect::<Vec<_>>().join("\n");
        let dialect = sniff_csv(text.as_bytes());
        let mut table = Table::default();
        let stats = read_csv(text.as_bytes(), &dialect, &mut table).unwrap();
        prop_assert_eq!(stats.rows as usize, table.rows.len());
    }
}
