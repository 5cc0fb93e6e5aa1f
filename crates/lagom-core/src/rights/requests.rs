//! The register of data subject requests (GDPR Arts. 15–21): what was asked, by whom, when it
//! came in and when it must be answered, whether the person's identity was checked, and every
//! action taken until it is closed. Requests are numbered R-0001, R-0002, … for letters and
//! phone calls. Each change is audited under the request's id; the register holds people by
//! id, so a request outlives the person's erasure with only a pseudonym left.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::deadline::{self, Urgency};
use crate::audit::AuditKind;
use crate::card::PersonView;
use crate::people::PersonPatch;
use crate::people::sql as people_sql;
use crate::rights::sql;
use crate::text::clean;
use crate::types::PersonRef;
use crate::vault::Vault;
use crate::{Error, Result};

/// The longest description, outcome or extension reason taken, in characters.
pub const MAX_TEXT_CHARS: usize = 4_000;

/// Which right a request exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Art. 15: a copy of everything held.
    Access,
    /// Art. 16: correcting what is wrong.
    Rectification,
    /// Art. 17: being forgotten.
    Erasure,
    /// Art. 18: processing put on hold.
    Restriction,
    /// Art. 20: the data in a machine-readable form.
    Portability,
    /// Art. 21: objecting to processing.
    Objection,
}

impl RequestKind {
    /// Every kind, in the order of the articles.
    pub const ALL: [RequestKind; 6] = [
        RequestKind::Access,
        RequestKind::Rectification,
        RequestKind::Erasure,
        RequestKind::Restriction,
        RequestKind::Portability,
        RequestKind::Objection,
    ];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Access => "access",
            RequestKind::Rectification => "rectification",
            RequestKind::Erasure => "erasure",
            RequestKind::Restriction => "restriction",
            RequestKind::Portability => "portability",
            RequestKind::Objection => "objection",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == t)
            .ok_or_else(|| {
                Error::validation(
                    "kind",
                    "must be access, rectification, erasure, restriction, portability or objection",
                )
            })
    }
}

/// Whether the person asking was shown to be the person the data is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum IdentityCheck {
    /// Not checked yet.
    Unchecked,
    /// Checked and confirmed.
    Verified,
    /// Checked and not confirmed: nothing may be handed over.
    Failed,
}

impl IdentityCheck {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityCheck::Unchecked => "unchecked",
            IdentityCheck::Verified => "verified",
            IdentityCheck::Failed => "failed",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "unchecked" => Ok(IdentityCheck::Unchecked),
            "verified" => Ok(IdentityCheck::Verified),
            "failed" => Ok(IdentityCheck::Failed),
            _ => Err(Error::validation(
                "identity",
                "must be unchecked, verified or failed",
            )),
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Still to be answered.
    Open,
    /// Answered as asked.
    Done,
    /// Refused (Art. 12(5): manifestly unfounded or excessive), with the reason as outcome.
    Refused,
    /// The person took it back.
    Withdrawn,
}

impl RequestStatus {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Done => "done",
            RequestStatus::Refused => "refused",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(RequestStatus::Open),
            "done" => Ok(RequestStatus::Done),
            "refused" => Ok(RequestStatus::Refused),
            "withdrawn" => Ok(RequestStatus::Withdrawn),
            _ => Err(Error::validation(
                "status",
                "must be open, done, refused or withdrawn",
            )),
        }
    }
}

/// How a request is named: its id or its number (`R-0007`, `r7` or `7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestRef {
    /// By id.
    Id(Uuid),
    /// By number.
    Number(i64),
}

impl RequestRef {
    /// Reads an id or a number.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim();
        if let Ok(id) = Uuid::parse_str(t) {
            return Ok(RequestRef::Id(id));
        }
        let digits = t
            .strip_prefix("R-")
            .or_else(|| t.strip_prefix("r-"))
            .or_else(|| t.strip_prefix('R'))
            .or_else(|| t.strip_prefix('r'))
            .unwrap_or(t);
        match digits.parse::<i64>() {
            Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(RequestRef::Number(n))
            }
            _ => Err(Error::validation(
                "request",
                "give the request's number (R-0001) or id",
            )),
        }
    }
}

/// A request's number as shown: `R-0001`.
pub fn request_number(number: i64) -> String {
    format!("R-{number:04}")
}

/// A new request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// The right exercised.
    pub kind: RequestKind,
    /// The people it is about, by id or e-mail address (at least one).
    pub people: Vec<String>,
    /// The day it came in; today when left out. The deadline counts from it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub received_on: Option<NaiveDate>,
    /// How it came in: e-mail, letter, phone, in person.
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub channel: String,
    /// What was asked, in the staff's words.
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub description: String,
}

/// A person a request is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestPerson {
    /// Their id.
    pub id: Uuid,
    /// Their name (or e-mail) while they are in the vault.
    pub name: Option<String>,
    /// The pseudonym left once they were erased.
    pub pseudonym: Option<String>,
}

/// Something done on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestAction {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who did it (a user's display name).
    pub actor: Option<String>,
    /// What: created, identity_checked, extended, bundle_exported, rectified, erased, closed …
    pub action: String,
    /// Ids, counts and field names; never personal data.
    pub detail: serde_json::Value,
}

/// A request's stored row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestRow {
    pub id: Uuid,
    pub number: i64,
    pub kind: RequestKind,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub extended_on: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub identity: IdentityCheck,
    pub status: RequestStatus,
    pub channel: String,
    pub description: String,
    pub closed_on: Option<NaiveDate>,
    pub outcome: String,
    pub created_at: String,
}

/// A request as a line in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestLine {
    /// Its id.
    pub id: Uuid,
    /// Its number, `R-0001`.
    pub number: String,
    /// The right exercised.
    pub kind: RequestKind,
    /// Who it is about.
    pub people: Vec<RequestPerson>,
    /// When it came in.
    pub received_on: NaiveDate,
    /// When it must be answered.
    pub due_on: NaiveDate,
    /// Whether the deadline was extended.
    pub extended: bool,
    /// The identity check.
    pub identity: IdentityCheck,
    /// Where it stands.
    pub status: RequestStatus,
    /// For an open request: overdue, due soon or on time, today.
    pub urgency: Option<Urgency>,
    /// For an open request: days until the deadline (negative once passed).
    pub days_left: Option<i64>,
}

/// A request with everything the register holds about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestView {
    /// The line as the register shows it.
    #[serde(flatten)]
    pub line: RequestLine,
    /// When the deadline was extended.
    pub extended_on: Option<NaiveDate>,
    /// Why (the person must be told within the first month).
    pub extension_reason: Option<String>,
    /// How it came in.
    pub channel: String,
    /// What was asked.
    pub description: String,
    /// When it was closed.
    pub closed_on: Option<NaiveDate>,
    /// How it ended (for a refusal: why).
    pub outcome: String,
    /// When it was registered (RFC 3339, UTC).
    pub created_at: String,
    /// Everything done on it, oldest first.
    pub actions: Vec<RequestAction>,
}

/// Which requests a list holds; `None` leaves a filter out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct RequestFilter {
    /// Only requests in this state.
    pub status: Option<RequestStatus>,
    /// Only requests of this kind.
    pub kind: Option<RequestKind>,
}

/// The start screen's view of the register: what needs doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RequestSummary {
    /// Open requests.
    pub open: u64,
    /// Open requests past their deadline.
    pub overdue: u64,
    /// Open requests due within [`deadline::DUE_SOON_DAYS`] days.
    pub due_soon: u64,
    /// The overdue and due-soon requests, soonest deadline first.
    pub requests: Vec<RequestLine>,
}

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
    let pairs: [(&'static str, bool); 10] = [
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
