/**
 * The skeleton of a manager for a bus that is scanned by listing it now and then (serial ports, HID):
 * the bus library loaded on first use, availability, a poller while scanning, each listed device
 * offered once per scan, and the devices opened from those offers. Subclasses say how to load the
 * library, list devices, turn one into a candidate and open it.
 */
import { Subject, type Observable } from 'rxjs';
import { deviceError, describeError } from '../errors.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import type { HardwareBase } from './hardware-base.ts';
import { Poller } from './poller.ts';
import type { HardwareCandidate, HardwareManager, ManagerAvailability, ManagerEvent } from './types.ts';

/** What sets one polled bus apart from another. */
interface PollingBus {
  /** The manager's name: "hid", "serial". */
  readonly name: string;
  /** Starts every unavailability reason: "HID unavailable". */
  readonly unavailable: string;
  /** Logged (once per distinct error) when a listing fails: "hid: cannot enumerate devices". */
  readonly listFailed: string;
  readonly defaultScanIntervalMs: number;
}

/** The options every polling manager takes. */
interface PollingOptions {
  /** How often the bus is listed while scanning; default the bus's. */
  readonly scanIntervalMs?: number;
  readonly logger?: Logger;
}

type Loaded<Library> = { readonly library: Library } | { readonly error: string };

export abstract class PollingManager<Library, Listed, Hardware extends HardwareBase> implements HardwareManager {
  readonly name: string;
  readonly events: Observable<ManagerEvent>;
  protected readonly logger: Logger;
  /** Devices connected, or being opened, by address. */
  protected readonly connected = new Map<string, Hardware | 'opening'>();

  private readonly eventSubject = new Subject<ManagerEvent>();
  private readonly poller: Poller;
  /** Addresses offered in this scan. */
  private readonly offered = new Set<string>();
  private lastListError: string | undefined;
  private loaded: Loaded<Library> | undefined;
  private closed = false;

  protected constructor(
    private readonly bus: PollingBus,
    options: PollingOptions,
  ) {
    this.name = bus.name;
    this.logger = options.logger ?? silentLogger;
    this.poller = new Poller(() => this.scanOnce(), options.scanIntervalMs ?? bus.defaultScanIntervalMs);
    this.events = this.eventSubject.asObservable();
  }

  /** Loads the bus library; throws when it cannot be loaded. Called once. */
  protected abstract loadLibrary(): Library | Promise<Library>;

  /** The usable devices on the bus now. */
  protected abstract list(library: Library): Promise<readonly Listed[]>;

  /** A listed device's stable address. */
  protected abstract addressOf(device: Listed): string;

  protected abstract candidate(library: Library, device: Listed, address: string): HardwareCandidate;

  /** Why a listing failed, as logged. */
  protected listErrorText(error: unknown): string {
    return describeError(error);
  }

  /** Why the bus is unavailable when a listing fails (after the "… unavailable: " prefix). */
  protected listUnavailableReason(listError: string): string {
    return listError;
  }

  /** Told the addresses of every listed device after each listing. */
  protected listed(_present: ReadonlySet<string>): void {}

  /** For `listed`: a connected device missing from the listing was unplugged. */
  protected dropUnlisted(present: ReadonlySet<string>, drop: (hardware: Hardware) => void): void {
    for (const [address, entry] of this.connected) {
      if (entry !== 'opening' && !present.has(address)) drop(entry);
    }
  }

  async availability(): Promise<ManagerAvailability> {
    const loaded = await this.load();
    if ('error' in loaded) return { available: false, reason: `${this.bus.unavailable}: ${loaded.error}` };
    try {
      // Some libraries load their native part on first use: this is where a missing one shows.
      await this.list(loaded.library);
      return { available: true };
    } catch (error) {
      return { available: false, reason: `${this.bus.unavailable}: ${this.listUnavailableReason(this.listErrorText(error))}` };
    }
  }

  async startScanning(): Promise<void> {
    if (this.closed) throw new Error(`the ${this.name} manager is closed`);
    const loaded = await this.load();
    if ('error' in loaded) throw new Error(`${this.bus.unavailable}: ${loaded.error}`);
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
    const open = [...this.connected.values()].filter((entry): entry is Hardware => entry !== 'opening');
    await Promise.allSettled(open.map((hardware) => hardware.disconnect()));
    this.eventSubject.complete();
  }

  /**
   * Opens a device at most once at a time. Once it disconnects it is forgotten, so the next listing
   * offers it again if it is still (or again) there.
   */
  protected async openOnce(
    address: string,
    open: () => Promise<Hardware>,
    errors: { readonly busy: string; readonly openFailed: string },
  ): Promise<Hardware> {
    if (this.connected.has(address)) throw deviceError(errors.busy);
    this.connected.set(address, 'opening');
    try {
      const hardware = await open();
      this.connected.set(address, hardware);
      hardware.disconnected.subscribe(() => {
        this.connected.delete(address);
        this.offered.delete(address);
      });
      return hardware;
    } catch (error) {
      this.connected.delete(address);
      throw deviceError(`${errors.openFailed}: ${describeError(error)}`);
    }
  }

  private async load(): Promise<Loaded<Library>> {
    if (this.loaded) return this.loaded;
    try {
      this.loaded = { library: await this.loadLibrary() };
    } catch (error) {
      this.loaded = { error: describeError(error) };
    }
    return this.loaded;
  }

  private async scanOnce(): Promise<void> {
    const loaded = this.loaded;
    if (!loaded || 'error' in loaded) return;
    let devices: readonly Listed[];
    try {
      devices = await this.list(loaded.library);
    } catch (error) {
      const text = this.listErrorText(error);
      if (text !== this.lastListError) this.logger.warn({ error: text }, this.bus.listFailed);
      this.lastListError = text;
      return;
    }
    this.lastListError = undefined;
    const present = devices.map((device) => ({ device, address: this.addressOf(device) }));
    this.listed(new Set(present.map(({ address }) => address)));
    for (const { device, address } of present) {
      if (!this.poller.active) return;
      if (this.offered.has(address) || this.connected.has(address)) continue;
      this.offered.add(address);
      this.eventSubject.next({ type: 'found', candidate: this.candidate(loaded.library, device, address) });
    }
  }
}
