/** What a loaded device config holds: base protocols, user specifiers, configurations and devices. */
import type { DeviceDefinition } from '../devices/features.ts';
import type { ProtocolSpecifier } from '../hardware/types.ts';
import type { RawDefinition, RawSpecifier, RawUserDeviceConfig } from './raw.ts';

export interface ProtocolEntry {
  readonly name: string;
  /** Base `communication`, in file order. */
  readonly specifiers: readonly ProtocolSpecifier[];
  readonly defaults?: DeviceDefinition;
  /** identifier → definition: base configurations, replaced by user configurations of the same identifier. */
  readonly configurations: Map<string, DeviceDefinition>;
}

interface UserSpecifier {
  /** As written in the user file, kept for saving. */
  readonly raw: RawSpecifier;
  readonly specifier: ProtocolSpecifier;
}

interface UserDeviceEntry {
  readonly address: string;
  readonly protocol: string;
  readonly identifier?: string;
  /** As written in (or created for) the user file, kept for saving. */
  readonly config: RawUserDeviceConfig;
  /** The entry merged onto its base. */
  readonly definition: DeviceDefinition;
}

export interface ConfigState {
  /** Base protocols in file order, then protocols only the user file names. */
  readonly protocols: Map<string, ProtocolEntry>;
  /** In user file order; tried before the base specifiers. */
  readonly userSpecifiers: Map<string, UserSpecifier[]>;
  /** User `configurations` as written, kept for saving. */
  readonly userConfigurations: Map<string, RawDefinition[]>;
  readonly userDevices: Map<string, UserDeviceEntry>;
}

export function emptyState(): ConfigState {
  return { protocols: new Map(), userSpecifiers: new Map(), userConfigurations: new Map(), userDevices: new Map() };
}

export function userDeviceKey(address: string, protocol: string, identifier: string | undefined): string {
  return JSON.stringify([address, protocol, identifier ?? null]);
}

/**
 * The base definition for (protocol, identifier): the configuration of that identifier (exact,
 * else the first whose identifier differs only in case, as BLE names do), else the defaults.
 */
export function baseDefinition(state: ConfigState, protocol: string, identifier: string | undefined): DeviceDefinition | undefined {
  const entry = state.protocols.get(protocol);
  if (!entry) return undefined;
  if (identifier !== undefined) {
    const exact = entry.configurations.get(identifier);
    if (exact) return exact;
    const folded = identifier.toLowerCase();
    for (const [candidate, definition] of entry.configurations) {
      if (candidate.toLowerCase() === folded) return definition;
    }
  }
  return entry.defaults;
}

/** Every base definition of a protocol (defaults first), for finding one by id. */
export function* protocolDefinitions(entry: ProtocolEntry): Generator<DeviceDefinition> {
  if (entry.defaults) yield entry.defaults;
  yield* entry.configurations.values();
}
