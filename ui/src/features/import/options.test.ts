import { describe, expect, it } from 'vitest';
import {
  confidence,
  emptyChoices,
  fieldsFilledTwice,
  firstValues,
  likeness,
  outcomeText,
  sensitiveReady,
  sideBySide,
  toOptions,
  type ImportKey,
} from './options';
import type { ColumnPlan, DuplicateView, FileReport, PersonFields } from './types';
import { importWords } from './i18n';
import { catalogues, format, mergeWords } from '../../lib/i18n/index.svelte';

const column = (header: string, field: ColumnPlan['field'], c = 0.95): ColumnPlan => ({
  column: 0,
  header,
  field,
  confidence: c,
  sensitivity: null,
  kind: null,
  included: field !== null,
  samples: [],
});

const person = (p: Partial<PersonFields>): PersonFields => ({
  first_name: '',
  last_name: '',
  email: null,
  phone: null,
  title: null,
  organisation: null,
  status: 'prospect',
  tags: [],
  address: null,
  postcode: null,
  city: null,
  country: null,
  customer_number: null,
  ...p,
});

describe('the choices sent to the core', () => {
  it('sends no mapping until the person changes a column, then only their changes', () => {
    const c = emptyChoices();
    c.uploads = [{ id: 'u1', sheet: null, country: null }, { id: 'u2', sheet: 'Kunder', country: null }];
    expect(toOptions(c).mapping).toBeNull();
    expect(toOptions(c).files).toEqual([{ upload: 'u1', sheet: null }, { upload: 'u2', sheet: 'Kunder' }]);
    c.fields['Mobil'] = 'phone';
    c.fields['Kommentar'] = null;
    expect(toOptions(c).mapping).toEqual({ version: 1, columns: { Mobil: 'phone', Kommentar: null } });
  });

  it("sends a file's phone country only when the owner chose one, for that file alone", () => {
    const c = emptyChoices();
    c.uploads = [{ id: 'u1', sheet: null, country: 'SE' }, { id: 'u2', sheet: null, country: null }];
    expect(toOptions(c).files).toEqual([{ upload: 'u1', sheet: null, country: 'SE' }, { upload: 'u2', sheet: null }]);
    // Never a country for every file: the core falls back to the business's own.
    expect(toOptions(c)).not.toHaveProperty('default_country');
  });

  it('sends decisions for single duplicates with their file and row, file names with colons too', () => {
    const c = emptyChoices();
    c.decisions['kunder.csv:7'] = 'skip';
    c.decisions['C:klient.csv:12'] = 'create';
    expect(toOptions(c).decisions).toEqual([
      { file: 'kunder.csv', row: 7, action: 'skip' },
      { file: 'C:klient.csv', row: 12, action: 'create' },
    ]);
  });

  it('needs a legal basis only once a sensitive column is chosen', () => {
    const c = emptyChoices();
    expect(sensitiveReady(c)).toBe(true);
    c.sensitive = ['Helse'];
    expect(sensitiveReady(c)).toBe(false);
    expect(toOptions(c).sensitive_basis).toBeNull();
    c.sensitiveBasis = '  Art. 9(2)(a) explicit consent ';
    expect(sensitiveReady(c)).toBe(true);
    expect(toOptions(c).sensitive_basis).toBe('Art. 9(2)(a) explicit consent');
  });

  it('asks the core for a sensitive column only once its legal basis is written', () => {
    const c = emptyChoices();
    c.sensitive = ['Helse'];
    // Ticked, nothing typed: the plan asks for nothing the core must refuse.
    expect(toOptions(c).include_sensitive).toEqual([]);
    c.sensitiveBasis = '   ';
    expect(toOptions(c).include_sensitive).toEqual([]);
    c.sensitiveBasis = 'Art. 9(2)(a)';
    expect(toOptions(c).include_sensitive).toEqual(['Helse']);
    expect(toOptions(c).sensitive_basis).toBe('Art. 9(2)(a)');
  });
});

describe('the mapping editor', () => {
  it('puts a suggestion’s confidence in words, and a person’s own choice above all', () => {
    expect(confidence(column('E-post', 'email', 1), false)).toBe('high');
    expect(confidence(column('Tlf', 'phone', 0.75), false)).toBe('medium');
    expect(confidence(column('Info', 'note', 0.4), false)).toBe('low');
    expect(confidence(column('Diverse', null, 0), false)).toBe('none');
    expect(confidence(column('Diverse', null, 0), true)).toBe('chosen');
  });

  it('finds a field filled by two columns, but not tags or notes which may take several', () => {
    const file = {
      columns: [
        column('E-post', 'email'),
        column('Epost privat', 'email'),
        column('Stikkord', 'tags'),
        column('Grupper', 'tags'),
        column('Navn', 'full_name'),
      ],
    } as FileReport;
    expect([...fieldsFilledTwice(file)]).toEqual([['email', ['E-post', 'Epost privat']]]);
  });
});

describe("a column's first values", () => {
  it('are the values the core sent, hidden for a column held back as sensitive', () => {
    expect(firstValues({ ...column('Navn', 'full_name'), samples: ['Kari Nordmann', 'Ola Berg'] })).toEqual([
      'Kari Nordmann',
      'Ola Berg',
    ]);
    expect(firstValues({ ...column('Helse', 'note'), sensitivity: 'special_category_header' })).toBe('hidden');
    expect(firstValues({ ...column('Fnr', null), sensitivity: 'national_id_numbers' })).toBe('hidden');
    expect(firstValues({ ...column('Notes', 'note'), sensitivity: 'sensitive_text' })).toBe('hidden');
    // Chosen with its legal basis, a sensitive column shows what it holds like any other.
    expect(firstValues({ ...column('Notes', 'note'), sensitivity: 'sensitive_text', samples: ['har diabetes'] })).toEqual([
      'har diabetes',
    ]);
    // Free text is no special category: its values are shown.
    expect(firstValues({ ...column('Notes', 'note'), sensitivity: 'free_text', samples: ['ok'] })).toEqual(['ok']);
    expect(firstValues(column('Tom', null))).toEqual([]);
  });
});

describe('a duplicate side by side', () => {
  it('shows what is known, what the file brings and what the core’s merge keeps', () => {
    const d: DuplicateView = {
      file: 'kunder.csv',
      row: 4,
      scored: { score: 0.99, reasons: [{ by: 'same_email' }, { by: 'similar_name', score: 1 }], automatic: true },
      action: 'merge',
      incoming: person({ first_name: 'Kari', last_name: 'Nordmann', email: 'kari@fjord.no', city: 'Bergen', tags: ['vip'] }),
      earlier: {
        in: 'vault',
        id: 'p1',
        person: person({ first_name: 'Kari', last_name: 'Nordmann', email: 'kari@fjord.no', city: 'Oslo', phone: '+4791234567', tags: ['kunde'] }),
      },
      changes: ['tags'],
      conflicts: [{ field: 'city', existing: 'Oslo', imported: 'Bergen', imported_wins: false }],
      merged: person({
        first_name: 'Kari',
        last_name: 'Nordmann',
        email: 'kari@fjord.no',
        city: 'Oslo',
        phone: '+4791234567',
        tags: ['kunde', 'vip'],
      }),
    };
    const lines = sideBySide(d);
    expect(lines.map((l) => l.field)).toEqual(['first_name', 'last_name', 'email', 'phone', 'city', 'tags']);
    expect(lines.find((l) => l.field === 'city')).toEqual({
      field: 'city',
      known: 'Oslo',
      incoming: 'Bergen',
      conflict: true,
      result: 'Oslo',
    });
    expect(lines.find((l) => l.field === 'phone')?.result).toBe('+4791234567');
    expect(lines.find((l) => l.field === 'tags')?.result).toBe('kunde, vip');
  });
});

describe('why a row is taken for someone known', () => {
  const t = (lang: keyof typeof catalogues) => {
    const words = mergeWords(catalogues, importWords)[lang];
    return (key: ImportKey, values?: Record<string, string | number>) => format(words[key], values);
  };
  const number = (n: number) => String(n);

  it('says how alike, whether safe to merge, and every reason in the core’s order', () => {
    const sure = { score: 0.995, reasons: [{ by: 'same_email' as const }, { by: 'similar_name' as const, score: 0.974 }], automatic: true };
    expect(likeness(sure, t('en'), number)).toBe('100 % alike, safe to merge: the same e-mail address, similar names (97 %)');
    const ask = {
      score: 0.62,
      reasons: [{ by: 'same_phone' as const }, { by: 'different_first_name' as const }, { by: 'different_address' as const }],
      automatic: false,
    };
    expect(likeness(ask, t('en'), number)).toBe('62 % alike: the same phone number, different first names, different addresses');
    for (const lang of ['nb', 'sv', 'da'] as const) {
      const words = likeness(ask, t(lang), number);
      expect(words).toMatch(/^62 % /);
      expect(words).not.toContain('match.reason');
    }
  });
});

describe("a row's outcome in words", () => {
  const words = mergeWords(catalogues, importWords);
  const t = (key: ImportKey, values?: Record<string, string | number>) => format(words.en[key], values);
  const date = (day: string) => `[${day}]`;

  it('names the day and the request of the erasure that keeps a row out, the day as dates are written', () => {
    expect(outcomeText({ action: 'erased', erased_on: '2026-03-01', request: 'R-0004' }, t, date)).toBe(
      'erased on [2026-03-01] (request R-0004): not imported',
    );
    expect(outcomeText({ action: 'erased', erased_on: '2026-03-01', request: null }, t, date)).toBe(
      'erased on [2026-03-01]: not imported',
    );
  });

  it('words the other outcomes as before', () => {
    expect(outcomeText({ action: 'new' }, t, date)).toBe('new');
    expect(outcomeText({ action: 'merge_into_row', file: 'a.csv', row: 7 }, t, date)).toBe('merged with row 7');
    expect(outcomeText({ action: 'skip' }, t, date)).toBe('left out');
  });
});
