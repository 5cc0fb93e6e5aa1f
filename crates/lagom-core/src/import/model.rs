//! An import's plain data: the files and options going in, the progress reported while it
//! runs, and the report, duplicates and batches coming out.

use std::path::PathBuf;
use std::sync::Arc;

use lagom_import::mapping::SavedMapping;
use lagom_import::matching::Scored;
use lagom_import::plan::{ColumnPlan, RowIssue};
use lagom_import::{Format, PhoneCountry, SheetInfo};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::import::merge::{ConflictRule, FieldConflict};
use crate::people::PersonFields;
use crate::types::LegalBasis;

/// How many rows of the plan are shown as they will be stored, unless asked otherwise.
pub const DEFAULT_PREVIEW_ROWS: usize = 20;
/// How many duplicates the plan shows side by side (all are counted).
pub const DUPLICATES_SHOWN: usize = 1000;

/// One file to import: on disk by its path, or handed over by a window that could not give a
/// path (a browser), by the id [`crate::api::Session`] gave the upload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportFile {
    /// Where it is (empty for an upload).
    #[serde(default)]
    #[ts(as = "Option<PathBuf>", optional)]
    pub path: PathBuf,
    /// The upload's id, instead of a path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub upload: Option<String>,
    /// For a workbook: the sheet (the first with data when not given).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub sheet: Option<String>,
    /// The country this file's phone numbers without a country code are read in (ISO
    /// alpha-2), over whatever the file itself suggests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub country: Option<String>,
    /// An upload's name and bytes, filled in by the session from `upload`.
    #[serde(skip)]
    pub contents: Option<(String, Arc<[u8]>)>,
}

impl ImportFile {
    /// The file at `path`.
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            ..Self::default()
        }
    }

    /// A file already in memory, by its name where it came from.
    pub fn in_memory(name: &str, bytes: Arc<[u8]>) -> Self {
        Self {
            path: PathBuf::from(name),
            contents: Some((name.to_owned(), bytes)),
            ..Self::default()
        }
    }
}

/// What to do with a row that matches someone known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateAction {
    /// Merge the row into the person, field by field.
    #[default]
    Merge,
    /// Leave the row out.
    Skip,
    /// Create a new person anyway.
    Create,
}

impl DuplicateAction {
    /// Reads `merge`, `skip` or `create`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "merge" => Some(Self::Merge),
            "skip" => Some(Self::Skip),
            "create" => Some(Self::Create),
            _ => None,
        }
    }
}

/// A choice for one duplicate, overriding the default rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MatchDecision {
    /// The file's name (as the plan names it).
    pub file: String,
    /// The row (as the plan numbers it).
    pub row: u64,
    /// What to do.
    pub action: DuplicateAction,
}

/// Everything an import is asked to do. Left out of JSON, a choice takes its default (see
/// [`ImportOptions::new`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(optional_fields = nullable)]
pub struct ImportOptions {
    /// The files, in order.
    #[ts(as = "Option<Vec<ImportFile>>", optional)]
    pub files: Vec<ImportFile>,
    /// The country phone numbers without a country code are read in when neither their row
    /// nor their file tells (ISO alpha-2). Empty or left out: the vault's country (the
    /// business's, Norway until it is set). A file's own choice is [`ImportFile::country`].
    #[ts(as = "Option<String>", optional)]
    pub default_country: String,
    /// Saved column choices that override the suggestions.
    pub mapping: Option<SavedMapping>,
    /// Headers of sensitive columns to import anyway.
    #[ts(as = "Option<Vec<String>>", optional)]
    pub include_sensitive: Vec<String>,
    /// The legal basis for importing those (required when any is chosen), e.g. "explicit
    /// consent, Art. 9(2)(a)".
    pub sensitive_basis: Option<String>,
    /// The purpose of the batch by name ("Sales and service" when not given).
    pub purpose: Option<String>,
    /// The legal basis (the purpose's default when not given).
    pub legal_basis: Option<LegalBasis>,
    /// What to do with duplicates by default.
    #[ts(as = "Option<DuplicateAction>", optional)]
    pub on_duplicate: DuplicateAction,
    /// Which value wins in a merge when both sides have one.
    #[ts(as = "Option<ConflictRule>", optional)]
    pub on_conflict: ConflictRule,
    /// Choices for single duplicates.
    #[ts(as = "Option<Vec<MatchDecision>>", optional)]
    pub decisions: Vec<MatchDecision>,
    /// How many rows the plan shows as they will be stored.
    #[ts(as = "Option<usize>", optional)]
    pub preview_rows: usize,
}

impl ImportOptions {
    /// Options with the defaults for these files: the vault's country for phone numbers, the purpose
    /// "Sales and service" on its own legal basis, duplicates merged keeping known values.
    pub fn new(files: Vec<ImportFile>) -> Self {
        Self {
            files,
            default_country: String::new(),
            mapping: None,
            include_sensitive: Vec::new(),
            sensitive_basis: None,
            purpose: None,
            legal_basis: None,
            on_duplicate: DuplicateAction::Merge,
            on_conflict: ConflictRule::KeepExisting,
            decisions: Vec::new(),
            preview_rows: DEFAULT_PREVIEW_ROWS,
        }
    }
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

/// Where an import is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ImportProgress {
    /// The file being read.
    pub file: String,
    /// Its position among the files, from 0.
    pub file_index: usize,
    /// How many files there are.
    pub files: usize,
    /// Bytes read of all files.
    pub bytes_read: u64,
    /// Bytes of all files.
    pub bytes_total: u64,
    /// Rows handled so far.
    pub rows: u64,
}

/// The counts of a plan or a commit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportCounts {
    /// Data rows read.
    pub rows: u64,
    /// People created.
    pub created: u64,
    /// People in the vault whose fields the import changes.
    pub updated: u64,
    /// Rows merged into an earlier row of the same import.
    pub merged: u64,
    /// Rows that matched someone in the vault and brought nothing new.
    pub unchanged: u64,
    /// Duplicates left out.
    pub skipped: u64,
    /// Rows left out because an earlier erasure covers one of their addresses or numbers
    /// (see the problems: each names the day and the request). Absent from batches
    /// committed before it was counted.
    #[serde(default)]
    pub erased: u64,
    /// Rows not imported because they are not a person (see the problems).
    pub rejected: u64,
    /// Values left out of otherwise good rows (see the problems).
    pub bad_values: u64,
}

/// What was found in one file.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct FileReport {
    /// The file's name.
    pub name: String,
    /// Its format.
    pub format: Format,
    /// For CSV: the encoding found.
    pub encoding: Option<String>,
    /// For CSV: the delimiter found ("semicolon", …).
    pub delimiter: Option<String>,
    /// For workbooks: the sheet read.
    pub sheet: Option<String>,
    /// For workbooks: every sheet with its size.
    pub sheets: Vec<SheetInfo>,
    /// What happens to each column.
    pub columns: Vec<ColumnPlan>,
    /// Columns not mapped to any field, dropped (data minimisation).
    pub dropped_columns: Vec<String>,
    /// Columns that look sensitive and were held back: not chosen, or not mapped to a
    /// field. Plain free text is not among them: it comes in as notes, or is dropped.
    pub held_back_columns: Vec<String>,
    /// Data rows read from this file.
    pub rows: u64,
    /// The country its phone numbers without a country code are read in, and why.
    pub phone_country: PhoneCountry,
}

/// What will happen (or happened) to a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Outcome {
    /// A new person.
    New,
    /// Merged into a person in the vault, changing these fields.
    Update {
        /// The person.
        person: Uuid,
        /// Fields that change.
        fields: Vec<&'static str>,
    },
    /// Matched a person in the vault and adds nothing.
    Unchanged {
        /// The person.
        person: Uuid,
    },
    /// Merged into an earlier row of this import.
    MergeIntoRow {
        /// That row's file.
        file: String,
        /// That row.
        row: u64,
    },
    /// A duplicate, left out.
    Skip,
    /// Left out: an earlier erasure covers one of the row's addresses or numbers. To add the
    /// person again on purpose, add them by hand with the reason (`register_erased`).
    Erased {
        /// The day of the erasure (YYYY-MM-DD).
        erased_on: String,
        /// The number of the request it answered (`R-0004`), if any.
        request: Option<String>,
    },
}

/// A row as it will be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PreviewRow {
    /// The file.
    pub file: String,
    /// The row.
    pub row: u64,
    /// What happens to it.
    pub outcome: Outcome,
    /// The person as stored (for an update: after the merge).
    pub person: PersonFields,
    /// Their primary phone as a person reads it (grouped the way its country writes numbers).
    pub phone_display: Option<String>,
    /// A note made from the row's free text, if that column was chosen.
    pub note: Option<String>,
}

/// The person a duplicate matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "in", rename_all = "snake_case")]
pub enum Earlier {
    /// A person already in the vault.
    Vault {
        /// Their id.
        id: Uuid,
        /// Their fields as they are now.
        person: Box<PersonFields>,
    },
    /// An earlier row of this import.
    Row {
        /// Its file.
        file: String,
        /// Its row.
        row: u64,
    },
}

/// One duplicate, side by side.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DuplicateView {
    /// The file of the new row.
    pub file: String,
    /// The new row.
    pub row: u64,
    /// How alike they are and why (the importer takes a pair at or above
    /// `lagom_import::matching::REVIEW_THRESHOLD` as a duplicate).
    pub scored: Scored,
    /// What is done with it.
    pub action: DuplicateAction,
    /// The row's person.
    pub incoming: PersonFields,
    /// Who it matched.
    pub earlier: Earlier,
    /// For a merge into the vault: fields that change.
    pub changes: Vec<&'static str>,
    /// For a merge into the vault: fields where both have different values, and which won.
    pub conflicts: Vec<FieldConflict>,
    /// For a match in the vault: the person as a merge would leave them.
    pub merged: Option<PersonFields>,
}

/// The whole plan of an import, or the report of a commit.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ImportReport {
    /// The batch, once committed (`None` for a dry run).
    pub batch: Option<Uuid>,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// The purpose of the batch.
    pub purpose: String,
    /// Its legal basis.
    pub legal_basis: LegalBasis,
    /// Each file.
    pub files: Vec<FileReport>,
    /// The counts.
    pub counts: ImportCounts,
    /// The first rows as they will be stored.
    pub preview: Vec<PreviewRow>,
    /// Duplicates, side by side (at most [`DUPLICATES_SHOWN`]).
    pub duplicates: Vec<DuplicateView>,
    /// All duplicates found.
    pub duplicates_total: u64,
    /// Pairs of people compared while looking for duplicates (what blocking keeps down).
    pub pairs_compared: u64,
    /// Every problem, with its place.
    pub issues: Vec<RowIssue>,
}

/// A committed import, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ImportBatch {
    /// Its id.
    pub id: Uuid,
    /// The files' names.
    pub files: Vec<String>,
    /// The purpose.
    pub purpose: String,
    /// The legal basis.
    pub legal_basis: LegalBasis,
    /// The legal basis given for sensitive columns, if any were chosen.
    pub sensitive_basis: Option<String>,
    /// What it did.
    pub counts: ImportCounts,
    /// When.
    pub committed_at: String,
    /// By whom.
    pub committed_by: String,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
}

/// What undoing an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct UndoReport {
    /// The batch.
    pub batch: Uuid,
    /// People removed (created by the import).
    pub removed: u64,
    /// People whose earlier values were put back.
    pub restored: u64,
}
