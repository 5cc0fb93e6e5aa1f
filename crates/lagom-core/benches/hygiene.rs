//! Housekeeping over N people (default 1,000,000): a dry run of every job, a real run that
//! announces the steps, and the start screen's command, each beside a baseline measured in
//! the same run on the same vault, so that the ratio tells more than the noisy seconds.
//!
//! - the dry run beside one pass over every person (the people list's filter counts,
//!   which read the whole table);
//! - the start screen (p50 and worst of 20) beside the people list's first page with its
//!   total, the screen the owner would otherwise open first.
//!
//! A third of the people were last used three years ago (due for retention steps), the rest
//! this month. `cargo bench -p lagom-core --bench hygiene` (`LAGOM_BENCH_PEOPLE=100000` for
//! a quicker run). Peak memory is read from the kernel at the end.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use lagom_core::hygiene::{RunOptions, RunTrigger};
use lagom_core::people::PeopleQuery;
use lagom_core::{Clock, Credentials, KdfParams, NewVault, OsEntropy, Password, SecretKey, Vault};

#[derive(Clone)]
struct Moved(Arc<Mutex<DateTime<Utc>>>);

impl Clock for Moved {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock")
    }
}

fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut all: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    all.sort();
    (all[all.len() / 2], all[all.len() - 1])
}

fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn main() {
    let n: u64 = std::env::var("LAGOM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let now = Utc::now();
    let clock = Moved(Arc::new(Mutex::new(now - chrono::Duration::days(3 * 365))));
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
        Arc::new(clock.clone()),
        &mut OsEntropy,
    )
    .expect("vault");
    let started = Instant::now();
    let stale = n / 3;
    vault
        .create_people((0..stale).map(lagom_core::people::demo::person))
        .expect("stale people");
    *clock.0.lock().expect("clock") = now - chrono::Duration::days(10);
    vault
        .create_people((stale..n).map(lagom_core::people::demo::person))
        .expect("people in use");
    *clock.0.lock().expect("clock") = now;
    println!(
        "{n} people written in {:.1?} ({stale} last used three years ago)",
        started.elapsed()
    );

    let options = |dry_run| RunOptions {
        trigger: RunTrigger::Manual,
        dry_run,
        all: true,
        jobs: vec![],
    };
    let pass = Instant::now();
    vault.people_filters().expect("filters");
    let pass = pass.elapsed();
    let dry = Instant::now();
    let report = vault
        .hygiene_run(&options(true), &mut OsEntropy)
        .expect("dry run");
    let dry = dry.elapsed();
    let announced = report
        .jobs
        .iter()
        .map(|j| j.counts.get("announced").copied().unwrap_or(0))
        .sum::<u64>();
    println!(
        "dry run, every job:            {dry:>10.1?}   one pass over everyone {pass:>8.1?}   ratio {:.1}   ({announced} would be announced)",
        dry.as_secs_f64() / pass.as_secs_f64()
    );
    for job in &report.jobs {
        println!(
            "    {:<10} {:>7} ms  {:?}",
            job.job.as_str(),
            job.took_ms,
            job.counts
        );
    }

    let real = Instant::now();
    vault
        .hygiene_run(&options(false), &mut OsEntropy)
        .expect("run");
    println!("real run, announcing:          {:>10.1?}", real.elapsed());

    let (screen_p50, screen_max) = time(20, || {
        vault.today().expect("today");
    });
    let first_page = PeopleQuery {
        limit: 50,
        ..PeopleQuery::default()
    };
    let (list_p50, list_max) = time(20, || {
        vault.query_people(&first_page).expect("list");
    });
    println!(
        "start screen (hygiene.today):  p50 {screen_p50:>8.1?} worst {screen_max:>8.1?}   people list's first page p50 {list_p50:>8.1?} worst {list_max:>8.1?}   ratio {:.2}",
        screen_p50.as_secs_f64() / list_p50.as_secs_f64()
    );
    if let Some(mib) = peak_memory_mib() {
        println!("peak memory: {mib} MiB");
    }
}
