import { describe, expect, it } from 'vitest';
import { featureWords } from './i18n';
import { BUILT_IN_NAMES } from './lib/api';
import { GLOSSARY, bannedIn } from './lib/i18n/glossary';
import { catalogues, localeNames, type Locale } from './lib/i18n/index.svelte';

/** Every message of every catalogue in a language, by key, with the built-in names. */
function messages(locale: Locale): [string, string][] {
  const all: [string, string][] = Object.entries(catalogues[locale]);
  for (const words of Object.values(featureWords)) {
    all.push(...(Object.entries(words[locale]) as [string, string][]));
  }
  for (const [list, names] of Object.entries(BUILT_IN_NAMES)) {
    for (const [key, name] of Object.entries(names)) all.push([`built-in.${list}.${key}`, name[locale]]);
  }
  return all;
}

const locales = Object.keys(localeNames) as Locale[];

describe('the glossary', () => {
  it('finds a banned synonym where it stands', () => {
    const term = { word: 'stikkord', banned: ['tagg'] };
    expect(bannedIn('Legg til tagger', term)).toBe('tagg');
    expect(bannedIn('Stikkord: {tagger}', term)).toBeNull();
    const org = { word: 'virksomhet', banned: ['organisasjon(?!snummer)'] };
    expect(bannedIn('Organisasjonsnummer', org)).toBeNull();
    expect(bannedIn('samme organisasjon', org)).toBe('organisasjon');
  });

  for (const locale of locales) {
    it(`${locale}: every catalogue says each concept with its one word`, () => {
      const problems: string[] = [];
      for (const [key, text] of messages(locale)) {
        for (const c of GLOSSARY) {
          const term = c[locale];
          if (!term || (c.keys && !c.keys.test(key))) continue;
          const found = bannedIn(text, term);
          if (found) problems.push(`${key}: "${found}" where ${c.concept} is "${term.word}"`);
        }
      }
      expect(problems).toEqual([]);
    });

    it(`${locale}: every word of the glossary is one the catalogues use`, () => {
      const unused: string[] = [];
      const texts = messages(locale);
      for (const c of GLOSSARY) {
        const term = c[locale];
        if (!term) continue;
        const inScope = texts.filter(([key]) => !c.keys || c.keys.test(key));
        if (!inScope.some(([, text]) => text.toLowerCase().includes(term.word.toLowerCase()))) {
          unused.push(`${c.concept}: ${term.word}`);
        }
      }
      expect(unused).toEqual([]);
    });
  }
});
