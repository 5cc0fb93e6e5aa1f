//! The duplicate index Lagom used before `lagom_import::matching`, kept as it was (less its
//! serialisation) as the baseline of `benches/duplicates.rs`: an exact e-mail address or
//! phone first, else Jaro-Winkler ≥ 0.93 on the full name within blocks of the first three
//! letters of the last name and the first two of the first name, for people without a
//! different e-mail address or phone.

#![allow(dead_code)]

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

/// How sure a match is, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// E-mail address.
    pub email: Option<&'a str>,
    /// Phone number in E.164.
    pub phone: Option<&'a str>,
    /// Given name(s).
    pub first_name: &'a str,
    /// Family name.
    pub last_name: &'a str,
    /// Organisation.
    pub organisation: Option<&'a str>,
}

/// A match of a new person with one seen before.
#[derive(Debug, Clone, PartialEq)]
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
    lagom_import::mapping::fold_header(text)
}

/// Interned organisation; 0 is "none".
type OrgId = u32;

struct Member<K> {
    key: K,
    organisation: OrgId,
    has_email: bool,
    has_phone: bool,
}

/// People of one folded name within a block, with counts of those who could still be the
/// same as someone new (see [`DuplicateIndex::find`]).
struct NameGroup<K> {
    members: Vec<Member<K>>,
    without_email: u32,
    without_phone: u32,
    without_either: u32,
}

/// Everyone seen so far, by e-mail, phone and name block. Within a block people are grouped
/// by their folded name, so a name shared by many is compared once.
pub struct DuplicateIndex<K> {
    hashers: (RandomState, RandomState),
    by_email: HashMap<u128, K>,
    by_phone: HashMap<u128, K>,
    blocks: HashMap<Box<str>, HashMap<Box<str>, NameGroup<K>>>,
    organisations: Vec<Box<str>>,
    organisation_ids: HashMap<u128, OrgId>,
    /// Distinct names compared so far (the cost that blocking keeps down).
    pub comparisons: u64,
}

impl<K> Default for DuplicateIndex<K> {
    fn default() -> Self {
        Self {
            hashers: (RandomState::new(), RandomState::new()),
            by_email: HashMap::new(),
            by_phone: HashMap::new(),
            blocks: HashMap::new(),
            organisations: vec![Box::from("")],
            organisation_ids: HashMap::new(),
            comparisons: 0,
        }
    }
}

/// The block a name falls in and the folded name itself, or `None` without a first and a
/// last name.
fn name_keys(first: &str, last: &str) -> Option<(String, String)> {
    let (first, last) = (fold(first), fold(last));
    let start = |text: &str, n: usize| -> String {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .take(n)
            .collect()
    };
    let (l, f) = (start(&last, 3), start(&first, 2));
    if l.is_empty() || f.is_empty() {
        return None;
    }
    Some((format!("{l}|{f}"), format!("{first} {last}")))
}

impl<K: Clone> DuplicateIndex<K> {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    fn hash(&self, text: &str) -> u128 {
        let (a, b) = &self.hashers;
        (u128::from(a.hash_one(text)) << 64) | u128::from(b.hash_one(text))
    }

    /// The best match for `c` among those added before, if any: an exact e-mail or phone
    /// match first, else the most similar name above the threshold.
    ///
    /// The same name with another e-mail address or phone number, or at another firm, is
    /// another person. Because an exact e-mail or phone match is looked for first, a name
    /// match can only be with someone who has no e-mail address (when the new person has
    /// one) and no phone number (likewise): each name group counts those, so groups with
    /// nobody eligible are passed over without comparing names at all.
    pub fn find(&mut self, c: &Candidate<'_>) -> Option<Match<K>> {
        if let Some(k) = c.email.and_then(|e| self.by_email.get(&self.hash(e))) {
            return Some(Match {
                earlier: k.clone(),
                reason: MatchReason::Email,
            });
        }
        if let Some(k) = c.phone.and_then(|p| self.by_phone.get(&self.hash(p))) {
            return Some(Match {
                earlier: k.clone(),
                reason: MatchReason::Phone,
            });
        }
        let (block, name) = name_keys(c.first_name, c.last_name)?;
        let groups = self.blocks.get(block.as_str())?;
        let mut organisation: Option<String> = None;
        let (email, phone) = (c.email.is_some(), c.phone.is_some());
        let mut best: Option<(f64, &K)> = None;
        for (other_name, group) in groups {
            let eligible = match (email, phone) {
                (true, true) => group.without_either,
                (true, false) => group.without_email,
                (false, true) => group.without_phone,
                (false, false) => 1,
            };
            if eligible == 0 {
                continue;
            }
            self.comparisons += 1;
            let score = strsim::jaro_winkler(&name, other_name);
            if score < NAME_THRESHOLD || best.is_some_and(|(b, _)| score <= b) {
                continue;
            }
            let organisation =
                organisation.get_or_insert_with(|| fold(c.organisation.unwrap_or("")));
            let same_person = group.members.iter().find(|m| {
                (!email || !m.has_email)
                    && (!phone || !m.has_phone)
                    && (organisation.is_empty()
                        || m.organisation == 0
                        || strsim::jaro_winkler(
                            organisation,
                            &self.organisations[m.organisation as usize],
                        ) >= ORGANISATION_THRESHOLD)
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

    fn intern_organisation(&mut self, organisation: Option<&str>) -> OrgId {
        let folded = fold(organisation.unwrap_or(""));
        if folded.is_empty() {
            return 0;
        }
        let h = self.hash(&folded);
        if let Some(id) = self.organisation_ids.get(&h) {
            return *id;
        }
        let id = OrgId::try_from(self.organisations.len()).unwrap_or(0);
        if id != 0 {
            self.organisations.push(folded.into_boxed_str());
            self.organisation_ids.insert(h, id);
        }
        id
    }

    /// Adds a person so later ones are checked against them.
    pub fn add(&mut self, key: K, c: &Candidate<'_>) {
        if let Some(e) = c.email {
            let h = self.hash(e);
            self.by_email.entry(h).or_insert_with(|| key.clone());
        }
        if let Some(p) = c.phone {
            let h = self.hash(p);
            self.by_phone.entry(h).or_insert_with(|| key.clone());
        }
        if let Some((block, name)) = name_keys(c.first_name, c.last_name) {
            let organisation = self.intern_organisation(c.organisation);
            let group = self
                .blocks
                .entry(block.into_boxed_str())
                .or_default()
                .entry(name.into_boxed_str())
                .or_insert_with(|| NameGroup {
                    members: Vec::new(),
                    without_email: 0,
                    without_phone: 0,
                    without_either: 0,
                });
            let (has_email, has_phone) = (c.email.is_some(), c.phone.is_some());
            group.without_email += u32::from(!has_email);
            group.without_phone += u32::from(!has_phone);
            group.without_either += u32::from(!has_email && !has_phone);
            group.members.push(Member {
                key,
                organisation,
                has_email,
                has_phone,
            });
        }
    }
}
