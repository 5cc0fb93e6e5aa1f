// A file's phone country as the wizard shows it: the country in the owner's language with
// its calling code, where it came from, and the evidence the file gave, each item in words.
// The import decides the country and reads the numbers; this only words its answer and
// carries the owner's choice back.

import type { CountryEvidence, FileReport, PhoneCountry } from './types';
import type { ImportKey } from './options';

type Translate = (key: ImportKey, values?: Record<string, string | number>) => string;

/** The countries offered for a file's numbers, in this order. */
export const PHONE_COUNTRIES = ['NO', 'SE', 'DK', 'FI', 'IS', 'DE', 'GB', 'US'] as const;

/** Calling codes of the countries offered (and so of most files a Nordic business has). */
const CALLING_CODES: Record<string, string> = {
  NO: '47',
  SE: '46',
  DK: '45',
  FI: '358',
  IS: '354',
  DE: '49',
  GB: '44',
  US: '1',
};

/** Country-code top-level domains that are not the country code in lower case. */
const DOMAINS: Record<string, string> = { GB: 'uk' };

/** A country's name in a language (`nb`, `sv`, …), or its code where the browser has none. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale === 'nb' ? 'nb-NO' : locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Sweden (+46)": the name with the calling code, when it is one we know. */
export function countryLabel(code: string, name: (code: string) => string): string {
  const calling = CALLING_CODES[code];
  return calling ? `${name(code)} (+${calling})` : name(code);
}

/** The countries the owner can choose from for a file: the usual ones, and the file's own
 * country when it is none of them. */
export function countryChoices(current: string): string[] {
  const usual: string[] = [...PHONE_COUNTRIES];
  return usual.includes(current) ? usual : [...usual, current];
}

/** The kinds of evidence this version has words for; one a newer core sends is left out
 * rather than shown raw. */
const KINDS: readonly string[] = ['header_language', 'email_domains', 'country_column', 'number_formats'] satisfies readonly CountryEvidence['kind'][];

/** Each piece of evidence in words, in the order the import gave them. */
export function evidenceWords(
  pc: PhoneCountry,
  t: Translate,
  name: (code: string) => string,
  number: (n: number) => string,
): string[] {
  return pc.evidence.filter((e) => KINDS.includes(e.kind)).map((e) => {
    const country = name(e.country);
    switch (e.kind) {
      case 'header_language':
        return t('import.country.why.header_language', { country, headers: e.headers.join(', ') });
      case 'email_domains':
        return t('import.country.why.email_domains', {
          count: number(e.count),
          of: number(e.of),
          domain: DOMAINS[e.country] ?? e.country.toLowerCase(),
        });
      case 'country_column':
        return t('import.country.why.country_column', { country, rows: number(e.rows), of: number(e.of) });
      case 'number_formats':
        return t('import.country.why.number_formats', { country, valid: number(e.valid), of: number(e.of) });
    }
  });
}

/** The sentence saying how the file's numbers without a country code are read. */
export function countryLine(pc: PhoneCountry, t: Translate, name: (code: string) => string): string {
  const candidates = pc.candidates;
  if (candidates.length > 1) {
    return t('import.country.undecided', { countries: candidates.map((c) => countryLabel(c, name)).join(', ') });
  }
  return t('import.country.line', { country: countryLabel(pc.country, name) });
}

/** Whether a file's phone country matters to show: it has a column of phone numbers, or the
 * owner chose a country for it. */
export function readsPhones(file: FileReport): boolean {
  return file.phone_country.source === 'chosen' || file.columns.some((c) => c.included && c.field === 'phone');
}
