// The start screen's answers in words: which catalogue key says each finding, step, job
// status and figure, with the values it fills in. The core decides what is found, what waits
// and when; this only chooses the words. Anything this version has no words for (a newer
// core's kind or figure) comes back as `raw`, to be shown as stored.
import type {
  BackupState,
  Finding,
  JobReport,
  PersonStep,
  RunReport,
  StepDone,
  WaitingStep,
} from '../../lib/api';
import type { TodayKey } from './i18n';

export interface Said {
  key: TodayKey;
  values?: Record<string, string | number>;
}

/** Words, or the stored text when there are none. */
export type Line = Said | { raw: string };

const findingKinds = [
  'consent_old',
  'consent_superseded',
  'subscribed_without_consent',
  'no_purpose',
  'invalid_email',
  'backup_due',
  'integrity_problem',
  'access_review',
] as const;
type FindingKind = (typeof findingKinds)[number];

function isKind(kind: string): kind is FindingKind {
  return (findingKinds as readonly string[]).includes(kind);
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v : null;
}

function whole(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

/** What a finding says; dates are handed to `date` to be formatted. */
export function findingWords(f: Pick<Finding, 'kind' | 'detail'>, date: (when: string) => string): Line {
  if (!isKind(f.kind)) return { raw: f.kind };
  const d = f.detail ?? {};
  switch (f.kind) {
    case 'consent_old': {
      const given = text(d.given_at);
      return given
        ? { key: 'today.finding.consent_old', values: { date: date(given) } }
        : { key: 'today.finding.consent_oldUndated' };
    }
    case 'consent_superseded': {
      const [version, newest] = [whole(d.version), whole(d.newest)];
      return version !== null && newest !== null
        ? { key: 'today.finding.consent_superseded', values: { version, newest } }
        : { key: 'today.finding.consent_supersededPlain' };
    }
    default:
      return { key: `today.finding.${f.kind}` };
  }
}

/** "archived on 3 March": what waits for a person, and when. */
export function stepWords(s: Pick<WaitingStep, 'action' | 'runs_on'>, date: (day: string) => string): Said {
  return { key: `today.step.${s.action}`, values: { date: date(s.runs_on) } };
}

const doneKinds = ['reviewed', 'announced', 'withdrawn', 'archived', 'anonymised', 'erased', 'purged'] as const satisfies readonly StepDone[];

/** What a run did to a person. */
export function doneWords(p: Pick<PersonStep, 'done' | 'on'>, date: (day: string) => string): Line {
  if (!(doneKinds as readonly string[]).includes(p.done)) return { raw: p.done };
  if (p.done === 'announced' && p.on) return { key: 'today.done.announcedFor', values: { date: date(p.on) } };
  return { key: `today.done.${p.done}` };
}

/** Who a line of a report is about: their name while they are in the vault, otherwise the
 *  pseudonym an erasure gave them, otherwise null (the caller says "a person"). */
export function personLabel(p: Pick<PersonStep, 'name' | 'pseudonym'>): string | null {
  return p.name?.trim() || p.pseudonym || null;
}

/** Whether a report's person can still be opened: not after an erasure. */
export function canOpen(p: Pick<PersonStep, 'done'>): boolean {
  return !['anonymised', 'erased', 'purged'].includes(p.done);
}

const figures = [
  'announced',
  'to_review',
  'withdrawn',
  'archive',
  'anonymise',
  'erase',
  'purged',
  'in_bin',
  'consent_old',
  'consent_superseded',
  'subscribed_without_consent',
  'no_purpose',
  'invalid_email',
  'open',
  'overdue',
  'due_soon',
  'age_days',
  'would_write',
  'written',
  'reminded',
  'audit_events',
  'audit_problems',
  'page_problems',
  'users',
  'key_slots',
  'would_check',
  'people',
  'pairs',
  'new_pairs',
  'dismissed',
  'merged',
  'would_search',
  'would_merge_sure_pairs',
] as const;
type Figure = (typeof figures)[number];

/** A job's figures in words, in the order the core gave them; a figure this version has no
 *  words for reads "name: n". */
export function figureLines(job: Pick<JobReport, 'counts'>, number: (n: number) => string): Line[] {
  return Object.entries(job.counts).map(([name, n]) =>
    (figures as readonly string[]).includes(name)
      ? { key: `today.count.${name as Figure}`, values: { count: number(n) } }
      : { raw: `${name}: ${number(n)}` },
  );
}

/** How a job went. */
export function statusWords(job: Pick<JobReport, 'status' | 'next_due_on'>, date: (day: string) => string): Said {
  if (job.status === 'not_due' && job.next_due_on) {
    return { key: 'today.status.notDueUntil', values: { date: date(job.next_due_on) } };
  }
  return { key: `today.status.${job.status}` };
}

/** How long a job took, in seconds to a tenth (at least a tenth when it ran at all). */
export function seconds(job: Pick<JobReport, 'took_ms'>): number {
  return job.took_ms > 0 ? Math.max(1, Math.round(job.took_ms / 100)) / 10 : 0;
}

/** A run in one line: how many jobs ran, and how many steps failed. */
export function runSummary(r: Pick<RunReport, 'jobs'>, number: (n: number) => string): Said {
  const ran = r.jobs.filter((j) => j.status === 'ran').length;
  const failed = r.jobs.reduce((n, j) => n + j.failures.length + (j.status === 'failed' && j.failures.length === 0 ? 1 : 0), 0);
  const values = { ran: number(ran), jobs: number(r.jobs.length), failed: number(failed) };
  return failed > 0 ? { key: 'today.summaryFailed', values } : { key: 'today.summary', values };
}

/** The last backup in words. */
export function backupWords(b: BackupState, when: (iso: string) => string, number: (n: number) => string): Said {
  if (!b.last_at) return { key: 'today.backup.never' };
  const age = b.age_days ?? 0;
  if (age <= 0) return { key: 'today.backup.lastToday', values: { when: when(b.last_at) } };
  if (age === 1) return { key: 'today.backup.lastOne', values: { when: when(b.last_at) } };
  return { key: 'today.backup.last', values: { when: when(b.last_at), days: number(age) } };
}

export interface VaultUser {
  name: string;
  role: string;
}

/** Who can open the vault, from the access review's finding (names and roles only). */
export function accessUsers(f: Pick<Finding, 'detail'> | undefined): VaultUser[] {
  const users = f?.detail?.users;
  if (!Array.isArray(users)) return [];
  return users.flatMap((u) => {
    const name = text((u as Record<string, unknown>)?.name);
    const role = text((u as Record<string, unknown>)?.role);
    return name ? [{ name, role: role ?? '' }] : [];
  });
}

const roles = ['owner', 'admin', 'sales', 'finance', 'staff'] as const;

/** The catalogue key of a user's role, or null for one this version has no words for. */
export function roleKey(role: string): `today.role.${(typeof roles)[number]}` | null {
  return (roles as readonly string[]).includes(role) ? (`today.role.${role}` as `today.role.${(typeof roles)[number]}`) : null;
}

/** A moment the core wrote: a full time (RFC 3339) or only a day. */
export function isDayOnly(stamp: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(stamp);
}
