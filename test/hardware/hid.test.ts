import { EventEmitter } from 'node:events';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HidManager, type HidDeviceInfo, type HidHandle, type HidModule } from '../../src/hardware/hid.ts';
import { bytes, foundCandidates, hidSpecifier, lovenseBtle, recordEvents } from './helpers.ts';

class FakeHidHandle extends EventEmitter implements HidHandle {
  readonly writes: Buffer[] = [];
  closed = false;
  async write(data: Buffer | number[]): Promise<number> {
    const buffer = Buffer.from(data);
    this.writes.push(buffer);
    return buffer.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A node-hid stand-in: a mutable device list and the handles opened. */
function fakeHid(devices: HidDeviceInfo[]): HidModule & { devices: HidDeviceInfo[]; handles: Map<string, FakeHidHandle> } {
  const handles = new Map<string, FakeHidHandle>();
  const module = {
    devices,
    handles,
    devicesAsync: async () => module.devices,
    HIDAsync: {
      open: async (path: string) => {
        if (!module.devices.some((device) => device.path === path)) throw new Error(`cannot open device with path ${path}`);
        const handle = new FakeHidHandle();
        handles.set(path, handle);
        return handle;
      },
    },
  };
  return module;
}

const toy: HidDeviceInfo = { vendorId: 0x1234, productId: 0x5678, path: '/dev/hidraw0', serialNumber: 'SN-1', product: 'Fake Toy' };
const noSerial: HidDeviceInfo = { vendorId: 0x1234, productId: 0x5678, path: '/dev/hidraw1', product: 'Anonymous' };

const managers: HidManager[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

function hidManager(hid: HidModule): HidManager {
  const manager = new HidManager({ hid });
  managers.push(manager);
  return manager;
}

describe('hid manager', () => {
  it('reports HID unavailable with a reason instead of throwing when node-hid cannot load', async () => {
    const manager = new HidManager();
    managers.push(manager);
    const availability = await manager.availability();
    // Here libusb-1.0 is missing; where it is installed the bus is simply available.
    expect(availability.available ? 'available' : availability.reason).toMatch(/^(available|HID unavailable: \S.*)$/);
    const broken = hidManager({
      devicesAsync: () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')),
      HIDAsync: { open: () => Promise.reject(new Error('unreachable')) },
    });
    expect(await broken.availability()).toEqual({
      available: false,
      reason: 'HID unavailable: libusb-1.0.so.0: cannot open shared object file',
    });
  });

  it('reports devices with a serial number as hid {vendorId, productId}, named by product', async () => {
    const hid = fakeHid([toy, noSerial]);
    const manager = hidManager(hid);
    expect(await manager.availability()).toEqual({ available: true });
    const events = recordEvents(manager);
    await manager.startScanning();
    const found = foundCandidates(events);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ manager: 'hid', name: 'Fake Toy', address: 'SN-1' });
    expect(found[0].specifier).toEqual({ kind: 'hid', vendorId: 0x1234, productId: 0x5678 });
  });

  it('enumerates every second while scanning, reporting each device once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const hid = fakeHid([toy]);
    const manager = hidManager(hid);
    const events = recordEvents(manager);
    await manager.startScanning();
    hid.devices = [toy, { ...toy, path: '/dev/hidraw2', serialNumber: 'SN-2', product: 'Second' }];
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(foundCandidates(events).map((candidate) => candidate.address)).toEqual(['SN-1', 'SN-2']);
    await manager.stopScanning();
    expect(manager.isScanning()).toBe(false);
  });

  it('writes to the device and refuses reads and subscriptions clearly', async () => {
    const hid = fakeHid([toy]);
    const manager = hidManager(hid);
    const events = recordEvents(manager);
    await manager.startScanning();
    const candidate = foundCandidates(events)[0];
    await expect(candidate.connect(lovenseBtle)).rejects.toThrow(/HID device; it cannot use a btle specifier/);
    const hardware = await candidate.connect(hidSpecifier);
    expect(hardware.endpoints).toEqual(['tx', 'rx']);

    await hardware.write('tx', Uint8Array.of(0, 1, 2), false);
    expect(hid.handles.get('/dev/hidraw0')?.writes).toEqual([Buffer.from([0, 1, 2])]);
    await expect(hardware.read('rx', 1, 100)).rejects.toThrow(/write-only/);
    await expect(hardware.subscribe('rx')).rejects.toThrow(/write-only/);
    await expect(hardware.write('txvibrate', bytes('x'), false)).rejects.toThrow(/endpoint "txvibrate"/);
  });

  it('treats a device error or the device leaving the enumeration as a disconnect', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const second: HidDeviceInfo = { ...toy, path: '/dev/hidraw2', serialNumber: 'SN-2' };
    const hid = fakeHid([toy, second]);
    const manager = hidManager(hid);
    const events = recordEvents(manager);
    await manager.startScanning();
    const [first, other] = foundCandidates(events);
    const errored = await first.connect(hidSpecifier);
    const unplugged = await other.connect(hidSpecifier);

    hid.handles.get('/dev/hidraw0')?.emit('error', new Error('could not read from HID device'));
    await firstValueFrom(errored.disconnected);
    expect(hid.handles.get('/dev/hidraw0')?.closed).toBe(true);

    hid.devices = [toy];
    await vi.advanceTimersByTimeAsync(1000);
    await firstValueFrom(unplugged.disconnected);
    // The errored device is still listed, so it is offered again.
    expect(foundCandidates(events).map((candidate) => candidate.address)).toEqual(['SN-1', 'SN-2', 'SN-1']);
  });
});
