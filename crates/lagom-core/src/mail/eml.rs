//! Messages saved as `.eml` files (RFC 5322, what any mail program opens and sends), for an
//! owner without a mail server set up, or who wants to look before sending. The file is
//! written beside its final name and renamed into place, so a crash never leaves half a
//! message; readable by the owner only, since it holds personal data; and never inside the
//! vault's folder, where nothing is kept unencrypted. A file put in a folder gets a name of
//! its own, so messages saved one after another never replace each other.

use std::path::{Path, PathBuf};

use crate::Result;
use crate::output::PathRules;

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

/// Where a message is saved: `target` itself, or a new file in it when it is a folder;
/// checked against `rules` (never in the vault's folder, never through a link, an existing
/// file replaced only when the rules allow it).
pub(crate) fn target(target: &Path, rules: &PathRules, stem: &str) -> Result<PathBuf> {
    let path = if target.is_dir() {
        new_name(target, stem)
    } else {
        target.to_owned()
    };
    rules.check_write(&path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::write_file;
    use std::fs;

    #[test]
    fn messages_saved_into_one_folder_never_replace_each_other() {
        let vault = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let mut saved = Vec::new();
        for body in [b"first".as_slice(), b"second"] {
            // The same stem, as two messages saved within one second get.
            let rules = PathRules::new(vault.path());
            let path = target(out.path(), &rules, "privacy-notice-20250310-120000").unwrap();
            write_file(&path, body, &rules).unwrap();
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
        let vault = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("kari.eml");
        write_file(&path, b"To: kari@example.no", &PathRules::new(vault.path())).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
}
