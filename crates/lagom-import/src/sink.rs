//! The seam between reading and consuming: readers push rows into a [`RowSink`] one at a
//! time, so what consumes them (a preview, the mapper, a test) decides what to keep.

use std::ops::ControlFlow;

/// Receives rows as a reader finds them.
pub trait RowSink {
    /// One row: `row` counts from 1 in the order rows were read (the header is row 1 when
    /// there is one); `line` is the line of the file the row starts on. Returning
    /// `ControlFlow::Break` stops the reader early (for a preview or a cancel).
    fn row(&mut self, row: u64, line: u64, cells: &[&str]) -> ControlFlow<()>;
}

/// A sink that keeps every row: for small files, previews and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Table {
    /// The rows, cells as read.
    pub rows: Vec<Vec<String>>,
    /// The file line each row started on.
    pub lines: Vec<u64>,
    /// Stop after this many rows (`None`: keep all).
    pub limit: Option<usize>,
}

impl Table {
    /// A table that keeps at most `limit` rows.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            limit: Some(limit),
            ..Self::default()
        }
    }
}

impl RowSink for Table {
    fn row(&mut self, _row: u64, line: u64, cells: &[&str]) -> ControlFlow<()> {
        self.rows
            .push(cells.iter().map(|c| (*c).to_owned()).collect());
        self.lines.push(line);
        match self.limit {
            Some(limit) if self.rows.len() >= limit => ControlFlow::Break(()),
            _ => ControlFlow::Continue(()),
        }
    }
}
