//! Behaviour of the importer through its public API: readers, plans, a person's several
//! addresses and numbers, the country of phone numbers, workbooks, the csv-spectrum cases,
//! the fuzzers' inputs replayed, and hostile files refused.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

mod at_the_limits;
mod contacts;
mod country;
mod csv_spectrum;
mod fuzz_inputs;
mod hostile;
mod hostile_files;
mod matching;
mod nordic_people;
mod plans;
mod readers;
mod workbooks;
