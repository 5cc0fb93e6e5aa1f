// What changed in the register, told once to every screen that shows people. A person erased,
// moved to the recycle bin or merged into another leaves every list at once: the screen that
// did it tells `peopleChanges`, and each list that holds people (the people list, an
// organisation's people, the start screen, the duplicates queue, the requests) listens and
// drops them or reads again. No screen reloads another by hand.

/** Why people changed. `erased`, `deleted` and `merged` take them out of the lists (`people`
 *  are the ones gone; a merge's `kept` stays); `restored` and `changed` leave everyone in,
 *  but counts and shelves move. */
export type PeopleChange =
  | { kind: 'erased' | 'deleted'; people: string[] }
  | { kind: 'merged'; people: string[]; kept: string }
  | { kind: 'restored' | 'changed'; people: string[] };

export type Listener = (change: PeopleChange) => void;

/** The people a change takes out of the lists (none for a restore or an edit). */
export function goneIn(change: PeopleChange): string[] {
  return change.kind === 'restored' || change.kind === 'changed' ? [] : change.people;
}

export class PeopleChanges {
  /** One more for every change told: an `$effect` that reads it runs again after each. */
  version = $state(0);
  // Who listens is bookkeeping, not state anything is drawn from.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #listeners = new Set<Listener>();

  /** Tells every listener, in the order they started listening. */
  tell(change: PeopleChange): void {
    this.version += 1;
    for (const listener of [...this.#listeners]) listener(change);
  }

  /** Calls `listener` with every change from now on, until the returned function is called
   *  (an `$effect` returns it, so a screen stops listening when it closes). */
  listen(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}

/** The app's one channel. */
export const peopleChanges = new PeopleChanges();
