//! The erasure ledger: `erasures.log` beside `vault.db`, one line per erased person, so
//! that a backup restored later can be brought up to date.
//!
//! A line holds the person's (random) id, their pseudonym, when, and an HMAC-SHA256 over
//! those three under a key derived from the vault's audit key. No name, no e-mail: the
//! file is safe to leave unencrypted. The audit key is drawn once when the vault is made,
//! survives key rotation (it is re-wrapped, not replaced) and is inside every backup, so an
//! old backup checks the lines written long after it was made. A line that does not check
//! (edited, or from another vault) is ignored.
//!
//! What the MAC does and does not stop: nobody without the unlocked vault can add a line,
//! so nobody can get a person erased by editing the file. Someone who can write to the
//! vault directory can still delete lines; the database's own `erasures` table writes them
//! back at the next unlock, so only a restore made before that loses them (and that person
//! could as well replace the whole vault with an old copy, which the threat model already
//! names).
//!
//! Order against a crash: the line is appended and flushed before the erasure's transaction
//! commits. A crash in between leaves a line for an erasure that did not happen; the next
//! unlock finds the person still there and completes it (the erasure was asked for). The
//! other direction (a row in the database the file lacks) is written back at every unlock.
//!
//! **Version 2 lines** carry an erasure's suppression entry (see `crate::suppression`):
//! `v2`, `suppression`, the person's id, when, the request's number (`-` for none), the
//! keyed hashes of their addresses and numbers (comma-separated hex), and the MAC over all
//! of that under the same key. A hash is an HMAC under another key derived from the audit
//! key, so the line, too, holds nothing a reader without the vault can test a guessed
//! address against. Code that knows only version 1 ignores such a line: its first field is
//! not a person's id, so it counts it among the lines that do not check and goes on. Lifting
//! an entry (registering the person again) is not written here: a restored backup older
//! than the lift lacks the new person too, and the entry is back in force with reason.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use lagom_crypto::AuditKey;
use sha2::Sha256;
use uuid::Uuid;

use crate::erasure::pseudonym::well_formed_pseudonym;
use crate::{Error, Result};

/// The file's name in the vault directory.
pub const FILE_NAME: &str = "erasures.log";

const HEADER: &str = "# Lagom erasure ledger v1: person id, pseudonym, erased at, MAC; \
     v2 suppression lines: keyed hashes, never values. No personal data.";
/// The first field of a version-2 line, and its kind.
const V2: &str = "v2";
const SUPPRESSION: &str = "suppression";
const LABEL: &[u8] = b"lagom erasure ledger v1";

/// One erasure as the ledger keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub person: Uuid,
    pub pseudonym: String,
    pub erased_at: String,
}

/// An erasure's suppression entry as the ledger keeps it (a version-2 line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SuppressionEntry {
    pub person: Uuid,
    pub erased_at: String,
    /// The request's number (`R-0004`).
    pub request: Option<String>,
    /// Lower-case hex HMAC-SHA256 values, sorted.
    pub hashes: Vec<String>,
}

/// What the ledger holds that checks, and how many lines did not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ledger {
    pub erasures: Vec<Entry>,
    pub suppressions: Vec<SuppressionEntry>,
    pub rejected: u64,
}

/// The ledger of the vault in `dir`.
pub(crate) fn path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

fn ledger_mac(key: &AuditKey) -> Hmac<Sha256> {
    let mut derive = <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_bytes())
        .expect("HMAC accepts keys of any length");
    derive.update(LABEL);
    let subkey = derive.finalize().into_bytes();
    <Hmac<Sha256> as KeyInit>::new_from_slice(&subkey).expect("HMAC accepts keys of any length")
}

fn fields(e: &Entry) -> String {
    format!("{}\t{}\t{}", e.person, e.pseudonym, e.erased_at)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The entry as a line of the file, with its MAC.
pub(crate) fn line(key: &AuditKey, e: &Entry) -> String {
    let text = fields(e);
    let mut m = ledger_mac(key);
    m.update(text.as_bytes());
    format!("{text}\t{}", hex(&m.finalize().into_bytes()))
}

fn suppression_fields(e: &SuppressionEntry) -> String {
    format!(
        "{V2}\t{SUPPRESSION}\t{}\t{}\t{}\t{}",
        e.person,
        e.erased_at,
        e.request.as_deref().unwrap_or("-"),
        e.hashes.join(",")
    )
}

fn mac_hex(key: &AuditKey, text: &str) -> String {
    let mut m = ledger_mac(key);
    m.update(text.as_bytes());
    hex(&m.finalize().into_bytes())
}

/// A suppression entry as a version-2 line, with its MAC.
pub(crate) fn suppression_line(key: &AuditKey, e: &SuppressionEntry) -> String {
    let text = suppression_fields(e);
    let mac = mac_hex(key, &text);
    format!("{text}\t{mac}")
}

fn checks(key: &AuditKey, text: &str, mac: &str) -> Option<()> {
    let expected: Vec<u8> = (0..mac.len() / 2)
        .map(|i| u8::from_str_radix(mac.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let mut m = ledger_mac(key);
    m.update(text.as_bytes());
    m.verify_slice(&expected).ok()
}

fn is_hash(h: &str) -> bool {
    h.len() == 64
        && h.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_request_number(r: &str) -> bool {
    r.strip_prefix("R-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_suppression(key: &AuditKey, text: &str) -> Option<SuppressionEntry> {
    let parts: Vec<&str> = text.split('\t').collect();
    let [V2, SUPPRESSION, person, erased_at, request, hashes, mac] = parts[..] else {
        return None;
    };
    let entry = SuppressionEntry {
        person: Uuid::parse_str(person).ok()?,
        erased_at: erased_at.to_owned(),
        request: (request != "-").then(|| request.to_owned()),
        hashes: hashes.split(',').map(str::to_owned).collect(),
    };
    let well_formed = entry.person.to_string() == person
        && chrono::DateTime::parse_from_rfc3339(erased_at).is_ok()
        && (request == "-" || is_request_number(request))
        && entry.hashes.iter().all(|h| is_hash(h));
    if !well_formed {
        return None;
    }
    checks(key, &suppression_fields(&entry), mac)?;
    Some(entry)
}

fn parse(key: &AuditKey, text: &str) -> Option<Entry> {
    let mut parts = text.split('\t');
    let (person, pseudonym, erased_at, mac) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let entry = Entry {
        person: Uuid::parse_str(person).ok()?,
        pseudonym: pseudonym.to_owned(),
        erased_at: erased_at.to_owned(),
    };
    if !well_formed_pseudonym(pseudonym)
        || chrono::DateTime::parse_from_rfc3339(erased_at).is_err()
        || entry.person.to_string() != person
    {
        return None;
    }
    checks(key, &fields(&entry), mac)?;
    Some(entry)
}

/// The ledger's lines that check, of both versions, and how many did not. A missing file
/// is empty.
pub(crate) fn read(path: &Path, key: &AuditKey) -> Result<Ledger> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::default()),
        Err(e) => return Err(Error::io("reading", path)(e)),
    };
    let mut ledger = Ledger::default();
    for l in text.lines() {
        let l = l.trim_end_matches('\r');
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if l.starts_with(V2) {
            match parse_suppression(key, l) {
                Some(e) => ledger.suppressions.push(e),
                None => ledger.rejected += 1,
            }
        } else {
            match parse(key, l) {
                Some(e) => ledger.erasures.push(e),
                None => ledger.rejected += 1,
            }
        }
    }
    Ok(ledger)
}

/// Appends erasure entries and suppression entries (version-2 lines) together, flushed to
/// disk before returning.
pub(crate) fn append_with_suppressions(
    path: &Path,
    key: &AuditKey,
    entries: &[Entry],
    suppressions: &[SuppressionEntry],
) -> Result<()> {
    let lines: Vec<String> = entries
        .iter()
        .map(|e| line(key, e))
        .chain(suppressions.iter().map(|s| suppression_line(key, s)))
        .collect();
    append_lines(path, &lines)
}

fn append_lines(path: &Path, lines: &[String]) -> Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let new = !path.exists();
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(Error::io("opening", path))?;
    let mut text = String::new();
    if new {
        text.push_str(HEADER);
        text.push('\n');
    }
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    f.write_all(text.as_bytes())
        .map_err(Error::io("writing", path))?;
    f.sync_all().map_err(Error::io("flushing", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> AuditKey {
        struct Fixed(u8);
        impl lagom_crypto::Entropy for Fixed {
            fn fill(&mut self, buf: &mut [u8]) {
                buf.fill(self.0);
            }
        }
        AuditKey::make(&mut Fixed(byte))
    }

    fn entry() -> Entry {
        Entry {
            person: Uuid::parse_str("01890a5d-ac96-774b-bcce-b302099a8057").unwrap(),
            pseudonym: "ERASED-7K3F9QXM".into(),
            erased_at: "2026-03-01T10:00:00.000Z".into(),
        }
    }

    #[test]
    fn a_line_reads_back_under_its_key_only() {
        let l = line(&key(1), &entry());
        assert_eq!(parse(&key(1), &l), Some(entry()));
        assert_eq!(parse(&key(2), &l), None);
    }

    #[test]
    fn an_edited_line_is_refused() {
        let l = line(&key(1), &entry());
        let other_person = l.replacen("01890a5d", "01890a5e", 1);
        assert_eq!(parse(&key(1), &other_person), None);
        let other_pseudonym = l.replacen("7K3F", "7K3G", 1);
        assert_eq!(parse(&key(1), &other_pseudonym), None);
        assert_eq!(parse(&key(1), &format!("{l}\textra")), None);
        assert_eq!(parse(&key(1), "not a line"), None);
    }

    #[test]
    fn appended_entries_read_back_and_bad_lines_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path());
        assert_eq!(read(&p, &key(1)).unwrap(), Ledger::default());
        append_with_suppressions(&p, &key(1), &[entry()], &[]).unwrap();
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        writeln!(f, "{}", line(&key(9), &entry())).unwrap();
        let ledger = read(&p, &key(1)).unwrap();
        assert_eq!((ledger.erasures, ledger.rejected), (vec![entry()], 1));
    }

    fn suppression() -> SuppressionEntry {
        SuppressionEntry {
            person: Uuid::parse_str("01890a5d-ac96-774b-bcce-b302099a8057").unwrap(),
            erased_at: "2026-03-01T10:00:00.000Z".into(),
            request: Some("R-0004".into()),
            hashes: vec!["a".repeat(64), "0f".repeat(32)],
        }
    }

    #[test]
    fn a_suppression_line_reads_back_under_its_key_only_and_not_when_edited() {
        let l = suppression_line(&key(1), &suppression());
        assert_eq!(parse_suppression(&key(1), &l), Some(suppression()));
        assert_eq!(parse_suppression(&key(2), &l), None);
        let without_request = SuppressionEntry {
            request: None,
            ..suppression()
        };
        let l2 = suppression_line(&key(1), &without_request);
        assert!(l2.contains("\t-\t"));
        assert_eq!(parse_suppression(&key(1), &l2), Some(without_request));
        for edited in [
            l.replacen("R-0004", "R-0005", 1),
            l.replacen("2026-03-01", "2026-03-02", 1),
            l.replacen(&"a".repeat(64), &"b".repeat(64), 1),
            l.replacen(&format!(",{}", "0f".repeat(32)), "", 1),
            format!("{l}\textra"),
        ] {
            assert_eq!(parse_suppression(&key(1), &edited), None, "{edited}");
        }
    }

    #[test]
    fn a_reader_of_version_one_ignores_a_version_two_line() {
        let l = suppression_line(&key(1), &suppression());
        assert_eq!(parse(&key(1), &l), None);
    }

    #[test]
    fn both_versions_read_back_from_one_file_and_bad_lines_of_either_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path());
        append_with_suppressions(&p, &key(1), &[entry()], &[suppression()]).unwrap();
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        writeln!(f, "{}", suppression_line(&key(9), &suppression())).unwrap();
        let ledger = read(&p, &key(1)).unwrap();
        assert_eq!(ledger.erasures, vec![entry()]);
        assert_eq!(ledger.suppressions, vec![suppression()]);
        assert_eq!(ledger.rejected, 1);
    }
}
