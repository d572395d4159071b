import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createHoneyPlayBoxProtocol,
  FrameCollector,
  handshakeToken,
  honeyPlayBoxFrame,
  responseCode,
} from '../../protocols/honeyplaybox.ts';
import { ErrorCode } from '../../src/errors.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice } from './helpers.ts';

afterEach(() => {
  vi.useRealTimers();
});

const TOKEN = Array.from({ length: 16 }, (_, i) => i + 1);
/** The handshake answer of the recorded case: code 0x9000 and the token 01..10. */
const OK_REPLY = [...honeyPlayBoxFrame(0, 0x01, [0x90, 0x00, ...TOKEN])];

describe('honeyplaybox frames', () => {
  it('builds the recorded handshake frame (CRC high byte first)', () => {
    expect([...honeyPlayBoxFrame(0, 0x01, [0x00, 0x10])]).toEqual([
      0x02, 0xa5, 0x5a, 0x55, 0xaa, 0xf0, 0x00, 0xb1, 0x01, 0x00, 0x02, 0x00, 0x10, 0x03, 0x36, 0x86,
    ]);
    expect(OK_REPLY.slice(-2)).toEqual([0xf4, 0x26]);
  });

  it('reassembles frames however the notifications split them, skipping noise', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }), (cuts) => {
        const stream = [0x55, 0x00, ...OK_REPLY, 0x02, 0xa5, ...OK_REPLY];
        const collector = new FrameCollector();
        const frames: number[][] = [];
        let at = 0;
        for (const cut of cuts) {
          frames.push(...collector.push(stream.slice(at, at + cut)));
          at += cut;
        }
        frames.push(...collector.push(stream.slice(at)));
        expect(frames).toEqual([OK_REPLY, OK_REPLY]);
      }),
    );
  });

  it('reads the response code and the token, and nothing from short data', () => {
    expect(responseCode(OK_REPLY)).toBe(0x9000);
    expect(handshakeToken(OK_REPLY)).toEqual(TOKEN);
    const short = [...honeyPlayBoxFrame(0, 0x01, [0x90, 0x00, 1, 2])];
    expect(responseCode(short)).toBe(0x9000);
    expect(handshakeToken(short)).toBeUndefined();
    expect(responseCode([...honeyPlayBoxFrame(0, 0x01, [0x90])])).toBeUndefined();
  });
});

async function handshaken(keepaliveMs = 500) {
  const { device, hardware } = await simulatedDevice('honeyplaybox', 'JXT002');
  const definition = baseDefinition('honeyplaybox', 'JXT002');
  const initializing = createHoneyPlayBoxProtocol({ handshakeWaitStepMs: 1000, keepaliveMs }).initialize({ hardware, definition });
  await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(2));
  device.notify('rx', OK_REPLY.slice(0, 10));
  device.notify('rx', OK_REPLY.slice(10));
  const handler = await initializing;
  return { device, definition, handler };
}

describe('honeyplaybox handshake', () => {
  it('accepts a reply split over two notifications', async () => {
    const { handler } = await handshaken();
    expect(handler.keepalive).toEqual({ kind: 'none' });
    handler.dispose?.();
  });

  it('fails with a device error when the device refuses', async () => {
    const { device, hardware } = await simulatedDevice('honeyplaybox', 'JXT002');
    const initializing = createHoneyPlayBoxProtocol().initialize({ hardware, definition: baseDefinition('honeyplaybox', 'JXT002') });
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(2));
    device.notify('rx', [...honeyPlayBoxFrame(0, 0x01, [0x6a, 0x80])]);
    await expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/code 6a80/) });
  });

  it('waits 1, 2, 3 and 4 steps, resends the handshake after three replies, then gives up', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('honeyplaybox', 'JXT002');
    const initializing = createHoneyPlayBoxProtocol({ handshakeWaitStepMs: 10, keepaliveMs: 500 }).initialize({
      hardware,
      definition: baseDefinition('honeyplaybox', 'JXT002'),
    });
    const outcome = expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/after 3 retries/) });
    await vi.advanceTimersByTimeAsync(59);
    expect(commandsTo(device).filter((command) => command.kind === 'write')).toHaveLength(1);
    // Three replies missed (10 + 20 + 30 ms): the handshake goes again.
    await vi.advanceTimersByTimeAsync(1);
    expect(commandsTo(device).filter((command) => command.kind === 'write').map((command) => (command.kind === 'write' ? command.data[6] : -1))).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(40);
    await outcome;
  });

  it('fails with a device error when the device disconnects during the handshake', async () => {
    const { device, hardware } = await simulatedDevice('honeyplaybox', 'JXT002');
    const initializing = createHoneyPlayBoxProtocol().initialize({ hardware, definition: baseDefinition('honeyplaybox', 'JXT002') });
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(2));
    device.disconnect();
    await expect(initializing).rejects.toMatchObject({ code: ErrorCode.Device, message: expect.stringMatching(/disconnected/) });
  });
});

describe('honeyplaybox keepalive', () => {
  it('resends every motor strength with the next counter after a quiet interval', async () => {
    const { device, definition, handler } = await handshaken(30);
    const afterHandshake = device.commands.length;
    const [command] = handler.output(outputFor(definition, 1, 'Vibrate', 40));
    expect(command.kind === 'write' && command.data[6]).toBe(2);
    await vi.waitFor(() => expect(commandsTo(device, afterHandshake)).toHaveLength(1), { interval: 5 });
    const resent = commandsTo(device, afterHandshake)[0];
    expect(resent.kind === 'write' && resent.data[6]).toBe(3);
    // Motor 1's group (the second 8 bytes) carries strength 40; the frame is written with response.
    expect(resent).toMatchObject({ endpoint: 'tx', withResponse: true });
    expect(resent.kind === 'write' && resent.data.slice(11 + 8, 11 + 16)).toEqual([0x11, 0, 5, 0, 60, 0, 0, 40]);
    handler.dispose?.();
  });

  it('refuses a feature without a motor', async () => {
    const { definition, handler } = await handshaken();
    expect(() => handler.output({ ...outputFor(definition, 1, 'Vibrate', 1), featureIndex: 2 })).toThrow(/no motor/);
    handler.dispose?.();
  });
});
