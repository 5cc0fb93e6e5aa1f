// The retention rules table as the settings edit it: one row per rule, the months as typed,
// and the line the core gave for it (its purpose's name and reason) while the row is unchanged.
// The core checks the rules whole when they are saved and says what is wrong; here they are
// only laid out, sorted, and turned back into what `retention.rules_set` takes.
import type { PersonStatus, RetentionAction, RetentionRule, RuleLine } from '../../lib/api';
import { actions } from '../../lib/hygiene';

/** Statuses in the order the people form lists them. */
export const statuses = ['prospect', 'customer', 'former_customer', 'partner', 'other'] as const satisfies readonly PersonStatus[];

export interface RuleRow {
  /** Keeps a row's identity while it is edited. */
  key: number;
  purpose: string;
  status: PersonStatus;
  action: RetentionAction;
  months: string;
  /** The core's line for the rule as stored; null for a row added here. */
  line: RuleLine | null;
}

let keys = 0;

/** A purpose to choose from: its id and name. */
export interface PurposeChoice {
  id: string;
  name: string;
}

/** Rows for the rules as the core gave them, sorted by purpose (in `purposes` order), status
 *  and step. */
export function rowsOf(lines: RuleLine[], purposes: PurposeChoice[]): RuleRow[] {
  const rows = lines.map((line) => ({
    key: ++keys,
    purpose: line.purpose,
    status: line.status,
    action: line.action,
    months: String(line.after_months),
    line,
  }));
  return sorted(rows, purposes);
}

/** Rows by purpose, then status, then step (mildest first). */
export function sorted(rows: RuleRow[], purposes: PurposeChoice[]): RuleRow[] {
  const purposeAt = (id: string) => {
    const i = purposes.findIndex((p) => p.id === id);
    return i < 0 ? purposes.length : i;
  };
  const at = <T>(list: readonly T[], x: T) => list.indexOf(x);
  return [...rows].sort(
    (a, b) =>
      purposeAt(a.purpose) - purposeAt(b.purpose) ||
      at(statuses, a.status) - at(statuses, b.status) ||
      at(actions, a.action) - at(actions, b.action),
  );
}

/** A new row for a purpose: prospects, a look after a year, to be changed. */
export function newRow(purpose: string): RuleRow {
  return { key: ++keys, purpose, status: 'prospect', action: 'review', months: '12', line: null };
}

/** The rows by purpose, purposes in `purposes` order (any other last), each group in the
 *  order the rows are in; purposes without rules are left out. */
export function groups(rows: RuleRow[], purposes: PurposeChoice[]): { purpose: PurposeChoice; rows: RuleRow[] }[] {
  const known = purposes.filter((p) => rows.some((r) => r.purpose === p.id));
  const others = [...new Set(rows.map((r) => r.purpose))]
    .filter((id) => !purposes.some((p) => p.id === id))
    .map((id) => ({ id, name: id }));
  return [...known, ...others].map((purpose) => ({ purpose, rows: rows.filter((r) => r.purpose === purpose.id) }));
}

/** The months typed, as a whole number; null when it is not one (the range is the core's). */
export function months(typed: string): number | null {
  const text = typed.trim();
  return /^\d{1,6}$/.test(text) ? Number(text) : null;
}

/** Whether a row is as the core gave it (its reason then still holds). */
export function unchanged(row: RuleRow): boolean {
  const l = row.line;
  return l !== null && l.purpose === row.purpose && l.status === row.status && l.action === row.action && months(row.months) === l.after_months;
}

/** The rules to save, or null while a row's months are not a whole number. */
export function rulesOf(rows: RuleRow[]): RetentionRule[] | null {
  const rules: RetentionRule[] = [];
  for (const r of rows) {
    const after = months(r.months);
    if (after === null) return null;
    rules.push({ purpose: r.purpose, status: r.status, action: r.action, after_months: after });
  }
  return rules;
}

/** The purposes to choose from: those in use, and any a rule still names (an archived one). */
export function purposeChoices(inUse: PurposeChoice[], lines: RuleLine[]): PurposeChoice[] {
  const choices = [...inUse];
  for (const l of lines) {
    if (!choices.some((c) => c.id === l.purpose)) choices.push({ id: l.purpose, name: l.purpose_name || l.purpose });
  }
  return choices;
}
