//! The jobs that look and list, and change nothing in the register: consents to renew,
//! data quality, requests near their deadline, and who can open the vault. Each replaces
//! what it found last time, so a finding dealt with does not come back.

use chrono::{DateTime, Months, Utc};

use crate::hygiene::report::{JobReport, JobStatus};
use crate::hygiene::settings::{HygieneSettings, Job};
use crate::hygiene::sql::{self, NewFinding};
use crate::vault::Vault;
use crate::{Error, Result};

/// The most findings of one kind kept to list; the job's counts cover all of them.
const FINDINGS_KEPT: usize = 1_000;

/// Kinds of findings, as stored and as the app names them.
pub mod kinds {
    /// A consent older than the set age.
    pub const CONSENT_OLD: &str = "consent_old";
    /// A consent given on a text that has a newer version.
    pub const CONSENT_SUPERSEDED: &str = "consent_superseded";
    /// On a subscription without a consent in force for its purpose.
    pub const SUBSCRIBED_WITHOUT_CONSENT: &str = "subscribed_without_consent";
    /// No purpose or legal basis recorded.
    pub const NO_PURPOSE: &str = "no_purpose";
    /// An e-mail address that is not valid.
    pub const INVALID_EMAIL: &str = "invalid_email";
    /// The last backup is too old, or there is none.
    pub const BACKUP_DUE: &str = "backup_due";
    /// The audit trail or the database's pages have problems.
    pub const INTEGRITY_PROBLEM: &str = "integrity_problem";
    /// Who can open the vault, to confirm.
    pub const ACCESS_REVIEW: &str = "access_review";
    /// The consent review's kinds.
    pub const CONSENT: [&str; 3] = [CONSENT_OLD, CONSENT_SUPERSEDED, SUBSCRIBED_WITHOUT_CONSENT];
    /// The data-quality review's kinds.
    pub const QUALITY: [&str; 2] = [NO_PURPOSE, INVALID_EMAIL];
    /// Every kind.
    pub const ALL: [&str; 8] = [
        CONSENT_OLD,
        CONSENT_SUPERSEDED,
        SUBSCRIBED_WITHOUT_CONSENT,
        NO_PURPOSE,
        INVALID_EMAIL,
        BACKUP_DUE,
        INTEGRITY_PROBLEM,
        ACCESS_REVIEW,
    ];
}

/// Adds a finding, counting every one but keeping at most [`FINDINGS_KEPT`] of a kind.
fn found(
    list: &mut Vec<NewFinding>,
    report: &mut JobReport,
    kind: &'static str,
    person: Option<String>,
    detail: serde_json::Value,
) {
    report.count(kind, 1);
    if report.counts.get(kind).copied().unwrap_or(0) <= FINDINGS_KEPT as u64 {
        list.push(NewFinding {
            kind,
            person,
            detail,
        });
    }
}

impl Vault {
    /// Stores what a job found (unless a dry run), in one transaction.
    pub(crate) fn store_findings(
        &mut self,
        job: Job,
        findings: &[NewFinding],
        dry_run: bool,
    ) -> Result<()> {
        if dry_run {
            return Ok(());
        }
        self.write(|tx, _, ctx| sql::replace_findings(tx, job.as_str(), findings, &ctx.now))
    }

    /// Consents to renew: older than the set age, given on a superseded text, or missing
    /// for a subscription someone is on.
    pub(crate) fn consent_job(
        &mut self,
        settings: &HygieneSettings,
        dry_run: bool,
    ) -> Result<JobReport> {
        let mut report = JobReport::new(Job::Consent, JobStatus::Ran);
        let mut list = Vec::new();
        let now = self.clock.now();
        let cutoff = now
            .checked_sub_months(Months::new(settings.consent_max_age_months))
            .ok_or_else(|| Error::Internal("the consent cutoff is out of range".into()))?;
        sql::consents_in_force(
            &self.store.conn,
            |(person, purpose, given_at, version, newest)| {
                let old = DateTime::parse_from_rfc3339(&given_at)
                    .map(|t| t.with_timezone(&Utc) < cutoff)
                    // A date without a time (given "on a day").
                    .unwrap_or_else(|_| given_at.as_str() < crate::clock::stamp(cutoff).as_str());
                if old {
                    found(
                        &mut list,
                        &mut report,
                        kinds::CONSENT_OLD,
                        Some(person.clone()),
                        serde_json::json!({ "purpose": purpose, "given_at": given_at }),
                    );
                }
                if let (Some(v), Some(n)) = (version, newest)
                    && v < n
                {
                    found(
                        &mut list,
                        &mut report,
                        kinds::CONSENT_SUPERSEDED,
                        Some(person),
                        serde_json::json!({ "purpose": purpose, "version": v, "newest": n }),
                    );
                }
                Ok(())
            },
        )?;
        for (person, subscription) in sql::subscribed_without_consent(&self.store.conn)? {
            found(
                &mut list,
                &mut report,
                kinds::SUBSCRIBED_WITHOUT_CONSENT,
                Some(person),
                serde_json::json!({ "subscription": subscription }),
            );
        }
        self.store_findings(Job::Consent, &list, dry_run)?;
        Ok(report)
    }

    /// Data quality: people held with no purpose or legal basis, and e-mail addresses that
    /// are not valid.
    pub(crate) fn quality_job(&mut self, dry_run: bool) -> Result<JobReport> {
        let mut report = JobReport::new(Job::Quality, JobStatus::Ran);
        let mut list = Vec::new();
        for person in sql::without_purpose(&self.store.conn)? {
            found(
                &mut list,
                &mut report,
                kinds::NO_PURPOSE,
                Some(person),
                serde_json::json!({}),
            );
        }
        sql::for_each_email(&self.store.conn, |person, email| {
            if crate::people::normalise_email(Some(&email)).is_err() {
                found(
                    &mut list,
                    &mut report,
                    kinds::INVALID_EMAIL,
                    Some(person),
                    serde_json::json!({}),
                );
            }
            Ok(())
        })?;
        self.store_findings(Job::Quality, &list, dry_run)?;
        Ok(report)
    }

    /// The register-wide duplicate search: the review queue filled again, sure pairs merged
    /// unasked only when the owner turned that on. A dry run only says that it would search:
    /// the search changes nothing but the queue, and at a million people it is the longest
    /// part of a run.
    pub(crate) fn duplicates_job(
        &mut self,
        settings: &HygieneSettings,
        dry_run: bool,
    ) -> Result<JobReport> {
        let mut report = JobReport::new(Job::Duplicates, JobStatus::Ran);
        if dry_run {
            report.count("would_search", 1);
            if settings.auto_merge {
                report.count("would_merge_sure_pairs", 1);
            }
            return Ok(report);
        }
        let auto_merge = settings.auto_merge;
        let summary =
            self.write(|tx, audit, ctx| crate::duplicates::refresh(tx, audit, ctx, auto_merge))?;
        report.count("people", summary.people);
        report.count("pairs", summary.pairs);
        report.count("new_pairs", summary.new_pairs);
        report.count("dismissed", summary.dismissed);
        report.count("merged", summary.merged);
        Ok(report)
    }

    /// Requests near or past their deadline, in figures (the start screen lists them from
    /// the register itself).
    pub(crate) fn requests_job(&mut self) -> Result<JobReport> {
        let mut report = JobReport::new(Job::Requests, JobStatus::Ran);
        let summary = self.request_summary()?;
        report.count("open", summary.open);
        report.count("overdue", summary.overdue);
        report.count("due_soon", summary.due_soon);
        Ok(report)
    }

    /// Who can open the vault: every user with a key slot, for the owner to confirm.
    pub(crate) fn access_job(&mut self, dry_run: bool) -> Result<JobReport> {
        let mut report = JobReport::new(Job::Access, JobStatus::Ran);
        let header = crate::vault::read_header(&self.paths)?;
        let slots: Vec<String> = header
            .slots()
            .iter()
            .map(|s| uuid::Uuid::from_bytes(s.user_id).to_string())
            .collect();
        let users: Vec<serde_json::Value> = sql::users(&self.store.conn)?
            .into_iter()
            .filter(|(id, _, _)| slots.contains(id))
            .map(|(id, name, role)| serde_json::json!({ "id": id, "name": name, "role": role }))
            .collect();
        report.count("users", users.len() as u64);
        report.count("key_slots", slots.len() as u64);
        let list = vec![NewFinding {
            kind: kinds::ACCESS_REVIEW,
            person: None,
            detail: serde_json::json!({ "users": users, "key_slots": slots.len() }),
        }];
        self.store_findings(Job::Access, &list, dry_run)?;
        Ok(report)
    }
}
