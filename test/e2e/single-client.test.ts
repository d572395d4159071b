/** One client at a time (the default): a second is refused with 1013 and the first is unaffected. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  RawClient,
  Teardown,
  addAneros,
  devicesAnnounced,
  eventually,
  handshakeV4,
  startStack,
  waitForWrites,
  writesTo,
} from './support.ts';

const teardown = new Teardown();
afterEach(() => teardown.closeAll());

describe('a second client while one is connected', () => {
  it('is closed with 1013 and a reason, while the first keeps working; once the first leaves a new one is served', async () => {
    const stack = await startStack(teardown);
    const aneros = addAneros(stack.sim);
    stack.server.startScanning();
    await devicesAnnounced(stack.server, 1);

    const first = await RawClient.open(stack.url, teardown);
    expect(await first.request(handshakeV4(1, 'first'))).toMatchObject({ ServerInfo: { Id: 1 } });
    await eventually(() => stack.server.clientCount() === 1, 'first client counted');

    const second = await RawClient.open(stack.url, teardown);
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

    const third = await RawClient.open(stack.url, teardown);
    expect(await third.request(handshakeV4(1, 'third'))).toMatchObject({ ServerInfo: { Id: 1, ProtocolVersionMajor: 4 } });
    expect(await third.request({ RequestDeviceList: { Id: 2 } })).toMatchObject({
      DeviceList: { Id: 2, Devices: { '0': { DeviceName: 'Aneros Vivi' } } },
    });
  });
});
