import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol as weToyProtocol, weToyPacket } from '../../protocols/wetoy.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

describe('wetoy packets', () => {
  it('sends speed - 1 after 0xb2, and the idle packet for 0', () => {
    expect(weToyPacket(0)).toEqual([0x80, 0x03]);
    expect(weToyPacket(1)).toEqual([0xb2, 0x00]);
    expect(weToyPacket(3)).toEqual([0xb2, 0x02]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 256 }), (speed) => {
        expect(weToyPacket(speed)).toEqual([0xb2, speed - 1]);
      }),
    );
    expect(() => weToyPacket(257)).toThrow(/does not fit in a byte/);
  });

  it('wakes the toy with the idle packet and writes with response', async () => {
    const { device, hardware } = await simulatedDevice('wetoy', 'WeToy');
    const definition = baseDefinition('wetoy', 'WeToy');
    const handler = await weToyProtocol.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'tx', data: [0x80, 0x03], withResponse: true }]);
    const commands = handler.output(outputFor(definition, 0, 'Vibrate', 2));
    expect(written(commands)).toEqual([[0xb2, 0x01]]);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: true, commandId: definition.features[0].id });
  });
});
