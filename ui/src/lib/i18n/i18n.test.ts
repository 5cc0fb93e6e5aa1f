import { describe, expect, it } from 'vitest';
import { catalogueProblems, catalogues, format, i18n, pickLocale, type Words } from './index.svelte';

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

describe('dates as a Nordic reader expects them', () => {
  it('writes English days before months, with a 24-hour clock', () => {
    i18n.set('en');
    const noon = new Date(2026, 2, 3, 14, 30).toISOString();
    expect(i18n.dateTime(noon)).toMatch(/^3 Mar 2026,? 14:30$/);
    expect(i18n.date('2026-03-03')).toBe('3 Mar 2026');
  });

  it('shows a day recorded without a time as the day alone', () => {
    i18n.set('en');
    expect(i18n.occurred(new Date(2026, 2, 3).toISOString())).toBe('3 Mar 2026');
    expect(i18n.occurred(new Date(2026, 2, 3, 9, 5).toISOString())).toMatch(/09:05$/);
    i18n.set('nb');
    expect(i18n.occurred(new Date(2026, 2, 3).toISOString())).toBe('3. mars 2026');
  });
});
