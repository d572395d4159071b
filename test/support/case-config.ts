/**
 * Tests' view of the real device config loader: the config a recorded device case asks for, and
 * two questions the server itself never asks (which protocol a bare BLE name picks, and every
 * endpoint a protocol's BLE service maps name).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DeviceConfig } from '../../src/config/device-config.ts';
import type { LoadDeviceConfigOptions } from '../../src/config/load.ts';
import { discoverySpecifierFor, endpointsFromSpecifier } from '../../src/hardware/device-description.ts';
import type { DiscoverySpecifier } from '../../src/hardware/types.ts';
import type { CaseDevice, RecordedCase } from './recorded-case.ts';

export const CASES_DIR = new URL('../fixtures/upstream/device-test-cases/', import.meta.url);
/** The project's own cases, in the same format, for protocols that have no upstream case. */
export const OWN_CASES_DIR = new URL('../fixtures/cases/', import.meta.url);

export interface CaseFile {
  /** The YAML file name. */
  readonly file: string;
  /** Its folder (relative config file names resolve against `config/` inside it). */
  readonly dir: URL;
}

/**
 * Upstream cases whose expectations are wrong, so no correct server passes them; the reference
 * comments them out too. Each has a corrected copy among the project's own cases.
 */
export const WRONG_UPSTREAM_CASES: Readonly<Record<string, string>> = {
  'test_fredorch_protocol.yaml':
    'its two moves were recorded for the old 0-99 position scale and speed formula (0.51 sent as 75 at speed 7); today the config gives 16 positions sent x10 and the speed comes from a table (corrected: fredorch.yaml)',
  'test_cowgirl_cone_protocol.yaml':
    'the cone has 128 vibration steps, so Vibrate 0.5 is step 64 (0x40) and Scalar 0.75 is step 96 (0x60); the case expects 0x32 and 0x40 (a 0-100 range) and does not allow for the 3 s the cone needs after waking (corrected: cowgirl-cone.yaml)',
};

/**
 * Upstream cases whose expectations hold only from some spec version on, as the reference runs
 * them: TryFun packets carry a command counter, and the expected counters count the writes of
 * `!VersionGated` (v3) steps that older clients skip.
 */
export const UPSTREAM_CASE_MIN_VERSION: Readonly<Record<string, { readonly version: number; readonly reason: string }>> = {
  'test_tryfun_blackhole_protocol.yaml': { version: 3, reason: 'the Stop counters 0x04, 0x05 count the v3-only Scalar writes' },
  'test_tryfun_meta2_protocol.yaml': { version: 3, reason: 'the first Rotate counter 0x02 counts the v3-only Scalar writes' },
};

/**
 * Protocols that write again on a timer (keepalive, streamed packets). A case cannot say when a
 * repeat lands, so the runners let a repeat of the write just matched through before the next
 * expected command: on a loaded machine a 15-100 ms repeat would otherwise fail the case.
 */
export const REPEATS_ON_A_TIMER: ReadonlySet<string> = new Set([
  'hgod',
  'honeyplaybox',
  'leten',
  'mizzzee-v3',
  'muse',
  'mysteryvibe',
  'mysteryvibe-v2',
  'nintendo-joycon',
  'satisfyer',
  'sexverse-v3',
  'xuanhuan',
]);

/** At most this many repeats are let through before one expected command. */
export const MAX_REPEATS_PASSED = 50;

interface SeenCommand {
  readonly kind: string;
  readonly endpoint?: string;
  readonly data?: ArrayLike<number>;
}

/** Both are writes of the same bytes to the same endpoint (a timer repeating a write). */
export function isRepeatedWrite(actual: SeenCommand, previous: SeenCommand | undefined): boolean {
  if (previous?.kind !== 'write' || actual.kind !== 'write' || actual.endpoint !== previous.endpoint) return false;
  const [a, b] = [actual.data ?? [], previous.data ?? []];
  return a.length === b.length && Array.from(a).every((byte, i) => byte === b[i]);
}

/** Every case file but the wrong upstream ones, upstream first, each folder sorted by name. */
export function allCaseFiles(dirs: readonly URL[] = [CASES_DIR, OWN_CASES_DIR]): CaseFile[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.yaml') && !(dir === CASES_DIR && name in WRONG_UPSTREAM_CASES))
      .sort()
      .map((file) => ({ file, dir })),
  );
}

/** Loader options for a case: its base and user config files (in the cases' config/ folder), when it names them. */
export function caseConfigOptions(testCase: RecordedCase, casesDir: URL = CASES_DIR): LoadDeviceConfigOptions {
  const inConfigDir = (name: string) => fileURLToPath(new URL(`config/${name}`, casesDir));
  return {
    ...(testCase.deviceConfigFile !== undefined && { baseFile: inConfigDir(testCase.deviceConfigFile) }),
    ...(testCase.userDeviceConfigFile !== undefined && { userFile: inConfigDir(testCase.userDeviceConfigFile) }),
  };
}

/** What a discovery of the case's device reports: a BLE advertisement of its name, unless the case names another bus. */
export function caseDiscovery(device: Pick<CaseDevice, 'name' | 'bus'>): DiscoverySpecifier {
  return discoverySpecifierFor({ name: device.name, ...device.bus });
}

/** The protocol the server would try first for the case's device. */
export function protocolForCaseDevice(config: DeviceConfig, device: Pick<CaseDevice, 'name' | 'bus'>): string | undefined {
  return config.protocolsFor(caseDiscovery(device))[0]?.protocol;
}

/** Every endpoint the protocol's specifiers for the device's bus name (user specifiers, then base). */
export function caseEndpoints(config: DeviceConfig, protocol: string, device: Pick<CaseDevice, 'bus'> = {}): string[] {
  const kind = device.bus?.transport ?? 'btle';
  const specifiers = config.specifiersOf(protocol).filter((specifier) => specifier.kind === kind);
  return [...new Set(specifiers.flatMap(endpointsFromSpecifier))];
}
