import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol as yououProtocol, yououEncoder, yououPacket } from '../../protocols/youou.ts';
import { simulatedDevice } from './helpers.ts';

describe('youou packets', () => {
  it('are 17 bytes whose ninth is the XOR of the first eight', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (counter, speed) => {
        const packet = yououPacket(counter, speed);
        expect(packet).toHaveLength(17);
        expect(packet.slice(0, 8)).toEqual([0xaa, 0x55, counter, 0x02, 0x03, 0x01, speed, speed > 0 ? 1 : 0]);
        expect(packet.slice(0, 9).reduce((xor, byte) => xor ^ byte, 0)).toBe(0);
        expect(packet.slice(9)).toEqual([0xff, 0, 0, 0, 0, 0, 0, 0]);
      }),
    );
  });

  it('count every packet from 0 and wrap after 255', () => {
    const encode = yououEncoder();
    const counters = Array.from({ length: 258 }, () => encode(1)[2]);
    expect(counters.slice(0, 2)).toEqual([0, 1]);
    expect(counters.slice(254)).toEqual([254, 255, 0, 1]);
  });

  it('identifies every Youou as the one model', async () => {
    const { hardware, candidate } = await simulatedDevice('youou', 'VX001_9f');
    await expect(yououProtocol.identify({ hardware, candidate })).resolves.toBe('VX001_');
  });
});
