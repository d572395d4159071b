/**
 * Tests' view of the real device config loader: the config a recorded device case asks for, and
 * two questions the server itself never asks (which protocol a bare BLE name picks, and every
 * endpoint a protocol's BLE service maps name).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DeviceConfig } from '../../src/config/device-config.ts';
import type { LoadDeviceConfigOptions } from '../../src/config/load.ts';
import { endpointsFromSpecifier } from '../../src/hardware/device-description.ts';
import type { RecordedCase } from './recorded-case.ts';

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

/** The protocol the server would try first for a BLE device advertising only this name. */
export function protocolForBleName(config: DeviceConfig, name: string): string | undefined {
  return config.protocolsFor({ kind: 'btle', name, manufacturerData: [], advertisedServices: [] })[0]?.protocol;
}

/** Every endpoint the protocol's BLE service maps name (user specifiers, then base); none for other buses. */
export function btleEndpoints(config: DeviceConfig, protocol: string): string[] {
  const specifiers = config.specifiersOf(protocol).filter((specifier) => specifier.kind === 'btle');
  return [...new Set(specifiers.flatMap(endpointsFromSpecifier))];
}
