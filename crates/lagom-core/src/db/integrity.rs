//! What SQLCipher's and SQLite's integrity checks found, in a few plain sentences.
//!
//! One flipped byte fails one page's authentication code, and `PRAGMA cipher_integrity_check`
//! names that page alone. SQLite's own structure check (`PRAGMA quick_check`) then makes it
//! look like a hundred: once SQLCipher refuses a page it puts the pager in its error state, so
//! every page the check reads after that fails too ("btreeInitPage() returns error code 11",
//! "never used"), until the check stops at its limit of 100 errors. So the damaged pages are
//! named (grouped into ranges) and what follows from them is only counted.

/// SQLCipher's words for a page whose authentication code does not match.
const HMAC_FAILED: &str = "HMAC verification failed for page ";

/// The most page ranges named before the rest is only counted.
const MAX_RANGES: usize = 8;

/// How many errors `PRAGMA quick_check` reports before it stops (SQLite's default).
const QUICK_CHECK_LIMIT: usize = 100;

/// What to do about damage the checks found.
const REMEDY: &str = "restore the vault from a backup";

/// Turns the rows of `PRAGMA cipher_integrity_check` and `PRAGMA quick_check` into the
/// problems to show, for a database of `pages` pages: empty when both found nothing.
pub(crate) fn problems(cipher: &[String], structure: &[String], pages: i64) -> Vec<String> {
    let mut damaged = Vec::new();
    let mut other = Vec::new();
    for row in cipher {
        match row
            .strip_prefix(HMAC_FAILED)
            .and_then(|n| n.trim().parse::<u32>().ok())
        {
            Some(page) => damaged.push(page),
            None => other.push(row.trim()),
        }
    }
    damaged.sort_unstable();
    damaged.dedup();
    // quick_check answers "ok", or one row per database with one error per line.
    let structure: Vec<&str> = structure
        .iter()
        .flat_map(|row| row.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "ok" && !l.starts_with("*** in database"))
        .collect();

    let mut problems = Vec::new();
    if !damaged.is_empty() {
        let noun = if damaged.len() == 1 { "page" } else { "pages" };
        problems.push(format!(
            "vault.db: {} damaged {noun} ({noun} {} of {pages}): {REMEDY}",
            damaged.len(),
            ranges(&damaged),
        ));
    }
    problems.extend(other.iter().map(|o| format!("vault.db: {o}")));
    match structure.as_slice() {
        [] => {}
        found if !problems.is_empty() => problems.push(format!(
            "vault.db: SQLite's structure check then reported {} error{}{}, which follow from \
             the damage above: it cannot read on past a damaged page",
            found.len(),
            plural(found.len()),
            if found.len() >= QUICK_CHECK_LIMIT {
                " (its limit)"
            } else {
                ""
            },
        )),
        [first, rest @ ..] => problems.push(format!(
            "vault.db: SQLite's structure check found {} problem{} (the first: {first}): {REMEDY}",
            rest.len() + 1,
            plural(rest.len() + 1),
        )),
    }
    problems
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Sorted page numbers as ranges ("3-5, 9, 12"), the first [`MAX_RANGES`] of them.
fn ranges(pages: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &page in pages {
        match runs.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(page) => *last = page,
            _ => runs.push((page, page)),
        }
    }
    let mut text: Vec<String> = runs
        .iter()
        .take(MAX_RANGES)
        .map(|&(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            }
        })
        .collect();
    if runs.len() > MAX_RANGES {
        let more: u32 = runs[MAX_RANGES..].iter().map(|(f, l)| l - f + 1).sum();
        text.push(format!("and {more} more"));
    }
    text.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cipher: &[&str], structure: &[&str], pages: i64, expect: &[&str]) {
        let owned = |rows: &[&str]| rows.iter().map(|r| (*r).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            problems(&owned(cipher), &owned(structure), pages),
            expect.to_vec()
        );
    }

    #[test]
    fn an_intact_database_has_no_problems() {
        check(&[], &["ok"], 140, &[]);
    }

    #[test]
    fn one_damaged_page_is_named_and_what_follows_counted() {
        let follow = "*** in database main ***\nTree 41 page 41: btreeInitPage() returns error \
                      code 11\nTree 33 page 33: btreeInitPage() returns error code 11\nPage 133: \
                      never used";
        check(
            &["HMAC verification failed for page 41"],
            &[follow],
            225,
            &[
                "vault.db: 1 damaged page (page 41 of 225): restore the vault from a backup",
                "vault.db: SQLite's structure check then reported 3 errors, which follow from the \
                 damage above: it cannot read on past a damaged page",
            ],
        );
    }

    #[test]
    fn a_structure_check_cut_off_at_its_limit_says_so() {
        let follow: Vec<String> = (1..=100).map(|n| format!("Page {n}: never used")).collect();
        let found = problems(
            &["HMAC verification failed for page 7".to_owned()],
            &[follow.join("\n")],
            140,
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[1].contains("100 errors (its limit)"), "{found:?}");
    }

    #[test]
    fn damaged_pages_are_grouped_into_ranges() {
        assert_eq!(ranges(&[3, 4, 5, 9, 12, 13]), "3-5, 9, 12-13");
        let many: Vec<u32> = (1..=30).map(|n| n * 3).collect();
        assert_eq!(ranges(&many), "3, 6, 9, 12, 15, 18, 21, 24, and 22 more");
        check(
            &[
                "HMAC verification failed for page 13",
                "HMAC verification failed for page 12",
                "HMAC verification failed for page 80",
            ],
            &["ok"],
            140,
            &[
                "vault.db: 3 damaged pages (pages 12-13, 80 of 140): restore the vault from a backup",
            ],
        );
    }

    #[test]
    fn other_cipher_findings_are_kept_as_sqlcipher_words_them() {
        check(
            &["page 141 has an invalid size of 100 bytes (expected 4096 bytes)"],
            &["ok"],
            140,
            &["vault.db: page 141 has an invalid size of 100 bytes (expected 4096 bytes)"],
        );
    }

    #[test]
    fn structure_errors_alone_are_the_finding() {
        check(
            &[],
            &[
                "*** in database main ***\nrow 5 missing from index people_email\nPage 9: never used",
            ],
            140,
            &[
                "vault.db: SQLite's structure check found 2 problems (the first: row 5 missing \
                 from index people_email): restore the vault from a backup",
            ],
        );
    }
}
