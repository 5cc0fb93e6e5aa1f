//! Organisations: the rules for what an organisation's record may hold, and the operations
//! on it. Every creation, change and deletion leaves an audit event in the same transaction,
//! naming fields, never values.
//!
//! Deleting an organisation keeps its people: they stay in the register without it (what a
//! person deleting a firm expects; their own data is not the firm's to take along).

pub mod model;
pub(crate) mod sql;

pub use model::*;

use uuid::Uuid;

use crate::audit::AuditKind;
use crate::db::collation::NameOrder;
use crate::db::lists;
use crate::people::PeopleQuery;
use crate::people::sql as people_sql;
use crate::people::{
    normalise_country, normalise_email, normalise_phone, normalise_tags, phone_country,
};
use crate::search;
use crate::text::{clean, clean_optional};
use crate::types::Language;
use crate::vault::{Ctx, Vault};
use crate::{Error, Result};

/// Checks and cleans a web address: no spaces or control characters, and a dot in the host.
fn normalise_website(value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = clean_optional("website", value)? else {
        return Ok(None);
    };
    let host = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .unwrap_or(&v);
    if v.chars().any(char::is_whitespace) || !host.split('/').next().unwrap_or("").contains('.') {
        return Err(Error::validation(
            "website",
            "is not a web address such as example.no",
        ));
    }
    Ok(Some(v))
}

fn normalise_name(value: &str) -> Result<String> {
    let name = clean("name", value)?;
    if name.is_empty() {
        return Err(Error::validation("name", "an organisation needs a name"));
    }
    Ok(name)
}

/// Checks and cleans an organisation's fields; `home` is the business's country, for a phone
/// number typed without a country code when the organisation's country is not given.
fn normalise(fields: &OrganisationFields, home: Option<&str>) -> Result<OrganisationDetails> {
    let country = normalise_country(fields.country.as_deref())?;
    Ok(OrganisationDetails {
        name: normalise_name(&fields.name)?,
        org_number: clean_optional("org number", fields.org_number.as_deref())?,
        email: normalise_email(fields.email.as_deref())?,
        phone: normalise_phone(
            fields.phone.as_deref(),
            phone_country(country.as_deref(), home),
        )?,
        website: normalise_website(fields.website.as_deref())?,
        address: clean_optional("address", fields.address.as_deref())?,
        postcode: clean_optional("postcode", fields.postcode.as_deref())?,
        city: clean_optional("city", fields.city.as_deref())?,
        country,
    })
}

fn changed_fields(old: &OrganisationDetails, new: &OrganisationDetails) -> Vec<&'static str> {
    let mut out = Vec::new();
    macro_rules! diff {
        ($($f:ident => $name:literal),*) => { $( if old.$f != new.$f { out.push($name); } )* };
    }
    diff!(name => "name", org_number => "org_number", email => "email", phone => "phone",
          website => "website", address => "address", postcode => "postcode", city => "city",
          country => "country");
    out
}

fn refuse_taken_name(conn: &rusqlite::Connection, name: &str, except: Option<Uuid>) -> Result<()> {
    if sql::name_taken(conn, name, except)? {
        return Err(Error::validation(
            "name",
            "another organisation already has this name",
        ));
    }
    Ok(())
}

fn category_id(
    conn: &rusqlite::Connection,
    name: Option<&str>,
    ctx: &Ctx,
) -> Result<Option<String>> {
    match clean_optional("category", name)? {
        Some(n) => Ok(Some(people_sql::category_id(conn, &n, &ctx.now)?)),
        None => Ok(None),
    }
}

fn tag_ids(conn: &rusqlite::Connection, tags: &[String], ctx: &Ctx) -> Result<Vec<String>> {
    normalise_tags(tags)?
        .iter()
        .map(|t| Ok(people_sql::tag_id(conn, t, &ctx.now)?.0))
        .collect()
}

/// Takes the people at an organisation out of the search index, under the terms their rows
/// make now (with its present name): before the organisation is renamed or deleted.
/// Returns their keys, for [`index_people`].
fn unindex_people(conn: &rusqlite::Connection, id: Uuid) -> Result<Vec<i64>> {
    let people = sql::people_pks(conn, id)?;
    for &pk in &people {
        people_sql::unindex_person(conn, pk)?;
    }
    Ok(people)
}

/// Indexes people again under the terms their rows make now.
fn index_people(conn: &rusqlite::Connection, people: &[i64]) -> Result<()> {
    for &pk in people {
        let p = people_sql::find_person_by_pk(conn, pk)?;
        people_sql::index_person(
            conn,
            pk,
            &p.details,
            p.organisation.as_ref().map(|o| o.name.as_str()),
        )?;
    }
    Ok(())
}

fn view(conn: &rusqlite::Connection, o: sql::StoredOrganisation) -> Result<OrganisationView> {
    let filter = people_sql::PeopleWhere {
        organisation_id: Some(o.id.to_string()),
        order: NameOrder::of(lists::vault_language(conn)?.unwrap_or(Language::En)),
        ..Default::default()
    };
    Ok(OrganisationView {
        id: o.id,
        tags: sql::tags_of(conn, o.id)?,
        people_count: people_sql::count_people(conn, &filter)?,
        people: people_sql::list_people(
            conn,
            &filter,
            PeopleQuery::default().sort,
            false,
            OrganisationView::PEOPLE_SHOWN,
            0,
        )?,
        fields: o.details,
        category: o.category,
        created_at: o.created_at,
        updated_at: o.updated_at,
    })
}

impl Vault {
    /// Organisations by name whose name, city or registration number has a word beginning
    /// with each word of `search` (accents folded as in [`crate::search`]), a page of them,
    /// each with how many people work there.
    pub fn list_organisations(
        &self,
        search: &str,
        limit: u32,
        offset: u64,
    ) -> Result<OrganisationPage> {
        self.list_organisations_in(search, None, limit, offset)
    }

    /// [`Vault::list_organisations`] with the names in `language`'s alphabet (none: the
    /// vault's language, else English).
    pub fn list_organisations_in(
        &self,
        search: &str,
        language: Option<Language>,
        limit: u32,
        offset: u64,
    ) -> Result<OrganisationPage> {
        let order = NameOrder::of(match language {
            Some(language) => language,
            None => lists::vault_language(&self.store.conn)?.unwrap_or(Language::En),
        });
        let wanted: Vec<String> = search::index_terms([search])
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let matching: Vec<OrganisationSummary> = sql::all_with_counts(&self.store.conn, order)?
            .into_iter()
            .filter(|(_, name, city, number, _)| {
                if wanted.is_empty() {
                    return true;
                }
                let terms = search::index_terms([
                    name.as_str(),
                    city.as_deref().unwrap_or(""),
                    number.as_deref().unwrap_or(""),
                ]);
                let terms: Vec<&str> = terms.split(' ').collect();
                // A word folded two ways ("bjørn": "bjorn bjoern") matches by either.
                wanted
                    .iter()
                    .all(|w| terms.iter().any(|t| t.starts_with(w.as_str())))
            })
            .map(|(id, name, city, _, people)| OrganisationSummary {
                id,
                name,
                city,
                people,
            })
            .collect();
        let total = matching.len() as u64;
        let organisations = matching
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(limit as usize)
            .collect();
        Ok(OrganisationPage {
            organisations,
            total,
        })
    }

    /// An organisation with its tags and (the first of) its people.
    pub fn show_organisation(&self, id: Uuid) -> Result<OrganisationView> {
        let conn = &self.store.conn;
        view(conn, sql::find(conn, id)?)
    }

    /// Creates an organisation. Its name must be new (ignoring case), so that people added
    /// with an organisation's name find this one.
    pub fn create_organisation(&mut self, fields: &OrganisationFields) -> Result<Uuid> {
        let home = lists::business_country(&self.store.conn)?;
        let details = normalise(fields, home.as_deref())?;
        self.write(|tx, audit, ctx| {
            refuse_taken_name(tx, &details.name, None)?;
            let id = Uuid::now_v7();
            people_sql::insert_organisation(tx, id, &details.name, &ctx.now, ctx.actor)?;
            let category = category_id(tx, fields.category.as_deref(), ctx)?;
            sql::update(tx, id, &details, category.as_deref(), &ctx.now)?;
            sql::set_tags(tx, id, &tag_ids(tx, &fields.tags, ctx)?)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::OrganisationCreated,
                    Some(("organisation", id.to_string())),
                    serde_json::json!({}),
                ),
            )?;
            Ok(id)
        })
    }

    /// Changes an organisation. A new name is re-indexed for its people's search. The audit
    /// event names the fields that changed.
    pub fn update_organisation(
        &mut self,
        id: Uuid,
        patch: &OrganisationPatch,
    ) -> Result<OrganisationView> {
        self.write(|tx, audit, ctx| {
            let stored = sql::find(tx, id)?;
            let old = stored.details.clone();
            let mut d = stored.details.clone();
            if let Some(v) = &patch.name {
                d.name = normalise_name(v)?;
            }
            macro_rules! optional {
                ($($f:ident => $check:expr),*) => {
                    $( if patch.$f.is_some() { d.$f = $check(patch.$f.as_deref())?; } )*
                };
            }
            optional!(
                org_number => |v| clean_optional("org number", v),
                email => normalise_email,
                website => normalise_website,
                address => |v| clean_optional("address", v),
                postcode => |v| clean_optional("postcode", v),
                city => |v| clean_optional("city", v),
                country => normalise_country
            );
            if patch.phone.is_some() {
                // After the country: a number typed with a new country is read in it.
                let home = lists::business_country(tx)?;
                d.phone = normalise_phone(
                    patch.phone.as_deref(),
                    phone_country(d.country.as_deref(), home.as_deref()),
                )?;
            }
            if d.name != old.name {
                refuse_taken_name(tx, &d.name, Some(id))?;
            }
            let mut fields = changed_fields(&old, &d);
            let mut category = stored.category_id.clone();
            if patch.category.is_some() {
                let new = category_id(tx, patch.category.as_deref(), ctx)?;
                if new != category {
                    fields.push("category");
                    category = new;
                }
            }
            if let Some(tags) = &patch.tags
                && sql::set_tags(tx, id, &tag_ids(tx, tags, ctx)?)?
            {
                fields.push("tags");
            }
            if !fields.is_empty() {
                // Their people's search terms hold the name.
                let renamed = if d.name != old.name {
                    unindex_people(tx, id)?
                } else {
                    Vec::new()
                };
                sql::update(tx, id, &d, category.as_deref(), &ctx.now)?;
                index_people(tx, &renamed)?;
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::OrganisationUpdated,
                        Some(("organisation", id.to_string())),
                        serde_json::json!({ "fields": fields }),
                    ),
                )?;
            }
            view(tx, sql::find(tx, id)?)
        })
    }

    /// Deletes an organisation. Its people stay, without an organisation (their search
    /// entries lose its name); the audit event counts them. Returns how many there were.
    /// Refused while invoices are made out to it: bookkeeping law keeps those, with whom
    /// they were for.
    pub fn delete_organisation(&mut self, id: Uuid) -> Result<u64> {
        self.write(|tx, audit, ctx| {
            let stored = sql::find(tx, id)?;
            let invoices = sql::invoice_count(tx, id)?;
            if invoices > 0 {
                return Err(Error::Conflict(format!(
                    "{} has {invoices} invoice{} that must be kept for the bookkeeping; it cannot be deleted",
                    stored.details.name,
                    if invoices == 1 { "" } else { "s" }
                )));
            }
            let people = unindex_people(tx, id)?;
            sql::delete(tx, &stored, &ctx.now)?;
            index_people(tx, &people)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::OrganisationDeleted,
                    Some(("organisation", id.to_string())),
                    serde_json::json!({ "people_detached": people.len() }),
                ),
            )?;
            Ok(people.len() as u64)
        })
    }
}
