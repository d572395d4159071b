import { describe, expect, it } from 'vitest';
import { kiirooV1Packet, protocol as kiirooV1 } from '../../protocols/kiiroo-v1.ts';
import { baseDefinition, bytesOf, outputFor, simulatedDevice, text } from './helpers.ts';

describe('kiiroo-v1 packet', () => {
  it('is the level 0–4 in ASCII, a comma and a newline', () => {
    for (let level = 0; level <= 4; level++) expect([...kiirooV1Packet(level)]).toEqual(bytesOf(`${level},\n`));
  });

  it('rejects levels the device does not have', () => {
    expect(() => kiirooV1Packet(5)).toThrow(/level 5 is outside 0–4/);
    expect(() => kiirooV1Packet(-1)).toThrow(/outside/);
  });

  it('moves the Onyx to a position without sending the duration', async () => {
    const { hardware } = await simulatedDevice('kiiroo-v1', 'ONYX');
    const definition = baseDefinition('kiiroo-v1', 'ONYX');
    const handler = await kiirooV1.initialize({ hardware, definition });
    expect(text(handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 3, 750)))).toEqual(['3,\n']);
  });
});
