import { describe, expect, it } from 'vitest';
import type { PersonView } from '../../lib/api';
import { emptyForm, erasedEarlier, formOf, newPerson, patchFrom, registerAgain } from './form';
import { BackendError } from '../../lib/backend/backend';
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

describe('someone an earlier erasure covers', () => {
  const refused = new BackendError(
    'erased',
    'this person was erased on 2026-03-01 (request R-0001): an earlier erasure covers their e-mail address or phone number. ',
  );

  it("is told by the error code alone, and keeps the core's words for the day and the request", () => {
    expect(erasedEarlier(refused)).toBe(
      'this person was erased on 2026-03-01 (request R-0001): an earlier erasure covers their e-mail address or phone number.',
    );
    expect(erasedEarlier(new BackendError('conflict', 'this person was erased on 2026-03-01'))).toBeNull();
    expect(erasedEarlier(new Error('erased'))).toBeNull();
  });

  it('is registered again only with a reason, which is sent with the same fields', () => {
    const f = { ...emptyForm(), first_name: 'Berit', email: 'berit@fjordror.no' };
    expect(registerAgain(f, '   ', false)).toBeNull();
    const args = registerAgain(f, ' Came back as a customer and asked to be registered ', false);
    expect(args).toEqual({ ...newPerson(f), register_erased: 'Came back as a customer and asked to be registered' });
    expect(args).not.toHaveProperty('allow_duplicate');
    expect(registerAgain(f, 'Asked for it', true)).toMatchObject({ register_erased: 'Asked for it', allow_duplicate: true });
  });
});
