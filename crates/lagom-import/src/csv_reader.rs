//! CSV with the encoding and dialect found, not asked: the encoding by [`detect_encoding`],
//! the delimiter (`,` `;` tab `|`) by which one splits the first records most consistently.
//! Parsing is `csv-core`, the RFC 4180 parser of the `csv` crate, flexible about the usual
//! deviations: line ends of `\n`, `\r\n` or `\r` alone, quotes inside unquoted fields kept as
//! they are, and rows of different lengths. A row may be at most [`MAX_LINE_BYTES`] long and have at most
//! [`MAX_COLUMNS`] cells; the file itself is streamed and may have any number of rows.

use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;

use csv_core::ReadRecordResult;
use encoding_rs::Encoding;
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::limits::{MAX_COLUMNS, MAX_LINE_BYTES, count, megabytes};
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

/// Where a row's text is built while it is read: grown as a row needs it, up to
/// [`MAX_LINE_BYTES`] of text and [`MAX_COLUMNS`] cells, so that one endless line (or a
/// quote that is never closed) stops the reader instead of filling memory.
struct RowBuffer {
    text: Vec<u8>,
    ends: Vec<usize>,
}

impl RowBuffer {
    fn new() -> Self {
        Self {
            text: vec![0; 4096],
            ends: vec![0; 64],
        }
    }

    /// Doubles the text buffer, or says the row is too long.
    fn grow_text(&mut self, line: u64) -> Result<(), ReadError> {
        let limit = MAX_LINE_BYTES as usize;
        if self.text.len() >= limit {
            return Err(ReadError::too_large(
                format!(
                    "the row starting on line {line} runs past {} (a quote that is never closed can do this)",
                    megabytes(MAX_LINE_BYTES)
                ),
                format!("{} in a row", megabytes(MAX_LINE_BYTES)),
            ));
        }
        self.text.resize((self.text.len() * 2).min(limit), 0);
        Ok(())
    }

    /// Doubles the room for cell ends, or says the row has too many cells.
    fn grow_ends(&mut self, line: u64) -> Result<(), ReadError> {
        let limit = MAX_COLUMNS as usize;
        if self.ends.len() >= limit {
            return Err(ReadError::too_large(
                format!(
                    "the row starting on line {line} has more than {} cells",
                    count(MAX_COLUMNS)
                ),
                format!("{} columns", count(MAX_COLUMNS)),
            ));
        }
        self.ends.resize((self.ends.len() * 2).min(limit), 0);
        Ok(())
    }
}

/// Reads a whole CSV stream in the given dialect, pushing every row into `sink`.
///
/// Rows are split by `csv-core`, the parser inside the `csv` crate, driven here so that the
/// row's buffer is bounded (see [`RowBuffer`]); the rows are the same as the `csv` crate's
/// flexible reader gives.
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
    let mut input = BufReader::with_capacity(64 * 1024, decoded);
    let mut parser = csv_core::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .build();
    let mut buffer = RowBuffer::new();
    let mut stats = CsvStats {
        min_cells: usize::MAX,
        ..CsvStats::default()
    };
    loop {
        // A row's line is where the parser stood when the row before it ended, as the csv
        // crate counts it.
        let line = parser.line();
        let (mut text_len, mut ends_len) = (0, 0);
        let ended = loop {
            let available = input.fill_buf()?;
            let (result, read, written, ended_cells) = parser.read_record(
                available,
                &mut buffer.text[text_len..],
                &mut buffer.ends[ends_len..],
            );
            input.consume(read);
            text_len += written;
            ends_len += ended_cells;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => buffer.grow_text(line)?,
                ReadRecordResult::OutputEndsFull => buffer.grow_ends(line)?,
                ReadRecordResult::Record => break false,
                ReadRecordResult::End => break true,
            }
        };
        if ended {
            break;
        }
        // The decoder gives UTF-8 and cells split at ASCII bytes, so each cell is whole
        // UTF-8; the lossy path is never taken but costs nothing to keep.
        let mut start = 0;
        let cells: Vec<std::borrow::Cow<'_, str>> = buffer.ends[..ends_len]
            .iter()
            .map(|&end| {
                let cell = String::from_utf8_lossy(&buffer.text[start..end]);
                start = end;
                cell
            })
            .collect();
        let cells: Vec<&str> = cells.iter().map(|c| c.as_ref()).collect();
        stats.rows += 1;
        stats.min_cells = stats.min_cells.min(cells.len());
        stats.max_cells = stats.max_cells.max(cells.len());
        stats.replaced_chars += cells
            .iter()
            .map(|c| c.matches('\u{FFFD}').count() as u64)
            .sum::<u64>();
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
    fn a_row_longer_than_the_limit_is_refused_naming_its_line() {
        let mut bytes = b"Navn,Notat\nKari,kort\nOla,\"".to_vec();
        bytes.resize(bytes.len() + MAX_LINE_BYTES as usize + 10, b'x');
        let mut table = Table::default();
        let err = read_csv(&bytes[..], &sniff_csv(&bytes[..100]), &mut table).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("line 3"), "{err}");
        assert_eq!(table.rows.len(), 2, "the rows before it were read");
    }

    #[test]
    fn a_row_just_under_the_limit_reads_whole() {
        let cell = "x".repeat(MAX_LINE_BYTES as usize - 10);
        let bytes = format!("a,b\n1,{cell}\n");
        let (_, rows) = read(bytes.as_bytes());
        assert_eq!(rows[1][1].len(), cell.len());
    }

    #[test]
    fn a_row_of_more_cells_than_columns_allowed_is_refused() {
        let row = ",".repeat(MAX_COLUMNS as usize);
        let bytes = format!("a,b\n{row}\n");
        let mut table = Table::default();
        let err = read_csv(bytes.as_bytes(), &sniff_csv(b"a,b\n1,2\n"), &mut table).unwrap_err();
        assert!(err.to_string().contains("more than 1,024 cells"), "{err}");
        let fits = format!("a,b\n{}\n", ",".repeat(MAX_COLUMNS as usize - 1));
        let (_, rows) = read(fits.as_bytes());
        assert_eq!(rows[1].len(), MAX_COLUMNS as usize);
    }

    #[test]
    fn rows_know_the_line_they_start_on() {
        let bytes = b"a,b\n\"multi\nline\",2\nx,y\n";
        let mut table = Table::default();
        read_csv(&bytes[..], &sniff_csv(bytes), &mut table).expect("read");
        assert_eq!(table.lines, vec![1, 2, 4]);
    }

    proptest::proptest! {
        /// The rows and their lines are the `csv` crate's flexible reader's (which this
        /// reader used before it drove `csv-core` itself to bound a row).
        #[test]
        fn rows_are_the_csv_crates(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Kari", ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", " ", "ø",
                ]),
                0..80,
            )
        ) {
            let text: String = pieces.concat();
            let dialect = sniff_csv(text.as_bytes());
            let mut table = Table::default();
            read_csv(text.as_bytes(), &dialect, &mut table).unwrap();
            let mut reference = csv::ReaderBuilder::new()
                .delimiter(dialect.delimiter)
                .flexible(true)
                .has_headers(false)
                .from_reader(text.as_bytes());
            let (mut rows, mut lines) = (Vec::new(), Vec::new());
            for record in reference.records() {
                let record = record.unwrap();
                lines.push(record.position().map(|p| p.line()).unwrap_or(0));
                rows.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
            }
            proptest::prop_assert_eq!(table.rows, rows);
            proptest::prop_assert_eq!(table.lines, lines);
        }
    }
}
