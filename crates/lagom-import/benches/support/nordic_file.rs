//! The benchmarks' input: a Nordic Excel export of any number of rows, written to disk as
//! Excel writes it (Windows-1252, semicolons, CRLF, a title row), with one row in 500 a
//! person already in the file, their last name and e-mail address typed in capitals. Shared
//! by the importer's and the core's benchmarks.

use std::io::Write;

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
pub fn write_file(path: &std::path::Path, rows: u64) -> u64 {
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

/// The process's peak resident memory so far, in MB.
pub fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Times `sqlite3`'s `.import` of the file into a plain table in a fresh database next to it
/// (the baseline every import figure is set against); `None` without `sqlite3`.
pub fn sqlite_import(dir: &std::path::Path, csv: &std::path::Path) -> Option<f64> {
    let db = dir.join("plain.db");
    let _ = std::fs::remove_file(&db);
    let t = std::time::Instant::now();
    let status = std::process::Command::new("sqlite3")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .arg(&db)
        .arg(".mode csv")
        .arg(".separator ;")
        .arg(format!(".import {} kunder", csv.display()))
        .status();
    let seconds = t.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&db);
    matches!(status, Ok(s) if s.success()).then_some(seconds)
}
