//! The jobs that look after the vault itself: a backup when the last one is too old
//! (written to the chosen folder, or a reminder), and a check of the audit trail and of
//! every page of the database.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::Result;
use crate::hygiene::report::{JobReport, JobStatus};
use crate::hygiene::reviews::kinds;
use crate::hygiene::settings::{HygieneSettings, Job};
use crate::hygiene::sql::{self, NewFinding};
use crate::vault::Vault;

/// The folder a scheduled backup of `day` goes to inside `folder`: the first of
/// `lagom-backup-DAY`, `lagom-backup-DAY-2`, … that does not exist yet.
fn backup_target(folder: &Path, day: &str) -> PathBuf {
    let first = folder.join(format!("lagom-backup-{day}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| folder.join(format!("lagom-backup-{day}-{n}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// The last backup's time and its age in whole days, if there ever was one.
pub(crate) fn last_backup(vault: &Vault) -> Result<Option<(String, i64)>> {
    let Some(at) = sql::last_event_at(&vault.store.conn, "backup.created")? else {
        return Ok(None);
    };
    let age = DateTime::parse_from_rfc3339(&at)
        .map(|t| (vault.clock.now() - t.with_timezone(&Utc)).num_days())
        .unwrap_or(i64::MAX);
    Ok(Some((at, age)))
}

impl Vault {
    /// The backup job: nothing while the last backup is recent; otherwise a backup into the
    /// chosen folder, or (with none chosen, or when writing fails) a reminder.
    pub(crate) fn backup_job(
        &mut self,
        settings: &HygieneSettings,
        dry_run: bool,
    ) -> Result<JobReport> {
        let mut report = JobReport::new(Job::Backup, JobStatus::Ran);
        let last = last_backup(self)?;
        let age = last.as_ref().map(|(_, age)| *age);
        if let Some(age) = age {
            report.count("age_days", age.max(0) as u64);
        }
        let due = age.is_none_or(|a| a >= i64::from(settings.backup_every_days));
        let mut list = Vec::new();
        if due {
            match (&settings.backup_folder, dry_run) {
                (Some(_), true) => report.count("would_write", 1),
                (Some(folder), false) => {
                    let day = crate::clock::today(self.clock.as_ref()).to_string();
                    let target = backup_target(folder, &day);
                    match self.backup(&target) {
                        Ok(_) => report.count("written", 1),
                        Err(e) => {
                            report.fail(None, e.to_string());
                            list.push(NewFinding {
                                kind: kinds::BACKUP_DUE,
                                person: None,
                                detail: serde_json::json!({
                                    "last_at": last.as_ref().map(|(at, _)| at),
                                    "failed": e.to_string(),
                                }),
                            });
                        }
                    }
                }
                (None, _) => {
                    report.count("reminded", 1);
                    list.push(NewFinding {
                        kind: kinds::BACKUP_DUE,
                        person: None,
                        detail: serde_json::json!({ "last_at": last.as_ref().map(|(at, _)| at) }),
                    });
                }
            }
        }
        self.store_findings(Job::Backup, &list, dry_run)?;
        Ok(report)
    }

    /// The integrity job: `verify` over the whole audit trail and a check of every page.
    /// A dry run only says that the check would run: it changes nothing either way, and
    /// reading every page of a large vault is the longest part of a run.
    pub(crate) fn integrity_job(&mut self, dry_run: bool) -> Result<JobReport> {
        let mut report = JobReport::new(Job::Integrity, JobStatus::Ran);
        if dry_run {
            report.count("would_check", 1);
            return Ok(report);
        }
        let audit = self.verify_audit()?;
        let pages = self.check_integrity()?;
        let trail = audit.problems.len() as u64;
        report.count("audit_events", audit.events);
        report.count("audit_problems", trail);
        report.count("page_problems", pages.len() as u64);
        let mut list = Vec::new();
        if trail > 0 || !pages.is_empty() {
            list.push(NewFinding {
                kind: kinds::INTEGRITY_PROBLEM,
                person: None,
                detail: serde_json::json!({
                    "audit_problems": trail,
                    "page_problems": pages.len(),
                    "pages": pages.iter().take(20).collect::<Vec<_>>(),
                }),
            });
        }
        self.store_findings(Job::Integrity, &list, dry_run)?;
        Ok(report)
    }
}
