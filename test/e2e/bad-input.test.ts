/**
 * Bad input over a real socket: garbage text and binary frames get an Error and leave the
 * connection usable; a frame over 1 MiB closes only the socket that sent it.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../src/transport/index.ts';
import {
  ANEROS_STOP,
  type Message,
  RawClient,
  addAneros,
  bodyOf,
  eventually,
  handshakeV4,
  nameOf,
  startStack,
  teardownAfterEach,
  waitForWrites,
  writesTo,
} from './support.ts';

const teardown = teardownAfterEach();

/** The next unsolicited Error (Id 0). */
const nextError = (client: RawClient) =>
  client.take((message) => nameOf(message) === 'Error' && bodyOf(message).Id === 0, 'Error with Id 0');

function expectMessageError(message: Message) {
  expect(nameOf(message)).toBe('Error');
  expect(bodyOf(message)).toMatchObject({ Id: 0, ErrorCode: 3 });
  expect(bodyOf(message).ErrorMessage).toEqual(expect.any(String));
  expect((bodyOf(message).ErrorMessage as string).length).toBeGreaterThan(0);
}

describe('garbage and binary frames', () => {
  it('garbage before the handshake gets Error Id 0 code 3, and the handshake still works after it', async () => {
    const stack = await startStack(teardown);
    const client = await stack.openClient();

    client.send('this is not json {');
    expectMessageError(await nextError(client));

    expect(await client.request(handshakeV4())).toMatchObject({ ServerInfo: { Id: 1, ProtocolVersionMajor: 4 } });
  });

  it('after the handshake: garbage text and a binary frame each get Error Id 0 code 3; the connection stays usable', async () => {
    const stack = await startStack(teardown);
    const client = await stack.openClient();
    await client.request(handshakeV4());

    for (const garbage of ['{{{{', '[]', '{"Ping":{"Id":1}}', 'null']) {
      client.send(garbage);
      expectMessageError(await nextError(client));
    }
    expect(await client.request({ Ping: { Id: 2 } })).toEqual({ Ok: { Id: 2 } });

    client.socket.send(Buffer.from('[{"Ping":{"Id":3}}]'), { binary: true });
    expectMessageError(await nextError(client));
    // The binary frame was refused, not executed: nothing answers its Id.
    expect(await client.request({ RequestDeviceList: { Id: 4 } })).toEqual({ DeviceList: { Id: 4, Devices: {} } });
    expect(client.leftovers).toEqual([]);
  });
});

describe('a frame over 1 MiB', () => {
  it('closes only that socket with 1009 and stops what it moved; the other client and new clients work', async () => {
    const stack = await startStack(teardown, { maxClients: 2 });
    const aneros = addAneros(stack.sim);
    await stack.scanUntilAnnounced(1);

    const offender = await stack.openClient();
    const bystander = await stack.openClient();
    await offender.request(handshakeV4(1, 'offender'));
    await bystander.request(handshakeV4(1, 'bystander'));

    let before = writesTo(aneros).length;
    await offender.request({ OutputCmd: { Id: 2, DeviceIndex: 0, FeatureIndex: 1, Command: { Vibrate: { Value: 127 } } } });
    await waitForWrites(aneros, [[0xf2, 0x7f]], before, 'offender moved the device');

    before = writesTo(aneros).length;
    offender.send(`[${' '.repeat(MAX_FRAME_BYTES)}]`);
    expect((await offender.closed).code).toBe(1009);
    await waitForWrites(aneros, ANEROS_STOP.slice(1), before, 'device stopped after the offender was cut off');
    await eventually(() => stack.server.clientCount() === 1, 'only the bystander left');

    expect(await bystander.request({ Ping: { Id: 2 } })).toEqual({ Ok: { Id: 2 } });

    const newcomer = await stack.openClient();
    expect(await newcomer.request(handshakeV4(1, 'newcomer'))).toMatchObject({ ServerInfo: { Id: 1 } });
    before = writesTo(aneros).length;
    expect(
      await newcomer.request({ OutputCmd: { Id: 2, DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 13 } } } }),
    ).toEqual({ Ok: { Id: 2 } });
    await waitForWrites(aneros, [[0xf1, 0x0d]], before, 'newcomer drives the device');
  });
});
