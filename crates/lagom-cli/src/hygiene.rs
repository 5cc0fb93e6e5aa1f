//! `lagom hygiene …` and `lagom bin`: housekeeping from the terminal or an OS timer (cron,
//! a systemd timer), the start screen as text, retention rules and the recycle bin. Thin
//! over the core's housekeeping commands.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use lagom_core::api::{
    BinArgs, BinList, DismissArgs, FindingsArgs, HygieneDismiss, HygieneFindings, HygieneKeep,
    HygieneRun, HygieneRuns, HygieneSettingsGet, HygieneSettingsSet, HygieneSteps, HygieneToday,
    KeepArgs, ListsArgs, ListsGet, NoArgs, RetentionRulesGet, RetentionRulesReset,
    RetentionRulesSet, RulesArgs, RunsArgs, Session, StepsArgs,
};
use lagom_core::hygiene::today::{Findings, Waiting};
use lagom_core::hygiene::{
    Job, JobStatus, RetentionAction, RetentionRule, RunOptions, RunReport, RunTrigger, StepDone,
};
use lagom_core::people::PersonStatus;

use crate::error::CliError;
use crate::output::{Out, pad};

/// `lagom hygiene …`.
#[derive(Debug, Subcommand)]
pub enum HygieneCommand {
    /// Run the jobs that are due (retention, the bin, duplicates, consent and quality
    /// reviews, requests, backup, integrity, access). For an OS timer: `lagom hygiene run` once a day.
    Run(RunArgs),
    /// What needs doing today: requests, waiting steps, consents, data to fix, backups.
    Today,
    /// The newest runs and what they did.
    Runs {
        /// At most this many.
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// People waiting for an archive or erasure (or, with --reviews, a review).
    Steps {
        /// The people to review instead.
        #[arg(long)]
        reviews: bool,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Keep a person a retention step waits for: the step is dropped and their activity
    /// clock starts again.
    Keep {
        /// The person's id or e-mail address.
        person: String,
    },
    /// What the reviews found, by kind (consent_old, consent_superseded,
    /// subscribed_without_consent, no_purpose, invalid_email, backup_due,
    /// integrity_problem, access_review).
    Findings {
        /// The kinds; all when none are named.
        kinds: Vec<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Dismiss a finding you have dealt with.
    Dismiss {
        /// The finding's number.
        finding: i64,
    },
    /// Show or change the retention rules (purpose, status, step, months without activity).
    Rules(RulesCommandArgs),
    /// Show or change how housekeeping runs.
    Settings(SettingsArgs),
}

/// `lagom hygiene run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Say what would be done, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Run every job that is on, due or not.
    #[arg(long)]
    pub all: bool,
    /// Only this job (repeat for more).
    #[arg(long = "job", value_name = "JOB")]
    pub jobs: Vec<String>,
}

/// `lagom hygiene rules`.
#[derive(Debug, Args)]
pub struct RulesCommandArgs {
    /// Add or change a rule: PURPOSE:STATUS:STEP:MONTHS, as in
    /// "Sales and service:prospect:erase:24" (steps: review, archive, anonymise, erase).
    #[arg(long = "set", value_name = "RULE")]
    pub set: Vec<String>,
    /// Remove a rule: PURPOSE:STATUS:STEP.
    #[arg(long = "remove", value_name = "RULE")]
    pub remove: Vec<String>,
    /// Put the suggested rules back.
    #[arg(long, conflicts_with_all = ["set", "remove"])]
    pub reset: bool,
}

/// `lagom hygiene settings`.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Days between announcing an archive or erasure and doing it.
    #[arg(long)]
    pub grace_days: Option<u32>,
    /// Days a deleted person stays in the recycle bin.
    #[arg(long)]
    pub bin_days: Option<u32>,
    /// Months after which a marketing consent is listed for renewal.
    #[arg(long)]
    pub consent_age_months: Option<u32>,
    /// Days after which the last backup is too old.
    #[arg(long)]
    pub backup_every_days: Option<u32>,
    /// Write scheduled backups into this folder ("" for only a reminder).
    #[arg(long, value_name = "DIR")]
    pub backup_folder: Option<PathBuf>,
    /// Let the duplicate finder merge pairs it is sure of without asking (on/off).
    #[arg(long, value_name = "on|off")]
    pub auto_merge: Option<String>,
    /// A job's schedule: JOB=off, JOB=on or JOB=DAYS (every so many days).
    #[arg(long = "job", value_name = "JOB=…")]
    pub jobs: Vec<String>,
}

/// `lagom bin`.
#[derive(Debug, Args)]
pub struct BinCommandArgs {
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Skipping this many.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
}

fn job_named(text: &str) -> Result<Job, CliError> {
    Job::ALL
        .into_iter()
        .find(|j| j.as_str() == text.trim())
        .ok_or_else(|| {
            let names: Vec<_> = Job::ALL.iter().map(|j| j.as_str()).collect();
            CliError::Usage(format!(
                "{text:?} is not a job; the jobs are {}",
                names.join(", ")
            ))
        })
}

fn done_word(d: StepDone) -> &'static str {
    match d {
        StepDone::Reviewed => "to review",
        StepDone::Announced => "announced",
        StepDone::Withdrawn => "withdrawn",
        StepDone::Archived => "archived",
        StepDone::Anonymised => "anonymised",
        StepDone::Erased => "erased",
        StepDone::Purged => "purged from the bin",
    }
}

fn print_run(w: &mut dyn Write, r: &RunReport) -> std::io::Result<()> {
    let what = if r.dry_run {
        "Dry run: nothing was changed."
    } else {
        "Housekeeping run."
    };
    writeln!(w, "{what}")?;
    for job in &r.jobs {
        let status = match job.status {
            JobStatus::Ran => "ran",
            JobStatus::NotDue => "not due",
            JobStatus::Off => "off",
            JobStatus::Failed => "FAILED",
        };
        let counts: Vec<String> = job.counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let next = job
            .next_due_on
            .as_deref()
            .map(|d| format!(" (next {d})"))
            .unwrap_or_default();
        writeln!(
            w,
            "  {} {status}{next}  {}",
            pad(job.job.as_str(), 10),
            counts.join(", ")
        )?;
        for p in &job.people {
            let who = p.name.clone().unwrap_or_else(|| p.person.to_string());
            let on =
                p.on.as_deref()
                    .map(|d| format!(" on {d}"))
                    .unwrap_or_default();
            let pseudonym = p
                .pseudonym
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            writeln!(w, "      {}{on}  {who}{pseudonym}", done_word(p.done))?;
        }
        for f in &job.failures {
            let who = f.person.map(|p| format!("{p}: ")).unwrap_or_default();
            writeln!(w, "      failed: {who}{}", f.message)?;
        }
    }
    Ok(())
}

fn print_waiting(w: &mut dyn Write, title: &str, waiting: &Waiting) -> std::io::Result<()> {
    writeln!(w, "{title}: {}", waiting.total)?;
    for s in &waiting.steps {
        writeln!(
            w,
            "  {} {}  {}  {}",
            s.runs_on,
            pad(s.action.as_str(), 10),
            pad(&s.name, 30),
            s.person
        )?;
    }
    Ok(())
}

fn print_findings(w: &mut dyn Write, title: &str, f: &Findings) -> std::io::Result<()> {
    writeln!(w, "{title}: {}", f.total)?;
    for item in &f.items {
        let who = item.name.clone().unwrap_or_default();
        writeln!(w, "  #{:<6} {} {who}", item.id, pad(&item.kind, 28))?;
    }
    Ok(())
}

/// Reads PURPOSE:STATUS:STEP[:MONTHS], the purpose by name or id.
fn rule_parts(
    text: &str,
    purposes: &[(uuid::Uuid, String)],
    with_months: bool,
) -> Result<RetentionRule, CliError> {
    let parts: Vec<&str> = text.rsplitn(if with_months { 4 } else { 3 }, ':').collect();
    let shape = if with_months {
        "PURPOSE:STATUS:STEP:MONTHS"
    } else {
        "PURPOSE:STATUS:STEP"
    };
    let bad = || CliError::Usage(format!("a rule is {shape}, not {text:?}"));
    let (purpose, status, action, months) = match (with_months, parts.as_slice()) {
        (true, [m, a, s, p]) => (*p, *s, *a, m.trim().parse::<u32>().map_err(|_| bad())?),
        (false, [a, s, p]) => (*p, *s, *a, 0),
        _ => return Err(bad()),
    };
    let purpose = purposes
        .iter()
        .find(|(id, name)| {
            name.eq_ignore_ascii_case(purpose.trim()) || id.to_string() == purpose.trim()
        })
        .map(|(id, _)| *id)
        .ok_or_else(|| CliError::Usage(format!("no purpose is named {purpose:?}")))?;
    Ok(RetentionRule {
        purpose,
        status: PersonStatus::parse(status).map_err(|_| bad())?,
        action: RetentionAction::parse(action.trim()).ok_or_else(bad)?,
        after_months: months,
    })
}

pub fn run(session: &mut Session, c: &HygieneCommand, out: &Out) -> Result<(), CliError> {
    match c {
        HygieneCommand::Run(a) => {
            let options = RunOptions {
                trigger: RunTrigger::Command,
                dry_run: a.dry_run,
                all: a.all,
                jobs: a
                    .jobs
                    .iter()
                    .map(|j| job_named(j))
                    .collect::<Result<_, _>>()?,
            };
            let report = session.run::<HygieneRun>(options)?;
            out.emit(&report, |w| print_run(w, &report))?;
            if report.failures() > 0 {
                return Err(CliError::Failed(format!(
                    "{} step(s) of the run failed",
                    report.failures()
                )));
            }
            Ok(())
        }
        HygieneCommand::Today => {
            let t = session.run::<HygieneToday>(NoArgs {})?;
            out.emit(&t, |w| {
                writeln!(w, "Today, {}", t.today)?;
                writeln!(
                    w,
                    "Requests: {} open, {} overdue, {} due within a week",
                    t.requests.open, t.requests.overdue, t.requests.due_soon
                )?;
                for r in &t.requests.requests {
                    writeln!(
                        w,
                        "  {}  due {}  {} days left",
                        r.number,
                        r.due_on,
                        r.days_left.unwrap_or(0)
                    )?;
                }
                print_waiting(w, "Announced (archive, anonymise, erase)", &t.announced)?;
                print_waiting(w, "To review", &t.reviews)?;
                writeln!(
                    w,
                    "Likely duplicates to review: {} (lagom duplicates list)",
                    t.duplicates
                )?;
                print_findings(w, "Consents to renew", &t.consents)?;
                print_findings(w, "Data to fix", &t.quality)?;
                match (&t.backup.last_at, t.backup.age_days) {
                    (Some(at), Some(age)) => writeln!(w, "Last backup: {at} ({age} days ago)")?,
                    _ => writeln!(w, "Last backup: never")?,
                }
                if t.backup.due {
                    writeln!(w, "  A backup is due.")?;
                }
                match &t.integrity.last_at {
                    Some(at) => writeln!(
                        w,
                        "Last integrity check: {at}, {} audit problems, {} damaged pages",
                        t.integrity.audit_problems, t.integrity.page_problems
                    )?,
                    None => writeln!(w, "Last integrity check: never")?,
                }
                writeln!(w, "Recycle bin: {}   Archived: {}", t.bin, t.archived)?;
                if t.rules_to_review {
                    writeln!(w, "The suggested retention rules are in force: review them with `lagom hygiene rules`.")?;
                }
                match &t.last_run {
                    Some(r) => writeln!(
                        w,
                        "Last run: {} ({})",
                        r.started_at,
                        if r.finished_at.is_some() { "finished" } else { "did not finish" }
                    ),
                    None => writeln!(w, "Housekeeping has not run yet."),
                }
            })
        }
        HygieneCommand::Runs { limit } => {
            let runs = session.run::<HygieneRuns>(RunsArgs { limit: *limit })?;
            out.emit(&runs, |w| {
                for r in &runs {
                    writeln!(w, "{}  {:?}", r.started_at, r.trigger)?;
                    print_run(w, r)?;
                }
                Ok(())
            })
        }
        HygieneCommand::Steps { reviews, limit } => {
            let waiting = session.run::<HygieneSteps>(StepsArgs {
                reviews: *reviews,
                limit: *limit,
            })?;
            let title = if *reviews { "To review" } else { "Announced" };
            out.emit(&waiting, |w| print_waiting(w, title, &waiting))
        }
        HygieneCommand::Keep { person } => {
            let kept = session.run::<HygieneKeep>(KeepArgs {
                person: person.clone(),
            })?;
            out.emit(&kept, |w| {
                writeln!(
                    w,
                    "Kept {}; their activity clock starts again.",
                    kept.person
                )
            })
        }
        HygieneCommand::Findings { kinds, limit } => {
            let kinds = if kinds.is_empty() {
                lagom_core::hygiene::reviews::kinds::ALL
                    .iter()
                    .map(|k| (*k).to_owned())
                    .collect()
            } else {
                kinds.clone()
            };
            let found = session.run::<HygieneFindings>(FindingsArgs {
                kinds,
                limit: *limit,
            })?;
            out.emit(&found, |w| print_findings(w, "Findings", &found))
        }
        HygieneCommand::Dismiss { finding } => {
            let d = session.run::<HygieneDismiss>(DismissArgs { finding: *finding })?;
            out.emit(&d, |w| writeln!(w, "Dismissed #{}", d.finding))
        }
        HygieneCommand::Rules(a) => rules(session, a, out),
        HygieneCommand::Settings(a) => settings(session, a, out),
    }
}

fn rules(session: &mut Session, a: &RulesCommandArgs, out: &Out) -> Result<(), CliError> {
    let current = if a.reset {
        session.run::<RetentionRulesReset>(NoArgs {})?
    } else {
        session.run::<RetentionRulesGet>(NoArgs {})?
    };
    let result = if a.set.is_empty() && a.remove.is_empty() {
        current
    } else {
        let purposes: Vec<(uuid::Uuid, String)> = session
            .run::<ListsGet>(ListsArgs { archived: true })?
            .purposes
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let mut rules: Vec<RetentionRule> = current.rules.into_iter().map(|l| l.rule).collect();
        for text in &a.remove {
            let r = rule_parts(text, &purposes, false)?;
            let before = rules.len();
            rules.retain(|x| {
                !(x.purpose == r.purpose && x.status == r.status && x.action == r.action)
            });
            if rules.len() == before {
                return Err(CliError::Usage(format!("there is no rule {text:?}")));
            }
        }
        for text in &a.set {
            let r = rule_parts(text, &purposes, true)?;
            rules.retain(|x| {
                !(x.purpose == r.purpose && x.status == r.status && x.action == r.action)
            });
            rules.push(r);
        }
        session.run::<RetentionRulesSet>(RulesArgs { rules })?
    };
    out.emit(&result, |w| {
        if result.suggested {
            writeln!(w, "The suggested rules:")?;
        }
        for l in &result.rules {
            writeln!(
                w,
                "  {} {} {} after {:>3} months  {}",
                pad(&l.purpose_name, 22),
                pad(l.rule.status.as_str(), 16),
                pad(l.rule.action.as_str(), 10),
                l.rule.after_months,
                l.reason.text()
            )?;
        }
        Ok(())
    })
}

fn settings(session: &mut Session, a: &SettingsArgs, out: &Out) -> Result<(), CliError> {
    let mut s = session.run::<HygieneSettingsGet>(NoArgs {})?;
    let changing = a.grace_days.is_some()
        || a.bin_days.is_some()
        || a.consent_age_months.is_some()
        || a.backup_every_days.is_some()
        || a.backup_folder.is_some()
        || a.auto_merge.is_some()
        || !a.jobs.is_empty();
    if changing {
        if let Some(v) = a.grace_days {
            s.grace_days = v;
        }
        if let Some(v) = a.bin_days {
            s.bin_days = v;
        }
        if let Some(v) = a.consent_age_months {
            s.consent_max_age_months = v;
        }
        if let Some(v) = a.backup_every_days {
            s.backup_every_days = v;
        }
        if let Some(folder) = &a.backup_folder {
            s.backup_folder = (!folder.as_os_str().is_empty()).then(|| folder.clone());
        }
        if let Some(v) = &a.auto_merge {
            s.auto_merge = match v.as_str() {
                "on" | "yes" | "true" => true,
                "off" | "no" | "false" => false,
                _ => return Err(CliError::Usage("--auto-merge takes on or off".into())),
            };
        }
        for text in &a.jobs {
            let (name, value) = text.split_once('=').ok_or_else(|| {
                CliError::Usage(format!("--job takes JOB=on|off|DAYS, not {text:?}"))
            })?;
            let job = job_named(name)?;
            let mut schedule = s.schedule(job);
            match value.trim() {
                "on" => schedule.enabled = true,
                "off" => schedule.enabled = false,
                days => {
                    schedule.every_days = days.parse().map_err(|_| {
                        CliError::Usage(format!("--job takes JOB=on|off|DAYS, not {text:?}"))
                    })?;
                    schedule.enabled = true;
                }
            }
            s.jobs.insert(job, schedule);
        }
        s = session.run::<HygieneSettingsSet>(s)?;
    }
    out.emit(&s, |w| {
        writeln!(w, "Grace period: {} days", s.grace_days)?;
        writeln!(w, "Recycle bin: {} days", s.bin_days)?;
        writeln!(
            w,
            "Consents renewed after: {} months",
            s.consent_max_age_months
        )?;
        writeln!(w, "Backup every: {} days", s.backup_every_days)?;
        match &s.backup_folder {
            Some(f) => writeln!(w, "Backups written to: {}", f.display())?,
            None => writeln!(w, "Backups: a reminder only")?,
        }
        writeln!(
            w,
            "Automatic merges: {}",
            if s.auto_merge { "on" } else { "off" }
        )?;
        for job in Job::ALL {
            let sch = s.schedule(job);
            if sch.enabled {
                writeln!(
                    w,
                    "  {} every {} day(s)",
                    pad(job.as_str(), 10),
                    sch.every_days
                )?;
            } else {
                writeln!(w, "  {} off", pad(job.as_str(), 10))?;
            }
        }
        Ok(())
    })
}

pub fn bin(session: &mut Session, a: &BinCommandArgs, out: &Out) -> Result<(), CliError> {
    let bin = session.run::<BinList>(BinArgs {
        limit: a.limit,
        offset: a.offset,
    })?;
    out.emit(&bin, |w| {
        writeln!(
            w,
            "Recycle bin: {} (kept {} days, then erased)",
            bin.page.total, bin.bin_days
        )?;
        for (p, purge) in bin.page.people.iter().zip(&bin.purge_on) {
            let name = format!("{} {}", p.first_name, p.last_name);
            writeln!(
                w,
                "  {}  purged {purge}  {}  {}",
                &p.binned_at[..10.min(p.binned_at.len())],
                pad(name.trim(), 30),
                p.id
            )?;
        }
        Ok(())
    })
}
