/**
 * Love Nuts: `EVOL`, the 4-bit speed in both nibbles of ten bytes, then `00 FF`, on tx
 * (reference: lovenuts).
 */
import { deviceError } from '../src/errors.ts';
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { ascii, unsupportedOutput } from './kit/values.ts';

const NAME = 'lovenuts';
const MAGIC = [...ascii('EVOL')];
const SPEED_BYTES = 10;

export function loveNutsPacket(speed: number): number[] {
  if (speed > 0x0f) throw deviceError(`${NAME}: speed ${speed} does not fit in 4 bits`);
  return [...MAGIC, ...new Array<number>(SPEED_BYTES).fill((speed << 4) | speed), 0x00, 0xff];
}

export const protocol = featurePacketProtocol(NAME, {
  encode(command) {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return loveNutsPacket(command.value);
  },
});
