/** User device entries: merging one onto its base definition, and creating one for a new device. */
import { randomUUID } from 'node:crypto';
import type { DeviceDefinition, FeatureDefinition, OutputSpec, OutputType, Range } from '../devices/features.ts';
import { OUTPUT_KEYS } from './definitions.ts';
import type { RawOutputProperties, RawUserDeviceConfig, RawUserFeature } from './raw.ts';

type MergeResult = { readonly definition: DeviceDefinition } | { readonly problem: string };

const POSITION_TYPES: readonly OutputType[] = ['Position', 'HwPositionWithDuration'];

/** A user range must lie inside [0, base max]; the base's negative half (rotate) stays symmetric. */
function userRangeProblem(user: Range, base: Range, what: string): string | undefined {
  const [low, high] = user;
  if (low > high) return `${what} [${low}, ${high}] is empty`;
  if (low < 0 || high > base[1]) return `${what} [${low}, ${high}] lies outside [0, ${base[1]}]`;
  return undefined;
}

function mergeOutput(type: OutputType, base: OutputSpec, user: RawOutputProperties, where: string): OutputSpec | string {
  let merged: OutputSpec = base;
  if (user.value !== undefined) {
    const problem = userRangeProblem(user.value, base.value, `${where} range`);
    if (problem) return problem;
    merged = { ...merged, userRange: [user.value[0], user.value[1]] };
  }
  if (user.duration !== undefined && base.duration !== undefined) {
    // Checked so a bad file is reported, but the contract has no place for a narrowed duration.
    const problem = userRangeProblem(user.duration, base.duration, `${where} duration`);
    if (problem) return problem;
  }
  if (user.disabled === true) merged = { ...merged, disabled: true };
  if (user.reverse === true && POSITION_TYPES.includes(type)) merged = { ...merged, reverse: true };
  return merged;
}

function mergeFeature(base: FeatureDefinition, user: RawUserFeature, where: string): FeatureDefinition | string {
  const outputs: Partial<Record<OutputType, OutputSpec>> = { ...base.outputs };
  for (const [key, properties] of Object.entries(user.output ?? {})) {
    const type = OUTPUT_KEYS[key];
    if (!type) return `${where} names an unknown output type "${key}"`;
    const baseSpec = base.outputs[type];
    if (!baseSpec) continue; // the base feature has no such output: nothing to narrow
    const merged = mergeOutput(type, baseSpec, properties, `${where} ${key}`);
    if (typeof merged === 'string') return merged;
    outputs[type] = merged;
  }
  return { index: base.index, id: user.id, description: base.description, outputs, inputs: base.inputs };
}

/** The user's overrides applied to `base`, or why the entry cannot be used. */
export function mergeUserDevice(base: DeviceDefinition, config: RawUserDeviceConfig): MergeResult {
  const settings = config.user_config;
  if (settings.index < 0) return { problem: `index ${settings.index} is negative` };
  if (settings.message_gap_ms !== undefined && settings.message_gap_ms < 0) {
    return { problem: `message_gap_ms ${settings.message_gap_ms} is negative` };
  }
  if (config.features.length !== base.features.length) {
    return {
      problem: `it lists ${config.features.length} features but its base "${base.name}" (${base.id}) has ${base.features.length}`,
    };
  }
  // Each base feature is claimed once. Upstream data has a definition whose features share an id,
  // so a repeated base_id claims the next base feature with that id.
  const unclaimed = [...base.features];
  const features: FeatureDefinition[] = [];
  for (const [i, userFeature] of config.features.entries()) {
    const at = unclaimed.findIndex((f) => f.id === userFeature.base_id);
    if (at < 0) {
      const known = base.features.some((f) => f.id === userFeature.base_id);
      return {
        problem: known
          ? `feature ${i} base_id ${userFeature.base_id} is used more often than "${base.name}" has it`
          : `feature ${i} base_id ${userFeature.base_id} is not a feature of "${base.name}"`,
      };
    }
    const [baseFeature] = unclaimed.splice(at, 1);
    const merged = mergeFeature(baseFeature, userFeature, `feature ${i}`);
    if (typeof merged === 'string') return { problem: merged };
    features.push(merged);
  }
  features.sort((a, b) => a.index - b.index);
  const messageGapMs = settings.message_gap_ms ?? base.messageGapMs;
  const displayName = settings.display_name ? settings.display_name : undefined;
  return {
    definition: {
      protocol: base.protocol,
      ...(base.identifier !== undefined && { identifier: base.identifier }),
      name: base.name,
      id: config.id,
      ...(displayName !== undefined && { displayName }),
      ...(base.protocolVariant !== undefined && { protocolVariant: base.protocolVariant }),
      ...(messageGapMs !== undefined && { messageGapMs }),
      features,
    },
  };
}

/** A fresh user entry for a device seen for the first time: new ids, linked to its base by base_id. */
export function newUserDeviceConfig(base: DeviceDefinition, index: number): RawUserDeviceConfig {
  return {
    id: randomUUID(),
    base_id: base.id,
    features: base.features.map((feature) => ({ id: randomUUID(), base_id: feature.id })),
    user_config: { allow: false, deny: false, index },
  };
}
