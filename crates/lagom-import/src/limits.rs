//! How much of a file Lagom reads, and why each bound sits where it does (`LIMITS.md` has the
//! same table for people). A few hostile bytes must not make the importer allocate gigabytes
//! or run forever, so every bound is checked *before* what it bounds is allocated: a CSV row
//! or vCard line is cut off as it grows. Each limit is far above what a small business's own
//! files hold; a file beyond one is refused with an error that names the file and the limit.

/// Cells in a row of a CSV file. Contact lists have tens of columns; Outlook's export has
/// 92.
pub const MAX_COLUMNS: u64 = 1_024;

/// A row of a CSV file (however many lines its quoted cells span, so also any line and any
/// cell) and a property of a vCard after its folded lines are joined. Lagom keeps notes of
/// up to 20,000 characters; 4 MB leaves room for a long note quoted-printable.
pub const MAX_LINE_BYTES: u64 = 4_000_000;

/// Text kept of one vCard contact, all its properties together (photos and other
/// properties Lagom does not read are skipped, not kept).
pub const MAX_CONTACT_BYTES: u64 = 4_000_000;

// The limits leave room for real files: Outlook's CSV export (92 columns) and a
// 20,000-character note quoted-printable.
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
