//! A zip workbook (XLSX, XLSB, ODS) checked as a container before any part is parsed: how
//! many parts, what they declare they unpack to, and, as each is read, what it actually
//! unpacks to (a part may claim less than it holds), in total and against its packed size.
//! The same `zip` crate calamine uses reads the parts, so both see the same bytes.

use std::cell::Cell;
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::read::ZipFile;

use crate::ReadError;
use crate::limits::{
    MAX_PACKING_RATIO, MAX_UNPACKED_BYTES, MAX_WORKBOOK_PARTS, PACKING_RATIO_GRACE_BYTES, count,
    megabytes,
};

fn damaged(e: impl std::fmt::Display) -> ReadError {
    ReadError::Spreadsheet(e.to_string())
}

fn unpacked_limit() -> String {
    format!("{} unpacked", megabytes(MAX_UNPACKED_BYTES))
}

fn ratio_error(part: &str, ratio: u64) -> ReadError {
    ReadError::too_large(
        format!(
            "part '{part}' unpacks to {} times its packed size (a zip bomb does this)",
            count(ratio)
        ),
        format!("{} times a part's packed size", count(MAX_PACKING_RATIO)),
    )
}

/// Does a part of `packed` bytes unpacking to `unpacked` bytes pack too well?
fn packs_too_well(unpacked: u64, packed: u64) -> bool {
    unpacked > PACKING_RATIO_GRACE_BYTES && unpacked / packed.max(1) >= MAX_PACKING_RATIO
}

/// An open zip workbook and what its parts have unpacked to so far.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    unpacked: Cell<u64>,
}

impl<'a> Archive<'a> {
    /// Opens the container and checks what its parts declare.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self, ReadError> {
        // Listing the parts costs memory bounded by the file (the zip crate reserves no
        // more entries than the central directory's bytes can hold), itself bounded.
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
        if zip.len() > MAX_WORKBOOK_PARTS {
            return Err(ReadError::too_large(
                format!("the workbook has {} parts", count(zip.len() as u64)),
                format!("{} parts in a workbook", count(MAX_WORKBOOK_PARTS as u64)),
            ));
        }
        let mut declared = 0u64;
        for index in 0..zip.len() {
            let entry = zip.by_index_data(index).map_err(damaged)?;
            declared = declared.saturating_add(entry.size());
            if packs_too_well(entry.size(), entry.compressed_size()) {
                let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
                return Err(ratio_error(
                    &name,
                    entry.size() / entry.compressed_size().max(1),
                ));
            }
        }
        if declared > MAX_UNPACKED_BYTES {
            return Err(ReadError::too_large(
                format!("the workbook unpacks to {}", megabytes(declared)),
                unpacked_limit(),
            ));
        }
        Ok(Self {
            zip,
            unpacked: Cell::new(0),
        })
    }

    /// Every part's name, in the archive's order.
    pub(crate) fn names(&self) -> Vec<String> {
        (0..self.zip.len())
            .filter_map(|i| self.zip.by_index_data(i).ok())
            .map(|e| String::from_utf8_lossy(e.name_raw()).into_owned())
            .collect()
    }

    /// The index of the part calamine finds by `path`: names compared as calamine does,
    /// ignoring case and with `\` read as `/`.
    pub(crate) fn find(&self, path: &str) -> Option<usize> {
        let wanted = path.to_ascii_lowercase();
        self.names()
            .iter()
            .position(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted)
    }

    /// Part `index`, to read through a reader that stops at the limits.
    pub(crate) fn part(&mut self, index: usize) -> Result<Part<'_, 'a>, ReadError> {
        let Self { zip, unpacked } = self;
        let file = zip.by_index(index).map_err(damaged)?;
        let name = String::from_utf8_lossy(file.name_raw()).into_owned();
        let (packed, declared) = (file.compressed_size(), file.size());
        Ok(Part {
            file,
            name,
            packed,
            declared,
            read: 0,
            unpacked,
            exceeded: None,
        })
    }
}

/// One part being unpacked, counted as it goes. When a limit is passed the read fails and
/// [`Part::exceeded`] says which.
pub(crate) struct Part<'z, 'a> {
    file: ZipFile<'z, Cursor<&'a [u8]>>,
    name: String,
    packed: u64,
    /// The size the part declares: the zip crate fails a read past it.
    declared: u64,
    read: u64,
    unpacked: &'z Cell<u64>,
    exceeded: Option<ReadError>,
}

impl Part<'_, '_> {
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The limit the part passed, if reading it failed for that.
    pub(crate) fn exceeded(&mut self) -> Option<ReadError> {
        self.exceeded.take()
    }
}

impl Read for Part<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Reads stop at the declared size and then ask for one byte more, so that when the
        // zip crate fails a part for holding more than it declares, it is known to be that.
        let room = match self.declared - self.read.min(self.declared) {
            0 => 1,
            rest => rest,
        };
        let wanted = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = match self.file.read(&mut buf[..wanted]) {
            Ok(n) => n,
            Err(e) => {
                if self.read == self.declared {
                    self.exceeded = Some(ReadError::too_large(
                        format!(
                            "part '{}' unpacks to more than the {} bytes it declares",
                            self.name,
                            count(self.declared)
                        ),
                        "what a part declares it unpacks to",
                    ));
                }
                return Err(e);
            }
        };
        self.read += n as u64;
        let total = self.unpacked.get() + n as u64;
        self.unpacked.set(total);
        if total > MAX_UNPACKED_BYTES {
            self.exceeded = Some(ReadError::too_large(
                format!(
                    "the workbook unpacks to more than {}",
                    megabytes(MAX_UNPACKED_BYTES)
                ),
                unpacked_limit(),
            ));
        } else if packs_too_well(self.read, self.packed) {
            self.exceeded = Some(ratio_error(&self.name, self.read / self.packed.max(1)));
        }
        if self.exceeded.is_some() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                "a workbook limit was passed",
            ));
        }
        Ok(n)
    }
}
