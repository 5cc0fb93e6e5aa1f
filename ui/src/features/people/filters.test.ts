import { describe, expect, it } from 'vitest';
import { cleared, isFiltered, noFilters, queryArgs } from './filters';

describe('the filter bar as list arguments', () => {
  it('asks for everyone by name when nothing is chosen', () => {
    expect(queryArgs(noFilters(), '  ', 100, 0)).toEqual({ limit: 100, offset: 0 });
    expect(isFiltered(noFilters())).toBe(false);
  });

  it('passes every chosen filter, the order and the typed search', () => {
    const f = {
      ...noFilters(),
      tag: 'VIP',
      category: 'Retail',
      owner: 'u1',
      status: 'customer' as const,
      source: 'web form',
      sort: 'updated' as const,
      descending: true,
      view: 'archived' as const,
    };
    expect(queryArgs(f, ' kari ', 100, 200)).toEqual({
      limit: 100,
      offset: 200,
      search: 'kari',
      tag: 'VIP',
      category: 'Retail',
      owner: 'u1',
      status: 'customer',
      source: 'web form',
      sort: 'updated',
      descending: true,
      view: 'archived',
    });
    expect(isFiltered(f)).toBe(true);
  });

  it('an order or a shelf alone filters nothing, and clearing keeps both', () => {
    const f = { ...noFilters(), tag: 'VIP', sort: 'created' as const, descending: true, view: 'all' as const };
    expect(isFiltered({ ...f, tag: '' })).toBe(false);
    expect(cleared(f)).toEqual({ ...noFilters(), sort: 'created', descending: true, view: 'all' });
  });

  it('asks for the people in use unless another shelf is chosen', () => {
    expect(queryArgs(noFilters(), '', 1, 0).view).toBeUndefined();
    expect(queryArgs({ ...noFilters(), view: 'all' }, '', 1, 0).view).toBe('all');
  });

  it("asks for names in the reader's alphabet when a language is given", () => {
    expect(queryArgs(noFilters(), '', 1, 0, 'nb').language).toBe('nb');
    expect(queryArgs(noFilters(), '', 1, 0).language).toBeUndefined();
  });
});
