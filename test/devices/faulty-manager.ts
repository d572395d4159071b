/**
 * Fault injection for server tests: a manager that offers a SimulatorManager's devices through
 * hardware whose every method can be replaced by a test (a failing write, a throwing announce, a
 * broken event stream). What does go through still reaches the simulated device and its log.
 */
import { Subject, map, merge, type Observable } from 'rxjs';
import type {
  Endpoint,
  Hardware,
  HardwareCandidate,
  HardwareManager,
  ManagerAvailability,
  ManagerEvent,
  Notification,
  ProtocolSpecifier,
} from '../../src/hardware/types.ts';
import type { SimulatorManager } from '../../src/hardware/index.ts';

/** Replacements for the wrapped hardware's methods; each receives the real hardware. */
export interface HardwareFaults {
  write?: (inner: Hardware, endpoint: Endpoint, data: Uint8Array, withResponse: boolean) => Promise<void>;
  read?: (inner: Hardware, endpoint: Endpoint, length: number, timeoutMs: number) => Promise<Uint8Array>;
  subscribe?: (inner: Hardware, endpoint: Endpoint) => Promise<void>;
  disconnect?: (inner: Hardware) => Promise<void>;
  announce?: (inner: Hardware, info: { index: number; name: string; protocol: string }) => void;
  reject?: (inner: Hardware, reason: string) => void;
}

export class FaultyHardware implements Hardware {
  faults: HardwareFaults = {};
  /** Feeds errors into `notifications` / `disconnected`, as a broken bus might. */
  readonly notificationErrors = new Subject<Notification>();
  readonly disconnectedErrors = new Subject<void>();
  readonly notifications: Observable<Notification>;
  readonly disconnected: Observable<void>;

  constructor(readonly inner: Hardware) {
    this.notifications = merge(inner.notifications, this.notificationErrors);
    this.disconnected = merge(inner.disconnected, this.disconnectedErrors);
  }

  get name() {
    return this.inner.name;
  }
  get address() {
    return this.inner.address;
  }
  get endpoints() {
    return this.inner.endpoints;
  }
  get defaultMessageGapMs() {
    return this.inner.defaultMessageGapMs;
  }

  write(endpoint: Endpoint, data: Uint8Array, withResponse: boolean): Promise<void> {
    return this.faults.write ? this.faults.write(this.inner, endpoint, data, withResponse) : this.inner.write(endpoint, data, withResponse);
  }
  read(endpoint: Endpoint, length: number, timeoutMs: number): Promise<Uint8Array> {
    return this.faults.read ? this.faults.read(this.inner, endpoint, length, timeoutMs) : this.inner.read(endpoint, length, timeoutMs);
  }
  subscribe(endpoint: Endpoint): Promise<void> {
    return this.faults.subscribe ? this.faults.subscribe(this.inner, endpoint) : this.inner.subscribe(endpoint);
  }
  unsubscribe(endpoint: Endpoint): Promise<void> {
    return this.inner.unsubscribe(endpoint);
  }
  disconnect(): Promise<void> {
    return this.faults.disconnect ? this.faults.disconnect(this.inner) : this.inner.disconnect();
  }
  announce(info: { index: number; name: string; protocol: string }): void {
    if (this.faults.announce) this.faults.announce(this.inner, info);
    else this.inner.announce?.(info);
  }
  reject(reason: string): void {
    if (this.faults.reject) this.faults.reject(this.inner, reason);
    else this.inner.reject?.(reason);
  }
}

/** Offers the simulator's devices as "faulty" candidates; `faultsFor` decides each connection's faults. */
export class FaultyManager implements HardwareManager {
  readonly name = 'faulty';
  readonly events: Observable<ManagerEvent>;
  /** The hardware of each address's latest connection. */
  readonly hardware = new Map<string, FaultyHardware>();
  /** Replaces `candidate.connect` (e.g. one that throws synchronously). */
  connectFault: ((candidate: HardwareCandidate, specifier: ProtocolSpecifier) => Promise<Hardware>) | undefined;

  constructor(
    readonly simulator: SimulatorManager,
    private readonly faultsFor: (address: string) => HardwareFaults = () => ({}),
  ) {
    this.events = simulator.events.pipe(
      map((event): ManagerEvent => (event.type === 'found' ? { type: 'found', candidate: this.wrap(event.candidate) } : event)),
    );
  }

  private wrap(candidate: HardwareCandidate): HardwareCandidate {
    return {
      ...candidate,
      manager: this.name,
      // Not async: a connectFault that throws does so synchronously, as a careless bus might.
      connect: (specifier) => (this.connectFault ? this.connectFault(candidate, specifier) : this.connectWrapped(candidate, specifier)),
    };
  }

  private async connectWrapped(candidate: HardwareCandidate, specifier: ProtocolSpecifier): Promise<Hardware> {
    const hardware = new FaultyHardware(await candidate.connect(specifier));
    hardware.faults = this.faultsFor(candidate.address);
    this.hardware.set(candidate.address, hardware);
    return hardware;
  }

  availability(): Promise<ManagerAvailability> {
    return this.simulator.availability();
  }
  startScanning(): Promise<void> {
    return this.simulator.startScanning();
  }
  stopScanning(): Promise<void> {
    return this.simulator.stopScanning();
  }
  isScanning(): boolean {
    return this.simulator.isScanning();
  }
  close(): Promise<void> {
    return this.simulator.close();
  }
}

/** A write fault that fails the first `times` writes it sees, then lets writes through. */
export function failingWrites(times: number, message = 'simulated write failure') {
  let left = times;
  return (inner: Hardware, endpoint: Endpoint, data: Uint8Array, withResponse: boolean): Promise<void> => {
    if (left > 0) {
      left -= 1;
      return Promise.reject(new Error(message));
    }
    return inner.write(endpoint, data, withResponse);
  };
}
