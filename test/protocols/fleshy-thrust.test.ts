import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fleshyThrustPacket } from '../../protocols/fleshy-thrust.ts';

describe('fleshy-thrust packet', () => {
  it('is the position and the duration as a big-endian u16', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 0xffff }), (position, duration) => {
        const [p, high, low] = fleshyThrustPacket(position, duration);
        expect(p).toBe(position);
        expect(high * 256 + low).toBe(duration);
      }),
    );
  });

  it('sends durations beyond 16 bits as 65 535 ms instead of wrapping them', () => {
    expect(fleshyThrustPacket(90, 70_000)).toEqual([90, 0xff, 0xff]);
    expect(fleshyThrustPacket(90, 100_000)).toEqual([90, 0xff, 0xff]);
  });
});
