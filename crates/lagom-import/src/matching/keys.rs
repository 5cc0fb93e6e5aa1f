//! Blocking keys: the few keys under which a person is filed, so that only people who share
//! one are compared. Several per person, so that one typing slip or one missing value does not
//! hide a pair:
//!
//! - each e-mail address, and its mailbox when that says who someone is wherever it is
//!   (kari.nordmann84@ at any domain; not post@, not a mailbox that is only the name);
//! - each phone number (its national digits);
//! - the customer number;
//! - street and postcode (or city, without a postcode);
//! - the sound key ([`super::phonetic`]) of every word of the first and last names, each with
//!   the postcode (or city), and each with the organisation. Words, not fields: swapped names
//!   and a missing first or last name keep the other word's keys, and a slip in the first
//!   letters of one name keeps the other name's.
//!
//! The same name alone is no key: it never scores as a duplicate without something more in
//! common, and a common name's block would hold thousands.

use super::record::{Keyed, Prepared};

/// Kinds of key made of two hashes.
mod kind {
    pub const ADDRESS: u8 = 101;
    pub const NAME_AND_PLACE: u8 = 102;
    pub const NAME_AND_FIRM: u8 = 103;
}

/// The keys of `p` into `out` (cleared first), each once.
pub(crate) fn block_keys(p: &Prepared, k: &Keyed, out: &mut Vec<u64>) {
    out.clear();
    // The hashes of identifiers are keys as they are: each kind was hashed under its own tag.
    for [whole, mailbox] in &p.emails {
        out.push(*whole);
        if *mailbox != 0 && mailbox & 1 == 0 {
            out.push(*mailbox);
        }
    }
    out.extend_from_slice(&p.phones);
    if p.customer != 0 {
        out.push(p.customer);
    }
    let place = if p.postcode != 0 { p.postcode } else { p.city };
    if place != 0 {
        if p.street != 0 {
            out.push(k.pair(kind::ADDRESS, p.street, place));
        }
        for sound in &p.sounds {
            out.push(k.pair(kind::NAME_AND_PLACE, *sound, place));
        }
    }
    if p.organisation != 0 {
        for sound in &p.sounds {
            out.push(k.pair(kind::NAME_AND_FIRM, *sound, p.organisation));
        }
    }
    out.sort_unstable();
    out.dedup();
}
