//! A person as the matcher sees them ([`MatchRecord`], borrowed; [`OwnedRecord`], owned), and
//! the same person prepared for comparing: every value folded ([`super::fold`]) and the
//! identifiers (e-mail addresses, phone numbers, customer number, street, postcode, city,
//! firm) reduced to 64-bit keyed hashes, which is all the comparison needs of them.
//!
//! The hashes are SipHash under two keys drawn at random per [`Keyed`], so that nobody can
//! make two different addresses collide on purpose; by chance two of a million values share
//! a hash with a probability of about 3·10⁻⁸.

use std::hash::{BuildHasher, RandomState};

use serde::{Deserialize, Serialize};

use super::{fold, phonetic};

/// A person as the matcher sees them. Values are raw as stored: the matcher folds and
/// normalises them itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MatchRecord<'a> {
    /// Given name(s).
    pub first_name: &'a str,
    /// Family name(s).
    pub last_name: &'a str,
    /// E-mail addresses (any case).
    pub emails: &'a [&'a str],
    /// Phone numbers, E.164 where known, else as typed.
    pub phones: &'a [&'a str],
    /// The organisation the person belongs to.
    pub organisation: Option<&'a str>,
    /// Street address.
    pub street: Option<&'a str>,
    /// Postcode.
    pub postcode: Option<&'a str>,
    /// City.
    pub city: Option<&'a str>,
    /// The business's own number for the customer.
    pub customer_number: Option<&'a str>,
}

/// A [`MatchRecord`] that owns its values, for handing people to [`super::scan`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedRecord {
    /// Given name(s).
    pub first_name: String,
    /// Family name(s).
    pub last_name: String,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// The organisation.
    pub organisation: Option<String>,
    /// Street address.
    pub street: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// The business's own number for the customer.
    pub customer_number: Option<String>,
}

impl OwnedRecord {
    /// An owned copy of `r`.
    pub fn from_record(r: &MatchRecord<'_>) -> Self {
        let owned = |v: Option<&str>| v.map(str::to_owned);
        Self {
            first_name: r.first_name.to_owned(),
            last_name: r.last_name.to_owned(),
            emails: r.emails.iter().map(|e| (*e).to_owned()).collect(),
            phones: r.phones.iter().map(|p| (*p).to_owned()).collect(),
            organisation: owned(r.organisation),
            street: owned(r.street),
            postcode: owned(r.postcode),
            city: owned(r.city),
            customer_number: owned(r.customer_number),
        }
    }

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

/// Keyed hashing of values; 0 is kept for "none".
#[derive(Clone)]
pub(crate) struct Keyed(RandomState);

impl Keyed {
    pub(crate) fn new() -> Self {
        Self(RandomState::new())
    }

    /// The hash of a value of one kind (`tag`), never 0.
    pub(crate) fn text(&self, tag: u8, value: &str) -> u64 {
        self.0.hash_one((tag, value)).max(1)
    }

    /// The hash of two hashes under one kind, never 0.
    pub(crate) fn pair(&self, tag: u8, a: u64, b: u64) -> u64 {
        self.0.hash_one((tag, a, b)).max(1)
    }
}

/// What a hash is of, so that equal text of two kinds never hashes alike.
pub(crate) mod tag {
    pub const EMAIL: u8 = 1;
    pub const MAILBOX: u8 = 2;
    pub const PHONE: u8 = 3;
    pub const CUSTOMER: u8 = 4;
    pub const STREET: u8 = 5;
    pub const POSTCODE: u8 = 6;
    pub const CITY: u8 = 7;
    pub const ORGANISATION: u8 = 8;
    pub const SOUND: u8 = 9;
}

/// E-mail addresses and phone numbers kept per person at most.
pub(crate) const MAX_CONTACTS: usize = 16;

/// A person prepared for comparing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prepared {
    pub first: String,
    pub last: String,
    /// The sound keys of the first and last names' words, each part's joined by spaces.
    pub first_sound: String,
    pub last_sound: String,
    /// Per e-mail address, the hash of the whole address (odd for a shared inbox such as
    /// post@, even otherwise) and of the mailbox without dots (0 for a shared inbox; odd when
    /// it says no more than the name or is shorter than five letters, even when it says who
    /// someone is wherever it is).
    pub emails: Vec<[u64; 2]>,
    pub phones: Vec<u64>,
    pub organisation: u64,
    pub street: u64,
    pub postcode: u64,
    pub city: u64,
    pub customer: u64,
    /// Hashes of the sound keys of every word of both names, at least two letters long.
    pub sounds: Vec<u64>,
    /// The hash of the whole name's sound keys, first and last in either order (0 without
    /// both).
    pub name_sound: u64,
}

/// The sound keys of a name's words, joined by spaces, with the hash of each.
fn sounds(name: &str, k: &Keyed, hashes: &mut Vec<u64>) -> String {
    let mut joined = String::new();
    for word in name.split(' ').filter(|w| !w.is_empty()) {
        let code = phonetic::key(word);
        if code.len() >= 2 {
            hashes.push(k.text(tag::SOUND, &code));
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&code);
    }
    joined
}

impl Prepared {
    pub(crate) fn of(r: &MatchRecord<'_>, k: &Keyed) -> Self {
        let first = fold::name(r.first_name);
        let last = fold::name(r.last_name);
        let mut hashes = Vec::new();
        let first_sound = sounds(&first, k, &mut hashes);
        let last_sound = sounds(&last, k, &mut hashes);
        hashes.sort_unstable();
        hashes.dedup();
        let name_words: Vec<&str> = first.split(' ').chain(last.split(' ')).collect();
        let name_sound = if first_sound.is_empty() || last_sound.is_empty() {
            0
        } else {
            let (a, b) = if first_sound <= last_sound {
                (&first_sound, &last_sound)
            } else {
                (&last_sound, &first_sound)
            };
            k.text(tag::SOUND, &format!("{a}|{b}"))
        };
        let mut emails: Vec<[u64; 2]> = r
            .emails
            .iter()
            .filter_map(|e| fold::email(e))
            .map(|(whole, mailbox)| {
                let whole = k.text(tag::EMAIL, &whole);
                let whole = if fold::shared_mailbox(&mailbox) {
                    whole | 1
                } else {
                    (whole & !1).max(2)
                };
                let mailbox = if fold::shared_mailbox(&mailbox) {
                    0
                } else if fold::personal_mailbox(&mailbox, &name_words) {
                    (k.text(tag::MAILBOX, &mailbox) & !1).max(2)
                } else {
                    k.text(tag::MAILBOX, &mailbox) | 1
                };
                [whole, mailbox]
            })
            .collect();
        emails.sort_unstable();
        emails.dedup();
        emails.truncate(MAX_CONTACTS);
        let mut phones: Vec<u64> = r
            .phones
            .iter()
            .filter_map(|p| fold::phone(p))
            .map(|p| k.text(tag::PHONE, &p))
            .collect();
        phones.sort_unstable();
        phones.dedup();
        phones.truncate(MAX_CONTACTS);
        let hash = |tag, value: Option<String>| value.map_or(0, |v| k.text(tag, &v));
        Self {
            first,
            last,
            first_sound,
            last_sound,
            emails,
            phones,
            organisation: hash(
                tag::ORGANISATION,
                r.organisation.and_then(fold::organisation),
            ),
            street: hash(tag::STREET, r.street.and_then(fold::street)),
            postcode: hash(tag::POSTCODE, r.postcode.and_then(fold::postcode)),
            city: hash(tag::CITY, r.city.map(fold::words).filter(|c| !c.is_empty())),
            customer: hash(
                tag::CUSTOMER,
                r.customer_number.and_then(fold::customer_number),
            ),
            sounds: hashes,
            name_sound,
        }
    }

    pub(crate) fn view(&self) -> View<'_> {
        View {
            first: &self.first,
            last: &self.last,
            first_sound: &self.first_sound,
            last_sound: &self.last_sound,
            emails: &self.emails,
            phones: &self.phones,
            organisation: self.organisation,
            street: self.street,
            postcode: self.postcode,
            city: self.city,
            customer: self.customer,
        }
    }
}

/// What a comparison reads of a person, borrowed from a [`Prepared`] person or from the
/// matcher's compact store. Hashes are 0 for "none".
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    pub first: &'a str,
    pub last: &'a str,
    pub first_sound: &'a str,
    pub last_sound: &'a str,
    pub emails: &'a [[u64; 2]],
    pub phones: &'a [u64],
    pub organisation: u64,
    pub street: u64,
    pub postcode: u64,
    pub city: u64,
    pub customer: u64,
}
