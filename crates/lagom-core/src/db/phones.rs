//! The upgrade that stores phone numbers typed by hand in E.164, as numbers typed now are
//! (`people::contacts::normalise_phone`): each number not yet in E.164 is read in its own
//! country when written with a country code, else in its person's (or organisation's)
//! country, else the business's. Only where that is unambiguous: a number with no country to
//! read it in, or not valid there, stays as written, and so does one that would become a
//! number the person already has.

use rusqlite::{Connection, params};

use crate::Result;
use crate::db::lists;
use lagom_import::normalise::{has_country_code, is_e164, phone, phone_region};

/// The E.164 form of a number written by hand, when one can be told without guessing.
fn e164(written: &str, own: Option<&str>, home: Option<&str>) -> Option<String> {
    if is_e164(written) {
        return None;
    }
    if has_country_code(written) {
        return phone(written, "ZZ").ok();
    }
    let region = own.and_then(phone_region).or(home.and_then(phone_region))?;
    phone(written, region).ok()
}

/// Rewrites the numbers of people (every one of their numbers, and the primary on their row
/// with it) and of organisations. The caller fills the search index again afterwards, since
/// numbers are search terms.
pub(crate) fn to_e164(conn: &Connection) -> Result<()> {
    let home = lists::business_country(conn)?;
    let home = home.as_deref();
    let numbers: Vec<(String, String, Option<String>)> = conn
        .prepare(
            "SELECT c.person_id, c.value, p.country FROM contact_points c
             JOIN people p ON p.id = c.person_id
             WHERE c.channel = 'phone' AND NOT (c.value GLOB '+[0-9]*'
                   AND c.value NOT GLOB '+*[^0-9]*')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (person, written, country) in numbers {
        let Some(stored) = e164(&written, country.as_deref(), home) else {
            continue;
        };
        // OR IGNORE: the person already has the number in E.164, so this copy stays as it is.
        let changed = conn.execute(
            "UPDATE OR IGNORE contact_points SET value = ?3
             WHERE person_id = ?1 AND channel = 'phone' AND value = ?2",
            params![person, written, stored],
        )?;
        if changed == 1 {
            conn.execute(
                "UPDATE people SET phone = ?3 WHERE id = ?1 AND phone = ?2",
                params![person, written, stored],
            )?;
        }
    }
    let organisations: Vec<(i64, String, Option<String>)> = conn
        .prepare("SELECT pk, phone, country FROM organisations WHERE phone IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (pk, written, country) in organisations {
        if let Some(stored) = e164(&written, country.as_deref(), home) {
            conn.execute(
                "UPDATE organisations SET phone = ?2 WHERE pk = ?1",
                params![pk, stored],
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_read_in_its_own_country_code_then_the_persons_then_the_business() {
        assert_eq!(
            e164("+47 912 34 567", Some("SE"), None).as_deref(),
            Some("+4791234567")
        );
        assert_eq!(
            e164("070-123 45 67", Some("SE"), Some("NO")).as_deref(),
            Some("+46701234567")
        );
        assert_eq!(
            e164("912 34 567", None, Some("NO")).as_deref(),
            Some("+4791234567")
        );
        assert_eq!(
            e164("912 34 567", Some("Norge"), Some("NO")).as_deref(),
            Some("+4791234567")
        );
    }

    #[test]
    fn what_cannot_be_told_stays_as_written() {
        // No country anywhere, not valid in the country, already E.164.
        assert_eq!(e164("912 34 567", None, None), None);
        assert_eq!(e164("123 45", Some("NO"), None), None);
        assert_eq!(e164("+4791234567", Some("NO"), None), None);
    }
}
