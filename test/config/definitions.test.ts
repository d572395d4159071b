import { describe, expect, it } from 'vitest';
import { loadDeviceConfig, type DeviceConfig } from '../../src/config/load.ts';
import { INPUT_TYPES, OUTPUT_TYPES, type DeviceDefinition } from '../../src/devices/features.ts';
import { bundledBasePath, fixtureConfigPath, readJson } from './fixtures.ts';

interface RawFeature {
  index: number;
  id: string;
  output?: Record<string, { value: number[]; duration?: number[] }>;
  input?: Record<string, { value: number[][]; command: string[] }>;
}
interface RawDefinition {
  identifier?: string[];
  name: string;
  id: string;
  protocol_variant?: string;
  message_gap_ms?: number;
  features?: RawFeature[];
}
interface RawProtocol {
  defaults: RawDefinition;
  configurations?: RawDefinition[];
}

const raw = readJson(bundledBasePath) as { protocols: Record<string, RawProtocol> };
const config = loadDeviceConfig();
const camel = (key: string) => key.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** Checks a built definition against the raw config it came from. */
function expectBuiltFrom(definition: DeviceDefinition | undefined, source: RawDefinition, features: RawFeature[]) {
  expect(definition).toBeDefined();
  expect(definition!.name).toBe(source.name);
  expect(definition!.id).toBe(source.id);
  expect(definition!.features.map((f) => f.index)).toEqual(features.map((f) => f.index).sort((a, b) => a - b));
  const byIndex = [...features].sort((a, b) => a.index - b.index);
  for (const [i, feature] of definition!.features.entries()) {
    const rawFeature = byIndex[i];
    expect(feature.id).toBe(rawFeature.id);
    expect(Object.keys(feature.outputs).sort()).toEqual(Object.keys(rawFeature.output ?? {}).map(camel).sort());
    for (const type of Object.keys(feature.outputs)) expect(OUTPUT_TYPES).toContain(type);
    for (const type of Object.keys(feature.inputs)) expect(INPUT_TYPES).toContain(type);
    for (const [key, properties] of Object.entries(rawFeature.output ?? {})) {
      expect(feature.outputs[camel(key) as keyof typeof feature.outputs]?.value).toEqual(properties.value);
    }
    for (const [key, properties] of Object.entries(rawFeature.input ?? {})) {
      expect(feature.inputs[camel(key) as keyof typeof feature.inputs]).toEqual({ value: properties.value, commands: properties.command });
    }
  }
}

/** Records a user entry for the device and checks it keeps its base's shape with fresh ids. */
function expectRecordable(recording: DeviceConfig, protocol: string, identifier: string | undefined, expectedIndex: number) {
  const address = `${protocol}/${identifier}`;
  const base = recording.definition(protocol, identifier, address)!;
  expect(recording.deviceIndex(protocol, identifier, address)).toBe(expectedIndex);
  const recorded = recording.definition(protocol, identifier, address)!;
  expect(recorded.name).toBe(base.name);
  expect(recorded.features.map((f) => [f.index, f.outputs, f.inputs])).toEqual(base.features.map((f) => [f.index, f.outputs, f.inputs]));
  expect(new Set(recorded.features.map((f) => f.id)).size).toBe(recorded.features.length);
}

describe('base definitions', () => {
  it('are built for every protocol defaults of all 139 protocols', () => {
    expect(Object.keys(raw.protocols)).toHaveLength(139);
    for (const [protocol, definition] of Object.entries(raw.protocols)) {
      const built = config.definition(protocol, undefined, 'addr');
      expectBuiltFrom(built, definition.defaults, definition.defaults.features ?? []);
      expect(built!.protocol).toBe(protocol);
      expect(built!.messageGapMs).toBe(definition.defaults.message_gap_ms);
    }
  });

  it('a device of every protocol defaults and every configuration can be recorded as a user entry', () => {
    const recording = loadDeviceConfig();
    let index = 0;
    for (const [protocol, definition] of Object.entries(raw.protocols)) {
      expectRecordable(recording, protocol, undefined, index++);
      for (const identifier of new Set((definition.configurations ?? []).flatMap((c) => c.identifier ?? []))) {
        expectRecordable(recording, protocol, identifier, index++);
      }
    }
  });

  it('are built for every configuration identifier, inheriting what the configuration leaves out', () => {
    let checked = 0;
    for (const [protocol, definition] of Object.entries(raw.protocols)) {
      // A repeated identifier keeps its last configuration, as the reference's map does.
      const byIdentifier = new Map<string, RawDefinition>();
      for (const configuration of definition.configurations ?? []) {
        for (const identifier of configuration.identifier ?? []) byIdentifier.set(identifier, configuration);
      }
      for (const [identifier, configuration] of byIdentifier) {
        const built = config.definition(protocol, identifier, 'addr');
        expectBuiltFrom(built, configuration, configuration.features ?? definition.defaults.features ?? []);
        expect(built!.identifier).toBe(identifier);
        expect(built!.protocolVariant).toBe(configuration.protocol_variant ?? definition.defaults.protocol_variant);
        expect(built!.messageGapMs).toBe(configuration.message_gap_ms ?? definition.defaults.message_gap_ms);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(700);
  });

  it('configurations inherit gaps and variants from the defaults', () => {
    const handy = raw.protocols.thehandy.configurations?.[0]?.identifier?.[0];
    if (handy !== undefined) expect(config.definition('thehandy', handy, 'addr')?.messageGapMs).toBe(50);
    expect(config.definition('tcode-v03', undefined, 'COM1')?.messageGapMs).toBe(20);
    expect(config.definition('vorze-sa', 'UFO-TW', 'addr')?.protocolVariant).toBe('vorze-sa-dual-rotator');
  });

  it('a configuration without features shares the default features, ids included', () => {
    const ambi = config.definition('lovense', 'L', 'addr')!;
    expect(ambi.name).toBe('Lovense Ambi');
    expect(ambi.features).toEqual(config.definition('lovense', undefined, 'addr')!.features);
  });

  it('maps every output and input key to the contract names', () => {
    const hwPosition = config.definition('tcode-v03', undefined, 'COM1')!.features.find((f) => f.outputs.HwPositionWithDuration);
    expect(hwPosition?.outputs.HwPositionWithDuration?.duration).toBeDefined();
    const pressure = Object.entries(raw.protocols).flatMap(([protocol, p]) =>
      [p.defaults, ...(p.configurations ?? [])].flatMap((d) =>
        (d.features ?? []).filter((f) => f.input?.pressure).map(() => [protocol, d.identifier?.[0]] as const),
      ),
    );
    expect(pressure.length).toBeGreaterThan(0);
    const [protocol, identifier] = pressure[0];
    const feature = config.definition(protocol, identifier, 'addr')!.features.find((f) => f.inputs.Pressure)!;
    expect(feature.inputs.Pressure!.commands).toContain('Subscribe');
  });

  it('an unknown identifier falls back to the defaults; one differing only in case finds its configuration', () => {
    expect(config.definition('lovense', 'ZZZ', 'addr')?.name).toBe('Lovense Device');
    expect(config.definition('lovense', 'ZZZ', 'addr')?.identifier).toBeUndefined();
    const edge = config.definition('lovense', 'P', 'addr')!;
    expect(config.definition('lovense', 'p', 'addr')).toEqual(edge);
  });

  it('definitionsOf lists a protocol\'s defaults, then one definition per configuration identifier', () => {
    for (const [protocol, definition] of Object.entries(raw.protocols)) {
      const identifiers = new Set((definition.configurations ?? []).flatMap((c) => c.identifier ?? []));
      const listed = config.definitionsOf(protocol);
      expect(listed[0]).toEqual(config.definition(protocol, undefined, 'addr'));
      expect(listed.slice(1).map((d) => d.identifier)).toEqual([...identifiers]);
      for (const built of listed.slice(1)) expect(built).toEqual(config.definition(protocol, built.identifier, 'addr'));
    }
    expect(config.definitionsOf('no-such-protocol')).toEqual([]);
  });

  it('definitionsOf includes user configurations but not user device entries', () => {
    const user = loadDeviceConfig({ userFile: fixtureConfigPath('tcode_linear_and_vibrate_user_config.json') });
    const identifiers = user.definitionsOf('tcode-v03').map((d) => d.identifier);
    expect(identifiers).toEqual([undefined, 'tcode-v03-linear-vibrate']);
    const ridge = loadDeviceConfig({ userFile: fixtureConfigPath('lovense_ridge_user_config.json') });
    expect(ridge.definitionsOf('lovense')).toEqual(config.definitionsOf('lovense'));
  });

  it('sorts features by index whatever the file order', () => {
    const lovense = structuredClone(raw.protocols.lovense);
    lovense.defaults.features!.reverse();
    const custom = loadDeviceConfig({ baseJson: JSON.stringify({ version: { major: 4, minor: 0 }, protocols: { lovense } }) });
    expect(custom.definition('lovense', undefined, 'addr')!.features.map((f) => f.index)).toEqual([0, 1]);
  });
});

describe('user entries merged onto their base', () => {
  it('lovense_ridge_user_config: display name, name and user range', () => {
    const merged = loadDeviceConfig({ userFile: fixtureConfigPath('lovense_ridge_user_config.json') }).definition('lovense', 'F', 'UserConfigTest')!;
    expect(merged.displayName).toBe('Lovense Name Test');
    expect(merged.name).toBe('Lovense Sex Machine');
    expect(merged.identifier).toBe('F');
    expect(merged.features[0].outputs.Oscillate).toEqual({ value: [0, 20], userRange: [0, 20] });
    expect(merged.features[1].inputs.Battery?.commands).toEqual(['Read']);
    expect(merged.features[1].id).toBe('77d6498b-3707-4ca6-b37d-e0d6f868d302');
  });

  it('tcode_disabled_hw_position_user_config: only the disabled output is disabled', () => {
    const merged = loadDeviceConfig({ userFile: fixtureConfigPath('tcode_disabled_hw_position_user_config.json') }).definition(
      'tcode-v03',
      'tcode-v03-disabled-test',
      'tcode-disabled-test-addr',
    )!;
    expect(merged.features).toHaveLength(1);
    expect(merged.features[0].outputs.HwPositionWithDuration).toEqual({ value: [0, 1000], duration: [0, 100000], disabled: true });
    expect(merged.features[0].outputs.Position).toEqual({ value: [0, 1000] });
  });

  it('tcode_linear_and_vibrate_user_config: a user configuration does not inherit the defaults', () => {
    const loaded = loadDeviceConfig({ userFile: fixtureConfigPath('tcode_linear_and_vibrate_user_config.json') });
    const merged = loaded.definition('tcode-v03', 'tcode-v03-linear-vibrate', 'COM7')!;
    expect(merged.name).toBe('TCode v0.3 (Single Linear Axis + Single Vibe)');
    expect(merged.messageGapMs).toBeUndefined();
    expect(merged.features.map((f) => Object.keys(f.outputs))).toEqual([['HwPositionWithDuration'], ['Vibrate']]);
    expect(merged.features[1].outputs.Vibrate).toEqual({ value: [0, 99] });
    // Another address gets the user configuration itself, not the defaults.
    expect(loaded.definition('tcode-v03', 'tcode-v03-linear-vibrate', 'COM8')?.id).toBe('e4384a37-fd37-4b9e-8464-a510dd8410a7');
    expect(loaded.definition('tcode-v03', undefined, 'COM8')?.messageGapMs).toBe(20);
  });

  it('range, reverse, disabled, display name and gap all apply together', () => {
    const json = readJson(fixtureConfigPath('tcode_linear_and_vibrate_user_config.json'));
    const entry = json.user_configs.devices[0].config;
    entry.features[0].output = { hw_position_with_duration: { value: [10, 90], reverse: true } };
    entry.features[1].output = { vibrate: { value: [5, 50], disabled: true, reverse: true } };
    entry.user_config.display_name = 'Stroker';
    entry.user_config.message_gap_ms = 35;
    const loaded = loadDeviceConfig({ userJson: JSON.stringify(json) });
    expect(loaded.warnings).toEqual([]);
    const merged = loaded.definition('tcode-v03', 'tcode-v03-linear-vibrate', 'COM7')!;
    expect(merged.displayName).toBe('Stroker');
    expect(merged.messageGapMs).toBe(35);
    expect(merged.features[0].outputs.HwPositionWithDuration).toEqual({ value: [0, 100], duration: [0, 100000], userRange: [10, 90], reverse: true });
    // reverse means nothing for vibrate, so it is dropped
    expect(merged.features[1].outputs.Vibrate).toEqual({ value: [0, 99], userRange: [5, 50], disabled: true });
  });

  it('a signed base range takes a user range inside [0, max]', () => {
    const base = config.definition('lovense', 'A', 'addr')!;
    const rotate = base.features.find((f) => f.outputs.Rotate)!;
    expect(rotate.outputs.Rotate?.value).toEqual([-20, 20]);
    const userConfig = (value: number[]) =>
      JSON.stringify({
        version: { major: 4, minor: 0 },
        user_configs: {
          devices: [
            {
              identifier: { protocol: 'lovense', identifier: 'A', address: 'NoraAddr' },
              config: {
                id: '11111111-1111-1111-1111-111111111111',
                base_id: base.id,
                features: base.features.map((f, i) => ({
                  id: `2222222${i}-2222-2222-2222-222222222222`,
                  base_id: f.id,
                  ...(f === rotate && { output: { rotate: { value } } }),
                })),
                user_config: { allow: false, deny: false, index: 4 },
              },
            },
          ],
        },
      });
    const narrowed = loadDeviceConfig({ userJson: userConfig([2, 15]) });
    expect(narrowed.warnings).toEqual([]);
    const merged = narrowed.definition('lovense', 'A', 'NoraAddr')!;
    expect(merged.features.find((f) => f.index === rotate.index)?.outputs.Rotate).toEqual({ value: [-20, 20], userRange: [2, 15] });
    expect(loadDeviceConfig({ userJson: userConfig([0, 25]) }).warnings[0]).toContain('lies outside [0, 20]');
  });
});
