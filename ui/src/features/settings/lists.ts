// Small conversions for the lists card.

/** A retention field's text → whole months, or null for "as long as the customer
 * relationship lasts" (empty). The core refuses what is not a positive number. */
export function monthsOrNull(text: string | number): number | null {
  const t = String(text).trim();
  return t === '' ? null : Number(t);
}
