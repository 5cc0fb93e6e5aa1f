//! Any text through the vCard reader: nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut table = lagom_import::Table::default();
    lagom_import::read_vcards(&text, &mut table);
});
