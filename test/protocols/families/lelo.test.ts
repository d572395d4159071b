import { afterEach, describe, expect, it, vi } from 'vitest';
import { leloF1sV2SecurityState, leloHarmonySecurityState } from '../../../protocols/families/lelo.ts';
import { protocol as leloF1s } from '../../../protocols/lelo-f1s.ts';
import { createLeloF1sV2Protocol } from '../../../protocols/lelo-f1sv2.ts';
import { createLeloHarmonyProtocol } from '../../../protocols/lelo-harmony.ts';
import { ButtplugError, ErrorCode } from '../../../src/errors.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from '../helpers.ts';

const NOT_AUTHORISED = [0, 0, 0, 0, 0, 0, 0, 0];
const AUTHORISED = [1, 0, 0, 0, 0, 0, 0, 0];
const PASSWORD = [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0];

afterEach(() => {
  vi.useRealTimers();
});

async function expectDeviceError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ButtplugError);
  expect((error as ButtplugError).code).toBe(ErrorCode.Device);
  expect((error as Error).message).toMatch(message);
}

describe('lelo security states', () => {
  it('F1s V2 accepts only the exact eight-byte states', () => {
    expect(leloF1sV2SecurityState(Uint8Array.from(NOT_AUTHORISED))).toBe('unauthorised');
    expect(leloF1sV2SecurityState(Uint8Array.from(AUTHORISED))).toBe('authorised');
    expect(leloF1sV2SecurityState(Uint8Array.of(0))).toBe('password');
    expect(leloF1sV2SecurityState(Uint8Array.of(1))).toBe('password');
    expect(leloF1sV2SecurityState(Uint8Array.from(PASSWORD))).toBe('password');
  });

  it('Harmony reads zeros of any length as "not authorised" and 1-then-zeros as "authorised"', () => {
    expect(leloHarmonySecurityState(Uint8Array.of(0))).toBe('unauthorised');
    expect(leloHarmonySecurityState(Uint8Array.from(NOT_AUTHORISED))).toBe('unauthorised');
    expect(leloHarmonySecurityState(Uint8Array.of(1))).toBe('authorised');
    expect(leloHarmonySecurityState(Uint8Array.from(AUTHORISED))).toBe('authorised');
    expect(leloHarmonySecurityState(Uint8Array.of(1, 2, 3))).toBe('password');
  });
});

describe('lelo-f1sv2 handshake', () => {
  it('waits while not authorised, writes the password back unsubscribed, then takes commands with response', async () => {
    const { device, hardware } = await simulatedDevice('lelo-f1sv2', 'F1SV2A');
    const definition = baseDefinition('lelo-f1sv2', 'F1SV2A');
    const initializing = createLeloF1sV2Protocol().initialize({ hardware, definition });
    await vi.waitFor(() => expect(device.subscriptions.includes('whitelist')).toBe(true));
    device.notify('whitelist', NOT_AUTHORISED);
    device.notify('whitelist', PASSWORD);
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(4));
    device.notify('whitelist', AUTHORISED);
    const handler = await initializing;
    expect(commandsTo(device)).toEqual([
      { kind: 'subscribe', endpoint: 'whitelist' },
      { kind: 'unsubscribe', endpoint: 'whitelist' },
      { kind: 'write', endpoint: 'whitelist', data: PASSWORD, withResponse: true },
      { kind: 'subscribe', endpoint: 'whitelist' },
    ]);
    const commands = handler.output(outputFor(definition, 1, 'Vibrate', 7));
    expect(written(commands)).toEqual([[0x01, 0x00, 0x07]]);
    expect(commands[0]).toMatchObject({ endpoint: 'tx', withResponse: true });
  });

  it('uses generic0 and the Harmony packets on hardware without a whitelist endpoint', async () => {
    const { device, hardware } = await simulatedDevice('lelo-f1sv2', 'F1SV2A', { endpoints: ['tx', 'generic0'] });
    const definition = baseDefinition('lelo-f1sv2', 'F1SV2A');
    const initializing = createLeloF1sV2Protocol().initialize({ hardware, definition });
    await vi.waitFor(() => expect(device.subscriptions.includes('generic0')).toBe(true));
    device.notify('generic0', AUTHORISED);
    const handler = await initializing;
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 9)))).toEqual([[0x0a, 0x12, 0x01, 0x08, 0, 0, 0, 0, 0x09, 0x00]]);
  });

  it('rejects when the device goes away before authorising', async () => {
    const { device, hardware } = await simulatedDevice('lelo-f1sv2', 'F1SV2A');
    const initializing = createLeloF1sV2Protocol().initialize({ hardware, definition: baseDefinition('lelo-f1sv2', 'F1SV2A') });
    await vi.waitFor(() => expect(device.subscriptions.includes('whitelist')).toBe(true));
    device.notify('whitelist', NOT_AUTHORISED);
    device.disconnect();
    await expectDeviceError(initializing, /disconnected while waiting/);
  });

  it('rejects an empty security notification', async () => {
    const { device, hardware } = await simulatedDevice('lelo-f1sv2', 'F1SV2A');
    const initializing = createLeloF1sV2Protocol().initialize({ hardware, definition: baseDefinition('lelo-f1sv2', 'F1SV2A') });
    await vi.waitFor(() => expect(device.subscriptions.includes('whitelist')).toBe(true));
    device.notify('whitelist', []);
    await expectDeviceError(initializing, /empty security notification on whitelist/);
  });

  it('gives up after the authorisation timeout when the device never answers', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('lelo-f1sv2', 'F1SV2A');
    const protocol = createLeloF1sV2Protocol({ authorisationTimeoutMs: 30_000 });
    const initializing = protocol.initialize({ hardware, definition: baseDefinition('lelo-f1sv2', 'F1SV2A') });
    const outcome = expectDeviceError(initializing, /not authorised within 30000 ms/);
    await vi.advanceTimersByTimeAsync(10_000);
    device.notify('whitelist', NOT_AUTHORISED);
    await vi.advanceTimersByTimeAsync(20_000);
    await outcome;
  });

  it('keeps waiting without a timeout while the user has not pressed the button', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('lelo-f1sv2', 'F1SV2A');
    let settled = false;
    const initializing = createLeloF1sV2Protocol()
      .initialize({ hardware, definition: baseDefinition('lelo-f1sv2', 'F1SV2A') })
      .finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(settled).toBe(false);
    device.notify('whitelist', AUTHORISED);
    await expect(initializing).resolves.toBeDefined();
  });
});

describe('lelo-harmony handshake', () => {
  it('answers the password and then drives vibrators and rotators by feature number', async () => {
    const { device, hardware } = await simulatedDevice('lelo-harmony', 'IdaWave');
    const definition = baseDefinition('lelo-harmony', 'IdaWave');
    const initializing = createLeloHarmonyProtocol().initialize({ hardware, definition });
    await vi.waitFor(() => expect(device.subscriptions.includes('whitelist')).toBe(true));
    device.notify('whitelist', [0]);
    device.notify('whitelist', [1, 2, 3]);
    await vi.waitFor(() => expect(commandsTo(device)).toHaveLength(4));
    expect(commandsTo(device)[2]).toEqual({ kind: 'write', endpoint: 'whitelist', data: [1, 2, 3], withResponse: true });
    device.notify('whitelist', [1]);
    const handler = await initializing;
    expect(written(handler.output(outputFor(definition, 1, 'Rotate', 100)))).toEqual([[0x0a, 0x12, 0x02, 0x08, 0, 0, 0, 0, 100, 0x00]]);
  });

  it('rejects when the device disconnects during the handshake', async () => {
    const { device, hardware } = await simulatedDevice('lelo-harmony', 'TianiHarmony');
    const initializing = createLeloHarmonyProtocol().initialize({ hardware, definition: baseDefinition('lelo-harmony', 'TianiHarmony') });
    await vi.waitFor(() => expect(device.subscriptions.includes('whitelist')).toBe(true));
    device.disconnect();
    await expectDeviceError(initializing, /disconnected/);
  });

  it('gives up after the authorisation timeout', async () => {
    const { hardware } = await simulatedDevice('lelo-harmony', 'TianiHarmony');
    const protocol = createLeloHarmonyProtocol({ authorisationTimeoutMs: 20 });
    await expectDeviceError(protocol.initialize({ hardware, definition: baseDefinition('lelo-harmony', 'TianiHarmony') }), /not authorised within 20 ms/);
  });
});

describe('lelo-f1s', () => {
  it('subscribes to rx without waiting and sends both motors in one packet', async () => {
    const { device, hardware } = await simulatedDevice('lelo-f1s', 'F1s');
    const definition = baseDefinition('lelo-f1s', 'F1s');
    const handler = await leloF1s.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'subscribe', endpoint: 'rx' }]);
    expect(written(handler.output(outputFor(definition, 1, 'Vibrate', 100)))).toEqual([[0x01, 0x00, 100]]);
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 1)))).toEqual([[0x01, 0x01, 100]]);
  });
});
