import { describe, expect, it } from 'vitest';
import { rectifyPatch, rectifiable, type Rectifiable } from './rectify';

const blank = Object.fromEntries(rectifiable.map((f) => [f, ''])) as Record<Rectifiable, string>;

describe('rectification patch', () => {
  it('holds only the fields changed, trimmed; an emptied field clears it', () => {
    const before = { ...blank, first_name: 'Berit', city: 'Bergen', phone: '+47 912 34 567' };
    const after = { ...before, city: ' Trondheim ', phone: '' };
    expect(rectifyPatch(before, after)).toEqual({ city: 'Trondheim', phone: '' });
    expect(rectifyPatch(before, { ...before, first_name: 'Berit ' })).toEqual({});
  });
});
