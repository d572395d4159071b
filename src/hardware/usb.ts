/**
 * Plain USB devices (neither HID nor serial) through the `usb` package, loaded on first use and
 * reported "USB unavailable: <reason>" when it cannot load. While scanning, the bus is listed every
 * second; hubs are skipped. A device's one endpoint, `txvendorcontrol`, turns each write into a
 * vendor control transfer out (see USB_VENDOR_CONTROL_ENDPOINT for the data layout).
 */
import { createRequire } from 'node:module';
import { deviceError, describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { USB_VENDOR_CONTROL_ENDPOINT } from './device-description.ts';
import { HardwareBase } from './hardware-base.ts';
import { PollingManager } from './polling-manager.ts';
import type { Endpoint, HardwareCandidate, ProtocolSpecifier } from './types.ts';

/** The slice of a `usb` Device this manager uses (a fake in tests). */
export interface UsbDevice {
  readonly busNumber: number;
  readonly deviceAddress: number;
  readonly portNumbers?: readonly number[];
  readonly deviceDescriptor: { readonly idVendor: number; readonly idProduct: number; readonly bDeviceClass: number };
  open(): void;
  close(): void;
  controlTransfer(
    requestType: number,
    request: number,
    value: number,
    index: number,
    data: Buffer,
    callback: (error: Error | undefined) => void,
  ): unknown;
}

/** The slice of the `usb` package this manager uses. */
export interface UsbModule {
  getDeviceList(): readonly UsbDevice[];
}

/** Options of a UsbManager. */
export interface UsbManagerOptions {
  /** Default: the `usb` package, loaded on first use. */
  readonly usb?: UsbModule;
  /** How often the bus is listed while scanning; default 1000 ms. */
  readonly scanIntervalMs?: number;
  readonly logger?: Logger;
}

const HUB_CLASS = 9;
/** bmRequestType: host to device, vendor request, to the interface. */
const VENDOR_OUT_TO_INTERFACE = 0x41;
/** request, value (2 bytes), index (2 bytes). */
const CONTROL_HEADER_LENGTH = 5;

const hex = (id: number): string => id.toString(16).padStart(4, '0');

/** Where the device is plugged in: stable while it stays on that port. */
function usbAddress(device: UsbDevice): string {
  const path = device.portNumbers && device.portNumbers.length > 0 ? device.portNumbers.join('.') : `a${device.deviceAddress}`;
  return `usb-${device.busNumber}-${path}`;
}

/**
 * Plain USB devices (neither HID nor serial, such as the Rez TranceVibrator) through the usb
 * package, loaded on first use.
 */
export class UsbManager extends PollingManager<UsbModule, UsbDevice, UsbHardware> {
  constructor(private readonly options: UsbManagerOptions = {}) {
    super(
      { name: 'usb', unavailable: 'USB unavailable', listFailed: 'usb: cannot list devices', defaultScanIntervalMs: 1000 },
      options,
    );
  }

  protected loadLibrary(): UsbModule {
    return this.options.usb ?? (createRequire(import.meta.url)('usb') as UsbModule);
  }

  protected async list(usb: UsbModule): Promise<readonly UsbDevice[]> {
    return usb.getDeviceList().filter((device) => device.deviceDescriptor.bDeviceClass !== HUB_CLASS);
  }

  protected addressOf(device: UsbDevice): string {
    return usbAddress(device);
  }

  /** A connected device missing from the listing was unplugged. */
  protected override listed(present: ReadonlySet<string>): void {
    this.dropUnlisted(present, (hardware) => hardware.dropFromDeviceSide());
  }

  protected candidate(_usb: UsbModule, device: UsbDevice, address: string): HardwareCandidate {
    const { idVendor, idProduct } = device.deviceDescriptor;
    const name = `USB device ${hex(idVendor)}:${hex(idProduct)}`;
    return {
      manager: this.name,
      name,
      address,
      specifier: { kind: 'usb', vendorId: idVendor, productId: idProduct },
      connect: (specifier) => this.connect(device, name, address, specifier),
    };
  }

  private async connect(device: UsbDevice, name: string, address: string, specifier: ProtocolSpecifier): Promise<UsbHardware> {
    if (specifier.kind !== 'usb') throw deviceError(`${name} is a plain USB device; it cannot use a ${specifier.kind} specifier`);
    const open = async () => {
      device.open();
      return new UsbHardware(device, name, address);
    };
    return this.openOnce(address, open, {
      busy: `${name} (${address}) is already connected`,
      openFailed: `cannot open USB device ${name} (${address})`,
    });
  }
}

class UsbHardware extends HardwareBase {
  constructor(
    private readonly device: UsbDevice,
    name: string,
    address: string,
  ) {
    super({ name, address, endpoints: [USB_VENDOR_CONTROL_ENDPOINT] });
  }

  dropFromDeviceSide(): void {
    this.markDisconnected();
    this.closeQuietly();
  }

  protected writeToDevice(endpoint: Endpoint, data: Uint8Array): Promise<void> {
    if (data.length < CONTROL_HEADER_LENGTH) {
      return Promise.reject(
        deviceError(`${this.name}: a ${endpoint} write needs request, value and index (5 bytes), got ${data.length}`),
      );
    }
    const [request, valueLow, valueHigh, indexLow, indexHigh] = data;
    const payload = Buffer.from(data.subarray(CONTROL_HEADER_LENGTH));
    return new Promise((resolve, reject) => {
      try {
        this.device.controlTransfer(
          VENDOR_OUT_TO_INTERFACE,
          request,
          valueLow | (valueHigh << 8),
          indexLow | (indexHigh << 8),
          payload,
          (error) => (error ? reject(deviceError(`write to ${this.name} failed: ${describeError(error)}`)) : resolve()),
        );
      } catch (error) {
        reject(deviceError(`write to ${this.name} failed: ${describeError(error)}`));
      }
    });
  }

  protected readFromDevice(endpoint: Endpoint): Promise<Uint8Array> {
    return Promise.reject(this.writeOnly('read', endpoint));
  }

  protected subscribeOnDevice(endpoint: Endpoint): Promise<void> {
    return Promise.reject(this.writeOnly('subscribe to', endpoint));
  }

  protected unsubscribeOnDevice(endpoint: Endpoint): Promise<void> {
    return Promise.reject(this.writeOnly('unsubscribe from', endpoint));
  }

  protected async closeConnection(): Promise<void> {
    this.closeQuietly();
  }

  private closeQuietly(): void {
    try {
      this.device.close();
    } catch {
      // Already closed, or unplugged: nothing left to release.
    }
  }

  private writeOnly(action: string, endpoint: Endpoint): Error {
    return deviceError(`cannot ${action} ${endpoint} on ${this.name}: USB devices are write-only here`);
  }
}
