/**
 * MyMuse Link Plus: one 8-byte packet on tx per speed; zero has its own off packet
 * (reference: mymuselinkplus).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'mymuselinkplus';
const HEADER = [0xaa, 0x55, 0x06];
const OFF = [...HEADER, 0xaa, 0x00, 0x00, 0x00, 0x00];

export function myMuseLinkPlusPacket(speed: number): number[] {
  return speed === 0 ? OFF : [...HEADER, 0x01, 0x01, 0x01, toByte(NAME, speed), 0xff];
}

export const protocol = featurePacketProtocol(NAME, {
  encode(command) {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return myMuseLinkPlusPacket(command.value);
  },
});
