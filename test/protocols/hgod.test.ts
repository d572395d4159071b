import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHgodProtocol } from '../../protocols/hgod.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('hgod', () => {
  it('repeats a non-zero speed until it is set to 0, and writes nothing for 0', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('hgod', 'AMN NEO');
    const definition = baseDefinition('hgod');
    const handler = await createHgodProtocol(100).initialize({ hardware, definition });
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 5)))).toEqual([[0x55, 0x04, 0, 0, 0, 5]]);
    await vi.advanceTimersByTimeAsync(350);
    expect(commandsTo(device).map((command) => (command.kind === 'write' ? command.data[5] : -1))).toEqual([5, 5, 5]);
    expect(handler.output(outputFor(definition, 0, 'Vibrate', 0))).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(commandsTo(device)).toHaveLength(3);
    handler.output(outputFor(definition, 0, 'Vibrate', 10));
    handler.dispose?.();
    await vi.advanceTimersByTimeAsync(500);
    expect(commandsTo(device)).toHaveLength(3);
  });

  it('ends the repeats once the device is gone', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('hgod', 'AMN NEO');
    const definition = baseDefinition('hgod');
    const handler = await createHgodProtocol(100).initialize({ hardware, definition });
    handler.output(outputFor(definition, 0, 'Vibrate', 3));
    device.disconnect();
    await vi.advanceTimersByTimeAsync(1000);
    expect(commandsTo(device)).toEqual([]);
  });
});
