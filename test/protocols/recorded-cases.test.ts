/**
 * Every upstream recorded device case whose protocol is implemented, run at the protocol level
 * (identify → initialize → outputs against an in-memory device). New protocols in the registry
 * pick up their cases automatically.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { implementedProtocols, protocolFor } from '../../protocols/registry.ts';
import {
  type LocalDeviceConfig,
  loadBaseDeviceConfig,
  protocolsForBleName,
  withUserDeviceConfig,
} from '../support/local-device-config.ts';
import { loadRecordedCase, type RecordedCase } from '../support/recorded-case.ts';
import { runProtocolCase } from './case-runner.ts';

const casesDir = new URL('../fixtures/upstream/device-test-cases/', import.meta.url);
const baseConfig = loadBaseDeviceConfig();

interface CaseEntry {
  readonly file: string;
  readonly testCase: RecordedCase;
  readonly config: LocalDeviceConfig;
  readonly protocol: string | undefined;
}

async function loadEntry(file: string): Promise<CaseEntry> {
  const testCase = await loadRecordedCase(new URL(file, casesDir));
  const config = testCase.userDeviceConfigFile
    ? withUserDeviceConfig(baseConfig, JSON.parse(readFileSync(new URL(`config/${testCase.userDeviceConfigFile}`, casesDir), 'utf8')))
    : baseConfig;
  const [protocol] = protocolsForBleName(config, testCase.devices[0].name);
  return { file, testCase, config, protocol };
}

const files = readdirSync(casesDir).filter((name) => name.endsWith('.yaml')).sort();
const entries = await Promise.all(files.map(loadEntry));
const implemented = new Set(implementedProtocols());
const byProtocol = new Map<string, CaseEntry[]>();
for (const entry of entries) {
  if (entry.protocol && implemented.has(entry.protocol)) {
    byProtocol.set(entry.protocol, [...(byProtocol.get(entry.protocol) ?? []), entry]);
  }
}

describe('recorded device cases at the protocol level', () => {
  it('finds a case for most implemented protocols', () => {
    // kiiroo-v2 has no upstream case; every other protocol in this batch has at least one.
    expect([...byProtocol.keys()].sort()).toEqual(implementedProtocols().filter((name) => name !== 'kiiroo-v2'));
  });

  for (const [protocol, cases] of [...byProtocol].sort(([a], [b]) => a.localeCompare(b))) {
    describe(protocol, () => {
      it.each(cases.map((entry) => [entry.file, entry] as const))('%s', async (_file, entry) => {
        const report = await runProtocolCase(entry.testCase, entry.config, { protocolFor });
        expect(report.protocol).toBe(protocol);
        expect(report.commandsChecked).toBeGreaterThan(0);
      });
    });
  }
});
