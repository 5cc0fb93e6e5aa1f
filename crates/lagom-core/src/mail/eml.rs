//! Messages saved as `.eml` files (RFC 5322, what any mail program opens and sends), for an
//! owner without a mail server set up, or who wants to look before sending. The file is
//! written beside its final name and renamed into place, so a crash never leaves half a
//! message; and never inside the vault's folder, where nothing is kept unencrypted.

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
    let written = File::create(&tmp)
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

/// Where a message is saved: `target` itself, or a new file in it when it is a folder.
/// Refused inside the vault's folder.
pub(crate) fn target(target: &Path, vault_dir: &Path, stem: &str) -> Result<PathBuf> {
    let path = if target.is_dir() {
        target.join(format!("{stem}.eml"))
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
