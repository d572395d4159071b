/** The official spec-v3 client (buttplug@3.2.2) against the real server over ws://127.0.0.1. */
import { ButtplugClient, ButtplugNodeWebsocketClientConnector, type ButtplugClientDevice } from 'buttplug-v3';
import { describe, expect, it } from 'vitest';
import {
  LOVENSE_BATTERY_PERCENT,
  LOVENSE_EDGE_STOP,
  WAIT_MS,
  WEVIBE_STOP,
  addLovenseEdge,
  addWeVibe,
  ascii,
  eventually,
  scanFor,
  startStack,
  teardownAfterEach,
  waitForWrites,
  withTimeout,
  writesTo,
} from './support.ts';

const teardown = teardownAfterEach();

describe('official v3 client (buttplug@3.2.2)', () => {
  it('handshakes, scans, vibrates a Lovense Edge and a WeVibe 4 Plus, reads the battery, and disconnect stops both', async () => {
    const stack = await startStack(teardown);
    const lovense = addLovenseEdge(stack.sim, teardown);
    const wevibe = addWeVibe(stack.sim);

    const client = new ButtplugClient('e2e v3 client');
    teardown.add(async () => {
      if (client.connected) await client.disconnect().catch(() => {});
    });
    await withTimeout(client.connect(new ButtplugNodeWebsocketClientConnector(stack.url)), WAIT_MS, 'v3 connect');
    expect(client.connected).toBe(true);
    expect(client.devices).toEqual([]);

    const found = await scanFor<ButtplugClientDevice>(client, ['Lovense Edge', 'WeVibe 4 Plus']);

    const edge = found.get('Lovense Edge')!;
    const fourPlus = found.get('WeVibe 4 Plus')!;
    expect(edge.vibrateAttributes.map((attribute) => attribute.StepCount)).toEqual([20, 20]);
    expect(edge.hasBattery).toBe(true);
    expect(fourPlus.vibrateAttributes.map((attribute) => attribute.StepCount)).toEqual([15, 15]);

    const edgeBefore = writesTo(lovense).length;
    await edge.vibrate(0.5);
    await waitForWrites(lovense, [ascii('Vibrate1:10;'), ascii('Vibrate2:10;')], edgeBefore, 'Edge at half speed');

    const fourPlusBefore = writesTo(wevibe).length;
    await fourPlus.vibrate([0.5, 0.25]);
    // Both motors share one write: ceil(15 × 0.5) = 8 in the high nibble, ceil(15 × 0.25) = 4 in the low.
    await waitForWrites(wevibe, [[0x0f, 0x03, 0x00, 0x84, 0x00, 0x03, 0x00, 0x00]], fourPlusBefore, '4 Plus vibrating');

    expect(await edge.battery()).toBe(LOVENSE_BATTERY_PERCENT / 100);

    const edgeBeforeDisconnect = writesTo(lovense).length;
    const fourPlusBeforeDisconnect = writesTo(wevibe).length;
    await client.disconnect();
    expect(client.connected).toBe(false);
    await waitForWrites(lovense, LOVENSE_EDGE_STOP, edgeBeforeDisconnect, 'Edge stopped on disconnect');
    await waitForWrites(wevibe, WEVIBE_STOP, fourPlusBeforeDisconnect, '4 Plus stopped on disconnect');
    await eventually(() => stack.server.clientCount() === 0, 'server has no client left');
  });
});
