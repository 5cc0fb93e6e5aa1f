//! The fuzz targets' inputs as ordinary tests: each target's body (the same file the fuzzer
//! builds, `fuzz/entries/`) runs over its committed seeds, the files in `tests/data`, and
//! whatever corpus and crash inputs fuzzing left on this machine, so what the fuzzer once
//! found keeps being checked without a sanitizer build. Nothing may panic.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/entries/csv.rs"]
mod csv_entry;
#[path = "../../fuzz/entries/vcard.rs"]
mod vcard_entry;

/// Every file directly in the directories that exist of `dirs`, sorted.
fn files_in(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .filter(|d| d.is_dir())
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The inputs of fuzz target `target`: seeds, test data, then local corpus and artifacts.
fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    files_in(&[
        root.join("fuzz/seeds").join(target),
        root.join("tests/data"),
        // ./test.sh's corpus, and cargo-fuzz's own places when it was run by hand.
        root.join("../../target/fuzz-corpus").join(target),
        root.join("fuzz/corpus").join(target),
        root.join("fuzz/artifacts").join(target),
    ])
}

fn replay(target: &str, run: fn(&[u8])) {
    let files = inputs(target);
    assert!(
        files
            .iter()
            .any(|f| f.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds"))),
        "no seeds for the {target} fuzz target"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        // A panic names the input it came from.
        let result = std::panic::catch_unwind(|| run(&bytes));
        assert!(
            result.is_ok(),
            "{target} fuzz target panicked on {}",
            file.display()
        );
    }
}

#[test]
fn the_csv_fuzz_inputs_plan_without_panicking() {
    replay("csv", csv_entry::run);
}

#[test]
fn the_vcard_fuzz_inputs_read_without_panicking() {
    replay("vcard", vcard_entry::run);
}
