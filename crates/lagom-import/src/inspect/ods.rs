//! ODS (OpenDocument spreadsheets): calamine reads every sheet of `content.xml` when the
//! workbook is opened, expanding repeats as it goes: a cell with
//! `table:number-columns-repeated="16384"` is copied, text and all, 16,384 times, a row with
//! `table:number-rows-repeated` as many times again, and `<text:s text:c="1000000000"/>` is a
//! billion spaces. So the check follows calamine's reading (`ods.rs`: `read_table`,
//! `read_row`, `get_datatype`) and counts what it would lay out and copy, with calamine's
//! own caps, before calamine does it.

use quick_xml::events::{BytesStart, Event};

use crate::ReadError;
use crate::inspect::container::Archive;
use crate::inspect::tally::{Shape, Tally};
use crate::inspect::xml::{self, Stop, attribute};

/// calamine's caps on an ODS sheet (`ods.rs`).
const CALAMINE_MAX_ROWS: u64 = 1_048_576;
const CALAMINE_MAX_COLUMNS: u64 = 16_384;

fn damaged(what: &str) -> ReadError {
    ReadError::Spreadsheet(format!("content.xml has {what}"))
}

/// A repeat count as calamine parses it (`usize`), refused where calamine would fail.
fn repeats(e: &BytesStart<'_>, name: &str) -> Result<u64, ReadError> {
    match attribute(e, name) {
        None => Ok(1),
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| damaged(&format!("a repeat count {v:?} that is not a number"))),
    }
}

/// The cell being read: what calamine will copy for each of its repeats.
#[derive(Default)]
struct Cell {
    repeats: u64,
    has_value: bool,
    /// It has a formula: calamine keeps it in the sheet's formulas too.
    has_formula: bool,
    /// Bytes of its value's text and its formula.
    text: u64,
    /// Its text is in its content (`<text:p>`), not an attribute: calamine reads it.
    reads_content: bool,
    in_annotation: u32,
    paragraphs: u32,
}

/// One sheet (`<table:table>`) being read.
struct Sheet {
    values: Shape,
    formulas: Shape,
    /// Rows so far, repeats counted and capped as calamine caps them.
    rows: u64,
    /// The row being read: its repeats, the columns pushed so far, and empty columns
    /// waiting to be pushed before a value.
    row: Option<Row>,
}

#[derive(Default)]
struct Row {
    repeats: u64,
    pushed: u64,
    pending_empty: u64,
}

/// `content.xml` read as calamine reads it.
struct ContentScan {
    sheet: Option<Sheet>,
    cell: Option<Cell>,
    /// Cells inside the cell being read: calamine skips a cell's content whole, so they are
    /// not cells to it.
    nested_cells: u32,
}

impl ContentScan {
    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), ReadError> {
        match e.name().as_ref() {
            // calamine reads only sheets with a name, and reads a table inside a sheet as
            // part of it (whose end ends the sheet).
            "table:table" if self.sheet.is_none() => {
                if let Some(name) = attribute(e, "table:name") {
                    let name =
                        quick_xml::escape::unescape(name).map_or(name.into(), |n| n.into_owned());
                    self.sheet = Some(Sheet {
                        values: Shape::new(format!("sheet '{name}'")),
                        formulas: Shape::new(format!("sheet '{name}' (its formulas)")),
                        rows: 0,
                        row: None,
                    });
                }
            }
            "table:table-row" => {
                if let Some(sheet) = self.sheet.as_mut() {
                    let wanted = repeats(e, "table:number-rows-repeated")?;
                    let capped = wanted.min(CALAMINE_MAX_ROWS.saturating_sub(sheet.rows));
                    sheet.row = Some(Row {
                        repeats: capped,
                        ..Row::default()
                    });
                }
            }
            "table:table-cell" | "table:covered-table-cell" if self.cell.is_some() => {
                self.nested_cells += 1;
            }
            "table:table-cell" | "table:covered-table-cell"
                if self.sheet.as_ref().is_some_and(|s| s.row.is_some()) =>
            {
                self.cell = Some(self.cell_start(e)?);
            }
            "office:annotation" => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.in_annotation += 1;
                }
            }
            "text:p" => {
                if let Some(cell) = self
                    .cell
                    .as_mut()
                    .filter(|c| c.reads_content && c.in_annotation == 0)
                {
                    cell.paragraphs += 1;
                    // A newline between paragraphs.
                    cell.text += u64::from(cell.paragraphs > 1);
                }
            }
            "text:s" => {
                if let Some(cell) = self
                    .cell
                    .as_mut()
                    .filter(|c| c.reads_content && c.in_annotation == 0)
                {
                    let spaces = match attribute(e, "text:c") {
                        Some(c) => quick_xml::escape::unescape(c)
                            .ok()
                            .and_then(|c| c.parse::<u64>().ok())
                            .ok_or_else(|| damaged("a space count that is not a number"))?,
                        None => 1,
                    };
                    cell.text = cell.text.saturating_add(spaces);
                }
            }
            "text:tab" | "text:line-break" => {
                if let Some(cell) = self
                    .cell
                    .as_mut()
                    .filter(|c| c.reads_content && c.in_annotation == 0)
                {
                    cell.text += 1;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A cell's attributes, as `get_datatype` reads them (in order: the first value wins).
    fn cell_start(&self, e: &BytesStart<'_>) -> Result<Cell, ReadError> {
        let mut cell = Cell {
            repeats: repeats(e, "table:number-columns-repeated")?,
            ..Cell::default()
        };
        // Whichever value attribute calamine takes (the first), its text is no longer than
        // the longest of them.
        let mut value_text = None;
        for key in [
            "office:string-value",
            "office:date-value",
            "office:time-value",
        ] {
            if let Some(v) = attribute(e, key) {
                value_text = Some(value_text.unwrap_or(0).max(v.len() as u64));
            }
        }
        cell.has_value = value_text.is_some()
            || attribute(e, "office:value").is_some()
            || attribute(e, "office:boolean-value").is_some();
        let is_string = !cell.has_value && attribute(e, "office:value-type") == Some("string");
        let is_error = attribute(e, "calcext:value-type") == Some("error");
        if let Some(formula) = attribute(e, "table:formula") {
            cell.has_formula = !formula.is_empty();
            cell.text += formula.len() as u64;
        }
        cell.text += value_text.unwrap_or(0);
        // calamine reads the content for a string without a value attribute, and for an
        // error whose value is empty; either way the cell then holds a string.
        if (!cell.has_value && is_string) || (is_error && value_text == Some(0)) {
            cell.reads_content = true;
            cell.has_value = true;
        }
        Ok(cell)
    }

    fn cell_end(&mut self, tally: &mut Tally) -> Result<(), ReadError> {
        let (Some(cell), Some(sheet)) = (self.cell.take(), self.sheet.as_mut()) else {
            return Ok(());
        };
        let Some(row) = sheet.row.as_mut() else {
            return Ok(());
        };
        let filled = cell.has_value || cell.has_formula;
        // Empty columns before this cell are pushed now, capped at the row's width.
        let empty = row.pending_empty.min(CALAMINE_MAX_COLUMNS - row.pushed);
        row.pushed += empty;
        row.pending_empty = 0;
        let columns = cell.repeats.min(CALAMINE_MAX_COLUMNS - row.pushed);
        if !filled {
            row.pending_empty = columns;
            return Ok(());
        }
        let first = row.pushed;
        row.pushed += columns;
        // The cell's own text is held while it is read, whatever its repeats.
        tally.text(cell.text)?;
        if columns == 0 || row.repeats == 0 {
            return Ok(());
        }
        let rows = (sheet.rows, sheet.rows + row.repeats - 1);
        let columns_span = (first, first + columns - 1);
        let cells = columns.saturating_mul(row.repeats);
        sheet.values.cells(tally, rows, columns_span, cells)?;
        if cell.has_formula {
            sheet.formulas.cells(tally, rows, columns_span, 0)?;
        }
        // The row's cells hold a copy for each column repeat; laying the sheet out copies
        // the row again for each row repeat.
        let copies = columns.saturating_mul(row.repeats.saturating_add(1));
        tally.text(cell.text.saturating_mul(copies))
    }

    fn end(&mut self, name: &str, tally: &mut Tally) -> Result<(), ReadError> {
        match name {
            "table:table-cell" | "table:covered-table-cell" if self.nested_cells > 0 => {
                self.nested_cells -= 1;
            }
            "table:table-cell" | "table:covered-table-cell" => self.cell_end(tally)?,
            "office:annotation" => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.in_annotation = cell.in_annotation.saturating_sub(1);
                }
            }
            "table:table-row" => {
                if let Some(sheet) = self.sheet.as_mut()
                    && let Some(row) = sheet.row.take()
                {
                    // The row's columns up to its last value, empty ones included, are laid
                    // out once before the sheet is, whatever its repeats.
                    tally.laid_out(row.pushed)?;
                    sheet.rows = sheet.rows.saturating_add(row.repeats);
                }
            }
            "table:table" => {
                if let Some(sheet) = self.sheet.take() {
                    sheet.values.finish(tally)?;
                    sheet.formulas.finish(tally)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn event(&mut self, event: Event<'_>, tally: &mut Tally) -> Result<(), ReadError> {
        let reading_text = |cell: &Option<Cell>| {
            cell.as_ref()
                .is_some_and(|c| c.reads_content && c.in_annotation == 0)
        };
        match event {
            Event::Start(e) | Event::Empty(e) => self.start(&e),
            Event::End(e) => self.end(e.name().as_ref(), tally),
            Event::Text(t) if reading_text(&self.cell) => self.add_text(t.len() as u64),
            Event::GeneralRef(r) if reading_text(&self.cell) => self.add_text(r.len() as u64 + 2),
            _ => Ok(()),
        }
    }

    fn add_text(&mut self, bytes: u64) -> Result<(), ReadError> {
        if let Some(cell) = self.cell.as_mut() {
            cell.text = cell.text.saturating_add(bytes);
        }
        Ok(())
    }
}

/// Checks an ODS workbook: `content.xml` as calamine reads it, every other part for its
/// size and the length of its pieces of XML (calamine reads the manifest whole).
pub(crate) fn check(archive: &mut Archive<'_>, tally: &mut Tally) -> Result<(), ReadError> {
    let content = archive.names().iter().position(|n| n == "content.xml");
    for index in 0..archive.names().len() {
        let part = archive.part(index)?;
        let scanned = if Some(index) == content {
            let mut scan = ContentScan {
                sheet: None,
                cell: None,
                nested_cells: 0,
            };
            xml::scan(part, |event| scan.event(event, tally))
        } else {
            xml::scan(part, |_| Ok(()))
        };
        if let Err(Stop::Limit(e)) = scanned {
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `content` (the inside of a table named "Kunder") to the scan.
    fn scan(content: &str) -> Result<Tally, ReadError> {
        let xml = format!(
            r#"<office:document-content><table:table table:name="Kunder">{content}</table:table></office:document-content>"#
        );
        let mut reader = quick_xml::Reader::from_str(&xml);
        reader.config_mut().expand_empty_elements = true;
        let mut tally = Tally::default();
        let mut scan = ContentScan {
            sheet: None,
            cell: None,
            nested_cells: 0,
        };
        loop {
            match reader.read_event().unwrap() {
                Event::Eof => return Ok(tally),
                event => scan.event(event, &mut tally)?,
            }
        }
    }

    #[test]
    fn a_cell_inside_a_repeated_cell_does_not_hide_it() {
        let err = scan(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><table:table-cell/></table:table-cell></table:table-row>"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("spans 16,384 columns"), "{err}");
    }

    #[test]
    fn empty_repeats_cost_nothing_and_values_after_them_count_where_they_are() {
        let tally = scan(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1000"/><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:number-columns-repeated="16000"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        );
        assert!(tally.is_ok());
        let err = scan(
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:number-columns-repeated="2000"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("spans 2,002 columns"), "{err}");
    }
}
