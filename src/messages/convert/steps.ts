/**
 * Float (0.0–1.0) → integer step rounding used by every v0–v3 command (protocol §5.3).
 * The products are computed in doubles on purpose: a compatible server must reproduce the
 * reference's artefacts (N=100, f=0.07 → 8).
 */

/** Below this a value output counts as off. */
const NEAR_ZERO = 0.000001;

/** True for a finite number in [0, 1]. */
export function isUnitInterval(f: number): boolean {
  return typeof f === 'number' && Number.isFinite(f) && f >= 0 && f <= 1;
}

/** Value outputs (Vibrate, Rotate, Oscillate, …): round up, with a near-zero cutoff. */
export function valueSteps(stepCount: number, f: number): number {
  if (f < NEAR_ZERO) return 0;
  return Math.ceil(stepCount * f);
}

/** ScalarCmd Position: round up, no cutoff (0 still maps to the range start). */
export function positionSteps(stepCount: number, f: number): number {
  return Math.ceil(stepCount * f);
}

/** LinearCmd → HwPositionWithDuration: round toward zero. */
export function linearSteps(stepCount: number, f: number): number {
  return Math.trunc(stepCount * f);
}
