/**
 * Turns a recorded case's legacy client commands into hardware outputs the way the reference v4
 * test runner does (reference-server.md §6.3 item 6): pick the feature, convert the fraction to
 * steps client-side (ceil, or floor at ≤ 1e-6), then map the steps onto the hardware range.
 */
import { OUTPUT_TYPES, type DeviceDefinition, type FeatureDefinition, type OutputSpec, type OutputType } from '../../src/devices/features.ts';
import { advertisedRange, isPositionOutput, stepCount, toHardwareValue } from '../../src/devices/ranges.ts';
import type { HardwareOutput } from '../../protocols/kit/types.ts';
import type { ClientCommand } from '../support/recorded-case.ts';

/** The client library's fraction → step conversion. */
export function fractionToSteps(fraction: number, steps: number): number {
  if (fraction < -1 || fraction > 1) throw new Error(`fraction ${fraction} is outside [-1, 1]`);
  const value = fraction * steps;
  return value > 0.000001 ? Math.ceil(value) : Math.floor(value);
}

function nthFeatureWith(definition: DeviceDefinition, n: number, test: (feature: FeatureDefinition) => boolean, what: string) {
  const feature = definition.features.filter(test)[n];
  if (!feature) throw new Error(`${definition.name}: no ${what} feature #${n}`);
  return feature;
}

/** A client step on one feature output → the hardware output the protocol receives. */
export function hardwareOutput(
  definition: DeviceDefinition,
  feature: FeatureDefinition,
  output: OutputType,
  clientSteps: number,
  duration?: number,
): HardwareOutput {
  const spec: OutputSpec | undefined = feature.outputs[output];
  if (!spec || spec.disabled) throw new Error(`${definition.name}: feature ${feature.index} has no usable ${output} output`);
  const [min, max] = advertisedRange(spec);
  if (clientSteps < min || clientSteps > max) {
    throw new Error(`${definition.name}: ${output} value ${clientSteps} is outside [${min}, ${max}] on feature ${feature.index}`);
  }
  const command: { -readonly [K in keyof HardwareOutput]: HardwareOutput[K] } = {
    featureIndex: feature.index,
    featureId: feature.id,
    output,
    value: toHardwareValue(spec, output, clientSteps),
  };
  if (duration !== undefined) command.duration = duration;
  return command;
}

function stepsOf(feature: FeatureDefinition, output: OutputType): number {
  const spec = feature.outputs[output];
  if (!spec) throw new Error(`feature ${feature.index} has no ${output} output`);
  return stepCount(spec);
}

/** Scalar targets: vibrate, oscillate, constrict, or a rotate that cannot go negative. */
function isScalarFeature(feature: FeatureDefinition): boolean {
  const { outputs } = feature;
  return (
    outputs.Vibrate !== undefined ||
    outputs.Oscillate !== undefined ||
    outputs.Constrict !== undefined ||
    (outputs.Rotate !== undefined && outputs.Rotate.value[0] >= 0)
  );
}

/** The outputs one client output command produces, in subcommand order. */
export function outputsForClientCommand(definition: DeviceDefinition, command: ClientCommand): HardwareOutput[] {
  switch (command.kind) {
    case 'vibrate':
      return command.speeds.map(({ index, speed }) => {
        const feature = nthFeatureWith(definition, index, (f) => f.outputs.Vibrate !== undefined, 'Vibrate');
        return hardwareOutput(definition, feature, 'Vibrate', fractionToSteps(speed, stepsOf(feature, 'Vibrate')));
      });
    case 'rotate':
      return command.rotations.map(({ index, speed, clockwise }) => {
        const feature = nthFeatureWith(definition, index, (f) => f.outputs.Rotate !== undefined, 'Rotate');
        const signed = clockwise ? speed : -speed;
        return hardwareOutput(definition, feature, 'Rotate', fractionToSteps(signed, stepsOf(feature, 'Rotate')));
      });
    case 'linear':
      return command.vectors.map(({ index, position, durationMs }) => {
        // The v4 runner addresses the feature by its index, not as the n-th linear feature.
        const feature = definition.features.find((f) => f.index === index);
        if (!feature) throw new Error(`${definition.name}: no feature with index ${index}`);
        const output = 'HwPositionWithDuration';
        return hardwareOutput(definition, feature, output, fractionToSteps(position, stepsOf(feature, output)), durationMs);
      });
    case 'scalar':
      return command.scalars.map(({ index, scalar, actuatorType }) => {
        const feature = nthFeatureWith(definition, index, isScalarFeature, 'scalar');
        return hardwareOutput(definition, feature, actuatorType, fractionToSteps(scalar, stepsOf(feature, actuatorType)));
      });
    default:
      throw new Error(`${command.kind} is not an output command`);
  }
}

/** One value-0 output per feature: its first output, in OUTPUT_TYPES order (§3.9), that is not a position. */
export function stopOutputs(definition: DeviceDefinition): HardwareOutput[] {
  return definition.features.flatMap((feature) => {
    const output = OUTPUT_TYPES.find((type) => {
      const spec = feature.outputs[type];
      return spec !== undefined && !spec.disabled && !isPositionOutput(type);
    });
    return output ? [hardwareOutput(definition, feature, output, 0)] : [];
  });
}
