/**
 * Kiiroo ProWand (and Luxus): `00 00 64 <on> <speed> <speed>` on tx, where the on byte is ff
 * while the wand runs and 00 to stop it (reference: kiiroo_prowand).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'kiiroo-prowand';

export function kiirooProWandPacket(speed: number): Uint8Array {
  const byte = toByte(NAME, speed);
  return Uint8Array.of(0x00, 0x00, 0x64, byte === 0 ? 0x00 : 0xff, byte, byte);
}

export const protocol = featurePacketProtocol(NAME, {
  encode: (command) => {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return [...kiirooProWandPacket(command.value)];
  },
});
