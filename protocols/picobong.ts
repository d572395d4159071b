/** Picobong: `01 mode speed` on tx, mode 0x01 while running and 0xFF for off (reference: picobong). */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'picobong';
const MODE_RUN = 0x01;
const MODE_OFF = 0xff;

export function picobongPacket(speed: number): number[] {
  return [0x01, speed === 0 ? MODE_OFF : MODE_RUN, toByte(NAME, speed)];
}

export const protocol = featurePacketProtocol(NAME, {
  encode(command) {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return picobongPacket(command.value);
  },
});
