//! Subscriptions: the kinds of e-mail a person is on or off for. Being put on one needs a
//! valid consent for its purpose, and no restriction or objection in force; being taken off
//! is always possible and takes effect at once.

use crate::audit::AuditKind;
use crate::consent::model::ConsentState;
use crate::consent::sql;
use crate::people::sql as people_sql;
use crate::types::PersonRef;
use crate::vault::Vault;
use crate::{Error, Result};

impl Vault {
    /// Puts a person on a subscription (by name or id) or takes them off it; returns the
    /// subscriptions they are on afterwards, by name.
    pub fn set_subscription(
        &mut self,
        who: &PersonRef,
        subscription: &str,
        on: bool,
    ) -> Result<Vec<String>> {
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?.id;
            let kind = sql::find_subscription_type(tx, subscription)?;
            let changed = if on {
                if kind.archived {
                    return Err(Error::Conflict(
                        "this subscription type is archived; nobody can be put on it".into(),
                    ));
                }
                let consent = sql::latest_event(tx, person, kind.purpose_id)?.map(|c| c.state);
                if consent != Some(ConsentState::Given) {
                    return Err(Error::Conflict(format!(
                        "the person has no valid consent for {:?} ({}); record or confirm \
                         their consent first",
                        kind.purpose,
                        match consent {
                            None => "none recorded",
                            Some(ConsentState::Pending) => "it is not confirmed yet",
                            Some(_) => "it was withdrawn",
                        }
                    )));
                }
                if !sql::may_be_marketed(tx, person)? {
                    return Err(Error::Conflict(
                        "the person has restricted processing or objected to it, or is archived or in \
                             the recycle bin; lift that first"
                            .into(),
                    ));
                }
                sql::subscribe(tx, person, kind.id, &ctx.now)?
            } else {
                sql::unsubscribe(tx, person, kind.id)?
            };
            if changed {
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::SubscriptionChanged,
                        Some(("person", person.to_string())),
                        serde_json::json!({ "subscription": kind.id, "on": on }),
                    ),
                )?;
            }
            sql::subscriptions_of(tx, person)
        })
    }
}
