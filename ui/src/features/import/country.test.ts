import { describe, expect, it } from 'vitest';
import { catalogues, format, mergeWords } from '../../lib/i18n/index.svelte';
import { importWords } from './i18n';
import type { ImportKey } from './options';
import { countryChoices, countryLabel, countryLine, countryName, evidenceWords } from './country';
import type { CountryEvidence, PhoneCountry } from './types';

const words = mergeWords(catalogues, importWords);
const t = (key: ImportKey, values?: Record<string, string | number>) => format(words.en[key], values);
const name = (code: string) => countryName(code, 'en');
const number = (n: number) => String(n);

describe("a file's phone country in words", () => {
  it('names the country with its calling code, or alone when the code is not one we know', () => {
    expect(countryLabel('SE', name)).toBe('Sweden (+46)');
    expect(countryLabel('FI', name)).toBe('Finland (+358)');
    expect(countryLabel('FR', name)).toBe('France');
    expect(countryName('SE', 'sv')).toBe('Sverige');
    expect(countryName('DK', 'nb')).toBe('Danmark');
  });

  it('says how numbers are read, or between which countries when the file did not decide', () => {
    expect(countryLine({ country: 'SE', source: 'inferred', evidence: [], candidates: [] }, t, name)).toBe(
      'Phone numbers without a country code are read as numbers in Sweden (+46).',
    );
    const undecided: PhoneCountry = { country: 'NO', source: 'inferred', evidence: [], candidates: ['DK', 'NO'] };
    expect(countryLine(undecided, t, name)).toContain('whichever of Denmark (+45), Norway (+47) it is valid in');
  });

  it('words each piece of evidence, none when the file gave none, and leaves out a kind it has no words for', () => {
    expect(evidenceWords({ country: 'NO', source: 'vault', evidence: [], candidates: [] }, t, name, number)).toEqual([]);
    const pc: PhoneCountry = {
      country: 'SE',
      source: 'inferred',
      evidence: [
        { kind: 'header_language', country: 'SE', headers: ['Förnamn', 'Postort'] },
        { kind: 'email_domains', country: 'SE', count: 3, of: 4 },
        { kind: 'email_domains', country: 'GB', count: 1, of: 4 },
        { kind: 'country_column', country: 'SE', rows: 5, of: 6 },
        { kind: 'number_formats', country: 'SE', valid: 2, of: 2 },
        // A kind a newer core sends, which this version has no words for.
        { kind: 'something_newer', country: 'SE' } as unknown as CountryEvidence,
      ],
      candidates: [],
    };
    expect(evidenceWords(pc, t, name, number)).toEqual([
      'headings in the language of Sweden: Förnamn, Postort',
      '3 of 4 e-mail addresses end in .se',
      '1 of 4 e-mail addresses end in .uk',
      '5 of 6 rows name Sweden in their country column',
      '2 of 2 numbers without a country code are valid in Sweden',
    ]);
  });

  it("offers the usual countries, and the file's own when it is none of them", () => {
    expect(countryChoices('SE')).toEqual(['NO', 'SE', 'DK', 'FI', 'IS', 'DE', 'GB', 'US']);
    expect(countryChoices('FR')).toEqual(['NO', 'SE', 'DK', 'FI', 'IS', 'DE', 'GB', 'US', 'FR']);
  });
});
