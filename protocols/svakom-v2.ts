/**
 * Svakom v2 (Viviana, Edeny, Vick Neo, …): written with response; feature 1, where a model has
 * one, uses the 0x06 packet with the speed twice (reference: svakom_v2).
 */
import { perFeature, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-v2',
  perFeature({
    Vibrate: (speed, featureIndex) =>
      featureIndex === 1
        ? [SVAKOM_PREFIX, 0x06, 0x01, 0x00, speed, speed]
        : [SVAKOM_PREFIX, 0x03, 0x03, 0x00, runningFlag(speed), speed],
  }),
  { withResponse: true },
);
