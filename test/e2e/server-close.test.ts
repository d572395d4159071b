/** `await server.close()` with devices moving and clients connected, over real sockets. */
import { DeviceOutput } from 'buttplug-v4';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  ANEROS_STOP,
  LOVENSE_EDGE_STOP,
  WAIT_MS,
  addAneros,
  addLovenseEdge,
  ascii,
  eventually,
  handshakeV4,
  receivedAll,
  startStack,
  teardownAfterEach,
  waitForWrites,
  withTimeout,
  writesTo,
} from './support.ts';

const teardown = teardownAfterEach();

describe('server.close()', () => {
  it('sends the stop bytes to every moving device, disconnects the client and stops listening', async () => {
    const stack = await startStack(teardown);
    const lovense = addLovenseEdge(stack.sim, teardown);
    const aneros = addAneros(stack.sim);
    await stack.scanUntilAnnounced(2);
    const edgeIndex = stack.server.devices().find((device) => device.name === 'Lovense Edge')!.index;
    const viviIndex = stack.server.devices().find((device) => device.name === 'Aneros Vivi')!.index;

    const client = await stack.openClient();
    await client.request(handshakeV4());
    const vibrate = (id: number, DeviceIndex: number, FeatureIndex: number, Value: number) =>
      client.request({ OutputCmd: { Id: id, DeviceIndex, FeatureIndex, Command: { Vibrate: { Value } } } });
    expect(await vibrate(2, edgeIndex, 0, 20)).toEqual({ Ok: { Id: 2 } });
    expect(await vibrate(3, edgeIndex, 1, 7)).toEqual({ Ok: { Id: 3 } });
    expect(await vibrate(4, viviIndex, 0, 100)).toEqual({ Ok: { Id: 4 } });
    await waitForWrites(lovense, [ascii('Vibrate1:20;'), ascii('Vibrate2:7;')], 0, 'Edge moving');
    await waitForWrites(aneros, [[0xf1, 100]], 0, 'Vivi moving');

    const edgeBefore = writesTo(lovense).length;
    const viviBefore = writesTo(aneros).length;
    const ended = firstValueFrom(stack.server.events.pipe(toArray()));
    await withTimeout(stack.server.close(), WAIT_MS, 'server.close()');

    // close() resolves only after the stop bytes went out.
    expect(receivedAll(lovense, LOVENSE_EDGE_STOP, edgeBefore)).toBe(true);
    expect(receivedAll(aneros, ANEROS_STOP.slice(0, 1), viviBefore)).toBe(true);
    expect(lovense.connected).toBe(false);
    expect(aneros.connected).toBe(false);

    const closed = await withTimeout(client.closed, WAIT_MS, 'client closed');
    expect([1000, 1001]).toContain(closed.code);
    expect(stack.server.clientCount()).toBe(0);
    expect((await ended).map((event) => event.type)).toContain('server.closed');

    // The listener went with the server.
    await expect(stack.openClient()).rejects.toThrow();
  });

  it('an official v4 client sees the disconnect', async () => {
    const stack = await startStack(teardown);
    const aneros = addAneros(stack.sim);
    await stack.scanUntilAnnounced(1);

    const client = await stack.connectOfficialClient();
    const disconnected = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
    const device = client.devices.get(0)!;
    await device.runOutput(DeviceOutput.Vibrate.value(127));
    await waitForWrites(aneros, [[0xf1, 0x7f], [0xf2, 0x7f]], 0, 'Vivi at full speed');

    const before = writesTo(aneros).length;
    await withTimeout(stack.server.close(), WAIT_MS, 'server.close()');
    expect(receivedAll(aneros, ANEROS_STOP, before)).toBe(true);
    await withTimeout(disconnected, WAIT_MS, 'client disconnect event');
    await eventually(() => !client.connected, 'client no longer connected');
  });
});
