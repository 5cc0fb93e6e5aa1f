//! Duplicate finding on a made-up Nordic register with known duplicates
//! (`tests/it/nordic_people.rs`): the register-wide search of `lagom_import::matching` next
//! to the index Lagom used before (`support/old_duplicates.rs`), in one run, with precision,
//! recall and F1 of the pairs each proposes, its time and its peak memory.
//!
//! `cargo bench -p lagom-import --bench duplicates` (200,000 people);
//! `LAGOM_BENCH_PEOPLE=1000000` for the figure in the README; `LAGOM_BENCH_SEED` for another
//! register; `LAGOM_BENCH_SHOW=10` prints that many wrong pairs and missed pairs of the new
//! matcher, with their reasons.
//!
//! A pair is proposed by the new matcher when it scores at least `REVIEW_THRESHOLD`; the old
//! index proposes, for each person, the one earlier person it matched. Both are also scored
//! after linking (everyone linked through proposed pairs taken as one person), which is kinder
//! to the old index, as it names one match per person. Peak memory is the process's high-water
//! mark (VmHWM), reset before each side where the kernel allows it.

use std::collections::HashMap;
use std::time::Instant;

use lagom_import::matching::{Pair, compare, scan_with};

#[path = "../tests/it/nordic_people.rs"]
mod nordic_people;
#[path = "support/old_duplicates.rs"]
mod old_duplicates;

use nordic_people::{Quality, Register, quality};
use old_duplicates::{Candidate, DuplicateIndex};

fn main() {
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.replace('_', "").parse().ok())
            .unwrap_or(default)
    };
    let people = env("LAGOM_BENCH_PEOPLE", 200_000) as usize;
    let seed = env("LAGOM_BENCH_SEED", 2025);
    let register = Register::new(people, seed);
    println!(
        "register: {} rows, {} pairs of rows that are one person (seed {seed})",
        register.len(),
        register.true_pairs()
    );

    // What making the rows costs, which both sides below pay too.
    let t = Instant::now();
    let mut letters = 0usize;
    for (_, row) in register.rows() {
        letters += row.record.first_name.len();
    }
    let making = t.elapsed().as_secs_f64();
    std::hint::black_box(letters);
    println!("making the rows alone: {making:.2} s");

    let new = run_new(&register);
    let old = run_old(&register);

    println!();
    println!("| | new matcher | old index | new / old |");
    println!("|---|---|---|---|");
    let row = |name: &str, a: f64, b: f64, digits: usize| {
        println!(
            "| {name} | {a:.digits$} | {b:.digits$} | {:.2}× |",
            if b == 0.0 { f64::NAN } else { a / b }
        );
    };
    row(
        "precision (pairs proposed)",
        new.proposed.precision(),
        old.proposed.precision(),
        4,
    );
    row(
        "recall (pairs proposed)",
        new.proposed.recall(),
        old.proposed.recall(),
        4,
    );
    row(
        "F1 (pairs proposed)",
        new.proposed.f1(),
        old.proposed.f1(),
        4,
    );
    row(
        "precision (linked)",
        new.linked.precision(),
        old.linked.precision(),
        4,
    );
    row(
        "recall (linked)",
        new.linked.recall(),
        old.linked.recall(),
        4,
    );
    row("F1 (linked)", new.linked.f1(), old.linked.f1(), 4);
    row(
        "pairs proposed",
        new.proposed.proposed as f64,
        old.proposed.proposed as f64,
        0,
    );
    row(
        "time, s (rows made on the way)",
        new.seconds,
        old.seconds,
        2,
    );
    row("peak memory, MB", new.peak_mb, old.peak_mb, 0);
    row(
        "pairs compared",
        new.compared as f64,
        old.compared as f64,
        0,
    );
    if let Some(automatic) = &new.automatic {
        println!(
            "\nnew matcher, merged unasked (automatic): precision {:.4}, recall {:.4}, {} pairs",
            automatic.precision(),
            automatic.recall(),
            automatic.proposed
        );
    }
    println!("\nrecall by what was done to the duplicate's name (pairs proposed):");
    println!("| fault | pairs | new | old |");
    println!("|---|---|---|---|");
    for (fault, (found, total)) in &new.proposed.by_fault {
        let old_found = old.proposed.by_fault.get(fault).map_or(0, |f| f.0);
        println!(
            "| {fault} | {total} | {:.3} | {:.3} |",
            *found as f64 / *total as f64,
            old_found as f64 / *total as f64
        );
    }
}

/// What one side measured.
struct Measured {
    proposed: Quality,
    linked: Quality,
    automatic: Option<Quality>,
    seconds: f64,
    peak_mb: f64,
    compared: u64,
}

fn run_new(register: &Register) -> Measured {
    reset_peak();
    let t = Instant::now();
    let mut pairs: Vec<Pair<u32>> = Vec::new();
    let stats = scan_with(register.rows().map(|(i, row)| (i, row.record)), |p| {
        pairs.push(p)
    });
    pairs.sort_by(|x, y| y.scored.score.total_cmp(&x.scored.score));
    let seconds = t.elapsed().as_secs_f64();
    let peak_mb = peak_rss_mb();
    println!(
        "new matcher: {seconds:.2} s, {peak_mb:.0} MB, {} pairs, {} compared ({:.1} per person)",
        pairs.len(),
        stats.comparisons,
        stats.comparisons as f64 / stats.people.max(1) as f64
    );
    let links: Vec<(u32, u32)> = pairs.iter().map(|p| (p.a, p.b)).collect();
    show(register, &pairs);
    Measured {
        proposed: quality(register, links.iter().copied()),
        linked: linked(register, &links),
        automatic: Some(quality(
            register,
            pairs
                .iter()
                .filter(|p| p.scored.automatic)
                .map(|p| (p.a, p.b)),
        )),
        seconds,
        peak_mb,
        compared: stats.comparisons,
    }
}

fn run_old(register: &Register) -> Measured {
    reset_peak();
    let t = Instant::now();
    let mut index = DuplicateIndex::new();
    let mut links = Vec::new();
    for (i, row) in register.rows() {
        let r = &row.record;
        // As the old importer gave them: e-mail lower-cased, phone in E.164.
        let email = r.emails.first().map(|e| e.to_lowercase());
        let phone = r.phones.first().map(|p| {
            if p.starts_with('+') {
                p.clone()
            } else {
                lagom_import::normalise::phone(p, row.country.code()).unwrap_or_else(|_| p.clone())
            }
        });
        let c = Candidate {
            email: email.as_deref(),
            phone: phone.as_deref(),
            first_name: &r.first_name,
            last_name: &r.last_name,
            organisation: r.organisation.as_deref(),
        };
        if let Some(m) = index.find(&c) {
            links.push((m.earlier, i));
        }
        index.add(i, &c);
    }
    let seconds = t.elapsed().as_secs_f64();
    let peak_mb = peak_rss_mb();
    println!(
        "old index: {seconds:.2} s, {peak_mb:.0} MB, {} pairs, {} names compared",
        links.len(),
        index.comparisons
    );
    Measured {
        proposed: quality(register, links.iter().copied()),
        linked: linked(register, &links),
        automatic: None,
        seconds,
        peak_mb,
        compared: index.comparisons,
    }
}

/// The quality of everyone linked through `links` taken as one person: every pair within a
/// linked group counts as proposed.
fn linked(register: &Register, links: &[(u32, u32)]) -> Quality {
    let mut parent: Vec<u32> = (0..register.len() as u32).collect();
    fn root(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for (a, b) in links {
        let (ra, rb) = (root(&mut parent, *a), root(&mut parent, *b));
        if ra != rb {
            parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
    let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
    for (a, b) in links {
        for x in [*a, *b] {
            let r = root(&mut parent, x);
            groups.entry(r).or_default().push(x);
        }
    }
    let pairs = groups.into_values().flat_map(|mut g| {
        g.sort_unstable();
        g.dedup();
        let g2 = g.clone();
        g.into_iter()
            .enumerate()
            .flat_map(move |(i, a)| g2[i + 1..].iter().map(move |b| (a, *b)).collect::<Vec<_>>())
    });
    quality(register, pairs)
}

/// With `LAGOM_BENCH_SHOW=n`, prints n wrong pairs and n missed ones, with the people and
/// the reasons.
fn show(register: &Register, pairs: &[Pair<u32>]) {
    let n: usize = std::env::var("LAGOM_BENCH_SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if n == 0 {
        return;
    }
    let person = |i: u32| {
        let row = register.row(i as usize);
        format!(
            "#{i} (person {}, {:?}) {:?}",
            row.cluster, row.fault, row.record
        )
    };
    println!("\nwrong pairs:");
    for p in pairs
        .iter()
        .filter(|p| register.cluster(p.a as usize) != register.cluster(p.b as usize))
        .take(n)
    {
        println!(
            "  {:.3} {:?}\n    {}\n    {}",
            p.scored.score,
            p.scored.reasons,
            person(p.a),
            person(p.b)
        );
    }
    println!("\nmissed pairs:");
    let found: std::collections::HashSet<(u32, u32)> =
        pairs.iter().map(|p| (p.a.min(p.b), p.a.max(p.b))).collect();
    let mut by_cluster: HashMap<u32, Vec<u32>> = HashMap::new();
    for i in 0..register.len() as u32 {
        by_cluster
            .entry(register.cluster(i as usize))
            .or_default()
            .push(i);
    }
    let mut shown = 0;
    'all: for rows in by_cluster.values() {
        for (x, a) in rows.iter().enumerate() {
            for b in &rows[x + 1..] {
                if found.contains(&(*a.min(b), *a.max(b)))
                    || register.fault_of(*a as usize).is_some()
                        && register.fault_of(*b as usize).is_some()
                {
                    continue;
                }
                let (ra, rb) = (
                    register.row(*a as usize).record,
                    register.row(*b as usize).record,
                );
                let scored = ra.with_record(|x| rb.with_record(|y| compare(x, y)));
                println!(
                    "  {:.3} {:?}\n    {}\n    {}",
                    scored.score,
                    scored.reasons,
                    person(*a),
                    person(*b)
                );
                shown += 1;
                if shown >= n {
                    break 'all;
                }
            }
        }
    }
}

/// Resets the process's peak memory to what it holds now (Linux 4.0 and later).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory since the last reset, in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}
