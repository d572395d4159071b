import fc from 'fast-check';
import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ButtplugError } from '../../src/errors.ts';
import { SimulatorManager } from '../../src/hardware/simulator.ts';
import type { Hardware, Notification } from '../../src/hardware/types.ts';
import { bytes, foundCandidates, lovenseBtle, recordEvents, serialSpecifier } from './helpers.ts';

const managers: SimulatorManager[] = [];
function simulator(options?: ConstructorParameters<typeof SimulatorManager>[0]): SimulatorManager {
  const manager = new SimulatorManager(options);
  managers.push(manager);
  return manager;
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

async function connectOnly(manager: SimulatorManager, address: string): Promise<Hardware> {
  const events = recordEvents(manager);
  await manager.startScanning();
  const candidate = foundCandidates(events).find((found) => found.address === address);
  if (!candidate) throw new Error(`${address} was not found`);
  return candidate.connect(lovenseBtle);
}

describe('simulator discovery', () => {
  it('reports devices when a scan starts, as the btle discovery of their advertisement', async () => {
    const manager = simulator();
    manager.addDevice({
      name: 'LVS-Z36',
      address: 'sim-1',
      manufacturerData: [{ company: 620, data: [255, 33] }],
      advertisedServices: ['0000FFF0-0000-1000-8000-00805F9B34FB'],
    });
    const events = recordEvents(manager);
    expect(events).toEqual([]);

    await manager.startScanning();

    const [candidate] = foundCandidates(events);
    expect(candidate.manager).toBe('simulator');
    expect(candidate.name).toBe('LVS-Z36');
    expect(candidate.address).toBe('sim-1');
    expect(candidate.specifier).toEqual({
      kind: 'btle',
      name: 'LVS-Z36',
      manufacturerData: [{ company: 620, data: [255, 33] }],
      advertisedServices: ['0000fff0-0000-1000-8000-00805f9b34fb'],
    });
  });

  it('gives each transport its own specifier', () => {
    const manager = simulator();
    expect(manager.addDevice({ name: 'TCode', address: 'a', transport: 'serial', port: 'COM7' }).specifier).toEqual({
      kind: 'serial',
      port: 'COM7',
    });
    expect(manager.addDevice({ name: '/dev/ttyUSB0', address: 'b', transport: 'serial' }).specifier).toEqual({
      kind: 'serial',
      port: '/dev/ttyUSB0',
    });
    expect(
      manager.addDevice({ name: 'Dongle', address: 'c', transport: 'hid', vendorId: 0x1915, productId: 0x520a }).specifier,
    ).toEqual({ kind: 'hid', vendorId: 0x1915, productId: 0x520a });
    expect(manager.addDevice({ name: 'DIY', address: 'd', transport: 'websocket' }).specifier).toEqual({
      kind: 'websocket',
      name: 'DIY',
    });
  });

  it('refuses bad device options with a clear error', () => {
    const manager = simulator();
    manager.addDevice({ name: 'A', address: 'same' });
    expect(() => manager.addDevice({ name: 'B', address: 'same' })).toThrow(/address "same" already exists/);
    expect(() => manager.addDevice({ name: 'H', address: 'h', transport: 'hid' })).toThrow(/vendorId and productId/);
    expect(() => manager.addDevice({ name: 'G', address: 'g', messageGapMs: -1 })).toThrow(/messageGapMs/);
    expect(() => manager.addDevice({ name: '', address: 'e' })).toThrow(/needs a name/);
  });

  it('reports a device added while a scan runs at once, and not before a scan', async () => {
    const manager = simulator();
    const events = recordEvents(manager);
    manager.addDevice({ name: 'Early', address: 'early' });
    expect(foundCandidates(events)).toHaveLength(0);
    await manager.startScanning();
    manager.addDevice({ name: 'Late', address: 'late' });
    expect(foundCandidates(events).map((candidate) => candidate.address)).toEqual(['early', 'late']);
  });

  it('does not report a connected device again; a device that left is reported again at once while scanning', async () => {
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const events = recordEvents(manager);
    await manager.startScanning();
    await foundCandidates(events)[0].connect(lovenseBtle);

    await manager.stopScanning();
    await manager.startScanning();
    expect(foundCandidates(events)).toHaveLength(1);

    device.disconnect();
    expect(foundCandidates(events)).toHaveLength(2);
    expect(foundCandidates(events)[1].address).toBe('a');
  });

  it('reports a device that left while idle on the next scan', async () => {
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const events = recordEvents(manager);
    await manager.startScanning();
    await foundCandidates(events)[0].connect(lovenseBtle);
    await manager.stopScanning();

    device.disconnect();
    expect(foundCandidates(events)).toHaveLength(1);
    await manager.startScanning();
    expect(foundCandidates(events)).toHaveLength(2);
  });

  it('waits for the next scan before offering a device the server dropped or refused', async () => {
    const manager = simulator();
    manager.addDevice({ name: 'LVS-A', address: 'a' });
    manager.addDevice({ name: 'Unknown', address: 'b' });
    const events = recordEvents(manager);
    await manager.startScanning();
    const [first, second] = foundCandidates(events);
    const hardware = await first.connect(lovenseBtle);
    second.reject?.('no protocol matches Unknown');

    await hardware.disconnect();
    expect(foundCandidates(events)).toHaveLength(2);
    expect(manager.device('b')?.rejected).toBe('no protocol matches Unknown');

    await manager.stopScanning();
    await manager.startScanning();
    expect(foundCandidates(events).slice(2).map((candidate) => candidate.address).sort()).toEqual(['a', 'b']);
  });

  it('scans until stopped unless a scan duration is configured', async () => {
    vi.useFakeTimers();
    const endless = simulator();
    const endlessEvents = recordEvents(endless);
    await endless.startScanning();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(endless.isScanning()).toBe(true);
    await endless.stopScanning();
    expect(endless.isScanning()).toBe(false);
    expect(endlessEvents.filter((event) => event.type === 'scanningFinished')).toHaveLength(0);

    const timed = simulator({ scanDurationMs: 1000 });
    const timedEvents = recordEvents(timed);
    await timed.startScanning();
    await vi.advanceTimersByTimeAsync(999);
    expect(timed.isScanning()).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(timed.isScanning()).toBe(false);
    expect(timedEvents.filter((event) => event.type === 'scanningFinished')).toHaveLength(1);
  });

  it('finishScan ends a running scan with scanningFinished; stopScanning reports nothing', async () => {
    const manager = simulator();
    const events = recordEvents(manager);
    await manager.startScanning();
    manager.finishScan();
    expect(manager.isScanning()).toBe(false);
    expect(events.at(-1)).toEqual({ type: 'scanningFinished' });

    manager.finishScan();
    await manager.startScanning();
    await manager.stopScanning();
    expect(events.filter((event) => event.type === 'scanningFinished')).toHaveLength(1);
  });
});

describe('simulated hardware', () => {
  it('has the endpoints the matched btle specifier maps, unless the device lists its own', async () => {
    const manager = simulator();
    manager.addDevice({ name: 'LVS-A', address: 'a' });
    manager.addDevice({ name: 'LVS-B', address: 'b', endpoints: ['tx'] });
    const events = recordEvents(manager);
    await manager.startScanning();
    const [a, b] = foundCandidates(events);
    expect([...(await a.connect(lovenseBtle)).endpoints].sort()).toEqual(['rx', 'rxblebattery', 'tx']);
    expect((await b.connect(lovenseBtle)).endpoints).toEqual(['tx']);
  });

  it('has tx and rx for a byte-stream specifier', async () => {
    const manager = simulator();
    manager.addDevice({ name: 'TCode', address: 't', transport: 'serial', port: 'COM7' });
    const events = recordEvents(manager);
    await manager.startScanning();
    expect((await foundCandidates(events)[0].connect(serialSpecifier)).endpoints).toEqual(['tx', 'rx']);
  });

  it('logs writes, subscribes and unsubscribes in order, as an array and an Observable', async () => {
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const hardware = await connectOnly(manager, 'a');

    await hardware.subscribe('rx');
    await hardware.write('tx', bytes('DeviceType;'), false);
    await hardware.write('tx', bytes('Vibrate:5;'), true);
    await hardware.unsubscribe('rx');

    const expected = [
      { kind: 'subscribe', endpoint: 'rx' },
      { kind: 'write', endpoint: 'tx', data: bytes('DeviceType;'), withResponse: false },
      { kind: 'write', endpoint: 'tx', data: bytes('Vibrate:5;'), withResponse: true },
      { kind: 'unsubscribe', endpoint: 'rx' },
    ];
    expect(device.commands).toEqual(expected);
    manager.removeDevice(device);
    expect(await firstValueFrom(device.commands$.pipe(toArray()))).toEqual(expected);
  });

  it('hands out commands one by one with nextCommand and times out when none comes', async () => {
    vi.useFakeTimers();
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const hardware = await connectOnly(manager, 'a');
    await hardware.write('tx', bytes('A'), false);

    expect(await device.nextCommand()).toEqual({ kind: 'write', endpoint: 'tx', data: bytes('A'), withResponse: false });
    const waiting = device.nextCommand(500);
    await hardware.subscribe('rx');
    expect(await waiting).toEqual({ kind: 'subscribe', endpoint: 'rx' });

    const none = device.nextCommand(500);
    const assertion = expect(none).rejects.toThrow(/no command .* within 500 ms/);
    await vi.advanceTimersByTimeAsync(500);
    await assertion;
  });

  it('rejects commands to a missing endpoint as a device error, without logging them', async () => {
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a', endpoints: ['tx'] });
    const hardware = await connectOnly(manager, 'a');
    await expect(hardware.write('txvibrate', bytes('x'), false)).rejects.toThrow(ButtplugError);
    await expect(hardware.subscribe('rx')).rejects.toThrow(/endpoint "rx"/);
    await expect(hardware.read('rx', 1, 100)).rejects.toThrow(/endpoint "rx"/);
    expect(device.commands).toEqual([]);
  });

  it('delivers notifications only while the endpoint is subscribed', async () => {
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const hardware = await connectOnly(manager, 'a');
    const seen: Notification[] = [];
    hardware.notifications.subscribe((notification) => seen.push(notification));

    expect(device.notify('rx', bytes('early'))).toBe(false);
    await hardware.subscribe('rx');
    expect(device.subscriptions).toEqual(['rx']);
    expect(device.notify('rx', bytes('OK;'))).toBe(true);
    expect(device.notify('tx', bytes('other'))).toBe(false);
    await hardware.unsubscribe('rx');
    expect(device.notify('rx', bytes('late'))).toBe(false);

    expect(seen).toEqual([{ endpoint: 'rx', data: bytes('OK;') }]);
  });

  it('gates notifications by subscription for any sequence of operations (property)', async () => {
    const operation = fc.oneof(
      fc.record({ op: fc.constant('subscribe' as const), endpoint: fc.constantFrom('tx', 'rx') }),
      fc.record({ op: fc.constant('unsubscribe' as const), endpoint: fc.constantFrom('tx', 'rx') }),
      fc.record({ op: fc.constant('notify' as const), endpoint: fc.constantFrom('tx', 'rx'), byte: fc.integer({ min: 0, max: 255 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 30 }), async (operations) => {
        const manager = new SimulatorManager();
        const device = manager.addDevice({ name: 'P', address: 'p', transport: 'serial' });
        const events = recordEvents(manager);
        await manager.startScanning();
        const hardware = await foundCandidates(events)[0].connect(serialSpecifier);
        const seen: Notification[] = [];
        hardware.notifications.subscribe((notification) => seen.push(notification));
        const subscribed = new Set<string>();
        const expected: Notification[] = [];
        for (const step of operations) {
          if (step.op === 'subscribe') {
            subscribed.add(step.endpoint);
            await hardware.subscribe(step.endpoint);
          } else if (step.op === 'unsubscribe') {
            subscribed.delete(step.endpoint);
            await hardware.unsubscribe(step.endpoint);
          } else {
            const data = Uint8Array.of(step.byte);
            if (subscribed.has(step.endpoint)) expected.push({ endpoint: step.endpoint, data });
            expect(device.notify(step.endpoint, data)).toBe(subscribed.has(step.endpoint));
          }
        }
        expect(seen).toEqual(expected);
        expect(device.commands.length).toBe(operations.filter((step) => step.op !== 'notify').length);
        await manager.close();
      }),
      { numRuns: 50 },
    );
  });

  it('answers reads from a FIFO per endpoint, then a handler, and fails on an error answer', async () => {
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const hardware = await connectOnly(manager, 'a');
    device.queueRead('rxblebattery', [90]);
    device.queueRead('rxblebattery', [80]);
    device.queueRead('rx', { error: 'sensor asleep' });

    expect(await hardware.read('rxblebattery', 1, 100)).toEqual(Uint8Array.of(90));
    expect(await hardware.read('rxblebattery', 1, 100)).toEqual(Uint8Array.of(80));
    await expect(hardware.read('rx', 1, 100)).rejects.toThrow(/sensor asleep/);

    device.onRead(({ endpoint, length }) => Uint8Array.of(endpoint.length, length));
    expect(await hardware.read('tx', 4, 100)).toEqual(Uint8Array.of(2, 4));
    expect(device.reads.map((read) => read.endpoint)).toEqual(['rxblebattery', 'rxblebattery', 'rx', 'tx']);
    expect(device.commands).toEqual([]);
  });

  it('lets a read wait for an answer queued later, and fails it when none comes in time', async () => {
    vi.useFakeTimers();
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const hardware = await connectOnly(manager, 'a');

    const later = hardware.read('rxblebattery', 1, 500);
    await vi.advanceTimersByTimeAsync(100);
    device.queueRead('rxblebattery', [42]);
    expect(await later).toEqual(Uint8Array.of(42));

    const never = hardware.read('rxblebattery', 1, 500);
    const assertion = expect(never).rejects.toThrow(/timed out after 500 ms/);
    await vi.advanceTimersByTimeAsync(500);
    await assertion;
  });

  it('goes away when the device disconnects: disconnected fires, notifications complete, commands fail', async () => {
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const hardware = await connectOnly(manager, 'a');
    const gone = firstValueFrom(hardware.disconnected);
    const notificationsDone = firstValueFrom(hardware.notifications.pipe(toArray()));
    expect(device.connected).toBe(true);

    device.disconnect();

    await gone;
    expect(await notificationsDone).toEqual([]);
    expect(device.connected).toBe(false);
    await expect(hardware.write('tx', bytes('x'), false)).rejects.toThrow(/disconnected/);
    // A late subscriber still learns it is gone.
    await firstValueFrom(hardware.disconnected);
  });

  it('records announce and reject; a rejected connection is closed', async () => {
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const hardware = await connectOnly(manager, 'a');
    hardware.announce?.({ index: 3, name: 'Lovense Edge', protocol: 'lovense' });
    expect(device.announced).toEqual({ index: 3, name: 'Lovense Edge', protocol: 'lovense' });

    hardware.reject?.('identification failed');
    await firstValueFrom(hardware.disconnected);
    expect(device.rejected).toBe('identification failed');
    expect(device.connected).toBe(false);
  });

  it('refuses a second connection to a connected device', async () => {
    const manager = simulator();
    manager.addDevice({ name: 'LVS-A', address: 'a' });
    const events = recordEvents(manager);
    await manager.startScanning();
    const [candidate] = foundCandidates(events);
    await candidate.connect(lovenseBtle);
    await expect(candidate.connect(lovenseBtle)).rejects.toThrow(/already connected/);
  });

  it('uses the transport default gap (btle 75 ms, others none) unless the device sets one', async () => {
    const manager = simulator();
    manager.addDevice({ name: 'LVS-A', address: 'a' });
    manager.addDevice({ name: 'LVS-B', address: 'b', messageGapMs: 0 });
    manager.addDevice({ name: 'COM', address: 'c', transport: 'serial' });
    const events = recordEvents(manager);
    await manager.startScanning();
    const gaps = await Promise.all(
      foundCandidates(events).map(async (candidate) => (await candidate.connect(lovenseBtle)).defaultMessageGapMs),
    );
    expect(gaps).toEqual([75, 0, undefined]);
  });

  it('removeDevice disconnects the device and forgets it', async () => {
    const manager = simulator();
    const device = manager.addDevice({ name: 'LVS-A', address: 'a' });
    const hardware = await connectOnly(manager, 'a');
    expect(manager.removeDevice('a')).toBe(true);
    await firstValueFrom(hardware.disconnected);
    expect(manager.device('a')).toBeUndefined();
    expect(manager.devices).toEqual([]);
    expect(manager.removeDevice(device)).toBe(false);
  });
});
