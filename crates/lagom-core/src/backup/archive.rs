//! The single-file backup (`lagom-backup-<date>.lagom-backup`): a backup folder's files in
//! one zip archive, so that a backup can be a browser download, an upload, or one file
//! picked in a save or open dialog.
//!
//! The archive is stored, not compressed: its contents are already encrypted (the database
//! under the vault key, the header's key slots under the owner's credentials, `audit.head`
//! under the audit key), so compression would gain nothing. It holds, in this order:
//!
//! - `lagom-backup.json`: `{"format":"lagom-backup","version":1,"vault_id":…}`, first, so
//!   that a file is recognised as a backup before anything else is read;
//! - `vault.header`, `vault.db` and, when the vault had one, `audit.head`.
//!
//! Nothing else is taken from an archive, and its entries' names are never used as paths:
//! each known name is written to its fixed place in a fresh folder. Every entry's checksum
//! is checked as it is read, so a file changed or cut short is refused, and the header is
//! decoded and matched with the manifest's vault before anything replaces the vault.

use std::fs::{self, File};
use std::io::{Read, Seek, Write};
use std::path::Path;

use lagom_crypto::Header;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zip::write::SimpleFileOptions;

use crate::vault::VaultPaths;
use crate::{Error, Result};

/// The extension of a single-file backup.
pub const EXTENSION: &str = "lagom-backup";

const MANIFEST: &str = "lagom-backup.json";
const FORMAT: &str = "lagom-backup";
const VERSION: u32 = 1;

/// The archive's first entry.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    vault_id: Uuid,
}

/// The files of a backup folder, by their names in the archive.
fn members(dir: &Path) -> [(&'static str, std::path::PathBuf, bool); 3] {
    let paths = VaultPaths::new(dir);
    [
        ("vault.header", paths.header(), true),
        ("vault.db", paths.database(), true),
        (crate::audit::witness::FILE_NAME, paths.audit_head(), false),
    ]
}

fn not_a_backup(what: &str, why: &str) -> Error {
    Error::validation("backup", format!("{what} {why}; the vault was not changed"))
}

/// Packs the backup folder `dir` (of the vault `vault_id`) into `out`.
pub(crate) fn pack<W: Write + Seek>(dir: &Path, vault_id: Uuid, out: W) -> Result<W> {
    let io = |e: zip::result::ZipError| Error::io("writing", dir)(std::io::Error::other(e));
    let mut zip = zip::ZipWriter::new(out);
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true)
        .unix_permissions(0o600);
    zip.start_file(MANIFEST, stored).map_err(io)?;
    let manifest = serde_json::to_vec(&Manifest {
        format: FORMAT.into(),
        version: VERSION,
        vault_id,
    })
    .map_err(|e| Error::Internal(e.to_string()))?;
    zip.write_all(&manifest)
        .map_err(Error::io("writing", dir))?;
    for (name, path, required) in members(dir) {
        let mut file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io("reading", &path)(e)),
        };
        zip.start_file(name, stored).map_err(io)?;
        std::io::copy(&mut file, &mut zip).map_err(Error::io("writing", &path))?;
    }
    zip.finish().map_err(io)
}

/// Unpacks the archive `from` (named `what` in errors) into the new folder `dir`, checking
/// that it is a whole Lagom backup; returns its header.
pub(crate) fn unpack<R: Read + Seek>(from: R, what: &str, dir: &Path) -> Result<Header> {
    let mut zip = zip::ZipArchive::new(from)
        .map_err(|_| not_a_backup(what, "is not a Lagom backup file, or it is cut short"))?;
    let manifest: Manifest = {
        let mut entry = zip
            .by_name(MANIFEST)
            .map_err(|_| not_a_backup(what, "is not a Lagom backup file"))?;
        let mut text = Vec::new();
        (&mut entry)
            .take(64 * 1024)
            .read_to_end(&mut text)
            .map_err(|_| not_a_backup(what, "is damaged (its description cannot be read)"))?;
        serde_json::from_slice(&text)
            .map_err(|_| not_a_backup(what, "is not a Lagom backup file"))?
    };
    if manifest.format != FORMAT {
        return Err(not_a_backup(what, "is not a Lagom backup file"));
    }
    if manifest.version > VERSION {
        return Err(not_a_backup(
            what,
            "was made by a newer Lagom; update Lagom to restore it",
        ));
    }
    for (name, path, required) in members(dir) {
        let mut entry = match zip.by_name(name) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) if !required => continue,
            Err(zip::result::ZipError::FileNotFound) => {
                return Err(not_a_backup(
                    what,
                    &format!("is incomplete: it holds no {name}"),
                ));
            }
            Err(_) => return Err(not_a_backup(what, &format!("is damaged ({name})"))),
        };
        let mut file = File::create(&path).map_err(Error::io("writing", &path))?;
        // The checksum is checked at the entry's end: a changed or shortened entry fails.
        std::io::copy(&mut entry, &mut file).map_err(|_| {
            not_a_backup(
                what,
                &format!(
                    "is damaged: its {name} does not match its checksum (changed or cut short)"
                ),
            )
        })?;
        file.sync_all().map_err(Error::io("writing", &path))?;
    }
    let header_path = VaultPaths::new(dir).header();
    let bytes = fs::read(&header_path).map_err(Error::io("reading", &header_path))?;
    let header = Header::decode(&bytes)
        .map_err(|_| not_a_backup(what, "is damaged: its vault.header is not a vault header"))?;
    if Uuid::from_bytes(header.vault_id) != manifest.vault_id {
        return Err(not_a_backup(
            what,
            "is damaged: its header belongs to another vault than its description says",
        ));
    }
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            zip.start_file(*name, SimpleFileOptions::default()).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn refusal(bytes: Vec<u8>) -> String {
        let dir = tempfile::tempdir().unwrap();
        let err = unpack(Cursor::new(bytes), "b.lagom-backup", dir.path()).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Validation);
        err.to_string()
    }

    #[test]
    fn files_that_are_not_backups_are_refused_with_the_reason() {
        assert!(refusal(b"not a zip at all".to_vec()).contains("not a Lagom backup"));
        assert!(refusal(zip_of(&[("notes.txt", b"hi")])).contains("not a Lagom backup"));
        let manifest = br#"{"format":"lagom-backup","version":1,"vault_id":"00000000-0000-0000-0000-000000000000"}"#;
        assert!(refusal(zip_of(&[(MANIFEST, manifest)])).contains("no vault.header"));
        let newer = br#"{"format":"lagom-backup","version":9,"vault_id":"00000000-0000-0000-0000-000000000000"}"#;
        assert!(refusal(zip_of(&[(MANIFEST, newer)])).contains("newer Lagom"));
        let bad_header = zip_of(&[
            (MANIFEST, manifest),
            ("vault.header", b"x"),
            ("vault.db", b"y"),
        ]);
        assert!(refusal(bad_header).contains("not a vault header"));
    }
}
