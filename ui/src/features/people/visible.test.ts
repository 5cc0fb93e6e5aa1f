import { describe, expect, it } from 'vitest';
import { visibleRange } from './visible';

describe('the visible range', () => {
  it('covers the screen and a margin, within the list', () => {
    expect(visibleRange(0, 400, 40, 100_000)).toEqual({ from: 0, to: 21 });
    expect(visibleRange(40_000, 400, 40, 100_000)).toEqual({ from: 990, to: 1021 });
    expect(visibleRange(3_999_600, 400, 40, 100_000)).toEqual({ from: 99_980, to: 100_000 });
    expect(visibleRange(0, 400, 40, 3)).toEqual({ from: 0, to: 3 });
  });
});
