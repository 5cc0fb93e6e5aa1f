// The shapes of the core's import commands (see lagom_core::import).

export const FIELDS = [
  'full_name',
  'first_name',
  'last_name',
  'email',
  'phone',
  'title',
  'organisation',
  'street',
  'postcode',
  'city',
  'country',
  'tags',
  'note',
] as const;
export type Field = (typeof FIELDS)[number];

export type Sensitivity = 'special_category_header' | 'national_id_numbers' | 'free_text';

export interface ColumnPlan {
  column: number;
  header: string;
  field: Field | null;
  confidence: number;
  sensitivity: Sensitivity | null;
  included: boolean;
}

export interface SheetInfo {
  name: string;
  rows: number;
  columns: number;
}

export interface FileReport {
  name: string;
  format: 'csv' | 'workbook' | 'vcard';
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  sheets: SheetInfo[];
  columns: ColumnPlan[];
  dropped_columns: string[];
  held_back_columns: string[];
  rows: number;
}

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  merged: number;
  unchanged: number;
  skipped: number;
  rejected: number;
  bad_values: number;
}

export interface PersonFields {
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  organisation: string | null;
  status: string;
  tags: string[];
  address: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
}

export type Outcome =
  | { action: 'new' }
  | { action: 'update'; person: string; fields: string[] }
  | { action: 'unchanged'; person: string }
  | { action: 'merge_into_row'; file: string; row: number }
  | { action: 'skip' };

export interface PreviewRow {
  file: string;
  row: number;
  outcome: Outcome;
  person: PersonFields;
  note: string | null;
}

export type DuplicateAction = 'merge' | 'skip' | 'create';
export type ConflictRule = 'keep_existing' | 'prefer_imported';
export type MatchReason = { by: 'email' } | { by: 'phone' } | { by: 'name'; score: number };

export interface FieldConflict {
  field: string;
  existing: string;
  imported: string;
  imported_wins: boolean;
}

export interface DuplicateView {
  file: string;
  row: number;
  reason: MatchReason;
  action: DuplicateAction;
  incoming: PersonFields;
  earlier: { in: 'vault'; id: string; person: PersonFields } | { in: 'row'; file: string; row: number };
  changes: string[];
  conflicts: FieldConflict[];
  /** For a match in the vault: the person as a merge would leave them (the core's merge). */
  merged: PersonFields | null;
}

export interface RowIssue {
  file: string;
  sheet: string | null;
  row: number;
  column: string | null;
  reason: string;
}

export interface ImportReport {
  batch: string | null;
  dry_run: boolean;
  purpose: string;
  legal_basis: LegalBasis;
  files: FileReport[];
  counts: ImportCounts;
  preview: PreviewRow[];
  duplicates: DuplicateView[];
  duplicates_total: number;
  names_compared: number;
  issues: RowIssue[];
}

export interface ImportBatch {
  id: string;
  files: string[];
  purpose: string;
  legal_basis: LegalBasis;
  sensitive_basis: string | null;
  counts: ImportCounts;
  committed_at: string;
  committed_by: string;
  undone_at: string | null;
}

export interface UndoReport {
  batch: string;
  removed: number;
  restored: number;
}

export const LEGAL_BASES = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export interface Purpose {
  name: string;
  default_legal_basis: LegalBasis;
  description: string;
}

export interface MatchDecision {
  file: string;
  row: number;
  action: DuplicateAction;
}

/** What the wizard asks of `import.plan` and `import.commit`. */
export interface ImportOptions {
  files: { upload: string; sheet?: string | null }[];
  default_country: string;
  mapping: { version: 1; columns: Record<string, Field | null> } | null;
  include_sensitive: string[];
  sensitive_basis: string | null;
  purpose: string | null;
  legal_basis: LegalBasis | null;
  on_duplicate: DuplicateAction;
  on_conflict: ConflictRule;
  decisions: MatchDecision[];
  preview_rows: number;
}
