//! The start screen: what needs doing today, in one read that stays fast at a million
//! people (every part is an index lookup or a short list; nothing walks the register).

use serde::Serialize;
use uuid::Uuid;

use crate::Result;
use crate::hygiene::report::RunReport;
use crate::hygiene::reviews::kinds;
use crate::hygiene::rules::RetentionAction;
use crate::hygiene::settings::Job;
use crate::hygiene::sql;
use crate::hygiene::upkeep::last_backup;
use crate::people::shelf;
use crate::rights::model::RequestSummary;
use crate::vault::Vault;

/// How many lines each part of the start screen lists (its count covers all).
pub const LINES_SHOWN: u32 = 20;

/// A person waiting for a retention step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct WaitingStep {
    /// The person's id.
    pub person: Uuid,
    /// Their name.
    pub name: String,
    /// The step.
    pub action: RetentionAction,
    /// The day the rule makes it due.
    pub due_on: String,
    /// The day it is taken (for a review: listed since).
    pub runs_on: String,
}

/// Waiting steps of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Waiting {
    /// The first few, soonest first.
    pub steps: Vec<WaitingStep>,
    /// How many in all.
    pub total: u64,
}

/// Something a review job found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Finding {
    /// Its key, to dismiss it.
    pub id: i64,
    /// What was found (see `hygiene::reviews::kinds`).
    pub kind: String,
    /// The person it is about, if any.
    #[ts(optional = nullable)]
    pub person: Option<Uuid>,
    /// Their name, while they are in the vault.
    #[ts(optional = nullable)]
    pub name: Option<String>,
    /// Detail without personal values (purpose ids, versions, dates, counts).
    #[ts(type = "Record<string, unknown>")]
    pub detail: serde_json::Value,
    /// When it was found.
    pub found_at: String,
}

/// Findings of some kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Findings {
    /// The first few.
    pub items: Vec<Finding>,
    /// How many in all.
    pub total: u64,
}

/// The last backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct BackupState {
    /// When it was made (RFC 3339, UTC); none if never.
    #[ts(optional = nullable)]
    pub last_at: Option<String>,
    /// Its age in whole days.
    #[ts(optional = nullable)]
    pub age_days: Option<i64>,
    /// Whether a new one is due.
    pub due: bool,
    /// Where scheduled backups go, if chosen.
    #[ts(optional = nullable)]
    pub folder: Option<String>,
}

/// The last integrity check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct IntegrityState {
    /// When it ran; none if never.
    #[ts(optional = nullable)]
    pub last_at: Option<String>,
    /// Problems in the audit trail it found.
    pub audit_problems: u64,
    /// Damaged pages it found.
    pub page_problems: u64,
}

/// Everything the start screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Today {
    /// The day it is, where the computer is.
    pub today: String,
    /// Requests overdue or due soon, with the days left.
    pub requests: RequestSummary,
    /// Archives, anonymisations and erasures announced, with their day.
    pub announced: Waiting,
    /// People a rule asks the owner to look at.
    pub reviews: Waiting,
    /// Pairs of likely duplicates waiting in the review queue.
    pub duplicates: u64,
    /// Consents to renew.
    pub consents: Findings,
    /// Data to fix: no purpose, invalid e-mail addresses.
    pub quality: Findings,
    /// The last backup.
    pub backup: BackupState,
    /// The last integrity check.
    pub integrity: IntegrityState,
    /// Who can open the vault, as the access review last found.
    pub access: Findings,
    /// People in the recycle bin.
    pub bin: u64,
    /// Archived people.
    pub archived: u64,
    /// People anonymised so far (their figures are kept for statistics).
    pub anonymised: u64,
    /// The last housekeeping run.
    #[ts(optional = nullable)]
    pub last_run: Option<RunReport>,
    /// Whether the owner has yet to look at the suggested retention rules.
    pub rules_to_review: bool,
}

impl Vault {
    /// The waiting retention steps: reviews, or the announced archives and erasures, soonest
    /// first, at most `limit`.
    pub fn waiting_steps(&self, reviews: bool, limit: u32) -> Result<Waiting> {
        let (rows, total) = sql::step_lines(&self.store.conn, reviews, limit.min(1_000))?;
        let steps = rows
            .into_iter()
            .filter_map(|(id, first, last, action, due_on, runs_on)| {
                Some(Ok(WaitingStep {
                    person: match crate::db::parse_id(&id) {
                        Ok(p) => p,
                        Err(e) => return Some(Err(e)),
                    },
                    name: format!("{first} {last}").trim().to_owned(),
                    action: RetentionAction::parse(&action)?,
                    due_on,
                    runs_on,
                }))
            })
            .collect::<Result<_>>()?;
        Ok(Waiting { steps, total })
    }

    /// Findings of some kinds (see `hygiene::reviews::kinds`), at most `limit` of them.
    pub fn findings(&self, kinds: &[&str], limit: u32) -> Result<Findings> {
        let (rows, total) = sql::findings(&self.store.conn, kinds, limit.min(1_000))?;
        let items = rows
            .into_iter()
            .map(|(id, kind, person, name, detail, found_at)| {
                Ok(Finding {
                    id,
                    kind,
                    person: person.as_deref().map(crate::db::parse_id).transpose()?,
                    name,
                    detail: serde_json::from_str(&detail).unwrap_or_default(),
                    found_at,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Findings { items, total })
    }

    /// The start screen: what needs doing today.
    pub fn today(&self) -> Result<Today> {
        let conn = &self.store.conn;
        let settings = self.hygiene_settings()?;
        let last = last_backup(self)?;
        let backup = BackupState {
            due: last
                .as_ref()
                .is_none_or(|(_, age)| *age >= i64::from(settings.backup_every_days)),
            age_days: last.as_ref().map(|(_, age)| *age),
            last_at: last.map(|(at, _)| at),
            folder: settings
                .backup_folder
                .as_ref()
                .map(|f| f.display().to_string()),
        };
        let integrity = match sql::job_run(conn, Job::Integrity.as_str())? {
            Some((at, outcome)) => {
                let counts: std::collections::BTreeMap<String, u64> =
                    serde_json::from_str(&outcome).unwrap_or_default();
                IntegrityState {
                    last_at: Some(at),
                    audit_problems: counts.get("audit_problems").copied().unwrap_or(0),
                    page_problems: counts.get("page_problems").copied().unwrap_or(0),
                }
            }
            None => IntegrityState {
                last_at: None,
                audit_problems: 0,
                page_problems: 0,
            },
        };
        Ok(Today {
            today: crate::clock::today(self.clock.as_ref()).to_string(),
            requests: self.request_summary()?,
            announced: self.waiting_steps(false, LINES_SHOWN)?,
            reviews: self.waiting_steps(true, LINES_SHOWN)?,
            duplicates: crate::duplicates::sql::count_pairs(conn)?,
            consents: self.findings(&kinds::CONSENT, LINES_SHOWN)?,
            quality: self.findings(&kinds::QUALITY, LINES_SHOWN)?,
            access: self.findings(&[kinds::ACCESS_REVIEW], LINES_SHOWN)?,
            backup,
            integrity,
            bin: shelf::sql::count_binned(conn)?,
            archived: shelf::sql::count_archived(conn)?,
            anonymised: sql::count_anonymised(conn)?,
            last_run: self.hygiene_runs(1)?.into_iter().next(),
            rules_to_review: !settings.rules_reviewed,
        })
    }
}
