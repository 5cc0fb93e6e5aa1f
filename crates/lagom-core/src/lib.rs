//! Lagom's core: the encrypted vault and every rule of the product.
//!
//! The shells (the desktop app and the `lagom` command) call this crate and nothing below
//! it. An unlocked [`Vault`] is the session every operation runs in; inputs and outputs are
//! plain data from [`model`]; errors carry a stable [`ErrorCode`].
//!
//! Only the `store` module writes SQL. Time comes in through a [`Clock`], randomness through
//! an [`Entropy`], so that tests are deterministic.

pub mod api;
pub mod audit;
pub mod clock;
pub mod consent;
pub mod demo;
pub mod erasure;
mod error;
pub mod import;
#[cfg(feature = "os-keyring")]
pub mod keyring;
pub mod kit;
pub mod mail;
pub mod model;
pub mod notes;
pub mod notice;
pub mod organisations;
pub mod people;
pub mod rights;
pub mod search;
pub mod settings;
mod store;
pub mod uploads;
pub mod vault;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, ErrorCode, Result};
pub use lagom_crypto::{Entropy, KdfParams, OsEntropy, Password, SecretKey};
pub use store::SCHEMA_VERSION;
pub use store::audit::AuditFilter;
pub use vault::{Credentials, NewVault, Vault, VaultInfo, VaultPaths};
