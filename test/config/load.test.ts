import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadDeviceConfig } from '../../src/config/load.ts';
import { checkConfigFile } from '../../src/config/schema.ts';
import { bundledBasePath, exampleUserConfigPath, FIXTURE_CONFIGS, fixtureConfigPath, readJson } from './fixtures.ts';

const directory = mkdtempSync(join(tmpdir(), 'plugstate-config-load-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeTemp(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

function loadError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('bundled base config', () => {
  it('loads all 139 protocols in file order without warnings', () => {
    const logged: string[] = [];
    const config = loadDeviceConfig({ log: { warn: (message) => logged.push(String(message)) } });
    expect(config.protocolNames()).toHaveLength(139);
    expect(config.protocolNames()).toEqual(Object.keys(readJson(bundledBasePath).protocols));
    expect(config.warnings).toEqual([]);
    expect(logged).toEqual([]);
  });

  // A start does not check the bundled file (it is plugstate's own); this is where it is checked.
  it('passes the schema, every entry included', () => {
    expect(checkConfigFile(readJson(bundledBasePath), 'bundled')).toEqual(new Map());
  });

  it('can be replaced by a base file or base JSON', () => {
    const base = { version: { major: 4, minor: 1 }, protocols: { solo: readJson(bundledBasePath).protocols.lovense } };
    const fromJson = loadDeviceConfig({ baseJson: JSON.stringify(base) });
    const fromFile = loadDeviceConfig({ baseFile: writeTemp('base.json', JSON.stringify(base)) });
    expect(fromJson.protocolNames()).toEqual(['solo']);
    expect(fromFile.protocolNames()).toEqual(['solo']);
  });
});

describe('user configs that load', () => {
  it.each([...FIXTURE_CONFIGS])('%s loads without warnings', (name) => {
    const config = loadDeviceConfig({ userFile: fixtureConfigPath(name) });
    expect(config.warnings).toEqual([]);
    expect((config.userConfigJson() as { user_configs: { devices: unknown[] } }).user_configs.devices).toHaveLength(1);
  });

  it('the upstream example user config loads with its device', () => {
    const config = loadDeviceConfig({ userFile: exampleUserConfigPath });
    expect(config.warnings).toEqual([]);
    const address = 'PeripheralId(81b8f016-ba95-e1ae-3a71-a2e6b1d83b21)';
    expect(config.definition('lovense', 'EL', address)?.id).toBe('5d434198-4697-4b00-985e-33788fc955d1');
    expect(config.definition('lovense', 'EL', address)?.name).toBe('Lovense Ridge');
  });

  it('the same config given as JSON text loads the same way', () => {
    const config = loadDeviceConfig({ userJson: JSON.stringify(readJson(exampleUserConfigPath)) });
    expect(config.deviceIndex('lovense', 'EL', 'PeripheralId(81b8f016-ba95-e1ae-3a71-a2e6b1d83b21)')).toBe(0);
  });
});

describe('config files that cannot be used', () => {
  it('bad JSON names the file and the line and column', () => {
    const file = writeTemp('broken.json', '{\n  "version": { "major": 4, "minor": 0 },\n  "user_configs": { "devices": [ , ] }\n}\n');
    const error = loadError(() => loadDeviceConfig({ userFile: file }));
    expect(error.message).toContain(file);
    expect(error.message).toContain('invalid JSON at line 3 column 34');
  });

  it('bad JSON whose engine message has no position still gets one', () => {
    const error = loadError(() => loadDeviceConfig({ userJson: '{"version": tru}' }));
    expect(error.message).toMatch(/^user config JSON: invalid JSON at line 1 column 13: /);
  });

  it('truncated JSON points at its end', () => {
    const error = loadError(() => loadDeviceConfig({ userJson: '{"version": {"major": 4' }));
    expect(error.message).toContain('at line 1 column 24');
  });

  it('a schema fault names the file and the JSON path', () => {
    const json = readJson(fixtureConfigPath('tcode_linear_and_vibrate_user_config.json'));
    json.user_configs.protocols['tcode-v03'].communication[0].btle.names = 'tcode-v03-linear-vibrate';
    const file = writeTemp('my-user-config.json', JSON.stringify(json));
    const error = loadError(() => loadDeviceConfig({ userFile: file }));
    expect(error.message).toBe(`${file}: /user_configs/protocols/tcode-v03/communication/0/btle/names must be array`);
  });

  it('a schema fault in the base config names the path', () => {
    const base = { version: { major: 4, minor: 0 }, protocols: { solo: { communication: [], defaults: { name: 'Solo', features: [] } } } };
    const error = loadError(() => loadDeviceConfig({ baseJson: JSON.stringify(base) }));
    expect(error.message).toBe("base config JSON: /protocols/solo/defaults must have required property 'id'");
  });

  it('an unknown top-level key is a schema fault', () => {
    const error = loadError(() => loadDeviceConfig({ userJson: JSON.stringify({ version: { major: 4, minor: 0 }, users: {} }) }));
    expect(error.message).toBe('user config JSON: / must NOT have additional properties (users)');
  });

  it.each([
    [3, 'user'],
    [5, 'user'],
    [2, 'base'],
  ])('major version %i of a %s config is refused', (major, kind) => {
    const json = JSON.stringify({ version: { major, minor: 0 } });
    const error = loadError(() => loadDeviceConfig(kind === 'user' ? { userJson: json } : { baseJson: json }));
    expect(error.message).toBe(`${kind} config JSON: /version/major is ${major}, but only version 4 configs can be loaded`);
  });

  it('a version without a major number is refused', () => {
    const error = loadError(() => loadDeviceConfig({ userJson: JSON.stringify({ version: { minor: 0 } }) }));
    expect(error.message).toContain('/version');
    expect(error.message).toContain('major');
  });

  it('an unreadable file names the file and why', () => {
    const missing = join(directory, 'no-such-config.json');
    expect(loadError(() => loadDeviceConfig({ userFile: missing })).message).toMatch(
      new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the device config: ENOENT`),
    );
    expect(loadError(() => loadDeviceConfig({ baseFile: directory })).message).toContain('EISDIR');
  });

  it('a file and JSON for the same config are refused', () => {
    expect(loadError(() => loadDeviceConfig({ userFile: exampleUserConfigPath, userJson: '{}' })).message).toContain('not both');
  });

  it('user configurations are checked against the schema too', () => {
    const json = readJson(fixtureConfigPath('tcode_linear_and_vibrate_user_config.json'));
    delete json.user_configs.protocols['tcode-v03'].configurations[0].id;
    const error = loadError(() => loadDeviceConfig({ userJson: JSON.stringify(json) }));
    expect(error.message).toBe("user config JSON: /user_configs/protocols/tcode-v03/configurations/0 must have required property 'id'");
  });

  it('defaults are not allowed in a user config', () => {
    const json = readJson(fixtureConfigPath('tcode_linear_and_vibrate_user_config.json'));
    json.user_configs.protocols['tcode-v03'].defaults = { name: 'x', id: '00000000-0000-0000-0000-000000000000', features: [] };
    const error = loadError(() => loadDeviceConfig({ userJson: JSON.stringify(json) }));
    expect(error.message).toBe('user config JSON: /user_configs/protocols/tcode-v03/defaults is not allowed in a user config');
  });

  it.each([
    [{ button: null }, '/protocols/lovense/defaults/features/1/input/button must be an object'],
    [{ depth: { value: [[0, 10]], command: ['Poke'] } }, '/protocols/lovense/defaults/features/1/input/depth/command/0 must be one of Read, Subscribe, Unsubscribe'],
    [{ button: { value: [[5, 1]], command: ['Read'] } }, '/protocols/lovense/defaults/features/1/input/button/value/0 must be a range [low, high] of integers with low <= high'],
  ])('an input the schema does not cover is still checked: %j', (input, path) => {
    const lovense = readJson(bundledBasePath).protocols.lovense;
    lovense.defaults.features[1].input = input;
    const error = loadError(() => loadDeviceConfig({ baseJson: JSON.stringify({ version: { major: 4, minor: 0 }, protocols: { lovense } }) }));
    expect(error.message).toBe(`base config JSON: ${path}`);
  });

  it('an unknown output type in a definition is refused with its path', () => {
    const lovense = readJson(bundledBasePath).protocols.lovense;
    lovense.defaults.features[0].output = { wiggle: { value: [0, 5] } };
    const error = loadError(() => loadDeviceConfig({ baseJson: JSON.stringify({ version: { major: 4, minor: 0 }, protocols: { lovense } }) }));
    expect(error.message).toBe('base config JSON: /protocols/lovense/defaults/features/0/output/wiggle is not an output type');
  });
});

describe('user device entries that cannot be used are skipped', () => {
  const ridgeEntry = () => readJson(fixtureConfigPath('lovense_ridge_user_config.json')).user_configs.devices[0];

  it('the invalid-range fixture loads, skipping its entry with a warning naming it', () => {
    const logged: string[] = [];
    const file = fixtureConfigPath('lovense_ridge_user_config_invalid_range.json');
    const config = loadDeviceConfig({ userFile: file, log: { warn: (message) => logged.push(String(message)) } });
    expect(config.warnings).toEqual([
      `${file}: skipped user device entry 0 (protocol "lovense", identifier "F", address "UserConfigTest"): ` +
        '/user_configs/devices/0/config/features/1 must NOT have additional properties (input)',
    ]);
    expect(logged).toEqual(config.warnings);
    expect((config.userConfigJson() as { user_configs: { devices: unknown[] } }).user_configs.devices).toEqual([]);
    expect(config.definition('lovense', 'F', 'UserConfigTest')?.id).not.toBe('c8633234-07a4-4ad9-961d-a4d777b32be8');
  });

  it('other entries of the same file still load', () => {
    const json = readJson(fixtureConfigPath('lovense_ridge_user_config_invalid_range.json'));
    const valid = ridgeEntry();
    valid.identifier.address = 'OtherAddress';
    valid.config.user_config.index = 3;
    json.user_configs.devices.push(valid);
    const config = loadDeviceConfig({ userJson: JSON.stringify(json) });
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain('user device entry 0 ');
    expect(config.deviceIndex('lovense', 'F', 'OtherAddress')).toBe(3);
    expect(config.definition('lovense', 'F', 'OtherAddress')?.displayName).toBe('Lovense Name Test');
  });

  type Edit = (entry: ReturnType<typeof ridgeEntry>) => void;
  it.each<[string, Edit, string]>([
    ['a schema fault', (e) => (e.config.user_config.index = 'zero'), '/user_configs/devices/0/config/user_config/index must be integer'],
    ['an unknown base_id', (e) => (e.config.base_id = 'c8633234-07a4-4ad9-961d-a4d777b32be7'), 'base_id c8633234-07a4-4ad9-961d-a4d777b32be7 matches no device definition'],
    ['a base of another protocol', (e) => (e.identifier.protocol = 'satisfyer'), 'belongs to protocol "lovense", not "satisfyer"'],
    ['a feature count mismatch', (e) => e.config.features.pop(), 'lists 1 features but its base "Lovense Sex Machine"'],
    ['an unknown feature base_id', (e) => (e.config.features[1].base_id = '00000000-0000-0000-0000-000000000000'), 'feature 1 base_id 00000000-0000-0000-0000-000000000000 is not a feature'],
    ['a repeated feature base_id', (e) => (e.config.features[1].base_id = e.config.features[0].base_id), 'is used more often than "Lovense Sex Machine" has it'],
    ['a range above the base max', (e) => (e.config.features[0].output.oscillate.value = [0, 30]), 'range [0, 30] lies outside [0, 20]'],
    ['a negative range', (e) => (e.config.features[0].output.oscillate.value = [-1, 10]), 'range [-1, 10] lies outside [0, 20]'],
    ['an empty range', (e) => (e.config.features[0].output.oscillate.value = [12, 5]), 'range [12, 5] is empty'],
    ['an unknown output type', (e) => (e.config.features[0].output = { wiggle: {} }), 'unknown output type "wiggle"'],
    ['a negative index', (e) => (e.config.user_config.index = -1), 'index -1 is negative'],
    ['a negative message gap', (e) => (e.config.user_config.message_gap_ms = -5), 'message_gap_ms -5 is negative'],
  ])('%s', (_, edit, reason) => {
    const json = readJson(fixtureConfigPath('lovense_ridge_user_config.json'));
    edit(json.user_configs.devices[0]);
    const config = loadDeviceConfig({ userJson: JSON.stringify(json) });
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain('skipped user device entry 0 (protocol ');
    expect(config.warnings[0]).toContain('address "UserConfigTest"');
    expect(config.warnings[0]).toContain(reason);
    expect(config.definition('lovense', 'F', 'UserConfigTest')?.displayName).toBeUndefined();
  });

  it('a user specifier for a protocol with no definitions is kept but warned about', () => {
    const json = { version: { major: 4, minor: 0 }, user_configs: { protocols: { 'no-such-protocol': { communication: [{ websocket: { name: 'x' } }] } } } };
    const config = loadDeviceConfig({ userJson: JSON.stringify(json) });
    expect(config.warnings).toEqual([
      'user config JSON: /user_configs/protocols/no-such-protocol/communication names protocol "no-such-protocol", which has no device definitions',
    ]);
    expect(config.protocolsFor({ kind: 'websocket', name: 'x' }).map((c) => c.protocol)).toEqual(['no-such-protocol']);
  });
});
