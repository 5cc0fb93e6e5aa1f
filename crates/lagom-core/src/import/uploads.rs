//! Files handed over by a window that cannot name a path (a browser's file picker or a drop
//! onto the page): held in memory while the vault is unlocked, for the import wizard to plan
//! and commit from. Nothing is written to disk: a customer list should not linger in a
//! temporary directory after the import.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::import::model::ImportFile;
use crate::{Error, Result};

/// The largest file taken (a CSV of about two million rows).
pub const MAX_UPLOAD_BYTES: usize = 256 * 1024 * 1024;
/// The most held at once, all files together.
pub const MAX_HELD_BYTES: usize = 512 * 1024 * 1024;

/// An upload as its sender sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Upload {
    /// Its id, to name it in `import.plan` and `import.commit`.
    pub id: String,
    /// The file's name where it came from.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// The files held.
#[derive(Debug, Default)]
pub struct Uploads {
    files: HashMap<String, (String, Arc<[u8]>)>,
    held: usize,
}

impl Uploads {
    /// Holds a file. Refuses one that is empty, too large, or would hold too much.
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) -> Result<Upload> {
        let name = name.trim();
        if name.is_empty() || name.len() > 255 || name.contains(['/', '\\', '\0']) {
            return Err(Error::validation(
                "file name",
                "give the file's own name, without folders",
            ));
        }
        if bytes.is_empty() {
            return Err(Error::validation("file", format!("{name} is empty")));
        }
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(Error::validation(
                "file",
                format!(
                    "{name} is larger than {} MB; import it with `lagom import` instead",
                    MAX_UPLOAD_BYTES / (1024 * 1024)
                ),
            ));
        }
        if self.held + bytes.len() > MAX_HELD_BYTES {
            return Err(Error::Conflict(
                "too many files are waiting to be imported; import or discard some first".into(),
            ));
        }
        let id = uuid::Uuid::now_v7().simple().to_string();
        let upload = Upload {
            id: id.clone(),
            name: name.to_owned(),
            size: bytes.len() as u64,
        };
        self.held += bytes.len();
        self.files.insert(id, (name.to_owned(), Arc::from(bytes)));
        Ok(upload)
    }

    /// Fills in the contents of every file named by upload id.
    pub fn resolve(&self, files: &mut [ImportFile]) -> Result<()> {
        for file in files {
            if let Some(id) = &file.upload {
                let (name, bytes) = self.files.get(id).ok_or_else(|| Error::NotFound {
                    kind: "uploaded file",
                    id: id.clone(),
                })?;
                file.path = name.into();
                file.contents = Some((name.clone(), bytes.clone()));
            }
        }
        Ok(())
    }

    /// Lets go of these files; unknown ids are ignored (already gone).
    pub fn discard(&mut self, ids: &[String]) {
        for id in ids {
            if let Some((_, bytes)) = self.files.remove(id) {
                self.held -= bytes.len();
            }
        }
    }

    /// Hands a file over to its one user (a backup to restore), letting go of it here.
    pub fn take(&mut self, id: &str) -> Result<(String, Arc<[u8]>)> {
        let (name, bytes) = self.files.remove(id).ok_or_else(|| Error::NotFound {
            kind: "uploaded file",
            id: id.to_owned(),
        })?;
        self.held -= bytes.len();
        Ok((name, bytes))
    }

    /// Lets go of every file.
    pub fn clear(&mut self) {
        self.files.clear();
        self.held = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_is_found_by_its_id_and_gone_when_discarded() {
        let mut uploads = Uploads::default();
        let up = uploads.add("kunder.csv", b"Navn\nKari\n".to_vec()).unwrap();
        assert_eq!((up.name.as_str(), up.size), ("kunder.csv", 10));
        let mut files = vec![ImportFile {
            upload: Some(up.id.clone()),
            ..ImportFile::default()
        }];
        uploads.resolve(&mut files).unwrap();
        assert_eq!(files[0].path, std::path::PathBuf::from("kunder.csv"));
        assert_eq!(&*files[0].contents.as_ref().unwrap().1, b"Navn\nKari\n");
        uploads.discard(std::slice::from_ref(&up.id));
        let err = uploads.resolve(&mut files).unwrap_err();
        assert!(matches!(err, Error::NotFound { .. }), "{err}");
        assert_eq!(uploads.held, 0);
    }

    #[test]
    fn empty_or_misnamed_files_are_refused() {
        let mut uploads = Uploads::default();
        assert!(uploads.add("kunder.csv", Vec::new()).is_err());
        assert!(uploads.add("../etc/passwd", b"x".to_vec()).is_err());
        assert!(uploads.add("  ", b"x".to_vec()).is_err());
    }
}
