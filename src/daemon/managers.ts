/**
 * Which hardware managers the daemon runs, from the --use-* flags, and what each one reports:
 * "on", or why it is off (not asked for, cannot run on this machine, or unavailable right now).
 */
import { networkInterfaces } from 'node:os';
import { BridgeManager, BtleManager, HidManager, SerialManager, UsbManager } from '../hardware/index.ts';
import type { HardwareManager } from '../hardware/types.ts';
import type { Logger } from '../log/logger.ts';
import { allInterfaceUrls, websocketUrl } from '../transport/address.ts';
import type { DaemonFlags, SwitchSpec } from './flags.ts';
import { describeError } from '../errors.ts';

type ManagerId =
  | 'bridge'
  | 'btle'
  | 'serial'
  | 'hid'
  | 'usb'
  | 'lovense-dongle-hid'
  | 'lovense-dongle-serial'
  | 'lovense-connect'
  | 'xinput';

interface ManagerKind {
  readonly id: ManagerId;
  readonly label: string;
  /** The --use-* switch that asks for it. */
  readonly flag: string;
  readonly key: SwitchSpec['key'];
  /** Why it cannot run on this platform at all; undefined when it can. */
  readonly unsupported: (platform: NodeJS.Platform) => string | undefined;
}

/** Platforms the native Bluetooth, serial, HID and USB libraries support (Engine: not Android or iOS). */
const NATIVE_PLATFORMS: readonly NodeJS.Platform[] = ['linux', 'darwin', 'win32', 'freebsd'];
const nativeOnly = (what: string) => (platform: NodeJS.Platform) =>
  NATIVE_PLATFORMS.includes(platform) ? undefined : `${what} is not supported on ${platform}`;

export const MANAGER_KINDS: readonly ManagerKind[] = [
  { id: 'bridge', label: 'Device bridge', flag: 'use-device-websocket-server', key: 'useDeviceWebsocketServer', unsupported: () => undefined },
  { id: 'btle', label: 'Bluetooth LE', flag: 'use-bluetooth-le', key: 'useBluetoothLe', unsupported: nativeOnly('Bluetooth LE') },
  { id: 'serial', label: 'Serial ports', flag: 'use-serial', key: 'useSerial', unsupported: nativeOnly('Serial') },
  { id: 'hid', label: 'HID', flag: 'use-hid', key: 'useHid', unsupported: nativeOnly('HID') },
  { id: 'usb', label: 'USB', flag: 'use-usb', key: 'useUsb', unsupported: nativeOnly('USB') },
  {
    id: 'lovense-dongle-hid',
    label: 'Lovense dongle (HID)',
    flag: 'use-lovense-dongle-hid',
    key: 'useLovenseDongleHid',
    unsupported: () => 'plugstate has no Lovense dongle manager',
  },
  {
    id: 'lovense-dongle-serial',
    label: 'Lovense dongle (serial)',
    flag: 'use-lovense-dongle-serial',
    key: 'useLovenseDongleSerial',
    unsupported: () => 'plugstate has no Lovense dongle manager',
  },
  {
    id: 'lovense-connect',
    label: 'Lovense Connect',
    flag: 'use-lovense-connect',
    key: 'useLovenseConnect',
    unsupported: () => 'plugstate has no Lovense Connect manager',
  },
  {
    id: 'xinput',
    label: 'XInput',
    flag: 'use-xinput',
    key: 'useXinput',
    unsupported: (platform) => (platform === 'win32' ? 'plugstate has no XInput manager' : 'XInput exists only on Windows'),
  },
];

interface ManagerPlan {
  readonly id: ManagerId;
  readonly label: string;
  readonly flag: string;
  /** To be built and checked; otherwise `reason` says why not. */
  readonly wanted: boolean;
  readonly reason?: string;
}

/**
 * No --use-* flag: every manager that can run here. Any --use-* flag: exactly those (Engine's
 * semantics); one that cannot run here is reported, not fatal.
 */
export function planManagers(flags: DaemonFlags, platform: NodeJS.Platform): ManagerPlan[] {
  const explicit = MANAGER_KINDS.some((kind) => flags[kind.key]);
  return MANAGER_KINDS.map((kind) => {
    const base = { id: kind.id, label: kind.label, flag: kind.flag };
    if (explicit && !flags[kind.key]) return { ...base, wanted: false, reason: `not requested (add --${kind.flag})` };
    const unsupported = kind.unsupported(platform);
    if (unsupported) return { ...base, wanted: false, reason: unsupported };
    return { ...base, wanted: true };
  });
}

export interface ManagerStatus {
  readonly id: ManagerId;
  readonly label: string;
  readonly flag: string;
  readonly on: boolean;
  /** For an "off" manager: why. */
  readonly reason?: string;
}

export interface BridgeSettings {
  readonly port: number;
  readonly allInterfaces: boolean;
}

/** Builds a manager; tests replace these to run without native libraries. */
type ManagerFactories = Partial<Record<'btle' | 'serial' | 'hid' | 'usb', (log: Logger) => HardwareManager>>;

const DEFAULT_FACTORIES: Required<ManagerFactories> = {
  btle: (logger) => new BtleManager({ logger }),
  serial: (logger) => new SerialManager({ logger }),
  hid: (logger) => new HidManager({ logger }),
  usb: (logger) => new UsbManager({ logger }),
};

/** The device bridge's port is taken (or cannot be bound); the daemon cannot start as asked. */
export class BridgeListenError extends Error {
  constructor(
    readonly port: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeListenError';
  }
}

interface StartedManagers {
  /** The managers the server gets: the bridge and every hardware manager that is available. */
  readonly managers: HardwareManager[];
  readonly bridge?: BridgeManager;
  readonly statuses: ManagerStatus[];
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Builds what the plan wants and asks each manager whether it can work here, while the bridge
 * starts listening. Unavailable managers are closed and reported off with their reason. The bridge
 * failing to listen closes everything and throws BridgeListenError: the daemon was asked for it (or
 * it is the only source of devices).
 */
export async function startManagers(
  plan: readonly ManagerPlan[],
  options: { bridge: BridgeSettings; log: Logger; factories?: ManagerFactories },
): Promise<StartedManagers> {
  const factories = { ...DEFAULT_FACTORIES, ...options.factories };
  const bridge = plan.some((entry) => entry.id === 'bridge' && entry.wanted)
    ? new BridgeManager({ port: options.bridge.port, allInterfaces: options.bridge.allInterfaces, logger: options.log })
    : undefined;
  const listening = bridge?.start().then(
    () => undefined,
    (error: unknown) => error ?? new Error('the device bridge did not start'),
  );

  const checking = Promise.all(
    plan.map(async (entry): Promise<{ status: ManagerStatus; manager?: HardwareManager }> => {
      const base = { id: entry.id, label: entry.label, flag: entry.flag };
      if (!entry.wanted) return { status: { ...base, on: false, reason: entry.reason } };
      if (entry.id === 'bridge') return { status: { ...base, on: true }, manager: bridge };
      const factory = factories[entry.id as keyof ManagerFactories];
      if (!factory) return { status: { ...base, on: false, reason: 'plugstate has no such manager' } };
      let manager: HardwareManager;
      try {
        manager = factory(options.log);
      } catch (error) {
        return { status: { ...base, on: false, reason: describeError(error) } };
      }
      const availability = await manager.availability().catch((error: unknown) => ({
        available: false as const,
        reason: describeError(error),
      }));
      if (availability.available) return { status: { ...base, on: true }, manager };
      await manager.close().catch(() => undefined);
      return { status: { ...base, on: false, reason: availability.reason } };
    }),
  );
  const [bridgeError, checked] = await Promise.all([listening, checking]);
  const managers = checked.flatMap((entry) => (entry.manager ? [entry.manager] : []));
  if (bridgeError !== undefined) {
    await Promise.all(managers.map((manager) => manager.close().catch(() => undefined)));
    throw new BridgeListenError(options.bridge.port, errorCode(bridgeError), describeError(bridgeError));
  }
  return { managers, ...(bridge && { bridge }), statuses: checked.map((entry) => entry.status) };
}

/** Closes what startManagers started, whether it succeeded or not (the daemon will not run). */
export async function closeStartedManagers(starting: Promise<StartedManagers>): Promise<void> {
  const started = await starting.catch(() => undefined);
  await Promise.all((started?.managers ?? []).map((manager) => manager.close().catch(() => undefined)));
}

/** URLs a device on this machine (or, with all interfaces, elsewhere) can use to reach the bridge. */
export function bridgeUrls(bridge: BridgeManager): string[] {
  const { addresses, port } = bridge;
  if (port === undefined) return [];
  const wildcard = addresses.some(({ host }) => host === '0.0.0.0' || host === '::');
  if (wildcard) return allInterfaceUrls(port, networkInterfaces(), addresses.some(({ host }) => host === '::'));
  return [...new Set(addresses.map(({ host }) => websocketUrl(host, port)))];
}
