import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol as weVibeProtocol4Bit } from '../../../protocols/wevibe.ts';
import { protocol as weVibeProtocol8Bit } from '../../../protocols/wevibe-8bit.ts';
import { protocol as weVibeChorusProtocol } from '../../../protocols/wevibe-chorus.ts';
import type { Protocol } from '../../../protocols/kit/types.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from '../helpers.ts';

async function drive(protocol: Protocol, identifier: string, speeds: readonly number[]) {
  const { device, hardware } = await simulatedDevice(protocol.name, identifier);
  const definition = baseDefinition(protocol.name, identifier);
  const handler = await protocol.initialize({ hardware, definition });
  const commands = speeds.flatMap((speed, index) => handler.output(outputFor(definition, index, 'Vibrate', speed)));
  return { device, packets: written(commands), commands };
}

describe('wevibe (4-bit)', () => {
  it('wakes the toy with two packets written with response', async () => {
    const { device } = await drive(weVibeProtocol4Bit, 'Pivot', []);
    expect(commandsTo(device)).toEqual([
      { kind: 'write', endpoint: 'tx', data: [0x0f, 0x03, 0x00, 0x99, 0x00, 0x03, 0x00, 0x00], withResponse: true },
      { kind: 'write', endpoint: 'tx', data: [0x0f, 0, 0, 0, 0, 0, 0, 0], withResponse: true },
    ]);
  });

  it('packs external | internal << 4, and sends all-off when both are 0', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), async (internal, external) => {
        const { packets } = await drive(weVibeProtocol4Bit, '4plus', [internal, external]);
        const expected =
          internal === 0 && external === 0
            ? [0x0f, 0, 0, 0, 0, 0, 0, 0]
            : [0x0f, 0x03, 0x00, external | (internal << 4), 0x00, 0x03, 0x00, 0x00];
        expect(packets.at(-1)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('drives both nibbles from a single motor', async () => {
    const { packets, commands } = await drive(weVibeProtocol4Bit, 'Pivot', [9]);
    expect(packets).toEqual([[0x0f, 0x03, 0x00, 0x99, 0x00, 0x03, 0x00, 0x00]]);
    expect(commands[0]).toMatchObject({ withResponse: true, commandId: 'wevibe:device' });
  });
});

describe('wevibe-8bit and wevibe-chorus', () => {
  it('8-bit: speeds offset by 3, external first, then the motor mask', async () => {
    const { packets } = await drive(weVibeProtocol8Bit, 'Vector', [0, 5]);
    expect(packets.at(-1)).toEqual([0x0f, 0x03, 0x00, 8, 3, 0b10, 0x00, 0x00]);
  });

  it('chorus: internal first, no offset', async () => {
    const { packets } = await drive(weVibeChorusProtocol, 'Chorus', [4, 0]);
    expect(packets.at(-1)).toEqual([0x0f, 0x03, 0x00, 4, 0, 0b01, 0x00, 0x00]);
  });

  it('all-off once both motors are back at 0', async () => {
    const { hardware } = await simulatedDevice('wevibe-chorus', 'Chorus');
    const definition = baseDefinition('wevibe-chorus', 'Chorus');
    const handler = await weVibeChorusProtocol.initialize({ hardware, definition });
    handler.output(outputFor(definition, 0, 'Vibrate', 4));
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 0)))).toEqual([[0x0f, 0, 0, 0, 0, 0, 0, 0]]);
  });
});
