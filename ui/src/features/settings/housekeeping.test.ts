import { describe, expect, it } from 'vitest';
import type { HygieneSettings } from '../../lib/api';
import { formOf, notWhole, settingsOf } from './housekeeping';

const stored: HygieneSettings = {
  grace_days: 14,
  bin_days: 30,
  consent_max_age_months: 24,
  backup_every_days: 7,
  backup_folder: null,
  auto_merge: true,
  rules_reviewed: false,
  jobs: {
    integrity: { enabled: true, every_days: 7 },
    backup: { enabled: true, every_days: 1 },
    bin: { enabled: true, every_days: 1 },
    retention: { enabled: true, every_days: 1 },
    duplicates: { enabled: true, every_days: 7 },
    consent: { enabled: false, every_days: 7 },
    quality: { enabled: true, every_days: 7 },
    requests: { enabled: true, every_days: 1 },
    access: { enabled: true, every_days: 90 },
  },
};

describe('the housekeeping settings form', () => {
  it('gives back the settings it was made from, untouched', () => {
    expect(settingsOf(formOf(stored), stored)).toEqual(stored);
  });

  it('takes the typed values, an empty folder as none, and keeps what it does not show', () => {
    const form = formOf(stored);
    form.numbers.grace_days = ' 60 ';
    form.backupFolder = '  /media/usb/lagom  ';
    form.jobs.access = { enabled: false, every: '30' };
    const next = settingsOf(form, stored);
    expect(next?.grace_days).toBe(60);
    expect(next?.backup_folder).toBe('/media/usb/lagom');
    expect(next?.jobs.access).toEqual({ enabled: false, every_days: 30 });
    expect(next?.auto_merge).toBe(true);
    expect(next?.rules_reviewed).toBe(false);
    form.backupFolder = ' ';
    expect(settingsOf(form, stored)?.backup_folder).toBeNull();
  });

  it('sends nothing while a number is not a whole one, and names it; ranges are the core’s', () => {
    const form = formOf(stored);
    form.numbers.bin_days = 'a month';
    form.jobs.quality.every = '';
    expect(notWhole(form)).toEqual(['bin_days', 'every_days-quality']);
    expect(settingsOf(form, stored)).toBeNull();
    form.numbers.bin_days = '0';
    form.jobs.quality.every = '7';
    expect(settingsOf(form, stored)?.bin_days).toBe(0);
  });
});
