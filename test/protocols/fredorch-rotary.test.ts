import { describe, expect, it, vi } from 'vitest';
import { createFredorchRotaryProtocol } from '../../protocols/fredorch-rotary.ts';
import { ErrorCode } from '../../src/errors.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

const UP = [0x55, 0x03, 0x01, 0x04, 0xaa];
const DOWN = [0x55, 0x03, 0x02, 0x05, 0xaa];
const STOP = [0x55, 0x03, 0x24, 0x27, 0xaa];

async function connected() {
  const { device, hardware } = await simulatedDevice('fredorch-rotary', 'M1_F2');
  const definition = baseDefinition('fredorch-rotary');
  const handler = await createFredorchRotaryProtocol({ replyTimeoutMs: 1 }).initialize({ hardware, definition });
  return { device, afterSetup: device.commands.length, definition, handler };
}

const txWrites = (log: readonly { kind: string; data?: readonly number[] }[]) => log.map((command) => command.data);

describe('fredorch-rotary', () => {
  it('sets up a device that stays silent: all four packets, no error', async () => {
    const { device, hardware } = await simulatedDevice('fredorch-rotary', 'M1_F2');
    await createFredorchRotaryProtocol({ replyTimeoutMs: 1 }).initialize({ hardware, definition: baseDefinition('fredorch-rotary') });
    expect(commandsTo(device).map((command) => (command.kind === 'write' ? command.data[2] : command.kind))).toEqual([
      'subscribe',
      0x99,
      0x21,
      0x1f,
      0x24,
    ]);
  });

  it('fails with a device error when the device disconnects during setup', async () => {
    const { device, hardware } = await simulatedDevice('fredorch-rotary', 'M1_F2');
    const initializing = createFredorchRotaryProtocol({ replyTimeoutMs: 1000 }).initialize({
      hardware,
      definition: baseDefinition('fredorch-rotary'),
    });
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(2));
    device.disconnect();
    await expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device });
  });

  it('steps up to the target and down again, one packet per step', async () => {
    const { device, afterSetup, definition, handler } = await connected();
    expect(handler.output(outputFor(definition, 0, 'Oscillate', 4))).toEqual([]);
    await vi.waitFor(() => expect(commandsTo(device, afterSetup)).toHaveLength(4));
    handler.output(outputFor(definition, 0, 'Oscillate', 2));
    await vi.waitFor(() => expect(commandsTo(device, afterSetup)).toHaveLength(6));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(txWrites(commandsTo(device, afterSetup))).toEqual([UP, UP, UP, UP, DOWN, DOWN]);
  });

  it('stops directly with 0x24 and starts the next climb from 0', async () => {
    const { device, afterSetup, definition, handler } = await connected();
    handler.output(outputFor(definition, 0, 'Oscillate', 2));
    await vi.waitFor(() => expect(commandsTo(device, afterSetup)).toHaveLength(2));
    expect(written(handler.output(outputFor(definition, 0, 'Oscillate', 0)))).toEqual([STOP]);
    handler.output(outputFor(definition, 0, 'Oscillate', 1));
    await vi.waitFor(() => expect(commandsTo(device, afterSetup)).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(txWrites(commandsTo(device, afterSetup))).toEqual([UP, UP, UP]);
    handler.dispose?.();
  });
});
