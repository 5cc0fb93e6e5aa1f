import { describe, expect, it } from 'vitest';
import { deadlineWords, peopleOf } from './requests';

describe('deadline words', () => {
  it('says overdue, today, tomorrow or days left for open requests only', () => {
    expect(deadlineWords({ status: 'open', days_left: -3 })).toEqual({ key: 'requests.overdue', values: { days: 3 } });
    expect(deadlineWords({ status: 'open', days_left: -1 })).toEqual({ key: 'requests.overdueOne' });
    expect(deadlineWords({ status: 'open', days_left: 0 })).toEqual({ key: 'requests.dueToday' });
    expect(deadlineWords({ status: 'open', days_left: 1 })).toEqual({ key: 'requests.dueTomorrow' });
    expect(deadlineWords({ status: 'open', days_left: 12 })).toEqual({ key: 'requests.daysLeft', values: { days: 12 } });
    expect(deadlineWords({ status: 'done', days_left: null })).toBeNull();
  });

  it('names an erased person by their pseudonym', () => {
    const people = [
      { id: '1', name: 'Kari Nordmann', pseudonym: null },
      { id: '2', name: null, pseudonym: 'ERASED-7K3F9Q' },
    ];
    expect(peopleOf({ people }, 'Erased person')).toBe('Kari Nordmann, Erased person ERASED-7K3F9Q');
  });
});
