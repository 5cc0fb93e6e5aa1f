//! One file to import, whatever it is: the format found from its first bytes (a ZIP or OLE
//! container is a workbook, `BEGIN:VCARD` is a vCard file, anything else is CSV), then read
//! into a [`RowSink`]. CSV is streamed from disk; workbooks and vCard files are read whole,
//! as their formats require, and are small next to what a CSV export can be.
//!
//! Bytes read so far are counted in an [`AtomicU64`] so that another thread can show
//! progress while a million rows go by.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::csv_reader::{CsvDialect, read_csv, sniff_csv};
use crate::text::detect_encoding;
use crate::vcard::read_vcards;
use crate::{ReadError, RowSink, SheetInfo, Workbook};

/// Bytes looked at to find the format, encoding and delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// What kind of file it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Delimited text.
    Csv,
    /// XLSX, XLSM, XLSB, XLS or ODS.
    Workbook,
    /// vCard 3.0 or 4.0.
    Vcard,
}

/// Where a file's bytes are: on disk, or already in memory (a file handed over by a browser
/// or the desktop window, which never had a path we could open).
#[derive(Debug, Clone)]
enum Origin {
    Disk(PathBuf),
    Memory(Arc<[u8]>),
}

/// A file opened for import.
#[derive(Debug)]
pub struct SourceFile {
    origin: Origin,
    /// The file's name, as problems and provenance name it.
    pub name: String,
    /// Its format.
    pub format: Format,
    /// Its size in bytes.
    pub size: u64,
    /// For CSV: the encoding and delimiter found.
    pub dialect: Option<CsvDialect>,
    /// For workbooks: every sheet with its size.
    pub sheets: Vec<SheetInfo>,
    workbook: Option<Workbook>,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ReadError + '_ {
    move |e| {
        ReadError::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))
    }
}

/// Is this the start of a vCard file (after a byte-order mark and blank lines)?
fn looks_like_vcard(sample: &[u8]) -> bool {
    let encoding = detect_encoding(sample);
    let (text, _) = encoding.encoding.decode_with_bom_removal(sample);
    text.trim_start()
        .get(..11)
        .is_some_and(|start| start.eq_ignore_ascii_case("BEGIN:VCARD"))
}

impl SourceFile {
    /// Opens `path` and finds out what it is. A workbook is opened (and its sheets counted)
    /// here, so a damaged one is reported before anything else happens.
    pub fn open(path: &Path) -> Result<Self, ReadError> {
        let mut file = File::open(path).map_err(io_error(path))?;
        let size = file.metadata().map_err(io_error(path))?.len();
        let mut sample = Vec::with_capacity(SNIFF_BYTES);
        file.by_ref()
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut sample)
            .map_err(io_error(path))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Self::examine(Origin::Disk(path.to_owned()), name, size, &sample)
    }

    /// Takes a file already in memory, named `name` (its name where it came from), and finds
    /// out what it is, as [`SourceFile::open`] does.
    pub fn from_bytes(name: &str, bytes: Arc<[u8]>) -> Result<Self, ReadError> {
        let sample = bytes[..bytes.len().min(SNIFF_BYTES)].to_vec();
        let size = bytes.len() as u64;
        Self::examine(Origin::Memory(bytes), name.to_owned(), size, &sample)
    }

    fn examine(origin: Origin, name: String, size: u64, sample: &[u8]) -> Result<Self, ReadError> {
        let container = sample.starts_with(b"PK\x03\x04")
            || sample.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        let mut source = Self {
            origin,
            name,
            format: Format::Csv,
            size,
            dialect: None,
            sheets: Vec::new(),
            workbook: None,
        };
        if container {
            let mut workbook = Workbook::open(source.bytes()?.into_owned())?;
            source.sheets = workbook.sheets()?;
            source.workbook = Some(workbook);
            source.format = Format::Workbook;
        } else if looks_like_vcard(sample) {
            source.format = Format::Vcard;
        } else {
            source.dialect = Some(sniff_csv(sample));
        }
        Ok(source)
    }

    /// The whole file, read from disk when it is there.
    fn bytes(&self) -> Result<std::borrow::Cow<'_, [u8]>, ReadError> {
        match &self.origin {
            Origin::Disk(path) => Ok(std::fs::read(path).map_err(io_error(path))?.into()),
            Origin::Memory(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        }
    }

    /// The sheet read when none is named: the first with any data in it.
    pub fn default_sheet(&self) -> Option<&str> {
        self.sheets
            .iter()
            .find(|s| s.rows > 0)
            .or(self.sheets.first())
            .map(|s| s.name.as_str())
    }

    /// Reads every row into `sink`, counting bytes read into `progress` (for workbooks and
    /// vCard files the whole size at once: they are read whole). `sheet` chooses a sheet of
    /// a workbook (the default sheet when `None`) and is ignored for other formats.
    pub fn read(
        &mut self,
        sheet: Option<&str>,
        sink: &mut impl RowSink,
        progress: &AtomicU64,
    ) -> Result<(), ReadError> {
        match self.format {
            Format::Workbook => {
                let name = match sheet {
                    Some(s) => s.to_owned(),
                    None => self.default_sheet().unwrap_or_default().to_owned(),
                };
                let workbook = self
                    .workbook
                    .as_mut()
                    .ok_or_else(|| ReadError::Spreadsheet("the workbook is not open".into()))?;
                workbook.read_sheet(&name, sink)?;
                progress.store(self.size, Ordering::Relaxed);
            }
            Format::Vcard => {
                let bytes = self.bytes()?;
                let encoding = detect_encoding(&bytes[..bytes.len().min(SNIFF_BYTES)]);
                let (text, _) = encoding.encoding.decode_with_bom_removal(&bytes);
                read_vcards(&text, sink);
                progress.store(self.size, Ordering::Relaxed);
            }
            Format::Csv => {
                let dialect = self.dialect.unwrap_or_else(|| sniff_csv(b""));
                match &self.origin {
                    Origin::Disk(path) => {
                        let file = File::open(path).map_err(io_error(path))?;
                        let counting = Counting {
                            inner: BufReader::with_capacity(256 * 1024, file),
                            progress,
                        };
                        read_csv(counting, &dialect, sink)?;
                    }
                    Origin::Memory(bytes) => {
                        let counting = Counting {
                            inner: Cursor::new(bytes.clone()),
                            progress,
                        };
                        read_csv(counting, &dialect, sink)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// A reader that adds what it reads to a shared counter.
struct Counting<'a, R> {
    inner: R,
    progress: &'a AtomicU64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Table;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn the_format_is_found_from_the_bytes_not_the_name() {
        let dir = tempfile::tempdir().unwrap();
        let vcard = write(
            dir.path(),
            "contacts.txt",
            b"\xEF\xBB\xBF\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kari Nordmann\r\nEND:VCARD\r\n",
        );
        let csv = write(
            dir.path(),
            "contacts.vcf",
            b"Fornavn;Etternavn\nKari;Nordmann\n",
        );
        let (mut v, c) = (
            SourceFile::open(&vcard).unwrap(),
            SourceFile::open(&csv).unwrap(),
        );
        assert_eq!((v.format, c.format), (Format::Vcard, Format::Csv));
        assert_eq!(c.dialect.unwrap().delimiter, b';');
        let mut table = Table::default();
        let progress = AtomicU64::new(0);
        v.read(None, &mut table, &progress).unwrap();
        assert_eq!(table.rows.len(), 2, "header row and one contact");
        assert_eq!(progress.load(Ordering::Relaxed), v.size);
    }

    #[test]
    fn csv_progress_counts_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Navn,E-post\n".to_owned() + &"Kari Nordmann,kari@example.no\n".repeat(5000);
        let path = write(dir.path(), "k.csv", text.as_bytes());
        let mut source = SourceFile::open(&path).unwrap();
        let mut table = Table::default();
        let progress = AtomicU64::new(0);
        source.read(None, &mut table, &progress).unwrap();
        assert_eq!(table.rows.len(), 5001);
        assert_eq!(progress.load(Ordering::Relaxed), text.len() as u64);
    }

    #[test]
    fn a_damaged_workbook_is_refused_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "broken.xlsx",
            b"PK\x03\x04 this is not a zip at all",
        );
        let err = SourceFile::open(&path).unwrap_err();
        assert!(matches!(err, ReadError::Spreadsheet(_)), "{err}");
    }

    #[test]
    fn a_missing_file_names_its_path() {
        let err = SourceFile::open(Path::new("/nonexistent/kunder.csv")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/kunder.csv"), "{err}");
    }

    #[test]
    fn a_file_in_memory_reads_as_it_does_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let text = b"Fornavn;Etternavn\r\nKari;Nordmann\r\n\xC5se;S\xF8rensen\r\n";
        let path = write(dir.path(), "kunder.csv", text);
        let read = |mut source: SourceFile| {
            let mut table = Table::default();
            let progress = AtomicU64::new(0);
            source.read(None, &mut table, &progress).unwrap();
            (
                source.name.clone(),
                source.format,
                table.rows,
                progress.into_inner(),
            )
        };
        let on_disk = read(SourceFile::open(&path).unwrap());
        let in_memory = read(SourceFile::from_bytes("kunder.csv", Arc::from(&text[..])).unwrap());
        assert_eq!(on_disk, in_memory);
        assert_eq!(in_memory.2[2][0], "Åse");

        let broken = SourceFile::from_bytes("broken.xlsx", Arc::from(&b"PK\x03\x04 not a zip"[..]));
        assert!(matches!(broken, Err(ReadError::Spreadsheet(_))));
    }
}
