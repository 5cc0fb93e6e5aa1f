// Audit events in plain words: kinds, subjects and details through the catalogue. An event
// kind or detail this version has no words for (written by a newer Lagom) is shown as stored,
// its underscores as spaces. A purpose, source or subscription type the detail holds by id is
// shown by its name (the core sends the names with the event); any other id is left out, as
// the event's subject is named beside it and an id tells the reader nothing.
import { i18n } from './i18n';
import type { AuditName } from '../../lib/api';
import type { Locale } from '../../lib/i18n/index.svelte';
import { nameIn } from '../../lib/names.svelte';

/** A key of the audit log's words or lib's. */
export type AuditKey = Parameters<typeof i18n.t>[0];

type Translate = (key: AuditKey, values?: Record<string, string | number>) => string;

function known(key: string): key is AuditKey {
  return i18n.has(key);
}

/** The kind in plain words. */
export function kindLabel(kind: string, t: Translate): string {
  const key = `audit.kind.${kind}`;
  return known(key) ? t(key) : kind;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a detail's value is read with: the translator, numbers, the names of the ids. */
export type Reading = {
  t: Translate;
  number: (n: number) => string;
  named?: AuditName[];
  locale?: Locale;
};

/** A word the catalogue does not know: as stored, but a code's underscores read as spaces. */
function plain(text: string): string {
  return /^[a-z0-9]+(_[a-z0-9]+)+$/.test(text) ? text.replaceAll('_', ' ') : text;
}

function word(value: string, t: Translate): string {
  const key = `audit.value.${value}`;
  return known(key) ? t(key) : plain(value);
}

/** A key inside a detail's object ("request R-0001"): its own words where the value word
 * for the same text reads otherwise ("a request", the cause of a housekeeping step). */
function part(key: string, t: Translate): string {
  const own = `audit.part.${key}`;
  return known(own) ? t(own) : word(key, t);
}

function value(v: unknown, r: Reading): string {
  const { t, number } = r;
  if (Array.isArray(v)) return v.map((x) => value(x, r)).filter((x) => x !== '').join(', ');
  if (typeof v === 'boolean') return t(v ? 'audit.yes' : 'audit.no');
  if (typeof v === 'number') return number(v);
  if (typeof v === 'string') {
    if (!ID.test(v)) return word(v, t);
    const name = r.named?.find((n) => n.id === v);
    return name ? nameIn(name.list, name.name, name.key, r.locale ?? 'en') : '';
  }
  if (v && typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) => [part(k, t), value(x, r)])
      .filter(([, x]) => x !== '')
      .map(([k, x]) => `${k} ${x}`)
      .join(', ');
  }
  return '';
}

/** An event's details (field names, counts, reasons) as labelled parts; empty ones left out. */
export function detailParts(detail: unknown, r: Reading): { label: string; value: string }[] {
  if (typeof detail === 'string') return detail ? [{ label: '', value: detail }] : [];
  if (!detail || typeof detail !== 'object') return [];
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => {
      const key = `audit.detail.${k}`;
      return { label: known(key) ? r.t(key) : plain(k), value: value(v, r) };
    })
    .filter((p) => p.value !== '');
}

/** What an event is about when it is not a person, an organisation, the vault or an import:
 * a purpose, source or subscription type by its name, anything else by its kind in words. */
export function subjectWords(
  e: { subject_kind: string | null; subject_id: string | null; named: AuditName[] },
  t: Translate,
  locale: Locale,
): string {
  const name = e.named.find((n) => n.id === e.subject_id);
  if (name) return nameIn(name.list, name.name, name.key, locale);
  if (!e.subject_kind) return '';
  const key = `audit.subject.${e.subject_kind}`;
  return known(key) ? t(key) : plain(e.subject_kind);
}
