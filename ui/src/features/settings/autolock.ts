// How long the app waits before it locks itself. The core checks the minutes when they are
// saved; the app still guards the timer, so a missing or odd value never means "never".
import type { Settings } from '../../lib/api';

export const MIN_AUTO_LOCK_MINUTES = 1;
export const MAX_AUTO_LOCK_MINUTES = 240;
export const DEFAULT_AUTO_LOCK_MINUTES = 10;

/** Milliseconds of idleness before locking: the vault's setting, or the default until the
 *  settings are read, kept within the allowed range. */
export function autoLockDelay(settings: Pick<Settings, 'auto_lock_minutes'> | null): number {
  const minutes = settings?.auto_lock_minutes;
  const chosen =
    typeof minutes === 'number' && Number.isFinite(minutes)
      ? Math.min(MAX_AUTO_LOCK_MINUTES, Math.max(MIN_AUTO_LOCK_MINUTES, Math.round(minutes)))
      : DEFAULT_AUTO_LOCK_MINUTES;
  return chosen * 60_000;
}

/** Minutes typed into the settings form, or null when they are not a whole number in range. */
export function parseMinutes(text: string | number): number | null {
  const n = typeof text === 'number' ? text : Number(String(text).trim());
  if (String(text).trim() === '' || !Number.isInteger(n)) return null;
  return n >= MIN_AUTO_LOCK_MINUTES && n <= MAX_AUTO_LOCK_MINUTES ? n : null;
}
