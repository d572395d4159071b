/**
 * Adrien Lastic: the text `MotorValue:<speed, two digits at least>;` on tx, written with
 * response (reference: adrienlastic).
 */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { ascii, unsupportedOutput } from './kit/values.ts';

const NAME = 'adrienlastic';

export function adrienLasticCommand(speed: number): string {
  return `MotorValue:${String(speed).padStart(2, '0')};`;
}

export const protocol = featurePacketProtocol(NAME, {
  withResponse: true,
  encode: (command) => {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return [...ascii(adrienLasticCommand(command.value))];
  },
});
