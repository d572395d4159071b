/** A loaded device configuration: protocol matching, device definitions, indexes and the user file. */
import { randomUUID } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DeviceDefinition } from '../devices/features.ts';
import type { DiscoverySpecifier, ProtocolSpecifier } from '../hardware/types.ts';
import { ConfigError } from './errors.ts';
import { specifierMatches } from './specifiers.ts';
import { baseDefinition, protocolDefinitions, userDeviceKey, type ConfigState } from './state.ts';
import { mergeUserDevice, newUserDeviceConfig } from './user-devices.ts';
import { describeError } from '../errors.ts';

interface ProtocolCandidate {
  readonly protocol: string;
  /** The specifier that matched; BLE takes its services map from here. */
  readonly specifier: ProtocolSpecifier;
}

/**
 * A loaded device config (bundled base plus optional user config), from `loadDeviceConfig`: matches
 * hardware to protocols and device definitions. Pass it to `createServer` as `deviceConfig`.
 */
export class DeviceConfig {
  constructor(
    private readonly state: ConfigState,
    /** Problems that did not stop loading (skipped user device entries, ignored sections). */
    readonly warnings: readonly string[],
  ) {}

  /** Every protocol the config knows: base protocols in file order, then user-only ones. */
  protocolNames(): string[] {
    return [...this.state.protocols.keys()];
  }

  /** A protocol's communication specifiers: user ones first (user file order), then base ones. */
  specifiersOf(protocol: string): ProtocolSpecifier[] {
    const user = (this.state.userSpecifiers.get(protocol) ?? []).map((entry) => entry.specifier);
    return [...user, ...(this.state.protocols.get(protocol)?.specifiers ?? [])];
  }

  /**
   * A protocol's base definitions (no user device entries): its defaults, then one per configuration
   * identifier, user configurations included. Empty for an unknown protocol.
   */
  definitionsOf(protocol: string): DeviceDefinition[] {
    const entry = this.state.protocols.get(protocol);
    return entry ? [...protocolDefinitions(entry)] : [];
  }

  /**
   * Protocols whose specifiers match a discovered device: user specifiers first (user file
   * order), then base ones (file order), each protocol at most once per source with its first
   * matching specifier.
   */
  protocolsFor(found: DiscoverySpecifier): ProtocolCandidate[] {
    const candidates: ProtocolCandidate[] = [];
    for (const [protocol, specifiers] of this.state.userSpecifiers) {
      const match = specifiers.find((entry) => specifierMatches(found, entry.specifier));
      if (match) candidates.push({ protocol, specifier: match.specifier });
    }
    for (const [protocol, entry] of this.state.protocols) {
      const specifier = entry.specifiers.find((candidate) => specifierMatches(found, candidate));
      if (specifier) candidates.push({ protocol, specifier });
    }
    return candidates;
  }

  /** A deny entry for the address refuses it; once any entry allows, only allowed addresses pass. */
  addressAllowed(address: string): boolean {
    const entries = [...this.state.userDevices.values()];
    if (entries.some((entry) => entry.address === address && entry.config.user_config.deny)) return false;
    if (!entries.some((entry) => entry.config.user_config.allow)) return true;
    return entries.some((entry) => entry.address === address && entry.config.user_config.allow);
  }

  /**
   * The definition for a device: its user entry merged onto its base, else the base configuration
   * for the identifier, else the protocol's defaults; undefined for an unknown protocol.
   * Call deviceIndex first so a new device's definition carries its user entry's ids.
   */
  definition(protocol: string, identifier: string | undefined, address: string): DeviceDefinition | undefined {
    const user = this.state.userDevices.get(userDeviceKey(address, protocol, identifier));
    return user?.definition ?? baseDefinition(this.state, protocol, identifier);
  }

  /**
   * The device's index: its user entry's, or for a device seen for the first time the lowest index
   * no user entry holds, recorded as a new user entry so the device keeps it.
   */
  deviceIndex(protocol: string, identifier: string | undefined, address: string): number {
    const key = userDeviceKey(address, protocol, identifier);
    const existing = this.state.userDevices.get(key);
    if (existing) return existing.config.user_config.index;
    const base = baseDefinition(this.state, protocol, identifier);
    if (!base) throw new ConfigError(`No device definition for protocol "${protocol}"`);
    const taken = new Set([...this.state.userDevices.values()].map((entry) => entry.config.user_config.index));
    let index = 0;
    while (taken.has(index)) index++;
    const config = newUserDeviceConfig(base, index);
    const merged = mergeUserDevice(base, config);
    if (!('definition' in merged)) throw new ConfigError(`Cannot record device ${key}: ${merged.problem}`);
    this.state.userDevices.set(key, {
      address,
      protocol,
      ...(identifier !== undefined && { identifier }),
      config,
      definition: merged.definition,
    });
    return index;
  }

  /** The user config (specifiers, configurations, device entries) in the upstream v4 format. */
  userConfigJson(): object {
    const protocols: Record<string, { communication?: unknown[]; configurations?: unknown[] }> = {};
    for (const [name, specifiers] of this.state.userSpecifiers) {
      protocols[name] = { communication: specifiers.map((entry) => structuredClone(entry.raw)) };
    }
    for (const [name, configurations] of this.state.userConfigurations) {
      (protocols[name] ??= {}).configurations = structuredClone(configurations);
    }
    const devices = [...this.state.userDevices.values()].map((entry) => ({
      identifier: {
        protocol: entry.protocol,
        ...(entry.identifier !== undefined && { identifier: entry.identifier }),
        address: entry.address,
      },
      config: structuredClone(entry.config),
    }));
    return { version: { major: 4, minor: 0 }, user_configs: { protocols, devices } };
  }

  /** Writes userConfigJson() to `file` atomically: a temporary file beside it, then a rename. */
  saveUserConfig(file: string): void {
    const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomUUID()}.tmp`);
    try {
      writeFileSync(temporary, JSON.stringify(this.userConfigJson(), null, 2) + '\n');
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      const reason = describeError(error);
      throw new ConfigError(`${file}: cannot save the user config: ${reason}`, { cause: error });
    }
  }
}
