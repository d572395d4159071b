/**
 * Scanning through the real server and real managers, as a raw JSON client sees it:
 * ScanningFinished only when the buses finished on their own, harmless repeats, back-to-back
 * start/stop frames, a bus that cannot run, and devices that arrive without any scan.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { createServer, type PlugstateServer } from '../../src/server/server.ts';
import { BridgeManager, SimulatorManager, connectBridgeDevice, type BridgeDevice } from '../../src/hardware/index.ts';
import type { HardwareManager, ManagerAvailability, ManagerEvent } from '../../src/hardware/types.ts';
import { RawClient, settle, waitUntil } from '../server/raw-client.ts';

const servers: PlugstateServer[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function serve(managers: HardwareManager[]): PlugstateServer {
  const server = createServer({ managers });
  servers.push(server);
  return server;
}

/** A bus that is not there (no radio, library missing). */
class AbsentManager implements HardwareManager {
  readonly name = 'absent';
  readonly events = new Subject<ManagerEvent>();
  startCalls = 0;
  availability(): Promise<ManagerAvailability> {
    return Promise.resolve({ available: false, reason: 'no adapter' });
  }
  async startScanning() {
    this.startCalls += 1;
  }
  async stopScanning() {}
  isScanning() {
    return false;
  }
  async close() {
    this.events.complete();
  }
}

const scanState = (server: PlugstateServer) => String(server.actor.getSnapshot().children.scan?.getSnapshot().value);

describe('ScanningFinished through the server', () => {
  for (const version of [3, 4]) {
    it(`v${version}: a bus that finishes on its own ends the scan with one ScanningFinished`, async () => {
      const sim = new SimulatorManager();
      sim.addDevice({ name: 'Massage Demo', address: 'a', messageGapMs: 0 });
      const client = await RawClient.connect(serve([sim]), version);
      expect((await client.request('StartScanning')).type).toBe('Ok');
      await client.waitForDevices([0]);
      sim.finishScan();
      await client.waitFor((m) => m.type === 'ScanningFinished', 'ScanningFinished');
      await settle();
      expect(client.events('ScanningFinished')).toHaveLength(1);
    });
  }

  it('after an explicit StopScanning no ScanningFinished comes', async () => {
    const sim = new SimulatorManager();
    const server = serve([sim]);
    const client = await RawClient.connect(server, 4);
    await client.request('StartScanning');
    await waitUntil(() => sim.isScanning(), 'the simulator to scan');
    expect((await client.request('StopScanning')).type).toBe('Ok');
    await waitUntil(() => scanState(server) === 'idle', 'the scan to stop');
    sim.finishScan(); // not scanning any more: nothing to finish
    await settle(10);
    expect(sim.isScanning()).toBe(false);
    expect(client.events('ScanningFinished')).toEqual([]);
  });

  it('a BLE-like bus (scans until stopped) never sends ScanningFinished, before or after the stop', async () => {
    const sim = new SimulatorManager();
    const server = serve([sim]);
    const client = await RawClient.connect(server, 3);
    await client.request('StartScanning');
    await waitUntil(() => scanState(server) === 'active', 'the scan to run');
    await settle(10);
    expect(client.events('ScanningFinished')).toEqual([]);
    await client.request('StopScanning');
    await waitUntil(() => scanState(server) === 'idle', 'the scan to stop');
    await settle(10);
    expect(client.events('ScanningFinished')).toEqual([]);
  });
});

describe('repeated and quick scan requests', () => {
  it('start while scanning and stop while idle are answered Ok and change nothing', async () => {
    const sim = new SimulatorManager();
    const server = serve([sim]);
    const client = await RawClient.connect(server, 4);
    expect((await client.request('StopScanning')).type).toBe('Ok');
    await settle(10);
    expect(scanState(server)).toBe('idle');
    expect(sim.isScanning()).toBe(false);

    await client.request('StartScanning');
    await waitUntil(() => scanState(server) === 'active', 'the scan to run');
    expect((await client.request('StartScanning')).type).toBe('Ok');
    await settle(10);
    expect(scanState(server)).toBe('active');
    expect(sim.isScanning()).toBe(true);
    expect(client.received.filter((m) => m.type === 'Error')).toEqual([]);
  });

  it('start/stop frames sent back to back leave the bus in the state last asked for, cycle after cycle', async () => {
    const sim = new SimulatorManager();
    const server = serve([sim]);
    const client = await RawClient.connect(server, 4);
    for (let cycle = 0; cycle < 5; cycle++) {
      client.send('StartScanning');
      client.send('StopScanning');
      if (cycle % 2 === 1) client.send('StartScanning');
      const wantScanning = cycle % 2 === 1;
      await waitUntil(
        () => sim.isScanning() === wantScanning && scanState(server) === (wantScanning ? 'active' : 'idle'),
        `cycle ${cycle}: bus scanning=${wantScanning}`,
      );
      await settle(10);
      expect(sim.isScanning()).toBe(wantScanning);
      if (wantScanning) {
        client.send('StopScanning');
        await waitUntil(() => !sim.isScanning() && scanState(server) === 'idle', `cycle ${cycle}: the scan to stop`);
      }
    }
    expect(client.events('ScanningFinished')).toEqual([]);
    expect(client.received.filter((m) => m.type === 'Error')).toEqual([]);
  });

  it('a scan still finds devices after many start/stop cycles', async () => {
    const sim = new SimulatorManager();
    const client = await RawClient.connect(serve([sim]), 4);
    for (let cycle = 0; cycle < 4; cycle++) {
      client.send('StartScanning');
      client.send('StopScanning');
    }
    await settle(10);
    const late = sim.addDevice({ name: 'Massage Demo', address: 'late', messageGapMs: 0 });
    await client.request('StartScanning');
    await client.waitForDevices([0]);
    expect(late.connected).toBe(true);
  });
});

describe('buses that cannot run, and devices without a scan', () => {
  it('a bus that is not available does not hold up the scan or its ScanningFinished', async () => {
    const absent = new AbsentManager();
    const sim = new SimulatorManager();
    sim.addDevice({ name: 'Massage Demo', address: 'a', messageGapMs: 0 });
    const client = await RawClient.connect(serve([absent, sim]), 4);
    await client.request('StartScanning');
    await client.waitForDevices([0]);
    sim.finishScan();
    await client.waitFor((m) => m.type === 'ScanningFinished', 'ScanningFinished');
    expect(absent.startCalls).toBe(0);
  });

  it('a device arriving over the device bridge appears with no scan running', async () => {
    const bridge = new BridgeManager({ port: 0, pingIntervalMs: 0 });
    await bridge.start();
    const server = serve([bridge]);
    const client = await RawClient.connect(server, 3);
    const device: BridgeDevice = await connectBridgeDevice(bridge.url!, {
      version: 1,
      identifier: 'Massage Demo',
      address: 'bridge-1',
      messageGapMs: 0,
    });
    cleanups.push(async () => void (await device.close()));
    const added = await client.waitFor((m) => m.type === 'DeviceAdded', 'DeviceAdded');
    expect(added.body).toMatchObject({ Id: 0, DeviceIndex: 0, DeviceName: 'Aneros Vivi' });
    expect(scanState(server)).toBe('idle');
  });
});
