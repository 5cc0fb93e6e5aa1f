import { describe, expect, it } from 'vitest';
import { browserLocalDay } from './day';
import { rememberToday, today } from './today.svelte';

describe('today', () => {
  it("is the browser's local date until the core has said, and ignores a status without a date", () => {
    const now = new Date(2025, 2, 10, 0, 30);
    expect(today(now)).toBe(browserLocalDay(now));
    rememberToday({});
    rememberToday({ today: 'soon' });
    expect(today(now)).toBe('2025-03-10');
  });

  it("is the core's date once a status carries one, and moves on when the computer's day turns", () => {
    rememberToday({ today: '2031-07-04' });
    expect(today()).toBe('2031-07-04');
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    expect(today(tomorrow)).toBe('2031-07-05');
  });
});
