//! Nothing personal reaches the disk unencrypted.

use std::path::Path;
use std::time::SystemTime;

use crate::support::{create, person, unlock};

const CANARY_EMAIL: &str = "canary-q7x2@kanarifugl.example";
const CANARY_NAME: &str = "Kanarifuglsen";

fn files_under(dir: &Path, since: SystemTime, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            files_under(&path, since, out);
        } else if meta.is_file()
            && meta.len() < 256 * 1024 * 1024
            && meta.modified().map(|m| m >= since).unwrap_or(true)
        {
            out.push(path);
        }
    }
}

fn assert_no_canary(dirs: &[&Path], since: SystemTime) {
    let mut files = Vec::new();
    for d in dirs {
        files_under(d, since, &mut files);
    }
    assert!(!files.is_empty());
    for f in files {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        for needle in [
            CANARY_EMAIL.as_bytes(),
            CANARY_NAME.as_bytes(),
            CANARY_NAME.to_lowercase().as_bytes(),
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds personal data in plain text",
                f.display()
            );
        }
    }
}

#[test]
fn database_has_no_sqlite_header_and_no_plaintext_canary() {
    let since = SystemTime::now() - std::time::Duration::from_secs(2);
    let dir = tempfile::tempdir().unwrap();
    let mut v = create(dir.path());
    let id = v
        .create_person(person("Kari", CANARY_NAME, CANARY_EMAIL))
        .unwrap();
    // Enough rows to make SQLite spill pages and use the WAL and temporary structures.
    v.create_people((0..3000).map(|i| person("Fyll", &format!("Person{i}"), "")))
        .unwrap();
    assert_eq!(v.search_people("kanarif", 5).unwrap().people[0].id, id);
    // While open: the WAL holds the newest pages.
    assert_no_canary(&[dir.path(), &std::env::temp_dir()], since);
    v.lock();
    let v = unlock(dir.path());
    drop(v);

    let db = std::fs::read(dir.path().join("vault.db")).unwrap();
    assert!(
        !db.starts_with(b"SQLite format 3\0"),
        "the database file has a plain SQLite header"
    );
    assert_no_canary(&[dir.path(), &std::env::temp_dir()], since);
}
