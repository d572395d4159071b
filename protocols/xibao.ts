/**
 * Xibao masturbation cup: a fixed 11-byte header, the oscillation speed and a checksum byte
 * (speed + 0xB5, wrapping) on tx, without response (reference: xibao).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'xibao';
const HEADER = [0x66, 0x3a, 0x00, 0x06, 0x00, 0x06, 0x01, 0x02, 0x00, 0x02, 0x04];
const CHECKSUM_OFFSET = 0xb5;

export function xibaoPacket(speed: number): number[] {
  const byte = toByte(NAME, speed);
  return [...HEADER, byte, (byte + CHECKSUM_OFFSET) & 0xff];
}

export const protocol = featurePacketProtocol(NAME, {
  encode: (command) => {
    if (command.output !== 'Oscillate') throw unsupportedOutput(NAME, command);
    return xibaoPacket(command.value);
  },
});
