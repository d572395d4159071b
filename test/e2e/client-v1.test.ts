/**
 * The official spec-v1 client (buttplug@0.13.2) against the real server over ws://127.0.0.1. That
 * client checks every frame it receives against its own v1 schema, so a wrongly shaped reply
 * fails this test.
 */
import { ButtplugBrowserWebsocketClientConnector, ButtplugClient, type ButtplugClientDevice } from 'buttplug-v1';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ANEROS_STOP,
  WAIT_MS,
  WEVIBE_STOP,
  addAneros,
  addWeVibe,
  eventually,
  startStack,
  teardownAfterEach,
  waitForWrites,
  withTimeout,
  writesTo,
} from './support.ts';

// The 0.13 connector opens a browser `WebSocket`; Node 20 has none, so it gets the ws package's,
// which offers the same addEventListener interface.
beforeEach(() => {
  vi.stubGlobal('WebSocket', WebSocket);
});
afterEach(() => {
  vi.unstubAllGlobals();
});
// Registered after the unstubbing, so it runs before it (after-hooks run last registered first).
const teardown = teardownAfterEach();

describe('official v1 client (buttplug@0.13.2)', () => {
  it('handshakes, scans, vibrates an Aneros Vivi and a WeVibe 4 Plus, and disconnect stops both', async () => {
    const stack = await startStack(teardown);
    const aneros = addAneros(stack.sim);
    const wevibe = addWeVibe(stack.sim);

    const client = new ButtplugClient('e2e v1 client');
    teardown.add(async () => {
      if (client.Connected) await client.Disconnect().catch(() => {});
    });
    await withTimeout(client.Connect(new ButtplugBrowserWebsocketClientConnector(stack.url)), WAIT_MS, 'v1 connect');
    expect(client.Connected).toBe(true);
    expect(client.Devices).toEqual([]);

    const found = new Map<string, ButtplugClientDevice>();
    client.on('deviceadded', (device: ButtplugClientDevice) => found.set(device.Name, device));
    await client.StartScanning();
    await eventually(() => found.has('Aneros Vivi') && found.has('WeVibe 4 Plus'), 'v1 client sees both devices');

    const vivi = found.get('Aneros Vivi')!;
    const fourPlus = found.get('WeVibe 4 Plus')!;
    expect(vivi.AllowedMessages.sort()).toEqual(['SingleMotorVibrateCmd', 'StopDeviceCmd', 'VibrateCmd']);
    expect(vivi.MessageAttributes('VibrateCmd')).toEqual({ FeatureCount: 2 });

    const viviBefore = writesTo(aneros).length;
    await vivi.SendVibrateCmd(0.5);
    await waitForWrites(aneros, [[0xf1, 0x40], [0xf2, 0x40]], viviBefore, 'Vivi at half speed');

    const fourPlusBefore = writesTo(wevibe).length;
    await fourPlus.SendVibrateCmd(0.5);
    await waitForWrites(wevibe, [[0x0f, 0x03, 0x00, 0x88, 0x00, 0x03, 0x00, 0x00]], fourPlusBefore, '4 Plus at half speed');

    // A device-level stop, then vibrate again so the disconnect has something to stop.
    const viviBeforeStop = writesTo(aneros).length;
    await vivi.SendStopDeviceCmd();
    await waitForWrites(aneros, ANEROS_STOP, viviBeforeStop, 'Vivi stopped by StopDeviceCmd');
    await vivi.SendVibrateCmd(1);
    await waitForWrites(aneros, [[0xf1, 0x7f], [0xf2, 0x7f]], viviBeforeStop, 'Vivi at full speed');

    const viviBeforeDisconnect = writesTo(aneros).length;
    const fourPlusBeforeDisconnect = writesTo(wevibe).length;
    await client.Disconnect();
    expect(client.Connected).toBe(false);
    await waitForWrites(aneros, ANEROS_STOP, viviBeforeDisconnect, 'Vivi stopped on disconnect');
    await waitForWrites(wevibe, WEVIBE_STOP, fourPlusBeforeDisconnect, '4 Plus stopped on disconnect');
    await eventually(() => stack.server.clientCount() === 0, 'server has no client left');
  });
});
