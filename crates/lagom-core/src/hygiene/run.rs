//! A housekeeping run: every job that is on and due (or every job that is on, when asked),
//! one after the other; each job's failure is reported and the others still run. A real
//! run is kept with its report and ends with one `hygiene.run` audit event; the steps it
//! takes each have their own event. A dry run writes nothing.

use chrono::{Days, NaiveDate};
use lagom_crypto::Entropy;
use serde::Deserialize;
use uuid::Uuid;

use crate::Result;
use crate::audit::AuditKind;
use crate::clock::stamp;
use crate::hygiene::report::{JobReport, JobStatus, RunReport, RunTrigger};
use crate::hygiene::settings::{HygieneSettings, Job};
use crate::hygiene::sql;
use crate::vault::Vault;

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct RunOptions {
    /// What started the run.
    pub trigger: RunTrigger,
    /// Work out what would be done, and change nothing.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub dry_run: bool,
    /// Run every job that is on, due or not.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub all: bool,
    /// Only these jobs (all when empty).
    #[serde(default)]
    #[ts(as = "Option<Vec<Job>>", optional)]
    pub jobs: Vec<Job>,
}

impl Vault {
    /// The day a job is next due, from when it last ran; `None` when it never ran.
    pub(crate) fn job_due_on(
        &self,
        job: Job,
        settings: &HygieneSettings,
    ) -> Result<Option<NaiveDate>> {
        let Some((last, _)) = sql::job_run(&self.store.conn, job.as_str())? else {
            return Ok(None);
        };
        let Some(day) = crate::clock::stored_day(self.clock.as_ref(), &last) else {
            return Ok(None);
        };
        Ok(day.checked_add_days(Days::new(u64::from(settings.schedule(job).every_days))))
    }

    /// Runs housekeeping (see the module's documentation).
    pub fn hygiene_run(
        &mut self,
        options: &RunOptions,
        entropy: &mut impl Entropy,
    ) -> Result<RunReport> {
        let settings = self.hygiene_settings()?;
        let id = Uuid::now_v7();
        let started_at = stamp(self.clock.now());
        if !options.dry_run {
            let trigger = options.trigger.as_str();
            let run = id.to_string();
            self.write(|tx, _, _| sql::start_run(tx, &run, &started_at, trigger))?;
        }
        let today = crate::clock::today(self.clock.as_ref());
        let mut jobs = Vec::new();
        for job in Job::ALL {
            if !options.jobs.is_empty() && !options.jobs.contains(&job) {
                continue;
            }
            if !settings.schedule(job).enabled {
                jobs.push(JobReport::new(job, JobStatus::Off));
                continue;
            }
            let due_on = self.job_due_on(job, &settings)?;
            if !options.all && due_on.is_some_and(|d| d > today) {
                let mut r = JobReport::new(job, JobStatus::NotDue);
                r.next_due_on = due_on.map(|d| d.to_string());
                jobs.push(r);
                continue;
            }
            let began = std::time::Instant::now();
            let result = match job {
                Job::Retention => self.retention_job(&settings, options.dry_run, entropy),
                Job::Bin => self.bin_job(&settings, options.dry_run, entropy),
                Job::Duplicates => self.duplicates_job(&settings, options.dry_run),
                Job::Consent => self.consent_job(&settings, options.dry_run),
                Job::Quality => self.quality_job(options.dry_run),
                Job::Requests => self.requests_job(),
                Job::Backup => self.backup_job(&settings, options.dry_run),
                Job::Integrity => self.integrity_job(options.dry_run),
                Job::Access => self.access_job(options.dry_run),
            };
            let mut report = match result {
                Ok(r) => r,
                Err(e) => {
                    let mut r = JobReport::new(job, JobStatus::Failed);
                    r.fail(None, e.to_string());
                    r
                }
            };
            report.took_ms = u64::try_from(began.elapsed().as_millis()).unwrap_or(u64::MAX);
            if !options.dry_run && report.status == JobStatus::Ran {
                let outcome = serde_json::to_string(&report.counts).unwrap_or_default();
                let name = job.as_str();
                let at = stamp(self.clock.now());
                self.write(|tx, _, _| sql::set_job_run(tx, name, &at, &outcome))?;
            }
            jobs.push(report);
        }
        let mut report = RunReport {
            id: (!options.dry_run).then_some(id),
            dry_run: options.dry_run,
            trigger: options.trigger,
            started_at,
            finished_at: Some(stamp(self.clock.now())),
            jobs,
        };
        if !options.dry_run {
            let stored = report.stored();
            let detail = report.audit_detail();
            let run = id.to_string();
            let finished = report.finished_at.clone().unwrap_or_default();
            self.write(|tx, audit, ctx| {
                sql::finish_run(tx, &run, &finished, &stored)?;
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::HygieneRun,
                        Some(("hygiene_run", run.clone())),
                        detail,
                    ),
                )
            })?;
        } else {
            report.finished_at = Some(stamp(self.clock.now()));
        }
        Ok(report)
    }

    /// The newest runs' reports, newest first (at most `limit`).
    pub fn hygiene_runs(&self, limit: u32) -> Result<Vec<RunReport>> {
        sql::runs(&self.store.conn, limit.min(100))?
            .into_iter()
            .map(|(id, started_at, finished_at, trigger, report)| {
                let mut stored: RunReport = serde_json::from_str(&report).unwrap_or(RunReport {
                    id: None,
                    dry_run: false,
                    trigger: RunTrigger::Manual,
                    started_at: started_at.clone(),
                    finished_at: None,
                    jobs: vec![],
                });
                stored.id = Some(crate::db::parse_id(&id)?);
                stored.started_at = started_at;
                stored.finished_at = finished_at;
                stored.trigger = RunTrigger::parse(&trigger).unwrap_or(stored.trigger);
                Ok(stored)
            })
            .collect()
    }
}
