//! Lagom's core: the encrypted vault and every rule of the product.
//!
//! The shells (the desktop app and the `lagom` command) call this crate through its command
//! table ([`api`]) and nothing below it. An unlocked [`Vault`] is the handle every operation
//! runs on; inputs and outputs are plain data; errors carry a stable [`ErrorCode`].
//!
//! The crate is a small shared floor with feature slices above it. The floor (`error`,
//! `clock`, `types`, `words`, `text`, `db`, `audit`, `search`, `vault`, `backup`) imports no feature.
//! Each feature folder owns its types, its rules and its SQL (`sql.rs`), and imports only the
//! floor and the features below it that `tests/it/layering.rs` allows. Time comes in through a
//! [`Clock`], randomness through an [`Entropy`], so that tests are deterministic.

// The shared floor.
pub mod audit;
pub mod backup;
pub mod clock;
mod db;
mod error;
pub mod output;
pub mod search;
pub mod text;
pub mod types;
pub mod vault;
pub mod words;

// The features.
pub mod card;
pub mod consent;
pub mod duplicates;
pub mod erasure;
pub mod hygiene;
pub mod import;
pub mod mail;
pub mod notes;
pub mod notice;
pub mod organisations;
pub mod people;
pub mod rights;
pub mod settings;
pub mod suppression;

// The command table the shells serve, and the shells' keyring.
pub mod api;
#[cfg(feature = "os-keyring")]
pub mod keyring;

pub use audit::sql::AuditFilter;
pub use clock::{Clock, FixedClock, SystemClock};
pub use db::SCHEMA_VERSION;
pub use error::{Error, ErrorCode, Result};
pub use lagom_crypto::{Entropy, KdfParams, OsEntropy, Password, SecretKey};
pub use vault::{Credentials, NewVault, Vault, VaultInfo, VaultPaths};
