import { describe, expect, it } from 'vitest';
import { catalogues } from '../../lib/i18n/index.svelte';
import { format, mergeWords, type Locale } from '../../lib/i18n/index.svelte';
import { importWords } from './i18n';
import { problemText } from './problems';
import type { Problem } from '../../lib/api';

const words = mergeWords({ en: catalogues.en, nb: catalogues.nb, sv: catalogues.sv, da: catalogues.da }, importWords);

function say(problem: Problem, locale: Locale): string {
  const table = words[locale] as Record<string, string>;
  const t = (key: string, values?: Record<string, string | number>) => format(table[key] ?? key, values);
  return problemText({ problem, reason: 'english from the core' }, t as never, locale, (d) => d, (k) => k in table);
}

describe('import problems', () => {
  it('are said in the reader’s language from their code and parameters', () => {
    const phone: Problem = { code: 'bad_phone', countries: ['NO'] };
    expect(say(phone, 'en')).toBe('not a valid phone number for NO; the value was left out');
    expect(say(phone, 'nb')).toBe('ikke et gyldig telefonnummer for NO; verdien ble utelatt');
    expect(say({ code: 'bad_phone', countries: ['DK', 'NO'] }, 'sv')).toBe(
      'inte ett giltigt telefonnummer för DK eller NO; värdet utelämnades',
    );
    expect(say({ code: 'no_name_or_email' }, 'da')).toBe('hverken navn eller e-mailadresse: rækken blev ikke importeret');
    expect(say({ code: 'erased', erased_on: '2026-03-01', request: 'R-0004' }, 'nb')).toBe(
      'slettet 2026-03-01 (henvendelse R-0004): raden ble ikke importert',
    );
    expect(say({ code: 'row_refused', field: 'first_name', detail: 'first_name: too long' }, 'nb')).toBe(
      'Fornavn kunne ikke lagres: raden ble ikke importert',
    );
  });

  it('never show a parameter’s internal name, and say every code in every language', () => {
    const all: Problem[] = [
      { code: 'bad_email' },
      { code: 'bad_phone', countries: ['NO'] },
      { code: 'bad_date' },
      { code: 'bad_number' },
      { code: 'bad_country' },
      { code: 'ambiguous_phone', countries: ['DK', 'NO', 'SE'] },
      { code: 'no_name_or_email' },
      { code: 'row_refused', field: 'no_such_field', detail: '' },
      { code: 'erased', erased_on: '2026-03-01', request: null },
      { code: 'no_column_matched', file: 'kunder.csv' },
    ];
    for (const locale of ['en', 'nb', 'sv', 'da'] as const) {
      for (const p of all) {
        const text = say(p, locale);
        expect(text, `${locale} ${p.code}`).not.toMatch(/[{}]|_|english from the core/);
      }
    }
  });

  it('fall back to the core’s English for a code this version does not know', () => {
    expect(say({ code: 'from_the_future' } as unknown as Problem, 'nb')).toBe('english from the core');
  });
});
