/**
 * The Fleshlight Launch speed model shared by Kiiroo v2 strokers: how fast (0–1) the stroker must
 * move to cover a distance (0–1 of its travel) in a duration (ms). Empirical constants from the
 * reference's fleshlight_launch_helper.
 */
export function launchSpeed(distance: number, durationMs: number): number {
  if (distance < 0) return 0;
  const clamped = Math.min(distance, 1);
  // With distance 0 the base is infinite (or NaN for 0 ms), which the power maps to 0 (or NaN).
  return 250 * Math.pow((durationMs * 90) / (clamped * 100), -1.05);
}
