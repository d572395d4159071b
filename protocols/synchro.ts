/**
 * Synchro: one rotation packet on tx, the speed in bits 0–6 and bit 7 set for counter-clockwise
 * (the opposite of the kit's sign-magnitude byte) (reference: synchro).
 */
import { deviceError } from '../src/errors.ts';
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'synchro';
const COUNTER_CLOCKWISE = 0x80;

/** Magnitude in bits 0–6, bit 7 set when the value is negative (counter-clockwise). */
export function synchroSpeedByte(value: number): number {
  const magnitude = Math.abs(value);
  if (!Number.isInteger(value) || magnitude > 0x7f) throw deviceError(`${NAME}: speed ${value} does not fit in 7 bits`);
  return magnitude | (value < 0 ? COUNTER_CLOCKWISE : 0);
}

export const protocol = featurePacketProtocol(NAME, {
  encode(command) {
    if (command.output !== 'Rotate') throw unsupportedOutput(NAME, command);
    return [0xa1, 0x01, synchroSpeedByte(command.value), 0x77, 0x55];
  },
});
