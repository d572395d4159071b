import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { synchroSpeedByte } from '../../protocols/synchro.ts';

describe('synchro speed byte', () => {
  it('is the magnitude, with bit 7 set for counter-clockwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: -127, max: 127 }), (value) => {
        const byte = synchroSpeedByte(value);
        expect(byte & 0x7f).toBe(Math.abs(value));
        expect(byte >= 0x80).toBe(value < 0);
      }),
    );
  });

  it('refuses a speed that does not fit in 7 bits', () => {
    expect(() => synchroSpeedByte(128)).toThrow(/7 bits/);
  });
});
