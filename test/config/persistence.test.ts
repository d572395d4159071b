import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadDeviceConfig } from '../../src/config/load.ts';
import { exampleUserConfigPath, FIXTURE_CONFIGS, fixtureConfigPath } from './fixtures.ts';

const directory = mkdtempSync(join(tmpdir(), 'plugstate-config-save-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const devices = [
  ['lovense', 'F', 'UserConfigTest'],
  ['lovense', 'P', 'AA:01'],
  ['lovense', 'P', 'AA:02'],
  ['satisfyer', undefined, 'BB:01'],
  ['tcode-v03', 'unknown-model', 'COM9'],
  // Upstream gives two features of this model the same id.
  ['sexverse-v2', 'NBQ-B619RX', 'CC:01'],
] as const;

describe('saving the user config', () => {
  it('save then load gives the same indexes and display names', () => {
    const file = join(directory, 'round-trip.json');
    const first = loadDeviceConfig({ userFile: fixtureConfigPath('lovense_ridge_user_config.json') });
    const indexes = devices.map(([protocol, identifier, address]) => first.deviceIndex(protocol, identifier, address));
    expect(indexes).toEqual([0, 1, 2, 3, 4, 5]);
    first.saveUserConfig(file);

    const second = loadDeviceConfig({ userFile: file });
    expect(second.warnings).toEqual([]);
    // Asked in another order, so nothing depends on assignment order.
    for (const i of [4, 2, 5, 0, 3, 1]) {
      const [protocol, identifier, address] = devices[i];
      expect(second.deviceIndex(protocol, identifier, address)).toBe(indexes[i]);
      expect(second.definition(protocol, identifier, address)).toEqual(first.definition(protocol, identifier, address));
    }
    expect(second.definition('lovense', 'F', 'UserConfigTest')?.displayName).toBe('Lovense Name Test');
    expect(second.deviceIndex('lovense', 'P', 'AA:03')).toBe(6);
  });

  it.each([...FIXTURE_CONFIGS, exampleUserConfigPath])('%s survives a save and load unchanged', (name) => {
    const source = name.includes('/') ? name : fixtureConfigPath(name);
    const file = join(directory, 'unchanged.json');
    const first = loadDeviceConfig({ userFile: source });
    first.saveUserConfig(file);
    const second = loadDeviceConfig({ userFile: file });
    expect(second.warnings).toEqual([]);
    expect(second.userConfigJson()).toEqual(first.userConfigJson());
  });

  it('keeps user specifiers and configurations, so their devices still resolve', () => {
    const file = join(directory, 'tcode.json');
    loadDeviceConfig({ userFile: fixtureConfigPath('tcode_linear_and_vibrate_user_config.json') }).saveUserConfig(file);
    const reloaded = loadDeviceConfig({ userFile: file });
    const candidates = reloaded.protocolsFor({ kind: 'btle', name: 'tcode-v03-linear-vibrate', manufacturerData: [], advertisedServices: [] });
    expect(candidates.map((c) => c.protocol)).toEqual(['tcode-v03']);
    expect(reloaded.definition('tcode-v03', 'tcode-v03-linear-vibrate', 'COM7')?.id).toBe('6d3f0643-1933-4df6-85ff-5675bf1a3dd4');
  });

  it('writes the upstream v4 format', () => {
    const file = join(directory, 'format.json');
    const config = loadDeviceConfig();
    config.deviceIndex('lovense', 'P', 'AA:01');
    config.saveUserConfig(file);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.version).toEqual({ major: 4, minor: 0 });
    expect(saved.user_configs.devices).toHaveLength(1);
    expect(saved.user_configs.devices[0].identifier).toEqual({ protocol: 'lovense', identifier: 'P', address: 'AA:01' });
    expect(saved.user_configs.devices[0].config.user_config).toEqual({ allow: false, deny: false, index: 0 });
  });

  it('replaces an existing file and leaves no temporary files', () => {
    const dir = mkdtempSync(join(directory, 'atomic-'));
    const file = join(dir, 'user.json');
    writeFileSync(file, 'old contents');
    const config = loadDeviceConfig();
    config.deviceIndex('lovense', 'P', 'AA:01');
    config.saveUserConfig(file);
    config.saveUserConfig(file);
    expect(readdirSync(dir)).toEqual(['user.json']);
    expect(loadDeviceConfig({ userFile: file }).deviceIndex('lovense', 'P', 'AA:01')).toBe(0);
  });

  it('a file that cannot be written gives a ConfigError naming it', () => {
    const file = join(directory, 'missing-dir', 'user.json');
    expect(() => loadDeviceConfig().saveUserConfig(file)).toThrow(ConfigError);
    expect(() => loadDeviceConfig().saveUserConfig(file)).toThrow(file);
  });
});
