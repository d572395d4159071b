import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kiirooProWandPacket } from '../../protocols/kiiroo-prowand.ts';

describe('kiiroo-prowand packet', () => {
  it('is 00 00 64, ff while running (00 at rest), then the speed twice', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (speed) => {
        expect([...kiirooProWandPacket(speed)]).toEqual([0x00, 0x00, 0x64, speed === 0 ? 0x00 : 0xff, speed, speed]);
      }),
    );
  });

  it('rejects a speed that does not fit in a byte', () => {
    expect(() => kiirooProWandPacket(256)).toThrow(/does not fit in a byte/);
  });
});
