// The import wizard's choices, turned into what the core's `import.plan` and `import.commit`
// take, and the plan's answers turned into what the screens show. No rule lives here: the
// core decides what is imported; this only carries the person's choices to it.

import { percent, reasonKey } from '../../lib/match';
import type { i18n } from './i18n';
import type {
  ColumnPlan,
  ConflictRule,
  DuplicateAction,
  DuplicateView,
  Field,
  FileReport,
  ImportOptions,
  LegalBasis,
  Outcome,
  PersonFields,
  Scored,
} from './types';

/** A key of the import wizard's words or lib's. */
export type ImportKey = Parameters<typeof i18n.t>[0];
type Translate = (key: ImportKey, values?: Record<string, string | number>) => string;

/** How alike a duplicate is and why, in words: "93 % alike: the same phone number, similar
 * names (97 %), different addresses". The reasons come from the core in its order, strongest
 * likeness first, in the words every screen that shows the matcher's reasons uses. */
export function likeness(scored: Scored, t: Translate, number: (n: number) => string): string {
  const why = scored.reasons.map((r) => {
    const words = t(reasonKey(r));
    return r.by === 'similar_name' ? `${words} (${number(percent(r.score))} %)` : words;
  });
  const alike = t(scored.automatic ? 'import.dup.alikeSure' : 'import.dup.alike', { score: number(percent(scored.score)) });
  return `${alike}: ${why.join(', ')}`;
}

/** What happens to a row, in words. A row an earlier erasure covers names the day (as the
 * owner's language writes dates) and the request, both as the core gave them. */
export function outcomeText(o: Outcome, t: Translate, date: (day: string) => string): string {
  switch (o.action) {
    case 'merge_into_row':
      return t('import.outcome.merge_into_row', { row: o.row });
    case 'erased':
      return o.request
        ? t('import.outcome.erased', { date: date(o.erased_on), request: o.request })
        : t('import.outcome.erasedNoRequest', { date: date(o.erased_on) });
    default:
      return t(`import.outcome.${o.action}`);
  }
}

/** Everything the person has chosen so far. */
export interface Choices {
  /** Each file, with its sheet and the country the owner chose for its phone numbers
   * (`null`: as the import tells it from the file). */
  uploads: { id: string; sheet: string | null; country: string | null }[];
  /** Columns whose field the person chose, by header (`null`: leave the column out). */
  fields: Record<string, Field | null>;
  /** Sensitive columns the person chose to import anyway, by header. */
  sensitive: string[];
  sensitiveBasis: string;
  purpose: string | null;
  legalBasis: LegalBasis | null;
  onDuplicate: DuplicateAction;
  onConflict: ConflictRule;
  /** Choices for single duplicates, by `file:row`. */
  decisions: Record<string, DuplicateAction>;
}

export function emptyChoices(): Choices {
  return {
    uploads: [],
    fields: {},
    sensitive: [],
    sensitiveBasis: '',
    purpose: null,
    legalBasis: null,
    onDuplicate: 'merge',
    onConflict: 'keep_existing',
    decisions: {},
  };
}

export const PREVIEW_ROWS = 20;

export function toOptions(c: Choices): ImportOptions {
  const chosen = Object.keys(c.fields).length > 0;
  // A sensitive column is chosen only together with its legal basis: ticking one asks the core
  // nothing it must refuse (which showed an error before anything could be typed).
  const basis = c.sensitiveBasis.trim();
  return {
    // No default country: a file the owner chose none for is read in the country the file
    // shows, else in the business's (the core's rule).
    files: c.uploads.map((u) => ({ upload: u.id, sheet: u.sheet, ...(u.country ? { country: u.country } : {}) })),
    // Only the columns the person changed: the rest keep the suggestions (and their
    // confidence), so the mapping screen can still show how sure each guess was.
    mapping: chosen ? { version: 1, columns: { ...c.fields } } : null,
    include_sensitive: basis ? [...c.sensitive] : [],
    sensitive_basis: c.sensitive.length > 0 && basis ? basis : null,
    purpose: c.purpose,
    legal_basis: c.legalBasis,
    on_duplicate: c.onDuplicate,
    on_conflict: c.onConflict,
    decisions: Object.entries(c.decisions).map(([key, action]) => {
      const at = key.lastIndexOf(':');
      return { file: key.slice(0, at), row: Number(key.slice(at + 1)), action };
    }),
    preview_rows: PREVIEW_ROWS,
  };
}

export const decisionKey = (file: string, row: number): string => `${file}:${row}`;

export type Confidence = 'chosen' | 'high' | 'medium' | 'low' | 'none';

/** How sure a suggestion is, in words a person can act on. */
export function confidence(column: ColumnPlan, chosenByPerson: boolean): Confidence {
  if (chosenByPerson) return 'chosen';
  if (column.field === null) return 'none';
  if (column.confidence >= 0.9) return 'high';
  if (column.confidence >= 0.7) return 'medium';
  return 'low';
}

/** A column's first values as the mapping step shows them, so the owner knows the column by
 * what it holds; `hidden` for a column held back as sensitive, whose values the core keeps
 * to itself until the owner chooses it (free text is no such column). */
export function firstValues(column: ColumnPlan): string[] | 'hidden' {
  if (column.samples.length > 0) return column.samples;
  if (column.sensitivity && column.sensitivity !== 'free_text') return 'hidden';
  return [];
}

/** Fields filled by more than one column of the same file, with those columns' headers. */
export function fieldsFilledTwice(file: FileReport): Map<Field, string[]> {
  const holders = new Map<Field, string[]>();
  for (const c of file.columns) {
    if (c.field === null || c.field === 'tags' || c.field === 'note') continue;
    holders.set(c.field, [...(holders.get(c.field) ?? []), c.header]);
  }
  return new Map([...holders].filter(([, headers]) => headers.length > 1));
}

/** Whether the sensitive columns chosen have the legal basis they need. */
export function sensitiveReady(c: Choices): boolean {
  return c.sensitive.length === 0 || c.sensitiveBasis.trim().length > 0;
}

/** One line of a duplicate shown side by side. */
export interface SideBySide {
  field: keyof PersonFields;
  known: string;
  incoming: string;
  /** Both have a value and they differ. */
  conflict: boolean;
  /** What will be stored after a merge. */
  result: string;
}

const COMPARED: (keyof PersonFields)[] = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'title',
  'organisation',
  'address',
  'postcode',
  'city',
  'country',
  'tags',
];

function text(value: PersonFields[keyof PersonFields]): string {
  if (Array.isArray(value)) return value.join(', ');
  return value ?? '';
}

/** A duplicate in the vault, field by field: what is known, what the file brings, and what
 * a merge keeps, as the core's merge made it. */
export function sideBySide(d: DuplicateView): SideBySide[] {
  const known = d.earlier.in === 'vault' ? d.earlier.person : null;
  return COMPARED.map((field) => ({
    field,
    known: known ? text(known[field]) : '',
    incoming: text(d.incoming[field]),
    conflict: d.conflicts.some((c) => c.field === field),
    result: d.merged ? text(d.merged[field]) : '',
  })).filter((line) => line.known || line.incoming);
}
