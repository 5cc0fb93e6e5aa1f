//! Finding people who are the same person: one matcher for the importer (each new row checked
//! against the register and the rows before it) and for a search of the whole register.
//!
//! - [`record`]: a person as the matcher sees them, and prepared for comparing
//!   (every value folded, identifiers hashed).
//! - [`phonetic`]: a sound key for Nordic names (Kjær and Kjaer, Nilsen and Nielsen).
//! - [`keys`]: the blocking keys a person is filed under, so that only people who share one
//!   are compared.
//! - [`score`]: comparing a pair on every field, with a score from 0 to 1 and the reasons;
//!   [`REVIEW_THRESHOLD`] (worth a look) and [`AUTOMATIC_THRESHOLD`] (safe to merge unasked).
//! - [`Matcher`]: the blocking index, filled one person at a time.
//! - [`scan`]: every pair of a register worth a look, each once.
//!
//! Measured on generated Nordic registers with known duplicates (`benches/duplicates.rs`):
//! see the README's "Duplicate finding quality".

mod fold;
mod index;
mod keys;
pub mod phonetic;
mod record;
mod scan;
mod score;
mod similarity;

pub use index::{Found, Matcher};
pub use record::{MatchRecord, OwnedRecord};
pub use scan::{Pair, ScanStats, scan, scan_with};
pub use score::{AUTOMATIC_THRESHOLD, REVIEW_THRESHOLD, Reason, Scored, compare, score};
