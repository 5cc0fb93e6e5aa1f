import { describe, expect, it } from 'vitest';
import {
  accessUsers,
  backupWords,
  canOpen,
  doneWords,
  figureLines,
  findingWords,
  personLabel,
  roleKey,
  runSummary,
  seconds,
  statusWords,
  stepWords,
} from './words';
import type { JobReport } from '../../lib/api';

const day = (d: string) => `<${d}>`;
const n = (x: number) => `#${x}`;

function job(part: Partial<JobReport>): JobReport {
  return { job: 'retention', status: 'ran', counts: {}, people: [], failures: [], took_ms: 0, ...part };
}

describe("the start screen's words", () => {
  it('says what a finding is, with the dates and versions it holds', () => {
    expect(findingWords({ kind: 'consent_old', detail: { given_at: '2023-01-05T10:00:00Z' } }, day)).toEqual({
      key: 'today.finding.consent_old',
      values: { date: '<2023-01-05T10:00:00Z>' },
    });
    expect(findingWords({ kind: 'consent_old', detail: {} }, day)).toEqual({ key: 'today.finding.consent_oldUndated' });
    expect(findingWords({ kind: 'consent_superseded', detail: { version: 1, newest: 3 } }, day)).toEqual({
      key: 'today.finding.consent_superseded',
      values: { version: 1, newest: 3 },
    });
    expect(findingWords({ kind: 'consent_superseded', detail: { version: 'x' } }, day)).toEqual({
      key: 'today.finding.consent_supersededPlain',
    });
    expect(findingWords({ kind: 'invalid_email', detail: {} }, day)).toEqual({ key: 'today.finding.invalid_email' });
    expect(findingWords({ kind: 'something_new', detail: {} }, day)).toEqual({ raw: 'something_new' });
  });

  it('says which step waits for a person and on which day it is taken', () => {
    expect(stepWords({ action: 'erase', runs_on: '2026-05-01' }, day)).toEqual({
      key: 'today.step.erase',
      values: { date: '<2026-05-01>' },
    });
  });

  it('says what a run did to a person, and whether their card can still be opened', () => {
    expect(doneWords({ done: 'announced', on: '2026-05-01' }, day)).toEqual({
      key: 'today.done.announcedFor',
      values: { date: '<2026-05-01>' },
    });
    expect(doneWords({ done: 'archived', on: null }, day)).toEqual({ key: 'today.done.archived' });
    expect(canOpen({ done: 'archived' })).toBe(true);
    expect(canOpen({ done: 'erased' })).toBe(false);
    expect(personLabel({ name: 'Kari Nordmann' })).toBe('Kari Nordmann');
    expect(personLabel({ pseudonym: 'ERASED-7K3F9Q' })).toBe('ERASED-7K3F9Q');
    expect(personLabel({})).toBeNull();
  });

  it("words a job's figures, keeping ones it does not know as stored", () => {
    expect(figureLines(job({ counts: { announced: 2, new_figure: 5 } }), n)).toEqual([
      { key: 'today.count.announced', values: { count: '#2' } },
      { raw: 'new_figure: #5' },
    ]);
    expect(statusWords(job({ status: 'not_due', next_due_on: '2026-03-09' }), day)).toEqual({
      key: 'today.status.notDueUntil',
      values: { date: '<2026-03-09>' },
    });
    expect(statusWords(job({ status: 'off' }), day)).toEqual({ key: 'today.status.off' });
  });

  it('tells how long a job took in seconds, to a tenth', () => {
    expect(seconds(job({ took_ms: 0 }))).toBe(0);
    expect(seconds(job({ took_ms: 12 }))).toBe(0.1);
    expect(seconds(job({ took_ms: 1_260 }))).toBe(1.3);
  });

  it('sums a run up, counting failed steps and jobs that failed without one', () => {
    const ok = { jobs: [job({}), job({ status: 'not_due' })] };
    expect(runSummary(ok, n)).toEqual({ key: 'today.summary', values: { ran: '#1', jobs: '#2', failed: '#0' } });
    const bad = {
      jobs: [job({ failures: [{ person: 'p1', message: 'locked' }, { person: null, message: 'x' }] }), job({ status: 'failed' })],
    };
    expect(runSummary(bad, n)).toEqual({ key: 'today.summaryFailed', values: { ran: '#1', jobs: '#2', failed: '#3' } });
  });

  it("tells the last backup's age in days", () => {
    const when = (iso: string) => `@${iso}`;
    expect(backupWords({ due: true }, when, n)).toEqual({ key: 'today.backup.never' });
    expect(backupWords({ due: false, last_at: 'T', age_days: 0 }, when, n)).toEqual({
      key: 'today.backup.lastToday',
      values: { when: '@T' },
    });
    expect(backupWords({ due: false, last_at: 'T', age_days: 1 }, when, n).key).toBe('today.backup.lastOne');
    expect(backupWords({ due: true, last_at: 'T', age_days: 9 }, when, n)).toEqual({
      key: 'today.backup.last',
      values: { when: '@T', days: '#9' },
    });
  });

  it('lists who can open the vault from the access review, ignoring what it cannot read', () => {
    const detail = { users: [{ id: 'u1', name: 'Kari Nordmann', role: 'owner' }, { id: 'u2' }, 'x'], key_slots: 1 };
    expect(accessUsers({ detail })).toEqual([{ name: 'Kari Nordmann', role: 'owner' }]);
    expect(accessUsers(undefined)).toEqual([]);
    expect(roleKey('owner')).toBe('today.role.owner');
    expect(roleKey('auditor')).toBeNull();
  });
});
