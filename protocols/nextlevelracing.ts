/**
 * Next Level Racing HF8 haptic gaming pad (serial): each pad zone gets `M<zone><speed>\r` in
 * ASCII, both numbers in decimal without padding (reference: nextlevelracing).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { ascii, unsupportedOutput } from './kit/values.ts';

const NAME = 'nextlevelracing';

export function nextLevelRacingCommand(zone: number, speed: number): string {
  return `M${zone}${speed}\r`;
}

export const protocol = featurePacketProtocol(NAME, {
  encode(command) {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return [...ascii(nextLevelRacingCommand(command.featureIndex, command.value))];
  },
});
