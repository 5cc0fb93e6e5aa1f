import { describe, expect, it } from 'vitest';
import { BackendError } from './backend/backend';
import { errorText } from './errors';
import { catalogues, format } from './i18n/index.svelte';
import type { MessageKey } from './i18n/en';

const text = (error: unknown, locale: 'en' | 'nb' = 'en') =>
  errorText(
    error,
    (key: MessageKey, values?: Record<string, string | number>) => format(catalogues[locale][key], values),
    (key) => Object.hasOwn(catalogues.en, key),
  );

describe('an error in words', () => {
  it('shows damage with what the core found, so the audit trail reaches the owner', () => {
    const damaged = new BackendError('corrupt', 'the audit trail is damaged: the record of the newest event was deleted');
    expect(text(damaged)).toBe(
      'The vault is damaged or has been tampered with, so nothing was changed: the audit trail is damaged: the record of the newest event was deleted',
    );
    expect(text(damaged, 'nb')).toContain('så ingenting ble endret: the audit trail is damaged');
  });
  it('ends the sentence at the colon when the core gave no detail', () => {
    expect(text(new BackendError('corrupt', ' '))).toBe(
      'The vault is damaged or has been tampered with, so nothing was changed.',
    );
  });
  it('asks for another name when a file exists and cannot be replaced', () => {
    expect(text(new BackendError('exists', '/home/kari/x.zip already exists'))).toBe(
      'A file or folder with that name already exists, and nothing was replaced. Choose another name.',
    );
  });
  it("says why an erased person was not added, with the core's own words for the day and the request", () => {
    const erased = new BackendError(
      'erased',
      'this person was erased on 2026-03-01 (request R-0001): an earlier erasure covers their e-mail address or phone number.',
    );
    expect(text(erased)).toBe(
      'Not added, because an earlier erasure covers this person: this person was erased on 2026-03-01 (request R-0001): an earlier erasure covers their e-mail address or phone number.',
    );
    expect(text(erased, 'nb')).toContain('Ikke lagt inn, fordi en tidligere sletting gjelder denne personen: this person was erased on 2026-03-01');
  });
  it('reads anything else as something gone wrong inside Lagom', () => {
    expect(text(new Error('boom'))).toBe('Something went wrong inside Lagom: boom');
    expect(text(new BackendError('teapot' as 'io', 'short and stout'))).toBe(
      'Something went wrong inside Lagom: short and stout',
    );
  });
});
