/**
 * Svakom Sam Neo: vibrate and suction packets starting 0x12. Units with a txmode or firmware
 * endpoint take a running flag of 0x04; others a fixed 0x05. The device wants rx subscribed
 * at connect (reference: svakom_sam).
 */
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { perFeature, runningFlag, svakomProtocol } from './families/svakom.ts';

const SAM = 0x12;

/** The reference's "gen2" test; it also files firmware-only units (one vibration speed) under it. */
export function hasRunningFlag(hardware: Hardware): boolean {
  return hardware.endpoints.includes('txmode') || hardware.endpoints.includes('firmware');
}

export const protocol = svakomProtocol('svakom-sam', async (context) => {
  if (!context.hardware.endpoints.includes('rx')) {
    throw deviceError(`svakom-sam: ${context.hardware.name} has no rx endpoint to subscribe at connect`);
  }
  await context.hardware.subscribe('rx');
  const flagged = hasRunningFlag(context.hardware);
  return perFeature({
    Vibrate: (speed) => [SAM, 0x01, 0x03, 0x00, flagged ? runningFlag(speed, 0x04) : 0x05, speed],
    Constrict: (level) => [SAM, 0x06, 0x01, level],
  })(context);
});
