/**
 * ManNuo: `AA 55 06 01 01 01 <speed> FA` and an XOR of those eight bytes, on tx with response
 * (reference: mannuo).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'mannuo';

export function manNuoPacket(speed: number): number[] {
  const body = [0xaa, 0x55, 0x06, 0x01, 0x01, 0x01, toByte(NAME, speed), 0xfa];
  return [...body, body.reduce((check, byte) => check ^ byte, 0)];
}

export const protocol = featurePacketProtocol(NAME, {
  withResponse: true,
  encode(command) {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return manNuoPacket(command.value);
  },
});
