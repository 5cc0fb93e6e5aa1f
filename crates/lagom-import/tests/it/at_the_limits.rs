//! The largest workbooks the limits let through, read to the end: the measurement behind
//! "peak memory stays under 500 MB for any accepted workbook" (`LIMITS.md`). Each file sits
//! at the cell, text and size limits at once, in its format's costliest way. Minutes to
//! make and read in a debug build, so run on demand:
//! `cargo test -p lagom-import --test it at_the_limits -- --ignored --nocapture`.

use std::time::Duration;

use crate::hostile::{read_in_child_within, write};
use crate::hostile_files;

const MEMORY_CEILING_MB: u64 = 500;

/// Reads the file in a child, checks it was read whole under the memory ceiling, and prints
/// what it took.
fn check_read(path: &std::path::Path, rows: u64) {
    let size = std::fs::metadata(path).unwrap().len();
    let reading = read_in_child_within(path, Duration::from_secs(600));
    println!(
        "{}: {:.1} MB file, peak {} MB, {:.1} s: {:?}",
        path.file_name().unwrap().to_string_lossy(),
        size as f64 / 1e6,
        reading.peak_mb,
        reading.took.as_secs_f64(),
        reading.outcome
    );
    let outcome = reading.outcome.expect("read, not refused");
    assert!(outcome.starts_with(&format!("rows={rows} ")), "{outcome}");
    assert!(
        reading.peak_mb < MEMORY_CEILING_MB,
        "peaked at {} MB",
        reading.peak_mb
    );
}

/// "Kunde 0001234 Nordmann, Storgata" and the like: 30 characters, different in each cell.
fn text(i: u64) -> String {
    format!("Kunde {i:07} Nordmann, Storg")
}

#[test]
#[ignore = "minutes in a debug build; run on demand to measure"]
fn an_xlsx_workbook_at_the_limits_stays_under_500_mb() {
    // 100,000 rows × 20 columns: 1,000,000 shared strings and 1,000,000 inline strings of
    // 30 characters (60 MB of text, under the 64 MB limit).
    let (rows, columns) = (100_000u64, 20u64);
    let mut strings = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1000000" uniqueCount="1000000">"#,
    );
    let mut sheet = String::new();
    for r in 0..rows {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for c in 0..columns {
            let at = format!("{}{}", char::from(b'A' + c as u8), r + 1);
            let i = r * columns + c;
            if c < columns / 2 {
                let index = r * (columns / 2) + c;
                strings.push_str(&format!("<si><t>{}</t></si>", text(index)));
                sheet.push_str(&format!(r#"<c r="{at}" t="s"><v>{index}</v></c>"#));
            } else {
                sheet.push_str(&format!(
                    r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    text(i)
                ));
            }
        }
        sheet.push_str("</row>");
    }
    strings.push_str("</sst>");
    let bytes = hostile_files::xlsx(&hostile_files::sheet_xml(&sheet), Some(&strings));
    let dir = tempfile::tempdir().unwrap();
    check_read(&write(dir.path(), "grense.xlsx", &bytes), rows);
}

#[test]
#[ignore = "minutes in a debug build; run on demand to measure"]
fn an_xls_workbook_at_the_limits_stays_under_500_mb() {
    use hostile_files::{xls, xls_label, xls_number};
    // 64,000 rows × 30 columns (1,920,000 cells): half labels of 20 characters, half
    // numbers; a 49 MB file, its text just under the limit as counted.
    let (rows, columns) = (64_000u16, 30u16);
    let mut cells = Vec::with_capacity(usize::from(rows) * usize::from(columns));
    for r in 0..rows {
        for c in 0..columns {
            cells.push(if c < columns / 2 {
                xls_label(r, c, &text(u64::from(r) * 100 + u64::from(c))[..20])
            } else {
                xls_number(r, c, f64::from(r) * 1000.0 + f64::from(c))
            });
        }
    }
    let bytes = xls(&cells, &[]);
    drop(cells);
    let dir = tempfile::tempdir().unwrap();
    check_read(&write(dir.path(), "grense.xls", &bytes), u64::from(rows));
}

#[test]
#[ignore = "minutes in a debug build; run on demand to measure"]
fn an_ods_workbook_at_the_limits_stays_under_500_mb() {
    // 100,000 rows × 20 columns: numbers, and text of 10 characters in half the columns.
    let (rows, columns) = (100_000u64, 20u64);
    let mut content = String::new();
    for r in 0..rows {
        content.push_str("<table:table-row>");
        for c in 0..columns {
            if c < columns / 2 {
                content.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    &text(r * columns + c)[..10]
                ));
            } else {
                content.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{}"/>"#,
                    r * columns + c
                ));
            }
        }
        content.push_str("</table:table-row>");
    }
    let bytes = hostile_files::ods(&content);
    let dir = tempfile::tempdir().unwrap();
    check_read(&write(dir.path(), "grense.ods", &bytes), rows);
}
