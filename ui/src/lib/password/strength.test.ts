import { describe, expect, it } from 'vitest';
import { strength } from './strength';

describe('password strength', () => {
  it('calls common passwords weak and long random ones strong', () => {
    expect(strength('password1')).toBeLessThanOrEqual(1);
    expect(strength('qwertyuiop')).toBeLessThanOrEqual(1);
    expect(strength('Kari1980', ['Kari'])).toBeLessThanOrEqual(2);
    expect(strength('fjord-kanel-treskål-91')).toBeGreaterThanOrEqual(3);
  });
});
