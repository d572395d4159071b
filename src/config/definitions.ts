/** Base device definitions: a protocol's defaults and configurations as the contract's DeviceDefinition. */
import {
  INPUT_COMMANDS,
  type DeviceDefinition,
  type FeatureDefinition,
  type InputCommand,
  type InputSpec,
  type InputType,
  type OutputSpec,
  type OutputType,
  type Range,
} from '../devices/features.ts';
import { ConfigError } from './errors.ts';
import type { RawDefinition, RawFeature, RawInputProperties, RawOutputProperties } from './raw.ts';

/** Config output keys → the contract's output names. */
export const OUTPUT_KEYS: Readonly<Record<string, OutputType>> = {
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

/** Config input keys → the contract's input names. */
const INPUT_KEYS: Readonly<Record<string, InputType>> = {
  battery: 'Battery',
  rssi: 'Rssi',
  pressure: 'Pressure',
  button: 'Button',
  depth: 'Depth',
  position: 'Position',
};

function isRange(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every(Number.isInteger) && value[0] <= value[1];
}

function checkedRange(value: unknown, where: string): Range {
  if (!isRange(value)) throw new ConfigError(`${where} must be a range [low, high] of integers with low <= high`);
  return [value[0], value[1]];
}

function outputSpec(key: string, raw: RawOutputProperties, where: string): OutputSpec {
  const value = checkedRange(raw.value, `${where}/value`);
  if (key !== 'hw_position_with_duration') return { value };
  return { value, duration: checkedRange(raw.duration, `${where}/duration`) };
}

function inputSpec(raw: RawInputProperties, where: string): InputSpec {
  // The schema checks only some input types' shapes, so the rest are checked here.
  if (typeof raw !== 'object' || raw === null) throw new ConfigError(`${where} must be an object`);
  if (!Array.isArray(raw.value) || raw.value.length === 0) {
    throw new ConfigError(`${where}/value must be a non-empty list of ranges`);
  }
  const value = raw.value.map((range, i) => checkedRange(range, `${where}/value/${i}`));
  if (!Array.isArray(raw.command)) throw new ConfigError(`${where}/command must be a list`);
  const commands = raw.command.map((command, i) => {
    if (!(INPUT_COMMANDS as readonly string[]).includes(command)) {
      throw new ConfigError(`${where}/command/${i} must be one of ${INPUT_COMMANDS.join(', ')}`);
    }
    return command as InputCommand;
  });
  return { value, commands };
}

function feature(raw: RawFeature, where: string): FeatureDefinition {
  const outputs: Partial<Record<OutputType, OutputSpec>> = {};
  for (const [key, properties] of Object.entries(raw.output ?? {})) {
    const type = OUTPUT_KEYS[key];
    if (!type) throw new ConfigError(`${where}/output/${key} is not an output type`);
    outputs[type] = outputSpec(key, properties, `${where}/output/${key}`);
  }
  const inputs: Partial<Record<InputType, InputSpec>> = {};
  for (const [key, properties] of Object.entries(raw.input ?? {})) {
    const type = INPUT_KEYS[key];
    if (!type) throw new ConfigError(`${where}/input/${key} is not an input type`);
    inputs[type] = inputSpec(properties, `${where}/input/${key}`);
  }
  if (!Number.isInteger(raw.index)) throw new ConfigError(`${where}/index must be an integer`);
  return { index: raw.index, id: raw.id, description: raw.description ?? '', outputs, inputs };
}

/** Features ascending by index; a repeated index is a config fault. */
function buildFeatures(raw: readonly RawFeature[], where: string): FeatureDefinition[] {
  const features = raw.map((entry, i) => feature(entry, `${where}/${i}`));
  features.sort((a, b) => a.index - b.index);
  for (let i = 1; i < features.length; i++) {
    if (features[i].index === features[i - 1].index) {
      throw new ConfigError(`${where} has two features with index ${features[i].index}`);
    }
  }
  return features;
}

function messageGap(raw: RawDefinition, where: string): number | undefined {
  const gap = raw.message_gap_ms;
  if (gap === undefined) return undefined;
  if (!Number.isInteger(gap) || gap < 0) throw new ConfigError(`${where}/message_gap_ms must be a non-negative integer`);
  return gap;
}

/** A protocol's `defaults` as a definition. */
export function defaultsDefinition(protocol: string, raw: RawDefinition, where: string): DeviceDefinition {
  return {
    protocol,
    name: raw.name,
    id: raw.id,
    ...(raw.protocol_variant !== undefined && { protocolVariant: raw.protocol_variant }),
    ...optionalGap(messageGap(raw, where)),
    features: buildFeatures(raw.features ?? [], `${where}/features`),
  };
}

/**
 * A configuration as one definition per identifier (sharing one feature list). With `defaults`
 * (base file) its absent protocol_variant, message_gap_ms and features come from them (features as
 * a whole); without (user file) nothing is inherited.
 */
export function configurationDefinitions(
  protocol: string,
  raw: RawDefinition,
  where: string,
  defaults?: DeviceDefinition,
): DeviceDefinition[] {
  const protocolVariant = raw.protocol_variant ?? defaults?.protocolVariant;
  const shared: Omit<DeviceDefinition, 'identifier'> = {
    protocol,
    name: raw.name,
    id: raw.id,
    ...(protocolVariant !== undefined && { protocolVariant }),
    ...optionalGap(messageGap(raw, where) ?? defaults?.messageGapMs),
    features: raw.features ? buildFeatures(raw.features, `${where}/features`) : (defaults?.features ?? []),
  };
  return (raw.identifier ?? []).map((identifier) => ({ ...shared, identifier }));
}

function optionalGap(messageGapMs: number | undefined): { messageGapMs?: number } {
  return messageGapMs === undefined ? {} : { messageGapMs };
}
