// What the audit log's filters ask of the core: dates typed in the local calendar become
// the instants where those days begin and end, so "to 3 March" includes all of 3 March.
import type { AuditVerified, ChainProblem } from '../../lib/api';

/** The filters as the screen holds them; empty strings mean "any". */
export interface AuditFilters {
  kind: string;
  subject: string;
  /** `YYYY-MM-DD`, from an `<input type="date">`. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { kind: '', subject: '', from: '', to: '' };

/** Events per page. */
export const PAGE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether typed text is an id (pasted from elsewhere) rather than a name to search. */
export function isId(text: string): boolean {
  return UUID.test(text.trim());
}

/** Local midnight at the start of a `YYYY-MM-DD` day, `days` later; null for anything else. */
export function dayStart(day: string, days = 0): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The date range runs backwards (from after to). */
export function rangeBackwards(f: AuditFilters): boolean {
  const from = dayStart(f.from);
  const to = dayStart(f.to);
  return !!from && !!to && from > to;
}

/** The arguments of `audit.list` for a page: one event more than shown, to know if there
 *  are older ones. `before` is the sequence number of the last event already shown. */
export function auditQuery(
  f: AuditFilters,
  before: number | null = null,
  page = PAGE,
): Record<string, string | number> {
  const args: Record<string, string | number> = { limit: page + 1 };
  if (f.kind) args.kind = f.kind;
  if (f.subject.trim()) args.subject = f.subject.trim();
  const since = dayStart(f.from);
  if (since) args.since = since.toISOString();
  const until = dayStart(f.to, 1);
  if (until) args.until = until.toISOString();
  if (before !== null) args.before = before;
  return args;
}

/** A chain problem as a catalogue key and its values; null for one this version has no
 *  words for (found by a newer core), which is then shown in the core's own words. */
export function problemMessage(p: ChainProblem): {
  key:
    | 'audit.problem.altered'
    | 'audit.problem.broken'
    | 'audit.problem.missing'
    | 'audit.problem.missingOne'
    | 'audit.problem.tailRemoved'
    | 'audit.problem.headAltered'
    | 'audit.problem.headMissing'
    | 'audit.problem.headMismatch'
    | 'audit.problem.witnessMissing'
    | 'audit.problem.witnessAltered'
    | 'audit.problem.rolledBack'
    | 'audit.problem.witnessMismatch'
    | 'audit.problem.beginningRemoved';
  values: Record<string, number>;
} | null {
  switch (p.problem) {
    case 'altered':
      return { key: 'audit.problem.altered', values: { seq: p.seq } };
    case 'broken':
      return { key: 'audit.problem.broken', values: { seq: p.seq } };
    case 'missing':
      return p.from === p.to
        ? { key: 'audit.problem.missingOne', values: { seq: p.from } }
        : { key: 'audit.problem.missing', values: { from: p.from, to: p.to } };
    case 'tail_removed':
      return {
        key: 'audit.problem.tailRemoved',
        values: { expected: p.expected_last, found: p.found_last },
      };
    case 'head_altered':
      return { key: 'audit.problem.headAltered', values: {} };
    case 'head_missing':
      return { key: 'audit.problem.headMissing', values: {} };
    case 'head_mismatch':
      return { key: 'audit.problem.headMismatch', values: { head: p.head, found: p.found_last } };
    case 'witness_missing':
      return { key: 'audit.problem.witnessMissing', values: {} };
    case 'witness_altered':
      return { key: 'audit.problem.witnessAltered', values: {} };
    case 'rolled_back':
      return { key: 'audit.problem.rolledBack', values: { recorded: p.recorded_last, found: p.found_last } };
    case 'witness_mismatch':
      return { key: 'audit.problem.witnessMismatch', values: { seq: p.seq } };
    case 'beginning_removed':
      return { key: 'audit.problem.beginningRemoved', values: {} };
    default:
      return null;
  }
}

/** Each problem the check found in words: the catalogue's, or the core's for one it lacks. */
export function problemLines(
  report: Pick<AuditVerified, 'problems' | 'messages'>,
  t: (key: NonNullable<ReturnType<typeof problemMessage>>['key'], values?: Record<string, string>) => string,
  number: (n: number) => string,
): string[] {
  return report.problems.map((p, i) => {
    const m = problemMessage(p);
    if (!m) return report.messages[i] ?? p.problem;
    return t(m.key, Object.fromEntries(Object.entries(m.values).map(([k, v]) => [k, number(v)])));
  });
}
