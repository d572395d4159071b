/**
 * The official spec-v4 client (buttplug@5.0.2) against the real server: over WebSocket on IPv4
 * and IPv6 loopback, and in-process.
 */
import {
  ButtplugClient,
  ButtplugNodeWebsocketClientConnector,
  DeviceOutput,
  InputType,
  OutputType,
  type ButtplugClientDevice,
} from 'buttplug-v4';
import { describe, expect, it } from 'vitest';
import { InProcessClientConnector } from '../../src/transport/index.ts';
import { canBindIpv6Loopback } from '../transport/support.ts';
import {
  ANEROS_STOP,
  LOVENSE_BATTERY_PERCENT,
  LOVENSE_EDGE_STOP,
  type Stack,
  addAneros,
  addLovenseEdge,
  ascii,
  eventually,
  scanFor,
  startStack,
  teardownAfterEach,
  waitForWrites,
  writesTo,
} from './support.ts';

const ipv6 = await canBindIpv6Loopback();

const teardown = teardownAfterEach();

/** The whole session the brief asks of each transport; returns after the client disconnected. */
async function driveLovenseAndAneros(stack: Stack, client: ButtplugClient) {
  const lovense = addLovenseEdge(stack.sim, teardown);
  const aneros = addAneros(stack.sim);

  expect(client.connected).toBe(true);
  expect(client.serverInfo).toEqual({
    serverName: 'plugstate e2e',
    maxPingTime: 0,
    protocolVersionMajor: 4,
    protocolVersionMinor: 0,
  });
  expect(client.devices.size).toBe(0);

  const found = await scanFor<ButtplugClientDevice>(client, ['Lovense Edge', 'Aneros Vivi']);
  const edge = found.get('Lovense Edge')!;
  const vivi = found.get('Aneros Vivi')!;
  expect([...edge.features.keys()]).toEqual([0, 1, 2]);
  expect(edge.features.get(0)!.output(OutputType.Vibrate)?.valueRange).toEqual([0, 20]);
  expect(edge.features.get(2)!.input(InputType.Battery)?.commands).toContain('Read');

  // The Lovense identified itself by asking DeviceType on tx after subscribing to rx.
  expect(lovense.commands.slice(0, 2)).toEqual([
    { kind: 'subscribe', endpoint: 'rx' },
    { kind: 'write', endpoint: 'tx', data: Uint8Array.from(ascii('DeviceType;')), withResponse: false },
  ]);

  const edgeBefore = writesTo(lovense).length;
  await edge.runOutput(DeviceOutput.Vibrate.percent(0.5));
  await waitForWrites(lovense, [ascii('Vibrate1:10;'), ascii('Vibrate2:10;')], edgeBefore, 'Edge at half speed');

  const viviBefore = writesTo(aneros).length;
  await vivi.runOutput(DeviceOutput.Vibrate.percent(0.5));
  await waitForWrites(aneros, [[0xf1, 0x40], [0xf2, 0x40]], viviBefore, 'Vivi at half speed');

  expect(await edge.battery()).toBe(LOVENSE_BATTERY_PERCENT);
  expect(writesTo(lovense).map((write) => Buffer.from(write.data).toString())).toContain('Battery;');

  const edgeBeforeDisconnect = writesTo(lovense).length;
  const viviBeforeDisconnect = writesTo(aneros).length;
  await client.disconnect();
  expect(client.connected).toBe(false);
  await waitForWrites(lovense, LOVENSE_EDGE_STOP, edgeBeforeDisconnect, 'Edge stopped on disconnect');
  await waitForWrites(aneros, ANEROS_STOP, viviBeforeDisconnect, 'Vivi stopped on disconnect');
  await eventually(() => stack.server.clientCount() === 0, 'server has no client left');
  // The devices stay with the server for the next client.
  expect(stack.server.devices().map((device) => device.name).sort()).toEqual(['Aneros Vivi', 'Lovense Edge']);
}

describe('official v4 client (buttplug@5.0.2)', () => {
  it('over ws://127.0.0.1: handshake, scan, vibrate, battery, disconnect stops the devices', async () => {
    const stack = await startStack(teardown);
    const client = await stack.connectOfficialClient();
    await driveLovenseAndAneros(stack, client);
  });

  it.skipIf(!ipv6)(
    `over ws://[::1] works the same${ipv6 ? '' : ' (skipped: ::1 cannot be bound on this machine)'}`,
    async () => {
      const stack = await startStack(teardown);
      expect(stack.listener.addresses).toContainEqual({ host: '::1', port: stack.port });
      const client = await stack.connectOfficialClient(new ButtplugNodeWebsocketClientConnector(`ws://[::1]:${stack.port}`));
      await driveLovenseAndAneros(stack, client);
    },
  );

  it('in-process through InProcessClientConnector works the same', async () => {
    const stack = await startStack(teardown);
    const client = await stack.connectOfficialClient(new InProcessClientConnector(stack.server));
    await driveLovenseAndAneros(stack, client);
  });

  it('a device connected before the client is in the list the client asks for at connect', async () => {
    const stack = await startStack(teardown);
    const aneros = addAneros(stack.sim);
    stack.server.startScanning();
    await eventually(() => stack.server.devices().length === 1, 'Vivi announced');

    const client = await stack.connectOfficialClient();
    expect([...client.devices.values()].map((device) => [device.index, device.name])).toEqual([[0, 'Aneros Vivi']]);

    const before = writesTo(aneros).length;
    await client.devices.get(0)!.runOutput(DeviceOutput.Vibrate.percent(1));
    await waitForWrites(aneros, [[0xf1, 0x7f], [0xf2, 0x7f]], before, 'Vivi at full speed');
  });
});
