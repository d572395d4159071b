import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xibaoPacket } from '../../protocols/xibao.ts';

describe('xibao packets', () => {
  it('end with the speed and speed + 0xb5, wrapping at 256', () => {
    expect(xibaoPacket(0).slice(-2)).toEqual([0x00, 0xb5]);
    expect(xibaoPacket(0x4a).slice(-2)).toEqual([0x4a, 0xff]);
    expect(xibaoPacket(0x4b).slice(-2)).toEqual([0x4b, 0x00]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (speed) => {
        const packet = xibaoPacket(speed);
        expect(packet.slice(0, 11)).toEqual([0x66, 0x3a, 0x00, 0x06, 0x00, 0x06, 0x01, 0x02, 0x00, 0x02, 0x04]);
        expect((packet[12] - packet[11] + 256) % 256).toBe(0xb5);
      }),
    );
    expect(() => xibaoPacket(256)).toThrow(/does not fit in a byte/);
  });
});
