import { describe, expect, it } from 'vitest';
import { BackendError } from './backend/backend';
import { belongsTo, refusedField } from './fields';

describe('the field a refusal names', () => {
  it('reads the field and the reason of a validation error', () => {
    const e = new BackendError('validation', 'grace_days: must be between 0 and 365');
    expect(refusedField(e)).toEqual({ field: 'grace_days', reason: 'must be between 0 and 365' });
    expect(belongsTo(e, ['grace_days', 'bin_days'])).toBe(true);
    expect(belongsTo(e, ['bin_days'])).toBe(false);
  });

  it('keeps a reason that has colons of its own', () => {
    const e = new BackendError('validation', 'rules: for status prospect: erase comes first');
    expect(refusedField(e)).toEqual({ field: 'rules', reason: 'for status prospect: erase comes first' });
  });

  it('names no field for other codes, other errors or a message without one', () => {
    expect(refusedField(new BackendError('not_found', 'purpose: no purpose with id x'))).toBeNull();
    expect(refusedField(new Error('grace_days: too long'))).toBeNull();
    expect(refusedField(new BackendError('validation', 'The name is taken.'))).toBeNull();
    expect(refusedField(null)).toBeNull();
  });
});
