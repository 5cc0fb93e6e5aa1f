//! Retention rules: for each purpose and person status, what happens after how many months
//! without activity.
//!
//! A person held for several purposes is acted on only when every one of them has a rule
//! that is due, and then with the mildest of those steps: as long as one purpose still
//! justifies keeping the data in use, it stays. A purpose with no rule for the person's
//! status keeps them until the owner decides.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::people::PersonStatus;
use crate::{Error, Result};

/// What a retention rule does, mildest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum RetentionAction {
    /// The person is listed for the owner to look at; nothing changes by itself.
    Review,
    /// Kept, but out of lists, default searches and marketing; can be undone.
    Archive,
    /// Erased, keeping only figures for statistics that identify no one.
    Anonymise,
    /// Erased through the Art. 17 path and its ledger.
    Erase,
}

impl RetentionAction {
    /// Every action, mildest first.
    pub const ALL: [RetentionAction; 4] = [
        RetentionAction::Review,
        RetentionAction::Archive,
        RetentionAction::Anonymise,
        RetentionAction::Erase,
    ];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RetentionAction::Review => "review",
            RetentionAction::Archive => "archive",
            RetentionAction::Anonymise => "anonymise",
            RetentionAction::Erase => "erase",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// Whether the step changes the register by itself, and so is announced a grace
    /// period ahead.
    pub fn is_destructive(self) -> bool {
        self != RetentionAction::Review
    }
}

/// Why a suggested rule is what it is, in one line (the app shows it in the reader's
/// language by this code; [`RuleReason::text`] is the English).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleReason {
    /// A lead gone quiet.
    StaleLead,
    /// A lead never won.
    LeadNeverWon,
    /// A customer gone quiet.
    QuietCustomer,
    /// A former customer leaves daily work.
    FormerCustomerArchived,
    /// Claims are time-barred.
    ClaimsTimeBarred,
    /// A partner contact may have moved on.
    PartnerContact,
    /// Someone of no set relation.
    UnclearRelation,
    /// Marketing data lives only as long as fresh consent.
    MarketingConsentAge,
    /// Bookkeeping lets the other purposes decide.
    BookkeepingOwnClock,
    /// The owner's own rule.
    OwnersChoice,
}

impl RuleReason {
    /// The reason in English.
    pub fn text(self) -> &'static str {
        match self {
            RuleReason::StaleLead => "A lead with no contact for a year is no longer a lead.",
            RuleReason::LeadNeverWon => {
                "Nothing justifies keeping a lead who never became a customer."
            }
            RuleReason::QuietCustomer => {
                "A customer silent this long may no longer be one: check before keeping them."
            }
            RuleReason::FormerCustomerArchived => {
                "Former customers leave the daily lists, but stay for questions and claims."
            }
            RuleReason::ClaimsTimeBarred => {
                "After three years most claims are time-barred; invoices stay under the bookkeeping law."
            }
            RuleReason::PartnerContact => {
                "Check that a partner's contact is still the right person."
            }
            RuleReason::UnclearRelation => "Check why someone of no set relation is still here.",
            RuleReason::MarketingConsentAge => {
                "Marketing data is kept only while the consent behind it is fresh."
            }
            RuleReason::BookkeepingOwnClock => {
                "Invoices keep their own clock under the bookkeeping law; the rest may go."
            }
            RuleReason::OwnersChoice => "A rule the business set itself.",
        }
    }
}

/// One retention rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct RetentionRule {
    /// The purpose's id.
    pub purpose: Uuid,
    /// The people's status.
    pub status: PersonStatus,
    /// What happens.
    pub action: RetentionAction,
    /// After how many months without activity (1–600).
    pub after_months: u32,
}

/// A rule as the settings show it: with its purpose's name and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RuleLine {
    /// The rule.
    #[serde(flatten)]
    pub rule: RetentionRule,
    /// The purpose's name.
    pub purpose_name: String,
    /// Why: the suggestion's reason, or the owner's choice.
    pub reason: RuleReason,
    /// Whether it is exactly a suggested rule.
    pub suggested: bool,
}

/// The longest period a rule may wait.
pub const MAX_MONTHS: u32 = 600;

const SALES: &str = "00000000-0000-7000-8000-000000000101";
const RELATIONSHIP: &str = "00000000-0000-7000-8000-000000000102";
const MARKETING: &str = "00000000-0000-7000-8000-000000000103";
const BOOKKEEPING: &str = "00000000-0000-7000-8000-000000000104";

/// The suggested rules (the ones a new vault starts with), each with its reason.
pub fn suggested_rules() -> Vec<(RetentionRule, RuleReason)> {
    use PersonStatus as S;
    use RetentionAction as A;
    use RuleReason as R;
    let table: [(&str, S, A, u32, R); 22] = [
        (SALES, S::Prospect, A::Archive, 12, R::StaleLead),
        (SALES, S::Prospect, A::Erase, 24, R::LeadNeverWon),
        (SALES, S::Customer, A::Review, 36, R::QuietCustomer),
        (
            SALES,
            S::FormerCustomer,
            A::Archive,
            12,
            R::FormerCustomerArchived,
        ),
        (SALES, S::FormerCustomer, A::Erase, 36, R::ClaimsTimeBarred),
        (SALES, S::Partner, A::Review, 24, R::PartnerContact),
        (SALES, S::Other, A::Review, 12, R::UnclearRelation),
        (RELATIONSHIP, S::Prospect, A::Erase, 12, R::LeadNeverWon),
        (RELATIONSHIP, S::Customer, A::Review, 36, R::QuietCustomer),
        (
            RELATIONSHIP,
            S::FormerCustomer,
            A::Erase,
            36,
            R::ClaimsTimeBarred,
        ),
        (RELATIONSHIP, S::Partner, A::Review, 24, R::PartnerContact),
        (RELATIONSHIP, S::Other, A::Review, 12, R::UnclearRelation),
        (MARKETING, S::Prospect, A::Erase, 24, R::MarketingConsentAge),
        (
            MARKETING,
            S::Customer,
            A::Review,
            24,
            R::MarketingConsentAge,
        ),
        (
            MARKETING,
            S::FormerCustomer,
            A::Erase,
            24,
            R::MarketingConsentAge,
        ),
        (MARKETING, S::Partner, A::Review, 24, R::MarketingConsentAge),
        (MARKETING, S::Other, A::Erase, 24, R::MarketingConsentAge),
        (
            BOOKKEEPING,
            S::Prospect,
            A::Erase,
            12,
            R::BookkeepingOwnClock,
        ),
        (
            BOOKKEEPING,
            S::Customer,
            A::Erase,
            36,
            R::BookkeepingOwnClock,
        ),
        (
            BOOKKEEPING,
            S::FormerCustomer,
            A::Erase,
            12,
            R::BookkeepingOwnClock,
        ),
        (
            BOOKKEEPING,
            S::Partner,
            A::Erase,
            24,
            R::BookkeepingOwnClock,
        ),
        (BOOKKEEPING, S::Other, A::Erase, 12, R::BookkeepingOwnClock),
    ];
    table
        .into_iter()
        .filter_map(|(purpose, status, action, after_months, reason)| {
            let purpose = Uuid::parse_str(purpose).ok()?;
            Some((
                RetentionRule {
                    purpose,
                    status,
                    action,
                    after_months,
                },
                reason,
            ))
        })
        .collect()
}

/// Checks a set of rules: periods in range, no rule twice, and within one purpose and
/// status a harsher step never comes sooner than a milder one.
pub fn check_rules(rules: &[RetentionRule]) -> Result<()> {
    let mut seen: HashMap<(Uuid, PersonStatus), Vec<(RetentionAction, u32)>> = HashMap::new();
    for r in rules {
        if r.after_months == 0 || r.after_months > MAX_MONTHS {
            return Err(Error::validation(
                "after_months",
                format!("must be between 1 and {MAX_MONTHS} months"),
            ));
        }
        let steps = seen.entry((r.purpose, r.status)).or_default();
        if steps.iter().any(|(a, _)| *a == r.action) {
            return Err(Error::validation(
                "rules",
                format!(
                    "two rules would {} people of status {} under the same purpose",
                    r.action.as_str(),
                    r.status.as_str()
                ),
            ));
        }
        steps.push((r.action, r.after_months));
    }
    for ((_, status), steps) in &seen {
        for (a, months_a) in steps {
            for (b, months_b) in steps {
                if a < b && months_b < months_a {
                    return Err(Error::validation(
                        "rules",
                        format!(
                            "for status {}, {} after {months_b} months would come before {} after {months_a}",
                            status.as_str(),
                            b.as_str(),
                            a.as_str()
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The rules by purpose and status, each list mildest first, for planning.
#[derive(Debug, Default, Clone)]
pub(crate) struct RuleBook {
    by_key: HashMap<(String, PersonStatus), Vec<(RetentionAction, u32)>>,
}

impl RuleBook {
    pub(crate) fn new(rules: &[RetentionRule]) -> Self {
        let mut by_key: HashMap<(String, PersonStatus), Vec<(RetentionAction, u32)>> =
            HashMap::new();
        for r in rules {
            by_key
                .entry((r.purpose.to_string(), r.status))
                .or_default()
                .push((r.action, r.after_months));
        }
        for steps in by_key.values_mut() {
            steps.sort();
        }
        Self { by_key }
    }

    /// The shortest period of any rule: people used more recently than that are never due.
    pub(crate) fn shortest_months(&self) -> Option<u32> {
        self.by_key.values().flatten().map(|(_, m)| *m).min()
    }

    /// The next step a person is due for after `current` (the mildest state they are in:
    /// `None` in use, `Some(Archive)` archived), with the day it is due, or `None` when no
    /// step is to come. `last_active` is the day of their last activity.
    pub(crate) fn next_step(
        &self,
        status: PersonStatus,
        purposes: &[String],
        last_active: NaiveDate,
        current: Option<RetentionAction>,
    ) -> Option<(RetentionAction, NaiveDate)> {
        if purposes.is_empty() {
            return None;
        }
        let mut per_purpose = Vec::with_capacity(purposes.len());
        for p in purposes {
            // A purpose without a rule for this status keeps the person.
            let steps = self.by_key.get(&(p.clone(), status))?;
            let dated: Vec<(RetentionAction, NaiveDate)> = steps
                .iter()
                .filter_map(|(a, months)| {
                    Some((
                        *a,
                        last_active.checked_add_months(chrono::Months::new(*months))?,
                    ))
                })
                .collect();
            per_purpose.push(dated);
        }
        let mut days: Vec<NaiveDate> = per_purpose.iter().flatten().map(|(_, d)| *d).collect();
        days.sort();
        days.dedup();
        days.into_iter().find_map(|day| {
            let action = per_purpose
                .iter()
                .map(|steps| {
                    steps
                        .iter()
                        .filter(|(_, due)| *due <= day)
                        .map(|(a, _)| *a)
                        .max()
                })
                .collect::<Option<Vec<_>>>()?
                .into_iter()
                .min()?;
            let further = match current {
                None => true,
                // Archived people need no review; only a harsher step goes on.
                Some(now) => action > now && action != RetentionAction::Review,
            };
            further.then_some((action, day))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    fn rule(
        purpose: &str,
        status: PersonStatus,
        action: RetentionAction,
        months: u32,
    ) -> RetentionRule {
        RetentionRule {
            purpose: Uuid::parse_str(purpose).expect("an id"),
            status,
            action,
            after_months: months,
        }
    }

    #[test]
    fn the_suggested_rules_pass_their_own_checks() {
        let rules: Vec<_> = suggested_rules().into_iter().map(|(r, _)| r).collect();
        assert_eq!(rules.len(), 22);
        check_rules(&rules).expect("suggested rules are valid");
    }

    #[test]
    fn a_harsher_step_sooner_than_a_milder_one_is_refused() {
        let rules = [
            rule(SALES, PersonStatus::Prospect, RetentionAction::Archive, 24),
            rule(SALES, PersonStatus::Prospect, RetentionAction::Erase, 12),
        ];
        assert!(check_rules(&rules).is_err());
        let twice = [
            rule(SALES, PersonStatus::Prospect, RetentionAction::Erase, 24),
            rule(SALES, PersonStatus::Prospect, RetentionAction::Erase, 36),
        ];
        assert!(check_rules(&twice).is_err());
        assert!(
            check_rules(&[rule(SALES, PersonStatus::Other, RetentionAction::Review, 0)]).is_err()
        );
    }

    #[test]
    fn one_purpose_steps_in_turn_and_an_archived_person_goes_on_to_the_harsher_step() {
        let book = RuleBook::new(&[
            rule(SALES, PersonStatus::Prospect, RetentionAction::Archive, 12),
            rule(SALES, PersonStatus::Prospect, RetentionAction::Erase, 24),
        ]);
        let purposes = [SALES.to_owned()];
        let active = day("2024-01-31");
        assert_eq!(
            book.next_step(PersonStatus::Prospect, &purposes, active, None),
            Some((RetentionAction::Archive, day("2025-01-31")))
        );
        assert_eq!(
            book.next_step(
                PersonStatus::Prospect,
                &purposes,
                active,
                Some(RetentionAction::Archive)
            ),
            Some((RetentionAction::Erase, day("2026-01-31")))
        );
        // Another status has no rule: kept.
        assert_eq!(
            book.next_step(PersonStatus::Customer, &purposes, active, None),
            None
        );
        // No purpose at all: nothing to go by (the quality review lists them).
        assert_eq!(
            book.next_step(PersonStatus::Prospect, &[], active, None),
            None
        );
    }

    #[test]
    fn with_two_purposes_the_step_waits_for_both_and_is_the_milder() {
        let book = RuleBook::new(&[
            rule(SALES, PersonStatus::Prospect, RetentionAction::Erase, 12),
            rule(
                MARKETING,
                PersonStatus::Prospect,
                RetentionAction::Archive,
                24,
            ),
            rule(
                MARKETING,
                PersonStatus::Prospect,
                RetentionAction::Erase,
                36,
            ),
        ]);
        let both = [SALES.to_owned(), MARKETING.to_owned()];
        let active = day("2024-03-01");
        assert_eq!(
            book.next_step(PersonStatus::Prospect, &both, active, None),
            Some((RetentionAction::Archive, day("2026-03-01")))
        );
        assert_eq!(
            book.next_step(
                PersonStatus::Prospect,
                &both,
                active,
                Some(RetentionAction::Archive)
            ),
            Some((RetentionAction::Erase, day("2027-03-01")))
        );
        // A purpose with no rule for the status keeps them whatever the others say.
        let with_unruled = [SALES.to_owned(), RELATIONSHIP.to_owned()];
        assert_eq!(
            book.next_step(PersonStatus::Prospect, &with_unruled, active, None),
            None
        );
    }

    #[test]
    fn months_end_on_the_last_day_of_a_shorter_month() {
        let book = RuleBook::new(&[rule(SALES, PersonStatus::Other, RetentionAction::Review, 1)]);
        assert_eq!(
            book.next_step(
                PersonStatus::Other,
                &[SALES.to_owned()],
                day("2025-01-31"),
                None
            ),
            Some((RetentionAction::Review, day("2025-02-28")))
        );
    }
}
