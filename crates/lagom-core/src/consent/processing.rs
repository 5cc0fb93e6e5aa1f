//! Changing the purpose or legal basis of many people at once.
//!
//! A mass edit never rewrites a processing record: it adds a new one for each person whose
//! newest record for the purpose differs, so the card still shows which basis applied from
//! when and who changed it. The legal basis "consent" (a) is only recorded for people whose
//! consent for the purpose is valid (given, confirmed, not withdrawn); the others are left as
//! they are and named in the report, so that the rest of the selection is not held up by them
//! and nobody is put on consent they never gave.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::AuditKind;
use crate::consent::model::ConsentState;
use crate::consent::sql;
use crate::db::lists;
use crate::people::PeopleQuery;
use crate::people::sql::{ProcessingRow, insert_processing};
use crate::types::DEFAULT_SOURCE;
use crate::types::LegalBasis;
use crate::vault::Vault;
use crate::{Error, Result};

/// The most people one mass edit takes.
pub const MAX_MASS_EDIT: usize = 100_000;

/// A change to the processing of a selection of people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct MassEdit {
    /// The people, by id.
    #[ts(as = "Option<Vec<Uuid>>", optional)]
    pub people: Vec<Uuid>,
    /// Or everyone who passes a people list's filters (its paging ignored), as the list
    /// shows them.
    pub query: Option<PeopleQuery>,
    /// The purpose, by name or id.
    #[ts(as = "Option<String>", optional)]
    pub purpose: String,
    /// The legal basis; the purpose's default when not given.
    pub legal_basis: Option<LegalBasis>,
    /// The source, by name or id; each person's current one for the purpose (else "manual")
    /// when not given.
    pub source: Option<String>,
    /// Report what would change and write nothing.
    #[ts(as = "Option<bool>", optional)]
    pub dry_run: bool,
}

/// What a mass edit did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MassEditReport {
    /// People who got a new processing record.
    pub changed: u64,
    /// People whose newest record already said this.
    pub unchanged: u64,
    /// People left as they were because the basis is consent and theirs is not valid.
    pub without_consent: Vec<Uuid>,
    /// Whether nothing was written.
    pub dry_run: bool,
}

impl Vault {
    /// Records a purpose and legal basis for a selection of people: one new processing record
    /// each, one `processing.changed` audit event with the counts. Unknown ids refuse the
    /// whole edit.
    pub fn mass_edit_processing(&mut self, edit: &MassEdit) -> Result<MassEditReport> {
        let mut people = match (&edit.query, edit.people.is_empty()) {
            (None, false) => edit.people.clone(),
            (Some(query), true) => {
                // One more than allowed, to tell "exactly the most" from "too many".
                let limit = u32::try_from(MAX_MASS_EDIT + 1).unwrap_or(u32::MAX);
                self.people_matching(query, limit)?
            }
            (Some(_), false) => {
                return Err(Error::validation(
                    "people",
                    "give either the people or a query, not both",
                ));
            }
            (None, true) => Vec::new(),
        };
        if people.is_empty() {
            return Err(Error::validation("people", "choose at least one person"));
        }
        if people.len() > MAX_MASS_EDIT {
            return Err(Error::validation(
                "people",
                format!("at most {MAX_MASS_EDIT} people at a time"),
            ));
        }
        people.sort_unstable();
        people.dedup();
        let dry_run = edit.dry_run;
        let run = |tx: &rusqlite::Connection,
                   actor: Uuid,
                   now: &str|
         -> Result<(MassEditReport, Uuid, LegalBasis)> {
            let purpose = sql::find_purpose(tx, &edit.purpose, false)?;
            let basis = edit.legal_basis.unwrap_or(purpose.default_legal_basis);
            let source = edit
                .source
                .as_deref()
                .map(|s| sql::find_source(tx, s))
                .transpose()?;
            let default_source = lists::source_by_name(tx, DEFAULT_SOURCE)?;
            let mut report = MassEditReport {
                dry_run,
                ..Default::default()
            };
            for &person in &people {
                if !sql::person_exists(tx, person)? {
                    return Err(Error::NotFound {
                        kind: "person",
                        id: format!("with id {person}"),
                    });
                }
                if basis == LegalBasis::Consent {
                    let consent = sql::latest_event(tx, person, purpose.id)?;
                    if consent.map(|c| c.state) != Some(ConsentState::Given) {
                        report.without_consent.push(person);
                        continue;
                    }
                }
                let current = sql::current_processing(tx, person, purpose.id)?;
                let source_id = match (&source, &current) {
                    (Some(s), _) => s.id.to_string(),
                    (None, Some((_, s))) => s.clone(),
                    (None, None) => default_source.clone(),
                };
                if current.as_ref() == Some(&(basis, source_id.clone())) {
                    report.unchanged += 1;
                    continue;
                }
                report.changed += 1;
                if !dry_run {
                    insert_processing(
                        tx,
                        &ProcessingRow {
                            person_id: person,
                            purpose_id: &purpose.id.to_string(),
                            legal_basis: basis,
                            source_id: &source_id,
                            at: now,
                            by: actor,
                        },
                    )?;
                }
            }
            Ok((report, purpose.id, basis))
        };
        if dry_run {
            let now = crate::clock::stamp(self.clock.now());
            let (report, ..) = run(&self.store.conn, self.user_id, &now)?;
            return Ok(report);
        }
        self.write(|tx, audit, ctx| {
            let (report, purpose, basis) = run(tx, ctx.actor, &ctx.now)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::ProcessingChanged,
                    None,
                    serde_json::json!({
                        "purpose": purpose,
                        "legal_basis": basis.code(),
                        "selected": people.len(),
                        "changed": report.changed,
                        "unchanged": report.unchanged,
                        "without_consent": report.without_consent.len(),
                    }),
                ),
            )?;
            Ok(report)
        })
    }
}
