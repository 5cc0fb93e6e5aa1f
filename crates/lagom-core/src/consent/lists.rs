//! The editable lists behind every processing record and consent: purposes, sources and
//! subscription types, and the fixed six legal bases. Archiving hides an entry from the
//! choices but keeps it, since records and ledger rows name it. Every change is one
//! `lists.changed` audit event naming the entry and the fields changed.

use serde::Deserialize;
use uuid::Uuid;

use crate::audit::AuditKind;
use crate::consent::model::{LegalBasisView, Lists, PurposeView, SourceView, SubscriptionTypeView};
use crate::consent::sql;
use crate::text::{clean, present};
use crate::types::LegalBasis;
use crate::types::{DEFAULT_PURPOSE, DEFAULT_SOURCE};
use crate::vault::Vault;
use crate::{Error, Result};

/// The longest a purpose may keep data, in months (a hundred years).
const MAX_RETENTION_MONTHS: u32 = 1_200;

/// A new purpose (no `id`: name and default legal basis required) or a change to one (`id`
/// given: absent fields stay as they are).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PurposeSave {
    /// The purpose to change; `None` adds one.
    pub id: Option<Uuid>,
    /// Its name.
    pub name: Option<String>,
    /// What it covers.
    pub description: Option<String>,
    /// Its default legal basis.
    pub default_legal_basis: Option<LegalBasis>,
    /// Months it keeps data (`Some(None)`: as long as the relationship lasts).
    #[serde(deserialize_with = "present")]
    pub retention_months: Option<Option<u32>>,
    /// Archive (hide) or bring back.
    pub archived: Option<bool>,
}

/// A new source (no `id`) or a change to one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SourceSave {
    /// The source to change; `None` adds one.
    pub id: Option<Uuid>,
    /// Its name.
    pub name: Option<String>,
    /// Archive (hide) or bring back.
    pub archived: Option<bool>,
}

/// A new subscription type (no `id`: name and purpose required) or a change to one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SubscriptionTypeSave {
    /// The subscription type to change; `None` adds one.
    pub id: Option<Uuid>,
    /// Its name.
    pub name: Option<String>,
    /// Its purpose, by name or id.
    pub purpose: Option<String>,
    /// Archive (hide) or bring back.
    pub archived: Option<bool>,
}

fn name(field: &'static str, value: &str) -> Result<String> {
    let v = clean(field, value)?;
    if v.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    Ok(v)
}

fn taken(what: &str, name: &str) -> Error {
    Error::Conflict(format!(
        "another {what} is already called {name:?}; choose another name"
    ))
}

/// The audit detail of a list change: which entry, added or changed, which fields.
fn detail(list: &str, id: Uuid, added: bool, fields: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "list": list,
        "id": id,
        "change": if added { "added" } else { "changed" },
        "fields": fields,
    })
}

impl Vault {
    /// The lists a form chooses from; archived entries only when asked for.
    pub fn lists(&self, archived: bool) -> Result<Lists> {
        let conn = &self.store.conn;
        Ok(Lists {
            purposes: sql::purposes(conn, archived)?,
            sources: sql::sources(conn, archived)?,
            subscription_types: sql::subscription_types(conn, archived)?,
            legal_bases: sql::legal_bases(conn)?
                .into_iter()
                .map(|(code, name, article)| {
                    Ok(LegalBasisView {
                        code: LegalBasis::parse(&code)?,
                        name,
                        article,
                    })
                })
                .collect::<Result<_>>()?,
        })
    }

    /// Adds or changes a purpose. The purpose new people get by default cannot be renamed or
    /// archived, since it is found by its name.
    pub fn save_purpose(&mut self, save: &PurposeSave) -> Result<PurposeView> {
        let name = save.name.as_deref().map(|n| name("name", n)).transpose()?;
        let description = save
            .description
            .as_deref()
            .map(|d| clean("description", d))
            .transpose()?;
        if let Some(Some(months)) = save.retention_months
            && !(1..=MAX_RETENTION_MONTHS).contains(&months)
        {
            return Err(Error::validation(
                "retention_months",
                format!("must be from 1 to {MAX_RETENTION_MONTHS}"),
            ));
        }
        self.write(|tx, audit, ctx| {
            let (mut p, added) = match save.id {
                Some(id) => (sql::find_purpose(tx, &id.to_string(), true)?, false),
                None => (
                    PurposeView {
                        id: Uuid::now_v7(),
                        name: name
                            .clone()
                            .ok_or_else(|| Error::validation("name", "is required"))?,
                        description: String::new(),
                        default_legal_basis: save.default_legal_basis.ok_or_else(|| {
                            Error::validation("default_legal_basis", "is required")
                        })?,
                        retention_months: None,
                        archived: false,
                        key: None,
                    },
                    true,
                ),
            };
            let is_default = !added && p.name.eq_ignore_ascii_case(DEFAULT_PURPOSE);
            let mut fields = Vec::new();
            if let Some(n) = &name
                && *n != p.name
            {
                if is_default {
                    return Err(Error::Conflict(format!(
                        "{DEFAULT_PURPOSE:?} is the purpose new people get and cannot be renamed"
                    )));
                }
                p.name = n.clone();
                // Renamed, a built-in one is the owner's text from then on.
                p.key = None;
                fields.push("name");
            }
            if let Some(d) = &description
                && *d != p.description
            {
                p.description = d.clone();
                fields.push("description");
            }
            if let Some(b) = save.default_legal_basis
                && b != p.default_legal_basis
            {
                p.default_legal_basis = b;
                fields.push("default_legal_basis");
            }
            if let Some(m) = save.retention_months
                && m != p.retention_months
            {
                p.retention_months = m;
                fields.push("retention_months");
            }
            if let Some(a) = save.archived
                && a != p.archived
            {
                if is_default && a {
                    return Err(Error::Conflict(format!(
                        "{DEFAULT_PURPOSE:?} is the purpose new people get and cannot be archived"
                    )));
                }
                p.archived = a;
                fields.push("archived");
            }
            if sql::purpose_name_taken(tx, &p.name, p.id)? {
                return Err(taken("purpose", &p.name));
            }
            if added || !fields.is_empty() {
                sql::save_purpose(tx, &p, &ctx.now)?;
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::ListsChanged,
                        Some(("purpose", p.id.to_string())),
                        detail("purposes", p.id, added, &fields),
                    ),
                )?;
            }
            Ok(p)
        })
    }

    /// Adds or changes a source. The source new people get by default cannot be renamed or
    /// archived.
    pub fn save_source(&mut self, save: &SourceSave) -> Result<SourceView> {
        let name = save.name.as_deref().map(|n| name("name", n)).transpose()?;
        self.write(|tx, audit, ctx| {
            let (mut s, added) = match save.id {
                Some(id) => (sql::find_source(tx, &id.to_string())?, false),
                None => (
                    SourceView {
                        id: Uuid::now_v7(),
                        name: name
                            .clone()
                            .ok_or_else(|| Error::validation("name", "is required"))?,
                        archived: false,
                        key: None,
                    },
                    true,
                ),
            };
            let is_default = !added && s.name.eq_ignore_ascii_case(DEFAULT_SOURCE);
            let mut fields = Vec::new();
            if let Some(n) = &name
                && *n != s.name
            {
                if is_default {
                    return Err(Error::Conflict(format!(
                        "{DEFAULT_SOURCE:?} is the source new people get and cannot be renamed"
                    )));
                }
                s.name = n.clone();
                // Renamed, a built-in one is the owner's text from then on.
                s.key = None;
                fields.push("name");
            }
            if let Some(a) = save.archived
                && a != s.archived
            {
                if is_default && a {
                    return Err(Error::Conflict(format!(
                        "{DEFAULT_SOURCE:?} is the source new people get and cannot be archived"
                    )));
                }
                s.archived = a;
                fields.push("archived");
            }
            if sql::source_name_taken(tx, &s.name, s.id)? {
                return Err(taken("source", &s.name));
            }
            if added || !fields.is_empty() {
                sql::save_source(tx, &s, &ctx.now)?;
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::ListsChanged,
                        Some(("source", s.id.to_string())),
                        detail("sources", s.id, added, &fields),
                    ),
                )?;
            }
            Ok(s)
        })
    }

    /// Adds or changes a subscription type.
    pub fn save_subscription_type(
        &mut self,
        save: &SubscriptionTypeSave,
    ) -> Result<SubscriptionTypeView> {
        let name = save.name.as_deref().map(|n| name("name", n)).transpose()?;
        self.write(|tx, audit, ctx| {
            let purpose = save
                .purpose
                .as_deref()
                .map(|p| sql::find_purpose(tx, p, false))
                .transpose()?;
            let (mut s, added) = match save.id {
                Some(id) => (sql::find_subscription_type(tx, &id.to_string())?, false),
                None => {
                    let purpose = purpose
                        .clone()
                        .ok_or_else(|| Error::validation("purpose", "is required"))?;
                    (
                        SubscriptionTypeView {
                            id: Uuid::now_v7(),
                            name: name
                                .clone()
                                .ok_or_else(|| Error::validation("name", "is required"))?,
                            purpose_id: purpose.id,
                            purpose: purpose.name,
                            purpose_key: purpose.key,
                            archived: false,
                            key: None,
                        },
                        true,
                    )
                }
            };
            let mut fields = Vec::new();
            if let Some(n) = &name
                && *n != s.name
            {
                s.name = n.clone();
                // Renamed, a built-in one is the owner's text from then on.
                s.key = None;
                fields.push("name");
            }
            if let Some(p) = purpose
                && p.id != s.purpose_id
            {
                // Its subscribers consented to the old purpose, not to the new one.
                let subscribers = sql::subscriber_count(tx, s.id)?;
                if subscribers > 0 {
                    return Err(Error::Conflict(format!(
                        "{subscribers} {} on this subscription type consented to its present \
                         purpose, not to the new one; make a new subscription type for that \
                         purpose instead",
                        if subscribers == 1 {
                            "person is"
                        } else {
                            "people are"
                        }
                    )));
                }
                s.purpose_id = p.id;
                s.purpose = p.name;
                s.purpose_key = p.key;
                fields.push("purpose");
            }
            if let Some(a) = save.archived
                && a != s.archived
            {
                s.archived = a;
                fields.push("archived");
            }
            if sql::subscription_name_taken(tx, &s.name, s.id)? {
                return Err(taken("subscription type", &s.name));
            }
            if added || !fields.is_empty() {
                sql::save_subscription_type(tx, &s, &ctx.now)?;
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::ListsChanged,
                        Some(("subscription_type", s.id.to_string())),
                        detail("subscription_types", s.id, added, &fields),
                    ),
                )?;
            }
            Ok(s)
        })
    }
}
