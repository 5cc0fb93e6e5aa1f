//! The vault's key envelope, with no knowledge of SQL or files.
//!
//! A vault is protected by one random 256-bit [`VaultKey`]. Every user holds a key slot in the
//! vault [`Header`]: the vault key wrapped with XChaCha20-Poly1305 under a key-encryption key
//! derived from two secrets, the user's password (Argon2id, RFC 9106) and a random 128-bit
//! [`SecretKey`] that is kept in the OS keyring and on a printed emergency kit. A stolen vault
//! plus a guessed password opens nothing without the secret key.
//!
//! Keys used elsewhere (the SQLCipher raw key, the header MAC key, the key that wraps the
//! audit chain's own key) are derived from the vault key with HKDF-SHA256 under distinct labels, so that knowing one of
//! them reveals nothing about the others.
//!
//! Naming follows one rule: `make_*` draws fresh randomness, `derive_*` is deterministic.

mod entropy;
mod error;
mod header;
mod kdf;
mod keys;
mod secret_key;

pub use entropy::{Entropy, OsEntropy};
pub use error::{HeaderError, SecretKeyError, UnlockError, WrapError};
pub use header::{HEADER_MAGIC, HEADER_VERSION, Header, KeySlot, SlotId, UnlockedSlot, VaultId};
pub use kdf::KdfParams;
pub use keys::{AuditKey, SqlcipherKey, VaultKey, WrappedKey};
pub use secret_key::SecretKey;

/// A password as typed by a person. It is zeroed when dropped and never printed.
pub type Password = secrecy::SecretString;
