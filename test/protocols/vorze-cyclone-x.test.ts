import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycloneXPacket } from '../../protocols/vorze-cyclone-x.ts';

describe('vorze-cyclone-x packets', () => {
  it('carry the speed as an ASCII digit and the direction as mode 0 (clockwise) or 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 10 }), (value) => {
        const packet = cycloneXPacket(value);
        expect(packet).toHaveLength(16);
        expect(packet.slice(0, 7)).toEqual([0x00, 0x3c, 0x30, 0x31, 0x35, 0x32, 0x30]);
        expect(packet[7]).toBe(0x30 + Math.abs(value));
        expect(packet[8]).toBe(0x30);
        expect(packet[9]).toBe(value < 0 ? 0x31 : 0x30);
        expect(packet.slice(10)).toEqual([0x30, 0x01, 0x02, 0x03, 0x68, 0x3e]);
      }),
    );
  });

  it('rejects speeds beyond 10 either way', () => {
    expect(() => cycloneXPacket(11)).toThrow(/speed 11 is outside -10…10/);
    expect(() => cycloneXPacket(-11)).toThrow(/outside/);
  });
});
