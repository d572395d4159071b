import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectBridgeDevice, type BridgeCommand } from '../../src/hardware/index.ts';
import {
  JOYCON_RUMBLE_INTERVAL_MS,
  joyconReport,
  joyconRumble,
  joyconRumbleForSpeed,
  protocol,
} from '../../protocols/nintendo-joycon.ts';
import { eventually, handshakeV4, startStack, teardownAfterEach } from '../e2e/support.ts';
import type { SimulatedConnection } from '../support/simulated-hardware.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

const IDLE = [0x00, 0x00, 0x01, 0x40];
const ENABLE_VIBRATION = joyconReport(0x01, 0, undefined, 0x48, [0x01]);

function joycon(): Promise<SimulatedConnection> {
  return simulatedDevice('nintendo-joycon', 'Joy-Con (L)', { endpoints: ['tx', 'rx'], address: 'joycon-1' });
}

describe('nintendo-joycon rumble encoding', () => {
  it('gives the idle pattern at zero and just above it', () => {
    expect(joyconRumbleForSpeed(0)).toEqual(IDLE);
    // 1/1000 is not above the 0.001 threshold (compared in 32-bit floats, as the reference does).
    expect(joyconRumbleForSpeed(1)).toEqual(IDLE);
  });

  it('encodes 200 Hz with the amplitude bands of the reference formula', () => {
    expect(joyconRumbleForSpeed(2)).toEqual([0xa8, 0x00, 0x4a, 0x40]); // tiny amplitudes encode as 0
    expect(joyconRumbleForSpeed(121)).toEqual([0xa8, 0x22, 0x4a, 0x48]); // 0.12 < a ≤ 0.23
    expect(joyconRumbleForSpeed(230)).toEqual([0xa8, 0x3e, 0x4a, 0x4f]); // still the middle band
    expect(joyconRumbleForSpeed(231)).toEqual([0xa8, 0x40, 0x4a, 0x50]); // a > 0.23
    expect(joyconRumbleForSpeed(1000)).toEqual([0xa8, 0xc8, 0x4a, 0x72]);
  });

  it('keeps the low-band frequency in byte 2 (the reference adds the amplitude byte there)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1000 }), (speed) => {
        expect(joyconRumbleForSpeed(speed)[2]).toBe(0x4a);
      }),
    );
  });

  it('always gives four bytes with the low-band amplitude in 0x40–0x7f, and never decreases with speed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lowBytes = joyconRumbleForSpeed(low);
        const highBytes = joyconRumbleForSpeed(high);
        expect(lowBytes).toHaveLength(4);
        expect(lowBytes[3]).toBeGreaterThanOrEqual(0x40);
        expect(lowBytes[3]).toBeLessThanOrEqual(0x7f);
        if (low > 1) expect(highBytes[1]).toBeGreaterThanOrEqual(lowBytes[1]);
      }),
    );
  });

  it('saturates frequency and amplitude instead of overflowing', () => {
    expect(joyconRumble(5000, 5)).toEqual(joyconRumble(1252, 1.799));
    expect(joyconRumble(-1, -1)).toEqual(IDLE);
  });
});

describe('nintendo-joycon protocol', () => {
  it('turns vibration on at connect and streams 64-byte rumble reports every 15 ms', async () => {
    const { device, hardware } = await joycon();
    const definition = baseDefinition('nintendo-joycon');
    const handler = await protocol.initialize({ hardware, definition });
    expect(commandsTo(device)).toEqual([{ kind: 'write', endpoint: 'tx', data: [...ENABLE_VIBRATION], withResponse: false }]);
    expect([...ENABLE_VIBRATION.slice(0, 12)]).toEqual([0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x48, 0x01]);
    expect(handler.keepalive).toEqual({ kind: 'repeatLastWrite', intervalMs: JOYCON_RUMBLE_INTERVAL_MS });
    const [report] = written(handler.output(outputFor(definition, 0, 'Vibrate', 1000)));
    expect(report).toHaveLength(64);
    expect(report.slice(0, 11)).toEqual([0x10, 0x01, 0xa8, 0xc8, 0x4a, 0x72, 0xa8, 0xc8, 0x4a, 0x72, 0x00]);
    expect(report.slice(11).every((byte) => byte === 0)).toBe(true);
  });

  it('fails with a device error when the vibration-enable write fails', async () => {
    const { device, hardware } = await joycon();
    device.disconnect();
    await expect(protocol.initialize({ hardware, definition: baseDefinition('nintendo-joycon') })).rejects.toMatchObject({
      message: expect.stringMatching(/nintendo-joycon: cannot turn on vibration/),
      code: 4,
    });
  });
});

describe('nintendo-joycon through the device bridge (hid transport)', () => {
  const teardown = teardownAfterEach();

  function rumbleOf(command: BridgeCommand): number[] | undefined {
    if (command.kind !== 'write' || command.data[0] !== 0x10) return undefined;
    return [...command.data.slice(2, 6)];
  }

  it('is found by vendor and product id, rumbles as commanded and goes idle on stop', async () => {
    const stack = await startStack(teardown, { bridge: true });
    const client = await stack.openClient();
    await client.request(handshakeV4());
    await client.request({ StartScanning: { Id: 2 } });

    const device = await connectBridgeDevice(stack.bridge!.url!, {
      version: 1,
      transport: 'hid',
      identifier: 'Joy-Con (L)',
      address: 'joycon-serial-1',
      vendorId: 0x057e,
      productId: 0x2006,
      messageGapMs: 0,
    });
    teardown.add(async () => void (await device.close()));
    await eventually(() => device.announced !== undefined, 'the Joy-Con to be announced');
    expect(device.announced?.protocol).toBe('nintendo-joycon');

    const first = await device.nextCommand(2000);
    expect(first).toMatchObject({ kind: 'write', endpoint: 'tx', data: ENABLE_VIBRATION });
    // The stream runs before anything is commanded: idle reports.
    await eventually(() => device.commands.filter((c) => rumbleOf(c)?.join() === IDLE.join()).length >= 3, 'idle reports');

    const before = device.commands.length;
    const reply = await client.request({ OutputCmd: { Id: 3, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 500 } } } });
    expect(Object.keys(reply)).toEqual(['Ok']);
    const half = joyconRumbleForSpeed(500);
    await eventually(() => device.commands.slice(before).filter((c) => rumbleOf(c)?.join() === half.join()).length >= 3, 'repeated rumble at 500');

    const beforeStop = device.commands.length;
    await client.request({ StopCmd: { Id: 4, DeviceIndex: 0 } });
    await eventually(() => device.commands.slice(beforeStop).some((c) => rumbleOf(c)?.join() === IDLE.join()), 'idle after stop');
    // Once idle, the stream stays idle.
    const idleAt = device.commands.findIndex((c, i) => i >= beforeStop && rumbleOf(c)?.join() === IDLE.join());
    await eventually(() => device.commands.length > idleAt + 3, 'more reports after the stop');
    expect(device.commands.slice(idleAt).every((c) => rumbleOf(c)?.join() === IDLE.join())).toBe(true);
  });
});
