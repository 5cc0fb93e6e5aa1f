//! The rights' part of the command table: the request register and the subject-access
//! export, each command's arguments, result and call into this feature. [`crate::api`] lists
//! them with every other command.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::session::{NoArgs, command};
use crate::OsEntropy;
use crate::card::PersonView;
use crate::people::PersonPatch;
use crate::rights::access::{
    ExportFormat, ExportPlan, SubjectExport as SubjectExportDone, SubjectExportOptions,
};
use crate::rights::model::{
    IdentityCheck, NewRequest, RequestFilter, RequestLine, RequestRef, RequestStatus,
    RequestSummary, RequestView,
};
use crate::types::PersonRef;

/// Arguments naming one request.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RequestArgs {
    /// R-0001 or the request's id.
    pub request: String,
}

/// `request.identity`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IdentityArgs {
    /// R-0001 or the request's id.
    pub request: String,
    /// The outcome of the identity check.
    pub identity: IdentityCheck,
}

/// `request.extend`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExtendArgs {
    /// R-0001 or the request's id.
    pub request: String,
    /// Why more time is needed (the person is told).
    pub reason: String,
}

/// `request.close`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CloseArgs {
    /// R-0001 or the request's id.
    pub request: String,
    /// Done, refused or withdrawn.
    pub status: RequestStatus,
    /// How it ended; for a refusal, why.
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub outcome: String,
}

/// `request.rectify`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RectifyArgs {
    /// R-0001 or the request's id.
    pub request: String,
    /// The person's id or e-mail address.
    pub person: String,
    /// The corrections.
    pub patch: PersonPatch,
}

/// A record corrected under a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Rectified {
    /// The request, with the correction recorded.
    pub request: RequestView,
    /// The person as corrected.
    pub person: PersonView,
}

command! {
    /// The register, newest first.
    RequestsList = "requests.list", RequestFilter => Vec<RequestLine>,
    |cx, a| cx.vault()?.list_requests(&a)
}

command! {
    /// How many requests are open, due soon and overdue.
    RequestsSummary = "requests.summary", NoArgs => RequestSummary,
    |cx, _| cx.vault()?.request_summary()
}

command! {
    /// Registers a request; it is due one month after it was received.
    RequestNew = "request.new", NewRequest => RequestView,
    |cx, a| cx.vault()?.create_request(&a)
}

command! {
    /// One request with everything done on it.
    RequestShow = "request.show", RequestArgs => RequestView,
    |cx, a| cx.vault()?.show_request(RequestRef::parse(&a.request)?)
}

command! {
    /// Records the identity check.
    RequestIdentity = "request.identity", IdentityArgs => RequestView,
    |cx, a| cx.vault()?.check_request_identity(RequestRef::parse(&a.request)?, a.identity)
}

command! {
    /// Extends the deadline by two further months, once.
    RequestExtend = "request.extend", ExtendArgs => RequestView,
    |cx, a| cx.vault()?.extend_request(RequestRef::parse(&a.request)?, &a.reason)
}

command! {
    /// Closes a request as done, refused or withdrawn.
    RequestClose = "request.close", CloseArgs => RequestView,
    |cx, a| cx.vault()?.close_request(RequestRef::parse(&a.request)?, a.status, &a.outcome)
}

command! {
    /// Corrects a person's record under a rectification request.
    RequestRectify = "request.rectify", RectifyArgs => Rectified,
    |cx, a| {
        let which = RequestRef::parse(&a.request)?;
        let (request, person) =
            cx.vault()?.rectify(which, &PersonRef::parse(&a.person)?, &a.patch)?;
        Ok(Rectified { request, person })
    }
}

command! {
    /// Exports everything about a person (GDPR Art. 15): an encrypted PDF (or zip) with its
    /// passphrase shown once, written to `out` or, without it, held as a download; the PDF
    /// by e-mail; or a plain folder when confirmed.
    SubjectExport = "subject.export", SubjectExportOptions => SubjectExportDone,
    |cx, a| {
        let mut export = cx.vault()?.export_subject(&a, &mut OsEntropy)?;
        if let Some(bytes) = export.content.take() {
            let media_type = match export.format {
                ExportFormat::Zip => "application/zip",
                _ => "application/pdf",
            };
            export.download = Some(cx.offer(&export.file_name, media_type, bytes));
        }
        Ok(export)
    }
}

/// `subject.export_plan`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportPlanArgs {
    /// The person's id or e-mail address.
    pub person: String,
}

command! {
    /// What the export dialog needs first: the summary's default language and why, and the
    /// business's details a bundle must name that are still missing.
    SubjectExportPlan = "subject.export_plan", ExportPlanArgs => ExportPlan,
    |cx, a| cx.vault()?.export_plan(&PersonRef::parse(&a.person)?)
}
