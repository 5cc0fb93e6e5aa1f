//! SQL for people, their organisations, tags, processing records and search index.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::db::collation::NameOrder;
use crate::people::contacts::{self, Channel, ContactKind};
use crate::people::model::{
    OrganisationRef, PeopleSort, PersonDetails, PersonStatus, PersonSummary, ProcessingRecordView,
};
use crate::search::sql as search_sql;
use crate::types::{LegalBasis, PersonRef};
use crate::{Error, Result};

/// A person's row as written.
pub(crate) struct PersonRow<'a> {
    pub id: Uuid,
    pub details: &'a PersonDetails,
    /// Addresses and numbers beyond the primary ones of `details` (or the primary ones
    /// again, giving their kinds).
    pub more_contacts: &'a [MoreContact],
    pub organisation_id: Option<Uuid>,
    pub owner_id: Uuid,
    pub now: &'a str,
}

/// A processing record as written.
pub(crate) struct ProcessingRow<'a> {
    pub person_id: Uuid,
    pub purpose_id: &'a str,
    pub legal_basis: LegalBasis,
    pub source_id: &'a str,
    pub at: &'a str,
    pub by: Uuid,
}

/// A person's address or number beyond the primary ones: channel, cleaned value, kind.
pub(crate) type MoreContact = (Channel, String, ContactKind);

/// The values of one channel: the primary, then those of `more` not already listed.
pub(crate) fn channel_values(
    channel: Channel,
    primary: Option<&str>,
    more: &[MoreContact],
) -> Vec<String> {
    let mut values: Vec<String> = primary.map(str::to_owned).into_iter().collect();
    for (c, v, _) in more {
        if *c == channel && !values.contains(v) {
            values.push(v.clone());
        }
    }
    values
}

/// Writes a new person's row and their addresses and numbers (see [`contacts`]).
pub(crate) fn insert_person(conn: &Connection, row: &PersonRow<'_>) -> Result<i64> {
    let d = row.details;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO people (id, first_name, last_name, email, phone, title, organisation_id,
                             status, owner_id, address, postcode, city, country,
                             customer_number, created_at, updated_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?15, ?14, ?14, ?9)",
    )?;
    stmt.execute(params![
        row.id.to_string(),
        d.first_name,
        d.last_name,
        d.email,
        d.phone,
        d.title,
        row.organisation_id.map(|o| o.to_string()),
        d.status.as_str(),
        row.owner_id.to_string(),
        d.address,
        d.postcode,
        d.city,
        d.country,
        row.now,
        d.customer_number,
    ])?;
    let pk = conn.last_insert_rowid();
    contacts::record_new(
        conn,
        &row.id.to_string(),
        d.email.as_deref(),
        d.phone.as_deref(),
        row.more_contacts,
        row.now,
    )?;
    Ok(pk)
}

/// Writes a processing record; returns its id.
pub(crate) fn insert_processing(conn: &Connection, row: &ProcessingRow<'_>) -> Result<String> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO processing_records (id, person_id, purpose_id, legal_basis, source_id,
                                         recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let id = Uuid::now_v7().to_string();
    stmt.execute(params![
        id,
        row.person_id.to_string(),
        row.purpose_id,
        row.legal_basis.code(),
        row.source_id,
        row.at,
        row.by.to_string(),
    ])?;
    Ok(id)
}

/// The terms a person is found by: names, e-mail addresses, customer number and
/// organisation folded (see [`search::index_terms`]) and the phone numbers' digit forms.
/// `more` are their addresses and numbers beyond the primary ones.
pub(crate) fn search_terms(
    d: &PersonDetails,
    organisation: Option<&str>,
    more: &[MoreContact],
) -> String {
    let emails = channel_values(Channel::Email, d.email.as_deref(), more);
    let phones = channel_values(Channel::Phone, d.phone.as_deref(), more);
    search_sql::terms_of(
        [&d.first_name, &d.last_name],
        &emails.iter().map(String::as_str).collect::<Vec<_>>(),
        &phones.iter().map(String::as_str).collect::<Vec<_>>(),
        d.customer_number.as_deref(),
        organisation,
    )
}

/// Writes search terms under the person's integer key.
pub(crate) fn insert_terms(conn: &Connection, pk: i64, terms: &str) -> Result<()> {
    search_sql::insert(conn, pk, terms)
}

/// Writes the person's search terms under its integer key.
pub(crate) fn index_person(
    conn: &Connection,
    pk: i64,
    d: &PersonDetails,
    organisation: Option<&str>,
) -> Result<()> {
    let (emails, phones) = contacts::secondary_values(conn, pk)?;
    let more: Vec<MoreContact> = emails
        .into_iter()
        .map(|v| (Channel::Email, v, ContactKind::Other))
        .chain(
            phones
                .into_iter()
                .map(|v| (Channel::Phone, v, ContactKind::Other)),
        )
        .collect();
    insert_terms(conn, pk, &search_terms(d, organisation, &more))
}

/// Takes the person out of the search index, under the terms their stored row makes: call
/// it before the row (or their organisation's name) changes.
pub(crate) fn unindex_person(conn: &Connection, pk: i64) -> Result<()> {
    if let Some(terms) = search_sql::stored_terms(conn, pk)? {
        search_sql::remove(conn, pk, &terms)?;
    }
    Ok(())
}

pub(crate) fn organisation_by_name(conn: &Connection, name: &str) -> Result<Option<Uuid>> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM organisations WHERE name = ?1 COLLATE NOCASE ORDER BY pk LIMIT 1",
        )?
        .query_row([name], |r| r.get(0))
        .optional()?;
    id.map(|s| crate::db::parse_id(&s)).transpose()
}

pub(crate) fn insert_organisation(
    conn: &Connection,
    id: Uuid,
    name: &str,
    now: &str,
    by: Uuid,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO organisations (id, name, created_at, updated_at, created_by)
         VALUES (?1, ?2, ?3, ?3, ?4)",
    )?
    .execute(params![id.to_string(), name, now, by.to_string()])?;
    Ok(())
}

/// Finds a tag by name, creating it when new; says whether it was created.
pub(crate) fn tag_id(conn: &Connection, name: &str, now: &str) -> Result<(String, bool)> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
        .query_row([name], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok((id, false));
    }
    let id = Uuid::now_v7().to_string();
    conn.prepare_cached("INSERT INTO tags (id, name, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![id, name, now])?;
    Ok((id, true))
}

pub(crate) fn add_tag(conn: &Connection, person: Uuid, tag_id: &str) -> Result<bool> {
    let n = conn
        .prepare_cached("INSERT OR IGNORE INTO person_tags (person_id, tag_id) VALUES (?1, ?2)")?
        .execute(params![person.to_string(), tag_id])?;
    Ok(n > 0)
}

pub(crate) fn remove_tag(conn: &Connection, person: Uuid, name: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "DELETE FROM person_tags WHERE person_id = ?1
               AND tag_id = (SELECT id FROM tags WHERE name = ?2)",
        )?
        .execute(params![person.to_string(), name])?;
    Ok(n > 0)
}

/// A person's stored row, with what is needed to update it.
pub(crate) struct StoredPerson {
    pub pk: i64,
    pub id: Uuid,
    pub details: PersonDetails,
    pub organisation: Option<OrganisationRef>,
    pub created_at: String,
    pub updated_at: String,
}

const PERSON_COLUMNS: &str = "p.pk, p.id, p.first_name, p.last_name, p.email, p.phone, p.title,
     p.status, p.address, p.postcode, p.city, p.country, p.created_at, p.updated_at, o.id, o.name,
     p.customer_number";

fn stored_person(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(StoredPersonRaw, Option<(String, String)>)> {
    let raw = StoredPersonRaw {
        pk: r.get(0)?,
        id: r.get(1)?,
        details: PersonDetails {
            first_name: r.get(2)?,
            last_name: r.get(3)?,
            email: r.get(4)?,
            phone: r.get(5)?,
            title: r.get(6)?,
            status: PersonStatus::Prospect,
            address: r.get(8)?,
            postcode: r.get(9)?,
            city: r.get(10)?,
            country: r.get(11)?,
            customer_number: r.get(16)?,
        },
        status: r.get(7)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    };
    let org = match (
        r.get::<_, Option<String>>(14)?,
        r.get::<_, Option<String>>(15)?,
    ) {
        (Some(id), Some(name)) => Some((id, name)),
        _ => None,
    };
    Ok((raw, org))
}

struct StoredPersonRaw {
    pk: i64,
    id: String,
    details: PersonDetails,
    status: String,
    created_at: String,
    updated_at: String,
}

pub(crate) fn find_person(conn: &Connection, who: &PersonRef) -> Result<StoredPerson> {
    let (sql_where, key, shown) = match who {
        PersonRef::Id(id) => ("p.id = ?1", id.to_string(), format!("with id {id}")),
        // The address is personal data: the error says only how the person was asked for.
        PersonRef::Email(e) => (
            // The primary on the person's row, the others by the index of further values.
            "(p.email = ?1 OR p.id IN (SELECT person_id FROM contact_points
                WHERE channel = 'email' AND value = ?1 AND is_primary = 0))",
            e.clone(),
            "with this e-mail address".to_owned(),
        ),
    };
    find_person_where(conn, sql_where, key, shown)
}

/// A person by the row's integer key.
pub(crate) fn find_person_by_pk(conn: &Connection, pk: i64) -> Result<StoredPerson> {
    find_person_where(conn, "p.pk = ?1", pk.to_string(), format!("with key {pk}"))
}

/// `shown` is how the person was asked for, as the error names it: never the key itself
/// when that is personal data.
fn find_person_where(
    conn: &Connection,
    sql_where: &str,
    key: String,
    shown: String,
) -> Result<StoredPerson> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE {sql_where} LIMIT 2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows: Vec<_> = stmt
        .query_map([&key], stored_person)?
        .collect::<rusqlite::Result<_>>()?;
    if rows.len() > 1 {
        return Err(Error::Conflict(
            "more than one person has this e-mail address; use the person's id".into(),
        ));
    }
    let (raw, org) = rows.pop().ok_or(Error::NotFound {
        kind: "person",
        id: shown,
    })?;
    let mut details = raw.details;
    details.status = PersonStatus::parse(&raw.status)?;
    Ok(StoredPerson {
        pk: raw.pk,
        id: crate::db::parse_id(&raw.id)?,
        details,
        organisation: org
            .map(|(id, name)| {
                Ok::<_, Error>(OrganisationRef {
                    id: crate::db::parse_id(&id)?,
                    name,
                })
            })
            .transpose()?,
        created_at: raw.created_at,
        updated_at: raw.updated_at,
    })
}

/// Writes a person's row as `p` holds it. The primary e-mail and phone follow `p` first (see
/// [`contacts::follow_primary`]), which may fill in `p`'s when one was cleared and the person
/// has another.
pub(crate) fn update_person(
    conn: &Connection,
    p: &mut StoredPerson,
    organisation_id: Option<Uuid>,
    now: &str,
) -> Result<()> {
    let person = p.id.to_string();
    contacts::follow_primary(conn, &person, Channel::Email, &mut p.details.email, now)?;
    contacts::follow_primary(conn, &person, Channel::Phone, &mut p.details.phone, now)?;
    let d = &p.details;
    conn.prepare_cached(
        "UPDATE people SET first_name = ?2, last_name = ?3, email = ?4, phone = ?5, title = ?6,
             organisation_id = ?7, status = ?8, address = ?9, postcode = ?10, city = ?11,
             country = ?12, updated_at = ?13, customer_number = ?14
         WHERE pk = ?1",
    )?
    .execute(params![
        p.pk,
        d.first_name,
        d.last_name,
        d.email,
        d.phone,
        d.title,
        organisation_id.map(|o| o.to_string()),
        d.status.as_str(),
        d.address,
        d.postcode,
        d.city,
        d.country,
        now,
        d.customer_number,
    ])?;
    Ok(())
}

/// Marks a person's row changed now (the activity triggers follow it).
pub(crate) fn touch_person(conn: &Connection, pk: i64, now: &str) -> Result<()> {
    conn.prepare_cached("UPDATE people SET updated_at = ?2 WHERE pk = ?1")?
        .execute(params![pk, now])?;
    Ok(())
}

pub(crate) fn delete_person(conn: &Connection, p: &StoredPerson, now: &str) -> Result<()> {
    unindex_person(conn, p.pk)?;
    conn.prepare_cached("DELETE FROM people WHERE pk = ?1")?
        .execute([p.pk])?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO tombstones (entity, id, deleted_at) VALUES ('person', ?1, ?2)",
    )?
    .execute(params![p.id.to_string(), now])?;
    Ok(())
}

pub(crate) fn tags_of(conn: &Connection, person: Uuid) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id
         WHERE pt.person_id = ?1 ORDER BY t.name COLLATE NOCASE",
    )?;
    let tags = stmt
        .query_map([person.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

pub(crate) fn processing_of(conn: &Connection, person: Uuid) -> Result<Vec<ProcessingRecordView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pu.name, r.legal_basis, s.name, r.recorded_at, u.display_name
         FROM processing_records r
         JOIN purposes pu ON pu.id = r.purpose_id
         JOIN sources s ON s.id = r.source_id
         JOIN users u ON u.id = r.recorded_by
         WHERE r.person_id = ?1 ORDER BY r.recorded_at, r.id",
    )?;
    let rows = stmt
        .query_map([person.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<(String, String, String, String, String)>>>()?;
    rows.into_iter()
        .map(|(purpose, basis, source, recorded_at, recorded_by)| {
            Ok(ProcessingRecordView {
                purpose,
                legal_basis: LegalBasis::parse(&basis)?,
                source,
                recorded_at,
                recorded_by,
            })
        })
        .collect()
}

/// id, first name, last name, e-mail, phone, organisation name, status.
type SummaryRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

const SUMMARY_COLUMNS: &str = "p.id, p.first_name, p.last_name, p.email, p.phone, o.name, p.status";

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<SummaryRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn summaries(rows: Vec<SummaryRow>) -> Result<Vec<PersonSummary>> {
    rows.into_iter()
        .map(
            |(id, first_name, last_name, email, phone, organisation, status)| {
                Ok(PersonSummary {
                    id: crate::db::parse_id(&id)?,
                    first_name,
                    last_name,
                    email,
                    phone_display: phone.as_deref().map(contacts::display_phone),
                    phone,
                    organisation,
                    status: PersonStatus::parse(&status)?,
                })
            },
        )
        .collect()
}

/// A people list's filters with names already resolved to ids. `None` leaves a filter out.
#[derive(Debug, Default)]
pub(crate) struct PeopleWhere {
    pub fts: Option<String>,
    pub tag_id: Option<String>,
    pub category_id: Option<String>,
    pub owner_id: Option<String>,
    pub status: Option<&'static str>,
    pub source_id: Option<String>,
    pub organisation_id: Option<String>,
    pub view: crate::people::model::PeopleView,
    /// The alphabet a list by name follows.
    pub order: NameOrder,
}

impl PeopleWhere {
    /// The `WHERE` clause (empty when nothing is filtered) and its parameters, in order.
    fn clause(&self) -> (String, Vec<String>) {
        let mut terms: Vec<String> = vec![self.view.condition().to_owned()];
        let mut values: Vec<String> = Vec::new();
        let mut add = |sql: &str, value: &str| {
            values.push(value.to_owned());
            terms.push(sql.replace('?', &format!("?{}", values.len())));
        };
        if let Some(v) = self.status {
            add("p.status = ?", v);
        }
        if let Some(v) = &self.owner_id {
            add("p.owner_id = ?", v);
        }
        if let Some(v) = &self.category_id {
            add("p.category_id = ?", v);
        }
        if let Some(v) = &self.organisation_id {
            add("p.organisation_id = ?", v);
        }
        if let Some(v) = &self.tag_id {
            add(
                "p.id IN (SELECT person_id FROM person_tags WHERE tag_id = ?)",
                v,
            );
        }
        if let Some(v) = &self.source_id {
            add(
                "p.id IN (SELECT person_id FROM processing_records WHERE source_id = ?)",
                v,
            );
        }
        if let Some(v) = &self.fts {
            add(
                "p.pk IN (SELECT rowid FROM person_search WHERE person_search MATCH ?)",
                v,
            );
        }
        (format!("WHERE {}", terms.join(" AND ")), values)
    }
}

/// The `ORDER BY` of a people list; the integer key last, so that ties keep one order and
/// pages never overlap.
fn order_by(sort: PeopleSort, order: NameOrder, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    match sort {
        // The key holds the last name, then the first (see `db::collation`), and has an
        // index of its own per alphabet.
        PeopleSort::Name => format!("p.{} {dir}, p.pk {dir}", order.column()),
        PeopleSort::Created => format!("p.created_at {dir}, p.pk {dir}"),
        PeopleSort::Updated => format!("p.updated_at {dir}, p.pk {dir}"),
    }
}

/// How many people match.
pub(crate) fn count_people(conn: &Connection, filter: &PeopleWhere) -> Result<u64> {
    let (clause, values) = filter.clause();
    let sql = format!("SELECT count(*) FROM people p {clause}");
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(values.iter()), |r| r.get(0))?;
    Ok(n as u64)
}

/// A page of the people who match, in the order asked for.
pub(crate) fn list_people(
    conn: &Connection,
    filter: &PeopleWhere,
    sort: PeopleSort,
    descending: bool,
    limit: u32,
    offset: u64,
) -> Result<Vec<PersonSummary>> {
    let (clause, values) = filter.clause();
    let n = values.len();
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
         {clause} ORDER BY {} LIMIT ?{} OFFSET ?{}",
        order_by(sort, filter.order, descending),
        n + 1,
        n + 2,
    );
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let mut params: Vec<&dyn rusqlite::ToSql> =
        values.iter().map(|v| v as &dyn rusqlite::ToSql).collect();
    params.push(&limit);
    params.push(&offset);
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params.as_slice(), summary)?
        .collect::<rusqlite::Result<_>>()?;
    summaries(rows)
}

/// The first page of the people in use by last and first name in byte order, ignoring ASCII
/// case (on the `people_in_use` index): how the list was ordered before it had alphabets, kept
/// as the benchmark's baseline.
pub(crate) fn first_page_in_byte_order(
    conn: &Connection,
    limit: u32,
) -> Result<Vec<PersonSummary>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE p.archived_at IS NULL AND p.binned_at IS NULL
         ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.pk LIMIT ?1"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([limit], summary)?
        .collect::<rusqlite::Result<_>>()?;
    summaries(rows)
}

/// The query plan of a people list, one line per step (tests use it to keep lists fast).
pub(crate) fn explain_list(
    conn: &Connection,
    filter: &PeopleWhere,
    sort: PeopleSort,
    descending: bool,
) -> Result<Vec<String>> {
    let (clause, values) = filter.clause();
    let sql = format!(
        "EXPLAIN QUERY PLAN SELECT {SUMMARY_COLUMNS} FROM people p
         LEFT JOIN organisations o ON o.id = p.organisation_id
         {clause} ORDER BY {} LIMIT 100",
        order_by(sort, filter.order, descending),
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), |r| {
            r.get::<_, String>(3)
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A category's id by name, if it exists.
pub(crate) fn category_by_name(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM categories WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// A category's id by name, creating it when new.
pub(crate) fn category_id(conn: &Connection, name: &str, now: &str) -> Result<String> {
    if let Some(id) = category_by_name(conn, name)? {
        return Ok(id);
    }
    let id = Uuid::now_v7().to_string();
    conn.prepare_cached("INSERT INTO categories (id, name, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![id, name, now])?;
    Ok(id)
}

/// A tag's id by name, if it exists.
pub(crate) fn tag_by_name(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// A source's id by name, archived or not, if it exists.
pub(crate) fn source_by_name(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM sources WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Sets or clears a person's category.
pub(crate) fn set_category(conn: &Connection, pk: i64, category_id: Option<&str>) -> Result<()> {
    conn.prepare_cached("UPDATE people SET category_id = ?2 WHERE pk = ?1")?
        .execute(params![pk, category_id])?;
    Ok(())
}

/// A person's category's id and name.
pub(crate) fn category_of(conn: &Connection, person: Uuid) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.id, c.name FROM people p JOIN categories c ON c.id = p.category_id
             WHERE p.id = ?1",
        )?
        .query_row([person.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// (value, label, people) rows for the filter choices.
pub(crate) type Choice = (String, String, i64);

fn choices(conn: &Connection, sql: &str) -> Result<Vec<Choice>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Tags people have, with how many have each.
pub(crate) fn tag_choices(conn: &Connection) -> Result<Vec<Choice>> {
    choices(
        conn,
        // The counts are of the people in use, as the list shows by default: the archived and
        // those in the recycle bin, usually few, are taken off through their own indexes
        // rather than by reading every person.
        "SELECT t.name, t.name, k.n - coalesce(b.n, 0) FROM tags t
         JOIN (SELECT tag_id, count(*) AS n FROM person_tags GROUP BY tag_id) k ON k.tag_id = t.id
         LEFT JOIN (SELECT pt.tag_id, count(*) AS n FROM people p
                      JOIN person_tags pt ON pt.person_id = p.id
                     WHERE p.binned_at IS NOT NULL OR p.archived_at IS NOT NULL
                     GROUP BY pt.tag_id) b ON b.tag_id = t.id
         WHERE k.n - coalesce(b.n, 0) > 0
         ORDER BY t.name COLLATE NOCASE",
    )
}

/// Categories people have, with how many have each.
pub(crate) fn category_choices(conn: &Connection) -> Result<Vec<Choice>> {
    choices(
        conn,
        "SELECT c.name, c.name, k.n FROM categories c
         JOIN (SELECT category_id, count(*) AS n FROM people
               WHERE category_id IS NOT NULL AND archived_at IS NULL AND binned_at IS NULL
               GROUP BY category_id) k ON k.category_id = c.id
         ORDER BY c.name COLLATE NOCASE",
    )
}

/// Users, with how many people each owns (all of them: any user can own people).
pub(crate) fn owner_choices(conn: &Connection) -> Result<Vec<Choice>> {
    choices(
        conn,
        "SELECT u.id, u.display_name, coalesce(k.n, 0) FROM users u
         LEFT JOIN (SELECT owner_id, count(*) AS n FROM people
                    WHERE owner_id IS NOT NULL AND archived_at IS NULL AND binned_at IS NULL
                    GROUP BY owner_id) k ON k.owner_id = u.id
         ORDER BY u.display_name COLLATE NOCASE, u.id",
    )
}

/// Statuses people have, with how many have each.
pub(crate) fn status_choices(conn: &Connection) -> Result<Vec<Choice>> {
    choices(
        conn,
        "SELECT status, status, count(*) FROM people\n          WHERE archived_at IS NULL AND binned_at IS NULL GROUP BY status",
    )
}

/// Sources people's data came from, with how many people came from each.
pub(crate) fn source_choices(conn: &Connection) -> Result<Vec<Choice>> {
    choices(
        conn,
        // As for tags: the archived and the binned are taken off through their indexes.
        "SELECT s.name, s.name, k.n - coalesce(b.n, 0) FROM sources s
         JOIN (SELECT source_id, count(DISTINCT person_id) AS n FROM processing_records
               GROUP BY source_id) k ON k.source_id = s.id
         LEFT JOIN (SELECT r.source_id, count(DISTINCT r.person_id) AS n FROM people p
                      JOIN processing_records r ON r.person_id = p.id
                     WHERE p.binned_at IS NOT NULL OR p.archived_at IS NOT NULL
                     GROUP BY r.source_id) b ON b.source_id = s.id
         WHERE k.n - coalesce(b.n, 0) > 0
         ORDER BY s.name COLLATE NOCASE",
    )
}

/// People whose indexed terms match every word of `expression` as a prefix, in the order
/// they were created, at most `limit`.
pub(crate) fn search_people(
    conn: &Connection,
    expression: &str,
    limit: u32,
    include_archived: bool,
) -> Result<Vec<PersonSummary>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM person_search s
         JOIN people p ON p.pk = s.rowid
         LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE person_search MATCH ?1 AND p.binned_at IS NULL
           AND (?3 OR p.archived_at IS NULL)
         LIMIT ?2"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![expression, limit, include_archived], summary)?
        .collect::<rusqlite::Result<_>>()?;
    summaries(rows)
}

/// Organisation name of a person, for re-indexing after an edit.
pub(crate) fn organisation_name(conn: &Connection, id: Uuid) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM organisations WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?)
}

/// What a person's language is chosen from: the one set on them, their country, and their
/// phone numbers, the primary first. `None` when there is no such person.
#[allow(clippy::type_complexity)]
pub(crate) fn language_facts(
    conn: &Connection,
    person: Uuid,
) -> Result<Option<(Option<String>, Option<String>, Vec<String>)>> {
    let id = person.to_string();
    let row: Option<(Option<String>, Option<String>, Option<String>)> = conn
        .prepare_cached("SELECT language, country, phone FROM people WHERE id = ?1")?
        .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((own, country, phone)) = row else {
        return Ok(None);
    };
    let mut phones: Vec<String> = phone.into_iter().collect();
    let mut further = conn.prepare_cached(
        "SELECT value FROM contact_points
          WHERE person_id = ?1 AND channel = 'phone' AND is_primary = 0 ORDER BY position",
    )?;
    for value in further.query_map([&id], |r| r.get::<_, String>(0))? {
        phones.push(value?);
    }
    Ok(Some((own, country, phones)))
}
