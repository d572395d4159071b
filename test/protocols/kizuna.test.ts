import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kizunaPacket } from '../../protocols/kizuna.ts';

describe('kizuna packet', () => {
  it('is the speed as one ASCII digit, then CR LF', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), (speed) => {
        expect([...kizunaPacket(speed)]).toEqual([0x30 + speed, 0x0d, 0x0a]);
      }),
    );
  });

  it('sends the magnitude of a counter-clockwise speed, where the reference overflows a byte', () => {
    expect([...kizunaPacket(-5)]).toEqual([0x35, 0x0d, 0x0a]);
  });

  it('rejects speeds that are not one digit', () => {
    expect(() => kizunaPacket(10)).toThrow(/speed 10 is not a single digit/);
  });
});
