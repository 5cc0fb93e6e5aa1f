//! What calamine will hold once it reads a workbook, counted while the workbook is inspected
//! and checked against the limits as the count grows: filled cells, the rectangle each
//! sheet's filled cells span (calamine lays it out in full), text, shared strings. The
//! format checks feed it; it knows nothing of formats.

use crate::ReadError;
use crate::limits::{
    MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SHARED_STRINGS, MAX_TEXT_BYTES, count, megabytes,
};

fn cells_limit() -> String {
    format!(
        "{} cells in a workbook (save big sheets as CSV)",
        count(MAX_CELLS)
    )
}

/// Counts over the whole workbook.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    filled: u64,
    area: u64,
    laid_out: u64,
    text: u64,
    shared_strings: u64,
}

impl Tally {
    /// `bytes` more of text the reader will hold.
    pub(crate) fn text(&mut self, bytes: u64) -> Result<(), ReadError> {
        self.text = self.text.saturating_add(bytes);
        if self.text > MAX_TEXT_BYTES {
            return Err(ReadError::too_large(
                format!(
                    "the workbook holds more than {} of text",
                    megabytes(MAX_TEXT_BYTES)
                ),
                format!("{} of text in a workbook", megabytes(MAX_TEXT_BYTES)),
            ));
        }
        Ok(())
    }

    /// A shared strings list says it has `declared` strings (calamine reserves room for
    /// that many before reading one).
    pub(crate) fn shared_strings_declared(&self, declared: u64) -> Result<(), ReadError> {
        if declared > MAX_SHARED_STRINGS {
            return Err(ReadError::too_large(
                format!(
                    "the shared strings list declares {} strings",
                    count(declared)
                ),
                format!("{} shared strings", count(MAX_SHARED_STRINGS)),
            ));
        }
        Ok(())
    }

    /// One more shared string.
    pub(crate) fn shared_string(&mut self) -> Result<(), ReadError> {
        self.shared_strings += 1;
        if self.shared_strings > MAX_SHARED_STRINGS {
            return Err(ReadError::too_large(
                format!(
                    "the shared strings list has more than {} strings",
                    count(MAX_SHARED_STRINGS)
                ),
                format!("{} shared strings", count(MAX_SHARED_STRINGS)),
            ));
        }
        Ok(())
    }

    /// Cells a reader lays out on its way to a sheet's rectangle (ODS rows hold every
    /// column up to their last value, empty ones too).
    pub(crate) fn laid_out(&mut self, cells: u64) -> Result<(), ReadError> {
        self.laid_out = self.laid_out.saturating_add(cells);
        if self.laid_out > MAX_CELLS {
            return Err(spans_too_many_cells());
        }
        Ok(())
    }

    fn filled(&mut self, cells: u64) -> Result<(), ReadError> {
        self.filled = self.filled.saturating_add(cells);
        if self.filled > MAX_CELLS {
            return Err(ReadError::too_large(
                format!(
                    "the workbook has more than {} filled cells",
                    count(MAX_CELLS)
                ),
                cells_limit(),
            ));
        }
        Ok(())
    }
}

/// The extent of one sheet's filled cells (or of anything else calamine lays out as a
/// rectangle, such as an XLS sheet's formulas), found as they go by.
#[derive(Debug)]
pub(crate) struct Shape {
    /// "sheet 'Kunder'", as errors name it.
    label: String,
    rows: Option<(u64, u64)>,
    columns: Option<(u64, u64)>,
}

fn widen(span: &mut Option<(u64, u64)>, (first, last): (u64, u64)) -> u64 {
    let (low, high) = match *span {
        Some((low, high)) => (low.min(first), high.max(last)),
        None => (first, last),
    };
    *span = Some((low, high));
    high - low + 1
}

impl Shape {
    pub(crate) fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            rows: None,
            columns: None,
        }
    }

    /// One filled cell (0-based row and column).
    pub(crate) fn cell(
        &mut self,
        tally: &mut Tally,
        row: u64,
        column: u64,
    ) -> Result<(), ReadError> {
        self.cells(tally, (row, row), (column, column), 1)
    }

    /// `filled` cells within rows `rows` and columns `columns` (inclusive, 0-based): one
    /// cell, or a cell repeated across rows and columns as ODS writes it.
    pub(crate) fn cells(
        &mut self,
        tally: &mut Tally,
        rows: (u64, u64),
        columns: (u64, u64),
        filled: u64,
    ) -> Result<(), ReadError> {
        // The sheet's extent first: it says more about what is wrong than a count.
        let width = widen(&mut self.columns, columns);
        if width > MAX_COLUMNS {
            return Err(ReadError::too_large(
                format!("{} spans {} columns", self.label, count(width)),
                format!("{} columns", count(MAX_COLUMNS)),
            ));
        }
        let height = widen(&mut self.rows, rows);
        if height > MAX_ROWS {
            return Err(ReadError::too_large(
                format!("{} spans {} rows", self.label, count(height)),
                format!("{} rows", count(MAX_ROWS)),
            ));
        }
        let area = width.saturating_mul(height);
        if area > MAX_CELLS {
            return Err(ReadError::too_large(
                format!(
                    "{} spans {} rows × {} columns, {} cells",
                    self.label,
                    count(height),
                    count(width),
                    count(area)
                ),
                cells_limit(),
            ));
        }
        tally.filled(filled)
    }

    /// The sheet is done: its rectangle counts towards the workbook's.
    pub(crate) fn finish(self, tally: &mut Tally) -> Result<(), ReadError> {
        let span = |s: Option<(u64, u64)>| s.map_or(0, |(low, high)| high - low + 1);
        let area = span(self.rows).saturating_mul(span(self.columns));
        tally.area = tally.area.saturating_add(area);
        if tally.area > MAX_CELLS {
            return Err(spans_too_many_cells());
        }
        Ok(())
    }
}

/// The sheets' rectangles together pass the cell limit.
fn spans_too_many_cells() -> ReadError {
    ReadError::too_large(
        format!(
            "the workbook's sheets span more than {} cells together",
            count(MAX_CELLS)
        ),
        cells_limit(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_cell_is_refused_by_the_columns_it_spans() {
        let mut tally = Tally::default();
        let mut shape = Shape::new("sheet 'Kunder'");
        shape.cell(&mut tally, 0, 0).unwrap();
        let err = shape.cell(&mut tally, 1_048_575, 16_383).unwrap_err();
        assert_eq!(
            err.to_string(),
            "sheet 'Kunder' spans 16,384 columns; Lagom reads at most 1,024 columns"
        );
    }

    #[test]
    fn a_tall_narrow_sheet_is_refused_by_its_area() {
        let mut tally = Tally::default();
        let mut shape = Shape::new("sheet 'Kunder'");
        shape.cell(&mut tally, 0, 0).unwrap();
        shape.cell(&mut tally, 999_999, 1).unwrap();
        let err = shape.cell(&mut tally, 1_000_000, 1).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("sheet 'Kunder' spans 1,000,001 rows × 2 columns, 2,000,002 cells"),
            "{err}"
        );
    }

    #[test]
    fn sheets_count_together() {
        let mut tally = Tally::default();
        for name in ["a", "b"] {
            let mut shape = Shape::new(name);
            shape.cells(&mut tally, (0, 1_000_000), (0, 0), 1).unwrap();
            shape.cells(&mut tally, (0, 0), (0, 0), 1).unwrap();
            if name == "a" {
                shape.finish(&mut tally).unwrap();
            } else {
                let err = shape.finish(&mut tally).unwrap_err();
                assert!(err.to_string().contains("together"), "{err}");
            }
        }
    }

    #[test]
    fn text_and_shared_strings_have_their_limits() {
        let mut tally = Tally::default();
        tally.text(MAX_TEXT_BYTES).unwrap();
        assert!(tally.text(1).is_err());
        assert!(tally.shared_strings_declared(MAX_SHARED_STRINGS).is_ok());
        let err = tally.shared_strings_declared(4_294_967_295).unwrap_err();
        assert!(
            err.to_string().contains("declares 4,294,967,295 strings"),
            "{err}"
        );
    }
}
