//! How much of a file Lagom reads, and why each bound sits where it does (`LIMITS.md` has the
//! same table for people). A few hostile bytes must not make the importer allocate gigabytes
//! or run forever, so every bound is checked *before* what it bounds is allocated: a
//! workbook's zip parts and sheets are inspected before calamine opens it, a CSV row or vCard
//! line is cut off as it grows. Each limit is far above what a small business's own files
//! hold; a file beyond one is refused with an error that names the file and the limit, and a
//! big table still imports as CSV, which is streamed and has no row limit.
//!
//! Together the workbook limits keep the reader's peak memory under 500 MB for any workbook
//! they let through (measured: `LIMITS.md`).

/// A workbook file is read whole into memory (zip and OLE containers need random access),
/// and calamine holds every sheet of an XLS or ODS file at once. 50 MB is an Excel file of
/// several hundred thousand rows; contact lists are a few hundred kilobytes.
pub const MAX_WORKBOOK_BYTES: u64 = 50_000_000;

/// Parts (entries) of a zip workbook. Each costs memory to list before any is read; an XLSX
/// file from Excel has a dozen, a few hundred with many images or sheets.
pub const MAX_WORKBOOK_PARTS: usize = 10_000;

/// What the parts of a zip workbook may unpack to, added up, as declared and as actually
/// read (a part may claim less than it holds). Unpacking and parsing time grows with it;
/// 250 MB of XML is several times what the cell limit below lets a sheet hold.
pub const MAX_UNPACKED_BYTES: u64 = 250_000_000;

/// How many times its packed size a part may unpack to. Sheet XML packs 5 to 20 times; zip
/// bombs pack a thousand times. Apache POI refuses at the same ratio.
pub const MAX_PACKING_RATIO: u64 = 100;

/// Parts that unpack to no more than this are not held to [`MAX_PACKING_RATIO`]: a small
/// part of repeated markup packs very well and cannot hurt.
pub const PACKING_RATIO_GRACE_BYTES: u64 = 1_000_000;

/// One piece of XML (a text, a tag, a comment) is held whole while it is parsed, by calamine
/// as by the checks here. A cell holds at most 32,767 characters in Excel.
pub const MAX_XML_PIECE_BYTES: u64 = 16_000_000;

/// Columns of a sheet, from its first filled column to its last. Contact lists have tens;
/// Excel allows 16,384, and a cell far to the right is how a tiny file claims a vast sheet.
/// Also the most cells a row of a CSV file may have.
pub const MAX_COLUMNS: u64 = 1_024;

/// Rows of a sheet, from its first filled row to its last: Excel's own maximum.
pub const MAX_ROWS: u64 = 1_048_576;

/// Cells of a workbook: both the filled cells counted one by one and, sheet by sheet, the
/// rectangle from the first filled cell to the last, which calamine lays out in full (32
/// bytes a cell, most of what a workbook costs in memory). Counted over the whole workbook
/// because XLS and ODS sheets are all held at once. 2,000,000 is 100,000 rows of 20 columns.
pub const MAX_CELLS: u64 = 2_000_000;

/// Strings in a workbook's shared strings list (XLSX, XLSB), declared and actually there:
/// calamine reserves room for the declared number up front.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// Text a workbook holds once read: shared strings, cells' own text, and (XLS, ODS) text
/// copied into every cell or repeat that refers to it, which is how a small file becomes
/// gigabytes of text. 64 MB is 2,000,000 cells of 32 characters.
pub const MAX_TEXT_BYTES: u64 = 64_000_000;

/// A row of a CSV file (however many lines its quoted cells span, so also any line and any
/// cell) and a property of a vCard after its folded lines are joined. Lagom keeps notes of
/// up to 20,000 characters; 4 MB leaves room for a long note quoted-printable.
pub const MAX_LINE_BYTES: u64 = 4_000_000;

/// Text kept of one vCard contact, all its properties together (photos and other
/// properties Lagom does not read are skipped, not kept).
pub const MAX_CONTACT_BYTES: u64 = 4_000_000;

// The limits leave room for real files: a full contact export (100,000 people, 20 columns),
// Outlook's CSV export (92 columns) and a 20,000-character note quoted-printable.
const _: () = assert!(100_000 * 20 <= MAX_CELLS);
const _: () = assert!(MAX_COLUMNS >= 256);
const _: () = assert!(MAX_LINE_BYTES >= 3 * 20_000 * 4);

/// `1234567` as "1,234,567", as the limits are written for people.
pub(crate) fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A size in (decimal) megabytes, as file managers show it: "4 MB", "0.3 MB", "2,147 MB".
pub(crate) fn megabytes(bytes: u64) -> String {
    if bytes.is_multiple_of(1_000_000) || bytes >= 10_000_000 {
        format!("{} MB", count(bytes / 1_000_000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_with_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_024), "1,024");
        assert_eq!(count(4_294_967_295), "4,294,967,295");
        assert_eq!(megabytes(4_000_000), "4 MB");
        assert_eq!(megabytes(2_147_483_859), "2,147 MB");
        assert_eq!(megabytes(300_000), "0.3 MB");
    }
}
