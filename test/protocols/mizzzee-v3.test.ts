import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mizzzeeV3Packet, mizzzeeV3Word, protocol } from '../../protocols/mizzzee-v3.ts';
import { baseDefinition, outputFor, simulatedDevice, written } from './helpers.ts';

describe('mizzzee-v3 intensity word', () => {
  it('matches the reference at the recorded and edge steps', () => {
    expect(mizzzeeV3Word(500)).toBe(0xa63c);
    expect(mizzzeeV3Word(1000)).toBe(0xfffc);
    // 1 step is just above the 30 % floor: trunc(0.3007 × 1023) = 307.
    expect(mizzzeeV3Word(1)).toBe((307 << 6) | 60);
  });

  it('keeps 60 in the low six bits and never decreases with the speed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), (speed) => {
        expect(mizzzeeV3Word(speed) & 0x3f).toBe(60);
        expect(mizzzeeV3Word(speed + 1)).toBeGreaterThanOrEqual(mizzzeeV3Word(speed));
      }),
    );
  });

  it('writes the word twice in a 20-byte packet, and all zeros for 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (speed) => {
        const packet = mizzzeeV3Packet(speed);
        expect(packet).toHaveLength(20);
        expect(packet.slice(9, 11)).toEqual(packet.slice(17, 19));
        expect(packet[9] | (packet[10] << 8)).toBe(mizzzeeV3Word(speed));
      }),
    );
    expect(mizzzeeV3Packet(0)).toEqual([0x03, 0x12, ...new Array<number>(18).fill(0)]);
  });
});

describe('mizzzee-v3 handler', () => {
  it('repeats the last packet every 200 ms and writes with response', async () => {
    const { hardware } = await simulatedDevice('mizzzee-v3', 'XHTKJ');
    const definition = baseDefinition('mizzzee-v3', 'XHTKJ');
    const handler = await protocol.initialize({ hardware, definition });
    expect(handler.keepalive).toEqual({ kind: 'repeatLastWrite', intervalMs: 200 });
    const commands = handler.output(outputFor(definition, 0, 'Vibrate', 1000));
    expect(written(commands)[0]).toEqual(mizzzeeV3Packet(1000));
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: true });
  });
});
