/** Svakom Pulse and its siblings: the device counts speeds from 1, so 0 is sent as 1 (reference: svakom_pulse). */
import { perFeature, runningFlag, SVAKOM_PREFIX, svakomProtocol } from './families/svakom.ts';

export const protocol = svakomProtocol(
  'svakom-pulse',
  perFeature({ Vibrate: (speed) => [SVAKOM_PREFIX, 0x03, 0x03, 0x00, runningFlag(speed), speed + 1] }),
);
