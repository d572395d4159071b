/**
 * A deliberately small device-config reader for tests: enough of the base and user config
 * (reference-server.md §5) to find a case's protocol by BLE name, list its endpoints and build
 * the DeviceDefinition for an identifier. Not the server's loader; invalid input throws.
 */
import { readFileSync } from 'node:fs';
import type {
  DeviceDefinition,
  FeatureDefinition,
  InputCommand,
  InputSpec,
  InputType,
  OutputSpec,
  OutputType,
  Range,
} from '../../src/devices/features.ts';

const OUTPUT_NAMES: Readonly<Record<string, OutputType>> = {
  vibrate: 'Vibrate',
  rotate: 'Rotate',
  oscillate: 'Oscillate',
  constrict: 'Constrict',
  temperature: 'Temperature',
  led: 'Led',
  position: 'Position',
  hw_position_with_duration: 'HwPositionWithDuration',
  spray: 'Spray',
};

const INPUT_NAMES: Readonly<Record<string, InputType>> = {
  battery: 'Battery',
  rssi: 'Rssi',
  pressure: 'Pressure',
  button: 'Button',
  depth: 'Depth',
  position: 'Position',
};

export interface BtleSpecifier {
  readonly names: readonly string[];
  /** service UUID → endpoint name → characteristic UUID */
  readonly services: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

interface ProtocolEntry {
  readonly btle: readonly BtleSpecifier[];
  readonly defaults?: DeviceDefinition;
  /** identifier → definition (configurations overlaid on the defaults) */
  readonly configurations: ReadonlyMap<string, DeviceDefinition>;
}

interface UserDeviceEntry {
  readonly address: string;
  readonly protocol: string;
  readonly identifier: string;
  readonly definition: DeviceDefinition;
}

export interface LocalDeviceConfig {
  readonly protocols: ReadonlyMap<string, ProtocolEntry>;
  /** Specifiers from a user config, tried before the base ones. */
  readonly userBtle: ReadonlyMap<string, readonly BtleSpecifier[]>;
  readonly userDevices: readonly UserDeviceEntry[];
}

type Json = Record<string, unknown>;

function obj(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`device config: ${what} must be an object`);
  return value as Json;
}

function arr(value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`device config: ${what} must be an array`);
  return value;
}

function range(value: unknown, what: string): Range {
  const [lo, hi] = arr(value, what);
  if (typeof lo !== 'number' || typeof hi !== 'number') throw new Error(`device config: ${what} must be [lo, hi]`);
  return [lo, hi];
}

function outputSpec(json: Json, what: string): OutputSpec {
  const spec: { -readonly [K in keyof OutputSpec]: OutputSpec[K] } = { value: range(json.value, `${what}.value`) };
  if (json.duration !== undefined) spec.duration = range(json.duration, `${what}.duration`);
  return spec;
}

function feature(value: unknown, what: string): FeatureDefinition {
  const json = obj(value, what);
  const outputs: Partial<Record<OutputType, OutputSpec>> = {};
  for (const [key, spec] of Object.entries(obj(json.output ?? {}, `${what}.output`))) {
    const type = OUTPUT_NAMES[key];
    if (!type) throw new Error(`device config: ${what}: unknown output "${key}"`);
    outputs[type] = outputSpec(obj(spec, `${what}.output.${key}`), `${what}.output.${key}`);
  }
  const inputs: Partial<Record<InputType, InputSpec>> = {};
  for (const [key, spec] of Object.entries(obj(json.input ?? {}, `${what}.input`))) {
    const type = INPUT_NAMES[key];
    if (!type) throw new Error(`device config: ${what}: unknown input "${key}"`);
    const specJson = obj(spec, `${what}.input.${key}`);
    inputs[type] = {
      value: arr(specJson.value, `${what}.input.${key}.value`).map((r, i) => range(r, `${what}.input.${key}.value[${i}]`)),
      commands: arr(specJson.command, `${what}.input.${key}.command`) as InputCommand[],
    };
  }
  return {
    index: Number(json.index),
    id: String(json.id),
    description: typeof json.description === 'string' ? json.description : '',
    outputs,
    inputs,
  };
}

function features(value: unknown, what: string): FeatureDefinition[] {
  return arr(value, what)
    .map((item, i) => feature(item, `${what}[${i}]`))
    .sort((a, b) => a.index - b.index);
}

function definition(protocol: string, json: Json, fallback: DeviceDefinition | undefined, identifier?: string): DeviceDefinition {
  const variant = json.protocol_variant ?? fallback?.protocolVariant;
  const gap = json.message_gap_ms ?? fallback?.messageGapMs;
  const result: { -readonly [K in keyof DeviceDefinition]: DeviceDefinition[K] } = {
    protocol,
    name: String(json.name ?? fallback?.name ?? protocol),
    id: String(json.id ?? fallback?.id ?? ''),
    features: json.features !== undefined ? features(json.features, `${protocol}.features`) : [...(fallback?.features ?? [])],
  };
  if (identifier !== undefined) result.identifier = identifier;
  if (typeof variant === 'string') result.protocolVariant = variant;
  if (typeof gap === 'number') result.messageGapMs = gap;
  return result;
}

function btleSpecifiers(communication: unknown, what: string): BtleSpecifier[] {
  return arr(communication, what).flatMap((entry, i) => {
    const btle = obj(entry, `${what}[${i}]`).btle;
    if (btle === undefined) return [];
    const json = obj(btle, `${what}[${i}].btle`);
    return [
      {
        names: arr(json.names, `${what}[${i}].btle.names`).map(String),
        services: obj(json.services ?? {}, `${what}[${i}].btle.services`) as BtleSpecifier['services'],
      },
    ];
  });
}

function configurations(protocol: string, list: unknown, fallback: DeviceDefinition | undefined): Map<string, DeviceDefinition> {
  const byIdentifier = new Map<string, DeviceDefinition>();
  for (const [i, entry] of arr(list, `${protocol}.configurations`).entries()) {
    const json = obj(entry, `${protocol}.configurations[${i}]`);
    for (const identifier of arr(json.identifier, `${protocol}.configurations[${i}].identifier`)) {
      byIdentifier.set(String(identifier), definition(protocol, json, fallback, String(identifier)));
    }
  }
  return byIdentifier;
}

/** Parses a base config (`{version, protocols}`). */
export function parseBaseDeviceConfig(json: unknown): LocalDeviceConfig {
  const protocols = new Map<string, ProtocolEntry>();
  for (const [name, value] of Object.entries(obj(obj(json, 'base config').protocols, 'protocols'))) {
    const entry = obj(value, name);
    const defaults = entry.defaults === undefined ? undefined : definition(name, obj(entry.defaults, `${name}.defaults`), undefined);
    protocols.set(name, {
      btle: btleSpecifiers(entry.communication, `${name}.communication`),
      defaults,
      configurations: configurations(name, entry.configurations, defaults),
    });
  }
  return { protocols, userBtle: new Map(), userDevices: [] };
}

export function loadBaseDeviceConfig(): LocalDeviceConfig {
  const file = new URL('../../protocols/config/buttplug-device-config-v4.json', import.meta.url);
  return parseBaseDeviceConfig(JSON.parse(readFileSync(file, 'utf8')));
}

function allBaseDefinitions(config: LocalDeviceConfig): DeviceDefinition[] {
  return [...config.protocols.values()].flatMap((entry) => [
    ...(entry.defaults ? [entry.defaults] : []),
    ...entry.configurations.values(),
  ]);
}

/** Merges one user `devices` entry onto the base definition its `base_id` names; undefined if it does not match. */
function userDefinition(config: LocalDeviceConfig, protocol: string, identifier: string, json: Json): DeviceDefinition | undefined {
  const base = allBaseDefinitions(config).find((candidate) => candidate.protocol === protocol && candidate.id === json.base_id);
  const userFeatures = arr(json.features, 'user device features').map((item) => obj(item, 'user device feature'));
  if (!base || userFeatures.length !== base.features.length) return undefined;
  const merged: FeatureDefinition[] = [];
  for (const userFeature of userFeatures) {
    const baseFeature = base.features.find((candidate) => candidate.id === userFeature.base_id);
    if (!baseFeature) return undefined;
    const outputs: Partial<Record<OutputType, OutputSpec>> = { ...baseFeature.outputs };
    for (const [key, spec] of Object.entries(obj(userFeature.output ?? {}, 'user feature output'))) {
      const type = OUTPUT_NAMES[key];
      const baseSpec = type ? outputs[type] : undefined;
      if (!type || !baseSpec) return undefined;
      const user = obj(spec, `user feature output ${key}`);
      outputs[type] = {
        ...baseSpec,
        ...(user.value !== undefined ? { userRange: range(user.value, `user ${key}.value`) } : {}),
        ...(typeof user.disabled === 'boolean' ? { disabled: user.disabled } : {}),
        ...(typeof user.reverse === 'boolean' ? { reverse: user.reverse } : {}),
      };
    }
    merged.push({ ...baseFeature, id: String(userFeature.id ?? baseFeature.id), outputs });
  }
  const settings = obj(json.user_config ?? {}, 'user_config');
  const result: { -readonly [K in keyof DeviceDefinition]: DeviceDefinition[K] } = {
    ...base,
    identifier,
    name: typeof json.name === 'string' ? json.name : base.name,
    id: String(json.id ?? base.id),
    features: merged.sort((a, b) => a.index - b.index),
  };
  if (typeof settings.display_name === 'string') result.displayName = settings.display_name;
  if (typeof settings.message_gap_ms === 'number') result.messageGapMs = settings.message_gap_ms;
  return result;
}

/** Adds a user config (`{version, user_configs}`) to a base config. */
export function withUserDeviceConfig(base: LocalDeviceConfig, json: unknown): LocalDeviceConfig {
  const userConfigs = obj(obj(json, 'user config').user_configs ?? {}, 'user_configs');
  const protocols = new Map(base.protocols);
  const userBtle = new Map(base.userBtle);
  for (const [name, value] of Object.entries(obj(userConfigs.protocols ?? {}, 'user_configs.protocols'))) {
    const entry = obj(value, `user ${name}`);
    userBtle.set(name, [...(userBtle.get(name) ?? []), ...btleSpecifiers(entry.communication, `user ${name}.communication`)]);
    const existing = protocols.get(name) ?? { btle: [], configurations: new Map<string, DeviceDefinition>() };
    // User configurations are complete definitions: no overlay on the protocol defaults.
    const added = configurations(name, entry.configurations, undefined);
    protocols.set(name, { ...existing, configurations: new Map([...existing.configurations, ...added]) });
  }
  const withProtocols: LocalDeviceConfig = { protocols, userBtle, userDevices: base.userDevices };
  const userDevices = [...base.userDevices];
  for (const [i, item] of arr(userConfigs.devices, 'user_configs.devices').entries()) {
    const entry = obj(item, `user_configs.devices[${i}]`);
    const id = obj(entry.identifier, `user_configs.devices[${i}].identifier`);
    const protocol = String(id.protocol);
    const identifier = String(id.identifier);
    const merged = userDefinition(withProtocols, protocol, identifier, obj(entry.config, `user_configs.devices[${i}].config`));
    // Like the reference, an entry that does not match its base is skipped, not fatal.
    if (merged) userDevices.push({ address: String(id.address), protocol, identifier, definition: merged });
  }
  return { protocols, userBtle, userDevices };
}

function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** Protocols whose BLE specifiers accept this advertised name: user specifiers first. */
export function protocolsForBleName(config: LocalDeviceConfig, name: string): string[] {
  const matches = (specifiers: readonly BtleSpecifier[]) => specifiers.some((s) => s.names.some((p) => nameMatches(p, name)));
  const fromUser = [...config.userBtle].filter(([, specifiers]) => matches(specifiers)).map(([protocol]) => protocol);
  const fromBase = [...config.protocols].filter(([, entry]) => matches(entry.btle)).map(([protocol]) => protocol);
  return [...new Set([...fromUser, ...fromBase])];
}

/** Every endpoint named in the protocol's BLE service maps (base and user). */
export function btleEndpoints(config: LocalDeviceConfig, protocol: string): string[] {
  const specifiers = [...(config.userBtle.get(protocol) ?? []), ...(config.protocols.get(protocol)?.btle ?? [])];
  const endpoints = new Set<string>();
  for (const specifier of specifiers) {
    for (const service of Object.values(specifier.services)) for (const endpoint of Object.keys(service)) endpoints.add(endpoint);
  }
  return [...endpoints];
}

/** The user definition for (address, protocol, identifier), else the base configuration, else the defaults. */
export function resolveDefinition(
  config: LocalDeviceConfig,
  protocol: string,
  identifier: string | undefined,
  address: string,
): DeviceDefinition | undefined {
  const user = config.userDevices.find(
    (entry) => entry.address === address && entry.protocol === protocol && entry.identifier === identifier,
  );
  if (user) return user.definition;
  const entry = config.protocols.get(protocol);
  return (identifier !== undefined ? entry?.configurations.get(identifier) : undefined) ?? entry?.defaults;
}
