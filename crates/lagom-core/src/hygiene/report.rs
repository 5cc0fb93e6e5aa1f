//! What a housekeeping run reports: per job, whether it ran, what it did or would do, what
//! waits and what failed. Stored with the run (ids and counts, never names or values).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::hygiene::settings::Job;

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RunTrigger {
    /// The vault was unlocked (missed runs catch up here).
    Unlock,
    /// The app's timer, every few hours while the vault is open.
    Timer,
    /// The owner asked for a run now.
    Manual,
    /// `lagom hygiene run`, for an OS timer.
    Command,
}

impl RunTrigger {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RunTrigger::Unlock => "unlock",
            RunTrigger::Timer => "timer",
            RunTrigger::Manual => "manual",
            RunTrigger::Command => "command",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<Self> {
        [
            RunTrigger::Unlock,
            RunTrigger::Timer,
            RunTrigger::Manual,
            RunTrigger::Command,
        ]
        .into_iter()
        .find(|t| t.as_str() == text)
    }
}

/// How a job went in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// It ran (in a dry run: it worked out what it would do).
    Ran,
    /// Not due yet.
    NotDue,
    /// Turned off.
    Off,
    /// It stopped with an error; what it finished before stays done.
    Failed,
}

/// What a step did to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum StepDone {
    /// Listed for review.
    Reviewed,
    /// Announced: the step will be taken on its day unless the owner keeps them.
    Announced,
    /// An announced step withdrawn: the person was used again, or the rules changed.
    Withdrawn,
    /// Archived.
    Archived,
    /// Anonymised.
    Anonymised,
    /// Erased.
    Erased,
    /// Purged from the recycle bin (erased).
    Purged,
}

/// One person a job acted on, or would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonStep {
    /// The person's id (after an erasure it points at nothing).
    pub person: Uuid,
    /// What was (or would be) done.
    pub done: StepDone,
    /// The day the step is (or was) taken, for announcements and reviews.
    #[ts(optional = nullable)]
    pub on: Option<String>,
    /// The person's name while they are still in the vault (never stored with the run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    /// The pseudonym an erasure gave them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pseudonym: Option<String>,
}

/// A step that failed: who and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct StepFailure {
    /// The person, when the failure was about one.
    #[ts(optional = nullable)]
    pub person: Option<Uuid>,
    /// What went wrong.
    pub message: String,
}

/// One job's part of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct JobReport {
    /// The job.
    pub job: Job,
    /// How it went.
    pub status: JobStatus,
    /// Figures, by name (what was done, what waits, what was found).
    pub counts: BTreeMap<String, u64>,
    /// People acted on (or who would be), at most [`PEOPLE_SHOWN`].
    pub people: Vec<PersonStep>,
    /// What failed.
    pub failures: Vec<StepFailure>,
    /// The day it is next due, when it did not run for that reason.
    #[ts(optional = nullable)]
    pub next_due_on: Option<String>,
    /// How long it took, in milliseconds.
    #[serde(default)]
    pub took_ms: u64,
}

/// The most people a job's report lists (its counts cover all).
pub const PEOPLE_SHOWN: usize = 200;

impl JobReport {
    pub(crate) fn new(job: Job, status: JobStatus) -> Self {
        Self {
            job,
            status,
            counts: BTreeMap::new(),
            people: vec![],
            failures: vec![],
            next_due_on: None,
            took_ms: 0,
        }
    }

    pub(crate) fn count(&mut self, name: &str, n: u64) {
        *self.counts.entry(name.to_owned()).or_default() += n;
    }

    /// Whether the report lists as many people as it keeps.
    pub(crate) fn is_full(&self) -> bool {
        self.people.len() >= PEOPLE_SHOWN
    }

    pub(crate) fn person(&mut self, step: PersonStep) {
        if self.people.len() < PEOPLE_SHOWN {
            self.people.push(step);
        }
    }

    pub(crate) fn fail(&mut self, person: Option<Uuid>, message: String) {
        self.failures.push(StepFailure { person, message });
    }
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RunReport {
    /// The run's id (none for a dry run, which is not kept).
    #[ts(optional = nullable)]
    pub id: Option<Uuid>,
    /// Whether nothing was changed.
    pub dry_run: bool,
    /// What started it.
    pub trigger: RunTrigger,
    /// When it started (RFC 3339, UTC).
    pub started_at: String,
    /// When it ended; none when it never did (the process stopped).
    #[ts(optional = nullable)]
    pub finished_at: Option<String>,
    /// Each job's part.
    pub jobs: Vec<JobReport>,
}

impl RunReport {
    /// How many steps failed, over every job.
    pub fn failures(&self) -> usize {
        self.jobs.iter().map(|j| j.failures.len()).sum()
    }

    /// The run as stored: without names.
    pub(crate) fn stored(&self) -> String {
        let mut bare = self.clone();
        for job in &mut bare.jobs {
            for p in &mut job.people {
                p.name = None;
            }
        }
        serde_json::to_string(&bare).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Figures for the run's audit event: per job its status and counts.
    pub(crate) fn audit_detail(&self) -> serde_json::Value {
        let jobs: BTreeMap<&str, serde_json::Value> = self
            .jobs
            .iter()
            .map(|j| {
                (
                    j.job.as_str(),
                    serde_json::json!({
                        "status": j.status,
                        "counts": j.counts,
                        "failures": j.failures.len(),
                    }),
                )
            })
            .collect();
        serde_json::json!({ "trigger": self.trigger, "jobs": jobs })
    }
}
