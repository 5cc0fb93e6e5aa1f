//! The matcher this feature uses, behind the names `lagom_import::matching` gives it
//! (`MatchRecord`, `OwnedRecord`, `Reason`, `Scored`, `Pair`, `scan`, `score`, the two
//! thresholds), so that the rest of the feature names only those.
//!
//! Until `lagom_import::matching` is in the workspace this is a small stand-in with the same
//! types and the same rules where they matter here: an identifier in common (e-mail, phone,
//! customer number) or a name with an address is worth a look, a name alone never is, and a
//! pair is [`Scored::automatic`] only with an identifier in common, names that agree and no
//! difference at all. Its search blocks people by identifier and by folded name, without the
//! real matcher's phonetic keys, so it finds fewer misspelt pairs. When the matcher lands,
//! this file becomes `pub(crate) use lagom_import::matching::{…};`, and the stored reasons
//! (serde tag `by`, the same variant names) read on.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// The lowest score worth a look: a pair at or above it is proposed as a duplicate.
pub const REVIEW_THRESHOLD: f64 = 0.5;
/// The lowest score at which a pair may be merged unasked (with the conditions of
/// [`Scored::automatic`]).
pub const AUTOMATIC_THRESHOLD: f64 = 0.99;

/// Why a pair scored as it did: one outcome of comparing a field.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Reason {
    /// An e-mail address in common.
    SameEmail,
    /// The same mailbox at another domain (kari.nordmann@ at home and at work).
    SameEmailUser,
    /// A phone number in common.
    SamePhone,
    /// The same customer number.
    SameCustomerNumber,
    /// Names alike (as far as both have them).
    SimilarName {
        /// Similarity of the names compared, 0–1.
        score: f64,
    },
    /// First and last name alike the other way round.
    SwappedNames,
    /// The same street address.
    SameAddress,
    /// The same postcode (no street to compare).
    SamePostcode,
    /// The same organisation.
    SameOrganisation,
    /// E-mail addresses on both sides, none in common.
    DifferentEmail,
    /// Phone numbers on both sides, none in common.
    DifferentPhone,
    /// Addresses on both sides that differ.
    DifferentAddress,
    /// Customer numbers on both sides that differ.
    DifferentCustomerNumber,
    /// The same last name with another first name.
    DifferentFirstName,
    /// The same first name with another last name.
    DifferentLastName,
    /// Names unlike each other.
    DifferentName,
    /// Organisations on both sides that differ.
    DifferentOrganisation,
}

impl Reason {
    /// Whether this is a difference (which rules out merging unasked).
    pub fn is_difference(&self) -> bool {
        matches!(
            self,
            Reason::DifferentEmail
                | Reason::DifferentPhone
                | Reason::DifferentAddress
                | Reason::DifferentCustomerNumber
                | Reason::DifferentFirstName
                | Reason::DifferentLastName
                | Reason::DifferentName
                | Reason::DifferentOrganisation
        )
    }
}

/// How alike two people are, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    /// 0 (surely two people) to 1 (surely one).
    pub score: f64,
    /// What was alike and what differed, strongest likeness first.
    pub reasons: Vec<Reason>,
    /// Safe to merge unasked: at least [`AUTOMATIC_THRESHOLD`], an e-mail address, phone
    /// number or customer number in common, names that agree, and no difference at all.
    pub automatic: bool,
}

/// A person as the matcher sees them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MatchRecord<'a> {
    /// Given name(s).
    pub first_name: &'a str,
    /// Family name.
    pub last_name: &'a str,
    /// E-mail addresses.
    pub emails: &'a [&'a str],
    /// Phone numbers, as written.
    pub phones: &'a [&'a str],
    /// Organisation.
    pub organisation: Option<&'a str>,
    /// Street address.
    pub street: Option<&'a str>,
    /// Postcode.
    pub postcode: Option<&'a str>,
    /// City.
    pub city: Option<&'a str>,
    /// The business's customer number.
    pub customer_number: Option<&'a str>,
}

/// A [`MatchRecord`] that owns its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnedRecord {
    /// Given name(s).
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Phone numbers, as written.
    pub phones: Vec<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Street address.
    pub street: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// The business's customer number.
    pub customer_number: Option<String>,
}

impl OwnedRecord {
    /// Calls `f` with this person as a [`MatchRecord`].
    pub fn with_record<R>(&self, f: impl FnOnce(&MatchRecord<'_>) -> R) -> R {
        let emails: Vec<&str> = self.emails.iter().map(String::as_str).collect();
        let phones: Vec<&str> = self.phones.iter().map(String::as_str).collect();
        f(&MatchRecord {
            first_name: &self.first_name,
            last_name: &self.last_name,
            emails: &emails,
            phones: &phones,
            organisation: self.organisation.as_deref(),
            street: self.street.as_deref(),
            postcode: self.postcode.as_deref(),
            city: self.city.as_deref(),
            customer_number: self.customer_number.as_deref(),
        })
    }
}

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

/// Folded for comparing: lower case, accents and the Nordic letters spelt out, words only.
fn fold(text: &str) -> String {
    crate::search::fold(text)
}

fn digits(phone: &str) -> String {
    let d: String = phone.chars().filter(char::is_ascii_digit).collect();
    // The last eight digits: a number with and without its country code is one number.
    d[d.len().saturating_sub(8)..].to_owned()
}

fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The weight of the evidence (the log of how much likelier it is for one person than for
/// two), turned into a score by `1 / (1 + e^(5 − weight))`.
fn judge(a: &MatchRecord<'_>, b: &MatchRecord<'_>) -> Scored {
    let mut weight = 0.0;
    let mut reasons = Vec::new();
    let mut identifier = false;

    let emails = |r: &MatchRecord<'_>| -> HashSet<String> {
        r.emails
            .iter()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .collect()
    };
    let (ea, eb) = (emails(a), emails(b));
    if !ea.is_empty() && !eb.is_empty() {
        if ea.intersection(&eb).next().is_some() {
            weight += 8.0;
            identifier = true;
            reasons.push(Reason::SameEmail);
        } else {
            let user = |s: &HashSet<String>| -> HashSet<String> {
                s.iter()
                    .filter_map(|e| e.split('@').next().map(str::to_owned))
                    .collect()
            };
            if user(&ea).intersection(&user(&eb)).next().is_some() {
                weight += 2.5;
                reasons.push(Reason::SameEmailUser);
            } else {
                weight -= 2.5;
                reasons.push(Reason::DifferentEmail);
            }
        }
    }
    let phones = |r: &MatchRecord<'_>| -> HashSet<String> {
        r.phones
            .iter()
            .map(|p| digits(p))
            .filter(|p| p.len() >= 5)
            .collect()
    };
    let (pa, pb) = (phones(a), phones(b));
    if !pa.is_empty() && !pb.is_empty() {
        if pa.intersection(&pb).next().is_some() {
            weight += 7.0;
            identifier = true;
            reasons.push(Reason::SamePhone);
        } else {
            weight -= 2.5;
            reasons.push(Reason::DifferentPhone);
        }
    }
    match (
        a.customer_number.map(compact),
        b.customer_number.map(compact),
    ) {
        (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => {
            if x == y {
                weight += 8.0;
                identifier = true;
                reasons.push(Reason::SameCustomerNumber);
            } else {
                weight -= 2.0;
                reasons.push(Reason::DifferentCustomerNumber);
            }
        }
        _ => {}
    }

    let (fa, la, fb, lb) = (
        fold(a.first_name),
        fold(a.last_name),
        fold(b.first_name),
        fold(b.last_name),
    );
    // Whether a name is the same on both sides; `None` when either lacks it.
    let same = |x: &str, y: &str| (!x.is_empty() && !y.is_empty()).then(|| x == y);
    let (first, last) = (same(&fa, &fb), same(&la, &lb));
    let mut names_agree = true;
    if first == Some(false) && last == Some(false) && fa == lb && la == fb {
        weight += 3.5;
        reasons.push(Reason::SwappedNames);
    } else {
        weight += match first {
            Some(true) => 2.0,
            Some(false) => -2.5,
            None => 0.0,
        };
        weight += match last {
            Some(true) => 2.5,
            Some(false) => -3.0,
            None => 0.0,
        };
        let differs = match (first, last) {
            (Some(false), Some(true)) => Some(Reason::DifferentFirstName),
            (Some(true), Some(false)) => Some(Reason::DifferentLastName),
            (Some(false), _) | (_, Some(false)) => Some(Reason::DifferentName),
            _ => None,
        };
        match differs {
            Some(reason) => {
                names_agree = false;
                reasons.push(reason);
            }
            None if first.is_some() || last.is_some() => {
                reasons.push(Reason::SimilarName { score: 1.0 })
            }
            None => {}
        }
    }

    let street = |r: &MatchRecord<'_>| r.street.map(fold).filter(|s| !s.is_empty());
    let postcode = |r: &MatchRecord<'_>| r.postcode.map(compact).filter(|s| !s.is_empty());
    match (street(a), street(b)) {
        (Some(x), Some(y)) if x == y => {
            weight += if postcode(a) == postcode(b) { 4.0 } else { 1.5 };
            reasons.push(Reason::SameAddress);
        }
        (Some(_), Some(_)) => {
            weight -= 2.5;
            reasons.push(Reason::DifferentAddress);
        }
        _ => {
            if let (Some(x), Some(y)) = (postcode(a), postcode(b))
                && x == y
            {
                weight += 1.0;
                reasons.push(Reason::SamePostcode);
            }
        }
    }
    match (a.organisation.map(fold), b.organisation.map(fold)) {
        (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => {
            if x == y {
                weight += 1.5;
                reasons.push(Reason::SameOrganisation);
            } else {
                weight -= 0.5;
                reasons.push(Reason::DifferentOrganisation);
            }
        }
        _ => {}
    }

    let score = 1.0 / (1.0 + (5.0_f64 - weight).exp());
    // Likenesses first, strongest first, then the differences.
    reasons.sort_by_key(|r| r.is_difference());
    let automatic = score >= AUTOMATIC_THRESHOLD
        && identifier
        && names_agree
        && !reasons.iter().any(Reason::is_difference);
    Scored {
        score,
        reasons,
        automatic,
    }
}

/// How alike `a` and `b` are and why, or `None` below [`REVIEW_THRESHOLD`].
pub fn score(a: &MatchRecord<'_>, b: &MatchRecord<'_>) -> Option<Scored> {
    let scored = judge(a, b);
    (scored.score >= REVIEW_THRESHOLD).then_some(scored)
}

/// The keys a person is filed under: only people who share one are compared.
fn keys(r: &MatchRecord<'_>) -> Vec<String> {
    let mut keys = Vec::new();
    for e in r.emails {
        keys.push(format!("e:{}", e.trim().to_lowercase()));
    }
    for p in r.phones {
        let d = digits(p);
        if d.len() >= 5 {
            keys.push(format!("p:{d}"));
        }
    }
    if let Some(c) = r.customer_number.map(compact).filter(|c| !c.is_empty()) {
        keys.push(format!("c:{c}"));
    }
    let (first, last) = (fold(r.first_name), fold(r.last_name));
    if !last.is_empty() {
        keys.push(format!("n:{last}|{}", first.chars().next().unwrap_or(' ')));
        // The same two names the other way round.
        keys.push(format!("n:{first}|{}", last.chars().next().unwrap_or(' ')));
    }
    keys
}

/// The most people one key may file together; a larger group (a very common name) is not
/// compared by that key, so one name cannot make the search quadratic.
const BLOCK_CAP: usize = 256;

/// Every pair of `records` at or above [`REVIEW_THRESHOLD`], each once, best first.
pub fn scan<K: Clone>(records: impl IntoIterator<Item = (K, OwnedRecord)>) -> Vec<Pair<K>> {
    let records: Vec<(K, OwnedRecord)> = records.into_iter().collect();
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (_, r)) in records.iter().enumerate() {
        for key in r.with_record(keys) {
            blocks.entry(key).or_default().push(i);
        }
    }
    let mut seen = HashSet::new();
    let mut pairs = Vec::new();
    for members in blocks
        .values()
        .filter(|m| m.len() > 1 && m.len() <= BLOCK_CAP)
    {
        for (n, &i) in members.iter().enumerate() {
            for &j in &members[n + 1..] {
                if i == j || !seen.insert((i.min(j), i.max(j))) {
                    continue;
                }
                let (x, y) = (i.min(j), i.max(j));
                let scored = records[x]
                    .1
                    .with_record(|a| records[y].1.with_record(|b| score(a, b)));
                if let Some(scored) = scored {
                    pairs.push(Pair {
                        a: records[x].0.clone(),
                        b: records[y].0.clone(),
                        scored,
                    });
                }
            }
        }
    }
    pairs.sort_by(|x, y| y.scored.score.total_cmp(&x.scored.score));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(first: &str, last: &str, email: &str, phone: &str) -> OwnedRecord {
        OwnedRecord {
            first_name: first.into(),
            last_name: last.into(),
            emails: (!email.is_empty())
                .then(|| email.to_owned())
                .into_iter()
                .collect(),
            phones: (!phone.is_empty())
                .then(|| phone.to_owned())
                .into_iter()
                .collect(),
            ..OwnedRecord::default()
        }
    }

    fn check(a: &OwnedRecord, b: &OwnedRecord) -> Option<Scored> {
        a.with_record(|x| b.with_record(|y| score(x, y)))
    }

    #[test]
    fn the_same_address_in_other_capitals_is_sure() {
        let s = check(
            &record("Bjørn", "Kjær", "bjorn@fjordror.no", ""),
            &record("Bjørn", "Kjær", "Bjorn@FjordRor.no", ""),
        )
        .unwrap();
        assert!(s.automatic, "{s:?}");
        assert_eq!(s.reasons[0], Reason::SameEmail);
    }

    #[test]
    fn a_common_name_alone_is_not_worth_a_look_and_never_automatic() {
        assert!(
            check(
                &record("Ola", "Hansen", "", ""),
                &record("Ola", "Hansen", "", "")
            )
            .is_none()
        );
        let other_email = check(
            &record("Ola", "Hansen", "ola@a.no", "+47 912 34 567"),
            &record("Ola", "Hansen", "o.hansen@b.no", "+47 912 34 567"),
        )
        .unwrap();
        assert!(!other_email.automatic, "an e-mail address that differs");
    }

    #[test]
    fn a_scan_finds_each_pair_once() {
        let pairs = scan([
            (1, record("Kari", "Nordmann", "kari@example.no", "")),
            (2, record("Per", "Hansen", "per@example.no", "")),
            (3, record("Kari", "Nordmann", "KARI@example.no", "")),
        ]);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a, pairs[0].b), (1, 3));
    }
}
