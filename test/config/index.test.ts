import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadDeviceConfig } from '../../src/config/load.ts';
import { fixtureConfigPath, readJson } from './fixtures.ts';

/** A user config holding one lovense "F" device per (address, index). */
function userConfigWithIndexes(entries: readonly [string, number][]) {
  const template = readJson(fixtureConfigPath('lovense_ridge_user_config.json')).user_configs.devices[0];
  const devices = entries.map(([address, index]) => {
    const entry = structuredClone(template);
    entry.identifier.address = address;
    entry.config.user_config.index = index;
    return entry;
  });
  return JSON.stringify({ version: { major: 4, minor: 0 }, user_configs: { devices } });
}

describe('device index assignment', () => {
  it('gives new devices the lowest free index, in order', () => {
    const config = loadDeviceConfig();
    expect(config.deviceIndex('lovense', 'P', 'AA:01')).toBe(0);
    expect(config.deviceIndex('satisfyer', undefined, 'AA:02')).toBe(1);
    expect(config.deviceIndex('tcode-v03', undefined, 'COM4')).toBe(2);
  });

  it('gives the same device the same index again', () => {
    const config = loadDeviceConfig();
    const first = config.deviceIndex('lovense', 'P', 'AA:01');
    config.deviceIndex('lovense', 'B', 'AA:02');
    expect(config.deviceIndex('lovense', 'P', 'AA:01')).toBe(first);
  });

  it('gives two devices with the same name and different addresses different indexes', () => {
    const config = loadDeviceConfig();
    const a = config.deviceIndex('lovense', 'P', 'AA:01');
    const b = config.deviceIndex('lovense', 'P', 'AA:02');
    expect(a).not.toBe(b);
  });

  it('treats another identifier at the same address as another device', () => {
    const config = loadDeviceConfig();
    expect(config.deviceIndex('lovense', 'P', 'AA:01')).toBe(0);
    expect(config.deviceIndex('lovense', 'B', 'AA:01')).toBe(1);
    expect(config.deviceIndex('lovense', undefined, 'AA:01')).toBe(2);
  });

  it('keeps indexes from the user config reserved, connected or not', () => {
    const config = loadDeviceConfig({ userJson: userConfigWithIndexes([['Reserved0', 0], ['Reserved2', 2]]) });
    expect(config.deviceIndex('lovense', 'P', 'New1')).toBe(1);
    expect(config.deviceIndex('lovense', 'P', 'New3')).toBe(3);
    expect(config.deviceIndex('lovense', 'F', 'Reserved2')).toBe(2);
    expect(config.deviceIndex('lovense', 'F', 'Reserved0')).toBe(0);
    expect(config.deviceIndex('lovense', 'P', 'New4')).toBe(4);
  });

  it('uses the fixture user config index for its device', () => {
    const config = loadDeviceConfig({ userFile: fixtureConfigPath('lovense_ridge_user_config.json') });
    expect(config.deviceIndex('lovense', 'P', 'SomeoneElse')).toBe(1);
    expect(config.deviceIndex('lovense', 'F', 'UserConfigTest')).toBe(0);
  });

  it('records a user entry whose ids are fresh and linked to the base', () => {
    const config = loadDeviceConfig();
    const base = config.definition('lovense', 'B', 'AA:01')!;
    config.deviceIndex('lovense', 'B', 'AA:01');
    const recorded = config.definition('lovense', 'B', 'AA:01')!;
    expect(recorded.name).toBe(base.name);
    expect(recorded.id).not.toBe(base.id);
    expect(recorded.features.map((f) => f.index)).toEqual(base.features.map((f) => f.index));
    expect(recorded.features.map((f) => f.outputs)).toEqual(base.features.map((f) => f.outputs));
    const baseIds = new Set(base.features.map((f) => f.id));
    expect(recorded.features.some((f) => baseIds.has(f.id))).toBe(false);
    const [entry] = (config.userConfigJson() as { user_configs: { devices: { config: { base_id: string; features: { base_id: string }[] } }[] } }).user_configs.devices;
    expect(entry.config.base_id).toBe(base.id);
    expect(entry.config.features.map((f) => f.base_id)).toEqual(base.features.map((f) => f.id));
  });

  it('refuses a protocol the config does not know', () => {
    const config = loadDeviceConfig();
    expect(() => config.deviceIndex('no-such-protocol', undefined, 'AA')).toThrow(ConfigError);
    expect(config.definition('no-such-protocol', undefined, 'AA')).toBeUndefined();
  });

  it('property: indexes are unique per device, stable on repeats, and avoid reserved ones', () => {
    const protocols = ['lovense', 'satisfyer', 'tcode-v03', 'wevibe'];
    const device = fc.record({
      address: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
      protocol: fc.constantFrom(...protocols),
      identifier: fc.option(fc.constantFrom('P', 'B', 'X'), { nil: undefined }),
    });
    const reserved = fc.uniqueArray(fc.nat(12), { maxLength: 4 });
    // Each run loads a fresh config (tens of ms), so there are few runs of long sequences.
    fc.assert(
      fc.property(reserved, fc.array(device, { maxLength: 40 }), (reservedIndexes, devices) => {
        const config = loadDeviceConfig({ userJson: userConfigWithIndexes(reservedIndexes.map((index) => [`Reserved${index}`, index])) });
        const seen = new Map<string, number>();
        for (const { address, protocol, identifier } of devices) {
          const key = JSON.stringify([address, protocol, identifier ?? null]);
          const index = config.deviceIndex(protocol, identifier, address);
          if (seen.has(key)) {
            expect(index).toBe(seen.get(key));
          } else {
            expect(reservedIndexes).not.toContain(index);
            expect([...seen.values()]).not.toContain(index);
            // lowest free: every smaller index is reserved or already given out
            for (let lower = 0; lower < index; lower++) {
              expect(reservedIndexes.includes(lower) || [...seen.values()].includes(lower)).toBe(true);
            }
            seen.set(key, index);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('allow and deny lists', () => {
  const withFlags = (flags: [string, { allow?: boolean; deny?: boolean }][]) => {
    const template = readJson(fixtureConfigPath('lovense_ridge_user_config.json')).user_configs.devices[0];
    const devices = flags.map(([address, { allow = false, deny = false }], index) => {
      const entry = structuredClone(template);
      entry.identifier.address = address;
      entry.config.user_config = { allow, deny, index };
      return entry;
    });
    return loadDeviceConfig({ userJson: JSON.stringify({ version: { major: 4, minor: 0 }, user_configs: { devices } }) });
  };

  it('allows everything with no lists', () => {
    expect(loadDeviceConfig().addressAllowed('AA:01')).toBe(true);
  });

  it('refuses a denied address and only that one', () => {
    const config = withFlags([['Denied', { deny: true }], ['Plain', {}]]);
    expect(config.addressAllowed('Denied')).toBe(false);
    expect(config.addressAllowed('Plain')).toBe(true);
    expect(config.addressAllowed('Unknown')).toBe(true);
  });

  it('once any address is allowed, only allowed addresses pass', () => {
    const config = withFlags([['Allowed', { allow: true }], ['Plain', {}]]);
    expect(config.addressAllowed('Allowed')).toBe(true);
    expect(config.addressAllowed('Plain')).toBe(false);
    expect(config.addressAllowed('Unknown')).toBe(false);
  });

  it('a deny entry wins over an allow entry for the same address', () => {
    const config = withFlags([['Both', { allow: true, deny: true }]]);
    expect(config.addressAllowed('Both')).toBe(false);
  });
});
