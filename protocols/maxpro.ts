/**
 * MaxPro: a ten-byte packet on tx carrying the speed twice and, last, the 8-bit sum of the
 * bytes before it (reference: maxpro).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'maxpro';

export function maxProPacket(speed: number): number[] {
  const value = toByte(NAME, speed);
  const body = [0x55, 0x04, 0x07, 0xff, 0xff, 0x3f, value, 0x5f, value];
  return [...body, body.reduce((sum, byte) => (sum + byte) & 0xff, 0)];
}

export const protocol = featurePacketProtocol(NAME, {
  encode(command) {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return maxProPacket(command.value);
  },
});
