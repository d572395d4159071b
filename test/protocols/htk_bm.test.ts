import { describe, expect, it } from 'vitest';
import { htkBmMode } from '../../protocols/htk_bm.ts';

describe('htk_bm mode byte', () => {
  it.each([
    [0, 0, 15],
    [1, 0, 12],
    [0, 1, 13],
    [1, 1, 11],
  ])('left %i, right %i → %i', (left, right, mode) => {
    expect(htkBmMode(left, right)).toBe(mode);
  });
});
