//! Housekeeping on a schedule: retention rules that act by themselves, reviews of consent
//! and data quality, backups and integrity checks, and the start screen that says what
//! needs doing.
//!
//! The vault is encrypted, so nothing runs while it is locked: the app runs housekeeping
//! when the vault is unlocked and every few hours while it stays open, and a job that was
//! due while the vault was locked runs at the next unlock. `lagom hygiene run` serves an OS
//! timer. Each job has its own interval and can be turned off ([`settings`]).
//!
//! - [`rules`]: what happens to people of a status held for a purpose after so many
//!   months without activity (the activity clock is kept by the database; see
//!   `people::shelf`).
//! - [`retention`]: destructive steps are announced a grace period ahead, taken one
//!   person per transaction, each with its audit event; the owner can keep anyone.
//! - [`reviews`] and [`upkeep`]: the jobs that list findings, write backups and check.
//! - [`run`] and [`report`]: a run, its report and its audit event. [`today`]: the start
//!   screen.

pub mod report;
pub mod retention;
pub mod reviews;
pub mod rules;
pub mod run;
pub mod settings;
pub(crate) mod sql;
pub mod today;
pub mod upkeep;

use serde::Serialize;

pub use report::{JobReport, JobStatus, PersonStep, RunReport, RunTrigger, StepDone};
pub use rules::{RetentionAction, RetentionRule, RuleLine, RuleReason, suggested_rules};
pub use run::RunOptions;
pub use settings::{HygieneSettings, Job, JobSchedule};
pub use today::Today;

use crate::audit::AuditKind;
use crate::db::lists;
use crate::people::shelf::BinPage;
use crate::vault::Vault;
use crate::{Error, Result};

/// The retention rules as the settings show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RetentionRules {
    /// Every rule, by purpose and status.
    pub rules: Vec<RuleLine>,
    /// Whether they are exactly the suggested ones.
    pub suggested: bool,
}

/// A page of the recycle bin with the day each person will be purged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Bin {
    /// The page.
    #[serde(flatten)]
    pub page: BinPage,
    /// Days a person stays in the bin.
    pub bin_days: u32,
    /// The day each person on the page is purged, in the page's order.
    pub purge_on: Vec<String>,
}

impl Vault {
    /// How housekeeping runs.
    pub fn hygiene_settings(&self) -> Result<HygieneSettings> {
        let stored = lists::setting(&self.store.conn, HygieneSettings::KEY)?;
        Ok(HygieneSettings::from_stored(stored.as_deref()))
    }

    /// Changes how housekeeping runs; a `settings.changed` event names what changed.
    /// Whether the rules were looked at is not taken from `new` (a stale copy must not undo
    /// it): only saving the rules sets it. A backup folder must be one a new backup folder may
    /// be made in: not the vault's own, not through a link, and under `lagom serve` inside the
    /// allowed folders.
    pub fn set_hygiene_settings(&mut self, new: &HygieneSettings) -> Result<HygieneSettings> {
        new.check()?;
        if let Some(folder) = &new.backup_folder {
            let probe = folder.join(format!(".lagom-backup-{}", uuid::Uuid::now_v7()));
            self.path_rules(false).check_new_folder(&probe)?;
        }
        let old = self.hygiene_settings()?;
        let mut new = new.clone();
        new.rules_reviewed = old.rules_reviewed;
        let new = &new;
        let text = serde_json::to_string(new)
            .map_err(|e| Error::Internal(format!("encoding the settings: {e}")))?;
        let changed = changed_fields(&old, new);
        self.write(|tx, audit, ctx| {
            lists::set_setting(tx, HygieneSettings::KEY, &text)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::SettingsChanged,
                    None,
                    serde_json::json!({ "keys": [HygieneSettings::KEY], "fields": changed }),
                ),
            )
        })?;
        self.hygiene_settings()
    }

    /// The retention rules, each with its purpose's name and reason.
    pub fn retention_rules(&self) -> Result<RetentionRules> {
        let conn = &self.store.conn;
        let names: std::collections::HashMap<String, String> =
            sql::purpose_names(conn)?.into_iter().collect();
        let suggested = suggested_rules();
        let stored = sql::rules(conn)?;
        let is_suggested = stored.len() == suggested.len()
            && stored.iter().all(|r| suggested.iter().any(|(s, _)| s == r));
        let rules = stored
            .into_iter()
            .map(|rule| {
                let found = suggested.iter().find(|(s, _)| *s == rule);
                let reason = suggested
                    .iter()
                    .find(|(s, _)| {
                        s.purpose == rule.purpose
                            && s.status == rule.status
                            && s.action == rule.action
                    })
                    .map_or(RuleReason::OwnersChoice, |(_, r)| *r);
                RuleLine {
                    purpose_name: names
                        .get(&rule.purpose.to_string())
                        .cloned()
                        .unwrap_or_default(),
                    suggested: found.is_some(),
                    reason: if found.is_some() {
                        reason
                    } else {
                        RuleReason::OwnersChoice
                    },
                    rule,
                }
            })
            .collect();
        Ok(RetentionRules {
            rules,
            suggested: is_suggested,
        })
    }

    /// Replaces the retention rules (checked whole; purposes must exist), and notes that the
    /// owner has looked at them. Steps already announced are planned again at the next run.
    pub fn set_retention_rules(&mut self, rules: &[RetentionRule]) -> Result<RetentionRules> {
        rules::check_rules(rules)?;
        let known: std::collections::HashSet<String> = sql::purpose_names(&self.store.conn)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        if let Some(r) = rules
            .iter()
            .find(|r| !known.contains(&r.purpose.to_string()))
        {
            return Err(Error::NotFound {
                kind: "purpose",
                id: r.purpose.to_string(),
            });
        }
        let mut settings = self.hygiene_settings()?;
        settings.rules_reviewed = true;
        let text = serde_json::to_string(&settings)
            .map_err(|e| Error::Internal(format!("encoding the settings: {e}")))?;
        self.write(|tx, audit, ctx| {
            sql::replace_rules(tx, rules)?;
            lists::set_setting(tx, HygieneSettings::KEY, &text)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::SettingsChanged,
                    None,
                    serde_json::json!({ "keys": ["retention_rules"], "rules": rules.len() }),
                ),
            )
        })?;
        self.retention_rules()
    }

    /// Puts the suggested retention rules back.
    pub fn reset_retention_rules(&mut self) -> Result<RetentionRules> {
        let rules: Vec<RetentionRule> = suggested_rules().into_iter().map(|(r, _)| r).collect();
        self.set_retention_rules(&rules)
    }

    /// Dismisses one finding (the owner has dealt with it); the job lists it again at its
    /// next run only if it still holds.
    pub fn dismiss_finding(&mut self, id: i64) -> Result<()> {
        self.write(|tx, _, _| {
            if sql::drop_finding(tx, id)? {
                Ok(())
            } else {
                Err(Error::NotFound {
                    kind: "finding",
                    id: id.to_string(),
                })
            }
        })
    }

    /// A page of the recycle bin with the day each person will be purged.
    pub fn bin(&self, limit: u32, offset: u64) -> Result<Bin> {
        let settings = self.hygiene_settings()?;
        let page = self.bin_page(limit, offset)?;
        let purge_on = page
            .people
            .iter()
            .map(|p| {
                crate::clock::stored_day(self.clock.as_ref(), &p.binned_at)
                    .and_then(|d| {
                        d.checked_add_days(chrono::Days::new(u64::from(settings.bin_days)))
                    })
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            })
            .collect();
        Ok(Bin {
            page,
            bin_days: settings.bin_days,
            purge_on,
        })
    }
}

/// The names of the settings that differ, for the audit event.
fn changed_fields(old: &HygieneSettings, new: &HygieneSettings) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return vec![];
    };
    b.iter()
        .filter(|(k, v)| a.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}
