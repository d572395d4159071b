/**
 * The Buttplug ping watchdog over a real socket, in real time (MaxPingTime 200 ms; the waits are
 * bounded and short). The virtual-time cases live in the session machine tests.
 */
import { describe, expect, it } from 'vitest';
import {
  ANEROS_STOP,
  RawClient,
  addAneros,
  eventually,
  handshakeV4,
  receivedAll,
  startStack,
  teardownAfterEach,
  waitForWrites,
  writesTo,
} from './support.ts';

const MAX_PING_TIME = 200;
const PING_EVERY = 50;
/** Pings sent before going quiet: 12 × 50 ms spans three watchdog periods. */
const PINGS = 12;

const teardown = teardownAfterEach();

/** Pings every PING_EVERY ms (Ids from `firstId` up) until stopped; stop() gives the replies in order. */
function keepPinging(client: RawClient, firstId: number) {
  const replies: Promise<unknown>[] = [];
  let id = firstId;
  const timer = setInterval(() => {
    // A missing reply becomes its error in place, so a failure shows which Ping went unanswered.
    replies.push(client.request({ Ping: { Id: id } }).catch((error: Error) => error.message));
    id += 1;
  }, PING_EVERY);
  teardown.add(() => clearInterval(timer));
  return {
    get sent() {
      return replies.length;
    },
    stop: async () => {
      clearInterval(timer);
      return Promise.all(replies);
    },
  };
}

describe('ping watchdog (MaxPingTime 200)', () => {
  it('a client pinging every 50 ms stays; when it stops, its device is stopped, it gets Error Id 0 code 2 and is closed', async () => {
    const stack = await startStack(teardown, { maxPingTime: MAX_PING_TIME });
    const aneros = addAneros(stack.sim);
    await stack.scanUntilAnnounced(1);

    const client = await stack.openClient();
    expect(await client.request(handshakeV4())).toMatchObject({ ServerInfo: { Id: 1, MaxPingTime: MAX_PING_TIME } });
    const pinger = keepPinging(client, 100);

    const before = writesTo(aneros).length;
    expect(
      await client.request({ OutputCmd: { Id: 2, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 64 } } } }),
    ).toEqual({ Ok: { Id: 2 } });
    await waitForWrites(aneros, [[0xf1, 0x40]], before, 'vibrating');
    const afterStart = writesTo(aneros).length;

    await eventually(() => pinger.sent >= PINGS, `${PINGS} pings sent`);
    const replies = await pinger.stop();
    expect(replies).toEqual(replies.map((_, i) => ({ Ok: { Id: 100 + i } })));
    // Still alive: no stop reached the device, no error arrived, and a request is still served.
    expect(receivedAll(aneros, [[0xf1, 0x00]], afterStart)).toBe(false);
    expect(client.leftovers).toEqual([]);
    expect(await client.request({ RequestDeviceList: { Id: 3 } })).toMatchObject({ DeviceList: { Id: 3 } });

    // Silence: within MaxPingTime (plus scheduling slack) the watchdog fires.
    const timedOut = await client.take((message) => 'Error' in message, 'ping timeout error', 4 * MAX_PING_TIME);
    expect(timedOut).toEqual({ Error: { Id: 0, ErrorCode: 2, ErrorMessage: expect.any(String) } });
    await waitForWrites(aneros, ANEROS_STOP.slice(0, 1), afterStart, 'device stopped on ping timeout');
    expect((await client.closed).code).toBe(1008);
  });

  it('traffic other than Ping does not keep the session alive', async () => {
    const stack = await startStack(teardown, { maxPingTime: MAX_PING_TIME });
    const client = await stack.openClient();
    await client.request(handshakeV4());

    let id = 10;
    const busy = setInterval(() => client.send([{ RequestDeviceList: { Id: id++ } }]), PING_EVERY);
    teardown.add(() => clearInterval(busy));
    const timedOut = await client.take((message) => 'Error' in message, 'ping timeout error', 4 * MAX_PING_TIME);
    clearInterval(busy);
    expect(timedOut).toMatchObject({ Error: { Id: 0, ErrorCode: 2 } });
  });
});
