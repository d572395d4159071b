/**
 * Dial-out: the server connects to a listening client (Intiface's websocket-client mode). A local
 * WebSocketServer plays that client and speaks raw v4 JSON over the socket the server opened.
 */
import { WebSocketServer } from 'ws';
import { describe, expect, it } from 'vitest';
import { dialOut } from '../../src/transport/index.ts';
import {
  LOVENSE_EDGE_STOP,
  RawClient,
  WAIT_MS,
  addLovenseEdge,
  ascii,
  eventually,
  handshakeV4,
  startStack,
  teardownAfterEach,
  waitForWrites,
  withTimeout,
  writesTo,
} from './support.ts';

const teardown = teardownAfterEach();

/** A listener on 127.0.0.1:0 that hands over the first socket connecting to it. */
async function listeningClient() {
  const listener = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  teardown.add(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of listener.clients) socket.terminate();
        listener.close(() => resolve());
      }),
  );
  await withTimeout(new Promise((resolve) => listener.once('listening', resolve)), WAIT_MS, 'listener up');
  const address = listener.address();
  if (typeof address !== 'object' || address === null) throw new Error('the listener has no address');
  const firstConnection = withTimeout(
    new Promise<RawClient>((resolve) => listener.once('connection', (socket) => resolve(RawClient.adopt(socket)))),
    WAIT_MS,
    'the server dials in',
  );
  return { url: `ws://127.0.0.1:${address.port}`, firstConnection };
}

describe('dial-out to a listening client', () => {
  it('the client side handshakes, lists the device, drives it and reads its battery; closing stops it', async () => {
    const stack = await startStack(teardown);
    const lovense = addLovenseEdge(stack.sim, teardown);
    await stack.scanUntilAnnounced(1);

    const { url, firstConnection } = await listeningClient();
    // A long retry so the server does not dial again while the test runs; stop() cancels it.
    const dial = dialOut({ url, acceptor: stack.server, retryMs: 60_000, heartbeatMs: 0 });
    teardown.add(() => dial.stop());
    const client = await firstConnection;

    expect(await client.request(handshakeV4(1, 'dialled'))).toEqual({
      ServerInfo: { Id: 1, ProtocolVersionMajor: 4, ProtocolVersionMinor: 0, MaxPingTime: 0, ServerName: 'plugstate e2e' },
    });
    await eventually(() => stack.server.clientCount() === 1, 'dialled client counted');

    expect(await client.request({ RequestDeviceList: { Id: 2 } })).toEqual({
      DeviceList: {
        Id: 2,
        Devices: {
          '0': {
            DeviceIndex: 0,
            DeviceName: 'Lovense Edge',
            DeviceMessageTimingGap: 0,
            DeviceFeatures: {
              '0': { FeatureIndex: 0, FeatureDescription: '', Output: { Vibrate: { Value: [0, 20] } } },
              '1': { FeatureIndex: 1, FeatureDescription: '', Output: { Vibrate: { Value: [0, 20] } } },
              '2': {
                FeatureIndex: 2,
                FeatureDescription: 'battery Level',
                Input: { Battery: { Value: [[0, 100]], Command: ['Read'] } },
              },
            },
          },
        },
      },
    });

    let before = writesTo(lovense).length;
    expect(
      await client.request({ OutputCmd: { Id: 3, DeviceIndex: 0, FeatureIndex: 1, Command: { Vibrate: { Value: 10 } } } }),
    ).toEqual({ Ok: { Id: 3 } });
    await waitForWrites(lovense, [ascii('Vibrate2:10;')], before, 'second motor at 10');

    expect(
      await client.request({ InputCmd: { Id: 4, DeviceIndex: 0, FeatureIndex: 2, Type: 'Battery', Command: 'Read' } }),
    ).toEqual({ InputReading: { Id: 4, DeviceIndex: 0, FeatureIndex: 2, Reading: { Battery: { Value: 85 } } } });

    before = writesTo(lovense).length;
    await client.close();
    await waitForWrites(lovense, LOVENSE_EDGE_STOP.slice(1), before, 'second motor stopped after the client side closed');
    await eventually(() => stack.server.clientCount() === 0, 'dialled client gone');
    expect(client.leftovers).toEqual([]);
  });
});
