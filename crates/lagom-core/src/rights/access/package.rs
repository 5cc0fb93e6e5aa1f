//! Packing a bundle's files: an AES-256 encrypted zip (WinZip AE-2, which 7-Zip and the
//! common archive tools open) under a generated passphrase of words, or a plain folder. A file or
//! folder is written under a temporary name beside its destination and renamed into place
//! only once complete, so a crash or a full disk never leaves a half-written bundle under
//! the name the person was given. On Unix the files are the owner's alone (folder 0700,
//! files 0600): a plain folder holds everything about the person unencrypted.

use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike, Utc};
use lagom_crypto::Entropy;
use zeroize::Zeroizing;
use zip::write::SimpleFileOptions;
use zip::{AesMode, CompressionMethod, ZipWriter};

use crate::output::{Output, PathRules};
use crate::{Error, Result};

/// Words in a passphrase: 8 from the EFF's short list of 1,296 (about 10.3 bits each), so
/// 82 bits. The list's words are short, common and unlike one another, chosen to be read
/// aloud, heard and typed without mistakes.
pub const PASSPHRASE_WORDS: usize = 8;

/// The words a passphrase is made of.
fn word_list() -> &'static [&'static str] {
    diceware_wordlists::Wordlist::EffShort1.get_list()
}

/// A passphrase for an encrypted bundle, shown once. Wiped from memory when dropped; its
/// `Debug` does not print it.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// A new random passphrase of [`PASSPHRASE_WORDS`] lower-case words joined by `-`, e.g.
    /// `oak-tidy-salsa-…`: easy to read out over the phone and to type, and accepted by
    /// every PDF reader and archive program.
    pub fn make(entropy: &mut impl Entropy) -> Passphrase {
        let words = word_list();
        let count = u16::try_from(words.len()).unwrap_or(u16::MAX);
        // The largest multiple of the list's length below 2^16: a draw at or above it is
        // drawn again, so that every word is equally likely.
        let limit = u16::MAX - (u16::MAX % count);
        let mut text = Zeroizing::new(String::with_capacity(PASSPHRASE_WORDS * 6));
        let mut picked = 0;
        while picked < PASSPHRASE_WORDS {
            let mut two = Zeroizing::new([0u8; 2]);
            entropy.fill(two.as_mut());
            let draw = u16::from_le_bytes(*two);
            if draw >= limit {
                continue;
            }
            if picked > 0 {
                text.push('-');
            }
            text.push_str(words[usize::from(draw % count)]);
            picked += 1;
        }
        Passphrase(text)
    }

    /// The passphrase as typed, dashes included.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

fn zip_failed(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("the zip archive could not be made: {e}"))
}

/// The files as a zip archive, each entry AES-256 encrypted under the passphrase.
pub(crate) fn encrypted_zip(
    files: &[(String, Vec<u8>)],
    passphrase: &Passphrase,
    made: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(made.year()).unwrap_or(1980),
        made.month() as u8,
        made.day() as u8,
        made.hour() as u8,
        made.minute() as u8,
        made.second() as u8,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o600)
        .with_aes_encryption(AesMode::Aes256, passphrase.as_str());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).map_err(zip_failed)?;
        zip.write_all(bytes).map_err(zip_failed)?;
    }
    Ok(zip.finish().map_err(zip_failed)?.into_inner())
}

/// A file or folder written under a temporary name, renamed into place by
/// [`Staged::finish`] and removed if dropped before that.
#[derive(Debug)]
pub(crate) enum Staged {
    /// A zip: written through the core's one door for files (see [`crate::output`]).
    File(Output),
    /// A folder of plain files.
    Folder(StagedFolder),
}

/// A folder written under a temporary name beside its destination.
#[derive(Debug)]
pub(crate) struct StagedFolder {
    temporary: PathBuf,
    destination: PathBuf,
    done: bool,
}

fn temporary_beside(destination: &Path) -> Result<PathBuf> {
    let name = destination
        .file_name()
        .ok_or_else(|| Error::validation("out", "give a file or folder name, not a directory"))?;
    let mut temporary = std::ffi::OsString::from(".");
    temporary.push(name);
    temporary.push(format!(".{}.part", uuid::Uuid::now_v7().simple()));
    Ok(destination.with_file_name(temporary))
}

/// A new file only the owner may read or write.
fn create_private(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// A folder only the owner may enter; with `nested`, its missing parents too (else it must
/// not exist yet).
fn create_private_dir(path: &Path, nested: bool) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(nested);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

fn refuse_existing(destination: &Path) -> Result<()> {
    if destination.exists() {
        return Err(Error::Conflict(format!(
            "{} already exists; choose another name",
            destination.display()
        )));
    }
    Ok(())
}

impl Staged {
    /// Writes `bytes` to a temporary file beside `destination`, under `rules`.
    pub(crate) fn file(destination: &Path, bytes: &[u8], rules: &PathRules) -> Result<Staged> {
        let mut file = Output::create(destination, rules)?;
        file.write_all(bytes)
            .map_err(Error::io("writing", destination))?;
        Ok(Staged::File(file))
    }

    /// Writes each file under a temporary folder beside `destination`.
    pub(crate) fn folder(destination: &Path, files: &[(String, Vec<u8>)]) -> Result<Staged> {
        refuse_existing(destination)?;
        let temporary = temporary_beside(destination)?;
        create_private_dir(&temporary, false).map_err(Error::io("creating", &temporary))?;
        let staged = StagedFolder {
            temporary,
            destination: destination.to_owned(),
            done: false,
        };
        for (name, bytes) in files {
            let path = staged.temporary.join(name);
            if let Some(parent) = path.parent() {
                create_private_dir(parent, true).map_err(Error::io("creating", parent))?;
            }
            let mut file = create_private(&path).map_err(Error::io("writing", &path))?;
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(Error::io("writing", &path))?;
        }
        Ok(Staged::Folder(staged))
    }

    /// Moves the finished file or folder to its name.
    pub(crate) fn finish(self) -> Result<PathBuf> {
        match self {
            Staged::File(file) => file.finish(),
            Staged::Folder(folder) => folder.finish(),
        }
    }
}

impl StagedFolder {
    fn finish(mut self) -> Result<PathBuf> {
        refuse_existing(&self.destination)?;
        fs::rename(&self.temporary, &self.destination)
            .map_err(Error::io("writing", &self.destination))?;
        self.done = true;
        if let Some(parent) = self.destination.parent()
            && let Ok(dir) = fs::File::open(if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            })
        {
            // The rename is durable once the directory is; failing that only risks the name.
            let _ = dir.sync_all();
        }
        Ok(self.destination.clone())
    }
}

impl Drop for StagedFolder {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.temporary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rules for a vault that is not where the tests write.
    fn elsewhere() -> PathRules {
        PathRules::new(Path::new("/nonexistent/vault"))
    }

    struct Counting(u8);
    impl Entropy for Counting {
        fn fill(&mut self, buf: &mut [u8]) {
            for b in buf {
                *b = self.0;
                self.0 = self.0.wrapping_add(1);
            }
        }
    }

    #[test]
    fn a_passphrase_is_eight_words_from_the_list_read_without_symbols() {
        let p = Passphrase::make(&mut Counting(0));
        let words: Vec<&str> = p.as_str().split('-').collect();
        assert_eq!(words.len(), PASSPHRASE_WORDS);
        assert_eq!(
            words[0],
            word_list()[usize::from(u16::from_le_bytes([0, 1]) % 1296)]
        );
        assert_eq!(format!("{p:?}"), "Passphrase(…)");
        let q = Passphrase::make(&mut lagom_crypto::OsEntropy);
        assert!(q.as_str().split('-').all(|w| word_list().contains(&w)));
        assert!(
            q.as_str()
                .chars()
                .all(|c| c == '-' || c.is_ascii_lowercase())
        );
        assert_ne!(
            q.as_str(),
            Passphrase::make(&mut lagom_crypto::OsEntropy).as_str()
        );
        assert_eq!(word_list().len(), 1296);
    }

    #[test]
    fn a_draw_past_the_last_whole_round_of_the_list_is_drawn_again() {
        // 0xFFFF is past 64,800 (50 × 1,296): the first draw is thrown away.
        struct Then(Vec<u8>);
        impl Entropy for Then {
            fn fill(&mut self, buf: &mut [u8]) {
                for b in buf {
                    *b = if self.0.is_empty() {
                        0
                    } else {
                        self.0.remove(0)
                    };
                }
            }
        }
        let p = Passphrase::make(&mut Then(vec![0xFF, 0xFF, 5, 0]));
        assert!(p.as_str().starts_with(&format!("{}-", word_list()[5])));
    }

    #[test]
    fn a_staged_file_appears_only_when_finished_and_an_abandoned_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("bundle.zip");
        let staged = Staged::file(&out, b"abc", &elsewhere()).unwrap();
        assert!(!out.exists());
        drop(staged);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        Staged::file(&out, b"abc", &elsewhere())
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"abc");
        assert!(
            Staged::file(&out, b"x", &elsewhere()).is_err(),
            "an existing file is never replaced"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_bundle_on_disk_is_for_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            ("subject-access.json".to_owned(), b"{}".to_vec()),
            ("tables/notes.csv".to_owned(), b"id".to_vec()),
        ];
        let folder = Staged::folder(&dir.path().join("kari"), &files)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&folder.join("tables")), 0o700);
        assert_eq!(mode(&folder.join("subject-access.json")), 0o600);
        assert_eq!(mode(&folder.join("tables/notes.csv")), 0o600);
        let zip = Staged::file(&dir.path().join("kari.zip"), b"PK", &elsewhere())
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(mode(&zip), 0o600);
    }
}
