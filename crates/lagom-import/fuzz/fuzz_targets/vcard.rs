//! Any text through the vCard reader: nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../entries/vcard.rs"]
mod entry;

fuzz_target!(|data: &[u8]| entry::run(data));
