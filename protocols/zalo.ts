/**
 * Zalo: both motors' speeds in one 3-byte packet with response on tx: a mode byte (2 when both
 * are off, else 1), then each speed, where 0 is sent as 1 (reference: zalo). Single-motor models
 * leave the second speed at 0.
 */
import { devicePacketProtocol } from './kit/device-packet.ts';
import { toByte } from './kit/values.ts';

const NAME = 'zalo';
const MODE_ON = 0x01;
const MODE_OFF = 0x02;

export function zaloPacket(first: number, second: number): number[] {
  const mode = first === 0 && second === 0 ? MODE_OFF : MODE_ON;
  // Like the reference, a speed byte is never 0: an off motor goes as 1 and the mode byte says off.
  return [mode, toByte(NAME, first) || 1, toByte(NAME, second) || 1];
}

export const protocol = devicePacketProtocol(NAME, {
  outputs: ['Vibrate'],
  slots: 2,
  encode: ([first, second]) => zaloPacket(first, second),
  withResponse: true,
});
