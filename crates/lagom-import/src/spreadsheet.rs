//! Spreadsheets (XLSX, XLSM, XLS, XLSB, ODS) through `calamine`: every sheet listed with its
//! size, the chosen one read row by row as text. Dates become ISO 8601 (`2025-12-24`), whole
//! numbers lose Excel's `.0`, and rows and columns that are empty throughout are left out. Row
//! numbers given to the sink are the sheet's own, as the person sees them in Excel.

use std::io::Cursor;
use std::ops::ControlFlow;

use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};

use crate::{ReadError, RowSink};

/// A sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetInfo {
    /// Its name.
    pub name: String,
    /// Rows with at least one non-empty cell.
    pub rows: usize,
    /// Columns with at least one non-empty cell.
    pub columns: usize,
}

/// An open workbook.
pub struct Workbook {
    sheets: Sheets<Cursor<Vec<u8>>>,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Workbook(..)")
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => {
                t.date().format("%Y-%m-%d").to_string()
            }
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

fn spreadsheet_error(e: impl std::fmt::Display) -> ReadError {
    ReadError::Spreadsheet(e.to_string())
}

impl Workbook {
    /// Opens a workbook from its bytes, whatever its format.
    pub fn open(bytes: Vec<u8>) -> Result<Self, ReadError> {
        let sheets = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(spreadsheet_error)?;
        Ok(Self { sheets })
    }

    fn range(&mut self, name: &str) -> Result<calamine::Range<Data>, ReadError> {
        self.sheets.worksheet_range(name).map_err(spreadsheet_error)
    }

    /// Every sheet, in the workbook's order, with how many non-empty rows and columns it has.
    pub fn sheets(&mut self) -> Result<Vec<SheetInfo>, ReadError> {
        let names = self.sheets.sheet_names();
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let range = self.range(&name)?;
            let (rows, columns) = used(&range);
            out.push(SheetInfo {
                name,
                rows: rows.len(),
                columns: columns.len(),
            });
        }
        Ok(out)
    }

    /// Reads one sheet into `sink`. Returns how many rows were given to it.
    pub fn read_sheet(&mut self, name: &str, sink: &mut impl RowSink) -> Result<u64, ReadError> {
        if !self.sheets.sheet_names().iter().any(|n| n == name) {
            return Err(ReadError::NoSuchSheet(name.to_owned()));
        }
        let range = self.range(name)?;
        let (rows, columns) = used(&range);
        let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
        let mut given = 0;
        for (i, row) in range.rows().enumerate() {
            if !rows.contains(&i) {
                continue;
            }
            let texts: Vec<String> = columns
                .iter()
                .map(|&c| row.get(c).map(cell_text).unwrap_or_default())
                .collect();
            let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
            given += 1;
            // Sheet rows are numbered from 1, as Excel shows them.
            let number = u64::from(first_row) + i as u64 + 1;
            if let ControlFlow::Break(()) = sink.row(number, number, &cells) {
                break;
            }
        }
        Ok(given)
    }
}

/// The indexes (within the range) of rows and columns with at least one non-empty cell.
fn used(range: &calamine::Range<Data>) -> (Vec<usize>, Vec<usize>) {
    let mut rows = Vec::new();
    let mut columns = vec![false; range.width()];
    for (i, row) in range.rows().enumerate() {
        let mut any = false;
        for (c, cell) in row.iter().enumerate() {
            if !cell_text(cell).is_empty() {
                any = true;
                columns[c] = true;
            }
        }
        if any {
            rows.push(i);
        }
    }
    (
        rows,
        columns
            .iter()
            .enumerate()
            .filter(|(_, used)| **used)
            .map(|(c, _)| c)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_floats_lose_their_point_and_dates_are_iso() {
        assert_eq!(cell_text(&Data::Float(4791234567.0)), "4791234567");
        assert_eq!(cell_text(&Data::Float(12.5)), "12.5");
        assert_eq!(cell_text(&Data::String("  Kari ".into())), "Kari");
        let christmas =
            calamine::ExcelDateTime::new(46015.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(christmas)), "2025-12-24");
    }

    #[test]
    fn bytes_that_are_no_workbook_are_a_clear_error() {
        let err = Workbook::open(b"Fornavn;Etternavn\n".to_vec()).unwrap_err();
        assert!(matches!(err, ReadError::Spreadsheet(_)));
    }
}
