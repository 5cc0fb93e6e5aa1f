import { describe, expect, it } from 'vitest';
import { PeopleChanges, goneIn, type PeopleChange } from './people-changes.svelte';

describe('changes to the register', () => {
  it('reach every listener once, and none after it stops listening', () => {
    const changes = new PeopleChanges();
    const first: PeopleChange[] = [];
    const second: PeopleChange[] = [];
    const stop = changes.listen((c) => first.push(c));
    changes.listen((c) => second.push(c));
    changes.tell({ kind: 'erased', people: ['p1'] });
    stop();
    changes.tell({ kind: 'deleted', people: ['p2'] });
    expect(first).toEqual([{ kind: 'erased', people: ['p1'] }]);
    expect(second.map((c) => c.people)).toEqual([['p1'], ['p2']]);
    expect(changes.version).toBe(2);
  });

  it('let a listener stop listening while it is told', () => {
    const changes = new PeopleChanges();
    const heard: string[] = [];
    const stop = changes.listen(() => {
      heard.push('first');
      stop();
    });
    changes.listen(() => heard.push('second'));
    changes.tell({ kind: 'changed', people: [] });
    changes.tell({ kind: 'changed', people: [] });
    expect(heard).toEqual(['first', 'second', 'second']);
  });

  it('take the erased, the deleted and the merged-away out, never the one a merge kept', () => {
    expect(goneIn({ kind: 'erased', people: ['a'] })).toEqual(['a']);
    expect(goneIn({ kind: 'deleted', people: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(goneIn({ kind: 'merged', people: ['b'], kept: 'a' })).toEqual(['b']);
    expect(goneIn({ kind: 'restored', people: ['a'] })).toEqual([]);
    expect(goneIn({ kind: 'changed', people: ['a'] })).toEqual([]);
  });
});
