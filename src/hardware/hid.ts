/**
 * HID devices through node-hid, loaded on first use (its native part needs libusb-1.0-0; without it
 * the manager reports "HID unavailable: <reason>"). While scanning, devices are enumerated every
 * second; those without a serial number are skipped. Write-only, as in the reference server.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { deviceError, describeError } from '../errors.ts';
import { HardwareBase } from './hardware-base.ts';
import type { Logger } from '../log/logger.ts';
import { PollingManager } from './polling-manager.ts';
import type { Endpoint, HardwareCandidate, ProtocolSpecifier } from './types.ts';

/** An enumerated HID device. */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string;
  readonly serialNumber?: string;
  readonly product?: string;
}

/** An open HID device (node-hid's HIDAsync). */
export interface HidHandle extends EventEmitter {
  write(data: Buffer | number[]): Promise<number>;
  close(): Promise<void>;
}

/** The slice of node-hid this manager uses (a fake in tests). */
export interface HidModule {
  devicesAsync(): Promise<readonly HidDeviceInfo[]>;
  readonly HIDAsync: { open(path: string): Promise<HidHandle> };
}

/** Options of a HidManager. */
export interface HidManagerOptions {
  /** Default: node-hid, loaded on first use. */
  readonly hid?: HidModule;
  /** How often devices are enumerated while scanning; default 1000 ms. */
  readonly scanIntervalMs?: number;
  readonly logger?: Logger;
}

type UsableDevice = HidDeviceInfo & { readonly path: string; readonly serialNumber: string };

/** HID devices through node-hid (loaded on first use), enumerated while scanning. */
export class HidManager extends PollingManager<HidModule, UsableDevice, HidHardware> {
  constructor(private readonly options: HidManagerOptions = {}) {
    super(
      { name: 'hid', unavailable: 'HID unavailable', listFailed: 'hid: cannot enumerate devices', defaultScanIntervalMs: 1000 },
      options,
    );
  }

  protected loadLibrary(): HidModule {
    return this.options.hid ?? (createRequire(import.meta.url)('node-hid') as HidModule);
  }

  /** Devices without a serial number (or path) are skipped: the serial number is the address. */
  protected async list(hid: HidModule): Promise<readonly UsableDevice[]> {
    const devices = await hid.devicesAsync();
    return devices.filter((device): device is UsableDevice => !!device.serialNumber && !!device.path);
  }

  protected addressOf(device: UsableDevice): string {
    return device.serialNumber;
  }

  /** A connected device missing from the enumeration was unplugged. */
  protected override listed(present: ReadonlySet<string>): void {
    this.dropUnlisted(present, (hardware) => hardware.dropFromDeviceSide());
  }

  protected candidate(hid: HidModule, device: UsableDevice): HardwareCandidate {
    const hex = (id: number): string => id.toString(16).padStart(4, '0');
    const name = device.product || `HID device ${hex(device.vendorId)}:${hex(device.productId)}`;
    return {
      manager: this.name,
      name,
      address: device.serialNumber,
      specifier: { kind: 'hid', vendorId: device.vendorId, productId: device.productId },
      connect: (specifier) => this.connect(hid, device, name, specifier),
    };
  }

  private async connect(hid: HidModule, device: UsableDevice, name: string, specifier: ProtocolSpecifier): Promise<HidHardware> {
    if (specifier.kind !== 'hid') throw deviceError(`${name} is a HID device; it cannot use a ${specifier.kind} specifier`);
    const { serialNumber } = device;
    const open = async () => new HidHardware(await hid.HIDAsync.open(device.path), name, serialNumber, this.logger);
    return this.openOnce(serialNumber, open, {
      busy: `${name} (${serialNumber}) is already connected`,
      openFailed: `cannot open HID device ${name} (${serialNumber})`,
    });
  }
}

class HidHardware extends HardwareBase {
  constructor(
    private readonly handle: HidHandle,
    name: string,
    address: string,
    logger: Logger,
  ) {
    super({ name, address, endpoints: ['tx', 'rx'] });
    handle.on('error', (error: Error) => {
      logger.warn({ name, error: error.message }, 'hid: device error; treating it as disconnected');
      this.dropFromDeviceSide();
    });
  }

  dropFromDeviceSide(): void {
    this.markDisconnected();
    this.handle.close().catch(() => undefined);
  }

  protected async writeToDevice(_endpoint: Endpoint, data: Uint8Array): Promise<void> {
    try {
      await this.handle.write(Buffer.from(data));
    } catch (error) {
      throw deviceError(`write to ${this.name} failed: ${describeError(error)}`);
    }
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
    await this.handle.close().catch(() => undefined);
  }

  private writeOnly(action: string, endpoint: Endpoint): Error {
    return deviceError(`cannot ${action} ${endpoint} on ${this.name}: HID devices are write-only here`);
  }
}
