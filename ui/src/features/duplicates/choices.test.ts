import { describe, expect, it } from 'vitest';
import type { DuplicatePair, PairPerson } from '../../lib/api';
import { defaults, differs, mergeRequest, nameOf } from './choices';

const person = (p: Partial<PairPerson>): PairPerson => ({
  id: 'x',
  first_name: '',
  last_name: '',
  email: null,
  phone: null,
  title: null,
  status: 'prospect',
  address: null,
  postcode: null,
  city: null,
  country: null,
  customer_number: null,
  contacts: [],
  organisation: null,
  category: null,
  language: null,
  owner: null,
  tags: [],
  created_at: '2025-01-01T00:00:00Z',
  last_activity_at: null,
  archived_at: null,
  attached: { notes: 0, deals: 0, invoices: 0, consents: 0, processing_records: 1, requests: 0, tags: 0, subscriptions: 0 },
  ...p,
});

const pair: DuplicatePair = {
  a: person({ id: 'a', first_name: 'Bjørn', last_name: 'Kjær', email: 'bjorn@fjordror.no', city: 'Oslo' }),
  b: person({ id: 'b', first_name: 'Bjorn', last_name: 'Kjær', email: 'bjorn@fjordror.no', phone: '+47 912 34 567', city: 'Bergen' }),
  score: 0.995,
  reasons: [{ by: 'same_email' }],
  automatic: true,
  found_at: '2025-03-01T00:00:00Z',
};

describe('a merge chosen side by side', () => {
  it('keeps the kept record’s values and fills empty ones from the other', () => {
    const chosen = defaults(pair, 'a');
    expect(chosen.first_name).toBe('a');
    expect(chosen.phone).toBe('b');
    expect(chosen.city).toBe('a');
    expect(differs(pair, 'email')).toBe(false);
    expect(differs(pair, 'city')).toBe(true);
  });

  it('sends only the fields where the other’s value was chosen over one the kept record has', () => {
    const chosen = { ...defaults(pair, 'a'), city: 'b' as const, email: 'b' as const };
    expect(mergeRequest(pair, 'a', chosen)).toEqual({ a: 'a', b: 'b', keep: 'a', fields: ['city'] });
    const kept = defaults(pair, 'b');
    expect(kept.city).toBe('b');
    expect(mergeRequest(pair, 'b', { ...kept, first_name: 'a' })).toEqual({
      a: 'a',
      b: 'b',
      keep: 'b',
      fields: ['first_name'],
    });
  });

  it('names a person by name, or by e-mail without one', () => {
    expect(nameOf(pair.a)).toBe('Bjørn Kjær');
    expect(nameOf({ first_name: '', last_name: '', email: 'x@y.no' })).toBe('x@y.no');
  });
});
