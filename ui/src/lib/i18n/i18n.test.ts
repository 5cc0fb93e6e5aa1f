import { describe, expect, it } from 'vitest';
import { catalogueProblems, catalogues, format, pickLocale, type Words } from './index.svelte';

describe("lib's catalogues", () => {
  it('have every key in every language, none empty, every placeholder kept', () => {
    expect(catalogueProblems(catalogues)).toEqual([]);
  });
});

describe('checking a catalogue', () => {
  const words = {
    en: { 'a.one': 'One {n}', 'a.two': 'Two' },
    nb: { 'a.one': 'En {n}', 'a.two': 'To' },
    sv: { 'a.one': 'Ett {m}', 'a.two': ' ' },
    da: { 'a.one': 'En {n}', 'a.three': 'Tre' },
  } as unknown as Words<'a.one' | 'a.two'>;

  it('names a missing key, an extra key, an empty message and a lost placeholder', () => {
    expect(catalogueProblems(words)).toEqual([
      'sv: a.one does not keep the placeholders of en',
      'sv: a.two is empty',
      'da: a.two is missing',
      'da: a.three is not in en',
    ]);
  });
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
