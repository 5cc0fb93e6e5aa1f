//! Every file Lagom writes where someone points it (an export, a list, a saved message, a
//! problems report, an emergency kit) goes through here, so that none of them can destroy
//! the vault or a file nobody meant to replace:
//!
//! - nothing is written inside the vault's folder, however the path reaches it (`..`, a
//!   link to the folder, a second name for it): that folder holds the vault, and nothing
//!   unencrypted belongs there;
//! - nothing is written through a link: the file named is the file replaced;
//! - an existing file is replaced only when the caller says so (`--force` on the command
//!   line, a confirmation in the app); otherwise the error's code is `exists`;
//! - the content goes to a new temporary file beside the destination, readable by the owner
//!   only, flushed, and renamed into place, so a crash leaves the old file or the new one;
//! - under `lagom serve`, only inside the folders the owner allowed (their home by default).
//!
//! Files read on a client's say-so (an import, a backup to restore) are checked against the
//! same folders with [`PathRules::check_read`].
//!
//! A file for a client that cannot be handed a path (a browser) is not written at all: the
//! command table holds it for the client to fetch once, and its makers answer a
//! [`Download`].

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Where files may be written and read, and whether an existing file may be replaced.
#[derive(Debug, Clone)]
pub struct PathRules {
    vault_dir: PathBuf,
    roots: Option<Vec<PathBuf>>,
    overwrite: bool,
}

impl PathRules {
    /// The rules for a vault in `vault_dir`: anywhere outside it, never over an existing file.
    pub fn new(vault_dir: &Path) -> Self {
        Self {
            vault_dir: vault_dir.to_owned(),
            roots: None,
            overwrite: false,
        }
    }

    /// Only inside these folders (and never inside the vault's).
    pub fn within(mut self, roots: Option<Vec<PathBuf>>) -> Self {
        self.roots = roots;
        self
    }

    /// Whether an existing file may be replaced.
    pub fn overwrite(mut self, yes: bool) -> Self {
        self.overwrite = yes;
        self
    }

    /// The folders paths are limited to, if any.
    pub fn roots(&self) -> Option<&[PathBuf]> {
        self.roots.as_deref()
    }

    /// Checks a file to write; returns its full path (its folder's links resolved).
    pub fn check_write(&self, path: &Path) -> Result<PathBuf> {
        let target = self.resolve(path)?;
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => Err(refused(
                path,
                "is a link; Lagom does not write through links, name the file itself",
            )),
            Ok(meta) if meta.is_dir() => Err(refused(path, "is a folder; name a file in it")),
            Ok(meta) if !meta.is_file() => Err(refused(path, "is not an ordinary file")),
            Ok(_) if !self.overwrite => Err(Error::FileExists(path.to_owned())),
            Ok(_) => Ok(target),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(target),
            Err(e) => Err(Error::io("checking", path)(e)),
        }
    }

    /// Checks a new folder to create (a backup, an export's folder): like a file, but it
    /// must not exist at all.
    pub fn check_new_folder(&self, path: &Path) -> Result<PathBuf> {
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(refused(
                path,
                "is a link; Lagom does not write through links, name the folder itself",
            ));
        }
        let target = self.resolve_folder(path)?;
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => {
                // An empty folder made for the purpose is fine.
                let empty = fs::read_dir(&target)
                    .map_err(Error::io("reading", path))?
                    .next()
                    .is_none();
                if empty {
                    Ok(target)
                } else {
                    Err(Error::FileExists(path.to_owned()))
                }
            }
            Ok(_) => Err(Error::FileExists(path.to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(target),
            Err(e) => Err(Error::io("checking", path)(e)),
        }
    }

    /// Checks a file or folder to read on a client's say-so: inside the allowed folders,
    /// and not the vault's own files (a backup to restore is read from its own folder).
    pub fn check_read(&self, path: &Path) -> Result<PathBuf> {
        let full = fs::canonicalize(path).map_err(Error::io("opening", path))?;
        self.check_place(path, &full)?;
        Ok(full)
    }

    /// The destination with its folder's links resolved, checked against the vault's folder
    /// and the allowed ones.
    fn resolve(&self, path: &Path) -> Result<PathBuf> {
        let name = path
            .file_name()
            .filter(|n| *n != "." && *n != "..")
            .ok_or_else(|| refused(path, "does not name a file"))?;
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let folder = fs::canonicalize(parent).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                refused(path, "is in a folder that does not exist")
            } else {
                Error::io("opening the folder of", path)(e)
            }
        })?;
        let target = folder.join(name);
        self.check_place(path, &target)?;
        Ok(target)
    }

    /// A folder that may not exist yet, nor its parents: the nearest one that does is
    /// resolved, and the rest must be plain names (no `..`, which could climb back).
    fn resolve_folder(&self, path: &Path) -> Result<PathBuf> {
        let mut existing = path;
        let mut rest = Vec::new();
        while fs::symlink_metadata(existing).is_err() {
            let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
                break;
            };
            rest.push(name.to_owned());
            existing = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
        }
        if rest.is_empty() && path.file_name().is_none() {
            return Err(refused(path, "does not name a folder"));
        }
        if rest.iter().any(|n| n == "." || n == "..") {
            return Err(refused(
                path,
                "climbs back with '..' through folders that do not exist",
            ));
        }
        let mut full = fs::canonicalize(existing).map_err(Error::io("opening", existing))?;
        full.extend(rest.iter().rev());
        self.check_place(path, &full)?;
        Ok(full)
    }

    fn check_place(&self, asked: &Path, full: &Path) -> Result<()> {
        if let Ok(vault) = fs::canonicalize(&self.vault_dir)
            && (full.starts_with(&vault) || vault.starts_with(full))
        {
            return Err(refused(
                asked,
                "is the vault's own folder or inside it; choose a place outside the vault",
            ));
        }
        if let Some(roots) = &self.roots {
            let inside = roots
                .iter()
                .any(|root| fs::canonicalize(root).is_ok_and(|root| full.starts_with(&root)));
            if roots.is_empty() {
                return Err(refused(
                    asked,
                    "cannot be used: no folder is allowed here (start lagom serve with --allow-dir)",
                ));
            }
            if !inside {
                let allowed: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
                return Err(refused(
                    asked,
                    &format!(
                        "is outside the folders allowed here ({})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn refused(path: &Path, why: &str) -> Error {
    Error::PathRefused {
        path: path.to_owned(),
        reason: why.to_owned(),
    }
}

/// A file a command made for a client that cannot be handed a path (a browser), waiting to
/// be fetched once (`api::downloads` holds it): what the command answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Download {
    /// Its id, to fetch it by.
    pub id: String,
    /// The name to save it under.
    pub name: String,
    /// Its media type (`application/pdf`).
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
}

/// A file being written: a temporary file beside its destination until [`Output::finish`]
/// renames it into place. Dropped unfinished, it is removed and the destination untouched.
#[derive(Debug)]
pub struct Output {
    file: Option<File>,
    temporary: PathBuf,
    destination: PathBuf,
    overwrite: bool,
}

impl Output {
    /// Starts writing `path` under `rules`.
    pub fn create(path: &Path, rules: &PathRules) -> Result<Output> {
        let destination = rules.check_write(path)?;
        let mut name = std::ffi::OsString::from(".");
        name.push(destination.file_name().unwrap_or_default());
        name.push(format!(".{}.part", uuid::Uuid::now_v7().simple()));
        let temporary = destination.with_file_name(name);
        let mut options = OpenOptions::new();
        // A new file: never one that is there already, never through a link.
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&temporary)
            .map_err(Error::io("writing", path))?;
        Ok(Output {
            file: Some(file),
            temporary,
            destination,
            overwrite: rules.overwrite,
        })
    }

    /// The file's final place.
    pub fn destination(&self) -> &Path {
        &self.destination
    }

    /// Flushes the file and moves it into place; returns where.
    pub fn finish(mut self) -> Result<PathBuf> {
        let file = self
            .file
            .take()
            .ok_or_else(|| Error::Internal("output finished twice".into()))?;
        file.sync_all()
            .map_err(Error::io("writing", &self.destination))?;
        drop(file);
        // Checked again at the last moment: a file made meanwhile is not replaced unasked.
        if !self.overwrite && fs::symlink_metadata(&self.destination).is_ok() {
            return Err(Error::FileExists(self.destination.clone()));
        }
        fs::rename(&self.temporary, &self.destination)
            .map_err(Error::io("writing", &self.destination))?;
        if let Some(folder) = self.destination.parent()
            && let Ok(dir) = File::open(folder)
        {
            // The rename is durable once the folder is; failing that only risks the name.
            let _ = dir.sync_all();
        }
        Ok(self.destination.clone())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("the file is finished")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl std::io::Seek for Output {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        match &mut self.file {
            Some(f) => f.seek(pos),
            None => Err(std::io::Error::other("the file is finished")),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if self.file.is_some() || fs::symlink_metadata(&self.temporary).is_ok() {
            self.file = None;
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

/// Writes `bytes` to `path` under `rules`, whole or not at all; returns where.
pub fn write_file(path: &Path, bytes: &[u8], rules: &PathRules) -> Result<PathBuf> {
    let mut out = Output::create(path, rules)?;
    out.write_all(bytes).map_err(Error::io("writing", path))?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf, PathRules) {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path().join("vault");
        fs::create_dir(&vault).unwrap();
        fs::write(vault.join("vault.db"), b"precious").unwrap();
        let rules = PathRules::new(&vault);
        (tmp, vault, rules)
    }

    #[test]
    fn nothing_is_written_inside_the_vault_folder_however_it_is_named() {
        let (tmp, vault, rules) = setup();
        let sneaky = tmp.path().join("elsewhere");
        fs::create_dir(&sneaky).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&vault, tmp.path().join("link-to-vault")).unwrap();
        for path in [
            vault.join("vault.db"),
            vault.join("vault.header"),
            vault.join("new.csv"),
            sneaky.join("../vault/vault.db"),
            tmp.path().join("link-to-vault/vault.db"),
        ] {
            let err = write_file(&path, b"x", &rules.clone().overwrite(true)).unwrap_err();
            assert!(matches!(err, Error::PathRefused { .. }), "{path:?}: {err}");
        }
        assert_eq!(fs::read(vault.join("vault.db")).unwrap(), b"precious");
        assert_eq!(fs::read_dir(&vault).unwrap().count(), 1);
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_asked() {
        let (tmp, _vault, rules) = setup();
        let path = tmp.path().join("list.csv");
        fs::write(&path, b"old").unwrap();
        let err = write_file(&path, b"new", &rules).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Exists);
        assert_eq!(fs::read(&path).unwrap(), b"old");
        write_file(&path, b"new", &rules.overwrite(true)).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_not_followed_even_when_replacing_is_allowed() {
        let (tmp, _vault, rules) = setup();
        let target = tmp.path().join("target.txt");
        fs::write(&target, b"keep").unwrap();
        let link = tmp.path().join("out.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = write_file(&link, b"x", &rules.overwrite(true)).unwrap_err();
        assert!(err.to_string().contains("link"), "{err}");
        assert_eq!(fs::read(&target).unwrap(), b"keep");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let (tmp, _vault, rules) = setup();
        let path = tmp.path().join("report.csv");
        {
            let mut out = Output::create(&path, &rules).unwrap();
            out.write_all(b"half").unwrap();
        }
        assert!(!path.exists());
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "only the vault folder"
        );
    }

    #[test]
    fn outside_the_allowed_folders_nothing_is_read_or_written() {
        let (tmp, _vault, rules) = setup();
        let home = tmp.path().join("home");
        fs::create_dir(&home).unwrap();
        let rules = rules.within(Some(vec![home.clone()]));
        write_file(&home.join("ok.csv"), b"x", &rules).unwrap();
        let err = write_file(&tmp.path().join("out.csv"), b"x", &rules).unwrap_err();
        assert!(
            err.to_string().contains("outside the folders allowed"),
            "{err}"
        );
        let err = rules.check_read(Path::new("/etc/passwd")).unwrap_err();
        assert!(matches!(err, Error::PathRefused { .. }), "{err}");
        assert!(rules.check_read(&home.join("ok.csv")).is_ok());
    }

    #[test]
    fn with_no_folder_allowed_the_refusal_says_how_to_allow_one() {
        let (tmp, _vault, rules) = setup();
        let err =
            write_file(&tmp.path().join("x.csv"), b"x", &rules.within(Some(vec![]))).unwrap_err();
        assert!(err.to_string().contains("--allow-dir"), "{err}");
    }
}

/// The removable drives mounted now (USB sticks, memory cards), for a save dialog to offer
/// first: on Linux the mounts under `/media` and `/run/media` (where the desktop mounts
/// them), on macOS the volumes in `/Volumes` other than the system's own. Empty elsewhere,
/// and when none is in.
pub fn removable_drives() -> Vec<PathBuf> {
    if cfg!(target_os = "macos") {
        let Ok(entries) = fs::read_dir("/Volumes") else {
            return Vec::new();
        };
        return entries
            .filter_map(|e| e.ok())
            // The system volume appears in /Volumes as a link to `/`.
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
    }
    fs::read_to_string("/proc/self/mounts")
        .map(|mounts| removable_in(&mounts))
        .unwrap_or_default()
}

/// The removable drives in a Linux mount table (`/proc/self/mounts`).
fn removable_in(mounts: &str) -> Vec<PathBuf> {
    mounts
        .lines()
        .filter_map(|line| line.split_whitespace().nth(1))
        // The table writes a space in a mount point as `\040`.
        .map(|point| point.replace("\\040", " "))
        .filter(|point| {
            ["/media/", "/run/media/"]
                .iter()
                .any(|root| point.starts_with(root) && point.len() > root.len())
        })
        .map(PathBuf::from)
        .collect()
}

#[cfg(test)]
mod removable_tests {
    use super::*;

    #[test]
    fn usb_sticks_are_found_where_the_desktop_mounts_them() {
        let mounts = "/dev/sda1 / ext4 rw 0 0\n\
            /dev/sdb1 /media/kari/KINGSTON vfat rw,nosuid 0 0\n\
            /dev/sdc1 /run/media/ola/My\\040Stick exfat rw 0 0\n\
            tmpfs /run/user/1000 tmpfs rw 0 0\n\
            /dev/sdd1 /media/ ext4 rw 0 0\n";
        assert_eq!(
            removable_in(mounts),
            [
                PathBuf::from("/media/kari/KINGSTON"),
                PathBuf::from("/run/media/ola/My Stick")
            ]
        );
    }
}
