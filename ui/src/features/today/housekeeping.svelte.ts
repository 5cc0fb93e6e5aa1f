// Housekeeping as the app runs it: once right after the vault is unlocked, then on a timer
// every few hours while it stays open (the core decides which jobs are due, and nothing can
// run while the vault is locked: it is encrypted). The owner can also run every job now.
// One run at a time; whoever shows progress or a report reads it from here.

import type { Backend } from '../../lib/backend/backend';
import type { RunReport, RunTrigger } from '../../lib/api';

/** How often the timer asks for a run while the vault stays open. */
export const EVERY_MS = 3 * 60 * 60 * 1000;

export class Housekeeping {
  /** Whether a run is under way. */
  running = $state(false);
  /** The report of the last run this window asked for (with people's names). */
  report = $state<RunReport | null>(null);
  /** Why the last run this window asked for failed, if it did. */
  error = $state<unknown>(null);
  /** How many runs have ended here: screens that show what housekeeping found read again
   *  when it changes. */
  ended = $state(0);

  constructor(private readonly backend: Pick<Backend, 'call'>) {}

  /**
   * Runs housekeeping. `unlock` and `timer` runs do the jobs that are due; a `manual` run
   * does every job that is on. A run asked for while one is under way is not started (the
   * answer is null), nor is anything shown for it.
   */
  async run(trigger: RunTrigger): Promise<RunReport | null> {
    if (this.running) return null;
    this.running = true;
    this.error = null;
    try {
      const args = trigger === 'manual' ? { trigger, all: true } : { trigger };
      const report = await this.backend.call('hygiene.run', args);
      this.report = report;
      return report;
    } catch (e) {
      this.error = e;
      return null;
    } finally {
      this.running = false;
      this.ended += 1;
    }
  }

  /** Starts the timer; the function it returns stops it (on lock). */
  every(ms: number = EVERY_MS): () => void {
    const timer = setInterval(() => void this.run('timer'), ms);
    return () => clearInterval(timer);
  }

  /** Forgets the last run's report and error (the vault was locked). */
  forget(): void {
    this.report = null;
    this.error = null;
  }
}
