/**
 * A flood of commands to one device through the real server: with a 50 ms message gap the device
 * gets at most one write per feature per gap, and the last write carries the newest value.
 * Time is virtual (fake timers) once the device is connected, so the gaps can be checked exactly.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer, type PlugstateServer } from '../../src/server/server.ts';
import { SimulatorManager, type SimulatedDevice } from '../../src/hardware/index.ts';
import { RawClient } from '../server/raw-client.ts';

const GAP_MS = 50;
const COMMANDS = 200;

const servers: PlugstateServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function floodRig() {
  const sim = new SimulatorManager();
  const device = sim.addDevice({ name: 'Massage Demo', address: 'flood-1', messageGapMs: GAP_MS });
  const server = createServer({ managers: [sim] });
  servers.push(server);
  const client = await RawClient.connect(server, 4);
  await client.request('StartScanning');
  await client.waitForDevices([0]);
  await client.request('StopScanning');
  const list = client.events('DeviceList').at(-1)!;
  expect(list.body.Devices['0'].DeviceMessageTimingGap).toBe(GAP_MS);
  // From here on time is virtual: the pipeline's RxJS timers and Date follow the fake clock.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const writes: { at: number; data: number[] }[] = [];
  recordWrites(device, writes);
  return { client, device, writes };
}

function recordWrites(device: SimulatedDevice, into: { at: number; data: number[] }[]) {
  device.commands$.subscribe((command) => {
    if (command.kind === 'write') into.push({ at: Date.now(), data: [...command.data] });
  });
}

/** Distinct from its neighbour, so no command is a repeat the de-duplication would drop. */
const valueFor = (i: number) => ((i - 1) % 127) + 1;

describe('a flood of commands to one device', () => {
  it(`${COMMANDS} commands, 1 ms apart, to one feature: at most one write per ${GAP_MS} ms, the newest value last`, async () => {
    const { client, writes } = await floodRig();
    const started = Date.now();
    const ids: number[] = [];
    for (let i = 1; i <= COMMANDS; i++) {
      ids.push(client.send('OutputCmd', { DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: valueFor(i) } } }));
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(GAP_MS * 2);

    expect(ids.map((id) => client.repliesTo(id).map((m) => m.type))).toEqual(ids.map(() => ['Ok']));
    const elapsed = writes.at(-1)!.at - started;
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.length).toBeLessThanOrEqual(Math.floor(elapsed / GAP_MS) + 1);
    for (let i = 1; i < writes.length; i++) expect(writes[i].at - writes[i - 1].at).toBeGreaterThanOrEqual(GAP_MS);
    expect(writes.at(-1)!.data).toEqual([0xf1, valueFor(COMMANDS)]);
  });

  it('alternating between two features: each gap carries at most one write per feature, both end at their newest value', async () => {
    const { client, writes } = await floodRig();
    const started = Date.now();
    let last = [0, 0];
    for (let i = 1; i <= COMMANDS; i++) {
      const feature = i % 2;
      last = feature === 0 ? [valueFor(i), last[1]] : [last[0], valueFor(i)];
      client.send('OutputCmd', { DeviceIndex: 0, FeatureIndex: feature, Command: { Vibrate: { Value: valueFor(i) } } });
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(GAP_MS * 2);

    // Writes of one flush share a timestamp; flushes are a gap apart.
    const flushes = [...new Set(writes.map((w) => w.at))];
    const elapsed = flushes.at(-1)! - started;
    expect(flushes.length).toBeLessThanOrEqual(Math.floor(elapsed / GAP_MS) + 1);
    for (let i = 1; i < flushes.length; i++) expect(flushes[i] - flushes[i - 1]).toBeGreaterThanOrEqual(GAP_MS);
    for (const at of flushes) {
      const headers = writes.filter((w) => w.at === at).map((w) => w.data[0]);
      expect(new Set(headers).size).toBe(headers.length);
    }
    const lastOf = (header: number) => writes.filter((w) => w.data[0] === header).at(-1)!.data[1];
    expect([lastOf(0xf1), lastOf(0xf2)]).toEqual(last);
  });
});
