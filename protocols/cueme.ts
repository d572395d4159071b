/**
 * Cueme vibrating underwear, built from the stpihkal documentation (protocols/cueme), not in
 * the reference's code. The advertised name is `FUNCODE_<reversed MAC>_<type>`; the type digit
 * (1 men's, 2 bra, 3 women's) picks the configuration. Each motor is driven with one byte on tx
 * (MotorCtl, fff1): the motor id 1–8 in the high nibble, the strength 0–15 in the low nibble.
 *
 * Left open by the documentation, chosen here and not confirmed on a device:
 * - which motor id a feature is: feature index + 1;
 * - with or without response: with (the characteristic is listed with the `write` property only);
 * - whether several motors may run at once: each motor gets its own byte, as the document shows.
 * The AutoMode patterns (fff4) and the battery (fff3) are not endpoints in the device config.
 */
import { defineProtocol } from './kit/define.ts';
import { createFeaturePacketHandler } from './kit/feature-packet.ts';
import { unsupportedOutput } from './kit/values.ts';
import { deviceError } from '../src/errors.ts';

const NAME = 'cueme';
const MAX_MOTORS = 8;
const MAX_STRENGTH = 0x0f;
const NAME_PATTERN = /^FUNCODE_[^_]*_(\d+)$/;

/** The garment type from the advertised name, or undefined (the protocol defaults apply). */
export function cuemeTypeFromName(name: string): string | undefined {
  return NAME_PATTERN.exec(name)?.[1];
}

/** The MotorCtl byte for feature `featureIndex` at `strength`. */
export function cuemeMotorByte(featureIndex: number, strength: number): number {
  if (!Number.isInteger(featureIndex) || featureIndex < 0 || featureIndex >= MAX_MOTORS) {
    throw deviceError(`${NAME}: feature ${featureIndex} has no motor id (ids 1–${MAX_MOTORS})`);
  }
  if (!Number.isInteger(strength) || strength < 0 || strength > MAX_STRENGTH) {
    throw deviceError(`${NAME}: strength ${strength} does not fit in 4 bits`);
  }
  return ((featureIndex + 1) << 4) | strength;
}

export const protocol = defineProtocol({
  name: NAME,
  identify: async ({ candidate }) => cuemeTypeFromName(candidate.name),
  async initialize() {
    return createFeaturePacketHandler({
      withResponse: true,
      encode: (command) => {
        if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
        return [cuemeMotorByte(command.featureIndex, command.value)];
      },
    });
  },
});
