// How a request's deadline and people read, shared by the request register and the start
// screen: catalogue keys and their values. The core decides the dates and the urgency; this
// only chooses the words.
import type { RequestLine } from './api';

export interface DeadlineWords {
  key: 'requests.overdue' | 'requests.overdueOne' | 'requests.dueToday' | 'requests.dueTomorrow' | 'requests.daysLeft';
  values?: Record<string, number>;
}

export function deadlineWords(r: Pick<RequestLine, 'status' | 'days_left'>): DeadlineWords | null {
  if (r.status !== 'open' || r.days_left === null) return null;
  const days = r.days_left;
  if (days < 0) return days === -1 ? { key: 'requests.overdueOne' } : { key: 'requests.overdue', values: { days: -days } };
  if (days === 0) return { key: 'requests.dueToday' };
  if (days === 1) return { key: 'requests.dueTomorrow' };
  return { key: 'requests.daysLeft', values: { days } };
}

/** "Kari Nordmann, Ola": who a request is about, an erased person by pseudonym. */
export function peopleOf(r: Pick<RequestLine, 'people'>, erased: string): string {
  return r.people.map((p) => p.name ?? `${erased} ${p.pseudonym ?? ''}`.trim()).join(', ');
}
