/**
 * HTK breast massager: two on/off motors (left, right) driven by one mode byte on tx:
 * 11 both, 12 left only, 13 right only, 15 off (reference: htk_bm).
 */
import { devicePacketProtocol } from './kit/device-packet.ts';

const MODE = { both: 11, left: 12, right: 13, off: 15 } as const;

export function htkBmMode(left: number, right: number): number {
  if (left !== 0 && right !== 0) return MODE.both;
  if (left !== 0) return MODE.left;
  if (right !== 0) return MODE.right;
  return MODE.off;
}

export const protocol = devicePacketProtocol('htk_bm', {
  outputs: ['Vibrate'],
  slots: 2,
  encode: ([left, right]) => [htkBmMode(left, right)],
});
