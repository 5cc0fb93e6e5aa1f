// A pair side by side and the choices a merge takes: which record is kept (its id stays),
// and per field whose value wins. By default the kept record's value wins, and an empty one
// is filled from the other, as the core does; the merge sends only the fields where the
// other's value was chosen over a value the kept record has.
import type { DuplicatePair, MergeField, MergeRequest, PairPerson } from '../../lib/api';

export type Side = 'a' | 'b';

/** The fields a merge chooses between, in the order the view shows them. */
export const FIELDS: MergeField[] = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'title',
  'organisation',
  'status',
  'address',
  'postcode',
  'city',
  'country',
  'customer_number',
  'category',
  'language',
  'owner',
];

/** A field's value on one side, as text ('' when empty). */
export function valueOf(p: PairPerson, field: MergeField): string {
  const v = (p as unknown as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : '';
}

export function other(side: Side): Side {
  return side === 'a' ? 'b' : 'a';
}

/** Whether the two sides hold different values for a field. */
export function differs(pair: DuplicatePair, field: MergeField): boolean {
  return valueOf(pair.a, field) !== valueOf(pair.b, field);
}

/** Whose value wins per field when `keep` is kept and nothing else was chosen. */
export function defaults(pair: DuplicatePair, keep: Side): Record<MergeField, Side> {
  const out = {} as Record<MergeField, Side>;
  for (const f of FIELDS) {
    out[f] = valueOf(pair[keep], f) === '' && valueOf(pair[other(keep)], f) !== '' ? other(keep) : keep;
  }
  return out;
}

/** `duplicates.merge`'s arguments for the choices made. */
export function mergeRequest(pair: DuplicatePair, keep: Side, chosen: Record<MergeField, Side>): MergeRequest {
  const kept = pair[keep];
  const gone = pair[other(keep)];
  return {
    a: pair.a.id,
    b: pair.b.id,
    keep: kept.id,
    fields: FIELDS.filter(
      (f) => chosen[f] !== keep && valueOf(kept, f) !== '' && valueOf(kept, f) !== valueOf(gone, f),
    ),
  };
}

/** A person's name as a line shows it: their name, or their e-mail without one. */
export function nameOf(p: { first_name: string; last_name: string; email: string | null }): string {
  return `${p.first_name} ${p.last_name}`.trim() || (p.email ?? '');
}
