//! Where the table starts. Spreadsheets often carry a title, a date or a blank line above the
//! real header ("Kundeliste 2025", "Eksportert 24.12."); the header is the first row that is
//! nearly as wide as the table and made of labels rather than values.

/// How many rows from the top are looked at.
const LOOK_AT: usize = 20;

fn is_label(cell: &str) -> bool {
    let has_letter = cell.chars().any(char::is_alphabetic);
    let looks_like_value = cell.contains('@')
        || cell.starts_with('+')
        || cell.chars().filter(char::is_ascii_digit).count() * 2 > cell.chars().count();
    has_letter && !looks_like_value
}

/// The index of the header row among the first rows of a table, or `None` when no row looks
/// like one (the table then has no header and columns are named by position).
pub fn find_header(rows: &[Vec<String>]) -> Option<usize> {
    let top = &rows[..rows.len().min(LOOK_AT)];
    let width = |row: &Vec<String>| row.iter().filter(|c| !c.trim().is_empty()).count();
    let widest = top.iter().map(width).max().unwrap_or(0);
    if widest == 0 {
        return None;
    }
    let needed = (widest * 3).div_ceil(5).max(2.min(widest));
    top.iter().position(|row| {
        let cells: Vec<&str> = row
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        cells.len() >= needed && cells.iter().filter(|c| is_label(c)).count() * 5 >= cells.len() * 3
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(spec: &[&[&str]]) -> Vec<Vec<String>> {
        spec.iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let t = rows(&[
            &["Kundeliste fra regnskapet", "", "", ""],
            &["", "", "", ""],
            &["Eksportert", "24.12.2025", "", ""],
            &["Fornavn", "Etternavn", "E-post", "Mobil"],
            &["Kari", "Nordmann", "kari@example.no", "+47 912 34 567"],
        ]);
        assert_eq!(find_header(&t), Some(3));
    }

    #[test]
    fn a_header_in_the_first_row_is_found_at_once() {
        let t = rows(&[&["Name", "Email"], &["Kari", "kari@example.no"]]);
        assert_eq!(find_header(&t), Some(0));
    }

    #[test]
    fn a_table_of_values_has_no_header() {
        let t = rows(&[
            &["kari@example.no", "+47 912 34 567"],
            &["ola@example.no", "+47 913 00 000"],
        ]);
        assert_eq!(find_header(&t), None);
        assert_eq!(find_header(&[]), None);
    }
}
