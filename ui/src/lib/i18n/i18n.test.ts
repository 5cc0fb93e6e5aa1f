import { describe, expect, it } from 'vitest';
import { catalogues, format, pickLocale } from './index.svelte';
import { en } from './en';

describe('the catalogues', () => {
  const keys = Object.keys(en).sort();
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    it(`${locale} has every key and no other`, () => {
      expect(Object.keys(catalogue).sort()).toEqual(keys);
    });
    it(`${locale} has no empty message and keeps every placeholder`, () => {
      for (const key of keys) {
        const text = catalogue[key as keyof typeof en];
        expect(text.trim(), key).not.toBe('');
        const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(placeholders(text), key).toEqual(placeholders(en[key as keyof typeof en]));
      }
    });
  }
});

describe('choosing a language', () => {
  it('takes the first system language we speak', () => {
    expect(pickLocale(['de-DE', 'sv-SE', 'en'])).toBe('sv');
    expect(pickLocale(['no'])).toBe('nb');
    expect(pickLocale(['nn-NO'])).toBe('nb');
    expect(pickLocale(['fr'])).toBe('en');
  });
  it('fills placeholders and leaves unknown ones', () => {
    expect(format('{count} people, {x}', { count: 3 })).toBe('3 people, {x}');
  });
});
