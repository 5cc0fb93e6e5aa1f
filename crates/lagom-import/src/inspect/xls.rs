//! XLS (BIFF5 and BIFF8 records in an OLE compound file). calamine reads every sheet when
//! the workbook is opened (`xls.rs`, `parse_workbook`): it reserves room for each sheet's
//! declared DIMENSIONS, lays out its cells and its formulas as two rectangles, copies a
//! shared string into every cell that refers to it, and writes every formula out as text,
//! where one 9-byte number can become 330 characters and each 3-D reference repeats a sheet
//! name. So the check walks the same records the same way and counts all of that first.

use crate::ReadError;
use crate::inspect::ole;
use crate::inspect::tally::{Shape, Tally};
use crate::limits::{MAX_CELLS, count};

fn damaged(what: &str) -> ReadError {
    ReadError::Spreadsheet(format!("the XLS file is damaged: {what}"))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// A record and the CONTINUE records after it, as calamine's `RecordIter` groups them.
struct Record<'s> {
    typ: u16,
    data: &'s [u8],
    continues: Vec<&'s [u8]>,
}

/// calamine's `RecordIter`: `None` at the end, `Some(None)` where calamine fails (a record
/// cut short), after which it reads no further.
struct Records<'s> {
    stream: &'s [u8],
}

impl<'s> Iterator for Records<'s> {
    type Item = Option<Record<'s>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stream.len() < 4 {
            let failed = !self.stream.is_empty();
            self.stream = &[];
            return failed.then_some(None);
        }
        let typ = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let Some(data) = self.stream.get(4..4 + len) else {
            self.stream = &[];
            return Some(None);
        };
        self.stream = &self.stream[4 + len..];
        let mut continues = Vec::new();
        while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
            let len = usize::from(u16_at(self.stream, 2)?);
            let Some(part) = self.stream.get(4..4 + len) else {
                self.stream = &[];
                return Some(None);
            };
            continues.push(part);
            self.stream = &self.stream[4 + len..];
        }
        Some(Some(Record {
            typ,
            data,
            continues,
        }))
    }
}

/// What the workbook globals say that the sheets need.
struct Globals {
    /// Whether BIFF8 (else BIFF5 or earlier, whose records are shorter).
    biff8: bool,
    /// Whether text decodes as UTF-16 (codepage 1200, calamine's default), where a character
    /// becomes at most 3 bytes of UTF-8; other codepages can make 6.
    utf16: bool,
    /// Each shared string's most bytes once decoded.
    shared: Vec<u64>,
    /// Each sheet: where its records start and its name.
    sheets: Vec<(usize, String)>,
    /// The most bytes a sheet or defined name takes when a formula writes it out.
    longest_name: u64,
}

impl Globals {
    fn bytes_per_char(&self) -> u64 {
        if self.utf16 { 3 } else { 6 }
    }

    /// The most bytes a string record of `len` bytes decodes to.
    fn string_bytes(&self, len: usize) -> u64 {
        len as u64 * if self.utf16 { 2 } else { 4 }
    }
}

/// The shared strings table (`parse_sst`), walked as calamine walks it: each string's
/// characters, run by run across CONTINUE records (a run that crosses into one starts with
/// a new flags byte), then its formatting runs and phonetic data skipped.
fn shared_strings(
    record: &Record<'_>,
    globals: &mut Globals,
    tally: &mut Tally,
) -> Result<(), ReadError> {
    globals.shared.clear();
    let Some(mut data) = record.data.get(8..) else {
        return Ok(());
    };
    let mut continues = record.continues.iter();
    'strings: loop {
        if data.is_empty() {
            match continues.next() {
                Some(next) => data = next,
                None => break,
            }
        }
        tally.shared_string()?;
        if data.is_empty() {
            globals.shared.push(0);
            continue;
        }
        let (Some(chars), Some(&flags)) = (u16_at(data, 0), data.get(2)) else {
            break;
        };
        data = &data[3..];
        let mut high_byte = flags & 0x1 != 0;
        let mut runs = 0usize;
        let mut extra = 0usize;
        if flags & 0x8 != 0 {
            let Some(n) = u16_at(data, 0) else { break };
            runs = usize::from(n);
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            let Some(n) = u32_at(data, 0) else { break };
            extra = n as usize;
            data = &data[4..];
        }
        let mut left = usize::from(chars);
        while left > 0 {
            let taken = if high_byte {
                (data.len() / 2).min(left)
            } else {
                data.len().min(left)
            };
            data = &data[taken * if high_byte { 2 } else { 1 }..];
            left -= taken;
            if left > 0 {
                let Some(next) = continues.next() else {
                    break 'strings;
                };
                let Some(&flag) = next.first() else {
                    break 'strings;
                };
                high_byte = flag & 0x1 != 0;
                data = &next[1..];
            }
        }
        let mut skip = runs.saturating_mul(4).saturating_add(extra);
        while skip > 0 {
            if data.is_empty() {
                match continues.next() {
                    Some(next) => data = next,
                    None => break 'strings,
                }
            }
            let n = skip.min(data.len());
            data = &data[n..];
            skip -= n;
        }
        let bytes = u64::from(chars) * globals.bytes_per_char();
        tally.text(bytes)?;
        globals.shared.push(bytes);
    }
    Ok(())
}

/// A short name record's characters (BoundSheet8 at 6, Lbl at 3): for errors, its text,
/// and the most bytes it decodes to.
fn name_at(data: &[u8], cch_at: usize, text_at: usize, globals: &Globals) -> (String, u64) {
    let cch = data.get(cch_at).copied().unwrap_or(0);
    let bytes = u64::from(cch) * globals.bytes_per_char();
    let text = match (globals.biff8, data.get(text_at)) {
        (true, Some(flags)) if flags & 1 == 1 => {
            let units: Vec<u16> = data
                .get(text_at + 1..)
                .unwrap_or(&[])
                .chunks_exact(2)
                .take(usize::from(cch))
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        (true, Some(_)) => latin1(data.get(text_at + 1..).unwrap_or(&[]), cch),
        _ => latin1(data.get(text_at..).unwrap_or(&[]), cch),
    };
    (text, bytes)
}

fn latin1(bytes: &[u8], cch: u8) -> String {
    bytes
        .iter()
        .take(usize::from(cch))
        .map(|&b| char::from(b))
        .collect()
}

/// The workbook globals, up to their EOF, as `parse_workbook` reads them.
fn globals(stream: &[u8], tally: &mut Tally) -> Result<Globals, ReadError> {
    let mut globals = Globals {
        biff8: true,
        utf16: true,
        shared: Vec::new(),
        sheets: Vec::new(),
        longest_name: 5, // "#REF!"
    };
    for record in (Records { stream }) {
        let Some(record) = record else { break };
        let data = record.data;
        match record.typ {
            // CodePage
            0x0042 => {
                if let Some(codepage) = u16_at(data, 0) {
                    globals.utf16 = matches!(codepage, 1200 | 1201);
                }
            }
            // BoundSheet8
            0x0085 => {
                let (Some(position), true) = (u32_at(data, 0), data.len() >= 6) else {
                    break;
                };
                let (name, bytes) = name_at(data, 6, 7, &globals);
                globals.longest_name = globals.longest_name.max(bytes);
                globals.sheets.push((position as usize, name));
            }
            // BOF
            0x0809 => {
                let version = u16_at(data, 0).unwrap_or(0x0600);
                let kind = u16_at(data, 2).unwrap_or(0);
                globals.biff8 = match version {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    0 => kind != 0x1000,
                    _ => true,
                };
            }
            // Lbl: a defined name, written out where a formula refers to it.
            0x0018 => {
                let (_, bytes) = name_at(data, 3, 14, &globals);
                globals.longest_name = globals.longest_name.max(bytes);
            }
            // SST
            0x00FC => shared_strings(&record, &mut globals, tally)?,
            // EOF
            0x000A => break,
            _ => {}
        }
    }
    Ok(globals)
}

/// The most bytes `parse_formula` writes for the formula whose parsed expression is
/// `rgce` (its `cce` and tokens), following its tokens and their sizes. A token it does not
/// know ends the formula with an error message of its own, which is short.
fn formula_bytes(rgce: &[u8], globals: &Globals) -> u64 {
    const MESSAGE: u64 = 256;
    const FUNCTION: u64 = 18 + 2 + 255; // the longest name, brackets, a comma per argument
    let Some(cce) = u16_at(rgce, 0) else {
        return MESSAGE;
    };
    let Some(mut tokens) = rgce.get(2..2 + usize::from(cce)) else {
        return MESSAGE;
    };
    let name = globals.longest_name;
    let small = !globals.biff8;
    let mut bytes = 0u64;
    while let Some((&ptg, rest)) = tokens.split_first() {
        tokens = rest;
        let (size, written) = match ptg {
            0x3a | 0x5a | 0x7a => (6, name + 12),
            0x3b | 0x5b | 0x7b => (10, name + 24),
            0x3c | 0x5c | 0x7c => (6, name + 6),
            0x3d | 0x5d | 0x7d => (10, name + 6),
            0x01 => (4, 0),
            0x03..=0x11 => (0, 2),
            0x12..=0x14 => (0, 1),
            0x15 => (0, 2),
            0x16 => (0, 0),
            0x17 => {
                let Some(&cch) = tokens.first() else {
                    return bytes + MESSAGE;
                };
                let high = globals.biff8 && tokens.get(1).is_some_and(|f| f & 1 == 1);
                let size = if globals.biff8 {
                    2 + usize::from(cch) * if high { 2 } else { 1 }
                } else {
                    1 + usize::from(cch)
                };
                (size, 2 + u64::from(cch) * globals.bytes_per_char())
            }
            0x18 => (5, 0),
            0x19 => {
                let (Some(&etpg), Some(a), Some(b)) =
                    (tokens.first(), tokens.get(1), tokens.get(2))
                else {
                    return bytes + MESSAGE;
                };
                match etpg {
                    0x01 | 0x02 | 0x08 | 0x20 | 0x21 => (3, 0),
                    0x04 => (3 + 2 * (usize::from(u16::from_le_bytes([*a, *b])) + 1), 0),
                    0x10 => (3, 5),
                    0x40 | 0x41 => (3, u64::from(*b)),
                    _ => return bytes + MESSAGE,
                }
            }
            0x1C => (1, 13),
            0x1D => (1, 5),
            0x1E => (2, 5),
            0x1F => {
                let Some(raw) = tokens.get(..8) else {
                    return bytes + MESSAGE;
                };
                let number = f64::from_le_bytes(raw.try_into().unwrap_or([0; 8]));
                (8, format!("{number}").len() as u64)
            }
            0x20 | 0x40 | 0x60 => (7, 10),
            0x21 | 0x41 | 0x61 => (2, FUNCTION),
            0x22 | 0x42 | 0x62 => (3, FUNCTION),
            0x23 | 0x43 | 0x63 => (4, name),
            0x24 | 0x44 | 0x64 => (if small { 3 } else { 4 }, 12),
            0x25 | 0x45 | 0x65 => (if small { 6 } else { 8 }, 26),
            0x2A | 0x4A | 0x6A => (if small { 3 } else { 4 }, 5),
            0x2B | 0x4B | 0x6B => (if small { 6 } else { 8 }, 5),
            0x39 | 0x59 => (6, 10),
            _ => return bytes + MESSAGE,
        };
        let Some(rest) = tokens.get(size..) else {
            return bytes + MESSAGE;
        };
        tokens = rest;
        bytes += written;
    }
    bytes.max(MESSAGE)
}

/// Checks the declared DIMENSIONS calamine reserves room for (`parse_dimensions`): its
/// corners must be in order (calamine subtracts them) and its area within the cells limit.
fn check_dimensions(data: &[u8], label: &str) -> Result<(), ReadError> {
    let corners = match data.len() {
        10 => (0..4)
            .map(|i| u16_at(data, i * 2).map(u32::from))
            .collect::<Option<Vec<u32>>>(),
        14 | 16 => [u32_at(data, 0), u32_at(data, 4)]
            .into_iter()
            .chain([8, 10].map(|at| u16_at(data, at).map(u32::from)))
            .collect(),
        // calamine refuses the record.
        _ => return Ok(()),
    };
    let Some(&[row_first, row_last, mut column_first, column_last]) = corners.as_deref() else {
        return Ok(());
    };
    if 0xFF < column_first || column_last < column_first {
        column_first = 0;
    }
    let (start, end) = if row_last >= 1 && column_last >= 1 {
        ((row_first, column_first), (row_last - 1, column_last - 1))
    } else {
        ((row_first, column_first), (row_first, column_first))
    };
    if end.0 < start.0 || end.1 < start.1 {
        return Err(ReadError::Spreadsheet(format!(
            "{label} has a damaged dimensions record"
        )));
    }
    let rows = u64::from(end.0 - start.0) + 1;
    let columns = u64::from(end.1 - start.1) + 1;
    let area = rows.saturating_mul(columns);
    if area > MAX_CELLS {
        return Err(ReadError::too_large(
            format!(
                "{label} declares {} rows × {} columns, {} cells",
                count(rows),
                count(columns),
                count(area)
            ),
            format!(
                "{} cells in a workbook (save big sheets as CSV)",
                count(MAX_CELLS)
            ),
        ));
    }
    Ok(())
}

/// One sheet's records, from its BOF to its EOF, as `parse_workbook` reads them.
fn sheet(
    records: &[u8],
    label: &str,
    globals: &Globals,
    tally: &mut Tally,
) -> Result<(), ReadError> {
    let mut values = Shape::new(label);
    let mut formulas = Shape::new(format!("{label} (its formulas)"));
    let mut formula_at = (0u64, 0u64);
    let mut seen_bof = false;
    let mut depth = 0usize;
    let at = |data: &[u8]| -> Option<(u64, u64)> {
        Some((u64::from(u16_at(data, 0)?), u64::from(u16_at(data, 2)?)))
    };
    for record in (Records { stream: records }) {
        let Some(record) = record else { break };
        let data = record.data;
        if depth > 0 {
            match record.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match record.typ {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            0x0200 => check_dimensions(data, label)?,
            // Number, BoolErr, RK: a value of their own.
            0x0203 | 0x0205 | 0x027E => {
                let minimum = match record.typ {
                    0x0203 => 14,
                    0x0205 => 8,
                    _ => 10,
                };
                if data.len() < minimum {
                    break;
                }
                if let Some((row, column)) = at(data) {
                    values.cell(tally, row, column)?;
                }
            }
            // Label, RString: a string of their own.
            0x0204 | 0x00D6 => {
                if data.len() < 6 {
                    break;
                }
                if let Some((row, column)) = at(data) {
                    values.cell(tally, row, column)?;
                    tally.text(globals.string_bytes(data.len()))?;
                }
            }
            // LabelSst: a copy of a shared string.
            0x00FD => {
                if data.len() < 10 {
                    break;
                }
                let index = u32_at(data, 6).unwrap_or(u32::MAX) as usize;
                if let (Some(bytes), Some((row, column))) = (globals.shared.get(index), at(data)) {
                    values.cell(tally, row, column)?;
                    tally.text(*bytes)?;
                }
            }
            // MulRk: several numbers in a row.
            0x00BD => {
                let (Some(first), Some(last)) = (
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                ) else {
                    break;
                };
                if data.len() < 6
                    || last < first
                    || data.len() != 6 + 6 * usize::from(last - first + 1)
                {
                    break;
                }
                let row = u64::from(u16_at(data, 0).unwrap_or(0));
                values.cells(
                    tally,
                    (row, row),
                    (u64::from(first), u64::from(last)),
                    u64::from(last - first) + 1,
                )?;
            }
            // String: a formula's text value, at the formula's cell.
            0x0207 => {
                values.cell(tally, formula_at.0, formula_at.1)?;
                tally.text(globals.string_bytes(data.len()))?;
            }
            // Formula: its value (if not a string, which follows) and its text.
            0x0006 => {
                if data.len() < 20 {
                    break;
                }
                formula_at = at(data).unwrap_or((0, 0));
                values.cell(tally, formula_at.0, formula_at.1)?;
                formulas.cell(tally, formula_at.0, formula_at.1)?;
                tally.text(formula_bytes(&data[20..], globals))?;
            }
            0x000A => break,
            _ => {}
        }
    }
    values.finish(tally)?;
    formulas.finish(tally)
}

/// Checks an XLS workbook.
pub(crate) fn check(bytes: &[u8], tally: &mut Tally) -> Result<(), ReadError> {
    let stream = ole::workbook_stream(bytes)?;
    let globals = globals(&stream, tally)?;
    for (position, name) in &globals.sheets {
        let records = stream
            .get(*position..)
            .ok_or_else(|| damaged("a sheet starts past the end of the workbook"))?;
        sheet(records, &format!("sheet '{name}'"), &globals, tally)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globals() -> Globals {
        Globals {
            biff8: true,
            utf16: true,
            shared: Vec::new(),
            sheets: Vec::new(),
            longest_name: 10,
        }
    }

    fn rgce(tokens: &[u8]) -> Vec<u8> {
        let mut out = (tokens.len() as u16).to_le_bytes().to_vec();
        out.extend_from_slice(tokens);
        out
    }

    #[test]
    fn a_formula_is_bounded_by_what_calamine_writes_for_it() {
        // =A1+1 (PtgRef, PtgInt, PtgAdd) is short.
        let small = rgce(&[0x24, 0, 0, 0, 0xC0, 0x1E, 1, 0, 0x03]);
        assert_eq!(
            formula_bytes(&small, &globals()),
            256,
            "no less than an error message"
        );
        // A tiny number written out in full is 300-odd characters from 9 bytes.
        let mut tiny = vec![0x1F];
        tiny.extend_from_slice(&f64::from_bits(1).to_le_bytes());
        let bytes = formula_bytes(&rgce(&tiny), &globals());
        assert_eq!(bytes, format!("{}", f64::from_bits(1)).len() as u64);
        assert!(bytes > 300);
        // 255 spaces from a 4-byte PtgAttrSpace.
        let spaces = rgce(&[0x1E, 1, 0, 0x19, 0x40, 0, 255]);
        assert_eq!(formula_bytes(&spaces, &globals()), 5 + 255);
    }

    #[test]
    fn dimensions_out_of_order_or_too_big_are_refused() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = rf.to_le_bytes().to_vec();
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            d
        };
        assert!(check_dimensions(&dims(0, 100, 0, 10), "s").is_ok());
        assert!(
            check_dimensions(&dims(50, 10, 0, 10), "s").is_err(),
            "rows out of order"
        );
        assert!(
            check_dimensions(&dims(0, 10, 5, 5), "s").is_err(),
            "an empty column range"
        );
        let err = check_dimensions(&dims(0, u32::MAX, 0, 0xFFFF), "sheet 'Kunder'").unwrap_err();
        assert!(err.to_string().contains("sheet 'Kunder' declares"), "{err}");
    }
}
