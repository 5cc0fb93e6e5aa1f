// A core error as a plain sentence, chosen by its code (never by its text), with the core's
// own words as the detail where the sentence has room for them.
import { BackendError } from './backend/backend';
import type { MessageKey } from './i18n/en';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The sentence for an error; a code this version has no words for reads as `internal`. */
export function errorText(error: unknown, t: Translate, has: (key: string) => boolean): string {
  const code = error instanceof BackendError ? error.code : 'internal';
  const key = has(`errors.${code}`) ? (`errors.${code}` as MessageKey) : 'errors.internal';
  const detail = (error instanceof Error ? error.message : String(error)).trim();
  const text = t(key, { detail });
  // A sentence that ends in its detail ends at the colon when there is none.
  return detail ? text : text.replace(/:\s*$/, '.');
}
