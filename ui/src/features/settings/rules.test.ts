import { describe, expect, it } from 'vitest';
import type { RuleLine } from '../../lib/api';
import { groups, months, newRow, purposeChoices, rowsOf, rulesOf, unchanged } from './rules';

const SALES = '00000000-0000-7000-8000-000000000101';
const MARKETING = '00000000-0000-7000-8000-000000000103';
const purposes = [
  { id: SALES, name: 'Sales and service' },
  { id: MARKETING, name: 'E-marketing' },
];

function line(purpose: string, status: RuleLine['status'], action: RuleLine['action'], after_months: number): RuleLine {
  return { purpose, status, action, after_months, purpose_name: '', reason: 'owners_choice', suggested: false };
}

describe('the retention rules table', () => {
  it('lists rules by purpose, status and step, mildest first', () => {
    const rows = rowsOf(
      [
        line(MARKETING, 'prospect', 'erase', 24),
        line(SALES, 'prospect', 'erase', 24),
        line(SALES, 'customer', 'review', 36),
        line(SALES, 'prospect', 'archive', 12),
      ],
      purposes,
    );
    expect(rows.map((r) => [r.purpose === SALES ? 'sales' : 'marketing', r.status, r.action])).toEqual([
      ['sales', 'prospect', 'archive'],
      ['sales', 'prospect', 'erase'],
      ['sales', 'customer', 'review'],
      ['marketing', 'prospect', 'erase'],
    ]);
    expect(rows.every(unchanged)).toBe(true);
  });

  it('knows a row changed once its step or months differ from the stored rule', () => {
    const [row] = rowsOf([line(SALES, 'other', 'review', 12)], purposes);
    expect(unchanged({ ...row!, action: 'archive' })).toBe(false);
    expect(unchanged({ ...row!, months: ' 12 ' })).toBe(true);
    expect(unchanged({ ...row!, months: '1' })).toBe(false);
    expect(unchanged(newRow(SALES))).toBe(false);
  });

  it('turns the rows back into rules, or nothing while months are not a whole number', () => {
    const rows = rowsOf([line(SALES, 'other', 'review', 12)], purposes);
    rows[0]!.months = '1';
    expect(rulesOf(rows)).toEqual([{ purpose: SALES, status: 'other', action: 'review', after_months: 1 }]);
    rows[0]!.months = '1.5';
    expect(rulesOf(rows)).toBeNull();
    // The range is the core's to check: 0 goes through, and the core says why it is refused.
    expect(months('0')).toBe(0);
    expect(months('')).toBeNull();
    expect(months('-3')).toBeNull();
  });

  it('groups the rows by purpose, a new rule at the end of its purpose', () => {
    const rows = rowsOf([line(MARKETING, 'prospect', 'erase', 24), line(SALES, 'other', 'review', 12)], purposes);
    rows.push(newRow(SALES));
    const grouped = groups(rows, purposes);
    expect(grouped.map((g) => [g.purpose.name, g.rows.map((r) => r.status)])).toEqual([
      ['Sales and service', ['other', 'prospect']],
      ['E-marketing', ['prospect']],
    ]);
    expect(groups([newRow('gone')], purposes).map((g) => g.purpose)).toEqual([{ id: 'gone', name: 'gone' }]);
  });

  it('offers the purposes in use, and any a rule still names', () => {
    const old = { ...line('old-id', 'other', 'erase', 12), purpose_name: 'Old purpose' };
    expect(purposeChoices(purposes, [line(SALES, 'other', 'review', 12), old]).map((p) => p.name)).toEqual([
      'Sales and service',
      'E-marketing',
      'Old purpose',
    ]);
  });
});
