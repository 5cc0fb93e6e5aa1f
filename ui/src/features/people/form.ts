// A person's form as plain strings, and what it asks of the core: the fields of a new person,
// or a patch holding only what changed (tags as additions and removals).

import type { PersonCreateArgs, PersonFields, PersonPatch, PersonStatus, PersonView } from '../../lib/api';
import { BackendError } from '../../lib/backend/backend';
import { parseTags } from '../../lib/text/tags';

export interface PersonForm {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  title: string;
  organisation: string;
  status: PersonStatus;
  category: string;
  tags: string;
  address: string;
  postcode: string;
  city: string;
  country: string;
  customer_number: string;
  purpose: string;
}

/** The text fields a person's patch can carry as they are. */
export const TEXT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'title',
  'organisation',
  'address',
  'postcode',
  'city',
  'country',
  'customer_number',
] as const;

export function emptyForm(): PersonForm {
  return {
    first_name: '',
    last_name: '',
    email: '',
    phone: '',
    title: '',
    organisation: '',
    status: 'prospect',
    category: '',
    tags: '',
    address: '',
    postcode: '',
    city: '',
    country: '',
    customer_number: '',
    purpose: '',
  };
}

export function formOf(p: PersonView): PersonForm {
  return {
    first_name: p.first_name,
    last_name: p.last_name,
    email: p.email ?? '',
    phone: p.phone ?? '',
    title: p.title ?? '',
    organisation: p.organisation?.name ?? '',
    status: p.status,
    category: p.category ?? '',
    tags: p.tags.join(', '),
    address: p.address ?? '',
    postcode: p.postcode ?? '',
    city: p.city ?? '',
    country: p.country ?? '',
    customer_number: p.customer_number ?? '',
    purpose: '',
  };
}

const orNull = (v: string): string | null => (v.trim() ? v : null);

/** `person.create`'s arguments. */
export function newPerson(f: PersonForm): {
  fields: PersonFields;
  category?: string;
  provenance?: { purpose: string };
} {
  const fields: PersonFields = {
    first_name: f.first_name,
    last_name: f.last_name,
    email: orNull(f.email),
    phone: orNull(f.phone),
    title: orNull(f.title),
    organisation: orNull(f.organisation),
    status: f.status,
    tags: parseTags(f.tags),
    address: orNull(f.address),
    postcode: orNull(f.postcode),
    city: orNull(f.city),
    country: orNull(f.country),
    customer_number: orNull(f.customer_number),
  };
  return {
    fields,
    ...(f.category.trim() ? { category: f.category } : {}),
    ...(f.purpose ? { provenance: { purpose: f.purpose } } : {}),
  };
}

/** The core's words when it refused a new person because an earlier erasure covers them
 * (error code `erased`; they name the day and the request), else `null`. */
export function erasedEarlier(error: unknown): string | null {
  return error instanceof BackendError && error.code === 'erased' ? error.message.trim() : null;
}

/** `person.create`'s arguments to register someone an earlier erasure covers, because they
 * asked for it: the reason given (the core records it and lifts the suppression record), and
 * the owner's earlier "add anyway" when they had given it. `null` without a reason. */
export function registerAgain(f: PersonForm, reason: string, allowDuplicate: boolean): PersonCreateArgs | null {
  const why = reason.trim();
  if (!why) return null;
  return { ...newPerson(f), register_erased: why, ...(allowDuplicate ? { allow_duplicate: true } : {}) };
}

/** `person.update`'s patch: only what differs from `before`; empty when nothing does. */
export function patchFrom(before: PersonForm, after: PersonForm): PersonPatch {
  const patch: PersonPatch = {};
  for (const k of TEXT_FIELDS) {
    if (after[k].trim() !== before[k].trim()) patch[k] = after[k];
  }
  if (after.status !== before.status) patch.status = after.status;
  if (after.category.trim() !== before.category.trim()) patch.category = after.category;
  const old = parseTags(before.tags);
  const now = parseTags(after.tags);
  const has = (list: string[], t: string) => list.some((x) => x.toLowerCase() === t.toLowerCase());
  const add = now.filter((t) => !has(old, t));
  const remove = old.filter((t) => !has(now, t));
  if (add.length) patch.add_tags = add;
  if (remove.length) patch.remove_tags = remove;
  return patch;
}
