/**
 * Kizuna Smart (serial): the rotation speed as one ASCII digit ('0'–'9') followed by CR LF
 * (reference: kizuna). The device takes no direction; the reference adds a negative (counter-
 * clockwise) speed to '0' as a wrapping byte, which overflows, so the magnitude is sent instead.
 */
import { deviceError } from '../src/errors.ts';
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'kizuna';
const ZERO = 0x30;
const MAX_SPEED = 9;

export function kizunaPacket(speed: number): Uint8Array {
  const magnitude = Math.abs(speed);
  if (!Number.isInteger(magnitude) || magnitude > MAX_SPEED) {
    throw deviceError(`${NAME}: speed ${speed} is not a single digit`);
  }
  return Uint8Array.of(ZERO + magnitude, 0x0d, 0x0a);
}

export const protocol = featurePacketProtocol(NAME, {
  encode: (command) => {
    if (command.output !== 'Rotate') throw unsupportedOutput(NAME, command);
    return [...kizunaPacket(command.value)];
  },
});
