// The names of purposes, sources and subscription types as the reader sees them. A built-in
// one carries a key from the core and is named in the UI's language (the names are the core's,
// in the generated types); the owner's own, and a built-in one the owner renamed, carry none
// and are shown exactly as written. Views elsewhere name them by their stored name, which is
// unique in its list, so the lists read after unlock tell which stored name has which key.
import { BUILT_IN_NAMES, type BuiltIn, type Lists } from './api';
import type { Backend } from './backend/backend';
import { i18n, type Locale } from './i18n/index.svelte';

type Known = Record<BuiltIn, Record<string, string>>;

const known = $state<Known>({ purpose: {}, source: {}, subscription: {} });

/** A built-in row's name in a language, or null for a key this version does not know. */
export function builtInName(list: BuiltIn, key: string, locale: Locale): string | null {
  const names = (BUILT_IN_NAMES[list] as Record<string, Record<Locale, string>>)[key];
  return names ? names[locale] : null;
}

/** A stored name in a language, given its key (null: the owner's, shown as written). */
export function nameIn(list: BuiltIn, stored: string, key: string | null, locale: Locale): string {
  return (key && builtInName(list, key, locale)) || stored;
}

/** Remembers which stored names are built-in ones, from the lists as the core has them now. */
export function learnNames(lists: Lists): void {
  const keys = (rows: { name: string; key: string | null }[]) =>
    Object.fromEntries(rows.filter((r) => r.key).map((r) => [r.name, r.key as string]));
  known.purpose = keys(lists.purposes);
  known.source = keys(lists.sources);
  known.subscription = keys(lists.subscription_types);
}

/** Reads the lists (archived ones too: history names them) and remembers their keys. */
export async function loadNames(backend: Backend): Promise<void> {
  learnNames(await backend.call('lists.get', { archived: true }));
}

/** Forgets the names, as the vault locks. */
export function forgetNames(): void {
  known.purpose = {};
  known.source = {};
  known.subscription = {};
}

/** A purpose, source or subscription type by its stored name, in the UI's language. */
export function named(list: BuiltIn, stored: string): string {
  return nameIn(list, stored, known[list][stored] ?? null, i18n.locale);
}
