/**
 * ServeU: `01 position speed` on tx, where the speed byte follows from how many position units
 * (0–100) per second the move needs, through the device's piecewise speed table (reference: serveu).
 */
import { defineProtocol } from './kit/define.ts';
import { createStrokeHandler } from './kit/stroke-handler.ts';

const NAME = 'serveu';
const MAX_SPEED = 0xfa;

/** Speed byte for a move of `distance` units in `durationMs`: 0 for no move, 0xFA at ≥ 2000 units/s. */
export function serveUSpeed(distance: number, durationMs: number): number {
  // Not moving is a stop, also for a 0 ms move (the reference's 0/0 gives NaN, hence full speed).
  if (distance === 0) return 0;
  const unitsPerSecond = Math.ceil(distance / (durationMs / 1000));
  if (unitsPerSecond <= 50) return Math.ceil(unitsPerSecond / 2);
  if (unitsPerSecond <= 750) return Math.ceil((unitsPerSecond - 50) / 4) + 25;
  if (unitsPerSecond <= 2000) return Math.ceil((unitsPerSecond - 750) / 25) + 200;
  return MAX_SPEED;
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize() {
    return createStrokeHandler(NAME, {
      encode: (from, to, durationMs) => Uint8Array.of(0x01, to, serveUSpeed(Math.abs(to - from), durationMs)),
      withResponse: false,
    });
  },
});
