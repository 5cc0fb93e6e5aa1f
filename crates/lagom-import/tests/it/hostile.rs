//! Small hostile files must neither exhaust memory nor hang the importer: each is refused
//! with an error naming the file and the limit (or, for the vCard, read right), quickly.
//!
//! Each file is read in a child process, this test binary started again with the file named
//! in [`PATH_VAR`] and only [`child_reads_the_file_it_is_given`] selected, so that the
//! child's peak memory (`VmHWM`, which it prints before it exits) is the reading's own and a
//! file that aborts the process or never ends fails one test instead of the whole binary.
//! The ceilings are hang and blow-up guards, not benchmarks.

use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use lagom_import::{Format, RowSink, SourceFile};

use crate::hostile_files;

/// The file the child reads.
const PATH_VAR: &str = "LAGOM_IMPORT_HOSTILE_FILE";
/// Marks the child's one line of report among whatever else the test harness prints.
const REPORT: &str = "hostile-read-report:";
/// Generous for a debug build on a busy machine; the files here are refused in milliseconds.
const TIME_CEILING: Duration = Duration::from_secs(10);
const MEMORY_CEILING_MB: u64 = 500;

/// Counts what it is given and keeps nothing, so the child's memory is the reader's.
#[derive(Default)]
struct Tally {
    rows: u64,
    longest_cell: usize,
}

impl RowSink for Tally {
    fn row(&mut self, _row: u64, _line: u64, cells: &[&str]) -> ControlFlow<()> {
        self.rows += 1;
        let longest = cells.iter().map(|c| c.len()).max().unwrap_or(0);
        self.longest_cell = self.longest_cell.max(longest);
        ControlFlow::Continue(())
    }
}

/// Opens the file and reads all of it (every sheet of a workbook) as an import does.
fn read_everything(path: &Path) -> Result<Tally, String> {
    let mut source = SourceFile::open(path).map_err(|e| e.to_string())?;
    let progress = AtomicU64::new(0);
    let mut tally = Tally::default();
    if source.format == Format::Workbook {
        let names: Vec<String> = source.sheets.iter().map(|s| s.name.clone()).collect();
        for name in names {
            source
                .read(Some(&name), &mut tally, &progress)
                .map_err(|e| e.to_string())?;
        }
    } else {
        source
            .read(None, &mut tally, &progress)
            .map_err(|e| e.to_string())?;
    }
    Ok(tally)
}

/// The process's peak resident memory so far, in MB (Linux; 0 elsewhere).
fn peak_memory_mb() -> u64 {
    let mut status = String::new();
    let _ =
        std::fs::File::open("/proc/self/status").and_then(|mut f| f.read_to_string(&mut status));
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Not a test of its own: the child's side. Run without [`PATH_VAR`], it does nothing.
#[test]
fn child_reads_the_file_it_is_given() {
    let Some(path) = std::env::var_os(PATH_VAR) else {
        return;
    };
    let outcome = match read_everything(Path::new(&path)) {
        Ok(t) => format!("ok rows={} longest={}", t.rows, t.longest_cell),
        Err(e) => format!("error {e}"),
    };
    println!("{REPORT}{}\t{outcome}", peak_memory_mb());
}

/// What reading a file in a child came to.
#[derive(Debug)]
pub(crate) struct Reading {
    /// `Ok("rows=.. longest=..")` or `Err(the error's message)`.
    pub(crate) outcome: Result<String, String>,
    pub(crate) peak_mb: u64,
    pub(crate) took: Duration,
}

/// Reads `path` in a child process, killing it at the time ceiling.
pub(crate) fn read_in_child(path: &Path) -> Reading {
    read_in_child_within(path, TIME_CEILING)
}

/// Reads `path` in a child process, killing it after `ceiling`.
pub(crate) fn read_in_child_within(path: &Path, ceiling: Duration) -> Reading {
    let started = Instant::now();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "hostile::child_reads_the_file_it_is_given",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PATH_VAR, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > ceiling {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "reading {} did not finish within {ceiling:?}",
                path.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = started.elapsed();
    let (mut stdout, mut stderr) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let report = stdout
        .lines()
        .find_map(|l| l.split_once(REPORT))
        .map(|(_, r)| r);
    let Some((peak, outcome)) = report.and_then(|r| r.split_once('\t')) else {
        let tail: String = stderr
            .chars()
            .rev()
            .take(600)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        panic!(
            "reading {} ended without a report ({status}) after {took:?}: {tail}",
            path.display()
        );
    };
    let outcome = match outcome.split_once(' ') {
        Some(("ok", rest)) => Ok(rest.to_owned()),
        Some((_, message)) => Err(message.to_owned()),
        None => Err(outcome.to_owned()),
    };
    Reading {
        outcome,
        peak_mb: peak.parse().unwrap(),
        took,
    }
}

/// Reads `path` in a child and checks it was refused, quickly and in little memory, with a
/// message that contains each of `expected`.
fn check_refused(path: &Path, expected: &[&str]) -> Reading {
    let reading = read_in_child(path);
    eprintln!("{}: {reading:?}", path.display());
    let message = match &reading.outcome {
        Err(m) => m.clone(),
        Ok(read) => panic!("{} was read ({read}); it should be refused", path.display()),
    };
    for part in expected {
        assert!(
            message.contains(part),
            "{message:?} should mention {part:?}"
        );
    }
    assert!(
        reading.peak_mb < MEMORY_CEILING_MB,
        "reading {} peaked at {} MB",
        path.display(),
        reading.peak_mb
    );
    assert!(reading.took < TIME_CEILING, "{reading:?}");
    reading
}

pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_cell_at_the_last_cell_excel_has_is_refused_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = hostile_files::sheet_xml(&format!(
        "{}{}",
        hostile_files::row(1, &[("A1", "Navn")]),
        hostile_files::row(1_048_576, &[("XFD1048576", "x")])
    ));
    let path = write(
        dir.path(),
        "kunder.xlsx",
        &hostile_files::xlsx(&sheet, None),
    );
    check_refused(
        &path,
        &[
            "kunder.xlsx: sheet 'Kunder' spans 16,384 columns",
            "Lagom reads at most 1,024 columns",
        ],
    );
}

#[test]
fn a_cell_far_to_the_right_is_refused_before_its_rows_are_laid_out() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = hostile_files::sheet_xml(&format!(
        "{}{}",
        hostile_files::row(1, &[("A1", "Navn")]),
        hostile_files::row(6000, &[("XFD6000", "x")])
    ));
    let path = write(
        dir.path(),
        "kunder.xlsx",
        &hostile_files::xlsx(&sheet, None),
    );
    check_refused(&path, &["kunder.xlsx: sheet 'Kunder' spans 16,384 columns"]);
}

#[test]
fn a_cell_reference_beyond_excels_columns_is_refused_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = hostile_files::sheet_xml(&format!(
        "{}{}",
        hostile_files::row(1, &[("A1", "Navn")]),
        hostile_files::row(2, &[("ZZZZZZZ2", "x")])
    ));
    let path = write(
        dir.path(),
        "kunder.xlsx",
        &hostile_files::xlsx(&sheet, None),
    );
    check_refused(
        &path,
        &["sheet 'Kunder' refers to cell \"ZZZZZZZ2\", outside Excel's grid"],
    );
}

#[test]
fn a_shared_string_count_of_four_billion_is_refused_before_anything_is_reserved() {
    let dir = tempfile::tempdir().unwrap();
    let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4294967295" uniqueCount="4294967295"><si><t>Navn</t></si></sst>"#;
    let sheet = hostile_files::sheet_xml(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    let path = write(
        dir.path(),
        "kunder.xlsx",
        &hostile_files::xlsx(&sheet, Some(strings)),
    );
    check_refused(
        &path,
        &[
            "kunder.xlsx: the shared strings list declares 4,294,967,295 strings",
            "1,000,000 shared strings",
        ],
    );
}

#[test]
fn a_zip_bomb_that_declares_its_size_is_refused_without_unpacking() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = hostile_files::xlsx_zip_bomb(2 << 30, None);
    assert!(bomb.len() < 4 << 20, "a small file: {} bytes", bomb.len());
    let path = write(dir.path(), "kunder.xlsx", &bomb);
    check_refused(
        &path,
        &["kunder.xlsx: part 'xl/worksheets/sheet1.xml' unpacks to 1,0"],
    );
}

#[test]
fn a_zip_bomb_that_lies_about_its_size_is_stopped_while_unpacking() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = hostile_files::xlsx_zip_bomb(2 << 30, Some(1_000));
    let path = write(dir.path(), "kunder.xlsx", &bomb);
    check_refused(
        &path,
        &[
            "kunder.xlsx: part 'xl/worksheets/sheet1.xml' unpacks to more than the 1,000 bytes it declares",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_csv_name_for_dev_zero_is_refused_not_read_forever() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kunder.csv");
    std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
    check_refused(&path, &["kunder.csv: not a regular file (a device)"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_csv_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kunder.csv");
    let made = Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(made.success(), "mkfifo");
    check_refused(&path, &["kunder.csv: not a regular file (a pipe)"]);
}

#[test]
fn a_csv_file_of_one_100_mb_line_is_refused_at_the_row_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kunder.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    std::io::Write::write_all(&mut file, b"Navn,E-post\n").unwrap();
    let chunk = [b'x'; 1 << 20];
    for _ in 0..100 {
        std::io::Write::write_all(&mut file, &chunk).unwrap();
    }
    drop(file);
    check_refused(
        &path,
        &[
            "kunder.csv: the row starting on line 2 runs past 4 MB",
            "Lagom reads at most 4 MB in a row",
        ],
    );
}

#[test]
fn a_vcard_note_with_thousands_of_soft_line_breaks_reads_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let (card, note) = hostile_files::vcard_with_long_qp_note(2_400_000);
    assert!(card.len() > 3_000_000, "a few MB: {}", card.len());
    let path = write(dir.path(), "kontakter.vcf", &card);
    let reading = read_in_child(&path);
    eprintln!("{}: {reading:?}", path.display());
    assert_eq!(
        reading.outcome,
        Ok(format!("rows=2 longest={}", note.trim().len()))
    );
    assert!(reading.peak_mb < MEMORY_CEILING_MB, "{reading:?}");
}

#[test]
fn an_xls_sheet_declaring_four_billion_rows_is_refused_before_room_is_reserved() {
    use crate::hostile_files::{xls, xls_dimensions, xls_label};
    let dir = tempfile::tempdir().unwrap();
    let bytes = xls(
        &[
            xls_dimensions((0, u32::MAX), (0, 0xFFFF)),
            xls_label(0, 0, "Navn"),
        ],
        &[],
    );
    let path = write(dir.path(), "kunder.xls", &bytes);
    check_refused(
        &path,
        &["kunder.xls: sheet 'Kunder' declares 4,294,967,295 rows"],
    );
}

#[test]
fn an_xls_cell_far_from_the_others_is_refused() {
    use crate::hostile_files::{xls, xls_label};
    let dir = tempfile::tempdir().unwrap();
    let bytes = xls(
        &[xls_label(0, 0, "Navn"), xls_label(65_535, 16_383, "x")],
        &[],
    );
    let path = write(dir.path(), "kunder.xls", &bytes);
    check_refused(&path, &["kunder.xls: sheet 'Kunder' spans 16,384 columns"]);
}

#[test]
fn an_xls_shared_string_copied_into_100_000_cells_is_refused() {
    use crate::hostile_files::{xls, xls_shared};
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(8_000);
    let cells: Vec<Vec<u8>> = (0..100_000u32)
        .map(|i| xls_shared((i / 2) as u16, (i % 2) as u16, 0))
        .collect();
    let bytes = xls(&cells, &[&long]);
    assert!(bytes.len() < 2_000_000, "{} bytes", bytes.len());
    let path = write(dir.path(), "kunder.xls", &bytes);
    check_refused(
        &path,
        &["kunder.xls: the workbook holds more than 64 MB of text"],
    );
}

#[test]
fn an_xls_file_whose_sectors_loop_is_refused_not_followed_forever() {
    use crate::hostile_files::{ole, xls_label, xls_stream};
    let dir = tempfile::tempdir().unwrap();
    let stream = xls_stream(&[xls_label(0, 0, "Navn")], &[]);
    let path = write(dir.path(), "kunder.xls", &ole(&stream, u32::MAX, true));
    check_refused(&path, &["damaged", "loop"]);
}

#[test]
fn an_xlsb_cell_at_the_last_cell_excel_has_is_refused() {
    use crate::hostile_files::{xlsb, xlsb_row, xlsb_text};
    let dir = tempfile::tempdir().unwrap();
    let bytes = xlsb(&[
        xlsb_row(0),
        xlsb_text(0, "Navn"),
        xlsb_row(1_048_575),
        xlsb_text(16_383, "x"),
    ]);
    let path = write(dir.path(), "kunder.xlsb", &bytes);
    check_refused(
        &path,
        &["kunder.xlsb: part 'xl/worksheets/sheet1.bin' spans 16,384 columns"],
    );
}

#[test]
fn an_ods_cell_of_a_billion_spaces_is_refused() {
    use crate::hostile_files::ods;
    let dir = tempfile::tempdir().unwrap();
    let bytes = ods(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell></table:table-row>"#,
    );
    let path = write(dir.path(), "kunder.ods", &bytes);
    check_refused(
        &path,
        &["kunder.ods: the workbook holds more than 64 MB of text"],
    );
}

#[test]
fn an_ods_cell_repeated_across_a_sheet_is_refused() {
    use crate::hostile_files::{ods, ods_row};
    let dir = tempfile::tempdir().unwrap();
    let text = "x".repeat(100);
    let bytes = ods(&ods_row(&[(&text, 16_000)], 1_000));
    let path = write(dir.path(), "kunder.ods", &bytes);
    check_refused(&path, &["kunder.ods: sheet 'Kunder' spans 16,000 columns"]);
}
