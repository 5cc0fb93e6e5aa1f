//! Any bytes through encoding and dialect detection, the CSV reader and the planner: nothing
//! may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../entries/csv.rs"]
mod entry;

fuzz_target!(|data: &[u8]| entry::run(data));
