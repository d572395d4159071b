import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProtocolSpecifier } from '../../src/hardware/types.ts';
import { UsbManager, type UsbDevice, type UsbModule } from '../../src/hardware/usb.ts';
import { foundCandidates, hidSpecifier, recordEvents } from './helpers.ts';

const trance: ProtocolSpecifier = { kind: 'usb', pairs: [{ vendorId: 0x0b49, productId: 0x064f }] };

interface ControlTransfer {
  readonly requestType: number;
  readonly request: number;
  readonly value: number;
  readonly index: number;
  readonly data: number[];
}

/** A `usb` Device stand-in that records control transfers, or fails them with `failWith`. */
class FakeUsbDevice implements UsbDevice {
  readonly transfers: ControlTransfer[] = [];
  opened = false;
  failWith: string | undefined;
  readonly deviceDescriptor: UsbDevice['deviceDescriptor'];

  constructor(
    readonly busNumber: number,
    readonly portNumbers: number[],
    vendorId: number,
    productId: number,
    deviceClass = 0,
    readonly deviceAddress = 5,
  ) {
    this.deviceDescriptor = { idVendor: vendorId, idProduct: productId, bDeviceClass: deviceClass };
  }

  open(): void {
    this.opened = true;
  }

  close(): void {
    this.opened = false;
  }

  controlTransfer(requestType: number, request: number, value: number, index: number, data: Buffer, callback: (error: Error | undefined) => void) {
    this.transfers.push({ requestType, request, value, index, data: [...data] });
    queueMicrotask(() => callback(this.failWith ? new Error(this.failWith) : undefined));
    return this;
  }
}

function fakeUsb(devices: FakeUsbDevice[]): UsbModule & { devices: FakeUsbDevice[] } {
  const module = { devices, getDeviceList: () => module.devices };
  return module;
}

const managers: UsbManager[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

function usbManager(usb: UsbModule): UsbManager {
  const manager = new UsbManager({ usb });
  managers.push(manager);
  return manager;
}

describe('usb manager', () => {
  it('loads the usb package lazily and reports availability with a reason instead of throwing', async () => {
    const manager = new UsbManager();
    managers.push(manager);
    const availability = await manager.availability();
    expect(availability.available ? 'available' : availability.reason).toMatch(/^(available|USB unavailable: \S.*)$/);
    const broken = usbManager({
      getDeviceList: () => {
        throw new Error('LIBUSB_ERROR_ACCESS');
      },
    });
    expect(await broken.availability()).toEqual({ available: false, reason: 'USB unavailable: LIBUSB_ERROR_ACCESS' });
  });

  it('offers each device but hubs as usb {vendorId, productId}, addressed by bus and port path', async () => {
    const usb = fakeUsb([new FakeUsbDevice(1, [2, 1], 0x0b49, 0x064f), new FakeUsbDevice(1, [], 0x1d6b, 0x0002, 9)]);
    const manager = usbManager(usb);
    const events = recordEvents(manager);
    await manager.startScanning();
    const found = foundCandidates(events);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ manager: 'usb', name: 'USB device 0b49:064f', address: 'usb-1-2.1' });
    expect(found[0].specifier).toEqual({ kind: 'usb', vendorId: 0x0b49, productId: 0x064f });
  });

  it('turns a txvendorcontrol write into a vendor control transfer out', async () => {
    const device = new FakeUsbDevice(3, [4], 0x0b49, 0x064f);
    const manager = usbManager(fakeUsb([device]));
    const events = recordEvents(manager);
    await manager.startScanning();
    const [candidate] = foundCandidates(events);
    await expect(candidate.connect(hidSpecifier)).rejects.toThrow(/plain USB device; it cannot use a hid specifier/);
    const hardware = await candidate.connect(trance);
    expect(device.opened).toBe(true);
    expect(hardware.endpoints).toEqual(['txvendorcontrol']);

    await hardware.write('txvendorcontrol', Uint8Array.of(0x01, 0x80, 0x00, 0x00, 0x00), false);
    await hardware.write('txvendorcontrol', Uint8Array.of(0x07, 0x34, 0x12, 0x02, 0x01, 0xaa), false);
    expect(device.transfers).toEqual([
      { requestType: 0x41, request: 1, value: 0x80, index: 0, data: [] },
      { requestType: 0x41, request: 7, value: 0x1234, index: 0x0102, data: [0xaa] },
    ]);
    await expect(hardware.write('txvendorcontrol', Uint8Array.of(1, 2), false)).rejects.toThrow(/needs request, value and index/);
    await expect(hardware.read('txvendorcontrol', 1, 100)).rejects.toThrow(/write-only/);
    await expect(hardware.subscribe('txvendorcontrol')).rejects.toThrow(/write-only/);

    device.failWith = 'LIBUSB_ERROR_PIPE';
    await expect(hardware.write('txvendorcontrol', Uint8Array.of(1, 0, 0, 0, 0), false)).rejects.toThrow(/LIBUSB_ERROR_PIPE/);
    await hardware.disconnect();
    expect(device.opened).toBe(false);
  });

  it('a device that leaves the listing is disconnected, and offered again when it comes back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const device = new FakeUsbDevice(1, [3], 0x0b49, 0x064f);
    const usb = fakeUsb([device]);
    const manager = usbManager(usb);
    const events = recordEvents(manager);
    await manager.startScanning();
    const hardware = await foundCandidates(events)[0].connect(trance);

    usb.devices = [];
    await vi.advanceTimersByTimeAsync(1000);
    await firstValueFrom(hardware.disconnected);
    expect(device.opened).toBe(false);

    usb.devices = [device];
    await vi.advanceTimersByTimeAsync(1000);
    expect(foundCandidates(events).map((candidate) => candidate.address)).toEqual(['usb-1-3', 'usb-1-3']);
  });
});
