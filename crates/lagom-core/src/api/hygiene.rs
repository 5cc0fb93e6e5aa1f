//! The command table's housekeeping commands: the start screen, runs and their reports,
//! retention rules and settings, waiting steps, findings and the recycle bin. Each calls
//! `crate::hygiene`, which owns the rules.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::session::{NoArgs, command};
use crate::OsEntropy;
use crate::hygiene::reviews::kinds;
use crate::hygiene::today::{Findings, Waiting};
use crate::hygiene::{
    Bin, HygieneSettings, RetentionRule, RetentionRules, RunOptions, RunReport, Today,
};
use crate::types::PersonRef;
use crate::{Error, Result};

fn default_limit() -> u32 {
    50
}

/// `hygiene.runs`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RunsArgs {
    /// At most this many, newest first (50 when not given).
    #[serde(default = "default_limit")]
    #[ts(as = "Option<u32>", optional)]
    pub limit: u32,
}

/// `retention.rules_set`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RulesArgs {
    /// Every rule; the ones not given are removed.
    pub rules: Vec<RetentionRule>,
}

/// `hygiene.steps`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct StepsArgs {
    /// The reviews, rather than the announced archives and erasures.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub reviews: bool,
    /// At most this many (50 when not given; at most 1,000).
    #[serde(default = "default_limit")]
    #[ts(as = "Option<u32>", optional)]
    pub limit: u32,
}

/// `hygiene.findings`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FindingsArgs {
    /// The kinds (`consent_old`, `consent_superseded`, `subscribed_without_consent`,
    /// `no_purpose`, `invalid_email`, `backup_due`, `integrity_problem`, `access_review`).
    pub kinds: Vec<String>,
    /// At most this many (50 when not given; at most 1,000).
    #[serde(default = "default_limit")]
    #[ts(as = "Option<u32>", optional)]
    pub limit: u32,
}

/// `hygiene.dismiss`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DismissArgs {
    /// The finding's id.
    pub finding: i64,
}

/// `hygiene.keep`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KeepArgs {
    /// The person's id or e-mail address.
    pub person: String,
}

/// `bin.list`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BinArgs {
    /// At most this many (50 when not given; at most 1,000).
    #[serde(default = "default_limit")]
    #[ts(as = "Option<u32>", optional)]
    pub limit: u32,
    /// Skipping this many.
    #[serde(default)]
    #[ts(as = "Option<u64>", optional)]
    pub offset: u64,
}

/// A person kept, or a finding dismissed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Kept {
    /// The person kept.
    pub person: Uuid,
}

/// A finding dismissed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Dismissed {
    /// The finding.
    pub finding: i64,
}

fn known_kinds(asked: &[String]) -> Result<Vec<&'static str>> {
    asked
        .iter()
        .map(|k| {
            kinds::ALL
                .iter()
                .find(|known| *known == k)
                .copied()
                .ok_or_else(|| {
                    Error::validation("kinds", format!("{k:?} is not a kind of finding"))
                })
        })
        .collect()
}

command! {
    /// The start screen: requests, waiting steps, consents to renew, data to fix, the last
    /// backup and integrity check, and what the last run did.
    HygieneToday = "hygiene.today", NoArgs => Today,
    |cx, _| cx.vault()?.today()
}

command! {
    /// Runs housekeeping: the jobs that are due (or all that are on), or a dry run.
    HygieneRun = "hygiene.run", RunOptions => RunReport,
    |cx, a| cx.vault()?.hygiene_run(&a, &mut OsEntropy)
}

command! {
    /// The newest housekeeping runs' reports.
    HygieneRuns = "hygiene.runs", RunsArgs => Vec<RunReport>,
    |cx, a| cx.vault()?.hygiene_runs(a.limit)
}

command! {
    /// How housekeeping runs: jobs, intervals, grace period, the bin's days, backups.
    HygieneSettingsGet = "hygiene.settings.get", NoArgs => HygieneSettings,
    |cx, _| cx.vault()?.hygiene_settings()
}

command! {
    /// Changes how housekeeping runs.
    HygieneSettingsSet = "hygiene.settings.set", HygieneSettings => HygieneSettings,
    |cx, a| cx.vault()?.set_hygiene_settings(&a)
}

command! {
    /// The waiting retention steps: reviews, or announced archives and erasures.
    HygieneSteps = "hygiene.steps", StepsArgs => Waiting,
    |cx, a| cx.vault()?.waiting_steps(a.reviews, a.limit)
}

command! {
    /// Keeps a person a retention step waits for; their activity clock starts again.
    HygieneKeep = "hygiene.keep", KeepArgs => Kept,
    |cx, a| Ok(Kept { person: cx.vault()?.keep_person(&PersonRef::parse(&a.person)?)? })
}

command! {
    /// What the review jobs found, of the kinds named.
    HygieneFindings = "hygiene.findings", FindingsArgs => Findings,
    |cx, a| cx.vault()?.findings(&known_kinds(&a.kinds)?, a.limit)
}

command! {
    /// Dismisses a finding the owner has dealt with.
    HygieneDismiss = "hygiene.dismiss", DismissArgs => Dismissed,
    |cx, a| {
        cx.vault()?.dismiss_finding(a.finding)?;
        Ok(Dismissed { finding: a.finding })
    }
}

command! {
    /// The retention rules, with their reasons.
    RetentionRulesGet = "retention.rules", NoArgs => RetentionRules,
    |cx, _| cx.vault()?.retention_rules()
}

command! {
    /// Replaces the retention rules.
    RetentionRulesSet = "retention.rules_set", RulesArgs => RetentionRules,
    |cx, a| cx.vault()?.set_retention_rules(&a.rules)
}

command! {
    /// Puts the suggested retention rules back.
    RetentionRulesReset = "retention.rules_reset", NoArgs => RetentionRules,
    |cx, _| cx.vault()?.reset_retention_rules()
}

command! {
    /// The recycle bin, most recently deleted first, with each person's purge day.
    BinList = "bin.list", BinArgs => Bin,
    |cx, a| cx.vault()?.bin(a.limit, a.offset)
}
