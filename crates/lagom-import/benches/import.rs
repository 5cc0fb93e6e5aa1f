//! The pure half of importing a million rows, next to `sqlite3`'s `.import` of the same file
//! in the same run: reading with detection, planning (mapping and cleaning every value) and
//! duplicate detection (time and pairs compared), with the process's peak memory.
//!
//! `cargo bench -p lagom-import --bench import` (`LAGOM_BENCH_ROWS=100000` for a quick run).

use std::io::Write;
use std::ops::ControlFlow;
use std::time::Instant;

use lagom_import::duplicates::{Candidate, DuplicateIndex};
use lagom_import::plan::{PlanOptions, Planner};
use lagom_import::{read_csv, sniff_csv};

const FIRST: &[&str] = &[
    "Åse", "Bjørn", "Kari", "Ola", "Ingrid", "Lars", "Sigrid", "Magnus", "Astrid", "Henrik",
    "Märta", "Søren", "Freja", "Mads", "Karin", "Johan", "Ebba", "Gustav", "Nils", "Sofie",
];
/// Last names are made of two parts, 400 in all: with 20 first names, 8,000 distinct names,
/// each shared by many people with their own e-mail addresses, as in a real register.
const LAST_START: &[&str] = &[
    "Berg", "Dahl", "Lund", "Holm", "Strand", "Vik", "Haug", "Fjell", "Sand", "Bakk", "Lind",
    "Sjö", "Ek", "Ny", "Ås", "Nord", "Sør", "Vest", "Øst", "Mo",
];
const LAST_END: &[&str] = &[
    "en", "ström", "berg", "gaard", "lie", "by", "heim", "vold", "rud", "stad", "sen", "son", "ne",
    "dal", "mo", "land", "seth", "holm", "kjær", "ås",
];
const ORGS: &[&str] = &[
    "Fjord Rør AS",
    "Nordlys Regnskap AS",
    "Bygg & Betong AS",
    "Södertälje Bygg AB",
    "Aarhus Tømrer ApS",
    "Køge Maleren ApS",
];
const CITIES: &[&str] = &[
    "Oslo",
    "Bergen",
    "Tromsø",
    "Göteborg",
    "Malmö",
    "København",
    "Aarhus",
];

/// A Nordic Excel export: Windows-1252, semicolons, CRLF, ten columns, a title row.
fn write_file(path: &std::path::Path, rows: u64) -> u64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut text = String::from(
        "Kundeliste;;;;;;;;;\r\nFornavn;Etternavn;E-post;Mobil;Firma;Stilling;Adresse;Postnr;Poststed;Land\r\n",
    );
    for i in 0..rows {
        let f = FIRST[(i % 20) as usize];
        let l = format!(
            "{}{}",
            LAST_START[(i / 20 % 20) as usize],
            LAST_END[(i / 400 % 20) as usize]
        );
        let fold = |s: &str| lagom_import::mapping::fold_header(s).replace(' ', "");
        // Every 500th row is someone already in the file, with the e-mail typed in capitals.
        let (f, l, n) = if i % 500 == 499 {
            let j = i - 250;
            (
                FIRST[(j % 20) as usize],
                format!(
                    "{}{}",
                    LAST_START[(j / 20 % 20) as usize],
                    LAST_END[(j / 400 % 20) as usize]
                )
                .to_uppercase(),
                j,
            )
        } else {
            (f, l, i)
        };
        text.push_str(&format!(
            "{f};{l};{}.{}{n}@example.no;9{:02} {:02} {:03};{};Daglig leder;Storgata {};{:04};{};Norge\r\n",
            fold(f),
            fold(&l),
            i % 100,
            i / 100 % 100,
            i / 10000 % 1000,
            ORGS[(i % 6) as usize],
            i % 200,
            i % 10000,
            CITIES[(i % 7) as usize]
        ));
        if text.len() > 1 << 20 {
            out.write_all(&encoding_rs::WINDOWS_1252.encode(&text).0)
                .expect("write");
            text.clear();
        }
    }
    out.write_all(&encoding_rs::WINDOWS_1252.encode(&text).0)
        .expect("write");
    out.flush().expect("flush");
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

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
    let db = dir.path().join("plain.db");
    let t = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .arg(&db)
        .arg(".mode csv")
        .arg(".separator ;")
        .arg(format!(".import {} kunder", csv.display()))
        .status();
    let sqlite = t.elapsed().as_secs_f64();
    match status {
        Ok(s) if s.success() => println!("sqlite3 .import: {sqlite:.2} s"),
        _ => println!("sqlite3 .import: not available (install sqlite3 for the baseline)"),
    }

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

    let t = Instant::now();
    let mut index = DuplicateIndex::new();
    let mut duplicates = 0u64;
    for (i, p) in candidates.iter().enumerate() {
        let c = Candidate {
            email: p.email.as_deref(),
            phone: p.phone.as_deref(),
            first_name: &p.first_name,
            last_name: &p.last_name,
            organisation: p.organisation.as_deref(),
        };
        if index.find(&c).is_some() {
            duplicates += 1;
        }
        index.add(i, &c);
    }
    println!(
        "duplicate detection over {} people: {:.2} s, {} distinct names compared, {duplicates} duplicates",
        candidates.len(),
        t.elapsed().as_secs_f64(),
        index.comparisons
    );
    println!(
        "peak memory (whole process, people kept for duplicate detection): {:.0} MB",
        peak_rss_mb()
    );
}
