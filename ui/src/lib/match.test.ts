import { describe, expect, it } from 'vitest';
import { isDifference, percent, reasonKey } from './match';
import { i18n } from './i18n/index.svelte';

describe("the matcher's reasons", () => {
  it('tell likenesses from differences and have words', () => {
    expect(isDifference({ by: 'same_email' })).toBe(false);
    expect(isDifference({ by: 'different_phone' })).toBe(true);
    expect(i18n.has(reasonKey({ by: 'similar_name', score: 0.97 }))).toBe(true);
    expect(i18n.has(reasonKey({ by: 'different_organisation' }))).toBe(true);
  });

  it('show a score as a whole percentage', () => {
    expect(percent(0.994)).toBe(99);
    expect(percent(1.2)).toBe(100);
  });
});
