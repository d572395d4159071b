/**
 * Device lifecycle through the real server (SimulatorManager, raw JSON clients): devices that
 * fail identification or vanish during setup are released and never shown; a device vanishing
 * with a request in flight answers it with Error 4 and leaves the list; indexes follow addresses;
 * the user config's deny list keeps a device out.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { createServer, type PlugstateServer } from '../../src/server/server.ts';
import { SimulatorManager, type SimulatedDevice, type SimulatedDeviceEvent } from '../../src/hardware/index.ts';
import { loadDeviceConfig } from '../../src/config/load.ts';
import type { ServerEmitted } from '../../machines/server.ts';
import type { DeviceConfig } from '../../src/config/device-config.ts';
import { RawClient, settle, waitUntil, writesOf } from '../server/raw-client.ts';

const servers: PlugstateServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function serve(sim: SimulatorManager, deviceConfig?: DeviceConfig) {
  const server = createServer({ managers: [sim], ...(deviceConfig ? { deviceConfig } : {}) });
  servers.push(server);
  const emitted: ServerEmitted[] = [];
  server.events.subscribe((e) => emitted.push(e));
  return { server, emitted };
}

function lifecycleOf(device: SimulatedDevice): SimulatedDeviceEvent['type'][] {
  const seen: SimulatedDeviceEvent['type'][] = [];
  device.events$.subscribe((e) => seen.push(e.type));
  return seen;
}

const refusal = (emitted: ServerEmitted[], address: string) =>
  emitted.find((e): e is Extract<ServerEmitted, { type: 'device.refused' }> => e.type === 'device.refused' && e.address === address);

/** The bundled config plus a protocol that no file implements, matched by the name "Unimplemented Toy". */
function configWithUnimplementedProtocol(): DeviceConfig {
  const base = JSON.parse(readFileSync(new URL('../../protocols/config/buttplug-device-config-v4.json', import.meta.url), 'utf8'));
  base.protocols['no-such-protocol'] = {
    communication: [{ btle: { names: ['Unimplemented Toy'], services: { '0000fff0-0000-1000-8000-00805f9b34fb': { tx: '0000fff1-0000-1000-8000-00805f9b34fb' } } } }],
    defaults: { id: '0b1d2c9e-5b59-4d2e-9a43-3c0e6f1f7a10', name: 'Unimplemented Toy', features: [{ id: '6f8a7d3e-2c4b-4f1a-9e5d-8b7c6a5f4e3d', index: 0, output: { vibrate: { value: [0, 10] } } }] },
  };
  return loadDeviceConfig({ baseJson: JSON.stringify(base) });
}

async function expectNoDevices(client: RawClient) {
  expect(client.knownDevices()).toEqual([]);
  const list = await client.request('RequestDeviceList');
  expect(Object.keys(list.body.Devices)).toEqual([]);
}

describe('devices that never become usable are released and never shown', () => {
  it('a Satisfyer whose model-number read fails: connected, refused, disconnected, invisible', async () => {
    const sim = new SimulatorManager();
    const satisfyer = sim.addDevice({ name: 'SF Dolce', address: 'sf-1', messageGapMs: 0 });
    satisfyer.queueRead('rxblemodel', { error: 'GATT read failed' });
    const seen = lifecycleOf(satisfyer);
    const { server, emitted } = serve(sim);
    const client = await RawClient.connect(server, 4);
    await client.request('StartScanning');
    await waitUntil(() => refusal(emitted, 'sf-1') !== undefined, 'the Satisfyer to be refused');
    await waitUntil(() => !satisfyer.connected, 'the Satisfyer to be disconnected');
    expect(refusal(emitted, 'sf-1')!.reason).toMatch(/GATT read failed/);
    expect(satisfyer.rejected).toMatch(/GATT read failed/);
    expect(seen).toEqual(['connected', 'rejected', 'disconnected']);
    expect(satisfyer.announced).toBeUndefined();
    expect(emitted.filter((e) => e.type === 'device.added')).toEqual([]);
    await expectNoDevices(client);
  });

  it('a Lovense whose DeviceType answer is not text: refused and disconnected', async () => {
    const sim = new SimulatorManager();
    const lovense = sim.addDevice({ name: 'LVS-Z36', address: 'lvs-1', messageGapMs: 0 });
    lovense.commands$.subscribe((command) => {
      if (command.kind === 'write' && new TextDecoder().decode(command.data) === 'DeviceType;') lovense.notify('rx', [0xff, 0xfe, 0xfd]);
    });
    const { server, emitted } = serve(sim);
    const client = await RawClient.connect(server, 3);
    await client.request('StartScanning');
    await waitUntil(() => refusal(emitted, 'lvs-1') !== undefined, 'the Lovense to be refused');
    await waitUntil(() => !lovense.connected, 'the Lovense to be disconnected');
    expect(refusal(emitted, 'lvs-1')!.reason).toMatch(/UTF-8/);
    expect(lovense.announced).toBeUndefined();
    await expectNoDevices(client);
  });

  it('a device whose protocol is not implemented is refused without being connected', async () => {
    const sim = new SimulatorManager();
    const toy = sim.addDevice({ name: 'Unimplemented Toy', address: 'unimplemented-1' });
    const seen = lifecycleOf(toy);
    const { server, emitted } = serve(sim, configWithUnimplementedProtocol());
    const client = await RawClient.connect(server, 4);
    await client.request('StartScanning');
    await waitUntil(() => refusal(emitted, 'unimplemented-1') !== undefined, 'the device to be refused');
    expect(refusal(emitted, 'unimplemented-1')!.reason).toMatch(/no-such-protocol/);
    expect(seen).toEqual(['rejected']);
    await expectNoDevices(client);
  });

  it('a device that disconnects while being identified is released, never announced, and found again by the next scan', async () => {
    const sim = new SimulatorManager();
    const satisfyer = sim.addDevice({ name: 'SF Dolce', address: 'sf-2', messageGapMs: 0 });
    let reads = 0;
    satisfyer.onRead(() => {
      reads += 1;
      if (reads === 1) {
        queueMicrotask(() => satisfyer.disconnect()); // gone with the read in flight
        return undefined;
      }
      return Uint8Array.from([0, 0, 0x27, 0x15]); // model 10005
    });
    const seen = lifecycleOf(satisfyer);
    const { server, emitted } = serve(sim);
    const client = await RawClient.connect(server, 3);
    await client.request('StartScanning');
    await waitUntil(() => refusal(emitted, 'sf-2') !== undefined, 'the first attempt to be given up');
    expect(satisfyer.announced).toBeUndefined();
    expect(client.knownDevices()).toEqual([]);

    await client.request('StopScanning');
    await client.request('StartScanning');
    await client.waitForDevices([0]);
    expect(client.events('DeviceAdded')).toHaveLength(1);
    expect(client.events('DeviceAdded')[0].body.DeviceName).toBe('Satisfyer Hot Spot');
    expect(refusal(emitted, 'sf-2')!.reason).toMatch(/disconnected/);
    // first connection: refused as it dropped, never announced; the second one is announced
    expect(seen).toEqual(['connected', 'rejected', 'disconnected', 'connected', 'announced']);
  });

  it('a device that disconnects during initialization is released and never announced; its next connection keeps the index it was given', async () => {
    const sim = new SimulatorManager();
    // The Satisfyer's init writes 0x01 to its command endpoint: the device drops at that moment, once.
    const satisfyer = sim.addDevice({ name: 'SF Dolce', address: 'sf-3', manufacturerData: [{ company: 93, data: [0, 0, 0x27, 0x15] }], messageGapMs: 0 });
    let dropped = false;
    satisfyer.commands$.subscribe((command) => {
      if (!dropped && command.kind === 'write' && command.endpoint === 'command') {
        dropped = true;
        satisfyer.disconnect();
      }
    });
    const { server, emitted } = serve(sim);
    const client = await RawClient.connect(server, 4);
    await client.request('StartScanning');
    await waitUntil(() => refusal(emitted, 'sf-3') !== undefined, 'the first attempt to be given up');
    expect(refusal(emitted, 'sf-3')!.reason).toMatch(/disconnected/);
    expect(satisfyer.announced).toBeUndefined();
    expect(client.knownDevices()).toEqual([]);

    await client.request('StopScanning');
    await client.request('StartScanning');
    await client.waitForDevices([0]);
    expect(satisfyer.announced?.index).toBe(0);
  });
});

describe('a device that vanishes with a request in flight', () => {
  async function batteryReadInFlight(version: 3 | 4) {
    const sim = new SimulatorManager();
    const wand = sim.addDevice({ name: 'Magic Cell', address: 'mm-1', messageGapMs: 0 });
    wand.onRead(() => undefined); // the battery read never gets an answer
    const { server } = serve(sim);
    const client = await RawClient.connect(server, version);
    await client.request('StartScanning');
    await client.waitForDevices([0]);
    await client.request('StopScanning'); // so the device does not come straight back
    const id =
      version === 3
        ? client.send('SensorReadCmd', { DeviceIndex: 0, SensorIndex: 0, SensorType: 'Battery' })
        : client.send('InputCmd', { DeviceIndex: 0, FeatureIndex: 1, Type: 'Battery', Command: 'Read' });
    await waitUntil(() => wand.reads.length === 1, 'the battery read to reach the device');
    wand.disconnect();
    const reply = await client.reply(id);
    await client.waitForDevices([]);
    await settle(10);
    return { client, id, reply };
  }

  it('v3: the request gets exactly one Error 4, and DeviceRemoved follows', async () => {
    const { client, id, reply } = await batteryReadInFlight(3);
    expect(reply.type).toBe('Error');
    expect(reply.body.ErrorCode).toBe(4);
    expect(client.repliesTo(id)).toHaveLength(1);
    expect(client.events('DeviceRemoved').map((m) => m.body.DeviceIndex)).toEqual([0]);
  });

  it('v4: the request gets exactly one Error 4, and a DeviceList without the device follows', async () => {
    const { client, id, reply } = await batteryReadInFlight(4);
    expect(reply.type).toBe('Error');
    expect(reply.body.ErrorCode).toBe(4);
    expect(client.repliesTo(id)).toHaveLength(1);
    const lists = client.events('DeviceList');
    expect(Object.keys(lists.at(-1)!.body.Devices)).toEqual([]);
  });
});

describe('device indexes follow addresses', () => {
  it('a device reconnecting with the same address gets its old index, even after another device arrived', async () => {
    const sim = new SimulatorManager();
    const first = sim.addDevice({ name: 'Massage Demo', address: 'aneros-a', messageGapMs: 0 });
    const { server } = serve(sim);
    const client = await RawClient.connect(server, 3);
    await client.request('StartScanning');
    await client.waitForDevices([0]);
    await client.request('StopScanning');
    first.disconnect();
    await client.waitForDevices([]);

    sim.addDevice({ name: 'Massage Demo', address: 'aneros-b', messageGapMs: 0 });
    await client.request('StartScanning');
    await client.waitForDevices([0, 1]);
    const added = client.events('DeviceAdded').map((m) => m.body.DeviceIndex);
    expect(added).toEqual([0, 0, 1]);
    expect(first.announced?.index).toBe(0);
    expect(sim.device('aneros-b')!.announced?.index).toBe(1);
  });

  it('while scanning, a device that drops comes back by itself with the same index', async () => {
    const sim = new SimulatorManager();
    const device = sim.addDevice({ name: 'Massage Demo', address: 'aneros-c', messageGapMs: 0 });
    const { server } = serve(sim);
    const client = await RawClient.connect(server, 3);
    await client.request('StartScanning');
    await client.waitForDevices([0]);
    device.disconnect();
    await client.waitFor((m) => m.type === 'DeviceRemoved', 'DeviceRemoved');
    await waitUntil(() => client.events('DeviceAdded').length === 2, 'the device to come back');
    expect(client.knownDevices()).toEqual([0]);
  });

  it('two devices with the same name are told apart by address: two indexes, each command reaches its own device', async () => {
    const sim = new SimulatorManager();
    const left = sim.addDevice({ name: 'Massage Demo', address: 'twin-left', messageGapMs: 0 });
    const right = sim.addDevice({ name: 'Massage Demo', address: 'twin-right', messageGapMs: 0 });
    const { server } = serve(sim);
    const client = await RawClient.connect(server, 4);
    await client.request('StartScanning');
    await client.waitForDevices([0, 1]);
    const indexOf = (d: SimulatedDevice) => d.announced!.index;
    expect(new Set([indexOf(left), indexOf(right)])).toEqual(new Set([0, 1]));

    await client.request('OutputCmd', { DeviceIndex: indexOf(left), FeatureIndex: 0, Command: { Vibrate: { Value: 10 } } });
    await client.request('OutputCmd', { DeviceIndex: indexOf(right), FeatureIndex: 0, Command: { Vibrate: { Value: 20 } } });
    await waitUntil(() => left.commands.length === 1 && right.commands.length === 1, 'one write per device');
    expect(writesOf(left.commands)).toEqual(['write tx f10a']);
    expect(writesOf(right.commands)).toEqual(['write tx f114']);
  });
});

describe('the user config deny list', () => {
  /** A user config that denies the address (built from the entry the server would record for it). */
  function denying(protocol: string, identifier: string, address: string): DeviceConfig {
    const probe = loadDeviceConfig();
    probe.deviceIndex(protocol, identifier, address);
    const json = probe.userConfigJson() as { user_configs: { devices: { config: { user_config: { deny: boolean } } }[] } };
    json.user_configs.devices[0].config.user_config.deny = true;
    return loadDeviceConfig({ userJson: JSON.stringify(json) });
  }

  it('a denied device is never connected and never appears; others still do', async () => {
    const sim = new SimulatorManager();
    const denied = sim.addDevice({ name: 'Massage Demo', address: 'denied-1', messageGapMs: 0 });
    const allowed = sim.addDevice({ name: 'Massage Demo', address: 'allowed-1', messageGapMs: 0 });
    const seen = lifecycleOf(denied);
    const config = denying('aneros', 'Massage Demo', 'denied-1');
    expect(config.addressAllowed('denied-1')).toBe(false);
    const { server, emitted } = serve(sim, config);
    const client = await RawClient.connect(server, 3);
    const refused = firstValueFrom(server.events.pipe(filter((e) => e.type === 'device.refused'), take(1), toArray()));
    await client.request('StartScanning');
    await client.waitForDevices([1]); // index 0 stays reserved by the deny entry
    await refused;
    expect(refusal(emitted, 'denied-1')!.reason).toMatch(/not allowed/);
    expect(seen).toEqual(['rejected']);
    expect(denied.connected).toBe(false);
    expect(allowed.announced?.index).toBe(1);
    expect(client.events('DeviceAdded')).toHaveLength(1);
  });
});
