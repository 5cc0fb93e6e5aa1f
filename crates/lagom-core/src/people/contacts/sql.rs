//! SQL for a person's addresses and numbers: `contact_points`, and the primary values in
//! `people.email` and `people.phone` written in the same statements' transaction.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::model::{Channel, ContactKind, ContactPoint, SavedContact, display};
use crate::{Error, Result};

fn kind_of(text: &str) -> Result<ContactKind> {
    ContactKind::parse(text)
        .ok_or_else(|| Error::Damaged(format!("a contact point's kind is {text:?}")))
}

/// Every address and number of a person: e-mail first, the primary first, then in the order
/// they were recorded.
pub(crate) fn of_person(conn: &Connection, person: &str) -> Result<Vec<ContactPoint>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, channel, value, kind, is_primary FROM contact_points WHERE person_id = ?1
         ORDER BY channel = 'phone', is_primary DESC, position, created_at, value",
    )?;
    let rows = stmt
        .query_map([person], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, channel, value, kind, primary)| {
            let channel = Channel::parse(&channel)?;
            Ok(ContactPoint {
                id: crate::db::parse_id(&id)?,
                channel,
                display: display(channel, &value),
                value,
                kind: kind_of(&kind)?,
                primary,
            })
        })
        .collect()
}

/// The values of one channel a person has, the primary first.
pub(crate) fn values_of(conn: &Connection, person: &str, channel: Channel) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT value FROM contact_points WHERE person_id = ?1 AND channel = ?2
         ORDER BY is_primary DESC, position, created_at, value",
    )?;
    let values = stmt
        .query_map(params![person, channel.as_str()], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(values)
}

/// Whether `person` lacks any of `values` (channel, cleaned value, kind).
pub(crate) fn lacks_any(
    conn: &Connection,
    person: &str,
    values: &[(Channel, String, ContactKind)],
) -> Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT count(*) > 0 FROM contact_points WHERE person_id = ?1 AND channel = ?2 AND value = ?3",
    )?;
    for (channel, value, _) in values {
        let has: bool = stmt.query_row(params![person, channel.as_str(), value], |r| r.get(0))?;
        if !has {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A person's further (not primary) values of both channels, for their search terms.
pub(crate) fn secondary_values(conn: &Connection, pk: i64) -> Result<(Vec<String>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.channel, c.value FROM contact_points c JOIN people p ON p.id = c.person_id
         WHERE p.pk = ?1 AND c.is_primary = 0 ORDER BY c.position, c.created_at, c.value",
    )?;
    let (mut emails, mut phones) = (Vec::new(), Vec::new());
    for row in stmt.query_map([pk], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (channel, value) = row?;
        match Channel::parse(&channel)? {
            Channel::Email => emails.push(value),
            Channel::Phone => phones.push(value),
        }
    }
    Ok((emails, phones))
}

struct Stored {
    id: String,
    person: String,
    channel: Channel,
    primary: bool,
}

fn stored(conn: &Connection, id: Uuid) -> Result<Stored> {
    let row = conn
        .prepare_cached("SELECT person_id, channel, is_primary FROM contact_points WHERE id = ?1")?
        .query_row([id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })
        .optional()?
        .ok_or(Error::NotFound {
            kind: "contact point",
            id: id.to_string(),
        })?;
    Ok(Stored {
        id: id.to_string(),
        person: row.0,
        channel: Channel::parse(&row.1)?,
        primary: row.2,
    })
}

/// Whether `id` is an e-mail address or a phone number.
pub(crate) fn channel_of(conn: &Connection, id: Uuid) -> Result<Channel> {
    Ok(stored(conn, id)?.channel)
}

/// The person whose address or number `id` is.
pub(crate) fn owner_of(conn: &Connection, id: Uuid) -> Result<Uuid> {
    crate::db::parse_id(&stored(conn, id)?.person)
}

/// Writes the primary value of `channel` into the person's row (None when they have none).
fn write_primary_column(conn: &Connection, person: &str, channel: Channel) -> Result<()> {
    let sql = format!(
        "UPDATE people SET {column} = (SELECT value FROM contact_points
             WHERE person_id = ?1 AND channel = ?2 AND is_primary = 1)
         WHERE id = ?1",
        column = channel.column()
    );
    conn.prepare_cached(&sql)?
        .execute(params![person, channel.as_str()])?;
    Ok(())
}

/// Makes `id` the primary of its channel (none when `id` is None), in both tables.
fn set_primary(conn: &Connection, person: &str, channel: Channel, id: Option<&str>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contact_points SET is_primary = 0
         WHERE person_id = ?1 AND channel = ?2 AND is_primary = 1",
    )?
    .execute(params![person, channel.as_str()])?;
    if let Some(id) = id {
        conn.prepare_cached("UPDATE contact_points SET is_primary = 1 WHERE id = ?1")?
            .execute([id])?;
    }
    write_primary_column(conn, person, channel)
}

/// The first of the person's values of `channel` in recorded order, if any.
fn next_in_line(conn: &Connection, person: &str, channel: Channel) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM contact_points WHERE person_id = ?1 AND channel = ?2
             ORDER BY position, created_at, value LIMIT 1",
        )?
        .query_row(params![person, channel.as_str()], |r| r.get(0))
        .optional()?)
}

fn id_of_value(
    conn: &Connection,
    person: &str,
    channel: Channel,
    value: &str,
) -> Result<Option<(String, ContactKind)>> {
    let found = conn
        .prepare_cached(
            "SELECT id, kind FROM contact_points WHERE person_id = ?1 AND channel = ?2 AND value = ?3",
        )?
        .query_row(params![person, channel.as_str(), value], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    found
        .map(|(id, kind)| Ok((id, kind_of(&kind)?)))
        .transpose()
}

/// Adds a cleaned value to a person (or, when they have it already, takes the kind given
/// unless it is `other`). It becomes the primary when asked or when the person has none of
/// its channel. Returns its id and whether anything changed.
pub(crate) fn add(
    conn: &Connection,
    person: &str,
    channel: Channel,
    value: &str,
    kind: ContactKind,
    primary: bool,
    now: &str,
) -> Result<(Uuid, bool)> {
    let (id, mut changed) = match id_of_value(conn, person, channel, value)? {
        Some((id, old_kind)) => {
            let better = kind != ContactKind::Other && kind != old_kind;
            if better {
                conn.prepare_cached("UPDATE contact_points SET kind = ?2 WHERE id = ?1")?
                    .execute(params![id, kind.as_str()])?;
            }
            (id, better)
        }
        None => {
            let id = Uuid::now_v7().to_string();
            conn.prepare_cached(
                "INSERT INTO contact_points (id, person_id, channel, value, kind, is_primary,
                     position, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0,
                     (SELECT coalesce(max(position), -1) + 1 FROM contact_points
                      WHERE person_id = ?2 AND channel = ?3), ?6)",
            )?
            .execute(params![
                id,
                person,
                channel.as_str(),
                value,
                kind.as_str(),
                now
            ])?;
            (id, true)
        }
    };
    let has_primary: bool = conn
        .prepare_cached(
            "SELECT count(*) > 0 FROM contact_points
             WHERE person_id = ?1 AND channel = ?2 AND is_primary = 1",
        )?
        .query_row(params![person, channel.as_str()], |r| r.get(0))?;
    let is_primary: bool = conn
        .prepare_cached("SELECT is_primary FROM contact_points WHERE id = ?1")?
        .query_row([&id], |r| r.get(0))?;
    if (primary || !has_primary) && !is_primary {
        set_primary(conn, person, channel, Some(&id))?;
        changed = true;
    }
    Ok((crate::db::parse_id(&id)?, changed))
}

/// Removes an address or number; when it was the primary, the next in recorded order takes
/// its place. Returns the person's id.
pub(crate) fn remove(conn: &Connection, id: Uuid) -> Result<Uuid> {
    let s = stored(conn, id)?;
    conn.prepare_cached("DELETE FROM contact_points WHERE id = ?1")?
        .execute([&s.id])?;
    if s.primary {
        let next = next_in_line(conn, &s.person, s.channel)?;
        set_primary(conn, &s.person, s.channel, next.as_deref())?;
    }
    crate::db::parse_id(&s.person)
}

/// Makes an address or number the primary of its channel. Returns the person's id and
/// whether anything changed.
pub(crate) fn make_primary(conn: &Connection, id: Uuid) -> Result<(Uuid, bool)> {
    let s = stored(conn, id)?;
    if !s.primary {
        set_primary(conn, &s.person, s.channel, Some(&s.id))?;
    }
    Ok((crate::db::parse_id(&s.person)?, !s.primary))
}

/// Sets what an address or number is for. Returns the person's id and whether it changed.
pub(crate) fn set_kind(conn: &Connection, id: Uuid, kind: ContactKind) -> Result<(Uuid, bool)> {
    let s = stored(conn, id)?;
    let n = conn
        .prepare_cached("UPDATE contact_points SET kind = ?2 WHERE id = ?1 AND kind <> ?2")?
        .execute(params![s.id, kind.as_str()])?;
    Ok((crate::db::parse_id(&s.person)?, n > 0))
}

/// Brings the person's primary value of `channel` to `wanted`, as a form that shows only the
/// primary asks: a value the person has already becomes the primary; a new value replaces
/// the primary's (a corrected address keeps its kind); none removes the primary, and the
/// next in line takes its place, written back into `wanted`. Call it before the person's
/// row is written with `wanted`.
pub(crate) fn follow_primary(
    conn: &Connection,
    person: &str,
    channel: Channel,
    wanted: &mut Option<String>,
    now: &str,
) -> Result<()> {
    let current: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT id, value FROM contact_points
             WHERE person_id = ?1 AND channel = ?2 AND is_primary = 1",
        )?
        .query_row(params![person, channel.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    match (wanted.as_deref(), current) {
        (Some(w), Some((_, value))) if w == value => {}
        (Some(w), current) => {
            if let Some((id, _)) = id_of_value(conn, person, channel, w)? {
                set_primary(conn, person, channel, Some(&id))?;
            } else if let Some((id, _)) = current {
                conn.prepare_cached("UPDATE contact_points SET value = ?2 WHERE id = ?1")?
                    .execute(params![id, w])?;
                write_primary_column(conn, person, channel)?;
            } else {
                add(conn, person, channel, w, ContactKind::Other, true, now)?;
            }
        }
        (None, Some((id, _))) => {
            conn.prepare_cached("DELETE FROM contact_points WHERE id = ?1")?
                .execute([&id])?;
            let next = next_in_line(conn, person, channel)?;
            set_primary(conn, person, channel, next.as_deref())?;
            *wanted = values_of(conn, person, channel)?.into_iter().next();
        }
        (None, None) => {}
    }
    Ok(())
}

/// Records a new person's addresses and numbers: the primary values of their row first, then
/// `more` (a value given twice is kept once, with the first kind other than `other`).
pub(crate) fn record_new(
    conn: &Connection,
    person: &str,
    email: Option<&str>,
    phone: Option<&str>,
    more: &[(Channel, String, ContactKind)],
    now: &str,
) -> Result<()> {
    // A new person has none yet: plain inserts, one per value (an import writes a million
    // people this way), the primary values of their row first.
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO contact_points (id, person_id, channel, value, kind, is_primary,
             position, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (channel, primary) in [(Channel::Email, email), (Channel::Phone, phone)] {
        let mut position = 0i64;
        if let Some(v) = primary {
            let kind = more
                .iter()
                .find(|(c, value, k)| *c == channel && value == v && *k != ContactKind::Other)
                .map_or(ContactKind::Other, |(_, _, k)| *k);
            insert.execute(params![
                Uuid::now_v7().to_string(),
                person,
                channel.as_str(),
                v,
                kind.as_str(),
                true,
                position,
                now
            ])?;
            position += 1;
        }
        for (_, value, kind) in more
            .iter()
            .filter(|(c, v, _)| *c == channel && Some(v.as_str()) != primary)
        {
            insert.execute(params![
                Uuid::now_v7().to_string(),
                person,
                channel.as_str(),
                value,
                kind.as_str(),
                false,
                position,
                now
            ])?;
            position += 1;
        }
        // Further values without a primary one: the first becomes it, in the row too.
        if primary.is_none() && position > 0 {
            let first = next_in_line(conn, person, channel)?;
            set_primary(conn, person, channel, first.as_deref())?;
        }
    }
    Ok(())
}

/// Every address and number of a person exactly as stored.
pub(crate) fn snapshot(conn: &Connection, person: &str) -> Result<Vec<SavedContact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, channel, value, kind, is_primary, position, created_at FROM contact_points
         WHERE person_id = ?1 ORDER BY channel, position, value",
    )?;
    let rows = stmt
        .query_map([person], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(id, channel, value, kind, primary, position, created_at)| {
                Ok(SavedContact {
                    id,
                    channel: Channel::parse(&channel)?,
                    value,
                    kind: kind_of(&kind)?,
                    primary,
                    position,
                    created_at,
                })
            },
        )
        .collect()
}

/// Puts a person's addresses and numbers back exactly as `saved` holds them, the primary
/// values into their row too.
pub(crate) fn replace_all(conn: &Connection, person: &str, saved: &[SavedContact]) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_points WHERE person_id = ?1")?
        .execute([person])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO contact_points (id, person_id, channel, value, kind, is_primary, position,
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for c in saved {
        insert.execute(params![
            c.id,
            person,
            c.channel.as_str(),
            c.value,
            c.kind.as_str(),
            c.primary,
            c.position,
            c.created_at
        ])?;
    }
    write_primary_column(conn, person, Channel::Email)?;
    write_primary_column(conn, person, Channel::Phone)
}

/// Gives `to` the addresses and numbers of someone merged into them (saved before that person
/// went): those `to` has already are dropped, the others join `to`'s after theirs, none of
/// them primary unless `to` had none of that channel.
pub(crate) fn adopt(conn: &Connection, to: &str, saved: &[SavedContact], now: &str) -> Result<()> {
    for c in saved {
        add(conn, to, c.channel, &c.value, c.kind, false, now)?;
    }
    Ok(())
}
