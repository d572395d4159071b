import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loobPacket, protocol } from '../../protocols/loob.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

function decode(packet: readonly number[]): [number, number] {
  return [(packet[0] << 8) | packet[1], (packet[2] << 8) | packet[3]];
}

describe('loob packet', () => {
  it('is position and duration as big-endian u16, each at least 1, position at most 1000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100_000 }), (position, duration) => {
        expect(decode(loobPacket(position, duration))).toEqual([Math.max(1, position), Math.min(0xffff, Math.max(1, duration))]);
      }),
    );
  });

  it('saturates a duration above 65535 ms instead of wrapping like the reference', () => {
    expect(loobPacket(1000, 100_000)).toEqual([0x03, 0xe8, 0xff, 0xff]);
    expect(loobPacket(0, 0)).toEqual([0x00, 0x01, 0x00, 0x01]);
  });

  it('wakes the device with a move to 1 in 500 ms and refuses other outputs', async () => {
    const { device, hardware } = await simulatedDevice('loob', 'LOOB');
    const definition = baseDefinition('loob', 'LOOB');
    const handler = await protocol.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'tx', data: [0x00, 0x01, 0x01, 0xf4], withResponse: true }]);
    expect(written(handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 510, 200)))).toEqual([[0x01, 0xfe, 0x00, 0xc8]]);
    expect(() => handler.output(outputFor(definition, 0, 'Vibrate', 1))).toThrow(/cannot drive/);
  });
});
