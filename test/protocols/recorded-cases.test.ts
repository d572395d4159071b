/**
 * Every upstream recorded device case whose protocol is implemented, run at the protocol level
 * (identify → initialize → outputs against an in-memory device). New protocols in the registry
 * pick up their cases automatically.
 */
import { describe, expect, it } from 'vitest';
import { implementedProtocols, protocolFor } from '../../protocols/registry.ts';
import type { DeviceConfig } from '../../src/config/device-config.ts';
import { loadDeviceConfig } from '../../src/config/load.ts';
import { existsSync } from 'node:fs';
import {
  allCaseFiles,
  type CaseFile,
  caseConfigOptions,
  CASES_DIR,
  OWN_CASES_DIR,
  protocolForCaseDevice,
  WRONG_UPSTREAM_CASES,
} from '../support/case-config.ts';
import { loadRecordedCase, type RecordedCase } from '../support/recorded-case.ts';
import { runProtocolCase } from './case-runner.ts';

const baseConfig = loadDeviceConfig();

interface CaseEntry {
  readonly file: string;
  readonly testCase: RecordedCase;
  readonly config: DeviceConfig;
  readonly protocol: string | undefined;
}

async function loadEntry({ file, dir }: CaseFile): Promise<CaseEntry> {
  const testCase = await loadRecordedCase(new URL(file, dir));
  const options = caseConfigOptions(testCase, dir);
  const config = Object.keys(options).length > 0 ? loadDeviceConfig(options) : baseConfig;
  const protocol = protocolForCaseDevice(config, testCase.devices[0]);
  return { file, testCase, config, protocol };
}

const entries = await Promise.all(allCaseFiles().map(loadEntry));
const implemented = new Set(implementedProtocols());
const byProtocol = new Map<string, CaseEntry[]>();
for (const entry of entries) {
  if (entry.protocol && implemented.has(entry.protocol)) {
    byProtocol.set(entry.protocol, [...(byProtocol.get(entry.protocol) ?? []), entry]);
  }
}

describe('recorded device cases at the protocol level', () => {
  it('leaves out only upstream cases that exist and say why they are wrong', () => {
    for (const [file, reason] of Object.entries(WRONG_UPSTREAM_CASES)) {
      expect(existsSync(new URL(file, CASES_DIR))).toBe(true);
      expect(reason).toMatch(/corrected: \S+\.yaml/);
      expect(existsSync(new URL(reason.match(/corrected: (\S+\.yaml)/)![1], OWN_CASES_DIR))).toBe(true);
    }
  });

  it('has a case, upstream or the project\'s own, for every implemented protocol', () => {
    expect([...byProtocol.keys()].sort()).toEqual(implementedProtocols());
  });

  for (const [protocol, cases] of [...byProtocol].sort(([a], [b]) => a.localeCompare(b))) {
    describe(protocol, () => {
      it.each(cases.map((entry) => [entry.file, entry] as const))('%s', async (_file, entry) => {
        const report = await runProtocolCase(entry.testCase, entry.config, { protocolFor });
        expect(report.protocol).toBe(protocol);
        // An input-only device (kgoal-boost) writes nothing; its case checks battery reads instead.
        expect(report.commandsChecked + report.batteryReads).toBeGreaterThan(0);
      });
    });
  }
});
