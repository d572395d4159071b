import { EventEmitter } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { BtleManager, canonicalUuid } from '../../src/hardware/btle.ts';
import type { Notification } from '../../src/hardware/types.ts';
import { bytes, foundCandidates, lovenseBtle, nextFound, recordEvents } from './helpers.ts';

interface FakeCharacteristic {
  readonly uuid: string;
  readonly properties: string[];
}

/**
 * Fake noble bindings: the events and calls noble's own Noble class expects from a radio, with
 * one peripheral whose services are fff0 (tx fff2, rx fff1) and 180f (battery 2a19).
 */
class FakeNobleBindings extends EventEmitter {
  readonly writes: { characteristic: string; data: Buffer; withoutResponse: boolean }[] = [];
  readonly notifyCalls: { characteristic: string; on: boolean }[] = [];
  scanning = false;
  readonly services: Record<string, FakeCharacteristic[]> = {
    fff0: [
      { uuid: 'fff2', properties: ['writeWithoutResponse'] },
      { uuid: 'fff1', properties: ['notify'] },
    ],
    '180f': [{ uuid: '2a19', properties: ['read'] }],
  };

  init(): void {
    process.nextTick(() => this.emit('stateChange', 'poweredOn'));
  }
  startScanning(): void {
    this.scanning = true;
    process.nextTick(() => this.emit('scanStart', false));
  }
  stopScanning(): void {
    this.scanning = false;
    process.nextTick(() => this.emit('scanStop'));
  }
  connect(id: string): void {
    process.nextTick(() => this.emit('connect', id, null));
  }
  disconnect(id: string): void {
    process.nextTick(() => this.emit('disconnect', id));
  }
  discoverServices(id: string): void {
    process.nextTick(() => this.emit('servicesDiscover', id, Object.keys(this.services)));
  }
  discoverCharacteristics(id: string, service: string): void {
    process.nextTick(() => this.emit('characteristicsDiscover', id, service, this.services[service]));
  }
  write(id: string, service: string, characteristic: string, data: Buffer, withoutResponse: boolean): void {
    this.writes.push({ characteristic, data, withoutResponse });
    process.nextTick(() => this.emit('write', id, service, characteristic));
  }
  read(id: string, service: string, characteristic: string): void {
    process.nextTick(() => this.emit('read', id, service, characteristic, Buffer.from([77]), false));
  }
  notify(id: string, service: string, characteristic: string, on: boolean): void {
    this.notifyCalls.push({ characteristic, on });
    process.nextTick(() => this.emit('notify', id, service, characteristic, on));
  }

  /** The radio hears an advertisement. */
  advertise(id: string, advertisement: { localName?: string; manufacturerData?: Buffer; serviceUuids?: string[] }): void {
    this.emit('discover', id, `${id.slice(0, 2)}:00:00:00:00:01`, 'public', true, advertisement, -50, true);
  }

  /** The peripheral sends a notification. */
  sendNotification(id: string, service: string, characteristic: string, data: Buffer): void {
    this.emit('read', id, service, characteristic, data, true);
  }
}

const managers: BtleManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

function fakeManager(): { manager: BtleManager; radio: FakeNobleBindings } {
  const radio = new FakeNobleBindings();
  const manager = new BtleManager({ bindings: radio, operationTimeoutMs: 2000 });
  managers.push(manager);
  return { manager, radio };
}

const hasBluetoothAdapter = existsSync('/sys/class/bluetooth') && readdirSync('/sys/class/bluetooth').length > 0;

describe('btle manager', () => {
  it.skipIf(hasBluetoothAdapter)('reports Bluetooth unavailable with a reason on a machine without a radio', async () => {
    const manager = new BtleManager();
    managers.push(manager);
    const availability = await manager.availability();
    expect(availability.available).toBe(false);
    expect(availability.available === false && availability.reason).toMatch(/^Bluetooth unavailable: \S/);
    await expect(manager.startScanning()).rejects.toThrow(/^Bluetooth unavailable/);
    expect(manager.isScanning()).toBe(false);
  });

  it('spells UUIDs as the device config does', () => {
    expect(canonicalUuid('fff0')).toBe('0000fff0-0000-1000-8000-00805f9b34fb');
    expect(canonicalUuid('6E400001B5A3F393E0A9E50E24DCCA9E')).toBe('6e400001-b5a3-f393-e0a9-e50e24dcca9e');
    expect(canonicalUuid('0000FFF0-0000-1000-8000-00805F9B34FB')).toBe('0000fff0-0000-1000-8000-00805f9b34fb');
  });

  it('is available once fake bindings power on, and scans the radio until stopped', async () => {
    const { manager, radio } = fakeManager();
    expect(await manager.availability()).toEqual({ available: true });
    await manager.startScanning();
    expect(radio.scanning).toBe(true);
    expect(manager.isScanning()).toBe(true);
    await manager.stopScanning();
    expect(radio.scanning).toBe(false);
    expect(manager.isScanning()).toBe(false);
  });

  it('reports advertisements with a name or services as btle specifiers, once per scan', async () => {
    const { manager, radio } = fakeManager();
    const events = recordEvents(manager);
    await manager.startScanning();

    radio.advertise('aa01', { localName: 'LVS-Fake', manufacturerData: Buffer.from([0x6c, 0x02, 255, 33]), serviceUuids: ['fff0'] });
    radio.advertise('aa01', { localName: 'LVS-Fake', manufacturerData: Buffer.from([0x6c, 0x02, 255, 33]), serviceUuids: ['fff0'] });
    radio.advertise('bb02', {});
    radio.advertise('cc03', { serviceUuids: ['180f'] });

    const found = foundCandidates(events);
    expect(found.map((candidate) => candidate.name)).toEqual(['LVS-Fake', '']);
    expect(found[0].manager).toBe('btle');
    expect(found[0].address).toBe('aa:00:00:00:00:01');
    expect(found[0].specifier).toEqual({
      kind: 'btle',
      name: 'LVS-Fake',
      manufacturerData: [{ company: 620, data: [255, 33] }],
      advertisedServices: ['0000fff0-0000-1000-8000-00805f9b34fb'],
    });

    await manager.stopScanning();
    await manager.startScanning();
    radio.advertise('aa01', { localName: 'LVS-Fake' });
    expect(foundCandidates(events)).toHaveLength(3);
  });

  it('connects, maps the specifier services to endpoints, writes, reads and subscribes', async () => {
    const { manager, radio } = fakeManager();
    await manager.startScanning();
    const found = nextFound(manager.events);
    radio.advertise('aa01', { localName: 'LVS-Fake' });
    const hardware = await (await found).connect(lovenseBtle);

    expect([...hardware.endpoints].sort()).toEqual(['rx', 'rxblebattery', 'tx']);
    expect(hardware.defaultMessageGapMs).toBe(75);

    await hardware.write('tx', bytes('Vibrate:10;'), false);
    // The characteristic only supports write-without-response: a with-response write falls back.
    await hardware.write('tx', bytes('Vibrate:0;'), true);
    expect(radio.writes).toEqual([
      { characteristic: 'fff2', data: Buffer.from('Vibrate:10;'), withoutResponse: true },
      { characteristic: 'fff2', data: Buffer.from('Vibrate:0;'), withoutResponse: true },
    ]);

    expect(await hardware.read('rxblebattery', 1, 1000)).toEqual(Uint8Array.of(77));

    const seen: Notification[] = [];
    hardware.notifications.subscribe((notification) => seen.push(notification));
    radio.sendNotification('aa01', 'fff0', 'fff1', Buffer.from('early'));
    await hardware.subscribe('rx');
    expect(radio.notifyCalls).toEqual([{ characteristic: 'fff1', on: true }]);
    radio.sendNotification('aa01', 'fff0', 'fff1', Buffer.from('OK;'));
    await hardware.unsubscribe('rx');
    radio.sendNotification('aa01', 'fff0', 'fff1', Buffer.from('late'));
    expect(seen).toEqual([{ endpoint: 'rx', data: bytes('OK;') }]);

    await expect(hardware.write('txvibrate', bytes('x'), false)).rejects.toThrow(/endpoint "txvibrate"/);
  });

  it('refuses to connect when none of the configured services exist', async () => {
    const { manager, radio } = fakeManager();
    await manager.startScanning();
    const found = nextFound(manager.events);
    radio.advertise('aa01', { localName: 'LVS-Fake' });
    const candidate = await found;
    const elsewhere = { ...lovenseBtle, services: { '6e400001-b5a3-f393-e0a9-e50e24dcca9e': { tx: '6e400002-b5a3-f393-e0a9-e50e24dcca9e' } } };
    await expect(candidate.connect(elsewhere)).rejects.toThrow(/none of the services/);
  });

  it('reports the peripheral disconnecting, and reports it again on its next advertisement', async () => {
    const { manager, radio } = fakeManager();
    const events = recordEvents(manager);
    await manager.startScanning();
    const found = nextFound(manager.events);
    radio.advertise('aa01', { localName: 'LVS-Fake' });
    const hardware = await (await found).connect(lovenseBtle);

    radio.advertise('aa01', { localName: 'LVS-Fake' });
    expect(foundCandidates(events)).toHaveLength(1);

    radio.emit('disconnect', 'aa01');
    await firstValueFrom(hardware.disconnected);
    await expect(hardware.write('tx', bytes('x'), false)).rejects.toThrow(/disconnected/);

    radio.advertise('aa01', { localName: 'LVS-Fake' });
    expect(foundCandidates(events)).toHaveLength(2);
  });

  it('disconnects on request', async () => {
    const { manager, radio } = fakeManager();
    await manager.startScanning();
    const found = nextFound(manager.events);
    radio.advertise('aa01', { localName: 'LVS-Fake' });
    const hardware = await (await found).connect(lovenseBtle);
    await hardware.disconnect();
    await expect(firstValueFrom(hardware.disconnected)).resolves.toBeUndefined();
  });
});
