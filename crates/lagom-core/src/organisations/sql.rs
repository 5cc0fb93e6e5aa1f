//! SQL for organisations: their rows, tags and category, and the people who work there.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::db::collation::NameOrder;
use crate::organisations::model::OrganisationDetails;
use crate::{Error, Result};

/// An organisation's stored row.
pub(crate) struct StoredOrganisation {
    pub pk: i64,
    pub id: Uuid,
    pub details: OrganisationDetails,
    pub category_id: Option<String>,
    pub category: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Writes every field of an organisation that already has its row (see
/// [`crate::people::sql::insert_organisation`], which writes the name only).
pub(crate) fn update(
    conn: &Connection,
    id: Uuid,
    d: &OrganisationDetails,
    category_id: Option<&str>,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE organisations SET name = ?2, org_number = ?3, email = ?4, phone = ?5,
             website = ?6, address = ?7, postcode = ?8, city = ?9, country = ?10,
             category_id = ?11, updated_at = ?12
         WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        d.name,
        d.org_number,
        d.email,
        d.phone,
        d.website,
        d.address,
        d.postcode,
        d.city,
        d.country,
        category_id,
        now,
    ])?;
    Ok(())
}

pub(crate) fn find(conn: &Connection, id: Uuid) -> Result<StoredOrganisation> {
    let row = conn
        .prepare_cached(
            "SELECT o.pk, o.id, o.name, o.org_number, o.email, o.phone, o.website, o.address,
                    o.postcode, o.city, o.country, o.category_id, c.name, o.created_at,
                    o.updated_at
             FROM organisations o LEFT JOIN categories c ON c.id = o.category_id
             WHERE o.id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                OrganisationDetails {
                    name: r.get(2)?,
                    org_number: r.get(3)?,
                    email: r.get(4)?,
                    phone: r.get(5)?,
                    website: r.get(6)?,
                    address: r.get(7)?,
                    postcode: r.get(8)?,
                    city: r.get(9)?,
                    country: r.get(10)?,
                },
                r.get::<_, Option<String>>(11)?,
                r.get::<_, Option<String>>(12)?,
                r.get::<_, String>(13)?,
                r.get::<_, String>(14)?,
            ))
        })
        .optional()?;
    let (pk, id_text, details, category_id, category, created_at, updated_at) =
        row.ok_or_else(|| Error::NotFound {
            kind: "organisation",
            id: format!("with id {id}"),
        })?;
    Ok(StoredOrganisation {
        pk,
        id: crate::db::parse_id(&id_text)?,
        details,
        category_id,
        category,
        created_at,
        updated_at,
    })
}

/// Other organisations with this name, ignoring case.
pub(crate) fn name_taken(conn: &Connection, name: &str, except: Option<Uuid>) -> Result<bool> {
    let except = except.map(|u| u.to_string()).unwrap_or_default();
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM organisations WHERE name = ?1 COLLATE NOCASE AND id <> ?2 LIMIT 1",
        )?
        .query_row(params![name, except], |_| Ok(()))
        .optional()?
        .is_some())
}

/// An organisation as a list line: id, name, city, registration number, people.
pub(crate) type ListedOrganisation = (Uuid, String, Option<String>, Option<String>, u64);

/// Every organisation as a list line, by name in `order`'s alphabet.
pub(crate) fn all_with_counts(
    conn: &Connection,
    order: NameOrder,
) -> Result<Vec<ListedOrganisation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT o.id, o.name, o.city, o.org_number, coalesce(k.n, 0) FROM organisations o
         LEFT JOIN (SELECT organisation_id, count(*) AS n FROM people
                    WHERE organisation_id IS NOT NULL AND archived_at IS NULL
                      AND binned_at IS NULL GROUP BY organisation_id) k
                ON k.organisation_id = o.id
         ORDER BY o.{}, o.pk",
        order.column()
    ))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, name, city, number, n)| {
            Ok((crate::db::parse_id(&id)?, name, city, number, n as u64))
        })
        .collect()
}

pub(crate) fn tags_of(conn: &Connection, id: Uuid) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM organisation_tags ot JOIN tags t ON t.id = ot.tag_id
         WHERE ot.organisation_id = ?1 ORDER BY t.name COLLATE NOCASE",
    )?;
    let tags = stmt
        .query_map([id.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

/// Replaces an organisation's tags; says whether the set changed.
pub(crate) fn set_tags(conn: &Connection, id: Uuid, tag_ids: &[String]) -> Result<bool> {
    let key = id.to_string();
    let mut current: Vec<String> = conn
        .prepare_cached("SELECT tag_id FROM organisation_tags WHERE organisation_id = ?1")?
        .query_map([&key], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut wanted = tag_ids.to_vec();
    current.sort();
    wanted.sort();
    wanted.dedup();
    if current == wanted {
        return Ok(false);
    }
    conn.prepare_cached("DELETE FROM organisation_tags WHERE organisation_id = ?1")?
        .execute([&key])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO organisation_tags (organisation_id, tag_id) VALUES (?1, ?2)",
    )?;
    for tag in &wanted {
        insert.execute(params![key, tag])?;
    }
    Ok(true)
}

/// The integer keys of the people who work there (for re-indexing them).
pub(crate) fn people_pks(conn: &Connection, id: Uuid) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT pk FROM people WHERE organisation_id = ?1")?;
    let pks = stmt
        .query_map([id.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(pks)
}

/// Deletes an organisation. Its people, deals and invoices stay, without it; notes about it
/// alone go with it, notes that are also about a person or a deal stay with those. A
/// tombstone keeps its id.
pub(crate) fn delete(conn: &Connection, o: &StoredOrganisation, now: &str) -> Result<()> {
    let key = o.id.to_string();
    conn.prepare_cached(
        "UPDATE people SET organisation_id = NULL, updated_at = ?2 WHERE organisation_id = ?1",
    )?
    .execute(params![key, now])?;
    conn.prepare_cached(
        "UPDATE notes SET organisation_id = NULL
         WHERE organisation_id = ?1 AND (person_id IS NOT NULL OR deal_id IS NOT NULL)",
    )?
    .execute([&key])?;
    conn.prepare_cached("DELETE FROM organisations WHERE pk = ?1")?
        .execute([o.pk])?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO tombstones (entity, id, deleted_at)
         VALUES ('organisation', ?1, ?2)",
    )?
    .execute(params![key, now])?;
    Ok(())
}

/// How many invoices are made out to an organisation.
pub(crate) fn invoice_count(conn: &Connection, id: Uuid) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM invoices WHERE organisation_id = ?1",
        [id.to_string()],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}
