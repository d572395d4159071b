/**
 * Which output stops a feature (reference server §3.9): value 0 for the first output type, in
 * OUTPUT_TYPES order, that is not a position type. Features with only position outputs get none.
 */
import type { HardwareOutput } from '../../protocols/kit/types.ts';
import { OUTPUT_TYPES, type FeatureDefinition } from '../devices/features.ts';
import { isPositionOutput } from '../devices/ranges.ts';

/** The stop output of one feature, or undefined when it has nothing to stop. */
export function stopOutput(feature: FeatureDefinition): HardwareOutput | undefined {
  // Disabled outputs are never commanded, so they are already off.
  const output = OUTPUT_TYPES.find(
    (type) => !isPositionOutput(type) && feature.outputs[type] !== undefined && !feature.outputs[type]?.disabled,
  );
  if (output === undefined) return undefined;
  return { featureIndex: feature.index, featureId: feature.id, output, value: 0 };
}
