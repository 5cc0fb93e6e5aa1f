//! The command table's erasure, retention and backup commands (see [`crate::api`]).

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

use super::RetentionPatch;
use crate::api::{args, to_json};
use crate::model::PersonRef;
use crate::{OsEntropy, Result, Vault};

/// The commands this module answers.
pub const COMMANDS: &[&str] = &[
    "erasure.preview",
    "person.erase",
    "retention.get",
    "retention.set",
    "vault.backup",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviewArgs {
    person: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EraseArgs {
    person: String,
    /// The request the erasure answers: its id or number ("R-0001").
    #[serde(default)]
    request: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BackupArgs {
    dir: PathBuf,
}

/// Runs one of [`COMMANDS`] on the unlocked vault.
pub(crate) fn run(vault: &mut Vault, command: &str, arguments: Value) -> Result<Value> {
    match command {
        "erasure.preview" => {
            let a: PreviewArgs = args(arguments)?;
            to_json(vault.preview_erasure(&PersonRef::parse(&a.person)?)?)
        }
        "person.erase" => {
            let a: EraseArgs = args(arguments)?;
            to_json(vault.erase_person(
                &PersonRef::parse(&a.person)?,
                a.request.as_deref(),
                &mut OsEntropy,
            )?)
        }
        "retention.get" => to_json(vault.retention()?),
        "retention.set" => {
            let a: RetentionPatch = args(arguments)?;
            to_json(vault.set_retention(&a)?)
        }
        "vault.backup" => {
            let a: BackupArgs = args(arguments)?;
            to_json(vault.backup(&a.dir)?)
        }
        other => Err(crate::Error::NotFound {
            kind: "command",
            id: other.to_owned(),
        }),
    }
}
