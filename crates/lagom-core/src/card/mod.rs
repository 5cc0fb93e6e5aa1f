//! The person card: a person's record with everything shown beside it (their notes and
//! deals, consents, subscriptions, restriction and objection), as one user may see it.
//! Reading and changing a person through the card are the operations the shells offer;
//! the rules for the record itself live in [`crate::people`].

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Result;
use crate::consent::{ConsentView, Limitation};
use crate::notes::{DealView, NoteView};
use crate::people::sql::{self as people_sql, StoredPerson};
use crate::people::{OrganisationRef, PersonDetails, PersonPatch, ProcessingRecordView};
use crate::types::PersonRef;
use crate::vault::Vault;

/// A person with everything shown on their card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonView {
    /// The person's id.
    pub id: Uuid,
    /// The person's fields.
    #[serde(flatten)]
    pub fields: PersonDetails,
    /// The organisation, if any.
    pub organisation: Option<OrganisationRef>,
    /// Tags, sorted.
    pub tags: Vec<String>,
    /// The category's name, if any.
    pub category: Option<String>,
    /// Created (RFC 3339, UTC).
    pub created_at: String,
    /// Last changed (RFC 3339, UTC).
    pub updated_at: String,
    /// Why we hold the data.
    pub processing: Vec<ProcessingRecordView>,
    /// Notes about them the viewer may read, newest first.
    pub notes: Vec<NoteView>,
    /// Deals with them, newest first.
    pub deals: Vec<DealView>,
    /// Their consents per purpose, each with its ledger and the texts agreed to.
    pub consents: Vec<ConsentView>,
    /// The subscriptions they are on, by name.
    pub subscriptions: Vec<String>,
    /// Their restriction of processing (Art. 18), while in force.
    pub restriction: Option<Limitation>,
    /// Their objection (Art. 21), while in force.
    pub objection: Option<Limitation>,
    /// When they were last used, and whether they are archived or in the recycle bin.
    pub life: crate::people::shelf::Life,
}

impl Vault {
    /// A person's full record. Reading it is recorded in the audit trail.
    pub fn show_person(&mut self, who: &PersonRef) -> Result<PersonView> {
        self.write(|tx, audit, ctx| {
            let stored = crate::people::read_person(tx, audit, ctx, who)?;
            view(tx, stored, ctx.actor)
        })
    }

    /// Changes a person and returns their card. The audit event names the fields that
    /// changed, not their values.
    pub fn update_person(&mut self, who: &PersonRef, patch: &PersonPatch) -> Result<PersonView> {
        self.write(|tx, audit, ctx| {
            let fresh = crate::people::change_person(tx, audit, ctx, who, patch)?;
            view(tx, fresh, ctx.actor)
        })
    }
}

/// A person's card as `viewer` (a user) may see it: private notes only their author's.
pub(crate) fn view(conn: &Connection, p: StoredPerson, viewer: Uuid) -> Result<PersonView> {
    let (restriction, objection) = crate::consent::sql::limits_of(conn, p.id)?;
    let life = crate::people::shelf::sql::life_of(conn, &p.id.to_string())?.unwrap_or_default();
    Ok(PersonView {
        life,
        consents: crate::consent::sql::consents_of(conn, p.id, None)?,
        subscriptions: crate::consent::sql::subscriptions_of(conn, p.id)?,
        restriction,
        objection,
        id: p.id,
        notes: crate::notes::sql::notes_of(conn, p.id, viewer)?,
        deals: crate::notes::sql::deals_of(conn, p.id)?,
        tags: people_sql::tags_of(conn, p.id)?,
        category: people_sql::category_of(conn, p.id)?.map(|(_, name)| name),
        processing: people_sql::processing_of(conn, p.id)?,
        fields: p.details,
        organisation: p.organisation,
        created_at: p.created_at,
        updated_at: p.updated_at,
    })
}
