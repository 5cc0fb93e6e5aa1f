import { describe, expect, it } from 'vitest';
import type { OrganisationView } from '../../lib/api';
import { emptyForm, formOf, newOrganisation, patchFrom } from './form';

const fjord: OrganisationView = {
  id: 'o1',
  name: 'Fjord Rør AS',
  org_number: '923 456 789',
  email: null,
  phone: null,
  website: 'fjordror.no',
  address: null,
  postcode: null,
  city: 'Bergen',
  country: 'NO',
  category: null,
  tags: ['supplier'],
  people_count: 2,
  people: [],
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
};

describe("an organisation's form", () => {
  it('creates with empty fields left out', () => {
    expect(newOrganisation({ ...emptyForm(), name: 'Nordlys AS', city: 'Tromsø', tags: 'north, ' })).toEqual({
      name: 'Nordlys AS',
      city: 'Tromsø',
      tags: ['north'],
    });
  });

  it('patches only what changed, clearing emptied fields and replacing the tags', () => {
    expect(patchFrom(formOf(fjord), formOf(fjord))).toEqual({});
    const after = { ...formOf(fjord), website: '', category: 'Plumbing', tags: 'supplier, north' };
    expect(patchFrom(formOf(fjord), after)).toEqual({
      website: '',
      category: 'Plumbing',
      tags: ['supplier', 'north'],
    });
    expect(patchFrom(formOf(fjord), { ...formOf(fjord), tags: '' })).toEqual({ tags: [] });
  });
});
