/**
 * The server as a whole: how many clients it lets in, devices outliving client sessions, and
 * failures inside devices, hardware, managers and sessions that must never escape to the process
 * while the server keeps serving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Subject, merge } from 'rxjs';
import { createServer, CLOSE_TRY_AGAIN_LATER, type PlugstateServer, type ServerOptions } from '../../src/server/server.ts';
import { SimulatorManager, type SimulatedDevice } from '../../src/hardware/index.ts';
import type { HardwareManager, ManagerAvailability, ManagerEvent } from '../../src/hardware/types.ts';
import type { ClientConnection } from '../../src/transport/index.ts';
import { createInProcessPair } from '../../src/transport/index.ts';
import type { ServerEmitted } from '../../machines/server.ts';
import { FaultyManager, failingWrites, type HardwareFaults } from '../devices/faulty-manager.ts';
import { RawClient, settle, waitUntil, writesOf } from './raw-client.ts';
import { watchProcessErrors } from './process-errors.ts';

const servers: PlugstateServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function serve(options: ServerOptions) {
  const server = createServer(options);
  servers.push(server);
  const emitted: ServerEmitted[] = [];
  server.events.subscribe((e) => emitted.push(e));
  return { server, emitted };
}

async function withDevice(version = 4, options: ServerOptions = {}) {
  const sim = new SimulatorManager();
  const device = sim.addDevice({ name: 'Massage Demo', address: 'srv-1', messageGapMs: 0 });
  const { server, emitted } = serve({ managers: [sim], ...options });
  const client = await RawClient.connect(server, version);
  await client.request('StartScanning');
  await client.waitForDevices([0]);
  await client.request('StopScanning');
  return { sim, device, server, emitted, client };
}

/** Proves a client's session still works end to end: a device command reaches the hardware. */
async function stillServes(client: RawClient, device: SimulatedDevice, value: number, index = device.announced!.index) {
  const reply =
    client.version === 4
      ? await client.request('OutputCmd', { DeviceIndex: index, FeatureIndex: 0, Command: { Vibrate: { Value: value } } })
      : await client.request('ScalarCmd', { DeviceIndex: index, Scalars: [{ Index: 0, Scalar: value / 127, ActuatorType: 'Vibrate' }] });
  expect(reply.type).toBe('Ok');
  const hex = `write tx f1${value.toString(16).padStart(2, '0')}`;
  await waitUntil(() => writesOf(device.commands).at(-1) === hex, `${hex} at the device`);
}

describe('how many clients', () => {
  it('a second connection is refused with a close reason while the first keeps working', async () => {
    const { server, device, client, emitted } = await withDevice();
    const second = RawClient.open(server);
    const closed = await second.waitClosed();
    expect(closed.code).toBe(CLOSE_TRY_AGAIN_LATER);
    expect(closed.reason).toMatch(/another client/);
    expect(emitted.filter((e) => e.type === 'connection.refused')).toHaveLength(1);
    expect(server.clientCount()).toBe(1);
    await stillServes(client, device, 0x21);
    expect(client.closeInfo).toBeUndefined();
  });

  it('maxClients 2 lets two clients in and refuses a third', async () => {
    const { server, device, client: first } = await withDevice(4, { maxClients: 2 });
    const second = await RawClient.connect(server, 3);
    expect(server.clientCount()).toBe(2);
    const list = await second.request('RequestDeviceList');
    expect(list.body.Devices.map((d: { DeviceIndex: number }) => d.DeviceIndex)).toEqual([0]);
    const third = RawClient.open(server);
    expect((await third.waitClosed()).code).toBe(CLOSE_TRY_AGAIN_LATER);
    await stillServes(first, device, 0x10);
    expect((await second.request('ScalarCmd', { DeviceIndex: 0, Scalars: [{ Index: 1, Scalar: 1, ActuatorType: 'Vibrate' }] })).type).toBe('Ok');
  });

  it('a client leaving stops the devices it moved, not those another client moved', async () => {
    const sim = new SimulatorManager();
    const mine = sim.addDevice({ name: 'Massage Demo', address: 'mine', messageGapMs: 0 });
    const theirs = sim.addDevice({ name: 'Massage Demo', address: 'theirs', messageGapMs: 0 });
    const { server } = serve({ managers: [sim], maxClients: 2 });
    const leaving = await RawClient.connect(server, 4);
    const staying = await RawClient.connect(server, 4);
    await leaving.request('StartScanning');
    await staying.waitForDevices([0, 1]);
    const index = (d: SimulatedDevice) => d.announced!.index;
    await leaving.request('OutputCmd', { DeviceIndex: index(mine), FeatureIndex: 0, Command: { Vibrate: { Value: 5 } } });
    await staying.request('OutputCmd', { DeviceIndex: index(theirs), FeatureIndex: 0, Command: { Vibrate: { Value: 6 } } });
    await waitUntil(() => mine.commands.length === 1 && theirs.commands.length === 1, 'both devices to run');
    leaving.close();
    await waitUntil(() => writesOf(mine.commands).at(-1) === 'write tx f200', 'the leaving client\'s device to stop');
    await settle(10);
    expect(writesOf(theirs.commands)).toEqual(['write tx f106']);
  });
});

describe('devices outlive client sessions', () => {
  it('after a client leaves and another connects, the same devices are there with the same indexes and no re-identification', async () => {
    const sim = new SimulatorManager();
    const first = sim.addDevice({ name: 'Massage Demo', address: 'keep-1', messageGapMs: 0 });
    const second = sim.addDevice({ name: 'Magic Cell', address: 'keep-2', messageGapMs: 0 });
    const lifecycle: string[] = [];
    for (const d of [first, second]) d.events$.subscribe((e) => lifecycle.push(`${d.address}:${e.type}`));
    const { server } = serve({ managers: [sim] });

    const before = await RawClient.connect(server, 4);
    await before.request('StartScanning');
    await before.waitForDevices([0, 1]);
    const listBefore = (await before.request('RequestDeviceList')).body.Devices;
    before.close();
    await waitUntil(() => server.clientCount() === 0, 'the first session to end');

    const after = await RawClient.connect(server, 4);
    const listAfter = (await after.request('RequestDeviceList')).body.Devices;
    expect(listAfter).toEqual(listBefore);
    expect(Object.keys(listAfter)).toEqual(['0', '1']);
    expect(first.connected && second.connected).toBe(true);
    expect(lifecycle.filter((e) => e.endsWith(':connected'))).toHaveLength(2);
    expect(lifecycle.filter((e) => e.endsWith(':announced'))).toHaveLength(2);
    await stillServes(after, first, 0x33);

    // an older client learns about the same devices too
    after.close();
    await waitUntil(() => server.clientCount() === 0, 'the second session to end');
    const legacy = await RawClient.connect(server, 1);
    const legacyList = await legacy.request('RequestDeviceList');
    expect(legacyList.body.Devices.map((d: { DeviceIndex: number }) => d.DeviceIndex)).toEqual([0, 1]);
  });
});

describe('a long-running server', () => {
  it('keeps no finished device or session actors around, however many come and go', async () => {
    const sim = new SimulatorManager();
    const device = sim.addDevice({ name: 'Massage Demo', address: 'churn-1', messageGapMs: 0 });
    const { server } = serve({ managers: [sim] });
    const client = await RawClient.connect(server, 4);
    await client.request('StartScanning');
    await client.waitForDevices([0]);
    for (let drop = 1; drop <= 5; drop++) {
      device.disconnect(); // comes straight back while scanning
      await waitUntil(() => client.events('DeviceList').length === 1 + 2 * drop && client.knownDevices().length === 1, `reconnection ${drop}`);
    }
    client.close();
    for (let visit = 0; visit < 3; visit++) {
      await waitUntil(() => server.clientCount() === 0, 'the previous session to end');
      (await RawClient.connect(server, 3)).close();
    }
    await waitUntil(() => server.clientCount() === 0, 'the last session to end');
    await settle(10);
    const children = Object.keys(server.actor.getSnapshot().children);
    expect(children.filter((id) => id.startsWith('session:'))).toEqual([]);
    expect(children.filter((id) => id.startsWith('device:'))).toHaveLength(1);
    expect(server.devices().map((d) => d.index)).toEqual([0]);
  });
});

/** A manager whose every operation fails in a different way. */
class BrokenManager implements HardwareManager {
  readonly name = 'broken';
  readonly events = new Subject<ManagerEvent>();
  availability(): Promise<ManagerAvailability> {
    return Promise.resolve({ available: true });
  }
  startScanning(): Promise<void> {
    throw new Error('startScanning threw synchronously');
  }
  stopScanning(): Promise<void> {
    return Promise.reject(new Error('stopScanning rejected'));
  }
  isScanning(): boolean {
    return false;
  }
  close(): Promise<void> {
    return Promise.reject(new Error('close rejected'));
  }
}

interface FaultCase {
  name: string;
  /** Default: the Aneros "Massage Demo". */
  deviceName?: string;
  faults?: (faulty: FaultyManager) => HardwareFaults;
  prepare?: (faulty: FaultyManager) => void;
  /** Makes the failure happen once the device (index 0) is connected; absent when setup itself fails. */
  trigger?: (rig: { faulty: FaultyManager; client: RawClient; index: number }) => Promise<void>;
}

const vibrate = async (client: RawClient, index: number) => {
  await client.request('OutputCmd', { DeviceIndex: index, FeatureIndex: 0, Command: { Vibrate: { Value: 99 } } });
};

const faultCases: FaultCase[] = [
  {
    name: 'a hardware write rejects',
    faults: () => ({ write: failingWrites(1) }),
    trigger: ({ client, index }) => vibrate(client, index),
  },
  {
    name: 'a hardware write throws synchronously, every time',
    faults: () => ({
      write: () => {
        throw new Error('write threw');
      },
    }),
    trigger: ({ client, index }) => vibrate(client, index),
  },
  {
    name: 'the hardware disconnected stream errors',
    trigger: async ({ faulty }) => faulty.hardware.get('fault-1')!.disconnectedErrors.error(new Error('bus exploded')),
  },
  {
    name: 'disconnect rejects and reject throws when the server lets go',
    faults: () => ({
      write: failingWrites(1),
      disconnect: () => Promise.reject(new Error('disconnect rejected')),
      reject: () => {
        throw new Error('reject threw');
      },
    }),
    trigger: ({ client, index }) => vibrate(client, index),
  },
  {
    name: 'the notifications stream errors while a Lovense is being identified',
    deviceName: 'LVS-Z36',
    faults: (faulty) => ({
      write: (inner, endpoint, data, withResponse) => {
        const sent = inner.write(endpoint, data, withResponse);
        // instead of an answer to DeviceType;, the notification stream breaks
        queueMicrotask(() => faulty.hardware.get('fault-1')?.notificationErrors.error(new Error('notifications exploded')));
        return sent;
      },
    }),
  },
  {
    name: 'the protocol throws while identifying (a Lovense answers DeviceType with bytes that are not text)',
    deviceName: 'LVS-Z36',
    faults: (faulty) => ({
      write: (inner, endpoint, data, withResponse) => {
        const sent = inner.write(endpoint, data, withResponse);
        queueMicrotask(() => faulty.simulator.device('fault-1')?.notify('rx', [0xc3, 0x28]));
        return sent;
      },
    }),
  },
  {
    name: 'connect throws synchronously',
    prepare: (faulty) => {
      faulty.connectFault = () => {
        throw new Error('connect threw');
      };
    },
  },
];

describe('failures never reach the process, and the server keeps serving', () => {
  for (const fault of faultCases) {
    it(fault.name, async () => {
      const watch = watchProcessErrors();
      try {
        const sim = new SimulatorManager();
        sim.addDevice({ name: fault.deviceName ?? 'Massage Demo', address: 'fault-1', messageGapMs: 0 });
        const faulty: FaultyManager = new FaultyManager(sim, () => fault.faults?.(faulty) ?? {});
        fault.prepare?.(faulty);
        const healthySim = new SimulatorManager();
        const healthy = healthySim.addDevice({ name: 'Massage Demo', address: 'healthy-1', messageGapMs: 0 });
        const { server, emitted } = serve({ managers: [faulty, healthySim], maxClients: 2 });
        const client = await RawClient.connect(server, 4);
        await client.request('StartScanning');
        if (fault.trigger) {
          await client.waitForDevices([0, 1]);
          const index = sim.device('fault-1')!.announced!.index;
          await fault.trigger({ faulty, client, index });
          await waitUntil(() => emitted.some((e) => e.type === 'device.removed' && e.index === index), 'the faulty device to go');
        } else {
          await waitUntil(() => emitted.some((e) => e.type === 'device.refused'), 'the faulty device to be refused');
          await client.waitForDevices([0]); // only the healthy one
        }
        await settle(20);
        // the healthy device and new clients are still served
        const reply = await client.request('OutputCmd', {
          DeviceIndex: healthy.announced!.index,
          FeatureIndex: 0,
          Command: { Vibrate: { Value: 7 } },
        });
        expect(reply.type).toBe('Ok');
        await waitUntil(() => writesOf(healthy.commands).at(-1) === 'write tx f107', 'the healthy device to run');
        const another = await RawClient.connect(server, 3);
        expect((await another.request('RequestDeviceList')).type).toBe('DeviceList');
        await server.close();
        expect(watch.errors).toEqual([]);
      } finally {
        watch.dispose();
      }
    });
  }

  it('announce throwing leaves the device usable', async () => {
    const watch = watchProcessErrors();
    try {
      const sim = new SimulatorManager();
      const device = sim.addDevice({ name: 'Massage Demo', address: 'fault-1', messageGapMs: 0 });
      const faulty = new FaultyManager(sim, () => ({
        announce: () => {
          throw new Error('announce threw');
        },
      }));
      const { server } = serve({ managers: [faulty] });
      const client = await RawClient.connect(server, 4);
      await client.request('StartScanning');
      await client.waitForDevices([0]);
      await stillServes(client, device, 0x12, 0); // (never told its index: announce failed)
      expect(watch.errors).toEqual([]);
    } finally {
      watch.dispose();
    }
  });

  it('a broken manager (throwing start, rejecting stop and close, erroring events) harms nothing', async () => {
    const watch = watchProcessErrors();
    try {
      const broken = new BrokenManager();
      const sim = new SimulatorManager();
      const device = sim.addDevice({ name: 'Massage Demo', address: 'ok-1', messageGapMs: 0 });
      const { server } = serve({ managers: [broken, sim] });
      const client = await RawClient.connect(server, 4);
      expect((await client.request('StartScanning')).type).toBe('Ok');
      await client.waitForDevices([0]);
      broken.events.error(new Error('event stream exploded'));
      expect((await client.request('StopScanning')).type).toBe('Ok');
      await settle(10);
      await stillServes(client, device, 0x44);
      await server.close();
      expect(watch.errors).toEqual([]);
    } finally {
      watch.dispose();
    }
  });

  it('a session whose connection throws on send fails alone: reported, its devices stopped, other clients unaffected', async () => {
    const watch = watchProcessErrors();
    try {
      const { server, device, client: good, emitted } = await withDevice(3, { maxClients: 2 });
      const { server: end, client } = createInProcessPair();
      let sends = 0;
      const throwing: ClientConnection = {
        ...end,
        send(text) {
          sends += 1;
          if (sends > 1) throw new Error('send threw');
          end.send(text);
        },
      };
      server.accept(throwing);
      client.send(JSON.stringify([{ RequestServerInfo: { Id: 1, ClientName: 'doomed', MessageVersion: 3 } }]));
      client.send(JSON.stringify([{ ScalarCmd: { Id: 2, DeviceIndex: 0, Scalars: [{ Index: 1, Scalar: 0.5, ActuatorType: 'Vibrate' }] } }]));
      await waitUntil(() => emitted.some((e) => e.type === 'actor.failed'), 'the session failure to be reported');
      const failure = emitted.find((e): e is Extract<ServerEmitted, { type: 'actor.failed' }> => e.type === 'actor.failed')!;
      expect(failure.actor).toMatch(/^session:/);
      await waitUntil(() => server.clientCount() === 1, 'the failed session to be gone');
      await waitUntil(() => writesOf(device.commands).at(-1) === 'write tx f200', 'the device the failed session moved to stop');
      expect(good.closeInfo).toBeUndefined();
      await stillServes(good, device, 0x15);
      const newcomer = RawClient.open(server); // room again for a second client
      await settle(10);
      expect(newcomer.closeInfo).toBeUndefined();
      expect(server.clientCount()).toBe(2);
      expect(watch.errors).toEqual([]);
    } finally {
      watch.dispose();
    }
  });

  it('a connection whose frame stream errors ends its session quietly', async () => {
    const watch = watchProcessErrors();
    try {
      const { server, device, client: good } = await withDevice(4, { maxClients: 2 });
      const { server: end, client } = createInProcessPair();
      const breakage = new Subject<string>();
      server.accept({ ...end, frames: merge(end.frames, breakage) });
      client.send(JSON.stringify([{ RequestServerInfo: { Id: 1, ClientName: 'x', ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 } }]));
      await waitUntil(() => server.clientCount() === 2, 'the second session');
      breakage.error(new Error('frames exploded'));
      await waitUntil(() => server.clientCount() === 1, 'the broken session to end');
      await stillServes(good, device, 0x16);
      expect(watch.errors).toEqual([]);
    } finally {
      watch.dispose();
    }
  });
});
