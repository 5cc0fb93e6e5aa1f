// The housekeeping settings as a form: numbers as typed, the backup folder as text, each job
// on or off with its interval. The core checks every range when they are saved and names the
// field it refuses; here a value only has to be a whole number to be sent.
import type { HygieneSettings, Job } from '../../lib/api';
import { jobs } from '../../lib/hygiene';

export const numberFields = ['grace_days', 'bin_days', 'consent_max_age_months', 'backup_every_days'] as const;
export type NumberField = (typeof numberFields)[number];

export interface HousekeepingForm {
  numbers: Record<NumberField, string>;
  backupFolder: string;
  jobs: Record<Job, { enabled: boolean; every: string }>;
}

export function formOf(s: HygieneSettings): HousekeepingForm {
  return {
    numbers: {
      grace_days: String(s.grace_days),
      bin_days: String(s.bin_days),
      consent_max_age_months: String(s.consent_max_age_months),
      backup_every_days: String(s.backup_every_days),
    },
    backupFolder: s.backup_folder ?? '',
    jobs: Object.fromEntries(
      jobs.map((j) => {
        const schedule = s.jobs[j];
        return [j, { enabled: schedule?.enabled ?? true, every: schedule ? String(schedule.every_days) : '' }];
      }),
    ) as HousekeepingForm['jobs'],
  };
}

function whole(typed: string): number | null {
  const text = typed.trim();
  return /^\d{1,6}$/.test(text) ? Number(text) : null;
}

/** The fields that are not whole numbers (`every_days-<job>` for a job's interval). */
export function notWhole(form: HousekeepingForm): string[] {
  return [
    ...numberFields.filter((f) => whole(form.numbers[f]) === null),
    ...jobs.filter((j) => whole(form.jobs[j].every) === null).map((j) => `every_days-${j}`),
  ];
}

/** The settings to save (what the form does not show kept as they were), or null while a
 *  number is not a whole one. */
export function settingsOf(form: HousekeepingForm, was: HygieneSettings): HygieneSettings | null {
  if (notWhole(form).length > 0) return null;
  const n = (f: NumberField) => whole(form.numbers[f]) as number;
  const folder = form.backupFolder.trim();
  return {
    ...was,
    grace_days: n('grace_days'),
    bin_days: n('bin_days'),
    consent_max_age_months: n('consent_max_age_months'),
    backup_every_days: n('backup_every_days'),
    backup_folder: folder ? folder : null,
    jobs: Object.fromEntries(
      jobs.map((j) => [j, { enabled: form.jobs[j].enabled, every_days: whole(form.jobs[j].every) as number }]),
    ),
  };
}
