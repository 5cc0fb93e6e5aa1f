// The import commands' shapes are the core's, generated into lib/api (see lagom_core::import);
// here only what the wizard lists in order: the fields a column can fill and the legal bases.
import type { Field, LegalBasis } from '../../lib/api';

export type {
  ColumnPlan,
  ConflictRule,
  CountryEvidence,
  DuplicateAction,
  DuplicateView,
  Field,
  FieldConflict,
  FileReport,
  ImportBatch,
  ImportCounts,
  ImportOptions,
  ImportReport,
  LegalBasis,
  MatchDecision,
  Outcome,
  PersonFields,
  PhoneCountry,
  PreviewRow,
  PurposeLine as Purpose,
  RowIssue,
  Scored,
  Sensitivity,
  SheetInfo,
  UndoReport,
} from '../../lib/api';

export const FIELDS = [
  'full_name',
  'first_name',
  'last_name',
  'email',
  'phone',
  'title',
  'organisation',
  'customer_number',
  'street',
  'postcode',
  'city',
  'country',
  'tags',
  'note',
] as const satisfies readonly Field[];

export const LEGAL_BASES = ['a', 'b', 'c', 'd', 'e', 'f'] as const satisfies readonly LegalBasis[];
