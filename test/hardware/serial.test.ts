import { firstValueFrom } from 'rxjs';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/log/logger.ts';
import { SerialManager, type SerialPortClass, type SerialPortOpenOptions } from '../../src/hardware/serial.ts';
import type { Notification } from '../../src/hardware/types.ts';
import { bytes, foundCandidates, lovenseBtle, recordEvents, serialSpecifier } from './helpers.ts';

// SerialPortMock.binding, not @serialport/binding-mock: an ESM import of the latter is a second registry.
const mockBinding = SerialPortMock.binding;

/** SerialPortMock that remembers how it was opened and the last instance made. */
class RecordingPort extends SerialPortMock {
  static opened: SerialPortOpenOptions[] = [];
  static last: RecordingPort | undefined;
  constructor(options: SerialPortOpenOptions) {
    super(options);
    RecordingPort.opened.push(options);
    RecordingPort.last = this;
  }
}

const managers: SerialManager[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
  mockBinding.reset();
  RecordingPort.opened = [];
  RecordingPort.last = undefined;
});

function serialManager(options: ConstructorParameters<typeof SerialManager>[0] = {}): SerialManager {
  const manager = new SerialManager({ portClass: RecordingPort as unknown as SerialPortClass, ...options });
  managers.push(manager);
  return manager;
}

function lastPort(): RecordingPort {
  if (!RecordingPort.last) throw new Error('no port was opened');
  return RecordingPort.last;
}

describe('serial manager', () => {
  it('reports Serial unavailable with a reason when ports cannot be listed, and does not throw', async () => {
    const manager = new SerialManager();
    managers.push(manager);
    const availability = await manager.availability();
    // Here (no udevadm) listing fails; on a machine with udev the bus is simply available.
    expect(availability.available ? 'available' : availability.reason).toMatch(/^(available|Serial unavailable: \S.*)$/);
  });

  it('lists ports when scanning starts and reports each as serial {port}', async () => {
    mockBinding.createPort('/dev/ttyFAKE0', { echo: false, record: true });
    const manager = serialManager();
    expect(await manager.availability()).toEqual({ available: true });
    const events = recordEvents(manager);
    await manager.startScanning();
    const [candidate] = foundCandidates(events);
    expect(candidate).toMatchObject({ manager: 'serial', name: '/dev/ttyFAKE0', address: '/dev/ttyFAKE0' });
    expect(candidate.specifier).toEqual({ kind: 'serial', port: '/dev/ttyFAKE0' });
    expect(manager.isScanning()).toBe(true);
  });

  it('lists again every 5 s while scanning, reporting new ports once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    mockBinding.createPort('/dev/ttyFAKE0');
    const manager = serialManager();
    const events = recordEvents(manager);
    await manager.startScanning();
    mockBinding.createPort('/dev/ttyFAKE1');
    await vi.advanceTimersByTimeAsync(5000);
    await vi.waitFor(() => expect(foundCandidates(events)).toHaveLength(2));
    await vi.advanceTimersByTimeAsync(5000);
    expect(foundCandidates(events).map((candidate) => candidate.address)).toEqual(['/dev/ttyFAKE0', '/dev/ttyFAKE1']);

    await manager.stopScanning();
    mockBinding.createPort('/dev/ttyFAKE2');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(foundCandidates(events)).toHaveLength(2);
  });

  it('opens at the specifier baud rate, 8N1, with tx and rx; writes reach the port', async () => {
    mockBinding.createPort('/dev/ttyFAKE0', { echo: false, record: true });
    const manager = serialManager();
    const events = recordEvents(manager);
    await manager.startScanning();
    const hardware = await foundCandidates(events)[0].connect(serialSpecifier);

    expect(RecordingPort.opened).toEqual([
      { path: '/dev/ttyFAKE0', baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false },
    ]);
    expect(hardware.endpoints).toEqual(['tx', 'rx']);
    expect(hardware.defaultMessageGapMs).toBeUndefined();

    await hardware.write('tx', bytes('L0999I100\n'), false);
    await hardware.write('tx', bytes('D1\n'), false);
    expect(lastPort().port?.recording.toString()).toBe('L0999I100\nD1\n');
  });

  it('turns received bytes into notifications on rx while subscribed, and into reads otherwise', async () => {
    mockBinding.createPort('/dev/ttyFAKE0', { echo: false, record: true });
    const manager = serialManager();
    const events = recordEvents(manager);
    await manager.startScanning();
    const hardware = await foundCandidates(events)[0].connect(serialSpecifier);
    const seen: Notification[] = [];
    hardware.notifications.subscribe((notification) => seen.push(notification));

    await hardware.subscribe('rx');
    const notified = firstValueFrom(hardware.notifications);
    lastPort().port?.emitData(Buffer.from('OK;'));
    await notified;
    expect(seen).toEqual([{ endpoint: 'rx', data: bytes('OK;') }]);

    await hardware.unsubscribe('rx');
    const read = hardware.read('rx', 0, 2000);
    lastPort().port?.emitData(Buffer.from('V1;'));
    expect(await read).toEqual(bytes('V1;'));
    expect(seen).toHaveLength(1);
  });

  it('refuses a non-serial specifier and a second connection', async () => {
    mockBinding.createPort('/dev/ttyFAKE0');
    const manager = serialManager();
    const events = recordEvents(manager);
    await manager.startScanning();
    const [candidate] = foundCandidates(events);
    await expect(candidate.connect(lovenseBtle)).rejects.toThrow(/serial port; it cannot use a btle specifier/);
    await candidate.connect(serialSpecifier);
    await expect(candidate.connect(serialSpecifier)).rejects.toThrow(/already connected/);
  });

  it('fails to connect with a clear error when the port cannot open', async () => {
    const manager = serialManager();
    const events = recordEvents(manager);
    mockBinding.createPort('/dev/ttyGONE');
    await manager.startScanning();
    mockBinding.reset();
    await expect(foundCandidates(events)[0].connect(serialSpecifier)).rejects.toThrow(/cannot open serial port \/dev\/ttyGONE/);
  });

  it('reports the port closing as a disconnect and offers it again on the next listing', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    mockBinding.createPort('/dev/ttyFAKE0');
    const manager = serialManager();
    const events = recordEvents(manager);
    await manager.startScanning();
    const hardware = await foundCandidates(events)[0].connect(serialSpecifier);
    await vi.advanceTimersByTimeAsync(5000);
    expect(foundCandidates(events)).toHaveLength(1);

    lastPort().close();
    await firstValueFrom(hardware.disconnected);
    await vi.advanceTimersByTimeAsync(5000);
    await vi.waitFor(() => expect(foundCandidates(events)).toHaveLength(2));
  });

  it('keeps scanning when listing fails (spawn udevadm ENOENT) and logs it once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (fields, message) => warnings.push(`${String(message)}: ${String((fields as { error?: unknown }).error)}`),
    };
    const failingList = Object.assign(class extends RecordingPort {}, {
      list: () => Promise.reject(new Error('spawn udevadm ENOENT')),
    }) as unknown as SerialPortClass;
    const manager = serialManager({ portClass: failingList, logger });
    const availability = await manager.availability();
    expect(availability.available === false && availability.reason).toMatch(/^Serial unavailable: .*udevadm ENOENT.*udev/);

    await manager.startScanning();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(manager.isScanning()).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot list ports: spawn udevadm ENOENT/);
  });
});
