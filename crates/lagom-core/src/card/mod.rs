//! The person card: a person's record with everything shown beside it (their notes and
//! deals, consents, subscriptions, restriction and objection), as one user may see it.
//! Reading and changing a person through the card are the operations the shells offer;
//! the rules for the record itself live in [`crate::people`].

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::AuditKind;
use crate::consent::{ConsentView, Limitation};
use crate::notes::{DealView, NoteView};
use crate::people::contacts::{self, Channel, ContactKind, ContactPoint, NewContact};
use crate::people::shelf;
use crate::people::sql::{self as people_sql, StoredPerson};
use crate::people::{OrganisationRef, PersonDetails, PersonPatch, ProcessingRecordView};
use crate::types::PersonRef;
use crate::vault::Vault;
use crate::{Error, Result};

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
    /// Every e-mail address and phone number, e-mail first, each channel's primary first.
    pub contacts: Vec<ContactPoint>,
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
        contacts: crate::people::contacts::of_person(conn, &p.id.to_string())?,
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

/// One change to a person's addresses and numbers.
enum Change {
    Add(NewContact, crate::suppression::Guard),
    Remove(Uuid),
    MakePrimary(Uuid),
    SetKind(Uuid, ContactKind),
}

impl Vault {
    /// Adds an e-mail address or phone number to a person (or, when they have it, sets its
    /// kind or makes it primary as asked) and returns their card.
    pub fn add_contact(&mut self, who: &PersonRef, contact: NewContact) -> Result<PersonView> {
        self.add_contact_registering_erased(who, contact, None)
    }

    /// [`Vault::add_contact`], for an address or number an earlier erasure covers: refused
    /// with [`Error::Erased`] unless `register_erased` gives the reason (then the erasure's
    /// suppression entry is lifted for this person, as a new person's would be).
    pub fn add_contact_registering_erased(
        &mut self,
        who: &PersonRef,
        contact: NewContact,
        register_erased: Option<&str>,
    ) -> Result<PersonView> {
        let guard = crate::suppression::Guard::new(
            &self.store.conn,
            &self.audit_key,
            self.clock.clone(),
            register_erased,
        )?;
        self.change_contacts(Some(who), Change::Add(contact, guard))
    }

    /// Removes an address or number; when it was the primary, the next takes its place.
    pub fn remove_contact(&mut self, id: Uuid) -> Result<PersonView> {
        self.change_contacts(None, Change::Remove(id))
    }

    /// Makes an address or number the primary of its channel.
    pub fn make_contact_primary(&mut self, id: Uuid) -> Result<PersonView> {
        self.change_contacts(None, Change::MakePrimary(id))
    }

    /// Sets what an address or number is for.
    pub fn set_contact_kind(&mut self, id: Uuid, kind: ContactKind) -> Result<PersonView> {
        self.change_contacts(None, Change::SetKind(id, kind))
    }

    /// Every change is one write: the person out of the search index under their old terms,
    /// the change, their row marked changed (which is activity), back into the index, and a
    /// `person.updated` event naming "contacts" (never the values).
    fn change_contacts(&mut self, who: Option<&PersonRef>, change: Change) -> Result<PersonView> {
        self.write(|tx, audit, ctx| {
            let person = match (who, &change) {
                (Some(who), _) => people_sql::find_person(tx, who)?.id,
                (None, Change::Remove(id) | Change::MakePrimary(id) | Change::SetKind(id, _)) => {
                    contacts::owner_of(tx, *id)?
                }
                (None, Change::Add(..)) => {
                    return Err(Error::validation("person", "names nobody"));
                }
            };
            let before = people_sql::find_person(tx, &PersonRef::Id(person))?;
            if let Some((_, Some(_))) = shelf::sql::shelf_of(tx, &person.to_string())? {
                return Err(Error::Conflict(
                    "the person is in the recycle bin; restore them before changing them".into(),
                ));
            }
            let id = person.to_string();
            people_sql::unindex_person(tx, before.pk)?;
            let changed = match change {
                Change::Add(c, guard) => {
                    let home = crate::db::lists::business_country(tx)?;
                    let country = crate::people::phone_country(
                        before.details.country.as_deref(),
                        home.as_deref(),
                    );
                    let value = contacts::normalise_value(c.channel, &c.value, country)?;
                    let (emails, phones) = match c.channel {
                        Channel::Email => (vec![value.as_str()], vec![]),
                        Channel::Phone => (vec![], vec![value.as_str()]),
                    };
                    let erased = guard.check(tx, emails, phones)?;
                    let changed =
                        contacts::add(tx, &id, c.channel, &value, c.kind, c.primary, &ctx.now)?.1;
                    guard.lift(tx, audit, ctx, &erased, person)?;
                    changed
                }
                Change::Remove(contact) => {
                    let channel = contacts::channel_of(tx, contact)?;
                    let nameless =
                        before.details.first_name.is_empty() && before.details.last_name.is_empty();
                    if nameless
                        && channel == Channel::Email
                        && contacts::values_of(tx, &id, Channel::Email)?.len() == 1
                    {
                        return Err(Error::validation(
                            "email",
                            "is the only thing naming this person: give them a name first",
                        ));
                    }
                    contacts::remove(tx, contact)?;
                    true
                }
                Change::MakePrimary(contact) => contacts::make_primary(tx, contact)?.1,
                Change::SetKind(contact, kind) => contacts::set_kind(tx, contact, kind)?.1,
            };
            let fresh = people_sql::find_person(tx, &PersonRef::Id(person))?;
            people_sql::index_person(
                tx,
                fresh.pk,
                &fresh.details,
                fresh.organisation.as_ref().map(|o| o.name.as_str()),
            )?;
            if changed {
                people_sql::touch_person(tx, fresh.pk, &ctx.now)?;
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::PersonUpdated,
                        Some(("person", id.clone())),
                        serde_json::json!({ "fields": ["contacts"] }),
                    ),
                )?;
            }
            let fresh = people_sql::find_person(tx, &PersonRef::Id(person))?;
            view(tx, fresh, ctx.actor)
        })
    }
}
