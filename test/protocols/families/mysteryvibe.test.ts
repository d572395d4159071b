import { describe, expect, it } from 'vitest';
import { MYSTERYVIBE_REPEAT_MS } from '../../../protocols/families/mysteryvibe.ts';
import { protocol as mysteryVibe } from '../../../protocols/mysteryvibe.ts';
import { protocol as mysteryVibeV2 } from '../../../protocols/mysteryvibe-v2.ts';
import { startOutput } from '../../machines/output-harness.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from '../helpers.ts';

describe('mysteryvibe family', () => {
  it.each([
    ['mysteryvibe', mysteryVibe, 'MV Crescendo', [0x43, 0x02, 0x00]],
    ['mysteryvibe-v2', mysteryVibeV2, '6909 MV1', [0x03, 0x02, 0x40]],
  ] as const)('%s writes its mode packet on txmode and every motor in one txvibrate packet', async (name, protocol, identifier, mode) => {
    const { device, hardware } = await simulatedDevice(name, identifier);
    const definition = baseDefinition(name, identifier);
    const handler = await protocol.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'txmode', data: mode, withResponse: true }]);
    expect(handler.keepalive).toEqual({ kind: 'repeatLastWrite', intervalMs: MYSTERYVIBE_REPEAT_MS });
    const motors = definition.features.length;
    const commands = handler.output(outputFor(definition, motors - 1, 'Vibrate', 56));
    expect(written(commands)).toEqual([[...new Array<number>(motors - 1).fill(0), 56]]);
    expect(commands[0]).toMatchObject({ endpoint: 'txvibrate', withResponse: false, commandId: `${name}:device` });
  });

  it('streams the packet every 93 ms, and a stop reaches the device at once, not on the next tick', async () => {
    const { hardware } = await simulatedDevice('mysteryvibe', 'MV Crescendo');
    const definition = baseDefinition('mysteryvibe', 'MV Crescendo');
    const handler = await mysteryVibe.initialize({ hardware, definition });
    const output = startOutput({ handler, definition, gapMs: 0, binary: true });
    const streamed = () => output.written.filter((entry) => entry.endpoint === 'txvibrate').map((entry) => entry.data);
    try {
      await output.settle();
      const off = '0,0,0,0,0,0';
      expect(streamed()).toEqual([off]);
      await output.advance(MYSTERYVIBE_REPEAT_MS);
      await output.advance(MYSTERYVIBE_REPEAT_MS);
      expect(streamed()).toEqual([off, off, off]);

      await output.commands({ featureIndex: 0, output: 'Vibrate', value: 28 });
      const running = '28,0,0,0,0,0';
      expect(streamed().slice(3)).toEqual([running]);
      await output.advance(MYSTERYVIBE_REPEAT_MS);
      expect(streamed().slice(3)).toEqual([running, running]);

      // Half-way to the next tick: the stop is written at this very instant.
      await output.advance(40);
      const before = streamed().length;
      await output.send({ type: 'output.stop', force: false });
      expect(streamed().slice(before)).toEqual([off]);
    } finally {
      output.stop();
    }
  });
});
