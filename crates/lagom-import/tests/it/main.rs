//! Behaviour of the importer through its public API: readers, plans, workbooks, the
//! csv-spectrum cases and the fuzzers' inputs replayed.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

mod csv_spectrum;
mod fuzz_inputs;
mod plans;
mod readers;
mod workbooks;
