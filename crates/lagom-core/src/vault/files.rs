//! The files of a vault directory, and writing them so that a crash leaves the old or the
//! new content, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The paths inside a vault directory.
#[derive(Debug, Clone)]
pub struct VaultPaths {
    dir: PathBuf,
}

impl VaultPaths {
    /// The paths for the vault in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The vault directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key-slot header.
    pub fn header(&self) -> PathBuf {
        self.dir.join("vault.header")
    }

    /// The SQLCipher database.
    pub fn database(&self) -> PathBuf {
        self.dir.join("vault.db")
    }

    /// Failed unlock attempts not yet moved into the audit trail (no personal data: a
    /// time and a reason per line).
    pub(crate) fn unlock_failures(&self) -> PathBuf {
        self.dir.join("unlock-failures.log")
    }

    /// The copy of the audit chain's head kept outside the database.
    pub fn audit_head(&self) -> PathBuf {
        self.dir.join(crate::audit::witness::FILE_NAME)
    }

    /// Held while the header is rewritten, so two processes never rewrite it at once.
    pub(crate) fn lock(&self) -> PathBuf {
        self.dir.join("vault.lock")
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, flushed to disk, renamed
/// over the target, and the directory flushed so the rename itself survives a power cut.
/// The temporary file's name is its own, so two processes writing the same file never
/// write into each other's.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_owned();
    tmp_name.push(format!(".{}.tmp", uuid::Uuid::now_v7().simple()));
    let tmp = path.with_file_name(tmp_name);
    let written = File::create(&tmp)
        .map_err(Error::io("creating", &tmp))
        .and_then(|mut file| {
            file.write_all(bytes).map_err(Error::io("writing", &tmp))?;
            file.sync_all().map_err(Error::io("flushing", &tmp))
        })
        .and_then(|()| fs::rename(&tmp, path).map_err(Error::io("replacing", path)));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written?;
    if let Some(dir) = path.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(Error::io("flushing", dir))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<()> {
    Ok(())
}

/// Creates the vault directory, readable by its owner only. An existing directory is used as
/// it is: its permissions are the owner's choice.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(Error::io("creating", dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(Error::io("securing", dir))?;
    }
    Ok(())
}

/// An exclusive lock on the vault directory for the duration of a header change.
pub(crate) struct DirLock(File);

impl DirLock {
    pub(crate) fn acquire(paths: &VaultPaths) -> Result<Self> {
        let path = paths.lock();
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(Error::io("opening", &path))?;
        file.lock().map_err(Error::io("locking", &path))?;
        Ok(Self(file))
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// Appends one line, creating the file when needed.
pub(crate) fn append_line(path: &Path, line: &str) -> Result<()> {
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(Error::io("opening", path))?;
    writeln!(f, "{line}").map_err(Error::io("writing", path))?;
    f.sync_all().map_err(Error::io("flushing", path))
}
