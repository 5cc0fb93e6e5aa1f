//! The people list over N people (default 100,000): each filter and order the list offers,
//! the first page and its total together, as the screen asks for them, and the filters'
//! choices with their counts (p50 and the worst of 20 runs each).
//!
//! `cargo bench -p lagom-core --bench people_list` (`LAGOM_BENCH_PEOPLE=10000` for a
//! quicker run).

use std::sync::Arc;
use std::time::{Duration, Instant};

use lagom_core::people::{PeopleQuery, PeopleSort, PersonStatus};
use lagom_core::{
    Credentials, KdfParams, NewVault, OsEntropy, Password, SecretKey, SystemClock, Vault,
};

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

fn main() {
    let n: u64 = std::env::var("LAGOM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
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
    let tags = ["VIP", "messe 2025", "nyhetsbrev", "leverandør"];
    let categories = ["Retail", "Wholesale", "Public sector"];
    let sources = ["manual", "web form", "phone"];
    let started = Instant::now();
    vault
        .create_people((0..n).map(|i| {
            let mut p = lagom_core::people::demo::person(i);
            p.fields.tags = vec![tags[(i % 4) as usize].to_owned()];
            if i % 7 == 0 {
                p.fields.tags.push("VIP".to_owned());
            }
            p.category = (i % 2 == 0).then(|| categories[(i % 3) as usize].to_owned());
            p.provenance.source = Some(sources[(i % 3) as usize].to_owned());
            p
        }))
        .expect("people");
    println!("{n} people written in {:.1?}", started.elapsed());

    let owner = vault.people_filters().expect("filters").owners[0]
        .value
        .parse()
        .expect("owner id");
    let base = PeopleQuery {
        limit: 100,
        ..PeopleQuery::default()
    };
    let cases: Vec<(&str, PeopleQuery)> = vec![
        ("everyone, by name", base.clone()),
        (
            "everyone, by name, page 900",
            PeopleQuery {
                offset: n.saturating_sub(100).min(90_000),
                ..base.clone()
            },
        ),
        (
            "everyone, newest first",
            PeopleQuery {
                sort: PeopleSort::Created,
                descending: true,
                ..base.clone()
            },
        ),
        (
            "everyone, last changed first",
            PeopleQuery {
                sort: PeopleSort::Updated,
                descending: true,
                ..base.clone()
            },
        ),
        (
            "tag VIP",
            PeopleQuery {
                tag: Some("VIP".into()),
                ..base.clone()
            },
        ),
        (
            "category Retail",
            PeopleQuery {
                category: Some("Retail".into()),
                ..base.clone()
            },
        ),
        (
            "status partner, newest first",
            PeopleQuery {
                status: Some(PersonStatus::Partner),
                sort: PeopleSort::Created,
                descending: true,
                ..base.clone()
            },
        ),
        (
            "owner",
            PeopleQuery {
                owner: Some(owner),
                ..base.clone()
            },
        ),
        (
            "source web form",
            PeopleQuery {
                source: Some("web form".into()),
                ..base.clone()
            },
        ),
        (
            "tag + status + source",
            PeopleQuery {
                tag: Some("VIP".into()),
                status: Some(PersonStatus::Customer),
                source: Some("phone".into()),
                ..base.clone()
            },
        ),
        (
            "search \"han\" + category",
            PeopleQuery {
                search: Some("han".into()),
                category: Some("Wholesale".into()),
                ..base.clone()
            },
        ),
    ];
    println!(
        "{:<34} {:>9} {:>10} {:>10}",
        "list (first 100 + total)", "total", "p50", "worst"
    );
    for (name, q) in &cases {
        let total = vault.query_people(q).expect("list").total;
        let (p50, worst) = time(20, || {
            vault.query_people(q).expect("list");
        });
        println!("{name:<34} {total:>9} {p50:>10.1?} {worst:>10.1?}");
        if std::env::var_os("LAGOM_BENCH_PLANS").is_some() {
            for line in vault.people_query_plan(q).expect("plan") {
                println!("    {line}");
            }
        }
    }
    let (p50, worst) = time(20, || {
        vault.people_filters().expect("filters");
    });
    println!(
        "{:<34} {:>9} {p50:>10.1?} {worst:>10.1?}",
        "filter choices with counts", ""
    );
}
