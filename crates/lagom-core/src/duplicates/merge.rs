//! Merging two people into one, and undoing it.
//!
//! A merge keeps everything of both: the rows that hang on the person merged away (notes,
//! deals, invoices, consent events with their evidence, processing records) move to the
//! person kept; tags, subscriptions, requests, e-mail addresses and phone numbers are joined; their dismissals are copied.
//! Field by field the kept person's value stays unless the caller chose the other's, and an
//! empty field is filled from the other. Restriction and objection are kept if either had
//! them; the person stays archived only if both were. The person merged away is removed with
//! a tombstone and out of the search index.
//!
//! What undoing needs is saved with the merge: both people's rows whole, which rows moved,
//! and the tags, subscriptions, requests and addresses and numbers each had. Undo is allowed while everything the
//! person kept has is still exactly as the merge left it (a SHA-256 over it, `state_after`),
//! so no later edit, note, consent or request is lost; it puts back both people exactly.

use std::collections::BTreeMap;

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::{MergeField, MergeReport, MergeRequest, Moved, UndoneMerge};
use super::sql::{self, MOVED_TABLES, RequestLink, Row, Subscription};
use crate::audit::AuditKind;
use crate::audit::sql::Appender;
use crate::people::contacts::{self, Channel, ContactKind, SavedContact};
use crate::people::sql as people_sql;
use crate::types::PersonRef;
use crate::vault::Ctx;
use crate::{Error, Result};

/// What undoing a merge needs, saved with it (personal data: dropped as soon as the merge
/// can no longer be undone).
#[derive(Debug, Serialize, Deserialize)]
struct Undo {
    /// The person kept's row before the merge.
    kept: Row,
    /// The person merged away's row.
    merged: Row,
    /// Per table of [`MOVED_TABLES`], the ids of the rows that moved.
    moved: BTreeMap<String, Vec<String>>,
    kept_tags: Vec<String>,
    merged_tags: Vec<String>,
    kept_subscriptions: Vec<Subscription>,
    merged_subscriptions: Vec<Subscription>,
    kept_requests: Vec<RequestLink>,
    merged_requests: Vec<RequestLink>,
    /// Dismissals the merge copied from the person merged away to the person kept.
    dismissals_added: Vec<(String, String)>,
    /// Both people's addresses and numbers as they were (absent in merges made before a
    /// person had several).
    #[serde(default)]
    kept_contacts: Option<Vec<SavedContact>>,
    #[serde(default)]
    merged_contacts: Option<Vec<SavedContact>>,
}

/// The `people` column a field is stored in.
fn column(field: MergeField) -> &'static str {
    match field {
        MergeField::Organisation => "organisation_id",
        MergeField::Category => "category_id",
        MergeField::Owner => "owner_id",
        other => other.as_str(),
    }
}

fn is_empty(v: Option<&serde_json::Value>) -> bool {
    match v {
        None | Some(serde_json::Value::Null) => true,
        Some(serde_json::Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

fn text(row: &Row, column: &str) -> Option<String> {
    row.get(column)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// The person kept's row as it will be, and the fields whose value came from the other.
fn merged_row(kept: &Row, other: &Row, chosen: &[MergeField], now: &str) -> (Row, Vec<MergeField>) {
    let mut out = kept.clone();
    let mut taken = Vec::new();
    let field_columns: Vec<&str> = MergeField::ALL.iter().map(|f| column(*f)).collect();
    for field in MergeField::ALL {
        let c = column(field);
        let theirs = other.get(c);
        let take = if chosen.contains(&field) {
            true
        } else {
            is_empty(kept.get(c)) && !is_empty(theirs)
        };
        if take && kept.get(c) != theirs {
            out.insert(c.to_owned(), theirs.cloned().unwrap_or_default());
            taken.push(field);
        }
    }
    // Restriction (Art. 18) and objection (Art. 21) protect the person: whichever record had
    // one, the merged person keeps it, with its reason.
    for (at, reason) in [
        ("restricted_at", "restriction_reason"),
        ("objected_at", "objection_reason"),
    ] {
        if is_empty(kept.get(at)) && !is_empty(other.get(at)) {
            for c in [at, reason] {
                out.insert(c.to_owned(), other.get(c).cloned().unwrap_or_default());
            }
        }
    }
    // Archived only if both were: the other record was in use.
    if is_empty(other.get("archived_at")) {
        out.insert("archived_at".into(), serde_json::Value::Null);
    }
    // In the register since the earlier of the two.
    if let (Some(k), Some(o)) = (text(kept, "created_at"), text(other, "created_at"))
        && o < k
    {
        out.insert("created_at".into(), o.into());
    }
    // Columns no rule above names (added by later migrations): the kept person's value,
    // filled from the other.
    let ruled = [
        "pk",
        "id",
        "restricted_at",
        "restriction_reason",
        "objected_at",
        "objection_reason",
        "archived_at",
        "binned_at",
        "created_at",
        "updated_at",
        "last_activity_at",
        "created_by",
    ];
    for (c, v) in kept {
        if !ruled.contains(&c.as_str())
            && !field_columns.contains(&c.as_str())
            && is_empty(Some(v))
            && !is_empty(other.get(c))
        {
            out.insert(c.clone(), other.get(c).cloned().unwrap_or_default());
        }
    }
    out.insert("updated_at".into(), now.into());
    (out, taken)
}

/// The subscriptions of both, each type once, since the earlier date.
fn joined_subscriptions(kept: &[Subscription], other: &[Subscription]) -> Vec<Subscription> {
    let mut out: BTreeMap<String, String> = kept.iter().cloned().collect();
    for (kind, since) in other {
        out.entry(kind.clone())
            .and_modify(|s| {
                if since < s {
                    s.clone_from(since);
                }
            })
            .or_insert_with(|| since.clone());
    }
    out.into_iter().collect()
}

/// Takes a person out of the search index and writes them in again from their stored row.
fn reindex(tx: &Transaction<'_>, pk: i64) -> Result<()> {
    let stored = people_sql::find_person_by_pk(tx, pk)?;
    people_sql::index_person(
        tx,
        pk,
        &stored.details,
        stored.organisation.as_ref().map(|o| o.name.as_str()),
    )
}

/// Merges two people inside a running write (see the module's documentation).
pub(crate) fn merge(
    tx: &Transaction<'_>,
    audit: &mut Appender<'_>,
    ctx: &Ctx,
    request: &MergeRequest,
    automatic: bool,
) -> Result<MergeReport> {
    if request.a == request.b {
        return Err(Error::validation("b", "is the same person as a"));
    }
    let keep = request.keep.unwrap_or(request.a);
    let other = if keep == request.a {
        request.b
    } else if keep == request.b {
        request.a
    } else {
        return Err(Error::validation("keep", "must be a or b"));
    };
    let kept = people_sql::find_person(tx, &PersonRef::Id(keep))?;
    let gone = people_sql::find_person(tx, &PersonRef::Id(other))?;
    let (kept_id, other_id) = (keep.to_string(), other.to_string());
    for id in [&kept_id, &other_id] {
        if sql::is_binned(tx, id)? {
            return Err(Error::Conflict(format!(
                "person {id} is in the recycle bin; restore them before merging"
            )));
        }
    }
    let missing = || Error::NotFound {
        kind: "person",
        id: format!("with id {keep}"),
    };
    let kept_row = sql::person_row(tx, &kept_id)?.ok_or_else(missing)?;
    let other_row = sql::person_row(tx, &other_id)?.ok_or_else(missing)?;
    let mut undo = Undo {
        kept: kept_row.clone(),
        merged: other_row.clone(),
        moved: BTreeMap::new(),
        kept_tags: sql::tag_ids(tx, &kept_id)?,
        merged_tags: sql::tag_ids(tx, &other_id)?,
        kept_subscriptions: sql::subscriptions(tx, &kept_id)?,
        merged_subscriptions: sql::subscriptions(tx, &other_id)?,
        kept_requests: sql::requests(tx, &kept_id)?,
        merged_requests: sql::requests(tx, &other_id)?,
        dismissals_added: Vec::new(),
        kept_contacts: Some(contacts::snapshot(tx, &kept_id)?),
        merged_contacts: Some(contacts::snapshot(tx, &other_id)?),
    };
    let (row, taken) = merged_row(&kept_row, &other_row, &request.fields, &ctx.now);

    let mut moved = Moved::default();
    for table in MOVED_TABLES {
        let ids = sql::ids_in(tx, table, &other_id)?;
        sql::move_rows(tx, table, &ids, &kept_id)?;
        let n = ids.len() as u64;
        match table {
            "notes" => moved.notes = n,
            "deals" => moved.deals = n,
            "invoices" => moved.invoices = n,
            "consent_events" => moved.consents = n,
            _ => moved.processing_records = n,
        }
        undo.moved.insert(table.to_owned(), ids);
    }
    let mut tags = undo.kept_tags.clone();
    for t in &undo.merged_tags {
        if !tags.contains(t) {
            tags.push(t.clone());
            moved.tags += 1;
        }
    }
    sql::set_tags(tx, &kept_id, &tags)?;
    let subscriptions = joined_subscriptions(&undo.kept_subscriptions, &undo.merged_subscriptions);
    moved.subscriptions = (subscriptions.len() - undo.kept_subscriptions.len()) as u64;
    sql::set_subscriptions(tx, &kept_id, &subscriptions)?;
    let mut requests = undo.kept_requests.clone();
    for (request, _) in &undo.merged_requests {
        if !requests.iter().any(|(r, _)| r == request) {
            requests.push((request.clone(), None));
            moved.requests += 1;
        }
    }
    sql::set_requests(tx, &kept_id, &requests)?;
    // "Not the same person" said of the one merged away holds for the merged person.
    for x in sql::dismissed_with(tx, &other_id)? {
        if x != kept_id && sql::dismiss(tx, &kept_id, &x, &ctx.now, &ctx.actor.to_string())? {
            let (a, b) = sql::ordered(&kept_id, &x);
            undo.dismissals_added.push((a.to_owned(), b.to_owned()));
        }
    }

    // Out of the index under the terms their stored rows make, before they change.
    people_sql::unindex_person(tx, kept.pk)?;
    // Every address and number of both is kept; the primary ones are those of the merged
    // row (the kept person's unless the other's was chosen or theirs was empty).
    people_sql::delete_person(tx, &gone, &ctx.now)?;
    contacts::adopt(
        tx,
        &kept_id,
        undo.merged_contacts.as_deref().unwrap_or_default(),
        &ctx.now,
    )?;
    sql::write_person_row(tx, &kept_id, &row)?;
    for (channel, column) in [(Channel::Email, "email"), (Channel::Phone, "phone")] {
        let mut wanted = text(&row, column);
        contacts::follow_primary(tx, &kept_id, channel, &mut wanted, &ctx.now)?;
    }
    reindex(tx, kept.pk)?;

    let merge_id = Uuid::now_v7();
    let fields: Vec<&str> = taken.iter().map(|f| f.as_str()).collect();
    let undo_json = serde_json::to_string(&undo)
        .map_err(|e| Error::Internal(format!("saving what undoing a merge needs: {e}")))?;
    sql::insert_merge(
        tx,
        &sql::MergeRow {
            id: merge_id.to_string(),
            kept: kept_id.clone(),
            merged: other_id.clone(),
            merged_at: ctx.now.clone(),
            merged_by: String::new(),
            automatic,
            fields: serde_json::to_string(&fields).unwrap_or_else(|_| "[]".into()),
            state_after: Some(sql::state_of(tx, &kept_id)?),
            undo: Some(undo_json),
            undone_at: None,
        },
        &ctx.actor.to_string(),
    )?;
    audit.append(
        tx,
        ctx.event(
            AuditKind::PersonMerged,
            Some(("person", kept_id)),
            serde_json::json!({
                "merge": merge_id,
                "merged": other_id,
                "fields": fields,
                "moved": moved,
                "automatic": automatic,
            }),
        ),
    )?;
    Ok(MergeReport {
        merge: merge_id,
        kept: keep,
        merged: other,
        taken,
        moved,
        automatic,
    })
}

/// Why a merge can no longer be undone, or `None` when it can.
pub(crate) fn undo_refusal(tx: &rusqlite::Connection, m: &sql::MergeRow) -> Result<Option<String>> {
    if let Some(at) = &m.undone_at {
        return Ok(Some(format!("merge {} was undone at {at} already", m.id)));
    }
    let (Some(_), Some(after)) = (&m.undo, &m.state_after) else {
        return Ok(Some(format!(
            "merge {} can no longer be undone: person {} was deleted, erased or merged again \
             since",
            m.id, m.kept
        )));
    };
    if sql::person_row(tx, &m.merged)?.is_some() {
        return Ok(Some(format!(
            "merge {} cannot be undone: person {} is in the register again",
            m.id, m.merged
        )));
    }
    if &sql::state_of(tx, &m.kept)? != after {
        return Ok(Some(format!(
            "merge {} can no longer be undone: person {} was changed after it (an edit, a \
             note, a consent, a request …), and undoing it would lose that change; nothing \
             was changed",
            m.id, m.kept
        )));
    }
    Ok(None)
}

/// Undoes a merge inside a running write: both people exactly as they were before it.
pub(crate) fn undo(
    tx: &Transaction<'_>,
    audit: &mut Appender<'_>,
    ctx: &Ctx,
    merge: Uuid,
) -> Result<UndoneMerge> {
    let m = sql::merge(tx, &merge.to_string())?;
    if let Some(why) = undo_refusal(tx, &m)? {
        return Err(Error::Conflict(why));
    }
    let undo: Undo = serde_json::from_str(m.undo.as_deref().unwrap_or_default())
        .map_err(|_| Error::Damaged(format!("merge {}'s saved rows do not read", m.id)))?;
    let kept = people_sql::find_person(tx, &PersonRef::Id(crate::db::parse_id(&m.kept)?))?;

    people_sql::unindex_person(tx, kept.pk)?;
    sql::write_person_row(tx, &m.kept, &undo.kept)?;
    let merged_pk = sql::insert_person_row(tx, &undo.merged)?;
    sql::remove_tombstone(tx, &m.merged)?;
    for (table, ids) in &undo.moved {
        let table = MOVED_TABLES
            .into_iter()
            .find(|t| t == table)
            .ok_or_else(|| Error::Damaged(format!("merge {} names a table {table}", m.id)))?;
        sql::move_rows(tx, table, ids, &m.merged)?;
    }
    match (&undo.kept_contacts, &undo.merged_contacts) {
        (Some(kept_contacts), Some(merged_contacts)) => {
            contacts::replace_all(tx, &m.kept, kept_contacts)?;
            contacts::replace_all(tx, &m.merged, merged_contacts)?;
        }
        // Saved before people had several addresses: each gets the primary ones of their
        // row back.
        _ => {
            for (id, row) in [(&m.kept, &undo.kept), (&m.merged, &undo.merged)] {
                contacts::replace_all(tx, id, &[])?;
                for (channel, column) in [(Channel::Email, "email"), (Channel::Phone, "phone")] {
                    if let Some(v) = text(row, column) {
                        contacts::add(tx, id, channel, &v, ContactKind::Other, true, &ctx.now)?;
                    }
                }
            }
        }
    }
    sql::set_tags(tx, &m.kept, &undo.kept_tags)?;
    sql::set_tags(tx, &m.merged, &undo.merged_tags)?;
    sql::set_subscriptions(tx, &m.kept, &undo.kept_subscriptions)?;
    sql::set_subscriptions(tx, &m.merged, &undo.merged_subscriptions)?;
    sql::set_requests(tx, &m.kept, &undo.kept_requests)?;
    sql::set_requests(tx, &m.merged, &undo.merged_requests)?;
    for (a, b) in &undo.dismissals_added {
        sql::undismiss(tx, a, b)?;
    }
    // The activity triggers saw requests named again; when each was last used is as saved.
    for (id, row) in [(&m.kept, &undo.kept), (&m.merged, &undo.merged)] {
        sql::set_last_activity(tx, id, text(row, "last_activity_at").as_deref())?;
    }
    reindex(tx, kept.pk)?;
    reindex(tx, merged_pk)?;
    sql::mark_undone(tx, &m.id, &ctx.now, &ctx.actor.to_string())?;
    audit.append(
        tx,
        ctx.event(
            AuditKind::PersonMergeUndone,
            Some(("person", m.kept.clone())),
            serde_json::json!({ "merge": m.id, "restored": m.merged }),
        ),
    )?;
    Ok(UndoneMerge {
        merge,
        kept: crate::db::parse_id(&m.kept)?,
        restored: crate::db::parse_id(&m.merged)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, serde_json::Value)]) -> Row {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn the_kept_value_wins_empty_fields_are_filled_and_chosen_ones_taken() {
        use serde_json::Value::Null;
        let kept = row(&[
            ("first_name", "Bjørn".into()),
            ("last_name", "".into()),
            ("email", "bjorn@fjordror.no".into()),
            ("phone", Null),
            ("city", "Oslo".into()),
            ("archived_at", "2025-01-01T00:00:00Z".into()),
            ("created_at", "2025-02-01T00:00:00Z".into()),
            ("restricted_at", Null),
            ("restriction_reason", Null),
        ]);
        let other = row(&[
            ("first_name", "Bjorn".into()),
            ("last_name", "Kjær".into()),
            ("email", "bjorn.kjaer@gmail.com".into()),
            ("phone", "+47 912 34 567".into()),
            ("city", "Bergen".into()),
            ("archived_at", Null),
            ("created_at", "2024-05-01T00:00:00Z".into()),
            ("restricted_at", "2025-03-01T00:00:00Z".into()),
            ("restriction_reason", "asked by phone".into()),
        ]);
        let (out, taken) = merged_row(&kept, &other, &[MergeField::City], "now");
        assert_eq!(out["first_name"], "Bjørn");
        assert_eq!(out["last_name"], "Kjær");
        assert_eq!(out["email"], "bjorn@fjordror.no");
        assert_eq!(out["phone"], "+47 912 34 567");
        assert_eq!(out["city"], "Bergen");
        assert_eq!(
            taken,
            [MergeField::LastName, MergeField::Phone, MergeField::City]
        );
        assert_eq!(out["archived_at"], Null, "the other was in use");
        assert_eq!(out["created_at"], "2024-05-01T00:00:00Z");
        assert_eq!(out["restriction_reason"], "asked by phone");
        assert_eq!(out["updated_at"], "now");
    }

    #[test]
    fn subscriptions_are_joined_from_the_earlier_date() {
        let kept = [("news".to_owned(), "2025-02-01".to_owned())];
        let other = [
            ("news".to_owned(), "2024-01-01".to_owned()),
            ("offers".to_owned(), "2025-03-01".to_owned()),
        ];
        assert_eq!(
            joined_subscriptions(&kept, &other),
            [
                ("news".to_owned(), "2024-01-01".to_owned()),
                ("offers".to_owned(), "2025-03-01".to_owned())
            ]
        );
    }
}
