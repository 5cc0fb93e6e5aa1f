//! SQL for the editable lists (purposes, sources), users and settings.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::types::LegalBasis;
use crate::words::BuiltIn;
use crate::{Error, Result};

/// A purpose's id and its default legal basis, by its stored name or a built-in one's name in
/// any language (the stored name first).
pub(crate) fn purpose_by_name(conn: &Connection, name: &str) -> Result<(String, LegalBasis)> {
    let row: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT id, default_legal_basis FROM purposes
              WHERE (name = ?1 OR key = ?2) AND archived = 0
              ORDER BY name = ?1 DESC LIMIT 1",
        )?
        .query_row(params![name, BuiltIn::Purpose.key_named(name)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (id, basis) = row.ok_or_else(|| Error::NotFound {
        kind: "purpose",
        id: format!("named {name:?}"),
    })?;
    Ok((id, LegalBasis::parse(&basis)?))
}

/// A source's id, by its stored name or a built-in one's name in any language.
pub(crate) fn source_by_name(conn: &Connection, name: &str) -> Result<String> {
    conn.prepare_cached(
        "SELECT id FROM sources WHERE (name = ?1 OR key = ?2) AND archived = 0
          ORDER BY name = ?1 DESC LIMIT 1",
    )?
    .query_row(params![name, BuiltIn::Source.key_named(name)], |r| r.get(0))
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "source",
        id: format!("named {name:?}"),
    })
}

/// Purposes as (name, default legal basis, description).
pub(crate) fn purposes(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT name, default_legal_basis, description FROM purposes WHERE archived = 0 ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert_user(
    conn: &Connection,
    id: Uuid,
    name: &str,
    role: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO users (id, display_name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id.to_string(), name, role, now],
    )?;
    Ok(())
}

pub(crate) fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The settings key of the business's country (see `notice`).
pub(crate) const BUSINESS_COUNTRY_SETTING: &str = "business.country";

/// The business's country (ISO 3166 alpha-2), if set: the country of a phone number typed
/// without a country code for someone whose own country is not known.
pub(crate) fn business_country(conn: &Connection) -> Result<Option<String>> {
    setting(conn, BUSINESS_COUNTRY_SETTING)
}

/// The settings key of the vault's language (see `settings`).
pub(crate) const LANGUAGE_SETTING: &str = "language";

/// The vault's chosen language, if any: the order of names for a list that names none.
pub(crate) fn vault_language(conn: &Connection) -> Result<Option<crate::types::Language>> {
    Ok(setting(conn, LANGUAGE_SETTING)?
        .as_deref()
        .and_then(crate::types::Language::parse))
}

pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Stores a setting, or removes it when there is no value.
pub(crate) fn put_setting(conn: &Connection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => set_setting(conn, key, v),
        None => delete_setting(conn, key),
    }
}

pub(crate) fn delete_setting(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}

pub(crate) fn user_name(conn: &Connection, id: Uuid) -> Result<String> {
    conn.query_row(
        "SELECT display_name FROM users WHERE id = ?1",
        [id.to_string()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "user",
        id: format!("with id {id}"),
    })
}
