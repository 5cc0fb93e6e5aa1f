import { describe, expect, it } from 'vitest';
import { erasureLines } from './erasure';

describe('erasure lines', () => {
  it('lists only what is there, in a fixed order', () => {
    const counts = {
      notes: 2,
      deal_notes: 1,
      consents: 0,
      subscriptions: 1,
      tags: 0,
      processing_records: 1,
      deals_detached: 0,
      requests_pseudonymised: 1,
      import_log_entries: 0,
      request_texts_cleared: 0,
      invoices_kept: 1,
      invoices_deleted: 0,
    };
    expect(erasureLines(counts)).toEqual([
      { key: 'erase.notes', count: 2 },
      { key: 'erase.dealNotes', count: 1 },
      { key: 'erase.subscriptions', count: 1 },
      { key: 'erase.processing', count: 1 },
      { key: 'erase.requests', count: 1 },
    ]);
  });
});
