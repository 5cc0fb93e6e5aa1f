//! XLSX and XLSM: every part is read as calamine would read a sheet or a shared strings
//! list, whichever it turns out to be, because which part calamine reads as a sheet is up to
//! the workbook's relationships and the check must not miss one. A sheet's cell references
//! are parsed strictly (calamine's parser overflows on `ZZZZZZZ2`), its filled cells counted
//! and its rectangle measured, its owned text counted; a shared strings list's declared
//! count is checked before calamine reserves room for it.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use crate::ReadError;
use crate::inspect::container::Archive;
use crate::inspect::tally::{Shape, Tally};
use crate::inspect::xml::{self, Stop, attribute, attribute_local};

/// Excel's last column (XFD) and row.
const GRID_COLUMNS: u64 = 16_384;
const GRID_ROWS: u64 = 1_048_576;

/// "B12" as (row 11, column 1), counted from 0; `None` when it is not a reference to a cell
/// of Excel's grid. Lower-case letters are read as calamine reads them.
pub(crate) fn cell_reference(reference: &str) -> Option<(u64, u64)> {
    let bytes = reference.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &bytes[letters..];
    if !(1..=3).contains(&letters)
        || !(1..=7).contains(&digits.len())
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let column = bytes[..letters].iter().fold(0u64, |c, b| {
        c * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = row_number(reference.get(letters..)?)?;
    (1..=GRID_COLUMNS)
        .contains(&column)
        .then(|| (row, column - 1))
}

/// "12" as row 11, counted from 0; `None` outside Excel's rows.
fn row_number(digits: &str) -> Option<u64> {
    if !(1..=7).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u64 = digits.parse().ok()?;
    (1..=GRID_ROWS).contains(&row).then(|| row - 1)
}

fn outside_grid(label: &str, reference: &str) -> ReadError {
    ReadError::Spreadsheet(format!(
        "{label} refers to cell {reference:?}, outside Excel's grid (A1 to XFD1048576)"
    ))
}

/// A `<dimension ref="A1:C20">`: calamine subtracts its corners, so they must be cells of
/// the grid, the second not before the first.
fn check_dimension(label: &str, reference: &str) -> Result<(), ReadError> {
    let mut corners = reference.split(':').map(cell_reference);
    let valid = match (corners.next(), corners.next(), corners.next()) {
        (Some(Some(_)), None, None) => true,
        (Some(Some(start)), Some(Some(end)), None) => end.0 >= start.0 && end.1 >= start.1,
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(ReadError::Spreadsheet(format!(
            "{label} has a damaged dimension {reference:?}"
        )))
    }
}

/// A cell being read.
struct Cell {
    row: u64,
    column: u64,
    /// It has a value (`<v>` or `<is>`): calamine keeps it.
    filled: bool,
    /// Its value is text calamine holds itself (an inline or formula string, a date), not
    /// a number or a shared string it points to.
    owns_text: bool,
}

/// One part read as a sheet and as a shared strings list at once (it is at most one).
struct PartScan {
    label: String,
    /// While inside `<sheetData>`.
    sheet: Option<Shape>,
    /// Where calamine puts a cell without a reference: the row and column after the last.
    row: u64,
    column: u64,
    cell: Option<Cell>,
    /// Depth inside a cell's `<v>` or `<is>`.
    in_value: u32,
    in_shared_strings: bool,
    in_shared_string: bool,
}

impl PartScan {
    fn new(label: String) -> Self {
        Self {
            label,
            sheet: None,
            row: 0,
            column: 0,
            cell: None,
            in_value: 0,
            in_shared_strings: false,
            in_shared_string: false,
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, tally: &mut Tally) -> Result<(), ReadError> {
        match e.local_name().as_ref() {
            "sst" => {
                self.in_shared_strings = true;
                for name in ["count", "uniqueCount"] {
                    // calamine reserves for a count it can parse and ignores one it cannot.
                    if let Some(declared) = attribute(e, name).and_then(|v| v.parse().ok()) {
                        tally.shared_strings_declared(declared)?;
                    }
                }
            }
            "si" if self.in_shared_strings => {
                self.in_shared_string = true;
                tally.shared_string()?;
            }
            "dimension" => {
                if let Some(reference) = attribute(e, "ref") {
                    check_dimension(&self.label, reference)?;
                }
            }
            "sheetData" => {
                self.sheet = Some(Shape::new(self.label.clone()));
                (self.row, self.column) = (0, 0);
            }
            "row" if self.sheet.is_some() => {
                if let Some(number) = attribute(e, "r") {
                    self.row =
                        row_number(number).ok_or_else(|| outside_grid(&self.label, number))?;
                }
            }
            "c" if self.sheet.is_some() => {
                let (row, column) = match attribute(e, "r") {
                    Some(reference) => {
                        let at = cell_reference(reference)
                            .ok_or_else(|| outside_grid(&self.label, reference))?;
                        self.column = at.1;
                        at
                    }
                    None => (self.row, self.column),
                };
                self.cell = Some(Cell {
                    row,
                    column,
                    filled: false,
                    owns_text: !matches!(attribute(e, "t"), None | Some("s" | "n" | "b" | "e")),
                });
            }
            "v" | "is" => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.filled = true;
                    self.in_value += 1;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, local_name: &str, tally: &mut Tally) -> Result<(), ReadError> {
        match local_name {
            "c" => {
                if let Some(cell) = self.cell.take() {
                    self.column = cell.column + 1;
                    self.in_value = 0;
                    if let (true, Some(sheet)) = (cell.filled, self.sheet.as_mut()) {
                        sheet.cell(tally, cell.row, cell.column)?;
                    }
                }
            }
            "v" | "is" => self.in_value = self.in_value.saturating_sub(1),
            "row" if self.sheet.is_some() => {
                self.row += 1;
                self.column = 0;
            }
            "sheetData" => {
                if let Some(sheet) = self.sheet.take() {
                    sheet.finish(tally)?;
                }
            }
            "si" => self.in_shared_string = false,
            "sst" => self.in_shared_strings = false,
            _ => {}
        }
        Ok(())
    }

    /// Text held once read: a shared string's, or a cell's own.
    fn text(&self, bytes: usize, tally: &mut Tally) -> Result<(), ReadError> {
        let owned = self
            .cell
            .as_ref()
            .is_some_and(|c| c.owns_text && self.in_value > 0);
        if self.in_shared_string || owned {
            tally.text(bytes as u64)?;
        }
        Ok(())
    }

    fn event(&mut self, event: Event<'_>, tally: &mut Tally) -> Result<(), ReadError> {
        match event {
            Event::Start(e) | Event::Empty(e) => self.start(&e, tally),
            Event::End(e) => self.end(e.local_name().as_ref(), tally),
            Event::Text(t) => self.text(t.len(), tally),
            Event::CData(t) => self.text(t.len(), tally),
            // `&amp;` and `&#x1F600;` decode to no more than their names and `&;`.
            Event::GeneralRef(r) => self.text(r.len() + 2, tally),
            _ => Ok(()),
        }
    }

    /// The part ended (or stopped being readable): a sheet cut off counts as it stands.
    fn finish(self, tally: &mut Tally) -> Result<(), ReadError> {
        match self.sheet {
            Some(sheet) => sheet.finish(tally),
            None => Ok(()),
        }
    }
}

/// The sheets' names by their parts' paths (lower case), from the workbook and its
/// relationships, so that errors name a sheet as the person sees it. Best effort: a part
/// without a name is named by its path.
fn sheet_names(archive: &mut Archive<'_>) -> Result<HashMap<String, String>, ReadError> {
    let mut ids = Vec::new();
    if let Some(index) = archive.find("xl/workbook.xml") {
        let found = xml::scan(archive.part(index)?, |event| {
            if let Event::Start(e) = event
                && e.local_name().as_ref() == "sheet"
                && let (Some(name), Some(id)) = (attribute(&e, "name"), attribute_local(&e, "id"))
            {
                let name =
                    quick_xml::escape::unescape(name).map_or(name.into(), |n| n.into_owned());
                ids.push((id.to_owned(), name));
            }
            Ok(())
        });
        if let Err(Stop::Limit(e)) = found {
            return Err(e);
        }
    }
    let mut targets = HashMap::new();
    if let Some(index) = archive.find("xl/_rels/workbook.xml.rels") {
        let found = xml::scan(archive.part(index)?, |event| {
            if let Event::Start(e) = event
                && e.local_name().as_ref() == "Relationship"
                && let (Some(id), Some(target)) = (attribute(&e, "Id"), attribute(&e, "Target"))
            {
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("xl/{target}"),
                };
                targets.insert(id.to_owned(), path.replace('\\', "/").to_ascii_lowercase());
            }
            Ok(())
        });
        if let Err(Stop::Limit(e)) = found {
            return Err(e);
        }
    }
    Ok(ids
        .into_iter()
        .filter_map(|(id, name)| Some((targets.get(&id)?.clone(), name)))
        .collect())
}

/// Checks every part of an XLSX workbook.
pub(crate) fn check(archive: &mut Archive<'_>, tally: &mut Tally) -> Result<(), ReadError> {
    let names = sheet_names(archive)?;
    for index in 0..archive.names().len() {
        let part = archive.part(index)?;
        let path = part.name().replace('\\', "/").to_ascii_lowercase();
        let label = match names.get(&path) {
            Some(name) => format!("sheet '{name}'"),
            None => format!("part '{}'", part.name()),
        };
        let mut scan = PartScan::new(label);
        match xml::scan(part, |event| scan.event(event, tally)) {
            Ok(()) | Err(Stop::Unreadable) => {}
            Err(Stop::Limit(e)) => return Err(e),
        }
        scan.finish(tally)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_are_read_within_excels_grid_only() {
        assert_eq!(cell_reference("A1"), Some((0, 0)));
        assert_eq!(cell_reference("b12"), Some((11, 1)));
        assert_eq!(cell_reference("XFD1048576"), Some((1_048_575, 16_383)));
        for outside in [
            "XFE1", "A1048577", "ZZZZZZZ2", "A0", "A", "1", "A1B", "$A$1", "",
        ] {
            assert_eq!(cell_reference(outside), None, "{outside}");
        }
    }

    #[test]
    fn a_dimension_must_be_a_range_of_the_grid_in_order() {
        assert!(check_dimension("s", "A1").is_ok());
        assert!(check_dimension("s", "A1:C20").is_ok());
        for damaged in ["C20:A1", "A1:ZZZZZZZ9", "A1:B2:C3", "", "A1:"] {
            assert!(check_dimension("s", damaged).is_err(), "{damaged}");
        }
    }
}
