// Audit events in plain words: kinds, subjects and details through the catalogue. An event
// kind or detail this version has no words for (written by a newer Lagom) is shown as stored.
import { i18n } from './i18n';

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

function word(value: string, t: Translate): string {
  const key = `audit.value.${value}`;
  return known(key) ? t(key) : value;
}

/** A key inside a detail's object ("request R-0001"): its own words where the value word
 * for the same text reads otherwise ("a request", the cause of a housekeeping step). */
function part(key: string, t: Translate): string {
  const own = `audit.part.${key}`;
  return known(own) ? t(own) : word(key, t);
}

function value(v: unknown, t: Translate, number: (n: number) => string): string {
  if (Array.isArray(v)) return v.map((x) => value(x, t, number)).join(', ');
  if (typeof v === 'boolean') return t(v ? 'audit.yes' : 'audit.no');
  if (typeof v === 'number') return number(v);
  if (typeof v === 'string') return word(v, t);
  if (v && typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) => `${part(k, t)} ${value(x, t, number)}`)
      .join(', ');
  }
  return '';
}

/** An event's details (field names, counts, reasons) as labelled parts; empty ones left out. */
export function detailParts(
  detail: unknown,
  t: Translate,
  number: (n: number) => string,
): { label: string; value: string }[] {
  if (typeof detail === 'string') return detail ? [{ label: '', value: detail }] : [];
  if (!detail || typeof detail !== 'object') return [];
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => {
      const key = `audit.detail.${k}`;
      return { label: known(key) ? t(key) : k, value: value(v, t, number) };
    })
    .filter((p) => p.value !== '');
}
