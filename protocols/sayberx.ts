/**
 * SayberX: built from the stpihkal documentation (protocols/sayberx), not in the reference's code.
 * The stroker takes AT-style ASCII on tx, `AT+SPD<nn>` with nn the speed step (0–4) times ten,
 * "00" to "40". Its input ring, the X-Ring, advertises "X-Ring <serial>" and is identified as
 * "X-Ring" so it gets its own configuration; the config gives it no features, so its rx reports
 * are not read here.
 *
 * Left open by the documentation: whether tx is written with or without response (without is
 * used here, as for the other ASCII protocols), and whether the device needs any setup at
 * connect (none is sent).
 */
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import { createFeaturePacketHandler } from './kit/feature-packet.ts';
import { ascii, unsupportedOutput } from './kit/values.ts';

const NAME = 'sayberx';
const MAX_STEP = 4;
const X_RING = 'X-Ring';

/** `AT+SPD00` … `AT+SPD40`. */
export function sayberXSpeedCommand(step: number): string {
  if (!Number.isInteger(step) || step < 0 || step > MAX_STEP) {
    throw deviceError(`${NAME}: speed step ${step} is outside 0–${MAX_STEP}`);
  }
  return `AT+SPD${step}0`;
}

/** "X-Ring 0F313B" → "X-Ring"; any other name is its own identifier. */
export function sayberXIdentifier(name: string): string {
  return name === X_RING || name.startsWith(`${X_RING} `) ? X_RING : name;
}

export const protocol = defineProtocol({
  name: NAME,
  identify: async ({ candidate }) => sayberXIdentifier(candidate.name),
  async initialize() {
    return createFeaturePacketHandler({
      encode(command) {
        if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
        return [...ascii(sayberXSpeedCommand(command.value))];
      },
    });
  },
});
