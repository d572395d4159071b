/**
 * Je Joue: one `[pattern, speed]` packet for both motors. The device has a single speed, so the
 * first motor's speed wins; the pattern says which motors run: 1 both (also sent when all is
 * off), 2 the first only, 3 the second only (reference: jejoue).
 */
import { devicePacketProtocol } from './kit/device-packet.ts';
import { toByte } from './kit/values.ts';

const NAME = 'jejoue';
const PATTERN = { both: 1, first: 2, second: 3 } as const;

/** The packet for the two motor speeds. */
export function jejouePacket(first: number, second: number): [number, number] {
  if (first > 0) return [PATTERN.first, toByte(NAME, first)];
  if (second > 0) return [PATTERN.second, toByte(NAME, second)];
  return [PATTERN.both, 0];
}

export const protocol = devicePacketProtocol(NAME, {
  outputs: ['Vibrate'],
  slots: 2,
  encode: ([first, second]) => jejouePacket(first, second),
});
