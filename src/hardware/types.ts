/**
 * One interface for every bus (simulated, device bridge, BLE, serial, HID). Protocols and the
 * device pipeline see only these types.
 */
import type { Observable } from 'rxjs';

/** Endpoint names as the device config spells them (lowercase). */
export type Endpoint = string;

/** Manufacturer-specific data a BLE device advertises: the company id and its bytes. */
export interface ManufacturerData {
  readonly company: number;
  readonly data?: readonly number[];
}

/** What a discovery reports, in the device config's specifier vocabulary. */
export type DiscoverySpecifier =
  | {
      readonly kind: 'btle';
      readonly name: string;
      readonly manufacturerData: readonly ManufacturerData[];
      readonly advertisedServices: readonly string[];
    }
  | { readonly kind: 'serial'; readonly port: string }
  | { readonly kind: 'hid' | 'usb'; readonly vendorId: number; readonly productId: number }
  | { readonly kind: 'websocket'; readonly name: string };

/** A `communication` entry of the device config (only what connecting needs). */
export type ProtocolSpecifier =
  | {
      readonly kind: 'btle';
      readonly names: readonly string[];
      readonly manufacturerData: readonly ManufacturerData[];
      readonly advertisedServices: readonly string[];
      /** service UUID → endpoint name → characteristic UUID */
      readonly services: Readonly<Record<string, Readonly<Record<Endpoint, string>>>>;
    }
  | { readonly kind: 'serial'; readonly port: string; readonly baudRate: number; readonly dataBits: number; readonly stopBits: number; readonly parity: string }
  | { readonly kind: 'hid' | 'usb'; readonly pairs: readonly { readonly vendorId: number; readonly productId: number }[] }
  | { readonly kind: 'websocket'; readonly name: string }
  | { readonly kind: 'xinput' | 'lovense_connect_service' };

/** Bytes a device sent on its own on a subscribed endpoint. */
export interface Notification {
  readonly endpoint: Endpoint;
  readonly data: Uint8Array;
}

/** A connected piece of hardware. Every method rejects with an Error on failure; none throws synchronously. */
export interface Hardware {
  readonly name: string;
  readonly address: string;
  readonly endpoints: readonly Endpoint[];
  /** The transport's default minimum gap between writes (BLE 75 ms); undefined = none. */
  readonly defaultMessageGapMs?: number;
  /** A gap the device itself insists on (bridge `messageGapMs`); wins over the device config's. */
  readonly messageGapOverrideMs?: number;
  write(endpoint: Endpoint, data: Uint8Array, withResponse: boolean): Promise<void>;
  read(endpoint: Endpoint, length: number, timeoutMs: number): Promise<Uint8Array>;
  subscribe(endpoint: Endpoint): Promise<void>;
  unsubscribe(endpoint: Endpoint): Promise<void>;
  /** Notifications on subscribed endpoints. Hot; completes when the hardware disconnects. */
  readonly notifications: Observable<Notification>;
  /** Emits once and completes when the hardware goes away (by either side). */
  readonly disconnected: Observable<void>;
  disconnect(): Promise<void>;
  /** Told once identification and initialization passed (the bridge forwards it to the device). */
  announce?(info: { index: number; name: string; protocol: string }): void;
  /** Told when the device will not be used (the bridge forwards it, then closes). */
  reject?(reason: string): void;
}

/** A device a manager found and can connect to. */
export interface HardwareCandidate {
  /** The manager that found it (e.g. "simulator", "bridge", "btle"). */
  readonly manager: string;
  readonly name: string;
  readonly address: string;
  readonly specifier: DiscoverySpecifier;
  /** Connects using the matched protocol's specifier (BLE maps services to endpoints here). */
  connect(specifier: ProtocolSpecifier): Promise<Hardware>;
  /** Refuse the device without connecting (no protocol, denied). Optional: only the bridge needs it. */
  reject?(reason: string): void;
}

/** What a HardwareManager reports on `events`: a device found, or a timed scan that finished. */
export type ManagerEvent =
  | { readonly type: 'found'; readonly candidate: HardwareCandidate }
  | { readonly type: 'scanningFinished' };

/**
 * Whether a HardwareManager can work on this machine now, and if not, why (shown in the daemon's
 * report).
 */
export type ManagerAvailability = { readonly available: true } | { readonly available: false; readonly reason: string };

/** A bus. Managers may report devices whether or not a scan runs (bridge, hot-plug). */
export interface HardwareManager {
  /** Stable name: "simulator", "bridge", "btle", "serial", "hid", … */
  readonly name: string;
  /** Resolves once the manager knows whether it can work here (radio present, library loads). */
  availability(): Promise<ManagerAvailability>;
  startScanning(): Promise<void>;
  stopScanning(): Promise<void>;
  isScanning(): boolean;
  readonly events: Observable<ManagerEvent>;
  /** Releases everything (sockets, ports, radio). */
  close(): Promise<void>;
}
