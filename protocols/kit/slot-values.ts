/**
 * The current value of every motor of a whole-device packet: protocols whose one packet carries
 * all motors' speeds keep them here, and each command updates its own motor's slot. Slots are the
 * features with one of the given outputs, in index order.
 */
import type { DeviceDefinition, FeatureDefinition, OutputType } from '../../src/devices/features.ts';
import { deviceError } from '../../src/errors.ts';
import type { HardwareOutput } from './types.ts';
import { unsupportedOutput } from './values.ts';

function carriesOutput(feature: FeatureDefinition, outputs: readonly OutputType[]): boolean {
  return outputs.some((output) => feature.outputs[output] !== undefined);
}

/** Feature index → slot number: the features with one of the outputs, in index order. */
export function slotMap(definition: DeviceDefinition, outputs: readonly OutputType[]): Map<number, number> {
  const slots = new Map<number, number>();
  for (const feature of definition.features) {
    if (carriesOutput(feature, outputs)) slots.set(feature.index, slots.size);
  }
  return slots;
}

export interface SlotValues {
  /** Stores the command's value in its feature's slot; returns every slot's value (unused slots 0). */
  update(command: HardwareOutput): readonly number[];
}

/** `slots` fixes the packet's number of slots (default: one per feature with a listed output). */
export function createSlotValues(
  protocol: string,
  definition: DeviceDefinition,
  outputs: readonly OutputType[],
  slots?: number,
): SlotValues {
  const slotOf = slotMap(definition, outputs);
  const values = new Array<number>(slots ?? slotOf.size).fill(0);
  return {
    update(command) {
      if (!outputs.includes(command.output)) throw unsupportedOutput(protocol, command);
      const slot = slotOf.get(command.featureIndex);
      if (slot === undefined || slot >= values.length) {
        throw deviceError(`${protocol}: feature ${command.featureIndex} has no place in the device packet`);
      }
      values[slot] = command.value;
      return [...values];
    },
  };
}
