//! How housekeeping runs: which jobs, how often, the grace period, the recycle bin's time,
//! and where scheduled backups go. Kept as one JSON value in the vault's settings.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// One of the jobs a housekeeping run can do.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// Retention rules: announce, then archive, anonymise or erase; list people to review.
    Retention,
    /// Purge people whose time in the recycle bin is up, through erasure.
    Bin,
    /// Search the whole register for likely duplicates and fill the review queue (merging
    /// sure pairs unasked only with `auto_merge`).
    Duplicates,
    /// Consents to renew: old, given on a superseded text, or missing for a subscription.
    Consent,
    /// Data quality: people without a purpose, invalid e-mail addresses.
    Quality,
    /// Requests near or past their deadline.
    Requests,
    /// The last backup's age; a backup written to the chosen folder when due.
    Backup,
    /// The audit trail verified and every page of the database checked.
    Integrity,
    /// Who can open the vault.
    Access,
}

impl Job {
    /// Every job, in the order a run does them.
    pub const ALL: [Job; 9] = [
        Job::Integrity,
        Job::Backup,
        Job::Bin,
        Job::Retention,
        Job::Duplicates,
        Job::Consent,
        Job::Quality,
        Job::Requests,
        Job::Access,
    ];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Job::Retention => "retention",
            Job::Bin => "bin",
            Job::Duplicates => "duplicates",
            Job::Consent => "consent",
            Job::Quality => "quality",
            Job::Requests => "requests",
            Job::Backup => "backup",
            Job::Integrity => "integrity",
            Job::Access => "access",
        }
    }

    /// Every how many days the job runs unless set otherwise.
    pub fn default_every_days(self) -> u32 {
        match self {
            Job::Retention | Job::Bin | Job::Requests | Job::Backup => 1,
            Job::Duplicates | Job::Consent | Job::Quality | Job::Integrity => 7,
            Job::Access => 90,
        }
    }
}

/// A job's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct JobSchedule {
    /// Whether it runs at all.
    pub enabled: bool,
    /// Every how many days (1–365).
    pub every_days: u32,
}

/// How housekeeping runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct HygieneSettings {
    /// Days between announcing a destructive step and taking it (0–365; 14 unless set).
    pub grace_days: u32,
    /// Days a person stays in the recycle bin before being erased (1–365; 30 unless set).
    pub bin_days: u32,
    /// A marketing consent older than this many months is listed for renewal (1–120).
    pub consent_max_age_months: u32,
    /// Days after which the last backup is too old (1–365; 7 unless set).
    pub backup_every_days: u32,
    /// Where scheduled backups are written; none: only a reminder.
    #[ts(optional = nullable)]
    pub backup_folder: Option<PathBuf>,
    /// Whether pairs the duplicate finder is sure of may be merged without asking.
    pub auto_merge: bool,
    /// Each job's schedule; a job not named keeps its default.
    #[ts(as = "BTreeMap<Job, JobSchedule>")]
    pub jobs: BTreeMap<Job, JobSchedule>,
    /// Whether the owner has looked at the retention rules (the start screen asks until
    /// then).
    pub rules_reviewed: bool,
}

impl Default for HygieneSettings {
    fn default() -> Self {
        Self {
            grace_days: 14,
            bin_days: 30,
            consent_max_age_months: 24,
            backup_every_days: 7,
            backup_folder: None,
            auto_merge: false,
            jobs: Job::ALL
                .into_iter()
                .map(|j| {
                    (
                        j,
                        JobSchedule {
                            enabled: true,
                            every_days: j.default_every_days(),
                        },
                    )
                })
                .collect(),
            rules_reviewed: false,
        }
    }
}

impl HygieneSettings {
    /// The settings key they are kept under.
    pub(crate) const KEY: &'static str = "hygiene.settings";

    /// A job's schedule.
    pub fn schedule(&self, job: Job) -> JobSchedule {
        self.jobs.get(&job).copied().unwrap_or(JobSchedule {
            enabled: true,
            every_days: job.default_every_days(),
        })
    }

    /// Reads stored settings; anything unreadable (edited by hand) falls back to the
    /// defaults, and jobs not named get theirs.
    pub(crate) fn from_stored(text: Option<&str>) -> Self {
        let mut s: HygieneSettings = text
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        for job in Job::ALL {
            s.jobs.entry(job).or_insert(JobSchedule {
                enabled: true,
                every_days: job.default_every_days(),
            });
        }
        s
    }

    /// Checks every value's range.
    pub fn check(&self) -> Result<()> {
        let range = |field: &'static str, value: u32, low: u32, high: u32| {
            if (low..=high).contains(&value) {
                Ok(())
            } else {
                Err(Error::validation(
                    field,
                    format!("must be between {low} and {high}"),
                ))
            }
        };
        range("grace_days", self.grace_days, 0, 365)?;
        range("bin_days", self.bin_days, 1, 365)?;
        range(
            "consent_max_age_months",
            self.consent_max_age_months,
            1,
            120,
        )?;
        range("backup_every_days", self.backup_every_days, 1, 365)?;
        for schedule in self.jobs.values() {
            range("every_days", schedule.every_days, 1, 365)?;
        }
        if let Some(folder) = &self.backup_folder
            && !folder.is_absolute()
        {
            return Err(Error::validation(
                "backup_folder",
                "give the folder's full path",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_settings_fill_in_jobs_not_named_and_bad_text_gives_the_defaults() {
        let s = HygieneSettings::from_stored(Some(
            r#"{"grace_days": 3, "jobs": {"quality": {"enabled": false, "every_days": 2}}}"#,
        ));
        assert_eq!(s.grace_days, 3);
        assert!(!s.schedule(Job::Quality).enabled);
        assert_eq!(s.schedule(Job::Access).every_days, 90);
        assert_eq!(
            HygieneSettings::from_stored(Some("not json")),
            HygieneSettings::default()
        );
    }

    #[test]
    fn values_out_of_range_are_refused() {
        let mut s = HygieneSettings::default();
        s.check().expect("defaults are valid");
        s.bin_days = 0;
        assert!(s.check().is_err());
        let s = HygieneSettings {
            backup_folder: Some(PathBuf::from("relative/folder")),
            ..Default::default()
        };
        assert!(s.check().is_err());
    }
}
