/** Tags as a person types them, comma-separated: trimmed, empty ones and repeats (in any
 * case) left out, the first spelling kept. The core checks and stores them. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (tag && !out.some((t) => t.toLowerCase() === tag.toLowerCase())) out.push(tag);
  }
  return out;
}
