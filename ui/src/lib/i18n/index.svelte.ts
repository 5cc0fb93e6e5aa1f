// The UI's words in English, Norsk bokmål, Svenska and Dansk, chosen from the system's
// languages and switchable; dates and numbers in the chosen language's format.
//
// `lib` holds the words it needs itself and those several features share. A feature keeps its
// own words next to it and gets a translator for both with `i18n.with(words)`, so lib never
// imports a feature and a feature can only name its own keys and lib's. The app's composition
// root merges every feature's words for the screens that frame them.

import { en, type MessageKey } from './en';
import { nb } from './nb';
import { sv } from './sv';
import { da } from './da';

export type Locale = 'en' | 'nb' | 'sv' | 'da';

/** A catalogue in every language; English names the keys and every other language has each. */
export type Words<K extends string> = { en: Record<K, string> } & {
  [L in Exclude<Locale, 'en'>]: Record<NoInfer<K>, string>;
};

export const catalogues: Words<MessageKey> = { en, nb, sv, da };

export const localeNames: Record<Locale, string> = {
  en: 'English',
  nb: 'Norsk bokmål',
  sv: 'Svenska',
  da: 'Dansk',
};

/** The first of the system's languages we speak; Norwegian in any form is bokmål. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'nb' || base === 'no' || base === 'nn') return 'nb';
    if (base === 'sv' || base === 'da' || base === 'en') return base;
  }
  return 'en';
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** Words in two sets of catalogues, the second taking no key from the first. */
export function mergeWords<A extends string, B extends string>(
  a: Words<A>,
  b: Words<B>,
): Words<A | B> {
  return {
    en: { ...a.en, ...b.en },
    nb: { ...a.nb, ...b.nb },
    sv: { ...a.sv, ...b.sv },
    da: { ...a.da, ...b.da },
  } as Words<A | B>;
}

/**
 * What is wrong with a set of catalogues: a key missing from a language or only in it, an empty
 * message, a placeholder lost or added. Empty when all is well; the tests keep it so.
 */
export function catalogueProblems<K extends string>(words: Words<K>): string[] {
  const problems: string[] = [];
  const placeholders = (s: string) =>
    [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  const keys = Object.keys(words.en) as K[];
  for (const locale of Object.keys(localeNames) as Locale[]) {
    const catalogue = words[locale] as Record<string, string | undefined>;
    for (const key of keys) {
      const text = catalogue[key];
      if (text === undefined) problems.push(`${locale}: ${key} is missing`);
      else if (text.trim() === '') problems.push(`${locale}: ${key} is empty`);
      else if (placeholders(text) !== placeholders(words.en[key]))
        problems.push(`${locale}: ${key} does not keep the placeholders of en`);
    }
    for (const key of Object.keys(catalogue)) {
      if (!Object.hasOwn(words.en, key)) problems.push(`${locale}: ${key} is not in en`);
    }
  }
  return problems;
}

const STORED = 'lagom.locale';

function isLocale(value: string | null | undefined): value is Locale {
  return !!value && Object.hasOwn(localeNames, value);
}

/** The chosen language, one for the whole UI whichever translator reads it. */
const chosen = $state<{ locale: Locale }>({
  locale: (() => {
    const stored = globalThis.localStorage?.getItem(STORED);
    return isLocale(stored) ? stored : pickLocale(globalThis.navigator?.languages ?? ['en']);
  })(),
});

export class I18n<K extends string> {
  readonly #words: Words<K>;

  constructor(words: Words<K>) {
    this.#words = words;
  }

  get locale(): Locale {
    return chosen.locale;
  }

  set(locale: Locale): void {
    chosen.locale = locale;
    globalThis.localStorage?.setItem(STORED, locale);
    if (globalThis.document) document.documentElement.lang = locale;
  }

  /** A translator for these words and a feature's own. */
  with<F extends string>(words: Words<F>): I18n<K | F> {
    return new I18n(mergeWords(this.#words, words));
  }

  t = (key: K, values?: Record<string, string | number>): string =>
    format(this.#words[chosen.locale][key], values);

  /** Whether these words have the key: for keys that come from the core, such as event kinds. */
  has = (key: string): key is K => Object.hasOwn(this.#words.en, key);

  number = (n: number): string => new Intl.NumberFormat(this.tag()).format(n);

  money = (amount: number, currency: string): string =>
    new Intl.NumberFormat(this.tag(), { style: 'currency', currency }).format(amount);

  dateTime = (iso: string): string =>
    new Intl.DateTimeFormat(this.tag(), { dateStyle: 'medium', timeStyle: 'short' }).format(
      Date.parse(iso),
    );

  /** When someone did something that may have been recorded as a day only (a consent signed
   * "on 3 March" is kept as the start of that day here): the day alone at midnight to the
   * second, so that no invented "00:00" is shown; the day and time otherwise. */
  occurred = (iso: string): string => {
    const at = Date.parse(iso);
    const local = new Intl.DateTimeFormat('en-GB', { timeStyle: 'medium', hourCycle: 'h23' }).format(at);
    return local === '00:00:00'
      ? new Intl.DateTimeFormat(this.tag(), { dateStyle: 'medium' }).format(at)
      : this.dateTime(iso);
  };

  /** A calendar day (`YYYY-MM-DD`), the same day wherever the computer is. */
  date = (day: string): string =>
    new Intl.DateTimeFormat(this.tag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
      Date.parse(`${day}T00:00:00Z`),
    );

  /** A moment to the second, for records such as the audit log. */
  timestamp = (iso: string): string =>
    new Intl.DateTimeFormat(this.tag(), { dateStyle: 'medium', timeStyle: 'medium' }).format(
      Date.parse(iso),
    );

  /** The locale dates and numbers are written in. English is written the British way (5 Dec
   * 2026, 14:30): day before month and a 24-hour clock, as the Nordic reader expects, not
   * the American month first and AM/PM. */
  private tag(): string {
    return { en: 'en-GB', nb: 'nb-NO', sv: 'sv-SE', da: 'da-DK' }[chosen.locale];
  }
}

/** lib's words: the app's frame, people, organisations, the vault, errors and shared words. */
export const i18n = new I18n<MessageKey>(catalogues);
