//! Lagom's importer, without a database: bytes of spreadsheets and contact exports in, rows
//! out. It never writes anything; the core turns what it reads into people in one transaction.
//!
//! Reading is streamed through a [`RowSink`], so a file of a million rows is never held in
//! memory whole. A bad row is data, not a failure: readers report what they could not read
//! with its place (file, row, column) and go on. A file that is too large in a way that
//! could exhaust memory or time is refused whole, before anything that size is allocated
//! ([`limits`]).

pub mod contact;
pub mod country;
pub mod csv_reader;
mod error;
mod inspect;
pub mod layout;
pub mod limits;
pub mod mapping;
pub mod matching;
pub mod normalise;
pub mod plan;
pub mod sensitive;
pub mod sink;
pub mod source;
pub mod spreadsheet;
pub mod text;
pub mod vcard;

pub use contact::{ContactKind, CountryEvidence, CountrySource, PhoneCountry, PlannedContact};
pub use csv_reader::{CsvDialect, CsvStats, read_csv, sniff_csv};
pub use error::ReadError;
pub use layout::find_header;
pub use sink::{RowSink, Table};
pub use source::{Format, SourceFile};
pub use spreadsheet::{SheetInfo, Workbook};
pub use text::{DetectedEncoding, detect_encoding};
pub use vcard::{VcardStats, read_vcard_stream, read_vcards};
