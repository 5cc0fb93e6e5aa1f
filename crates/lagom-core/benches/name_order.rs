//! The people list's first page by name in the reader's alphabet (Norwegian, Swedish,
//! English sort keys, `db::collation`) against the same page in the byte order names had
//! before (last and first name `COLLATE NOCASE`), over N people (default 1,000,000), in one
//! run: each figure with its ratio to the baseline, measured interleaved so that both see the
//! same machine.
//!
//! `cargo bench -p lagom-core --bench name_order` (`LAGOM_BENCH_PEOPLE=100000` for a quicker
//! run).

use std::sync::Arc;
use std::time::{Duration, Instant};

use lagom_core::people::{PeopleQuery, PeopleView};
use lagom_core::types::Language;
use lagom_core::{
    Credentials, KdfParams, NewVault, OsEntropy, Password, SecretKey, SystemClock, Vault,
};

const RUNS: usize = 50;
const PAGE: u32 = 100;

fn median_and_worst(mut all: Vec<Duration>) -> (Duration, Duration) {
    all.sort();
    (all[all.len() / 2], all[all.len() - 1])
}

fn main() {
    let n: u64 = std::env::var("LAGOM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut vault = Vault::create(
        &dir.path().join("vault"),
        NewVault {
            owner_name: "Bench".into(),
            credentials: Credentials {
                password: Password::from("bench password".to_owned()),
                secret_key: SecretKey::make(&mut OsEntropy),
            },
            kdf: KdfParams {
                memory_kib: 64,
                iterations: 1,
                parallelism: 1,
            },
        },
        Arc::new(SystemClock),
        &mut OsEntropy,
    )
    .expect("vault");
    let started = Instant::now();
    vault
        .create_people((0..n).map(lagom_core::people::demo::person))
        .expect("people");
    println!("{n} people written in {:.1?}", started.elapsed());

    let page = |language, descending| PeopleQuery {
        language: Some(language),
        descending,
        view: PeopleView::Active,
        limit: PAGE,
        ..PeopleQuery::default()
    };
    let cases: Vec<(&str, PeopleQuery)> = vec![
        ("Norwegian (Æ Ø Å after Z)", page(Language::Nb, false)),
        ("Norwegian, Å first (reversed)", page(Language::Nb, true)),
        ("Swedish (Å Ä Ö after Z)", page(Language::Sv, false)),
        ("English (å with a)", page(Language::En, false)),
    ];
    // Warm both paths once, so neither pays for the first reading of its pages.
    vault.people_in_byte_order(PAGE).expect("baseline");
    for (_, q) in &cases {
        vault.people_page(q).expect("page");
    }
    let mut baseline = Vec::with_capacity(RUNS);
    let mut timings: Vec<Vec<Duration>> = vec![Vec::with_capacity(RUNS); cases.len()];
    for _ in 0..RUNS {
        let start = Instant::now();
        let rows = vault.people_in_byte_order(PAGE).expect("baseline");
        baseline.push(start.elapsed());
        assert_eq!(rows.len(), PAGE as usize);
        for ((_, q), times) in cases.iter().zip(&mut timings) {
            let start = Instant::now();
            let rows = vault.people_page(q).expect("page");
            times.push(start.elapsed());
            assert_eq!(rows.len(), PAGE as usize);
        }
    }
    let (base_p50, base_worst) = median_and_worst(baseline);
    println!(
        "{:<34} {:>10} {:>10} {:>8}",
        "first page of 100, by name", "p50", "worst", "ratio"
    );
    println!(
        "{:<34} {base_p50:>10.1?} {base_worst:>10.1?} {:>8}",
        "bytes, NOCASE (baseline)", "1.00"
    );
    for ((name, q), times) in cases.iter().zip(timings) {
        let (p50, worst) = median_and_worst(times);
        println!(
            "{name:<34} {p50:>10.1?} {worst:>10.1?} {:>8.2}",
            p50.as_secs_f64() / base_p50.as_secs_f64()
        );
        if std::env::var_os("LAGOM_BENCH_PLANS").is_some() {
            for line in vault.people_query_plan(q).expect("plan") {
                println!("    {line}");
            }
        }
    }
}
