//! Errors of the key envelope. They are coarse on purpose: a message never contains a secret,
//! and a failure to unwrap a key never says more than which credential was wrong.

use thiserror::Error;

/// Reading or writing the vault header failed.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderError {
    /// The bytes do not start with the vault header's magic number.
    #[error("not a Lagom vault header")]
    NotAVaultHeader,
    /// The header was written by a newer version of Lagom.
    #[error("vault header version {0} is not supported by this version of Lagom")]
    UnsupportedVersion(u16),
    /// The header's checksum or authentication code does not match its content: it was
    /// damaged on disk or edited.
    #[error("the vault header is damaged or has been tampered with ({0})")]
    Tampered(&'static str),
    /// A header must hold between one and 255 key slots.
    #[error("a vault header holds between 1 and 255 key slots")]
    SlotCount,
    /// No key slot exists for the given user.
    #[error("no key slot for this user")]
    NoSuchSlot,
}

/// Unlocking a key slot failed.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnlockError {
    /// The secret key does not belong to this key slot.
    #[error("wrong secret key for this vault")]
    WrongSecretKey,
    /// The password is wrong (or the slot's wrapped key was altered).
    #[error("wrong password")]
    WrongPassword,
    /// The slot's key-derivation parameters cannot be used.
    #[error("invalid key-derivation parameters in the key slot")]
    BadKdfParams,
    /// The header around the slot is damaged.
    #[error(transparent)]
    Header(#[from] HeaderError),
}

/// A secret key could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretKeyError {
    /// Wrong length or characters outside the secret key alphabet.
    #[error("a secret key looks like LG1-XXXXXXX-XXXXXXX-XXXXXXX-XXXXXXX")]
    Format,
    /// The check characters do not match: a typing mistake.
    #[error("the secret key has a typing mistake (its check characters do not match)")]
    Checksum,
}

/// A wrapped key did not open under the given vault key: it belongs to another key or was
/// altered.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("a wrapped key does not open under this vault key")]
pub struct WrapError;
