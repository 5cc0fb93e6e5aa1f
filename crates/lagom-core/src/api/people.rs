//! People, their notes, the purposes they are held for, and organisations: the commands of
//! the people screen and the person card. Each calls the feature that owns the rule.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::session::{NoArgs, command};
use crate::card::PersonView;
use crate::notes::NoteView;
use crate::organisations::{
    OrganisationFields, OrganisationPage, OrganisationPatch, OrganisationView,
};
use crate::people::contacts::{ContactKind, NewContact};
use crate::people::{NewPerson, PeopleQuery, PersonPage, PersonPatch};
use crate::types::PersonRef;

fn default_limit() -> u32 {
    50
}

/// Arguments naming one person.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PersonArgs {
    /// The person's id or e-mail address.
    pub person: String,
}

/// `people.search`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// Words that must each begin a name, e-mail, phone number or organisation.
    pub query: String,
    /// At most this many (50 when not given).
    #[serde(default = "default_limit")]
    #[ts(as = "Option<u32>", optional)]
    pub limit: u32,
    /// Whether archived people are found too (never those in the recycle bin).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub archived: bool,
}

/// `person.update`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PersonUpdateArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The fields to change.
    pub patch: PersonPatch,
}

/// `person.create`'s arguments: the person, and whether to add them even though someone
/// in the register is likely the same person. (Unknown fields are not refused here, as they
/// never were for a new person: serde cannot refuse them beside a flattened struct.)
#[derive(Debug, Clone, Deserialize, TS)]
pub struct PersonCreateArgs {
    /// The person.
    #[serde(flatten)]
    pub person: NewPerson,
    /// Add them even when the register likely holds them already (`duplicates.check` says
    /// who); without it such an add is refused with a conflict naming those people.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub allow_duplicate: bool,
    /// Why a person an earlier erasure covers is registered again (they came back and asked
    /// for it). Without it such a person is refused with the error code `erased`; with it
    /// they are added, the erasure's suppression entry is lifted and the reason audited.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub register_erased: Option<String>,
}

/// `person.contact_add`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ContactAddArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The address or number, its kind and whether it becomes the primary one.
    pub contact: NewContact,
    /// Why an address or number an earlier erasure covers is added anyway (the person asked
    /// to be registered again); without it such an add is refused as `erased`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub register_erased: Option<String>,
}

/// Arguments naming one of a person's addresses or numbers.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ContactArgs {
    /// The address's or number's id (a card lists them).
    #[ts(type = "string")]
    pub contact: Uuid,
}

/// `person.contact_kind`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ContactKindArgs {
    /// The address's or number's id.
    #[ts(type = "string")]
    pub contact: Uuid,
    /// What it is for.
    pub kind: ContactKind,
}

/// `note.add`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NoteArgs {
    /// The person's id or e-mail address.
    pub person: String,
    /// The note.
    pub body: String,
    /// Whether only its author may read it.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub private: bool,
}

/// Arguments naming one note.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NoteIdArgs {
    /// The note's id.
    pub note: Uuid,
}

/// `organisations.list`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OrganisationListArgs {
    /// Words the name must begin with; empty: all.
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub search: String,
    /// At most this many (50 when not given).
    #[serde(default = "default_limit")]
    #[ts(as = "Option<u32>", optional)]
    pub limit: u32,
    /// Skipping this many.
    #[serde(default)]
    #[ts(as = "Option<u64>", optional)]
    pub offset: u64,
    /// Whose alphabet orders the names (the UI sends its own); none: the vault's language.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub language: Option<crate::types::Language>,
}

/// Arguments naming one organisation.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OrganisationArgs {
    /// The organisation's id.
    pub organisation: Uuid,
}

/// `organisation.update`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OrganisationUpdateArgs {
    /// The organisation's id.
    pub organisation: Uuid,
    /// The fields to change.
    pub patch: OrganisationPatch,
}

/// The id of something created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Created {
    /// Its id.
    pub id: Uuid,
}

/// The person a shelf command (archive, bin) moved.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Shelved {
    /// The person's id.
    pub person: Uuid,
}

/// The id of something deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Deleted {
    /// Its id.
    pub deleted: Uuid,
}

/// A deleted organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct OrganisationDeleted {
    /// Its id.
    pub deleted: Uuid,
    /// How many people worked there (they are kept, without the organisation).
    pub people_detached: u64,
}

/// A purpose people may be held for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PurposeLine {
    /// Its name.
    pub name: String,
    /// Its usual legal basis (GDPR Art. 6(1), by letter).
    pub default_legal_basis: crate::types::LegalBasis,
    /// What it covers.
    pub description: String,
}

command! {
    /// A page of the people who pass the query's filters, in its order.
    PeopleList = "people.list", PeopleQuery => PersonPage,
    |cx, a| cx.vault()?.query_people(&a)
}

command! {
    /// People whose name, e-mail, phone or organisation begins with the words given.
    PeopleSearch = "people.search", SearchArgs => PersonPage,
    |cx, a| cx.vault()?.search_people_in(&a.query, a.limit, a.archived)
}

command! {
    /// The choices the people list's filters offer.
    PeopleFilters = "people.filters", NoArgs => crate::people::PeopleFilters,
    |cx, _| cx.vault()?.people_filters()
}

command! {
    /// A person's full record; the read is logged.
    PersonShow = "person.show", PersonArgs => PersonView,
    |cx, a| cx.vault()?.show_person(&PersonRef::parse(&a.person)?)
}

command! {
    /// Adds a person with a processing record (purpose, legal basis, source), unless the
    /// register likely holds them already and `allow_duplicate` is not given, or an earlier
    /// erasure covers them and `register_erased` does not say why they are added again.
    PersonCreate = "person.create", PersonCreateArgs => Created,
    |cx, a| Ok(Created {
        id: cx.vault()?.add_person_registering_erased(
            a.person,
            a.allow_duplicate,
            a.register_erased.as_deref(),
        )?,
    })
}

command! {
    /// Changes fields of a person.
    PersonUpdate = "person.update", PersonUpdateArgs => PersonView,
    |cx, a| cx.vault()?.update_person(&PersonRef::parse(&a.person)?, &a.patch)
}

command! {
    /// Moves a person to the recycle bin, whole, until restored or purged.
    PersonDelete = "person.delete", PersonArgs => Deleted,
    |cx, a| Ok(Deleted { deleted: cx.vault()?.delete_person(&PersonRef::parse(&a.person)?)? })
}

command! {
    /// Restores a person from the recycle bin with everything they had.
    PersonRestore = "person.restore", PersonArgs => Shelved,
    |cx, a| Ok(Shelved { person: cx.vault()?.restore_person(&PersonRef::parse(&a.person)?)? })
}

command! {
    /// Archives a person: kept, but out of lists, default searches and marketing.
    PersonArchive = "person.archive", PersonArgs => Shelved,
    |cx, a| Ok(Shelved { person: cx.vault()?.archive_person(&PersonRef::parse(&a.person)?)? })
}

command! {
    /// Brings an archived person back into lists, searches and marketing.
    PersonUnarchive = "person.unarchive", PersonArgs => Shelved,
    |cx, a| Ok(Shelved { person: cx.vault()?.unarchive_person(&PersonRef::parse(&a.person)?)? })
}

command! {
    /// Adds an e-mail address or phone number to a person; returns their card.
    ContactAdd = "person.contact_add", ContactAddArgs => PersonView,
    |cx, a| cx.vault()?.add_contact_registering_erased(
        &PersonRef::parse(&a.person)?,
        a.contact,
        a.register_erased.as_deref(),
    )
}

command! {
    /// Removes one of a person's addresses or numbers (the next becomes primary when it was).
    ContactRemove = "person.contact_remove", ContactArgs => PersonView,
    |cx, a| cx.vault()?.remove_contact(a.contact)
}

command! {
    /// Makes an address or number its person's primary one.
    ContactPrimary = "person.contact_primary", ContactArgs => PersonView,
    |cx, a| cx.vault()?.make_contact_primary(a.contact)
}

command! {
    /// Sets what an address or number is for (work, private, mobile, other).
    ContactKindSet = "person.contact_kind", ContactKindArgs => PersonView,
    |cx, a| cx.vault()?.set_contact_kind(a.contact, a.kind)
}

command! {
    /// Adds a note to a person.
    NoteAdd = "note.add", NoteArgs => NoteView,
    |cx, a| cx.vault()?.add_note(&PersonRef::parse(&a.person)?, &a.body, a.private)
}

command! {
    /// Deletes a note.
    NoteDelete = "note.delete", NoteIdArgs => Deleted,
    |cx, a| {
        cx.vault()?.delete_note(a.note)?;
        Ok(Deleted { deleted: a.note })
    }
}

command! {
    /// The purposes people may be held for.
    PurposesList = "purposes.list", NoArgs => Vec<PurposeLine>,
    |cx, _| {
        let purposes = cx.vault()?.purposes()?;
        purposes
            .into_iter()
            .map(|(name, basis, description)| {
                Ok(PurposeLine {
                    name,
                    default_legal_basis: crate::types::LegalBasis::parse(&basis)?,
                    description,
                })
            })
            .collect()
    }
}

command! {
    /// A page of organisations.
    OrganisationsList = "organisations.list", OrganisationListArgs => OrganisationPage,
    |cx, a| cx.vault()?
        .list_organisations_in(&a.search, a.language, a.limit, a.offset)
}

command! {
    /// One organisation with the people who work there.
    OrganisationShow = "organisation.show", OrganisationArgs => OrganisationView,
    |cx, a| cx.vault()?.show_organisation(a.organisation)
}

command! {
    /// Adds an organisation.
    OrganisationCreate = "organisation.create", OrganisationFields => Created,
    |cx, a| Ok(Created { id: cx.vault()?.create_organisation(&a)? })
}

command! {
    /// Changes fields of an organisation.
    OrganisationUpdate = "organisation.update", OrganisationUpdateArgs => OrganisationView,
    |cx, a| cx.vault()?.update_organisation(a.organisation, &a.patch)
}

command! {
    /// Deletes an organisation; the people who worked there stay.
    OrganisationDelete = "organisation.delete", OrganisationArgs => OrganisationDeleted,
    |cx, a| {
        let people_detached = cx.vault()?.delete_organisation(a.organisation)?;
        Ok(OrganisationDeleted {
            deleted: a.organisation,
            people_detached,
        })
    }
}
