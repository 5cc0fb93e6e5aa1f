//! Messages saved as `.eml` files (RFC 5322, what any mail program opens and sends), for an
//! owner without a mail server set up, or who wants to look before sending. The file is
//! written beside its final name and renamed into place, so a crash never leaves half a
//! message; readable by the owner only, since it holds personal data; and never inside the
//! vault's folder, where nothing is kept unencrypted. A file put in a folder gets a name of
//! its own, so messages saved one after another never replace each other.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::validation("save_to", "name a file, not a folder's parent"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", uuid::Uuid::now_v7().simple()));
    let tmp = path.with_file_name(tmp_name);
    let written = create_private(&tmp)
        .map_err(Error::io("creating", &tmp))
        .and_then(|mut file| {
            file.write_all(bytes).map_err(Error::io("writing", &tmp))?;
            file.sync_all().map_err(Error::io("flushing", &tmp))
        })
        .and_then(|()| fs::rename(&tmp, path).map_err(Error::io("saving", path)));
    if written.is_err() {
        // Nothing half-written is left behind; the original error is the one to report.
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// A new file only the owner may read or write (on Unix; elsewhere the folder's rules).
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// A name in `folder` that no file has: the stem and eight random hex digits. Messages saved
/// within the same second (or notices for several people) would otherwise share a name, and
/// each would silently replace the one before.
fn new_name(folder: &Path, stem: &str) -> PathBuf {
    loop {
        let id = uuid::Uuid::now_v7().simple().to_string();
        let path = folder.join(format!("{stem}-{}.eml", &id[id.len() - 8..]));
        if !path.exists() {
            return path;
        }
    }
}

/// Where a message is saved: `target` itself, or a new file in it when it is a folder.
/// Refused inside the vault's folder.
pub(crate) fn target(target: &Path, vault_dir: &Path, stem: &str) -> Result<PathBuf> {
    let path = if target.is_dir() {
        new_name(target, stem)
    } else {
        target.to_owned()
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let folder = folder
        .canonicalize()
        .map_err(Error::io("finding the folder of", &path))?;
    if vault_dir
        .canonicalize()
        .is_ok_and(|vault| folder.starts_with(vault))
    {
        return Err(Error::validation(
            "save_to",
            "choose a folder outside the vault's: files there would not be encrypted",
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_saved_into_one_folder_never_replace_each_other() {
        let vault = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let mut saved = Vec::new();
        for body in [b"first".as_slice(), b"second"] {
            // The same stem, as two messages saved within one second get.
            let path = target(out.path(), vault.path(), "privacy-notice-20250310-120000").unwrap();
            write_atomically(&path, body).unwrap();
            saved.push(path);
        }
        assert_ne!(saved[0], saved[1]);
        assert_eq!(fs::read(&saved[0]).unwrap(), b"first");
        assert_eq!(fs::read(&saved[1]).unwrap(), b"second");
        assert_eq!(fs::read_dir(out.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_saved_message_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("kari.eml");
        write_atomically(&path, b"To: kari@example.no").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
}
