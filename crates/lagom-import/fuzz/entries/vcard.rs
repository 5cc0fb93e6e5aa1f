//! The vCard fuzz target's body, also run over the seeds and corpus as an ordinary test
//! (`tests/it/fuzz_inputs.rs`).

/// Any text through the vCard reader.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut table = lagom_import::Table::default();
    let _ = lagom_import::read_vcards(&text, &mut table);
}
