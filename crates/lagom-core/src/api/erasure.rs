//! The command table's erasure, retention and backup commands: each command's arguments,
//! result and call into this feature. [`crate::api`] lists them with every other command.

use std::path::PathBuf;

use serde::Deserialize;
use ts_rs::TS;

use super::session::{NoArgs, command};
use crate::OsEntropy;
use crate::backup::BackupReport;
use crate::erasure::{ErasureReport, Retention, RetentionPatch};
use crate::types::PersonRef;

/// `erasure.preview`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PreviewArgs {
    /// The person's id or e-mail address.
    pub person: String,
}

/// `person.erase`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct EraseArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The request the erasure answers: its id or number ("R-0001").
    #[serde(default)]
    #[ts(optional = nullable)]
    pub request: Option<String>,
}

/// `vault.backup`'s arguments: a folder, a file, or neither for a download.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BackupArgs {
    /// Write the backup's files into this folder (empty or new).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub dir: Option<PathBuf>,
    /// Write a single-file backup (`.lagom-backup`) here.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub file: Option<PathBuf>,
    /// Replace `file` if it exists (after the platform's save dialog asked, or `--force`).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub overwrite: bool,
}

command! {
    /// What erasing a person would remove, and which invoices the bookkeeping law keeps.
    ErasurePreview = "erasure.preview", PreviewArgs => crate::erasure::ErasurePreview,
    |cx, a| cx.vault()?.preview_erasure(&PersonRef::parse(&a.person)?)
}

command! {
    /// Erases a person (GDPR Art. 17); kept invoices get a pseudonym.
    PersonErase = "person.erase", EraseArgs => ErasureReport,
    |cx, a| cx.vault()?.erase_person(
        &PersonRef::parse(&a.person)?,
        a.request.as_deref(),
        &mut OsEntropy,
    )
}

command! {
    /// How long invoices are kept, per country.
    RetentionGet = "retention.get", NoArgs => Retention,
    |cx, _| cx.vault()?.retention()
}

command! {
    /// Changes how long invoices are kept.
    RetentionSet = "retention.set", RetentionPatch => Retention,
    |cx, a| cx.vault()?.set_retention(&a)
}

command! {
    /// Writes a consistent, still encrypted copy of the vault: into a folder (`dir`), as one
    /// `.lagom-backup` file (`file`), or, given neither, as a download of that file.
    VaultBackup = "vault.backup", BackupArgs => BackupReport,
    |cx, a| match (a.dir, a.file) {
        (Some(_), Some(_)) => Err(crate::Error::validation(
            "backup",
            "name a folder or a file for the backup, not both",
        )),
        (Some(dir), None) => cx.vault()?.backup(&dir),
        (None, file) => {
            let mut report = cx.vault()?.backup_file(file.as_deref(), a.overwrite)?;
            if let Some(bytes) = report.content.take() {
                report.download = Some(cx.offer(&report.file_name, "application/octet-stream", bytes));
            }
            Ok(report)
        }
    }
}
