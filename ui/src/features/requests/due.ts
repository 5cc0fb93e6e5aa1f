// How a request's deadline reads, as a catalogue key and its values. The core decides the
// dates and the urgency; this only chooses the words.
import type { RequestLine } from './types';

export interface Words {
  key: 'requests.overdue' | 'requests.overdueOne' | 'requests.dueToday' | 'requests.dueTomorrow' | 'requests.daysLeft';
  values?: Record<string, number>;
}

export function deadlineWords(r: Pick<RequestLine, 'status' | 'days_left'>): Words | null {
  if (r.status !== 'open' || r.days_left === null) return null;
  const days = r.days_left;
  if (days < 0) return days === -1 ? { key: 'requests.overdueOne' } : { key: 'requests.overdue', values: { days: -days } };
  if (days === 0) return { key: 'requests.dueToday' };
  if (days === 1) return { key: 'requests.dueTomorrow' };
  return { key: 'requests.daysLeft', values: { days } };
}

/** "R-0007 · Kari Nordmann, Ola": who a request is about, an erased person by pseudonym. */
export function peopleOf(r: Pick<RequestLine, 'people'>, erased: string): string {
  return r.people.map((p) => p.name ?? `${erased} ${p.pseudonym ?? ''}`.trim()).join(', ');
}

const actionWords = ['created', 'identity_checked', 'extended', 'closed', 'rectified', 'bundle_exported', 'erased'] as const;

/** The catalogue key of an action on a request, or null for one this version has no words
 * for (shown as stored). */
export function actionKey(action: string): `requests.action.${(typeof actionWords)[number]}` | null {
  return (actionWords as readonly string[]).includes(action)
    ? (`requests.action.${action}` as `requests.action.${(typeof actionWords)[number]}`)
    : null;
}
