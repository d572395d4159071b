/**
 * The device config file shapes (upstream v4 JSON) after schema validation. Only what the loader
 * reads is typed; the schema leaves some parts open, so those are checked where they are used.
 */

type RawRange = [number, number];

export interface RawOutputProperties {
  readonly value?: RawRange;
  readonly duration?: RawRange;
  readonly disabled?: boolean;
  readonly reverse?: boolean;
}

export interface RawInputProperties {
  readonly value: readonly RawRange[];
  readonly command: readonly string[];
}

export interface RawFeature {
  readonly index: number;
  readonly id: string;
  readonly description?: string;
  readonly output?: Readonly<Record<string, RawOutputProperties>>;
  readonly input?: Readonly<Record<string, RawInputProperties>>;
}

/** A protocol's `defaults` or one of its `configurations`. */
export interface RawDefinition {
  readonly identifier?: readonly string[];
  readonly name: string;
  readonly id: string;
  readonly protocol_variant?: string;
  readonly message_gap_ms?: number;
  readonly features?: readonly RawFeature[];
}

/** One `communication` entry: a single key naming the bus. */
export type RawSpecifier = Readonly<Record<string, unknown>>;

export interface RawProtocol {
  readonly communication?: readonly RawSpecifier[];
  readonly defaults?: RawDefinition;
  readonly configurations?: readonly RawDefinition[];
}

export interface RawUserFeature {
  readonly id: string;
  readonly base_id: string;
  readonly description?: string;
  readonly output?: Readonly<Record<string, RawOutputProperties>>;
}

interface RawUserCustomization {
  readonly allow: boolean;
  readonly deny: boolean;
  readonly index: number;
  readonly display_name?: string;
  readonly message_gap_ms?: number;
}

export interface RawUserDeviceConfig {
  readonly name?: string;
  readonly id: string;
  readonly base_id: string;
  readonly features: readonly RawUserFeature[];
  readonly user_config: RawUserCustomization;
}

interface RawUserDeviceIdentifier {
  readonly address: string;
  readonly protocol: string;
  readonly identifier?: string;
}

export interface RawUserDevice {
  readonly identifier: RawUserDeviceIdentifier;
  readonly config: RawUserDeviceConfig;
}

export interface RawConfigFile {
  readonly version: { readonly major?: number; readonly minor?: number };
  readonly protocols?: Readonly<Record<string, RawProtocol>>;
  readonly user_configs?: {
    readonly protocols?: Readonly<Record<string, RawProtocol & { readonly devices?: unknown }>>;
    readonly devices?: readonly unknown[];
  };
}

/** A JSON pointer (RFC 6901) from path segments, as schema errors report locations. */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
