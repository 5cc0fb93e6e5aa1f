//! Restriction of processing (Art. 18) and objection (Art. 21). While either is in force the
//! person is left out of marketing lists and cannot be put on a subscription; other exports
//! of people for marketing must leave them out too, with
//! `consent::sql::MAY_BE_MARKETED` in their SQL or `consent::sql::may_be_marketed` for one
//! person.
//!
//! The reason is kept with the person (it is what they or their request said); the audit
//! event only says that it was set or lifted.

use crate::audit::AuditKind;
use crate::consent::model::Limitation;
use crate::consent::sql::{self, Limit};
use crate::people::sql as people_sql;
use crate::text::clean;
use crate::types::PersonRef;
use crate::vault::Vault;
use crate::{Error, Result};

impl Vault {
    /// Sets a restriction of processing with its reason (`Some`), or lifts it (`None`).
    /// Returns the restriction in force afterwards.
    pub fn set_restriction(
        &mut self,
        who: &PersonRef,
        reason: Option<&str>,
    ) -> Result<Option<Limitation>> {
        self.set_limit(who, Limit::Restriction, reason)
    }

    /// Records an objection with its reason (`Some`), or lifts it (`None`). Returns the
    /// objection in force afterwards.
    pub fn set_objection(
        &mut self,
        who: &PersonRef,
        reason: Option<&str>,
    ) -> Result<Option<Limitation>> {
        self.set_limit(who, Limit::Objection, reason)
    }

    fn set_limit(
        &mut self,
        who: &PersonRef,
        limit: Limit,
        reason: Option<&str>,
    ) -> Result<Option<Limitation>> {
        let reason = reason.map(|r| clean("reason", r)).transpose()?;
        if reason.as_deref() == Some("") {
            return Err(Error::validation(
                "reason",
                "say why (what the person or their request said)",
            ));
        }
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?.id;
            let (restriction, objection) = sql::limits_of(tx, person)?;
            let before = match limit {
                Limit::Restriction => restriction,
                Limit::Objection => objection,
            };
            // Setting it again keeps the date it began and takes the new reason.
            let since = before.as_ref().map_or(ctx.now.clone(), |b| b.since.clone());
            let after = reason.map(|reason| Limitation { since, reason });
            if before == after {
                return Ok(after);
            }
            sql::set_limit(
                tx,
                person,
                limit,
                after
                    .as_ref()
                    .map(|a| (a.since.as_str(), a.reason.as_str())),
            )?;
            let (kind, key) = match limit {
                Limit::Restriction => (AuditKind::RestrictionChanged, "restricted"),
                Limit::Objection => (AuditKind::ObjectionChanged, "objected"),
            };
            audit.append(
                tx,
                ctx.event(
                    kind,
                    Some(("person", person.to_string())),
                    serde_json::json!({ key: after.is_some(), "was": before.is_some() }),
                ),
            )?;
            Ok(after)
        })
    }

    /// Sets (or clears) the language a person is written to in; consent e-mails use it.
    pub fn set_person_language(
        &mut self,
        who: &PersonRef,
        language: Option<crate::types::Language>,
    ) -> Result<()> {
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?.id;
            sql::set_person_language(tx, person, language)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::PersonUpdated,
                    Some(("person", person.to_string())),
                    serde_json::json!({ "fields": ["language"] }),
                ),
            )?;
            Ok(())
        })
    }
}
