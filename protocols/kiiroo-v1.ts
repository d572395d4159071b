/**
 * Kiiroo v1 (Onyx 1, Pearl 1): the level 0–4 as ASCII, then a comma and a newline (`3,\n`) on tx.
 * The Pearl vibrates at that level, the Onyx moves its pressure rings to that position. Built from
 * the stpihkal documentation (protocols/kiiroo/kiiroo-onyx-pearl-1.md), not in the reference's code.
 * The document leaves open whether writes want a response (sent without, like the other ASCII
 * protocols) and has no speed for the Onyx, so a move's duration is not sent.
 */
import { deviceError } from '../src/errors.ts';
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { ascii, unsupportedOutput } from './kit/values.ts';

const NAME = 'kiiroo-v1';
const MAX_LEVEL = 4;

export function kiirooV1Packet(level: number): Uint8Array {
  if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
    throw deviceError(`${NAME}: level ${level} is outside 0–${MAX_LEVEL}`);
  }
  return ascii(`${level},\n`);
}

export const protocol = featurePacketProtocol(NAME, {
  encode: (command) => {
    if (command.output !== 'Vibrate' && command.output !== 'HwPositionWithDuration') throw unsupportedOutput(NAME, command);
    return [...kiirooV1Packet(command.value)];
  },
});
