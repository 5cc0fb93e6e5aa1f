// The fields a rectification can correct, and the patch of only those changed. Empty means
// "clear it" for the optional fields; the core checks every value.
import type { PersonView } from '../../lib/api';

export const rectifiable = ['first_name', 'last_name', 'email', 'phone', 'title', 'address', 'postcode', 'city', 'country'] as const;
export type Rectifiable = (typeof rectifiable)[number];

export function currentValues(p: PersonView): Record<Rectifiable, string> {
  return Object.fromEntries(rectifiable.map((f) => [f, p[f] ?? ''])) as Record<Rectifiable, string>;
}

export function rectifyPatch(before: Record<Rectifiable, string>, after: Record<Rectifiable, string>): Partial<Record<Rectifiable, string>> {
  const patch: Partial<Record<Rectifiable, string>> = {};
  for (const f of rectifiable) {
    if (after[f].trim() !== before[f].trim()) patch[f] = after[f].trim();
  }
  return patch;
}
