/** One client at a time (the default): a second is refused with 1013 and the first is unaffected. */
import { describe, expect, it } from 'vitest';
import {
  addAneros,
  eventually,
  handshakeV4,
  startStack,
  teardownAfterEach,
  waitForWrites,
  writesTo,
} from './support.ts';

const teardown = teardownAfterEach();

describe('a second client while one is connected', () => {
  it('is closed with 1013 and a reason, while the first keeps working; once the first leaves a new one is served', async () => {
    const stack = await startStack(teardown);
    const aneros = addAneros(stack.sim);
    await stack.scanUntilAnnounced(1);

    const first = await stack.openClient();
    expect(await first.request(handshakeV4(1, 'first'))).toMatchObject({ ServerInfo: { Id: 1 } });
    await eventually(() => stack.server.clientCount() === 1, 'first client counted');

    const second = await stack.openClient();
    expect(await second.closed).toEqual({ code: 1013, reason: 'another client is already connected to this server' });
    expect(second.frames).toEqual([]);
    expect(stack.server.clientCount()).toBe(1);

    const before = writesTo(aneros).length;
    expect(
      await first.request({ OutputCmd: { Id: 2, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 64 } } } }),
    ).toEqual({ Ok: { Id: 2 } });
    await waitForWrites(aneros, [[0xf1, 0x40]], before, 'first client still drives the device');

    await first.close();
    await eventually(() => stack.server.clientCount() === 0, 'first client gone');

    const third = await stack.openClient();
    expect(await third.request(handshakeV4(1, 'third'))).toMatchObject({ ServerInfo: { Id: 1, ProtocolVersionMajor: 4 } });
    expect(await third.request({ RequestDeviceList: { Id: 2 } })).toMatchObject({
      DeviceList: { Id: 2, Devices: { '0': { DeviceName: 'Aneros Vivi' } } },
    });
  });
});
