/**
 * HID devices through node-hid, loaded on first use (its native part needs libusb-1.0-0; without it
 * the manager reports "HID unavailable: <reason>"). While scanning, devices are enumerated every
 * second; those without a serial number are skipped. Write-only, as in the reference server.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Subject, type Observable } from 'rxjs';
import { deviceError } from '../messages/errors.ts';
import { HardwareBase } from './hardware-base.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import { describeError } from './describe-error.ts';
import { Poller } from './poller.ts';
import type {
  Endpoint,
  HardwareCandidate,
  HardwareManager,
  ManagerAvailability,
  ManagerEvent,
  ProtocolSpecifier,
} from './types.ts';

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

export interface HidManagerOptions {
  /** Default: node-hid, loaded on first use. */
  readonly hid?: HidModule;
  /** How often devices are enumerated while scanning; default 1000 ms. */
  readonly scanIntervalMs?: number;
  readonly logger?: Logger;
}

type Loaded = { readonly hid: HidModule } | { readonly error: string };

type UsableDevice = HidDeviceInfo & { readonly path: string; readonly serialNumber: string };

export class HidManager implements HardwareManager {
  readonly name = 'hid';
  readonly events: Observable<ManagerEvent>;

  private readonly eventSubject = new Subject<ManagerEvent>();
  private readonly logger: Logger;
  private readonly poller: Poller;
  /** Serial numbers offered in this scan. */
  private readonly offered = new Set<string>();
  private readonly connected = new Map<string, HidHardware | 'opening'>();
  private lastEnumerateError: string | undefined;
  private loaded: Loaded | undefined;
  private closed = false;

  constructor(private readonly options: HidManagerOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.poller = new Poller(() => this.scanOnce(), options.scanIntervalMs ?? 1000);
    this.events = this.eventSubject.asObservable();
  }

  async availability(): Promise<ManagerAvailability> {
    const loaded = this.load();
    if ('error' in loaded) return { available: false, reason: `HID unavailable: ${loaded.error}` };
    try {
      // node-hid loads its native part on first use: this is where a missing libusb shows.
      await loaded.hid.devicesAsync();
      return { available: true };
    } catch (error) {
      return { available: false, reason: `HID unavailable: ${describeError(error)}` };
    }
  }

  async startScanning(): Promise<void> {
    if (this.closed) throw new Error('the hid manager is closed');
    const loaded = this.load();
    if ('error' in loaded) throw new Error(`HID unavailable: ${loaded.error}`);
    if (this.poller.active) return;
    this.offered.clear();
    await this.poller.start();
  }

  async stopScanning(): Promise<void> {
    this.poller.stop();
  }

  isScanning(): boolean {
    return this.poller.active;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.poller.stop();
    const open = [...this.connected.values()].filter((entry): entry is HidHardware => entry !== 'opening');
    await Promise.allSettled(open.map((hardware) => hardware.disconnect()));
    this.eventSubject.complete();
  }

  private load(): Loaded {
    if (this.loaded) return this.loaded;
    try {
      this.loaded = { hid: this.options.hid ?? (createRequire(import.meta.url)('node-hid') as HidModule) };
    } catch (error) {
      this.loaded = { error: describeError(error) };
    }
    return this.loaded;
  }

  private async scanOnce(): Promise<void> {
    const loaded = this.loaded;
    if (!loaded || 'error' in loaded) return;
    let devices: readonly HidDeviceInfo[];
    try {
      devices = await loaded.hid.devicesAsync();
    } catch (error) {
      const text = describeError(error);
      if (text !== this.lastEnumerateError) this.logger.warn({ error: text }, 'hid: cannot enumerate devices');
      this.lastEnumerateError = text;
      return;
    }
    this.lastEnumerateError = undefined;
    const usable = devices.filter((device): device is UsableDevice => !!device.serialNumber && !!device.path);
    this.dropUnplugged(new Set(usable.map((device) => device.serialNumber)));
    for (const device of usable) {
      if (!this.poller.active) return;
      if (this.offered.has(device.serialNumber) || this.connected.has(device.serialNumber)) continue;
      this.offered.add(device.serialNumber);
      this.eventSubject.next({ type: 'found', candidate: this.candidate(loaded.hid, device) });
    }
  }

  /** A connected device missing from the enumeration was unplugged. */
  private dropUnplugged(present: ReadonlySet<string>): void {
    for (const [serialNumber, entry] of this.connected) {
      if (entry !== 'opening' && !present.has(serialNumber)) entry.dropFromDeviceSide();
    }
  }

  private candidate(hid: HidModule, device: UsableDevice): HardwareCandidate {
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
    const serialNumber = device.serialNumber;
    if (this.connected.has(serialNumber)) throw deviceError(`${name} (${serialNumber}) is already connected`);
    this.connected.set(serialNumber, 'opening');
    try {
      const handle = await hid.HIDAsync.open(device.path);
      const hardware = new HidHardware(handle, name, serialNumber, this.logger);
      this.connected.set(serialNumber, hardware);
      hardware.disconnected.subscribe(() => {
        this.connected.delete(serialNumber);
        this.offered.delete(serialNumber);
      });
      return hardware;
    } catch (error) {
      this.connected.delete(serialNumber);
      throw deviceError(`cannot open HID device ${name} (${serialNumber}): ${describeError(error)}`);
    }
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
