//! XLSB (Excel's binary workbook: zipped records). calamine reads each record into one
//! buffer that it grows to the record's declared length (up to 256 MB, zero-filled, before
//! reading a byte of it) and never shrinks, and reads string lengths out of that buffer, old
//! bytes included. So the check reads the parts calamine reads as records the same way, with
//! the same buffer: no record may be longer than [`MAX_XML_PIECE_BYTES`]; a sheet's cells
//! are counted and measured, a cell's own text counted; the shared strings' declared and
//! actual number checked, their text counted.

use std::io::{BufReader, Read};

use crate::ReadError;
use crate::inspect::container::{Archive, Part};
use crate::inspect::tally::{Shape, Tally};
use crate::inspect::xml::{self, Stop};
use crate::limits::{MAX_XML_PIECE_BYTES, megabytes};

/// calamine's `RecordIter`: records of a part, each read into `buffer`.
struct Records<'z, 'a> {
    input: BufReader<Part<'z, 'a>>,
    name: String,
    /// Grown to the longest record so far and never shrunk, as calamine's is.
    buffer: Vec<u8>,
}

/// Why reading records ended early.
enum End {
    /// A limit was passed.
    Limit(ReadError),
    /// The part ended or is damaged: calamine stops here too, with an error.
    Stopped,
}

impl From<ReadError> for End {
    fn from(e: ReadError) -> Self {
        Self::Limit(e)
    }
}

impl<'z, 'a> Records<'z, 'a> {
    fn new(part: Part<'z, 'a>) -> Self {
        let name = part.name().to_owned();
        Self {
            input: BufReader::new(part),
            name,
            buffer: Vec::new(),
        }
    }

    fn byte(&mut self) -> Result<u8, End> {
        let mut b = [0u8];
        match self.input.read_exact(&mut b) {
            Ok(()) => Ok(b[0]),
            Err(e) => Err(self.failed(e)),
        }
    }

    /// An I/O error: a limit the part passed, or its end.
    fn failed(&mut self, _: std::io::Error) -> End {
        match self.input.get_mut().exceeded() {
            Some(limit) => End::Limit(limit),
            // The part ended, or did not unpack: calamine's reading fails there too.
            None => End::Stopped,
        }
    }

    /// A record's type (`read_type`).
    fn kind(&mut self) -> Result<u16, End> {
        let b = self.byte()?;
        if b & 0x80 == 0x80 {
            let high = self.byte()?;
            Ok(u16::from(b & 0x7F) + (u16::from(high & 0x7F) << 7))
        } else {
            Ok(u16::from(b))
        }
    }

    /// A record's body, into the buffer (`fill_buffer`); its length.
    fn body(&mut self) -> Result<usize, End> {
        let mut b = self.byte()?;
        let mut len = usize::from(b & 0x7F);
        for i in 1..4 {
            if b & 0x80 == 0 {
                break;
            }
            b = self.byte()?;
            len += usize::from(b & 0x7F) << (7 * i);
        }
        if len as u64 > MAX_XML_PIECE_BYTES {
            return Err(End::Limit(ReadError::too_large(
                format!(
                    "part '{}' has a record longer than {}",
                    self.name,
                    megabytes(MAX_XML_PIECE_BYTES)
                ),
                format!("{} in one record", megabytes(MAX_XML_PIECE_BYTES)),
            )));
        }
        if self.buffer.len() < len {
            self.buffer.resize(len, 0);
        }
        let read = self.input.read_exact(&mut self.buffer[..len]);
        read.map_err(|e| self.failed(e))?;
        Ok(len)
    }

    /// Reads records up to one of type `wanted`, skipping the blocks `bounds` open
    /// (`next_skip_blocks`).
    fn skip_to(&mut self, wanted: u16, bounds: &[(u16, Option<u16>)]) -> Result<(), End> {
        loop {
            let kind = self.kind()?;
            self.body()?;
            if kind == wanted {
                return Ok(());
            }
            if let Some(end) = bounds.iter().find(|b| b.0 == kind).and_then(|b| b.1) {
                while self.kind()? != end {
                    self.body()?;
                }
                self.body()?;
            }
        }
    }

    fn u32_at(&self, at: usize) -> Result<u32, End> {
        let bytes = self.buffer.get(at..at + 4).ok_or(End::Stopped)?;
        Ok(u32::from_le_bytes(
            bytes.try_into().map_err(|_| End::Stopped)?,
        ))
    }

    /// The bytes of UTF-8 a wide string at `at` of the buffer becomes (`wide_str`): its
    /// UTF-16 units, each at most 3 bytes.
    fn wide_string(&self, at: usize) -> Result<u64, End> {
        let units = u64::from(self.u32_at(at)?);
        if (self.buffer.len() as u64) < at as u64 + 4 + units * 2 {
            return Err(End::Stopped);
        }
        Ok(units * 3)
    }
}

/// A sheet's records, as `XlsbCellsReader` reads them.
fn sheet(records: &mut Records<'_, '_>, label: &str, tally: &mut Tally) -> Result<(), End> {
    let mut shape = Shape::new(label);
    let read = (|| {
        records.skip_to(0x0094, &[])?;
        if records.buffer.len() < 16 {
            return Err(End::Stopped);
        }
        records.skip_to(
            0x0091,
            &[
                (0x0085, Some(0x0086)),
                (0x0025, Some(0x0026)),
                (0x01E5, None),
                (0x0186, Some(0x0187)),
            ],
        )?;
        let mut row = 0u32;
        loop {
            let kind = records.kind()?;
            records.body()?;
            match kind {
                // The cell records calamine keeps (a blank, 0x0001, it skips).
                0x0002..=0x000A => {
                    let column = records.u32_at(0)?;
                    shape.cell(tally, u64::from(row), u64::from(column))?;
                    if matches!(kind, 0x0006 | 0x0008) {
                        tally.text(records.wide_string(8)?)?;
                    }
                }
                0x0000 => {
                    row = records.u32_at(0)?;
                    if row > 0x0010_0000 {
                        return Ok(());
                    }
                }
                0x0092 => return Ok(()),
                _ => {}
            }
        }
    })();
    match read {
        Ok(()) | Err(End::Stopped) => {}
        Err(limit) => return Err(limit),
    }
    shape.finish(tally)?;
    Ok(())
}

/// The shared strings, as `read_shared_strings` reads them.
fn shared_strings(records: &mut Records<'_, '_>, tally: &mut Tally) -> Result<(), End> {
    records.skip_to(0x009F, &[])?;
    let declared = records.u32_at(4)?;
    tally.shared_strings_declared(u64::from(declared))?;
    for _ in 0..declared {
        records.skip_to(0x0013, &[(0x0023, Some(0x0024))])?;
        tally.shared_string()?;
        tally.text(records.wide_string(1)?)?;
    }
    Ok(())
}

/// Checks every part of an XLSB workbook calamine reads.
pub(crate) fn check(archive: &mut Archive<'_>, tally: &mut Tally) -> Result<(), ReadError> {
    for (index, name) in archive.names().into_iter().enumerate() {
        let path = name.replace('\\', "/").to_ascii_lowercase();
        let is_sheet = ["xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/"]
            .iter()
            .any(|dir| path.starts_with(dir));
        let part = archive.part(index)?;
        let read = if is_sheet {
            sheet(&mut Records::new(part), &format!("part '{name}'"), tally)
        } else if path == "xl/sharedstrings.bin" {
            shared_strings(&mut Records::new(part), tally)
        } else if path == "xl/workbook.bin" || path == "xl/styles.bin" {
            let mut records = Records::new(part);
            loop {
                if let Err(end) = records.kind().and_then(|_| records.body()) {
                    break Err(end);
                }
            }
        } else if path.ends_with(".bin") {
            // Not read by calamine (a macro project, printer settings).
            Ok(())
        } else {
            // Relationships and other XML.
            match xml::scan(part, |_| Ok(())) {
                Ok(()) | Err(Stop::Unreadable) => Ok(()),
                Err(Stop::Limit(e)) => Err(End::Limit(e)),
            }
        };
        if let Err(End::Limit(e)) = read {
            return Err(e);
        }
    }
    Ok(())
}
