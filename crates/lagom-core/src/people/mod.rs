//! People: the rules for what a person's record may hold, and the operations on it. Every
//! creation writes a processing record (purpose, legal basis, source, when, by whom) and an
//! audit event in the same transaction; every read of a full record is audited.

pub mod contacts;
pub mod demo;
pub mod language;
pub mod model;
pub mod shelf;
pub(crate) mod sql;

pub use contacts::{normalise_email, normalise_phone};
pub use model::*;

use std::collections::HashMap;

use crate::text::{clean, clean_optional};
use crate::types::{DEFAULT_PURPOSE, DEFAULT_SOURCE};
use rusqlite::{Connection, Transaction};
use uuid::Uuid;

use crate::audit::AuditKind;
use crate::audit::sql::Appender;
use crate::db::collation::NameOrder;
use crate::db::lists;
use crate::search;
use crate::types::{Language, LegalBasis, PersonRef};
use crate::vault::{Ctx, Vault};
use crate::{Error, Result};

/// From this many people on, a batch gets a larger page cache while it runs.
const BULK_THRESHOLD: usize = 10_000;

pub(crate) fn normalise_country(value: Option<&str>) -> Result<Option<String>> {
    let v = clean_optional("country", value)?;
    Ok(v.map(|c| {
        if c.len() == 2 && c.is_ascii() {
            c.to_ascii_uppercase()
        } else {
            c
        }
    }))
}

/// The longest customer number kept: numbering schemes are short, and a longer value is a
/// note pasted into the wrong field.
pub const MAX_CUSTOMER_NUMBER_CHARS: usize = 40;

/// A customer number is kept as written (trimmed, like other text), but short and on one
/// line, so that it can be matched exactly.
pub fn normalise_customer_number(value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = clean_optional("customer number", value)? else {
        return Ok(None);
    };
    if v.chars().count() > MAX_CUSTOMER_NUMBER_CHARS {
        return Err(Error::validation(
            "customer number",
            format!("is longer than {MAX_CUSTOMER_NUMBER_CHARS} characters"),
        ));
    }
    Ok(Some(v))
}

pub(crate) fn normalise_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = clean("tag", t)?;
        if !t.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&t)) {
            out.push(t);
        }
    }
    Ok(out)
}

/// The country a person's phone numbers are read in when typed without a country code:
/// their own, else the business's (`home`).
pub(crate) fn phone_country<'a>(own: Option<&'a str>, home: Option<&'a str>) -> Option<&'a str> {
    own.and_then(lagom_import::normalise::phone_region).or(home)
}

/// Checks and cleans a person's fields; `home` is the business's country, for a phone number
/// typed without a country code by someone whose country is not given.
pub fn normalise(
    fields: &PersonFields,
    home: Option<&str>,
) -> Result<(PersonDetails, Option<String>, Vec<String>)> {
    let country = normalise_country(fields.country.as_deref())?;
    let details = PersonDetails {
        first_name: clean("first name", &fields.first_name)?,
        last_name: clean("last name", &fields.last_name)?,
        email: normalise_email(fields.email.as_deref())?,
        phone: normalise_phone(
            fields.phone.as_deref(),
            phone_country(country.as_deref(), home),
        )?,
        title: clean_optional("title", fields.title.as_deref())?,
        status: fields.status,
        address: clean_optional("address", fields.address.as_deref())?,
        postcode: clean_optional("postcode", fields.postcode.as_deref())?,
        city: clean_optional("city", fields.city.as_deref())?,
        country,
        customer_number: normalise_customer_number(fields.customer_number.as_deref())?,
    };
    if details.first_name.is_empty() && details.last_name.is_empty() && details.email.is_none() {
        return Err(Error::validation(
            "name",
            "a person needs a first name, a last name or an e-mail address",
        ));
    }
    let organisation = clean_optional("organisation", fields.organisation.as_deref())?;
    Ok((details, organisation, normalise_tags(&fields.tags)?))
}

/// Resolves names to ids once per batch instead of once per person.
#[derive(Default)]
struct Lookups {
    purposes: HashMap<String, (String, LegalBasis)>,
    sources: HashMap<String, String>,
    organisations: HashMap<String, (Uuid, String)>,
    tags: HashMap<String, String>,
    categories: HashMap<String, String>,
}

impl Lookups {
    fn purpose(&mut self, conn: &Connection, name: &str) -> Result<(String, LegalBasis)> {
        if let Some(p) = self.purposes.get(name) {
            return Ok(p.clone());
        }
        let p = lists::purpose_by_name(conn, name)?;
        self.purposes.insert(name.to_owned(), p.clone());
        Ok(p)
    }

    fn source(&mut self, conn: &Connection, name: &str) -> Result<String> {
        if let Some(s) = self.sources.get(name) {
            return Ok(s.clone());
        }
        let s = lists::source_by_name(conn, name)?;
        self.sources.insert(name.to_owned(), s.clone());
        Ok(s)
    }

    /// The organisation by name, found or created, and its name as stored (which the
    /// person's search terms are made from).
    fn organisation(&mut self, conn: &Connection, name: &str, ctx: &Ctx) -> Result<(Uuid, String)> {
        let key = name.to_lowercase();
        if let Some(found) = self.organisations.get(&key) {
            return Ok(found.clone());
        }
        let found = match sql::organisation_by_name(conn, name)? {
            Some(id) => (
                id,
                sql::organisation_name(conn, id)?.unwrap_or_else(|| name.to_owned()),
            ),
            None => {
                let id = Uuid::now_v7();
                sql::insert_organisation(conn, id, name, &ctx.now, ctx.actor)?;
                (id, name.to_owned())
            }
        };
        self.organisations.insert(key, found.clone());
        Ok(found)
    }

    fn tag(&mut self, conn: &Connection, name: &str, ctx: &Ctx) -> Result<String> {
        let key = name.to_lowercase();
        if let Some(id) = self.tags.get(&key) {
            return Ok(id.clone());
        }
        let (id, _) = sql::tag_id(conn, name, &ctx.now)?;
        self.tags.insert(key, id.clone());
        Ok(id)
    }

    fn category(&mut self, conn: &Connection, name: &str, ctx: &Ctx) -> Result<String> {
        let key = name.to_lowercase();
        if let Some(id) = self.categories.get(&key) {
            return Ok(id.clone());
        }
        let id = sql::category_id(conn, name, &ctx.now)?;
        self.categories.insert(key, id.clone());
        Ok(id)
    }
}

fn changed_fields(old: &PersonDetails, new: &PersonDetails) -> Vec<&'static str> {
    let mut out = Vec::new();
    macro_rules! diff {
        ($($f:ident => $name:literal),*) => { $( if old.$f != new.$f { out.push($name); } )* };
    }
    diff!(first_name => "first_name", last_name => "last_name", email => "email", phone => "phone",
          title => "title", status => "status", address => "address", postcode => "postcode",
          city => "city", country => "country", customer_number => "customer_number");
    out
}

/// Reads a person's stored record and records the read in the audit trail.
pub(crate) fn read_person(
    tx: &Transaction<'_>,
    audit: &mut Appender<'_>,
    ctx: &Ctx,
    who: &PersonRef,
) -> Result<sql::StoredPerson> {
    let stored = sql::find_person(tx, who)?;
    audit.append(
        tx,
        ctx.event(
            AuditKind::PersonRead,
            Some(("person", stored.id.to_string())),
            serde_json::json!({}),
        ),
    )?;
    Ok(stored)
}

/// Changes a person inside a running write and returns the record as stored now. The audit
/// event names the fields that changed, not their values.
pub(crate) fn change_person(
    tx: &Transaction<'_>,
    audit: &mut Appender<'_>,
    ctx: &Ctx,
    who: &PersonRef,
    patch: &PersonPatch,
) -> Result<sql::StoredPerson> {
    let mut stored = sql::find_person(tx, who)?;
    if let Some((_, Some(_))) = shelf::sql::shelf_of(tx, &stored.id.to_string())? {
        return Err(Error::Conflict(
            "the person is in the recycle bin; restore them before changing them".into(),
        ));
    }
    let old = stored.details.clone();
    let d = &mut stored.details;
    if let Some(v) = &patch.first_name {
        d.first_name = clean("first name", v)?;
    }
    if let Some(v) = &patch.last_name {
        d.last_name = clean("last name", v)?;
    }
    if patch.email.is_some() {
        d.email = normalise_email(patch.email.as_deref())?;
    }
    if patch.title.is_some() {
        d.title = clean_optional("title", patch.title.as_deref())?;
    }
    if let Some(s) = patch.status {
        d.status = s;
    }
    if patch.address.is_some() {
        d.address = clean_optional("address", patch.address.as_deref())?;
    }
    if patch.postcode.is_some() {
        d.postcode = clean_optional("postcode", patch.postcode.as_deref())?;
    }
    if patch.city.is_some() {
        d.city = clean_optional("city", patch.city.as_deref())?;
    }
    if patch.country.is_some() {
        d.country = normalise_country(patch.country.as_deref())?;
    }
    if patch.phone.is_some() {
        // After the country: a number typed with a new country is read in it.
        let home = lists::business_country(tx)?;
        d.phone = normalise_phone(
            patch.phone.as_deref(),
            phone_country(d.country.as_deref(), home.as_deref()),
        )?;
    }
    if patch.customer_number.is_some() {
        d.customer_number = normalise_customer_number(patch.customer_number.as_deref())?;
    }
    if d.first_name.is_empty() && d.last_name.is_empty() && d.email.is_none() {
        return Err(Error::validation(
            "name",
            "a person needs a first name, a last name or an e-mail address",
        ));
    }
    let mut fields = changed_fields(&old, &stored.details);
    let mut lookups = Lookups::default();
    let mut organisation_id = stored.organisation.as_ref().map(|o| o.id);
    if let Some(name) = &patch.organisation {
        let name = clean_optional("organisation", Some(name))?;
        let new_id = match &name {
            Some(n) => Some(lookups.organisation(tx, n, ctx)?.0),
            None => None,
        };
        if new_id != organisation_id {
            fields.push("organisation");
            organisation_id = new_id;
        }
    }
    if let Some(name) = &patch.category {
        let new_id = match clean_optional("category", Some(name))? {
            Some(n) => Some(lookups.category(tx, &n, ctx)?),
            None => None,
        };
        let old_id = sql::category_of(tx, stored.id)?.map(|(id, _)| id);
        if new_id != old_id {
            sql::set_category(tx, stored.pk, new_id.as_deref())?;
            fields.push("category");
        }
    }
    for tag in normalise_tags(&patch.add_tags)? {
        let tag_id = lookups.tag(tx, &tag, ctx)?;
        if sql::add_tag(tx, stored.id, &tag_id)? && !fields.contains(&"tags") {
            fields.push("tags");
        }
    }
    for tag in normalise_tags(&patch.remove_tags)? {
        if sql::remove_tag(tx, stored.id, &tag)? && !fields.contains(&"tags") {
            fields.push("tags");
        }
    }
    if !fields.is_empty() {
        // Out of the index under the terms the row makes before it changes.
        sql::unindex_person(tx, stored.pk)?;
        sql::update_person(tx, &mut stored, organisation_id, &ctx.now)?;
        let organisation_name = match organisation_id {
            Some(id) => sql::organisation_name(tx, id)?,
            None => None,
        };
        sql::index_person(tx, stored.pk, &stored.details, organisation_name.as_deref())?;
        audit.append(
            tx,
            ctx.event(
                AuditKind::PersonUpdated,
                Some(("person", stored.id.to_string())),
                serde_json::json!({ "fields": fields }),
            ),
        )?;
    }
    sql::find_person(tx, &PersonRef::Id(stored.id))
}

impl Vault {
    /// Creates one person. See [`Vault::create_people`].
    pub fn create_person(&mut self, person: NewPerson) -> Result<Uuid> {
        let ids = self.create_people(std::iter::once(person))?;
        ids.into_iter()
            .next()
            .ok_or(Error::Internal("no person was created".into()))
    }

    /// Creates people in one transaction: all of them or, on the first invalid one, none.
    /// Each gets a processing record and a `person.created` audit event. A person an earlier
    /// erasure covers (one of their addresses or numbers was erased) is refused with
    /// [`Error::Erased`]; see [`Vault::create_people_registering_erased`].
    pub fn create_people(
        &mut self,
        people: impl IntoIterator<Item = NewPerson>,
    ) -> Result<Vec<Uuid>> {
        self.create_people_registering_erased(people, None)
    }

    /// [`Vault::create_people`], adding also people an earlier erasure covers when
    /// `register_erased` gives the reason they are registered again: the erasure's
    /// suppression entry is lifted (kept, with when, by whom, why and the new person's id)
    /// and a `suppression.lifted` event records the reason. Without a reason they are
    /// refused. A reason given for someone no erasure covers is not recorded.
    pub fn create_people_registering_erased(
        &mut self,
        people: impl IntoIterator<Item = NewPerson>,
        register_erased: Option<&str>,
    ) -> Result<Vec<Uuid>> {
        let people = people.into_iter();
        let guard = crate::suppression::Guard::new(
            &self.store.conn,
            &self.audit_key,
            self.clock.clone(),
            register_erased,
        )?;
        let bulk = people.size_hint().0 >= BULK_THRESHOLD;
        if bulk {
            self.store.set_bulk_cache(true);
        }
        let result = self.write(|tx, audit, ctx| {
            let mut lookups = Lookups::default();
            let mut ids = Vec::new();
            let home = lists::business_country(tx)?;
            for person in people {
                let (details, organisation, tags) = normalise(&person.fields, home.as_deref())?;
                let erased = guard.check(tx, details.email.as_deref(), details.phone.as_deref())?;
                let category = clean_optional("category", person.category.as_deref())?;
                let purpose_name = person.provenance.purpose.as_deref().unwrap_or(DEFAULT_PURPOSE);
                let (purpose_id, default_basis) = lookups.purpose(tx, purpose_name)?;
                let legal_basis = person.provenance.legal_basis.unwrap_or(default_basis);
                let source_id = lookups.source(tx, person.provenance.source.as_deref().unwrap_or(DEFAULT_SOURCE))?;
                let (organisation_id, organisation) = match &organisation {
                    Some(name) => {
                        let (id, stored) = lookups.organisation(tx, name, ctx)?;
                        (Some(id), Some(stored))
                    }
                    None => (None, None),
                };
                let id = Uuid::now_v7();
                let pk = sql::insert_person(
                    tx,
                    &sql::PersonRow { id, details: &details, more_contacts: &[], organisation_id, owner_id: ctx.actor, now: &ctx.now },
                )?;
                sql::index_person(tx, pk, &details, organisation.as_deref())?;
                if let Some(name) = &category {
                    let category_id = lookups.category(tx, name, ctx)?;
                    sql::set_category(tx, pk, Some(&category_id))?;
                }
                for tag in &tags {
                    let tag_id = lookups.tag(tx, tag, ctx)?;
                    sql::add_tag(tx, id, &tag_id)?;
                }
                sql::insert_processing(
                    tx,
                    &sql::ProcessingRow {
                        person_id: id,
                        purpose_id: &purpose_id,
                        legal_basis,
                        source_id: &source_id,
                        at: &ctx.now,
                        by: ctx.actor,
                    },
                )?;
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::PersonCreated,
                        Some(("person", id.to_string())),
                        serde_json::json!({ "purpose": purpose_id, "legal_basis": legal_basis.code(), "source": source_id }),
                    ),
                )?;
                guard.lift(tx, audit, ctx, &erased, id)?;
                ids.push(id);
            }
            Ok(ids)
        });
        if bulk {
            self.store.set_bulk_cache(false);
        }
        result
    }

    /// A page of people ordered by last name, then first name.
    pub fn list_people(&self, limit: u32, offset: u64) -> Result<PersonPage> {
        self.query_people(&PeopleQuery {
            limit,
            offset,
            ..PeopleQuery::default()
        })
    }

    /// A page of the people who pass every filter of `query`, in its order, and how many
    /// pass in all.
    pub fn query_people(&self, query: &PeopleQuery) -> Result<PersonPage> {
        if query.limit > PeopleQuery::MAX_LIMIT {
            return Err(Error::validation(
                "limit",
                format!("is at most {}", PeopleQuery::MAX_LIMIT),
            ));
        }
        let Some(filter) = self.people_where(query)? else {
            return Ok(PersonPage {
                people: vec![],
                total: 0,
            });
        };
        let conn = &self.store.conn;
        Ok(PersonPage {
            people: sql::list_people(
                conn,
                &filter,
                query.sort,
                query.descending,
                query.limit,
                query.offset,
            )?,
            total: sql::count_people(conn, &filter)?,
        })
    }

    /// The ids of everyone who passes `query`'s filters, at most `limit` of them (its paging
    /// ignored): a selection to act on, such as a mass edit.
    pub(crate) fn people_matching(&self, query: &PeopleQuery, limit: u32) -> Result<Vec<Uuid>> {
        let Some(filter) = self.people_where(query)? else {
            return Ok(vec![]);
        };
        Ok(
            sql::list_people(&self.store.conn, &filter, query.sort, false, limit, 0)?
                .into_iter()
                .map(|p| p.id)
                .collect(),
        )
    }

    /// How SQLite will run a people list, a line per step: for tests that keep the lists on
    /// indexes.
    #[doc(hidden)]
    pub fn people_query_plan(&self, query: &PeopleQuery) -> Result<Vec<String>> {
        match self.people_where(query)? {
            Some(filter) => {
                sql::explain_list(&self.store.conn, &filter, query.sort, query.descending)
            }
            None => Ok(vec![]),
        }
    }

    /// A page of [`Vault::query_people`] without its total: what the benchmark of the
    /// alphabets measures against [`Vault::people_in_byte_order`].
    #[doc(hidden)]
    pub fn people_page(&self, query: &PeopleQuery) -> Result<Vec<PersonSummary>> {
        match self.people_where(query)? {
            Some(filter) => sql::list_people(
                &self.store.conn,
                &filter,
                query.sort,
                query.descending,
                query.limit.min(PeopleQuery::MAX_LIMIT),
                query.offset,
            ),
            None => Ok(vec![]),
        }
    }

    /// The first page of the people in use in the order names had before they had an
    /// alphabet (last name, then first name, by bytes, ignoring ASCII case): the baseline the
    /// people list's benchmark measures the alphabets against.
    #[doc(hidden)]
    pub fn people_in_byte_order(&self, limit: u32) -> Result<Vec<PersonSummary>> {
        sql::first_page_in_byte_order(&self.store.conn, limit)
    }

    /// The query's names turned into ids; `None` when a name exists nowhere, so that nobody
    /// can match.
    fn people_where(&self, query: &PeopleQuery) -> Result<Option<sql::PeopleWhere>> {
        let conn = &self.store.conn;
        let named = |value: &Option<String>,
                     find: fn(&Connection, &str) -> Result<Option<String>>|
         -> Result<Option<Option<String>>> {
            match value.as_deref().map(str::trim) {
                None | Some("") => Ok(Some(None)),
                Some(name) => Ok(find(conn, name)?.map(Some)),
            }
        };
        let (Some(tag_id), Some(category_id), Some(source_id)) = (
            named(&query.tag, sql::tag_by_name)?,
            named(&query.category, sql::category_by_name)?,
            named(&query.source, sql::source_by_name)?,
        ) else {
            return Ok(None);
        };
        Ok(Some(sql::PeopleWhere {
            fts: query.search.as_deref().and_then(search::match_expression),
            tag_id,
            category_id,
            owner_id: query.owner.map(|u| u.to_string()),
            status: query.status.map(PersonStatus::as_str),
            source_id,
            organisation_id: query.organisation.map(|u| u.to_string()),
            view: query.view,
            order: NameOrder::of(match query.language {
                Some(language) => language,
                None => lists::vault_language(conn)?.unwrap_or(Language::En),
            }),
        }))
    }

    /// What the people list can be filtered by, with how many of the people in use (neither
    /// archived nor in the recycle bin, as the list shows by default) have each value.
    pub fn people_filters(&self) -> Result<PeopleFilters> {
        let conn = &self.store.conn;
        let choices = |rows: Vec<sql::Choice>| -> Vec<FilterChoice> {
            rows.into_iter()
                .map(|(value, label, people)| FilterChoice {
                    value,
                    label,
                    people: people.max(0) as u64,
                })
                .collect()
        };
        let counted = sql::status_choices(conn)?;
        let statuses = PersonStatus::ALL
            .into_iter()
            .map(|s| FilterChoice {
                value: s.as_str().to_owned(),
                label: s.as_str().to_owned(),
                people: counted
                    .iter()
                    .find(|(value, _, _)| value == s.as_str())
                    .map_or(0, |(_, _, n)| (*n).max(0) as u64),
            })
            .collect();
        Ok(PeopleFilters {
            tags: choices(sql::tag_choices(conn)?),
            categories: choices(sql::category_choices(conn)?),
            owners: choices(sql::owner_choices(conn)?),
            statuses,
            sources: choices(sql::source_choices(conn)?),
        })
    }

    /// People matching every word of `query` as a prefix of a name, e-mail, phone number or
    /// organisation, accent-insensitively (see [`crate::search`]). At most `limit`.
    pub fn search_people(&self, query: &str, limit: u32) -> Result<PersonPage> {
        self.search_people_in(query, limit, false)
    }

    /// [`Vault::search_people`], with archived people among the results when asked.
    /// People in the recycle bin are never found.
    pub fn search_people_in(
        &self,
        query: &str,
        limit: u32,
        include_archived: bool,
    ) -> Result<PersonPage> {
        let Some(expression) = search::match_expression(query) else {
            return Ok(PersonPage {
                people: vec![],
                total: 0,
            });
        };
        let mut people = sql::search_people(
            &self.store.conn,
            &expression,
            limit.saturating_add(1),
            include_archived,
        )?;
        let total = people.len() as u64;
        people.truncate(limit as usize);
        people.sort_by(|a, b| {
            (a.last_name.to_lowercase(), a.first_name.to_lowercase())
                .cmp(&(b.last_name.to_lowercase(), b.first_name.to_lowercase()))
        });
        Ok(PersonPage { people, total })
    }
}
