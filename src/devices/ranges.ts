/**
 * Step ranges: what a client is shown for an output, and how a client step maps onto the
 * hardware range (user range, reverse). Rules from the reference's RangeWithLimit.
 */
import type { OutputSpec, OutputType, Range } from './features.ts';

/** The hardware range the device really uses: the user range if set, else [0, configMax]. */
export function hardwareRange(spec: OutputSpec): Range {
  return spec.userRange ?? [0, spec.value[1]];
}

/** N, the number of steps a client sees. */
export function stepCount(spec: OutputSpec): number {
  const [start, end] = hardwareRange(spec);
  return end - start;
}

/** The advertised Value range: [-N, N] when the config range is signed, else [0, N]. */
export function advertisedRange(spec: OutputSpec): Range {
  const n = stepCount(spec);
  return spec.value[0] < 0 ? [-n, n] : [0, n];
}

export function isPositionOutput(output: OutputType): boolean {
  return output === 'Position' || output === 'HwPositionWithDuration';
}

/**
 * Client step → hardware step. Value outputs: 0 is always off, otherwise sign(v)·(start+|v|).
 * Position: start+v, or end−v when reversed. HwPositionWithDuration: like Position but 0 stays 0.
 * The caller has already checked v against advertisedRange.
 */
export function toHardwareValue(spec: OutputSpec, output: OutputType, value: number): number {
  const [start, end] = hardwareRange(spec);
  if (!isPositionOutput(output)) {
    if (value === 0) return 0;
    return Math.sign(value) * (start + Math.abs(value));
  }
  if (output === 'HwPositionWithDuration' && value === 0) return 0;
  return spec.reverse ? end - value : start + value;
}
