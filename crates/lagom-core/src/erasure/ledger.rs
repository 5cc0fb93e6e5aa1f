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

const HEADER: &str =
    "# Lagom erasure ledger v1: person id, pseudonym, erased at, MAC. No personal data.";
const LABEL: &[u8] = b"lagom erasure ledger v1";

/// One erasure as the ledger keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub person: Uuid,
    pub pseudonym: String,
    pub erased_at: String,
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
    let mut m = ledger_mac(key);
    m.update(fields(&entry).as_bytes());
    let expected: Vec<u8> = (0..mac.len() / 2)
        .map(|i| u8::from_str_radix(mac.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    m.verify_slice(&expected).ok()?;
    Some(entry)
}

/// The ledger's entries that check, and how many lines did not. A missing file is empty.
pub(crate) fn read(path: &Path, key: &AuditKey) -> Result<(Vec<Entry>, u64)> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(Error::io("reading", path)(e)),
    };
    let mut entries = Vec::new();
    let mut rejected = 0;
    for l in text.lines() {
        let l = l.trim_end_matches('\r');
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        match parse(key, l) {
            Some(e) => entries.push(e),
            None => rejected += 1,
        }
    }
    Ok((entries, rejected))
}

/// Appends entries and flushes them to disk before returning.
pub(crate) fn append(path: &Path, key: &AuditKey, entries: &[Entry]) -> Result<()> {
    if entries.is_empty() {
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
    for e in entries {
        text.push_str(&line(key, e));
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
        assert_eq!(read(&p, &key(1)).unwrap(), (Vec::new(), 0));
        append(&p, &key(1), &[entry()]).unwrap();
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        writeln!(f, "{}", line(&key(9), &entry())).unwrap();
        assert_eq!(read(&p, &key(1)).unwrap(), (vec![entry()], 1));
    }
}
