// While something on screen must not be lost (a new secret key, shown only once), the app
// does not lock itself, leave the screen or let the window close without asking.

import { untrack } from 'svelte';

class Hold {
  private count = $state(0);

  get active(): boolean {
    return this.count > 0;
  }

  /** Holds the screen until the returned function is called. */
  take(): () => void {
    // Taken from inside an effect: counting must not make that effect depend on the count.
    untrack(() => (this.count += 1));
    let released = false;
    return () => {
      if (!released) untrack(() => (this.count -= 1));
      released = true;
    };
  }
}

export const hold = new Hold();
