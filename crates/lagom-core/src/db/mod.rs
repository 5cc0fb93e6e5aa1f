//! The store's floor: the SQLCipher connection, transactions and the schema's migrations,
//! and the shared lists every feature names (`lists`). Each feature's own SQL lives in its
//! folder's `sql.rs`.

pub(crate) mod collation;
mod integrity;
pub(crate) mod lists;
mod phones;

use std::path::{Path, PathBuf};

use lagom_crypto::SqlcipherKey;
use rusqlite::{Connection, OpenFlags};

use uuid::Uuid;

use crate::error::is_corruption;
use crate::{Error, Result};

/// Migrations in order; the schema version is the number of migrations applied
/// (`PRAGMA user_version`).
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_imports.sql"),
    include_str!("migrations/0003_people_filters.sql"),
    include_str!("migrations/0004_gdpr.sql"),
    include_str!("migrations/0005_search_delete.sql"),
    include_str!("migrations/0006_people_lifecycle.sql"),
    include_str!("migrations/0007_hygiene.sql"),
    include_str!("migrations/0008_duplicates.sql"),
    include_str!("migrations/0009_contact_points.sql"),
    include_str!("migrations/0010_suppression.sql"),
    include_str!("migrations/0011_built_in_names.sql"),
    include_str!("migrations/0012_name_order.sql"),
];

/// The schema version (migration 0012, names' sort keys) after whose migration phone numbers
/// typed by hand are stored in E.164 (`phones`), as numbers typed since are.
const PHONES_TO_E164: i64 = 12;

/// The schema versions after whose migration the search index is filled again from the
/// people table here (its terms are made in Rust, not SQL): 5 recreated the index; 8 came
/// with customer numbers among a person's terms, and a removal must name exactly the terms a
/// row was indexed under; after [`PHONES_TO_E164`] numbers are terms written anew.
const SEARCH_INDEX_REFILLED: [i64; 3] = [5, 8, PHONES_TO_E164];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open database.
pub(crate) struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

const NORMAL_CACHE: &str = "PRAGMA cache_size = -65536;";
const BULK_CACHE: &str = "PRAGMA cache_size = -524288;";

/// A failed statement: corruption (or a wrong key) names the file, anything else is a
/// database error.
fn classify(path: &Path, e: rusqlite::Error) -> Error {
    if is_corruption(&e) {
        Error::DatabaseCorrupt {
            path: path.to_owned(),
            source: e,
        }
    } else {
        Error::Database(e)
    }
}

/// An id as stored; one that does not parse is damage to the vault, not the user's input.
pub(crate) fn parse_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text)
        .map_err(|_| Error::Damaged(format!("malformed id in the database: {text}")))
}

impl Store {
    /// Opens (or creates) the database with a raw SQLCipher key, or without encryption when
    /// `key` is `None` (benchmarks only), and checks that the key fits.
    pub(crate) fn open(path: &Path, key: Option<&SqlcipherKey>, create: bool) -> Result<Store> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| match classify(path, e) {
                Error::Database(e) => Error::Io {
                    action: "opening",
                    path: path.to_owned(),
                    source: std::io::Error::other(e.to_string()),
                },
                corrupt => corrupt,
            })?;
        if let Some(key) = key {
            // SQLCipher writes its own diagnostics to stderr; errors reach us as results.
            conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
            let statement =
                zeroize::Zeroizing::new(format!("PRAGMA key = {};", key.pragma_value().as_str()));
            conn.execute_batch(&statement)?;
        }
        // The first read is where a wrong key or a damaged first page shows.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| classify(path, e))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA secure_delete = ON;
             PRAGMA cache_size = -65536;",
        )
        .map_err(|e| classify(path, e))?;
        // Before anything writes a name: the sort-key triggers call it.
        collation::register(&conn)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// Whether the write-ahead log was deleted from under the open database (by hand, or by a
    /// cleaning tool). SQLite goes on writing into the deleted file, whose commits would be
    /// lost with the process; see [`Store::save_lost_log`].
    pub(crate) fn log_is_lost(&self) -> bool {
        let mut wal = self.path.as_os_str().to_owned();
        wal.push("-wal");
        !std::path::Path::new(&wal).exists()
    }

    /// Copies everything the write-ahead log holds into the database file itself, so that
    /// commits in a deleted log are not lost when the process ends.
    pub(crate) fn save_lost_log(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Raises the page cache to 512 MiB for a large batch, or puts it back to 64 MiB. A large
    /// batch touches index pages all over the file; every page that falls out of the cache
    /// must be decrypted and authenticated again when read back, which is where SQLCipher's
    /// cost grows.
    pub(crate) fn set_bulk_cache(&self, bulk: bool) {
        // A failed pragma only costs speed.
        let _ = self
            .conn
            .execute_batch(if bulk { BULK_CACHE } else { NORMAL_CACHE });
    }

    /// Sets the page cache for an import to 160 MiB: larger than the everyday one, since every
    /// page that falls out must be decrypted and checked again when read back, but smaller than
    /// a bulk batch's, since a million-row import also holds its duplicate index (~250 MB)
    /// and stays under 500 MB in all.
    pub(crate) fn set_import_cache(&self, on: bool) {
        let _ = self.conn.execute_batch(if on {
            "PRAGMA cache_size = -163840;"
        } else {
            NORMAL_CACHE
        });
    }

    /// The schema version of the open database.
    pub(crate) fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Brings the schema up to date, one migration per transaction. Refuses a database made
    /// by a newer version rather than guess at its meaning.
    pub(crate) fn migrate(&mut self) -> Result<()> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                what: "database schema",
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            if index as i64 + 1 == PHONES_TO_E164 {
                phones::to_e164(&tx)?;
            }
            if SEARCH_INDEX_REFILLED.contains(&(index as i64 + 1)) {
                // A failed pragma only costs speed.
                let _ = tx.execute_batch(BULK_CACHE);
                let filled = crate::search::sql::reindex_everyone(&tx);
                let _ = tx.execute_batch(NORMAL_CACHE);
                filled?;
            }
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()?;
        }
        // The names' sort keys, made again when the collation that made them is not this
        // build's (or after the migration that brought them).
        let tx = self.conn.transaction()?;
        if collation::refresh(&tx)? {
            tx.commit()?;
        }
        Ok(())
    }

    /// Re-encrypts every page under a new key (SQLCipher's `PRAGMA rekey`, one transaction).
    pub(crate) fn rekey(&mut self, key: &SqlcipherKey) -> Result<()> {
        // Rekey rewrites the main file; in WAL mode it is not supported, so the journal is
        // switched to a rollback journal for the duration, which keeps the rewrite atomic.
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        self.conn
            .execute_batch(&format!("PRAGMA rekey = {};", key.pragma_value().as_str()))?;
        self.conn.execute_batch("PRAGMA journal_mode = WAL;")?;
        Ok(())
    }

    /// SQLCipher's page-by-page authentication check over the whole file, then SQLite's
    /// structure check, told in a few sentences (see [`integrity`]).
    pub(crate) fn integrity_problems(&self) -> Result<Vec<String>> {
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let cipher = self.rows("PRAGMA cipher_integrity_check")?;
        // After a damaged page the structure check may fail as a whole rather than row by
        // row; that is one more finding, not a reason to lose the ones before it.
        let structure = match self.rows("PRAGMA quick_check") {
            Err(e) if is_corruption(&e) => vec![format!("the check stopped: {e}")],
            other => other?,
        };
        Ok(integrity::problems(&cipher, &structure, pages))
    }

    /// Every row of a statement that answers one text column.
    fn rows(&self, sql: &str) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    }
}
