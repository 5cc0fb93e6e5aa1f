import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendError } from '../../lib/backend/backend';
import type { RunReport } from '../../lib/api';
import { EVERY_MS, Housekeeping } from './housekeeping.svelte';

function report(trigger: RunReport['trigger']): RunReport {
  return { id: 'r1', dry_run: false, trigger, started_at: '2026-03-02T08:00:00Z', finished_at: '2026-03-02T08:00:01Z', jobs: [] };
}

/** A backend whose `hygiene.run` answers when told to. */
function backend() {
  const calls: unknown[] = [];
  let answer: (r: RunReport) => void = () => undefined;
  let refuse: (e: unknown) => void = () => undefined;
  const call = vi.fn((command: string, args: unknown) => {
    calls.push([command, args]);
    return new Promise<RunReport>((resolve, reject) => {
      answer = resolve;
      refuse = reject;
    });
  });
  return { call, calls, answer: (r: RunReport) => answer(r), refuse: (e: unknown) => refuse(e) };
}

describe('housekeeping as the app runs it', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the due jobs at unlock and every job when asked by hand', async () => {
    const b = backend();
    const h = new Housekeeping(b as never);
    const unlock = h.run('unlock');
    expect(h.running).toBe(true);
    b.answer(report('unlock'));
    expect(await unlock).toEqual(report('unlock'));
    expect(h.running).toBe(false);
    expect(h.report?.trigger).toBe('unlock');
    const manual = h.run('manual');
    b.answer(report('manual'));
    await manual;
    expect(b.calls).toEqual([
      ['hygiene.run', { trigger: 'unlock' }],
      ['hygiene.run', { trigger: 'manual', all: true }],
    ]);
    expect(h.ended).toBe(2);
  });

  it('starts no second run while one is under way', async () => {
    const b = backend();
    const h = new Housekeeping(b as never);
    const first = h.run('unlock');
    expect(await h.run('manual')).toBeNull();
    b.answer(report('unlock'));
    await first;
    expect(b.call).toHaveBeenCalledTimes(1);
  });

  it('keeps why a run failed, and clears it at the next run', async () => {
    const b = backend();
    const h = new Housekeeping(b as never);
    const failing = h.run('timer');
    b.refuse(new BackendError('corrupt', 'the audit trail is damaged'));
    expect(await failing).toBeNull();
    expect(h.error).toBeInstanceOf(BackendError);
    expect(h.running).toBe(false);
    const next = h.run('manual');
    expect(h.error).toBeNull();
    b.answer(report('manual'));
    await next;
  });

  it('asks for a timer run every three hours until stopped', async () => {
    const b = backend();
    const h = new Housekeeping(b as never);
    const stop = h.every();
    vi.advanceTimersByTime(EVERY_MS - 1);
    expect(b.call).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(b.calls).toEqual([['hygiene.run', { trigger: 'timer' }]]);
    b.answer(report('timer'));
    await vi.runOnlyPendingTimersAsync();
    stop();
    vi.advanceTimersByTime(EVERY_MS * 3);
    expect(b.call).toHaveBeenCalledTimes(2);
  });
});
