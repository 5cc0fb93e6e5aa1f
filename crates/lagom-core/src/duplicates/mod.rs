//! Duplicates: the same person recorded twice, found, reviewed, merged or told apart.
//!
//! - **The review queue** (`duplicate_pairs`) holds pairs the matcher ([`matching`]) found
//!   alike in a search of the whole register ([`refresh`]), surest first, with its reasons
//!   (which fields agree or differ, never their values). People in the recycle bin are left
//!   out; archived people are in.
//! - **"Not the same person"** (`duplicate_dismissals`, keyed by the two ids in order) is
//!   remembered across searches and merges: such a pair is never proposed again.
//! - **A merge** ([`merge`]) keeps everything of both people in one record, with the
//!   caller's choice per field; it can be undone until the person kept changes.
//! - **Automatic merging**, when the owner turns it on (housekeeping's `auto_merge`
//!   setting, which the caller passes in), merges in a search the pairs the matcher is sure
//!   of: an e-mail address, phone or customer number in common, names that agree and no
//!   difference at all. A common name alone never is.
//! - **Adding a person by hand** ([`Vault::add_person`]) is refused while someone in the
//!   register is likely the same person, unless the caller says to add them anyway.
//!
//! Every change is audited with ids and field names: `person.merged`,
//! `person.merge_undone`, `duplicates.dismissed`, `duplicates.refreshed`. Erasure removes a
//! person from all of it ([`sql::forget`]), undo data included.

mod matching;
mod merge;
pub mod model;
pub(crate) mod sql;

use std::collections::HashSet;

use uuid::Uuid;

pub use matching::{AUTOMATIC_THRESHOLD, REVIEW_THRESHOLD, Reason};
pub use model::*;

use self::matching::{OwnedRecord, Scored};
use crate::audit::AuditKind;
use crate::audit::sql::Appender;
use crate::people::{NewPerson, PersonFields};
use crate::types::PersonRef;
use crate::vault::{Ctx, Vault};
use crate::{Error, Result};

/// The most pairs a page of the queue holds.
pub const MAX_PAGE: u32 = 200;

/// The most people a check before adding someone compares with, per way of finding them.
const CANDIDATES: u32 = 50;

/// Whether the matcher's verdict lets a pair be merged unasked. The matcher's own
/// `automatic` flag says so; this checks its reasons again, so that a pair with anything
/// differing (e-mail, phone, address, a name), or with nothing but names and places in
/// common, is never merged without a person deciding.
fn sure(scored: &Scored) -> bool {
    let identifier = scored.reasons.iter().any(|r| {
        matches!(
            r,
            Reason::SameEmail | Reason::SamePhone | Reason::SameCustomerNumber
        )
    });
    scored.automatic
        && scored.score >= AUTOMATIC_THRESHOLD
        && identifier
        && !scored.reasons.iter().any(Reason::is_difference)
}

/// A stored person as the matcher reads them.
fn record(row: &sql::MatchRow) -> OwnedRecord {
    let (_, first, last, email, phone, organisation, street, postcode, city, number) = row;
    OwnedRecord {
        first_name: first.clone(),
        last_name: last.clone(),
        emails: sql::values(email),
        phones: sql::values(phone),
        organisation: organisation.clone(),
        street: street.clone(),
        postcode: postcode.clone(),
        city: city.clone(),
        customer_number: number.clone(),
    }
}

/// Searches the whole register for duplicates and fills the review queue again, inside the
/// caller's write (the hygiene scheduler calls it with its own). Pairs someone dismissed
/// are left out; pairs still in the queue keep when they were first found. With
/// `auto_merge` (the owner's housekeeping setting), the pairs the matcher is sure of
/// ([`sure`]) are merged, the earlier-created person kept. Merges whose person kept has
/// changed since can no longer be undone: their undo data is dropped here, so it is not
/// kept longer than it can serve.
pub(crate) fn refresh(
    tx: &rusqlite::Transaction<'_>,
    audit: &mut Appender<'_>,
    ctx: &Ctx,
    auto_merge: bool,
) -> Result<RefreshSummary> {
    let mut records = Vec::new();
    sql::each_to_match(tx, |row| {
        let r = record(&row);
        records.push((row.0, r));
    })?;
    let mut summary = RefreshSummary {
        people: records.len() as u64,
        ..RefreshSummary::default()
    };
    let pairs = matching::scan(records);
    let dismissed: HashSet<(String, String)> = sql::all_dismissals(tx)?.into_iter().collect();
    let known = sql::found_at(tx)?;
    let mut gone: HashSet<String> = HashSet::new();
    let mut queue = Vec::new();
    for pair in pairs {
        let (a, b) = sql::ordered(&pair.a, &pair.b);
        let key = (a.to_owned(), b.to_owned());
        if dismissed.contains(&key) {
            summary.dismissed += 1;
            continue;
        }
        if gone.contains(a) || gone.contains(b) {
            // One of them was merged into someone else in this search; the next one
            // compares the merged record afresh.
            continue;
        }
        if auto_merge && sure(&pair.scored) {
            // The matcher's `a` came first in the register: the older record is kept.
            merge::merge(
                tx,
                audit,
                ctx,
                &MergeRequest {
                    a: crate::db::parse_id(&pair.a)?,
                    b: crate::db::parse_id(&pair.b)?,
                    keep: None,
                    fields: Vec::new(),
                },
                true,
            )?;
            gone.insert(pair.b.clone());
            summary.merged += 1;
            continue;
        }
        queue.push((key, pair.scored));
    }
    sql::clear_pairs(tx)?;
    for ((a, b), scored) in queue {
        if gone.contains(&a) || gone.contains(&b) {
            continue;
        }
        let found_at = match known.get(&(a.clone(), b.clone())) {
            Some(at) => at.clone(),
            None => {
                summary.new_pairs += 1;
                ctx.now.clone()
            }
        };
        sql::insert_pair(
            tx,
            &sql::PairRow {
                a,
                b,
                score: scored.score,
                reasons: serde_json::to_string(&scored.reasons)
                    .map_err(|e| Error::Internal(format!("saving a pair's reasons: {e}")))?,
                automatic: scored.automatic,
                found_at,
            },
        )?;
        summary.pairs += 1;
    }
    for (id, kept, after) in sql::undoable(tx)? {
        if after.is_none_or(|after| sql::state_of(tx, &kept).is_ok_and(|now| now != after)) {
            sql::forget_undo(tx, &id)?;
            summary.settled_merges += 1;
        }
    }
    audit.append(
        tx,
        ctx.event(
            AuditKind::DuplicatesRefreshed,
            None,
            serde_json::to_value(summary).unwrap_or_default(),
        ),
    )?;
    Ok(summary)
}

/// A short English phrase per reason, for error messages (the app words reasons itself).
fn reason_words(reason: &Reason) -> &'static str {
    match reason {
        Reason::SameEmail => "same e-mail",
        Reason::SameEmailUser => "same mailbox name",
        Reason::SamePhone => "same phone",
        Reason::SameCustomerNumber => "same customer number",
        Reason::SimilarName { .. } => "similar name",
        Reason::SwappedNames => "names swapped",
        Reason::SameAddress => "same address",
        Reason::SamePostcode => "same postcode",
        Reason::SameOrganisation => "same organisation",
        Reason::DifferentEmail => "another e-mail",
        Reason::DifferentPhone => "another phone",
        Reason::DifferentAddress => "another address",
        Reason::DifferentCustomerNumber => "another customer number",
        Reason::DifferentFirstName => "another first name",
        Reason::DifferentLastName => "another last name",
        Reason::DifferentName => "another name",
        Reason::DifferentOrganisation => "another organisation",
    }
}

impl Vault {
    /// A page of the review queue, surest pairs first, each person with their fields and
    /// what hangs on them.
    pub fn list_duplicates(&self, limit: u32, offset: u64) -> Result<PairPage> {
        if limit > MAX_PAGE {
            return Err(Error::validation("limit", format!("is at most {MAX_PAGE}")));
        }
        let conn = &self.store.conn;
        let pairs = sql::pairs(conn, limit, offset)?
            .into_iter()
            .map(|p| {
                Ok(DuplicatePair {
                    a: pair_person(conn, &p.a)?,
                    b: pair_person(conn, &p.b)?,
                    score: p.score,
                    reasons: serde_json::from_str(&p.reasons).unwrap_or_default(),
                    automatic: p.automatic,
                    found_at: p.found_at,
                })
            })
            .collect::<Result<_>>()?;
        Ok(PairPage {
            pairs,
            total: sql::count_pairs(conn)?,
        })
    }

    /// Searches the register for duplicates now (see [`refresh`]), merging the pairs the
    /// matcher is sure of when `auto_merge`.
    pub fn refresh_duplicates(&mut self, auto_merge: bool) -> Result<RefreshSummary> {
        self.write(|tx, audit, ctx| refresh(tx, audit, ctx, auto_merge))
    }

    /// Marks two people as not the same person: the pair leaves the queue and is never
    /// proposed again.
    pub fn dismiss_duplicate(&mut self, a: Uuid, b: Uuid) -> Result<()> {
        if a == b {
            return Err(Error::validation("b", "is the same person as a"));
        }
        self.write(|tx, audit, ctx| {
            for id in [a, b] {
                crate::people::sql::find_person(tx, &PersonRef::Id(id))?;
            }
            let (x, y) = (a.to_string(), b.to_string());
            sql::remove_pair(tx, &x, &y)?;
            if sql::dismiss(tx, &x, &y, &ctx.now, &ctx.actor.to_string())? {
                audit.append(
                    tx,
                    ctx.event(
                        AuditKind::DuplicatesDismissed,
                        Some(("person", x)),
                        serde_json::json!({ "other": y }),
                    ),
                )?;
            }
            Ok(())
        })
    }

    /// Merges two people into one (see [`merge`]), in one transaction.
    pub fn merge_people(&mut self, request: &MergeRequest) -> Result<MergeReport> {
        self.write(|tx, audit, ctx| merge::merge(tx, audit, ctx, request, false))
    }

    /// Undoes a merge: both people exactly as they were before it. Refused, changing
    /// nothing, once the person kept has changed since, or was deleted or erased.
    pub fn undo_merge(&mut self, merge: Uuid) -> Result<UndoneMerge> {
        self.write(|tx, audit, ctx| merge::undo(tx, audit, ctx, merge))
    }

    /// Merges, newest first, with whether each can still be undone.
    pub fn merges(&self, limit: u32, offset: u64) -> Result<Vec<MergeView>> {
        if limit > MAX_PAGE {
            return Err(Error::validation("limit", format!("is at most {MAX_PAGE}")));
        }
        let conn = &self.store.conn;
        sql::merges(conn, limit, offset)?
            .into_iter()
            .map(|m| {
                let name = |row: Option<sql::Row>| {
                    row.map(|r| {
                        let part =
                            |c: &str| r.get(c).and_then(|v| v.as_str()).unwrap_or("").to_owned();
                        format!("{} {}", part("first_name"), part("last_name"))
                            .trim()
                            .to_owned()
                    })
                };
                let merged_name = m
                    .undo
                    .as_deref()
                    .and_then(|u| serde_json::from_str::<serde_json::Value>(u).ok())
                    .and_then(|u| serde_json::from_value::<sql::Row>(u["merged"].clone()).ok());
                Ok(MergeView {
                    id: crate::db::parse_id(&m.id)?,
                    kept: crate::db::parse_id(&m.kept)?,
                    kept_name: name(sql::person_row(conn, &m.kept)?),
                    merged: crate::db::parse_id(&m.merged)?,
                    merged_name: name(merged_name),
                    can_undo: merge::undo_refusal(conn, &m)?.is_none(),
                    fields: serde_json::from_str(&m.fields).unwrap_or_default(),
                    merged_at: m.merged_at,
                    merged_by: m.merged_by,
                    automatic: m.automatic,
                    undone_at: m.undone_at,
                })
            })
            .collect()
    }

    /// The people already in the register who are likely the person `fields` describes,
    /// surest first: found by e-mail (ignoring case), customer number, phone number or
    /// name, and scored by the matcher. Reads nothing but what the list shows.
    pub fn likely_duplicates(&self, fields: &PersonFields) -> Result<Vec<LikelyDuplicate>> {
        let home = crate::db::lists::business_country(&self.store.conn)?;
        let (details, organisation, _) = crate::people::normalise(fields, home.as_deref())?;
        let phone_terms = details
            .phone
            .as_deref()
            .map(crate::search::phone_terms)
            .map(|t| {
                t.split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| format!("\"{w}\""))
                    .collect::<Vec<_>>()
                    .join(" OR ")
            });
        let initial: String = crate::search::fold(&details.first_name)
            .chars()
            .take(1)
            .collect();
        let names = crate::search::match_expression(&format!("{} {initial}", details.last_name))
            .filter(|_| !details.last_name.is_empty());
        let found = sql::candidates(
            &self.store.conn,
            details.email.as_deref(),
            details.customer_number.as_deref(),
            phone_terms.as_deref().filter(|t| !t.is_empty()),
            names.as_deref(),
            CANDIDATES,
        )?;
        let new = OwnedRecord {
            first_name: details.first_name.clone(),
            last_name: details.last_name.clone(),
            emails: details.email.iter().cloned().collect(),
            phones: details.phone.iter().cloned().collect(),
            organisation,
            street: details.address.clone(),
            postcode: details.postcode.clone(),
            city: details.city.clone(),
            customer_number: details.customer_number.clone(),
        };
        let mut likely = Vec::new();
        for row in found {
            let scored = new.with_record(|n| record(&row).with_record(|c| matching::score(n, c)));
            if let Some(scored) = scored {
                let (id, first_name, last_name, email, phone, organisation, ..) = row;
                likely.push(LikelyDuplicate {
                    id: crate::db::parse_id(&id)?,
                    first_name,
                    last_name,
                    email: sql::values(&email).into_iter().next(),
                    phone: sql::values(&phone).into_iter().next(),
                    organisation,
                    score: scored.score,
                    reasons: scored.reasons,
                });
            }
        }
        likely.sort_by(|x, y| y.score.total_cmp(&x.score));
        Ok(likely)
    }

    /// Adds a person by hand (the new-person form, `lagom person add`): refused with a
    /// conflict naming the likely duplicates (ids and reasons only) unless
    /// `allow_duplicate`. Batches ([`Vault::create_people`]: imports, made-up people) do
    /// not check; imports find duplicates their own way.
    pub fn add_person(&mut self, person: NewPerson, allow_duplicate: bool) -> Result<Uuid> {
        self.add_person_registering_erased(person, allow_duplicate, None)
    }

    /// [`Vault::add_person`] for someone an earlier erasure may cover: with the reason
    /// they are registered again they are added and the erasure's suppression entry lifted
    /// (see [`Vault::create_people_registering_erased`]); without it they are refused with
    /// [`Error::Erased`].
    pub fn add_person_registering_erased(
        &mut self,
        person: NewPerson,
        allow_duplicate: bool,
        register_erased: Option<&str>,
    ) -> Result<Uuid> {
        if !allow_duplicate {
            let likely = self.likely_duplicates(&person.fields)?;
            if !likely.is_empty() {
                let named: Vec<String> = likely
                    .iter()
                    .map(|l| {
                        let why: Vec<&str> = l
                            .reasons
                            .iter()
                            .filter(|r| !r.is_difference())
                            .map(reason_words)
                            .collect();
                        format!("{} ({})", l.id, why.join(", "))
                    })
                    .collect();
                return Err(Error::Conflict(format!(
                    "likely already in the register: {}; open them instead, or add this \
                     person anyway (allow_duplicate, lagom person add --allow-duplicate)",
                    named.join("; ")
                )));
            }
        }
        self.create_people_registering_erased(std::iter::once(person), register_erased)?
            .into_iter()
            .next()
            .ok_or(Error::Internal("no person was created".into()))
    }
}

/// One side of a pair, for the side-by-side view.
fn pair_person(conn: &rusqlite::Connection, id: &str) -> Result<PairPerson> {
    let stored = crate::people::sql::find_person(conn, &PersonRef::Id(crate::db::parse_id(id)?))?;
    let (category, language, owner, created_at, last_activity_at, archived_at) =
        sql::person_extras(conn, id)?;
    let attached = Moved {
        notes: sql::count_in(conn, "notes", id)?,
        deals: sql::count_in(conn, "deals", id)?,
        invoices: sql::count_in(conn, "invoices", id)?,
        consents: sql::count_in(conn, "consent_events", id)?,
        processing_records: sql::count_in(conn, "processing_records", id)?,
        requests: sql::count_in(conn, "request_people", id)?,
        tags: sql::count_in(conn, "person_tags", id)?,
        subscriptions: sql::count_in(conn, "person_subscriptions", id)?,
    };
    Ok(PairPerson {
        id: stored.id,
        contacts: crate::people::contacts::of_person(conn, &stored.id.to_string())?,
        tags: crate::people::sql::tags_of(conn, stored.id)?,
        fields: stored.details,
        organisation: stored.organisation.map(|o| o.name),
        category,
        language: language.as_deref().and_then(crate::types::Language::parse),
        owner,
        created_at,
        last_activity_at,
        archived_at,
        attached,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(score: f64, automatic: bool, reasons: &[Reason]) -> Scored {
        Scored {
            score,
            reasons: reasons.to_vec(),
            automatic,
        }
    }

    #[test]
    fn only_an_identifier_in_common_and_no_difference_is_sure() {
        assert!(sure(&scored(
            0.995,
            true,
            &[Reason::SameEmail, Reason::SimilarName { score: 1.0 }]
        )));
        // The matcher's flag alone is not enough.
        assert!(!sure(&scored(
            0.995,
            true,
            &[Reason::SimilarName { score: 1.0 }, Reason::SameAddress]
        )));
        assert!(!sure(&scored(
            0.995,
            true,
            &[Reason::SamePhone, Reason::DifferentEmail]
        )));
        assert!(!sure(&scored(0.995, false, &[Reason::SameEmail])));
        assert!(!sure(&scored(0.9, true, &[Reason::SameEmail])));
    }
}
