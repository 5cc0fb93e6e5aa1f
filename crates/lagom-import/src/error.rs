//! What can stop a reader altogether (as opposed to a bad row, which is reported and skipped).

use thiserror::Error;

/// A file could not be read at all.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Reading the bytes failed.
    #[error("reading failed: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not a workbook calamine can read, or the workbook is damaged.
    #[error("the spreadsheet could not be read: {0}")]
    Spreadsheet(String),
    /// The workbook has no sheet of that name.
    #[error("the workbook has no sheet named {0:?}")]
    NoSuchSheet(String),
    /// The CSV parser gave up (it only does so on I/O errors; malformed rows are kept).
    #[error("the file could not be read as CSV near line {line}: {message}")]
    Csv {
        /// The line the parser was on.
        line: u64,
        /// The parser's report.
        message: String,
    },
}
