// The people list's state: everyone in pages fetched as they scroll into view, or the
// results of a search typed so far. Only what is on screen (plus a margin) is rendered.

import type { Backend } from '../../lib/backend/backend';
import type { PersonPage, PersonSummary } from '../../lib/api';

export const PAGE = 100;
export const SEARCH_LIMIT = 500;

export class PeopleList {
  query = $state('');
  total = $state(0);
  /** Whether more matched a search than were fetched. */
  more = $state(false);
  error = $state<unknown>(null);
  rows = $state<(PersonSummary | undefined)[]>([]);
  // Bookkeeping of pages on their way, not state anything is drawn from.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private pending = new Set<number>();
  private generation = 0;

  constructor(private readonly backend: Backend) {}

  /** Starts over with `query` (empty: everyone). Answers to older queries are dropped. */
  async search(query: string): Promise<void> {
    this.query = query;
    const generation = ++this.generation;
    this.pending.clear();
    this.error = null;
    try {
      if (query.trim()) {
        const page = await this.backend.call<PersonPage>('people.search', {
          query,
          limit: SEARCH_LIMIT,
        });
        if (generation !== this.generation) return;
        this.rows = page.people;
        this.total = page.people.length;
        this.more = page.total > page.people.length;
      } else {
        const page = await this.backend.call<PersonPage>('people.list', { limit: PAGE, offset: 0 });
        if (generation !== this.generation) return;
        const rows: (PersonSummary | undefined)[] = new Array(page.total);
        page.people.forEach((p, i) => (rows[i] = p));
        this.rows = rows;
        this.total = page.total;
        this.more = false;
      }
    } catch (e) {
      if (generation === this.generation) this.error = e;
    }
  }

  /** Makes sure rows `from..to` are fetched (listing only; a search has them all). */
  async ensure(from: number, to: number): Promise<void> {
    if (this.query.trim()) return;
    const generation = this.generation;
    for (let page = Math.floor(from / PAGE); page * PAGE < Math.min(to, this.total); page++) {
      const offset = page * PAGE;
      if (this.rows[offset] || this.pending.has(page)) continue;
      this.pending.add(page);
      try {
        const result = await this.backend.call<PersonPage>('people.list', { limit: PAGE, offset });
        if (generation !== this.generation) return;
        result.people.forEach((p, i) => (this.rows[offset + i] = p));
      } catch (e) {
        this.error = e;
      } finally {
        this.pending.delete(page);
      }
    }
  }
}
