/** Loading the base and user device config files into a DeviceConfig. */
import { readFileSync } from 'node:fs';
import { configurationDefinitions, defaultsDefinition } from './definitions.ts';
import { DeviceConfig } from './device-config.ts';
import { ConfigError } from './errors.ts';
import { parseJsonText } from './json-text.ts';
import { pointer, type RawConfigFile, type RawDefinition, type RawUserDevice } from './raw.ts';
import { checkConfigFile, checkUserConfigurations } from './schema.ts';
import { toProtocolSpecifier } from './specifiers.ts';
import { emptyState, protocolDefinitions, userDeviceKey, type ConfigState, type ProtocolEntry } from './state.ts';
import { mergeUserDevice } from './user-devices.ts';
import { describeError } from '../errors.ts';
import { packageFile } from '../package-files.ts';
import type { Logger } from '../log/logger.ts';

export { DeviceConfig } from './device-config.ts';
export { ConfigError } from './errors.ts';

export interface LoadDeviceConfigOptions {
  /** Replaces the bundled base config. */
  readonly baseFile?: string;
  readonly baseJson?: string;
  readonly userFile?: string;
  readonly userJson?: string;
  /** Told each warning as it is found (they are also in `config.warnings`). */
  readonly log?: Pick<Logger, 'warn'>;
}

const BUNDLED_BASE = packageFile('protocols', 'config', 'buttplug-device-config-v4.json');
const SUPPORTED_MAJOR_VERSION = 4;

interface LoadedFile {
  readonly json: RawConfigFile;
  readonly label: string;
  /** Schema faults inside single user device entries, by entry position. */
  readonly entryFaults: Map<number, string>;
}

/**
 * Loads the base config (bundled unless replaced) and an optional user config. A file that cannot
 * be used throws a ConfigError naming it and the JSON path of the fault; a user device entry that
 * is invalid or matches nothing is skipped with a warning.
 */
export function loadDeviceConfig(options: LoadDeviceConfigOptions = {}): DeviceConfig {
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.log?.warn(message);
  };
  const state = emptyState();

  const base = readConfig('base', options.baseFile, options.baseJson) ?? readBundledBase();
  const [firstFault] = base.entryFaults.values();
  if (firstFault !== undefined) throw new ConfigError(`${base.label}: ${firstFault}`);
  if (base.json.user_configs !== undefined) warn(`${base.label}: /user_configs is ignored in a base config`);
  addBaseProtocols(state, base);

  const user = readConfig('user', options.userFile, options.userJson);
  if (user) addUserConfig(state, user, warn);

  return new DeviceConfig(state, warnings);
}

/**
 * The bundled base is shipped with plugstate and checked against the schema by its tests
 * (test/config/load.test.ts), so a start does not check it again.
 */
function readBundledBase(): LoadedFile {
  return parseConfig(readText(BUNDLED_BASE), `bundled ${BUNDLED_BASE}`, { checked: true });
}

function readConfig(kind: 'base' | 'user', file: string | undefined, json: string | undefined): LoadedFile | undefined {
  if (file !== undefined && json !== undefined) {
    throw new ConfigError(`Give either the ${kind} config file or its JSON, not both`);
  }
  if (file !== undefined) return parseConfig(readText(file), file);
  if (json !== undefined) return parseConfig(json, `${kind} config JSON`);
  return undefined;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = describeError(error);
    throw new ConfigError(`${file}: cannot read the device config: ${reason}`, { cause: error });
  }
}

function parseConfig(text: string, label: string, { checked = false } = {}): LoadedFile {
  const json = parseJsonText(text, label);
  // The version is checked before the schema: a file of another major version fails the schema
  // for reasons that would hide the real one.
  const major = (json as { version?: { major?: unknown } } | null)?.version?.major;
  if (typeof major === 'number' && major !== SUPPORTED_MAJOR_VERSION) {
    throw new ConfigError(`${label}: /version/major is ${major}, but only version ${SUPPORTED_MAJOR_VERSION} configs can be loaded`);
  }
  const entryFaults = checked ? new Map<number, string>() : checkConfigFile(json, label);
  if (major === undefined) throw new ConfigError(`${label}: /version must have required property 'major'`);
  return { json: json as RawConfigFile, label, entryFaults };
}

function addBaseProtocols(state: ConfigState, { json, label }: LoadedFile): void {
  for (const [name, protocol] of Object.entries(json.protocols ?? {})) {
    const where = `${label}: ${pointer('protocols', name)}`;
    const specifiers = (protocol.communication ?? []).map((raw, i) => toProtocolSpecifier(raw, `${where}/communication/${i}`));
    const defaults = protocol.defaults ? defaultsDefinition(name, protocol.defaults, `${where}/defaults`) : undefined;
    const entry: ProtocolEntry = { name, specifiers, ...(defaults && { defaults }), configurations: new Map() };
    for (const [i, configuration] of (protocol.configurations ?? []).entries()) {
      for (const definition of configurationDefinitions(name, configuration, `${where}/configurations/${i}`, defaults)) {
        entry.configurations.set(definition.identifier!, definition);
      }
    }
    state.protocols.set(name, entry);
  }
}

function addUserConfig(state: ConfigState, file: LoadedFile, warn: (message: string) => void): void {
  const { json, label } = file;
  if (json.protocols !== undefined) warn(`${label}: /protocols is ignored in a user config (use /user_configs/protocols)`);
  for (const [name, protocol] of Object.entries(json.user_configs?.protocols ?? {})) {
    const at = (...path: string[]) => pointer('user_configs', 'protocols', name, ...path);
    if (protocol.defaults !== undefined) throw new ConfigError(`${label}: ${at('defaults')} is not allowed in a user config`);
    if (protocol.devices !== undefined) {
      warn(`${label}: ${at('devices')} is ignored; user configurations belong in ${at('configurations')}`);
    }
    if (protocol.configurations !== undefined) {
      checkUserConfigurations(protocol.configurations, name, label);
      addUserConfigurations(state, name, protocol.configurations, `${label}: ${at('configurations')}`);
    }
    if (protocol.communication !== undefined) {
      const specifiers = protocol.communication.map((raw, i) => ({
        raw: structuredClone(raw),
        specifier: toProtocolSpecifier(raw, `${label}: ${at('communication', String(i))}`),
      }));
      state.userSpecifiers.set(name, [...(state.userSpecifiers.get(name) ?? []), ...specifiers]);
      if (!state.protocols.has(name)) {
        warn(`${label}: ${at('communication')} names protocol "${name}", which has no device definitions`);
      }
    }
  }
  for (const [position, entry] of (json.user_configs?.devices ?? []).entries()) {
    addUserDevice(state, entry, position, file, warn);
  }
}

/** User configurations become base definitions of their own, not merged with the protocol's defaults. */
function addUserConfigurations(state: ConfigState, protocol: string, configurations: readonly RawDefinition[], where: string): void {
  let entry = state.protocols.get(protocol);
  if (!entry) {
    entry = { name: protocol, specifiers: [], configurations: new Map() };
    state.protocols.set(protocol, entry);
  }
  for (const [i, configuration] of configurations.entries()) {
    for (const definition of configurationDefinitions(protocol, configuration, `${where}/${i}`)) {
      entry.configurations.set(definition.identifier!, definition);
    }
  }
  state.userConfigurations.set(protocol, [...(state.userConfigurations.get(protocol) ?? []), ...structuredClone(configurations)]);
}

/** "user device entry 2 (protocol "lovense", identifier "F", address "AA:BB")", as far as the entry allows. */
function describeEntry(entry: unknown, position: number): string {
  const identifier = (entry as { identifier?: Record<string, unknown> } | null)?.identifier;
  const parts = ['protocol', 'identifier', 'address']
    .filter((key) => typeof identifier?.[key] === 'string')
    .map((key) => `${key} ${JSON.stringify(identifier![key])}`);
  return `user device entry ${position}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function addUserDevice(state: ConfigState, raw: unknown, position: number, file: LoadedFile, warn: (message: string) => void): void {
  const skip = (reason: string) => warn(`${file.label}: skipped ${describeEntry(raw, position)}: ${reason}`);
  const fault = file.entryFaults.get(position);
  if (fault !== undefined) return skip(fault);
  const { identifier, config } = raw as RawUserDevice;

  const protocol = state.protocols.get(identifier.protocol);
  const base = protocol && [...protocolDefinitions(protocol)].sort(preferIdentifier(identifier.identifier)).find((d) => d.id === config.base_id);
  if (!base) {
    const owner = [...state.protocols.values()].find((entry) => [...protocolDefinitions(entry)].some((d) => d.id === config.base_id));
    return skip(
      owner
        ? `base_id ${config.base_id} belongs to protocol "${owner.name}", not "${identifier.protocol}"`
        : `base_id ${config.base_id} matches no device definition`,
    );
  }
  const merged = mergeUserDevice(base, config);
  if ('problem' in merged) return skip(merged.problem);

  const key = userDeviceKey(identifier.address, identifier.protocol, identifier.identifier);
  if (state.userDevices.has(key)) warn(`${file.label}: ${describeEntry(raw, position)} replaces an earlier entry for the same device`);
  state.userDevices.set(key, {
    address: identifier.address,
    protocol: identifier.protocol,
    ...(identifier.identifier !== undefined && { identifier: identifier.identifier }),
    config: structuredClone(config),
    definition: merged.definition,
  });
}

/** Sort order putting the definition of the entry's own identifier first (configurations share ids across identifiers). */
function preferIdentifier(identifier: string | undefined) {
  return (a: { identifier?: string }, b: { identifier?: string }) =>
    Number(b.identifier === identifier) - Number(a.identifier === identifier);
}
