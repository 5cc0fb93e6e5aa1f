// The people list's filter bar as plain data, and the `people.list` arguments it stands for.
// Empty choices are left out of the arguments, so the core sees only real filters. Which
// shelf the list shows (in use, archived, both) goes with them, and stays when filters clear.

import type { Language, PeopleQuery, PeopleSort, PeopleView, PersonStatus } from '../../lib/api';

export interface FilterState {
  tag: string;
  category: string;
  owner: string;
  status: PersonStatus | '';
  source: string;
  sort: PeopleSort;
  descending: boolean;
  view: PeopleView;
}

export function noFilters(): FilterState {
  return { tag: '', category: '', owner: '', status: '', source: '', sort: 'name', descending: false, view: 'active' };
}

/** Whether any filter (not the order) narrows the list. */
export function isFiltered(f: FilterState): boolean {
  return Boolean(f.tag || f.category || f.owner || f.status || f.source);
}

/** The filters without any narrowing, keeping the order and the shelf chosen. */
export function cleared(f: FilterState): FilterState {
  return { ...noFilters(), sort: f.sort, descending: f.descending, view: f.view };
}

/** The `people.list` arguments; names are ordered in `language`'s alphabet (the reader's). */
export function queryArgs(
  f: FilterState,
  search: string,
  limit: number,
  offset: number,
  language?: Language,
): PeopleQuery {
  const q: PeopleQuery = { limit, offset };
  if (language) q.language = language;
  const text = search.trim();
  if (text) q.search = text;
  if (f.tag) q.tag = f.tag;
  if (f.category) q.category = f.category;
  if (f.owner) q.owner = f.owner;
  if (f.status) q.status = f.status;
  if (f.source) q.source = f.source;
  if (f.sort !== 'name') q.sort = f.sort;
  if (f.descending) q.descending = true;
  if (f.view !== 'active') q.view = f.view;
  return q;
}
