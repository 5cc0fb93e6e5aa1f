//! Blocking keys: the few keys under which a person is filed, so that only people who share
//! one are compared. Several per person, so that one typing slip or one missing value does not
//! hide a pair:
//!
//! - each e-mail address, and its mailbox (kari.nordmann84@ at any domain; not post@);
//! - each phone number (its national digits);
//! - the customer number;
//! - street and postcode (or city, without a postcode);
//! - the whole name's sound keys ([`super::phonetic`]), first and last in either order, with
//!   the postcode (or city), and with the organisation;
//! - the sound key of every word of the first and last names, each with the postcode (or
//!   city), and each with the organisation. Words, not fields: swapped names and a missing
//!   first or last name keep the other word's keys, and a slip in the first letters of one
//!   name keeps the other name's.
//!
//! The same name alone is no key: it never scores as a duplicate without something more in
//! common, and a common name's block would hold thousands.
//!
//! Each block holds a bounded number of people, the first ones filed: a key shared by more (a
//! switchboard's number, a firm's shared inbox, a building of a hundred flats, a common first
//! name in a big postcode) says little of who is who, and comparing with all of them would make
//! the search quadratic. The bounds are generous for identifiers, which are seldom shared, and
//! small for one word of a name, which is there for the pairs with a slip in the other word;
//! the same name in one place or firm has its own key.

use super::record::{Keyed, Prepared};

/// Kinds of key made of two hashes.
mod kind {
    pub const ADDRESS: u8 = 101;
    pub const NAME_AND_PLACE: u8 = 102;
    pub const NAME_AND_FIRM: u8 = 103;
    pub const WORD_AND_PLACE: u8 = 104;
    pub const WORD_AND_FIRM: u8 = 105;
}

/// People a block holds at most, by kind of key.
pub(crate) mod cap {
    /// E-mail addresses, mailboxes, phone numbers, customer numbers.
    pub const IDENTIFIER: u32 = 256;
    /// Street and postcode.
    pub const ADDRESS: u32 = 64;
    /// The whole name with the postcode or the firm.
    pub const NAME: u32 = 64;
    /// One word of a name with the postcode or the firm.
    pub const WORD: u32 = 32;
}

/// A block a person is filed under: its key, how many people it holds at most, and whether
/// it is an identifier's (e-mail address, mailbox, phone, customer number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BlockKey {
    pub key: u64,
    pub cap: u32,
    pub identifies: bool,
}

/// The keys of `p` into `out` (cleared first), each once, identifiers' first.
pub(crate) fn block_keys(p: &Prepared, k: &Keyed, out: &mut Vec<BlockKey>) {
    out.clear();
    // The hashes of identifiers are keys as they are: each kind was hashed under its own tag.
    for [whole, mailbox] in &p.emails {
        out.push(identifier(*whole, cap::IDENTIFIER));
        // A mailbox that is only the name (kari.nordmann@ at another domain) weighs nothing,
        // but it is a key too, so that every pair with an e-mail address in common in any
        // way meets in an identifier's block (the index relies on it).
        if *mailbox != 0 {
            let personal = mailbox & 1 == 0;
            out.push(identifier(
                *mailbox,
                if personal { cap::IDENTIFIER } else { cap::NAME },
            ));
        }
    }
    for phone in &p.phones {
        out.push(identifier(*phone, cap::IDENTIFIER));
    }
    if p.customer != 0 {
        out.push(identifier(p.customer, cap::IDENTIFIER));
    }
    let mut push = |key: u64, cap: u32| {
        out.push(BlockKey {
            key,
            cap,
            identifies: false,
        })
    };
    let place = if p.postcode != 0 { p.postcode } else { p.city };
    for (there, name, word) in [
        (place, kind::NAME_AND_PLACE, kind::WORD_AND_PLACE),
        (p.organisation, kind::NAME_AND_FIRM, kind::WORD_AND_FIRM),
    ] {
        if there == 0 {
            continue;
        }
        if p.name_sound != 0 {
            push(k.pair(name, p.name_sound, there), cap::NAME);
        }
        for sound in &p.sounds {
            push(k.pair(word, *sound, there), cap::WORD);
        }
    }
    if place != 0 && p.street != 0 {
        push(k.pair(kind::ADDRESS, p.street, place), cap::ADDRESS);
    }
    // Identifiers' keys first; keys of two kinds never agree (each is hashed with its kind).
    out.sort_unstable_by_key(|b| (!b.identifies, b.key));
    out.dedup_by_key(|b| b.key);
}

fn identifier(key: u64, cap: u32) -> BlockKey {
    BlockKey {
        key,
        cap,
        identifies: true,
    }
}
