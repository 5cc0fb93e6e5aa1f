//! Imports: planning and committing a batch (with progress and cancelling), the history,
//! undoing a batch, and letting go of uploaded files. Files uploaded through the session
//! (from a browser or a drop onto the window) are named by upload id and filled in here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::session::{Context, NoArgs, command};
use crate::Result;
use crate::import::{ImportBatch, ImportOptions, ImportReport, UndoReport};

/// `import.undo`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportUndoArgs {
    /// The batch's id (or its first eight or more characters).
    pub batch: String,
}

/// `import.discard`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportDiscardArgs {
    /// The upload ids to let go of.
    pub uploads: Vec<String>,
}

/// Uploaded files let go of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Discarded {
    /// How many ids were given.
    pub discarded: usize,
}

/// The options with every uploaded file's bytes filled in.
/// Files named by path are checked against the session's folders first.
fn resolved(cx: &Context<'_>, mut options: ImportOptions) -> Result<ImportOptions> {
    let rules = cx.session.path_rules(false);
    for file in &options.files {
        // An empty path is the importer's to refuse, with its own words.
        if file.upload.is_none() && !file.path.as_os_str().is_empty() {
            rules.check_read(&file.path)?;
        }
    }
    cx.session.uploads.resolve(&mut options.files)?;
    Ok(options)
}

command! {
    /// The plan of an import (counts, first rows, duplicates, problems); writes nothing.
    ImportPlan = "import.plan", ImportOptions => ImportReport,
    |cx, a| {
        let options = resolved(cx, a)?;
        let (progress, cancel) = (&mut *cx.progress, cx.cancel);
        cx.session.vault()?.plan_import(&options, progress, cancel)
    }
}

command! {
    /// Imports the files as one batch, all or nothing.
    ImportCommit = "import.commit", ImportOptions => ImportReport,
    |cx, a| {
        let options = resolved(cx, a)?;
        let (progress, cancel) = (&mut *cx.progress, cx.cancel);
        cx.session.vault()?.import(&options, progress, cancel)
    }
}

command! {
    /// Every import, newest first.
    ImportList = "import.list", NoArgs => Vec<ImportBatch>,
    |cx, _| cx.vault()?.import_batches()
}

command! {
    /// Undoes an import: the people it created removed, the fields it changed put back.
    ImportUndo = "import.undo", ImportUndoArgs => UndoReport,
    |cx, a| cx.vault()?.undo_import(&a.batch)
}

command! {
    /// Lets go of uploaded files not imported.
    ImportDiscard = "import.discard", ImportDiscardArgs => Discarded,
    |cx, a| {
        cx.session.uploads.discard(&a.uploads);
        Ok(Discarded {
            discarded: a.uploads.len(),
        })
    }
}
