import { describe, expect, it } from 'vitest';
import { protocol } from '../../protocols/lioness.ts';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import { baseDefinition, commandsTo, simulatedDevice } from './helpers.ts';

describe('lioness', () => {
  it('subscribes to rx and sends the handshake with response', async () => {
    const { device, hardware } = await simulatedDevice('lioness', 'Lioness');
    await protocol.initialize({ hardware, definition: baseDefinition('lioness', 'Lioness') });
    expect(commandsTo(device)).toEqual([
      { kind: 'subscribe', endpoint: 'rx' },
      { kind: 'write', endpoint: 'tx', data: [0x01, 0xaa, 0xaa, 0xbb, 0xcc, 0x10], withResponse: true },
    ]);
  });

  it('fails with a device error naming the pairing PIN when the handshake write fails', async () => {
    // Without a tx endpoint the fake rejects the write, as an unpaired toy does.
    const { hardware } = await simulatedDevice('lioness', 'Lioness', { endpoints: ['rx'] });
    const error = await protocol.initialize({ hardware, definition: baseDefinition('lioness', 'Lioness') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ButtplugError);
    expect((error as ButtplugError).code).toBe(ErrorCode.Device);
    expect((error as Error).message).toMatch(/handshake write failed.*PIN 6496/);
  });
});
