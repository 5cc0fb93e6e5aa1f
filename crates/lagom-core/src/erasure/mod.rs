//! Erasure (GDPR Art. 17): a person and everything about them leave the vault, except the
//! invoices the bookkeeping law makes the business keep, which carry a pseudonym instead.
//!
//! In one transaction, all or nothing:
//! - **removed**: the person, their notes and the notes on their deals, consent events,
//!   subscriptions, tag links, processing records, their entries in every import's change
//!   log (so no undo can bring them back), and their search-index entries (taken out of
//!   the index's pages under the terms their row makes, with the page keys that held a
//!   fragment of one; see `search::sql`), at a cost that does not grow with the vault;
//! - **detached**: deals keep existing with no person (a deal is the business's record;
//!   its title is the business's own words and is left as written);
//! - **pseudonymised**: invoices within their retention ([`retention`]) lose the link and
//!   get the pseudonym (`ERASED-` and eight random characters); invoices past it are
//!   deleted; requests about the person keep the pseudonym, and the request named gets an
//!   `erased` action; a request left with nobody in the vault loses its free text
//!   (description, outcome, extension reason), which staff write about the person, and
//!   keeps its kind, dates, status and actions;
//! - **merged**: the review queue, dismissals and merges that name them go, with any
//!   merge's saved rows; people merged into them earlier (their ids, which an older backup
//!   may still hold as people of their own) are recorded as erased too, each with a
//!   pseudonym of their own, so that restoring such a backup erases them again;
//! - **recorded**: a row in `erasures` (id, pseudonym, when, request), a tombstone, a
//!   `person.erased` audit event holding the pseudonym and counts, and a line in the
//!   erasure ledger (`erasures.log`) beside the vault. Earlier audit events stay: their subject is the person's
//!   random id, which now points at nothing;
//! - **suppressed**: keyed hashes of every e-mail address and phone number they had, with
//!   the day and the request, in the vault and in a version-2 ledger line, so that they are
//!   not added again by an import or by hand unless on purpose ([`crate::suppression`]).
//!
//! After the commit the write-ahead log is checkpointed and truncated. With
//! `secure_delete` on (see `db`) freed space is zeroed, so no page of the file, used or
//! free, holds the person's name or e-mail any more.
//!
//! On every unlock the ledger is compared with the `erasures` table both ways: erasures
//! the database lacks (a backup restored) are applied again under the same pseudonym
//! (`erasure.reapplied`), and rows the file lacks are written to it.

pub(crate) mod ledger;
mod pseudonym;
pub mod retention;
pub(crate) mod sql;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use lagom_crypto::Entropy;
use serde::Serialize;
use uuid::Uuid;

pub use pseudonym::{PSEUDONYM_PREFIX, make_pseudonym};
pub use retention::{Retention, RetentionPatch};

use crate::Clock;
use crate::audit::AuditKind;
use crate::audit::sql::Appender;
use crate::erasure::sql::InvoiceRow;
use crate::people::contacts::{self, Channel};
use crate::people::sql::{self as people_sql, StoredPerson};
use crate::rights::model::{IdentityCheck, RequestKind, RequestRef, RequestStatus, request_number};
use crate::rights::sql as requests_sql;
use crate::suppression;
use crate::types::PersonRef;
use crate::vault::{Credentials, Ctx, Vault};
use crate::{Error, Result};

/// How much of each kind an erasure removed or changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ErasureCounts {
    /// Notes about the person, deleted.
    pub notes: u64,
    /// Notes on the person's deals (naming no person), deleted: they are about dealings
    /// with the person.
    pub deal_notes: u64,
    /// Consent events (given, pending, withdrawn), deleted.
    pub consents: u64,
    /// Subscriptions, deleted.
    pub subscriptions: u64,
    /// Tag links, deleted (the tags stay).
    pub tags: u64,
    /// Processing records, deleted.
    pub processing_records: u64,
    /// Deals that named the person, now without one.
    pub deals_detached: u64,
    /// Requests about the person, now naming the pseudonym.
    pub requests_pseudonymised: u64,
    /// Requests about nobody left in the vault whose free text (description, outcome,
    /// extension reason) was emptied.
    pub request_texts_cleared: u64,
    /// Entries in imports' change logs, deleted.
    pub import_log_entries: u64,
    /// Invoices kept under the pseudonym.
    pub invoices_kept: u64,
    /// Invoices past their retention, deleted.
    pub invoices_deleted: u64,
}

/// An invoice as erasure treats it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct InvoiceOutcome {
    /// The invoice number.
    pub number: String,
    /// When it was issued.
    pub issued_on: String,
    /// Its amount in minor units (øre, cents).
    pub amount_minor: i64,
    /// Its currency.
    pub currency: String,
    /// Whose bookkeeping law applies (the vault's when not set).
    pub country: Option<String>,
    /// The last day it must be kept; `None` when its date does not read (it is kept).
    pub keep_until: Option<NaiveDate>,
}

/// What erasing a person would do, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ErasurePreview {
    /// The person.
    pub person: Uuid,
    /// What goes, and what is detached or pseudonymised.
    pub counts: ErasureCounts,
    /// Invoices kept under a pseudonym (the bookkeeping law).
    pub invoices_kept: Vec<InvoiceOutcome>,
    /// Invoices past their retention, deleted with the person.
    pub invoices_deleted: Vec<InvoiceOutcome>,
    /// How many keyed hashes of their addresses and numbers the suppression entry will
    /// keep ("a suppression record is kept (N keyed hashes)"); 0: no entry is made.
    pub suppression_hashes: u64,
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ErasureReport {
    /// The erased person's id (it now names nobody).
    pub person: Uuid,
    /// The pseudonym kept invoices and requests carry.
    pub pseudonym: String,
    /// What went.
    pub counts: ErasureCounts,
    /// Invoices kept under the pseudonym.
    pub invoices_kept: Vec<InvoiceOutcome>,
    /// The request the erasure was made for, if one was named.
    pub request: Option<String>,
    /// How many keyed hashes of their addresses and numbers the suppression entry keeps,
    /// so that they are not added again; 0: they had none, and no entry was made.
    pub suppression_hashes: u64,
}

/// An invoice, what erasure shows of it, and whether its retention has run out.
type Sorted = (InvoiceRow, InvoiceOutcome, bool);

/// Splits the person's invoices into kept and deleted.
fn sort_invoices(rows: Vec<InvoiceRow>, retention: &Retention, today: NaiveDate) -> Vec<Sorted> {
    rows.into_iter()
        .map(|row| {
            let expired = retention.expired(&row.issued_on, row.country.as_deref(), today);
            let outcome = InvoiceOutcome {
                number: row.number.clone(),
                issued_on: row.issued_on.clone(),
                amount_minor: row.amount_minor,
                currency: row.currency.clone(),
                country: row.country.clone(),
                keep_until: retention.keep_until(&row.issued_on, row.country.as_deref()),
            };
            (row, outcome, expired)
        })
        .collect()
}

/// What the person leaves behind, counted (nothing changes).
fn survey(
    conn: &rusqlite::Connection,
    person: &str,
    retention: &Retention,
    today: NaiveDate,
) -> Result<(ErasureCounts, Vec<Sorted>)> {
    let a = sql::attached(conn, person)?;
    let invoices = sort_invoices(sql::invoices_of(conn, person)?, retention, today);
    let deleted = invoices.iter().filter(|(_, _, expired)| *expired).count() as u64;
    let counts = ErasureCounts {
        notes: a.notes,
        deal_notes: a.deal_notes,
        consents: a.consents,
        subscriptions: a.subscriptions,
        tags: a.tags,
        processing_records: a.processing_records,
        deals_detached: a.deals,
        requests_pseudonymised: a.requests,
        request_texts_cleared: a.request_texts,
        import_log_entries: sql::import_log_entries(conn, person, false)?,
        invoices_kept: invoices.len() as u64 - deleted,
        invoices_deleted: deleted,
    };
    Ok((counts, invoices))
}

/// Erases a person found in the database, inside the caller's transaction. Returns the
/// counts and the invoices kept.
fn erase_rows(
    tx: &rusqlite::Transaction<'_>,
    person: &StoredPerson,
    pseudonym: &str,
    erased_at: &str,
    request: Option<&str>,
    retention: &Retention,
    today: NaiveDate,
) -> Result<(ErasureCounts, Vec<InvoiceOutcome>)> {
    let id = person.id.to_string();
    let (counts, invoices) = survey(tx, &id, retention, today)?;
    let mut kept = Vec::new();
    for (row, outcome, expired) in invoices {
        if expired {
            sql::delete_invoice(tx, &row.id)?;
        } else {
            sql::pseudonymise_invoice(tx, &row.id, pseudonym)?;
            kept.push(outcome);
        }
    }
    // The log's entries for notes and processing records are found through those rows, so
    // the log goes before them.
    sql::import_log_entries(tx, &id, true)?;
    sql::remove_attached(tx, &id, pseudonym)?;
    people_sql::delete_person(tx, person, erased_at)?;
    crate::duplicates::sql::forget(tx, std::slice::from_ref(&id))?;
    sql::record_erasure(tx, &id, pseudonym, erased_at, request)?;
    Ok((counts, kept))
}

/// Why a person is erased, as the `person.erased` event records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureCause {
    /// Someone erased them (Art. 17), under a request or not.
    Request,
    /// A retention rule said so, in a housekeeping run.
    Retention,
    /// A retention rule said to anonymise them: erased, with figures kept that identify no one.
    Anonymisation,
    /// Their time in the recycle bin was up.
    BinPurge,
}

/// What an erasure needs from outside its transaction (see [`Vault::erasure_plan`]).
pub(crate) struct ErasurePlan {
    retention: Retention,
    today: NaiveDate,
    ledger_path: std::path::PathBuf,
    audit_key: lagom_crypto::AuditKey,
}

/// Erases one person within a write: the rows, the audit event naming the cause, and the
/// ledger line (on disk before the transaction commits). Callers checkpoint the write-ahead
/// log after the commit ([`sql::truncate_wal`] through [`Vault::after_erasures`]).
pub(crate) fn erase_in(
    tx: &rusqlite::Transaction<'_>,
    audit: &mut Appender<'_>,
    ctx: &Ctx,
    plan: &ErasurePlan,
    (person, cause): (&StoredPerson, ErasureCause),
    request: Option<&str>,
    entropy: &mut impl Entropy,
) -> Result<ErasureReport> {
    let (request_id, request_number) = match request {
        Some(r) => {
            let (id, number) = erasure_request(tx, r, person.id)?;
            (Some(id), Some(number))
        }
        None => (None, None),
    };
    let mut pseudonym_for = |tx: &rusqlite::Transaction<'_>| -> Result<String> {
        loop {
            let candidate = make_pseudonym(entropy);
            if !sql::pseudonym_taken(tx, &candidate)? {
                break Ok(candidate);
            }
        }
    };
    let pseudonym = pseudonym_for(tx)?;
    // Before the person's merges are forgotten with them, and their addresses with them.
    let merged_in = crate::duplicates::sql::merged_into(tx, &person.id.to_string())?;
    let addresses = addresses_of(tx, &person.id.to_string())?;
    let (counts, kept) = erase_rows(
        tx,
        person,
        &pseudonym,
        &ctx.now,
        request_id.as_deref(),
        &plan.retention,
        plan.today,
    )?;
    let id = person.id.to_string();
    let hashes = suppression::record(
        tx,
        &suppression::Key::derive(&plan.audit_key),
        person.id,
        &ctx.now,
        request_number.as_deref(),
        (&addresses.0, &addresses.1),
    )?;
    let mut ledger_entries = vec![ledger::Entry {
        person: person.id,
        pseudonym: pseudonym.clone(),
        erased_at: ctx.now.clone(),
    }];
    // The people merged into them are them too: an older backup may still hold them apart,
    // so each is recorded as erased (under a pseudonym of their own) for unlocking to apply.
    for merged in &merged_in {
        let other = pseudonym_for(tx)?;
        crate::duplicates::sql::forget(tx, std::slice::from_ref(merged))?;
        sql::record_erasure(tx, merged, &other, &ctx.now, request_id.as_deref())?;
        ledger_entries.push(ledger::Entry {
            person: crate::db::parse_id(merged)?,
            pseudonym: other,
            erased_at: ctx.now.clone(),
        });
    }
    if let Some(r) = &request_id {
        let detail = serde_json::json!({ "pseudonym": pseudonym, "counts": counts_json(&counts) });
        sql::note_request_action(
            tx,
            r,
            (
                &Uuid::now_v7().to_string(),
                &ctx.now,
                &ctx.actor.to_string(),
            ),
            &detail.to_string(),
        )?;
    }
    audit.append(
        tx,
        ctx.event(
            AuditKind::PersonErased,
            Some(("person", id)),
            serde_json::json!({
                "pseudonym": pseudonym,
                "request": request_id,
                "cause": cause,
                "counts": counts_json(&counts),
                "merged_in": merged_in,
                "suppression_hashes": hashes.len(),
            }),
        ),
    )?;
    let suppressions: Vec<ledger::SuppressionEntry> = (!hashes.is_empty())
        .then(|| ledger::SuppressionEntry {
            person: person.id,
            erased_at: ctx.now.clone(),
            request: request_number,
            hashes: hashes.clone(),
        })
        .into_iter()
        .collect();
    ledger::append_with_suppressions(
        &plan.ledger_path,
        &plan.audit_key,
        &ledger_entries,
        &suppressions,
    )?;
    Ok(ErasureReport {
        person: person.id,
        pseudonym,
        counts,
        invoices_kept: kept,
        request: request_id,
        suppression_hashes: hashes.len() as u64,
    })
}

impl Vault {
    /// After erasures have committed: the write-ahead log is checkpointed and truncated, so
    /// that no copy of an erased page stays in it.
    pub(crate) fn after_erasures(&self) -> Result<()> {
        sql::truncate_wal(&self.store.conn)
    }
}

/// Every e-mail address and phone number of the person, as stored.
fn addresses_of(conn: &rusqlite::Connection, person: &str) -> Result<(Vec<String>, Vec<String>)> {
    Ok((
        contacts::values_of(conn, person, Channel::Email)?,
        contacts::values_of(conn, person, Channel::Phone)?,
    ))
}

fn counts_json(counts: &ErasureCounts) -> serde_json::Value {
    serde_json::to_value(counts).unwrap_or_default()
}

impl Vault {
    /// What erasing the person would remove, detach, pseudonymise and delete, without
    /// changing anything (the confirmation shows it).
    pub fn preview_erasure(&self, who: &PersonRef) -> Result<ErasurePreview> {
        let conn = &self.store.conn;
        let person = people_sql::find_person(conn, who)?;
        let retention = self.retention()?;
        let today = crate::clock::today(self.clock.as_ref());
        let (counts, invoices) = survey(conn, &person.id.to_string(), &retention, today)?;
        let (deleted, kept): (Vec<_>, Vec<_>) = invoices.into_iter().partition(|(_, _, e)| *e);
        let (emails, phones) = addresses_of(conn, &person.id.to_string())?;
        let hashes = suppression::Key::derive(&self.audit_key).kept(&emails, &phones);
        Ok(ErasurePreview {
            person: person.id,
            counts,
            invoices_kept: kept.into_iter().map(|(_, o, _)| o).collect(),
            invoices_deleted: deleted.into_iter().map(|(_, o, _)| o).collect(),
            suppression_hashes: hashes.len() as u64,
        })
    }

    /// Erases a person (see the module's documentation for what that covers), for the
    /// request named (its id or number, "R-0001", "r1", "1"), if any: it must be an open
    /// erasure request about this person whose identity check has not failed (an unchecked
    /// one is allowed; the app warns). One transaction; the ledger line is on disk before
    /// it commits.
    pub fn erase_person(
        &mut self,
        who: &PersonRef,
        request: Option<&str>,
        entropy: &mut impl Entropy,
    ) -> Result<ErasureReport> {
        let plan = self.erasure_plan()?;
        let report = self.write(|tx, audit, ctx| {
            let person = people_sql::find_person(tx, who)?;
            erase_in(
                tx,
                audit,
                ctx,
                &plan,
                (&person, ErasureCause::Request),
                request,
                entropy,
            )
        })?;
        sql::truncate_wal(&self.store.conn)?;
        Ok(report)
    }

    /// What every erasure needs from outside its transaction: the invoice clock, today,
    /// and where the ledger is.
    pub(crate) fn erasure_plan(&self) -> Result<ErasurePlan> {
        Ok(ErasurePlan {
            retention: self.retention()?,
            today: crate::clock::today(self.clock.as_ref()),
            ledger_path: ledger::path(self.dir()),
            audit_key: self.audit_key.clone(),
        })
    }

    /// Unlocks the vault in `dir` as its owner. A failed attempt is noted and moved into the
    /// audit trail at the next successful unlock; a key rotation a crash interrupted is
    /// finished (or abandoned) before anything else. A restored backup is brought up to date before anyone sees it: every erasure made
    /// since the backup is applied again, so an erased person never comes back.
    pub fn unlock(dir: &Path, credentials: &Credentials, clock: Arc<dyn Clock>) -> Result<Vault> {
        let mut vault = Vault::open(dir, credentials, clock)?;
        vault.reapply_erasures()?;
        Ok(vault)
    }

    /// Brings the database and the erasure ledger up to date with each other: every erasure
    /// in the ledger that the database lacks (a backup was restored, or a crash came between
    /// the ledger line and the commit) is applied again under the same pseudonym, every
    /// suppression entry it lacks is put back, and every erasure and entry the ledger lacks
    /// is written to it. Returns how many erasures were applied again.
    pub(crate) fn reapply_erasures(&mut self) -> Result<u64> {
        let ledger_path = ledger::path(self.dir());
        let audit_key = self.audit_key.clone();
        let ledger::Ledger {
            erasures: entries,
            suppressions,
            ..
        } = ledger::read(&ledger_path, &audit_key)?;
        let mut missing = Vec::new();
        for e in &entries {
            if !sql::is_erased(&self.store.conn, &e.person.to_string())? {
                missing.push(e.clone());
            }
        }
        let retention = self.retention()?;
        let today = crate::clock::today(self.clock.as_ref());
        let mut lost = Vec::new();
        for s in &suppressions {
            if !suppression::sql::exists(&self.store.conn, &s.person.to_string())? {
                lost.push(s.clone());
            }
        }
        let applied = if missing.is_empty() && lost.is_empty() {
            0
        } else {
            let n = self.write_even_if_damaged(|tx, audit, ctx| {
                for e in &missing {
                    reapply(tx, audit, ctx, e, (&retention, today))?;
                }
                for s in &lost {
                    restore_suppression(tx, audit, ctx, s)?;
                }
                Ok(missing.len() as u64)
            })?;
            sql::truncate_wal(&self.store.conn)?;
            n
        };
        let known: HashSet<Uuid> = entries.iter().map(|e| e.person).collect();
        let mut unwritten = Vec::new();
        for (person, pseudonym, erased_at) in sql::erasures(&self.store.conn)? {
            let Ok(person) = Uuid::parse_str(&person) else {
                continue;
            };
            if !known.contains(&person) {
                unwritten.push(ledger::Entry {
                    person,
                    pseudonym,
                    erased_at,
                });
            }
        }
        let written: HashSet<Uuid> = suppressions.iter().map(|s| s.person).collect();
        let mut unwritten_suppressions = Vec::new();
        for (row, hashes) in suppression::sql::all_with_hashes(&self.store.conn)? {
            let Ok(person) = Uuid::parse_str(&row.person) else {
                continue;
            };
            if !written.contains(&person) && !hashes.is_empty() {
                unwritten_suppressions.push(ledger::SuppressionEntry {
                    person,
                    erased_at: row.erased_at,
                    request: row.request,
                    hashes,
                });
            }
        }
        ledger::append_with_suppressions(
            &ledger_path,
            &audit_key,
            &unwritten,
            &unwritten_suppressions,
        )?;
        Ok(applied)
    }
}

/// The request an erasure is made under, by its id or number: refused unless it is an open
/// erasure request about the person whose identity check has not failed. Returns its id and
/// its number (`R-0004`).
fn erasure_request(
    conn: &rusqlite::Connection,
    text: &str,
    person: Uuid,
) -> Result<(String, String)> {
    let row = requests_sql::find(conn, RequestRef::parse(text)?)?;
    let number = request_number(row.number);
    if row.status != RequestStatus::Open {
        return Err(Error::Conflict(format!(
            "request {number} is closed ({}); erase under an open erasure request",
            row.status.as_str()
        )));
    }
    if row.kind != RequestKind::Erasure {
        return Err(Error::Conflict(format!(
            "request {number} is of kind {}; only an erasure request is answered by erasing",
            row.kind.as_str()
        )));
    }
    if !requests_sql::people_of(conn, row.id)?
        .iter()
        .any(|p| p.id == person)
    {
        return Err(Error::Conflict(format!(
            "request {number} is not about this person"
        )));
    }
    if row.identity == IdentityCheck::Failed {
        return Err(Error::Conflict(format!(
            "the identity check of request {number} failed; nothing may be erased under it"
        )));
    }
    Ok((row.id.to_string(), number))
}

/// Puts back a suppression entry the database lacks (a backup older than the erasure was
/// restored), from its ledger line.
fn restore_suppression(
    tx: &rusqlite::Transaction<'_>,
    audit: &mut Appender<'_>,
    ctx: &Ctx,
    s: &ledger::SuppressionEntry,
) -> Result<()> {
    let id = s.person.to_string();
    suppression::sql::insert(tx, &id, &s.erased_at, s.request.as_deref(), &s.hashes)?;
    audit.append(
        tx,
        ctx.event(
            AuditKind::SuppressionRestored,
            Some(("person", id)),
            serde_json::json!({
                "erased_at": s.erased_at,
                "request": s.request,
                "hashes": s.hashes.len(),
            }),
        ),
    )
}

/// Applies one ledger entry again. A person the database never had (the backup is older
/// than them) or no longer has still gets their row in `erasures`, so the two lists agree.
fn reapply(
    tx: &rusqlite::Transaction<'_>,
    audit: &mut Appender<'_>,
    ctx: &Ctx,
    e: &ledger::Entry,
    (retention, today): (&Retention, NaiveDate),
) -> Result<()> {
    let id = e.person.to_string();
    let (found, counts) = match people_sql::find_person(tx, &PersonRef::Id(e.person)) {
        Ok(person) => {
            let (counts, _) = erase_rows(
                tx,
                &person,
                &e.pseudonym,
                &e.erased_at,
                None,
                retention,
                today,
            )?;
            (true, counts)
        }
        Err(Error::NotFound { .. }) => {
            crate::duplicates::sql::forget(tx, std::slice::from_ref(&id))?;
            sql::record_erasure(tx, &id, &e.pseudonym, &e.erased_at, None)?;
            (false, ErasureCounts::default())
        }
        Err(other) => return Err(other),
    };
    audit.append(
        tx,
        ctx.event(
            AuditKind::ErasureReapplied,
            Some(("person", id)),
            serde_json::json!({
                "pseudonym": e.pseudonym,
                "erased_at": e.erased_at,
                "person_found": found,
                "counts": counts_json(&counts),
            }),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counter(u8);
    impl Entropy for Counter {
        fn fill(&mut self, buf: &mut [u8]) {
            for b in buf {
                *b = self.0;
                self.0 = self.0.wrapping_add(1);
            }
        }
    }

    #[test]
    fn pseudonyms_are_prefixed_and_read_back_as_well_formed() {
        let p = make_pseudonym(&mut Counter(0));
        assert_eq!(p, "ERASED-01234567");
        assert!(pseudonym::well_formed_pseudonym(&p));
        assert!(!pseudonym::well_formed_pseudonym("ERASED-Kari Nordmann"));
        assert_ne!(make_pseudonym(&mut Counter(8)), p);
    }
}
