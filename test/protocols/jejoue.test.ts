import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jejouePacket } from '../../protocols/jejoue.ts';

describe('jejoue packet', () => {
  it('sends the first motor speed when it runs, else the second, with the matching pattern', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), (first, second) => {
        const [pattern, speed] = jejouePacket(first, second);
        if (first > 0) expect([pattern, speed]).toEqual([2, first]);
        else if (second > 0) expect([pattern, speed]).toEqual([3, second]);
        else expect([pattern, speed]).toEqual([1, 0]);
      }),
    );
  });
});
