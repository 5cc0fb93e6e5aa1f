//! Copying the open database page by page into a new file under the same key (SQLite's
//! online backup), for backups.

use std::path::Path;

use lagom_crypto::SqlcipherKey;
use rusqlite::backup::{Backup, StepResult};

use crate::db::Store;
use crate::{Error, Result};

/// Copies every page of `from` into a new database at `to`, encrypted under `key` (the
/// same key: a backup opens with the vault's credentials of the day). The copy is taken in
/// one step under a read lock, so it is consistent even while the log holds newer pages.
pub(crate) fn copy_database(from: &Store, to: &Path, key: &SqlcipherKey) -> Result<()> {
    let mut dest = Store::open(to, Some(key), true)?;
    {
        let backup = Backup::new(&from.conn, &mut dest.conn)?;
        match backup.step(-1)? {
            StepResult::Done => {}
            _ => {
                return Err(Error::Conflict(
                    "the database was busy while it was copied; try the backup again".into(),
                ));
            }
        }
    }
    // Everything into the file itself, so the copy is one file.
    dest.conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
    Ok(())
}
