//! CSV with the encoding and dialect found, not asked: the encoding by [`detect_encoding`],
//! the delimiter (`,` `;` tab `|`) by which one splits the first records most consistently.
//! Parsing is the `csv` crate's RFC 4180 reader, flexible about the usual deviations: line
//! ends of `\n`, `\r\n` or `\r` alone, quotes inside unquoted fields kept as they are, and
//! rows of different lengths.

use std::io::Read;
use std::ops::ControlFlow;

use encoding_rs::Encoding;
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::text::{DetectedEncoding, detect_encoding};
use crate::{ReadError, RowSink};

/// The delimiters tried, in the order preferred when two split equally well.
const DELIMITERS: [u8; 4] = [b';', b',', b'\t', b'|'];
/// How many records of the sample decide the delimiter.
const SNIFF_RECORDS: usize = 200;

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvDialect {
    /// The text encoding.
    pub encoding: DetectedEncoding,
    /// The field delimiter.
    pub delimiter: u8,
}

impl CsvDialect {
    /// The delimiter as people name it.
    pub fn delimiter_name(&self) -> &'static str {
        match self.delimiter {
            b';' => "semicolon",
            b',' => "comma",
            b'\t' => "tab",
            b'|' => "pipe",
            _ => "other",
        }
    }
}

/// What reading a whole file found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvStats {
    /// Rows read (the header included).
    pub rows: u64,
    /// The fewest and most cells in a row.
    pub min_cells: usize,
    /// The most cells in a row.
    pub max_cells: usize,
    /// Characters that could not be decoded and were replaced by U+FFFD: more than a few
    /// means the encoding was guessed wrong.
    pub replaced_chars: u64,
}

/// Finds the encoding and delimiter from the first bytes of a file (64 KiB is plenty).
pub fn sniff_csv(sample: &[u8]) -> CsvDialect {
    let encoding = detect_encoding(sample);
    let (text, _) = encoding.encoding.decode_with_bom_removal(sample);
    // The sample may end inside a record; only whole lines take part.
    let whole = match text.rfind(['\n', '\r']) {
        Some(end) if end + 1 < text.len() => &text[..=end],
        _ => &text[..],
    };
    let delimiter = DELIMITERS
        .iter()
        .map(|d| (*d, consistency(whole, *d)))
        .fold((b',', (0.0, 0)), |best, (d, score)| {
            if score > best.1 { (d, score) } else { best }
        })
        .0;
    CsvDialect {
        encoding,
        delimiter,
    }
}

/// How well `delimiter` splits the text: the share of records with the most common number of
/// cells, and that number. A delimiter that never splits scores nothing.
fn consistency(text: &str, delimiter: u8) -> (f64, usize) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut counts: Vec<usize> = Vec::new();
    let mut record = csv::StringRecord::new();
    while counts.len() < SNIFF_RECORDS {
        match reader.read_record(&mut record) {
            Ok(true) => counts.push(record.len()),
            Ok(false) | Err(_) => break,
        }
    }
    if counts.is_empty() {
        return (0.0, 0);
    }
    let mut best = (0usize, 0usize);
    for &c in &counts {
        let freq = counts.iter().filter(|&&x| x == c).count();
        if (freq, c) > best {
            best = (freq, c);
        }
    }
    let (freq, mode) = best;
    if mode < 2 {
        return (0.0, 0);
    }
    (freq as f64 / counts.len() as f64, mode)
}

/// Reads a whole CSV stream in the given dialect, pushing every row into `sink`.
pub fn read_csv(
    input: impl Read,
    dialect: &CsvDialect,
    sink: &mut impl RowSink,
) -> Result<CsvStats, ReadError> {
    let encoding: &'static Encoding = dialect.encoding.encoding;
    let decoded = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .strip_bom(true)
        .build(input);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(decoded);
    let mut stats = CsvStats {
        min_cells: usize::MAX,
        ..CsvStats::default()
    };
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(match e.into_kind() {
                    csv::ErrorKind::Io(io) => ReadError::Io(io),
                    other => ReadError::Csv {
                        line,
                        message: format!("{other:?}"),
                    },
                });
            }
        }
        stats.rows += 1;
        stats.min_cells = stats.min_cells.min(record.len());
        stats.max_cells = stats.max_cells.max(record.len());
        let cells: Vec<&str> = record.iter().collect();
        stats.replaced_chars += cells
            .iter()
            .map(|c| c.matches('\u{FFFD}').count() as u64)
            .sum::<u64>();
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if let ControlFlow::Break(()) = sink.row(stats.rows, line, &cells) {
            break;
        }
    }
    if stats.rows == 0 {
        stats.min_cells = 0;
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Table;

    fn read(bytes: &[u8]) -> (CsvDialect, Vec<Vec<String>>) {
        let dialect = sniff_csv(bytes);
        let mut table = Table::default();
        read_csv(bytes, &dialect, &mut table).expect("read");
        (dialect, table.rows)
    }

    fn check(bytes: &[u8], delimiter: u8, expected: &[&[&str]]) {
        let (dialect, rows) = read(bytes);
        assert_eq!(
            dialect.delimiter as char,
            delimiter as char,
            "delimiter of {:?}",
            String::from_utf8_lossy(bytes)
        );
        let expected: Vec<Vec<String>> = expected
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect();
        assert_eq!(rows, expected);
    }

    #[test]
    fn every_delimiter_is_found() {
        check(
            b"a,b,c\n1,2,3\n",
            b',',
            &[&["a", "b", "c"], &["1", "2", "3"]],
        );
        check(
            b"a;b;c\n1;2;3\n",
            b';',
            &[&["a", "b", "c"], &["1", "2", "3"]],
        );
        check(
            b"a\tb\tc\n1\t2\t3\n",
            b'\t',
            &[&["a", "b", "c"], &["1", "2", "3"]],
        );
        check(
            b"a|b|c\n1|2|3\n",
            b'|',
            &[&["a", "b", "c"], &["1", "2", "3"]],
        );
    }

    #[test]
    fn decimal_commas_do_not_fool_the_semicolon() {
        check(
            b"Navn;Bel\xf8p;Dato\nKari;1,5;24.12.2025\nOla;12,75;01.02.2026\n",
            b';',
            &[
                &["Navn", "Beløp", "Dato"],
                &["Kari", "1,5", "24.12.2025"],
                &["Ola", "12,75", "01.02.2026"],
            ],
        );
    }

    #[test]
    fn carriage_returns_alone_end_lines() {
        check(
            b"a,b\r1,2\r3,4",
            b',',
            &[&["a", "b"], &["1", "2"], &["3", "4"]],
        );
    }

    #[test]
    fn stray_quotes_and_ragged_rows_are_kept() {
        check(
            b"name,note\nKari,she said \"hi\"\nOla\nPer,x,extra\n",
            b',',
            &[
                &["name", "note"],
                &["Kari", "she said \"hi\""],
                &["Ola"],
                &["Per", "x", "extra"],
            ],
        );
    }

    #[test]
    fn a_single_column_file_reads_as_one_column() {
        let (_, rows) = read(b"email\nkari@example.no\nola@example.no\n");
        assert_eq!(
            rows,
            vec![
                vec!["email"],
                vec!["kari@example.no"],
                vec!["ola@example.no"]
            ]
        );
    }

    #[test]
    fn a_sink_can_stop_the_reader() {
        let bytes = b"a,b\n1,2\n3,4\n5,6\n";
        let mut table = Table::with_limit(2);
        let stats = read_csv(&bytes[..], &sniff_csv(bytes), &mut table).expect("read");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(stats.rows, 2);
    }

    #[test]
    fn rows_know_the_line_they_start_on() {
        let bytes = b"a,b\n\"multi\nline\",2\nx,y\n";
        let mut table = Table::default();
        read_csv(&bytes[..], &sniff_csv(bytes), &mut table).expect("read");
        assert_eq!(table.lines, vec![1, 2, 4]);
    }
}
