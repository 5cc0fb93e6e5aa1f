import { describe, expect, it } from 'vitest';
import { autoLockDelay, parseMinutes } from './autolock';
import { canChange, passwordProblem } from './password';

describe('the auto-lock timer', () => {
  it('waits the minutes stored in the vault', () => {
    expect(autoLockDelay({ auto_lock_minutes: 25 })).toBe(25 * 60_000);
  });
  it('waits the default ten minutes until the settings are read', () => {
    expect(autoLockDelay(null)).toBe(10 * 60_000);
  });
  it('never waits forever nor less than a minute', () => {
    expect(autoLockDelay({ auto_lock_minutes: 0 })).toBe(60_000);
    expect(autoLockDelay({ auto_lock_minutes: 100_000 })).toBe(240 * 60_000);
    expect(autoLockDelay({ auto_lock_minutes: Number.NaN })).toBe(10 * 60_000);
  });
});

describe('minutes typed into the form', () => {
  it('takes whole minutes from 1 to 240', () => {
    expect(parseMinutes('1')).toBe(1);
    expect(parseMinutes(' 240 ')).toBe(240);
    expect(parseMinutes(30)).toBe(30);
  });
  it('refuses anything else', () => {
    for (const bad of ['', '0', '241', '2.5', 'ten', '-5']) expect(parseMinutes(bad), bad).toBeNull();
  });
});

describe('a new password as typed', () => {
  it('needs ten characters, counting letters rather than bytes', () => {
    expect(passwordProblem('old password', 'short', '')).toBe('tooShort');
    expect(passwordProblem('old password', 'æøåæøåæøåæ', '')).toBeNull();
  });
  it('needs the same password twice', () => {
    expect(passwordProblem('old password', 'fjord-kanel-91', 'fjord-kanel-19')).toBe('mismatch');
    expect(passwordProblem('old password', 'fjord-kanel-91', '')).toBeNull();
  });
  it('must differ from the current one', () => {
    expect(passwordProblem('fjord-kanel-91', 'fjord-kanel-91', 'fjord-kanel-91')).toBe('same');
  });
  it('may be sent only when complete and sound', () => {
    expect(canChange('old password', 'fjord-kanel-91', 'fjord-kanel-91')).toBe(true);
    expect(canChange('', 'fjord-kanel-91', 'fjord-kanel-91')).toBe(false);
    expect(canChange('old password', 'fjord-kanel-91', '')).toBe(false);
  });
});
