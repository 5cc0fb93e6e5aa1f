// The matcher's reasons (why two records may be one person) in words: shared by the screens
// that show likely duplicates, the review queue and the new-person form's warning.
import type { Reason } from './api';
import type { MessageKey } from './i18n/en';

const DIFFERENCES: Reason['by'][] = [
  'different_email',
  'different_phone',
  'different_address',
  'different_customer_number',
  'different_first_name',
  'different_last_name',
  'different_name',
  'different_organisation',
];

/** Whether a reason is a difference between the two (it speaks against them being one). */
export function isDifference(reason: Reason): boolean {
  return DIFFERENCES.includes(reason.by);
}

/** The catalogue key of a reason's words. */
export function reasonKey(reason: Reason): MessageKey {
  return `match.reason.${reason.by}` as MessageKey;
}

/** A score from 0 to 1 as a whole percentage. */
export function percent(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}
