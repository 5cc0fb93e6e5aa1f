//! The rights' part of the command table: argument shapes and calls for the request
//! register and the subject-access export, dispatched from [`crate::api`].

use serde::Deserialize;
use serde_json::Value;

use super::access::SubjectExportOptions;
use super::requests::{IdentityCheck, NewRequest, RequestFilter, RequestRef, RequestStatus};
use crate::api::{args, to_json};
use crate::model::{PersonPatch, PersonRef};
use crate::vault::Vault;
use crate::{Error, OsEntropy, Result};

/// The commands this module answers.
pub const COMMANDS: [&str; 9] = [
    "requests.list",
    "requests.summary",
    "request.new",
    "request.show",
    "request.identity",
    "request.extend",
    "request.close",
    "request.rectify",
    "subject.export",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestArgs {
    request: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentityArgs {
    request: String,
    identity: IdentityCheck,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtendArgs {
    request: String,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CloseArgs {
    request: String,
    status: RequestStatus,
    #[serde(default)]
    outcome: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RectifyArgs {
    request: String,
    person: String,
    patch: PersonPatch,
}

/// Runs one of [`COMMANDS`].
pub(crate) fn call(vault: &mut Vault, command: &str, arguments: Value) -> Result<Value> {
    let which = |text: &str| RequestRef::parse(text);
    match command {
        "requests.list" => {
            let a: RequestFilter = args(arguments)?;
            to_json(vault.list_requests(&a)?)
        }
        "requests.summary" => to_json(vault.request_summary()?),
        "request.new" => {
            let a: NewRequest = args(arguments)?;
            to_json(vault.create_request(&a)?)
        }
        "request.show" => {
            let a: RequestArgs = args(arguments)?;
            to_json(vault.show_request(which(&a.request)?)?)
        }
        "request.identity" => {
            let a: IdentityArgs = args(arguments)?;
            to_json(vault.check_request_identity(which(&a.request)?, a.identity)?)
        }
        "request.extend" => {
            let a: ExtendArgs = args(arguments)?;
            to_json(vault.extend_request(which(&a.request)?, &a.reason)?)
        }
        "request.close" => {
            let a: CloseArgs = args(arguments)?;
            to_json(vault.close_request(which(&a.request)?, a.status, &a.outcome)?)
        }
        "request.rectify" => {
            let a: RectifyArgs = args(arguments)?;
            let (request, person) =
                vault.rectify(which(&a.request)?, &PersonRef::parse(&a.person)?, &a.patch)?;
            to_json(serde_json::json!({ "request": request, "person": person }))
        }
        "subject.export" => {
            let a: SubjectExportOptions = args(arguments)?;
            to_json(vault.export_subject(&a, &mut OsEntropy)?)
        }
        other => Err(Error::NotFound {
            kind: "command",
            id: other.to_owned(),
        }),
    }
}
