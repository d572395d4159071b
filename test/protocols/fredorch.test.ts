import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFredorchProtocol, fredorchCrc, fredorchMovePacket, fredorchSpeed } from '../../protocols/fredorch.ts';
import { ErrorCode } from '../../src/errors.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('fredorch encoding', () => {
  it('ends packets with the recorded CRC-16/MODBUS, low byte first', () => {
    expect(fredorchCrc([0x01, 0x06, 0x00, 0x64, 0x00, 0x01])).toEqual([0x09, 0xd5]);
    expect(fredorchCrc([0x01, 0x06, 0x00, 0x6a, 0x00, 0x01])).toEqual([0x68, 0x16]);
  });

  it('picks no speed for no distance, 20 when nothing is fast enough, 1 when everything is', () => {
    expect(fredorchSpeed(0, 100)).toBe(0);
    expect(fredorchSpeed(15, 100)).toBe(20);
    expect(fredorchSpeed(1, 1001)).toBe(1);
    expect(fredorchSpeed(30, 500)).toBe(fredorchSpeed(15, 500));
  });

  it('moves faster (never slower) for a shorter duration over the same distance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (distance, a, b) => {
        const [short, long] = a < b ? [a, b] : [b, a];
        const fast = fredorchSpeed(distance, short);
        expect(fast).toBeGreaterThanOrEqual(fredorchSpeed(distance, long));
        expect(fast).toBeGreaterThanOrEqual(1);
        expect(fast).toBeLessThanOrEqual(20);
      }),
    );
  });

  it('writes the target position ×10 twice', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), (from, to) => {
        const packet = [...fredorchMovePacket(from, to, 500)];
        expect(packet[12]).toBe(to * 10);
        expect(packet[14]).toBe(to * 10);
        expect(packet.slice(17)).toEqual(fredorchCrc(packet.slice(0, 17)));
      }),
    );
  });
});

describe('fredorch setup', () => {
  it('goes on without a wake-up notification, then needs a reply to every setup packet', async () => {
    const { device, hardware } = await simulatedDevice('fredorch', 'YXlinksSPP');
    const protocol = createFredorchProtocol({ replyTimeoutMs: 300 });
    const definition = baseDefinition('fredorch');
    const initializing = protocol.initialize({ hardware, definition });
    for (let packet = 1; packet <= 5; packet++) {
      await vi.waitFor(() => expect(commandsTo(device).filter((c) => c.kind === 'write')).toHaveLength(packet), { interval: 2 });
      device.notify('rx', [0x01]);
    }
    const handler = await initializing;
    expect(written(handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 15, 500)))[0].slice(8, 15)).toEqual([
      11, 0, 11, 0, 150, 0, 150,
    ]);
  });

  it('fails with a device error naming the packet the device did not answer', async () => {
    vi.useFakeTimers();
    const { hardware } = await simulatedDevice('fredorch', 'YXlinksSPP');
    const initializing = createFredorchProtocol().initialize({ hardware, definition: baseDefinition('fredorch') });
    const outcome = expect(initializing).rejects.toMatchObject({
      code: ErrorCode.Device,
      message: expect.stringMatching(/did not answer setup packet 1 of 5 within 500 ms/),
    });
    await vi.advanceTimersByTimeAsync(1000);
    await outcome;
  });

  it('fails with a device error when the device disconnects during setup', async () => {
    const { device, hardware } = await simulatedDevice('fredorch', 'YXlinksSPP');
    const initializing = createFredorchProtocol().initialize({ hardware, definition: baseDefinition('fredorch') });
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(1));
    device.disconnect();
    await expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/disconnected/) });
  });
});
