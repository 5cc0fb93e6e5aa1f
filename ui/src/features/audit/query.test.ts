import { describe, expect, it } from 'vitest';
import { NO_FILTERS, PAGE, auditQuery, dayStart, isId, problemLines, problemMessage, rangeBackwards } from './query';
import { detailParts, kindLabel, type AuditKey } from './words';
import { auditWords } from './i18n';
import { catalogues, format, mergeWords } from '../../lib/i18n/index.svelte';
import type { ChainProblem, Reseal } from '../../lib/api';

const en = mergeWords(catalogues, auditWords).en;
const t = (key: AuditKey, values?: Record<string, string | number>) => format(en[key], values);
const number = (n: number) => String(n);

describe('the audit log query', () => {
  it('asks for one event more than a page, newest first, with no filters', () => {
    expect(auditQuery(NO_FILTERS)).toEqual({ limit: PAGE + 1 });
  });
  it('turns a date range into the instants where the local days begin and end', () => {
    const args = auditQuery({ ...NO_FILTERS, from: '2026-03-02', to: '2026-03-03' });
    expect(args.since).toBe(new Date(2026, 2, 2).toISOString());
    // "To 3 March" includes all of 3 March: the range ends where 4 March begins.
    expect(args.until).toBe(new Date(2026, 2, 4).toISOString());
  });
  it('ends a range on the last day of a month at the first of the next', () => {
    expect(auditQuery({ ...NO_FILTERS, to: '2026-12-31' }).until).toBe(new Date(2027, 0, 1).toISOString());
  });
  it('passes the kind, the person and the page cursor', () => {
    expect(
      auditQuery({ ...NO_FILTERS, kind: 'person.read', subject: ' 0190a1b2-0000-7000-8000-000000000001 ' }, 120, 10),
    ).toEqual({ limit: 11, kind: 'person.read', subject: '0190a1b2-0000-7000-8000-000000000001', before: 120 });
  });
  it('ignores half-typed dates and notices a backwards range', () => {
    expect(dayStart('2026-3-1')).toBeNull();
    expect(auditQuery({ ...NO_FILTERS, from: '' }).since).toBeUndefined();
    expect(rangeBackwards({ ...NO_FILTERS, from: '2026-03-05', to: '2026-03-01' })).toBe(true);
    expect(rangeBackwards({ ...NO_FILTERS, from: '2026-03-05', to: '2026-03-05' })).toBe(false);
  });
  it('tells a pasted id from a name', () => {
    expect(isId('0190a1b2-0000-7000-8000-000000000001')).toBe(true);
    expect(isId('Bjørn Kjær')).toBe(false);
  });
});

describe('events in plain words', () => {
  it('names every kind the core lists', () => {
    for (const kind of [
      'vault.created', 'unlock.ok', 'unlock.failed', 'person.created', 'person.updated',
      'person.deleted', 'person.read', 'export', 'password.changed', 'key.rotated',
      'import.committed', 'import.undone', 'settings.changed', 'organisation.created',
      'organisation.updated', 'organisation.deleted', 'note.added', 'note.deleted',
      'audit.resealed', 'person.erased', 'erasure.reapplied', 'suppression.lifted', 'suppression.restored',
    ]) {
      expect(kindLabel(kind, t), kind).not.toBe(kind);
    }
  });
  it('shows a kind it does not know as stored', () => {
    expect(kindLabel('invoice.sent', t)).toBe('invoice.sent');
  });
  it('reads details as labelled field names, counts and reasons', () => {
    expect(detailParts({ fields: ['city', 'email'] }, { t, number })).toEqual([
      { label: 'Fields', value: 'City, E-mail' },
    ]);
    expect(detailParts({ reason: 'wrong_password' }, { t, number })).toEqual([
      { label: 'Reason', value: 'wrong password' },
    ]);
    expect(detailParts({ secret_key_changed: true, files: 2 }, { t, number })).toEqual([
      { label: 'New secret key', value: 'yes' },
      { label: 'Files', value: '2' },
    ]);
    expect(detailParts({}, { t, number })).toEqual([]);
    // Someone registered again after an erasure: the reason, and the erasure set aside.
    expect(
      detailParts({ reason: 'Came back as a customer', lifted: [{ erased_at: '2026-03-01T09:00:00Z', request: 'R-0001' }] }, { t, number }),
    ).toEqual([
      { label: 'Reason', value: 'Came back as a customer' },
      { label: 'Erasures set aside', value: 'erased 2026-03-01T09:00:00Z, request R-0001' },
    ]);
    // A suppression record put back after a backup from before the erasure was restored.
    expect(detailParts({ erased_at: '2026-03-01T09:00:00Z', request: 'R-0001', hashes: 2 }, { t, number })).toEqual([
      { label: 'Erased', value: '2026-03-01T09:00:00Z' },
      { label: 'Request', value: 'R-0001' },
      { label: 'Keyed hashes kept', value: '2' },
    ]);
  });
  it('names a purpose by its name in the reader’s language and shows no id or internal key', () => {
    const marketing = '00000000-0000-7000-8000-000000000103';
    const own = '0193a1b2-0000-7000-8000-00000000abcd';
    const named = [
      { id: marketing, list: 'purpose' as const, name: 'E-marketing', key: 'e_marketing' },
      { id: own, list: 'purpose' as const, name: 'Kaffeklubb', key: null },
    ];
    const nb = mergeWords(catalogues, auditWords).nb;
    const tNb = (key: AuditKey, values?: Record<string, string | number>) => format(nb[key], values);
    expect(detailParts({ purpose: marketing, legal_basis: 'a' }, { t: tNb, number, named, locale: 'nb' })[0]).toEqual({
      label: 'Formål',
      value: 'E-markedsføring',
    });
    expect(detailParts({ purpose: own }, { t: tNb, number, named, locale: 'nb' })).toEqual([
      { label: 'Formål', value: 'Kaffeklubb' },
    ]);
    // An id the core named nothing for (a note, a batch) is left out: the subject is named beside it.
    expect(detailParts({ note: '0193a1b2-0000-7000-8000-0000000000ff' }, { t, number, named })).toEqual([]);
    const counts = { deal_notes: 2, import_log_entries: 1, invoices_kept: 1 };
    const erased = detailParts({ counts }, { t: tNb, number, named, locale: 'nb' });
    expect(erased[0]?.value).toBe('notater om salgsmuligheter 2, oppføringer i importlogger 1, fakturaer beholdt 1');
    const text = JSON.stringify(erased);
    expect(text).not.toMatch(/[a-z]+_[a-z]+|[0-9a-f]{8}-[0-9a-f]{4}/);
  });
  it('words every problem of a broken chain', () => {
    expect(problemMessage({ problem: 'missing', from: 4, to: 4 })?.key).toBe('audit.problem.missingOne');
    expect(problemMessage({ problem: 'missing', from: 4, to: 9 })).toEqual({
      key: 'audit.problem.missing',
      values: { from: 4, to: 9 },
    });
    expect(problemMessage({ problem: 'tail_removed', expected_last: 9, found_last: 7 })?.values).toEqual({
      expected: 9,
      found: 7,
    });
  });
  it("words the damage to the trail's head, and keeps the core's words for what it does not know", () => {
    const report = {
      problems: [
        { problem: 'witness_missing' },
        { problem: 'rolled_back', recorded_last: 1204, found_last: 1187 },
        { problem: 'head_mismatch', head: 40, found_last: 42 },
        { problem: 'printer_on_fire' },
      ] as unknown as ChainProblem[],
      messages: ['audit.head is missing', 'rolled back', 'mismatch', 'the printer is on fire'],
    };
    expect(problemLines(report, t, (n) => n.toLocaleString('en-GB'))).toEqual([
      'The copy of the newest event kept beside the vault (the file audit.head) is missing.',
      'The log ends at event #1,187, but it had already reached #1,204: the vault was replaced by an older copy of itself, or recent work was lost.',
      'The log ends at #42, but its record of the newest event names #40: events were added or replaced from outside Lagom.',
      'the printer is on fire',
    ]);
  });
  it('words a past reseal the same way, in the reader\'s language, not as it was stored', () => {
    const reseal: Reseal = {
      seq: 12,
      at: '2026-12-04T10:00:00.000Z',
      problems: [{ problem: 'tail_removed', expected_last: 11, found_last: 9 }],
      messages: ['the newest events were deleted: the log ends at #9, it should end at #11'],
    };
    const lines = problemLines(reseal, t, (n) => String(n));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toBe(reseal.messages[0]);
    expect(lines[0]).toContain('11');
  });
});
