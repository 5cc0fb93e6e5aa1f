//! The CLI's errors and the exit codes scripts rely on.

use std::process::ExitCode;

use lagom_core::ErrorCode;

/// Anything that ends a command unsuccessfully.
#[derive(Debug)]
pub enum CliError {
    /// From the core, with its stable code.
    Core(lagom_core::Error),
    /// The command was used wrongly.
    Usage(String),
    /// `audit verify` found problems (already printed).
    ChainBroken,
    /// `check` found damaged pages (already printed).
    Damaged,
    /// Writing output or a file failed.
    Io(String),
    /// Whoever read the output stopped reading (`lagom … | head`): the rest was not printed.
    OutputClosed,
    /// Some of the work failed (its report, already printed, says which).
    Failed(String),
}

impl From<lagom_core::Error> for CliError {
    fn from(e: lagom_core::Error) -> Self {
        CliError::Core(e)
    }
}

/// Exit codes; documented in `lagom --help`.
pub mod exit {
    pub const OTHER: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const WRONG_CREDENTIALS: u8 = 3;
    pub const NOT_FOUND: u8 = 4;
    pub const CORRUPT: u8 = 5;
    pub const CONFLICT: u8 = 6;
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Core(e) => match e.code() {
                ErrorCode::WrongCredentials => exit::WRONG_CREDENTIALS,
                ErrorCode::NotFound => exit::NOT_FOUND,
                ErrorCode::Validation | ErrorCode::Unreadable => exit::USAGE,
                ErrorCode::Cancelled | ErrorCode::Locked => exit::OTHER,
                ErrorCode::Conflict | ErrorCode::Exists | ErrorCode::Erased => exit::CONFLICT,
                ErrorCode::Corrupt | ErrorCode::Unsupported => exit::CORRUPT,
                ErrorCode::Io | ErrorCode::Mail | ErrorCode::Internal => exit::OTHER,
            },
            CliError::Usage(_) => exit::USAGE,
            CliError::ChainBroken | CliError::Damaged => exit::CORRUPT,
            CliError::Io(_) | CliError::OutputClosed | CliError::Failed(_) => exit::OTHER,
        }
    }

    /// The stable code shown in JSON errors.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Core(e) => match e.code() {
                ErrorCode::WrongCredentials => "wrong_credentials",
                ErrorCode::NotFound => "not_found",
                ErrorCode::Validation => "validation",
                ErrorCode::Conflict => "conflict",
                ErrorCode::Exists => "exists",
                ErrorCode::Corrupt => "corrupt",
                ErrorCode::Unsupported => "unsupported",
                ErrorCode::Io => "io",
                ErrorCode::Unreadable => "unreadable",
                ErrorCode::Cancelled => "cancelled",
                ErrorCode::Locked => "locked",
                ErrorCode::Mail => "mail",
                ErrorCode::Erased => "erased",
                ErrorCode::Internal => "internal",
            },
            CliError::Usage(_) => "usage",
            CliError::ChainBroken => "audit_chain_broken",
            CliError::Damaged => "corrupt",
            CliError::Io(_) | CliError::OutputClosed => "io",
            CliError::Failed(_) => "failed",
        }
    }

    pub fn message(&self) -> String {
        match self {
            // The core names the app's steps; here they are commands.
            CliError::Core(e @ lagom_core::Error::AuditTrailDamaged(_)) => format!(
                "{e}. `lagom audit verify` shows the damage; `lagom backup restore DIR` or \
                 `lagom audit reseal` ends it"
            ),
            CliError::Core(e @ lagom_core::Error::Erased { .. }) => {
                format!("{e} with --register-erased REASON")
            }
            CliError::Core(e) => e.to_string(),
            CliError::Usage(m) | CliError::Io(m) | CliError::Failed(m) => m.clone(),
            CliError::ChainBroken => "the audit trail does not verify".into(),
            CliError::Damaged => "the database is damaged".into(),
            CliError::OutputClosed => "the output was closed before it was all written".into(),
        }
    }

    /// Tells the error on stderr and gives the exit code. A closed output is told by the
    /// exit code alone, as a program stopped by a closed pipe stays quiet; and if stderr is
    /// gone too, the exit code is all that is left.
    pub fn report(&self, json: bool) -> ExitCode {
        match self {
            // Quiet in both modes: the reader left on purpose (`| head`).
            CliError::OutputClosed => {}
            _ if json => {
                let body = serde_json::json!({
                    "error": { "code": self.code(), "message": self.message() }
                });
                crate::output::note_line(&body.to_string());
            }
            _ => crate::output::note_line(&format!("lagom: {}", self.message())),
        }
        ExitCode::from(self.exit_code())
    }
}
