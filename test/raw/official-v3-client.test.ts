/** The official spec-v3 client (buttplug@3.2.2) using raw messages against a server started with allowRaw. */
import { ButtplugClient, ButtplugNodeWebsocketClientConnector, type ButtplugClientDevice } from 'buttplug-v3';
import { afterEach, describe, expect, it } from 'vitest';
import { Teardown, WAIT_MS, eventually, startStack, withTimeout, writesTo } from '../e2e/support.ts';

const teardown = new Teardown();
afterEach(() => teardown.closeAll());

describe('official v3 client with raw messages allowed', () => {
  it('sees the raw endpoints and writes, reads, subscribes and unsubscribes through them', async () => {
    const stack = await startStack(teardown, { allowRaw: true });
    const device = stack.sim.addDevice({ name: 'Massage Demo', address: 'raw-v3', endpoints: ['tx', 'rx'], messageGapMs: 0 });

    const client = new ButtplugClient('raw v3 client');
    teardown.add(async () => {
      if (client.connected) await client.disconnect().catch(() => {});
    });
    await withTimeout(client.connect(new ButtplugNodeWebsocketClientConnector(stack.url)), WAIT_MS, 'v3 connect');
    let found: ButtplugClientDevice | undefined;
    client.on('deviceadded', (added: ButtplugClientDevice) => (found = added));
    await client.startScanning();
    await eventually(() => found !== undefined, 'the v3 client sees the device');
    const toy = found!;

    expect(toy.name).toBe('Aneros Vivi (Raw Messages Allowed)');
    expect(toy.messageAttributes.RawWriteCmd?.Endpoints).toEqual(['tx', 'rx']);

    // The client's class-transformer turns a Uint8Array into {"0":…,"1":…}, which no server accepts
    // as RawWriteCmd.Data (the schema wants an array); a plain array goes out as one.
    await toy.rawWrite('tx', [0xaa, 0x01] as unknown as Uint8Array, true);
    await eventually(() => writesTo(device).some((w) => w.endpoint === 'tx' && w.data.join() === '170,1'), 'the raw write at the device');

    // This client spells the read the bp7 way (ExpectedLength, Timeout).
    device.queueRead('rx', [5, 6]);
    expect([...(await toy.rawRead('rx', 2, 300))]).toEqual([5, 6]);
    expect(device.reads.at(-1)).toEqual({ endpoint: 'rx', length: 2, timeoutMs: 300 });

    await toy.rawSubscribe('rx');
    expect(device.subscriptions).toEqual(['rx']);
    await toy.rawUnsubscribe('rx');
    expect(device.subscriptions).toEqual([]);

    // Raw access leaves the normal commands working.
    await toy.vibrate(1);
    await eventually(() => writesTo(device).some((w) => w.data.join() === '241,127'), 'the vibrate write');
  });
});
