import { describe, expect, it } from 'vitest';
import { protocol as twerkingButt, twerkingButtPacket } from '../../protocols/twerkingbutt.ts';
import { baseDefinition, commandsTo, simulatedDevice } from './helpers.ts';

describe('twerkingbutt', () => {
  it('pads every packet to 16 bytes after the A6 61 header', () => {
    expect(twerkingButtPacket([0x07, 0x01])).toEqual([0xa6, 0x61, 0x07, 0x01, ...new Array(12).fill(0)]);
  });

  it('binds at connect and drives no output', async () => {
    const { device, hardware } = await simulatedDevice('twerkingbutt', 'TwerkingButt');
    const definition = baseDefinition('twerkingbutt');
    const handler = await twerkingButt.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'tx', data: twerkingButtPacket([0x07, 0x01]), withResponse: false }]);
    expect(() => handler.output({ featureIndex: 0, featureId: 'x', output: 'Oscillate', value: 1 })).toThrow(/cannot drive/);
  });
});
