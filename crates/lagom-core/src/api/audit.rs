//! The audit trail: its events page by page, the kinds of event there are, and checking the
//! whole hash chain.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::session::{NoArgs, command};
use crate::audit::{AuditEntry, AuditKind, ChainProblem, Reseal, ResealReport};
use crate::{AuditFilter, Error};

/// `audit.list`'s arguments; every filter is optional.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AuditArgs {
    /// Only this kind of event (see `audit.kinds`).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub kind: Option<String>,
    /// Only events about this subject (an id).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub subject: Option<String>,
    /// Only events at or after this time.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only events before this time.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    /// The sequence number of the last event of the previous page.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub before: Option<i64>,
    /// At most this many (200 when not given).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditVerified {
    /// Whether the chain is intact.
    pub intact: bool,
    /// Events checked.
    pub events: u64,
    /// Everything found wrong; empty when intact.
    pub problems: Vec<ChainProblem>,
    /// Each problem in words, in the same order.
    pub messages: Vec<String>,
    /// Every reseal of a damaged trail, with the damage found then.
    pub reseals: Vec<Reseal>,
    /// Whether the vault refuses changes until the trail is resealed or a backup restored.
    pub writes_refused: bool,
}

/// `audit.reseal`'s arguments: the password again.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AuditResealArgs {
    /// The vault's password.
    pub password: String,
}

command! {
    /// Events, newest first, with the names of who acted and whom they are about.
    AuditList = "audit.list", AuditArgs => Vec<AuditEntry>,
    |cx, a| {
        if let Some(kind) = &a.kind
            && AuditKind::parse(kind).is_none()
        {
            return Err(Error::validation("kind", "not a kind of audit event"));
        }
        let filter = AuditFilter {
            kind: a.kind,
            subject_id: a.subject,
            since: a.since,
            until: a.until,
            limit: a.limit.unwrap_or(200),
        };
        cx.vault()?.audit_entries(&filter, a.before)
    }
}

command! {
    /// Every kind of audit event, as stored.
    AuditKinds = "audit.kinds", NoArgs => Vec<String>,
    |_, _| Ok(AuditKind::ALL.iter().map(|k| k.as_str().to_owned()).collect())
}

command! {
    /// Checks the whole audit chain; names every edited or deleted event.
    AuditVerify = "audit.verify", NoArgs => AuditVerified,
    |cx, _| {
        let vault = cx.vault()?;
        let report = vault.verify_audit()?;
        Ok(AuditVerified {
            intact: report.is_intact(),
            events: report.events,
            messages: report.problems.iter().map(ToString::to_string).collect(),
            problems: report.problems,
            reseals: report.reseals,
            writes_refused: vault.audit_damage().is_some(),
        })
    }
}

command! {
    /// Accepts a damaged audit trail as it is so that work can go on: records the damage in
    /// an `audit.resealed` event and seals the trail over it. Asks for the password again.
    AuditReseal = "audit.reseal", AuditResealArgs => ResealReport,
    |cx, a| {
        let credentials = cx.session.credentials(a.password)?;
        cx.vault()?.reseal_audit(&credentials)
    }
}
