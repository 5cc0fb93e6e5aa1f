//! Figures for the vault, each beside its baseline in the same run:
//! - unlocking at the recommended Argon2id parameters;
//! - inserting N people through the core API in one transaction, SQLCipher vs the same code
//!   on an unencrypted database (rows/s and the ratio);
//! - prefix-search latency over those N people (p50, p99), encrypted and plain.
//!
//! `cargo bench -p lagom-core --features bench-plain --bench vault`
//! (`LAGOM_BENCH_PEOPLE=100000` for a quicker run; default 1,000,000).

use std::sync::Arc;
use std::time::{Duration, Instant};

use lagom_core::{
    Credentials, KdfParams, NewVault, OsEntropy, Password, SecretKey, SystemClock, Vault,
};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn creds(key: &SecretKey) -> Credentials {
    Credentials {
        password: Password::from("benchmark password".to_owned()),
        secret_key: key.clone(),
    }
}

fn unlock_figure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let key = SecretKey::make(&mut OsEntropy);
    let kdf = KdfParams::RECOMMENDED;
    Vault::create(
        dir.path(),
        NewVault {
            owner_name: "Bench".into(),
            credentials: creds(&key),
            kdf,
        },
        Arc::new(SystemClock),
        &mut OsEntropy,
    )
    .expect("create");
    let times: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            let v = Vault::unlock(dir.path(), &creds(&key), Arc::new(SystemClock)).expect("unlock");
            let d = t.elapsed();
            drop(v);
            d
        })
        .collect();
    println!(
        "unlock (Argon2id m={} MiB t={} p={}): median {:.0} ms over {} unlocks",
        kdf.memory_kib / 1024,
        kdf.iterations,
        kdf.parallelism,
        median(times).as_secs_f64() * 1000.0,
        7
    );
}

/// CPU seconds (user + system) this process has used: less disturbed by other work on a
/// shared machine than wall time. Linux only; 0 elsewhere.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Inserts `n` made-up people in one transaction; returns (people per wall second, people
/// per CPU second).
fn insert(vault: &mut Vault, n: u64) -> (f64, f64) {
    let cpu = cpu_seconds();
    let t = Instant::now();
    let ids = vault
        .create_people(lagom_core::people::demo::people(0, n))
        .expect("insert");
    assert_eq!(ids.len() as u64, n);
    let wall = t.elapsed().as_secs_f64();
    (n as f64 / wall, n as f64 / (cpu_seconds() - cpu).max(0.01))
}

/// Prefixes people actually type: 2 to 5 letters of first names, last names, organisations
/// and e-mail local parts, plus digits of phone numbers.
fn queries(n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut i: u64 = 1;
    while out.len() < n {
        let p = lagom_core::people::demo::person(i.wrapping_mul(7_919) % 1_000_000);
        let f = &p.fields;
        let word = match i % 5 {
            0 => f.first_name.clone(),
            1 => f.last_name.clone(),
            2 => f
                .organisation
                .clone()
                .unwrap_or_else(|| f.last_name.clone()),
            3 => f.email.clone().unwrap_or_default(),
            _ => f.phone.clone().unwrap_or_default().replace(['+', ' '], "")[2..].to_owned(),
        };
        let len = 2 + (i % 4) as usize;
        out.push(word.chars().take(len).collect());
        i += 1;
    }
    out
}

fn search_figures(label: &str, vault: &Vault, queries: &[String]) {
    // Warm the page cache the way a running app would have it.
    for q in queries.iter().take(50) {
        vault.search_people(q, 50).expect("search");
    }
    let mut timed: Vec<(Duration, &str)> = queries
        .iter()
        .map(|q| {
            let t = Instant::now();
            let page = vault.search_people(q, 50).expect("search");
            std::hint::black_box(page);
            (t.elapsed(), q.as_str())
        })
        .collect();
    timed.sort();
    let slowest: Vec<String> = timed
        .iter()
        .rev()
        .take(5)
        .map(|(d, q)| format!("{q:?} {:.1} ms", d.as_secs_f64() * 1000.0))
        .collect();
    let times: Vec<Duration> = timed.iter().map(|(d, _)| *d).collect();
    println!(
        "search {label}: {} prefix queries, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        queries.len(),
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.99).as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
    println!("  slowest: {}", slowest.join(", "));
}

fn main() {
    let n: u64 = std::env::var("LAGOM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    unlock_figure();

    // Two rounds in opposite order (plain, encrypted; then encrypted, plain), each on fresh
    // vaults, so that neither side profits from running second on a warmed-up machine.
    let key = SecretKey::make(&mut OsEntropy);
    let fast = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };
    let mut rates = (Vec::new(), Vec::new());
    let mut kept = None;
    for round in 0..2 {
        let plain_dir = tempfile::tempdir().expect("temp dir");
        let enc_dir = tempfile::tempdir().expect("temp dir");
        let mut plain = Vault::create_unencrypted_for_benchmark(
            plain_dir.path(),
            Arc::new(SystemClock),
            &mut OsEntropy,
        )
        .expect("plain");
        let mut enc = Vault::create(
            enc_dir.path(),
            NewVault {
                owner_name: "Bench".into(),
                credentials: creds(&key),
                kdf: fast,
            },
            Arc::new(SystemClock),
            &mut OsEntropy,
        )
        .expect("encrypted");
        if round == 0 {
            rates.0.push(insert(&mut plain, n));
            rates.1.push(insert(&mut enc, n));
        } else {
            rates.1.push(insert(&mut enc, n));
            rates.0.push(insert(&mut plain, n));
        }
        println!(
            "round {}: plain {:.0} people/s ({:.0} per CPU s), SQLCipher {:.0} people/s ({:.0} per CPU s)",
            round + 1,
            rates.0[round].0,
            rates.0[round].1,
            rates.1[round].0,
            rates.1[round].1
        );
        kept = Some((plain_dir, enc_dir, plain, enc));
    }
    let mean = |v: &[(f64, f64)], cpu: bool| {
        v.iter().map(|r| if cpu { r.1 } else { r.0 }).sum::<f64>() / v.len() as f64
    };
    let (plain_rate, enc_rate) = (mean(&rates.0, false), mean(&rates.1, false));
    println!(
        "insert {n} people in one transaction: plain {plain_rate:.0}/s, SQLCipher {enc_rate:.0}/s"
    );
    println!(
        "encrypted / plain: {:.2}x by wall time, {:.2}x by CPU time (goal >= 0.8x)",
        enc_rate / plain_rate,
        mean(&rates.1, true) / mean(&rates.0, true)
    );
    let (plain_dir, enc_dir, plain, enc) = kept.expect("two rounds ran");

    let qs = queries(2000);
    search_figures("SQLCipher", &enc, &qs);
    search_figures("plain    ", &plain, &qs);
    let size = |d: &std::path::Path| {
        std::fs::metadata(d.join("vault.db"))
            .map(|m| m.len())
            .unwrap_or(0) as f64
            / 1e6
    };
    println!(
        "database size: SQLCipher {:.0} MB, plain {:.0} MB",
        size(enc_dir.path()),
        size(plain_dir.path())
    );
}
