// The people list's state: the people who match the typed search and the filter bar, in the
// order chosen, fetched a page at a time as they scroll into view. Only what is on screen
// (plus a margin) is rendered.

import type { Backend } from '../../lib/backend/backend';
import type { Language, PersonSummary } from '../../lib/api';
import { noFilters, queryArgs, type FilterState } from './filters';

export const PAGE = 100;

export class PeopleList {
  query = $state('');
  /** The search whose answer is on screen (it lags `query` while the answer is on its way). */
  shown = $state<string | null>(null);
  filters = $state<FilterState>(noFilters());
  total = $state(0);
  error = $state<unknown>(null);
  rows = $state<(PersonSummary | undefined)[]>([]);
  // Bookkeeping of pages on their way, not state anything is drawn from.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private pending = new Set<number>();
  private generation = 0;

  /** `language` tells the reader's language, whose alphabet orders the names. */
  constructor(
    private readonly backend: Backend,
    private readonly language: () => Language | undefined = () => undefined,
  ) {}

  /** Starts over with `query` and `filters` (by default the ones in force). Answers to older
   *  lists are dropped. */
  async search(query: string, filters: FilterState = this.filters): Promise<void> {
    this.query = query;
    this.filters = filters;
    const generation = ++this.generation;
    this.pending.clear();
    this.error = null;
    try {
      const page = await this.backend.call('people.list', queryArgs(filters, query, PAGE, 0, this.language()));
      if (generation !== this.generation) return;
      const rows: (PersonSummary | undefined)[] = new Array(page.total);
      page.people.forEach((p, i) => (rows[i] = p));
      this.rows = rows;
      this.total = page.total;
      this.shown = query;
    } catch (e) {
      if (generation === this.generation) this.error = e;
    }
  }

  /** Fetches the same list again (after a change), keeping what is on screen until it arrives. */
  refresh(): Promise<void> {
    return this.search(this.query, this.filters);
  }

  /** Takes people out of the rows on screen at once (they were erased, deleted or merged
   *  away), then reads the list again: the rows below move up when the answer comes. */
  drop(people: readonly string[]): Promise<void> {
    // A lookup for this call only, nothing drawn from it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const gone = new Set(people);
    // The rows are sparse (pages not yet fetched are holes): walk by index so a hole stays a
    // hole instead of being skipped.
    const kept: (PersonSummary | undefined)[] = [];
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i];
      if (row && gone.has(row.id)) continue;
      kept.push(row);
    }
    this.total = Math.max(0, this.total - (this.rows.length - kept.length));
    this.rows = kept;
    return this.refresh();
  }

  /** Makes sure rows `from..to` are fetched. */
  async ensure(from: number, to: number): Promise<void> {
    const generation = this.generation;
    for (let page = Math.floor(from / PAGE); page * PAGE < Math.min(to, this.total); page++) {
      const offset = page * PAGE;
      if (this.rows[offset] || this.pending.has(page)) continue;
      this.pending.add(page);
      try {
        const result = await this.backend.call(
          'people.list',
          queryArgs(this.filters, this.query, PAGE, offset, this.language()),
        );
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
