import { describe, expect, it } from 'vitest';
import type { PersonView } from '../../lib/api';
import { emptyForm, formOf, newPerson, patchFrom } from './form';
import { parseTags } from '../../lib/text/tags';

const kari: PersonView = {
  id: 'p1',
  first_name: 'Kari',
  last_name: 'Nordmann',
  email: 'kari@example.no',
  phone: null,
  contacts: [{ id: 'c1', channel: 'email', value: 'kari@example.no', display: 'kari@example.no', kind: 'work', primary: true }],
  title: null,
  status: 'customer',
  address: null,
  postcode: '0150',
  city: 'Oslo',
  country: 'NO',
  customer_number: '10042',
  organisation: { id: 'o1', name: 'Fjord Rør AS' },
  tags: ['messe', 'VIP'],
  category: 'Retail',
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
  processing: [],
  notes: [],
  deals: [],
  consents: [],
  subscriptions: [],
  restriction: null,
  objection: null,
  life: { last_activity_at: null, archived_at: null, binned_at: null },
};

describe("a person's form", () => {
  it('reads tags as a comma-separated list without blanks or repeats', () => {
    expect(parseTags(' VIP, messe,, vip ,Messe 2025 ')).toEqual(['VIP', 'messe', 'Messe 2025']);
    expect(parseTags('')).toEqual([]);
  });

  it('sends nothing when nothing changed', () => {
    expect(patchFrom(formOf(kari), formOf(kari))).toEqual({});
  });

  it('sends only changed fields, clears emptied ones and turns tags into additions and removals', () => {
    const after = { ...formOf(kari), city: 'Bergen', postcode: '', status: 'partner' as const };
    after.tags = 'vip, nyhetsbrev';
    after.category = '';
    after.customer_number = 'K-10042';
    expect(patchFrom(formOf(kari), after)).toEqual({
      city: 'Bergen',
      postcode: '',
      customer_number: 'K-10042',
      status: 'partner',
      category: '',
      add_tags: ['nyhetsbrev'],
      remove_tags: ['messe'],
    });
  });

  it('makes a new person with empty fields left out and the chosen purpose', () => {
    const f = { ...emptyForm(), first_name: 'Ola', email: 'ola@example.no', tags: 'a, b', purpose: 'E-marketing' };
    const made = newPerson(f);
    expect(made.fields.email).toBe('ola@example.no');
    expect(made.fields.phone).toBeNull();
    expect(made.fields.tags).toEqual(['a', 'b']);
    expect(made.provenance).toEqual({ purpose: 'E-marketing' });
    expect(made.category).toBeUndefined();
  });
});
