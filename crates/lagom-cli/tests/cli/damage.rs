//! Damage told plainly: one flipped byte in the database is one damaged page, named, in a
//! few lines; a header version Lagom never wrote is damage, not a vault from a newer Lagom.

use sha2::{Digest, Sha256};

use super::{Vault, code, error_code, json_err, stderr};

/// SQLCipher's page size, which Lagom keeps.
const PAGE: usize = 4096;

#[test]
fn one_flipped_byte_is_one_damaged_page_in_a_few_lines() {
    let v = Vault::new();
    v.json(&["demo", "--people", "300"]);
    let db = v.path.join("vault.db");
    let original = std::fs::read(&db).unwrap();
    let pages = original.len() / PAGE;
    assert!(
        pages > 20,
        "a database of {pages} pages is too small to tell"
    );
    // Page numbers count from 1, as SQLite's do; the first page is left alone, as damage
    // there already stops the vault from opening.
    let damaged_page = pages / 2;
    let mut damaged = original.clone();
    damaged[(damaged_page - 1) * PAGE + 2000] ^= 0x01;
    std::fs::write(&db, &damaged).unwrap();

    let out = v.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(code(&out), 5, "{text}{}", stderr(&out));
    assert!(
        text.lines().count() < 5,
        "{} lines for one damaged page:\n{text}",
        text.lines().count()
    );
    let named = format!("1 damaged page (page {damaged_page} of {pages})");
    assert!(text.contains(&named), "{named:?} not in:\n{text}");
    assert!(text.contains("backup"), "what to do is said:\n{text}");

    let out = v.run(&["--json", "check"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["intact"], false);
    let problems = report["problems"].as_array().unwrap();
    assert!(
        problems[0].as_str().unwrap().contains(&named),
        "the damaged page comes first: {report}"
    );
    assert!(problems.len() < 4, "{report}");

    std::fs::write(&db, &original).unwrap();
    assert_eq!(code(&v.run(&["check"])), 0, "the undamaged file checks out");
}

#[test]
fn header_version_0_is_damage_not_a_newer_format() {
    let v = Vault::new();
    let header = v.path.join("vault.header");
    let bytes = std::fs::read(&header).unwrap();
    // The version follows the eight-byte magic; the plain checksum (the last 32 bytes) is
    // recomputed, as anything that rewrites the file whole would.
    let mut edited = bytes[..bytes.len() - 32].to_vec();
    edited[8..10].copy_from_slice(&0u16.to_le_bytes());
    let checksum = Sha256::digest(&edited);
    edited.extend_from_slice(&checksum);
    std::fs::write(&header, &edited).unwrap();

    for args in [&["--json", "info"][..], &["--json", "person", "list"]] {
        let out = v.run(args);
        assert_eq!(
            (code(&out), error_code(&out).as_str()),
            (5, "corrupt"),
            "lagom {args:?}: {}",
            stderr(&out)
        );
        let message = json_err(&out)["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("version 0") && message.contains("damaged"),
            "{message}"
        );
        assert!(!message.contains("newer"), "{message}");
    }
}
