/**
 * Bluetooth LE through @abandonware/noble. noble throws at require time on a machine without a
 * radio, so it is loaded on first use and a failure becomes "Bluetooth unavailable: <reason>".
 * Tests pass fake noble bindings (the `bindings` option) or a noble-like object.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Subject, type Observable } from 'rxjs';
import { deviceError, describeError } from '../errors.ts';
import { HardwareBase } from './hardware-base.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import { canonicalUuid } from './ble-uuid.ts';
import { withTimeout } from './timeouts.ts';
import type {
  Endpoint,
  HardwareCandidate,
  HardwareManager,
  ManagerAvailability,
  ManagerEvent,
  ManufacturerData,
  ProtocolSpecifier,
} from './types.ts';

export { canonicalUuid } from './ble-uuid.ts';

// ---- the slice of noble this manager uses ----

/** The slice of a noble GATT characteristic BtleManager uses. */
export interface NobleCharacteristic extends EventEmitter {
  readonly uuid: string;
  readonly properties: readonly string[];
  writeAsync(data: Buffer, withoutResponse: boolean): Promise<void>;
  readAsync(): Promise<Buffer>;
  subscribeAsync(): Promise<void>;
  unsubscribeAsync(): Promise<void>;
}

/** The slice of a noble GATT service BtleManager uses. */
export interface NobleService {
  readonly uuid: string;
  discoverCharacteristicsAsync(uuids: string[]): Promise<NobleCharacteristic[]>;
}

/** The slice of a noble peripheral BtleManager uses. */
export interface NoblePeripheral extends EventEmitter {
  readonly id: string;
  readonly address: string;
  readonly advertisement: {
    readonly localName?: string;
    readonly manufacturerData?: Buffer;
    readonly serviceUuids?: readonly string[];
  };
  connectAsync(): Promise<void>;
  disconnectAsync(): Promise<void>;
  discoverServicesAsync(uuids: string[]): Promise<NobleService[]>;
}

/** The slice of a noble instance BtleManager uses (tests pass a fake). */
export interface NobleLike extends EventEmitter {
  readonly state: string;
  startScanningAsync(serviceUuids: string[], allowDuplicates: boolean): Promise<void>;
  stopScanning(): void;
}

/** Options of a BtleManager (Bluetooth LE through @abandonware/noble, loaded on first use). */
export interface BtleManagerOptions {
  /** A noble instance to use instead of loading @abandonware/noble. */
  readonly noble?: NobleLike;
  /** noble bindings (a fake in tests): loads @abandonware/noble/with-bindings with them. */
  readonly bindings?: unknown;
  /** How long to wait for the adapter to report its state; default 5000 ms. */
  readonly adapterTimeoutMs?: number;
  /** Bound on connect, discovery, write and subscribe; default 10 000 ms. */
  readonly operationTimeoutMs?: number;
  readonly logger?: Logger;
}

/** Company id (little-endian, first two bytes) and the rest, as the device config spells it. */
function manufacturerDataOf(buffer: Buffer | undefined): ManufacturerData[] {
  if (!buffer || buffer.length < 2) return [];
  return [{ company: buffer.readUInt16LE(0), data: [...buffer.subarray(2)] }];
}

type Loaded = { readonly noble: NobleLike } | { readonly error: string };

export class BtleManager implements HardwareManager {
  readonly name = 'btle';
  readonly events: Observable<ManagerEvent>;

  private readonly eventSubject = new Subject<ManagerEvent>();
  private readonly logger: Logger;
  private readonly adapterTimeoutMs: number;
  private readonly operationTimeoutMs: number;
  /** Advertisements already reported in this scan, per peripheral id. */
  private readonly seen = new Map<string, Set<string>>();
  /** Peripheral ids connected or connecting. */
  private readonly inUse = new Set<string>();
  private readonly hardwareById = new Map<string, BtleHardware>();
  private loaded: Loaded | undefined;
  private scanning = false;
  private radioScanning = false;
  private closed = false;

  constructor(private readonly options: BtleManagerOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.adapterTimeoutMs = options.adapterTimeoutMs ?? 5000;
    this.operationTimeoutMs = options.operationTimeoutMs ?? 10_000;
    this.events = this.eventSubject.asObservable();
  }

  async availability(): Promise<ManagerAvailability> {
    const loaded = this.load();
    if ('error' in loaded) return { available: false, reason: `Bluetooth unavailable: ${loaded.error}` };
    const state = await this.adapterState(loaded.noble);
    return state === 'poweredOn'
      ? { available: true }
      : { available: false, reason: `Bluetooth unavailable: the adapter is ${state}` };
  }

  async startScanning(): Promise<void> {
    if (this.closed) throw new Error('the btle manager is closed');
    const loaded = this.load();
    if ('error' in loaded) throw new Error(`Bluetooth unavailable: ${loaded.error}`);
    if (this.scanning) return;
    this.scanning = true;
    this.seen.clear();
    if ((await this.adapterState(loaded.noble)) === 'poweredOn') {
      await this.startRadio(loaded.noble);
    } else {
      this.logger.info({}, 'btle: waiting for the Bluetooth adapter to power on');
    }
  }

  async stopScanning(): Promise<void> {
    this.scanning = false;
    if (this.loaded && 'noble' in this.loaded && this.radioScanning) {
      this.radioScanning = false;
      this.loaded.noble.stopScanning();
    }
  }

  isScanning(): boolean {
    return this.scanning;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.stopScanning();
    this.closed = true;
    await Promise.allSettled([...this.hardwareById.values()].map((hardware) => hardware.disconnect()));
    this.eventSubject.complete();
  }

  private load(): Loaded {
    if (this.loaded) return this.loaded;
    try {
      const noble = this.options.noble ?? loadNoble(this.options.bindings);
      noble.on('discover', (peripheral: NoblePeripheral) => this.onDiscover(peripheral));
      noble.on('stateChange', (state: string) => this.onStateChange(noble, state));
      this.loaded = { noble };
    } catch (error) {
      this.loaded = { error: describeError(error) };
      this.logger.warn({ error: this.loaded.error }, 'btle: Bluetooth unavailable');
    }
    return this.loaded;
  }

  private adapterState(noble: NobleLike): Promise<string> {
    return new Promise<string>((resolve) => {
      const onState = (state: string): void => {
        if (state === 'unknown') return;
        clearTimeout(timer);
        noble.off('stateChange', onState);
        resolve(state);
      };
      const timer = setTimeout(() => {
        noble.off('stateChange', onState);
        resolve('not reporting its state');
      }, this.adapterTimeoutMs);
      noble.on('stateChange', onState);
      // Reading state initializes the bindings, which may report synchronously.
      const state = noble.state;
      if (state !== 'unknown') onState(state);
    });
  }

  private async startRadio(noble: NobleLike): Promise<void> {
    if (this.radioScanning) return;
    this.radioScanning = true;
    try {
      // Duplicates allowed: a device that disconnects must be seen again while the scan runs.
      await withTimeout(noble.startScanningAsync([], true), this.operationTimeoutMs, () =>
        deviceError('the Bluetooth adapter did not start scanning'),
      );
    } catch (error) {
      this.radioScanning = false;
      throw error;
    }
  }

  private onStateChange(noble: NobleLike, state: string): void {
    this.logger.info({ state }, 'btle: adapter state');
    if (state === 'poweredOn' && this.scanning) {
      this.startRadio(noble).catch((error: unknown) =>
        this.logger.warn({ error: describeError(error) }, 'btle: cannot start scanning'),
      );
    } else if (state !== 'poweredOn') {
      this.radioScanning = false;
    }
  }

  private onDiscover(peripheral: NoblePeripheral): void {
    if (!this.scanning || this.inUse.has(peripheral.id)) return;
    const name = peripheral.advertisement.localName ?? '';
    const advertisedServices = (peripheral.advertisement.serviceUuids ?? []).map(canonicalUuid);
    if (name === '' && advertisedServices.length === 0) return;
    const manufacturerData = manufacturerDataOf(peripheral.advertisement.manufacturerData);
    // Once per distinct advertisement per scan.
    const key = JSON.stringify([name, manufacturerData, advertisedServices]);
    const keys = this.seen.get(peripheral.id) ?? new Set<string>();
    if (keys.has(key)) return;
    keys.add(key);
    this.seen.set(peripheral.id, keys);

    const address = peripheral.address && peripheral.address !== 'unknown' ? peripheral.address : peripheral.id;
    const candidate: HardwareCandidate = {
      manager: this.name,
      name,
      address,
      specifier: { kind: 'btle', name, manufacturerData, advertisedServices },
      connect: (specifier) => this.connect(peripheral, name, address, specifier),
    };
    this.eventSubject.next({ type: 'found', candidate });
  }

  private async connect(
    peripheral: NoblePeripheral,
    name: string,
    address: string,
    specifier: ProtocolSpecifier,
  ): Promise<BtleHardware> {
    if (specifier.kind !== 'btle') throw deviceError(`${name} is a BLE device; it cannot use a ${specifier.kind} specifier`);
    if (this.inUse.has(peripheral.id)) throw deviceError(`${name} (${address}) is already connected`);
    this.inUse.add(peripheral.id);
    try {
      const bounded = <T>(promise: Promise<T>, what: string): Promise<T> =>
        withTimeout(promise, this.operationTimeoutMs, () => deviceError(`${name}: ${what} timed out`));
      await bounded(peripheral.connectAsync(), 'connecting');
      const characteristics = await this.mapEndpoints(peripheral, name, specifier, bounded);
      const hardware = new BtleHardware(peripheral, name, address, characteristics, this.operationTimeoutMs);
      this.hardwareById.set(peripheral.id, hardware);
      peripheral.once('disconnect', () => this.onPeripheralGone(peripheral.id, hardware));
      return hardware;
    } catch (error) {
      this.inUse.delete(peripheral.id);
      // Best effort, in the background: a half-open link must not delay the error.
      peripheral.disconnectAsync().catch(() => undefined);
      throw error;
    }
  }

  /** Maps the specifier's service map (service → endpoint → characteristic) onto what the device has. */
  private async mapEndpoints(
    peripheral: NoblePeripheral,
    name: string,
    specifier: Extract<ProtocolSpecifier, { kind: 'btle' }>,
    bounded: <T>(promise: Promise<T>, what: string) => Promise<T>,
  ): Promise<Map<Endpoint, NobleCharacteristic>> {
    const wanted = new Map(Object.entries(specifier.services).map(([uuid, map]) => [canonicalUuid(uuid), map]));
    const services = await bounded(peripheral.discoverServicesAsync([]), 'service discovery');
    const endpoints = new Map<Endpoint, NobleCharacteristic>();
    for (const service of services) {
      const map = wanted.get(canonicalUuid(service.uuid));
      if (!map) continue;
      const characteristics = await bounded(service.discoverCharacteristicsAsync([]), 'characteristic discovery');
      for (const [endpoint, characteristicUuid] of Object.entries(map)) {
        const found = characteristics.find((item) => canonicalUuid(item.uuid) === canonicalUuid(characteristicUuid));
        if (found) endpoints.set(endpoint, found);
        else this.logger.warn({ name, endpoint, characteristicUuid }, 'btle: characteristic not found');
      }
    }
    if (endpoints.size === 0) throw deviceError(`${name} has none of the services its protocol configuration names`);
    return endpoints;
  }

  private onPeripheralGone(id: string, hardware: BtleHardware): void {
    hardware.dropFromDeviceSide();
    this.hardwareById.delete(id);
    this.inUse.delete(id);
    // Forget its advertisements so the next one reports it again (this scan or the next).
    this.seen.delete(id);
  }
}

function loadNoble(bindings: unknown): NobleLike {
  const require = createRequire(import.meta.url);
  if (bindings !== undefined) {
    const withBindings = require('@abandonware/noble/with-bindings') as (bindings: unknown) => NobleLike;
    return withBindings(bindings);
  }
  return require('@abandonware/noble') as NobleLike;
}

class BtleHardware extends HardwareBase {
  private readonly listeners: [NobleCharacteristic, (data: Buffer, isNotification: boolean) => void][] = [];

  constructor(
    private readonly peripheral: NoblePeripheral,
    name: string,
    address: string,
    private readonly characteristics: Map<Endpoint, NobleCharacteristic>,
    private readonly operationTimeoutMs: number,
  ) {
    super({ name, address, endpoints: [...characteristics.keys()], defaultMessageGapMs: 75 });
    for (const [endpoint, characteristic] of characteristics) {
      const listener = (data: Buffer, isNotification: boolean): void => {
        if (isNotification) this.deliver(endpoint, data);
      };
      characteristic.on('data', listener);
      this.listeners.push([characteristic, listener]);
    }
  }

  dropFromDeviceSide(): void {
    for (const [characteristic, listener] of this.listeners) characteristic.off('data', listener);
    this.markDisconnected();
  }

  protected writeToDevice(endpoint: Endpoint, data: Uint8Array, withResponse: boolean): Promise<void> {
    const characteristic = this.characteristic(endpoint);
    // Fall back to whichever write kind the characteristic supports.
    const canWith = characteristic.properties.includes('write');
    const canWithout = characteristic.properties.includes('writeWithoutResponse');
    const useResponse = withResponse ? canWith || !canWithout : !canWithout && canWith;
    return this.bounded(characteristic.writeAsync(Buffer.from(data), !useResponse), `write to ${endpoint}`);
  }

  protected async readFromDevice(endpoint: Endpoint, _length: number, timeoutMs: number): Promise<Uint8Array> {
    const data = await withTimeout(this.characteristic(endpoint).readAsync(), timeoutMs, () =>
      deviceError(`read of ${endpoint} on ${this.name} timed out after ${timeoutMs} ms`),
    );
    return Uint8Array.from(data);
  }

  protected subscribeOnDevice(endpoint: Endpoint): Promise<void> {
    return this.bounded(this.characteristic(endpoint).subscribeAsync(), `subscribe to ${endpoint}`);
  }

  protected unsubscribeOnDevice(endpoint: Endpoint): Promise<void> {
    return this.bounded(this.characteristic(endpoint).unsubscribeAsync(), `unsubscribe from ${endpoint}`);
  }

  protected async closeConnection(): Promise<void> {
    for (const [characteristic, listener] of this.listeners) characteristic.off('data', listener);
    await this.bounded(this.peripheral.disconnectAsync(), 'disconnect');
  }

  private characteristic(endpoint: Endpoint): NobleCharacteristic {
    const characteristic = this.characteristics.get(endpoint);
    if (!characteristic) throw deviceError(`${this.name} has no endpoint "${endpoint}"`);
    return characteristic;
  }

  private bounded<T>(promise: Promise<T>, what: string): Promise<T> {
    return withTimeout(promise, this.operationTimeoutMs, () => deviceError(`${this.name}: ${what} timed out`));
  }
}
