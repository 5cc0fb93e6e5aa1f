//! The blocking index: everyone added so far, filed under their blocking keys
//! ([`super::keys`]), each kept compactly enough to be scored again later (folded names and
//! their sound keys in one shared string, e-mail addresses and phone numbers as hashes in one
//! shared list, the other identifiers as one hash each). A person is a `u32` id and about 60
//! bytes plus their names; a key is a map entry and 8 bytes per person filed under it.
//!
//! A block holds a bounded number of people ([`super::keys`]): the first ones stay; the rest
//! are still compared with them and still found through their other keys.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::keys::{BlockKey, block_keys};
use super::record::{Keyed, MatchRecord, Prepared, View};
use super::score::{OTHER_CONTACTS_CAN_MATCH, Scored, score_views};

/// An earlier person that matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<K> {
    /// The earlier person's key, as given to [`Matcher::add`].
    pub earlier: K,
    /// How alike they are, and why.
    pub scored: Scored,
}

/// A person as stored: where their names and contact hashes are, and their other hashes.
#[derive(Debug, Clone, Copy)]
struct Stored {
    text_at: u32,
    /// Lengths of the first name, last name and their sound keys.
    lengths: [u8; 4],
    numbers_at: u32,
    emails: u8,
    phones: u8,
    organisation: u64,
    street: u64,
    postcode: u64,
    city: u64,
    customer: u64,
}

/// One person in one block: their id and the next link (0 for the end).
#[derive(Debug, Clone, Copy)]
struct Link {
    person: u32,
    next: u32,
}

/// A block: its newest links, in two chains (people with an e-mail address and a phone, and
/// the others), and how many were filed under it (counting those past the cap).
#[derive(Debug, Clone, Copy, Default)]
struct Block {
    with_contacts: u32,
    others: u32,
    filed: u32,
}

/// Keys are already keyed hashes, so the map uses them as they are.
#[derive(Default)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Everyone added so far, filed for finding who a new person may be.
pub struct Matcher<K> {
    hasher: Keyed,
    keys: Vec<K>,
    people: Vec<Stored>,
    text: String,
    numbers: Vec<u64>,
    blocks: HashMap<u64, Block, BuildHasherDefault<AsIs>>,
    links: Vec<Link>,
    /// The search in which each person was last compared, so each is compared once.
    seen: Vec<u32>,
    search: u32,
    scratch: Vec<BlockKey>,
    comparisons: u64,
}

impl<K: Clone> Default for Matcher<K> {
    fn default() -> Self {
        Self::new()
    }
}

/// At most `max` bytes of `text`, cut at a character's boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl<K: Clone> Matcher<K> {
    /// An empty index.
    pub fn new() -> Self {
        Self {
            hasher: Keyed::new(),
            keys: Vec::new(),
            people: Vec::new(),
            text: String::new(),
            numbers: Vec::new(),
            blocks: HashMap::default(),
            links: Vec::new(),
            seen: Vec::new(),
            search: 0,
            scratch: Vec::new(),
            comparisons: 0,
        }
    }

    /// People added.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// Whether nobody was added.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Pairs scored so far (what blocking keeps down: without it, every pair).
    pub fn comparisons(&self) -> u64 {
        self.comparisons
    }

    /// Adds a person, so that later ones are compared with them.
    pub fn add(&mut self, key: K, r: &MatchRecord<'_>) {
        let p = Prepared::of(r, &self.hasher);
        let keys = self.keys_of(&p);
        self.insert(key, &p, &keys);
        self.scratch = keys;
    }

    /// The best match for `r` among those added, if one scores at least
    /// [`super::REVIEW_THRESHOLD`]; of equals, the one added first.
    pub fn find(&mut self, r: &MatchRecord<'_>) -> Option<Found<K>> {
        self.find_all(r).into_iter().next()
    }

    /// Every match for `r` among those added at or above [`super::REVIEW_THRESHOLD`], best
    /// first (of equals, the one added first).
    pub fn find_all(&mut self, r: &MatchRecord<'_>) -> Vec<Found<K>> {
        let p = Prepared::of(r, &self.hasher);
        let keys = self.keys_of(&p);
        let found = self.matches(&p, &keys);
        self.scratch = keys;
        found
    }

    /// [`Matcher::find_all`], then [`Matcher::add`], preparing the person once.
    pub fn find_all_and_add(&mut self, key: K, r: &MatchRecord<'_>) -> Vec<Found<K>> {
        let p = Prepared::of(r, &self.hasher);
        let keys = self.keys_of(&p);
        let found = self.matches(&p, &keys);
        self.insert(key, &p, &keys);
        self.scratch = keys;
        found
    }

    /// The blocking keys of `p`, in the matcher's reused list (give it back when done).
    fn keys_of(&mut self, p: &Prepared) -> Vec<BlockKey> {
        let mut keys = std::mem::take(&mut self.scratch);
        block_keys(p, &self.hasher, &mut keys);
        keys
    }

    fn view(&self, id: u32) -> View<'_> {
        let s = &self.people[id as usize];
        let [f, l, fs, ls] = s.lengths.map(usize::from);
        let at = s.text_at as usize;
        let text = &self.text[at..at + f + l + fs + ls];
        let numbers_at = s.numbers_at as usize;
        let emails = usize::from(s.emails);
        let email_hashes = &self.numbers[numbers_at..numbers_at + 2 * emails];
        View {
            first: &text[..f],
            last: &text[f..f + l],
            first_sound: &text[f + l..f + l + fs],
            last_sound: &text[f + l + fs..],
            emails: email_pairs(email_hashes),
            phones: &self.numbers
                [numbers_at + 2 * emails..numbers_at + 2 * emails + usize::from(s.phones)],
            organisation: s.organisation,
            street: s.street,
            postcode: s.postcode,
            city: s.city,
            customer: s.customer,
        }
    }

    fn matches(&mut self, p: &Prepared, keys: &[BlockKey]) -> Vec<Found<K>> {
        self.search = self.search.wrapping_add(1);
        if self.search == 0 {
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.search = 1;
        }
        self.seen.resize(self.people.len(), 0);
        let me = p.view();
        let contacts = !p.emails.is_empty() && !p.phones.is_empty();
        let mut found: Vec<(u32, Scored)> = Vec::new();
        for BlockKey {
            key, identifies, ..
        } in keys
        {
            let Some(block) = self.blocks.get(key) else {
                continue;
            };
            // The identifiers' blocks come first: anyone met after them shares no e-mail
            // address, mailbox, phone or customer number (unless a capped block left them
            // out). With e-mail and phone on both sides, both differ, which nothing else can
            // make up for: those with both are not even looked at.
            let others_only = !identifies && contacts && !OTHER_CONTACTS_CAN_MATCH;
            let chains = if others_only {
                [block.others, 0]
            } else {
                [block.others, block.with_contacts]
            };
            for mut link in chains {
                while link != 0 {
                    let Link { person, next } = self.links[link as usize - 1];
                    link = next;
                    let seen = &mut self.seen[person as usize];
                    if *seen == self.search {
                        continue;
                    }
                    *seen = self.search;
                    self.comparisons += 1;
                    if let Some(scored) = score_views(&me, &self.view(person)) {
                        found.push((person, scored));
                    }
                }
            }
        }
        found.sort_by(|(a, x), (b, y)| y.score.total_cmp(&x.score).then(a.cmp(b)));
        found
            .into_iter()
            .map(|(id, scored)| Found {
                earlier: self.keys[id as usize].clone(),
                scored,
            })
            .collect()
    }

    fn insert(&mut self, key: K, p: &Prepared, keys: &[BlockKey]) {
        let (Ok(id), Ok(text_at), Ok(numbers_at)) = (
            u32::try_from(self.people.len()),
            u32::try_from(self.text.len()),
            u32::try_from(self.numbers.len()),
        ) else {
            return; // past 4 GB of names or hashes: the rest are not filed
        };
        if id == u32::MAX || self.links.len() >= u32::MAX as usize - 256 {
            return; // past four thousand million people or links
        }
        let contacts = !p.emails.is_empty() && !p.phones.is_empty();
        let mut lengths = [0u8; 4];
        for (i, part) in [&p.first, &p.last, &p.first_sound, &p.last_sound]
            .into_iter()
            .enumerate()
        {
            let part = cut(part, usize::from(u8::MAX));
            lengths[i] = part.len() as u8;
            self.text.push_str(part);
        }
        for [whole, mailbox] in &p.emails {
            self.numbers.extend_from_slice(&[*whole, *mailbox]);
        }
        self.numbers.extend_from_slice(&p.phones);
        self.people.push(Stored {
            text_at,
            lengths,
            numbers_at,
            emails: p.emails.len() as u8,
            phones: p.phones.len() as u8,
            organisation: p.organisation,
            street: p.street,
            postcode: p.postcode,
            city: p.city,
            customer: p.customer,
        });
        self.keys.push(key);
        for BlockKey { key, cap, .. } in keys {
            let block = self.blocks.entry(*key).or_default();
            if block.filed < *cap {
                let head = if contacts {
                    &mut block.with_contacts
                } else {
                    &mut block.others
                };
                self.links.push(Link {
                    person: id,
                    next: *head,
                });
                *head = self.links.len() as u32;
            }
            block.filed = block.filed.saturating_add(1);
        }
    }
}

/// A flat list of hashes, read as pairs.
fn email_pairs(flat: &[u64]) -> &[[u64; 2]] {
    let (pairs, _) = flat.as_chunks::<2>();
    pairs
}
