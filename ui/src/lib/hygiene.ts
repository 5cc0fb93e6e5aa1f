// Housekeeping's jobs and retention's steps in the order the screens list them (the core's
// own order: jobs as a run does them, steps mildest first). The start screen and the settings
// both name them, so their words are lib's.
import type { Job, RetentionAction } from './api';

export const jobs = [
  'integrity',
  'backup',
  'bin',
  'retention',
  'duplicates',
  'consent',
  'quality',
  'requests',
  'access',
] as const satisfies readonly Job[];

export const actions = ['review', 'archive', 'anonymise', 'erase'] as const satisfies readonly RetentionAction[];

/** The catalogue key naming a job. */
export function jobKey(job: Job): `hygiene.job.${Job}` {
  return `hygiene.job.${job}`;
}

/** The catalogue key naming a retention step. */
export function actionKey(action: RetentionAction): `hygiene.action.${RetentionAction}` {
  return `hygiene.action.${action}`;
}
