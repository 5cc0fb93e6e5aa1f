import { describe, expect, it } from 'vitest';
import { addDays, browserLocalDay, daysBetween, isDay } from './day';

describe('the browser local day', () => {
  it('is the local date, not the UTC one', () => {
    // Local midnight plus half an hour: the same local day whatever the time zone.
    expect(browserLocalDay(new Date(2025, 2, 10, 0, 30))).toBe('2025-03-10');
    expect(browserLocalDay(new Date(2025, 2, 10, 23, 30))).toBe('2025-03-10');
    expect(browserLocalDay(new Date(2024, 11, 31, 23, 59))).toBe('2024-12-31');
  });
  it('pads month and day', () => {
    expect(browserLocalDay(new Date(2026, 0, 5, 12))).toBe('2026-01-05');
  });
});

describe('calendar days', () => {
  it('knows a real day from anything else', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2025-02-29')).toBe(false);
    expect(isDay('2025-3-1')).toBe(false);
    expect(isDay('2025-03-01T00:00:00Z')).toBe(false);
    expect(isDay(undefined)).toBe(false);
  });
  it('counts and adds days across months and years', () => {
    expect(daysBetween('2024-12-30', '2025-01-02')).toBe(3);
    expect(daysBetween('2025-03-02', '2025-03-01')).toBe(-1);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });
});
