/**
 * The server's internal device model (v4-shaped). Every wire version's device description and
 * every legacy command is derived from these types.
 */

export const OUTPUT_TYPES = [
  'Vibrate',
  'Rotate',
  'Oscillate',
  'Constrict',
  'Temperature',
  'Led',
  'Position',
  'HwPositionWithDuration',
  'Spray',
] as const;
/**
 * An output a feature can have: `'Vibrate'`, `'Rotate'`, `'Oscillate'`, `'Constrict'`,
 * `'Position'`, …
 */
export type OutputType = (typeof OUTPUT_TYPES)[number];

export const INPUT_TYPES = ['Battery', 'Rssi', 'Pressure', 'Button', 'Depth', 'Position'] as const;
/**
 * An input a feature can have: `'Battery'`, `'Rssi'`, `'Pressure'`, `'Button'`, `'Depth'`,
 * `'Position'`.
 */
export type InputType = (typeof INPUT_TYPES)[number];

export const INPUT_COMMANDS = ['Read', 'Subscribe', 'Unsubscribe'] as const;
export type InputCommand = (typeof INPUT_COMMANDS)[number];

export type Range = readonly [number, number];

export interface OutputSpec {
  /** Hardware range from the device config, e.g. [0, 20] or [-20, 20]. */
  readonly value: Range;
  /** HwPositionWithDuration only: duration range in ms. */
  readonly duration?: Range;
  /** User-narrowed hardware range inside [0, max(value)]; the client then sees max - min steps. */
  readonly userRange?: Range;
  /** Hidden from clients and refused when commanded. */
  readonly disabled?: boolean;
  /** Position types only: v maps to end - v. */
  readonly reverse?: boolean;
}

export interface InputSpec {
  readonly value: readonly Range[];
  readonly commands: readonly InputCommand[];
}

/**
 * One feature of a device definition: its index, id, and the outputs and inputs it has with their
 * step ranges.
 */
export interface FeatureDefinition {
  /** The config's `index`; the v4 FeatureIndex. */
  readonly index: number;
  /** The config's feature UUID; also the coalescing key of per-feature packets. */
  readonly id: string;
  readonly description: string;
  readonly outputs: Partial<Record<OutputType, OutputSpec>>;
  readonly inputs: Partial<Record<InputType, InputSpec>>;
}

/** A fully merged device definition (base config + configuration + user overrides). */
export interface DeviceDefinition {
  readonly protocol: string;
  /** The identifier that selected the configuration (e.g. Lovense type letter), if any. */
  readonly identifier?: string;
  readonly name: string;
  readonly id: string;
  readonly displayName?: string;
  readonly protocolVariant?: string;
  readonly messageGapMs?: number;
  /** Ascending by `index`. */
  readonly features: readonly FeatureDefinition[];
}

/** What sessions know of a connected device. */
export interface DeviceInfo {
  readonly index: number;
  readonly name: string;
  readonly displayName?: string;
  /** Reported as DeviceMessageTimingGap (v3, v4). */
  readonly messageTimingGap: number;
  /** Ascending by `index`. */
  readonly features: readonly FeatureDefinition[];
  /**
   * Endpoints spec v2/v3 clients may use with Raw*Cmd. Set only when the server runs with
   * `allowRaw`; absent means raw messages are off for this device.
   */
  readonly rawEndpoints?: readonly string[];
}
