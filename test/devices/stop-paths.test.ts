/**
 * Every way a device gets stopped ends with the stop bytes at the (simulated) device: client
 * stop messages of each spec, the client leaving, a missed ping, server close, and a hardware
 * failure. A stop aimed at one device or feature leaves the others running (the reference stops
 * every device for any StopCmd; plugstate honours the scope).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { createServer, type PlugstateServer, type ServerOptions } from '../../src/server/server.ts';
import { SimulatorManager, type SimulatedDevice } from '../../src/hardware/index.ts';
import type { HardwareManager } from '../../src/hardware/types.ts';
import { RawClient, settle, waitUntil, writesOf } from '../server/raw-client.ts';
import { FaultyManager, failingWrites } from './faulty-manager.ts';

// Aneros "Massage Demo": feature 0 is written as F1 <value>, feature 1 as F2 <value>.
const STOP_BOTH = ['write tx f100', 'write tx f200'];

const servers: PlugstateServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Rig {
  server: PlugstateServer;
  client: RawClient;
  a: SimulatedDevice;
  b: SimulatedDevice;
}

/** Two Aneros devices (index 0 = a, 1 = b), both features of both running. */
async function rig(version: number, options: ServerOptions = {}, wrap?: (sim: SimulatorManager) => HardwareManager): Promise<Rig> {
  const sim = new SimulatorManager();
  const a = sim.addDevice({ name: 'Massage Demo', address: 'stop-a', messageGapMs: 0 });
  const server = createServer({ managers: [wrap ? wrap(sim) : sim], ...options });
  servers.push(server);
  const client = await RawClient.connect(server, version);
  await client.request('StartScanning');
  await client.waitForDevices([0]);
  const b = sim.addDevice({ name: 'Massage Demo', address: 'stop-b', messageGapMs: 0 });
  await client.waitForDevices([0, 1]);
  await client.request('StopScanning');
  for (const index of [0, 1]) await vibrateBoth(client, index);
  await waitUntil(() => a.commands.length === 2 && b.commands.length === 2, 'both devices to run');
  return { server, client, a, b };
}

async function vibrateBoth(client: RawClient, index: number) {
  const reply =
    client.version === 4
      ? await Promise.all(
          [0, 1].map((feature) =>
            client.request('OutputCmd', { DeviceIndex: index, FeatureIndex: feature, Command: { Vibrate: { Value: 64 } } }),
          ),
        )
      : client.version === 3
        ? [await client.request('ScalarCmd', { DeviceIndex: index, Scalars: [0, 1].map((i) => ({ Index: i, Scalar: 0.5, ActuatorType: 'Vibrate' })) })]
        : [await client.request('VibrateCmd', { DeviceIndex: index, Speeds: [0, 1].map((i) => ({ Index: i, Speed: 0.5 })) })];
  expect(reply.map((r) => r.type)).toEqual(reply.map(() => 'Ok'));
}

const RUNNING = ['write tx f140', 'write tx f240'];

async function expectStopped(device: SimulatedDevice, tail: string[] = STOP_BOTH) {
  await waitUntil(
    () => JSON.stringify(writesOf(device.commands).slice(-tail.length)) === JSON.stringify(tail),
    `${device.address} to end with ${tail.join(', ')} (has ${writesOf(device.commands).join(', ')})`,
  );
}

/** Nothing new reached the device after it started running. */
async function expectUntouched(device: SimulatedDevice) {
  await settle(10);
  expect(writesOf(device.commands)).toEqual(RUNNING);
}

describe('client stop messages', () => {
  it('v3 StopDeviceCmd stops that device, and only that device', async () => {
    const { client, a, b } = await rig(3);
    expect((await client.request('StopDeviceCmd', { DeviceIndex: 0 })).type).toBe('Ok');
    await expectStopped(a);
    await expectUntouched(b);
  });

  it('v2 StopAllDevices stops every device', async () => {
    const { client, a, b } = await rig(2);
    expect((await client.request('StopAllDevices')).type).toBe('Ok');
    await expectStopped(a);
    await expectStopped(b);
  });

  it('v4 StopCmd for a device stops it and does not stop the other device', async () => {
    const { client, a, b } = await rig(4);
    expect((await client.request('StopCmd', { DeviceIndex: 1 })).type).toBe('Ok');
    await expectStopped(b);
    await expectUntouched(a);
  });

  it('v4 StopCmd for one feature stops only that feature', async () => {
    const { client, a, b } = await rig(4);
    expect((await client.request('StopCmd', { DeviceIndex: 0, FeatureIndex: 1, Inputs: false, Outputs: true })).type).toBe('Ok');
    await expectStopped(a, ['write tx f200']);
    await settle(10);
    expect(writesOf(a.commands)).toEqual([...RUNNING, 'write tx f200']);
    await expectUntouched(b);
  });

  it('v4 StopCmd without an index stops every device', async () => {
    const { client, a, b } = await rig(4);
    await client.request('StopCmd');
    await expectStopped(a);
    await expectStopped(b);
  });
});

describe('stops the server makes on its own', () => {
  it('the client disconnecting stops the devices it moved', async () => {
    const { client, a, b } = await rig(3);
    client.close();
    await expectStopped(a);
    await expectStopped(b);
  });

  it('a missed ping stops every device, tells the client and closes the connection', async () => {
    const clock = new SimulatedClock();
    const { client, a, b } = await rig(3, { clock, maxPingTime: 100 });
    clock.increment(99);
    await settle(10);
    expect(writesOf(a.commands)).toEqual(RUNNING);
    clock.increment(2);
    await expectStopped(a);
    await expectStopped(b);
    const error = await client.waitFor((m) => m.type === 'Error' && m.body.Id === 0, 'the ping error');
    expect(error.body.ErrorCode).toBe(2);
    expect((await client.waitClosed()).code).toBe(1008);
  });

  it('closing the server stops every device before disconnecting it', async () => {
    const { server, a, b } = await rig(4);
    await server.close();
    for (const device of [a, b]) {
      expect(writesOf(device.commands).slice(-2)).toEqual(STOP_BOTH);
      expect(device.connected).toBe(false);
    }
  });

  it('a hardware write failure stops the device (the stop bytes still go out) and removes it', async () => {
    let faulty!: FaultyManager;
    const { client, a, b } = await rig(3, {}, (sim) => (faulty = new FaultyManager(sim)));
    faulty.hardware.get('stop-a')!.faults.write = failingWrites(1);
    expect((await client.request('ScalarCmd', { DeviceIndex: 0, Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }] })).type).toBe('Ok');
    await expectStopped(a);
    await client.waitForDevices([1]);
    expect(a.connected).toBe(false);
    expect(writesOf(a.commands)).toEqual([...RUNNING, ...STOP_BOTH]); // the failed write never arrived
    await expectUntouched(b);
  });
});
