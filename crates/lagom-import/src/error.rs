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
    /// The file is bigger, in one of the ways `LIMITS.md` lists, than Lagom reads. Checked
    /// before anything that size is unpacked or allocated.
    #[error("{}{what}; Lagom reads at most {limit}", named(file))]
    TooLarge {
        /// The file's name (empty where a reader was given bytes without one).
        file: String,
        /// What is too large, and how large it is: "sheet 'Kunder' spans 16,384 columns".
        what: String,
        /// The limit, in the same words: "1,024 columns".
        limit: String,
    },
    /// The path is not a file that ends (a folder, a device such as `/dev/zero`, a pipe):
    /// reading it could block or never finish.
    #[error(
        "{}not a regular file ({kind}); Lagom imports saved files",
        named(file)
    )]
    NotAFile {
        /// The file's name.
        file: String,
        /// What it is instead: "a folder", "a device", "a pipe", …
        kind: &'static str,
    },
}

/// "kunder.csv: ", or nothing when there is no name.
fn named(file: &str) -> String {
    if file.is_empty() {
        String::new()
    } else {
        format!("{file}: ")
    }
}

impl ReadError {
    /// A limit exceeded, for a file not yet named (see [`ReadError::in_file`]).
    pub(crate) fn too_large(what: impl Into<String>, limit: impl Into<String>) -> Self {
        Self::TooLarge {
            file: String::new(),
            what: what.into(),
            limit: limit.into(),
        }
    }

    /// What is wrong, without the file's name: for a caller that names the file itself.
    pub fn reason(&self) -> String {
        match self {
            Self::TooLarge { what, limit, .. } => format!("{what}; Lagom reads at most {limit}"),
            Self::NotAFile { kind, .. } => {
                format!("not a regular file ({kind}); Lagom imports saved files")
            }
            other => other.to_string(),
        }
    }

    /// Names the file in an error that can carry its name and has none yet. Readers are
    /// given bytes or a stream; only the caller knows what the file is called.
    pub(crate) fn in_file(mut self, name: &str) -> Self {
        if let Self::TooLarge { file, .. } | Self::NotAFile { file, .. } = &mut self
            && file.is_empty()
        {
            *file = name.to_owned();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_names_the_file_what_and_the_limit() {
        let err = ReadError::too_large("sheet 'Kunder' spans 16,384 columns", "1,024 columns")
            .in_file("contacts.xlsx");
        assert_eq!(
            err.to_string(),
            "contacts.xlsx: sheet 'Kunder' spans 16,384 columns; Lagom reads at most 1,024 columns"
        );
        let unnamed = ReadError::too_large("the row starting on line 2 runs past 4 MB", "4 MB");
        assert_eq!(
            unnamed.to_string(),
            "the row starting on line 2 runs past 4 MB; Lagom reads at most 4 MB"
        );
    }

    #[test]
    fn a_name_once_given_stays() {
        let err = ReadError::too_large("x", "y")
            .in_file("a.csv")
            .in_file("b.csv");
        assert!(err.to_string().starts_with("a.csv: "), "{err}");
    }
}
