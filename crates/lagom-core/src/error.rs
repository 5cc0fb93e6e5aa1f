//! The core's error type and the stable codes the shells branch on.

use std::path::PathBuf;

use serde::Serialize;
use thiserror::Error;

/// Everything that can go wrong in the core. Messages name what and where, never a secret or
/// a person's data.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// No vault exists in the directory.
    #[error("no vault in {0} (expected a vault.header file there)")]
    NoVault(PathBuf),
    /// A vault already exists where a new one was to be created.
    #[error("a vault already exists in {0}")]
    VaultExists(PathBuf),
    /// The password does not open the key slot.
    #[error("wrong password")]
    WrongPassword,
    /// The secret key does not belong to this vault.
    #[error("wrong secret key for this vault")]
    WrongSecretKey,
    /// The secret key is not in the expected form.
    #[error("the secret key is not valid: {0}")]
    SecretKeyMalformed(#[from] lagom_crypto::SecretKeyError),
    /// The header file is damaged or was edited.
    #[error("the vault header {path} is damaged or has been tampered with ({reason})")]
    HeaderTampered {
        /// The header file.
        path: PathBuf,
        /// What check failed.
        reason: String,
    },
    /// The file is not a vault header at all.
    #[error("{0} is not a Lagom vault header")]
    NotAVault(PathBuf),
    /// The vault was written by a newer version of Lagom.
    #[error(
        "{what} version {found} in {path} is newer than this version of Lagom supports ({supported})"
    )]
    TooNew {
        /// "header format" or "database schema".
        what: &'static str,
        /// Where.
        path: PathBuf,
        /// The version found.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// The database does not open under the header's key, or its pages fail their checks.
    #[error(
        "the vault database {path} is damaged, has been tampered with, or does not belong to this header"
    )]
    DatabaseCorrupt {
        /// The database file.
        path: PathBuf,
        /// SQLite's own report.
        #[source]
        source: rusqlite::Error,
    },
    /// The vault's parts do not fit together (for example the audit key is missing).
    #[error("the vault in {path} is inconsistent: {reason}")]
    Inconsistent {
        /// The vault directory.
        path: PathBuf,
        /// What does not fit.
        reason: &'static str,
    },
    /// A record was not found.
    #[error("no {kind} {id}")]
    NotFound {
        /// What was looked for ("person", "purpose", …).
        kind: &'static str,
        /// How it was asked for ("with id …", "named …"); never personal data.
        id: String,
    },
    /// Input failed validation.
    #[error("{field}: {reason}")]
    Validation {
        /// The field.
        field: &'static str,
        /// Why it was refused.
        reason: String,
    },
    /// The operation conflicts with the vault's state (a closed request, a name already
    /// taken, an import already undone). Only such a refusal is a conflict.
    #[error("{0}")]
    Conflict(String),
    /// Data stored in the vault does not read back as it was written (a malformed id or date
    /// in a row): damage or tampering below the encryption's checks, never the user's input.
    #[error("damaged data in the vault: {0}")]
    Damaged(String),
    /// The audit trail's newest events or its record of them were cut, edited or rolled
    /// back. Nothing is written until the owner has looked: appending would seal the damage.
    #[error(
        "the audit trail is damaged: {0}. Nothing can be changed until the owner has looked at \
         the audit log's check, then restores a backup or reseals the trail to go on with it \
         as it is (the damage stays on record)"
    )]
    AuditTrailDamaged(String),
    /// A path was refused: inside the vault's folder, through a link, or outside the folders
    /// allowed (see [`crate::output`]).
    #[error("{path}: {reason}")]
    PathRefused {
        /// The path as given.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file to write exists, and replacing it was not asked for.
    #[error("{0} already exists; replace it only on purpose (--force, or confirm in the app)")]
    FileExists(PathBuf),
    /// A new secret key could not be handed to its owner (the kit not written, the key not
    /// printed), so it was not put in force.
    #[error(
        "the new secret key could not be handed over ({0}); nothing was changed: the password \
         and secret key you have still open the vault"
    )]
    KeyNotHandedOver(String),
    /// Lagom failed at something that should not fail: encoding a result, rendering a
    /// template, building an archive in memory. A fault to report, not the user's doing.
    #[error("internal error: {0}")]
    Internal(String),
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done ("reading", "writing", …).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's report.
        #[source]
        source: std::io::Error,
    },
    /// A file to import could not be read at all (as opposed to a bad row, which is reported
    /// and skipped).
    #[error("{file} could not be imported: {reason}")]
    Unreadable {
        /// The file.
        file: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The vault is locked: unlock it first.
    #[error("the vault is locked")]
    Locked,
    /// The person cancelled a long operation; nothing was written.
    #[error("cancelled; nothing was changed")]
    Cancelled,
    /// The person to add is covered by an earlier erasure (one of their e-mail addresses or
    /// phone numbers was erased): they are added only when the reason for registering them
    /// again is given. The message names the day and the request, never the person.
    #[error(
        "this person was erased on {erased_on}{}: an earlier erasure covers their e-mail \
         address or phone number. Register them again only when they ask for it, giving the \
         reason",
        .request.as_ref().map(|r| format!(" (request {r})")).unwrap_or_default()
    )]
    Erased {
        /// The day of the erasure (YYYY-MM-DD).
        erased_on: String,
        /// The number of the request it answered (`R-0004`), if any.
        request: Option<String>,
    },
    /// An unexpected database error.
    #[error("database error: {0}")]
    Database(#[source] rusqlite::Error),
    /// The mail server could not be reached, or it refused the sign-in or the message. The
    /// message names the server and the step, never the password or an address.
    #[error("mail server {server}: {reason}")]
    Mail {
        /// `host:port`.
        server: String,
        /// Which step failed.
        step: MailStep,
        /// What went wrong, in words.
        reason: String,
    },
}

/// Stable error codes. The UI shows a sentence per code and the CLI maps them to exit codes;
/// neither ever matches on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Password or secret key wrong or malformed.
    WrongCredentials,
    /// Something asked for does not exist.
    NotFound,
    /// Input was refused.
    Validation,
    /// The state of the vault does not allow the operation.
    Conflict,
    /// A file to write exists; ask before replacing it.
    Exists,
    /// The vault is damaged or tampered with.
    Corrupt,
    /// The vault was made by a newer version.
    Unsupported,
    /// A file could not be read or written.
    Io,
    /// A file to import is damaged or not a format Lagom reads.
    Unreadable,
    /// The operation was cancelled and left nothing behind.
    Cancelled,
    /// The vault must be unlocked first.
    Locked,
    /// The mail server could not be reached or refused the message.
    Mail,
    /// The person was erased before; adding them again needs the reason (`register_erased`).
    Erased,
    /// Anything else.
    Internal,
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::WrongPassword | Error::WrongSecretKey | Error::SecretKeyMalformed(_) => {
                ErrorCode::WrongCredentials
            }
            Error::NoVault(_) | Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Validation { .. } | Error::PathRefused { .. } => ErrorCode::Validation,
            Error::FileExists(_) => ErrorCode::Exists,
            Error::VaultExists(_) | Error::Conflict(_) => ErrorCode::Conflict,
            Error::HeaderTampered { .. }
            | Error::NotAVault(_)
            | Error::DatabaseCorrupt { .. }
            | Error::Inconsistent { .. }
            | Error::Damaged(_)
            | Error::AuditTrailDamaged(_) => ErrorCode::Corrupt,
            Error::TooNew { .. } => ErrorCode::Unsupported,
            Error::Io { .. } | Error::KeyNotHandedOver(_) => ErrorCode::Io,
            Error::Unreadable { .. } => ErrorCode::Unreadable,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Locked => ErrorCode::Locked,
            Error::Mail { .. } => ErrorCode::Mail,
            Error::Erased { .. } => ErrorCode::Erased,
            Error::Database(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }

    pub(crate) fn validation(field: &'static str, reason: impl Into<String>) -> Error {
        Error::Validation {
            field,
            reason: reason.into(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    /// A page that fails SQLCipher's authentication can show up in any statement, not only
    /// when the vault is opened; it is reported as a damaged database wherever it shows.
    fn from(e: rusqlite::Error) -> Self {
        if is_corruption(&e) {
            Error::DatabaseCorrupt {
                path: PathBuf::from("vault.db"),
                source: e,
            }
        } else {
            Error::Database(e)
        }
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
/// Is this error SQLite saying the file does not decrypt or fails its checks?
pub(crate) fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// The step of talking to the mail server that failed, for [`crate::Error::Mail`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailStep {
    /// Reaching the server at all (name lookup, connection, greeting).
    Connect,
    /// The TLS handshake (implicit or after STARTTLS): the certificate or the protocol.
    Tls,
    /// Signing in with the user name and password.
    Login,
    /// The server refused the sender address.
    Sender,
    /// The server refused the recipient address.
    Recipient,
    /// The server refused the message itself.
    Message,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_refusal_by_the_vaults_state_is_a_conflict() {
        assert_eq!(
            Error::Conflict("request R-0001 is closed".into()).code(),
            ErrorCode::Conflict
        );
        assert_eq!(
            Error::Damaged("malformed id in the database: x".into()).code(),
            ErrorCode::Corrupt
        );
        assert_eq!(
            Error::Internal("encoding the result".into()).code(),
            ErrorCode::Internal
        );
    }
}
