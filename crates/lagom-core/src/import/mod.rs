//! Importing spreadsheets and contact exports: the files read and planned by `lagom-import`,
//! checked against the vault's rules and its people, and committed as one batch.
//!
//! - A **dry run** ([`Vault::plan_import`]) reads everything and writes nothing: counts,
//!   the first rows as they would be stored, every duplicate found and every problem with its
//!   place.
//! - A **commit** ([`Vault::import`]) is one transaction: a crash or a cancel leaves nothing
//!   behind. Reading and planning run on a second thread while the first writes.
//! - Every commit is a **batch** with a change log, so that it can be undone as a whole
//!   ([`Vault::undo_import`]): the people it created removed, the fields it changed put back.
//!   Undo is refused when people of the batch were edited since, so no later edit is lost.
//!
//! Each person created gets a processing record naming the source `import: <file name>`,
//! the purpose and legal basis chosen for the batch, when and by whom. People changed by a
//! merge get one too, and a `person.updated` audit event naming the fields. The batch's own
//! `import.committed` event carries its counts; the change log links it to every person.

mod merge;
pub mod model;
mod run;
pub(crate) mod sql;
pub mod uploads;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

pub use lagom_import::mapping::{Field, SavedMapping};
pub use lagom_import::matching::{Reason as MatchReason, Scored};
pub use lagom_import::plan::{ColumnPlan, RowIssue, issues_csv};
pub use lagom_import::sensitive::Sensitivity;
pub use lagom_import::{Format, SheetInfo};
pub use merge::{ConflictRule, FieldConflict};
pub use model::*;

use crate::audit::AuditKind;
use crate::people::sql as people_sql;
use crate::types::LegalBasis;
use crate::vault::Vault;
use crate::{Error, Result};

impl Vault {
    /// Reads and plans the import without writing anything. `progress` is called as the
    /// files are read; setting `cancel` stops it.
    pub fn plan_import(
        &mut self,
        options: &ImportOptions,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<ImportReport> {
        run::run(self, options, true, progress, cancel)
    }

    /// Imports in one transaction: everything or, on an error or a cancel, nothing.
    pub fn import(
        &mut self,
        options: &ImportOptions,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<ImportReport> {
        run::run(self, options, false, progress, cancel)
    }

    /// Every committed import, newest first.
    pub fn import_batches(&self) -> Result<Vec<ImportBatch>> {
        sql::batches(&self.store.conn)?
            .into_iter()
            .map(|b| {
                Ok(ImportBatch {
                    id: crate::db::parse_id(&b.id)?,
                    files: serde_json::from_str(&b.files).unwrap_or_default(),
                    purpose: b.purpose,
                    legal_basis: LegalBasis::parse(&b.legal_basis)?,
                    sensitive_basis: b.sensitive_basis,
                    counts: serde_json::from_str(&b.counts).unwrap_or_default(),
                    committed_at: b.committed_at,
                    committed_by: b.committed_by,
                    undone_at: b.undone_at,
                })
            })
            .collect()
    }

    /// Undoes an import (by its id or the first eight or more characters of it): people it
    /// created are removed (with what came with them), fields it changed are put back, and
    /// organisations, tags and sources it created are removed when nothing else uses them.
    ///
    /// Refused, changing nothing, when people of the batch were edited or deleted since, or
    /// when a later import changed them (undo that one first).
    pub fn undo_import(&mut self, batch: &str) -> Result<UndoReport> {
        self.write(|tx, audit, ctx| {
            let b = sql::batch(tx, batch)?;
            if let Some(when) = &b.undone_at {
                return Err(Error::Conflict(format!(
                    "import {} was already undone at {when}",
                    b.id
                )));
            }
            let later = sql::later_batches_touching(tx, &b.id, b.audit_seq)?;
            if !later.is_empty() {
                return Err(Error::Conflict(format!(
                    "a later import changed people of this one; undo it first: {}",
                    later.join(", ")
                )));
            }
            let edited = sql::people_edited_since(tx, &b.id, b.audit_seq)?;
            if edited > 0 {
                return Err(Error::Conflict(format!(
                    "{edited} {} of this import {} been edited or deleted since; undoing it \
                     would lose those edits, so nothing was changed",
                    if edited == 1 { "person" } else { "people" },
                    if edited == 1 { "has" } else { "have" },
                )));
            }
            let changes = sql::changes(tx, &b.id)?;
            let (mut removed, mut restored) = (0u64, 0u64);
            // Links and records added to people who stay go first, then the people, then
            // the organisations, tags and sources that may now be unused.
            for c in changes
                .iter()
                .filter(|c| matches!(c.entity.as_str(), "person_tag" | "note" | "processing"))
            {
                sql::delete_created(tx, &c.entity, &c.entity_id)?;
            }
            for c in changes.iter().filter(|c| c.entity == "person") {
                match c.action.as_str() {
                    "created" => {
                        if let Some(pk) = sql::person_pk(tx, &c.entity_id)? {
                            let stored = people_sql::find_person_by_pk(tx, pk)?;
                            people_sql::delete_person(tx, &stored, &ctx.now)?;
                            removed += 1;
                        }
                    }
                    _ => {
                        let previous: sql::PreviousPerson = serde_json::from_str(
                            c.previous.as_deref().unwrap_or(""),
                        )
                        .map_err(|_| Error::Inconsistent {
                            path: PathBuf::from("vault.db"),
                            reason: "an import's record of earlier values is damaged",
                        })?;
                        // Out of the index under the terms the row makes before it is
                        // put back.
                        if let Some(pk) = sql::person_pk(tx, &c.entity_id)? {
                            people_sql::unindex_person(tx, pk)?;
                        }
                        if let Some(pk) = sql::restore_person(tx, &c.entity_id, &previous)? {
                            let stored = people_sql::find_person_by_pk(tx, pk)?;
                            people_sql::index_person(
                                tx,
                                pk,
                                &stored.details,
                                stored.organisation.as_ref().map(|o| o.name.as_str()),
                            )?;
                            restored += 1;
                        }
                    }
                }
            }
            for entity in ["organisation", "tag", "source"] {
                for c in changes.iter().filter(|c| c.entity == entity) {
                    sql::delete_created(tx, &c.entity, &c.entity_id)?;
                }
            }
            sql::mark_undone(tx, &b.id, &ctx.now, ctx.actor)?;
            audit.append(
                tx,
                ctx.event(
                    AuditKind::ImportUndone,
                    Some(("import", b.id.clone())),
                    serde_json::json!({ "removed": removed, "restored": restored }),
                ),
            )?;
            Ok(UndoReport {
                batch: crate::db::parse_id(&b.id)?,
                removed,
                restored,
            })
        })
    }
}
