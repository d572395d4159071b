import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol as zaloProtocol, zaloPacket } from '../../protocols/zalo.ts';
import { baseDefinition, outputFor, simulatedDevice, written } from './helpers.ts';

describe('zalo packets', () => {
  it('never send a speed of 0 and say off only when both motors are off', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), (first, second) => {
        expect(zaloPacket(first, second)).toEqual([first === 0 && second === 0 ? 2 : 1, first || 1, second || 1]);
      }),
    );
  });

  it('drive a single-motor model with the second speed left at 0 (sent as 1)', async () => {
    const { hardware } = await simulatedDevice('zalo', 'ZALO-Jeanne');
    const definition = baseDefinition('zalo', 'ZALO-Jeanne');
    const handler = await zaloProtocol.initialize({ hardware, definition });
    const commands = handler.output(outputFor(definition, 0, 'Vibrate', 5));
    expect(written(commands)).toEqual([[0x01, 0x05, 0x01]]);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: true, commandId: 'zalo:device' });
  });

  it('carry the other motor\'s current speed on two-motor models', async () => {
    const { hardware } = await simulatedDevice('zalo', 'ZALO-King');
    const definition = baseDefinition('zalo', 'ZALO-King');
    const handler = await zaloProtocol.initialize({ hardware, definition });
    handler.output(outputFor(definition, 1, 'Vibrate', 7));
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 2)))).toEqual([[0x01, 0x02, 0x07]]);
  });
});
