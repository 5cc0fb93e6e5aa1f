// An organisation's form as plain strings, and what it asks of the core: the fields of a new
// organisation, or a patch holding only what changed.

import type { OrganisationView } from '../../lib/api';
import { parseTags } from '../../lib/text/tags';

export const FIELDS = [
  'name',
  'org_number',
  'email',
  'phone',
  'website',
  'address',
  'postcode',
  'city',
  'country',
  'category',
] as const;

export type Field = (typeof FIELDS)[number];
export type OrganisationForm = Record<Field, string> & { tags: string };

export function emptyForm(): OrganisationForm {
  return {
    name: '',
    org_number: '',
    email: '',
    phone: '',
    website: '',
    address: '',
    postcode: '',
    city: '',
    country: '',
    category: '',
    tags: '',
  };
}

export function formOf(o: OrganisationView): OrganisationForm {
  const f = emptyForm();
  for (const k of FIELDS) f[k] = o[k] ?? '';
  f.tags = o.tags.join(', ');
  return f;
}


/** `organisation.create`'s arguments: empty fields left out. */
export function newOrganisation(f: OrganisationForm): Record<string, unknown> {
  const out: Record<string, unknown> = { name: f.name };
  for (const k of FIELDS) if (k !== 'name' && f[k].trim()) out[k] = f[k];
  const tags = parseTags(f.tags);
  if (tags.length) out.tags = tags;
  return out;
}

/** `organisation.update`'s patch: only what differs; `""` clears a field; tags as a new set. */
export function patchFrom(before: OrganisationForm, after: OrganisationForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const k of FIELDS) if (after[k].trim() !== before[k].trim()) patch[k] = after[k];
  const old = parseTags(before.tags);
  const now = parseTags(after.tags);
  if (old.join('\n').toLowerCase() !== now.join('\n').toLowerCase() || old.length !== now.length) {
    patch.tags = now;
  }
  return patch;
}
