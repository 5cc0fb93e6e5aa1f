//! One file to import, whatever it is: the format found from its first bytes (a ZIP or OLE
//! container is a workbook, `BEGIN:VCARD` is a vCard file, anything else is CSV), then read
//! into a [`RowSink`]. CSV and vCard files are streamed from disk; workbooks are read whole,
//! as their formats require, after [`crate::inspect`] has checked them against the limits.
//!
//! Only regular files are read: a device such as `/dev/zero`, a pipe or a folder is refused
//! (a pipe is opened without waiting for a writer, so refusing it cannot hang), and no more
//! is read than the file's size when it was opened, so a file that grows cannot feed the
//! reader forever. The opened handle is the one read, so what was checked is what is read.
//!
//! Bytes read so far are counted in an [`AtomicU64`] so that another thread can show
//! progress while a million rows go by.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs_io::DecodeReaderBytesBuilder;
use serde::Serialize;

use crate::csv_reader::{CsvDialect, read_csv, sniff_csv};
use crate::limits::{MAX_WORKBOOK_BYTES, megabytes};
use crate::text::{DetectedEncoding, detect_encoding};
use crate::vcard::read_vcard_stream;
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

/// Where a file's bytes are: on disk (the handle opened and checked), or already in memory
/// (a file handed over by a browser or the desktop window, which never had a path we could
/// open).
#[derive(Debug)]
enum Origin {
    Disk(File),
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
    /// Its size in bytes (on disk: when it was opened; no more than this is read).
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

/// Opens `path` for reading without blocking: opening a FIFO for reading otherwise waits
/// until something opens it for writing, which may be never.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// What a file that is not a regular file is, in words.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
        if file_type.is_fifo() {
            return "a pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl SourceFile {
    /// Opens `path` and finds out what it is. A workbook is opened (and its sheets counted)
    /// here, so a damaged or oversized one is reported before anything else happens.
    pub fn open(path: &Path) -> Result<Self, ReadError> {
        let name = file_name(path);
        let file = open_without_waiting(path).map_err(io_error(path))?;
        // Asked of the open handle, not the path: a link is followed to what was opened.
        let metadata = file.metadata().map_err(io_error(path))?;
        if !metadata.is_file() {
            return Err(ReadError::NotAFile {
                file: name,
                kind: kind_of(metadata.file_type()),
            });
        }
        let size = metadata.len();
        let mut sample = Vec::with_capacity(SNIFF_BYTES);
        (&file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut sample)
            .map_err(io_error(path))?;
        Self::examine(Origin::Disk(file), name, size, &sample)
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
            let opened = source.open_workbook();
            let mut workbook = opened.map_err(|e| e.in_file(&source.name))?;
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

    /// The workbook, read whole (up to [`MAX_WORKBOOK_BYTES`]) and checked.
    fn open_workbook(&mut self) -> Result<Workbook, ReadError> {
        if self.size > MAX_WORKBOOK_BYTES {
            return Err(ReadError::too_large(
                format!("the workbook file is {}", megabytes(self.size)),
                format!(
                    "{} in a workbook file (save big sheets as CSV)",
                    megabytes(MAX_WORKBOOK_BYTES)
                ),
            ));
        }
        match &self.origin {
            Origin::Disk(_) => {
                // The size was checked above, so this reserves no more than the limit.
                let mut bytes = Vec::with_capacity(self.size as usize);
                self.stream()?.read_to_end(&mut bytes)?;
                Workbook::open(bytes)
            }
            Origin::Memory(bytes) => Workbook::open_shared(bytes.clone()),
        }
    }

    /// The file from its start, no further than its size when it was opened.
    fn stream(&self) -> Result<Box<dyn Read + '_>, ReadError> {
        match &self.origin {
            Origin::Disk(file) => {
                let mut file = file;
                file.seek(SeekFrom::Start(0))?;
                Ok(Box::new(file.take(self.size)))
            }
            Origin::Memory(bytes) => Ok(Box::new(Cursor::new(bytes.as_ref()))),
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

    /// Reads every row into `sink`, counting bytes read into `progress` (for workbooks the
    /// whole size at once: they are read whole). `sheet` chooses a sheet of a workbook (the
    /// default sheet when `None`) and is ignored for other formats.
    pub fn read(
        &mut self,
        sheet: Option<&str>,
        sink: &mut impl RowSink,
        progress: &AtomicU64,
    ) -> Result<(), ReadError> {
        self.read_all(sheet, sink, progress).map_err(|e| match e {
            // The handle is read, not the path: the name says which file failed.
            ReadError::Io(io) => ReadError::Io(std::io::Error::new(
                io.kind(),
                format!("{}: {io}", self.name),
            )),
            other => other.in_file(&self.name),
        })
    }

    fn read_all(
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
                let mut sample = Vec::with_capacity(SNIFF_BYTES);
                self.stream()?
                    .take(SNIFF_BYTES as u64)
                    .read_to_end(&mut sample)?;
                let encoding = detect_encoding(&sample);
                let counting = Counting {
                    inner: self.stream()?,
                    progress,
                };
                read_vcard_stream(BufReader::new(decoded(counting, encoding)), sink)?;
            }
            Format::Csv => {
                let dialect = self.dialect.unwrap_or_else(|| sniff_csv(b""));
                let counting = Counting {
                    inner: self.stream()?,
                    progress,
                };
                read_csv(
                    BufReader::with_capacity(256 * 1024, counting),
                    &dialect,
                    sink,
                )?;
            }
        }
        Ok(())
    }
}

/// Text in `encoding` (a byte-order mark wins over it, and is dropped) as UTF-8.
fn decoded<R: Read>(input: R, encoding: DetectedEncoding) -> impl Read {
    DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding.encoding))
        .bom_override(true)
        .strip_bom(true)
        .build(input)
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
    use std::path::PathBuf;

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
    fn a_folder_is_not_a_file_to_import() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("kunder.csv");
        std::fs::create_dir(&folder).unwrap();
        let err = SourceFile::open(&folder).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::NotAFile {
                    kind: "a folder",
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with("kunder.csv: not a regular file"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_regular_file_reads_as_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = write(dir.path(), "real.csv", b"Navn;Poststed\nKari;Oslo\n");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut source = SourceFile::open(&link).unwrap();
        let mut table = Table::default();
        source.read(None, &mut table, &AtomicU64::new(0)).unwrap();
        assert_eq!(table.rows.len(), 2);
    }

    #[test]
    fn a_file_that_grows_after_it_is_opened_is_read_to_the_size_it_had() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "kunder.csv", b"Navn;Poststed\nKari;Oslo\n");
        let mut source = SourceFile::open(&path).unwrap();
        let mut more = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut more, b"Ola;Bergen\n").unwrap();
        let mut table = Table::default();
        let progress = AtomicU64::new(0);
        source.read(None, &mut table, &progress).unwrap();
        assert_eq!(
            table.rows.len(),
            2,
            "the row written after opening is not read"
        );
        assert_eq!(progress.into_inner(), source.size);
    }

    #[test]
    fn a_workbook_file_over_the_size_limit_is_refused_before_it_is_read() {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.resize(MAX_WORKBOOK_BYTES as usize + 1, 0);
        let err = SourceFile::from_bytes("kunder.xlsx", Arc::from(bytes)).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("kunder.xlsx: the workbook file is "),
            "{message}"
        );
        assert!(
            message.contains("at most 50 MB in a workbook file"),
            "{message}"
        );
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
