//! The pure half of importing a million rows, next to `sqlite3`'s `.import` of the same file
//! in the same run: reading with detection, planning (mapping and cleaning every value) and
//! duplicate detection over a million people (time and pairs compared, with and without
//! e-mail addresses and phone numbers; its quality is `benches/duplicates.rs`'s), with the process's peak memory (here every planned
//! person is kept, unlike in a real import, which streams).
//!
//! `cargo bench -p lagom-import --bench import` (`LAGOM_BENCH_ROWS=100000` for a quick run).

use std::ops::ControlFlow;
use std::time::Instant;

use lagom_import::matching::{MatchRecord, Matcher};
use lagom_import::plan::{PlanOptions, Planner};
use lagom_import::{read_csv, sniff_csv};

#[path = "support/nordic_file.rs"]
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

    // Baseline: sqlite3's .import into a plain table, no checks of any kind.
    let sqlite = match sqlite_import(dir.path(), &csv) {
        Some(seconds) => {
            println!("sqlite3 .import: {seconds:.2} s");
            seconds
        }
        None => {
            println!("sqlite3 .import: not available (install sqlite3 for the baseline)");
            0.0
        }
    };

    let t = Instant::now();
    let file = std::fs::File::open(&csv).expect("open");
    let mut sample = vec![0u8; 64 * 1024];
    let n = std::io::Read::read(&mut std::fs::File::open(&csv).expect("open"), &mut sample)
        .expect("read");
    let dialect = sniff_csv(&sample[..n]);
    let mut candidates: Vec<lagom_import::plan::PlannedPerson> = Vec::with_capacity(rows as usize);
    let options = PlanOptions {
        file: "kunder.csv".into(),
        sheet: None,
        default_country: "NO".into(),
        country: None,
        mapping: None,
        include_sensitive: vec![],
    };
    let mut planner = Planner::new(options, |p| {
        candidates.push(p);
        ControlFlow::Continue(())
    });
    read_csv(std::io::BufReader::new(file), &dialect, &mut planner).expect("read");
    planner.finish();
    let (issues, counts) = (planner.issues.len(), planner.counts.clone());
    drop(planner);
    let plan = t.elapsed().as_secs_f64();
    println!(
        "read + plan (detect, map, clean every value): {plan:.2} s = {:.1}x sqlite3 .import; {} people, {} problems",
        plan / sqlite.max(0.001),
        counts.people,
        issues
    );

    // Twice: as the file is, where everyone has an e-mail address, a phone number and an
    // address, and with names and firms only, where people meet only through their names'
    // keys with the firm (six firms: the same name at the same firm is taken for one person).
    for (label, contacts) in [
        ("with e-mail and phone", true),
        ("names and firms only", false),
    ] {
        let t = Instant::now();
        let mut index = Matcher::new();
        let mut duplicates = 0u64;
        for (i, p) in candidates.iter().enumerate() {
            let emails: Vec<&str> = p
                .emails
                .iter()
                .filter(|_| contacts)
                .map(|c| c.value.as_str())
                .collect();
            let phones: Vec<&str> = p
                .phones
                .iter()
                .filter(|_| contacts)
                .map(|c| c.value.as_str())
                .collect();
            let r = MatchRecord {
                first_name: &p.first_name,
                last_name: &p.last_name,
                emails: &emails,
                phones: &phones,
                organisation: p.organisation.as_deref(),
                street: p.street.as_deref().filter(|_| contacts),
                postcode: p.postcode.as_deref().filter(|_| contacts),
                city: p.city.as_deref().filter(|_| contacts),
                customer_number: p.customer_number.as_deref(),
            };
            if index.find(&r).is_some() {
                duplicates += 1;
            }
            index.add(i, &r);
        }
        println!(
            "duplicate detection over {} people, {label}: {:.2} s, {} pairs compared \
             ({:.1} per person; all pairs would be {:.1e}), {duplicates} duplicates",
            candidates.len(),
            t.elapsed().as_secs_f64(),
            index.comparisons(),
            index.comparisons() as f64 / candidates.len().max(1) as f64,
            (candidates.len() as f64).powi(2) / 2.0
        );
    }
    println!(
        "peak memory (whole process, people kept for duplicate detection): {:.0} MB",
        peak_rss_mb()
    );
}
