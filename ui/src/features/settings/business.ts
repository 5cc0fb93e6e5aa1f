// The business card's choices, kept apart from the markup so they can be tested.

/** Countries offered first: the core knows their supervisory authorities and bookkeeping
 * laws. Any other ISO code is still accepted by the core. */
export const COUNTRIES = ['NO', 'SE', 'DK', 'FI', 'IS', 'DE', 'NL', 'GB'] as const;

/** One entry per non-empty line, trimmed; the order kept, repeats dropped. */
export function linesOf(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const entry = line.trim();
    const key = entry.toLocaleLowerCase();
    if (entry && !seen.has(key)) {
      seen.add(key);
      out.push(entry);
    }
  }
  return out;
}

/** A country's name in the catalogue, or its code for one the catalogue does not name. */
export function isNamedCountry(code: string): code is (typeof COUNTRIES)[number] {
  return (COUNTRIES as readonly string[]).includes(code);
}
