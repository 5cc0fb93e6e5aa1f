//! The retention job: every person whose rules make a step due is listed a grace period
//! ahead ("will be archived on …"), then acted on, one person per transaction, so that a
//! crash leaves each person as before or after their step. Also the recycle bin's purge and
//! the owner's "keep".
//!
//! A destructive step (archive, anonymise, erase) is announced from `grace_days` before the
//! day its rule makes it due, and taken on that day, or `grace_days` after it was announced
//! if that is later: a vault left locked for weeks still gives the owner the whole grace
//! period. Any activity after the step was planned withdraws it. A review is listed from its
//! day until the owner keeps the person or acts.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use lagom_crypto::Entropy;
use uuid::Uuid;

use crate::audit::AuditKind;
use crate::clock::{stamp, start_of_day, stored_day};
use crate::erasure::{ErasureCause, erase_in};
use crate::hygiene::report::{JobReport, JobStatus, PersonStep, StepDone};
use crate::hygiene::rules::{RetentionAction, RuleBook};
use crate::hygiene::settings::{HygieneSettings, Job};
use crate::hygiene::sql::{self, Held, StepRow};
use crate::people::PersonStatus;
use crate::people::shelf::{self, ShelfCause};
use crate::people::sql as people_sql;
use crate::types::PersonRef;
use crate::vault::Vault;
use crate::{Error, Result};

/// Days of margin when choosing whom to read: month lengths make "so many months before"
/// a few days fuzzy; the rule book decides exactly.
const MARGIN_DAYS: u64 = 4;

fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// What retention wants for one person today.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted {
    /// Nothing waits.
    Nothing,
    /// A step waits (new, or as already announced).
    Step(StepRow),
}

/// Plans one person: the step they should have waiting today, given the one they have.
fn plan(
    book: &RuleBook,
    held: &Held,
    existing: Option<&StepRow>,
    today: NaiveDate,
    grace: u64,
    last_active: NaiveDate,
) -> Wanted {
    let Ok(status) = PersonStatus::parse(&held.status) else {
        return Wanted::Nothing;
    };
    let current = held.archived.then_some(RetentionAction::Archive);
    let Some((action, due)) = book.next_step(status, &held.purposes, last_active, current) else {
        return Wanted::Nothing;
    };
    let listed_from = if action.is_destructive() {
        due.checked_sub_days(Days::new(grace)).unwrap_or(due)
    } else {
        due
    };
    if today < listed_from {
        return Wanted::Nothing;
    }
    // The same step planned from the same activity keeps the day it was given.
    if let Some(e) = existing
        && e.action == action.as_str()
        && e.activity_at == held.last_activity_at
    {
        return Wanted::Step(e.clone());
    }
    let runs_on = if action.is_destructive() {
        due.max(today.checked_add_days(Days::new(grace)).unwrap_or(today))
    } else {
        due
    };
    Wanted::Step(StepRow {
        person_id: held.id.clone(),
        action: action.as_str().to_owned(),
        due_on: due.to_string(),
        announced_on: today.to_string(),
        runs_on: runs_on.to_string(),
        activity_at: held.last_activity_at.clone(),
    })
}

impl Vault {
    /// A person's line for `report`; their name is looked up only while the report still
    /// lists people (it keeps [`crate::hygiene::report::PEOPLE_SHOWN`]), not for every
    /// person a large run acts on.
    fn step_person(
        &self,
        report: &JobReport,
        id: &str,
        done: StepDone,
        on: Option<String>,
    ) -> Result<PersonStep> {
        let person = crate::db::parse_id(id)?;
        let name = (!report.is_full())
            .then(|| people_sql::find_person(&self.store.conn, &PersonRef::Id(person)).ok())
            .flatten()
            .map(|p| {
                format!("{} {}", p.details.first_name, p.details.last_name)
                    .trim()
                    .to_owned()
            });
        Ok(PersonStep {
            person,
            done,
            on,
            name,
            pseudonym: None,
        })
    }

    /// The retention job. With `dry_run` nothing is written and the report says what would
    /// be done.
    pub(crate) fn retention_job(
        &mut self,
        settings: &HygieneSettings,
        dry_run: bool,
        entropy: &mut impl Entropy,
    ) -> Result<JobReport> {
        let mut report = JobReport::new(Job::Retention, JobStatus::Ran);
        let book = RuleBook::new(&sql::rules(&self.store.conn)?);
        let today = crate::clock::today(self.clock.as_ref());
        let grace = u64::from(settings.grace_days);
        let Some(shortest) = book.shortest_months() else {
            return Ok(report);
        };
        // Whoever was last used before this may have a step listed today.
        let horizon = today
            .checked_add_days(Days::new(grace + MARGIN_DAYS))
            .and_then(|d| d.checked_sub_months(chrono::Months::new(shortest)))
            .ok_or_else(|| Error::Internal("the retention horizon is out of range".into()))?;
        let before = stamp(start_of_day(
            horizon,
            self.clock.offset_at(self.clock.now()),
        ));

        let mut existing: HashMap<String, StepRow> = sql::steps(&self.store.conn)?
            .into_iter()
            .map(|s| (s.person_id.clone(), s))
            .collect();
        let mut upserts = Vec::new();
        let mut due_now = Vec::new();
        sql::for_each_held(&self.store.conn, &before, |held| {
            let Some(last_active) = stored_day(self.clock.as_ref(), &held.last_activity_at) else {
                return Ok(());
            };
            let had = existing.remove(&held.id);
            match plan(&book, &held, had.as_ref(), today, grace, last_active) {
                Wanted::Nothing => {
                    if let Some(old) = had {
                        upserts.push((old, None));
                    }
                }
                Wanted::Step(step) => {
                    let runs_today = step.action != "review"
                        && parse_day(&step.runs_on).is_some_and(|d| d <= today);
                    if runs_today {
                        due_now.push(step.clone());
                    }
                    if had.as_ref() != Some(&step) {
                        upserts.push((step.clone(), Some(step)));
                    }
                }
            }
            Ok(())
        })?;
        // Steps of people no longer read (used again since, binned, gone) are withdrawn.
        let withdrawn: Vec<StepRow> = existing.into_values().collect();

        // Those taken today are reported as taken, not as announced.
        let due_ids: std::collections::HashSet<&str> =
            due_now.iter().map(|d| d.person_id.as_str()).collect();
        let mut announced = 0;
        let mut reviews = 0;
        let mut dropped = 0;
        for (row, new) in &upserts {
            match new {
                Some(step) if step.action == "review" => {
                    reviews += 1;
                    report.person(self.step_person(
                        &report,
                        &step.person_id,
                        StepDone::Reviewed,
                        Some(step.due_on.clone()),
                    )?);
                }
                Some(step) => {
                    announced += 1;
                    if !due_ids.contains(step.person_id.as_str()) {
                        report.person(self.step_person(
                            &report,
                            &step.person_id,
                            StepDone::Announced,
                            Some(step.runs_on.clone()),
                        )?);
                    }
                }
                None => {
                    dropped += 1;
                    report.person(self.step_person(
                        &report,
                        &row.person_id,
                        StepDone::Withdrawn,
                        None,
                    )?);
                }
            }
        }
        for row in &withdrawn {
            dropped += 1;
            report.person(self.step_person(&report, &row.person_id, StepDone::Withdrawn, None)?);
        }
        report.count("announced", announced);
        report.count("to_review", reviews);
        report.count("withdrawn", dropped);
        if !dry_run {
            self.write(|tx, _, _| {
                for (row, new) in &upserts {
                    match new {
                        Some(step) => sql::put_step(tx, step)?,
                        None => {
                            sql::drop_step(tx, &row.person_id)?;
                        }
                    }
                }
                for row in &withdrawn {
                    sql::drop_step(tx, &row.person_id)?;
                }
                Ok(())
            })?;
        }

        let mut erased_any = false;
        for step in due_now {
            let Some(action) = RetentionAction::parse(&step.action) else {
                continue;
            };
            let done = match action {
                RetentionAction::Review => continue,
                RetentionAction::Archive => StepDone::Archived,
                RetentionAction::Anonymise => StepDone::Anonymised,
                RetentionAction::Erase => StepDone::Erased,
            };
            let mut line =
                self.step_person(&report, &step.person_id, done, Some(step.runs_on.clone()))?;
            if dry_run {
                report.count(action.as_str(), 1);
                report.person(line);
                continue;
            }
            match self.take_step(&step, action, &book, grace, entropy) {
                Ok(Some(pseudonym)) => {
                    erased_any |= pseudonym.is_some();
                    line.pseudonym = pseudonym;
                    report.count(action.as_str(), 1);
                    report.person(line);
                }
                Ok(None) => report.count("withdrawn", 1),
                Err(e) => report.fail(Some(line.person), e.to_string()),
            }
        }
        if erased_any {
            self.after_erasures()?;
        }
        Ok(report)
    }

    /// Takes one announced step in its own transaction, after checking that it still
    /// holds (nobody used the person since it was planned). `Ok(None)`: it no longer holds
    /// and was withdrawn; `Ok(Some(pseudonym))`: taken (with the pseudonym of an erasure).
    fn take_step(
        &mut self,
        step: &StepRow,
        action: RetentionAction,
        book: &RuleBook,
        grace: u64,
        entropy: &mut impl Entropy,
    ) -> Result<Option<Option<String>>> {
        let plan_erasure = self.erasure_plan()?;
        let today = crate::clock::today(self.clock.as_ref());
        let clock = self.clock.clone();
        self.write(|tx, audit, ctx| {
            let still = match sql::held(tx, &step.person_id)? {
                Some(held) => match stored_day(clock.as_ref(), &held.last_activity_at) {
                    Some(day) => {
                        plan(book, &held, Some(step), today, grace, day)
                            == Wanted::Step(step.clone())
                    }
                    None => false,
                },
                None => false,
            };
            if !still {
                sql::drop_step(tx, &step.person_id)?;
                return Ok(None);
            }
            let id = crate::db::parse_id(&step.person_id)?;
            match action {
                RetentionAction::Review => Ok(None),
                RetentionAction::Archive => {
                    shelf::archive_in(tx, audit, ctx, id, ShelfCause::Retention)?;
                    sql::drop_step(tx, &step.person_id)?;
                    Ok(Some(None))
                }
                RetentionAction::Anonymise | RetentionAction::Erase => {
                    let person = people_sql::find_person(tx, &PersonRef::Id(id))?;
                    let cause = if action == RetentionAction::Anonymise {
                        ErasureCause::Anonymisation
                    } else {
                        ErasureCause::Retention
                    };
                    if action == RetentionAction::Erase {
                        let report = erase_in(
                            tx,
                            audit,
                            ctx,
                            &plan_erasure,
                            (&person, cause),
                            None,
                            entropy,
                        )?;
                        return Ok(Some(Some(report.pseudonym)));
                    }
                    // The figures are read before the rows go, under a key of the person's
                    // id that the erasure's pseudonym then replaces.
                    let placeholder = format!("pending-{}", step.person_id);
                    sql::keep_figures(tx, &step.person_id, &placeholder, &today.to_string())?;
                    let report = erase_in(
                        tx,
                        audit,
                        ctx,
                        &plan_erasure,
                        (&person, cause),
                        None,
                        entropy,
                    )?;
                    sql::name_figures(tx, &placeholder, &report.pseudonym)?;
                    audit.append(
                        tx,
                        ctx.event(
                            AuditKind::PersonAnonymised,
                            Some(("person", step.person_id.clone())),
                            serde_json::json!({ "pseudonym": report.pseudonym }),
                        ),
                    )?;
                    Ok(Some(Some(report.pseudonym)))
                }
            }
        })
    }

    /// The recycle bin's purge: everyone binned more than `bin_days` ago is erased, one
    /// person per transaction.
    pub(crate) fn bin_job(
        &mut self,
        settings: &HygieneSettings,
        dry_run: bool,
        entropy: &mut impl Entropy,
    ) -> Result<JobReport> {
        let mut report = JobReport::new(Job::Bin, JobStatus::Ran);
        let today = crate::clock::today(self.clock.as_ref());
        let cutoff = today
            .checked_sub_days(Days::new(u64::from(settings.bin_days)))
            .ok_or_else(|| Error::Internal("the bin's cutoff is out of range".into()))?;
        // Binned on the cutoff day or before: a full `bin_days` have passed.
        let before = stamp(start_of_day(
            cutoff.succ_opt().unwrap_or(cutoff),
            self.clock.offset_at(self.clock.now()),
        ));
        let due = shelf::sql::binned_before(&self.store.conn, &before)?;
        let plan = self.erasure_plan()?;
        let mut purged = 0;
        for id in due {
            let mut line = self.step_person(&report, &id, StepDone::Purged, None)?;
            if dry_run {
                purged += 1;
                report.person(line);
                continue;
            }
            let result = self.write(|tx, audit, ctx| {
                let person = people_sql::find_person(tx, &PersonRef::Id(line.person))?;
                // Restored since it was listed: nothing to purge.
                if shelf::sql::shelf_of(tx, &id)?.is_none_or(|(_, binned)| binned.is_none()) {
                    return Ok(None);
                }
                let r = erase_in(
                    tx,
                    audit,
                    ctx,
                    &plan,
                    (&person, ErasureCause::BinPurge),
                    None,
                    entropy,
                )?;
                Ok(Some(r.pseudonym))
            });
            match result {
                Ok(Some(pseudonym)) => {
                    purged += 1;
                    line.pseudonym = Some(pseudonym);
                    report.person(line);
                }
                Ok(None) => {}
                Err(e) => report.fail(Some(line.person), e.to_string()),
            }
        }
        report.count("purged", purged);
        if purged > 0 && !dry_run {
            self.after_erasures()?;
        }
        report.count("in_bin", shelf::sql::count_binned(&self.store.conn)?);
        Ok(report)
    }

    /// Keeps a person a step was waiting for: the step is dropped and their activity clock
    /// starts again, as if they had just been used. Audited.
    pub fn keep_person(&mut self, who: &PersonRef) -> Result<Uuid> {
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?;
            let id = person.id.to_string();
            let step = sql::step_of(tx, &id)?;
            let Some(step) = step else {
                return Err(Error::Conflict(
                    "no housekeeping step is waiting for this person".into(),
                ));
            };
            sql::drop_step(tx, &id)?;
            sql::touch(tx, &id, &ctx.now)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::HygieneKept,
                    Some(("person", id)),
                    serde_json::json!({ "step": step.action, "runs_on": step.runs_on }),
                ),
            )?;
            Ok(person.id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hygiene::rules::RetentionRule;

    const SALES: &str = "00000000-0000-7000-8000-000000000101";

    fn day(text: &str) -> NaiveDate {
        parse_day(text).expect("a date")
    }

    fn book() -> RuleBook {
        let purpose = Uuid::parse_str(SALES).expect("an id");
        RuleBook::new(&[
            RetentionRule {
                purpose,
                status: PersonStatus::Prospect,
                action: RetentionAction::Archive,
                after_months: 12,
            },
            RetentionRule {
                purpose,
                status: PersonStatus::Customer,
                action: RetentionAction::Review,
                after_months: 12,
            },
        ])
    }

    fn held(status: &str) -> Held {
        Held {
            id: "p1".into(),
            status: status.into(),
            last_activity_at: "2024-03-01T10:00:00.000Z".into(),
            archived: false,
            purposes: vec![SALES.into()],
        }
    }

    #[test]
    fn a_step_is_announced_a_grace_period_ahead_and_taken_on_its_day() {
        let (b, h, active) = (book(), held("prospect"), day("2024-03-01"));
        assert_eq!(
            plan(&b, &h, None, day("2025-02-14"), 14, active),
            Wanted::Nothing
        );
        let Wanted::Step(step) = plan(&b, &h, None, day("2025-02-15"), 14, active) else {
            panic!("announced 14 days ahead");
        };
        assert_eq!(
            (step.due_on.as_str(), step.runs_on.as_str()),
            ("2025-03-01", "2025-03-01")
        );
        // The next day the same step is kept as it was announced.
        assert_eq!(
            plan(&b, &h, Some(&step), day("2025-02-16"), 14, active),
            Wanted::Step(step.clone())
        );
    }

    #[test]
    fn a_step_found_late_still_gets_the_whole_grace_period() {
        let Wanted::Step(step) = plan(
            &book(),
            &held("prospect"),
            None,
            day("2025-06-10"),
            14,
            day("2024-03-01"),
        ) else {
            panic!("due long ago");
        };
        assert_eq!(step.announced_on, "2025-06-10");
        assert_eq!(step.runs_on, "2025-06-24");
    }

    #[test]
    fn a_review_is_listed_from_its_day_without_a_grace_period() {
        let (b, h, active) = (book(), held("customer"), day("2024-03-01"));
        assert_eq!(
            plan(&b, &h, None, day("2025-02-28"), 14, active),
            Wanted::Nothing
        );
        let Wanted::Step(step) = plan(&b, &h, None, day("2025-03-01"), 14, active) else {
            panic!("a review on its day");
        };
        assert_eq!(
            (step.action.as_str(), step.runs_on.as_str()),
            ("review", "2025-03-01")
        );
    }

    #[test]
    fn activity_after_the_announcement_replans_the_step() {
        let (b, h, active) = (book(), held("prospect"), day("2024-03-01"));
        let Wanted::Step(step) = plan(&b, &h, None, day("2025-02-20"), 14, active) else {
            panic!("announced");
        };
        let mut used = h;
        used.last_activity_at = "2025-02-25T09:00:00.000Z".into();
        assert_eq!(
            plan(
                &b,
                &used,
                Some(&step),
                day("2025-03-01"),
                14,
                day("2025-02-25")
            ),
            Wanted::Nothing
        );
    }
}
