/**
 * Raw messages through the real server: raw JSON v2/v3/v4 clients over in-process connections,
 * simulated devices, with the server option allowRaw off and on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type PlugstateServer, type ServerOptions } from '../../src/server/server.ts';
import { SimulatorManager } from '../../src/hardware/index.ts';
import { ErrorCode } from '../../src/errors.ts';
import type { SpecVersion } from '../../src/messages/types.ts';
import { RawClient, describeCommand, settle, waitUntil, writesOf, type RawMessage } from '../server/raw-client.ts';
import { schemaErrors } from '../fixtures/convert/wire.ts';
import { Teardown, addLovenseEdge } from '../e2e/support.ts';

const RAW_TYPES = ['RawReadCmd', 'RawWriteCmd', 'RawSubscribeCmd', 'RawUnsubscribeCmd'];
const ENDPOINTS = ['tx', 'rx', 'generic0'];

const servers: PlugstateServer[] = [];
const teardown = new Teardown();
afterEach(async () => {
  await teardown.closeAll();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server with one simulated Aneros ("Massage Demo") that has three endpoints, and a client that saw it. */
async function start(version: SpecVersion, options: ServerOptions = {}, messageGapMs = 0) {
  const sim = new SimulatorManager();
  const device = sim.addDevice({ name: 'Massage Demo', address: 'raw-aneros', endpoints: ENDPOINTS, messageGapMs });
  const server = createServer({ managers: [sim], ...options });
  servers.push(server);
  const client = await RawClient.connect(server, version);
  await client.request('StartScanning');
  await client.waitForDevices([0]);
  await client.request('StopScanning');
  return { sim, device, server, client };
}

/** The description this client got, from its DeviceAdded (v0–v3) or DeviceList (v4) event. */
function described(client: RawClient): Record<string, any> {
  const event = client.events().find((m) => m.type === 'DeviceAdded' || m.type === 'DeviceList')!;
  return event.type === 'DeviceAdded' ? event.body : Object.values(event.body.Devices as Record<string, any>)[0];
}

const frameOf = (message: RawMessage) => [{ [message.type]: message.body }];

function expectError(reply: RawMessage, code: ErrorCode, text: string | RegExp) {
  expect(reply.type).toBe('Error');
  expect(reply.body.ErrorCode).toBe(code);
  if (typeof text === 'string') expect(reply.body.ErrorMessage).toContain(text);
  else expect(reply.body.ErrorMessage).toMatch(text);
}

const rawRequests = [
  ['RawWriteCmd', { DeviceIndex: 0, Endpoint: 'tx', Data: [1, 2], WriteWithResponse: false }],
  ['RawReadCmd', { DeviceIndex: 0, Endpoint: 'rx', Length: 1, WaitForData: false }],
  ['RawSubscribeCmd', { DeviceIndex: 0, Endpoint: 'rx' }],
  ['RawUnsubscribeCmd', { DeviceIndex: 0, Endpoint: 'rx' }],
] as const;

describe('with allowRaw off (the default)', () => {
  it.each([2, 3] as const)('a v%i client sees no raw attributes and gets a message error pointing at --allow-raw', async (version) => {
    const { device, client } = await start(version);
    const description = described(client);
    expect(description.DeviceName).toBe('Aneros Vivi');
    for (const type of RAW_TYPES) expect(description.DeviceMessages).not.toHaveProperty(type);

    const before = device.commands.length;
    for (const [type, body] of rawRequests) {
      expectError(await client.request(type, body), ErrorCode.Message, '--allow-raw');
    }
    await settle();
    expect(device.commands.slice(before)).toEqual([]);
    expect(device.reads).toEqual([]);
  });
});

describe('with allowRaw on', () => {
  const allowRaw = { allowRaw: true };

  it('a v2 client sees all four Raw* entries listing the endpoints, schema-valid, and the bp7 name suffix', async () => {
    const { client } = await start(2, allowRaw);
    const added = client.events('DeviceAdded')[0];
    expect(schemaErrors(frameOf(added), 2)).toEqual([]);
    expect(added.body.DeviceName).toBe('Aneros Vivi (Raw Messages Allowed)');
    for (const type of RAW_TYPES) expect(added.body.DeviceMessages[type]).toEqual({ Endpoints: ENDPOINTS });
    const list = await client.request('RequestDeviceList');
    expect(schemaErrors(frameOf(list), 2)).toEqual([]);
    expect(list.body.Devices[0]).toEqual({ DeviceIndex: 0, DeviceName: added.body.DeviceName, DeviceMessages: added.body.DeviceMessages });
  });

  it('a v3 client sees RawReadCmd, RawWriteCmd and RawSubscribeCmd (the v3 schema has no RawUnsubscribeCmd entry)', async () => {
    const { client } = await start(3, allowRaw);
    const list = await client.request('RequestDeviceList');
    expect(schemaErrors(frameOf(list), 3)).toEqual([]);
    const messages = list.body.Devices[0].DeviceMessages;
    for (const type of ['RawReadCmd', 'RawWriteCmd', 'RawSubscribeCmd']) expect(messages[type]).toEqual({ Endpoints: ENDPOINTS });
    expect(messages).not.toHaveProperty('RawUnsubscribeCmd');
    expect(messages.ScalarCmd).toHaveLength(2);
  });

  it.each([2, 3] as const)('v%i RawWriteCmd bytes reach the device on that endpoint, in order with other commands', async (version) => {
    const { device, client } = await start(version, allowRaw);
    const before = device.commands.length;
    expect((await client.request('RawWriteCmd', { DeviceIndex: 0, Endpoint: 'generic0', Data: [0xde, 0xad], WriteWithResponse: true })).type).toBe('Ok');
    const vibrate =
      version === 3
        ? await client.request('ScalarCmd', { DeviceIndex: 0, Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }] })
        : await client.request('VibrateCmd', { DeviceIndex: 0, Speeds: [{ Index: 0, Speed: 1 }] });
    expect(vibrate.type).toBe('Ok');
    expect((await client.request('RawWriteCmd', { DeviceIndex: 0, Endpoint: 'tx', Data: [7], WriteWithResponse: false })).type).toBe('Ok');
    await waitUntil(() => device.commands.length >= before + 3, 'three writes at the device');
    const written = device.commands.slice(before);
    expect(written.map(describeCommand)).toEqual(['write generic0 dead', 'write tx f17f', 'write tx 07']);
    expect(written.map((c) => (c.kind === 'write' ? c.withResponse : undefined))).toEqual([true, false, false]);
  });

  it('raw writes inside a message gap are all delivered, none coalesced away', async () => {
    const { device, client } = await start(3, allowRaw, 20);
    const ids = [1, 2, 3].map((n) => client.send('RawWriteCmd', { DeviceIndex: 0, Endpoint: 'tx', Data: [n], WriteWithResponse: false }));
    for (const id of ids) expect((await client.reply(id)).type).toBe('Ok');
    await waitUntil(() => writesOf(device.commands).length >= 3, 'three raw writes');
    expect(writesOf(device.commands)).toEqual(['write tx 01', 'write tx 02', 'write tx 03']);
  });

  it.each<[string, Record<string, unknown>, { length: number; timeoutMs: number }]>([
    ['schema spelling', { Length: 3, WaitForData: true }, { length: 3, timeoutMs: 500 }],
    ['bp7 spelling', { ExpectedLength: 2, Timeout: 250 }, { length: 2, timeoutMs: 250 }],
  ])('RawReadCmd (%s) answers with the queued bytes as a RawReading carrying its Id', async (_spelling, fields, asked) => {
    const { device, client } = await start(3, allowRaw);
    device.queueRead('rx', [1, 2, 3]);
    const id = client.send('RawReadCmd', { DeviceIndex: 0, Endpoint: 'rx', ...fields });
    const reply = await client.reply(id);
    expect(reply).toEqual({ type: 'RawReading', body: { Id: id, DeviceIndex: 0, Endpoint: 'rx', Data: [1, 2, 3] } });
    expect(schemaErrors(frameOf(reply), 3)).toEqual([]);
    expect(device.reads).toEqual([{ endpoint: 'rx', ...asked }]);
  });

  it('a raw read that fails is a device error naming the endpoint', async () => {
    const { device, client } = await start(2, allowRaw);
    device.queueRead('rx', { error: 'bad checksum' });
    expectError(await client.request('RawReadCmd', { DeviceIndex: 0, Endpoint: 'rx', Length: 0, WaitForData: false }), ErrorCode.Device, /endpoint "rx" failed.*bad checksum/);
  });

  it.each([2, 3] as const)('v%i RawSubscribeCmd forwards notifications as RawReading Id 0 until RawUnsubscribeCmd', async (version) => {
    const { device, client } = await start(version, allowRaw);
    expect((await client.request('RawSubscribeCmd', { DeviceIndex: 0, Endpoint: 'rx' })).type).toBe('Ok');
    expect(device.subscriptions).toEqual(['rx']);
    expect(device.notify('rx', [0x10, 0x20])).toBe(true);
    const reading = await client.waitFor((m) => m.type === 'RawReading', 'a RawReading');
    expect(reading.body).toEqual({ Id: 0, DeviceIndex: 0, Endpoint: 'rx', Data: [0x10, 0x20] });
    expect(schemaErrors(frameOf(reading), version)).toEqual([]);

    expect((await client.request('RawUnsubscribeCmd', { DeviceIndex: 0, Endpoint: 'rx' })).type).toBe('Ok');
    expect(device.subscriptions).toEqual([]);
    expect(device.notify('rx', [0x30])).toBe(false);
    await settle();
    expect(client.events('RawReading')).toHaveLength(1);
    // bp7 answered a repeated unsubscribe with Ok as well.
    expect((await client.request('RawUnsubscribeCmd', { DeviceIndex: 0, Endpoint: 'rx' })).type).toBe('Ok');
  });

  it('an endpoint the device lacks is a device error that names it; nothing is sent', async () => {
    const { device, client } = await start(3, allowRaw);
    const before = device.commands.length;
    for (const [type, body] of rawRequests) {
      expectError(await client.request(type, { ...body, Endpoint: 'firmware' }), ErrorCode.Device, 'has no endpoint "firmware" (its endpoints: tx, rx, generic0)');
    }
    expectError(await client.request('RawSubscribeCmd', { DeviceIndex: 5, Endpoint: 'rx' }), ErrorCode.Device, 'device 5 is not connected');
    await settle();
    expect(device.commands.slice(before)).toEqual([]);
  });

  it('raw subscriptions end when the client leaves, and on StopDeviceCmd', async () => {
    const { device, client, server } = await start(3, allowRaw);
    await client.request('RawSubscribeCmd', { DeviceIndex: 0, Endpoint: 'rx' });
    expect((await client.request('StopDeviceCmd', { DeviceIndex: 0 })).type).toBe('Ok');
    await waitUntil(() => device.subscriptions.length === 0, 'StopDeviceCmd to end the raw subscription');

    await client.request('RawSubscribeCmd', { DeviceIndex: 0, Endpoint: 'generic0' });
    expect(device.subscriptions).toEqual(['generic0']);
    client.close();
    await waitUntil(() => device.subscriptions.length === 0 && server.clientCount() === 0, 'the session end to end the raw subscription');
    expect(device.commands.filter((c) => c.kind !== 'write').map(describeCommand)).toEqual([
      'subscribe rx',
      'unsubscribe rx',
      'subscribe generic0',
      'unsubscribe generic0',
    ]);
  });

  it('a v4 client sees no raw anything: plain name, no raw attributes, Raw*Cmd refused, no RawReading', async () => {
    const { device, client, server } = await start(4, allowRaw);
    const description = described(client);
    expect(description.DeviceName).toBe('Aneros Vivi');
    expect(JSON.stringify(description)).not.toContain('Raw');
    expect(server.devices()[0].name).toBe('Aneros Vivi');

    const before = device.commands.length;
    for (const [type, body] of rawRequests) {
      expectError(await client.request(type, body), ErrorCode.Message, 'not part of spec v4');
    }
    device.notify('rx', [1]);
    await settle();
    expect(device.commands.slice(before)).toEqual([]);
    expect(client.received.some((m) => m.type === 'RawReading')).toBe(false);
  });

  it('a protocol subscription (Lovense rx) survives a raw client unsubscribing the same endpoint', async () => {
    const sim = new SimulatorManager();
    const edge = addLovenseEdge(sim, teardown);
    const server = createServer({ managers: [sim], allowRaw: true });
    servers.push(server);
    const client = await RawClient.connect(server, 3);
    await client.request('StartScanning');
    await client.waitForDevices([0]);
    expect(edge.subscriptions).toEqual(['rx']);

    await client.request('RawSubscribeCmd', { DeviceIndex: 0, Endpoint: 'rx' });
    edge.notify('rx', [0x41]);
    await client.waitFor((m) => m.type === 'RawReading', 'the notification as a RawReading');
    expect((await client.request('RawUnsubscribeCmd', { DeviceIndex: 0, Endpoint: 'rx' })).type).toBe('Ok');
    expect(edge.subscriptions).toEqual(['rx']);
    // The protocol still hears the toy: a battery read over rx works.
    const battery = await client.request('SensorReadCmd', { DeviceIndex: 0, SensorIndex: 0, SensorType: 'Battery' });
    expect(battery.type).toBe('SensorReading');
  });
});
