//! The register-wide search: everyone compared with everyone who shares a blocking key with
//! them, each pair once. It is the importer's search run over the whole register: each person
//! is checked against those before them, then added.

use super::index::{Found, Matcher};
use super::record::OwnedRecord;
use super::score::Scored;

/// Two people who may be one.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair<K> {
    /// The one that came first.
    pub a: K,
    /// The one that came later.
    pub b: K,
    /// How alike they are, and why.
    pub scored: Scored,
}

/// What a search of the whole register did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanStats {
    /// People compared.
    pub people: u64,
    /// Pairs scored (what blocking keeps down: without it, every pair).
    pub comparisons: u64,
}

/// Every pair of `records` at or above [`super::REVIEW_THRESHOLD`], each once, given to
/// `each` as it is found (a person's pairs with those before them, best first). Memory is the
/// matcher's (about a hundred bytes a person) and nothing per pair.
pub fn scan_with<K: Clone>(
    records: impl IntoIterator<Item = (K, OwnedRecord)>,
    mut each: impl FnMut(Pair<K>),
) -> ScanStats {
    let mut matcher = Matcher::new();
    for (key, record) in records {
        let found = record.with_record(|r| matcher.find_all_and_add(key.clone(), r));
        for Found { earlier, scored } in found {
            each(Pair {
                a: earlier,
                b: key.clone(),
                scored,
            });
        }
    }
    ScanStats {
        people: matcher.len() as u64,
        comparisons: matcher.comparisons(),
    }
}

/// Every pair of `records` at or above [`super::REVIEW_THRESHOLD`], each once, best first
/// (so each person's pairs are best first too; of equals, in the order found).
pub fn scan<K: Clone>(records: impl IntoIterator<Item = (K, OwnedRecord)>) -> Vec<Pair<K>> {
    let mut pairs = Vec::new();
    scan_with(records, |p| pairs.push(p));
    pairs.sort_by(|x, y| y.scored.score.total_cmp(&x.scored.score));
    pairs
}
