/**
 * A device's raw endpoint access on its own: reads, subscriptions shared by several subscribers,
 * endpoints the protocol already listens on, and ending everything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorManager, type SimulatedDevice } from '../../src/hardware/index.ts';
import type { Hardware, HardwareCandidate, ManagerEvent } from '../../src/hardware/types.ts';
import { createRawAccess, type RawAccess } from '../../src/devices/raw-access.ts';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import { describeCommand } from '../server/raw-client.ts';

const managers: SimulatorManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

const NO_SERVICES = { kind: 'btle', names: [], manufacturerData: [], advertisedServices: [], services: {} } as const;

interface Setup {
  device: SimulatedDevice;
  hardware: Hardware;
  raw: RawAccess<string>;
  delivered: { to: string; endpoint: string; data: readonly number[] }[];
}

async function setup(): Promise<Setup> {
  const manager = new SimulatorManager();
  managers.push(manager);
  const device = manager.addDevice({ name: 'Raw Toy', address: 'raw-1', endpoints: ['tx', 'rx', 'generic0'] });
  const found = new Promise<HardwareCandidate>((resolve) =>
    manager.events.subscribe((event: ManagerEvent) => {
      if (event.type === 'found') resolve(event.candidate);
    }),
  );
  await manager.startScanning();
  const hardware = await (await found).connect(NO_SERVICES);
  const delivered: Setup['delivered'] = [];
  const raw = createRawAccess<string>({
    hardware,
    label: 'device 0 (Raw Toy)',
    deliver: (to, endpoint, data) => delivered.push({ to, endpoint, data }),
  });
  return { device, hardware, raw, delivered };
}

describe('raw access', () => {
  it('reads bytes, and names the endpoint when the read fails or brings nothing', async () => {
    const { raw, device } = await setup();
    device.queueRead('rx', [4, 5]);
    await expect(raw.read('rx', 2, 100)).resolves.toEqual([4, 5]);
    expect(device.reads.at(-1)).toEqual({ endpoint: 'rx', length: 2, timeoutMs: 100 });

    device.queueRead('rx', { error: 'checksum' });
    const failed = await raw.read('rx', 0, 100).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ButtplugError);
    expect((failed as ButtplugError).code).toBe(ErrorCode.Device);
    expect((failed as ButtplugError).message).toMatch(/device 0 \(Raw Toy\): reading endpoint "rx" failed: .*checksum/);

    device.queueRead('rx', []);
    await expect(raw.read('rx', 0, 100)).rejects.toThrow('endpoint "rx" returned no data');
  });

  it('subscribes the hardware once for several subscribers and unsubscribes after the last', async () => {
    const { raw, device, delivered } = await setup();
    await raw.subscribe('rx', 'a');
    await raw.subscribe('rx', 'b');
    await raw.subscribe('rx', 'a'); // a repeat is a success, not a second hardware subscribe
    expect(device.commands.map(describeCommand)).toEqual(['subscribe rx']);

    device.notify('rx', [9]);
    expect(delivered).toEqual([
      { to: 'a', endpoint: 'rx', data: [9] },
      { to: 'b', endpoint: 'rx', data: [9] },
    ]);

    await raw.unsubscribe('rx', 'a');
    device.notify('rx', [8]);
    expect(delivered.slice(2)).toEqual([{ to: 'b', endpoint: 'rx', data: [8] }]);
    expect(device.subscriptions).toEqual(['rx']);

    await raw.unsubscribe('rx', 'b');
    expect(device.commands.map(describeCommand)).toEqual(['subscribe rx', 'unsubscribe rx']);
    expect(device.notify('rx', [7])).toBe(false);
    expect(delivered).toHaveLength(3);
  });

  it('answers an unsubscribe of something not subscribed with success, touching nothing', async () => {
    const { raw, device } = await setup();
    await expect(raw.unsubscribe('rx', 'a')).resolves.toBeUndefined();
    expect(device.commands).toEqual([]);
  });

  it('leaves an endpoint the protocol listens on subscribed when raw clients leave', async () => {
    const { raw, hardware, device, delivered } = await setup();
    await hardware.subscribe('rx'); // as Lovense identification does
    await raw.subscribe('rx', 'a');
    device.notify('rx', [1]);
    expect(delivered).toEqual([{ to: 'a', endpoint: 'rx', data: [1] }]);
    await raw.unsubscribe('rx', 'a');
    await raw.endAll();
    expect(device.subscriptions).toEqual(['rx']);
    expect(device.commands.map(describeCommand)).toEqual(['subscribe rx']);
  });

  it('drops empty notifications (a RawReading carries at least one byte)', async () => {
    const { raw, device, delivered } = await setup();
    await raw.subscribe('rx', 'a');
    device.notify('rx', []);
    expect(delivered).toEqual([]);
  });

  it('endAll ends every raw subscription; after dispose nothing is delivered or subscribed', async () => {
    const { raw, device, delivered } = await setup();
    await raw.subscribe('rx', 'a');
    await raw.subscribe('generic0', 'b');
    await raw.endAll();
    expect(device.subscriptions).toEqual([]);
    expect(device.commands.map(describeCommand).sort()).toEqual(['subscribe generic0', 'subscribe rx', 'unsubscribe generic0', 'unsubscribe rx']);

    await raw.subscribe('rx', 'a');
    raw.dispose();
    device.notify('rx', [3]);
    expect(delivered).toEqual([]);
    await expect(raw.subscribe('generic0', 'a')).rejects.toThrow('no longer connected');
  });

  it('reports a failed hardware subscribe as a device error, and a later subscribe tries again', async () => {
    const { raw, hardware, device } = await setup();
    await hardware.disconnect();
    const failed = await raw.subscribe('rx', 'a').catch((error: unknown) => error);
    expect((failed as ButtplugError).code).toBe(ErrorCode.Device);
    expect((failed as ButtplugError).message).toContain('subscribing to endpoint "rx" failed');
    // The failed attempt is forgotten rather than answered from a cache.
    await expect(raw.subscribe('rx', 'a')).rejects.toThrow('subscribing to endpoint "rx" failed');
    expect(device.commands).toEqual([]);
  });
});
