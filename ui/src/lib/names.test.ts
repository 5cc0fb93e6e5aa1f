import { describe, expect, it } from 'vitest';
import { builtInName, forgetNames, learnNames, nameIn, named } from './names.svelte';
import { i18n } from './i18n/index.svelte';
import type { Lists } from './api';

const lists = {
  purposes: [
    { id: 'a', name: 'E-marketing', key: 'e_marketing' },
    { id: 'b', name: 'Kaffeklubb', key: null },
    // A built-in one the owner renamed carries no key any more.
    { id: 'c', name: 'Sales and service but ours', key: null },
  ],
  sources: [{ id: 'd', name: 'web form', key: 'web_form' }],
  subscription_types: [{ id: 'e', name: 'Newsletter', key: 'newsletter', purpose: 'E-marketing', purpose_key: 'e_marketing' }],
  legal_bases: [],
} as unknown as Lists;

describe('names of purposes, sources and subscription types', () => {
  it('name a built-in one in each language and leave the owner’s as written', () => {
    expect(builtInName('purpose', 'sales_and_service', 'nb')).toBe('Salg og service');
    expect(nameIn('purpose', 'E-marketing', 'e_marketing', 'sv')).toBe('E-marknadsföring');
    expect(nameIn('purpose', 'Kaffeklubb', null, 'da')).toBe('Kaffeklubb');
    expect(nameIn('purpose', 'Old', 'a_key_from_a_newer_core', 'nb')).toBe('Old');
  });

  it('know the built-in ones by their stored names once the lists are read', () => {
    const before = i18n.locale;
    i18n.set('nb');
    learnNames(lists);
    expect(named('purpose', 'E-marketing')).toBe('E-markedsføring');
    expect(named('purpose', 'Kaffeklubb')).toBe('Kaffeklubb');
    expect(named('source', 'web form')).toBe('nettskjema');
    expect(named('subscription', 'Newsletter')).toBe('Nyhetsbrev');
    forgetNames();
    expect(named('purpose', 'E-marketing')).toBe('E-marketing');
    i18n.set(before);
  });
});
