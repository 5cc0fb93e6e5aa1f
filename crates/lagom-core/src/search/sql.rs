//! SQL for the people search index, `person_search`: a contentless FTS5 table with
//! `secure-delete` (migration 0005). It keeps no text of its own, so a row is taken out by
//! naming the terms it was indexed under (FTS5's `'delete'` command), and secure-delete then
//! removes those entries from the index's pages at once, terms whose last entry they were
//! included, instead of leaving them in old segments until a merge.
//!
//! One thing FTS5 leaves behind: each leaf page after a segment's first is found through a
//! key in `person_search_idx`, the shortest prefix of the page's first term that sorts after
//! the page before. When secure-delete removes a page's first term, or a merge drops the
//! pages it has copied, the key stays as it was: a fragment of a term that may be gone
//! (`zyxkvistg` of an erased `zyxkvistgard`). So every removal is noted in a temporary
//! table, and before the transaction commits [`settle`] replaces each such key by a prefix of
//! the page's present first term, or drops it when its page is gone. Removing a person
//! therefore costs a few index lookups, whatever the size of the vault.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::search;

/// FTS5's leaf page number bits in a `person_search_data` id (`FTS5_DATA_PAGE_B`,
/// `FTS5_DATA_HEIGHT_B` and `FTS5_DATA_DLI_B` in fts5_index.c): a segment's leaf is
/// `segid << 37 | page`.
const SEGMENT_SHIFT: u32 = 37;

/// The table's prefix indexes (`prefix = '2 3'`), in characters. FTS5 keeps the main index's
/// terms under the byte `'0'` and the prefix indexes' under `'1'`, `'2'`, in this order.
const PREFIXES: [usize; 2] = [2, 3];

/// Above this many removed terms, [`settle`] reads the whole key table once instead of
/// looking each term up in each segment.
const SCAN_ABOVE: usize = 2_000;

/// Where removals wait for [`settle`]; in memory (`temp_store = MEMORY`) and gone on
/// rollback with the removals themselves.
const REMOVED_TABLE: &str =
    "CREATE TEMP TABLE IF NOT EXISTS person_search_removed (terms TEXT NOT NULL)";

/// Indexes a row under its terms (words separated by spaces).
pub(crate) fn insert(conn: &Connection, pk: i64, terms: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO person_search (rowid, terms) VALUES (?1, ?2)")?
        .execute(params![pk, terms])?;
    Ok(())
}

/// Takes a row out of the index. `terms` must be exactly what it was indexed under: FTS5
/// cannot tell, and entries under any other term would stay.
pub(crate) fn remove(conn: &Connection, pk: i64, terms: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO person_search (person_search, rowid, terms) VALUES ('delete', ?1, ?2)",
    )?
    .execute(params![pk, terms])?;
    conn.prepare_cached(REMOVED_TABLE)?.execute([])?;
    conn.prepare_cached("INSERT INTO temp.person_search_removed (terms) VALUES (?1)")?
        .execute([terms])?;
    Ok(())
}

/// Empties the index and fills it again with `rows` (row key and terms).
pub(crate) fn rebuild(
    conn: &Connection,
    rows: impl IntoIterator<Item = Result<(i64, String)>>,
) -> Result<()> {
    conn.execute_batch("INSERT INTO person_search (person_search) VALUES ('delete-all');")?;
    for row in rows {
        let (pk, terms) = row?;
        insert(conn, pk, &terms)?;
    }
    Ok(())
}

/// Clears the keys that name terms removed in this transaction (see the module's
/// documentation). Run before every commit; nothing to do unless something was removed.
pub(crate) fn settle(conn: &Connection) -> Result<()> {
    conn.prepare_cached(REMOVED_TABLE)?.execute([])?;
    let mut words = BTreeSet::new();
    {
        let mut stmt = conn.prepare_cached("SELECT terms FROM temp.person_search_removed")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let terms: String = row.get(0)?;
            words.extend(
                terms
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned),
            );
        }
    }
    if words.is_empty() {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM temp.person_search_removed")?
        .execute([])?;
    // The deletions are applied to the pages when pending changes are written out.
    conn.execute_batch("INSERT INTO person_search (person_search) VALUES ('flush');")?;
    let keys = index_keys(&words);
    let candidates = if keys.len() > SCAN_ABOVE {
        scan_candidates(conn, &keys)?
    } else {
        seek_candidates(conn, &keys)?
    };
    for key in candidates {
        if !repair(conn, &key)? {
            // A page in a shape this code does not expect: merging everything into one
            // segment rewrites every key from live terms, at a cost that grows with the
            // vault but leaves nothing behind.
            conn.execute_batch("INSERT INTO person_search (person_search) VALUES ('optimize');")?;
            break;
        }
    }
    Ok(())
}

/// The removed words as the index stores them: each under the main index's byte, and its
/// first characters under each prefix index's.
fn index_keys(words: &BTreeSet<String>) -> BTreeSet<Vec<u8>> {
    let mut keys = BTreeSet::new();
    for word in words {
        let mut key = vec![b'0'];
        key.extend_from_slice(word.as_bytes());
        keys.insert(key);
        for (i, &chars) in PREFIXES.iter().enumerate() {
            if let Some((end, _)) = word.char_indices().nth(chars - 1) {
                let len = end + word[end..].chars().next().map_or(0, char::len_utf8);
                let mut key = vec![b'1' + i as u8];
                key.extend_from_slice(&word.as_bytes()[..len]);
                keys.insert(key);
            }
        }
    }
    keys
}

/// An entry of `person_search_idx`: the segment, the key, and the page number as stored
/// (shifted left by one, the low bit marking a doclist index).
struct IdxKey {
    segid: i64,
    term: Vec<u8>,
    pgno: i64,
}

/// Whether `key` may be a fragment of one of `terms`: more than the index byte, and a prefix
/// of one of them.
fn names_removed(key: &[u8], terms: &BTreeSet<Vec<u8>>) -> bool {
    key.len() > 1
        && terms
            .range(key.to_vec()..)
            .next()
            .is_some_and(|t| t.starts_with(key))
}

/// For each removed term and segment, the key of the page the term would be on.
fn seek_candidates(conn: &Connection, terms: &BTreeSet<Vec<u8>>) -> Result<Vec<IdxKey>> {
    let mut segments = Vec::new();
    let mut next = conn.prepare_cached(
        "SELECT segid FROM person_search_idx WHERE segid > ?1 ORDER BY segid LIMIT 1",
    )?;
    let mut last = -1i64;
    while let Some(segid) = next.query_row([last], |r| r.get(0)).optional()? {
        segments.push(segid);
        last = segid;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT term, pgno FROM person_search_idx WHERE segid = ?1 AND term <= ?2
         ORDER BY term DESC LIMIT 1",
    )?;
    let mut found = Vec::new();
    for term in terms {
        for &segid in &segments {
            let row = stmt
                .query_row(params![segid, term], |r| {
                    Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?))
                })
                .optional()?;
            if let Some((key, pgno)) = row
                && key.len() > 1
                && term.starts_with(&key)
            {
                found.push(IdxKey {
                    segid,
                    term: key,
                    pgno,
                });
            }
        }
    }
    found.sort_by(|a, b| (a.segid, &a.term).cmp(&(b.segid, &b.term)));
    found.dedup_by(|a, b| a.segid == b.segid && a.term == b.term);
    Ok(found)
}

/// Every key that is a prefix of a removed term, by one pass over the key table.
fn scan_candidates(conn: &Connection, terms: &BTreeSet<Vec<u8>>) -> Result<Vec<IdxKey>> {
    let mut stmt = conn.prepare_cached("SELECT segid, term, pgno FROM person_search_idx")?;
    let mut rows = stmt.query([])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        let term: Vec<u8> = row.get(1)?;
        if names_removed(&term, terms) {
            found.push(IdxKey {
                segid: row.get(0)?,
                term,
                pgno: row.get(2)?,
            });
        }
    }
    Ok(found)
}

/// Makes one key name a live term: left alone when its page still starts with it, dropped
/// when its page is gone (merged away; lookups start at the segment's first page then),
/// else replaced by the shortest prefix of the page's first term that sorts after it, which
/// still sorts after every term on the pages before. Returns false for a page this code
/// cannot read.
fn repair(conn: &Connection, key: &IdxKey) -> Result<bool> {
    let leaf = (key.segid << SEGMENT_SHIFT) + (key.pgno >> 1);
    let block: Option<Vec<u8>> = conn
        .prepare_cached("SELECT block FROM person_search_data WHERE id = ?1")?
        .query_row([leaf], |r| r.get(0))
        .optional()?;
    let Some(block) = block else {
        conn.prepare_cached("DELETE FROM person_search_idx WHERE segid = ?1 AND term = ?2")?
            .execute(params![key.segid, key.term])?;
        return Ok(true);
    };
    let Some(first) = first_term(&block) else {
        return Ok(false);
    };
    if first.starts_with(&key.term) {
        return Ok(true);
    }
    if first <= key.term.as_slice() {
        return Ok(false);
    }
    let shared = first
        .iter()
        .zip(&key.term)
        .take_while(|(a, b)| a == b)
        .count();
    conn.prepare_cached("UPDATE person_search_idx SET term = ?3 WHERE segid = ?1 AND term = ?2")?
        .execute(params![key.segid, key.term, &first[..=shared]])?;
    Ok(true)
}

/// The first term on an FTS5 leaf page: the page's footer (from the offset in bytes 2–3)
/// starts with the first term's offset, where the term is stored whole, its length first.
fn first_term(page: &[u8]) -> Option<&[u8]> {
    let footer = usize::from(u16::from_be_bytes([*page.get(2)?, *page.get(3)?]));
    let (offset, _) = varint(page.get(footer..)?)?;
    let at = usize::try_from(offset).ok()?;
    let (len, used) = varint(page.get(at..footer)?)?;
    let start = at + used;
    let term = page.get(start..start.checked_add(usize::try_from(len).ok()?)?)?;
    (!term.is_empty() && start + term.len() <= footer).then_some(term)
}

/// An SQLite varint: big-endian groups of seven bits, the ninth byte whole. Returns the
/// value and the bytes it took.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(9) {
        if i == 8 {
            return Some(((value << 8) | u64::from(b), 9));
        }
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// The terms a person is found by: names, e-mail and organisation folded (see
/// [`crate::search::index_terms`]), the customer number as written and with its digit groups
/// joined, and the phone number's digit forms.
pub(crate) fn terms_of(
    [first_name, last_name]: [&str; 2],
    emails: &[&str],
    phones: &[&str],
    customer_number: Option<&str>,
    organisation: Option<&str>,
) -> String {
    let mut terms = search::index_terms(
        [first_name, last_name]
            .into_iter()
            .chain(emails.iter().copied())
            .chain([organisation.unwrap_or("")]),
    );
    if let Some(number) = customer_number {
        let number = search::customer_number_terms(number);
        if !number.is_empty() {
            if !terms.is_empty() {
                terms.push(' ');
            }
            terms.push_str(&number);
        }
    }
    for phone in phones {
        let digits = search::phone_terms(phone);
        if !digits.is_empty() {
            terms.push(' ');
            terms.push_str(&digits);
        }
    }
    terms
}

/// The terms the person at `pk` is indexed under, made from the row as it is stored now,
/// with the name of their organisation and their further addresses and numbers. The index
/// cannot tell what it holds for a row, so this is what a removal names: call it before the
/// row, the organisation or the addresses change.
pub(crate) fn stored_terms(conn: &Connection, pk: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(&format!("{TERM_COLUMNS} WHERE p.pk = ?1"))?
        .query_row([pk], terms_row)
        .optional()?
        .map(|(_, terms)| terms))
}

/// The columns the search terms are made of, for [`terms_row`]: a person's further
/// addresses and numbers (schema 9 on) come after the primary ones.
const TERM_COLUMNS: &str = "SELECT p.pk, p.first_name, p.last_name, p.email, p.phone, o.name,
            p.customer_number,
            (SELECT group_concat(c.value, char(31)) FROM contact_points c
              WHERE c.person_id = p.id AND c.channel = 'email' AND c.is_primary = 0),
            (SELECT group_concat(c.value, char(31)) FROM contact_points c
              WHERE c.person_id = p.id AND c.channel = 'phone' AND c.is_primary = 0)
     FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id";

/// The values of one channel: the primary, then the others [`TERM_COLUMNS`] joins.
fn listed<'a>(primary: Option<&'a str>, more: Option<&'a str>) -> Vec<&'a str> {
    primary
        .into_iter()
        .chain(crate::text::joined_values(more))
        .collect()
}

fn terms_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String)> {
    let (email, phone) = (
        r.get::<_, Option<String>>(3)?,
        r.get::<_, Option<String>>(4)?,
    );
    let (more_emails, more_phones) = (
        r.get::<_, Option<String>>(7)?,
        r.get::<_, Option<String>>(8)?,
    );
    Ok((
        r.get(0)?,
        terms_of(
            [&r.get::<_, String>(1)?, &r.get::<_, String>(2)?],
            &listed(email.as_deref(), more_emails.as_deref()),
            &listed(phone.as_deref(), more_phones.as_deref()),
            r.get::<_, Option<String>>(6)?.as_deref(),
            r.get::<_, Option<String>>(5)?.as_deref(),
        ),
    ))
}

/// Fills the search index again from every stored person. Also run by the migration that
/// recreated the index (schema 5), before later migrations added columns the terms are made
/// of: those are read as empty when the table does not have them yet.
pub(crate) fn reindex_everyone(conn: &Connection) -> Result<()> {
    let has_customer_number: bool = conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info('people') WHERE name = 'customer_number'",
        [],
        |r| r.get(0),
    )?;
    let has_contact_points: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'contact_points'",
        [],
        |r| r.get(0),
    )?;
    let mut columns = std::borrow::Cow::Borrowed(TERM_COLUMNS);
    if !has_customer_number {
        columns = columns.replace("p.customer_number", "NULL").into();
    }
    if !has_contact_points {
        columns = columns
            .replace(
                "FROM contact_points c",
                "FROM (SELECT NULL AS value WHERE 0) c",
            )
            .replace(
                "WHERE c.person_id = p.id AND c.channel = 'email' AND c.is_primary = 0",
                "",
            )
            .replace(
                "WHERE c.person_id = p.id AND c.channel = 'phone' AND c.is_primary = 0",
                "",
            )
            .into();
    }
    let mut stmt = conn.prepare(&columns)?;
    let rows = stmt.query_map([], terms_row)?;
    rebuild(conn, rows.map(|r| r.map_err(Into::into)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_read_like_sqlites() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x81, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0x82, 0x80, 0x01]), Some((0x8001, 3)));
        assert_eq!(varint(&[0x80]), None);
    }

    #[test]
    fn the_first_term_of_a_leaf_is_read_from_its_footer() {
        // Header (no rowid pointer, footer at 12), term "0ab" stored whole at offset 4,
        // a doclist, then the footer naming offset 4.
        let page = [0, 0, 0, 12, 3, b'0', b'a', b'b', 1, 2, 0, 0, 4];
        assert_eq!(first_term(&page), Some(&b"0ab"[..]));
        // A page without a footer holds no term.
        assert_eq!(first_term(&[0, 4, 0, 8, 1, 2, 3, 4]), None);
    }

    #[test]
    fn removed_words_are_looked_for_in_every_index() {
        let words = BTreeSet::from(["bjorn".to_owned(), "no".to_owned(), "ø".to_owned()]);
        let keys: Vec<String> = index_keys(&words)
            .into_iter()
            .map(|k| String::from_utf8(k).unwrap())
            .collect();
        assert_eq!(keys, ["0bjorn", "0no", "0ø", "1bj", "1no", "2bjo"]);
    }

    #[test]
    fn a_key_names_a_removed_term_when_it_is_a_prefix_of_one() {
        let terms = BTreeSet::from([b"0zyxkvistgard".to_vec()]);
        assert!(names_removed(b"0zyxkvistg", &terms));
        assert!(!names_removed(b"0zyxa", &terms));
        assert!(!names_removed(b"0", &terms));
    }
}
