//! Scoring a pair: every field of the two people compared, each outcome adding or taking away
//! weight (the log of how much likelier it is between two records of one person than of two
//! people), the sum turned into a score from 0 to 1, and the outcomes kept as [`Reason`]s.
//!
//! The weights, and why:
//!
//! | outcome | weight | why |
//! |---|---|---|
//! | the same e-mail address | +8 (+3 for a shared inbox such as post@) | an address is one person's |
//! | the same phone number | +8 | in the Nordics a number is mostly a mobile, one person's |
//! | the same customer number | +8 | the business gave it to one customer |
//! | the same mailbox at another domain | +2.5 (0 when it is only the name) | kari84@ at home and at work |
//! | different e-mail / phone / customer number | −2.5 / −2.5 / −2 | people have several and change them |
//! | first name the same / one slip or one sound / one a part of the other / different | +2 / +1.5 / +0.5 / −2.5 | |
//! | last name the same / one slip or one sound / a part / different | +2.5 / +2 / +1 / −3 | a family name says more |
//! | the same street and postcode | +4 (+1.5 when one has no first name) | a household shares it |
//! | another street | −2.5 | neighbours and namesakes |
//! | the same postcode (no streets to compare) | +1 | |
//! | the same organisation / another one | +1 / −0.5 | many share a firm; people change jobs |
//!
//! A missing value weighs nothing either way. The score is `1 / (1 + e^(5 − weight))`: a
//! pair is worth a look ([`REVIEW_THRESHOLD`], 0.5) at a weight of 5, which the same name
//! alone (4.5) never reaches: it takes a name and an address, or an identifier. The same
//! common name with another e-mail address, phone or address falls well below. A pair is
//! [`Scored::automatic`] (safe to merge unasked) only at a weight of about 9.6
//! ([`AUTOMATIC_THRESHOLD`], 0.99), with an e-mail address, phone or customer number in
//! common, names that agree, and nothing that differs.

use serde::{Deserialize, Serialize};

use super::record::{Keyed, MatchRecord, Prepared, View};
use super::similarity::{jaro_winkler, one_slip};

/// The lowest score worth a look: a pair at or above it is proposed as a duplicate.
pub const REVIEW_THRESHOLD: f64 = 0.5;
/// The lowest score at which a pair may be merged unasked (with the conditions of
/// [`Scored::automatic`]).
pub const AUTOMATIC_THRESHOLD: f64 = 0.99;

/// Why a pair scored as it did: one outcome of comparing a field.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
        /// Jaro-Winkler similarity of the names compared, 0–1.
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Scored {
    /// 0 (surely two people) to 1 (surely one).
    pub score: f64,
    /// What was alike and what differed, strongest likeness first.
    pub reasons: Vec<Reason>,
    /// Safe to merge unasked: at least `AUTOMATIC_THRESHOLD`, an e-mail address (not a shared
    /// inbox), phone number or customer number in common, names that agree as far as both have
    /// them, and no difference at all.
    pub automatic: bool,
}

/// Weights (see the module's table).
mod weight {
    pub const EMAIL: f64 = 8.0;
    pub const SHARED_EMAIL: f64 = 3.0;
    pub const EMAIL_USER: f64 = 2.5;
    pub const OTHER_EMAIL: f64 = -2.5;
    pub const PHONE: f64 = 8.0;
    pub const OTHER_PHONE: f64 = -2.5;
    pub const CUSTOMER: f64 = 8.0;
    pub const OTHER_CUSTOMER: f64 = -2.0;
    /// Exact, close, part, missing, different.
    pub const FIRST: [f64; 5] = [2.0, 1.5, 0.5, 0.0, -2.5];
    pub const LAST: [f64; 5] = [2.5, 2.0, 1.0, 0.0, -3.0];
    pub const ADDRESS: f64 = 4.0;
    /// The same street in the same city (no postcodes to compare).
    pub const ADDRESS_IN_CITY: f64 = 3.0;
    /// The same street, and no postcode or city to compare.
    pub const STREET_ONLY: f64 = 1.5;
    /// The same address, where only the last names could be compared.
    pub const HOUSEHOLD: f64 = 1.5;
    pub const OTHER_STREET: f64 = -2.5;
    /// The same street in another town.
    pub const OTHER_TOWN: f64 = -1.5;
    pub const POSTCODE: f64 = 1.0;
    pub const OTHER_POSTCODE: f64 = -1.0;
    pub const OTHER_CITY: f64 = -0.5;
    pub const ORGANISATION: f64 = 1.0;
    pub const OTHER_ORGANISATION: f64 = -0.5;
    /// The weight at which the score is one half.
    pub const MIDDLE: f64 = 5.0;
    /// The most two people can have without an identifier in common: names, an address and a
    /// firm.
    pub const MOST_WITHOUT_IDENTIFIERS: f64 = FIRST[0] + LAST[0] + ADDRESS + ORGANISATION;
}

/// Whether two people with e-mail addresses and phones on both sides, none in common (nor a
/// mailbox, nor a customer number), can still be worth a look. They cannot, and the index
/// relies on it: outside the identifiers' blocks it passes over such pairs unscored.
pub(crate) const OTHER_CONTACTS_CAN_MATCH: bool =
    weight::MOST_WITHOUT_IDENTIFIERS + weight::OTHER_EMAIL + weight::OTHER_PHONE >= weight::MIDDLE;
const _: () = assert!(
    !OTHER_CONTACTS_CAN_MATCH,
    "weights changed so that other e-mail and phone no longer rule a pair out: the index's \
     search (index.rs, `others_only`) must look at everyone again"
);

/// How one name part (first or last) of two people compares, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Exact = 0,
    /// One slip apart, the same sound key, or nearly alike when long.
    Close = 1,
    /// One holds the other's words, starts with it (Kris, Kristoffer) or its initial.
    Partial = 2,
    Missing = 3,
    Different = 4,
}

fn part(a: &str, a_sound: &str, b: &str, b_sound: &str) -> Part {
    if a.is_empty() || b.is_empty() {
        return Part::Missing;
    }
    if a == b {
        return Part::Exact;
    }
    if (a.len().max(b.len()) >= 3 && one_slip(a, b))
        || (a.len() == 2 && a.bytes().rev().eq(b.bytes()))
        || (a_sound.len() >= 2 && a_sound == b_sound)
        // A slip that takes an æ, ø or å (two letters folded, one in the sound key).
        || (a_sound.len().max(b_sound.len()) >= 3 && one_slip(a_sound, b_sound))
        // Two slips in a longer name that keep its first letter (Astidd, Kjtl).
        || (a.len().min(b.len()) >= 4
            && a.as_bytes()[0] == b.as_bytes()[0]
            && jaro_winkler(a, b) >= 0.9)
    {
        return Part::Close;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let contained = short.split(' ').all(|w| long.split(' ').any(|l| l == w));
    // Kris and Kristoffer, K. and Kari; but not Jan and Janne, which are two names.
    let begins = long.starts_with(short) && (short.len() >= 4 || short.len() == 1);
    if contained || begins {
        Part::Partial
    } else {
        Part::Different
    }
}

/// How the names of two people compare.
#[derive(Debug, Clone, Copy)]
struct Names {
    first: Part,
    last: Part,
    /// Compared the other way round (first with last).
    swapped: bool,
    /// All words alike, but not in the same fields ("Kari Hansen" in one field).
    same_words: bool,
    weight: f64,
}

fn weigh_names(first: Part, last: Part) -> f64 {
    weight::FIRST[first as usize] + weight::LAST[last as usize]
}

/// Whether both names have the same words, in whatever fields and order.
fn same_words(a: &View<'_>, b: &View<'_>) -> bool {
    fn words<'a>(v: &View<'a>) -> Vec<&'a str> {
        let mut w: Vec<&str> = v
            .first
            .split(' ')
            .chain(v.last.split(' '))
            .filter(|w| !w.is_empty())
            .collect();
        w.sort_unstable();
        w
    }
    let (wa, wb) = (words(a), words(b));
    wa.len() >= 2 && wa == wb
}

fn compare_names(a: &View<'_>, b: &View<'_>) -> Names {
    let direct = (
        part(a.first, a.first_sound, b.first, b.first_sound),
        part(a.last, a.last_sound, b.last, b.last_sound),
    );
    let mut names = Names {
        first: direct.0,
        last: direct.1,
        swapped: false,
        same_words: false,
        weight: weigh_names(direct.0, direct.1),
    };
    if direct == (Part::Exact, Part::Exact) {
        return names;
    }
    let across = (
        part(a.first, a.first_sound, b.last, b.last_sound),
        part(a.last, a.last_sound, b.first, b.first_sound),
    );
    // A first name compared with a last name weighs the mean of the two, so that the
    // comparison is the same from either side.
    let mean = |p: Part| (weight::FIRST[p as usize] + weight::LAST[p as usize]) / 2.0;
    let across_weight = mean(across.0) + mean(across.1);
    if across_weight > names.weight + 0.25 {
        names = Names {
            first: across.0,
            last: across.1,
            swapped: true,
            same_words: false,
            weight: across_weight,
        };
    }
    // Words spread over the fields otherwise ("Kari Hansen" as the last name alone, or
    // "Anne" / "Marie Hansen" and "Anne Marie" / "Hansen") leave a part missing or partial.
    let exact = weigh_names(Part::Exact, Part::Exact);
    let spread = |p: Part| matches!(p, Part::Missing | Part::Partial);
    if names.weight < exact && (spread(direct.0) || spread(direct.1)) && same_words(a, b) {
        names = Names {
            first: Part::Exact,
            last: Part::Exact,
            swapped: false,
            same_words: true,
            weight: exact,
        };
    }
    names
}

/// How a field with a yes/no answer compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    /// Not on both sides.
    Unknown,
    Same,
    Different,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Email {
    Unknown,
    Same,
    /// Only a shared inbox in common.
    SameShared,
    SameMailbox,
    /// Only a mailbox that is the name in common (kari.nordmann@ at two domains): every
    /// namesake may have it, so it weighs nothing either way.
    SameNameMailbox,
    Different,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Address {
    Unknown,
    Same(f64),
    SamePostcode,
    Different(f64),
}

/// Every field of a pair compared; nothing allocated, so that pairs below the threshold
/// cost little.
#[derive(Debug, Clone, Copy)]
struct Judgement {
    names: Names,
    email: Email,
    phone: Cmp,
    customer: Cmp,
    address: Address,
    organisation: Cmp,
    weight: f64,
}

fn same_or_not(a: u64, b: u64) -> Cmp {
    match (a, b) {
        (0, _) | (_, 0) => Cmp::Unknown,
        _ if a == b => Cmp::Same,
        _ => Cmp::Different,
    }
}

fn compare_emails(a: &[[u64; 2]], b: &[[u64; 2]]) -> Email {
    if a.is_empty() || b.is_empty() {
        return Email::Unknown;
    }
    let mut best = Email::Different;
    for [whole, mailbox] in a {
        for [other_whole, other_mailbox] in b {
            if whole == other_whole {
                if whole & 1 == 0 {
                    return Email::Same;
                }
                best = Email::SameShared;
            } else if *mailbox != 0 && mailbox == other_mailbox {
                let said = if mailbox & 1 == 0 {
                    Email::SameMailbox
                } else {
                    Email::SameNameMailbox
                };
                if matches!(best, Email::Different | Email::SameNameMailbox) {
                    best = said;
                }
            }
        }
    }
    best
}

fn compare_phones(a: &[u64], b: &[u64]) -> Cmp {
    if a.is_empty() || b.is_empty() {
        Cmp::Unknown
    } else if a.iter().any(|p| b.contains(p)) {
        Cmp::Same
    } else {
        Cmp::Different
    }
}

fn compare_addresses(a: &View<'_>, b: &View<'_>) -> Address {
    let postcode = same_or_not(a.postcode, b.postcode);
    let city = same_or_not(a.city, b.city);
    match same_or_not(a.street, b.street) {
        Cmp::Same => match (postcode, city) {
            (Cmp::Same, _) => Address::Same(weight::ADDRESS),
            (Cmp::Different, _) | (Cmp::Unknown, Cmp::Different) => {
                Address::Different(weight::OTHER_TOWN)
            }
            (Cmp::Unknown, Cmp::Same) => Address::Same(weight::ADDRESS_IN_CITY),
            (Cmp::Unknown, Cmp::Unknown) => Address::Same(weight::STREET_ONLY),
        },
        Cmp::Different => Address::Different(weight::OTHER_STREET),
        Cmp::Unknown => match (postcode, city) {
            (Cmp::Same, _) => Address::SamePostcode,
            (Cmp::Different, _) => Address::Different(weight::OTHER_POSTCODE),
            (Cmp::Unknown, Cmp::Different) => Address::Different(weight::OTHER_CITY),
            (Cmp::Unknown, _) => Address::Unknown,
        },
    }
}

/// Every field but the names compared (names cost the most, so they come last).
#[derive(Debug, Clone, Copy)]
struct Others {
    email: Email,
    phone: Cmp,
    customer: Cmp,
    address: Address,
    organisation: Cmp,
    weight: f64,
}

fn compare_others(a: &View<'_>, b: &View<'_>) -> Others {
    let email = compare_emails(a.emails, b.emails);
    let phone = compare_phones(a.phones, b.phones);
    let customer = same_or_not(a.customer, b.customer);
    let address = compare_addresses(a, b);
    let organisation = same_or_not(a.organisation, b.organisation);
    let others = match email {
        Email::Unknown | Email::SameNameMailbox => 0.0,
        Email::Same => weight::EMAIL,
        Email::SameShared => weight::SHARED_EMAIL,
        Email::SameMailbox => weight::EMAIL_USER,
        Email::Different => weight::OTHER_EMAIL,
    } + match phone {
        Cmp::Unknown => 0.0,
        Cmp::Same => weight::PHONE,
        Cmp::Different => weight::OTHER_PHONE,
    } + match customer {
        Cmp::Unknown => 0.0,
        Cmp::Same => weight::CUSTOMER,
        Cmp::Different => weight::OTHER_CUSTOMER,
    } + match address {
        Address::Unknown => 0.0,
        Address::Same(w) | Address::Different(w) => w,
        Address::SamePostcode => weight::POSTCODE,
    } + match organisation {
        Cmp::Unknown => 0.0,
        Cmp::Same => weight::ORGANISATION,
        Cmp::Different => weight::OTHER_ORGANISATION,
    };
    Others {
        email,
        phone,
        customer,
        address,
        organisation,
        weight: others,
    }
}

/// Every field compared.
fn judge(a: &View<'_>, b: &View<'_>, others: Others) -> Judgement {
    let Others {
        email,
        phone,
        customer,
        address,
        organisation,
        weight: others,
    } = others;
    let names = compare_names(a, b);
    // A family name at one address is a household, not yet a person: with the first name
    // missing on one side, the address counts for little.
    let household = match address {
        Address::Same(w) if names.first == Part::Missing && !names.swapped => {
            w - w.min(weight::HOUSEHOLD)
        }
        _ => 0.0,
    };
    Judgement {
        names,
        email,
        phone,
        customer,
        address,
        organisation,
        weight: names.weight + others - household,
    }
}

impl Judgement {
    fn score(&self) -> f64 {
        1.0 / (1.0 + (weight::MIDDLE - self.weight).exp())
    }

    /// The names as compared, in the order they were compared, for their similarity.
    fn similarity(&self, a: &View<'_>, b: &View<'_>) -> f64 {
        if self.names.same_words {
            return 1.0;
        }
        let (b_first, b_last) = if self.names.swapped {
            (b.last, b.first)
        } else {
            (b.first, b.last)
        };
        let join = |first: &str, last: &str| {
            let mut out = String::new();
            if self.names.first != Part::Missing {
                out.push_str(first);
            }
            if self.names.last != Part::Missing {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(last);
            }
            out
        };
        jaro_winkler(&join(a.first, a.last), &join(b_first, b_last))
    }

    fn scored(&self, a: &View<'_>, b: &View<'_>) -> Scored {
        use Reason::*;
        let mut reasons = Vec::with_capacity(6);
        match self.email {
            Email::Same | Email::SameShared => reasons.push(SameEmail),
            Email::SameMailbox => reasons.push(SameEmailUser),
            _ => {}
        }
        if self.phone == Cmp::Same {
            reasons.push(SamePhone);
        }
        if self.customer == Cmp::Same {
            reasons.push(SameCustomerNumber);
        }
        let (first, last) = (self.names.first, self.names.last);
        let alike = |p: Part| matches!(p, Part::Exact | Part::Close | Part::Partial);
        let names_agree =
            (alike(first) || alike(last)) && first != Part::Different && last != Part::Different;
        if names_agree {
            reasons.push(SimilarName {
                score: self.similarity(a, b),
            });
            if self.names.swapped {
                reasons.push(SwappedNames);
            }
        }
        match self.address {
            Address::Same(_) => reasons.push(SameAddress),
            Address::SamePostcode => reasons.push(SamePostcode),
            _ => {}
        }
        if self.organisation == Cmp::Same {
            reasons.push(SameOrganisation);
        }
        if self.email == Email::Different {
            reasons.push(DifferentEmail);
        }
        if self.phone == Cmp::Different {
            reasons.push(DifferentPhone);
        }
        if matches!(self.address, Address::Different(_)) {
            reasons.push(DifferentAddress);
        }
        if self.customer == Cmp::Different {
            reasons.push(DifferentCustomerNumber);
        }
        match (first, last) {
            (Part::Different, Part::Different) => reasons.push(DifferentName),
            (Part::Different, p) if alike(p) => reasons.push(DifferentFirstName),
            (p, Part::Different) if alike(p) => reasons.push(DifferentLastName),
            (Part::Different, _) | (_, Part::Different) => reasons.push(DifferentName),
            _ => {}
        }
        if self.organisation == Cmp::Different {
            reasons.push(DifferentOrganisation);
        }
        let score = self.score();
        let identified =
            self.email == Email::Same || self.phone == Cmp::Same || self.customer == Cmp::Same;
        let safe_part = |p: Part| matches!(p, Part::Exact | Part::Close | Part::Missing);
        let names_safe = safe_part(first)
            && safe_part(last)
            && (first != Part::Missing || last != Part::Missing);
        let automatic = score >= AUTOMATIC_THRESHOLD
            && identified
            && names_safe
            && !reasons.iter().any(Reason::is_difference);
        Scored {
            score,
            reasons,
            automatic,
        }
    }
}

/// How alike two prepared people are, whatever the score.
pub(crate) fn compare_views(a: &View<'_>, b: &View<'_>) -> Scored {
    judge(a, b, compare_others(a, b)).scored(a, b)
}

/// How alike two prepared people are, or `None` below [`REVIEW_THRESHOLD`] (without the cost
/// of writing down why).
pub(crate) fn score_views(a: &View<'_>, b: &View<'_>) -> Option<Scored> {
    let others = compare_others(a, b);
    // Names that agree wholly could not lift it to the threshold: not worth comparing them.
    if others.weight + weigh_names(Part::Exact, Part::Exact) < weight::MIDDLE {
        return None;
    }
    let judgement = judge(a, b, others);
    (judgement.score() >= REVIEW_THRESHOLD).then(|| judgement.scored(a, b))
}

/// How alike `a` and `b` are and why, whatever the score.
pub fn compare(a: &MatchRecord<'_>, b: &MatchRecord<'_>) -> Scored {
    let k = Keyed::new();
    compare_views(&Prepared::of(a, &k).view(), &Prepared::of(b, &k).view())
}

/// How alike `a` and `b` are and why, or `None` below [`REVIEW_THRESHOLD`].
pub fn score(a: &MatchRecord<'_>, b: &MatchRecord<'_>) -> Option<Scored> {
    let k = Keyed::new();
    score_views(&Prepared::of(a, &k).view(), &Prepared::of(b, &k).view())
}

#[cfg(test)]
mod tests {
    use super::Reason::*;
    use super::*;

    /// A person from "First Last; email, email; phone; street, postcode city; firm; number",
    /// any part left empty.
    fn person(spec: &str) -> OwnedRecordSpec {
        let mut parts = spec.split(';').map(str::trim);
        let mut next = || parts.next().unwrap_or("");
        let name = next();
        let (first, last) = name.split_once('/').unwrap_or((name, ""));
        let list = |s: &str| -> Vec<String> {
            s.split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let emails = list(next());
        let phones = list(next());
        let address = next();
        let (street, place) = address.split_once(',').unwrap_or((address, ""));
        let (postcode, city) = place.trim().split_once(' ').unwrap_or((place.trim(), ""));
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        OwnedRecordSpec(crate::matching::OwnedRecord {
            first_name: first.trim().to_owned(),
            last_name: last.trim().to_owned(),
            emails,
            phones,
            street: some(street),
            postcode: some(postcode),
            city: some(city),
            organisation: some(next()),
            customer_number: some(next()),
        })
    }

    struct OwnedRecordSpec(crate::matching::OwnedRecord);

    /// Compares two people written as [`person`] specs ("Kari / Hansen" separates first and
    /// last name) and checks the reasons, whether it is worth a look, and whether automatic.
    #[track_caller]
    fn check(a: &str, b: &str, reasons: &[Reason], review: bool, automatic: bool) {
        let (a, b) = (person(a).0, person(b).0);
        let scored = a.with_record(|a| b.with_record(|b| compare(a, b)));
        let without_scores: Vec<Reason> = scored
            .reasons
            .iter()
            .map(|r| match r {
                SimilarName { .. } => SimilarName { score: 0.0 },
                r => *r,
            })
            .collect();
        assert_eq!(without_scores, reasons, "{scored:?}");
        assert_eq!(scored.score >= REVIEW_THRESHOLD, review, "{scored:?}");
        assert_eq!(scored.automatic, automatic, "{scored:?}");
        let filtered = a.with_record(|a| b.with_record(|b| score(a, b)));
        assert_eq!(filtered.is_some(), review);
        let back = b.with_record(|b| a.with_record(|a| compare(b, a)));
        assert!((back.score - scored.score).abs() < 1e-9, "symmetric");
    }

    const NAME: Reason = SimilarName { score: 0.0 };

    #[test]
    fn the_same_address_in_other_capitals_is_one_person() {
        check(
            "Kari/Hansen; kari.hansen@online.no",
            "KARI/HANSEN; Kari.Hansen@Online.NO",
            &[SameEmail, NAME],
            true,
            true,
        );
    }

    #[test]
    fn a_common_name_with_other_contacts_is_another_person() {
        check(
            "Jan/Hansen; jan.hansen@gmail.com; +4791234567; Storgata 1, 0150 Oslo",
            "Jan/Hansen; jhansen@online.no; +4798765432; Kirkeveien 7, 0150 Oslo",
            &[NAME, DifferentEmail, DifferentPhone, DifferentAddress],
            false,
            false,
        );
        check(
            "Jan/Hansen; jan.hansen@gmail.com",
            "Jan/Hansen; jhansen@online.no",
            &[NAME, DifferentEmail],
            false,
            false,
        );
        check("Jan/Hansen", "Jan/Hansen", &[NAME], false, false);
    }

    #[test]
    fn the_same_name_at_the_same_address_is_worth_a_look_but_not_merged_unasked() {
        check(
            "Kari/Hansen;;; Storgata 1, 0150 Oslo",
            "Kari/Hansen;;; Storgt. 1, 0150 OSLO",
            &[NAME, SameAddress],
            true,
            false,
        );
    }

    #[test]
    fn another_first_name_at_the_same_address_is_a_household_not_a_duplicate() {
        check(
            "Kari/Hansen;;; Storgata 1, 0150 Oslo",
            "Ola/Hansen;;; Storgata 1, 0150 Oslo",
            &[SameAddress, DifferentFirstName],
            false,
            false,
        );
    }

    #[test]
    fn a_family_name_at_an_address_is_a_household_not_a_person() {
        check(
            "/Hansen;;; Storgata 1, 0150 Oslo",
            "Kari/Hansen;;; Storgata 1, 0150 Oslo",
            &[NAME, SameAddress],
            false,
            false,
        );
        check(
            "/Hansen; kari.h@online.no;; Storgata 1, 0150 Oslo",
            "Kari/Hansen; kari.h@online.no;; Storgata 1, 0150 Oslo",
            &[SameEmail, NAME, SameAddress],
            true,
            true,
        );
    }

    #[test]
    fn two_slips_in_a_name_or_a_lost_nordic_letter_are_still_close() {
        check(
            "Astidd/Lund;;; Solbakken 4, 0360 Oslo",
            "Astrid/Lund;;; Solbakken 4, 0360 Oslo",
            &[NAME, SameAddress],
            true,
            false,
        );
        check(
            "Gitte/Kjr;;; Åboulevarden 150, 8805 Viborg",
            "Gitte/Kjær;;; Åboulevarden 150, 8805 Viborg",
            &[NAME, SameAddress],
            true,
            false,
        );
    }

    #[test]
    fn another_first_name_with_the_same_phone_is_worth_a_look() {
        check(
            "Kristoffer/Berg;; +4791234567",
            "Kris/Berg;; 912 34 567",
            &[SamePhone, NAME],
            true,
            false,
        );
        check(
            "Elisabeth/Berg;; +4791234567",
            "Lise/Berg;; 912 34 567",
            &[SamePhone, DifferentFirstName],
            true,
            false,
        );
    }

    #[test]
    fn swapped_and_missing_names_still_match() {
        check(
            "Kari/Hansen; kari.h@online.no",
            "Hansen/Kari; kari.h@online.no",
            &[SameEmail, NAME, SwappedNames],
            true,
            true,
        );
        check(
            "/Hansen; kari.h@online.no",
            "Kari/Hansen; kari.h@online.no",
            &[SameEmail, NAME],
            true,
            true,
        );
        check(
            "/Kari Hansen;; +4791234567",
            "Kari/Hansen;; +4791234567",
            &[SamePhone, NAME],
            true,
            true,
        );
        check(
            "Kari/;; +4791234567",
            "Hansen/Kari;; +4791234567",
            &[SamePhone, NAME, SwappedNames],
            true,
            true,
        );
    }

    #[test]
    fn a_slip_in_the_first_letter_still_matches_at_the_same_address() {
        check(
            "Kari/Hansen;;; Storgata 1, 0150 Oslo",
            "Kari/Jansen;;; Storgata 1, 0150 Oslo",
            &[NAME, SameAddress],
            true,
            false,
        );
        check(
            "Bjørn/Kjær;;; Storgata 1, 0150 Oslo",
            "Bjorn/Kjaer;;; Storgata 1, 0150 Oslo",
            &[NAME, SameAddress],
            true,
            false,
        );
    }

    #[test]
    fn the_same_mailbox_at_another_domain_counts_a_little() {
        check(
            "Kari/Nordmann; kari.nordmann84@gmail.com",
            "Kari/Nordmann; kari.nordmann84@fjordror.no",
            &[SameEmailUser, NAME],
            true,
            false,
        );
        // A mailbox that is only the name says no more than the name.
        check(
            "Kari/Nordmann; kari.nordmann@gmail.com",
            "Kari/Nordmann; kari.nordmann@fjordror.no",
            &[NAME],
            false,
            false,
        );
        check(
            "Kari/Nordmann; kari@gmail.com",
            "Kari/Nordmann; kari@fjordror.no",
            &[NAME],
            false,
            false,
        );
    }

    #[test]
    fn a_shared_inbox_is_weak() {
        check(
            "Kari/Nordmann; post@fjordror.no",
            "Per/Olsen; post@fjordror.no",
            &[SameEmail, DifferentName],
            false,
            false,
        );
        check(
            "Kari/Nordmann; post@fjordror.no",
            "Kari/Nordmann; post@fjordror.no",
            &[SameEmail, NAME],
            true,
            false,
        );
    }

    #[test]
    fn customer_numbers_and_firms() {
        check(
            "Kari/Nordmann;;;;; K-00123",
            "K./Nordmann;;;;; k00123",
            &[SameCustomerNumber, NAME],
            true,
            false,
        );
        check(
            "Kari/Nordmann;;;;; K-00123",
            "Kari/Nordmann;;;;; K-00999",
            &[NAME, DifferentCustomerNumber],
            false,
            false,
        );
        check(
            "Kari/Nordmann;;;; Fjord Rør AS",
            "Kari/Nordmann;;;; FJORD RØR",
            &[NAME, SameOrganisation],
            true,
            false,
        );
        check(
            "Kari/Nordmann; kari.nordmann@fjordror.no;;; Fjord Rør AS",
            "Kari/Nordmann; kari.nordmann@fjordror.no;;; Nordlys AS",
            &[SameEmail, NAME, DifferentOrganisation],
            true,
            false,
        );
    }

    #[test]
    fn moving_house_keeps_the_match_but_asks() {
        check(
            "Kari/Nordmann; kari.n@online.no;; Storgata 1, 0150 Oslo",
            "Kari/Nordmann; kari.n@online.no;; Kirkeveien 7, 5003 Bergen",
            &[SameEmail, NAME, DifferentAddress],
            true,
            false,
        );
    }

    #[test]
    fn an_identifier_with_a_wholly_different_name_is_not_enough() {
        check(
            "Kari/Nordmann;; +4791234567",
            "Per/Olsen;; +4791234567",
            &[SamePhone, DifferentName],
            false,
            false,
        );
    }

    #[test]
    fn other_e_mail_and_phone_rule_a_pair_out_whatever_else_agrees() {
        check(
            "Kari/Hansen; kari84@online.no; +4791234567; Storgata 1, 0150 Oslo; Fjord AS",
            "Kari/Hansen; kari85@online.no; +4798765432; Storgata 1, 0150 Oslo; Fjord AS",
            &[
                NAME,
                SameAddress,
                SameOrganisation,
                DifferentEmail,
                DifferentPhone,
            ],
            false,
            false,
        );
    }

    #[test]
    fn name_similarity_is_reported() {
        let (a, b) = (
            person("Kari/Hansen; k@x.no").0,
            person("Karl/Hansen; k@x.no").0,
        );
        let scored = a.with_record(|a| b.with_record(|b| compare(a, b)));
        let Some(SimilarName { score }) = scored.reasons.get(1).copied() else {
            panic!("{scored:?}");
        };
        assert!(score > 0.9 && score < 1.0, "{score}");
    }
}
