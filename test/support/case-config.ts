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

/** Every case file, upstream first, each folder sorted by name. */
export function allCaseFiles(dirs: readonly URL[] = [CASES_DIR, OWN_CASES_DIR]): CaseFile[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
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
