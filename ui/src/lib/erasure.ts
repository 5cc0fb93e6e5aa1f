// The lines of an erasure's confirmation: what goes, in the words of the catalogue, leaving
// out what is not there.
import type { ErasureCounts } from './api';

type Key =
  | 'erase.notes'
  | 'erase.dealNotes'
  | 'erase.requestTexts'
  | 'erase.consents'
  | 'erase.subscriptions'
  | 'erase.tags'
  | 'erase.processing'
  | 'erase.deals'
  | 'erase.requests'
  | 'erase.importLog';

const lines: [keyof ErasureCounts, Key][] = [
  ['notes', 'erase.notes'],
  ['deal_notes', 'erase.dealNotes'],
  ['consents', 'erase.consents'],
  ['subscriptions', 'erase.subscriptions'],
  ['tags', 'erase.tags'],
  ['processing_records', 'erase.processing'],
  ['deals_detached', 'erase.deals'],
  ['requests_pseudonymised', 'erase.requests'],
  ['import_log_entries', 'erase.importLog'],
  ['request_texts_cleared', 'erase.requestTexts'],
];

export function erasureLines(counts: ErasureCounts): { key: Key; count: number }[] {
  return lines.filter(([field]) => counts[field] > 0).map(([field, key]) => ({ key, count: counts[field] }));
}
