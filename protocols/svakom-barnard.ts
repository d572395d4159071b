/** Fantasy Cup Barnard: vibrate (0x03) and oscillate (0x08) packets, speed before the running flag (reference: svakom_barnard). */
import { perFeature, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-barnard',
  perFeature({
    Vibrate: (speed) => [SVAKOM_PREFIX, 0x03, 0x00, 0x00, speed, runningFlag(speed)],
    Oscillate: (speed) => [SVAKOM_PREFIX, 0x08, 0x00, 0x00, speed, runningFlag(speed, 0xff)],
  }),
);
