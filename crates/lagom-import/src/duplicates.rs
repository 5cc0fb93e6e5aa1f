//! Finding the same person twice: exactly, by a normalised e-mail address or E.164 phone
//! number; and fuzzily, by name and organisation (Jaro-Winkler, `strsim`), compared only
//! within blocks of people whose folded last names share their first three letters and whose
//! first names share their first two, so that a million people are not compared pairwise.
//!
//! The index is filled with the people already in the vault and then with the file's rows one
//! by one; each new row is checked against everything before it, so duplicates within the
//! file and against the vault are found the same way.

use std::collections::HashMap;

use serde::Serialize;

/// How sure a match is, and why.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum MatchReason {
    /// The same e-mail address.
    Email,
    /// The same phone number.
    Phone,
    /// Names (and organisations) alike.
    Name {
        /// Jaro-Winkler similarity of the names, 0–1.
        score: f64,
    },
}

/// What the index needs of a person. Values are already normalised (e-mail lower-cased,
/// phone in E.164).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidate {
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number in E.164.
    pub phone: Option<String>,
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Organisation.
    pub organisation: Option<String>,
}

/// A match of a new person with one seen before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match<K> {
    /// The one seen before.
    pub earlier: K,
    /// Why they match.
    pub reason: MatchReason,
}

/// The lowest name similarity that counts as a match.
pub const NAME_THRESHOLD: f64 = 0.93;
/// The lowest organisation similarity when both have one.
pub const ORGANISATION_THRESHOLD: f64 = 0.85;

fn fold(text: &str) -> String {
    crate::mapping::fold_header(text)
}

struct Member<K> {
    key: K,
    organisation: String,
    email: Option<String>,
    phone: Option<String>,
}

/// Everyone seen so far, by e-mail, phone and name block. Within a block people are grouped
/// by their folded name, so a name shared by many is compared once.
pub struct DuplicateIndex<K> {
    by_email: HashMap<String, K>,
    by_phone: HashMap<String, K>,
    blocks: HashMap<String, HashMap<String, Vec<Member<K>>>>,
    /// Distinct names compared so far (the cost that blocking keeps down).
    pub comparisons: u64,
}

impl<K> Default for DuplicateIndex<K> {
    fn default() -> Self {
        Self {
            by_email: HashMap::new(),
            by_phone: HashMap::new(),
            blocks: HashMap::new(),
            comparisons: 0,
        }
    }
}

fn block_key(first: &str, last: &str) -> Option<String> {
    let last: String = fold(last)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(3)
        .collect();
    let first: String = fold(first)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(2)
        .collect();
    (!last.is_empty() && !first.is_empty()).then(|| format!("{last}|{first}"))
}

impl<K: Clone> DuplicateIndex<K> {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// The best match for `c` among those added before, if any: an exact e-mail or phone
    /// match first, else the most similar name above the threshold.
    pub fn find(&mut self, c: &Candidate) -> Option<Match<K>> {
        if let Some(k) = c.email.as_ref().and_then(|e| self.by_email.get(e)) {
            return Some(Match {
                earlier: k.clone(),
                reason: MatchReason::Email,
            });
        }
        if let Some(k) = c.phone.as_ref().and_then(|p| self.by_phone.get(p)) {
            return Some(Match {
                earlier: k.clone(),
                reason: MatchReason::Phone,
            });
        }
        let block = block_key(&c.first_name, &c.last_name)?;
        let name = fold(&format!("{} {}", c.first_name, c.last_name));
        let organisation = fold(c.organisation.as_deref().unwrap_or(""));
        let differs =
            |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(x), Some(y)) if x != y);
        let mut best: Option<(f64, &K)> = None;
        for (other_name, members) in self.blocks.get(&block).into_iter().flatten() {
            self.comparisons += 1;
            let score = strsim::jaro_winkler(&name, other_name);
            if score < NAME_THRESHOLD || best.is_some_and(|(b, _)| score <= b) {
                continue;
            }
            // The same name with another e-mail address or phone number, or at another firm,
            // is another person.
            let same_person = members.iter().find(|m| {
                !differs(&c.email, &m.email)
                    && !differs(&c.phone, &m.phone)
                    && (organisation.is_empty()
                        || m.organisation.is_empty()
                        || strsim::jaro_winkler(&organisation, &m.organisation)
                            >= ORGANISATION_THRESHOLD)
            });
            if let Some(m) = same_person {
                best = Some((score, &m.key));
            }
        }
        best.map(|(score, k)| Match {
            earlier: k.clone(),
            reason: MatchReason::Name { score },
        })
    }

    /// Adds a person so later ones are checked against them.
    pub fn add(&mut self, key: K, c: &Candidate) {
        if let Some(e) = &c.email {
            self.by_email
                .entry(e.clone())
                .or_insert_with(|| key.clone());
        }
        if let Some(p) = &c.phone {
            self.by_phone
                .entry(p.clone())
                .or_insert_with(|| key.clone());
        }
        if let Some(block) = block_key(&c.first_name, &c.last_name) {
            let name = fold(&format!("{} {}", c.first_name, c.last_name));
            self.blocks
                .entry(block)
                .or_default()
                .entry(name)
                .or_default()
                .push(Member {
                    key,
                    organisation: fold(c.organisation.as_deref().unwrap_or("")),
                    email: c.email.clone(),
                    phone: c.phone.clone(),
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(first: &str, last: &str, email: &str, phone: &str, org: &str) -> Candidate {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Candidate {
            email: opt(email),
            phone: opt(phone),
            first_name: first.into(),
            last_name: last.into(),
            organisation: opt(org),
        }
    }

    #[test]
    fn exact_matches_by_email_and_phone() {
        let mut index = DuplicateIndex::new();
        index.add(
            "vault:1",
            &person("Kari", "Nordmann", "kari@example.no", "+4791234567", ""),
        );
        let by_email = index
            .find(&person("K.", "N.", "kari@example.no", "", ""))
            .unwrap();
        assert_eq!(
            (by_email.earlier, by_email.reason),
            ("vault:1", MatchReason::Email)
        );
        let by_phone = index.find(&person("", "", "", "+4791234567", "")).unwrap();
        assert_eq!(by_phone.reason, MatchReason::Phone);
    }

    #[test]
    fn fuzzy_matches_by_name_within_the_same_organisation() {
        let mut index = DuplicateIndex::new();
        index.add(1, &person("Bjørn", "Kjær", "", "", "Fjord Rør AS"));
        let m = index
            .find(&person("Bjorn", "Kjaer", "", "", "Fjord Ror AS"))
            .unwrap();
        assert_eq!(m.earlier, 1);
        assert!(matches!(m.reason, MatchReason::Name { score } if score > 0.95));
        assert!(
            index
                .find(&person("Bjørn", "Kjær", "", "", "Nordlys Regnskap"))
                .is_none(),
            "another firm"
        );
        assert!(
            index
                .find(&person("Bjarne", "Kjærstad", "", "", ""))
                .is_none(),
            "another person"
        );
        assert!(
            index.find(&person("Bjørn", "Kjær", "", "", "")).is_some(),
            "no firm given"
        );
    }

    #[test]
    fn blocking_keeps_comparisons_few() {
        let mut index = DuplicateIndex::new();
        let firsts = [
            "Kari", "Ola", "Per", "Åse", "Bjørn", "Ingrid", "Lars", "Sigrid", "Magnus", "Astrid",
            "Erik", "Liv", "Mette", "Jens", "Karin", "Nils",
        ];
        let lasts = [
            "Hansen", "Olsen", "Berg", "Dahl", "Lund", "Moe", "Vik", "Holm", "Kjær", "Strøm",
            "Bakke", "Fjeld",
        ];
        for i in 0..8000 {
            let c = person(
                firsts[i % firsts.len()],
                lasts[i / firsts.len() % lasts.len()],
                "",
                "",
                &format!("Firma {}", i % 500),
            );
            index.find(&c);
            index.add(i, &c);
        }
        // Without blocks: 8000² / 2 = 32 million comparisons.
        assert!(
            index.comparisons < 32_000_000 / 100,
            "{} comparisons",
            index.comparisons
        );
    }
}
