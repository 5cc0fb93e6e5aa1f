import { describe, expect, it } from 'vitest';
import { hold } from './hold.svelte';

describe('holding the screen', () => {
  it('lasts until every holder lets go, and letting go twice counts once', () => {
    expect(hold.active).toBe(false);
    const first = hold.take();
    const second = hold.take();
    first();
    first();
    expect(hold.active).toBe(true);
    second();
    expect(hold.active).toBe(false);
  });
});
