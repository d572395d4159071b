/**
 * LiBo Shark (inflating rabbit): one byte on tx for the whole toy, the vibrator's level in the
 * high nibble and the inflation's in the low one (reference: libo_shark). A level that does not
 * fit its nibble is refused rather than spilling into the other.
 */
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand } from './kit/types.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'libo-shark';
const COMMAND_ID = `${NAME}:device`;

function nibble(level: number): number {
  if (level > 0x0f) throw deviceError(`${NAME}: level ${level} does not fit in 4 bits`);
  return level;
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize() {
    const levels = [0, 0];
    return {
      keepalive: { kind: 'none' },
      output(command): HardwareCommand[] {
        if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
        if (command.featureIndex > 1) throw deviceError(`${NAME}: feature ${command.featureIndex} is not one of the two motors`);
        levels[command.featureIndex] = nibble(command.value);
        const data = Uint8Array.of((levels[0] << 4) | levels[1]);
        return [{ kind: 'write', endpoint: 'tx', data, withResponse: false, commandId: COMMAND_ID }];
      },
    };
  },
});
