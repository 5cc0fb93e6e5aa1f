import { describe, expect, it } from 'vitest';
import type { Backend } from '../../lib/backend/backend';
import type { PeopleQuery, PersonSummary } from '../../lib/api';
import { PAGE, PeopleList } from './people.svelte';

const person = (n: number) => ({ id: `p${n}`, first_name: `Person${n}`, last_name: 'Hansen' }) as PersonSummary;

/** A register of `count` people whose `people.list` answers wait until the test lets them. */
class Register {
  people: PersonSummary[];
  waiting: (() => void)[] = [];
  hold = false;
  constructor(count: number) {
    this.people = Array.from({ length: count }, (_, i) => person(i));
  }
  backend(): Backend {
    return {
      call: async (command: string, args: PeopleQuery) => {
        if (command !== 'people.list') throw new Error(`unexpected ${command}`);
        if (this.hold) await new Promise<void>((go) => this.waiting.push(go));
        const offset = args.offset ?? 0;
        return { people: this.people.slice(offset, offset + (args.limit ?? PAGE)), total: this.people.length };
      },
    } as unknown as Backend;
  }
}

describe('the people list', () => {
  it('drops an erased person at once, before the register answers again', async () => {
    const register = new Register(3);
    const list = new PeopleList(register.backend());
    await list.search('');
    register.people = register.people.filter((p) => p.id !== 'p1');
    register.hold = true;
    const reading = list.drop(['p1']);
    expect(list.total).toBe(2);
    expect(list.rows.map((p) => p?.id)).toEqual(['p0', 'p2']);
    register.hold = false;
    register.waiting.forEach((go) => go());
    await reading;
    expect(list.rows.map((p) => p?.id)).toEqual(['p0', 'p2']);
    expect(list.total).toBe(2);
  });

  it('keeps rows not yet fetched as holes when someone further up leaves', async () => {
    const register = new Register(PAGE * 2);
    const list = new PeopleList(register.backend());
    await list.search('');
    expect(list.rows[PAGE]).toBeUndefined();
    register.hold = true;
    void list.drop(['p0', 'not-on-screen']);
    expect(list.total).toBe(PAGE * 2 - 1);
    expect(list.rows.length).toBe(PAGE * 2 - 1);
    expect(list.rows[0]?.id).toBe('p1');
    expect(list.rows[PAGE - 1]).toBeUndefined();
  });
});
