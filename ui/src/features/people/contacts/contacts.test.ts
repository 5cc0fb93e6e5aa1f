import { describe, expect, it } from 'vitest';
import type { ContactPoint } from '../../../lib/api';
import { byChannel, canAdd, emptyDraft, fieldOf, newContact } from './contacts';

const point = (p: Partial<ContactPoint>): ContactPoint => ({
  id: 'c',
  channel: 'email',
  value: 'x@example.no',
  display: 'x@example.no',
  kind: 'other',
  primary: false,
  ...p,
});

describe("the card's new address or number", () => {
  it('sends the value trimmed, with its kind, and asks for primary only when ticked', () => {
    const d = { ...emptyDraft(), value: '  anna@firma.se ', kind: 'work' as const };
    expect(newContact(d)).toEqual({ channel: 'email', value: 'anna@firma.se', kind: 'work' });
    expect(newContact({ ...d, primary: true })).toEqual({ channel: 'email', value: 'anna@firma.se', kind: 'work', primary: true });
  });

  it('starts empty, as other, not primary, and has nothing to send until a value is typed', () => {
    const d = emptyDraft('phone');
    expect(d).toEqual({ channel: 'phone', value: '', kind: 'other', primary: false });
    expect(canAdd(d)).toBe(false);
    expect(canAdd({ ...d, value: '   ' })).toBe(false);
    expect(canAdd({ ...d, value: '070-123 45 67' })).toBe(true);
  });

  it("expects the core's refusal to name the channel's field", () => {
    expect(fieldOf('email')).toBe('email');
    expect(fieldOf('phone')).toBe('phone');
  });
});

describe("a person's addresses and numbers on the card", () => {
  it("keep the core's order within each channel, e-mail first, empty channels left out", () => {
    const a = point({ id: 'a', primary: true });
    const b = point({ id: 'b' });
    const p = point({ id: 'p', channel: 'phone', primary: true });
    expect(byChannel([a, b, p])).toEqual([
      { channel: 'email', points: [a, b] },
      { channel: 'phone', points: [p] },
    ]);
    expect(byChannel([p])).toEqual([{ channel: 'phone', points: [p] }]);
    expect(byChannel([])).toEqual([]);
  });
});
