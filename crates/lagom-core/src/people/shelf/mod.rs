//! The archive and the recycle bin: two shelves a person can be put on without losing
//! anything.
//!
//! - **Archived** people are kept, with everything they have, but left out of the people
//!   list, of searches (unless asked for) and of marketing. Archiving is undone by
//!   bringing them back, which counts as using them: the retention clock starts again.
//! - **Binned** people (the recycle bin; what "delete" does) are hidden from lists,
//!   searches, marketing and counts. They can be restored with everything they had until
//!   housekeeping purges the bin, which erases them through the Art. 17 path. A subject
//!   request still finds them: their data is still held.
//!
//! Neither shelf changes the person's edit time, so neither is activity by itself. A
//! binned person keeps their search-index entries (searches leave them out), so that the
//! purge's erasure takes out exactly the terms that are there.

pub(crate) mod sql;

pub use crate::people::model::Life;

use serde::Serialize;
use uuid::Uuid;

use crate::audit::AuditKind;
use crate::audit::sql::Appender;
use crate::people::sql as people_sql;
use crate::types::PersonRef;
use crate::vault::{Ctx, Vault};
use crate::{Error, Result};

/// Why a person was put on or taken off a shelf, as the audit event records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShelfCause {
    /// Someone using the vault chose to.
    Owner,
    /// A retention rule, in a housekeeping run.
    Retention,
}

/// One person in the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct BinnedPerson {
    /// The person's id.
    pub id: Uuid,
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Organisation name.
    pub organisation: Option<String>,
    /// When they were put in the bin (RFC 3339, UTC).
    pub binned_at: String,
}

/// A page of the recycle bin, most recently binned first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct BinPage {
    /// The people on this page.
    pub people: Vec<BinnedPerson>,
    /// How many are in the bin in all.
    pub total: u64,
}

/// Archives a person within a write; says whether anything changed (archiving an
/// archived person does nothing). Binned people are not archived.
pub(crate) fn archive_in(
    tx: &rusqlite::Transaction<'_>,
    audit: &mut Appender<'_>,
    ctx: &Ctx,
    person: Uuid,
    cause: ShelfCause,
) -> Result<bool> {
    let id = person.to_string();
    match sql::shelf_of(tx, &id)? {
        None => Err(Error::NotFound {
            kind: "person",
            id: format!("with id {id}"),
        }),
        Some((_, Some(_))) => Err(Error::Conflict(
            "the person is in the recycle bin; restore them first".into(),
        )),
        Some((Some(_), None)) => Ok(false),
        Some((None, None)) => {
            sql::archive(tx, &id, &ctx.now)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::PersonArchived,
                    Some(("person", id)),
                    serde_json::json!({ "cause": cause }),
                ),
            )?;
            Ok(true)
        }
    }
}

impl Vault {
    /// Archives a person: kept, but out of lists, default searches and marketing.
    pub fn archive_person(&mut self, who: &PersonRef) -> Result<Uuid> {
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?;
            archive_in(tx, audit, ctx, person.id, ShelfCause::Owner)?;
            Ok(person.id)
        })
    }

    /// Brings an archived person back into lists, searches and marketing.
    pub fn unarchive_person(&mut self, who: &PersonRef) -> Result<Uuid> {
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?;
            let id = person.id.to_string();
            if sql::unarchive(tx, &id, &ctx.now)? {
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::PersonUnarchived,
                        Some(("person", id)),
                        serde_json::json!({}),
                    ),
                )?;
            }
            Ok(person.id)
        })
    }

    /// Moves a person to the recycle bin (what "delete" does): hidden everywhere, kept
    /// whole until restored or purged.
    pub fn delete_person(&mut self, who: &PersonRef) -> Result<Uuid> {
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?;
            let id = person.id.to_string();
            if !sql::bin(tx, &id, &ctx.now)? {
                return Err(Error::Conflict(
                    "the person is in the recycle bin already".into(),
                ));
            }
            audit.append(
                tx,
                ctx.event(
                    AuditKind::PersonBinned,
                    Some(("person", id)),
                    serde_json::json!({}),
                ),
            )?;
            Ok(person.id)
        })
    }

    /// Restores a person from the recycle bin with everything they had.
    pub fn restore_person(&mut self, who: &PersonRef) -> Result<Uuid> {
        self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?;
            let id = person.id.to_string();
            if !sql::unbin(tx, &id, &ctx.now)? {
                return Err(Error::Conflict(
                    "the person is not in the recycle bin".into(),
                ));
            }
            audit.append(
                tx,
                ctx.event(
                    AuditKind::PersonRestored,
                    Some(("person", id)),
                    serde_json::json!({}),
                ),
            )?;
            Ok(person.id)
        })
    }

    /// A page of the recycle bin, most recently binned first.
    pub fn bin_page(&self, limit: u32, offset: u64) -> Result<BinPage> {
        let conn = &self.store.conn;
        let people = sql::binned(conn, limit.min(1_000), offset)?
            .into_iter()
            .map(
                |(id, first_name, last_name, email, organisation, binned_at)| {
                    Ok(BinnedPerson {
                        id: crate::db::parse_id(&id)?,
                        first_name,
                        last_name,
                        email,
                        organisation,
                        binned_at,
                    })
                },
            )
            .collect::<Result<_>>()?;
        Ok(BinPage {
            people,
            total: sql::count_binned(conn)?,
        })
    }
}
