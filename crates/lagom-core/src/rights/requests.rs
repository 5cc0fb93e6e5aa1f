//! The register of data subject requests (GDPR Arts. 15–21): what was asked, by whom, when it
//! came in and when it must be answered, whether the person's identity was checked, and every
//! action taken until it is closed. Requests are numbered R-0001, R-0002, … for letters and
//! phone calls. Each change is audited under the request's id; the register holds people by
//! id, so a request outlives the person's erasure with only a pseudonym left.

use chrono::NaiveDate;

use serde_json::json;
use uuid::Uuid;

use super::deadline::{self, Urgency};
use crate::audit::AuditKind;
use crate::card::PersonView;
use crate::people::PersonPatch;
use crate::people::sql as people_sql;
use crate::rights::model::{
    IdentityCheck, MAX_TEXT_CHARS, NewRequest, RequestFilter, RequestLine, RequestPerson,
    RequestRef, RequestRow, RequestStatus, RequestSummary, RequestView, request_number,
};
use crate::rights::sql;
use crate::text::clean;
use crate::types::PersonRef;
use crate::vault::Vault;
use crate::{Error, Result};

fn text(field: &'static str, value: &str) -> Result<String> {
    // Descriptions run over lines; each line is cleaned like any other field.
    let lines: Vec<String> = value
        .trim()
        .lines()
        .map(|l| clean(field, l.trim_end()))
        .collect::<Result<_>>()?;
    let joined = lines.join("\n");
    if joined.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::validation(
            field,
            format!("is longer than {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(joined)
}

/// Today where the computer is: a request received just after midnight was received on
/// the new day, whatever the date in UTC.
pub(crate) fn today(vault: &Vault) -> NaiveDate {
    crate::clock::today(vault.clock.as_ref())
}

fn line(row: &RequestRow, people: Vec<RequestPerson>, today: NaiveDate) -> RequestLine {
    let open = row.status == RequestStatus::Open;
    RequestLine {
        id: row.id,
        number: request_number(row.number),
        kind: row.kind,
        people,
        received_on: row.received_on,
        due_on: row.due_on,
        extended: row.extended_on.is_some(),
        identity: row.identity,
        status: row.status,
        urgency: open.then(|| deadline::urgency(row.due_on, today)),
        days_left: open.then(|| deadline::days_left(row.due_on, today)),
    }
}

fn view(conn: &rusqlite::Connection, row: RequestRow, today: NaiveDate) -> Result<RequestView> {
    let people = sql::people_of(conn, row.id)?;
    let actions = sql::actions_of(conn, row.id)?;
    Ok(RequestView {
        line: line(&row, people, today),
        extended_on: row.extended_on,
        extension_reason: row.extension_reason,
        channel: row.channel,
        description: row.description,
        closed_on: row.closed_on,
        outcome: row.outcome,
        created_at: row.created_at,
        actions,
    })
}

fn must_be_open(row: &RequestRow) -> Result<()> {
    if row.status == RequestStatus::Open {
        Ok(())
    } else {
        Err(Error::Conflict(format!(
            "request {} is closed ({})",
            request_number(row.number),
            row.status.as_str()
        )))
    }
}

fn subject(row: &RequestRow) -> Option<(&'static str, String)> {
    Some(("request", row.id.to_string()))
}

impl Vault {
    /// Registers a request. Its deadline is one month from receipt (Art. 12(3)).
    pub fn create_request(&mut self, new: &NewRequest) -> Result<RequestView> {
        if new.people.is_empty() {
            return Err(Error::validation(
                "people",
                "name the person the request is about",
            ));
        }
        let who: Vec<PersonRef> = new
            .people
            .iter()
            .map(|p| PersonRef::parse(p))
            .collect::<Result<_>>()?;
        let channel = text("channel", &new.channel)?;
        let description = text("description", &new.description)?;
        let today = today(self);
        let received = new.received_on.unwrap_or(today);
        if received > today {
            return Err(Error::validation("received_on", "is in the future"));
        }
        let due = deadline::due_date(received)
            .ok_or_else(|| Error::validation("received_on", "is out of range"))?;
        self.write(|tx, audit, ctx| {
            let mut people = Vec::new();
            for w in &who {
                let id = people_sql::find_person(tx, w)?.id;
                if !people.contains(&id) {
                    people.push(id);
                }
            }
            let row = RequestRow {
                id: Uuid::now_v7(),
                number: sql::next_number(tx)?,
                kind: new.kind,
                received_on: received,
                due_on: due,
                extended_on: None,
                extension_reason: None,
                identity: IdentityCheck::Unchecked,
                status: RequestStatus::Open,
                channel: channel.clone(),
                description: description.clone(),
                closed_on: None,
                outcome: String::new(),
                created_at: ctx.now.clone(),
            };
            sql::insert_request(tx, &row, ctx.actor)?;
            for person in &people {
                sql::insert_person(tx, row.id, *person)?;
            }
            let detail = json!({ "number": request_number(row.number), "kind": row.kind.as_str(), "people": people, "due_on": due });
            sql::insert_action(tx, row.id, &ctx.now, ctx.actor, "created", &detail)?;
            audit.append(tx, ctx.event(AuditKind::RequestCreated, subject(&row), detail))?;
            view(tx, row, today)
        })
    }

    /// The register, newest first.
    pub fn list_requests(&self, filter: &RequestFilter) -> Result<Vec<RequestLine>> {
        let conn = &self.store.conn;
        let today = today(self);
        sql::list(conn, filter.status, filter.kind)?
            .into_iter()
            .map(|row| Ok(line(&row, sql::people_of(conn, row.id)?, today)))
            .collect()
    }

    /// Open requests that are overdue or due within a week, with the counts.
    pub fn request_summary(&self) -> Result<RequestSummary> {
        let conn = &self.store.conn;
        let today = today(self);
        let rows = sql::open_due_by(conn, deadline::due_soon_until(today))?;
        let requests = rows
            .iter()
            .map(|row| Ok(line(row, sql::people_of(conn, row.id)?, today)))
            .collect::<Result<Vec<_>>>()?;
        let overdue = requests
            .iter()
            .filter(|r| r.urgency == Some(Urgency::Overdue))
            .count() as u64;
        Ok(RequestSummary {
            open: sql::count_open(conn)?,
            overdue,
            due_soon: requests.len() as u64 - overdue,
            requests,
        })
    }

    /// One request with its people and actions.
    pub fn show_request(&self, which: RequestRef) -> Result<RequestView> {
        let conn = &self.store.conn;
        view(conn, sql::find(conn, which)?, today(self))
    }

    /// Records the outcome of the identity check.
    pub fn check_request_identity(
        &mut self,
        which: RequestRef,
        identity: IdentityCheck,
    ) -> Result<RequestView> {
        let today = today(self);
        self.write(|tx, audit, ctx| {
            let row = sql::find(tx, which)?;
            must_be_open(&row)?;
            sql::set_identity(tx, row.id, identity)?;
            let detail = json!({ "identity": identity.as_str() });
            sql::insert_action(tx, row.id, &ctx.now, ctx.actor, "identity_checked", &detail)?;
            audit.append(
                tx,
                ctx.event(AuditKind::RequestUpdated, subject(&row), detail),
            )?;
            view(tx, sql::find(tx, which)?, today)
        })
    }

    /// Extends the deadline by two further months (Art. 12(3)), once, while the request is
    /// open, with the reason recorded. The new deadline is three months from receipt.
    pub fn extend_request(&mut self, which: RequestRef, reason: &str) -> Result<RequestView> {
        let reason = text("reason", reason)?;
        if reason.is_empty() {
            return Err(Error::validation(
                "reason",
                "say why more time is needed; the person must be told",
            ));
        }
        let today = today(self);
        self.write(|tx, audit, ctx| {
            let row = sql::find(tx, which)?;
            must_be_open(&row)?;
            if row.extended_on.is_some() {
                return Err(Error::Conflict(format!(
                    "request {} was already extended; the law allows one extension",
                    request_number(row.number)
                )));
            }
            // Art. 12(3): the person must be told of an extension within the first month, so
            // a deadline already missed cannot be moved after the fact.
            if today > row.due_on {
                return Err(Error::Conflict(format!(
                    "request {} was due on {}; an extension must be made and told within the \
                     first month",
                    request_number(row.number),
                    row.due_on
                )));
            }
            let due = deadline::extended_due_date(row.received_on)
                .ok_or_else(|| Error::validation("received_on", "is out of range"))?;
            sql::extend(tx, row.id, today, &reason, due)?;
            let detail = json!({ "from": row.due_on, "due_on": due });
            sql::insert_action(tx, row.id, &ctx.now, ctx.actor, "extended", &detail)?;
            audit.append(
                tx,
                ctx.event(AuditKind::RequestUpdated, subject(&row), detail),
            )?;
            view(tx, sql::find(tx, which)?, today)
        })
    }

    /// Closes a request as done, refused or withdrawn. A refusal needs its reason (the
    /// person must be told why, Art. 12(4)).
    pub fn close_request(
        &mut self,
        which: RequestRef,
        status: RequestStatus,
        outcome: &str,
    ) -> Result<RequestView> {
        let outcome = text("outcome", outcome)?;
        if status == RequestStatus::Open {
            return Err(Error::validation(
                "status",
                "a request is closed as done, refused or withdrawn",
            ));
        }
        if status == RequestStatus::Refused && outcome.is_empty() {
            return Err(Error::validation(
                "outcome",
                "give the reason for refusing; the person must be told",
            ));
        }
        let today = today(self);
        self.write(|tx, audit, ctx| {
            let row = sql::find(tx, which)?;
            must_be_open(&row)?;
            sql::close(tx, row.id, status, today, &outcome)?;
            let detail = json!({ "status": status.as_str() });
            sql::insert_action(tx, row.id, &ctx.now, ctx.actor, "closed", &detail)?;
            audit.append(
                tx,
                ctx.event(AuditKind::RequestClosed, subject(&row), detail),
            )?;
            view(tx, sql::find(tx, which)?, today)
        })
    }

    /// Corrects a person's record under a request (Art. 16): the change is made as any edit
    /// is (its own audited transaction, the `person.updated` event naming the fields), then
    /// recorded on the request by the names of the fields changed, never their values. The
    /// request is checked first, so an edit is never made under a closed or unrelated one.
    pub fn rectify(
        &mut self,
        which: RequestRef,
        who: &PersonRef,
        patch: &PersonPatch,
    ) -> Result<(RequestView, PersonView)> {
        let (row, person) = {
            let conn = &self.store.conn;
            let row = sql::find(conn, which)?;
            must_be_open(&row)?;
            let person = people_sql::find_person(conn, who)?.id;
            if !sql::people_of(conn, row.id)?.iter().any(|p| p.id == person) {
                return Err(Error::Conflict(format!(
                    "request {} is not about this person",
                    request_number(row.number)
                )));
            }
            (row, person)
        };
        let before = self.person_view_unaudited(person)?;
        let after = self.update_person(&PersonRef::Id(person), patch)?;
        let fields = changed_fields(&before, &after);
        let today = today(self);
        let view = self.write(|tx, audit, ctx| {
            let detail = json!({ "person": person, "fields": fields });
            sql::insert_action(tx, row.id, &ctx.now, ctx.actor, "rectified", &detail)?;
            audit.append(
                tx,
                ctx.event(AuditKind::RequestUpdated, subject(&row), detail),
            )?;
            view(tx, sql::find(tx, which)?, today)
        })?;
        Ok((view, after))
    }

    fn person_view_unaudited(&self, person: Uuid) -> Result<PersonView> {
        let conn = &self.store.conn;
        let stored = people_sql::find_person(conn, &PersonRef::Id(person))?;
        crate::card::view(conn, stored, self.user_id)
    }
}

/// Adds an action to a request, open or closed, inside a write that is already running (an
/// export, an erasure). Returns the request's number.
pub(crate) fn record_action(
    tx: &rusqlite::Connection,
    audit: &mut crate::audit::sql::Appender<'_>,
    ctx: &crate::vault::Ctx,
    which: RequestRef,
    action: &str,
    detail: serde_json::Value,
) -> Result<String> {
    let row = sql::find(tx, which)?;
    sql::insert_action(tx, row.id, &ctx.now, ctx.actor, action, &detail)?;
    audit.append(
        tx,
        ctx.event(AuditKind::RequestUpdated, subject(&row), detail),
    )?;
    Ok(request_number(row.number))
}

/// The names of the fields that differ between two views of one person.
fn changed_fields(before: &PersonView, after: &PersonView) -> Vec<&'static str> {
    let (b, a) = (&before.fields, &after.fields);
    let mut fields = Vec::new();
    let pairs: [(&'static str, bool); 11] = [
        ("first_name", b.first_name != a.first_name),
        ("last_name", b.last_name != a.last_name),
        ("email", b.email != a.email),
        ("phone", b.phone != a.phone),
        ("title", b.title != a.title),
        ("status", b.status != a.status),
        ("address", b.address != a.address),
        ("postcode", b.postcode != a.postcode),
        ("city", b.city != a.city),
        ("country", b.country != a.country),
        ("customer_number", b.customer_number != a.customer_number),
    ];
    fields.extend(pairs.iter().filter(|(_, d)| *d).map(|(n, _)| *n));
    if before.organisation.as_ref().map(|o| o.id) != after.organisation.as_ref().map(|o| o.id) {
        fields.push("organisation");
    }
    if before.tags != after.tags {
        fields.push("tags");
    }
    if before.category != after.category {
        fields.push("category");
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rights::model::RequestKind;

    #[test]
    fn requests_are_named_by_number_or_id() {
        assert_eq!(RequestRef::parse("R-0007").unwrap(), RequestRef::Number(7));
        assert_eq!(RequestRef::parse("r12").unwrap(), RequestRef::Number(12));
        assert_eq!(RequestRef::parse(" 3 ").unwrap(), RequestRef::Number(3));
        let id = Uuid::now_v7();
        assert_eq!(
            RequestRef::parse(&id.to_string()).unwrap(),
            RequestRef::Id(id)
        );
        for bad in ["", "R-", "R-0", "R--1", "R-1x", "x", "+4"] {
            assert!(RequestRef::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(request_number(1), "R-0001");
        assert_eq!(request_number(12345), "R-12345");
    }

    #[test]
    fn kinds_and_states_read_their_stored_spelling() {
        for k in RequestKind::ALL {
            assert_eq!(RequestKind::parse(k.as_str()).unwrap(), k);
        }
        assert!(RequestKind::parse("deletion").is_err());
        assert_eq!(
            IdentityCheck::parse("Verified").unwrap(),
            IdentityCheck::Verified
        );
        assert!(RequestStatus::parse("closed").is_err());
    }
}
