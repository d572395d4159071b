/**
 * The in-process simulator: devices that live in memory, for library users and tests. A
 * SimulatedDevice is the device's side (what the server did to it, what it sends back); the manager
 * offers it to the server like any bus would.
 */
import { Subject, type Observable } from 'rxjs';
import { deviceError } from '../errors.ts';
import { CommandLog, type DeviceCommand } from './device-command.ts';
import {
  connectedTraits,
  discoverySpecifierFor,
  type DeviceDescription,
  type HardwareTraits,
  type Transport,
} from './device-description.ts';
import { HardwareBase, type HardwareIdentity } from './hardware-base.ts';
import { ReadAnswers, toBytes, type ReadAnswer, type ReadHandler, type ReadRequest } from './read-answers.ts';
import type {
  DiscoverySpecifier,
  Endpoint,
  HardwareCandidate,
  HardwareManager,
  ManagerAvailability,
  ManagerEvent,
  ProtocolSpecifier,
} from './types.ts';

/**
 * A simulated device: what it advertises (name, transport, services, …) and its stable address. The
 * bundled device config matches it as it would real hardware.
 */
export interface SimulatedDeviceOptions extends DeviceDescription, HardwareTraits {
  /** A stable id; unique within one simulator. */
  readonly address: string;
}

/** Options of a SimulatorManager. */
export interface SimulatorOptions {
  /** Report scanningFinished this long after a scan starts. Default: scan until stopped (like BLE). */
  readonly scanDurationMs?: number;
}

/** How the server announced a device to clients: its index, name and protocol. */
export interface AnnouncedInfo {
  readonly index: number;
  readonly name: string;
  readonly protocol: string;
}

/**
 * What happened to a simulated device: connected, announced to clients (with its index), rejected,
 * disconnected.
 */
export type SimulatedDeviceEvent =
  | { readonly type: 'connected'; readonly endpoints: readonly Endpoint[] }
  | { readonly type: 'announced'; readonly info: AnnouncedInfo }
  | { readonly type: 'rejected'; readonly reason: string }
  | { readonly type: 'disconnected'; readonly by: 'device' | 'server' };

/** The device's side of a simulated connection. */
export class SimulatedDevice {
  readonly name: string;
  readonly address: string;
  readonly transport: Transport;
  /** What scanning reports for this device. */
  readonly specifier: DiscoverySpecifier;

  /** Copied from the options, so later changes to them do not reach the device. */
  private readonly traits: HardwareTraits & { readonly transport: Transport };
  private readonly log = new CommandLog<DeviceCommand>();
  private readonly readLog: ReadRequest[] = [];
  private readonly answers = new ReadAnswers();
  private readonly eventSubject = new Subject<SimulatedDeviceEvent>();
  private hardware: SimulatedHardware | undefined;
  private announcedInfo: AnnouncedInfo | undefined;
  private rejectedReason: string | undefined;
  private removed = false;

  /** Lifecycle of this device: connected, announced, rejected, disconnected. Hot. */
  readonly events$: Observable<SimulatedDeviceEvent> = this.eventSubject.asObservable();

  constructor(options: SimulatedDeviceOptions) {
    if (typeof options.name !== 'string' || options.name === '') throw new Error('a simulated device needs a name');
    if (typeof options.address !== 'string' || options.address === '') {
      throw new Error(`simulated device "${options.name}" needs an address`);
    }
    const gap = options.messageGapMs;
    if (gap !== undefined && !(Number.isFinite(gap) && gap >= 0)) {
      throw new Error(`simulated device "${options.name}": messageGapMs must be a number >= 0`);
    }
    this.name = options.name;
    this.address = options.address;
    this.transport = options.transport ?? 'btle';
    this.specifier = discoverySpecifierFor(options);
    this.traits = {
      transport: this.transport,
      ...(options.endpoints && { endpoints: [...options.endpoints] }),
      ...(gap !== undefined && { messageGapMs: gap }),
    };
  }

  /** Everything the server did (writes, subscribes, unsubscribes), oldest first, across connections. */
  get commands(): readonly DeviceCommand[] {
    return this.log.entries;
  }

  /** The same log as an Observable: history first, then live. */
  get commands$(): Observable<DeviceCommand> {
    return this.log.entries$;
  }

  /** The oldest command no earlier call returned; rejects if none arrives within timeoutMs. */
  nextCommand(timeoutMs = 500): Promise<DeviceCommand> {
    return this.log.next(timeoutMs, `command to ${this.name}`);
  }

  /** The reads the server asked for (reads are answered, not logged as commands). */
  get reads(): readonly ReadRequest[] {
    return this.readLog.slice();
  }

  get connected(): boolean {
    return this.hardware !== undefined;
  }

  /** Endpoints of the current connection (undefined while not connected). */
  get endpoints(): readonly Endpoint[] | undefined {
    return this.hardware?.endpoints;
  }

  get subscriptions(): readonly Endpoint[] {
    return this.hardware?.subscriptions ?? [];
  }

  /** Set by Hardware.announce during the current (or last) connection. */
  get announced(): AnnouncedInfo | undefined {
    return this.announcedInfo;
  }

  /** Set when the server refused the device. */
  get rejected(): string | undefined {
    return this.rejectedReason;
  }

  /** Sends bytes on an endpoint; delivered only while connected and subscribed. Says whether it was. */
  notify(endpoint: Endpoint, data: Uint8Array | readonly number[]): boolean {
    return this.hardware?.deliverFromDevice(endpoint, toBytes(data)) ?? false;
  }

  /** Queues the answer to a future read of an endpoint (oldest first); `{ error }` makes that read fail. */
  queueRead(endpoint: Endpoint, answer: Uint8Array | readonly number[] | { readonly error: string }): void {
    this.answers.queue(endpoint, 'error' in answer ? { error: answer.error } : toBytes(answer));
  }

  /** Answers reads nothing was queued for; return undefined to wait for a queued answer instead. */
  onRead(handler: ReadHandler | undefined): void {
    this.answers.setHandler(handler);
  }

  /** The device goes away on its own (power off, out of range). */
  disconnect(): void {
    this.hardware?.dropFromDeviceSide();
  }

  // ---- used by the simulated hardware and the manager ----

  /** @internal */
  get isRemoved(): boolean {
    return this.removed;
  }

  /** @internal */
  attach(specifier: ProtocolSpecifier): SimulatedHardware {
    if (this.removed) throw deviceError(`simulated device ${this.name} (${this.address}) was removed`);
    if (this.hardware) throw deviceError(`simulated device ${this.name} (${this.address}) is already connected`);
    this.announcedInfo = undefined;
    this.rejectedReason = undefined;
    const identity = { name: this.name, address: this.address, ...connectedTraits(this.traits, specifier) };
    const hardware = new SimulatedHardware(this, identity);
    this.hardware = hardware;
    this.eventSubject.next({ type: 'connected', endpoints: hardware.endpoints });
    return hardware;
  }

  /** @internal */
  detach(hardware: SimulatedHardware, by: 'device' | 'server'): void {
    if (this.hardware !== hardware) return;
    this.hardware = undefined;
    this.answers.cancelPending();
    this.eventSubject.next({ type: 'disconnected', by });
  }

  /** @internal */
  record(command: DeviceCommand): void {
    this.log.push(command);
  }

  /** @internal */
  answerRead(request: ReadRequest): Promise<ReadAnswer | undefined> {
    this.readLog.push(request);
    return this.answers.take(request, request.timeoutMs);
  }

  /** @internal */
  setAnnounced(info: AnnouncedInfo): void {
    this.announcedInfo = { index: info.index, name: info.name, protocol: info.protocol };
    this.eventSubject.next({ type: 'announced', info: this.announcedInfo });
  }

  /** @internal */
  setRejected(reason: string): void {
    this.rejectedReason = reason;
    this.eventSubject.next({ type: 'rejected', reason });
  }

  /** @internal */
  markRemoved(): void {
    this.removed = true;
    this.disconnect();
    this.log.complete();
    this.eventSubject.complete();
  }
}

class SimulatedHardware extends HardwareBase {
  constructor(
    private readonly device: SimulatedDevice,
    identity: HardwareIdentity,
  ) {
    super(identity);
  }

  deliverFromDevice(endpoint: Endpoint, data: Uint8Array): boolean {
    return this.deliver(endpoint, data);
  }

  dropFromDeviceSide(): void {
    this.markDisconnected();
    this.device.detach(this, 'device');
  }

  announce(info: AnnouncedInfo): void {
    this.device.setAnnounced(info);
  }

  reject(reason: string): void {
    this.device.setRejected(reason);
    void this.disconnect();
  }

  protected async writeToDevice(endpoint: Endpoint, data: Uint8Array, withResponse: boolean): Promise<void> {
    this.device.record({ kind: 'write', endpoint, data, withResponse });
  }

  protected async readFromDevice(endpoint: Endpoint, length: number, timeoutMs: number): Promise<Uint8Array> {
    const answer = await this.device.answerRead({ endpoint, length, timeoutMs });
    if (!this.isConnected) throw deviceError(`${this.name} disconnected while reading ${endpoint}`);
    if (answer === undefined) throw deviceError(`read of ${endpoint} on ${this.name} timed out after ${timeoutMs} ms`);
    if ('error' in answer) throw deviceError(`read of ${endpoint} on ${this.name} failed: ${answer.error}`);
    return Uint8Array.from(answer);
  }

  protected async subscribeOnDevice(endpoint: Endpoint): Promise<void> {
    this.device.record({ kind: 'subscribe', endpoint });
  }

  protected async unsubscribeOnDevice(endpoint: Endpoint): Promise<void> {
    this.device.record({ kind: 'unsubscribe', endpoint });
  }

  protected async closeConnection(): Promise<void> {
    this.device.detach(this, 'server');
  }
}

/**
 * Offers its devices when a scan starts and when added during a scan. A device the device itself
 * disconnected is offered again at once while scanning; one the server dropped or refused waits for
 * the next scan (so a device that fails identification is not retried in a tight loop).
 */
export class SimulatorManager implements HardwareManager {
  readonly name = 'simulator';
  readonly events: Observable<ManagerEvent>;

  private readonly eventSubject = new Subject<ManagerEvent>();
  private readonly byAddress = new Map<string, SimulatedDevice>();
  private readonly offeredThisScan = new Set<SimulatedDevice>();
  private readonly scanDurationMs: number | undefined;
  private scanning = false;
  private scanTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(options: SimulatorOptions = {}) {
    const duration = options.scanDurationMs;
    if (duration !== undefined && !(Number.isFinite(duration) && duration >= 0)) {
      throw new Error('scanDurationMs must be a number >= 0');
    }
    this.scanDurationMs = duration;
    this.events = this.eventSubject.asObservable();
  }

  /** Adds a device; offered at once if a scan runs. Throws a clear Error on bad options or a reused address. */
  addDevice(options: SimulatedDeviceOptions): SimulatedDevice {
    if (this.byAddress.has(options.address)) {
      throw new Error(`a simulated device with address "${options.address}" already exists`);
    }
    const device = new SimulatedDevice(options);
    this.byAddress.set(device.address, device);
    device.events$.subscribe((event) => {
      if (event.type === 'disconnected' && event.by === 'device') {
        this.offeredThisScan.delete(device);
        if (this.scanning) this.offer(device);
      }
    });
    if (this.scanning) this.offer(device);
    return device;
  }

  /** Removes a device (disconnecting it first). Returns false if it was not there. */
  removeDevice(deviceOrAddress: SimulatedDevice | string): boolean {
    const address = typeof deviceOrAddress === 'string' ? deviceOrAddress : deviceOrAddress.address;
    const device = this.byAddress.get(address);
    if (!device) return false;
    this.byAddress.delete(address);
    this.offeredThisScan.delete(device);
    device.markRemoved();
    return true;
  }

  device(address: string): SimulatedDevice | undefined {
    return this.byAddress.get(address);
  }

  get devices(): readonly SimulatedDevice[] {
    return [...this.byAddress.values()];
  }

  async availability(): Promise<ManagerAvailability> {
    return { available: true };
  }

  async startScanning(): Promise<void> {
    if (this.closed) throw new Error('the simulator manager is closed');
    if (this.scanning) return;
    this.scanning = true;
    this.offeredThisScan.clear();
    for (const device of this.byAddress.values()) this.offer(device);
    if (this.scanDurationMs !== undefined) {
      this.scanTimer = setTimeout(() => this.finishScan(), this.scanDurationMs);
    }
  }

  async stopScanning(): Promise<void> {
    this.endScan();
  }

  /** Ends the running scan and reports scanningFinished (as a bus with a timed scan would). */
  finishScan(): void {
    if (!this.scanning) return;
    this.endScan();
    this.eventSubject.next({ type: 'scanningFinished' });
  }

  isScanning(): boolean {
    return this.scanning;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.endScan();
    this.closed = true;
    for (const address of [...this.byAddress.keys()]) this.removeDevice(address);
    this.eventSubject.complete();
  }

  private endScan(): void {
    this.scanning = false;
    if (this.scanTimer !== undefined) clearTimeout(this.scanTimer);
    this.scanTimer = undefined;
  }

  private offer(device: SimulatedDevice): void {
    if (device.connected || device.isRemoved || this.offeredThisScan.has(device)) return;
    this.offeredThisScan.add(device);
    const candidate: HardwareCandidate = {
      manager: this.name,
      name: device.name,
      address: device.address,
      specifier: device.specifier,
      connect: async (specifier) => device.attach(specifier),
      reject: (reason) => device.setRejected(reason),
    };
    this.eventSubject.next({ type: 'found', candidate });
  }
}
