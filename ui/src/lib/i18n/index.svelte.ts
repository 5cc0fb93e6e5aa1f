// The UI's words in English, Norsk bokmål, Svenska and Dansk, chosen from the system's
// languages and switchable; dates and numbers in the chosen language's format.

import { en, type MessageKey } from './en';
import { nb } from './nb';
import { sv } from './sv';
import { da } from './da';

export type Locale = 'en' | 'nb' | 'sv' | 'da';

export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, nb, sv, da };

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

const STORED = 'lagom.locale';

class I18n {
  locale = $state<Locale>('en');

  constructor() {
    const stored = globalThis.localStorage?.getItem(STORED) as Locale | null;
    this.locale =
      stored && stored in catalogues
        ? stored
        : pickLocale(globalThis.navigator?.languages ?? ['en']);
  }

  set(locale: Locale): void {
    this.locale = locale;
    globalThis.localStorage?.setItem(STORED, locale);
    if (globalThis.document) document.documentElement.lang = locale;
  }

  t = (key: MessageKey, values?: Record<string, string | number>): string =>
    format(catalogues[this.locale][key], values);

  number = (n: number): string => new Intl.NumberFormat(this.tag()).format(n);

  money = (amount: number, currency: string): string =>
    new Intl.NumberFormat(this.tag(), { style: 'currency', currency }).format(amount);

  dateTime = (iso: string): string =>
    new Intl.DateTimeFormat(this.tag(), { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );

  /** A calendar day (`YYYY-MM-DD`), the same day wherever the computer is. */
  date = (day: string): string =>
    new Intl.DateTimeFormat(this.tag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );

  /** A moment to the second, for records such as the audit log. */
  timestamp = (iso: string): string =>
    new Intl.DateTimeFormat(this.tag(), { dateStyle: 'medium', timeStyle: 'medium' }).format(
      new Date(iso),
    );

  private tag(): string {
    return this.locale === 'nb' ? 'nb-NO' : this.locale;
  }
}

export const i18n = new I18n();
