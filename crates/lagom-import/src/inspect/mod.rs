//! A workbook checked against the limits (`crate::limits`) before calamine opens it.
//! calamine trusts what a file says: it lays out the rectangle between a sheet's first and
//! last cells, reserves room for as many shared strings as declared, copies a shared or
//! repeated string into every cell that refers to it, and unpacks whatever a zip part holds.
//! So the checks here read the file first, the way calamine will (the same zip and XML
//! parsers, its reading followed step by step), and count what calamine would then hold.
//!
//! The format is found here too, and only that format's reader is started, instead of
//! calamine trying each reader in turn on bytes that were checked for one.

mod container;
mod ods;
mod ole;
mod tally;
mod xls;
mod xlsb;
mod xlsx;
mod xml;

use crate::ReadError;
use crate::limits::{MAX_WORKBOOK_BYTES, megabytes};
use container::Archive;
use tally::Tally;

/// Which of calamine's readers opens the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Excel 97–2003: an OLE compound file.
    Xls,
    /// Excel 2007 and later (XLSX, XLSM): zipped XML.
    Xlsx,
    /// Excel's binary workbook: zipped records.
    Xlsb,
    /// OpenDocument: zipped XML.
    Ods,
}

/// The signature of an OLE compound file (XLS).
pub(crate) const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Checks `bytes` against every limit and says which reader opens it.
pub(crate) fn workbook(bytes: &[u8]) -> Result<Kind, ReadError> {
    if bytes.len() as u64 > MAX_WORKBOOK_BYTES {
        return Err(ReadError::too_large(
            format!("the workbook file is {}", megabytes(bytes.len() as u64)),
            format!(
                "{} in a workbook file (save big sheets as CSV)",
                megabytes(MAX_WORKBOOK_BYTES)
            ),
        ));
    }
    let mut tally = Tally::default();
    if bytes.starts_with(&OLE_SIGNATURE) {
        xls::check(bytes, &mut tally)?;
        return Ok(Kind::Xls);
    }
    let mut archive = Archive::open(bytes)?;
    let names: Vec<String> = archive
        .names()
        .iter()
        .map(|n| n.replace('\\', "/").to_ascii_lowercase())
        .collect();
    let has = |path: &str| names.iter().any(|n| n == path);
    let kind = if has("content.xml") && has("mimetype") {
        Kind::Ods
    } else if has("xl/workbook.bin") {
        Kind::Xlsb
    } else {
        Kind::Xlsx
    };
    match kind {
        Kind::Xlsx => xlsx::check(&mut archive, &mut tally)?,
        Kind::Xlsb => xlsb::check(&mut archive, &mut tally)?,
        Kind::Ods => ods::check(&mut archive, &mut tally)?,
        Kind::Xls => {}
    }
    Ok(kind)
}
