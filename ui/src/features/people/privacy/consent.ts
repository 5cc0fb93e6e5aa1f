// How a consent reads on a card: one of a few plain states, decided by the core's `valid`,
// `state` and `expired`; and what can be done with it next.
import type { ConsentView as Consent } from '../../../lib/api';

export type Standing = 'valid' | 'pending' | 'expired' | 'withdrawn';

export function standing(c: Pick<Consent, 'valid' | 'state' | 'expired'>): Standing {
  if (c.valid) return 'valid';
  if (c.state === 'pending') return c.expired ? 'expired' : 'pending';
  return 'withdrawn';
}
