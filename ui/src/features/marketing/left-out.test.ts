import { describe, expect, it } from 'vitest';
import { leftOutLines } from './left-out';

describe('left out of a marketing list', () => {
  it('shows each reason with people in it, in a fixed order', () => {
    const left = { no_consent: 3, pending: 1, withdrawn: 1, restricted: 0, objected: 2, not_subscribed: 0, no_email: 0, archived: 4 };
    expect(leftOutLines(left)).toEqual([
      { key: 'marketing.reason.no_consent', count: 3 },
      { key: 'marketing.reason.pending', count: 1 },
      { key: 'marketing.reason.withdrawn', count: 1 },
      { key: 'marketing.reason.objected', count: 2 },
      { key: 'marketing.reason.archived', count: 4 },
    ]);
  });
});
