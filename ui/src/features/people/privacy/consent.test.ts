import { describe, expect, it } from 'vitest';
import { standing } from './consent';

describe('consent standing', () => {
  it('only a valid consent reads as valid; a pending one never does', () => {
    expect(standing({ valid: true, state: 'given', expired: false })).toBe('valid');
    expect(standing({ valid: false, state: 'pending', expired: false })).toBe('pending');
    expect(standing({ valid: false, state: 'pending', expired: true })).toBe('expired');
    expect(standing({ valid: false, state: 'withdrawn', expired: false })).toBe('withdrawn');
  });
});
