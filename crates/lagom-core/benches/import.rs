//! A million-row import end to end, next to `sqlite3`'s `.import` of the same file in the
//! same run: reading with detection, mapping and cleaning every value, the core's checks,
//! duplicate detection within the file and against the vault, and the commit (people,
//! search index, processing records, change log) into an empty encrypted vault, in one
//! transaction. Reports the wall-time ratio, the rate, what duplicate detection did and the
//! process's peak memory.
//!
//! `cargo bench -p lagom-core --bench import` (`LAGOM_BENCH_ROWS=100000` for a quick run).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use lagom_core::import::{ImportFile, ImportOptions};
use lagom_core::{KdfParams, NewVault, OsEntropy, Password, SecretKey, SystemClock, Vault};

#[path = "../../lagom-import/benches/support/nordic_file.rs"]
mod nordic_file;

use nordic_file::{peak_rss_mb, sqlite_import, write_file};

fn main() {
    let rows: u64 = std::env::var("LAGOM_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("kunder.csv");
    let bytes = write_file(&csv, rows);
    println!(
        "file: {rows} rows x 10 columns, {:.0} MB, Windows-1252, semicolons",
        bytes as f64 / 1e6
    );
    let memory_before = peak_rss_mb();

    // The baseline runs before and after ours; its mean is the reference.
    let first = sqlite_import(dir.path(), &csv);

    let mut vault = Vault::create(
        &dir.path().join("vault"),
        NewVault {
            owner_name: "Bench".into(),
            credentials: lagom_core::Credentials {
                password: Password::from("benchmark password".to_owned()),
                secret_key: SecretKey::make(&mut OsEntropy),
            },
            kdf: KdfParams {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 1,
            },
        },
        Arc::new(SystemClock),
        &mut OsEntropy,
    )
    .expect("vault");
    let options = ImportOptions::new(vec![ImportFile::at(&csv)]);
    let t = Instant::now();
    let plan = vault
        .plan_import(&options, &mut |_| {}, &AtomicBool::new(false))
        .expect("plan");
    let planning = t.elapsed().as_secs_f64();
    println!(
        "dry run (everything but the writes): {planning:.2} s, {} people planned",
        plan.counts.created
    );
    drop(plan);
    let t = Instant::now();
    let report = vault
        .import(&options, &mut |_| {}, &AtomicBool::new(false))
        .expect("import");
    let ours = t.elapsed().as_secs_f64();
    let peak = peak_rss_mb();
    let second = sqlite_import(dir.path(), &csv);

    let c = &report.counts;
    println!(
        "lagom import: {ours:.2} s, {:.0} rows/s; {} created, {} merged, {} rejected, {} problems",
        rows as f64 / ours,
        c.created,
        c.merged,
        c.rejected,
        report.issues.len()
    );
    println!(
        "duplicates: {} found, {} pairs compared",
        report.duplicates_total, report.pairs_compared
    );
    match (first, second) {
        (Some(a), Some(b)) => {
            let baseline = (a + b) / 2.0;
            println!(
                "sqlite3 .import: {a:.2} s and {b:.2} s; lagom import = {:.1}x sqlite3 .import",
                ours / baseline
            );
        }
        _ => println!("sqlite3 .import: not available (install sqlite3 for the baseline)"),
    }
    println!(
        "peak memory: {peak:.0} MB for the whole process ({memory_before:.0} MB before the import)"
    );
}
