//! Spreadsheets (XLSX, XLSM, XLS, XLSB, ODS) through `calamine`: every sheet listed with its
//! size, the chosen one read row by row as text. Dates become ISO 8601 (`2025-12-24`), whole
//! numbers lose Excel's `.0`, and rows and columns that are empty throughout are left out. Row
//! numbers given to the sink are the sheet's own, as the person sees them in Excel.
//!
//! A workbook is checked against the limits ([`crate::inspect`]) before calamine sees it, and
//! opened by the one reader its format needs. XLSX and XLSB sheets are read with shared
//! strings borrowed, not copied into each cell.

use std::io::Cursor;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use calamine::{
    DataType, Ods, Range, Reader, ReaderRef, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs,
};

use crate::inspect::{self, Kind};
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

/// A workbook's bytes, shared with calamine's reader without a copy: owned when read from
/// disk, shared when they came from memory.
#[derive(Clone)]
enum Bytes {
    Owned(Arc<Vec<u8>>),
    Shared(Arc<[u8]>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Shared(s) => s,
        }
    }
}

/// An open workbook.
pub struct Workbook {
    sheets: Sheets<Cursor<Bytes>>,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Workbook(..)")
    }
}

fn cell_text<T: DataType>(cell: &T) -> String {
    if let Some(s) = cell.get_string() {
        return s.trim().to_owned();
    }
    if let Some(dt) = cell.get_datetime() {
        return match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => {
                t.date().format("%Y-%m-%d").to_string()
            }
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => dt.as_f64().to_string(),
        };
    }
    if let Some(s) = cell.get_datetime_iso().or(cell.get_duration_iso()) {
        return s.to_owned();
    }
    if let Some(i) = cell.get_int() {
        return i.to_string();
    }
    if let Some(f) = cell.get_float() {
        return if f.fract() == 0.0 && f.abs() < 1e15 {
            format!("{}", f as i64)
        } else {
            f.to_string()
        };
    }
    if let Some(b) = cell.get_bool() {
        return b.to_string();
    }
    // Empty, or an error such as #N/A.
    String::new()
}

fn spreadsheet_error(e: impl std::fmt::Display) -> ReadError {
    ReadError::Spreadsheet(e.to_string())
}

/// Runs a call into calamine, turning a panic into an error. The checks keep calamine from
/// the inputs known to make it allocate without bound or overflow; a damaged file can still
/// trip one of its other assumptions (an index past the end of a record), and then the
/// import of that file must fail, not the process that serves every other.
fn guarded<T>(call: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|_| {
        Err(ReadError::Spreadsheet(
            "the workbook is damaged in a way the reader could not handle".into(),
        ))
    })
}

/// Runs `$body` with `$range` bound to sheet `$name` of `$sheets`: a range borrowing the
/// workbook's shared strings for XLSX and XLSB, a range of owned cells for XLS and ODS
/// (calamine has no other). A macro because the two ranges are different types.
macro_rules! with_range {
    ($sheets:expr, $name:expr, |$range:ident| $body:expr) => {
        match $sheets {
            Sheets::Xlsx(book) => {
                let $range = book.worksheet_range_ref($name).map_err(spreadsheet_error)?;
                $body
            }
            Sheets::Xlsb(book) => {
                let $range = book.worksheet_range_ref($name).map_err(spreadsheet_error)?;
                $body
            }
            Sheets::Xls(book) => {
                let $range = book.worksheet_range($name).map_err(spreadsheet_error)?;
                $body
            }
            Sheets::Ods(book) => {
                let $range = book.worksheet_range($name).map_err(spreadsheet_error)?;
                $body
            }
        }
    };
}

impl Workbook {
    /// Opens a workbook from its bytes, whatever its format, once they pass the limits.
    pub fn open(bytes: Vec<u8>) -> Result<Self, ReadError> {
        Self::open_bytes(Bytes::Owned(Arc::new(bytes)))
    }

    /// Opens a workbook whose bytes are shared (a file handed over in memory), without
    /// copying them.
    pub(crate) fn open_shared(bytes: Arc<[u8]>) -> Result<Self, ReadError> {
        Self::open_bytes(Bytes::Shared(bytes))
    }

    fn open_bytes(bytes: Bytes) -> Result<Self, ReadError> {
        let kind = inspect::workbook(bytes.as_ref())?;
        let cursor = Cursor::new(bytes);
        let sheets = guarded(|| {
            Ok(match kind {
                Kind::Xls => Sheets::Xls(
                    open_workbook_from_rs::<Xls<_>, _>(cursor).map_err(spreadsheet_error)?,
                ),
                Kind::Xlsx => Sheets::Xlsx(
                    open_workbook_from_rs::<Xlsx<_>, _>(cursor).map_err(spreadsheet_error)?,
                ),
                Kind::Xlsb => Sheets::Xlsb(
                    open_workbook_from_rs::<Xlsb<_>, _>(cursor).map_err(spreadsheet_error)?,
                ),
                Kind::Ods => Sheets::Ods(
                    open_workbook_from_rs::<Ods<_>, _>(cursor).map_err(spreadsheet_error)?,
                ),
            })
        })?;
        Ok(Self { sheets })
    }

    /// Every sheet, in the workbook's order, with how many non-empty rows and columns it has.
    pub fn sheets(&mut self) -> Result<Vec<SheetInfo>, ReadError> {
        let names = self.sheets.sheet_names();
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let (rows, columns) = guarded(|| {
                with_range!(&mut self.sheets, &name, |range| {
                    let (rows, columns) = used(&range);
                    Ok((rows.len(), columns.len()))
                })
            })?;
            out.push(SheetInfo {
                name,
                rows,
                columns,
            });
        }
        Ok(out)
    }

    /// Reads one sheet into `sink`. Returns how many rows were given to it.
    pub fn read_sheet(&mut self, name: &str, sink: &mut impl RowSink) -> Result<u64, ReadError> {
        if !self.sheets.sheet_names().iter().any(|n| n == name) {
            return Err(ReadError::NoSuchSheet(name.to_owned()));
        }
        guarded(|| with_range!(&mut self.sheets, name, |range| Ok(give_rows(&range, sink))))
    }
}

/// Gives the rows of `range` with anything in them to `sink`, their empty columns left out.
fn give_rows<T: DataType + calamine::CellType>(range: &Range<T>, sink: &mut impl RowSink) -> u64 {
    let (rows, columns) = used(range);
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
    given
}

/// The indexes (within the range) of rows and columns with at least one non-empty cell.
fn used<T: DataType + calamine::CellType>(range: &Range<T>) -> (Vec<usize>, Vec<usize>) {
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

    use calamine::{Data, DataRef};

    #[test]
    fn whole_floats_lose_their_point_and_dates_are_iso() {
        assert_eq!(cell_text(&Data::Float(4791234567.0)), "4791234567");
        assert_eq!(cell_text(&DataRef::SharedString(" Kari ")), "Kari");
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::Bool(true)), "true");
        assert_eq!(cell_text(&DataRef::Empty), "");
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
