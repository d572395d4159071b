/**
 * Kiiroo v2 (Fleshlight Launch, Onyx 2): `[position, speed]` on tx, where the speed is derived
 * from the distance since the previous position and the requested duration. Like the reference,
 * the speed byte saturates at 255 and is not clamped to the device's 0–99 (a full stroke in
 * 100 ms gives 219).
 */
import { defineProtocol } from './kit/define.ts';
import { launchSpeed } from './kit/launch-speed.ts';
import { sendInitWrites } from './kit/packet-table.ts';
import { createStrokeHandler } from './kit/stroke-handler.ts';
import type { ProtocolHandler } from './kit/types.ts';
import { saturatingByte } from './kit/values.ts';

const NAME = 'kiiroo-v2';
const MAX_POSITION = 99;

/** The speed byte for moving from `previous` to `position` (0–99) in `durationMs`. */
export function kiirooV2SpeedByte(previous: number, position: number, durationMs: number): number {
  const distance = Math.abs(previous - position) / MAX_POSITION;
  return saturatingByte(launchSpeed(distance, durationMs) * MAX_POSITION);
}

function createKiirooV2Handler(): ProtocolHandler {
  return createStrokeHandler(NAME, {
    encode: (from, to, durationMs) => Uint8Array.of(to, kiirooV2SpeedByte(from, to, durationMs)),
    withResponse: false,
  });
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware }) {
    // Puts the Launch into command mode.
    await sendInitWrites(hardware, [{ endpoint: 'firmware', data: [0x00], withResponse: true }]);
    return createKiirooV2Handler();
  },
});
