/**
 * Per-feature de-duplication (reference server, feature table #20): an output identical to the
 * last one accepted for its feature is answered Ok without sending anything.
 */
import type { HardwareOutput } from '../../protocols/kit/types.ts';

export interface OutputDedup {
  /** True when this output equals the last one accepted for its feature. */
  isRepeat(output: HardwareOutput): boolean;
  /** Records an output as accepted (call only once the protocol encoded it). */
  accept(output: HardwareOutput): void;
}

/** Identity of an output for de-duplication: type, value and duration. */
function sameOutput(a: HardwareOutput, b: HardwareOutput): boolean {
  return a.output === b.output && a.value === b.value && a.duration === b.duration;
}

export function createOutputDedup(): OutputDedup {
  const lastAccepted = new Map<string, HardwareOutput>();
  return {
    isRepeat(output) {
      const last = lastAccepted.get(output.featureId);
      return last !== undefined && sameOutput(last, output);
    },
    accept(output) {
      lastAccepted.set(output.featureId, output);
    },
  };
}
