/**
 * Svakom v3 (Phoenix Neo 2, Hannes Neo, Alberta, Fantasy Cup Theodore): feature 0 vibrates with
 * the 0x03 packet, other vibrators with 0x09, rotation with 0x08 (reference: svakom_v3).
 */
import { perFeature, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-v3',
  perFeature({
    Vibrate: (speed, featureIndex) =>
      featureIndex === 0
        ? [SVAKOM_PREFIX, 0x03, 0x03, 0x00, runningFlag(speed), speed]
        : [SVAKOM_PREFIX, 0x09, 0x00, 0x00, runningFlag(speed), speed],
    // No direction byte: a counter-clockwise speed is sent as its magnitude (the reference's
    // `as u8` would turn -1 into 0xFF, full speed).
    Rotate: (speed) => [SVAKOM_PREFIX, 0x08, 0x00, 0x00, Math.abs(speed), 0xff],
  }),
);
